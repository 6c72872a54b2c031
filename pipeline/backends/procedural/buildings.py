"""Procedural city buildings: one low-poly builder per catalog `shape`.

`generate(spec)` builds the shape at roughly catalog scale (a 12 m footprint),
scales it uniformly so it fills `spec["bounds"]` (width × depth × height),
stands it on the ground, centres it and returns GLB bytes within
`spec["budget"]` triangles. Palette roles (see architecture.Colours): walls,
roof, trim, accent; fixed neutrals (stone, glass, wood, ...) for materials.
Randomness only from `rng_for(spec)`: counts and proportions vary a little
per seed, never the silhouette that makes a building recognisable.
"""
from __future__ import annotations

import math

import numpy as np

from . import meshkit as mk
from .architecture import (
    DARK_STONE, DARK_WOOD, EARTH, FLAME, FOLIAGE, GLASS, GOLD, GRASS, IRON, LIT, MARBLE, METAL, OPENING,
    RED, ROCK, SAND, SMOKE, STONE, WATER, WHITE, WOOD, Colours, arcade, arched_window, barrel, block,
    clock_face, colonnade_xs, colonnade_zs, column, crate, crenellations, curved_roof, dome, flag,
    gable_roof, hip_roof, hull, lathe, lathe_loop, loft, pediment, person_statue, place, pyramid_roof,
    rect_ring, ring_crenellations, rough_stone, steps, sweep_arc, tree, window, window_grid,
)
from .common import mix, rng_for, shade

Model = mk.Model


def generate(spec: dict) -> bytes:
    shape = spec["shape"]
    if shape not in BUILDERS:
        raise ValueError(f"unknown building shape {shape!r}")
    model = build(spec)
    return model.to_glb(int(spec.get("budget", 20000)))


def build(spec: dict) -> Model:
    """The fitted model (exposed for tests and previews)."""
    model = Model()
    BUILDERS[spec["shape"]](model, Colours(spec), rng_for(spec))
    return fill_bounds(model, spec["bounds"])


def fill_bounds(model: Model, bounds: dict) -> Model:
    """Scale uniformly (up or down) until the model touches the bounds box, then ground and centre it."""
    width, depth, height = float(bounds["width"]), float(bounds["depth"]), float(bounds["height"])
    low, high = model.bounds()
    size = np.maximum(high - low, 1e-9)
    factor = min(width / size[0], height / size[1], depth / size[2])
    model.transform(np.diag([factor, factor, factor, 1.0]))
    return model.fit_within(width=width, height=height, depth=depth)


# --- small shared pieces ----------------------------------------------------

def _pad(m: Model, colour, width, depth, height=0.2, x=0.0, z=0.0):
    """Ground slab the building stands on (reads as its plot at icon size)."""
    block(m, colour, width, height, depth, x, 0, z)
    return height


def _door(m, x, y, z, w=1.0, h=1.8, facing="+z", colour=OPENING):
    arched_window(m, x, y, z, w, h, facing, colour)


def _chimney(m, colour, x, z, y, h, r=0.5, smoke=True):
    m.add(mk.moved(mk.frustum(r * 1.25, r, h, 10), x, y, z), colour)
    m.add(mk.moved(mk.cylinder(r * 1.35, 0.35, 10), x, y + h - 0.2, z), shade(colour, 0.7))
    if smoke:
        for k, s in enumerate((0.7, 0.9, 1.1)):
            m.add(mk.moved(mk.sphere(r * s, 1), x + 0.35 * k, y + h + 0.6 + 0.9 * k, z - 0.2 * k), SMOKE)


def _fence(m, colour, p0, p1, y=0.0, h=1.0, post_gap=1.2):
    """Posts and two rails between two XZ points."""
    p0, p1 = np.asarray(p0, float), np.asarray(p1, float)
    length = float(np.linalg.norm(p1 - p0))
    n = max(2, int(round(length / post_gap)) + 1)
    for t in np.linspace(0, 1, n):
        px, pz = p0 + (p1 - p0) * t
        block(m, colour, 0.14, h, 0.14, float(px), y, float(pz))
    for rail_y in (h * 0.45, h * 0.85):
        m.add(mk.beam((p0[0], y + rail_y, p0[1]), (p1[0], y + rail_y, p1[1]), 0.08), colour)


def _water(m, width, depth, x=0.0, z=0.0, height=0.3):
    block(m, WATER, width, height, depth, x, 0, z)


def _boat(m, c: Colours, x, z, y, length=5.0, sail=True, yaw=0.0):
    """Small wooden boat along X with a mast and square sail."""
    L, B, H = length, length * 0.32, length * 0.22
    # hull as a loft of cross-sections along X (each a trapezoid in YZ)
    sections = []
    for t, w, lift in ((-0.5, 0.12, 0.35), (-0.3, 0.85, 0.1), (0.05, 1.0, 0.0), (0.32, 0.8, 0.1), (0.5, 0.1, 0.4)):
        xs = t * L
        sections.append([(xs, lift * H, -w * B * 0.3), (xs, lift * H, w * B * 0.3),
                         (xs, H, w * B * 0.5), (xs, H, -w * B * 0.5)])
    parts = [(hull(np.vstack(sections)), WOOD)]
    parts.append((mk.moved(mk.box(L * 0.7, 0.05, B * 0.8), 0, H, 0), DARK_WOOD))
    if sail:
        mast_h = L * 0.9
        parts.append((mk.moved(mk.cylinder(0.08, mast_h, 6), 0, H + mast_h / 2, 0), DARK_WOOD))
        parts.append((mk.moved(mk.box(0.06, mast_h * 0.55, L * 0.55), 0.15, H + mast_h * 0.5, 0), c.trim))
    for mesh, colour in parts:
        m.add(place(mesh, x, y, z, yaw), colour)


def _horse(m, colour, x, z, y=0.0, yaw=0.0, s=1.0):
    """Standing horse facing +X (stable paddock)."""
    parts = [mk.moved(mk.rotated(mk.capsule(0.35 * s, 1.7 * s, (6, 6)), 90, (0, 0, 1)), 0, 1.25 * s, 0)]
    for lx in (-0.55, 0.55):
        for lz in (-0.2, 0.2):
            parts.append(mk.beam((lx * s, 0, lz * s), (lx * s, 1.2 * s, lz * s), 0.12 * s))
    parts.append(mk.beam((0.7 * s, 1.3 * s, 0), (1.05 * s, 1.95 * s, 0), 0.28 * s))
    parts.append(mk.moved(mk.rotated(mk.box(0.6 * s, 0.22 * s, 0.2 * s), -35, (0, 0, 1)), 1.25 * s, 1.85 * s, 0))
    parts.append(mk.beam((-0.85 * s, 1.35 * s, 0), (-1.05 * s, 0.7 * s, 0), 0.12 * s))
    for p in parts:
        m.add(place(p, x, y, z, yaw), colour)


def _cannon(m, x, z, y=0.0, yaw=0.0):
    parts = [(mk.moved(mk.rotated(mk.frustum(0.22, 0.16, 1.8, 8), -80, (0, 0, 1)), -0.6, 0.55, 0), IRON)]
    for wz in (-0.35, 0.35):
        parts.append((mk.moved(mk.rotated(mk.cylinder(0.38, 0.1, 10), 90, (1, 0, 0)), -0.2, 0.38, wz), DARK_WOOD))
    parts.append((mk.moved(mk.box(1.2, 0.25, 0.5), -0.5, 0.4, 0), WOOD))
    for mesh, colour in parts:
        m.add(place(mesh, x, y, z, yaw), colour)


def _shot_pile(m, x, z, y=0.0, r=0.18):
    """Pyramid of cannonballs."""
    for layer, n in enumerate((3, 2, 1)):
        for i in range(n):
            for k in range(n):
                px = x + (i - (n - 1) / 2) * 2 * r
                pz = z + (k - (n - 1) / 2) * 2 * r
                m.add(mk.moved(mk.sphere(r, 0), px, y + r + layer * 1.4 * r, pz), IRON)


def _dish(m, colour, x, z, y, radius, tilt=35.0, yaw=0.0):
    """Satellite dish on a short pedestal, tilted up towards the sky."""
    bowl = lathe([(0.0, 0.0), (radius * 0.5, radius * 0.08), (radius, radius * 0.32),
                  (radius * 0.92, radius * 0.34), (0.0, radius * 0.1)], 12)
    parts = [(mk.moved(mk.cylinder(radius * 0.12, radius * 0.9, 8), 0, radius * 0.45, 0), METAL)]
    bowl = mk.rotated(bowl, tilt, (1, 0, 0))
    parts.append((mk.moved(bowl, 0, radius * 0.9, 0), colour))
    feed = mk.rotated(mk.moved(mk.cylinder(radius * 0.04, radius * 0.7, 6), 0, radius * 0.45, 0), tilt, (1, 0, 0))
    parts.append((mk.moved(feed, 0, radius * 0.9, 0), METAL))
    for mesh, col in parts:
        m.add(place(mesh, x, y, z, yaw), col)


def _lattice_mast(m, colour, x, z, y, height, base=1.0, top=0.3, levels=6):
    """Tapering three-legged radio mast of beams."""
    legs = []
    for k in range(3):
        a = 2 * math.pi * k / 3 + math.pi / 2
        legs.append(((x + base * math.cos(a), y, z + base * math.sin(a)),
                     (x + top * math.cos(a), y + height, z + top * math.sin(a))))
    pts = [[np.array(b) + (np.array(t) - np.array(b)) * (i / levels) for i in range(levels + 1)] for b, t in legs]
    for b, t in legs:
        m.add(mk.beam(b, t, 0.12), colour)
    for i in range(levels):
        for k in range(3):
            m.add(mk.beam(pts[k][i], pts[(k + 1) % 3][i + 1], 0.06), colour)
    m.add(mk.moved(mk.cylinder(0.05, height * 0.25, 6), x, y + height * 1.12, z), colour)
    m.add(mk.moved(mk.sphere(0.15, 0), x, y + height * 1.25, z), RED)


