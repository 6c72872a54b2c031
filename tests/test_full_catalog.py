"""The real catalog, built in full (slow: `make test-slow`, about ten minutes: 3,008 sprites,
the atlases, the manifest, the Godot project, then the five gates)."""
from __future__ import annotations

import pytest

import json

from conftest import REPO, SUMMARY_FILES, SUMMARY_TASKS, Project, copy_project
from test_built_assets import check_hex_corners, check_meshes, needs_validator

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


@needs_validator
def test_all_five_gates_pass_on_the_full_export(built_full):
    """Blender import, glTF-Validator, seams, portraits, sprites, manifest, atlas UVs, Godot load."""
    link = built_full.root / "node_modules"
    if not link.exists():
        link.symlink_to(REPO / "node_modules")
    gates = ("materials", "meshes", "portraits", "sprites", "export")
    run = built_full.doit("--continue", *(f"gate_{gate}" for gate in gates), check=False, timeout=1800)
    reports = {gate: json.loads((built_full.root / f"out/review/gates/{gate}.json").read_text()) for gate in gates}
    assert {gate: report["failures"][:5] for gate, report in reports.items() if not report["passed"]} == {}
    assert run.returncode == 0
    assert {gate: report["checked"] for gate, report in reports.items()} == {
        "materials": 140, "meshes": 206, "portraits": 60, "sprites": 3008,
        "export": reports["export"]["checked"]}
    assert reports["export"]["checked"] > 3500  # every file of the export, atlases included


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
    project.doit()  # the gallery shows the reports of gates that other tests may have run
    before = project.outputs()
    assert project.doit().executed == set(), "no-op"
    text = project.catalog.read_text()
    start = text.index("  - id: knight\n")
    at = text.index("    prompt: ", start) + len("    prompt: ")
    project.catalog.write_text(text[:at] + "heavily " + text[at:])
    poses = ("idle", "move", "attack")
    assert project.doit().executed - SUMMARY_TASKS == ({f"meshes:unit/knight_{pose}" for pose in poses}
                                                       | {f"sprites:unit/knight_{pose}" for pose in poses}
                                                       | {"contact_sheets:sprites_unit", "atlases:unit/knight"})
    after = project.outputs()
    changed = {path for path in before.keys() | after.keys()
               if before.get(path) != after.get(path) and not path.startswith(SUMMARY_FILES)}
    knight = {p for p in changed if p.startswith("out/sprites/unit/knight/")}
    assert len(knight) == 72
    assert changed == knight | {f"out/meshes/unit/knight_{pose}.glb" for pose in poses} | {
        "out/review/contact_sprites_unit.png", "out/atlases/units/knight.png", "out/atlases/units/knight.json"}
