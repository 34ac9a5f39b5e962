"""Reading facts out of prose: expert origins, beneficiary country, partners, dates."""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from .countries import Mention, find_mentions
from .records import PartnerRecord
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


# "a study visit to Belgium was organised": where the beneficiary went, not who it was
DESTINATION = re.compile(
    r"\b(?:visits?|tours?|trips?|travell?(?:ed|ing)?|missions?|internships?|placements?|exchanges?)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:to|in)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


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
            before = text[max(0, mention.start - 60) : mention.start]
            if (mention.start, mention.end) in experts or DESTINATION.search(before):
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
    # "State Employment Agency (Ministry of Labour and Social Protection)": the unit's parent
    parent: "PartnerName | None" = None


ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9+&/\-]{1,11}$")
# Words before a name that describe it: "human resource company Randstad"
DESCRIPTOR = re.compile(r"^(?:[a-z][\w-]*\s+)+(?=[A-Z])")
# A person's role at an institution: "Référent Eures Île-de-France at Pôle Emploi"
ROLE_AT = re.compile(
    r"^(?:[\w-]+\s+)?(?:R[ée]f[ée]rent|Advis[eo]r|Officer|Director|Head|Coordinator|Counsell?or|Manager|"
    r"Representative|Focal point)\b[^,]*?\s(?:at|of|from|in)\s+(?=[A-Z])",
    re.IGNORECASE,
)
# "Belgian regional PES, Actiris": a description, then the name
APPOSITIVE = re.compile(r"^(?P<description>[^,]*\b[a-z]{4,}\b[^,]*),\s+(?P<name>[A-Z][\w’'\-+]+)$")
# "Brussels Public Employment Service ACTIRIS": an acronym or brand written in capitals last
TRAILING_ACRONYM = re.compile(r"(?<=[a-z])\s+([A-Z]{3,10})$")
# Heads of institutions that have units: the side of "Unit - Parent" that is the parent
PARENT_HEAD = re.compile(
    r"\b(?:Ministry|Ministère|Ministerio|Ministério|Government|Municipality|City|Prefecture|Province|Region)\b"
)
INSTITUTION_WORD = re.compile(
    r"\b(?:Ministry|Ministère|Ministerio|Ministério|Government|Municipality|Agency|Agence|Agencia|Office|Department|"
    r"Directorate|Sub-Directorate|Service|Services|Secretariat|Institute|Fund|Commission|Council|agency)\b"
)


def split_partner(line: str) -> PartnerName:
    """ "Ministry of Labour [Ministerio del Trabajo] (MTPE)" -> name, local name, acronym;
    "Unit (Parent)", "Unit - Parent" and "Parent (ACR), Unit (ACR)" -> the unit, with its parent."""
    text = " ".join(line.split())
    text = ROLE_AT.sub("", text)
    text = DESCRIPTOR.sub("", text)
    parent_and_unit = re.fullmatch(r"([^,]+?\s*\([A-Z][A-Za-z]{1,11}\)),\s+(.+\([A-Z][A-Za-z]{1,11}\))", text)
    if parent_and_unit:
        return _with_parent(split_partner(parent_and_unit.group(2)), parent_and_unit.group(1))
    unit_in_parentheses = re.fullmatch(r"(.+?)\s+\(([^()]+)\)", text)
    if (
        unit_in_parentheses
        and INSTITUTION_WORD.search(unit_in_parentheses.group(2))
        and not _looks_foreign(unit_in_parentheses.group(2))
    ):
        return _with_parent(split_partner(unit_in_parentheses.group(1)), unit_in_parentheses.group(2))
    unit_comma_parent = re.fullmatch(r"([^,]+),\s+([^,]+)", text)
    if (
        unit_comma_parent
        and INSTITUTION_WORD.search(unit_comma_parent.group(1))
        and PARENT_HEAD.search(unit_comma_parent.group(2))
    ):
        return _with_parent(split_partner(unit_comma_parent.group(1)), unit_comma_parent.group(2))
    sides = re.split(r"\s+-\s+", text)
    if len(sides) == 2 and all(INSTITUTION_WORD.search(side) for side in sides):
        unit, parent = sides[::-1] if PARENT_HEAD.search(sides[0]) and not PARENT_HEAD.search(sides[1]) else sides
        return _with_parent(split_partner(unit), parent)
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
        elif not ACRONYM.match(content) and re.search(r"\b(?:region|province|city|state)\b", content):
            pass  # "(Brussels region)": where it is, not part of its name
        else:
            continue
        text = text.replace(group.group(0), "", 1)
    appositive = APPOSITIVE.match(text)
    if appositive:
        text = appositive.group("name")
    trailing = TRAILING_ACRONYM.search(text)
    if trailing and not acronym:
        acronym = trailing.group(1)
        text = text[: trailing.start()]
    name = re.sub(r"\s+,", ",", text).strip(" ,")
    if name.lower().startswith("the "):
        name = name[4:]
    return PartnerName(name=name, local_name=local_name, acronym=acronym)


def partner_record(line: str, country: str | None, text: str = "") -> PartnerRecord:
    """The institution a partner line names, with the acronym the text gives it if the
    line has none, and the other names the text gives that acronym; a unit's parent is
    taken to be in the same country."""
    names = split_partner(line)
    parent = names.parent and PartnerRecord(names.parent.name, names.parent.local_name, names.parent.acronym, country)
    acronym = (
        names.acronym
        or acronym_in_text(names.name, text)
        or initials_in_text(names.name, text)
        or initials_in_text(names.local_name, text)
    )
    other_names = names_given_to(acronym, text) if acronym else ()
    other_names = tuple(name for name in other_names if name not in (names.name, names.local_name))
    return PartnerRecord(names.name, names.local_name, acronym, country, parent, other_names)


