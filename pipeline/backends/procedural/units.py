"""Procedural unit meshes: low-poly game tokens, one builder per `archetype`.

`generate(spec)` builds the unit in its `pose` (idle | move | attack) and
returns GLB bytes within `spec["budget"]` triangles, standing on the ground,
footprint centred, inside `spec["bounds"]`.

- foot: a human (head, torso, arms, legs, era headgear and kit) holding the
  `equipment`; mounted: the same rider seated on a four-legged horse;
  siege / wagon / ship / tank / aircraft: vehicles dressed by `equipment`.
- Poses change the silhouette: idle at rest, move striding / galloping /
  underway (wake, dust, rotated wheels), attack striking / firing (raised
  weapons, muzzle flashes, released siege arms, banking plane).
- Scale: models are built in metres (a human ~1.8 m), then scaled like game
  tokens to fill the unit bounds: every unit as large as its slot allows (a
  footman grows, a ship shrinks), so each reads at 64 px in the shared sprite
  frame. All three poses share one factor (the largest that lets every pose
  fit), so animation frames made from different pose meshes match.
- Randomness: one stream per *unit* (not per pose) from `rng_for`, so small
  variations (skin tone, horse and ox coats) agree between the poses.
Palette roles: primary = uniform / hull, secondary = leather / cloth / sails,
accent = metal / trim, a fourth colour (if any) = extra trim.
"""
from __future__ import annotations

import functools
import json
import math

import numpy as np
import trimesh
from trimesh.geometry import align_vectors

from . import meshkit as mk
from .common import mix, palette, rng_for, shade

Model = mk.Model
POSES = ("idle", "move", "attack")

# --- fixed neutrals (the palette carries the unit's identity, these the materials) ---
SKINS = [np.array(c) for c in ((0.88, 0.71, 0.56), (0.78, 0.58, 0.42), (0.60, 0.42, 0.29), (0.45, 0.31, 0.21))]
HAIR = np.array([0.17, 0.11, 0.07])
WOOD = np.array([0.56, 0.39, 0.22])
DARK_WOOD = np.array([0.34, 0.23, 0.13])
LEATHER = np.array([0.40, 0.26, 0.14])
STEEL = np.array([0.66, 0.68, 0.72])
IRON = np.array([0.24, 0.25, 0.27])
BRONZE = np.array([0.74, 0.52, 0.25])
ROPE = np.array([0.74, 0.64, 0.44])
CANVAS = np.array([0.92, 0.89, 0.80])
STRAW = np.array([0.86, 0.76, 0.44])
FUR = np.array([0.52, 0.42, 0.30])
BLACK = np.array([0.08, 0.08, 0.09])
STONE = np.array([0.56, 0.54, 0.50])
GLASS = np.array([0.45, 0.66, 0.82])
FLASH = np.array([1.00, 0.72, 0.18])
FLASH_CORE = np.array([1.00, 0.95, 0.70])
SMOKE = np.array([0.80, 0.80, 0.78])
DARK_SMOKE = np.array([0.30, 0.30, 0.32])
FOAM = np.array([0.94, 0.97, 1.00])
DUST = np.array([0.72, 0.63, 0.48])
COATS = [np.array(c) for c in ((0.45, 0.28, 0.15), (0.62, 0.34, 0.16), (0.74, 0.73, 0.70),
                                (0.15, 0.12, 0.11), (0.86, 0.83, 0.76))]
OX_COATS = [np.array(c) for c in ((0.52, 0.37, 0.24), (0.84, 0.79, 0.68), (0.30, 0.21, 0.15))]


def generate(spec: dict) -> bytes:
    return build(spec).to_glb(int(spec.get("budget", 10000)))


def build(spec: dict, pose: str | None = None) -> Model:
    """The unit in `pose` (default spec["pose"]), scaled like its other poses, grounded and centred."""
    pose = pose or spec.get("pose", "idle")
    if pose not in POSES:
        raise ValueError(f"unknown pose {pose!r}")
    bounds = spec.get("bounds") or {"width": 4.0, "depth": 4.0, "height": 4.0}
    box = np.array([bounds["width"], bounds["height"], bounds["depth"]], dtype=float)
    model = _raw(spec, pose)
    # One factor for all poses, filling the bounds; 0.995 leaves room for the GLB's 0.1 mm rounding.
    extents = np.array(_unit_extents(_design_key(spec)))
    factor = float(np.min(box / np.maximum(extents, 1e-9))) * 0.995
    model.transform(np.diag([factor, factor, factor, 1.0]))
    return model.fit_within(width=box[0], height=box[1], depth=box[2])


def _design_key(spec: dict) -> str:
    """The spec fields that shape the unit (not its pose, output name or prompt), as a cache key."""
    fields = {k: spec.get(k) for k in ("id", "seed", "prompt_seed", "palette", "era", "archetype", "equipment")}
    return json.dumps(fields, sort_keys=True)


@functools.lru_cache(maxsize=64)
def _unit_extents(key: str) -> tuple[float, float, float]:
    """Largest extents over the three poses (memoised: the three pose outputs share it)."""
    spec = json.loads(key)
    sizes = [np.ptp(_raw(spec, p).bounds(), axis=0) for p in POSES]
    return tuple(float(x) for x in np.max(sizes, axis=0))


def _raw(spec: dict, pose: str) -> Model:
    archetype = spec["archetype"]
    if archetype not in BUILDERS:
        raise ValueError(f"unknown unit archetype {archetype!r}")
    model = Model()
    unit = Unit(spec, pose)
    BUILDERS[archetype](model, unit)
    # This unit's own take on its type (from its seed and prompt, the same for every pose):
    # slightly stockier or slimmer, taller or shorter, so a reworded prompt is a new model.
    take = rng_for(dict(spec, output=spec["id"]), "take")
    girth, height = take.uniform(0.94, 1.06), take.uniform(0.95, 1.05)
    model.transform(np.diag([girth, height, girth, 1.0]))
    return model


class Unit:
    """Everything a builder needs: pose, era, equipment, palette roles, the unit's rng."""

    def __init__(self, spec: dict, pose: str) -> None:
        self.spec = spec
        self.id = spec["id"]
        self.pose = pose
        self.era = spec.get("era", "ancient")
        self.equipment = spec.get("equipment", "")
        # Per-unit stream: every pose draws the same numbers, so the poses stay one design.
        self.rng = rng_for(dict(spec, output=spec["id"]), "unit")
        p = palette(spec)
        self.primary = p[0]
        self.secondary = p[1] if len(p) > 1 else shade(p[0], 0.7)
        self.accent = p[2] if len(p) > 2 else shade(self.secondary, 1.3)
        self.extra = p[3] if len(p) > 3 else shade(self.secondary, 0.8)
        self.palette = p
        self.skin = SKINS[int(self.rng.integers(len(SKINS)))]
        # Plate and helmets: the greyest palette colour if one is steel-like, else steel.
        self.metal = _greyest([self.secondary, self.accent], STEEL)


def _greyest(colours, default):
    best = min(colours, key=lambda c: float(np.ptp(c)))
    return best if float(np.ptp(best)) < 0.08 and float(np.mean(best)) > 0.35 else default


# =============================================================================
# geometry helpers (all closed shells)
# =============================================================================

def _v(*xyz) -> np.ndarray:
    return np.array(xyz, dtype=float)


def _unit(vector) -> np.ndarray:
    vector = np.asarray(vector, dtype=float)
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


def _aligned(mesh: trimesh.Trimesh, start, direction) -> trimesh.Trimesh:
    """Rotate a mesh built along +Y so +Y points along `direction`, then move its origin to `start`."""
    mesh.apply_transform(align_vectors([0.0, 1.0, 0.0], _unit(direction)))
    mesh.apply_translation(np.asarray(start, dtype=float))
    return mesh


