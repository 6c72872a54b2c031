"""Contact-sheet tasks: one PNG per kind or icon group under out/review/.

`doit contact_sheets` makes them all. Each is redrawn when a task making one
of its images re-ran: its key is the stamps of those tasks (sizes and
mtimes), not the images themselves, so a no-op build stats a few hundred
stamps instead of ~3,600 images (see pipeline/tasks/base.inputs_unchanged).
"""
from __future__ import annotations

from pipeline import layout
from pipeline.catalog import Catalog
from pipeline.fingerprint import digest, source_digest
from pipeline.tasks.base import group_task, inputs_unchanged, stats_digest

BASENAME = "contact_sheets"
#: contact-sheet cell size per sprite kind (sprites are scaled down to fit)
SPRITE_SHEET_CELLS = {"terrain": 96, "unit": 64, "building": 128, "resource": 64, "wonder": 320}


def _sheets(catalog: Catalog) -> dict[str, tuple[int, list[tuple[str, str, str]]]]:
    """sheet name -> (cell size, [(label, image path, task making it)])."""
    icons = catalog.icons()

    def icon_items(groups):
        return [(o.asset_id, layout.icon_images(o.spec["group"], o.asset_id, o.spec["sizes"])[str(max(o.spec["sizes"]))],
                 f"icons:{o.name}") for o in icons if o.spec["group"] in groups]

    sheets = {
        "materials": (128, [(o.asset_id, layout.material_maps(o.asset_id)["basecolor"], f"materials:{o.name}")
                            for o in catalog.materials()]),
        "portraits": (128, [(f"{o.asset_id} {role}", path, f"portraits:{o.name}") for o in catalog.portraits()
                            for role, path in layout.portrait_images(o.asset_id).items()]),
        "icons_yield_status": (64, icon_items({"yield", "status"})),
        "icons_technology": (64, icon_items({"technology"})),
        "icons_resource_map": (64, icon_items({"resource_map"})),
    }
    for kind, cell in SPRITE_SHEET_CELLS.items():
        sheets[f"sprites_{kind}"] = (cell, _sprite_items(catalog, kind))
    return sheets


def _sprite_items(catalog: Catalog, kind: str) -> list[tuple[str, str, str]]:
    from pipeline import sprite_sets  # here: a no-op build (task list cached) never needs it

    items = []
    for output in catalog.meshes(kind):
        pose = output.spec.get("pose") if kind == "unit" else None
        for sprite in sprite_sets.sprite_names(kind, pose):
            items.append((f"{output.name} {sprite}", layout.sprite_path(kind, output.asset_id, output.name, sprite),
                          f"sprites:{kind}/{output.name}"))
    return items


def tasks(catalog: Catalog):
    yield group_task(BASENAME, "contact sheets of every kind, for people (out/review/)")
    from pipeline.contact_sheet import make_sheet

    code = source_digest("pipeline.contact_sheet")
    for sheet, (cell, items) in _sheets(catalog).items():
        if not items:
            continue
        target = layout.contact_sheet(sheet)
        producers = sorted({task for _, _, task in items})
        stamp_files = [layout.stamp_path(*task.split(":", 1)) for task in producers]
        drawn = digest([code, cell, [label for label, _, _ in items]])  # what the sheet shows, and how
        yield {
            "basename": BASENAME,
            "name": sheet,
            "actions": [(make_sheet, [target, [(label, path) for label, path, _ in items], cell])],
            "task_dep": producers,
            "targets": [target],
            "uptodate": [inputs_unchanged(inputs_key, drawn, target, stamp_files)],
            "clean": True,
            "doc": f"contact sheet of {sheet}",
        }


def inputs_key(drawn: str, target: str, stamp_files: list[str]) -> str:
    """A sheet's inputs: what it shows (`drawn`), the sheet itself and its producers' stamps."""
    return stats_digest(drawn, [target, *stamp_files])
