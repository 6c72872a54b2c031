"""Procedural leader portraits: three full portraits, a bust and an icon.

`generate(spec)` returns {"full_1", "full_2", "full_3", "bust", "icon"} as
RGB PNG bytes, sized by `spec["sizes"]` (512x768, 512x512, 128x128).

Placeholder art in the manner of a classical oil portrait:

- the sitter (`Look`) is read from the catalog text: skin, hair and beard from
  `civilization` and `features`, headwear and dress from keywords in
  `clothing`/`features` (laurel, turban, ruff, epaulettes ...), garment colours
  from the colour words next to each garment noun, falling back to the
  civilization palette and the era's usual dress;
- the figure is painted once, at twice the full size, on a transparent layer
  (paint.Layer) lit by one key light from the upper left, tinted by
  `color_temperature`; each background text picks a scene (interior, outdoor
  landscape, night/lamp-lit, or abstract brushwork) plus details named in it;
- full_N = figure over background N; the bust is a closer crop of the same
  2x figure over background 1; the icon is a head crop of the bust.

Deterministic: randomness only from `rng_for(spec, salt)`; PNGs carry no
metadata and use a fixed compression level.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from pipeline import png

from . import paint
from .common import mix, palette, parse_colour, rng_for, shade
from .paint import F, Cam, Layer, Shape, mirror, spline

SS = 2                      # the figure is painted at SS x the output size
PNG_LEVEL = 3               # zlib level: 3 encodes 3x faster than 6 for ~10 % more bytes
LIGHT_DIR = np.array([-0.55, -0.45, 0.70])
LIGHT_DIR = LIGHT_DIR / np.linalg.norm(LIGHT_DIR)   # key light: upper left, in front

# figure placement on the full portrait, as fractions of its width / height
HEAD_W = 0.24               # head width / image width
FACE_Y = 0.34               # face centre / image height
# the bust shows this many head widths square, its top this far above the face centre
BUST_SPAN = 3.4
BUST_TOP = 1.45
# the icon: a square of this many head widths around the face (a bit above its centre)
ICON_SPAN = 1.9
ICON_LIFT = 0.12


def c(hex_colour: str) -> np.ndarray:
    return parse_colour(hex_colour).astype(F)


# --- reading the catalog text -------------------------------------------------

COLOUR_WORDS = {
    "dark blue": "#1f2a4e", "navy": "#1f2a4e", "turquoise": "#2a9aa0", "crimson": "#8c1626",
    "saffron": "#e09a2a", "purple": "#5a1a5a", "scarlet": "#b01e1e", "red": "#a8201c",
    "blue": "#2a4a8a", "green": "#2a6a3a", "yellow": "#e0b020", "white": "#ece6da",
    "black": "#1a181c", "silver": "#c4c6ce", "gold": "#d4a22c", "gilded": "#d4a22c",
    "golden": "#d4a22c", "bronze": "#a8783a", "ermine": "#f2efe8", "ivory": "#efe6cf",
}
_COLOUR_RE = re.compile(r"\b(" + "|".join(sorted(COLOUR_WORDS, key=len, reverse=True)) + r")\b(-bordered)?")

GARMENTS = ("toga", "chiton", "himation", "cuirass", "cloak", "paludamentum", "gown", "ruff", "bodice",
            "robe", "robes", "kaftan", "turban", "headdress", "dhoti", "shawl", "kamishimo", "kimono",
            "coat", "epaulettes", "buttons", "sash", "mantle", "crown", "collar", "diadem", "helmet")
_GARMENT_RE = re.compile(r"\b(" + "|".join(GARMENTS) + r")\b")

SKIN = {  # lit mid-tone of the face per civilization
    "rome": "#d6a98a", "greece": "#cfa080", "egypt": "#b98a62", "persia": "#c4966e",
    "china": "#eac6a4", "england": "#f0d2be", "arabia": "#bb8c66", "aztec": "#a06a44",
    "india": "#9a6a48", "japan": "#e8c2a0", "russia": "#f0d0bc", "germany": "#ecc8b0",
}
SKIN_CHOICES = ("#f0d2be", "#e4b898", "#d6a98a", "#c4966e", "#a87a54", "#8a5e40")
DARK_HAIRED = {"egypt", "persia", "china", "arabia", "aztec", "india", "japan"}


def colour_for(text: str, noun: str) -> tuple[list[np.ndarray], np.ndarray | None]:
    """([colours], trim) named for the garment `noun` in `text` (nearest first).

    The colour is the colour word nearest before the noun since the previous
    garment noun in the same comma phrase ("dark blue ... coat"), else the first
    one after it when attached by "of"/"in" ("robe of crimson and saffron");
    "X-bordered" names the trim."""
    for phrase in text.lower().split(","):
        m = re.search(rf"\b{noun}\b", phrase)
        if not m:
            continue
        prev = [g.end() for g in _GARMENT_RE.finditer(phrase, 0, m.start())]
        start = prev[-1] if prev else 0
        nxt = _GARMENT_RE.search(phrase, m.end())
        end = nxt.start() if nxt else len(phrase)
        before = list(_COLOUR_RE.finditer(phrase, start, m.start()))
        # colours after the noun count only when attached by "of"/"in" (robe of crimson)
        tail = phrase[m.end():end]
        after = list(_COLOUR_RE.finditer(phrase, m.end(), end)) if re.match(r"\s+(of|in)\b", tail) else []
        trim = next((c(COLOUR_WORDS[w.group(1)]) for w in before + after if w.group(2)), None)
        plain = [w for w in before if not w.group(2)][::-1] or [w for w in after if not w.group(2)]
        return [c(COLOUR_WORDS[w.group(1)]) for w in plain], trim
    return [], None


def has(text: str, *words: str) -> bool:
    """Whether `text` holds a word starting with one of `words` (regexes)."""
    return any(re.search(rf"\b{w}", text) for w in words)


def first_of(text: str, nouns) -> str | None:
    """The noun of `nouns` that comes first in `text`."""
    found = [(m.start(), n) for n in nouns for m in [re.search(rf"\b{n}\b", text)] if m]
    return min(found)[1] if found else None


MAIN_GARMENTS = ("toga", "chiton", "gown", "robes", "robe", "kamishimo", "coat", "dhoti", "kimono", "kaftan",
                 "cloak", "tunic", "dress", "suit", "jacket", "uniform")
UNDYED = ("toga", "chiton", "dhoti")
OVER_GARMENTS = ("cloak", "paludamentum", "himation", "mantle", "kaftan", "kimono", "shawl")
DRESS_WORDS = {
    "ruff": ("ruff",), "usekh": ("usekh", "collar of gold"), "kimono": ("kimono",),
    "kamishimo": ("kamishimo",), "epaulettes": ("epaulette",), "buttons": ("buttons", "officer"),
    "drape": ("toga", "himation", "draped"), "cuirass": (r"cuirass\b",), "cloak": ("cloak", "paludamentum"),
    "ermine": ("ermine",), "sash": ("sash",), "shawl": ("shawl",), "robe": ("robe", "kaftan"),
    "gown": ("gown",), "pearls": ("pearl",), "medal": ("medal", "iron cross"), "embroidery": ("embroider",),
    "necklace": ("jade", "ornaments", "necklace"), "earplugs": ("ear plugs", "nose and ear"),
    "hairpins": ("hairpin",), "forehead": ("forehead ornament", "flower ornament"),
    "kohl": ("kohl",), "fibula": ("fibula", "brooch"), "crossed": ("tang", "hanfu"), "staff": ("staff",),
    "knot": ("knotted",), "bracelets": ("bracelet", "armlet"),
}
ERA_DRESS = {"ancient": {"drape"}, "classical": {"drape"}, "medieval": {"robe"}, "renaissance": {"buttons"},
             "industrial": {"buttons"}, "modern": {"buttons"}}


@dataclass
class Look:
    """Everything the painter needs to know about the sitter."""
    female: bool
    skin: np.ndarray
    hair: np.ndarray
    beard_colour: np.ndarray
    hair_style: str          # short | bald | topknot | bun | braids | curls | long | powdered
    beard: str               # none | full | long
    moustache: str           # none | thin | full | walrus
    headwear: str            # none | laurel | crown | tall_crown | diadem | turban | feathers | helmet
    crown_size: float
    glasses: bool
    face_width: float        # 1 = average; square jaws and broad faces are wider
    main: str | None         # the main garment's noun (toga, gown, coat ...)
    era: str
    garment: np.ndarray      # the main garment
    second: np.ndarray       # a second garment colour (robe over kaftan, cloak ...)
    trim: np.ndarray         # borders and embroidery
    accent: np.ndarray       # jewellery, metal
    dress: set = field(default_factory=set)   # dress details, see `read_look`
    extras: dict = field(default_factory=dict)


def read_look(spec: dict) -> Look:
    clothing = spec.get("clothing", "").lower()
    features = spec.get("features", "").lower()
    civ = spec.get("civilization", "").lower()
    era = spec.get("era", "")
    text = f"{clothing}, {features}"
    prompt = spec.get("prompt", "").lower()
    rng = rng_for(spec, "look")
    pal = [p.astype(F) for p in palette(spec)]
    female = has(prompt + " " + spec.get("name", "").lower(), "queen", "empress", "princess", "lady", "woman")

    skin = c(SKIN.get(civ, SKIN_CHOICES[int(rng.integers(len(SKIN_CHOICES)))]))
    if has(text, "pale", "powdered face"):
        skin = mix(skin, c("#f6dccc"), 0.6).astype(F)
    if has(text, "bronze skin"):
        skin = c("#a06a44")

    hair = c("#151214") if civ in DARK_HAIRED or has(features, "black") else c("#3a2418")
    if has(features, "red hair"):
        hair = c("#8a3a1a")
    if has(features, "greying"):
        hair = c("#6a6460")
    if has(features, "grey hair", "powdered grey"):
        hair = c("#cfcac4")
    beard_colour = hair
    if has(features, "white moustache", "white walrus", "white beard"):
        beard_colour = c("#e6e2da")
        hair = c("#d8d4cc") if has(features, "bald") else hair

    if has(features, "bald"):
        hair_style = "bald"
    elif has(features, "topknot", "shaved pate"):
        hair_style = "topknot"
    elif has(features, "bun"):
        hair_style = "bun"
    elif has(features, "braid"):
        hair_style = "braids"
    elif has(features, r"powdered (\w+ )?hair", "wig"):
        hair_style = "powdered"
    elif has(features, r"curled (\w+ )?hair", "curly"):
        hair_style = "curls" if female else "short"
    elif has(features, "short hair", "cropped"):
        hair_style = "short"
    else:
        hair_style = "long" if female else "short"

    beard = "none"
    if has(features, "beard") and not has(features, "clean-shaven"):
        beard = "long" if has(features, "long curled", "long beard", "long") else "full"
    moustache = "none"
    if has(features, "walrus"):
        moustache = "walrus"
    elif has(features, "thin moustache"):
        moustache = "thin"
    elif has(features, "moustache") or beard != "none":
        moustache = "full"

    headwear = "none"
    for words, kind in ((("headdress", "quetzal", "plumes", "feather"), "feathers"), (("turban",), "turban"),
                        (("helmet pushed", "helmet on"), "helmet"), (("fluted", "tall crown"), "tall_crown"),
                        (("diadem", "uraeus"), "diadem"), (("laurel",), "laurel"), (("crown",), "crown")):
        if has(text, *words):
            headwear = kind
            break
    if headwear == "helmet" and has(text, "under the arm", "held"):
        headwear = "none"

    # garment colours: the catalog's words first, then the palette
    main = first_of(clothing, MAIN_GARMENTS)
    cols, trim = colour_for(clothing, main) if main else ([], None)
    if not cols and main in UNDYED:
        cols = [c("#ece6da")]            # undyed wool and linen
    garment = cols[0] if cols else pal[0]
    second = cols[1] if len(cols) > 1 else None
    for noun in OVER_GARMENTS:
        over, tr = colour_for(clothing, noun)
        if noun != main and over and re.search(rf"\b{noun}\b", clothing):
            second = over[0]
            trim = trim if trim is not None else tr
            break
    if second is None:   # the palette colour that contrasts most with the garment
        second = max(pal, key=lambda q: float(np.abs(q - garment).sum()))
    golds = [q for q in pal if q[0] > 0.7 and q[1] > 0.5 and q[2] < 0.4]
    accent = golds[0] if golds else c("#d4a22c")
    if trim is None:   # "blue-bordered himation": a trim named anywhere
        trim = next((c(COLOUR_WORDS[m.group(1)]) for m in _COLOUR_RE.finditer(clothing) if m.group(2)), accent)

    dress = {key for key, words in DRESS_WORDS.items() if has(text, *words)}
    if main is None:   # no garment named: the era's usual dress
        dress |= ERA_DRESS.get(era, {"robe"}) if not (female and era == "renaissance") else {"gown"}
    if main == "cloak":
        dress.discard("cloak")        # the cloak is the garment itself
    if main == "dhoti":
        dress.add("bare")             # a bare chest under the shawl
    if has(clothing, "helmet held", "helmet under", "under the arm"):
        dress.add("helmet_prop")
    extras = {}
    if "sash" in dress:
        sash = colour_for(clothing, "sash")[0]
        if sash:
            extras["sash"] = sash[0]
        else:
            dress.discard("sash")     # a waist sash (holding a dagger): out of frame
    if headwear == "feathers":
        extras["feathers"] = (colour_for(clothing, "headdress")[0] or [c("#1a7a5a")])[0]
    if headwear == "helmet":
        extras["helmet"] = (colour_for(clothing, "helmet")[0] or [c("#a8783a")])[0]
    if headwear == "turban":
        extras["turban"] = (colour_for(clothing, "turban")[0] or [c("#ece6da")])[0]
    eyes = next((c(COLOUR_WORDS[w]) for w in ("blue", "green") if has(features, f"{w} eyes", f"bright {w} eyes")),
                c("#3a2418"))
    extras["eyes"] = eyes

    face_width = 1.0
    if has(features, "square jaw", "broad"):
        face_width = 1.06
    if has(features, "round face", "rounded face"):
        face_width = 1.05
    if female:
        face_width *= 0.94
    crown_size = 0.75 if has(text, "small") else 1.0
    return Look(female, skin, hair, beard_colour, hair_style, beard, moustache, headwear, crown_size,
                has(features, "spectacles", "glasses"), face_width, main, era, garment, second, trim, accent, dress,
                extras)


# --- scenes ----------------------------------------------------------------------

SCENE_WORDS = {
    "interior": ("throne", "hall", "palace", "chamber", "room", "interior", "house", "library", "study",
                 "council"),
    "outdoor": ("landscape", "sky", "sunset", "garden", "river", "mountain", "view", "desert", "forest",
                "valley", "sea", "harbour", "shore", "seashore", "field", "lake", "nile", "top of", "platform",
                "acropolis", "village", "bank", "sunlit", "forum", "city", "square", "street", "open air",
                "meadow", "hill", "coast", "beach", "countryside"),
    "night": ("night", "tent", "lamp", "camp", "candle", "candlelight", "fire", "brazier"),
}


NIGHT_ALWAYS = ("at night", "by night", "candlelight", "moonlight")


def scene_of(text: str) -> str:
    """The scene whose keyword comes first in the text (its head noun);
    "at night" or "by candlelight" anywhere makes it a night scene."""
    text = text.lower()
    if has(text, *NIGHT_ALWAYS):
        return "night"
    best, pos = "abstract", len(text) + 1
    for scene, words in SCENE_WORDS.items():
        for w in words:
            m = re.search(rf"\b{w}", text)
            if m and m.start() < pos:
                best, pos = scene, m.start()
    return best


def text_colours(text: str) -> list[np.ndarray]:
    return [c(COLOUR_WORDS[m.group(1)]) for m in _COLOUR_RE.finditer(text.lower())]


def vgrad(h: int, w: int, stops) -> np.ndarray:
    """Vertical gradient through (t, colour) stops."""
    t = (np.arange(h, dtype=F) + 0.5) / F(h)
    ts = np.array([s[0] for s in stops], F)
    out = np.stack([np.interp(t, ts, np.array([s[1][k] for s in stops], F)) for k in range(3)], -1)
    return np.repeat(out[:, None, :], w, axis=1).astype(F)


def draw_on(rgb: np.ndarray, fn, blur: float = 0.0) -> np.ndarray:
    """Run `fn(ImageDraw)` on an RGBA overlay and composite it onto `rgb`."""
    h, w = rgb.shape[:2]
    over = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    fn(ImageDraw.Draw(over, "RGBA"))
    if blur:
        over = over.filter(ImageFilter.GaussianBlur(blur))
    o = np.asarray(over, F) / F(255)
    a = o[..., 3:4]
    return (rgb * (1 - a) + o[..., :3] * a).astype(F)


def rgba(col, a: float = 1.0) -> tuple[int, int, int, int]:
    col = np.clip(np.asarray(col, float), 0, 1)
    return (int(col[0] * 255 + 0.5), int(col[1] * 255 + 0.5), int(col[2] * 255 + 0.5), int(a * 255 + 0.5))


@dataclass
class Scene:
    w: int
    h: int
    text: str
    pal: list
    light: np.ndarray
    rng: np.random.Generator
    variant: int
    lamps: list = field(default_factory=list)   # (x, y, r) in pixels, lit after the brushwork

    def has(self, *words) -> bool:
        return has(self.text, *words)


def paint_background(spec: dict, index: int, w: int, h: int, light: np.ndarray) -> np.ndarray:
    text = spec["backgrounds"][index].lower()
    sc = Scene(w, h, text, [p.astype(F) for p in palette(spec)], light, rng_for(spec, f"bg{index}"), index)
    kind = scene_of(text)
    rgb = {"interior": interior, "outdoor": outdoor, "night": night}.get(kind, abstract)(sc)
    # brushwork that follows the scene, then a little softness (the sitter is in focus)
    rgb = paint.brush_strokes(rgb, sc.rng, count=int(w * h / 450), length=w * 0.07, width=w * 0.018,
                              angle=0.0 if kind == "outdoor" else (lambda x, y: 1.2 + x),
                              angle_jitter=0.5, alpha=(60, 130), value_jitter=0.05)
    rgb = paint.soften(rgb, w / 400)
    rgb = rgb * F(0.9) + sc.pal[0] * F(0.1)   # a glaze of the civilization's colour over every scene
    for x, y, r in sc.lamps:   # flames stay crisp: lit after the brushwork
        rgb = lamp(rgb, x, y, r, light)
    # the key light falls from the left: the left side of the room is brighter
    X = (np.arange(w, dtype=F) + 0.5) / F(w)
    side = (1.08 - 0.28 * X)[None, :, None]
    return np.clip(rgb * side * (0.75 + 0.25 * light), 0, 1).astype(F)


def abstract(sc: Scene) -> np.ndarray:
    """Brush-stroke gradients in the palette colours (an undefined setting)."""
    a, b = sc.pal[sc.variant % len(sc.pal)], sc.pal[(sc.variant + 1) % len(sc.pal)]
    top, bottom = shade(mix(a, c("#40342a"), 0.35), 0.8), shade(mix(b, c("#2a2018"), 0.5), 0.55)
    rgb = vgrad(sc.h, sc.w, [(0.0, top), (0.55, mix(top, bottom, 0.5)), (1.0, bottom)])
    rgb = paint.brush_strokes(rgb, sc.rng, count=300, length=sc.w * 0.3, width=sc.w * 0.06,
                              angle=lambda x, y: 0.6 + 0.8 * y, angle_jitter=0.3, alpha=(40, 90),
                              value_jitter=0.15)
    return paint.glow(rgb, sc.w * 0.3, sc.h * 0.3, sc.w * 0.35, mix(sc.light, a, 0.3), 0.25)


# interiors ------------------------------------------------------------------------

def interior(sc: Scene) -> np.ndarray:
    """A hall: back wall and floor, then the architecture the text names
    (columns, arches, panels or screens, hangings, a throne), lamps, warm light."""
    w, h = sc.w, sc.h
    cols = [col for col in text_colours(sc.text) if 0.6 < col.sum() < 2.7] or [sc.pal[0]]
    wall = mix(cols[0], c("#8a7058"), 0.55)
    if sc.has("dark wood", "oak", "panelling", "panelled"):
        wall = c("#4a3222")
    elif sc.has("marble", "stone"):
        wall = mix(wall, c("#d0c4b0"), 0.55)
    elif sc.has("tile", "mosaic"):
        wall = mix(wall, c("#3a6a9a"), 0.5)
    if sc.variant == 2:   # the third picture is the dim, private room
        wall = shade(mix(wall, c("#2a3040"), 0.3), 0.7)
    rgb = vgrad(h, w, [(0.0, shade(wall, 0.45)), (0.35, shade(wall, 0.95)), (0.78, shade(wall, 0.8)),
                       (0.781, shade(wall, 0.42)), (1.0, shade(wall, 0.28))])
    accent = cols[1] if len(cols) > 1 else sc.pal[min(2, len(sc.pal) - 1)]
    if sc.has("window"):
        rgb = windows(sc, rgb)
    if sc.has("screen", "panelling", "panel", "tapestr", "tatami"):
        rgb = panels(sc, rgb, accent)
    if sc.has("arch"):
        rgb = arcade(sc, rgb, wall)
    if sc.has("column", "pillar", "columned", "pillared") or (
            sc.has("hall", "throne", "palace") and not sc.has("screen", "panel", "arch")):
        stone = c("#a8221a") if sc.has("red lacquer") else mix(wall, c("#e8dcc8"), 0.5)
        if sc.has("gilded", "gold") and not sc.has("red lacquer"):
            stone = mix(stone, c("#d4a22c"), 0.5)
        rgb = columns(sc, rgb, stone, mix(accent, c("#d4a22c"), 0.5))
    if sc.has("drape", "drapery", "curtain", "velvet", "banner", "standard", "hanging", "silk", "tapestr"):
        cloth = next((col for col in cols if col.sum() < 2.2), sc.pal[0])
        rgb = hangings(sc, rgb, cloth, banners=sc.has("banner", "standard"))
    if sc.has("throne", "canopy"):
        rgb = throne(sc, rgb, mix(accent, c("#d4a22c"), 0.6), shade(sc.pal[0], 0.8))
    if sc.has("lamp", "candle", "brazier"):
        spots = ((0.1, 0.3), (0.9, 0.26)) if sc.variant != 2 else ((0.14, 0.42), (0.88, 0.38), (0.06, 0.2))
        sc.lamps += [(x * w, y * h, w * 0.05) for x, y in spots]
    if sc.has("manuscript", "scroll", "book", "library", "librar"):
        rgb = shelves(sc, rgb)
    if sc.has("map", "chart"):
        rgb = wall_map(sc, rgb)
    if sc.has("officer", "general", "minister", "scholar", "courtier", "strategoi", "councillor"):
        rgb = people(sc, rgb, shade(wall, 0.35))
    return paint.glow(rgb, w * 0.2, h * 0.25, w * 0.45, sc.light * np.array([1.0, 0.85, 0.6], F), 0.25)


def windows(sc: Scene, rgb: np.ndarray) -> np.ndarray:
    """Tall bright windows on the lit (left) side and a shaft of light."""
    w, h = sc.w, sc.h

    def draw(d):
        for x in (0.02, 0.2):
            d.rectangle([x * w, 0.1 * h, (x + 0.11) * w, 0.5 * h], fill=rgba(mix(sc.light, c("#ffffff"), 0.3), 0.85))
            d.ellipse([x * w, 0.05 * h, (x + 0.11) * w, 0.15 * h], fill=rgba(mix(sc.light, c("#ffffff"), 0.3), 0.85))
            d.line([((x + 0.055) * w, 0.06 * h), ((x + 0.055) * w, 0.5 * h)], fill=rgba(c("#3a2a1a"), 0.8), width=3)
        d.polygon([(0.0, 0.2 * h), (0.32 * w, 0.12 * h), (0.75 * w, 0.8 * h), (0.3 * w, 0.85 * h)],
                  fill=rgba(sc.light, 0.12))
    return draw_on(rgb, draw, blur=w / 150)


def columns(sc: Scene, rgb: np.ndarray, stone, capital) -> np.ndarray:
    """Fluted columns lit from the left, with capitals, bases and an entablature."""
    w, h = sc.w, sc.h
    layouts = ((0.07, 0.28, 0.72, 0.93), (0.12, 0.88), (0.04, 0.22, 0.78, 0.96))
    xs = layouts[sc.variant % 3]
    cw = w * (0.075 if len(xs) > 2 else 0.11)
    top, bottom = int(0.09 * h), int(0.78 * h)
    for x in xs:
        x0 = int(x * w - cw / 2)
        u = (np.arange(x0, x0 + int(cw), dtype=F) + 0.5 - F(x * w)) / F(cw / 2)
        lit = np.clip(0.5 + 0.55 * np.sqrt(np.clip(1 - u * u, 0, 1)) - 0.3 * u, 0.15, 1.15)
        flutes = 1.0 - 0.1 * (np.cos(u * 7 * math.pi) > 0.5)
        band = np.asarray(stone, F)[None, :] * (lit * flutes)[:, None]
        a0, a1 = max(0, x0), min(w, x0 + int(cw))
        rgb[top:bottom, a0:a1] = band[a0 - x0:a1 - x0][None]
        for yy, hh, grow in ((0.09, 0.025, 0.35), (0.075, 0.015, 0.5), (0.765, 0.02, 0.3), (0.78, 0.015, 0.45)):
            b0, b1 = max(0, int(x0 - cw * grow / 2)), min(w, int(x0 + cw * (1 + grow / 2)))
            rgb[int(yy * h):int((yy + hh) * h), b0:b1] = shade(mix(capital, stone, 0.5), 0.9 + grow * 0.3)
    rgb[0:int(0.075 * h)] = vgrad(int(0.075 * h), w, [(0.0, shade(stone, 0.5)), (1.0, shade(stone, 0.8))])
    rgb[int(0.06 * h):int(0.068 * h)] = shade(capital, 0.8)
    return rgb


def arcade(sc: Scene, rgb: np.ndarray, wall) -> np.ndarray:
    """Horseshoe or round arches with lit openings (tilework when named)."""
    w, h = sc.w, sc.h
    horseshoe = sc.has("horseshoe")
    tile = mix(c("#2a5a9a"), sc.pal[1 % len(sc.pal)], 0.3) if sc.has("tile", "mosaic") else shade(wall, 0.7)

    def draw(d):
        for x in (0.12, 0.5, 0.88):
            r = w * 0.13
            y = 0.3 * h
            d.rectangle([x * w - r * 1.2, 0.1 * h, x * w + r * 1.2, 0.78 * h], fill=rgba(tile))
            for k in range(6):   # tile pattern on the piers
                d.rectangle([x * w - r * 1.2, (0.12 + k * 0.1) * h, x * w + r * 1.2, (0.125 + k * 0.1) * h],
                            fill=rgba(shade(tile, 1.4), 0.6))
            open_col = shade(wall, 0.3)
            d.rectangle([x * w - r, y, x * w + r, 0.78 * h], fill=rgba(open_col))
            d.ellipse([x * w - r * (1.1 if horseshoe else 1.0), y - r * 1.1, x * w + r * (1.1 if horseshoe else 1.0),
                       y + r * (0.9 if horseshoe else 1.0)], fill=rgba(open_col))
            d.rectangle([x * w - r * 0.7, y, x * w + r * 0.7, 0.74 * h], fill=rgba(sc.light * 0.8, 0.22))
    return draw_on(rgb, draw, blur=w / 250)


def panels(sc: Scene, rgb: np.ndarray, accent) -> np.ndarray:
    """Wood panelling, tapestries or gold-leaf screens: framed rectangles."""
    w, h = sc.w, sc.h
    gold = sc.has("gold")
    if gold:
        base = c("#c89a40")
    elif sc.has("wood", "oak", "panel"):
        base = c("#5a3a24")
    else:
        base = mix(accent, c("#6a5040"), 0.5)
    rng = sc.rng

    def draw(d):
        n = 5
        for i in range(n):
            x0, x1 = (i + 0.04) * w / n, (i + 0.96) * w / n
            d.rectangle([x0, 0.06 * h, x1, 0.76 * h], fill=rgba(shade(base, 0.7)))
            d.rectangle([x0 + w * 0.014, 0.08 * h, x1 - w * 0.014, 0.74 * h],
                        fill=rgba(shade(base, 1.0 + 0.08 * (i % 2))))
            if gold:   # painted pines and clouds on the screens
                y = float(rng.uniform(0.25, 0.5))
                d.ellipse([x0 + w * 0.02, y * h, x1 - w * 0.01, (y + 0.12) * h], fill=rgba(c("#2a5a3a"), 0.7))
                d.line([((x0 + x1) / 2, (y + 0.1) * h), ((x0 + x1) / 2 + 6, 0.7 * h)], fill=rgba(c("#4a3020"), 0.8),
                       width=5)
            elif sc.has("tapestr"):
                d.rectangle([x0 + w * 0.04, 0.2 * h, x1 - w * 0.04, 0.6 * h], fill=rgba(mix(accent, base, 0.4), 0.7))
            else:   # a raised inner panel
                d.rectangle([x0 + w * 0.035, 0.14 * h, x1 - w * 0.035, 0.42 * h], outline=rgba(shade(base, 0.6)),
                            width=3)
                d.rectangle([x0 + w * 0.035, 0.48 * h, x1 - w * 0.035, 0.7 * h], outline=rgba(shade(base, 0.6)),
                            width=3)
    return draw_on(rgb, draw, blur=w / 300)


def hangings(sc: Scene, rgb: np.ndarray, cloth, banners: bool) -> np.ndarray:
    """Folded drapery at the sides, or hanging banners with a pale emblem."""
    w, h = sc.w, sc.h

    def draw(d):
        if banners:
            for x in (0.06, 0.82):
                d.polygon([(x * w, 0.05 * h), ((x + 0.13) * w, 0.05 * h), ((x + 0.13) * w, 0.6 * h),
                           ((x + 0.065) * w, 0.55 * h), (x * w, 0.6 * h)], fill=rgba(cloth))
                d.ellipse([(x + 0.03) * w, 0.2 * h, (x + 0.1) * w, 0.25 * h], fill=rgba(c("#d4a22c"), 0.8))
                d.line([(x * w, 0.05 * h), ((x + 0.13) * w, 0.05 * h)], fill=rgba(c("#d4a22c")), width=6)
        else:
            for side in (0, 1):
                for k in range(7):
                    xx = ((0.0 if side == 0 else 0.8) + k * 0.03) * w
                    tone = 0.55 + 0.45 * math.sin(k * 1.7 + side) ** 2
                    d.rectangle([xx, 0, xx + w * 0.032, 0.78 * h], fill=rgba(shade(cloth, tone)))
    return draw_on(rgb, draw, blur=w / 220)


def throne(sc: Scene, rgb: np.ndarray, gold, cushion) -> np.ndarray:
    """The tall back of a throne (or a canopy of state) behind the sitter."""
    w, h = sc.w, sc.h

    def draw(d):
        d.rectangle([0.25 * w, 0.14 * h, 0.75 * w, 0.8 * h], fill=rgba(shade(gold, 0.75)))
        d.rectangle([0.29 * w, 0.18 * h, 0.71 * w, 0.8 * h], fill=rgba(cushion))
        for x in (0.25, 0.75):   # finials
            d.ellipse([(x - 0.035) * w, 0.1 * h, (x + 0.035) * w, 0.15 * h], fill=rgba(gold))
    return draw_on(rgb, draw, blur=w / 300)


def shelves(sc: Scene, rgb: np.ndarray) -> np.ndarray:
    """Shelves of books or scroll ends at both sides of the room."""
    w, h = sc.w, sc.h
    scrolls = sc.has("scroll", "papyrus")
    rng = sc.rng

    def draw(d):
        for x0, x1 in ((0.0, 0.3), (0.7, 1.0)):
            d.rectangle([x0 * w, 0.08 * h, x1 * w, 0.78 * h], fill=rgba(c("#3a2616")))
            for row in range(6):
                y0, y1 = (0.1 + row * 0.11) * h, (0.19 + row * 0.11) * h
                x = x0 * w + 4
                while x < x1 * w - 8:
                    bw = float(rng.uniform(0.012, 0.03)) * w
                    tone = mix(sc.pal[int(rng.integers(len(sc.pal)))], c("#c8b890"), float(rng.uniform(0.3, 0.8)))
                    if scrolls:   # rolled ends of parchment, each with its dark core
                        r = bw * 0.8
                        end = mix(c("#d8c8a0"), tone, 0.2)
                        d.ellipse([x, y1 - 2 * r, x + 2 * r, y1], fill=rgba(shade(end, float(rng.uniform(0.7, 1.0)))))
                        d.ellipse([x + r * 0.7, y1 - r * 1.3, x + r * 1.3, y1 - r * 0.7], fill=rgba(c("#5a4630")))
                        x += 2 * r
                    else:
                        d.rectangle([x, y0 + float(rng.uniform(0, 0.02)) * h, x + bw, y1], fill=rgba(shade(tone, 0.75)))
                        x += bw + 1
                d.rectangle([x0 * w, y1, x1 * w, y1 + 5], fill=rgba(c("#5a3a22")))
    return draw_on(rgb, draw, blur=w / 350)


def wall_map(sc: Scene, rgb: np.ndarray) -> np.ndarray:
    """A large map on the back wall: parchment, coastlines, a few routes."""
    w, h = sc.w, sc.h
    rng = sc.rng

    def draw(d):
        x0, y0, x1, y1 = 0.04 * w, 0.12 * h, 0.96 * w, 0.46 * h
        d.rectangle([x0 - 6, y0 - 6, x1 + 6, y1 + 6], fill=rgba(c("#4a3020")))
        d.rectangle([x0, y0, x1, y1], fill=rgba(c("#b8a278")))   # old parchment, in the room's shade
        for _ in range(5):   # land masses
            cx, cy = float(rng.uniform(x0, x1)), float(rng.uniform(y0, y1))
            pts = [(cx + math.cos(a) * r * w, cy + math.sin(a) * r * w * 0.7)
                   for a, r in zip(np.linspace(0, 2 * math.pi, 9)[:-1], rng.uniform(0.04, 0.12, 8))]
            d.polygon(pts, fill=rgba(c("#a89060")), outline=rgba(c("#6a5030")))
        for _ in range(4):   # routes and borders
            d.line([(float(rng.uniform(x0, x1)), float(rng.uniform(y0, y1))) for _ in range(3)],
                   fill=rgba(c("#8a2a1e"), 0.7), width=3)
    return draw_on(rgb, draw, blur=w / 300)


def people(sc: Scene, rgb: np.ndarray, colour) -> np.ndarray:
    """Dim standing figures at the sides of the room (ministers, officers, scholars)."""
    w, h = sc.w, sc.h

    def draw(d):
        for x in (0.05, 0.2, 0.8, 0.95):
            cx, top = x * w, float(sc.rng.uniform(0.3, 0.36)) * h
            d.ellipse([cx - 0.035 * w, top, cx + 0.035 * w, top + 0.09 * w], fill=rgba(colour))
            d.polygon([(cx - 0.03 * w, top + 0.08 * w), (cx + 0.03 * w, top + 0.08 * w), (cx + 0.1 * w, top + 0.13 * w),
                       (cx + 0.11 * w, 0.8 * h), (cx - 0.11 * w, 0.8 * h), (cx - 0.1 * w, top + 0.13 * w)],
                      fill=rgba(colour))
    return draw_on(rgb, draw, blur=w / 200)


def lamp(rgb: np.ndarray, x: float, y: float, r: float, light) -> np.ndarray:
    flame = np.array([1.0, 0.72, 0.35], F) * light
    rgb = paint.glow(rgb, x, y, r * 2.4, flame, 0.4)
    return paint.glow(rgb, x, y, r * 0.22, np.array([1.0, 0.95, 0.8], F), 1.0)


# landscapes -----------------------------------------------------------------------

def sky_stops(sc: Scene, horizon: float):
    """Sky colours from the words, else a different time of day per variant."""
    if sc.has("sunset", "dusk", "golden"):
        return [(0.0, c("#3a2a4a")), (horizon * 0.55, c("#b0604a")), (horizon, c("#f4b866"))]
    if sc.has("smok", "brazier"):
        return [(0.0, c("#2e2a2c")), (horizon * 0.6, c("#6a5a50")), (horizon, c("#c89a6a"))]
    if sc.has("storm", "dark cloud"):
        return [(0.0, c("#1c2026")), (horizon * 0.6, c("#3c444c")), (horizon, c("#7a7e78"))]
    if sc.has("mist", "morning"):
        return [(0.0, c("#7e8c98")), (horizon, c("#dcdcd0"))]
    if sc.has("snow") and not sc.has("snowy mountain", "snowy peak", "snow-capped"):
        return [(0.0, c("#6a7e98")), (horizon, c("#dfe4ea"))]
    if sc.has("blue", "bright") or sc.variant == 0:
        return [(0.0, c("#24508e")), (horizon * 0.6, c("#5a8cc4")), (horizon, c("#d6e0dc"))]
    if sc.variant == 1:   # late afternoon
        return [(0.0, c("#3a5a8a")), (horizon * 0.6, c("#8aa0b8")), (horizon, c("#f0d8a8"))]
    return [(0.0, c("#4a5a6e")), (horizon * 0.6, c("#8a94a0")), (horizon, c("#d8cfc0"))]


def outdoor(sc: Scene) -> np.ndarray:
    """Sky, clouds, far mountains, landmarks on the horizon, hills, water,
    trees: whatever the text names."""
    w, h = sc.w, sc.h
    horizon = (0.5, 0.55, 0.47)[sc.variant % 3]
    sky = sky_stops(sc, horizon)
    ground = c("#5a7a34")
    if sc.has("desert", "sand", "salt", "nile", "shore", "dandi"):
        ground = c("#c8a870")
    if sc.has("snow") and not sc.has("snowy mountain", "snowy peak", "snow-capped"):
        ground = c("#e4e8ec")
    if sc.has("rooftop", "terracotta", "forum", "city"):
        ground = c("#a8603a")
    far = mix(sky[-1][1], c("#5a6a78"), 0.4)
    rgb = vgrad(h, w, sky + [(horizon + 0.001, far), (1.0, shade(ground, 0.55))])
    rgb = clouds(sc, rgb, horizon, sky)
    if sc.has("sunset", "dusk", "golden", "morning"):
        rgb = paint.glow(rgb, w * 0.18, h * (horizon - 0.04), w * 0.3, c("#ffc070"), 0.55)
    if sc.has("mountain", "volcano", "fuji", "alps"):
        rgb = mountains(sc, rgb, horizon, mix(far, sky[0][1], 0.35), sc.has("snow", "fuji"), sc.has("volcano"))
    rgb = hills(sc, rgb, horizon, far, ground)
    if sc.has("sea", "harbour", "lake", "river", "nile", "canal", "shore", "tigris", "water", "rhine"):
        rgb = water(sc, rgb, horizon, sky, full=sc.has("sea", "harbour", "lake", "shore"))
    rgb = landmarks(sc, rgb, horizon, mix(far, c("#2a2a34"), 0.35))
    rgb = trees(sc, rgb, horizon, ground)
    if sc.has("platform", "top of", "terrace", "steps"):
        rgb = terrace(sc, rgb)
    if sc.has("assembly", "citizens", "marchers", "crowd", "warriors"):
        rgb = crowd(sc, rgb, horizon, mix(far, c("#2a2a34"), 0.55))
    if sc.has("brazier", "fire", "torch"):
        sc.lamps += [(0.1 * w, 0.62 * h, w * 0.07), (0.9 * w, 0.6 * h, w * 0.07)]
    return rgb


def crowd(sc: Scene, rgb, horizon, colour) -> np.ndarray:
    """Rows of heads and shoulders below the horizon (an assembly, marchers)."""
    h, w = rgb.shape[:2]
    far = sc.has("distance", "distant", "long line")

    def draw(d):
        rows = ((horizon + 0.03, 0.008),) if far else ((0.74, 0.03), (0.8, 0.036), (0.87, 0.042))
        for k, (y, r) in enumerate(rows):
            x = float(sc.rng.uniform(0, r * w))
            while x < w:
                cy = y * h + float(sc.rng.uniform(-0.4, 0.4)) * r * h
                tone = rgba(shade(colour, 1.0 - 0.15 * k))
                d.ellipse([x - r * w * 0.5, cy - r * w * 0.6, x + r * w * 0.5, cy + r * w * 0.6], fill=tone)
                d.polygon([(x - r * w * 1.3, cy + r * w * 2.2), (x - r * w * 0.6, cy + r * w * 0.6),
                           (x + r * w * 0.6, cy + r * w * 0.6), (x + r * w * 1.3, cy + r * w * 2.2)], fill=tone)
                x += r * w * float(sc.rng.uniform(1.8, 2.6))
    return draw_on(rgb, draw, blur=w / 400)


def terrace(sc: Scene, rgb) -> np.ndarray:
    """A stone parapet in the foreground: the sitter stands on a platform."""
    h, w = rgb.shape[:2]
    stone = mix(c("#a89a84"), sc.pal[-1], 0.2)

    def draw(d):
        y0 = 0.66 * h
        d.rectangle([0, y0, w, h], fill=rgba(shade(stone, 0.75)))
        for row in range(5):
            y = y0 + row * 0.07 * h
            d.line([(0, y), (w, y)], fill=rgba(shade(stone, 0.5)), width=3)
            for k in range(7):
                x = (k + 0.5 * (row % 2)) * w / 6
                d.line([(x, y), (x, y + 0.07 * h)], fill=rgba(shade(stone, 0.5)), width=3)
        d.rectangle([0, y0 - 0.015 * h, w, y0 + 0.01 * h], fill=rgba(shade(stone, 1.05)))
    return draw_on(rgb, draw, blur=w / 300)


def clouds(sc: Scene, rgb, horizon, sky) -> np.ndarray:
    """Horizontal strokes of lighter (or, in a storm, darker) sky."""
    h, w = rgb.shape[:2]
    storm = sc.has("storm", "dark cloud")
    tone = shade(sky[0][1], 0.6) if storm else mix(sky[-1][1], c("#ffffff"), 0.4)

    def draw(d):
        for _ in range(16 if storm else 9):
            x = float(sc.rng.uniform(-0.2, 1.0)) * w
            y = float(sc.rng.uniform(0.05, horizon * 0.8)) * h
            cw, ch = float(sc.rng.uniform(0.2, 0.5)) * w, float(sc.rng.uniform(0.02, 0.05)) * h
            d.ellipse([x, y, x + cw, y + ch], fill=rgba(tone, 0.5 if storm else 0.35))
    return draw_on(rgb, draw, blur=w / 60)


def ridge(sc: Scene, base: float, amp: float, cells: int) -> np.ndarray:
    """A smooth random skyline: y (0..1) per column."""
    g = sc.rng.uniform(-1, 1, cells + 3)
    x = np.linspace(0, cells, sc.w)
    return base - amp * np.interp(x, np.arange(cells + 3), g)


def fill_below(rgb: np.ndarray, line: np.ndarray, colour_top, colour_bottom, soft: float = 1.5) -> np.ndarray:
    """Paint everything below the skyline `line` (per-column y in 0..1)."""
    h, w = rgb.shape[:2]
    Y = (np.arange(h, dtype=F)[:, None] + 0.5)
    yl = (line * h)[None, :]
    m = np.clip((Y - yl) / F(soft) + 0.5, 0, 1)[..., None]
    t = np.clip((Y - yl) / F(h * 0.3), 0, 1)[..., None]
    col = np.asarray(colour_top, F) * (1 - t) + np.asarray(colour_bottom, F) * t
    return (rgb * (1 - m) + col * m).astype(F)


def mountains(sc: Scene, rgb, horizon, colour, snowy: bool, smoke: bool) -> np.ndarray:
    """Peaks at the sides, their right flanks (away from the light) in shade,
    ragged snow caps, volcanic smoke."""
    h, w = rgb.shape[:2]
    x = np.linspace(0, 1, w)
    peaks = ((0.12, 0.24, 0.22), (0.9, 0.2, 0.25)) if sc.variant != 1 else ((0.82, 0.3, 0.3), (0.2, 0.16, 0.2))
    line = np.full(w, horizon, float)
    owner = np.full(w, -1.0)      # x of the peak that forms the skyline
    height = np.zeros(w)          # that peak's height
    for px, ph, pw in peaks:
        y = horizon - ph * np.clip(1 - np.abs(x - px) / pw, 0, 1) ** (1.9 if smoke else 1.2)
        if smoke:   # a volcano's concave, truncated cone
            y = np.maximum(y, horizon - ph * 0.85)
        nearer = y < line
        owner, height = np.where(nearer, px, owner), np.where(nearer, ph, height)
        line = np.minimum(line, y)
    rgb = fill_below(rgb, line, colour, mix(colour, c("#3a4a5a"), 0.4))
    Y = (np.arange(h)[:, None] + 0.5) / h
    below = (Y > line[None, :]) & (Y < horizon)
    shaded = (x[None, :] > owner[None, :]) & below
    rgb = np.where(shaded[..., None], rgb * F(0.78), rgb).astype(F)
    if snowy:
        ragged = 0.012 * np.sin(x * 90) + 0.008 * np.sin(x * 37 + 1)
        snow_line = horizon - height * 0.62 + ragged
        cap = below & (Y < snow_line[None, :]) & (height[None, :] > 0.1)
        white = c("#eef0f4") * np.where(shaded, 0.8, 1.0)[..., None]
        rgb = np.where(cap[..., None], mix(rgb, white, 0.9), rgb).astype(F)
    if smoke:   # a plume drifting up and to the right
        for px, ph, _ in peaks:
            for k in range(5):
                cx, cy = (px + 0.02 * k) * w, (horizon - ph * 0.85 - 0.03 * k) * h
                under = rgb[min(h - 1, max(0, int(cy))), min(w - 1, max(0, int(cx)))]
                rgb = paint.glow(rgb, cx, cy, w * (0.02 + 0.008 * k), c("#5a5450") - under, 0.6)
    return rgb


def hills(sc: Scene, rgb, horizon, far, ground) -> np.ndarray:
    for k, (amp, tone) in enumerate(((0.035, 0.3), (0.05, 0.65))):
        line = ridge(sc, horizon + 0.015 + 0.06 * k, amp, 3 + k * 2)
        col = mix(far, ground, tone)
        rgb = fill_below(rgb, line, col, shade(col, 0.7))
    return rgb


def water(sc: Scene, rgb, horizon, sky, full: bool) -> np.ndarray:
    """Water reflecting the sky, with glittering horizontal strokes (a broad
    sea or lake, or a river band)."""
    h, w = rgb.shape[:2]
    y0 = int((horizon + (0.0 if full else 0.06)) * h)
    y1 = int(min(1.0, horizon + (0.35 if full else 0.14)) * h)
    near = mix(sky[-1][1], c("#4a7a9a"), 0.4)   # water: the sky's colours, bluer and darker
    refl = vgrad(y1 - y0, w, [(0.0, shade(near, 0.9)), (1.0, shade(mix(sky[0][1], c("#1a3a4a"), 0.4), 0.7))])
    rgb[y0:y1] = refl
    rough = sc.has("storm")
    return paint.brush_strokes(rgb, sc.rng, count=260 if rough else 160, length=w * 0.1, width=h * 0.005,
                               angle=0.0, angle_jitter=0.15 if rough else 0.02, alpha=(80, 170), value_jitter=0.25,
                               area=(0, y0 / h, 1, y1 / h))


LANDMARKS = (  # keyword -> silhouette drawn on the horizon
    (("parthenon", "acropolis", "temple", "forum"), "temple"),
    (("column",), "column"), (("dome", "mosque", "cathedral", "onion"), "domes"),
    (("templo", "step pyramid"), "step_pyramid"), (("pyramid",), "pyramid"), (("pagoda",), "pagoda"),
    (("castle", "keep", "fortress"), "castle"),
    (("fleet", "galleon", "trireme", "felucca", "ship", "boat"), "ships"),
    (("assembly", "citizens", "marchers", "crowd", "warriors"), "crowd"),
)


def landmarks(sc: Scene, rgb, horizon, colour) -> np.ndarray:
    """Silhouettes of what the text names, at the sides (the sitter hides the middle)."""
    h, w = rgb.shape[:2]
    kinds = [k for words, k in LANDMARKS if sc.has(*words)]
    if not kinds:
        return rgb
    onion = sc.has("onion")

    def draw(d):
        for i, kind in enumerate(kinds[:2]):
            x = (0.13, 0.86)[(i + sc.variant) % 2] * w
            base = horizon * h + 4
            s = w * 0.12
            col = rgba(colour)
            lit = rgba(mix(colour, sc.light, 0.35))
            if kind == "temple":
                d.rectangle([x - s, base - s * 0.2, x + s, base], fill=col)
                for k in range(6):
                    cx = x - s * 0.85 + k * s * 0.34
                    d.rectangle([cx - s * 0.06, base - s * 0.85, cx + s * 0.06, base - s * 0.2], fill=lit)
                d.rectangle([x - s * 1.05, base - s * 1.0, x + s * 1.05, base - s * 0.85], fill=col)
                d.polygon([(x - s * 1.05, base - s), (x + s * 1.05, base - s), (x, base - s * 1.3)], fill=col)
            elif kind == "column":
                d.rectangle([x - s * 0.12, base - s * 2.2, x + s * 0.12, base], fill=lit)
                d.rectangle([x - s * 0.2, base - s * 2.3, x + s * 0.2, base - s * 2.2], fill=col)
            elif kind == "domes":
                for dx, r in ((-0.6, 0.35), (0.0, 0.55), (0.6, 0.35)):
                    cx = x + dx * s
                    d.rectangle([cx - r * s * 0.8, base - r * s * 1.4, cx + r * s * 0.8, base], fill=col)
                    d.ellipse([cx - r * s, base - r * s * 2.4, cx + r * s, base - r * s * 0.8], fill=lit)
                    if onion:
                        d.polygon([(cx - r * s * 0.3, base - r * s * 2.2), (cx, base - r * s * 3.0),
                                   (cx + r * s * 0.3, base - r * s * 2.2)], fill=lit)
                    else:
                        d.rectangle([cx + r * s * 1.2, base - r * s * 3.2, cx + r * s * 1.35, base], fill=col)
            elif kind in ("pyramid", "step_pyramid"):
                for dx, r in ((0.0, 1.0), (0.9, 0.6)):
                    cx = x + dx * s
                    if kind == "pyramid":
                        d.polygon([(cx - r * s, base), (cx, base - r * s * 0.9), (cx + r * s, base)], fill=lit)
                        d.polygon([(cx, base - r * s * 0.9), (cx + r * s, base), (cx + r * s * 0.2, base)], fill=col)
                    else:
                        for k in range(5):
                            hw = r * s * (1 - k * 0.17)
                            d.rectangle([cx - hw, base - (k + 1) * r * s * 0.16, cx + hw, base - k * r * s * 0.16],
                                        fill=lit if k % 2 else col)
                        d.rectangle([cx - r * s * 0.2, base - r * s * 1.05, cx + r * s * 0.2, base - r * s * 0.8],
                                    fill=col)
            elif kind == "pagoda":
                for k in range(5):
                    hw = s * (0.6 - k * 0.09)
                    yb = base - k * s * 0.4
                    d.rectangle([x - hw * 0.6, yb - s * 0.35, x + hw * 0.6, yb], fill=col)
                    d.polygon([(x - hw * 1.2, yb - s * 0.3), (x + hw * 1.2, yb - s * 0.3), (x + hw * 0.5, yb - s * 0.5),
                               (x - hw * 0.5, yb - s * 0.5)], fill=lit)
            elif kind == "castle":
                d.rectangle([x - s * 0.8, base - s * 0.6, x + s * 0.8, base], fill=lit)
                for dx in (-0.8, 0.55):
                    d.rectangle([x + dx * s, base - s * 1.1, x + (dx + 0.25) * s, base], fill=col)
                    for k in range(3):
                        d.rectangle([x + (dx + k * 0.1) * s, base - s * 1.2, x + (dx + k * 0.1 + 0.05) * s,
                                     base - s * 1.1], fill=col)
            elif kind == "ships":
                for dx, r in ((-0.5, 0.8), (0.6, 0.55)):
                    cx, yb = x + dx * s, base + s * 0.3
                    d.polygon([(cx - r * s * 0.6, yb - r * s * 0.15), (cx + r * s * 0.6, yb - r * s * 0.15),
                               (cx + r * s * 0.4, yb), (cx - r * s * 0.4, yb)], fill=col)
                    d.line([(cx, yb - r * s * 0.15), (cx, yb - r * s * 1.1)], fill=col, width=2)
                    d.polygon([(cx - r * s * 0.35, yb - r * s * 1.0), (cx + r * s * 0.35, yb - r * s * 1.0),
                               (cx + r * s * 0.3, yb - r * s * 0.3), (cx - r * s * 0.3, yb - r * s * 0.3)],
                              fill=rgba(mix(colour, c("#f0ece0"), 0.6)))
    return draw_on(rgb, draw, blur=w / 300)


TREES = (("palm",), ("cypress",), ("pine",), ("birch",), ("blossom", "cherry"), ("banyan", "tree", "forest", "wood"))


def trees(sc: Scene, rgb, horizon, ground) -> np.ndarray:
    """A few trees of the named kind at the picture's edges."""
    h, w = rgb.shape[:2]
    kind = next((words[0] for words in TREES if sc.has(*words)), None)
    if kind is None:
        return rgb
    leaf = {"palm": c("#3a5a2a"), "cypress": c("#1e3a24"), "pine": c("#23402c"), "birch": c("#c8b060"),
            "blossom": c("#f0c0cc"), "banyan": c("#35582a")}[kind]
    trunk = c("#e8e4dc") if kind == "birch" else c("#3a2a1c")

    def draw(d):
        for x in ((0.04, 0.2, 0.93) if sc.variant != 2 else (0.08, 0.88)):
            base = (horizon + 0.12) * h
            s = w * 0.1 * float(sc.rng.uniform(0.8, 1.2))
            px = x * w
            if kind == "cypress":
                d.ellipse([px - s * 0.2, base - s * 2.4, px + s * 0.2, base], fill=rgba(leaf))
                continue
            d.line([(px, base), (px + s * 0.1, base - s * 1.8)], fill=rgba(trunk), width=max(2, int(s * 0.12)))
            if kind == "palm":
                for a in np.linspace(-2.8, -0.3, 6):
                    d.line([(px + s * 0.1, base - s * 1.8), (px + s * 0.1 + math.cos(a) * s, base - s * 1.8 +
                            math.sin(a) * s * 0.5 + s * 0.3)], fill=rgba(leaf), width=max(2, int(s * 0.1)))
            elif kind == "pine":
                for k in range(3):
                    d.polygon([(px - s * (0.7 - k * 0.2), base - s * (0.6 + k * 0.5)),
                               (px + s * (0.7 - k * 0.2), base - s * (0.6 + k * 0.5)),
                               (px, base - s * (1.3 + k * 0.5))], fill=rgba(leaf))
            else:   # round crowns, several blobs
                for dx, dy, r in ((0, -1.9, 0.6), (-0.4, -1.6, 0.45), (0.4, -1.55, 0.5)):
                    d.ellipse([px + (dx - r) * s, base + (dy - r) * s, px + (dx + r) * s, base + (dy + r) * s],
                              fill=rgba(leaf, 0.9))
    return draw_on(rgb, draw, blur=w / 400)