def rod(a, b, r0: float, r1: float | None = None, sections: int = 6) -> trimesh.Trimesh:
    """Round (or tapered) bar from point a to point b, built directly in place (the hot path)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    r1 = r0 if r1 is None else r1
    axis = b - a
    if np.linalg.norm(axis) < 1e-4:
        axis = np.array([0.0, 1e-4, 0.0])
        b = a + axis
    w = _unit(axis)
    helper = np.array([1.0, 0.0, 0.0]) if abs(w[0]) < 0.9 else np.array([0.0, 0.0, 1.0])
    p = _unit(np.cross(w, helper))
    q = np.cross(w, p)
    angles = np.linspace(0.0, 2 * math.pi, sections, endpoint=False) + math.pi / sections
    ring = np.outer(np.cos(angles), p) + np.outer(np.sin(angles), q)
    vertices = np.vstack([a + ring * r0, b + ring * r1, a[None], b[None]])
    faces = []
    n = sections
    for i in range(n):
        j = (i + 1) % n
        faces += [[i, j, n + j], [i, n + j, n + i], [2 * n, j, i], [2 * n + 1, n + i, n + j]]
    mesh = trimesh.Trimesh(vertices=vertices, faces=np.array(faces), process=False)
    if np.dot(np.cross(p, q), w) < 0:  # keep the faces pointing outwards whatever the basis handedness
        mesh.faces = mesh.faces[:, ::-1]
    return mesh


def bar(a, b, thickness: float) -> trimesh.Trimesh:
    """Square-section bar from a to b (rims, spokes, frames): a four-sided rod."""
    return rod(a, b, thickness * 0.7071, sections=4)


def cone_at(base, direction, radius: float, height: float, sections: int = 8) -> trimesh.Trimesh:
    return _aligned(mk.cone(radius, height, sections), base, direction)


def ball(centre, radius: float, sub: int = 1, sy: float = 1.0, sx: float = 1.0, sz: float = 1.0) -> trimesh.Trimesh:
    return mk.moved(mk.scaled(mk.sphere(radius, sub), sx, sy, sz), *centre)


def xcyl(radius: float, length: float, sections: int = 12) -> trimesh.Trimesh:
    """Cylinder along X (axles, wheels)."""
    return mk.rotated(mk.cylinder(radius, length, sections), 90, (0, 0, 1))


def zcyl(radius: float, length: float, sections: int = 12) -> trimesh.Trimesh:
    """Cylinder along Z (barrels, fuselages)."""
    return mk.rotated(mk.cylinder(radius, length, sections), 90, (1, 0, 0))


def loft(rings) -> trimesh.Trimesh:
    """Closed shell through rings of equal size (each a star-shaped loop), capped at both ends."""
    rings = [np.asarray(r, dtype=float) for r in rings]
    k, n = len(rings[0]), len(rings)
    vertices = np.vstack(rings + [rings[0].mean(0)[None], rings[-1].mean(0)[None]])
    faces = []
    for i in range(n - 1):
        for j in range(k):
            a, b = i * k + j, i * k + (j + 1) % k
            c, d = a + k, b + k
            faces += [[a, b, d], [a, d, c]]
    c0, c1 = n * k, n * k + 1
    for j in range(k):
        faces.append([c0, (j + 1) % k, j])
        faces.append([c1, (n - 1) * k + j, (n - 1) * k + (j + 1) % k])
    mesh = trimesh.Trimesh(vertices=vertices, faces=np.array(faces), process=False)
    mesh.fix_normals()
    return mesh


def slab(points_xy, thickness: float) -> trimesh.Trimesh:
    """Convex polygon drawn in the XY plane, extruded `thickness` along Z (centred): sails, shields, fins."""
    mesh = mk.prism([(x, y) for x, y in points_xy], thickness)  # drawn in XZ, extruded along Y
    mesh.apply_translation((0, -thickness / 2, 0))
    return mk.rotated(mesh, -90, (1, 0, 0))  # -90 deg about X: prism Z -> Y, extrusion Y -> Z


class Frame:
    """A local frame (origin, forward = local +Z, up = local +Y) for parts built axis-aligned."""

    def __init__(self, origin, forward=(0, 0, 1), up=(0, 1, 0)) -> None:
        f = _unit(forward)
        u = np.asarray(up, dtype=float)
        u = u - np.dot(u, f) * f
        if np.linalg.norm(u) < 1e-6:
            u = np.array([0.0, 0.0, 1.0]) if abs(f[1]) > 0.9 else np.array([0.0, 1.0, 0.0])
            u = u - np.dot(u, f) * f
        u = _unit(u)
        x = np.cross(u, f)
        self.matrix = np.eye(4)
        self.matrix[:3, 0], self.matrix[:3, 1], self.matrix[:3, 2] = x, u, f
        self.matrix[:3, 3] = np.asarray(origin, dtype=float)

    def p(self, x=0.0, y=0.0, z=0.0) -> np.ndarray:
        return (self.matrix @ np.array([x, y, z, 1.0]))[:3]

    def d(self, x=0.0, y=0.0, z=0.0) -> np.ndarray:
        return self.matrix[:3, :3] @ np.array([x, y, z], dtype=float)

    def add(self, m: Model, mesh: trimesh.Trimesh, colour) -> None:
        m.add(mesh.apply_transform(self.matrix), colour)


def _ik(root, target, l1: float, l2: float, hint):
    """Two-bone reach: the middle joint (elbow / knee) bent towards `hint`, and the reachable end."""
    root, target = np.asarray(root, float), np.asarray(target, float)
    d = target - root
    dist = float(np.linalg.norm(d))
    direction = _unit(d) if dist > 1e-6 else np.array([0.0, -1.0, 0.0])
    dist = min(max(dist, abs(l1 - l2) + 1e-3), (l1 + l2) * 0.999)
    end = root + direction * dist
    a = (l1 * l1 - l2 * l2 + dist * dist) / (2 * dist)
    h = math.sqrt(max(l1 * l1 - a * a, 0.0))
    hint = np.asarray(hint, float)
    perp = hint - np.dot(hint, direction) * direction
    if np.linalg.norm(perp) < 1e-6:
        perp = np.array([0.0, 0.0, 1.0]) - direction[2] * direction
    return root + direction * a + _unit(perp) * h, end


# --- effects --------------------------------------------------------------------

def flash(m: Model, tip, direction, size: float = 1.0, smoke: bool = True) -> None:
    """Muzzle flash: a bright cone out of the muzzle, a core, and a puff of smoke."""
    direction = _unit(direction)
    m.add(cone_at(tip, direction, 0.16 * size, 0.55 * size, 8), FLASH)
    m.add(ball(np.asarray(tip) + direction * 0.08 * size, 0.12 * size, 1), FLASH_CORE)
    if smoke:
        side = _unit(np.cross(direction, [0, 1, 0]) + [0, 1e-3, 0])
        for k, (s, off) in enumerate(((0.22, 0.55), (0.28, 0.85), (0.2, 0.75))):
            centre = np.asarray(tip) + direction * off * size + side * (k - 1) * 0.18 * size + [0, 0.1 * k * size, 0]
            m.add(ball(centre, s * size, 1), SMOKE)


def dust(m: Model, points, size: float = 1.0) -> None:
    """Dust puffs kicked up behind wheels, tracks and hooves."""
    for k, p in enumerate(points):
        s = size * (0.8 + 0.25 * (k % 3))
        m.add(ball(np.asarray(p, float) + [0, s * 0.6, 0], s, 1, sy=0.75), DUST)


def smoke_trail(m: Model, start, direction, count: int = 4, size: float = 0.3, colour=DARK_SMOKE) -> None:
    direction = np.asarray(direction, float)
    for k in range(count):
        m.add(ball(np.asarray(start, float) + direction * k, size * (1 + 0.3 * k), 1), colour)


# =============================================================================
# humans
# =============================================================================

HIP_Y = 0.95
SHOULDERS = {"R": _v(-0.2, 1.42, 0.0), "L": _v(0.2, 1.42, 0.0)}  # the figure faces +Z: its right is -X
UPPER_ARM, FOREARM = 0.30, 0.29
THIGH, SHIN = 0.44, 0.445
ANKLE_Y = 0.07

# Stance per pose: hip height, forward lean of the upper body (deg), ankle positions.
STANCES = {
    "idle": dict(hip=0.95, lean=0.0, L=_v(0.12, ANKLE_Y, 0.02), R=_v(-0.12, ANKLE_Y, 0.02)),
    "move": dict(hip=0.91, lean=9.0, L=_v(0.11, ANKLE_Y, 0.38), R=_v(-0.11, 0.15, -0.30)),
    "attack": dict(hip=0.86, lean=5.0, L=_v(0.21, ANKLE_Y, 0.40), R=_v(-0.21, ANKLE_Y, -0.36)),
}

# Kit per era, then per (era, equipment): headgear, body, legs, extras.
ERA_OUTFIT = {
    "ancient": dict(head="leather_cap", torso="tunic", legs="bare", skirt=True),
    "classical": dict(head="crested", torso="armour", legs="bare", skirt=True),
    "medieval": dict(head="kettle", torso="tunic", legs="hose", skirt=True),
    "renaissance": dict(head="morion", torso="coat", legs="boots", skirt=True),
    "industrial": dict(head="kepi", torso="coat", legs="boots", skirt=False),
    "modern": dict(head="steel_helmet", torso="coat", legs="boots", skirt=False),
}
OUTFITS = {
    ("ancient", "club"): dict(head="hair", torso="bare", skirt=False, extras=("loincloth", "fur")),
    ("ancient", "staff"): dict(head="hood", extras=("cloak", "satchel")),
    ("ancient", "bow"): dict(head="leather_cap", extras=("quiver",)),
    ("ancient", "spear"): dict(head="bronze_cap", extras=("round_shield",)),
    ("ancient", "tools"): dict(head="straw_hat", extras=("apron",)),
    ("classical", "sword"): dict(extras=("scutum",)),
    ("classical", "spear"): dict(extras=("cloak",)),
    ("medieval", "crossbow"): dict(head="kettle", extras=("bolt_quiver",)),
    ("medieval", "lance"): dict(head="great_helm", torso="plate", legs="plate", extras=("kite_shield",)),
    ("medieval", "pike"): dict(head="kettle", extras=("breastplate",)),
    ("renaissance", "musket"): dict(head="wide_hat", extras=("bandolier",)),
    ("renaissance", "lance"): dict(head="morion", skirt=False, extras=("breastplate", "sash")),
    ("industrial", "rifle"): dict(head="kepi", extras=("webbing",)),
    ("industrial", "sabre"): dict(head="shako", extras=("braid",)),
    ("modern", "rifle"): dict(head="steel_helmet", extras=("vest", "backpack")),
}


def outfit_for(era: str, equipment: str) -> dict:
    outfit = dict(ERA_OUTFIT.get(era, ERA_OUTFIT["ancient"]), extras=())
    outfit.update(OUTFITS.get((era, equipment), {}))
    return outfit


def human(m: Model, u: Unit, pose: str, seated: bool = False) -> None:
    """A soldier / worker standing (feet at y=0) or seated astride (hip at HIP_Y, legs apart)."""
    outfit = outfit_for(u.era, u.equipment)
    stance = STANCES["idle" if seated else pose]
    up = Model()  # upper body, built in the idle frame, then lowered and leaned as one
    _torso(up, u, outfit, pose)
    head = _v(0.0, 1.64, 0.01)
    _head(up, u, outfit["head"], head)
    weapon = WEAPONS.get(u.equipment, _empty_hands)
    hands = weapon(up, u, pose, seated)
    right, left = hands
    if left is None:
        left = _shield(up, u, outfit, pose, seated)
    right = right if right is not None else _rest_hand("R", pose, seated)
    left = left if left is not None else _rest_hand("L", pose, seated)
    sleeve = _sleeve_colour(u, outfit)
    for side, target in (("R", right), ("L", left)):
        shoulder = SHOULDERS[side]
        out = -1.0 if side == "R" else 1.0
        elbow, hand = _ik(shoulder, target, UPPER_ARM, FOREARM, _v(out * 0.7, -0.35, -0.8))
        up.add(ball(shoulder, 0.07, 0), sleeve)
        up.add(rod(shoulder, elbow, 0.055), sleeve)
        up.add(ball(elbow, 0.05, 0), sleeve)
        up.add(rod(elbow, hand, 0.046, 0.04), _forearm_colour(u, outfit))
        up.add(ball(hand, 0.05, 0), LEATHER if outfit["torso"] == "plate" else u.skin)
    hip = stance["hip"]
    lean = 4.0 if seated else stance["lean"]
    up.translate(0.0, hip - HIP_Y, 0.0)
    up.rotate(lean, (1, 0, 0), about=(0, hip, 0))
    m.extend(up)
    _legs(m, u, outfit, stance, seated)


def _rest_hand(side: str, pose: str, seated: bool) -> np.ndarray:
    out = -1.0 if side == "R" else 1.0
    if seated:
        return _v(out * 0.16, 1.12, 0.3)  # hands on the reins
    if pose == "move":  # arms swing against the legs: right arm forward with the left leg
        return _v(out * 0.25, 1.0, 0.22 if side == "R" else -0.2)
    if pose == "attack":
        return _v(out * 0.3, 1.15, 0.25)
    return _v(out * 0.27, 0.92, 0.04)


def _sleeve_colour(u: Unit, outfit: dict):
    if outfit["torso"] == "bare":
        return u.skin
    if outfit["torso"] == "plate":
        return u.metal
    return u.primary


def _forearm_colour(u: Unit, outfit: dict):
    if outfit["torso"] == "plate":
        return u.metal
    if u.era in ("ancient", "classical") or outfit["torso"] == "bare":
        return u.skin
    return shade(u.primary, 0.9)


def _torso(m: Model, u: Unit, outfit: dict, pose: str) -> None:
    torso = outfit["torso"]
    body = {"bare": u.skin, "plate": u.metal}.get(torso, u.primary)
    m.add(mk.moved(mk.scaled(mk.frustum(0.15, 0.205, 0.52, 8), 1, 1, 0.62), 0, 0.93, 0), body)
    m.add(mk.moved(mk.scaled(mk.cylinder(0.16, 0.16, 8), 1, 1, 0.7), 0, 0.95, 0), shade(body, 0.85))  # pelvis
    m.add(mk.moved(mk.cylinder(0.05, 0.12, 6), 0, 1.5, 0.0), u.skin)  # neck
    m.add(mk.moved(mk.scaled(mk.cylinder(0.165, 0.04, 8), 1, 1, 0.72), 0, 1.0, 0), LEATHER)  # belt
    if torso == "armour":  # segmented bands (lorica) in the metal colour
        metal = u.metal if u.metal is not STEEL else mix(u.accent, STEEL, 0.5)
        for y in (1.08, 1.18, 1.28):
            m.add(mk.moved(mk.scaled(mk.cylinder(0.19, 0.05, 8), 1, 1, 0.68), 0, y, 0), metal)
        m.add(mk.moved(mk.scaled(mk.cylinder(0.215, 0.07, 8), 1, 1, 0.66), 0, 1.4, 0), metal)
    if torso == "plate":  # surcoat over plate
        m.add(mk.moved(mk.box(0.3, 0.42, 0.04), 0, 1.17, 0.12), u.primary)
        m.add(mk.moved(mk.box(0.05, 0.3, 0.045), 0, 1.22, 0.125), u.accent)
    if outfit.get("skirt"):
        colour = shade(u.primary, 0.9) if torso != "plate" else u.primary
        length = 0.22 if u.era in ("ancient", "classical") else 0.3
        m.add(mk.moved(mk.scaled(mk.frustum(0.24, 0.165, length, 8), 1, 1, 0.72), 0, 0.98 - length, 0), colour)
    extras = outfit.get("extras", ())
    if "loincloth" in extras:
        m.add(mk.moved(mk.scaled(mk.frustum(0.2, 0.165, 0.2, 8), 1, 1, 0.75), 0, 0.78, 0), u.primary)
    if "fur" in extras:  # pelt over one shoulder
        m.add(ball((0.1, 1.36, 0.0), 0.16, 1, sy=0.55, sz=0.75), FUR)
        m.add(rod((0.16, 1.42, 0.08), (-0.14, 1.02, 0.1), 0.05), u.accent)  # bone necklace strap
    if "cloak" in extras:
        sweep = 28.0 if pose == "move" else 10.0
        cloak = mk.moved(mk.box(0.44, 0.9, 0.04), 0, -0.45, -0.03)
        cloak = mk.rotated(cloak, -sweep, (1, 0, 0))
        m.add(mk.moved(cloak, 0, 1.45, -0.13), u.secondary)
    if "satchel" in extras:
        m.add(mk.moved(mk.box(0.08, 0.16, 0.2), 0.2, 0.98, 0.0), LEATHER)
        m.add(rod((0.18, 1.06, 0.0), (-0.16, 1.44, 0.0), 0.018), LEATHER)
    if "quiver" in extras:
        m.add(rod((0.1, 0.95, -0.16), (-0.08, 1.52, -0.2), 0.06, sections=8), u.secondary)
        for dx in (-0.03, 0.0, 0.03):
            m.add(cone_at((-0.08 + dx, 1.5, -0.2), (-0.25, 1, -0.05), 0.03, 0.14, 4), CANVAS)
    if "bolt_quiver" in extras:
        m.add(mk.moved(mk.box(0.1, 0.22, 0.14), -0.2, 0.9, -0.02), LEATHER)
    if "apron" in extras:
        m.add(mk.moved(mk.box(0.3, 0.5, 0.03), 0, 0.92, 0.13), LEATHER)
    if "breastplate" in extras:
        m.add(mk.moved(mk.scaled(mk.frustum(0.17, 0.215, 0.36, 8), 1, 1, 0.68), 0, 1.07, 0), u.metal)
    if "bandolier" in extras:
        m.add(rod((0.19, 1.44, 0.02), (-0.17, 0.98, 0.04), 0.03), u.secondary)
        for t in (0.25, 0.45, 0.65):
            m.add(ball(mix(_v(0.19, 1.44, 0.14), _v(-0.17, 0.98, 0.14), t), 0.03, 0), u.accent)
    if "sash" in extras:
        m.add(rod((0.19, 1.42, 0.04), (-0.17, 0.98, 0.06), 0.045), u.accent)
    if "webbing" in extras:
        for side in (-1, 1):
            m.add(rod((side * 0.13, 1.46, 0.05), (-side * 0.12, 1.0, 0.08), 0.022), u.secondary)
        m.add(mk.moved(mk.box(0.12, 0.09, 0.06), 0.12, 1.0, 0.11), u.secondary)
    if "braid" in extras:
        for y in (1.18, 1.26, 1.34):
            m.add(mk.moved(mk.box(0.22, 0.025, 0.02), 0, y, 0.125), u.accent)
    if "vest" in extras:
        m.add(mk.moved(mk.scaled(mk.frustum(0.185, 0.215, 0.4, 8), 1, 1, 0.7), 0, 1.02, 0), shade(u.secondary, 0.9))
        for x in (-0.09, 0.0, 0.09):
            m.add(mk.moved(mk.box(0.07, 0.09, 0.05), x, 1.12, 0.14), shade(u.secondary, 0.75))
    if "backpack" in extras:
        m.add(mk.moved(mk.box(0.3, 0.36, 0.16), 0, 1.22, -0.2), shade(u.secondary, 0.85))
        m.add(mk.moved(xcyl(0.06, 0.32, 8), 0, 1.43, -0.2), shade(u.primary, 0.8))  # bedroll


def _head(m: Model, u: Unit, kind: str, h: np.ndarray) -> None:
    m.add(ball(h, 0.115, 1, sy=1.1), u.skin)
    nose = mk.moved(mk.box(0.03, 0.05, 0.05), h[0], h[1] - 0.01, h[2] + 0.11)  # shows which way it faces
    m.add(nose, shade(u.skin, 0.92))
    cap = lambda colour, s=1.0: m.add(ball(h + [0, 0.035, -0.005], 0.125 * s, 1, sy=0.72), colour)  # noqa: E731
    if kind == "hair":
        m.add(ball(h + [0, 0.04, -0.025], 0.13, 1, sy=0.85), HAIR)
        m.add(cone_at(h + [0, 0.1, -0.06], (0, 0.6, -1), 0.07, 0.16, 5), HAIR)
        m.add(mk.moved(mk.box(0.2, 0.025, 0.02), h[0], h[1] + 0.02, h[2] + 0.105), (0.75, 0.12, 0.1))  # war paint
    elif kind == "hood":
        m.add(ball(h + [0, 0.03, -0.035], 0.145, 1, sy=1.05), u.secondary)
        m.add(cone_at(h + [0, 0.08, -0.12], (0, -0.3, -1), 0.06, 0.12, 5), u.secondary)
    elif kind == "leather_cap":
        cap(u.secondary)
    elif kind == "bronze_cap":
        cap(BRONZE if u.accent is None else mix(u.accent, BRONZE, 0.5))
        m.add(cone_at(h + [0, 0.12, 0], (0, 1, 0), 0.03, 0.06, 5), BRONZE)
    elif kind == "straw_hat":
        m.add(mk.moved(mk.cone(0.3, 0.17, 10), *(h + [0, 0.05, 0])), STRAW)
    elif kind == "crested":
        metal = mix(u.accent, BRONZE, 0.4)
        cap(metal, 1.05)
        m.add(mk.moved(mk.box(0.035, 0.1, 0.3), *(h + [0, 0.16, -0.02])), u.primary)  # horsehair crest
        for side in (-1, 1):  # cheek guards
            m.add(mk.moved(mk.box(0.02, 0.12, 0.08), *(h + [side * 0.11, -0.04, 0.03])), metal)
    elif kind == "great_helm":
        m.add(mk.moved(mk.cylinder(0.135, 0.3, 10), *(h + [0, 0.01, 0])), u.metal)
        m.add(mk.moved(mk.box(0.2, 0.025, 0.04), *(h + [0, 0.03, 0.12])), BLACK)  # eye slit
        m.add(mk.moved(mk.box(0.025, 0.2, 0.03), *(h + [0, -0.03, 0.13])), u.accent)
        m.add(ball(h + [0, 0.2, 0], 0.05, 0, sy=0.5), u.accent)
    elif kind == "kettle":
        cap(u.metal, 1.04)
        m.add(mk.moved(mk.frustum(0.25, 0.13, 0.07, 10), *(h + [0, 0.03, 0])), u.metal)
    elif kind == "morion":
        cap(u.metal, 1.08)
        m.add(ball(h + [0, 0.03, 0], 0.26, 1, sy=0.12, sx=0.6), u.metal)  # boat-shaped brim
        m.add(mk.moved(mk.box(0.02, 0.1, 0.22), *(h + [0, 0.15, 0])), u.metal)  # comb
        m.add(ball(h + [0, 0.2, -0.12], 0.07, 1, sy=1.4), u.accent)  # plume
    elif kind == "wide_hat":
        m.add(mk.moved(mk.cylinder(0.27, 0.025, 12), *(h + [0, 0.06, 0])), BLACK)
        m.add(mk.moved(mk.frustum(0.13, 0.11, 0.13, 10), *(h + [0, 0.06, 0])), BLACK)
        m.add(rod(h + [0.1, 0.12, -0.02], h + [0.16, 0.26, -0.22], 0.035, 0.012, 5), u.accent)  # feather
    elif kind == "kepi":
        kepi = mk.rotated(mk.frustum(0.12, 0.1, 0.15, 10), -12, (1, 0, 0))
        m.add(mk.moved(kepi, *(h + [0, 0.04, 0])), u.primary)
        m.add(mk.moved(mk.box(0.17, 0.015, 0.08), *(h + [0, 0.045, 0.12])), BLACK)
    elif kind == "shako":
        m.add(mk.moved(mk.frustum(0.115, 0.13, 0.22, 10), *(h + [0, 0.04, 0])), BLACK)
        m.add(mk.moved(mk.box(0.17, 0.015, 0.08), *(h + [0, 0.045, 0.12])), BLACK)
        m.add(ball(h + [0, 0.32, 0.04], 0.05, 1, sy=1.8), u.accent)  # plume
        m.add(mk.moved(mk.box(0.07, 0.07, 0.02), *(h + [0, 0.15, 0.12])), u.accent)  # badge
    elif kind == "steel_helmet":
        m.add(ball(h + [0, 0.04, -0.005], 0.15, 1, sy=0.72, sz=1.05), shade(u.primary, 0.9))
        m.add(mk.moved(mk.frustum(0.175, 0.15, 0.03, 10), *(h + [0, 0.01, 0])), shade(u.primary, 0.8))


def _legs(m: Model, u: Unit, outfit: dict, stance: dict, seated: bool) -> None:
    legs = outfit["legs"]
    thigh_c = {"bare": u.skin, "plate": u.metal}.get(legs, shade(u.primary, 0.7))
    boots = BLACK if u.era != "renaissance" else LEATHER
    shin_c = {"bare": u.skin, "plate": u.metal, "boots": boots}.get(legs, thigh_c)
    foot_c = {"bare": LEATHER, "plate": u.metal}.get(legs, BLACK if legs == "boots" else LEATHER)
    hip_y = stance["hip"]
    for side in ("L", "R"):
        out = 1.0 if side == "L" else -1.0
        hip = _v(out * 0.1, hip_y, 0.0)
        if seated:  # astride: thighs forward and apart around the horse's barrel, shins down
            knee = _v(out * 0.33, hip_y - 0.2, 0.3)
            ankle = _v(out * 0.34, hip_y - 0.6, 0.12)
        else:
            knee, ankle = _ik(hip, stance[side], THIGH, SHIN, _v(out * 0.1, 0.0, 1.0))
        m.add(rod(hip, knee, 0.075, 0.062), thigh_c)
        m.add(ball(knee, 0.062, 0), thigh_c)
        m.add(rod(knee, ankle, 0.062, 0.048), shin_c)
        lift = 0.0 if seated else max(ankle[1] - ANKLE_Y, 0.0)
        foot = mk.moved(mk.box(0.1, 0.07, 0.24), 0, 0, 0.05)
        foot = mk.rotated(foot, 25.0 if lift > 0.03 else 0.0, (1, 0, 0))  # heel lifted on the back foot
        if seated:
            foot = mk.rotated(foot, -10.0, (1, 0, 0))
        m.add(mk.moved(foot, *(ankle + [0, -0.035, 0])), foot_c)


def _empty_hands(up, u, pose, seated):
    return None, None


# --- shields (left arm, when the weapon leaves it free) -------------------------

def _shield(up: Model, u: Unit, outfit: dict, pose: str, seated: bool):
    extras = outfit.get("extras", ())
    kind = next((k for k in ("round_shield", "scutum", "kite_shield") if k in extras), None)
    if kind is None:
        return None
    if seated:
        hand = _v(0.3, 1.2, 0.15)
        frame = Frame(hand + [0.06, 0, 0], forward=(1, 0, 0.25))
    elif pose == "idle":
        hand = _v(0.3, 1.0, 0.12)
        frame = Frame(hand + [0.05, 0.02, 0.12], forward=(0.5, 0, 1))
    elif pose == "move":
        hand = _v(0.24, 1.1, 0.32)
        frame = Frame(hand + [0.0, 0.02, 0.07], forward=(0.25, 0, 1))
    else:  # attack: shield pushed forward as cover
        hand = _v(0.16, 1.22, 0.42)
        frame = Frame(hand + [0.0, 0.02, 0.07], forward=(0.1, 0, 1))
    if kind == "round_shield":
        frame.add(up, mk.moved(zcyl(0.3, 0.05, 12), 0, 0, 0), u.secondary)
        frame.add(up, mk.moved(zcyl(0.31, 0.03, 12), 0, 0, -0.005), u.accent)  # rim
        frame.add(up, ball((0, 0, 0.03), 0.07, 1, sz=0.6), u.accent)
    elif kind == "scutum":  # tall curved rectangle: three boards bent around the bearer
        for k in (-1, 0, 1):  # side boards turned back so their inner edges meet the centre board's
            board = mk.rotated(mk.box(0.24, 0.95, 0.04), 28 * k, (0, 1, 0))
            frame.add(up, mk.moved(board, k * 0.226, 0, -0.056 * abs(k)), u.primary)
        frame.add(up, ball((0, 0, 0.03), 0.07, 1, sz=0.6), u.accent)
        frame.add(up, mk.moved(mk.box(0.05, 0.7, 0.045), 0, 0, 0.005), u.accent)
    else:  # kite shield: convex five-sided slab, pointing down
        pts = [(-0.24, 0.3), (0.24, 0.3), (0.22, -0.05), (0.0, -0.55), (-0.22, -0.05)]
        frame.add(up, slab(pts, 0.05), u.primary)
        frame.add(up, mk.moved(mk.box(0.06, 0.6, 0.055), 0, -0.05, 0.0), u.accent)
        frame.add(up, mk.moved(mk.box(0.38, 0.06, 0.055), 0, 0.12, 0.0), u.accent)
    return hand


# --- weapons: each adds its parts and returns the (right, left) hand targets ---

def _polearm(up, butt, tip, r, head_len, head_r, shaft_c, head_c, sections=6):
    butt, tip = np.asarray(butt, float), np.asarray(tip, float)
    d = _unit(tip - butt)
    up.add(rod(butt, tip - d * head_len * 0.6, r, sections=sections), shaft_c)
    up.add(cone_at(tip - d * head_len, d, head_r, head_len, 6), head_c)
    return lambda t: butt + (tip - butt) * t


def _w_club(up, u, pose, seated):
    if pose == "idle":
        hand, head = _v(-0.3, 0.92, 0.08), _v(-0.33, 0.38, 0.24)
        left = None
    elif pose == "move":  # resting on the shoulder
        hand, head = _v(-0.27, 1.28, 0.25), _v(-0.24, 1.78, -0.22)
        left = None
    else:  # raised overhead to strike
        hand, head = _v(-0.18, 1.95, 0.14), _v(-0.12, 2.5, -0.12)
        left = _v(0.3, 1.32, 0.38)
    d = _unit(head - hand)
    up.add(rod(hand - d * 0.1, head, 0.032, 0.07), WOOD)
    up.add(ball(head, 0.09, 1), DARK_WOOD)
    up.add(ball(head - d * 0.15 + [0.04, 0, 0], 0.05, 0), DARK_WOOD)  # knot
    return hand, left


def _w_staff(up, u, pose, seated):
    if pose == "idle":
        butt, top = _v(-0.36, 0.0, 0.12), _v(-0.36, 1.95, 0.12)
        right, left = _v(-0.36, 1.22, 0.12), _v(0.05, 1.67, 0.16)  # left hand shades the eyes
    elif pose == "move":  # a walking stick planted ahead
        butt, top = _v(-0.34, 0.05, 0.62), _v(-0.32, 1.85, -0.08)
        right, left = butt + (top - butt) * 0.63, None
    else:  # swung two-handed
        butt, top = _v(0.42, 0.75, 0.3), _v(-0.55, 2.1, 0.35)
        right, left = butt + (top - butt) * 0.62, butt + (top - butt) * 0.35
    up.add(rod(butt, top, 0.025), WOOD)
    up.add(ball(top, 0.04, 0), DARK_WOOD)
    return right, left


def _bow(up, grip, up_axis, back, draw=None, colour=WOOD):
    """Recurve bow: limbs bent towards `back` (the archer); string straight or drawn to `draw`."""
    grip, up_axis, back = np.asarray(grip, float), _unit(up_axis), _unit(back)
    pts = [grip + up_axis * s * 0.62 + back * (0.16 * s * s - 0.03 * s ** 4) for s in np.linspace(-1, 1, 7)]
    for a, b in zip(pts[:-1], pts[1:]):
        up.add(rod(a, b, 0.022, sections=5), colour)
    if draw is None:
        up.add(rod(pts[0], pts[-1], 0.006, sections=4), CANVAS)
    else:
        up.add(rod(pts[0], draw, 0.006, sections=4), CANVAS)
        up.add(rod(draw, pts[-1], 0.006, sections=4), CANVAS)


def _w_bow(up, u, pose, seated):
    if pose == "attack":  # full draw: bow arm straight forward, string hand at the chin
        grip = _v(0.1, 1.5, 0.56)
        draw = _v(-0.05, 1.53, 0.06)
        _bow(up, grip, (0.05, 1, 0.0), (0, 0, -1), draw)
        d = _unit(grip - draw)
        up.add(rod(draw, grip + d * 0.12, 0.01, sections=4), WOOD)
        up.add(cone_at(grip + d * 0.1, d, 0.025, 0.07, 4), STEEL)
        return draw, grip
    grip = _v(0.3, 0.98, 0.12) if pose == "idle" else _v(0.27, 1.12, 0.3)
    tilt = (0.15, 1, 0.35) if pose == "idle" else (0.05, 1, -0.25)
    _bow(up, grip, tilt, (-1, 0, 0) if pose == "idle" else (0, 0, -1))
    return None, grip


def _w_spear(up, u, pose, seated, length=2.3):
    if seated:
        if pose == "idle":
            butt = _v(-0.36, 0.55, 0.2)
            tip = butt + _v(0, length, 0.15)
        elif pose == "move":
            butt = _v(-0.3, 0.9, -0.6)
            tip = butt + _unit((0, 0.55, 1)) * length
        else:  # overhand thrust, down and forward
            butt = _v(-0.25, 2.0, -0.7)
            tip = butt + _unit((0, -0.35, 1)) * length
    elif pose == "idle":
        butt, tip = _v(-0.33, 0.0, 0.15), _v(-0.33, length, 0.18)
    elif pose == "move":  # sloped over the shoulder, point up and back
        butt = _v(-0.27, 0.75, 0.7)
        tip = butt + _unit((0, 0.75, -0.8)) * length
    else:
        butt = _v(-0.22, 1.95, -0.75)
        tip = butt + _unit((0, -0.2, 1)) * length
    along = _polearm(up, butt, tip, 0.024, 0.24, 0.05, WOOD, mix(u.accent, BRONZE, 0.4))
    right = _closest(along, _v(-0.3, 1.15 if pose != "attack" else 1.85, 0.1))
    return right, None


def _closest(along, target):
    ts = np.linspace(0, 1, 101)
    points = np.array([along(t) for t in ts])
    return points[int(np.argmin(np.linalg.norm(points - target, axis=1)))]


def _w_pike(up, u, pose, seated):
    length = 3.7
    if pose == "idle":  # upright, butt on the ground
        butt, tip = _v(-0.32, 0.0, 0.14), _v(-0.32, length, 0.2)
        right, left = _v(-0.32, 1.2, 0.15), None
    elif pose == "move":  # sloped over the shoulder
        butt = _v(-0.26, 1.05, 0.55)
        tip = butt + _unit((0, 0.72, -0.7)) * length
        right, left = butt + _unit((0, 0.72, -0.7)) * 0.12, None
    else:  # levelled at the enemy
        butt = _v(-0.16, 1.28, -1.0)
        tip = butt + _unit((0.03, 0.02, 1)) * length
        right, left = butt + (tip - butt) * 0.27, butt + (tip - butt) * 0.38
    _polearm(up, butt, tip, 0.022, 0.22, 0.04, WOOD, STEEL)
    return right, left


def _w_lance(up, u, pose, seated):
    length = 3.0
    if pose == "idle":  # upright, butt resting by the stirrup
        butt = _v(-0.36, 0.6, 0.18)
        direction = _unit((0, 1, 0.12))
    elif pose == "move":
        butt = _v(-0.34, 0.8, -0.4)
        direction = _unit((0, 0.85, 1))
    else:  # couched under the arm, levelled
        butt = _v(-0.24, 1.22, -0.6)
        direction = _unit((0.12, 0.0, 1))
    tip = butt + direction * length
    wood = WOOD if u.era != "medieval" else u.accent
    up.add(rod(butt, tip, 0.03, 0.014, 6), wood)
    vamplate = butt + direction * 0.55
    up.add(cone_at(vamplate - direction * 0.05, -direction, 0.09, 0.2, 8), u.metal)
    up.add(cone_at(tip - direction * 0.1, direction, 0.025, 0.15, 5), STEEL)
    if u.era == "renaissance":  # pennon just behind the point
        side = _unit(np.cross(direction, (1, 0, 0)))
        pennon = tip - direction * 0.25
        pts = [pennon, pennon - direction * 0.35, pennon - direction * 0.1 + side * 0.25]
        up.add(_tri_slab(pts, 0.015), u.primary)
    right = butt + direction * 0.42
    return right, None


def _tri_slab(points, thickness):
    """A thin triangular plate through three points (pennons, lateen sails)."""
    a, b, c = (np.asarray(p, float) for p in points)
    n = _unit(np.cross(b - a, c - a)) * thickness / 2
    vertices = np.array([a - n, b - n, c - n, a + n, b + n, c + n])
    faces = np.array([[0, 2, 1], [3, 4, 5], [0, 1, 4], [0, 4, 3], [1, 2, 5], [1, 5, 4], [2, 0, 3], [2, 3, 5]])
    mesh = trimesh.Trimesh(vertices=vertices, faces=faces, process=False)
    mesh.fix_normals()
    return mesh


def _blade(up, hilt, direction, length, u, curved=False, flat=(1, 0, 0)):
    """Sword: grip, crossguard and a blade (curved: a sabre, built from three segments)."""
    hilt, d = np.asarray(hilt, float), _unit(direction)
    up.add(rod(hilt - d * 0.1, hilt + d * 0.05, 0.02, sections=5), LEATHER)
    up.add(ball(hilt - d * 0.11, 0.03, 0), u.accent)
    guard_axis = _unit(np.cross(d, flat) + 1e-6)
    up.add(rod(hilt + d * 0.06 - guard_axis * 0.09, hilt + d * 0.06 + guard_axis * 0.09, 0.018, sections=4), u.accent)
    start = hilt + d * 0.06
    if not curved:
        up.add(rod(start, start + d * length, 0.028, 0.012, 4), STEEL)
        return
    bend = _unit(np.cross(guard_axis, d))
    pts = [start + d * length * t + bend * 0.16 * length * t * t for t in (0, 0.35, 0.7, 1.0)]
    for k, (a, b) in enumerate(zip(pts[:-1], pts[1:])):
        up.add(rod(a, b, 0.024 - 0.005 * k, 0.02 - 0.005 * k, 4), STEEL)


def _w_sword(up, u, pose, seated):
    if pose == "idle":
        hand, d = _v(-0.29, 0.94, 0.1), (0, -0.6, 0.8)
    elif pose == "move":
        hand, d = _v(-0.25, 1.12, 0.38), (0, 0.35, 1)
    else:  # raised for a cut
        hand, d = _v(-0.16, 1.96, 0.14), (0, 0.75, -0.55)
    _blade(up, hand, d, 0.62, u)
    return hand, None


def _w_sabre(up, u, pose, seated):
    if pose == "idle":  # sloped against the shoulder
        hand, d = _v(-0.26, 1.12, 0.26), (0.05, 1, -0.25)
    elif pose == "move":  # pointed ahead at the charge
        hand, d = _v(-0.2, 1.5, 0.52), (0, 0.2, 1)
    else:  # swung high overhead
        hand, d = _v(-0.2, 2.0, 0.14), (0, 0.6, -0.8)
    _blade(up, hand, d, 0.85, u, curved=True)
    return hand, None


def _w_crossbow(up, u, pose, seated):
    if pose == "idle":  # held at the hip, pointing down ahead
        rear, d = _v(-0.18, 1.02, 0.05), _unit((0.1, -0.55, 1))
    elif pose == "move":  # over the shoulder
        rear, d = _v(-0.24, 1.3, 0.2), _unit((0, 0.7, -1))
    else:  # aimed
        rear, d = _v(-0.1, 1.5, 0.06), _unit((0, 0.02, 1))
    f = Frame(rear, forward=d)
    f.add(up, mk.moved(mk.box(0.06, 0.07, 0.72), 0, 0, 0.36), WOOD)
    arms = [f.p(x, 0, 0.66 - 0.12 * (x / 0.35) ** 2) for x in (-0.35, -0.17, 0.0, 0.17, 0.35)]
    for a, b in zip(arms[:-1], arms[1:]):
        up.add(rod(a, b, 0.018, sections=4), u.metal)
    up.add(rod(arms[0], f.p(0, 0.03, 0.42), 0.005, sections=4), CANVAS)
    up.add(rod(f.p(0, 0.03, 0.42), arms[-1], 0.005, sections=4), CANVAS)
    up.add(rod(f.p(0, 0.05, 0.42), f.p(0, 0.05, 0.75), 0.01, sections=4), DARK_WOOD)  # bolt
    right = f.p(0, -0.04, 0.08)
    left = f.p(0, -0.04, 0.45) if pose != "move" else None
    return right, left


GUNS = {"musket": 1.55, "rifle": 1.25, "assault": 0.95}


def _gun(up, u, kind, butt, direction, shot=False):
    """Long gun from the butt along `direction`; returns the frame (z = distance along the gun)."""
    length = GUNS[kind]
    f = Frame(butt, forward=direction)
    if kind == "assault":
        dark = BLACK
        f.add(up, mk.moved(mk.box(0.05, 0.1, 0.3), 0, -0.01, 0.15), dark)  # stock
        f.add(up, mk.moved(mk.box(0.06, 0.1, 0.38), 0, 0.01, 0.48), shade(u.primary, 0.6))  # body
        f.add(up, mk.moved(mk.rotated(mk.box(0.04, 0.17, 0.07), -15, (1, 0, 0)), 0, -0.1, 0.5), dark)  # magazine
        f.add(up, mk.moved(zcyl(0.018, 0.3, 6), 0, 0.02, 0.8), dark)
    else:
        f.add(up, mk.moved(mk.box(0.05, 0.1, 0.42), 0, -0.02, 0.21), WOOD)  # stock
        f.add(up, mk.moved(mk.box(0.04, 0.05, length - 0.42), 0, 0.0, (length + 0.42) / 2 - 0.05), WOOD)
        f.add(up, mk.moved(zcyl(0.017, length - 0.45, 6), 0, 0.035, (length + 0.45) / 2), IRON)
        if kind == "rifle":  # fixed bayonet
            f.add(up, mk.moved(zcyl(0.01, 0.3, 4), 0, 0.02, length + 0.15), STEEL)
        f.add(up, mk.moved(mk.box(0.03, 0.05, 0.08), 0.03, 0.03, 0.45), u.metal if kind == "rifle" else BRONZE)
    if shot:
        flash(up, f.p(0, 0.035, length + 0.02), f.d(0, 0, 1), 0.8)
    return f


def _w_longgun(kind):
    def weapon(up, u, pose, seated):
        length = GUNS[kind]
        if pose == "idle":
            if kind == "assault":  # low ready, muzzle down across the body
                f = _gun(up, u, kind, _v(-0.18, 1.2, 0.08), _unit((0.35, -0.45, 1)))
                return f.p(0, -0.05, 0.3), f.p(0, -0.05, 0.62)
            # order arms: butt by the right foot, muzzle up
            f = _gun(up, u, kind, _v(-0.3, 0.02, 0.14), _unit((0, 1, 0.02)))
            return f.p(0, 0, 1.0 if kind == "musket" else 0.95), None
        if pose == "move":
            if kind == "assault":  # port arms, diagonal across the chest
                f = _gun(up, u, kind, _v(-0.2, 1.0, 0.24), _unit((0.45, 0.6, 0.15)))
                return f.p(0, -0.04, 0.3), f.p(0, -0.04, 0.62)
            # shouldered: butt in the right hand, muzzle up and back over the shoulder
            f = _gun(up, u, kind, _v(-0.25, 1.05, 0.26), _unit((0, 0.8, -0.45)))
            return f.p(0, 0, 0.08), None
        # aimed at the shoulder, and fired
        f = _gun(up, u, kind, _v(-0.12, 1.5, 0.04), _unit((0.03, 0.02, 1)), shot=True)
        return f.p(0, -0.04, 0.18), f.p(0, -0.04, min(0.5, length * 0.45))
    return weapon


def _w_tools(up, u, pose, seated):
    def shovel(butt, top):
        up.add(rod(butt, top, 0.02), WOOD)
        d = _unit(top - butt)
        up.add(rod(top - d * 0.02 - [0.06, 0, 0], top - d * 0.02 + [0.06, 0, 0], 0.018, sections=4), DARK_WOOD)
        f = Frame(butt, forward=-d)
        f.add(up, mk.moved(mk.box(0.2, 0.03, 0.26), 0, 0, 0.1), u.metal)

    def pick(hand, head):
        up.add(rod(hand, head, 0.022), WOOD)
        d = _unit(head - hand)
        side = _unit(np.cross(d, (1, 0, 0)))
        up.add(rod(head - side * 0.22, head + side * 0.22, 0.03, 0.01, 5), u.metal)

    if pose == "idle":  # shovel planted beside him, pick over the left shoulder
        shovel(_v(-0.38, 0.0, 0.24), _v(-0.37, 1.2, 0.2))
        pick(_v(0.25, 1.35, 0.22), _v(0.2, 1.68, -0.38))
        return _v(-0.37, 1.17, 0.2), _v(0.25, 1.35, 0.22)
    if pose == "move":  # both tools shouldered
        shovel(_v(-0.26, 1.72, -0.62), _v(-0.27, 1.25, 0.3))
        pick(_v(0.25, 1.3, 0.24), _v(0.2, 1.7, -0.38))
        return _v(-0.27, 1.28, 0.27), _v(0.25, 1.3, 0.24)
    # attack: pick swung high, shovel stuck in the ground
    shovel(_v(-0.6, 0.0, 0.2), _v(-0.75, 1.1, -0.2))
    hands = _v(-0.04, 1.93, 0.18)
    pick(hands - [0, 0.05, 0], _v(0.0, 2.45, -0.22))
    return hands, hands + [0.08, -0.08, 0.04]


def _w_rifle(up, u, pose, seated):
    """A bayonet rifle until the modern era, then an assault rifle."""
    return _w_longgun("assault" if u.era == "modern" else "rifle")(up, u, pose, seated)


def _w_whip(up, u, pose, seated):
    """The wagon driver: reins in both hands, or the whip raised."""
    if pose == "attack":
        return _v(-0.16, 2.05, 0.2), None
    return _v(-0.18, 1.12, 0.32), _v(0.18, 1.12, 0.32)


WEAPONS = {
    "club": _w_club, "staff": _w_staff, "bow": _w_bow, "spear": _w_spear, "pike": _w_pike,
    "sword": _w_sword, "sabre": _w_sabre, "crossbow": _w_crossbow, "lance": _w_lance, "tools": _w_tools,
    "musket": _w_longgun("musket"), "rifle": _w_rifle, "whip": _w_whip,
}


def build_foot(m: Model, u: Unit) -> None:
    human(m, u, u.pose)


# =============================================================================
# quadrupeds (horses, oxen) and mounted units
# =============================================================================

# Leg angles (deg from vertical, + = swung forward) for (upper, lower) per leg and gait.
GAITS = {
    "stand": {"FL": (0, 0), "FR": (4, -4), "HL": (0, 0), "HR": (-4, 2)},
    "gallop": {"FL": (40, 65), "FR": (-15, -80), "HL": (-40, -55), "HR": (30, -5)},
    "walk": {"FL": (18, 10), "FR": (-12, -25), "HL": (-15, -25), "HR": (15, 5)},
    "rear": {"FL": (55, -40), "FR": (70, -20), "HL": (18, 8), "HR": (28, 12)},
    "pull": {"FL": (22, 15), "FR": (-25, -30), "HL": (-32, -30), "HR": (-8, -15)},
    "charge": {"FL": (55, 80), "FR": (35, 40), "HL": (-48, -65), "HR": (-30, -45)},  # flying gallop
}


def quadruped(m: Model, coat, gait: str, kind: str = "horse", barding=None, trim=None, metal=None) -> dict:
    """Horse or ox at the origin (hooves on y=0, facing +Z); returns anchor points (saddle, yoke, ...)."""
    if kind == "horse":
        body_y, body_r, half_len, leg = 1.22, (0.3, 0.34, 0.78), 0.55, (0.52, 0.56)
    else:
        body_y, body_r, half_len, leg = 1.0, (0.4, 0.42, 0.82), 0.55, (0.42, 0.5)
    dark = shade(coat, 0.55)
    trim = shade(coat, 0.7) if trim is None else trim
    # the ox's body is coarser: a wagon carries two of them within the same triangle budget
    m.add(ball((0, body_y, 0), 1.0, 2 if kind == "horse" else 1, sx=body_r[0], sy=body_r[1], sz=body_r[2]), coat)
    legs = {"FL": (0.16, half_len), "FR": (-0.16, half_len), "HL": (0.16, -half_len), "HR": (-0.16, -half_len)}
    if kind == "ox":
        legs = {k: (x * 1.45, z) for k, (x, z) in legs.items()}
    hoof_c = BLACK if kind == "horse" else shade(coat, 0.35)
    for name, (x, z) in legs.items():
        root = _v(x, body_y - 0.1, z)
        a1, a2 = (math.radians(a) for a in GAITS[gait][name])
        knee = root + _v(0, -math.cos(a1), math.sin(a1)) * leg[0]
        hoof = knee + _v(0, -math.cos(a2), math.sin(a2)) * leg[1]
        m.add(rod(root + [0, 0.12, 0], knee, 0.11 if kind == "horse" else 0.13, 0.06, 6), coat)
        m.add(rod(knee, hoof, 0.05 if kind == "horse" else 0.065, 0.045, 6), coat if kind == "ox" else shade(coat, 0.9))
        m.add(mk.moved(mk.frustum(0.065, 0.05, 0.08, 6), *(hoof - [0, 0.04, 0])), hoof_c)
    gallop = gait in ("gallop", "pull", "charge")
    if kind == "horse":
        neck0 = _v(0, body_y + 0.1, 0.62)
        neck1 = _v(0, body_y + (0.55 if not gallop else 0.42), 0.98 if not gallop else 1.1)
        if gait == "rear":
            neck1 = _v(0, body_y + 0.62, 0.88)
        m.add(rod(neck0, neck1, 0.19, 0.12, 8), coat)
        muzzle = neck1 + (_v(0, -0.32, 0.3) if not gallop else _v(0, -0.2, 0.4))
        m.add(rod(neck1 + [0, 0.05, -0.04], muzzle, 0.11, 0.07, 6), coat)
        m.add(ball(muzzle, 0.075, 0), dark)
        for side in (-1, 1):
            m.add(cone_at(neck1 + [side * 0.05, 0.08, -0.03], (side * 0.2, 1, -0.2), 0.03, 0.12, 4), coat)
        m.add(rod(neck0 + [0, 0.2, -0.1], neck1 + [0, 0.12, -0.04], 0.04, 0.035, 4), dark)  # mane
        tail_end = _v(0, body_y - 0.55, -1.0) if not gallop else _v(0, body_y - 0.05, -1.35)
        m.add(rod(_v(0, body_y + 0.15, -0.75), tail_end, 0.06, 0.03, 5), dark)
        if barding is not None:  # caparison: a cloth skirt over the body, and a plate on the face
            m.add(mk.moved(mk.scaled(mk.frustum(1.0, 0.92, 0.5, 10), 0.36, 1, 0.84), 0, body_y - 0.4, 0), barding)
            m.add(mk.moved(mk.scaled(mk.frustum(1.0, 0.9, 0.04, 10), 0.37, 1, 0.85), 0, body_y - 0.42, 0), trim)
            m.add(rod(neck1 + [0, 0.09, -0.02], muzzle + [0, 0.03, 0], 0.095, 0.07, 6), metal)
            m.add(rod(neck0 + [0, 0.04, 0], neck1 + [0, 0.02, -0.02], 0.2, 0.13, 8), barding)
        else:
            cloth = mk.scaled(mk.cylinder(1.0, 0.05, 10), 0.33, 1, 0.4)
            m.add(mk.moved(cloth, 0, body_y + 0.3, -0.08), trim)  # saddle cloth
        m.add(mk.moved(mk.scaled(mk.cylinder(1.0, 0.08, 8), 0.2, 1, 0.3), 0, body_y + 0.35, -0.08), LEATHER)  # saddle
        return {"saddle": _v(0, body_y + 0.37, -0.1), "head": muzzle, "rear": _v(0, 0, -half_len)}
    # ox: short thick neck, low head, horns, hump
    head = _v(0, body_y + 0.05, 1.12) if gait != "pull" else _v(0, body_y - 0.1, 1.18)
    m.add(rod(_v(0, body_y + 0.1, 0.6), head, 0.26, 0.17, 8), coat)
    m.add(rod(head, head + [0, -0.12, 0.25], 0.15, 0.1, 6), coat)
    m.add(ball(head + [0, -0.12, 0.27], 0.1, 0), dark)
    for side in (-1, 1):
        horn_root = head + [side * 0.12, 0.1, 0.0]
        m.add(rod(horn_root, horn_root + [side * 0.14, 0.05, 0.02], 0.035, 0.03, 5), CANVAS)
        m.add(cone_at(horn_root + [side * 0.14, 0.05, 0.02], (side * 0.3, 1, 0.1), 0.03, 0.14, 5), CANVAS)
    m.add(ball((0, body_y + 0.3, 0.45), 0.22, 1, sy=0.6, sz=1.2), coat)  # hump
    m.add(rod(_v(0, body_y + 0.15, -0.8), _v(0, body_y - 0.5, -0.9), 0.03, 0.025, 4), dark)
    return {"yoke": _v(0, body_y + 0.35, 0.75), "head": head}


def _coat(u: Unit, coats):
    """One of the coats that contrast most with the rider's colours (readable silhouettes)."""
    ranked = sorted(coats, key=lambda c: -min(np.linalg.norm(c - u.primary), np.linalg.norm(c - u.secondary)))
    return ranked[int(u.rng.integers(min(3, len(ranked))))]


