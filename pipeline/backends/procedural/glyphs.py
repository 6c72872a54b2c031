"""Vector motif drawings for the procedural UI icons (private to icons.py).

Every motif is one small function drawing into a normalised 0..1 box (x right,
y down) through a `Pen`, so it is defined once and drawn at any size; icons.py
renders it supersampled and downsizes. Drawers are registered by motif slug in
`DRAWERS` and receive `(pen, pal)`: `pal[i]` is the catalog palette entry i
(wrapping around, as resource palettes hold only two colours) and
`pal.near(ref)` the entry closest to a reference colour, for motifs shared by
palettes with different orders (the cow head of a technology and a resource).

Angles are in degrees, measured clockwise from +x because y points down
(90 = straight down, -90 = straight up).
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np
from PIL import Image, ImageDraw

from .common import mix, parse_colour, shade

# --- colours ------------------------------------------------------------------

INK = parse_colour("#1c1712")     # outlines: a warm near-black reads on any hue
WHITE = parse_colour("#ffffff")
WOOD = parse_colour("#8a5e34")
STEEL = parse_colour("#9aa0a8")
LEAF = parse_colour("#4a8a2a")
FLAME = parse_colour("#ffb030")


def rgb(hex_colour: str) -> np.ndarray:
    return parse_colour(hex_colour)


def lt(colour, t: float = 0.35) -> np.ndarray:
    """Lighter: mixed towards white by t."""
    return mix(colour, WHITE, t)


def dk(colour, f: float = 0.7) -> np.ndarray:
    """Darker: scaled by f."""
    return shade(colour, f)


class Pal:
    """The icon's palette: wrap-around indexing plus nearest-colour lookup."""

    def __init__(self, colours: list[np.ndarray]) -> None:
        self.colours = [np.asarray(c, dtype=float) for c in colours]

    def __getitem__(self, i: int) -> np.ndarray:
        return self.colours[i % len(self.colours)]

    def __len__(self) -> int:
        return len(self.colours)

    def near(self, ref: str) -> np.ndarray:
        target = parse_colour(ref)
        return min(self.colours, key=lambda c: float(np.sum((c - target) ** 2)))


# --- point helpers (all in the normalised box) -----------------------------------

Pts = list[tuple[float, float]]


def arcpts(cx, cy, rx, ry, a0, a1, n=24) -> Pts:
    return [(cx + rx * math.cos(math.radians(a)), cy + ry * math.sin(math.radians(a)))
            for a in np.linspace(a0, a1, n)]


def bez(*ctrl, n=20) -> Pts:
    """Bezier curve through control points (any degree), de Casteljau."""
    out = []
    for t in np.linspace(0.0, 1.0, n):
        pts = [np.asarray(p, dtype=float) for p in ctrl]
        while len(pts) > 1:
            pts = [a * (1 - t) + b * t for a, b in zip(pts, pts[1:])]
        out.append((float(pts[0][0]), float(pts[0][1])))
    return out


def spline(pts, n=8, closed=False) -> Pts:
    """Catmull-Rom curve through the points: smooth outlines from a few knots."""
    p = [np.asarray(q, dtype=float) for q in pts]
    if closed:
        p = [p[-1]] + p + [p[0], p[1]]
    else:
        p = [p[0]] + p + [p[-1]]
    out = []
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[i - 1], p[i], p[i + 1], p[i + 2]
        for t in np.linspace(0, 1, n, endpoint=False):
            t2, t3 = t * t, t * t * t
            q = 0.5 * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t2
                       + (-p0 + 3 * p1 - 3 * p2 + p3) * t3)
            out.append((float(q[0]), float(q[1])))
    if not closed:
        out.append((float(p[-2][0]), float(p[-2][1])))
    return out


def place(pts, cx=0.0, cy=0.0, deg=0.0, s=1.0, sy=None) -> Pts:
    """Local points (around 0,0) scaled, rotated clockwise by deg and moved to (cx, cy)."""
    c, si = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    sy = s if sy is None else sy
    return [(cx + (x * s) * c - (y * sy) * si, cy + (x * s) * si + (y * sy) * c) for x, y in pts]


def mirror(pts, axis=0.5) -> Pts:
    return [(2 * axis - x, y) for x, y in pts]


def lathe(cx, prof, n=6) -> Pts:
    """A symmetric body (pot, bottle, bell) from (y, half width) knots, top to bottom."""
    right = spline([(cx + w, y) for y, w in prof], n)
    return right + [(2 * cx - x, y) for x, y in reversed(right)]


def leaf(p0, p1, width, bend=0.0) -> Pts:
    """A pointed leaf or blade from p0 to p1; bend curves its midline sideways."""
    (x0, y0), (x1, y1) = p0, p1
    dx, dy = x1 - x0, y1 - y0
    nx, ny = -dy, dx
    mx, my = (x0 + x1) / 2 + nx * bend, (y0 + y1) / 2 + ny * bend
    side_a = bez(p0, (mx + nx * width, my + ny * width), p1, n=12)
    side_b = bez(p1, (mx - nx * width, my - ny * width), p0, n=12)
    return side_a + side_b[1:]


def regular(cx, cy, r, n, rot=-90.0, ry=None) -> Pts:
    ry = r if ry is None else ry
    return [(cx + r * math.cos(math.radians(rot + 360 * k / n)), cy + ry * math.sin(math.radians(rot + 360 * k / n)))
            for k in range(n)]


def starpts(cx, cy, ro, ri, n, rot=-90.0) -> Pts:
    out = []
    for k in range(2 * n):
        r = ro if k % 2 == 0 else ri
        a = math.radians(rot + 180 * k / n)
        out.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return out


def capsule(p0, p1, w, n=10) -> Pts:
    """Outline of a bar with round ends."""
    (x0, y0), (x1, y1) = p0, p1
    a = math.degrees(math.atan2(y1 - y0, x1 - x0))
    r = w / 2
    return arcpts(x1, y1, r, r, a - 90, a + 90, n) + arcpts(x0, y0, r, r, a + 90, a + 270, n)


def obox(cx, cy, w, h, deg=0.0) -> Pts:
    """A w x h rectangle centred on (cx, cy), rotated clockwise by deg."""
    return place([(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)], cx, cy, deg)


def segbox(p0, p1, w) -> Pts:
    """A straight bar of width w from p0 to p1 (square ends)."""
    (x0, y0), (x1, y1) = p0, p1
    d = math.hypot(x1 - x0, y1 - y0) or 1.0
    nx, ny = -(y1 - y0) / d * w / 2, (x1 - x0) / d * w / 2
    return [(x0 + nx, y0 + ny), (x1 + nx, y1 + ny), (x1 - nx, y1 - ny), (x0 - nx, y0 - ny)]


def heartpts(cx, cy, s) -> Pts:
    out = []
    for t in np.linspace(0, 2 * math.pi, 64, endpoint=False):
        x = 16 * math.sin(t) ** 3
        y = 13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)
        out.append((cx + x * s / 32, cy - y * s / 32))
    return out


# --- the pen --------------------------------------------------------------------

class Pen:
    """Draws in the motif box: (u, v) in 0..1 maps to box = (x0, y0, span) on the canvas.

    Filled shapes get a dark outline `ow` canvas pixels wide (centred on the
    edge) unless line=False; `detail` lines have none. `glow` paints on the
    layer beneath the motif, which icons.py blurs and keeps out of the
    silhouette outline.
    """

    def __init__(self, layer: Image.Image, under: Image.Image, box, ow: float, rng) -> None:
        self.d = ImageDraw.Draw(layer)
        self.under = ImageDraw.Draw(under)
        self.x0, self.y0, self.s = box
        self.ow = max(1, int(round(ow)))
        self.rng = rng

    # conversions
    def _xy(self, pts):
        return [(self.x0 + u * self.s, self.y0 + v * self.s) for u, v in pts]

    def _w(self, w):
        return max(1, int(round(w * self.s)))

    @staticmethod
    def _c(colour, alpha=1.0):
        if isinstance(colour, str):
            colour = parse_colour(colour)
        r, g, b = (int(round(float(v) * 255)) for v in np.clip(colour, 0, 1)[:3])
        return (r, g, b, int(round(alpha * 255)))

    def _ring(self, xy):
        self.d.line(xy + xy[:2], fill=self._c(INK), width=self.ow, joint="curve")

    # filled shapes
    def poly(self, pts, fill, line=True):
        xy = self._xy(pts)
        if fill is not None:
            self.d.polygon(xy, fill=self._c(fill))
        if line:
            self._ring(xy)

    def ellipse(self, cx, cy, rx, ry, fill, line=True, deg=0.0):
        if deg:
            self.poly(place(arcpts(0, 0, rx, ry, 0, 360, 48)[:-1], cx, cy, deg), fill, line)
            return
        (x0, y0), (x1, y1) = self._xy([(cx - rx, cy - ry), (cx + rx, cy + ry)])
        if line:
            e = self.ow / 2
            self.d.ellipse((x0 - e, y0 - e, x1 + e, y1 + e), fill=self._c(fill) if fill is not None else None,
                           outline=self._c(INK), width=self.ow)
        else:
            self.d.ellipse((x0, y0, x1, y1), fill=self._c(fill))

    def circle(self, cx, cy, r, fill, line=True):
        self.ellipse(cx, cy, r, r, fill, line)

    def rect(self, x0, y0, x1, y1, fill, r=0.0, line=True):
        (a, b), (c, d) = self._xy([(x0, y0), (x1, y1)])
        e = self.ow / 2 if line else 0
        self.d.rounded_rectangle((a - e, b - e, c + e, d + e), radius=r * self.s + e,
                                 fill=self._c(fill) if fill is not None else None,
                                 outline=self._c(INK) if line else None, width=self.ow if line else 0)

    def bar(self, p0, p1, w, fill, round_ends=False, line=True):
        self.poly(capsule(p0, p1, w) if round_ends else segbox(p0, p1, w), fill, line)

    def stroke(self, pts, w, fill, line=True, round_ends=True):
        """A thick outlined polyline (stems, ropes, orbits)."""
        xy = self._xy(pts)
        wp = self._w(w)
        if line:
            self.d.line(xy, fill=self._c(INK), width=wp + 2 * self.ow, joint="curve")
            if round_ends:
                for x, y in (xy[0], xy[-1]):
                    r = wp / 2 + self.ow
                    self.d.ellipse((x - r, y - r, x + r, y + r), fill=self._c(INK))
        self.d.line(xy, fill=self._c(fill), width=wp, joint="curve")
        if round_ends:
            for x, y in (xy[0], xy[-1]):
                r = wp / 2
                self.d.ellipse((x - r, y - r, x + r, y + r), fill=self._c(fill))

    def strokes(self, paths, w, fill):
        """Several strokes outlined as one shape: all outlines first, then all fills."""
        for pts in paths:
            self.stroke(pts, w + 2 * self.ow / self.s, INK, line=False)
        for pts in paths:
            self.stroke(pts, w, fill, line=False)

    def detail(self, pts, w, colour):
        """A thin line without outline: seams, text, strings, highlights."""
        self.d.line(self._xy(pts), fill=self._c(colour), width=self._w(w), joint="curve")

    def arc(self, cx, cy, r, a0, a1, w, fill, ry=None, line=True):
        self.stroke(arcpts(cx, cy, r, r if ry is None else ry, a0, a1, 40), w, fill, line)

    def dot(self, cx, cy, r, colour):
        self.circle(cx, cy, r, colour, line=False)

    def star(self, cx, cy, ro, ri, n, fill, rot=-90.0, line=True):
        self.poly(starpts(cx, cy, ro, ri, n, rot), fill, line)

    def gear(self, cx, cy, r, teeth, fill, hole=None, depth=0.2, rot=0.0):
        """A cog: `teeth` trapezoid teeth of height depth*r around a disc."""
        pts = []
        ri = r * (1 - depth)
        step = 360 / teeth
        for k in range(teeth):
            a = rot + k * step
            for da, rr in ((-0.5, ri), (-0.28, ri), (-0.18, r), (0.18, r), (0.28, ri)):
                t = math.radians(a + da * step)
                pts.append((cx + rr * math.cos(t), cy + rr * math.sin(t)))
        self.poly(pts, fill)
        if hole is not None:
            self.circle(cx, cy, r * 0.3, hole)

    def cloud(self, circles, fill, line=True):
        """A puff of overlapping circles outlined as one shape (smoke, wool, cotton)."""
        if line:
            for x, y, r in circles:
                self.circle(x, y, r + self.ow / self.s * 0.9, INK, line=False)
        for x, y, r in circles:
            self.circle(x, y, r, fill, line=False)

    def erase(self, pts):
        """Cut a hole through what is drawn so far (arches, wrench jaws)."""
        self.d.polygon(self._xy(pts), fill=(0, 0, 0, 0))

    def glow(self, cx, cy, r, colour, alpha=0.6):
        (x0, y0), (x1, y1) = self._xy([(cx - r, cy - r), (cx + r, cy + r)])
        self.under.ellipse((x0, y0, x1, y1), fill=self._c(colour, alpha))


Drawer = Callable[[Pen, Pal], None]
DRAWERS: dict[str, Drawer] = {}


def motif(*names: str):
    """Register a drawing function for one or more motif slugs."""
    def register(fn: Drawer) -> Drawer:
        for name in names:
            DRAWERS[name] = fn
        return fn
    return register


# --- shared parts ------------------------------------------------------------------

def _dir(p0, p1):
    d = math.hypot(p1[0] - p0[0], p1[1] - p0[1]) or 1.0
    return (p1[0] - p0[0]) / d, (p1[1] - p0[1]) / d


def _along(p0, d, t, side=0.0):
    """Point t along unit direction d from p0, shifted `side` to the left of it."""
    return (p0[0] + d[0] * t - d[1] * side, p0[1] + d[1] * t + d[0] * side)


def sword(p: Pen, hilt, tip, w, blade, guard, grip, pommel=None):
    """A straight sword from its hilt (guard) point to its tip."""
    d = _dir(hilt, tip)
    length = math.hypot(tip[0] - hilt[0], tip[1] - hilt[1])
    body = [_along(hilt, d, 0, w / 2), _along(hilt, d, length - w * 1.2, w / 2), tip,
            _along(hilt, d, length - w * 1.2, -w / 2), _along(hilt, d, 0, -w / 2)]
    p.poly(body, blade)
    p.detail([_along(hilt, d, 0.02, 0), _along(hilt, d, length - w * 1.4, 0)], w * 0.18, dk(blade, 0.72))
    p.bar(_along(hilt, d, -0.1, 0), _along(hilt, d, -0.01, 0), w * 0.62, grip)
    p.bar(_along(hilt, d, 0, w * 1.7), _along(hilt, d, 0, -w * 1.7), w * 0.55, guard, round_ends=True)
    p.circle(*_along(hilt, d, -0.125, 0), w * 0.5, pommel if pommel is not None else guard)


def disc(p: Pen, cx, cy, rx, ry, th, side, top, ridges=False):
    """A coin or drum seen from slightly above: rim of thickness th under an elliptic top."""
    body = [(cx + rx, cy)] + arcpts(cx, cy + th, rx, ry, 0, 180, 24) + [(cx - rx, cy)]
    p.poly(body, side)
    if ridges:
        for a in range(15, 180, 22):                     # milled edge
            x, y = arcpts(cx, cy + th, rx, ry, a, a, 1)[0]
            p.detail([(x, y - th * 0.9), (x, y)], 0.01, dk(side, 0.75))
    p.ellipse(cx, cy, rx, ry, top)


def mask(p: Pen, cx, cy, s, deg, fill, holes, happy=True):
    """A theatre mask (comedy when happy, tragedy otherwise), s = half height."""
    face = spline([(-0.5, -0.45), (0, -0.55), (0.5, -0.45), (0.52, 0.02), (0.34, 0.42), (0, 0.6),
                   (-0.34, 0.42), (-0.52, 0.02)], 6, closed=True)
    p.poly(place(face, cx, cy, deg, s), fill)
    p.detail(place(spline([(-0.4, -0.36), (0, -0.46), (0.4, -0.36)], 4), cx, cy, deg, s), 0.04 * s, lt(fill, 0.35))
    tilt = 0.08 if happy else -0.08
    for sx in (-1, 1):
        eye = leaf((sx * 0.36, -0.1 - sx * tilt * 0.5), (sx * 0.08, -0.1 + sx * tilt * 0.5), 0.22)
        p.poly(place(eye, cx, cy, deg, s), holes, line=False)
        brow = [(sx * 0.4, -0.3 + (0.0 if happy else 0.08)), (sx * 0.1, -0.28 - (0.0 if happy else 0.06))]
        p.detail(place(brow, cx, cy, deg, s), 0.05 * s, dk(fill, 0.6))
    if happy:
        mouth = arcpts(0, 0.12, 0.3, 0.28, 5, 175, 16) + arcpts(0, 0.12, 0.26, 0.08, 175, 5, 16)
    else:
        mouth = arcpts(0, 0.42, 0.28, 0.24, -5, -175, 16) + arcpts(0, 0.42, 0.24, 0.07, -175, -5, 16)
    p.poly(place(mouth, cx, cy, deg, s), holes, line=False)


def taper(centre, w0, w1) -> Pts:
    """A band along a centre line, w0 wide at its start narrowing to w1 (horns, tails, smoke)."""
    left, right = [], []
    n = len(centre)
    for i, q in enumerate(centre):
        a, b = centre[max(i - 1, 0)], centre[min(i + 1, n - 1)]
        d = _dir(a, b)
        w = (w0 + (w1 - w0) * i / max(n - 1, 1)) / 2
        left.append((q[0] - d[1] * w, q[1] + d[0] * w))
        right.append((q[0] + d[1] * w, q[1] - d[0] * w))
    return left + right[::-1]


def spark(p: Pen, cx, cy, r, colour):
    """A four-pointed glint."""
    p.poly(starpts(cx, cy, r, r * 0.3, 4), colour, line=False)


