"""Where every output lives. The one place that builds output paths.

Paths are built only from validated catalog ids (slugs), never from text a
server returned. All paths are relative to the project directory.

    out/materials/<id>/<map>.png          map in MATERIAL_MAPS
    out/meshes/<kind>/<name>.glb          kind in terrain, unit, building, wonder, resource;
                                          name = id, id_<variant> (terrain), id_<pose> (unit)
    .build/stamps/<task basename>/<task name>.json   proof that an output is current
"""
from __future__ import annotations

OUT = "out"
BUILD = ".build"
STAMPS = f"{BUILD}/stamps"

MATERIAL_MAPS = ("basecolor", "normal", "roughness", "metallic", "height")
MESH_KINDS = ("terrain", "unit", "building", "wonder", "resource")


def material_maps(material_id: str) -> dict[str, str]:
    return {name: f"{OUT}/materials/{material_id}/{name}.png" for name in MATERIAL_MAPS}


def mesh_path(kind: str, name: str) -> str:
    return f"{OUT}/meshes/{kind}/{name}.glb"


def stamp_path(basename: str, name: str) -> str:
    return f"{STAMPS}/{basename}/{name}.json"
