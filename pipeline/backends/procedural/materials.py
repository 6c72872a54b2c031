"""Procedural PBR materials: five seamlessly tileable maps from one spec.

`generate(spec)` returns PNG bytes for ``basecolor`` (RGB), ``normal`` (RGB,
tangent space, OpenGL convention: +X red right, +Y green up), ``roughness``,
``metallic`` and ``height`` (greyscale 'L', 0..1 stored as 0..255).

How a material is made:
1. The spec's ``pattern`` picks a recipe (one small function per pattern
   below). A recipe paints float layers on the torus (see texkit): a height
   field that carries the structure (mortar low, bricks high, ...), an albedo
   painted with the spec's palette, roughness and (for metals) metallic.
2. Post-processing, shared by all recipes: the height is normalised to 0..1,
   the normal map is derived from it with wrap-around gradients, roughness
   and metallic means follow the spec when it gives them, and everything is
   quantised to 8 bits.
3. The tile's origin is chosen (a joint roll of all maps, which keeps them
   periodic) so that the wrap-around seam falls between two quiet
   columns/rows rather than on a mortar line: the seam is then no more
   visible than any interior column, which is what the materials gate
   measures.

Palette roles (2..6 colours; recipes wrap indices, so 2 colours always work):
- ramps (grass, dirt, sand, rock, snow, mud, plaster, thatch, bark, planks):
  colours ordered dark/low -> light/high.
- joints last (brick, stone_blocks, cobblestone, gravel): the other colours
  paint the blocks/stones, the last one the mortar/gaps.
- marble: first = body, the rest = vein colours.
- slate: every colour is a tile colour (gaps are darkened tile colour).
- lava: all but the last = rock (dark -> light), last = glow.
- leaves: first = shadow between leaves, the rest = leaf colours.
- water: all but the last = deep -> shallow, last = foam.
- metal: first = the metal, second = its highlight/variation, last = the
  finish's accent (verdigris for patina, tarnish, scale, cavity grime).
`SUGGESTED_PALETTES` holds palettes for the 28 catalog materials that follow
these roles.

Randomness comes only from `common.rng_for(spec, "material")`; PNGs are
written without metadata at a fixed compression level, so the same spec gives
byte-identical files.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image

from pipeline.backends.procedural import texkit as tk
from pipeline.backends.procedural.common import palette, rng_for
from pipeline.backends.procedural.texkit import F, lerp, norm01, ramp, smoothstep

MAPS = ("basecolor", "normal", "roughness", "metallic", "height")
PNG_LEVEL = 6

SUGGESTED_PALETTES = {
    "grass_meadow": ["#1f3d12", "#3d6b1f", "#5a8f2c", "#86b347", "#b5d16a"],
    "grass_dry": ["#5c4a26", "#8a7a3e", "#b09a55", "#cdb874", "#e0d29a"],
    "dirt_forest": ["#2e2118", "#4a3526", "#684c35", "#86694c", "#a48b6c"],
    "sand_beach": ["#a88f62", "#c9b083", "#dcc69b", "#ecdcb8"],
    "gravel_path": ["#6f6a62", "#8e877c", "#a9a196", "#7d7368", "#4a4036"],
    "rock_granite": ["#3d3b3a", "#6e6a66", "#8f8984", "#b3aca6", "#c9a9a0"],
    "snow_fresh": ["#9fb2cc", "#c9d6e6", "#e8eef6", "#fbfcff"],
    "mud_wet": ["#1f160e", "#35261a", "#4d3826", "#6b5139"],
    "lava_rock": ["#141110", "#2a2320", "#463a33", "#ff6a10"],
    "brick_red": ["#8a3a28", "#9e4630", "#7a3222", "#b0573a", "#c8bda8"],
    "brick_weathered": ["#7a4a3a", "#8c5a44", "#6a4034", "#9b7058", "#a8a090"],
    "stone_castle": ["#8a8478", "#9c968a", "#76706a", "#aaa397", "#5a554e"],
    "marble_white": ["#ece9e4", "#9a9590", "#6f6a66", "#c8b9a6"],
    "plaster_cream": ["#c9b896", "#ddd0b2", "#ebe1c8", "#f5eedc"],
    "wood_planks": ["#4a2f1a", "#6e4a2c", "#8c6440", "#a88058"],
    "thatch_roof": ["#4f3f22", "#7a6534", "#a68c4c", "#c9b06a", "#ddc98a"],
    "slate_roof": ["#3b4048", "#464c55", "#2f343b", "#525863"],
    "cobblestone": ["#77726b", "#8a847b", "#6a6660", "#9c958a", "#3e3a34"],
    "bronze_polished": ["#b5803f", "#e0b070", "#6b4a25"],
    "bronze_patina": ["#8f6535", "#b08048", "#5f9f86", "#3f8a72"],
    "iron_forged": ["#3e3d3c", "#5f5e5c", "#2a2420"],
    "gold_ornate": ["#d9a93e", "#f5d27a", "#5a4012"],
    "silver_tarnished": ["#c9c9cb", "#e6e6e8", "#3a332a"],
    "steel_brushed": ["#9ea3a8", "#c2c7cc", "#6e7378"],
    "bark_oak": ["#231a13", "#3e3127", "#5c4c3e", "#7a6a5a", "#8f8574"],
    "leaves_green": ["#0f1a0a", "#2f5a1c", "#3f7326", "#568a2e", "#6f9e3a"],
    "leaves_autumn": ["#1c1208", "#a63c12", "#c9651a", "#d99a2b", "#8a2a10"],
    "water_surface": ["#0b2a3d", "#134a63", "#1f6f86", "#3f95a3", "#d8ecef"],
}


@dataclass
class Layers:
    """What a recipe paints (floats, n x n; albedo n x n x 3)."""
    height: np.ndarray
    albedo: np.ndarray
    rough: np.ndarray
    metal: np.ndarray | None = None   # None: non-metal (all zero)
    depth: float = 0.01               # full height range, in tile widths


class Ctx:
    """Per-material state a recipe draws on: size, seeded rng, palette."""

    def __init__(self, spec: dict):
        self.spec = spec
        self.n = int(spec.get("size") or 1024)
        self.rng = rng_for(spec, "material")
        self.pal = [np.asarray(p, F) for p in palette(spec)]
        self.u, self.v = tk.coords(self.n)
        self.finish = spec.get("finish")

    def col(self, i: int) -> np.ndarray:
        return self.pal[i % len(self.pal)]

    def noise(self, *a, **k):
        return tk.noise(self.rng, self.n, *a, **k)

    def band(self, *a, **k):
        return tk.band_noise(self.rng, self.n, *a, **k)

    def px(self, k: float) -> float:
        """k pixels in tile units (to keep thin features at least ~1 px)."""
        return k / self.n

    def per(self, ids, lo=0.0, hi=1.0):
        """One uniform random value per id, looked up for every pixel."""
        vals = self.rng.uniform(lo, hi, int(ids.max()) + 1).astype(F)
        return vals[ids]

    def choose(self, ids, colours):
        """One palette colour per id -> (n, n, 3)."""
        cols = np.asarray(colours, F)
        pick = self.rng.integers(len(cols), size=int(ids.max()) + 1)
        return cols[pick][ids]

    def warp_px(self, lo, amount_px, beta=2.0):
        """A pair of periodic displacement fields (pixels) for domain warping."""
        s = F(amount_px * self.n / 1024.0)
        return self.noise(lo, beta=beta) * s, self.noise(lo, beta=beta) * s


# --- shared pieces ---------------------------------------------------------

def _cavity(h: np.ndarray, radius_px: float) -> np.ndarray:
    """How much deeper a pixel is than its surroundings (0 = none), for
    grime and ambient darkening in crevices."""
    return np.clip(tk.blur(h, radius_px) - h, 0.0, None)


def _shade(albedo, factor):
    return (albedo * np.asarray(factor, F)[..., None]).astype(F)


def _joint(d, half_width, bevel):
    """0 in a joint (mortar, seam), rising over a rounded bevel to 1."""
    return smoothstep(half_width, half_width + bevel, d)


def _stones(c: Ctx, g: int, k: int, radius, aspect, squareness=2.4,
            presence=1.0, jitter=1.0, rough_edge=0.12):
    """Rounded stones scattered on a g x g torus grid (k per cell).

    Returns (height, stone_id, r): a dome height (0 outside stones), the id of
    the top stone (-1 outside) and the normalised radius inside it (0 centre,
    1 rim). Stones reach at most one cell from their own, so none is clipped.
    """
    n, rng = c.n, c.rng
    shape = (g, g, k)
    px = 0.5 + jitter * (rng.random(shape, dtype=F) - 0.5)
    py = 0.5 + jitter * (rng.random(shape, dtype=F) - 0.5)
    ang = rng.uniform(0, np.pi, shape).astype(F).ravel()
    rad = rng.uniform(*radius, shape).astype(F).ravel()
    asp = rng.uniform(*aspect, shape).astype(F).ravel()
    tall = rng.uniform(0.7, 1.0, shape).astype(F).ravel()
    alive = (rng.random(shape) < presence).ravel()
    ca, sa = np.cos(ang), np.sin(ang)
    edge = c.noise(g * 3.0, beta=2.0) * F(rough_edge)   # irregular outlines
    best = np.zeros((n, n), F)
    sid = np.full((n, n), -1, np.int32)
    rr = np.ones((n, n), F)
    p = F(squareness)
    for item, dx, dy in tk.scatter(n, g, g, px, py):
        a = rad[item] * asp[item]
        b = rad[item] / asp[item]
        lx = (dx * ca[item] + dy * sa[item]) / a
        ly = (-dx * sa[item] + dy * ca[item]) / b
        q = (np.abs(lx) ** p + np.abs(ly) ** p) ** (1 / p) + edge
        dome = np.sqrt(np.clip(1.0 - q * q, 0.0, None)) * tall[item]
        dome = np.where(alive[item], dome, F(0))
        top = dome > best
        best = np.where(top, dome, best)
        sid = np.where(top, item, sid)
        rr = np.where(top, q, rr)
    return best, sid, np.clip(rr, 0, 1)


def _scratches(c: Ctx, layers=3, freq=40.0, coverage=0.35):
    """Thin straight scratch segments at a few random angles (0..1)."""
    out = np.zeros((c.n, c.n), F)
    for _ in range(layers):
        ang = c.rng.uniform(0, np.pi)
        lines = tk.ridged(c.band(freq, freq * 0.5, stretch=(1.0, 25.0), angle=ang) * 3.0, 6.0)
        mask = smoothstep(1.0 - coverage * 2, 1.3 - coverage * 2, c.noise(3, beta=2.0))
        out = np.maximum(out, lines * mask)
    return out


def _bricklike(c: Ctx, row_edges, col_edges, phases, mortar, bevel, chip):
    """Shared by bricks and stone blocks: block ids, a 0..1 face profile
    (0 in the mortar) with irregular, chipped edges, and local coordinates."""
    block, dx, dy, lx, ly, row = tk.courses(c.n, row_edges, col_edges, phases)
    d = np.minimum(dx, dy) + c.noise(30, beta=1.5) * F(chip)
    m = max(mortar, c.px(0.7))
    face = _joint(d, m, max(bevel, c.px(1.5)))
    return block, face, lx, ly


# --- terrain recipes -------------------------------------------------------

def _grass(c: Ctx) -> Layers:
    n = c.n
    soil = c.noise(3, beta=2.5)
    dense = smoothstep(-1.2, 0.4, c.noise(5, beta=2.0))       # clumps and thin spots
    blades = np.zeros((n, n), F)
    for _ in range(5):                                        # blades in many directions
        ang = c.rng.uniform(0, np.pi)
        layer = tk.ridged(c.noise(45, 260, beta=0.8, stretch=(1.0, 7.0), angle=ang) * 1.6, 3.0)
        layer *= smoothstep(-0.3, 0.8, c.noise(25, beta=1.0))  # break lines into blades
        blades = np.maximum(blades, layer)
    blades *= dense
    h = 0.25 * norm01(soil) + 0.75 * blades
    tone = norm01(0.6 * c.noise(4, beta=2.2) + 0.4 * soil)
    albedo = ramp(0.15 + 0.55 * blades + 0.3 * tone, c.pal)
    albedo = _shade(albedo, 0.65 + 0.35 * np.maximum(blades, 0.4 * dense))
    rough = 0.9 - 0.15 * blades + 0.03 * c.noise(20)
    return Layers(h, albedo, rough, depth=0.012)


def _dirt(c: Ctx) -> Layers:
    base = c.noise(2, beta=2.6)
    clods = c.noise(14, beta=1.8)
    grain = c.noise(90, beta=0.4)
    peb_h, peb_id, _ = _stones(c, 12, 1, (0.12, 0.3), (0.7, 1.4), presence=0.45, rough_edge=0.1)
    twigs = tk.ridged(c.band(22, 8, stretch=(1.0, 12.0), angle=c.rng.uniform(0, np.pi)) * 4, 8)
    twigs *= smoothstep(0.9, 1.4, c.noise(6))
    soil_h = 0.45 * base + 0.3 * clods + 0.08 * grain
    h = norm01(soil_h) * 0.6 + peb_h * 0.5 + twigs * 0.15
    t = norm01(0.55 * base + 0.3 * c.noise(5, beta=2) + 0.15 * clods)
    albedo = ramp(0.1 + 0.75 * t + 0.04 * grain, c.pal[:-1] if len(c.pal) > 2 else c.pal)
    pebble = lerp(c.col(-1), c.col(-2), c.per(np.maximum(peb_id, 0)))
    albedo = lerp(albedo, _shade(pebble, 0.8 + 0.25 * peb_h), smoothstep(0.0, 0.15, peb_h))
    albedo = _shade(albedo, 1.0 - 0.5 * twigs)
    rough = 0.92 - 0.12 * smoothstep(0.0, 0.3, peb_h) + 0.03 * grain
    return Layers(h, albedo, rough, depth=0.012)


def _sand(c: Ctx) -> Layers:
    n = c.n
    wx, wy = c.warp_px(2, 40)
    ang = c.rng.uniform(-0.5, 0.5)
    kx, ky = int(round(18 * np.sin(ang))), int(round(18 * np.cos(ang)))
    # ripples: a sawtooth along an integer wave vector (periodic), domain-warped
    phase = (kx * c.u + ky * c.v) + 0.6 * c.noise(2, beta=2.5)
    saw = phase - np.floor(phase)
    ripple = smoothstep(0.0, 0.75, saw) * (1 - smoothstep(0.75, 1.0, saw))
    ripple = tk.warp(ripple.astype(F), wx, wy)
    strength = smoothstep(-1.0, 0.8, c.noise(2, beta=2))      # ripples fade in and out
    dunes = c.noise(1, beta=3.0)
    grain = c.noise(n / 3, beta=0.0)
    h = 0.45 * norm01(dunes) + 0.35 * ripple * strength + 0.05 * grain
    t = norm01(0.5 * dunes + 0.5 * c.noise(4, beta=2)) * 0.6 + 0.25 * ripple * strength
    albedo = ramp(0.1 + t + 0.05 * grain, c.pal)
    speck = c.rng.random((n, n), dtype=F)
    albedo = _shade(albedo, np.where(speck > 0.985, 0.7, np.where(speck < 0.01, 1.15, 1.0)))
    rough = 0.88 + 0.05 * grain
    return Layers(h, albedo, rough, depth=0.008)


def _gravel(c: Ctx) -> Layers:
    st_h, sid, r = _stones(c, 14, 2, (0.32, 0.5), (0.7, 1.4), squareness=2.2, rough_edge=0.15)
    ground = norm01(c.noise(6, beta=2.0))
    stone = st_h > 0
    ids = np.maximum(sid, 0)
    stones = c.choose(ids, c.pal[:-1])
    stones = _shade(stones, (0.8 + 0.4 * c.per(ids)) * (0.9 + 0.1 * c.noise(50, beta=1)))
    gap = _shade(np.broadcast_to(c.col(-1), stones.shape), 0.8 + 0.3 * ground)
    albedo = lerp(gap, _shade(stones, 0.75 + 0.35 * st_h), smoothstep(0.0, 0.12, st_h))
    h = 0.2 * ground + 0.8 * st_h
    rough = np.where(stone, 0.6 + 0.15 * r, 0.95).astype(F) + 0.03 * c.noise(40)
    return Layers(h, albedo, rough, depth=0.01)


def _rock(c: Ctx) -> Layers:
    n = c.n
    base = c.noise(2, beta=2.4)
    f1, f2, _, _, _ = tk.cells(c.rng, n, 4, jitter=0.9)
    wx, wy = c.warp_px(4, 45)
    cracks = tk.warp(1 - smoothstep(0.0, 0.07, f2 - f1), wx, wy)
    grains = c.noise(n / 6, beta=0.3)
    feldspar = c.noise(n / 10, beta=0.5)
    h = 0.6 * base + 0.2 * c.noise(12, beta=2.0) + 0.04 * grains - 1.0 * cracks
    t = norm01(0.7 * base + 0.3 * c.noise(6, beta=2.0))
    body = c.pal[:-1] if len(c.pal) > 2 else c.pal
    albedo = ramp(0.2 + 0.6 * t, body)
    albedo = lerp(albedo, c.col(-1), smoothstep(1.0, 1.4, feldspar) * 0.8)   # pink feldspar
    albedo = lerp(albedo, _shade(c.col(0), 0.5), smoothstep(1.1, 1.5, grains))  # black mica
    albedo = lerp(albedo, np.ones(3, F) * 0.92, smoothstep(1.6, 1.9, -grains) * 0.7)  # quartz
    albedo = _shade(albedo, 1.0 - 0.55 * cracks)
    rough = 0.78 + 0.08 * c.noise(8) - 0.1 * smoothstep(1.1, 1.5, grains)
    return Layers(h, albedo, rough, depth=0.02)


def _snow(c: Ctx) -> Layers:
    n = c.n
    drifts = c.noise(2, beta=3.2)
    wind = c.noise(3, beta=2.5, stretch=(3.0, 1.0), angle=c.rng.uniform(0, np.pi))
    fine = c.noise(30, beta=1.5)
    h = 0.65 * drifts + 0.3 * wind + 0.05 * fine
    hn = norm01(h)
    # shallow dips catch blue sky light; crests are whitest
    albedo = ramp(0.25 + 0.7 * hn + 0.04 * fine, c.pal)
    sparkle = c.rng.random((n, n), dtype=F) > 0.996
    albedo = np.where(sparkle[..., None], F(1.0), albedo)
    rough = np.where(sparkle, 0.08, 0.6 + 0.08 * c.noise(10)).astype(F)
    return Layers(h, albedo, rough, depth=0.006)


def _mud(c: Ctx) -> Layers:
    h = c.noise(3, beta=2.6) + 0.35 * c.noise(12, beta=2.0) + 0.05 * c.noise(80, beta=0.8)
    level = np.quantile(h, 0.28)
    wet = smoothstep(level + 0.25, level, h)                   # 1 in puddles
    h = np.maximum(h, level)                                    # puddles are flat
    t = norm01(h)
    albedo = ramp(0.15 + 0.8 * t, c.pal)
    albedo = _shade(albedo, 1.0 - 0.4 * wet)
    albedo = lerp(albedo, _shade(c.col(0), 0.9), wet * 0.5)
    albedo = _shade(albedo, 1.0 + 0.08 * c.noise(30, beta=1.2))
    rough = 0.78 - 0.7 * wet + 0.05 * c.noise(20)
    return Layers(h, albedo, rough, depth=0.01)


def _lava(c: Ctx) -> Layers:
    n = c.n
    f1, f2, cid, _, _ = tk.cells(c.rng, n, 5, jitter=0.9)
    wx, wy = c.warp_px(3, 50)
    gap = tk.warp(f2 - f1, wx, wy)
    width = 0.05 + 0.05 * smoothstep(-1, 1, c.noise(3))
    glow = 1 - smoothstep(0.0, width, gap)
    pores = smoothstep(1.6, 2.2, c.noise(25, beta=1.0))
    glow = np.maximum(glow, pores)
    rock = 0.6 * c.noise(5, beta=2.2) + 0.15 * c.noise(40, beta=1.2)
    plate = tk.warp(1 - np.clip(f1, 0, 1), wx, wy)
    h = rock + 0.5 * plate - 1.4 * glow
    body = c.pal[:-1]
    albedo = ramp(norm01(rock) * 0.8 + 0.1 * plate, body)
    hot = lerp(c.col(-1), np.array([1.0, 0.92, 0.55], F), 0.6)
    lava = lerp(c.col(-1), hot, glow ** 3)
    albedo = lerp(albedo, lava, smoothstep(0.0, 0.5, glow))
    rough = 0.9 - 0.35 * glow + 0.04 * c.noise(20)
    return Layers(h, albedo, rough, depth=0.02)


# --- architecture recipes --------------------------------------------------

def _brick(c: Ctx) -> Layers:
    # 12 courses of 4 bricks, alternate courses offset by half a brick
    # (stretcher bond). An even course count makes the offsets wrap.
    rows, per_row = 12, 4
    old = c.finish == "weathered" or "weathered" in str(c.spec.get("id", ""))
    edges = [np.arange(per_row) / per_row for _ in range(rows)]
    phases = [(r % 2) * 0.5 / per_row for r in range(rows)]
    block, face, lx, ly = _bricklike(c, np.arange(rows) / rows, edges, phases,
                                     mortar=0.0045, bevel=0.012 if old else 0.006,
                                     chip=0.004 if old else 0.0015)
    tone = c.per(block, -1, 1)
    mottle = c.noise(20, beta=1.6)
    pits = smoothstep(1.4, 2.0, c.noise(120, beta=0.5))
    mortar_n = c.noise(60, beta=1.0)
    brick_h = 0.8 + 0.04 * mottle + 0.05 * tone - 0.1 * pits
    if old:
        spall = smoothstep(0.6, 1.1, c.noise(7, beta=2.0)) * smoothstep(0.2, 0.6, c.per(block))
        brick_h = brick_h - 0.25 * spall
    h = face * brick_h + (1 - face) * (0.1 + 0.04 * mortar_n)
    bricks = c.choose(block, c.pal[:-1])
    bricks = _shade(bricks, (1 + (0.2 if old else 0.1) * tone) * (1 + 0.07 * mottle) * (1 - 0.25 * pits))
    mortar = _shade(np.broadcast_to(c.col(-1), bricks.shape), 0.92 + 0.08 * mortar_n)
    albedo = lerp(mortar, bricks, face)
    if old:
        # soot/rain streaks running down, lighter spalled faces, grime in joints
        streaks = smoothstep(0.0, 1.5, c.noise(3, beta=1.5, stretch=(1.0, 8.0)))
        albedo = _shade(albedo, 1 - 0.35 * streaks)
        albedo = lerp(albedo, _shade(c.col(-1), 0.85), spall * 0.35)
    albedo = _shade(albedo, 1 - 0.9 * np.clip(_cavity(h, 3 * c.n / 1024) * 4, 0, 0.5))
    rough = 0.78 + 0.08 * mottle * 0.5 + 0.14 * (1 - face)
    return Layers(h, albedo, rough, depth=0.012)


def _stone_blocks(c: Ctx) -> Layers:
    # ashlar courses of random heights, 2-4 blocks of random widths per course
    rng = c.rng
    rows = 6
    heights = rng.uniform(0.7, 1.3, rows)
    row_edges = (np.concatenate([[0], np.cumsum(heights)[:-1]]) / heights.sum() + rng.random()) % 1.0
    row_edges.sort()
    edges, phases = [], []
    for _ in range(rows):
        k = int(rng.integers(2, 5))
        w = rng.uniform(0.7, 1.3, k)
        edges.append(np.concatenate([[0], np.cumsum(w)[:-1]]) / w.sum())
        phases.append(rng.random())
    block, face, lx, ly = _bricklike(c, row_edges, edges, phases,
                                     mortar=0.004, bevel=0.014, chip=0.004)
    tone = c.per(block, -1, 1)
    chisel = c.noise(6, beta=2.2) * 0.5 + c.noise(40, beta=1.2) * 0.2
    h = face * (0.8 + 0.06 * chisel + 0.04 * tone) + (1 - face) * 0.1
    stones = c.choose(block, c.pal[:-1])
    stones = _shade(stones, (1 + 0.1 * tone) * (1 + 0.08 * chisel))
    grime = smoothstep(0.6, 1.0, ly) * 0.15 * smoothstep(0.0, 1.0, c.noise(4))  # rain-darkened bottoms
    stones = _shade(stones, 1 - grime)
    mortar = _shade(np.broadcast_to(c.col(-1), stones.shape), 0.9 + 0.1 * c.noise(50))
    albedo = lerp(mortar, stones, face)
    albedo = _shade(albedo, 1 - np.clip(_cavity(h, 4 * c.n / 1024) * 3, 0, 0.45))
    rough = 0.8 + 0.06 * chisel + 0.12 * (1 - face)
    return Layers(h, albedo, rough, depth=0.012)


def _marble(c: Ctx) -> Layers:
    cloud = c.noise(2, beta=2.8)
    wx, wy = c.warp_px(2, 60)
    main = tk.warp(tk.ridged(c.noise(1.5, beta=2.6) * 9.0, 3.0), wx, wy)
    fine = tk.ridged(c.noise(4, beta=2.2) * 7.0, 4.0) * smoothstep(-0.2, 1.0, c.noise(2))
    veins = np.clip(main + 0.6 * fine, 0, 1)
    body = _shade(np.broadcast_to(c.col(0), cloud.shape + (3,)), 1.0 - 0.05 * smoothstep(-1, 2, cloud))
    vein_col = ramp(norm01(c.noise(2, beta=2.0)), c.pal[1:] if len(c.pal) > 1 else c.pal)
    albedo = lerp(body, vein_col, veins * 0.85)
    h = 0.5 + 0.05 * cloud - 0.25 * veins + 0.02 * c.noise(40, beta=1.0)
    rough = 0.12 + 0.08 * veins + 0.03 * c.noise(10)
    return Layers(h, albedo, rough, depth=0.002)


def _plaster(c: Ctx) -> Layers:
    h = 0.5 * c.noise(3, beta=2.4)
    for _ in range(3):                                          # trowel strokes
        stroke = c.band(7, 3, stretch=(2.5, 1.0), angle=c.rng.uniform(0, np.pi))
        h += 0.25 * np.clip(stroke, -0.6, 0.6)
    h += 0.08 * c.noise(60, beta=1.0)                          # sandy grain
    cracks = tk.ridged(c.noise(3, beta=2.0) * 10.0, 6.0) * smoothstep(0.5, 1.1, c.noise(2))
    h -= 0.8 * cracks
    stains = smoothstep(0.3, 1.6, c.noise(2, beta=2.0))
    albedo = ramp(0.35 + 0.3 * norm01(h) + 0.1 * c.noise(5, beta=2), c.pal)
    albedo = _shade(albedo, (1 - 0.12 * stains) * (1 - 0.4 * cracks))
    rough = 0.85 + 0.05 * c.noise(20) + 0.05 * cracks
    return Layers(h, albedo, rough, depth=0.004)


def _planks(c: Ctx) -> Layers:
    n, rng = c.n, c.rng
    boards = 8
    edges = [np.sort(np.concatenate([[0], rng.uniform(0.3, 0.7, 1)])) for _ in range(boards)]
    phases = list(rng.random(boards))
    block, dx, dy, lx, ly, row = tk.courses(n, np.arange(boards) / boards, edges, phases)
    face = _joint(np.minimum(dx, dy), max(0.0022, c.px(0.7)), max(0.003, c.px(1.5)))
    off = c.per(block, 0, 10)
    # flat-sawn grain: rings along the board, wavering with a streaky noise
    streak = c.noise(1, beta=3.0, stretch=(10.0, 1.0))
    knots = np.zeros_like(streak)
    for _ in range(3):
        kx, ky = rng.random(2)
        ddx = (c.u - kx + 0.5) % 1.0 - 0.5
        ddy = (c.v - ky + 0.5) % 1.0 - 0.5
        knots += np.exp(-((ddx / 0.02) ** 2 + (ddy / 0.01) ** 2)).astype(F)
    phase = ly * 1.8 + off + 0.5 * streak + 1.2 * knots
    ring = phase * 5 - np.floor(phase * 5)
    late = smoothstep(0.6, 0.85, ring) * (1 - smoothstep(0.9, 1.0, ring))
    pores = c.noise(n / 4, beta=0.5, stretch=(8.0, 1.0))
    tone = c.per(block, -1, 1)
    h = face * (0.85 + 0.05 * late + 0.03 * tone + 0.02 * pores)
    t = 0.55 + 0.18 * tone - 0.3 * late + 0.05 * pores - 0.3 * np.clip(knots, 0, 1)
    albedo = ramp(t, c.pal)
    albedo = lerp(_shade(c.col(0), 0.45), albedo, face)
    rough = 0.62 + 0.1 * late + 0.04 * pores + 0.2 * (1 - face)
    return Layers(h, albedo, rough, depth=0.006)


def _thatch(c: Ctx) -> Layers:
    n = c.n
    rows = 8
    # straw rows overlap like shingles; their lower edges are ragged
    ragged = c.noise(40, beta=1.0)[0] * 0.12                   # one periodic row of noise
    rc = c.v * rows + ragged[None, :]
    r = np.floor(rc).astype(np.int64) % rows
    ly = (rc - np.floor(rc)).astype(F)
    strands = np.zeros((n, n), F)
    for _ in range(3):
        ang = c.rng.uniform(-0.12, 0.12)
        layer = tk.ridged(c.noise(60, 300, beta=0.8, stretch=(1.0, 12.0), angle=ang) * 1.4, 2.0)
        strands = np.maximum(strands, layer)
    shift = c.rng.integers(0, n, rows)[r]                       # each row its own straws
    cols = (np.arange(n)[None, :] + shift) % n
    strands = strands[np.arange(n)[:, None], cols]
    h = (0.2 + 0.8 * ly) * (0.75 + 0.25 * strands)
    tone = c.noise(3, beta=2)
    albedo = ramp(0.15 + 0.45 * strands + 0.3 * ly + 0.08 * tone, c.pal)
    albedo = _shade(albedo, 0.55 + 0.45 * smoothstep(0.0, 0.35, ly))   # shade under the row above
    rough = 0.88 + 0.06 * (1 - strands)
    return Layers(h, albedo, rough, depth=0.02)


def _slate(c: Ctx) -> Layers:
    n = c.n
    rows, per_row = 8, 4
    edges = [np.arange(per_row) / per_row for _ in range(rows)]
    phases = [(r % 2) * 0.5 / per_row + c.rng.uniform(-0.02, 0.02) for r in range(rows)]
    block, dx, dy, lx, ly, row = tk.courses(n, np.arange(rows) / rows, edges, phases)
    gap = _joint(dx, max(0.002, c.px(0.7)), max(0.002, c.px(1.0)))
    # ragged lower edges: where chipped, the slate of the row below shows
    chip = 0.12 * smoothstep(0.0, 1.5, c.noise(20, beta=1.5))
    under = ly > 1 - chip
    cleave = c.noise(8, beta=2.5, stretch=(1.0, 2.5)) * 0.5 + c.noise(50, beta=1.0) * 0.2
    h = np.where(under, 0.15, (0.3 + 0.6 * ly + 0.05 * cleave) * gap + 0.1 * (1 - gap))
    tone = c.per(block, -1, 1)
    tiles = _shade(c.choose(block, c.pal), (1 + 0.12 * tone) * (1 + 0.08 * cleave))
    albedo = _shade(tiles, np.where(under, 0.55, 0.65 + 0.35 * gap))
    albedo = _shade(albedo, 0.85 + 0.15 * smoothstep(0.0, 0.2, ly))   # shadow from the row above
    rough = 0.6 + 0.08 * cleave + 0.2 * (1 - gap)
    return Layers(h, albedo, rough, depth=0.012)


def _cobblestone(c: Ctx) -> Layers:
    st_h, sid, r = _stones(c, 7, 1, (0.5, 0.6), (0.85, 1.2), squareness=2.6,
                           jitter=0.5, rough_edge=0.08)
    ids = np.maximum(sid, 0)
    tone = c.per(ids, -1, 1)
    wear = c.noise(20, beta=1.8)
    stones = _shade(c.choose(ids, c.pal[:-1]), (1 + 0.12 * tone) * (1 + 0.06 * wear))
    stones = _shade(stones, 0.7 + 0.35 * np.sqrt(st_h))          # worn, lighter tops
    ground = norm01(c.noise(12, beta=1.5))
    joint = _shade(np.broadcast_to(c.col(-1), stones.shape), 0.8 + 0.3 * ground)
    cover = smoothstep(0.0, 0.1, st_h)
    albedo = lerp(joint, stones, cover)
    h = 0.15 * ground + 0.85 * st_h + 0.02 * wear * cover
    rough = 0.55 + 0.2 * r + 0.35 * (1 - cover) + 0.03 * wear
    return Layers(h, albedo, rough, depth=0.015)


# --- metal recipes ---------------------------------------------------------

def _metal(c: Ctx) -> Layers:
    finish = c.finish or "clean"
    recipe = METAL_FINISHES.get(finish, _metal_clean)
    return recipe(c)


def _metal_base(c: Ctx, variation=0.06):
    """The metal's own colour with a gentle large-scale tint."""
    tint = c.noise(2, beta=2.5)
    col = lerp(c.col(0), c.col(1), smoothstep(-1.5, 2.0, tint) * 0.5)
    return _shade(col, 1 + variation * tint)


