"""Canonical hashing of what determines an output.

A task's fingerprint is a dict of named parts, e.g.
``{"spec": {...}, "generator": "<sha>", "backend": {...}, "tools": {...}, "format": 1}``.
Each part is hashed on its own so a stale report can say *which* part changed;
the task's digest is the hash of the part digests.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from functools import lru_cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def canonical_json(value) -> str:
    """Sorted, compact JSON; NaN and unknown types are refused (no silent repr fallback)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def digest(value) -> str:
    return hashlib.sha256(canonical_json(value).encode()).hexdigest()


def part_digests(parts: dict) -> dict:
    return {name: digest(value) for name, value in parts.items()}


def combined_digest(digests: dict) -> str:
    """One digest for a task from its part digests (order-independent)."""
    text = ";".join(f"{name}={value}" for name, value in sorted(digests.items()))
    return hashlib.sha256(text.encode()).hexdigest()


def file_digest(path: Path | str) -> str:
    hasher = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


@lru_cache(maxsize=None)
def source_digest(module: str) -> str:
    """Hash of a pipeline module's source and of every pipeline module it imports.

    `module` is a dotted name such as ``pipeline.backends.procedural.units``.
    Editing `units.py` changes only the units' digest; editing the shared
    `meshkit.py` changes every mesh generator's digest.
    """
    hasher = hashlib.sha256()
    for name in sorted(_pipeline_imports(module)):
        hasher.update(name.encode() + b"\0" + _module_path(name).read_bytes() + b"\0")
    return hasher.hexdigest()


@lru_cache(maxsize=None)
def _pipeline_modules() -> dict[str, Path]:
    """Every module of the pipeline package: dotted name -> file (one directory walk)."""
    modules = {}
    root = REPO_ROOT / "pipeline"
    for directory, _, files in os.walk(root):
        package = ".".join(Path(directory).relative_to(REPO_ROOT).parts)
        for file in files:
            if file.endswith(".py"):
                name = package if file == "__init__.py" else f"{package}.{file[:-3]}"
                modules[name] = Path(directory) / file
    return modules


def _module_path(module: str) -> Path:
    try:
        return _pipeline_modules()[module]
    except KeyError:
        raise FileNotFoundError(f"pipeline module {module} not found under {REPO_ROOT / 'pipeline'}") from None


# `from X import (a, b)` / `from X import a, b` / `import X` at the start of a line.
# A regex, not ast: parsing the generators' sources cost 0.3 s on every doit call.
_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)|import[ \t]+([^\n#]+))",
                     re.MULTILINE)


@lru_cache(maxsize=None)
def _pipeline_imports(module: str) -> frozenset:
    """The module plus all `pipeline.*` modules it imports, transitively (read, not imported)."""
    seen, todo = set(), [module]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        path = _module_path(name)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for match in _IMPORT.finditer(path.read_text()):
            source, names, plain = match.groups()
            if plain is not None:
                targets = [part.split(" as ")[0].strip() for part in plain.split(",")]
            else:
                base = source.lstrip(".")
                level = len(source) - len(base)
                if level:
                    parent = package.split(".")
                    parent = parent[: len(parent) - level + 1]
                    base = ".".join(parent + ([base] if base else []))
                imported = [part.split(" as ")[0].strip() for part in names.strip("()").split(",")]
                targets = [base] + [f"{base}.{item}" for item in imported if item]
            modules = _pipeline_modules()
            for target in targets:
                # package __init__ files hold registries, not generation code: not hashed;
                # layout only names paths: a moved output shows up as a missing target
                if target in modules and modules[target].name != "__init__.py" and target != "pipeline.layout":
                    todo.append(target)
    return frozenset(seen)


@lru_cache(maxsize=None)
def tool_versions(*packages: str) -> dict:
    """Installed versions of the libraries whose behaviour shapes the output bytes.

    Read from the names of the installed `*.dist-info` folders: importlib.metadata
    alone costs 15-30 ms, paid on every doit call.
    """
    wanted = {_normalise(name): name for name in packages}
    found = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if folder.endswith(".dist-info") and "-" in folder:
                name, _, version = folder[: -len(".dist-info")].rpartition("-")
                key = _normalise(name)
                if key in wanted and wanted[key] not in found:
                    found[wanted[key]] = version
    missing = set(packages) - set(found)
    if missing:  # unusual install layout: ask importlib.metadata
        from importlib import metadata
        found.update({name: metadata.version(name) for name in missing})
    return {name: found[name] for name in packages}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


@lru_cache(maxsize=None)
def folder_digest(folder: str, suffix: str = ".py") -> str:
    """Hash of every `suffix` file directly under `folder` (relative to the repository),
    e.g. the Blender scripts in render/, which are not pipeline modules."""
    hasher = hashlib.sha256()
    directory = REPO_ROOT / folder
    for path in sorted(directory.glob(f"*{suffix}")):
        hasher.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return hasher.hexdigest()