# night ------------------------------------------------------------------------------

def night(sc: Scene) -> np.ndarray:
    """Near darkness, warm pools of lamp or fire light, cloth walls of a tent."""
    w, h = sc.w, sc.h
    cloth = mix(sc.pal[sc.variant % len(sc.pal)], c("#3a2a1a"), 0.6)
    rgb = vgrad(h, w, [(0.0, shade(cloth, 0.22)), (0.6, shade(cloth, 0.5)), (1.0, shade(cloth, 0.18))])
    if sc.has("tent", "curtain", "camp"):
        crest = sc.has("crest", "mon")

        def folds(d):
            for i in range(9):
                x = (i + 0.5) * w / 9
                d.polygon([(x - w * 0.03, 0), (x + w * 0.03, 0), (x + w * 0.06, 0.8 * h), (x - w * 0.06, 0.8 * h)],
                          fill=rgba(shade(cloth, 0.6 + 0.35 * (i % 2)), 0.5))
            if crest:   # pale crests on the curtains: a ring holding three leaves
                for x in (0.14, 0.86):
                    cx, cy, r = x * w, 0.17 * h, 0.075 * w
                    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=rgba(c("#e8e0d0"), 0.75))
                    d.ellipse([cx - r * 0.8, cy - r * 0.8, cx + r * 0.8, cy + r * 0.8], fill=rgba(shade(cloth, 0.6)))
                    for a in (-math.pi / 2, math.pi / 6, 5 * math.pi / 6):
                        lx, ly = cx + math.cos(a) * r * 0.38, cy + math.sin(a) * r * 0.38
                        d.ellipse([lx - r * 0.3, ly - r * 0.3, lx + r * 0.3, ly + r * 0.3],
                                  fill=rgba(c("#e8e0d0"), 0.75))
        rgb = draw_on(rgb, folds, blur=w / 70)
    spots = ((0.12, 0.42), (0.88, 0.34)) if sc.variant != 2 else ((0.1, 0.3), (0.9, 0.52))
    sc.lamps += [(x * w, y * h, w * 0.08) for x, y in spots]
    if sc.has("fire", "brazier"):   # firelight rising from below
        rgb = paint.glow(rgb, w * 0.5, h * 1.02, w * 0.5, c("#ff8a30") * sc.light, 0.6)
    if sc.has("map", "table", "chart"):   # a lit table edge at the bottom
        def table(d):
            d.rectangle([0, 0.84 * h, w, h], fill=rgba(c("#5a3a20")))
            d.polygon([(0.03 * w, 0.86 * h), (0.36 * w, 0.85 * h), (0.4 * w, 0.98 * h), (0.0, 0.99 * h)],
                      fill=rgba(c("#d8c090"), 0.9))
        rgb = draw_on(rgb, table, blur=w / 300)
    return rgb