def _metal_clean(c: Ctx) -> Layers:
    albedo = _metal_base(c)
    scr = _scratches(c, 2, coverage=0.2)
    h = 0.5 + 0.1 * c.noise(3, beta=2.5) - 0.2 * scr
    rough = 0.3 + 0.05 * c.noise(6) + 0.1 * scr
    metal = 0.97 - 0.02 * scr
    return Layers(h, albedo, rough, metal, depth=0.002)


def _metal_polished(c: Ctx) -> Layers:
    albedo = _metal_base(c, 0.08)
    scr = _scratches(c, 4, freq=50, coverage=0.3)
    swirl = c.band(6, 3)                                        # buffing marks
    h = 0.5 + 0.05 * swirl - 0.3 * scr + 0.05 * c.noise(2, beta=3)
    albedo = _shade(albedo, (1 + 0.05 * swirl) * (1 + 0.08 * scr))
    rough = 0.14 + 0.04 * swirl + 0.12 * scr
    metal = 1.0 - 0.03 * scr
    return Layers(h, albedo, rough, metal, depth=0.0015)


def _metal_patina(c: Ctx) -> Layers:
    cast = 0.5 * c.noise(3, beta=2.5) + 0.2 * c.noise(20, beta=1.5)
    pits = smoothstep(1.4, 2.2, c.noise(60, beta=0.8))
    h = cast - 0.5 * pits
    # verdigris grows in hollows and spreads in blotches; ~30 % cover
    grow = 0.8 * c.noise(4, beta=2.2) + 0.3 * c.noise(25, beta=1.2) - 0.6 * (h - h.mean()) + pits
    q = np.quantile(grow, 0.7)
    pat = smoothstep(q - 0.15, q + 0.25, grow)
    verd = ramp(norm01(c.noise(8, beta=1.5)), [c.col(-1), c.col(-2) if len(c.pal) > 3 else c.col(-1) * 1.2])
    albedo = lerp(_metal_base(c, 0.1), verd, pat)
    h = h + 0.25 * pat                                          # crust sits on top
    rough = 0.35 + 0.5 * pat + 0.05 * c.noise(10)
    metal = 0.97 - 0.85 * pat
    return Layers(h, albedo, rough, metal, depth=0.006)


