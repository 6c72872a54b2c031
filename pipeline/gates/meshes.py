"""Gate 2, meshes: every GLB imports in Blender, is valid glTF 2.0, within budget, closed, to scale.

Checks per GLB:
- blender_import: Blender's glTF importer reads it, with geometry and vertex
  colours, and sees the same triangle count as the file holds;
- gltf_validator_errors: Khronos glTF-Validator reports 0 errors;
- triangles: 0 < triangles <= the kind's budget from the catalog;
- non_manifold_edges: edges not shared by exactly two triangles of opposite
  winding. What "closed" means depends on the kind:
    terrain: a tile is one solid on the hex grid, checked after welding
      vertices that share a position (measured: all 58 tiles are closed so);
    unit, building, wonder, resource: composed low-poly models, a set of
      closed parts (boxes, cylinders, ...) that touch or overlap but are never
      welded. Each part must be a closed shell, so the check runs on the
      file's own vertex indices. Welding by position would join touching
      parts at shared corners (an edge of four triangles): 70 of the 148
      composed meshes of assets.yaml have such contacts, harmless for
      rendering, so they are not failures;
- scale and footprint (1 unit = 1 m): the lowest point on the ground (y = 0);
  terrain: the shared hex footprint (extent and its six ground corners to
  1 mm) and at most base + terrain_height tall; other kinds: inside the
  kind's bounds box (width x height x depth) and centred on the origin.
"""
from __future__ import annotations

import math

import numpy as np

from pipeline import gltf_validator, layout
from pipeline.catalog import Catalog, Output
from pipeline.gates import cache
from pipeline.gates.report import failure

TOLERANCE_M = 1e-3  # positions are written rounded to 0.1 mm
CENTRE_TOLERANCE_M = 1e-2


def outputs(catalog: Catalog) -> list[tuple[Output, dict[str, str]]]:
    return [(output, {"mesh": layout.mesh_path(kind, output.name)})
            for kind in layout.MESH_KINDS for output in catalog.meshes(kind)]


def _bad_edges(faces: np.ndarray) -> int:
    """Edges not shared by exactly two triangles that run along them in opposite directions."""
    directed = np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]])
    undirected, uses = np.unique(np.sort(directed, axis=1), axis=0, return_counts=True)
    _, directed_uses = np.unique(directed, axis=0, return_counts=True)
    # a well-wound closed shell uses each undirected edge twice, each direction once
    return int((uses != 2).sum() + (directed_uses > 1).sum())


def measure_geometry(path: str) -> dict:
    import trimesh

    try:
        mesh = trimesh.load(path, file_type="glb", force="mesh", process=False)
    except Exception as error:  # any unreadable file is a measurement, not a crash
        return {"readable": False, "error": f"{type(error).__name__}: {error}"}
    vertices, faces = np.asarray(mesh.vertices), np.asarray(mesh.faces)
    if len(faces) == 0:
        return {"readable": True, "triangles": 0}
    welded = trimesh.Trimesh(vertices, faces, process=False)
    welded.merge_vertices(merge_tex=True, merge_norm=True)
    low, high = vertices.min(axis=0), vertices.max(axis=0)
    ground = vertices[np.abs(vertices[:, 1] - low[1]) < 1e-4][:, [0, 2]]
    return {"readable": True, "triangles": int(len(faces)), "low": low.tolist(), "high": high.tolist(),
            "bad_edges": _bad_edges(faces), "bad_edges_welded": _bad_edges(np.asarray(welded.faces)),
            "ground_points": np.unique(np.round(ground, 4), axis=0).tolist()}


def measure_many(paths: list[str]) -> dict:
    """Geometry, a Blender import (one process for all) and the validator (one Node run)."""
    from pipeline.gates.blender_import import import_in_blender

    try:
        blender = import_in_blender(paths)
    except RuntimeError:  # one file crashed the importer: import each alone to name it
        blender = {path: _import_alone(path) for path in paths}
    validator = gltf_validator.validate(paths)  # raises ValidatorUnavailable: nothing is cached then
    results = {}
    for path in paths:
        found = validator[path]
        messages = [f"{m['code']}: {m['message']}" for m in found["messages"] if m["severity"] == 0]
        results[path] = {**measure_geometry(path), "blender": blender[path],
                         "validator_errors": found["errors"], "validator_messages": messages[:3]}
    return results