# --- the figure ---------------------------------------------------------------------

@dataclass
class Painter:
    """Paints figure elements on a Layer through camera `cam` (figure units:
    head width 1, origin at the face centre, y down)."""
    layer: Layer
    cam: Cam
    look: Look
    light: np.ndarray
    rng: np.random.Generator

    def ellipse(self, cx, cy, rx, ry) -> Shape:
        return Shape("ellipse", self.cam.px([(cx - rx, cy - ry), (cx + rx, cy + ry)]))

    def poly(self, pts, smooth: bool = True) -> Shape:
        pts = spline(pts, closed=True, steps=8) if smooth else pts
        return Shape("poly", self.cam.px(pts))

    def line(self, pts, width: float, smooth: bool = True) -> Shape:
        pts = spline(pts, closed=False, steps=6) if smooth and len(pts) > 2 else pts
        return Shape("line", self.cam.px(pts), width=width * self.cam.s)

    def region(self, add, sub=(), clip=(), blur: float = 0.006):
        return self.layer.region(add, sub, clip, blur=blur * self.cam.s)

    def lit(self, base, n, ambient: float = 0.36, spec: float = 0.0, shininess: float = 14.0):
        """Base colour under the key light (tinted) plus a cool ambient fill;
        `spec` adds a highlight (metal, silk, jewels)."""
        d = paint.diffuse(n, LIGHT_DIR, wrap=0.45)
        fill = np.array([0.84, 0.9, 1.0], F) * F(ambient)
        out = np.asarray(base, F) * (fill + d[..., None] * self.light * F(0.85))
        if spec:
            nx, ny, nz = n
            hv = np.array([-0.3, -0.25, 1.0]) / np.linalg.norm([-0.3, -0.25, 1.0])
            s = np.clip(nx * F(hv[0]) + ny * F(hv[1]) + nz * F(hv[2]), 0, 1) ** F(shininess)
            out = out + s[..., None] * F(spec) * self.light
        return out

    def normal(self, reg, how):
        s, cam = self.cam.s, self.cam
        if how[0] == "sphere":
            _, cx, cy, rx, ry = how
            return paint.sphere_normal(reg, cam.x(cx), cam.y(cy), rx * s, ry * s)
        _, cx, rx, *tilt = how
        return paint.cylinder_normal(reg, cam.x(cx), rx * s, tilt[0] if tilt else 0.0)

    def fill(self, shapes, base, normal=("sphere", 0, 0, 1, 1), sub=(), clip=(), blur=0.006,
             ambient=0.36, spec=0.0, opacity=1.0, texture: float = 0.0, grain=(0.12, 0.12)):
        """Paint a lit region, optionally mottled (`grain`: noise cell size in
        head widths, x and y; tall thin cells give hair strands)."""
        reg = self.region(shapes, sub, clip, blur)
        if reg is None:
            return None
        col = self.lit(base, self.normal(reg, normal), ambient, spec)
        if texture:
            hh, ww = reg.m.shape
            cell_x, cell_y = (max(1.0, g * self.cam.s) for g in grain)
            g = paint.value_noise(self.rng, ww, hh, max(2, int(ww / cell_x)), max(2, int(hh / cell_y)))
            col = col * (1 + F(texture) * g[..., None])
        self.layer.paint(reg, col, opacity)
        return reg

    def shadow(self, shapes, amount: float, blur: float = 0.04, sub=(), clip=()):
        """Darken what is painted (slightly warm, like a glaze)."""
        reg = self.region(shapes, sub, clip, blur)
        self.layer.tint(reg, np.array([1 - amount * 0.9, 1 - amount, 1 - amount * 1.05], F))

    def highlight(self, shapes, amount: float, blur: float = 0.04, sub=(), clip=()):
        """Lighten what is painted, half brighter, half towards the light's
        colour, so that highlights show on black hair and cloth too."""
        reg = self.region(shapes, sub, clip, blur)
        if reg is None:
            return
        ys, xs = reg.sl
        m = (reg.m * F(amount))[..., None]
        tgt = self.layer.rgb[ys, xs]
        tgt += m * (tgt * F(0.5) + self.light * F(0.25))

    def flat(self, shapes, colour, blur=0.004, opacity=1.0, sub=(), clip=()):
        self.layer.paint(self.region(shapes, sub, clip, blur), colour, opacity)

    def bead(self, x, y, r, colour, spec=0.7):
        """A small lit sphere: pearl, jewel, button, bead."""
        self.fill([self.ellipse(x, y, r, r)], colour, ("sphere", x, y, r, r), spec=spec, ambient=0.4, blur=0.003)


