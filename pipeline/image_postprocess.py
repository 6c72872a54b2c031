"""CPU post-processing of generated (GPU) images before any gate: SDXL PNG bytes in, game files out.

The image counterpart of pipeline/mesh_postprocess.py. A ComfyUI image server
returns one PNG per job (SDXL: typically 1024x1024 RGB; any size from
`MIN_SIDE` px is accepted); these functions turn it into the files the
procedural backend would have written for the same output, so the same gates
judge both backends:

- `finish_material(basecolor_png, spec)` -> the five PBR maps of
  pipeline/gates/materials.py (basecolor, normal RGB; roughness, metallic,
  height greyscale) at spec["size"] px, all seamlessly tileable:
  1. decode, centre-crop to a square;
  2. make it tile where it does not already (`make_tileable`): an SDXL
     SeamlessTile/CircularVAEDecode texture is left untouched; from a plain
     (non-tiling) image a seamless tile is cut: its lighting ramp removed, the
     pixels beyond the tile's end cross-faded into its start (1/8 of the side);
  3. resize with wrap-around resampling (`resize_periodic`: LANCZOS over a
     wrap-padded copy), so the tiling survives the resize;
  4. height: luminance with the large-scale lighting taken out (a periodic
     high-pass), lightly smoothed, stretched to 0..1;
     normal: from the height with wrap-around central differences, unit length,
     tangent space in the OpenGL/glTF convention (+X right = red, +Y up the
     image = green), exactly as the procedural materials
     (pipeline/backends/procedural/texkit.normal_from_height, reused here);
     roughness: spec["roughness"] as the mean (else a default per category and
     finish, `roughness_default`), varying with the surface (hollows and dark
     grime rougher); metallic: spec["metallic"], else 0.95 for category metal
     and 0 otherwise, one value over the tile;
  5. roll all five maps together so that the wrap-around seam falls between
     the quietest pair of rows/columns (the tile's origin is arbitrary on a
     torus: this changes no pixel's neighbours, it only keeps a mortar line or
     a leaf edge off the seam the materials gate measures).
- `finish_image(png, (width, height))` -> portraits: centre-crop to the
  target's aspect, one LANCZOS resize, RGB.
- `finish_icon(png, sizes, spec)` -> UI icons, RGBA, one per size (key =
  str(size)): SDXL draws the icon on a plain background (the icon workflow's
  prompt asks for one); that background is keyed out (`key_background`: a
  smooth background estimate fitted to the border, a flood fill from the
  border with a colour tolerance, a soft edge whose alpha is each pixel's mix
  of background and icon colour, without a halo of the old background), the
  content is cropped to its bounding box plus `ICON_MARGIN`, squared and
  resized per size; alpha at or below `HAZE_ALPHA` is cleared (as the
  procedural icons do), so corners and background are fully transparent and
  nothing touches the frame. Background-coloured areas enclosed by the icon
  (an eye, a window) stay opaque: only what the border reaches is background.

Any input that cannot be used raises `ImagePostprocessError` naming the
problem (not a PNG, unreadable, too small, uniform, nothing to key out, no
plain background, icon cut off by the frame), so a retry policy can
regenerate with the next seed. Bad arguments (sizes) raise ValueError.

Deterministic: numpy, scipy.ndimage (the flood fill's connected components,
the edge band) and Pillow only, no randomness; PNGs go through
pipeline.png.encode (no metadata, fixed zlib level): the same input gives the
same bytes.

Checked beyond the tests: the 28 procedural basecolors of assets.yaml fed in
as SDXL output, once as they are (seamless: kept, `tiles` says so for all 28)
and once as 880 px crops of their 2x2 tiling (not seamless: `tiles` says so
for all 28, a tile is cut), 56 materials at 1024 px: all pass the materials
gate (seam ratio at most 0.94, limit 1.25).

Known limits: the height is luminance, so what is light reads as raised (pale
mortar stands out of darker bricks; CHORD, workflows/material_chord, estimates
geometry instead); the cross-fade that makes a plain picture tile shows as a
soft band of mixed content on strongly structured surfaces (bricks, planks):
the seamless SDXL workflow (material_basecolor_sdxl) is the path for those.

Timing (this sandbox, 2 shared cores, busy: ranges over runs; `python -m
pipeline.image_postprocess` measures again): finish_material 1024 -> 1024 px
0.55-0.85 s (more than half of it the five PNG encodings at zlib level 3, as
the procedural materials), 1024 -> 64 px 65-105 ms, 64 -> 64 px 3-7 ms;
finish_image 1024 -> 512x768 85-125 ms; finish_icon 1024 -> 48 + 64 px
0.23-0.36 s.
"""
from __future__ import annotations

