"""pipeline/mesh_postprocess.py: raw GPU-like meshes made here -> finished meshes that pass the mesh gate."""
from __future__ import annotations

import io
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
import trimesh

from pipeline import gltf_validator
from pipeline.catalog import Output, load_catalog
from pipeline.gates import meshes
from pipeline.mesh_postprocess import MeshPostprocessError, finish_mesh, orientation

REPO = Path(__file__).resolve().parent.parent


def _glb(mesh) -> bytes:
    buffer = io.BytesIO()
    mesh.export(buffer, file_type="glb")
    return buffer.getvalue()


def _load(data: bytes) -> trimesh.Trimesh:
    return trimesh.load(io.BytesIO(data), file_type="glb", force="mesh", process=False)


@pytest.fixture(scope="module")
def outputs() -> dict[str, Output]:
    catalog = load_catalog(REPO / "tests" / "data" / "small_catalog.yaml")
    return {kind: catalog.meshes(kind)[0] for kind in ("unit", "terrain")}


def _raw_unit() -> trimesh.Trimesh:
    """Like a raw Hunyuan3D mesh in a Z-up, front -Y frame: dense (327k triangles), noisy, closed,
    37x too big, off centre; tall along Z with a nose on its front; plus three tiny floaters."""
    body = trimesh.creation.icosphere(subdivisions=7)
    v = body.vertices
    v[:, 2] *= 1.6
    v[:, 1] -= 0.6 * np.clip(-v[:, 1] - 0.6, 0, None) / 0.4  # the nose points to -Y
    v += np.random.default_rng(1).normal(0, 0.003, v.shape)
    specks = [trimesh.creation.box(extents=(0.02, 0.02, 0.02)) for _ in range(3)]
    for k, speck in enumerate(specks):
        speck.apply_translation((1.5 + k, 0.2, -0.8))  # far out: kept, they would change the scale
    mesh = trimesh.util.concatenate([body, *specks])
    mesh.apply_scale(37.0)
    mesh.apply_translation((11.0, -4.0, 6.0))
    return mesh


@pytest.fixture(scope="module")
def unit(outputs):
    raw = _raw_unit()
    return raw, finish_mesh(_glb(raw), outputs["unit"].spec, source_up="Z", source_front="-Y")


def test_unit_is_within_budget_closed_and_one_piece(unit, outputs):
    raw, finished = unit
    mesh = _load(finished)
    assert len(raw.faces) > 300_000
    assert 0.9 * outputs["unit"].spec["budget"] < len(mesh.faces) <= outputs["unit"].spec["budget"]
    assert meshes._bad_edges(np.asarray(mesh.faces)) == 0  # closed in, closed out (the gate's own test)
    assert len(mesh.split(only_watertight=False)) == 1  # the floaters are gone


def test_unit_is_y_up_front_plus_z_and_fills_its_bounds(unit, outputs):
    mesh = _load(unit[1])
    bounds = outputs["unit"].spec["bounds"]
    low, high = mesh.bounds
    size = high - low
    assert abs(low[1]) < 1e-4 and np.abs((low + high)[[0, 2]] / 2).max() < 1e-3  # on the ground, centred
    assert size[1] == pytest.approx(bounds["height"], abs=1e-3)  # the tall axis (source Z) is now Y
    assert size[0] <= bounds["width"] and size[2] <= bounds["depth"]
    assert np.asarray(mesh.vertices)[:, 2].mean() < -0.1  # centred on its box, the body sits behind its nose (+Z)
    assert size[0] == pytest.approx(size[1] / 1.6, rel=0.03)  # uniform scale: proportions kept


def test_unit_has_palette_colours_and_deterministic_bytes(unit, outputs):
    raw, finished = unit
    colours = np.asarray(_load(finished).visual.vertex_colors)[:, :3]
    assert len(np.unique(colours, axis=0)) > 20
    assert finish_mesh(_glb(raw), outputs["unit"].spec, source_up="Z", source_front="-Y") == finished


