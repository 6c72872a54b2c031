"""Procedural world wonders: one low-poly builder per catalog `shape`.

Same contract as buildings.py, at wonder scale (catalog bounds 40 × 40 × 45 m):
each builder models its landmark at about that size from closed parts, then
`fill_bounds` scales it to touch the bounds box, stands it on the ground and
centres it. Colours: the palette by role (ROLES says which role each catalog
entry plays) plus fixed neutrals; randomness only from `rng_for(spec)`.
"""
from __future__ import annotations

import math

import numpy as np

from . import meshkit as mk
from .architecture import (
    build_shape,
    DARK_WOOD, EARTH, FLAME, FOLIAGE, GOLD, GRASS, IRON, LIT, OPENING, ROCK, SAND, SMOKE, STONE, WHITE, Colours,
    arch_spandrel, arched_window, block, clock_face, colonnade_xs, colonnade_zs, column, crenellations,
    curved_roof, dome, gable_roof, hip_roof, hull, lathe, lathe_loop, loft, pediment,
    person_statue, place, pointed_window, rect_ring, rough_stone, steps, tree, window, window_grid,
)
from .common import mix, shade

Model = mk.Model

# Role of each palette entry, in catalog order (see buildings.ROLES).
ROLES = {
    "great_library": ("trim", "wall", "accent", "extra"),
    "pyramids": ("base", "wall", "trim", "accent"),
    "stonehenge": ("base", "wall", "trim", "accent"),
    "oracle": ("trim", "wall", "roof", "accent"),
    "colosseum": ("base", "wall", "trim", "accent"),
    "petra": ("base", "wall", "trim", "accent"),
    "notre_dame": ("wall", "trim", "roof", "accent"),
    "forbidden_palace": ("wall", "roof", "trim", "accent"),
    "sistine_chapel": ("wall", "trim", "accent", "extra"),
    "big_ben": ("wall", "trim", "roof", "accent"),
    "statue_of_liberty": ("wall", "trim", "base", "accent"),
    "eiffel_tower": ("base", "wall", "trim", "accent"),
}


def generate(spec: dict) -> bytes:
    return build(spec).to_glb(int(spec.get("budget", 20000)))


def build(spec: dict) -> Model:
    """The fitted model (exposed for tests and previews)."""
    return build_shape(spec, BUILDERS, ROLES, "wonder")


# --- shared pieces -------------------------------------------------------------

def _pad(m: Model, colour, width=40.0, depth=40.0, height=0.3):
    block(m, colour, width, height, depth)
    return height


def _pointed_arch(m, x, y, z, width, height, facing_z=1.0, colour=OPENING, depth=0.3):
    """Gothic opening: a rectangle with a pointed (triangular) head; (x, y, z) is the sill centre."""
    head = width * 0.75
    block(m, colour, width, height - head, depth, x, y, z)
    tri = mk.rotated(mk.wedge(depth, head, width), 90)
    m.add(mk.moved(tri, x, y + height - head, z), colour)


def _rose_window(m, c: Colours, x, y, z, radius, yaw=0.0):
    """Round tracery window: stone ring, coloured glass, radial mullions."""
    parts = [(mk.rotated(mk.cylinder(radius, 0.3, 16), 90, (1, 0, 0)), c.trim),
             (mk.moved(mk.rotated(mk.cylinder(radius * 0.85, 0.3, 16), 90, (1, 0, 0)), 0, 0, 0.08), c.accent),
             (mk.moved(mk.rotated(mk.cylinder(radius * 0.25, 0.3, 10), 90, (1, 0, 0)), 0, 0, 0.16), c.trim)]
    for k in range(6):
        bar = mk.rotated(mk.box(radius * 1.7, radius * 0.07, 0.2), 30 * k, (0, 0, 1))
        parts.append((mk.moved(bar, 0, 0, 0.14), c.trim))
    for mesh, colour in parts:
        m.add(place(mesh, x, y, z, yaw), colour)


def _palm(m, x, z, height, y=0.0):
    m.add(mk.beam((x, y, z), (x + 0.4, y + height, z), 0.35), DARK_WOOD)
    for k in range(6):
        a = 2 * math.pi * k / 6
        m.add(mk.beam((x + 0.4, y + height, z), (x + 0.4 + 2.0 * math.cos(a), y + height - 0.9, z + 2.0 * math.sin(a)),
                      0.25), FOLIAGE)


def _ellipse(a, b, t):
    return np.array([a * math.cos(t), b * math.sin(t)])


# --- builders --------------------------------------------------------------------

def _great_library(m: Model, c: Colours, rng) -> None:
    """Colonnaded hall on a stepped podium, double portico and pediment, stoas round a forecourt."""
    _pad(m, mix(STONE, SAND, 0.4))
    top = steps(m, c.trim, 30.0, 24.0, count=4, step_h=0.5, inset=0.6, z=-6.0)
    zc, hx, hz = -6.0, 13.0, 9.4
    block(m, c.wall, 20.0, 10.0, 13.0, 0, top, zc - 0.8)                          # cella
    arched_window(m, 0, top, zc - 0.8 + 6.5, 3.0, 6.5, colour=c.accent)              # bronze doors
    col_h, r = 10.0, 0.62
    colonnade_xs(m, c.trim, -hx, hx, 10, zc + hz, top, col_h, r, 10)
    colonnade_xs(m, c.trim, -hx * 0.78, hx * 0.78, 8, zc + hz - 2.4, top, col_h, r, 10)
    colonnade_xs(m, c.trim, -hx, hx, 10, zc - hz, top, col_h, r, 10)
    colonnade_zs(m, c.trim, zc - hz + 2.1, zc + hz - 2.1, 6, -hx, top, col_h, r, 10)
    colonnade_zs(m, c.trim, zc - hz + 2.1, zc + hz - 2.1, 6, hx, top, col_h, r, 10)
    ey = top + col_h
    block(m, c.trim, 2 * hx + 2.0, 1.3, 2 * hz + 2.0, 0, ey, zc)
    block(m, c.extra, 2 * hx + 2.2, 0.8, 2 * hz + 2.2, 0, ey + 1.3, zc)           # painted frieze
    gable_roof(m, c.roof, 2 * hx + 2.6, 2 * hz + 2.6, 4.2, 0, ey + 2.1, zc, ridge="z")
    for z in (zc + hz + 1.32, zc - hz - 1.32):
        pediment(m, c.trim, 2 * hx + 1.6, 3.7, 0.2, 0, ey + 2.2, z)
    for sx in (-1, 0, 1):
        m.add(mk.moved(mk.sphere(0.6, 1), sx * (hx + 0.8), ey + (6.6 if sx == 0 else 2.5), zc + hz + 1.2), c.accent)
    # stoas: long porticoes either side of the forecourt
    for sx in (-1, 1):
        x = sx * 16.5
        block(m, c.trim, 5.0, 0.8, 22.0, x, 0.3, 8.0)
        block(m, c.wall, 1.2, 6.0, 22.0, x + sx * 1.8, 1.1, 8.0)
        colonnade_zs(m, c.trim, -2.0, 18.0, 8, x - sx * 1.6, 1.1, 6.0, 0.35, 8)
        hip_roof(m, c.roof, 5.4, 22.6, 2.2, x, 7.1, 8.0)
        block(m, c.trim, 5.0, 0.5, 22.2, x, 6.7, 8.0)
    # forecourt statue and a pair of obelisks
    block(m, c.trim, 2.4, 2.4, 2.4, 0, 0.3, 12.5)
    person_statue(m, c.accent, 0, 12.5, 2.7, 4.2, arm_up=True)
    for x in (-5.5, 5.5):
        block(m, c.trim, 1.6, 1.0, 1.6, x, 0.3, 15.5)
        m.add(loft([rect_ring(1.1, 1.1, 1.3, x, 15.5), rect_ring(0.7, 0.7, 8.5, x, 15.5)]), c.wall)
        m.add(mk.moved(mk.pyramid(0.7, 0.7, 0.7), x, 8.5, 15.5), c.accent)
    for x in (-9.0, 9.0):
        _palm(m, x, 17.0, 6.5, 0.3)


