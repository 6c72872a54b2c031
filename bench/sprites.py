"""Sprite rendering benchmarks (figures recorded in bench/README.md).

    .venv/bin/python bench/sprites.py [--repeat 3] [--skip-full]

1. per-sprite cost: one unit pose mesh (24 sprites, 64x64) and one terrain
   tile (16 sprites, 256x256) rendered through the pipeline's render worker
   (scene set-up, render, post-processing, atomic writes, protocol), against
   the bare Cycles render calls of the same scene and settings in one warmed-up Blender
   process, measured alternately in the same run; medians over --repeat.
2. full render of every sprite of assets.yaml (3,008) with `doit -n 1` and
   `doit -n 2 sprites`, meshes built beforehand; wall times and the speed-up.

Runs in a temporary copy of the project; the repository's out/ is untouched.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CASES = (("unit", "knight_idle", "knight", "idle"), ("terrain", "hills_1", "hills", None))

BARE = '''
import json, sys, time
sys.path[:0] = [{render!r}, {repo!r}]
import scene
spec, mesh, warm_spec, warm_mesh = json.loads(sys.argv[1]), sys.argv[2], json.loads(sys.argv[4]), sys.argv[5]
# warm the process up like the pipeline's long-lived worker (Cycles kernels, shaders)
scene.SpriteScene(warm_spec, warm_mesh).render_to(sys.argv[3])
stage = scene.SpriteScene(spec, mesh)
seconds = []
for sprite in spec["sprites"]:
    stage.use_lighting(sprite["lighting"])
    stage.pose_model(sprite["matrix"])
    started = time.perf_counter()
    stage.render_to(sys.argv[3])
    seconds.append(time.perf_counter() - started)
print("BARE", json.dumps(seconds))
'''


def per_sprite(project: Path, repeat: int) -> None:
    sys.path.insert(0, str(project))
    import yaml

    from pipeline import layout, render_client, sprite_sets
    settings = yaml.safe_load((project / "assets.yaml").read_text())["settings"]
    bare_script = project / "bare_render.py"
    bare_script.write_text(BARE.format(render=str(project / "render"), repo=str(project)))
    warm_mesh, warm_spec = str(project / layout.mesh_path("resource", "wheat")), sprite_sets.render_spec("resource", None, settings)
    render_client.render_sprites(warm_mesh, warm_spec, [str(project / "warm.png")])
    for kind, mesh_name, asset_id, pose in CASES:
        spec = sprite_sets.render_spec(kind, pose, settings)
        mesh = str(project / layout.mesh_path(kind, mesh_name))
        targets = [str(project / layout.sprite_path(kind, asset_id, mesh_name, s["name"])) for s in spec["sprites"]]
        ours, bare, bare_median = [], [], []
        for _ in range(repeat):
            for target in targets:
                Path(target).unlink(missing_ok=True)
            started = time.perf_counter()
            render_client.render_sprites(mesh, spec, targets)
            ours.append((time.perf_counter() - started) / len(targets))
            done = subprocess.run([sys.executable, str(bare_script), json.dumps(spec), mesh, str(project / "bare.png"),
                                   json.dumps(warm_spec), warm_mesh], capture_output=True, text=True, check=True)
            seconds = json.loads(done.stdout.split("BARE ", 1)[1].splitlines()[0])
            bare.append(sum(seconds) / len(seconds))  # all of Cycles' work for this mesh, first render included
            bare_median.append(statistics.median(seconds))
        ours_ms, bare_ms = 1000 * statistics.median(ours), 1000 * statistics.median(bare)
        print(f"{kind} {spec['camera']['size'][0]}x{spec['camera']['size'][1]} ({spec['samples']} samples): "
              f"pipeline {ours_ms:.1f} ms/sprite (everything, per mesh set-up included), "
              f"bare Cycles render {bare_ms:.1f} ms/sprite (mean over the mesh's renders in a warmed-up "
              f"process; median render {1000 * statistics.median(bare_median):.1f} ms), "
              f"overhead {100 * (ours_ms / bare_ms - 1):+.0f}%", flush=True)


def full_render(project: Path) -> None:
    doit = [sys.executable, "-m", "doit"]
    subprocess.run(doit + ["-n", "2", "meshes"], cwd=project, check=True, capture_output=True)
    walls = {}
    for jobs in (1, 2):
        shutil.rmtree(project / "out/sprites", ignore_errors=True)
        shutil.rmtree(project / ".build/stamps/sprites", ignore_errors=True)
        started = time.perf_counter()
        done = subprocess.run(doit + ["-n", str(jobs), "sprites"], cwd=project, capture_output=True, text=True)
        walls[jobs] = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(done.stdout + done.stderr)
        count = sum(1 for _ in (project / "out/sprites").rglob("*.png"))
        print(f"full render, doit -n {jobs}: {count} sprites in {walls[jobs]:.1f} s", flush=True)
    print(f"speed-up -n 1 -> -n 2: {walls[1] / walls[2]:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-full", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="backbay-bench-sprites-"))
    project = work / "project"
    project.mkdir()
    shutil.copy2(REPO / "dodo.py", project)
    shutil.copy2(REPO / "assets.yaml", project)
    for code in ("pipeline", "render"):
        shutil.copytree(REPO / code, project / code, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "doit", "-n", "2", "meshes:unit/knight_idle", "meshes:terrain/hills_1",
                    "meshes:resource/wheat"], cwd=project, check=True, capture_output=True)
    per_sprite(project, args.repeat)
    if not args.skip_full:
        full_render(project)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