def paint_figure(spec: dict, look: Look, w: int, h: int, light: np.ndarray) -> Layer:
    """The sitter on a transparent layer of size (w, h) (already supersampled),
    painted back to front."""
    layer = Layer(w, h)
    cam = Cam(w, h, w * 0.5, h * FACE_Y, w * HEAD_W)
    p = Painter(layer, cam, look, light, rng_for(spec, "figure"))
    for step in (back_hair, headwear_back, neck, torso, *DRESS, props, ears, face, eyes, nose_and_mouth,
                 facial_hair, front_hair, headwear, glasses):
        step(p)
    return layer


# head geometry (figure units)

def head_outline(look: Look) -> list[tuple[float, float]]:
    k = look.face_width
    chin = 0.16 if look.female else 0.22
    left = [(0.0, -0.74), (-0.34 * k, -0.68), (-0.49 * k, -0.42), (-0.5 * k, -0.08), (-0.47 * k, 0.22),
            (-0.39 * k, 0.45), (-chin * k, 0.62), (0.0, 0.67)]
    return mirror(left)[:-1]


def body_outline(look: Look) -> list[tuple[float, float]]:
    """Torso: a dipping neckline, sloping shoulders, arms down past the frame."""
    sw = 1.36 if look.female else 1.54
    left = [(-0.3, 0.88), (-0.7, 1.02), (-sw * 0.88, 1.14), (-sw, 1.37), (-sw * 1.05, 1.8), (-sw * 1.1, 2.9),
            (-sw * 1.07, 4.9)]
    right = [(-x, y) for x, y in reversed(left)]
    return left + right + [(0.0, 1.0)]


