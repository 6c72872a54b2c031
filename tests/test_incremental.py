"""Incremental exactness: an edit rebuilds exactly what it determines, nothing else."""
from __future__ import annotations

import json

import pytest

from conftest import REPO, SUMMARY_FILES, SUMMARY_TASKS, Project, copy_project
from pipeline import project as pipeline_project
from pipeline.catalog import load_catalog

UNIT_POSES = {"meshes:unit/warrior_idle", "meshes:unit/warrior_move", "meshes:unit/warrior_attack"}
WARRIOR_SPRITES = {"sprites:unit/warrior_idle", "sprites:unit/warrior_move", "sprites:unit/warrior_attack"}
ALL_UNITS = UNIT_POSES | {"meshes:unit/knight_idle", "meshes:unit/knight_move", "meshes:unit/knight_attack"}


def _rebuild_and_compare(project: Project):
    """Run doit; return (executed task names, paths whose bytes or mtime changed), summaries aside
    (the atlases stay in: which sheets an edit re-packs is part of what these tests pin down)."""
    before = project.outputs()
    run = project.doit()
    after = project.outputs()
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    return run.executed - SUMMARY_TASKS, {path for path in changed if not path.startswith(SUMMARY_FILES)}


def test_full_build_makes_every_output(built_small):
    outputs = built_small.outputs()
    assert len([p for p in outputs if p.startswith("out/materials/")]) == 3 * 5
    meshes = {p for p in outputs if p.startswith("out/meshes/")}
    assert meshes == {
        "out/meshes/terrain/hills_1.glb", "out/meshes/terrain/hills_2.glb", "out/meshes/terrain/forest_conifer_1.glb",
        "out/meshes/unit/warrior_idle.glb", "out/meshes/unit/warrior_move.glb", "out/meshes/unit/warrior_attack.glb",
        "out/meshes/unit/knight_idle.glb", "out/meshes/unit/knight_move.glb", "out/meshes/unit/knight_attack.glb",
        "out/meshes/building/granary.glb", "out/meshes/wonder/pyramids.glb", "out/meshes/resource/wheat.glb",
    }
    assert {p for p in outputs if p.startswith("out/portraits/")} == {
        f"out/portraits/rome_trajan/{role}.png" for role in ("full_1", "full_2", "full_3", "bust", "icon")}
    assert {p for p in outputs if p.startswith("out/icons/")} == {
        "out/icons/yield/food_64.png", "out/icons/status/happiness_64.png",
        "out/icons/technology/pottery_48.png", "out/icons/technology/pottery_64.png",
        "out/icons/technology/mining_48.png", "out/icons/technology/mining_64.png",
        "out/icons/resource_map/wheat_32.png"}
    assert {p for p in outputs if p.startswith("out/review/")} == {
        f"out/review/contact_{sheet}.png" for sheet in
        ("materials", "portraits", "icons_yield_status", "icons_technology", "icons_resource_map",
         "sprites_terrain", "sprites_unit", "sprites_building", "sprites_resource", "sprites_wonder")} | {
        "out/review/index.html"}
    sprites = [p for p in outputs if p.startswith("out/sprites/")]
    assert len(sprites) == 3 * 16 + 2 * 72 + 3  # terrain tiles, units, building + resource icons, hero shot
    assert not [p for p in outputs if "/." in p], "no temp files left behind"


def test_noop_run_executes_nothing(built_small, tmp_path):
    project = copy_project(built_small, tmp_path / "copy")
    executed, changed = _rebuild_and_compare(project)
    assert executed == set() and changed == set()
    assert "all 33 outputs up to date" in project.doit("stale").stdout


def test_unit_prompt_edit_rebuilds_its_three_poses_and_re_renders_its_72_sprites(built_small, tmp_path):
    project = copy_project(built_small, tmp_path / "copy")
    project.edit("assets.yaml", "carrying a heavy wooden club", "carrying a heavy stone-headed club")
    stale = project.doit("stale").stdout
    assert stale.count("prompt/spec changed (fallback_prompt, prompt, prompt_seed)") == 3, stale
    executed, changed = _rebuild_and_compare(project)
    assert executed == UNIT_POSES | WARRIOR_SPRITES | {"contact_sheets:sprites_unit", "atlases:unit/warrior"}
    warrior_sprites = {p for p in changed if p.startswith("out/sprites/unit/warrior/")}
    assert len(warrior_sprites) == 72
    assert changed == ({f"out/meshes/unit/warrior_{pose}.glb" for pose in ("idle", "move", "attack")}
                       | warrior_sprites | {"out/review/contact_sprites_unit.png"}
                       | {"out/atlases/units/warrior.png", "out/atlases/units/warrior.json"})


