"""The task list of the whole pipeline, shared by dodo.py and the stale report.

`load(catalog_path)` validates the catalog (or exits with its message) and
`all_task_families(catalog)` lists the task generators by basename, in build
order. New asset kinds add their task module here.
"""
from __future__ import annotations

import sys

from pipeline import backends, layout, taskcache
from pipeline.catalog import Catalog, CatalogError, load_catalog
from pipeline.tasks import (atlases, gallery, gates, godot, gpu, icons, manifest, materials, meshes, portraits, review,
                            sprites)

#: generation families: every task has a stamp (see pipeline/tasks/base.py)
FAMILIES = {
    materials.BASENAME: materials.tasks,
    meshes.BASENAME: meshes.tasks,
    sprites.BASENAME: sprites.tasks,
    portraits.BASENAME: portraits.tasks,
    icons.BASENAME: icons.tasks,
}
#: the export, built by default after the families above: atlases, then the manifest
#: (which lists every file, atlas places included), then the Godot project made from it
EXPORT = {atlases.BASENAME: atlases.tasks, manifest.BASENAME: manifest.tasks, godot.BASENAME: godot.tasks}
#: derived outputs for people, built by default last
REVIEW = {review.BASENAME: review.tasks, gallery.BASENAME: gallery.tasks}
#: `doit prune`: not a default task (it deletes files)
PRUNE = manifest.prune_task
#: quality gates (`doit gate_materials` ... `doit gate_export`; `make gates`): not default tasks
GATES = gates.tasks
#: commands for the GPU servers (`doit servers`, `cost`, `pods_start`, `pods_stop`): not default tasks
GPU_COMMANDS = gpu.tasks


def load_or_exit(catalog_path: str) -> Catalog:
    """Load the catalog; on a user mistake print the one message and exit 2, touching nothing."""
    try:
        return load_catalog(catalog_path, cache_dir=layout.BUILD)
    except CatalogError as error:
        print(f"error: {error}", file=sys.stderr)
        raise SystemExit(2) from None


def backend_or_exit(name: str | None) -> str:
    """Select the backend (None: BACKBAY_BACKEND or procedural). The comfyui backend needs
    its server file and workflows: a mistake in them stops here with its one message,
    before any task runs."""
    try:
        backend = backends.select(name)
        if backend == "comfyui":
            from pipeline.backends import comfyui
            from pipeline.backends.comfyui.servers import ServerConfigError, load_servers
            from pipeline.backends.comfyui.workflows import WorkflowError
            try:
                load_servers()
                for kind in comfyui.WORKFLOWS:
                    comfyui.workflow_digests(kind)  # every workflow and its bindings load
            except (ServerConfigError, WorkflowError) as error:
                raise backends.BackendError(str(error)) from None
    except backends.BackendError as error:
        print(f"error: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    return backend


def task_lists(catalog: Catalog) -> dict[str, list[dict]]:
    """{basename: [task dict, ...]} of the families, the export and the review tasks, as doit
    gets them: from `.build/` when nothing they are made from changed (pipeline/taskcache.py)."""
    return taskcache.task_lists(catalog, {**FAMILIES, **EXPORT, **REVIEW})


def print_stale_report(catalog: Catalog) -> None:
    """`doit stale`: the action (pipeline/stale.py, imported when it runs)."""
    from pipeline import stale

    stale.print_report(catalog)


def generation_tasks(catalog: Catalog):
    """Every generation task dict (subtasks only, no group tasks)."""
    for family in FAMILIES.values():
        for task in family(catalog):
            if task.get("name") is not None:
                yield task
