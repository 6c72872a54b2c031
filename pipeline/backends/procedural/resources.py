"""Procedural resource props: small low-poly models for the resource icons.

One builder per catalog `shape`. Builders model at roughly life size with the
front (an animal's head) towards +Z; `generate` then scales the prop to fill
the catalog `bounds` (up or down, uniformly) and stands it on the ground, so
every icon shows its prop at the same size.

Palette use: for animals and goods palette[0] is the main colour (the coat,
the wood, the cloth) and palette[1] the secondary one (spots, mane, hoops,
contents). Ore piles, ingots, crystals and stone blocks paint with the whole
palette. Natural accents (a banana's yellow, a muzzle's pink, smoke, water)
take the palette entry nearest to a reference colour, or the reference itself.
The same shape with another palette serves another resource (iron, coal and
gold ore are all `ore_pile`).
"""
from __future__ import annotations

import math

import numpy as np
import trimesh

from .common import nearest_colour, palette, parse_colour, rng_for, shade
from .meshkit import Model, beam, box, cone, cylinder, frustum, moved, rotated, scaled, sphere

WOOD = "#7a5a3a"
IRON = "#5c5f66"
DARK = "#2a2624"


# --- private primitives (closed shells) ---

def _closed(vertices, faces) -> trimesh.Trimesh:
    mesh = trimesh.Trimesh(vertices=np.asarray(vertices, dtype=float), faces=np.asarray(faces), process=False)
    mesh.fix_normals()
    return mesh


def _lathe(profile: list[tuple[float, float]], sections: int = 12) -> trimesh.Trimesh:
    """Surface of revolution around Y from (radius, y) pairs, bottom to top.
    An end with radius 0 is a pole; an end with a radius gets a flat cap."""
    angles = np.linspace(0, 2 * math.pi, sections, endpoint=False)
    vertices, rings, faces = [], [], []
    for radius, y in profile:
        if radius <= 0:
            rings.append([len(vertices)])
            vertices.append([0.0, y, 0.0])
        else:
            rings.append(list(range(len(vertices), len(vertices) + sections)))
            vertices.extend([radius * math.cos(a), y, radius * math.sin(a)] for a in angles)
    for ring in (rings[0], rings[-1]):
        if len(ring) > 1:  # cap an open end with a fan
            y = vertices[ring[0]][1]
            centre = len(vertices)
            vertices.append([0.0, y, 0.0])
            faces.extend([centre, ring[i], ring[(i + 1) % sections]] for i in range(sections))
    for a, b in zip(rings[:-1], rings[1:]):
        for i in range(sections):
            j = (i + 1) % sections
            if len(a) == 1:
                faces.append([a[0], b[j], b[i]])
            elif len(b) == 1:
                faces.append([a[i], a[j], b[0]])
            else:
                faces += [[a[i], a[j], b[j]], [a[i], b[j], b[i]]]
    return _closed(vertices, faces)


def _slab(points: list[tuple[float, float]], thickness: float, axis: str = "z") -> trimesh.Trimesh:
    """Extrude a star-shaped polygon (u, v) by `thickness`, centred on its plane.
    axis z: polygon in XY; axis x: polygon in (Z, Y); axis y: polygon in XZ."""
    pts = np.asarray(points, dtype=float)
    n = len(pts)
    centre = pts.mean(axis=0)
    ring = np.vstack([pts, [centre]])
    vertices = []
    for w in (-thickness / 2, thickness / 2):
        for u, v in ring:
            vertices.append({"z": (u, v, w), "x": (w, v, u), "y": (u, w, v)}[axis])
    front, back = n + 1, 0
    faces = []
    for i in range(n):
        j = (i + 1) % n
        faces += [[back + n, back + j, back + i], [front + n, front + i, front + j]]
        faces += [[back + i, back + j, front + j], [back + i, front + j, front + i]]
    return _closed(vertices, faces)


def _leaf(base, tip, width: float, lift: float) -> trimesh.Trimesh:
    """A thin drooping leaf: a closed flat diamond from base to tip with a raised midrib."""
    base, tip = np.asarray(base, float), np.asarray(tip, float)
    along = tip - base
    side = np.cross(along, [0, 1, 0])
    side = side / max(np.linalg.norm(side), 1e-9) * width / 2
    mid = base + along * 0.45 + [0, lift, 0]
    vertices = [base, mid + side, tip, mid - side, mid + [0, 0.03, 0]]
    return _closed(vertices, [[0, 1, 4], [1, 2, 4], [2, 3, 4], [3, 0, 4], [0, 2, 1], [0, 3, 2]])


def _lump(rng: np.random.Generator, radius: float, detail: int = 0, squash: float = 1.0) -> trimesh.Trimesh:
    """An irregular rock or chunk: a jittered icosphere."""
    mesh = sphere(radius, detail)
    mesh.vertices *= rng.uniform(0.75, 1.2, size=(len(mesh.vertices), 3)) * [1, squash, 1]
    return mesh


