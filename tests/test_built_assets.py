"""What a build produces is valid: GLBs load in trimesh and Blender, pass Khronos'
validator, respect budgets and footprints; materials tile and stay in range."""
from __future__ import annotations

import math
import shutil

import numpy as np
import pytest
import trimesh
from PIL import Image

from conftest import REPO
from pipeline import layout
from pipeline.catalog import load_catalog
from pipeline.gates.blender_import import import_in_blender
from pipeline.gltf_validator import validate

needs_validator = pytest.mark.skipif(
    shutil.which("node") is None or not (REPO / "node_modules" / "gltf-validator").is_dir(),
    reason="glTF-Validator not installed (run `npm install`; make test does)")


def mesh_outputs(project):
    catalog = load_catalog(project.catalog)
    for kind in layout.MESH_KINDS:
        for output in catalog.meshes(kind):
            yield output, project.root / layout.mesh_path(kind, output.name)


def check_meshes(project):
    """Load every GLB of a built project and check budgets and bounds; returns the terrain bounds."""
    terrain_bounds = []
    for output, path in mesh_outputs(project):
        mesh = trimesh.load(path, file_type="glb", force="mesh")
        spec = output.spec
        assert 0 < len(mesh.faces) <= spec["budget"], f"{path.name}: {len(mesh.faces)} triangles"
        assert mesh.visual.kind == "vertex", f"{path.name}: no vertex colours"
        low, high = mesh.bounds
        assert abs(low[1]) < 1e-3, f"{path.name}: lowest point at y={low[1]}, not on the ground"
        if output.kind == "terrain":
            radius = spec["hex"]["circumradius_m"]
            assert high[1] <= spec["hex"]["base_thickness_m"] + spec["max_height"] + 1e-3
            terrain_bounds.append((path.name, low, high, radius))
        else:
            box = spec["bounds"]
            size = high - low
            assert size[0] <= box["width"] + 1e-3 and size[1] <= box["height"] + 1e-3 and size[2] <= box["depth"] + 1e-3, \
                f"{path.name}: {size} exceeds {box}"
            assert abs(low[0] + high[0]) < 1e-2 and abs(low[2] + high[2]) < 1e-2, f"{path.name}: not centred"
    for name, low, high, radius in terrain_bounds:  # every tile: the same hex footprint to 1 mm
        expected = np.array([radius * math.sqrt(3) / 2, radius])
        assert np.allclose(high[[0, 2]], expected, atol=1e-3), f"{name}: footprint {high[[0, 2]]}"
        assert np.allclose(-low[[0, 2]], expected, atol=1e-3), f"{name}: footprint {low[[0, 2]]}"
    return terrain_bounds


def check_hex_corners(path, radius):
    """The tile's outline is exactly the pointy-top hexagon: its 6 corners exist at ground level."""
    mesh = trimesh.load(path, file_type="glb", force="mesh")
    ground = mesh.vertices[np.abs(mesh.vertices[:, 1]) < 1e-4]
    for k in range(6):
        corner = np.array([radius * math.sin(math.radians(60 * k)), -radius * math.cos(math.radians(60 * k))])
        assert np.min(np.linalg.norm(ground[:, [0, 2]] - corner, axis=1)) < 1e-3, f"{path.name}: corner {k} missing"


def test_meshes_load_and_respect_budgets_and_footprints(built_small):
    tiles = check_meshes(built_small)
    assert len(tiles) == 3
    for name, _, _, radius in tiles:
        check_hex_corners(built_small.root / "out/meshes/terrain" / name, radius)


def test_meshes_import_cleanly_in_blender(built_small):
    paths = [str(path) for _, path in mesh_outputs(built_small)]
    report = import_in_blender(paths)
    for path in paths:
        result = report[path]
        assert result["ok"], f"{path}: {result['error']}"
        assert result["has_colours"], f"{path}: Blender sees no vertex colours"
        assert result["triangles"] == len(trimesh.load(path, force="mesh").faces)


@needs_validator
def test_meshes_pass_khronos_gltf_validator(built_small):
    paths = [str(path) for _, path in mesh_outputs(built_small)]
    report = validate(paths)
    for path in paths:
        assert report[path]["errors"] == 0, f"{path}: {report[path]['messages']}"


def _edge_vs_interior(image: np.ndarray, axis: int) -> tuple[float, float]:
    """Mean absolute difference across the wrap-around edge and between interior neighbours."""
    data = image.astype(float)
    first, last = np.take(data, 0, axis=axis), np.take(data, -1, axis=axis)
    wrap = np.abs(first - last).mean()
    interior = np.abs(np.diff(data, axis=axis)).mean()
    return wrap, interior


def check_materials(project):
    catalog = load_catalog(project.catalog)
    for output in catalog.materials():
        size = output.spec["size"]
        for name, relative in layout.material_maps(output.asset_id).items():
            image = Image.open(project.root / relative)
            assert image.size == (size, size), f"{relative}: {image.size}"
            assert image.mode == ("RGB" if name in ("basecolor", "normal") else "L"), f"{relative}: {image.mode}"
            pixels = np.asarray(image)
            for axis in (0, 1):
                wrap, interior = _edge_vs_interior(pixels, axis)
                assert wrap <= interior + 1e-9, f"{relative}: seam {wrap:.2f} > interior {interior:.2f} (axis {axis})"
            if name == "normal":
                vectors = pixels.astype(float) / 255.0 * 2.0 - 1.0
                length = np.linalg.norm(vectors, axis=2)
                assert np.abs(length - 1.0).mean() < 0.03, f"{relative}: normals not unit length"
        metallic = np.asarray(Image.open(project.root / layout.material_maps(output.asset_id)["metallic"])) / 255.0
        if output.spec["category"] == "metal":
            assert metallic.mean() > 0.6, f"{output.asset_id}: a metal must be metallic"
        else:
            assert metallic.mean() < 0.15, f"{output.asset_id}: a non-metal must not be metallic"
        basecolor = np.asarray(Image.open(project.root / layout.material_maps(output.asset_id)["basecolor"]))
        assert basecolor.std() > 3, f"{output.asset_id}: basecolor is near-uniform"


def test_materials_tile_seamlessly_and_stay_in_range(built_small):
    check_materials(built_small)
