"""Full-text search: the one place that knows how actions are indexed, matched and ranked.

Two backends, chosen by the database in use, behind the same few functions:

- PostgreSQL: `SearchDocument.vector`, kept by a trigger (migrations 0002 and 0005), weighs the
  title (A) above the partner, country, theme and type names (B) and the description
  (C), each read twice: with English stemming and with the `simple` configuration, so
  Spanish, French and Portuguese names and acronyms match as written; both unaccented.
  Ranked with ts_rank, highlighted with ts_headline.
- SQLite: the FTS5 table `actions_action_fts` (porter stemming, unicode61 with
  diacritics removed), kept in step by triggers; ranked with bm25 weighted 10 / 4 / 1,
  highlighted with highlight() and snippet().

Typo tolerance is shared: every indexed word goes into a vocabulary (SearchTerm). When
a query finds nothing (the browse page knows from its counts), each word the vocabulary
lacks is replaced by its closest vocabulary word (pg_trgm similarity on PostgreSQL,
difflib's ratio on SQLite, among words of the same first letter), and the corrected query
is used if it finds something.
"""

import difflib
import html
import operator
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, models
from django.db.models import Case, F, FloatField, Func, Lookup, QuerySet, When
from django.db.models.expressions import RawSQL
from django.utils.safestring import mark_safe

from .seedparse.text import fold

MAX_TERMS = 10
MAX_TERM_LENGTH = 60
# Private-use characters mark matches until the text is escaped for HTML.
MARK_START, MARK_END = "\ue000", "\ue001"


@dataclass(frozen=True)
class Query:
    text: str
    words: tuple[str, ...]
    corrected_from: str = ""
    # matching any of the words, ranked by how many match: the fallback when none matches all
    any_words: bool = False

    @property
    def relaxable(self) -> bool:
        """Several words, and no quotes: a query in quotes asks for all its words."""
        return len(self.words) > 1 and '"' not in self.text and not self.any_words

    def __bool__(self):
        return bool(self.words)


def parse(text: str) -> Query:
    """The words of a query: punctuation, quotes and operators are not words."""
    words = [word[:MAX_TERM_LENGTH] for word in re.findall(r"\w+", fold(text or ""))][:MAX_TERMS]
    return Query(text=text or "", words=tuple(words))


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


# Matching and ranking


def search(queryset: QuerySet, query: Query) -> QuerySet:
    """Actions matching every word of the query (with `any_words`, any of them), annotated
    with `relevance` (higher is better): with `any_words`, first the number of words matched,
    then the words' weight, title above names above description."""
    if not query:
        return queryset
    if _is_postgres():
        tsquery = _tsquery(query)
        # normalization 1 divides by the log of the length, so long reports do not outrank titles
        rank = SearchRank(F("search_document__vector"), tsquery, weights=[0.1, 0.2, 0.5, 1.0], normalization=1)
        matched = queryset.filter(search_document__vector=tsquery)
        if query.any_words:
            words = [Case(When(search_document__vector=_word_tsquery(w), then=1), default=0) for w in query.words]
            return matched.annotate(relevance=reduce(operator.add, words) * 10 + rank)
        return matched.annotate(relevance=rank)
    # A join, not a subquery per row: FTS5 computes bm25 once per match this way.
    matched = queryset.filter(search_entry__document__match=_fts_match(query))
    if query.any_words:
        words = [
            Case(When(pk__in=RawSQL(FTS_ROWIDS, [_fts_match(Query(w, (w,)))]), then=1), default=0) for w in query.words
        ]
        return matched.annotate(relevance=reduce(operator.add, words) * 1000 + Bm25(F("search_entry__document")))
    return matched.annotate(relevance=Bm25(F("search_entry__document")))


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
    """FTS5 relevance, higher is better, weighing title 10, context 4, description 1."""

    template = "-bm25(%(expressions)s, 10.0, 4.0, 1.0)"
    output_field = FloatField()


def _tsquery(query: Query) -> SearchQuery:
    words = [_word_tsquery(word) for word in query.words]
    return reduce(operator.or_ if query.any_words else operator.and_, words)


def _word_tsquery(word: str) -> SearchQuery:
    """One query word in any of its spellings, stemmed in English or as written."""
    return reduce(
        operator.or_,
        [
            SearchQuery(spelling, config=config)
            for spelling in spellings(word)
            for config in ("pesknow_en", "pesknow_simple")
        ],
    )


def _fts_match(query: Query) -> str:
    # Words are \w+ only, so quoting each one leaves FTS5 no operator to read.
    words = [" OR ".join(f'"{spelling}"' for spelling in spellings(word)) for word in query.words]
    return " OR ".join(words) if query.any_words else " AND ".join(f"({word})" for word in words)


# Spelling variants: a query word also matches its other spelling, British or American,
# and a compound written as two words. Rules, not a word list: a variant no text contains
# matches nothing, so a rule may overreach harmlessly; each needs a few letters before the
# ending so that "four", "hour" or "size" are left alone.
SPELLING_RULES = [
    (r"(?<=\w{3})our(s?)$", r"or\1"),  # labour -> labor
    (r"(?<=\w{2}[^u])or(s?)$", r"our\1"),  # labor -> labour
    (r"(?<=\w{3})tre(s?)$", r"ter\1"),  # centre -> center
    (r"(?<=\w{3})ter(s?)$", r"tre\1"),  # center -> centre
    (r"(?<=\w{3})is(e|es|ed|ing|ation|ations)$", r"iz\1"),  # organisation -> organization
    (r"(?<=\w{3})iz(e|es|ed|ing|ation|ations)$", r"is\1"),  # organization -> organisation
    (r"(?<=\w{2})ys(e|es|ed|ing)$", r"yz\1"),  # analyse -> analyze
    (r"(?<=\w{2})yz(e|es|ed|ing)$", r"ys\1"),  # analyze -> analyse
]
COMPOUNDS = re.compile(r"^(job|work|care|policy|decision|stake)(seekers?|places?|holders?|makers?|centres?|centers?)$")