def _import_alone(path: str) -> dict:
    from pipeline.gates.blender_import import import_in_blender

    try:
        return import_in_blender([path])[path]
    except RuntimeError as error:
        return {"ok": False, "error": str(error)[-300:]}


def _hex_corners(radius: float) -> np.ndarray:
    """Ground corners (x, z) of the pointy-top hex, corner 0 pointing to -Z."""
    return np.array([[radius * math.sin(math.radians(60 * k)), -radius * math.cos(math.radians(60 * k))]
                     for k in range(6)])


def judge(output: Output, paths: dict[str, str], measured: dict[str, dict | None]) -> list[dict]:
    asset, path, spec = output.asset_id, paths["mesh"], output.spec
    m = measured[path]
    if m is None:
        return [failure(asset, path, "missing", "no file", "a GLB")]
    failures = []

    def fail(check, value, limit):
        failures.append(failure(asset, path, check, value, limit))

    blender = m["blender"]
    if not blender["ok"]:
        fail("blender_import", blender["error"], "imports")
    elif not blender["has_colours"]:
        fail("blender_vertex_colours", "none", "COLOR_0")
    if m["validator_errors"]:
        fail("gltf_validator_errors", m["validator_errors"], 0)
        for message in m["validator_messages"]:
            fail("gltf_validator", message, "no errors")
    if not m["readable"]:
        fail("readable", m["error"], "loads")
        return failures
    triangles = m["triangles"]
    if not 0 < triangles <= spec["budget"]:
        fail("triangles", triangles, spec["budget"])
    if triangles == 0:
        return failures
    if blender["ok"] and blender["triangles"] != triangles:
        fail("blender_triangles", blender["triangles"], triangles)
    bad = m["bad_edges_welded"] if output.kind == "terrain" else m["bad_edges"]
    if bad:
        fail("non_manifold_edges", bad, 0)
    low, high = np.array(m["low"]), np.array(m["high"])
    if abs(low[1]) > TOLERANCE_M:
        fail("ground_y_m", low[1], 0.0)
    if output.kind == "terrain":
        failures += _judge_hex(asset, path, spec, low, high, np.array(m["ground_points"]).reshape(-1, 2))
    else:
        box = spec["bounds"]
        limit = [box["width"], box["height"], box["depth"]]
        size = high - low
        if any(size[i] > limit[i] + TOLERANCE_M for i in range(3)):
            fail("size_m", size.round(3).tolist(), limit)
        centre = (low + high)[[0, 2]] / 2
        if np.abs(centre).max() > CENTRE_TOLERANCE_M:
            fail("off_centre_m", centre.round(3).tolist(), CENTRE_TOLERANCE_M)
    return failures


def _judge_hex(asset: str, path: str, spec: dict, low, high, ground) -> list[dict]:
    failures = []
    radius = spec["hex"]["circumradius_m"]
    top = spec["hex"]["base_thickness_m"] + spec["max_height"]
    if high[1] > top + TOLERANCE_M:
        failures.append(failure(asset, path, "height_m", high[1], top))
    extent = np.array([radius * math.sqrt(3) / 2, radius])
    footprint = np.maximum(np.abs(high[[0, 2]] - extent), np.abs(-low[[0, 2]] - extent)).max()
    if footprint > TOLERANCE_M:
        failures.append(failure(asset, path, "hex_footprint_m", footprint, TOLERANCE_M))
    if len(ground):
        corner = max(np.linalg.norm(ground - c, axis=1).min() for c in _hex_corners(radius))
    else:
        corner = radius
    if corner > TOLERANCE_M:
        failures.append(failure(asset, path, "hex_corner_m", corner, TOLERANCE_M))
    return failures


GATE = cache.Gate("meshes", __name__, ("numpy", "trimesh", "bpy"), outputs, judge, measure_many,
                  (str(gltf_validator.SCRIPT),))
count, check_output, check = GATE.count, GATE.check_output, GATE.check