def _pyramids(m: Model, c: Colours, rng) -> None:
    """Three great pyramids on a diagonal, stepped queens' pyramids, mastabas and the sphinx."""
    ground = mix(SAND, c.base, 0.4)
    _pad(m, ground)
    stone = c.wall

    def great(x, z, base, height, cap):
        block(m, c.base, base + 0.8, 0.5, base + 0.8, x, 0.3, z)
        m.add(mk.moved(mk.pyramid(base, base, height), x, 0.8, z), stone)
        if cap:  # polished capstone follows the same slope, a hair larger so it shows
            k = 0.1
            m.add(mk.moved(mk.pyramid(base * k * 1.04, base * k * 1.04, height * k * 1.02), x, 0.8 + height * (1 - k), z),
                  c.accent)

    great(-8.5, -8.5, 20.0, 13.5, True)
    great(5.5, 3.0, 17.0, 12.2, True)
    great(13.5, 13.5, 9.0, 6.2, False)

    def stepped(x, z, base, tiers, tier_h):
        for k in range(tiers):
            w = base * (1 - k / tiers)
            block(m, shade(c.trim, 0.95 - 0.03 * k), w, tier_h, w, x, 0.3 + k * tier_h, z)

    for k, z in enumerate((-15.0, -10.2, -5.4)):
        stepped(5.0, z, 4.0, 4, 0.8)
    for i in range(3):                                   # mastaba tombs west of the great pyramid
        for j in range(2):
            block(m, shade(stone, 0.9), 3.4, 1.2, 2.0, -17.0 + j * 4.2, 0.3, 5.0 + i * 3.2)
    # causeway and sphinx guarding the front
    block(m, shade(stone, 0.9), 1.4, 0.3, 10.0, -1.0, 0.3, 12.5)
    sx, sz = -4.5, 15.0
    sph = mix(stone, SAND, 0.4)
    block(m, sph, 2.4, 2.2, 6.0, sx, 0.3, sz - 1.0)
    for px in (-0.7, 0.7):
        block(m, sph, 0.7, 0.6, 2.6, sx + px, 0.3, sz + 3.0)
    block(m, sph, 1.8, 2.2, 1.8, sx, 2.2, sz + 1.6)
    m.add(mk.moved(hull([(-1.3, 0, -0.6), (1.3, 0, -0.6), (-1.3, 0, 0.6), (1.3, 0, 0.6), (-0.8, 1.6, 0), (0.8, 1.6, 0)]),
                   sx, 3.2, sz + 1.4), c.accent)
    for x, z in ((-12.0, 16.0), (-14.0, 13.5), (9.0, 16.5)):
        _palm(m, x, z, 5.0 + rng.uniform(-0.5, 0.5), 0.3)


def _stonehenge(m: Model, c: Colours, rng) -> None:
    """Sarsen circle with continuous lintels, inner horseshoe of trilithons, bluestones, bank and heel stone."""
    grass = c.accent
    m.add(mk.moved(mk.cylinder(19.8, 0.3, 32), 0, 0.15, 0), grass)
    m.add(lathe_loop([(17.6, 0.3), (19.4, 0.3), (18.8, 1.2), (18.1, 1.2)], 32), shade(grass, 0.85))

    def stone_colour():   # each sarsen a little different, between the palette's greys
        return mix(c.base, c.trim, rng.uniform(0.15, 0.75))

    def upright(x, z, w, h, d, yaw, lean=0.0):
        mesh = rough_stone(rng, w, h, d, 0.1)
        if lean:
            mk.rotated(mesh, lean, (1, 0, 0))
        m.add(place(mesh, x, 0.2, z, yaw), stone_colour())

    # outer sarsen circle: 30 uprights, lintels ride on neighbouring pairs; a few have fallen
    n, r = 30, 12.0
    missing = set(int(i) for i in rng.choice(np.arange(n), size=6, replace=False) if not 20 <= i <= 25)
    h = 5.2
    for k in range(n):
        a = 2 * math.pi * k / n
        if k in missing:
            lying = rough_stone(rng, 1.1, 2.0, 5.0, 0.1)
            m.add(place(lying, (r + 2.0) * math.cos(a), 0.2, (r + 2.0) * math.sin(a), -math.degrees(a) + 20), stone_colour())
            continue
        upright(r * math.cos(a), r * math.sin(a), 2.1, h, 1.1, -math.degrees(a) + 90)
        j = (k + 1) % n
        if j not in missing and rng.uniform() > 0.2:
            b = 2 * math.pi * j / n
            mid = (a + b) / 2
            chord = 2 * r * math.sin(math.pi / n)
            lintel = rough_stone(rng, chord + 0.9, 0.9, 1.1, 0.06)
            m.add(place(lintel, r * math.cos(mid), 0.2 + h, r * math.sin(mid), -math.degrees(mid) + 90), stone_colour())
    # bluestone circle
    for k in range(26):
        if rng.uniform() < 0.25:
            continue
        a = 2 * math.pi * (k + 0.5) / 26
        upright(9.4 * math.cos(a), 9.4 * math.sin(a), 0.9, 2.2 + rng.uniform(-0.3, 0.3), 0.6, -math.degrees(a) + 90)
    # horseshoe of five great trilithons opening to the front (+Z), tallest at the back
    for a_deg, rad, th in ((270, 6.4, 7.6), (225, 6.8, 6.8), (315, 6.8, 6.8), (185, 7.2, 6.0), (355, 7.2, 6.0)):
        a = math.radians(a_deg)
        cx, cz = rad * math.cos(a), rad * math.sin(a)
        tx, tz = -math.sin(a), math.cos(a)      # tangent
        for s in (-1, 1):
            upright(cx + s * 1.25 * tx, cz + s * 1.25 * tz, 1.9, th, 1.3, -math.degrees(a) + 90)
        lintel = rough_stone(rng, 5.0, 1.1, 1.3, 0.06)
        m.add(place(lintel, cx, 0.2 + th, cz, -math.degrees(a) + 90), stone_colour())
    # inner bluestone horseshoe, altar stone, heel stone outside the entrance
    for a_deg in range(160, 390, 22):
        a = math.radians(a_deg)
        upright(4.4 * math.cos(a), 4.4 * math.sin(a), 0.7, 2.0, 0.5, -a_deg + 90)
    m.add(place(rough_stone(rng, 4.5, 0.6, 1.2, 0.08), 0, 0.2, -2.5), stone_colour())
    upright(2.0, 16.2, 2.0, 4.8, 1.8, 10, lean=-8)


