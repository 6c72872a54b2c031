"""Quality gates 1-4 (pipeline/gates/): they pass on a clean build of the small catalog and
fail, naming asset, check and value, on planted defects. Real doit runs in project copies."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
import trimesh
from PIL import Image
from scipy import ndimage

from conftest import REPO, copy_project
from pipeline import fsutil
from pipeline.backends.procedural.meshkit import export_glb
from pipeline.catalog import load_catalog
from pipeline.gates import cache, materials, sprites

GATES = ("materials", "meshes", "portraits", "sprites")

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not (REPO / "node_modules" / "gltf-validator").is_dir(),
    reason="glTF-Validator not installed (run `npm install`; make test does)")


def _link_validator(project) -> None:
    """The copy's pipeline/gltf_validator.py looks for node_modules next to it."""
    link = project.root / "node_modules"
    if not link.exists():
        link.symlink_to(REPO / "node_modules")


def _report(project, gate: str) -> dict:
    return json.loads((project.root / f"out/review/gates/{gate}.json").read_text())


@pytest.fixture(scope="module")
def gated(built_small):
    """The small build with every gate run once (this also fills the measurement caches)."""
    _link_validator(built_small)
    return built_small, {gate: built_small.doit(f"gate_{gate}", check=False) for gate in GATES}


def test_every_gate_passes_on_a_clean_build(gated):
    project, runs = gated
    counts = {"materials": 15, "meshes": 12, "portraits": 5, "sprites": 48 + 144 + 3}
    for gate, run in runs.items():
        assert run.returncode == 0, run.stdout + run.stderr
        report = _report(project, gate)
        assert report == {"gate": gate, "passed": True, "checked": counts[gate], "failures": []}
        assert f"gate {gate}: passed ({counts[gate]} files checked" in run.stdout
        assert (project.root / f"out/review/gates/{gate}.txt").read_text().startswith(f"gate {gate}: passed")


# --- planted defects: one copy of the build, one defect per check below ---

def _write_png(path, pixels) -> None:
    fsutil.write_atomic(path, b"")  # a new inode: never write through a hard link
    Image.fromarray(pixels).save(path)


def _plant_seam(root) -> None:
    """A brightness ramp across the basecolor: the left and right edges no longer meet."""
    path = root / "out/materials/brick_red/basecolor.png"
    pixels = np.asarray(Image.open(path)).astype(float)
    ramp = pixels + np.linspace(0, 60, pixels.shape[1])[None, :, None]
    _write_png(path, np.clip(ramp, 0, 255).astype(np.uint8))


def _load(path) -> trimesh.Trimesh:
    return trimesh.load(path, file_type="glb", force="mesh", process=False)


def _plant_hole(path) -> None:
    """Remove one triangle: three edges of the shell are open."""
    mesh = _load(path)
    holed = trimesh.Trimesh(mesh.vertices, mesh.faces[1:], vertex_colors=mesh.visual.vertex_colors, process=False)
    fsutil.write_atomic(path, export_glb(holed))


def _plant_over_budget(path, budget: int) -> None:
    """Subdivide until over the budget (still closed, same shape)."""
    mesh = _load(path)
    vertices, faces = mesh.vertices, mesh.faces
    while len(faces) <= budget:
        vertices, faces = trimesh.remesh.subdivide(vertices, faces)
    fsutil.write_atomic(path, export_glb(trimesh.Trimesh(vertices, faces, process=False)))


def _plant_flat_portrait(root) -> None:
    noise = np.random.default_rng(0).integers(0, 3, (512, 512, 3))
    _write_png(root / "out/portraits/rome_trajan/bust.png", (128 + noise).astype(np.uint8))


def _plant_fringe(root) -> None:
    """A faint haze up to 6 px around the knight, as a background-removal matte leaves."""
    path = root / "out/sprites/unit/knight/idle_s_0.png"
    pixels = np.asarray(Image.open(path)).copy()
    ring = ndimage.binary_dilation(pixels[..., 3] > 0, iterations=6) & (pixels[..., 3] == 0)
    pixels[ring, 3] = 12
    _write_png(path, pixels)


def _plant_copied_silhouette(root) -> None:
    """The knight's idle frame seen from the north is the warrior's: two units, one silhouette."""
    source = root / "out/sprites/unit/warrior/idle_n_0.png"
    _write_png(root / "out/sprites/unit/knight/idle_n_0.png", np.asarray(Image.open(source)))


