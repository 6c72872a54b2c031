"""What every generation task has in common: fingerprint, stamp check, action.

`generation_task()` turns one catalog `Output` into a plain doit task dict:
- `uptodate`: `stamps.is_current` against the task's fingerprint digest,
  so the decision survives a killed build (see pipeline/stamps.py);
- `actions`: `build_output`, a module-level function with plain arguments
  (picklable for `doit -n`), which runs the generator, writes the files
  atomically (only when their bytes changed) and then the stamp.
No file is read or written while tasks are generated, except source files
hashed once per process.
"""
from __future__ import annotations

import hashlib
import importlib
import inspect
import os
from functools import lru_cache

from doit.exceptions import TaskFailed

from pipeline import backends, fsutil, layout, stamps
from pipeline.backends import comfyui, procedural
from pipeline.catalog import Output
from pipeline.fingerprint import combined_digest, digest, part_digests, source_digest, tool_versions

#: bump when the way outputs are written changes (file layout, encoding)
FORMAT_VERSION = 1


def fingerprint_parts(output: Output) -> dict:
    """Everything that determines `output`, as named parts (values, not yet hashed)."""
    return {"spec": output.spec, **_kind_parts(output.kind, backends.selected())}


def _kind_parts(kind: str, backend: str) -> dict:
    """The parts every output of one kind shares: generator source, backend, tools, format.
    The comfyui backend's part names its workflows' digests (graphs, model files, bindings);
    server addresses and tokens are deployment, not part of any fingerprint."""
    if backend == "comfyui":
        return {
            "generator": source_digest(comfyui.GENERATOR),
            "backend": {"name": "comfyui", "workflows": comfyui.workflow_digests(kind)},
            "tools": tool_versions(*comfyui.TOOLS[kind]),
            "format": FORMAT_VERSION,
        }
    return {
        "generator": source_digest(procedural.GENERATORS[kind]),
        "backend": {"name": "procedural"},
        "tools": tool_versions(*procedural.TOOLS[kind]),
        "format": FORMAT_VERSION,
    }


@lru_cache(maxsize=None)
def _kind_digests(kind: str, backend: str) -> dict:
    return part_digests(_kind_parts(kind, backend))


def group_task(basename: str, doc: str) -> dict:
    """The group task of a family (`doit <basename>` runs every subtask). Up to date by itself:
    a group task without uptodate would "run" on every call, and doit would write its record
    to the state database each time."""
    return {"basename": basename, "name": None, "doc": doc, "uptodate": [True]}


def stamped_task(basename: str, name: str, doc: str, spec: dict, digests: dict, targets: list[str],
                 action, args: list, upstream: tuple[str, ...] = ()) -> dict:
    """The task dict of every stamped family: up to date when its stamp proves it.

    `digests`: the fingerprint's part digests; `action(*args, stamp, task_digest, digests)`
    makes `targets` and writes the stamp; `upstream`: input files the stamp records
    (see stamps.is_current). `meta` feeds the stale report.
    """
    task_digest = combined_digest(digests)
    stamp = layout.stamp_path(basename, name)
    return {
        "basename": basename,
        "name": name,
        "doc": doc,
        "actions": [(action, [*args, stamp, task_digest, digests])],
        "targets": targets,
        "uptodate": [(stamps.is_current, [stamp, task_digest, targets, upstream])],
        # one python action (a list of paths here would be run as shell commands)
        "clean": [(remove_outputs, [stamp])],
        "meta": {"stamp": stamp, "digest": task_digest, "parts": digests, "spec": spec, "upstream": upstream},
    }


def remove_outputs(stamp: str, targets: list[str]) -> None:
    """`doit clean`: delete a task's outputs (doit passes its `targets`) and its stamp; absent
    ones are fine."""
    for path in [*targets, stamp]:
        if os.path.exists(path):
            os.remove(path)


def generation_task(basename: str, name: str, output: Output, targets: dict[str, str], doc: str) -> dict:
    """A doit task making `targets` ({role: path}) for one catalog output."""
    backend = backends.selected()
    digests = {"spec": digest(output.spec), **_kind_digests(output.kind, backend)}
    action = comfyui.build_output if backend == "comfyui" else build_output
    upstream = ()
    if backend == "comfyui":
        upstream = comfyui.upstream_files(output.spec)
    task = stamped_task(basename, name, doc, output.spec, digests, list(targets.values()), action,
                        [f"{basename}:{name}", output.kind, output.spec, targets], upstream)
    if backend == "comfyui":
        task["meta"]["gpu_roles"] = comfyui.ROLES[basename]
    return task


def build_output(task_name: str, kind: str, spec: dict, targets: dict[str, str], stamp: str,
                 digest: str, digests: dict):
    """Generate one output, write its files atomically, then its stamp."""
    module = importlib.import_module(procedural.GENERATORS[kind])
    try:
        result = module.generate(spec)
    except Exception as error:  # a generator bug or an impossible spec: name the asset
        return TaskFailed(f"{task_name}: the procedural {kind} generator failed for "
                          f"'{spec['id']}' ({type(error).__name__}: {error}); "
                          f"check this entry in the catalog or the generator {module.__file__}")
    files = result if isinstance(result, dict) else {"file": result}
    if set(files) != set(targets):
        return TaskFailed(f"{task_name}: generator returned {sorted(files)}, expected {sorted(targets)}")
    for role, path in targets.items():
        fsutil.write_if_changed(path, files[role])
    stamps.write_stamp(stamp, digest, digests, spec, list(targets.values()))
    return None


class inputs_unchanged:
    """doit `uptodate` for tasks that summarise many files (manifest, gallery, contact sheets).

    `key(*args)` stats the inputs (cheap: sizes and mtimes, no reading) and is
    called only when doit considers the task, after its upstream tasks ran;
    the task is up to date when the key equals the one saved at its last
    successful run. Like `doit.tools.config_changed`, but lazy. `key` is a
    module-level function, so the task list can be cached (pipeline/taskcache.py).
    """

    # doit inspects every uptodate callable's signature on every call: give it at once
    __signature__ = inspect.Signature([inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD)
                                       for name in ("task", "values")])

    def __init__(self, key, *args) -> None:
        self.key = key
        self.args = args

    def __call__(self, task, values) -> bool:
        task.value_savers.append(lambda: {"inputs": self.key(*self.args)})
        return values.get("inputs") == self.key(*self.args)


def stats_digest(code: str, paths: list[str]) -> str:
    """A summary task's key: `code` (what it draws and how) and the size and mtime of each of
    `paths` (absent: None). Stamps that proved their task current in this process are not
    stat'ed again (stamps.stamp_stats)."""
    stats = [(path, *stamps.stamp_stats(path)) for path in paths]
    return hashlib.sha256(repr((code, stats)).encode()).hexdigest()