def test_unit_seed_edit_rewrites_only_its_three_meshes(built_small, tmp_path):
    project = copy_project(built_small, tmp_path / "copy")
    project.edit("assets.yaml", "    seed: 3000\n", "    seed: 3999\n")
    executed, changed = _rebuild_and_compare(project)
    assert executed == UNIT_POSES | WARRIOR_SPRITES | {"contact_sheets:sprites_unit", "atlases:unit/warrior"}
    assert {p for p in changed if p.startswith("out/meshes/")} == {
        f"out/meshes/unit/warrior_{pose}.glb" for pose in ("idle", "move", "attack")}
    assert all(p.startswith(("out/meshes/unit/warrior_", "out/sprites/unit/warrior/", "out/review/contact_sprites_unit",
                             "out/atlases/units/warrior.")) for p in changed)


def test_terrain_prompt_edit_rebuilds_its_variants_only(built_small, tmp_path):
    project = copy_project(built_small, tmp_path / "copy")
    project.edit("assets.yaml", "rolling green hills hex tile", "rolling green hills hex tile with wildflowers")
    executed, _ = _rebuild_and_compare(project)
    assert executed == {"meshes:terrain/hills_1", "meshes:terrain/hills_2", "sprites:terrain/hills_1",
                        "sprites:terrain/hills_2", "contact_sheets:sprites_terrain", "atlases:terrain"}


def test_leader_edit_rebuilds_that_leaders_portraits_and_their_sheet(built_small, tmp_path):
    project = copy_project(built_small, tmp_path / "copy")
    project.edit("assets.yaml", 'palette: ["#6a1a4a", "#d4a030", "#f0e8d8"]', 'palette: ["#1a4a6a", "#d4a030", "#f0e8d8"]')
    executed, changed = _rebuild_and_compare(project)
    assert executed == {"portraits:rome_trajan", "contact_sheets:portraits"}
    own = {f"out/portraits/rome_trajan/{r}.png" for r in ("full_1", "full_2", "full_3", "bust", "icon")}
    assert changed <= own | {"out/review/contact_portraits.png"}
    assert "out/portraits/rome_trajan/bust.png" in changed, "a new palette repaints the leader"


def test_technology_edit_remakes_its_two_files_only(built_small, tmp_path):
    project = copy_project(built_small, tmp_path / "copy")
    project.edit("assets.yaml", 'pickaxe, palette: ["#707070", "#8a5a3a"]', 'pickaxe, palette: ["#3070b0", "#8a5a3a"]')
    executed, changed = _rebuild_and_compare(project)
    assert executed == {"icons:technology/mining", "contact_sheets:icons_technology", "atlases:icons"}
    assert changed <= {"out/icons/technology/mining_48.png", "out/icons/technology/mining_64.png",
                       "out/review/contact_icons_technology.png",
                       "out/atlases/icons/page_0.png", "out/atlases/icons/page_0.json"}


def test_unit_style_edit_rebuilds_every_unit_and_nothing_else(built_small, tmp_path):
    project = copy_project(built_small, tmp_path / "copy")
    project.edit("assets.yaml", 'unit: {suffix: "single figure, full body, plain background"}',
                 'unit: {suffix: "single figure, full body, grey background"}')
    executed, _ = _rebuild_and_compare(project)
    assert executed == ALL_UNITS


def test_generator_source_edit_rebuilds_exactly_that_generators_outputs(built_small, tmp_path):
    project = copy_project(built_small, tmp_path / "copy")
    with open(project.root / "pipeline/backends/procedural/units.py", "a") as source:
        source.write("\n# an edit to the unit generator\n")
    stale = project.doit("stale").stdout
    assert stale.count("generator code changed") == 6, stale
    executed, _ = _rebuild_and_compare(project)
    # a comment changes no mesh byte: the sprites stay current (early cut-off)
    assert executed == ALL_UNITS


def test_shared_mesh_kit_edit_rebuilds_every_mesh_but_no_material(built_small, tmp_path):
    project = copy_project(built_small, tmp_path / "copy")
    with open(project.root / "pipeline/backends/procedural/meshkit.py", "a") as source:
        source.write("\n# an edit to the shared mesh kit\n")
    executed, _ = _rebuild_and_compare(project)
    assert executed == {name for name in _all_task_names(project) if name.startswith("meshes:")}


