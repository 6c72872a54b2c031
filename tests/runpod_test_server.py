"""A RunPod REST v1 test double for the pod control tests, written from RunPod's
OpenAPI reference (see pipeline/backends/comfyui/pods.py), not from RunPod's code.

    with RunPodTestServer(api_key="rp_test", start_seconds=0.2, on_start=hook) as runpod:
        runpod.add_pod("abc123", status="EXITED")
        ... BACKBAY_RUNPOD_URL=runpod.url (http://127.0.0.1:<free port>/v1)

Routes under /v1, as rest.runpod.io serves them: GET /pods, GET /pods/{id} (a Pod
with id, name, desiredStatus, costPerHr, adjustedCostPerHr, gpu {id, count,
displayName}, machine, ports, publicIp, portMappings), POST /pods/{id}/start and
POST /pods/{id}/stop. Every call needs `Authorization: Bearer <api_key>` (else 401).
A started pod reports EXITED for `start_seconds`, then RUNNING; `on_start(pod_id)` is
called just before it does (e.g. to start a ComfyTestServer standing for the pod's
ComfyUI), `on_stop(pod_id)` when it stops. Every request is recorded in `requests`
(method, path, headers); faults are set on `server.faults` and consumed as they fire.
"""
from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from tests.comfy_test_server import take_firing

PREFIX = "/v1"


@dataclass
class Faults:
    """Each counter fires that many times for that path (e.g. "/v1/pods/abc"), then the server behaves."""
    http_error: dict = field(default_factory=dict)  # path -> count: answer 503
    drop: dict = field(default_factory=dict)        # path -> count: close the connection without an answer
    echo_headers: bool = False                      # error bodies repeat the request headers (a leaky proxy)
    start_error: dict = field(default_factory=dict)  # pod id -> (status, message): every start of it fails

    def take(self, name: str, key: str) -> bool:
        return take_firing(getattr(self, name), key)


