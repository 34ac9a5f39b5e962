"""Saving parsed seed records, so that reloading is idempotent and keeps editors' work.

Every seeded action remembers, in `seed_values`, the values the loader last wrote.
On a reload a field is updated only while it still holds that value: a field an
editor changed in the admin differs from it, and is left alone.
"""

import difflib
import hashlib
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils.text import slugify

from . import facets, history, signals
from .models import (
    Action,
    ActionType,
    Country,
    DeletedSeedRecord,
    Expert,
    Partner,
    PartnerAlias,
    Region,
    SourceDocument,
    Theme,
)
from .seedparse import (
    ActionRecord,
    PartnerRecord,
    SeedFormatError,
    SkippedBlock,
    decode,
    parse_document,
)
from .seedparse.action_types import CANONICAL_TYPES, OTHER, canonical_type
from .seedparse.countries import all_countries, find_mentions
from .seedparse.text import fold, unique
from .seedparse.themes import THEMES

SCALAR_FIELDS = (
    "title",
    "description",
    "kind",
    "code",
    "status",
    "year",
    "position",
    "referenced_codes",
    "action_type_labels",
    "theme_evidence",
    "needs_review",
    "review_reasons",
)
DATE_FIELDS = ("start_date", "end_date", "published_on")
# What an editor reads in the review queue for each field the parser was unsure of.
REVIEW_REASONS = {
    "country": "beneficiary country inferred, or a second candidate country",
    "dates": "dates guessed: a whole month, a bare year or the publication date",
    "themes": "no theme, or a theme resting on passing mentions only",
    "title": "title composed by the parser: the text names the event nowhere",
}
# field -> (model, attribute of the related object that the seed names it by)
RELATED_FIELDS = {
    "partner": (Partner, "seed_key"),
    "country": (Country, "code"),
}
MANY_FIELDS = {
    "expert_origins": (Country, "code"),
    "countries_involved": (Country, "code"),
    "action_types": (ActionType, "slug"),
    "themes": (Theme, "slug"),
    "organisers": (Partner, "seed_key"),
    "participants": (Partner, "seed_key"),
}


@dataclass
class LoadReport:
    filename: str
    layout: str = ""
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[SkippedBlock] = field(default_factory=list)
    # (action title, field names) whose editor's values were kept
    kept_edits: list[tuple[str, list[str]]] = field(default_factory=list)
    # (title in the database, title in the file) of records recognised although their title changed
    reidentified: list[tuple[str, str]] = field(default_factory=list)
    # tombstones of records an editor deleted, which the file still has
    deleted_by_editor: list[DeletedSeedRecord] = field(default_factory=list)
    # titles of actions loaded from this file earlier that it no longer has (kept, not deleted)
    missing: list[str] = field(default_factory=list)
    records: list[ActionRecord] = field(default_factory=list)


def ensure_reference_data() -> None:
    """Countries, regions, themes and action types from the packages and the vocabularies.
    Rows that exist are never changed, so editors' corrections stay."""
    regions = {r.name: r for r in Region.objects.all()}
    missing = {c.region for c in all_countries() if c.region and c.region not in regions}
    Region.objects.bulk_create([Region(name=name, slug=slugify(name)) for name in sorted(missing)])
    regions = {r.name: r for r in Region.objects.all()}
    existing = set(Country.objects.values_list("code", flat=True))
    Country.objects.bulk_create(
        [
            Country(code=c.code, name=c.name, region=regions.get(c.region))
            for c in all_countries()
            if c.code not in existing
        ]
    )
    for model, vocabulary in ((Theme, THEMES), (ActionType, (*CANONICAL_TYPES, OTHER))):
        existing = set(model.objects.values_list("slug", flat=True))
        model.objects.bulk_create(
            [model(slug=t.slug, name=t.name, description=t.description) for t in vocabulary if t.slug not in existing]
        )


