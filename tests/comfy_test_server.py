"""A ComfyUI-protocol test double for the client tests, written from the protocol
(docs/comfyui.md, shared/COMFYUI_API.md), not from ComfyUI's code.

    with ComfyTestServer(job_seconds=0.05) as server:   # 127.0.0.1, a free port
        ComfyClient(server.url) ...

Same routes and JSON shapes as ComfyUI: POST /prompt (400 with node_errors for
an invalid workflow, 500 plain text for malformed JSON), GET /history[/{id}],
GET/POST /queue, GET /view, POST /upload/image, GET /object_info[/{class}],
GET /system_stats, POST /interrupt and the /ws websocket with status,
execution_start, execution_cached, executing, progress, executed,
execution_success / execution_error and the final `executing` with node null,
sent only to the client_id that posted the prompt. One worker thread "executes"
the queue: each job takes `job_seconds` and yields a small PNG (SaveImage) or GLB
(SaveGLB) derived from the job's literal inputs (prompt, seed, ...) and from the
bytes of the image a LoadImage node names.

Faults are set on `server.faults` (see Faults) and consumed as they fire.
"""
from __future__ import annotations

import base64
import email.parser
import email.policy
import hashlib
import io
import json
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from PIL import Image

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455


def _spec(inputs: dict, outputs: list, ui: str | None = None) -> dict:
    return {"inputs": inputs, "outputs": outputs, "ui": ui}


SAMPLERS = ["euler", "euler_ancestral", "dpmpp_2m", "dpmpp_2m_sde"]
SCHEDULERS = ["normal", "karras", "exponential", "simple"]
#: the node classes this server "has": input name -> type (a list = choices), output types, ui key
NODES = {
    "CheckpointLoaderSimple": _spec({"ckpt_name": ["sd_xl_base_1.0.safetensors"]}, ["MODEL", "CLIP", "VAE"]),
    "EmptyLatentImage": _spec({"width": "INT", "height": "INT", "batch_size": "INT"}, ["LATENT"]),
    "CLIPTextEncode": _spec({"text": "STRING", "clip": "CLIP"}, ["CONDITIONING"]),
    "KSampler": _spec({"model": "MODEL", "seed": "INT", "steps": "INT", "cfg": "FLOAT", "sampler_name": SAMPLERS,
                       "scheduler": SCHEDULERS, "positive": "CONDITIONING", "negative": "CONDITIONING",
                       "latent_image": "LATENT", "denoise": "FLOAT"}, ["LATENT"]),
    "VAEDecode": _spec({"samples": "LATENT", "vae": "VAE"}, ["IMAGE"]),
    "SaveImage": _spec({"images": "IMAGE", "filename_prefix": "STRING"}, [], "images"),
    "SeamlessTile": _spec({"model": "MODEL", "tiling": ["enable", "x_only", "y_only", "disable"],
                           "copy_model": ["Make a copy", "Modify in place"]}, ["MODEL"]),
    "CircularVAEDecode": _spec({"samples": "LATENT", "vae": "VAE"}, ["IMAGE"]),
    "ImageOnlyCheckpointLoader": _spec({"ckpt_name": ["hunyuan3d-dit-v2.safetensors"]}, ["MODEL", "CLIP_VISION", "VAE"]),
    "ModelSamplingAuraFlow": _spec({"model": "MODEL", "shift": "FLOAT"}, ["MODEL"]),
    "LoadImage": _spec({"image": "INPUT_FILE"}, ["IMAGE", "MASK"]),
    "CLIPVisionEncode": _spec({"clip_vision": "CLIP_VISION", "image": "IMAGE", "crop": ["center", "none"]},
                              ["CLIP_VISION_OUTPUT"]),
    "Hunyuan3Dv2Conditioning": _spec({"clip_vision_output": "CLIP_VISION_OUTPUT"}, ["CONDITIONING", "CONDITIONING"]),
    "EmptyLatentHunyuan3Dv2": _spec({"resolution": "INT", "batch_size": "INT"}, ["LATENT"]),
    "VAEDecodeHunyuan3D": _spec({"samples": "LATENT", "vae": "VAE", "num_chunks": "INT", "octree_resolution": "INT"},
                                ["VOXEL"]),
    "VoxelToMeshBasic": _spec({"voxel": "VOXEL", "threshold": "FLOAT"}, ["MESH"]),
    "SaveGLB": _spec({"mesh": "MESH", "filename_prefix": "STRING"}, [], "3d"),
    "ControlNetLoader": _spec({"control_net_name": ["thibaud_xl_openpose.safetensors"]}, ["CONTROL_NET"]),
    "ControlNetApplyAdvanced": _spec({"positive": "CONDITIONING", "negative": "CONDITIONING",
                                      "control_net": "CONTROL_NET", "image": "IMAGE", "strength": "FLOAT",
                                      "start_percent": "FLOAT", "end_percent": "FLOAT"},
                                     ["CONDITIONING", "CONDITIONING"]),
    "ImageBatch": _spec({"image1": "IMAGE", "image2": "IMAGE"}, ["IMAGE"]),
    "ChordLoadModel": _spec({"ckpt_name": ["chord_v1.safetensors"]}, ["chord_model"]),
    "ChordMaterialEstimation": _spec({"chord_model": "chord_model", "image": "IMAGE"},
                                     ["IMAGE", "IMAGE", "IMAGE", "IMAGE"]),
    "ChordNormalToHeight": _spec({"normal": "IMAGE"}, ["IMAGE"]),
}


