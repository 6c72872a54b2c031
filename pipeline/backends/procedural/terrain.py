"""Procedural terrain hex tiles (pointy top), one recipe per relief.

Every tile is one closed solid built on the same hexagon: a triangulated top
surface (the hexagon split into 6 triangles, each subdivided into an n x n
triangular grid and displaced by a heightfield), side walls from its rim down
to y = 0 and a bottom cap. Corners sit at (R sin 60k, -R cos 60k) in XZ, so
every tile's outline is exactly the shared hexagon. The heightfield fades to
the common rim height T (the base thickness) near the edge, so neighbouring
tiles of any type meet without steps; only river channels notch the rim, with
the same cross-section at every edge midpoint, so river segments connect.

Water is a separate flat "water table" slab under the surface: it shows only
where the terrain dips below it (coast sea, pools, ponds, river channels),
which gives crisp shorelines for free. Trees, rocks and other props are
separate closed parts, each fully inside the hexagon.

Colours come from the catalog palette. Catalog palettes list colours darkest
to lightest, not by role, so each role (grass, sand, rock, snow, water, lava,
foliage, trunk, ...) takes the palette entry nearest to a natural reference
colour, or the reference colour itself when the palette has nothing close.
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np
import trimesh

from .common import nearest_colour, palette, parse_colour, rng_for, shade
from .meshkit import Model, beam, cone, cylinder, frustum, moved, prism, scaled, sphere

S3 = math.sqrt(3.0) / 2.0  # sin 60°

# Natural defaults for colours a palette may not carry.
WATER = "#2f6f9f"
WATER_DEEP = "#1c4a78"
MARSH_WATER = "#4d6b58"
ICE = "#cfe4ee"
SNOW = "#f2f5f8"
ROCK = "#7b756c"
SOIL = "#5b4a38"
MUD = "#6a5538"
SAND = "#d9c28e"
GRASS = "#5f8f3a"
TRUNK = "#5a3d24"
LAVA = "#ff5a1a"
REED = "#9a9a4a"

# Unit corner and outward edge-normal directions in XZ; edge k joins corner k and k+1.
_CORNERS = np.array([[0, -1], [S3, -0.5], [S3, 0.5], [0, 1], [-S3, 0.5], [-S3, -0.5]], dtype=float)
_EDGE_NORMALS = np.array([[0.5, -S3], [1, 0], [0.5, S3], [-0.5, S3], [-1, 0], [-0.5, -S3]], dtype=float)


# --- small numeric helpers ---

def _smooth(x):
    """Smoothstep of x clipped to 0..1."""
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


def _lerp(a, b, t):
    """Per-vertex colour blend: a, b are (3,) or (N, 3), t is (N,)."""
    t = np.asarray(t, dtype=float)[:, None]
    return np.asarray(a, dtype=float) * (1.0 - t) + np.asarray(b, dtype=float) * t


def _ramp(values, stops):
    """Piecewise-linear colour ramp: stops = [(value, colour), ...] ascending."""
    xs = [s[0] for s in stops]
    cs = np.array([s[1] for s in stops], dtype=float)
    return np.stack([np.interp(values, xs, cs[:, i]) for i in range(3)], axis=1)


class _Noise:
    """Smooth, non-periodic 2D noise in about -1..1: a sum of plane waves with
    random directions, wavelengths and phases (no lattice, so no visible tiling)."""

    def __init__(self, rng: np.random.Generator, wavelength: float, octaves: int = 3, waves: int = 5):
        ks, phases, amps = [], [], []
        for octave in range(octaves):
            for _ in range(waves):
                angle = rng.uniform(0, 2 * math.pi)
                lam = wavelength * 0.5 ** octave * rng.uniform(0.75, 1.3)
                ks.append(np.array([math.cos(angle), math.sin(angle)]) * 2 * math.pi / lam)
                phases.append(rng.uniform(0, 2 * math.pi))
                amps.append(0.5 ** octave)
        self.k = np.array(ks)
        self.phase = np.array(phases)
        self.amp = np.array(amps)
        self.norm = math.sqrt(2.0 * float(np.sum(self.amp ** 2)))

    def __call__(self, p: np.ndarray) -> np.ndarray:
        return np.sin(p @ self.k.T + self.phase) @ self.amp / self.norm


def _segment_distance(p: np.ndarray, path: np.ndarray) -> np.ndarray:
    """Distance from points p (N, 2) to a polyline path (M, 2)."""
    a, b = path[:-1], path[1:]
    ab = b - a
    ap = p[:, None, :] - a[None, :, :]
    t = np.clip(np.sum(ap * ab, axis=2) / np.maximum(np.sum(ab * ab, axis=1), 1e-12), 0, 1)
    closest = a[None] + t[..., None] * ab[None]
    return np.min(np.linalg.norm(p[:, None, :] - closest, axis=2), axis=1)


def _bezier(p0, p1, p2, p3, count: int = 40) -> np.ndarray:
    s = np.linspace(0, 1, count)[:, None]
    return (1 - s) ** 3 * p0 + 3 * (1 - s) ** 2 * s * p1 + 3 * (1 - s) * s ** 2 * p2 + s ** 3 * p3


# --- the hex grid and the tile solid ---

def _hex_grid(R: float, n: int):
    """Top-surface grid: XZ positions (V, 2), upward-facing triangles (F, 3) and
    the rim vertex ids in order around the hexagon."""
    corners = _CORNERS * R
    index: dict[tuple[int, int], int] = {}
    points: list[np.ndarray] = []

    def vid(p: np.ndarray) -> int:
        key = (int(round(p[0] * 1e6)), int(round(p[1] * 1e6)))
        if key not in index:
            index[key] = len(points)
            points.append(p)
        return index[key]

    faces, ring = [], []
    for k in range(6):
        a, b = corners[k], corners[(k + 1) % 6]
        ids = {}
        for i in range(n + 1):
            for j in range(i + 1):
                # row i lies parallel to edge k at fraction i/n; exact corners at i = n
                ids[i, j] = vid(a * ((i - j) / n) + b * (j / n))
        for i in range(n):
            for j in range(i + 1):
                faces.append((ids[i, j], ids[i + 1, j], ids[i + 1, j + 1]))
                if j < i:
                    faces.append((ids[i, j], ids[i + 1, j + 1], ids[i, j + 1]))
        ring.extend(ids[n, j] for j in range(n))
    xz = np.array(points)
    faces = np.array(faces)
    # Orient every triangle upwards (+Y normal): in XZ that is a negative cross product.
    e1 = xz[faces[:, 1]] - xz[faces[:, 0]]
    e2 = xz[faces[:, 2]] - xz[faces[:, 0]]
    flip = e1[:, 0] * e2[:, 1] - e1[:, 1] * e2[:, 0] > 0
    faces[flip] = faces[flip][:, ::-1]
    return xz, faces, np.array(ring)


class _Tile:
    """One tile under construction: the grid, its heights and colours, props and water."""

    def __init__(self, spec: dict, n: int):
        geo = spec["hex"]
        if geo.get("orientation", "pointy") != "pointy":
            raise ValueError(f"terrain {spec['id']}: only pointy-top hexes are supported")
        self.spec = spec
        self.R = float(geo["circumradius_m"])
        self.T = float(geo["base_thickness_m"])
        self.H = float(spec["max_height"])
        self.ceiling = self.T + self.H
        self.apothem = self.R * S3
        self.variant = int(spec.get("variant", 1))
        self.rng = rng_for(spec)
        self.pal = palette(spec)
        self.props = Model()
        self.water: list[tuple[float, np.ndarray]] = []
        self.xz, self.faces, self.ring = _hex_grid(self.R, n)
        self.field: Callable[[np.ndarray], np.ndarray] | None = None
        self.h = self.up = self.colours = None

    def pick(self, default: str, limit: float = 0.45) -> np.ndarray:
        """The palette entry nearest to a natural colour if it is close, else that colour.
        Catalog palettes list colours darkest to lightest, not by role, so roles match by colour."""
        return nearest_colour(self.pal, parse_colour(default), limit)

    # geometry helpers
    def noise(self, wavelength: float, octaves: int = 3) -> _Noise:
        return _Noise(self.rng, wavelength, octaves)

    def rim(self, p: np.ndarray) -> np.ndarray:
        """Distance from points to the hexagon's edge (negative outside)."""
        return self.apothem - np.max(np.atleast_2d(p) @ _EDGE_NORMALS.T, axis=1)

    def blend(self, p: np.ndarray, width: float = 0.3) -> np.ndarray:
        """0 at the rim rising to 1 at `width`·R inside: relief fades to the common rim height."""
        return _smooth(self.rim(p) / (width * self.R))

    def shape(self, field: Callable[[np.ndarray], np.ndarray]) -> None:
        """Set the surface height function (absolute y) and evaluate it on the grid."""
        low, high = 0.02 * self.T, self.ceiling
        self.field = lambda p: np.clip(field(np.atleast_2d(p)), low, high)
        self.h = self.field(self.xz)
        vertices = np.column_stack([self.xz[:, 0], self.h, self.xz[:, 1]])
        tri = vertices[self.faces]
        normals = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
        acc = np.zeros_like(vertices)
        for corner in range(3):
            np.add.at(acc, self.faces[:, corner], normals)
        self.up = acc[:, 1] / np.maximum(np.linalg.norm(acc, axis=1), 1e-12)  # 1 flat .. 0 vertical

    def paint(self, colours: np.ndarray) -> None:
        self.colours = np.clip(colours, 0, 1)

    def spots(self, count: int, radius: float, spacing: float, accept=None, tries: int = 40) -> list[tuple[float, float]]:
        """Up to `count` random XZ spots at least `radius` inside the rim and `spacing` apart."""
        found: list[tuple[float, float]] = []
        for _ in range(count * tries):
            if len(found) >= count:
                break
            x = self.rng.uniform(-self.apothem, self.apothem)
            z = self.rng.uniform(-self.R, self.R)
            if self.rim(np.array([x, z]))[0] < radius + 0.05 * self.R:
                continue
            if any((x - a) ** 2 + (z - b) ** 2 < spacing ** 2 for a, b in found):
                continue
            if accept is not None and not accept(x, z):
                continue
            found.append((x, z))
        return found

    def ground(self, x: float, z: float, radius: float, sink: float = 0.15) -> float:
        """Surface height under a prop of `radius` (lowest sample, sunk a little so it never floats)."""
        angles = np.linspace(0, 2 * math.pi, 6, endpoint=False)
        pts = np.vstack([[x, z], np.column_stack([x + radius * np.cos(angles), z + radius * np.sin(angles)])])
        return float(np.min(self.field(pts))) - sink

    def place(self, prop: Model) -> bool:
        """Keep a prop only if it lies wholly inside the hexagon and under the height limit."""
        if not prop.triangle_count:
            return False
        vertices = prop.to_trimesh().vertices
        inside = self.rim(vertices[:, [0, 2]]).min() >= 0.01 and vertices[:, 1].max() <= self.ceiling
        if inside:
            self.props.extend(prop)
        return inside

    def add_water(self, level: float, colour) -> None:
        self.water.append((level, np.asarray(colour, dtype=float)))

    # the solid
    def finish(self) -> bytes:
        if self.colours is None:
            raise ValueError("relief recipe did not paint the surface")
        top = np.column_stack([self.xz[:, 0], self.h, self.xz[:, 1]])
        count, m = len(top), len(self.ring)
        bottom = np.column_stack([self.xz[self.ring, 0], np.zeros(m), self.xz[self.ring, 1]])
        vertices = np.vstack([top, bottom, [[0.0, 0.0, 0.0]]])
        t = self.ring
        u = count + np.arange(m)
        centre = count + m
        nxt = np.roll(np.arange(m), -1)
        walls = np.vstack([
            np.column_stack([t, u, u[nxt]]),
            np.column_stack([t, u[nxt], t[nxt]]),
        ])
        # orient walls outwards (checked on the first quad; the ring order is consistent)
        a, b, c = vertices[walls[0]]
        if np.dot(np.cross(b - a, c - a)[[0, 2]], (a[[0, 2]] + c[[0, 2]]) / 2) < 0:
            walls = walls[:, ::-1]
        cap = np.column_stack([np.full(m, centre), u[nxt], u])
        a, b, c = vertices[cap[0]]
        if np.cross(b - a, c - a)[1] > 0:
            cap = cap[:, ::-1]
        faces = np.vstack([self.faces, walls, cap])
        soil = shade(parse_colour(SOIL), 0.9)
        colours = np.vstack([self.colours, np.repeat(soil[None], m + 1, axis=0)])
        solid = trimesh.Trimesh(vertices=vertices, faces=faces, process=False)

        model = Model()
        model.add(solid, colours)
        inset = (self.R - 0.002) / self.R  # a hair inside the hexagon: never outside it
        for level, colour in self.water:
            slab_bottom = max(0.01, min(float(self.h.min()), level) - 0.05)
            slab = prism([tuple(p) for p in _CORNERS * self.R * inset], level - slab_bottom)
            model.add(moved(slab, y=slab_bottom), colour)
        model.extend(self.props)
        return model.to_glb(int(self.spec["budget"]))


