"""Backbay Imperium asset pipeline — doit entry point.

    doit                      build everything (procedural backend)
    doit -n 2                 the same on 2 processes
    doit materials / meshes / sprites / portraits / icons   one family
    doit meshes:unit/warrior_idle                 one output
    doit sprites:unit/warrior_idle                that mesh's sprites
    doit contact_sheets       contact sheets for people (out/review/)
    doit atlases / manifest / godot   the export (docs/export-formats.md)
    doit gallery              the review gallery, out/review/index.html
    doit prune                delete files under out/ the catalog no longer makes
    doit gate_materials ... gate_export   the quality gates (make gates: all five)
    doit stale                list stale outputs with their reasons
    doit catalog=PATH         use another catalog than assets.yaml
    doit backend=comfyui      generate on the GPU servers of servers.yaml (docs/comfyui.md);
                              servers=PATH for another server file
    doit servers / cost       the GPU servers' state; GPU time and cost per phase and server
    doit pods_start / pods_stop   start or stop the RunPod pods of servers.yaml
    doit list --status        doit's own view of what would run

Thin on purpose: configuration and task generators only; the work lives in
pipeline/ (see pipeline/project.py for the task families).
"""
import atexit
import gc
import os
import signal
import time

from doit import get_var

from pipeline import layout, project, stamps
from pipeline.reporter import ProgressReporter


def _terminate_like_ctrl_c(signum, frame):
    # doit saves its state database on KeyboardInterrupt but not on SIGTERM
    raise KeyboardInterrupt


signal.signal(signal.SIGTERM, _terminate_like_ctrl_c)

# The garbage collector's cost on a no-op build (bench/README.md): its young generation is
# scanned every 700 new objects, and loading ~600 tasks (doit's Task objects, the cached task
# list, the stamp index) creates ~40,000 that all live to the end; collecting every 50,000
# instead takes ~3 % of a no-op's instructions. At exit the collector walks every object left
# (~45,000) several times (~20 ms): frozen objects are skipped. Nothing of ours relies on a
# finalizer at exit (Python does not promise to run them then); handlers registered later
# (the stamp index, the render worker) run before this one.
gc.set_threshold(50_000, 10, 10)
atexit.register(gc.freeze)

# the backend, the server file and this build's id go into the environment: doit's worker
# processes and the GPU job ledger read them there
os.environ.setdefault("BACKBAY_BUILD_ID", time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}")
if get_var("servers", None):
    os.environ["BACKBAY_SERVERS"] = get_var("servers")
BACKEND = project.backend_or_exit(get_var("backend", None))

DOIT_CONFIG = {
    "default_tasks": list(project.FAMILIES) + list(project.EXPORT) + list(project.REVIEW),
    "backend": "sqlite3",
    "dep_file": f"{layout.BUILD}/doit.sqlite3",
    # doit's MD5 checker, but a target the task's stamp check just proved is not stat'ed again
    "check_file_uptodate": stamps.MD5Checker,
    "reporter": ProgressReporter,
    "action_string_formatting": "new",
    # on GPU servers an asset that fails its three attempts is reported; the rest of the build goes on
    "continue": BACKEND == "comfyui",
}

# get_var is None when dodo.py is imported outside doit (tools, profiling)
CATALOG = project.load_or_exit(get_var("catalog", "assets.yaml") or "assets.yaml")
# every family's task dicts, made from the catalog or read from .build/ (pipeline/taskcache.py)
TASKS = project.task_lists(CATALOG)


def task_materials():
    yield from TASKS["materials"]


def task_meshes():
    yield from TASKS["meshes"]


def task_sprites():
    yield from TASKS["sprites"]


def task_portraits():
    yield from TASKS["portraits"]


def task_icons():
    yield from TASKS["icons"]


def task_contact_sheets():
    yield from TASKS["contact_sheets"]


def task_atlases():
    yield from TASKS["atlases"]


def task_manifest():
    yield from TASKS["manifest"]


def task_prune():
    return project.PRUNE()


def task_godot():
    yield from TASKS["godot"]


def task_gallery():
    yield from TASKS["gallery"]


# one task per checkpoint of MISSION.md: gate_materials, gate_meshes, gate_portraits,
# gate_sprites, gate_export (pipeline/tasks/gates.py)
globals().update(project.GATES(CATALOG))


# doit servers, doit cost, doit pods_start, doit pods_stop (pipeline/tasks/gpu.py)
globals().update(project.GPU_COMMANDS(CATALOG))


def task_stale():
    """print the stale outputs, each with the reason it would rebuild"""
    return {"actions": [(project.print_stale_report, [CATALOG])], "uptodate": [False], "verbosity": 2,
            "meta": {"command": True}}
