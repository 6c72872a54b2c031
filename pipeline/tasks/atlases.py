"""(being written: issue 6 — see docs/export-formats.md)"""
from __future__ import annotations

BASENAME = "atlases"


def tasks(catalog):
    yield {"basename": BASENAME, "name": None, "doc": "(not built yet)"}
