"""What sprites each mesh gets, and the camera rigs that frame them (no Blender here).

This module decides *what* is rendered; render/ decides *how* (Blender scene,
lights, post-processing). Both the render task's fingerprint and the render
worker read the plain dicts made here, so changing a rig re-renders exactly the
sprites it frames.

Sprite sets (../shared/MISSION.md):
    terrain   every tile mesh: 8 rotations x 2 lightings (day, dusk), 256x256
    unit      every pose mesh: 8 directions x 3 frames of its animation, 64x64
              (idle/move/attack pose mesh -> idle/move/attack animation; 72 per unit)
    building  one icon, 128x128          resource  one icon, 64x64
    wonder    one hero shot, 1920x1080 (perspective, ground and sky, opaque)

Coordinates are glTF's: Y up, a model's front faces +Z, 1 unit = 1 m.

The isometric rig (chosen once, for every kind but the wonder hero shots):
an orthographic camera looking at the model's front from 30 degrees above the
ground (ELEVATION_DEG), screen right = +X. A world point p lands at

    u = p.x                                   (metres, screen right)
    v = p.y * cos(30) - p.z * sin(30)         (metres, screen up)
    pixel = (width/2 + (u - centre_u) * ppm,  height/2 - (v - centre_v) * ppm)

with one `centre` and one `ppm` (pixels per metre) per kind, derived from the
catalog's bounds for that kind, never from a mesh: every terrain tile shares
one frame, so tiles placed on the hex grid line up edge to edge, and every
unit shares one scale and one ground anchor across its poses, directions and
frames. Rotations and directions turn the *model* about its vertical axis;
camera and lights stay fixed, so the light always comes from the same side of
the screen. Direction names are where the model's front points on screen
(s = towards the viewer, e = screen right), rotation k turns by k * 45 degrees.
"""
from __future__ import annotations

import math
from functools import lru_cache

# Plain Python, no numpy: this module is imported on every doit call (task
# generation), and numpy's import alone would cost a no-op build ~0.1 s.
Matrix = list  # 4x4, row-major nested lists, column vectors, glTF axes

ELEVATION_DEG = 30.0
#: empty pixels kept between the framed bounds and the frame edge
MARGIN_PX = 2

DIRECTIONS = ("s", "se", "e", "ne", "n", "nw", "w", "sw")  # k * 45 degrees about +Y
ROTATIONS = 8
TERRAIN_LIGHTINGS = ("day", "dusk")
ANIMATIONS = ("idle", "move", "attack")  # each rendered from the pose mesh of that name
FRAMES = 3
FRAME_SECONDS = {"idle": 0.25, "move": 0.15, "attack": 0.12}

SIZES = {"terrain": (256, 256), "unit": (64, 64), "building": (128, 128), "resource": (64, 64),
         "wonder": (1920, 1080)}
#: Cycles samples per pixel by default (catalog: settings.render.samples overrides)
DEFAULT_SAMPLES = {"terrain": 8, "unit": 16, "building": 16, "resource": 16, "wonder": 4}
#: building and resource icons show the model turned by this much, for a 3/4 view
ICON_TURN_DEG = -30.0

# Animation frames: transforms of the pose mesh about its ground anchor (the
# origin), in the model's own axes (front = +Z). Each entry: (advance along the
# front in m, lift in m, pitch forward in degrees, vertical squash factor).
ANIMATION_FRAMES = {
    "idle": ((0.0, 0.0, 0.0, 1.0), (0.0, 0.0, 0.0, 1.06), (0.0, 0.0, -2.0, 0.97)),  # breathing bob
    "move": ((-0.15, 0.0, 3.0, 1.0), (0.0, 0.12, 5.0, 1.0), (0.15, 0.0, 3.0, 1.0)),  # stride and advance
    "attack": ((-0.12, 0.0, -7.0, 1.0), (0.0, 0.05, 0.0, 1.0), (0.3, 0.0, 9.0, 1.0)),  # wind-up, strike
}


# --- transforms ---

def matmul(a: Matrix, b: Matrix) -> Matrix:
    return [[sum(a[i][k] * b[k][j] for k in range(4)) for j in range(4)] for i in range(4)]


