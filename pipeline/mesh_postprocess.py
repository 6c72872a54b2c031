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
   other kinds: a closed, manifold input (every edge of two faces) is
   decimated to the budget with fast-simplification (quadric edge collapse);
   any other input (a blocky `VoxelToMeshBasic` mesh is non-manifold where
   voxels touch along an edge) is rebuilt first: voxelised on a grid of about
   sqrt(budget) cells along its longest side, filled, the occupancy blurred
   (sigma 0.7 cell) and its isosurface taken by marching cubes (scikit-image,
   Lewiner), then decimated; pinches the decimator makes (two sheets sharing an
   edge) are split and back-to-back folds dropped, and if an edge still fails
   the gate's test a coarser grid is tried (`rebuild`). Then fix the winding, scale uniformly so the largest dimension
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

Closed meshes stay closed through decimation (measured; should one not, it
is rebuilt too, so such bytes are unchanged). Rebuilt meshes pass the gate's
"closed" check on the file's own vertex indices; the rebuild loses detail
thinner than about a cell (1/100 of the longest side for a 10,000-triangle
budget) and rounds sharp voxel edges. Terrain is resampled and unaffected.

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
    budget = int(spec["budget"])
    if _closed(mesh.faces):
        decimated = decimate(mesh, budget)
        mesh = decimated if _closed(decimated.faces) else rebuild(mesh, budget)
    else:  # e.g. VoxelToMeshBasic: voxels meeting along an edge give edges of four faces
        mesh = rebuild(mesh, budget)
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


def _closed(faces: np.ndarray) -> bool:
    """Every edge (by vertex index) used by exactly two faces, once in each direction if `directed`
    (the mesh gate's closed test; the winding is fixed later, so by default only the use count)."""
    return _edge_faults(np.asarray(faces), directed=False) == 0


def _edge_faults(faces: np.ndarray, directed: bool = True) -> int:
    """pipeline.gates.meshes._bad_edges, the gate's own measure (without the undirected part if not `directed`)."""
    half = np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]])
    _, uses = np.unique(np.sort(half, axis=1), axis=0, return_counts=True)
    faults = int((uses != 2).sum())
    if directed:
        _, directed_uses = np.unique(half, axis=0, return_counts=True)
        faults += int((directed_uses > 1).sum())
    return faults


# --- rebuilding a non-manifold surface ---

REBUILD_SIGMA = 0.7  # Gaussian blur of the occupancy (cells): smooths voxel staircases, removes sub-cell wisps


def rebuild(mesh: trimesh.Trimesh, budget: int) -> trimesh.Trimesh:
    """A closed, manifold surface of the solid `mesh` encloses, with at most `budget` triangles.

    The surface is voxelised on a grid of `cells` cells along its longest side (every cell a
    triangle passes through, then the enclosed cells filled), the occupancy blurred a little and
    its 0.5 isosurface taken by marching cubes (Lewiner; watertight on a padded grid), then
    decimated to the budget. fast-simplification may pinch two sheets together along an edge
    (an edge of four faces) or fold two faces back to back: folds are dropped and pinches split
    (each sheet its own vertices). If an edge still fails, a coarser grid is tried; a grid whose
    isosurface fits the budget undecimated always ends the loop."""
    cells = int(np.clip(round(math.sqrt(budget)), 24, 160))
    while cells >= 2:
        surface = _isosurface(mesh, cells)
        if len(surface.faces) <= budget:
            if _edge_faults(surface.faces) == 0:
                return surface
        else:
            for target in (budget, int(budget * 0.9)):
                decimated = decimate(surface, target)
                repaired = _split_pinches(np.asarray(decimated.vertices), _without_folds(decimated.faces))
                if repaired is not None and 0 < len(repaired.faces) <= budget and _edge_faults(repaired.faces) == 0:
                    return repaired
        cells = int(cells * 0.75)
    raise MeshPostprocessError("could not rebuild a closed surface from the mesh")


def _isosurface(mesh: trimesh.Trimesh, cells: int) -> trimesh.Trimesh:
    """Marching-cubes surface (outward winding, specks dropped) of the blurred, filled occupancy."""
    from scipy import ndimage
    from skimage.measure import marching_cubes

    low, high = mesh.bounds
    cell = float((high - low).max()) / cells
    pad = 3  # empty cells around the solid, so the isosurface is closed at the grid's sides
    origin = low - pad * cell
    shape = tuple(int(n) for n in np.ceil((high - low) / cell).astype(int) + 2 * pad + 1)
    occupied = ndimage.binary_fill_holes(_surface_cells(mesh, origin, cell, shape))
    field = ndimage.gaussian_filter(occupied.astype(np.float32), REBUILD_SIGMA)
    if field.max() <= 0.5:
        raise MeshPostprocessError("nothing solid left after voxelising the mesh")
    vertices, faces, _, _ = marching_cubes(field, 0.5, method="lewiner")
    # skimage winds the triangles inward for a field that is high inside: reverse them
    surface = trimesh.Trimesh((vertices.astype(np.float64) + 0.5) * cell + origin,
                              np.ascontiguousarray(faces[:, ::-1]), process=False)
    surface.update_faces(_without_specks(surface))
    surface.remove_unreferenced_vertices()
    return surface