def _oracle(m: Model, c: Colours, rng) -> None:
    """Round tholos on the top of a rocky hill, a stair up the slope, tripod and vapours, laurels."""
    hill = mix(GRASS, ROCK, 0.45)
    profile = [(19.6, 0.0), (18.5, 2.5), (15.5, 6.0), (12.0, 9.0), (9.8, 10.8), (9.0, 11.2), (0.0, 11.2)]
    m.add(lathe(profile, 18, phase=rng.uniform(0, 0.3)), hill)
    for k in range(7):                                           # rocky outcrops on the slope
        a = rng.uniform(0, 2 * math.pi)
        if abs(a - math.pi / 2) < 0.5:
            continue
        rr = rng.uniform(12.0, 16.0)
        y = float(np.interp(-rr, [-p[0] for p in profile], [p[1] for p in profile]))
        m.add(mk.moved(rough_stone(rng, 3.0, 2.2, 2.4, 0.3), rr * math.cos(a), y - 0.8, rr * math.sin(a)), ROCK)
    # stair up the front slope to the sanctuary
    radii = [p[0] for p in profile][::-1]
    heights = [p[1] for p in profile][::-1]
    for k in range(16):
        zz = 9.6 + k * 0.62
        y = float(np.interp(zz, radii, heights))
        block(m, c.trim, 3.0, max(y, 0.1) + 0.3, 0.7, 0, 0, zz)
    top = 11.2
    # tholos: three round steps, ring of columns, cella drum, conical roof
    for k, (rad, hh) in enumerate(((7.0, 0.45), (6.5, 0.45), (6.0, 0.45))):
        m.add(mk.moved(mk.cylinder(rad, hh, 24), 0, top + hh * (k + 0.5), 0), c.trim)
    base = top + 1.35
    col_h = 7.0
    count = 14
    for k in range(count):
        a = 2 * math.pi * (k + 0.5) / count
        column(m, c.trim, 5.2 * math.cos(a), 5.2 * math.sin(a), base, col_h, 0.38, 8)
    m.add(mk.moved(mk.cylinder(3.8, col_h, 16), 0, base + col_h / 2, 0), c.wall)
    arched_window(m, 0, base, 3.8, 1.8, 4.4)
    m.add(mk.moved(lathe_loop([(3.5, 0.0), (5.9, 0.0), (5.9, 1.2), (3.5, 1.2)], 24), 0, base + col_h, 0), c.trim)
    m.add(mk.moved(lathe_loop([(3.5, 0.0), (6.0, 0.0), (6.0, 0.45), (3.5, 0.45)], 24), 0, base + col_h + 1.2, 0),
          shade(c.trim, 0.9))
    m.add(mk.moved(mk.cone(6.4, 2.6, 20), 0, base + col_h + 1.65, 0), c.roof)
    m.add(mk.moved(mk.cylinder(2.0, 1.6, 12), 0, base + col_h + 2.4, 0), c.wall)   # raised inner drum
    m.add(mk.moved(mk.cone(2.5, 1.6, 12), 0, base + col_h + 3.2, 0), c.roof)
    m.add(mk.moved(mk.sphere(0.45, 1), 0, base + col_h + 5.0, 0), c.accent)
    # bronze tripod with a flame and rising vapours in front of the door
    tx, tz = 0.0, 7.2
    for k in range(3):
        a = 2 * math.pi * k / 3
        m.add(mk.beam((tx + 0.9 * math.cos(a), top, tz + 0.9 * math.sin(a)), (tx, top + 2.2, tz), 0.14), c.accent)
    m.add(mk.moved(mk.frustum(0.3, 0.75, 0.5, 10), tx, top + 2.1, tz), c.accent)
    m.add(mk.moved(mk.cone(0.5, 1.0, 8), tx, top + 2.6, tz), FLAME)
    for k, s in enumerate((0.6, 0.8, 1.0)):
        m.add(mk.moved(mk.sphere(s, 1), tx + 0.4 * k, top + 4.0 + 1.3 * k, tz - 0.3 * k), mix(SMOKE, WHITE, 0.4))
    for a_deg in (20, 60, 130, 160, 210, 330):
        a = math.radians(a_deg)
        rr = 8.0
        tree(m, rr * math.cos(a), rr * math.sin(a), 3.6 + rng.uniform(-0.4, 0.4), FOLIAGE, y=top, kind="cone")


def _colosseum(m: Model, c: Colours, rng) -> None:
    """Elliptical amphitheatre: three arcaded tiers and an attic, partly broken away, seats and arena inside."""
    _pad(m, mix(STONE, EARTH, 0.4))
    A, B, n = 19.3, 16.0, 32
    tiers = [(0.3, 5.2, 2.4), (8.6, 4.4, 2.2), (15.9, 4.2, 2.0)]   # (base y, pier height, spandrel top)
    attic_y, attic_h = 22.8, 4.0
    depth, pier_w = 2.0, 1.3
    # front-right stretch has lost its upper storeys; the ends step down so the break looks ragged
    broken_top = {4, 5, 6, 7, 8, 9, 10, 11}
    broken_attic = broken_top | {3, 12}
    for k in range(n):
        t0, t1 = 2 * math.pi * k / n, 2 * math.pi * (k + 1) / n
        p0, p1 = _ellipse(A, B, t0), _ellipse(A, B, t1)
        d = p1 - p0
        length = float(np.linalg.norm(d))
        yaw = -math.degrees(math.atan2(d[1], d[0]))
        mid = (p0 + p1) / 2

        def put(mesh, colour, x=0.0, y=0.0):
            m.add(place(mk.moved(mesh, x, y, 0), float(mid[0]), 0, float(mid[1]), yaw), colour)

        for level, (y0, ph, top) in enumerate(tiers):
            if level == 2 and k in broken_top:
                continue
            put(mk.box(pier_w, ph + top, depth), c.wall, -length / 2, y0 + (ph + top) / 2)
            put(mk.box(0.45, ph + top, 0.5), shade(c.wall, 1.08), -length / 2, y0 + (ph + top) / 2)  # pilaster
            put(mk.moved(arch_spandrel(length - pier_w, top, depth, 5), 0, 0, 0), c.wall, 0, y0 + ph)
            put(mk.box(length + 0.1, 0.5, depth + 0.5), c.trim, 0, y0 + ph + top + 0.25)         # cornice
        if k not in broken_attic:
            put(mk.box(length + 0.05, attic_h, depth), c.wall, 0, attic_y + attic_h / 2)
            put(mk.box(0.9, 1.0, depth + 0.1), OPENING, 0, attic_y + 1.8)
            put(mk.box(length + 0.2, 0.5, depth + 0.4), c.trim, 0, attic_y + attic_h)
    # seating: stepped elliptical rings inside the wall, arena floor with the exposed hypogeum
    for k in range(5):
        inset = 11.0 - k * 1.9
        y = 3.0 + k * 3.2
        ring = lathe_loop([(1.0 - inset / A, 0.3), (1.0 - 1.0 / A, 0.3), (1.0 - 1.0 / A, y), (1.0 - inset / A, y)], 40)
        m.add(mk.scaled(ring, A, 1.0, B), c.trim if k % 2 else c.base)
    arena_a, arena_b = A - 11.0, B - 11.0
    m.add(mk.scaled(mk.moved(mk.cylinder(1.0, 0.4, 24), 0, 0.5, 0), arena_a, 1.0, arena_b), SAND)
    for k in range(4):
        block(m, OPENING, 2 * arena_a * 0.8, 0.12, 0.5, 0, 0.7, -arena_b * 0.6 + k * arena_b * 0.4)
    block(m, OPENING, 0.5, 0.12, 2 * arena_b * 0.7, 0, 0.7, 0)


