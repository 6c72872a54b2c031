"""Texture atlases: trim, pack, extrude, compose, describe and verify pages.

Pure functions (Pillow, numpy, rectpack); the doit tasks that call them are in
pipeline/tasks/atlases.py and the file format is docs/export-formats.md
(TexturePacker's "JSON (Hash)" plus `uv`, `source` and `animations`).

Geometry of a page: every trimmed frame is surrounded by EXTRUDE pixels that
repeat its edge pixels, and the extruded rectangles are PADDING pixels apart,
so a bilinear sample taken anywhere inside a frame (even half a texel past its
edge) never reads a neighbour. The packer sees each frame as a cell of
(w + 2*EXTRUDE + PADDING) x (h + 2*EXTRUDE + PADDING) in a bin PADDING pixels
larger than the page: the last cell's padding may hang off the page edge, and
the frame sits at the cell's corner + EXTRUDE.

Algorithm, chosen by measurement (`bench/atlas.py --compare`, figures in
bench/README.md): rectpack's GuillotineBssfSas (best short side fit, split
along the shorter axis), offline, rectangles sorted by area, first-fit bins.
On the full build it packs all 3,173 frames in ~0.1 s: terrain 3 pages at
90.5% / 92.2% / 6.1%, 24 of the 28 unit sheets in 256x256 (4 need 512x256),
the icons on one page. Skyline variants pack terrain as tightly or slightly
tighter (SkylineMwf by long side: 93.4% / 91.8%) but need 512x256 for 6 unit
sheets and are 3-6x slower (2 s for 2,016 frames in one bin vs 0.33 s);
MaxRects gives nothing more here and takes 62 s for those 2,016 frames.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

#: version of the page format and packing; part of the atlas tasks' fingerprint
FORMAT = 1
PADDING = 2
EXTRUDE = 1
ALGORITHM = "rectpack GuillotineBssfSas, offline, sort by area, bin first fit"
APP = "backbay-imperium-pipeline"


class AtlasInputError(Exception):
    """A source image that cannot be atlased; str() names the file and the problem."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class Sprite:
    """One atlas member: its trimmed pixels and where they sit in the source image."""
    __slots__ = ("key", "source", "pixels", "offset", "source_size")

    def __init__(self, key: str, source: str, pixels: np.ndarray, offset: tuple[int, int],
                 source_size: tuple[int, int]) -> None:
        self.key = key                   # frame key: the source path under out/ without .png
        self.source = source             # the source image, relative to the project folder
        self.pixels = pixels             # trimmed RGBA, h x w x 4 uint8
        self.offset = offset             # (x, y) of the trimmed rectangle in the source image
        self.source_size = source_size   # (w, h) of the source image

    @property
    def size(self) -> tuple[int, int]:
        return self.pixels.shape[1], self.pixels.shape[0]


# --- trimming ---

def trim(pixels: np.ndarray) -> tuple[np.ndarray, tuple[int, int]]:
    """(the smallest rectangle holding every pixel with alpha > 0, its (x, y)).
    A fully transparent image becomes one transparent pixel at (0, 0)."""
    visible = pixels[..., 3] > 0
    rows, columns = np.flatnonzero(visible.any(axis=1)), np.flatnonzero(visible.any(axis=0))
    if rows.size == 0:
        return np.zeros((1, 1, 4), np.uint8), (0, 0)
    top, bottom, left, right = rows[0], rows[-1] + 1, columns[0], columns[-1] + 1
    return pixels[top:bottom, left:right], (int(left), int(top))


def read_rgba(path: Path | str) -> np.ndarray:
    from PIL import Image

    with Image.open(path) as image:
        image.load()
        return np.asarray(image.convert("RGBA"))


def read_sprite(key: str, source: str, root: Path | str = ".") -> Sprite:
    """Read and trim one source image; AtlasInputError if it is missing or not a PNG."""
    path = Path(root) / source
    try:
        pixels = read_rgba(path)
    except FileNotFoundError:
        raise AtlasInputError(source, "missing") from None
    except Exception as error:  # Pillow raises several types for truncated or foreign files
        raise AtlasInputError(source, f"not a readable PNG ({type(error).__name__}: {error})") from None
    trimmed, offset = trim(pixels)
    return Sprite(key, source, trimmed, offset, (pixels.shape[1], pixels.shape[0]))