# --- props ---

def _rock(t: _Tile, x: float, z: float, size: float, colour) -> None:
    m = Model()
    rock = sphere(size, 0)
    rock.vertices *= t.rng.uniform(0.75, 1.25, size=(len(rock.vertices), 3)) * [1, 0.6, 1]
    y = t.ground(x, z, size, sink=0.3 * size)
    m.add(moved(rock, x, y + 0.3 * size, z), shade(colour, t.rng.uniform(0.85, 1.1)))
    t.place(m)


def _bush(t: _Tile, x: float, z: float, size: float, colour) -> None:
    m = Model()
    bush = scaled(sphere(size, 0), 1, 0.7, 1)
    y = t.ground(x, z, size)
    m.add(moved(bush, x, y + 0.5 * size, z), shade(colour, t.rng.uniform(0.8, 1.15)))
    t.place(m)


def _deciduous(t: _Tile, x: float, z: float, s: float, foliage, trunk) -> None:
    """Round-crowned broadleaf: a short trunk and one or two blob crowns."""
    m = Model()
    y = t.ground(x, z, 0.3 * s)
    s = min(s, (t.ceiling - y) / 5.2)
    m.add(moved(frustum(0.24 * s, 0.16 * s, 2.2 * s, 6), x, y, z), trunk)
    crown = scaled(sphere(1.35 * s, 1), 1, 0.85, 1)
    m.add(moved(crown, x, y + 3.2 * s, z), shade(foliage, t.rng.uniform(0.85, 1.15)))
    if t.rng.uniform() < 0.5:
        top = sphere(0.8 * s, 0)
        m.add(moved(top, x + 0.2 * s, y + 4.2 * s, z - 0.2 * s), shade(foliage, 1.12))
    t.place(m)


