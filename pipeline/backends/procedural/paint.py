"""A tiny 2D painting kit for the procedural portraits (private helper).

Two kinds of surface:

- `Layer`: a float RGB + alpha canvas that figure elements are painted onto
  one by one ("over" compositing). Shapes are rasterised by Pillow into a
  mask covering only their bounding box (`Region`), so an element costs what
  its area costs, not what the canvas costs. The figure is painted at twice
  the output size and reduced with LANCZOS (`Layer.reduced`) for smooth edges.
- plain float arrays (H, W, 3) in 0..1 for backgrounds, which are soft by
  nature and painted directly at output size.

Lighting is a cheap stand-in for 3D: `sphere_normal` / `cylinder_normal`
give each element a pseudo surface normal, `diffuse` turns that into a
wrap-around Lambert term for one key light. Everything is deterministic:
randomness is always passed in as a numpy Generator.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

F = np.float32


# --- colour ---------------------------------------------------------------

def kelvin_rgb(kelvin: float) -> np.ndarray:
    """Colour of a black body at `kelvin`, relative to 6500 K daylight (white).

    Tanner Helland's fit; lower temperatures come out warmer (more red)."""
    def raw(k: float) -> np.ndarray:
        t = k / 100.0
        r = 255.0 if t <= 66 else 329.698727446 * (t - 60) ** -0.1332047592
        g = (99.4708025861 * math.log(t) - 161.1195681661 if t <= 66
             else 288.1221695283 * (t - 60) ** -0.0755148492)
        b = 255.0 if t >= 66 else (0.0 if t <= 19 else 138.5177312231 * math.log(t - 10) - 305.0447927307)
        return np.clip(np.array([r, g, b]), 1.0, 255.0)
    rel = raw(float(np.clip(kelvin, 1500, 15000))) / raw(6500.0)
    return (rel / rel.max()).astype(F)


def luma(rgb: np.ndarray) -> np.ndarray:
    return rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114


def saturate(rgb: np.ndarray, amount: float) -> np.ndarray:
    """Scale saturation around the luma (amount < 1 mutes, > 1 boosts)."""
    y = luma(rgb)[..., None]
    return np.clip(y + (rgb - y) * amount, 0.0, 1.0)


# --- curves -------------------------------------------------------------------

def spline(points, closed: bool = False, steps: int = 8) -> list[tuple[float, float]]:
    """Catmull-Rom through `points`: a few control points give organic outlines."""
    p = [tuple(map(float, q)) for q in points]
    n = len(p)
    if n < 3:
        return p
    out = []
    segs = n if closed else n - 1
    for i in range(segs):
        p0 = p[(i - 1) % n] if closed else p[max(i - 1, 0)]
        p1, p2 = p[i], p[(i + 1) % n]
        p3 = p[(i + 2) % n] if closed else p[min(i + 2, n - 1)]
        for s in range(steps):
            t = s / steps
            t2, t3 = t * t, t * t * t
            out.append(tuple(
                0.5 * (2 * p1[k] + (-p0[k] + p2[k]) * t + (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k]) * t2
                       + (-p0[k] + 3 * p1[k] - 3 * p2[k] + p3[k]) * t3) for k in (0, 1)))
    if not closed:
        out.append(p[-1])
    return out


def mirror(points) -> list[tuple[float, float]]:
    """A left half outline (x <= 0, top to bottom) closed by its mirror image."""
    left = [tuple(q) for q in points]
    return left + [(-x, y) for x, y in reversed(left)]


# --- camera and regions -------------------------------------------------------

@dataclass
class Cam:
    """Maps figure units (head width = 1, origin at the face centre, y down)
    to pixels of a canvas of size w x h."""
    w: int
    h: int
    ox: float
    oy: float
    s: float

    def px(self, pts) -> list[tuple[float, float]]:
        return [(self.ox + x * self.s, self.oy + y * self.s) for x, y in pts]

    def x(self, u: float) -> float:
        return self.ox + u * self.s

    def y(self, v: float) -> float:
        return self.oy + v * self.s


