"""The GPU server configuration: `servers.yaml` (or the file named by `servers=PATH` /
BACKBAY_SERVERS). Deployment, not art: nothing in it enters a fingerprint.

    version: 1
    budget_usd: 40                # optional: stop submitting new jobs once this build's jobs cost this much
    runpod:                       # optional: pods rented on RunPod (`doit pods_start` / `pods_stop`)
      api_key_env: RUNPOD_API_KEY
      stop_idle_roles: true       # stop a role's pods as soon as the build has no work left for it
    roles:
      image:                      # SDXL: portraits, icons, mesh reference images
        - name: image-1
          url_env: BACKBAY_IMAGE_1_URL   # or url: http://10.0.0.5:8188
          token_env: BACKBAY_COMFY_TOKEN # optional: sent as Authorization: Bearer
          hourly_usd: 0.79
          concurrent_jobs: 1
          pod_id: abcd1234efgh    # optional
      mesh: [...]                 # Hunyuan3D 2.x
      material: [...]             # SDXL with seamless tiling

A RunPod proxy URL is itself a secret (COMFYUI_API.md): take it from an
environment variable with `url_env`. Every mistake raises `ServerConfigError`
naming the file, the key and the fix; no secret is ever part of a message.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

ROLES = ("image", "mesh", "material")
DEFAULT_PATH = "servers.yaml"
ENV_PATH = "BACKBAY_SERVERS"
NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
ENV_NAME = re.compile(r"[A-Z_][A-Z0-9_]*")


class ServerConfigError(Exception):
    """A mistake in the server configuration (message: file, key, fix)."""


@dataclass(frozen=True)
class Server:
    name: str
    role: str
    url: str = field(repr=False)   # may be a secret (RunPod proxy): never printed
    token_env: str | None = None
    hourly_usd: float = 0.0
    concurrent_jobs: int = 1
    pod_id: str | None = None
    url_env: str | None = None     # where the URL came from, to name it when it is unset


@dataclass(frozen=True)
class ServerConfig:
    path: str
    servers: tuple[Server, ...]
    budget_usd: float | None = None
    runpod_api_key_env: str = "RUNPOD_API_KEY"
    stop_idle_roles: bool = False

    def role(self, role: str) -> list[Server]:
        return [server for server in self.servers if server.role == role]

    def by_name(self, name: str) -> Server:
        return next(server for server in self.servers if server.name == name)


def config_path(explicit: str | None = None) -> str:
    return explicit or os.environ.get(ENV_PATH) or DEFAULT_PATH


def load_servers(path: str | None = None, *, need_urls: bool = True) -> ServerConfig:
    """Read and check the configuration. `need_urls=False` accepts servers whose
    `url_env` is not set (listing, pod control before the pods have addresses)."""
    import yaml

    path = config_path(path)
    try:
        data = yaml.safe_load(Path(path).read_text())
    except FileNotFoundError:
        raise ServerConfigError(f"{path}: server configuration not found — copy servers.example.yaml to {path} "
                                f"and fill in your servers, or pass servers=PATH") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise ServerConfigError(f"{path}{where}: not valid YAML ({getattr(error, 'problem', error)})") from None
    return parse_servers(data, path, need_urls=need_urls)


def parse_servers(data, path: str, *, need_urls: bool = True) -> ServerConfig:
    def fail(key: str, problem: str, fix: str):
        raise ServerConfigError(f"{path}: {key}: {problem} — {fix}")

    if not isinstance(data, dict):
        fail("(top level)", "not a mapping", "start from servers.example.yaml")
    unknown = set(data) - {"version", "budget_usd", "runpod", "roles"}
    if unknown:
        fail(sorted(unknown)[0], "unknown key", "allowed: version, budget_usd, runpod, roles")
    if data.get("version", 1) != 1:
        fail("version", f"{data['version']!r} is not supported", "write version: 1")
    budget = data.get("budget_usd")
    if budget is not None and (not _number(budget) or budget <= 0):
        fail("budget_usd", f"{budget!r} is not a positive number", "give dollars, e.g. budget_usd: 40, or remove it")
    runpod = data.get("runpod") or {}
    if not isinstance(runpod, dict) or set(runpod) - {"api_key_env", "stop_idle_roles"}:
        fail("runpod", "expected a mapping with api_key_env and stop_idle_roles", "see servers.example.yaml")
    key_env = runpod.get("api_key_env", "RUNPOD_API_KEY")
    if not isinstance(key_env, str) or not ENV_NAME.fullmatch(key_env):
        fail("runpod.api_key_env", f"{key_env!r} is not an environment variable name", "e.g. RUNPOD_API_KEY")
    stop_idle = runpod.get("stop_idle_roles", False)
    if not isinstance(stop_idle, bool):
        fail("runpod.stop_idle_roles", f"{stop_idle!r} is not true/false", "write true or false")
    roles = data.get("roles")
    if not isinstance(roles, dict) or not roles:
        fail("roles", "missing or empty", f"list servers under one or more of: {', '.join(ROLES)}")
    servers, names = [], set()
    for role, entries in roles.items():
        if role not in ROLES:
            fail(f"roles.{role}", "unknown role", f"roles are {', '.join(ROLES)}")
        if not isinstance(entries, list) or not entries:
            fail(f"roles.{role}", "expected a list of servers", "give each server as - name: ..., url: ...")
        for index, entry in enumerate(entries):
            servers.append(_server(entry, role, f"roles.{role}[{index}]", fail, need_urls))
            if servers[-1].name in names:
                fail(f"roles.{role}[{index}].name", f"duplicate server name {servers[-1].name!r}",
                     "give every server its own name")
            names.add(servers[-1].name)
    return ServerConfig(path, tuple(servers), budget, key_env, stop_idle)


def _server(entry, role: str, key: str, fail, need_urls: bool) -> Server:
    allowed = {"name", "url", "url_env", "token_env", "hourly_usd", "concurrent_jobs", "pod_id"}
    if not isinstance(entry, dict):
        fail(key, "not a mapping", "give name, url (or url_env), hourly_usd")
    unknown = set(entry) - allowed
    if unknown:
        fail(f"{key}.{sorted(unknown)[0]}", "unknown key", f"allowed: {', '.join(sorted(allowed))}")
    name = entry.get("name")
    if not isinstance(name, str) or not NAME.fullmatch(name):
        fail(f"{key}.name", f"{name!r} is not a name", "lower-case letters, digits, - and _, e.g. mesh-1")
    key = f"roles.{role}.{name}"
    if ("url" in entry) == ("url_env" in entry):
        fail(key, "needs exactly one of url and url_env", "url: http://host:8188, or url_env: VARIABLE")
    for env_key in ("url_env", "token_env"):
        value = entry.get(env_key)
        if value is not None and (not isinstance(value, str) or not ENV_NAME.fullmatch(value)):
            fail(f"{key}.{env_key}", f"{value!r} is not an environment variable name", "e.g. BACKBAY_COMFY_TOKEN")
    url = entry.get("url")
    if "url_env" in entry:
        url = os.environ.get(entry["url_env"], "")
        if not url and need_urls:
            fail(f"{key}.url_env", f"environment variable {entry['url_env']} is not set",
                 f"export {entry['url_env']}=<the server's URL>")
    if url and (not isinstance(url, str) or not re.match(r"https?://[^/\s]+", url)):
        fail(f"{key}.url", "not an http(s) URL", "e.g. http://10.0.0.5:8188")  # the value may be secret: not shown
    hourly = entry.get("hourly_usd", 0.0)
    if not _number(hourly) or hourly < 0:
        fail(f"{key}.hourly_usd", f"{hourly!r} is not a price", "dollars per hour, e.g. 0.79")
    concurrent = entry.get("concurrent_jobs", 1)
    if not isinstance(concurrent, int) or isinstance(concurrent, bool) or not 1 <= concurrent <= 16:
        fail(f"{key}.concurrent_jobs", f"{concurrent!r} is not 1..16", "ComfyUI runs one job at a time: 1")
    pod_id = entry.get("pod_id")
    if pod_id is not None and (not isinstance(pod_id, str) or not re.fullmatch(r"[A-Za-z0-9]+", pod_id)):
        fail(f"{key}.pod_id", f"{pod_id!r} is not a RunPod pod id", "copy it from RunPod's console")
    return Server(name, role, (url or "").rstrip("/"), entry.get("token_env"), float(hourly), concurrent, pod_id,
                  entry.get("url_env"))


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
