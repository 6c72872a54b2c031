"""CPU post-processing of a generated (GPU) mesh before any gate: raw GLB in, finished GLB out.

`finish_mesh(raw_glb, spec)` turns a raw image-to-3D mesh (Hunyuan3D 2.x on
ComfyUI: 10^5-10^6 triangles, arbitrary scale, no colour, a few floating
specks) into a mesh that follows the project's conventions (README "Mesh
conventions", meshkit.py) and passes pipeline/gates/meshes.py:

1. load the GLB with trimesh and merge it into one mesh;
2. clean: weld vertices by position (voxel meshers emit 4 vertices per quad),
   drop degenerate and duplicate faces, drop specks (connected pieces with
   less than `SPECK_AREA` of the surface area);
3. re-orient from the source's up/front axes to glTF's Y up, front +Z;
4. terrain: resample the top surface as a heightfield on the procedural
   tiles' own hex grid (pipeline/backends/procedural/terrain.py), so every
   tile has exactly the shared hexagon outline, corners, rim height and base;
   other kinds: decimate to the budget with fast-simplification (quadric edge
   collapse), fix the winding, scale uniformly so the largest dimension
   touches the kind's bounds box ("fill the bounds", as the procedural
   units do), stand on y = 0 centred in X/Z;
5. colour the vertices from the palette (darkest to lightest by height,
   darker where the surface faces down): native Hunyuan3D gives no colour;
6. write deterministic GLB bytes through meshkit.export_glb.

Any input that cannot give a mesh raises `MeshPostprocessError` with the
problem named, so a retry policy can regenerate with the next seed.

Source axes (`source_up`, `source_front`): "+X", "-X", "Y", "-Z", ...
Hunyuan3D-2 is trained on Y-up objects. ComfyUI's VoxelToMesh(Basic)
(comfy_extras/nodes_hunyuan3d.py) builds vertices from voxel indices in the
decoder grid's (x, y, z) order and then reverses them (`torch.fliplr`), so Y
stays up but X and Z are swapped compared with Tencent's own export: a mirror
image. The front direction could not be verified without a real output, so
the default `source_front="+Z"` is a setting to confirm on the first real
mesh (a mirror cannot be undone by a rotation; the winding is fixed here).

Closed meshes stay closed through decimation (measured), but a blocky
`VoxelToMeshBasic` mesh is non-manifold where voxels touch along an edge,
so units, buildings, wonders and resources made from it fail the gate's
"closed" check (bench/README.md); terrain is resampled and unaffected.

Timing (2 shared cores, this sandbox): see bench/README.md "Mesh post-process".
"""
from __future__ import annotations

import io
import math

import numpy as np
import trimesh
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from pipeline.backends.procedural.common import palette
from pipeline.backends.procedural.meshkit import export_glb

SPECK_AREA = 0.01  # pieces under 1% of the surface area are floaters, not parts of the model
SHEET_KINDS = ("unit", "building", "wonder", "resource")


class MeshPostprocessError(ValueError):
    """The raw mesh cannot be finished (not a GLB, no triangles, nothing left after cleaning)."""


def finish_mesh(raw_glb: bytes, spec: dict, source_up: str = "Y", source_front: str = "+Z") -> bytes:
    """Finished GLB bytes for one raw generated mesh (see the module docstring)."""
    mesh = load_raw(raw_glb)
    mesh = clean(mesh)
    mesh.apply_transform(orientation(source_up, source_front))
    if spec["kind"] == "terrain":
        return _finish_terrain(mesh, spec)
    if spec["kind"] not in SHEET_KINDS:
        raise MeshPostprocessError(f"kind {spec['kind']!r} has no meshes")
    mesh = decimate(mesh, int(spec["budget"]))
    trimesh.repair.fix_winding(mesh)  # consistent, outward winding (voxel meshers may emit it inside out)
    if mesh.is_watertight and mesh.volume < 0:
        mesh.invert()
    _fill_bounds(mesh, spec["bounds"])
    mesh.visual = trimesh.visual.ColorVisuals(mesh, vertex_colors=_colours(mesh, spec))
    return export_glb(mesh)


# --- steps ---