# --- builders (one per shape) -------------------------------------------------

def _monument(m: Model, c: Colours, rng) -> None:
    """Obelisk on a stepped plinth with a pedestal and lamp posts at the corners."""
    top = steps(m, c.wall, 7.0, 7.0, count=3, step_h=0.4, inset=0.6)
    block(m, c.trim, 3.4, 2.2, 3.4, y=top)
    block(m, shade(c.trim, 0.85), 3.8, 0.35, 3.8, y=top + 2.2)
    block(m, c.accent, 1.6, 1.0, 0.1, 0, top + 0.6, 1.72)   # inscription plaque
    base = top + 2.55
    h = 8.4 + rng.uniform(-0.4, 0.4)
    m.add(loft([rect_ring(1.8, 1.8, base), rect_ring(1.05, 1.05, base + h)]), c.wall)
    m.add(mk.moved(mk.pyramid(1.05, 1.05, 0.9), 0, base + h, 0), GOLD)
    for sx in (-1, 1):
        for sz in (-1, 1):
            px, pz = sx * 2.9, sz * 2.9
            block(m, c.trim, 0.45, 1.2, 0.45, px, 0.4, pz)
            m.add(mk.moved(mk.sphere(0.3, 1), px, 1.85, pz), GOLD)


def _granary(m: Model, c: Colours, rng) -> None:
    """Round silos with conical roofs around a loading shed."""
    _pad(m, EARTH, 12, 10.5)
    silos = [(0.0, -1.6, 2.5, 7.0), (-3.9, 0.6, 1.7, 5.0), (3.9, 0.6, 1.7, 5.2 + rng.uniform(-0.3, 0.3))]
    for x, z, r, h in silos:
        m.add(mk.moved(mk.cylinder(r, h, 14), x, 0.2 + h / 2, z), c.wall)
        for band in (0.3, 0.65):
            m.add(mk.moved(mk.cylinder(r * 1.04, 0.25, 14), x, 0.2 + h * band, z), c.trim)
        m.add(mk.moved(mk.cone(r * 1.18, r * 1.1, 14), x, 0.2 + h, z), c.roof)
        m.add(mk.moved(mk.sphere(0.22, 0), x, 0.2 + h + r * 1.1, z), c.accent)
        window(m, x, 0.2 + h * 0.8, z + r, 0.6, 0.7)
    # shed in front with a gable roof and a door
    block(m, c.wall, 4.2, 2.4, 2.6, 0, 0.2, 3.2)
    gable_roof(m, c.roof, 4.8, 3.2, 1.3, 0, 2.6, 3.2)
    window(m, 0, 1.2, 4.5, 1.2, 1.8)
    for k, (x, z) in enumerate(((-2.6, 4.4), (-2.1, 4.8), (2.6, 4.5))):
        m.add(mk.moved(mk.sphere(0.38, 1), x, 0.5, z), mix(SAND, c.trim, 0.3))


def _library(m: Model, c: Colours, rng) -> None:
    """Domed reading hall behind a columned portico on broad steps."""
    top = steps(m, STONE, 11.4, 10.4, count=3, step_h=0.3, inset=0.35)
    block(m, c.wall, 10.0, 5.2, 6.6, 0, top, -1.2)
    block(m, c.trim, 10.4, 0.45, 7.0, 0, top + 5.2, -1.2)
    window_grid(m, 0, -1.2, 10.0, 6.6, top + 0.3, 2, 2.4, 0, 4, 0.7, 1.4, arched=True, sides=("+x", "-x"))
    for x in (-3.8, -2.5, 2.5, 3.8):
        arched_window(m, x, top + 1.2, 2.1, 0.8, 2.6)
    # portico: four columns, entablature, pediment
    colonnade_xs(m, c.trim, -2.2, 2.2, 4, 3.1, top, 4.6, 0.32)
    block(m, c.trim, 5.8, 0.6, 2.0, 0, top + 4.6, 2.9)
    pediment(m, c.roof, 5.8, 1.4, 2.0, 0, top + 5.2, 2.9)
    _door(m, 0, top, 2.1, 1.4, 3.0)
    # drum and dome over the reading room
    drum_y = top + 5.65
    m.add(mk.moved(mk.cylinder(2.5, 1.4, 14), 0, drum_y + 0.7, -1.4), c.wall)
    for k in range(8):
        a = 2 * math.pi * (k + 0.5) / 8
        window(m, 2.5 * math.cos(a), drum_y + 0.7, -1.4 + 2.5 * math.sin(a), 0.45, 0.8, "+z", OPENING)
    m.add(mk.moved(dome(2.7, 2.4, 14, 4), 0, drum_y + 1.4, -1.4), c.roof)
    m.add(mk.moved(mk.cylinder(0.35, 0.7, 8), 0, drum_y + 4.0, -1.4), c.trim)
    m.add(mk.moved(mk.sphere(0.25, 0), 0, drum_y + 4.5, -1.4), GOLD)
    for x in (-4.9, 4.9):   # statues flanking the steps
        block(m, STONE, 0.8, 1.0, 0.8, x, 0, 4.4)
        person_statue(m, c.trim, x, 4.4, 1.0, 1.8, arm_up=False)


def _barracks(m: Model, c: Colours, rng) -> None:
    """L of long halls around a drill yard, palisade, watchtower, flag and targets."""
    _pad(m, EARTH, 12, 12)
    block(m, c.wall, 11.0, 2.8, 3.0, 0, 0.2, -4.2)
    gable_roof(m, c.roof, 11.6, 3.6, 1.5, 0, 3.0, -4.2)
    block(m, c.wall, 3.0, 2.8, 6.0, -4.3, 0.2, 0.4)
    gable_roof(m, c.roof, 3.6, 6.4, 1.5, -4.3, 3.0, 0.4, ridge="z")
    for x in (-2.5, 0.5, 3.5):
        window(m, x, 1.3, -2.7, 0.9, 1.5)
    for z in (-0.8, 1.8):
        window(m, -2.8, 1.3, z, 0.9, 1.5, "+x")
    # palisade along the front and right with a gate gap
    for (x0, z0, x1, z1) in ((-5.8, 5.8, -1.2, 5.8), (1.2, 5.8, 5.8, 5.8), (5.8, 5.8, 5.8, -2.6)):
        length = math.hypot(x1 - x0, z1 - z0)
        for k in range(int(length / 0.42) + 1):
            t = k / max(int(length / 0.42), 1)
            px, pz = x0 + (x1 - x0) * t, z0 + (z1 - z0) * t
            block(m, DARK_WOOD, 0.38, 2.0, 0.38, px, 0.2, pz)
            m.add(mk.moved(mk.cone(0.22, 0.4, 4), px, 2.2, pz), DARK_WOOD)
    for x in (-1.3, 1.3):
        block(m, DARK_WOOD, 0.5, 3.2, 0.5, x, 0.2, 5.8)
    block(m, DARK_WOOD, 3.2, 0.4, 0.5, 0, 3.0, 5.8)
    # watchtower at the front-right corner
    tx, tz = 4.6, 4.6
    for sx in (-0.8, 0.8):
        for sz in (-0.8, 0.8):
            m.add(mk.beam((tx + sx, 0.2, tz + sz), (tx + sx * 0.7, 5.4, tz + sz * 0.7), 0.22), WOOD)
    block(m, WOOD, 2.2, 0.3, 2.2, tx, 4.4, tz)
    block(m, WOOD, 2.2, 0.9, 0.1, tx, 4.7, tz + 1.05)
    block(m, WOOD, 0.1, 0.9, 2.2, tx + 1.05, 4.7, tz)
    pyramid_roof(m, c.roof, 2.6, 2.6, 1.4, tx, 5.4, tz)
    flag(m, c.accent, 1.6, 1.2, 0.2, pole_h=7.0, size=1.1)
    # training dummies and a weapon rack
    for x in (-0.6, 1.4, 3.2):
        block(m, WOOD, 0.15, 1.6, 0.15, x, 0.2, 2.8)
        block(m, WOOD, 1.0, 0.15, 0.15, x, 1.35, 2.8)
        m.add(mk.moved(mk.sphere(0.22, 0), x, 1.9, 2.8), SAND)
    target = mk.rotated(mk.cylinder(0.7, 0.15, 12), 90, (1, 0, 0))
    m.add(mk.moved(target, -1.5, 1.1, -1.5), WHITE)
    m.add(mk.moved(mk.rotated(mk.cylinder(0.35, 0.2, 12), 90, (1, 0, 0)), -1.5, 1.1, -1.5), RED)
    block(m, WOOD, 0.2, 0.5, 0.5, -1.5, 0.2, -1.6)
    for k in range(5):
        m.add(mk.beam((-3.6 + k * 0.35, 0.2, -2.4), (-3.6 + k * 0.35, 2.6, -2.6), 0.07), IRON)