def back_hair(p: Painter) -> None:
    L = p.look
    if L.hair_style in ("long", "braids", "curls"):
        length = {"curls": 0.9, "braids": 1.45}.get(L.hair_style, 1.35)
        pts = [(0, -0.8), (-0.6, -0.6), (-0.66, 0.2), (-0.7, length * 0.8), (-0.5, length), (0.5, length),
               (0.7, length * 0.8), (0.66, 0.2), (0.6, -0.6)]
        p.fill([p.poly(pts)], shade(L.hair, 0.75), ("sphere", 0, 0.1, 0.8, 1.3), texture=0.3, ambient=0.3,
               grain=(0.03, 0.4))
    if L.hair_style == "powdered":   # a high rounded coiffure
        p.fill([p.ellipse(0, -0.32, 0.68, 0.6)], L.hair, ("sphere", 0, -0.35, 0.68, 0.6), texture=0.12)
    if L.hair_style == "bun":
        p.fill([p.ellipse(0, -0.98, 0.34, 0.3)], L.hair, ("sphere", 0, -0.98, 0.34, 0.3), texture=0.25,
               grain=(0.3, 0.03), spec=0.3)


def headwear_back(p: Painter) -> None:
    if p.look.headwear != "feathers":
        return
    col = p.look.extras["feathers"]
    for i in range(17):   # a fan of long plumes behind the head, alternating tones
        a = math.radians(-170 + i * (160 / 16))
        tip = (math.cos(a) * 1.4, -0.4 + math.sin(a) * 1.2)
        base = (math.cos(a) * 0.3, -0.45 + math.sin(a) * 0.25)
        side = (-math.sin(a) * 0.13, math.cos(a) * 0.13)
        mid = ((tip[0] + base[0]) / 2, (tip[1] + base[1]) / 2)
        tone = mix(col, c("#3ab0a0") if i % 2 else c("#0a4030"), 0.35)
        pts = [base, (mid[0] + side[0], mid[1] + side[1]), tip, (mid[0] - side[0], mid[1] - side[1])]
        p.fill([p.poly(pts)], tone, ("sphere", 0, -0.4, 1.5, 1.3), ambient=0.4, spec=0.35, texture=0.15)
        p.flat([p.line([base, tip], 0.012, smooth=False)], shade(tone, 1.5), opacity=0.5)


def neck(p: Painter) -> None:
    L = p.look
    nw = 0.19 if L.female else 0.24
    pts = [(-nw, 0.2), (nw, 0.2), (nw * 1.05, 0.85), (nw * 1.6, 1.1), (-nw * 1.6, 1.1), (-nw * 1.05, 0.85)]
    p.fill([p.poly(pts, smooth=False)], L.skin, ("cylinder", 0, nw * 1.25), ambient=0.3)
    p.shadow([p.ellipse(0.03, 0.66, 0.34, 0.14)], 0.4, blur=0.05)   # the jaw's shadow


def torso(p: Painter) -> None:
    L = p.look
    body = p.poly(body_outline(L))
    base = L.skin if "bare" in L.dress else L.garment
    p.fill([body], base, ("cylinder", 0, 1.8, -0.1), ambient=0.34, texture=0.06)
    sw = 1.36 if L.female else 1.54
    for s in (-1, 1):   # the arms: rounded forms of their own, set off by a soft crease
        arm = p.poly([(s * (sw - 0.55), 1.2), (s * sw * 0.95, 1.15), (s * sw * 1.15, 1.6), (s * sw * 1.2, 4.9),
                      (s * (sw - 0.5), 4.9)], smooth=False)
        p.fill([arm], base, ("cylinder", s * (sw - 0.12), 0.5, -0.1), clip=[body], ambient=0.3, blur=0.06,
               texture=0.05)
        x = s * (sw - 0.5)
        p.shadow([p.line([(x, 1.8), (x * 1.02, 4.9)], 0.06)], 0.25, blur=0.06, clip=[body])
    folds(p, [body], 7, (-1.0, 1.0), (1.5, 4.2))


def folds(p: Painter, clip, n: int, xs, ys) -> None:
    """Broad soft cloth folds: a shadow stroke beside a lit one."""
    for _ in range(n):
        x = float(p.rng.uniform(*xs))
        y = float(p.rng.uniform(*ys))
        dx = float(p.rng.normal(0, 0.15))
        p.shadow([p.line([(x, y), (x + dx, y + 0.9)], 0.07)], 0.2, blur=0.06, clip=clip)
        p.highlight([p.line([(x - 0.09, y), (x - 0.09 + dx, y + 0.9)], 0.05)], 0.12, blur=0.05, clip=clip)


