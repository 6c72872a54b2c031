"""Periodic texture kit for the procedural material generator.

Everything here lives on a torus: a field of size n x n wraps around in both
directions, so textures built from these pieces tile seamlessly by
construction (no cropping, no cross-fading).

Coordinates are in *tile units*: u (columns, left to right) and v (rows, top
to bottom) run over [0, 1) across the tile. Frequencies are integer cycles per
tile, which is what makes every spectral field periodic, and what makes a
material look the same at 64 px and at 1024 px (only the finest detail is
lost at small sizes).

Building blocks:
- `noise` / `band_noise`: spectral (FFT) noise with power-law or band-pass
  spectra, optionally anisotropic and rotated (streaks, strands, grain).
- `cells`: periodic Worley / Voronoi noise on a jittered grid (F1, F2, cell id).
- `scatter`: the 3x3 neighbour loop behind shape scattering (stones, leaves).
- `courses`: rows of blocks with per-row offsets (bricks, planks, slates).
- `warp`: periodic bilinear resampling (domain warping).
- `normal_from_height`: tangent-space normals from wrap-around gradients.
"""
from __future__ import annotations

import numpy as np
import scipy.fft as sfft

F = np.float32


def coords(n: int) -> tuple[np.ndarray, np.ndarray]:
    """u as a (1, n) row and v as an (n, 1) column, both in [0, 1)."""
    t = np.arange(n, dtype=F) / F(n)
    return t[None, :], t[:, None]


def smoothstep(e0, e1, x):
    t = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def norm01(x: np.ndarray) -> np.ndarray:
    """Rescale to exactly 0..1 (a constant field becomes 0.5)."""
    lo, hi = float(x.min()), float(x.max())
    if hi - lo < 1e-12:
        return np.full_like(x, 0.5, dtype=F)
    return ((x - lo) / (hi - lo)).astype(F)


# --- spectral noise --------------------------------------------------------

#: Fields are scaled as if the tile were sampled at (at least) this size:
#: detail finer than a small tile can hold is dropped, not amplified.
REFERENCE_SIZE = 1024


def _effective_k(kx, ky, stretch, angle):
    """|k| in cycles per tile after rotating the frequency axes by `angle`
    and scaling them by `stretch`. stretch=(sx, sy) with sx > 1 suppresses
    frequencies along u, so features become elongated along u (streaks); the
    lattice stays integer, so the field stays periodic whatever the angle."""
    if angle:
        c, s = F(np.cos(angle)), F(np.sin(angle))
        kx, ky = kx * c + ky * s, -kx * s + ky * c
    return np.sqrt((kx * F(stretch[0])) ** 2 + (ky * F(stretch[1])) ** 2)


