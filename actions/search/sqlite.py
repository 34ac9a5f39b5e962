"""SQLite full-text search.

The FTS5 table `actions_action_fts` (migrations 0002 and 0013) holds the title, the names
(partner, countries, themes, types), the description and the Spanish, French and
Portuguese stems of each action, with porter stemming and diacritics removed, kept in step
by triggers. Ranked with bm25 weighted 10 / 4 / 1 / 1, highlighted with highlight() and
snippet().
"""

import math
import operator
from functools import reduce

from django.db import models
from django.db.models import Case, F, FloatField, Func, IntegerField, Lookup, Value, When
from django.db.models.expressions import RawSQL

from .languages import word_stems
from .query import Query, Term
from .spelling import spellings
from .text import MARK_END, MARK_START

FTS_ROWIDS = "SELECT rowid FROM actions_action_fts WHERE actions_action_fts MATCH %s"


class FtsDocumentField(models.TextField):
    """The hidden column, named like the table, that an FTS5 table is matched through."""


@FtsDocumentField.register_lookup
class Match(Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class Bm25(Func):
    """FTS5 relevance, higher is better, weighing title 10, names 4, description and stems 1."""

    template = "-bm25(%(expressions)s, 10.0, 4.0, 1.0, 1.0)"
    output_field = FloatField()


# bm25 with these weights stays well below this
RANK_BOUND = 10_000


def matching(queryset, query: Query):
    # A join, not a subquery per row: FTS5 computes bm25 once per match this way.
    return queryset.filter(search_entry__document__match=_match(query))


def rankable(queryset, query: Query):
    return matching(queryset, query)  # bm25 answers only inside a MATCH


def reading_each_document_once(queryset):
    return queryset  # FTS5 reads a match's document once for matching and bm25 alike


def matching_ids(query: Query):
    return RawSQL(FTS_ROWIDS, [_match(query)])


def listed_by_index_alone(query: Query, connection) -> bool:
    """FTS5 keeps word positions in its index: words in a row are matched there too."""
    return True


def within_slots(queryset, slot_of, below: int):
    return queryset  # FTS5 lists matches by rowid, with no index per slot


def planned_apart(sql: str) -> str:
    return sql


def through_index(cursor, statement: str, parameters: list) -> list[tuple]:
    cursor.execute(statement, parameters)
    return cursor.fetchall()


filters_first = through_index  # FTS5 lists a search's matches by rowid, whatever the other filters


def rank(query: Query):
    """bm25 of the match; with `any_words`, of actions annotated with their `coverage`.

    bm25 adds up each phrase once per matched set of terms that holds it (`_match`): an
    action having m of the terms matches comb(m - 1, k - 1) of the sets of k holding each
    of them, and its bm25 is divided by as much, so that it ranks as if every term were
    written once, whatever number of terms is asked for (as PostgreSQL's ts_rank does)."""
    bm25 = Bm25(F("search_entry__document"))
    k = len(query.term_sets[0])
    if not query.any_words or k == 1:  # one set of every term, or sets of one term
        return bm25
    repeats = [When(coverage=m, then=Value(float(math.comb(m - 1, k - 1)))) for m in range(k + 1, len(query.terms) + 1)]
    return bm25 / Case(*repeats, default=Value(1.0), output_field=FloatField()) if repeats else bm25


def terms_matched(query: Query):
    return _count_matching(_term_match(term) for term in query.terms)


def own_words_matched(query: Query):
    return _count_matching(" AND ".join(map(_word_match, term.typed_words)) for term in query.concepts)


def _count_matching(expressions):
    matching = [
        Case(When(pk__in=RawSQL(FTS_ROWIDS, [expression]), then=1), default=0, output_field=IntegerField())
        for expression in expressions
    ]
    return reduce(operator.add, matching)


def _match(query: Query) -> str:
    """Every term of one of the query's sets of terms (`Query.term_sets`)."""
    terms = [f"({_term_match(term)})" for term in query.terms]
    sets = [" AND ".join(terms[position] for position in term_set) for term_set in query.term_sets]
    return " OR ".join(f"({term_set})" for term_set in sets)


def _term_match(term: Term) -> str:
    return " OR ".join(_word_match(w[0]) if len(w) == 1 else '"' + " ".join(w) + '"' for w in term.wordings)


def _word_match(word: str) -> str:
    """A word in any of its spellings or by one of its Spanish, French or Portuguese stems.
    (Words hold letters and digits only, so quoting each leaves FTS5 no operator to read.)"""
    forms = [*spellings(word), *word_stems(word)]
    return "(" + " OR ".join(f'"{form}"' for form in forms) + ")"


def with_highlights(queryset, query: Query):
    """Each matched one's title and snippet, marked, by FTS5 functions that only a statement
    matching its table may call: one per column, each matching the action's row alone."""
    match = _match(query)
    return queryset.annotate(
        marked_title=MarkedInRow("highlight(actions_action_fts, 0, %s, %s)", match),
        marked_snippet=MarkedInRow("snippet(actions_action_fts, 2, %s, %s, '…', 40)", match),
    )


class MarkedInRow(models.Expression):
    """An FTS5 function marking the matches of an action's row, in a subquery matching that
    row alone, under whatever alias the statement gives the actions' table."""

    output_field = models.TextField()

    def __init__(self, function: str, match: str):
        super().__init__()
        self.function, self.match = function, match

    def as_sql(self, compiler, connection):
        actions = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        sql = (
            f"(SELECT {self.function} FROM actions_action_fts "
            f"WHERE actions_action_fts MATCH %s AND rowid = {actions}.id)"
        )
        return sql, (MARK_START, MARK_END, self.match)
