"""ComfyUI API-format workflows and their parameter bindings.

Each generator has `workflows/<name>.json` (the graph, as ComfyUI's "Save (API)"
writes it: {node_id: {"class_type", "inputs", "_meta"}}) and
`workflows/<name>.bindings.yaml`:

    output: {node: "9", kind: image}          # the save node; image = PNG, mesh = GLB
                                              # (more_nodes: [...] for further save nodes)
    parameters:
      prompt: {node: "6", input: text, type: str, required: true}
      seed:   {node: "3", input: seed, type: int, min: 0, max: 18446744073709551615}

`Workflow.bind(prompt=..., seed=...)` deep-copies the graph and sets each value
at its node id and input name. Values never pass through text substitution, so
a prompt with quotes, braces or newlines stays one string input and cannot
change the graph. Loading checks every binding against the graph, so a renamed
node fails at load time, not on a rented GPU.
"""
from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

WORKFLOWS = Path(__file__).resolve().parents[3] / "workflows"  # <repo>/workflows
#: the save node each output kind needs, and the key its files come under in /history
SAVE_NODES = {"image": ("SaveImage", "images"), "mesh": ("SaveGLB", "3d")}
TYPES = ("str", "int", "float", "image", "prefix")
#: a filename_prefix stays inside the server's output folder: no "..", no leading "/"
PREFIX = re.compile(r"[A-Za-z0-9_\-]+(/[A-Za-z0-9_\-]+)*")


class WorkflowError(Exception):
    """A workflow or its bindings are wrong, or a value does not fit a binding."""


@dataclass(frozen=True)
class Binding:
    node: str
    input: str
    type: str
    required: bool = False
    min: float | None = None
    max: float | None = None


