"""Procedural terrain tiles and resource props: footprint, closure, budgets, determinism."""
from __future__ import annotations

import io
import math

import numpy as np
import pytest
import trimesh

from pipeline.backends.procedural import resources, terrain

R, T, MAX_HEIGHT = 10.0, 1.0, 10.0
APOTHEM = R * math.sqrt(3) / 2
TOL = 1.1e-4  # export rounds positions to 0.1 mm
EDGE_NORMALS = np.array([[0.5, -math.sqrt(3) / 2], [1, 0], [0.5, math.sqrt(3) / 2],
                         [-0.5, math.sqrt(3) / 2], [-1, 0], [-0.5, -math.sqrt(3) / 2]])
CORNERS = np.array([[R * math.sin(math.radians(60 * k)), -R * math.cos(math.radians(60 * k))] for k in range(6)])

TERRAIN_PALETTES = {  # as in assets.yaml: darkest to lightest, not by role
    "flat": ["#6b5a2e", "#9c8a4a", "#b9a860", "#cfc283", "#7c8a3c"],
    "grassland": ["#2f5a1e", "#4a7f2a", "#6fa63c", "#9ccb5c", "#e8e2b0"],
    "hills": ["#4a3a24", "#5e7a2e", "#7d9a3f", "#a3b866", "#8a8478"],
    "mountains": ["#3b3a3a", "#6a6560", "#8e8880", "#b8b2aa", "#f4f6f8"],
    "coast": ["#1f7590", "#3ab0b8", "#7fd6d0", "#e3d3a0", "#ffffff"],
    "ocean": ["#0a1f3a", "#0f3558", "#164d78", "#2a6f9a", "#dce9f0"],
    "dunes": ["#9c7440", "#c49a5a", "#d9b775", "#ead08f", "#f5e6bd"],
    "tundra": ["#4e4a3e", "#7a7560", "#8f9470", "#b8b8a8", "#eef3f8"],
    "marsh": ["#2a2a18", "#4a4a26", "#5e6b32", "#7d8f4a", "#4a6a6a"],
    "jungle": ["#13301a", "#1f4d24", "#2f6e30", "#4f9a3c", "#8bc34a"],
    "forest_deciduous": ["#3e2a17", "#2f5a1c", "#4a7f2a", "#6fa63c", "#a5cf63"],
    "forest_conifer": ["#14261a", "#1f3d26", "#2d5634", "#4a3321", "#7a8a5a"],
    "jungle_dense": ["#0d2614", "#174020", "#22602a", "#3d8a36", "#9ccc52"],
    "river": ["#14506e", "#2a7fa0", "#6fb8c8", "#5a8c2f", "#c2a66e"],
    "oasis": ["#d9b775", "#ead08f", "#2f8a6a", "#3ab0b8", "#4a7f2a"],
    "volcanic": ["#121010", "#2b2523", "#4a3c36", "#c23b0f", "#ff8a1f"],
    "floodplains": ["#3d2c1c", "#5a4229", "#4a7f2a", "#8fbf4a", "#6fa8b8"],
}
CHANNELLED = {"river", "floodplains"}  # their rim dips where the channel crosses an edge

RESOURCE_PALETTES = {  # as in assets.yaml, one resource per shape
    "grain_sheaf": ["#8a6a2a", "#c8a040", "#e8c860", "#f4e0a0"],
    "rice_paddy": ["#5a8c2f", "#8fc04a", "#6a5a3a", "#6fa8b8"],
    "cotton_plant": ["#3a6a2a", "#6b4a2a", "#f4f2ec", "#d8d0c0"],
    "cow": ["#6b3f20", "#f0ebe0", "#2a2a2a", "#d8a080"],
    "sheep": ["#f0ece0", "#d8d0c0", "#2a2624"],
    "deer": ["#7a4a2a", "#a86a3a", "#e0d0b0", "#4a3a2a"],
    "horse": ["#7a3a1a", "#2a1a10", "#f0ebe0"],
    "fish": ["#8a9aa8", "#c8d4dc", "#2a6a9a", "#eef3f8"],
    "whale": ["#3a4a5a", "#6a7a8a", "#d8dce0", "#2a5a7a"],
    "banana_plant": ["#3a7a2a", "#6fa63c", "#e8d040", "#6b5a3a"],
    "ore_pile": ["#3a3634", "#6a5e58", "#8a4a2a", "#b0643a"],
    "ingot_stack": ["#7a8ca0", "#a4b4c4", "#c8d4e0", "#e4ecf4"],
    "crystal_cluster": ["#a8102a", "#1a3a9a", "#1a8a4a", "#6a6c70"],
    "stone_blocks": ["#e8e6e0", "#c9c6c0", "#9a9894", "#f8f6f2"],
    "oil_derrick": ["#2a2420", "#5a4a3a", "#0a0a0a", "#8a8f96"],
    "barrel": ["#d8b020", "#2a2a2a", "#5ad05a", "#6a6c70"],
    "sacks": ["#8a6a44", "#b8281e", "#e08a1a", "#5a3a1e"],
    "fabric_bolts": ["#a8182a", "#1a8a6a", "#e0b020", "#f0e0d0"],
    "amphora": ["#a8522a", "#c87a4a", "#4a1a3a", "#5a8c2f"],
    "incense_burner": ["#b8803c", "#6b4a2a", "#d8d0c8", "#e0a040"],
    "pelts": ["#b8581a", "#4a2a1a", "#f0ece4", "#8a6a44"],
}


