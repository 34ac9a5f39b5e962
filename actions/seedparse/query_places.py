"""The places a search query names, so that they become filters instead of words to match:
"Colombian informal vendors" is informal vendors in Colombia, "experts from France in West
Africa" is actions with French experts in Western Africa. Country names in English,
Spanish, French and Portuguese, English demonyms, UN sub-regions and the usual informal
regions (Latin America, the Sahel, the Balkans) in the four languages.
"""

import gettext
import re
from dataclasses import dataclass, field
from functools import cache

from .countries import ALTERNATIVE_NAMES, DEMONYMS, all_countries
from .text import fold

# Informal regions: the UN sub-regions they cover, or their countries.
INFORMAL_REGIONS = {
    "Latin America": (
        ("latin america", "america latina", "latinoamerica", "amerique latine"),
        {"region": ["south-america", "central-america", "caribbean"]},
    ),
    "the Sahel": (("sahel",), {"country": ["BF", "ML", "MR", "NE", "TD", "SN"]}),
    "the Balkans": (
        ("balkans", "western balkans", "balcanes", "balcas", "balkans occidentaux"),
        {"country": ["AL", "BA", "HR", "XK", "ME", "MK", "RS", "SI", "BG", "RO", "GR"]},
    ),
    "the Western Balkans": (
        ("western balkans", "balcanes occidentales", "balkans occidentaux", "balcas ocidentais"),
        {"country": ["AL", "BA", "XK", "ME", "MK", "RS"]},
    ),
    "the Maghreb": (("maghreb", "magreb"), {"country": ["DZ", "LY", "MA", "MR", "TN"]}),
    "the Andes": (
        ("andes", "andean", "andean community", "andino", "andina", "andinos", "andinas", "comunidad andina"),
        {"country": ["BO", "CO", "EC", "PE"]},
    ),
}
# As cooperation uses the word (CARICOM, the ILO's Caribbean office), the Caribbean also
# takes in the mainland countries of the Caribbean Community.
CARIBBEAN = (
    ("caribbean", "the caribbean", "caribe", "caraibes", "caraibas", "caribeno", "caribenos"),
    ("BZ", "GY", "SR"),
)
# UN M49 sub-regions as people write them, in the four languages (the slug is the filter's).
REGION_NAMES = {
    "western-africa": (
        "west africa",
        "western africa",
        "africa occidental",
        "afrique de l ouest",
        "afrique occidentale",
    ),
    "eastern-africa": ("east africa", "eastern africa", "africa oriental", "afrique de l est", "afrique orientale"),
    "middle-africa": ("central africa", "middle africa", "africa central", "afrique centrale"),
    "southern-africa": ("southern africa", "africa austral", "afrique australe"),
    "northern-africa": ("north africa", "northern africa", "africa del norte", "afrique du nord", "africa do norte"),
    "south-america": ("south america", "america del sur", "sudamerica", "amerique du sud", "america do sul"),
    "central-america": ("central america", "centroamerica", "america central", "amerique centrale"),
    "central-asia": ("central asia", "asia central", "asie centrale", "asia central"),
    "south-eastern-asia": (
        "south east asia",
        "southeast asia",
        "south eastern asia",
        "sudeste asiatico",
        "asie du sud est",
    ),
    "southern-asia": ("south asia", "southern asia", "asia meridional", "asie du sud"),
    "western-asia": ("western asia", "middle east", "oriente medio", "moyen orient", "medio oriente"),
    "eastern-europe": ("eastern europe", "europa del este", "europe de l est", "europa oriental"),
    "western-europe": ("western europe", "europa occidental", "europe de l ouest", "europe occidentale"),
    "southern-europe": ("southern europe", "europa del sur", "europe du sud", "europa do sul"),
    "northern-europe": ("northern europe", "europa del norte", "europe du nord", "europa do norte"),
}
# Demonyms that are also languages ("training in French") name a country only before these.
LANGUAGES = {"English", "French", "Spanish", "Portuguese", "German", "Italian", "Dutch", "Russian", "Chinese", "Arabic"}
EXPERTS = r"(?:experts?|expertise|expertos|expertas|especialistas?|specialists?|specialistes|peers|consultants?)"
FROM = r"(?:from|de|del|du|des|da|do|dos|das)"
# a preposition left dangling once the place is taken out: "youth employment in Peru"
DANGLING = re.compile(
    rf"(?:\s+(?:in|en|em|au|aux|dans|no|na|to|for|para|pour|of|the|la|el|le|les|los|las|l|{FROM}))+\s*$"
)


@dataclass(frozen=True)
class Place:
    label: str  # as shown to the user: "Peru", "Latin America"
    filters: dict[str, list[str]] = field(hash=False)  # browse parameters it stands for
    kind: str  # "country", "origin" or "region"

    def __str__(self):
        return self.label


