"""PostgreSQL full-text search.

`SearchDocument.vector`, kept by a trigger (migrations 0005 and 0013), weighs the title (A)
above the partner, country, theme and type names (B) and the description and the stems of
a Spanish, French or Portuguese text (C). Each text is read twice: with English stemming
(`pesknow_en`) and as written (`pesknow_simple`, so names and acronyms in any language
match), both unaccented. Ranked with ts_rank, highlighted with ts_headline.
"""

import operator
from contextlib import contextmanager
from functools import reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connections
from django.db.models import Case, F, IntegerField, Max, When

from .languages import word_stems
from .query import Query, Term
from .spelling import spellings
from .text import MARK_END, MARK_START, Highlight

# Any word of a wording in the search document. The weights are D, C, B, A; normalization 1
# divides by the log of the length, so long reports do not outrank titles.
WEIGHTS = [0.1, 0.2, 0.5, 1.0]


def search(queryset, query: Query):
    tsquery = _tsquery(query)
    # ts_rank stays well below 100: a term in the user's own words outweighs any rank, and
    # one more term matched outweighs both
    relevance = SearchRank(F("search_document__vector"), tsquery, weights=WEIGHTS, normalization=1)
    if query.concepts:
        relevance += _in_own_words(query) * 100
    matched = queryset.filter(search_document__vector=tsquery)
    if query.any_words:
        return (
            matched.annotate(coverage=_coverage(query))
            .filter(coverage__gte=query.at_least)
            .annotate(relevance=F("coverage") * 10_000 + relevance)
        )
    return matched.annotate(relevance=relevance)


def best_coverage(queryset, query: Query) -> int:
    any_term = reduce(operator.or_, map(_term_query, query.terms))
    found = queryset.filter(search_document__vector=any_term).aggregate(best=Max(_coverage(query)))
    return found["best"] or 0


def _coverage(query: Query):
    """How many of the query's terms an action has."""
    return _count_matching([_term_query(term) for term in query.terms])


def _in_own_words(query: Query):
    """How many of the query's glossary terms an action has in the words the user typed."""
    return _count_matching([reduce(operator.and_, map(_word_query, term.typed_words)) for term in query.concepts])


def _count_matching(tsqueries):
    matching = [
        Case(When(search_document__vector=tsquery, then=1), default=0, output_field=IntegerField())
        for tsquery in tsqueries
    ]
    return reduce(operator.add, matching)


def _tsquery(query: Query) -> SearchQuery:
    return reduce(operator.or_ if query.any_words else operator.and_, map(_term_query, query.terms))


def _term_query(term: Term) -> SearchQuery:
    return reduce(operator.or_, map(_wording_query, term.wordings))


def _wording_query(wording: tuple[str, ...]) -> SearchQuery:
    if len(wording) == 1:
        return _word_query(wording[0])
    phrase = " ".join(wording)
    return SearchQuery(phrase, config="pesknow_en", search_type="phrase") | SearchQuery(
        phrase, config="pesknow_simple", search_type="phrase"
    )


def _word_query(word: str) -> SearchQuery:
    """A word in any of its spellings, stemmed in English or as written, or by one of its
    Spanish, French or Portuguese stems. (Words hold letters and digits only, so quoting
    each leaves to_tsquery no operator to read.)"""
    written = spellings(word)
    english = " | ".join(f"'{spelling}'" for spelling in written)
    as_written = " | ".join(f"'{form}'" for form in [*written, *word_stems(word)])
    return SearchQuery(english, config="pesknow_en", search_type="raw") | SearchQuery(
        as_written, config="pesknow_simple", search_type="raw"
    )


def highlights(ids, query: Query, using: str) -> dict:
    from ..models import Action

    tsquery = _tsquery(query)
    marks = {"start_sel": MARK_START, "stop_sel": MARK_END}
    rows = (
        Action.objects.using(using)
        .filter(pk__in=ids)
        .annotate(
            marked_title=SearchHeadline("title", tsquery, config="pesknow_en", highlight_all=True, **marks),
            marked_snippet=SearchHeadline(
                "description",
                tsquery,
                config="pesknow_en",
                max_words=40,
                min_words=20,
                max_fragments=2,
                fragment_delimiter=" … ",
                **marks,
            ),
        )
        .values_list("pk", "marked_title", "marked_snippet")
    )
    return {pk: Highlight.marked(title, snippet) for pk, title, snippet in rows}


@contextmanager
def bulk_indexing(using: str):
    with connections[using].cursor() as cursor:
        # ALTER TABLE refuses to run while deferred foreign-key checks are pending
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE actions_action DISABLE TRIGGER actions_action_search_document_insert")
        cursor.execute("DROP INDEX actions_searchdocument_vector_gin")
    yield
    with connections[using].cursor() as cursor:
        cursor.execute(
            "INSERT INTO actions_searchdocument (action_id, vector) "
            "SELECT a.id, actions_search_vector(a.title, a.search_context, a.description, a.search_stems) "
            "FROM actions_action a "
            "WHERE NOT EXISTS (SELECT FROM actions_searchdocument d WHERE d.action_id = a.id)"
        )
        cursor.execute("ALTER TABLE actions_action ENABLE TRIGGER actions_action_search_document_insert")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute("CREATE INDEX actions_searchdocument_vector_gin ON actions_searchdocument USING gin (vector)")
