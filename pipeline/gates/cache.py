"""Per-file measurement cache of a gate, so re-running a gate re-measures only changed files.

A gate splits its work in two: `measure(path)` reads one file and returns
plain numbers (slow: a Blender import, the glTF validator, image statistics),
and a cheap judgement compares them with the catalog's limits. Only the
measurements are cached, keyed by (gate code digest, file sha256), in
`.build/gates/<gate>.json`: a changed limit in the catalog is judged again
at once, a changed file or gate code is measured again.

A file whose size and mtime match the entry is taken as unchanged without
hashing it (as the stamps do); a touched file is hashed, and re-measured only
if its bytes changed.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable

import numpy as np
from PIL import Image

from pipeline import fsutil, layout
from pipeline.fingerprint import digest, file_digest, source_digest, tool_versions

FOLDER = f"{layout.BUILD}/gates"


def code_digest(module: str, tools: tuple[str, ...], extra: tuple[str, ...] = ()) -> str:
    """What decides a gate's measurements: its module (and the pipeline modules it imports),
    non-Python files it runs (`extra`, paths) and the versions of the libraries it measures with."""
    files = {path: file_digest(path) for path in extra}
    return digest({"source": source_digest(module), "files": files, "tools": tool_versions(*tools)})


class MeasurementCache:
    """`measure_all(paths, measure_many)` -> {path: measurement, or None for a missing file}."""

    def __init__(self, gate: str, code: str, folder: str | None = FOLDER) -> None:
        self.code = code
        self.path = Path(folder) / f"{gate}.json" if folder else None  # None: no cache (read-only trees)
        self.entries: dict[str, dict] = {}
        if self.path is not None:
            try:
                stored = json.loads(self.path.read_bytes())
                if stored.get("code") == code:
                    self.entries = stored["files"]
            except (FileNotFoundError, ValueError, KeyError):
                pass

    def measure_all(self, paths: list[str], measure_many: Callable[[list[str]], dict]) -> dict:
        results, todo, records = {}, [], {}
        for path in paths:
            try:
                stat = os.stat(path)
            except FileNotFoundError:
                results[path] = None
                continue
            entry = self.entries.get(path)
            if entry and (entry["size"], entry["mtime_ns"]) == (stat.st_size, stat.st_mtime_ns):
                results[path] = entry["measured"]
                continue
            sha = file_digest(path)
            records[path] = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": sha}
            if entry and entry["sha256"] == sha:  # touched, same bytes
                results[path] = entry["measured"]
                self.entries[path] = {**records[path], "measured": entry["measured"]}
            else:
                todo.append(path)
        if todo:
            measured = measure_many(todo)
            for path in todo:
                results[path] = measured[path]
                self.entries[path] = {**records[path], "measured": measured[path]}
        if self.path is not None and records:
            fsutil.write_atomic(self.path, json.dumps({"code": self.code, "files": self.entries}).encode())
        return results


def each(measure: Callable[[str], dict]) -> Callable[[list[str]], dict]:
    """A `measure_many` from a one-file `measure`."""
    return lambda paths: {path: measure(path) for path in paths}


def check_items(items: list, judge: Callable, measurements: MeasurementCache,
                measure_many: Callable[[list[str]], dict]) -> list[dict]:
    """Measure every file of `items` ([(output, {role: path})]) through the cache, then
    `judge(output, paths, measured)` each output."""
    measured = measurements.measure_all([path for _, paths in items for path in paths.values()], measure_many)
    return [f for output, paths in items for f in judge(output, paths, measured)]


class Gate:
    """The entry points a gate module shares with the others, from its own parts:
    `outputs(catalog)` -> [(output, {role: path})], `measure_many(paths)` and
    `judge(output, paths, measured)`; `tools`: the libraries it measures with."""

    def __init__(self, name: str, module: str, tools: tuple[str, ...], outputs: Callable, judge: Callable,
                 measure_many: Callable, extra: tuple[str, ...] = ()) -> None:
        self.name, self.module, self.tools, self.extra = name, module, tools, extra
        self.outputs, self.judge, self.measure_many = outputs, judge, measure_many

    def cache(self, folder: str | None) -> MeasurementCache:
        return MeasurementCache(self.name, code_digest(self.module, self.tools, self.extra), folder)

    def count(self, catalog) -> int:
        """How many files the gate checks."""
        return sum(len(paths) for _, paths in self.outputs(catalog))

    def check_output(self, output, paths: dict[str, str], cache_folder: str | None = FOLDER) -> list[dict]:
        """One output's failures, for a retry policy: regenerate it when the list is not empty."""
        return check_items([(output, paths)], self.judge, self.cache(cache_folder), self.measure_many)

    def check(self, catalog, cache_folder: str | None = FOLDER) -> list[dict]:
        return check_items(self.outputs(catalog), self.judge, self.cache(cache_folder), self.measure_many)


def read_image(path: str, mode: str | None = None) -> tuple[str, list[int], np.ndarray]:
    """(the file's own mode, [width, height], its pixels, converted to `mode` if given)."""
    with Image.open(path) as image:
        return image.mode, list(image.size), np.asarray(image.convert(mode) if mode else image)
