"""Load and validate `assets.yaml`, and expand it into one record per output.

`load_catalog(path)` either returns a `Catalog` or raises `CatalogError`, whose
text is the one message a user sees: the file, the line and key path of each
problem, and how to fix it. Nothing is written while loading, except (once a
catalog is valid) a cache of it under `.build/`, so no-op builds skip parsing
and the JSON Schema check.

`Catalog.outputs(kind)` expands entries into `Output` records: terrain
variants (`hills_1`..`hills_4`), unit poses (`warrior_idle`, ...). Each record's
`spec` holds exactly the fields that determine that output, and is what the
generator receives (see docs/generator-contract.md).
"""
from __future__ import annotations

import hashlib
import json
import zlib
from pathlib import Path

from pipeline import fsutil

SCHEMA_PATH = Path(__file__).parent / "schemas" / "catalog.schema.json"

#: catalog section -> output kind
MESH_SECTIONS = {"terrain": "terrain", "units": "unit", "buildings": "building",
                 "wonders": "wonder", "resources": "resource"}
POSES = ("idle", "move", "attack")
#: fields that never reach a fingerprint (documentation for people)
UNFINGERPRINTED = {"notes"}


class CatalogError(Exception):
    """A mistake in the catalog; str() is the complete message for the user."""


class Output:
    """One thing the pipeline builds (one task). A plain class: no-op builds make
    thousands of these, and every millisecond of a no-op doit call counts."""
    __slots__ = ("kind", "asset_id", "name", "spec")

    def __init__(self, kind: str, asset_id: str, name: str, spec: dict) -> None:
        self.kind = kind          # material | terrain | unit | building | wonder | resource | portrait | icon
        self.asset_id = asset_id  # the catalog entry's id
        self.name = name          # output name: the id, or id_variant / id_pose, or group/id for icons
        self.spec = spec          # everything that determines the output (the generator's input)

    def __repr__(self) -> str:
        return f"Output({self.kind}, {self.name})"


