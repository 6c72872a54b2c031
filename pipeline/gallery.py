"""The review gallery: one static HTML page (out/review/index.html) showing every asset.

Grouped by kind, each asset as a thumbnail with its prompt, seed, fingerprint,
gate results (from out/review/gates/*.json, when the gates ran) and whether it
is stale (and why). Unit cards animate their idle, move and attack frames; a
direction picker turns every unit. Images are linked relatively (../sprites/…),
so the page works straight from disk, no server. On load the page counts its
images and marks the <body> with how many loaded: a broken image shows as a
red banner, and the headless-browser test reads the same mark.
"""
from __future__ import annotations

import html
import json
import os

from pipeline import fsutil, layout, sprite_sets, stale, stamps
from pipeline.catalog import Catalog, Output

SHOWN_DIRECTION = "se"  # the direction units face when the page opens
HERO_WIDTH = 320


class Card:
    """One asset on the page: its images and what a reviewer needs to judge it."""

    def __init__(self, output: Output, tasks: list[str], images: list[str], animations: dict | None = None):
        self.output = output
        self.tasks = tasks            # the doit tasks that make it (for stale and fingerprint)
        self.images = images          # thumbnails, paths under out/
        self.animations = animations  # unit cards: {animation: [frame paths per direction]}


def cards_by_section(catalog: Catalog) -> dict[str, list[Card]]:
    sections: dict[str, list[Card]] = {}
    sections["materials"] = [Card(o, [f"materials:{o.name}"], list(layout.material_maps(o.asset_id).values()))
                             for o in catalog.materials()]
    sections["terrain"] = [Card(o, [f"meshes:terrain/{o.name}", f"sprites:terrain/{o.name}"],
                                [layout.sprite_path("terrain", o.asset_id, o.name, f"{light}_r0")
                                 for light in sprite_sets.TERRAIN_LIGHTINGS]) for o in catalog.meshes("terrain")]
    sections["units"] = _unit_cards(catalog)
    for kind, section in (("building", "buildings"), ("wonder", "wonders"), ("resource", "resources")):
        sections[section] = [Card(o, [f"meshes:{kind}/{o.name}", f"sprites:{kind}/{o.name}"],
                                  [layout.sprite_path(kind, o.asset_id, o.name, o.asset_id)])
                             for o in catalog.meshes(kind)]
    sections["portraits"] = [Card(o, [f"portraits:{o.name}"], list(layout.portrait_images(o.asset_id).values()))
                             for o in catalog.portraits()]
    for group in layout.ICON_GROUPS:
        sections[f"icons: {group}"] = [
            Card(o, [f"icons:{o.name}"], list(layout.icon_images(group, o.asset_id, o.spec["sizes"]).values()))
            for o in catalog.icons() if o.spec["group"] == group]
    return {name: cards for name, cards in sections.items() if cards}


def _unit_cards(catalog: Catalog) -> list[Card]:
    """One card per unit (its three pose meshes), animated from the rendered frames."""
    poses: dict[str, list[Output]] = {}
    for output in catalog.meshes("unit"):
        poses.setdefault(output.asset_id, []).append(output)
    cards = []
    for unit_id, outputs in poses.items():
        animations = {}
        for output in outputs:
            animation = output.spec["pose"]
            names = sprite_sets.sprite_names("unit", animation)
            animations[animation] = {direction: [layout.sprite_path("unit", unit_id, output.name, name)
                                                 for name in names if name.startswith(f"{animation}_{direction}_")]
                                     for direction in sprite_sets.DIRECTIONS}
        tasks = [f"{family}:unit/{o.name}" for o in outputs for family in ("meshes", "sprites")]
        cards.append(Card(outputs[0], tasks, [], animations))
    return cards


# --- what the build knows about each asset ----------------------------------------------------

def gate_results() -> dict[str, dict]:
    """{checkpoint: report} for the gates that have run."""
    results = {}
    for checkpoint in layout.GATES:
        try:
            with open(layout.gate_report(checkpoint)["json"]) as handle:
                results[checkpoint] = json.load(handle)
        except (FileNotFoundError, ValueError):
            continue
    return results


def _gate_text(card: Card, gates: dict[str, dict]) -> tuple[str, str]:
    """(css class, text) of the card's gate results."""
    if not gates:
        return "unknown", "gates not run (make gates)"
    asset = card.output.asset_id
    failed = [f"{checkpoint}: {f['check']} = {f['value']}" for checkpoint, report in gates.items()
              for f in report.get("failures", []) if f.get("asset") == asset]
    if failed:
        return "fail", "; ".join(failed[:4]) + (f" (+{len(failed) - 4} more)" if len(failed) > 4 else "")
    return "pass", f"passed {', '.join(gates)}"


# --- the page ---------------------------------------------------------------------------------

def render(catalog: Catalog) -> str:
    sections = cards_by_section(catalog)
    gates = gate_results()
    stale_reasons = dict(stale.stale_outputs(catalog))
    parts = [_HEAD.replace("{title}", html.escape(f"Backbay Imperium assets — {catalog.path.name}"))]
    parts.append('<nav>' + " ".join(f'<a href="#{_anchor(name)}">{html.escape(name)} ({len(cards)})</a>'
                                   for name, cards in sections.items()) + "</nav>")
    parts.append('<p class="controls">units face <select id="direction">' + "".join(
        f'<option{" selected" if d == SHOWN_DIRECTION else ""}>{d}</option>' for d in sprite_sets.DIRECTIONS)
        + '</select> · <span id="status">loading images…</span></p>')
    for name, cards in sections.items():
        parts.append(f'<h2 id="{_anchor(name)}">{html.escape(name)}</h2><div class="grid">')
        parts.extend(_card_html(card, gates, stale_reasons) for card in cards)
        parts.append("</div>")
    parts.append(_SCRIPT + "</body></html>\n")
    return "\n".join(parts)


