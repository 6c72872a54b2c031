"""Contact sheets: every image of one kind on a grid, for a person to look at.

`make_sheet(target, items, cell)` draws each (label, image path) scaled to fit
a `cell`-pixel square on a neutral grey background (so transparent edges and
fringes show), with its label underneath, and writes one PNG atomically.
"""
from __future__ import annotations

import math

from pipeline import fsutil, png

BACKGROUND = (128, 128, 128, 255)
LABEL_HEIGHT = 12


def make_sheet(target: str, items: list[tuple[str, str]], cell: int = 128, columns: int | None = None) -> None:
    from PIL import Image, ImageDraw, ImageFont  # here, not at import: listing tasks must stay cheap

    columns = columns or max(1, min(len(items), math.ceil(math.sqrt(len(items) * 1.5))))
    rows = max(1, math.ceil(len(items) / columns))
    pad = 4
    sheet = Image.new("RGBA", (columns * (cell + pad) + pad, rows * (cell + LABEL_HEIGHT + pad) + pad), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default()
    for index, (label, path) in enumerate(items):
        x = pad + (index % columns) * (cell + pad)
        y = pad + (index // columns) * (cell + LABEL_HEIGHT + pad)
        with Image.open(path) as source:
            image = source.convert("RGBA")
        image.thumbnail((cell, cell), Image.LANCZOS)
        sheet.alpha_composite(image, (x + (cell - image.width) // 2, y + (cell - image.height) // 2))
        draw.text((x, y + cell), label[: cell // 6], fill=(255, 255, 255, 255), font=font)
    fsutil.write_if_changed(target, png.encode(sheet.convert("RGB"), level=6))