@dataclass(frozen=True)
class Workflow:
    name: str
    graph: dict
    bindings: dict[str, Binding]
    output_node: str
    output_kind: str  # "image" | "mesh"
    more_output_nodes: tuple = ()  # further save nodes of the same kind, collected after output_node

    @property
    def output_nodes(self) -> tuple:
        """Every save node whose files the job returns, in order."""
        return (self.output_node, *self.more_output_nodes)

    @property
    def output_key(self) -> str:
        """Where /history lists this workflow's files: outputs[output_node][output_key]."""
        return SAVE_NODES[self.output_kind][1]

    @property
    def digest(self) -> str:
        """sha256 of graph + bindings, canonical JSON: for the fingerprint of every task using it."""
        text = json.dumps({"graph": self.graph, "bindings": {k: vars(b) for k, b in self.bindings.items()}},
                          sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    def node_classes(self) -> set[str]:
        """The node classes a server must have (its /object_info keys) to run this workflow."""
        return {node["class_type"] for node in self.graph.values()}

    def bind(self, **values) -> dict:
        """A new graph with `values` set by node id and input name; the workflow itself is unchanged."""
        unknown = sorted(set(values) - set(self.bindings))
        if unknown:
            raise WorkflowError(f"{self.name}: no parameter {', '.join(unknown)} "
                                f"(has {', '.join(sorted(self.bindings))})")
        missing = sorted(name for name, b in self.bindings.items() if b.required and values.get(name) is None)
        if missing:
            raise WorkflowError(f"{self.name}: required parameter {', '.join(missing)} not given")
        graph = copy.deepcopy(self.graph)
        for name, value in values.items():
            if value is None:  # None keeps the workflow's own default
                continue
            binding = self.bindings[name]
            graph[binding.node]["inputs"][binding.input] = _checked(self.name, name, binding, value)
        return graph

    def server_problems(self, object_info: dict) -> list[str]:
        """What stops a server from running this workflow, from its /object_info: missing node
        classes, and fixed choices (checkpoint files, samplers) the server does not offer."""
        problems = [f"node {cls} is not installed" for cls in sorted(self.node_classes() - set(object_info))]
        bound = {(b.node, b.input) for b in self.bindings.values()}
        for node_id, node in sorted(self.graph.items()):
            spec = object_info.get(node["class_type"], {}).get("input", {})
            declared = {**spec.get("required", {}), **spec.get("optional", {})}
            for name, value in sorted(node["inputs"].items()):
                options = _combo_options(declared.get(name))
                if (node_id, name) in bound or options is None or isinstance(value, list):
                    continue
                if value not in options:
                    problems.append(f"{node['class_type']}.{name} = {value!r} is not on the server")
        return problems


def load(name: str, directory: Path = WORKFLOWS) -> Workflow:
    """Read `<name>.json` and `<name>.bindings.yaml` and check them against each other."""
    graph_path = directory / f"{name}.json"
    bindings_path = directory / f"{name}.bindings.yaml"
    try:
        graph = json.loads(graph_path.read_text())
        spec = yaml.safe_load(bindings_path.read_text())
    except (OSError, ValueError, yaml.YAMLError) as error:
        raise WorkflowError(f"workflow {name}: {error}") from None
    _check_graph(name, graph)
    if not isinstance(spec, dict) or not isinstance(spec.get("output"), dict) \
            or not isinstance(spec.get("parameters"), dict):
        raise WorkflowError(f"{bindings_path.name}: needs `output: {{node, kind}}` and `parameters:`")
    output_node, kind = str(spec["output"].get("node")), spec["output"].get("kind")
    more_nodes = tuple(str(node) for node in spec["output"].get("more_nodes", ()))
    if kind not in SAVE_NODES:
        raise WorkflowError(f"{bindings_path.name}: output kind {kind!r} is not one of {', '.join(SAVE_NODES)}")
    for node in (output_node, *more_nodes):
        if graph.get(node, {}).get("class_type") != SAVE_NODES[kind][0]:
            raise WorkflowError(f"{bindings_path.name}: output node {node!r} is not a {SAVE_NODES[kind][0]} node")
    bindings = {}
    for param, entry in spec["parameters"].items():
        try:
            binding = Binding(node=str(entry["node"]), input=entry["input"], type=entry["type"],
                              required=bool(entry.get("required", False)), min=entry.get("min"), max=entry.get("max"))
        except (KeyError, TypeError):
            raise WorkflowError(f"{bindings_path.name}: parameter {param} needs node, input and type") from None
        if binding.type not in TYPES:
            raise WorkflowError(f"{bindings_path.name}: parameter {param} has type {binding.type!r}, "
                                f"not one of {', '.join(TYPES)}")
        node = graph.get(binding.node)
        if node is None:
            raise WorkflowError(f"{bindings_path.name}: parameter {param} names node {binding.node!r}, "
                                f"which {graph_path.name} does not have")
        if binding.input not in node["inputs"]:
            raise WorkflowError(f"{bindings_path.name}: parameter {param}: node {binding.node} "
                                f"({node['class_type']}) has no input {binding.input!r}")
        if isinstance(node["inputs"][binding.input], list):
            raise WorkflowError(f"{bindings_path.name}: parameter {param}: input {binding.input!r} of node "
                                f"{binding.node} is a link, not a value")
        bindings[param] = binding
    return Workflow(name, graph, bindings, output_node, kind, more_nodes)


def names(directory: Path = WORKFLOWS) -> list[str]:
    return sorted(path.name[:-len(".bindings.yaml")] for path in directory.glob("*.bindings.yaml"))


def _check_graph(name: str, graph) -> None:
    if not isinstance(graph, dict) or not graph:
        raise WorkflowError(f"{name}.json: not an API-format workflow (a non-empty object of nodes)")
    for node_id, node in graph.items():
        if not isinstance(node, dict) or not isinstance(node.get("class_type"), str) \
                or not isinstance(node.get("inputs"), dict):
            raise WorkflowError(f"{name}.json: node {node_id} needs class_type and inputs")
        for input_name, value in node["inputs"].items():
            # ComfyUI reads any list as a link [source node id, output index]
            if isinstance(value, list) and (len(value) != 2 or str(value[0]) not in graph
                                            or not isinstance(value[1], int)):
                raise WorkflowError(f"{name}.json: node {node_id} input {input_name} links to {value!r}, "
                                    f"not to [an existing node id, output index]")


def _checked(workflow: str, name: str, binding: Binding, value):
    """`value` if it fits the binding's type and range, else WorkflowError."""
    kind = binding.type
    fits = {
        "str": isinstance(value, str),
        "image": isinstance(value, str) and value != "",
        "prefix": isinstance(value, str) and PREFIX.fullmatch(value) is not None,
        "int": isinstance(value, int) and not isinstance(value, bool),
        "float": isinstance(value, (int, float)) and not isinstance(value, bool),
    }[kind]
    if not fits:
        raise WorkflowError(f"{workflow}: parameter {name} must be {kind}, not {type(value).__name__} {value!r:.60}")
    if binding.min is not None and value < binding.min or binding.max is not None and value > binding.max:
        raise WorkflowError(f"{workflow}: parameter {name} = {value} is outside {binding.min}..{binding.max}")
    return float(value) if kind == "float" else value


def _combo_options(spec) -> list | None:
    """The allowed values of a choice input in /object_info: [[...options], {...}] or, in the
    newer format, ["COMBO", {"options": [...]}]; None for any other input."""
    if not isinstance(spec, list) or not spec:
        return None
    if isinstance(spec[0], list):
        return spec[0]
    if spec[0] == "COMBO" and len(spec) > 1 and isinstance(spec[1], dict):
        return spec[1].get("options")
    return None
