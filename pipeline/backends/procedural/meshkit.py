"""Low-poly modelling kit shared by the procedural mesh generators.

Conventions every generated mesh follows (the gates and the renderer rely on
them):
- glTF axes: Y is up, the model's front faces +Z, 1 unit = 1 metre.
- The model stands on the ground: its lowest point is at y = 0, and its
  footprint is centred on the origin in X and Z (terrain: the hex centre).
- A model is a list of closed parts (boxes, cylinders, cones, spheres, ...),
  each with one flat colour. Parts are never welded together, so every part
  stays a closed 2-manifold shell and the whole mesh is manifold.
- Export writes one glTF primitive with per-vertex colours (COLOR_0) and no
  normals, so viewers shade it flat (the glTF rule for missing normals).

Build a model with `Model.add(mesh, colour)` using the primitives below and
the transform helpers, then `model.to_glb()` gives deterministic GLB bytes.
"""
from __future__ import annotations

import io
import math

import numpy as np
import trimesh
from trimesh import creation, transformations

Colour = np.ndarray  # float RGB or RGBA in 0..1


# --- primitives (all closed shells, centred on the origin unless stated) ---

def box(width: float, height: float, depth: float) -> trimesh.Trimesh:
    """Axis-aligned box, extents along X (width), Y (height), Z (depth)."""
    return creation.box(extents=(width, height, depth))


def cylinder(radius: float, height: float, sections: int = 12) -> trimesh.Trimesh:
    """Vertical cylinder along Y, centred on the origin."""
    mesh = creation.cylinder(radius=radius, height=height, sections=sections)
    return mesh.apply_transform(_Z_TO_Y)


def frustum(radius_bottom: float, radius_top: float, height: float, sections: int = 12) -> trimesh.Trimesh:
    """Vertical truncated cone from y=0 to y=height (radius_top may be 0: a cone)."""
    angles = np.linspace(0.0, 2.0 * math.pi, sections, endpoint=False)
    ring = np.stack([np.cos(angles), np.zeros_like(angles), np.sin(angles)], axis=1)
    bottom = ring * radius_bottom
    if radius_top <= 0:
        vertices = np.vstack([bottom, [[0, height, 0]], [[0, 0, 0]]])
        apex, centre = sections, sections + 1
        faces = []
        for i in range(sections):
            j = (i + 1) % sections
            faces.append([i, apex, j])
            faces.append([i, j, centre])
    else:
        top = ring * radius_top + [0, height, 0]
        vertices = np.vstack([bottom, top, [[0, 0, 0]], [[0, height, 0]]])
        cb, ct = 2 * sections, 2 * sections + 1
        faces = []
        for i in range(sections):
            j = (i + 1) % sections
            faces += [[i, sections + i, j], [j, sections + i, sections + j]]
            faces += [[i, j, cb], [sections + j, sections + i, ct]]
    mesh = trimesh.Trimesh(vertices=vertices, faces=np.array(faces), process=False)
    mesh.fix_normals()
    return mesh


def cone(radius: float, height: float, sections: int = 12) -> trimesh.Trimesh:
    """Vertical cone, base at y=0, apex at y=height."""
    return frustum(radius, 0.0, height, sections)


def sphere(radius: float, subdivisions: int = 1) -> trimesh.Trimesh:
    """Icosphere centred on the origin (subdivisions 0..3 keep it low-poly)."""
    return creation.icosphere(subdivisions=subdivisions, radius=radius)


def capsule(radius: float, height: float, count: tuple[int, int] = (8, 8)) -> trimesh.Trimesh:
    """Vertical capsule along Y, total length `height`, centred on the origin."""
    mesh = creation.capsule(height=max(height - 2 * radius, 1e-3), radius=radius, count=count)
    return mesh.apply_transform(_Z_TO_Y)


