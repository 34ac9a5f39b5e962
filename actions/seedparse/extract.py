"""Reading facts out of prose: expert origins, beneficiary country, partners, dates."""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from .countries import Mention, find_mentions
from .text import unique

EXPERT_NOUN = (
    r"(?:[Ee]?[Ee]xperts?|[Ee]xpertise|specialists?|practitioners|peers|trainers|"
    r"consultants|expert teams?|teams?)"
)
# Words that may stand between a demonym list and the expert noun:
# "Irish, Swedish and French public experts", "the Spanish peer experts".
EXPERT_MODIFIERS = (
    r"(?:(?:public|peer|PES|senior|regional|labour|labor|employment|EU|government|"
    r"national|civil|social|security|service|services|inspection|high-level)\s+){0,3}"
)
LIST_JOINER = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?:the\s+)?")
FROM_PHRASE = re.compile(rf"\b{EXPERT_NOUN}\b(?P<gap>[^.;:]{{0,70}}?)\bfrom\b")
# "experts presented good practices from ... (Morocco)": what comes from there is not an expert.
NOT_EXPERTS_FROM = re.compile(r"\b(?:practices?|present|shar|showcas|examples?|cases?|models?|lessons?|visit)")
INSTITUTION_NOUN = re.compile(
    r"\s+(?:public\s+)?(?:employment\s+)?(?:institutions?|PES|agenc(?:y|ies)|administrations?|ministr(?:y|ies)|services?)\b",
    re.IGNORECASE,
)
AFTER_DEMONYMS = re.compile(rf"\s+{EXPERT_MODIFIERS}{EXPERT_NOUN}\b")


def _coordinated(mentions: list[Mention], text: str, first: Mention) -> list[Mention]:
    """`first` and the mentions of the same form joined to it by commas and "and"."""
    chain = [first]
    for mention in mentions:
        if mention.start < first.end or mention.form != first.form:
            continue
        if not LIST_JOINER.fullmatch(text[chain[-1].end : mention.start]):
            break
        chain.append(mention)
    return chain


def expert_origin_mentions(text: str) -> list[Mention]:
    """Country mentions that say where experts came from.

    Two phrasings cover the corpus: demonyms before an expert noun ("Belgian and
    Dutch experts", "Portuguese expertise") and a list after "experts ... from"
    ("experts from France, Spain and Peru", "experts from public employment
    services of France and Sweden").
    """
    mentions = find_mentions(text)
    found: dict[int, Mention] = {}
    for match in FROM_PHRASE.finditer(text):
        if NOT_EXPERTS_FROM.search(match.group("gap")):
            continue
        following = [m for m in mentions if m.start >= match.end() and m.form in ("name", "demonym")]
        if not following or not _only_organisation_words(text[match.end() : following[0].start]):
            continue
        chain = _coordinated(mentions, text, following[0])
        # "from Swedish, Polish, and French institutions"
        if following[0].form == "name" or INSTITUTION_NOUN.match(text, chain[-1].end):
            found.update((m.start, m) for m in chain)
    demonyms = [m for m in mentions if m.form == "demonym"]
    for mention in demonyms:
        if mention.start in found:
            continue
        chain = _coordinated(mentions, text, mention)
        if AFTER_DEMONYMS.match(text, chain[-1].end):
            found.update((m.start, m) for m in chain)
    return sorted(found.values(), key=lambda m: m.start)


def _only_organisation_words(gap: str) -> bool:
    """True when the few words between "from" and a country do not start a new clause."""
    # "experts from Pôle Emploi in France": an institution located in the country
    gap = re.sub(r"\bin\s+(?:the\s+)?$", "", gap)
    return len(gap) <= 80 and not re.search(r"\b(?:to|for|in|with|on|by|at|which|who|that)\b", gap)


def expert_origins(text: str) -> list[str]:
    return unique(m.code for m in expert_origin_mentions(text))


@dataclass
class CountryGuess:
    code: str | None
    certain: bool


# Acronyms of national institutions that name their country on their own.
INSTITUTION_COUNTRIES = {
    "MTPE": "PE",
    "UAESPE": "CO",
    "SEPE": "ES",
    "ANOFM": "MD",
    "MTEySS": "AR",
    "ANPEJ": "SN",
    "AGUIPE": "GN",
}