def _walls(m: Model, c: Colours, rng) -> None:
    """Crenellated curtain wall with round flanking towers and a central gatehouse."""
    wall_h, thick = 6.0, 2.0
    for x0, x1 in ((-5.0, -1.6), (1.6, 5.0)):
        block(m, c.wall, x1 - x0, wall_h, thick, (x0 + x1) / 2, 0, 0)
        crenellations(m, c.wall, (x0, thick / 2 - 0.2), (x1, thick / 2 - 0.2), wall_h, 0.4, 0.45, 0.7)
        crenellations(m, c.wall, (x0, -thick / 2 + 0.2), (x1, -thick / 2 + 0.2), wall_h, 0.4, 0.45, 0.7)
        for x in np.linspace(x0 + 0.8, x1 - 0.8, 2):
            window(m, float(x), 3.6, thick / 2, 0.22, 1.0)      # arrow slits
    # base batter (sloped plinth) makes the wall read as masonry
    m.add(hull([(sx * 5.6, 0, sz * 1.6) for sx in (-1, 1) for sz in (-1, 1)]
               + [(sx * 5.6, 1.0, sz * 1.05) for sx in (-1, 1) for sz in (-1, 1)]), shade(c.wall, 0.85))
    for x in (-5.2, 5.2):
        r, h = 1.8, 8.2 + rng.uniform(-0.3, 0.3)
        m.add(mk.moved(mk.cylinder(r, h, 14), x, h / 2, 0), c.wall)
        m.add(mk.moved(mk.frustum(r, r * 1.15, 0.5, 14), x, h - 0.5, 0), shade(c.wall, 0.9))
        for k in range(8):
            a = 2 * math.pi * k / 8
            block(m, c.wall, 0.55, 0.7, 0.4, x + r * 1.05 * math.cos(a), h, r * 1.05 * math.sin(a), -math.degrees(a) + 90)
        window(m, x, 4.0, r, 0.25, 1.0)
        flag(m, c.accent, x, 0, h, pole_h=2.4, size=0.8)
    # gatehouse
    block(m, shade(c.wall, 0.95), 3.6, 7.6, 3.0, 0, 0, 0)
    crenellations(m, c.wall, (-1.8, 1.3), (1.8, 1.3), 7.6, 0.4, 0.45, 0.7)
    crenellations(m, c.wall, (-1.8, -1.3), (1.8, -1.3), 7.6, 0.4, 0.45, 0.7)
    arched_window(m, 0, 0, 1.5, 2.0, 3.4)
    for x in np.linspace(-0.75, 0.75, 4):    # portcullis bars
        block(m, IRON, 0.08, 2.6, 0.1, float(x), 0.0, 1.6)
    block(m, IRON, 1.8, 0.08, 0.1, 0, 1.3, 1.6)
    window(m, 0, 5.6, 1.5, 0.3, 1.0)


def _stall(m, awning, x, z, yaw=0.0):
    """Market stall: counter, four posts and a sloping striped awning."""
    parts = [(mk.moved(mk.box(2.2, 0.9, 1.0), 0, 0.65, 0.3), WOOD)]
    for px in (-1.1, 1.1):
        for pz, ph in ((-0.6, 2.5), (0.9, 2.1)):
            parts.append((mk.moved(mk.box(0.1, ph, 0.1), px, 0.2 + ph / 2, pz), DARK_WOOD))
    for k, col in enumerate((awning, WHITE, awning, WHITE, awning)):
        stripe = mk.rotated(mk.box(0.48, 0.06, 1.9), -12, (1, 0, 0))
        parts.append((mk.moved(stripe, -0.96 + k * 0.48, 2.55, 0.15), col))
    for k, col in enumerate((RED, GOLD, FOLIAGE)):
        parts.append((mk.moved(mk.sphere(0.16, 0), -0.6 + 0.6 * k, 1.25, 0.35), col))
    for mesh, col in parts:
        m.add(place(mesh, x, 0, z, yaw), col)


def _market(m: Model, c: Colours, rng) -> None:
    """Paved square with striped stalls, a covered hall and a fountain."""
    _pad(m, mix(STONE, SAND, 0.4), 12, 12)
    # covered market hall at the back: open sides under a hipped roof
    for x in (-4.2, -1.4, 1.4, 4.2):
        for z in (-5.2, -2.2):
            block(m, c.wall, 0.45, 3.2, 0.45, x, 0.2, z)
    block(m, c.trim, 9.6, 0.4, 4.0, 0, 3.4, -3.7)
    hip_roof(m, c.roof, 10.4, 4.6, 2.0, 0, 3.8, -3.7)
    for k in range(4):
        crate(m, -3 + 2 * k, -3.7, 0.2, 0.7, yaw=20 * k)
    colours = [c.accent, c.roof, c.extra, c.accent]
    spots = [(-4.0, 1.0, 10), (-3.6, 4.4, 25), (3.8, 1.2, -15), (3.4, 4.6, -25)]
    for (x, z, yaw), col in zip(spots, colours):
        _stall(m, col, x, z, yaw + rng.uniform(-5, 5))
    # fountain in the middle of the square
    m.add(mk.moved(mk.cylinder(1.5, 0.6, 14), 0, 0.5, 2.4), STONE)
    m.add(mk.moved(mk.cylinder(1.3, 0.1, 14), 0, 0.8, 2.4), WATER)
    m.add(mk.moved(mk.cylinder(0.2, 1.4, 8), 0, 1.2, 2.4), STONE)
    m.add(mk.moved(mk.cylinder(0.6, 0.15, 10), 0, 1.9, 2.4), STONE)
    for x, z in ((1.5, 4.8), (-1.6, 5.2), (5.0, -0.8)):
        barrel(m, x, z, 0.2)


def _temple(m: Model, c: Colours, rng) -> None:
    """Peripteral temple: stepped stylobate, ring of columns, pediments front and back."""
    top = steps(m, STONE, 8.6, 11.8, count=3, step_h=0.35, inset=0.35)
    col_h, r = 5.4, 0.33
    xs, zs = 3.2, 4.6
    colonnade_xs(m, c.trim, -xs, xs, 6, zs, top, col_h, r)
    colonnade_xs(m, c.trim, -xs, xs, 6, -zs, top, col_h, r)
    colonnade_zs(m, c.trim, -zs + 1.3, zs - 1.3, 6, xs, top, col_h, r)
    colonnade_zs(m, c.trim, -zs + 1.3, zs - 1.3, 6, -xs, top, col_h, r)
    block(m, c.wall, 4.4, col_h, 6.4, 0, top, -0.4)           # cella
    _door(m, 0, top, 2.8, 1.4, 3.2, colour=OPENING)
    m.add(mk.moved(mk.box(0.1, 0.1, 0.1), 0, top + 0.05, 2.7), OPENING)
    block(m, c.trim, 7.4, 0.5, 10.2, 0, top + col_h, 0)         # architrave
    block(m, c.accent, 7.6, 0.35, 10.4, 0, top + col_h + 0.5, 0)  # frieze band
    gable_roof(m, c.roof, 7.8, 10.6, 1.8, 0, top + col_h + 0.85, 0, ridge="z")
    for z in (5.32, -5.32):  # pediment faces in trim colour, set slightly proud
        pediment(m, c.trim, 7.0, 1.55, 0.1, 0, top + col_h + 0.9, z)
    m.add(mk.moved(mk.sphere(0.3, 1), 0, top + col_h + 2.75, 5.2), GOLD)


def _aqueduct(m: Model, c: Colours, rng) -> None:
    """Three tiers of arches (Pont du Gard) carrying a water channel, a stream below."""
    _water(m, 12.4, 3.6, 0, 0, 0.15)
    block(m, EARTH, 2.0, 0.6, 3.4, -5.2, 0, 0)
    block(m, EARTH, 2.0, 0.6, 3.4, 5.2, 0, 0)
    depth = 1.8
    arcade(m, c.wall, -6.0, 6.0, 3, 0.0, 3.2, 1.0, depth, 2.4)
    y2 = 3.2 + 2.4
    block(m, c.trim, 12.2, 0.25, depth + 0.2, 0, y2, 0)
    arcade(m, c.wall, -6.0, 6.0, 4, y2 + 0.25, 1.8, 0.8, depth * 0.85, 1.6)
    y3 = y2 + 0.25 + 1.8 + 1.6
    block(m, c.trim, 12.2, 0.25, depth, 0, y3, 0)
    arcade(m, c.wall, -6.0, 6.0, 9, y3 + 0.25, 0.8, 0.35, depth * 0.7, 0.6)
    y4 = y3 + 0.25 + 0.8 + 0.6
    block(m, c.wall, 12.0, 0.5, depth * 0.9, 0, y4, 0)          # channel floor
    for z in (-0.7, 0.7):
        block(m, c.wall, 12.0, 0.8, 0.25, 0, y4 + 0.5, z * depth * 0.55)
    block(m, WATER, 12.0, 0.35, 1.0, 0, y4 + 0.5, 0)


def _university(m: Model, c: Colours, rng) -> None:
    """Collegiate quadrangle: three gabled wings round a lawn and a clock tower with spire."""
    _pad(m, GRASS, 12, 12)
    h = 4.2
    block(m, c.wall, 12, h, 3.2, 0, 0.2, -4.2)
    gable_roof(m, c.roof, 12.2, 3.6, 2.0, 0, 0.2 + h, -4.2)
    for x in (-4.6, 4.6):
        block(m, c.wall, 2.8, h, 7.0, x, 0.2, 1.0)
        gable_roof(m, c.roof, 3.2, 7.2, 1.8, x, 0.2 + h, 1.0, ridge="z")
        window_grid(m, x, 1.0, 2.8, 7.0, 0.2, 2, 2.0, 1, 3, 0.5, 1.1, arched=True)
    window_grid(m, 0, -4.2, 12, 3.2, 0.2, 2, 2.0, 6, 0, 0.5, 1.1, arched=True, sides=("+z",))
    # gate arch and low wall closing the quad
    for x0, x1 in ((-3.2, -0.9), (0.9, 3.2)):
        block(m, c.wall, x1 - x0, 1.2, 0.4, (x0 + x1) / 2, 0.2, 4.3)
    arcade(m, c.trim, -1.2, 1.2, 1, 0.2, 1.8, 0.5, 0.6, 1.0, z=4.3)
    # tower on the back wing
    tz, tw = -4.2, 2.6
    block(m, shade(c.wall, 0.95), tw, 9.2, tw, 0, 0.2, tz)
    for fac, (dx, dz) in (("+z", (0, tw / 2)), ("+x", (tw / 2, 0)), ("-x", (-tw / 2, 0))):
        clock_face(m, dx, 7.6, tz + dz, 0.8, fac, WHITE)
        arched_window(m, dx, 4.8, tz + dz, 0.7, 1.6, fac)
    block(m, c.trim, tw + 0.3, 0.35, tw + 0.3, 0, 9.4, tz)
    for sx in (-1, 1):
        for sz in (-1, 1):
            m.add(mk.moved(mk.cone(0.22, 1.0, 6), sx * tw / 2, 9.75, tz + sz * tw / 2), c.trim)
    m.add(mk.moved(mk.cone(1.5, 3.8, 8), 0, 9.75, tz), c.roof)
    tree(m, -1.6, 1.2, 2.6)
    tree(m, 1.8, 0.2, 2.2)


