"""Commands for the GPU servers (comfyui backend): `doit servers`, `doit cost`,
`doit pods_start`, `doit pods_stop`. None is a default task; each prints and
changes nothing in out/. Tables: pipeline/backends/comfyui/accounting.py;
pods: pipeline/backends/comfyui/pods.py.
"""
from __future__ import annotations

import functools
from collections import Counter

from doit.exceptions import TaskFailed

from pipeline import backends

ROLES_PARAM = {"name": "roles", "long": "roles", "type": str, "default": "",
               "help": "comma-separated roles (image, mesh, material); all when empty"}


def _config(need_urls: bool = True):
    from pipeline.backends.comfyui.servers import load_servers

    return load_servers(need_urls=need_urls)


def _command(action, doc: str, params=()) -> dict:
    return {"actions": [action], "uptodate": [False], "verbosity": 2, "doc": doc,
            "params": list(params), "meta": {"command": True}}


def _failing_on_config(function):
    """A ServerConfigError or PodError becomes the task's one message, not a traceback."""
    @functools.wraps(function)  # doit reads the signature to pass the `roles` option
    def action(*args, **kwargs):
        from pipeline.backends.comfyui.servers import ServerConfigError
        from pipeline.backends.comfyui.pods import PodError
        try:
            function(*args, **kwargs)
        except (ServerConfigError, PodError) as error:
            return TaskFailed(str(error))
        return None
    return action


def _roles(roles: str) -> list[str] | None:
    return [role.strip() for role in roles.split(",") if role.strip()] or None


@_failing_on_config
def print_servers() -> None:
    from pipeline.backends.comfyui.accounting import servers_table

    print(servers_table(_config(need_urls=False)))


def stale_by_phase(catalog) -> dict[str, int]:
    """How many outputs of each GPU phase the comfyui backend would (re)build now."""
    from pipeline import stale
    from pipeline.backends import comfyui

    previous = backends.selected()
    backends.select("comfyui")
    try:
        counts = Counter(name.partition(":")[0] for name, _ in stale.stale_outputs(catalog))
    finally:
        backends.select(previous)
    return {phase: counts.get(phase, 0) for phase in comfyui.ROLES}


def cost_action(catalog):
    @_failing_on_config
    def print_cost() -> None:
        from pipeline.backends.comfyui.accounting import cost_report

        print(cost_report(_config(need_urls=False), stale_by_phase(catalog)))
    return print_cost


@_failing_on_config
def start_pods(roles: str) -> None:
    from pipeline.backends.comfyui import pods

    pods.start_pods(_config(need_urls=False), _roles(roles))


@_failing_on_config
def stop_pods(roles: str) -> None:
    from pipeline.backends.comfyui import pods

    pods.stop_pods(_config(need_urls=False), _roles(roles))


def tasks(catalog) -> dict:
    """The doit task creators, by task name (dodo.py adds them to its globals)."""
    return {
        "task_servers": lambda: _command(print_servers, "table of the GPU servers: reachable, GPU, queue, jobs, cost"),
        "task_cost": lambda: _command(cost_action(catalog), "GPU seconds and cost per phase and server, estimate for what is stale"),
        "task_pods_start": lambda: _command(start_pods, "start the RunPod pods of servers.yaml, wait until ComfyUI answers",
                                            [ROLES_PARAM]),
        "task_pods_stop": lambda: _command(stop_pods, "stop the RunPod pods of servers.yaml", [ROLES_PARAM]),
    }
