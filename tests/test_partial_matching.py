"""A query no action matches in full is not an empty page: the actions matching most of its
words come first, and the page says so. Quotes ask for every word."""

from dataclasses import replace

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from actions import search
from actions.facets import facet_counts
from actions.filters import ActionFilterSet
from actions.models import Action, Country
from actions.search.query import TERM_SETS_AT_MOST


def results(client, query):
    response = client.get("/", {"q": query})
    return response, [action.title for action in response.context["page"]]


def test_the_actions_matching_most_words_come_first_and_the_page_says_so(client, small_list):
    response, titles = results(client, "guarantee november designed reviewed podgorica")
    assert titles == [
        "Youth guarantee design in Peru",  # guarantee, november, designed: three of five words
        "Occupational safety and health inspection in Montenegro",  # reviewed, podgorica
    ]  # not "Green jobs for young people in Senegal": "reviewed" only, far fewer than the best
    assert "No action matches all the words" in response.content.decode()
    assert response.context["page"].paginator.count == 2  # the counts follow the relaxed match


def test_of_two_words_that_no_action_has_together_either_will_do(client, small_list):
    _, titles = results(client, "guarantee podgorica")
    assert sorted(titles) == [
        "Occupational safety and health inspection in Montenegro",
        "Youth guarantee design in Peru",
    ]


def test_a_short_list_of_all_word_matches_is_followed_by_most_word_matches(client, small_list):
    response, titles = results(client, "ministry labour employment promotion peru youth")
    assert titles[0] == "Youth guarantee design in Peru"  # the one action with all six words
    assert "Labour market information system for Peru" in titles[1:]  # all but "youth"
    assert "Only one action matches all the words" in response.content.decode()


def test_a_title_match_ranks_above_a_description_match_for_as_many_words(client, small_list):
    Action.objects.create(title="Review of labour statistics", slug="stats", description="A note on green jobs.")
    _, titles = results(client, "green quarterly")
    assert titles[0] == "Green jobs for young people in Senegal"  # "green" in its title


def test_quotes_ask_for_every_word(client, small_list):
    response, titles = results(client, '"youth montenegro"')
    assert titles == []
    assert "No action matches all the words" not in response.content.decode()


def test_a_single_unknown_word_still_finds_nothing(client, small_list):
    _, titles = results(client, "zzzqqq")
    assert titles == []


def test_exports_and_feeds_hold_what_the_page_shows(client, small_list):
    query = {"q": "guarantee november designed reviewed podgorica"}
    exported = client.get("/export.json", query)
    assert len(b"".join(exported.streaming_content).split(b'"slug"')) - 1 == 2
    assert exported["X-Total-Count"] == "2"
    assert client.get("/feed.atom", query).content.count(b"<entry>") == 2


def test_an_old_action_with_every_word_is_not_lost_when_only_the_newest_matches_are_ranked(client, db, settings):
    settings.ACTIONS_PER_PAGE, settings.RANKED_MATCHES_AT_MOST = 3, 3  # rank only the newest three
    Action.objects.create(title="Quokka wombat numbat survey", slug="all-three", year=2001)
    for number in range(6):
        Action.objects.create(title=f"Quokka wombat count {number}", slug=f"two-{number}", year=2020 + number)
    response, titles = results(client, "quokka wombat numbat")
    assert response.context["search_query"].any_words
    assert titles[0] == "Quokka wombat numbat survey"


def test_an_action_both_among_the_newest_and_with_every_word_is_listed_once(client, db, settings):
    settings.ACTIONS_PER_PAGE, settings.RANKED_MATCHES_AT_MOST = 3, 3
    Action.objects.create(title="Quokka wombat numbat survey", slug="all-three", year=2030)
    for number in range(6):
        Action.objects.create(title=f"Quokka wombat count {number}", slug=f"two-{number}", year=2020 + number)
    response, titles = results(client, "quokka wombat numbat")
    assert response.context["search_query"].any_words
    assert titles == ["Quokka wombat numbat survey", "Quokka wombat count 5", "Quokka wombat count 4"]


def test_some_of_the_terms_are_matched_as_each_set_of_so_many_while_the_sets_are_few():
    query = search.parse("alpaca bison camel dingo")
    assert replace(query, any_words=True, at_least=3).term_sets == ((0, 1, 2), (0, 1, 3), (0, 2, 3), (1, 2, 3))
    assert replace(query, any_words=True, at_least=1).term_sets == ((0,), (1,), (2,), (3,))
    assert query.term_sets == ((0, 1, 2, 3),)  # every term
    # ten terms: five of them are 252 sets, too many to match; any one matches, the rest is counted
    ten = replace(search.parse("a1 b2 c3 d4 e5 f6 g7 h8 i9 j10"), any_words=True, at_least=5)
    assert len(ten.terms) == 10 and ten.at_least_counted and len(ten.term_sets) == 10 < TERM_SETS_AT_MOST


@pytest.fixture
def animals(db):
    for slug, title in [
        ("three", "Quokka wombat numbat survey"),
        ("four", "Bilby dingo emu kookaburra census"),
        ("one", "Platypus count"),
    ]:
        Action.objects.create(title=title, slug=slug)


