"""Facet counts for the browse page, and the number of matching actions, in one statement.

Faceting is disjunctive: the counts of one facet apply every active filter except
that facet's own, so choosing "Peru" still shows how many actions "Ecuador" would
add. Facets whose parameter is not selected therefore all count the same set of
actions; each selected facet needs the set without its own filter.

The whole corpus's counts are not counted but read from a tally the database keeps as
actions are written (migration 0019). Every other set becomes one materialised common
table expression, evaluated once (a search is matched once, not once per facet), and all
counts come back from one UNION ALL over them. Results are cached per filter state for FACET_CACHE_SECONDS (the
whole corpus's for WHOLE_CORPUS_CACHE_SECONDS), and dropped at once when an action or a
name they show changes (see `invalidate`).
"""

import hashlib
import math
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router
from django.db.models import F
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import search
from .filters import LINKED_IDS_OF, NO_YEAR, linked_id_columns
from .models import Action

VERSION_KEY = "facets:version"
# Raised whenever what is kept changes shape: during a rolling deploy the releases share a
# cache, and neither may read what the other kept (release 2: counts with their timeline;
# 3: with the best coverage of a search that found nothing).
KEPT_SHAPE = 3


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    param: str
    title: str
    values: list[FacetValue]
    # how many values the facet has in all; the page shows the most frequent and the selected
    distinct: int = 0

    @property
    def hidden(self) -> int:
        return max(0, self.distinct - len(self.values))

    @property
    def selected(self):
        return [value for value in self.values if value.selected]


@dataclass(frozen=True)
class FacetSpec:
    param: str
    title: str
    # SQL giving (value in URLs, label, number of actions) over the set of actions named {actions}
    counting: str
    # the same over the whole corpus, from its tally named {tally} (migration 0019)
    tallied: str


def _grouped(
    column: str,
    table: str,
    url_field: str,
    rows: str = "{actions} a",
    label: str = "t.name",
    join: str = "",
    count: str = "COUNT(*)",
) -> str:
    """Counts per id first, then names the ids counted."""
    return (
        f"SELECT t.{url_field} AS value, {label} AS label, g.n AS n FROM (SELECT {column} AS id, {count} AS n "
        f"FROM {rows} GROUP BY {column}) g JOIN {table} t ON t.id = g.id {join}"
    )


def _tallied(facet: str, table: str, url_field: str, **naming) -> str:
    """The whole corpus's counts of a facet whose tallied values are ids."""
    return _grouped(
        "CAST(g.value AS BIGINT)",
        table,
        url_field,
        rows=f"{{tally}} g WHERE g.facet = '{facet}'",
        count="SUM(g.n)",
        **naming,
    )


def _linked(ids: str, table: str, url_field: str) -> str:
    """Counts the ids kept on each action's row (migration 0014): no link table is read."""
    return _grouped("l.value", table, url_field, rows=f"{{each_id[{ids}]}}")


# The many-to-many facets' id columns (kept by triggers on their link tables), and how
# each database lists the ids of the actions counted, as rows of a relation `l` with a
# column `value` and the columns `{also}` names beside it (such as the action's country).
# (PostgreSQL unnests an array in a select list about four times faster than as a function
# joined to each row: 12,300 sampled actions' themes in 2.5 ms, not 9.5.)
LINKED_IDS = tuple(LINKED_IDS_OF.values())
EACH_ID = {
    "postgresql": "(SELECT {also}unnest(a.{ids}) AS value FROM {actions} a) AS l",
    "sqlite": "(SELECT {also}j.value AS value FROM {actions} a CROSS JOIN json_each(a.{ids}) j) AS l",
}

# "Ministry of Labour" is a ministry in many countries: a partner's label says whose, unless
# the name already does
PARTNER_NAMING = {
    "label": "CASE WHEN c.name IS NULL OR replace(t.name, c.name, '') <> t.name THEN t.name "
    "ELSE t.name || ' (' || c.name || ')' END",
    "join": "LEFT JOIN actions_country c ON c.id = t.country_id",
}