def build_mounted(m: Model, u: Unit) -> None:
    # lances charge at the flying gallop; spears and sabres strike from a rearing horse
    gait = {"idle": "stand", "move": "gallop", "attack": "charge" if u.equipment == "lance" else "rear"}[u.pose]
    armoured = u.era == "medieval"
    coat = _coat(u, COATS)
    anchors = quadruped(m, coat, gait, barding=u.primary if armoured else None,
                        trim=u.accent if armoured else u.secondary, metal=u.metal)
    rider = Model()
    human(rider, u, u.pose, seated=True)
    seat = anchors["saddle"]
    rider.translate(seat[0], seat[1] - HIP_Y + 0.05, seat[2])
    m.extend(rider)
    if gait == "rear":  # pitch horse and rider up about the hind hooves
        m.rotate(-22.0, (1, 0, 0), about=anchors["rear"])
    if gait in ("gallop", "charge"):
        dust(m, [(0.2, 0, -1.3), (-0.2, 0, -1.6), (0, 0.1, -1.9)], 0.16)


# =============================================================================
# wheels, wagon, siege engines
# =============================================================================

def spoked_wheel(m: Model, centre, radius: float, spin: float, rim_c, spoke_c, spokes: int = 8,
                 segments: int = 12, width: float | None = None) -> None:
    """Wheel in the YZ plane (axle along X); `spin` (deg) turns the spokes so rolling shows."""
    cx, cy, cz = centre
    width = width or radius * 0.18
    def at(angle, r):
        return _v(cx, cy + r * math.cos(angle), cz + r * math.sin(angle))
    s = math.radians(spin)
    for i in range(segments):
        a0, a1 = s + 2 * math.pi * i / segments, s + 2 * math.pi * (i + 1.08) / segments
        m.add(bar(at(a0, radius), at(a1, radius), width), rim_c)
    for i in range(spokes):
        a = s + 2 * math.pi * (i + 0.5) / spokes
        m.add(bar(at(a, radius * 0.15), at(a, radius * 0.95), width * 0.45), spoke_c)
    m.add(mk.moved(xcyl(radius * 0.17, width * 2.2, 8), cx, cy, cz), rim_c)


