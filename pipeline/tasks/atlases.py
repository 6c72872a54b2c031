"""Atlas tasks: sprites and icons packed into pages (docs/export-formats.md).

    doit atlases                  every atlas
    doit atlases:terrain          every terrain sprite on 4096x4096 pages (several)
    doit atlases:unit/<unit id>   one sheet per unit: its 72 frames with their animations
    doit atlases:icons            building and resource sprites and every UI icon at every
                                  size, on 1024x1024 pages
Wonder hero shots and portraits are not atlased. Packing, pixels and JSON:
pipeline/atlas.py.

A unit sheet is the smallest of 32x32, 64x32, 64x64, 128x64, 128x128, 256x128,
256x256, 512x256, ... (each power-of-two square, then the 2:1 sheet above it)
that holds the unit's 72 trimmed frames; on the full catalog that is 256x256
for most units and 512x256 for the bulkiest.

Up to date when the atlas stamp proves it (pipeline/stamps.py): same
fingerprint (member list, page size, atlas code, tool versions), same pages,
and the same *upstream stamps*: each producing task (sprites:..., icons:...)
rewrites its stamp when it rebuilds, so a no-op checks ~300 small stamp files
instead of reading thousands of PNGs. `task_dep` on those tasks orders them.
A unit's sheet depends only on that unit's three sprite tasks, so a changed
unit re-packs its own sheet; any terrain change re-packs the terrain pages.
Pages whose bytes did not change are left untouched (write_if_changed).
"""
from __future__ import annotations

import os
from functools import lru_cache

from doit.exceptions import TaskFailed

from pipeline import fsutil, layout, stamps
from pipeline.catalog import Catalog
from pipeline.fingerprint import combined_digest, digest, part_digests, source_digest, tool_versions
from pipeline.tasks.base import FORMAT_VERSION, group_task
from pipeline.tasks.icons import BASENAME as ICONS
from pipeline.tasks.sprites import BASENAME as SPRITES

BASENAME = "atlases"
TERRAIN_PAGE = [4096, 4096]
ICON_PAGE = [1024, 1024]
#: zlib level of the page PNGs. Measured on a full terrain page (4096², 23 MB): level 3
#: encodes in ~2-3 s, level 6 in ~5.5 s for 10% fewer bytes; a terrain edit re-encodes 3 pages
PNG_LEVEL = 3


@lru_cache(maxsize=None)
def _shared_digests() -> dict:
    """Fingerprint parts every atlas shares: packing code (pipeline/atlas.py and the PNG
    encoder), tools, output format."""
    return part_digests({"generator": [source_digest("pipeline.atlas"), source_digest("pipeline.png")],
                         "tools": tool_versions("rectpack", "numpy", "pillow"),
                         "format": {"pipeline": FORMAT_VERSION, "png_level": PNG_LEVEL}})


def tasks(catalog: Catalog):
    yield group_task(BASENAME, "atlas pages: terrain (4096²), one sheet per unit, icons (1024²); docs/export-formats.md")
    for name, spec in atlas_specs(catalog).items():
        yield _atlas_task(name, spec)


def atlas_specs(catalog: Catalog) -> dict[str, dict]:
    """task name -> what its atlas holds: {"atlas", "page" (None: smallest unit sheet),
    "members": [[source, producing task], ...], "animations" (unit sheets)}."""
    from pipeline import sprite_sets  # here: a no-op build (task list cached) never needs it

    specs = {"terrain": {"atlas": "terrain", "page": TERRAIN_PAGE, "animations": None,
                         "members": _sprite_members(catalog, "terrain")}}
    for output in catalog.meshes("unit"):
        if output.spec["pose"] == sprite_sets.ANIMATIONS[0]:
            specs[f"unit/{output.asset_id}"] = _unit_spec(output.asset_id)
    icons = _sprite_members(catalog, "building") + _sprite_members(catalog, "resource")
    for output in catalog.icons():
        for path in layout.icon_images(output.spec["group"], output.asset_id, output.spec["sizes"]).values():
            icons.append([path, f"{ICONS}:{output.name}"])
    specs["icons"] = {"atlas": "icons", "page": ICON_PAGE, "animations": None, "members": icons}
    return specs


def _sprite_members(catalog: Catalog, kind: str) -> list[list[str]]:
    from pipeline import sprite_sets

    return [[layout.sprite_path(kind, output.asset_id, output.name, sprite), f"{SPRITES}:{kind}/{output.name}"]
            for output in catalog.meshes(kind) for sprite in sprite_sets.sprite_names(kind)]


def _unit_spec(unit_id: str) -> dict:
    """A unit's 72 frames in play order (animation, direction, frame) and its animations."""
    from pipeline import sprite_sets

    members, animations = [], {}
    for animation in sprite_sets.ANIMATIONS:
        producer = f"{SPRITES}:unit/{unit_id}_{animation}"
        for direction in sprite_sets.DIRECTIONS:
            sources = [layout.sprite_path("unit", unit_id, unit_id, f"{animation}_{direction}_{frame}")
                       for frame in range(sprite_sets.FRAMES)]
            members += [[source, producer] for source in sources]
            animations[f"{animation}_{direction}"] = {
                "animation": animation, "direction": direction,
                "frame_seconds": sprite_sets.FRAME_SECONDS[animation],
                "frames": [layout.atlas_frame_key(source) for source in sources]}
    return {"atlas": "units", "page": None, "animations": animations, "members": members}


