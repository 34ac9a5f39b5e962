"""How PostgreSQL is sent a search: its tsqueries are built once per query and passed as
constants, so the planner can estimate from the column's statistics how many rows match,
and no statement rebuilds them row by row."""

from dataclasses import replace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions import search
from actions.models import Action
from actions.search import postgres

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own statements")

# three glossary concepts (each with dozens of wordings) and a plain word
QUERY = "youth employment green jobs persons with disabilities quokka"


@pytest.fixture
def actions(db, settings):
    # counted exactly whatever ids the tests before left: above FACET_EXACT_LIMIT a sampled
    # count of words in a row asks the index once per process, a statement the second page skips
    settings.FACET_EXACT_LIMIT = 1_000_000_000
    Action.objects.create(title="Green jobs for young people with disabilities: a quokka census", slug="a")
    Action.objects.create(title="Youth employment in green jobs", slug="b")


def browse(client, **params):
    cache.clear()
    with CaptureQueriesContext(connection) as statements:
        response = client.get("/", {"q": QUERY, **params})
    assert response.status_code == 200
    return response, [statement["sql"] for statement in statements]


def test_every_wording_of_a_query_is_built_by_one_statement_the_first_time_it_is_seen(client, actions):
    postgres._NORMALIZED.clear()
    response, first = browse(client)
    assert [action.slug for action in response.context["page"]] == ["a", "b"]  # the most-words variant
    building = [sql for sql in first if "to_tsquery" in sql and "FROM" not in sql]
    assert len(building) == 1
    # the page's statements match and rank with constants, not with to_tsquery() per row
    searching = [sql for sql in first if "@@" in sql]
    assert searching and not any("to_tsquery" in sql for sql in searching)
    _, again = browse(client)
    assert not [sql for sql in again if "to_tsquery" in sql and "FROM" not in sql]
    assert len(again) == len(first) - 1


def test_a_full_store_of_built_tsqueries_is_emptied_without_losing_the_query_being_built(client, actions):
    browse(client, q="quokka")  # "quokka" is built and kept
    postgres._NORMALIZED.update({(f"padding {n}", ()): "" for n in range(10_001)})
    response, _ = browse(client, q="quokka census")  # "census" is new, "quokka" kept: the store is emptied
    assert [action.slug for action in response.context["page"]] == ["a"]
    assert len(postgres._NORMALIZED) < 10


@pytest.mark.parametrize(
    ("typed", "decided_by_index"),
    [
        ("quokka census", True),  # words anywhere: the index lists each word's documents
        ("green jobs", False),  # a glossary phrase: words in a row, whose positions only the documents hold
        ("youth", False),  # a glossary concept, among whose wordings are "young people"
    ],
)
def test_only_searches_without_words_in_a_row_are_decided_by_the_index_alone(db, typed, decided_by_index):
    """Counting a big sample's matches from the index is cheap only when PostgreSQL needs no
    document to confirm them (facets._statement chooses its plan by this)."""
    from actions import search

    assert postgres.listed_by_index_alone(search.read(typed, correct=False), connection) is decided_by_index


def _scans_of_documents(plan: dict) -> list[dict]:
    found = [plan] if plan.get("Relation Name") == "actions_searchdocument" else []
    return found + [scan for child in plan.get("Plans", []) for scan in _scans_of_documents(child)]


def test_a_ranked_walk_reads_each_document_once_for_its_match_its_rank_and_its_words(client, actions, settings):
    """Walking the newest actions, the page matches each one's document, ranks it and tests
    the words typed: three uses, which PostgreSQL would each read from the document's
    TOAST table. The document is read into memory once, by the scan, and the three use
    that copy (search.reading_each_document_once)."""
    Action.objects.bulk_create(Action(title=f"Green jobs survey {n}", slug=f"survey-{n}") for n in range(6))
    settings.RANKED_MATCHES_AT_MOST, settings.ACTIONS_PER_PAGE = 2, 2  # 8 matches, the newest 2 ranked
    response, sql = browse(client, q="green jobs")
    assert response.context["page"].paginator.count == 8
    ranked = next(statement for statement in sql if "relevance" in statement and "@@" in statement)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (VERBOSE, FORMAT JSON) " + ranked)
        plan = cursor.fetchone()[0][0]["Plan"]
    (scan,) = _scans_of_documents(plan)
    reading = [output for output in scan["Output"] if "vector" in output]
    assert reading == ["(ARRAY[d.vector])[1]"]
    assert "vector" not in scan.get("Filter", "")  # the match tests the copy, above the scan


def test_whether_any_action_has_so_many_of_the_words_is_asked_of_the_index(db):
    """Finding the most words of a query any action has asks, for each number of words,
    whether any action has that many. Left to itself, PostgreSQL reads the documents one by
    one until one matches (its planner cannot cost reading a document): all of them where
    none has so many words. Each question is answered by a bitmap of the index's matches."""
    from actions import search

    Action.objects.bulk_create(Action(title=f"Quokka census {n}", slug=f"census-{n}") for n in range(50))
    with CaptureQueriesContext(connection) as statements:
        assert search.best_coverage(Action.objects.all(), search.read("quokka numbat", correct=False)) == 1
    (sent,) = [statement["sql"] for statement in statements if "EXISTS" in statement["sql"]]
    *plan_settings, asked = sent.split("; ")[: sent.count("SET LOCAL") + 1]
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        for setting in plan_settings:
            cursor.execute(setting)
        cursor.execute("EXPLAIN (FORMAT JSON) " + asked)
        plan = cursor.fetchone()[0][0]["Plan"]
        cursor.execute("ROLLBACK")
    scans = _scans_of_documents(plan)
    assert len(scans) == 2  # both words, then either
    assert {scan["Node Type"] for scan in scans} == {"Bitmap Heap Scan"}


@pytest.mark.parametrize(
    ("typed", "any_words"),
    [
        ("labour market information system", False),  # one concept: its wordings under OR
        ("youth employment green jobs quokka", False),  # two concepts and a word under AND
        ("quokka census", False),  # two words under AND
        ("youth employment quokka wombat", True),  # two of the terms: the sets under OR
    ],
)
def test_ts_rank_is_given_the_distinct_lexemes_and_ranks_as_with_the_whole_query(db, typed, any_words):
    for slug, title, description in [
        ("a", "Labour market information system and youth employment", "A quokka census of green jobs."),
        ("b", "Quokka census", "Youth employment, then a quokka; labour market information later."),
        ("c", "Green jobs", "Empleo juvenil y mercado laboral: sistema de información. Quokka wombat."),
    ]:
        Action.objects.create(title=title, slug=slug, description=description)
    query = search.read(typed, correct=False)
    query = replace(query, any_words=any_words, at_least=2 if any_words else 1)
    whole = postgres._query(query).normalized_text(connection)
    ranked = postgres.ranked_lexemes(whole)
    assert len(ranked) < len(whole)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ts_rank(%s::float4[], vector, %s::tsquery, 1), ts_rank(%s::float4[], vector, %s::tsquery, 1) "
            "FROM actions_searchdocument",
            [postgres.WEIGHTS, whole, postgres.WEIGHTS, ranked],
        )
        ranks = cursor.fetchall()
    assert any(by_whole > 0 for by_whole, _ in ranks)
    assert [by_lexemes for _, by_lexemes in ranks] == [pytest.approx(by_whole, rel=1e-6) for by_whole, _ in ranks]
