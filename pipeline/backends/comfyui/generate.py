"""GPU generation on ComfyUI servers: the one place where each kind is generated on
the comfyui backend (the counterpart of pipeline/backends/procedural/<kind>.py).

Each kind is split into parts, each part made by one or two GPU jobs and finished
on the CPU:

| kind | parts | jobs (workflow, server role) | CPU finish |
|---|---|---|---|
| material | 1 | material_basecolor_sdxl (material) [→ material_chord (material) with settings.gpu.chord] | image_postprocess.finish_material: 5 tileable maps [finish_chord_maps] |
| terrain, unit, building, wonder, resource | 1 | mesh_reference_sdxl (image) → mesh_hunyuan3d (mesh) | mesh_postprocess.finish_mesh |
| portrait | 5 (full_1..3, bust, icon) | portrait_sdxl (image) [full_*: portrait_sdxl_controlnet with settings.gpu.portrait_pose] | image_postprocess.finish_image |
| icon | 1 (every size) | icon_sdxl (image) | image_postprocess.finish_icon |

Attempts, per part (the plan's contingencies): 1 = the asset's seed and prompt;
2 = the next seed; 3 = the seed after and the simplified prompt (the catalog's
`fallback_prompt`, else the prompt without the style suffix). An attempt fails
on an execution error, an invalid output, a CPU finish that cannot use the
output, or the kind's quality gate (`pipeline/gates/<gate>.check_output`);
after three the task fails with every attempt's reason and doit goes on with
the rest (the comfyui backend runs with `--continue`). Transient server trouble
is not an attempt: the pool retries it and moves the job to another server.
Every job's output stays in the cache under its request, so a rerun, or an
attempt that must be redone after a CPU change, pays no GPU time again.
"""
from __future__ import annotations

import importlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from doit.exceptions import TaskFailed

from pipeline import fsutil, stamps
from pipeline.gltf_validator import ValidatorUnavailable
from pipeline.backends.comfyui import jobs, upstream_files
from pipeline.backends.comfyui.client import ConfigError, ExecutionError, InvalidOutput, RequestRejected
from pipeline.backends.comfyui.pool import BudgetExceeded, NoServer, ServerPool
from pipeline.backends.comfyui.servers import ServerConfigError, load_servers
from pipeline.backends.comfyui.workflows import WorkflowError
from pipeline.image_postprocess import (ImagePostprocessError, finish_chord_maps, finish_icon, finish_image,
                                       finish_material)
from pipeline.mesh_postprocess import MeshPostprocessError, finish_mesh

ATTEMPTS = 3
SDXL_SIZES = {(512, 768): (832, 1216), (512, 512): (1024, 1024), (128, 128): (1024, 1024)}  # SDXL's native sizes
#: the gate module whose check_output judges each kind's files, and its name for each target role
GATES = {"material": ("pipeline.gates.materials", None), "portrait": ("pipeline.gates.portraits", None),
         **{kind: ("pipeline.gates.meshes", {"file": "mesh"})
            for kind in ("terrain", "unit", "building", "wonder", "resource")}}
#: reasons to try again with the next seed; anything else (configuration, budget, no server) stops the task
ATTEMPT_FAILURES = (ExecutionError, InvalidOutput, ImagePostprocessError, MeshPostprocessError)
STOP_FAILURES = (ConfigError, ServerConfigError, RequestRejected, WorkflowError, BudgetExceeded, NoServer,
                 ValidatorUnavailable)


@dataclass(frozen=True)
class Part:
    """Some of an output's files, made together: `make(attempt)` -> {target role: bytes}."""
    name: str
    make: Callable[[int], dict]


class Runner:
    """What the generators need from the pool: run one job for the task, return its files."""

    def __init__(self, pool: ServerPool, task: str) -> None:
        self.pool, self.task = pool, task

    def __call__(self, workflow: str, role: str, values: dict, uploads: dict | None = None) -> list[bytes]:
        return self.pool.run(jobs.Job(workflow, role, values, uploads or {}, self.task)).files


def seed_and_prompt(spec: dict, attempt: int, offset: int = 0) -> tuple[int, str]:
    """Attempt 1: the asset's seed and prompt; 2: the next seed; 3: the seed after and the simple prompt."""
    prompt = spec["prompt"] if attempt < ATTEMPTS else spec["fallback_prompt"]
    return (spec["seed"] + offset + attempt - 1) % 2**64, prompt


# --- the kinds ---------------------------------------------------------------

def material_parts(spec: dict, run: Runner) -> list[Part]:
    def make(attempt):
        seed, prompt = seed_and_prompt(spec, attempt)
        [basecolor] = run("material_basecolor_sdxl", "material",
                          {"prompt": prompt, "negative": spec["negative"], "seed": seed, "width": 1024, "height": 1024})
        if spec.get("chord"):  # settings.gpu.chord: the other maps estimated by CHORD from the basecolor
            return finish_chord_maps(run("material_chord", "material", {}, {"basecolor_image": basecolor}), spec)
        return finish_material(basecolor, spec)
    return [Part("maps", make)]


def mesh_parts(spec: dict, run: Runner) -> list[Part]:
    def make(attempt):
        seed, prompt = seed_and_prompt(spec, attempt)
        [reference] = run("mesh_reference_sdxl", "image",
                          {"prompt": prompt, "negative": spec["negative"], "seed": seed, "width": 1024, "height": 1024})
        [raw] = run("mesh_hunyuan3d", "mesh", {"seed": seed}, {"reference_image": reference})
        return {"file": finish_mesh(raw, spec)}
    return [Part("mesh", make)]