import io
import time

import numpy as np
from PIL import Image
from scipy import ndimage

from pipeline import png
from pipeline.backends.procedural import texkit

F = np.float32
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MIN_SIDE = 16                   # px: smaller inputs are refused
MAX_PIXELS = 64 * 1024 * 1024   # decompression-bomb guard (SDXL: 1 MP)
UNIFORM_STD = 2.0               # luminance std in grey levels (0..255): below it the image is blank
LUMA = np.array([0.2126, 0.7152, 0.0722], dtype=F)

# --- materials: levels are 0..1 unless said otherwise
MATERIAL_PNG_LEVEL = 3          # as the procedural materials
TILES_RATIO = 1.1               # wrap step / mean interior step up to which an axis already tiles
TILES_QUANTILE = 0.95           # ... or a wrap step no busier than this share of the interior steps
TILE_BAND = 8                   # a tile cut from a plain image cross-fades 1/8 of its side across the seam
HEIGHT_LOWPASS = 1 / 8          # lighting removed from the height: blur radius, in tile widths
HEIGHT_KEEP_LOW = 0.25          # share of the large-scale tone kept in the height (dark = low)
ROUGHNESS_SPREAD = 0.25         # roughness variation around its mean (full range)
METAL_METALLIC = 0.95
#: mean roughness when the spec gives none: per category, metals per finish
CATEGORY_ROUGHNESS = {"terrain": 0.85, "architecture": 0.75, "organic": 0.7, "metal": 0.4}
METAL_FINISH_ROUGHNESS = {"polished": 0.2, "clean": 0.3, "ornate": 0.3, "brushed": 0.35, "tarnished": 0.45,
                          "patina": 0.55, "forged": 0.6, "weathered": 0.65}
FINISH_ROUGHNESS = {"polished": 0.25, "weathered": 0.9}   # non-metals with a finish that overrides the category
#: bump depth (full height range, in tile widths) per category: as the procedural recipes (0.002-0.022)
CATEGORY_DEPTH = {"terrain": 0.015, "architecture": 0.012, "organic": 0.015, "metal": 0.004}

# --- portraits and icons
IMAGE_PNG_LEVEL = 3             # as the procedural portraits
ICON_PNG_LEVEL = 6              # as the procedural icons
ICON_MARGIN = 0.06              # empty border around the icon, as a share of its larger side
HAZE_ALPHA = 3                  # alpha (0..255) at or below this is cleared after resizing
KEY_TOLERANCE = (18.0, 42.0)    # colour distance (0..441) from the background: fully clear .. fully opaque
PLAIN_BACKGROUND = 10.0         # median colour distance of the keyed background from its fit: more is no backdrop
MIN_CONTENT = 0.002             # share of the pixels the icon must cover
MIN_BACKGROUND = 0.05           # share of the pixels the keyed background must cover
MAX_BORDER_CONTENT = 0.2        # share of the image border the icon may touch (more: cut off or no backdrop)


class ImagePostprocessError(ValueError):
    """The generated image cannot be used (not a PNG, too small, uniform, nothing to key out...)."""


# --- public entry points ---------------------------------------------------

def finish_material(basecolor_png: bytes, spec: dict) -> dict[str, bytes]:
    """PNG bytes of the five tileable maps {basecolor, normal, roughness, metallic, height} at spec["size"]."""
    size = int(spec["size"])
    if size < 8:
        raise ValueError(f"material size {size} too small")
    rgb = _float(decode(basecolor_png, "basecolor").convert("RGB"))
    _check_not_uniform(rgb, "basecolor")
    rgb = make_tileable(_square(rgb))
    rgb = np.clip(resize_periodic(rgb, size), 0.0, 1.0)
    maps = derive_maps(rgb, spec)
    return {role: png.encode(pixels, MATERIAL_PNG_LEVEL) for role, pixels in maps.items()}


