"""Architectural parts shared by the building and wonder generators.

Everything here returns closed shells (or adds them to a `Model`), so the
manifold rule of meshkit holds: parts overlap freely but are never welded.
Openings (doors, windows, arches seen against a wall) are dark parts set
slightly proud of the wall, because the kit has no boolean subtraction;
arcades that must be see-through (aqueduct, colosseum) are built from piers
and arched spandrels instead.

Coordinates: Y up, front +Z, metres; helpers take the position of a part's
base (its lowest point) unless they say otherwise.
"""
from __future__ import annotations

import math

import numpy as np
import trimesh

from . import meshkit as mk
from .common import mix, palette, rng_for, shade

# --- fixed neutrals (palette colours carry the identity, these the materials) ---
STONE = np.array([0.66, 0.63, 0.57])
OPENING = np.array([0.08, 0.08, 0.10])    # doorways, windows, the dark inside of arches
WOOD = np.array([0.50, 0.34, 0.20])
DARK_WOOD = np.array([0.32, 0.21, 0.13])
GLASS = np.array([0.40, 0.60, 0.76])
LIT = np.array([1.00, 0.86, 0.42])        # lantern light, flames
FLAME = np.array([0.98, 0.55, 0.12])
METAL = np.array([0.55, 0.57, 0.60])
IRON = np.array([0.22, 0.23, 0.25])
GOLD = np.array([0.86, 0.68, 0.22])
WATER = np.array([0.20, 0.42, 0.62])
GRASS = np.array([0.36, 0.56, 0.26])
FOLIAGE = np.array([0.22, 0.45, 0.20])
EARTH = np.array([0.55, 0.45, 0.32])
SAND = np.array([0.84, 0.74, 0.52])
ROCK = np.array([0.52, 0.48, 0.44])
WHITE = np.array([0.95, 0.94, 0.91])
RED = np.array([0.80, 0.12, 0.12])
SMOKE = np.array([0.62, 0.62, 0.64])


COPPER = np.array([0.33, 0.58, 0.50])      # weathered copper domes
TERRACOTTA = np.array([0.66, 0.32, 0.20])

ROLES = ("wall", "roof", "trim", "accent", "extra", "base")


class Colours:
    """Palette colours by role: wall, roof, trim, accent, extra, base.

    `order` names the role of each palette entry in turn (the catalog lists
    colours darkest-to-lightest or primary-first, so each builder says how
    its entry reads); roles the palette does not reach are derived from the
    wall colour.
    """

    def __init__(self, spec: dict, order=ROLES) -> None:
        p = palette(spec)
        self.all = p
        given = dict(zip(order, p))
        self.wall = given.get("wall", p[0])
        self.roof = given.get("roof", shade(self.wall, 0.7))
        self.trim = given.get("trim", mix(self.wall, WHITE, 0.5))
        self.accent = given.get("accent", shade(self.roof, 1.3))
        self.extra = given.get("extra", mix(self.accent, self.trim, 0.5))
        self.base = given.get("base", shade(self.wall, 0.75))


def fill_bounds(model: mk.Model, bounds: dict) -> mk.Model:
    """Scale uniformly (up or down) until the model touches the bounds box, then ground and centre it.

    Builders model at about catalog scale; filling the box keeps every icon
    and hero shot framed alike whatever the catalog bounds say.
    """
    width, depth, height = float(bounds["width"]), float(bounds["depth"]), float(bounds["height"])
    low, high = model.bounds()
    size = np.maximum(high - low, 1e-9)
    factor = min(width / size[0], height / size[1], depth / size[2])
    model.transform(np.diag([factor, factor, factor, 1.0]))
    return model.fit_within(width=width, height=height, depth=depth)


# --- generic closed shapes -------------------------------------------------

def hull(points) -> trimesh.Trimesh:
    """Convex hull of points: any convex solid (roofs, rough stones, tapered blocks)."""
    return trimesh.convex.convex_hull(np.asarray(points, dtype=float))


