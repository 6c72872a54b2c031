"""The manifest: every file of the export with what the game and the team need to know.

`build(catalog)` returns the manifest as a dict (format: docs/export-formats.md,
schema: pipeline/schemas/manifest.schema.json); `write(catalog, path)` validates
and writes it as YAML, only when its bytes change.

Everything comes from the proofs the build already keeps: each generation or
sprite task's stamp holds the fingerprint and each file's size and sha256, so
the manifest hashes nothing it does not have to (a file whose size or mtime no
longer matches its stamp is hashed afresh). Image sizes come from PNG headers,
triangle counts from the GLB's JSON chunk; atlas places from the atlas JSON.
"""
from __future__ import annotations

import glob
import hashlib
import json
import os
import struct
from functools import lru_cache
from pathlib import Path

from pipeline import fsutil, layout, sprite_sets, stamps
from pipeline.catalog import Catalog
from pipeline.fingerprint import file_digest

FORMAT = 1
SCHEMA = Path(__file__).with_name("schemas") / "manifest.schema.json"


class ManifestError(Exception):
    """The export cannot be listed (a file is missing or unproven); str() says what to run."""


# --- what the catalog says should exist -------------------------------------------------

def produced_files(catalog: Catalog):
    """(task, path, kind, asset_kind, asset_id, prompt) for every generated file, from the catalog.

    The one list of "what the build makes" (atlases aside): the manifest and the
    export gate's completeness check both rely on it."""
    for output in catalog.materials():
        for path in layout.material_maps(output.asset_id).values():
            yield f"materials:{output.name}", path, "material", "material", output.asset_id, output.spec["prompt"]
    for kind in layout.MESH_KINDS:
        for output in catalog.meshes(kind):
            task = f"{kind}/{output.name}"
            yield f"meshes:{task}", layout.mesh_path(kind, output.name), "mesh", kind, output.asset_id, output.spec["prompt"]
            pose = output.spec.get("pose") if kind == "unit" else None
            for sprite in sprite_sets.sprite_names(kind, pose):
                path = layout.sprite_path(kind, output.asset_id, output.name, sprite)
                yield f"sprites:{task}", path, "sprite", kind, output.asset_id, output.spec["prompt"]
    for output in catalog.portraits():
        for path in layout.portrait_images(output.asset_id).values():
            yield f"portraits:{output.name}", path, "portrait", "portrait", output.asset_id, output.spec["prompt"]
    for output in catalog.icons():
        group = output.spec["group"]
        for path in layout.icon_images(group, output.asset_id, output.spec["sizes"]).values():
            yield f"icons:{output.name}", path, "icon", group, output.asset_id, output.spec["prompt"]


def atlas_data_files(catalog: Catalog) -> list[str]:
    """The JSON of every atlas page of the catalog's atlases on disk, sorted. The sheet of a
    unit no longer in the catalog is not listed (the export gate names it as a stray file)."""
    units = {output.asset_id for output in catalog.meshes("unit")}
    found = glob.glob(f"{layout.ATLASES}/terrain/*.json") + glob.glob(f"{layout.ATLASES}/icons/*.json")
    found += [path for path in glob.glob(f"{layout.ATLASES}/units/*.json") if Path(path).stem in units]
    return sorted(found)


# --- building the manifest -----------------------------------------------------------------

def build(catalog: Catalog) -> dict:
    atlas_places, atlas_entries = _atlases(catalog)
    entries = []
    stamps_read: dict[str, dict] = {}
    for task, path, kind, asset_kind, asset_id, prompt in produced_files(catalog):
        basename, name = task.split(":", 1)
        stamp = stamps_read.get(task)
        if stamp is None:
            stamp = stamps_read[task] = stamps.read_stamp(layout.stamp_path(basename, name)) or {}
        record = stamp.get("outputs", {}).get(path)
        if record is None:
            raise ManifestError(f"{path} has not been built (no proof in the stamp of {task}); "
                                f"run `doit {task}` (or plain `doit`) first")
        entry = {"path": path, "kind": kind, "asset_kind": asset_kind, "asset": asset_id, "task": task,
                 **_file_facts(path, record), "fingerprint": lineage(stamp),
                 "prompt_hash": hashlib.sha256(prompt.encode()).hexdigest()}
        entry.update(_measure(path, kind))
        if path in atlas_places:
            entry["atlas"] = atlas_places.pop(path)
        entries.append(entry)
    if atlas_places:
        stray = sorted(atlas_places)[:3]
        raise ManifestError(f"atlas pages hold sprites the catalog no longer makes ({', '.join(stray)}); "
                            "run `doit atlases` to re-pack them")
    entries.extend(atlas_entries)
    entries.sort(key=lambda entry: entry["path"])
    return {"format": FORMAT, "catalog": str(catalog.path.name), "backend": "procedural",
            "totals": {"files": len(entries), "bytes": sum(entry["bytes"] for entry in entries)},
            "files": entries}