def finish_chord_maps(maps_png: list[bytes], spec: dict) -> dict[str, bytes]:
    """The five maps from CHORD's outputs (workflow material_chord: basecolor, normal, roughness,
    metalness, height, each as wide as the tileable basecolor it was given), resized periodically to
    spec["size"]: the maps stay aligned and tileable. Normals are renormalised after the resize;
    metallic follows the catalog's category (see _catalog_metallic)."""
    if len(maps_png) != 5:
        raise ImagePostprocessError(f"CHORD returned {len(maps_png)} maps, expected 5")
    size = int(spec["size"])
    roles = ("basecolor", "normal", "roughness", "metallic", "height")
    out = {}
    for role, data in zip(roles, maps_png):
        image = decode(data, f"CHORD {role}")
        colour = role in ("basecolor", "normal")
        pixels = _float(image.convert("RGB" if colour else "L"))
        if pixels.shape[0] != pixels.shape[1]:
            raise ImagePostprocessError(f"CHORD {role}: {image.size[0]}x{image.size[1]} is not square (not a tile)")
        pixels = np.clip(resize_periodic(pixels, size), 0.0, 1.0)
        if role == "normal":
            pixels = _unit_normals(pixels)
        elif role == "metallic":
            pixels = _catalog_metallic(pixels, spec)
        out[role] = _u8(pixels)
    _check_not_uniform(out["basecolor"].astype(F) / 255, "CHORD basecolor")
    return {role: png.encode(pixels, MATERIAL_PNG_LEVEL) for role, pixels in out.items()}


def _catalog_metallic(estimate: np.ndarray, spec: dict) -> np.ndarray:
    """The catalog knows what is metal: a non-metal category is 0 everywhere (CHORD's faint
    estimates on stone or wood are noise); a metal keeps CHORD's pattern (bare metal vs rust),
    scaled to the catalog's `metallic` as its mean when the entry gives one."""
    if spec.get("category") != "metal":
        return np.zeros_like(estimate)
    target = spec.get("metallic")
    if target is None or estimate.mean() <= 1e-3:
        return estimate if target is None else np.full_like(estimate, float(target))
    return np.clip(estimate * (float(target) / estimate.mean()), 0.0, 1.0)


def _unit_normals(encoded: np.ndarray) -> np.ndarray:
    """Encoded normals (0..1 per axis) scaled back to unit length (a resize averages them shorter)."""
    vectors = encoded * 2 - 1
    length = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return np.where(length > 1e-6, vectors / np.maximum(length, 1e-6), np.float32([0, 0, 1])) * 0.5 + 0.5


def finish_image(png_bytes: bytes, size: tuple[int, int]) -> bytes:
    """RGB PNG bytes at size = (width, height): centre-cropped to that aspect, resized with LANCZOS."""
    width, height = (int(v) for v in size)
    if width < 1 or height < 1:
        raise ValueError(f"bad image size {size!r}")
    image = decode(png_bytes, "image").convert("RGB")
    _check_not_uniform(_float(image), "image")
    out = image.resize((width, height), Image.LANCZOS, box=cover_box(image.size, (width, height)))
    return png.encode(out, IMAGE_PNG_LEVEL)


def finish_icon(png_bytes: bytes, sizes: list[int], spec: dict) -> dict[str, bytes]:
    """RGBA PNG bytes per size ({"48": ..., "64": ...}): background keyed out, content cropped and squared."""
    sizes = [int(s) for s in sizes]
    if not sizes or min(sizes) < 8:
        raise ValueError(f"icon {spec.get('id', '?')}: bad sizes {sizes!r}")
    image = decode(png_bytes, "icon")
    _check_not_uniform(_float(image.convert("RGB")), "icon", "no icon drawn, nothing to key out")
    rgba = square_crop(key_background(image))
    canvas = Image.fromarray(rgba, "RGBA")
    out = {}
    for s in sizes:
        small = np.array(canvas.resize((s, s), Image.LANCZOS))   # Pillow resizes RGBA premultiplied
        small[small[..., 3] <= HAZE_ALPHA] = 0
        out[str(s)] = png.encode(small, ICON_PNG_LEVEL)
    return out


