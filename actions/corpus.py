"""A synthetic corpus for load tests and benchmarks, recombined from the seeded actions.

Real catalogues are skewed: a few countries, partners and themes account for most
actions and a long tail for the rest, and words follow the same pattern. The corpus
keeps that shape by drawing everything with Zipf-like weights from what the seeds hold:
their sentences (so word frequencies resemble real texts: "employment" is common,
"apprenticeship" rare), titles, partners, countries, themes, action types and expert
origins. The same --seed gives the same corpus.
"""

import json
import random
import re
import time
from bisect import bisect
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import accumulate

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from . import facets, search
from .models import Action, ActionType, Country, Expert, Partner, SearchDocument, SourceDocument, Theme

SOURCE_NAME = "generated-corpus"
BATCH = 5000
YEARS = range(2005, 2027)
# more actions in recent years, as catalogues grow
YEAR_WEIGHTS = list(accumulate(range(1, len(YEARS) + 1)))
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


@dataclass
class Skewed:
    """Draws items with weight 1 / rank ** exponent: the first few dominate, the tail stays."""

    items: list
    exponent: float = 1.0

    def __post_init__(self):
        self.cumulative = list(accumulate(1 / (rank**self.exponent) for rank in range(1, len(self.items) + 1)))

    def pick(self, rng: random.Random):
        # what rng.choices(items, cum_weights=…) draws, without its per-call set-up: the
        # same corpus for the same seed, at a fraction of the cost of a million actions
        return self.items[bisect(self.cumulative, rng.random() * self.cumulative[-1], 0, len(self.items) - 1)]

    def sample(self, rng: random.Random, count: int) -> list:
        chosen = []
        for _ in range(count * 3):
            item = self.pick(rng)
            if item not in chosen:
                chosen.append(item)
            if len(chosen) == count:
                break
        return chosen


@dataclass
class CorpusReport:
    actions: int
    delete_seconds: float = 0.0  # deleting the corpus generated before
    write_seconds: float = 0.0  # drawing and writing the rows and links, their keys and indexes included
    index_seconds: float = 0.0  # building the search documents and index
    analyze_seconds: float = 0.0  # VACUUM ANALYZE (PostgreSQL) or ANALYZE (SQLite)

    @property
    def rate(self) -> float:
        """Actions written per second."""
        return self.actions / self.write_seconds if self.write_seconds else 0.0

    def __str__(self):
        return (
            f"previous corpus deleted in {self.delete_seconds:.1f} s; {self.actions:,} actions written in "
            f"{self.write_seconds:.1f} s ({self.rate:,.0f} actions/s, keys and indexes included); "
            f"search index {self.index_seconds:.1f} s; vacuum and analyze {self.analyze_seconds:.1f} s"
        )


def generate(count: int, seed: int = 1) -> CorpusReport:
    """Replaces the generated actions with `count` new ones."""
    report = CorpusReport(count)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # a batch job: its bulk statements and VACUUM are not the runaway requests the bound is for
            cursor.execute("SET statement_timeout = 0")
    started = time.perf_counter()
    seeded = Action.objects.exclude(source__filename=SOURCE_NAME)
    seeded = list(seeded.prefetch_related("themes", "action_types", "expert_origins"))
    if not seeded:
        raise ValueError("the corpus is recombined from the seeded actions: run load_seeds first")
    rng = random.Random(seed)
    pools = _pools(seeded, rng)
    source, _ = SourceDocument.objects.update_or_create(
        filename=SOURCE_NAME, defaults={"title": "Generated corpus", "layout": "list", "sha256": str(seed)}
    )
    with transaction.atomic():
        with search.bulk_indexing():
            with _keys_and_indexes_built_after():
                deleting = time.perf_counter()
                _delete_generated(source)
                report.delete_seconds = time.perf_counter() - deleting
                partners = _partners(pools, rng, count)
                first_id = (Action.objects.aggregate(last=Max("id"))["last"] or 0) + 1
                for first in range(0, count, BATCH):
                    _write_batch(range(first, min(first + BATCH, count)), first_id, source, partners, pools, rng)
            report.write_seconds = time.perf_counter() - started - report.delete_seconds
        report.index_seconds = time.perf_counter() - started - report.delete_seconds - report.write_seconds
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence('actions_action', 'id'), MAX(id)) FROM actions_action"
                )
        search.add_to_vocabulary(" ".join(pools["sentences"].items + pools["titles"].items))
        transaction.on_commit(facets.invalidate)
    analyzing = time.perf_counter()
    with connection.cursor() as cursor:
        # statistics for the planner and, on PostgreSQL, the visibility map index-only scans need
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    report.analyze_seconds = time.perf_counter() - analyzing
    return report


