"""Khronos glTF-Validator, run through Node on many files at once.

`validate(paths)` returns `{path: {"errors", "warnings", "infos", "messages"}}`.
Needs `node` and the npm package `gltf-validator` (`npm install` in the
project root; package.json pins it).
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).with_name("gltf_validate.mjs")


class ValidatorUnavailable(RuntimeError):
    pass


def validate(paths: list[str | Path]) -> dict:
    node = shutil.which("node")
    if node is None:
        raise ValidatorUnavailable("node is not installed — install Node.js, then run `npm install` in the project root")
    if not (SCRIPT.parent.parent / "node_modules" / "gltf-validator").is_dir():
        raise ValidatorUnavailable("npm package gltf-validator missing — run `npm install` in the project root")
    listing = "\n".join(str(p) for p in paths)
    done = subprocess.run([node, str(SCRIPT)], input=listing, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"glTF-Validator failed: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout)
