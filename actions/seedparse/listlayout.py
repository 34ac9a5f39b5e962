"""The list layout: one action per "•" block.

• Title
<blank>
[Status]
Partner [Local name] (ACRONYM)
[Action type, Action type]
[Description ...]
"""

import re
from dataclasses import replace

from .extract import (
    action_code,
    beneficiary_country,
    event_kind,
    event_periods,
    expert_origins,
    partner_record,
)
from .records import ActionRecord, ParsedDocument, PartnerRecord, SkippedBlock
from .text import fold, slugify
from .themes import assign_themes

BULLET = "•"
STATUSES = re.compile(
    r"^(?:start activities|ongoing|on-going|completed|closed|finished|in preparation|planned|"
    r"cancelled|suspended|under implementation|in progress)$",
    re.IGNORECASE,
)
# Labels seen in the seeds; they let "Institutional capacity building Organisational
# management (...)" be read as two labels although no comma separates them.
KNOWN_ACTION_TYPES = frozenset(
    label.lower()
    for label in (
        "Capacity building",
        "Financial management (incl. budgeting)",
        "Human resources management",
        "Individual capacity building (human resources development)",
        "Information management systems",
        "Institutional (Regulatory & Policy)",
        "Institutional capacity building",
        "Institutional Strengthening",
        "International events (awareness raising)",
        "Legislative & regulatory framework development",
        "National events (awareness raising)",
        "Organisation/business strategy & planning",
        "Organisational capacity building",
        "Organisational management (structures & functions)",
        "Policy development",
        "Regional events (awareness raising)",
        "Regulatory & Policy",
    )
)
ACTION_TYPE_CODE = re.compile(r"^[A-Z]\.\d+\s+")
SENTENCE_WORDS = re.compile(r"\b(?:the|was|were|is|are|has|have|had|to|which|this|that|aimed)\b")


def split_action_types(line: str) -> list[str]:
    labels = []
    for segment in _split_outside_parentheses(line):
        segment = ACTION_TYPE_CODE.sub("", segment.strip())
        labels.extend(_split_run_on_labels(segment))
    return [label for label in labels if label]


