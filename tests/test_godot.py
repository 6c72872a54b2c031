"""The Godot export (`doit godot` -> out/godot/) and its load test (pipeline/godot_check.py).

Runs Godot 3 headless (godot3-server, installed by tools/system_deps.sh); skipped
only where it is not installed.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import Project, copy_project

pytestmark = pytest.mark.skipif(shutil.which("godot3-server") is None,
                                reason="godot3-server is not installed (tools/system_deps.sh installs it)")


def godot_check(root: Path, project: Path) -> subprocess.CompletedProcess:
    """python -m pipeline.godot_check with the pipeline copy of `root`."""
    return subprocess.run([sys.executable, "-m", "pipeline.godot_check", str(project)], cwd=root,
                          capture_output=True, text=True, timeout=600)


def manifest_of(project: Project) -> dict:
    return yaml.safe_load((project.root / "out" / "manifest.yaml").read_text())


def godot_files(project: Project) -> dict[str, int]:
    """{path under out/godot/: mtime_ns} of what the export writes (not Godot's import files)."""
    root = project.root / "out" / "godot"
    return {path.relative_to(root).as_posix(): path.stat().st_mtime_ns for path in root.rglob("*")
            if path.is_file() and not path.name.endswith(".import")
            and not path.relative_to(root).parts[0].startswith(".")}


@pytest.fixture(scope="module")
def checked(built_small: Project) -> subprocess.CompletedProcess:
    """The small catalog's Godot project, imported and checked once."""
    return godot_check(built_small.root, built_small.root / "out" / "godot")


def test_export_holds_every_manifest_file(built_small):
    godot = built_small.root / "out" / "godot"
    manifest = manifest_of(built_small)
    assert (godot / "manifest.yaml").read_bytes() == (built_small.root / "out" / "manifest.yaml").read_bytes()
    assert json.loads((godot / "manifest.json").read_text()) == manifest
    assert (godot / "project.godot").is_file() and (godot / "check.gd").is_file()
    for entry in manifest["files"]:
        relative = entry["path"][len("out/"):]
        if "atlas" in entry:
            tres = (godot / "assets" / relative).with_suffix(".tres").read_text()
            x, y, w, h = entry["atlas"]["frame"]
            assert f"region = Rect2( {x}, {y}, {w}, {h} )" in tres, entry["path"]
        else:
            copy = (godot / "assets" / relative).read_bytes()
            assert hashlib.sha256(copy).hexdigest() == entry["sha256"], entry["path"]


def test_small_catalog_passes_the_godot_check(built_small, checked):
    files = len(manifest_of(built_small)["files"])
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"GODOT CHECK: {files} files checked, 0 failures" in checked.stdout
    # Godot keeps its imports: a second check imports nothing
    again = godot_check(built_small.root, built_small.root / "out" / "godot")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "0 file(s) imported" in again.stdout


def test_planted_broken_references_fail_by_name(built_small, checked, tmp_path):
    project = tmp_path / "godot"
    shutil.copytree(built_small.root / "out" / "godot", project)  # imports included: only the plants re-import
    assets = project / "assets"
    manifest = json.loads((project / "manifest.json").read_text())
    planted = {}
    # an HTML page saved as .png (Godot loads it as an 8x8 placeholder)
    (assets / "materials/brick_red/basecolor.png").write_text("<html>not found</html>")
    planted["out/materials/brick_red/basecolor.png"] = "import failed"
    # a GLB cut short
    glb = assets / "meshes/unit/knight_idle.glb"
    glb.write_bytes(glb.read_bytes()[:3000])
    planted["out/meshes/unit/knight_idle.glb"] = "imported file missing"
    # a manifest entry whose file is not there
    manifest["files"].append({**manifest["files"][0], "path": "out/portraits/nobody/bust.png", "kind": "portrait"})
    planted["out/portraits/nobody/bust.png"] = "missing from the project"
    # a texture whose size differs from the manifest's
    entry = next(e for e in manifest["files"] if e["path"] == "out/portraits/rome_trajan/bust.png")
    entry["width"] += 1
    planted[entry["path"]] = "the manifest says"
    # an AtlasTexture whose region is not the manifest's frame
    member = next(e for e in manifest["files"] if "atlas" in e)
    tres = (assets / member["path"][len("out/"):]).with_suffix(".tres")
    x, y, w, h = member["atlas"]["frame"]
    tres.write_text(tres.read_text().replace(f"region = Rect2( {x}, {y}, ", f"region = Rect2( {x + 1}, {y}, "))
    planted[member["path"]] = "AtlasTexture region"
    # a unit without its SpriteFrames
    (assets / "sprites/unit/warrior/frames.tres").unlink()
    planted["out/atlases/units/warrior.json"] = "frames.tres is missing"
    (project / "manifest.json").write_text(json.dumps(manifest))

    done = godot_check(built_small.root, project)
    assert done.returncode == 1, done.stdout + done.stderr
    failures = [line for line in done.stdout.splitlines() if line.startswith("FAIL ")]
    for path, why in planted.items():
        assert any(line.startswith(f"FAIL {path}: ") and why in line for line in failures), (path, done.stdout)
    assert len(failures) == len(planted), done.stdout


def test_export_is_incremental(built_small, checked, tmp_path):
    project = copy_project(built_small, tmp_path / "copy")
    assert "godot" not in project.doit("godot").executed
    before = godot_files(project)

    # a changed material: only its files and the manifest are rewritten, and re-imported
    project.edit("assets.yaml", "polished bronze plate", "polished bronze shield")
    assert "godot" in project.doit("-n", "2").executed
    after = godot_files(project)
    changed = {path for path in before if after.get(path) != before[path]}
    assert changed and changed <= {*(f"assets/materials/bronze_polished/{name}.png" for name in
                                     ("basecolor", "normal", "roughness", "metallic", "height")),
                                   "manifest.yaml", "manifest.json"}, sorted(changed)
    done = godot_check(project.root, project.root / "out" / "godot")
    assert done.returncode == 0, done.stdout + done.stderr
    imported = sum(path.endswith(".png") for path in changed)
    assert f"godot check: {imported} file(s) imported" in done.stdout

    # an asset that leaves the catalog leaves the project, with Godot's .import beside it
    project.edit("assets.yaml", '      - {id: mining, era: ancient, motif: pickaxe, palette: ["#707070", "#8a5a3a"], '
                                'prompt: a pickaxe icon, seed: 8201}\n', "")
    project.doit("-n", "2")
    left = [path for path in (project.root / "out" / "godot" / "assets").rglob("*") if "mining" in path.name]
    assert not left