def load_raw(raw_glb: bytes) -> trimesh.Trimesh:
    """All triangles of a GLB as one mesh (scene transforms applied), colours dropped."""
    if not isinstance(raw_glb, (bytes, bytearray)) or raw_glb[:4] != b"glTF":
        raise MeshPostprocessError("not a GLB (no 'glTF' magic)")
    try:
        loaded = trimesh.load(io.BytesIO(bytes(raw_glb)), file_type="glb", force="mesh", process=False)
    except Exception as error:  # any parse failure is the input's fault: regenerate
        raise MeshPostprocessError(f"unreadable GLB: {type(error).__name__}: {error}") from error
    faces = np.asarray(getattr(loaded, "faces", np.zeros((0, 3))))
    if len(faces) == 0:
        raise MeshPostprocessError("no triangles in the GLB")
    vertices = np.asarray(loaded.vertices, dtype=np.float64)
    if not np.isfinite(vertices).all():
        raise MeshPostprocessError("non-finite vertex positions")
    return trimesh.Trimesh(vertices, faces, process=False)


def clean(mesh: trimesh.Trimesh) -> trimesh.Trimesh:
    """Weld, drop degenerate/duplicate faces and specks; raises if nothing solid is left."""
    mesh.merge_vertices()
    mesh.update_faces(mesh.nondegenerate_faces())
    mesh.update_faces(mesh.unique_faces())
    if len(mesh.faces):
        mesh.update_faces(_without_specks(mesh))
    mesh.remove_unreferenced_vertices()
    if len(mesh.faces) == 0 or mesh.area <= 0:
        raise MeshPostprocessError("degenerate mesh: no faces left after cleaning")
    return mesh


def _without_specks(mesh: trimesh.Trimesh) -> np.ndarray:
    """Mask of faces in pieces (connected through shared vertices) that hold >= SPECK_AREA of the area."""
    faces = mesh.faces
    rows = np.repeat(faces[:, 0], 2)
    cols = faces[:, 1:].ravel()
    n = len(mesh.vertices)
    graph = sparse.coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    face_label = labels[faces[:, 0]]
    area = np.bincount(face_label, weights=mesh.area_faces)
    return area[face_label] >= SPECK_AREA * area.sum()


_AXES = {"X": np.array([1.0, 0, 0]), "Y": np.array([0, 1.0, 0]), "Z": np.array([0, 0, 1.0])}


def _axis(name: str) -> np.ndarray:
    text = name.strip().upper()
    sign = -1.0 if text.startswith("-") else 1.0
    if text.lstrip("+-") not in _AXES:
        raise ValueError(f"axis {name!r}: expected X, Y or Z with an optional sign")
    return sign * _AXES[text.lstrip("+-")]


def orientation(source_up: str = "Y", source_front: str = "+Z") -> np.ndarray:
    """4x4 rotation taking the source's up to +Y and its front to +Z."""
    up, front = _axis(source_up), _axis(source_front)
    if abs(up @ front) > 0:
        raise ValueError(f"up {source_up!r} and front {source_front!r} must be different axes")
    matrix = np.eye(4)
    matrix[:3, :3] = np.array([np.cross(up, front), up, front])  # rows: where X, Y, Z come from
    return matrix


def decimate(mesh: trimesh.Trimesh, budget: int) -> trimesh.Trimesh:
    """At most `budget` triangles, by quadric edge collapse (fast-simplification)."""
    import fast_simplification

    target = budget
    for _ in range(20):
        if len(mesh.faces) <= budget:
            break
        reduction = 1.0 - target / len(mesh.faces)
        points, faces = fast_simplification.simplify(
            np.asarray(mesh.vertices, dtype=np.float32), np.asarray(mesh.faces, dtype=np.int32),
            target_reduction=reduction)
        mesh = trimesh.Trimesh(np.asarray(points, dtype=np.float64), faces, process=False)
        mesh.update_faces(mesh.nondegenerate_faces())
        mesh.remove_unreferenced_vertices()
        target = int(target * 0.95)  # the simplifier may stop a little above the target: aim lower
    if not 0 < len(mesh.faces) <= budget:
        raise MeshPostprocessError(f"decimation left {len(mesh.faces)} triangles for a budget of {budget}")
    return mesh