def _linked_facet(param: str, title, table: str, url_field: str) -> FacetSpec:
    """A many-to-many facet, counted from the ids kept on each action's row, or tallied."""
    return FacetSpec(param, title, _linked(LINKED_IDS_OF[param], table, url_field), _tallied(param, table, url_field))


# the years and kinds are tallied together, as the timeline shows them; so is every action once
TIMELINE = "{tally} WHERE facet = 'timeline'"
TALLIED_TOTAL = f"SELECT COALESCE(SUM(n), 0) FROM {TIMELINE}"
# the tally as a statement's common table expression: a value whose actions are all gone
# stays counted as 0
TALLY = "tally AS (SELECT facet, value, kind, n FROM actions_facettally WHERE n > 0)"

FACETS = [
    FacetSpec(
        "country",
        _("Beneficiary country"),
        _grouped("a.country_id", "actions_country", "code"),
        _tallied("country", "actions_country", "code"),
    ),
    FacetSpec(
        "region",
        _("Region"),
        _grouped(
            "c.region_id", "actions_region", "slug", rows="{actions} a JOIN actions_country c ON c.id = a.country_id"
        ),
        _grouped(
            "c.region_id",
            "actions_region",
            "slug",
            rows="{tally} g JOIN actions_country c ON c.id = CAST(g.value AS BIGINT) WHERE g.facet = 'country'",
            count="SUM(g.n)",
        ),
    ),
    _linked_facet("theme", _("Theme"), "actions_theme", "slug"),
    _linked_facet("type", _("Action type"), "actions_actiontype", "slug"),
    _linked_facet("origin", _("Experts from"), "actions_country", "code"),
    FacetSpec(
        "year",
        _("Year"),
        "SELECT COALESCE(CAST(year AS TEXT), 'none') AS value, COALESCE(CAST(year AS TEXT), 'none') AS label, "
        "COUNT(*) AS n FROM {actions} GROUP BY year",
        f"SELECT value, value AS label, SUM(n) AS n FROM {TIMELINE} GROUP BY value",
    ),
    FacetSpec(
        "kind",
        _("Kind"),
        "SELECT kind AS value, kind AS label, COUNT(*) AS n FROM {actions} GROUP BY kind",
        f"SELECT kind AS value, kind AS label, SUM(n) AS n FROM {TIMELINE} GROUP BY kind",
    ),
    FacetSpec(
        "partner",
        _("Partner"),
        _grouped(
            "a.partner_id",
            "actions_partner",
            "slug",
            rows="{actions} a WHERE a.partner_id IS NOT NULL",
            **PARTNER_NAMING,
        ),
        _tallied("partner", "actions_partner", "slug", **PARTNER_NAMING),
    ),
]
FACETS_BY_PARAM = {spec.param: spec for spec in FACETS}


@dataclass
class FacetResult:
    facets: list[Facet]
    total: int
    # counted on a sample of one action in `sample_step` and scaled up: shown as "about"
    sample_step: int = 1
    # how many actions there are in all (from the tally: exact)
    corpus_size: int = 0
    # (year or None, kind, actions) of the counted set (of its sample, unscaled), when asked for
    timeline: list[tuple] | None = None
    # the most terms of the search any action within the other filters has, where the count
    # asked (`_count`: where it expected no match), else None
    best_coverage: int | None = None

    @property
    def estimated(self) -> bool:
        return self.sample_step > 1