def _delete_generated(source) -> None:
    """Raw deletes: the ORM would collect every generated action and its links in memory.
    The actions go first (foreign keys are checked at commit, or after the load), so that
    the link tables' triggers, where they are on, find no action left whose facet ids they
    would rewrite (migration 0014)."""
    dependent = [field.remote_field.through for field in Action._meta.many_to_many] + [Expert, SearchDocument]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM actions_action WHERE source_id = %s", [source.pk])
        for model in dependent:
            table = model._meta.db_table
            cursor.execute(
                f"DELETE FROM {table} WHERE NOT EXISTS (SELECT 1 FROM actions_action a WHERE a.id = {table}.action_id)"
            )
        cursor.execute("DELETE FROM actions_partner WHERE slug LIKE 'corpus-%%' AND seed_key IS NULL")


def _pools(seeded: list[Action], rng: random.Random) -> dict:
    sentences = [s.strip() for a in seeded for s in SENTENCE_END.split(a.description) if len(s.split()) >= 5]
    rng.shuffle(sentences)
    countries = list(Country.objects.order_by("code"))
    seeded_codes = [a.country_id for a in seeded if a.country_id]
    by_use = sorted(countries, key=lambda c: (-seeded_codes.count(c.pk), rng.random()))
    origin_ids = [c.pk for a in seeded for c in a.expert_origins.all()]
    origins = sorted({*origin_ids}, key=lambda pk: -origin_ids.count(pk))
    themes = [t.pk for a in seeded for t in a.themes.all()]
    types = [t.pk for a in seeded for t in a.action_types.all()]
    return {
        "sentences": Skewed(sentences, 0.6),
        "titles": Skewed(sorted({a.title for a in seeded}), 0.3),
        "countries": Skewed(by_use, 1.1),
        "origins": Skewed(origins, 1.0),
        "themes": Skewed(sorted(set(themes), key=lambda pk: -themes.count(pk)), 0.8),
        "types": Skewed(sorted(set(types), key=lambda pk: -types.count(pk)), 0.9),
        "partner_names": Skewed(sorted({p.name for p in Partner.objects.exclude(slug__startswith="corpus-")}), 0.5),
        "names": {
            **{("themes", t.pk): t.name for t in Theme.objects.all()},
            **{("action_types", t.pk): t.name for t in ActionType.objects.all()},
            **{("expert_origins", c.pk): c.name for c in countries},
        },
        "kinds": Skewed(["action"] * 16 + ["workshop", "webinar", "seminar", "conference", "forum", "meeting"], 0.0),
    }