def _conifer(t: _Tile, x: float, z: float, s: float, foliage, trunk) -> None:
    """Fir: a trunk and three stacked cones narrowing upwards."""
    m = Model()
    y = t.ground(x, z, 0.2 * s)
    s = min(s, (t.ceiling - y) / 6.3)
    m.add(moved(cylinder(0.16 * s, 1.4 * s, 6), x, y + 0.7 * s, z), trunk)
    colour = shade(foliage, t.rng.uniform(0.85, 1.15))
    for level, (radius, height) in enumerate([(1.2, 2.4), (0.95, 2.1), (0.65, 1.8)]):
        tier = cone(radius * s, height * s, 7)
        m.add(moved(tier, x, y + (1.0 + 1.45 * level) * s, z), shade(colour, 1 + 0.07 * level))
    t.place(m)


def _leaf(base, tip, width: float, lift: float) -> trimesh.Trimesh:
    """A thin drooping frond: a closed, flat diamond from base to tip with a raised midrib."""
    base, tip = np.asarray(base, float), np.asarray(tip, float)
    along = tip - base
    side = np.cross(along, [0, 1, 0])
    side = side / max(np.linalg.norm(side), 1e-9) * width / 2
    mid = base + along * 0.45 + [0, lift, 0]
    vertices = np.array([base, mid + side, tip, mid - side, mid + [0, 0.06, 0]])
    faces = np.array([[0, 1, 4], [1, 2, 4], [2, 3, 4], [3, 0, 4], [0, 2, 1], [0, 3, 2]])
    mesh = trimesh.Trimesh(vertices=vertices, faces=faces, process=False)
    mesh.fix_normals()
    return mesh


