"""Where every output lives. The one place that builds output paths.

Paths are built only from validated catalog ids (slugs), never from text a
server returned. All paths are relative to the project directory.

    out/materials/<id>/<map>.png          map in MATERIAL_MAPS
    out/meshes/<kind>/<name>.glb          kind in terrain, unit, building, wonder, resource;
                                          name = id, id_<variant> (terrain), id_<pose> (unit)
    out/portraits/<leader>/<role>.png     role in PORTRAIT_ROLES (full_1..3 512x768, bust 512, icon 128)
    out/icons/<group>/<id>_<size>.png     group in yield, status, technology, resource_map
    out/review/contact_<sheet>.png        contact sheets for people (one per kind or icon group)
    .build/stamps/<task basename>/<task name>.json   proof that an output is current
"""
from __future__ import annotations

OUT = "out"
BUILD = ".build"
STAMPS = f"{BUILD}/stamps"

MATERIAL_MAPS = ("basecolor", "normal", "roughness", "metallic", "height")
MESH_KINDS = ("terrain", "unit", "building", "wonder", "resource")


PORTRAIT_ROLES = ("full_1", "full_2", "full_3", "bust", "icon")
ICON_GROUPS = ("yield", "status", "technology", "resource_map")


def material_maps(material_id: str) -> dict[str, str]:
    return {name: f"{OUT}/materials/{material_id}/{name}.png" for name in MATERIAL_MAPS}


def mesh_path(kind: str, name: str) -> str:
    return f"{OUT}/meshes/{kind}/{name}.glb"


def portrait_images(leader_id: str) -> dict[str, str]:
    return {role: f"{OUT}/portraits/{leader_id}/{role}.png" for role in PORTRAIT_ROLES}


def icon_images(group: str, icon_id: str, sizes: list[int]) -> dict[str, str]:
    return {str(size): f"{OUT}/icons/{group}/{icon_id}_{size}.png" for size in sizes}


def contact_sheet(sheet: str) -> str:
    return f"{OUT}/review/contact_{sheet}.png"


def stamp_path(basename: str, name: str) -> str:
    return f"{STAMPS}/{basename}/{name}.json"