def _partners(pools, rng: random.Random, count: int) -> Skewed:
    """A few big institutions and a long tail: one partner per 100 actions, at least 50."""
    partners = []
    for number in range(max(50, count // 100)):
        country = pools["countries"].pick(rng)
        name = pools["partner_names"].pick(rng)
        partners.append(
            Partner(name=f"{name}, {country.name}"[:300], country=country, slug=f"corpus-{number}", seed_key=None)
        )
    return Skewed(Partner.objects.bulk_create(partners, batch_size=BATCH), 1.0)


ACTION_COLUMNS = (
    "id", "title", "slug", "description", "kind", "code", "status", "partner_id", "country_id", "year",
    "source_id", "seed_key", "seed_values", "referenced_codes", "search_context", "created_at", "updated_at",
    "action_type_labels", "theme_evidence", "needs_review", "review_reasons",
    "theme_ids", "action_type_ids", "expert_origin_ids",
)  # fmt: skip
LINKS = (("themes", "theme_id"), ("action_types", "actiontype_id"), ("expert_origins", "country_id"))
LINK_TABLES = {relation: getattr(Action, relation).through._meta.db_table for relation, _ in LINKS}
# The triggers that keep the facets' tally (migration 0019): a load is counted once after it,
# in a second at 1,000,000 actions, not batch by batch and deletion as it is written.
TALLY_TRIGGERS = ("actions_action_tally_insert", "actions_action_tally_update", "actions_action_tally_delete")
# The tables the generator writes. On PostgreSQL their keys and indexes, every foreign key
# into or out of them, and the link tables' triggers are off during a load.
WRITTEN_TABLES = [Action._meta.db_table, Partner._meta.db_table, *LINK_TABLES.values()]


def _write_batch(numbers, first_id: int, source, partners: Skewed, pools, rng: random.Random) -> None:
    """The actions are written as they are drawn, so that the database stores each while
    the next is drawn; their links after them."""
    links = {relation: [] for relation, _ in LINKS}
    _insert("actions_action", ACTION_COLUMNS, _action_rows(numbers, first_id, source, partners, pools, rng, links))
    for relation, column in LINKS:
        _insert(LINK_TABLES[relation], ("action_id", column), links[relation])


def _action_rows(numbers, first_id: int, source, partners: Skewed, pools, rng: random.Random, links: dict):
    """The rows of ACTION_COLUMNS, one per number; their links are added to `links`."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    # a facet id column's value: an array on PostgreSQL, JSON text on SQLite (migration 0014)
    id_list = list if connection.vendor == "postgresql" else json.dumps
    for number in numbers:
        action_id = first_id + number
        partner = partners.pick(rng)
        country = partner.country if rng.random() < 0.9 else pools["countries"].pick(rng)
        title = pools["titles"].pick(rng)
        if rng.random() < 0.5:
            title = f"{title} ({country.name})"
        linked = {
            "themes": pools["themes"].sample(rng, rng.choice([1, 1, 2, 2, 3, 4])),
            "action_types": pools["types"].sample(rng, rng.choice([1, 1, 2])),
            "expert_origins": pools["origins"].sample(rng, rng.choice([0, 1, 1, 2, 2, 3])),
        }
        for relation, pks in linked.items():
            links[relation] += [(action_id, pk) for pk in pks]
        names = [partner.name, country.name] + [pools["names"][r, pk] for r, pks in linked.items() for pk in pks]
        yield (
            action_id,
            title[:500],
            f"corpus-{number}",
            " ".join(pools["sentences"].pick(rng) for _ in range(rng.randint(3, 9))),
            pools["kinds"].pick(rng),
            "",
            "",
            partner.pk,
            country.pk,
            rng.choices(YEARS, cum_weights=YEAR_WEIGHTS)[0] if rng.random() < 0.95 else None,
            source.pk,
            f"corpus-{number}",
            "{}",
            "[]",
            "\n".join(names),
            now,
            now,
            "[]",
            "{}",
            False,
            "[]",
            *(id_list(sorted(linked[relation])) for relation, _ in LINKS),
        )


@contextmanager
def _keys_and_indexes_built_after():
    """What pg_restore does: the written tables' primary and unique keys, their other
    indexes and every foreign key into or out of them are dropped for the load and made
    again after it, in that order: one sort per index and one join per foreign key,
    instead of index insertions and key lookups per row written, and per row deleted a
    lookup in each table that refers to it. The link tables' triggers, which keep the
    actions' facet ids, are off too: the generator writes those ids with the rows; and so
    are those of the facets' tally, which is counted again after the load.

    The transaction holds the tables locked meanwhile, and a failure (a key that no
    longer holds included) rolls it all back. SQLite, which checks foreign keys at commit
    and writes from one process, is left as it is."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND (conrelid = ANY(%s::regclass[]) OR confrelid = ANY(%s::regclass[]))",
            [WRITTEN_TABLES, WRITTEN_TABLES],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype IN ('p', 'u') AND conrelid = ANY(%s::regclass[])",
            [WRITTEN_TABLES],
        )
        keys = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS (SELECT FROM pg_constraint c "
            "WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid)",
            [WRITTEN_TABLES],
        )
        indexes = cursor.fetchall()
        for table, name, _definition in foreign_keys + keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
        for table in LINK_TABLES.values():
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        for trigger in TALLY_TRIGGERS:
            cursor.execute(f"ALTER TABLE actions_action DISABLE TRIGGER {trigger}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for table in LINK_TABLES.values():
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        for trigger in TALLY_TRIGGERS:
            cursor.execute(f"ALTER TABLE actions_action ENABLE TRIGGER {trigger}")
        cursor.execute("SELECT actions_facettally_recount()")
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")


def _insert(table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    """Many rows at once: COPY on PostgreSQL, one prepared INSERT on SQLite."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", rows)
