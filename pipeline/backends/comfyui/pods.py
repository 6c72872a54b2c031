"""RunPod pod control for the GPU servers in servers.yaml: start the pods, wait until
their ComfyUI answers, stop them. A stopped pod costs storage only, so builds start
pods on demand (`doit pods_start`) and stop them after (`doit pods_stop`).

    start_pods(config, ["mesh"])     # start, wait for RUNNING + GET /system_stats, print one line per pod
    stop_pods(config)                # stop every configured pod
    pod_states(config)               # {server name: {desiredStatus, costPerHr, gpu}} for a status table

RunPod REST v1, checked against RunPod's OpenAPI reference (runpod/docs
api-reference/openapi.json, the source of docs.runpod.io/api-reference):
- server `https://rest.runpod.io/v1`; security scheme `http` / `bearer`:
  `Authorization: Bearer <key>`;
- `GET /pods/{podId}` -> a Pod: `id`, `name`, `desiredStatus` (enum RUNNING, EXITED,
  TERMINATED), `costPerHr` (type number, format currency, yet the documented
  example is the string "0.74": both are read), `adjustedCostPerHr`, `gpu`
  {`id`, `count`, `displayName`, prices}, `machine` {`gpuDisplayName`, ...},
  `publicIp`, `portMappings`; 400 "Invalid ID supplied", 404 "Pod not found";
- `POST /pods/{podId}/start` ("Start or resume a Pod") and `POST /pods/{podId}/stop`:
  200 with no body schema, 400 "Invalid Pod ID", 401 "Unauthorized".
Not documented there, so handled defensively: the error body (a JSON `error` or
`message` is shown, else the text), 403 and 429, and what start answers when the
pod's machine has no free GPU (RunPod's "Zero GPU Pods" page): its message is shown.
RunPod's docs also warn that a RUNNING pod's services may still be starting: a
pod counts as ready only once its ComfyUI answers /system_stats.

Secrets: the API key is read from the environment variable named by
`runpod.api_key_env`, sent only in the Authorization header, and removed from every
text built from a server answer or a library error (a proxy may echo headers);
`repr()` never shows it. Server URLs (RunPod proxy URLs are secrets) are never printed.
"""
from __future__ import annotations

import logging
import os
import re
import time

import httpx

from pipeline.backends.comfyui.client import (ComfyClient, ComfyError, ConfigError, RequestRejected, Timeouts,
                                              backoff_delay)
from pipeline.backends.comfyui.servers import ROLES, Server, ServerConfig

log = logging.getLogger("pipeline.backends.comfyui.pods")

DEFAULT_URL = "https://rest.runpod.io/v1"
URL_ENV = "BACKBAY_RUNPOD_URL"      # tests point this at tests/runpod_test_server.py
RETRY_ATTEMPTS = 4                  # per RunPod call, on 5xx, 429 and connection errors
RETRY_BASE_S = 1.0                  # backoff: base * 2^n seconds, jittered, at most RETRY_CAP_S
RETRY_CAP_S = 15.0
HTTP_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
COMFY_TIMEOUTS = Timeouts(connect=5.0, read=10.0)  # a starting pod's proxy must not hold a poll for long
STOPPED = ("EXITED", "TERMINATED")


class PodError(Exception):
    """A pod could not be read, started, stopped or reached; the message names the
    server, the pod and what to do, and never holds the API key or a server URL."""

    def __init__(self, message: str, server: str = "", pod_id: str = "", status: int = 0):
        super().__init__(message)
        self.server, self.pod_id, self.status = server, pod_id, status


class _Retry(Exception):
    """A failure worth another attempt (5xx, 429, connection error); message already clean."""


