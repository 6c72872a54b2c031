"""Procedural city buildings: one low-poly builder per catalog `shape`.

`generate(spec)` builds the shape at roughly catalog scale (a 12 m footprint),
scales it uniformly so it fills `spec["bounds"]` (width × depth × height),
stands it on the ground, centres it and returns GLB bytes within
`spec["budget"]` triangles. Colours: the palette by role (ROLES below says
which role each catalog entry plays) plus fixed neutrals for materials
(glass, water, iron, ...). Randomness only from `rng_for(spec)`: proportions
and small details vary a little per seed, never the silhouette that makes a
building recognisable. The era is not used: each catalog shape already
belongs to one era, and the catalog palette carries its materials.
"""
from __future__ import annotations

import math

import numpy as np

from . import meshkit as mk
from .architecture import (
    build_shape,
    COPPER, DARK_WOOD, EARTH, FLAME, FOLIAGE, GLASS, GOLD, GRASS, IRON, LIT, METAL, OPENING, RED, ROCK, SAND,
    SMOKE, STONE, TERRACOTTA, WATER, WHITE, WOOD, Colours, arcade, arched_window, barrel, block, clock_face,
    colonnade_xs, colonnade_zs, column, crate, crenellations, dome, flag, gable_roof, hip_roof, hull,
    lathe, lathe_loop, loft, pediment, person_statue, place, pointed_window, pyramid_roof, rect_ring,
    ring_crenellations, rough_stone, steps, sweep_arc, tree, window, window_grid,
)
from .common import mix, shade

Model = mk.Model

# Role of each palette entry, in catalog order. assets.yaml lists colours
# "darkest to lightest or primary first", so the meaning of position k
# differs per building; shapes not listed read wall, roof, trim, accent, ...
ROLES = {
    "monument": ("base", "wall", "trim", "accent"),
    "granary": ("base", "wall", "roof", "accent"),
    "library": ("wall", "trim", "roof", "accent"),
    "barracks": ("roof", "wall", "accent", "trim"),
    "walls": ("base", "wall", "trim", "accent"),
    "market": ("accent", "roof", "extra", "wall", "trim"),
    "temple": ("wall", "trim", "roof", "accent"),
    "aqueduct": ("base", "wall", "trim", "accent"),
    "university": ("wall", "trim", "roof", "accent"),
    "factory": ("wall", "trim", "roof", "accent"),
    "hospital": ("wall", "trim", "accent", "roof"),
    "bank": ("wall", "trim", "accent", "roof"),
    "arsenal": ("wall", "trim", "roof", "accent"),
    "theater": ("wall", "trim", "roof", "accent"),
    "stadium": ("wall", "trim", "accent", "roof"),
    "shrine": ("wall", "roof", "accent", "trim"),
    "lighthouse": ("wall", "trim", "accent", "roof"),
    "harbor": ("roof", "wall", "trim", "accent"),
    "amphitheater": ("wall", "trim", "base", "roof"),
    "workshop": ("trim", "wall", "roof", "accent"),
    "castle": ("base", "wall", "roof", "accent", "extra"),
    "stable": ("trim", "wall", "accent", "roof"),
    "observatory": ("wall", "roof", "accent", "trim"),
    "customs_house": ("wall", "trim", "roof", "accent"),
    "seaport": ("accent", "wall", "roof", "extra"),
    "stock_exchange": ("wall", "trim", "accent", "roof"),
    "research_lab": ("wall", "trim", "accent", "roof"),
}


def generate(spec: dict) -> bytes:
    return build(spec).to_glb(int(spec.get("budget", 20000)))


def build(spec: dict) -> Model:
    """The fitted model (exposed for tests and previews)."""
    return build_shape(spec, BUILDERS, ROLES, "building")


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


def _water(m, width, depth, x=0.0, z=0.0, height=0.3, colour=WATER):
    block(m, colour, width, height, depth, x, 0, z)


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


def _cannon(m, x, z, y=0.0, yaw=0.0, s=1.5):
    parts = [(mk.moved(mk.rotated(mk.frustum(0.22, 0.16, 1.8, 8), -80, (0, 0, 1)), -0.6, 0.55, 0), IRON)]
    for wz in (-0.35, 0.35):
        parts.append((mk.moved(mk.rotated(mk.cylinder(0.38, 0.1, 10), 90, (1, 0, 0)), -0.2, 0.38, wz), DARK_WOOD))
    parts.append((mk.moved(mk.box(1.2, 0.25, 0.5), -0.5, 0.4, 0), WOOD))
    for mesh, colour in parts:
        m.add(place(mk.scaled(mesh, s), x, y, z, yaw), colour)


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
    """Obelisk with relief bands on a stepped plinth and pedestal, bronze plaque, two braziers at its foot."""
    top = steps(m, c.base, 7.0, 7.0, count=3, step_h=0.4, inset=0.6)
    block(m, c.wall, 3.4, 2.2, 3.4, y=top)
    block(m, c.trim, 3.8, 0.35, 3.8, y=top + 2.2)
    for fac, (x, z) in (("+z", (0, 1.72)), ("+x", (1.72, 0)), ("-x", (-1.72, 0)), ("-z", (0, -1.72))):
        window(m, x, top + 1.1, z, 1.6, 1.0, fac, colour=c.accent)   # bronze plaques
    base = top + 2.55
    h = 8.4 + rng.uniform(-0.4, 0.4)
    m.add(loft([rect_ring(1.8, 1.8, base), rect_ring(1.05, 1.05, base + h)]), c.wall)
    for t in (0.18, 0.5):                                    # carved relief bands
        w = 1.8 - 0.75 * t + 0.08
        block(m, c.trim, w, 0.45, w, 0, base + h * t)
    m.add(mk.moved(mk.pyramid(1.05, 1.05, 0.9), 0, base + h, 0), c.accent)
    block(m, c.wall, 3.7, 0.3, 3.7, y=top)                   # base moulding of the pedestal
    for x in (-2.3, 2.3):                                    # bronze braziers on tripods at the foot
        for k in range(3):
            a = 2 * math.pi * k / 3
            m.add(mk.beam((x + 0.35 * math.cos(a), 0.4, 2.9 + 0.35 * math.sin(a)), (x, 1.55, 2.9), 0.08), c.accent)
        m.add(mk.moved(mk.frustum(0.22, 0.55, 0.4, 10), x, 1.5, 2.9), c.accent)
        m.add(mk.moved(mk.cone(0.4, 0.8, 8), x, 1.85, 2.9), FLAME)
    for sx in (-1, 1):                                       # low posts and chains round the plinth
        for sz in (-1, 1):
            block(m, c.base, 0.3, 0.9, 0.3, sx * 3.7, 0, sz * 3.7)
            m.add(mk.moved(mk.sphere(0.2, 1), sx * 3.7, 1.0, sz * 3.7), c.accent)
        m.add(mk.beam((sx * 3.7, 0.7, -3.7), (sx * 3.7, 0.7, 3.7), 0.05), IRON)
        m.add(mk.beam((-3.7, 0.7, sx * 3.7), (3.7, 0.7, sx * 3.7), 0.05), IRON)


def _granary(m: Model, c: Colours, rng) -> None:
    """Round mud-brick silos under conical thatch, a loading shed, ladder, grain sacks and jars."""
    _pad(m, mix(EARTH, c.base, 0.4), 12, 10.5)
    silos = [(0.0, -1.6, 2.5, 7.0), (-3.9, 0.6, 1.7, 5.0), (3.9, 0.6, 1.7, 5.2 + rng.uniform(-0.3, 0.3))]
    for x, z, r, h in silos:
        m.add(mk.moved(mk.cylinder(r, h, 14), x, 0.2 + h / 2, z), c.wall)
        m.add(mk.moved(mk.cylinder(r * 1.04, 0.4, 14), x, 0.4, z), c.base)
        m.add(mk.moved(mk.cone(r * 1.22, r * 1.15, 14), x, 0.2 + h, z), c.roof)
        m.add(mk.moved(mk.cone(r * 0.2, r * 0.4, 6), x, 0.2 + h + r * 1.05, z), shade(c.roof, 0.8))
        window(m, x, 0.2 + h * 0.78, z + r, 0.6, 0.7)
    # ladder up to the big silo's hatch
    for dx in (-0.35, 0.35):
        m.add(mk.beam((dx, 0.2, 1.5), (dx, 5.4, 0.95), 0.1), c.accent)
    for k in range(8):
        y = 0.8 + 0.6 * k
        zz = 1.5 - 0.55 * (y - 0.2) / 5.2
        block(m, c.accent, 0.7, 0.07, 0.07, 0, y, zz)
    # shed in front with a thatched gable roof and a door
    block(m, c.wall, 4.2, 2.4, 2.6, 0, 0.2, 3.4)
    gable_roof(m, c.roof, 4.8, 3.2, 1.3, 0, 2.6, 3.4)
    window(m, 0, 1.2, 4.7, 1.2, 1.8, colour=c.accent)
    for x, z in ((-2.6, 4.4), (-2.1, 4.9), (-2.4, 5.0)):
        m.add(mk.moved(mk.scaled(mk.sphere(0.38, 1), 1, 1.2, 1), x, 0.6, z), mix(SAND, c.trim, 0.4))
    for x, z in ((2.5, 4.5), (3.1, 4.9), (2.7, 5.2)):          # clay jars
        m.add(mk.moved(lathe([(0.15, 0), (0.35, 0.3), (0.3, 0.7), (0.14, 0.85), (0.18, 0.95)], 8), x, 0.2, z),
              TERRACOTTA)