def prism(points_xz: list[tuple[float, float]], height: float) -> trimesh.Trimesh:
    """Extrude a convex polygon given in the XZ plane from y=0 to y=height."""
    pts = np.asarray(points_xz, dtype=float)
    n = len(pts)
    bottom = np.column_stack([pts[:, 0], np.zeros(n), pts[:, 1]])
    top = bottom + [0, height, 0]
    vertices = np.vstack([bottom, top])
    faces = []
    for i in range(n):
        j = (i + 1) % n
        faces += [[i, j, n + i], [j, n + j, n + i]]
    for i in range(1, n - 1):
        faces += [[0, i + 1, i], [n, n + i, n + i + 1]]
    mesh = trimesh.Trimesh(vertices=vertices, faces=np.array(faces), process=False)
    mesh.fix_normals()
    return mesh


def wedge(width: float, height: float, depth: float) -> trimesh.Trimesh:
    """Gable roof: triangular prism along X, base on y=0, ridge at y=height."""
    w, d = width / 2, depth / 2
    vertices = np.array([
        [-w, 0, -d], [-w, 0, d], [-w, height, 0],
        [w, 0, -d], [w, 0, d], [w, height, 0],
    ], dtype=float)
    faces = np.array([
        [0, 1, 2], [3, 5, 4],
        [0, 3, 4], [0, 4, 1],
        [1, 4, 5], [1, 5, 2],
        [2, 5, 3], [2, 3, 0],
    ])
    mesh = trimesh.Trimesh(vertices=vertices, faces=faces, process=False)
    mesh.fix_normals()
    return mesh


def pyramid(width: float, depth: float, height: float) -> trimesh.Trimesh:
    """Four-sided pyramid, base on y=0 centred on the origin, apex at y=height."""
    w, d = width / 2, depth / 2
    vertices = np.array([[-w, 0, -d], [w, 0, -d], [w, 0, d], [-w, 0, d], [0, height, 0]], dtype=float)
    faces = np.array([[0, 1, 4], [1, 2, 4], [2, 3, 4], [3, 0, 4], [0, 2, 1], [0, 3, 2]])
    mesh = trimesh.Trimesh(vertices=vertices, faces=faces, process=False)
    mesh.fix_normals()
    return mesh


def beam(start, end, thickness: float) -> trimesh.Trimesh:
    """Square-section bar from point `start` to point `end` (lattice, spears, legs)."""
    start, end = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
    length = float(np.linalg.norm(end - start))
    mesh = creation.box(extents=(thickness, length, thickness))
    direction = (end - start) / max(length, 1e-9)
    align = _rotation_between([0.0, 1.0, 0.0], direction)
    mesh.apply_transform(align)
    mesh.apply_translation((start + end) / 2)
    return mesh


# --- transforms (return the mesh for chaining; they modify it in place) ---

def moved(mesh: trimesh.Trimesh, x: float = 0.0, y: float = 0.0, z: float = 0.0) -> trimesh.Trimesh:
    return mesh.apply_translation((x, y, z))


def rotated(mesh: trimesh.Trimesh, degrees: float, axis=(0, 1, 0), about=(0, 0, 0)) -> trimesh.Trimesh:
    """Rotate by `degrees` around `axis` through point `about` (right-handed)."""
    matrix = transformations.rotation_matrix(math.radians(degrees), axis, point=about)
    return mesh.apply_transform(matrix)


def scaled(mesh: trimesh.Trimesh, sx: float, sy: float | None = None, sz: float | None = None) -> trimesh.Trimesh:
    sy = sx if sy is None else sy
    sz = sx if sz is None else sz
    return mesh.apply_transform(np.diag([sx, sy, sz, 1.0]))


_Z_TO_Y = transformations.rotation_matrix(-math.pi / 2, (1, 0, 0))


def _rotation_between(a, b) -> np.ndarray:
    a = np.asarray(a, dtype=float) / np.linalg.norm(a)
    b = np.asarray(b, dtype=float) / np.linalg.norm(b)
    axis = np.cross(a, b)
    sin = np.linalg.norm(axis)
    cos = float(np.dot(a, b))
    if sin < 1e-9:
        if cos > 0:
            return np.eye(4)
        return transformations.rotation_matrix(math.pi, (1, 0, 0))
    return transformations.rotation_matrix(math.atan2(sin, cos), axis / sin)


# --- the model ---