class RunPodClient:
    """RunPod REST v1 pod calls with timeouts, retries and key-free error messages."""

    def __init__(self, api_key: str, *, key_env: str = "RUNPOD_API_KEY", config_path: str = "servers.yaml",
                 base_url: str | None = None, attempts: int | None = None, sleep=time.sleep):
        self.key_env, self.config_path = key_env, config_path
        self.base_url = (base_url or os.environ.get(URL_ENV) or DEFAULT_URL).rstrip("/")
        if not re.match(r"https?://[^/\s]+", self.base_url):
            raise PodError(f"RunPod API URL {self.base_url!r} is not an http(s) URL — fix or unset {URL_ENV}")
        self.attempts = attempts or RETRY_ATTEMPTS
        self._sleep = sleep
        self._key = api_key
        self._http = httpx.Client(base_url=self.base_url, headers={"Authorization": f"Bearer {api_key}"},
                                  timeout=HTTP_TIMEOUT, follow_redirects=False)

    @classmethod
    def from_config(cls, config: ServerConfig, *, base_url: str | None = None) -> "RunPodClient":
        """The client for `config`, its key read from `runpod.api_key_env`."""
        env = config.runpod_api_key_env
        key = os.environ.get(env, "").strip()
        if not key:
            raise PodError(f"{config.path}: runpod.api_key_env: environment variable {env} is not set — "
                           f"export {env}=<your RunPod API key> (RunPod console → Settings → API Keys)")
        if not re.fullmatch(r"[\x21-\x7e]+", key):  # an httpx error about a bad header would quote it
            raise PodError(f"environment variable {env} holds spaces or control characters — "
                           f"set it to the RunPod API key alone")
        return cls(key, key_env=env, config_path=config.path, base_url=base_url)

    def __repr__(self) -> str:
        return f"RunPodClient(base_url={self.base_url!r})"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "RunPodClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- pod calls -------------------------------------------------------

    def get_pod(self, pod_id: str, server: str = "") -> dict:
        """GET /pods/{id}, retried on 5xx and connection errors."""
        for attempt in range(self.attempts):
            try:
                response = self._call("GET", pod_id, "", server)
            except _Retry as error:
                self._back_off(error, attempt, server, pod_id)
                continue
            try:
                pod = response.json()
            except ValueError:
                pod = None
            if not isinstance(pod, dict):
                raise PodError(f"{server}: RunPod answered GET pod {pod_id} with no JSON object: "
                               f"{self._clean(response.text)[:120]!r}", server, pod_id, response.status_code)
            return pod
        raise AssertionError("unreachable")

    def start_pod(self, pod_id: str, server: str = "") -> None:
        self._action(pod_id, "start", server, lambda status: status == "RUNNING")

    def stop_pod(self, pod_id: str, server: str = "") -> None:
        self._action(pod_id, "stop", server, lambda status: status in STOPPED)

    def _action(self, pod_id: str, action: str, server: str, done) -> None:
        """POST /pods/{id}/{action}. Before a repeat (the first answer was lost or 5xx)
        the pod is read again: an action that took effect is not sent twice."""
        for attempt in range(self.attempts):
            if attempt and done(self.get_pod(pod_id, server).get("desiredStatus")):
                return
            try:
                self._call("POST", pod_id, f"/{action}", server)
                return
            except _Retry as error:
                self._back_off(error, attempt, server, pod_id)

    def _call(self, method: str, pod_id: str, suffix: str, server: str) -> httpx.Response:
        what = f"{method} pod {pod_id}{suffix}"
        try:
            response = self._http.request(method, f"/pods/{pod_id}{suffix}")
        except httpx.TransportError as error:  # refused, dropped, timed out
            raise _Retry(self._clean(f"{server}: {what}: {type(error).__name__}: {error}")) from None
        except httpx.HTTPError as error:
            raise PodError(self._clean(f"{server}: {what} failed: {type(error).__name__}: {error}"),
                           server, pod_id) from None
        status = response.status_code
        if status < 300:
            return response
        if status < 400:  # redirects are not followed: the key must go to RunPod only
            raise PodError(f"{server}: {what}: RunPod answered a redirect ({status}) — check {URL_ENV} "
                           f"(unset it for {DEFAULT_URL})", server, pod_id, status)
        detail = self._detail(response)
        if status >= 500 or status == 429:
            raise _Retry(f"{server}: {what}: RunPod answered {status}: {detail}")
        raise PodError(self._rejection(status, detail, what, server, pod_id), server, pod_id, status)

    def _rejection(self, status: int, detail: str, what: str, server: str, pod_id: str) -> str:
        """One message per 4xx that says what to fix."""
        if status == 401:
            return (f"{server}: RunPod refused the API key (401 on {what}) — check {self.key_env}: "
                    f"a current RunPod API key (RunPod console → Settings → API Keys)")
        if status == 403:
            return (f"{server}: the API key in {self.key_env} may not control pods (403 on {what}) — "
                    f"give the key read/write access in RunPod's API key settings")
        if status == 404:
            return (f"{server}: pod {pod_id} not found (404) — check pod_id in {self.config_path}; "
                    f"a terminated pod is gone: create a new one and put its id there")
        if status == 400:
            gpu = "; a start also fails when the pod's machine has no free GPU: retry later" if "start" in what else ""
            return f"{server}: RunPod rejected {what} (400: {detail}) — check pod_id in {self.config_path}{gpu}"
        return f"{server}: RunPod answered {status} to {what}: {detail}"

    def _back_off(self, error: _Retry, attempt: int, server: str, pod_id: str) -> None:
        if attempt == self.attempts - 1:
            raise PodError(f"{error} — gave up after {self.attempts} attempts; RunPod or the network may be "
                           f"down (https://uptime.runpod.io), try again later", server, pod_id) from None
        delay = backoff_delay(attempt, RETRY_BASE_S, RETRY_CAP_S)
        log.info("%s; retry %d/%d in %.1f s", error, attempt + 1, self.attempts - 1, delay)
        self._sleep(delay)

    def _detail(self, response: httpx.Response) -> str:
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if isinstance(answer, dict) and isinstance(answer.get("error") or answer.get("message"), str):
            text = answer.get("error") or answer.get("message")
        else:
            text = response.text
        return " ".join(self._clean(text).split())[:200] or "(no message)"  # clean first: a cut key is no match

    def _clean(self, text: str) -> str:
        """`text` with the API key removed (server answers may echo request headers)."""
        return text.replace(self._key, "[key]") if self._key else text