def _factory(m: Model, c: Colours, rng) -> None:
    """Brick sheds with a glazed sawtooth roof, tall smoking chimneys and a water tank."""
    _pad(m, mix(STONE, EARTH, 0.5), 12, 12)
    w, d, h = 8.0, 8.0, 3.8
    x0, z0 = -1.6, 0.6
    block(m, c.wall, w, h, d, x0, 0.2, z0)
    window_grid(m, x0, z0, w, d, 0.2, 1, h, 5, 5, 0.9, 1.6, colour=shade(GLASS, 0.7))
    teeth = 4
    for k in range(teeth):
        zb = z0 - d / 2 + d * k / teeth
        zt = zb + d / teeth
        # steep glazed face toward -Z (north light), long slope toward +Z
        tooth = hull([(x, y, z) for x in (x0 - w / 2, x0 + w / 2) for (y, z) in ((0, zb), (1.6, zb), (0, zt))])
        m.add(mk.moved(tooth, 0, 0.2 + h, 0), c.roof)
        block(m, GLASS, w - 0.2, 1.3, 0.08, x0, 0.2 + h + 0.1, zb - 0.02)
    # lower office block in front right
    block(m, c.trim, 3.2, 2.8, 3.6, 4.3, 0.2, 3.6)
    window_grid(m, 4.3, 3.6, 3.2, 3.6, 0.2, 2, 1.4, 3, 3, 0.5, 0.6)
    block(m, shade(c.trim, 0.8), 3.4, 0.25, 3.8, 4.3, 3.0, 3.6)
    window(m, x0, 1.5, z0 + d / 2, 2.2, 2.6, colour=DARK_WOOD)   # loading door
    # chimneys
    for x, z, hh in ((3.9, -2.2, 9.6), (3.9, -4.6, 8.2 + rng.uniform(-0.5, 0.5))):
        _chimney(m, shade(c.wall, 0.85), x, z, 0.2, hh, 0.55)
    # water tank on legs
    tx, tz = -4.8, -4.6
    for sx in (-0.7, 0.7):
        for sz in (-0.7, 0.7):
            m.add(mk.beam((tx + sx, 0.2, tz + sz), (tx + sx * 0.8, 3.4, tz + sz * 0.8), 0.14), IRON)
    m.add(mk.moved(mk.cylinder(1.1, 1.6, 12), tx, 4.2, tz), METAL)
    m.add(mk.moved(mk.cone(1.2, 0.6, 12), tx, 5.0, tz), IRON)


def _hospital(m: Model, c: Colours, rng) -> None:
    """White multi-storey block with wings, red crosses, entrance canopy and roof helipad."""
    _pad(m, mix(STONE, WHITE, 0.4), 12, 12)
    wall = mix(c.wall, WHITE, 0.55)
    block(m, wall, 5.0, 8.0, 5.0, 0, 0.2, -1.5)                 # central tower
    window_grid(m, 0, -1.5, 5.0, 5.0, 0.6, 4, 1.8, 3, 3, 0.7, 0.8, colour=GLASS)
    for x in (-4.2, 4.2):                                        # wings
        block(m, wall, 3.4, 5.4, 7.6, x, 0.2, -1.0)
        window_grid(m, x, -1.0, 3.4, 7.6, 0.6, 3, 1.6, 2, 4, 0.6, 0.7, colour=GLASS)
        block(m, c.trim, 3.6, 0.3, 7.8, x, 5.6, -1.0)
    block(m, c.trim, 5.2, 0.3, 5.2, 0, 8.2, -1.5)
    # big red cross on the tower front and on the roof (helipad)
    for bw, bh in ((2.2, 0.7), (0.7, 2.2)):
        block(m, RED, bw, bh, 0.15, 0, 6.7 - bh / 2, 1.05)
    m.add(mk.moved(mk.cylinder(2.0, 0.12, 16), 0, 8.5, -1.5), shade(METAL, 0.7))
    for bw, bd in ((2.0, 0.6), (0.6, 2.0)):
        block(m, RED, bw, 0.08, bd, 0, 8.55, -1.5)
    # entrance canopy on posts
    block(m, c.trim, 4.0, 0.3, 2.6, 0, 2.8, 2.3)
    for x in (-1.8, 1.8):
        block(m, c.trim, 0.2, 2.6, 0.2, x, 0.2, 3.4)
    window(m, 0, 1.3, 1.0, 2.0, 2.2, colour=GLASS)
    # ambulance
    block(m, WHITE, 2.2, 1.2, 1.0, 3.6, 0.45, 4.6)
    block(m, RED, 2.22, 0.2, 1.02, 3.6, 1.0, 4.6)
    for wx in (2.9, 4.3):
        for wz in (4.1, 5.1):
            m.add(mk.moved(mk.rotated(mk.cylinder(0.25, 0.15, 8), 90, (1, 0, 0)), wx, 0.45, wz), IRON)
    tree(m, -3.8, 4.4, 2.2)


def _bank(m: Model, c: Colours, rng) -> None:
    """Heavy neoclassical block: two-storey columns in antis, pediment with a gold coin, balustrade."""
    top = steps(m, STONE, 11.0, 9.6, count=2, step_h=0.35, inset=0.4)
    block(m, c.wall, 10.0, 6.4, 7.0, 0, top, -1.0)
    block(m, shade(c.wall, 0.85), 10.2, 1.0, 7.2, 0, top, -1.0)   # rusticated base
    window_grid(m, 0, -1.0, 10.0, 7.0, top + 1.0, 2, 2.5, 0, 3, 0.8, 1.4, sides=("+x", "-x"))
    colonnade_xs(m, c.trim, -3.0, 3.0, 4, 2.9, top, 6.4, 0.42)
    for x in (-4.4, 4.4):                                         # end piers (antae)
        block(m, c.wall, 1.4, 6.4, 1.6, x, top, 2.7)
    block(m, c.trim, 10.2, 0.8, 8.6, 0, top + 6.4, -0.3)
    pediment(m, c.roof, 7.6, 1.6, 1.8, 0, top + 7.2, 2.8)
    m.add(mk.moved(mk.rotated(mk.cylinder(0.55, 0.12, 14), 90, (1, 0, 0)), 0, top + 7.75, 3.72), GOLD)
    # balustrade on the flat roof
    for x in np.linspace(-4.8, 4.8, 17):
        block(m, c.trim, 0.18, 0.6, 0.18, float(x), top + 7.2, -4.2)
    block(m, c.trim, 10.0, 0.15, 0.3, 0, top + 7.8, -4.2)
    for x in (-5.0, 5.0):
        for z in np.linspace(-4.2, 1.4, 9):
            block(m, c.trim, 0.18, 0.6, 0.18, x, top + 7.2, float(z))
        block(m, c.trim, 0.3, 0.15, 5.8, x, top + 7.8, -1.4)
    window(m, 0, top + 1.6, 2.55, 1.6, 3.2, colour=shade(GOLD, 0.55))   # bronze doors
    for x in (-2.0, 2.0):
        window(m, x, top + 2.0, 2.55, 0.9, 1.8)
    # stacks of gold coins on the steps
    for k, (x, n) in enumerate(((-4.8, 4), (4.8, 3))):
        for i in range(n):
            m.add(mk.moved(mk.cylinder(0.4, 0.14, 10), x, 0.07 + 0.15 * i, 4.3), GOLD)


def _arsenal(m: Model, c: Colours, rng) -> None:
    """Fortified storehouse: buttressed hall, big doors, cannons and shot piles in front."""
    _pad(m, mix(EARTH, STONE, 0.5), 12, 12)
    block(m, c.wall, 10.0, 4.6, 5.6, 0, 0.2, -2.4)
    hip_roof(m, c.roof, 10.6, 6.2, 2.4, 0, 4.8, -2.4)
    for x in np.linspace(-4.6, 4.6, 5):
        m.add(hull([(x + dx, 0.2, 0.4) for dx in (-0.3, 0.3)] + [(x + dx, 0.2, 1.6) for dx in (-0.3, 0.3)]
                   + [(x + dx, 3.6, 0.4) for dx in (-0.3, 0.3)] + [(x + dx, 3.6, 0.7) for dx in (-0.3, 0.3)]),
              shade(c.wall, 0.85))
    for x in (-2.3, 2.3):
        arched_window(m, x, 0.2, 0.4, 1.8, 3.0, colour=DARK_WOOD)
    window_grid(m, 0, -2.4, 10.0, 5.6, 3.0, 1, 1.2, 0, 3, 0.3, 0.7, sides=("+x", "-x"))
    # corner tower
    m.add(mk.moved(mk.cylinder(1.3, 7.4, 12), -5.0, 3.9, -4.6), c.wall)
    ring_crenellations(m, c.wall, 1.25, 7.6, 8, 0.45, 0.6)
    flag(m, c.accent, -5.0, -4.6, 7.6, pole_h=2.5, size=0.8)
    _cannon(m, -3.0, 3.8, 0.2, yaw=-100)
    _cannon(m, 0.6, 4.2, 0.2, yaw=-80)
    _shot_pile(m, -1.3, 4.6, 0.2)
    _shot_pile(m, 2.6, 4.8, 0.2)
    for k, (x, z) in enumerate(((3.9, 2.6), (4.6, 3.4), (4.7, 2.4))):
        crate(m, x, z, 0.2 + (0.7 if k == 2 else 0), 0.7, colour=WOOD, yaw=10 * k)
    barrel(m, 3.6, 4.6, 0.2)
    barrel(m, 4.3, 5.1, 0.2)


