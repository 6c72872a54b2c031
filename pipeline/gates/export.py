"""Checkpoint 5, the final export: is what we hand to the game complete, exact and loadable?

    check(catalog) -> [failure]   (run by `doit gate_export`, see pipeline/tasks/gates.py)

- the manifest exists and matches its schema;
- the manifest lists every file the catalog makes, every file under out/
  (outside out/review/ and out/godot/) is in it, and every entry's bytes and
  sha256 are the file's;
- every atlas page's UV rectangles and pixels match its sources (pipeline/atlas.py);
- the files add up to no more than the size budget;
- the Godot project made from the export imports and loads in Godot 3 (headless).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

from pipeline import layout, manifest
from pipeline.catalog import Catalog
from pipeline.fingerprint import file_digest
from pipeline.gates.report import failure

#: the export's size budget unless the catalog sets settings.export.max_total_mib
DEFAULT_MAX_TOTAL_MIB = 1024
GODOT_TIMEOUT_S = 1800


def count(catalog: Catalog) -> int:
    """Files the gate checked: every manifest entry."""
    try:
        return len(manifest.load()["files"])
    except (FileNotFoundError, KeyError, TypeError):
        return 0


def check(catalog: Catalog, godot: bool = True) -> list[dict]:
    try:
        listed = manifest.load()
    except FileNotFoundError:
        return [failure("manifest", layout.MANIFEST, "manifest exists", "missing", "run `doit manifest`")]
    problems = manifest.schema_errors(listed)
    if problems:
        return [failure("manifest", layout.MANIFEST, "manifest schema", problem, "pipeline/schemas/manifest.schema.json") for problem in problems[:20]]
    entries = {entry["path"]: entry for entry in listed["files"]}
    failures = _completeness(catalog, entries) + _atlases(entries) + _size_budget(catalog, listed)
    if godot:
        failures += _godot_load()
    return failures


def _completeness(catalog: Catalog, entries: dict[str, dict]) -> list[dict]:
    failures = []
    for _task, path, _kind, _asset_kind, asset_id, _prompt in manifest.produced_files(catalog):
        if path not in entries:
            failures.append(failure(asset_id, path, "in manifest", "not listed", "every file the catalog makes"))
    for path in manifest.stray_files(entries):
        failures.append(failure("export", path, "in manifest", "file not listed",
                                "every file under out/ (`doit prune` removes files the catalog no longer makes)"))
    for path, entry in entries.items():
        try:
            size = os.path.getsize(path)
        except FileNotFoundError:
            failures.append(failure(entry["asset"], path, "file exists", "missing", "listed in the manifest"))
            continue
        if size != entry["bytes"]:
            failures.append(failure(entry["asset"], path, "bytes", size, entry["bytes"]))
        elif file_digest(path) != entry["sha256"]:
            failures.append(failure(entry["asset"], path, "sha256", "differs", entry["sha256"][:12]))
    return failures


def _atlases(entries: dict[str, dict]) -> list[dict]:
    from pipeline.atlas import verify_page  # numpy and Pillow: only when the gate runs

    failures = []
    for path, entry in sorted(entries.items()):
        if entry["kind"] == "atlas_data" and os.path.exists(path):
            for problem in verify_page(path):
                failures.append(failure(entry["asset"], path, "atlas page", problem, "pixels and UVs match the sources"))
    return failures


def _size_budget(catalog: Catalog, listed: dict) -> list[dict]:
    limit = catalog.data["settings"].get("export", {}).get("max_total_mib", DEFAULT_MAX_TOTAL_MIB)
    total = sum(entry["bytes"] for entry in listed["files"]) / 2**20
    if total > limit:
        return [failure("export", layout.MANIFEST, "total size (MiB)", round(total, 1), limit)]
    return []


def _godot_load() -> list[dict]:
    """Import and load the Godot project (pipeline/godot_check.py); its output names each failure."""
    if not os.path.exists(f"{layout.GODOT}/project.godot"):
        return [failure("godot", layout.GODOT, "Godot project exists", "missing", "run `doit godot`")]
    if shutil.which("godot3-server") is None:
        return [failure("godot", layout.GODOT, "Godot load", "godot3-server not installed",
                        "apt-get install godot3-server (tools/system_deps.sh)")]
    try:
        done = subprocess.run([sys.executable, "-m", "pipeline.godot_check", layout.GODOT],
                              capture_output=True, text=True, timeout=GODOT_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return [failure("godot", layout.GODOT, "Godot load", "no answer", f"{GODOT_TIMEOUT_S} s")]
    if done.returncode == 0:
        return []
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    return [failure("godot", layout.GODOT, "Godot load", line, "loads in Godot 3") for line in lines[-20:]] or \
        [failure("godot", layout.GODOT, "Godot load", f"exit {done.returncode}", "exit 0")]
