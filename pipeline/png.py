"""PNG bytes that depend only on the pixels: no metadata chunks, a fixed zlib level.

Every PNG the pipeline writes goes through `encode`, so the same pixels give
the same bytes on every run (and an unchanged output is left untouched).
"""
from __future__ import annotations

import io


def encode(image, level: int) -> bytes:
    """`image`: a PIL image or a uint8 array (H x W x 3|4); `level`: zlib level 0-9
    (3 encodes ~3x faster than 6 for ~10% more bytes)."""
    from PIL import Image  # here: task listing imports this module and must stay cheap

    if not isinstance(image, Image.Image):
        image = Image.fromarray(image)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=level)
    return buffer.getvalue()