# --- dress details, painted in the order of DRESS ---------------------------------

def _body(p: Painter) -> Shape:
    return p.poly(body_outline(p.look))


def cuirass(p: Painter) -> None:
    """A gilded breastplate with sculpted chest muscles."""
    if "cuirass" not in p.look.dress:
        return
    plate = p.poly([(-0.78, 1.1), (0.0, 1.05), (0.78, 1.1), (0.9, 2.4), (0.85, 4.9), (-0.85, 4.9), (-0.9, 2.4)])
    p.fill([plate], p.look.accent, ("cylinder", 0, 1.0, -0.1), spec=0.8, clip=[_body(p)], ambient=0.3)
    for s in (-1, 1):
        p.shadow([p.line([(0.05 * s, 1.5), (0.4 * s, 1.85), (0.75 * s, 1.6)], 0.06)], 0.35, blur=0.035)
        p.highlight([p.ellipse(0.4 * s - 0.08, 1.5, 0.16, 0.12)], 0.25, blur=0.06)
    p.shadow([p.line([(0, 1.3), (0, 2.6)], 0.03)], 0.25, blur=0.02)


def robe_front(p: Painter) -> None:
    """A robe crossing over an under-robe at the chest, with bordered edges."""
    L = p.look
    if not {"robe", "kimono", "crossed", "kamishimo"} & L.dress or "bare" in L.dress:
        return
    inner = c("#ece6da") if {"kimono", "kamishimo"} & L.dress else L.second
    body = _body(p)
    deep = 2.3 if "crossed" in L.dress or "kimono" in L.dress else 2.6
    p.fill([p.poly([(-0.32, 0.88), (0.32, 0.88), (0.08, deep), (-0.08, deep)], smooth=False)], inner,
           ("cylinder", 0, 0.6), clip=[body], ambient=0.3)
    band = L.trim if not {"kimono", "kamishimo"} & L.dress else c("#ece6da")
    crossed = "crossed" in L.dress or "kimono" in L.dress
    for s in (-1, 1):   # crossed robes wrap left over right; others meet at the tip
        over = crossed and s > 0
        edge = [(0.34 * s, 0.9), ((-0.12 if over else 0.0) * s, deep + (0.2 if over else 0.0))]
        p.fill([p.line(edge, 0.11, smooth=False)], band, ("cylinder", 0, 1.2), clip=[body], spec=0.2)
        if "embroidery" in L.dress:
            for k in range(1, 9):
                t = k / 9
                p.bead(edge[0][0] + (edge[1][0] - edge[0][0]) * t, edge[0][1] + (edge[1][1] - edge[0][1]) * t,
                       0.022, L.accent)


def kamishimo(p: Painter) -> None:
    """Stiff winged shoulders (kataginu) with the family crest on the chest."""
    L = p.look
    if "kamishimo" not in L.dress:
        return
    for s in (-1, 1):
        wing = [(0.36 * s, 0.92), (1.85 * s, 1.08), (1.78 * s, 1.36), (1.0 * s, 1.45), (0.5 * s, 2.5), (0.1 * s, 2.6)]
        p.fill([p.poly(wing, smooth=False)], L.garment, ("cylinder", 0, 1.9, -0.4), ambient=0.34, blur=0.004)
        p.highlight([p.line([(0.4 * s, 0.95), (1.8 * s, 1.1)], 0.03, smooth=False)], 0.3, blur=0.01)
        for x, y in ((0.8 * s, 1.75),):
            p.flat([p.ellipse(x, y, 0.11, 0.11)], c("#ece6da"), blur=0.004)
            p.flat([p.ellipse(x, y, 0.075, 0.075)], L.garment, blur=0.004)
            p.flat([p.ellipse(x, y, 0.035, 0.035)], c("#ece6da"), blur=0.004)


def drape(p: Painter) -> None:
    """Toga or himation: a cloth over the sitter's left shoulder (our right),
    falling diagonally across the chest, with its border."""
    L = p.look
    if "drape" not in L.dress or "shawl" in L.dress:
        return
    cloth = c("#ece6da") if L.main in UNDYED or L.garment.sum() > 2.4 else L.second
    body = _body(p)
    pts = [(0.28, 0.92), (1.05, 1.06), (1.6, 1.4), (1.7, 4.9), (0.2, 4.9), (-1.0, 3.0), (-0.7, 2.45), (0.25, 1.7)]
    p.fill([p.poly(pts)], cloth, ("cylinder", 0.7, 1.2), clip=[body], texture=0.05)
    p.fill([p.line([(-1.0, 3.0), (-0.7, 2.45), (0.25, 1.7), (1.05, 1.06)], 0.08)], L.trim, ("cylinder", 0, 1.5),
           clip=[body])
    for k in range(4):   # folds swinging from the shoulder
        a = (-0.6 + k * 0.3, 2.75 + k * 0.25)
        b = (0.55 + k * 0.25, 1.7 + k * 0.25)
        p.shadow([p.line([a, ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2 + 0.1), b], 0.06)], 0.28, blur=0.04, clip=[body])
        p.highlight([p.line([(a[0], a[1] - 0.12), (b[0], b[1] - 0.12)], 0.04)], 0.15, blur=0.04, clip=[body])


def cloak(p: Painter) -> None:
    """A cloak over the sitter's right shoulder (our left), pinned by a brooch."""
    L = p.look
    if "cloak" not in L.dress:
        return
    pts = [(-0.35, 0.95), (-1.6, 1.28), (-1.75, 4.9), (-1.0, 4.9), (-0.75, 1.85)]
    p.fill([p.poly(pts)], L.second, ("cylinder", -1.1, 0.85), clip=[_body(p)], texture=0.06)
    for k in range(3):
        x = -1.45 + k * 0.18
        p.shadow([p.line([(x + 0.2, 1.5), (x, 4.9)], 0.05)], 0.3, blur=0.04, clip=[_body(p)])
    if "fibula" in L.dress:
        p.bead(-0.62, 1.14, 0.1, L.accent, spec=0.9)


def knot(p: Painter) -> None:
    """A cloak knotted at the shoulder (our right): a bunched knot and its tails."""
    L = p.look
    if "knot" not in L.dress:
        return
    p.shadow([p.line([(-0.9, 1.3), (0.85, 1.25)], 0.05)], 0.3, blur=0.04, clip=[_body(p)])
    p.fill([p.ellipse(0.95, 1.25, 0.16, 0.13)], shade(L.garment, 1.05), ("sphere", 0.95, 1.25, 0.16, 0.13),
           ambient=0.36)
    for dx in (-0.08, 0.1):
        p.fill([p.poly([(0.95 + dx - 0.05, 1.3), (0.95 + dx + 0.05, 1.3), (0.98 + dx * 2, 1.9), (0.9 + dx * 2, 1.9)])],
               L.garment, ("cylinder", 0.95, 0.3), ambient=0.34)


def gown(p: Painter) -> None:
    """A low square neckline over a stiff bodice (stomacher) set with pearls."""
    L = p.look
    if "gown" not in L.dress or L.main != "gown" or L.era in ("ancient", "classical"):
        return
    neckline = [(-0.58, 1.15), (0.58, 1.15), (0.48, 1.72), (-0.48, 1.72)]
    p.fill([p.poly(neckline, smooth=False)], L.skin, ("sphere", 0, 1.0, 0.9, 1.0), ambient=0.34)
    p.fill([p.poly([(-0.48, 1.72), (0.48, 1.72), (0.1, 4.0), (-0.1, 4.0)], smooth=False)], L.second,
           ("cylinder", 0, 0.6), ambient=0.32, spec=0.25)
    p.fill([p.line([(-0.58, 1.15), (-0.48, 1.72), (0.48, 1.72), (0.58, 1.15)], 0.06, smooth=False)], L.accent,
           ("cylinder", 0, 1), spec=0.6)
    if "pearls" in L.dress:   # a lattice of pearls on the stomacher
        for k in range(6):
            y = 1.9 + k * 0.3
            half = 0.4 * (1 - (y - 1.72) / 2.5)
            for x in np.linspace(-half, half, 3):
                p.bead(float(x), y, 0.03, c("#f4f0ea"), spec=0.6)


def shawl(p: Painter) -> None:
    """A plain shawl over both shoulders, open in a V at the chest."""
    L = p.look
    if "shawl" not in L.dress:
        return
    cloth = c("#e8e2d4") if "bare" in L.dress else L.second
    body = _body(p)
    for s in (-1, 1):
        pts = [(0.28 * s, 0.9), (1.6 * s, 1.25), (1.75 * s, 4.9), (-0.2 * s, 4.9), (-0.1 * s, 2.3), (0.1 * s, 1.4)]
        p.fill([p.poly(pts)], cloth, ("cylinder", 0, 1.8), clip=[body], texture=0.05, ambient=0.34)
        for k in range(3):
            x = (0.5 + k * 0.35) * s
            p.shadow([p.line([(x * 0.7, 1.2), (x, 4.9)], 0.05)], 0.22, blur=0.05, clip=[body])
    if "bare" in L.dress:   # collarbones and a hint of ribs in the V
        for s in (-1, 1):
            p.shadow([p.line([(0.05 * s, 1.15), (0.3 * s, 1.1)], 0.025)], 0.25, blur=0.02)


def coat(p: Painter) -> None:
    """A buttoned coat: lapel edges, a row of buttons, a standing collar."""
    L = p.look
    if "buttons" not in L.dress:
        return
    for s in (-1, 1):
        p.shadow([p.line([(0.22 * s, 0.95), (0.12 * s, 1.9), (0.02 * s, 4.9)], 0.04)], 0.35, blur=0.02)
    for k in range(6):
        p.bead(0.22, 1.4 + k * 0.42, 0.05, L.accent, spec=0.8)
        p.bead(-0.22, 1.4 + k * 0.42, 0.05, L.accent, spec=0.8)
    collar = p.poly([(-0.34, 0.78), (0.34, 0.78), (0.36, 1.05), (0.0, 1.08), (-0.36, 1.05)], smooth=False)
    p.fill([collar], L.garment, ("cylinder", 0, 0.4), ambient=0.36)
    p.flat([p.line([(-0.34, 1.03), (0.0, 1.06), (0.34, 1.03)], 0.03, smooth=False)], L.accent)
    piping = L.second if L.second.sum() < 2.5 else c("#a8181e")
    p.flat([p.line([(-0.34, 0.8), (0.34, 0.8)], 0.025, smooth=False)], piping)


def ermine(p: Painter) -> None:
    """White fur over the shoulders, dotted with black tails."""
    if "ermine" not in p.look.dress:
        return
    body = _body(p)
    for s in (-1, 1):
        band = [(0.6 * s, 1.02), (1.45 * s, 1.25), (1.7 * s, 1.75), (1.2 * s, 1.8), (0.7 * s, 1.5)]
        p.fill([p.poly(band)], c("#f2efe8"), ("cylinder", 0, 1.7), clip=[body], texture=0.08, ambient=0.4)
        for k in range(5):
            x, y = (0.8 + k * 0.2) * s, 1.35 + k * 0.07 + 0.04 * (k % 2)
            p.flat([p.ellipse(x, y, 0.022, 0.045)], c("#141414"), clip=[body])


def sash(p: Painter) -> None:
    if "sash" not in p.look.dress:
        return
    pts = [(-0.95, 1.2), (-0.7, 1.12), (0.95, 3.3), (0.75, 3.45)]
    p.fill([p.poly(pts, smooth=False)], p.look.extras["sash"], ("cylinder", 0, 1.4), clip=[_body(p)], spec=0.35,
           ambient=0.32)


def epaulettes(p: Painter) -> None:
    L = p.look
    if "epaulettes" not in L.dress:
        return
    for s in (-1, 1):
        for k in range(9):   # bullion fringe, then the board on top
            x = (1.02 + k * 0.07) * s
            p.fill([p.line([(x, 1.3), (x + 0.02 * s, 1.6)], 0.035, smooth=False)], shade(L.accent, 0.9),
                   ("cylinder", x, 0.03), spec=0.5)
        p.fill([p.ellipse(1.25 * s, 1.27, 0.36, 0.12)], L.accent, ("sphere", 1.25 * s, 1.27, 0.36, 0.12), spec=0.9)


def usekh(p: Painter) -> None:
    """Broad beaded collar: concentric bands of gold, lapis, carnelian, turquoise."""
    L = p.look
    if "usekh" not in L.dress:
        return
    bands = [L.accent, c("#1a3a8a"), L.accent, c("#a83a2a"), c("#2a8a7a"), L.accent]
    body = _body(p)
    for k, col in reversed(list(enumerate(bands))):
        r = 0.42 + k * 0.11
        p.fill([p.ellipse(0, 0.9, r * 1.7, r)], col, ("sphere", 0, 0.9, 1.5, 1.2), spec=0.5, clip=[body],
               sub=[p.ellipse(0, 0.85, 0.34, 0.22)], ambient=0.34)
        if col is not L.accent:   # beads: little dark gaps
            for a in np.linspace(0.15, math.pi - 0.15, 14):
                x, y = -math.cos(a) * r * 1.7, 0.9 + math.sin(a) * r
                p.shadow([p.ellipse(x, y, 0.012, 0.04)], 0.35, blur=0.006, clip=[body])


def ruff(p: Painter) -> None:
    """A stiff pleated lace disc around the neck."""
    if "ruff" not in p.look.dress:
        return
    p.fill([p.ellipse(0, 0.84, 0.8, 0.3)], c("#f4f0e8"), ("sphere", 0, 0.84, 0.8, 0.3), ambient=0.45,
           sub=[p.ellipse(0, 0.7, 0.28, 0.12)])
    for k in range(24):
        a = math.pi * (k + 0.5) / 24
        x, y = -math.cos(a), math.sin(a)
        p.shadow([p.line([(x * 0.36, 0.84 + y * 0.13), (x * 0.78, 0.84 + y * 0.29)], 0.014, smooth=False)],
                 0.28, blur=0.012)