def _metal_forged(c: Ctx) -> Layers:
    n = c.n
    f1, f2, cid, _, _ = tk.cells(c.rng, n, 9, jitter=0.85)
    dents = np.clip(f1, 0, 0.8) ** 1.5                           # hammer dimples
    scale = smoothstep(-0.2, 1.2, c.noise(5, beta=2.0))           # dark mill scale
    h = dents + 0.1 * c.noise(6, beta=2.2) + 0.04 * c.noise(60, beta=1.0)
    base = _metal_base(c, 0.12)
    albedo = lerp(base, c.col(-1), scale * 0.7)
    albedo = _shade(albedo, 0.85 + 0.3 * norm01(dents) * (1 - scale))   # polished dimple rims
    rough = 0.5 + 0.25 * scale + 0.08 * c.noise(20)
    metal = 0.95 - 0.25 * scale
    return Layers(h, albedo, rough, metal, depth=0.01)


def _metal_ornate(c: Ctx) -> Layers:
    motifs = 4                                                   # rosettes per tile side
    x = (c.u * motifs % 1.0) * 2 - 1
    y = (c.v * motifs % 1.0) * 2 - 1
    r = np.sqrt(x * x + y * y)
    th = np.arctan2(y, x)
    w = 0.05
    petals = smoothstep(w, -w, r - (0.42 + 0.14 * np.cos(8 * th)))
    boss = np.sqrt(np.clip(1 - (r / 0.16) ** 2, 0, 1))
    ring = smoothstep(w, 0, np.abs(r - 0.7) - 0.03)
    frame = smoothstep(0.86, 0.92, np.maximum(np.abs(x), np.abs(y)))
    corner = np.sqrt(np.clip(1 - ((1 - np.abs(x)) ** 2 + (1 - np.abs(y)) ** 2) / 0.08, 0, 1))
    leaf = smoothstep(0.02, -0.02, np.abs(np.abs(x) - np.abs(y)) - 0.05) * smoothstep(0.7, 0.75, r) \
        * smoothstep(1.05, 1.0, r)                                  # diagonal leaf tips
    petal_vein = 0.15 * petals * np.cos(8 * th) ** 2
    h = np.maximum.reduce([0.6 * petals + petal_vein, 0.9 * boss + 0.3 * petals,
                           0.5 * ring, 0.55 * frame, 0.7 * corner, 0.45 * leaf])
    h = h + 0.03 * c.noise(30, beta=1.5)
    cav = np.clip(_cavity(h, 6 * c.n / 1024) * 6, 0, 1)
    base = _metal_base(c, 0.05)
    albedo = lerp(base, c.col(1), smoothstep(0.4, 0.9, h) * 0.5)   # worn, bright highlights
    albedo = lerp(albedo, c.col(-1), cav * 0.8)                      # grime in the recesses
    rough = 0.22 + 0.35 * cav - 0.08 * smoothstep(0.4, 0.9, h) + 0.03 * c.noise(20)
    metal = 1.0 - 0.5 * cav
    return Layers(h, albedo, rough, metal, depth=0.02)