# --- decoding --------------------------------------------------------------

def decode(data: bytes, what: str = "image") -> Image.Image:
    """A fully decoded Pillow image from PNG bytes; ImagePostprocessError for anything else."""
    if not isinstance(data, (bytes, bytearray)) or bytes(data[:8]) != PNG_SIGNATURE:
        raise ImagePostprocessError(f"{what}: not a PNG (no PNG signature)")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise ImagePostprocessError(f"{what}: {width}x{height} px is over the {MAX_PIXELS} px limit")
            probe.verify()                                  # chunk CRCs up to IEND
        image = Image.open(io.BytesIO(data))
        image.load()                                        # the pixel data really decodes
    except ImagePostprocessError:
        raise
    except Exception as error:  # any parse failure is the input's fault: regenerate
        raise ImagePostprocessError(f"{what}: unreadable PNG ({type(error).__name__}: {error})") from error
    if min(image.size) < MIN_SIDE:
        raise ImagePostprocessError(f"{what}: {image.size[0]}x{image.size[1]} px is too small "
                                    f"(at least {MIN_SIDE} px a side)")
    return image


def _float(image: Image.Image) -> np.ndarray:
    return np.asarray(image, dtype=F) / F(255.0)


def _check_not_uniform(rgb: np.ndarray, what: str, consequence: str = "nothing usable") -> None:
    std = float((rgb @ LUMA).std()) * 255.0
    if std < UNIFORM_STD:
        raise ImagePostprocessError(f"{what}: uniform image (luminance std {std:.2f} grey levels, "
                                    f"under {UNIFORM_STD}): {consequence}")


def cover_box(source: tuple[int, int], target: tuple[int, int]) -> tuple[float, float, float, float]:
    """The centred (left, top, right, bottom) box of `source` with the aspect of `target` (a crop, never a pad)."""
    sw, sh = source
    tw, th = target
    if sw * th > sh * tw:                     # source wider: crop the sides
        w = sh * tw / th
        return ((sw - w) / 2, 0.0, (sw + w) / 2, float(sh))
    h = sw * th / tw                          # source taller (or equal): crop top and bottom
    return (0.0, (sh - h) / 2, float(sw), (sh + h) / 2)


# --- materials ---------------------------------------------------------------

def _square(rgb: np.ndarray) -> np.ndarray:
    h, w = rgb.shape[:2]
    n = min(h, w)
    y, x = (h - n) // 2, (w - n) // 2
    return rgb[y:y + n, x:x + n]


def seam_ratio(pixels: np.ndarray, axis: int) -> float:
    """The materials gate's measure: mean step across the wrap-around edge / mean interior step."""
    a = pixels.astype(F)
    wrap = float(np.abs(np.take(a, 0, axis=axis) - np.take(a, -1, axis=axis)).mean())
    interior = float(np.abs(np.diff(a, axis=axis)).mean())
    return wrap / interior if interior > 0 else (0.0 if wrap == 0 else float("inf"))


def tiles(pixels: np.ndarray, axis: int) -> bool:
    """Whether `pixels` already wrap around along `axis`: the step across the edge is no larger than
    a typical interior step (ratio <= TILES_RATIO), or no busier than TILES_QUANTILE of the interior
    row/column steps (a periodic texture whose edge happens to fall on a mortar line)."""
    if seam_ratio(pixels, axis) <= TILES_RATIO:
        return True
    a = pixels.astype(F)
    other = tuple(i for i in range(a.ndim) if i != axis)
    steps = np.abs(np.diff(a, axis=axis)).mean(axis=other)
    wrap = float(np.abs(np.take(a, 0, axis=axis) - np.take(a, -1, axis=axis)).mean())
    return wrap <= float(np.quantile(steps, TILES_QUANTILE))


