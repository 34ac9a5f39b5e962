"""A query no action matches in full is not an empty page: the actions matching most of its
words come first, and the page says so. Quotes ask for every word."""

from actions.models import Action


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
