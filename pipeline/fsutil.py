"""File writes that never leave a truncated target behind.

Every output is written to a temporary file in the same directory and then
renamed over the target (atomic on POSIX). A build killed mid-write leaves at
most a `.<name>.<pid>.tmp` file, which the next write of that target removes.
No fsync: we guard against killed processes, not power loss.
"""
from __future__ import annotations

import os
from pathlib import Path


def _temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def remove_stale_temps(path: Path) -> None:
    """Delete temp files a killed build left for `path`."""
    if path.parent.is_dir():
        for leftover in path.parent.glob(f".{path.name}.*.tmp"):
            leftover.unlink(missing_ok=True)


def write_atomic(path: Path | str, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = _temp_name(path)
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_if_changed(path: Path | str, data: bytes) -> bool:
    """Write atomically unless the file already holds exactly `data`.

    Keeping identical files untouched keeps their mtime, so doit's checks on
    downstream tasks stay cheap (no re-hash) and nothing downstream reruns.
    Returns True when the file was (re)written.
    """
    path = Path(path)
    remove_stale_temps(path)
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_atomic(path, data)
    return True