def _library(m: Model, c: Colours, rng) -> None:
    """Domed reading hall behind a columned portico with a carved pediment on broad marble steps."""
    top = steps(m, c.trim, 11.4, 10.4, count=3, step_h=0.3, inset=0.35)
    block(m, c.wall, 10.0, 5.2, 6.6, 0, top, -1.2)
    block(m, c.trim, 10.4, 0.45, 7.0, 0, top + 5.2, -1.2)
    window_grid(m, 0, -1.2, 10.0, 6.6, top + 0.3, 2, 2.4, 0, 4, 0.7, 1.4, arched=True, sides=("+x", "-x"))
    for x in (-3.8, -2.5, 2.5, 3.8):
        arched_window(m, x, top + 1.2, 2.1, 0.8, 2.6)
    # portico: four columns, entablature, pediment with a terracotta roof behind it
    colonnade_xs(m, c.trim, -2.2, 2.2, 4, 3.1, top, 4.6, 0.32)
    block(m, c.trim, 5.8, 0.6, 2.2, 0, top + 4.6, 2.9)
    gable_roof(m, c.roof, 6.2, 2.6, 1.5, 0, top + 5.2, 2.8, ridge="z")
    pediment(m, c.trim, 5.6, 1.3, 0.1, 0, top + 5.25, 4.05)
    _door(m, 0, top, 2.1, 1.4, 3.0)
    for k in range(3):                                           # scroll shelves seen through the door
        block(m, c.accent, 1.1, 0.12, 0.05, 0, top + 0.6 + 0.7 * k, 2.2)
    # drum and dome over the reading room
    drum_y = top + 5.65
    m.add(mk.moved(mk.cylinder(2.5, 1.4, 14), 0, drum_y + 0.7, -1.4), c.wall)
    for k in range(8):
        a = 2 * math.pi * (k + 0.5) / 8
        window(m, 2.5 * math.cos(a), drum_y + 0.7, -1.4 + 2.5 * math.sin(a), 0.45, 0.8, "+z", OPENING)
    m.add(mk.moved(dome(2.7, 2.4, 14, 4), 0, drum_y + 1.4, -1.4), c.roof)
    m.add(mk.moved(mk.cylinder(0.35, 0.7, 8), 0, drum_y + 4.0, -1.4), c.trim)
    m.add(mk.moved(mk.sphere(0.25, 0), 0, drum_y + 4.5, -1.4), c.accent)
    for x in (-4.9, 4.9):   # bronze statues flanking the steps
        block(m, c.trim, 0.8, 1.0, 0.8, x, 0, 4.4)
        person_statue(m, c.accent, x, 4.4, 1.0, 1.8, arm_up=False)


def _barracks(m: Model, c: Colours, rng) -> None:
    """L of timber-and-stone halls round a drill yard: palisade, watchtower, banner, dummies, weapon racks."""
    _pad(m, EARTH, 12, 12)
    block(m, c.wall, 11.0, 2.8, 3.0, 0, 0.2, -4.2)
    gable_roof(m, c.roof, 11.6, 3.6, 1.5, 0, 3.0, -4.2)
    block(m, c.wall, 3.0, 2.8, 6.0, -4.3, 0.2, 0.4)
    gable_roof(m, c.roof, 3.6, 6.4, 1.5, -4.3, 3.0, 0.4, ridge="z")
    for x in np.linspace(-5.0, 5.0, 6):                           # timber posts in the stone walls
        block(m, shade(c.roof, 0.8), 0.25, 2.8, 0.1, float(x), 0.2, -2.68)
    for x in (-2.5, 0.5, 3.5):
        window(m, x, 1.3, -2.7, 0.9, 1.5)
    for z in (-0.8, 1.8):
        window(m, -2.8, 1.3, z, 0.9, 1.5, "+x")
    # palisade along the front and right with a gate gap
    stake = shade(c.roof, 0.85)
    for (x0, z0, x1, z1) in ((-5.8, 5.8, -1.2, 5.8), (1.2, 5.8, 5.8, 5.8), (5.8, 5.8, 5.8, -2.6)):
        n = int(math.hypot(x1 - x0, z1 - z0) / 0.42)
        for k in range(n + 1):
            px, pz = x0 + (x1 - x0) * k / n, z0 + (z1 - z0) * k / n
            block(m, stake, 0.38, 2.0, 0.38, px, 0.2, pz)
            m.add(mk.moved(mk.cone(0.22, 0.4, 4), px, 2.2, pz), stake)
    for x in (-1.3, 1.3):
        block(m, stake, 0.5, 3.2, 0.5, x, 0.2, 5.8)
    block(m, stake, 3.2, 0.4, 0.5, 0, 3.0, 5.8)
    # watchtower at the front-right corner
    tx, tz = 4.6, 4.6
    for sx in (-0.8, 0.8):
        for sz in (-0.8, 0.8):
            m.add(mk.beam((tx + sx, 0.2, tz + sz), (tx + sx * 0.7, 5.4, tz + sz * 0.7), 0.22), WOOD)
    block(m, WOOD, 2.2, 0.3, 2.2, tx, 4.4, tz)
    block(m, WOOD, 2.2, 0.9, 0.1, tx, 4.7, tz + 1.05)
    block(m, WOOD, 0.1, 0.9, 2.2, tx + 1.05, 4.7, tz)
    pyramid_roof(m, c.roof, 2.6, 2.6, 1.4, tx, 5.4, tz)
    flag(m, c.accent, 1.6, 1.2, 0.2, pole_h=7.0, size=1.1, pole_colour=DARK_WOOD)
    # straw training dummies and a spear rack
    for x in (-0.6, 1.4, 3.2):
        block(m, WOOD, 0.15, 1.6, 0.15, x, 0.2, 2.8)
        m.add(mk.moved(mk.capsule(0.28, 1.0, (6, 6)), x, 1.3, 2.8), c.trim)
        block(m, c.trim, 1.1, 0.18, 0.18, x, 1.45, 2.8)
        m.add(mk.moved(mk.sphere(0.22, 0), x, 2.0, 2.8), c.trim)
    target = mk.rotated(mk.cylinder(0.7, 0.15, 12), 90, (1, 0, 0))
    m.add(mk.moved(target, -1.5, 1.1, -1.5), c.trim)
    m.add(mk.moved(mk.rotated(mk.cylinder(0.35, 0.2, 12), 90, (1, 0, 0)), -1.5, 1.1, -1.5), c.accent)
    block(m, WOOD, 0.2, 0.5, 0.5, -1.5, 0.2, -1.6)
    block(m, WOOD, 2.0, 0.15, 0.2, -2.9, 1.6, -2.45)
    for k in range(5):
        m.add(mk.beam((-3.6 + k * 0.35, 0.2, -2.3), (-3.6 + k * 0.35, 2.6, -2.6), 0.07), IRON)


def _walls(m: Model, c: Colours, rng) -> None:
    """Thick crenellated curtain wall between two square towers, an iron-studded wooden gate in a gatehouse."""
    wall_h, thick = 6.0, 2.0
    for x0, x1 in ((-4.4, -1.6), (1.6, 4.4)):
        block(m, c.wall, x1 - x0, wall_h, thick, (x0 + x1) / 2, 0, 0)
        for zz in (thick / 2 - 0.2, -thick / 2 + 0.2):
            crenellations(m, c.wall, (x0, zz), (x1, zz), wall_h, 0.4, 0.45, 0.7)
        window(m, (x0 + x1) / 2, 3.6, thick / 2, 0.22, 1.0)      # arrow slit
    # sloped plinth (batter) along the whole front reads as masonry
    m.add(hull([(sx * 6.0, 0, sz * 1.7) for sx in (-1, 1) for sz in (-1, 1)]
               + [(sx * 6.0, 1.0, sz * 1.05) for sx in (-1, 1) for sz in (-1, 1)]), c.base)
    for x in (-4.9, 4.9):
        tw, th = 2.6, 8.6 + rng.uniform(-0.3, 0.3)
        block(m, c.wall, tw, th, tw + 0.4, x, 0, 0)
        block(m, c.trim, tw + 0.4, 0.4, tw + 0.8, x, th - 0.4, 0)
        for a, b in (((x - 1.45, 1.6), (x + 1.45, 1.6)), ((x - 1.45, -1.6), (x + 1.45, -1.6)),
                     ((x - 1.5, -1.6), (x - 1.5, 1.6)), ((x + 1.5, -1.6), (x + 1.5, 1.6))):
            crenellations(m, c.wall, a, b, th, 0.35, 0.45, 0.7)
        for y in (2.6, 5.4):
            window(m, x, y, (tw + 0.4) / 2, 0.25, 1.0)
    # gatehouse with the wooden gate
    block(m, shade(c.wall, 0.95), 3.2, 7.0, 2.8, 0, 0, 0)
    for zz in (1.2, -1.2):
        crenellations(m, c.wall, (-1.6, zz), (1.6, zz), 7.0, 0.4, 0.45, 0.7)
    arched_window(m, 0, 0, 1.42, 2.2, 3.6, colour=OPENING)
    arched_window(m, 0, 0, 1.5, 1.9, 3.3, colour=c.accent)
    for x in (-0.5, 0.0, 0.5):                                  # iron straps and studs
        block(m, IRON, 0.06, 2.6, 0.08, x, 0.05, 1.58)
    for y in (0.8, 1.9):
        block(m, IRON, 1.9, 0.12, 0.08, 0, y, 1.58)
    block(m, c.trim, 3.4, 0.35, 3.0, 0, 6.65, 0)


def _stall(m, awning, stripe, wood, x, z, yaw=0.0):
    """Market stall: counter, four posts and a sloping striped awning."""
    parts = [(mk.moved(mk.box(2.2, 0.9, 1.0), 0, 0.65, 0.3), wood)]
    for px in (-1.1, 1.1):
        for pz, ph in ((-0.6, 2.5), (0.9, 2.1)):
            parts.append((mk.moved(mk.box(0.1, ph, 0.1), px, 0.2 + ph / 2, pz), shade(wood, 0.7)))
    for k, col in enumerate((awning, stripe, awning, stripe, awning)):
        band = mk.rotated(mk.box(0.48, 0.06, 1.9), -12, (1, 0, 0))
        parts.append((mk.moved(band, -0.96 + k * 0.48, 2.55, 0.15), col))
    for k, col in enumerate((RED, GOLD, FOLIAGE)):              # baskets of fruit and spice
        parts.append((mk.moved(mk.cylinder(0.25, 0.2, 8), -0.6 + 0.6 * k, 1.2, 0.35), shade(wood, 1.2)))
        parts.append((mk.moved(mk.sphere(0.2, 0), -0.6 + 0.6 * k, 1.35, 0.35), col))
    for mesh, col in parts:
        m.add(place(mesh, x, 0, z, yaw), col)


