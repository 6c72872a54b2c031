"""What a GPU job is, and the state the pipeline keeps about jobs on disk.

A `Job` is one run of one workflow with its parameter values (prompt, seed,
size, ...) and the images it uploads. Its `key` hashes all of that with the
workflow's digest (graph + bindings, model file names included): the same key
means the same request, so the same output.

- prompt id: derived from the key (`prompt_id`), so a job re-sent after a crash
  or on another server carries the same id, and a server that has it already
  hands back its result instead of running it again;
- cache (`.build/cache/comfyui/<key>/`, or BACKBAY_GPU_CACHE): every job's
  validated output files, kept under the key. Reverting a prompt, or changing
  only CPU post-processing, finds its jobs here: no GPU time is paid twice;
- journal (`.build/comfyui/jobs/<prompt id>.json`): the server a job was sent
  to, written before it is sent, so a rerun after a crash asks that server first;
- ledger (`.build/comfyui/ledger.jsonl`): one line per job outcome with its GPU
  seconds and cost, read by `doit cost`, `doit servers` and the budget cap;
- active markers (`.build/comfyui/active/`): the jobs running now, per server,
  for the progress display.
All writes are atomic (temp file + rename, or one short O_APPEND line), so
parallel doit workers and a kill at any moment leave nothing half written.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import fsutil, layout
from pipeline.fingerprint import canonical_json

STATE = f"{layout.BUILD}/comfyui"
CACHE_ENV = "BACKBAY_GPU_CACHE"
BUILD_ENV = "BACKBAY_BUILD_ID"


@dataclass(frozen=True)
class Job:
    workflow: str                    # workflows/<name>.json
    role: str                        # the server role that runs it: image, mesh, material
    values: dict                     # parameter values (no filename_prefix: it is derived from the key)
    uploads: dict = field(default_factory=dict)  # image parameter -> PNG bytes uploaded before the job
    task: str = ""                   # the doit task that wants it (ledger, progress)

    def key(self, workflow_digest: str) -> str:
        request = {"workflow": self.workflow, "digest": workflow_digest, "values": self.values,
                   "uploads": {name: hashlib.sha256(data).hexdigest() for name, data in self.uploads.items()}}
        return hashlib.sha256(canonical_json(request).encode()).hexdigest()


def prompt_id(key: str) -> str:
    """ComfyUI's prompt id for the job with `key` (uuid-shaped, as ComfyUI's own ids)."""
    return str(uuid.UUID(hex=key[:32]))


def filename_prefix(key: str) -> str:
    """A unique output prefix per job: ComfyUI serves an identical graph from its cache."""
    return f"backbay/{key[:32]}"


def build_id() -> str:
    """The current build: set once by dodo.py, inherited by doit's worker processes."""
    return os.environ.get(BUILD_ENV, "")


# --- the content-addressed cache -------------------------------------------

def cache_root() -> Path:
    return Path(os.environ.get(CACHE_ENV) or f"{layout.BUILD}/cache/comfyui")


def cache_get(key: str) -> tuple[list[bytes], dict] | None:
    """(files, record) of a job that ran before, or None."""
    folder = cache_root() / key[:2] / key
    try:
        record = json.loads((folder / "job.json").read_text())
        files = [(folder / name).read_bytes() for name in record["files"]]
    except (FileNotFoundError, ValueError, KeyError):
        return None
    return files, record


def cache_put(key: str, files: list[bytes], extension: str, record: dict) -> None:
    """Keep a job's validated files under its key (a whole folder renamed into place)."""
    folder = cache_root() / key[:2] / key
    if folder.exists():
        return
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{key[:8]}-", dir=folder.parent))
    try:
        names = [f"{index}.{extension}" for index in range(len(files))]
        for name, data in zip(names, files):
            (staging / name).write_bytes(data)
        (staging / "job.json").write_text(json.dumps({**record, "files": names}, sort_keys=True))
        os.rename(staging, folder)
    except OSError:  # another worker stored the same job first: theirs is as good
        shutil.rmtree(staging, ignore_errors=True)


# --- journal: where a job was sent ------------------------------------------

def journal_path(job_prompt_id: str) -> Path:
    return Path(STATE) / "jobs" / f"{job_prompt_id}.json"


def journal_read(job_prompt_id: str) -> dict | None:
    try:
        return json.loads(journal_path(job_prompt_id).read_text())
    except (FileNotFoundError, ValueError):
        return None


def journal_write(job_prompt_id: str, server: str, task: str) -> None:
    fsutil.write_atomic(journal_path(job_prompt_id),
                        json.dumps({"server": server, "task": task, "sent": time.time()}).encode())


def journal_remove(job_prompt_id: str) -> None:
    try:
        os.remove(journal_path(job_prompt_id))
    except FileNotFoundError:
        pass


# --- ledger: one line per job outcome ----------------------------------------

def ledger_path() -> Path:
    return Path(STATE) / "ledger.jsonl"


def ledger_add(**entry) -> None:
    """Append one outcome: {build, task, role, server, prompt_id, workflow, outcome, gpu_seconds, usd, error}."""
    line = json.dumps({"time": round(time.time(), 3), "build": build_id(), **entry}, sort_keys=True) + "\n"
    path = ledger_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # one write() of a short line in append mode: parallel workers never interleave within it
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)


def ledger_entries(build: str | None = None) -> list[dict]:
    """Every recorded outcome (of one build if `build` is given); a torn last line is skipped."""
    try:
        lines = ledger_path().read_text().splitlines()
    except FileNotFoundError:
        return []
    entries = []
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if build is None or entry.get("build") == build:
            entries.append(entry)
    return entries


#: outcomes whose GPU time was spent (a cache hit, a transient failure cost nothing we know of)
PAID = ("ran", "resumed", "failed")


def paid_entries(entries: list[dict]) -> list[dict]:
    """The entries that cost GPU time, each job once per server: a job collected again (a failed
    one asked for by a rerun, one recorded just before a kill) was paid for only the first time."""
    seen, paid = set(), []
    for entry in entries:
        key = (entry.get("server"), entry.get("prompt_id"))
        if entry.get("outcome") in PAID and key not in seen:
            seen.add(key)
            paid.append(entry)
    return paid


# --- active jobs, for the progress display -----------------------------------

def active_path(job_prompt_id: str) -> Path:
    return Path(STATE) / "active" / f"{job_prompt_id}.json"


def active_add(job_prompt_id: str, server: str, task: str) -> None:
    fsutil.write_atomic(active_path(job_prompt_id),
                        json.dumps({"server": server, "task": task, "pid": os.getpid(), "since": time.time()}).encode())


def active_remove(job_prompt_id: str) -> None:
    try:
        os.remove(active_path(job_prompt_id))
    except FileNotFoundError:
        pass


def active_jobs() -> list[dict]:
    """The jobs some live worker is running now (markers of dead processes are ignored)."""
    jobs = []
    for path in sorted((Path(STATE) / "active").glob("*.json")):
        try:
            record = json.loads(path.read_text())
            os.kill(record["pid"], 0)
        except (FileNotFoundError, ValueError, KeyError, ProcessLookupError, PermissionError):
            continue
        jobs.append(record)
    return jobs