def _ellipsoid(rx: float, ry: float, rz: float, detail: int = 2) -> trimesh.Trimesh:
    return scaled(sphere(1.0, detail), rx, ry, rz)


def _along_z(mesh: trimesh.Trimesh) -> trimesh.Trimesh:
    """Turn a lathe made around Y so its top points to +Z (the front)."""
    return rotated(mesh, 90, (1, 0, 0))


def _by_height(mesh: trimesh.Trimesh, low, high, split: float) -> np.ndarray:
    """Per-vertex colours: `low` below y = split, `high` above (belly and back)."""
    t = (mesh.vertices[:, 1] > split)[:, None]
    return np.where(t, np.asarray(high, float), np.asarray(low, float))


class _Kit:
    """The model under construction with its palette and random stream."""

    def __init__(self, spec: dict):
        self.m = Model()
        self.rng = rng_for(spec)
        self.pal = palette(spec)

    def c(self, index: int, default: str) -> np.ndarray:
        """Palette entry `index` (main colour first), or `default` when the palette is shorter."""
        return self.pal[index] if index < len(self.pal) else parse_colour(default)

    def pick(self, default: str, limit: float = 0.45) -> np.ndarray:
        """The palette entry nearest to a natural colour if it is close, else that colour
        (for accents such as a cow's muzzle or a banana's yellow, wherever the palette lists them)."""
        return nearest_colour(self.pal, parse_colour(default), limit)

    def add(self, mesh, colour):
        return self.m.add(mesh, colour)

    def legs(self, spots, top: float, thickness: float, colour, hoof) -> None:
        """Straight legs from y = top to the ground with dark hooves."""
        for x, z in spots:
            self.add(moved(box(thickness, top - 0.08, thickness), x, (top + 0.08) / 2, z), colour)
            self.add(moved(box(thickness * 1.1, 0.08, thickness * 1.15), x, 0.04, z), hoof)


# --- bonus resources: crops and animals ---

def _grain_sheaf(k: _Kit) -> None:
    """A sheaf of wheat: stalks gathered by a tie at the waist, flaring to ripe ears."""
    stalk, ear, tie = k.pick("#d8b850"), k.pick("#c09a3a"), k.pick(WOOD)
    count = 18
    for i in range(count):
        a = 2 * math.pi * i / count + k.rng.uniform(-0.1, 0.1)
        spread = k.rng.uniform(0.85, 1.15)
        foot = np.array([0.22 * math.cos(a), 0.0, 0.22 * math.sin(a)]) * spread
        waist = np.array([0.06 * math.cos(a), 0.55, 0.06 * math.sin(a)])
        top = np.array([0.34 * math.cos(a) * spread, 1.25 + k.rng.uniform(-0.08, 0.08), 0.34 * math.sin(a) * spread])
        k.add(beam(foot, waist, 0.03), shade(stalk, 0.9))
        k.add(beam(waist, top, 0.03), stalk)
        tip = top + (top - waist) / np.linalg.norm(top - waist) * 0.22
        k.add(beam(top, tip, 0.07), shade(ear, k.rng.uniform(0.9, 1.1)))
    k.add(moved(cylinder(0.1, 0.08, 10), y=0.55), tie)


def _rice_paddy(k: _Kit) -> None:
    """A flooded paddy square: earth bunds around water with rows of rice tufts."""
    plant, water, mud = k.pick("#6aa83a"), k.pick("#7fb2c0"), k.pick("#6a5238")
    k.add(moved(box(1.5, 0.12, 1.5), y=0.06), mud)
    for x, z, w, d in [(0, 0.7, 1.5, 0.1), (0, -0.7, 1.5, 0.1), (0.7, 0, 0.1, 1.3), (-0.7, 0, 0.1, 1.3)]:
        k.add(moved(box(w, 0.12, d), x, 0.18, z), shade(mud, 1.1))
    k.add(moved(box(1.3, 0.06, 1.3), y=0.15), water)
    for gx in range(4):
        for gz in range(4):
            x, z = -0.45 + 0.3 * gx, -0.45 + 0.3 * gz
            for blade in range(5):
                a = 2 * math.pi * blade / 5 + k.rng.uniform(0, 1)
                lean = k.rng.uniform(0.08, 0.16)
                top = (x + lean * math.cos(a), k.rng.uniform(0.5, 0.65), z + lean * math.sin(a))
                k.add(beam((x, 0.12, z), top, 0.025), shade(plant, k.rng.uniform(0.85, 1.15)))