def arrow(p: Pen, pts, w, fill, head=2.6):
    """A thick arrow along a path; the head points along its last segment."""
    d = _dir(pts[-2], pts[-1])
    tip = pts[-1]
    base = _along(tip, d, -w * head)
    p.stroke(pts[:-1] + [base], w, fill, round_ends=False)
    p.poly([_along(base, d, 0, w * 1.4), tip, _along(base, d, 0, -w * 1.4)], fill)


def block(p: Pen, x0, y0, w, h, depth, colour, top=None, side=None):
    """A box in oblique view: front face (x0, y0, w, h), top and right faces receding up-right."""
    dx, dy = depth, -depth * 0.6
    p.poly([(x0, y0), (x0 + w, y0), (x0 + w + dx, y0 + dy), (x0 + dx, y0 + dy)],
           top if top is not None else lt(colour, 0.3))
    p.poly([(x0 + w, y0), (x0 + w + dx, y0 + dy), (x0 + w + dx, y0 + h + dy), (x0 + w, y0 + h)],
           side if side is not None else dk(colour, 0.72))
    p.poly([(x0, y0), (x0 + w, y0), (x0 + w, y0 + h), (x0, y0 + h)], colour)


def flame(p: Pen, cx, base_y, h, w, outer, inner):
    """A flickering flame standing on (cx, base_y): round belly, a leaning tip and a side tongue."""
    pts = spline([(cx + w * 0.15, base_y - h), (cx + w * 0.7, base_y - h * 0.6), (cx + w, base_y - h * 0.3),
                  (cx + w * 0.7, base_y - h * 0.05), (cx, base_y), (cx - w * 0.7, base_y - h * 0.05),
                  (cx - w, base_y - h * 0.3), (cx - w * 0.75, base_y - h * 0.7), (cx - w * 0.3, base_y - h * 0.5)],
                 5, closed=True)
    p.poly(pts, outer)
    p.poly(leaf((cx, base_y - h * 0.1), (cx + w * 0.1, base_y - h * 0.65), w * 0.9), inner, line=False)


def ear(p: Pen, base, deg, length, grain, stalk, r=0.06):
    """An ear of grain: paired plump kernels along a stalk leaning deg from upright."""
    d = (math.sin(math.radians(deg)), -math.cos(math.radians(deg)))
    p.stroke([base, _along(base, d, length * 0.4)], r * 0.5, stalk)
    k = int(round(length * 0.6 / (r * 1.5)))
    for i in range(k):
        q = _along(base, d, length * 0.4 + i * r * 1.5)
        for side in (-1, 1):
            p.detail([_along(q, d, r * 0.5, side * r * 0.8), _along(q, d, r * 2.2, side * r * 1.8)], r * 0.2, stalk)
            p.ellipse(*_along(q, d, 0, side * r * 0.75), r * 0.8, r * 1.15, grain, deg=deg + side * 25)
    p.ellipse(*_along(base, d, length * 0.4 + k * r * 1.5), r * 0.7, r * 1.1, grain, deg=deg)


# --- yield --------------------------------------------------------------------------

@motif("wheat_sheaf")
def wheat_sheaf(p: Pen, c: Pal):
    tie = (0.5, 0.62)
    for deg in (-38, 38, 0):                              # side ears first, centre ear on top
        ear(p, tie, deg, 0.58 if deg == 0 else 0.52, c[2], c[1], r=0.058)
    p.poly([(0.43, 0.62), (0.57, 0.62), (0.74, 0.96), (0.26, 0.96)], c[1])
    for k in range(-3, 4):
        p.detail([(0.5 + k * 0.018, 0.64), (0.5 + k * 0.065, 0.94)], 0.014, c[0])
    p.poly(obox(0.5, 0.64, 0.28, 0.09, 0), c[3])
    p.detail([(0.39, 0.62), (0.61, 0.62)], 0.015, lt(c[3], 0.4))


@motif("hammer_gear")
def hammer_gear(p: Pen, c: Pal):
    p.gear(0.42, 0.56, 0.38, 10, c[2], depth=0.22)
    p.circle(0.42, 0.56, 0.2, dk(c[2], 0.85))
    p.circle(0.42, 0.56, 0.09, c[0])
    p.bar((0.18, 0.92), (0.7, 0.27), 0.1, c[3], round_ends=True)
    p.detail([(0.21, 0.86), (0.66, 0.3)], 0.02, lt(c[3], 0.3))
    p.poly(obox(0.72, 0.25, 0.46, 0.18, 39), c[1])
    p.poly(obox(0.72, 0.25, 0.12, 0.2, 39), dk(c[1], 0.8))
    p.detail([_along((0.72, 0.25), (0.776, 0.63), -0.2, -0.07), _along((0.72, 0.25), (0.776, 0.63), 0.2, -0.07)],
             0.02, lt(c[1], 0.5))


@motif("coins")
def coins(p: Pen, c: Pal):
    for cy in (0.82, 0.72, 0.62, 0.52):
        disc(p, 0.34, cy, 0.27, 0.09, 0.08, c[1], c[2], ridges=True)
    p.ellipse(0.34, 0.52, 0.17, 0.05, None)
    p.circle(0.66, 0.62, 0.29, c[2])
    p.circle(0.66, 0.62, 0.22, c[1])
    crown = [(0.55, 0.69), (0.55, 0.54), (0.6, 0.61), (0.66, 0.5), (0.72, 0.61), (0.77, 0.54), (0.77, 0.69)]
    p.poly(crown, c[3])
    p.arc(0.66, 0.62, 0.25, 200, 260, 0.03, c[3], line=False)


@motif("beaker")
def beaker(p: Pen, c: Pal):
    glass = mix(c[2], WHITE, 0.55)
    body = [(0.22, 0.12), (0.78, 0.12), (0.76, 0.84), (0.7, 0.92), (0.3, 0.92), (0.24, 0.84)]
    p.poly(body, glass)
    liquid = [(0.245, 0.48), (0.755, 0.48), (0.74, 0.84), (0.69, 0.9), (0.31, 0.9), (0.26, 0.84)]
    p.poly(liquid, c[1], line=False)
    p.poly([(0.245, 0.48), (0.755, 0.48), (0.752, 0.54), (0.248, 0.54)], c[2], line=False)
    for y in (0.3, 0.4, 0.6, 0.7):                        # graduation marks
        p.detail([(0.62, y), (0.74, y)], 0.02, c[0])
    for x, y, r in ((0.4, 0.66, 0.04), (0.54, 0.76, 0.03), (0.46, 0.36, 0.035), (0.56, 0.24, 0.045), (0.38, 0.2, 0.03)):
        p.circle(x, y, r, c[3] if y < 0.48 else lt(c[2], 0.5))
    p.poly(body, None)
    p.rect(0.17, 0.08, 0.83, 0.15, glass, r=0.03)
    p.detail([(0.3, 0.2), (0.3, 0.82)], 0.03, WHITE)


@motif("mask_harp")
def mask_harp(p: Pen, c: Pal):
    gold = c[3]
    p.stroke(spline([(0.6, 0.7), (0.53, 0.45), (0.55, 0.2), (0.5, 0.06)], 5), 0.06, gold)
    p.stroke(spline([(0.86, 0.7), (0.93, 0.45), (0.91, 0.2), (0.96, 0.06)], 5), 0.06, gold)
    p.bar((0.5, 0.14), (0.96, 0.14), 0.05, gold, round_ends=True)
    p.rect(0.56, 0.68, 0.9, 0.75, dk(gold, 0.8))
    for x in (0.64, 0.7, 0.76, 0.82):
        p.detail([(x, 0.16), (x, 0.68)], 0.012, lt(gold, 0.6))
    mask(p, 0.4, 0.56, 0.46, -12, c[1], c[0], happy=True)


@motif("dove_flame")
def dove_flame(p: Pen, c: Pal):
    p.glow(0.5, 0.48, 0.46, c[3], 0.55)
    flame(p, 0.5, 0.99, 0.32, 0.13, c[2], lt(c[2], 0.55))
    wing = [(0.47, 0.33), (0.34, 0.22), (0.2, 0.1), (0.04, 0.05), (0.09, 0.14), (0.05, 0.2), (0.13, 0.25),
            (0.11, 0.31), (0.2, 0.34), (0.2, 0.4), (0.3, 0.42), (0.44, 0.48)]
    for w in (wing, mirror(wing)):
        p.poly(w, c[0])
    for side in (1, -1):
        for t in (0.2, 0.3, 0.4):
            x0 = 0.5 - side * (0.5 - t)
            p.detail([(x0, 0.22 + t * 0.2), (0.5 - side * 0.08, 0.4)], 0.012, c[3])
    p.poly([(0.44, 0.5), (0.56, 0.5), (0.62, 0.62), (0.5, 0.58), (0.38, 0.62)], c[1])   # tail fan
    p.ellipse(0.5, 0.42, 0.09, 0.14, c[1])
    p.circle(0.52, 0.24, 0.075, c[1])
    p.poly([(0.58, 0.22), (0.66, 0.25), (0.58, 0.28)], c[2])
    p.dot(0.54, 0.22, 0.014, INK)


# --- status -------------------------------------------------------------------------

@motif("smile")
def smile(p: Pen, c: Pal):
    p.circle(0.5, 0.5, 0.44, c[1])
    p.ellipse(0.36, 0.3, 0.16, 0.09, c[2], line=False, deg=-30)
    for x in (0.33, 0.67):
        p.arc(x, 0.44, 0.08, 200, 340, 0.045, c[3], line=False)
        p.ellipse(x - 0.04 if x < 0.5 else x + 0.04, 0.58, 0.07, 0.04, mix(c[1], rgb("#ff6040"), 0.35), line=False)
    mouth = arcpts(0.5, 0.58, 0.25, 0.22, 0, 180, 24)
    p.poly(mouth, c[3], line=False)
    p.poly(arcpts(0.5, 0.72, 0.13, 0.06, 180, 360, 12), mix(c[0], rgb("#e05040"), 0.6), line=False)
    p.poly(arcpts(0.5, 0.58, 0.25, 0.05, 0, 180, 16), WHITE, line=False)


@motif("heart")
def heart(p: Pen, c: Pal):
    p.poly(heartpts(0.5, 0.43, 0.9), c[1])
    p.ellipse(0.3, 0.28, 0.1, 0.06, c[2], line=False, deg=-40)
    arm, t = 0.13, 0.05
    cross = [(-t, -arm), (t, -arm), (t, -t), (arm, -t), (arm, t), (t, t), (t, arm), (-t, arm), (-t, t), (-arm, t),
             (-arm, -t), (-t, -t)]
    p.poly(place(cross, 0.5, 0.5), c[3])


@motif("frown")
def frown(p: Pen, c: Pal):
    p.circle(0.5, 0.5, 0.44, c[1])
    p.ellipse(0.36, 0.3, 0.16, 0.09, c[2], line=False, deg=-30)
    for s in (-1, 1):
        p.bar((0.5 + s * 0.26, 0.3), (0.5 + s * 0.07, 0.39), 0.06, c[3], line=False, round_ends=True)
        p.ellipse(0.5 + s * 0.15, 0.48, 0.045, 0.06, c[3], line=False)
    p.detail([(0.47, 0.22), (0.48, 0.3)], 0.02, dk(c[1], 0.7))
    p.detail([(0.53, 0.22), (0.52, 0.3)], 0.02, dk(c[1], 0.7))
    p.arc(0.5, 0.84, 0.2, 220, 320, 0.06, c[3], line=False)


@motif("crossed_swords")
def crossed_swords(p: Pen, c: Pal):
    p.circle(0.5, 0.52, 0.33, c[1])
    p.arc(0.5, 0.52, 0.28, 0, 360, 0.04, c[0], line=False)
    p.circle(0.5, 0.52, 0.07, c[3])
    sword(p, (0.25, 0.77), (0.88, 0.1), 0.075, c[2], c[3], c[0])
    sword(p, (0.75, 0.77), (0.12, 0.1), 0.075, c[2], c[3], c[0])


@motif("olive_branch")
def olive_branch(p: Pen, c: Pal):
    p.glow(0.5, 0.5, 0.4, c[3], 0.5)
    stem = bez((0.14, 0.9), (0.26, 0.4), (0.62, 0.2), (0.86, 0.12), n=40)
    p.stroke(stem, 0.04, dk(c[0], 0.9))
    for i, k in enumerate(range(6, 40, 5)):
        q = stem[k]
        d = _dir(stem[k - 2], stem[min(k + 2, 39)])
        side = 1 if i % 2 else -1
        a = math.atan2(d[1], d[0]) + side * 0.9
        tip = (q[0] + 0.22 * math.cos(a), q[1] + 0.22 * math.sin(a))
        p.poly(leaf(q, tip, 0.42), lt(c[1], 0.15) if i % 2 else lt(c[1], 0.35))
        p.detail([q, tip], 0.012, c[0])
        if i in (0, 2, 4):
            o = (q[0] + 0.09 * math.cos(a - side * 1.5), q[1] + 0.09 * math.sin(a - side * 1.5))
            p.ellipse(o[0], o[1], 0.06, 0.075, c[2])
            p.dot(o[0] - 0.018, o[1] - 0.025, 0.016, lt(c[2], 0.5))
    p.poly(leaf(stem[-1], (0.97, 0.02), 0.42), lt(c[1], 0.35))


@motif("sun")
def sun(p: Pen, c: Pal):
    for k in range(16):
        a = math.radians(-90 + k * 22.5)
        d = (math.cos(a), math.sin(a))
        q0 = (0.5 + 0.26 * d[0], 0.5 + 0.26 * d[1])
        if k % 2 == 0:                                    # straight ray
            p.poly([_along(q0, d, 0, 0.06), _along(q0, d, 0.22, 0), _along(q0, d, 0, -0.06)], c[1])
        else:                                             # wavy ray
            left, right = [], []
            for t in np.linspace(0, 0.17, 10):
                off = 0.025 * math.sin(t / 0.17 * 2 * math.pi)
                w = 0.035 * (1 - t / 0.2)
                left.append(_along(q0, d, t, off + w))
                right.append(_along(q0, d, t, off - w))
            p.poly(left + right[::-1], c[2])
    p.circle(0.5, 0.5, 0.29, c[2])
    p.circle(0.5, 0.5, 0.2, c[1], line=False)
    p.circle(0.5, 0.5, 0.12, lt(c[1], 0.25), line=False)
    p.ellipse(0.41, 0.38, 0.07, 0.04, c[3], line=False, deg=-35)


# --- technology: ancient -----------------------------------------------------------

@motif("pot")
def pot(p: Pen, c: Pal):
    p.poly(lathe(0.5, [(0.14, 0.19), (0.24, 0.15), (0.36, 0.28), (0.56, 0.38), (0.76, 0.32), (0.9, 0.18)]), c[1])
    p.poly(leaf((0.26, 0.44), (0.3, 0.72), 0.3), lt(c[1], 0.3), line=False)
    zig = [(0.17 + k * 0.0425, 0.5 + (0.035 if k % 2 else -0.035)) for k in range(17)]
    p.detail([(0.15, 0.44), (0.85, 0.44)], 0.02, c[3])
    p.detail(zig, 0.025, c[3])
    p.detail([(0.15, 0.57), (0.85, 0.57)], 0.02, c[3])
    p.ellipse(0.5, 0.14, 0.2, 0.06, c[2])
    p.ellipse(0.5, 0.14, 0.14, 0.035, c[0], line=False)


@motif("cow_head")
def cow_head(p: Pen, c: Pal):
    coat, pale, horn = c.near("#a06a3a"), c.near("#f0e4d4"), c.near("#e0c890")
    for s in (-1, 1):                                     # horns, then ears, behind the head
        tip = (0.5 + s * 0.42, 0.06)
        p.poly(taper(bez((0.5 + s * 0.14, 0.26), (0.5 + s * 0.36, 0.28), tip, n=12), 0.09, 0.01), horn)
        p.ellipse(0.5 + s * 0.3, 0.38, 0.13, 0.06, coat, deg=-s * 20)
        p.ellipse(0.5 + s * 0.31, 0.385, 0.08, 0.03, mix(pale, rgb("#e08080"), 0.4), line=False, deg=-s * 20)
    head = spline([(0.5, 0.2), (0.68, 0.23), (0.71, 0.45), (0.64, 0.64), (0.5, 0.7), (0.36, 0.64), (0.29, 0.45),
                   (0.32, 0.23)], 6, closed=True)
    p.poly(head, coat)
    p.poly([(0.46, 0.24), (0.54, 0.24), (0.55, 0.5), (0.5, 0.58), (0.45, 0.5)], pale, line=False)
    p.ellipse(0.5, 0.74, 0.2, 0.14, mix(pale, rgb("#f0a0a0"), 0.3))
    for s in (-1, 1):
        p.ellipse(0.5 + s * 0.08, 0.76, 0.035, 0.05, dk(coat, 0.5), line=False)
        p.circle(0.5 + s * 0.12, 0.43, 0.042, INK, line=False)
        p.dot(0.5 + s * 0.12 - 0.012, 0.42, 0.013, WHITE)
    p.detail([(0.31, 0.6), (0.36, 0.66), (0.5, 0.62), (0.64, 0.66), (0.69, 0.6)], 0.02, dk(horn, 0.7))
    p.poly([(0.42, 0.22), (0.47, 0.15), (0.5, 0.22), (0.54, 0.14), (0.58, 0.22)], dk(coat, 0.75), line=False)


