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

TERRAIN_PALETTES = {
    "flat": ["#a9a552", "#c9b36a"],
    "grassland": ["#5f8f3a", "#8fbf5a"],
    "hills": ["#6f9440", "#a59a5a", "#7b756c"],
    "mountains": ["#7b756c", "#9d968b", "#f2f5f8"],
    "coast": ["#6f9a40", "#d9c28e", "#2f6f9f"],
    "ocean": ["#1c4a78", "#3a7ca5"],
    "dunes": ["#d9b77a", "#b88f58", "#f0dcaa"],
    "tundra": ["#7d8a6a", "#a69c7c", "#eef3f6"],
    "marsh": ["#5f7a45", "#6a5538", "#4d6b58"],
    "jungle": ["#2f6a2a", "#4f8f32"],
    "forest_deciduous": ["#3f7a2a", "#4f6a32", "#5a3d24"],
    "forest_conifer": ["#24502e", "#5a6a3a", "#5a3d24"],
    "jungle_dense": ["#2f8a3a", "#3f5a2a"],
    "river": ["#5f8f3a", "#6a5538", "#2f6f9f"],
    "oasis": ["#d9c28e", "#5f9a3a", "#2f6f9f"],
    "volcanic": ["#3a3432", "#6a5f58", "#ff5a1a"],
    "floodplains": ["#5f9a3a", "#b8b050", "#2f6f9f"],
}
CHANNELLED = {"river", "floodplains"}  # their rim dips where the channel crosses an edge

RESOURCE_PALETTES = {
    "grain_sheaf": ["#d8b850", "#c09a3a"], "rice_paddy": ["#6aa83a", "#7fb2c0", "#6a5238"],
    "cotton_plant": ["#f4f2ec", "#4f8a3a"], "cow": ["#f0ece4", "#2a2420"], "sheep": ["#efeadf", "#2e2a28"],
    "deer": ["#8a5a32", "#e8d8b8"], "horse": ["#7a4a2a", "#2a1e18"], "fish": ["#5a7a9a", "#d8e0e4"],
    "whale": ["#3a4a5a", "#c8ccd0"], "banana_plant": ["#4f9a3a", "#f0d040"], "ore_pile": ["#5a4a44", "#b06a3a"],
    "ingot_stack": ["#a8acb0", "#d0d4d8"], "crystal_cluster": ["#6ac0e0", "#b8e8f8"],
    "stone_blocks": ["#e8e4dc", "#c8c0b0"], "oil_derrick": ["#6a6e74", "#1a1614"], "barrel": ["#8a5a32", "#4a4a4e"],
    "sacks": ["#b89a6a", "#c8602a"], "fabric_bolts": ["#b03a5a", "#e0c060", "#3a6ab0"],
    "amphora": ["#b8683a", "#2a2020", "#5a2a6a"], "incense_burner": ["#b08a3a", "#d8d4cc"], "pelts": ["#8a6a4a", "#5a4030"],
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
    iron = load(resources.generate(resource_spec("ore_pile", palette=["#6a5a50", "#a0522d"])))
    gold = load(resources.generate(resource_spec("ore_pile", palette=["#6a6460", "#e8c040"])))
    assert np.array_equal(iron.vertices, gold.vertices)
    assert not np.array_equal(iron.visual.vertex_colors, gold.visual.vertex_colors)


def test_resource_rejects_unknown_shape():
    with pytest.raises(ValueError):
        resources.generate({**resource_spec("cow"), "shape": "dragon"})
