"""The render worker: one long-lived Blender process serving render requests.

    python render/worker.py REPLY_FD

Started by pipeline/render_client.py, one per doit process, so Blender loads
once per process (about a second) and not once per mesh or per sprite. Reads
one JSON request per line on stdin:

    {"mesh": "out/meshes/unit/knight_idle.glb", "spec": <sprite_sets.render_spec>,
     "targets": [png path per spec sprite], "device": "CPU", "threads": 0}

sets the scene up once for the mesh (render/scene.py), renders every sprite,
finishes it (render/postprocess.py) and writes it atomically, then answers one
JSON line on REPLY_FD: {"ok": true, "written": n, "render_seconds": s} or
{"ok": false, "error": "..."}. Blender's own chatter goes to stdout, which the
client discards; the protocol has its own pipe. The worker exits at the end of
stdin, and between sprites when the process that started it has gone (a killed
build leaves no renderer behind for long).
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "render"), str(ROOT)]

import postprocess  # noqa: E402  (numpy/Pillow only)
from pipeline import fsutil  # noqa: E402


class ParentGone(Exception):
    pass


class Stages:
    """The current Blender stage, kept for the next mesh when its rig is the same."""
    current = None

    @classmethod
    def for_request(cls, spec: dict, mesh: str, device: str, threads: int):
        import scene as sprite_scene  # imports bpy: once per process

        stage = cls.current
        cls.current = None  # a failure half-way must not leave a half-swapped stage for the next mesh
        if stage is not None and stage.fits(spec, device, threads):
            stage.swap_model(mesh)
        else:
            stage = sprite_scene.SpriteScene(spec, mesh, device, threads)
        cls.current = stage
        return stage


def render_request(request: dict, parent: int, scratch: str) -> dict:
    spec, targets = request["spec"], request["targets"]
    if len(targets) != len(spec["sprites"]):
        raise ValueError(f"{len(targets)} targets for {len(spec['sprites'])} sprites")
    stage = Stages.for_request(spec, request["mesh"], request.get("device", "CPU"), request.get("threads", 0))
    render_seconds, written = 0.0, 0
    temp_png = os.path.join(scratch, "render.png")
    for sprite, target in zip(spec["sprites"], targets):
        if os.getppid() != parent:
            raise ParentGone()
        stage.use_lighting(sprite["lighting"])
        stage.pose_model(sprite["matrix"])
        started = time.perf_counter()
        stage.render_to(temp_png)
        render_seconds += time.perf_counter() - started
        pixels = postprocess.read_png(temp_png)
        if spec["transparent"]:
            if postprocess.edge_touched(pixels):
                raise ValueError(f"sprite {sprite['name']} touches the frame edge: the mesh is larger than "
                                 f"the {spec['kind']} bounds in the catalog's settings.bounds")
            if not pixels[..., 3].any():
                raise ValueError(f"sprite {sprite['name']} is empty: nothing of the mesh is in view")
            pixels = postprocess.finish_sprite(pixels)
        written += fsutil.write_if_changed(target, postprocess.encode_png(pixels))
    return {"ok": True, "written": written, "render_seconds": render_seconds}


def main(argv: list[str]) -> int:
    reply_fd = int(argv[0])
    parent = os.getppid()
    with tempfile.TemporaryDirectory(prefix="backbay-render-") as scratch:
        for line in sys.stdin:
            try:
                reply = render_request(json.loads(line), parent, scratch)
            except ParentGone:
                return 1
            except Exception as error:  # reported to the task, which names the mesh
                reply = {"ok": False, "error": f"{type(error).__name__}: {error}"}
            os.write(reply_fd, (json.dumps(reply) + "\n").encode())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