def _cotton_plant(k: _Kit) -> None:
    """A cotton bush: woody branches, green leaves and white bolls in brown husks."""
    boll, leaf, stem = k.pick("#f4f2ec"), k.pick("#4f8a3a"), k.pick("#6a4a2a")
    k.add(beam((0, 0, 0), (0, 1.0, 0), 0.06), stem)
    for i in range(7):
        a = 2 * math.pi * i / 7 + k.rng.uniform(-0.2, 0.2)
        base = np.array([0, 0.3 + 0.1 * i, 0])
        tip = base + [0.45 * math.cos(a), 0.3 + 0.05 * i, 0.45 * math.sin(a)]
        k.add(beam(base, tip, 0.035), stem)
        mid = (base + tip) / 2
        k.add(moved(_ellipsoid(0.14, 0.04, 0.1, 1), *mid + [0, 0.06, 0]), shade(leaf, k.rng.uniform(0.85, 1.1)))
        k.add(moved(rotated(cone(0.09, 0.1, 6), 180, (1, 0, 0)), *tip + [0, 0.04, 0]), shade(stem, 1.2))
        k.add(moved(sphere(0.13, 1), *tip + [0, 0.1, 0]), boll)
    k.add(moved(sphere(0.14, 1), 0, 1.08, 0), boll)


def _cow(k: _Kit) -> None:
    """A boxy cow: white hide with dark patches, horns, udder and tail."""
    hide, spot, pink = k.c(0, "#f0ece4"), k.c(1, "#2a2420"), k.pick("#e0a0a0")
    k.add(moved(box(0.56, 0.52, 1.15), y=0.86), hide)
    k.legs([(x, z) for x in (-0.19, 0.19) for z in (-0.42, 0.42)], 0.65, 0.13, hide, parse_colour(DARK))
    for _ in range(4):  # patches sit just proud of the flanks
        side = k.rng.choice([-1, 1])
        y, z = k.rng.uniform(0.72, 1.0), k.rng.uniform(-0.4, 0.4)
        k.add(moved(box(0.02, k.rng.uniform(0.15, 0.28), k.rng.uniform(0.2, 0.35)), side * 0.285, y, z), spot)
    k.add(moved(box(0.5, 0.02, 0.3), 0, 1.125, k.rng.uniform(-0.3, 0.2)), spot)
    head = rotated(box(0.3, 0.3, 0.38), 20, (1, 0, 0))
    k.add(moved(head, 0, 1.02, 0.72), hide)
    k.add(moved(box(0.26, 0.16, 0.12), 0, 0.9, 0.92), pink)
    for side in (-1, 1):
        k.add(beam((side * 0.12, 1.18, 0.66), (side * 0.3, 1.3, 0.62), 0.05), parse_colour("#e8e0c8"))
        k.add(moved(box(0.12, 0.06, 0.06), side * 0.2, 1.1, 0.6), spot)
    k.add(moved(sphere(0.1, 1), 0, 0.58, -0.25), pink)
    k.add(beam((0, 1.08, -0.58), (0, 0.55, -0.66), 0.04), hide)
    k.add(moved(box(0.07, 0.12, 0.07), 0, 0.5, -0.66), spot)


def _sheep(k: _Kit) -> None:
    """A woolly sheep: a cloud of fleece on thin dark legs with a dark face."""
    wool, face = k.c(0, "#efeadf"), k.pick("#2e2a28")
    k.legs([(x, z) for x in (-0.14, 0.14) for z in (-0.28, 0.28)], 0.35, 0.08, face, face)
    for x, y, z, r in [(0, 0.7, 0, 0.34), (0, 0.72, 0.22, 0.28), (0, 0.72, -0.24, 0.29), (0.16, 0.66, 0.05, 0.24),
                       (-0.16, 0.66, 0.05, 0.24), (0.14, 0.68, -0.2, 0.22), (-0.14, 0.68, -0.2, 0.22), (0, 0.9, 0, 0.24)]:
        k.add(moved(sphere(r, 1), x, y - 0.1, z), shade(wool, k.rng.uniform(0.92, 1.05)))
    k.add(moved(rotated(_ellipsoid(0.11, 0.12, 0.17, 1), -25, (1, 0, 0)), 0, 0.74, 0.5), face)
    k.add(moved(sphere(0.14, 1), 0, 0.84, 0.4), wool)  # woolly cap
    for side in (-1, 1):
        k.add(moved(_ellipsoid(0.1, 0.03, 0.05, 0), side * 0.15, 0.8, 0.44), face)


