"""Talks to the render worker (render/worker.py): one Blender process per doit process.

`render_sprites(mesh, spec, targets)` sends one request and waits for its
answer. The worker is started on first use and reused by every later render
task that this process runs, so Blender's start-up (about a second) is paid
once per process, not per mesh. Under `doit -n N` each of the N processes gets
its own worker and the meshes render in parallel.

Settings from the environment (not part of any fingerprint: they change how
fast, not what):
    BACKBAY_RENDER_DEVICE   CPU (default), CUDA, OPTIX, HIP, ONEAPI or METAL
    BACKBAY_RENDER_THREADS  Cycles threads per worker; 0 (default) = all cores
"""
from __future__ import annotations

import atexit
import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

from pipeline import layout

WORKER = Path(__file__).resolve().parent.parent / "render" / "worker.py"
DEVICES = ("CPU", "CUDA", "OPTIX", "HIP", "ONEAPI", "METAL")
#: generous: a 1920x1080 hero shot takes ~10 s on one CPU core; a hung Blender must not hang the build
SECONDS_PER_MEGAPIXEL_SAMPLE = 2.5
START_SECONDS = 60.0


class RenderError(Exception):
    """The worker could not render a mesh; str() is the message for the user."""


def device_setting(catalog_device: str = "CPU") -> str:
    device = os.environ.get("BACKBAY_RENDER_DEVICE", catalog_device).upper()
    if device not in DEVICES:
        raise RenderError(f"unknown render device {device!r} (BACKBAY_RENDER_DEVICE or settings.render.device); "
                          f"use one of {', '.join(DEVICES)}")
    return device


def threads_setting() -> int:
    value = os.environ.get("BACKBAY_RENDER_THREADS", "0")
    if not value.isdigit():
        raise RenderError(f"BACKBAY_RENDER_THREADS must be a whole number (0 = all cores), not {value!r}")
    return int(value)


class RenderWorker:
    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.reply_fd: int | None = None
        self.log_path: Path | None = None

    def _start(self) -> None:
        read_fd, write_fd = os.pipe()
        log_dir = Path(layout.BUILD) / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / f"render-worker-{os.getpid()}.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(WORKER), str(write_fd)], stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL, stderr=log, pass_fds=(write_fd,), close_fds=True)
        os.close(write_fd)
        self.reply_fd = read_fd

    def _alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, kill: bool = False) -> None:
        """End the worker: politely (end of its input) or, for a hung or dead one, `kill`.
        The next request starts a fresh one."""
        if self.process is not None:
            if not kill:
                try:
                    self.process.stdin.close()
                    self.process.wait(timeout=10)
                except (OSError, subprocess.TimeoutExpired):
                    kill = True
            if kill:
                self.process.kill()
                self.process.wait()
            self.process = None
        if self.reply_fd is not None:
            os.close(self.reply_fd)
            self.reply_fd = None

    def _log_tail(self) -> str:
        try:
            lines = self.log_path.read_text(errors="replace").strip().splitlines()
        except (OSError, AttributeError):
            return ""
        return " | ".join(lines[-5:])

    def request(self, message: dict, timeout: float) -> dict:
        if not self._alive():
            self.stop()
            self._start()
        try:
            self.process.stdin.write((json.dumps(message) + "\n").encode())
            self.process.stdin.flush()
        except BrokenPipeError:
            pass  # reported below as a dead worker
        reply = self._read_reply(timeout)
        if reply is None:
            timed_out, tail = self._alive(), self._log_tail()
            self.stop(kill=True)
            raise RenderError("the Blender render worker " + ("timed out" if timed_out else "stopped")
                              + (f" (its log: {tail})" if tail else ""))
        return reply

    def _read_reply(self, timeout: float) -> dict | None:
        deadline = time.monotonic() + timeout
        data = b""
        while not data.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([self.reply_fd], [], [], min(remaining, 1.0))
            if not ready:
                if not self._alive():
                    return None
                continue
            chunk = os.read(self.reply_fd, 65536)
            if not chunk:
                return None
            data += chunk
        return json.loads(data)


_WORKER = RenderWorker()
atexit.register(_WORKER.stop)


def render_sprites(mesh: str, spec: dict, targets: list[str], device: str = "CPU") -> dict:
    """Render every sprite of `spec` from `mesh` into `targets` (written atomically by the worker)."""
    width, height = spec["camera"]["size"]
    budget = START_SECONDS + len(targets) * width * height / 1e6 * spec["samples"] * SECONDS_PER_MEGAPIXEL_SAMPLE
    reply = _WORKER.request({"mesh": mesh, "spec": spec, "targets": targets, "device": device_setting(device),
                             "threads": threads_setting()}, timeout=budget)
    if not reply.get("ok"):
        raise RenderError(f"{mesh}: {reply.get('error', 'unknown error')}")
    return reply
