"""The procedural UI icon generator: every catalog motif drawn, right sizes,
transparent corners, real content, distinct technology icons, deterministic
bytes, and the same motif at every size.

Icons are generated once per module from the real catalog (177 PNGs, a few
seconds) and shared by the tests.
"""
from __future__ import annotations

import io
import struct
from pathlib import Path

import numpy as np
import pytest
import yaml
from PIL import Image

from pipeline.backends.procedural import icons
from pipeline.backends.procedural.glyphs import DRAWERS

REPO = Path(__file__).resolve().parent.parent
CATALOG = yaml.safe_load((REPO / "assets.yaml").read_text())["icons"]


def make_specs(group: str) -> list[dict]:
    section = CATALOG[group]
    return [dict(entry, kind="icon", output=entry["id"], group=group, sizes=list(section["sizes"]),
                 era=entry.get("era"), negative="") for entry in section["items"]]


SPECS = [spec for group in CATALOG for spec in make_specs(group)]
TECH = make_specs("technology")


def decode(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def rgba(png: bytes) -> np.ndarray:
    return np.asarray(decode(png).convert("RGBA")).astype(float) / 255.0


def thumb(png: bytes, n: int = 32) -> np.ndarray:
    """Greyscale + alpha at n x n, 0..1: a cheap perceptual fingerprint."""
    return np.asarray(decode(png).convert("LA").resize((n, n), Image.BOX)).astype(float) / 255.0


@pytest.fixture(scope="module")
def built() -> dict[str, dict[str, bytes]]:
    return {f"{s['group']}/{s['id']}": icons.generate(s) for s in SPECS}


def test_catalog_has_the_planned_icon_counts():
    counts = {group: len(CATALOG[group]["items"]) for group in CATALOG}
    assert counts == {"yield": 6, "status": 6, "technology": 70, "resource_map": 25}
    assert sum(len(s["sizes"]) for s in SPECS) == 177


def test_every_catalog_motif_has_a_drawing():
    missing = sorted({s["motif"] for s in SPECS} - set(DRAWERS))
    assert not missing, f"motifs without a drawing function: {missing}"


def test_every_technology_era_has_a_frame_colour():
    assert {s["era"] for s in TECH} <= set(icons.ERA_COLOURS)


def test_sizes_and_mode(built):
    for spec in SPECS:
        out = built[f"{spec['group']}/{spec['id']}"]
        assert set(out) == {str(s) for s in spec["sizes"]}, spec["id"]
        for size, png in out.items():
            image = decode(png)
            assert image.format == "PNG" and image.mode == "RGBA", spec["id"]
            assert image.size == (int(size), int(size)), spec["id"]


def test_png_has_no_metadata_chunks(built):
    png = built["technology/pottery"]["64"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, kinds = 8, set()
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        kinds.add(kind)
        pos += 12 + length
    assert kinds == {b"IHDR", b"IDAT", b"IEND"}


def test_corners_and_outside_are_transparent(built):
    for key, out in built.items():
        for size, png in out.items():
            a = rgba(png)[..., 3]
            n = a.shape[0]
            for corner in (a[:2, :2], a[:2, -2:], a[-2:, :2], a[-2:, -2:]):
                assert corner.max() == 0.0, f"{key} @{size}: corner not transparent"
            if key.startswith(("technology/", "resource_map/")):      # round badges: nothing outside the disc
                t = (np.arange(n) + 0.5) / n
                r = np.hypot(*np.meshgrid(t - 0.5, t - 0.5))
                assert a[r > 0.5 + 1.5 / n].max() == 0.0, f"{key} @{size}: paint outside the badge"


def test_icons_have_real_content(built):
    for key, out in built.items():
        for size, png in out.items():
            a = rgba(png)
            alpha = a[..., 3]
            assert 0.15 < (alpha > 0.5).mean() < 0.95, f"{key} @{size}: coverage {(alpha > 0.5).mean():.2f}"
            assert alpha.std() > 0.2, f"{key} @{size}: alpha nearly uniform"
            solid = a[alpha > 0.9][:, :3]
            lum = solid @ np.array([0.3, 0.59, 0.11])
            assert lum.std() > 0.08, f"{key} @{size}: colour nearly uniform ({lum.std():.3f})"
            assert len(np.unique((solid * 15).round(), axis=0)) >= 6, f"{key} @{size}: too few colours"


def test_technology_icons_are_pairwise_distinct(built):
    pngs = {s["id"]: built[f"technology/{s['id']}"]["64"] for s in TECH}
    assert len(set(pngs.values())) == len(pngs), "identical technology icon bytes"
    names = list(pngs)
    thumbs = np.stack([thumb(pngs[n]) for n in names])
    flat = thumbs.reshape(len(names), -1)
    worst = (1.0, None)
    for i in range(len(names)):
        d = np.abs(flat[i + 1:] - flat[i]).mean(axis=1)
        if d.size and d.min() < worst[0]:
            j = i + 1 + int(d.argmin())
            worst = (float(d.min()), (names[i], names[j]))
    # frames look alike in grey, so the floor measures the motifs; the catalog's closest pair is ~0.03
    assert worst[0] > 0.02, f"technology icons too alike: {worst[1]} differ by {worst[0]:.3f}"


def test_generation_is_deterministic():
    for spec in (SPECS[0], TECH[17], TECH[-1], make_specs("resource_map")[3]):
        assert icons.generate(dict(spec)) == icons.generate(dict(spec)), spec["id"]


def test_sizes_show_the_same_motif(built):
    """The 64 px icon downscaled to 48 matches the 48 px one far better than any other icon."""
    small = {s["id"]: thumb(built[f"technology/{s['id']}"]["48"], 48) for s in TECH}
    for spec in TECH:
        big = decode(built[f"technology/{spec['id']}"]["64"]).convert("LA").resize((48, 48), Image.LANCZOS)
        big = np.asarray(big).astype(float) / 255.0
        own = np.abs(big - small[spec["id"]]).mean()
        assert own < 0.03, f"{spec['id']}: 48 px differs from downscaled 64 px by {own:.3f}"
        others = min(np.abs(big - small[o]).mean() for o in small if o != spec["id"])
        assert own < others / 2, f"{spec['id']}: 48 px looks more like another icon"


def test_era_frames_differ(built):
    """Each era gets its own ring colour (sampled on the ring, top centre)."""
    ring = {}
    for spec in TECH:
        a = rgba(built[f"technology/{spec['id']}"]["64"])
        ring.setdefault(spec["era"], set()).add(tuple((a[3, 32, :3] * 255).round()))
    assert all(len(colours) == 1 for colours in ring.values()), "one era, several ring colours"
    assert len({next(iter(c)) for c in ring.values()}) == len(ring), "two eras share a ring colour"


def test_shared_motif_follows_the_palette(built):
    """cow_head serves a technology and a resource; each uses its own palette."""
    tech = rgba(built["technology/animal_husbandry"]["64"])
    res = rgba(built["resource_map/cattle"]["32"])
    assert tech.shape[0] == 64 and res.shape[0] == 32
    assert not np.allclose(tech[24:40, 24:40, :3].mean(axis=(0, 1)), res[12:20, 12:20, :3].mean(axis=(0, 1)), atol=0.02)


def test_bad_specs_raise():
    spec = dict(TECH[0])
    with pytest.raises(ValueError, match="motif"):
        icons.generate(dict(spec, motif="no_such_motif"))
    with pytest.raises(ValueError, match="group"):
        icons.generate(dict(spec, group="no_such_group"))
    with pytest.raises(ValueError, match="sizes"):
        icons.generate(dict(spec, sizes=[]))
