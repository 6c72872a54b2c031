"""Gate 4, sprites: resolutions, clean transparent backgrounds, readable units, steady animations.

Per sprite (limits measured on the 3,008 sprites of assets.yaml):
- missing / size / mode: the kind's resolution (pipeline/sprite_sets.SIZES),
  RGBA for everything but the opaque wonder hero shots;
- haze_px: pixels of alpha 1..2 (of 255): invisible, but they defeat trimming
  and atlas packing; the renderer clears them (measured: 0 everywhere);
- fringe_px: half-transparent pixels (alpha 1..127) inside a half-transparent
  band at least 3 px thick (a 3x3 erosion of that mask): a halo or matte
  left around the silhouette, or a haze over the background. An anti-aliased
  edge is 1-2 px wide and a pike thinner than a pixel is a 1 px faint line,
  so neither counts. Measured: terrain max 4 px, buildings and resources 0,
  units max 47 (a galley's oars at 64 px); limit 64. Planted halos: 3 px
  wide 105-234 on sprites of the full catalog but 49 (not caught) on the
  thinnest 64 px unit, 2 px wide 42-280 on terrain, buildings and larger
  units, a soft 6 px matte haze or a background haze hundreds to thousands.
  Alpha alone cannot tell a 1-2 px halo on a thin unit from anti-aliasing;
- edge_px: visible pixels on the frame's border (the model is clipped);
- opaque_px: at least 20 pixels of alpha > 127 (not empty; measured min 24);
- hero shots: opaque, and not a flat picture (luminance std).

Per unit (cross-sprite):
- silhouette_iou: pairwise IoU of the units' idle frame-0 silhouettes
  (alpha > 127) at the same direction, below SILHOUETTE_IOU. Measured over
  the 378 unit pairs x 8 directions: median 0.24, 95th percentile 0.58,
  max 0.87 (warrior/rifleman from the south), then knight/lancer 0.83 and
  caravel/ironclad 0.83: two men standing, two riders with lances, seen
  head-on at 64 px, differ in colour and detail more than in outline.
  The limit, 0.9, fails copies and near-copies (a unit rendered with
  another's mesh measures 1.0) and passes those real pairs; 0.8 would
  flag the three pairs above, a task for the unit generator, not a gate;
- frame_scale_ratio: within one animation and direction, the largest over the
  smallest alpha coverage of the 3 frames (measured max 1.55: a cannon
  pitching towards the viewer), limit 1.8;
- frame_anchor_px: within one animation and direction, the largest distance
  between two frames' alpha-weighted centroids once the rig's designed motion
  of the ground anchor (stride, lift, lunge: sprite_sets.ANIMATION_FRAMES) is
  taken out (measured max 4.5 px, the attack's pitch), limit 6 px.
"""
from __future__ import annotations

import itertools

import numpy as np
from PIL import Image
from scipy import ndimage

from pipeline import layout, sprite_sets
from pipeline.catalog import Catalog, Output
from pipeline.gates import cache
from pipeline.gates.report import basic_failures, failure

HAZE_ALPHA = 2
SEMI_ALPHA = 128
MAX_FRINGE_PX = 64
MIN_OPAQUE_PX = 20
HERO_MIN_STD = 0.03
SILHOUETTE_IOU = 0.9
MAX_FRAME_SCALE_RATIO = 1.8
MAX_FRAME_ANCHOR_PX = 6.0


def outputs(catalog: Catalog) -> list[tuple[Output, dict[str, str]]]:
    """Each mesh with {sprite name: path} of the sprites rendered from it."""
    items = []
    for kind in layout.MESH_KINDS:
        for output in catalog.meshes(kind):
            names = sprite_sets.sprite_names(kind, output.spec.get("pose"))
            items.append((output, {name: layout.sprite_path(kind, output.asset_id, output.name, name) for name in names}))
    return items


def measure(path: str) -> dict:
    mode, size, rgba = cache.read_image(path, "RGBA")
    alpha = rgba[..., 3]
    semi = (alpha > 0) & (alpha < SEMI_ALPHA)
    border = np.concatenate([alpha[0], alpha[-1], alpha[1:-1, 0], alpha[1:-1, -1]])
    weights = alpha.astype(np.float64) / 255.0
    coverage = float(weights.sum())
    ys, xs = np.nonzero(alpha)
    centroid = ([float((xs * weights[ys, xs]).sum() / coverage), float((ys * weights[ys, xs]).sum() / coverage)]
                if coverage else [0.0, 0.0])
    luminance = rgba[..., :3].astype(np.float32) @ np.array([0.2126, 0.7152, 0.0722], dtype=np.float32) / 255.0
    return {"mode": mode, "size": size, "min_alpha": int(alpha.min()),
            "haze_px": int(((alpha > 0) & (alpha <= HAZE_ALPHA)).sum()),
            "fringe_px": int(ndimage.binary_erosion(semi, structure=np.ones((3, 3)), border_value=0).sum()),
            "edge_px": int((border > 0).sum()), "opaque_px": int((alpha > 127).sum()),
            "coverage": coverage, "centroid": centroid, "luminance_std": float(luminance.std())}