def facet_counts(
    filterset, without_own_filters: bool = False, listed: tuple[str, ...] = (), timeline: bool = False
) -> FacetResult:
    """The facets of the browse page, each with its most frequent values and the selected
    ones, and the number of actions matching every filter. With `without_own_filters`, the
    facets of the filtered parameters are left out (a page about one country has no use for
    the other countries' counts, which would cost a pass over the whole corpus). The
    `listed` facets come with every value, as `all_values` gives them, from the same
    statement as the others: a page showing both needs one statement, not two. With
    `timeline`, the actions per year and kind come from it too (`FacetResult.timeline`);
    the whole corpus's counts always bring them, for the home page's timeline."""
    whole_corpus = not _counted_state(filterset)
    timeline = timeline or whole_corpus
    specs = [spec for spec in FACETS if not (without_own_filters and spec.param in filterset.state)]
    limits = {
        spec.param: settings.FACET_VALUES_LISTED if spec.param in listed else settings.FACET_VALUES_SHOWN
        for spec in specs
    }
    # with nothing left out, the same counts as the browse page's, cached under the same key;
    # else named apart from every other name a filter state's values are kept under
    name = "" if specs == FACETS else "facets=" + ",".join(spec.param for spec in specs)
    if listed:
        name += ":every:" + ",".join(sorted(listed))
    if timeline and not whole_corpus:
        name += ":timeline"
    return _cached(filterset, name, lambda state: _count(filterset, state, specs, limits, timeline, with_coverage=True))


def total_count(filterset) -> FacetResult:
    """How many actions match the filters, without the facets' values, and counted on the
    sample exactly when the browse page's facets are (the same sets decide it): for a page
    that shows none of them but must count as the pages it links to do (the flows: 34 ms
    of the facets' statement saved at 100,000)."""
    return _cached(filterset, "total", lambda state: _count(filterset, state, FACETS, {}))


def rows_sample_step(filterset) -> int:
    """One in how many of the matching actions a count from their rows (the flows') takes:
    the facets' sample, or where a set the facets read from the tally is the whole corpus,
    the one the corpus's size calls for, as if it had been counted (so that a flow's count
    is taken as the browse page it links to, which counts the same filters and one more,
    takes it)."""
    if _counted_state(filterset) and not _tallied_facet(filterset):
        return total_count(filterset).sample_step
    return _corpus_step(*_corpus(router.db_for_read(Action), _data_version()))


def all_values(filterset, param: str) -> FacetResult:
    """One facet with every value (up to FACET_VALUES_LISTED) for the current filters."""
    spec = FACETS_BY_PARAM[param]
    return _cached(
        filterset, param, lambda state: _count(filterset, state, [spec], {param: settings.FACET_VALUES_LISTED})
    )


def cached_for_filters(filterset, name: str, compute):
    """A value computed from the actions matching the filters, kept like the counts and
    dropped with them whenever an action or a name changes."""
    return _cached(filterset, name, lambda state: compute())


def _counted_state(filterset):
    """The filter state as far as counts go: the order of the results changes none."""
    counted = filterset.state.copy()
    counted.pop("sort", None)
    return counted


def _cached(filterset, name: str, compute):
    counted = _counted_state(filterset)
    digest = hashlib.sha256(counted.urlencode().encode()).hexdigest()
    if filterset.any_words:  # the same query string, matched another way
        digest += ":any-words"
    version = _data_version()
    key = f"facets:{version}:{KEPT_SHAPE}:{get_language()}:{name}:{digest}"
    result = cache.get(key)
    if result is None:
        result = compute(CountedState(version, digest))
        kept = settings.FACET_CACHE_SECONDS if counted else settings.WHOLE_CORPUS_CACHE_SECONDS
        cache.set(key, result, kept)
    return result


def _data_version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, None)


