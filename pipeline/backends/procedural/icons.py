"""Procedural UI icons: yield, status, technology and resource-map symbols.

`generate(spec)` returns one RGBA PNG per size of the icon's group, keyed by
the size as a string ({"48": png, "64": png}). The motif (a slug from the
catalog) names a vector drawing in glyphs.py, drawn in a normalised box so it
is defined once; each size is drawn 4x supersampled and downsized with
LANCZOS, which keeps edges crisp.

Group styles (one look per group):
- yield, status: a bold unframed emblem with a thick dark silhouette outline
  and a small drop shadow, 64 px.
- technology: the motif on a round disc framed by a ring in the era's colour
  (fixed per era, so the tech tree reads by era at a glance), 48 and 64 px.
- resource_map: a small round map marker (gold rim) holding the symbol, 32 px;
  the marker's face is dark or light, whichever contrasts with the palette.

Every shape carries its own dark outline; the whole motif then gets a wider
silhouette outline so it reads on any background. Corners and everything
outside the emblem are fully transparent. Deterministic: randomness only via
`rng_for(spec, "icon")` (re-seeded per size so all sizes match), PNGs are
written without metadata.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

from pipeline import png

from .common import mix, palette, parse_colour, rng_for, shade
from .glyphs import DRAWERS, INK, Pal, Pen

SS = 4            # supersampling factor
PNG_LEVEL = 6

#: fixed frame colour per era (the catalog's technology eras)
ERA_COLOURS = {
    "ancient": "#9a6a3a",      # earth brown
    "classical": "#b8443a",    # terracotta red
    "medieval": "#3e7a46",     # forest green
    "renaissance": "#7a4aa8",  # purple
    "industrial": "#5e6670",   # iron grey
    "modern": "#2e6cc0",       # blue
    "atomic": "#1f9a96",       # teal
    "information": "#d08a1a",  # amber
}


@dataclass(frozen=True)
class Style:
    box: tuple[float, float, float]   # motif box (x0, y0, span) as fractions of the icon
    outline: float                    # per-shape outline width, fraction of the icon size
    silhouette: float                 # extra outline around the whole motif, fraction
    shadow: bool                      # drop shadow under the emblem


STYLES = {
    "yield": Style((0.06, 0.06, 0.88), 1.6 / 64, 1.2 / 64, True),
    "status": Style((0.06, 0.06, 0.88), 1.6 / 64, 1.2 / 64, True),
    "technology": Style((0.15, 0.15, 0.70), 1.25 / 64, 0.8 / 64, False),
    "resource_map": Style((0.16, 0.16, 0.68), 1.0 / 32, 0.5 / 32, False),
}


def _u8(a: np.ndarray) -> np.ndarray:
    return np.clip(np.round(a * 255.0), 0, 255).astype(np.uint8)


def _grid(n: int):
    """Pixel centres in icon units (0..1) and distance from the centre."""
    t = (np.arange(n) + 0.5) / n
    y, x = np.meshgrid(t, t, indexing="ij")
    return x, y, np.hypot(x - 0.5, y - 0.5)


def _layered(n: int, layers) -> Image.Image:
    """Paint (mask, colour-array) layers in order onto a transparent canvas."""
    rgb = np.zeros((n, n, 3))
    alpha = np.zeros((n, n))
    for mask, colour in layers:
        rgb[mask] = np.broadcast_to(colour, (n, n, 3))[mask]
        alpha[mask] = 1.0
    return Image.fromarray(np.dstack([_u8(rgb), _u8(alpha)]), "RGBA")


def _tech_frame(n: int, era: str | None) -> Image.Image:
    """Round badge: era-coloured bevelled ring around a light tinted disc."""
    era_c = parse_colour(ERA_COLOURS.get(era or "", "#707070"))
    x, y, r = _grid(n)
    yy = y[..., None]
    ring = mix(mix(era_c, np.ones(3), 0.35), shade(era_c, 0.62), yy)       # lit from above
    face = mix(mix(era_c, np.ones(3), 0.82), mix(era_c, np.ones(3), 0.55), (r / 0.4)[..., None])
    return _layered(n, [
        (r <= 0.48, INK),
        (r <= 0.465, ring),
        (r <= 0.405, INK),
        (r <= 0.395, face),
    ])


def _marker(n: int, pal: Pal) -> Image.Image:
    """Round map marker: gold rim, face dark or light against the symbol's colours."""
    lum = np.mean([0.3 * c[0] + 0.59 * c[1] + 0.11 * c[2] for c in pal.colours])
    face_c = parse_colour("#34414e") if lum > 0.45 else parse_colour("#ece3cb")
    x, y, r = _grid(n)
    rim = mix(parse_colour("#f4d67a"), parse_colour("#9a7020"), y[..., None])
    face = mix(mix(face_c, np.ones(3), 0.12), shade(face_c, 0.9), y[..., None])
    return _layered(n, [
        (r <= 0.48, INK),
        (r <= 0.45, rim),
        (r <= 0.39, INK),
        (r <= 0.375, face),
    ])


