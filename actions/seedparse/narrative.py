"""Narrative documents (news items, workshop reports): one cooperation event each."""

import re
from collections import Counter

from .countries import code_for_name, find_mentions
from .extract import action_code, event_kind, event_periods, partner_record, publication_date, split_partner
from .records import ActionRecord, ExpertRecord, ParsedDocument, PartnerRecord
from .text import slugify, unique
from .themes import assign_themes

KINDS = ("webinar", "workshop", "conference", "seminar", "forum", "meeting")
KIND_WORD = re.compile(r"\b(webinar|workshop|conference|seminar|forum|meeting)s?\b", re.IGNORECASE)
# Lines of a web page's frame rather than of the article.
BOILERPLATE = re.compile(r"^(?:News\b|Share this page|©|\d{1,2}/\d{1,2}/\d{4}$)", re.IGNORECASE)
ORGANISATION = r"(?:the\s+)?[A-Z][^.;]*?"
ORGANISER_PATTERNS = (
    re.compile(rf"\borgani[sz]ed by\s+({ORGANISATION})(?=\s+in\s+[A-Z][a-z]+\b|,\s+in partnership with|\.|;)"),
    re.compile(rf"\borgani[sz]ed by\s+[^.;]*?,\s+in partnership with\s+({ORGANISATION})(?=\.|;)"),
    re.compile(r"\b(?:webinar|workshop|seminar|conference) from\s+(the\s+[A-Z][^.;]*?\))"),
    re.compile(r"(?:^|\.\s+)(?:On [^,]+,\s+)?([A-Z][A-Z]+(?:\s+[A-Z][a-z]+)?) conducted\b"),
    re.compile(r"(?:^|\.\s+|,\s+)(the\s+[A-Z][^.;,]*?)\s+(?:organi[sz]ed|hosted|convened)\s+(?:a|an|the)\b"),
)
PRESENTER = re.compile(
    r"(?:^|[,.]\s+|\band\s+)(?:Firstly|Secondly|Thirdly|Finally|Lastly)?,?\s*"
    r"(the\s+[A-Z][^.;]*?)\s+presented\b"
)
PERSON = r"[A-Z][a-zà-ÿ]+(?:\s+[A-Z][a-zà-ÿ]+){1,2}"
EXPERT = re.compile(
    rf"(?P<name>{PERSON}),?\s+(?:an?\s+)?(?:expert\s+)?from\s+(?:the\s+)?"
    rf"(?P<origin>[^,;]+?)(?=,|;|\.\s|\.$|\s+and\s+{PERSON}|\s+shared\b|\s+presented\b)"
)
BULLET_ITEM = re.compile(r"^\s*[•\-\u2022]\s*(.+?)[.,]?\s*$")


def parse_narrative(text: str, source_name: str) -> ParsedDocument:
    lines = [line.strip() for line in text.splitlines()]
    heading, body_lines = _title_and_body(lines)
    paragraphs = _paragraphs(body_lines)
    # a lead repeated under the headline is one paragraph, not two
    full_text = "\n\n".join(p for i, p in enumerate(paragraphs) if not any(p in q for q in paragraphs[:i]))
    kind = event_kind(heading) or _kind(full_text)
    organisers = _organisers(full_text)
    experts = _experts(full_text)
    participants = _participants(lines, full_text, organisers)
    title = heading
    if heading.isupper():
        title = heading.capitalize()
        if organisers:
            names = " and ".join(o.acronym or o.name for o in organisers[:2])
            title = f"{title}: {kind} organised by {names}"
    host = next((o for o in organisers if o.country), None)
    record = ActionRecord(
        key=slugify(title)[:80],
        line=1,
        kind=kind,
        title=title,
        description=full_text,
        partner=host or (organisers[0] if organisers else None),
        country=host.country if host else None,
        expert_origins=unique(e.country for e in experts if e.country),
        organisers=organisers,
        participants=participants,
        experts=experts,
    )
    names = [name for p in [*organisers, *participants] for name in (p.name, p.local_name)]
    record.take_themes(assign_themes(title, full_text, names=names))
    record.countries_involved = unique(p.country for p in [*organisers, *participants, *experts] if p.country)
    record.code = _document_code(full_text)
    _date(record, text, full_text)
    for name in ("country", "expert_origins", "year"):
        if not getattr(record, name):
            record.uncertain.append(name)
    if heading.isupper():  # a section heading ("CONCLUSIONS AND NEXT STEPS"), not the event's name
        record.uncertain.append("title")
    return ParsedDocument(layout="narrative", title=title, records=[record])


# Lines that prose never starts with: Markdown headings, code fences and tables, HTML or XML
# tags, INI sections, JSON. A file with such lines is another kind of document.
MARKUP_LINE = re.compile(r"^\s*(?:#{1,6}\s|```|~~~|\|.*\|\s*$|<[A-Za-z!/?]|\[[\w.\- ]+\]\s*$|[{\[]\s*$)", re.MULTILINE)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
EVENT_WITHIN_CHARACTERS = 2000


def looks_narrative(text: str) -> bool:
    """A prose report of one event: enough words, no markup, an event named near the top
    (the report is about it, not mentioning one in passing) and a year."""
    return (
        len(text.split()) >= 40
        and MARKUP_LINE.search(text) is None
        and KIND_WORD.search(text[:EVENT_WITHIN_CHARACTERS]) is not None
        and YEAR.search(text) is not None
    )


