"""The manifest (out/manifest.yaml) and the export gate (checkpoint 5) on the small catalog."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
import trimesh
import yaml

from conftest import REPO, copy_project
from pipeline import manifest

NOT_LISTED = ("out/review/", "out/godot/")


def _load(project) -> dict:
    return yaml.safe_load((project.root / "out/manifest.yaml").read_text())


def _files_under_out(root: Path) -> set[str]:
    found = set()
    for path in (root / "out").rglob("*"):
        relative = str(path.relative_to(root))
        if path.is_file() and relative != "out/manifest.yaml" and not relative.startswith(NOT_LISTED):
            found.add(relative)
    return found


def test_manifest_matches_its_schema_and_lists_exactly_the_files_under_out(built_small):
    listed = _load(built_small)
    assert manifest.schema_errors(listed) == []
    paths = [entry["path"] for entry in listed["files"]]
    assert paths == sorted(paths) and len(paths) == len(set(paths))
    assert set(paths) == _files_under_out(built_small.root)
    assert listed["totals"] == {"files": len(paths), "bytes": sum(entry["bytes"] for entry in listed["files"])}
    for entry in listed["files"]:
        data = (built_small.root / entry["path"]).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (entry["bytes"], entry["sha256"]), entry["path"]


def test_manifest_entries_carry_kind_size_fingerprint_and_atlas_place(built_small):
    entries = {entry["path"]: entry for entry in _load(built_small)["files"]}
    root = built_small.root
    mesh = entries["out/meshes/unit/knight_idle.glb"]
    assert mesh["kind"] == "mesh" and mesh["asset"] == "knight" and mesh["task"] == "meshes:unit/knight_idle"
    assert mesh["triangles"] == len(trimesh.load(root / mesh["path"], force="mesh").faces)
    stamp = json.loads((root / ".build/stamps/meshes/unit/knight_idle.json").read_text())
    assert mesh["fingerprint"] == stamp["digest"]
    sprite = entries["out/sprites/unit/knight/idle_se_1.png"]
    assert (sprite["kind"], sprite["asset_kind"], sprite["width"], sprite["height"]) == ("sprite", "unit", 64, 64)
    assert sprite["prompt_hash"] == mesh["prompt_hash"]
    place = sprite["atlas"]
    assert place["page"] == "out/atlases/units/knight.png" and place["source_size"] == [64, 64]
    frame = json.loads((root / place["data"]).read_text())["frames"]["sprites/unit/knight/idle_se_1"]
    assert place["frame"] == [frame["frame"][k] for k in "xywh"]
    assert place["uv"] == [frame["uv"][k] for k in ("u0", "v0", "u1", "v1")]
    # a sprite's fingerprint covers its mesh: two units' sprites of one render spec differ
    knight, warrior = (entries[f"out/sprites/unit/{unit}/attack_s_0.png"]["fingerprint"] for unit in ("knight", "warrior"))
    assert knight != warrior and knight == entries["out/sprites/unit/knight/attack_n_2.png"]["fingerprint"]
    assert "atlas" not in entries["out/sprites/wonder/pyramids.png"]  # hero shots are not atlased
    assert entries["out/icons/technology/pottery_48.png"]["atlas"]["page"].startswith("out/atlases/icons/")
    page = entries[place["page"]]
    assert page["kind"] == "atlas_page" and page["asset"] == "knight" and page["task"] == "atlases:unit/knight"


def test_manifest_is_rewritten_only_when_something_in_it_changed(built_small, tmp_path):
    project = copy_project(built_small, tmp_path / "project")
    target = project.root / "out/manifest.yaml"
    before, mtime = _load(project), target.stat().st_mtime_ns
    assert "manifest" not in project.doit().executed  # a no-op build does not even run it
    project.edit("assets.yaml", "on a barded warhorse holding a long lance", "on a barded warhorse holding a long gilded lance")
    run = project.doit()
    assert "manifest" in run.executed
    after = _load(project)
    changed = {b["path"] for b, a in zip(before["files"], after["files"]) if a != b}
    assert [b["path"] for b in before["files"]] == [a["path"] for a in after["files"]]
    assert changed and all("knight" in path for path in changed), sorted(changed)
    # the knight's meshes, its 72 sprites and its sheet
    assert sum(path.startswith("out/sprites/unit/knight/") for path in changed) == 72
    assert {"out/atlases/units/knight.png", "out/atlases/units/knight.json"} <= changed
    # touching the catalog without changing what it makes runs the task but leaves the file alone
    mtime = target.stat().st_mtime_ns
    os.utime(project.root / "assets.yaml")
    assert "manifest" in project.doit().executed and target.stat().st_mtime_ns == mtime


# --- the export gate, on a copy with one planted defect per check ----------------------------

def _export_report(project) -> dict:
    return json.loads((project.root / "out/review/gates/export.json").read_text())


@pytest.fixture(scope="module")
def planted_export(built_small, tmp_path_factory):
    project = copy_project(built_small, tmp_path_factory.mktemp("export") / "project")
    link = project.root / "node_modules"
    if not link.exists():
        link.symlink_to(REPO / "node_modules")
    root = project.root
    # a wrong UV rectangle: the frame moved by one pixel in the knight's sheet
    data_path = root / "out/atlases/units/knight.json"
    data = json.loads(data_path.read_text())
    data["frames"]["sprites/unit/knight/idle_s_0"]["frame"]["x"] += 1
    data_path.write_text(json.dumps(data))
    (root / "out/sprites/unit/warrior/stray.png").write_bytes((root / "out/sprites/unit/warrior/idle_s_0.png").read_bytes())
    (root / "out/icons/yield/food_64.png").unlink()  # a listed file gone
    resource = root / "out/meshes/resource/wheat.glb"
    data = resource.read_bytes()
    os.unlink(resource)  # a new inode: the copy may share the original's
    resource.write_bytes(data[:-4] + b"\0\0\0\1")  # same size, other bytes
    project.edit("assets.yaml", "export: {max_total_mib: 32}", "export: {max_total_mib: 1}")
    return project, project.doit("gate_export", check=False)


def _failures(planted, check: str) -> list[dict]:
    project, run = planted
    report = _export_report(project)
    assert run.returncode != 0 and report["passed"] is False
    found = [f for f in report["failures"] if f["check"] == check]
    assert found and all(f["check"] in run.stdout + run.stderr for f in found)
    return found


def test_export_gate_passes_on_a_clean_build(built_small, tmp_path):
    project = copy_project(built_small, tmp_path / "project")
    (project.root / "node_modules").symlink_to(REPO / "node_modules")
    run = project.doit("gate_export", check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    report = _export_report(project)
    assert report["passed"] and report["failures"] == [] and report["checked"] == len(_load(project)["files"])


def test_export_gate_fails_on_a_wrong_uv_rectangle(planted_export):
    found = _failures(planted_export, "atlas page")
    knight = [f for f in found if f["path"] == "out/atlases/units/knight.json"]
    assert knight and all("idle_s_0" in f["value"] for f in knight)
    # the icon page lost a source (food_64 deleted): it cannot be proven either
    assert {f["path"] for f in found} == {"out/atlases/units/knight.json", "out/atlases/icons/page_0.json"}


def test_export_gate_fails_on_a_file_missing_from_the_manifest_or_the_disk(planted_export):
    assert [f["path"] for f in _failures(planted_export, "in manifest")] == ["out/sprites/unit/warrior/stray.png"]
    assert [f["path"] for f in _failures(planted_export, "file exists")] == ["out/icons/yield/food_64.png"]
    changed = _failures(planted_export, "sha256")
    assert [(f["asset"], f["path"]) for f in changed] == [("wheat", "out/meshes/resource/wheat.glb")]
    resized = _failures(planted_export, "bytes")  # the sheet's JSON we edited
    assert [f["path"] for f in resized] == ["out/atlases/units/knight.json"]


def test_export_gate_fails_over_the_size_budget(planted_export):
    [found] = _failures(planted_export, "total size (MiB)")
    assert found["limit"] == 1 and found["value"] > 1


def test_a_unit_removed_from_the_catalog_leaves_strays_that_the_gate_names_and_prune_removes(built_small, tmp_path):
    project = copy_project(built_small, tmp_path / "project")
    (project.root / "node_modules").symlink_to(REPO / "node_modules")
    text = project.catalog.read_text()
    start = text.index("  - id: knight\n")
    project.catalog.write_text(text[:start] + text[text.index("buildings:\n", start):])
    project.doit()
    assert not any("knight" in entry["path"] for entry in _load(project)["files"])
    run = project.doit("gate_export", check=False)
    strays = {f["path"] for f in _export_report(project)["failures"]}
    assert run.returncode != 0 and "doit prune" in run.stdout
    assert len(strays) == 3 + 72 + 2 and all("knight" in path for path in strays)  # meshes, sprites, sheet
    removed = project.doit("prune").stdout
    assert removed.count("removed out/") == len(strays)
    assert not (project.root / "out/sprites/unit/knight").exists()
    assert project.doit("gate_export", check=False).returncode == 0
    assert "no stray files" in project.doit("prune").stdout
