"""The Godot load test of the export: import the project headless, then run check.gd.

    python -m pipeline.godot_check [project dir, default out/godot]   (make godot-check)

1. Import: `godot3-server --path P --editor` imports every new or changed PNG and
   GLB. Its own exit is unreliable (`--quit` can leave before importing; the
   editor may crash on the way out after a complete import), so we watch the
   files instead: a source is imported when `.import/<name>-<md5 of res path>.md5`
   records the source's md5 (Godot writes it after the `.import` file, also when
   the import failed). Then the editor is stopped. Up-to-date sources are
   skipped without starting the editor (Godot keeps .import/ between runs);
   a changed source first loses its previous import, so a failed re-import
   cannot leave stale but loadable results behind.
2. Check: `godot3-server --path P -s res://check.gd` loads every manifest file
   (pipeline/godot/check.gd) and prints one FAIL line per failure.

Exit 0 when everything loads; 1 with each failure named; 2 when Godot is missing.
Godot's editor settings and file cache go to <project>/.godot_home/ (hidden
folders are not scanned), so runs never share or touch ~/.config/godot.
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from pipeline import layout

GODOT = "godot3-server"
#: source files the editor imports (the rest are native resources or plain data)
IMPORTED = (".png", ".glb")
#: no import progress for this long means the importer hangs (a dense GLB takes ~2 s)
STALL_TIMEOUT_S = 120
CHECK_TIMEOUT_S = 1200
SUMMARY = re.compile(r"^GODOT CHECK: (\d+) files checked, (\d+) failures$", re.MULTILINE)


class GodotError(Exception):
    """The import or the check could not run to the end; str() says why."""


def _md5(path: Path) -> str:
    hasher = hashlib.md5()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


def import_record(project: Path, source: Path) -> Path:
    """The .md5 file in which Godot records the source md5 of its last import."""
    res = "res://" + source.relative_to(project).as_posix()
    return project / ".import" / f"{source.name}-{hashlib.md5(res.encode()).hexdigest()}.md5"


def pending_imports(project: Path, sources: dict[Path, str]) -> list[Path]:
    """The sources whose last import (if any) was of other bytes than they hold now."""
    pending = []
    for source, md5 in sources.items():
        try:
            recorded = import_record(project, source).read_text()
        except FileNotFoundError:
            recorded = ""
        if f'source_md5="{md5}"' not in recorded or not Path(f"{source}.import").exists():
            pending.append(source)
    return pending


def godot_env(project: Path) -> dict:
    home = project / ".godot_home"
    return dict(os.environ, XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
                XDG_CACHE_HOME=str(home / "cache"))


def run_import(project: Path, stall_timeout: float = STALL_TIMEOUT_S) -> int:
    """Import every new or changed source; returns how many were imported."""
    sources = {path: _md5(path) for path in sorted((project / "assets").rglob("*"))
               if path.suffix in IMPORTED and path.is_file()}
    pending = pending_imports(project, sources)
    if not pending:
        return 0
    for source in pending:
        # A failed GLB import can still write a "valid" .import and leave the previous
        # import's files in place: remove them, so such a failure shows as missing files.
        record = import_record(project, source)
        for old in record.parent.glob(f"{glob.escape(record.stem)}.*"):
            old.unlink()
    log = project / ".godot_home" / "import.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as output:
        editor = subprocess.Popen([GODOT, "--path", str(project), "--editor"], env=godot_env(project),
                                  stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            _wait_for_import(project, {path: sources[path] for path in pending}, editor, log, stall_timeout)
        finally:
            _stop(editor)
    return len(pending)


def _wait_for_import(project: Path, sources: dict[Path, str], editor: subprocess.Popen, log: Path,
                     stall_timeout: float) -> None:
    remaining = list(sources)
    last_progress = time.monotonic()
    while remaining:
        time.sleep(0.5)
        still = pending_imports(project, {path: sources[path] for path in remaining})
        if len(still) < len(remaining):
            last_progress = time.monotonic()
        remaining = still
        if not remaining:
            return
        if editor.poll() is not None:
            problem = f"the Godot editor exited ({editor.returncode}) before importing"
        elif time.monotonic() - last_progress > stall_timeout:
            problem = f"the Godot import made no progress for {stall_timeout:.0f} s (a file hangs the importer?)"
        else:
            continue
        names = ", ".join(path.relative_to(project).as_posix() for path in remaining[:5])
        more = f" and {len(remaining) - 5} more" if len(remaining) > 5 else ""
        raise GodotError(f"{problem}: {len(remaining)} file(s) not imported: {names}{more}; "
                         f"editor log: {log}\n{_tail(log)}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _tail(path: Path, lines: int = 15) -> str:
    # Godot complains about the C locale on every start: not worth showing
    text = [line for line in path.read_text(errors="replace").splitlines()
            if "locale" not in line and "translation.cpp" not in line]
    return "\n".join(text[-lines:])


def run_check(project: Path, timeout: float = CHECK_TIMEOUT_S) -> tuple[int, str]:
    """Run check.gd; returns (number of failures, its report)."""
    try:
        done = subprocess.run([GODOT, "--path", str(project), "-s", "res://check.gd"], env=godot_env(project),
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise GodotError(f"check.gd gave no answer in {timeout:.0f} s") from None
    report = "\n".join(line for line in done.stdout.splitlines() if line.startswith(("FAIL ", "GODOT CHECK:")))
    summary = SUMMARY.search(done.stdout)
    if summary is None:
        # a script error or a crash: the summary line never came
        raise GodotError(f"check.gd did not finish (exit {done.returncode}):\n{report}\n"
                         f"{(done.stdout + done.stderr)[-3000:]}")
    failures = int(summary.group(2))
    if (failures > 0) != (done.returncode != 0):
        raise GodotError(f"check.gd exit code {done.returncode} contradicts its summary:\n{report}")
    return failures, report


def check(project: Path) -> int:
    """Import, then check; prints the report, returns the exit code."""
    if shutil.which(GODOT) is None:
        print(f"error: {GODOT} not found; install it: apt-get install godot3-server (tools/system_deps.sh)",
              file=sys.stderr)
        return 2
    if not (project / "project.godot").exists():
        print(f"error: no Godot project in {project}; make it with `doit godot`", file=sys.stderr)
        return 1
    try:
        start = time.monotonic()
        imported = run_import(project)
        import_s = time.monotonic() - start
        failures, report = run_check(project)
    except GodotError as error:
        print(f"FAIL godot: {error}", file=sys.stderr)
        return 1
    print(report)
    print(f"godot check: {imported} file(s) imported in {import_s:.1f} s, check {time.monotonic() - start - import_s:.1f} s: "
          + ("passed" if failures == 0 else f"{failures} failure(s)"))
    return 0 if failures == 0 else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Import the exported Godot project headless and load every file.")
    parser.add_argument("project", nargs="?", default=layout.GODOT, help=f"project folder (default {layout.GODOT})")
    return check(Path(parser.parse_args(argv).project).resolve())


if __name__ == "__main__":
    sys.exit(main())
