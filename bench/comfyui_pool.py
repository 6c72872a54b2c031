"""The GPU server pool against our ComfyUI-protocol test servers (issue 7's benchmark).

    .venv/bin/python bench/comfyui_pool.py [--jobs 40] [--servers 2] [--job-seconds 0.5] [--workers 4]

1. makespan: `--jobs` distinct jobs (icon_sdxl, one seed each) through `ServerPool.run`
   from `--workers` processes, as `doit -n N` runs GPU tasks, on `--servers` test servers
   that each execute one job at a time for `--job-seconds`. Ideal = jobs x job seconds /
   servers; the target is a makespan within 10% of it (every server busy all the time).
2. client overhead per job: the same jobs, one process, on one server whose jobs take no
   time: wall time per job (submit, websocket, /history, /view, PNG validation, cache,
   ledger and journal writes, slot locks).
Each part runs in a fresh working folder: no cache hit, no journal.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.backends.comfyui import jobs  # noqa: E402
from pipeline.backends.comfyui.pool import PoolSettings, ServerPool  # noqa: E402
from pipeline.backends.comfyui.servers import parse_servers  # noqa: E402
from tests.comfy_test_server import ComfyTestServer  # noqa: E402

_POOL: ServerPool | None = None


def _config(urls: list[str]):
    return parse_servers({"version": 1, "roles": {"image": [
        {"name": f"image-{i + 1}", "url": url, "hourly_usd": 1.0} for i, url in enumerate(urls)]}}, "bench")


def _init(urls: list[str]) -> None:
    global _POOL
    _POOL = ServerPool(_config(urls), PoolSettings(retry_base=0.05, poll=0.5))


def _run(seed: int) -> tuple[float, float, str]:
    job = jobs.Job("icon_sdxl", "image", {"prompt": f"benchmark icon {seed}", "seed": seed,
                                          "width": 1024, "height": 1024}, task=f"bench:{seed}")
    started = time.perf_counter()
    outcome = _POOL.run(job)
    return started, time.perf_counter(), outcome.server


def makespan(count: int, servers: int, job_seconds: float, workers: int) -> dict:
    test_servers = [ComfyTestServer(job_seconds=job_seconds).__enter__() for _ in range(servers)]
    try:
        with tempfile.TemporaryDirectory() as work:
            os.chdir(work)
            with multiprocessing.get_context("fork").Pool(workers, _init, ([s.url for s in test_servers],)) as pool:
                started = time.perf_counter()
                results = pool.map(_run, range(1000, 1000 + count), chunksize=1)
                elapsed = time.perf_counter() - started
            os.chdir(REPO)
        per_server = {s.url: len(s.prompts) for s in test_servers}
        assert sum(per_server.values()) == count, per_server
    finally:
        for server in test_servers:
            server.kill()
    ideal = count * job_seconds / servers
    return {"makespan": elapsed, "ideal": ideal, "ratio": elapsed / ideal, "per_server": sorted(per_server.values()),
            "servers_used": len({server for _, _, server in results})}


def overhead(count: int) -> dict:
    server = ComfyTestServer(job_seconds=0.0).__enter__()
    try:
        with tempfile.TemporaryDirectory() as work:
            os.chdir(work)
            _init([server.url])
            _run(999)  # connections, object_info check, imports
            times = []
            for seed in range(2000, 2000 + count):
                started, ended, _ = _run(seed)
                times.append((ended - started) * 1000)
            os.chdir(REPO)
    finally:
        server.kill()
    return {"median_ms": statistics.median(times), "mean_ms": statistics.fmean(times), "max_ms": max(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=40)
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--job-seconds", type=float, default=0.5)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs = [makespan(args.jobs, args.servers, args.job_seconds, args.workers) for _ in range(args.repeat)]
    for run in runs:
        print(f"makespan {run['makespan']:.2f} s, ideal {run['ideal']:.2f} s, ratio {run['ratio']:.3f}, "
              f"jobs per server {run['per_server']}")
    median = statistics.median(run["ratio"] for run in runs)
    print(f"median ratio {median:.3f} (target <= 1.10: {'met' if median <= 1.10 else 'NOT met'})")
    cost = overhead(args.jobs)
    print(f"client overhead per job (0-second jobs, 1 process): median {cost['median_ms']:.1f} ms, "
          f"mean {cost['mean_ms']:.1f} ms, max {cost['max_ms']:.1f} ms")


if __name__ == "__main__":
    main()