def terrain_spec(relief: str, variant: int = 1, **changes) -> dict:
    spec = {
        "kind": "terrain", "id": relief, "output": f"{relief}_{variant}", "seed": 4242,
        "palette": TERRAIN_PALETTES[relief], "prompt": "", "negative": "",
        "group": "base" if relief in list(TERRAIN_PALETTES)[:10] else "feature",
        "relief": relief, "variant": variant, "variants": 4, "material": None, "budget": 5000,
        "max_height": MAX_HEIGHT, "hex": {"orientation": "pointy", "circumradius_m": R, "base_thickness_m": T},
    }
    spec.update(changes)
    return spec


def resource_spec(shape: str, **changes) -> dict:
    spec = {
        "kind": "resource", "id": shape, "output": shape, "seed": 77, "palette": RESOURCE_PALETTES[shape],
        "prompt": "", "negative": "", "category": "bonus", "shape": shape, "budget": 3000,
        "bounds": {"width": 1.5, "depth": 1.5, "height": 1.5},
    }
    spec.update(changes)
    return spec


def load(data: bytes) -> trimesh.Trimesh:
    # process=False keeps the parts unwelded, so each closed part is its own body
    return trimesh.load(io.BytesIO(data), file_type="glb", force="mesh", process=False)


def assert_closed_parts(mesh: trimesh.Trimesh) -> None:
    assert mesh.is_watertight and mesh.is_winding_consistent
    for body in mesh.split(only_watertight=False):
        assert body.is_watertight and body.is_winding_consistent
        assert body.volume > 0  # outward normals


def rim_distance(vertices: np.ndarray) -> np.ndarray:
    return APOTHEM - np.max(vertices[:, [0, 2]] @ EDGE_NORMALS.T, axis=1)


@pytest.fixture(scope="module")
def tiles() -> dict[tuple[str, int], bytes]:
    return {(relief, v): terrain.generate(terrain_spec(relief, v)) for relief in TERRAIN_PALETTES for v in (1, 2)}


@pytest.mark.parametrize("relief", list(TERRAIN_PALETTES))
def test_terrain_tile_is_a_closed_hex_within_budget(relief, tiles):
    mesh = load(tiles[relief, 1])
    assert 0 < len(mesh.faces) <= 5000
    low, high = mesh.bounds
    assert abs(low[0] + APOTHEM) < TOL and abs(high[0] - APOTHEM) < TOL
    assert abs(low[2] + R) < TOL and abs(high[2] - R) < TOL
    assert low[1] == 0.0 and high[1] <= T + MAX_HEIGHT + TOL
    assert rim_distance(mesh.vertices).min() > -TOL  # nothing outside the hexagon
    assert_closed_parts(mesh)


@pytest.mark.parametrize("relief", list(TERRAIN_PALETTES))
def test_terrain_tiles_share_footprint_and_rim_height(relief, tiles):
    vertices = load(tiles[relief, 1]).vertices
    for corner in CORNERS:  # the six hex corners, on the ground and at the common rim height
        for y in (0.0, T):
            assert np.min(np.linalg.norm(vertices - [corner[0], y, corner[1]], axis=1)) < TOL
    rim_heights = vertices[rim_distance(vertices) < TOL, 1]
    on_ground = np.abs(rim_heights) < TOL
    top = rim_heights[~on_ground]
    if relief in CHANNELLED:
        assert np.all(top <= T + TOL) and np.all(top > 0)
    else:
        assert np.allclose(top, T, atol=TOL)  # neighbours meet without steps


