"""doit reporter: one line per executed task, a summary at the end.

Lines for executed tasks keep doit's own format (".  <task>") so tools and
tests can read them; up-to-date tasks print nothing.
"""
from __future__ import annotations

import time

from doit.reporter import ExecutedOnlyReporter


class ProgressReporter(ExecutedOnlyReporter):
    desc = "executed tasks with progress and a summary"

    def initialize(self, tasks, selected_tasks):
        self.started = time.monotonic()
        self.executed = self.skipped = self.failed = 0

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

    def add_failure(self, task, fail):
        self.failed += 1
        super().add_failure(task, fail)

    def complete_run(self):
        super().complete_run()
        if self.executed or self.failed:
            elapsed = time.monotonic() - self.started
            self.write(f"backbay: {self.executed - self.failed} built, {self.failed} failed, "
                       f"{self.skipped} up to date ({elapsed:.1f} s)\n")