def _closed(vertices, faces) -> trimesh.Trimesh:
    mesh = trimesh.Trimesh(vertices=np.asarray(vertices, dtype=float), faces=np.asarray(faces), process=False)
    mesh.fix_normals()
    return mesh


def _quad(faces: list, a: int, b: int, c: int, d: int) -> None:
    for tri in ((a, b, c), (a, c, d)):
        if len(set(tri)) == 3:
            faces.append(tri)


def lathe(profile, sections: int = 12, phase: float = 0.0) -> trimesh.Trimesh:
    """Solid of revolution about Y from (radius, y) pairs listed bottom to top.

    A radius of 0 makes a pole; otherwise the end is capped flat. Domes,
    bulbs, robes, spires and turned columns all come from this.
    """
    angles = phase + np.linspace(0.0, 2.0 * math.pi, sections, endpoint=False)
    verts, faces, rings = [], [], []
    for r, y in profile:
        if r <= 1e-9:
            verts.append([0.0, y, 0.0])
            rings.append([len(verts) - 1] * sections)
        else:
            start = len(verts)
            verts += [[r * math.cos(a), y, r * math.sin(a)] for a in angles]
            rings.append(list(range(start, start + sections)))
    for lo, hi in zip(rings, rings[1:]):
        for i in range(sections):
            j = (i + 1) % sections
            _quad(faces, lo[i], lo[j], hi[j], hi[i])
    for ring, (r, y) in ((rings[0], profile[0]), (rings[-1], profile[-1])):
        if r > 1e-9:
            verts.append([0.0, y, 0.0])
            c = len(verts) - 1
            faces += [[ring[i], ring[(i + 1) % sections], c] for i in range(sections)]
    return _closed(verts, faces)


def lathe_loop(loop, sections: int = 16) -> trimesh.Trimesh:
    """Ring solid (torus topology) sweeping a closed (radius, y) outline about Y: bowls, rims."""
    angles = np.linspace(0.0, 2.0 * math.pi, sections, endpoint=False)
    n = len(loop)
    verts = [[r * math.cos(a), y, r * math.sin(a)] for a in angles for r, y in loop]
    faces = []
    for s in range(sections):
        t = (s + 1) % sections
        for k in range(n):
            m = (k + 1) % n
            _quad(faces, s * n + k, s * n + m, t * n + m, t * n + k)
    return _closed(verts, faces)


def loft(rings) -> trimesh.Trimesh:
    """Closed solid through horizontal rings listed bottom to top (same point count, convex ends)."""
    rings = [np.asarray(r, dtype=float) for r in rings]
    n = len(rings[0])
    verts = list(np.vstack(rings))
    faces = []
    for k in range(len(rings) - 1):
        for i in range(n):
            j = (i + 1) % n
            _quad(faces, k * n + i, k * n + j, (k + 1) * n + j, (k + 1) * n + i)
    for k in (0, len(rings) - 1):
        verts.append(rings[k].mean(axis=0))
        c = len(verts) - 1
        faces += [[k * n + i, k * n + (i + 1) % n, c] for i in range(n)]
    return _closed(verts, faces)


def rect_ring(width: float, depth: float, y: float, x: float = 0.0, z: float = 0.0):
    w, d = width / 2, depth / 2
    return [(x - w, y, z - d), (x + w, y, z - d), (x + w, y, z + d), (x - w, y, z + d)]


def strip_slab(xs, y_low, y_high, depth: float) -> trimesh.Trimesh:
    """The region between two polylines over the same x values (y_low < y_high), extruded along Z.

    Used for arch spandrels (flat top over a semicircular soffit), which are
    not convex and so cannot come from `hull`.
    """
    z0, z1 = -depth / 2, depth / 2
    verts = []
    for x, lo, hi in zip(xs, y_low, y_high):
        verts += [[x, lo, z1], [x, hi, z1], [x, lo, z0], [x, hi, z0]]
    faces = []
    for i in range(len(xs) - 1):
        a, b = 4 * i, 4 * (i + 1)
        _quad(faces, a, b, b + 1, a + 1)          # front
        _quad(faces, a + 2, a + 3, b + 3, b + 2)  # back
        _quad(faces, a + 1, b + 1, b + 3, a + 3)  # top
        _quad(faces, a, a + 2, b + 2, b)          # soffit
    last = 4 * (len(xs) - 1)
    _quad(faces, 0, 1, 3, 2)
    _quad(faces, last, last + 2, last + 3, last + 1)
    return _closed(verts, faces)


