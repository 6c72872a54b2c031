"""Import GLB files into Blender (the `bpy` module) and report what Blender saw.

    python -m pipeline.gates.blender_import FILE...   -> JSON on stdout

For each file: {"ok", "error", "objects", "vertices", "triangles", "has_colours"}.
Run it in its own process: bpy keeps global state, and a crash in the
importer must not take the caller down. `import_in_blender(paths)` does that.
"""
from __future__ import annotations

import json
import subprocess
import sys


def import_in_blender(paths: list[str], timeout: float = 600) -> dict:
    done = subprocess.run([sys.executable, "-m", "pipeline.gates.blender_import", *map(str, paths)],
                          capture_output=True, text=True, timeout=timeout)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"Blender import process failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads(lines[-1])


def _import_one(bpy, path: str) -> dict:
    bpy.ops.wm.read_factory_settings(use_empty=True)
    try:
        result = bpy.ops.import_scene.gltf(filepath=path)
    except RuntimeError as error:  # Blender reports importer errors as RuntimeError
        return {"ok": False, "error": str(error).strip()}
    if result != {"FINISHED"}:
        return {"ok": False, "error": f"importer returned {sorted(result)}"}
    meshes = [obj for obj in bpy.context.scene.objects if obj.type == "MESH"]
    vertices = sum(len(obj.data.vertices) for obj in meshes)
    triangles = 0
    colours = False
    for obj in meshes:
        obj.data.calc_loop_triangles()
        triangles += len(obj.data.loop_triangles)
        colours = colours or len(obj.data.color_attributes) > 0
    ok = bool(meshes) and vertices > 0
    return {"ok": ok, "error": None if ok else "no mesh geometry imported", "objects": len(meshes),
            "vertices": vertices, "triangles": triangles, "has_colours": colours}


def main(paths: list[str]) -> None:
    import io
    import contextlib

    with contextlib.redirect_stdout(io.StringIO()):  # Blender chatters on stdout
        import bpy
        report = {path: _import_one(bpy, path) for path in paths}
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1:])
