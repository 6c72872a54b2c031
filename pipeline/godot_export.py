"""The Godot 3 project made from the manifest: `doit godot` -> out/godot/.

Layout (docs/export-formats.md, "Godot project"):

    project.godot
    assets/<path under out/>          every manifest file except atlas members (their pixels are in the pages)
    assets/<member path>.tres         AtlasTexture per atlas member (.png -> .tres)
    assets/sprites/unit/<id>/frames.tres   SpriteFrames per unit, animations <animation>_<direction>
    manifest.yaml                     copy of out/manifest.yaml
    manifest.json                     the same manifest as JSON, for check.gd (GDScript has no YAML parser)
    check.gd                          the load test (python -m pipeline.godot_check)

Incremental: a file is copied or written only when its bytes differ, so the
editor re-imports only what changed; files that left the manifest are removed
(with their `.import`). Godot's own `.import/` folder is kept between exports.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from pipeline import fsutil, layout
from pipeline.manifest import parse as parse_manifest
from pipeline.fingerprint import file_digest

CHECK_SCRIPT = Path(__file__).parent / "godot" / "check.gd"
ASSETS = "assets"
#: animations that play once; the others loop
ONE_SHOT_ANIMATIONS = ("attack",)

#: in the very form the editor saves it (it rewrites project.godot on opening),
#: so an export after an import finds it unchanged
PROJECT_GODOT = """\
; Engine configuration file.
; It's best edited using the editor UI and not directly,
; since the parameters that go here are not all obvious.
;
; Format:
;   [section] ; section goes between []
;   param=value ; assign values to parameters

config_version=4

_global_script_classes=[  ]
_global_script_class_icons={

}

[application]

config/name="Backbay Imperium assets"
"""


class ExportError(Exception):
    """The manifest does not match the files it lists."""


def assets_path(out_path: str) -> str:
    """Where a file under out/ goes in the project: assets/<path under out/>."""
    return f"{ASSETS}/{out_path[len(layout.OUT) + 1:]}"


def res_path(out_path: str) -> str:
    return f"res://{assets_path(out_path)}"


def member_resource(out_path: str) -> str:
    """The AtlasTexture of an atlas member: its project path with .png -> .tres."""
    return assets_path(out_path)[:-len(".png")] + ".tres"


def unit_frames(unit_id: str) -> str:
    return f"{ASSETS}/sprites/unit/{unit_id}/frames.tres"


def atlas_texture(entry: dict) -> bytes:
    """AtlasTexture of one member: the frame on its page, and a margin that restores
    the trimmed transparent border, so the texture has the sprite's original size."""
    atlas = entry["atlas"]
    x, y, w, h = atlas["frame"]
    left, top = atlas["offset"]
    source_w, source_h = atlas["source_size"]
    return (f'[gd_resource type="AtlasTexture" load_steps=2 format=2]\n\n'
            f'[ext_resource path="{res_path(atlas["page"])}" type="Texture" id=1]\n\n'
            f'[resource]\n'
            f'atlas = ExtResource( 1 )\n'
            f'region = Rect2( {x}, {y}, {w}, {h} )\n'
            f'margin = Rect2( {left}, {top}, {source_w - w}, {source_h - h} )\n').encode()


def sprite_frames(animations: dict) -> bytes:
    """SpriteFrames of one unit from its sheet's `animations` (frames in play order)."""
    textures = sorted({key for animation in animations.values() for key in animation["frames"]})
    ids = {key: index + 1 for index, key in enumerate(textures)}
    lines = [f'[gd_resource type="SpriteFrames" load_steps={len(textures) + 1} format=2]', ""]
    lines += [f'[ext_resource path="res://{ASSETS}/{key}.tres" type="Texture" id={ids[key]}]' for key in textures]
    entries = []
    for name, animation in sorted(animations.items()):
        frames = ", ".join(f"ExtResource( {ids[key]} )" for key in animation["frames"])
        loop = "false" if animation["animation"] in ONE_SHOT_ANIMATIONS else "true"
        entries.append(f'{{\n"frames": [ {frames} ],\n"loop": {loop},\n"name": "{name}",\n'
                       f'"speed": {1 / animation["frame_seconds"]!r}\n}}')
    lines += ["", "[resource]", f"animations = [ {', '.join(entries)} ]", ""]
    return "\n".join(lines).encode()


