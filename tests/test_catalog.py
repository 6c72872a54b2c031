"""The catalog: the real assets.yaml is complete; bad catalogs stop the run cleanly."""
from __future__ import annotations

import re
import shutil

import pytest
import yaml

from conftest import REPO, SMALL_CATALOG, Project, copy_project
from pipeline.catalog import CatalogError, load_catalog

SMALL = SMALL_CATALOG.read_text()

# (case, text to replace in the small catalog, replacement, fragments the message must contain)
BAD_CATALOGS = [
    ("unknown key", "    equipment: club\n", "    equipment: club\n    promt: oops\n",
     ["units[0].promt", "(units: warrior)", "unknown key 'promt'", "fix its spelling"]),
    ("wrong type", "    seed: 3000\n", "    seed: three thousand\n",
     ["units[0].seed", "type integer"]),
    ("duplicate id", "  - id: knight\n", "  - id: warrior\n",
     ["units[1]", "id 'warrior' is already used"]),
    ("path traversal id", "  - id: knight\n", "  - id: ../x\n",
     ["units[1].id", "lower-case letters, digits and underscores"]),
    ("id with spaces", "  - id: knight\n", "  - id: black knight\n",
     ["units[1].id", "lower-case letters"]),
    ("id with capitals", "  - id: knight\n", "  - id: Knight\n",
     ["units[1].id", "lower-case letters"]),
    ("missing prompt", "    prompt: armoured medieval knight on a barded warhorse holding a long lance\n", "",
     ["units[1]", "(units: knight)", "missing required key 'prompt'", "add it"]),
    ("negative variant count", "    variants: 2\n", "    variants: -2\n",
     ["terrain[0].variants", "(terrain: hills)", "≥ 1"]),
    ("zero variants", "    variants: 1\n", "    variants: 0\n",
     ["terrain[1].variants", "≥ 1"]),
    ("yaml syntax error", "    era: medieval\n", "    era: [medieval\n",
     ["YAML syntax error"]),
    ("bad indentation", "    archetype: mounted\n", "  archetype: mounted\n",
     ["YAML syntax error"]),
    ("duplicate key", "    seed: 3001\n", "    seed: 3001\n    seed: 3002\n",
     ["key 'seed' appears twice"]),
    ("unknown enum value", "    archetype: mounted\n", "    archetype: dragon\n",
     ["units[1].archetype", "use one of: foot, mounted"]),
    ("bad colour", '["#2a3f8a", "#c0c0c8", "#d4a030"]', '["navy", "#c0c0c8", "#d4a030"]',
     ["units[1].palette[0]"]),
    ("unknown material reference", "    material: grass_meadow\n", "    material: grass_meadowz\n",
     ["terrain[0].material", "'grass_meadowz' is not in materials"]),
    ("texture size not a power of two", "  material_size: 64\n", "  material_size: 1000\n",
     ["settings.material_size", "use one of: 32, 64"]),
    ("missing section", "units:\n", "unitz:\n",
     ["missing required key 'units'", "unknown key 'unitz'"]),
    ("blank prompt", "    prompt: a bound sheaf of golden ripe wheat standing upright\n", '    prompt: "     "\n',
     ["resources[0].prompt", "(resources: wheat)"]),
    ("variant name clash", "  - id: forest_conifer\n", "  - id: hills_2\n",
     ["terrain[1]", "id 'hills_2' is already used"]),
    ("icon for unknown resource", "      - {id: wheat, motif: wheat_ear", "      - {id: wheet, motif: wheat_ear",
     ["icons.resource_map.items[0]", "'wheet' is not a resource id"]),
    ("seed out of range", "    seed: 6000\n", "    seed: -5\n",
     ["resources[0].seed", "≥ 0"]),
]