# --- what the doit tasks call ---------------------------------------------


def start_pods(config: ServerConfig, roles: list[str] | None = None, *, wait: bool = True, timeout: float = 900,
               poll: float = 5, out=print) -> list[dict]:
    """Start every configured pod (of `roles`) that is not running; with `wait`, return once
    each is RUNNING and its ComfyUI answers GET /system_stats. Prints one line per pod, never a URL.
    Pods already running are not started again. Returns one dict per server (see _summary)."""
    servers = _pod_servers(config, roles)
    if not servers:
        out(f"no RunPod pods configured in {config.path}" + (f" for roles {', '.join(roles)}" if roles else ""))
        return []
    comfy = _comfy_clients(config, servers) if wait else {}  # configuration mistakes before any money is spent
    results, failures = {}, []
    try:
        with RunPodClient.from_config(config) as api:
            for server in servers:
                try:
                    pod = api.get_pod(server.pod_id, server.name)
                    status = pod.get("desiredStatus")
                    if status == "TERMINATED":
                        raise PodError(f"{server.name}: pod {server.pod_id} is terminated — create a new pod "
                                       f"and put its id in {config.path} (pod_id)", server.name, server.pod_id)
                    action = "already running" if status == "RUNNING" else "started"
                    if status != "RUNNING":
                        api.start_pod(server.pod_id, server.name)
                        log.info("%s: pod %s start requested (was %s)", server.name, server.pod_id, status)
                    results[server.name] = _summary(server, pod, action)
                except PodError as error:
                    if error.status in (401, 403):
                        raise  # the key is wrong for every pod
                    failures.append(error)
            if not wait:
                for server in servers:
                    if server.name in results:
                        out(_line(results[server.name], "start requested" if
                                  results[server.name]["action"] == "started" else "already running"))
            else:
                _wait_ready(api, config, [s for s in servers if s.name in results], results, comfy,
                            timeout, poll, out)
    finally:
        for client in comfy.values():
            client.close()
    if failures:
        started = [name for name, result in results.items() if result["action"] == "started"]
        note = f" (started and billing: {', '.join(started)} — `doit pods_stop` stops them)" if started else ""
        raise PodError("; ".join(str(error) for error in failures) + note,
                       failures[0].server, failures[0].pod_id, failures[0].status)
    return [results[server.name] for server in servers]


