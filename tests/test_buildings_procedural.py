"""Procedural city buildings and wonders: GLB validity, budgets, bounds, closure, determinism."""
from __future__ import annotations

import functools
import hashlib
import io

import numpy as np
import pytest
import trimesh

from pipeline.backends.procedural import buildings, wonders

TOL = 1.1e-4  # export rounds positions to 0.1 mm
BUDGET = 20000
BUILDING_BOUNDS = {"width": 12.0, "depth": 12.0, "height": 14.0}
WONDER_BOUNDS = {"width": 40.0, "depth": 40.0, "height": 45.0}
PALETTE = ["#8e8878", "#b8b0a0", "#3a4048", "#2a4a9a"]

BUILDING_SHAPES = [
    "monument", "granary", "library", "barracks", "walls", "market", "temple", "aqueduct", "university",
    "factory", "hospital", "bank", "arsenal", "theater", "stadium", "shrine", "lighthouse", "harbor",
    "amphitheater", "workshop", "castle", "stable", "observatory", "customs_house", "seaport",
    "stock_exchange", "research_lab",
]
WONDER_SHAPES = [
    "great_library", "pyramids", "stonehenge", "oracle", "colosseum", "petra", "notre_dame",
    "forbidden_palace", "sistine_chapel", "big_ben", "statue_of_liberty", "eiffel_tower",
]
CASES = [(buildings, s, BUILDING_BOUNDS) for s in BUILDING_SHAPES] + [(wonders, s, WONDER_BOUNDS) for s in WONDER_SHAPES]
IDS = [s for _, s, _ in CASES]


def spec_for(module, shape: str, bounds: dict, **changes) -> dict:
    spec = {
        "kind": "building" if module is buildings else "wonder", "id": shape, "output": shape, "seed": 4000,
        "palette": PALETTE, "prompt": "", "negative": "", "shape": shape, "era": "classical",
        "budget": BUDGET, "bounds": dict(bounds),
    }
    spec.update(changes)
    return spec


@functools.lru_cache(maxsize=None)
def glb(module, shape: str) -> bytes:
    bounds = BUILDING_BOUNDS if module is buildings else WONDER_BOUNDS
    return module.generate(spec_for(module, shape, bounds))


def load(data: bytes) -> trimesh.Trimesh:
    # process=False keeps the parts' vertices apart, so closure is checked part by part
    return trimesh.load(io.BytesIO(data), file_type="glb", force="mesh", process=False)


def test_every_catalog_shape_has_a_builder():
    assert sorted(buildings.BUILDERS) == sorted(BUILDING_SHAPES)
    assert sorted(wonders.BUILDERS) == sorted(WONDER_SHAPES)
    assert set(buildings.ROLES) <= set(buildings.BUILDERS)
    assert set(wonders.ROLES) <= set(wonders.BUILDERS)


@pytest.mark.parametrize("module,shape,bounds", CASES, ids=IDS)
def test_glb_is_valid_closed_within_budget_and_bounds(module, shape, bounds):
    mesh = load(glb(module, shape))
    assert 300 <= len(mesh.faces) <= BUDGET
    assert mesh.visual.kind == "vertex"
    assert mesh.is_watertight and mesh.is_winding_consistent      # every part a closed shell
    low, high = mesh.bounds
    assert abs(low[1]) < TOL                                       # stands on the ground
    assert high[0] - low[0] <= bounds["width"] + TOL
    assert high[1] - low[1] <= bounds["height"] + TOL
    assert high[2] - low[2] <= bounds["depth"] + TOL
    assert abs(low[0] + high[0]) < 2 * TOL and abs(low[2] + high[2]) < 2 * TOL   # centred footprint
    # filled: it touches the bounds box on at least one axis
    size = high - low
    assert max(size[0] / bounds["width"], size[1] / bounds["height"], size[2] / bounds["depth"]) > 0.999


@pytest.mark.parametrize("module,shape,bounds", CASES, ids=IDS)
def test_deterministic(module, shape, bounds):
    assert module.generate(spec_for(module, shape, bounds)) == glb(module, shape)


def test_shapes_differ():
    digests = {hashlib.sha256(glb(module, shape)).hexdigest() for module, shape, _ in CASES}
    assert len(digests) == len(CASES)


def test_seed_and_palette_change_the_output():
    base = glb(wonders, "stonehenge")
    other_seed = wonders.generate(spec_for(wonders, "stonehenge", WONDER_BOUNDS, seed=4001))
    other_palette = wonders.generate(spec_for(wonders, "stonehenge", WONDER_BOUNDS, palette=["#505050", "#a0a0a0"]))
    assert other_seed != base and other_palette != base
    assert len(load(other_seed).faces) <= BUDGET


def test_two_colour_palette_and_other_bounds():
    bounds = {"width": 5.0, "depth": 8.0, "height": 3.0}
    mesh = load(buildings.generate(spec_for(buildings, "castle", bounds, palette=["#777777", "#334455"])))
    size = mesh.bounds[1] - mesh.bounds[0]
    assert np.all(size <= np.array([5.0, 3.0, 8.0]) + TOL)
    assert abs(mesh.bounds[0][1]) < TOL


def test_palette_colours_are_used():
    mesh = load(glb(buildings, "temple"))
    colours = {tuple(c) for c in np.asarray(mesh.visual.vertex_colors)[:, :3]}
    assert (0x8e, 0x88, 0x78) in colours and (0x3a, 0x40, 0x48) in colours


def test_unknown_shape_and_budget_overrun_raise():
    with pytest.raises(ValueError):
        buildings.generate(spec_for(buildings, "spaceport", BUILDING_BOUNDS))
    with pytest.raises(ValueError):
        wonders.generate(spec_for(wonders, "eiffel_tower", WONDER_BOUNDS, budget=1000))
