"""The manifest task: `doit manifest` writes out/manifest.yaml (see pipeline/manifest.py).

It runs after every generation, sprite and atlas task, and is up to date when
none of their stamps, no atlas file, the catalog and the manifest code changed
(sizes and mtimes only: a no-op build reads nothing). The file is rewritten
only when its bytes change.
"""
from __future__ import annotations

import glob
import os

from doit.exceptions import TaskFailed

from pipeline import layout
from pipeline.catalog import Catalog
from pipeline.fingerprint import source_digest
from pipeline.tasks.atlases import BASENAME as ATLASES
from pipeline.tasks.atlases import atlas_specs
from pipeline.tasks.base import inputs_unchanged, stats_digest

BASENAME = "manifest"
#: the task families whose files the manifest lists (atlases: their pages and JSON)
LISTED = ("materials", "meshes", "sprites", "portraits", "icons", "atlases")


def tasks(catalog: Catalog):
    from pipeline import manifest  # here: a no-op build (task list cached) never needs it

    # the stamps the manifest reads: those of the tasks making its files, and of the atlases
    stamp_files = sorted({layout.stamp_path(*task.split(":", 1)) for task, *_ in manifest.produced_files(catalog)}
                         | {layout.stamp_path(ATLASES, name) for name in atlas_specs(catalog)})
    code = source_digest("pipeline.manifest")
    yield {
        "basename": BASENAME,
        "actions": [(write_manifest, [catalog])],
        "task_dep": list(LISTED),
        "targets": [layout.MANIFEST],
        "uptodate": [inputs_unchanged(inputs_key, code, [os.path.relpath(catalog.path), os.path.relpath(manifest.SCHEMA)],
                                      stamp_files)],
        "clean": True,
        "doc": "out/manifest.yaml: every exported file with kind, size, hash, fingerprint and atlas place",
    }


def inputs_key(code: str, sources: list[str], stamp_files: list[str]) -> str:
    """What the manifest is made from: its code, the catalog and schema, the stamps, the atlas files."""
    atlas_files = sorted(glob.glob(f"{layout.ATLASES}/*/*"))
    return stats_digest(code, [*sources, layout.MANIFEST, *stamp_files, *atlas_files])


def prune_task() -> dict:
    """`doit prune`: remove files under out/ that the (current) manifest does not list."""
    return {"basename": "prune", "actions": [prune], "task_dep": [BASENAME], "uptodate": [False],
            "verbosity": 2, "doc": "delete files under out/ the catalog no longer makes (not in the manifest)"}


def prune():
    from pipeline import manifest

    manifest.prune()


def write_manifest(catalog: Catalog):
    from pipeline import manifest

    try:
        manifest.write(catalog)
    except manifest.ManifestError as error:
        return TaskFailed(f"{BASENAME}: {error}")
    return None