def solid_wheel(m: Model, centre, radius: float, spin: float, colour, mark) -> None:
    """Plank disc wheel; the iron cross bands show how far it has rolled."""
    m.add(mk.moved(xcyl(radius, radius * 0.3, 12), *centre), colour)
    for k in (0, 90):
        band = mk.rotated(mk.box(radius * 0.32, radius * 1.9, radius * 0.12), spin + k, (1, 0, 0))
        m.add(mk.moved(band, *centre), mark)
    m.add(mk.moved(xcyl(radius * 0.2, radius * 0.5, 8), *centre), mark)


def build_wagon(m: Model, u: Unit) -> None:
    """Covered wagon on four spoked wheels, pulled by a pair of oxen, a driver on the bench."""
    pose = u.pose
    canvas, wood, dark, trim = u.primary, u.secondary, u.accent, u.extra
    spin = {"idle": 0.0, "move": 20.0, "attack": 35.0}[pose]
    bed_y = 0.78
    m.add(mk.moved(mk.box(1.1, 0.32, 2.1), 0, bed_y, 0), wood)
    m.add(mk.moved(mk.box(1.14, 0.06, 2.14), 0, bed_y + 0.17, 0), shade(wood, 0.8))
    # canopy: a half-cylinder of canvas over hoops
    half = [(0.58 * math.cos(a), 0.62 * math.sin(a)) for a in np.linspace(0, math.pi, 9)]
    m.add(mk.moved(slab(half, 1.7), 0, bed_y + 0.16, -0.1), canvas)
    for z in (-0.9, -0.1, 0.7):
        hoop = [(0.6 * math.cos(a), 0.64 * math.sin(a)) for a in np.linspace(0, math.pi, 9)]
        m.add(mk.moved(slab(hoop, 0.06), 0, bed_y + 0.15, z), trim)
    # cargo spilling out of the back: barrel and sacks
    m.add(mk.moved(mk.cylinder(0.16, 0.34, 8), 0.25, bed_y + 0.33, -1.02), DARK_WOOD)
    m.add(ball((-0.22, bed_y + 0.3, -1.0), 0.17, 1, sy=0.8), STRAW)
    for x in (-0.62, 0.62):
        for z in (-0.68, 0.68):
            spoked_wheel(m, (x, 0.46, z), 0.46, spin + 11 * (z > 0), dark, wood, spokes=6, segments=10)
    m.add(mk.moved(xcyl(0.04, 1.3, 6), 0, 0.46, 0.68), dark)
    m.add(mk.moved(xcyl(0.04, 1.3, 6), 0, 0.46, -0.68), dark)
    # pole and yoke to the oxen
    m.add(bar((0, 0.62, 0.9), (0, 0.95, 2.6), 0.07), dark)
    gait = {"idle": "stand", "move": "walk", "attack": "pull"}[pose]
    coat = _coat(u, OX_COATS)
    for side in (-1, 1):
        ox = Model()
        anchors = quadruped(ox, coat if side < 0 else shade(coat, 0.9), gait, kind="ox")
        ox.translate(side * 0.5, 0, 2.4)
        m.extend(ox)
    m.add(bar((-0.85, 1.35, 3.05), (0.85, 1.35, 3.05), 0.08), wood)  # yoke over the necks
    # driver on the front bench (attack: standing, cracking the whip)
    driver = Model()
    drv = Unit(u.spec, "idle" if pose != "attack" else "attack")
    drv.equipment = "whip"
    human(driver, drv, drv.pose, seated=pose != "attack")
    if pose == "attack":
        driver.translate(0, bed_y + 0.16, 0.8)
        whip_hand = _v(-0.16, 2.05 + bed_y + 0.1, 1.0)
        pts = [whip_hand, whip_hand + [0, 0.35, 0.3], whip_hand + [0.1, 0.45, 0.8], whip_hand + [0.15, 0.25, 1.2]]
        for a, b in zip(pts[:-1], pts[1:]):
            m.add(rod(a, b, 0.015, sections=4), LEATHER)
    else:
        driver.translate(0, bed_y + 0.25 - HIP_Y + 0.35, 0.85)
    m.add(mk.moved(mk.box(0.9, 0.08, 0.3), 0, bed_y + 0.55, 0.85), wood)  # bench
    m.extend(driver)
    if pose == "move":
        dust(m, [(0.6, 0, -1.0), (-0.6, 0, -1.1), (0.0, 0, -1.5), (0.4, 0, 1.5)], 0.22)


