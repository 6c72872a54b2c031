"""A client for one ComfyUI server: submit a workflow, follow it, fetch and check its outputs.

    client = ComfyClient("https://host:8188", name="mesh-1", token_env="BACKBAY_COMFY_TOKEN")
    result = client.run(workflow, {"prompt": ..., "seed": 7, "filename_prefix": ...}, prompt_id)
    result.files      # [bytes], each checked: a PNG or GLB that decodes, within the size limits
    result.gpu_seconds

How a job is followed (see docs/comfyui.md for why):
- the websocket /ws?clientId=<ours> is opened *before* POST /prompt, because ComfyUI
  sends a prompt's events only to the client that posted it and only while connected;
- the job is done when `executing` arrives with node null for our prompt_id; then
  /history/{id} holds its outputs and status;
- when the websocket cannot be opened, drops, or stays quiet for `Timeouts.poll`
  seconds, /history/{id} and /queue are polled instead, so a lost event costs a
  poll interval, never the job.

Errors (all ComfyError; str() never holds the auth token):
- TransientError: connection refused or dropped, timeouts, 5xx, a job the server
  lost (restart) -> retry after a backoff, on this server or another;
- ExecutionError: the workflow ran and failed (history status "error") -> regenerate
  with the next seed;
- InvalidOutput: the server's output failed validation -> regenerate, never write it;
- RequestRejected / WorkflowRejected: 4xx, e.g. a workflow the server cannot run
  (missing node or model file) or a wrong token -> fix the configuration, no retry.

Output file names come from the server: they are only sent back to /view as query
parameters and never used as local paths; the caller writes the returned bytes
to paths of its own.
"""
from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import random
import struct
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx
from websockets.exceptions import WebSocketException
from websockets.sync.client import connect as ws_connect

from pipeline.backends.comfyui.workflows import Workflow

log = logging.getLogger("pipeline.backends.comfyui")
#: websockets logs each handshake header, Authorization included, at DEBUG: its logger stays at INFO
_WS_LOG = logging.getLogger("pipeline.backends.comfyui.websocket")
_WS_LOG.setLevel(logging.INFO)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Timeouts:
    connect: float = 5.0     # TCP + TLS + websocket handshake
    read: float = 30.0       # one API call
    transfer: float = 120.0  # one upload or download
    poll: float = 2.0        # history poll interval while no websocket event arrives


@dataclass(frozen=True)
class Limits:
    image_bytes: int = 64 * 2**20
    image_pixels: int = 8192 * 8192    # ComfyUI's MAX_RESOLUTION squared
    mesh_bytes: int = 512 * 2**20      # a raw Hunyuan3D mesh: 10^5-10^6 triangles, tens of MB


class ComfyError(Exception):
    """Any failure talking to a ComfyUI server; `server` is the configured name, never the URL."""

    def __init__(self, message: str, server: str = ""):
        super().__init__(message)
        self.server = server


class ConfigError(ComfyError):
    """The client is configured wrong (e.g. its token variable is not set)."""


class TransientError(ComfyError):
    """The server could not be reached or answered 5xx, or the job was lost: retry after a backoff."""


class JobTimeout(TransientError):
    """The job did not finish in time."""


class RequestRejected(ComfyError):
    """4xx, or a server too old for caller-chosen prompt ids: the request does not suit this
    server (auth, route, input); retrying the same will not help."""

    def __init__(self, message: str, server: str = "", status: int = 0):
        super().__init__(message, server)
        self.status = status


class WorkflowRejected(RequestRejected):
    """POST /prompt answered 400: the workflow does not validate on this server."""

    def __init__(self, message: str, server: str = "", node_errors: dict | None = None):
        super().__init__(message, server, 400)
        self.node_errors = node_errors or {}


class ExecutionError(ComfyError):
    """The job ran and failed on the server: regenerate with the next seed."""

    def __init__(self, message: str, server: str = "", node_id: str | None = None,
                 node_type: str | None = None, gpu_seconds: float | None = None):
        super().__init__(message, server)
        self.node_id, self.node_type, self.gpu_seconds = node_id, node_type, gpu_seconds


class InvalidOutput(ComfyError):
    """An output failed validation (not a PNG/GLB, truncated, too large, a bad file name)."""


@dataclass
class JobResult:
    prompt_id: str
    files: list[bytes]           # validated, in the order the save node listed them
    gpu_seconds: float | None    # execution_start -> execution_success, from the server's timestamps
    via: str                     # how completion was learnt: "websocket", "polling" or "history"