def _metal_tarnished(c: Ctx) -> Layers:
    f1, _, _, _, _ = tk.cells(c.rng, c.n, 5, jitter=0.9)
    dents = 0.15 * np.clip(f1, 0, 1) ** 2
    scr = _scratches(c, 3, freq=45, coverage=0.3)
    h = 0.5 + dents + 0.08 * c.noise(4, beta=2.5) - 0.15 * scr
    grow = 0.8 * c.noise(3, beta=2.3) + 0.3 * c.noise(15, beta=1.5) - 2.0 * (h - h.mean())
    tarn = smoothstep(-0.6, 1.2, grow)
    albedo = lerp(_metal_base(c, 0.05), c.col(-1), tarn * 0.75)
    albedo = lerp(albedo, c.col(1), scr * (1 - tarn) * 0.6)         # fresh bright scratches
    rough = 0.25 + 0.35 * tarn + 0.1 * scr
    metal = 1.0 - 0.3 * tarn
    return Layers(h, albedo, rough, metal, depth=0.004)


def _metal_brushed(c: Ctx) -> Layers:
    n = c.n
    ang = 0.0                                                    # brushed along u
    streaks = c.noise(12, beta=0.9, stretch=(60.0, 1.0), angle=ang)
    coarse = c.noise(4, beta=1.5, stretch=(20.0, 1.0), angle=ang)
    scr = _scratches(c, 2, freq=40, coverage=0.15)
    h = 0.5 + 0.06 * streaks + 0.04 * coarse - 0.2 * scr + 0.05 * c.noise(2, beta=3)
    albedo = _shade(_metal_base(c, 0.04), (1 + 0.06 * streaks + 0.04 * coarse) * (1 + 0.06 * scr))
    rough = 0.32 + 0.06 * streaks + 0.05 * coarse + 0.1 * scr
    metal = 0.98 - 0.02 * np.abs(streaks)
    return Layers(h, albedo, rough, metal, depth=0.002)


