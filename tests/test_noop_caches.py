"""What makes a no-op build cheap stays exact: the task-list cache (pipeline/taskcache.py),
the stamp index and the checks that skip a second stat (pipeline/stamps.py)."""
from __future__ import annotations

import os
import subprocess
import sys

from doit.exceptions import TaskFailed

from conftest import REPO, Project
from pipeline import project as pipeline_project
from pipeline import stamps, taskcache
from pipeline.catalog import load_catalog

BRICK = [f"out/materials/brick_red/{name}.png" for name in ("basecolor", "normal", "roughness", "metallic", "height")]


def _python(root, code: str, **environ: str) -> str:
    """Run `code` in a fresh process in `root` and return its output: with the pipeline in `root`,
    else the repository's."""
    env = dict(os.environ, PYTHONPATH=str(REPO), **environ)
    done = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_stamp_index_trusts_a_stamp_only_while_it_is_the_same_file(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out/a.txt").write_text("first")
    check = ("from pipeline import stamps; "
             "print(stamps.is_current('.build/stamps/x/a.json', {digest!r}, ['out/a.txt']))")
    _python(tmp_path, "from pipeline import stamps; stamps.write_stamp('.build/stamps/x/a.json', 'd1', {}, {}, ['out/a.txt'])")
    assert _python(tmp_path, check.format(digest="d1")) == "True"
    assert (tmp_path / stamps.INDEX).exists(), "the process that read the stamp kept it in the index"
    assert _python(tmp_path, check.format(digest="d1")) == "True"  # from the index
    # the task ran again (new fingerprint): its new stamp is read, not the indexed one
    _python(tmp_path, "from pipeline import stamps; stamps.write_stamp('.build/stamps/x/a.json', 'd2', {}, {}, ['out/a.txt'])")
    assert _python(tmp_path, check.format(digest="d1")) == "False"
    assert _python(tmp_path, check.format(digest="d2")) == "True"
    # outputs are always checked: modified in place with the same size, deleted
    (tmp_path / "out/a.txt").write_text("other")
    assert _python(tmp_path, check.format(digest="d2")) == "False"
    (tmp_path / "out/a.txt").unlink()
    assert _python(tmp_path, check.format(digest="d2")) == "False"
    # a damaged index is read as empty: the stamps are read again
    (tmp_path / "out/a.txt").write_text("first")
    _python(tmp_path, "from pipeline import stamps; stamps.write_stamp('.build/stamps/x/a.json', 'd3', {}, {}, ['out/a.txt'])")
    (tmp_path / stamps.INDEX).write_bytes(b"not an index")
    assert _python(tmp_path, check.format(digest="d3")) == "True"


def test_a_touched_output_with_the_same_bytes_stays_current_through_the_index(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out/a.txt").write_text("same")
    check = "from pipeline import stamps; print(stamps.is_current('.build/stamps/x/a.json', 'd', ['out/a.txt']))"
    _python(tmp_path, "from pipeline import stamps; stamps.write_stamp('.build/stamps/x/a.json', 'd', {}, {}, ['out/a.txt'])")
    assert _python(tmp_path, check) == "True"
    os.utime(tmp_path / "out/a.txt", ns=(1, 1))
    assert _python(tmp_path, check) == "True"  # hashed: the hash is in the stamp, not in the index


def test_cached_task_lists_are_the_made_ones_without_specs(tmp_path, monkeypatch):
    # (in this process: the repository's pipeline, the project's catalog)
    project = Project(tmp_path / "project")
    monkeypatch.chdir(project.root)
    catalog = load_catalog("assets.yaml", cache_dir=".build")
    made = pipeline_project.task_lists(catalog)
    assert os.path.exists(taskcache.CACHE)
    cached = taskcache._read(taskcache.cache_key(catalog), catalog)
    assert cached is not None and cached.keys() == made.keys()
    fresh = {family: list(make(catalog)) for family, make in
             {**pipeline_project.FAMILIES, **pipeline_project.EXPORT, **pipeline_project.REVIEW}.items()}
    for family, tasks in fresh.items():
        assert len(cached[family]) == len(tasks)
        for lean, task in zip(cached[family], tasks):
            for field in ("name", "targets", "task_dep", "doc", "clean"):
                assert lean.get(field) == task.get(field), (family, task.get("name"), field)
            if task.get("name") and task.get("actions"):  # a subtask: runs its task made afresh
                assert lean["actions"][0][0] is taskcache.run_task
                assert lean["actions"][0][1][1:] == [family, task["name"], (task.get("meta") or {}).get("digest")]
                assert lean["actions"][0][1][0] is catalog
                assert "spec" not in lean.get("meta", {})
            for check, expected in zip(lean.get("uptodate", []), task.get("uptodate", [])):
                if isinstance(expected, tuple):
                    assert check == expected
                elif not isinstance(expected, bool):  # inputs_unchanged, config_changed: same settings
                    assert vars(check) == vars(expected)


def test_task_cache_is_made_afresh_when_the_catalog_or_the_code_changes(tmp_path):
    project = Project(tmp_path / "project")

    def key(backend: str = "procedural"):  # in the project's own process: its pipeline/ is the code hashed
        return _python(project.root, "from pipeline import catalog, taskcache; "
                                     "print(taskcache.cache_key(catalog.load_catalog('assets.yaml', '.build')))",
                       BACKBAY_BACKEND=backend)

    first = key()
    assert key() == first
    project.edit("assets.yaml", "carrying a heavy wooden club", "carrying a heavy stone-headed club")
    second = key()
    assert second != first
    units = project.root / "pipeline/backends/procedural/units.py"
    stat = units.stat()
    os.utime(units, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size and mtime: a new ctime
    third = key()
    assert third != second
    assert key("comfyui") != third


def test_a_cached_task_whose_fingerprint_changed_meanwhile_fails_instead_of_stamping(tmp_path, monkeypatch):
    project = Project(tmp_path / "project")
    monkeypatch.chdir(project.root)
    catalog = load_catalog("assets.yaml", cache_dir=".build")
    result = taskcache.run_task(catalog, "materials", "brick_red", "not the digest doit checked")
    assert isinstance(result, TaskFailed) and "run doit again" in str(result.message)
    assert not os.path.exists(".build/stamps/materials/brick_red.json")


def test_with_the_task_list_cached_a_deleted_or_modified_output_is_rebuilt(tmp_path):
    project = Project(tmp_path / "project")
    project.doit("materials")
    cache = project.root / taskcache.CACHE
    written = cache.stat().st_mtime_ns
    assert project.doit("materials").executed == set()
    good = (project.root / BRICK[1]).read_bytes()
    (project.root / BRICK[1]).unlink()
    assert project.doit("materials").executed == {"materials:brick_red"}
    with open(project.root / BRICK[2], "r+b") as handle:  # in place, same size
        handle.write(b"\0" * 8)
    assert project.doit("materials").executed == {"materials:brick_red"}
    assert (project.root / BRICK[1]).read_bytes() == good
    assert project.doit("materials").executed == set()
    assert cache.stat().st_mtime_ns == written, "every run used the cached task list"


def test_doit_checker_takes_a_proved_target_as_present_and_asks_the_disk_otherwise(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out/a.txt").write_text("a")
    stamps.write_stamp(".build/stamps/x/a.json", "d", {}, {}, ["out/a.txt"])
    checker = stamps.MD5Checker()
    assert checker.__class__.__name__ == "MD5Checker"  # doit reruns every task whose checker name changed
    assert not checker.exists("out/b.txt")
    assert stamps.is_current(".build/stamps/x/a.json", "d", ["out/a.txt"])
    assert checker.exists("out/a.txt")