def _fill_bounds(mesh: trimesh.Trimesh, bounds: dict) -> None:
    """Scale uniformly so the largest dimension touches the box, then stand on y=0 centred in X/Z."""
    low, high = mesh.bounds
    size = np.maximum(high - low, 1e-12)
    limit = np.array([bounds["width"], bounds["height"], bounds["depth"]], dtype=float)
    factor = float(np.min(limit / size)) * (1 - 1e-4)  # a hair inside: positions are rounded to 0.1 mm
    mesh.apply_translation(-np.array([(low[0] + high[0]) / 2, low[1], (low[2] + high[2]) / 2]))
    mesh.apply_scale(factor)


def _ramp(pal: list[np.ndarray], t: np.ndarray) -> np.ndarray:
    """Palette colours (darkest to lightest, as the catalog lists them) along t in 0..1."""
    stops = np.linspace(0.0, 1.0, len(pal))
    return np.stack([np.interp(t, stops, [c[i] for c in pal]) for i in range(3)], axis=1)


def _colours(mesh: trimesh.Trimesh, spec: dict) -> np.ndarray:
    """RGBA uint8 per vertex: palette by height, darker on faces turned down (deterministic)."""
    pal = palette(spec) or [np.array([0.6, 0.6, 0.6])]
    y = mesh.vertices[:, 1]
    height = (y - y.min()) / max(float(np.ptp(y)), 1e-9)
    facing = mesh.vertex_normals[:, 1]  # 1 up .. -1 down
    rgb = _ramp(pal, 0.25 + 0.6 * height) * (0.8 + 0.2 * facing)[:, None]
    rgba = np.ones((len(rgb), 4))
    rgba[:, :3] = np.clip(rgb, 0, 1)
    return np.round(rgba * 255).astype(np.uint8)


# --- terrain ---

def _grid_size(budget: int) -> int:
    """Subdivisions per hex sector: the procedural tile has 6n^2 top + 12n wall + 6n bottom triangles."""
    n = 24
    while n > 2 and 6 * n * n + 18 * n > budget:
        n -= 1
    return n


def _finish_terrain(mesh: trimesh.Trimesh, spec: dict) -> bytes:
    """The raw tile's top surface, resampled on the shared hex tile (walls and base included)."""
    from pipeline.backends.procedural.terrain import _Tile

    tile = _Tile(spec, _grid_size(int(spec["budget"])))
    vertices = np.asarray(mesh.vertices)
    low, high = vertices.min(axis=0), vertices.max(axis=0)
    centre = (low + high) / 2
    # Warp the raw footprint's X/Z extent onto the hexagon's (width R*sqrt3, depth 2R); heights
    # keep the raw proportions at the mean horizontal scale.
    scale_xz = np.array([tile.R * math.sqrt(3), 2 * tile.R]) / np.maximum((high - low)[[0, 2]], 1e-12)
    scale_y = float(scale_xz.mean())
    xz = (vertices[:, [0, 2]] - centre[[0, 2]]) * scale_xz
    y = (vertices[:, 1] - low[1]) * scale_y
    spacing = tile.R * 6 / len(tile.ring)  # the grid's edge length
    # the raw tile's own edge level becomes the shared rim height
    rim = float(np.median(_top_heights(xz, y, tile.xz[tile.ring], spacing)))

    def field(p):
        relief = np.clip(_top_heights(xz, y, p, spacing) - rim, -0.9 * tile.T, tile.H)
        return tile.T + tile.blend(p, 0.15) * relief  # fade to the rim so neighbouring tiles meet

    tile.shape(field)
    height = (tile.h - tile.h.min()) / max(float(np.ptp(tile.h)), 1e-9)
    pal = palette(spec) or [np.array([0.5, 0.6, 0.4])]
    tile.paint(_ramp(pal, 0.2 + 0.7 * height) * (0.75 + 0.25 * tile.up)[:, None])
    return tile.finish()


def _top_heights(xz: np.ndarray, y: np.ndarray, points: np.ndarray, spacing: float) -> np.ndarray:
    """Highest raw vertex within `spacing` of each point in X/Z (the top surface seen from above);
    points with no vertex that close take the nearest vertex's height."""
    tree = cKDTree(xz)
    points = np.atleast_2d(points)
    result = np.empty(len(points))
    near = tree.query_ball_point(points, r=spacing)
    _, nearest = tree.query(points)
    for i, ids in enumerate(near):
        result[i] = y[ids].max() if ids else y[nearest[i]]
    return result
