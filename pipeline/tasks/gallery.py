"""The gallery task: `doit gallery` writes out/review/index.html (see pipeline/gallery.py).

Runs after every generation and sprite task; up to date while no stamp, gate
report, the catalog or the gallery code changed (sizes and mtimes only).
`make gates` runs it again after the gates, so the page shows their results.
"""
from __future__ import annotations

import os

from pipeline import gallery, layout
from pipeline.catalog import Catalog
from pipeline.fingerprint import digest, file_digest
from pipeline.tasks.base import family_stamps, file_stats, inputs_unchanged

BASENAME = "gallery"
SHOWN = ("materials", "meshes", "sprites", "portraits", "icons")


def tasks(catalog: Catalog):
    def inputs_key():
        stamp_files = family_stamps(SHOWN)
        reports = [layout.gate_report(checkpoint)["json"] for checkpoint in layout.GATES]
        # the page's own code only: what it imports (stale report, task lists) reaches it through the stamps
        return digest([file_digest(gallery.__file__), file_stats([os.path.relpath(catalog.path), layout.GALLERY,
                                                                      *reports, *stamp_files])])

    yield {
        "basename": BASENAME,
        "actions": [(gallery.write, [catalog])],
        "task_dep": list(SHOWN),
        "targets": [layout.GALLERY],
        "uptodate": [inputs_unchanged(inputs_key)],
        "clean": True,
        "doc": "out/review/index.html: every asset with prompt, seed, fingerprint, gates and staleness",
    }
