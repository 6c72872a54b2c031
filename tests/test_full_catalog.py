"""The real catalog, built in full (slow: `make test-slow`, about six minutes: 3,008 sprites)."""
from __future__ import annotations

import pytest

from conftest import REPO, Project, copy_project
from test_built_assets import check_hex_corners, check_materials, check_meshes, mesh_outputs, needs_validator
from pipeline.gates.blender_import import import_in_blender
from pipeline.gltf_validator import validate

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built_full(tmp_path_factory) -> Project:
    project = Project(tmp_path_factory.mktemp("full"), catalog=REPO / "assets.yaml")
    project.doit("-n", "2", timeout=1800)
    return project


def test_every_mesh_within_budget_and_footprint(built_full):
    tiles = check_meshes(built_full)
    assert len(tiles) == 58
    for name, _, _, radius in tiles:
        check_hex_corners(built_full.root / "out/meshes/terrain" / name, radius)


def test_every_mesh_imports_in_blender(built_full):
    paths = [str(path) for _, path in mesh_outputs(built_full)]
    assert len(paths) == 58 + 84 + 27 + 12 + 25
    report = import_in_blender(paths, timeout=1200)
    failures = {path: result["error"] for path, result in report.items() if not result["ok"]}
    assert not failures


@needs_validator
def test_every_mesh_passes_gltf_validator(built_full):
    report = validate([str(path) for _, path in mesh_outputs(built_full)])
    assert {path: r["messages"] for path, r in report.items() if r["errors"]} == {}


def test_every_material_tiles_and_stays_in_range(built_full):
    check_materials(built_full)


def test_every_sprite_is_rendered_at_its_size(built_full):
    from PIL import Image
    sizes = {"terrain": (256, 256), "unit": (64, 64), "building": (128, 128), "resource": (64, 64),
             "wonder": (1920, 1080)}
    counts = {}
    for path in (built_full.root / "out/sprites").rglob("*.png"):
        kind = path.relative_to(built_full.root / "out/sprites").parts[0]
        counts[kind] = counts.get(kind, 0) + 1
        with Image.open(path) as image:
            assert image.size == sizes[kind], path
    assert counts == {"terrain": 928, "unit": 2016, "building": 27, "resource": 25, "wonder": 12}


def test_unit_prompt_edit_on_the_real_catalog_rebuilds_exactly_its_poses_and_sprites(built_full, tmp_path):
    project = copy_project(built_full, tmp_path / "copy")
    before = project.outputs()
    assert project.doit().executed == set(), "no-op"
    text = project.catalog.read_text()
    start = text.index("  - id: knight\n")
    at = text.index("    prompt: ", start) + len("    prompt: ")
    project.catalog.write_text(text[:at] + "heavily " + text[at:])
    poses = ("idle", "move", "attack")
    assert project.doit().executed == ({f"meshes:unit/knight_{pose}" for pose in poses}
                                       | {f"sprites:unit/knight_{pose}" for pose in poses}
                                       | {"contact_sheets:sprites_unit"})
    after = project.outputs()
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    knight = {p for p in changed if p.startswith("out/sprites/unit/knight/")}
    assert len(knight) == 72
    assert changed == knight | {f"out/meshes/unit/knight_{pose}.glb" for pose in poses} | {
        "out/review/contact_sprites_unit.png"}