def _palm(t: _Tile, x: float, z: float, s: float, foliage, trunk) -> None:
    """Palm: a leaning trunk in three segments and a crown of drooping fronds."""
    m = Model()
    y = t.ground(x, z, 0.2 * s)
    s = min(s, (t.ceiling - y) / 5.5)
    lean = t.rng.uniform(0, 2 * math.pi)
    dx, dz = math.cos(lean), math.sin(lean)
    points = [np.array([x + dx * 0.12 * s * i * i, y + 1.5 * s * i, z + dz * 0.12 * s * i * i]) for i in range(4)]
    for i in range(3):
        m.add(beam(points[i], points[i + 1], (0.3 - 0.05 * i) * s), shade(trunk, 1 + 0.08 * i))
    head = points[-1]
    for k in range(7):
        angle = 2 * math.pi * k / 7 + t.rng.uniform(-0.2, 0.2)
        tip = head + np.array([math.cos(angle) * 1.9 * s, -0.9 * s, math.sin(angle) * 1.9 * s])
        m.add(_leaf(head, tip, 0.6 * s, 0.45 * s), shade(foliage, t.rng.uniform(0.85, 1.15)))
    t.place(m)


def _reed(t: _Tile, x: float, z: float, colour) -> None:
    m = Model()
    for _ in range(5):
        px, pz = x + t.rng.uniform(-0.35, 0.35), z + t.rng.uniform(-0.35, 0.35)
        y = t.ground(px, pz, 0.05, sink=0.1)
        stalk = cone(0.05, t.rng.uniform(0.9, 1.6), 3)
        m.add(moved(stalk, px, y, pz), shade(colour, t.rng.uniform(0.85, 1.15)))
    t.place(m)


# --- base reliefs ---

def _flat(t: _Tile) -> None:
    """Plains: a gently undulating plain with large field-like colour patches."""
    swell, patches, grain = t.noise(1.2 * t.R), t.noise(0.6 * t.R, 2), t.noise(0.12 * t.R, 2)
    amp = 0.03 * t.H
    t.shape(lambda p: t.T + t.blend(p) * amp * (1 + swell(p)))
    ground, green, dry = t.pick("#a9a552"), t.pick("#7c8a3c"), t.pick("#c9b36a")
    mix = patches(t.xz)
    colours = _lerp(ground, green, _smooth((mix + 0.1) * 3))  # golden grass with green meadows
    colours = _lerp(colours, dry, 0.7 * _smooth((-mix - 0.35) * 4))  # and a few dry patches
    colours *= (1 + 0.08 * grain(t.xz))[:, None]
    t.paint(colours)
    for x, z in t.spots(6, 0.5, 2.5):
        _bush(t, x, z, t.rng.uniform(0.3, 0.5), shade(t.pick("#7c8a3c"), 0.85))


def _grassland(t: _Tile) -> None:
    """Grassland: soft rolling green with lighter crests and a few shrubs."""
    roll, grain = t.noise(0.8 * t.R), t.noise(0.15 * t.R, 2)
    amp = 0.06 * t.H
    t.shape(lambda p: t.T + t.blend(p) * amp * (1 + roll(p)))
    ground, light = t.pick(GRASS), t.pick("#8fbf5a")
    crest = _smooth((t.h - t.T) / (2 * amp))
    colours = _lerp(ground, light, 0.7 * crest) * (1 + 0.07 * grain(t.xz))[:, None]
    t.paint(colours)
    for x, z in t.spots(7, 0.6, 2.5):
        _bush(t, x, z, t.rng.uniform(0.35, 0.6), shade(ground, 0.75))


def _hills(t: _Tile) -> None:
    """Hills: several broad rounded hills, dry tops and rocky steep flanks."""
    centres = [np.array(c) for c in t.spots(4, 0.2 * t.R, 0.45 * t.R)]
    sizes = [(t.rng.uniform(0.15, 0.3) * t.H, t.rng.uniform(0.17, 0.23) * t.R) for _ in centres]
    detail = t.noise(0.4 * t.R)

    def field(p):
        hills = sum(a * np.exp(-np.sum((p - c) ** 2, axis=1) / (2 * r * r)) for c, (a, r) in zip(centres, sizes))
        return t.T + t.blend(p, 0.35) * (hills + 0.04 * t.H * (1 + detail(p)))

    t.shape(field)
    ground, dry, rock = t.pick("#6f9440"), t.pick("#a59a5a"), t.pick(ROCK)
    height = (t.h - t.T) / (0.3 * t.H)
    colours = _lerp(ground, dry, 0.8 * _smooth(height * 1.3 - 0.3))
    colours = _lerp(colours, rock, 0.8 * _smooth((0.78 - t.up) * 6))  # rock only on the steepest flanks
    t.paint(colours)
    for x, z in t.spots(5, 0.5, 2.0):
        _rock(t, x, z, t.rng.uniform(0.3, 0.6), rock)


