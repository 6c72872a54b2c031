"""The generation backends: `procedural` (CPU, default) and `comfyui` (GPU servers).

The backend is a setting: `doit backend=comfyui` or BACKBAY_BACKEND=comfyui.
dodo.py puts the choice into the environment, so doit's worker processes and
the stale report see the same one. It is part of every generation task's
fingerprint: switching backend regenerates.
"""
import os

BACKENDS = ("procedural", "comfyui")
ENV = "BACKBAY_BACKEND"


class BackendError(ValueError):
    """An unknown backend name."""


def selected() -> str:
    name = os.environ.get(ENV) or "procedural"
    if name not in BACKENDS:
        raise BackendError(f"backend {name!r} is unknown — use backend={' or backend='.join(BACKENDS)} "
                           f"(doit variable or {ENV})")
    return name


def select(name: str | None) -> str:
    """Make `name` (None: keep the environment's or the default) the backend of this run."""
    if name:
        os.environ[ENV] = name
    return selected()