class Model:
    """A set of coloured closed parts that exports as one GLB."""

    def __init__(self) -> None:
        self._parts: list[tuple[trimesh.Trimesh, np.ndarray]] = []  # (closed mesh, (n, 4) RGBA per vertex)

    def add(self, mesh: trimesh.Trimesh, colour) -> trimesh.Trimesh:
        """Add a closed part with one RGB(A) colour, or one colour per vertex ((n, 3|4) array)."""
        colour = np.asarray(colour, dtype=float)
        if colour.ndim == 1:
            colour = colour[None, :].repeat(len(mesh.vertices), axis=0)
        if colour.shape[0] != len(mesh.vertices):
            raise ValueError("per-vertex colours must match the part's vertex count")
        rgba = np.ones((len(mesh.vertices), 4))
        rgba[:, : colour.shape[1]] = colour
        self._parts.append((mesh, rgba))
        return mesh

    def extend(self, other: "Model") -> None:
        self._parts.extend(other._parts)

    def transform(self, matrix: np.ndarray) -> "Model":
        for mesh, _ in self._parts:
            mesh.apply_transform(matrix)
        return self

    def rotate(self, degrees: float, axis=(0, 1, 0), about=(0, 0, 0)) -> "Model":
        return self.transform(transformations.rotation_matrix(math.radians(degrees), axis, point=about))

    def translate(self, x: float = 0.0, y: float = 0.0, z: float = 0.0) -> "Model":
        return self.transform(transformations.translation_matrix((x, y, z)))

    @property
    def triangle_count(self) -> int:
        return int(sum(len(mesh.faces) for mesh, _ in self._parts))

    def bounds(self) -> np.ndarray:
        """[[min_x, min_y, min_z], [max_x, max_y, max_z]] over all parts."""
        lows = np.array([mesh.vertices.min(axis=0) for mesh, _ in self._parts])
        highs = np.array([mesh.vertices.max(axis=0) for mesh, _ in self._parts])
        return np.array([lows.min(axis=0), highs.max(axis=0)])

    def stand_on_ground(self, centre_xz: bool = True) -> "Model":
        """Move so the lowest point is at y=0 and (optionally) the footprint is centred."""
        low, high = self.bounds()
        dx = -(low[0] + high[0]) / 2 if centre_xz else 0.0
        dz = -(low[2] + high[2]) / 2 if centre_xz else 0.0
        return self.translate(dx, -low[1], dz)

    def fit_within(self, width: float, height: float, depth: float) -> "Model":
        """Scale down uniformly (never up) so the model fits the box, then stand it on the ground."""
        low, high = self.bounds()
        size = np.maximum(high - low, 1e-9)
        factor = min(1.0, width / size[0], height / size[1], depth / size[2])
        if factor < 1.0:
            self.transform(np.diag([factor, factor, factor, 1.0]))
        return self.stand_on_ground()

    def to_trimesh(self) -> trimesh.Trimesh:
        vertices, faces, colours = [], [], []
        offset = 0
        for mesh, rgba in self._parts:
            vertices.append(np.asarray(mesh.vertices, dtype=np.float64))
            faces.append(np.asarray(mesh.faces, dtype=np.int64) + offset)
            colours.append(np.round(np.clip(rgba, 0, 1) * 255).astype(np.uint8))
            offset += len(mesh.vertices)
        merged = trimesh.Trimesh(
            vertices=np.vstack(vertices), faces=np.vstack(faces),
            vertex_colors=np.vstack(colours), process=False,
        )
        return merged

    def to_glb(self, budget: int | None = None) -> bytes:
        """Deterministic GLB bytes; raises ValueError if over the triangle budget."""
        if budget is not None and self.triangle_count > budget:
            raise ValueError(f"{self.triangle_count} triangles exceed the budget of {budget}")
        return export_glb(self.to_trimesh())


def export_glb(mesh: trimesh.Trimesh) -> bytes:
    """GLB bytes of one mesh: float32 positions rounded to 0.1 mm, vertex colours, no normals."""
    mesh = mesh.copy()
    mesh.vertices = np.round(np.asarray(mesh.vertices, dtype=np.float64), 4) + 0.0  # +0.0: no -0.0
    buffer = io.BytesIO()
    mesh.export(buffer, file_type="glb", include_normals=False)
    return buffer.getvalue()