def _theater(m: Model, c: Colours, rng) -> None:
    """Opera house: arcaded front, domed auditorium behind, tall fly tower at the back."""
    _pad(m, mix(STONE, WHITE, 0.3), 12, 12)
    # fly tower
    block(m, c.wall, 7.0, 8.6, 3.4, 0, 0.2, -4.0)
    gable_roof(m, c.roof, 7.4, 3.8, 1.8, 0, 8.8, -4.0)
    # auditorium drum and shallow dome
    m.add(mk.moved(mk.cylinder(4.0, 5.8, 18), 0, 0.2 + 2.9, -0.6), c.wall)
    m.add(mk.moved(mk.cylinder(4.2, 0.35, 18), 0, 6.0, -0.6), c.trim)
    m.add(mk.moved(dome(4.0, 2.2, 18, 4), 0, 6.35, -0.6), c.roof)
    m.add(mk.moved(mk.cylinder(0.5, 0.8, 8), 0, 8.9, -0.6), c.trim)
    # front block with ground-floor arches and upper columns
    fz = 3.6
    block(m, c.trim, 10.8, 3.0, 2.8, 0, 0.2, fz)
    for x in np.linspace(-4.0, 4.0, 5):
        arched_window(m, float(x), 0.2, fz + 1.4, 1.2, 2.4)
    block(m, c.wall, 10.8, 3.4, 2.4, 0, 3.2, fz - 0.2)
    colonnade_xs(m, c.trim, -4.8, 4.8, 8, fz + 1.05, 3.2, 3.2, 0.2)
    for x in np.linspace(-4.0, 4.0, 5):
        arched_window(m, float(x), 3.8, fz + 1.0, 0.8, 1.8, colour=GLASS)
    block(m, c.trim, 11.2, 0.5, 3.0, 0, 6.6, fz - 0.1)
    block(m, c.accent, 4.0, 0.9, 0.3, 0, 7.1, fz + 1.2)     # name plate attic
    for x in (-5.0, 5.0):
        person_statue(m, GOLD, x, fz + 1.0, 7.1, 1.9)
    # comedy and tragedy masks either side of the door
    for x, col in ((-1.4, GOLD), (1.4, c.accent)):
        m.add(mk.moved(mk.scaled(mk.sphere(0.55, 1), 1.0, 1.2, 0.4), x, 2.0, fz + 1.5), col)


def _stadium(m: Model, c: Colours, rng) -> None:
    """Oval bowl of seating tiers round a pitch and running track, floodlight masts."""
    squash = 0.74   # oval: the bowl is built round and squashed in Z
    def oval(mesh):
        return mk.scaled(mesh, 1.0, 1.0, squash)
    m.add(oval(mk.moved(mk.cylinder(3.6, 0.2, 24), 0, 0.1, 0)), mix(RED, SAND, 0.5))      # track
    m.add(oval(mk.moved(mk.cylinder(3.0, 0.24, 24), 0, 0.12, 0)), GRASS)                  # pitch
    block(m, WHITE, 0.08, 0.02, 4.2, 0, 0.24, 0)
    m.add(mk.moved(lathe_loop([(0.55, 0.24), (0.65, 0.24), (0.65, 0.26), (0.55, 0.26)], 16), 0, 0, 0), WHITE)
    seat_colours = [c.accent, c.trim, c.accent, c.trim]
    for k in range(4):
        r0, r1 = 3.7 + k * 0.55, 6.0
        y = 0.45 + k * 0.75
        m.add(oval(lathe_loop([(r0, 0.0), (r1, 0.0), (r1, y), (r0, y)], 28)), seat_colours[k])
    # outer wall and roof canopies on the long sides
    m.add(oval(lathe_loop([(5.9, 0.0), (6.2, 0.0), (6.2, 3.9), (5.9, 3.9)], 28)), c.wall)
    for side in (1, -1):
        a0, a1 = (0.25 * math.pi, 0.75 * math.pi) if side > 0 else (1.25 * math.pi, 1.75 * math.pi)
        canopy = sweep_arc([(4.6, 4.9), (6.3, 4.4), (6.3, 4.6), (4.6, 5.1)], a0, a1, 8)
        m.add(oval(canopy), c.roof)
        for a in np.linspace(a0, a1, 4):
            m.add(oval(mk.moved(mk.box(0.2, 4.6, 0.2), 6.1 * math.cos(a), 2.3, 6.1 * math.sin(a))), c.roof)
    for sx in (-1, 1):   # floodlight masts at the four corners
        for sz in (-1, 1):
            x, z = sx * 4.6, sz * 4.6 * squash * 1.05
            m.add(mk.moved(mk.cylinder(0.12, 7.5, 6), x, 3.75, z), METAL)
            block(m, LIT, 1.2, 0.8, 0.2, x, 7.4, z, yaw=-sx * sz * 45)


def _shrine(m: Model, c: Colours, rng) -> None:
    """Small hall with a sweeping roof on a stone platform, a gate and stone lanterns."""
    _pad(m, mix(GRASS, SAND, 0.3), 12, 12)
    block(m, STONE, 7.0, 0.8, 6.0, 0, 0.2, -2.4)
    for k in range(3):
        block(m, STONE, 2.0, 0.27 * (k + 1), 0.5, 0, 0.2, 1.3 - k * 0.5)
    block(m, c.wall, 4.6, 3.0, 3.8, 0, 1.0, -2.6)
    for x in (-2.3, 2.3):
        for z in (-4.5, -0.7):
            block(m, DARK_WOOD, 0.3, 3.0, 0.3, x, 1.0, z)
    window(m, 0, 2.3, -0.7, 1.8, 2.4, colour=shade(c.wall, 0.5))
    curved_roof(m, c.roof, 7.2, 6.4, 3.0, 0, 4.0, -2.6, flare=1.05)
    m.add(mk.moved(mk.sphere(0.3, 1), 0, 7.1, -2.6), GOLD)
    # gate (torii) on the path
    gz = 3.6
    gate = c.accent
    for x in (-1.9, 1.9):
        m.add(mk.moved(mk.frustum(0.26, 0.2, 4.6, 8), x, 0.2, gz), gate)
    block(m, gate, 5.6, 0.4, 0.45, 0, 4.8, gz)
    m.add(hull([(-3.2, 5.3, gz - 0.3), (3.2, 5.3, gz - 0.3), (-3.2, 5.3, gz + 0.3), (3.2, 5.3, gz + 0.3),
                (-2.8, 5.0, gz - 0.25), (2.8, 5.0, gz - 0.25), (-2.8, 5.0, gz + 0.25), (2.8, 5.0, gz + 0.25)]), IRON)
    block(m, gate, 4.6, 0.3, 0.3, 0, 4.0, gz)
    # stone lanterns and path
    for x in (-1.6, 1.6):
        block(m, STONE, 0.7, 0.3, 0.7, x, 0.2, 1.8)
        block(m, STONE, 0.25, 1.0, 0.25, x, 0.5, 1.8)
        block(m, LIT, 0.5, 0.45, 0.5, x, 1.5, 1.8)
        pyramid_roof(m, STONE, 0.9, 0.9, 0.45, x, 1.95, 1.8)
    for k in range(4):
        block(m, STONE, 1.2, 0.1, 0.9, 0, 0.2, 2.6 + k * 1.0)
    tree(m, -4.4, 2.0, 4.0, kind="cone")
    tree(m, 4.5, -0.4, 3.6, kind="cone")


def _lighthouse(m: Model, c: Colours, rng) -> None:
    """Tall striped tower with a gallery and glowing lantern on a rocky point, keeper's cottage."""
    _water(m, 12, 12)
    m.add(mk.moved(rough_stone(rng, 9.0, 1.6, 8.0, 0.15), 0, 0.1, -0.5), ROCK)
    m.add(mk.moved(rough_stone(rng, 3.0, 0.9, 2.5, 0.25), 3.8, 0.1, 3.4), ROCK)
    base_y, h = 1.5, 9.4
    bands = 5
    for k in range(bands):
        y0 = base_y + h * k / bands
        r0 = 1.9 - 0.7 * k / bands
        r1 = 1.9 - 0.7 * (k + 1) / bands
        m.add(mk.moved(mk.frustum(r0, r1, h / bands, 14), 0, y0, -0.6), c.wall if k % 2 == 0 else c.trim)
    for k in range(3):
        window(m, 0, base_y + 2.2 + 2.4 * k, -0.6 + 1.75 - 0.18 * k, 0.4, 0.7)
    top = base_y + h
    m.add(mk.moved(mk.cylinder(1.8, 0.3, 14), 0, top + 0.15, -0.6), IRON)              # gallery
    m.add(mk.moved(lathe_loop([(1.65, 0.3), (1.75, 0.3), (1.75, 0.95), (1.65, 0.95)], 14), 0, top, -0.6), IRON)
    m.add(mk.moved(mk.cylinder(0.95, 1.4, 10), 0, top + 1.0, -0.6), LIT)               # lantern
    for k in range(6):
        a = 2 * math.pi * k / 6
        block(m, IRON, 0.1, 1.4, 0.1, 0.97 * math.cos(a), top + 0.3, -0.6 + 0.97 * math.sin(a))
    m.add(mk.moved(dome(1.15, 0.9, 10, 3), 0, top + 1.7, -0.6), c.roof)
    m.add(mk.moved(mk.cone(0.1, 0.6, 6), 0, top + 2.5, -0.6), IRON)
    # keeper's cottage
    block(m, c.trim, 3.0, 2.0, 2.4, -2.8, 1.4, 1.6)
    gable_roof(m, c.roof, 3.4, 2.8, 1.2, -2.8, 3.4, 1.6)
    window(m, -2.8, 2.2, 2.8, 0.6, 0.8)
    _chimney(m, STONE, -3.8, 1.0, 3.4, 1.0, 0.2, smoke=False)


