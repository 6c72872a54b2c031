"""Sprites rendered with Blender from the small catalog's meshes (real bpy, Cycles on the CPU)."""
from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pytest
from PIL import Image

from conftest import REPO, SUMMARY_FILES, SUMMARY_TASKS, copy_project
from pipeline import render_client, sprite_sets
from pipeline.catalog import load_catalog

SETTINGS = load_catalog(REPO / "tests/data/small_catalog.yaml").data["settings"]
TERRAIN = ("hills_1", "hills_2", "forest_conifer_1")
UNITS = ("warrior", "knight")


def _rgba(path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGBA"))


def _transparent_sprites(root) -> dict[str, tuple[int, int]]:
    """{relative path: expected size} of every sprite with a transparent background."""
    expected = {}
    for tile in TERRAIN:
        for lighting in ("day", "dusk"):
            for k in range(8):
                expected[f"out/sprites/terrain/{tile}/{lighting}_r{k}.png"] = (256, 256)
    for unit in UNITS:
        for animation, direction, frame in itertools.product(("idle", "move", "attack"), sprite_sets.DIRECTIONS, range(3)):
            expected[f"out/sprites/unit/{unit}/{animation}_{direction}_{frame}.png"] = (64, 64)
    expected["out/sprites/building/granary.png"] = (128, 128)
    expected["out/sprites/resource/wheat.png"] = (64, 64)
    return expected


def test_every_sprite_exists_at_its_size(built_small):
    expected = _transparent_sprites(built_small.root)
    found = {str(p.relative_to(built_small.root)) for p in (built_small.root / "out/sprites").rglob("*.png")}
    assert found == set(expected) | {"out/sprites/wonder/pyramids.png"}
    for path, size in expected.items():
        with Image.open(built_small.root / path) as image:
            assert image.size == size and image.mode == "RGBA", path
    with Image.open(built_small.root / "out/sprites/wonder/pyramids.png") as hero:
        assert hero.size == (1920, 1080)


def test_backgrounds_are_clean_and_nothing_touches_the_frame_edge(built_small):
    for path in _transparent_sprites(built_small.root):
        alpha = _rgba(built_small.root / path)[..., 3]
        assert alpha[0].max() == alpha[-1].max() == alpha[:, 0].max() == alpha[:, -1].max() == 0, f"{path} touches the edge"
        assert (alpha > 127).sum() >= 20, f"{path} is (nearly) empty"
        haze = (alpha > 0) & (alpha <= 2)
        assert not haze.any(), f"{path} has a faint alpha haze"


def test_transparent_pixels_carry_the_edge_colour_so_filtering_shows_no_dark_fringe(built_small):
    pixels = _rgba(built_small.root / "out/sprites/unit/knight/idle_s_0.png").astype(int)
    empty = pixels[..., 3] == 0
    # next to the silhouette, an empty pixel's colour is a visible neighbour's, not black
    visible = pixels[..., 3] > 0
    border = empty & (np.roll(visible, 1, 0) | np.roll(visible, -1, 0) | np.roll(visible, 1, 1) | np.roll(visible, -1, 1))
    assert border.any()
    visible_mean = pixels[visible][:, :3].mean()
    assert pixels[border][:, :3].mean() > 0.5 * visible_mean


def test_animation_frames_differ_and_units_differ(built_small):
    for unit, animation, direction in itertools.product(UNITS, ("idle", "move", "attack"), sprite_sets.DIRECTIONS):
        frames = [_rgba(built_small.root / f"out/sprites/unit/{unit}/{animation}_{direction}_{f}.png") for f in range(3)]
        for a, b in itertools.combinations(range(3), 2):
            assert not np.array_equal(frames[a], frames[b]), f"{unit} {animation} {direction}: frames {a} and {b} are equal"
    # different units, different silhouettes (same direction and frame)
    masks = [_rgba(built_small.root / f"out/sprites/unit/{unit}/idle_s_0.png")[..., 3] > 127 for unit in UNITS]
    iou = (masks[0] & masks[1]).sum() / (masks[0] | masks[1]).sum()
    assert iou < 0.6, iou


def test_units_fill_their_frame_sensibly(built_small):
    for unit in UNITS:
        alpha = _rgba(built_small.root / f"out/sprites/unit/{unit}/idle_e_0.png")[..., 3]
        rows = np.nonzero(alpha.any(axis=1))[0]
        assert rows[-1] - rows[0] + 1 >= 21, f"{unit} is a speck: {rows[-1] - rows[0] + 1} px tall"


def test_directions_turn_the_unit():
    """Direction e turns the model's front (+Z) to screen right (+X)."""
    transforms = {name: matrix for name, _, matrix in sprite_sets.unit_sprite_transforms("idle")}
    front = sprite_sets.apply(transforms["idle_e_0"], (0.0, 0.0, 1.0))
    assert front[0] == pytest.approx(1.0) and abs(front[2]) < 1e-9
    front = sprite_sets.apply(transforms["idle_s_0"], (0.0, 0.0, 1.0))
    assert front[2] == pytest.approx(1.0)


def test_all_frames_of_a_unit_share_one_camera():
    cameras = {json.dumps(sprite_sets.render_spec("unit", pose, SETTINGS)["camera"]) for pose in ("idle", "move", "attack")}
    assert len(cameras) == 1


@pytest.mark.parametrize("tile", TERRAIN)
def test_terrain_tiles_share_the_rig_so_they_line_up_on_the_hex_grid(built_small, tile):
    """The rendered tile's outline sits exactly where the shared rig projects the hex footprint."""
    camera = sprite_sets.camera_for("terrain", SETTINGS)
    corners = sprite_sets.hex_corners(SETTINGS["hex"]["circumradius_m"], 0.0)
    for k in range(8):
        turned = [sprite_sets.apply(sprite_sets.rotation_y(45.0 * k), c) for c in corners]
        pixels = np.array([sprite_sets.to_pixels(c, camera) for c in turned])
        alpha = _rgba(built_small.root / f"out/sprites/terrain/{tile}/day_r{k}.png")[..., 3] > 127
        columns = np.nonzero(alpha.any(axis=0))[0]
        rows = np.nonzero(alpha.any(axis=1))[0]
        # left, right and bottom of the opaque tile = the footprint's corners (pixel centres at +0.5)
        assert columns[0] + 0.5 == pytest.approx(pixels[:, 0].min(), abs=1.5), (k, columns[0], pixels[:, 0].min())
        assert columns[-1] + 0.5 == pytest.approx(pixels[:, 0].max(), abs=1.5), (k, columns[-1], pixels[:, 0].max())
        assert rows[-1] + 0.5 == pytest.approx(pixels[:, 1].max(), abs=1.5), (k, rows[-1], pixels[:, 1].max())


def test_neighbouring_hexes_meet_edge_to_edge_on_screen():
    """Two neighbours' projected footprints share an edge: placing sprites at the projected
    grid offsets tiles the map without gaps (pure rig arithmetic)."""
    camera = sprite_sets.camera_for("terrain", SETTINGS)
    radius = SETTINGS["hex"]["circumradius_m"]
    offset = (radius * math.sqrt(3), 0.0, 0.0)  # east neighbour of a pointy-top hex
    mine = {tuple(np.round(sprite_sets.to_pixels(c, camera), 6)) for c in sprite_sets.hex_corners(radius)}
    theirs = {tuple(np.round(sprite_sets.to_pixels(tuple(a + b for a, b in zip(c, offset)), camera), 6))
              for c in sprite_sets.hex_corners(radius)}
    assert len(mine & theirs) == 2


def test_hero_shot_has_sky_ground_and_the_wonder(built_small):
    pixels = _rgba(built_small.root / "out/sprites/wonder/pyramids.png").astype(float)
    assert (pixels[..., 3] == 255).all(), "a splash screen is opaque"
    sky, ground, centre = pixels[:60, :, :3].mean((0, 1)), pixels[-60:, :, :3].mean((0, 1)), pixels[440:640, 860:1060, :3]
    assert np.abs(sky - ground).sum() > 30, "sky and ground look alike"
    assert np.abs(centre - ground).sum(axis=2).mean() > 30, "no wonder in the middle"


def test_deleting_one_sprite_re_renders_that_mesh_only(built_small, tmp_path):
    project = copy_project(built_small, tmp_path / "copy")
    path = project.root / "out/sprites/unit/knight/attack_ne_2.png"
    good = path.read_bytes()
    path.unlink()
    before = project.outputs()
    run = project.doit()
    # its sheets are re-checked (the sprite stamp is new) but nothing else is rendered or rewritten
    assert run.executed - SUMMARY_TASKS == {"sprites:unit/knight_attack", "atlases:unit/knight",
                                            "contact_sheets:sprites_unit"}
    assert path.read_bytes() == good, "rendering is deterministic"
    after = project.outputs()
    assert {p for p in after if after[p] != before.get(p) and not p.startswith(SUMMARY_FILES)} == {
        "out/sprites/unit/knight/attack_ne_2.png"}


def test_render_script_edit_re_renders_every_sprite_and_identical_pixels_stop_there(built_small, tmp_path):
    project = copy_project(built_small, tmp_path / "copy")
    with open(project.root / "render/postprocess.py", "a") as source:
        source.write("\n# an edit to the render scripts\n")
    assert project.doit("stale").stdout.count("render scripts changed") == 12
    before = project.outputs()
    run = project.doit("-n", "2")
    rendered = {name for name in run.executed if name.startswith("sprites:")}
    assert rendered == {f"sprites:{name}" for name in (
        *(f"terrain/{t}" for t in TERRAIN), *(f"unit/{u}_{p}" for u in UNITS for p in ("idle", "move", "attack")),
        "building/granary", "resource/wheat", "wonder/pyramids")}
    # Cycles with a fixed seed renders the same pixels: no sprite, sheet or page is rewritten, no
    # contact sheet redrawn; only the manifest's fingerprints (and the copies of it) change
    after = project.outputs()
    assert {p for p in after if after[p] != before.get(p) and not p.startswith(SUMMARY_FILES)} == set()


def test_an_unreadable_mesh_fails_with_a_message_naming_it(tmp_path):
    broken = tmp_path / "broken.glb"
    broken.write_bytes(b"glTF not really")
    spec = sprite_sets.render_spec("resource", None, SETTINGS)
    with pytest.raises(render_client.RenderError) as failure:
        render_client.render_sprites(str(broken), spec, [str(tmp_path / "icon.png")])
    assert "broken.glb" in str(failure.value)
    assert not (tmp_path / "icon.png").exists()


def test_unknown_render_device_is_refused(monkeypatch):
    monkeypatch.setenv("BACKBAY_RENDER_DEVICE", "TPU")
    with pytest.raises(render_client.RenderError, match="BACKBAY_RENDER_DEVICE"):
        render_client.device_setting()
