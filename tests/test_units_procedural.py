"""Procedural unit meshes: every catalog unit in its three poses (pipeline/backends/procedural/units.py)."""
from __future__ import annotations

import functools
import hashlib
import io
from pathlib import Path

import numpy as np
import pytest
import trimesh

from pipeline.backends.procedural import units
from pipeline.catalog import load_catalog

REPO = Path(__file__).resolve().parent.parent
SPECS = {record.name: record.spec for record in load_catalog(REPO / "assets.yaml").meshes("unit")}
UNIT_IDS = sorted({spec["id"] for spec in SPECS.values()})


@functools.lru_cache(maxsize=None)
def glb(name: str) -> bytes:
    return units.generate(SPECS[name])


@functools.lru_cache(maxsize=None)
def loaded(name: str) -> trimesh.Trimesh:
    return trimesh.load(io.BytesIO(glb(name)), file_type="glb", force="mesh")


def test_catalog_has_every_unit_in_three_poses():
    assert len(UNIT_IDS) == 28
    assert len(SPECS) == 84


@pytest.mark.parametrize("name", sorted(SPECS))
def test_unit_mesh_is_valid(name):
    spec = SPECS[name]
    mesh = loaded(name)
    assert 300 <= len(mesh.faces) <= min(4000, spec["budget"]), len(mesh.faces)
    low, high = mesh.bounds
    bounds = spec["bounds"]
    size = high - low
    assert (size <= np.array([bounds["width"], bounds["height"], bounds["depth"]]) + 1e-3).all(), size
    assert abs(low[1]) < 1e-6, "stands on the ground"
    assert np.allclose((low[[0, 2]] + high[[0, 2]]) / 2, 0.0, atol=1e-3), "footprint centred"
    assert mesh.visual.kind == "vertex"
    assert size.max() > 1.5, "not a speck: a human is ~1.8 m, vehicles fill the box"


@pytest.mark.parametrize("unit_id", UNIT_IDS)
def test_every_unit_fills_its_bounds_in_its_largest_pose(unit_id):
    """Token scale: the largest pose touches the bounds box, so every unit reads in the sprite frame."""
    bounds = SPECS[f"{unit_id}_idle"]["bounds"]
    box = np.array([bounds["width"], bounds["height"], bounds["depth"]])
    fill = max(float((loaded(f"{unit_id}_{pose}").extents / box).max()) for pose in ("idle", "move", "attack"))
    assert fill == pytest.approx(1.0, abs=0.01), fill


@pytest.mark.parametrize("unit_id", UNIT_IDS)
def test_poses_differ(unit_id):
    digests = {pose: hashlib.sha256(glb(f"{unit_id}_{pose}")).hexdigest() for pose in units.POSES}
    assert len(set(digests.values())) == 3
    # and differ in shape, not only in a few vertices: compare silhouettes (extents) or triangle counts
    shapes = {pose: (len(loaded(f"{unit_id}_{pose}").faces), tuple(np.round(loaded(f"{unit_id}_{pose}").extents, 2)))
              for pose in units.POSES}
    assert len(set(shapes.values())) == 3, shapes


def test_units_differ():
    digests = {hashlib.sha256(glb(f"{unit_id}_idle")).hexdigest() for unit_id in UNIT_IDS}
    assert len(digests) == len(UNIT_IDS)


@pytest.mark.parametrize("unit_id", ["warrior", "knight", "trebuchet", "settler_wagon", "frigate", "tank",
                                     "fighter_plane"])
def test_deterministic(unit_id):
    name = f"{unit_id}_attack"
    assert units.generate(dict(SPECS[name])) == glb(name)


def test_parts_are_closed_shells():
    for name in ("knight_attack", "galley_move", "cannon_attack", "fighter_plane_idle", "tank_move"):
        spec = SPECS[name]
        model = units.build(spec)
        for mesh, _ in model._parts:
            assert mesh.is_watertight and mesh.is_winding_consistent and mesh.volume > 0, name


def test_same_archetype_units_differ_in_silhouette():
    """Units sharing an archetype must not look alike: their idle extents or triangle counts differ."""
    by_archetype: dict[str, list[str]] = {}
    for spec in SPECS.values():
        if spec["pose"] == "idle":
            by_archetype.setdefault(spec["archetype"], []).append(spec["output"])
    for archetype, names in by_archetype.items():
        shapes = {(len(loaded(n).faces), tuple(np.round(loaded(n).extents, 1))) for n in names}
        assert len(shapes) == len(names), archetype


def test_budget_is_enforced():
    spec = dict(SPECS["battleship_attack"], budget=100)
    with pytest.raises(ValueError):
        units.generate(spec)


def test_small_bounds_scale_all_poses_alike():
    spec = dict(SPECS["knight_idle"], bounds={"width": 1.0, "depth": 1.0, "height": 1.0})
    sizes = []
    for pose in units.POSES:
        mesh = trimesh.load(io.BytesIO(units.generate(dict(spec, pose=pose, output=f"knight_{pose}"))),
                            file_type="glb", force="mesh")
        assert (mesh.extents <= 1.0 + 1e-3).all()
        sizes.append(mesh.extents)
    # the horse is the same size in every pose: the largest pose touches the box, the others fit inside
    assert max(s.max() for s in sizes) == pytest.approx(1.0, abs=0.01)