def _deer(k: _Kit) -> None:
    """A stag: slender body on long legs, raised head with branching antlers."""
    coat, light, antler = k.c(0, "#8a5a32"), k.pick("#e8d8b8"), k.pick("#d8c8a0")
    k.add(moved(_ellipsoid(0.2, 0.22, 0.5), y=0.95), coat)
    k.add(moved(_ellipsoid(0.14, 0.08, 0.35, 1), y=0.8), light)  # pale belly
    k.legs([(x, z) for x in (-0.11, 0.11) for z in (-0.36, 0.36)], 0.9, 0.06, coat, parse_colour(DARK))
    k.add(beam((0, 1.05, 0.38), (0, 1.45, 0.58), 0.14), coat)
    k.add(moved(rotated(_ellipsoid(0.09, 0.09, 0.18, 1), 25, (1, 0, 0)), 0, 1.5, 0.68), coat)
    k.add(moved(sphere(0.045, 0), 0, 1.44, 0.83), parse_colour(DARK))
    for side in (-1, 1):
        k.add(moved(_ellipsoid(0.03, 0.07, 0.03, 0), side * 0.09, 1.62, 0.6), coat)
        root = np.array([side * 0.05, 1.58, 0.64])
        mid = root + [side * 0.16, 0.25, -0.05]
        top = mid + [side * 0.1, 0.25, -0.1]
        k.add(beam(root, mid, 0.035), antler)
        k.add(beam(mid, top, 0.03), antler)
        k.add(beam(mid, mid + [side * 0.02, 0.18, 0.12], 0.025), antler)
        k.add(beam(top - (top - mid) * 0.4, top + [side * 0.12, 0.08, 0.05], 0.025), antler)
    k.add(moved(_ellipsoid(0.05, 0.07, 0.04, 0), 0, 1.05, -0.5), light)


def _horse(k: _Kit) -> None:
    """A horse: long body and legs, arched neck with mane, long head, flowing tail."""
    coat, mane = k.c(0, "#7a4a2a"), k.c(1, "#2a1e18")
    k.add(moved(_ellipsoid(0.27, 0.31, 0.66), y=1.0), coat)
    k.legs([(x, z) for x in (-0.14, 0.14) for z in (-0.44, 0.44)], 0.95, 0.11, coat, parse_colour(DARK))
    k.add(beam((0, 1.1, 0.48), (0, 1.62, 0.8), 0.24), coat)
    k.add(beam((0, 1.7, 0.78), (0, 1.42, 1.08), 0.17), coat)  # long head tipped down
    k.add(moved(box(0.19, 0.14, 0.14), 0, 1.42, 1.07), shade(coat, 0.8))  # muzzle
    k.add(beam((0, 1.3, 0.38), (0, 1.78, 0.7), 0.07), mane)  # mane along the neck crest
    for side in (-1, 1):
        k.add(moved(cone(0.04, 0.13, 4), side * 0.055, 1.76, 0.76), coat)
    k.add(beam((0, 1.15, -0.62), (0, 0.5, -0.8), 0.1), mane)


# --- bonus resources from water and trees ---

def _fish(k: _Kit) -> None:
    """A fish leaping: streamlined body, forked tail, dorsal fin, dark back and pale belly."""
    back, belly = k.c(0, "#5a7a9a"), k.c(1, "#d8e0e4")
    body = _lathe([(0, -0.5), (0.05, -0.42), (0.13, -0.22), (0.18, 0.0), (0.17, 0.18), (0.11, 0.36), (0, 0.48)], 12)
    body = scaled(_along_z(body), 0.55, 1, 1)
    fish = Model()
    fish.add(body, _by_height(body, belly, back, -0.02))
    fish.add(_slab([(-0.42, 0), (-0.72, 0.25), (-0.62, 0.0), (-0.72, -0.25)], 0.03, "x"), back)  # forked tail
    fish.add(_slab([(-0.15, 0.12), (0.1, 0.15), (-0.22, 0.3)], 0.025, "x"), back)  # dorsal fin
    fish.add(_slab([(-0.25, -0.1), (-0.05, -0.13), (-0.3, -0.22)], 0.02, "x"), belly)
    for side in (-1, 1):
        fish.add(moved(sphere(0.03, 0), side * 0.085, 0.04, 0.32), parse_colour(DARK))
    fish.rotate(-20, (1, 0, 0))  # nose up, mid-leap
    k.m.extend(fish)


def _whale(k: _Kit) -> None:
    """A whale surfacing: long dark body with pale belly, flukes, flippers and a spout."""
    back, belly, water = k.c(0, "#3a4a5a"), k.pick("#c8ccd0"), k.pick("#3a78a8")
    body = _lathe([(0, -1.4), (0.07, -1.25), (0.2, -0.8), (0.38, -0.2), (0.42, 0.25), (0.38, 0.65), (0.24, 0.95), (0, 1.05)], 14)
    body = moved(scaled(_along_z(body), 1, 0.8, 1), y=0.3)
    k.add(body, _by_height(body, belly, back, 0.2))
    k.add(moved(_slab([(0, -1.25), (0.55, -1.55), (0.2, -1.4), (0, -1.45), (-0.2, -1.4), (-0.55, -1.55)], 0.05, "y"), y=0.3), back)
    for side in (-1, 1):
        k.add(moved(_slab([(side * 0.3, 0.4), (side * 0.75, 0.05), (side * 0.35, 0.15)], 0.04, "y"), y=0.12), back)
    for i, (y, r) in enumerate([(0.75, 0.06), (0.92, 0.1), (1.08, 0.13), (1.2, 0.11)]):
        for side in ((-1, 1) if i >= 2 else (0,)):
            k.add(moved(sphere(r, 1), side * 0.08 * i, y, 0.6 + 0.03 * i), parse_colour("#e8f2f8"))
    k.add(moved(cylinder(1.0, 0.06, 16), y=0.03), water)  # sea around the surfacing whale