def _judge_file(kind: str, asset: str, path: str, m: dict | None) -> list[dict]:
    modes = ("RGB", "RGBA") if kind == "wonder" else ("RGBA",)
    failures = basic_failures(asset, path, m, "sprite", list(sprite_sets.SIZES[kind]), modes)
    if m is None:
        return failures

    def over(check, limit):
        if m[check] > limit:
            failures.append(failure(asset, path, check, m[check], limit))

    if kind == "wonder":  # an opaque splash screen
        if m["min_alpha"] < 255:
            failures.append(failure(asset, path, "opaque", m["min_alpha"], 255))
        if m["luminance_std"] < HERO_MIN_STD:
            failures.append(failure(asset, path, "near_uniform", m["luminance_std"], HERO_MIN_STD))
        return failures
    over("haze_px", 0)
    over("fringe_px", MAX_FRINGE_PX)
    over("edge_px", 0)
    if m["opaque_px"] < MIN_OPAQUE_PX:
        failures.append(failure(asset, path, "opaque_px", m["opaque_px"], MIN_OPAQUE_PX))
    return failures


def _judge_animation(output: Output, paths: dict[str, str], measured: dict) -> list[dict]:
    """Scale and anchor of the 3 frames of the pose's animation, per direction."""
    camera = sprite_sets.camera_for("unit", {"bounds": {"unit": output.spec["bounds"]}})
    rig = {name: np.array(sprite_sets.to_pixels(sprite_sets.apply(matrix, (0.0, 0.0, 0.0)), camera))
           for name, _, matrix in sprite_sets.unit_sprite_transforms(output.spec["pose"])}
    failures = []
    for direction in sprite_sets.DIRECTIONS:
        names = [f"{output.spec['pose']}_{direction}_{frame}" for frame in range(sprite_sets.FRAMES)]
        frames = [measured[paths[name]] for name in names]
        if any(m is None or not m["coverage"] for m in frames):
            continue  # missing or empty: failed per file already
        coverage = [m["coverage"] for m in frames]
        ratio = max(coverage) / min(coverage)
        if ratio > MAX_FRAME_SCALE_RATIO:
            path = paths[names[int(np.argmax(np.abs(np.log(coverage) - np.log(np.median(coverage)))))]]
            failures.append(failure(output.asset_id, path, "frame_scale_ratio", ratio, MAX_FRAME_SCALE_RATIO))
        anchors = np.array([np.array(m["centroid"]) - rig[name] for m, name in zip(frames, names)])
        drift = max(np.linalg.norm(a - b) for a, b in itertools.combinations(anchors, 2))
        if drift > MAX_FRAME_ANCHOR_PX:
            worst = np.linalg.norm(anchors - np.median(anchors, axis=0), axis=1).argmax()
            failures.append(failure(output.asset_id, paths[names[worst]], "frame_anchor_px", drift, MAX_FRAME_ANCHOR_PX))
    return failures


def judge(output: Output, paths: dict[str, str], measured: dict[str, dict | None]) -> list[dict]:
    failures = [f for path in paths.values() for f in _judge_file(output.kind, output.asset_id, path, measured[path])]
    if output.kind == "unit":
        failures += _judge_animation(output, paths, measured)
    return failures


def silhouette_overlaps(catalog: Catalog) -> list[tuple[float, str, str, str]]:
    """(IoU, unit a, unit b, direction) of every pair of units' idle frame-0 silhouettes.
    Read here, not cached: 8 small PNGs per unit."""
    units = [output.asset_id for output in catalog.meshes("unit") if output.spec["pose"] == "idle"]
    overlaps = []
    for direction in sprite_sets.DIRECTIONS:
        masks = {}
        for unit in units:
            try:
                with Image.open(layout.sprite_path("unit", unit, f"{unit}_idle", f"idle_{direction}_0")) as image:
                    masks[unit] = np.asarray(image.convert("RGBA"))[..., 3] > 127
            except FileNotFoundError:
                continue  # reported missing per file
        for a, b in itertools.combinations(sorted(masks), 2):
            union = (masks[a] | masks[b]).sum()
            if masks[a].shape == masks[b].shape and union:
                overlaps.append((float((masks[a] & masks[b]).sum() / union), a, b, direction))
    return overlaps


def _judge_silhouettes(catalog: Catalog) -> list[dict]:
    failures = []
    for iou, a, b, direction in silhouette_overlaps(catalog):
        if iou >= SILHOUETTE_IOU:
            path = layout.sprite_path("unit", b, f"{b}_idle", f"idle_{direction}_0")
            failures.append(failure(b, path, f"silhouette_iou_vs_{a}", iou, SILHOUETTE_IOU))
    return failures


GATE = cache.Gate("sprites", __name__, ("numpy", "pillow", "scipy"), outputs, judge, cache.each(measure))
#: one mesh's sprites; the silhouette comparison between units needs them all (`check`)
count, check_output = GATE.count, GATE.check_output


def check(catalog: Catalog, cache_folder: str | None = cache.FOLDER) -> list[dict]:
    return GATE.check(catalog, cache_folder) + _judge_silhouettes(catalog)
