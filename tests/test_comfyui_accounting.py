"""The ledger arithmetic behind `doit cost`, `doit servers` and the budget cap (no server needed)."""
from __future__ import annotations

from pipeline.backends.comfyui import accounting, jobs
from pipeline.backends.comfyui.servers import parse_servers

CONFIG = parse_servers({"version": 1, "budget_usd": 1.0, "roles": {
    "image": [{"name": "image-1", "url": "http://127.0.0.1:9", "hourly_usd": 3.6}],
    "mesh": [{"name": "mesh-1", "url_env": "BACKBAY_TEST_UNSET_URL", "hourly_usd": 7.2}]}},
    "servers.yaml", need_urls=False)


def entry(build, task, server, prompt_id, outcome, seconds, rate=3.6):
    return {"build": build, "task": task, "server": server, "prompt_id": prompt_id, "outcome": outcome,
            "gpu_seconds": seconds, "usd": seconds * rate / 3600}


LEDGER = [
    entry("b1", "icons:yield/food", "image-1", "p1", "ran", 10.0),
    entry("b2", "icons:status/happiness", "image-1", "p2", "ran", 20.0),
    entry("b2", "icons:status/happiness", "image-1", "p2", "resumed", 20.0),   # collected again: paid once
    entry("b2", "icons:technology/pottery", "image-1", "p3", "cache", 0.0),
    entry("b2", "meshes:unit/warrior_idle", "mesh-1", "p4", "failed", 30.0, 7.2),
    entry("b2", "meshes:unit/warrior_idle", "mesh-1", "p5", "ran", 50.0, 7.2),
    entry("b2", "meshes:unit/warrior_idle", "image-1", "p6", "transient", 0.0),
]


def test_a_job_is_paid_once_per_server():
    paid = jobs.paid_entries(LEDGER)
    assert [(e["prompt_id"], e["outcome"]) for e in paid] == [("p1", "ran"), ("p2", "ran"), ("p4", "failed"),
                                                              ("p5", "ran")]


def test_cost_report_totals_per_phase_and_estimate():
    report = accounting.cost_report(CONFIG, {"icons": 4, "meshes": 2, "materials": 3, "portraits": 0}, LEDGER)
    rows = {}
    for line in report.splitlines():  # the first table: per phase
        if line.strip():
            rows.setdefault(line.split()[0], line.split())
    # icons: this build (b2) one paid job of 20 s; all builds 2 jobs, 30 s
    assert rows["icons"][1:4] == ["1", "20", "0.02"] and rows["icons"][4:6] == ["2", "30"]
    # meshes: 80 s in one output -> 2 stale meshes about 160 s, 2 * 80 s at $7.2/h = $0.32
    estimate = next(line for line in report.splitlines() if line.startswith("meshes") and "160" in line)
    assert estimate.split()[1:] == ["2", "80", "160", "0.32"]
    assert any(line.startswith("materials") and "no job of this phase" in line for line in report.splitlines())
    assert "budget: $0.18 of $1.00 spent in build b2" in report


def test_servers_table_names_an_unreachable_server_and_one_without_url():
    table = accounting.servers_table(CONFIG, LEDGER)
    image = next(line for line in table.splitlines() if line.startswith("image-1"))
    mesh = next(line for line in table.splitlines() if line.startswith("mesh-1"))
    assert "no (TransientError)" in image and image.split()[-4:] == ["1", "0", "20", "0.02"]  # done, failed, s, $
    assert "url_env unset" in mesh and mesh.split()[-4:] == ["1", "1", "80", "0.16"]
    assert "127.0.0.1" not in table