@dataclass
class Understood:
    words: str  # the query without the places
    places: list[Place]


@cache
def _lexicon() -> dict[str, tuple[str, dict[str, list[str]], str]]:
    """Folded name -> (label, filters, kind)."""
    lexicon = {}
    countries = {country.code: country for country in all_countries()}
    translations = [_translation(language) for language in ("es", "fr", "pt")]
    for country in countries.values():
        names = {country.name, *(t.gettext(country.name) for t in translations if t)}
        for name in names:
            lexicon[_key(name)] = (country.name, {"country": [country.code]}, "country")
    for name, code in ALTERNATIVE_NAMES.items():
        if code in countries:
            lexicon.setdefault(_key(name), (countries[code].name, {"country": [code]}, "country"))
    lexicon.pop("", None)
    for slug, names in REGION_NAMES.items():
        label = " ".join(word.capitalize() for word in slug.split("-"))
        for name in _with_adjectives(names):
            lexicon[_key(name)] = (label, {"region": [slug]}, "region")
    for label, (names, filters) in INFORMAL_REGIONS.items():
        for name in _with_adjectives(names):
            lexicon[_key(name)] = (label, filters, "region")
    names, mainland = CARIBBEAN
    caribbean = sorted(c.code for c in countries.values() if c.region == "Caribbean") + list(mainland)
    for name in names:
        lexicon[_key(name)] = ("the Caribbean", {"country": caribbean}, "region")
    return lexicon


def _with_adjectives(names):
    """The names and the English adjectives made from them: "West African", "Latin
    American", "Eastern European", "Balkan"."""
    for name in names:
        yield name
        if name.endswith(("africa", "america", "asia")):
            yield name + "n"
        elif name.endswith("europe"):
            yield name[:-1] + "ean"
        elif name.endswith("balkans"):
            yield name[:-1]


def _translation(language: str):
    import pycountry

    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return None


def _key(name: str) -> str:
    key = " ".join(re.findall(r"\w+", fold(name)))
    return key if len(key) >= 4 else ""  # "US", "UK": too short to tell from a word


@cache
def _demonyms() -> dict[str, tuple[str, str]]:
    """Folded demonym -> (code, country name), for the countries the packages know."""
    names = {country.code: country.name for country in all_countries()}
    return {fold(demonym): (code, names[code]) for demonym, code in DEMONYMS.items() if code in names}


@cache
def _pattern() -> re.Pattern:
    names = "|".join(re.escape(name) for name in sorted(_lexicon(), key=len, reverse=True))
    demonyms = "|".join(re.escape(d) for d in sorted(_demonyms(), key=len, reverse=True))
    languages = "|".join(fold(language) for language in LANGUAGES)
    return re.compile(
        rf"\b(?:(?P<expert_demonym>{demonyms})\s+{EXPERTS}"
        rf"|{EXPERTS}\s+{FROM}\s+(?:the\s+)?(?P<expert_name>{names})"
        rf"|(?P<name>{names})"
        rf"|(?!(?:{languages})\b)(?P<demonym>{demonyms}))\b"
    )


def understand(query: str) -> Understood:
    """The query's places, and the query without them."""
    text = " ".join(re.findall(r"\w+", _folded(query)))
    places, kept, last = [], [], 0
    for match in _pattern().finditer(text):
        group = match.lastgroup
        word = match.group(group)
        if group in ("expert_demonym", "demonym"):
            code, name = _demonyms()[word]
            kind = "origin" if group == "expert_demonym" else "country"
            place = Place(name, {kind: [code]}, kind)
        else:
            label, filters, kind = _lexicon()[word]
            if group == "expert_name" and kind == "country":
                place = Place(label, {"origin": filters["country"]}, "origin")
            else:
                place = Place(label, filters, kind)
        if place not in places:
            places.append(place)
        before = text[last : match.start()]
        kept.append(DANGLING.sub("", before) if group not in ("expert_demonym", "expert_name") else before)
        last = match.end()
    kept.append(text[last:])
    return Understood(_as_typed(query, " ".join(kept).split()), places)


def _as_typed(query: str, kept: list[str]) -> str:
    """The kept words as the query wrote them: "m&e", "e-learning" stay one word each (the
    search reads them so), and a query in quotes stays in quotes."""
    written, position = [], 0
    for token in re.findall(r"\w+(?:[-&]\w+)*", _folded(query)):
        parts = re.findall(r"\w+", token)
        if kept[position : position + len(parts)] == parts:
            written.append(token)
            position += len(parts)
    words = " ".join(written)
    return f'"{words}"' if '"' in query and words else words


def _folded(query: str) -> str:
    return fold(query.replace("'", " ").replace("’", " "))