class RunPodTestServer:
    def __init__(self, *, api_key: str = "rp_test_key", start_seconds: float = 0.2, on_start=None, on_stop=None):
        self.api_key = api_key
        self.start_seconds = start_seconds
        self.on_start, self.on_stop = on_start, on_stop
        self.pods: dict[str, dict] = {}
        self.requests: list[dict] = []          # {"method", "path", "headers"} of every request, in order
        self.faults = Faults()
        self._lock = threading.Lock()
        self._timers: list[threading.Timer] = []
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.runpod = self
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}{PREFIX}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> "RunPodTestServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for timer in self._timers:
            timer.cancel()
        self._httpd.shutdown()
        self._httpd.server_close()

    def add_pod(self, pod_id: str, *, name: str | None = None, status: str = "EXITED", cost_per_hr=0.69,
                gpu: str = "NVIDIA RTX A5000", gpu_count: int = 1) -> dict:
        """A pod in RunPod's shape. `cost_per_hr` may be a string, as RunPod's example shows it."""
        pod = {
            "id": pod_id, "name": name or f"backbay-{pod_id}", "desiredStatus": status,
            "costPerHr": cost_per_hr, "adjustedCostPerHr": float(cost_per_hr),
            "gpu": {"id": gpu, "count": gpu_count, "displayName": gpu.replace("NVIDIA ", ""),
                    "securePrice": float(cost_per_hr), "communityPrice": float(cost_per_hr)},
            "machine": {"gpuTypeId": gpu, "gpuDisplayName": gpu.replace("NVIDIA ", ""), "location": "EU-RO-1"},
            "image": "runpod/pytorch:2.4.0-py3.11-cuda12.4.1-devel-ubuntu22.04",
            "ports": ["8188/http", "22/tcp"], "publicIp": "", "portMappings": {},
            "lastStartedAt": "2026-01-01T00:00:00.000Z", "lastStatusChange": "Rented by User",
            "interruptible": False, "locked": False, "memoryInGb": 62, "vcpuCount": 8,
            "containerDiskInGb": 50, "volumeInGb": 100, "volumeMountPath": "/workspace",
        }
        with self._lock:
            self.pods[pod_id] = pod
        return pod

    def calls(self, method: str | None = None, suffix: str = "") -> list[str]:
        """Paths of the recorded requests (of one method, ending in `suffix`)."""
        return [r["path"] for r in self.requests if (method is None or r["method"] == method)
                and r["path"].endswith(suffix)]

    # --- pod life cycle --------------------------------------------------

    def start(self, pod_id: str) -> tuple[int, dict]:
        with self._lock:
            pod = self.pods[pod_id]
            if pod_id in self.faults.start_error:
                status, message = self.faults.start_error[pod_id]
                return status, {"error": message}
            if pod["desiredStatus"] == "TERMINATED":
                return 400, {"error": "pod has been terminated"}
            if pod["desiredStatus"] == "RUNNING" or pod.get("_starting"):
                return 200, {"message": "Pod successfully started."}
            pod["_starting"] = True
        timer = threading.Timer(self.start_seconds, self._running, (pod_id,))
        timer.daemon = True
        self._timers.append(timer)
        timer.start()
        return 200, {"message": "Pod successfully started."}

    def _running(self, pod_id: str) -> None:
        if self.on_start:
            self.on_start(pod_id)
        with self._lock:
            pod = self.pods[pod_id]
            if pod.pop("_starting", False):
                pod["desiredStatus"] = "RUNNING"
                pod["lastStartedAt"] = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())

    def stop(self, pod_id: str) -> tuple[int, dict]:
        with self._lock:
            pod = self.pods[pod_id]
            was = pod["desiredStatus"]
            if was == "TERMINATED":
                return 400, {"error": "pod has been terminated"}
            pod.pop("_starting", None)
            pod["desiredStatus"] = "EXITED"
        if was == "RUNNING" and self.on_stop:
            self.on_stop(pod_id)
        return 200, {"message": "Pod successfully stopped."}

    def public(self, pod: dict) -> dict:
        return {key: value for key, value in pod.items() if not key.startswith("_")}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet test output
        pass

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def do_DELETE(self) -> None:
        self._route("DELETE")

    def _route(self, method: str) -> None:
        runpod: RunPodTestServer = self.server.runpod
        path = urlsplit(self.path).path
        if method == "POST":
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
        runpod.requests.append({"method": method, "path": path, "headers": dict(self.headers)})
        if runpod.faults.take("drop", path):
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        if runpod.faults.take("http_error", path):
            return self._error(503, "upstream connect error or disconnect/reset before headers")
        if self.headers.get("Authorization") != f"Bearer {runpod.api_key}":
            return self._error(401, "Unauthorized.")
        parts = path[len(PREFIX):].strip("/").split("/") if path.startswith(PREFIX + "/") else []
        if parts[:1] != ["pods"] or len(parts) > 3:
            return self._error(404, "not found")
        if len(parts) == 1 and method == "GET":
            with runpod._lock:
                return self._json([runpod.public(pod) for pod in runpod.pods.values()])
        pod_id = parts[1] if len(parts) > 1 else ""
        if pod_id not in runpod.pods:
            return self._error(404, "pod not found")
        if len(parts) == 2 and method == "GET":
            with runpod._lock:
                return self._json(runpod.public(runpod.pods[pod_id]))
        if len(parts) == 3 and method == "POST" and parts[2] in ("start", "stop"):
            status, answer = runpod.start(pod_id) if parts[2] == "start" else runpod.stop(pod_id)
            if status != 200:
                return self._error(status, answer["error"])
            return self._json(answer)
        self._error(404, "not found")

    def _error(self, status: int, message: str) -> None:
        if self.server.runpod.faults.echo_headers:
            headers = sorted(self.headers.items(), key=lambda item: item[0] != "Authorization")
            message += f" (request headers: {dict(headers)})"
        self._json({"error": message, "status": status}, status)

    def _json(self, data, status: int = 200) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