def _raw_terrain() -> trimesh.Trimesh:
    """A dense heightfield blob (Y up, 3x too big, off centre): a flat slab of land with one
    hill off to +X, its surface a 260 x 260 grid, plus a floater above it."""
    n = 260
    x, z = np.meshgrid(np.linspace(-1, 1, n), np.linspace(-1.15, 1.15, n), indexing="ij")
    y = 0.2 + 0.5 * np.exp(-((x - 0.4) ** 2 + z ** 2) / 0.05)
    grid = np.arange(n * n).reshape(n, n)
    a, b, c, d = grid[:-1, :-1].ravel(), grid[1:, :-1].ravel(), grid[1:, 1:].ravel(), grid[:-1, 1:].ravel()
    faces = np.concatenate([np.column_stack([a, d, b]), np.column_stack([b, d, c])])
    surface = trimesh.Trimesh(np.column_stack([x.ravel(), y.ravel(), z.ravel()]), faces, process=False)
    floater = trimesh.creation.icosphere(subdivisions=1, radius=0.01).apply_translation((0, 2.0, 0))
    mesh = trimesh.util.concatenate([surface, floater])
    mesh.apply_scale(3.0)
    mesh.apply_translation((4.0, 1.0, -2.0))
    return mesh


@pytest.fixture(scope="module")
def terrain(outputs):
    return finish_mesh(_glb(_raw_terrain()), outputs["terrain"].spec)


def test_terrain_sits_exactly_on_the_shared_hex(terrain, outputs):
    spec = outputs["terrain"].spec
    radius, base = spec["hex"]["circumradius_m"], spec["hex"]["base_thickness_m"]
    mesh = _load(terrain)
    v = np.asarray(mesh.vertices)
    assert len(mesh.faces) <= spec["budget"]
    assert abs(v[:, 1].min()) < 1e-4 and v[:, 1].max() <= base + spec["max_height"] + 1e-3
    half = np.array([radius * math.sqrt(3) / 2, radius])
    assert np.abs(v[:, [0, 2]].max(axis=0) - half).max() < 1e-3
    assert np.abs(-v[:, [0, 2]].min(axis=0) - half).max() < 1e-3
    ground = v[v[:, 1] < 1e-4][:, [0, 2]]
    for k in range(6):  # corner 0 points to -Z
        corner = radius * np.array([math.sin(math.radians(60 * k)), -math.cos(math.radians(60 * k))])
        assert np.linalg.norm(ground - corner, axis=1).min() < 1e-3
    rim = v[np.abs(np.linalg.norm(v[:, [0, 2]], axis=1) - radius) < 1e-3]  # corners: shared rim height
    assert np.allclose(np.sort(np.unique(np.round(rim[:, 1], 3))), [0.0, base], atol=1e-3)


def test_terrain_keeps_the_raw_relief_and_colours(terrain, outputs):
    spec = outputs["terrain"].spec
    mesh = _load(terrain)
    v = np.asarray(mesh.vertices)
    top = v[v[:, 1] > spec["hex"]["base_thickness_m"] + 1.0]
    assert len(top) and top[:, 0].mean() > 1.0  # the hill is still off to +X
    assert v[:, 1].max() < spec["hex"]["base_thickness_m"] + spec["max_height"] - 0.5  # the floater is gone
    assert len(np.unique(np.asarray(mesh.visual.vertex_colors), axis=0)) > 10
    assert finish_mesh(_glb(_raw_terrain()), spec) == terrain


def test_finished_meshes_pass_the_mesh_gate(unit, terrain, outputs, tmp_path):
    """Khronos glTF-Validator, the Blender import and the gate's own checks, as a retry policy runs them."""
    if shutil.which("node") is None or not (REPO / "node_modules" / "gltf-validator").is_dir():
        pytest.skip("glTF-Validator needs node and `npm install`")
    pytest.importorskip("bpy")
    for kind, data in (("unit", unit[1]), ("terrain", terrain)):
        path = tmp_path / f"{kind}.glb"
        path.write_bytes(data)
        assert gltf_validator.validate([str(path)])[str(path)]["errors"] == 0
        assert meshes.check_output(outputs[kind], {"mesh": str(path)}, cache_folder=None) == [], kind