def identity() -> Matrix:
    return [[float(i == j) for j in range(4)] for i in range(4)]


def rotation_y(degrees: float) -> Matrix:
    a = math.radians(degrees)
    c, s = math.cos(a), math.sin(a)
    return [[c, 0.0, s, 0.0], [0.0, 1.0, 0.0, 0.0], [-s, 0.0, c, 0.0], [0.0, 0.0, 0.0, 1.0]]


def frame_transform(advance: float, lift: float, pitch_deg: float, squash: float) -> Matrix:
    """One animation frame: squash about the ground, pitch about the ground anchor, then move."""
    a = math.radians(pitch_deg)
    c, s = math.cos(a), math.sin(a)
    # pitch forward = the top of the model moves towards +Z (rotation about +X by +a)
    pitch = [[1.0, 0.0, 0.0, 0.0], [0.0, c, -s, 0.0], [0.0, s, c, 0.0], [0.0, 0.0, 0.0, 1.0]]
    side = 1 / math.sqrt(squash)  # keeps the volume: a bob, not a growth
    squash_m = [[side, 0.0, 0.0, 0.0], [0.0, squash, 0.0, 0.0], [0.0, 0.0, side, 0.0], [0.0, 0.0, 0.0, 1.0]]
    move = identity()
    move[1][3], move[2][3] = lift, advance
    return matmul(move, matmul(pitch, squash_m))


def apply(matrix: Matrix, point) -> tuple[float, float, float]:
    x, y, z = point
    return tuple(matrix[i][0] * x + matrix[i][1] * y + matrix[i][2] * z + matrix[i][3] for i in range(3))


def _matrix_list(matrix: Matrix) -> list[float]:
    """Row-major floats, rounded so the fingerprint does not depend on float noise."""
    return [round(float(x), 9) + 0.0 for row in matrix for x in row]


# --- framing ---

def project(point, elevation_deg: float = ELEVATION_DEG) -> tuple[float, float]:
    """A world point -> screen metres (u right, v up) of the isometric rig."""
    e = math.radians(elevation_deg)
    x, y, z = point
    return x, y * math.cos(e) - z * math.sin(e)


def to_pixels(point, camera: dict) -> tuple[float, float]:
    """A world point -> pixel coordinates (x right, y down) in a sprite framed by `camera`."""
    u, v = project(point, camera["elevation_deg"])
    width, height = camera["size"]
    ppm = camera["pixels_per_metre"]
    return width / 2 + (u - camera["centre"][0]) * ppm, height / 2 - (v - camera["centre"][1]) * ppm


def _box_corners(width: float, depth: float, bottom: float, top: float) -> list:
    return [(x, y, z) for x in (-width / 2, width / 2) for y in (bottom, top) for z in (-depth / 2, depth / 2)]


def hex_corners(circumradius: float, y: float = 0.0) -> list:
    """The six corners of the pointy-top hex footprint (a corner points along -Z)."""
    angles = [math.radians(90 + 60 * i) for i in range(6)]
    return [(circumradius * math.cos(a), y, -circumradius * math.sin(a)) for a in angles]


def _fit_camera(kind: str, extent_points: list, transforms: list[Matrix]) -> dict:
    """The orthographic camera that holds `extent_points` under every transform, with MARGIN_PX to spare."""
    uv = [project(apply(m, p)) for m in transforms for p in extent_points]
    low = [min(c[i] for c in uv) for i in (0, 1)]
    high = [max(c[i] for c in uv) for i in (0, 1)]
    width, height = SIZES[kind]
    # pixels per metre so that the extent plus the margin (and a pixel of filter blur) fits both ways
    ppm = min((width - 2 * MARGIN_PX - 2) / (high[0] - low[0]), (height - 2 * MARGIN_PX - 2) / (high[1] - low[1]))
    return {
        "projection": "orthographic",
        "elevation_deg": ELEVATION_DEG,
        "size": [width, height],
        "pixels_per_metre": round(ppm, 6),
        "centre": [round((low[0] + high[0]) / 2, 6) + 0.0, round((low[1] + high[1]) / 2, 6) + 0.0],
    }


