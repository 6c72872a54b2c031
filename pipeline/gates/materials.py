"""Gate 1, materials: five maps each, at the catalog's size, tiling seamlessly, values in range.

Checks per map (limits measured on the 28 materials of assets.yaml, see
LIMITS):
- missing / size / mode: every map exists at `size` x `size`; basecolor and
  normal are RGB, roughness, metallic and height greyscale (one channel, so
  roughness and metallic are 0..1 by construction: 0..255 / 255);
- seam: the mean absolute step across the wrap-around edge (last column to
  first, last row to first) against the mean step between interior
  neighbours. A tileable map's seam step looks like any other step (measured
  ratio <= 1.0); a map that does not tile has a visible jump there;
- normal_length: the mean deviation of the decoded normals from unit length;
- basecolor std: not a flat colour; metallic mean: metals are metallic, other
  categories are not.
"""
from __future__ import annotations

import numpy as np

from pipeline import layout
from pipeline.catalog import Catalog, Output
from pipeline.gates import cache
from pipeline.gates.report import basic_failures, failure

MODES = {"basecolor": "RGB", "normal": "RGB", "roughness": "L", "metallic": "L", "height": "L"}
LIMITS = {
    # seam step / interior step, per axis; measured max 0.97 over the 140 maps, a map that
    # does not tile measures 8 to 9 (a brightness ramp, a crop of a larger texture)
    "seam_ratio": 1.25,
    # plus this many grey levels of slack, for flat maps (metallic 0 everywhere: 0 / 0)
    "seam_slack": 0.5,
    # mean | |n| - 1 | of the decoded normals; measured max 0.002 (8-bit quantisation)
    "normal_length": 0.03,
    "basecolor_std": 3.0,            # grey levels; measured min 8.8
    "metal_metallic_min": 0.6,       # mean metallic of a metal; measured min 0.90
    "nonmetal_metallic_max": 0.15,   # mean metallic of anything else; measured max 0.0
}


def outputs(catalog: Catalog) -> list[tuple[Output, dict[str, str]]]:
    return [(output, layout.material_maps(output.asset_id)) for output in catalog.materials()]


def measure(path: str) -> dict:
    mode, size, pixels = cache.read_image(path)
    pixels = pixels.astype(np.float32)
    measured = {"mode": mode, "size": size, "mean": float(pixels.mean()) / 255.0, "std": float(pixels.std()),
                "seam_ratio": [], "seam_step": []}
    for axis in (0, 1):
        wrap = np.abs(np.take(pixels, 0, axis=axis) - np.take(pixels, -1, axis=axis)).mean()
        interior = np.abs(np.diff(pixels, axis=axis)).mean()
        wrap, interior = float(wrap), float(interior)
        measured["seam_step"].append(wrap)
        measured["seam_ratio"].append(wrap / interior if interior > 0 else (0.0 if wrap == 0 else 999.0))
    if pixels.ndim == 3 and pixels.shape[2] == 3:  # as a normal map (only judged for the normal map)
        length = np.linalg.norm(pixels / 255.0 * 2.0 - 1.0, axis=2)
        measured["normal_length"] = float(np.abs(length - 1.0).mean())
    return measured


def judge(output: Output, paths: dict[str, str], measured: dict[str, dict | None]) -> list[dict]:
    """The failures of one material from its maps' measurements."""
    asset, size = output.asset_id, output.spec["size"]
    failures = []
    for role, path in paths.items():
        m = measured[path]
        failures += basic_failures(asset, path, m, role, [size, size], (MODES[role],))
        if m is None:
            continue
        for axis, (ratio, step) in enumerate(zip(m["seam_ratio"], m["seam_step"])):
            if ratio > LIMITS["seam_ratio"] and step > LIMITS["seam_slack"]:
                edge = "left/right" if axis == 1 else "top/bottom"
                failures.append(failure(asset, path, f"seam_{edge}", ratio, LIMITS["seam_ratio"]))
        if role == "normal" and m.get("normal_length", 0.0) > LIMITS["normal_length"]:
            failures.append(failure(asset, path, "normal_length", m["normal_length"], LIMITS["normal_length"]))
        if role == "basecolor" and m["std"] < LIMITS["basecolor_std"]:
            failures.append(failure(asset, path, "basecolor_std", m["std"], LIMITS["basecolor_std"]))
        if role == "metallic" and m["mode"] == "L":
            if output.spec["category"] == "metal" and m["mean"] < LIMITS["metal_metallic_min"]:
                failures.append(failure(asset, path, "metal_metallic_mean", m["mean"], LIMITS["metal_metallic_min"]))
            if output.spec["category"] != "metal" and m["mean"] > LIMITS["nonmetal_metallic_max"]:
                failures.append(failure(asset, path, "nonmetal_metallic_mean", m["mean"],
                                        LIMITS["nonmetal_metallic_max"]))
    return failures


GATE = cache.Gate("materials", __name__, ("numpy", "pillow"), outputs, judge, cache.each(measure))
count, check_output, check = GATE.count, GATE.check_output, GATE.check
