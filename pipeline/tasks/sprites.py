"""Sprite tasks: one per mesh, rendering all of that mesh's sprites with Blender.

`doit sprites` renders them all, `doit sprites:unit/knight_idle` one mesh
(24 sprites: the idle animation in 8 directions x 3 frames). What each mesh
gets and how it is framed: pipeline/sprite_sets.py; the Blender side: render/;
where the files go: pipeline/layout.py.

Fingerprint: the sprite spec (rig, samples, sprite list), the render scripts
(render/*.py and the modules that drive them), the tools' versions and the
mesh file itself. The mesh is an *upstream* input recorded in the stamp
(size, mtime, hash) instead of a doit `file_dep`: the check is the same
(byte-identical rebuilt mesh = nothing to render), and it survives a killed
build, whose doit database is lost. `task_dep` on the mesh task orders them.
"""
from __future__ import annotations

from functools import lru_cache

from doit.exceptions import TaskFailed

from pipeline import layout, stamps
from pipeline.catalog import Catalog
from pipeline.fingerprint import digest, folder_digest, part_digests, source_digest, tool_versions
from pipeline.tasks.base import FORMAT_VERSION, group_task, stamped_task
from pipeline.tasks.meshes import BASENAME as MESHES

BASENAME = "sprites"
TOOLS = ("bpy", "numpy", "pillow", "scipy")


@lru_cache(maxsize=None)
def _shared_digests() -> dict:
    """The fingerprint parts every sprite task shares: render code, tools, format."""
    renderer = {"render": folder_digest("render"), "sets": source_digest("pipeline.sprite_sets"),
                "client": source_digest("pipeline.render_client")}
    return part_digests({"renderer": renderer, "tools": tool_versions(*TOOLS), "format": FORMAT_VERSION})


def tasks(catalog: Catalog):
    from pipeline import sprite_sets  # here: a no-op build (task list cached) never needs it

    yield group_task(BASENAME, "every sprite, rendered from the meshes with Blender (one task per mesh)")
    settings = catalog.data["settings"]
    device = settings.get("render", {}).get("device", "CPU")
    specs: dict[tuple, tuple[dict, str]] = {}  # one spec per kind (and unit pose), shared by its meshes
    for kind in layout.MESH_KINDS:
        for output in catalog.meshes(kind):
            pose = output.spec.get("pose") if kind == "unit" else None
            if (kind, pose) not in specs:
                spec = sprite_sets.render_spec(kind, pose, settings)
                specs[kind, pose] = (spec, digest(spec))
            spec, spec_digest = specs[kind, pose]
            yield _render_task(kind, output.asset_id, output.name, spec, spec_digest, device)


def _render_task(kind: str, asset_id: str, mesh_name: str, spec: dict, spec_digest: str, device: str) -> dict:
    name = f"{kind}/{mesh_name}"
    mesh = layout.mesh_path(kind, mesh_name)
    targets = [layout.sprite_path(kind, asset_id, mesh_name, sprite["name"]) for sprite in spec["sprites"]]
    task = stamped_task(BASENAME, name, f"{len(targets)} sprites of {kind} mesh {mesh_name}", spec,
                        {"spec": spec_digest, **_shared_digests()}, targets, render_mesh,
                        [f"{BASENAME}:{name}", mesh, spec, targets, device], upstream=(mesh,))
    task["task_dep"] = [f"{MESHES}:{name}"]
    return task


def render_mesh(task_name: str, mesh: str, spec: dict, targets: list[str], device: str, stamp: str,
                task_digest: str, digests: dict):
    """Render one mesh's sprites (render/worker.py writes them atomically), then stamp them."""
    from pipeline import render_client  # here: a no-op build (task list cached) never needs it

    try:
        upstream = {mesh: stamps.file_record(mesh)}  # before rendering: a mesh changed meanwhile stays stale
    except FileNotFoundError:
        return TaskFailed(f"{task_name}: the mesh {mesh} is missing; build it with `doit {MESHES}:{task_name.split(':', 1)[1]}`")
    try:
        render_client.render_sprites(mesh, spec, targets, device)
    except render_client.RenderError as error:
        return TaskFailed(f"{task_name}: Blender could not render the sprites of {error}")
    stamps.write_stamp(stamp, task_digest, digests, spec, targets, upstream)
    return None