class Shape:
    """A Pillow-drawable outline in pixel coordinates."""

    def __init__(self, kind: str, pts, width: int = 0):
        self.kind, self.pts, self.width = kind, [tuple(p) for p in pts], width

    def bbox(self) -> tuple[float, float, float, float]:
        xs = [p[0] for p in self.pts]
        ys = [p[1] for p in self.pts]
        pad = self.width / 2 + 1
        return min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad

    def draw(self, d: ImageDraw.ImageDraw, x0: int, y0: int, fill: int) -> None:
        pts = [(x - x0, y - y0) for x, y in self.pts]
        if self.kind == "poly":
            d.polygon(pts, fill=fill)
        elif self.kind == "ellipse":
            (ax, ay), (bx, by) = pts
            d.ellipse([ax, ay, bx, by], fill=fill)
        else:  # polyline with round joints
            d.line(pts, fill=fill, width=max(1, int(round(self.width))), joint="curve")
            r = self.width / 2
            for x, y in (pts[0], pts[-1]):
                d.ellipse([x - r, y - r, x + r, y + r], fill=fill)


@dataclass
class Region:
    """A soft mask `m` (0..1) placed at (x0, y0) on some canvas."""
    x0: int
    y0: int
    m: np.ndarray

    @property
    def sl(self):
        h, w = self.m.shape
        return slice(self.y0, self.y0 + h), slice(self.x0, self.x0 + w)

    def grid(self) -> tuple[np.ndarray, np.ndarray]:
        """Pixel-centre coordinates: X as (1, w), Y as (h, 1)."""
        h, w = self.m.shape
        return ((np.arange(w, dtype=F) + F(self.x0 + 0.5))[None, :],
                (np.arange(h, dtype=F) + F(self.y0 + 0.5))[:, None])


