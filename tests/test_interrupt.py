"""Interrupt safety: kill -9 at random moments never leaves a corrupt output taken
as done, and what was finished before a kill is not generated again."""
from __future__ import annotations

import io
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
import trimesh
from PIL import Image

from conftest import Project
from pipeline import project as pipeline_project
from pipeline import stamps
from pipeline.catalog import load_catalog


def _start(project: Project, *args: str) -> tuple[subprocess.Popen, object]:
    log = open(project.root / "run.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "doit", *args], cwd=project.root, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    return process, log


def _executed(project: Project) -> set[str]:
    text = (project.root / "run.log").read_text()
    return {line[3:].strip() for line in text.splitlines() if line.startswith(".  ")}


def _current_tasks(project: Project) -> dict[str, list[str]]:
    """Tasks whose stamp proves them done, with their files (checked like doit's uptodate)."""
    os.chdir(project.root)
    catalog = load_catalog("assets.yaml")
    done = {}
    for task in pipeline_project.generation_tasks(catalog):
        check, args = task["uptodate"][0]
        if check(*args):
            done[f"{task['basename']}:{task['name']}"] = task["targets"]
    return done


def _assert_valid(project: Project, path: str) -> None:
    data = (project.root / path).read_bytes()
    if path.endswith(".png"):
        Image.open(io.BytesIO(data)).load()
    else:
        mesh = trimesh.load(io.BytesIO(data), file_type="glb", force="mesh")
        assert len(mesh.faces) > 0


def test_kill_9_at_random_moments_never_corrupts_or_repeats_work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    project = Project(tmp_path / "project")
    project.edit("assets.yaml", "  material_size: 64\n", "  material_size: 1024\n")  # a build of several seconds
    rng = random.Random(20261125)
    done_before: dict[str, list[str]] = {}
    kills = 0
    for attempt in range(8):
        process, log = _start(project, "-n", "2" if attempt % 2 else "1")
        time.sleep(rng.uniform(0.3, 1.2))
        finished = process.poll() is not None
        if not finished:
            os.killpg(process.pid, signal.SIGKILL)
            kills += 1
        process.wait()
        log.close()
        repeated = _executed(project) & set(done_before)
        assert not repeated, f"attempt {attempt}: regenerated work finished before a kill: {repeated}"
        done_before = _current_tasks(project)
        for targets in done_before.values():  # nothing taken as done is truncated or corrupt
            for path in targets:
                _assert_valid(project, path)
        if finished:
            break
    assert kills >= 5, f"only {kills} kills landed mid-build; the build finished too early"
    run = project.doit()
    assert not run.executed & set(done_before)
    final = _current_tasks(project)
    assert len(final) == sum(1 for _ in pipeline_project.generation_tasks(load_catalog(project.catalog)))
    for targets in final.values():
        for path in targets:
            _assert_valid(project, path)
    assert not [p for p in (project.root / "out").rglob(".*.tmp")], "temp files left behind"
    assert project.doit().executed == set()


def test_sigterm_behaves_like_ctrl_c_and_keeps_doit_state(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    project = Project(tmp_path / "project")
    project.edit("assets.yaml", "  material_size: 64\n", "  material_size: 512\n")
    process, log = _start(project)
    deadline = time.monotonic() + 60
    while len(_executed(project)) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)
    log.close()
    assert process.returncode != 0
    assert "KeyboardInterrupt" in (project.root / "run.log").read_text()
    done = _current_tasks(project)
    assert done, "some tasks finished before SIGTERM"
    with sqlite3.connect(project.root / ".build/doit.sqlite3") as db:
        recorded = {row[0] for row in db.execute("select task_id from doit")}
    assert set(done) <= recorded, "doit saved its state as on Ctrl-C"