def test_a_raw_mesh_over_the_box_fails_the_gate_check(outputs, tmp_path):
    """The gate check above can fail: the same raw mesh, unfinished, breaks the rules."""
    if shutil.which("node") is None or not (REPO / "node_modules" / "gltf-validator").is_dir():
        pytest.skip("glTF-Validator needs node and `npm install`")
    pytest.importorskip("bpy")
    path = tmp_path / "raw.glb"
    path.write_bytes(_glb(trimesh.creation.box(extents=(9.0, 9.0, 9.0))))
    checks = {f["check"] for f in meshes.check_output(outputs["unit"], {"mesh": str(path)}, cache_folder=None)}
    assert {"size_m", "ground_y_m"} <= checks


def test_orientation_maps_the_source_axes():
    rotation = orientation("Z", "-Y")[:3, :3]
    assert np.allclose(rotation @ [0, 0, 1], [0, 1, 0]) and np.allclose(rotation @ [0, -1, 0], [0, 0, 1])
    assert np.isclose(np.linalg.det(rotation), 1.0)
    assert np.allclose(orientation("Y", "+Z"), np.eye(4))
    with pytest.raises(ValueError):
        orientation("Y", "-Y")
    with pytest.raises(ValueError):
        orientation("W", "Z")


def test_bad_inputs_raise_the_typed_error(outputs):
    spec = outputs["unit"].spec
    with pytest.raises(MeshPostprocessError, match="not a GLB"):
        finish_mesh(b"solid cube\nendsolid\n", spec)
    points = trimesh.PointCloud(np.random.default_rng(0).random((20, 3)))
    with pytest.raises(MeshPostprocessError, match="no triangles"):
        finish_mesh(_glb(trimesh.Scene(points)), spec)
    flat = trimesh.Trimesh([[0, 0, 0], [1, 0, 0], [2, 0, 0], [0, 0, 0]], [[0, 1, 2], [0, 3, 1]], process=False)
    with pytest.raises(MeshPostprocessError, match="degenerate"):
        finish_mesh(_glb(flat), spec)
    truncated = _glb(trimesh.creation.box())[:60]
    with pytest.raises(MeshPostprocessError):
        finish_mesh(truncated, spec)


# --- non-manifold input: ComfyUI VoxelToMeshBasic-like blocky meshes ---

_QUADS = {  # exposed face of a unit voxel towards each direction, counter-clockwise from outside
    (1, 0, 0): [(1, 0, 0), (1, 1, 0), (1, 1, 1), (1, 0, 1)],
    (-1, 0, 0): [(0, 0, 0), (0, 0, 1), (0, 1, 1), (0, 1, 0)],
    (0, 1, 0): [(0, 1, 0), (0, 1, 1), (1, 1, 1), (1, 1, 0)],
    (0, -1, 0): [(0, 0, 0), (1, 0, 0), (1, 0, 1), (0, 0, 1)],
    (0, 0, 1): [(0, 0, 1), (1, 0, 1), (1, 1, 1), (0, 1, 1)],
    (0, 0, -1): [(0, 0, 0), (0, 1, 0), (1, 1, 0), (1, 0, 0)],
}


def _voxel_mesh(occupied: np.ndarray) -> trimesh.Trimesh:
    """What VoxelToMeshBasic emits: every exposed voxel face as a quad of its own 4 vertices."""
    padded = np.pad(occupied, 1)
    vertices, faces = [], []
    for (dx, dy, dz), corners in _QUADS.items():
        neighbour = np.roll(padded, (-dx, -dy, -dz), axis=(0, 1, 2))[1:-1, 1:-1, 1:-1]
        cells = np.argwhere(occupied & ~neighbour)
        base = sum(len(v) for v in vertices) + 4 * np.arange(len(cells))[:, None]
        vertices.append((cells[:, None, :] + np.array(corners)[None]).reshape(-1, 3))
        faces.append(np.concatenate([base + [0, 1, 2], base + [0, 2, 3]]))
    return trimesh.Trimesh(np.concatenate(vertices) * 0.01, np.concatenate(faces), process=False)