def region(size: tuple[int, int], add, sub=(), clip=(), blur: float = 0.0) -> Region | None:
    """Union of `add` shapes, minus `sub`, intersected with the union of `clip`.

    Rasterised by Pillow only inside the shapes' bounding box (clamped to the
    canvas of `size` = (w, h)); `blur` softens the edge (painted, not cut)."""
    w, h = size
    boxes = [s.bbox() for s in add]
    pad = int(math.ceil(blur * 2.5)) + 1
    x0 = max(0, int(math.floor(min(b[0] for b in boxes))) - pad)
    y0 = max(0, int(math.floor(min(b[1] for b in boxes))) - pad)
    x1 = min(w, int(math.ceil(max(b[2] for b in boxes))) + pad)
    y1 = min(h, int(math.ceil(max(b[3] for b in boxes))) + pad)
    if x1 <= x0 or y1 <= y0:
        return None
    im = Image.new("L", (x1 - x0, y1 - y0), 0)
    d = ImageDraw.Draw(im)
    for s in add:
        s.draw(d, x0, y0, 255)
    for s in sub:
        s.draw(d, x0, y0, 0)
    if clip:
        cm = Image.new("L", im.size, 0)
        dc = ImageDraw.Draw(cm)
        for s in clip:
            s.draw(dc, x0, y0, 255)
        im = Image.fromarray((np.asarray(im, np.uint16) * np.asarray(cm, np.uint16) // 255).astype(np.uint8))
    if blur > 0:
        im = im.filter(ImageFilter.GaussianBlur(blur))
    m = np.asarray(im, F) * F(1 / 255)
    return Region(x0, y0, m)


# --- lighting -----------------------------------------------------------------

def sphere_normal(reg: Region, cx: float, cy: float, rx: float, ry: float):
    """Pseudo normal of an ellipsoid seen from the front (pixel units)."""
    X, Y = reg.grid()
    nx = (X - F(cx)) / F(rx)
    ny = (Y - F(cy)) / F(ry)
    r2 = nx * nx + ny * ny
    k = np.where(r2 > 0.98, np.sqrt(0.98 / np.maximum(r2, 1e-6)), 1.0).astype(F)
    nx, ny = nx * k, ny * k
    nz = np.sqrt(np.maximum(0.0, 1.0 - nx * nx - ny * ny)).astype(F)
    return nx, ny, nz


def cylinder_normal(reg: Region, cx: float, rx: float, tilt: float = 0.0):
    """Pseudo normal of a vertical cylinder (cloth over a torso, a column)."""
    X, Y = reg.grid()
    nx = np.clip((X - F(cx)) / F(rx), -0.98, 0.98) + np.zeros_like(Y)
    ny = np.full_like(nx, F(tilt))
    nz = np.sqrt(np.maximum(0.0, 1.0 - nx * nx - ny * ny)).astype(F)
    return nx, ny, nz


def diffuse(n, light_dir, wrap: float = 0.35) -> np.ndarray:
    """Wrap-around Lambert: soft terminator, like skin and cloth."""
    nx, ny, nz = n
    lx, ly, lz = light_dir
    d = nx * F(lx) + ny * F(ly) + nz * F(lz)
    return np.clip((d + F(wrap)) / F(1 + wrap), 0.0, 1.0)


# --- layer ----------------------------------------------------------------------

class Layer:
    """RGB + alpha float canvas for the figure, painted element by element."""

    def __init__(self, w: int, h: int):
        self.w, self.h = w, h
        self.rgb = np.zeros((h, w, 3), F)
        self.a = np.zeros((h, w), F)

    @property
    def size(self) -> tuple[int, int]:
        return self.w, self.h

    def region(self, add, sub=(), clip=(), blur: float = 0.0) -> Region | None:
        return region(self.size, add, sub, clip, blur)

    def paint(self, reg: Region | None, colour, opacity: float = 1.0) -> None:
        """Paint `colour` (an RGB triple or an (h, w, 3) field) through `reg`."""
        if reg is None:
            return
        m = reg.m if opacity == 1.0 else reg.m * F(opacity)
        ys, xs = reg.sl
        tgt = self.rgb[ys, xs]
        c = np.asarray(colour, F)
        tgt += (c - tgt) * m[..., None]
        a = self.a[ys, xs]
        a += (1.0 - a) * m

    def tint(self, reg: Region | None, factor, opacity: float = 1.0) -> None:
        """Multiply what is already painted (shadows, glazes) through `reg`."""
        if reg is None:
            return
        ys, xs = reg.sl
        f = np.asarray(factor, F)
        if f.ndim == 2:
            f = f[..., None]
        m = (reg.m * F(opacity))[..., None]
        tgt = self.rgb[ys, xs]
        tgt *= 1.0 + (f - 1.0) * m

    def reduced(self, w: int, h: int) -> tuple[np.ndarray, np.ndarray]:
        """Premultiplied RGB and alpha downscaled with LANCZOS to (w, h).

        Premultiplied, so compositing after the reduction equals reducing the
        composite: one figure serves every background."""
        chans = []
        for c in range(3):
            chans.append(_resize_f(self.rgb[..., c] * self.a, w, h))
        a = np.clip(_resize_f(self.a, w, h), 0.0, 1.0)
        rgb = np.clip(np.stack(chans, axis=-1), 0.0, 1.0)
        return rgb, a


def _resize_f(a: np.ndarray, w: int, h: int) -> np.ndarray:
    return np.asarray(Image.fromarray(np.ascontiguousarray(a, F), "F").resize((w, h), Image.LANCZOS), F)


def resize(rgb: np.ndarray, w: int, h: int, box=None) -> np.ndarray:
    """Float RGB resize (LANCZOS), optionally of the crop `box` (l, t, r, b)."""
    out = [np.asarray(Image.fromarray(np.ascontiguousarray(rgb[..., c], F), "F")
                      .resize((w, h), Image.LANCZOS, box=box), F) for c in range(3)]
    return np.clip(np.stack(out, axis=-1), 0.0, 1.0)


# --- painterly passes on float RGB arrays ---------------------------------------

def to_image(rgb: np.ndarray) -> Image.Image:
    return Image.fromarray((np.clip(rgb, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8), "RGB")


def from_image(im: Image.Image) -> np.ndarray:
    return np.asarray(im, F) * F(1 / 255)


def brush_strokes(rgb: np.ndarray, rng: np.random.Generator, count: int, length: float, width: float,
                  angle=0.0, angle_jitter: float = 0.35, alpha=(70, 150), value_jitter: float = 0.06,
                  area=None) -> np.ndarray:
    """Dab `count` tapered strokes that pick up the colour under them.

    Each stroke is the underlying colour (slightly varied in value), so the
    picture keeps its composition but gains visible brushwork. `angle` is a
    float (radians) or a function (x, y) -> angle, for strokes that follow
    the scene (horizontal sky, vertical columns). `area` = (x0, y0, x1, y1)
    in 0..1 limits where strokes start."""
    h, w = rgb.shape[:2]
    im = to_image(rgb)
    d = ImageDraw.Draw(im, "RGBA")
    ax0, ay0, ax1, ay1 = area or (0.0, 0.0, 1.0, 1.0)
    xs = rng.uniform(ax0 * w, ax1 * w, count)
    ys = rng.uniform(ay0 * h, ay1 * h, count)
    lens = length * rng.uniform(0.6, 1.4, count)
    wids = width * rng.uniform(0.6, 1.3, count)
    jit = rng.normal(0.0, angle_jitter, count)
    vals = 1.0 + rng.normal(0.0, value_jitter, count)
    alphas = rng.integers(alpha[0], alpha[1] + 1, count)
    src = rgb
    for i in range(count):
        x, y = float(xs[i]), float(ys[i])
        a = (angle(x / w, y / h) if callable(angle) else angle) + float(jit[i])
        c = src[min(h - 1, int(y)), min(w - 1, int(x))] * vals[i]
        col = tuple(int(v) for v in np.clip(c * 255.0, 0, 255)) + (int(alphas[i]),)
        dx, dy = math.cos(a) * lens[i] / 2, math.sin(a) * lens[i] / 2
        nx, ny = -math.sin(a) * wids[i] / 2, math.cos(a) * wids[i] / 2
        # a tapered lozenge: thin at both ends like a loaded brush
        pts = [(x - dx, y - dy), (x - dx * 0.4 + nx, y - dy * 0.4 + ny), (x + dx * 0.5 + nx * 0.8, y + dy * 0.5 + ny * 0.8),
               (x + dx, y + dy), (x + dx * 0.5 - nx * 0.8, y + dy * 0.5 - ny * 0.8), (x - dx * 0.4 - nx, y - dy * 0.4 - ny)]
        d.polygon(pts, fill=col)
    return from_image(im)


def soften(rgb: np.ndarray, radius: float) -> np.ndarray:
    """Gaussian blur (distance haze, depth of field behind the sitter)."""
    return from_image(to_image(rgb).filter(ImageFilter.GaussianBlur(radius)))


def glow(rgb: np.ndarray, cx: float, cy: float, radius: float, colour, strength: float) -> np.ndarray:
    """Add a soft radial light (lamp, window, sun) at pixel (cx, cy), in place."""
    h, w = rgb.shape[:2]
    r = radius * 3.0
    x0, x1 = max(0, int(cx - r)), min(w, int(cx + r) + 1)
    y0, y1 = max(0, int(cy - r)), min(h, int(cy + r) + 1)
    if x1 <= x0 or y1 <= y0:
        return rgb
    X = np.arange(x0, x1, dtype=F)[None, :] - F(cx)
    Y = np.arange(y0, y1, dtype=F)[:, None] - F(cy)
    g = np.exp(-(X * X + Y * Y) / F(2 * radius * radius)) * F(strength)
    rgb[y0:y1, x0:x1] += g[..., None] * np.asarray(colour, F)
    return rgb


def value_noise(rng: np.random.Generator, w: int, h: int, cells_x: int, cells_y: int) -> np.ndarray:
    """Smooth noise in -1..1: random values on a coarse grid, bicubic upscaled.
    Unequal cell counts give streaks (canvas grain, brush drag)."""
    g = rng.uniform(-1.0, 1.0, (cells_y, cells_x)).astype(F)
    return np.asarray(Image.fromarray(g, "F").resize((w, h), Image.BICUBIC), F)


def vignette(w: int, h: int, strength: float, cx: float = 0.5, cy: float = 0.45) -> np.ndarray:
    """Multiplier darkening the corners (old-master framing)."""
    X = (np.arange(w, dtype=F)[None, :] + 0.5) / F(w) - F(cx)
    Y = (np.arange(h, dtype=F)[:, None] + 0.5) / F(h) - F(cy)
    r2 = (X * X) / 0.25 + (Y * Y) / 0.3
    return (1.0 - F(strength) * np.clip(r2, 0.0, 1.6) ** 1.5 / F(1.6 ** 1.5)).astype(F)
