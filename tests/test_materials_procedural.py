"""The procedural PBR material generator: five maps per material, seamless,
in range, deterministic, and different per pattern and seed.

Small sizes (64 px, a few at 32) keep this fast; the recipes are size
independent (features are laid out in tile units), so what holds here holds
at the 1024 px build size.
"""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from pipeline.backends.procedural import materials
from pipeline.backends.procedural.common import parse_colour

MAPS = ("basecolor", "normal", "roughness", "metallic", "height")
MODES = {"basecolor": "RGB", "normal": "RGB", "roughness": "L", "metallic": "L", "height": "L"}

# one representative catalog material per pattern: (id, category, pattern, finish)
PATTERNS = [
    ("grass_meadow", "terrain", "grass", None),
    ("dirt_forest", "terrain", "dirt", None),
    ("sand_beach", "terrain", "sand", None),
    ("gravel_path", "terrain", "gravel", None),
    ("rock_granite", "terrain", "rock", None),
    ("snow_fresh", "terrain", "snow", None),
    ("mud_wet", "terrain", "mud", None),
    ("lava_rock", "terrain", "lava", None),
    ("brick_red", "architecture", "brick", None),
    ("stone_castle", "architecture", "stone_blocks", None),
    ("marble_white", "architecture", "marble", "polished"),
    ("plaster_cream", "architecture", "plaster", None),
    ("wood_planks", "architecture", "planks", None),
    ("thatch_roof", "architecture", "thatch", None),
    ("slate_roof", "architecture", "slate", None),
    ("cobblestone", "architecture", "cobblestone", None),
    ("steel_brushed", "metal", "metal", "brushed"),
    ("bark_oak", "organic", "bark", None),
    ("leaves_green", "organic", "leaves", None),
    ("water_surface", "organic", "water", None),
]
METAL_FINISHES = [
    ("bronze_polished", "polished"),
    ("bronze_patina", "patina"),
    ("iron_forged", "forged"),
    ("gold_ornate", "ornate"),
    ("silver_tarnished", "tarnished"),
    ("steel_brushed", "brushed"),
    ("weathered_metal", "weathered"),
    ("plain_metal", "clean"),
]


