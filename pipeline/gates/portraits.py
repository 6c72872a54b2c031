"""Gate 3, portraits: sizes, no empty or near-uniform image, one style across the leaders.

Per image (full_1..3 512x768, bust 512x512, icon 128x128):
- missing / size / mode (RGB or RGBA);
- near_uniform: the luminance's standard deviation, and palette_colours: the
  number of distinct colours at 4 bits per channel. A blank, flat or
  washed-out image has almost no spread and a handful of colours;
- style: brightness (mean luminance), contrast (luminance std), saturation
  (mean HSV saturation) and warmth (mean red minus blue) inside one envelope
  shared by every leader, so that 12 portraits painted from 12 prompts still
  read as one series. The envelope is the range measured on the 60 portraits
  of assets.yaml widened by a margin (see STYLE); the portraits of a GPU
  model that drifts (a night scene, a neon cartoon, a sepia photo) leave it.
"""
from __future__ import annotations

import numpy as np

from pipeline import layout
from pipeline.catalog import Catalog, Output
from pipeline.gates import cache
from pipeline.gates.report import basic_failures, failure

NEAR_UNIFORM_STD = 0.03    # luminance std, 0..1; measured min 0.119
MIN_PALETTE_COLOURS = 48   # distinct 4-bit colours; measured min 117 (icons), 146 (large images)
#: statistic -> (low, high); measured on assets.yaml's 60 images:
#: brightness 0.175..0.566, contrast 0.119..0.256, saturation 0.156..0.788, warmth -0.115..0.466
STYLE = {"brightness": (0.10, 0.70), "contrast": (0.07, 0.33), "saturation": (0.08, 0.90),
         "warmth": (-0.25, 0.60)}
LUMA = np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)


def outputs(catalog: Catalog) -> list[tuple[Output, dict[str, str]]]:
    return [(output, layout.portrait_images(output.asset_id)) for output in catalog.portraits()]


def measure(path: str) -> dict:
    mode, size, rgb8 = cache.read_image(path, "RGB")
    rgb = rgb8.astype(np.float32) / 255.0
    luminance = rgb @ LUMA
    high, low = rgb.max(axis=2), rgb.min(axis=2)
    saturation = np.where(high > 0, (high - low) / np.maximum(high, 1e-6), 0.0)
    quantised = (rgb8 >> 4).astype(np.int32)
    colours = np.unique(quantised[..., 0] * 256 + quantised[..., 1] * 16 + quantised[..., 2]).size
    return {"mode": mode, "size": size, "palette_colours": int(colours),
            "brightness": float(luminance.mean()), "contrast": float(luminance.std()),
            "saturation": float(saturation.mean()), "warmth": float((rgb[..., 0] - rgb[..., 2]).mean())}


def judge(output: Output, paths: dict[str, str], measured: dict[str, dict | None]) -> list[dict]:
    asset, sizes = output.asset_id, output.spec["sizes"]
    failures = []
    for role, path in paths.items():
        m = measured[path]
        failures += basic_failures(asset, path, m, role, list(sizes[role]), ("RGB", "RGBA"))
        if m is None:
            continue
        if m["contrast"] < NEAR_UNIFORM_STD:
            failures.append(failure(asset, path, "near_uniform", m["contrast"], NEAR_UNIFORM_STD))
        if m["palette_colours"] < MIN_PALETTE_COLOURS:
            failures.append(failure(asset, path, "palette_colours", m["palette_colours"], MIN_PALETTE_COLOURS))
        for statistic, (low, high) in STYLE.items():
            if not low <= m[statistic] <= high:
                failures.append(failure(asset, path, f"style_{statistic}", m[statistic], [low, high]))
    return failures


GATE = cache.Gate("portraits", __name__, ("numpy", "pillow"), outputs, judge, cache.each(measure))
count, check_output, check = GATE.count, GATE.check_output, GATE.check