def _petra(m: Model, c: Colours, rng) -> None:
    """Al-Khazneh: a two-storey columned facade with a central tholos, carved into a rose-red cliff."""
    rock = c.wall
    carved = c.trim
    _pad(m, mix(SAND, rock, 0.4))
    # cliff: a back wall of jagged blocks, with flanks that step forward round the carved recess
    for k, x in enumerate(np.linspace(-16.0, 16.0, 6)):
        h = 36.0 + rng.uniform(-2.0, 4.0)
        m.add(mk.moved(rough_stone(rng, 8.0, h, 12.0, 0.12), float(x), 0.3, -12.5), shade(rock, rng.uniform(0.9, 1.05)))
    for sx in (-1, 1):
        for k in range(3):
            h = 28.0 - k * 8 + rng.uniform(-2, 2)
            m.add(mk.moved(rough_stone(rng, 6.0, h, 5.0, 0.15), sx * (14.0 + k * 1.5), 0.3, -6.5 + k * 3.0),
                  shade(rock, rng.uniform(0.85, 1.0)))
    for k in range(5):
        m.add(mk.moved(rough_stone(rng, 9.0, 4.0, 9.0, 0.2), rng.uniform(-16, 16), 34.0 + rng.uniform(0, 3), -12.5),
              shade(rock, 0.95))
    fz = -6.3     # facade plane
    block(m, c.base, 22.0, 36.0, 0.6, 0, 0.3, fz - 0.4)               # carved-back recess
    # lower storey: six columns, architrave, central pediment; dark doorways between
    block(m, carved, 20.0, 0.8, 4.0, 0, 0.3, fz + 2.0)
    for k in range(2):
        block(m, carved, 6.0, 0.4, 1.0, 0, 0.3 + 0.4 * k, fz + 4.5 - k * 0.6)
    col_h = 12.0
    colonnade_xs(m, carved, -8.2, 8.2, 6, fz + 2.6, 1.1, col_h, 0.75, 10)
    block(m, carved, 20.0, 13.1, 1.0, 0, 1.1, fz + 0.2)
    arched_window(m, 0, 1.1, fz + 0.75, 3.0, 7.0)
    for x in (-6.4, 6.4):
        window(m, x, 4.5, fz + 0.75, 1.6, 3.6)
    ey = 1.1 + col_h
    block(m, carved, 20.4, 1.8, 4.2, 0, ey, fz + 2.0)
    pediment(m, carved, 11.0, 3.0, 3.6, 0, ey + 1.8, fz + 2.2)
    # upper storey: tholos between two half-pediment pavilions
    uy = ey + 3.6
    block(m, carved, 20.0, 1.0, 3.0, 0, ey + 1.8, fz + 1.5)
    block(m, carved, 20.0, 12.0, 0.8, 0, uy, fz + 0.2)
    m.add(mk.moved(mk.cylinder(2.6, 9.5, 14), 0, uy + 4.75, fz + 2.8), carved)
    for k in range(6):
        a = math.pi * (0.1 + 0.8 * k / 5)
        column(m, carved, 3.1 * math.cos(a), fz + 2.8 + 3.1 * math.sin(a) * 0.9, uy, 8.6, 0.34, 8)
    m.add(mk.moved(mk.cylinder(3.4, 0.9, 14), 0, uy + 9.0, fz + 2.8), carved)
    m.add(mk.moved(mk.cone(3.3, 2.8, 14), 0, uy + 9.9, fz + 2.8), carved)
    m.add(mk.moved(lathe([(0.0, 0.0), (0.8, 0.5), (0.9, 1.4), (0.4, 2.0), (0.0, 2.3)], 10), 0, uy + 12.6, fz + 2.8),
          carved)
    arched_window(m, 0, uy + 0.6, fz + 5.35, 1.2, 3.2)
    for sx in (-1, 1):
        px = sx * 7.3
        for dx in (-1.6, 1.6):
            column(m, carved, px + dx, fz + 2.4, uy, 8.6, 0.34, 8)
        block(m, carved, 5.4, 1.2, 3.2, px, uy + 8.6, fz + 1.6)
        # broken pediment: only the outer half of the gable
        x_in, x_out = px - sx * 0.6, px + sx * 2.8
        half = hull([(x_in, 0, z) for z in (fz + 0.2, fz + 3.1)] + [(x_out, 0, z) for z in (fz + 0.2, fz + 3.1)]
                    + [(x_in, 1.8, z) for z in (fz + 0.2, fz + 3.1)])
        m.add(mk.moved(half, 0, uy + 9.8, 0), carved)
        window(m, px, uy + 3.8, fz + 0.65, 1.2, 2.8)
    for k in range(5):
        m.add(mk.moved(rough_stone(rng, 1.6, 1.0, 1.4, 0.3), rng.uniform(-15, 15), 0.3, rng.uniform(4, 16)), shade(rock, 0.9))