def _market(m: Model, c: Colours, rng) -> None:
    """Paved square with striped canvas stalls, a covered hall, a fountain, sacks and clay pots."""
    _pad(m, mix(STONE, SAND, 0.4), 12, 12)
    # covered market hall at the back: open sides under a hipped roof
    for x in (-4.2, -1.4, 1.4, 4.2):
        for z in (-5.2, -2.2):
            block(m, c.wall, 0.45, 3.2, 0.45, x, 0.2, z)
    block(m, c.wall, 9.6, 0.4, 4.0, 0, 3.4, -3.7)
    hip_roof(m, c.accent, 10.4, 4.6, 2.0, 0, 3.8, -3.7)
    for k in range(4):
        crate(m, -3 + 2 * k, -3.7, 0.2, 0.7, colour=c.wall, yaw=20 * k)
    awnings = [c.accent, c.roof, c.extra, c.roof]
    spots = [(-4.0, 1.0, 10), (-3.6, 4.4, 25), (3.8, 1.2, -15), (3.4, 4.6, -25)]
    for (x, z, yaw), col in zip(spots, awnings):
        _stall(m, col, c.trim, c.wall, x, z, yaw + rng.uniform(-5, 5))
    # fountain in the middle of the square
    m.add(mk.moved(mk.cylinder(1.5, 0.6, 14), 0, 0.5, 2.4), STONE)
    m.add(mk.moved(mk.cylinder(1.3, 0.1, 14), 0, 0.8, 2.4), WATER)
    m.add(mk.moved(mk.cylinder(0.2, 1.4, 8), 0, 1.2, 2.4), STONE)
    m.add(mk.moved(mk.cylinder(0.6, 0.15, 10), 0, 1.9, 2.4), STONE)
    for x, z in ((1.5, 4.8), (-1.6, 5.2), (5.0, -0.8)):
        m.add(mk.moved(mk.scaled(mk.sphere(0.38, 1), 1, 1.2, 1), x, 0.6, z), mix(SAND, c.accent, 0.3))
    for x, z in ((2.2, 5.2), (5.2, -1.8)):
        m.add(mk.moved(lathe([(0.18, 0), (0.4, 0.35), (0.32, 0.75), (0.18, 0.9)], 8), x, 0.2, z), TERRACOTTA)


def _temple(m: Model, c: Colours, rng) -> None:
    """Peripteral temple: stepped stylobate, ring of Doric columns, pediments front and back, tiled roof."""
    top = steps(m, c.wall, 8.6, 11.8, count=3, step_h=0.35, inset=0.35)
    col_h, r = 5.4, 0.33
    xs, zs = 3.2, 4.6
    colonnade_xs(m, c.trim, -xs, xs, 6, zs, top, col_h, r)
    colonnade_xs(m, c.trim, -xs, xs, 6, -zs, top, col_h, r)
    colonnade_zs(m, c.trim, -zs + 1.3, zs - 1.3, 6, xs, top, col_h, r)
    colonnade_zs(m, c.trim, -zs + 1.3, zs - 1.3, 6, -xs, top, col_h, r)
    block(m, c.wall, 4.4, col_h, 6.4, 0, top, -0.4)           # cella
    _door(m, 0, top, 2.8, 1.4, 3.2)
    block(m, c.trim, 7.4, 0.5, 10.2, 0, top + col_h, 0)         # architrave
    block(m, shade(c.trim, 0.85), 7.6, 0.35, 10.4, 0, top + col_h + 0.5, 0)  # frieze
    gable_roof(m, c.roof, 7.8, 10.6, 1.8, 0, top + col_h + 0.85, 0, ridge="z")
    for z in (5.32, -5.32):  # pediment faces in marble, set slightly proud of the roof ends
        pediment(m, c.trim, 7.0, 1.55, 0.1, 0, top + col_h + 0.9, z)
    m.add(mk.moved(mk.sphere(0.3, 1), 0, top + col_h + 2.75, 5.2), c.accent)   # gilded acroterion


def _aqueduct(m: Model, c: Colours, rng) -> None:
    """Two tiers of round arches carrying a water channel, a stream below."""
    _water(m, 12.4, 3.6, 0, 0, 0.15, c.accent)
    block(m, EARTH, 2.0, 0.6, 3.4, -5.2, 0, 0)
    block(m, EARTH, 2.0, 0.6, 3.4, 5.2, 0, 0)
    depth = 1.9
    block(m, c.base, 12.0, 0.5, depth + 0.3, 0, 0, 0)
    arcade(m, c.wall, -6.0, 6.0, 3, 0.5, 3.6, 1.1, depth, 2.5)
    y2 = 0.5 + 3.6 + 2.5
    block(m, c.trim, 12.2, 0.3, depth + 0.25, 0, y2, 0)
    arcade(m, c.wall, -6.0, 6.0, 6, y2 + 0.3, 2.0, 0.6, depth * 0.85, 1.3)
    y3 = y2 + 0.3 + 2.0 + 1.3
    block(m, c.trim, 12.2, 0.3, depth, 0, y3, 0)
    block(m, c.wall, 12.0, 0.5, depth * 0.9, 0, y3 + 0.3, 0)        # channel floor
    for side in (-1, 1):
        block(m, c.wall, 12.0, 0.8, 0.25, 0, y3 + 0.8, side * depth * 0.38)
    block(m, c.accent, 12.0, 0.35, 1.0, 0, y3 + 0.8, 0)


def _university(m: Model, c: Colours, rng) -> None:
    """Gothic college: three gabled wings round a cloister lawn, pointed windows, bell tower with slate spire."""
    _pad(m, GRASS, 12, 12)
    h = 4.2
    block(m, c.wall, 12, h, 3.2, 0, 0.2, -4.2)
    gable_roof(m, c.roof, 12.2, 3.6, 2.0, 0, 0.2 + h, -4.2)
    for x in (-4.6, 4.6):
        block(m, c.wall, 2.8, h, 7.0, x, 0.2, 1.0)
        gable_roof(m, c.roof, 3.2, 7.2, 1.8, x, 0.2 + h, 1.0, ridge="z")
        for z in (-1.2, 1.0, 3.2):
            for y in (0.7, 2.6):
                pointed_window(m, x - math.copysign(1.4, x), y, z, 0.5, 1.3, "+x" if x < 0 else "-x")
        pointed_window(m, x, 1.0, 4.5, 0.7, 2.2, "+z")
    for x in np.linspace(-3.2, 3.2, 5):
        pointed_window(m, float(x), 2.6, -2.6, 0.5, 1.3)
    # cloister walk: pointed arcade along the inner face of the wings
    for x in (-2.9, 2.9):
        colonnade_zs(m, c.trim, -2.2, 3.8, 5, x, 0.2, 2.0, 0.13, 6)
        block(m, c.trim, 0.5, 0.3, 6.4, x, 2.2, 0.8)
    colonnade_xs(m, c.trim, -2.6, 2.6, 5, -2.3, 0.2, 2.0, 0.13, 6)
    block(m, c.trim, 5.8, 0.3, 0.5, 0, 2.2, -2.3)
    # gate arch and low wall closing the quad
    for x0, x1 in ((-3.2, -0.9), (0.9, 3.2)):
        block(m, c.wall, x1 - x0, 1.2, 0.4, (x0 + x1) / 2, 0.2, 4.3)
    arcade(m, c.trim, -1.2, 1.2, 1, 0.2, 1.8, 0.5, 0.6, 1.0, z=4.3)
    # bell tower on the back wing
    tz, tw = -4.2, 2.6
    block(m, shade(c.wall, 0.95), tw, 9.2, tw, 0, 0.2, tz)
    for fac, (dx, dz) in (("+z", (0, tw / 2)), ("+x", (tw / 2, 0)), ("-x", (-tw / 2, 0))):
        clock_face(m, dx, 6.0, tz + dz, 0.7, fac, WHITE)
        pointed_window(m, dx, 7.2, tz + dz, 0.7, 1.7, fac)
    block(m, c.trim, tw + 0.3, 0.35, tw + 0.3, 0, 9.4, tz)
    for sx in (-1, 1):
        for sz in (-1, 1):
            m.add(mk.moved(mk.cone(0.22, 1.0, 6), sx * tw / 2, 9.75, tz + sz * tw / 2), c.trim)
    m.add(mk.moved(mk.cone(1.5, 3.8, 8), 0, 9.75, tz), c.roof)
    flag(m, c.accent, 0, tz, 13.5, pole_h=0.8, size=0.5, pole_colour=IRON)
    tree(m, -1.2, 1.6, 2.4)


def _factory(m: Model, c: Colours, rng) -> None:
    """Red-brick sheds with a glazed sawtooth roof, arched iron windows, smoking chimneys, yard with crates."""
    _pad(m, mix(STONE, EARTH, 0.5), 12, 12)
    w, d, h = 8.0, 8.0, 3.8
    x0, z0 = -1.6, 0.6
    block(m, c.wall, w, h, d, x0, 0.2, z0)
    window_grid(m, x0, z0, w, d, 0.2, 1, h, 5, 5, 0.9, 1.8, colour=shade(GLASS, 0.6), arched=True,
                sides=("-z", "+x", "-x"))
    for x in (x0 - 3.0, x0 - 1.8, x0 + 1.8, x0 + 3.0):
        arched_window(m, x, 1.1, z0 + d / 2, 0.8, 1.8, colour=shade(GLASS, 0.6))
    teeth = 4
    for k in range(teeth):
        xb = x0 - w / 2 + w * k / teeth
        xt = xb + w / teeth
        # sawtooth seen from the front: steep glazed face toward -X (north light), long slope to +X
        tooth = hull([(x, y, z) for z in (z0 - d / 2, z0 + d / 2) for (y, x) in ((0, xb), (1.6, xb), (0, xt))])
        m.add(mk.moved(tooth, 0, 0.2 + h, 0), c.roof)
        block(m, GLASS, 0.08, 1.3, d - 0.2, xb - 0.02, 0.2 + h + 0.1, z0)
    block(m, c.trim, 3.2, 2.8, 3.6, 4.3, 0.2, 3.6)                # office block
    window_grid(m, 4.3, 3.6, 3.2, 3.6, 0.2, 2, 1.4, 3, 3, 0.5, 0.6)
    block(m, shade(c.trim, 0.8), 3.4, 0.25, 3.8, 4.3, 3.0, 3.6)
    window(m, x0, 1.5, z0 + d / 2, 2.2, 2.6, colour=DARK_WOOD)   # loading door
    for x, z, hh in ((4.6, -1.6, 9.6), (2.6, -4.8, 8.2 + rng.uniform(-0.5, 0.5))):
        _chimney(m, shade(c.wall, 0.85), x, z, 0.2, hh, 0.55)
    tx, tz = -4.8, -4.6                                           # water tank on legs
    for sx in (-0.7, 0.7):
        for sz in (-0.7, 0.7):
            m.add(mk.beam((tx + sx, 0.2, tz + sz), (tx + sx * 0.8, 3.4, tz + sz * 0.8), 0.14), IRON)
    m.add(mk.moved(mk.cylinder(1.1, 1.6, 12), tx, 4.2, tz), c.accent)
    m.add(mk.moved(mk.cone(1.2, 0.6, 12), tx, 5.0, tz), c.roof)
    for k, (x, z) in enumerate(((1.2, 5.4), (1.9, 5.3), (1.5, 5.4))):
        crate(m, x, z, 0.2 + (0.7 if k == 2 else 0), 0.7, yaw=8 * k)