class Catalog:
    """A validated catalog. `key`: digest of its text and of the schema (None when the data
    was not read from a file, e.g. an edited copy in a test). Loaded from the cache in
    `.build/`, `data` is decoded only when first used: a no-op build whose task list is
    cached (pipeline/taskcache.py) never needs it."""

    def __init__(self, path: Path, data: dict | None, key: str | None = None, encoded: bytes | None = None) -> None:
        self.path = path
        self._data = data
        self._encoded = encoded  # the cached JSON of `data`, decoded on first use
        self.key = key
        self._styles: dict[str, dict] = {}
        self._meshes: dict[str, list[Output]] = {}  # the mesh, sprite and review tasks all list them

    @property
    def data(self) -> dict:
        if self._data is None:
            self._data = json.loads(self._encoded)
            self._encoded = None
        return self._data

    def style_for(self, kind: str) -> dict:
        """The art direction one kind shares: suffix, negative prompt, colour temperature."""
        if kind not in self._styles:
            self._styles[kind] = self._resolve_style(kind)
        return self._styles[kind]

    def _resolve_style(self, kind: str) -> dict:
        style = self.data["style"]
        override = style.get("kinds", {}).get(kind, {})
        suffixes = [s.strip() for s in (style["suffix"], override.get("suffix", "")) if s and s.strip()]
        return {
            "suffix": ", ".join(suffixes),
            "negative": override.get("negative", style["negative"]),
            "color_temperature": override.get("color_temperature", style["color_temperature"]),
        }

    def _base_spec(self, kind: str, entry: dict, output: str, extra_prompt: str = "") -> dict:
        style = self.style_for(kind)
        fields = {k: v for k, v in entry.items() if k not in UNFINGERPRINTED}
        prompt_parts = [entry["prompt"].strip(), extra_prompt.strip(), style["suffix"]]
        negatives = [style["negative"].strip(), entry.get("negative", "").strip()]
        spec = dict(fields)
        spec.update({
            "kind": kind,
            "output": output,
            "prompt": ", ".join(p for p in prompt_parts if p),
            "negative": ", ".join(n for n in negatives if n),
            "color_temperature": style["color_temperature"],
            # the entry's own prompt, as a number the procedural backend mixes into its
            # randomness: a reworded prompt gives a new take on the asset, as a GPU model would
            "prompt_seed": zlib.crc32(entry["prompt"].strip().encode()),
        })
        # the GPU backend's last attempt: the catalog's simpler prompt, else the prompt without the style suffix
        fallback = entry.get("fallback_prompt", entry["prompt"]).strip()
        spec["fallback_prompt"] = ", ".join(p for p in (fallback, extra_prompt.strip()) if p)
        return spec

    def materials(self) -> list[Output]:
        size = self.data["settings"]["material_size"]
        records = []
        for entry in self.data["materials"]:
            spec = self._base_spec("material", entry, entry["id"])
            spec.setdefault("size", size)
            for optional in ("finish", "roughness", "metallic"):
                spec.setdefault(optional, None)
            if self.data["settings"].get("gpu", {}).get("chord"):  # only when on: no key, no change by default
                spec["chord"] = True
            records.append(Output("material", entry["id"], entry["id"], spec))
        return records

    def meshes(self, kind: str) -> list[Output]:
        """One output per mesh of `kind` (memoised: treat the records as read-only)."""
        if kind not in self._meshes:
            self._meshes[kind] = self._expand_meshes(kind)
        return self._meshes[kind]

    def _expand_meshes(self, kind: str) -> list[Output]:
        settings = self.data["settings"]
        section = {v: k for k, v in MESH_SECTIONS.items()}[kind]
        records = []
        for entry in self.data[section]:
            if kind == "terrain":
                for variant in range(1, entry["variants"] + 1):
                    name = f"{entry['id']}_{variant}"
                    spec = self._base_spec(kind, entry, name, f"variant {variant} of {entry['variants']}")
                    spec.update(variant=variant, budget=settings["budgets"]["terrain"],
                                max_height=settings["bounds"]["terrain_height"], hex=settings["hex"])
                    spec.setdefault("material", None)
                    records.append(Output(kind, entry["id"], name, spec))
            elif kind == "unit":
                for pose in POSES:
                    name = f"{entry['id']}_{pose}"
                    spec = self._base_spec(kind, entry, name, settings["unit_poses"][pose])
                    spec.update(pose=pose, budget=settings["budgets"]["unit"], bounds=settings["bounds"]["unit"])
                    records.append(Output(kind, entry["id"], name, spec))
            else:
                spec = self._base_spec(kind, entry, entry["id"])
                spec.update(budget=settings["budgets"][kind], bounds=settings["bounds"][kind])
                records.append(Output(kind, entry["id"], entry["id"], spec))
        return records


    def portraits(self) -> list[Output]:
        """One output per leader: three full portraits, a bust and an icon."""
        records = []
        for entry in self.data["leaders"]:
            spec = self._base_spec("portrait", entry, entry["id"])
            spec.setdefault("backgrounds", list(DEFAULT_BACKGROUNDS))
            spec["sizes"] = {role: list(size) for role, size in PORTRAIT_SIZES.items()}
            pose = self.data["settings"].get("gpu", {}).get("portrait_pose")
            if pose:  # the image's bytes are an upstream file of the task (its stamp records them)
                spec["pose_reference"] = {"image": str(Path(self.path).parent / pose["image"]),
                                          "strength": pose.get("strength", 0.7)}
            records.append(Output("portrait", entry["id"], entry["id"], spec))
        return records

    def icons(self) -> list[Output]:
        """One output per icon (all its sizes), named <group>/<id>."""
        records = []
        for group, section in self.data["icons"].items():
            for entry in section["items"]:
                spec = self._base_spec("icon", entry, entry["id"])
                spec.setdefault("era", None)
                spec.update(group=group, sizes=list(section["sizes"]))
                records.append(Output("icon", entry["id"], f"{group}/{entry['id']}", spec))
        return records


#: portrait images per leader: role -> [width, height]
PORTRAIT_SIZES = {"full_1": (512, 768), "full_2": (512, 768), "full_3": (512, 768),
                  "bust": (512, 512), "icon": (128, 128)}
DEFAULT_BACKGROUNDS = ("palace interior with warm light", "landscape under an open sky", "dark council chamber lit by lamps")


# --- loading -------------------------------------------------------------------

