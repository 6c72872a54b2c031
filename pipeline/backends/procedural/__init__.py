"""The procedural backend: CPU-only, deterministic generators, one module per kind.

`GENERATORS` maps an output kind to the module whose `generate(spec)` makes it
(see docs/generator-contract.md). Modules are imported only when a task runs,
so listing or no-op builds never pay for numpy/trimesh imports.
"""
GENERATORS = {
    "material": "pipeline.backends.procedural.materials",
    "terrain": "pipeline.backends.procedural.terrain",
    "unit": "pipeline.backends.procedural.units",
    "building": "pipeline.backends.procedural.buildings",
    "wonder": "pipeline.backends.procedural.wonders",
    "resource": "pipeline.backends.procedural.resources",
    "portrait": "pipeline.backends.procedural.portraits",
    "icon": "pipeline.backends.procedural.icons",
}

#: libraries whose versions shape each kind's output bytes
TOOLS = {
    "material": ("numpy", "pillow"),
    "terrain": ("numpy", "trimesh"),
    "unit": ("numpy", "trimesh"),
    "building": ("numpy", "trimesh"),
    "wonder": ("numpy", "trimesh"),
    "resource": ("numpy", "trimesh"),
    "portrait": ("numpy", "pillow"),
    "icon": ("numpy", "pillow"),
}