def _split_outside_parentheses(line: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in line:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def _split_run_on_labels(segment: str) -> list[str]:
    words = segment.split()
    labels, start = [], 0
    for end in range(1, len(words)):
        left = " ".join(words[start:end])
        if left.lower() in KNOWN_ACTION_TYPES and words[end][:1].isupper():
            labels.append(left)
            start = end
    labels.append(" ".join(words[start:]))
    return labels


def _is_action_type_line(line: str) -> bool:
    if len(line) > 200 or line.endswith("."):
        return False
    return len(SENTENCE_WORDS.findall(line)) < 2


def parse_list(text: str, source_name: str) -> ParsedDocument:
    records, skipped = [], []
    for line_number, block in _blocks(text.splitlines()):
        title = block[0].strip().lstrip(BULLET).strip()
        body = [line.strip() for line in block[1:] if line.strip()]
        if not title:
            skipped.append(SkippedBlock(line_number, "the bullet has no title"))
            continue
        status = body.pop(0) if body and STATUSES.match(body[0]) else ""
        if not body or body[0].startswith(BULLET):
            skipped.append(SkippedBlock(line_number, f"no partner line after the title {title[:60]!r}"))
            continue
        partner_line = body.pop(0)
        types_line = body.pop(0) if body and _is_action_type_line(body[0]) else ""
        description = "\n\n".join(body)
        records.append(_record(title, status, partner_line, types_line, description, line_number))
    _infer_countries_from_partners(records)
    _give_unique_keys(records)
    return ParsedDocument(layout="list", title=source_name, records=records, skipped=skipped)


def _blocks(lines):
    start = None
    for number, line in enumerate(lines, start=1):
        if line.strip().startswith(BULLET):
            if start is not None:
                yield start, lines[start - 1 : number - 1]
            start = number
    if start is not None:
        yield start, lines[start - 1 :]


def _record(title, status, partner_line, types_line, description, line_number) -> ActionRecord:
    country = beneficiary_country(title, partner_line, description)
    origins = [code for code in expert_origins(description) if code != country.code or _says_own_experts(description)]
    code, referenced = action_code(description)
    periods = event_periods(description)
    action_types = split_action_types(types_line)
    partner = partner_record(partner_line, country.code, f"{title}\n{description}")
    record = ActionRecord(
        key="",
        line=line_number,
        kind=_kind(title, action_types, description),
        title=title,
        description=description,
        partner=partner,
        country=country.code,
        expert_origins=origins,
        action_types=action_types,
        status=status,
        code=code,
        referenced_codes=referenced,
    )
    record.take_themes(assign_themes(title, description, action_types, names=_names(partner)))
    if code:
        record.year = int(code[:4])
    if periods:
        record.start_date = min(p.start for p in periods)
        record.end_date = max(p.end for p in periods)
        record.year = record.year or max(p.year for p in periods)
    # "South Asia Labour Conference 2014": a year standing alone in the title, not a span
    title_years = re.findall(r"(?<![\d-])((?:19|20)\d{2})(?![\d-])", title)
    if not record.year and len(set(title_years)) == 1:
        record.year = int(title_years[0])
    if country.code is None or not country.certain:
        record.uncertain.append("country")
    for name, value in (("expert_origins", origins), ("action_types", action_types), ("year", record.year)):
        if not value:
            record.uncertain.append(name)
    return record


def _names(partner: PartnerRecord) -> list[str]:
    parent = partner.parent
    return [partner.name, partner.local_name, *((parent.name, parent.local_name) if parent else ())]


def _kind(title: str, action_types: list[str], description: str) -> str:
    """An event named in the title; for an awareness-raising event, one named in the first
    sentence, or an event of no named kind; otherwise an action."""
    kind = event_kind(title)
    if kind:
        return kind
    if any("awareness raising" in label.lower() for label in action_types):
        first_sentence = re.split(r"(?<=[.!?])\s", description, maxsplit=1)[0]
        return event_kind(first_sentence) or "event"
    return "action"


def _infer_countries_from_partners(records: list[ActionRecord]) -> None:
    """An action whose text names no country takes the country of the same partner in
    other actions, when the partner is told apart by its local name or acronym and was
    only ever seen in one country ("Ministerio de Trabajo y Promoción del Empleo" is Peru's).
    A bare English name ("Ministry of Labour") is too common to be sure."""
    countries_by_partner: dict[str, set[str]] = {}
    for record in records:
        for key in _distinctive_partner_keys(record.partner):
            if record.country:
                countries_by_partner.setdefault(key, set()).add(record.country)
    for record in records:
        if record.country:
            continue
        candidates = set().union(
            *(countries_by_partner.get(k, set()) for k in _distinctive_partner_keys(record.partner))
        )
        if len(candidates) == 1:
            (record.country,) = candidates
            record.partner = replace(record.partner, country=record.country)
            if "country" not in record.uncertain:
                record.uncertain.append("country")


def _distinctive_partner_keys(partner: PartnerRecord) -> list[str]:
    keys = [f"local:{fold(partner.local_name)}"] if partner.local_name else []
    if partner.acronym:
        keys.append(f"acronym:{partner.acronym}|{fold(partner.name)}")
    return keys


def _says_own_experts(description: str) -> bool:
    return bool(re.search(r"\b(?:national|local|own|triangular)\s+experts?\b", description))


def _give_unique_keys(records: list[ActionRecord]) -> None:
    seen: dict[str, int] = {}
    for record in records:
        base = slugify(record.title)[:80] or "action"
        seen[base] = seen.get(base, 0) + 1
        record.key = base if seen[base] == 1 else f"{base}-{seen[base]}"
