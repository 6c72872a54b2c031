"""Quality gate tasks: `doit gate_materials` ... `doit gate_export` (`make gates`: all five).

One task per checkpoint of MISSION.md. Each checks every asset of its
checkpoint as it is on disk (a gate builds nothing: run `doit` first), writes
out/review/gates/<checkpoint>.json and .txt (docs/export-formats.md), prints
the table and fails, so doit exits non-zero, when anything failed. The
checks live in pipeline/gates/<checkpoint>.py; their per-file measurements
are cached under .build/gates/, so a re-run measures only changed files.
Gates always run (no uptodate) and are not default tasks.
"""
from __future__ import annotations

from pipeline import layout
from pipeline.catalog import Catalog

DOCS = {
    "materials": "gate 1: five maps per material, size, seamless tiling, value ranges",
    "meshes": "gate 2: Blender import, glTF-Validator, budgets, closed meshes, scale and footprints",
    "portraits": "gate 3: portrait sizes, no blank images, one style across leaders",
    "sprites": "gate 4: sprite sizes, clean alpha, readable unit silhouettes, steady animations",
    "export": "gate 5: manifest complete, atlas UVs, size budget (pipeline/gates/export.py)",
}


def run_gate(gate: str, module: str, catalog: Catalog):
    """The action (pipeline/gates/report.py), imported when a gate runs."""
    from pipeline.gates import report

    return report.run_gate(gate, module, catalog)


def _creator(gate: str, catalog: Catalog):
    def create():
        return {"actions": [(run_gate, [gate, f"pipeline.gates.{gate}", catalog])], "verbosity": 2,
                "doc": DOCS[gate], "targets": list(layout.gate_report(gate).values())}
    create.__doc__ = DOCS[gate]
    return create


def tasks(catalog: Catalog) -> dict:
    """{"task_gate_<checkpoint>": task creator} for dodo.py's namespace."""
    return {f"task_gate_{gate}": _creator(gate, catalog) for gate in layout.GATES}
