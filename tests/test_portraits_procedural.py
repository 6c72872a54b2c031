"""The procedural leader portraits: five images per leader, right sizes, not
blank, three distinct backgrounds, bust and icon of the same sitter,
different leaders look different, deterministic.

Each leader takes about a second, so the tests share one generation of a few
representative catalog leaders (module-scoped cache).
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.backends.procedural import portraits
from pipeline.catalog import load_catalog

REPO = Path(__file__).resolve().parent.parent
ROLES = ("full_1", "full_2", "full_3", "bust", "icon")
# a bearded king, a queen with a ruff, a bald moustached chancellor
SAMPLE = ("persia_cyrus", "england_elizabeth", "germany_bismarck")


@lru_cache(maxsize=None)
def specs() -> dict[str, dict]:
    return {o.asset_id: o.spec for o in load_catalog(REPO / "assets.yaml").portraits()}


@lru_cache(maxsize=None)
def images(leader: str) -> dict[str, np.ndarray]:
    out = portraits.generate(specs()[leader])
    assert set(out) == set(ROLES)
    return {role: _decode(png) for role, png in out.items()}


def _decode(png: bytes) -> np.ndarray:
    im = Image.open(io.BytesIO(png))
    assert im.format == "PNG" and im.mode == "RGB"
    return np.asarray(im, dtype=np.float64)


@pytest.mark.parametrize("leader", SAMPLE)
def test_five_images_of_the_catalog_sizes(leader):
    sizes = specs()[leader]["sizes"]
    for role, img in images(leader).items():
        w, h = sizes[role]
        assert img.shape == (h, w, 3), role


@pytest.mark.parametrize("leader", SAMPLE)
def test_images_are_not_blank(leader):
    for role, img in images(leader).items():
        assert img.std() > 20.0, role                 # not near-uniform
        assert 30.0 < img.mean() < 225.0, role        # neither black nor white


@pytest.mark.parametrize("leader", SAMPLE)
def test_three_full_portraits_differ(leader):
    imgs = images(leader)
    fulls = [imgs[f"full_{i}"] for i in (1, 2, 3)]
    for i in range(3):
        for j in range(i + 1, 3):
            assert np.abs(fulls[i] - fulls[j]).mean() > 12.0, (i + 1, j + 1)


@pytest.mark.parametrize("leader", SAMPLE)
def test_figure_is_the_same_on_every_background(leader):
    """The sitter's face (centre of the image) is identical across the three."""
    imgs = images(leader)
    h, w = imgs["full_1"].shape[:2]
    cx, cy, r = w // 2, int(h * portraits.FACE_Y), int(w * portraits.HEAD_W * 0.25)
    faces = [imgs[f"full_{i}"][cy - r:cy + r, cx - r:cx + r] for i in (1, 2, 3)]
    assert np.abs(faces[0] - faces[1]).mean() < 6.0
    assert np.abs(faces[0] - faces[2]).mean() < 6.0


@pytest.mark.parametrize("leader", SAMPLE)
def test_bust_and_icon_show_the_same_head(leader):
    imgs = images(leader)
    bust, icon = imgs["bust"], imgs["icon"]
    size = bust.shape[0]
    head = Image.fromarray(bust.astype(np.uint8)).resize(icon.shape[1::-1], Image.LANCZOS,
                                                         box=portraits.head_box(size))
    head = np.asarray(head, dtype=np.float64)
    assert np.abs(icon.mean(axis=(0, 1)) - head.mean(axis=(0, 1))).max() < 8.0
    # and the bust is the full portrait's sitter, enlarged: the middle of both
    # (away from the vignette, which each image gets for itself) has the same colours
    full = imgs["full_1"]
    fh, fw = full.shape[:2]
    x0, y0, x1, y1 = portraits.bust_box(fw, fh)
    crop = np.asarray(Image.fromarray(full.astype(np.uint8)).resize((size, size), Image.LANCZOS,
                                                                    box=(x0, y0, x1, y1)), dtype=np.float64)
    mid = slice(size // 4, 3 * size // 4)
    assert np.abs(crop[mid, mid].mean(axis=(0, 1)) - bust[mid, mid].mean(axis=(0, 1))).max() < 10.0


def test_different_leaders_differ():
    a, b, c = (images(leader) for leader in SAMPLE)
    for role in ("bust", "icon"):
        assert np.abs(a[role] - b[role]).mean() > 15.0, role
        assert np.abs(a[role] - c[role]).mean() > 15.0, role
        assert np.abs(b[role] - c[role]).mean() > 15.0, role


def test_deterministic():
    spec = specs()["india_gandhi"]
    assert portraits.generate(spec) == portraits.generate(dict(spec))


def test_seed_changes_the_picture():
    spec = dict(specs()["india_gandhi"], seed=12345)
    assert portraits.generate(spec)["full_1"] != portraits.generate(specs()["india_gandhi"])["full_1"]


@pytest.mark.parametrize("text, scene", [
    ("imperial throne room of polished marble", "interior"),
    ("view over the Forum under a golden sunset sky", "outdoor"),
    ("legionary command tent at night lit by oil lamps", "night"),
    ("palace hall with hanging brass lamps", "interior"),
    ("a swirl of colour", "abstract"),
])
def test_scene_is_read_from_the_background_text(text, scene):
    assert portraits.scene_of(text) == scene


def test_look_follows_the_catalog_words():
    looks = {leader: portraits.read_look(spec) for leader, spec in specs().items()}
    assert looks["rome_trajan"].headwear == "laurel"
    assert looks["arabia_harun"].headwear == "turban"
    assert looks["aztec_montezuma"].headwear == "feathers"
    assert looks["persia_cyrus"].beard == "long"
    assert looks["rome_trajan"].beard == "none"
    assert looks["germany_bismarck"].moustache == "walrus"
    assert looks["india_gandhi"].glasses
    assert "ruff" in looks["england_elizabeth"].dress
    assert "epaulettes" in looks["germany_bismarck"].dress
    assert looks["england_elizabeth"].female and not looks["japan_tokugawa"].female


def test_unknown_leader_still_renders():
    """A leader outside the 12 (unknown civilization, no keywords) gets defaults."""
    spec = dict(specs()["rome_trajan"], id="atlantis_x", output="atlantis_x", civilization="Atlantis",
                era="modern", clothing="plain garments", features="calm", seed=1,
                backgrounds=["somewhere", "nowhere", "elsewhere"])
    out = portraits.generate(spec)
    assert set(out) == set(ROLES)
    assert _decode(out["full_1"]).std() > 20.0


def test_lower_colour_temperature_gives_warmer_light():
    """The key light follows `color_temperature`: 2500 K reads redder than 9000 K."""
    base = specs()["germany_bismarck"]

    def warmth(kelvin: int) -> float:
        face = _decode(portraits.generate(dict(base, color_temperature=kelvin))["icon"])
        return float(face[..., 0].mean() - face[..., 2].mean())

    assert warmth(2500) > warmth(9000) + 10.0