def stop_pods(config: ServerConfig, roles: list[str] | None = None, *, out=print) -> list[dict]:
    """Stop every configured pod (of `roles`) that is not stopped. Keeps going past a pod
    that fails (the others still cost money) and raises one PodError naming the failures."""
    servers = _pod_servers(config, roles)
    if not servers:
        out(f"no RunPod pods configured in {config.path}" + (f" for roles {', '.join(roles)}" if roles else ""))
        return []
    results, failures, done = [], [], set()
    with RunPodClient.from_config(config) as api:
        for server in servers:
            try:
                pod = api.get_pod(server.pod_id, server.name)
                if pod.get("desiredStatus") in STOPPED or server.pod_id in done:
                    action = "already stopped"
                else:
                    api.stop_pod(server.pod_id, server.name)
                    action = "stopped"
                    pod = {**pod, "desiredStatus": "EXITED"}
                done.add(server.pod_id)
                result = _summary(server, pod, action)
                results.append(result)
                out(_line(result, action))
            except PodError as error:
                if error.status in (401, 403):
                    raise
                failures.append(error)
    if failures:
        raise PodError("; ".join(str(error) for error in failures) + " — these pods may still be running and "
                       "billing: stop them in RunPod's console", failures[0].server, failures[0].pod_id,
                       failures[0].status)
    return results


def pod_states(config: ServerConfig) -> dict[str, dict]:
    """{server name: {"desiredStatus", "costPerHr", "gpu"}} for every server with a pod_id;
    a pod that cannot be read gets None values and an "error" (a wrong key raises)."""
    states = {}
    servers = _pod_servers(config, None)
    if not servers:
        return states
    with RunPodClient.from_config(config) as api:
        for server in servers:
            try:
                pod = api.get_pod(server.pod_id, server.name)
            except PodError as error:
                if error.status in (401, 403):
                    raise
                states[server.name] = {"desiredStatus": None, "costPerHr": None, "gpu": None, "error": str(error)}
                continue
            states[server.name] = {"desiredStatus": pod.get("desiredStatus"), "costPerHr": _cost(pod),
                                   "gpu": _gpu(pod)}
    return states


# --- internals ---------------------------------------------------------------


def _pod_servers(config: ServerConfig, roles: list[str] | None) -> list[Server]:
    if roles is not None:
        unknown = [role for role in roles if role not in ROLES]
        if unknown:
            raise PodError(f"unknown role {unknown[0]!r} — roles are {', '.join(ROLES)}")
    return [server for server in config.servers if server.pod_id and (roles is None or server.role in roles)]


def _comfy_clients(config: ServerConfig, servers: list[Server]) -> dict[str, ComfyClient]:
    """A ComfyUI client per server, built before any pod starts, so that an unset URL or
    token variable stops the command while nothing is billing yet."""
    clients = {}
    try:
        for server in servers:
            if not server.url:
                variable = server.url_env
                fix = f"export {variable}=https://{server.pod_id}-8188.proxy.runpod.net" if variable \
                    else "set its url_env variable"
                raise PodError(f"{config.path}: roles.{server.role}.{server.name}: its URL variable "
                               f"{variable or '(url_env)'} is not set — {fix} (RunPod's proxy URL for port 8188)",
                               server.name, server.pod_id)
            try:
                clients[server.name] = ComfyClient(server.url, name=server.name, token_env=server.token_env,
                                                   timeouts=COMFY_TIMEOUTS)
            except ConfigError as error:
                raise PodError(f"{config.path}: {error} — export it before starting pods", server.name,
                               server.pod_id) from None
    except PodError:
        for client in clients.values():
            client.close()
        raise
    return clients


