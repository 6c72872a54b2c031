"""The pipeline's task dicts, kept in `.build/tasks.pickle` for the next doit call.

Making the ~600 task dicts of the full catalog cost more than doit's own work on
a no-op build: every spec expanded from the catalog and hashed, the generator
sources read and scanned for their imports, the atlas and contact-sheet member
lists built. They change only when what they are made from changes, so
`task_lists()` keeps them, keyed by:
- the catalog: the digest of its text and of the schema (`Catalog.key`), its path;
- the backend (`backends.selected()`);
- the code: size, mtime and ctime of every file under pipeline/, render/ and
  workflows/ and of dodo.py (the fingerprints hash sources; an edit, a copy or a
  checkout gives a file a new ctime);
- the installed tools: the mtime of every site-packages folder on sys.path
  (installing, removing or upgrading a package adds and removes its
  `*.dist-info` folder, where `tool_versions` reads the versions);
- the Python version and CACHE_FORMAT.
Any change, and the lists are made afresh, exactly as without the cache.

The cached dicts leave out what only an action needs (specs, member lists,
contact-sheet items): each subtask's action becomes `run_task(catalog, family,
name, digest)`, which makes that family's tasks again when one of them runs
(once per process; the catalog is the one this doit call validated) and runs
the real action, after checking that the task still has the fingerprint that
doit's uptodate check saw: code edited while doit runs fails the task instead
of stamping its outputs with a fingerprint they were not made from.
"""
from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys

from doit.exceptions import TaskFailed

from pipeline import backends, fsutil, layout
from pipeline.catalog import Catalog
from pipeline.fingerprint import REPO_ROOT

#: bump when the cached form changes
CACHE_FORMAT = 1
CACHE = f"{layout.BUILD}/tasks.pickle"
CODE_FOLDERS = ("pipeline", "render", "workflows")

#: meta entries of a generated task that only its action and the stale report read
LEFT_OUT_OF_META = ("stamp", "digest", "parts", "spec", "upstream")
#: (catalog key, backend, family) -> {task name: task dict as made}: what `run_task` runs
_made: dict[tuple, dict[str, dict]] = {}


def task_lists(catalog: Catalog, families: dict) -> dict[str, list[dict]]:
    """{family: [task dict, ...]} for `families` ({basename: tasks(catalog)}), from the cache
    when its key matches. A catalog without a key (not read from a file) is never cached."""
    if catalog.key is None:
        return {family: list(make(catalog)) for family, make in families.items()}
    key = cache_key(catalog)
    cached = _read(key, catalog)
    if cached is not None and cached.keys() == families.keys():
        return cached
    lists = {}
    for family, make in families.items():
        made = list(make(catalog))
        _made[catalog.key, backends.selected(), family] = {task["name"]: task for task in made if task.get("name")}
        lists[family] = [_lean(task, catalog, family) for task in made]
    _write(key, lists, catalog)
    return lists


def _lean(task: dict, catalog: Catalog, family: str) -> dict:
    """The cached form of a task: a subtask's action made again from the catalog when it runs.
    A copy: doit changes the dicts it is given."""
    lean = dict(task)
    if task.get("name") is None or not task.get("actions"):  # group tasks, manifest, godot, gallery: small
        return lean
    meta = task.get("meta") or {}
    lean["actions"] = [(run_task, [catalog, family, task["name"], meta.get("digest")])]
    if meta:  # what the action and the stale report read is in the task made afresh; the reporter's stays
        lean["meta"] = {name: value for name, value in meta.items() if name not in LEFT_OUT_OF_META}
    return lean


def run_task(catalog: Catalog, family: str, name: str, digest: str | None):
    """The action of a cached task: make its family's tasks (once per process), check the
    task's fingerprint is still `digest` and run its actions."""
    task = _family_tasks(catalog, family).get(name)
    if task is None or (task.get("meta") or {}).get("digest") != digest:
        return TaskFailed(f"{family}:{name}: the pipeline code changed while doit ran (the task is no longer "
                          "the one doit checked); run doit again")
    for action in task["actions"]:
        if callable(action):
            action = (action,)
        function, args, kwargs = action[0], (action[1] if len(action) > 1 else []), (action[2] if len(action) > 2 else {})
        result = function(*args, **(kwargs or {}))
        if result is not None and result is not True and not isinstance(result, dict):
            return result  # TaskFailed, or False
    return None


def _family_tasks(catalog: Catalog, family: str) -> dict[str, dict]:
    memo = (catalog.key, backends.selected(), family)
    if memo not in _made:
        from pipeline import project  # here: project imports the task modules, which import this one

        make = {**project.FAMILIES, **project.EXPORT, **project.REVIEW}[family]
        _made[memo] = {task["name"]: task for task in make(catalog) if task.get("name")}
    return _made[memo]


def cache_key(catalog: Catalog) -> str:
    hasher = hashlib.sha256()
    hasher.update(repr((CACHE_FORMAT, sys.hexversion, catalog.key, str(catalog.path), backends.selected())).encode())
    paths = [REPO_ROOT / "dodo.py"]
    for folder in CODE_FOLDERS:
        for directory, subfolders, files in os.walk(REPO_ROOT / folder):
            subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
            paths += [os.path.join(directory, name) for name in sorted(files)]
    paths += [entry for entry in sys.path if entry.endswith(("site-packages", "dist-packages"))]
    for path in paths:
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            hasher.update(f"{path}\0-\n".encode())
            continue
        hasher.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\n".encode())
    return hasher.hexdigest()


class _Pickler(pickle.Pickler):
    """The catalog is not stored: the cached tasks get the catalog of the doit call reading them."""

    def __init__(self, file, catalog: Catalog) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.catalog = catalog

    def persistent_id(self, obj):
        return "catalog" if obj is self.catalog else None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, catalog: Catalog) -> None:
        super().__init__(file)
        self.catalog = catalog

    def persistent_load(self, pid):
        if pid != "catalog":
            raise pickle.UnpicklingError(f"unknown reference {pid!r}")
        return self.catalog


def _read(key: str, catalog: Catalog) -> dict | None:
    try:
        with open(CACHE, "rb") as handle:
            if pickle.load(handle) != key:
                return None
            return _Unpickler(handle, catalog).load()
    except FileNotFoundError:
        return None
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError, TypeError,
            ValueError):  # a damaged or outdated cache is made afresh
        return None


def _write(key: str, lists: dict, catalog: Catalog) -> None:
    buffer = io.BytesIO()
    pickle.dump(key, buffer)
    _Pickler(buffer, catalog).dump(lists)
    fsutil.write_atomic(CACHE, buffer.getvalue())
