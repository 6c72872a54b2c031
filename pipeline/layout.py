"""Where every output lives. The one place that builds output paths.

Paths are built only from validated catalog ids (slugs), never from text a
server returned. All paths are relative to the project directory.

    out/materials/<id>/<map>.png          map in MATERIAL_MAPS
    out/meshes/<kind>/<name>.glb          kind in terrain, unit, building, wonder, resource;
                                          name = id, id_<variant> (terrain), id_<pose> (unit)
    out/portraits/<leader>/<role>.png     role in PORTRAIT_ROLES (full_1..3 512x768, bust 512, icon 128)
    out/icons/<group>/<id>_<size>.png     group in yield, status, technology, resource_map
    out/sprites/terrain/<tile>/<lighting>_r<k>.png      tile = terrain mesh name (id_<variant>);
                                          lighting day|dusk, k 0..7 = model turned k*45 degrees; 256x256
    out/sprites/unit/<unit id>/<animation>_<direction>_<frame>.png
                                          animation idle|move|attack (rendered from that pose mesh),
                                          direction s se e ne n nw w sw (where the unit faces on screen),
                                          frame 0..2; 64x64
    out/sprites/building/<id>.png         building icon 128x128
    out/sprites/resource/<id>.png         resource icon 64x64
    out/sprites/wonder/<id>.png           wonder hero shot 1920x1080 (opaque)
                                          (rig and anchors: pipeline/sprite_sets.py)
    out/atlases/terrain/page_<n>.png|json  terrain atlas pages, 4096x4096
    out/atlases/units/<unit id>.png|json   one sprite sheet per unit (72 frames + animations)
    out/atlases/icons/page_<n>.png|json    icon atlas pages, 1024x1024
    out/manifest.yaml                     every file above with kind, size, hash, fingerprint, atlas place
    out/review/contact_<sheet>.png        contact sheets for people (one per kind or icon group)
    out/review/gates/<checkpoint>.json|txt  quality gate reports
    out/review/index.html                 the review gallery
    out/godot/                            the Godot 3 project made from the export
                                          (formats of everything in this block: docs/export-formats.md)
    .build/stamps/<task basename>/<task name>.json   proof that an output is current
    .build/comfyui/                       GPU backend state: job journal, ledger, server slots and health
    .build/cache/comfyui/<key>/           every GPU job's output by request (BACKBAY_GPU_CACHE elsewhere)
                                          (both: pipeline/backends/comfyui/jobs.py, docs/comfyui.md)
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


def sprite_path(kind: str, asset_id: str, mesh_name: str, sprite: str) -> str:
    """One sprite's path; `sprite` is the name from pipeline/sprite_sets.py."""
    if kind == "terrain":
        return f"{OUT}/sprites/terrain/{mesh_name}/{sprite}.png"
    if kind == "unit":
        return f"{OUT}/sprites/unit/{asset_id}/{sprite}.png"
    return f"{OUT}/sprites/{kind}/{asset_id}.png"


def contact_sheet(sheet: str) -> str:
    return f"{OUT}/review/contact_{sheet}.png"


ATLASES = f"{OUT}/atlases"
MANIFEST = f"{OUT}/manifest.yaml"
REVIEW = f"{OUT}/review"
GATE_REPORTS = f"{REVIEW}/gates"
GALLERY = f"{REVIEW}/index.html"
GODOT = f"{OUT}/godot"
#: folders under out/ that are not in the manifest (for people; a packaging of the manifest's files)
NOT_IN_MANIFEST = (REVIEW, GODOT)
GATES = ("materials", "meshes", "portraits", "sprites", "export")


def atlas_page(atlas: str, page: str) -> dict[str, str]:
    """{"image": png, "data": json} of one atlas page; atlas in terrain, units, icons;
    page = page_<n> (terrain, icons) or the unit id (units)."""
    base = f"{ATLASES}/{atlas}/{page}"
    return {"image": f"{base}.png", "data": f"{base}.json"}


def atlas_frame_key(source: str) -> str:
    """The frame key of a source image in atlas JSON: its path under out/ without .png."""
    return source[len(OUT) + 1:-len(".png")]


def gate_report(checkpoint: str) -> dict[str, str]:
    return {"json": f"{GATE_REPORTS}/{checkpoint}.json", "text": f"{GATE_REPORTS}/{checkpoint}.txt"}


def stamp_path(basename: str, name: str) -> str:
    return f"{STAMPS}/{basename}/{name}.json"
