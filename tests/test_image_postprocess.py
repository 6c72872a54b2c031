"""pipeline/image_postprocess.py: SDXL-like images made here -> finished materials, portraits and icons
that pass the project's gates; plus the optional ControlNet and CHORD workflows."""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from pipeline import png
from pipeline.backends.comfyui import workflows
from pipeline.backends.comfyui.client import ComfyClient, Timeouts, check_png
from pipeline.backends.comfyui.workflows import WorkflowError
from pipeline.catalog import Output, load_catalog
from pipeline.gates import materials, portraits
from pipeline.image_postprocess import (ImagePostprocessError, finish_icon, finish_image, finish_material,
                                        make_tileable, resize_periodic, seam_ratio)
from tests.comfy_test_server import ComfyTestServer, make_png

REPO = Path(__file__).resolve().parent.parent
LUMA = np.array([0.2126, 0.7152, 0.0722])
FAST = Timeouts(connect=1.0, read=1.0, transfer=2.0, poll=0.2)


# --- synthetic SDXL-like inputs (cached: callers copy before changing one) -------------------

def _encode(pixels: np.ndarray) -> bytes:
    return png.encode(np.clip(np.rint(pixels), 0, 255).astype(np.uint8), 1)


def _noise(rng, h: int, w: int, beta: float = 1.6) -> np.ndarray:
    """Periodic power-law noise, 0..1 (a random-phase spectrum: wraps around by construction)."""
    ky, kx = np.fft.fftfreq(h)[:, None], np.fft.fftfreq(w)[None, :]
    amp = 1.0 / np.maximum(np.hypot(kx, ky), 1.0 / max(h, w)) ** beta
    field = np.fft.ifft2(amp * np.exp(2j * np.pi * rng.random((h, w)))).real
    return (field - field.min()) / (field.max() - field.min())


@lru_cache(maxsize=None)
def periodic_texture(n: int = 512) -> np.ndarray:
    """A seamless texture as SeamlessTile/CircularVAEDecode would give: periodic noise, mossy colours."""
    rng = np.random.default_rng(11)
    t = _noise(rng, n, n)
    return np.dstack([40 + 120 * t, 60 + 140 * t, 25 + 60 * t]) + 20 * _noise(rng, n, n, 0.8)[..., None]