class ComfyClient:
    def __init__(self, url: str, *, name: str = "comfyui", token_env: str | None = None,
                 timeouts: Timeouts = Timeouts(), limits: Limits = Limits()):
        self.name = name
        self.timeouts = timeouts
        self.limits = limits
        self.client_id = uuid.uuid4().hex
        self._token = None
        if token_env:
            self._token = os.environ.get(token_env)
            if not self._token:
                raise ConfigError(f"{name}: environment variable {token_env} (its auth token) is not set", name)
        self._headers = {"Authorization": f"Bearer {self._token}"} if self._token else {}
        self._http = httpx.Client(base_url=url, headers=self._headers, follow_redirects=False,
                                  timeout=httpx.Timeout(timeouts.read, connect=timeouts.connect))
        parts = urlsplit(url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        self._ws_url = urlunsplit((scheme, parts.netloc, parts.path.rstrip("/") + "/ws", "", ""))

    def __repr__(self) -> str:
        return f"ComfyClient(name={self.name!r})"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "ComfyClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- the job ---------------------------------------------------------

    def run(self, workflow: Workflow, values: dict, prompt_id: str, *, timeout: float = 900.0) -> JobResult:
        """Bind, submit, wait and collect. A job the server already has under `prompt_id`
        (finished, running or queued) is collected or waited for, not submitted again."""
        graph = workflow.bind(**values)
        entry, state = self.job_state(prompt_id)
        if state == "finished":
            return self.collect(workflow, prompt_id, entry, via="history")
        if state is not None:  # its events go to the client that posted it: poll
            entry, via = self.wait(prompt_id, timeout=timeout)
            return self.collect(workflow, prompt_id, entry, via=via)
        with contextlib.ExitStack() as stack:
            events = self._open_events(stack)
            self.submit(graph, prompt_id)
            entry, via = self.wait(prompt_id, timeout=timeout, events=events)
        return self.collect(workflow, prompt_id, entry, via=via)

    def submit(self, graph: dict, prompt_id: str) -> int:
        """POST /prompt under our client_id; returns the queue number."""
        body = {"prompt": graph, "client_id": self.client_id, "prompt_id": prompt_id}
        response = self._request("POST", "/prompt", json=body, ok_400=True)
        if response.status_code == 400:
            answer = _json_or_empty(response)
            error = answer.get("error")
            message = error.get("message", "") if isinstance(error, dict) else str(error)
            details = [f"node {node} ({info.get('class_type')}): "
                       + "; ".join(f"{e.get('message')}: {e.get('details')}" for e in info.get("errors", []))
                       for node, info in (answer.get("node_errors") or {}).items() if isinstance(info, dict)]
            raise WorkflowRejected(self._clean(f"{self.name}: workflow rejected: {message} {' | '.join(details)}"),
                                   self.name, answer.get("node_errors"))
        answer = self._json(response, "POST /prompt")
        if answer.get("prompt_id") != prompt_id:  # queued under another id: no retry will fix that
            raise RequestRejected(f"{self.name}: POST /prompt queued {answer.get('prompt_id')!r}, "
                                  f"not {prompt_id!r} (a ComfyUI too old for caller-chosen prompt ids?)", self.name)
        return answer.get("number", 0)

    def wait(self, prompt_id: str, *, timeout: float, events=None) -> tuple[dict, str]:
        """Until the job is in /history: (history entry, "websocket" | "polling").
        `events`: a websocket opened before the job was posted, or None to poll.
        /history is polled every `Timeouts.poll` seconds even while events arrive:
        other clients' status broadcasts must not hide a lost final event."""
        deadline = time.monotonic() + timeout
        next_poll = time.monotonic() + self.timeouts.poll
        while True:
            now = time.monotonic()
            if now >= deadline:
                self.cancel(prompt_id)
                raise JobTimeout(f"{self.name}: job {prompt_id} not finished after {timeout:g} s", self.name)
            if now < next_poll:
                if events is None:
                    time.sleep(min(deadline, next_poll) - now)
                    continue
                try:
                    message = events.recv(timeout=min(deadline, next_poll) - now)
                except TimeoutError:
                    continue
                except (WebSocketException, OSError) as error:
                    log.info("%s: websocket dropped (%s); polling /history", self.name, type(error).__name__)
                    events = None
                    continue
                if _is_done_event(message, prompt_id):
                    return self._history_after_done(prompt_id, deadline), "websocket"
                continue
            next_poll = time.monotonic() + self.timeouts.poll
            entry = self.history(prompt_id)
            if entry is not None:
                return entry, "polling"
            if self._queue_state(prompt_id) is None and self.history(prompt_id) is None:
                raise TransientError(f"{self.name}: job {prompt_id} is neither queued nor in history "
                                     f"(the server restarted?)", self.name)

    def collect(self, workflow: Workflow, prompt_id: str, entry: dict, *, via: str = "history") -> JobResult:
        """Check a finished job's status and download and validate its output files."""
        status = entry.get("status") or {}
        messages = status.get("messages") or []
        seconds = gpu_seconds(messages)
        if status.get("status_str") != "success":
            raise self._execution_error(prompt_id, messages, seconds)
        files = []
        for node in workflow.output_nodes:
            node_output = (entry.get("outputs") or {}).get(node)
            refs = node_output.get(workflow.output_key) if isinstance(node_output, dict) else None
            if not refs or not isinstance(refs, list):
                raise InvalidOutput(f"{self.name}: job {prompt_id} finished without {workflow.output_key} "
                                    f"output at node {node}", self.name)
            files += [self.download(ref, workflow.output_kind) for ref in refs]
        return JobResult(prompt_id, files, seconds, via)

    def job_state(self, prompt_id: str) -> tuple[dict | None, str | None]:
        """(history entry, "finished") | (None, "running" | "pending") | (None, None) if unknown."""
        entry = self.history(prompt_id)
        if entry is not None:
            return entry, "finished"
        return None, self._queue_state(prompt_id)

    def cancel(self, prompt_id: str) -> None:
        """Best effort: take a waiting job off the queue (a running one is left to finish)."""
        try:
            self._request("POST", "/queue", json={"delete": [prompt_id]})
        except ComfyError as error:
            log.info("%s: could not cancel %s: %s", self.name, prompt_id, error)

    # --- files -----------------------------------------------------------

    def upload_image(self, data: bytes, name: str) -> str:
        """Upload a PNG as an input image; returns the name to bind (the server may rename on a clash)."""
        check_png(data, self.limits)
        response = self._request("POST", "/upload/image", files={"image": (name, data, "image/png")},
                                 data={"type": "input"}, timeout=self.timeouts.transfer)
        answer = self._json(response, "POST /upload/image")
        stored, subfolder = answer.get("name"), answer.get("subfolder") or ""
        if not _safe_name(stored) or not _safe_subfolder(subfolder):
            raise TransientError(f"{self.name}: upload answered an unusable name {stored!r}", self.name)
        return f"{subfolder}/{stored}" if subfolder else stored

    def download(self, ref: dict, kind: str) -> bytes:
        """GET /view for one output reference from /history; the bytes only if they validate."""
        if not isinstance(ref, dict) or not _safe_name(ref.get("filename")) \
                or not _safe_subfolder(ref.get("subfolder", "")) or ref.get("type", "output") != "output":
            raise InvalidOutput(self._clean(f"{self.name}: unusable output reference {ref!r:.200}"), self.name)
        limit = self.limits.image_bytes if kind == "image" else self.limits.mesh_bytes
        params = {"filename": ref["filename"], "subfolder": ref.get("subfolder", ""), "type": "output"}
        try:
            with self._http.stream("GET", "/view", params=params, timeout=self.timeouts.transfer) as response:
                self._check_status(response, "GET /view")
                if response.headers.get("content-type", "").startswith("text/"):
                    raise InvalidOutput(f"{self.name}: /view answered {response.headers['content-type']}, "
                                        f"not a file", self.name)
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise InvalidOutput(f"{self.name}: output larger than {limit} bytes", self.name)
                    chunks.append(chunk)
        except httpx.HTTPError as error:
            raise self._transient("GET /view", error) from None
        data = b"".join(chunks)
        try:
            if kind == "image":
                check_png(data, self.limits)
            else:
                check_glb(data, self.limits)
        except ValueError as error:
            raise InvalidOutput(f"{self.name}: output {ref['filename']!r:.80}: {error}", self.name) from None
        return data

    # --- server state ----------------------------------------------------

    def history(self, prompt_id: str) -> dict | None:
        answer = self._json(self._request("GET", f"/history/{prompt_id}"), "GET /history")
        entry = answer.get(prompt_id)
        return entry if isinstance(entry, dict) else None

    def queue(self) -> dict:
        return self._json(self._request("GET", "/queue"), "GET /queue")

    def system_stats(self) -> dict:
        return self._json(self._request("GET", "/system_stats"), "GET /system_stats")

    def object_info(self) -> dict:
        return self._json(self._request("GET", "/object_info", timeout=self.timeouts.transfer), "GET /object_info")

    # --- internals -------------------------------------------------------

    def _open_events(self, stack: contextlib.ExitStack):
        """The websocket for our client_id, closed with `stack`; or None (then the job is followed by polling)."""
        try:
            return stack.enter_context(ws_connect(
                f"{self._ws_url}?clientId={self.client_id}", additional_headers=self._headers,
                open_timeout=self.timeouts.connect, close_timeout=1.0, compression=None,
                max_size=2**24, logger=_WS_LOG))
        except (WebSocketException, OSError, TimeoutError) as error:
            log.info("%s: no websocket (%s); following jobs by polling /history", self.name, type(error).__name__)
            return None

    def _history_after_done(self, prompt_id: str, deadline: float) -> dict:
        """ComfyUI writes the history entry just before the final `executing` event; poll briefly in case."""
        while True:
            entry = self.history(prompt_id)
            if entry is not None:
                return entry
            if time.monotonic() > deadline:
                raise JobTimeout(f"{self.name}: job {prompt_id} finished but has no history entry", self.name)
            time.sleep(0.05)

    def _queue_state(self, prompt_id: str) -> str | None:
        queue = self.queue()
        for state, key in (("running", "queue_running"), ("pending", "queue_pending")):
            if any(isinstance(item, list) and len(item) > 1 and item[1] == prompt_id for item in queue.get(key, [])):
                return state
        return None

    def _execution_error(self, prompt_id: str, messages: list, seconds: float | None) -> ExecutionError:
        for event, data in _events(messages):
            if event in ("execution_error", "execution_interrupted"):
                text = str(data.get("exception_message") or event).strip()
                return ExecutionError(self._clean(f"{self.name}: job {prompt_id} failed in node {data.get('node_id')} "
                                                  f"({data.get('node_type')}): {text[:500]}"),
                                      self.name, data.get("node_id"), data.get("node_type"), seconds)
        return ExecutionError(f"{self.name}: job {prompt_id} ended with status error", self.name, gpu_seconds=seconds)

    def _request(self, method: str, path: str, *, ok_400: bool = False, **kwargs) -> httpx.Response:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.HTTPError as error:
            raise self._transient(f"{method} {path}", error) from None
        if not (ok_400 and response.status_code == 400):
            self._check_status(response, f"{method} {path}")
        return response

    def _check_status(self, response: httpx.Response, call: str) -> None:
        if response.status_code < 400:
            return
        response.read()
        text = self._clean(response.text[:300].strip())
        message = f"{self.name}: {call} answered {response.status_code}: {text}"
        if response.status_code >= 500:
            raise TransientError(message, self.name)
        raise RequestRejected(message, self.name, response.status_code)

    def _json(self, response: httpx.Response, call: str) -> dict:
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not isinstance(answer, dict):  # e.g. a proxy's HTML page while the pod starts
            raise TransientError(self._clean(f"{self.name}: {call} answered no JSON object: {response.text[:200]!r}"),
                                 self.name)
        return answer

    def _transient(self, call: str, error: Exception) -> TransientError:
        return TransientError(self._clean(f"{self.name}: {call} failed: {type(error).__name__}: {error}"), self.name)

    def _clean(self, text: str) -> str:
        """Text from the server or a library, with our token removed (a proxy may echo headers)."""
        return text.replace(self._token, "[token]") if self._token else text


def gpu_seconds(messages: list) -> float | None:
    """Seconds from execution_start to the job's end, from the server's millisecond timestamps."""
    start = end = None
    for event, data in _events(messages):
        stamp = data.get("timestamp")
        if not isinstance(stamp, (int, float)):
            continue
        if event == "execution_start" and start is None:
            start = stamp
        elif event in ("execution_success", "execution_error", "execution_interrupted"):
            end = stamp
    if start is None or end is None or end < start:
        return None
    return (end - start) / 1000.0


def backoff_delay(attempt: int, base: float = 1.0, cap: float = 30.0) -> float:
    """Seconds to wait before retry `attempt + 1`: base * 2^attempt, at most cap, jittered
    (clients that failed together do not all come back in step)."""
    return min(cap, base * 2 ** attempt) * random.uniform(0.5, 1.0)


def with_retries(call, *, attempts: int = 4, base: float = 1.0, cap: float = 30.0, sleep=time.sleep):
    """call() again after a TransientError, waiting base * 2^n seconds (jittered, at most cap)."""
    for attempt in range(attempts):
        try:
            return call()
        except TransientError as error:
            if attempt == attempts - 1:
                raise
            delay = backoff_delay(attempt, base, cap)
            log.info("%s; retry %d/%d in %.1f s", error, attempt + 1, attempts - 1, delay)
            sleep(delay)


def check_png(data: bytes, limits: Limits = Limits()) -> tuple[int, int]:
    """(width, height) of a complete PNG within the limits, else ValueError."""
    from PIL import Image

    if len(data) > limits.image_bytes:
        raise ValueError(f"PNG of {len(data)} bytes is over the {limits.image_bytes} byte limit")
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError(f"not a PNG (starts with {data[:16]!r})")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG":
                raise ValueError(f"not a PNG ({image.format})")
            width, height = image.size
            if width * height > limits.image_pixels:
                raise ValueError(f"PNG of {width}x{height} pixels is over the limit")
            image.verify()  # chunk CRCs up to IEND: catches a cut-off file
        with Image.open(io.BytesIO(data)) as image:
            image.load()    # decodes every pixel
    except ValueError:
        raise
    except Exception as error:  # Pillow raises OSError, SyntaxError, struct.error ... on broken files
        raise ValueError(f"PNG does not decode: {error}") from None
    return width, height


def check_glb(data: bytes, limits: Limits = Limits()) -> None:
    """ValueError unless `data` is a binary glTF 2.0 whose chunks, buffer views and
    accessors fit its own length, with at least one triangle mesh."""
    if len(data) > limits.mesh_bytes:
        raise ValueError(f"GLB of {len(data)} bytes is over the {limits.mesh_bytes} byte limit")
    if len(data) < 20 or data[:4] != b"glTF":
        raise ValueError(f"not a GLB (starts with {data[:16]!r})")
    version, length = struct.unpack_from("<II", data, 4)
    if version != 2 or length != len(data):
        raise ValueError(f"GLB header says version {version}, {length} bytes; the file has {len(data)}")
    chunks, offset = {}, 12
    while offset < length:
        if offset + 8 > length:
            raise ValueError("GLB chunk header cut off")
        size, kind = struct.unpack_from("<II", data, offset)
        if offset + 8 + size > length:
            raise ValueError("GLB chunk runs past the end of the file")
        chunks.setdefault(kind, data[offset + 8:offset + 8 + size])
        offset += 8 + size
    try:
        gltf = json.loads(chunks[0x4E4F534A])
    except (KeyError, ValueError):
        raise ValueError("GLB has no readable JSON chunk") from None
    binary = chunks.get(0x004E4942, b"")
    views = gltf.get("bufferViews", [])
    for view in views:
        if view.get("byteOffset", 0) + view.get("byteLength", 0) > len(binary):
            raise ValueError("a GLB buffer view runs past the binary chunk")
    sizes = {5120: 1, 5121: 1, 5122: 2, 5123: 2, 5125: 4, 5126: 4}
    widths = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4, "MAT4": 16}
    for accessor in gltf.get("accessors", []):
        view = views[accessor["bufferView"]] if accessor.get("bufferView", -1) < len(views) else None
        needed = accessor.get("byteOffset", 0) + accessor.get("count", 0) \
            * sizes.get(accessor.get("componentType"), 4) * widths.get(accessor.get("type"), 1)
        if view is None or needed > view.get("byteLength", 0):
            raise ValueError("a GLB accessor runs past its buffer view")
    primitives = [p for mesh in gltf.get("meshes", []) for p in mesh.get("primitives", [])]
    if not any("POSITION" in p.get("attributes", {}) and p.get("mode", 4) == 4 for p in primitives):
        raise ValueError("GLB has no triangle mesh")


def _events(messages: list):
    """(event, data) pairs of history status messages, skipping malformed ones."""
    for item in messages:
        if isinstance(item, (list, tuple)) and len(item) == 2 and isinstance(item[1], dict):
            yield item[0], item[1]


def _is_done_event(message, prompt_id: str) -> bool:
    if isinstance(message, bytes):  # binary frames are previews
        return False
    try:
        event = json.loads(message)
    except ValueError:
        return False
    data = event.get("data") if isinstance(event, dict) else None
    return (isinstance(data, dict) and event.get("type") == "executing"
            and data.get("node") is None and data.get("prompt_id") == prompt_id)


def _json_or_empty(response: httpx.Response) -> dict:
    try:
        answer = response.json()
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def _safe_name(name) -> bool:
    """A bare file name: no folders, no '..', no control characters."""
    return (isinstance(name, str) and name not in ("", ".", "..") and len(name) <= 255
            and not any(c in name for c in "/\\\0") and not any(ord(c) < 32 for c in name))


def _safe_subfolder(subfolder) -> bool:
    return subfolder == "" or (isinstance(subfolder, str) and not subfolder.startswith("/")
                               and all(_safe_name(part) for part in subfolder.split("/")))