def place(mesh: trimesh.Trimesh, x: float = 0.0, y: float = 0.0, z: float = 0.0, yaw: float = 0.0) -> trimesh.Trimesh:
    """Turn a part by `yaw` degrees about Y, then move it."""
    if yaw:
        mk.rotated(mesh, yaw)
    return mk.moved(mesh, x, y, z)


def block(model: mk.Model, colour, width, height, depth, x=0.0, y=0.0, z=0.0, yaw=0.0):
    """A box standing on y (the workhorse of every building)."""
    return model.add(place(mk.moved(mk.box(width, height, depth), 0, height / 2, 0), x, y, z, yaw), colour)


# --- classical vocabulary ---------------------------------------------------

def steps(model: mk.Model, colour, width, depth, count=3, step_h=0.3, inset=0.4, y=0.0, x=0.0, z=0.0) -> float:
    """Stepped platform (stylobate); returns the height of its top."""
    for i in range(count):
        block(model, colour, width - 2 * inset * i, step_h, depth - 2 * inset * i, x, y + i * step_h, z)
    return y + count * step_h


def column(model: mk.Model, colour, x, z, y, height, radius, sections=8, capital=True):
    """Column with a square base and capital (abacus) and a slightly tapered shaft."""
    cap_h = height * 0.07 if capital else 0.0
    base_h = height * 0.05
    block(model, colour, radius * 2.5, base_h, radius * 2.5, x, y, z)
    shaft = mk.frustum(radius, radius * 0.85, height - base_h - cap_h, sections)
    model.add(mk.moved(shaft, x, y + base_h, z), colour)
    if capital:
        block(model, colour, radius * 2.6, cap_h, radius * 2.6, x, y + height - cap_h, z)


def colonnade_xs(model, colour, x0, x1, count, z, y, height, radius, sections=8):
    for x in np.linspace(x0, x1, count):
        column(model, colour, float(x), z, y, height, radius, sections)


def colonnade_zs(model, colour, z0, z1, count, x, y, height, radius, sections=8):
    for z in np.linspace(z0, z1, count):
        column(model, colour, x, float(z), y, height, radius, sections)


def gable_roof(model, colour, width, depth, height, x=0.0, y=0.0, z=0.0, ridge="x"):
    """Pitched roof; ridge along X (gables at the sides) or Z (gable facing the front)."""
    if ridge == "x":
        roof = mk.wedge(width, height, depth)
    else:
        roof = mk.rotated(mk.wedge(depth, height, width), 90)
    return model.add(mk.moved(roof, x, y, z), colour)


def hip_roof(model, colour, width, depth, height, x=0.0, y=0.0, z=0.0, ridge=None):
    """Hipped roof: slopes on all four sides, ridge along the longer side."""
    if ridge is None:
        ridge = max(width - depth, depth - width, 0.0)
    if width >= depth:
        top = [(-ridge / 2, height, 0), (ridge / 2, height, 0)]
    else:
        top = [(0, height, -ridge / 2), (0, height, ridge / 2)]
    base = [(sx * width / 2, 0, sz * depth / 2) for sx in (-1, 1) for sz in (-1, 1)]
    return model.add(mk.moved(hull(base + top), x, y, z), colour)


def pyramid_roof(model, colour, width, depth, height, x=0.0, y=0.0, z=0.0):
    return model.add(mk.moved(mk.pyramid(width, depth, height), x, y, z), colour)


def pediment(model, colour, width, height, depth, x=0.0, y=0.0, z=0.0):
    """Triangular gable facing +Z (the front of a temple front)."""
    return gable_roof(model, colour, width, depth, height, x, y, z, ridge="z")