def jewellery(p: Painter) -> None:
    L = p.look
    if "pearls" in L.dress and L.main == "gown":   # long ropes of pearls
        for k in range(2):
            pts = [(-0.5 - k * 0.12, 1.12), (0.0, 1.65 + k * 0.35), (0.5 + k * 0.12, 1.12)]
            for x, y in spline(pts, steps=12)[1:-1:2]:
                p.bead(x, y, 0.034, c("#f4f0ea"), spec=0.6)
    if "necklace" in L.dress:
        for k, (x, y) in enumerate(spline([(-0.55, 1.05), (0.0, 1.55), (0.55, 1.05)], steps=8)[1:-1:2]):
            p.bead(x, y, 0.065, L.accent if k % 2 else c("#3a9a6a"), spec=0.6)
    if "medal" in L.dress:   # a dark cross pattée with a pale rim
        x, y = -0.6, 1.95
        for col, r in ((c("#e8e8e8"), 0.17), (c("#141414"), 0.13)):
            arms = [p.poly([(x, y), (x - r * 0.45, y - r), (x + r * 0.45, y - r)], smooth=False),
                    p.poly([(x, y), (x - r * 0.45, y + r), (x + r * 0.45, y + r)], smooth=False),
                    p.poly([(x, y), (x - r, y - r * 0.45), (x - r, y + r * 0.45)], smooth=False),
                    p.poly([(x, y), (x + r, y - r * 0.45), (x + r, y + r * 0.45)], smooth=False)]
            p.flat(arms, col, blur=0.003)


DRESS = (cuirass, robe_front, drape, cloak, gown, shawl, coat, kamishimo, knot, ermine, sash, epaulettes, usekh,
         ruff, jewellery)


def props(p: Painter) -> None:
    """Things held: a spiked helmet under the arm, a walking staff."""
    L = p.look
    if "helmet_prop" in L.dress:   # a black Pickelhaube at the lower right
        x, y = 1.25, 3.05
        p.fill([p.ellipse(x, y, 0.55, 0.42)], c("#1a1a1e"), ("sphere", x, y - 0.1, 0.55, 0.5), spec=0.9, ambient=0.4)
        p.fill([p.poly([(x - 0.07, y - 0.38), (x + 0.07, y - 0.38), (x, y - 0.85)], smooth=False)], L.accent,
               ("cylinder", x, 0.07), spec=0.8)
        p.fill([p.ellipse(x - 0.05, y - 0.05, 0.2, 0.22)], L.accent, ("sphere", x - 0.05, y - 0.05, 0.2, 0.22),
               spec=0.8)
        p.fill([p.poly([(x - 0.6, y + 0.28), (x + 0.65, y + 0.2), (x + 0.7, y + 0.32), (x - 0.58, y + 0.4)],
                       smooth=False)], c("#101014"), ("cylinder", x, 0.7), spec=0.5)
    if "staff" in L.dress:
        p.fill([p.line([(1.66, 0.35), (1.74, 4.9)], 0.09, smooth=False)], c("#6a4a2a"), ("cylinder", 1.7, 0.05),
               ambient=0.35)


# --- head and face -------------------------------------------------------------------

def ears(p: Painter) -> None:
    L = p.look
    k = L.face_width
    for s in (-1, 1):
        x = 0.5 * k * s
        p.fill([p.ellipse(x, 0.06, 0.08, 0.15)], shade(L.skin, 0.95), ("sphere", x, 0.06, 0.08, 0.15), ambient=0.32)
        p.shadow([p.ellipse(x, 0.06, 0.035, 0.09)], 0.2, blur=0.02)
        if "earplugs" in L.dress:
            p.bead(x, 0.14, 0.05, c("#2aa8b0"), spec=0.7)


def face(p: Painter) -> None:
    """The head: a lit egg, warm cheeks and nose, shadowed sockets and jaw."""
    L = p.look
    head = p.poly(head_outline(L))
    p.fill([head], L.skin, ("sphere", 0.0, -0.04, 0.56 * L.face_width, 0.8), ambient=0.3, blur=0.008)
    for s in (-1, 1):
        p.layer.tint(p.region([p.ellipse(0.25 * s, 0.24, 0.14, 0.1)], blur=0.07), np.array([1.03, 0.93, 0.92], F), 0.8)
        p.shadow([p.ellipse(0.2 * s, -0.03, 0.15, 0.09)], 0.2, blur=0.05)   # eye sockets
    p.highlight([p.ellipse(-0.12, -0.35, 0.2, 0.12)], 0.12, blur=0.08, clip=[head])   # the lit forehead
    p.shadow([p.ellipse(0.36, 0.3, 0.14, 0.3)], 0.18, blur=0.08, clip=[head])          # the far cheek
    p.shadow([p.ellipse(0.0, 0.62, 0.2, 0.05)], 0.1, blur=0.04, clip=[head])


def eyes(p: Painter) -> None:
    L = p.look
    lid_col = shade(mix(L.skin, c("#2a1a14"), 0.7), 0.7)
    for s in (-1, 1):
        ex, ey = 0.2 * s, 0.0
        almond = p.poly([(ex - 0.085, ey + 0.005), (ex - 0.03, ey - 0.03), (ex + 0.04, ey - 0.028),
                         (ex + 0.085, ey + 0.004), (ex + 0.03, ey + 0.026), (ex - 0.03, ey + 0.026)])
        p.flat([almond], mix(L.skin, c("#ece8e2"), 0.5), blur=0.006)
        p.flat([p.ellipse(ex, ey + 0.004, 0.034, 0.034)], L.extras["eyes"], blur=0.005, clip=[almond])
        p.flat([p.ellipse(ex, ey + 0.004, 0.015, 0.015)], c("#0a0808"), blur=0.004, clip=[almond])
        lid = 0.024 if "kohl" in L.dress else 0.014
        p.flat([p.line([(ex - 0.095, ey + 0.01), (ex - 0.03, ey - 0.034), (ex + 0.05, ey - 0.03),
                        (ex + 0.095, ey + 0.006)], lid)], c("#0e0a0a") if "kohl" in L.dress else lid_col)
        p.shadow([p.line([(ex - 0.08, ey - 0.05), (ex + 0.08, ey - 0.045)], 0.03)], 0.18, blur=0.015)  # upper lid fold
        p.shadow([p.line([(ex - 0.06, ey + 0.04), (ex + 0.07, ey + 0.035)], 0.012)], 0.15, blur=0.01)
        if "kohl" in L.dress:   # the winged line to the temple
            p.flat([p.line([(ex + 0.09 * s, ey + 0.005), (ex + 0.17 * s, ey - 0.03)], 0.016, smooth=False)],
                   c("#0e0a0a"))
        p.flat([p.ellipse(ex - 0.011, ey - 0.006, 0.007, 0.007)], c("#ffffff"), blur=0.003, opacity=0.85)
        brow = L.beard_colour if not L.female else shade(L.hair, 0.8)
        bw = 0.032 if not L.female else 0.018
        heavy = 1.4 if L.moustache == "walrus" else 1.0
        p.fill([p.line([(0.07 * s, -0.12), (0.19 * s, -0.15), (0.31 * s, -0.115)], bw * heavy)], brow,
               ("sphere", 0, -0.1, 0.5, 0.3), blur=0.01, texture=0.2, grain=(0.01, 0.05))


def nose_and_mouth(p: Painter) -> None:
    L = p.look
    # nose: lit ridge on the light side, shade on the far side, nostrils, shadow beneath
    p.shadow([p.line([(0.06, -0.03), (0.075, 0.17), (0.07, 0.26)], 0.05)], 0.25, blur=0.025)
    p.highlight([p.line([(-0.015, -0.02), (-0.02, 0.22)], 0.025)], 0.14, blur=0.015)
    p.highlight([p.ellipse(-0.01, 0.25, 0.04, 0.03)], 0.1, blur=0.015)
    for s in (-1, 1):
        p.shadow([p.ellipse(0.05 * s, 0.29, 0.025, 0.013)], 0.5, blur=0.01)
    p.shadow([p.ellipse(0.02, 0.325, 0.1, 0.025)], 0.3, blur=0.02)
    # mouth: darker upper lip, fuller lit lower lip, the line between, corners
    lip = mix(L.skin, c("#b04a4a"), 0.5 if L.female else 0.3)
    p.flat([p.poly([(-0.13, 0.41), (-0.04, 0.385), (0.0, 0.392), (0.04, 0.385), (0.13, 0.41), (0.0, 0.418)])],
           shade(lip, 0.85), blur=0.01)
    p.fill([p.poly([(-0.12, 0.415), (0.0, 0.418), (0.12, 0.415), (0.06, 0.455), (-0.06, 0.455)])], lip,
           ("sphere", 0, 0.42, 0.15, 0.06), blur=0.01, spec=0.15)
    p.flat([p.line([(-0.13, 0.41), (0.0, 0.418), (0.13, 0.41)], 0.01)], shade(lip, 0.4), blur=0.005)
    p.shadow([p.ellipse(0.0, 0.5, 0.08, 0.025)], 0.18, blur=0.02)   # under the lower lip
    if "forehead" in L.dress:
        p.flat([p.ellipse(0, -0.27, 0.025, 0.04)], c("#c8181e"), blur=0.004)


def glasses(p: Painter) -> None:
    if not p.look.glasses:
        return
    wire = c("#2a2420")
    for s in (-1, 1):
        x = 0.2 * s
        p.highlight([p.ellipse(x - 0.02, -0.02, 0.05, 0.03)], 0.25, blur=0.02)   # glint on the lens
        p.flat([p.ellipse(x, 0.0, 0.125, 0.115)], wire, sub=[p.ellipse(x, 0.0, 0.107, 0.097)], blur=0.002)
        p.flat([p.line([(0.32 * s, -0.02), (0.5 * s, -0.04)], 0.016, smooth=False)], wire)
    p.flat([p.line([(-0.08, -0.01), (0.0, -0.03), (0.08, -0.01)], 0.016)], wire)


