"""The gallery task: `doit gallery` writes out/review/index.html (see pipeline/gallery.py).

Runs after every generation and sprite task; up to date while no stamp, gate
report, the catalog or the gallery code changed (sizes and mtimes only).
`make gates` runs it again after the gates, so the page shows their results.
"""
from __future__ import annotations

import os

from pipeline import layout
from pipeline.catalog import Catalog
from pipeline.fingerprint import REPO_ROOT, file_digest
from pipeline.tasks.base import inputs_unchanged, stats_digest

BASENAME = "gallery"
GALLERY_CODE = REPO_ROOT / "pipeline" / "gallery.py"
SHOWN = ("materials", "meshes", "sprites", "portraits", "icons")


def tasks(catalog: Catalog):
    from pipeline import manifest  # (produced_files) here: a no-op build (task list cached) never needs it

    # the page's own code only: what it imports (stale report, task lists) reaches it through the stamps
    code = file_digest(GALLERY_CODE)
    # the stamps of the tasks making what it shows (pipeline/gallery.py reads them, the stale report too)
    stamp_files = sorted({layout.stamp_path(*task.split(":", 1)) for task, *_ in manifest.produced_files(catalog)})
    yield {
        "basename": BASENAME,
        "actions": [(write, [catalog])],
        "task_dep": list(SHOWN),
        "targets": [layout.GALLERY],
        "uptodate": [inputs_unchanged(inputs_key, code, os.path.relpath(catalog.path), stamp_files)],
        "clean": True,
        "doc": "out/review/index.html: every asset with prompt, seed, fingerprint, gates and staleness",
    }


def inputs_key(code: str, catalog_path: str, stamp_files: list[str]) -> str:
    """What the page is made from: its code, the catalog, the gate reports, the stamps."""
    reports = [layout.gate_report(checkpoint)["json"] for checkpoint in layout.GATES]
    return stats_digest(code, [catalog_path, layout.GALLERY, *reports, *stamp_files])


def write(catalog: Catalog) -> None:
    """The action: pipeline.gallery (and html) imported only when the page is written."""
    from pipeline import gallery

    gallery.write(catalog)