def _card_html(card: Card, gates: dict, stale_reasons: dict) -> str:
    output = card.output
    fingerprint = _fingerprint(card.tasks[0])  # the asset's own task: its material, mesh, portrait or icon
    reasons = [f"{task}: {'; '.join(stale_reasons[task])}" for task in card.tasks if task in stale_reasons]
    gate_class, gate_text = _gate_text(card, gates)
    if card.animations:
        images = "".join(_animation_html(animation, frames) for animation, frames in card.animations.items())
    else:
        images = "".join(_image_html(path, output.kind, small=index > 0 and output.kind == "material")
                         for index, path in enumerate(card.images))
    stale_html = (f'<p class="stale">stale: {html.escape(" | ".join(reasons))}</p>' if reasons
                  else '<p class="fresh">up to date</p>')
    return (f'<figure class="card {gate_class}"><div class="images">{images}</div><figcaption>'
            f'<b>{html.escape(output.name if output.kind != "unit" else output.asset_id)}</b>'
            f' <span class="seed">seed {output.spec.get("seed", "-")}</span>'
            f'<p class="prompt">{html.escape(output.spec["prompt"])}</p>'
            f'<p class="fp" title="fingerprint of {html.escape(card.tasks[0])}">{fingerprint[:16]}</p>'
            f'<p class="gate">{html.escape(gate_text)}</p>{stale_html}</figcaption></figure>')


def _image_html(path: str, kind: str, small: bool = False) -> str:
    """One thumbnail; `small`: a material's other maps beside its basecolor."""
    width = f' class="hero" width="{HERO_WIDTH}"' if kind == "wonder" else ' class="map"' if small else ""
    name = os.path.basename(path)
    return f'<img src="{_relative(path)}" alt="{html.escape(name)}" title="{html.escape(path)}"{width}>'


def _animation_html(animation: str, frames: dict[str, list[str]]) -> str:
    """An <img> cycling through one animation's frames (per direction in data-frames)."""
    seconds = sprite_sets.FRAME_SECONDS[animation]
    table = json.dumps({d: [_relative(p) for p in paths] for d, paths in frames.items()})
    first = frames[SHOWN_DIRECTION][0]
    return (f'<span class="anim"><img src="{_relative(first)}" alt="{animation}" data-seconds="{seconds}" '
            f"data-frames='{html.escape(table, quote=True)}'><br>{animation}</span>")


def _fingerprint(task: str) -> str:
    basename, name = task.split(":", 1)
    stamp = stamps.read_stamp(layout.stamp_path(basename, name))
    return stamp["digest"] if stamp else "not built"


def _relative(path: str) -> str:
    return os.path.relpath(path, layout.REVIEW)


def _anchor(name: str) -> str:
    return name.replace(": ", "-").replace(" ", "-")


def write(catalog: Catalog, target: str = layout.GALLERY) -> None:
    """Write the page (untouched when its bytes are the same). Returns None: a doit action."""
    fsutil.write_if_changed(target, render(catalog).encode())


_HEAD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body { font: 13px sans-serif; background: #3a3a3a; color: #eee; margin: 1em; }
nav a { color: #9cf; margin-right: .8em; }
.grid { display: flex; flex-wrap: wrap; gap: 8px; }
.card { background: #555; margin: 0; padding: 6px; width: 340px; border-left: 4px solid #888; }
.card.pass { border-left-color: #4c4; } .card.fail { border-left-color: #e33; }
.images img { max-width: 160px; max-height: 160px; margin: 2px; background: #777;
              image-rendering: pixelated; vertical-align: middle; }
.anim { display: inline-block; text-align: center; margin-right: 6px; }
.images img.hero { max-width: 330px; } .images img.map { max-width: 60px; }
.anim img { width: 96px; height: 96px; }
.prompt { color: #ddd; font-style: italic; } .fp { font-family: monospace; color: #aaa; }
.fail .gate, .stale { color: #f88; } .fresh { color: #8d8; } .seed { color: #bbb; }
#status.broken { background: #c00; color: #fff; padding: 2px 6px; }
</style></head><body>
<h1>{title}</h1>"""

# On load: count the images that loaded (the test reads the mark), then animate the units.
_SCRIPT = """<script>
window.addEventListener('load', () => {
  const images = [...document.images], loaded = images.filter(i => i.complete && i.naturalWidth > 0);
  document.body.dataset.imagesTotal = images.length; document.body.dataset.imagesLoaded = loaded.length;
  const status = document.getElementById('status');
  status.textContent = `${loaded.length} of ${images.length} images loaded`;
  if (loaded.length < images.length) status.className = 'broken';
  // then animate: every unit image steps through its frames for the chosen direction
  const anims = [...document.querySelectorAll('img[data-frames]')], picker = document.getElementById('direction');
  let tick = 0;
  setInterval(() => { tick += 1; for (const img of anims) {
    const frames = JSON.parse(img.dataset.frames)[picker.value];
    const every = Math.max(1, Math.round(parseFloat(img.dataset.seconds) / 0.05));
    img.src = frames[Math.floor(tick / every) % frames.length]; } }, 50);
});
</script>"""


def main(argv: list[str]) -> int:
    """`python -m pipeline.gallery [catalog]`: write the page now, building nothing, so
    it shows what is stale after a catalog edit (`doit gallery` builds first)."""
    from pipeline import project

    write(project.load_or_exit(argv[0] if argv else "assets.yaml"))
    print(f"wrote {layout.GALLERY}")
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