def _mountains(t: _Tile) -> None:
    """Mountains: one tall peak and lower shoulders, ridged; green foot, rock, snow cap."""
    main = t.rng.uniform(-0.12, 0.12, 2) * t.R
    peaks = [(main, t.rng.uniform(0.85, 0.97) * t.H, t.rng.uniform(0.6, 0.7) * t.R)]
    first = t.rng.uniform(0, 2 * math.pi)
    for i in range(t.rng.integers(2, 4)):  # shoulder peaks spread around the main one
        angle = first + i * 2.2 + t.rng.uniform(-0.4, 0.4)
        offset = main + np.array([math.cos(angle), math.sin(angle)]) * t.rng.uniform(0.35, 0.5) * t.R
        peaks.append((offset, t.rng.uniform(0.4, 0.7) * t.H, t.rng.uniform(0.35, 0.45) * t.R))
    ridges = t.noise(0.35 * t.R, 2)

    def field(p):
        relief = np.zeros(len(p))
        for centre, height, radius in peaks:
            d = np.linalg.norm(p - centre, axis=1) / radius
            relief = np.maximum(relief, height * np.clip(1 - d, 0, 1) ** 1.2)
        ridge = 1 - np.abs(ridges(p))  # sharp crests where the noise crosses zero
        return t.T + t.blend(p, 0.25) * (relief * (0.75 + 0.2 * ridge) + 0.05 * t.H * ridge)  # at most 0.97 H

    t.shape(field)
    rock, light, snow = t.pick(ROCK), t.pick("#9d968b"), t.pick(SNOW)
    foot = t.pick("#6d7f45", 0.15)  # a green foot unless the palette has one
    height = (t.h - t.T) / t.H
    colours = _ramp(height, [(0.0, foot), (0.06, foot), (0.18, rock), (0.45, light), (0.58, light), (0.62, snow), (1, snow)])
    steep = _smooth((0.55 - t.up) * 5) * (height > 0.66)  # snow slides off cliffs
    t.paint(_lerp(colours, shade(light, 0.9), steep))


def _coast(t: _Tile) -> None:
    """Coast: land on one side rising from a beach, sea floor under water on the other."""
    angle = t.rng.uniform(0, 2 * math.pi)
    seaward = np.array([math.cos(angle), math.sin(angle)])
    offset = t.rng.uniform(-0.1, 0.1) * t.R
    wobble, roll = t.noise(0.5 * t.R, 2), t.noise(0.6 * t.R)
    land_h, depth = 0.1 * t.H, min(0.8, 0.7 * t.T)

    def side(p):  # signed distance from the shoreline, positive out to sea
        return p @ seaward - offset + 0.12 * t.R * wobble(p)

    def field(p):
        s = side(p)
        land = land_h * (1 + 0.6 * roll(p)) * _smooth(-s / (0.3 * t.R))
        sea = depth * _smooth(s / (0.2 * t.R))
        return t.T + t.blend(p, 0.2) * (land + 0.15 - sea) - 0.15 * t.blend(p, 0.05) * _smooth(s / (0.1 * t.R))

    t.shape(field)
    level = t.T - 0.08
    ground, sand = t.pick(GRASS), t.pick(SAND)
    water = t.pick(WATER)
    s = side(t.xz)
    colours = _lerp(sand, ground, _smooth((t.h - t.T - 0.25) / 0.3))
    colours = _lerp(colours, shade(water, 1.2), _smooth(s / (0.06 * t.R)))  # sea-side rim reads as shallows
    t.paint(colours)
    t.add_water(level, water)


def _ocean(t: _Tile) -> None:
    """Ocean: open water with gentle swells; lighter crests."""
    swell, chop = t.noise(0.7 * t.R, 2), t.noise(0.15 * t.R, 2)
    t.shape(lambda p: t.T + t.blend(p, 0.2) * (0.12 * swell(p) + 0.05 * chop(p) - 0.06))
    deep, light = t.pick(WATER_DEEP), t.pick("#3a7ca5")
    crest = _smooth((t.h - t.T + 0.02) / 0.14)
    t.paint(_lerp(deep, light, crest))


def _dunes(t: _Tile) -> None:
    """Desert: parallel dune ridges with gentle windward and steep lee faces."""
    angle = t.rng.uniform(0, math.pi)
    wind = np.array([math.cos(angle), math.sin(angle)])
    wavelength = t.rng.uniform(0.3, 0.42) * t.R
    warp, amp_noise = t.noise(0.9 * t.R, 2), t.noise(0.7 * t.R, 2)
    amp = 0.12 * t.H

    def phase(p):
        u = (p @ wind + 0.15 * t.R * warp(p)) / wavelength
        return u - np.floor(u)

    def field(p):
        s = phase(p)
        profile = np.where(s < 0.75, s / 0.75, (1 - s) / 0.25)  # ridge crest at s = 0.75
        return t.T + t.blend(p) * amp * (0.2 + profile ** 1.3 * (0.75 + 0.35 * amp_noise(p)))

    t.shape(field)
    sand, light, lee = t.pick(SAND), t.pick("#f0dcaa"), t.pick("#b89460")
    s = phase(t.xz)
    height = _smooth((t.h - t.T) / amp)
    colours = _lerp(sand, light, height)
    colours = _lerp(colours, shade(lee, 0.95), 0.55 * (s >= 0.75) * height)  # shaded lee face
    t.paint(colours)
    for x, z in t.spots(2, 0.4, 3.0):
        _rock(t, x, z, t.rng.uniform(0.25, 0.4), shade(sand, 0.6))