def read_seed(path: Path) -> bytes:
    """The bytes of a seed file, refused before parsing if it is not a plain file inside its
    folder or is far larger than any seed text."""
    name = path.name
    limit = settings.SEED_FILE_MAX_BYTES
    if not path.resolve().is_relative_to(path.absolute().parent.resolve()):
        raise SeedFormatError(f"{name}: a link to a file outside its folder ({path.resolve()}); refused")
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise SeedFormatError(f"{name}: not a regular file")
        if status.st_size > limit:
            raise SeedFormatError(f"{name}: larger than {limit // 2**20} MB; refused before reading")
        with path.open("rb") as file:
            raw = file.read(limit + 1)
    except OSError as error:
        raise SeedFormatError(f"{name}: cannot be read ({error.strerror})") from error
    if len(raw) > limit:
        raise SeedFormatError(f"{name}: larger than {limit // 2**20} MB; refused")
    return raw


def load_file(path: Path) -> LoadReport:
    """Parses the whole file first, then saves it in one transaction."""
    name = path.name
    raw = read_seed(path)
    text = decode(raw, name)
    document = parse_document(text, name)
    report = LoadReport(filename=name, layout=document.layout, skipped=document.skipped, records=document.records)
    with transaction.atomic(), history.signed(f"load_seeds {name}"):
        _one_load_at_a_time()
        ensure_reference_data()
        source, _ = SourceDocument.objects.update_or_create(
            filename=name,
            defaults={
                "title": document.title[:400],
                "layout": document.layout,
                "sha256": hashlib.sha256(raw).hexdigest(),
            },
        )
        with signals.reindexed_once():
            _save_records(document.records, source, report)
        link_parts()
        transaction.on_commit(facets.invalidate)
    return report


