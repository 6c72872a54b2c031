"""Canonical hashing of what determines an output.

A task's fingerprint is a dict of named parts, e.g.
``{"spec": {...}, "generator": "<sha>", "backend": {...}, "tools": {...}, "format": 1}``.
Each part is hashed on its own so a stale report can say *which* part changed;
the task's digest is the hash of the part digests.
"""
from __future__ import annotations

import ast
import hashlib
import json
from functools import lru_cache
from importlib import metadata
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
    return digest(digests)


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


def _module_path(module: str) -> Path:
    base = REPO_ROOT.joinpath(*module.split("."))
    package_init = base / "__init__.py"
    return package_init if package_init.exists() else base.with_suffix(".py")


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
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.split(".")
                    parent = parent[: len(parent) - node.level + 1]
                    base = ".".join(parent + ([base] if base else []))
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            for target in targets:
                if target.startswith("pipeline") and _module_path(target).exists():
                    todo.append(target)
    return frozenset(seen)


@lru_cache(maxsize=None)
def tool_versions(*packages: str) -> dict:
    """Installed versions of the libraries whose behaviour shapes the output bytes."""
    return {name: metadata.version(name) for name in packages}