def _banana_plant(k: _Kit) -> None:
    """A banana plant: a thick stem, broad drooping leaves and a hanging bunch of bananas."""
    leaf, fruit = k.pick("#4f9a3a"), k.pick("#f0d040")
    k.add(frustum(0.12, 0.08, 1.05, 8), shade(leaf, 0.75))
    for i in range(7):
        a = 2 * math.pi * i / 7 + k.rng.uniform(-0.15, 0.15)
        tip = (0.85 * math.cos(a), 0.75 + k.rng.uniform(-0.1, 0.1), 0.85 * math.sin(a))
        k.add(_leaf((0, 1.0, 0), tip, 0.36, 0.35), shade(leaf, k.rng.uniform(0.85, 1.15)))
    stalk_top, stalk_end = np.array([0.0, 0.95, 0.12]), np.array([0.0, 0.42, 0.4])  # the bunch hangs in front
    k.add(beam(stalk_top, stalk_end, 0.04), shade(leaf, 0.7))
    k.add(moved(rotated(cone(0.06, 0.14, 6), 180, (1, 0, 0)), *stalk_end), parse_colour("#7a2a4a"))
    for tier in range(3):
        centre = stalk_top + (stalk_end - stalk_top) * (0.25 + 0.25 * tier)
        for j in range(6):
            a = 2 * math.pi * j / 6 + tier * 0.5
            base = centre + [0.05 * math.cos(a), 0, 0.05 * math.sin(a)]
            tip = base + [0.15 * math.cos(a), 0.2, 0.15 * math.sin(a)]  # fingers curve upwards
            k.add(beam(base, tip, 0.065), shade(fruit, k.rng.uniform(0.9, 1.08)))


# --- strategic resources ---

def _ore_pile(k: _Kit) -> None:
    """A heap of ore chunks in the palette's colours (darker entries commoner: rock,
    lighter ones rarer: rust, gold, glints) with a pickaxe against it."""
    weights = np.linspace(1.0, 0.5, len(k.pal))
    weights /= weights.sum()
    for layer, (count, ring, y, size) in enumerate([(9, 0.55, 0.12, 0.17), (7, 0.36, 0.3, 0.16), (4, 0.18, 0.46, 0.15), (1, 0.0, 0.6, 0.15)]):
        for i in range(count):
            a = 2 * math.pi * i / count + layer * 0.4
            x, z = ring * math.cos(a), ring * math.sin(a)
            colour = k.pal[k.rng.choice(len(k.pal), p=weights)]
            k.add(moved(_lump(k.rng, size * k.rng.uniform(0.85, 1.15), 1), x, y, z), shade(colour, k.rng.uniform(0.85, 1.12)))
    k.add(beam((0.55, 0.0, 0.55), (0.2, 0.75, 0.3), 0.05), parse_colour(WOOD))
    head_mid = np.array([0.22, 0.72, 0.31])
    k.add(beam(head_mid + [-0.2, -0.06, 0.15], head_mid + [0.2, -0.06, -0.15], 0.06), parse_colour(IRON))


def _ingot(length: float, width: float, height: float) -> trimesh.Trimesh:
    """A cast bar: a truncated pyramid, wider at the bottom."""
    l, w, tl, tw = length / 2, width / 2, length / 2 - 0.04, width / 2 - 0.03
    points = [(sx * l, 0, sz * w) for sx in (-1, 1) for sz in (-1, 1)] + [(sx * tl, height, sz * tw) for sx in (-1, 1) for sz in (-1, 1)]
    return trimesh.convex.convex_hull(np.array(points))


def _ingot_stack(k: _Kit) -> None:
    """Ingots stacked crosswise in shrinking layers."""
    n = len(k.pal)
    low, high = k.pal[min(1, n - 1)], k.pal[min(2, n - 1)]  # mid tones: the darkest reads as lead
    y = 0.0
    for layer, count in enumerate([4, 3, 2, 1]):
        for i in range(count):
            offset = (i - (count - 1) / 2) * 0.2
            bar = _ingot(0.6, 0.17, 0.1)
            if layer % 2:
                bar = rotated(bar, 90)
                bar = moved(bar, offset, y, 0)
            else:
                bar = moved(bar, 0, y, offset)
            tone = k.rng.uniform(0.9, 1.08)
            k.add(bar, np.where((bar.vertices[:, 1] > y + 0.05)[:, None], shade(high, tone), shade(low, tone)))
        y += 0.1