# palettes as in assets.yaml (dark -> light, accents such as moss or verdigris included)
PALETTES = {
    "grass_meadow": ["#2f4f1e", "#3f6b24", "#5a8c2f", "#7fae45", "#b6d46a"],
    "grass_dry": ["#5c4a26", "#8a7140", "#b39a5b", "#cdb77a", "#e2d4a0"],
    "dirt_forest": ["#2a1d12", "#4a3321", "#6b4c30", "#5d6b35", "#8c7453"],
    "sand_beach": ["#9c8355", "#c2a66e", "#d9c08a", "#e8d5a6", "#f4e8c8"],
    "gravel_path": ["#4a4540", "#6e6760", "#8f877c", "#b1a899", "#d0c8ba"],
    "rock_granite": ["#3b3a3a", "#5e5c5b", "#85817e", "#a9a29d", "#c9b8b0"],
    "snow_fresh": ["#9fb3c8", "#c3d2e0", "#dde7f0", "#eef3f8", "#ffffff"],
    "mud_wet": ["#241a11", "#3d2c1c", "#5a4229", "#77603f", "#8d7f66"],
    "lava_rock": ["#121010", "#2b2523", "#4a3c36", "#c23b0f", "#ff8a1f"],
    "brick_red": ["#5e1f15", "#8b3222", "#a94a33", "#c46a4c", "#cfc4b5"],
    "brick_weathered": ["#3d2a22", "#6b3f30", "#8a5a45", "#a3806a", "#8a8f6a"],
    "stone_castle": ["#4a4742", "#6d6961", "#8e8980", "#aea89c", "#c9c3b5"],
    "marble_white": ["#8f8f93", "#b9b8b6", "#dcdad5", "#ede9e2", "#fbf9f5"],
    "plaster_cream": ["#a8936c", "#c9b58f", "#dccba6", "#ebdfc3", "#f6efdc"],
    "wood_planks": ["#3e2a17", "#5f4226", "#81603a", "#a27f52", "#c3a277"],
    "thatch_roof": ["#4d3f26", "#7a6438", "#a68a4d", "#c9ad68", "#e0cb8c"],
    "slate_roof": ["#1f242a", "#323a43", "#4a535d", "#66707a", "#8a939b"],
    "cobblestone": ["#2e2c2a", "#4f4b47", "#716b64", "#948c82", "#6b7345"],
    "bronze_polished": ["#5a3514", "#8c5a24", "#b8803c", "#d9a860", "#f0cf94"],
    "bronze_patina": ["#3a2a18", "#6b4a26", "#3f7f6a", "#5fa58c", "#9fd1bc"],
    "iron_forged": ["#1a1a1c", "#2e2f33", "#4a4b50", "#6a6c70", "#7a4a2a"],
    "gold_ornate": ["#6b4a0e", "#a3741a", "#d4a22c", "#f0c94d", "#fff0a8"],
    "silver_tarnished": ["#2b2824", "#55524c", "#85827c", "#b0aeaa", "#d8d8d6"],
    "steel_brushed": ["#4e5257", "#6f747a", "#92979d", "#b4b9be", "#d5d9dd"],
    "bark_oak": ["#2a1f17", "#463628", "#66533f", "#8a7a66", "#6f7d3e"],
    "leaves_green": ["#1c3a12", "#2f5a1c", "#4a7f2a", "#6fa63c", "#a5cf63"],
    "leaves_autumn": ["#4a1e0e", "#8c2f14", "#c45a1c", "#e0952a", "#f0c75a"],
    "water_surface": ["#0d2f4a", "#14506e", "#1f7590", "#3a9bb0", "#8fd0dc"],
}


def make_spec(mid, category, pattern, finish=None, size=64, seed=11, **extra):
    palette = PALETTES.get(mid, ["#6e7378", "#9ea3a8", "#c2c7cc", "#7a4a2a"])
    spec = {
        "kind": "material", "id": mid, "output": mid, "seed": seed,
        "palette": palette, "prompt": f"{mid} texture", "negative": "",
        "category": category, "pattern": pattern, "finish": finish,
        "roughness": None, "metallic": None, "size": size,
    }
    spec.update(extra)
    return spec


def decode(maps: dict[str, bytes]) -> dict[str, Image.Image]:
    return {k: Image.open(io.BytesIO(v)) for k, v in maps.items()}


def arrays(maps: dict[str, bytes]) -> dict[str, np.ndarray]:
    return {k: np.asarray(im) for k, im in decode(maps).items()}


def seam_ok(a: np.ndarray) -> list[str]:
    """The materials gate's rule: the mean absolute difference across the
    wrap-around edge is no larger than between adjacent interior columns/rows."""
    a = a.astype(np.int16)
    problems = []
    for axis, name in ((1, "columns"), (0, "rows")):
        first = np.take(a, 0, axis=axis)
        last = np.take(a, -1, axis=axis)
        edge = np.abs(last - first).mean()
        interior = np.abs(np.diff(a, axis=axis)).mean()
        if edge > interior:
            problems.append(f"{name}: edge {edge:.3f} > interior {interior:.3f}")
    return problems


_cache: dict[tuple, dict[str, bytes]] = {}


def generated(mid, category, pattern, finish=None, size=64, seed=11):
    key = (mid, category, pattern, finish, size, seed)
    if key not in _cache:
        _cache[key] = materials.generate(make_spec(mid, category, pattern, finish, size, seed))
    return _cache[key]


ALL = PATTERNS + [(m, "metal", "metal", f) for m, f in METAL_FINISHES]
IDS = [f"{p[2]}-{p[3] or 'plain'}" for p in ALL]