def _synth(rng: np.random.Generator, n: int, profile, stretch, angle) -> np.ndarray:
    """Random-phase periodic field whose amplitude spectrum is
    profile(|k|), |k| from `_effective_k`. Zero mean; unit std at the
    reference size, less at smaller sizes by the share of the spectrum's
    energy that does not fit (so a 64 px tile looks like a downsampled
    1024 px one instead of amplifying its finest grain)."""
    ky = (np.fft.fftfreq(n) * n).astype(F)[:, None]
    kx = (np.fft.rfftfreq(n) * n).astype(F)[None, :]
    amp = profile(_effective_k(kx, ky, stretch, angle)).astype(F)
    amp[0, 0] = 0.0
    re = rng.standard_normal(amp.shape, dtype=F)
    im = rng.standard_normal(amp.shape, dtype=F)
    field = sfft.irfft2((re + 1j * im).astype(np.complex64) * amp, s=(n, n)).astype(F)
    std = float(field.std())
    if std <= 1e-12:
        return np.zeros((n, n), F)
    field /= F(std)
    if n < REFERENCE_SIZE:
        # energy on this lattice (rfft columns 1..n/2-1 stand for two) versus
        # the energy the reference lattice adds beyond it (sampled coarsely)
        w = np.full(amp.shape[1], 2.0, F)
        w[0] = 1.0
        if n % 2 == 0:
            w[-1] = 1.0
        here = float(((amp ** 2) * w).sum())
        step = 8
        g = np.arange(-REFERENCE_SIZE // 2, REFERENCE_SIZE // 2, step, dtype=F) + F(step / 2)
        gx, gy = g[None, :], g[:, None]
        outside = np.maximum(np.abs(gx), np.abs(gy)) > n / 2
        beyond = float((profile(_effective_k(gx, gy, stretch, angle)) ** 2)[outside].sum()) * step * step
        field *= F(np.sqrt(here / (here + beyond)))
    return field


def noise(rng, n, lo=2.0, hi=None, beta=2.0, stretch=(1.0, 1.0), angle=0.0):
    """Fractal noise: amplitude spectrum ~ k^-beta (beta 0: white grain,
    1: rough natural, 2: smooth Perlin-like fBm) between about `lo` and `hi`
    cycles per tile (soft edges). Zero mean, unit std (at the reference
    size), periodic."""
    def profile(k):
        amp = np.where(k > 0, k, F(1.0)) ** F(-beta)
        amp = amp * (1.0 - np.exp(-((k / F(lo)) ** 4)))     # soft high-pass at lo
        if hi is not None:
            amp = amp * np.exp(-((k / F(hi)) ** 2))           # soft low-pass at hi
        return amp
    return _synth(rng, n, profile, stretch, angle)


def band_noise(rng, n, freq, width=None, stretch=(1.0, 1.0), angle=0.0):
    """Band-pass noise around `freq` cycles per tile (blobs of one size,
    or oriented waves/strands when stretched). Zero mean, unit std."""
    width = width or freq * 0.35
    return _synth(rng, n, lambda k: np.exp(-0.5 * ((k - F(freq)) / F(width)) ** 2), stretch, angle)


def ridged(x: np.ndarray, sharp: float = 1.0) -> np.ndarray:
    """Thin bright lines along the zero crossings of a zero-mean field."""
    return (1.0 - np.clip(np.abs(x), 0.0, 1.0)) ** F(sharp)


# --- periodic resampling ---------------------------------------------------

def warp(field: np.ndarray, dx: np.ndarray, dy: np.ndarray) -> np.ndarray:
    """Sample `field` at (col + dx, row + dy) with bilinear filtering,
    wrapping around; dx, dy are in pixels. Periodic displacements keep the
    result periodic."""
    n = field.shape[0]
    x = np.arange(n, dtype=F)[None, :] + dx
    y = np.arange(n, dtype=F)[:, None] + dy
    x0 = np.floor(x)
    y0 = np.floor(y)
    fx = (x - x0).astype(F)
    fy = (y - y0).astype(F)
    x0 = x0.astype(np.intp) % n
    y0 = y0.astype(np.intp) % n
    x1 = (x0 + 1) % n
    y1 = (y0 + 1) % n
    flat = field.ravel()
    r0 = y0 * n
    r1 = y1 * n
    top = flat[r0 + x0] * (1 - fx) + flat[r0 + x1] * fx
    bot = flat[r1 + x0] * (1 - fx) + flat[r1 + x1] * fx
    return (top * (1 - fy) + bot * fy).astype(F)


def blur(field: np.ndarray, radius_px: float) -> np.ndarray:
    """Periodic Gaussian blur (FFT), radius in pixels."""
    n = field.shape[0]
    if radius_px <= 0:
        return field
    ky = np.fft.fftfreq(n).astype(F)[:, None]
    kx = np.fft.rfftfreq(n).astype(F)[None, :]
    g = np.exp(-2.0 * (np.pi * radius_px) ** 2 * (kx ** 2 + ky ** 2)).astype(F)
    return sfft.irfft2(sfft.rfft2(field) * g, s=(n, n)).astype(F)


# --- cellular patterns -----------------------------------------------------

def fit_grid(n: int, g: int) -> int:
    """The largest cell count <= g that divides n (cells are whole pixels)."""
    g = max(1, min(int(g), n))
    while n % g:
        g -= 1
    return g


def blocks(a: np.ndarray, gx: int, gy: int) -> np.ndarray:
    """View an (n, n) image in block layout (gy, cell_h, gx, cell_w)."""
    n = a.shape[0]
    return a.reshape(gy, n // gy, gx, n // gx)


def scatter(n: int, gx: int, gy: int, px: np.ndarray, py: np.ndarray):
    """Loop over the 3x3 grid cells around every pixel on a gx x gy torus.

    gx and gy must divide n (see `fit_grid`). px, py: (gy, gx, k) feature
    positions inside their cell, in cell units (0..1). Yields (item, dx, dy)
    for every neighbour cell and every feature in it: `item` is the flat
    index into (gy, gx, k) attribute arrays, dx, dy the pixel's offset from
    the feature in cell units. All three are in *block layout*: they
    broadcast to (gy, cell_h, gx, cell_w), which `.reshape(n, n)` turns back
    into an image. Working per block means feature attributes are looked up
    once per cell rather than once per pixel. A feature that reaches at most
    one cell from its own cell is never clipped.
    """
    cy, cx = n // gy, n // gx
    k = px.shape[2]
    fx, fy = px.ravel().astype(F), py.ravel().astype(F)
    ox = (np.arange(cx, dtype=F) / F(cx)).reshape(1, 1, 1, cx)
    oy = (np.arange(cy, dtype=F) / F(cy)).reshape(1, cy, 1, 1)
    cj = np.arange(gy).reshape(gy, 1, 1, 1)
    ci = np.arange(gx).reshape(1, 1, gx, 1)
    for dj in (-1, 0, 1):
        row = ((cj + dj) % gy) * gx
        for di in (-1, 0, 1):
            cell = (row + (ci + di) % gx) * k                   # (gy, 1, gx, 1)
            for m in range(k):
                item = cell + m
                yield item, (ox - F(di)) - fx[item], (oy - F(dj)) - fy[item]


def cells(rng, n, gx, gy=None, jitter=1.0, aspect=(1.0, 1.0)):
    """Periodic Worley noise on a jittered gx x gy grid (counts are reduced
    to divisors of n).

    Returns (f1, f2, cell_id, dx, dy): distances to the nearest and second
    nearest feature point (in cell units, scaled per axis by `aspect`), the
    nearest cell's flat id, and the pixel's offset from that point.
    """
    gx = fit_grid(n, gx)
    gy = fit_grid(n, gy or gx)
    px = 0.5 + jitter * (rng.random((gy, gx, 1), dtype=F) - 0.5)
    py = 0.5 + jitter * (rng.random((gy, gx, 1), dtype=F) - 0.5)
    shape = (gy, n // gy, gx, n // gx)
    f1 = np.full(shape, np.inf, F)
    f2 = np.full(shape, np.inf, F)
    cid = np.zeros(shape, np.int32)
    ddx = np.zeros(shape, F)
    ddy = np.zeros(shape, F)
    ax, ay = F(aspect[0]), F(aspect[1])
    for item, dx, dy in scatter(n, gx, gy, px, py):
        d = np.sqrt((dx * ax) ** 2 + (dy * ay) ** 2)
        closer = d < f1
        np.copyto(f2, np.minimum(f2, d))
        np.copyto(f2, f1, where=closer)
        np.copyto(f1, d, where=closer)
        np.copyto(cid, item, where=closer)
        np.copyto(ddx, dx, where=closer)
        np.copyto(ddy, dy, where=closer)
    return tuple(a.reshape(n, n) for a in (f1, f2, cid, ddx, ddy))


def courses(n, row_edges, col_edges, phases):
    """Rows of blocks (bricks, stones, boards, slates) on the torus.

    row_edges: sorted row boundaries in [0, 1) (the first is the start of
    row 0; the last row wraps into the first). For row r, col_edges[r] are
    that row's block boundaries in [0, 1) and phases[r] shifts them.
    Returns (block_id, dx, dy, lx, ly, row):
    block_id unique per block, dx/dy the distance to the nearest vertical /
    horizontal joint in tile units, lx/ly the position inside the block (0..1).
    Everything is built per row and per column (1-D) and broadcast, so it is
    cheap at any size.
    """
    u, v = coords(n)
    u, v = u[0], v[:, 0]
    re = np.asarray(row_edges, float)
    rows = len(re)
    # row index and local y of every pixel row (wrapping past the last edge)
    vv = (v - re[0]) % 1.0
    rel = (re - re[0]) % 1.0
    r = np.searchsorted(rel, vv, side="right") - 1
    top = rel[r]
    bottom = np.where(r + 1 < rows, rel[np.minimum(r + 1, rows - 1)], 1.0)
    h = bottom - top
    ly = ((vv - top) / h).astype(F)
    dy = np.minimum(vv - top, bottom - vv).astype(F)

    block = np.zeros((n, n), np.int32)
    dx = np.zeros((n, n), F)
    lx = np.zeros((n, n), F)
    base = 0
    for ri in range(rows):
        sel = r == ri
        if not sel.any():
            base += len(col_edges[ri])
            continue
        ce = np.sort(np.asarray(col_edges[ri], float) % 1.0)
        uu = (u - ce[0] - phases[ri]) % 1.0
        cr = (ce - ce[0]) % 1.0
        c = np.searchsorted(cr, uu, side="right") - 1
        left = cr[c]
        right = np.where(c + 1 < len(cr), cr[np.minimum(c + 1, len(cr) - 1)], 1.0)
        block[sel] = (base + c)[None, :]
        dx[sel] = np.minimum(uu - left, right - uu).astype(F)[None, :]
        lx[sel] = ((uu - left) / (right - left)).astype(F)[None, :]
        base += len(ce)
    return (block, dx, np.broadcast_to(dy[:, None], (n, n)).astype(F),
            lx, np.broadcast_to(ly[:, None], (n, n)).astype(F),
            np.broadcast_to(r[:, None], (n, n)))


# --- normals ---------------------------------------------------------------

def normal_from_height(height: np.ndarray, depth: float) -> np.ndarray:
    """Tangent-space normals (OpenGL: +X right, +Y up, +Z out) from a 0..1
    height field whose full range is `depth` tile widths tall. Gradients are
    central differences with wrap-around, so the normals tile too."""
    n = height.shape[0]
    s = F(depth * n * 0.5)
    dhdx = (np.roll(height, -1, axis=1) - np.roll(height, 1, axis=1)) * s
    # image rows run downwards, tangent +Y runs up the image
    dhdy_up = (np.roll(height, 1, axis=0) - np.roll(height, -1, axis=0)) * s
    nrm = np.stack([-dhdx, -dhdy_up, np.ones_like(height)], axis=-1)
    nrm /= np.linalg.norm(nrm, axis=-1, keepdims=True)
    return nrm.astype(F)


# --- colour ----------------------------------------------------------------

def ramp(t: np.ndarray, colours) -> np.ndarray:
    """Map t in 0..1 through a gradient of evenly spaced colours -> (n, n, 3)."""
    cols = np.asarray(colours, F)
    if len(cols) == 1:
        return np.broadcast_to(cols[0], t.shape + (3,)).astype(F)
    xp = np.linspace(0.0, 1.0, len(cols))
    tc = np.clip(t, 0.0, 1.0)
    return np.stack([np.interp(tc, xp, cols[:, c]).astype(F) for c in range(3)], -1)


def lerp(a, b, t):
    """Blend colours/fields: t is (n, n); a, b are (3,) or (n, n, 3) or (n, n)."""
    t = np.asarray(t, F)
    a = np.asarray(a, F)
    b = np.asarray(b, F)
    if a.ndim == 3 or b.ndim == 3 or (a.ndim == 1 and a.shape[0] == 3) or (b.ndim == 1 and b.shape[0] == 3):
        t = t[..., None]
    return (a * (1 - t) + b * t).astype(F)