def _tundra(t: _Tile) -> None:
    """Tundra: flat cold ground of moss and lichen, a few frost patches, frozen puddles, boulders."""
    bumps, frost, lichen, ponds = t.noise(0.6 * t.R, 2), t.noise(0.6 * t.R, 2), t.noise(0.4 * t.R, 2), t.noise(0.5 * t.R, 2)
    amp = 0.02 * t.H

    def field(p):
        dip = 0.3 * _smooth((ponds(p) - 0.45) * 6)
        return t.T + t.blend(p) * (amp * (1 + bumps(p)) + 0.1 - dip)

    t.shape(field)
    moss, lichen_c, white = t.pick("#7d8a6a"), t.pick("#a69c7c"), t.pick(SNOW)
    colours = _lerp(moss, lichen_c, 0.6 * _smooth(lichen(t.xz) * 2 + 0.5))
    colours = _lerp(colours, white, _smooth((frost(t.xz) - 0.3) * 6))  # sharp-edged frost patches
    t.paint(colours)
    t.add_water(t.T - 0.04, t.pick(ICE, 0.35))
    for x, z in t.spots(6, 0.5, 2.5):
        _rock(t, x, z, t.rng.uniform(0.3, 0.6), t.pick(ROCK))
    for x, z in t.spots(5, 0.3, 2.0):
        _bush(t, x, z, t.rng.uniform(0.2, 0.3), shade(moss, 0.7))


def _marsh(t: _Tile) -> None:
    """Marsh: low soggy ground with open pools and clumps of reeds at their margins."""
    pools, bumps = t.noise(0.4 * t.R, 2), t.noise(0.2 * t.R, 2)

    def field(p):
        wet = _smooth((pools(p) + 0.05) * 4)
        return t.T + t.blend(p, 0.2) * (0.18 + 0.08 * bumps(p) - 0.5 * wet)

    t.shape(field)
    level = t.T - 0.06
    ground, mud = t.pick("#5f7a45"), t.pick(MUD)
    colours = _lerp(ground, mud, _smooth((t.T + 0.12 - t.h) / 0.15))
    t.paint(colours)
    t.add_water(level, t.pick(MARSH_WATER))
    margin = lambda x, z: abs(float(t.field(np.array([x, z]))[0]) - level - 0.06) < 0.08
    for x, z in t.spots(12, 0.4, 1.2, margin):
        _reed(t, x, z, t.pick(REED))


def _jungle(t: _Tile) -> None:
    """Jungle floor: bumpy, lush dark greens under undergrowth and a few palms."""
    bumps, fine, tint = t.noise(0.35 * t.R), t.noise(0.12 * t.R, 2), t.noise(0.3 * t.R, 2)
    amp = 0.06 * t.H
    t.shape(lambda p: t.T + t.blend(p) * amp * (1 + bumps(p) + 0.3 * fine(p)))
    ground, light = t.pick("#2f6a2a"), t.pick("#4f8f32")
    colours = _lerp(ground, light, _smooth(tint(t.xz) * 2 + 0.5))
    t.paint(colours)
    for x, z in t.spots(18, 0.6, 1.6):
        tone = t.rng.uniform(0.3, 1.6)  # undergrowth from dark to bright green
        _bush(t, x, z, t.rng.uniform(0.5, 0.9), shade(light, tone))
    for x, z in t.spots(4, 1.8, 3.0):
        _palm(t, x, z, t.rng.uniform(0.6, 0.8), shade(light, 1.2), t.pick(TRUNK))


# --- feature reliefs ---

def _rolling_ground(t: _Tile, amp_fraction: float = 0.05) -> None:
    roll, patches = t.noise(0.8 * t.R), t.noise(0.4 * t.R, 2)
    amp = amp_fraction * t.H
    t.shape(lambda p: t.T + t.blend(p) * amp * (1 + roll(p)))
    earth, moss = t.pick("#4a3a22"), t.pick("#4f6a32")
    t.paint(_lerp(earth, moss, _smooth(patches(t.xz) * 1.5 + 0.5)))  # forest floor: leaf litter and moss


def _forest_deciduous(t: _Tile) -> None:
    """Broadleaf forest: rolling ground under round crowns."""
    _rolling_ground(t)
    foliage, trunk = t.pick("#3f7a2a"), t.pick(TRUNK)
    for x, z in t.spots(15, 1.4, 2.4):
        _deciduous(t, x, z, t.rng.uniform(0.8, 1.1), foliage, trunk)


def _forest_conifer(t: _Tile) -> None:
    """Conifer forest: rolling ground under dark cone-shaped firs."""
    _rolling_ground(t)
    foliage, trunk = t.pick("#24502e"), t.pick(TRUNK)
    for x, z in t.spots(20, 1.2, 2.0):
        _conifer(t, x, z, t.rng.uniform(0.75, 1.05), foliage, trunk)