def _surface_cells(mesh: trimesh.Trimesh, origin: np.ndarray, cell: float, shape: tuple) -> np.ndarray:
    """Boolean grid: the cells a triangle passes through (barycentric samples at most half a cell apart)."""
    triangles = (np.asarray(mesh.triangles) - origin) / cell
    longest = np.linalg.norm(triangles - np.roll(triangles, 1, axis=1), axis=2).max(axis=1)
    steps = np.maximum(1, np.ceil(2 * longest).astype(int))
    grid = np.zeros(shape, dtype=bool)
    top = np.array(shape) - 1
    for k in np.unique(steps):
        i, j = np.meshgrid(np.arange(k + 1), np.arange(k + 1), indexing="ij")
        keep = i + j <= k
        a, b = i[keep] / k, j[keep] / k
        weights = np.stack([1 - a - b, a, b], axis=1)
        points = np.einsum("mv,tvc->tmc", weights, triangles[steps == k]).reshape(-1, 3)
        index = np.clip(np.floor(points).astype(int), 0, top)
        grid[index[:, 0], index[:, 1], index[:, 2]] = True
    return grid


def _without_folds(faces: np.ndarray) -> np.ndarray:
    """Faces less those on the same three vertices as another face (two faces folded back to back)."""
    faces = np.asarray(faces)
    _, inverse, counts = np.unique(np.sort(faces, axis=1), axis=0, return_inverse=True, return_counts=True)
    return faces[counts[inverse.ravel()] == 1]


def _split_pinches(vertices: np.ndarray, faces: np.ndarray) -> trimesh.Trimesh | None:
    """Each sheet meeting at an edge of 2n faces gets its own vertices; None if an edge cannot be paired.

    Around such an edge the faces alternate in direction (outward winding); each face is paired with
    its neighbour on its solid side. Then the corners of a vertex that paired faces connect keep one
    vertex, the others get copies: the same triangles, every edge of exactly two faces."""
    if len(faces) == 0:
        return None
    nf = len(faces)
    start, end = faces.ravel(), faces[:, [1, 2, 0]].ravel()  # half-edge k = 3 f + c: corner k to the next
    low, high = np.minimum(start, end), np.maximum(start, end)
    order = np.argsort(low.astype(np.int64) * len(vertices) + high, kind="stable")
    key = (low.astype(np.int64) * len(vertices) + high)[order]
    first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    uses = np.diff(np.r_[first, len(key)])
    mate = np.full(3 * nf, -1)
    two = uses == 2
    a, b = order[first[two]], order[first[two] + 1]
    if (start[a] == start[b]).any():
        return None
    mate[a], mate[b] = b, a
    for offset, n in zip(first[~two], uses[~two]):
        ring = order[offset:offset + n]
        forward = start[ring] == low[ring]
        if n % 2 or 2 * forward.sum() != n:
            return None
        p, q = vertices[low[ring[0]]], vertices[high[ring[0]]]
        axis = (q - p) / max(float(np.linalg.norm(q - p)), 1e-30)
        u = np.cross(axis, [1.0, 0, 0] if abs(axis[0]) < 0.9 else [0, 1.0, 0])
        u /= np.linalg.norm(u)
        w = np.cross(axis, u)
        third = vertices[faces[ring // 3].sum(axis=1) - low[ring] - high[ring]] - p
        ring = ring[np.argsort(np.arctan2(third @ w, third @ u), kind="stable")]
        forward = start[ring] == low[ring]
        # a face running p -> q has its outward normal 90 degrees on around p -> q: its solid side
        # is towards the previous face
        pairs = (np.roll(ring, 1) if forward[0] else ring).reshape(-1, 2)
        if (start[pairs[:, 0]] == start[pairs[:, 1]]).any():
            return None
        mate[pairs[:, 0]], mate[pairs[:, 1]] = pairs[:, 1], pairs[:, 0]
    k = np.arange(3 * nf)
    after = 3 * (k // 3) + (k % 3 + 1) % 3
    m = mate
    m_after = 3 * (m // 3) + (m % 3 + 1) % 3
    # half-edge k (x -> y) and its mate (y -> x): corner k ~ the mate's next corner (both x),
    # k's next corner ~ the mate's own corner (both y)
    rows, cols = np.r_[k, after], np.r_[m_after, m]
    graph = sparse.coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(3 * nf, 3 * nf))
    _, label = connected_components(graph, directed=False)
    representative = np.zeros(label.max() + 1, dtype=int)
    representative[label[::-1]] = k[::-1]  # each new vertex: its first corner's position
    mesh = trimesh.Trimesh(vertices[faces.ravel()[representative]], label.reshape(-1, 3), process=False)
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