def _hospital(m: Model, c: Colours, rng) -> None:
    """Symmetrical three-storey pale stone hospital: wings, central portico, red cross emblem, hipped roofs."""
    _pad(m, mix(STONE, GRASS, 0.3), 12, 12)
    floors, fh = 3, 1.9
    h = floors * fh + 0.4
    block(m, c.wall, 4.6, h + 0.8, 6.0, 0, 0.2, -1.2)                  # centre block, a little taller
    window_grid(m, 0, -1.2, 4.6, 6.0, 0.6, floors, fh, 2, 3, 0.6, 1.0, colour=GLASS, sides=("+x", "-x", "-z"))
    hip_roof(m, c.roof, 5.0, 6.4, 1.8, 0, 0.2 + h + 0.8, -1.2)
    for sx in (-1, 1):                                                  # wings
        x = sx * 4.1
        block(m, c.wall, 3.6, h, 5.0, x, 0.2, -1.6)
        window_grid(m, x, -1.6, 3.6, 5.0, 0.6, floors, fh, 2, 3, 0.6, 1.0, colour=GLASS)
        block(m, c.trim, 3.8, 0.3, 5.2, x, 0.2 + h - 0.3, -1.6)
        hip_roof(m, c.roof, 4.0, 5.4, 1.5, x, 0.2 + h, -1.6)
    block(m, c.trim, 4.8, 0.3, 6.2, 0, 0.2 + h + 0.5, -1.2)
    # portico with four columns and a pediment carrying the red cross
    colonnade_xs(m, c.trim, -1.6, 1.6, 4, 2.6, 0.2, 3.6, 0.2)
    block(m, c.trim, 4.2, 0.5, 1.6, 0, 3.8, 2.3)
    pediment(m, c.trim, 4.2, 1.0, 1.6, 0, 4.3, 2.3)
    window(m, 0, 1.4, 1.8, 1.4, 2.4, colour=shade(c.trim, 0.45))
    cy = 0.2 + h - 0.5
    m.add(mk.moved(mk.rotated(mk.cylinder(0.95, 0.12, 16), 90, (1, 0, 0)), 0, cy, 1.86), WHITE)
    for bw, bh in ((1.3, 0.42), (0.42, 1.3)):
        block(m, c.accent, bw, bh, 0.1, 0, cy - bh / 2, 1.95)
    flag(m, c.accent, 0, -1.2, 0.2 + h + 2.6, pole_h=1.5, size=0.6, pole_colour=IRON)
    for x in (-4.2, 4.2):
        tree(m, x, 3.6, 2.4)
    for x in (-2.4, 2.4):                                               # path edging
        block(m, c.trim, 0.2, 0.25, 2.2, x * 0.5, 0.2, 4.6)


def _bank(m: Model, c: Colours, rng) -> None:
    """Solid neoclassical bank: fluted columns in antis, carved pediment with a gold coin, bronze doors, granite steps."""
    top = steps(m, shade(c.wall, 0.8), 11.0, 9.6, count=2, step_h=0.35, inset=0.4)
    block(m, c.wall, 10.0, 6.4, 7.0, 0, top, -1.0)
    block(m, shade(c.wall, 0.85), 10.2, 1.0, 7.2, 0, top, -1.0)   # rusticated base
    window_grid(m, 0, -1.0, 10.0, 7.0, top + 1.0, 2, 2.5, 0, 3, 0.8, 1.4, sides=("+x", "-x"))
    colonnade_xs(m, c.trim, -3.0, 3.0, 4, 2.9, top, 6.4, 0.42, 10)
    for x in (-4.4, 4.4):                                         # end piers (antae)
        block(m, c.wall, 1.4, 6.4, 1.6, x, top, 2.7)
    block(m, c.trim, 10.2, 0.8, 8.6, 0, top + 6.4, -0.3)
    pediment(m, c.trim, 7.6, 1.6, 1.8, 0, top + 7.2, 2.8)
    m.add(mk.moved(mk.rotated(mk.cylinder(0.55, 0.12, 14), 90, (1, 0, 0)), 0, top + 7.75, 3.72), c.accent)
    block(m, mix(c.trim, c.roof, 0.35), 7.4, 0.6, 7.0, 0, top + 7.2, -1.8)   # low roof behind the pediment
    for x in np.linspace(-4.8, 4.8, 17):                          # balustrade on the flat roof
        block(m, c.trim, 0.18, 0.6, 0.18, float(x), top + 7.2, -4.2)
    block(m, c.trim, 10.0, 0.15, 0.3, 0, top + 7.8, -4.2)
    for x in (-5.0, 5.0):
        for z in np.linspace(-4.2, 1.4, 9):
            block(m, c.trim, 0.18, 0.6, 0.18, x, top + 7.2, float(z))
        block(m, c.trim, 0.3, 0.15, 5.8, x, top + 7.8, -1.4)
    window(m, 0, top + 1.6, 2.55, 1.6, 3.2, colour=c.accent)    # bronze doors
    block(m, shade(c.accent, 0.7), 0.06, 3.2, 0.16, 0, top, 2.55)
    for x in (-2.0, 2.0):
        window(m, x, top + 2.0, 2.55, 0.9, 1.8)
    for x, n in ((-4.8, 4), (4.8, 3)):                           # stacks of gold coins on the steps
        for i in range(n):
            m.add(mk.moved(mk.cylinder(0.4, 0.14, 10), x, 0.07 + 0.15 * i, 4.3), GOLD)


def _arsenal(m: Model, c: Colours, rng) -> None:
    """Squat brick-and-stone armoury with barred windows, a walled yard of cannon barrels and powder kegs."""
    _pad(m, mix(EARTH, STONE, 0.5), 12, 12)
    block(m, c.trim, 10.4, 1.2, 5.8, 0, 0.2, -2.6)                      # stone base course
    block(m, c.wall, 10.0, 4.0, 5.4, 0, 1.4, -2.6)
    block(m, c.trim, 10.4, 0.4, 5.8, 0, 5.4, -2.6)
    hip_roof(m, c.roof, 10.8, 6.2, 2.0, 0, 5.8, -2.6)
    for x in (-4.7, -0.9, 0.9, 4.7):                                   # buttresses
        m.add(hull([(x + dx, 0.2, z) for dx in (-0.3, 0.3) for z in (0.1, 1.1)]
                   + [(x + dx, 3.6, z) for dx in (-0.3, 0.3) for z in (0.1, 0.4)]), c.trim)
    for x in (-2.8, 2.8):
        arched_window(m, x, 0.2, 0.15, 2.0, 3.2, colour=c.accent)
        for k in range(3):
            block(m, IRON, 2.0, 0.12, 0.06, x, 0.9 + 0.8 * k, 0.24)
    for x in (-4.0, -1.9, 1.9, 4.0):                                    # small barred windows
        window(m, x, 4.0, 0.15, 0.7, 0.8)
        for dx in (-0.2, 0.0, 0.2):
            block(m, IRON, 0.05, 0.8, 0.06, x + dx, 3.6, 0.24)
    # low yard wall with a gate gap
    for (x0, z0, x1, z1) in ((-5.8, 5.6, -1.4, 5.6), (1.4, 5.6, 5.8, 5.6), (-5.8, 0.3, -5.8, 5.6), (5.8, 0.3, 5.8, 5.6)):
        length = math.hypot(x1 - x0, z1 - z0)
        block(m, c.trim, length + 0.4 if z0 == z1 else 0.4, 1.4, 0.4 if z0 == z1 else length, (x0 + x1) / 2, 0.2,
              (z0 + z1) / 2)
    for x in (-1.4, 1.4):
        block(m, c.trim, 0.7, 2.0, 0.7, x, 0.2, 5.6)
    # cannon barrels stacked like logs, a gun on its carriage, shot and powder kegs
    for layer, n in enumerate((4, 3, 2)):
        for i in range(n):
            bar = mk.rotated(mk.frustum(0.24, 0.18, 2.4, 8), 90, (1, 0, 0))
            m.add(mk.moved(bar, -3.9 + (i - (n - 1) / 2) * 0.5, 0.45 + layer * 0.42, 1.6), IRON)
    _cannon(m, -0.2, 3.4, 0.2, yaw=-90)
    _shot_pile(m, 1.8, 4.4, 0.2)
    for x, z, y in ((3.6, 2.2, 0.2), (4.3, 2.4, 0.2), (3.9, 3.0, 0.2), (4.6, 3.2, 0.2), (4.0, 2.6, 0.9)):
        barrel(m, x, z, y, 0.32, 0.7, c.accent)


def _theater(m: Model, c: Colours, rng) -> None:
    """Renaissance theatre: curved arcaded facade with columns and statues, copper dome, tall fly tower."""
    _pad(m, mix(STONE, WHITE, 0.3), 12, 12)
    block(m, c.wall, 7.0, 8.4, 3.4, 0, 0.2, -4.0)                        # fly tower
    gable_roof(m, c.roof, 7.4, 3.8, 1.8, 0, 8.6, -4.0)
    m.add(mk.moved(mk.cylinder(4.2, 6.0, 18), 0, 0.2 + 3.0, -0.8), c.wall)   # auditorium drum
    m.add(mk.moved(mk.cylinder(4.4, 0.35, 18), 0, 6.2, -0.8), c.trim)
    m.add(mk.moved(dome(3.6, 2.6, 16, 4), 0, 6.55, -0.8), COPPER)
    m.add(mk.moved(mk.cylinder(0.45, 0.8, 8), 0, 9.1, -0.8), c.trim)
    m.add(mk.moved(mk.sphere(0.3, 0), 0, 10.1, -0.8), c.accent)
    # curved front: a half ring bulging toward +Z, arches below, columns above
    cz, r_in, r_out = 0.2, 4.6, 5.6
    front = (0.05 * math.pi, 0.95 * math.pi)
    m.add(sweep_arc([(r_in, 0.2), (r_out, 0.2), (r_out, 6.2), (r_in, 6.2)], *front, 12), c.wall)
    m.add(sweep_arc([(r_in, 6.2), (r_out + 0.25, 6.2), (r_out + 0.25, 6.7), (r_in, 6.7)], *front, 12), c.trim)
    m.add(sweep_arc([(r_in, 0.2), (r_out + 0.2, 0.2), (r_out + 0.2, 0.9), (r_in, 0.9)], *front, 12), c.trim)
    for k in range(7):
        a = front[0] + (front[1] - front[0]) * (k + 0.5) / 7
        x, z = (r_out + 0.02) * math.cos(a), cz + (r_out + 0.02) * math.sin(a)
        yaw = 90 - math.degrees(a)
        arched_window(m, x, 0.9, z, 1.0, 2.3, colour=OPENING if k != 3 else c.roof)
        arched_window(m, x, 3.6, z, 0.7, 1.6, colour=GLASS)
        for da in (-0.5, 0.5):
            b = front[0] + (front[1] - front[0]) * (k + 0.5 + da) / 7
            column(m, c.trim, (r_out + 0.2) * math.cos(b), cz + (r_out + 0.2) * math.sin(b), 3.2, 3.0, 0.16, 6)
        if k % 2 == 0:                                                    # statues along the cornice
            person_statue(m, c.accent, x, z - 0.2, 6.7, 1.5, arm_up=k == 2, yaw=yaw)
    for sx in (-1, 1):
        block(m, c.wall, 1.6, 6.4, 3.4, sx * 5.0, 0.2, -1.4)
        m.add(mk.moved(mk.cone(0.7, 1.2, 8), sx * 5.0, 6.6, -1.4), COPPER)