def facial_hair(p: Painter) -> None:
    L = p.look
    col = L.beard_colour
    if L.beard != "none":
        length = 1.4 if L.beard == "long" else 0.86
        k = L.face_width
        pts = [(-0.49 * k, -0.02), (-0.47 * k, 0.35), (-0.32, length * 0.88), (0, length), (0.32, length * 0.88),
               (0.47 * k, 0.35), (0.49 * k, -0.02), (0.38, 0.28), (0.18, 0.46), (0, 0.5), (-0.18, 0.46),
               (-0.38, 0.28)]
        p.fill([p.poly(pts)], col, ("sphere", 0, 0.45, 0.62, 0.8), sub=[p.ellipse(0, 0.43, 0.12, 0.045)],
               texture=0.3, grain=(0.025, 0.12), ambient=0.34, blur=0.015)
        rows = 7 if L.beard == "long" else 3
        dark, lit = [], []
        for row in range(rows):   # curls: rows of small dark arcs under lit crests
            y = 0.55 + row * (length - 0.6) / rows
            n = 6 - abs(row - rows // 2) // 2
            for i in range(n):
                x = (i - (n - 1) / 2) * 0.13 + (0.03 if row % 2 else 0.0)
                dark.append(p.line([(x - 0.05, y), (x, y + 0.035), (x + 0.05, y)], 0.018))
                lit.append(p.line([(x - 0.045, y - 0.01), (x - 0.01, y - 0.035), (x + 0.03, y - 0.02)], 0.014))
        p.shadow(dark, 0.35, blur=0.01)
        p.highlight(lit, 0.6, blur=0.01)
    if L.moustache != "none":
        width = {"thin": 0.022, "full": 0.05, "walrus": 0.1}[L.moustache]
        droop = {"thin": 0.1, "full": 0.06, "walrus": 0.13}[L.moustache]
        span = {"thin": 0.18, "full": 0.16, "walrus": 0.25}[L.moustache]
        for s in (-1, 1):
            p.fill([p.line([(0.0, 0.345), (span * 0.6 * s, 0.355), (span * s, 0.355 + droop)], width)], col,
                   ("sphere", 0, 0.35, 0.3, 0.2), texture=0.3, grain=(0.01, 0.06), ambient=0.4, blur=0.008)


def front_hair(p: Painter) -> None:
    L = p.look
    k = L.face_width
    if L.hair_style in ("bald", "topknot"):   # hair only over the ears (and the knot)
        top = -0.18 if L.hair_style == "bald" else -0.5
        for s in (-1, 1):
            side = [(0.46 * k * s, top), (0.515 * k * s, top + 0.08), (0.52 * k * s, 0.1), (0.47 * k * s, 0.06)]
            p.fill([p.poly(side)], L.hair, ("sphere", 0.45 * s, -0.1, 0.12, 0.3), texture=0.3, grain=(0.01, 0.08),
                   blur=0.012)
        if L.hair_style == "topknot":
            p.fill([p.ellipse(0, -0.8, 0.075, 0.13)], L.hair, ("sphere", 0, -0.8, 0.075, 0.13), spec=0.4)
            p.flat([p.line([(-0.07, -0.72), (0.07, -0.72)], 0.02, smooth=False)], c("#ece6da"))
        return
    y = {"short": -0.42, "powdered": -0.44, "curls": -0.42, "bun": -0.46, "long": -0.44, "braids": -0.46}[L.hair_style]
    top = [(-0.53 * k, 0.02), (-0.56 * k, -0.45), (-0.36, -0.78), (0.0, -0.85), (0.36, -0.78), (0.56 * k, -0.45),
           (0.53 * k, 0.02)]
    part = 0.06 if L.female else 0.0
    cap = top + [(0.47 * k, 0.0), (0.46 * k, y + 0.12), (0.25, y - 0.02), (part, y + 0.02), (-0.25, y - 0.02),
                 (-0.46 * k, y + 0.12), (-0.47 * k, 0.0)]
    p.fill([p.poly(cap)], L.hair, ("sphere", 0, -0.4, 0.62, 0.56), texture=0.35, ambient=0.32, blur=0.012,
           grain=(0.015, 0.2) if L.hair_style not in ("curls", "powdered") else (0.06, 0.06),
           spec=0.3 if L.hair_style != "powdered" else 0.0)
    if L.hair_style in ("curls", "powdered"):   # rows of curls along the temples
        for s in (-1, 1):
            for j in range(4):
                x, yy = (0.52 + 0.03 * j) * s * k, -0.35 + j * 0.13
                p.fill([p.ellipse(x, yy, 0.1, 0.075)], L.hair, ("sphere", x, yy, 0.1, 0.075), ambient=0.36)
    if L.hair_style == "short":   # combed-forward strands
        for j in range(7):
            x = -0.36 + j * 0.12
            p.shadow([p.line([(x * 0.9, -0.75), (x, y + 0.04)], 0.014)], 0.3, blur=0.008)
    if L.hair_style == "braids":
        for s in (-1, 1):
            for j in range(9):
                yy = 0.05 + j * 0.15
                p.fill([p.ellipse(0.58 * s, yy, 0.065, 0.085)], L.hair, ("sphere", 0.58 * s, yy, 0.065, 0.085),
                       ambient=0.36, spec=0.3)


def headwear(p: Painter) -> None:
    {"laurel": laurel, "crown": crown, "tall_crown": crown, "diadem": diadem, "turban": turban,
     "feathers": feather_band, "helmet": helmet}.get(p.look.headwear, lambda _: None)(p)
    if "hairpins" in p.look.dress:
        for s in (-1, 1):
            p.fill([p.line([(0.12 * s, -0.92), (0.55 * s, -1.18)], 0.03, smooth=False)], p.look.accent,
                   ("cylinder", 0.3 * s, 0.3), spec=0.6)
            p.bead(0.57 * s, -1.19, 0.065, p.look.accent, spec=0.8)


def laurel(p: Painter) -> None:
    """Gold leaves in pairs along a band round the head."""
    acc = p.look.accent
    for s in (-1, 1):
        for j in range(9):
            a = math.radians(185 + j * 18) if s < 0 else math.radians(355 - j * 18)
            x, y = math.cos(a) * 0.57, -0.36 + math.sin(a) * 0.4
            tilt = a + (1.25 if s < 0 else -1.25)
            dx, dy = math.cos(tilt) * 0.1, math.sin(tilt) * 0.1
            leaf = [(x - dx, y - dy), (x + dy * 0.35, y - dx * 0.35), (x + dx, y + dy), (x - dy * 0.35, y + dx * 0.35)]
            p.fill([p.poly(leaf)], acc, ("sphere", 0, -0.4, 0.62, 0.5), spec=0.8, ambient=0.32)


def crown(p: Painter) -> None:
    L = p.look
    acc, sz = L.accent, L.crown_size
    band = -0.55
    if L.headwear == "tall_crown":   # a tall fluted cylinder
        top = -1.28
        p.fill([p.poly([(-0.42, band), (-0.47, top), (0.47, top), (0.42, band)], smooth=False)], acc,
               ("cylinder", 0, 0.48), spec=0.7, ambient=0.3)
        for j in range(9):
            x = -0.36 + j * 0.09
            p.shadow([p.line([(x * 1.08, top + 0.03), (x, band - 0.03)], 0.02, smooth=False)], 0.3, blur=0.01)
        p.fill([p.line([(-0.47, top + 0.02), (0.47, top + 0.02)], 0.05, smooth=False)], acc, ("cylinder", 0, 0.5),
               spec=0.9)
    else:   # a band with points, each tipped by a pearl
        w = 0.45 * sz + 0.08
        top = band - 0.42 * sz
        pts = [(-w, band), (-w, top + 0.16)]
        for j in range(5):
            x0 = -w + (j + 0.5) * 2 * w / 5
            pts += [(x0, top), (x0 + w / 5, top + 0.16)]
        pts[-1] = (w, top + 0.16)
        pts += [(w, band)]
        p.fill([p.poly(pts, smooth=False)], acc, ("cylinder", 0, w), spec=0.7, ambient=0.3)
        for j in range(5):
            p.bead(-w + (j + 0.5) * 2 * w / 5, top, 0.035, c("#f4f0ea"), spec=0.5)
    for j, x in enumerate((-0.22, 0.0, 0.22)):   # jewels in the band
        p.bead(x, band - 0.08, 0.045, c("#a8181e") if j != 1 else c("#1a3a8a"), spec=0.9)


def diadem(p: Painter) -> None:
    acc = p.look.accent
    p.fill([p.line([(-0.52, -0.28), (-0.3, -0.45), (0, -0.5), (0.3, -0.45), (0.52, -0.28)], 0.06)], acc,
           ("sphere", 0, -0.4, 0.6, 0.3), spec=0.8)
    # the vulture's wings along the temples and the rearing cobra at the brow
    for s in (-1, 1):
        p.fill([p.poly([(0.1 * s, -0.5), (0.5 * s, -0.36), (0.56 * s, -0.1), (0.48 * s, -0.3)])], acc,
               ("sphere", 0, -0.4, 0.6, 0.4), spec=0.6, ambient=0.3)
    p.fill([p.poly([(-0.05, -0.48), (0.05, -0.48), (0.07, -0.66), (0.0, -0.74), (-0.07, -0.66)])], acc,
           ("sphere", 0, -0.6, 0.1, 0.15), spec=0.9)


def turban(p: Painter) -> None:
    col = p.look.extras["turban"]
    shape = p.poly([(-0.62, -0.32), (-0.72, -0.7), (-0.45, -1.02), (0, -1.1), (0.45, -1.02), (0.72, -0.7),
                    (0.62, -0.32), (0, -0.42)])
    p.fill([shape], col, ("sphere", 0, -0.66, 0.72, 0.5), texture=0.06, ambient=0.38)
    for j in range(5):   # wound folds crossing each other
        y = -0.95 + j * 0.12
        d = 1 if j % 2 else -1
        p.shadow([p.line([(-0.7, y + 0.12 * d), (0.0, y), (0.7, y - 0.12 * d)], 0.03)], 0.25, blur=0.025, clip=[shape])
        p.highlight([p.line([(-0.6, y + 0.1 * d - 0.04), (0.6, y - 0.1 * d - 0.04)], 0.025)], 0.1, blur=0.02,
                    clip=[shape])
    p.fill([p.ellipse(0, -0.6, 0.11, 0.13)], p.look.accent, ("sphere", 0, -0.6, 0.11, 0.13), spec=0.7)
    p.bead(0, -0.6, 0.07, c("#1a6a3a"), spec=0.9)
    p.fill([p.poly([(-0.03, -0.7), (0.03, -0.7), (0.05, -0.95), (-0.05, -0.95)])], c("#f4f0ea"),
           ("cylinder", 0, 0.05), ambient=0.45)   # a small plume above the jewel


def feather_band(p: Painter) -> None:
    acc = p.look.accent
    p.fill([p.line([(-0.57, -0.3), (-0.3, -0.5), (0, -0.55), (0.3, -0.5), (0.57, -0.3)], 0.13)], acc,
           ("sphere", 0, -0.45, 0.6, 0.3), spec=0.6)
    for x in (-0.3, 0.0, 0.3):
        p.bead(x, -0.5 - (0.04 if x == 0 else 0.0), 0.05, c("#2a9ab0"), spec=0.8)


def helmet(p: Painter) -> None:
    """A Corinthian helmet pushed up on the head: bronze bowl, empty eye holes,
    nose guard, horsehair crest."""
    col = p.look.extras["helmet"]
    crest = c("#7a2a1e")
    p.fill([p.poly([(-0.1, -1.12), (-0.22, -1.5), (0.0, -1.62), (0.22, -1.5), (0.1, -1.12)])], crest,
           ("sphere", 0, -1.3, 0.25, 0.3), texture=0.3, grain=(0.01, 0.1), ambient=0.34)
    bowl = p.poly([(-0.55, -0.56), (-0.57, -0.88), (-0.33, -1.16), (0, -1.22), (0.33, -1.16), (0.57, -0.88),
                   (0.55, -0.56), (0.3, -0.62), (0, -0.6), (-0.3, -0.62)])
    p.fill([bowl], col, ("sphere", 0, -0.9, 0.6, 0.4), spec=0.9, ambient=0.3)
    for s in (-1, 1):   # the eye openings of the face plate, now above the brow
        p.flat([p.poly([(0.06 * s, -0.76), (0.3 * s, -0.8), (0.4 * s, -0.69), (0.2 * s, -0.66)])],
               c("#1a120c"), blur=0.008)
    p.fill([p.poly([(-0.045, -0.76), (0.045, -0.76), (0.035, -0.6), (-0.035, -0.6)], smooth=False)], col,
           ("cylinder", 0, 0.05), spec=0.8)


# --- assembly -------------------------------------------------------------------------

def light_colour(spec: dict) -> np.ndarray:
    return paint.kelvin_rgb(float(spec.get("color_temperature", 5000)))


def composite(bg: np.ndarray, fig_rgb: np.ndarray, fig_a: np.ndarray) -> np.ndarray:
    """Premultiplied figure over the background, with a soft shadow cast to the right."""
    h, w = fig_a.shape
    mask = Image.fromarray((fig_a * 255 + 0.5).astype(np.uint8), "L")
    shadow = np.asarray(mask.filter(ImageFilter.GaussianBlur(w / 60)), F) / F(255)
    dx = int(w * 0.03)
    shifted = np.zeros_like(shadow)
    shifted[:, dx:] = shadow[:, :w - dx]
    bg = bg * (1 - 0.35 * shifted[..., None])
    return (bg * (1 - fig_a[..., None]) + fig_rgb).astype(F)


def cloth_strokes(rgb: np.ndarray, rng: np.random.Generator, top: float) -> np.ndarray:
    """Visible brushwork on the clothes (below `top`, in pixels), never on the face."""
    h, w = rgb.shape[:2]
    return paint.brush_strokes(rgb, rng, count=int(w * (h - top) / 500), length=w * 0.035, width=w * 0.011,
                               angle=lambda x, y: 1.57 + 0.6 * (x - 0.5), angle_jitter=0.3, alpha=(40, 90),
                               value_jitter=0.05, area=(0.05, top / h, 0.95, 1.0))


def finish(rgb: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Canvas grain, a warm varnish and a vignette: the same for every image."""
    h, w = rgb.shape[:2]
    grain = paint.value_noise(rng, w, h, w // 3, h // 3) * 0.025 + paint.value_noise(rng, w, h, w // 40, h // 8) * 0.03
    rgb = rgb * (1 + grain[..., None]) * paint.vignette(w, h, 0.55)[..., None]
    rgb = rgb * np.array([1.02, 1.0, 0.94], F)
    return np.clip(rgb, 0, 1).astype(F)


def reduce_crop(layer: Layer, box, w: int, h: int) -> tuple[np.ndarray, np.ndarray]:
    """Premultiplied RGB and alpha of `box` (on the supersampled layer) at (w, h)."""
    a = np.clip(_resize_box(layer.a, w, h, box), 0, 1)
    chans = [_resize_box(layer.rgb[..., k] * layer.a, w, h, box) for k in range(3)]
    return np.clip(np.stack(chans, -1), 0, 1).astype(F), a.astype(F)


def _resize_box(a: np.ndarray, w: int, h: int, box) -> np.ndarray:
    return np.asarray(Image.fromarray(np.ascontiguousarray(a, F), "F").resize((w, h), Image.LANCZOS, box=box), F)


def bust_box(fw: int, fh: int) -> tuple[float, float, float, float]:
    """The bust's square on the full portrait (1x pixel units)."""
    u = fw * HEAD_W
    side = BUST_SPAN * u
    x0, y0 = fw * 0.5 - side / 2, fh * FACE_Y - BUST_TOP * u
    return x0, y0, x0 + side, y0 + side


def head_box(bust_size: int) -> tuple[float, float, float, float]:
    """The icon's square on the bust (bust pixel units)."""
    u = bust_size / BUST_SPAN
    cx, cy = bust_size / 2, BUST_TOP * u - ICON_LIFT * u
    r = ICON_SPAN * u / 2
    return cx - r, cy - r, cx + r, cy + r


def _png(rgb: np.ndarray) -> bytes:
    return png.encode(paint.to_image(rgb), PNG_LEVEL)


def generate(spec: dict) -> dict[str, bytes]:
    sizes = spec["sizes"]
    fw, fh = sizes["full_1"]
    look = read_look(spec)
    light = light_colour(spec)
    layer = paint_figure(spec, look, fw * SS, fh * SS, light)
    fig_rgb, fig_a = layer.reduced(fw, fh)
    finish_rng = rng_for(spec, "finish")
    out: dict[str, bytes] = {}
    backgrounds = []
    for i in range(3):
        bg = paint_background(spec, i, fw, fh, light)
        backgrounds.append(bg)
        w, h = sizes[f"full_{i + 1}"]
        rgb = cloth_strokes(composite(bg, fig_rgb, fig_a), finish_rng, fh * FACE_Y + fw * HEAD_W)
        if (w, h) != (fw, fh):
            rgb = paint.resize(rgb, w, h)
        out[f"full_{i + 1}"] = _png(finish(rgb, finish_rng))
    bw, bh = sizes["bust"]
    box = bust_box(fw, fh)
    bg = paint.resize(backgrounds[0], bw, bh, box=box)
    big = tuple(v * SS for v in box)
    brgb, ba = reduce_crop(layer, big, bw, bh)
    u = bw / BUST_SPAN   # head width on the bust
    bust = finish(cloth_strokes(composite(bg, brgb, ba), finish_rng, (BUST_TOP + 1.0) * u), finish_rng)
    out["bust"] = _png(bust)
    iw, ih = sizes["icon"]
    icon = paint.resize(bust, iw, ih, box=head_box(bw))
    out["icon"] = _png(icon)
    return out