@motif("bow_arrow")
def bow_arrow(p: Pen, c: Pal):
    p.detail([(0.39, 0.08), (0.16, 0.5), (0.39, 0.92)], 0.014, c[2])
    limb = spline([(0.45, 0.03), (0.38, 0.09), (0.5, 0.26), (0.6, 0.5), (0.5, 0.74), (0.38, 0.91), (0.45, 0.97)], 6)
    p.stroke(limb, 0.06, c[1])
    p.bar((0.6, 0.42), (0.6, 0.58), 0.085, c[0], round_ends=True)
    for s in (-1, 1):
        p.poly([(0.1, 0.5 + s * 0.09), (0.22, 0.5 + s * 0.09), (0.29, 0.5), (0.15, 0.5)], c[2])   # fletching
    p.bar((0.12, 0.5), (0.8, 0.5), 0.035, lt(c[1], 0.2))
    p.poly([(0.78, 0.43), (0.96, 0.5), (0.78, 0.57), (0.81, 0.5)], c[3])


@motif("pickaxe")
def pickaxe(p: Pen, c: Pal):
    rocks = [[(0.52, 0.97), (0.56, 0.8), (0.68, 0.72), (0.82, 0.76), (0.9, 0.97)],
             [(0.3, 0.97), (0.33, 0.84), (0.44, 0.78), (0.56, 0.84), (0.6, 0.97)],
             [(0.68, 0.97), (0.7, 0.86), (0.8, 0.82), (0.96, 0.88), (0.97, 0.97)]]
    for k, r in enumerate(rocks):
        p.poly(r, c[2] if k != 1 else lt(c[2], 0.15))
    for x, y in ((0.62, 0.86), (0.44, 0.88), (0.84, 0.9), (0.74, 0.8)):
        p.poly(regular(x, y, 0.03, 4, 0), c[3], line=False)
    p.bar((0.12, 0.9), (0.64, 0.28), 0.075, mix(WOOD, c[0], 0.3), round_ends=True)
    L = 0.4
    xs = np.linspace(-L, L, 17)
    yc = 0.13 * (xs / L) ** 2
    t = 0.06 * np.sqrt(np.clip(1 - (xs / L) ** 2, 0, 1)) + 0.007
    head = list(zip(xs, yc - t)) + list(zip(xs[::-1], (yc + t)[::-1]))
    p.poly(place(head, 0.66, 0.26, 38.7), c[1])
    p.poly(obox(0.655, 0.275, 0.1, 0.12, 38.7), dk(c[1], 0.75))


@motif("sail")
def sail(p: Pen, c: Pal):
    crest = [(0.02, 0.86), (0.18, 0.78), (0.34, 0.85), (0.5, 0.77), (0.66, 0.85), (0.82, 0.77), (0.98, 0.84)]
    p.poly(spline(crest, 5) + [(0.98, 0.98), (0.02, 0.98)], c[2])
    p.poly(spline([(0.14, 0.64), (0.5, 0.67), (0.88, 0.62)], 5) + spline([(0.76, 0.8), (0.5, 0.83), (0.26, 0.8)], 5),
           c[0])
    p.detail([(0.2, 0.7), (0.82, 0.69)], 0.015, lt(c[0], 0.3))
    p.bar((0.5, 0.06), (0.5, 0.66), 0.04, dk(c[0], 0.9))
    p.poly([(0.52, 0.06), (0.66, 0.09), (0.52, 0.12)], c[2])
    right = spline([(0.74, 0.16), (0.82, 0.36), (0.74, 0.58)], 5)
    bottom = spline([(0.74, 0.58), (0.5, 0.63), (0.26, 0.58)], 5)
    left = spline([(0.26, 0.58), (0.2, 0.36), (0.26, 0.16)], 5)
    p.poly(right + bottom + left, c[1])
    p.detail(spline([(0.38, 0.2), (0.34, 0.38), (0.38, 0.56)], 5), 0.015, dk(c[1], 0.8))
    p.detail(spline([(0.62, 0.2), (0.66, 0.38), (0.62, 0.56)], 5), 0.015, dk(c[1], 0.8))
    p.bar((0.22, 0.16), (0.78, 0.16), 0.04, dk(c[0], 0.9), round_ends=True)
    for x in (0.18, 0.5, 0.82):
        p.detail([(x - 0.06, 0.88), (x + 0.04, 0.87)], 0.015, c[3])


@motif("calendar_disc")
def calendar_disc(p: Pen, c: Pal):
    p.circle(0.5, 0.5, 0.46, c[1])
    for k in range(24):
        a = math.radians(k * 15)
        p.detail([(0.5 + 0.37 * math.cos(a), 0.5 + 0.37 * math.sin(a)),
                  (0.5 + 0.43 * math.cos(a), 0.5 + 0.43 * math.sin(a))], 0.02, c[0])
    p.circle(0.5, 0.5, 0.35, c[2])
    for k in range(8):
        a = k * 45 + 22.5
        p.poly(place([(-0.035, -0.035), (0.035, -0.035), (0.035, 0.035), (-0.035, 0.035)], 0.5 + 0.27 * math.cos(
            math.radians(a)), 0.5 + 0.27 * math.sin(math.radians(a)), a), c[0], line=False)
    p.star(0.5, 0.5, 0.22, 0.15, 8, c[3])
    p.circle(0.5, 0.5, 0.14, lt(c[3], 0.2))
    for s in (-1, 1):
        p.dot(0.5 + s * 0.05, 0.47, 0.018, INK)
    p.arc(0.5, 0.5, 0.07, 30, 150, 0.015, INK, line=False)


@motif("quill_scroll")
def quill_scroll(p: Pen, c: Pal):
    p.poly([(0.08, 0.44), (0.82, 0.44), (0.82, 0.9), (0.08, 0.9)], c[1])
    p.poly([(0.08, 0.44), (0.14, 0.44), (0.14, 0.9), (0.08, 0.9)], dk(c[1], 0.85))
    for k, y in enumerate((0.54, 0.62, 0.7, 0.78)):
        xs = np.linspace(0.2, 0.72 - 0.08 * (k == 3), 14)
        p.detail([(x, y + 0.012 * math.sin(x * 70)) for x in xs], 0.018, c[3])
    p.rect(0.78, 0.38, 0.92, 0.96, lt(c[1], 0.2), r=0.04)
    p.ellipse(0.85, 0.4, 0.07, 0.03, dk(c[1], 0.8))
    p.poly(leaf((0.44, 0.62), (0.93, 0.05), 0.26, bend=0.03), c[2])
    for t in np.linspace(0.15, 0.85, 7):
        q = (0.44 + 0.49 * t, 0.62 - 0.57 * t)
        p.detail([q, (q[0] - 0.06, q[1] - 0.01)], 0.01, dk(c[2], 0.75))
    p.detail([(0.36, 0.72), (0.93, 0.05)], 0.02, c[0])
    p.poly([(0.3, 0.8), (0.36, 0.7), (0.4, 0.74)], c[3])


@motif("trap")
def trap(p: Pen, c: Pal):
    """An open jaw trap lying on the ground: toothed oval jaws, trigger plate, long side springs."""
    cx, cy, rx, ry = 0.5, 0.56, 0.36, 0.17
    p.ellipse(0.5, 0.76, 0.48, 0.16, c[3])
    for x in (0.08, 0.26, 0.74, 0.92):
        p.detail([(x - 0.02, 0.8), (x, 0.72), (x + 0.02, 0.8)], 0.015, lt(c[3], 0.3))
    for s in (-1, 1):
        p.rect(min(0.5 + s * 0.32, 0.5 + s * 0.5), 0.52, max(0.5 + s * 0.32, 0.5 + s * 0.5), 0.6, c[0], r=0.04)

    def teeth(a0, a1):
        for a in np.linspace(a0, a1, 5):
            x, y = cx + rx * math.cos(math.radians(a)), cy + ry * math.sin(math.radians(a))
            p.poly([(x - 0.055, y + 0.01), (x, y - 0.17), (x + 0.055, y + 0.01)], lt(c[1], 0.6))

    teeth(200, 340)                                           # back jaw
    p.arc(cx, cy, rx, 180, 360, 0.07, c[1], ry=ry)
    p.ellipse(cx, cy + 0.01, 0.12, 0.05, c[0])
    teeth(20, 160)                                            # front jaw
    p.arc(cx, cy, rx, 0, 180, 0.07, c[1], ry=ry)
    for k in range(3):                                        # chain to the stake
        p.ellipse(0.66 + k * 0.08, 0.8 + k * 0.03, 0.045, 0.025, c[0], deg=30 if k % 2 else -30)
    p.bar((0.9, 0.72), (0.9, 0.97), 0.05, c[2])


@motif("wheel")
def wheel(p: Pen, c: Pal):
    for k in range(6):
        a = math.radians(k * 60 + 90)
        p.bar((0.5 + 0.1 * math.cos(a), 0.5 + 0.1 * math.sin(a)), (0.5 + 0.34 * math.cos(a), 0.5 + 0.34 * math.sin(a)),
              0.075, c[1])
    p.arc(0.5, 0.5, 0.36, 0, 360, 0.09, c[1])
    p.arc(0.5, 0.5, 0.435, 0, 360, 0.06, c[2])
    for k in range(12):
        a = math.radians(k * 30 + 15)
        p.dot(0.5 + 0.435 * math.cos(a), 0.5 + 0.435 * math.sin(a), 0.014, lt(c[2], 0.4))
    p.circle(0.5, 0.5, 0.13, c[3])
    p.circle(0.5, 0.5, 0.05, c[0])


@motif("brick_wall")
def brick_wall(p: Pen, c: Pal):
    rows = [(0.5, 0.64, 0.0), (0.64, 0.78, 0.5), (0.78, 0.92, 0.0)]
    for r, (y0, y1, off) in enumerate(rows):
        edges = [0.06] + [0.06 + (k + off) * 0.22 for k in range(1, 5) if 0.06 + (k + off) * 0.22 < 0.93] + [0.94]
        for k, (x0, x1) in enumerate(zip(edges, edges[1:])):
            p.rect(x0, y0, x1, y1, c[1] if (k + r) % 2 else c[2], r=0.01)
    p.poly([(0.32, 0.47), (0.56, 0.36), (0.93, 0.44), (0.56, 0.5)], c[3])
    p.detail([(0.4, 0.46), (0.88, 0.44)], 0.015, lt(c[3], 0.5))
    p.bar((0.44, 0.43), (0.34, 0.28), 0.03, dk(c[3], 0.7))
    p.bar((0.34, 0.28), (0.1, 0.3), 0.08, mix(WOOD, c[0], 0.2), round_ends=True)


@motif("bronze_axe")
def bronze_axe(p: Pen, c: Pal):
    p.bar((0.5, 0.12), (0.5, 0.96), 0.075, c[3], round_ends=True)
    for y in (0.6, 0.68, 0.76, 0.84):
        p.detail([(0.465, y), (0.535, y + 0.03)], 0.02, lt(c[3], 0.3))
    right = [(0.53, 0.24), (0.7, 0.15)] + arcpts(0.6, 0.32, 0.3, 0.27, -65, 65, 16) + [(0.7, 0.48), (0.53, 0.4)]
    for blade in (right, mirror(right)):
        p.poly(blade, c[1])
    for s in (-1, 1):
        p.detail(arcpts(0.5 + s * 0.1, 0.32, 0.26, 0.22, -55, 55, 12) if s > 0 else
                 mirror(arcpts(0.6, 0.32, 0.26, 0.22, -55, 55, 12)), 0.025, c[2])
    p.rect(0.45, 0.22, 0.55, 0.42, c[0], r=0.02)


# --- technology: classical ---------------------------------------------------------

@motif("lens")
def lens(p: Pen, c: Pal):
    for y in (0.3, 0.4, 0.5):                             # light entering from the left
        p.detail([(0.0, y), (0.14, y)], 0.02, lt(c[3], 0.0))
        p.detail([(0.7, y), (0.92, 0.4)], 0.015, c[1])
    p.bar((0.6, 0.6), (0.9, 0.92), 0.12, c[0], round_ends=True)
    p.poly(obox(0.62, 0.62, 0.1, 0.16, -45), dk(c[1], 0.8))
    p.circle(0.42, 0.4, 0.33, c[1])
    p.circle(0.42, 0.4, 0.25, c[2])
    p.arc(0.42, 0.4, 0.18, 200, 260, 0.04, c[3], line=False)
    spark(p, 0.34, 0.3, 0.05, c[3])


@motif("horse_head")
def horse_head(p: Pen, c: Pal):
    coat, mane, strap = c[1], c[2], c[3]
    p.poly([(0.64, 0.16), (0.9, 0.4), (0.96, 0.7), (0.92, 0.96), (0.78, 0.96), (0.8, 0.6), (0.68, 0.3)], mane)
    head = [(0.84, 0.96), (0.8, 0.58), (0.7, 0.3), (0.64, 0.19), (0.67, 0.05), (0.57, 0.15), (0.5, 0.17), (0.32, 0.33),
            (0.15, 0.54), (0.1, 0.62), (0.13, 0.7), (0.24, 0.73), (0.36, 0.65), (0.47, 0.63), (0.5, 0.75), (0.46, 0.96)]
    p.poly(head, coat)
    p.poly([(0.58, 0.16), (0.66, 0.07), (0.62, 0.2)], dk(coat, 0.7), line=False)
    p.poly([(0.1, 0.62), (0.13, 0.7), (0.24, 0.73), (0.26, 0.62), (0.16, 0.55)], mix(coat, strap, 0.35), line=False)
    p.ellipse(0.42, 0.33, 0.04, 0.03, INK, line=False)
    p.dot(0.15, 0.62, 0.02, INK)
    p.detail([(0.2, 0.5), (0.3, 0.6)], 0.03, strap)           # noseband
    p.detail([(0.3, 0.6), (0.55, 0.27)], 0.025, strap)         # cheek strap
    p.detail([(0.55, 0.27), (0.64, 0.2)], 0.025, strap)
    p.detail([(0.31, 0.58), (0.6, 0.86), (0.7, 0.97)], 0.022, dk(strap, 0.7))   # rein
    p.dot(0.3, 0.6, 0.025, lt(strap, 0.3))


@motif("abacus")
def abacus(p: Pen, c: Pal):
    wood = c[0]
    for y in (0.3, 0.43, 0.56, 0.69):
        p.detail([(0.14, y), (0.86, y)], 0.02, dk(wood, 0.6))
    colours = [c[1], c[2], c[3], c[1]]
    for row, (y, left) in enumerate(zip((0.3, 0.43, 0.56, 0.69), (2, 4, 1, 3))):
        xs = [0.22 + 0.075 * k for k in range(left)] + [0.78 - 0.075 * k for k in range(5 - left)]
        for x in xs:
            p.ellipse(x, y, 0.042, 0.055, colours[row])
    p.rect(0.06, 0.14, 0.94, 0.2, wood, r=0.02)
    p.rect(0.06, 0.79, 0.94, 0.85, wood, r=0.02)
    p.rect(0.06, 0.14, 0.13, 0.92, wood, r=0.02)
    p.rect(0.87, 0.14, 0.94, 0.92, wood, r=0.02)