def test_deleting_one_output_rebuilds_that_task_only(built_small, tmp_path):
    project = copy_project(built_small, tmp_path / "copy")
    (project.root / "out/materials/brick_red/normal.png").unlink()
    (project.root / "out/meshes/wonder/pyramids.glb").unlink()
    stale = project.doit("stale").stdout
    assert "materials:brick_red: output missing: out/materials/brick_red/normal.png" in stale
    executed, changed = _rebuild_and_compare(project)
    # the materials' contact sheet looks again (a stamp was rewritten) but redraws nothing
    assert executed == {"materials:brick_red", "meshes:wonder/pyramids", "contact_sheets:materials"}
    assert changed == {"out/materials/brick_red/normal.png", "out/meshes/wonder/pyramids.glb"}


def test_corrupted_output_is_rebuilt(built_small, tmp_path):
    project = copy_project(built_small, tmp_path / "copy")
    path = project.root / "out/meshes/resource/wheat.glb"
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2])
    executed, _ = _rebuild_and_compare(project)
    assert executed == {"meshes:resource/wheat"}
    assert path.read_bytes() == good


def test_touched_but_identical_output_is_not_rebuilt(built_small, tmp_path):
    project = copy_project(built_small, tmp_path / "copy")
    (project.root / "out/meshes/resource/wheat.glb").touch()
    executed, _ = _rebuild_and_compare(project)
    assert executed == set()


def test_two_clean_builds_are_byte_identical(built_small, tmp_path):
    other = Project(tmp_path / "second")
    other.doit()
    first = {path: sha for path, (_, sha) in built_small.outputs().items()}
    second = {path: sha for path, (_, sha) in other.outputs().items()}
    assert first == second


def _all_task_names(project: Project) -> set[str]:
    listing = project.doit("list", "--all", "--quiet").stdout.split()
    return {name for name in listing if ":" in name}


# --- on the real catalog: which fingerprints an edit changes (no build needed) ---

def _digests(catalog) -> dict[str, str]:
    return {f"{t['basename']}:{t['name']}": t["uptodate"][0][1][1] for t in pipeline_project.generation_tasks(catalog)}


@pytest.mark.parametrize("edit", ["unit prompt", "terrain prompt", "unit style", "material size"])
def test_real_catalog_edit_changes_exactly_the_expected_fingerprints(tmp_path, edit):
    original = load_catalog(REPO / "assets.yaml")
    data = json.loads(json.dumps(original.data))
    if edit == "unit prompt":
        knight = next(u for u in data["units"] if u["id"] == "knight")
        knight["prompt"] += " with a red plume"
        expected = {f"meshes:unit/knight_{pose}" for pose in ("idle", "move", "attack")}
    elif edit == "terrain prompt":
        hills = next(t for t in data["terrain"] if t["id"] == "hills")
        hills["prompt"] += " under a light haze"
        expected = {f"meshes:terrain/hills_{v}" for v in range(1, hills["variants"] + 1)}
    elif edit == "unit style":
        data["style"]["kinds"]["unit"]["suffix"] += ", crisp outline"
        expected = {f"meshes:unit/{u['id']}_{pose}" for u in data["units"] for pose in ("idle", "move", "attack")}
    else:
        data["settings"]["material_size"] = 512
        expected = {f"materials:{m['id']}" for m in data["materials"] if "size" not in m}
    edited = type(original)(original.path, data)
    before, after = _digests(original), _digests(edited)
    assert before.keys() == after.keys()
    assert {name for name in before if before[name] != after[name]} == expected


def test_doit_clean_removes_one_tasks_outputs_and_stamp_and_doit_remakes_them(built_small, tmp_path):
    project = copy_project(built_small, tmp_path / "copy")
    maps = [project.root / f"out/materials/brick_red/{name}.png" for name in ("basecolor", "normal", "height")]
    before = [path.read_bytes() for path in maps]
    run = project.doit("clean", "materials:brick_red")
    assert "Cmd:" not in run.stdout  # paths are not run as shell commands
    assert not any(path.exists() for path in maps)
    assert not (project.root / ".build/stamps/materials/brick_red.json").exists()
    assert "materials:brick_red" in project.doit().executed
    assert [path.read_bytes() for path in maps] == before
