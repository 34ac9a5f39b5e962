"""The places a query names become filters, shown as removable chips: country names in four
languages, demonyms, experts' origins, UN sub-regions and informal regions."""

from html import unescape

import pytest

from actions.models import Action, Country
from actions.seedparse.query_places import understand


def read(query):
    understood = understand(query)
    return understood.words, [(place.label, place.filters) for place in understood.places]


@pytest.mark.parametrize(
    ("query", "words", "filters"),
    [
        ("Ghanaian apprenticeship schemes", "apprenticeship schemes", {"country": ["GH"]}),
        ("apprenticeship schemes in Ghana", "apprenticeship schemes", {"country": ["GH"]}),
        ("formación dual México", "formacion dual", {"country": ["MX"]}),
        ("emprego jovem Moçambique", "emprego jovem", {"country": ["MZ"]}),
        ("chômage des jeunes Sénégal", "chomage des jeunes", {"country": ["SN"]}),
        ("Nigerian youth", "youth", {"country": ["NG"]}),
        ("Swedish experts on profiling", "on profiling", {"origin": ["SE"]}),
        ("experts from Finland", "", {"origin": ["FI"]}),
        ("West African youth", "youth", {"region": ["western-africa"]}),
        ("M&E tools Peru", "m&e tools", {"country": ["PE"]}),  # what the search reads as one word
        ("e-learning for counsellors in Colombia", "e-learning for counsellors", {"country": ["CO"]}),
        ('"labour inspection" Ghana', '"labour inspection"', {"country": ["GH"]}),  # still every word
        ("Eastern European pensions", "pensions", {"region": ["eastern-europe"]}),
        ("Andean migration", "migration", {"country": ["BO", "CO", "EC", "PE"]}),
        ("inspection du travail en Afrique de l'Ouest", "inspection du travail", {"region": ["western-africa"]}),
        ("empleo rural América Latina", "empleo rural", {"region": ["south-america", "central-america", "caribbean"]}),
        ("youth employment Sahel", "youth employment", {"country": ["BF", "ML", "MR", "NE", "TD", "SN"]}),
        ("Central Asia migration", "migration", {"region": ["central-asia"]}),
    ],
)
def test_places_become_filters_and_the_other_words_stay(query, words, filters):
    found_words, places = read(query)
    assert (found_words, [f for _, f in places]) == (words, [filters])


@pytest.mark.parametrize("query", ["training in French", "help us", "English courses for migrants", "four hours"])
def test_words_that_only_look_like_places_stay_words(query):
    assert read(query)[1] == []


def test_the_caribbean_takes_in_the_mainland_members_of_the_caribbean_community():
    words, [(label, filters)] = read("labour inspection in the Caribbean")
    assert words == "labour inspection"
    assert {"JM", "TT", "HT", "DO", "GY", "SR", "BZ"} <= set(filters["country"])
    assert not {"GT", "VE", "CO"} & set(filters["country"])  # Central and South American shores


def test_one_query_can_name_where_the_experts_came_from_and_where_they_went():
    words, places = read("French experts in Togo on soft skills")
    assert places == [("France", {"origin": ["FR"]}), ("Togo", {"country": ["TG"]})]
    assert words == "on soft skills"


def test_the_browse_page_filters_by_the_place_and_shows_a_chip_that_takes_it_back(client, small_list):
    response = client.get("/", {"q": "soft skills Togolese"})
    assert [action.title for action in response.context["page"]] == ["Soft skills for jobseekers in Togo"]
    assert response.context["state"].getlist("country") == ["TG"]
    html = response.content.decode()
    assert "Country: Togo" in html
    (place, undo), *_ = response.context["understood"]
    assert "literal=1" in undo and "q=soft+skills+Togolese" in undo and "country=TG" not in undo
    literal = client.get("/" + unescape(undo))
    assert literal.context["understood"] == []
    assert literal.context["state"].getlist("country") == []


def test_a_region_in_the_query_reaches_the_structured_data(client, small_list):
    response = client.get("/", {"q": "green jobs West Africa"})
    assert [action.title for action in response.context["page"]] == ["Green jobs for young people in Senegal"]
    assert "Region: Western Africa" in response.content.decode()


def test_a_query_that_is_only_a_place_lists_that_place(client, small_list):
    response = client.get("/", {"q": "Perú"})
    assert response.context["page"].paginator.count == 2
    assert response.context["search_query"].words == ()


def test_a_place_no_matching_action_is_in_is_searched_as_a_word_instead(client, db):
    Country.objects.get_or_create(code="TH", defaults={"name": "Thailand"})
    Action.objects.create(title="Guest lectures on health financing at Mahidol University, Thailand", slug="mahidol")
    response = client.get("/", {"q": "health financing lectures Thailand"})
    assert [action.slug for action in response.context["page"]] == ["mahidol"]  # it has no country
    assert response.context["filterset"].places_dropped[0].label == "Thailand"
    assert "No action in Thailand matches" in response.content.decode()


def test_a_query_searched_everywhere_still_has_its_misspelt_words_corrected(client, db):
    Country.objects.get_or_create(code="TH", defaults={"name": "Thailand"})
    Action.objects.create(title="Guest lectures on health financing at Mahidol University, Thailand", slug="mahidol")
    response = client.get("/", {"q": "health finnancing lectures Thailand"})
    assert [action.slug for action in response.context["page"]] == ["mahidol"]
    assert ("finnancing", "financing") in response.context["search_query"].corrections


def test_a_place_searched_as_a_word_is_not_taken_for_a_misspelling_of_another_word(client, db):
    """Togo has no action, so "togo" is searched as a word; the texts hold "logo", one
    letter away, but a name the query was read as is no misspelling of it."""
    Country.objects.get_or_create(code="TG", defaults={"name": "Togo"})
    Action.objects.create(title="A logo for the employment service", slug="logo")
    Action.objects.create(title="Employment service reform", slug="reform")
    response = client.get("/", {"q": "employment service togo"})
    assert response.context["filterset"].places_dropped[0].label == "Togo"
    assert response.context["search_query"].corrections == ()
    assert not response.context["filterset"].all_words_total  # "logo" would be the first action's
    assert {action.slug for action in response.context["page"]} == {"logo", "reform"}
