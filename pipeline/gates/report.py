"""Gate failures and reports (format: docs/export-formats.md, "Gate reports").

A failure is one plain dict naming the asset, the file, the check, the
measured value and the limit it broke:

    {"asset": "knight", "path": "out/sprites/unit/knight/idle_s_0.png",
     "check": "fringe_px", "value": 14, "limit": 0}

`write_report` writes the JSON for machines and a short table for people,
each atomically; `run_gate` is the doit action of a gate task: it checks,
writes both files, prints the table and fails the task (doit exits non-zero)
when anything failed.
"""
from __future__ import annotations

import json
import time

from doit.exceptions import TaskFailed

from pipeline import fsutil, layout

#: rows in the people's table (the JSON always lists every failure)
TABLE_ROWS = 60


def failure(asset: str, path: str, check: str, value, limit) -> dict:
    return {"asset": asset, "path": path, "check": check, "value": _plain(value), "limit": _plain(limit)}


def basic_failures(asset: str, path: str, measured: dict | None, role: str, size: list[int],
                   modes: tuple[str, ...]) -> list[dict]:
    """What every image gate checks first: the file exists, at its size, in one of `modes`."""
    if measured is None:
        return [failure(asset, path, "missing", "no file", role)]
    found = []
    if measured["size"] != size:
        found.append(failure(asset, path, "size", measured["size"], size))
    if measured["mode"] not in modes:
        found.append(failure(asset, path, "mode", measured["mode"], " or ".join(modes)))
    return found


def _plain(value):
    """Numbers rounded for people and JSON (numpy scalars become Python numbers)."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        return round(value, 4)
    return value


def sort_failures(failures: list[dict]) -> list[dict]:
    return sorted(failures, key=lambda f: (f["asset"], f["path"], f["check"]))


def table(gate: str, checked: int, failures: list[dict], seconds: float | None = None) -> str:
    took = f" in {seconds:.1f} s" if seconds is not None else ""
    if not failures:
        return f"gate {gate}: passed ({checked} files checked{took})\n"
    lines = [f"gate {gate}: FAILED: {len(failures)} failures in {checked} files checked{took}"]
    rows = [("asset", "check", "value", "limit", "path")]
    rows += [(f["asset"], f["check"], _shown(f["value"]), _shown(f["limit"]), f["path"]) for f in failures[:TABLE_ROWS]]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths)) + "  " + row[4])
    if len(failures) > TABLE_ROWS:
        lines.append(f"... and {len(failures) - TABLE_ROWS} more (all in {layout.gate_report(gate)['json']})")
    return "\n".join(lines) + "\n"


def _shown(value) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= 48 else text[:45] + "..."


def write_report(gate: str, checked: int, failures: list[dict], seconds: float | None = None) -> str:
    """Write out/review/gates/<gate>.json and .txt (paths relative to the working directory);
    returns the table."""
    failures = sort_failures(failures)
    paths = layout.gate_report(gate)
    report = {"gate": gate, "passed": not failures, "checked": checked, "failures": failures}
    fsutil.write_atomic(paths["json"], (json.dumps(report, indent=1) + "\n").encode())
    text = table(gate, checked, failures, seconds)
    fsutil.write_atomic(paths["text"], text.encode())
    return text


def run_gate(gate: str, module: str, catalog):
    """doit action of `gate_<gate>`: `module.check(catalog)`, report, fail on any failure.
    The module is imported here, when the gate runs: not on every doit call."""
    import importlib

    from pipeline.gltf_validator import ValidatorUnavailable

    checker = importlib.import_module(module)
    started = time.monotonic()
    try:
        failures = checker.check(catalog)
    except ValidatorUnavailable as error:
        return TaskFailed(f"gate {gate}: cannot check: {error}")
    checked = checker.count(catalog)
    text = write_report(gate, checked, failures, time.monotonic() - started)
    if failures:  # doit prints the message once, after the run
        return TaskFailed(text + f"(report: {layout.gate_report(gate)['text']})")
    print(text, end="")
    return None
