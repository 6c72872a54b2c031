"""The server pool: run a `Job` on the least-loaded healthy server of its role.

    pool = ServerPool(load_servers())
    outcome = pool.run(job)        # outcome.files: validated bytes; .gpu_seconds, .server, .source

doit runs tasks in several worker processes (`doit -n N`), so what the pool
shares lives in files under `.build/comfyui/` (see jobs.py), not in memory:

- slots: each server has `concurrent_jobs + 1` slot files; a worker holds one
  with an exclusive `flock` while its job is on that server. So every server
  has its running job(s) plus one waiting in its queue (no GPU idles between
  jobs) and never more (no flooding: the rest wait here, free to go to
  whichever server frees up first). The OS drops a dead worker's locks.
  The server with the most free slots is chosen (least loaded).
- health: a server that keeps failing with transient errors (refused, dropped,
  timeouts, 5xx) after a few retries is marked down for `down_seconds`; every
  worker skips it meanwhile, and the job that met the failure is sent to
  another server of the role under the same prompt id.
- resume: before anything is sent, the job's cache entry is looked up (a job
  that ran before costs nothing), then the journal: a job a killed build had
  sent is collected from (or waited for on) the server that has it.
- budget: with `budget_usd`, no new job is sent once this build's ledger adds up
  to it (jobs already sent are still collected).
"""
from __future__ import annotations

import fcntl
import functools
import logging
import os
import random
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.backends.comfyui import jobs, workflows
from pipeline.backends.comfyui.client import (ComfyClient, ComfyError, ConfigError, ExecutionError, InvalidOutput,
                                              Timeouts, TransientError, with_retries)
from pipeline.backends.comfyui.servers import Server, ServerConfig

log = logging.getLogger("pipeline.backends.comfyui")
EXTENSIONS = {"image": "png", "mesh": "glb"}


@functools.lru_cache(maxsize=None)
def _workflow(name: str):
    """A workflow read and checked once per process, not once per job."""
    return workflows.load(name)


class BudgetExceeded(ComfyError):
    """The build's GPU spending reached `budget_usd`: no new job is sent."""


class NoServer(TransientError):
    """No server of a role answered for `no_server_seconds`."""


@dataclass
class Outcome:
    files: list[bytes]
    server: str            # who ran it ("" for a cache hit)
    gpu_seconds: float
    source: str            # "ran", "resumed" (sent by an earlier, killed build) or "cache"
    prompt_id: str


@dataclass(frozen=True)
class PoolSettings:
    retries: int = 3                 # attempts on one server before it is marked down
    retry_base: float = 1.0          # backoff seconds, doubled per retry
    down_seconds: float = 60.0       # how long a failing server is skipped
    no_server_seconds: float = 300.0  # how long a job waits for any server of its role
    job_timeout: float = 1800.0      # one job, queue time included
    poll: float = 2.0                # /history polling interval when no websocket event comes
    read_timeout: float = 30.0       # one API call's answer

    @classmethod
    def from_environment(cls) -> "PoolSettings":
        """BACKBAY_GPU_RETRY_BASE, ..._DOWN_SECONDS, ..._NO_SERVER_SECONDS, ..._JOB_TIMEOUT, ..._POLL, ..._READ_TIMEOUT
        (tests shorten them; builds keep the defaults)."""
        names = {"retry_base": "RETRY_BASE", "down_seconds": "DOWN_SECONDS", "no_server_seconds": "NO_SERVER_SECONDS",
                 "job_timeout": "JOB_TIMEOUT", "poll": "POLL", "read_timeout": "READ_TIMEOUT"}
        values = {field: float(os.environ[f"BACKBAY_GPU_{env}"]) for field, env in names.items()
                  if os.environ.get(f"BACKBAY_GPU_{env}")}
        return cls(**values)


