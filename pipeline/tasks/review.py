"""Contact-sheet tasks: one PNG per kind or icon group under out/review/.

`doit contact_sheets` makes them all. Each depends on exactly the images it
shows (file_dep), so it is redrawn only when one of them changes.
"""
from __future__ import annotations

from doit.tools import config_changed

from pipeline import layout, sprite_sets
from pipeline.catalog import Catalog
from pipeline.contact_sheet import make_sheet
from pipeline.fingerprint import source_digest

BASENAME = "contact_sheets"
#: contact-sheet cell size per sprite kind (sprites are scaled down to fit)
SPRITE_SHEET_CELLS = {"terrain": 96, "unit": 64, "building": 128, "resource": 64, "wonder": 320}


def _sheets(catalog: Catalog) -> dict[str, tuple[int, list[tuple[str, str]]]]:
    """sheet name -> (cell size, [(label, image path)])."""
    icons = catalog.icons()

    def icon_items(groups):
        return [(o.asset_id, layout.icon_images(o.spec["group"], o.asset_id, o.spec["sizes"])[str(max(o.spec["sizes"]))])
                for o in icons if o.spec["group"] in groups]

    sheets = {
        "materials": (128, [(o.asset_id, layout.material_maps(o.asset_id)["basecolor"]) for o in catalog.materials()]),
        "portraits": (128, [(f"{o.asset_id} {role}", path) for o in catalog.portraits()
                            for role, path in layout.portrait_images(o.asset_id).items()]),
        "icons_yield_status": (64, icon_items({"yield", "status"})),
        "icons_technology": (64, icon_items({"technology"})),
        "icons_resource_map": (64, icon_items({"resource_map"})),
    }
    for kind, cell in SPRITE_SHEET_CELLS.items():
        sheets[f"sprites_{kind}"] = (cell, _sprite_items(catalog, kind))
    return sheets


def _sprite_items(catalog: Catalog, kind: str) -> list[tuple[str, str]]:
    items = []
    for output in catalog.meshes(kind):
        pose = output.spec.get("pose") if kind == "unit" else None
        for sprite in sprite_sets.sprite_names(kind, pose):
            items.append((f"{output.name} {sprite}", layout.sprite_path(kind, output.asset_id, output.name, sprite)))
    return items


def tasks(catalog: Catalog):
    yield {"basename": BASENAME, "name": None, "doc": "contact sheets of every kind, for people (out/review/)"}
    code = source_digest("pipeline.contact_sheet")
    for sheet, (cell, items) in _sheets(catalog).items():
        if not items:
            continue
        target = layout.contact_sheet(sheet)
        yield {
            "basename": BASENAME,
            "name": sheet,
            "actions": [(make_sheet, [target, items, cell])],
            "file_dep": [path for _, path in items],
            "targets": [target],
            "uptodate": [config_changed({"code": code, "cell": cell, "labels": [label for label, _ in items]})],
            "clean": True,
            "doc": f"contact sheet of {sheet}",
        }