@pytest.mark.parametrize("case,old,new,fragments", BAD_CATALOGS, ids=[c[0] for c in BAD_CATALOGS])
def test_bad_catalog_is_rejected_with_one_clear_message_and_nothing_written(tmp_path, case, old, new, fragments):
    project = Project(tmp_path / "project")
    assert SMALL.count(old) >= 1, case
    project.catalog.write_text(SMALL.replace(old, new, 1))
    run = project.doit(check=False)
    assert run.returncode == 2, run.stdout + run.stderr
    message = run.stderr
    assert "Traceback" not in message and "Traceback" not in run.stdout
    assert re.search(r"assets\.yaml:\d+", message), message  # names the file and the line
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} missing from:\n{message}"
    assert not (project.root / "out").exists()
    assert not (project.root / ".build").exists()


def test_empty_and_non_mapping_catalogs(tmp_path):
    for text, fragment in [("", "empty"), ("- just\n- a list\n", "list")]:
        path = tmp_path / "assets.yaml"
        path.write_text(text)
        with pytest.raises(CatalogError, match=fragment):
            load_catalog(path)
    with pytest.raises(CatalogError, match="catalog not found"):
        load_catalog(tmp_path / "missing.yaml")


def test_bad_catalog_after_a_build_leaves_outputs_and_state_untouched(built_small, tmp_path):
    project = copy_project(built_small, tmp_path / "copy")
    before = {p: p.stat().st_mtime_ns for p in project.root.rglob("*") if p.is_file() and p.name != "assets.yaml"}
    project.edit("assets.yaml", "    seed: 3000\n", "    seed: [3000\n")
    run = project.doit(check=False)
    assert run.returncode == 2 and "YAML syntax error" in run.stderr
    after = {p: p.stat().st_mtime_ns for p in project.root.rglob("*") if p.is_file() and p.name != "assets.yaml"}
    assert after == before


def test_real_catalog_holds_the_complete_asset_set():
    catalog = load_catalog(REPO / "assets.yaml")
    data = catalog.data
    assert len(catalog.materials()) == 28
    assert len(catalog.meshes("terrain")) == 58
    assert sum(1 for t in data["terrain"] if t["group"] == "base") == 10
    assert len(catalog.meshes("unit")) == 84
    assert len(catalog.meshes("building")) == 27
    assert len(catalog.meshes("wonder")) == 12
    assert len(catalog.meshes("resource")) == 25
    assert len(data["leaders"]) == 12
    groups = data["icons"]
    assert [len(groups[g]["items"]) for g in ("yield", "status", "technology", "resource_map")] == [6, 6, 70, 25]
    assert groups["technology"]["sizes"] == [48, 64]
    assert {i["id"] for i in groups["resource_map"]["items"]} == {r["id"] for r in data["resources"]}
    for section in ("materials", "terrain", "units", "buildings", "wonders", "resources", "leaders"):
        for entry in data[section]:
            assert len(entry["prompt"].split()) >= 8, f"{section}: {entry['id']} needs a real prompt"


def test_style_is_resolved_per_kind():
    catalog = load_catalog(SMALL_CATALOG)
    unit = catalog.meshes("unit")[0].spec
    wonder = catalog.meshes("wonder")[0].spec
    assert unit["prompt"].endswith("stylised hand-painted strategy game art, single figure, full body, plain background")
    assert "standing at rest" in unit["prompt"]
    assert "monumental landmark" in wonder["prompt"] and "single figure" not in wonder["prompt"]
    assert "notes" not in unit


def test_valid_catalog_is_cached_and_a_changed_one_validated_again(tmp_path):
    path = tmp_path / "assets.yaml"
    shutil.copy(SMALL_CATALOG, path)
    first = load_catalog(path, cache_dir=tmp_path / "build")
    assert (tmp_path / "build" / "catalog-cache.json").exists()
    assert load_catalog(path, cache_dir=tmp_path / "build").data == first.data
    data = yaml.safe_load(SMALL)
    data["units"][0]["seed"] = "x"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(CatalogError):  # a changed text is parsed and validated again
        load_catalog(path, cache_dir=tmp_path / "build")