class ServerPool:
    def __init__(self, config: ServerConfig, settings: PoolSettings | None = None) -> None:
        self.config = config
        self.settings = settings or PoolSettings.from_environment()
        self._clients: dict[str, ComfyClient] = {}
        self._checked: dict[tuple[str, str], list[str]] = {}  # (server, workflow) -> problems on that server
        self._pid = os.getpid()

    # --- running a job -------------------------------------------------------

    def run(self, job: jobs.Job) -> Outcome:
        workflow = _workflow(job.workflow)
        key = job.key(workflow.digest)
        job_id = jobs.prompt_id(key)
        cached = jobs.cache_get(key)
        if cached is not None:
            files, record = cached
            jobs.ledger_add(task=job.task, role=job.role, server="", prompt_id=job_id, workflow=job.workflow,
                            outcome="cache", gpu_seconds=0.0, usd=0.0)
            return Outcome(files, "", 0.0, "cache", job_id)
        outcome = self._resume(job, workflow, job_id)
        give_up = None  # set at the first failure: how long this job keeps looking for a server
        while outcome is None:
            server, slot = self._acquire(job, workflow)
            try:
                self._check_budget()
                outcome = self._send(job, workflow, key, job_id, server)
            except TransientError as error:
                self._mark_down(server, error)
                jobs.ledger_add(task=job.task, role=job.role, server=server.name, prompt_id=job_id,
                                workflow=job.workflow, outcome="transient", gpu_seconds=0.0, usd=0.0, error=str(error))
                give_up = give_up or time.monotonic() + self.settings.no_server_seconds
                if time.monotonic() > give_up:
                    raise NoServer(f"{job.task}: no {job.role} server could run job {job_id} for "
                                   f"{self.settings.no_server_seconds:g} s (last: {error}); "
                                   f"check them with `doit servers`", server.name) from None
            finally:
                slot.close()  # releases the flock
        jobs.cache_put(key, outcome.files, EXTENSIONS[workflow.output_kind],
                       {"workflow": job.workflow, "server": outcome.server, "prompt_id": job_id,
                        "gpu_seconds": outcome.gpu_seconds, "task": job.task})
        jobs.journal_remove(job_id)
        return outcome

    def _send(self, job: jobs.Job, workflow, key: str, job_id: str, server: Server) -> Outcome:
        client = self.client(server)
        jobs.journal_write(job_id, server.name, job.task)  # before the POST: a kill after it must find the job
        jobs.active_add(job_id, server.name, job.task)
        try:
            def attempt():
                # every save node gets its own prefix, unique to the job (ComfyUI's cache serves repeats)
                values = {**{name: f"{jobs.filename_prefix(key)}{'' if name == 'filename_prefix' else '_' + name}"
                             for name, binding in workflow.bindings.items() if binding.type == "prefix"},
                          **job.values}
                for parameter, data in job.uploads.items():
                    values[parameter] = client.upload_image(data, f"backbay_{key[:24]}_{parameter}.png")
                return client.run(workflow, values, job_id, timeout=self.settings.job_timeout)

            result = with_retries(attempt, attempts=self.settings.retries, base=self.settings.retry_base)
        except (ExecutionError, InvalidOutput) as error:
            self._record_failure(job, server, job_id, error)
            jobs.journal_remove(job_id)
            raise
        finally:
            jobs.active_remove(job_id)
        return self._record_success(job, server, job_id, result, "ran")

    def _resume(self, job: jobs.Job, workflow, job_id: str) -> Outcome | None:
        """Collect a job an earlier (killed) build sent, from the server the journal names."""
        entry = jobs.journal_read(job_id)
        server = next((s for s in self.config.role(job.role) if entry and s.name == entry.get("server")), None)
        if server is None:
            return None
        client = self.client(server)
        try:
            history, state = client.job_state(job_id)
            if state is None:
                return None  # the server does not have it (restarted, or the POST never arrived)
            log.info("%s: %s: job %s sent by an earlier build is %s; collecting it",
                     job.task, server.name, job_id, state)
            jobs.active_add(job_id, server.name, job.task)
            try:
                if state != "finished":
                    history, _ = client.wait(job_id, timeout=self.settings.job_timeout)
                result = client.collect(workflow, job_id, history)
            finally:
                jobs.active_remove(job_id)
        except (ExecutionError, InvalidOutput) as error:
            self._record_failure(job, server, job_id, error)
            jobs.journal_remove(job_id)
            raise
        except TransientError:
            return None  # not reachable now: send it again (same prompt id) where a slot is free
        return self._record_success(job, server, job_id, result, "resumed")

    def _record_success(self, job, server: Server, job_id: str, result, source: str) -> Outcome:
        seconds = result.gpu_seconds or 0.0
        jobs.ledger_add(task=job.task, role=job.role, server=server.name, prompt_id=job_id, workflow=job.workflow,
                        outcome=source, gpu_seconds=round(seconds, 3), usd=round(seconds * server.hourly_usd / 3600, 6))
        return Outcome(result.files, server.name, seconds, source, job_id)

    def _record_failure(self, job, server: Server, job_id: str, error: ComfyError) -> None:
        seconds = getattr(error, "gpu_seconds", None) or 0.0
        jobs.ledger_add(task=job.task, role=job.role, server=server.name, prompt_id=job_id, workflow=job.workflow,
                        outcome="failed", gpu_seconds=round(seconds, 3),
                        usd=round(seconds * server.hourly_usd / 3600, 6), error=str(error))

    def _check_budget(self) -> None:
        budget = self.config.budget_usd
        if budget is None:
            return
        entries = jobs.paid_entries(jobs.ledger_entries(jobs.build_id()))
        spent = sum(entry.get("usd", 0.0) for entry in entries)
        if spent >= budget:
            raise BudgetExceeded(f"GPU budget reached: ${spent:.2f} of budget_usd ${budget:.2f} spent on "
                                 f"{len(entries)} jobs in this build; no new job is sent — raise budget_usd in "
                                 f"{self.config.path} (or run again: finished outputs are kept)")

    # --- choosing a server -----------------------------------------------------

    def _acquire(self, job: jobs.Job, workflow) -> tuple[Server, object]:
        """Block until a slot is free on a server of the job's role: (server, held slot file).
        Servers marked down are skipped while another is up; when all are down, they are
        tried anyway after a pause (the caller gives up after `no_server_seconds`)."""
        servers = self.config.role(job.role)
        if not servers:
            raise ConfigError(f"{self.config.path}: no server has role {job.role!r}, which {job.task} needs "
                              f"(workflow {job.workflow}) — add one under roles.{job.role}")
        while True:
            able = [s for s in servers if not self._problems(s, workflow)]
            if not able:
                problems = "; ".join(f"{s.name}: {', '.join(self._problems(s, workflow))}" for s in servers)
                raise ConfigError(f"no {job.role} server can run workflow {job.workflow} ({problems}) — "
                                  f"install what is missing (deploy/README.md)")
            usable = [s for s in able if self._is_up(s)]
            if not usable:
                time.sleep(1.0)
                usable = able
            best, best_free, held = None, 0, []
            for server in usable:
                free = [slot for slot in (self._try_slot(server, k) for k in range(server.concurrent_jobs + 1)) if slot]
                held += free
                if len(free) > best_free or (len(free) == best_free and free and random.random() < 0.5):
                    best, best_free = (server, free[0]), len(free)
            for slot in held:
                if best is None or slot is not best[1]:
                    slot.close()
            if best is not None:
                return best
            time.sleep(0.02)

    def _try_slot(self, server: Server, index: int):
        path = Path(jobs.STATE) / "slots" / f"{server.name}.{index}"
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return None
        return handle

    def _health_path(self, server: Server) -> Path:
        return Path(jobs.STATE) / "health" / f"{server.name}.down"

    def _is_up(self, server: Server) -> bool:
        try:
            return os.stat(self._health_path(server)).st_mtime <= time.time()
        except FileNotFoundError:
            return True

    def _mark_down(self, server: Server, error: Exception) -> None:
        """Skip `server` for down_seconds (the marker's mtime is when it may be tried again)."""
        log.warning("%s: taken out for %g s after %s", server.name, self.settings.down_seconds, error)
        path = self._health_path(server)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(str(error) + "\n")
        until = time.time() + self.settings.down_seconds
        os.utime(path, (until, until))

    def _problems(self, server: Server, workflow) -> list[str]:
        """What `server` lacks to run `workflow` (node classes, model files), asked once per process."""
        key = (server.name, workflow.name)
        if key not in self._checked:
            try:
                self._checked[key] = workflow.server_problems(self.client(server).object_info())
            except TransientError:
                return []  # unreachable: the job attempt finds out and marks it down
            if self._checked[key]:
                log.warning("%s cannot run %s: %s", server.name, workflow.name, "; ".join(self._checked[key]))
        return self._checked[key]

    def client(self, server: Server) -> ComfyClient:
        if os.getpid() != self._pid:  # a forked doit worker: connections are not shared across processes
            self._clients, self._pid = {}, os.getpid()
        if server.name not in self._clients:
            self._clients[server.name] = ComfyClient(server.url, name=server.name, token_env=server.token_env,
                                                     timeouts=Timeouts(read=self.settings.read_timeout,
                                                                       poll=self.settings.poll))
        return self._clients[server.name]

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        self._clients = {}