def test_every_pattern_has_a_recipe():
    assert {p[2] for p in PATTERNS} == set(materials.RECIPES)


@pytest.mark.parametrize("mid,category,pattern,finish", ALL, ids=IDS)
def test_five_maps_size_mode(mid, category, pattern, finish):
    images = decode(generated(mid, category, pattern, finish))
    assert set(images) == set(MAPS)
    for name, im in images.items():
        assert im.format == "PNG"
        assert im.size == (64, 64), name
        assert im.mode == MODES[name], name
    for name, data in generated(mid, category, pattern, finish).items():
        for chunk in (b"tEXt", b"zTXt", b"iTXt", b"tIME", b"pHYs"):
            assert chunk not in data, f"{name}: PNG metadata chunk {chunk!r}"


@pytest.mark.parametrize("mid,category,pattern,finish", ALL, ids=IDS)
def test_seamless_tiling(mid, category, pattern, finish):
    for name, a in arrays(generated(mid, category, pattern, finish)).items():
        assert not seam_ok(a), f"{name}: {seam_ok(a)}"


@pytest.mark.parametrize("size,seed", [(32, 3), (128, 5)])
@pytest.mark.parametrize("mid,category,pattern,finish", PATTERNS, ids=IDS[:len(PATTERNS)])
def test_seamless_other_sizes(mid, category, pattern, finish, size, seed):
    for name, a in arrays(generated(mid, category, pattern, finish, size, seed)).items():
        assert a.shape[:2] == (size, size)
        assert not seam_ok(a), f"{size}px {name}: {seam_ok(a)}"


@pytest.mark.parametrize("mid,category,pattern,finish", ALL, ids=IDS)
def test_normals_unit_length_and_from_height(mid, category, pattern, finish):
    m = arrays(generated(mid, category, pattern, finish))
    n = m["normal"].astype(float) * 2.0 / 255.0 - 1.0
    length = np.linalg.norm(n, axis=-1)
    assert np.abs(length - 1.0).max() < 0.02
    assert (n[..., 2] > 0).all(), "normals must face out of the surface"
    # OpenGL convention: x follows -dh/dx (right), y follows -dh/dy with +y up
    h = m["height"].astype(float)
    dhdx = np.roll(h, -1, 1) - np.roll(h, 1, 1)
    dhdy_up = np.roll(h, 1, 0) - np.roll(h, -1, 0)
    assert np.corrcoef(n[..., 0].ravel(), -dhdx.ravel())[0, 1] > 0.5
    assert np.corrcoef(n[..., 1].ravel(), -dhdy_up.ravel())[0, 1] > 0.5


@pytest.mark.parametrize("mid,category,pattern,finish", ALL, ids=IDS)
def test_value_ranges_and_variation(mid, category, pattern, finish):
    m = arrays(generated(mid, category, pattern, finish))
    rough = m["roughness"] / 255.0
    metal = m["metallic"] / 255.0
    assert 0.0 <= rough.min() and rough.max() <= 1.0
    if category == "metal":
        assert metal.mean() > 0.6
    else:
        assert metal.mean() < 0.15
    assert m["basecolor"].std() > 5.0, "basecolor is nearly uniform"
    assert m["height"].std() > 10.0, "height carries no structure"
    assert m["roughness"].std() > 1.0, "roughness is uniform"
    assert m["normal"].std() > 1.0


def test_spec_roughness_and_metallic_means_are_honoured():
    spec = make_spec("brick_red", "architecture", "brick", roughness=0.35, metallic=0.05)
    m = arrays(materials.generate(spec))
    assert abs(m["roughness"].mean() / 255.0 - 0.35) < 0.03
    assert abs(m["metallic"].mean() / 255.0 - 0.05) < 0.03
    spec = make_spec("gold_ornate", "metal", "metal", "ornate", roughness=0.6, metallic=0.8)
    m = arrays(materials.generate(spec))
    assert abs(m["roughness"].mean() / 255.0 - 0.6) < 0.03
    assert abs(m["metallic"].mean() / 255.0 - 0.8) < 0.03
    assert m["roughness"].std() > 1.0


