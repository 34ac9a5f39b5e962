"""PostgreSQL full-text search.

`SearchDocument.vector`, kept by a trigger (migrations 0005 and 0013), weighs the title (A)
above the partner, country, theme and type names (B) and the description and the stems of
a Spanish, French or Portuguese text (C). Each text is read twice: with English stemming
(`pesknow_en`) and as written (`pesknow_simple`, so names and acronyms in any language
match), both unaccented. Ranked with ts_rank, highlighted with ts_headline.
"""

import operator
import re
from contextlib import contextmanager
from functools import reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connections
from django.db.models import Case, F, IntegerField, When
from django.db.models.sql.datastructures import Join
from django.db.transaction import TransactionManagementError

from .glossary import STOPWORDS
from .languages import word_stems
from .query import Query
from .spelling import spellings
from .text import MARK_END, MARK_START

# The weights of D, C, B, A; normalization 1 divides by the log of the length, so long
# reports do not outrank titles. ts_rank with them stays well below RANK_BOUND.
WEIGHTS = [0.1, 0.2, 0.5, 1.0]
RANK_BOUND = 100


def matching(queryset, query: Query):
    return queryset.filter(search_document__vector=_query(query))


def rankable(queryset, query: Query):
    return queryset  # ts_rank reads the document whether it matches or not


def within_slots(queryset, slot_of, below: int):
    return queryset.alias(document_slot=slot_of("search_document__action_id")).filter(document_slot__lt=below)


def reading_each_document_once(queryset):
    """The queryset with its search documents joined so that each is read once per row
    (see `DocumentReadOnce`)."""
    queryset = queryset.all()
    aliases = queryset.query.alias_map
    for alias, join in list(aliases.items()):
        if isinstance(join, Join) and join.table_name == "actions_searchdocument" and not join.filtered_relation:
            aliases[alias] = DocumentReadOnce(
                join.table_name, join.parent_alias, join.table_alias, join.join_type, join.join_field, join.nullable
            )
    return queryset


class DocumentReadOnce(Join):
    """A join of the search documents that reads each one once per row. A document is
    stored apart from its row (TOAST: 3.4 KB on average), and PostgreSQL reads it again for
    every function given it: the match, ts_rank, and a test per glossary concept typed (and
    per term, when any of the words will do) each read every candidate's. Joined through a
    subquery that copies it into memory (an array's elements cannot stay apart), each is
    read once (at 100,000 actions, the 2,000 newest matches of "employment", read three
    times before, ranked in 10 ms instead of 19 in psql). OFFSET 0 keeps the subquery from
    being merged into the statement, and the match from being pushed into it, either of
    which would read the document once per use again. (A document's row is found by its
    action's id, the table's key: at most one row, as the join it replaces found.)"""

    def as_sql(self, compiler, connection):
        ((parent_field, document_field),) = self.join_fields
        quote, quote_alias = connection.ops.quote_name, compiler.quote_name_unless_alias
        parent = f"{quote_alias(self.parent_alias)}.{quote(parent_field.column)}"
        key = quote(document_field.column)
        read_once = (
            f"SELECT d.{key}, (ARRAY[d.vector])[1] AS vector FROM {quote(self.table_name)} d "
            f"WHERE d.{key} = {parent} OFFSET 0"
        )
        return f"{self.join_type} LATERAL ({read_once}) {quote_alias(self.table_alias)} ON TRUE", []


def planned_without(plans: list[str], cursor, statement: str, parameters: list) -> list[tuple]:
    """Runs the statement with the planner's given kinds of plan switched off, in one string
    of statements, so that it counts as one query and SET LOCAL lasts for it alone."""
    switched_off = "; ".join(f"SET LOCAL {plan} = off" for plan in plans)
    restored = "; ".join(f"RESET {plan}" for plan in plans)
    cursor.execute(f"{switched_off}; {statement}; {restored}", parameters)
    for _setting in plans:  # past the result of each SET
        cursor.nextset()
    return cursor.fetchall()


def planned_apart(sql: str) -> str:
    return f"{sql} OFFSET 0"


def filters_first(cursor, statement: str, parameters: list) -> list[tuple]:
    """Runs a statement ranking the matches of a search within other filters, joining each
    filtered action to its document row by row. The planner cannot cost reading a document
    (TOASTed) nor matching it against a glossary concept's hundreds of wordings: by hash, or
    sorting every match by rank to stop at a page of the filtered ones, it matched and ranked
    the whole corpus's documents (at 100,000 actions, "labour market information system"
    in Gabon: 28,500 documents ranked for its 4,137 matches, 789 ms, against 185)."""
    return planned_without(["enable_hashjoin", "enable_mergejoin"], cursor, statement, parameters)