def spellings(word: str) -> list[str]:
    """The word and its other spellings: "labor" -> labor, labour; "jobseekers" -> jobseekers,
    "job seekers"."""
    found = [word]
    for pattern, replacement in SPELLING_RULES:
        variant = re.sub(pattern, replacement, word)
        if variant != word and variant not in found:
            found.append(variant)
    if compound := COMPOUNDS.match(word):
        found.append(f"{compound.group(1)} {compound.group(2)}")
    return found


# Highlighting


@dataclass(frozen=True)
class Highlight:
    title: str
    snippet: str


def highlights(actions, query: Query) -> dict[int, Highlight]:
    """Titles and description snippets of these actions with the query's words marked."""
    ids = [action.pk for action in actions]
    if not query or not ids:
        return {}
    if _is_postgres():
        from .models import Action

        tsquery = _tsquery(query)
        marks = {"start_sel": MARK_START, "stop_sel": MARK_END}
        rows = (
            Action.objects.filter(pk__in=ids)
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
    else:
        placeholders = ", ".join("%s" for _ in ids)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid, highlight(actions_action_fts, 0, %s, %s), "
                "snippet(actions_action_fts, 2, %s, %s, '…', 40) FROM actions_action_fts "
                f"WHERE actions_action_fts MATCH %s AND rowid IN ({placeholders})",
                [MARK_START, MARK_END, MARK_START, MARK_END, _fts_match(query), *ids],
            )
            rows = cursor.fetchall()
    return {pk: Highlight(_marked_html(title), _marked_html(snippet)) for pk, title, snippet in rows}


def _marked_html(text: str) -> str:
    escaped = html.escape(text or "")
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


# Indexing


@contextmanager
def bulk_indexing():
    """For loads of many actions at once: PostgreSQL builds their search documents in one
    statement afterwards and the GIN index from scratch, instead of row by row. (SQLite's
    FTS5 triggers are cheap enough to leave on.)"""
    if not _is_postgres():
        yield
        return
    with connection.cursor() as cursor:
        # ALTER TABLE refuses to run while deferred foreign-key checks are pending
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE actions_action DISABLE TRIGGER actions_action_search_document_insert")
        cursor.execute("DROP INDEX actions_searchdocument_vector_gin")
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO actions_searchdocument (action_id, vector) "
            "SELECT a.id, actions_search_vector(a.title, a.search_context, a.description) FROM actions_action a "
            "WHERE NOT EXISTS (SELECT FROM actions_searchdocument d WHERE d.action_id = a.id)"
        )
        cursor.execute("ALTER TABLE actions_action ENABLE TRIGGER actions_action_search_document_insert")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute("CREATE INDEX actions_searchdocument_vector_gin ON actions_searchdocument USING gin (vector)")


def index(actions) -> None:
    """Refreshes the names the given actions are found by, and the vocabulary.

    Titles and descriptions are indexed by the database's triggers on every write; the
    names of related rows (partner, countries, themes, types) are copied here, so call
    this after changing them."""
    from .models import Action

    changed = []
    for action in actions:
        context = _context(action)
        if context != action.search_context:
            action.search_context = context
            changed.append(action)
        add_to_vocabulary(f"{action.title} {context} {action.description}")
    Action.objects.bulk_update(changed, ["search_context"], batch_size=500)


def indexable(queryset: QuerySet) -> QuerySet:
    """The actions with what `index` reads, fetched in a fixed number of queries."""
    return queryset.select_related("partner", "country").prefetch_related(
        "themes", "action_types", "expert_origins", "organisers", "participants"
    )


def _context(action) -> str:
    names = []
    for partner in [action.partner, *action.organisers.all(), *action.participants.all()]:
        if partner is not None:
            names += [partner.name, partner.local_name, partner.acronym]
    if action.country is not None:
        names.append(action.country.name)
    names += [country.name for country in action.expert_origins.all()]
    names += [theme.name for theme in action.themes.all()]
    names += [action_type.name for action_type in action.action_types.all()]
    return "\n".join(dict.fromkeys(name for name in names if name))


def add_to_vocabulary(text: str) -> None:
    from .models import SearchTerm

    words = {word for word in re.findall(r"[^\W\d_]{3,}", fold(text)) if len(word) <= MAX_TERM_LENGTH}
    SearchTerm.objects.bulk_create([SearchTerm(term=word) for word in words], ignore_conflicts=True)


# Spelling correction


def correct(query: Query) -> Query:
    from .models import SearchTerm

    known = set(SearchTerm.objects.filter(term__in=query.words).values_list("term", flat=True))
    words = [word if word in known or word.isdigit() else (_closest(word) or word) for word in query.words]
    return Query(text=" ".join(words), words=tuple(words), corrected_from=query.text)


def _closest(word: str) -> str | None:
    from django.contrib.postgres.search import TrigramSimilarity

    from .models import SearchTerm

    if len(word) < 3:
        return None
    if _is_postgres():
        return (
            SearchTerm.objects.filter(term__trigram_similar=word)
            .annotate(similarity=TrigramSimilarity("term", word))
            .order_by("-similarity", "term")
            .values_list("term", flat=True)
            .first()
        )
    candidates = SearchTerm.objects.filter(term__startswith=word[0]).values_list("term", flat=True)
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.75)
    return close[0] if close else None