def _notre_dame(m: Model, c: Colours, rng) -> None:
    """Gothic cathedral: twin flat-topped towers, rose window, long nave with flying buttresses, crossing spire."""
    _pad(m, mix(STONE, SAND, 0.3))
    wall, roof = c.wall, c.roof
    z_front, z_back = 12.0, -13.0
    nave_len = z_front - z_back
    zc = (z_front + z_back) / 2
    block(m, wall, 8.0, 15.0, nave_len, 0, 0.3, zc)                              # nave
    gable_roof(m, roof, 8.8, nave_len, 6.5, 0, 15.3, zc, ridge="z")
    for sx in (-1, 1):                                                          # aisles with lean-to roofs
        block(m, shade(wall, 0.95), 4.4, 8.0, nave_len, sx * 6.2, 0.3, zc)
        m.add(hull([(sx * x, y, z) for z in (z_back, z_front) for (x, y) in ((4.0, 10.5), (8.4, 8.3), (4.0, 8.3))]), roof)
        for z in np.linspace(z_back + 2.0, z_front - 2.0, 7):
            if abs(z) < 3.5:
                continue
            _pointed_arch_side(m, sx * 8.42, 2.5, float(z), 1.2, 4.2, sx)
            _pointed_arch_side(m, sx * 4.02, 10.5, float(z), 1.2, 3.6, sx)
            # flying buttress: outer pier with pinnacle, sloping strut up to the nave wall
            px = sx * 10.4
            block(m, wall, 1.2, 11.5, 1.0, px, 0.3, float(z))
            m.add(mk.moved(mk.cone(0.6, 2.0, 6), px, 11.8, float(z)), wall)
            m.add(mk.beam((px, 11.0, float(z)), (sx * 4.2, 14.2, float(z)), 0.55), wall)
    # transept with rose windows in its ends
    block(m, wall, 25.0, 15.0, 6.0, 0, 0.3, 0.0)
    gable_roof(m, roof, 25.6, 6.8, 5.0, 0, 15.3, 0.0)
    for sx in (-1, 1):
        _rose_window(m, c, sx * 12.55, 10.5, 0.0, 2.3, yaw=sx * 90)
    # apse: half-round end of the nave with a half-cone roof
    half = [(4.0 * math.cos(t), 4.0 * math.sin(t)) for t in np.linspace(math.pi, 2 * math.pi, 9)]
    m.add(hull([(x, y, z_back + z) for x, z in half for y in (0.3, 15.3)]), wall)
    m.add(hull([(x * 1.1, 15.3, z_back + z * 1.1) for x, z in half] + [(0, 21.8, z_back)]), roof)
    ring = [(7.5 * math.cos(t), 7.5 * math.sin(t)) for t in np.linspace(math.pi, 2 * math.pi, 9)]
    m.add(hull([(x, y, z_back + z) for x, z in ring for y in (0.3, 8.3)]), shade(wall, 0.95))
    # crossing spire
    m.add(mk.moved(mk.frustum(1.5, 1.1, 3.0, 8), 0, 20.0, 0.0), roof)
    m.add(mk.moved(mk.cone(1.1, 17.0, 8), 0, 23.0, 0.0), roof)
    # west front: centre block between two towers
    fz0, fz1 = z_front - 0.5, z_front + 5.0
    fzc, fd = (fz0 + fz1) / 2, fz1 - fz0
    block(m, wall, 7.2, 21.0, fd, 0, 0.3, fzc)
    for sx in (-1, 1):
        tx = sx * 6.2
        block(m, wall, 6.8, 31.0, fd + 0.4, tx, 0.3, fzc)
        for dx in (-1.6, 1.6):
            _pointed_arch(m, tx + dx * 0.6, 22.0, fz1 + 0.25, 1.0, 7.0)
            block(m, shade(wall, 1.06), 0.6, 31.0, 0.6, tx + dx * 2.0, 0.3, fz1 + 0.1)
        for z in (fzc - 1.2, fzc + 1.2):
            _pointed_arch_side(m, tx + sx * 3.45, 22.0, z, 1.0, 7.0, sx)
        block(m, shade(wall, 0.95), 7.2, 0.6, fd + 0.8, tx, 31.3, fzc)
        crenellations(m, wall, (tx - 3.3, fz1 + 0.1), (tx + 3.3, fz1 + 0.1), 31.9, 0.3, 0.35, 0.8)
        crenellations(m, wall, (tx - 3.3, fz0 - 0.1), (tx + 3.3, fz0 - 0.1), 31.9, 0.3, 0.35, 0.8)
        _pointed_arch(m, tx, 0.3, fz1 + 0.25, 2.8, 6.5)                          # side portals
    _pointed_arch(m, 0, 0.3, fz1 + 0.25, 3.4, 7.5)                               # central portal
    for x in np.linspace(-8.6, 8.6, 18):                                       # gallery of kings
        window(m, float(x), 10.0, fz1 + 0.22, 0.5, 1.4)
    block(m, shade(wall, 0.9), 19.6, 0.5, 0.6, 0, 8.8, fz1 + 0.1)
    block(m, shade(wall, 0.9), 19.6, 0.5, 0.6, 0, 18.6, fz1 + 0.1)
    _rose_window(m, c, 0, 14.2, fz1 + 0.2, 3.3)
    colonnade_xs(m, wall, -2.8, 2.8, 6, fz1 - 0.2, 21.3, 3.0, 0.18, 6)           # open gallery between towers
    block(m, wall, 7.2, 0.5, fd, 0, 24.3, fzc)


def _pointed_arch_side(m, x, y, z, width, height, sx, colour=OPENING):
    """Pointed window on a wall facing ±X (sx gives the side)."""
    head = width * 0.75
    block(m, colour, 0.3, height - head, width, x, y, z)
    tri = mk.wedge(0.3, head, width)
    m.add(mk.moved(tri, x, y + height - head, z), colour)


def _forbidden_palace(m: Model, c: Colours, rng) -> None:
    """Hall of Supreme Harmony: triple marble terrace, red columned hall, double-eaved golden roof, gate, side halls."""
    _pad(m, mix(STONE, SAND, 0.3))
    marble = mix(c.trim, WHITE, 0.4)
    red, gold = c.wall, c.roof
    zc = -5.0
    for k, (w, d) in enumerate(((32.0, 22.0), (28.5, 18.5), (25.0, 15.0))):
        y = 0.3 + k * 1.6
        block(m, marble, w, 1.6, d, 0, y, zc)
        for x in np.linspace(-w / 2 + 0.3, w / 2 - 0.3, 16):                    # balustrade posts
            block(m, marble, 0.25, 0.7, 0.25, float(x), y + 1.6, zc + d / 2 - 0.2)
        block(m, marble, w - 0.4, 0.15, 0.2, 0, y + 2.15, zc + d / 2 - 0.2)
    top = 0.3 + 3 * 1.6
    m.add(hull([(-2.2, 0.3, 7.8), (2.2, 0.3, 7.8), (-2.2, top, zc + 7.4), (2.2, top, zc + 7.4),
                (-2.2, 0.3, zc + 7.4), (2.2, 0.3, zc + 7.4)]), marble)              # central stair ramp
    # the hall
    hw, hd, hh = 21.0, 10.5, 7.2
    block(m, red, hw, hh, hd, 0, top, zc)
    colonnade_xs(m, red, -hw / 2 + 0.4, hw / 2 - 0.4, 10, zc + hd / 2 + 0.8, top, hh, 0.38, 8)
    for x in np.linspace(-hw / 2 + 1.6, hw / 2 - 1.6, 9):
        window(m, float(x), top + 3.0, zc + hd / 2, 1.6, 5.0, colour=shade(c.accent, 0.7))
    block(m, c.accent, hw + 2.4, 0.7, hd + 2.6, 0, top + hh, zc)              # painted bracket band
    y1 = top + hh + 0.7
    m.add(loft([rect_ring(hw + 7.0, hd + 7.0, y1, 0, zc), rect_ring(hw + 1.5, hd + 1.5, y1 + 2.2, 0, zc)]), gold)
    block(m, red, hw - 1.0, 1.6, hd - 1.0, 0, y1 + 2.0, zc)
    block(m, c.accent, hw + 0.6, 0.5, hd + 0.6, 0, y1 + 3.4, zc)
    curved_roof(m, gold, hw + 6.0, hd + 6.0, 6.2, 0, y1 + 3.9, zc, flare=1.05)
    for sx in (-1, 1):
        m.add(mk.moved(mk.cone(0.55, 1.6, 6), sx * (hw + 6.0) * 0.22, y1 + 9.9, zc), gold)
    # bronze incense burners and cranes on the terrace
    for x in (-8.0, 8.0):
        m.add(mk.moved(lathe([(0.5, 0), (0.9, 0.8), (0.7, 1.6), (0.3, 1.9), (0.0, 2.4)], 8), x, top, zc + 8.0 - 0.6),
              shade(GOLD, 0.6))
    # side halls and the gate wall at the front of the courtyard
    for sx in (-1, 1):
        x = sx * 15.5
        block(m, marble, 7.0, 1.2, 12.0, x, 0.3, 9.5)
        block(m, red, 5.0, 4.2, 10.0, x, 1.5, 9.5)
        colonnade_zs(m, red, 5.0, 14.0, 5, x - sx * 2.9, 1.5, 4.2, 0.26, 6)
        curved_roof(m, gold, 6.4, 12.0, 3.0, x, 5.7, 9.5)
    block(m, red, 24.0, 3.6, 2.4, 0, 0.3, 17.6)
    for x in (-5.0, 0.0, 5.0):
        arched_window(m, x, 0.3, 18.85, 1.8 if x else 2.2, 2.8 if x else 3.2)
    block(m, c.accent, 24.4, 0.4, 2.8, 0, 3.9, 17.6)
    curved_roof(m, gold, 25.0, 4.0, 1.8, 0, 4.3, 17.6)
    for x in (-7.0, 7.0):                                                     # stone lions by the ramp
        block(m, marble, 1.0, 1.0, 1.0, x * 0.45, 0.3, 12.0)
        m.add(mk.moved(mk.sphere(0.6, 1), x * 0.45, 1.9, 12.0), shade(GOLD, 0.7))


