"""Helpers every procedural generator shares: seeded randomness and colours.

Generators are pure functions of their spec dict (see pipeline/catalog.py for
the fields of each kind). Randomness comes only from `rng_for(spec)`, so the
same catalog gives byte-identical outputs on every run.
"""
from __future__ import annotations

import zlib

import numpy as np


def rng_for(spec: dict, salt: str = "") -> np.random.Generator:
    """A generator seeded by the asset's seed, its prompt, its output name and `salt`.

    The output name (e.g. ``hills_2``) makes variants differ even though they
    share the catalog seed; `salt` lets one generator draw independent streams;
    `prompt_seed` (from the entry's own prompt, see pipeline/catalog.py) makes
    an edited prompt give a new take on the asset, as it would on a GPU model.
    """
    name = f"{spec.get('output', spec['id'])}/{salt}".encode()
    return np.random.default_rng([int(spec["seed"]), int(spec.get("prompt_seed", 0)), zlib.crc32(name)])


def parse_colour(hex_colour: str) -> np.ndarray:
    """'#rrggbb' -> float array [r, g, b] in 0..1."""
    value = hex_colour.lstrip("#")
    return np.array([int(value[i:i + 2], 16) / 255.0 for i in (0, 2, 4)])


def palette(spec: dict) -> list[np.ndarray]:
    """The asset's palette as float RGB arrays."""
    return [parse_colour(c) for c in spec["palette"]]


def shade(colour: np.ndarray, factor: float) -> np.ndarray:
    """Darken (<1) or lighten (>1) a colour, clamped to 0..1."""
    return np.clip(np.asarray(colour, dtype=float) * factor, 0.0, 1.0)


def mix(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    return np.asarray(a, dtype=float) * (1.0 - t) + np.asarray(b, dtype=float) * t


def nearest_colour(pal: list[np.ndarray], target: np.ndarray, limit: float) -> np.ndarray:
    """The palette colour closest to `target`, counting hue differences twice (a grey
    is not a blue of the same brightness), or `target` itself if none is within `limit`."""
    def distance(colour: np.ndarray) -> float:
        d = colour - target
        return float(np.linalg.norm(d) + np.linalg.norm(d - d.mean()))
    best = min(pal, key=distance)
    return best if distance(best) <= limit else target