def _jungle_dense(t: _Tile) -> None:
    """Dense jungle: bumpy floor, tall layered canopy trees and palms."""
    _rolling_ground(t, 0.07)
    foliage, trunk = t.pick("#2f8a3a"), t.pick(TRUNK)
    for x, z in t.spots(9, 1.6, 2.6):
        y = t.ground(x, z, 0.3)
        height = max(min(t.rng.uniform(4.0, 5.5), t.ceiling - y - 1.3), 1.0)
        tree = Model()
        tree.add(moved(frustum(0.3, 0.18, height, 6), x, y, z), trunk)
        crown = scaled(sphere(1.6, 1), 1, 0.55, 1)
        tree.add(moved(crown, x, y + height + 0.3, z), shade(foliage, t.rng.uniform(0.75, 1.0)))
        t.place(tree)
    for x, z in t.spots(10, 1.9, 1.5):
        _palm(t, x, z, t.rng.uniform(0.7, 0.9), shade(foliage, 1.15), trunk)


def _river_paths(t: _Tile) -> list[np.ndarray]:
    """Channel centre lines for this variant. Edge k joins corner k and k+1
    (edge 0 faces -Z/+X); layouts cycle straight 0-3, bend 0-2, sharp bend 0-1,
    fork 0+2 -> 4, each further set of four turned by one edge."""
    layouts = [("straight", (0, 3)), ("bend", (0, 2)), ("sharp", (0, 1)), ("fork", (0, 2, 4))]
    kind, edges = layouts[(t.variant - 1) % 4]
    turn = (t.variant - 1) // 4
    edges = [(e + turn) % 6 for e in edges]
    mids = [_EDGE_NORMALS[e] * t.apothem for e in edges]  # edge midpoints
    inward = [-_EDGE_NORMALS[e] for e in edges]
    if kind == "fork":
        junction = t.rng.uniform(-0.08, 0.08, 2) * t.R
        return [_bezier(m, m + d * 0.35 * t.R, junction, junction) for m, d in zip(mids, inward)]
    a, b = mids
    reach = 0.4 * np.linalg.norm(a - b)
    path = _bezier(a, a + inward[0] * reach, b + inward[1] * reach, b)
    # meander that vanishes (with zero slope) at both edges so segments still line up
    s = np.linspace(0, 1, len(path))
    tangent = np.gradient(path, axis=0)
    normal = np.column_stack([-tangent[:, 1], tangent[:, 0]]) / np.linalg.norm(tangent, axis=1)[:, None]
    a1, a2 = t.rng.uniform(-1, 1, 2) * (0.08 if kind != "sharp" else 0.03) * t.R
    return [path + normal * (np.sin(math.pi * s) ** 2 * (a1 + a2 * np.sin(2 * math.pi * s)))[:, None]]


def _channel(paths, half_width: float):
    """0..1 weight of the carved channel (1 on its flat bed) and the distance to it."""
    def weight(p):
        d = np.min([_segment_distance(p, path) for path in paths], axis=0)
        return 1 - _smooth((d - 0.5 * half_width) / (half_width + 0.6)), d
    return weight


def _river(t: _Tile) -> None:
    """River: grassland cut by a water-filled channel entering and leaving through edge midpoints."""
    paths = _river_paths(t)
    half_width, depth = 0.12 * t.R, min(0.6, 0.6 * t.T)
    channel = _channel(paths, half_width)
    roll = t.noise(0.8 * t.R)
    amp = 0.05 * t.H

    def field(p):
        w, d = channel(p)
        valley = _smooth(d / (3 * half_width))  # land flattens towards the river
        land = t.T + t.blend(p) * amp * np.maximum(1 + roll(p), 0) * valley  # never below the water
        return land * (1 - w) + (t.T - depth) * w

    t.shape(field)
    ground, bank = t.pick(GRASS), t.pick("#a08a5a")
    w, _ = channel(t.xz)
    t.paint(_lerp(ground, bank, _smooth(w * 2.5)))
    t.add_water(t.T - 0.2 * depth - 0.05, t.pick(WATER))
    dry = lambda x, z: channel(np.array([[x, z]]))[0][0] < 0.01
    for x, z in t.spots(6, 0.6, 2.0, dry):
        _bush(t, x, z, t.rng.uniform(0.35, 0.6), shade(ground, 0.7))


def _oasis(t: _Tile) -> None:
    """Oasis: low sand dunes around a pond ringed by grass and palms."""
    centre = t.rng.uniform(-0.12, 0.12, 2) * t.R
    radius = t.rng.uniform(0.26, 0.32) * t.R
    dunes, shore = t.noise(0.5 * t.R), t.noise(0.2 * t.R, 2)

    def pond_distance(p):
        return np.linalg.norm(p - centre, axis=1) / radius + 0.15 * shore(p)

    def field(p):
        r = pond_distance(p)
        sand = 0.05 * t.H * np.maximum(1 + dunes(p), 0) * _smooth(r - 1.2) + 0.15
        return t.T + t.blend(p) * sand - 0.6 * t.T * (1 - _smooth(r * 1.1 - 0.1))

    t.shape(field)
    sand, grass = t.pick(SAND), t.pick("#5f9a3a")
    r = pond_distance(t.xz)
    t.paint(_lerp(grass, _lerp(sand, shade(sand, 1.1), _smooth(dunes(t.xz))), _smooth((r - 1.15) / 0.5)))
    t.add_water(t.T - 0.05, t.pick(WATER))
    trunk, leaves = t.pick("#8a6a44"), t.pick("#3f8a34")
    ring = lambda x, z: 1.05 < pond_distance(np.array([[x, z]]))[0] < 1.7
    for x, z in t.spots(5, 2.0, 2.2, ring):
        _palm(t, x, z, t.rng.uniform(0.75, 0.95), leaves, trunk)


