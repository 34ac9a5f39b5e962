"""A browse page takes at most 12 statements: the bound is checked on the longest way a
search within a place goes, in a corpus big enough that every count is first taken on a
sample and then, the sets being small, taken again exactly, and on PostgreSQL in a process
that has not yet seen the query's words (it reads how PostgreSQL writes them once). A place
that nothing matches, searched again everywhere, is checked in a process that has seen the
words: on PostgreSQL, its first sight of them takes two statements more, 14 (said in
docs/performance.md)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.models import Action, Country
from actions.search import postgres

STATEMENTS_AT_MOST = 12


@pytest.fixture
def sampled_corpus(db, settings):
    """240 actions, half in Peru, half in Chile, none in Bolivia; a third of each have two of
    "quokka", "wombat" and "numbat", none all three."""
    peru = Country.objects.create(code="PE", name="Peru")
    chile = Country.objects.create(code="CL", name="Chile")
    Country.objects.create(code="BO", name="Bolivia")
    titles = ["Quokka wombat survey", "Platypus census", "Dingo count"]
    for number in range(240):
        country = peru if number < 120 else chile
        Action.objects.create(title=f"{titles[number % 3]} {number}", slug=f"a-{number}", country=country, year=2000)
    # counts above 150 sampled, one id in eight (ids depend on the tests run before): the
    # biggest set, 80, is sampled, found small and counted exactly
    settings.FACET_EXACT_LIMIT, settings.FACET_SAMPLE_SIZE = 150, -(-Action.objects.latest("pk").pk // 8)


@pytest.mark.parametrize(
    "query, shown, words_seen",
    [
        # a misspelt word, no action with every word, within a country: two readings, each
        # counted on the sample and then exactly, and the most words any action has
        ({"q": "quokka wombta numbat", "country": "PE"}, 40, False),
        # the same, the country named in the query
        ({"q": "quokka wombta numbat peru"}, 40, False),
        # the same, in a country nothing is in: then everywhere, "bolivia" a word; then the
        # most words everywhere: four readings, and twice the most words any action has
        ({"q": "quokka wombta numbat bolivia"}, 80, True),
    ],
)
def test_a_most_words_page_within_a_place_with_a_misspelt_word(
    client, sampled_corpus, monkeypatch, query, shown, words_seen
):
    monkeypatch.setattr(postgres, "_NORMALIZED", {})  # a process that has not seen the words
    if words_seen:
        client.get("/", query)
    cache.clear()
    with CaptureQueriesContext(connection) as statements:
        response = client.get("/", query)
    page = response.context["page"]
    reading = response.context["search_query"]
    assert reading.any_words and reading.at_least == 2 and not response.context["estimated"]
    assert page.paginator.count == shown
    assert len(statements) <= STATEMENTS_AT_MOST, "\n".join(q["sql"][:120] for q in statements)