def test_deterministic_bytes():
    for mid, category, pattern, finish in (PATTERNS[0], PATTERNS[8], ALL[-5]):
        spec = make_spec(mid, category, pattern, finish)
        assert materials.generate(spec) == materials.generate(dict(spec))


def test_seed_changes_output():
    a = generated("cobblestone", "architecture", "cobblestone", seed=1)
    b = generated("cobblestone", "architecture", "cobblestone", seed=2)
    for name in MAPS:
        if name != "metallic":                                    # all zero for non-metals
            assert a[name] != b[name], name


def test_patterns_differ():
    colours = {}
    for mid, category, pattern, finish in PATTERNS:
        colours[pattern] = generated(mid, category, pattern, finish)["basecolor"]
    assert len(set(colours.values())) == len(PATTERNS)
    # same palette, different recipe: the height structure differs too
    pal = {"palette": ["#7a6a5a", "#a89888", "#403830"]}
    heights = {p: arrays(materials.generate(make_spec("x", "terrain", p, **pal)))["height"]
               for p in ("brick", "cobblestone", "planks", "grass")}
    keys = list(heights)
    for i, p in enumerate(keys):
        for q in keys[i + 1:]:
            assert np.abs(heights[p].astype(int) - heights[q]).mean() > 10, (p, q)


@pytest.mark.parametrize("pattern", sorted(materials.RECIPES))
def test_two_colour_palettes_work(pattern):
    spec = make_spec("two", "metal" if pattern == "metal" else "terrain", pattern,
                     "patina" if pattern == "metal" else None, size=32,
                     palette=["#445566", "#ccbb99"])
    m = arrays(materials.generate(spec))
    assert m["basecolor"].shape == (32, 32, 3)
    assert m["basecolor"].std() > 3.0


def test_brick_courses_wrap():
    """Mortar rows (low height) recur with the same period across the wrap."""
    m = arrays(generated("brick_red", "architecture", "brick", size=128))
    rows = m["height"].mean(axis=1)
    # the tiled column profile is as continuous at the seam as inside
    tiled = np.concatenate([rows, rows])
    jumps = np.abs(np.diff(tiled))
    assert jumps[len(rows) - 1] <= np.percentile(jumps, 90)


def test_palette_roles():
    """Body colours sorted dark -> light; other-hued saturated colours are accents."""
    def split(hexes):
        body, accents = materials.split_palette([np.array(parse_colour(h)) for h in hexes])
        as_hex = lambda cols: ["#%02x%02x%02x" % tuple(int(round(v * 255)) for v in c) for c in cols]
        return as_hex(body), as_hex(accents)

    body, accents = split(PALETTES["bronze_patina"])
    assert body == ["#3a2a18", "#6b4a26"] and accents[0] == "#3f7f6a"
    assert split(PALETTES["cobblestone"])[1] == ["#6b7345"]           # moss between grey stones
    assert split(PALETTES["lava_rock"])[1] == ["#c23b0f", "#ff8a1f"]   # glow
    assert split(PALETTES["grass_meadow"])[1] == []
    body, _ = split(["#fbf9f5", "#8f8f93", "#dcdad5"])                  # order does not matter
    assert body == ["#8f8f93", "#dcdad5", "#fbf9f5"]


def test_marble_body_is_the_lightest_colour():
    """Marble is light stone with darker veins whatever the palette order."""
    for pal in (PALETTES["marble_white"], PALETTES["marble_white"][::-1]):
        m = arrays(materials.generate(make_spec("marble_white", "architecture", "marble",
                                                "polished", palette=pal)))
        assert np.median(m["basecolor"]) > 200


def test_rejects_unknown_pattern():
    with pytest.raises(ValueError):
        materials.generate(make_spec("x", "terrain", "chocolate"))