def _paragraphs(lines: list[str]) -> list[str]:
    """Joins hard-wrapped lines: a paragraph ends where a line ends a sentence."""
    paragraphs, current = [], []
    for line in lines:
        if current and (re.search(r"[.:?!]$", current[-1]) or BULLET_ITEM.match(line) or current[-1].isupper()):
            paragraphs.append(" ".join(current))
            current = []
        current.append(line)
    if current:
        paragraphs.append(" ".join(current))
    return [" ".join(p.split()) for p in paragraphs]


def _title_and_body(lines: list[str]) -> tuple[str, list[str]]:
    """The article's first line is its title; short lines of page furniture up to a
    "News" line ("Employment, Social Affairs & Inclusion") are skipped."""
    lines = [line for line in lines if line]
    start = 0
    for index, line in enumerate(lines[:4]):
        if BOILERPLATE.match(line):
            start = index + 1
        elif len(line) > 60:
            break
    body = [line for line in lines[start:] if not BOILERPLATE.match(line)]
    return body[0], body[1:]


def _kind(text: str) -> str:
    counts = Counter(match.lower() for match in KIND_WORD.findall(text))
    return max(KINDS, key=lambda kind: (counts[kind], -KINDS.index(kind))) if counts else "event"


def _organisers(text: str) -> list[PartnerRecord]:
    organisers = []
    for pattern in ORGANISER_PATTERNS:
        match = pattern.search(text)
        if match:
            # An office named after its city ("ILO Moscow") serves a region, not that country.
            organisers.extend(_institutions(match.group(1), places=False))
    return unique(organisers)


def _institutions(phrase: str, places: bool = True) -> list[PartnerRecord]:
    """ "SOCIEUX+ and the Ministry of Labor of Ecuador" -> two institutions; an "and"
    inside a name ("Labor and Labor Development") is not a split point."""
    records = []
    for part in re.split(r",?\s+and\s+(?=the\s+|[A-Z]{2,})|,\s+(?=the\s+)", phrase):
        part = re.sub(r"^the\s+", "", part.strip(), flags=re.IGNORECASE)
        if not part:
            continue
        country = _country_of(part, places)
        # "Servicio Andaluz de Empleo (SAE), Spain": the trailing country is not part of the name.
        trailing_country = re.search(r",\s+([^,]+)$", part)
        if trailing_country and code_for_name(trailing_country.group(1)):
            part = part[: trailing_country.start()]
        records.append(partner_record(part, country))
    return records


def _country_of(phrase: str, places: bool = True) -> str | None:
    codes = unique(m.code for m in find_mentions(phrase) if places or m.form != "place")
    return codes[-1] if codes else None


def _participants(lines, text, organisers) -> list[PartnerRecord]:
    found = []
    for line in lines:
        item = BULLET_ITEM.match(line)
        if item:
            found.extend(_institutions(item.group(1)))
    for match in PRESENTER.finditer(text):
        found.extend(_institutions(match.group(1)))
    for match in re.finditer(r"presentations from ([^.;]+?)(?=\s+and reactions|\.|;)", text):
        for country_part in re.split(r"\s+and\s+(?=the\s+|[A-Z])", match.group(1)):
            inner = re.search(r"\(([^)]+)\)", country_part)
            name = inner.group(1) if inner else country_part
            found.append(PartnerRecord(split_partner(name).name, country=_country_of(country_part)))
    known = {o.name for o in organisers}
    return [p for p in unique(found) if p.name not in known]


def _experts(text: str) -> list[ExpertRecord]:
    """Named people "from" an institution or country; a person named twice counts once."""
    experts: dict[str, ExpertRecord] = {}
    for match in EXPERT.finditer(text):
        origin = match.group("origin").strip()
        country = _country_of(origin)
        mentions = find_mentions(origin)
        is_country_only = len(mentions) == 1 and mentions[0].end - mentions[0].start == len(origin)
        institution = "" if is_country_only else re.sub(r"\s*\([^)]*\)\s*$", "", origin)
        experts.setdefault(match.group("name"), ExpertRecord(match.group("name"), institution, country))
    return list(experts.values())


def _document_code(text: str) -> str:
    own, _ = action_code(text)
    if own:
        return own
    match = re.search(r"\(SOCIEUX\+?\s+(\d{4}-\d{2})\)", text)
    return match.group(1) if match else ""


def _date(record: ActionRecord, text: str, body: str) -> None:
    """The event's own dates; failing them, the year of publication or of a bare year,
    marked as guessed."""
    record.published_on = publication_date(text)
    periods = event_periods(body, "" if record.kind == "event" else record.kind.replace("_", " "))
    if periods:
        record.start_date, record.end_date = periods[0].start, periods[0].end
        record.year = periods[0].year
        if periods[0].start.day == 1 and periods[0].end.day >= 28:
            record.uncertain.append("dates")
        return
    years = re.findall(r"\b(?:19|20)\d{2}\b", body)
    if record.published_on or years:
        record.year = record.published_on.year if record.published_on else int(years[0])
        record.uncertain.append("dates")