# --- packing ---

def _cell(size: tuple[int, int]) -> tuple[int, int]:
    return size[0] + 2 * EXTRUDE + PADDING, size[1] + 2 * EXTRUDE + PADDING


def packer_options() -> dict:
    """rectpack.newPacker arguments of ALGORITHM (see the module docstring for why)."""
    import rectpack

    return {"pack_algo": rectpack.GuillotineBssfSas, "bin_algo": rectpack.PackingBin.BFF, "sort_algo": rectpack.SORT_AREA}


def pack(sizes: dict[str, tuple[int, int]], page_size: tuple[int, int], max_pages: int | None = None,
         options: dict | None = None) -> list[dict[str, tuple[int, int]]] | None:
    """Frame places [{key: (x, y)} per page] for frames of `sizes` ({key: (w, h)}).
    None when they need more than `max_pages` pages. Deterministic: same input, same places.
    `options`: other newPacker arguments than packer_options() (the benchmark compares them)."""
    from rectpack import newPacker

    width, height = page_size
    for key, size in sizes.items():
        if size[0] + 2 * EXTRUDE > width or size[1] + 2 * EXTRUDE > height:
            raise ValueError(f"{key}: {size[0]}x{size[1]} does not fit on a {width}x{height} page")
    packer = newPacker(**(options or packer_options()), rotation=False)
    packer.add_bin(width + PADDING, height + PADDING, count=max_pages or float("inf"))
    for key in sorted(sizes):  # the sort by area is stable: ties keep key order
        packer.add_rect(*_cell(sizes[key]), rid=key)
    packer.pack()
    placed = packer.rect_list()
    if len(placed) < len(sizes):
        return None
    pages: list[dict[str, tuple[int, int]]] = [{} for _ in range(len(packer))]
    for page, x, y, _, _, key in placed:
        pages[page][key] = (int(x) + EXTRUDE, int(y) + EXTRUDE)
    return pages


def sheet_sizes(largest: int = 4096):
    """Sheet sizes from small to large: each power-of-two square, then the 2:1 sheet above it."""
    side = 32
    while side <= largest:
        yield side, side
        if side * 2 <= largest:
            yield side * 2, side
        side *= 2


def smallest_sheet(sizes: dict[str, tuple[int, int]],
                   options: dict | None = None) -> tuple[tuple[int, int], dict[str, tuple[int, int]]]:
    """The smallest sheet of sheet_sizes() that holds every frame on one page, and the places."""
    area = sum(_cell(size)[0] * _cell(size)[1] for size in sizes.values())
    for sheet in sheet_sizes():
        if (sheet[0] + PADDING) * (sheet[1] + PADDING) < area:
            continue  # cannot hold them: skip the packing attempt
        try:
            pages = pack(sizes, sheet, max_pages=1, options=options)
        except ValueError:  # one frame is larger than this sheet
            continue
        if pages is not None:
            return sheet, pages[0]
    raise ValueError(f"{len(sizes)} frames do not fit on one sheet of at most 4096x4096")


def stable_places(sizes: dict[str, tuple[int, int]], previous: dict, page_size: tuple[int, int] | None = None):
    """(page size, [{key: (x, y)} per page]) of the previous build (`previous`: read_layout())
    when its frames had exactly these keys and sizes and it was packed the same way, so an
    atlas whose sprites changed only their pixels keeps every sprite where it was; else None.
    `page_size` None: any sheet size (unit sheets pick theirs)."""
    if not previous or previous["meta"][2:] != (PADDING, EXTRUDE, ALGORITHM):
        return None
    if page_size is not None and previous["meta"][:2] != tuple(page_size):
        return None
    frames = previous["frames"]
    if set(frames) != set(sizes) or any(frames[key][3:] != tuple(size) for key, size in sizes.items()):
        return None
    pages: list[dict[str, tuple[int, int]]] = [{} for _ in range(previous["pages"])]
    for key, (page, x, y, _, _) in frames.items():
        pages[page][key] = (x, y)
    return previous["meta"][:2], pages


