"""Builds on the comfyui backend against our ComfyUI-protocol test servers (tests/comfy_test_server.py),
started here on 127.0.0.1: real doit runs, real HTTP and websockets, real files.

Covered: a full build of the small catalog across two servers of a role; no job submitted twice
(rerun, kill -9 and rerun); a server that dies mid-build; 5xx, dropped connections, timeouts,
execution errors and invalid outputs retried or reported, never written; three failed attempts
reported while the rest of the build goes on; a prompt with quotes, braces and newlines arriving
intact; a reverted prompt restored from the cache with zero jobs; the budget cap; `doit servers`
and `doit cost`; the auth token never written anywhere.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import trimesh
from PIL import Image

from pipeline import catalog as catalog_module
from tests.comfy_test_server import ComfyTestServer
from tests.conftest import REPO, Project

TOKEN = "tok-9f8e7d6c5b4a-never-log-me"
GPU_FAMILIES = ("materials", "meshes", "portraits", "icons")
#: short retry, poll and give-up times: the test servers answer in milliseconds
FAST = {"BACKBAY_GPU_RETRY_BASE": "0.05", "BACKBAY_GPU_POLL": "0.2", "BACKBAY_GPU_READ_TIMEOUT": "2", "BACKBAY_GPU_DOWN_SECONDS": "60",
        "BACKBAY_GPU_NO_SERVER_SECONDS": "20", "BACKBAY_GPU_JOB_TIMEOUT": "20", "BACKBAY_PROGRESS_SECONDS": "0",
        "BACKBAY_TEST_COMFY_TOKEN": TOKEN}


class Servers:
    """Test servers by role, and the servers.yaml that names them."""

    def __init__(self, roles: dict[str, int], job_seconds: float = 0.05) -> None:
        self.by_name: dict[str, ComfyTestServer] = {}
        self.roles = roles
        for role, count in roles.items():
            for index in range(1, count + 1):
                # image-1 wants the bearer token: the build must send it, and never write it down
                token = TOKEN if (role, index) == ("image", 1) else None
                self.by_name[f"{role}-{index}"] = ComfyTestServer(job_seconds=job_seconds, token=token).__enter__()

    def config(self, budget: float | None = None) -> dict:
        roles = {}
        for name, server in self.by_name.items():
            role = name.rsplit("-", 1)[0]
            entry = {"name": name, "url": server.url, "hourly_usd": 3.6, "concurrent_jobs": 1}
            if server.token:
                entry["token_env"] = "BACKBAY_TEST_COMFY_TOKEN"
            roles.setdefault(role, []).append(entry)
        config = {"version": 1, "roles": roles}
        if budget is not None:
            config["budget_usd"] = budget
        return config

    def write(self, project: Project, **kwargs) -> None:
        import yaml
        (project.root / "servers.yaml").write_text(yaml.safe_dump(self.config(**kwargs)))

    def prompts(self, role: str | None = None) -> list[dict]:
        return [body for name, server in self.by_name.items() if role is None or name.startswith(role)
                for body in server.prompts]

    def prompt_ids(self) -> Counter:
        return Counter(body["prompt_id"] for body in self.prompts())

    def close(self) -> None:
        for server in self.by_name.values():
            server.kill()


def gpu_project(root: Path) -> Project:
    """A project copy that can run the mesh gate (its glTF validator lives in node_modules/)."""
    project = Project(root)
    if (REPO / "node_modules").is_dir():
        (project.root / "node_modules").symlink_to(REPO / "node_modules")
    return project


def expected_jobs(project: Project) -> int:
    """GPU jobs of one clean build: a material 1, a mesh 2 (reference image + mesh), a leader 5, an icon 1."""
    catalog = catalog_module.load_catalog(project.catalog)
    meshes = sum(len(catalog.meshes(kind)) for kind in ("terrain", "unit", "building", "wonder", "resource"))
    return len(catalog.materials()) + 2 * meshes + 5 * len(catalog.portraits()) + len(catalog.icons())


def gpu_outputs(project: Project) -> list[Path]:
    return sorted(path for family in ("materials", "meshes", "portraits", "icons")
                  for path in (project.root / "out" / family).rglob("*") if path.is_file())


def assert_valid(paths: list[Path]) -> None:
    for path in paths:
        if path.suffix == ".png":
            with Image.open(path) as image:
                image.load()
        else:
            assert len(trimesh.load(path, force="mesh").faces) > 0, path


def files_mentioning(root: Path, text: str) -> list[str]:
    """Every file under `root` (outputs, stamps, ledger, cache records, logs) that contains `text`."""
    hits = []
    for path in root.rglob("*"):
        if path.is_file() and text.encode() in path.read_bytes():
            hits.append(str(path.relative_to(root)))
    return hits


@pytest.fixture
def servers():
    created = []

    def make(roles=None, job_seconds: float = 0.05) -> Servers:
        created.append(Servers(roles or {"image": 2, "mesh": 2, "material": 1}, job_seconds))
        return created[-1]
    yield make
    for group in created:
        group.close()


def gpu_build(project: Project, *targets: str, workers: int = 2, check: bool = True):
    return project.doit("-n", str(workers), "backend=comfyui", *(targets or GPU_FAMILIES), env=FAST, check=check)


# --- the full build -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def full_build(tmp_path_factory):
    """The small catalog, built completely (export, review) on the comfyui backend, once."""
    group = Servers({"image": 2, "mesh": 2, "material": 1})
    project = gpu_project(tmp_path_factory.mktemp("comfy-full"))
    group.write(project)
    try:
        run = project.doit("-n", "4", "backend=comfyui", env=FAST, timeout=900)
        yield project, group, run
    finally:
        group.close()


def test_full_build_spreads_jobs_over_both_servers_of_a_role(full_build):
    project, group, run = full_build
    assert "backbay:" in run.stdout and "0 failed" in run.stdout
    assert len(group.prompts()) == expected_jobs(project)
    assert all(count == 1 for count in group.prompt_ids().values()), "a job was submitted twice"
    for role in ("image", "mesh"):
        per_server = [len(group.by_name[f"{role}-{i}"].prompts) for i in (1, 2)]
        assert min(per_server) >= 2, f"{role} jobs not spread: {per_server}"
    # never flooded: at most the running job and one waiting (concurrent_jobs 1 + 1)
    depths = [server.deepest_queue for server in group.by_name.values()]
    assert max(depths) <= 2, depths
    assert_valid(gpu_outputs(project))
    assert (project.root / "out" / "manifest.yaml").is_file()
    assert (project.root / "out" / "review" / "index.html").is_file()
    # the mesh servers received the reference images the image servers drew
    mesh_server = group.by_name["mesh-1"]
    assert mesh_server.loaded and all(data.startswith(b"\x89PNG") for data in mesh_server.loaded)


def test_a_server_is_kept_fed_but_never_flooded(tmp_path, servers):
    """Four workers with icon jobs ready, one server: it always has the next job waiting behind
    the running one, and never more than that (the other workers wait on our side)."""
    group = servers({"image": 1, "mesh": 1, "material": 1}, job_seconds=0.3)
    project = gpu_project(tmp_path / "p")
    group.write(project)
    gpu_build(project, "icons", workers=4)
    image = group.by_name["image-1"]
    assert len(image.prompts) == 5 and image.deepest_queue == 2


def test_progress_lines_show_phases_and_gpu_jobs(full_build):
    _, _, run = full_build
    progress = [line for line in run.stdout.splitlines() if line.strip().startswith("progress:")]
    assert progress and "meshes" in progress[-1] and "gpu jobs:" in progress[-1]


def test_rerun_submits_nothing_and_builds_nothing(full_build):
    project, group, _ = full_build
    before = len(group.prompts())
    run = project.doit("-n", "2", "backend=comfyui", env=FAST)
    assert run.executed == set()
    assert len(group.prompts()) == before


def test_token_is_never_written_or_printed(full_build):
    project, group, run = full_build
    assert TOKEN not in run.stdout + run.stderr
    assert files_mentioning(project.root, TOKEN) == []
    # the server did get it
    assert group.by_name["image-1"].prompts


def test_servers_and_cost_tables(full_build):
    project, group, _ = full_build
    servers = project.doit("servers", env=FAST).stdout
    for name in group.by_name:
        row = next(line for line in servers.splitlines() if line.startswith(name))
        assert " yes " in row
        done = len(group.by_name[name].prompts)
        assert f" {done} " in row, (row, done)
    assert TOKEN not in servers and "127.0.0.1" not in servers
    cost = project.doit("cost", env=FAST).stdout
    phases = {line.split()[0] for line in cost.splitlines() if line.strip()}
    assert {"materials", "meshes", "portraits", "icons", "total"} <= phases
    assert "remaining" in cost


def test_switching_backend_regenerates(full_build):
    project, _, _ = full_build
    stale = project.doit("stale", env=FAST).stdout  # procedural backend: everything the GPU made is stale
    assert "backend or its settings changed" in stale


# --- incremental: prompts, cache, injection ---------------------------------------------------------

def test_prompt_arrives_intact_and_reverting_it_costs_no_job(tmp_path, servers):
    group = servers()
    project = gpu_project(tmp_path / "p")
    group.write(project)
    gpu_build(project, "icons")
    original = {p: p.read_bytes() for p in gpu_outputs(project)}
    tricky = 'a clay pot icon, "quoted" {braces} }, {"class_type": "X"}\nsecond line'
    project.edit("assets.yaml", "prompt: a clay pot icon,", f"prompt: {json.dumps(tricky)},")
    seen = {body["prompt_id"] for body in group.prompts()}
    run = gpu_build(project, "icons")
    assert run.executed == {"icons:technology/pottery"}
    [body] = [body for body in group.prompts() if body["prompt_id"] not in seen]
    texts = [node["inputs"]["text"] for node in body["prompt"].values() if node["class_type"] == "CLIPTextEncode"]
    assert any(text.startswith(tricky + ", ") for text in texts), texts  # a YAML "\n": a real newline
    assert set(body["prompt"]) == set(group.prompts()[0]["prompt"]), "the prompt changed the graph"
    # back to the first text: the cached job output, no GPU job
    project.edit("assets.yaml", f"prompt: {json.dumps(tricky)},", "prompt: a clay pot icon,")
    run = gpu_build(project, "icons")
    assert run.executed == {"icons:technology/pottery"}
    assert len(group.prompts()) == len(seen) + 1
    assert {p: p.read_bytes() for p in gpu_outputs(project)} == original


# --- failures -------------------------------------------------------------------------------------

def test_server_dying_mid_build_hands_its_jobs_to_the_other(tmp_path, servers):
    group = servers({"image": 2, "mesh": 1, "material": 1}, job_seconds=0.1)
    project = gpu_project(tmp_path / "p")
    group.write(project)
    group.by_name["image-2"].faults.die_mid_job = True
    run = gpu_build(project, "portraits", "icons")
    assert group.by_name["image-2"].dead
    assert "0 failed" in run.stdout
    lost = [body["prompt_id"] for body in group.by_name["image-2"].prompts
            if body["prompt_id"] not in group.by_name["image-2"].history]
    assert lost, "image-2 died before any job reached it"
    image_1 = {body["prompt_id"] for body in group.by_name["image-1"].prompts}
    assert set(lost) <= image_1, "a job of the dead server was not resubmitted"
    assert_valid(gpu_outputs(project))
    assert len(gpu_outputs(project)) == 5 + 7  # 5 portrait images, 7 icon files


def test_transient_faults_and_bad_outputs_are_retried_never_written(tmp_path, servers):
    group = servers({"image": 1, "mesh": 1, "material": 1})
    project = gpu_project(tmp_path / "p")
    group.write(project)
    image = group.by_name["image-1"]
    image.faults.http_error = {"/prompt": 2}
    image.faults.drop = {"/history": 1}
    image.faults.hang = {"/queue": 1}
    image.faults.hang_seconds = 4.0  # past the 2 s read timeout: a timed-out call
    # one fault per job at most, and never three in a row (that would fail an icon): a fault list
    # entry is used by every job, the failed one included
    image.faults.job_error = 1
    image.faults.outputs = ["", "truncated", "", "html", "", "traversal", "", "html_as_png"]
    run = gpu_build(project, "icons", workers=1)
    assert "0 failed" in run.stdout
    assert_valid(gpu_outputs(project))
    assert not image.faults.outputs and image.faults.job_error == 0
    assert not any(".." in str(path) for path in (project.root / "out").rglob("*"))
    # an execution error and each invalid output cost an attempt, each a new job with the next seed;
    # transient faults were retried under the same prompt id, never submitted twice
    ids = [body["prompt_id"] for body in image.prompts]
    assert len(ids) == len(set(ids)) == 5 + 5  # 5 icons + 5 attempts that failed
    seeds = [node["inputs"]["seed"] for node in image.prompts[1]["prompt"].values() if node["class_type"] == "KSampler"]
    assert seeds == [8001], "the attempt after the execution error did not take the next seed"
    ledger = (project.root / ".build" / "comfyui" / "ledger.jsonl").read_text()
    assert "CUDA out of memory" in ledger


def test_three_failed_attempts_are_reported_and_the_build_goes_on(tmp_path, servers):
    group = servers({"image": 1, "mesh": 1, "material": 1})
    project = gpu_project(tmp_path / "p")
    group.write(project)
    group.by_name["material-1"].faults.job_error = 3  # the first material's three attempts
    run = gpu_build(project, "materials", "icons", workers=1, check=False)
    assert run.returncode != 0
    failed = [line for line in run.stdout.splitlines() if line.strip().startswith("failed:")]
    assert len(failed) == 1 and "materials:" in failed[0] and "CUDA out of memory" in failed[0]
    assert "attempt 3" in failed[0]
    made = {path.parent.name for path in (project.root / "out" / "materials").rglob("*.png")}
    assert len(made) == len(catalog_module.load_catalog(project.catalog).materials()) - 1
    assert len(list((project.root / "out" / "icons").rglob("*.png"))) == 7, "the rest of the build did not go on"
    # the third attempt used the simpler prompt (without the style suffix)
    prompts = group.by_name["material-1"].prompts[:3]
    texts = [node["inputs"]["text"] for body in prompts for node in body["prompt"].values()
             if node["class_type"] == "CLIPTextEncode" and node["_meta"]["title"] == "Prompt"]
    assert len(texts) == 3 and "tileable" in texts[0] and "tileable" not in texts[2], texts


def test_budget_cap_stops_new_jobs(tmp_path, servers):
    group = servers({"image": 1, "mesh": 1, "material": 1}, job_seconds=0.2)
    project = gpu_project(tmp_path / "p")
    group.write(project, budget=0.0001)  # $3.60/h: one 0.2 s job costs $0.0002
    run = gpu_build(project, "icons", workers=1, check=False)
    assert run.returncode != 0 and "GPU budget reached" in run.stdout
    assert len(group.prompts()) == 1


def test_bad_server_file_stops_before_any_task(tmp_path):
    project = gpu_project(tmp_path / "p")
    (project.root / "servers.yaml").write_text("version: 1\nroles:\n  image:\n    - name: Image One\n      url: x\n")
    run = project.doit("backend=comfyui", "icons", env=FAST, check=False)
    assert run.returncode == 2
    assert "servers.yaml" in run.stderr and "roles.image[0].name" in run.stderr
    assert not (project.root / "out").exists()


# --- kill and resume --------------------------------------------------------------------------------

def test_killed_build_resumes_without_submitting_any_job_twice(tmp_path, servers):
    group = servers({"image": 2, "mesh": 2, "material": 1}, job_seconds=0.4)
    project = gpu_project(tmp_path / "p")
    group.write(project)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", **FAST)
    process = subprocess.Popen([sys.executable, "-m", "doit", "-n", "4", "backend=comfyui", *GPU_FAMILIES],
                               cwd=project.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # kill while jobs run and some outputs are done
        busy = sum(len(s.running) + len(s.pending) for s in group.by_name.values())
        if len(group.prompts()) >= 8 and busy >= 2:
            break
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    in_flight = {body["prompt_id"] for body in group.prompts()}
    gpu_build(project, workers=4)
    counts = group.prompt_ids()
    assert all(count == 1 for count in counts.values()), [p for p, c in counts.items() if c > 1]
    assert len(counts) == expected_jobs(project)
    assert in_flight < set(counts)
    assert_valid(gpu_outputs(project))
    ledger = (project.root / ".build" / "comfyui" / "ledger.jsonl").read_text()
    assert '"outcome": "resumed"' in ledger, "no job of the killed build was collected"


# --- pods: a role with no work left stops billing ----------------------------------------------------

def test_each_roles_pods_stop_as_soon_as_it_has_no_work_left(tmp_path, servers):
    from tests.runpod_test_server import RunPodTestServer

    group = servers({"image": 1, "mesh": 1, "material": 1}, job_seconds=0.1)
    project = gpu_project(tmp_path / "p")
    config = group.config()
    pods = {}
    for role, entries in config["roles"].items():
        for entry in entries:
            entry["pod_id"] = pods.setdefault(entry["name"], f"pod{role}1")
    config["runpod"] = {"api_key_env": "BACKBAY_TEST_RUNPOD_KEY", "stop_idle_roles": True}
    import yaml
    (project.root / "servers.yaml").write_text(yaml.safe_dump(config))
    image_jobs_at_stop = {}
    with RunPodTestServer(api_key="rp-test-key-secret",
                          on_stop=lambda pod: image_jobs_at_stop.setdefault(pod, len(group.prompts("image")))) as runpod:
        for pod in pods.values():
            runpod.add_pod(pod, status="RUNNING")
        env = {**FAST, "BACKBAY_RUNPOD_URL": runpod.url, "BACKBAY_TEST_RUNPOD_KEY": "rp-test-key-secret"}
        run = project.doit("-n", "1", "backend=comfyui", "materials", "icons", env=env)
    # the material pod stopped once the materials were done, before the icons' image jobs had all run;
    # the image pod when the icons were; the mesh pod had no work in this build and is left alone
    assert image_jobs_at_stop["podmaterial1"] < len(group.prompts("image")) == 5
    assert image_jobs_at_stop["podimage1"] == 5
    assert "podmesh1" not in image_jobs_at_stop
    assert "stopping their pods" in run.stdout and "rp-test-key-secret" not in run.stdout + run.stderr


# --- optional workflows: CHORD materials, portraits held to a pose ------------------------------------

def test_chord_materials_and_posed_portraits(tmp_path, servers):
    from tests.comfy_test_server import make_png

    group = servers({"image": 1, "mesh": 1, "material": 1})
    project = gpu_project(tmp_path / "p")
    group.write(project)
    pose = make_png(b"1st pose skeleton", (64, 96))
    (project.root / "pose.png").write_bytes(pose)
    project.edit("assets.yaml", "settings:\n", "settings:\n  gpu: {chord: true, portrait_pose: {image: pose.png, strength: 0.6}}\n")
    gpu_build(project, "materials", "portraits", workers=1)
    materials = len(catalog_module.load_catalog(project.catalog).materials())
    material_graphs = [body["prompt"] for body in group.by_name["material-1"].prompts]
    chord = [g for g in material_graphs if any(n["class_type"] == "ChordMaterialEstimation" for n in g.values())]
    assert len(chord) == materials == len(material_graphs) - materials
    image = group.by_name["image-1"]
    posed = [body["prompt"] for body in image.prompts
             if any(n["class_type"] == "ControlNetApplyAdvanced" for n in body["prompt"].values())]
    assert len(posed) == 3 and len(image.prompts) == 5  # the full portraits; bust and icon without a pose
    assert all(next(n for n in g.values() if n["class_type"] == "ControlNetApplyAdvanced")["inputs"]["strength"] == 0.6
               for g in posed)
    assert sum(data == pose for data in image.loaded) == 3
    for role in ("roughness", "metallic", "height"):
        with Image.open(project.root / "out" / "materials" / "brick_red" / f"{role}.png") as map_image:
            assert map_image.mode == "L" and map_image.size == (64, 64)
    # a new pose image: the portraits only, and only the three posed images are new jobs
    (project.root / "pose.png").write_bytes(make_png(b"2nd pose skeleton", (64, 96)))
    before = len(image.prompts)
    run = gpu_build(project, "materials", "portraits", workers=1)
    assert run.executed == {"portraits:rome_trajan"}
    assert len(image.prompts) == before + 3


def test_an_image_failing_its_gate_is_regenerated_with_the_next_seed(tmp_path, servers):
    group = servers({"image": 1, "mesh": 1, "material": 1})
    project = gpu_project(tmp_path / "p")
    group.write(project)
    image = group.by_name["image-1"]
    image.faults.outputs = ["dull"]  # the first portrait image: valid PNG, washed out
    gpu_build(project, "portraits", workers=1)
    seeds = [node["inputs"]["seed"] for body in image.prompts for node in body["prompt"].values()
             if node["class_type"] == "KSampler"]
    assert seeds[:2] == [7000, 7001] and len(seeds) == 6  # full_1 twice, then full_2, full_3, bust, icon
    from pipeline.gates import portraits as portrait_gate
    assert portrait_gate.measure(str(project.root / "out" / "portraits" / "rome_trajan" / "full_1.png"))["contrast"] \
        >= portrait_gate.NEAR_UNIFORM_STD
    ledger = (project.root / ".build" / "comfyui" / "ledger.jsonl").read_text()
    assert ledger.count('"outcome": "ran"') == 6


def test_broken_workflow_stops_before_any_task(tmp_path):
    project = gpu_project(tmp_path / "p")
    (project.root / "servers.yaml").write_text("version: 1\nroles:\n  image:\n    - {name: image-1, url: 'http://127.0.0.1:9'}\n")
    project.edit("workflows/icon_sdxl.bindings.yaml", 'node: "6", input: text', 'node: "66", input: text')
    run = project.doit("backend=comfyui", "icons", env=FAST, check=False)
    assert run.returncode == 2 and "icon_sdxl.bindings.yaml" in run.stderr and "'66'" in run.stderr
    assert not (project.root / "out").exists()