@dataclass
class Faults:
    """Each counter fires that many times, then the server behaves again."""
    http_error: dict = field(default_factory=dict)  # path -> count: answer 503
    echo_headers: bool = False                      # a 503 body repeats the request headers (a leaky proxy)
    drop: dict = field(default_factory=dict)        # path -> count: close the connection without an answer
    hang: dict = field(default_factory=dict)        # path -> count: answer nothing for hang_seconds, then close
    hang_seconds: float = 3.0
    job_error: int = 0                              # jobs that end in execution_error
    job_hang: int = 0                               # jobs that never finish (until the server stops)
    outputs: list = field(default_factory=list)     # per job: "truncated", "html", "html_as_png", "traversal", "none",
    #                                                 "dull" (a valid but washed-out picture)
    ws: str = ""  # "refuse": no websocket; "silent": no events; "drop": cut at job start;
    #               "chatty": no final event, status broadcasts every 50 ms (another client's busy queue)
    die_mid_job: bool = False                       # the server goes away while the next job runs
    lose_job: bool = False                          # the next job vanishes from queue and history (a restart)

    def take(self, name: str, key: str | None = None) -> bool:
        """Consume one firing of a counter (or of counter[key])."""
        if key is None:
            if getattr(self, name) > 0:
                setattr(self, name, getattr(self, name) - 1)
                return True
            return False
        return take_firing(getattr(self, name), key)


def take_firing(counters: dict, key: str) -> bool:
    """Consume one firing of counters[key] (a fault that fires that many times); the test servers share it."""
    if counters.get(key, 0) > 0:
        counters[key] -= 1
        return True
    return False


