"""Atlases: packing geometry, trimmed metadata, stable layout and incremental atlas tasks."""
from __future__ import annotations

import itertools
import json
import os
import shutil

import numpy as np
import pytest
from doit.exceptions import TaskFailed
from PIL import Image

from conftest import Project, copy_project
from pipeline import atlas, layout, sprite_sets, stamps
from pipeline.catalog import load_catalog
from pipeline.tasks import atlases as atlas_tasks

UNITS = ("warrior", "knight")


def _rgba(path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGBA"))


def _pages(root) -> list:
    return sorted((root / "out/atlases").rglob("*.json"))


def _extruded(frame: dict, extrude: int) -> tuple[int, int, int, int]:
    f = frame["frame"]
    return f["x"] - extrude, f["y"] - extrude, f["x"] + f["w"] + extrude, f["y"] + f["h"] + extrude


# --- pure functions ---

def test_trim_keeps_every_visible_pixel_and_its_offset():
    pixels = np.zeros((10, 12, 4), np.uint8)
    pixels[2, 3] = (10, 20, 30, 1)
    pixels[6, 8] = (1, 2, 3, 255)
    pixels[0, 0, :3] = 99  # colour under alpha 0 is a margin, not content
    trimmed, offset = atlas.trim(pixels)
    assert offset == (3, 2) and trimmed.shape == (5, 6, 4)
    assert np.array_equal(trimmed, pixels[2:7, 3:9])
    empty, where = atlas.trim(np.zeros((4, 4, 4), np.uint8))
    assert empty.shape == (1, 1, 4) and not empty.any() and where == (0, 0)


def _random_sizes(count: int, seed: int) -> dict[str, tuple[int, int]]:
    rng = np.random.default_rng(seed)
    return {f"s{i:03d}": (int(rng.integers(1, 200)), int(rng.integers(1, 200))) for i in range(count)}


def _assert_cells_apart(pages, sizes, page_size):
    """Every frame's extrusion inside the page; extruded frames at least PADDING apart."""
    e, p = atlas.EXTRUDE, atlas.PADDING
    for places in pages:
        rects = [(x - e, y - e, x + sizes[k][0] + e, y + sizes[k][1] + e) for k, (x, y) in places.items()]
        for x0, y0, x1, y1 in rects:
            assert x0 >= 0 and y0 >= 0 and x1 <= page_size[0] and y1 <= page_size[1]
        for a, b in itertools.combinations(rects, 2):
            apart = a[2] + p <= b[0] or b[2] + p <= a[0] or a[3] + p <= b[1] or b[3] + p <= a[1]
            assert apart, (a, b)


def test_pack_places_every_frame_once_inside_the_page_with_padding_and_no_overlap():
    sizes = _random_sizes(300, seed=1)
    pages = atlas.pack(sizes, (512, 512))
    assert len(pages) > 1
    assert sorted(k for page in pages for k in page) == sorted(sizes)
    _assert_cells_apart(pages, sizes, (512, 512))
    assert atlas.pack(sizes, (512, 512)) == pages, "deterministic"
    assert atlas.pack(sizes, (512, 512), max_pages=1) is None
    with pytest.raises(ValueError, match="s_big"):
        atlas.pack({"s_big": (600, 10)}, (512, 512))


def test_smallest_sheet_is_the_first_size_that_holds_the_frames():
    sizes = {f"f{i}": (20, 28) for i in range(72)}
    sheet, places = atlas.smallest_sheet(sizes)
    order = list(atlas.sheet_sizes())
    assert order[:4] == [(32, 32), (64, 32), (64, 64), (128, 64)]
    assert sheet == (256, 256)  # 72 cells of 24x32: 10 x 8 fit in 258x258, 10 x 4 in 258x130
    smaller = order[order.index(sheet) - 1]
    assert atlas.pack(sizes, smaller, max_pages=1) is None
    _assert_cells_apart([places], sizes, sheet)


def test_compose_extrudes_the_edge_pixels_around_each_frame():
    rng = np.random.default_rng(2)
    pixels = rng.integers(1, 256, (5, 7, 4), dtype=np.uint8)
    sprite = atlas.Sprite("a", "out/a.png", pixels, (0, 0), (7, 5))
    page = atlas.compose([sprite], {"a": (3, 4)}, (16, 16))
    assert np.array_equal(page[4:9, 3:10], pixels)
    assert np.array_equal(page[3, 3:10], pixels[0]) and np.array_equal(page[9, 3:10], pixels[-1])
    assert np.array_equal(page[4:9, 2], pixels[:, 0]) and np.array_equal(page[4:9, 10], pixels[:, -1])
    assert np.array_equal(page[3, 2], pixels[0, 0]), "corners too"
    assert page[:2].sum() == 0 and page[11:].sum() == 0, "nothing outside the extruded frame"


def test_stable_places_reuse_the_previous_layout_only_for_the_same_sizes():
    sizes = {"a": (10, 20), "b": (30, 5)}
    previous = {"meta": (64, 64, atlas.PADDING, atlas.EXTRUDE, atlas.ALGORITHM), "pages": 1,
                "frames": {"a": (0, 40, 1, 10, 20), "b": (0, 1, 30, 30, 5)}}
    assert atlas.stable_places(sizes, previous, (64, 64)) == ((64, 64), [{"a": (40, 1), "b": (1, 30)}])
    assert atlas.stable_places(sizes, previous) == ((64, 64), [{"a": (40, 1), "b": (1, 30)}])
    assert atlas.stable_places({**sizes, "b": (30, 6)}, previous, (64, 64)) is None
    assert atlas.stable_places({**sizes, "c": (1, 1)}, previous, (64, 64)) is None
    assert atlas.stable_places(sizes, previous, (128, 128)) is None
    assert atlas.stable_places(sizes, {**previous, "meta": (64, 64, 0, 0, "other")}, (64, 64)) is None
    assert atlas.stable_places(sizes, {}, (64, 64)) is None


def _tiny_atlas(tmp_path):
    """Two sources, one page written by the atlas functions; returns the JSON path."""
    rng = np.random.default_rng(3)
    sources = []
    for name, (w, h) in (("one", (12, 9)), ("two", (6, 14))):
        pixels = np.zeros((20, 20, 4), np.uint8)
        pixels[3:3 + h, 5:5 + w] = rng.integers(1, 256, (h, w, 4), dtype=np.uint8)
        (tmp_path / "out").mkdir(exist_ok=True)
        Image.fromarray(pixels).save(tmp_path / f"out/{name}.png")
        sources.append(atlas.read_sprite(name, f"out/{name}.png", tmp_path))
    places = atlas.pack({s.key: s.size for s in sources}, (32, 32))[0]
    Image.fromarray(atlas.compose(sources, places, (32, 32))).save(tmp_path / "page.png")
    data = atlas.page_data("page.png", (32, 32), sources, places)
    (tmp_path / "page.json").write_bytes(atlas.encode_data(data))
    return tmp_path / "page.json"


def _plant(path, change):
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


@pytest.mark.parametrize("defect", ["none", "uv", "overlap", "outside", "pixels", "extrusion", "offset"])
def test_verify_page_finds_each_planted_defect(tmp_path, defect):
    data_path = _tiny_atlas(tmp_path)
    if defect == "uv":
        _plant(data_path, lambda d: d["frames"]["one"]["uv"].update(u0=0.5))
    elif defect == "overlap":
        _plant(data_path, lambda d: d["frames"]["two"]["frame"].update(x=d["frames"]["one"]["frame"]["x"] + 2,
                                                                       y=d["frames"]["one"]["frame"]["y"]))
    elif defect == "outside":
        _plant(data_path, lambda d: d["frames"]["one"]["frame"].update(x=30))
    elif defect == "offset":
        _plant(data_path, lambda d: d["frames"]["one"]["spriteSourceSize"].update(x=4))
    elif defect in ("pixels", "extrusion"):
        page = _rgba(tmp_path / "page.png").copy()
        frame = json.loads(data_path.read_text())["frames"]["one"]["frame"]
        x, y = (frame["x"] + 3, frame["y"] + 2) if defect == "pixels" else (frame["x"] - 1, frame["y"] + 2)
        page[y, x] = (page[y, x] + 7) % 256
        Image.fromarray(page).save(tmp_path / "page.png")
    problems = atlas.verify_page(data_path, tmp_path)
    if defect == "none":
        assert problems == []
    else:
        assert len(problems) >= 1 and all("page.json" in p for p in problems), problems


# --- built from the small catalog ---

@pytest.fixture(scope="module")
def built_small(tmp_path_factory) -> Project:
    """The small catalog's atlases and what they are made from (meshes, sprites, icons) only."""
    project = Project(tmp_path_factory.mktemp("atlases"))
    project.doit("-n", "2", "atlases")
    return project


def test_every_page_verifies_and_holds_exactly_its_members(built_small):
    root = built_small.root
    pages = _pages(root)
    assert [str(p.relative_to(root)) for p in pages] == [
        "out/atlases/icons/page_0.json", "out/atlases/terrain/page_0.json",
        "out/atlases/units/knight.json", "out/atlases/units/warrior.json"]
    for path in pages:
        assert atlas.verify_page(path, root) == [], path
    keys = {path.stem if "units" in str(path) else path.parent.name: set(json.loads(path.read_text())["frames"])
            for path in pages}
    assert len(keys["terrain"]) == 3 * 16 and all(k.startswith("sprites/terrain/") for k in keys["terrain"])
    assert keys["icons"] == {"sprites/building/granary", "sprites/resource/wheat", "icons/yield/food_64",
                             "icons/status/happiness_64", "icons/technology/pottery_48", "icons/technology/pottery_64",
                             "icons/technology/mining_48", "icons/technology/mining_64", "icons/resource_map/wheat_32"}
    for unit in UNITS:
        assert len(keys[unit]) == 72 and all(k.startswith(f"sprites/unit/{unit}/") for k in keys[unit])
    assert not any("wonder" in k for group in keys.values() for k in group), "hero shots are not atlased"


def test_trimmed_frames_round_trip_to_the_source_pixels(built_small):
    """Pasting every frame at spriteSourceSize into a transparent sourceSize image gives the source:
    exactly (RGBA) inside the trimmed rectangle, and nothing visible is cut away."""
    root = built_small.root
    trimmed = 0
    for path in _pages(root):
        data = json.loads(path.read_text())
        page = _rgba(path.parent / data["meta"]["image"])
        for key, frame in data["frames"].items():
            f, offset, size = frame["frame"], frame["spriteSourceSize"], frame["sourceSize"]
            source = _rgba(root / frame["source"])
            assert frame["source"] == f"out/{key}.png" and frame["rotated"] is False
            assert (size["w"], size["h"]) == (source.shape[1], source.shape[0])
            rebuilt = np.zeros_like(source)
            rebuilt[offset["y"]:offset["y"] + f["h"], offset["x"]:offset["x"] + f["w"]] = \
                page[f["y"]:f["y"] + f["h"], f["x"]:f["x"] + f["w"]]
            assert np.array_equal(rebuilt[..., 3], source[..., 3]), key
            visible = source[..., 3] > 0
            assert np.array_equal(rebuilt[visible], source[visible]), key
            inside = np.zeros_like(visible)
            inside[offset["y"]:offset["y"] + f["h"], offset["x"]:offset["x"] + f["w"]] = True
            assert np.array_equal(rebuilt[inside], source[inside]), key
            trimmed += frame["trimmed"]
    assert trimmed > 100, "sprites with transparent margins are trimmed"


def test_frames_are_padded_extruded_and_their_uv_is_frame_over_size(built_small):
    for path in _pages(built_small.root):
        data = json.loads(path.read_text())
        meta = data["meta"]
        assert (meta["padding"], meta["extrude"]) == (2, 1) and meta["image"] == path.stem + ".png"
        width, height = meta["size"]["w"], meta["size"]["h"]
        page = _rgba(path.with_suffix(".png"))
        assert page.shape[:2] == (height, width)
        rects = []
        for frame in data["frames"].values():
            f, uv = frame["frame"], frame["uv"]
            assert uv == {"u0": f["x"] / width, "v0": f["y"] / height,
                          "u1": (f["x"] + f["w"]) / width, "v1": (f["y"] + f["h"]) / height}
            inner = page[f["y"]:f["y"] + f["h"], f["x"]:f["x"] + f["w"]]
            ring = page[f["y"] - 1:f["y"] + f["h"] + 1, f["x"] - 1:f["x"] + f["w"] + 1]
            assert np.array_equal(ring, np.pad(inner, ((1, 1), (1, 1), (0, 0)), mode="edge"))
            rects.append(_extruded(frame, 1))
        for a, b in itertools.combinations(rects, 2):
            assert a[2] + 2 <= b[0] or b[2] + 2 <= a[0] or a[3] + 2 <= b[1] or b[3] + 2 <= a[1], (path, a, b)


def test_unit_sheet_is_the_smallest_that_fits_and_lists_animations_in_play_order(built_small):
    for unit in UNITS:
        data = json.loads((built_small.root / f"out/atlases/units/{unit}.json").read_text())
        size = (data["meta"]["size"]["w"], data["meta"]["size"]["h"])
        order = list(atlas.sheet_sizes())
        sizes = {k: (f["frame"]["w"], f["frame"]["h"]) for k, f in data["frames"].items()}
        assert atlas.pack(sizes, order[order.index(size) - 1], max_pages=1) is None, f"{unit}: a smaller sheet holds it"
        animations = data["animations"]
        assert list(animations) == [f"{a}_{d}" for a in sprite_sets.ANIMATIONS for d in sprite_sets.DIRECTIONS]
        for name, entry in animations.items():
            assert entry["frames"] == [f"sprites/unit/{unit}/{name}_{i}" for i in range(3)]
            assert entry["frame_seconds"] == sprite_sets.FRAME_SECONDS[entry["animation"]]
            assert name == f"{entry['animation']}_{entry['direction']}"
    terrain = json.loads((built_small.root / "out/atlases/terrain/page_0.json").read_text())
    assert "animations" not in terrain and terrain["meta"]["size"] == {"w": 4096, "h": 4096}


def test_noop_runs_no_atlas_task(built_small, tmp_path):
    project = copy_project(built_small, tmp_path / "copy")
    run = project.doit("atlases")
    assert run.executed == set()


def test_unit_prompt_edit_re_packs_that_units_sheet_only(built_small, tmp_path):
    project = copy_project(built_small, tmp_path / "copy")
    before = project.outputs()
    project.edit("assets.yaml", "carrying a heavy wooden club", "carrying a heavy stone-headed club")
    run = project.doit("atlases")
    assert {t for t in run.executed if t.startswith("atlases")} == {"atlases:unit/warrior"}
    after = project.outputs()
    changed = {p for p in before if p.startswith("out/atlases/") and before[p] != after[p]}
    assert changed == {"out/atlases/units/warrior.png", "out/atlases/units/warrior.json"}
    assert atlas.verify_page(project.root / "out/atlases/units/warrior.json", project.root) == []


def _restamp(root, stamp):
    """Record the current bytes of a task's outputs in its stamp, as if it had made them."""
    record = json.loads((root / stamp).read_text())
    cwd = os.getcwd()
    os.chdir(root)
    try:
        stamps.write_stamp(stamp, record["digest"], record["parts"], record["spec"], list(record["outputs"]),
                           record.get("upstream"))
    finally:
        os.chdir(cwd)


def test_new_pixels_of_the_same_size_keep_every_place_and_identical_ones_rewrite_nothing(built_small, tmp_path):
    project = copy_project(built_small, tmp_path / "copy")
    root = project.root
    data_path = root / "out/atlases/units/knight.json"
    # plant a layout the packer would not make (two same-sized frames swapped): it must be kept
    data = json.loads(data_path.read_text())
    by_size = {}
    for key, frame in data["frames"].items():
        by_size.setdefault((frame["frame"]["w"], frame["frame"]["h"]), []).append(key)
    a, b = next(keys for keys in by_size.values() if len(keys) >= 2)[:2]
    for field in ("frame", "uv"):
        data["frames"][a][field], data["frames"][b][field] = data["frames"][b][field], data["frames"][a][field]
    data_path.write_text(json.dumps(data))
    planted = {key: frame["frame"] for key, frame in data["frames"].items()}
    # the renderer made new pixels (same trimmed size) for one sprite
    sprite = root / "out/sprites/unit/knight/idle_s_0.png"
    pixels = _rgba(sprite).copy()
    visible = pixels[..., 3] > 0
    pixels[visible, 0] = 255 - pixels[visible, 0]
    Image.fromarray(pixels).save(sprite)
    _restamp(root, layout.stamp_path("sprites", "unit/knight_idle"))
    run = project.doit("atlases")
    assert {t for t in run.executed if t.startswith("atlases")} == {"atlases:unit/knight"}
    rebuilt = json.loads(data_path.read_text())
    assert {key: frame["frame"] for key, frame in rebuilt["frames"].items()} == planted
    assert atlas.verify_page(data_path, root) == []
    # the same sprite rewritten with identical bytes: the atlas runs, its files stay untouched
    before = project.outputs()
    sprite.write_bytes(sprite.read_bytes())
    _restamp(root, layout.stamp_path("sprites", "unit/knight_idle"))
    run = project.doit("atlases")
    assert "atlases:unit/knight" in run.executed
    after = project.outputs()
    assert {p: v for p, v in after.items() if p.startswith("out/atlases")} == \
           {p: v for p, v in before.items() if p.startswith("out/atlases")}


def test_rebuilt_from_scratch_atlases_are_byte_identical_and_stale_pages_go(built_small, tmp_path):
    project = copy_project(built_small, tmp_path / "copy")
    root = project.root
    original = {p: sha for p, (_, sha) in project.outputs().items() if p.startswith("out/atlases/")}
    shutil.rmtree(root / "out/atlases")
    shutil.rmtree(root / layout.STAMPS / "atlases")
    # a page left by a previous build that needed two pages
    (root / "out/atlases/terrain").mkdir(parents=True)
    (root / "out/atlases/terrain/page_1.png").write_bytes(b"old page")
    (root / "out/atlases/terrain/page_1.json").write_text("{}")
    project.doit("atlases")
    assert {p: sha for p, (_, sha) in project.outputs().items() if p.startswith("out/atlases/")} == original


def _knight_spec(root):
    return atlas_tasks.atlas_specs(load_catalog(root / "assets.yaml"))["unit/knight"]


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_an_unreadable_input_fails_with_one_message_naming_the_file_and_the_fix(built_small, tmp_path, monkeypatch, damage):
    project = copy_project(built_small, tmp_path / "copy")
    sprite = project.root / "out/sprites/unit/knight/move_ne_1.png"
    if damage == "missing":
        sprite.unlink()
    else:
        sprite.write_bytes(sprite.read_bytes()[:100])
    monkeypatch.chdir(project.root)
    stamp = layout.stamp_path("atlases", "unit/knight")
    upstream = tuple(layout.stamp_path("sprites", f"unit/knight_{p}") for p in ("idle", "move", "attack"))
    result = atlas_tasks.build_atlas("atlases:unit/knight", "unit/knight", _knight_spec(project.root), stamp,
                                     "digest", {}, upstream)
    assert isinstance(result, TaskFailed)
    message = str(result.message)
    assert "out/sprites/unit/knight/move_ne_1.png" in message and "doit sprites:unit/knight_move" in message
    assert ("missing" if damage == "missing" else "not a readable PNG") in message