def curved_roof(model, colour, width, depth, height, x=0.0, y=0.0, z=0.0, flare=1.0):
    """East Asian hip roof: concave slopes (lofted rings that shrink fast, then slowly).

    `flare` > 1 widens the eaves a little more; the thin eave slab below makes
    the overhang read at icon size.
    """
    rings = []
    for t, sw, sd in ((0.0, 1.0, 1.0), (0.18, 0.78, 0.70), (0.45, 0.58, 0.42), (0.75, 0.48, 0.22), (1.0, 0.44, 0.05)):
        rings.append(rect_ring(width * (sw if t else flare), depth * (sd if t else flare), t * height, x, z))
    model.add(mk.moved(loft(rings), 0, y, 0), colour)
    # ridge beam with raised ends
    block(model, shade(colour, 0.8), width * 0.5, height * 0.12, depth * 0.08, x, y + height * 0.96, z)


def dome(radius: float, height: float | None = None, sections: int = 12, rings: int = 4) -> trimesh.Trimesh:
    """Hemispherical (or elliptical if `height` differs) dome, base on y=0."""
    height = radius if height is None else height
    ts = np.linspace(0, math.pi / 2, rings + 1)
    profile = [(radius * math.cos(t), height * math.sin(t)) for t in ts]
    profile[-1] = (0.0, height)
    return lathe(profile, sections)


def _facing_yaw(facing: str) -> float:
    return {"+z": 0.0, "-z": 180.0, "+x": 90.0, "-x": -90.0}[facing]


def window(model, x, y, z, width, height, facing="+z", colour=OPENING, depth=0.12):
    """A dark opening (or glass) whose centre sits at (x, y, z) on a wall facing `facing`."""
    pane = mk.moved(mk.box(width, height, depth), 0, 0, 0)
    return model.add(place(pane, x, y, z, _facing_yaw(facing)), colour)


def arched_window(model, x, y, z, width, height, facing="+z", colour=OPENING, depth=0.12):
    """Opening with a round head; (x, y, z) is the centre of its sill."""
    r = width / 2
    parts = [mk.moved(mk.box(width, height - r, depth), 0, (height - r) / 2, 0)]
    head = mk.rotated(mk.cylinder(r, depth, 10), 90, (1, 0, 0))
    parts.append(mk.moved(head, 0, height - r, 0))
    for p in parts:
        model.add(place(p, x, y, z, _facing_yaw(facing)), colour)


def window_grid(model, cx, cz, width, depth, y0, floors, floor_h, per_front, per_side,
                win_w=0.6, win_h=0.9, colour=OPENING, arched=False, sides=("+z", "-z", "+x", "-x")):
    """Rows of windows on the four faces of a box centred on (cx, cz)."""
    draw = arched_window if arched else window
    for f in range(floors):
        yc = y0 + floor_h * (f + 0.5) - (0 if not arched else win_h / 2)
        for facing in sides:
            along_x = facing in ("+z", "-z")
            n = per_front if along_x else per_side
            if n <= 0:
                continue
            span = width if along_x else depth
            for k in range(n):
                u = (k + 0.5) / n * span - span / 2
                if facing == "+z":
                    draw(model, cx + u, yc, cz + depth / 2, win_w, win_h, facing, colour)
                elif facing == "-z":
                    draw(model, cx + u, yc, cz - depth / 2, win_w, win_h, facing, colour)
                elif facing == "+x":
                    draw(model, cx + width / 2, yc, cz + u, win_w, win_h, facing, colour)
                else:
                    draw(model, cx - width / 2, yc, cz + u, win_w, win_h, facing, colour)


def pointed_window(model, x, y, z, width, height, facing="+z", colour=OPENING, depth=0.25):
    """Gothic lancet: a rectangle with a pointed head; (x, y, z) is the sill centre on a wall facing `facing`."""
    head = width * 0.75
    parts = [mk.moved(mk.box(width, height - head, depth), 0, (height - head) / 2, 0),
             mk.moved(mk.rotated(mk.wedge(depth, head, width), 90), 0, height - head, 0)]
    for p in parts:
        model.add(place(p, x, y, z, _facing_yaw(facing)), colour)