def load_catalog(path: Path | str, cache_dir: Path | str | None = None) -> Catalog:
    """Read, parse and validate the catalog at `path`; raise CatalogError on any mistake.

    With `cache_dir`, a validated catalog is kept there as JSON keyed by the
    hash of its text and of the schema: a no-op build then skips YAML parsing
    and schema validation (40 ms of every doit call for the full catalog).
    """
    path = Path(path)
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        raise CatalogError(f"{path}: catalog not found — create it, or pass catalog=PATH to doit") from None
    except OSError as error:
        raise CatalogError(f"{path}: cannot read the catalog ({error.strerror})") from None
    key = hashlib.sha256(text + b"\0" + SCHEMA_PATH.read_bytes()).hexdigest()
    cache = None
    if cache_dir is not None:
        # the key on the first line, the data's JSON after it (decoded only when used)
        cache = Path(cache_dir) / "catalog-cache.json"
        try:
            cached_key, _, encoded = cache.read_bytes().partition(b"\n")
            if cached_key.decode() == key:
                return Catalog(path, None, key, encoded)
        except (FileNotFoundError, UnicodeDecodeError):
            pass
    node, data = _parse(path, text)
    _validate(path, node, data)
    if cache is not None:
        fsutil.write_atomic(cache, key.encode() + b"\n" + json.dumps(data).encode())
    return Catalog(path, data, key)


def _parse(path: Path, text: bytes):
    import yaml  # here, not at import: a cached catalog needs no YAML

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        loader = loader_class(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = error.problem or error.context or "invalid YAML"
        raise CatalogError(
            f"{where}: YAML syntax error: {problem} — fix the indentation, quoting or "
            f"punctuation at that line (values with ': ' or '#' need quotes)") from None
    except yaml.YAMLError as error:
        raise CatalogError(f"{path}: YAML error: {error}") from None
    except UnicodeDecodeError:
        raise CatalogError(f"{path}: not UTF-8 text — save the catalog as UTF-8") from None
    if not isinstance(data, dict):
        raise CatalogError(f"{path}: the catalog must be a mapping with sections "
                           "(version, style, settings, materials, ...) — it is empty or a "
                           f"{type(data).__name__}")
    _check_duplicate_keys(path, node)
    return node, data


def _check_duplicate_keys(path: Path, node) -> None:
    import yaml

    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen = {}
            for key_node, value_node in current.value:
                key = key_node.value
                if key in seen:
                    raise CatalogError(
                        f"{path}:{key_node.start_mark.line + 1}: key '{key}' appears twice in one "
                        f"entry (first at line {seen[key] + 1}) — keep one of them")
                seen[key] = key_node.start_mark.line
                stack.append(value_node)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)


def _line_of(node, key_path) -> int | None:
    """1-based line of the YAML node at `key_path` (the deepest one that exists)."""
    import yaml

    line = node.start_mark.line + 1 if node is not None else None
    for key in key_path:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == key), None)
            if match is None:
                break
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
        line = node.start_mark.line + 1
    return line


def _key_line(node, key_path, key) -> int | None:
    """Line of a mapping key itself (for unknown-key errors)."""
    import yaml

    for part in key_path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), node)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
    if isinstance(node, yaml.MappingNode):
        for k, _ in node.value:
            if k.value == key:
                return k.start_mark.line + 1
    return None


def _format_path(key_path) -> str:
    text = ""
    for part in key_path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _describe(data, key_path) -> str:
    """Name the asset an error sits in, e.g. " (units: warrior)"."""
    if len(key_path) >= 2 and isinstance(key_path[1], int):
        try:
            entry = data[key_path[0]][key_path[1]]
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                return f" ({key_path[0]}: {entry['id']})"
        except (KeyError, IndexError, TypeError):
            pass
    if len(key_path) >= 4 and key_path[0] == "icons" and key_path[2] == "items":
        try:
            entry = data["icons"][key_path[1]]["items"][key_path[3]]
            return f" (icons.{key_path[1]}: {entry.get('id')})"
        except (KeyError, IndexError, TypeError, AttributeError):
            pass
    return ""


def _fix_for(error) -> str:
    """How to fix one jsonschema error, in words a technical artist understands."""
    validator, value, schema = error.validator, error.validator_value, error.schema
    if validator == "additionalProperties":
        allowed = ", ".join(sorted(schema.get("properties", {})))
        return f"remove it or fix its spelling (allowed keys: {allowed})"
    if validator == "required":
        return "add it"
    if validator == "type":
        return f"use a value of type {value}"
    if validator == "pattern" and "a-z0-9" in str(value):
        return "use lower-case letters, digits and underscores only (a slug like 'war_elephant')"
    if validator == "pattern":
        return "write some text"
    if validator in ("enum", "const"):
        options = value if validator == "enum" else [value]
        shown = ", ".join(map(str, options[:30]))
        return f"use one of: {shown}"
    if validator in ("minimum", "exclusiveMinimum"):
        return f"use a number {'>' if validator == 'exclusiveMinimum' else '≥'} {value}"
    if validator in ("maximum", "exclusiveMaximum"):
        return f"use a number {'<' if validator == 'exclusiveMaximum' else '≤'} {value}"
    if validator in ("minItems", "maxItems"):
        return f"give {'at least' if validator == 'minItems' else 'at most'} {value} items"
    if validator in ("minLength", "maxLength"):
        return f"use {'at least' if validator == 'minLength' else 'at most'} {value} characters"
    if validator == "uniqueItems":
        return "remove the repeated values"
    return "see pipeline/schemas/catalog.schema.json"