def _harbor(m: Model, c: Colours, rng) -> None:
    """Wooden pier on piles into the water, a treadwheel crane, a moored sailing boat, cargo."""
    _water(m, 12, 12)
    block(m, SAND, 12, 0.7, 3.4, 0, 0, -4.3)                      # shore
    block(m, c.wall, 4.2, 2.6, 2.4, -3.4, 0.7, -4.5)             # warehouse
    gable_roof(m, c.roof, 4.6, 2.9, 1.3, -3.4, 3.3, -4.5)
    window(m, -3.4, 1.7, -3.3, 1.4, 1.8, colour=DARK_WOOD)
    # pier deck on piles
    px, plen = 1.6, 8.6
    block(m, WOOD, 2.6, 0.25, plen, px, 0.85, -3.4 + plen / 2)
    for z in np.linspace(-2.4, 5.0, 5):
        for x in (px - 1.1, px + 1.1):
            block(m, DARK_WOOD, 0.25, 1.3, 0.25, x, 0.0, float(z))
    # crane: post, slanted jib, rope and hanging load
    cx, cz = px + 0.6, 2.8
    block(m, DARK_WOOD, 0.4, 5.0, 0.4, cx, 1.1, cz)
    m.add(mk.beam((cx, 5.6, cz), (cx - 3.2, 6.6, cz + 1.2), 0.25), DARK_WOOD)
    m.add(mk.beam((cx, 3.0, cz), (cx - 1.6, 6.1, cz + 0.6), 0.18), DARK_WOOD)
    m.add(mk.beam((cx - 3.1, 6.5, cz + 1.15), (cx - 3.1, 3.0, cz + 1.15), 0.05), IRON)
    crate(m, cx - 3.1, cz + 1.15, 2.4, 0.7)
    wheel = mk.rotated(lathe_loop([(0.95, -0.25), (1.1, -0.25), (1.1, 0.25), (0.95, 0.25)], 12), 90, (1, 0, 0))
    m.add(mk.moved(wheel, cx + 0.7, 2.3, cz), WOOD)
    _boat(m, c, -2.6, 1.8, 0.2, length=5.6, yaw=90)
    for x, z in ((1.0, -1.6), (2.2, -1.2), (1.2, 0.4)):
        crate(m, x, z, 1.1, 0.6)
    barrel(m, 2.3, 0.8, 1.1)
    for z in (1.4, 4.6):
        m.add(mk.moved(mk.cylinder(0.12, 0.35, 6), px - 1.1, 1.25, z), IRON)


def _amphitheater(m: Model, c: Colours, rng) -> None:
    """Greek theatre: semicircular tiers of seats round an orchestra, low stage building in front."""
    _pad(m, mix(GRASS, EARTH, 0.4), 12, 12)
    cz = 1.6     # centre of the orchestra
    a0, a1 = math.pi * 0.95, math.pi * 2.05   # seats behind the orchestra, facing the front
    tiers = 7
    for k in range(tiers):
        r0 = 2.2 + k * 0.62
        y = 0.2 + 0.5 * (k + 1)
        col = c.wall if k % 2 == 0 else c.trim
        m.add(mk.moved(sweep_arc([(r0, 0.2), (6.6, 0.2), (6.6, y), (r0, y)], a0, a1, 14), 0, 0, cz), col)
    # aisles (dark stairs) radiating through the seats
    for a in np.linspace(a0 + 0.35, a1 - 0.35, 4):
        for k in range(tiers):
            r = 2.5 + k * 0.62
            block(m, shade(c.wall, 0.7), 0.4, 0.5 * (k + 1) + 0.03, 0.3, r * math.cos(a), 0.2, cz + r * math.sin(a),
                  yaw=-math.degrees(a) + 90)
    m.add(mk.moved(mk.cylinder(2.1, 0.1, 20), 0, 0.25, cz), SAND)                   # orchestra
    m.add(mk.moved(mk.cylinder(0.4, 0.6, 8), 0, 0.3, cz), c.accent)                  # altar
    # stage building (skene) with a colonnade facing the audience
    sz = cz + 3.0
    block(m, c.trim, 8.0, 0.9, 1.6, 0, 0.2, sz - 0.6)
    block(m, c.wall, 8.0, 3.0, 1.2, 0, 0.2, sz + 0.9)
    colonnade_xs(m, c.trim, -3.6, 3.6, 7, sz + 0.1, 1.1, 2.1, 0.14, 6)
    block(m, c.trim, 8.2, 0.35, 0.6, 0, 3.2, sz + 0.2)
    for x in (-2.0, 0.0, 2.0):
        window(m, x, 1.5, sz + 0.28, 0.8, 1.4)


def _workshop(m: Model, c: Colours, rng) -> None:
    """Half-timbered workshop with a forge chimney, an open shed and a water wheel."""
    _pad(m, EARTH, 12, 12)
    bx, bz = -1.2, -1.6
    block(m, STONE, 6.4, 2.0, 5.0, bx, 0.2, bz)
    block(m, c.wall, 6.6, 2.4, 5.2, bx, 2.2, bz)
    for x in np.linspace(bx - 3.2, bx + 3.2, 6):                   # timber framing on the front
        block(m, DARK_WOOD, 0.18, 2.4, 0.1, float(x), 2.2, bz + 2.62)
    for sgn in (-1, 1):
        m.add(mk.beam((bx + sgn * 3.2, 2.3, bz + 2.64), (bx + sgn * 1.9, 4.5, bz + 2.64), 0.14), DARK_WOOD)
    block(m, DARK_WOOD, 6.6, 0.18, 0.1, bx, 4.4, bz + 2.62)
    gable_roof(m, c.roof, 7.2, 6.0, 2.6, bx, 4.6, bz)
    window(m, bx - 1.5, 1.1, bz + 2.5, 1.6, 1.8, colour=DARK_WOOD)
    window(m, bx + 1.2, 3.3, bz + 2.62, 0.8, 0.8)
    _chimney(m, STONE, bx + 1.8, bz - 1.2, 3.8, 4.0, 0.45)
    # open lean-to with a forge glow and anvil
    sx, sz = 3.8, 1.6
    for x in (sx - 1.4, sx + 1.4):
        for z in (sz - 1.2, sz + 1.2):
            block(m, DARK_WOOD, 0.2, 2.6 if z < sz else 2.2, 0.2, x, 0.2, z)
    m.add(hull([(x, y, z) for x in (sx - 1.7, sx + 1.7) for (y, z) in ((2.8, sz - 1.5), (2.4, sz + 1.5),
                                                                      (3.0, sz - 1.5), (2.6, sz + 1.5))]), c.roof)
    block(m, STONE, 1.2, 0.9, 1.0, sx + 0.6, 0.2, sz - 0.6)
    block(m, FLAME, 0.8, 0.15, 0.6, sx + 0.6, 1.1, sz - 0.6)
    m.add(mk.moved(hull([(-0.4, 0, -0.15), (0.4, 0, -0.15), (-0.4, 0, 0.15), (0.4, 0, 0.15),
                         (-0.5, 0.5, -0.2), (0.55, 0.5, -0.2), (-0.5, 0.5, 0.2), (0.55, 0.5, 0.2)]),
                   sx - 0.5, 0.2, sz + 0.6), IRON)
    # water wheel on the left side in a millrace
    wx, wz = -5.0, -0.8
    block(m, WATER, 1.2, 0.3, 8.0, wx - 0.1, 0.0, wz + 1.4)
    wheel_r = 2.2
    rim = mk.rotated(lathe_loop([(wheel_r - 0.25, -0.35), (wheel_r, -0.35), (wheel_r, 0.35), (wheel_r - 0.25, 0.35)], 16),
                     90, (0, 0, 1))
    m.add(mk.moved(rim, wx, wheel_r + 0.3, wz), WOOD)
    for k in range(8):
        a = math.pi * k / 8
        dy, dz = wheel_r * math.cos(a), wheel_r * math.sin(a)
        m.add(mk.beam((wx, wheel_r + 0.3 - dy, wz - dz), (wx, wheel_r + 0.3 + dy, wz + dz), 0.16), DARK_WOOD)
    m.add(mk.moved(mk.rotated(mk.cylinder(0.25, 1.6, 8), 90, (0, 0, 1)), wx + 0.6, wheel_r + 0.3, wz), IRON)
    # log pile
    for k, (x, y) in enumerate(((0.0, 0.0), (0.55, 0.0), (1.1, 0.0), (0.28, 0.45), (0.83, 0.45))):
        log = mk.rotated(mk.cylinder(0.25, 2.2, 8), 90, (1, 0, 0))
        m.add(mk.moved(log, 1.0 + x, 0.45 + y, 4.2), WOOD)