def make_tileable(rgb: np.ndarray) -> np.ndarray:
    """`rgb` (n x n x 3, float) itself when it already tiles along both axes, else a seamless tile cut
    from it, m = n - n/TILE_BAND px a side.

    A plain SDXL image first loses its linear brightness/colour ramp (a light falling from one side
    cannot tile), then, along each axis, the tile is its first m px and the b = n - m px that follow
    the tile's end are cross-faded into its first b px: at the tile's first pixel the weight is on
    pixel m, the natural continuation of the tile's last pixel m - 1, so the wrap-around is
    continuous; at pixel b it is back on the image itself. Nothing is shown twice (unlike blending
    with a half-shifted copy); the cross-fade is contrast-preserving (deviations from the mean
    divided by sqrt(w^2 + (1-w)^2)), so the band is not washed out.
    """
    out = rgb.astype(F)
    if tiles(out, 0) and tiles(out, 1):
        return out
    out = _without_ramp(out)
    n = out.shape[0]
    b = max(2, n // TILE_BAND)
    m = n - b
    t = (np.arange(b, dtype=F) + F(0.5)) / F(b)
    w = t * t * (3 - 2 * t)                                  # weight of the tile's own first b px
    mean = out.mean(axis=(0, 1), keepdims=True)
    for axis in (1, 0):                                      # both axes: the tile stays square
        shape = (1, b, 1) if axis == 1 else (b, 1, 1)
        ww = w.reshape(shape)
        own = np.take(out, np.arange(b), axis=axis)
        after = np.take(out, np.arange(m, n), axis=axis)
        band = (ww * (own - mean) + (1 - ww) * (after - mean)) / np.sqrt(ww * ww + (1 - ww) ** 2)
        out = np.take(out, np.arange(m), axis=axis).copy()
        index = [slice(None)] * 3
        index[axis] = slice(0, b)
        out[tuple(index)] = np.clip(mean + band, 0.0, 1.0)
    return out.astype(F)


def _without_ramp(rgb: np.ndarray) -> np.ndarray:
    """`rgb` minus its least-squares linear ramp per channel (mean kept): uneven lighting of a plain
    image, which no seamless tile can keep."""
    n, w = rgb.shape[:2]
    y = (np.arange(n, dtype=F) - F((n - 1) / 2))[:, None, None]
    x = (np.arange(w, dtype=F) - F((w - 1) / 2))[None, :, None]
    gy = (rgb * y).mean(axis=(0, 1), keepdims=True) / (y * y).mean()
    gx = (rgb * x).mean(axis=(0, 1), keepdims=True) / (x * x).mean()
    return np.clip(rgb - gy * y - gx * x, 0.0, 1.0).astype(F)


def resize_periodic(pixels: np.ndarray, n: int) -> np.ndarray:
    """`pixels` (m x m [x c], float) resized to n x n as a periodic image: LANCZOS over a copy padded
    with wrap-around, cropped back by Pillow's `box`, so the filter reads across the edges what lies
    on the other side of the tile."""
    m = pixels.shape[0]
    if m == n:
        return pixels.astype(F)
    pad = int(np.ceil(3 * max(m / n, 1.0))) + 2          # LANCZOS reaches 3 source px per output px
    planes = pixels[..., None] if pixels.ndim == 2 else pixels
    out = []
    for c in range(planes.shape[2]):
        padded = np.ascontiguousarray(np.pad(planes[..., c].astype(F), pad, mode="wrap"))
        image = Image.fromarray(padded)                    # mode F (32-bit float)
        out.append(np.asarray(image.resize((n, n), Image.LANCZOS, box=(pad, pad, pad + m, pad + m)), dtype=F))
    stacked = np.stack(out, axis=-1)
    return stacked[..., 0] if pixels.ndim == 2 else stacked


def roughness_default(spec: dict) -> float:
    """The mean roughness of a material whose spec gives none."""
    category, finish = spec.get("category"), spec.get("finish")
    if category == "metal":
        return METAL_FINISH_ROUGHNESS.get(finish, CATEGORY_ROUGHNESS["metal"])
    return FINISH_ROUGHNESS.get(finish, CATEGORY_ROUGHNESS.get(category, 0.75))


def derive_maps(rgb: np.ndarray, spec: dict) -> dict[str, np.ndarray]:
    """The five maps as uint8 arrays from a tileable n x n basecolor (float 0..1), rolled to a quiet seam."""
    n = rgb.shape[0]
    category = spec.get("category")
    height = _height(rgb)
    normal = texkit.normal_from_height(height, CATEGORY_DEPTH.get(category, 0.012))
    target = spec.get("roughness")
    target = roughness_default(spec) if target is None else float(target)
    lum = rgb @ LUMA
    grime = lum - texkit.blur(lum, max(1.0, n / 64))       # darker than the surroundings: dirt, hollows
    variation = 0.6 * (0.5 - height) - 0.4 * _unit(grime)
    roughness = _around(target, variation)
    metallic = spec.get("metallic")
    metallic = (METAL_METALLIC if category == "metal" else 0.0) if metallic is None else float(metallic)
    maps = {
        "basecolor": _u8(rgb),
        "normal": _u8(normal * 0.5 + 0.5),
        "roughness": _u8(roughness),
        "metallic": np.full((n, n), _u8(np.float32(np.clip(metallic, 0.0, 1.0))), np.uint8),
        "height": _u8(height),
    }
    rows, cols = quiet_origin(list(maps.values()), 0), quiet_origin(list(maps.values()), 1)
    return {role: np.ascontiguousarray(np.roll(a, (-rows, -cols), axis=(0, 1))) for role, a in maps.items()}


def _height(rgb: np.ndarray) -> np.ndarray:
    """0..1 height from luminance: lighting gradients removed (periodic high-pass), lightly smoothed."""
    n = rgb.shape[0]
    lum = rgb @ LUMA
    low = texkit.blur(lum, HEIGHT_LOWPASS * n)
    h = (lum - low) + F(HEIGHT_KEEP_LOW) * (low - F(low.mean()))
    h = texkit.blur(h, max(0.5, n / 1024))
    lo, hi = np.percentile(h, [1.0, 99.0])
    if hi - lo < 1e-6:
        return np.full((n, n), 0.5, F)
    return np.clip((h - F(lo)) / F(hi - lo), 0.0, 1.0).astype(F)


def _unit(x: np.ndarray) -> np.ndarray:
    """x scaled to about -0.5..0.5 (1st..99th percentile), centred on its mean."""
    lo, hi = np.percentile(x, [1.0, 99.0])
    return ((x - F(x.mean())) / F(max(hi - lo, 1e-6))).astype(F)


def _around(mean: float, variation: np.ndarray) -> np.ndarray:
    """A 0..1 map with the given mean whose pattern follows `variation` (about -0.5..0.5), scaled down
    where the mean is near 0 or 1 so that the pattern still fits, then shifted until the mean is exact."""
    mean = float(np.clip(mean, 0.0, 1.0))
    v = variation - F(variation.mean())
    lo, hi = np.percentile(v, [1.0, 99.0])
    spread = ROUGHNESS_SPREAD
    if hi > 0:
        spread = min(spread, (1.0 - mean) / float(hi))
    if lo < 0:
        spread = min(spread, mean / float(-lo))
    x = np.clip(F(mean) + v * F(spread), 0.0, 1.0)
    for _ in range(4):
        x = np.clip(x + F(mean - float(x.mean())), 0.0, 1.0)
    return x.astype(F)


def _u8(x) -> np.ndarray:
    return np.clip(np.rint(np.asarray(x) * 255.0), 0, 255).astype(np.uint8)


def quiet_origin(maps: list[np.ndarray], axis: int) -> int:
    """The index to roll to along `axis` so that the wrap seam falls between the neighbours whose step,
    relative to each map's mean step, is smallest in the busiest map."""
    n = maps[0].shape[axis]
    worst = np.zeros(n)
    for m in maps:
        a = m.astype(np.int16)
        steps = np.abs(np.roll(a, -1, axis=axis) - a)           # steps[i] = |a[i+1] - a[i]|, wrap at n-1
        profile = steps.mean(axis=tuple(i for i in range(a.ndim) if i != axis))
        if profile.mean() > 0:
            worst = np.maximum(worst, profile / profile.mean())
    return (int(np.argmin(worst)) + 1) % n


# --- icons -------------------------------------------------------------------

def _background_field(rgb: np.ndarray, ring: int) -> np.ndarray:
    """The plain background's colour everywhere (h x w x 3, 0..255): a quadratic surface per channel
    fitted to the border ring (robust: a second fit without the pixels far from the first), so a soft
    gradient or vignette behind the icon is keyed out as well as a flat colour."""
    h, w = rgb.shape[:2]
    mask = np.zeros((h, w), bool)
    mask[:ring], mask[-ring:], mask[:, :ring], mask[:, -ring:] = True, True, True, True
    ys, xs = np.nonzero(mask)
    step = max(1, len(ys) // 20000)                             # enough samples for 6 coefficients
    ys, xs = ys[::step], xs[::step]

    def basis(y, x):
        y = y.astype(F) / F(h) - F(0.5)
        x = x.astype(F) / F(w) - F(0.5)
        return np.stack([np.ones_like(x), x, y, x * x, x * y, y * y], axis=-1)

    a, samples = basis(ys, xs), rgb[ys, xs]
    keep = np.ones(len(ys), bool)
    for _ in range(2):
        coef = np.linalg.lstsq(a[keep], samples[keep], rcond=None)[0]
        residual = np.sqrt(((a @ coef - samples) ** 2).sum(axis=1))
        keep = residual <= max(3.0 * float(np.median(residual)), 6.0)
        if keep.sum() < 6:
            break
    yy, xx = np.mgrid[0:h, 0:w]
    return (basis(yy, xx) @ coef).astype(F)


def key_background(image: Image.Image) -> np.ndarray:
    """RGBA uint8 (h x w x 4) with the plain background that surrounds the icon made transparent.

    1. background estimate (`_background_field`) and each pixel's colour distance from it;
    2. the background is the part of {distance < KEY_TOLERANCE[1]} connected to the image border
       (a flood fill from every border pixel); the rest is the icon, including enclosed areas of
       the background's colour. A background that is not plain (median distance over
       PLAIN_BACKGROUND: a picture of a surface, a scene) is refused;
    3. the edge (a band `edge` px either side of the icon's outline): each pixel is a mix of the
       background B and the icon's colour F next to it (the nearest pixel of the icon's solid core),
       so alpha = (I - B).(F - B) / |F - B|^2 and the colour is F: a soft, anti-aliased edge without
       a halo of the background's colour. Where F is too close to B to tell, or no solid core is near
       (a hairline), alpha ramps with the distance (KEY_TOLERANCE) and the colour stays.
    An input that already has transparency keeps its own alpha.
    """
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = np.array(image.convert("RGBA"))
        if rgba[..., 3].min() < 255:
            return _checked_alpha(rgba)
    rgb = np.asarray(image.convert("RGB"), dtype=F)
    h, w = rgb.shape[:2]
    background = _background_field(rgb, max(2, round(0.02 * min(h, w))))
    distance = np.sqrt(((rgb - background) ** 2).sum(axis=-1))
    lo, hi = KEY_TOLERANCE
    labels, _ = ndimage.label(distance < hi)
    border = np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])
    icon = ~np.isin(labels, np.unique(border[border > 0]))
    if (~icon).any():
        spread = float(np.median(distance[~icon]))
        if spread > PLAIN_BACKGROUND:
            raise ImagePostprocessError(f"icon: no plain background to key out (the border's colour varies "
                                        f"by {spread:.1f} levels, over {PLAIN_BACKGROUND}: a picture, not an icon)")
    alpha = icon.astype(F)
    colour = rgb.copy()
    edge = max(2, round(min(h, w) / 256))
    core = ndimage.binary_erosion(icon, iterations=edge)
    band = ndimage.binary_dilation(icon, iterations=edge) & ~core
    ramp = np.clip((distance - lo) / (hi - lo), 0.0, 1.0)
    if core.any():
        far, (iy, ix) = ndimage.distance_transform_edt(~core, return_indices=True)
        fg = rgb[iy, ix]                                   # the nearest solid icon colour
        step = fg - background
        reach = (step * step).sum(axis=-1)
        mixed = ((rgb - background) * step).sum(axis=-1) / np.maximum(reach, 1e-6)
        known = band & (reach >= hi * hi) & (far <= 3 * edge)
        alpha[known] = np.clip(mixed[known], 0.0, 1.0)
        colour[known] = fg[known]
        guess = band & ~known
    else:
        guess = band
    alpha[guess] = np.where(icon[guess], 1.0, ramp[guess])
    rgba = np.dstack([np.clip(np.rint(colour), 0, 255), np.rint(alpha * 255.0)]).astype(np.uint8)
    return _checked_alpha(rgba)