def lineage(stamp: dict) -> str:
    """The fingerprint a file was built from: its task's digest, and for tasks with upstream
    files (a mesh's sprites) the contents those were. Two units' attack sprites share a
    render spec; their meshes tell them apart. Deterministic: two clean builds agree."""
    # upstream stamps (an atlas's inputs) are proofs holding mtimes, not content: left out
    upstream = {path: record for path, record in stamp.get("upstream", {}).items()
                if not path.startswith(layout.BUILD + "/")}
    if not upstream:
        return stamp["digest"]
    text = stamp["digest"] + "".join(f";{path}={record['sha256']}" for path, record in sorted(upstream.items()))
    return hashlib.sha256(text.encode()).hexdigest()


def _file_facts(path: str, record: dict) -> dict:
    """bytes and sha256, from the stamp when the file is still the one it proved."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        raise ManifestError(f"{path} is missing although its stamp lists it; run `doit` to rebuild it") from None
    if stat.st_size == record["size"] and stat.st_mtime_ns == record["mtime_ns"]:
        return {"bytes": record["size"], "sha256": record["sha256"]}
    return {"bytes": stat.st_size, "sha256": file_digest(path)}


def _measure(path: str, kind: str) -> dict:
    if kind == "mesh":
        return {"triangles": glb_triangles(path)}
    width, height = png_size(path)
    return {"width": width, "height": height}


def _atlases(catalog: Catalog) -> tuple[dict[str, dict], list[dict]]:
    """({member source path: its atlas place}, [entries of the atlas files themselves])."""
    places: dict[str, dict] = {}
    entries: list[dict] = []
    for data_path in atlas_data_files(catalog):
        data_bytes = Path(data_path).read_bytes()
        try:
            data = json.loads(data_bytes)
            image_path = str(Path(data_path).with_name(data["meta"]["image"]))
            frames = data["frames"]
        except (ValueError, KeyError, TypeError) as error:
            raise ManifestError(f"{data_path} is not an atlas JSON ({error}); run `doit atlases` to rewrite it") from None
        atlas, page = Path(data_path).parent.name, Path(data_path).stem
        asset = page if atlas == "units" else atlas
        task = _atlas_task(atlas, page)
        stamp = stamps.read_stamp(layout.stamp_path(*task.split(":", 1))) or {}
        # the atlas task's digest; without a stamp the JSON itself (every frame, place and source)
        fingerprint = lineage(stamp) if stamp else hashlib.sha256(data_bytes).hexdigest()
        for frame in frames.values():
            rect, offset, source = frame["frame"], frame["spriteSourceSize"], frame["sourceSize"]
            uv = frame["uv"]
            places[frame["source"]] = {
                "page": image_path, "data": data_path,
                "frame": [rect["x"], rect["y"], rect["w"], rect["h"]],
                "uv": [uv["u0"], uv["v0"], uv["u1"], uv["v1"]],
                "offset": [offset["x"], offset["y"]], "source_size": [source["w"], source["h"]]}
        for path, kind in ((image_path, "atlas_page"), (data_path, "atlas_data")):
            if not os.path.exists(path):
                raise ManifestError(f"{path} is missing; run `doit atlases` to rebuild the {asset} atlas")
            entry = {"path": path, "kind": kind, "asset_kind": "atlas", "asset": asset, "task": task,
                     "bytes": os.path.getsize(path), "sha256": file_digest(path), "fingerprint": fingerprint}
            if kind == "atlas_page":
                entry["width"], entry["height"] = png_size(path)
            entries.append(entry)
    return places, entries


def _atlas_task(atlas: str, page: str) -> str:
    return f"atlases:unit/{page}" if atlas == "units" else f"atlases:{atlas}"


def files_on_disk() -> set[str]:
    """Every file under out/ that belongs in the manifest (see docs/export-formats.md)."""
    skipped = tuple(folder + "/" for folder in layout.NOT_IN_MANIFEST)
    found = set()
    for folder, _dirs, files in os.walk(layout.OUT):
        for name in files:
            path = f"{folder}/{name}"
            if path != layout.MANIFEST and not path.startswith(skipped):
                found.add(path)
    return found


def stray_files(listed: dict[str, dict]) -> list[str]:
    """Files under out/ the manifest does not list: outputs of assets the catalog no longer
    has, leftovers of a killed build (`.<name>.<pid>.tmp`), files put there by hand."""
    return sorted(files_on_disk() - set(listed))


def prune() -> None:
    """`doit prune`: delete the stray files (after the manifest is current), then empty folders."""
    strays = stray_files({entry["path"]: entry for entry in load()["files"]})
    for path in strays:
        os.remove(path)
        print(f"removed {path}")
    for folder, _dirs, _files in os.walk(layout.OUT, topdown=False):  # children before parents
        if folder != layout.OUT and not folder.startswith(layout.NOT_IN_MANIFEST) and not os.listdir(folder):
            os.rmdir(folder)
    print(f"{len(strays)} stray files removed" if strays else "no stray files under out/")


# --- reading file headers --------------------------------------------------------------------

def png_size(path: str) -> tuple[int, int]:
    """(width, height) from the PNG header; ManifestError when the file is not a PNG."""
    with open(path, "rb") as handle:
        head = handle.read(24)
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise ManifestError(f"{path} is not a PNG file; delete it and run `doit` to rebuild it")
    return struct.unpack(">II", head[16:24])


def glb_triangles(path: str) -> int:
    """Triangles drawn by a GLB, from its JSON chunk (indexed or not, mode TRIANGLES)."""
    with open(path, "rb") as handle:
        header = handle.read(20)
        if len(header) < 20 or header[:4] != b"glTF":
            raise ManifestError(f"{path} is not a GLB file; delete it and run `doit` to rebuild it")
        length, chunk_type = struct.unpack("<I4s", header[12:20])
        gltf = json.loads(handle.read(length))
    accessors = gltf.get("accessors", [])
    triangles = 0
    for mesh in gltf.get("meshes", []):
        for primitive in mesh["primitives"]:
            if primitive.get("mode", 4) != 4:
                continue
            counted = primitive["indices"] if "indices" in primitive else primitive["attributes"]["POSITION"]
            triangles += accessors[counted]["count"] // 3
    return triangles


# --- validating and writing --------------------------------------------------------------------

@lru_cache(maxsize=None)
def _validator():
    import jsonschema

    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def schema_errors(manifest) -> list[str]:
    """Every schema violation as `<key path>: <message>` (empty when valid)."""
    return [f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
            for error in sorted(_validator().iter_errors(manifest), key=lambda e: list(map(str, e.absolute_path)))]


@lru_cache(maxsize=None)
def _dumper():
    """One key per line, short lists (frame, uv) inline: readable and diffable."""
    import yaml  # here, not at import: a no-op doit call never writes a manifest

    class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
        pass

    Dumper.add_representer(list, lambda dumper, value: dumper.represent_sequence(
        "tag:yaml.org,2002:seq", value, flow_style=not value or not isinstance(value[0], dict)))
    return Dumper


def dump(manifest: dict) -> bytes:
    import yaml

    header = "# Backbay Imperium asset manifest: written by `doit manifest`, do not edit.\n" \
             "# Format: docs/export-formats.md; schema: pipeline/schemas/manifest.schema.json\n"
    return (header + yaml.dump(manifest, Dumper=_dumper(), sort_keys=False, default_flow_style=False, width=200)).encode()


def parse(data: bytes) -> dict:
    import yaml

    return yaml.load(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def load(path: str = layout.MANIFEST) -> dict:
    with open(path, "rb") as handle:
        return parse(handle.read())


def write(catalog: Catalog, path: str = layout.MANIFEST) -> bool:
    """Build, validate and write the manifest; True when the file changed."""
    manifest = build(catalog)
    problems = schema_errors(manifest)
    if problems:  # our own bug, not the user's: say where
        raise ManifestError("the manifest does not match pipeline/schemas/manifest.schema.json: "
                            + "; ".join(problems[:5]))
    return fsutil.write_if_changed(path, dump(manifest))