def _with_parent(unit: PartnerName, parent_text: str) -> PartnerName:
    return PartnerName(unit.name, unit.local_name, unit.acronym, parent=split_partner(parent_text))


# the capitalised name that ends a text: "... with the Costa Rican Ministry of Labour and Social Security"
NAME_BEFORE = re.compile(
    r"((?:[A-ZÀ-Ý][\w’'\-]*,?\s+(?:(?:of|and|for|the|de|del|la|y|et|du|des)\s+)*)*[A-ZÀ-Ý][\w’'\-]*)$"
)


def acronym_in_text(name: str, text: str) -> str:
    """The acronym the text gives the named institution: "the Ministry of Labour and Social
    Security (MTSS)" gives "Ministry of Labour and Social Security" its "MTSS"."""
    wanted = _significant_words(name)
    if len(wanted) < 2:
        return ""
    for match in re.finditer(r"\(([A-Z][A-Za-z+&]{1,11})\)", text):
        before = text[max(0, match.start() - 200) : match.start()].rstrip()
        run = NAME_BEFORE.search(before)
        if not run or not ACRONYM.match(match.group(1)):
            continue
        # words before the name may describe it ("the Costa Rican Ministry of ..."), none after
        first_word = name.split()[0]
        named = run.group(1)[run.group(1).find(first_word) :] if first_word in run.group(1) else ""
        if named and _significant_words(named) == wanted:
            return match.group(1)
    return ""


def _significant_words(text: str) -> set[str]:
    return {"labour" if word == "labor" else word for word in _words_of_name(text)}


def _words_of_name(text: str) -> list[str]:
    words = re.findall(r"[a-zà-ÿ]+", re.sub(r"\b[ld]['’]", "", text.lower()))
    return [w for w in words if w not in {"of", "and", "for", "the", "de", "del", "la", "y", "et", "du", "des"}]


def initials_in_text(name: str, text: str) -> str:
    """An acronym the text uses that spells the name's initials: "the MLSW" is the
    "Ministry of Labour and Social Welfare", "ONE" the "Office national de l'emploi"."""
    words = _words_of_name(name)
    if len(words) < 3:
        return ""  # two letters stand for too many things
    initials = "".join(word[0] for word in words).upper()
    return initials if re.search(rf"(?<![\w-]){initials}(?![\w-])", text) else ""


def names_given_to(acronym: str, text: str) -> tuple[str, ...]:
    """The names the text writes before "(ACR)": the same institution, worded otherwise."""
    found = []
    for match in re.finditer(rf"\(({re.escape(acronym)})\)", text):
        run = NAME_BEFORE.search(text[max(0, match.start() - 200) : match.start()].rstrip())
        if run and len(_words_of_name(run.group(1))) >= 3:  # "Aide Sociale" is a fragment, not a name
            found.append(run.group(1))
    return tuple(dict.fromkeys(found))


def _looks_foreign(text: str) -> bool:
    return bool(re.match(r"(?:Ministerio|Ministère|Minist[eé]rio|Agence|Agencia|Instituto|Servicio|Direc)", text))


# Event words, most specific first: a "Training seminar" is a seminar, an "e-conference" a conference.
EVENT_KINDS = (
    ("webinar", r"webinars?"),
    ("conference", r"(?:e[- ])?conferences?"),
    ("forum", r"forums?"),
    ("seminar", r"seminars?"),
    ("workshop", r"workshops?"),
    ("study_visit", r"study (?:visits?|tours?)"),
    # "meeting employers' needs" is not a meeting
    ("meeting", r"meetings?(?! (?:the|their|its|employers|needs|demands?|requirements|standards|targets)\b)"),
    # a title that opens with it ("Training course on ..."), not "design of a training course"
    ("training", r"^training"),
)


def event_kind(text: str) -> str | None:
    """The kind of event the text names, if it names one."""
    for kind, pattern in EVENT_KINDS:
        if re.search(rf"\b(?:{pattern})\b", text, re.IGNORECASE):
            return kind
    return None


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


# Clauses about work before this action ("Following the last analysis ... in June 2022,").
EARLIER_WORK = re.compile(
    r"[^,;.]*\b(?:previous(?:ly)?|earlier|prior|last|former|preceding|building on)\b[^,;.]*", re.IGNORECASE
)
# A date in parentheses right after a name is that named thing's date: "Meeting of Ministers (May 2008)".
NAMED_THING_DATE = re.compile(r"(?<=[A-Za-z])\s*\([^()]*\b(?:19|20)\d\d\)")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])|\n\s*\n")


def event_periods(text: str, event_word: str = "") -> list[Period]:
    """The periods the text gives for this event: not those in clauses on earlier work or of other
    named events; given the event's word ("workshop"), only those of sentences that name it."""
    eligible = [NAMED_THING_DATE.sub("", EARLIER_WORK.sub("", sentence)) for sentence in SENTENCE.split(text)]
    if event_word:
        # a report of one event dates it where it names it; its other dates are other things'
        eligible = [s for s in eligible if re.search(rf"\b{re.escape(event_word)}s?\b", s, re.IGNORECASE)]
    return [period for sentence in eligible for period in find_periods(sentence)]


PUBLISHED = re.compile(r"^\s*News\s+(\d{1,2})/(\d{1,2})/(\d{4})\s*$", re.MULTILINE)


def publication_date(text: str) -> date | None:
    """The date of a "News dd/mm/yyyy" line: when the page was published, not the event."""
    match = PUBLISHED.search(text)
    if not match:
        return None
    try:
        return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None