def _stadium(m: Model, c: Colours, rng) -> None:
    """Oval concrete bowl of seating round a green pitch, roofed stands, floodlights, flags along the rim."""
    squash = 0.74   # oval: the bowl is built round and squashed in Z

    def oval(mesh):
        return mk.scaled(mesh, 1.0, 1.0, squash)
    m.add(oval(mk.moved(mk.cylinder(3.9, 0.2, 24), 0, 0.1, 0)), mix(RED, SAND, 0.5))      # track
    m.add(oval(mk.moved(mk.cylinder(3.1, 0.24, 24), 0, 0.12, 0)), c.accent)               # pitch
    block(m, WHITE, 0.08, 0.02, 4.5, 0, 0.24, 0)
    m.add(lathe_loop([(0.6, 0.24), (0.7, 0.24), (0.7, 0.26), (0.6, 0.26)], 16), WHITE)
    tiers = 5
    for k in range(tiers):
        r0 = 4.0 + k * 0.42
        y = 0.5 + k * 0.62
        m.add(oval(lathe_loop([(r0, 0.0), (6.0, 0.0), (6.0, y), (r0, y)], 28)), c.roof if k % 2 else c.trim)
    top = 0.5 + (tiers - 1) * 0.62
    m.add(oval(lathe_loop([(5.95, 0.0), (6.2, 0.0), (6.2, top + 0.5), (5.95, top + 0.5)], 28)), c.wall)
    for k in range(16):   # entrance openings round the outer wall
        a = 2 * math.pi * (k + 0.5) / 16
        m.add(oval(place(mk.box(0.9, 1.4, 0.2), 6.2 * math.cos(a), 0.9, 6.2 * math.sin(a), -math.degrees(a) + 90)), OPENING)
    for a0, a1 in ((0.22 * math.pi, 0.78 * math.pi), (1.22 * math.pi, 1.78 * math.pi)):
        canopy = sweep_arc([(4.4, top + 1.9), (6.3, top + 1.3), (6.3, top + 1.5), (4.4, top + 2.1)], a0, a1, 8)
        m.add(oval(canopy), c.wall)
        for a in np.linspace(a0, a1, 4):
            m.add(oval(mk.moved(mk.box(0.22, top + 1.5, 0.22), 6.1 * math.cos(a), (top + 1.5) / 2, 6.1 * math.sin(a))),
                  c.trim)
    for a in (0.0, math.pi):                                               # flags on the ends of the rim
        for da in (-0.25, 0.0, 0.25):
            fx, fz = 6.1 * math.cos(a + da), 6.1 * math.sin(a + da) * squash
            flag(m, c.roof if da else RED, fx, fz, top + 0.5, pole_h=1.6, size=0.45, pole_colour=METAL)
    for sx in (-1, 1):   # floodlight masts at the four corners
        for sz in (-1, 1):
            x, z = sx * 4.7, sz * 4.7 * squash * 1.02
            m.add(mk.moved(mk.cylinder(0.12, 7.5, 6), x, 3.75, z), METAL)
            block(m, LIT, 1.2, 0.8, 0.2, x, 7.4, z, yaw=-sx * sz * 45)


def _shrine(m: Model, c: Colours, rng) -> None:
    """Stone altar with a fire under a simple wooden canopy, ringed by standing stones, offering bowls, fire pit."""
    _pad(m, mix(GRASS, EARTH, 0.35), 12, 12)
    m.add(mk.moved(mk.cylinder(4.4, 0.35, 16), 0, 0.375, -0.6), c.wall)            # round stone platform
    m.add(mk.moved(mk.cylinder(3.6, 0.3, 16), 0, 0.7, -0.6), shade(c.wall, 1.1))
    top = 0.85
    # wooden canopy: four posts, beams and a steep thatched gable
    for sx in (-1.6, 1.6):
        for sz in (-2.2, 1.0):
            block(m, c.roof, 0.3, 3.4, 0.3, sx, top, sz)
    for sz in (-2.2, 1.0):
        block(m, shade(c.roof, 0.85), 4.0, 0.3, 0.35, 0, top + 3.3, sz)
    gable_roof(m, c.trim, 4.6, 4.4, 2.2, 0, top + 3.6, -0.6, ridge="z")
    m.add(mk.beam((0, top + 5.8, -2.9), (0, top + 6.3, -3.1), 0.18), c.roof)       # crossed finials
    m.add(mk.beam((0, top + 5.8, 1.7), (0, top + 6.3, 1.9), 0.18), c.roof)
    # altar with its flame and offering bowls
    block(m, shade(c.wall, 0.9), 1.8, 1.2, 1.2, 0, top, -0.6)
    block(m, c.wall, 2.1, 0.2, 1.5, 0, top + 1.2, -0.6)
    m.add(mk.moved(mk.frustum(0.25, 0.45, 0.25, 10), 0, top + 1.4, -0.6), IRON)
    m.add(mk.moved(mk.cone(0.35, 0.8, 8), 0, top + 1.6, -0.6), c.accent)
    for x in (-0.75, 0.75):
        m.add(mk.moved(mk.frustum(0.12, 0.25, 0.15, 8), x, top + 1.4, -0.6), TERRACOTTA)
    # ring of standing stones
    for k in range(9):
        a = 2 * math.pi * (k + 0.25) / 9
        if abs(math.sin(a) - 1) < 0.05:
            continue
        s = rough_stone(rng, 0.8, 2.4 + rng.uniform(-0.4, 0.4), 0.5, 0.15)
        m.add(place(s, 5.2 * math.cos(a), 0.2, -0.6 + 5.0 * math.sin(a), -math.degrees(a) + 90), c.wall)
    # fire pit on the path in front
    fz = 4.6
    for k in range(8):
        a = 2 * math.pi * k / 8
        m.add(mk.moved(rough_stone(rng, 0.4, 0.35, 0.4, 0.2), 0.75 * math.cos(a), 0.2, fz + 0.75 * math.sin(a)), STONE)
    m.add(mk.moved(mk.cone(0.5, 1.2, 8), 0, 0.2, fz), c.accent)
    m.add(mk.moved(mk.cone(0.3, 1.6, 6), 0.15, 0.2, fz - 0.1), LIT)


def _lighthouse(m: Model, c: Colours, rng) -> None:
    """Ancient lighthouse rising in three tapering tiers (square, octagonal, round) to an open fire beacon."""
    _water(m, 12, 12, colour=mix(WATER, c.roof, 0.3))
    m.add(mk.moved(rough_stone(rng, 10.0, 1.4, 9.0, 0.15), 0, 0.1, -0.3), ROCK)
    m.add(mk.moved(rough_stone(rng, 3.0, 0.9, 2.5, 0.25), 4.0, 0.1, 3.8), ROCK)
    block(m, c.trim, 7.0, 0.6, 7.0, 0, 1.3, -0.3)                                  # quay platform
    y = 1.9
    # tier 1: square, slightly tapered, with windows
    m.add(loft([rect_ring(4.6, 4.6, y, 0, -0.3), rect_ring(3.8, 3.8, y + 6.0, 0, -0.3)]), c.wall)
    for k in range(3):
        window(m, 0, y + 1.2 + 1.7 * k, -0.3 + 2.28 - 0.13 * k, 0.45, 0.8)
    block(m, c.trim, 4.4, 0.4, 4.4, 0, y + 6.0, -0.3)
    y += 6.4
    # tier 2: octagon
    m.add(loft([[(1.6 * math.cos(a), y, -0.3 + 1.6 * math.sin(a)) for a in np.linspace(0, 2 * math.pi, 8, endpoint=False) + math.pi / 8],
                [(1.3 * math.cos(a), y + 3.2, -0.3 + 1.3 * math.sin(a)) for a in np.linspace(0, 2 * math.pi, 8, endpoint=False) + math.pi / 8]]),
          c.wall)
    m.add(mk.moved(mk.cylinder(1.6, 0.3, 8), 0, y + 3.35, -0.3), c.trim)
    y += 3.5
    # tier 3: round drum, then the open lantern with the fire
    m.add(mk.moved(mk.frustum(1.05, 0.95, 1.6, 12), 0, y, -0.3), c.wall)
    y += 1.6
    m.add(mk.moved(mk.cylinder(1.2, 0.25, 12), 0, y + 0.125, -0.3), c.trim)
    for k in range(6):
        a = 2 * math.pi * k / 6
        block(m, c.trim, 0.18, 1.5, 0.18, 0.9 * math.cos(a), y + 0.25, -0.3 + 0.9 * math.sin(a))
    m.add(mk.moved(mk.cone(0.6, 1.3, 8), 0, y + 0.25, -0.3), c.accent)
    m.add(mk.moved(mk.cone(0.35, 1.5, 6), 0.1, y + 0.25, -0.2), LIT)
    m.add(mk.moved(dome(1.15, 0.8, 10, 3), 0, y + 1.75, -0.3), c.trim)
    person_statue(m, GOLD, 0, -0.3, y + 2.5, 1.0, arm_up=True)