def _checked_alpha(rgba: np.ndarray) -> np.ndarray:
    alpha = rgba[..., 3]
    h, w = alpha.shape
    content = float((alpha > 127).mean())
    if content < MIN_CONTENT:
        raise ImagePostprocessError(f"icon: nothing left after keying out the background "
                                    f"({content:.2%} of the pixels; the icon is missing or too faint)")
    clear = float((alpha == 0).mean())
    if clear < MIN_BACKGROUND:
        raise ImagePostprocessError(f"icon: no plain background to key out ({clear:.1%} of the pixels "
                                    f"matched the border's colour)")
    border = np.concatenate([alpha[0], alpha[-1], alpha[:, 0], alpha[:, -1]])
    touching = float((border > 127).mean())
    if touching > MAX_BORDER_CONTENT:
        raise ImagePostprocessError(f"icon: cut off by the frame ({touching:.0%} of the border is icon)")
    return rgba


def square_crop(rgba: np.ndarray) -> np.ndarray:
    """The content's bounding box plus ICON_MARGIN, squared around its centre (transparent padding)."""
    alpha = rgba[..., 3]
    ys, xs = np.nonzero(alpha > HAZE_ALPHA)
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    side = max(y1 - y0, x1 - x0)
    side = side + 2 * max(1, round(ICON_MARGIN * side))
    top = (y0 + y1 - side) // 2
    left = (x0 + x1 - side) // 2
    out = np.zeros((side, side, 4), np.uint8)
    h, w = alpha.shape
    sy0, sy1 = max(top, 0), min(top + side, h)
    sx0, sx1 = max(left, 0), min(left + side, w)
    out[sy0 - top:sy1 - top, sx0 - left:sx1 - left] = rgba[sy0:sy1, sx0:sx1]
    out[out[..., 3] <= HAZE_ALPHA] = 0
    return out