def _castle(m: Model, c: Colours, rng) -> None:
    """Square curtain wall with round corner towers, twin-towered gatehouse and a tall keep."""
    _pad(m, mix(GRASS, EARTH, 0.3), 12, 12)
    half, wh, t = 4.6, 4.2, 1.0
    for (x0, z0, x1, z1) in ((-half, -half, half, -half), (half, -half, half, half),
                             (half, half, -half, half), (-half, half, -half, -half)):
        cx, cz = (x0 + x1) / 2, (z0 + z1) / 2
        length = math.hypot(x1 - x0, z1 - z0)
        along_x = abs(z1 - z0) < 1e-9
        block(m, c.wall, length if along_x else t, wh, t if along_x else length, cx, 0.2, cz)
        off = (0, t / 2 - 0.15) if along_x else (t / 2 - 0.15, 0)
        sgn = 1 if (cz > 0 or cx > 0) else -1
        crenellations(m, c.wall, (x0 + off[0] * sgn, z0 + off[1] * sgn), (x1 + off[0] * sgn, z1 + off[1] * sgn),
                      wh + 0.2, 0.3, 0.4, 0.55)
    for sx in (-1, 1):
        for sz in (-1, 1):
            x, z = sx * half, sz * half
            m.add(mk.moved(mk.cylinder(1.3, 5.8, 12), x, 0.2 + 2.9, z), c.wall)
            m.add(mk.moved(mk.cone(1.55, 2.6, 12), x, 6.0, z), c.roof)
            window(m, x + sx * 0.9, 3.6, z + sz * 0.9, 0.22, 0.8, "+z" if sz > 0 else "-z")
    # gatehouse in the front wall
    for x in (-1.3, 1.3):
        m.add(mk.moved(mk.cylinder(0.95, 6.0, 10), x, 3.2, half + 0.3), c.wall)
        ring_crenellations(m, c.wall, 0.85, 6.2, 7, 0.4, 0.5)
    block(m, c.wall, 2.0, 5.0, 1.6, 0, 0.2, half + 0.2)
    arched_window(m, 0, 0.2, half + 1.0, 1.3, 2.4)
    # keep
    kh = 10.5 + rng.uniform(-0.4, 0.4)
    block(m, shade(c.wall, 1.05), 4.0, kh, 4.0, 0, 0.2, -1.0)
    block(m, shade(c.wall, 0.95), 4.5, 0.5, 4.5, 0, 0.2 + kh - 0.1, -1.0)
    for a, b in (((-2.1, 1.1), (2.1, 1.1)), ((2.1, 1.1), (2.1, -3.1)), ((2.1, -3.1), (-2.1, -3.1)),
                 ((-2.1, -3.1), (-2.1, 1.1))):
        crenellations(m, c.wall, a, b, 0.6 + kh, 0.35, 0.45, 0.6)
    for sx in (-1, 1):
        for sz in (-1, 1):
            block(m, c.wall, 0.9, 1.4, 0.9, sx * 2.0, 0.2 + kh, -1.0 + sz * 2.0)
    for y in (4.0, 7.0):
        window(m, 0, y, 1.0, 0.5, 1.0)
        window(m, 2.0, y, -1.0, 0.5, 1.0, "+x")
    flag(m, c.accent, 0, -1.0, 0.6 + kh, pole_h=2.6, size=1.0)


def _stable(m: Model, c: Colours, rng) -> None:
    """Gambrel-roofed barn with stall doors, fenced paddock, horses, hay bales and trough."""
    _pad(m, mix(GRASS, EARTH, 0.5), 12, 12)
    bw, bd, bh = 8.0, 5.0, 3.2
    bz = -3.2
    block(m, c.wall, bw, bh, bd, 0, 0.2, bz)
    # gambrel cross-section is convex, so one hull extruded along X gives the roof
    prof = [(-bd / 2 - 0.3, 0), (-bd / 2 + 0.4, 1.5), (0, 2.6), (bd / 2 - 0.4, 1.5), (bd / 2 + 0.3, 0)]
    m.add(hull([(x, 0.2 + bh + y, bz + z) for x in (-bw / 2 - 0.3, bw / 2 + 0.3) for z, y in prof]), c.roof)
    for x in np.linspace(-3.0, 3.0, 4):                               # stall doors with white X braces
        window(m, float(x), 1.2, bz + bd / 2, 1.2, 1.8, colour=shade(c.wall, 0.6))
        m.add(mk.beam((x - 0.55, 0.35, bz + bd / 2 + 0.08), (x + 0.55, 2.05, bz + bd / 2 + 0.08), 0.1), c.trim)
        m.add(mk.beam((x + 0.55, 0.35, bz + bd / 2 + 0.08), (x - 0.55, 2.05, bz + bd / 2 + 0.08), 0.1), c.trim)
    window(m, 0, 4.4, bz + bd / 2 + 0.2, 1.0, 1.0, colour=DARK_WOOD)   # hay loft door
    m.add(mk.moved(mk.cylinder(0.35, 1.2, 6), 0, 0.2 + bh + 2.9, bz), c.trim)   # cupola vent
    m.add(mk.moved(mk.cone(0.55, 0.7, 6), 0, 0.2 + bh + 3.5, bz), c.roof)
    # paddock fence
    pts = [(-5.6, 0.0), (-5.6, 5.6), (5.6, 5.6), (5.6, 0.0)]
    for a, b in zip(pts, pts[1:]):
        _fence(m, WOOD, a, b, 0.2, 1.1)
    _horse(m, shade(WOOD, 0.8), -1.8, 3.0, 0.2, yaw=20)
    _horse(m, mix(DARK_WOOD, WHITE, 0.15), 2.4, 2.0, 0.2, yaw=160, s=0.9)
    for x, z in ((4.6, -0.6), (4.6, -1.8), (4.6, -1.2)):
        bale = mk.rotated(mk.cylinder(0.55, 0.9, 10), 90, (1, 0, 0))
        m.add(mk.moved(bale, x, 0.75 + (0.9 if z == -1.2 else 0), z), mix(SAND, GOLD, 0.3))
    block(m, WOOD, 2.0, 0.5, 0.6, 0.4, 0.2, 4.6)
    block(m, WATER, 1.8, 0.05, 0.4, 0.4, 0.66, 4.6)


def _observatory(m: Model, c: Colours, rng) -> None:
    """Round drum with a big dome split by an open slit, telescope poking out, small annex."""
    _pad(m, mix(STONE, SAND, 0.3), 12, 12)
    top = steps(m, STONE, 9.0, 9.0, count=2, step_h=0.4, inset=0.5, y=0.2)
    r = 3.4
    m.add(mk.moved(mk.cylinder(r, 4.2, 20), 0, top + 2.1, -0.5), c.wall)
    m.add(mk.moved(mk.cylinder(r + 0.2, 0.35, 20), 0, top + 4.2, -0.5), c.trim)
    for k in range(6):
        a = math.pi * (0.15 + 0.7 * k / 5)
        window(m, r * math.cos(a), top + 2.2, -0.5 + r * math.sin(a), 0.5, 1.2,
               "+z", OPENING)
    _door(m, 0, top, -0.5 + r, 1.2, 2.4)
    dome_y = top + 4.55
    m.add(mk.moved(dome(r, r * 0.95, 20, 5), 0, dome_y, -0.5), c.roof)
    # slit: dark strip over the dome from the front eave to past the top, telescope through it
    for k in range(7):
        t = math.radians(12 + 13 * k)
        y = dome_y + r * 0.95 * math.sin(t)
        z = -0.5 + r * math.cos(t)
        slab = mk.rotated(mk.box(0.9, r * 0.26, 0.14), -(90 - math.degrees(t)), (1, 0, 0))
        m.add(mk.moved(slab, 0, y, z), OPENING)
    tube = mk.rotated(mk.frustum(0.45, 0.38, 4.2, 10), 40, (1, 0, 0))
    m.add(mk.moved(tube, 0, dome_y + 0.6, -0.5), WHITE)
    # annex with a small second dome
    block(m, c.wall, 2.6, 2.6, 2.6, 3.6, top, 2.2)
    m.add(mk.moved(dome(1.2, 1.1, 12, 3), 3.6, top + 2.6, 2.2), c.roof)


def _customs_house(m: Model, c: Colours, rng) -> None:
    """Classical waterfront office with a clock cupola, quay with cargo, flags and bollards."""
    _water(m, 12, 12)
    block(m, STONE, 12, 1.1, 8.6, 0, 0, -1.7)                          # quay
    block(m, c.wall, 9.6, 5.0, 4.4, 0, 1.1, -3.4)
    window_grid(m, 0, -3.4, 9.6, 4.4, 1.3, 2, 2.2, 6, 2, 0.6, 1.1)
    block(m, c.trim, 10.0, 0.4, 4.8, 0, 6.1, -3.4)
    hip_roof(m, c.roof, 10.0, 4.8, 1.4, 0, 6.5, -3.4)
    # central portico
    colonnade_xs(m, c.trim, -1.5, 1.5, 4, -0.8, 1.1, 4.0, 0.24)
    block(m, c.trim, 4.0, 0.4, 1.4, 0, 5.1, -1.0)
    pediment(m, c.trim, 4.0, 1.0, 1.4, 0, 5.5, -1.0)
    _door(m, 0, 1.1, -1.2, 1.0, 2.2)
    # clock cupola
    block(m, c.trim, 2.0, 1.8, 2.0, 0, 7.6, -3.4)
    clock_face(m, 0, 8.5, -2.38, 0.6)
    m.add(mk.moved(dome(1.1, 1.2, 10, 3), 0, 9.4, -3.4), c.roof)
    m.add(mk.moved(mk.cone(0.1, 0.8, 6), 0, 10.6, -3.4), GOLD)
    for x in (-4.6, 4.6):
        flag(m, c.accent, x, -0.9, 1.1, pole_h=4.0, size=0.9)
    for x, z, s in ((-2.8, 0.8, 0.8), (-3.6, 1.2, 0.7), (-3.1, 1.6, 0.6), (2.6, 1.0, 0.8)):
        crate(m, x, z, 1.1, s)
    for x in (3.6, 4.2):
        barrel(m, x, 1.6, 1.1)
    for x in np.linspace(-5.0, 5.0, 5):
        m.add(mk.moved(mk.cylinder(0.15, 0.4, 6), float(x), 1.3, 2.3), IRON)
    _boat(m, c, 0.8, 4.4, 0.15, length=4.6, sail=False, yaw=0)