def _atlas_task(name: str, spec: dict) -> dict:
    digests = {"spec": digest(spec), **_shared_digests()}
    task_digest = combined_digest(digests)
    stamp = layout.stamp_path(BASENAME, name)
    producers = sorted({producer for _, producer in spec["members"]})
    upstream = tuple(layout.stamp_path(*producer.split(":", 1)) for producer in producers)
    # a unit sheet's files are known; paged atlases have as many pages as their frames need
    targets = list(layout.atlas_page("units", name.split("/", 1)[1]).values()) if spec["page"] is None else []
    return {
        "basename": BASENAME,
        "name": name,
        "doc": f"{spec['atlas']} atlas {name}: {len(spec['members'])} frames",
        "actions": [(build_atlas, [f"{BASENAME}:{name}", name, spec, stamp, task_digest, digests, upstream])],
        "targets": targets,
        "task_dep": producers,
        # targets None: the pages its stamp recorded (their number depends on the packing)
        "uptodate": [(stamps.is_current, [stamp, task_digest, None, upstream])],
        "clean": [(clean_atlas, [stamp])],
        "meta": {"stamp": stamp, "digest": task_digest, "parts": digests, "spec": spec, "upstream": upstream},
    }


def clean_atlas(stamp: str) -> None:
    """`doit clean`: remove the pages the stamp lists, then the stamp."""
    for path in (stamps.read_stamp(stamp) or {}).get("outputs", {}):
        if os.path.exists(path):
            os.remove(path)
    if os.path.exists(stamp):
        os.remove(stamp)


def _page_paths(atlas: str, name: str, count: int) -> list[dict[str, str]]:
    if atlas == "units":
        return [layout.atlas_page("units", name.split("/", 1)[1])]
    return [layout.atlas_page(atlas, f"page_{n}") for n in range(count)]


def _previous_pages(atlas: str, name: str) -> list[dict[str, str]]:
    """The pages of the previous build on disk, in order (page_0, page_1, ... while they exist)."""
    if atlas == "units":
        pages = _page_paths(atlas, name, 1)
        return pages if os.path.exists(pages[0]["data"]) else []
    pages = []
    while os.path.exists(layout.atlas_page(atlas, f"page_{len(pages)}")["data"]):
        pages.append(layout.atlas_page(atlas, f"page_{len(pages)}"))
    return pages


def _remove_extra_pages(atlas: str, keep: list[dict[str, str]]) -> None:
    """Delete pages of a previous build that had more pages (page_<n> beyond the new count)."""
    folder = f"{layout.ATLASES}/{atlas}"
    if atlas == "units" or not os.path.isdir(folder):
        return
    wanted = {os.path.basename(path) for page in keep for path in page.values()}
    for entry in sorted(os.listdir(folder)):
        if entry.startswith("page_") and entry.endswith((".png", ".json")) and entry not in wanted:
            os.remove(os.path.join(folder, entry))


def build_atlas(task_name: str, name: str, spec: dict, stamp: str, task_digest: str, digests: dict,
                upstream: tuple[str, ...]):
    """Read and trim the members, pack them (or keep the previous places), write the pages, stamp."""
    from pipeline import atlas as packing  # numpy and Pillow: only when an atlas is built
    from pipeline import png

    try:  # before reading the sprites: one rebuilt meanwhile leaves this atlas stale
        records = {path: stamps.file_record(path) for path in upstream}
    except FileNotFoundError as error:
        producer = error.filename.removeprefix(f"{layout.STAMPS}/").removesuffix(".json").replace("/", ":", 1)
        return TaskFailed(f"{task_name}: {error.filename} is missing, so its inputs were never built by this "
                          f"pipeline; build them with `doit {producer}`")
    sprites = []
    for source, producer in spec["members"]:
        try:
            sprites.append(packing.read_sprite(layout.atlas_frame_key(source), source))
        except packing.AtlasInputError as error:
            return TaskFailed(f"{task_name}: cannot atlas {error.source}: {error.problem}; "
                              f"rebuild it with `doit {producer}` (it remakes a missing or modified file)")
    sizes = {sprite.key: sprite.size for sprite in sprites}
    atlas, page = spec["atlas"], spec["page"]
    previous = packing.read_layout([p["data"] for p in _previous_pages(atlas, name)])
    stable = packing.stable_places(sizes, previous, page)
    if stable is not None:
        page_size, places = stable
    elif page is None:
        page_size, sheet = packing.smallest_sheet(sizes)
        places = [sheet]
    else:
        page_size, places = tuple(page), packing.pack(sizes, tuple(page))
    pages = _page_paths(atlas, name, len(places))
    by_key = {sprite.key: sprite for sprite in sprites}
    outputs = []
    for paths, on_page in zip(pages, places):
        members = [by_key[key] for key in sorted(on_page)]
        pixels = packing.compose(members, on_page, page_size)
        data = packing.page_data(os.path.basename(paths["image"]), page_size, members, on_page, spec["animations"])
        fsutil.write_if_changed(paths["image"], png.encode(pixels, PNG_LEVEL))
        fsutil.write_if_changed(paths["data"], packing.encode_data(data))
        outputs += [paths["image"], paths["data"]]
    _remove_extra_pages(atlas, pages)
    stamps.write_stamp(stamp, task_digest, digests, spec, outputs, records)
    return None