@pytest.fixture(scope="module")
def planted(gated, tmp_path_factory):
    project = copy_project(gated[0], tmp_path_factory.mktemp("planted") / "project")
    root = project.root
    _plant_seam(root)
    _plant_hole(root / "out/meshes/terrain/hills_1.glb")
    _plant_hole(root / "out/meshes/unit/knight_move.glb")
    _plant_over_budget(root / "out/meshes/unit/warrior_idle.glb", 10000)
    _plant_flat_portrait(root)
    _plant_fringe(root)
    _plant_copied_silhouette(root)
    return project, {gate: project.doit(f"gate_{gate}", check=False) for gate in GATES}


def _failure(planted, gate: str, asset: str, check: str) -> dict:
    """The one failure of `check` for `asset`; the gate failed and its output names it."""
    project, runs = planted
    run, report = runs[gate], _report(project, gate)
    assert run.returncode != 0 and report["passed"] is False
    found = [f for f in report["failures"] if f["asset"] == asset and f["check"] == check]
    assert len(found) == 1, report["failures"]
    output = run.stdout + run.stderr
    assert asset in output and check in output and json.dumps(found[0]["value"]) in output
    assert check in (project.root / f"out/review/gates/{gate}.txt").read_text()
    return found[0]


def test_a_non_seamless_material_fails(planted):
    found = _failure(planted, "materials", "brick_red", "seam_left/right")
    assert found["path"] == "out/materials/brick_red/basecolor.png"
    assert found["value"] > 3 * found["limit"]
    assert len(_report(planted[0], "materials")["failures"]) == 1  # the other maps still pass


def test_a_non_manifold_mesh_fails(planted):
    for asset in ("hills", "knight"):  # terrain welded, a composed unit by its own indices
        found = _failure(planted, "meshes", asset, "non_manifold_edges")
        assert found["value"] >= 3 and found["limit"] == 0


def test_an_over_budget_mesh_fails(planted):
    found = _failure(planted, "meshes", "warrior", "triangles")
    assert found == {"asset": "warrior", "path": "out/meshes/unit/warrior_idle.glb", "check": "triangles",
                     "value": found["value"], "limit": 10000}
    assert found["value"] > 10000


def test_a_near_uniform_portrait_fails(planted):
    found = _failure(planted, "portraits", "rome_trajan", "near_uniform")
    assert found["path"] == "out/portraits/rome_trajan/bust.png" and found["value"] < found["limit"]


def test_a_sprite_with_a_fringe_fails(planted):
    found = _failure(planted, "sprites", "knight", "fringe_px")
    assert found["path"] == "out/sprites/unit/knight/idle_s_0.png"
    assert found["value"] > found["limit"]


def test_two_units_with_one_silhouette_fail(planted):
    found = _failure(planted, "sprites", "warrior", "silhouette_iou_vs_knight")
    assert found["value"] == 1.0 and found["path"] == "out/sprites/unit/warrior/idle_n_0.png"


def test_check_output_judges_one_asset_for_a_retry(planted, monkeypatch):
    """The per-output entry point a GPU backend's retry policy calls (paths relative to the project)."""
    project, _ = planted
    monkeypatch.chdir(project.root)
    catalog = load_catalog(project.catalog)
    by_id = {output.asset_id: (output, paths) for output, paths in materials.outputs(catalog)}
    assert [f["check"] for f in materials.check_output(*by_id["brick_red"], cache_folder=None)] == ["seam_left/right"]
    assert materials.check_output(*by_id["grass_meadow"], cache_folder=None) == []
    knight_idle = next(item for item in sprites.outputs(catalog) if item[0].name == "knight_idle")
    assert "fringe_px" in {f["check"] for f in sprites.check_output(*knight_idle, cache_folder=None)}


def test_measurements_are_cached_by_content(tmp_path):
    calls = []

    def measure(path):
        calls.append(path)
        return {"bytes": len(open(path, "rb").read())}

    a, b = tmp_path / "a.png", tmp_path / "b.png"
    a.write_bytes(b"one")
    b.write_bytes(b"two")
    paths = [str(a), str(b), str(tmp_path / "missing.png")]
    first = cache.MeasurementCache("test", "code-1", str(tmp_path / "cache")).measure_all(paths, cache.each(measure))
    assert first == {str(a): {"bytes": 3}, str(b): {"bytes": 3}, str(tmp_path / "missing.png"): None}
    b.write_bytes(b"three")
    a.touch()  # touched, same bytes: hashed, not measured again
    again = cache.MeasurementCache("test", "code-1", str(tmp_path / "cache")).measure_all(paths, cache.each(measure))
    assert again[str(b)] == {"bytes": 5} and calls == [str(a), str(b), str(b)]
    cache.MeasurementCache("test", "code-2", str(tmp_path / "cache")).measure_all(paths, cache.each(measure))
    assert calls[3:] == [str(a), str(b)]  # new gate code: everything again