def _crystal_cluster(k: _Kit) -> None:
    """Pointed six-sided crystals growing out of a dark rock."""
    rock = k.pick("#5a5a60", 0.3)
    gems = [c for c in k.pal if not np.array_equal(c, rock)] or k.pal  # several gem colours share one rock
    k.add(moved(_lump(k.rng, 0.5, 1, 0.35), y=0.12), rock)
    for i in range(8):
        centre = i == 0
        height = 1.0 if centre else k.rng.uniform(0.4, 0.75)
        radius = 0.13 if centre else k.rng.uniform(0.07, 0.11)
        shard = Model()
        gem = gems[i % len(gems)]
        shard.add(frustum(radius, radius * 0.92, height * 0.75, 6), gem)
        shard.add(moved(cone(radius * 0.92, height * 0.25, 6), y=height * 0.75), shade(gem, 1.25))
        a = 2 * math.pi * i / 7
        tilt = 0 if centre else k.rng.uniform(20, 40)
        shard.rotate(tilt, (math.sin(a), 0, -math.cos(a)))  # lean outwards
        ring = 0 if centre else 0.22
        shard.translate(ring * math.cos(a), 0.2, ring * math.sin(a))
        k.m.extend(shard)


def _stone_blocks(k: _Kit) -> None:
    """Cut stone blocks stacked in a small pyramid with one block in front."""
    y = 0.0
    for row, count in enumerate([3, 2, 1]):
        for i in range(count):
            x = (i - (count - 1) / 2) * 0.52
            block = rotated(box(0.5, 0.32, 0.42), k.rng.uniform(-6, 6))
            k.add(moved(block, x, y + 0.16, 0), shade(k.pal[(row + i) % len(k.pal)], k.rng.uniform(0.92, 1.06)))
        y += 0.32
    k.add(moved(rotated(box(0.45, 0.28, 0.36), 25), 0.25, 0.14, 0.55), k.pal[-1])


def _oil_derrick(k: _Kit) -> None:
    """A lattice derrick tower on a platform, with a black oil pool and a barrel."""
    steel, oil, deck = k.pick("#6a6e74"), k.pick("#1a1614"), k.pick("#5a4a3a")
    k.add(moved(box(1.0, 0.1, 1.0), y=0.05), deck)
    height, base, top = 2.4, 0.42, 0.08
    corners = [(sx, sz) for sx, sz in [(-1, -1), (1, -1), (1, 1), (-1, 1)]]

    def at(y: float, sx: int, sz: int) -> np.ndarray:
        r = base + (top - base) * (y - 0.1) / height
        return np.array([sx * r, y, sz * r])

    levels = [0.1 + height * f for f in (0.0, 0.3, 0.55, 0.78, 1.0)]
    for sx, sz in corners:
        k.add(beam(at(levels[0], sx, sz), at(levels[-1], sx, sz), 0.06), steel)
    for lo, hi in zip(levels[:-1], levels[1:]):
        for i in range(4):
            (ax, az), (bx, bz) = corners[i], corners[(i + 1) % 4]
            k.add(beam(at(hi, ax, az), at(hi, bx, bz), 0.035), steel)
            k.add(beam(at(lo, ax, az), at(hi, bx, bz), 0.03), steel)  # one diagonal brace per face
    k.add(moved(box(0.24, 0.14, 0.24), y=levels[-1] + 0.07), shade(steel, 1.2))
    k.add(moved(cylinder(0.32, 0.02, 12), 0.55, 0.01, 0.55), oil)
    k.add(moved(cylinder(0.14, 0.4, 10), -0.62, 0.2, 0.5), parse_colour("#8a3a2a"))


def _barrel(k: _Kit) -> None:
    """Two barrels with hoops, one standing and one lying in front; a third palette
    colour paints a marking band and a spill (uranium's green glow)."""
    wood, hoop = k.c(0, "#8a5a32"), k.c(1, "#4a4a4e")
    mark = k.pal[2] if len(k.pal) > 2 else None

    def one() -> Model:
        barrel = Model()
        profile = [(0.26, 0.0), (0.31, 0.2), (0.33, 0.4), (0.31, 0.6), (0.26, 0.8)]
        barrel.add(_lathe(profile, 14), wood)
        for y, r in [(0.06, 0.275), (0.2, 0.315), (0.6, 0.315), (0.74, 0.275)]:
            barrel.add(moved(cylinder(r, 0.04, 14), y=y), hoop)
        if mark is not None:
            barrel.add(moved(cylinder(0.335, 0.12, 14), y=0.4), mark)
        return barrel

    k.m.extend(one().translate(0, 0, -0.2))
    lying = one().rotate(90, (0, 0, 1)).translate(0.4, 0.33, 0.45)
    k.m.extend(lying)
    if mark is not None:
        k.add(moved(scaled(cylinder(0.3, 0.02, 12), 1, 1, 0.6), -0.25, 0.01, 0.55), mark)