def _metal_weathered(c: Ctx) -> Layers:
    pits = smoothstep(1.2, 2.0, c.noise(50, beta=0.8))
    h = 0.5 * c.noise(3, beta=2.5) - 0.4 * pits + 0.1 * c.noise(25)
    rust = smoothstep(-0.2, 1.2, c.noise(4, beta=2.2) + pits - (h - h.mean()))
    albedo = lerp(_metal_base(c, 0.1), c.col(-1), rust * 0.8)
    rough = 0.45 + 0.4 * rust
    metal = 0.95 - 0.5 * rust
    return Layers(h, albedo, rough, metal, depth=0.006)


METAL_FINISHES = {
    "clean": _metal_clean,
    "polished": _metal_polished,
    "patina": _metal_patina,
    "forged": _metal_forged,
    "ornate": _metal_ornate,
    "tarnished": _metal_tarnished,
    "brushed": _metal_brushed,
    "weathered": _metal_weathered,
}


# --- organic recipes -------------------------------------------------------

def _bark(c: Ctx) -> Layers:
    n = c.n
    # tall plates (cells 5 across, 2 down, measured in cell units so they
    # stretch vertically) separated by deep wandering furrows
    f1, f2, cid, _, _ = tk.cells(c.rng, n, 6, 2, jitter=0.8)
    wx, wy = c.warp_px(5, 35)
    furrow = tk.warp(1 - smoothstep(0.0, 0.35, f2 - f1), wx, wy)
    breaks = tk.ridged(c.band(6, 2, stretch=(3.0, 1.0)) * 4.0, 6.0) * 0.5    # cross cracks
    fibres = tk.ridged(c.noise(30, beta=1.2, stretch=(1.0, 8.0)), 2.0)
    plate = 1 - np.maximum(furrow, breaks * (1 - furrow))
    h = 0.7 * plate + 0.12 * fibres + 0.15 * c.noise(6, beta=2.0, stretch=(1.0, 3.0))
    t = norm01(h) * 0.8 + 0.2 * norm01(c.noise(3, beta=2))
    albedo = ramp(t, c.pal)
    rough = 0.88 + 0.08 * furrow
    return Layers(h, albedo, rough, depth=0.03)


