"""The review gallery (out/review/index.html), loaded in headless Chromium.

Chromium is Debian's package (tools/system_deps.sh installs it); the page marks
its <body> with how many of its images loaded, and Chromium's --dump-dom hands
us that mark after the load event.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from conftest import copy_project

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (tools/system_deps.sh installs it)")


def _chromium(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
                          capture_output=True, text=True, timeout=120)


def _images_loaded(page) -> tuple[int, int]:
    dom = _chromium("--virtual-time-budget=5000", "--dump-dom", page.as_uri()).stdout
    body = re.search(r'<body data-images-total="(\d+)" data-images-loaded="(\d+)"', dom)
    assert body, f"the gallery did not mark its images (no load event?): {dom[:300]}"
    return int(body.group(1)), int(body.group(2))


def _images_in(text: str) -> list[str]:
    return re.findall(r'<img src="([^"]+)"', text)


@pytest.fixture(scope="module")
def gallery_project(built_small, tmp_path_factory):
    project = copy_project(built_small, tmp_path_factory.mktemp("gallery") / "project")
    project.doit("gallery")
    return project


def test_gallery_shows_every_asset_with_prompt_seed_fingerprint_and_state(gallery_project):
    text = (gallery_project.root / "out/review/index.html").read_text()
    catalog = (gallery_project.root / "assets.yaml").read_text()
    for asset_id in re.findall(r"^  - id: (\S+)", catalog, re.M):
        assert f"<b>{asset_id}" in text, f"{asset_id} has no card"
    assert "lush meadow grass seen from above" in text  # a prompt
    assert "seed 1000" in text
    assert re.search(r'<p class="fp"[^>]*>[0-9a-f]{16}</p>', text)
    assert "up to date" in text and "stale:" not in text
    assert "gates not run" in text
    # every unit animates all three animations, with frames for every direction
    assert text.count("data-frames=") == 3 * catalog.count("archetype:")


@needs_chromium
def test_every_gallery_image_loads_in_chromium_and_the_page_renders(gallery_project, tmp_path):
    page = gallery_project.root / "out/review/index.html"
    total, loaded = _images_loaded(page)
    assert total == len(_images_in(page.read_text())) > 30
    assert loaded == total
    shot = tmp_path / "gallery.png"
    _chromium("--virtual-time-budget=5000", "--window-size=1280,900", f"--screenshot={shot}", page.as_uri())
    pixels = np.asarray(Image.open(io.BytesIO(shot.read_bytes())).convert("L"), dtype=float)
    assert pixels.shape == (900, 1280) and pixels.std() > 20  # thumbnails and text, not a blank page


@needs_chromium
def test_a_missing_image_shows_as_broken(gallery_project, tmp_path):
    broken = copy_project(gallery_project, tmp_path / "broken")
    page = broken.root / "out/review/index.html"
    first = _images_in(page.read_text())[0]
    (page.parent / first).unlink()
    total, loaded = _images_loaded(page)
    assert loaded == total - 1


def test_gallery_shows_stale_assets_and_gate_failures(gallery_project, tmp_path):
    project = copy_project(gallery_project, tmp_path / "stale")
    project.edit("assets.yaml", "lush meadow grass seen from above", "dry meadow grass seen from above")
    gates = project.root / "out/review/gates"
    gates.mkdir(parents=True, exist_ok=True)
    (gates / "sprites.json").write_text('{"gate": "sprites", "passed": false, "checked": 1, "failures": '
                                        '[{"asset": "warrior", "path": "x", "check": "edge touch", "value": 3, "limit": 0}]}')
    before = project.outputs()
    subprocess.run([sys.executable, "-m", "pipeline.gallery"], cwd=project.root, check=True, capture_output=True)
    text = (project.root / "out/review/index.html").read_text()
    assert re.search(r"stale: materials:grass_meadow: prompt/spec changed \([^)]*prompt", text)
    assert text.count("stale:") == 1
    assert "sprites: edge touch = 3" in text
    after = project.outputs()
    assert {path for path in after if after[path] != before.get(path)} == {"out/review/index.html"}  # built nothing
    # `doit gallery` builds what it shows first, then the page is fresh again
    assert "materials:grass_meadow" in project.doit("gallery").executed
    assert "stale:" not in (project.root / "out/review/index.html").read_text()
    assert project.doit("gallery").executed == set()
