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

Palette roles (2..6 colours). The palette is split by `split_palette`:
- the *body*: colours of the first colour's family (its hue, or greys when it
  is grey), sorted dark -> light by luminance. Recipes use it as a ramp
  (shadow -> highlight) or pick block/stone/leaf colours from it;
- the *accents*: saturated colours of another hue (moss, lichen, rust,
  verdigris, molten glow), also sorted dark -> light. Recipes paint them as
  sparse details and skip them when there are none.
Roles by pattern: brick/stone_blocks mortar = lightest body colour, blocks =
the others; cobblestone/gravel joints = darkest, stones = the others; marble
body = lightest, veins = the darker ones; leaves shadow = darkest; water foam
= lightest (whitened); lava glow = accents; metals: the clean metal sits in
the upper middle of the body ramp, highlights at the top, grime and tarnish
at the bottom, verdigris/rust = accents. Order within the palette does not
matter except that its first colour names the main family.

Randomness comes only from `common.rng_for(spec, "material")`; PNGs are
written without metadata at a fixed compression level, so the same spec gives
byte-identical files.
"""
from __future__ import annotations

import colorsys
from dataclasses import dataclass

import numpy as np

from pipeline import png
from pipeline.backends.procedural import texkit as tk
from pipeline.backends.procedural.common import palette, rng_for
from pipeline.backends.procedural.texkit import F, lerp, norm01, ramp, smoothstep

MAPS = ("basecolor", "normal", "roughness", "metallic", "height")
PNG_LEVEL = 3  # zlib level: ~3x faster than 6 for ~5 % larger files


@dataclass
class Layers:
    """What a recipe paints (floats, n x n; albedo n x n x 3)."""
    height: np.ndarray
    albedo: np.ndarray
    rough: np.ndarray
    metal: np.ndarray | None = None   # None: non-metal (all zero)
    depth: float = 0.01               # full height range, in tile widths


def _luma(c) -> float:
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]


def split_palette(pal) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """(body, accents), each sorted dark -> light (see the module docstring).

    The first colour names the main family. When it is grey (saturation
    < 0.2), accents are the clearly saturated colours (>= 0.35); otherwise
    they are colours with saturation >= 0.2 whose hue is more than 40 degrees
    away from the first colour's.
    """
    pal = [np.asarray(p, F) for p in pal]
    hsv = [colorsys.rgb_to_hsv(*map(float, p)) for p in pal]
    h0, s0, _ = hsv[0]
    body, accents = [], []
    for p, (h, sat, _) in zip(pal, hsv):
        if s0 < 0.2:
            accent = sat >= 0.35
        else:
            dh = abs(h - h0) % 1.0
            accent = sat >= 0.2 and min(dh, 1.0 - dh) > 40.0 / 360.0
        (accents if accent else body).append(p)
    if not body:
        body, accents = accents, []
    return sorted(body, key=_luma), sorted(accents, key=_luma)


class Ctx:
    """Per-material state a recipe draws on: size, seeded rng, palette."""

    def __init__(self, spec: dict):
        self.spec = spec
        self.n = int(spec.get("size") or 1024)
        self.rng = rng_for(spec, "material")
        self.pal = [np.asarray(p, F) for p in palette(spec)]
        self.body, self.accents = split_palette(self.pal)
        self.u, self.v = tk.coords(self.n)
        self.finish = spec.get("finish")

    @property
    def dark(self) -> np.ndarray:
        return self.body[0]

    @property
    def light(self) -> np.ndarray:
        return self.body[-1]

    def tone(self, t: float) -> np.ndarray:
        """The body ramp's colour at t (0 darkest .. 1 lightest)."""
        return ramp(np.array([[t]], F), self.body)[0, 0]

    def but(self, which: str) -> list[np.ndarray]:
        """The body without its darkest ('dark') or lightest ('light') colour
        (all of it when that would leave nothing)."""
        rest = self.body[1:] if which == "dark" else self.body[:-1]
        return rest or self.body

    def noise(self, *a, **k):
        return tk.noise(self.rng, self.n, *a, **k)

    def band(self, *a, **k):
        return tk.band_noise(self.rng, self.n, *a, **k)

    def count(self, k: int, min_px: float, even: bool = False) -> int:
        """Up to k repeats per tile, fewer at tiny sizes so that each repeat
        spans at least min_px pixels (keeps small previews legible)."""
        m = max(1, min(int(k), int(self.n // min_px)))
        return max(2, m - m % 2) if even else m

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

def _accent_patches(c: Ctx, albedo, where, cover=0.35, freq=4.0, strength=0.85):
    """Paint the palette's accent colours (moss, lichen, rust) in soft
    patches, only where `where` (0..1) allows; nothing without accents."""
    if not c.accents:
        return albedo
    patch = smoothstep(1.0 - 2 * cover, 1.6 - 2 * cover, c.noise(freq, beta=2.2) + 0.3 * c.noise(freq * 6, beta=1.5))
    col = ramp(norm01(c.noise(freq * 3, beta=1.5)), c.accents)
    return lerp(albedo, col, np.clip(patch * where, 0, 1) * strength)


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
    g = tk.fit_grid(n, g)
    shape = (g, g, k)
    px = 0.5 + jitter * (rng.random(shape, dtype=F) - 0.5)
    py = 0.5 + jitter * (rng.random(shape, dtype=F) - 0.5)
    ang = rng.uniform(0, np.pi, shape).astype(F).ravel()
    rad = rng.uniform(*radius, shape).astype(F).ravel()
    asp = rng.uniform(*aspect, shape).astype(F).ravel()
    tall = rng.uniform(0.7, 1.0, shape).astype(F).ravel()
    tall *= rng.random(shape).ravel() < presence                 # absent stones: zero height
    ca, sa = np.cos(ang) / (rad * asp), np.sin(ang) / (rad * asp)
    cb, sb = np.cos(ang) * asp / rad, np.sin(ang) * asp / rad
    edge = tk.blocks(c.noise(g * 2.0, g * 6.0, beta=2.5) * F(rough_edge), g, g)   # lumpy outlines
    bshape = (g, n // g, g, n // g)
    best = np.zeros(bshape, F)
    sid = np.full(bshape, -1, np.int32)
    rr = np.ones(bshape, F)
    p = F(squareness)
    for item, dx, dy in tk.scatter(n, g, g, px, py):
        lx = np.abs(dx * ca[item] + dy * sa[item])
        ly = np.abs(dy * cb[item] - dx * sb[item])
        q = (lx ** p + ly ** p) ** (1 / p) + edge
        dome = np.sqrt(np.clip(1.0 - q * q, 0.0, None)) * tall[item]
        top = dome > best
        np.copyto(best, dome, where=top)
        np.copyto(sid, item, where=top)
        np.copyto(rr, q, where=top)
    return best.reshape(n, n), sid.reshape(n, n), np.clip(rr, 0, 1).reshape(n, n)


def _strokes(c: Ctx, g: int, k: int, half_len, half_wid, profile, presence=1.0):
    """Flat shapes (leaves, grass blades) scattered on a g x g torus grid,
    k per cell, random angles, stacked in random order.

    `profile(lx)` gives the half-width (as a fraction of the shape's width)
    along its axis lx = -1 (base) .. +1 (tip). Returns (z, id, along, across):
    the top shape's stacking depth z in 0..1 (-1 where none), its id, and the
    pixel's position along (-1..1) and across (0 axis .. 1 rim) it.
    """
    n, rng = c.n, c.rng
    g = tk.fit_grid(n, g)
    shape = (g, g, k)
    px, py = rng.random(shape, dtype=F), rng.random(shape, dtype=F)
    ang = rng.uniform(0, 2 * np.pi, shape).astype(F).ravel()
    length = rng.uniform(*half_len, shape).astype(F).ravel()     # cell units, <= 1
    width = rng.uniform(*half_wid, shape).astype(F).ravel()       # fraction of length
    depth = rng.random(shape, dtype=F).ravel()
    depth[rng.random(depth.size) >= presence] = -2.0             # absent: never on top
    ca, sa = np.cos(ang) / length, np.sin(ang) / length
    bshape = (g, n // g, g, n // g)
    zbuf = np.full(bshape, -1.0, F)
    sid = np.zeros(bshape, np.int32)
    across = np.zeros(bshape, F)
    along = np.zeros(bshape, F)
    for item, dx, dy in tk.scatter(n, g, g, px, py):
        cai, sai = ca[item], sa[item]
        lx = dx * cai + dy * sai
        ly = np.abs(dy * cai - dx * sai)
        half = width[item] * profile(lx)                         # profile is 0 beyond |lx| = 1
        zi = depth[item]
        inside = (ly < half) & (zi > zbuf)
        np.copyto(zbuf, zi, where=inside)
        np.copyto(sid, item, where=inside)
        np.copyto(across, ly / np.maximum(half, F(1e-3)), where=inside)
        np.copyto(along, lx, where=inside)
    return tuple(a.reshape(n, n) for a in (zbuf, sid, along, across))


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
    block, dx, dy, lx, ly, _ = tk.courses(c.n, row_edges, col_edges, phases)
    d = np.minimum(dx, dy) + (c.noise(20, beta=2.0) + 0.3 * c.noise(80, beta=1.0)) * F(chip)
    m = max(mortar, c.px(0.7))
    face = _joint(d, m, max(bevel, c.px(1.5)))
    return block, face, lx, ly


# --- terrain recipes -------------------------------------------------------

def _grass(c: Ctx) -> Layers:
    # a dense carpet of tapered blades seen from above, over a finer
    # (noise-made) undergrowth so the gaps are not flat
    prof = lambda lx: np.clip((1 - lx) * 0.5, 0, None) * (lx > -1)          # tapered blade
    z, bid, along, across = _strokes(c, 16, 4, (0.7, 1.0), (0.06, 0.11), prof)
    blade = z >= 0
    ids = np.maximum(bid, 0)
    tone = c.per(ids, -1, 1)
    patch = c.noise(3, beta=2.0)                                 # lusher and paler patches
    under = tk.ridged(c.noise(40, 200, beta=1.0, stretch=(1.0, 4.0), angle=c.rng.uniform(0, np.pi)) * 1.5, 2.0)
    tip = (along + 1) * 0.5
    t = 0.25 + 0.4 * tip + 0.15 * tone + 0.12 * patch + 0.25 * z
    albedo = ramp(np.where(blade, t, 0.05 + 0.35 * under + 0.1 * patch), c.body)
    albedo = _shade(albedo, np.where(blade, 1 - 0.2 * across, 0.75))
    h = np.where(blade, 0.3 + 0.5 * z + 0.2 * tip + 0.1 * (1 - across ** 2), 0.15 * under) + 0.1 * patch
    rough = np.where(blade, 0.72 - 0.08 * tip, 0.9).astype(F) + 0.02 * tone
    return Layers(h, albedo, rough, depth=0.012)


def _dirt(c: Ctx) -> Layers:
    # forest floor: lumpy soil, crumbs, small pebbles, twigs and leaf litter
    base = c.noise(2, beta=2.0)
    f1, _, crumb_id, _, _ = tk.cells(c.rng, c.n, 32, jitter=1.0)
    crumbs = 1 - np.clip(f1, 0, 1)
    grain = c.noise(256, beta=0.5)
    peb_h, peb_id, _ = _stones(c, 16, 1, (0.2, 0.35), (0.7, 1.4), presence=0.3, rough_edge=0.08)
    twig = lambda lx: (np.abs(lx) < 1).astype(F)
    tz, _, _, tacross = _strokes(c, 8, 1, (0.4, 0.9), (0.03, 0.05), twig, presence=0.3)
    leafp = lambda lx: np.clip(1 - lx, 0, None) * np.sqrt(np.clip(1 + lx, 0, None))
    lz, lid, _, lacross = _strokes(c, 8, 1, (0.35, 0.6), (0.3, 0.4), leafp, presence=0.35)
    twigs, litter = tz >= 0, lz >= 0
    soil_h = 0.5 * norm01(base) + 0.15 * crumbs + 0.1 * norm01(c.noise(24, beta=1.5)) + 0.05 * grain
    h = soil_h + 0.6 * peb_h
    h = np.where(litter, np.maximum(h, 0.75 + 0.1 * (1 - lacross)), h)
    h = np.where(twigs, np.maximum(h, 0.85 + 0.15 * np.sqrt(np.clip(1 - tacross ** 2, 0, 1))), h)
    t = 0.15 + 0.6 * norm01(base + 0.5 * c.noise(6, beta=2)) + 0.1 * c.per(crumb_id) * crumbs
    albedo = _shade(ramp(t * 0.85, c.body), 0.85 + 0.2 * crumbs + 0.04 * grain)
    albedo = _accent_patches(c, albedo, 1 - smoothstep(0.0, 0.1, peb_h), cover=0.12, freq=8.0, strength=0.6)  # moss
    pebble = lerp(c.tone(0.7), c.light, c.per(np.maximum(peb_id, 0)))
    albedo = lerp(albedo, _shade(pebble, 0.7 + 0.35 * peb_h), smoothstep(0.0, 0.15, peb_h))
    leaf_col = lerp(c.tone(0.3), c.tone(0.9), c.per(np.maximum(lid, 0)))     # dead leaves
    leaf_col = _shade(leaf_col, 0.7 + 0.2 * (1 - lacross))
    albedo = np.where(litter[..., None], leaf_col, albedo)
    albedo = np.where(twigs[..., None], _shade(np.broadcast_to(c.dark, albedo.shape), 1.4 - 0.5 * tacross), albedo)
    albedo = _shade(albedo, 1 - np.clip(_cavity(h, 3 * c.n / 1024) * 3, 0, 0.4))
    rough = 0.92 - 0.15 * smoothstep(0.0, 0.3, peb_h) - 0.1 * litter + 0.03 * grain
    return Layers(h, albedo, rough, depth=0.012)


def _sand(c: Ctx) -> Layers:
    n = c.n
    ang = c.rng.uniform(-0.4, 0.4)
    waves = c.count(14, 6)
    kx, ky = int(round(waves * np.sin(ang))), int(round(waves * np.cos(ang)))
    # wind ripples: an asymmetric wave (gentle windward, steep lee side) along
    # an integer wave vector, so it is periodic; a warp makes the crests wander
    phase = (kx * c.u + ky * c.v) + 0.5 * c.noise(1, 4, beta=2.0) + 0.12 * c.noise(4, beta=2.0)
    saw = phase - np.floor(phase)
    ripple = smoothstep(0.0, 0.8, saw) * (1 - smoothstep(0.8, 1.0, saw))
    strength = 0.6 + 0.4 * smoothstep(-1.0, 1.0, c.noise(2, beta=2))
    dunes = c.noise(1, beta=2.5)
    grain = c.noise(340, beta=0.0)
    h = 0.4 * norm01(dunes) + 0.5 * ripple * strength + 0.04 * grain
    t = 0.2 + 0.45 * norm01(0.5 * dunes + 0.5 * c.noise(3, beta=2)) + 0.2 * ripple * strength
    albedo = ramp(t + 0.04 * grain, c.body)
    speck = c.rng.random((n, n), dtype=F)                        # dark and bright grains
    albedo = _shade(albedo, np.where(speck > 0.985, 0.72, np.where(speck < 0.01, 1.12, 1.0)))
    rough = 0.88 + 0.05 * grain - 0.05 * ripple
    return Layers(h, albedo, rough, depth=0.006)


def _gravel(c: Ctx) -> Layers:
    st_h, sid, r = _stones(c, 16, 3, (0.4, 0.58), (0.75, 1.35), squareness=2.2, rough_edge=0.1)
    ground = norm01(c.noise(6, beta=2.0))
    stone = st_h > 0
    ids = np.maximum(sid, 0)
    speck = c.noise(128, beta=1.0)
    stones = ramp(c.per(ids, 0.3, 0.9) + 0.03 * speck, c.body)      # one tone per stone
    stones = _shade(stones, 0.45 + 0.6 * np.sqrt(np.clip(1 - r * r, 0, 1)))   # rounded: darker rims
    gap = _shade(np.broadcast_to(c.dark, stones.shape), 0.7 + 0.3 * ground)
    albedo = lerp(gap, stones, smoothstep(0.0, 0.12, st_h))
    h = 0.15 * ground + 0.85 * st_h
    rough = np.where(stone, 0.55 + 0.2 * r, 0.95).astype(F) + 0.03 * speck
    return Layers(h, albedo, rough, depth=0.012)


def _rock(c: Ctx) -> Layers:
    n = c.n
    base = c.noise(2, beta=2.4)
    f1, f2, _, _, _ = tk.cells(c.rng, n, 4, jitter=0.9)
    wx, wy = c.warp_px(4, 45)
    cracks = tk.warp(1 - smoothstep(0.0, 0.07, f2 - f1), wx, wy)
    grains = c.noise(170, beta=0.3)
    feldspar = c.noise(100, beta=0.5)
    h = 0.6 * base + 0.2 * c.noise(12, beta=2.0) + 0.04 * grains - 1.0 * cracks
    t = norm01(0.7 * base + 0.3 * c.noise(6, beta=2.0))
    albedo = ramp(0.15 + 0.6 * t, c.body)
    spar = c.accents[-1] if c.accents else c.light
    albedo = lerp(albedo, spar, smoothstep(1.0, 1.4, feldspar) * 0.8)         # feldspar
    albedo = lerp(albedo, _shade(c.dark, 0.5), smoothstep(1.1, 1.5, grains))  # black mica
    albedo = lerp(albedo, np.ones(3, F) * 0.92, smoothstep(1.6, 1.9, -grains) * 0.7)  # quartz
    albedo = _shade(albedo, 1.0 - 0.55 * cracks)
    rough = 0.78 + 0.08 * c.noise(8) - 0.1 * smoothstep(1.1, 1.5, grains)
    return Layers(h, albedo, rough, depth=0.02)


def _snow(c: Ctx) -> Layers:
    n = c.n
    drifts = c.noise(2, beta=2.5)
    wind = c.noise(4, beta=2.0, stretch=(3.0, 1.0), angle=c.rng.uniform(0, np.pi))
    crust = c.noise(20, beta=1.5)                               # wind-packed crust, footprints of flakes
    h = 0.6 * drifts + 0.3 * wind + 0.06 * crust + 0.02 * c.noise(256, beta=0.5)
    hn = norm01(h)
    # hollows catch blue sky light, crests are whitest
    albedo = ramp(0.2 + 0.75 * hn + 0.04 * crust, c.body)
    sparkle = c.rng.random((n, n), dtype=F) > 0.993
    albedo = np.where(sparkle[..., None], F(1.0), albedo)
    rough = np.where(sparkle, 0.05, 0.62 + 0.08 * c.noise(10) - 0.05 * crust).astype(F)
    return Layers(h, albedo, rough, depth=0.02)


def _mud(c: Ctx) -> Layers:
    n = c.n
    base = c.noise(2, beta=2.2)
    f1, _, _, _, _ = tk.cells(c.rng, n, 16, jitter=1.0)
    lumps = np.clip(1 - f1, 0, 1) ** 2                           # squelched clods
    smear = c.noise(6, beta=2.0, stretch=(2.5, 1.0), angle=c.rng.uniform(0, np.pi))
    prints, _, _ = _stones(c, 4, 2, (0.22, 0.3), (1.3, 1.6), squareness=2.0,
                           presence=0.5, rough_edge=0.05)         # hoof and boot prints
    h = 0.6 * base + 0.5 * lumps + 0.25 * smear + 0.04 * c.noise(60, beta=1.5) - 1.2 * np.sqrt(prints)
    level = np.quantile(h, 0.2)
    wet = smoothstep(level + 0.25, level, h)                      # 1 in puddles, soft shores
    h = np.maximum(h, level)                                     # puddle surfaces are flat
    t = norm01(h)
    albedo = ramp(0.15 + 0.75 * t + 0.05 * smear, c.body)
    albedo = _shade(albedo, (1.0 - 0.45 * wet) * (1.0 + 0.06 * c.noise(30, beta=1.2)))
    rough = 0.55 - 0.5 * wet + 0.2 * t + 0.04 * c.noise(20)        # wet sheen, glossy puddles
    return Layers(h, albedo, rough, depth=0.015)


def _lava(c: Ctx) -> Layers:
    n = c.n
    f1, f2, _, _, _ = tk.cells(c.rng, n, 4, jitter=0.9)
    wx, wy = c.warp_px(3, 50)
    gap = tk.warp(f2 - f1, wx, wy)
    width = 0.03 + 0.06 * smoothstep(-1, 1.5, c.noise(3))
    glow = 1 - smoothstep(0.0, width, gap)                        # molten cracks between plates
    pores = smoothstep(2.2, 2.8, c.noise(20, beta=1.5))
    glow = np.maximum(glow, pores)
    rock = 0.6 * c.noise(5, beta=2.0) + 0.2 * c.noise(40, beta=1.2)
    plate = tk.warp(1 - np.clip(f1, 0, 1), wx, wy)
    h = rock + 0.5 * plate - 1.4 * glow
    albedo = ramp(norm01(rock) * 0.7 + 0.15 * plate, c.body)
    glow_cols = c.accents or [c.light]                          # dark red .. orange
    deep, bright = glow_cols[0], glow_cols[-1]
    halo = tk.blur(glow, 6 * n / 1024)                          # crust warmed near the cracks
    albedo = lerp(albedo, _shade(deep, 0.35), np.clip(halo * 1.2, 0, 0.6))
    hot = lerp(bright, np.array([1.0, 0.93, 0.6], F), 0.75)
    albedo = lerp(albedo, _shade(deep, 0.7), smoothstep(0.0, 0.3, glow))
    albedo = lerp(albedo, bright, smoothstep(0.25, 0.65, glow))
    albedo = lerp(albedo, hot, smoothstep(0.7, 1.0, glow) * smoothstep(0.2, 0.6, width / 0.09))
    rough = 0.9 - 0.4 * glow + 0.04 * c.noise(20)
    return Layers(h, albedo, rough, depth=0.02)


# --- architecture recipes --------------------------------------------------

def _brick(c: Ctx) -> Layers:
    # 12 courses of 4 bricks, alternate courses offset by half a brick
    # (stretcher bond). An even course count makes the offsets wrap.
    rows, per_row = c.count(12, 8, even=True), 4
    old = c.finish == "weathered" or "weathered" in str(c.spec.get("id", ""))
    edges = [np.arange(per_row) / per_row for _ in range(rows)]
    phases = [(r % 2) * 0.5 / per_row for r in range(rows)]
    block, face, _, _ = _bricklike(c, np.arange(rows) / rows, edges, phases,
                                     mortar=0.0045, bevel=0.012 if old else 0.006,
                                     chip=0.004 if old else 0.0015)
    tone = c.per(block, -1, 1)
    mottle = c.noise(20, beta=1.6)
    pits = smoothstep(1.4, 2.0, c.noise(120, beta=0.5))
    mortar_n = c.noise(40, beta=1.5)
    brick_h = 0.8 + 0.04 * mottle + 0.05 * tone - 0.1 * pits
    if old:
        spall = smoothstep(0.6, 1.1, c.noise(7, beta=2.0)) * smoothstep(0.2, 0.6, c.per(block))
        brick_h = brick_h - 0.25 * spall
    h = face * brick_h + (1 - face) * (0.1 + 0.02 * mortar_n)
    bricks = c.choose(block, c.but("light"))
    bricks = _shade(bricks, (1 + (0.2 if old else 0.1) * tone) * (1 + 0.07 * mottle) * (1 - 0.25 * pits))
    mortar = _shade(np.broadcast_to(c.light, bricks.shape), 0.9 + 0.05 * mortar_n)
    albedo = lerp(mortar, bricks, face)
    albedo = _accent_patches(c, albedo, 1 - 0.8 * face, cover=0.45)   # moss in the joints
    if old:
        # soot/rain streaks running down, lighter spalled faces, grime in joints
        streaks = smoothstep(0.0, 1.5, c.noise(3, beta=1.5, stretch=(1.0, 8.0)))
        albedo = _shade(albedo, 1 - 0.25 * streaks)
        albedo = lerp(albedo, _shade(c.light, 0.85), spall * 0.35)
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
    block, face, _, ly = _bricklike(c, row_edges, edges, phases,
                                     mortar=0.0035, bevel=0.012, chip=0.0018)
    tone = c.per(block, -1, 1)
    chisel = c.noise(6, beta=2.0) * 0.5 + c.noise(40, beta=1.2) * 0.3 + c.noise(170, beta=0.5) * 0.15
    h = face * (0.8 + 0.06 * chisel + 0.04 * tone) + (1 - face) * 0.1
    stones = c.choose(block, c.but("light"))
    stones = _shade(stones, (1 + 0.1 * tone) * (1 + 0.08 * chisel))
    grime = smoothstep(0.6, 1.0, ly) * 0.15 * smoothstep(0.0, 1.0, c.noise(4))  # rain-darkened bottoms
    stones = _shade(stones, 1 - grime)
    mortar = _shade(np.broadcast_to(c.light, stones.shape), 0.9 + 0.1 * c.noise(50))
    albedo = lerp(mortar, stones, face)
    albedo = _accent_patches(c, albedo, 1 - 0.7 * face, cover=0.4)    # moss and lichen
    albedo = _shade(albedo, 1 - np.clip(_cavity(h, 4 * c.n / 1024) * 3, 0, 0.45))
    rough = 0.8 + 0.06 * chisel + 0.12 * (1 - face)
    return Layers(h, albedo, rough, depth=0.012)


def _marble(c: Ctx) -> Layers:
    rng = c.rng
    cloud = c.noise(2, beta=2.2)
    veins = np.zeros((c.n, c.n), F)
    # classic marble: turbulence-warped sine bands along integer wave vectors
    # (periodic); their zero crossings become flowing veins
    for kx, ky, amp, turb, sharp in ((2, 1, 1.0, 1.2, 18.0), (1, 3, 0.6, 0.9, 30.0), (3, -2, 0.4, 1.5, 45.0)):
        sx, sy = (kx, ky) if rng.random() < 0.5 else (-kx, ky)
        t = sx * c.u + sy * c.v + turb * c.noise(1, 8, beta=3.0) * 0.4 + 0.03 * c.noise(6, beta=2.0)
        band = np.abs(np.sin(np.pi * t))
        veins = np.maximum(veins, amp * np.exp(-sharp * band) * smoothstep(-1.0, 0.5, c.noise(2, beta=2.0)))
    halo = tk.blur(veins, 8 * c.n / 1024)                        # veins bleed softly into the stone
    body = _shade(np.broadcast_to(c.light, cloud.shape + (3,)), 1.0 - 0.04 * smoothstep(-1, 2, cloud))
    vein_col = ramp(0.6 * norm01(c.noise(2, beta=2.0)), c.but("light") + c.accents)
    albedo = lerp(body, vein_col, np.clip(veins * 0.9 + halo * 0.35, 0, 1))
    h = 0.5 + 0.04 * cloud - 0.2 * veins + 0.01 * c.noise(40, beta=1.0)
    rough = 0.1 + 0.08 * veins + 0.03 * c.noise(10)
    return Layers(h, albedo, rough, depth=0.002)


def _plaster(c: Ctx) -> Layers:
    h = 0.4 * c.noise(2, beta=2.0)
    for _ in range(4):                                          # overlapping trowel strokes
        stroke = c.band(5, 2, stretch=(3.0, 1.0), angle=c.rng.uniform(0, np.pi))
        h += 0.2 * np.clip(stroke * 2.0, -1.0, 1.0)
    grain = c.noise(256, beta=0.6)                           # sand in the render
    h += 0.05 * grain
    cracks = tk.ridged(c.noise(2, 16, beta=2.5) * 14.0, 8.0) * smoothstep(0.6, 1.2, c.noise(2, beta=2.0))
    h -= 0.8 * cracks
    albedo = ramp(0.4 + 0.3 * norm01(h) + 0.06 * c.noise(3, beta=2) + 0.03 * grain, c.body)
    albedo = _shade(albedo, 1 - 0.35 * cracks)
    rough = 0.85 + 0.04 * c.noise(20) + 0.05 * cracks - 0.1 * (norm01(h) - 0.5)
    return Layers(h, albedo, rough, depth=0.02)


def _planks(c: Ctx) -> Layers:
    n, rng = c.n, c.rng
    boards = 8
    edges = [np.sort(np.concatenate([[0], rng.uniform(0.3, 0.7, 1)])) for _ in range(boards)]
    phases = list(rng.random(boards))
    block, dx, dy, _, ly, row = tk.courses(n, np.arange(boards) / boards, edges, phases)
    face = _joint(np.minimum(dx, dy), max(0.0022, c.px(0.7)), max(0.003, c.px(1.5)))
    off = c.per(block, 0, 10)
    # flat-sawn grain: growth rings run along the board and swing across it
    # in slow arcs (a smooth noise along u, sampled differently per board)
    swing = c.noise(2, 10, beta=2.0)
    centre = ((row + 0.5) / boards * n).astype(np.intp) % n
    shift = c.per(block, 0, n).astype(np.intp)
    arcs = swing[centre, (np.arange(n)[None, :] + shift) % n]
    fibre = c.noise(30, beta=1.0, stretch=(12.0, 1.0))
    knots = np.zeros((n, n), F)
    for _ in range(3):
        kx, ky = rng.random(2)
        ddx = (c.u - kx + 0.5) % 1.0 - 0.5
        ddy = (c.v - ky + 0.5) % 1.0 - 0.5
        knots += np.exp(-((ddx / 0.02) ** 2 + (ddy / 0.01) ** 2)).astype(F)
    phase = ly * 1.6 + off + 0.45 * arcs + 0.03 * fibre + 1.2 * knots
    ring = phase * 5 - np.floor(phase * 5)
    late = smoothstep(0.55, 0.85, ring) * (1 - smoothstep(0.9, 1.0, ring))
    pores = c.noise(256, beta=0.5, stretch=(8.0, 1.0))
    tone = c.per(block, -1, 1)
    h = face * (0.85 + 0.05 * late + 0.03 * tone + 0.02 * pores)
    t = 0.55 + 0.18 * tone - 0.3 * late + 0.05 * pores + 0.04 * fibre - 0.3 * np.clip(knots, 0, 1)
    albedo = ramp(t, c.body)
    albedo = lerp(_shade(c.dark, 0.45), albedo, face)
    rough = 0.62 + 0.1 * late + 0.04 * pores + 0.2 * (1 - face)
    return Layers(h, albedo, rough, depth=0.006)


def _thatch(c: Ctx) -> Layers:
    n = c.n
    rows = 8
    # straw rows overlap like shingles; their lower edges are ragged. The
    # raggedness varies along v too, so no column is ragged in every row.
    ragged = c.noise(12, 80, beta=1.2, stretch=(1.0, 3.0)) * 0.07 \
        + c.noise(60, 300, beta=0.8, stretch=(1.0, 4.0)) * 0.06      # straw by straw
    rc = c.v * rows + ragged
    r = np.floor(rc).astype(np.int64) % rows
    ly = (rc - np.floor(rc)).astype(F)
    strands = np.zeros((n, n), F)
    for _ in range(3):
        ang = c.rng.uniform(-0.12, 0.12)
        layer = tk.ridged(c.noise(30, 160, beta=1.2, stretch=(1.0, 22.0), angle=ang) * 1.3, 2.0)
        strands = np.maximum(strands, layer)
    bundles = c.noise(10, beta=1.5, stretch=(1.0, 4.0))          # lighter and darker clumps
    shift = c.rng.integers(0, n, rows)[r]                       # each row its own straws
    cols = (np.arange(n)[None, :] + shift) % n
    rows_idx = np.arange(n)[:, None]
    strands = strands[rows_idx, cols]
    bundles = bundles[rows_idx, cols]
    h = (0.2 + 0.8 * ly) * (0.75 + 0.25 * strands) + 0.05 * bundles
    albedo = ramp(0.15 + 0.4 * strands + 0.3 * ly + 0.1 * bundles, c.body)
    albedo = _shade(albedo, 0.55 + 0.45 * smoothstep(0.0, 0.35, ly))   # shade under the row above
    rough = 0.88 + 0.06 * (1 - strands)
    return Layers(h, albedo, rough, depth=0.02)


def _slate(c: Ctx) -> Layers:
    n = c.n
    rows, per_row = 8, 4
    edges = [np.arange(per_row) / per_row for _ in range(rows)]
    phases = [(r % 2) * 0.5 / per_row + c.rng.uniform(-0.02, 0.02) for r in range(rows)]
    block, dx, _, _, ly, _ = tk.courses(n, np.arange(rows) / rows, edges, phases)
    gap = _joint(dx, max(0.002, c.px(0.7)), max(0.002, c.px(1.0)))
    # ragged lower edges: where chipped, the slate of the row below shows
    chip = 0.12 * smoothstep(0.3, 1.8, c.noise(16, 64, beta=2.0))
    under = ly > 1 - chip
    cleave = c.noise(8, beta=2.5, stretch=(1.0, 2.5)) * 0.5 + c.noise(50, beta=1.0) * 0.2
    h = np.where(under, 0.15, (0.3 + 0.6 * ly + 0.05 * cleave) * gap + 0.1 * (1 - gap))
    tone = c.per(block, -1, 1)
    tiles = _shade(ramp(0.2 + 0.25 * (tone + 1) + 0.05 * cleave, c.body), 1 + 0.05 * cleave)
    albedo = _shade(tiles, np.where(under, 0.55, 0.65 + 0.35 * gap))
    albedo = _shade(albedo, 0.85 + 0.15 * smoothstep(0.0, 0.2, ly))   # shadow from the row above
    rough = 0.6 + 0.08 * cleave + 0.2 * (1 - gap)
    return Layers(h, albedo, rough, depth=0.012)


def _cobblestone(c: Ctx) -> Layers:
    st_h, sid, r = _stones(c, 8, 1, (0.6, 0.7), (0.85, 1.15), squareness=2.3,
                           jitter=0.35, rough_edge=0.04)
    ids = np.maximum(sid, 0)
    tone = c.per(ids, -1, 1)
    wear = c.noise(20, beta=1.8)
    stones = _shade(ramp(0.62 + 0.25 * tone, c.body), 1 + 0.06 * wear)
    stones = _shade(stones, 0.55 + 0.5 * np.sqrt(np.clip(1 - r * r, 0, 1)))   # worn, lighter tops
    ground = norm01(c.noise(12, beta=1.5))
    joint = _shade(np.broadcast_to(c.dark, stones.shape), 0.8 + 0.3 * ground)
    joint = _accent_patches(c, joint, 1.0, cover=0.5)               # moss between the stones
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


def _metal_base(c: Ctx, t0=0.6, spread=0.06):
    """The clean metal: the body ramp around t0 with a gentle, large-scale
    wander (darker/lighter areas of the same metal)."""
    return ramp(t0 + spread * c.noise(2, beta=2.5), c.body)


def _metal_clean(c: Ctx) -> Layers:
    albedo = _metal_base(c, 0.6, 0.06)
    scr = _scratches(c, 2, coverage=0.2)
    h = 0.5 + 0.1 * c.noise(3, beta=2.5) - 0.2 * scr
    rough = 0.3 + 0.05 * c.noise(6) + 0.1 * scr
    metal = 0.97 - 0.02 * scr
    return Layers(h, albedo, rough, metal, depth=0.002)


def _metal_polished(c: Ctx) -> Layers:
    albedo = _metal_base(c, 0.62, 0.04)
    scr = _scratches(c, 4, freq=50, coverage=0.3)
    swirl = c.band(6, 3)                                        # buffing marks
    h = 0.5 + 0.05 * swirl - 0.3 * scr + 0.05 * c.noise(2, beta=3)
    albedo = _shade(albedo, (1 + 0.02 * swirl) * (1 + 0.08 * scr))
    rough = 0.14 + 0.04 * swirl + 0.12 * scr
    metal = 1.0 - 0.03 * scr
    return Layers(h, albedo, rough, metal, depth=0.0015)


def _metal_patina(c: Ctx) -> Layers:
    cast = 0.5 * c.noise(3, beta=2.2) + 0.15 * c.noise(20, beta=1.5)
    pits = smoothstep(1.6, 2.4, c.noise(60, beta=1.0))
    h = cast - 0.4 * pits
    # verdigris grows in hollows and spreads in soft blotches (~35 % cover);
    # a brown oxide darkens the bronze around it
    grow = 0.8 * c.noise(3, beta=2.6) + 0.2 * c.noise(16, beta=2.0) - 0.8 * (h - h.mean()) + 0.8 * pits
    q = np.quantile(grow, 0.65)
    pat = smoothstep(q - 0.35, q + 0.45, grow)
    oxide = smoothstep(q - 0.9, q, grow)
    crust = c.noise(40, beta=1.2)
    greens = c.accents or [np.array([0.25, 0.5, 0.42], F), np.array([0.45, 0.7, 0.6], F)]
    verd = ramp(norm01(c.noise(6, beta=1.8) + 0.3 * crust), greens)
    albedo = _shade(_metal_base(c, 0.6, 0.08), 1 - 0.35 * oxide)
    albedo = lerp(albedo, verd, pat)
    h = h + 0.3 * pat + 0.05 * crust * pat                      # crust sits on top
    rough = 0.3 + 0.2 * oxide + 0.4 * pat + 0.04 * crust
    metal = 0.97 - 0.85 * pat
    return Layers(h, albedo, rough, metal, depth=0.01)


def _metal_forged(c: Ctx) -> Layers:
    n = c.n
    f1 = tk.cells(c.rng, n, c.count(8, 8), jitter=0.85)[0]
    dents = np.clip(f1, 0, 0.8) ** 1.5                           # hammer dimples
    scale = smoothstep(-0.2, 1.2, c.noise(5, beta=2.6))           # dark mill scale
    h = dents + 0.1 * c.noise(6, beta=2.2) + 0.04 * c.noise(60, beta=1.0)
    base = _metal_base(c, 0.55, 0.1)
    albedo = lerp(base, c.dark, scale * 0.7)
    albedo = _shade(albedo, 0.85 + 0.3 * norm01(dents) * (1 - scale))   # polished dimple rims
    albedo = _accent_patches(c, albedo, scale, cover=0.2)              # rust where the scale broke
    rough = 0.5 + 0.25 * scale + 0.08 * c.noise(20)
    metal = 0.95 - 0.25 * scale
    return Layers(h, albedo, rough, metal, depth=0.02)


def _metal_ornate(c: Ctx) -> Layers:
    motifs = c.count(4, 16)                                      # rosettes per tile side
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
    base = _metal_base(c, 0.65, 0.05)
    albedo = lerp(base, c.tone(0.95), smoothstep(0.4, 0.9, h) * 0.5)   # worn, bright highlights
    albedo = lerp(albedo, c.dark, cav * 0.8)                            # grime in the recesses
    rough = 0.22 + 0.35 * cav - 0.08 * smoothstep(0.4, 0.9, h) + 0.03 * c.noise(20)
    metal = 1.0 - 0.5 * cav
    return Layers(h, albedo, rough, metal, depth=0.02)


def _metal_tarnished(c: Ctx) -> Layers:
    f1, _, _, _, _ = tk.cells(c.rng, c.n, 4, jitter=0.9)
    dents = 0.3 * np.clip(f1, 0, 1) ** 2                        # old, gently dented plate
    scr = _scratches(c, 3, freq=45, coverage=0.3)
    h = 0.5 + dents + 0.1 * c.noise(4, beta=2.2) - 0.1 * scr
    # tarnish builds up gradually (straw -> brown -> near black), most in hollows
    grow = 0.7 * c.noise(2, beta=2.6) + 0.15 * c.noise(12, beta=2.0) - 3.0 * (h - h.mean())
    tarn = smoothstep(-1.5, 2.2, grow)
    base = _metal_base(c, 0.8, 0.05)
    straw = lerp(base, np.array([0.75, 0.62, 0.4], F), 0.35)
    albedo = lerp(base, straw, smoothstep(0.0, 0.5, tarn) * 0.6)
    albedo = lerp(albedo, c.accents[0] if c.accents else c.dark, smoothstep(0.4, 1.0, tarn) * 0.6)
    albedo = lerp(albedo, c.light, scr * (1 - tarn) * 0.5)          # fresh bright scratches
    rough = 0.22 + 0.35 * tarn + 0.1 * scr
    metal = 1.0 - 0.3 * tarn
    return Layers(h, albedo, rough, metal, depth=0.006)


def _metal_brushed(c: Ctx) -> Layers:
    ang = 0.0                                                    # brushed along u
    streaks = c.noise(12, beta=0.9, stretch=(60.0, 1.0), angle=ang)
    coarse = c.noise(4, beta=1.5, stretch=(20.0, 1.0), angle=ang)
    scr = _scratches(c, 2, freq=40, coverage=0.15)
    h = 0.5 + 0.06 * streaks + 0.04 * coarse - 0.2 * scr + 0.05 * c.noise(2, beta=3)
    albedo = _shade(_metal_base(c, 0.6, 0.04), (1 + 0.06 * streaks + 0.04 * coarse) * (1 + 0.06 * scr))
    rough = 0.32 + 0.06 * streaks + 0.05 * coarse + 0.1 * scr
    metal = 0.98 - 0.02 * np.abs(streaks)
    return Layers(h, albedo, rough, metal, depth=0.002)


def _metal_weathered(c: Ctx) -> Layers:
    pits = smoothstep(1.2, 2.0, c.noise(50, beta=0.8))
    h = 0.5 * c.noise(3, beta=2.5) - 0.4 * pits + 0.1 * c.noise(25)
    rust = smoothstep(-0.2, 1.2, c.noise(4, beta=2.2) + pits - (h - h.mean()))
    rust_col = ramp(norm01(c.noise(8, beta=1.5)), c.accents) if c.accents else c.dark
    albedo = lerp(_metal_base(c, 0.6, 0.08), rust_col, rust * 0.8)
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
    # tall bark plates: Voronoi cells measured in cell units on a grid 16
    # across and 4 down, so they stretch 4:1 vertically; a gentle warp makes
    # the furrows between them wander
    f1, f2, cid, _, _ = tk.cells(c.rng, n, 16, 4, jitter=0.9)
    wx, wy = c.warp_px(3, 10, beta=2.5)
    gap = tk.warp(f2 - f1, wx, wy)
    furrow = 1 - smoothstep(0.05, 0.35, gap + 0.05 * c.noise(30, beta=2.0))
    fibres = c.noise(40, beta=1.0, stretch=(1.0, 10.0))          # vertical fibres on the plates
    cracks = tk.ridged(c.noise(6, 30, beta=2.0, stretch=(5.0, 1.0)) * 6.0, 6.0)   # short cross cracks
    cracks *= smoothstep(0.3, 1.0, c.noise(4, beta=2.0))
    plate = (1 - furrow) * (1 - 0.6 * cracks)
    h = 0.75 * plate + 0.08 * fibres * plate + 0.1 * c.noise(5, beta=2.0)
    tone = c.per(np.rint(tk.warp(cid.astype(F), wx, wy)).astype(np.int32), -1, 1)
    t = 0.15 + 0.65 * norm01(h) + 0.08 * tone + 0.04 * fibres
    albedo = ramp(t, c.body)
    albedo = _shade(albedo, 1 - 0.4 * furrow)
    albedo = _accent_patches(c, albedo, plate, cover=0.15, freq=6.0, strength=0.6)   # lichen
    rough = 0.85 + 0.1 * furrow + 0.03 * fibres
    return Layers(h, albedo, rough, depth=0.022)


def _leaves(c: Ctx) -> Layers:
    # leaf shape: broadest a little below the middle, pointed tip
    prof = lambda lx: np.clip(1 - lx, 0, None) * np.sqrt(np.clip(1 + lx, 0, None))
    z, lid, along, across = _strokes(c, 4, 3, (0.65, 0.9), (0.32, 0.45), prof)
    leaf = z >= 0
    dome = np.sqrt(np.clip(1 - across ** 2, 0, 1))
    veins = tk.ridged(np.sin((along - 0.35 * across) * 22.0) * 3.0, 4.0) * 0.5
    rib = smoothstep(0.08, 0.0, across)
    h = np.where(leaf, 0.35 + 0.5 * z + 0.15 * dome - 0.05 * veins, 0.1 * norm01(c.noise(8)))
    ids = np.maximum(lid, 0)
    leafcol = c.choose(ids, c.but("dark") + c.accents)
    tone = c.per(ids, -1, 1)
    leafcol = _shade(leafcol, (1 + 0.15 * tone) * (0.75 + 0.25 * dome) * (1 + 0.12 * rib + 0.08 * veins))
    leafcol = _shade(leafcol, 0.7 + 0.3 * z)                      # lower leaves in shade
    shadow = _shade(np.broadcast_to(c.dark, leafcol.shape), 0.8 + 0.4 * norm01(c.noise(6)))
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
    crest = norm01(s)
    foam = smoothstep(0.7, 1.0, crest + 0.2 * c.noise(12, beta=2.0)) * smoothstep(0.6, 0.8, crest)
    albedo = ramp(0.1 + 0.75 * crest, c.body)
    albedo = lerp(albedo, lerp(c.light, np.ones(3, F), 0.5), foam * 0.8)
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
    """Move a 0..1 map's mean to `target`, keeping its pattern: the
    deviations are scaled down just enough that (nearly) all of them still
    fit in 0..1, then a few shift-and-clip passes fix the mean exactly."""
    x = np.clip(x, 0.0, 1.0)
    target = float(np.clip(target, 0.0, 1.0))
    mean = float(x.mean())
    lo, hi = np.percentile(x, [0.5, 99.5])
    k = 1.0
    if lo < mean:
        k = min(k, target / (mean - lo))
    if hi > mean:
        k = min(k, (1.0 - target) / (hi - mean))
    x = np.clip(F(target) + (x - F(mean)) * F(k), 0.0, 1.0)
    for _ in range(4):
        x = np.clip(x + F(target - float(x.mean())), 0.0, 1.0)
    return x


def _to_u8(x: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(x * 255.0), 0, 255).astype(np.uint8)


def _seam_origin(maps: list[np.ndarray], axis: int) -> int:
    """Index to roll to along `axis` so the wrap seam lies between the
    quietest pair of neighbours. For each map and each neighbour pair we
    take the ratio of the pair's mean difference to the map's mean interior
    difference (without that pair); the seam goes where the worst ratio over
    all maps is lowest, so that ideally every map's seam is no busier than
    its interior (which is what the materials gate measures)."""
    n = maps[0].shape[axis]
    worst = np.zeros(n)
    for m in maps:
        a = m.astype(np.int16)
        d = np.abs(np.roll(a, -1, axis=axis) - a)              # d[i] = |a[i+1] - a[i]|
        other = tuple(i for i in range(a.ndim) if i != axis)
        prof = d.mean(axis=other)
        interior = (prof.sum() - prof) / max(n - 1, 1)            # mean without the seam pair
        ratio = np.where(interior > 0, prof / np.maximum(interior, 1e-9), np.where(prof > 0, np.inf, 0.0))
        worst = np.maximum(worst, ratio)
    return (int(np.argmin(worst)) + 1) % n                       # new first index


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
    return {k: png.encode(a, PNG_LEVEL) for k, a in render(spec).items()}
