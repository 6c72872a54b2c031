"""Stamps: each output carries its own proof of being current.

doit writes its state database only at the end of a run, so a build killed
with SIGKILL forgets everything it did. A stamp, written atomically *after* the
task's files, records the fingerprint they were built from and each file's
size, mtime and hash. A task is up to date when its stamp matches the current
fingerprint and its files are the ones the stamp describes; a file written
before the kill but not stamped is simply rebuilt.
"""
from __future__ import annotations

import atexit
import inspect
import marshal
import os
import struct

from doit import dependency

from pipeline import fsutil, layout
from pipeline.fingerprint import file_digest

#: what each stamp file says, kept for the next doit call (see `is_current`)
INDEX = f"{layout.BUILD}/stamp-index"
INDEX_FORMAT = 2

# What `is_current` proved in this process. In a doit run a task proved current does not run
# (it is up to date for doit), so nothing rewrites its files, and two checks made after it use
# these instead of a second stat: doit's own "target exists" right after the task's check
# (`MD5Checker`), and the keys of the summary tasks, checked after all their producers
# (`stamp_stats`). With `doit -a` every task runs, the summaries too.
#: outputs proved present and unchanged
_proved_targets: set[str] = set()
#: stamp path -> (size, mtime_ns) of a stamp that proved its task current
_proved_stamps: dict[str, tuple[int, int]] = {}
#: project folder -> its stamp index as read or updated by this process
_indexes: dict[str, dict] = {}
#: project folders whose index this process updated (saved at exit)
_updated: set[str] = set()

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
    import orjson  # here: a no-op build reads the stamp index, not the stamps

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
    import orjson

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

    The stamp itself is not read when the stamp index (INDEX) holds it: what a stamp
    file says is kept there under the file's identity (inode, size, mtime, ctime), which
    a rewritten stamp changes (written atomically: a new file). Its outputs and inputs
    are always stat'ed.
    """
    try:
        stat = os.stat(stamp_path)
    except FileNotFoundError:
        return False
    project = os.getcwd()
    index = _indexes.get(project)
    if index is None:
        index = _indexes[project] = _read_index()
    entry = index.get(stamp_path)
    if entry is None or entry[0] != _IDENTITY.pack(stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns):
        entry = _index_stamp(project, index, stamp_path)
        if entry is None:
            return False
    if entry[1] != digest:
        return False
    if targets is None:
        if not entry[2]:
            return False
        targets = entry[2].split("\0")
    if not (_unchanged(sorted(targets), entry[2], entry[3], stamp_path, "outputs")
            and _unchanged(sorted(upstream), entry[4], entry[5], stamp_path, "upstream")):
        return False
    _proved_targets.update(targets)
    _proved_stamps[stamp_path] = (stat.st_size, stat.st_mtime_ns)
    return True


def _unchanged(paths: list[str], names: str, recorded: bytes, stamp_path: str, section: str) -> bool:
    """Whether `paths` (sorted) are the files the stamp recorded in `section` (`names`, their
    sizes and mtimes packed in `recorded`): same sizes and mtimes, or touched with the same bytes."""
    if not paths:
        return not names
    if "\0".join(paths) != names:
        return False
    now = []
    for path in paths:  # the hot loop of a no-op build (~3,700 outputs): kept plain
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            return False
        now.append(stat.st_size)
        now.append(stat.st_mtime_ns)
    if _pairs(len(paths)).pack(*now) == recorded:
        return True
    was = _pairs(len(paths)).unpack(recorded)
    hashes = None
    for i, path in enumerate(paths):
        if now[2 * i] != was[2 * i]:
            return False
        if now[2 * i + 1] != was[2 * i + 1]:  # touched: current if its bytes are (the hash is in the stamp)
            if hashes is None:
                hashes = {name: record.get("sha256") for name, record in
                          ((read_stamp(stamp_path) or {}).get(section) or {}).items()}
            if file_digest(path) != hashes.get(path):
                return False
    return True


#: a stamp file's identity: inode, size, mtime_ns, ctime_ns
_IDENTITY = struct.Struct("<Qqqq")
_PAIR_FORMATS: dict[int, struct.Struct] = {}


def _pairs(count: int) -> struct.Struct:
    """(size, mtime_ns) of `count` files, packed: one bytes object per stamp in the index
    (the index loads ~10x faster than with a tuple per file)."""
    packer = _PAIR_FORMATS.get(count)
    if packer is None:
        packer = _PAIR_FORMATS[count] = struct.Struct(f"<{2 * count}q")
    return packer


def _read_index() -> dict:
    """The project's stamp index: {stamp path: (identity, digest, output names, their sizes and
    mtimes, upstream names, theirs)} (see `_index_stamp`); empty when there is none or it is damaged."""
    try:
        with open(INDEX, "rb") as handle:
            saved = marshal.loads(handle.read())  # (marshal.load reads in small pieces: far slower)
        if saved.get("format") == INDEX_FORMAT:
            return saved["stamps"]
    except (FileNotFoundError, EOFError, ValueError, TypeError, AttributeError, KeyError):
        pass
    return {}


def _index_stamp(project: str, index: dict, stamp_path: str):
    """Read one stamp into the index (None: no readable stamp); the index is saved at exit."""
    import orjson

    try:
        with open(stamp_path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            stamp = orjson.loads(handle.read())
        entry = (_IDENTITY.pack(stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns), stamp["digest"],
                 *_packed(stamp.get("outputs", {})), *_packed(stamp.get("upstream", {})))
    except (FileNotFoundError, ValueError, KeyError, TypeError, AttributeError, struct.error):
        return None
    index[stamp_path] = entry
    if project not in _updated:
        _updated.add(project)
        atexit.register(_save_index, os.path.join(project, INDEX), index)
    return entry


def _packed(records: dict) -> tuple[str, bytes]:
    """{path: file_record()} as (the sorted paths joined by NUL, their sizes and mtimes packed)."""
    names = sorted(records)
    return "\0".join(names), _pairs(len(names)).pack(*[value for name in names for value in
                                                          (records[name]["size"], records[name]["mtime_ns"])])


def _save_index(path: str, index: dict) -> None:
    """At exit of a process that read stamps: keep what it read for the next one (not in a
    folder that is gone, e.g. a finished test's project). Forked doit workers leave with
    os._exit and save nothing; they do not check stamps either."""
    if os.path.isdir(os.path.dirname(path)):
        try:
            fsutil.write_atomic(path, marshal.dumps({"format": INDEX_FORMAT, "stamps": index}))
        except OSError:
            pass  # only a cache: the next call reads the stamps instead


# doit inspects the signature of every uptodate callable on every call (~20 µs each, ~600
# tasks); a ready `__signature__` is returned at once
is_current.__signature__ = inspect.signature(is_current)


def stamp_stats(path: str) -> tuple[int, int] | tuple[None, None]:
    """(size, mtime_ns) of a file (a stamp, as a rule), (None, None) if there is none; a stamp
    that proved its task current in this process is not stat'ed again."""
    proved = _proved_stamps.get(path)
    if proved is not None:
        return proved
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None, None
    return stat.st_size, stat.st_mtime_ns


class MD5Checker(dependency.MD5Checker):
    """doit's file checker (DOIT_CONFIG["check_file_uptodate"]), unchanged but for `exists`:
    doit asks whether each target exists right after the task's uptodate check, and a target
    `is_current` has just proved (present, same size and mtime or hash) is taken as present
    without a second stat. Same class name as doit's: doit keeps each task's checker name and
    reruns every task whose checker changed."""

    def exists(self, file_path):
        return file_path in _proved_targets or os.path.exists(file_path)


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