# --- timing ------------------------------------------------------------------

def _timings() -> None:  # pragma: no cover - a measurement for people
    rng = np.random.default_rng(0)

    def noise(n):
        k = np.fft.fftfreq(n)
        amp = 1.0 / np.maximum(np.hypot(k[:, None], k[None, :]), 1.0 / n) ** 1.6
        field = np.fft.ifft2(amp * np.exp(2j * np.pi * rng.random((n, n)))).real
        return (field - field.min()) / (field.max() - field.min())

    def encode(a):
        return png.encode(_u8(a), 1)

    spec = {"size": 1024, "category": "architecture", "finish": None, "roughness": None, "metallic": None}
    tex = encode(np.dstack([noise(1024)] * 3) * np.array([0.8, 0.5, 0.3]) + 0.1)
    small = encode(np.dstack([noise(64)] * 3) * np.array([0.8, 0.5, 0.3]) + 0.1)
    icon = np.full((1024, 1024, 3), 235.0)
    yy, xx = np.mgrid[0:1024, 0:1024]
    icon[np.hypot(yy - 500, xx - 530) < 300] = (180, 60, 40)
    icon_png = png.encode(icon.astype(np.uint8), 1)
    for label, call in (("finish_material 1024 -> 1024", lambda: finish_material(tex, spec)),
                        ("finish_material 1024 -> 64", lambda: finish_material(tex, {**spec, "size": 64})),
                        ("finish_material 64 -> 64", lambda: finish_material(small, {**spec, "size": 64})),
                        ("finish_image 1024 -> 512x768", lambda: finish_image(tex, (512, 768))),
                        ("finish_icon 1024 -> 48, 64", lambda: finish_icon(icon_png, [48, 64], {"id": "t"}))):
        call()
        start = time.perf_counter()
        for _ in range(3):
            call()
        print(f"{label}: {(time.perf_counter() - start) / 3 * 1000:.0f} ms")


if __name__ == "__main__":  # pragma: no cover
    _timings()