class ComfyTestServer:
    def __init__(self, *, job_seconds: float = 0.05, token: str | None = None, missing_nodes: tuple = ()):
        self.job_seconds = job_seconds
        self.token = token
        self.nodes = {name: spec for name, spec in NODES.items() if name not in missing_nodes}
        self.faults = Faults()
        self.prompts: list[dict] = []           # every POST /prompt body that parsed
        self.views: list[dict] = []             # every GET /view query
        self.inputs: dict[str, bytes] = {}      # uploaded images by name
        self.loaded: list[bytes] = []           # bytes of each image a LoadImage node read
        self.files: dict[tuple, tuple] = {}     # (subfolder, filename) -> (bytes, content type)
        self.history: dict[str, dict] = {}
        self.pending: list[tuple] = []          # (number, prompt_id, prompt, extra_data, outputs)
        self.running: dict[str, tuple] = {}
        self.sockets: dict[str, "_WebSocket"] = {}
        self.dead = False
        self.deepest_queue = 0                  # most jobs queued + running at once (is the server flooded?)
        self._number = 0
        self._counters: dict[str, int] = {}
        self._lock = threading.Condition()
        self._connections: set[socket.socket] = set()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.comfy = self
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._threads = [threading.Thread(target=self._httpd.serve_forever, daemon=True),
                         threading.Thread(target=self._work, daemon=True)]

    def __enter__(self) -> "ComfyTestServer":
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.kill()

    def kill(self) -> None:
        """Stop answering at once: the port closes and open connections (websockets too) are cut."""
        with self._lock:
            if self.dead:
                return
            self.dead = True
            self._lock.notify_all()
        threading.Thread(target=self._httpd.shutdown, daemon=True).start()
        self._httpd.socket.close()
        for connection in list(self._connections):
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    # --- queue and execution ---------------------------------------------

    def queue_prompt(self, body: dict) -> tuple[int, dict]:
        prompt = body.get("prompt")
        if not isinstance(prompt, dict):
            return 400, {"error": {"type": "no_prompt", "message": "No prompt provided", "details": "",
                                   "extra_info": {}}, "node_errors": {}}
        error, node_errors, outputs = self.validate(prompt)
        if error:
            return 400, {"error": error, "node_errors": node_errors}
        prompt_id = str(body.get("prompt_id") or f"auto-{self._number}")
        extra = dict(body.get("extra_data") or {})
        if "client_id" in body:
            extra["client_id"] = body["client_id"]
        with self._lock:
            number = self._number
            self._number += 1
            self.pending.append((number, prompt_id, prompt, extra, outputs))
            self.deepest_queue = max(self.deepest_queue, len(self.pending) + len(self.running))
            self._lock.notify_all()
        self.broadcast_status()
        return 200, {"prompt_id": prompt_id, "number": number, "node_errors": {}}

    def validate(self, prompt: dict) -> tuple[dict | None, dict, list]:
        """(error, node_errors, output node ids) in ComfyUI's shapes."""
        def error(kind, message, details="", **extra):
            return {"type": kind, "message": message, "details": details, "extra_info": extra}

        for node_id, node in prompt.items():
            if not isinstance(node, dict) or "class_type" not in node:
                return error("invalid_prompt", "Cannot execute because a node is missing the class_type property.",
                             f"Node ID '#{node_id}'"), {}, []
            if node["class_type"] not in self.nodes:
                return error("invalid_prompt", f"Cannot execute because node {node['class_type']} does not exist.",
                             f"Node ID '#{node_id}'"), {}, []
        outputs = [i for i, node in prompt.items() if self.nodes[node["class_type"]]["ui"]]
        if not outputs:
            return error("prompt_no_outputs", "Prompt has no outputs"), {}, []
        node_errors = {}
        for node_id, node in prompt.items():
            problems = []
            inputs = node.get("inputs", {})
            for name, kind in self.nodes[node["class_type"]]["inputs"].items():
                value = inputs.get(name)
                if name not in inputs:
                    problems.append(error("required_input_missing", "Required input is missing", name, input_name=name))
                elif isinstance(value, list):
                    source = prompt.get(str(value[0])) if len(value) == 2 else None
                    produced = self.nodes[source["class_type"]]["outputs"] if source else []
                    if source is None or not isinstance(value[1], int) or value[1] >= len(produced) \
                            or produced[value[1]] != kind:
                        problems.append(error("bad_linked_input", "Bad linked input", name, input_name=name))
                elif kind == "INPUT_FILE" and value not in self.inputs:
                    problems.append(error("custom_validation_failed", "Custom validation failed for node",
                                          f"image - Invalid image file: {value}", input_name=name))
                elif isinstance(kind, list) and value not in kind:
                    problems.append(error("value_not_in_list", "Value not in list", f"{name}: '{value}' not in {kind}",
                                          input_name=name, received_value=value))
                elif kind in ("INT", "FLOAT") and (isinstance(value, bool) or not isinstance(value, (int, float))):
                    problems.append(error("invalid_input_type", f"Failed to convert an input value to a {kind} value",
                                          f"{name}, {value}", input_name=name, received_value=value))
            if problems:
                node_errors[node_id] = {"errors": problems, "dependent_outputs": outputs,
                                        "class_type": node["class_type"]}
        if node_errors:
            details = "\n".join(f"{p['message']}: {p['details']}" for e in node_errors.values() for p in e["errors"])
            return error("prompt_outputs_failed_validation", "Prompt outputs failed validation", details), \
                node_errors, []
        return None, {}, outputs

    def _work(self) -> None:
        while True:
            with self._lock:
                while not self.pending and not self.dead:
                    self._lock.wait()
                if self.dead:
                    return
                item = self.pending.pop(0)
                self.running[item[1]] = item
            self._execute(item)

    def _execute(self, item: tuple) -> None:
        number, prompt_id, prompt, extra, outputs = item
        client = extra.get("client_id")
        messages = []

        def message(event, data, log=True):
            data = {**data, "prompt_id": prompt_id}
            if log:
                data["timestamp"] = int(time.time() * 1000)
                messages.append([event, data])
            self.send(client, event, data)

        message("execution_start", {})
        message("execution_cached", {"nodes": []})
        if self.faults.ws == "drop" and client in self.sockets:
            self.sockets.pop(client).cut()
        if self.faults.die_mid_job:
            self.faults.die_mid_job = False
            time.sleep(self.job_seconds / 2)
            self.kill()
            return
        if self.faults.take("job_hang"):
            with self._lock:
                while not self.dead:
                    self._lock.wait()
            return
        lose = self.faults.lose_job
        self.faults.lose_job = False
        failed = self.faults.take("job_error")
        output_fault = self.faults.outputs.pop(0) if self.faults.outputs else ""
        key = self._job_key(prompt)
        ui_outputs, executed = {}, []
        for node_id in sorted(prompt, key=lambda i: (len(i), i)):
            node = prompt[node_id]
            message("executing", {"node": node_id, "display_node": node_id}, log=False)
            if node["class_type"] == "KSampler":
                for step in range(1, 4):
                    time.sleep(self.job_seconds / 3)
                    message("progress", {"value": step, "max": 3, "node": node_id}, log=False)
                if failed:
                    message("execution_error", {
                        "node_id": node_id, "node_type": "KSampler", "executed": executed,
                        "exception_message": "CUDA out of memory. Tried to allocate 2.00 GiB",
                        "exception_type": "torch.OutOfMemoryError", "traceback": ["  File \"nodes.py\"\n"],
                        "current_inputs": {}, "current_outputs": executed})
                    break
            ui = self.nodes[node["class_type"]]["ui"]
            if ui and output_fault != "none":
                count = _batch_size(prompt, node["inputs"].get("images"))
                ui_outputs[node_id] = {ui: [self._save(node["inputs"]["filename_prefix"], ui,
                                                       key if n == 0 else hashlib.sha256(key + bytes([n])).digest(),
                                                       output_fault, _image_size(prompt)) for n in range(count)]}
                message("executed", {"node": node_id, "display_node": node_id, "output": ui_outputs[node_id]},
                        log=False)
            executed.append(node_id)
        else:
            message("execution_success", {})
        with self._lock:
            self.running.pop(prompt_id, None)
            if not lose:
                self.history[prompt_id] = {
                    "prompt": [number, prompt_id, prompt, extra, outputs],
                    "outputs": ui_outputs,
                    "status": {"status_str": "error" if failed else "success", "completed": not failed,
                               "messages": messages},
                    "meta": {i: {"node_id": i, "display_node": i, "parent_node": None, "real_node_id": i}
                             for i in ui_outputs},
                }
        if self.faults.ws == "chatty":
            threading.Thread(target=self._chatter, daemon=True).start()
        elif not lose:  # history first, then the final event: a client reads history right after it
            self.send(client, "executing", {"node": None, "prompt_id": prompt_id})
        self.broadcast_status()

    def _chatter(self) -> None:
        while not self.dead and self.faults.ws == "chatty":
            self.broadcast_status()
            time.sleep(0.05)

    def _job_key(self, prompt: dict) -> bytes:
        """What the output is derived from: every literal input but the file name prefix, and input images."""
        literals = {}
        for node_id, node in prompt.items():
            for name, value in node.get("inputs", {}).items():
                if not isinstance(value, list) and name != "filename_prefix":
                    literals[f"{node_id}.{name}"] = value
                if node["class_type"] == "LoadImage" and name == "image":
                    self.loaded.append(self.inputs.get(value, b""))
                    literals["image-bytes"] = hashlib.sha256(self.inputs.get(value, b"")).hexdigest()
        return hashlib.sha256(json.dumps(literals, sort_keys=True).encode()).digest()

    def _save(self, prefix: str, ui: str, key: bytes, fault: str, size: tuple[int, int]) -> dict:
        subfolder, _, stem = prefix.rpartition("/")
        counter = self._counters.get(prefix, 0) + 1
        self._counters[prefix] = counter
        filename = f"{stem}_{counter:05}_.{'png' if ui == 'images' else 'glb'}"
        data, content_type = (make_png(key, size), "image/png") if ui == "images" else (make_glb(key), "model/gltf-binary")
        if fault == "truncated":
            data = data[:len(data) // 2]
        elif fault == "dull" and ui == "images":  # a valid, washed-out picture: fails the image gates
            data = make_png(key, size, dull=True)
        elif fault in ("html", "html_as_png"):
            data = b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>"
            content_type = "text/html" if fault == "html" else content_type
        elif fault == "traversal":
            filename, subfolder = "../../x", ""
        self.files[(subfolder, filename)] = (data, content_type)
        return {"filename": filename, "subfolder": subfolder, "type": "output"}

    # --- websocket events ------------------------------------------------

    def send(self, client_id: str | None, event: str, data: dict) -> None:
        """An event to one client, as ComfyUI does: nobody hears it if that client is not connected."""
        socket_ = self.sockets.get(client_id) if client_id else None
        if socket_ is not None and self.faults.ws != "silent":
            socket_.send_json({"type": event, "data": data})

    def broadcast_status(self) -> None:
        with self._lock:
            remaining = len(self.pending) + len(self.running)
        for client_id in list(self.sockets):
            self.send(client_id, "status", {"status": {"exec_info": {"queue_remaining": remaining}}})

    def queue_lists(self) -> dict:
        with self._lock:
            return {"queue_running": [list(item) for item in self.running.values()],
                    "queue_pending": [list(item) for item in self.pending]}

    def object_info(self) -> dict:
        def entry(name, spec):
            required = {}
            for input_name, kind in spec["inputs"].items():
                if kind == "INPUT_FILE":
                    required[input_name] = [sorted(self.inputs), {"image_upload": True}]
                elif isinstance(kind, list):
                    required[input_name] = [kind]
                else:
                    required[input_name] = [kind]
            return {"input": {"required": required}, "input_order": {"required": list(required)},
                    "output": spec["outputs"], "output_is_list": [False] * len(spec["outputs"]),
                    "output_name": spec["outputs"], "name": name, "display_name": name, "description": "",
                    "python_module": "nodes", "category": "test", "output_node": spec["ui"] is not None}
        return {name: entry(name, spec) for name, spec in self.nodes.items()}


class _WebSocket:
    """The server side of one websocket: unmasked frames out, masked frames in (RFC 6455)."""

    def __init__(self, handler: "_Handler"):
        self.rfile, self.wfile, self.connection = handler.rfile, handler.wfile, handler.connection
        self.lock = threading.Lock()
        self.open = True

    def send_frame(self, opcode: int, payload: bytes) -> None:
        size = len(payload)
        if size < 126:
            header = struct.pack(">BB", 0x80 | opcode, size)
        elif size < 2**16:
            header = struct.pack(">BBH", 0x80 | opcode, 126, size)
        else:
            header = struct.pack(">BBQ", 0x80 | opcode, 127, size)
        with self.lock:
            if not self.open:
                return
            try:
                self.wfile.write(header + payload)
            except OSError:
                self.open = False

    def send_json(self, message: dict) -> None:
        self.send_frame(0x1, json.dumps(message).encode())

    def close(self) -> None:
        self.send_frame(0x8, struct.pack(">H", 1001))
        with self.lock:
            self.open = False

    def cut(self) -> None:
        """Drop the TCP connection without a closing handshake."""
        with self.lock:
            self.open = False
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def read_frame(self) -> tuple[int, bytes] | None:
        head = self.rfile.read(2)
        if len(head) < 2:
            return None
        opcode, size = head[0] & 0x0F, head[1] & 0x7F
        if size == 126:
            size = struct.unpack(">H", self.rfile.read(2))[0]
        elif size == 127:
            size = struct.unpack(">Q", self.rfile.read(8))[0]
        mask = self.rfile.read(4) if head[1] & 0x80 else b"\0\0\0\0"
        payload = self.rfile.read(size)
        return opcode, bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as aiohttp serves ComfyUI

    def log_message(self, *args) -> None:  # quiet test output
        pass

    def setup(self) -> None:
        super().setup()
        # headers and body go out in two writes: without this, Nagle + delayed ACK add 40 ms to each answer
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.comfy._connections.add(self.connection)

    def finish(self) -> None:
        self.server.comfy._connections.discard(self.connection)
        try:
            super().finish()
        except OSError:
            pass

    @property
    def comfy(self) -> ComfyTestServer:
        return self.server.comfy

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def _route(self, method: str) -> None:
        comfy, url = self.comfy, urlsplit(self.path)
        path, query = url.path, {k: v[0] for k, v in parse_qs(url.query).items()}
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)) if method == "POST" else b""
        faults = comfy.faults
        if comfy.dead:
            return self._cut()
        if faults.take("drop", path):
            return self._cut()
        if faults.take("hang", path):
            time.sleep(faults.hang_seconds)
            return self._cut()
        if comfy.token and self.headers.get("Authorization") != f"Bearer {comfy.token}":
            return self._send(401, b"401: Unauthorized", "text/plain")
        if faults.take("http_error", path):
            leak = f" request headers: {dict(self.headers)}" if faults.echo_headers else ""
            return self._send(503, f"503 Service Unavailable.{leak}".encode(), "text/plain")
        routes = {
            ("GET", "/ws"): self._websocket,
            ("POST", "/prompt"): lambda: self._post_prompt(body),
            ("GET", "/queue"): lambda: self._json(comfy.queue_lists()),
            ("POST", "/queue"): lambda: self._post_queue(body),
            ("POST", "/interrupt"): lambda: self._send(200, b"", "text/plain"),
            ("GET", "/view"): lambda: self._view(query),
            ("POST", "/upload/image"): lambda: self._upload(body),
            ("GET", "/object_info"): lambda: self._json(comfy.object_info()),
            ("GET", "/system_stats"): lambda: self._json({
                "system": {"os": "posix", "ram_total": 2**36, "ram_free": 2**35, "comfyui_version": "0.3.64-test",
                           "python_version": "3.11", "pytorch_version": "none", "embedded_python": False, "argv": []},
                "devices": [{"name": "cuda:0 Test GPU 24GB", "type": "cuda", "index": 0, "vram_total": 24 * 2**30,
                             "vram_free": 20 * 2**30, "torch_vram_total": 0, "torch_vram_free": 0}]}),
            ("GET", "/history"): lambda: self._json(dict(list(comfy.history.items())[-int(query.get("max_items", 10**6)):])),
        }
        if (method, path) in routes:
            return routes[(method, path)]()
        if method == "GET" and path.startswith("/history/"):
            prompt_id = path[len("/history/"):]
            entry = comfy.history.get(prompt_id)
            return self._json({prompt_id: entry} if entry else {})
        if method == "GET" and path.startswith("/object_info/"):
            name = path[len("/object_info/"):]
            info = comfy.object_info()
            return self._json({name: info[name]} if name in info else {})
        self._send(404, b"404: Not Found", "text/plain")

    def _post_prompt(self, body: bytes) -> None:
        try:
            data = json.loads(body)
        except ValueError:  # ComfyUI answers malformed JSON with a plain-text 500
            return self._send(500, b"500 Internal Server Error\n\nServer got itself in trouble", "text/plain")
        self.comfy.prompts.append(data)
        status, answer = self.comfy.queue_prompt(data)
        self._json(answer, status)

    def _post_queue(self, body: bytes) -> None:
        data = json.loads(body or b"{}")
        comfy = self.comfy
        with comfy._lock:
            if data.get("clear"):
                comfy.pending.clear()
            doomed = set(data.get("delete", []))
            comfy.pending[:] = [item for item in comfy.pending if item[1] not in doomed]
        self._send(200, b"", "text/plain")

    def _view(self, query: dict) -> None:
        self.comfy.views.append(query)
        filename, subfolder = query.get("filename", ""), query.get("subfolder", "")
        if not filename or filename.startswith("/") or ".." in filename or ".." in subfolder:
            return self._send(400, b"", "text/plain")
        found = self.comfy.files.get((subfolder, filename))
        if found is None:
            return self._send(404, b"", "text/plain")
        self._send(200, found[0], found[1])

    def _upload(self, body: bytes) -> None:
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + self.headers["Content-Type"].encode() + b"\r\n\r\n" + body)
        fields = {}
        for part in message.iter_parts():
            fields[part.get_param("name", header="content-disposition")] = part
        image = fields.get("image")
        if image is None or not image.get_filename():
            return self._send(400, b"", "text/plain")
        data, name = image.get_payload(decode=True), image.get_filename()
        overwrite = fields.get("overwrite")
        inputs = self.comfy.inputs
        if not (overwrite and overwrite.get_payload() in ("true", "1")):
            stem, dot, suffix = name.rpartition(".")
            number = 1
            while name in inputs and inputs[name] != data:  # same bytes under the same name: no copy
                name = f"{stem} ({number}).{suffix}" if dot else f"{suffix} ({number})"
                number += 1
        inputs[name] = data
        self._json({"name": name, "subfolder": "", "type": "input"})

    def _websocket(self) -> None:
        comfy = self.comfy
        key = self.headers.get("Sec-WebSocket-Key")
        if comfy.faults.ws == "refuse" or self.headers.get("Upgrade", "").lower() != "websocket" or not key:
            return self._send(404, b"404: Not Found", "text/plain")
        accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
        self.send_response(101)
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept)
        self.end_headers()
        self.close_connection = True
        client_id = parse_qs(urlsplit(self.path).query).get("clientId", [""])[0] or f"sid-{id(self)}"
        ws = _WebSocket(self)
        comfy.sockets[client_id] = ws
        with comfy._lock:
            remaining = len(comfy.pending) + len(comfy.running)
        ws.send_json({"type": "status", "data": {"status": {"exec_info": {"queue_remaining": remaining}},
                                                 "sid": client_id}})
        try:
            while ws.open:
                frame = ws.read_frame()
                if frame is None or frame[0] == 0x8:
                    ws.close()
                    break
                if frame[0] == 0x9:  # ping
                    ws.send_frame(0xA, frame[1])
        except OSError:
            pass
        finally:
            if comfy.sockets.get(client_id) is ws:
                del comfy.sockets[client_id]

    def _json(self, data, status: int = 200) -> None:
        self._send(status, json.dumps(data).encode(), "application/json; charset=utf-8")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _cut(self) -> None:
        """Drop the connection with no answer at all."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _batch_size(prompt: dict, link) -> int:
    """How many images reach a save node: ImageBatch adds its two inputs' batches, anything else makes one."""
    if not isinstance(link, list) or link[0] not in prompt:
        return 1
    node = prompt[link[0]]
    if node["class_type"] == "ImageBatch":
        return _batch_size(prompt, node["inputs"].get("image1")) + _batch_size(prompt, node["inputs"].get("image2"))
    return 1


