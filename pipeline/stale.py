"""Stale report: which outputs would be rebuilt, and why.

    python -m pipeline.stale [catalog.yaml]      (also `make stale`, `doit stale`)

Prints one line per stale output — `<task>: <reason>; <reason>` — and nothing
else, then a count. Reasons: prompt/spec changed (with the changed keys), style
changed, workflow changed, generator code changed, backend changed, tool
versions changed, upstream file changed, output missing or modified.
"""
from __future__ import annotations

import sys

from pipeline import project, stamps


def stale_outputs(catalog) -> list[tuple[str, list[str]]]:
    report = []
    for task in project.generation_tasks(catalog):
        meta = task["meta"]
        reasons = stamps.stale_reasons(meta["stamp"], meta["parts"], meta["spec"], task["targets"], meta["upstream"])
        if reasons:
            report.append((f"{task['basename']}:{task['name']}", reasons))
    return report


def print_report(catalog) -> None:
    report = stale_outputs(catalog)
    for name, reasons in report:
        print(f"{name}: {'; '.join(reasons)}")
    total = sum(1 for _ in project.generation_tasks(catalog))
    print(f"{len(report)} of {total} outputs stale" if report else f"all {total} outputs up to date")


def main(argv: list[str]) -> int:
    catalog = project.load_or_exit(argv[0] if argv else "assets.yaml")
    print_report(catalog)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