@motif("arch")
def arch(p: Pen, c: Pal):
    p.rect(0.12, 0.5, 0.3, 0.9, c[1])
    p.rect(0.7, 0.5, 0.88, 0.9, c[1])
    for y in (0.63, 0.76):
        p.detail([(0.12, y), (0.3, y)], 0.015, c[0])
        p.detail([(0.7, y), (0.88, y)], 0.015, c[0])
    n = 9
    for k in range(n):
        a0, a1 = 180 + 180 * k / n, 180 + 180 * (k + 1) / n
        outer = 0.44 if k == n // 2 else 0.38
        block = arcpts(0.5, 0.52, 0.2, 0.2, a0, a1, 5) + arcpts(0.5, 0.52, outer, outer, a1, a0, 5)
        p.poly(block, lt(c[3], 0.35) if k == n // 2 else (c[1] if k % 2 else c[2]))
    p.rect(0.1, 0.48, 0.32, 0.53, c[2])
    p.rect(0.68, 0.48, 0.9, 0.53, c[2])
    p.rect(0.04, 0.9, 0.96, 0.96, c[0])


@motif("owl")
def owl(p: Pen, c: Pal):
    p.rect(0.14, 0.78, 0.86, 0.84, c[0], r=0.02)
    p.rect(0.17, 0.84, 0.83, 0.9, c[2])
    p.rect(0.14, 0.9, 0.86, 0.95, c[0], r=0.02)
    for s in (-1, 1):
        p.poly([(0.5 + s * 0.22, 0.26), (0.5 + s * 0.26, 0.06), (0.5 + s * 0.08, 0.2)], c[1])
    p.ellipse(0.5, 0.48, 0.27, 0.32, c[1])
    for s in (-1, 1):
        p.ellipse(0.5 + s * 0.24, 0.54, 0.09, 0.22, c[0], deg=s * -12)
    p.ellipse(0.5, 0.6, 0.15, 0.17, c[2], line=False)
    for x, y in ((0.44, 0.56), (0.56, 0.56), (0.5, 0.64), (0.44, 0.7), (0.56, 0.7)):
        p.detail([(x - 0.03, y - 0.02), (x, y + 0.01), (x + 0.03, y - 0.02)], 0.014, c[0])
    for s in (-1, 1):
        p.circle(0.5 + s * 0.11, 0.36, 0.12, c[2])
        p.circle(0.5 + s * 0.11, 0.36, 0.08, c[3])
        p.circle(0.5 + s * 0.11, 0.36, 0.038, INK, line=False)
        p.dot(0.5 + s * 0.11 - 0.015, 0.345, 0.012, WHITE)
        for k in range(3):
            p.detail([(0.5 + s * (0.06 + k * 0.04), 0.78), (0.5 + s * (0.06 + k * 0.04), 0.82)], 0.02, dk(c[3], 0.7))
    p.poly([(0.46, 0.43), (0.54, 0.43), (0.5, 0.52)], dk(c[3], 0.8))


@motif("theatre_masks")
def theatre_masks(p: Pen, c: Pal):
    p.stroke(spline([(0.22, 0.5), (0.08, 0.66), (0.16, 0.8), (0.06, 0.95)], 5), 0.04, c[2])
    p.stroke(spline([(0.8, 0.3), (0.94, 0.46), (0.86, 0.6), (0.96, 0.74)], 5), 0.04, c[2])
    mask(p, 0.62, 0.4, 0.36, 14, c[1], c[3], happy=False)
    mask(p, 0.38, 0.6, 0.36, -14, c[0], c[3], happy=True)


@motif("coin")
def coin(p: Pen, c: Pal):
    edge = [(x + float(p.rng.uniform(-0.012, 0.012)), y + float(p.rng.uniform(-0.012, 0.012)))
            for x, y in regular(0.5, 0.5, 0.45, 30)]
    p.poly(edge, c[1])
    p.arc(0.5, 0.5, 0.37, 0, 360, 0.035, c[2], line=False)
    for k in range(24):
        a = math.radians(k * 15)
        p.dot(0.5 + 0.41 * math.cos(a), 0.5 + 0.41 * math.sin(a), 0.012, c[0])
    profile = [(-0.12, -0.2), (0.02, -0.24), (0.12, -0.16), (0.14, -0.08), (0.2, 0.0), (0.14, 0.04), (0.15, 0.1),
               (0.12, 0.16), (0.04, 0.18), (0.03, 0.28), (-0.15, 0.28), (-0.13, 0.12), (-0.2, 0.02), (-0.18, -0.1)]
    p.poly(place(profile, 0.5, 0.53, 0, 1.15), c[2])
    p.dot(*place([(0.07, -0.07)], 0.5, 0.53, 0, 1.15)[0], 0.018, c[0])
    crown = [(-0.12, -0.2), (-0.12, -0.33), (-0.06, -0.25), (0.0, -0.36), (0.05, -0.25), (0.11, -0.32), (0.1, -0.18)]
    p.poly(place(crown, 0.5, 0.53, 0, 1.15), c[3])
    p.arc(0.5, 0.5, 0.3, 200, 250, 0.025, c[3], line=False)


@motif("aqueduct")
def aqueduct(p: Pen, c: Pal):
    p.rect(0.04, 0.14, 0.96, 0.22, c[3])
    p.detail([(0.1, 0.18), (0.3, 0.17), (0.5, 0.18), (0.7, 0.17), (0.9, 0.18)], 0.015, lt(c[3], 0.5))
    p.rect(0.04, 0.22, 0.96, 0.9, c[1])
    p.rect(0.04, 0.4, 0.96, 0.45, c[2])
    for cx in (0.14, 0.32, 0.5, 0.68, 0.86):
        hole = arcpts(cx, 0.3, 0.055, 0.055, 180, 360, 12) + [(cx + 0.055, 0.4), (cx - 0.055, 0.4)]
        p.erase(hole)
        p.poly(hole, None)
    for cx in (0.2, 0.5, 0.8):
        hole = arcpts(cx, 0.6, 0.1, 0.1, 180, 360, 16) + [(cx + 0.1, 0.9), (cx - 0.1, 0.9)]
        p.erase(hole)
        p.poly(hole, None)
        p.detail(arcpts(cx, 0.6, 0.13, 0.13, 195, 345, 10), 0.015, c[0])
    p.poly([(0.04, 0.14), (0.96, 0.14), (0.96, 0.9), (0.04, 0.9)], None)


@motif("anvil")
def anvil(p: Pen, c: Pal):
    p.glow(0.52, 0.36, 0.26, c[2], 0.5)
    body = ([(0.86, 0.4), (0.3, 0.4)] + bez((0.3, 0.4), (0.14, 0.4), (0.03, 0.44), n=8)
            + bez((0.03, 0.44), (0.18, 0.52), (0.34, 0.54), n=8)
            + [(0.4, 0.56), (0.44, 0.72), (0.3, 0.8), (0.26, 0.9), (0.84, 0.9), (0.8, 0.8), (0.68, 0.72), (0.7, 0.56),
               (0.86, 0.53)])
    p.poly(body, c[1])
    p.poly([(0.31, 0.42), (0.84, 0.42), (0.84, 0.46), (0.31, 0.46)], lt(c[1], 0.3), line=False)
    p.poly(obox(0.52, 0.37, 0.36, 0.06, -4), c[2])
    p.detail([(0.38, 0.36), (0.64, 0.345)], 0.02, c[3])
    p.bar((0.64, 0.24), (0.94, 0.06), 0.05, WOOD, round_ends=True)
    p.poly(obox(0.6, 0.27, 0.13, 0.22, 59), dk(c[1], 1.4))
    for x, y, r in ((0.36, 0.26, 0.05), (0.26, 0.18, 0.035), (0.46, 0.16, 0.03), (0.7, 0.4, 0.03)):
        spark(p, x, y, r, c[3])


# --- technology: medieval ----------------------------------------------------------

@motif("chalice")
def chalice(p: Pen, c: Pal):
    p.glow(0.5, 0.16, 0.3, c[2], 0.7)
    p.arc(0.5, 0.09, 0.2, 0, 360, 0.025, c[2], ry=0.05)
    prof = [(0.24, 0.3), (0.36, 0.28), (0.47, 0.2), (0.56, 0.06), (0.6, 0.04), (0.65, 0.075), (0.7, 0.04), (0.8, 0.05),
            (0.89, 0.2), (0.93, 0.22)]
    p.poly(lathe(0.5, prof, 5), c[1])
    p.ellipse(0.5, 0.24, 0.3, 0.06, c[2])
    p.ellipse(0.5, 0.24, 0.24, 0.035, c[0], line=False)
    p.detail(spline([(0.3, 0.32), (0.36, 0.42), (0.44, 0.5)], 4), 0.03, c[2])
    for x, y, r in ((0.5, 0.38, 0.045), (0.35, 0.35, 0.032), (0.65, 0.35, 0.032)):
        p.circle(x, y, r, c[3])
    p.circle(0.5, 0.65, 0.03, c[3])


@motif("seal_stamp")
def seal_stamp(p: Pen, c: Pal):
    p.poly(obox(0.66, 0.68, 0.54, 0.46, 8), c[3])
    p.poly(obox(0.68, 0.68, 0.27, 0.27, 8), c[2])
    for k in range(3):
        p.detail(place([(-0.08, -0.07 + k * 0.07), (0.08, -0.07 + k * 0.07)], 0.68, 0.68, 8), 0.02, c[3])
    p.detail(place([(0.0, -0.09), (0.0, 0.09)], 0.68, 0.68, 8), 0.02, c[3])
    p.rect(0.08, 0.5, 0.42, 0.9, c[0], r=0.02)
    p.rect(0.08, 0.5, 0.42, 0.56, c[1], r=0.01)
    p.rect(0.08, 0.84, 0.42, 0.9, dk(c[0], 0.8), r=0.01)
    p.ellipse(0.26, 0.42, 0.15, 0.09, c[1])                  # lion: crouching body
    p.star(0.3, 0.28, 0.13, 0.09, 10, dk(c[1], 0.8))         # mane
    p.circle(0.3, 0.28, 0.075, c[1])
    p.dot(0.28, 0.26, 0.012, INK)
    p.dot(0.33, 0.26, 0.012, INK)
    p.ellipse(0.31, 0.31, 0.02, 0.012, INK, line=False)


@motif("guild_crest")
def guild_crest(p: Pen, c: Pal):
    p.rect(0.02, 0.02, 0.08, 0.2, c[2])
    p.bar((0.05, 0.08), (0.9, 0.08), 0.05, c[2], round_ends=True)
    p.arc(0.2, 0.13, 0.06, 90, 360, 0.03, c[2])
    for x in (0.3, 0.7):
        p.detail([(x, 0.08), (x, 0.2)], 0.02, dk(c[2], 0.6))
    shield = [(0.18, 0.18), (0.82, 0.18)] + bez((0.82, 0.5), (0.8, 0.8), (0.5, 0.96)) + bez((0.5, 0.96), (0.2, 0.8),
                                                                                             (0.18, 0.5))
    p.poly(shield, c[1])
    inner = [(0.24, 0.24), (0.76, 0.24)] + bez((0.76, 0.5), (0.74, 0.76), (0.5, 0.88)) + bez((0.5, 0.88), (0.26, 0.76),
                                                                                             (0.24, 0.5))
    p.poly(inner, c[0], line=False)
    p.bar((0.34, 0.6), (0.62, 0.3), 0.05, c[3])                # hammer handle
    p.poly(obox(0.62, 0.31, 0.2, 0.08, 43), c[2])              # hammer head
    p.bar((0.66, 0.6), (0.5, 0.42), 0.05, c[3])                # chisel handle
    p.poly([(0.52, 0.44), (0.38, 0.28), (0.33, 0.29), (0.35, 0.34), (0.48, 0.48)], c[2])
    p.rect(0.42, 0.64, 0.58, 0.78, c[1])                       # spool of thread
    p.rect(0.39, 0.62, 0.61, 0.66, c[3])
    p.rect(0.39, 0.77, 0.61, 0.81, c[3])


@motif("crucible")
def crucible(p: Pen, c: Pal):
    p.glow(0.66, 0.78, 0.26, c[1], 0.5)
    p.rect(0.36, 0.72, 0.96, 0.94, c[3])
    p.rect(0.42, 0.74, 0.9, 0.81, c[1])
    p.detail([(0.46, 0.765), (0.86, 0.765)], 0.015, c[2])
    stream = spline([(0.47, 0.34), (0.56, 0.44), (0.6, 0.6), (0.61, 0.76)], 5)
    p.poly(taper(stream, 0.08, 0.05), c[1])
    p.detail(stream[2:], 0.02, c[2])
    p.bar((0.06, 0.06), (0.24, 0.22), 0.05, c[0])
    cup = [(-0.17, -0.2), (0.17, -0.2), (0.13, 0.16), (0.06, 0.2), (-0.06, 0.2), (-0.13, 0.16)]
    p.poly(place(cup, 0.3, 0.32, 62), c[0])
    p.poly(place([(-0.16, -0.2), (0.16, -0.2), (0.15, -0.1), (-0.15, -0.1)], 0.3, 0.32, 62), dk(c[0], 1.5),
           line=False)
    p.ellipse(*place([(0, -0.2)], 0.3, 0.32, 62)[0], 0.17, 0.05, c[2], deg=62)
    for x, y, r in ((0.74, 0.64, 0.04), (0.82, 0.58, 0.03), (0.5, 0.66, 0.03), (0.86, 0.68, 0.025)):
        spark(p, x, y, r, c[2])


@motif("compass_rose")
def compass_rose(p: Pen, c: Pal):
    p.ellipse(0.5, 0.2, 0.34, 0.15, c[0])
    p.ellipse(0.5, 0.2, 0.28, 0.1, c[1], line=False)
    p.rect(0.44, 0.28, 0.56, 0.34, c[0])
    p.circle(0.5, 0.62, 0.36, c[1])
    p.circle(0.5, 0.62, 0.29, c[2])
    for k in range(16):
        a = math.radians(k * 22.5)
        p.detail([(0.5 + 0.25 * math.cos(a), 0.62 + 0.25 * math.sin(a)),
                  (0.5 + 0.28 * math.cos(a), 0.62 + 0.28 * math.sin(a))], 0.012, c[0])
    p.poly(starpts(0.5, 0.62, 0.22, 0.06, 4, -45), lt(c[1], 0.3), line=False)
    p.poly(starpts(0.5, 0.62, 0.24, 0.05, 4), lt(c[0], 0.4), line=False)
    p.poly([(0.5, 0.36), (0.555, 0.62), (0.445, 0.62)], c[3])
    p.poly([(0.5, 0.88), (0.555, 0.62), (0.445, 0.62)], WHITE)
    p.circle(0.5, 0.62, 0.035, c[1])


@motif("open_book")
def open_book(p: Pen, c: Pal):
    p.glow(0.86, 0.44, 0.16, FLAME, 0.6)
    p.poly([(0.02, 0.34), (0.4, 0.42), (0.78, 0.34), (0.78, 0.86), (0.4, 0.92), (0.02, 0.86)], c[0])
    page = bez((0.06, 0.3), (0.22, 0.22), (0.4, 0.34)) + bez((0.4, 0.86), (0.22, 0.74), (0.06, 0.8))
    for pts in (page, mirror(page, 0.4)):
        p.poly(pts, c[1])
    for s in (-1, 1):
        for k in range(5):
            y = 0.38 + k * 0.08
            xs = np.linspace(0.1, 0.34, 8)
            line = [(0.4 + s * (0.4 - x), y - 0.05 * math.sin((x - 0.06) / 0.34 * math.pi)) for x in xs]
            p.detail(line, 0.014, c[3])
    p.poly([(0.38, 0.86), (0.44, 0.86), (0.44, 0.99), (0.41, 0.95), (0.38, 0.99)], c[2])
    p.ellipse(0.87, 0.88, 0.1, 0.035, c[2])
    p.rect(0.82, 0.54, 0.92, 0.88, c[1])
    p.detail([(0.87, 0.53), (0.87, 0.48)], 0.012, INK)
    flame(p, 0.87, 0.5, 0.16, 0.045, FLAME, lt(FLAME, 0.6))


@motif("knight_helm")
def knight_helm(p: Pen, c: Pal):
    p.poly(leaf((0.46, 0.2), (0.94, 0.5), 0.34, bend=-0.12), c[2])
    p.poly(leaf((0.48, 0.2), (0.84, 0.58), 0.2, bend=-0.12), lt(c[2], 0.3), line=False)
    body = spline([(0.24, 0.3), (0.5, 0.16), (0.76, 0.3)], 6) + [(0.78, 0.92), (0.22, 0.92)]
    p.poly(body, c[1])
    p.poly([(0.53, 0.18)] + spline([(0.5, 0.16), (0.76, 0.3)], 6)[1:] + [(0.78, 0.92), (0.53, 0.92)],
           dk(c[1], 0.82), line=False)
    p.rect(0.25, 0.44, 0.75, 0.5, INK, line=False)
    p.rect(0.46, 0.17, 0.54, 0.92, c[3])
    p.rect(0.21, 0.86, 0.79, 0.93, c[3])
    for x, y in ((0.6, 0.62), (0.66, 0.62), (0.6, 0.7), (0.66, 0.7), (0.6, 0.78), (0.66, 0.78)):
        p.dot(x, y, 0.014, INK)
    p.poly(body, None)


@motif("gears")
def gears(p: Pen, c: Pal):
    p.gear(0.74, 0.3, 0.22, 9, c[2], hole=c[0], rot=10)
    p.gear(0.78, 0.77, 0.15, 7, c[3], hole=c[0], rot=5)
    p.gear(0.36, 0.62, 0.33, 12, c[1], rot=0)
    p.circle(0.36, 0.62, 0.18, dk(c[1], 0.85))
    p.circle(0.36, 0.62, 0.07, c[0])


@motif("pendulum")
def pendulum(p: Pen, c: Pal):
    pivot, length, swing = (0.5, 0.14), 0.6, 24
    for r in (0.66, 0.74):                                    # motion arcs under the bob
        arrow(p, arcpts(0.5, 0.14, r, r, 90 - swing, 90 + swing - 4, 16), 0.022, c[3], head=2.2)
    p.rect(0.06, 0.9, 0.94, 0.97, c[0], r=0.02)
    for foot in ((0.12, 0.92), (0.88, 0.92)):                 # A-frame stand
        p.bar(pivot, foot, 0.06, c[0])
    p.bar((0.26, 0.6), (0.74, 0.6), 0.04, c[0])
    bob = (pivot[0] + length * math.sin(math.radians(swing)), pivot[1] + length * math.cos(math.radians(swing)))
    p.bar(pivot, bob, 0.03, c[1])
    p.circle(pivot[0], pivot[1], 0.045, c[2])
    p.circle(bob[0], bob[1], 0.12, c[1])
    p.ellipse(bob[0] - 0.04, bob[1] - 0.045, 0.045, 0.028, c[2], line=False, deg=-30)


@motif("longsword")
def longsword(p: Pen, c: Pal):
    sword(p, (0.5, 0.74), (0.5, 0.03), 0.13, c[2], c[0], c[3], c[1])
    for y in (0.79, 0.82):
        p.detail([(0.47, y), (0.53, y + 0.02)], 0.015, dk(c[3], 0.6))


# --- technology: renaissance -------------------------------------------------------

@motif("telescope")
def telescope(p: Pen, c: Pal):
    p.circle(0.7, 0.28, 0.27, c[0])
    p.circle(0.74, 0.25, 0.12, c[2], line=False)
    p.circle(0.79, 0.21, 0.1, c[0], line=False)
    for x, y, r in ((0.55, 0.16, 0.035), (0.86, 0.42, 0.03), (0.6, 0.4, 0.025), (0.84, 0.1, 0.02)):
        spark(p, x, y, r, c[2])
    for foot in ((0.14, 0.95), (0.42, 0.96), (0.66, 0.95)):
        p.bar((0.4, 0.58), foot, 0.04, c[3])
    tube = [(0.06, 0.74), (0.62, 0.34)]
    p.poly(taper(tube, 0.08, 0.14), c[1])
    for t in (0.25, 0.55, 0.9):
        q = (0.06 + 0.56 * t, 0.74 - 0.4 * t)
        w = 0.04 + 0.03 * t
        p.detail([(q[0] - 0.58 * w, q[1] - 0.81 * w), (q[0] + 0.58 * w, q[1] + 0.81 * w)], 0.02, dk(c[1], 0.65))
    p.circle(0.4, 0.56, 0.035, c[3])


@motif("lute")
def lute(p: Pen, c: Pal):
    for r in (0.34, 0.43):                                    # sound waves
        p.arc(0.4, 0.6, r, -18, 28, 0.03, c[1])
    at = dict(cx=0.4, cy=0.58, deg=38, s=1.05)
    p.poly(place(segbox((0, -0.2), (0, -0.52), 0.075), **at), c[0])
    p.poly(place(segbox((0, -0.5), (0.12, -0.64), 0.07), **at), dk(c[0], 0.8))
    for k in range(3):
        p.dot(*place([(0.035 + 0.035 * k, -0.56 - 0.04 * k)], **at)[0], 0.018, c[2])
    body = spline([(0, -0.22), (0.16, -0.1), (0.23, 0.1), (0.16, 0.27), (0, 0.31), (-0.16, 0.27), (-0.23, 0.1),
                   (-0.16, -0.1)], 6, closed=True)
    p.poly(place(body, **at), c[1])
    for x in (-0.1, 0.1):
        p.detail(place(spline([(x * 0.4, -0.2), (x * 1.4, 0.08), (x * 0.9, 0.28)], 5), **at), 0.012, c[0])
    p.circle(*place([(0, 0.02)], **at)[0], 0.07, c[3])
    p.arc(*place([(0, 0.02)], **at)[0], 0.045, 0, 360, 0.012, c[2], line=False)
    p.poly(place(obox(0, 0.2, 0.14, 0.03), **at), c[3], line=False)
    for x in (-0.02, 0.0, 0.02):
        p.detail(place([(x, 0.2), (x, -0.5)], **at), 0.008, c[2])


@motif("money_bag")
def money_bag(p: Pen, c: Pal):
    p.poly(lathe(0.5, [(0.1, 0.17), (0.18, 0.15), (0.28, 0.08), (0.42, 0.24), (0.62, 0.35), (0.8, 0.33),
                       (0.9, 0.22)]), c[1])
    p.poly(leaf((0.3, 0.48), (0.34, 0.8), 0.3), lt(c[1], 0.3), line=False)
    p.poly([(0.56, 0.16), (0.6, 0.26), (0.64, 0.14)], dk(c[1], 0.8), line=False)
    p.bar((0.38, 0.29), (0.62, 0.29), 0.05, c[0], round_ends=True)
    p.stroke([(0.58, 0.29), (0.66, 0.36), (0.64, 0.44)], 0.025, c[0])
    p.circle(0.5, 0.6, 0.13, c[2])
    p.circle(0.5, 0.6, 0.085, c[3])
    p.star(0.5, 0.6, 0.06, 0.025, 5, c[2], line=False)
    disc(p, 0.2, 0.88, 0.11, 0.04, 0.03, c[2], c[3])
    disc(p, 0.8, 0.9, 0.11, 0.04, 0.03, c[2], c[3])
    disc(p, 0.72, 0.84, 0.11, 0.04, 0.03, c[2], c[3])


@motif("printing_press")
def printing_press(p: Pen, c: Pal):
    p.rect(0.16, 0.1, 0.26, 0.92, c[1])
    p.rect(0.74, 0.1, 0.84, 0.92, c[1])
    p.rect(0.1, 0.06, 0.9, 0.17, c[1], r=0.02)
    p.bar((0.5, 0.17), (0.5, 0.48), 0.07, dk(c[1], 0.8))
    for y in (0.22, 0.28, 0.34, 0.4):
        p.detail([(0.47, y), (0.53, y + 0.03)], 0.012, c[0])
    p.rect(0.26, 0.3, 0.74, 0.36, c[0])
    p.bar((0.5, 0.26), (0.94, 0.2), 0.03, c[0])
    p.circle(0.94, 0.2, 0.04, c[0])
    p.rect(0.3, 0.48, 0.7, 0.55, c[0])
    p.rect(0.06, 0.62, 0.94, 0.69, c[0])
    p.poly([(0.24, 0.74), (0.76, 0.74), (0.82, 0.94), (0.18, 0.94)], c[2])
    for k in range(4):
        y = 0.78 + k * 0.04
        p.detail([(0.27 - k * 0.012, y), (0.7 + k * 0.012 - (0.1 if k == 3 else 0), y)], 0.016, c[3])


def _barrel_w(y, top, bottom, waist, bulge):
    t = (y - (top + bottom) / 2) / ((bottom - top) / 2)
    return waist + bulge * (1 - t * t)


@motif("powder_keg")
def powder_keg(p: Pen, c: Pal):
    p.glow(0.74, 0.12, 0.14, c[3], 0.7)
    top, bottom, cx = 0.3, 0.88, 0.44
    ys = np.linspace(top, bottom, 16)
    w = [_barrel_w(y, top, bottom, 0.24, 0.07) for y in ys]
    p.poly([(cx + a, y) for a, y in zip(w, ys)] + [(cx - a, y) for a, y in zip(w[::-1], ys[::-1])], c[1])
    for f in (-0.6, -0.2, 0.2, 0.6):
        p.detail([(cx + f * a, y) for a, y in zip(w, ys)], 0.012, c[0])
    for y0, y1 in ((0.36, 0.42), (0.76, 0.82)):
        yy = np.linspace(y0, y1, 4)
        ww = [_barrel_w(y, top, bottom, 0.24, 0.07) + 0.005 for y in yy]
        p.poly([(cx + a, y) for a, y in zip(ww, yy)] + [(cx - a, y) for a, y in zip(ww[::-1], yy[::-1])], c[2])
    p.ellipse(cx, top, 0.24, 0.06, lt(c[1], 0.2))
    p.detail([(0.6, 0.52), (0.56, 0.58), (0.62, 0.63), (0.57, 0.69)], 0.02, INK)
    p.poly(arcpts(0.8, 0.95, 0.16, 0.08, 180, 360, 12), c[2])
    p.stroke(spline([(cx, 0.3), (0.5, 0.18), (0.62, 0.2), (0.72, 0.12)], 5), 0.025, dk(c[1], 0.6))
    p.star(0.74, 0.11, 0.09, 0.035, 8, c[3])
    p.star(0.74, 0.11, 0.045, 0.02, 8, lt(c[3], 0.6), line=False)


@motif("sextant")
def sextant(p: Pen, c: Pal):
    p.rect(0.06, 0.8, 0.94, 0.95, c[3])
    for x in (0.06, 0.94):
        p.ellipse(x, 0.875, 0.04, 0.075, dk(c[3], 0.8))
    p.detail([(0.2, 0.84), (0.4, 0.88), (0.6, 0.84), (0.8, 0.9)], 0.012, lt(c[3], 0.5))
    apex = (0.5, 0.08)
    sector = [apex] + arcpts(0.5, 0.08, 0.62, 0.62, 60, 120, 16)
    p.poly(sector, c[1])                                      # the brass frame, with lightening holes
    for x, y, r in ((0.5, 0.38, 0.08), (0.38, 0.54, 0.07), (0.62, 0.54, 0.07)):
        hole = regular(x, y, r, 20)
        p.erase(hole)
        p.poly(hole, None)
    p.poly(arcpts(0.5, 0.08, 0.64, 0.64, 58, 122, 16) + arcpts(0.5, 0.08, 0.54, 0.54, 122, 58, 16), c[2])
    for a in range(62, 120, 4):
        p.detail(arcpts(0.5, 0.08, 0.59, 0.59, a, a, 1) + arcpts(0.5, 0.08, 0.64, 0.64, a, a, 1), 0.012, c[0])
    p.bar(apex, arcpts(0.5, 0.08, 0.66, 0.66, 78, 78, 1)[0], 0.04, c[0])   # index arm
    p.bar((0.24, 0.3), (0.5, 0.3), 0.07, dk(c[1], 0.8), round_ends=True)   # sighting telescope
    p.rect(0.45, 0.04, 0.55, 0.14, lt(c[2], 0.5))


@motif("balance_scale")
def balance_scale(p: Pen, c: Pal):
    p.poly([(0.36, 0.88), (0.64, 0.88), (0.7, 0.95), (0.3, 0.95)], c[1])
    p.bar((0.5, 0.16), (0.5, 0.88), 0.05, c[1])
    p.bar((0.1, 0.22), (0.9, 0.22), 0.045, c[1], round_ends=True)
    p.circle(0.5, 0.14, 0.05, c[2])
    for cx in (0.15, 0.85):
        for dx in (-0.11, 0.11):
            p.detail([(cx, 0.23), (cx + dx, 0.58)], 0.012, c[0])
    disc(p, 0.15, 0.55, 0.07, 0.025, 0.025, c[1], c[2])
    sack = lathe(0.85, [(0.4, 0.04), (0.44, 0.03), (0.5, 0.07), (0.57, 0.06)], 4)
    p.poly(sack, c[3])
    p.detail([(0.82, 0.44), (0.88, 0.44)], 0.015, dk(c[3], 0.6))
    for cx in (0.15, 0.85):
        p.poly(arcpts(cx, 0.58, 0.14, 0.08, 0, 180, 14), c[1])


@motif("retort")
def retort(p: Pen, c: Pal):
    glass = mix(c[2], WHITE, 0.3)
    flame(p, 0.36, 0.97, 0.16, 0.07, c[3], lt(c[3], 0.6))
    p.bar((0.14, 0.82), (0.58, 0.82), 0.035, STEEL, round_ends=True)
    neck = spline([(0.36, 0.44), (0.44, 0.24), (0.6, 0.16), (0.78, 0.28), (0.95, 0.52)], 6)
    p.poly(taper(neck, 0.13, 0.035), glass)
    p.circle(0.36, 0.56, 0.23, glass)
    p.poly(arcpts(0.36, 0.56, 0.215, 0.215, 12, 168, 20), c[1], line=False)
    p.detail(arcpts(0.36, 0.56, 0.215, 0.04, 168, 372, 2), 0.015, lt(c[1], 0.4))
    for x, y, r in ((0.3, 0.66, 0.03), (0.42, 0.72, 0.022), (0.4, 0.6, 0.018), (0.34, 0.5, 0.02)):
        p.circle(x, y, r, lt(c[1], 0.5), line=False)
    p.arc(0.36, 0.56, 0.16, 200, 250, 0.03, WHITE, line=False)
    p.ellipse(0.95, 0.6, 0.025, 0.035, c[1])


@motif("ingot_tongs")
def ingot_tongs(p: Pen, c: Pal):
    p.glow(0.68, 0.3, 0.26, c[2], 0.6)
    p.poly([(0.46, 0.4), (0.9, 0.4), (0.96, 0.28), (0.54, 0.28)], c[2])
    p.poly([(0.54, 0.28), (0.96, 0.28), (0.86, 0.18), (0.62, 0.18)], c[3])
    p.poly([(0.46, 0.4), (0.54, 0.28), (0.62, 0.18), (0.56, 0.28)], c[0], line=False)
    p.poly([(0.9, 0.4), (0.96, 0.28), (0.93, 0.36)], c[0], line=False)
    p.stroke([(0.06, 0.86), (0.4, 0.56), (0.58, 0.16), (0.66, 0.16)], 0.05, c[1])
    p.stroke([(0.2, 0.96), (0.42, 0.58), (0.7, 0.44), (0.76, 0.4)], 0.05, c[1])
    p.circle(0.41, 0.57, 0.04, c[0])


@motif("falling_apple")
def falling_apple(p: Pen, c: Pal):
    p.stroke(spline([(0.0, 0.14), (0.3, 0.1), (0.6, 0.16), (0.92, 0.06)], 6), 0.05, c[3])
    for a, b in (((0.16, 0.12), (0.08, 0.28)), ((0.36, 0.12), (0.3, 0.02)), ((0.66, 0.15), (0.76, 0.3)),
                 ((0.82, 0.1), (0.96, 0.2))):
        p.poly(leaf(a, b, 0.35), c[2])
    for x in (0.3, 0.62):
        p.detail(spline([(x, 0.24), (x - 0.02, 0.34), (x, 0.44)], 4), 0.015, c[0])
    apple = spline([(0.46, 0.4), (0.57, 0.35), (0.66, 0.43), (0.66, 0.58), (0.57, 0.7), (0.46, 0.67), (0.36, 0.7),
                    (0.26, 0.58), (0.26, 0.43), (0.35, 0.35)], 5, closed=True)
    p.poly(apple, c[1])
    p.poly(leaf((0.3, 0.46), (0.36, 0.6), 0.3), lt(c[1], 0.4), line=False)
    p.detail([(0.46, 0.4), (0.48, 0.3)], 0.02, c[3])
    p.poly(leaf((0.48, 0.33), (0.6, 0.28), 0.45), c[2])
    for y in (0.76, 0.82):
        p.dot(0.46, y, 0.018, dk(c[0], 0.8))
    arrow(p, [(0.46, 0.86), (0.46, 0.98)], 0.03, c[0], head=1.6)


@motif("dome")
def dome(p: Pen, c: Pal):
    p.rect(0.08, 0.8, 0.92, 0.95, c[3])
    p.rect(0.16, 0.58, 0.84, 0.8, c[2])
    for k in range(6):
        p.circle(0.24 + k * 0.104, 0.69, 0.032, dk(c[3], 0.8))
    p.poly(arcpts(0.5, 0.6, 0.33, 0.38, 180, 360, 28), c[1])
    for dx in (-0.22, -0.11, 0.0, 0.11, 0.22):
        rib = [(0.5 + dx * math.cos(t), 0.6 - 0.38 * math.sin(t)) for t in np.linspace(0, math.pi / 2, 10)]
        p.detail(rib, 0.022, c[2])
    p.rect(0.14, 0.56, 0.86, 0.6, c[2])
    p.rect(0.44, 0.12, 0.56, 0.24, c[2])
    p.poly(arcpts(0.5, 0.12, 0.07, 0.06, 180, 360, 10), c[1])
    p.circle(0.5, 0.05, 0.025, c[2])


# --- technology: industrial --------------------------------------------------------

@motif("microscope")
def microscope(p: Pen, c: Pal):
    p.poly([(0.2, 0.86), (0.8, 0.86), (0.86, 0.95), (0.14, 0.95)], c[3])
    p.rect(0.56, 0.6, 0.66, 0.87, c[1])
    p.stroke(spline([(0.62, 0.66), (0.78, 0.46), (0.7, 0.26), (0.56, 0.2)], 6), 0.08, c[1])
    p.rect(0.22, 0.6, 0.72, 0.66, c[3], r=0.01)
    p.rect(0.32, 0.57, 0.54, 0.6, lt(c[2], 0.5))
    tube = [(0.4, 0.5), (0.6, 0.1)]
    p.poly(taper(tube, 0.13, 0.11), c[1])
    p.poly(taper([(0.39, 0.5), (0.37, 0.56)], 0.08, 0.05), c[3])
    p.poly(taper([(0.61, 0.09), (0.63, 0.03)], 0.12, 0.12), c[2])
    p.detail([(0.44, 0.36), (0.52, 0.4)], 0.02, dk(c[1], 0.6))
    p.circle(0.76, 0.44, 0.055, c[2])
    p.circle(0.76, 0.44, 0.02, c[3], line=False)


@motif("battle_map")
def battle_map(p: Pen, c: Pal):
    p.rect(0.08, 0.14, 0.92, 0.76, c[0])
    for y in (0.14, 0.76):
        p.rect(0.05, y - 0.035, 0.95, y + 0.035, dk(c[0], 0.8), r=0.03)
    p.detail(spline([(0.12, 0.5), (0.3, 0.44), (0.5, 0.56), (0.7, 0.48), (0.88, 0.6)], 5), 0.02,
             mix(c[0], c[2], 0.4))
    arrow(p, spline([(0.18, 0.68), (0.26, 0.42), (0.5, 0.3)], 6), 0.055, c[1])
    arrow(p, spline([(0.86, 0.6), (0.76, 0.66), (0.6, 0.58)], 6), 0.055, c[2])
    for x, y, col in ((0.62, 0.28, c[1]), (0.38, 0.56, c[2])):
        p.detail([(x, y), (x, y - 0.14)], 0.015, INK)
        p.poly([(x, y - 0.14), (x + 0.09, y - 0.11), (x, y - 0.08)], col)
    tube = [(0.1, 0.94), (0.86, 0.8)]
    p.poly(taper(tube, 0.07, 0.1), c[3])
    for t in (0.35, 0.65):
        q = (0.1 + 0.76 * t, 0.94 - 0.14 * t)
        p.detail([(q[0] - 0.008, q[1] - 0.045), (q[0] + 0.008, q[1] + 0.045)], 0.018, dk(c[3], 0.6))


@motif("seedling")
def seedling(p: Pen, c: Pal):
    p.poly(lathe(0.76, [(0.44, 0.14), (0.5, 0.15), (0.7, 0.19), (0.92, 0.17)], 4), c[3])
    p.ellipse(0.76, 0.45, 0.14, 0.05, dk(c[3], 0.7))
    for x, y in ((0.72, 0.44), (0.78, 0.45), (0.8, 0.42), (0.74, 0.41), (0.9, 0.95), (0.95, 0.9)):
        p.circle(x, y, 0.02, lt(c[3], 0.6))
    p.poly(arcpts(0.38, 0.92, 0.36, 0.22, 180, 360, 20), c[0])
    for x, y in ((0.2, 0.86), (0.32, 0.8), (0.46, 0.84), (0.56, 0.88), (0.28, 0.9)):
        p.dot(x, y, 0.015, lt(c[0], 0.3))
    p.stroke(spline([(0.38, 0.74), (0.36, 0.56), (0.4, 0.38)], 5), 0.045, c[1])
    p.poly(leaf((0.38, 0.46), (0.06, 0.3), 0.42, bend=0.05), c[2])
    p.poly(leaf((0.39, 0.42), (0.72, 0.2), 0.42, bend=-0.05), c[2])
    p.poly(leaf((0.4, 0.4), (0.42, 0.16), 0.4), lt(c[2], 0.2))
    p.detail([(0.38, 0.46), (0.12, 0.32)], 0.012, c[1])
    p.detail([(0.39, 0.42), (0.68, 0.22)], 0.012, c[1])


@motif("rifle")
def rifle(p: Pen, c: Pal):
    at = dict(cx=0.52, cy=0.6, deg=-34, s=1.12)
    stock = [(-0.5, 0.02), (-0.48, -0.06), (-0.22, -0.04), (-0.1, -0.045), (-0.06, 0.02), (-0.14, 0.06),
             (-0.24, 0.04), (-0.48, 0.13)]
    p.poly(place([(-0.12, -0.065), (0.52, -0.065), (0.52, -0.03), (-0.12, -0.03)], **at), c[2])
    p.poly(place([(-0.08, -0.04), (0.3, -0.04), (0.3, 0.0), (-0.08, 0.01)], **at), c[3])
    p.poly(place(stock, **at), c[0])
    p.poly(place([(-0.16, -0.075), (-0.04, -0.075), (-0.04, -0.02), (-0.16, -0.02)], **at), c[1])
    p.detail(place(arcpts(-0.1, 0.02, 0.035, 0.035, 0, 180, 8), **at), 0.012, c[1])
    for x in (0.1, 0.26):
        p.detail(place([(x, -0.07), (x, 0.005)], **at), 0.015, c[1])
    mz = (0.22, 0.24)                                         # cut-away muzzle: spiral rifling grooves
    p.circle(mz[0], mz[1], 0.17, c[1])
    p.circle(mz[0], mz[1], 0.11, dk(c[1], 0.5))
    for k in range(6):
        groove = [(mz[0] + r * math.cos(math.radians(k * 60 + r * 500)),
                   mz[1] + r * math.sin(math.radians(k * 60 + r * 500))) for r in np.linspace(0.04, 0.14, 6)]
        p.detail(groove, 0.018, c[2])


@motif("trowel_brush")
def trowel_brush(p: Pen, c: Pal):
    p.poly(lathe(0.34, [(0.36, 0.09), (0.42, 0.14), (0.6, 0.24), (0.9, 0.16)], 5), c[1])
    p.ellipse(0.34, 0.36, 0.09, 0.03, dk(c[1], 0.6))
    p.detail([(0.44, 0.4), (0.4, 0.5), (0.46, 0.56), (0.42, 0.66)], 0.02, INK)
    p.poly(spline([(0.02, 0.7), (0.3, 0.74), (0.6, 0.68), (0.98, 0.72)], 5) + [(0.98, 0.96), (0.02, 0.96)], c[0])
    for y, col in ((0.8, c[3]), (0.88, dk(c[0], 0.8))):
        p.detail(spline([(0.04, y), (0.4, y + 0.02), (0.96, y - 0.01)], 5), 0.025, col)
    p.bar((0.6, 0.06), (0.68, 0.3), 0.05, dk(c[3], 0.6))       # brush handle, bristles
    p.poly([(0.64, 0.3), (0.74, 0.27), (0.8, 0.44), (0.64, 0.49)], c[3])
    p.poly(leaf((0.76, 0.84), (0.84, 0.52), 0.6), c[2])        # trowel blade in the soil, handle up
    p.bar((0.84, 0.54), (0.9, 0.42), 0.025, dk(c[2], 0.7))
    p.bar((0.9, 0.42), (0.96, 0.2), 0.06, c[0], round_ends=True)


@motif("dna_helix")
def dna_helix(p: Pen, c: Pal):
    ys = np.linspace(0.03, 0.97, 61)
    phase = (ys - 0.03) / 0.94 * 3 * math.pi
    xa = 0.5 + 0.26 * np.sin(phase)
    xb = 0.5 - 0.26 * np.sin(phase)
    front = np.cos(phase) > 0                                # strand A in front where cos > 0
    for i in range(2, 59, 4):                                 # rungs
        p.detail([(xa[i], ys[i]), (xb[i], ys[i])], 0.035, c[2])

    def runs(mask):
        out, cur = [], []
        for i, m in enumerate(mask):
            if m:
                cur.append(i)
            elif cur:
                out.append(cur)
                cur = []
        if cur:
            out.append(cur)
        return out

    for xs, col, mask in ((xa, c[0], ~front), (xb, c[1], front), (xa, c[0], front), (xb, c[1], ~front)):
        for run in runs(mask):
            idx = list(range(max(run[0] - 1, 0), min(run[-1] + 2, 61)))
            p.stroke([(xs[i], ys[i]) for i in idx], 0.08, col)


@motif("steam_engine")
def steam_engine(p: Pen, c: Pal):
    p.cloud([(0.14, 0.3, 0.09), (0.24, 0.2, 0.1), (0.1, 0.16, 0.07), (0.32, 0.3, 0.07), (0.36, 0.12, 0.06)], c[3])
    p.rect(0.04, 0.82, 0.96, 0.92, dk(c[2], 0.7))
    fw = (0.7, 0.52)
    for k in range(6):
        a = math.radians(k * 60 + 15)
        p.bar(fw, (fw[0] + 0.24 * math.cos(a), fw[1] + 0.24 * math.sin(a)), 0.05, c[0])
    p.arc(fw[0], fw[1], 0.26, 0, 360, 0.07, c[0])
    p.circle(fw[0], fw[1], 0.07, c[1])
    pin = (fw[0] - 0.14, fw[1] + 0.04)
    p.bar((0.4, 0.58), (0.52, 0.58), 0.035, c[1])
    p.bar((0.52, 0.58), pin, 0.04, c[1], round_ends=True)
    p.circle(pin[0], pin[1], 0.025, c[2])
    p.rect(0.22, 0.66, 0.3, 0.82, c[2])
    p.rect(0.06, 0.46, 0.4, 0.68, c[2], r=0.02)
    for x in (0.06, 0.36):
        p.rect(x - 0.01, 0.43, x + 0.05, 0.71, dk(c[2], 0.8))
    p.detail([(0.12, 0.5), (0.3, 0.5)], 0.02, lt(c[2], 0.5))
    p.rect(0.18, 0.36, 0.24, 0.46, c[1])


@motif("dynamite_sticks")
def dynamite_sticks(p: Pen, c: Pal):
    p.glow(0.72, 0.1, 0.16, c[3], 0.7)
    for x, top in ((0.29, 0.38), (0.71, 0.38), (0.5, 0.32)):
        p.rect(x - 0.11, top, x + 0.11, 0.93, c[1], r=0.03)
        p.rect(x + 0.04, top + 0.03, x + 0.1, 0.92, c[0], line=False)
        p.rect(x - 0.08, top + 0.03, x - 0.05, 0.9, lt(c[1], 0.35), line=False)
        p.ellipse(x, top + 0.01, 0.1, 0.03, dk(c[1], 0.7), line=False)
    for y in (0.5, 0.8):
        p.rect(0.16, y, 0.84, y + 0.05, c[2])
    p.stroke(spline([(0.5, 0.33), (0.52, 0.2), (0.62, 0.16), (0.7, 0.1)], 5), 0.025, dk(c[2], 0.6))
    p.star(0.72, 0.09, 0.1, 0.04, 8, c[3])
    p.star(0.72, 0.09, 0.05, 0.02, 8, lt(c[3], 0.6), line=False)


@motif("locomotive")
def locomotive(p: Pen, c: Pal):
    body = lt(c[0], 0.12)
    p.cloud([(0.66, 0.1, 0.08), (0.78, 0.14, 0.1), (0.9, 0.08, 0.07), (0.58, 0.04, 0.06)], c[3])
    p.rect(0.16, 0.2, 0.84, 0.66, body, r=0.03)
    for x in (0.2, 0.7):
        p.rect(x, 0.26, x + 0.1, 0.38, lt(c[3], 0.2))
    p.poly([(0.36, 0.04), (0.64, 0.04), (0.57, 0.3), (0.43, 0.3)], body)
    p.rect(0.34, 0.02, 0.66, 0.07, c[2])
    p.circle(0.5, 0.5, 0.22, body)
    p.circle(0.5, 0.52, 0.15, dk(c[3], 0.6))
    p.circle(0.5, 0.52, 0.04, c[2])
    p.circle(0.5, 0.32, 0.065, c[2])
    p.circle(0.5, 0.32, 0.035, lt(c[2], 0.7), line=False)
    for x in (0.18, 0.72):
        p.rect(x, 0.7, x + 0.1, 0.84, body)
    p.rect(0.12, 0.66, 0.88, 0.74, c[1])
    p.poly([(0.18, 0.74), (0.82, 0.74), (0.64, 0.96), (0.36, 0.96)], c[1])
    for x in (0.3, 0.4, 0.5, 0.6, 0.7):
        p.detail([(x, 0.76), (0.5 + (x - 0.5) * 0.55, 0.94)], 0.02, dk(c[1], 0.6))


@motif("lightning_bolt")
def lightning_bolt(p: Pen, c: Pal):
    p.circle(0.5, 0.5, 0.44, c[0])
    for x, y in ((0.24, 0.22), (0.8, 0.7), (0.2, 0.7), (0.8, 0.24)):
        spark(p, x, y, 0.04, c[2])
    for end, tip in (((0.72, 0.02), (0.64, 0.12)), ((0.28, 0.98), (0.38, 0.88))):
        p.bar(end, tip, 0.05, dk(c[3], 0.8))
        p.circle(tip[0], tip[1], 0.07, c[3])
    bolt = [(0.6, 0.14), (0.3, 0.54), (0.48, 0.54), (0.38, 0.86), (0.72, 0.42), (0.54, 0.42), (0.66, 0.14)]
    p.poly(bolt, c[1])
    p.poly([(0.6, 0.2), (0.4, 0.5), (0.5, 0.5)], c[2], line=False)


# --- technology: modern ------------------------------------------------------------

@motif("snowflake")
def snowflake(p: Pen, c: Pal):
    p.poly(obox(0.68, 0.7, 0.38, 0.38, 12), mix(c[1], WHITE, 0.25))
    p.poly(place([(-0.17, -0.17), (0.17, -0.17), (0.12, -0.1), (-0.12, -0.1)], 0.68, 0.7, 12), c[2], line=False)
    p.detail(place([(-0.12, 0.02), (-0.05, -0.07)], 0.68, 0.7, 12), 0.025, WHITE)
    cx, cy, r = 0.44, 0.44, 0.38
    paths = []
    for k in range(6):
        a = math.radians(k * 60 - 90)
        d = (math.cos(a), math.sin(a))
        paths.append([(cx, cy), (cx + d[0] * r, cy + d[1] * r)])
        for t, L in ((0.5, 0.14), (0.78, 0.09)):
            q = (cx + d[0] * r * t, cy + d[1] * r * t)
            for side in (-1, 1):
                b = a + side * math.radians(50)
                paths.append([q, (q[0] + L * math.cos(b), q[1] + L * math.sin(b))])
    p.strokes(paths, 0.05, c[3])
    p.poly(regular(cx, cy, 0.07, 6), c[2])


@motif("telegraph_key")
def telegraph_key(p: Pen, c: Pal):
    x = 0.1
    for mark in ".-..-":
        if mark == ".":
            p.circle(x + 0.035, 0.14, 0.035, c[3], line=False)
            x += 0.12
        else:
            p.rect(x, 0.115, x + 0.14, 0.165, c[3], r=0.02, line=False)
            x += 0.2
    p.stroke(spline([(0.16, 0.68), (0.06, 0.8), (0.12, 0.92), (0.22, 0.86), (0.14, 0.78), (0.04, 0.9)], 5), 0.025,
             c[1])
    p.rect(0.06, 0.66, 0.94, 0.84, c[0], r=0.02)
    p.rect(0.06, 0.66, 0.94, 0.7, lt(c[0], 0.3), r=0.01, line=False)
    p.rect(0.24, 0.5, 0.36, 0.66, c[1])
    p.rect(0.64, 0.58, 0.7, 0.66, c[2])
    p.detail([(0.5, 0.5), (0.47, 0.54), (0.53, 0.57), (0.47, 0.6), (0.53, 0.63), (0.5, 0.66)], 0.015, c[2])
    p.bar((0.26, 0.5), (0.8, 0.45), 0.05, c[1], round_ends=True)
    p.circle(0.3, 0.5, 0.03, c[2])
    p.ellipse(0.82, 0.42, 0.1, 0.06, c[3])
    p.ellipse(0.8, 0.4, 0.04, 0.02, lt(c[3], 0.4), line=False)


@motif("radio_tower")
def radio_tower(p: Pen, c: Pal):
    p.glow(0.5, 0.12, 0.14, c[2], 0.7)
    for r in (0.14, 0.24, 0.34):
        p.arc(0.5, 0.14, r, -40, 30, 0.035, c[3])
        p.arc(0.5, 0.14, r, 150, 220, 0.035, c[3])

    def leg(y, s):
        return (0.5 + s * 0.27 * (y - 0.18) / 0.76, y)
    levels = [0.9, 0.74, 0.6, 0.48, 0.38, 0.3]
    for k, (y0, y1) in enumerate(zip(levels, levels[1:])):
        s = 1 if k % 2 else -1
        p.detail([leg(y0, s), leg(y1, -s)], 0.02, c[0])
        p.detail([leg(y1, -1), leg(y1, 1)], 0.02, c[0])
    for s in (-1, 1):
        p.bar(leg(0.18, s), leg(0.95, s), 0.045, c[1])
    p.bar((0.5, 0.06), (0.5, 0.2), 0.03, c[1])
    p.circle(0.5, 0.1, 0.05, c[2])


@motif("wrench_bolt")
def wrench_bolt(p: Pen, c: Pal):
    p.bar((0.22, 0.22), (0.8, 0.8), 0.1, c[1])
    for t in np.linspace(0.45, 0.75, 7):
        q = (0.22 + 0.58 * t, 0.22 + 0.58 * t)
        p.detail([(q[0] + 0.035, q[1] - 0.035), (q[0] - 0.02, q[1] + 0.05)], 0.012, dk(c[1], 0.6))
    p.poly(regular(0.2, 0.2, 0.15, 6, 15), c[2])
    p.poly(regular(0.2, 0.2, 0.09, 6, 15), lt(c[2], 0.35), line=False)
    p.poly(regular(0.56, 0.56, 0.14, 6, 15), c[2])
    p.circle(0.56, 0.56, 0.05, dk(c[1], 0.7))
    p.bar((0.16, 0.88), (0.68, 0.36), 0.1, c[1], round_ends=True)
    p.bar((0.16, 0.88), (0.34, 0.7), 0.12, c[3], round_ends=True)
    head = (0.76, 0.28)
    p.circle(head[0], head[1], 0.15, c[1])
    d = _dir((0.16, 0.88), head)
    jaw = obox(*_along(head, d, 0.09), 0.2, 0.1, math.degrees(math.atan2(d[1], d[0])))
    p.erase(jaw)
    p.poly(jaw[1:3] + jaw[3:] + jaw[:1], None)


@motif("biplane")
def biplane(p: Pen, c: Pal):
    p.cloud([(0.2, 0.86, 0.06), (0.3, 0.83, 0.08), (0.4, 0.87, 0.05)], c[3])
    for x in (0.36, 0.7):                                     # interplane struts
        p.bar((x, 0.28), (x + 0.03, 0.62), 0.025, c[0])
    p.rect(0.2, 0.22, 0.84, 0.29, c[1], r=0.035)
    p.poly([(0.46, 0.28), (0.52, 0.28), (0.56, 0.42), (0.5, 0.42)], c[0])
    fus = [(0.04, 0.4), (0.22, 0.42), (0.6, 0.38), (0.8, 0.41), (0.82, 0.56), (0.6, 0.58), (0.22, 0.5), (0.04, 0.46)]
    p.poly(fus, c[1])
    p.poly([(0.04, 0.42), (0.05, 0.24), (0.14, 0.26), (0.22, 0.43)], c[2])
    p.poly([(0.36, 0.46), (0.8, 0.46), (0.8, 0.5), (0.36, 0.51)], c[2], line=False)
    p.circle(0.58, 0.37, 0.04, dk(c[0], 0.9))
    for x in (0.5, 0.62):
        p.bar((x, 0.6), (0.56, 0.78), 0.02, c[0])
    p.circle(0.56, 0.8, 0.055, INK)
    p.rect(0.26, 0.6, 0.84, 0.66, c[1], r=0.03)
    p.ellipse(0.86, 0.49, 0.025, 0.24, c[0])
    p.circle(0.84, 0.49, 0.035, c[2])


@motif("piston")
def piston(p: Pen, c: Pal):
    p.star(0.5, 0.28, 0.17, 0.08, 9, c[2])
    p.star(0.5, 0.28, 0.09, 0.045, 9, c[3], line=False)
    p.rect(0.31, 0.4, 0.69, 0.6, c[1])
    for y in (0.44, 0.48):
        p.detail([(0.31, y), (0.69, y)], 0.015, dk(c[1], 0.6))
    p.bar((0.5, 0.52), (0.6, 0.86), 0.1, dk(c[1], 0.85), round_ends=True)
    p.circle(0.5, 0.52, 0.04, c[0])
    for x0 in (0.2, 0.7):
        p.rect(x0, 0.1, x0 + 0.1, 0.7, c[0])
        for y in np.arange(0.16, 0.68, 0.08):
            p.detail([(x0 + 0.01, y + 0.05), (x0 + 0.09, y - 0.02)], 0.012, lt(c[0], 0.25))
    p.rect(0.2, 0.04, 0.8, 0.12, c[0])
    p.rect(0.46, 0.0, 0.54, 0.05, c[1])
    p.circle(0.6, 0.86, 0.09, c[0])
    p.circle(0.6, 0.86, 0.03, c[1])


# --- technology: atomic ------------------------------------------------------------

@motif("plastic_bottle")
def plastic_bottle(p: Pen, c: Pal):
    p.poly(lathe(0.38, [(0.13, 0.07), (0.2, 0.07), (0.3, 0.17), (0.42, 0.19), (0.6, 0.16), (0.78, 0.19),
                        (0.94, 0.18)], 5), c[0])
    p.rect(0.3, 0.03, 0.46, 0.14, c[1], r=0.02)
    for x in (0.34, 0.38, 0.42):
        p.detail([(x, 0.05), (x, 0.12)], 0.012, dk(c[1], 0.7))
    p.rect(0.21, 0.46, 0.55, 0.64, c[3])
    p.rect(0.26, 0.52, 0.5, 0.58, c[2], line=False)
    p.detail([(0.26, 0.3), (0.25, 0.42)], 0.03, lt(c[0], 0.6))
    p.detail([(0.25, 0.7), (0.26, 0.86)], 0.03, lt(c[0], 0.6))
    block(p, 0.6, 0.72, 0.24, 0.2, 0.1, c[2])
    for x in (0.68, 0.8):
        p.ellipse(x, 0.67, 0.04, 0.018, lt(c[2], 0.4))


@motif("vacuum_tube")
def vacuum_tube(p: Pen, c: Pal):
    p.glow(0.5, 0.46, 0.3, c[2], 0.7)
    glass = mix(c[3], WHITE, 0.55)
    p.poly(lathe(0.5, [(0.04, 0.02), (0.08, 0.14), (0.18, 0.22), (0.5, 0.24), (0.76, 0.22)], 5), glass)
    p.rect(0.36, 0.3, 0.64, 0.64, c[1])
    p.rect(0.44, 0.3, 0.56, 0.64, dk(c[0], 1.4), line=False)
    p.detail([(0.5, 0.3), (0.45, 0.36), (0.55, 0.42), (0.45, 0.48), (0.55, 0.54), (0.45, 0.6), (0.5, 0.64)], 0.025,
             c[3])
    p.detail([(0.36, 0.3), (0.36, 0.64)], 0.01, c[2])
    p.rect(0.4, 0.14, 0.6, 0.18, c[1])
    p.detail([(0.34, 0.2), (0.33, 0.5)], 0.025, WHITE)
    for x in (0.38, 0.46, 0.54, 0.62):
        p.bar((x, 0.84), (x, 0.97), 0.025, c[1])
    p.rect(0.28, 0.72, 0.72, 0.86, c[0], r=0.02)


@motif("artillery_shell")
def artillery_shell(p: Pen, c: Pal):
    for a in np.linspace(195, 330, 12):
        x, y = arcpts(0.5, 0.95, 0.46, 0.8, a, a, 1)[0]
        p.dot(x, y, 0.018, c[2])
    p.rect(0.36, 0.5, 0.64, 0.9, c[1])
    p.rect(0.56, 0.5, 0.63, 0.9, c[0], line=False)
    p.rect(0.39, 0.52, 0.43, 0.88, lt(c[1], 0.4), line=False)
    p.rect(0.33, 0.88, 0.67, 0.94, c[0])
    tip = [(0.36, 0.46)] + bez((0.36, 0.2), (0.5, 0.06), n=10) + bez((0.5, 0.06), (0.64, 0.2), (0.64, 0.46), n=10)
    p.poly(tip, c[3])
    p.poly([(0.5, 0.07)] + bez((0.5, 0.07), (0.63, 0.2), (0.63, 0.46), n=10)[1:] + [(0.55, 0.46)], c[2], line=False)
    p.poly(tip, None)
    p.rect(0.35, 0.44, 0.65, 0.5, mix(c[0], rgb("#c06030"), 0.5))


@motif("petri_dish")
def petri_dish(p: Pen, c: Pal):
    p.ellipse(0.46, 0.62, 0.43, 0.3, c[0])
    p.poly(arcpts(0.46, 0.64, 0.43, 0.3, 0, 180, 24) + arcpts(0.46, 0.62, 0.43, 0.3, 180, 0, 24), dk(c[0], 0.85))
    p.ellipse(0.46, 0.6, 0.37, 0.24, lt(c[2], 0.35))
    for x, y, r in ((0.32, 0.56, 0.08), (0.56, 0.68, 0.06), (0.6, 0.48, 0.05), (0.4, 0.72, 0.035)):
        p.ellipse(x, y, r + 0.04, (r + 0.04) * 0.7, c[3], line=False)
        p.ellipse(x, y, r, r * 0.72, c[1])
        p.dot(x - r * 0.3, y - r * 0.2, r * 0.25, lt(c[1], 0.4))
    p.bar((0.56, 0.32), (0.84, 0.1), 0.05, mix(c[0], WHITE, 0.3))
    p.poly(capsule((0.82, 0.11), (0.93, 0.03), 0.1), c[1])
    p.ellipse(0.53, 0.37, 0.02, 0.028, c[1])


@motif("atom")
def atom(p: Pen, c: Pal):
    p.glow(0.5, 0.5, 0.22, c[2], 0.8)
    orbits = [place(arcpts(0, 0, 0.46, 0.16, 0, 360, 48), 0.5, 0.5, deg) for deg in (0, 60, 120)]
    for orbit in orbits:
        p.stroke(orbit, 0.035, c[1])
    for orbit, k in zip(orbits, (8, 30, 18)):
        p.circle(orbit[k][0], orbit[k][1], 0.05, c[3])
    for x, y, col in ((0.46, 0.47, c[1]), (0.54, 0.47, c[2]), (0.5, 0.54, c[1]), (0.5, 0.45, c[2])):
        p.circle(x, y, 0.055, col)


@motif("radar_dish")
def radar_dish(p: Pen, c: Pal):
    sc = (0.62, 0.58)
    p.circle(sc[0], sc[1], 0.35, c[3])
    p.poly([sc] + arcpts(sc[0], sc[1], 0.32, 0.32, 290, 340, 10), mix(c[2], c[3], 0.55), line=False)
    for r in (0.1, 0.2, 0.3):
        p.arc(sc[0], sc[1], r, 0, 360, 0.01, mix(c[2], c[3], 0.4), line=False)
    p.detail([sc, arcpts(sc[0], sc[1], 0.32, 0.32, 340, 340, 1)[0]], 0.02, c[2])
    for x, y in ((0.78, 0.5), (0.7, 0.76), (0.54, 0.4)):
        p.dot(x, y, 0.022, c[2])
    p.poly([(0.16, 0.92), (0.4, 0.92), (0.36, 0.86), (0.2, 0.86)], c[0])
    p.bar((0.28, 0.88), (0.3, 0.5), 0.05, c[0])
    bowl = arcpts(0, 0, 0.25, 0.12, 0, 180, 18)
    p.poly(place(bowl, 0.3, 0.4, 35), c[1])
    p.poly(place(arcpts(0, 0, 0.25, 0.05, 0, 180, 12) + arcpts(0, 0, 0.25, 0.05, 180, 360, 12), 0.3, 0.4, 35),
           lt(c[1], 0.35))
    feed = place([(0, 0), (0, -0.18)], 0.3, 0.4, 35)
    p.bar(feed[0], feed[1], 0.02, c[0])
    p.circle(feed[1][0], feed[1][1], 0.03, c[1])


@motif("tank_plane")
def tank_plane(p: Pen, c: Pal):
    jet = [(0.24, 0.0), (0.14, -0.035), (0.04, -0.04), (-0.08, -0.24), (-0.14, -0.24), (-0.08, -0.04), (-0.2, -0.03),
           (-0.26, -0.12), (-0.3, -0.12), (-0.28, 0.0)]
    p.poly(place(jet + [(x, -y) for x, y in reversed(jet[1:-1])], 0.6, 0.24, -12, 1.1), c[1])
    p.rect(0.06, 0.74, 0.88, 0.92, c[2], r=0.08)
    for x in (0.17, 0.32, 0.47, 0.62, 0.77):
        p.circle(x, 0.83, 0.055, c[1])
        p.dot(x, 0.83, 0.02, c[2])
    p.poly([(0.08, 0.74), (0.14, 0.62), (0.84, 0.62), (0.9, 0.74)], c[0])
    p.bar((0.56, 0.55), (0.97, 0.52), 0.045, c[0])
    p.poly(arcpts(0.44, 0.63, 0.2, 0.15, 180, 360, 18), lt(c[0], 0.1))
    p.star(0.42, 0.56, 0.045, 0.02, 5, c[3], line=False)


# --- technology: information -------------------------------------------------------

@motif("rocket")
def rocket(p: Pen, c: Pal):
    p.cloud([(0.22, 0.9, 0.09), (0.34, 0.94, 0.08), (0.66, 0.94, 0.08), (0.78, 0.9, 0.09), (0.12, 0.82, 0.06),
             (0.88, 0.82, 0.06)], c[3])
    p.poly(spline([(0.42, 0.72), (0.36, 0.84), (0.5, 1.0), (0.64, 0.84), (0.58, 0.72)], 5), c[2])
    p.poly(leaf((0.5, 0.72), (0.5, 0.92), 0.4), lt(c[2], 0.6), line=False)
    for s in (-1, 1):
        p.poly([(0.5 + s * 0.1, 0.5), (0.5 + s * 0.24, 0.7), (0.5 + s * 0.24, 0.8), (0.5 + s * 0.1, 0.72)], c[1])
    p.poly([(0.42, 0.7), (0.58, 0.7), (0.6, 0.76), (0.4, 0.76)], dk(c[0], 0.6))
    body = lathe(0.5, [(0.02, 0.0), (0.1, 0.07), (0.26, 0.12), (0.5, 0.12), (0.72, 0.1)], 5)
    p.poly(body, c[3])
    p.poly([q for q in body if q[1] <= 0.2] , c[1], line=False)
    p.poly(body, None)
    p.bar((0.5, 0.3), (0.5, 0.7), 0.03, c[1], line=False)
    p.circle(0.5, 0.36, 0.055, c[0])
    p.circle(0.5, 0.36, 0.035, rgb("#3a6ab0"), line=False)


@motif("computer_monitor")
def computer_monitor(p: Pen, c: Pal):
    p.rect(0.12, 0.04, 0.88, 0.64, c[0], r=0.04)
    p.rect(0.2, 0.1, 0.8, 0.54, c[2], r=0.03)
    for k, L in enumerate((0.44, 0.3, 0.38, 0.2)):
        p.detail([(0.26, 0.18 + k * 0.08), (0.26 + L, 0.18 + k * 0.08)], 0.03, c[3])
    p.rect(0.48, 0.41, 0.53, 0.45, c[3], line=False)
    p.rect(0.66, 0.58, 0.8, 0.61, c[1], line=False)
    p.poly([(0.4, 0.64), (0.6, 0.64), (0.64, 0.72), (0.36, 0.72)], c[1])
    p.poly([(0.12, 0.76), (0.88, 0.76), (0.96, 0.95), (0.04, 0.95)], c[0])
    for k in range(3):
        y = 0.81 + k * 0.045
        p.detail([(0.12 - k * 0.02, y), (0.88 + k * 0.02, y)], 0.012, c[1])
    for k in range(1, 9):
        x = 0.12 + k * 0.085
        p.detail([(x, 0.78), (0.5 + (x - 0.5) * 1.15, 0.93)], 0.012, c[1])


@motif("radiation_trefoil")
def radiation_trefoil(p: Pen, c: Pal):
    p.circle(0.5, 0.5, 0.46, c[1])
    for a in (-90, 30, 150):
        p.poly(arcpts(0.5, 0.5, 0.4, 0.4, a - 30, a + 30, 12) + arcpts(0.5, 0.5, 0.15, 0.15, a + 30, a - 30, 8), c[0],
               line=False)
    p.circle(0.5, 0.5, 0.11, c[0], line=False)
    for a in (-30, 90, 210):                                 # the nucleus bursting apart
        x, y = 0.5 + 0.05 * math.cos(math.radians(a)), 0.5 + 0.05 * math.sin(math.radians(a))
        p.circle(x, y, 0.04, c[2], line=False)
        p.dot(0.5 + 0.16 * math.cos(math.radians(a)), 0.5 + 0.16 * math.sin(math.radians(a)), 0.025, c[3])


@motif("tree_globe")
def tree_globe(p: Pen, c: Pal):
    p.circle(0.5, 0.66, 0.31, c[0])
    for blob in ([(0.3, 0.56), (0.42, 0.5), (0.48, 0.62), (0.4, 0.76), (0.3, 0.7)],
                 [(0.58, 0.66), (0.72, 0.6), (0.78, 0.72), (0.66, 0.88), (0.58, 0.8)]):
        p.poly(spline(blob, 4, closed=True), c[1], line=False)
    p.arc(0.5, 0.66, 0.25, 200, 250, 0.03, lt(c[0], 0.5), line=False)
    p.poly(taper([(0.5, 0.42), (0.5, 0.24)], 0.09, 0.05), c[3])
    p.cloud([(0.5, 0.16, 0.13), (0.36, 0.22, 0.09), (0.64, 0.22, 0.09), (0.42, 0.08, 0.08), (0.58, 0.08, 0.08)],
            c[2])
    p.circle(0.44, 0.12, 0.04, lt(c[2], 0.4), line=False)


@motif("satellite")
def satellite(p: Pen, c: Pal):
    p.circle(0.5, 0.5, 0.46, c[0], line=False)
    for x, y in ((0.2, 0.3), (0.8, 0.7), (0.7, 0.16), (0.3, 0.82), (0.86, 0.36)):
        p.dot(x, y, 0.012, WHITE)
    at = dict(cx=0.5, cy=0.52, deg=-28)
    p.poly(place(segbox((-0.42, 0), (0.42, 0), 0.025), **at), c[3])
    for sx in (-1, 1):
        panel = place(obox(sx * 0.3, 0, 0.24, 0.2), **at)
        p.poly(panel, c[1])
        for gx in (-0.04, 0.04):
            p.detail(place([(sx * 0.3 + gx, -0.1), (sx * 0.3 + gx, 0.1)], **at), 0.01, lt(c[1], 0.4))
        p.detail(place([(sx * 0.3 - 0.12, 0), (sx * 0.3 + 0.12, 0)], **at), 0.01, lt(c[1], 0.4))
    p.poly(place(obox(0, 0, 0.16, 0.22), **at), c[2])
    p.detail(place([(-0.05, -0.06), (0.0, -0.02), (0.05, -0.07)], **at), 0.012, lt(c[2], 0.5))
    p.bar(place([(0, -0.11)], **at)[0], place([(0, -0.2)], **at)[0], 0.02, c[3])
    top = place([(0, -0.22)], **at)[0]
    p.ellipse(top[0], top[1], 0.07, 0.03, c[3], deg=-28)


@motif("robot_arm")
def robot_arm(p: Pen, c: Pal):
    p.poly([(0.12, 0.86), (0.52, 0.86), (0.58, 0.96), (0.06, 0.96)], c[0])
    p.rect(0.2, 0.78, 0.44, 0.86, c[2])
    p.bar((0.32, 0.76), (0.42, 0.36), 0.12, c[2])
    p.detail([(0.3, 0.7), (0.38, 0.4)], 0.02, c[3])
    p.bar((0.42, 0.36), (0.76, 0.46), 0.1, c[2])
    p.detail([(0.46, 0.34), (0.72, 0.42)], 0.02, c[3])
    p.bar((0.76, 0.46), (0.76, 0.6), 0.06, c[0])
    for joint, r in (((0.32, 0.76), 0.08), ((0.42, 0.36), 0.08), ((0.76, 0.46), 0.06)):
        p.circle(joint[0], joint[1], r, c[1])
        p.circle(joint[0], joint[1], r * 0.35, c[0], line=False)
    p.bar((0.65, 0.6), (0.87, 0.6), 0.05, c[0], round_ends=True)
    p.strokes([[(0.68, 0.6), (0.65, 0.72), (0.7, 0.8)], [(0.84, 0.6), (0.87, 0.72), (0.82, 0.8)]], 0.045, c[3])


# --- resource map symbols (drawn for ~20 px: few bold shapes) -----------------------

@motif("wheat_ear")
def wheat_ear(p: Pen, c: Pal):
    p.stroke([(0.5, 0.98), (0.5, 0.4)], 0.05, c[0])
    p.poly(leaf((0.5, 0.8), (0.16, 0.56), 0.35, bend=0.1), LEAF)
    p.poly(leaf((0.5, 0.72), (0.84, 0.5), 0.35, bend=-0.1), LEAF)
    ear(p, (0.5, 0.62), 0, 0.6, c[1], c[0], r=0.085)


@motif("rice_stalk")
def rice_stalk(p: Pen, c: Pal):
    p.poly(leaf((0.34, 0.92), (0.06, 0.42), 0.25, bend=0.1), c[0])
    p.poly(leaf((0.36, 0.86), (0.7, 0.62), 0.25, bend=-0.1), c[0])
    stalk = spline([(0.3, 0.98), (0.34, 0.56), (0.5, 0.2), (0.74, 0.16), (0.88, 0.4)], 6)
    p.stroke(stalk, 0.045, c[0])
    for k, i in enumerate(range(len(stalk) // 2, len(stalk), 2)):
        x, y = stalk[i]
        for s in (-1, 1):
            p.ellipse(x + s * 0.06, y + 0.02, 0.05, 0.075, c[1], deg=s * 30)


@motif("sheep_head")
def sheep_head(p: Pen, c: Pal):
    wool = [(0.5 + 0.3 * math.cos(math.radians(a)), 0.46 + 0.3 * math.sin(math.radians(a)), 0.15)
            for a in range(0, 360, 40)]
    p.cloud(wool + [(0.5, 0.46, 0.26)], c[0])
    for s in (-1, 1):
        p.ellipse(0.5 + s * 0.3, 0.44, 0.13, 0.055, c[1], deg=s * 20)
    p.ellipse(0.5, 0.58, 0.15, 0.24, c[1])
    p.cloud([(0.42, 0.32, 0.09), (0.58, 0.32, 0.09), (0.5, 0.28, 0.1)], c[0])
    for s in (-1, 1):
        p.dot(0.5 + s * 0.07, 0.5, 0.03, WHITE)
        p.dot(0.5 + s * 0.04, 0.74, 0.018, lt(c[1], 0.4))


@motif("antlers")
def antlers(p: Pen, c: Pal):
    left = [[(0.44, 0.5), (0.32, 0.36), (0.2, 0.2), (0.16, 0.04)], [(0.32, 0.36), (0.42, 0.2)],
            [(0.22, 0.24), (0.3, 0.08)], [(0.26, 0.42), (0.08, 0.36)]]
    p.strokes([spline(b, 4) for b in left] + [spline(mirror(b), 4) for b in left], 0.065, c[1])
    for s in (-1, 1):
        p.ellipse(0.5 + s * 0.2, 0.56, 0.1, 0.05, c[0], deg=s * 25)
    p.poly(spline([(0.5, 0.46), (0.64, 0.54), (0.6, 0.78), (0.5, 0.96), (0.4, 0.78), (0.36, 0.54)], 5, closed=True),
           c[0])
    for s in (-1, 1):
        p.dot(0.5 + s * 0.08, 0.62, 0.03, INK)
    p.ellipse(0.5, 0.9, 0.05, 0.035, INK, line=False)


@motif("fish")
def fish(p: Pen, c: Pal):
    p.poly(spline([(0.0, 0.86), (0.2, 0.78), (0.4, 0.86), (0.6, 0.78), (0.8, 0.86), (1.0, 0.8)], 4)
           + [(1.0, 0.94), (0.0, 0.94)], c[1])                 # a splash of water
    p.poly([(0.66, 0.46), (0.96, 0.2), (0.88, 0.46), (0.96, 0.72)], c[1])
    body = leaf((0.02, 0.46), (0.8, 0.46), 0.44)
    p.poly(body, c[0])
    p.poly([q for q in body if q[1] <= 0.5] + [(0.06, 0.5)], c[1], line=False)
    p.poly(body, None)
    p.poly([(0.38, 0.32), (0.52, 0.14), (0.6, 0.32)], c[1])
    p.dot(0.18, 0.42, 0.045, WHITE)
    p.dot(0.18, 0.42, 0.025, INK)


@motif("whale_tail")
def whale_tail(p: Pen, c: Pal):
    p.poly(taper([(0.5, 0.86), (0.5, 0.44)], 0.2, 0.1), c[0])
    fluke = [(0.5, 0.5), (0.36, 0.36), (0.14, 0.24), (0.04, 0.12), (0.22, 0.12), (0.42, 0.22), (0.5, 0.3), (0.58, 0.22),
             (0.78, 0.12), (0.96, 0.12), (0.86, 0.24), (0.64, 0.36)]
    p.poly(fluke, c[0])
    for x, y in ((0.1, 0.3), (0.9, 0.3), (0.12, 0.42)):
        p.ellipse(x, y, 0.025, 0.04, c[1])
    p.poly(spline([(0.02, 0.78), (0.2, 0.7), (0.36, 0.78), (0.5, 0.72), (0.64, 0.78), (0.8, 0.7), (0.98, 0.78)], 4)
           + [(0.98, 0.96), (0.02, 0.96)], c[1])


@motif("banana_bunch")
def banana_bunch(p: Pen, c: Pal):
    tips = (((0.16, 0.3), (0.12, 0.66)), ((0.3, 0.5), (0.34, 0.92)), ((0.72, 0.5), (0.68, 0.92)),
            ((0.86, 0.3), (0.9, 0.64)))
    for ctrl, tip in tips:
        centre = bez((0.5, 0.26), ctrl, tip, n=12)
        p.poly(taper(centre, 0.24, 0.08), c[0])
        p.dot(tip[0], tip[1], 0.025, dk(c[0], 0.4))
    p.bar((0.5, 0.06), (0.5, 0.3), 0.1, c[1])


HORSE_HEAD = [(0.34, 0.46), (0.3, 0.08), (0.2, -0.2), (0.14, -0.31), (0.17, -0.45), (0.07, -0.35), (0.0, -0.33),
              (-0.18, -0.17), (-0.35, 0.04), (-0.4, 0.12), (-0.37, 0.2), (-0.26, 0.23), (-0.14, 0.15), (-0.03, 0.13),
              (0.0, 0.25), (-0.04, 0.46)]


@motif("horseshoe")
def horseshoe(p: Pen, c: Pal):
    p.poly(place(HORSE_HEAD, 0.72, 0.3, 0, 0.6), c[0])           # small head behind the shoe
    p.dot(*place([(-0.08, -0.17)], 0.72, 0.3, 0, 0.6)[0], 0.03, INK)
    p.arc(0.44, 0.56, 0.3, -40, 220, 0.17, c[1])
    for a in (0, 45, 135, 180):
        p.dot(0.44 + 0.3 * math.cos(math.radians(a)), 0.56 + 0.3 * math.sin(math.radians(a)), 0.03, INK)


@motif("iron_ore")
def iron_ore(p: Pen, c: Pal):
    rock = lt(c[0], 0.15)
    p.poly([(0.1, 0.72), (0.2, 0.36), (0.46, 0.18), (0.76, 0.24), (0.92, 0.52), (0.8, 0.82), (0.44, 0.9)], rock)
    p.poly([(0.2, 0.36), (0.46, 0.18), (0.76, 0.24), (0.56, 0.42)], lt(c[0], 0.3), line=False)
    p.poly([(0.56, 0.42), (0.76, 0.24), (0.92, 0.52), (0.8, 0.82)], dk(rock, 0.8), line=False)
    for streak in ([(0.3, 0.5), (0.48, 0.46), (0.42, 0.6), (0.26, 0.62)], [(0.62, 0.58), (0.78, 0.5), (0.76, 0.66)],
                   [(0.4, 0.7), (0.56, 0.72), (0.5, 0.8)], [(0.5, 0.28), (0.62, 0.3), (0.54, 0.36)]):
        p.poly(streak, c[1], line=False)
    p.poly([(0.1, 0.72), (0.2, 0.36), (0.46, 0.18), (0.76, 0.24), (0.92, 0.52), (0.8, 0.82), (0.44, 0.9)], None)


@motif("coal_lump")
def coal_lump(p: Pen, c: Pal):
    for pts, hi in (([(0.06, 0.6), (0.14, 0.3), (0.36, 0.16), (0.58, 0.26), (0.62, 0.56), (0.4, 0.72)],
                     [(0.14, 0.3), (0.36, 0.16), (0.58, 0.26), (0.34, 0.38)]),
                    ([(0.36, 0.84), (0.42, 0.52), (0.68, 0.38), (0.92, 0.5), (0.9, 0.8), (0.64, 0.92)],
                     [(0.42, 0.52), (0.68, 0.38), (0.92, 0.5), (0.66, 0.6)])):
        p.poly(pts, lt(c[0], 0.06))
        p.poly(hi, c[1], line=False)
        p.poly(pts, None)


@motif("oil_drop")
def oil_drop(p: Pen, c: Pal):
    drop = spline([(0.5, 0.04), (0.66, 0.34), (0.78, 0.6), (0.7, 0.84), (0.5, 0.94), (0.3, 0.84), (0.22, 0.6),
                   (0.34, 0.34)], 6, closed=True)
    p.poly(drop, c[0])
    p.poly(leaf((0.32, 0.5), (0.4, 0.84), 0.35, bend=0.1), c[1], line=False)
    p.ellipse(0.42, 0.38, 0.04, 0.07, WHITE, line=False, deg=25)


def ingot(p: Pen, front, top, side, mark=None):
    """A trapezoid metal bar in three-quarter view."""
    p.poly([(0.16, 0.5), (0.68, 0.5), (0.82, 0.34), (0.32, 0.34)], top)
    p.poly([(0.76, 0.76), (0.68, 0.5), (0.82, 0.34), (0.94, 0.58)], side)
    p.poly([(0.06, 0.76), (0.76, 0.76), (0.68, 0.5), (0.16, 0.5)], front)
    if mark is not None:
        p.poly([(0.38, 0.45), (0.56, 0.45), (0.6, 0.39), (0.44, 0.39)], mark, line=False)


@motif("aluminum_ingot")
def aluminum_ingot(p: Pen, c: Pal):
    ingot(p, mix(c[0], c[1], 0.45), c[1], c[0])
    p.detail([(0.14, 0.7), (0.5, 0.7)], 0.03, lt(c[1], 0.5))


@motif("silver_ingot")
def silver_ingot(p: Pen, c: Pal):
    ingot(p, mix(c[0], c[1], 0.6), mix(c[0], c[1], 0.88), mix(c[0], c[1], 0.3), mark=mix(c[0], c[1], 0.5))
    spark(p, 0.2, 0.56, 0.08, c[1])


@motif("glowing_ore")
def glowing_ore(p: Pen, c: Pal):
    p.glow(0.5, 0.5, 0.46, c[1], 0.6)
    for cx, cy, L, w, deg in ((0.36, 0.7, 0.42, 0.09, -25), (0.64, 0.7, 0.36, 0.08, 30), (0.5, 0.66, 0.5, 0.1, 2)):
        crystal = [(-w, 0), (-w, -L), (0, -L - w * 1.2), (w, -L), (w, 0)]
        p.poly(place(crystal, cx, cy, deg), c[1])
        p.poly(place([(-w, -0.02), (-w, -L), (0, -L - w * 1.2), (0, -0.02)], cx, cy, deg), lt(c[1], 0.45),
               line=False)
        p.poly(place(crystal, cx, cy, deg), None)
    p.poly([(0.08, 0.88), (0.16, 0.66), (0.36, 0.6), (0.64, 0.62), (0.86, 0.66), (0.94, 0.88), (0.6, 0.96)],
           lt(c[0], 0.12))


@motif("gold_nugget")
def gold_nugget(p: Pen, c: Pal):
    radii = (0.36, 0.3, 0.38, 0.32, 0.4, 0.3, 0.34, 0.28, 0.36)
    blob = [(0.5 + r * math.cos(math.radians(k * 40)), 0.56 + r * 0.82 * math.sin(math.radians(k * 40)))
            for k, r in enumerate(radii)]
    p.poly(spline(blob, 4, closed=True), c[0])
    for x, y, rx in ((0.4, 0.44, 0.12), (0.64, 0.52, 0.08), (0.46, 0.66, 0.06)):
        p.ellipse(x, y, rx, rx * 0.7, c[1], line=False)
    spark(p, 0.36, 0.4, 0.1, WHITE)


@motif("gemstone")
def gemstone(p: Pen, c: Pal):
    p.poly([(0.62, 0.74), (0.74, 0.6), (0.9, 0.6), (0.98, 0.74), (0.8, 0.96)], c[1])
    gem = [(0.26, 0.16), (0.64, 0.16), (0.82, 0.34), (0.44, 0.86), (0.06, 0.34)]
    p.poly(gem, c[0])
    p.poly([(0.26, 0.16), (0.64, 0.16), (0.56, 0.34), (0.34, 0.34)], lt(c[0], 0.4), line=False)
    p.poly([(0.06, 0.34), (0.34, 0.34), (0.44, 0.86)], lt(c[0], 0.2), line=False)
    p.poly([(0.56, 0.34), (0.82, 0.34), (0.44, 0.86)], dk(c[0], 0.7), line=False)
    p.poly(gem, None)
    p.detail([(0.06, 0.34), (0.82, 0.34)], 0.02, INK)
    spark(p, 0.3, 0.24, 0.1, WHITE)


@motif("marble_block")
def marble_block(p: Pen, c: Pal):
    block(p, 0.1, 0.42, 0.58, 0.46, 0.24, c[0], top=lt(c[0], 0.5), side=mix(c[0], c[1], 0.35))
    p.detail(spline([(0.14, 0.58), (0.3, 0.5), (0.42, 0.66), (0.64, 0.6)], 4), 0.025, c[1])
    p.detail(spline([(0.2, 0.86), (0.34, 0.74), (0.5, 0.8)], 4), 0.02, c[1])
    p.detail(spline([(0.72, 0.44), (0.8, 0.56), (0.78, 0.7)], 4), 0.02, dk(c[1], 0.8))


@motif("stone_block")
def stone_block(p: Pen, c: Pal):
    side = mix(c[0], c[1], 0.45)
    block(p, 0.06, 0.6, 0.62, 0.3, 0.2, c[1], top=lt(c[1], 0.25), side=side)
    block(p, 0.2, 0.3, 0.46, 0.28, 0.16, c[1], top=lt(c[1], 0.25), side=side)
    for x, y in ((0.2, 0.7), (0.5, 0.78), (0.36, 0.42), (0.56, 0.46)):
        p.detail([(x, y), (x + 0.06, y + 0.04)], 0.02, c[0])


@motif("spice_pile")
def spice_pile(p: Pen, c: Pal):
    for cx, rx, ry, col in ((0.32, 0.28, 0.42, c[0]), (0.7, 0.26, 0.32, c[1])):
        p.poly(arcpts(cx, 0.84, rx, ry, 180, 360, 20), col)
        for k in range(4):
            p.dot(cx - rx * 0.5 + k * rx * 0.3, 0.7 - (k % 2) * 0.08, 0.02, lt(col, 0.4))
    p.bar((0.12, 0.9), (0.84, 0.82), 0.11, WOOD, round_ends=True)
    p.ellipse(0.84, 0.82, 0.04, 0.055, lt(WOOD, 0.3))
    p.detail([(0.2, 0.88), (0.76, 0.81)], 0.015, dk(WOOD, 0.6))


@motif("silk_roll")
def silk_roll(p: Pen, c: Pal):
    p.poly([(0.48, 0.64), (0.74, 0.64), (0.84, 0.76), (0.96, 0.82), (0.84, 0.94), (0.62, 0.86), (0.48, 0.78)],
           lt(c[0], 0.2))
    p.detail([(0.84, 0.94), (0.96, 0.82)], 0.04, c[1])
    p.rect(0.18, 0.28, 0.74, 0.66, c[0])
    for x in (0.28, 0.64):
        p.rect(x - 0.03, 0.28, x + 0.03, 0.66, c[1], line=False)
    p.detail([(0.24, 0.38), (0.7, 0.38)], 0.04, lt(c[0], 0.45))
    p.ellipse(0.18, 0.47, 0.09, 0.19, dk(c[0], 0.75))
    p.arc(0.18, 0.47, 0.05, 0, 300, 0.015, lt(c[0], 0.3), line=False)
    p.rect(0.18, 0.28, 0.74, 0.66, None)
    p.ellipse(0.74, 0.47, 0.09, 0.19, c[0])


@motif("wine_grapes")
def wine_grapes(p: Pen, c: Pal):
    vine = [(0.0, -0.2), (0.08, -0.08), (0.22, -0.1), (0.14, 0.02), (0.2, 0.14), (0.04, 0.1), (0.0, 0.2),
            (-0.04, 0.1), (-0.2, 0.14), (-0.14, 0.02), (-0.22, -0.1), (-0.08, -0.08)]
    p.poly(place(vine, 0.72, 0.22, 30, 1.2), c[1])
    p.detail(spline([(0.5, 0.2), (0.36, 0.06), (0.24, 0.14), (0.3, 0.22)], 5), 0.025, c[1])
    p.bar((0.5, 0.12), (0.5, 0.3), 0.05, dk(c[1], 0.6))
    grape = lt(c[0], 0.15)
    for x, y in ((0.3, 0.36), (0.5, 0.34), (0.7, 0.38), (0.38, 0.54), (0.6, 0.54), (0.48, 0.7), (0.46, 0.88),
                 (0.28, 0.68)):
        p.circle(x, y, 0.11, grape)
        p.dot(x - 0.035, y - 0.035, 0.03, lt(c[0], 0.5))


@motif("incense_smoke")
def incense_smoke(p: Pen, c: Pal):
    p.poly(taper(spline([(0.5, 0.56), (0.38, 0.42), (0.56, 0.28), (0.42, 0.14), (0.52, 0.02)], 5), 0.12, 0.03), c[1])
    p.poly(taper(spline([(0.56, 0.54), (0.7, 0.42), (0.62, 0.3), (0.74, 0.2)], 5), 0.08, 0.02), c[1])
    p.poly([(0.36, 0.82), (0.64, 0.82), (0.7, 0.94), (0.3, 0.94)], dk(c[0], 0.8))
    p.poly(arcpts(0.5, 0.58, 0.32, 0.26, 0, 180, 18), c[0])
    p.ellipse(0.5, 0.58, 0.32, 0.07, lt(c[0], 0.2))
    p.ellipse(0.5, 0.58, 0.24, 0.04, dk(c[0], 0.5), line=False)


@motif("cotton_boll")
def cotton_boll(p: Pen, c: Pal):
    p.bar((0.5, 0.98), (0.5, 0.7), 0.07, c[1])
    p.star(0.5, 0.64, 0.36, 0.14, 5, c[1], rot=90)
    p.cloud([(0.33, 0.48, 0.17), (0.67, 0.48, 0.17), (0.5, 0.3, 0.19), (0.5, 0.56, 0.16)], c[0])
    for a, b in (((0.4, 0.3), (0.44, 0.44)), ((0.6, 0.44), (0.56, 0.56))):
        p.detail([a, b], 0.02, dk(c[0], 0.8))


@motif("fur_pelt")
def fur_pelt(p: Pen, c: Pal):
    p.poly(taper(spline([(0.5, 0.74), (0.54, 0.9), (0.7, 0.96), (0.84, 0.86)], 5), 0.16, 0.13), c[0])
    p.circle(0.86, 0.84, 0.08, c[1])
    half = [(0.5, 0.04), (0.42, 0.12), (0.36, 0.2), (0.18, 0.16), (0.24, 0.3), (0.33, 0.38), (0.33, 0.6), (0.16, 0.7),
            (0.24, 0.8), (0.4, 0.74), (0.46, 0.8), (0.5, 0.8)]
    p.poly(half + mirror(half)[::-1], c[0])
    p.poly(leaf((0.5, 0.22), (0.5, 0.74), 0.25), lt(c[0], 0.35), line=False)
    for s in (-1, 1):
        p.poly([(0.5 + s * 0.05, 0.1), (0.5 + s * 0.11, 0.02), (0.5 + s * 0.1, 0.14)], dk(c[0], 0.7))
