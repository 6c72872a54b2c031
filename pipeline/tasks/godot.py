"""The Godot 3 project made from the export: `doit godot` -> out/godot/.

One task: it depends on the manifest only (which holds every file's hash), so a
no-op `doit` checks one file; the work is in pipeline/godot_export.py. The load
test runs separately: `python -m pipeline.godot_check` (make godot-check).
"""
from __future__ import annotations

from doit.exceptions import TaskFailed
from doit.tools import config_changed

from pipeline import layout
from pipeline.fingerprint import source_digest

BASENAME = "godot"
CHECK_SCRIPT = "pipeline/godot/check.gd"


def export():
    from pipeline import godot_export  # here: a no-op build (task list cached) never needs it

    try:
        counts = godot_export.export(layout.MANIFEST, layout.GODOT)
    except (godot_export.ExportError, OSError) as error:
        return TaskFailed(f"godot: {error}")
    print(f"godot: {counts['files']} files, {counts['written']} written, {counts['copied']} copied, "
          f"{counts['removed']} removed")
    return None


def tasks(catalog):
    project = layout.GODOT
    yield {
        "basename": BASENAME,
        "doc": "the Godot 3 project of the export (out/godot/); check it with make godot-check",
        "actions": [export],
        "file_dep": [layout.MANIFEST, CHECK_SCRIPT],
        "targets": [f"{project}/{name}" for name in ("project.godot", "manifest.yaml", "manifest.json", "check.gd")],
        "uptodate": [config_changed({"code": source_digest("pipeline.godot_export")})],
        "clean": True,
    }