def beneficiary_country(title: str, partner: str, description: str) -> CountryGuess:
    """The country that received the action: the most mentioned country that is
    not an expert origin, title mentions counting double; a city or an
    institution's acronym only when no country is named."""
    scores: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    places: Counter[str] = Counter()
    position = 0
    for weight, text in ((2, title), (2, partner), (1, description)):
        experts = {(m.start, m.end) for m in expert_origin_mentions(text)}
        for mention in find_mentions(text):
            if (mention.start, mention.end) in experts:
                continue
            target = places if mention.form == "place" else scores
            target[mention.code] += weight
            first_seen.setdefault(mention.code, position + mention.start)
        position += len(text) + 1
    if not scores:
        scores = places
    if not scores:
        words = set(re.findall(r"\b[A-Za-z]{3,8}\b", f"{partner} {description}"))
        codes = unique(INSTITUTION_COUNTRIES[w] for w in sorted(words) if w in INSTITUTION_COUNTRIES)
        return CountryGuess(codes[0] if len(codes) == 1 else None, False)
    ranked = sorted(scores, key=lambda code: (-scores[code], first_seen[code]))
    best = ranked[0]
    # Any second candidate ("of Panama" in an action titled "of Costa Rica") asks for a review.
    return CountryGuess(best, len(ranked) == 1)


@dataclass(frozen=True)
class PartnerName:
    name: str
    local_name: str = ""
    acronym: str = ""


ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9+&/\-]{1,11}$")


def split_partner(line: str) -> PartnerName:
    """ "Ministry of Labour [Ministerio del Trabajo] (MTPE)" -> name, local name, acronym."""
    text = " ".join(line.split())
    local_name = ""
    acronym = ""
    bracket = re.search(r"\[([^\]]*)\]?", text)
    if bracket:
        local_name = bracket.group(1).strip()
        text = (text[: bracket.start()] + text[bracket.end() :]).strip()
    inner_acronym = re.search(r"\s*\(([^()]*)\)\s*$", local_name)
    if inner_acronym and ACRONYM.match(inner_acronym.group(1)):
        acronym = inner_acronym.group(1)
        local_name = local_name[: inner_acronym.start()].strip()
    for group in re.finditer(r"\s*\(([^()]*)\)", text):
        content = group.group(1).strip()
        if ACRONYM.match(content) and not acronym:
            acronym = content
        elif not ACRONYM.match(content) and not local_name and _looks_foreign(content):
            local_name = content
        else:
            continue
        text = text.replace(group.group(0), "", 1)
    name = re.sub(r"\s+,", ",", text).strip(" ,")
    if name.lower().startswith("the "):
        name = name[4:]
    return PartnerName(name=name, local_name=local_name, acronym=acronym)


def _looks_foreign(text: str) -> bool:
    return bool(re.match(r"(?:Ministerio|Ministère|Minist[eé]rio|Agence|Agencia|Instituto|Servicio|Direc)", text))


ACTION_CODE = re.compile(r"\bAction\s+(\d{4}-\d{2})\b")


def action_code(text: str) -> tuple[str, list[str]]:
    """The action's own code ("Action 2023-11 was implemented ...") and the codes
    of the actions it refers to ("building on Action 2022-21")."""
    own = ""
    referenced = []
    for match in ACTION_CODE.finditer(text):
        rest = text[match.end() : match.end() + 20]
        if not own and re.match(r"\s+(?:was|is|has|had|will|started|ran|took)\b", rest):
            own = match.group(1)
        elif match.group(1) not in referenced:
            referenced.append(match.group(1))
    return own, [code for code in referenced if code != own]


MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def year(self) -> int:
        return self.end.year


def _month(name: str) -> int:
    return MONTHS[name.lower()]


DATE_PATTERNS = [
    # 23-24 May 2024, 18-20 November 2024, 7 October 2020
    (
        re.compile(rf"\b(\d{{1,2}})(?:\s*[-–]\s*(\d{{1,2}}))?\s+({MONTH})\s+(\d{{4}})\b"),
        lambda m: Period(
            date(int(m[4]), _month(m[3]), int(m[1])),
            date(int(m[4]), _month(m[3]), int(m[2] or m[1])),
        ),
    ),
    # 27/04/2023
    (
        re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"),
        lambda m: Period(date(int(m[3]), int(m[2]), int(m[1])), date(int(m[3]), int(m[2]), int(m[1]))),
    ),
    # from May to November 2023, October and November 2021
    (
        re.compile(rf"\b({MONTH})\s+(?:to|and|-|–)\s+({MONTH})\s+(\d{{4}})\b"),
        lambda m: Period(date(int(m[3]), _month(m[1]), 1), _month_end(int(m[3]), _month(m[2]))),
    ),
    # October 2020, in June 2022
    (
        re.compile(rf"\b({MONTH})\s+(\d{{4}})\b"),
        lambda m: Period(date(int(m[2]), _month(m[1]), 1), _month_end(int(m[2]), _month(m[1]))),
    ),
]


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date.fromordinal(date(year, month + 1, 1).toordinal() - 1)


def find_periods(text: str) -> list[Period]:
    """Every dated period in the text, in the order it appears; a span matched by a
    more precise pattern is not read again by a vaguer one."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, Period]] = []
    for pattern, build in DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            try:
                period = build(match)
            except ValueError:  # "31 February": not a date, and not read again as "February"
                continue
            found.append((match.start(), period))
    return [period for _, period in sorted(found, key=lambda item: item[0])]