def _sacks(k: _Kit) -> None:
    """Three tied sacks, the front one open and heaped with its goods (palette[1])."""
    cloth, goods = k.c(0, "#b89a6a"), k.c(1, "#c8602a")
    spilled, rope = k.c(2, "#c8602a"), k.pick("#6a4a2a")
    closed = [(0, 0), (0.26, 0.02), (0.32, 0.2), (0.3, 0.45), (0.18, 0.62), (0.07, 0.7), (0.1, 0.78), (0.13, 0.84), (0, 0.86)]
    for x, z, turn in [(-0.32, -0.2, 10), (0.32, -0.22, -15)]:
        k.add(moved(rotated(_lathe(closed, 10), turn), x, 0, z), shade(cloth, k.rng.uniform(0.92, 1.05)))
        k.add(moved(cylinder(0.085, 0.05, 8), x, 0.7, z), rope)
    opened = [(0, 0), (0.28, 0.02), (0.34, 0.18), (0.33, 0.38), (0.3, 0.48)]
    k.add(moved(_lathe(opened, 12), 0, 0, 0.3), cloth)
    k.add(moved(_lathe([(0.29, 0.46), (0.22, 0.56), (0, 0.62)], 12), 0, 0, 0.3), goods)
    k.add(moved(cone(0.2, 0.12, 10), 0.25, 0, 0.7), spilled)  # a little spilled heap


# --- luxury resources ---

def _fabric_bolts(k: _Kit) -> None:
    """Rolled bolts of cloth stacked 3-2-1, one unrolled over the front."""
    colours = [k.c(i, d) for i, d in enumerate(["#b03a5a", "#e0c060", "#3a6ab0"])]
    core = k.c(3, "#e8e0d0")
    radius = 0.14
    rows = [(3, radius), (2, radius + 0.243), (1, radius + 0.486)]
    index = 0
    for count, y in rows:
        for i in range(count):
            z = (i - (count - 1) / 2) * 0.28
            bolt = rotated(cylinder(radius, 0.9, 12), 90, (0, 0, 1))
            k.add(moved(bolt, 0, y, z), colours[index % len(colours)])
            k.add(moved(rotated(cylinder(0.03, 0.96, 6), 90, (0, 0, 1)), 0, y, z), core)  # cardboard core
            index += 1
    # the front bolt's cloth unrolled down to the ground
    slope = math.atan2(0.26, 0.45)
    drape = rotated(box(0.8, 0.02, math.hypot(0.26, 0.45)), math.degrees(slope), (1, 0, 0))
    k.add(moved(drape, 0, 0.14, 0.28 + 0.28), colours[2 % len(colours)])


def _amphora(k: _Kit) -> None:
    """A two-handled amphora with a painted band, and a bunch of grapes at its foot."""
    clay, band, grape = k.c(0, "#b8683a"), k.c(1, "#2a2020"), k.pick("#5a2a6a")
    profile = [(0, 0), (0.07, 0.0), (0.05, 0.06), (0.16, 0.25), (0.26, 0.5), (0.264, 0.53), (0.27, 0.62),
               (0.27, 0.65), (0.22, 0.82), (0.1, 0.92), (0.07, 1.05), (0.07, 1.15), (0.1, 1.2), (0.07, 1.23), (0, 1.23)]
    body = _lathe(profile, 14)
    y = body.vertices[:, 1]
    painted = ((y > 0.52) & (y < 0.63)) | (y > 1.19)  # extra profile rings keep the band edges crisp
    k.add(body, np.where(painted[:, None], band, clay))
    for side in (-1, 1):
        k.add(beam((side * 0.2, 0.84, 0), (side * 0.22, 1.08, 0), 0.045), clay)
        k.add(beam((side * 0.22, 1.08, 0), (side * 0.06, 1.1, 0), 0.045), clay)
    for i, (x, y, z) in enumerate([(0, 0.3, 0), (0.07, 0.27, 0.02), (-0.07, 0.27, 0.02), (0.035, 0.2, 0.03),
                                   (-0.035, 0.2, 0.03), (0, 0.13, 0.03), (0, 0.25, 0.07), (0.04, 0.17, -0.03)]):
        k.add(moved(sphere(0.045, 1), 0.36 + x, y - 0.07, 0.25 + z), shade(grape, 1 + 0.05 * (i % 3)))
    k.add(moved(_ellipsoid(0.08, 0.015, 0.06, 1), 0.36, 0.27, 0.22), k.pick("#4f8a3a"))


