"""Full-text search: the one place that knows how actions are indexed, matched and ranked.

A query is read first (`query.parse`): function words dropped, misspelt words read as the
closest known word (`vocabulary`), phrases of the field's glossary expanded to every label
of their concept in four languages (`glossary`). Each resulting term is matched in all its
wordings, each word in its other spellings (`spelling`) and its Spanish, French and
Portuguese stems (`languages`). Two backends, chosen by the database the query set reads,
do the matching behind the same functions:

- PostgreSQL (`postgres`): `SearchDocument.vector`, kept by a trigger, ranked with ts_rank
  and highlighted with ts_headline.
- SQLite (`sqlite`): the FTS5 table `actions_action_fts`, ranked with bm25 and highlighted
  with highlight() and snippet().

Both weigh the title above the partner, country, theme and type names above the
description, and both read the same terms, so they find the same actions.
"""

from dataclasses import replace

from django.db import connections
from django.db.models import BooleanField, Case, F, QuerySet, Value, When

from . import postgres, sqlite
from .indexing import add_to_vocabulary, bulk_indexing, index, indexable
from .query import MAX_TERM_LENGTH, MAX_TERMS, Query, Term, parse, words_of
from .spelling import spellings
from .sqlite import FtsDocumentField
from .text import Highlight
from .vocabulary import corrections

__all__ = [
    "MAX_TERMS",
    "among_matches",
    "MAX_TERM_LENGTH",
    "FtsDocumentField",
    "Query",
    "Term",
    "add_to_vocabulary",
    "best_coverage",
    "best_coverage_sql",
    "bulk_indexing",
    "corrections",
    "filters_first",
    "highlights",
    "index",
    "indexable",
    "listed_by_index_alone",
    "parse",
    "planned_apart",
    "planned_without",
    "proposed_by_index",
    "through_index",
    "ranked_matches",
    "read",
    "reading_each_document_once",
    "search",
    "spellings",
    "with_highlights",
    "within_slots",
]


def _backend(alias: str):
    return postgres if connections[alias].vendor == "postgresql" else sqlite


def within_slots(queryset: QuerySet, slot_of, below: int) -> QuerySet:
    """A searched queryset whose actions' slots, `slot_of(field holding an action's id)`, are
    below `below`, told that its documents' are too, where the backend keeps an index of
    the documents of some slots (PostgreSQL: migration 0018) that it can then read alone."""
    return _backend(queryset.db).within_slots(queryset, slot_of, below)


def read(text: str, *, correct: bool = True, using: str = "default") -> Query:
    """The query as the search reads it; with `correct`, its misspelt words read as the
    closest words the indexed texts hold."""
    return parse(text, corrections(words_of(text or ""), using=using) if correct else None)


def search(queryset: QuerySet, query: Query) -> QuerySet:
    """Actions having every term of the query (with `any_words`, at least `at_least` of
    them), annotated with `relevance`, higher is better: with `any_words`, first the number
    of terms they have; then how many of the glossary's terms they have in the words the
    user typed; then the backend's rank (title above names above description)."""
    if not query:
        return queryset
    matched = _with_relevance(_backend(queryset.db).matching(queryset, query), query)
    return matched.filter(coverage__gte=query.at_least) if query.at_least_counted else matched


def ranked_matches(queryset: QuerySet, query: Query) -> QuerySet:
    """`search`'s relevance for actions already known to match the query, such as the
    newest of its matches found against a list of them: PostgreSQL ranks their documents
    without testing them again (a second test reads each document once more); SQLite's bm25
    ranks only inside a full-text match, so there they are matched again."""
    return _with_relevance(_backend(queryset.db).rankable(queryset, query), query)


def reading_each_document_once(queryset: QuerySet) -> QuerySet:
    """The searched queryset, made to read each action's search document once however many
    of its parts (the match, the rank, each term's test) use it: for statements that rank
    what they walk through."""
    return _backend(queryset.db).reading_each_document_once(queryset)


def _with_relevance(queryset: QuerySet, query: Query) -> QuerySet:
    backend = _backend(queryset.db)
    if query.any_words:
        queryset = queryset.annotate(coverage=backend.terms_matched(query))
    relevance = backend.rank(query)
    if query.concepts:
        relevance += backend.own_words_matched(query) * backend.RANK_BOUND
    if query.any_words:
        relevance += F("coverage") * backend.RANK_BOUND * (len(query.concepts) + 1)
    return queryset.annotate(relevance=relevance)