def portrait_prompt(spec: dict, role: str, prompt: str) -> str:
    """The leader's prompt, dressed for one image: three settings, a bust, a face icon."""
    person = ", ".join(p for p in (prompt, spec.get("clothing", ""), spec.get("features", "")) if p)
    if role.startswith("full_"):
        background = spec["backgrounds"][int(role[-1]) - 1]
        return f"{person}, three-quarter length figure, {background}"
    if role == "bust":
        return f"{person}, head and shoulders bust, neutral painted backdrop"
    return f"{person}, close-up of the face, plain backdrop"


def portrait_parts(spec: dict, run: Runner) -> list[Part]:
    def part(index: int, role: str) -> Part:
        def make(attempt):
            seed, prompt = seed_and_prompt(spec, attempt, offset=1000 * index)
            size = tuple(spec["sizes"][role])
            width, height = SDXL_SIZES.get(size, (1024, 1024))
            values = {"prompt": portrait_prompt(spec, role, prompt), "negative": spec["negative"], "seed": seed,
                      "width": width, "height": height}
            if spec.get("pose_reference") and role.startswith("full_"):  # settings.gpu.portrait_pose
                values["strength"] = spec["pose_reference"]["strength"]
                [image] = run("portrait_sdxl_controlnet", "image", values, {"pose_image": pose_image})
            else:
                [image] = run("portrait_sdxl", "image", values)
            return {role: finish_image(image, size)}
        return Part(role, make)
    pose_image = Path(spec["pose_reference"]["image"]).read_bytes() if spec.get("pose_reference") else None
    return [part(index, role) for index, role in enumerate(spec["sizes"])]


def icon_parts(spec: dict, run: Runner) -> list[Part]:
    def make(attempt):
        seed, prompt = seed_and_prompt(spec, attempt)
        [image] = run("icon_sdxl", "image",
                      {"prompt": prompt, "negative": spec["negative"], "seed": seed, "width": 1024, "height": 1024})
        return finish_icon(image, spec["sizes"], spec)
    return [Part("icon", make)]


PARTS = {"material": material_parts, "portrait": portrait_parts, "icon": icon_parts,
         **{kind: mesh_parts for kind in ("terrain", "unit", "building", "wonder", "resource")}}


# --- the doit action -----------------------------------------------------------

_POOL: ServerPool | None = None


def pool() -> ServerPool:
    """One pool per worker process, from the server configuration (BACKBAY_SERVERS)."""
    global _POOL
    if _POOL is None:
        _POOL = ServerPool(load_servers())
    return _POOL


def build_output(task_name: str, kind: str, spec: dict, targets: dict[str, str], stamp: str,
                 digest: str, digests: dict):
    """Make one output on the GPU servers, check it, write its files atomically, then its stamp."""
    try:
        runner = Runner(pool(), task_name)
        # input files, recorded before they are read: one that changes meanwhile leaves the task stale
        upstream = {path: stamps.file_record(path) for path in upstream_files(spec)}
    except STOP_FAILURES as error:
        return TaskFailed(f"{task_name}: {error}")
    except FileNotFoundError as error:
        return TaskFailed(f"{task_name}: {error.filename} not found — settings.gpu.portrait_pose.image in the "
                          f"catalog names it (a path relative to the catalog)")
    files, failures = {}, []
    for part in PARTS[kind](spec, runner):
        made, reasons = make_part(task_name, kind, spec, part, targets)
        if made is None:
            failures.append(f"{part.name}: " + " | ".join(reasons))
            if reasons and reasons[-1].startswith("stopped"):
                break
        else:
            files.update(made)
    if failures:
        message = f"{task_name}: failed — " + "; ".join(failures)
        jobs.ledger_add(task=task_name, role="", server="", prompt_id="", workflow="", outcome="task_failed",
                        gpu_seconds=0.0, usd=0.0, error=message)
        return TaskFailed(message)
    if set(files) != set(targets):
        return TaskFailed(f"{task_name}: the comfyui {kind} generator made {sorted(files)}, expected {sorted(targets)}")
    for role, path in targets.items():
        fsutil.write_if_changed(path, files[role])
    stamps.write_stamp(stamp, digest, digests, spec, list(targets.values()), upstream)
    return None


def make_part(task_name: str, kind: str, spec: dict, part: Part, targets: dict) -> tuple[dict | None, list[str]]:
    """Up to ATTEMPTS tries at one part: (its files, []) or (None, the reason of each try)."""
    reasons = []
    for attempt in range(1, ATTEMPTS + 1):
        try:
            files = part.make(attempt)
        except ATTEMPT_FAILURES as error:
            reasons.append(f"attempt {attempt}: {error}")
            continue
        except STOP_FAILURES as error:
            reasons.append(f"stopped: {error}")
            return None, reasons
        problems = gate_problems(kind, spec, files, targets)
        if not problems:
            return files, reasons
        reasons.append(f"attempt {attempt}: quality gate: " + "; ".join(problems))
    return None, reasons


def gate_problems(kind: str, spec: dict, files: dict, targets: dict) -> list[str]:
    """The kind's gate run on `files` (in a scratch folder: nothing reaches out/ before it passes)."""
    if kind not in GATES:
        return []
    from pipeline.catalog import Output

    module_name, role_names = GATES[kind]
    gate = importlib.import_module(module_name).GATE
    with tempfile.TemporaryDirectory(prefix="backbay-gate-") as scratch:
        paths = {}
        for role, data in files.items():
            path = os.path.join(scratch, role.replace("/", "_") + os.path.splitext(targets[role])[1])
            with open(path, "wb") as handle:
                handle.write(data)
            paths[(role_names or {}).get(role, role)] = path
        output = Output(kind, spec["id"], spec["output"], spec)
        failures = gate.check_output(output, paths, cache_folder=None)
    return [f"{f['check']} = {f['value']} (limit {f['limit']})" for f in failures]