def read_layout(data_paths: list[Path | str]) -> dict:
    """{"meta": (page size, padding, extrude, algorithm), "pages": n, "frames": {key: (page, x, y, w, h)}}
    of an atlas's JSON pages on disk, in page order; {} when any is missing or unreadable."""
    frames, metas = {}, set()
    try:
        for page, path in enumerate(data_paths):
            data = json.loads(Path(path).read_bytes())
            meta = data["meta"]
            metas.add((meta["size"]["w"], meta["size"]["h"], meta["padding"], meta["extrude"], meta["algorithm"]))
            for key, frame in data["frames"].items():
                rect = frame["frame"]
                frames[key] = (page, rect["x"], rect["y"], rect["w"], rect["h"])
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if len(metas) != 1:
        return {}
    return {"meta": metas.pop(), "pages": len(data_paths), "frames": frames}


# --- composing and describing ---

def compose(sprites: list[Sprite], places: dict[str, tuple[int, int]], page_size: tuple[int, int]) -> np.ndarray:
    """The page's RGBA pixels: each sprite's trimmed pixels at its place, edges extruded."""
    page = np.zeros((page_size[1], page_size[0], 4), np.uint8)
    for sprite in sprites:
        x, y = places[sprite.key]
        w, h = sprite.size
        extruded = np.pad(sprite.pixels, ((EXTRUDE, EXTRUDE), (EXTRUDE, EXTRUDE), (0, 0)), mode="edge")
        page[y - EXTRUDE:y + h + EXTRUDE, x - EXTRUDE:x + w + EXTRUDE] = extruded
    return page


def page_data(image_name: str, page_size: tuple[int, int], sprites: list[Sprite],
              places: dict[str, tuple[int, int]], animations: dict | None = None) -> dict:
    """The page's JSON document (docs/export-formats.md); frames sorted by key."""
    width, height = page_size
    frames = {}
    for sprite in sorted(sprites, key=lambda s: s.key):
        x, y = places[sprite.key]
        w, h = sprite.size
        (ox, oy), (sw, sh) = sprite.offset, sprite.source_size
        frames[sprite.key] = {
            "frame": {"x": x, "y": y, "w": w, "h": h},
            "rotated": False,
            "trimmed": (w, h) != (sw, sh),
            "spriteSourceSize": {"x": ox, "y": oy, "w": w, "h": h},
            "sourceSize": {"w": sw, "h": sh},
            # page sizes are powers of two: these quotients are exact binary fractions
            "uv": {"u0": x / width, "v0": y / height, "u1": (x + w) / width, "v1": (y + h) / height},
            "source": sprite.source,
        }
    data: dict = {"frames": frames}
    if animations is not None:
        data["animations"] = animations
    data["meta"] = {"app": APP, "version": str(FORMAT), "image": image_name, "format": "RGBA8888",
                    "size": {"w": width, "h": height}, "scale": "1", "padding": PADDING, "extrude": EXTRUDE,
                    "algorithm": ALGORITHM}
    return data


def encode_data(data: dict) -> bytes:
    return (json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False) + "\n").encode()


def occupancy(data: dict) -> float:
    """Share of the page covered by frames (trimmed pixels only; extrusion and padding not counted)."""
    size = data["meta"]["size"]
    used = sum(f["frame"]["w"] * f["frame"]["h"] for f in data["frames"].values())
    return used / (size["w"] * size["h"])


# --- verification (the export gate calls this) ---