def _one_load_at_a_time() -> None:
    """Two loads at once would both create the same countries, partners and slugs; on
    PostgreSQL the second waits for the first to commit. (SQLite's write lock, taken when
    the transaction begins, already serialises them.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # a batch job, not a request: waiting for the other load is not a runaway statement
            cursor.execute("SET LOCAL statement_timeout = 0")
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('pesknow.load_seeds'))")


def _save_records(records: list[ActionRecord], source: SourceDocument, report: LoadReport) -> None:
    """Each record updates the action it was loaded as, even if its title was corrected in
    the file since; a record an editor deleted stays deleted; an action whose record left
    the file is reported and kept."""
    keys = {record.key for record in records}
    existing = {action.seed_key: action for action in Action.objects.filter(source=source)}
    unclaimed = [action for key, action in existing.items() if key not in keys]
    tombstones = {t.seed_key: t for t in DeletedSeedRecord.objects.filter(source=source)}
    for record in records:
        values = _seed_values(record)
        action = existing.get(record.key)
        if action is None and (action := _same_record(record, values, unclaimed)):
            unclaimed.remove(action)
            report.reidentified.append((action.title, record.title))
            action.seed_key = record.key
            action.save(update_fields=["seed_key"])
        if action is None:
            tombstone = tombstones.get(record.key) or _same_record(record, values, list(tombstones.values()))
            if tombstone:
                report.deleted_by_editor.append(tombstone)
                continue
        _save_record(record, values, action, source, report)
    report.missing = [action.title for action in unclaimed]


def _same_record(record: ActionRecord, values: dict, candidates: list):
    """The candidate (an action or a tombstone) this record is, though its key changed: the
    same action code, or a title that differs by a correction (with the same partner or
    position, a looser likeness will do). None unless one candidate is clearly it."""

    def likeness(candidate) -> float:
        seed = getattr(candidate, "seed_values", {})
        if record.code and record.code == getattr(candidate, "code", ""):
            return 2.0
        ratio = difflib.SequenceMatcher(None, fold(record.title), fold(candidate.title)).ratio()
        same_partner = values["partner"] is not None and seed.get("partner") == values["partner"]
        same_place = same_partner or seed.get("position") == values["position"]
        return ratio if ratio >= (0.7 if same_place else 0.85) else 0.0

    return _clear_winner(candidates, likeness)


def _clear_winner(candidates: list, score):
    """The candidate with the highest score above zero, unless another scores as high."""
    scored = sorted(((score(candidate), n) for n, candidate in enumerate(candidates)), reverse=True)
    if not scored or scored[0][0] <= 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return candidates[scored[0][1]]


def _save_record(record: ActionRecord, values: dict, action, source: SourceDocument, report: LoadReport) -> None:
    if action is None:
        action = Action(source=source, seed_key=record.key, slug=_unique_slug(record.title), seed_values=values)
        linked = {name: value for name, value in values.items() if name in MANY_FIELDS or name == "experts"}
        for name, value in values.items():
            if name not in linked:
                _apply(action, name, value)
        action.save()
        _apply_in_one_history_entry(action, linked)
        report.created.append(action.title)
        return
    changed, kept = {}, []
    for name, value in values.items():
        current = _current(action, name)
        if name in action.seed_values and current != action.seed_values[name]:
            kept.append(name)
        elif current != value:
            changed[name] = value
    if changed or action.seed_values != values:
        action.seed_values = values
        _apply_in_one_history_entry(action, changed)
    (report.updated if changed else report.unchanged).append(action.title)
    if kept:
        report.kept_edits.append((action.title, kept))


def _apply_in_one_history_entry(action: Action, values: dict) -> None:
    """Sets the values and saves: one history entry for all of them, where simple-history
    would add one per many-to-many field set."""
    action.skip_history_when_saving = True
    try:
        for name, value in values.items():
            _apply(action, name, value)
    finally:
        del action.skip_history_when_saving
    action.save()


def _seed_values(record: ActionRecord) -> dict:
    """The record as JSON-able values, one per Action field, for comparison."""
    values = {name: getattr(record, name) for name in SCALAR_FIELDS if hasattr(record, name)}
    values["position"] = record.line
    values["action_type_labels"] = record.action_types
    values.update({name: getattr(record, name) and getattr(record, name).isoformat() for name in DATE_FIELDS})
    values["partner"] = _partner(record.partner).seed_key if record.partner else None
    values["country"] = record.country
    values["expert_origins"] = sorted(set(record.expert_origins))
    values["countries_involved"] = sorted(set(record.countries_involved))
    values["action_types"] = sorted({canonical_type(label).slug for label in record.action_types})
    # a field merely absent from the text (no year, no type) is not a doubt to review
    values["review_reasons"] = [REVIEW_REASONS[name] for name in unique(record.uncertain) if name in REVIEW_REASONS]
    values["needs_review"] = bool(values["review_reasons"])
    values["themes"] = sorted(set(record.themes))
    values["organisers"] = sorted({_partner(p).seed_key for p in record.organisers})
    values["participants"] = sorted({_partner(p).seed_key for p in record.participants})
    values["experts"] = sorted([e.name, e.institution, e.country] for e in record.experts)
    return values


def _current(action: Action, name: str):
    if name in SCALAR_FIELDS:
        return getattr(action, name)
    if name in DATE_FIELDS:
        value = getattr(action, name)
        return value.isoformat() if value else None
    if name in RELATED_FIELDS:
        related = getattr(action, name)
        return getattr(related, RELATED_FIELDS[name][1]) if related else None
    if name in MANY_FIELDS:
        return sorted(getattr(action, name).values_list(MANY_FIELDS[name][1], flat=True))
    return sorted(
        [e.name, e.institution, e.country.code if e.country else None] for e in action.experts.select_related("country")
    )


def _apply(action: Action, name: str, value) -> None:
    if name in SCALAR_FIELDS or name in DATE_FIELDS:
        setattr(action, name, value)
    elif name in RELATED_FIELDS:
        model, key = RELATED_FIELDS[name]
        setattr(action, name, model.objects.get(**{key: value}) if value else None)
    elif name in MANY_FIELDS:
        model, key = MANY_FIELDS[name]
        getattr(action, name).set(model.objects.filter(**{f"{key}__in": value}))
    else:
        action.experts.all().delete()
        countries = {c.code: c for c in Country.objects.filter(code__in=[code for *_, code in value if code])}
        Expert.objects.bulk_create(
            Expert(action=action, name=name, institution=institution, country=countries.get(code))
            for name, institution, code in value
        )


def _partner(record: PartnerRecord) -> Partner:
    """The one partner for this institution, found by any of its names, local names or
    acronyms in its country, and created once; what a later file adds (a local name, an
    acronym, the parent of a unit) fills what was missing."""
    keys = partner_keys(record)
    alias = PartnerAlias.objects.filter(key__in=keys).select_related("partner").first()
    parent = _partner(record.parent) if record.parent else None
    if alias is None:
        label = record.acronym or record.name
        partner = Partner.objects.create(
            seed_key=keys[0],
            name=record.name[:300],
            local_name=record.local_name[:300],
            acronym=record.acronym[:30],
            country=Country.objects.filter(code=record.country).first() if record.country else None,
            parent=parent,
            slug=_unique_slug_for(Partner, slugify(f"{label} {record.country or ''}")[:100] or "partner"),
        )
    else:
        partner = alias.partner
        missing = {
            "local_name": not partner.local_name and record.local_name[:300],
            "acronym": not partner.acronym and record.acronym[:30],
            "parent": partner.parent_id is None and parent,
        }
        missing = {name: value for name, value in missing.items() if value}
        if missing:
            for name, value in missing.items():
                setattr(partner, name, value)
            partner.save(update_fields=list(missing))
    known = set(PartnerAlias.objects.filter(key__in=keys).values_list("key", flat=True))
    PartnerAlias.objects.bulk_create([PartnerAlias(partner=partner, key=key) for key in keys if key not in known])
    return partner


def partner_keys(record: PartnerRecord) -> list[str]:
    """The names one institution goes by in its country, each written one way: without
    accents, case, "the", the country's own name or demonym, US spelling of "labour". A
    unit's names count within its parent only: many ministries have a "Public Employment
    Service"; its acronym counts anywhere in the country."""
    country = record.country or ""
    within = f"|{_normalised(record.parent.name, country)}" if record.parent else ""
    names = [(record.name, within), (record.local_name, within), (record.acronym, "")]
    names += [(name, within) for name in record.other_names]
    normalised = ((_normalised(name, country), scope) for name, scope in names if name)
    return unique(f"{name}|{country}{scope}"[:400] for name, scope in normalised if name)