@pytest.mark.parametrize("relief", list(TERRAIN_PALETTES))
def test_terrain_variants_differ_and_bytes_are_deterministic(relief, tiles):
    assert tiles[relief, 1] != tiles[relief, 2]
    assert terrain.generate(terrain_spec(relief, 1)) == tiles[relief, 1]


def _edge_profile(vertices: np.ndarray, edge: int, shift=(0.0, 0.0)) -> dict:
    """Rim heights along one hex edge keyed by (x, z) in mm, after shifting XZ."""
    on_edge = np.abs(vertices[:, [0, 2]] @ EDGE_NORMALS[edge] - APOTHEM) < TOL
    top = on_edge & (vertices[:, 1] > TOL)
    return {(round((v[0] + shift[0]) * 1000), round((v[2] + shift[1]) * 1000)): round(v[1], 3) for v in vertices[top]}


def test_river_segments_line_up_across_edges(tiles):
    straight = load(tiles["river", 1]).vertices  # edges 0 and 3
    bend = load(tiles["river", 2]).vertices  # edges 0 and 2
    assert _edge_profile(straight, 0) == _edge_profile(bend, 0)
    # a neighbour across edge 0 sees that edge as its edge 3, with its centre 2·apothem away
    offset = 2 * APOTHEM * EDGE_NORMALS[0]
    ours = _edge_profile(straight, 0)
    theirs = _edge_profile(straight, 3, shift=offset)
    assert ours == theirs
    assert min(ours.values()) < T - 0.3  # the channel really notches the rim


def test_river_variants_use_different_edges(tiles):
    def wet_edges(data):
        vertices = load(data).vertices
        return {e for e in range(6) if min(_edge_profile(vertices, e).values()) < T - 0.3}
    assert wet_edges(tiles["river", 1]) == {0, 3}
    assert wet_edges(tiles["river", 2]) == {0, 2}
    assert wet_edges(terrain.generate(terrain_spec("river", 3))) == {0, 1}
    assert wet_edges(terrain.generate(terrain_spec("river", 4))) == {0, 2, 4}


def test_tundra_and_desert_look_different(tiles):
    def mean_colour(data):
        return load(data).visual.vertex_colors[:, :3].astype(float).mean(axis=0)
    assert np.linalg.norm(mean_colour(tiles["tundra", 1]) - mean_colour(tiles["dunes", 1])) > 30


@pytest.mark.parametrize("relief", ["mountains", "forest_conifer", "jungle_dense", "oasis", "volcanic"])
def test_terrain_scales_with_the_hex(relief):
    spec = terrain_spec(relief, 3, max_height=4.0, hex={"orientation": "pointy", "circumradius_m": 6.0, "base_thickness_m": 0.5})
    mesh = load(terrain.generate(spec))
    low, high = mesh.bounds
    assert abs(high[0] - 6.0 * math.sqrt(3) / 2) < TOL and abs(high[2] - 6.0) < TOL
    assert low[1] == 0.0 and high[1] <= 4.5 + TOL


def test_terrain_rejects_unknown_relief_and_over_budget():
    with pytest.raises(ValueError):
        terrain.generate({**terrain_spec("flat"), "relief": "lava_lake"})
    with pytest.raises(ValueError):
        terrain.generate(terrain_spec("forest_conifer", budget=1000))


@pytest.mark.parametrize("shape", list(RESOURCE_PALETTES))
def test_resource_prop_fits_bounds_closed_and_deterministic(shape):
    data = resources.generate(resource_spec(shape))
    assert resources.generate(resource_spec(shape)) == data
    mesh = load(data)
    assert 0 < len(mesh.faces) <= 3000
    low, high = mesh.bounds
    assert low[1] == 0.0 and high[1] <= 1.5 + TOL
    assert np.all(np.abs([low[0], high[0], low[2], high[2]]) <= 0.75 + TOL)
    assert np.max((high - low) / 1.5) > 0.99  # scaled to fill the box
    assert_closed_parts(mesh)


def test_resource_palette_recolours_the_same_shape():
    iron = load(resources.generate(resource_spec("ore_pile", palette=["#3a3634", "#6a5e58", "#8a4a2a", "#b0643a"])))
    gold = load(resources.generate(resource_spec("ore_pile", palette=["#6b5a3a", "#b8902a", "#f0c94d", "#e8e2d4"])))
    assert np.array_equal(iron.vertices, gold.vertices)
    assert not np.array_equal(iron.visual.vertex_colors, gold.visual.vertex_colors)


def test_resource_rejects_unknown_shape():
    with pytest.raises(ValueError):
        resources.generate({**resource_spec("cow"), "shape": "dragon"})
