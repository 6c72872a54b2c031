"""Shared helpers: throw-away project folders and real doit runs.

Every build test works in a temporary *copy* of the project code (dodo.py,
pipeline/, render/ and workflows/) with its own catalog, so a test may edit a generator's source or
the catalog without touching the repository or other tests.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SMALL_CATALOG = REPO / "tests" / "data" / "small_catalog.yaml"
#: tasks that summarise the whole build and re-run after any change (test_manifest.py, test_godot.py
#: and test_gallery.py check their own exactness), and the files only they write
SUMMARY_TASKS = {"manifest", "godot", "gallery"}
SUMMARY_FILES = ("out/manifest.yaml", "out/godot/", "out/review/index.html")


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    executed: set[str]


class Project:
    """A temporary project folder: code copy + catalog + its own out/ and .build/."""

    def __init__(self, root: Path, catalog: Path = SMALL_CATALOG) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / "dodo.py", root / "dodo.py")
        for code in ("pipeline", "render", "workflows"):
            shutil.copytree(REPO / code, root / code, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        shutil.copy2(catalog, root / "assets.yaml")

    @property
    def catalog(self) -> Path:
        return self.root / "assets.yaml"

    def doit(self, *args: str, timeout: float = 600, check: bool = True, env: dict | None = None) -> Run:
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", **(env or {}))
        done = subprocess.run([sys.executable, "-m", "doit", *args], cwd=self.root, env=env,
                              capture_output=True, text=True, timeout=timeout)
        executed = {line[3:].strip() for line in done.stdout.splitlines() if line.startswith(".  ")}
        run = Run(done.returncode, done.stdout, done.stderr, executed)
        if check and done.returncode != 0:
            raise AssertionError(f"doit {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return run

    def edit(self, relative: str, old: str, new: str, count: int = 1) -> None:
        path = self.root / relative
        text = path.read_text()
        assert text.count(old) >= 1, f"{old!r} not found in {relative}"
        path.write_text(text.replace(old, new, count))

    def outputs(self) -> dict[str, tuple[int, str]]:
        """{relative path: (mtime_ns, sha256)} of every file under out/."""
        result = {}
        for path in sorted((self.root / "out").rglob("*")):
            if path.is_file():
                result[str(path.relative_to(self.root))] = (path.stat().st_mtime_ns,
                                                            hashlib.sha256(path.read_bytes()).hexdigest())
        return result


@pytest.fixture(scope="module")
def built_small(tmp_path_factory) -> Project:
    """The small catalog, fully built once per test module."""
    project = Project(tmp_path_factory.mktemp("small"))
    project.doit("-n", "2")
    return project


@pytest.fixture
def fresh_project(tmp_path) -> Project:
    return Project(tmp_path / "project")


def copy_project(source: Project, destination: Path) -> Project:
    """A copy of a built project (code, catalog, outputs, stamps, doit state)."""
    shutil.copytree(source.root, destination, symlinks=True)
    clone = Project.__new__(Project)
    clone.root = destination
    return clone