def _harbor(m: Model, c: Colours, rng) -> None:
    """Plank piers on pilings, a timber crane, moored boats, crates, rope coils and a stone breakwater."""
    _water(m, 12, 12, colour=mix(WATER, c.accent, 0.5))
    block(m, SAND, 12, 0.7, 3.4, 0, 0, -4.3)                       # shore
    block(m, c.wall, 4.2, 2.6, 2.4, -3.4, 0.7, -4.5)             # warehouse
    gable_roof(m, c.roof, 4.6, 2.9, 1.3, -3.4, 3.3, -4.5)
    window(m, -3.4, 1.7, -3.3, 1.4, 1.8, colour=shade(c.roof, 0.7))
    # breakwater of rough stones curving round the right-hand side
    for k in range(9):
        a = math.pi * (0.05 + 0.45 * k / 8)
        m.add(mk.moved(rough_stone(rng, 1.6, 1.1, 1.4, 0.25), 5.0 * math.cos(a) + 0.6, 0.0, 5.0 * math.sin(a) - 0.6 + 0.2),
              shade(c.trim, rng.uniform(0.85, 1.05)))
    # pier deck on piles
    px, plen = 1.2, 8.2
    block(m, c.wall, 2.6, 0.25, plen, px, 0.85, -3.4 + plen / 2)
    for z in np.linspace(-2.4, 4.6, 5):
        for x in (px - 1.1, px + 1.1):
            block(m, c.roof, 0.25, 1.3, 0.25, x, 0.0, float(z))
    # crane: post, slanted jib, rope and hanging load, treadwheel
    cx, cz = px + 0.6, 2.8
    block(m, c.roof, 0.4, 5.0, 0.4, cx, 1.1, cz)
    m.add(mk.beam((cx, 5.6, cz), (cx - 3.2, 6.6, cz + 1.2), 0.25), c.roof)
    m.add(mk.beam((cx, 3.0, cz), (cx - 1.6, 6.1, cz + 0.6), 0.18), c.roof)
    m.add(mk.beam((cx - 3.1, 6.5, cz + 1.15), (cx - 3.1, 3.0, cz + 1.15), 0.05), IRON)
    crate(m, cx - 3.1, cz + 1.15, 2.4, 0.7, colour=c.wall)
    wheel = mk.rotated(lathe_loop([(0.95, -0.25), (1.1, -0.25), (1.1, 0.25), (0.95, 0.25)], 12), 90, (1, 0, 0))
    m.add(mk.moved(wheel, cx + 0.7, 2.3, cz), c.wall)
    _boat(m, c, -2.6, 1.8, 0.2, length=5.6, yaw=90)
    _boat(m, c, 3.6, 0.6, 0.2, length=3.2, sail=False, yaw=80)
    for x, z in ((0.6, -1.6), (1.8, -1.2), (0.8, 0.4)):
        crate(m, x, z, 1.1, 0.6, colour=c.wall)
    barrel(m, 1.9, 0.8, 1.1)
    for z in (-0.2, 3.8):                                         # rope coils by the bollards
        m.add(mk.moved(lathe_loop([(0.15, 0), (0.35, 0), (0.35, 0.18), (0.15, 0.18)], 10), px + 0.8, 1.1, z), SAND)
        m.add(mk.moved(mk.cylinder(0.12, 0.35, 6), px - 1.1, 1.25, z), IRON)


def _amphitheater(m: Model, c: Colours, rng) -> None:
    """Greek theatre: a D of steep seat tiers round an orchestra, closed by a long stage building in front."""
    _pad(m, mix(STONE, EARTH, 0.4), 14, 12)
    cz = 1.2     # centre of the orchestra, on the straight side of the D
    a0, a1 = math.pi, 2 * math.pi   # seats behind the orchestra, facing the front
    tiers = 8
    rise = 0.8
    for k in range(tiers):
        r0 = 2.3 + k * 0.55
        y = 0.2 + rise * (k + 1)
        col = c.wall if k % 2 == 0 else c.trim
        m.add(mk.moved(sweep_arc([(r0, 0.2), (6.7, 0.2), (6.7, y), (r0, y)], a0, a1, 16), 0, 0, cz), col)
    # retaining wall crowning the back of the cavea
    m.add(mk.moved(sweep_arc([(6.5, 0.2), (6.9, 0.2), (6.9, 0.2 + rise * tiers + 0.8), (6.5, 0.2 + rise * tiers + 0.8)],
                             a0, a1, 16), 0, 0, cz), c.base)
    # stairs (darker) radiating through the seats
    for a in np.linspace(a0 + 0.35, a1 - 0.35, 5):
        for k in range(tiers):
            r = 2.55 + k * 0.55
            block(m, c.base, 0.45, 0.2 + rise * (k + 1) + 0.03, 0.35, r * math.cos(a), 0.0,
                  cz + r * math.sin(a), yaw=-math.degrees(a) + 90)
    m.add(mk.moved(mk.cylinder(2.2, 0.1, 20), 0, 0.25, cz), SAND)                     # orchestra
    m.add(mk.moved(mk.cylinder(0.35, 0.6, 8), 0, 0.3, cz), c.roof)                    # altar
    # stage building (skene) spanning the whole D: low stage, colonnaded front, side wings
    sz = cz + 2.9
    block(m, c.trim, 10.0, 0.6, 1.6, 0, 0.2, sz - 0.5)
    block(m, c.wall, 12.6, 1.6, 0.9, 0, 0.2, sz + 0.9)
    colonnade_xs(m, c.trim, -4.6, 4.6, 9, sz + 0.2, 0.8, 1.1, 0.11, 6)
    block(m, c.trim, 10.2, 0.25, 1.5, 0, 1.9, sz + 0.6)
    for x in (-5.8, 5.8):
        block(m, c.wall, 1.6, 2.4, 2.4, x, 0.2, sz + 0.3)
        gable_roof(m, c.roof, 2.0, 2.8, 0.8, x, 2.6, sz + 0.3, ridge="z")
    for x in (-2.4, 0.0, 2.4):
        window(m, x, 1.1, sz + 0.38, 0.8, 0.8)


def _workshop(m: Model, c: Colours, rng) -> None:
    """Timber-framed workshop: steep tiled roof, open front with workbench, forge and tools, water wheel, lumber."""
    _pad(m, EARTH, 12, 12)
    bx, bz = -1.2, -1.6
    block(m, STONE, 6.4, 2.0, 5.0, bx, 0.2, bz)
    block(m, c.wall, 6.6, 2.4, 5.2, bx, 2.2, bz)
    for x in np.linspace(bx - 3.2, bx + 3.2, 6):                   # timber framing on the front
        block(m, c.trim, 0.18, 2.4, 0.1, float(x), 2.2, bz + 2.62)
    for sgn in (-1, 1):
        m.add(mk.beam((bx + sgn * 3.2, 2.3, bz + 2.64), (bx + sgn * 1.9, 4.5, bz + 2.64), 0.14), c.trim)
    block(m, c.trim, 6.6, 0.18, 0.1, bx, 4.4, bz + 2.62)
    block(m, c.trim, 6.6, 0.18, 0.1, bx, 2.2, bz + 2.62)
    gable_roof(m, c.roof, 7.2, 6.0, 2.6, bx, 4.6, bz)
    window(m, bx - 1.5, 1.1, bz + 2.5, 1.6, 1.8, colour=c.trim)
    window(m, bx + 1.2, 3.3, bz + 2.62, 0.8, 0.8)
    _chimney(m, STONE, bx + 1.8, bz - 1.2, 3.8, 4.0, 0.45)
    # open lean-to with a forge glow and anvil
    sx, sz = 3.8, 1.6
    for x in (sx - 1.4, sx + 1.4):
        for z in (sz - 1.2, sz + 1.2):
            block(m, c.trim, 0.2, 2.6 if z < sz else 2.2, 0.2, x, 0.2, z)
    m.add(hull([(x, y, z) for x in (sx - 1.7, sx + 1.7) for (y, z) in ((2.8, sz - 1.5), (2.4, sz + 1.5),
                                                                      (3.0, sz - 1.5), (2.6, sz + 1.5))]), c.roof)
    block(m, STONE, 1.2, 0.9, 1.0, sx + 0.6, 0.2, sz - 0.6)
    block(m, FLAME, 0.8, 0.15, 0.6, sx + 0.6, 1.1, sz - 0.6)
    m.add(mk.moved(hull([(-0.4, 0, -0.15), (0.4, 0, -0.15), (-0.4, 0, 0.15), (0.4, 0, 0.15),
                         (-0.5, 0.5, -0.2), (0.55, 0.5, -0.2), (-0.5, 0.5, 0.2), (0.55, 0.5, 0.2)]),
                   sx - 0.5, 0.2, sz + 0.6), c.accent)
    block(m, WOOD, 1.6, 0.9, 0.7, sx - 0.6, 0.2, sz - 0.9)                 # workbench with tools
    for k in range(3):
        m.add(mk.beam((sx - 1.2 + 0.5 * k, 1.1, sz - 1.0), (sx - 1.1 + 0.5 * k, 1.12, sz - 0.6), 0.07), c.accent)
    # water wheel on the left side in a millrace
    wx, wz = -5.0, -0.8
    block(m, WATER, 1.2, 0.3, 8.0, wx - 0.1, 0.0, wz + 1.4)
    wheel_r = 2.2
    rim = mk.rotated(lathe_loop([(wheel_r - 0.25, -0.35), (wheel_r, -0.35), (wheel_r, 0.35), (wheel_r - 0.25, 0.35)], 16),
                     90, (0, 0, 1))
    m.add(mk.moved(rim, wx, wheel_r + 0.3, wz), c.trim)
    for k in range(8):
        a = math.pi * k / 8
        dy, dz = wheel_r * math.cos(a), wheel_r * math.sin(a)
        m.add(mk.beam((wx, wheel_r + 0.3 - dy, wz - dz), (wx, wheel_r + 0.3 + dy, wz + dz), 0.16), c.trim)
    m.add(mk.moved(mk.rotated(mk.cylinder(0.25, 1.6, 8), 90, (0, 0, 1)), wx + 0.6, wheel_r + 0.3, wz), IRON)
    # stacked lumber
    for layer in range(3):
        for k in range(4 - layer):
            block(m, WOOD if (k + layer) % 2 else shade(WOOD, 1.15), 0.35, 0.3, 2.4, 0.6 + 0.42 * k + 0.2 * layer,
                  0.2 + 0.32 * layer, 4.2)