def through_index(cursor, statement: str, parameters: list) -> list[tuple]:
    """Runs a statement asking which or whether documents match, through the search index
    (by a bitmap of its matches): the planner cannot cost reading a search document, and would
    read them one by one, in any order, until one matches (for "tourism pensions" at
    100,000, which none has both of: every document, 280 ms)."""
    return planned_without(["enable_seqscan", "enable_indexscan"], cursor, statement, parameters)


def rank(query: Query):
    return SearchRank(F("search_document__vector"), RankedLexemes(_query(query)), weights=WEIGHTS, normalization=1)


class RankedLexemes(SearchQuery):
    """The tsquery ts_rank is given: a query's distinct lexemes under its root's operator.

    ts_rank reads no more of a tsquery than that: each distinct lexeme once, ranked as
    close together where the root is AND or words in a row, each on its own where it is
    OR. A glossary concept repeats its words in each of its wordings in four languages
    ("labour market information system": 285 lexemes, 55 distinct, under 210 phrase
    operators), and ts_rank parses them all for every document it ranks: given the distinct
    lexemes, the same ranks in a third of the time (at 100,000 actions, Gabon's 4,137
    matches of that concept in 30 ms, not 78)."""

    def __init__(self, tsquery: "Tsquery"):
        super().__init__("")
        self.tsquery = tsquery

    def as_sql(self, compiler, connection, **extra_context):
        return "%s::tsquery", [ranked_lexemes(self.tsquery.normalized_text(connection))]


_LEXEME = r"'(?:[^']|'')*'"
_TSQUERY_TOKENS = re.compile(rf"{_LEXEME}|<(?:-|\d+)>|[()|&!]")


def ranked_lexemes(text: str) -> str:
    """A tsquery text's distinct lexemes, joined by AND where its root is AND or words in a
    row, else by OR."""
    depth, operators_at = 0, {}
    for token in _TSQUERY_TOKENS.finditer(text):
        token = token.group()
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif token[0] in "|&<":
            operators_at.setdefault(depth, set()).add(token[0])
    # the root is the loosest operator (| before & before <->) of the shallowest ones
    root = operators_at[min(operators_at)] if operators_at else set()
    joined_by = " | " if "|" in root or not root else " & "
    return joined_by.join(dict.fromkeys(re.findall(_LEXEME, text)))


def _query(query: Query) -> "Tsquery":
    """Every term of one of the query's sets of terms (`Query.term_sets`)."""
    terms = _terms(query)
    sets = [Tsquery.combine([terms[position] for position in term_set], "&", query) for term_set in query.term_sets]
    return sets[0] if len(sets) == 1 else Tsquery.combine(sets, "|", query)


def matching_ids(query: Query):
    from ..models import SearchDocument

    return SearchDocument.objects.filter(vector=_query(query)).values("action_id")


def proposed_by_index(query: Query, connection) -> str:
    """The tsquery of the documents the index proposes for the query, which PostgreSQL then
    reads to check words in a row: each wording's words anywhere."""
    return re.sub(r"<(?:-|\d+)>", "&", _query(query).normalized_text(connection))


def listed_by_index_alone(query: Query, connection) -> bool:
    """Whether the vectors' GIN index alone tells which documents match, so that listing the
    matches reads none of them: not for words in a row, whose positions only the documents
    hold (PostgreSQL rechecks each document the index proposes)."""
    return "<->" not in _query(query).normalized_text(connection)


def terms_matched(query: Query):
    return _count_matching(_terms(query))


def own_words_matched(query: Query):
    return _count_matching(_own_words(query))


def _terms(query: Query) -> list["Tsquery"]:
    return [Tsquery.wordings(term.wordings, query) for term in query.terms]


def _own_words(query: Query) -> list["Tsquery"]:
    return [
        Tsquery.combine([Tsquery.wordings([(word,)], query) for word in term.typed_words], "&", query)
        for term in query.concepts
    ]


def _count_matching(tsqueries):
    matching = [
        Case(When(search_document__vector=tsquery, then=1), default=0, output_field=IntegerField())
        for tsquery in tsqueries
    ]
    return reduce(operator.add, matching)