def _image_size(prompt: dict) -> tuple[int, int]:
    """The picture size an EmptyLatentImage asks for, scaled down to at most 128 px (quick tests)."""
    for node in prompt.values():
        inputs = node.get("inputs", {})
        if node.get("class_type") == "EmptyLatentImage" and isinstance(inputs.get("width"), int) \
                and isinstance(inputs.get("height"), int):
            scale = 128 / max(inputs["width"], inputs["height"], 1)
            return max(16, round(inputs["width"] * scale)), max(16, round(inputs["height"] * scale))
    return 64, 64


def make_png(key: bytes, size: tuple[int, int] = (64, 64), dull: bool = False) -> bytes:
    """A small picture whose colours and pattern follow `key`: a grey backdrop with a
    patterned, saturated subject in the middle (as an SDXL image of one object on a plain
    background), varied enough for the image gates (contrast, many colours)."""
    import colorsys

    import numpy as np

    width, height = size
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    u, v = x / width, y / height
    hue = key[0] / 255.0
    phase = [k / 255.0 * 2 * np.pi for k in key[1:5]]
    noise = np.random.default_rng(list(key[:8])).random((height, width, 3), dtype=np.float32) - 0.5
    # whole periods across the picture: the pattern wraps around its edges like a tileable texture
    wave = np.clip(0.5 + 0.45 * np.sin(2 * np.pi * 3 * u + phase[0]) * np.cos(2 * np.pi * 2 * v + phase[1])
                   + 0.35 * np.sin(2 * np.pi * (5 * u + 4 * v) + phase[2]), 0, 1)
    shade = 0.5 + 0.5 * np.cos(2 * np.pi * (2 * u - 3 * v) + phase[3])
    subject = ((u - 0.5) ** 2 + (v - 0.5) ** 2) < 0.09 + 0.03 * np.sin(8 * np.arctan2(v - 0.5, u - 0.5) + phase[3])
    light = np.array(colorsys.hsv_to_rgb(hue, 0.45, 1.0), np.float32)
    dark = np.array(colorsys.hsv_to_rgb((hue + 0.15) % 1.0, 0.7, 0.12), np.float32)
    accent = np.array(colorsys.hsv_to_rgb((hue + 0.5) % 1.0, 0.5, 0.6), np.float32)
    rgb = light * wave[..., None] + dark * (1 - wave[..., None])
    rgb = rgb * (1 - 0.25 * shade[..., None]) + accent * 0.25 * shade[..., None] + 0.2 * noise
    rgb[~subject] = np.float32([0.46, 0.45, 0.43]) + 0.02 * noise[~subject]
    if dull:  # grey haze with a trace of the picture: decodes fine, fails a contrast gate
        rgb = 0.45 + 0.06 * (rgb - rgb.mean())
    pixels = (np.clip(rgb, 0, 1) * 255).round().astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels, "RGB").save(buffer, format="PNG")
    return buffer.getvalue()