def _sistine_chapel(m: Model, c: Colours, rng) -> None:
    """Tall plain brick chapel under a barrel roof: high arched windows, battlemented walkway, conclave chimney."""
    _pad(m, mix(STONE, SAND, 0.3))
    L, W, H = 34.0, 13.0, 19.0
    xc = 2.5
    m.add(hull([(xc + sx * (L / 2 + 0.8), 0.3, sz * (W / 2 + 0.8)) for sx in (-1, 1) for sz in (-1, 1)]
               + [(xc + sx * (L / 2 + 0.2), 3.2, sz * (W / 2 + 0.2)) for sx in (-1, 1) for sz in (-1, 1)]),
          shade(c.wall, 0.85))                                                  # battered base
    block(m, c.wall, L, H, W, xc, 0.3, 0)
    for y in (9.0, 12.0):
        block(m, c.trim, L + 0.3, 0.35, W + 0.3, xc, y, 0)
    for k in range(6):                                                          # tall arched windows
        x = xc - L / 2 + (k + 0.5) * L / 6
        for fac, z in (("+z", W / 2), ("-z", -W / 2)):
            arched_window(m, x, 12.8, z, 2.0, 5.6, fac)
            window(m, x, 6.0, z, 1.2, 1.6, fac)
        if k:
            for z in (W / 2, -W / 2):
                block(m, shade(c.wall, 0.93), 0.9, H, 0.6, x - L / 12, 0.3, z)       # pilasters
    for sx in (-1, 1):
        arched_window(m, xc + sx * L / 2, 12.8, 0, 2.0, 5.6, "+x" if sx > 0 else "-x")
    # parapet walkway with merlons, then the barrel roof
    top = 0.3 + H
    block(m, c.trim, L + 0.8, 0.6, W + 0.8, xc, top, 0)
    for a, b in (((xc - L / 2, W / 2 + 0.2), (xc + L / 2, W / 2 + 0.2)), ((xc - L / 2, -W / 2 - 0.2), (xc + L / 2, -W / 2 - 0.2))):
        crenellations(m, c.wall, a, b, top + 0.6, 0.5, 0.6, 0.9)
    arc = [(W / 2 * math.cos(t), 3.6 * math.sin(t)) for t in np.linspace(0, math.pi, 11)]
    m.add(hull([(xc + sx * (L / 2 - 0.3), top + 0.6 + y, z) for sx in (-1, 1) for z, y in arc]), c.roof)
    m.add(mk.moved(mk.box(0.2, 2.2, 0.2), xc + L / 2 - 0.6, top + 4.2 + 1.1, 0), c.extra)    # cross on the end
    m.add(mk.moved(mk.box(0.2, 0.2, 1.2), xc + L / 2 - 0.6, top + 4.2 + 1.5, 0), c.extra)
    # conclave chimney with white smoke
    m.add(mk.moved(mk.cylinder(0.35, 3.0, 8), xc + 6.0, top + 4.6, -1.2), IRON)
    for k, s in enumerate((0.8, 1.1, 1.4)):
        m.add(mk.moved(mk.sphere(s, 1), xc + 6.0 + 0.9 * k, top + 7.0 + 1.6 * k, -1.2 - 0.3 * k), WHITE)
    # lower palace wing against the west end, entrance stair
    block(m, mix(c.wall, c.trim, 0.3), 7.0, 12.0, 15.0, xc - L / 2 - 3.5, 0.3, -0.5)
    hip_roof(m, c.roof, 7.6, 15.6, 2.6, xc - L / 2 - 3.5, 12.3, -0.5)
    window_grid(m, xc - L / 2 - 3.5, -0.5, 7.0, 15.0, 0.8, 3, 3.5, 2, 0, 0.8, 1.5, sides=("+z",))
    for k in range(5):
        block(m, c.trim, 4.0, 0.3 * (k + 1), 0.7, xc - L / 2 - 3.5, 0.3, 9.2 - k * 0.7)
    arched_window(m, xc - L / 2 - 3.5, 1.8, 7.0, 1.8, 3.0)
    # Renaissance dome rising behind the courtyard (drum, ribbed dome, lantern)
    dx, dz = xc - L / 2 - 3.5, -5.0
    dome_colour = mix(c.accent, STONE, 0.55)
    m.add(mk.moved(mk.cylinder(3.6, 3.4, 16), dx, 14.0 + 1.7, dz), c.trim)
    for k in range(8):
        a = 2 * math.pi * (k + 0.5) / 8
        window(m, dx + 3.6 * math.cos(a), 15.6, dz + 3.6 * math.sin(a), 0.7, 1.6, "+z")
    m.add(mk.moved(dome(3.8, 4.4, 16, 5), dx, 17.4, dz), dome_colour)
    m.add(mk.moved(mk.cylinder(0.7, 1.4, 8), dx, 22.4, dz), c.trim)
    m.add(mk.moved(mk.cone(0.8, 1.2, 8), dx, 23.1, dz), dome_colour)
    m.add(mk.moved(mk.box(0.15, 1.0, 0.15), dx, 24.7, dz), c.extra)