def _wheel_set(m, u, wheels, radius, spin, spoked=True, spokes=8):
    for x, y, z in wheels:
        if spoked:
            spoked_wheel(m, (x, y, z), radius, spin, IRON if u.era != "ancient" else DARK_WOOD, WOOD, spokes)
        else:
            solid_wheel(m, (x, y, z), radius, spin, WOOD, IRON)


def build_siege(m: Model, u: Unit) -> None:
    {"catapult_arm": _catapult, "trebuchet_arm": _trebuchet, "cannon": _cannon,
     "field_gun": _field_gun}.get(u.equipment, _catapult)(m, u)


def _catapult(m: Model, u: Unit) -> None:
    wood, dark, metal = u.primary, u.secondary, u.accent
    spin = {"idle": 0.0, "move": 35.0, "attack": 0.0}[u.pose]
    for x in (-0.45, 0.45):  # side rails
        m.add(mk.moved(mk.box(0.14, 0.16, 2.3), x, 0.55, 0), wood)
    for z in (-1.0, -0.2, 0.95):
        m.add(mk.moved(mk.box(1.0, 0.12, 0.14), 0, 0.55, z), dark)
    _wheel_set(m, u, [(x, 0.36, z) for x in (-0.62, 0.62) for z in (-0.75, 0.75)], 0.36, spin, spoked=False)
    for x in (-0.42, 0.42):  # uprights and braces
        m.add(bar((x, 0.55, 0.55), (x, 1.75, 0.55), 0.12), wood)
        m.add(bar((x, 0.55, 1.1), (x, 1.5, 0.6), 0.08), dark)
    m.add(mk.moved(mk.box(1.0, 0.16, 0.16), 0, 1.75, 0.55), wood)  # crossbar the arm strikes
    m.add(mk.moved(mk.box(0.7, 0.12, 0.18), 0, 1.75, 0.45), ROPE)  # its padding
    pivot = _v(0, 0.72, -0.05)
    m.add(mk.moved(xcyl(0.16, 0.8, 10), *pivot), ROPE)  # twisted torsion bundle
    for x in (-0.42, 0.42):
        m.add(mk.moved(xcyl(0.2, 0.06, 10), x, pivot[1], pivot[2]), metal)
    angle = {"idle": 8.0, "move": 45.0, "attack": 98.0}[u.pose]  # arm elevation from lying back
    a = math.radians(angle)
    direction = _v(0, math.sin(a), -math.cos(a))
    end = pivot + direction * 1.55
    m.add(bar(pivot, end, 0.12), dark)
    side_up = _unit(np.cross(direction, (1, 0, 0)))
    m.add(mk.moved(mk.cylinder(0.2, 0.1, 10).apply_transform(align_vectors((0, 1, 0), side_up)), *end), dark)
    if u.pose == "idle":
        m.add(ball(end + side_up * 0.15, 0.16, 1), STONE)
    elif u.pose == "attack":  # stone released, flying ahead with a trail
        m.add(ball(end + _v(0, 0.7, 1.2), 0.16, 1), STONE)
        for k in range(3):
            m.add(ball(end + _v(0, 0.45 - 0.15 * k, 0.9 - 0.3 * k), 0.06 - 0.012 * k, 0), SMOKE)
    if u.pose == "move":
        m.rotate(-4.0, (1, 0, 0))
        dust(m, [(0.6, 0, -1.1), (-0.6, 0, -1.2), (0, 0, -1.5)], 0.2)
    # a heap of stones at rest, for scale and purpose
    if u.pose == "idle":
        for k, (x, z) in enumerate(((0.9, 1.0), (1.1, 0.8), (1.0, 0.85))):
            m.add(ball((x, 0.12 + 0.12 * (k == 2), z), 0.14, 1), STONE)