def _leaves(c: Ctx) -> Layers:
    n, rng = c.n, c.rng
    g, k = 6, 3
    shape = (g, g, k)
    px, py = rng.random(shape, dtype=F), rng.random(shape, dtype=F)
    ang = rng.uniform(0, 2 * np.pi, shape).astype(F).ravel()
    length = rng.uniform(0.65, 0.9, shape).astype(F).ravel()     # half length, cell units
    width = rng.uniform(0.32, 0.45, shape).astype(F).ravel()
    z = rng.random(shape, dtype=F).ravel()
    ca, sa = np.cos(ang), np.sin(ang)
    zbuf = np.full((n, n), -1.0, F)
    lid = np.zeros((n, n), np.int32)
    across = np.zeros((n, n), F)
    along = np.zeros((n, n), F)
    for item, dx, dy in tk.scatter(n, g, g, px, py):
        lx = (dx * ca[item] + dy * sa[item]) / length[item]          # base -1 .. tip +1
        ly = (-dx * sa[item] + dy * ca[item]) / length[item]
        half = width[item] * np.clip(1 - lx, 0, None) ** 0.9 * np.clip(1 + lx, 0, None) ** 0.6
        inside = (np.abs(ly) < half) & (z[item] > zbuf)
        zbuf = np.where(inside, z[item], zbuf)
        lid = np.where(inside, item, lid)
        across = np.where(inside, np.abs(ly) / np.maximum(half, 1e-3), across)
        along = np.where(inside, lx, along)
    leaf = zbuf >= 0
    dome = np.sqrt(np.clip(1 - across ** 2, 0, 1))
    veins = tk.ridged(np.sin((along - 0.8 * across * 0.4) * 22.0) * 3.0, 4.0) * 0.5
    rib = smoothstep(0.08, 0.0, across)
    h = np.where(leaf, 0.35 + 0.5 * zbuf + 0.15 * dome - 0.05 * veins, 0.1 * norm01(c.noise(8)))
    leafcol = c.choose(lid, c.pal[1:] if len(c.pal) > 1 else c.pal)
    tone = c.per(lid, -1, 1)
    leafcol = _shade(leafcol, (1 + 0.15 * tone) * (0.75 + 0.25 * dome) * (1 + 0.12 * rib + 0.08 * veins))
    leafcol = _shade(leafcol, 0.7 + 0.3 * zbuf)                   # lower leaves in shade
    shadow = _shade(np.broadcast_to(c.col(0), leafcol.shape), 0.8 + 0.4 * norm01(c.noise(6)))
    albedo = np.where(leaf[..., None], leafcol, shadow)
    rough = np.where(leaf, 0.5 + 0.1 * veins, 0.9).astype(F)
    return Layers(h, albedo, rough, depth=0.02)