def _big_ben(m: Model, c: Colours, rng) -> None:
    """Gothic clock tower: panelled shaft, four clock faces, belfry, steep spired roof, with a palace wing."""
    _pad(m, mix(STONE, GRASS, 0.2), 30.0, 16.0)
    wall, trim = c.wall, c.trim
    s = 7.0
    block(m, shade(wall, 0.9), s + 1.2, 1.5, s + 1.2, 0, 0.3)
    block(m, wall, s, 26.0, s, 0, 1.8)
    for face in range(4):                                                        # vertical panel ribs
        for u in (-2.4, -0.8, 0.8, 2.4):
            x, z = (u, s / 2 + 0.1) if face == 0 else (s / 2 + 0.1, u) if face == 1 else (u, -s / 2 - 0.1) if face == 2 else (-s / 2 - 0.1, u)
            block(m, shade(wall, 1.1), 0.3 if face in (0, 2) else 0.25, 26.0, 0.25 if face in (0, 2) else 0.3, x, 1.8, z)
    for y in range(5, 26, 5):
        for fac, (x, z) in (("+z", (0, s / 2)), ("+x", (s / 2, 0)), ("-z", (0, -s / 2)), ("-x", (-s / 2, 0))):
            for u in (-1.6, 1.6):
                ux, uz = (u, 0) if fac in ("+z", "-z") else (0, u)
                pointed_window(m, x + ux, y, z + uz, 0.7, 2.4, fac)
    block(m, trim, s + 0.8, 0.6, s + 0.8, 0, 27.8)
    # clock stage
    cs = 8.4
    block(m, wall, cs, 6.6, cs, 0, 28.4)
    for fac, (x, z) in (("+z", (0, cs / 2)), ("+x", (cs / 2, 0)), ("-z", (0, -cs / 2)), ("-x", (-cs / 2, 0))):
        block(m, c.accent, 6.8, 6.0, 0.2, x, 28.7, z, yaw={"+z": 0, "-z": 0, "+x": 90, "-x": 90}[fac])
        clock_face(m, x * 1.02, 31.7, z * 1.02, 2.8, fac, WHITE, IRON)
    for sx in (-1, 1):
        for sz in (-1, 1):
            m.add(mk.moved(mk.cone(0.5, 2.6, 6), sx * cs / 2, 35.0, sz * cs / 2), trim)
    # belfry with open pointed arches, then the steep roof and spire
    block(m, trim, cs + 0.4, 0.5, cs + 0.4, 0, 35.0)
    bs = 7.4
    block(m, wall, bs, 3.4, bs, 0, 35.5)
    for fac, (x, z) in (("+z", (0, bs / 2)), ("+x", (bs / 2, 0)), ("-z", (0, -bs / 2)), ("-x", (-bs / 2, 0))):
        for u in (-2.0, 0.0, 2.0):
            ux, uz = (u, 0) if fac in ("+z", "-z") else (0, u)
            pointed_window(m, x + ux, 36.0, z + uz, 1.2, 2.6, fac)
    m.add(mk.moved(mk.pyramid(bs + 0.4, bs + 0.4, 6.6), 0, 38.9, 0), c.roof)
    m.add(mk.moved(mk.box(1.4, 1.6, 1.4), 0, 43.0, 0), c.accent)
    m.add(mk.moved(mk.cone(0.8, 2.8, 8), 0, 44.6, 0), c.roof)
    # Palace of Westminster wing with a row of pinnacles
    wx0, wx1 = 3.5, 21.0
    wxc = (wx0 + wx1) / 2
    block(m, wall, wx1 - wx0, 11.0, 9.0, wxc, 0.3, -1.0)
    window_grid(m, wxc, -1.0, wx1 - wx0, 9.0, 1.5, 3, 3.0, 8, 0, 0.7, 1.8, sides=("+z",))
    hip_roof(m, c.roof, wx1 - wx0 + 0.4, 9.4, 3.0, wxc, 11.3, -1.0)
    for x in np.linspace(wx0 + 1.0, wx1 - 0.5, 9):
        block(m, wall, 0.5, 3.0, 0.5, float(x), 10.3, 3.6)
        m.add(mk.moved(mk.cone(0.35, 1.6, 6), float(x), 13.3, 3.6), trim)
    _pointed_arch(m, 10.0, 0.3, 3.6, 2.4, 4.5)


def _statue_of_liberty(m: Model, c: Colours, rng) -> None:
    """Robed copper figure raising a torch, tablet in the other arm, spiked crown, on a pedestal in a star fort."""
    copper = c.wall
    stone = c.base
    _pad(m, GRASS, 40.0, 40.0)
    # eleven-pointed star fort: a core polygon plus one convex point per ray
    n, r_in, r_out, fh = 11, 10.0, 15.5, 3.6
    core = [(r_in * math.cos(2 * math.pi * (k + 0.5) / n), r_in * math.sin(2 * math.pi * (k + 0.5) / n)) for k in range(n)]
    m.add(hull([(x, y, z) for x, z in core for y in (0.3, 0.3 + fh)]), stone)
    for k in range(n):
        a = 2 * math.pi * k / n
        a0, a1 = 2 * math.pi * (k - 0.5) / n, 2 * math.pi * (k + 0.5) / n
        tri = [(r_in * math.cos(a0), r_in * math.sin(a0)), (r_in * math.cos(a1), r_in * math.sin(a1)),
               (r_out * math.cos(a), r_out * math.sin(a)), (0.8 * r_in * math.cos(a), 0.8 * r_in * math.sin(a))]
        m.add(hull([(x, y, z) for x, z in tri for y in (0.3, 0.3 + fh)]), stone)
    # pedestal: tapered shaft with cornices and dark loggia openings
    py = 0.3 + fh
    block(m, stone, 11.0, 2.0, 11.0, 0, py)
    m.add(loft([rect_ring(9.6, 9.6, py + 2.0), rect_ring(8.0, 8.0, py + 14.0)]), stone)
    block(m, shade(stone, 1.05), 9.4, 0.7, 9.4, 0, py + 8.0)
    block(m, shade(stone, 1.05), 9.0, 1.0, 9.0, 0, py + 14.0)
    for fac, (x, z) in (("+z", (0, 4.55)), ("+x", (4.55, 0)), ("-z", (0, -4.55)), ("-x", (-4.55, 0))):
        window(m, x, py + 11.0, z, 2.2, 3.0, fac)
        arched_window(m, x * 1.04, py + 2.5, z * 1.04, 1.8, 3.4, fac)
    base = py + 15.0
    block(m, shade(stone, 0.95), 6.2, 0.8, 6.2, 0, base)
    base += 0.8
    # the figure (faces +Z; her right side is -X)
    robe = lathe([(3.2, 0.0), (3.4, 1.0), (2.9, 5.0), (2.5, 9.0), (2.4, 12.0), (2.1, 13.6), (1.2, 14.6),
                  (0.8, 15.0), (0.0, 15.1)], 12, phase=0.13)
    m.add(mk.moved(robe, 0, base, 0), copper)
    m.add(mk.moved(hull([(-2.3, 12.8, 1.2), (2.3, 9.0, 2.0), (2.5, 8.0, 1.4), (-2.2, 11.8, 1.9), (-2.0, 13.0, 0.2),
                         (2.4, 9.5, 0.5)]), 0, base, 0), shade(copper, 0.9))                     # toga drape
    head_y = base + 16.1
    m.add(mk.moved(mk.cylinder(0.55, 1.2, 8), 0, base + 15.2, 0.1), copper)
    m.add(mk.moved(mk.scaled(mk.sphere(1.05, 1), 0.95, 1.1, 1.0), 0, head_y, 0.1), copper)
    m.add(mk.moved(mk.cylinder(1.15, 0.5, 12), 0, head_y + 0.55, 0.05), copper)
    for k in range(7):                                                          # crown rays
        a = math.radians(200 - 220 * k / 6)
        d = np.array([math.cos(a) * 0.9, 0.45, math.sin(a)])
        d = d / np.linalg.norm(d)
        start = np.array([0, head_y + 0.7, 0.05]) + np.array([d[0], 0, d[2]]) * 1.0
        m.add(mk.beam(start, start + d * 2.0, 0.22), copper)
    # raised right arm and torch
    shoulder = np.array([-1.8, base + 13.8, 0.0])
    hand = np.array([-3.3, base + 21.6, 0.4])
    m.add(mk.beam(shoulder, hand, 1.0), copper)
    m.add(mk.beam(shoulder + [0.1, -0.6, 0], shoulder + (hand - shoulder) * 0.4, 1.35), copper)   # sleeve
    m.add(mk.moved(mk.frustum(0.3, 0.45, 1.4, 8), hand[0], hand[1] - 0.2, hand[2]), copper)
    m.add(mk.moved(mk.frustum(0.55, 0.95, 0.6, 10), hand[0], hand[1] + 1.2, hand[2]), c.accent)
    m.add(mk.moved(lathe([(0.8, 0.0), (0.9, 0.6), (0.5, 1.5), (0.0, 2.4)], 8), hand[0], hand[1] + 1.8, hand[2]),
          mix(c.accent, FLAME, 0.3))
    # left arm cradling the tablet
    m.add(mk.beam([1.9, base + 13.4, 0.0], [2.4, base + 10.2, 1.2], 0.9), copper)
    tablet = mk.rotated(mk.rotated(mk.box(1.6, 3.8, 0.55), -14, (0, 0, 1)), -8, (1, 0, 0))
    m.add(mk.moved(tablet, 2.7, base + 10.8, 1.9), shade(copper, 1.08))