def _trebuchet(m: Model, u: Unit) -> None:
    wood, dark, metal = u.primary, u.secondary, u.accent
    spin = 30.0 if u.pose == "move" else 0.0
    for x in (-0.55, 0.55):
        m.add(mk.moved(mk.box(0.18, 0.18, 3.0), x, 0.42, 0), wood)
    for z in (-1.4, 0.0, 1.4):
        m.add(mk.moved(mk.box(1.3, 0.16, 0.16), 0, 0.42, z), dark)
    _wheel_set(m, u, [(x, 0.25, z) for x in (-0.72, 0.72) for z in (-1.1, 1.1)], 0.25, spin, spoked=False)
    top = 3.0
    for x in (-0.5, 0.5):  # A-frames on both sides
        m.add(bar((x, 0.45, -1.2), (x, top, 0), 0.14), wood)
        m.add(bar((x, 0.45, 1.2), (x, top, 0), 0.14), wood)
        m.add(bar((x, 1.3, -0.86), (x, 1.3, 0.86), 0.1), dark)
    m.add(mk.moved(xcyl(0.09, 1.25, 8), 0, top, 0), metal)  # axle
    angle = {"idle": -140.0, "move": -175.0, "attack": 55.0}[u.pose]  # long arm direction in YZ (deg from +Z)
    a = math.radians(angle)
    long_dir = _v(0, math.sin(a), math.cos(a))
    pivot = _v(0, top, 0)
    long_end, short_end = pivot + long_dir * 3.1, pivot - long_dir * 0.9
    m.add(rod(short_end, long_end, 0.11, 0.06, 6), dark)
    # counterweight box hangs below the short end
    m.add(bar(short_end, short_end - [0, 0.4, 0], 0.05), metal)
    m.add(mk.moved(mk.box(0.7, 0.6, 0.6), *(short_end - [0, 0.7, 0])), wood)
    m.add(mk.moved(mk.box(0.74, 0.08, 0.64), *(short_end - [0, 0.5, 0])), metal)
    # sling and stone
    if u.pose == "attack":
        pouch = long_end + _v(0, 0.5, 0.6)
        m.add(rod(long_end, pouch, 0.015, sections=4), ROPE)
        m.add(ball(pouch + [0, 0.9, 1.3], 0.2, 1), STONE)
        for k in range(3):
            m.add(ball(pouch + [0, 0.6 - 0.25 * k, 0.85 - 0.35 * k], 0.07 - 0.015 * k, 0), SMOKE)
    else:
        pouch = long_end + _v(0, -0.35, 0.35) if u.pose == "move" else _v(0, 0.62, -2.0)
        m.add(rod(long_end, pouch, 0.015, sections=4), ROPE)
        m.add(ball(pouch, 0.2, 1), STONE)
    if u.pose == "idle":  # the trough the sling lies in
        m.add(mk.moved(mk.box(0.3, 0.1, 1.2), 0, 0.52, -1.4), dark)
    if u.pose == "move":
        m.rotate(-3.0, (1, 0, 0))
        dust(m, [(0.7, 0, -1.5), (-0.7, 0, -1.6), (0, 0, -1.9)], 0.22)


def _gun_carriage(m: Model, u: Unit, barrel_c, carriage_c, wheel_r: float, barrel_len: float, barrel_r: float,
                  split_trail: bool, shield_c=None) -> None:
    """Two wheels on an axle, a trail to the ground behind, a barrel on trunnions; pose sets elevation."""
    pose = u.pose
    axle = _v(0, wheel_r, 0)
    spin = {"idle": 0.0, "move": 22.0, "attack": -8.0}[pose]
    gun = Model()
    elevation = {"idle": 4.0, "move": 0.0, "attack": 16.0}[pose]
    trail_end_y = 0.08 if pose != "move" else 0.55  # move: trail lifted as if limbered
    trail_len = 1.9
    if split_trail:
        spread = 0.45 if pose != "move" else 0.08
        for side in (-1, 1):
            gun.add(bar(axle + [side * 0.15, 0.05, 0], _v(side * spread, trail_end_y, -trail_len), 0.11), carriage_c)
            gun.add(mk.moved(mk.box(0.18, 0.05, 0.22), side * spread, trail_end_y - 0.02, -trail_len), IRON)
    else:
        for side in (-1, 1):
            gun.add(bar(axle + [side * 0.16, 0.12, 0.2], _v(side * 0.09, trail_end_y + 0.05, -trail_len), 0.1),
                    carriage_c)
        gun.add(mk.moved(mk.box(0.3, 0.08, 0.2), 0, trail_end_y + 0.05, -trail_len + 0.1), carriage_c)
    gun.add(mk.moved(xcyl(0.05, 1.2, 6), *axle), IRON)
    # the barrel, pivoting on its trunnions above the axle
    pivot = axle + [0, 0.2, 0]
    e = math.radians(elevation)
    d = _v(0, math.sin(e), math.cos(e))
    breech = pivot - d * barrel_len * 0.3
    muzzle = pivot + d * barrel_len * 0.7
    if split_trail:  # modern field gun: slim steel tube, recoil cylinder, shield
        gun.add(rod(breech, muzzle, barrel_r, barrel_r * 0.85, 10), barrel_c)
        gun.add(rod(breech + d * 0.15 - [0, 0.12, 0], pivot + d * 0.9 - [0, 0.12, 0], barrel_r * 1.2, sections=8),
                shade(barrel_c, 0.8))
        gun.add(mk.moved(mk.box(0.3, 0.22, 0.5), *(breech + d * 0.2)), shade(barrel_c, 0.7))
        if shield_c is not None:
            plate = Frame(pivot + [0, 0.15, 0.3], forward=(0, 0.12, 1))
            plate.add(gun, mk.moved(mk.box(1.05, 0.75, 0.04), 0, 0.05, 0), shield_c)
            plate.add(gun, mk.moved(mk.box(0.25, 0.3, 0.05), 0, -0.3, 0.0), shade(shield_c, 0.8))
    else:  # bronze muzzle-loader: tapered, reinforced rings, cascabel knob
        gun.add(rod(breech, muzzle, barrel_r, barrel_r * 0.7, 10), barrel_c)
        for t in (0.12, 0.5, 0.97):
            ring = breech + (muzzle - breech) * t
            band = rod(ring - d * 0.04, ring + d * 0.04, barrel_r * (1.12 - 0.3 * t), sections=10)
            gun.add(band, shade(barrel_c, 0.85))
        gun.add(ball(breech - d * 0.06, barrel_r * 0.45, 0), shade(barrel_c, 0.85))
    gun.add(mk.moved(xcyl(barrel_r * 0.5, barrel_r * 3.4, 6), *pivot), IRON)
    for side in (-1, 1):
        r_spokes = 12 if split_trail else 10
        spoked_wheel(gun, axle + [side * 0.55, 0, 0], wheel_r, spin, IRON, WOOD, r_spokes)
    if pose == "attack":  # fired: carriage kicked back, flash and smoke in front
        flash(gun, muzzle + d * 0.02, d, 1.3)
        gun.translate(0, 0, -0.15)
    if pose == "move":
        # limbered: tilt about the wheels so the trail rides up
        dust(gun, [(0.55, 0, -0.5), (-0.55, 0, -0.6), (0, 0, -0.9)], 0.2)
    m.extend(gun)


def _cannon(m: Model, u: Unit) -> None:
    _gun_carriage(m, u, barrel_c=u.primary, carriage_c=u.secondary, wheel_r=0.6, barrel_len=1.7,
                  barrel_r=0.14, split_trail=False)
    if u.pose == "idle":  # a pyramid of shot and the ramrod
        for k, (x, y, z) in enumerate(((0.95, 0.1, 0.5), (1.15, 0.1, 0.5), (1.05, 0.1, 0.68), (1.05, 0.26, 0.56))):
            m.add(ball((x, y, z), 0.1, 1), u.accent)
        m.add(bar((0.9, 0.05, -0.6), (0.95, 0.05, 0.9), 0.04), WOOD)
        m.add(mk.moved(mk.cylinder(0.07, 0.18, 8), -0.95, 0.09, 0.4), DARK_WOOD)  # powder keg
        m.add(mk.moved(mk.cylinder(0.075, 0.03, 8), -0.95, 0.16, 0.4), u.primary)


def _field_gun(m: Model, u: Unit) -> None:
    _gun_carriage(m, u, barrel_c=u.primary, carriage_c=shade(u.primary, 0.85), wheel_r=0.68, barrel_len=2.4,
                  barrel_r=0.075, split_trail=True, shield_c=u.primary)
    if u.pose == "idle":  # ammunition crate and shells
        m.add(mk.moved(mk.box(0.5, 0.3, 0.35), 1.0, 0.15, -0.6), u.accent)
        for k in range(3):
            m.add(rod((0.9 + 0.1 * k, 0.3, -0.55), (0.9 + 0.1 * k, 0.55, -0.55), 0.045, 0.03, 6), BRONZE)


# =============================================================================
# ships
# =============================================================================

def hull(length: float, beam: float, depth: float, bow_rise: float = 0.3, stern_rise: float = 0.3,
         stern_width: float = 0.35, stations: int = 13, keel_rise: float = 0.25, ram: bool = False) -> trimesh.Trimesh:
    """A lofted hull from stern (-Z) to bow (+Z): keel at y=0, deck sheer rising at both ends."""
    rings = []
    for t in np.linspace(0.0, 1.0, stations):
        w = _beam_fraction(t, stern_width) * beam / 2
        deck = depth + bow_rise * max(t - 0.6, 0) ** 2 / 0.16 + stern_rise * max(0.3 - t, 0) ** 2 / 0.09
        keel = keel_rise * (max(t - 0.75, 0) / 0.25) ** 2 + keel_rise * 0.6 * (max(0.2 - t, 0) / 0.2) ** 2
        if ram:
            keel = keel_rise * 0.2 * (max(t - 0.75, 0) / 0.25)
        z = (t - 0.5) * length
        h = deck - keel
        ring = [(-w, deck), (-0.96 * w, keel + 0.55 * h), (-0.7 * w, keel + 0.16 * h), (0, keel),
                (0.7 * w, keel + 0.16 * h), (0.96 * w, keel + 0.55 * h), (w, deck)]
        rings.append([(x, y, z) for x, y in ring])
    return loft(rings)


def _beam_fraction(t: float, stern_width: float) -> float:
    """The hull's width at station t (0 stern .. 1 bow) as a fraction of its beam."""
    if t < 0.3:
        return stern_width + (1 - stern_width) * math.sin(t / 0.3 * math.pi / 2)
    if t < 0.6:
        return 1.0
    return max(math.cos((t - 0.6) / 0.4 * math.pi / 2) ** 0.8, 0.03)


def _half_beam(length, beam, stern_width, z):
    return _beam_fraction(z / length + 0.5, stern_width) * beam / 2