def crenellations(model, colour, p0, p1, y, thickness, merlon=0.5, height=0.5):
    """Merlons along the wall top from p0 to p1 (XZ points), gaps as wide as merlons."""
    p0, p1 = np.asarray(p0, float), np.asarray(p1, float)
    length = float(np.linalg.norm(p1 - p0))
    count = max(2, int(round(length / (2 * merlon))))
    yaw = -math.degrees(math.atan2(p1[1] - p0[1], p1[0] - p0[0]))
    for k in range(count):
        t = (k + 0.5) / count
        px, pz = p0 + (p1 - p0) * t
        block(model, colour, length / count * 0.55, height, thickness, float(px), y, float(pz), yaw)


def ring_crenellations(model, colour, radius, y, count, size=0.5, height=0.5, x=0.0, z=0.0):
    """Merlons round a tower top centred on (x, z)."""
    for k in range(count):
        a = 2 * math.pi * k / count
        block(model, colour, size, height, size, x + radius * math.cos(a), y, z + radius * math.sin(a),
              -math.degrees(a))


def arch_spandrel(span: float, top: float, depth: float, segments: int = 8) -> trimesh.Trimesh:
    """Wall piece over one semicircular arch: springs at y=0, flat top at y=`top` (>= span/2)."""
    r = span / 2
    thetas = np.linspace(0.0, math.pi, segments + 1)
    xs = -r * np.cos(thetas)
    lows = r * np.sin(thetas)
    highs = np.full_like(xs, max(top, r + 0.05))
    return strip_slab(xs, lows, highs, depth)


def arcade(model, colour, x0, x1, bays, y, pier_h, pier_w, depth, top, z=0.0, segments=6, yaw=0.0, cx=0.0, cz=0.0):
    """Straight see-through arcade from x0 to x1: piers plus arched spandrels.

    `pier_h` is the springing height, `top` the height of the spandrels above the
    springing. The row is built along X at depth z, then turned by `yaw` about
    (cx, cz).
    """
    bay = (x1 - x0) / bays
    span = bay - pier_w
    parts = []
    for k in range(bays + 1):
        parts.append(mk.moved(mk.box(pier_w, pier_h, depth), x0 + k * bay, y + pier_h / 2, z))
    for k in range(bays):
        xc = x0 + (k + 0.5) * bay
        parts.append(mk.moved(arch_spandrel(span, top, depth, segments), xc, y + pier_h, z))
    for p in parts:
        if yaw:
            mk.rotated(p, yaw)
        model.add(mk.moved(p, cx, 0, cz), colour)


# --- small props ------------------------------------------------------------

def flag(model, colour, x, z, y, pole_h=3.0, size=1.0, pole_colour=WHITE):
    model.add(mk.moved(mk.cylinder(0.05 * pole_h / 3, pole_h, 6), x, y + pole_h / 2, z), pole_colour)
    block(model, colour, size * 1.5, size, 0.04, x + size * 0.75, y + pole_h - size * 1.05, z)


def tree(model, x, z, height, colour=FOLIAGE, y=0.0, kind="round"):
    trunk_h = height * 0.35
    model.add(mk.moved(mk.cylinder(height * 0.05, trunk_h, 6), x, y + trunk_h / 2, z), DARK_WOOD)
    if kind == "cone":
        model.add(mk.moved(mk.cone(height * 0.28, height * 0.75, 8), x, y + height * 0.25, z), colour)
    else:
        model.add(mk.moved(mk.sphere(height * 0.32, 1), x, y + height * 0.66, z), colour)


def barrel(model, x, z, y=0.0, r=0.3, h=0.7, colour=WOOD):
    model.add(mk.moved(lathe([(r * 0.85, 0), (r, h / 2), (r * 0.85, h)], 8), x, y, z), colour)


