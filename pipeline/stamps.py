"""Stamps: each output carries its own proof of being current.

doit writes its state database only at the end of a run, so a build killed
with SIGKILL forgets everything it did. A stamp, written atomically *after* the
task's files, records the fingerprint they were built from and each file's
size, mtime and hash. A task is up to date when its stamp matches the current
fingerprint and its files are the ones the stamp describes; a file written
before the kill but not stamped is simply rebuilt.
"""
from __future__ import annotations

import os

import orjson

from pipeline import fsutil
from pipeline.fingerprint import file_digest

#: stale reasons, keyed by fingerprint part, in the words of the stale report
PART_REASONS = {
    "spec": "prompt/spec changed",
    "style": "style changed",
    "workflow": "workflow changed",
    "generator": "generator code changed",
    "renderer": "render scripts changed",
    "backend": "backend or its settings changed",
    "tools": "tool versions changed",
    "format": "output format changed",
    "upstream": "upstream file changed",
}


def read_stamp(path: str) -> dict | None:
    try:
        with open(path, "rb") as handle:
            return orjson.loads(handle.read())
    except (FileNotFoundError, ValueError):  # orjson.JSONDecodeError is a ValueError
        return None


def file_record(path: str) -> dict:
    """What a stamp remembers of a file: size, mtime and content hash."""
    stat = os.stat(path)
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": file_digest(path)}


def write_stamp(path: str, digest: str, parts: dict, spec: dict, targets: list[str],
                upstream: dict[str, dict] | None = None) -> None:
    """Record a finished task. `upstream`: {input file: file_record()} taken *before*
    the task read them, so an input that changed during the task makes it stale."""
    record = {"digest": digest, "parts": parts, "spec": spec,
              "outputs": {target: file_record(target) for target in targets}}
    if upstream:
        record["upstream"] = upstream
    fsutil.write_atomic(path, orjson.dumps(record, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2))


def _target_changed(target: str, recorded: dict | None) -> str | None:
    """Why `target` no longer matches its stamp, or None if it does."""
    if recorded is None:
        return "output not recorded in its stamp"
    try:
        stat = os.stat(target)
    except FileNotFoundError:
        return f"output missing: {target}"
    if stat.st_size != recorded["size"]:
        return f"output modified: {target}"
    # a touched but identical file is still current; only then pay for a hash
    if stat.st_mtime_ns != recorded["mtime_ns"] and file_digest(target) != recorded["sha256"]:
        return f"output modified: {target}"
    return None


def is_current(stamp_path: str, digest: str, targets: list[str] | None, upstream: tuple[str, ...] = ()) -> bool:
    """doit `uptodate` callable: True when the stamp proves the targets are current.

    `targets` None: the outputs the stamp recorded, at least one (an atlas has as
    many pages as its frames needed). `upstream`: input files (a render task's
    mesh); each must still be the file the stamp recorded. Checked like outputs
    (size, then mtime, then hash), so a rebuilt but byte-identical mesh leaves
    its sprites current (early cut-off).
    """
    stamp = read_stamp(stamp_path)
    if stamp is None or stamp.get("digest") != digest:
        return False
    outputs, inputs = stamp.get("outputs", {}), stamp.get("upstream", {})
    if targets is None:
        if not outputs:
            return False
        targets = sorted(outputs)
    return (all(_target_changed(target, outputs.get(target)) is None for target in targets)
            and all(_target_changed(source, inputs.get(source)) is None for source in upstream))


def stale_reasons(stamp_path: str, parts: dict, spec: dict, targets: list[str],
                  upstream: tuple[str, ...] = ()) -> list[str]:
    """Every reason why the output is stale (empty list: up to date), for people."""
    stamp = read_stamp(stamp_path)
    if stamp is None:
        missing = [t for t in targets if not os.path.exists(t)]
        return ["output missing" if missing else "never built by this pipeline (no stamp)"]
    reasons = []
    old_parts = stamp.get("parts", {})
    for name, value in parts.items():
        if old_parts.get(name) != value:
            reason = PART_REASONS.get(name, f"{name} changed")
            if name == "spec":
                old_spec = stamp.get("spec", {})
                keys = sorted(k for k in set(spec) | set(old_spec) if spec.get(k) != old_spec.get(k))
                reason += f" ({', '.join(keys)})" if keys else ""
            reasons.append(reason)
    for name in sorted(set(old_parts) - set(parts)):
        reasons.append(PART_REASONS.get(name, f"{name} changed"))
    outputs = stamp.get("outputs", {})
    for target in targets:
        why = _target_changed(target, outputs.get(target))
        if why:
            reasons.append(why)
    inputs = stamp.get("upstream", {})
    for source in upstream:
        if _target_changed(source, inputs.get(source)):
            reasons.append(f"upstream file changed: {source}")
    return reasons