@lru_cache(maxsize=None)
def photo(width: int = 1024, height: int = 768) -> np.ndarray:
    """A plain (non-tiling) SDXL picture of a surface: a crop of a larger texture, light falling from
    the top left, film grain. Its edges do not meet."""
    rng = np.random.default_rng(12)
    t = _noise(rng, 2 * height, 2 * width)[height // 3:height // 3 + height, width // 5:width // 5 + width]
    yy, xx = np.mgrid[0:height, 0:width]
    light = 1.25 - 0.5 * xx / width - 0.3 * yy / height
    rgb = np.dstack([150 * t + 60, 110 * t + 45, 80 * t + 30]) * light[..., None]
    return rgb + rng.normal(0, 6, rgb.shape)


def small_image() -> np.ndarray:
    """64 x 64, periodic: what a cheap test server or a thumbnail would return."""
    return periodic_texture(64)


@lru_cache(maxsize=None)
def portrait_picture(width: int = 832, height: int = 1216) -> np.ndarray:
    """A warm, painterly SDXL-like portrait: a figure in front of a graded, textured background."""
    rng = np.random.default_rng(13)
    yy, xx = np.mgrid[0:height, 0:width]
    t = _noise(rng, height, width, 1.2)
    background = np.dstack([70 + 60 * t + 40 * yy / height, 45 + 40 * t, 30 + 30 * t + 20 * xx / width])
    image = Image.fromarray(np.clip(background, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    cx = width // 2
    draw.polygon([(cx - 330, height), (cx - 200, int(0.5 * height)), (cx + 200, int(0.5 * height)),
                  (cx + 330, height)], fill=(120, 35, 70))                                      # robe
    draw.ellipse((cx - 120, int(0.2 * height), cx + 120, int(0.45 * height)), fill=(215, 170, 135))   # face
    draw.rectangle((cx - 150, int(0.18 * height), cx + 150, int(0.23 * height)), fill=(200, 160, 50))  # wreath
    pixels = np.asarray(image.filter(ImageFilter.GaussianBlur(2)), dtype=float)
    return pixels * (0.85 + 0.3 * _noise(rng, height, width, 1.0)[..., None]) + rng.normal(0, 5, pixels.shape)


BACKGROUND = np.array([236.0, 233.0, 226.0])


@lru_cache(maxsize=None)
def icon_picture(n: int = 1024) -> np.ndarray:
    """An SDXL icon on a plain background (a soft gradient and grain): a dark-outlined gold medal with
    a hole of the background's colour in it, and a handle, off centre."""
    rng = np.random.default_rng(14)
    yy, xx = np.mgrid[0:n, 0:n]
    shade = -14 * yy / n - 8 * np.hypot(yy - n / 2, xx - n / 2) / n
    image = Image.fromarray(np.clip(BACKGROUND + shade[..., None], 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    s = n / 1024
    draw.ellipse((300 * s, 240 * s, 760 * s, 700 * s), fill=(40, 30, 25))           # outline
    draw.ellipse((318 * s, 258 * s, 742 * s, 682 * s), fill=(205, 150, 40))         # gold
    draw.ellipse((470 * s, 410 * s, 590 * s, 530 * s), fill=tuple(int(c) for c in BACKGROUND))  # enclosed hole
    draw.rectangle((500 * s, 690 * s, 560 * s, 900 * s), fill=(90, 60, 40))         # handle
    pixels = np.asarray(image.filter(ImageFilter.GaussianBlur(1.2 * s)), dtype=float)
    return pixels + rng.normal(0, 2.0, pixels.shape)


# --- helpers ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REPO / "tests" / "data" / "small_catalog.yaml")


def material(catalog, asset_id: str, size: int | None = None) -> Output:
    output = next(o for o in catalog.materials() if o.asset_id == asset_id)
    spec = dict(output.spec) if size is None else dict(output.spec, size=size)
    return Output(output.kind, output.asset_id, output.name, spec)


def write(files: dict[str, bytes], folder: Path) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for role, data in files.items():
        (folder / f"{role}.png").write_bytes(data)
        paths[role] = str(folder / f"{role}.png")
    return paths


def busiest_boundary(pixels: np.ndarray) -> float:
    """The largest mean step across one row or column boundary (wrap-around included) over the mean
    step, both axes: about 1.2-2.5 on a seamless tile, 10-40 where a tile has a seam somewhere."""
    a = pixels.astype(float)
    worst = 1.0
    for axis in (0, 1):
        steps = np.abs(np.roll(a, -1, axis=axis) - a).mean(axis=tuple(i for i in range(a.ndim) if i != axis))
        if steps.mean() > 0:
            worst = max(worst, steps.max() / steps.mean())
    return worst


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


# --- materials ---------------------------------------------------------------------

INPUTS = {"periodic": periodic_texture, "photo": photo, "small": small_image}


@pytest.mark.parametrize("source", sorted(INPUTS))
@pytest.mark.parametrize("asset_id, size", [("grass_meadow", None), ("bronze_polished", 256)])
def test_materials_have_five_tileable_maps_that_pass_the_gate(source, asset_id, size, catalog, tmp_path):
    output = material(catalog, asset_id, size)
    n = output.spec["size"]
    maps = finish_material(_encode(INPUTS[source]()), output.spec)
    assert list(maps) == ["basecolor", "normal", "roughness", "metallic", "height"]
    for role, data in maps.items():
        image = decode(data)
        assert (image.format, image.mode, image.size) == ("PNG", materials.MODES[role], (n, n)), role
    paths = write(maps, tmp_path)
    assert materials.check_output(output, paths, cache_folder=None) == []
    for role, path in paths.items():      # every map tiles by the gate's own measure, with room to spare
        assert max(materials.measure(path)["seam_ratio"]) < 1.1, role
        # and no seam hides inside the tile either (rolling a non-tiling image would fool the gate):
        # the busiest row/column boundary, wrap-around included, is no step apart from the others
        assert busiest_boundary(np.asarray(decode(maps[role]))) < 4.0, role


def test_a_plain_picture_does_not_tile_until_finished(catalog, tmp_path):
    """The gate catches the raw photo (scaled without care) as the basecolor: the input really is
    non-tiling, and the finished map is not just passing a blind gate."""
    output = material(catalog, "grass_meadow")
    n = output.spec["size"]
    maps = finish_material(_encode(photo()), output.spec)
    raw = Image.fromarray(np.clip(photo(), 0, 255).astype(np.uint8)).resize((n, n), Image.LANCZOS)
    paths = write({**maps, "basecolor": png.encode(raw, 1)}, tmp_path)
    checks = {f["check"] for f in materials.check_output(output, paths, cache_folder=None)}
    assert checks == {"seam_left/right", "seam_top/bottom"}


def test_a_seamless_texture_is_kept_and_a_plain_one_made_seamless():
    texture = periodic_texture(256) / 255.0
    assert np.array_equal(make_tileable(texture), texture.astype(np.float32))
    plain = np.clip(photo(384, 256) / 255.0, 0, 1)[:256, :256]
    assert min(seam_ratio(plain * 255, axis) for axis in (0, 1)) > 2.0
    tile = make_tileable(plain)
    assert tile.shape == (224, 224, 3)                 # a tile cut from it: 1/8 of the side cross-faded
    assert max(seam_ratio(tile * 255, axis) for axis in (0, 1)) < 1.1


def test_resizing_is_periodic():
    """Shifting a periodic image by one output pixel shifts its resized image by exactly one pixel,
    also across the edges (an ordinary resize clamps at the edges and breaks this)."""
    texture = periodic_texture(256)[..., 0] / 255.0
    small = resize_periodic(texture, 32)
    shifted = resize_periodic(np.roll(texture, (8, -16), axis=(0, 1)), 32)
    assert np.allclose(np.roll(small, (1, -2), axis=(0, 1)), shifted, atol=1e-4)
    plain = np.asarray(Image.fromarray(texture.astype(np.float32)).resize((32, 32), Image.LANCZOS))
    plain_shifted = np.asarray(Image.fromarray(np.roll(texture, (8, -16), axis=(0, 1)).astype(np.float32))
                               .resize((32, 32), Image.LANCZOS))
    assert not np.allclose(np.roll(plain, (1, -2), axis=(0, 1)), plain_shifted, atol=1e-4)


def test_normal_map_uses_the_opengl_convention(catalog):
    """A bright bump reads as raised: right of its top the normal leans right (red > 128), above it
    up the image (green > 128, OpenGL/glTF +Y up), as the procedural materials' normal maps."""
    n = 128
    yy, xx = np.mgrid[0:n, 0:n]
    bump = np.exp(-((yy - 64.0) ** 2 + (xx - 64.0) ** 2) / (2 * 8.0 ** 2))
    rng = np.random.default_rng(3)
    rgb = (60 + 160 * bump)[..., None] * np.array([1.0, 0.9, 0.8]) + rng.normal(0, 1.0, (n, n, 3))
    maps = finish_material(_encode(rgb), dict(material(catalog, "grass_meadow", n).spec))
    height = np.asarray(decode(maps["height"]), dtype=float)
    normal = np.asarray(decode(maps["normal"]), dtype=float)
    cy, cx = (_circular_mean(index, n) for index in np.nonzero(height >= height.max() - 8))  # rolled together
    right, above = normal[cy, (cx + 8) % n], normal[(cy - 8) % n, cx]
    assert right[0] > 140 and abs(right[1] - 128) < 12
    assert above[1] > 140 and abs(above[0] - 128) < 12
    vectors = normal / 255.0 * 2 - 1
    assert abs(np.linalg.norm(vectors, axis=2) - 1).mean() < 0.01


def _circular_mean(positions: np.ndarray, n: int) -> int:
    """The centre of positions on a ring of n (a blob may straddle the tile's edge)."""
    angle = np.angle(np.exp(2j * np.pi * positions / n).mean())
    return int(round(angle / (2 * np.pi) * n)) % n


def test_roughness_and_metallic_follow_the_spec(catalog):
    texture = _encode(periodic_texture(256))
    bronze = material(catalog, "bronze_polished", 64).spec              # roughness 0.25, metallic 0.95
    grass = material(catalog, "grass_meadow", 64).spec                  # neither given: terrain defaults
    assert bronze["roughness"] == 0.25 and grass["roughness"] is None and grass["metallic"] is None
    for spec, roughness, metallic in ((bronze, 0.25, 0.95), (grass, 0.85, 0.0),
                                      (dict(grass, category="metal", finish="weathered"), 0.65, 0.95)):
        maps = finish_material(texture, spec)
        rough = np.asarray(decode(maps["roughness"]), dtype=float) / 255
        metal = np.asarray(decode(maps["metallic"]), dtype=float) / 255
        assert abs(rough.mean() - roughness) < 0.01 and rough.std() > 0.02     # the surface's own variation
        assert abs(metal.mean() - metallic) < 0.005


def test_materials_are_deterministic(catalog):
    data = _encode(photo(512, 384))
    spec = material(catalog, "brick_red").spec
    assert finish_material(data, spec) == finish_material(data, dict(spec))


# --- portraits ---------------------------------------------------------------------

def test_portraits_pass_the_portrait_gate(catalog, tmp_path):
    output = catalog.portraits()[0]
    data = _encode(portrait_picture())
    files = {role: finish_image(data, tuple(size)) for role, size in output.spec["sizes"].items()}
    for role, blob in files.items():
        image = decode(blob)
        assert (image.format, image.mode, list(image.size)) == ("PNG", "RGB", output.spec["sizes"][role])
    assert portraits.check_output(output, write(files, tmp_path), cache_folder=None) == []
    assert finish_image(data, (512, 768)) == files["full_1"]                  # deterministic


def test_portraits_are_centre_cropped_not_squeezed():
    """A landscape picture with red bands at both sides becomes a portrait of its middle."""
    width, height = 1216, 832
    picture = portrait_picture(width, height).copy()
    picture[:, :300] = picture[:, -300:] = (255, 0, 0)
    image = np.asarray(decode(finish_image(_encode(picture), (512, 768))), dtype=int)
    red = (image[..., 0] > 200) & (image[..., 1] < 60) & (image[..., 2] < 60)
    assert red.sum() == 0
    face = image[int(0.3 * 768), 256]                                         # the face is still round
    assert face[0] > 150 and face[0] > face[2] + 40
    square = np.asarray(decode(finish_image(_encode(picture), (128, 128))), dtype=int)
    assert square.shape == (128, 128, 3)


# --- icons ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def icon_files():
    data = _encode(icon_picture())
    return data, finish_icon(data, [32, 48, 64, 256], {"id": "medal", "group": "technology"})


def test_icons_are_rgba_at_each_size_with_transparent_background(icon_files):
    _, files = icon_files
    assert list(files) == ["32", "48", "64", "256"]
    for size, blob in files.items():
        image = decode(blob)
        assert (image.format, image.mode, image.size) == ("PNG", "RGBA", (int(size), int(size)))
        pixels = np.asarray(image)
        alpha = pixels[..., 3]
        for corner in (alpha[:2, :2], alpha[:2, -2:], alpha[-2:, :2], alpha[-2:, -2:]):
            assert corner.max() == 0, size
        assert 0.15 < (alpha > 127).mean() < 0.95, size                     # as the procedural icons
        assert not ((alpha > 0) & (alpha <= 3)).any(), size                   # no haze
        assert not pixels[alpha == 0, :3].any(), size                         # clear pixels carry no colour
        for edge in (alpha[0], alpha[-1], alpha[:, 0], alpha[:, -1]):
            assert edge.max() < 128, size                                     # a margin: nothing clipped


def test_icon_content_is_opaque_and_its_edge_has_no_background_halo(icon_files):
    _, files = icon_files
    pixels = np.asarray(decode(files["64"]), dtype=float)
    alpha = pixels[..., 3]
    ys, xs = np.nonzero(alpha > 127)
    gold = pixels[int(ys.min() + 0.2 * (ys.max() - ys.min())), int(xs.mean())]
    assert gold[3] == 255 and gold[0] > 150 and gold[2] < 100                 # the medal, opaque
    hole = pixels[int(ys.min() + 0.37 * (ys.max() - ys.min())), int(xs.mean())]
    assert hole[3] == 255 and hole[:3].min() > 200                            # enclosed: not background
    big = np.asarray(decode(files["256"]), dtype=float)
    over_black = big[..., :3] * big[..., 3:] / 255.0
    ys, _ = np.nonzero(big[..., 3] > 127)
    row = int(ys.min() + 0.37 * (ys.max() - ys.min()))
    first = np.nonzero(big[row, :, 3] > 0)[0][0]                              # the medal's left edge: dark outline
    assert (over_black[row, first:first + 3] @ LUMA).max() < 60, "a light fringe of the old background"


def test_icons_are_deterministic(icon_files):
    data, files = icon_files
    assert finish_icon(data, [32, 48, 64, 256], {"id": "medal"}) == files


def test_an_icon_without_a_plain_background_is_refused():
    with pytest.raises(ImagePostprocessError, match="background"):
        finish_icon(_encode(photo(256, 256)), [64], {"id": "x"})


# --- unusable inputs ---------------------------------------------------------------------

def _uniform(n: int = 256) -> bytes:
    return _encode(np.full((n, n, 3), 128.0))


def test_uniform_inputs_are_refused(catalog):
    with pytest.raises(ImagePostprocessError, match="uniform.*nothing to key out"):
        finish_icon(_uniform(), [64], {"id": "blank"})
    with pytest.raises(ImagePostprocessError, match="uniform"):
        finish_material(_uniform(), material(catalog, "grass_meadow").spec)
    with pytest.raises(ImagePostprocessError, match="uniform"):
        finish_image(_uniform(), (512, 768))


@pytest.mark.parametrize("data, message", [
    (b"definitely not an image", "not a PNG"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "not a PNG"),
    (_encode(periodic_texture(64))[:300], "unreadable PNG"),
    (_encode(periodic_texture(64)[:12, :12]), "too small"),
])
def test_unusable_inputs_are_refused(data, message, catalog):
    with pytest.raises(ImagePostprocessError, match=message):
        finish_material(data, material(catalog, "grass_meadow").spec)
    with pytest.raises(ImagePostprocessError, match=message):
        finish_image(data, (128, 128))
    with pytest.raises(ImagePostprocessError, match=message):
        finish_icon(data, [32], {"id": "x"})


def test_bad_arguments_are_value_errors(catalog):
    with pytest.raises(ValueError, match="sizes"):
        finish_icon(_encode(icon_picture(256)), [], {"id": "x"})
    with pytest.raises(ValueError, match="size"):
        finish_material(_encode(small_image()), dict(material(catalog, "grass_meadow").spec, size=4))


# --- optional workflows ---------------------------------------------------------------------

def test_the_pose_workflow_loads_binds_and_runs_on_the_test_server():
    workflow = workflows.load("portrait_sdxl_controlnet")
    graph = workflow.bind(prompt="Trajan in a toga", seed=5, pose_image="pose (1).png", strength=0.7,
                          pose_end=0.8, filename_prefix="backbay/portraits/rome_trajan/full_1")
    apply = next(node for node in graph.values() if node["class_type"] == "ControlNetApplyAdvanced")
    sampler = next(node for node in graph.values() if node["class_type"] == "KSampler")
    apply_id = next(i for i, node in graph.items() if node is apply)
    assert sampler["inputs"]["positive"] == [apply_id, 0] and sampler["inputs"]["negative"] == [apply_id, 1]
    assert graph[apply["inputs"]["image"][0]]["inputs"]["image"] == "pose (1).png"
    assert (apply["inputs"]["strength"], apply["inputs"]["end_percent"]) == (0.7, 0.8)
    assert graph[apply["inputs"]["control_net"][0]]["class_type"] == "ControlNetLoader"
    with pytest.raises(WorkflowError, match="pose_image"):
        workflow.bind(prompt="x", seed=1, filename_prefix="p")
    with pytest.raises(WorkflowError, match="strength"):
        workflow.bind(prompt="x", seed=1, pose_image="p.png", strength="strong", filename_prefix="p")
    with ComfyTestServer(job_seconds=0.02) as server, ComfyClient(server.url, name="image", timeouts=FAST) as client:
        assert workflow.server_problems(client.object_info()) == []
        pose = client.upload_image(make_png(b"pose-skeleton"), "pose.png")
        result = client.run(workflow, {"prompt": "Trajan", "seed": 5, "pose_image": pose,
                                       "filename_prefix": "backbay/pose"}, "job-pose", timeout=5)
        assert len(result.files) == 1 and check_png(result.files[0])


def test_the_chord_workflow_loads_binds_and_runs_on_the_test_server():
    workflow = workflows.load("material_chord")
    graph = workflow.bind(basecolor_image="brick_red.png", filename_prefix="backbay/chord/brick_red",
                          grey_filename_prefix="backbay/chord/brick_red_grey")
    estimate = next(i for i, node in graph.items() if node["class_type"] == "ChordMaterialEstimation")
    height = next(i for i, node in graph.items() if node["class_type"] == "ChordNormalToHeight")
    assert graph[height]["inputs"]["normal"] == [estimate, 1]

    def batch_order(link):   # the outputs an ImageBatch chain concatenates, in order
        node = graph[link[0]]
        if node["class_type"] != "ImageBatch":
            return [(node["class_type"], link[1])]
        return batch_order(node["inputs"]["image1"]) + batch_order(node["inputs"]["image2"])

    saves = {i: node for i, node in graph.items() if node["class_type"] == "SaveImage"}
    assert batch_order(saves[workflow.output_node]["inputs"]["images"]) == [
        ("ChordMaterialEstimation", 0), ("ChordMaterialEstimation", 1)]          # basecolor, normal
    grey = next(node for i, node in saves.items() if i != workflow.output_node)
    assert batch_order(grey["inputs"]["images"]) == [
        ("ChordMaterialEstimation", 2), ("ChordMaterialEstimation", 3), ("ChordNormalToHeight", 0)]
    assert grey["inputs"]["filename_prefix"] == "backbay/chord/brick_red_grey"
    with ComfyTestServer(job_seconds=0.02) as server, ComfyClient(server.url, name="material", timeouts=FAST) as client:
        assert workflow.server_problems(client.object_info()) == []
        name = client.upload_image(make_png(b"basecolor-image"), "basecolor.png")
        result = client.run(workflow, {"basecolor_image": name, "filename_prefix": "backbay/chord",
                                       "grey_filename_prefix": "backbay/chord_grey"}, "job-chord", timeout=5)
        # basecolor, normal (node 8), then roughness, metalness, height (node 9)
        assert len(result.files) == 5 and all(check_png(data) for data in result.files)