def make_glb(key: bytes) -> bytes:
    """A tetrahedron whose corners follow `key`, as a binary glTF 2.0 (written from the glTF spec)."""
    corners = [(0.0, 0.0, 0.0), (1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)]
    corners = [tuple(c + key[3 * i + axis] / 1024 for axis, c in enumerate(corner)) for i, corner in enumerate(corners)]
    positions = b"".join(struct.pack("<3f", *corner) for corner in corners)
    indices = struct.pack("<12I", 0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3)
    gltf = {
        "asset": {"version": "2.0", "generator": "comfy_test_server"},
        "buffers": [{"byteLength": len(positions) + len(indices)}],
        "bufferViews": [{"buffer": 0, "byteOffset": 0, "byteLength": len(positions), "target": 34962},
                        {"buffer": 0, "byteOffset": len(positions), "byteLength": len(indices), "target": 34963}],
        "accessors": [{"bufferView": 0, "componentType": 5126, "count": 4, "type": "VEC3",
                       "min": [min(c[a] for c in corners) for a in range(3)],
                       "max": [max(c[a] for c in corners) for a in range(3)]},
                      {"bufferView": 1, "componentType": 5125, "count": 12, "type": "SCALAR"}],
        "meshes": [{"primitives": [{"attributes": {"POSITION": 0}, "indices": 1, "mode": 4}]}],
        "nodes": [{"mesh": 0}], "scenes": [{"nodes": [0]}], "scene": 0,
    }
    text = json.dumps(gltf).encode()
    text += b" " * (-len(text) % 4)
    binary = positions + indices
    total = 12 + 8 + len(text) + 8 + len(binary)
    return (struct.pack("<4sII", b"glTF", 2, total) + struct.pack("<I4s", len(text), b"JSON") + text
            + struct.pack("<I4s", len(binary), b"BIN\0") + binary)