def wake(m: Model, length: float, beam: float, waterline: float, strength: float = 1.0) -> None:
    """Foam: a bow wave spreading back along both sides and a trail astern."""
    bow = _v(0, waterline, length / 2)
    for side in (-1, 1):
        m.add(bar(bow + [side * 0.05, 0, 0], bow + [side * beam * 0.9 * strength, 0, -length * 0.55], 0.09),
              FOAM)
    stern = _v(0, waterline, -length / 2)
    for k in range(3):  # kept short: the wake counts towards the size the whole unit is scaled to
        m.add(mk.moved(mk.scaled(mk.sphere(1.0, 1), beam * (0.3 + 0.1 * k), 0.06, length * 0.07),
                       0, waterline, stern[2] - k * length * 0.07), FOAM)


def square_sail(m: Model, mast_x: float, mast_z: float, y0: float, y1: float, width: float, set_: bool,
                colour, yard_c, billow: float = 0.12) -> None:
    """A square sail between two yards: set = a curved sheet, furled = a roll on the upper yard."""
    m.add(mk.moved(xcyl(0.035, width * 1.1, 6), mast_x, y1, mast_z + 0.06), yard_c)
    if set_:
        rows = [y1, (y0 + y1) / 2, y0]
        bulge = [0.0, billow, billow * 0.5]
        for (ya, ba), (yb, bb) in zip(zip(rows[:-1], bulge[:-1]), zip(rows[1:], bulge[1:])):
            w0, w1 = width, width * 0.95
            pts = [(-w0 / 2, ya), (w0 / 2, ya), (w1 / 2, yb), (-w1 / 2, yb)]
            sheet = slab(pts, 0.03)
            tilt = math.degrees(math.atan2(bb - ba, ya - yb))
            sheet = mk.rotated(sheet, -tilt, (1, 0, 0), about=(0, ya, 0))
            m.add(mk.moved(sheet, mast_x, 0, mast_z + 0.1 + ba), colour)
    else:
        m.add(mk.moved(xcyl(0.07, width * 0.9, 8), mast_x, y1 - 0.07, mast_z + 0.08), colour)


def oars(m: Model, length: float, beam: float, stern_width: float, deck: float, rows: int, count: int,
         pose: str, colour, z0: float, z1: float) -> None:
    """Banks of oars on both sides: idle shipped level, move swept back in the water, attack mid-stroke."""
    sweep = {"idle": 0.0, "move": -0.45, "attack": 0.4}[pose]
    drop = {"idle": -0.1, "move": 0.55, "attack": 0.45}[pose]
    for row in range(rows):
        y = deck - 0.12 - row * 0.14
        reach = 1.0 + 0.25 * row
        for k in range(count):
            z = z0 + (z1 - z0) * (k + 0.5) / count + row * 0.06
            hb = _half_beam(length, beam, stern_width, z)
            for side in (-1, 1):
                root = _v(side * (hb - 0.02), y, z)
                tip = root + _v(side * reach, -drop - 0.1 * row, sweep)
                m.add(bar(root, tip, 0.035), colour)
                m.add(mk.moved(mk.box(0.14, 0.02, 0.09), *(tip - [side * 0.05, 0, 0])), colour)


def build_ship(m: Model, u: Unit) -> None:
    ship = Model()
    waterline, length, beam = SHIPS.get(u.equipment, _galley)(ship, u)
    pose = u.pose
    if pose != "idle":
        wake(ship, length, beam, waterline, 1.0 if pose == "move" else 0.7)
    if pose == "move":  # underway: bow lifted a little, heeling
        ship.rotate(-2.5, (1, 0, 0))
        ship.rotate(4.0 if u.equipment in ("lateen_sail", "square_rig") else 1.5, (0, 0, 1))
    m.extend(ship)


def _galley(m: Model, u: Unit):
    trireme = u.id == "trireme" or u.equipment == "oars" and u.era == "classical"
    length, beam, depth = (6.0, 1.0, 0.75) if trireme else (5.2, 1.25, 0.8)
    hull_c, sail_c, metal = u.primary, u.secondary, u.accent
    m.add(hull(length, beam, depth, bow_rise=0.15, stern_rise=0.6, stern_width=0.1, keel_rise=0.35, ram=True),
          hull_c)
    m.add(cone_at(_v(0, 0.18, length / 2 - 0.1), (0, 0, 1), 0.12, 0.55, 6), metal)  # bronze ram
    m.add(mk.moved(mk.box(beam * 0.98, 0.06, length * 0.55), 0, depth - 0.02, 0), shade(hull_c, 1.25))  # deck
    stern_post = _v(0, depth + 0.55, -length / 2 + 0.1)
    m.add(rod(_v(0, depth + 0.2, -length / 2 + 0.3), stern_post, 0.05), hull_c)
    m.add(cone_at(stern_post, (0, 0.5, 1), 0.07, 0.2, 5), metal)
    if trireme:  # the painted eye and a coloured stripe
        for side in (-1, 1):
            x = side * _half_beam(length, beam, 0.1, length / 2 - 0.6)
            m.add(ball((x, depth * 0.55, length / 2 - 0.6), 0.1, 1, sx=0.4), CANVAS)
            m.add(ball((x * 1.02, depth * 0.55, length / 2 - 0.58), 0.05, 0, sx=0.4), BLACK)
        stripe = u.extra
        for side in (-1, 1):
            m.add(mk.moved(mk.box(0.03, 0.07, length * 0.55), side * (beam / 2 + 0.005), depth - 0.1, 0), stripe)
    rows, count = (3, 9) if trireme else (1, 8)
    oars(m, length, beam, 0.1, depth, rows, count, u.pose, WOOD if not trireme else shade(WOOD, 0.8),
         -length * 0.3, length * 0.28)
    mast_h = 2.6 if trireme else 2.9
    m.add(rod(_v(0, depth, 0.3), _v(0, depth + mast_h, 0.3), 0.055), DARK_WOOD)
    square_sail(m, 0, 0.3, depth + 0.9, depth + mast_h - 0.15, 1.9 if not trireme else 1.7,
                u.pose == "move", sail_c, DARK_WOOD, billow=0.2)
    if u.pose == "move" and not trireme:  # the galley's sail carries a stripe
        m.add(mk.moved(mk.box(1.9, 0.18, 0.04), 0, depth + mast_h - 0.6, 0.48), metal)
    if u.pose == "attack":  # ramming: spray at the bow
        bow = _v(0, 0.3, length / 2 + 0.3)
        for k, (dx, dy, dz) in enumerate(((0, 0.2, 0.1), (0.35, 0.1, -0.05), (-0.35, 0.1, -0.05), (0, 0.5, 0.2))):
            m.add(ball(bow + [dx, dy, dz], 0.18 - 0.02 * k, 1), FOAM)
    return depth * 0.45, length, beam


def _lateen(m: Model, mast_z: float, deck: float, height: float, size: float, set_: bool, sail_c, cross_c, spar_c):
    """Lateen rig: a long slanted yard, a triangular sail below it, a red cross on it."""
    mast_top = _v(0, deck + height, mast_z)
    m.add(rod(_v(0, deck, mast_z), mast_top, 0.05), spar_c)
    yard_a = mast_top + _v(0, -height * 0.55, size * 0.55)   # low forward end
    yard_b = mast_top + _v(0, height * 0.3, -size * 0.6)     # high aft end
    m.add(rod(yard_a, yard_b, 0.03, 0.02, 5), spar_c)
    if set_:
        clew = _v(0.12, deck + 0.35, mast_z - size * 0.55)
        m.add(_tri_slab([yard_a + [0.06, 0, 0], yard_b + [0.06, 0, 0], clew], 0.03), sail_c)
        centre = (yard_a + yard_b + clew) / 3 + _v(0.1, 0, 0)
        d = _unit(yard_b - yard_a)
        m.add(rod(centre - d * 0.3, centre + d * 0.3, 0.05, sections=4), cross_c)
        m.add(rod(centre - [0, 0.35, 0], centre + [0, 0.35, 0], 0.05, sections=4), cross_c)
    else:  # furled along the yard
        m.add(rod(yard_a + [0.04, -0.06, 0], yard_b + [0.04, -0.06, 0], 0.08, 0.05, 6), sail_c)


def _caravel(m: Model, u: Unit):
    length, beam, depth = 4.6, 1.5, 0.9
    hull_c, sail_c, cross_c = u.primary, u.secondary, u.accent
    m.add(hull(length, beam, depth, bow_rise=0.35, stern_rise=0.35, stern_width=0.55, keel_rise=0.35), hull_c)
    m.add(mk.moved(mk.box(beam * 0.92, 0.05, length * 0.7), 0, depth, 0.1), shade(hull_c, 1.35))
    # raised stern castle
    sz = -length / 2 + 0.55
    m.add(mk.moved(mk.box(beam * 0.78, 0.45, 1.0), 0, depth + 0.3, sz + 0.1), shade(hull_c, 1.1))
    m.add(mk.moved(mk.box(beam * 0.82, 0.06, 1.05), 0, depth + 0.55, sz + 0.1), shade(hull_c, 0.8))
    m.add(bar((0, depth + 0.25, length / 2 - 0.1), (0, depth + 0.75, length / 2 + 0.5), 0.05), DARK_WOOD)
    set_ = u.pose != "idle"
    _lateen(m, 0.55, depth, 2.5, 2.2, set_, sail_c, cross_c, DARK_WOOD)
    _lateen(m, -0.75, depth + 0.1, 2.0, 1.7, set_, sail_c, cross_c, DARK_WOOD)
    # small bombards at the bow
    for side in (-1, 1):
        root = _v(side * 0.45, depth + 0.12, length * 0.22)
        m.add(rod(root, root + [side * 0.35, 0.02, 0.05], 0.045, sections=6), IRON)
        if u.pose == "attack":
            flash(m, root + [side * 0.37, 0.02, 0.05], (side, 0.05, 0.1), 0.9)
    m.add(rod(_v(0, depth + 0.6, sz - 0.3), _v(0, depth + 1.3, sz - 0.3), 0.02), DARK_WOOD)  # flagstaff
    m.add(mk.moved(mk.box(0.02, 0.25, 0.35), 0, depth + 1.17, sz - 0.48), cross_c)
    return depth * 0.45, length, beam


def _frigate(m: Model, u: Unit):
    length, beam, depth = 5.2, 1.3, 1.0
    hull_c, sail_c, stripe_c = u.primary, u.secondary, u.accent
    ports_c = u.extra
    m.add(hull(length, beam, depth, bow_rise=0.25, stern_rise=0.25, stern_width=0.6, keel_rise=0.3), hull_c)
    m.add(mk.moved(mk.box(beam * 0.9, 0.05, length * 0.75), 0, depth, 0.05), shade(WOOD, 1.0))
    for side in (-1, 1):  # gunport stripe with a row of guns
        m.add(mk.moved(mk.box(0.03, 0.16, length * 0.62), side * (beam / 2 + 0.01), depth - 0.2, 0.0), stripe_c)
        for k in range(7):
            z = -length * 0.27 + k * length * 0.09
            m.add(mk.moved(mk.box(0.04, 0.09, 0.11), side * (beam / 2 + 0.02), depth - 0.2, z), ports_c)
            m.add(mk.moved(xcyl(0.025, 0.22, 5), side * (beam / 2 + 0.1), depth - 0.2, z), IRON)
            if u.pose == "attack" and side == 1:
                flash(m, (beam / 2 + 0.22, depth - 0.2, z), (1, 0.05, 0), 0.7, smoke=k % 2 == 0)
    m.add(mk.moved(mk.box(beam * 0.8, 0.35, 0.8), 0, depth + 0.17, -length / 2 + 0.55), shade(hull_c, 1.3))
    m.add(bar((0, depth + 0.2, length / 2 - 0.1), (0, depth + 0.8, length / 2 + 0.9), 0.05), DARK_WOOD)
    set_ = u.pose != "idle"
    for z, h, w in ((1.3, 3.0, 1.5), (0.0, 3.4, 1.7), (-1.35, 2.7, 1.35)):
        m.add(rod(_v(0, depth, z), _v(0, depth + h, z), 0.05), DARK_WOOD)
        levels = [depth + 0.6, depth + 0.6 + (h - 0.6) * 0.4, depth + 0.6 + (h - 0.6) * 0.72, depth + h - 0.1]
        for k in range(3):
            square_sail(m, 0, z, levels[k] + 0.05, levels[k + 1], w * (1 - 0.18 * k), set_, sail_c, DARK_WOOD)
        m.add(mk.moved(mk.box(0.03, 0.14, 0.24), 0, depth + h + 0.05, z - 0.13), stripe_c)  # pennant
    return depth * 0.45, length, beam


def _ironclad(m: Model, u: Unit):
    length, beam, depth = 5.0, 1.3, 0.55
    hull_c, deck_c, band_c = u.primary, u.secondary, u.accent
    m.add(hull(length, beam, depth, bow_rise=0.05, stern_rise=0.05, stern_width=0.5, keel_rise=0.15), hull_c)
    for side in (-1, 1):  # red boot-topping at the waterline
        m.add(mk.moved(mk.box(0.03, 0.08, length * 0.6), side * (beam / 2 + 0.005), 0.22, 0), band_c)
    m.add(mk.moved(mk.box(beam * 0.85, 0.05, length * 0.7), 0, depth, 0), deck_c)
    # one round turret with two guns
    turret = _v(0, depth + 0.02, 1.1)
    yaw = 70.0 if u.pose == "attack" else 0.0
    _turret(m, turret, 0.42, 0.32, 2, 1.0, 0.05, yaw, hull_c, IRON, fire=u.pose == "attack", sections=12)
    # casemate deckhouse, tall funnel, signal mast
    m.add(mk.moved(mk.box(0.6, 0.35, 0.9), 0, depth + 0.17, -0.6), shade(hull_c, 1.4))
    m.add(mk.moved(mk.cylinder(0.17, 1.3, 10), 0, depth + 0.8, -0.25), hull_c)
    m.add(mk.moved(mk.cylinder(0.18, 0.15, 10), 0, depth + 1.2, -0.25), band_c)
    m.add(rod(_v(0, depth, -1.5), _v(0, depth + 1.8, -1.5), 0.035), DARK_WOOD)
    m.add(mk.moved(xcyl(0.025, 0.7, 5), 0, depth + 1.4, -1.5), DARK_WOOD)
    if u.pose != "idle":
        smoke_trail(m, _v(0, depth + 1.65, -0.35), _v(0, 0.12, -0.32), 4, 0.18)
    return depth * 0.5, length, beam