def _wait_ready(api: RunPodClient, config: ServerConfig, servers: list[Server], results: dict,
                comfy: dict[str, ComfyClient], timeout: float, poll: float, out) -> None:
    """Poll each pod until RUNNING, then its ComfyUI until /system_stats answers."""
    began = time.monotonic()
    deadline = began + timeout
    waiting = {server.name: server for server in servers}
    last = {name: "" for name in waiting}  # why each pod is not ready yet
    while True:
        for name, server in list(waiting.items()):
            result = results[name]
            if result["desiredStatus"] != "RUNNING":
                result.update(_summary(server, api.get_pod(server.pod_id, name), result["action"]))
                if result["desiredStatus"] == "TERMINATED":
                    raise PodError(f"{name}: pod {server.pod_id} was terminated while starting — create a new "
                                   f"pod and put its id in {config.path}", name, server.pod_id)
                if result["desiredStatus"] != "RUNNING":
                    last[name] = f"pod status {result['desiredStatus']}"
                    continue
            if result["gpu_count"] == 0:  # RunPod's "Zero GPU Pods": a CPU-only ComfyUI would never finish a job
                raise PodError(f"{name}: pod {server.pod_id} is running with zero GPUs (its machine has no free "
                               f"GPU) — stop it (`doit pods_stop`), retry later, or redeploy it on a network "
                               f"volume", name, server.pod_id)
            try:
                stats = comfy[name].system_stats()
            except RequestRejected as error:
                if error.status in (401, 403):
                    raise PodError(_scrub(f"{error} — check token_env of {name} in {config.path}", server),
                                   name, server.pod_id, error.status) from None
                last[name] = _scrub(f"ComfyUI not answering yet: {error}", server)
                continue
            except ComfyError as error:
                last[name] = _scrub(f"ComfyUI not answering yet: {error}", server)
                continue
            version = (stats.get("system") or {}).get("comfyui_version")
            result.update(ready=True, comfyui_version=version, seconds=round(time.monotonic() - began, 1))
            del waiting[name]
            out(_line(result, "ready"))
        if not waiting:
            return
        if time.monotonic() >= deadline:
            lines = "; ".join(f"{name} (pod {waiting[name].pod_id}): {last[name] or 'no answer'}" for name in waiting)
            raise PodError(f"pods not ready after {timeout:g} s: {lines} — check the pod's logs in RunPod's console "
                           f"(port 8188 exposed as HTTP? deploy/setup_comfyui_server.sh started?); the pods are "
                           f"running and billing: `doit pods_stop` stops them",
                           next(iter(waiting)), next(iter(waiting.values())).pod_id)
        time.sleep(min(poll, max(0.0, deadline - time.monotonic())))


def _summary(server: Server, pod: dict, action: str) -> dict:
    """What start_pods / stop_pods return per server (no URL, no key)."""
    gpu = pod.get("gpu") if isinstance(pod.get("gpu"), dict) else {}
    count = gpu.get("count") if isinstance(gpu.get("count"), int) else None
    return {"server": server.name, "role": server.role, "pod_id": server.pod_id, "action": action,
            "desiredStatus": pod.get("desiredStatus"), "costPerHr": _cost(pod), "gpu": _gpu(pod),
            "gpu_count": count, "ready": False, "comfyui_version": None, "seconds": None}


def _cost(pod: dict) -> float | None:
    """costPerHr as a number: RunPod documents it as a number but shows a string example."""
    try:
        return float(pod.get("costPerHr"))
    except (TypeError, ValueError):
        return None


def _gpu(pod: dict) -> str | None:
    gpu = pod.get("gpu") if isinstance(pod.get("gpu"), dict) else {}
    name = gpu.get("displayName") or gpu.get("id") or (pod.get("machine") or {}).get("gpuDisplayName")
    if not name:
        return None
    count = gpu.get("count")
    return f"{count}x {name}" if isinstance(count, int) and count != 1 else name


def _line(result: dict, what: str) -> str:
    cost = f"${result['costPerHr']:.2f}/h" if result["costPerHr"] is not None else "$?/h"
    extra = f", ComfyUI {result['comfyui_version']}" if result.get("comfyui_version") else ""
    after = f" after {result['seconds']:g} s" if result.get("seconds") is not None else ""
    return f"{result['server']}: pod {result['pod_id']} {what} ({result['gpu'] or 'GPU unknown'}, {cost}{extra}){after}"


def _scrub(text: str, server: Server) -> str:
    """Remove the server's URL (a RunPod proxy URL is a secret) from a message."""
    return text.replace(server.url, "[url]") if server.url else text
