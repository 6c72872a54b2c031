"""What the GPU servers are doing and what they cost: `doit servers` and `doit cost`.

Both read the job ledger (jobs.py: one line per job outcome with its GPU
seconds, from the execution timestamps the server reports) and the server
configuration; `servers` also asks each server for /system_stats and /queue.
"Cost" is GPU seconds at the server's hourly rate: what the jobs used. A
rented server also bills while idle — `doit pods_stop` ends that.
"""
from __future__ import annotations

from collections import defaultdict

from pipeline.backends.comfyui import jobs
from pipeline.backends.comfyui.client import ComfyClient, ComfyError, Timeouts
from pipeline.backends.comfyui.servers import ServerConfig



def latest_build(entries: list[dict]) -> str:
    """The build id of the last recorded job ("" if none)."""
    return entries[-1].get("build", "") if entries else ""


def phase_of(task: str) -> str:
    """The task family a job belongs to ("meshes:unit/warrior_idle" -> "meshes")."""
    return task.partition(":")[0] or "?"


def servers_table(config: ServerConfig, entries: list[dict] | None = None) -> str:
    """One row per configured server: reachable, GPU, VRAM, queue, this build's jobs, GPU time, cost."""
    entries = jobs.ledger_entries() if entries is None else entries
    build = latest_build(entries)
    rows = [("server", "role", "reachable", "gpu", "vram GiB", "running", "pending", "done", "failed",
             "gpu s", "cost $")]
    paid = [e for e in jobs.paid_entries(entries) if e.get("build") == build]
    for server in config.servers:
        mine = [e for e in paid if e.get("server") == server.name]
        done = sum(e["outcome"] in ("ran", "resumed") for e in mine)
        failed = sum(e["outcome"] == "failed" for e in mine)
        seconds = sum(e.get("gpu_seconds", 0.0) for e in mine)
        reachable, gpu, vram, running, pending = "no", "-", "-", "-", "-"
        if server.url:
            try:
                with ComfyClient(server.url, name=server.name, token_env=server.token_env,
                                 timeouts=Timeouts(connect=3.0, read=5.0)) as client:
                    stats, queue = client.system_stats(), client.queue()
                device = (stats.get("devices") or [{}])[0]
                reachable, gpu = "yes", str(device.get("name", "?"))[:40]
                vram = f"{device.get('vram_total', 0) / 2**30:.0f}" if device.get("vram_total") else "?"
                running, pending = len(queue.get("queue_running", [])), len(queue.get("queue_pending", []))
            except ComfyError as error:
                reachable = f"no ({type(error).__name__})"
        else:
            reachable = "no url (url_env unset)"
        rows.append((server.name, server.role, reachable, gpu, vram, running, pending, done, failed,
                     f"{seconds:.0f}", f"{seconds * server.hourly_usd / 3600:.2f}"))
    return _table(rows) + (f"\njobs of build {build}" if build else "\nno job recorded yet")


def cost_report(config: ServerConfig, stale_by_phase: dict[str, int], entries: list[dict] | None = None) -> str:
    """GPU seconds and dollars per phase and per server (this build and all builds), and an estimate
    for the stale outputs: per phase, the mean GPU cost of one output built so far times the stale count."""
    entries = jobs.ledger_entries() if entries is None else entries
    build = latest_build(entries)
    paid = jobs.paid_entries(entries)
    lines = []
    for title, key in (("per phase", lambda e: phase_of(e.get("task", ""))), ("per server", lambda e: e["server"])):
        rows = [(title[4:], "jobs (build)", "gpu s (build)", "$ (build)", "jobs (all)", "gpu s (all)", "$ (all)")]
        groups = defaultdict(list)
        for entry in paid:
            groups[key(entry)].append(entry)
        for name in sorted(groups):
            group = groups[name]
            this = [e for e in group if e.get("build") == build]
            rows.append((name, len(this), f"{sum(e['gpu_seconds'] for e in this):.0f}",
                         f"{sum(e['usd'] for e in this):.2f}", len(group),
                         f"{sum(e['gpu_seconds'] for e in group):.0f}", f"{sum(e['usd'] for e in group):.2f}"))
        total = [e for e in paid if e.get("build") == build]
        rows.append(("total", len(total), f"{sum(e['gpu_seconds'] for e in total):.0f}",
                     f"{sum(e['usd'] for e in total):.2f}", len(paid),
                     f"{sum(e['gpu_seconds'] for e in paid):.0f}", f"{sum(e['usd'] for e in paid):.2f}"))
        lines += [_table(rows), ""]
    lines.append(_estimate(paid, stale_by_phase))
    if config.budget_usd is not None:
        spent = sum(e["usd"] for e in paid if e.get("build") == build)
        lines.append(f"budget: ${spent:.2f} of ${config.budget_usd:.2f} spent in build {build or '-'}")
    return "\n".join(lines)


def _estimate(paid: list[dict], stale_by_phase: dict[str, int]) -> str:
    rows = [("remaining", "stale outputs", "gpu s each", "est. gpu s", "est. $")]
    total_seconds = total_usd = 0.0
    for phase, stale in sorted(stale_by_phase.items()):
        done = [e for e in paid if phase_of(e.get("task", "")) == phase]
        outputs = {e.get("task") for e in done}
        if not stale:
            continue
        if not outputs:
            rows.append((phase, stale, "?", "?", "? (no job of this phase recorded yet)"))
            continue
        seconds = sum(e["gpu_seconds"] for e in done) / len(outputs)
        usd = sum(e["usd"] for e in done) / len(outputs)
        total_seconds += seconds * stale
        total_usd += usd * stale
        rows.append((phase, stale, f"{seconds:.0f}", f"{seconds * stale:.0f}", f"{usd * stale:.2f}"))
    rows.append(("total", sum(stale_by_phase.values()), "", f"{total_seconds:.0f}", f"{total_usd:.2f}"))
    return _table(rows)


def _table(rows: list[tuple]) -> str:
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows)