def _incense_burner(k: _Kit) -> None:
    """A tripod censer with a pierced dome lid and a curl of smoke."""
    bronze, smoke = k.c(0, "#b08a3a"), k.pick("#d8d4cc")
    k.add(_lathe([(0, 0.25), (0.18, 0.26), (0.27, 0.36), (0.3, 0.48), (0.3, 0.5)], 12), bronze)
    k.add(_lathe([(0.31, 0.5), (0.28, 0.58), (0.2, 0.68), (0.08, 0.74), (0, 0.75)], 12), shade(bronze, 1.12))
    k.add(moved(sphere(0.05, 1), y=0.78), bronze)
    for i in range(3):
        a = 2 * math.pi * i / 3 + math.pi / 2
        k.add(beam((0.15 * math.cos(a), 0.3, 0.15 * math.sin(a)), (0.26 * math.cos(a), 0.0, 0.26 * math.sin(a)), 0.05), shade(bronze, 0.8))
    for i in range(6):  # smoke rises and curls
        r = 0.06 + 0.02 * i
        k.add(moved(sphere(r, 1), 0.12 * math.sin(i * 1.1), 0.88 + 0.16 * i, 0.08 * math.cos(i * 1.1)), shade(smoke, 1 - 0.03 * i))


def _pelts(k: _Kit) -> None:
    """An animal hide stretched on an upright wooden frame, folded furs stacked in front."""
    fur, second = k.c(0, "#8a6a4a"), k.c(1, "#5a4030")
    wood = parse_colour(WOOD)
    for x in (-0.6, 0.6):
        k.add(beam((x, 0, 0), (x, 1.35, 0), 0.07), wood)
    for y in (0.18, 1.25):
        k.add(beam((-0.65, y, 0), (0.65, y, 0), 0.06), wood)
    outline = []
    features = [  # (angle, extra reach, angular width): four legs, head, tail
        (math.radians(35), 0.2, 0.2), (math.radians(145), 0.2, 0.2), (math.radians(215), 0.22, 0.2),
        (math.radians(325), 0.22, 0.2), (math.pi / 2, 0.13, 0.3), (-math.pi / 2, 0.25, 0.07)]
    for i in range(48):  # a hide seen flat, as a polar outline (so it is star-shaped)
        a = 2 * math.pi * i / 48
        r = 0.3 * 0.4 / math.hypot(0.4 * math.cos(a), 0.3 * math.sin(a))  # oval body
        for centre, reach, width in features:
            d = math.atan2(math.sin(a - centre), math.cos(a - centre))
            r += reach * math.exp(-(d / width) ** 2)
        outline.append((r * math.cos(a), 0.72 + r * math.sin(a)))
    k.add(_slab(outline, 0.04), fur)
    for x, y in [(-0.42, 0.3), (0.42, 0.3), (-0.42, 1.14), (0.42, 1.14)]:  # lashings to the frame
        k.add(beam((x, y, 0.01), (x * 1.4, 0.18 if y < 0.72 else 1.25, 0.01), 0.02), parse_colour("#c8b890"))
    for i, colour in enumerate([second, k.c(2, "#a08060")]):  # rolled furs tied with cord
        roll = rotated(cylinder(0.12, 0.7, 10), 90, (0, 0, 1))
        k.add(moved(roll, 0, 0.12 + 0.2 * i, 0.4 - 0.05 * i), shade(colour, 1 + 0.08 * i))
        for x in (-0.2, 0.2):
            k.add(moved(rotated(cylinder(0.125, 0.04, 10), 90, (0, 0, 1)), x, 0.12 + 0.2 * i, 0.4 - 0.05 * i), parse_colour("#c8b890"))


SHAPES = {
    "grain_sheaf": _grain_sheaf,
    "rice_paddy": _rice_paddy,
    "cotton_plant": _cotton_plant,
    "cow": _cow,
    "sheep": _sheep,
    "deer": _deer,
    "horse": _horse,
    "fish": _fish,
    "whale": _whale,
    "banana_plant": _banana_plant,
    "ore_pile": _ore_pile,
    "ingot_stack": _ingot_stack,
    "crystal_cluster": _crystal_cluster,
    "stone_blocks": _stone_blocks,
    "oil_derrick": _oil_derrick,
    "barrel": _barrel,
    "sacks": _sacks,
    "fabric_bolts": _fabric_bolts,
    "amphora": _amphora,
    "incense_burner": _incense_burner,
    "pelts": _pelts,
}


def generate(spec: dict) -> bytes:
    """GLB bytes of one resource prop, scaled to fill `bounds` and standing on the ground."""
    shape = spec["shape"]
    if shape not in SHAPES:
        raise ValueError(f"resource {spec['id']}: unknown shape {shape!r}")
    kit = _Kit(spec)
    SHAPES[shape](kit)
    bounds = spec["bounds"]
    width, height, depth = float(bounds["width"]), float(bounds["height"]), float(bounds["depth"])
    low, high = kit.m.bounds()
    size = np.maximum(high - low, 1e-9)
    factor = 0.999 * min(width / size[0], height / size[1], depth / size[2])  # fill the box, a hair inside
    kit.m.transform(np.diag([factor, factor, factor, 1.0]))
    kit.m.fit_within(width=width, height=height, depth=depth)
    return kit.m.to_glb(int(spec["budget"]))