def _validate(path: Path, node, data: dict) -> None:
    import jsonschema  # imported here: no-op builds with an unchanged catalog skip it

    schema = json.loads(SCHEMA_PATH.read_text())
    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    for error in validator.iter_errors(data):
        key_path = list(error.absolute_path)
        if error.validator == "additionalProperties":
            extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
            for key in extra:
                line = _key_line(node, key_path, key) or _line_of(node, key_path)
                problems.append((line, f"{_format_path(key_path + [key])}{_describe(data, key_path)}: "
                                       f"unknown key '{key}' — {_fix_for(error)}"))
            continue
        line = _line_of(node, key_path)
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else "a key"
            message = f"missing required key '{missing}'"
        else:
            shown = json.dumps(error.instance, ensure_ascii=False, default=str)
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            if error.validator in ("enum", "const", "pattern"):
                message = f"{shown} is not allowed"
            else:
                message = f"{shown} is not valid ({error.message.split(' is ')[-1] if ' is ' in error.message else error.message})"
        problems.append((line, f"{_format_path(key_path)}{_describe(data, key_path)}: {message} — {_fix_for(error)}"))
    if not problems:
        problems = _check_references(node, data)
    if problems:
        problems.sort(key=lambda p: (p[0] or 0))
        lines = [f"{path}:{line or '?'}: {text}" for line, text in problems[:10]]
        if len(problems) > 10:
            lines.append(f"... and {len(problems) - 10} more problems")
        header = f"{path}: the catalog is invalid; nothing was built ({len(problems)} problem{'s' if len(problems) > 1 else ''}):"
        raise CatalogError("\n".join([header] + ["  " + line for line in lines]))


def _check_references(node, data: dict) -> list:
    """What the schema cannot say: unique ids and output names, references between entries."""
    problems = []

    def unique(section_path, entries, names_of):
        seen = {}
        for index, entry in enumerate(entries):
            for name in names_of(entry):
                if name in seen:
                    first = seen[name]
                    problems.append((_line_of(node, section_path + [index, "id"]),
                                     f"{_format_path(section_path + [index])}: id '{name}' is already used "
                                     f"by entry {first} of {_format_path(section_path)} — give each asset its own id"))
                else:
                    seen[name] = index

    unique(["materials"], data["materials"], lambda e: [e["id"]])
    # terrain variants expand to <id>_<n>; they must not clash with another entry's names
    unique(["terrain"], data["terrain"],
           lambda e: [e["id"]] + [f"{e['id']}_{v}" for v in range(1, e["variants"] + 1)])
    unique(["units"], data["units"], lambda e: [e["id"]] + [f"{e['id']}_{p}" for p in POSES])
    for section in ("buildings", "wonders", "resources", "leaders"):
        unique([section], data[section], lambda e: [e["id"]])
    for group, spec in data["icons"].items():
        unique(["icons", group, "items"], spec["items"], lambda e: [e["id"]])

    materials = {m["id"] for m in data["materials"]}
    for index, entry in enumerate(data["terrain"]):
        if "material" in entry and entry["material"] not in materials:
            problems.append((_line_of(node, ["terrain", index, "material"]),
                             f"terrain[{index}].material (terrain: {entry['id']}): material '{entry['material']}' is not "
                             f"in materials — use one of the material ids or remove the key"))
    resources = {r["id"] for r in data["resources"]}
    for index, entry in enumerate(data["icons"]["resource_map"]["items"]):
        if entry["id"] not in resources:
            problems.append((_line_of(node, ["icons", "resource_map", "items", index, "id"]),
                             f"icons.resource_map.items[{index}].id: '{entry['id']}' is not a resource id — "
                             f"resource map icons must match an entry of resources"))
    return problems
