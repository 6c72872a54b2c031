"""GPU backend on ComfyUI servers (docs/comfyui.md): workflows with declared bindings
(workflows.py), a client for one server (client.py), the server configuration
(servers.py), the pool that spreads jobs over servers (pool.py), job identity,
cache and ledger (jobs.py), the per-kind generators (generate.py), pod control
(pods.py) and the tables of `doit servers` / `doit cost` (accounting.py).

Kept import-light: the task generator reads only this registry and the
workflow files; the heavy modules load when a task runs.
"""
from functools import lru_cache

GENERATOR = "pipeline.backends.comfyui.generate"

#: the workflows each output kind runs (their digests are part of its fingerprint)
WORKFLOWS = {
    # the optional ones (catalog settings.gpu) too: a kind's fingerprint names every workflow it may run
    "material": ("material_basecolor_sdxl", "material_chord"),
    "portrait": ("portrait_sdxl", "portrait_sdxl_controlnet"),
    "icon": ("icon_sdxl",),
    **{kind: ("mesh_reference_sdxl", "mesh_hunyuan3d") for kind in ("terrain", "unit", "building", "wonder", "resource")},
}

#: libraries whose versions shape the finished bytes (the CPU post-processing)
TOOLS = {
    "material": ("numpy", "pillow"),
    "portrait": ("numpy", "pillow"),
    "icon": ("numpy", "pillow"),
    **{kind: ("numpy", "trimesh", "fast_simplification", "scipy")
       for kind in ("terrain", "unit", "building", "wonder", "resource")},
}

#: the doit task families whose outputs come from GPU jobs, and the roles they use
ROLES = {"materials": ("material",), "meshes": ("image", "mesh"), "portraits": ("image",), "icons": ("image",)}


def build_output(*args):
    """The doit action of every GPU task (generate.build_output), imported when a task runs: the
    GPU code pulls in httpx, trimesh and scipy (0.6 s), which a no-op build must not pay."""
    from pipeline.backends.comfyui.generate import build_output as build

    return build(*args)


def upstream_files(spec: dict) -> tuple[str, ...]:
    """Input files a GPU output depends on besides its spec: the portraits' pose image."""
    return (spec["pose_reference"]["image"],) if spec.get("pose_reference") else ()


@lru_cache(maxsize=None)
def workflow_digests(kind: str) -> dict:
    """{workflow: digest of its graph and bindings} for one kind: model file names,
    node settings and bindings are in it, so editing a workflow regenerates its outputs."""
    from pipeline.backends.comfyui import workflows

    return {name: workflows.load(name).digest for name in WORKFLOWS[kind]}