def _castle(m: Model, c: Colours, rng) -> None:
    """Stone castle: moat, curtain wall with round slate-capped towers, gatehouse and drawbridge, tall keep, banners."""
    _pad(m, GRASS, 12.6, 12.6)
    half, wh, t = 4.4, 4.2, 1.0
    for sx in (-1, 1):                                               # moat: four strips round the walls
        block(m, WATER, 12.6, 0.08, 1.0, 0, 0.2, sx * 5.8)
        block(m, WATER, 1.0, 0.08, 12.6, sx * 5.8, 0.2, 0)
    for (x0, z0, x1, z1) in ((-half, -half, half, -half), (half, -half, half, half),
                             (half, half, -half, half), (-half, half, -half, -half)):
        cx, cz = (x0 + x1) / 2, (z0 + z1) / 2
        length = math.hypot(x1 - x0, z1 - z0)
        along_x = abs(z1 - z0) < 1e-9
        block(m, c.wall, length if along_x else t, wh, t if along_x else length, cx, 0.2, cz)
        block(m, c.base, (length if along_x else t) + 0.3, 0.8, (t if along_x else length) + 0.3, cx, 0.2, cz)
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
            flag(m, c.accent if sx * sz > 0 else c.extra, x, z, 8.4, pole_h=1.0, size=0.55, pole_colour=IRON)
    # gatehouse with twin towers and a lowered drawbridge over the moat
    for x in (-1.3, 1.3):
        m.add(mk.moved(mk.cylinder(0.95, 6.0, 10), x, 3.2, half + 0.3), c.wall)
        ring_crenellations(m, c.wall, 0.85, 6.2, 7, 0.4, 0.5, x, half + 0.3)
    block(m, c.wall, 2.0, 5.0, 1.6, 0, 0.2, half + 0.2)
    arched_window(m, 0, 0.2, half + 1.0, 1.3, 2.4)
    block(m, WOOD, 1.3, 0.15, 2.2, 0, 0.22, half + 2.1)
    for x in (-0.6, 0.6):
        m.add(mk.beam((x, 0.35, half + 3.1), (x, 2.4, half + 1.0), 0.05), IRON)
    # keep
    kh = 10.5 + rng.uniform(-0.4, 0.4)
    block(m, shade(c.wall, 1.05), 4.0, kh, 4.0, 0, 0.2, -1.0)
    block(m, c.base, 4.5, 0.5, 4.5, 0, 0.2 + kh - 0.1, -1.0)
    for a, b in (((-2.1, 1.1), (2.1, 1.1)), ((2.1, 1.1), (2.1, -3.1)), ((2.1, -3.1), (-2.1, -3.1)),
                 ((-2.1, -3.1), (-2.1, 1.1))):
        crenellations(m, c.wall, a, b, 0.6 + kh, 0.35, 0.45, 0.6)
    for sx in (-1, 1):
        for sz in (-1, 1):
            block(m, c.wall, 0.9, 1.4, 0.9, sx * 2.0, 0.2 + kh, -1.0 + sz * 2.0)
    for y in (4.0, 7.0):
        window(m, 0, y, 1.0, 0.5, 1.0)
        window(m, 2.0, y, -1.0, 0.5, 1.0, "+x")
    flag(m, c.extra, 0, -1.0, 0.6 + kh, pole_h=2.6, size=1.0, pole_colour=IRON)


def _stable(m: Model, c: Colours, rng) -> None:
    """Long timber stable under a pitched shingle roof, horses at the half-doors, paddock, hay and trough."""
    _pad(m, mix(GRASS, EARTH, 0.5), 12, 12)
    bw, bd, bh = 9.0, 4.6, 3.0
    bz = -3.3
    block(m, c.wall, bw, bh, bd, 0, 0.2, bz)
    for x in np.linspace(-bw / 2, bw / 2, 7):                          # corner and stall posts
        block(m, c.trim, 0.25, bh, 0.12, float(x), 0.2, bz + bd / 2)
    gable_roof(m, c.roof, bw + 0.8, bd + 1.6, 2.2, 0, 0.2 + bh, bz)
    for k, x in enumerate(np.linspace(-3.0, 3.0, 4)):
        x = float(x)
        window(m, x, 1.65, bz + bd / 2, 1.2, 1.1, colour=OPENING)     # open top half
        window(m, x, 0.75, bz + bd / 2 + 0.02, 1.2, 1.1, colour=c.trim)  # closed bottom half
        if k in (0, 2, 3):                                              # a horse looking out
            head = shade(WOOD, 0.75) if k != 2 else mix(DARK_WOOD, WHITE, 0.25)
            m.add(mk.beam((x, 1.6, bz + bd / 2 - 0.3), (x, 2.2, bz + bd / 2 + 0.35), 0.38), head)
            m.add(mk.moved(mk.rotated(mk.box(0.34, 0.34, 0.8), 35, (1, 0, 0)), x, 1.95, bz + bd / 2 + 0.65), head)
            for dx in (-0.12, 0.12):
                m.add(mk.moved(mk.cone(0.06, 0.22, 4), x + dx, 2.35, bz + bd / 2 + 0.35), head)
    m.add(mk.moved(mk.cylinder(0.35, 1.0, 6), 0, 0.2 + bh + 2.4, bz), c.trim)  # ventilator
    m.add(mk.moved(mk.cone(0.55, 0.6, 6), 0, 0.2 + bh + 2.9, bz), c.roof)
    # paddock fence
    pts = [(-5.6, -0.6), (-5.6, 5.6), (5.6, 5.6), (5.6, -0.6)]
    for a, b in zip(pts, pts[1:]):
        _fence(m, c.trim, a, b, 0.2, 1.1)
    _horse(m, shade(WOOD, 0.8), -1.8, 2.8, 0.2, yaw=20)
    _horse(m, mix(DARK_WOOD, WHITE, 0.15), 2.4, 2.0, 0.2, yaw=160, s=0.9)
    for x, z, y in ((4.6, -1.3, 0.75), (4.6, -2.3, 0.75), (4.6, -1.8, 1.65)):
        bale = mk.rotated(mk.cylinder(0.55, 0.9, 10), 90, (1, 0, 0))
        m.add(mk.moved(bale, x, y, z), c.accent)
    block(m, c.trim, 2.0, 0.5, 0.6, 0.4, 0.2, 4.6)                       # water trough
    block(m, WATER, 1.8, 0.05, 0.4, 0.4, 0.66, 4.6)


def _observatory(m: Model, c: Colours, rng) -> None:
    """Round stone tower under a copper dome split by an open slit, a big brass telescope pointing at the sky."""
    _pad(m, mix(STONE, SAND, 0.3), 12, 12)
    top = steps(m, STONE, 9.0, 9.0, count=2, step_h=0.4, inset=0.5, y=0.2)
    r, th = 3.2, 6.0
    m.add(mk.moved(mk.cylinder(r, th, 20), 0, top + th / 2, -0.5), c.wall)
    m.add(mk.moved(mk.cylinder(r + 0.15, 0.3, 20), 0, top + 2.6, -0.5), shade(c.wall, 0.9))
    m.add(mk.moved(mk.cylinder(r + 0.2, 0.35, 20), 0, top + th, -0.5), shade(c.wall, 0.85))
    for k in range(5):
        a = math.pi * (0.15 + 0.7 * k / 4)
        for y in (1.0, 3.6):
            window(m, r * math.cos(a), top + y, -0.5 + r * math.sin(a), 0.45, 1.1, "+z", OPENING)
    _door(m, 0, top, -0.5 + r, 1.2, 2.2)
    dome_y = top + th + 0.35
    m.add(mk.moved(dome(r + 0.1, (r + 0.1) * 0.95, 20, 5), 0, dome_y, -0.5), c.roof)
    # slit: dark strip over the dome from the front eave to past the top
    for k in range(10):
        t = math.radians(6 + 10 * k)
        y = dome_y + (r + 0.1) * 0.95 * math.sin(t)
        z = -0.5 + (r + 0.1) * math.cos(t)
        slab = mk.rotated(mk.box(1.0, r * 0.22, 0.16), -(90 - math.degrees(t)), (1, 0, 0))
        m.add(mk.moved(slab, 0, y, z), c.trim)
    tube = mk.rotated(mk.frustum(0.5, 0.4, 4.6, 10), 40, (1, 0, 0))
    m.add(mk.moved(tube, 0, dome_y + 0.6, -0.5), c.accent)
    ring = mk.rotated(mk.moved(mk.cylinder(0.6, 0.3, 10), 0, 4.3, 0), 40, (1, 0, 0))
    m.add(mk.moved(ring, 0, dome_y + 0.6, -0.5), shade(c.accent, 0.75))
    # annex with a small second dome
    block(m, c.wall, 2.6, 2.6, 2.6, 3.6, top, 2.2)
    m.add(mk.moved(dome(1.2, 1.1, 12, 3), 3.6, top + 2.6, 2.2), c.roof)


def _customs_house(m: Model, c: Colours, rng) -> None:
    """Brick and stone customs house on a quay: arched windows, clock cupola over the entrance, stacked crates."""
    _water(m, 12, 12)
    block(m, STONE, 12, 1.1, 8.6, 0, 0, -1.7)                          # quay
    block(m, c.wall, 9.6, 5.0, 4.4, 0, 1.1, -3.4)
    block(m, c.trim, 9.8, 0.8, 4.6, 0, 1.1, -3.4)
    for x in np.linspace(-4.0, 4.0, 6):
        if abs(x) < 1.0:
            continue
        arched_window(m, float(x), 2.2, -1.2, 0.7, 1.5)
        arched_window(m, float(x), 4.1, -1.2, 0.6, 1.3)
    window_grid(m, 0, -3.4, 9.6, 4.4, 1.5, 2, 2.0, 0, 2, 0.6, 1.1, sides=("+x", "-x"))
    block(m, c.trim, 10.0, 0.4, 4.8, 0, 6.1, -3.4)
    hip_roof(m, c.roof, 10.0, 4.8, 1.4, 0, 6.5, -3.4)
    # central stone frontispiece with portico
    block(m, c.trim, 3.0, 5.4, 0.6, 0, 1.1, -1.0)
    colonnade_xs(m, c.trim, -1.5, 1.5, 4, -0.5, 1.1, 4.0, 0.24)
    block(m, c.trim, 4.0, 0.4, 1.4, 0, 5.1, -0.8)
    pediment(m, c.trim, 4.0, 1.0, 1.4, 0, 5.5, -0.8)
    _door(m, 0, 1.1, -0.68, 1.0, 2.2, colour=c.accent)
    # clock cupola above the entrance
    block(m, c.trim, 2.0, 1.8, 2.0, 0, 7.6, -3.0)
    clock_face(m, 0, 8.5, -1.98, 0.6)
    m.add(mk.moved(dome(1.1, 1.2, 10, 3), 0, 9.4, -3.0), c.roof)
    m.add(mk.moved(mk.cone(0.1, 0.8, 6), 0, 10.6, -3.0), c.accent)
    for x in (-4.6, 4.6):
        flag(m, c.roof, x, -0.9, 1.1, pole_h=4.0, size=0.9)
    for x, z, y, s in ((-2.8, 0.8, 1.1, 0.8), (-3.6, 1.2, 1.1, 0.7), (-3.1, 1.0, 1.9, 0.6), (2.6, 1.0, 1.1, 0.8),
                       (3.4, 0.9, 1.1, 0.7)):
        crate(m, x, z, y, s)
    for x in (3.6, 4.2):
        barrel(m, x, 1.8, 1.1)
    for x in np.linspace(-5.0, 5.0, 5):
        m.add(mk.moved(mk.cylinder(0.15, 0.4, 6), float(x), 1.3, 2.3), IRON)
    _boat(m, c, 0.8, 4.4, 0.15, length=4.6, sail=False, yaw=0)