def verify_page(data_path: Path | str, root: Path | str = ".") -> list[str]:
    """Every problem of one atlas page, as a sentence naming the frame; [] when it is sound.

    Checks: the image exists at meta.size; every frame and its extrusion lie inside the
    page; no two extruded frames overlap; uv == frame / size; the extrusion repeats the
    frame's edge pixels; the frame's pixels are the source's trimmed pixels, i.e. pasting
    them at spriteSourceSize into a transparent sourceSize image gives the source back
    (exactly inside the trimmed rectangle; outside it the source is fully transparent).
    `root`: the project folder that `source` paths are relative to.
    """
    data_path = Path(data_path)
    try:
        data = json.loads(data_path.read_bytes())
        meta, frames = data["meta"], data["frames"]
        width, height = meta["size"]["w"], meta["size"]["h"]
        extrude = meta["extrude"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        return [f"{data_path}: not a readable atlas JSON ({type(error).__name__}: {error})"]
    image_path = data_path.parent / meta["image"]
    try:
        page = read_rgba(image_path)
    except Exception as error:
        return [f"{image_path}: cannot read the page image ({type(error).__name__}: {error})"]
    problems = []
    if page.shape[:2] != (height, width):
        return [f"{image_path}: {page.shape[1]}x{page.shape[0]}, meta.size says {width}x{height}"]
    cover = np.zeros((height, width), np.uint16)  # how many extruded frames cover each page pixel
    for key, frame in frames.items():
        x, y, w, h = (frame["frame"][k] for k in ("x", "y", "w", "h"))
        where = f"{data_path} frame {key}"
        if x - extrude < 0 or y - extrude < 0 or x + w + extrude > width or y + h + extrude > height or w < 1 or h < 1:
            problems.append(f"{where}: {w}x{h} at ({x}, {y}) with {extrude} px extrusion is outside the {width}x{height} page")
            continue
        cover[y - extrude:y + h + extrude, x - extrude:x + w + extrude] += 1
        uv = frame["uv"]
        expected = {"u0": x / width, "v0": y / height, "u1": (x + w) / width, "v1": (y + h) / height}
        if any(abs(uv.get(k, -1.0) - v) > 1e-9 for k, v in expected.items()):
            problems.append(f"{where}: uv {uv} is not frame / page size {expected}")
        pixels = page[y:y + h, x:x + w]
        ring = page[y - extrude:y + h + extrude, x - extrude:x + w + extrude]
        if extrude and not np.array_equal(ring, np.pad(pixels, ((extrude, extrude), (extrude, extrude), (0, 0)), mode="edge")):
            problems.append(f"{where}: the {extrude} px around the frame do not repeat its edge pixels (filtering would bleed)")
        problems.extend(_source_problems(where, frame, pixels, Path(root)))
    if cover.max(initial=0) > 1:
        ys, xs = np.nonzero(cover > 1)
        problems.append(f"{data_path}: extruded frames overlap ({len(xs)} px, first at ({xs[0]}, {ys[0]}))")
    return problems


def _source_problems(where: str, frame: dict, pixels: np.ndarray, root: Path) -> list[str]:
    try:
        source = read_rgba(root / frame["source"])
    except Exception as error:
        return [f"{where}: cannot read its source {frame['source']} ({type(error).__name__}: {error})"]
    offset, size = frame["spriteSourceSize"], frame["sourceSize"]
    if source.shape[:2] != (size["h"], size["w"]):
        return [f"{where}: sourceSize {size['w']}x{size['h']}, the source is {source.shape[1]}x{source.shape[0]}"]
    h, w = pixels.shape[:2]
    ox, oy = offset["x"], offset["y"]
    if (offset["w"], offset["h"]) != (w, h) or ox < 0 or oy < 0 or ox + w > size["w"] or oy + h > size["h"]:
        return [f"{where}: spriteSourceSize {offset} does not fit the frame in the {size['w']}x{size['h']} source"]
    if not np.array_equal(source[oy:oy + h, ox:ox + w], pixels):
        return [f"{where}: the page pixels differ from {frame['source']}'s pixels at ({ox}, {oy})"]
    outside = source[..., 3].copy()
    outside[oy:oy + h, ox:ox + w] = 0
    if outside.any():
        return [f"{where}: {frame['source']} has visible pixels outside the trimmed rectangle"]
    return []