def read_manifest(manifest_path: str | Path) -> tuple[bytes, dict]:
    data = Path(manifest_path).read_bytes()
    return data, parse_manifest(data)


def planned_files(manifest: dict, manifest_bytes: bytes, root: Path) -> tuple[dict, dict]:
    """({project path: bytes to write}, {project path: manifest entry to copy});
    `root` is the folder holding out/ (read for the units' animations)."""
    writes = {
        "project.godot": PROJECT_GODOT.encode(),
        "manifest.yaml": manifest_bytes,
        "manifest.json": json.dumps(manifest, indent=1, sort_keys=True).encode(),
        "check.gd": CHECK_SCRIPT.read_bytes(),
    }
    copies = {}
    for entry in manifest["files"]:
        path = entry["path"]
        if "atlas" in entry:
            writes[member_resource(path)] = atlas_texture(entry)
            continue
        copies[assets_path(path)] = entry
        if entry["kind"] == "atlas_data" and path.startswith(f"{layout.ATLASES}/units/"):
            sheet = json.loads((root / path).read_bytes())
            writes[unit_frames(entry["asset"])] = sprite_frames(sheet["animations"])
    return writes, copies


def copy_if_changed(source: Path, target: Path, entry: dict) -> bool:
    """Copy `source` to `target` unless it is already there; True when copied.

    A target with the source's size and mtime was copied from it before (the copy
    keeps the mtime); otherwise the hashes decide. A source that differs from its
    manifest entry is refused: the manifest is stale.
    """
    try:
        have, want = target.stat(), source.stat()
        if (have.st_size, have.st_mtime_ns) == (want.st_size, want.st_mtime_ns) or \
                (have.st_size == entry["bytes"] and file_digest(target) == entry["sha256"]):
            return False
    except FileNotFoundError:
        pass
    data = source.read_bytes()
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        raise ExportError(f"{entry['path']} differs from its manifest entry (sha256); "
                          f"rebuild the manifest: doit manifest")
    fsutil.write_atomic(target, data)
    shutil.copystat(source, target)
    return True


def remove_unlisted(project: Path, keep: set[str]) -> list[str]:
    """Delete files under assets/ that are not in `keep` (and not the `.import` of
    a kept file), then empty folders. Returns the removed project paths."""
    removed = []
    for directory, _, files in os.walk(project / ASSETS, topdown=False):
        for name in files:
            path = Path(directory, name)
            relative = path.relative_to(project).as_posix()
            if relative not in keep and relative.removesuffix(".import") not in keep:
                path.unlink()
                removed.append(relative)
        if not os.listdir(directory) and Path(directory) != project / ASSETS:
            os.rmdir(directory)
    return removed


def export(manifest_path: str = layout.MANIFEST, project_dir: str = layout.GODOT) -> dict:
    """Write the project folder from the manifest; returns counts of what changed."""
    manifest_bytes, manifest = read_manifest(manifest_path)
    project = Path(project_dir)
    root = Path(manifest_path).parent.parent
    writes, copies = planned_files(manifest, manifest_bytes, root)
    written = sum(fsutil.write_if_changed(project / path, data) for path, data in writes.items())
    copied = sum(copy_if_changed(root / entry["path"], project / path, entry) for path, entry in copies.items())
    removed = remove_unlisted(project, set(writes) | set(copies))
    return {"written": written, "copied": copied, "removed": len(removed), "files": len(writes) + len(copies)}
