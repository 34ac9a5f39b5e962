"""A browse page takes at most 12 statements: the bound is checked on the longest way a
search within a place goes, in a corpus big enough that every count is first taken on a
sample and then, the sets being small, taken again exactly, and on PostgreSQL in a process
that has not yet seen the query's words (it reads how PostgreSQL writes them once). (A place
that nothing matches, searched again everywhere, takes 14: said in docs/performance.md.)"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.models import Action, Country
from actions.search import postgres

STATEMENTS_AT_MOST = 12


@pytest.fixture
def sampled_corpus(db, settings):
    """240 actions, half in Peru, half in Chile; a third of each have two of "quokka",
    "wombat" and "numbat", none all three."""
    peru = Country.objects.create(code="PE", name="Peru")
    chile = Country.objects.create(code="CL", name="Chile")
    titles = ["Quokka wombat survey", "Platypus census", "Dingo count"]
    for number in range(240):
        country = peru if number < 120 else chile
        Action.objects.create(title=f"{titles[number % 3]} {number}", slug=f"a-{number}", country=country, year=2000)
    # counts above 150 sampled, one id in eight (ids depend on the tests run before): the
    # biggest set, 80, is sampled, found small and counted exactly
    settings.FACET_EXACT_LIMIT, settings.FACET_SAMPLE_SIZE = 150, -(-Action.objects.latest("pk").pk // 8)


@pytest.mark.parametrize(
    "query, shown",
    [
        # a misspelt word, no action with every word, within a country: two readings, each
        # counted on the sample and then exactly, and the most words any action has
        ({"q": "quokka wombta numbat", "country": "PE"}, 40),
        # the same, the country named in the query
        ({"q": "quokka wombta numbat peru"}, 40),
    ],
)
def test_a_most_words_page_within_a_place_with_a_misspelt_word(client, sampled_corpus, monkeypatch, query, shown):
    monkeypatch.setattr(postgres, "_NORMALIZED", {})  # a process that has not seen the words
    cache.clear()
    with CaptureQueriesContext(connection) as statements:
        response = client.get("/", query)
    page = response.context["page"]
    assert response.context["search_query"].any_words and not response.context["estimated"]
    assert page.paginator.count == shown
    assert len(statements) <= STATEMENTS_AT_MOST, "\n".join(q["sql"][:120] for q in statements)