def _seaport(m: Model, c: Colours, rng) -> None:
    """Concrete quay with a steel gantry crane, warehouse, container stacks and a steamship."""
    _water(m, 12, 12)
    concrete = mix(STONE, WHITE, 0.2)
    block(m, concrete, 12, 1.0, 6.4, 0, 0, -2.8)
    block(m, c.wall, 5.0, 3.0, 3.0, -3.2, 1.0, -4.2)                    # warehouse
    m.add(mk.moved(mk.scaled(mk.rotated(mk.cylinder(1.6, 5.2, 12), 90, (0, 0, 1)), 1, 0.5, 1), -3.2, 4.0, -4.2), c.roof)
    window(m, -3.2, 2.3, -2.68, 2.0, 2.4, colour=shade(c.wall, 0.55))
    # container stacks in palette colours
    cols = [c.accent, c.roof, c.extra, c.trim]
    for i in range(3):
        for j in range(2):
            for k in range(1 + (i + j) % 2 + 1):
                block(m, cols[(i + j + k) % len(cols)], 2.4, 1.0, 1.0, 1.2 + j * 2.5, 1.0 + k * 1.0, -4.8 + i * 1.05)
    # gantry crane straddling the quay edge, boom out over the water
    gx = -0.2
    for sx in (-1.0, 1.0):
        for gz in (-1.6, 0.3):
            m.add(mk.beam((gx + sx, 1.0, gz), (gx + sx * 0.8, 8.0, gz), 0.28), c.accent)
        m.add(mk.beam((gx + sx, 4.0, -1.6), (gx + sx * 0.8, 7.6, 0.3), 0.14), c.accent)
    block(m, c.accent, 2.4, 0.5, 9.0, gx, 8.0, 1.8)
    block(m, c.accent, 1.6, 1.2, 1.6, gx, 8.5, -1.2)
    m.add(mk.beam((gx, 8.0, 4.6), (gx, 5.6, 4.6), 0.05), IRON)
    block(m, cols[1], 2.0, 0.8, 0.9, gx, 4.8, 4.6)
    # steamship moored along the quay
    sz = 3.3
    hull_pts = []
    for x, w, lift in ((-5.4, 0.4, 0.5), (-4.6, 1.0, 0.1), (3.6, 1.0, 0.1), (5.6, 0.1, 0.7)):
        hull_pts += [(x, lift, sz - w * 0.9), (x, lift, sz + w * 0.9), (x, 1.9, sz - w * 1.2), (x, 1.9, sz + w * 1.2)]
    m.add(hull(hull_pts), IRON)
    block(m, RED, 10.4, 0.3, 2.3, 0, 0.25, sz)
    block(m, WHITE, 3.0, 1.4, 1.8, -2.4, 1.9, sz)
    window_grid(m, -2.4, sz, 3.0, 1.8, 1.9, 1, 1.4, 4, 0, 0.35, 0.35, sides=("+z",))
    m.add(mk.moved(mk.cylinder(0.45, 2.0, 10), -0.4, 3.9, sz), c.roof)
    block(m, IRON, 0.95, 0.35, 0.95, -0.4, 4.7, sz)
    m.add(mk.moved(mk.sphere(0.6, 1), 0.0, 5.8, sz), SMOKE)
    for x in (1.0, 2.8):
        block(m, c.accent, 1.6, 0.9, 1.4, x, 1.9, sz)


def _stock_exchange(m: Model, c: Colours, rng) -> None:
    """Temple-fronted exchange: six giant columns and a pediment, a glass tower behind, flags, ticker."""
    top = steps(m, STONE, 12.0, 11.0, count=3, step_h=0.3, inset=0.3)
    # glass office tower rising behind
    block(m, shade(GLASS, 0.8), 4.2, 13.0 - top, 4.2, 2.8, top, -3.0)
    for y in np.arange(top + 1.0, 13.0, 1.0):
        block(m, METAL, 4.3, 0.12, 4.3, 2.8, float(y), -3.0)
    block(m, c.wall, 10.4, 6.6, 6.0, 0, top, -1.2)
    colonnade_xs(m, c.trim, -4.0, 4.0, 6, 2.5, top, 6.6, 0.45, 10)
    block(m, c.trim, 10.6, 0.9, 7.2, 0, top + 6.6, -0.6)
    pediment(m, c.roof, 10.6, 2.0, 1.6, 0, top + 7.5, 2.2)
    person_statue(m, MARBLE, 0, 2.6, top + 7.5, 1.4, arm_up=False)
    block(m, IRON, 8.0, 0.8, 0.1, 0, top + 5.2, 1.85)                    # ticker board
    for k, col in enumerate((FOLIAGE, RED, FOLIAGE, FOLIAGE, RED, FOLIAGE)):
        block(m, col, 1.0, 0.35, 0.05, -3.1 + 1.25 * k, top + 5.43, 1.92)
    for x in np.linspace(-2.5, 2.5, 3):
        window(m, float(x), top + 2.0, 1.85, 1.3, 3.2)
    for x in (-3.4, 3.4):
        flag(m, c.accent, x, -3.8, top + 7.5, pole_h=2.8, size=0.9)
    # bronze bull in front of the steps
    bx, bz = -4.2, 4.9
    bronze = shade(GOLD, 0.7)
    m.add(mk.moved(mk.scaled(mk.sphere(0.6, 1), 1.5, 0.8, 0.75), bx, 1.0, bz), bronze)
    for lx in (-0.6, 0.6):
        for lz in (-0.25, 0.25):
            m.add(mk.beam((bx + lx, 0, bz + lz), (bx + lx, 0.7, bz + lz), 0.18), bronze)
    m.add(mk.moved(mk.sphere(0.35, 1), bx + 1.0, 1.1, bz), bronze)
    for hz in (-1, 1):
        m.add(mk.beam((bx + 1.1, 1.3, bz + hz * 0.2), (bx + 1.35, 1.6, bz + hz * 0.45), 0.07), WHITE)


def _research_lab(m: Model, c: Colours, rng) -> None:
    """Modern lab: glass-banded block, round tower, satellite dish, antenna mast, solar panels."""
    _pad(m, mix(STONE, WHITE, 0.4), 12, 12)
    wall = mix(c.wall, WHITE, 0.4)
    block(m, wall, 9.0, 4.4, 5.6, -1.0, 0.2, -1.8)
    for y in (1.0, 2.6):                                                  # ribbon windows
        block(m, GLASS, 9.04, 0.9, 5.64, -1.0, 0.2 + y, -1.8)
    block(m, c.trim, 9.2, 0.25, 5.8, -1.0, 4.6, -1.8)
    # round glass tower at the front corner
    m.add(mk.moved(mk.cylinder(1.8, 7.0, 16), 3.2, 3.7, 2.0), GLASS)
    for y in (2.2, 4.4, 6.6):
        m.add(mk.moved(mk.cylinder(1.85, 0.2, 16), 3.2, y, 2.0), wall)
    m.add(mk.moved(mk.cylinder(1.9, 0.35, 16), 3.2, 7.3, 2.0), c.trim)
    window(m, 1.4, 1.3, 2.0, 1.2, 2.2, "-x", GLASS)
    # roof: dish, mast, solar panels, plant boxes
    _dish(m, WHITE, -3.6, -2.2, 4.85, 2.0, tilt=-40, yaw=20)
    _lattice_mast(m, c.accent, 1.8, -3.2, 4.85, 6.0, 0.8, 0.2, 6)
    for k in range(3):
        panel = mk.rotated(mk.box(2.2, 0.08, 1.1), 25, (1, 0, 0))
        m.add(mk.moved(panel, -0.8, 5.4, -0.4 + 1.3 * k - 1.3), shade(GLASS, 0.45))
    block(m, METAL, 1.4, 0.9, 1.0, 2.3, 4.85, -0.6)
    # front entrance canopy and a low annex
    block(m, c.trim, 3.0, 0.2, 1.6, -2.0, 2.6, 1.6)
    window(m, -2.0, 1.3, 1.0, 1.6, 2.2, colour=GLASS)
    block(m, wall, 3.4, 2.2, 2.6, -3.8, 0.2, 3.6)
    block(m, GLASS, 3.44, 0.8, 2.64, -3.8, 1.0, 3.6)
    tree(m, 0.4, 4.6, 2.2)


BUILDERS = {
    "monument": _monument,
    "granary": _granary,
    "library": _library,
    "barracks": _barracks,
    "walls": _walls,
    "market": _market,
    "temple": _temple,
    "aqueduct": _aqueduct,
    "university": _university,
    "factory": _factory,
    "hospital": _hospital,
    "bank": _bank,
    "arsenal": _arsenal,
    "theater": _theater,
    "stadium": _stadium,
    "shrine": _shrine,
    "lighthouse": _lighthouse,
    "harbor": _harbor,
    "amphitheater": _amphitheater,
    "workshop": _workshop,
    "castle": _castle,
    "stable": _stable,
    "observatory": _observatory,
    "customs_house": _customs_house,
    "seaport": _seaport,
    "stock_exchange": _stock_exchange,
    "research_lab": _research_lab,
}