def among_matches(query: Query, using: str) -> Case:
    """A condition true of the actions having every term of the query, tested against a
    list of their ids that the search index makes once per statement (PostgreSQL hashes
    it), so that walking actions in another order reads no search document: what finding
    the newest few of many matches calls for. The list is held in memory: for searches
    matching a bounded number of actions only."""
    ids = _backend(using).matching_ids(query)
    return Case(When(pk__in=ids, then=Value(True)), default=Value(False), output_field=BooleanField())


def listed_by_index_alone(query: Query, using: str) -> bool:
    """Whether the search index lists the query's matches without reading their documents."""
    return _backend(using).listed_by_index_alone(query, connections[using])


def through_index(cursor, statement: str, parameters: list) -> list[tuple]:
    """The rows of a statement asking which or whether documents match, planned to ask the
    search index (PostgreSQL; SQLite's FTS5 has no other way)."""
    return _backend(cursor.db.alias).through_index(cursor, statement, parameters)


def planned_apart(sql: str, using: str) -> str:
    """A subquery the planner plans apart from the statement around it, not merged into it
    (PostgreSQL: OFFSET 0; SQLite plans each as it is written)."""
    return _backend(using).planned_apart(sql)


def filters_first(cursor, statement: str, parameters: list) -> list[tuple]:
    """The rows of a statement ranking the matches of a search within other filters, planned
    to read the filtered actions first, then each one's document (see
    `RankedCandidates.every_match`)."""
    return _backend(cursor.db.alias).filters_first(cursor, statement, parameters)


def proposed_by_index(query: Query, connection) -> str:
    """PostgreSQL: the tsquery of the documents its index proposes for the query."""
    return postgres.proposed_by_index(query, connection)


def planned_without(plans: list[str], cursor, statement: str, parameters: list) -> list[tuple]:
    """PostgreSQL: the rows of a statement planned without the given kinds of plan."""
    return postgres.planned_without(plans, cursor, statement, parameters)


def best_coverage(queryset: QuerySet, query: Query, has_every_term: bool = False) -> int:
    """The most terms of the query any of these actions has (all of them, if the caller knows
    `has_every_term`), in one statement (see `best_coverage_sql`)."""
    if not query:
        return 0
    if has_every_term:
        return len(query.terms)
    sql, params = best_coverage_sql(queryset, query)
    with connections[queryset.db].cursor() as cursor:
        return through_index(cursor, f"SELECT {sql}", params)[0][0] or 0


def best_coverage_sql(queryset: QuerySet, query: Query) -> tuple[str, list]:
    """An SQL expression giving the most terms of the query any of these actions has, or NULL
    for none, with its parameters: the search index is asked whether any action has each
    number of terms, from the most down, while that number's sets of terms are few enough to
    match (`Query.term_sets`); below, the terms of every action having any are counted. Read
    it as `through_index` reads a statement."""
    backend, connection = _backend(queryset.db), connections[queryset.db]
    cases, params, below, below_params = [], [], "0", []
    for number in range(len(query.terms), 0, -1):
        reading = replace(query, any_words=True, at_least=number)
        if reading.at_least_counted:
            matched = backend.matching(queryset, replace(query, any_words=True, at_least=1))
            counted = matched.order_by().annotate(terms=backend.terms_matched(query)).values("terms")
            sql, below_params = counted.query.get_compiler(connection=connection).as_sql()
            below = f"(SELECT MAX(terms) FROM ({sql}) AS counted)"
            break
        having = backend.matching(queryset, reading).order_by().values("pk")[:1]
        sql, having_params = having.query.get_compiler(connection=connection).as_sql()
        cases.append(f"WHEN EXISTS ({sql}) THEN {number}")
        params += having_params
    return f"CASE {' '.join(cases)} ELSE {below} END", [*params, *below_params]


def with_highlights(queryset: QuerySet, query: Query) -> QuerySet:
    """The actions with their title and a snippet of their description, the query's words
    marked (`marked_title`, `marked_snippet`), read with their rows rather than by a
    statement of their own. Read them with `highlights`."""
    return _backend(queryset.db).with_highlights(queryset, query) if query else queryset


def highlights(actions) -> dict:
    """Each action's title and snippet with the query's words marked, as HTML, by id, of
    actions read from `with_highlights` (none for those the search did not mark)."""
    return {
        action.pk: Highlight.marked(action.marked_title, action.marked_snippet)
        for action in actions
        if getattr(action, "marked_title", None) is not None
    }
