"""A query no action matches in full is not an empty page: the actions matching most of its
words come first, and the page says so. Quotes ask for every word."""

from actions.models import Action


def results(client, query):
    response = client.get("/", {"q": query})
    return response, [action.title for action in response.context["page"]]


def test_the_actions_matching_most_words_come_first_and_the_page_says_so(client, small_list):
    response, titles = results(client, "youth guarantee occupational inspection")
    assert (
        titles[:2]
        == [
            "Occupational safety and health inspection in Montenegro",  # montenegro + inspection
            "Youth guarantee design in Peru",  # youth + guarantee, fewer words in the title
        ]
        or titles[:2] == ["Youth guarantee design in Peru", "Occupational safety and health inspection in Montenegro"]
    )
    assert set(titles) == {
        "Occupational safety and health inspection in Montenegro",
        "Youth guarantee design in Peru",
        "Green jobs for young people in Senegal",  # "youth" in its description
    }
    assert "No action matches all the words" in response.content.decode()
    assert response.context["page"].paginator.count == 3  # the counts follow the relaxed match


def test_more_words_matched_rank_above_fewer(client, small_list):
    _, titles = results(client, "information system guarantee occupational")
    assert titles[0] == "Labour market information system for Peru"  # two of the four words
    assert set(titles[1:]) == {
        "Youth guarantee design in Peru",
        "Occupational safety and health inspection in Montenegro",
    }


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
    query = {"q": "youth guarantee occupational inspection"}
    exported = client.get("/export.json", query)
    assert len(b"".join(exported.streaming_content).split(b'"slug"')) - 1 == 3
    assert exported["X-Total-Count"] == "3"
    assert client.get("/feed.atom", query).content.count(b"<entry>") == 3