def _lit(layer: Image.Image) -> Image.Image:
    """Light the motif from above: a gentle top-to-bottom brightness ramp."""
    a = np.asarray(layer).astype(float) / 255.0
    n = a.shape[0]
    ramp = np.linspace(1.12, 0.86, n)[:, None, None]
    a[..., :3] = np.clip(a[..., :3] * ramp, 0, 1)
    return Image.fromarray(_u8(a), "RGBA")


def _silhouette(alpha: Image.Image, width_px: float, colour, opacity: float = 1.0) -> Image.Image:
    """A solid shape `width_px` larger than the motif all round (blur + threshold)."""
    n = alpha.size[0]
    if width_px > 0.5:
        sigma = width_px / 1.5
        grown = alpha.filter(ImageFilter.GaussianBlur(sigma))
        a = np.asarray(grown).astype(float)
        a = np.clip((a - 10.0) / 20.0, 0, 1)                  # ~1.5 sigma out, 1 px soft edge
        a = np.maximum(a, np.asarray(alpha) / 255.0)
    else:
        a = np.asarray(alpha) / 255.0
    rgb = np.broadcast_to(_u8(np.asarray(colour, dtype=float)), (n, n, 3))
    return Image.fromarray(np.dstack([rgb, _u8(a * opacity)]), "RGBA")


def render(spec: dict, size: int) -> Image.Image:
    """One icon at `size` px (RGBA)."""
    group = spec["group"]
    if group not in STYLES:
        raise ValueError(f"unknown icon group {group!r}")
    motif = spec["motif"]
    if motif not in DRAWERS:
        raise ValueError(f"no drawing for icon motif {motif!r} (icon {spec['id']})")
    style = STYLES[group]
    pal = Pal(palette(spec))
    n = size * SS

    layer = Image.new("RGBA", (n, n), (0, 0, 0, 0))
    under = Image.new("RGBA", (n, n), (0, 0, 0, 0))
    bx, by, span = style.box
    pen = Pen(layer, under, (bx * n, by * n, span * n), style.outline * n, rng_for(spec, "icon"))
    DRAWERS[motif](pen, pal)

    face = None                           # radius of a badge's face: glows stay on it
    if group == "technology":
        canvas, face = _tech_frame(n, spec.get("era")), 0.395
    elif group == "resource_map":
        canvas, face = _marker(n, pal), 0.375
    else:
        canvas = Image.new("RGBA", (n, n), (0, 0, 0, 0))
    if under.getbbox():
        glow = np.array(under.filter(ImageFilter.GaussianBlur(0.05 * n)))
        if face is not None:
            glow[_grid(n)[2] > face, 3] = 0
        canvas.alpha_composite(Image.fromarray(glow, "RGBA"))
    alpha = layer.getchannel("A")
    if style.shadow:
        shadow = _silhouette(alpha, style.silhouette * n, INK, 0.45)
        canvas.alpha_composite(shadow, (int(0.025 * n), int(0.035 * n)))
    canvas.alpha_composite(_silhouette(alpha, style.silhouette * n, INK))
    canvas.alpha_composite(_lit(layer))
    small = np.array(canvas.resize((size, size), Image.LANCZOS))
    small[small[..., 3] <= 3] = 0          # LANCZOS ringing leaves a faint halo: keep the outside clean
    return Image.fromarray(small, "RGBA")


def generate(spec: dict) -> dict[str, bytes]:
    """PNG bytes per size of the icon's group, keyed by the size as a string."""
    sizes = [int(s) for s in spec["sizes"]]
    if not sizes or min(sizes) < 8:
        raise ValueError(f"icon {spec['id']}: bad sizes {spec['sizes']!r}")
    return {str(s): png.encode(render(spec, s), PNG_LEVEL) for s in sizes}
