"""Atlas benchmark: packing time and page occupancy on a full build's sprites and icons.

    .venv/bin/python bench/atlas.py [--root .] [--repeat 5] [--compare] [--stress]

Reads the sprites and icons under <root>/out (a finished full build; nothing
there is written), trims them once, then packs every atlas the way
`doit atlases` does (terrain 4096² pages, one smallest sheet per unit, icon
1024² pages) --repeat times and prints the median packing time and each page's
occupancy. Then composes, encodes and verifies every page once, in a
temporary folder. Targets (issue 6): packing under 2 s in all, at least 85%
occupancy on all but the last page of each atlas.

--compare  the same packing with other rectpack algorithms and sort orders
           (how pipeline/atlas.py's choice was made)
--stress   the 2,016 unit frames in one 2048² bin per algorithm family: the
           case where MaxRects takes about a minute
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline import atlas, fsutil, layout, png  # noqa: E402
from pipeline.catalog import load_catalog  # noqa: E402
from pipeline.tasks import atlases as atlas_tasks  # noqa: E402


def read_all(root: Path) -> dict[str, list[atlas.Sprite]]:
    """task name -> its trimmed members."""
    specs = atlas_tasks.atlas_specs(load_catalog(root / "assets.yaml"))
    return {name: [atlas.read_sprite(layout.atlas_frame_key(source), source, root) for source, _ in spec["members"]]
            for name, spec in specs.items()}, specs


def pack_all(members: dict, specs: dict, options: dict | None = None) -> dict[str, tuple]:
    """task name -> (page size, [places per page]), packed like the atlas tasks do."""
    result = {}
    for name, sprites in members.items():
        sizes = {sprite.key: sprite.size for sprite in sprites}
        page = specs[name]["page"]
        if page is None:
            sheet, places = atlas.smallest_sheet(sizes, options)
            result[name] = (sheet, [places])
        else:
            result[name] = (tuple(page), atlas.pack(sizes, tuple(page), options=options))
    return result


def occupancies(members: dict, packed: dict) -> dict[str, list[float]]:
    """task name -> frame pixels / page pixels, per page."""
    result = {}
    for name, (size, pages) in packed.items():
        area = {sprite.key: sprite.size[0] * sprite.size[1] for sprite in members[name]}
        result[name] = [sum(area[key] for key in places) / (size[0] * size[1]) for places in pages]
    return result


def timed_packing(members: dict, specs: dict, repeat: int, options: dict | None = None) -> tuple[float, dict]:
    times, packed = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        packed = pack_all(members, specs, options)
        times.append(time.perf_counter() - started)
    return statistics.median(times), packed


def summary(members: dict, packed: dict) -> dict:
    """Per atlas family: pages, occupancy of the pages that count (all but the last), sheet sizes."""
    occ = occupancies(members, packed)
    units = [name for name in packed if name.startswith("unit/")]
    sheets: dict[tuple, int] = {}
    for name in units:
        sheets[packed[name][0]] = sheets.get(packed[name][0], 0) + 1
    return {"terrain": occ["terrain"], "icons": occ["icons"], "unit_sheets": sheets,
            "unit_occupancy": sorted(occ[name][0] for name in units)}


def write_and_verify(members: dict, specs: dict, packed: dict, folder: Path,
                     root: Path) -> tuple[float, float, int, list[str]]:
    """Compose, encode and write every page under `folder`; verify them against the sources
    under `root`. (seconds, seconds, bytes, problems)."""
    started = time.perf_counter()
    data_paths, total = [], 0
    for name, (size, pages) in packed.items():
        by_key = {sprite.key: sprite for sprite in members[name]}
        for n, places in enumerate(pages):
            stem = name.replace("/", "_") if specs[name]["page"] is None else f"{name}_page_{n}"
            sprites = [by_key[key] for key in sorted(places)]
            image = png.encode(atlas.compose(sprites, places, size), atlas_tasks.PNG_LEVEL)
            data = atlas.encode_data(atlas.page_data(f"{stem}.png", size, sprites, places, specs[name]["animations"]))
            fsutil.write_atomic(folder / f"{stem}.png", image)
            fsutil.write_atomic(folder / f"{stem}.json", data)
            data_paths.append(folder / f"{stem}.json")
            total += len(image) + len(data)
    written = time.perf_counter() - started
    started = time.perf_counter()
    problems = [problem for path in data_paths for problem in atlas.verify_page(path, root)]
    return written, time.perf_counter() - started, total, problems


def _pct(values) -> str:
    return " / ".join(f"{v * 100:.1f}%" for v in values)


def compare(members: dict, specs: dict, repeat: int) -> None:
    import rectpack

    algorithms = ["GuillotineBssfSas", "GuillotineBafSas", "GuillotineBafMinas", "SkylineBl", "SkylineBlWm",
                  "SkylineMwf", "SkylineMwfl", "MaxRectsBl", "MaxRectsBssf"]
    sorts = ["SORT_AREA", "SORT_LSIDE", "SORT_SSIDE"]
    print("\nalgorithm            sort        packing  terrain pages            icons   unit sheets")
    for name in algorithms:
        for sort in sorts:
            options = {"pack_algo": getattr(rectpack, name), "bin_algo": rectpack.PackingBin.BFF,
                       "sort_algo": getattr(rectpack, sort)}
            seconds, packed = timed_packing(members, specs, repeat, options)
            s = summary(members, packed)
            sheets = ", ".join(f"{n}x{w}x{h}" for (w, h), n in sorted(s["unit_sheets"].items()))
            print(f"{name:20s} {sort:10s} {seconds:7.2f} s  {_pct(s['terrain']):24s} {len(s['icons'])} page  {sheets}",
                  flush=True)


def stress(members: dict) -> None:
    import rectpack

    sizes = {sprite.key: sprite.size for name, sprites in members.items() if name.startswith("unit/")
             for sprite in sprites}
    print(f"\n{len(sizes)} unit frames in one 2048x2048 bin:")
    for name in ("GuillotineBssfSas", "SkylineBlWm", "SkylineMwf", "MaxRectsBl"):
        options = {"pack_algo": getattr(rectpack, name), "bin_algo": rectpack.PackingBin.BFF,
                   "sort_algo": rectpack.SORT_AREA}
        started = time.perf_counter()
        atlas.pack(sizes, (2048, 2048), options=options)
        print(f"  {name:20s} {time.perf_counter() - started:6.2f} s", flush=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", default=".", help="project folder with a full build under out/")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--stress", action="store_true")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()

    started = time.perf_counter()
    try:
        members, specs = read_all(root)
    except atlas.AtlasInputError as error:
        print(f"bench/atlas.py needs a full build under {root}/out ({error}); run `doit` there first, "
              f"or pass --root", file=sys.stderr)
        return 2
    read = time.perf_counter() - started
    counts = {"terrain": len(members["terrain"]), "icons": len(members["icons"]),
              "unit": sum(len(s) for n, s in members.items() if n.startswith("unit/"))}
    print(f"{sum(counts.values())} frames ({counts['terrain']} terrain, {counts['unit']} unit, "
          f"{counts['icons']} icon atlas members); read and trimmed in {read:.2f} s")

    seconds, packed = timed_packing(members, specs, args.repeat)
    s = summary(members, packed)
    print(f"packing, all atlases: {seconds:.3f} s (median of {args.repeat}; target < 2 s)")
    print(f"terrain: {len(s['terrain'])} pages of 4096x4096, occupancy {_pct(s['terrain'])}")
    print(f"icons: {len(s['icons'])} pages of 1024x1024, occupancy {_pct(s['icons'])}")
    sheets = ", ".join(f"{n} x {w}x{h}" for (w, h), n in sorted(s["unit_sheets"].items()))
    occ = s["unit_occupancy"]
    print(f"units: {sheets}; occupancy min {occ[0] * 100:.1f}%, median {statistics.median(occ) * 100:.1f}%, "
          f"max {occ[-1] * 100:.1f}%")
    counted = s["terrain"][:-1] + s["icons"][:-1]
    print(f"pages that count for the 85% target (all but the last of each atlas): {_pct(counted) or 'none'}; "
          f"{'met' if all(v >= 0.85 for v in counted) else 'NOT met'}")

    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as folder:
        written, verified, total, problems = write_and_verify(members, specs, packed, Path(folder), root)
    print(f"compose + PNG level {atlas_tasks.PNG_LEVEL} + write of every page: {written:.2f} s, "
          f"{total / 2**20:.1f} MiB; verify_page of every page: {verified:.2f} s, {len(problems)} problems")
    for problem in problems[:10]:
        print("  ", problem)
    if args.compare:
        compare(members, specs, max(1, args.repeat // 2))
    if args.stress:
        stress(members)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