def crate(model, x, z, y=0.0, s=0.6, colour=WOOD, yaw=0.0):
    block(model, colour, s, s, s, x, y, z, yaw)


def clock_face(model, x, y, z, radius, facing="+z", face=WHITE, hands=IRON):
    """Round clock face with two hands, centred at (x, y, z) on a wall facing `facing`."""
    disc = mk.rotated(mk.cylinder(radius, 0.1, 12), 90, (1, 0, 0))
    model.add(place(disc, x, y, z, _facing_yaw(facing)), face)
    out = 0.07
    hand1 = mk.moved(mk.box(radius * 0.1, radius * 0.75, 0.05), 0, radius * 0.3, out)
    hand2 = mk.rotated(mk.moved(mk.box(radius * 0.1, radius * 0.55, 0.05), 0, radius * 0.22, out), -110, (0, 0, 1))
    for h in (hand1, hand2):
        model.add(place(h, x, y, z, _facing_yaw(facing)), hands)


def person_statue(model, colour, x, z, y, height, arm_up=True, yaw=0.0):
    """A robed standing figure (statues on monuments and plinths)."""
    parts = [lathe([(height * 0.14, 0), (height * 0.11, height * 0.5), (height * 0.09, height * 0.8),
                    (height * 0.05, height * 0.84), (0.0, height * 0.85)], 8)]
    parts.append(mk.moved(mk.sphere(height * 0.07, 1), 0, height * 0.9, 0))
    if arm_up:
        parts.append(mk.beam((height * 0.07, height * 0.76, 0), (height * 0.16, height * 1.02, 0), height * 0.04))
    for p in parts:
        model.add(place(p, x, y, z, yaw), colour)


def sweep_arc(loop, a0: float, a1: float, segments: int = 8) -> trimesh.Trimesh:
    """Sweep a convex (radius, y) outline about Y from angle a0 to a1 (radians), capped at both ends.

    Angles follow x = r·cos a, z = r·sin a (a = π/2 points to the front, +Z).
    Theatre tiers, curved stands and broken ring walls come from this.
    """
    angles = np.linspace(a0, a1, segments + 1)
    n = len(loop)
    verts = [[r * math.cos(a), y, r * math.sin(a)] for a in angles for r, y in loop]
    faces = []
    for s in range(segments):
        for k in range(n):
            m = (k + 1) % n
            _quad(faces, s * n + k, s * n + m, (s + 1) * n + m, (s + 1) * n + k)
    for s in (0, segments):
        verts.append(np.mean(verts[s * n:(s + 1) * n], axis=0))
        c = len(verts) - 1
        faces += [[s * n + k, s * n + (k + 1) % n, c] for k in range(n)]
    return _closed(verts, faces)


def rough_stone(rng: np.random.Generator, width, height, depth, jitter=0.12) -> trimesh.Trimesh:
    """A box-like stone with jittered corners (hull), base near y=0: menhirs, rocks, cliffs."""
    pts = []
    for sx in (-1, 1):
        for sy in (0, 1):
            for sz in (-1, 1):
                j = 1 + rng.uniform(-jitter, jitter, 3)
                pts.append((sx * width / 2 * j[0], sy * height * j[1], sz * depth / 2 * j[2]))
    pts = np.array(pts)
    pts[:, 1] -= pts[:, 1].min()
    return hull(pts)


DEFAULT_ROLES = ("wall", "roof", "trim", "accent", "extra", "base")


def build_shape(spec: dict, builders: dict, roles: dict, what: str) -> mk.Model:
    """Run the builder named by `spec["shape"]` with its palette roles, then fill the bounds box."""
    shape = spec["shape"]
    if shape not in builders:
        raise ValueError(f"unknown {what} shape {shape!r}")
    model = mk.Model()
    colours = Colours(spec, roles.get(shape, DEFAULT_ROLES))
    builders[shape](model, colours, rng_for(spec))
    return fill_bounds(model, spec["bounds"])

