"""doit reporter: one line per executed task, progress lines, a summary at the end.

Lines for executed tasks keep doit's own format (".  <task>") so tools and
tests can read them; up-to-date tasks print nothing. Every
`BACKBAY_PROGRESS_SECONDS` (default 10) a progress line follows a finished
task: done/total per phase, on the comfyui backend the GPU jobs running per
server, and a rough ETA (the mean time per built task so far times what is
left, over the workers). At the end: the count line and, if any, one line per
failed task with its reason (on GPU servers: every attempt's error).

On the comfyui backend with `runpod.stop_idle_roles`, the pods of a role are
stopped as soon as no task of this build needs that role any more, so idle
GPUs stop billing.
"""
from __future__ import annotations

import os
import time
from collections import Counter

from doit.reporter import ExecutedOnlyReporter


class ProgressReporter(ExecutedOnlyReporter):
    desc = "executed tasks with progress and a summary"

    def initialize(self, tasks, selected_tasks):
        self.started = time.monotonic()
        self.executed = self.skipped = self.failed = 0
        self.interval = float(os.environ.get("BACKBAY_PROGRESS_SECONDS", "10"))
        self.last_progress = self.started
        self.reasons: list[str] = []
        self.gpu = os.environ.get("BACKBAY_BACKEND") == "comfyui"
        selected = set(selected_tasks or [])
        self.phase_total, self.phase_done = Counter(), Counter()
        self.role_left = Counter()      # role -> tasks of this build still to finish that need it
        self.stopped_roles: set[str] = set()
        for name, task in tasks.items():
            phase = name.partition(":")[0]
            if ":" not in name or not (phase in selected or name in selected or not selected):
                continue
            self.phase_total[phase] += 1
            for role in (task.meta or {}).get("gpu_roles", ()):
                self.role_left[role] += 1
        self.built_seconds = 0.0

    @staticmethod
    def _is_command(task) -> bool:
        """Report-like tasks (doit stale) print their own output and are not counted."""
        return bool(task.meta and task.meta.get("command"))

    def execute_task(self, task):
        if task.actions and task.name[0] != "_" and not self._is_command(task):
            self.executed += 1
            self.write(f".  {task.title()}\n")

    def skip_uptodate(self, task):
        self.skipped += 1
        self._finished(task)

    def add_success(self, task):
        self._finished(task)

    def add_failure(self, task, fail):
        # a group task fails with its subtasks and a command (doit servers) is not a build step:
        # neither is counted, and a group task's reason is its subtasks'
        self.failed += bool(task.actions) and not self._is_command(task)
        if task.actions and task.name[0] != "_" and not self._is_command(task):  # a command's message is enough
            message = str(getattr(fail, "message", "") or fail).strip()
            self.reasons.append(message if message.startswith(task.name) else f"{task.name}: {message}")
        super().add_failure(task, fail)
        self._finished(task)

    def _finished(self, task) -> None:
        if ":" in task.name:
            self.phase_done[task.name.partition(":")[0]] += 1
        for role in (task.meta or {}).get("gpu_roles", ()):
            self.role_left[role] -= 1
            if self.role_left[role] <= 0:
                self._role_idle(role)
        now = time.monotonic()
        if self.interval >= 0 and now - self.last_progress >= self.interval and self.phase_total:
            self.last_progress = now
            self.write(f"   {self.progress_line(now)}\n")

    def progress_line(self, now: float) -> str:
        phases = " · ".join(f"{phase} {self.phase_done[phase]}/{total}"
                            for phase, total in self.phase_total.items() if total)
        line = f"progress: {phases}"
        if self.gpu:
            from pipeline.backends.comfyui.jobs import active_jobs

            running = Counter(job["server"] for job in active_jobs())
            line += " | gpu jobs: " + (", ".join(f"{s} {n}" for s, n in sorted(running.items())) or "none")
        left = sum(self.phase_total.values()) - sum(self.phase_done.values())
        built = self.executed - self.failed
        if built > 0 and left > 0:
            eta = (now - self.started) / max(built, 1) * left
            line += f" | ETA ~{_duration(eta)} (if all {left} left are built)"
        return line

    def _role_idle(self, role: str) -> None:
        """Stop the role's pods when the configuration asks for it (failures are reported, not fatal)."""
        if not self.gpu or role in self.stopped_roles:
            return
        self.stopped_roles.add(role)
        from pipeline.backends.comfyui.servers import load_servers

        try:
            config = load_servers(need_urls=False)
            if not config.stop_idle_roles or not any(s.pod_id for s in config.role(role)):
                return
            from pipeline.backends.comfyui import pods

            self.write(f"   no work left for the {role} servers: stopping their pods\n")
            pods.stop_pods(config, [role], out=lambda text: self.write(f"   {text}\n"))
        except Exception as error:  # a failed stop must not fail the build; say it loudly
            self.write(f"   WARNING: could not stop the {role} pods ({type(error).__name__}: {error}); "
                       f"stop them with `doit pods_stop --roles {role}`\n")

    def complete_run(self):
        super().complete_run()
        if self.executed or self.failed:
            elapsed = time.monotonic() - self.started
            self.write(f"backbay: {self.executed - self.failed} built, {self.failed} failed, "
                       f"{self.skipped} up to date ({elapsed:.1f} s)\n")
        for reason in self.reasons:
            self.write(f"  failed: {reason}\n")


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    return f"{minutes}m{seconds:02d}s" if minutes else f"{seconds}s"