def _extent(kind: str, settings: dict) -> list:
    """Points whose convex hull holds every mesh of `kind` the catalog allows."""
    if kind == "terrain":
        hex_ = settings["hex"]
        top = settings["bounds"]["terrain_height"] + hex_["base_thickness_m"]
        return hex_corners(hex_["circumradius_m"], 0.0) + hex_corners(hex_["circumradius_m"], top)
    box = settings["bounds"][kind]
    return _box_corners(box["width"], box["depth"], 0.0, box["height"])


def hero_camera(settings: dict) -> dict:
    """The wonders' perspective splash-screen camera.

    A hero shot is a picture of one wonder, not a map sprite: the renderer
    frames each wonder's own bounding box (its bounding sphere fills
    `fill` of the picture height) from this direction, lens and height.
    """
    width, height = SIZES["wonder"]
    return {"projection": "perspective", "size": [width, height], "focal_mm": 35.0, "sensor_mm": 36.0,
            "azimuth_deg": -35.0, "elevation_deg": 12.0, "fill": 1.25, "ground_radius_m": 2000.0}


# --- sprite lists ---

@lru_cache(maxsize=None)  # pure; every doit call lists 3,008 sprites, and the matrix products cost ~0.1 s
def sprite_transforms(kind: str) -> tuple[tuple[str, str, Matrix], ...]:
    """(sprite name, lighting, model transform) of every sprite one mesh of `kind` gets.

    Units: names for the animation of the pose are `<direction>_<frame>`; the
    task prefixes the animation (see pipeline/layout.py for the paths).
    """
    if kind == "terrain":
        return tuple((f"{lighting}_r{k}", lighting, rotation_y(45.0 * k))
                     for lighting in TERRAIN_LIGHTINGS for k in range(ROTATIONS))
    if kind == "unit":
        raise ValueError("unit sprites depend on the pose: use unit_sprite_transforms(pose)")
    if kind in ("building", "resource"):
        return (("icon", "day", rotation_y(ICON_TURN_DEG)),)
    if kind == "wonder":
        return (("hero", "hero", identity()),)
    raise ValueError(f"no sprite set for mesh kind {kind!r}")


@lru_cache(maxsize=None)
def unit_sprite_transforms(animation: str) -> tuple[tuple[str, str, Matrix], ...]:
    return tuple((f"{animation}_{direction}_{frame}", "day", matmul(rotation_y(45.0 * k), frame_transform(*values)))
                 for k, direction in enumerate(DIRECTIONS) for frame, values in enumerate(ANIMATION_FRAMES[animation]))


def _listed(kind: str, pose: str | None) -> tuple[tuple[str, str, Matrix], ...]:
    return unit_sprite_transforms(pose) if kind == "unit" else sprite_transforms(kind)


def sprite_names(kind: str, pose: str | None = None) -> list[str]:
    return [name for name, _, _ in _listed(kind, pose)]


def camera_for(kind: str, settings: dict) -> dict:
    """The camera every sprite of `kind` shares (from the catalog's bounds, not from meshes)."""
    if kind == "wonder":
        return hero_camera(settings)
    return dict(_fit_kind(kind, tuple(_extent(kind, settings))))


@lru_cache(maxsize=None)  # the three unit poses share one camera: fit it once per doit call
def _fit_kind(kind: str, extent: tuple) -> tuple:
    if kind == "unit":
        transforms = [t for animation in ANIMATIONS for _, _, t in unit_sprite_transforms(animation)]
    elif kind == "terrain":
        transforms = [rotation_y(45.0 * k) for k in range(ROTATIONS)]
    else:
        transforms = [t for _, _, t in sprite_transforms(kind)]
    return tuple(_fit_camera(kind, list(extent), transforms).items())


def render_spec(kind: str, pose: str | None, settings: dict) -> dict:
    """Everything that determines one mesh's sprites except the mesh itself: the fingerprint's spec."""
    samples = {**DEFAULT_SAMPLES, **settings.get("render", {}).get("samples", {})}
    return {
        "kind": kind,
        "samples": samples[kind],
        "camera": camera_for(kind, settings),
        "transparent": kind != "wonder",
        "sprites": [{"name": name, "lighting": lighting, "matrix": _matrix_list(matrix)}
                    for name, lighting, matrix in _listed(kind, pose)],
    }