class Tsquery(SearchQuery):
    """A tsquery built from the query's wordings by PostgreSQL's own configurations and sent
    to each statement as a constant. A constant is evaluated once, not for every row checked
    (a glossary term has hundreds of wordings), and, unlike a subquery's result, lets the
    planner tell from the column's statistics how many rows it matches ("employment" nine in
    ten, "braille" none) and choose the plan to suit.

    Every wording of a query is normalized by one statement, the first time any of its
    tsqueries is compiled; the texts are kept per process (the configurations change only
    with a migration)."""

    def __init__(self, parts: list, operator_text: str, query: Query):
        super().__init__("")
        # each part: the SQL making a tsquery of wordings, or a Tsquery
        self.parts, self.operator_text, self.query = parts, operator_text, query

    @classmethod
    def wordings(cls, wordings, query: Query) -> "Tsquery":
        return cls([_wordings_sql(wordings)], "|", query)

    @classmethod
    def combine(cls, tsqueries: list["Tsquery"], operator_text: str, query: Query) -> "Tsquery":
        return cls(tsqueries, operator_text, query)

    def leaves(self):
        for part in self.parts:
            yield from part.leaves() if isinstance(part, Tsquery) else [part]

    def text(self) -> str:
        """The tsquery's text; an empty part (only words the configuration drops) is left out,
        as PostgreSQL's operators leave out an empty tsquery."""
        texts = [part.text() if isinstance(part, Tsquery) else _NORMALIZED[part] for part in self.parts]
        return f" {self.operator_text} ".join(f"( {text} )" for text in texts if text)

    def normalized_text(self, connection) -> str:
        """The text, its wordings normalized first if this process has not seen them."""
        if any(leaf not in _NORMALIZED for leaf in self.leaves()):
            # the query's other tsqueries too, so that the statement's others need no statement
            family = [leaf for tsquery in [*_terms(self.query), *_own_words(self.query)] for leaf in tsquery.leaves()]
            _normalize(connection, [*self.leaves(), *family])
        return self.text()

    def as_sql(self, compiler, connection, **extra_context):
        return "%s::tsquery", [self.normalized_text(connection)]


_NORMALIZED: dict[tuple, str] = {}


def _normalize(connection, leaves) -> None:
    if len(_NORMALIZED) > 10_000:  # bounded: a process sees many distinct queries over time
        _NORMALIZED.clear()
    missing = list(dict.fromkeys(leaf for leaf in leaves if leaf not in _NORMALIZED))
    columns = ", ".join(f"CAST({sql} AS text)" for sql, _params in missing)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}", [param for _sql, params in missing for param in params])
        _NORMALIZED.update(zip(missing, cursor.fetchone(), strict=True))


def _wordings_sql(wordings) -> tuple[str, tuple]:
    """Wordings (a word, or words in a row) as alternatives, each word in any of its
    spellings, stemmed in English or as written, or by one of its Spanish, French or
    Portuguese stems. Two to_tsquery() calls, one per configuration. (Words hold letters
    and digits only, so quoting each leaves to_tsquery no operator to read.)"""
    english, as_written = [], []
    for wording in wordings:
        if len(wording) == 1:
            written = spellings(wording[0])
            english.append("(" + " | ".join(map(_lexemes, written)) + ")")
            as_written.append("(" + " | ".join(map(_lexemes, [*written, *word_stems(wording[0])])) + ")")
        else:
            english.append(_lexemes(" ".join(wording)))
            as_written.append(_lexemes(" ".join(wording)))
    sql = "(to_tsquery('pesknow_en', %s) || to_tsquery('pesknow_simple', %s))"
    return sql, (" | ".join(english), " | ".join(as_written))


def _lexemes(words: str) -> str:
    """'word', or 'words' <-> 'in' <-> 'a' <-> 'row'."""
    return "(" + " <-> ".join(f"'{word}'" for word in words.split()) + ")"


def with_highlights(queryset, query: Query):
    tsquery = _highlight_query(query)
    marks = {"start_sel": MARK_START, "stop_sel": MARK_END}
    return queryset.annotate(
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


def _highlight_query(query: Query) -> SearchQuery:
    """Any word of any wording. ts_headline looks for the best fragments by trying the
    query's matches against each other, which with a glossary's dozens of phrases takes
    seconds on a long report; every word alone is what is marked anyway."""
    words = dict.fromkeys(word for term in query.terms for wording in term.wordings for word in wording)
    listed = " | ".join(f"'{word}'" for word in words if word not in STOPWORDS)
    return SearchQuery(listed, config="pesknow_en", search_type="raw") | SearchQuery(
        listed, config="pesknow_simple", search_type="raw"
    )


@contextmanager
def bulk_indexing(using: str):
    if not connections[using].in_atomic_block:
        # the indexes are dropped until the end: only a transaction, rolled back on failure, keeps them
        raise TransactionManagementError("bulk_indexing drops the search indexes: run it inside a transaction")
    with connections[using].cursor() as cursor:
        # ALTER TABLE refuses to run while deferred foreign-key checks are pending
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE actions_action DISABLE TRIGGER actions_action_search_document_insert")
        # the whole corpus's index and the samples' (migration 0018), built again once at the end
        cursor.execute(
            "SELECT quote_ident(indexname), indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = 'actions_searchdocument' AND indexdef LIKE '% USING gin %' ORDER BY indexname"
        )
        text_indexes = cursor.fetchall()
        for name, _definition in text_indexes:
            cursor.execute(f"DROP INDEX {name}")
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
        for _name, definition in text_indexes:
            cursor.execute(definition)