def _raw_voxels() -> trimesh.Trimesh:
    """A voxelised sphere (radius 30 voxels) with a lumpy surface, two blocks on top that meet only
    along an edge, and a single voxel touching the sphere only along an edge."""
    n = 72
    g = np.indices((n, n, n)).astype(float) - 35.5
    occupied = np.sqrt((g ** 2).sum(axis=0)) <= 30 + 2 * np.sin(g[0] / 4) * np.cos(g[2] / 5)
    occupied[30:36, 66:70, 30:36] = True  # a block on the top ...
    occupied[36:42, 70:71, 36:42] = True  # ... and one meeting it only along an edge
    top = np.argwhere(occupied[:, :, 36].any(axis=1))[:, 0].max()
    occupied[top + 1, 35, 37] = True  # edge contact with the sphere's side (or nothing worse)
    return _voxel_mesh(occupied)


@pytest.fixture(scope="module")
def voxels(outputs):
    raw = _raw_voxels()
    return raw, finish_mesh(_glb(raw), outputs["unit"].spec)


def test_voxel_input_is_not_manifold():
    welded = _raw_voxels()
    welded.merge_vertices()
    assert meshes._bad_edges(np.asarray(welded.faces)) > 0  # edges of four faces where voxels touch


def test_voxel_mesh_comes_out_closed_within_budget_and_bounds(voxels, outputs):
    spec = outputs["unit"].spec
    mesh = _load(voxels[1])
    assert 0.5 * spec["budget"] < len(mesh.faces) <= spec["budget"]
    assert meshes._bad_edges(np.asarray(mesh.faces)) == 0  # the gate's own closed test
    low, high = mesh.bounds
    box = spec["bounds"]
    assert abs(low[1]) < 1e-4 and np.abs((low + high)[[0, 2]] / 2).max() < 1e-3
    size = high - low
    assert np.all(size <= [box["width"] + 1e-3, box["height"] + 1e-3, box["depth"] + 1e-3])
    assert max(size[0] / box["width"], size[1] / box["height"], size[2] / box["depth"]) > 0.999
    assert mesh.volume > 0  # wound outward
    assert len(np.unique(np.asarray(mesh.visual.vertex_colors), axis=0)) > 20


def test_voxel_mesh_is_deterministic_for_every_sheet_kind(voxels, outputs):
    raw, finished = voxels
    assert finish_mesh(_glb(raw), outputs["unit"].spec) == finished
    spec = dict(outputs["unit"].spec, budget=3000)  # resource-sized budget
    small = finish_mesh(_glb(raw), spec)
    assert small == finish_mesh(_glb(raw), spec)
    mesh = _load(small)
    assert 0 < len(mesh.faces) <= 3000 and meshes._bad_edges(np.asarray(mesh.faces)) == 0


def test_finished_voxel_mesh_passes_the_mesh_gate(voxels, outputs, tmp_path):
    if shutil.which("node") is None or not (REPO / "node_modules" / "gltf-validator").is_dir():
        pytest.skip("glTF-Validator needs node and `npm install`")
    pytest.importorskip("bpy")
    path = tmp_path / "voxels.glb"
    path.write_bytes(voxels[1])
    assert meshes.check_output(outputs["unit"], {"mesh": str(path)}, cache_folder=None) == []


def test_a_closed_input_is_not_rebuilt(unit, outputs, monkeypatch):
    """Closed meshes keep the plain decimation path (their bytes are the other tests' subject)."""
    from pipeline import mesh_postprocess

    def no_rebuild(*args):
        raise AssertionError("rebuilt a closed mesh")

    monkeypatch.setattr(mesh_postprocess, "rebuild", no_rebuild)
    assert finish_mesh(_glb(unit[0]), outputs["unit"].spec, source_up="Z", source_front="-Y") == unit[1]