@pytest.mark.parametrize(
    ("typed", "best"),
    [
        ("quokka bilby platypus", 1),  # no two of them in one action
        ("quokka wombat bilby dingo emu", 3),  # four, three and two of five are asked of the index
        ("wombat numbat", 2),
        # eight words: eight to five of them are asked of the index, four are too many sets
        # (70) and are counted per action
        ("quokka wombat numbat bilby dingo emu kookaburra platypus", 4),
        ("zebrafish yak", 0),
    ],
)
def test_the_most_words_any_action_has_is_found_whatever_the_number_of_words(animals, typed, best):
    query = search.read(typed, correct=False)
    assert search.best_coverage(Action.objects.all(), query) == best
    assert search.best_coverage(Action.objects.filter(slug="one"), query) == (1 if "platypus" in typed else 0)


def test_with_no_action_having_every_word_only_the_newest_matches_are_ranked(client, db, settings):
    settings.ACTIONS_PER_PAGE, settings.RANKED_MATCHES_AT_MOST = 3, 3
    for number in range(6):
        Action.objects.create(title=f"Quokka wombat count {number}", slug=f"two-{number}", year=2020 + number)
    with CaptureQueriesContext(connection) as statements:
        response, titles = results(client, "quokka wombat numbat")
    assert response.context["search_query"].any_words
    assert titles == ["Quokka wombat count 5", "Quokka wombat count 4", "Quokka wombat count 3"]
    # one candidate set, the newest matches: none is looked for among every word's (none has them)
    paged = [query["sql"] for query in statements if "ORDER BY relevance DESC" in query["sql"]]
    assert len(paged) == 1 and "UNION ALL" not in paged[0]


@pytest.mark.parametrize("at_least", [2, 3])
def test_an_actions_rank_does_not_depend_on_how_many_of_the_words_are_asked_for(db, at_least):
    # SQLite writes each term once per set of terms it is in, and bm25 counts it as often
    Action.objects.create(title="Quokka wombat numbat bilby survey", slug="four", description="Numbat quokka notes.")
    Action.objects.create(title="Quokka wombat numbat survey", slug="three")
    Action.objects.create(title="Quokka wombat census", slug="two")
    for number in range(20):  # so that the words are rare enough to weigh
        Action.objects.create(title=f"Platypus count {number}", slug=f"other-{number}")
    query = search.read("quokka wombat numbat bilby", correct=False)

    def relevance(reading):
        return dict(search.search(Action.objects.all(), reading).values_list("slug", "relevance"))

    any_word = relevance(replace(query, any_words=True, at_least=1))
    asked = relevance(replace(query, any_words=True, at_least=at_least))
    assert asked == {slug: pytest.approx(rank) for slug, rank in any_word.items() if slug in asked}
    assert set(asked) == {"four", "three", "two"} - ({"two"} if at_least == 3 else set())


def test_the_actions_with_every_word_looked_for_are_the_newest_few_within_the_filters(db):
    peru = Country.objects.create(code="PE", name="Peru")
    senegal = Country.objects.create(code="SN", name="Senegal")
    for number in range(4):  # every word, elsewhere
        Action.objects.create(title=f"Quokka wombat numbat {number}", slug=f"sn-{number}", country=senegal, year=2020)
    for number in range(3):
        Action.objects.create(
            title=f"Quokka wombat numbat {number}", slug=f"pe-{number}", country=peru, year=2000 + number
        )
    filterset = ActionFilterSet.read(QueryDict("q=quokka+wombat+numbat&country=PE"))
    every_term = Action.objects.filter(pk__in=filterset.newest_with_every_term(2)).values_list("slug", flat=True)
    assert sorted(every_term) == ["pe-1", "pe-2"]


def test_with_too_many_sets_of_the_words_to_match_each_actions_words_are_counted(client, db):
    # nine words; the best action has five, so four will do: 126 sets of four, counted instead
    for slug, title in [
        ("five", "Quokka wombat numbat bilby dingo survey"),
        ("four", "Emu kookaburra platypus wallaby count"),
        ("three", "Quokka emu wallaby notes"),
        ("one", "Dingo study"),
    ]:
        Action.objects.create(title=title, slug=slug)
    response, titles = results(client, "quokka wombat numbat bilby dingo emu kookaburra platypus wallaby")
    assert response.context["search_query"].at_least_counted
    assert titles == ["Quokka wombat numbat bilby dingo survey", "Emu kookaburra platypus wallaby count"]


@pytest.mark.parametrize(
    "typed, best",
    [
        ("quokka wombat numbat", 2),  # two of the three words at most, in Peru (three in none)
        ("platypus wombat dingo", 1),  # only "wombat"
        ("platypus dingo emu", 0),  # none of them
    ],
)
def test_a_count_whose_sample_found_nothing_learns_the_most_words_any_action_has(db, settings, typed, best):
    peru = Country.objects.create(code="PE", name="Peru")
    chile = Country.objects.create(code="CL", name="Chile")
    for number in range(60):
        Action.objects.create(title=f"Quokka wombat survey {number}", slug=f"pe-{number}", country=peru)
        Action.objects.create(title=f"Numbat platypus count {number}", slug=f"cl-{number}", country=chile)
    # counts above 50 sampled, one id in eight: no action has every word, so the sample finds
    # none, and the exact count follows
    settings.FACET_EXACT_LIMIT, settings.FACET_SAMPLE_SIZE = 50, -(-Action.objects.latest("pk").pk // 8)
    filterset = ActionFilterSet(QueryDict(f"q={typed}&country=PE"), queryset=Action.objects.all())
    counted = facet_counts(filterset)
    assert counted.total == 0 and counted.best_coverage == best
    assert search.best_coverage(filterset.queryset_without("q"), filterset.search_query) == best