def _volcanic(t: _Tile) -> None:
    """Volcano: a dark cone with a crater of lava and glowing flows down its flanks."""
    centre = t.rng.uniform(-0.08, 0.08, 2) * t.R
    height = t.rng.uniform(0.72, 0.85) * t.H
    base_r, crater_r = 0.75 * t.R, t.rng.uniform(0.14, 0.18) * t.R
    crater_depth = 0.25 * height
    gullies = t.noise(0.25 * t.R, 2)

    def field(p):
        r = np.linalg.norm(p - centre, axis=1)
        cone_h = height * np.clip(1 - (r - crater_r) / (base_r - crater_r), 0, 1) ** 1.3
        cone_h *= 1 + 0.06 * gullies(p)
        bowl = height - crater_depth * (1 - (r / crater_r) ** 2)
        relief = np.where(r < crater_r, bowl, np.minimum(cone_h, height))
        return t.T + t.blend(p, 0.2) * (relief + 0.05 * t.H)

    t.shape(field)
    rock, ash, lava, flow = t.pick("#3a3432"), t.pick("#6a5f58"), t.pick(LAVA, 0.5), t.pick("#c03a10", 0.5)
    r = np.linalg.norm(t.xz - centre, axis=1)
    angle = np.arctan2(t.xz[:, 1] - centre[1], t.xz[:, 0] - centre[0])
    flows = np.zeros(len(t.xz))
    for _ in range(t.rng.integers(2, 4)):
        a = t.rng.uniform(-math.pi, math.pi)
        wiggle = t.rng.uniform(-0.3, 0.3)
        off = np.abs(np.angle(np.exp(1j * (angle - a - wiggle * r / t.R)))) * r  # distance across the flow
        reach = t.rng.uniform(0.45, 0.7) * t.R
        flows = np.maximum(flows, (1 - _smooth((off - 0.25) / 0.5)) * (1 - _smooth((r - reach) / 1.0)))
    colours = _lerp(ash, rock, _smooth((t.h - t.T) / (0.5 * t.H)))
    colours = _lerp(colours, flow, flows * (r > crater_r))
    colours[r < crater_r] = lava
    t.paint(colours)
    floor = t.T + height - crater_depth * 0.75
    pool = Model()
    pool.add(moved(cylinder(crater_r * 0.8, 0.2, 12), centre[0], floor - 0.1, centre[1]), shade(lava, 1.1))
    t.place(pool)


def _floodplains(t: _Tile) -> None:
    """Floodplains: a broad slow river with flat green and golden fields along it."""
    paths = _river_paths(t)
    half_width, depth = 0.12 * t.R, min(0.5, 0.5 * t.T)
    channel = _channel(paths, half_width)

    def field(p):
        w, _ = channel(p)
        return (t.T + 0.12 * t.blend(p)) * (1 - w) + (t.T - depth) * w

    t.shape(field)
    # parcels on a grid turned to the river's direction
    direction = paths[0][-1] - paths[0][0]
    direction = direction / np.linalg.norm(direction)
    u = t.xz @ direction
    v = t.xz @ np.array([-direction[1], direction[0]])
    green, light = t.pick("#5f9a3a"), t.pick("#8fbf4a")
    crops = [green, light, shade(green, 1.12), t.pick("#b8b050"), t.pick("#8a7a48")]  # mostly green, some tilled
    lookup = t.rng.choice(len(crops), size=(32, 32), p=[0.3, 0.25, 0.2, 0.15, 0.1])  # a random crop per parcel
    rows = np.floor(u / (0.35 * t.R)).astype(int) % 32
    cols = np.floor(v / (0.2 * t.R)).astype(int) % 32
    colours = np.array(crops)[lookup[rows, cols]]
    w, _ = channel(t.xz)
    silt = t.pick(MUD)
    t.paint(_lerp(colours, silt, _smooth(w * 3)))
    t.add_water(t.T - 0.2 * depth - 0.05, t.pick(WATER))


# relief -> (recipe, grid subdivisions per hex sector)
RELIEFS: dict[str, tuple[Callable[[_Tile], None], int]] = {
    "flat": (_flat, 18),
    "grassland": (_grassland, 18),
    "hills": (_hills, 20),
    "mountains": (_mountains, 22),
    "coast": (_coast, 20),
    "ocean": (_ocean, 16),
    "dunes": (_dunes, 22),
    "tundra": (_tundra, 20),
    "marsh": (_marsh, 20),
    "jungle": (_jungle, 18),
    "forest_deciduous": (_forest_deciduous, 14),
    "forest_conifer": (_forest_conifer, 14),
    "jungle_dense": (_jungle_dense, 14),
    "river": (_river, 20),
    "oasis": (_oasis, 16),
    "volcanic": (_volcanic, 20),
    "floodplains": (_floodplains, 20),
}


def generate(spec: dict) -> bytes:
    """GLB bytes of one terrain tile (see the module docstring)."""
    relief = spec["relief"]
    if relief not in RELIEFS:
        raise ValueError(f"terrain {spec['id']}: unknown relief {relief!r}")
    recipe, n = RELIEFS[relief]
    tile = _Tile(spec, n)
    recipe(tile)
    return tile.finish()