def invalidate() -> None:
    """Drops every cached count; called whenever an action or a name a facet shows changes."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def _materialized(connection) -> str:
    """Evaluate each set once, however many counts read it (SQLite 3.35+, PostgreSQL 12+)."""
    if connection.vendor == "sqlite" and connection.Database.sqlite_version_info < (3, 35):
        return ""
    return "MATERIALIZED"


@dataclass(frozen=True)
class CountedState:
    """The data version and the filter state that cached counts are kept under."""

    version: int
    digest: str

    def size_key(self, counted_set: str) -> str:
        return f"facets:{self.version}:size:{self.digest}:{counted_set}"


# The sample: the actions whose slot, (id * SLOT_SPREAD) % SAMPLE_SLOTS, is below
# SAMPLE_SLOTS / step. Multiplying by an odd number permutes the slots, and by about 0.618 of
# them (Fibonacci hashing) spreads consecutive ids evenly over them, so the sample holds one in
# `step` of any run of ids, spread through it, and the covering index of migration 0014,
# ordered by slot, reads it alone, however big the corpus.
SAMPLE_SLOTS = 1024
SLOT_SPREAD = 633
# The search documents' GIN indexes by the slots they cover (migration 0018): those of the
# actions in slots below 8 and below 128, and the whole corpus's. A sample lists its matches
# from the smallest that holds it, at most eight times its size, whatever the corpus's size.
SAMPLED_DOCUMENT_SLOTS = (8, 128, SAMPLE_SLOTS)


def sample_step(largest_id: int) -> int:
    """One in how many actions the sample of a corpus of ids up to `largest_id` holds: the
    smallest power of two that keeps it within FACET_SAMPLE_SIZE, so that it holds between
    half of that and all of it (for corpora of 2 to SAMPLE_SLOTS times that size). A bound,
    not a target: counting costs what the sample holds (at 100,000 actions, one in 16, 6,250
    actions: a common word's counts 29 -> 19 ms, where the nearest power of two, one in 8,
    counted 12,500)."""
    ratio = max(2, largest_id / settings.FACET_SAMPLE_SIZE)
    return min(SAMPLE_SLOTS, 2 ** math.ceil(math.log2(ratio)))


def sample_of(filterset, step: int, without: str | None = None):
    """The actions matching the filter set's filters (all but `without`'s) in the sample of
    one in `step` (all of them if 1). A sample is read row by row, so its themes, types and
    origins are read from the rows; a search's documents are held to the same slots, so
    that its matches can be listed from an index of the sample's documents alone (see
    SAMPLED_DOCUMENT_SLOTS)."""
    queryset = filterset.queryset_without(without, links_from_rows=step > 1)
    if step == 1:
        return queryset
    below = SAMPLE_SLOTS // step
    queryset = queryset.alias(sample_slot=_slot("id")).filter(sample_slot__lt=below)
    return search.within_slots(queryset, _slot, below) if filterset.search_query else queryset


def origin_country_pairs(actions, limit: int) -> list[tuple]:
    """(origin code, origin name, beneficiary code, beneficiary name, actions) for the most
    frequent pairs of an expert origin and a beneficiary country among these actions, read
    from each action's row, where its origins' ids are kept (migration 0014), not from the
    link table (at 100,000 actions, the sampled pairs in 8 ms instead of 55)."""
    connection = connections[actions.db]
    rows = actions.filter(country__isnull=False).order_by().annotate(**linked_id_columns(connection))
    sql, params = rows.values("country_id", LINKED_IDS_OF["origin"]).query.get_compiler(connection=connection).as_sql()
    pairs = EACH_ID[connection.vendor].format(
        ids=LINKED_IDS_OF["origin"], actions=f"({sql})", also="a.country_id AS country, "
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT o.code, o.name, d.code, d.name, p.n FROM "
            f"(SELECT l.value AS origin, l.country AS country, COUNT(*) AS n FROM {pairs} "
            "GROUP BY l.value, l.country) p "
            "JOIN actions_country o ON o.id = p.origin JOIN actions_country d ON d.id = p.country "
            "ORDER BY p.n DESC, o.name, d.name LIMIT %s",
            [*params, limit],
        )
        return cursor.fetchall()


def _slot(id_field: str):
    return F(id_field) * SLOT_SPREAD % SAMPLE_SLOTS


def _indexed_slots(step: int) -> int:
    """The slots whose documents the smallest index holding the sample's covers."""
    return min(slots for slots in SAMPLED_DOCUMENT_SLOTS if slots >= SAMPLE_SLOTS // step)


def _count(
    filterset, state: CountedState, specs, limits: dict[str, int], timeline: bool = False, with_coverage: bool = False
) -> FacetResult:
    """Exact counts, unless the corpus is big and so is the match: then counts from a
    sample of at most FACET_SAMPLE_SIZE actions of the corpus (see `sample_of`), scaled up and
    labelled as estimates, as search engines' samplers do.

    The whole corpus's counts are read from their tally, exact at any size, and so are a
    facet's when it is the only filter (its counts without its own filter are the whole
    corpus's). Of the sets counted, the biggest decides: the total's, or one without a
    facet's own filter. Its
    size is known from a sample (or from earlier counts of the same sets, which other
    pages about the same filters made) before the counts are taken exactly. The sets are
    those of `specs`; the values are counted for the facets `limits` names, and the
    actions per year and kind with `timeline`. `with_coverage`: the browse page's counts,
    which its fallbacks read (`ActionFilterSet.or_closest`)."""
    alias = router.db_for_read(Action)  # a read like any other: from a replica when there are some
    if not _counted_state(filterset):
        return _whole_corpus(filterset, connections[alias], specs, limits, timeline)
    tallied = _tallied_facet(filterset)
    largest_id, corpus_size = _corpus(alias, state.version)
    step = _corpus_step(largest_id, corpus_size)
    found_none = False  # by a sample, or by earlier counts of the same filters
    if step > 1:
        counted_sets = [""] + [spec.param for spec in specs if spec.param in filterset.state and spec.param != tallied]
        known = cache.get_many([state.size_key(name) for name in counted_sets])
        if len(known) < len(counted_sets):
            rows = _statement(filterset, connections[alias], step, specs, limits, largest_id, timeline)
            _remember_sizes(rows, state, step)
            if _largest_set(rows) * step > settings.FACET_EXACT_LIMIT:
                return _facets(rows, filterset.state, step, corpus_size, _counted(specs, limits), timeline, tallied)
            step, found_none = 1, _total(rows) == 0
        elif max(known.values()) <= settings.FACET_EXACT_LIMIT:
            step, found_none = 1, known[state.size_key("")] == 0
    # Where the search likely matches nothing, the browse page falls back to the actions having
    # most of its words, and asks first how many of its words any action has: asked here, by
    # the statement that counts, rather than by one of its own. Only where the index lists
    # the matches by itself: asking the index (`search.through_index`) plans the whole
    # statement so, where words in a row would have each proposed document read.
    query = filterset.search_query
    with_coverage = with_coverage and found_none and query.relaxable and search.listed_by_index_alone(query, alias)
    rows = _statement(filterset, connections[alias], step, specs, limits, largest_id, timeline, with_coverage)
    _remember_sizes(rows, state, step)
    return _facets(rows, filterset.state, step, corpus_size, _counted(specs, limits), timeline, tallied)


def _counted(specs, limits: dict[str, int]) -> list:
    return [spec for spec in specs if spec.param in limits]


def _largest_set(rows) -> int:
    return max(row[3] for row in rows if row[0].startswith("total"))


def _total(rows) -> int:
    return next(row[3] for row in rows if row[0] == "total")


def _remember_sizes(rows, state: CountedState, step: int) -> None:
    sizes = {state.size_key(row[0].removeprefix("total")): row[3] * step for row in rows if row[0].startswith("total")}
    cache.set_many(sizes, settings.FACET_CACHE_SECONDS)


def _corpus(alias, version: int) -> tuple[int, int]:
    """`_corpus_size`, read once per data version."""
    return cache.get_or_set(f"facets:{version}:corpus-size", lambda: _corpus_size(alias), settings.FACET_CACHE_SECONDS)


def _corpus_step(largest_id: int, corpus_size: int) -> int:
    """The sample's step a corpus calls for: 1 where no set counted can be bigger than
    FACET_EXACT_LIMIT."""
    return sample_step(largest_id) if corpus_size > settings.FACET_EXACT_LIMIT else 1


def _corpus_size(alias) -> tuple[int, int]:
    """The largest id, which the sample's step is reckoned from, and how many actions there
    are, exactly, from the tally (ids lost to deletions and to rolled-back writes left
    the largest id an overestimate), in one statement."""
    with connections[alias].cursor() as cursor:
        tallied_total = TALLIED_TOTAL.format(tally="actions_facettally")
        cursor.execute(f"SELECT (SELECT COALESCE(MAX(id), 0) FROM actions_action), ({tallied_total})")
        largest_id, corpus_size = cursor.fetchone()
        return largest_id, corpus_size


def _statement(
    filterset,
    connection,
    step: int,
    specs,
    limits: dict[str, int],
    largest_id: int,
    timeline: bool,
    with_coverage: bool = False,
) -> list[tuple]:
    """Rows of (facet or "total…", value, label, count, number of values in the facet); with
    `timeline`, of ("timeline", year, kind, count, NULL); and with `with_coverage`, one row
    ("coverage", NULL, NULL, the most terms of the search any action within the other filters
    has, NULL)."""
    state = filterset.state
    tallied = _tallied_facet(filterset)
    # one set of actions per distinct filter: "" for all filters, else all but that facet's own
    # (the whole corpus, if that is the only filter: then that facet's counts are tallied)
    sets = {"": sample_of(filterset, step)}
    for spec in specs:
        if spec.param in state and spec.param != tallied:
            sets[spec.param] = sample_of(filterset, step, without=spec.param)
    aliases = {name: f"matching_{index}" for index, name in enumerate(sets)}
    definitions, parameters = [], []
    linked = linked_id_columns(connection)
    for name, queryset in sets.items():
        columns = queryset.order_by().annotate(**linked)
        columns = columns.values("id", "country_id", "partner_id", "year", "kind", *linked)
        sql, params = columns.query.get_compiler(connection=connection).as_sql()
        definitions.append(f"{aliases[name]} AS {_materialized(connection)} ({sql})")
        parameters += params
    parts = [
        f"SELECT 'total{name}', NULL, NULL, COUNT(*), CAST(NULL AS BIGINT) FROM {alias}"
        for name, alias in aliases.items()
    ]
    for spec in _counted(specs, limits):
        selected = state.getlist(spec.param)
        if spec.param == tallied:
            definitions.append(TALLY)
            parts.append(_most_frequent(spec, spec.tallied.format(tally="tally"), selected, limits))
        else:
            actions = aliases[spec.param if spec.param in state else ""]
            each_id = {ids: EACH_ID[connection.vendor].format(ids=ids, actions=actions, also="") for ids in LINKED_IDS}
            parts.append(_most_frequent(spec, spec.counting.format(actions=actions, each_id=each_id), selected, limits))
        parameters += selected
    if timeline:
        parts.append(
            "SELECT 'timeline', CAST(year AS TEXT), kind, COUNT(*), CAST(NULL AS BIGINT) "
            f"FROM {aliases['']} GROUP BY year, kind"
        )
    if with_coverage:
        within_other_filters = filterset.queryset_without("q")
        coverage, coverage_parameters = search.best_coverage_sql(within_other_filters, filterset.search_query)
        parts.append(f"SELECT 'coverage', NULL, NULL, COALESCE({coverage}, 0), CAST(NULL AS BIGINT)")
        parameters += coverage_parameters
    statement = f"WITH {', '.join(definitions)} {' UNION ALL '.join(parts)}"
    with connection.cursor() as cursor:
        if with_coverage:
            # The coverage is planned as `search.best_coverage` plans it; the sets, found small
            # by their sample, are then listed from the search index too (the coverage's
            # statement alone, "tourism pensions" at 100,000: every document read, 280 ms).
            return search.through_index(cursor, statement, parameters)
        if step > 1 and connection.vendor == "postgresql" and filterset.search_query:
            # A sampled count with a search, read the way the search's size calls for.
            # PostgreSQL's planner cannot cost reading a search document (a vector of about
            # 3 KB, TOASTed), so left to itself it read every document for a common word
            # ("employment" at 100,000: 360 ms) and walked the sample for a rare one (77 ms at
            # 1,000,000 for a word matching nothing). The matches are listed from the
            # smallest index holding the sample, at most eight times its size (see
            # SAMPLED_DOCUMENT_SLOTS). Where that index alone decides, a match listed costs
            # about a twentieth of a sampled action walked, its document read (at 100,000,
            # 99,000 matches of "employment" in 30 ms from the whole corpus's index, against
            # 78 for its 12,500 sampled documents), so listing is always cheaper; where the
            # documents must be read to check words in a row, each document the index proposes
            # costs what a sampled action does, and the sample is walked when it is the smaller.
            # The walk of the page's own set reads the documents of the sampled actions within
            # the other filters alone, so that is what the proposals are weighed against (at
            # 1,000,000, "youth employment" within Peru's quarter of the corpus: 236 -> 128
            # ms), though the sets without one facet's filter are walked too.
            exact_index = search.listed_by_index_alone(filterset.search_query, connection.alias)
            sample_share = (SAMPLE_SLOTS // step) / _indexed_slots(step)
            if not exact_index and _proposed_more_than(
                walked_at_most(filterset, largest_id) * sample_share, filterset, connection
            ):
                return search.planned_without(["enable_hashjoin", "enable_mergejoin"], cursor, statement, parameters)
            return search.planned_without(["enable_nestloop", "enable_seqscan"], cursor, statement, parameters)
        cursor.execute(statement, parameters)
        return cursor.fetchall()


def _most_frequent(spec, counting: str, selected: list[str], limits: dict[str, int]) -> str:
    """The part of a statement giving a facet's most frequent values, with how many values
    it has in all: the selected first, whatever their counts, so each shows how many it has
    (their values are the part's parameters)."""
    first = f"CASE WHEN value IN ({', '.join(['%s'] * len(selected))}) THEN 0 ELSE 1 END, " if selected else ""
    return (
        f"SELECT * FROM (SELECT '{spec.param}', value, label, n, COUNT(*) OVER () FROM ({counting}) AS counts "
        f"ORDER BY {first}n DESC, label LIMIT {limits[spec.param] + len(selected)}) AS {spec.param}_counts"
    )


def _tallied_facet(filterset) -> str | None:
    """The facet whose counts without its own filter are the whole corpus's: the only one
    filtered on, by a filter state that has nothing else."""
    counted = list(_counted_state(filterset))
    return counted[0] if len(counted) == 1 and counted[0] in FACETS_BY_PARAM else None


def _whole_corpus(filterset, connection, specs, limits: dict[str, int], timeline: bool) -> FacetResult:
    """The counts of every action, exact whatever the corpus's size: read from their tally,
    which the database keeps as actions are written (migration 0019), in one statement of
    the same rows as `_statement`'s."""
    parts = [f"SELECT 'total', NULL, NULL, ({TALLIED_TOTAL}), CAST(NULL AS BIGINT)"]
    parts += [_most_frequent(spec, spec.tallied, [], limits) for spec in _counted(specs, limits)]
    if timeline:
        parts.append(
            "SELECT 'timeline', NULLIF(value, 'none'), kind, SUM(n), CAST(NULL AS BIGINT) "
            f"FROM {TIMELINE} GROUP BY value, kind"
        )
    statement = f"WITH {TALLY} " + " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(statement.format(tally="tally"))
        rows = cursor.fetchall()
    total = next(row[3] for row in rows if row[0] == "total")
    return _facets(rows, filterset.state, 1, total, _counted(specs, limits), timeline)


def _proposed_more_than(rows: float, filterset, connection) -> bool:
    """Whether the search index proposes more documents than `rows` for the search: for words
    in a row, the documents having the words of a wording anywhere, each then read to check
    their positions. Counted in the index of the smallest sampled slots, from the index
    alone, and scaled up. (PostgreSQL's estimate of the matches, used before, took "green
    jobs" at 100,000 for 66,000 where 28,000 match, so walked a sample of 6,250 actions
    rather than read the 3,500 documents the index proposed.)"""
    slots = SAMPLED_DOCUMENT_SLOTS[0]
    proposed = _proposed_in_slots(connection.alias, search.proposed_by_index(filterset.search_query, connection), slots)
    return proposed * SAMPLE_SLOTS / slots > rows


# Kept per process, for the most recent searches: the corpus changes slowly, and an old
# count only picks the slower of two plans that count the same.
@lru_cache(maxsize=10_000)
def _proposed_in_slots(alias: str, tsquery: str, slots: int) -> int:
    statement = (
        "SELECT COUNT(*) FROM actions_searchdocument WHERE vector @@ %s::tsquery "
        f"AND ((action_id * {SLOT_SPREAD}) %% {SAMPLE_SLOTS}) < {slots}"
    )
    with connections[alias].cursor() as cursor:
        return search.through_index(cursor, statement, [tsquery])[0][0]


def chosen_values(filterset) -> dict[str, list]:
    """The valid values chosen of each facet filtered on."""
    filterset.is_valid()
    chosen = {param: filterset.form.cleaned_data.get(param) for param in FACETS_BY_PARAM}
    return {param: values for param, values in chosen.items() if values}


def walked_at_most(filterset, corpus: int) -> int:
    """The most actions a walk through a corpus of `corpus` actions within the filters other
    than the search reads: the corpus, or the fewer those filters select."""
    selected = selected_at_most(filterset)
    return corpus if selected is None else min(corpus, selected)


def selected_at_most(filterset) -> int | None:
    """The most actions the filters other than the search select: the fewest that the chosen
    values of any one filtered facet hold in the whole corpus, read from the tally (exact,
    whatever the corpus's size), and kept as the counts are; None where nothing but the
    search is chosen."""
    chosen = chosen_values(filterset)
    return _cached(filterset, "selected-at-most", lambda state: _selected_at_most(chosen)) if chosen else None


def _selected_at_most(chosen: dict[str, list]) -> int:
    parts, params = [], []
    for param, values in chosen.items():
        if param == "region":  # the actions of the region's countries
            regions = ", ".join("%s" for _ in values)
            condition = (
                "facet = 'country' AND value IN "
                f"(SELECT CAST(id AS VARCHAR(32)) FROM actions_country WHERE region_id IN ({regions}))"
            )
            values = [region.pk for region in values]
        elif param in ("year", "kind"):  # tallied together, as the timeline shows them
            column = "value" if param == "year" else "kind"
            condition = f"facet = 'timeline' AND {column} IN ({', '.join('%s' for _ in values)})"
        else:  # tallied by id
            condition = f"facet = '{param}' AND value IN ({', '.join('%s' for _ in values)})"
            values = [str(value.pk) for value in values]
        parts.append(f"(SELECT COALESCE(SUM(n), 0) FROM actions_facettally WHERE {condition})")
        params += values
    with connections[router.db_for_read(Action)].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        return min(cursor.fetchone())


def _year_order(value: FacetValue):
    """Newest first, and the actions without a year after the oldest."""
    return (value.value == NO_YEAR, -int(value.value) if value.value != NO_YEAR else 0)


def _facets(rows, state, step: int, corpus_size: int, specs, timeline: bool, tallied: str | None = None) -> FacetResult:
    total = _total(rows) * step
    # kinds are stored as codes, and "no year" as "none"; the rest as names
    labels = {"kind": dict(Action.Kind.choices), "year": {NO_YEAR: _("No year")}}
    facets = []
    for spec in specs:
        selected = state.getlist(spec.param)
        counted = [row for row in rows if row[0] == spec.param]
        scale = 1 if spec.param == tallied else step  # the tallied facet's counts are exact
        values = [
            FacetValue(value, str(labels.get(spec.param, {}).get(label, label)), count * scale, value in selected)
            for _facet, value, label, count, _distinct in counted
        ]
        values.sort(key=_year_order if spec.param == "year" else (lambda v: (-v.count, v.label)))
        shown = {v.value for v in values}
        values += [FacetValue(value, value, 0, True) for value in selected if value not in shown]
        facets.append(Facet(spec.param, spec.title, values, distinct=counted[0][4] if counted else 0))
    years = [(int(year) if year else None, kind, n) for part, year, kind, n, _ in rows if part == "timeline"]
    coverage = next((row[3] for row in rows if row[0] == "coverage"), None)
    return FacetResult(facets, total, step, corpus_size, years if timeline else None, coverage)