def _turret(m: Model, base, radius, height, guns, gun_len, gun_r, yaw, colour, gun_c, fire=False, sections=8):
    """Gun turret on `base`, rotated `yaw` degrees (0 = guns forward, + = to port/+X)."""
    t = Model()
    t.add(mk.moved(mk.scaled(mk.cylinder(radius, height, sections), 1, 1, 1.1), 0, height / 2, 0), colour)
    rear = mk.box(radius * 1.3, height * 0.5, radius * 0.6)  # the turret's bustle
    t.add(mk.moved(rear, 0, height * 0.6, -radius * 0.6), shade(colour, 0.9))
    for k in range(guns):
        x = (k - (guns - 1) / 2) * gun_r * 3.2
        t.add(mk.moved(zcyl(gun_r, gun_len, 6), x, height * 0.45, radius + gun_len / 2 - 0.1), gun_c)
        if fire:
            flash(t, (x, height * 0.45, radius + gun_len - 0.05), (0, 0.05, 1), 0.9 * radius / 0.4, smoke=k == 0)
    t.rotate(yaw, (0, 1, 0))
    t.translate(*base)
    m.extend(t)


def _battleship(m: Model, u: Unit):
    length, beam, depth = 7.0, 1.25, 0.6
    hull_c, dark_c, band_c = u.primary, u.secondary, u.accent
    m.add(hull(length, beam, depth, bow_rise=0.25, stern_rise=0.05, stern_width=0.5, keel_rise=0.2), hull_c)
    for side in (-1, 1):
        m.add(mk.moved(mk.box(0.03, 0.08, length * 0.7), side * (beam / 2 + 0.005), 0.18, 0), band_c)
    m.add(mk.moved(mk.box(beam * 0.86, 0.05, length * 0.76), 0, depth, 0), shade(hull_c, 0.85))
    fire = u.pose == "attack"
    yaw = 75.0 if fire else 0.0
    for z, y, back in ((2.25, 0.0, False), (1.55, 0.22, False), (-1.65, 0.22, True), (-2.35, 0.0, True)):
        base = _v(0, depth + 0.02 + y, z)
        if y > 0:  # barbette lifting the superfiring turret
            m.add(mk.moved(mk.cylinder(0.28, y, 10), 0, depth + y / 2 + 0.02, z), shade(hull_c, 0.9))
        _turret(m, base, 0.3, 0.22, 3, 0.85, 0.035, (180.0 - yaw if back else yaw), hull_c, dark_c, fire=fire)
    # superstructure: bridge tower, funnels, masts
    m.add(mk.moved(mk.box(0.75, 0.45, 1.6), 0, depth + 0.25, 0.1), shade(hull_c, 1.1))
    m.add(mk.moved(mk.box(0.5, 0.55, 0.6), 0, depth + 0.75, 0.55), shade(hull_c, 1.15))
    m.add(mk.moved(mk.box(0.55, 0.1, 0.3), 0, depth + 1.05, 0.7), dark_c)  # bridge windows
    m.add(rod(_v(0, depth + 1.0, 0.45), _v(0, depth + 2.3, 0.45), 0.04), dark_c)
    m.add(mk.moved(mk.box(0.5, 0.06, 0.06), 0, depth + 1.9, 0.45), dark_c)
    m.add(mk.moved(mk.box(0.24, 0.12, 0.04), 0, depth + 2.15, 0.45), dark_c)  # radar
    for z in (-0.15, -0.65):
        m.add(mk.moved(mk.scaled(mk.cylinder(0.16, 0.75, 10), 1, 1, 1.3), 0, depth + 0.8, z), shade(hull_c, 0.95))
        m.add(mk.moved(mk.scaled(mk.cylinder(0.165, 0.08, 10), 1, 1, 1.3), 0, depth + 1.17, z), BLACK)
    m.add(rod(_v(0, depth + 0.4, -1.05), _v(0, depth + 1.7, -1.05), 0.03), dark_c)
    m.add(mk.moved(mk.box(0.4, 0.05, 0.05), 0, depth + 1.45, -1.05), dark_c)
    if u.pose != "idle":
        smoke_trail(m, _v(0, depth + 1.35, -0.75), _v(0, 0.08, -0.3), 3, 0.15)
    return depth * 0.5, length, beam


SHIPS = {"oars": _galley, "lateen_sail": _caravel, "square_rig": _frigate, "steam_funnel": _ironclad,
         "gun_turrets": _battleship}


# =============================================================================
# tank
# =============================================================================

def build_tank(m: Model, u: Unit) -> None:
    body_c, dark_c, metal_c = u.primary, u.secondary, u.accent
    pose = u.pose
    t = Model()
    length, width = 3.4, 2.0
    # tracks: stadium-shaped side blocks with road wheels
    track = [(-1.7, 0.28), (-1.45, 0.03), (1.3, 0.03), (1.7, 0.4), (1.6, 0.68), (-1.62, 0.68)]
    for side in (-1, 1):
        block = slab([(z, y) for z, y in track], 0.42)  # drawn in XY: x = along the tank
        block = mk.rotated(block, -90, (0, 1, 0))      # local X -> +Z... orient along the tank
        t.add(mk.moved(block, side * 0.8, 0, 0), dark_c)
        for k in range(6):
            z = -1.25 + k * 0.5
            t.add(mk.moved(xcyl(0.2, 0.06, 10), side * 1.02, 0.27, z), shade(dark_c, 1.5))
        t.add(mk.moved(mk.box(0.5, 0.05, 3.2), side * 0.82, 0.72, 0.0), shade(body_c, 0.9))  # mudguard
    # hull: sloped glacis at the front
    hull_pts = [(-1.65, 0.45), (1.2, 0.45), (1.75, 0.62), (1.35, 1.0), (-1.6, 1.0)]
    body = mk.rotated(slab(hull_pts, 1.3), -90, (0, 1, 0))
    t.add(body, body_c)
    t.add(mk.moved(mk.box(1.0, 0.06, 0.6), 0, 1.02, -1.1), shade(body_c, 0.8))  # engine deck
    # turret
    yaw = 22.0 if pose == "attack" else 0.0
    elev = 6.0 if pose == "attack" else (0.0 if pose == "idle" else -2.0)
    tur = Model()
    turret_pts = [(-0.75, 0.0), (0.55, 0.0), (0.85, 0.18), (0.6, 0.45), (-0.7, 0.45)]
    tur.add(mk.rotated(slab(turret_pts, 1.25), -90, (0, 1, 0)), body_c)
    tur.add(mk.moved(mk.cylinder(0.2, 0.12, 10), 0.3, 0.5, -0.2), shade(body_c, 0.85))  # hatch
    tur.add(mk.moved(mk.box(0.12, 0.1, 0.35), -0.35, 0.52, -0.1), dark_c)
    e = math.radians(elev)
    d = _v(0, math.sin(e), math.cos(e))
    root = _v(0, 0.25, 0.75)
    recoil = -0.15 if pose == "attack" else 0.0
    tur.add(rod(root + d * recoil, root + d * (2.3 + recoil), 0.07, sections=8), metal_c)
    extractor = rod(root + d * (0.9 + recoil), root + d * (1.3 + recoil), 0.1, sections=8)
    tur.add(extractor, shade(metal_c, 0.8))
    tur.add(rod(root + d * (2.15 + recoil), root + d * (2.35 + recoil), 0.095, sections=8), shade(metal_c, 0.7))
    if pose == "attack":
        flash(tur, root + d * (2.4 + recoil), d, 1.6)
    tur.rotate(yaw, (0, 1, 0))
    tur.translate(0, 1.02, -0.1)
    t.extend(tur)
    t.add(rod((0.55, 1.0, -1.5), (0.55, 1.8, -1.6), 0.015, sections=4), BLACK)  # antenna
    if pose == "move":  # accelerating: nose up, dust behind the tracks
        t.rotate(-3.0, (1, 0, 0), about=(0, 0, -1.7))
        dust(t, [(0.8, 0, -1.95), (-0.8, 0, -2.05), (0.3, 0.1, -2.4), (-0.4, 0.1, -2.5)], 0.3)
    if pose == "attack":  # recoil rocks the hull back
        t.rotate(-2.0, (1, 0, 0), about=(0, 0, -1.7))
    m.extend(t)


# =============================================================================
# aircraft
# =============================================================================

def build_aircraft(m: Model, u: Unit) -> None:
    body_c, dark_c, accent_c = u.primary, u.secondary, u.accent
    pose = u.pose
    p = Model()
    # fuselage: lofted octagon rings, tail (-Z) to nose (+Z)
    profile = [(-1.9, 0.07, 0.2), (-1.2, 0.17, 0.1), (-0.3, 0.28, 0.02), (0.5, 0.32, 0.0), (1.15, 0.3, 0.0),
               (1.35, 0.27, 0.0)]
    rings = []
    for z, r, dy in profile:
        rings.append([(r * math.cos(a), dy + r * 1.08 * math.sin(a), z)
                      for a in np.linspace(0, 2 * math.pi, 8, endpoint=False)])
    p.add(loft(rings), body_c)
    p.add(mk.moved(zcyl(0.31, 0.2, 8), 0, 0, 1.3), dark_c)  # cowling ring
    p.add(cone_at(_v(0, 0, 1.38), (0, 0, 1), 0.13, 0.3, 8), accent_c)  # spinner
    # propeller: three blades, or a blurred disc when spinning
    if pose == "idle":
        for k in range(3):
            blade = mk.rotated(mk.moved(mk.box(0.1, 0.75, 0.03), 0, 0.42, 0), 120 * k + 15, (0, 0, 1))
            p.add(mk.moved(blade, 0, 0, 1.45), dark_c)
    else:
        p.add(mk.moved(zcyl(0.82, 0.015, 16), 0, 0, 1.46), mix(SMOKE, dark_c, 0.3))
    # canopy
    p.add(ball((0, 0.3, 0.05), 0.2, 1, sy=0.9, sz=2.0), GLASS)
    # wings (planform in XZ), stabilisers and fin
    wing = [(-2.1, -0.05), (-0.3, -0.35), (0.3, -0.35), (2.1, -0.05),
            (2.1, 0.35), (0.3, 0.65), (-0.3, 0.65), (-2.1, 0.35)]
    p.add(mk.moved(mk.prism([(x, z + 0.1) for x, z in wing], 0.07), 0, -0.18, 0), body_c)
    for side in (-1, 1):  # roundels and tip markings
        p.add(mk.moved(mk.cylinder(0.18, 0.08, 10), side * 1.35, -0.14, 0.28), dark_c)
        p.add(mk.moved(mk.cylinder(0.11, 0.09, 10), side * 1.35, -0.14, 0.28), CANVAS)
        p.add(mk.moved(mk.cylinder(0.05, 0.1, 8), side * 1.35, -0.14, 0.28), accent_c)
        p.add(mk.moved(mk.box(0.25, 0.075, 0.4), side * 1.98, -0.145, 0.25), accent_c)
    tail = [(-0.85, -1.95), (0.85, -1.95), (0.75, -1.65), (0.2, -1.35), (-0.2, -1.35), (-0.75, -1.65)]
    p.add(mk.moved(mk.prism(tail, 0.05), 0, 0.12, 0), body_c)
    fin = [(-1.98, 0.1), (-1.45, 0.15), (-1.7, 0.75), (-1.95, 0.78)]
    p.add(mk.rotated(slab(fin, 0.06), -90, (0, 1, 0)), body_c)
    p.add(mk.moved(mk.box(0.065, 0.2, 0.22), 0, 0.62, -1.85), accent_c)
    if pose == "idle":  # on the ground: fixed gear, tail down
        for side in (-1, 1):
            p.add(bar((side * 0.55, -0.15, 0.5), (side * 0.6, -0.75, 0.6), 0.06), dark_c)
            p.add(mk.moved(xcyl(0.17, 0.09, 10), side * 0.62, -0.78, 0.62), BLACK)
        p.add(bar((0, -0.05, -1.75), (0, -0.28, -1.85), 0.04), dark_c)
        p.add(mk.moved(xcyl(0.07, 0.05, 8), 0, -0.3, -1.86), BLACK)
        p.rotate(-9.0, (1, 0, 0))
    elif pose == "move":  # cruising, gear up, slight climb with wingtip trails
        for side in (-1, 1):
            p.add(rod((side * 2.1, -0.14, 0.3), (side * 2.1, -0.14, -2.2), 0.025, 0.01, 4), FOAM)
        p.rotate(-5.0, (1, 0, 0))
    else:  # attack: banking into a dive, guns blazing from the wings
        for side in (-1, 1):
            gun = _v(side * 0.95, -0.15, 0.78)
            p.add(mk.moved(zcyl(0.025, 0.3, 5), *(gun - [0, 0, 0.05])), BLACK)
            flash(p, gun + [0, 0, 0.12], (0, 0, 1), 0.6, smoke=False)
            for k in range(3):
                p.add(rod(gun + [0, 0, 0.8 + 0.55 * k], gun + [0, 0, 1.1 + 0.55 * k], 0.022, sections=4), FLASH)
        p.rotate(8.0, (1, 0, 0))
        p.rotate(-35.0, (0, 0, 1))
    m.extend(p)


BUILDERS = {
    "foot": build_foot, "mounted": build_mounted, "siege": build_siege, "wagon": build_wagon,
    "ship": build_ship, "tank": build_tank, "aircraft": build_aircraft,
}