def _water(c: Ctx) -> Layers:
    rng = c.rng
    wind = rng.uniform(0, 2 * np.pi)
    h = np.zeros((c.n, c.n), F)
    for _ in range(8):                                           # swell: integer wave vectors
        d = wind + rng.uniform(-0.6, 0.6)
        mag = rng.uniform(3, 12)
        kx, ky = int(round(mag * np.cos(d))), int(round(mag * np.sin(d)))
        if kx == 0 and ky == 0:
            continue
        amp = (kx * kx + ky * ky) ** -0.6
        ph = 2 * np.pi * (kx * c.u + ky * c.v) + rng.uniform(0, 2 * np.pi)
        h += F(amp) * np.sin(ph).astype(F)
    h = h / F(h.std() + 1e-6)
    chop = c.noise(6, 80, beta=2.5, stretch=(1.0, 2.0), angle=wind)
    ripples = c.noise(40, beta=1.5)
    s = 0.6 * h + 0.35 * chop + 0.05 * ripples
    s = np.exp(0.8 * s)                                          # sharp crests, flat troughs
    foam = smoothstep(0.6, 1.0, norm01(s) + 0.25 * c.noise(30, beta=1.2)) * smoothstep(0.55, 0.75, norm01(s))
    body = c.pal[:-1] if len(c.pal) > 2 else c.pal
    albedo = ramp(0.15 + 0.75 * norm01(s), body)
    albedo = lerp(albedo, c.col(-1), foam * 0.9)
    rough = 0.05 + 0.03 * ripples + 0.5 * foam
    return Layers(s, albedo, rough, depth=0.015)