def _eiffel_tower(m: Model, c: Colours, rng) -> None:
    """Wrought-iron lattice tower: four curved legs joined by arches, two platforms, tapering shaft, top cabin."""
    iron = c.wall
    ys = [0.0, 4.5, 8.6, 13.0, 17.3, 24.0, 30.0, 36.0, 41.4]
    ws = [9.0, 6.6, 5.0, 3.8, 3.0, 2.0, 1.4, 1.0, 0.75]

    def w_at(y):
        return float(np.interp(y, ys, ws))

    p1, p2, p3 = 8.6, 17.3, 41.4
    _pad(m, mix(GRASS, SAND, 0.3), 22.0, 22.0, 0.2)
    # four legs, each a square lattice column hugging the outer envelope
    leg_levels = np.linspace(0.2, p2, 9)
    for sx in (-1, 1):
        for sz in (-1, 1):
            rings = []
            for y in leg_levels:
                w = w_at(y)
                s = 2.6 + 0.4 * (y / p2)
                rings.append([np.array([sx * (w - a), y, sz * (w - b)]) for a, b in ((0, 0), (s, 0), (s, s), (0, s))])
            _lattice(m, iron, rings, corner=0.32, brace=0.13)
            block(m, c.base, 3.6, 0.8, 3.6, sx * (w_at(0) - 1.3), 0, sz * (w_at(0) - 1.3))
    # upper shaft from the second platform to the top
    shaft_levels = np.linspace(p2, p3, 9)
    rings = [[np.array([x * w_at(y), y, z * w_at(y)]) for x, z in ((-1, -1), (1, -1), (1, 1), (-1, 1))]
             for y in shaft_levels]
    _lattice(m, iron, rings, corner=0.3, brace=0.12)
    # arches between the legs under the first platform (one per side, doubled)
    for side in range(4):
        for radius_shift, thick in ((0.0, 0.3), (0.9, 0.2)):
            pts = []
            for t in np.linspace(0, math.pi, 11):
                u = -math.cos(t)                               # -1..1 across the side
                y = 0.6 + (6.6 - radius_shift) * math.sin(t)
                half = w_at(y) - 2.7
                face = w_at(y) - 0.05
                pts.append(_side_point(side, u * half, y, face))
            for a, b in zip(pts, pts[1:]):
                m.add(mk.beam(a, b, thick), iron)
    # platforms
    _platform(m, c.trim, w_at(p1) + 0.8, 2.0, p1, 1.1)
    _platform(m, c.trim, w_at(p2) + 0.7, 0.0, p2, 0.8)
    block(m, c.trim, 2.2, 1.6, 2.2, 0, p3)
    block(m, c.accent, 2.6, 0.3, 2.6, 0, p3 + 1.6)
    m.add(mk.moved(mk.cylinder(0.35, 1.2, 8), 0, p3 + 2.5, 0), c.trim)
    m.add(mk.beam((0, p3 + 3.1, 0), (0, p3 + 4.6, 0), 0.12), iron)
    m.add(mk.moved(mk.sphere(0.2, 0), 0, p3 + 4.6, 0), LIT)


def _side_point(side, u, y, face):
    """Point on tower side `side` (0:+Z, 1:+X, 2:-Z, 3:-X) at offset u along it."""
    if side == 0:
        return (u, y, face)
    if side == 1:
        return (face, y, u)
    if side == 2:
        return (u, y, -face)
    return (-face, y, u)


def _lattice(m, colour, rings, corner=0.3, brace=0.12):
    """Square lattice column through rings of four corner points: corner posts, ring girders, zig-zag bracing."""
    for k in range(len(rings)):
        ring = rings[k]
        for i in range(4):
            j = (i + 1) % 4
            m.add(mk.beam(ring[i], ring[j], brace * 1.2), colour)
            if k + 1 < len(rings):
                up = rings[k + 1]
                m.add(mk.beam(ring[i], up[i], corner), colour)
                if k % 2 == 0:
                    m.add(mk.beam(ring[i], up[j], brace), colour)
                else:
                    m.add(mk.beam(ring[j], up[i], brace), colour)


def _platform(m, colour, outer, inner, y, height):
    """Square deck ring round the tower (a frame of four slabs) with a railing band."""
    if inner <= 0:
        block(m, colour, 2 * outer, height, 2 * outer, 0, y - height / 2)
        return
    band = outer - inner
    for sx in (-1, 1):
        block(m, colour, 2 * outer, height, band, 0, y - height / 2, sx * (inner + band / 2))
        block(m, colour, band, height, 2 * inner, sx * (inner + band / 2), y - height / 2, 0)
    for sx in (-1, 1):
        block(m, shade(colour, 0.8), 2 * outer, 0.6, 0.1, 0, y + height / 2, sx * outer)
        block(m, shade(colour, 0.8), 0.1, 0.6, 2 * outer, sx * outer, y + height / 2, 0)


BUILDERS = {
    "great_library": _great_library,
    "pyramids": _pyramids,
    "stonehenge": _stonehenge,
    "oracle": _oracle,
    "colosseum": _colosseum,
    "petra": _petra,
    "notre_dame": _notre_dame,
    "forbidden_palace": _forbidden_palace,
    "sistine_chapel": _sistine_chapel,
    "big_ben": _big_ben,
    "statue_of_liberty": _statue_of_liberty,
    "eiffel_tower": _eiffel_tower,
}