def _seaport(m: Model, c: Colours, rng) -> None:
    """Stone quay with steel cargo cranes, brick warehouse, stacked barrels and crates, a docked steamship."""
    water = c.extra
    _water(m, 12, 12, colour=water)
    block(m, mix(STONE, c.wall, 0.2), 12, 1.0, 6.4, 0, 0, -2.8)
    block(m, c.wall, 5.0, 3.4, 3.0, -3.2, 1.0, -4.2)                    # brick warehouse
    gable_roof(m, c.roof, 5.4, 3.4, 1.4, -3.2, 4.4, -4.2)
    for x in (-4.4, -2.0):
        arched_window(m, x, 1.0, -2.68, 1.4, 2.4, colour=shade(c.wall, 0.5))
    window_grid(m, -3.2, -4.2, 5.0, 3.0, 3.0, 1, 1.2, 4, 0, 0.4, 0.6, sides=("+z",))
    # cargo: barrels stacked in pyramids, crates in piles
    for layer, n in enumerate((4, 3)):
        for i in range(n):
            barrel(m, 1.3 + (i - (n - 1) / 2) * 0.7, -4.8, 1.0 + layer * 0.7, 0.33, 0.7, WOOD)
            barrel(m, 1.3 + (i - (n - 1) / 2) * 0.7, -4.1, 1.0 + layer * 0.7, 0.33, 0.7, WOOD)
    for k, (x, z, y) in enumerate(((3.6, -4.6, 1.0), (4.5, -4.6, 1.0), (4.0, -4.6, 1.9), (4.0, -3.4, 1.0))):
        crate(m, x, z, y, 0.9, yaw=6 * k)
    # steel cranes on the quay edge, jibs out over the water
    for gx, jib in ((-0.6, 5.5), (3.8, 4.5)):
        for sx in (-0.6, 0.6):
            for gz in (-1.2, 0.0):
                m.add(mk.beam((gx + sx, 1.0, gz), (gx + sx * 0.5, 5.8, gz - 0.1), 0.22), c.accent)
        block(m, c.accent, 1.4, 1.2, 1.4, gx, 5.8, -0.6)
        block(m, shade(c.accent, 0.7), 0.8, 0.8, 0.9, gx, 7.0, -0.6)
        m.add(mk.beam((gx, 6.4, -0.6), (gx, 8.6 + 0.2 * jib, -0.6 + jib), 0.3), c.accent)
        m.add(mk.beam((gx, 7.8, -0.6), (gx, 8.6 + 0.2 * jib, -0.6 + jib), 0.08), IRON)
        m.add(mk.beam((gx, 8.6 + 0.2 * jib, -0.6 + jib), (gx, 4.2, -0.6 + jib), 0.05), IRON)
    crate(m, -0.6, 4.9, 3.5, 0.8)
    # steamship moored along the quay
    sz = 3.3
    hull_pts = []
    for x, w, lift in ((-5.4, 0.4, 0.5), (-4.6, 1.0, 0.1), (3.6, 1.0, 0.1), (5.6, 0.1, 0.7)):
        hull_pts += [(x, lift, sz - w * 0.9), (x, lift, sz + w * 0.9), (x, 1.9, sz - w * 1.2), (x, 1.9, sz + w * 1.2)]
    m.add(hull(hull_pts), IRON)
    block(m, RED, 10.4, 0.3, 2.3, 0, 0.25, sz)
    block(m, WHITE, 3.0, 1.4, 1.8, -2.4, 1.9, sz)
    window_grid(m, -2.4, sz, 3.0, 1.8, 1.9, 1, 1.4, 4, 0, 0.35, 0.35, sides=("+z",))
    m.add(mk.moved(mk.cylinder(0.45, 2.2, 10), -0.4, 4.0, sz), c.roof)
    block(m, c.wall, 0.95, 0.4, 0.95, -0.4, 4.6, sz)
    for k, s in enumerate((0.55, 0.7, 0.85)):
        m.add(mk.moved(mk.sphere(s, 1), -0.4 - 0.5 * k, 5.8 + 0.9 * k, sz - 0.2 * k), SMOKE)
    for x in (-4.2, 3.0):
        m.add(mk.moved(mk.cylinder(0.1, 3.6, 6), x, 3.7, sz), DARK_WOOD)
    block(m, WOOD, 2.4, 0.6, 1.4, 1.6, 1.9, sz)


def _stock_exchange(m: Model, c: Colours, rng) -> None:
    """Beaux-Arts exchange: six colossal Corinthian columns, sculpted pediment, tall bronze doors, flag on the roof."""
    top = steps(m, shade(c.trim, 0.9), 12.0, 11.0, count=3, step_h=0.3, inset=0.3)
    block(m, c.wall, 11.0, 8.0, 7.2, 0, top, -1.4)
    block(m, shade(c.wall, 0.9), 11.2, 1.2, 7.4, 0, top, -1.4)
    window_grid(m, 0, -1.4, 11.0, 7.2, top + 1.6, 2, 3.0, 0, 3, 0.8, 1.8, sides=("+x", "-x"))
    col_h = 7.4
    colonnade_xs(m, c.trim, -4.1, 4.1, 6, 2.8, top, col_h, 0.45, 10)
    for x in np.linspace(-4.1, 4.1, 6):                               # Corinthian capitals: flared and gilt
        m.add(mk.moved(mk.frustum(0.42, 0.65, 0.5, 8), float(x), top + col_h - 0.5, 2.8), c.accent)
    for x in (-5.2, 5.2):
        block(m, c.wall, 1.0, col_h, 1.6, x, top, 2.8)
    block(m, c.trim, 11.2, 1.0, 8.6, 0, top + col_h, -0.6)
    pediment(m, c.trim, 11.0, 2.2, 1.8, 0, top + col_h + 1.0, 2.7)
    for k, x in enumerate((-2.6, -1.2, 0.0, 1.2, 2.6)):                 # sculpture group in the tympanum
        person_statue(m, shade(c.trim, 0.85), x, 3.62, top + col_h + 1.0, 0.9 + 0.6 * (1 - abs(x) / 3), arm_up=k == 2)
    block(m, c.wall, 10.6, 1.4, 5.4, 0, top + col_h + 1.0, -2.5)         # attic storey
    block(m, c.trim, 10.8, 0.2, 5.6, 0, top + col_h + 2.4, -2.5)
    for x in np.linspace(-2.5, 2.5, 3):
        window(m, float(x), top + 2.2, 2.22, 1.2, 4.0, colour=c.accent)   # tall bronze doors
        window(m, float(x), top + 5.0, 2.22, 1.0, 1.4, colour=OPENING)
    flag(m, c.roof, 0, -2.5, top + col_h + 2.6, pole_h=3.2, size=1.2, pole_colour=c.trim)


def _research_lab(m: Model, c: Colours, rng) -> None:
    """Modern lab of glass and white concrete: flat roofs with dishes and an antenna mast, a small domed observatory."""
    _pad(m, mix(STONE, WHITE, 0.4), 12, 12)
    wall = c.wall
    block(m, wall, 9.0, 4.4, 5.6, -1.0, 0.2, -1.8)
    for y in (1.0, 2.6):                                                  # ribbon windows
        block(m, c.accent, 9.04, 0.9, 5.64, -1.0, 0.2 + y, -1.8)
    block(m, c.trim, 9.2, 0.25, 5.8, -1.0, 4.6, -1.8)
    # round glass tower at the front corner
    m.add(mk.moved(mk.cylinder(1.8, 7.0, 16), 3.2, 3.7, 2.0), c.accent)
    for y in (2.2, 4.4, 6.6):
        m.add(mk.moved(mk.cylinder(1.85, 0.2, 16), 3.2, y, 2.0), wall)
    m.add(mk.moved(mk.cylinder(1.9, 0.35, 16), 3.2, 7.3, 2.0), c.trim)
    # small observatory dome on the tower
    m.add(mk.moved(dome(1.4, 1.3, 12, 3), 3.2, 7.45, 2.0), WHITE)
    block(m, c.roof, 0.35, 1.2, 0.1, 3.2, 7.9, 3.2)
    # roof: dish, mast, solar panels, plant
    _dish(m, WHITE, -3.6, -2.2, 4.85, 2.0, tilt=-40, yaw=20)
    _dish(m, WHITE, 0.4, -3.8, 4.85, 0.9, tilt=-30, yaw=-30)
    _lattice_mast(m, c.trim, 1.8, -1.4, 4.85, 6.0, 0.8, 0.2, 6)
    for k in range(3):
        panel = mk.rotated(mk.box(2.2, 0.08, 1.1), 25, (1, 0, 0))
        m.add(mk.moved(panel, -1.6, 5.4, -0.4 + 1.3 * k - 1.3), c.roof)
    block(m, METAL, 1.4, 0.9, 1.0, 2.3, 4.85, -3.4)
    # entrance canopy and a low annex
    block(m, c.trim, 3.0, 0.2, 1.6, -2.0, 2.6, 1.6)
    window(m, -2.0, 1.3, 1.0, 1.6, 2.2, colour=c.accent)
    block(m, wall, 3.4, 2.2, 2.6, -3.8, 0.2, 3.6)
    block(m, c.accent, 3.44, 0.8, 2.64, -3.8, 1.0, 3.6)
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
