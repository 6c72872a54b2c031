"""Benchmarks of the foundation (figures recorded in bench/README.md).

    .venv/bin/python bench/run.py [--catalog assets.yaml] [--jobs 2] [--repeat 5] [--skip-cold]

1. cold build: wall time and peak memory of `doit -n JOBS` over the catalog;
2. no-op `doit` over the built catalog vs bare doit over the same number of
   trivial up-to-date tasks, measured alternately in the same run (median);
3. one unit's prompt edited: rebuild wall time (median): its 3 meshes, their
   72 sprites, its sheet, the unit contact sheet, the manifest, the Godot
   project and the gallery re-run.

Runs in a temporary copy of the project, so the repository's out/ is untouched.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

BARE_DODO = '''
import os
N = {count}
DOIT_CONFIG = {{"backend": "sqlite3", "dep_file": ".doit.sqlite3", "reporter": "executed-only", "verbosity": 0}}
os.makedirs("t", exist_ok=True)

def touch(path):
    open(path, "w").close()

def task_trivial():
    for i in range(N):
        target = f"t/{{i}}"
        yield {{"name": str(i), "actions": [(touch, [target])], "targets": [target], "uptodate": [True]}}
'''


# Bytecode caching as on a developer's machine: this sandbox sets
# PYTHONDONTWRITEBYTECODE=1, which would make every doit call recompile the
# pipeline's modules (~11 ms) while bare doit's one-file dodo barely notices.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(cmd, cwd) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=ENV)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed


def executed(cmd, cwd) -> list[str]:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=True, env=ENV)
    return [line[3:] for line in done.stdout.splitlines() if line.startswith(".  ")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--catalog", default=str(REPO / "assets.yaml"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-cold", action="store_true", help="reuse an existing --workdir build")
    parser.add_argument("--workdir", default=None)
    args = parser.parse_args()

    work = Path(args.workdir or tempfile.mkdtemp(prefix="backbay-bench-"))
    project = work / "project"
    doit = [sys.executable, "-m", "doit"]
    if not args.skip_cold:
        shutil.rmtree(project, ignore_errors=True)
        project.mkdir(parents=True)
        shutil.copy2(REPO / "dodo.py", project)
        for code in ("pipeline", "render"):
            shutil.copytree(REPO / code, project / code, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy2(args.catalog, project / "assets.yaml")
        cold = run(doit + ["-n", str(args.jobs)], project)
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"cold build (-n {args.jobs}): {cold:.1f} s, peak RSS of one process {peak_mib:.0f} MiB")

    count = len([line for line in subprocess.run(doit + ["list", "--all", "--quiet"], cwd=project,
                                                 capture_output=True, text=True, check=True).stdout.split()
                 if ":" in line])
    bare = work / "bare"
    bare.mkdir(exist_ok=True)
    (bare / "dodo.py").write_text(BARE_DODO.format(count=count))
    run(doit, bare)  # first run creates the targets
    ours, theirs = [], []
    for _ in range(args.repeat):
        ours.append(run(doit, project))
        theirs.append(run(doit, bare))
    assert not executed(doit, project), "the no-op run executed tasks"
    ratio = statistics.median(ours) / statistics.median(theirs)
    print(f"no-op over {count} tasks: ours {statistics.median(ours):.3f} s, bare doit "
          f"{statistics.median(theirs):.3f} s (median of {args.repeat}), ratio {ratio:.2f}")

    catalog = project / "assets.yaml"
    original = catalog.read_text()
    marker = "prompt: "
    unit_start = original.index("\nunits:")
    prompt_at = original.index(marker, unit_start) + len(marker)
    times = []
    for i in range(3):
        catalog.write_text(original[:prompt_at] + f"edit {i} " + original[prompt_at:])
        start = time.perf_counter()
        names = executed(doit + ["-n", str(args.jobs)], project)
        times.append(time.perf_counter() - start)
        unit = {name.split(":")[1].rsplit("_", 1)[0] for name in names if name.startswith("meshes:")}
        unit_id = next(iter(unit))
        assert len(unit) == 1 and set(names) <= {f"{family}:{unit_id}_{pose}" for family in ("meshes", "sprites")
                                                 for pose in ("idle", "move", "attack")} | {
            "contact_sheets:sprites_unit", f"atlases:unit/{unit_id.split('/')[1]}", "manifest", "godot", "gallery"}, names
    catalog.write_text(original)
    executed(doit, project)
    print(f"one unit prompt edited: rebuild {statistics.median(times):.2f} s (median of 3), tasks {names}")


if __name__ == "__main__":
    main()