# the legal form before a name: "Unidad Administrativa Especial del Servicio Público de Empleo"
LEGAL_FORM = re.compile(r"^(?:unidad (?:administrativa especial )?(?:del|de la|de)|special administrative unit of) ")


def _normalised(name: str, country: str) -> str:
    for mention in reversed(find_mentions(name)):
        if mention.code == country and mention.form in ("name", "demonym"):
            before = re.sub(r"\s+(?:of|de|du|del)\s+(?:the\s+)?(?:Republic\s+of\s+)?$", " ", name[: mention.start])
            # a partner named by its country alone ("Ecuador") keeps that name: a key is never empty
            if re.search(r"\w", before + name[mention.end :]):
                name = before + name[mention.end :]
    words = re.sub(r"[\W_]+", " ", fold(name).replace("’", "").replace("'", ""))
    words = re.sub(r"\blabor\b", "labour", words)
    words = re.sub(r"^(?:the|la|el|le|l) ", "", " ".join(words.split()))
    return LEGAL_FORM.sub("", words)


def link_parts() -> None:
    """A narrative report of an event belongs to the list action that ran it: the one with
    its action code; else, among the list actions of the same partner undated or dated in the
    code's year, the one whose title shares clearly the most words with the report's."""
    list_actions = Action.objects.filter(source__layout="list")
    for report in Action.objects.filter(source__layout="narrative", part_of=None).exclude(code=""):
        candidates = list(list_actions.filter(code=report.code))
        if not candidates and report.partner_id:
            year = int(report.code[:4])
            same_partner = list_actions.filter(Q(year=year) | Q(year=None), partner_id=report.partner_id)
            best = _clear_winner(list(same_partner[:50]), _shared_title_words(report))
            candidates = [best] if best else []
        if len(candidates) == 1:
            report.part_of = candidates[0]
            report.save(update_fields=["part_of"])


def _shared_title_words(report: Action):
    """How many words a list action's title shares with the report, if at least three."""

    def words(text):
        return set(re.findall(r"[a-z]{4,}", fold(text))) - {"with", "from", "their", "this"}

    wanted = words(f"{report.title} {report.description[:500]}")

    def score(candidate) -> int:
        shared = len(words(candidate.title) & wanted)
        return shared if shared >= 3 else 0

    return score


def _unique_slug(title: str) -> str:
    return _unique_slug_for(Action, slugify(title)[:100] or "action")


def _unique_slug_for(model, base: str) -> str:
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