RECIPES = {
    "grass": _grass,
    "dirt": _dirt,
    "sand": _sand,
    "gravel": _gravel,
    "rock": _rock,
    "snow": _snow,
    "mud": _mud,
    "lava": _lava,
    "brick": _brick,
    "stone_blocks": _stone_blocks,
    "marble": _marble,
    "plaster": _plaster,
    "planks": _planks,
    "thatch": _thatch,
    "slate": _slate,
    "cobblestone": _cobblestone,
    "metal": _metal,
    "bark": _bark,
    "leaves": _leaves,
    "water": _water,
}

# default roughness/metallic means when the spec gives none are whatever the
# recipe paints; these patterns are metals whatever their category says
METAL_PATTERNS = {"metal"}


# --- post-processing -------------------------------------------------------

def _with_mean(x: np.ndarray, target: float) -> np.ndarray:
    """Shift a 0..1 map so its mean is `target` (a few passes, clipping)."""
    x = np.clip(x, 0.0, 1.0)
    for _ in range(4):
        x = np.clip(x + F(target - float(x.mean())), 0.0, 1.0)
    return x


def _to_u8(x: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(x * 255.0), 0, 255).astype(np.uint8)


def _seam_origin(maps: list[np.ndarray], axis: int) -> int:
    """Index to roll to along `axis` so the wrap seam lies between the
    quietest pair of neighbours: for every map its seam difference is then
    at most its mean interior difference (when such a place exists)."""
    n = maps[0].shape[axis]
    scores = np.zeros(n)
    ok = np.ones(n, bool)
    for m in maps:
        a = m.astype(np.int16)
        d = np.abs(np.roll(a, -1, axis=axis) - a)              # d[i] = |a[i+1] - a[i]|
        other = tuple(i for i in range(a.ndim) if i != axis)
        prof = d.mean(axis=other)
        total = prof.sum()
        interior = (total - prof) / max(n - 2, 1)                # mean without the seam pair
        ok &= prof <= interior
        scores += prof / (prof.mean() + 1e-9)
    candidates = np.flatnonzero(ok)
    i = candidates[np.argmin(scores[candidates])] if candidates.size else int(np.argmin(scores))
    return (int(i) + 1) % n                                      # new first index


def _png(a: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(a).save(buf, format="PNG", compress_level=PNG_LEVEL)
    return buf.getvalue()


def render(spec: dict) -> dict[str, np.ndarray]:
    """The five maps as uint8 arrays (before PNG encoding)."""
    pattern = spec["pattern"]
    if pattern not in RECIPES:
        raise ValueError(f"unknown material pattern {pattern!r}")
    n = int(spec.get("size") or 1024)
    if n < 8:
        raise ValueError(f"material size {n} too small")
    c = Ctx(spec)
    lay = RECIPES[pattern](c)

    height = norm01(np.asarray(lay.height, F))
    normal = tk.normal_from_height(height, lay.depth)
    albedo = np.clip(np.asarray(lay.albedo, F), 0.0, 1.0)
    rough = np.clip(np.broadcast_to(np.asarray(lay.rough, F), (n, n)), 0.0, 1.0)
    if spec.get("roughness") is not None:
        rough = _with_mean(rough, float(spec["roughness"]))
    is_metal = pattern in METAL_PATTERNS or spec.get("category") == "metal"
    if lay.metal is not None:
        metal = np.broadcast_to(np.asarray(lay.metal, F), (n, n))
    else:
        metal = np.full((n, n), 0.95 if is_metal else 0.0, F)
    metal = np.clip(metal, 0.0, 1.0)
    if spec.get("metallic") is not None:
        metal = _with_mean(metal, float(spec["metallic"]))

    maps = {
        "basecolor": _to_u8(albedo),
        "normal": _to_u8(normal * 0.5 + 0.5),
        "roughness": _to_u8(rough),
        "metallic": _to_u8(metal),
        "height": _to_u8(height),
    }
    arrays = list(maps.values())
    r0 = _seam_origin(arrays, 0)
    c0 = _seam_origin(arrays, 1)
    return {k: np.ascontiguousarray(np.roll(a, (-r0, -c0), axis=(0, 1))) for k, a in maps.items()}


def generate(spec: dict) -> dict[str, bytes]:
    """PNG bytes for the five PBR maps of one material spec."""
    return {k: _png(a) for k, a in render(spec).items()}
