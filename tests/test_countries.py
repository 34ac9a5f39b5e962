"""Finding countries in prose: names, demonyms, places; codes and regions from packages."""

import pytest

from actions.seedparse.countries import all_countries, code_for_name, find_mentions


def country_by_code():
    return {country.code: country for country in all_countries()}


def codes(text):
    return [m.code for m in find_mentions(text)]


def test_every_iso_country_has_a_code_name_and_region():
    countries = country_by_code()
    assert len(countries) >= 245
    assert countries["CI"].name == "Côte d'Ivoire"
    assert countries["SN"].region == "Western Africa"
    assert countries["PE"].region == "South America"
    assert all(len(c.code) == 2 and c.name for c in all_countries())


def test_kosovo_is_xk():
    assert country_by_code()["XK"].name == "Kosovo"
    assert codes("Green skills for Kosovo* – labour market") == ["XK"]
    assert codes("In alignment with Kosovo*’s commitment") == ["XK"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the Costa Rican Ministry", ["CR"]),
        ("Belgian and Dutch experts", ["BE", "NL"]),
        ("experts from the Czech Republic and Czechia", ["CZ", "CZ"]),
        ("the National Employment Office of Ivory Coast", ["CI"]),
        ("Cabo Verde and Cape Verde", ["CV", "CV"]),
        ("the Russian Federation", ["RU"]),
        ("two activities in Podgorica", ["ME"]),
        ("Niger and Nigeria", ["NE", "NG"]),
        ("Guinea, Guinea-Bissau and Equatorial Guinea", ["GN", "GW", "GQ"]),
        ("the United Kingdom and the Netherlands", ["GB", "NL"]),
    ],
)
def test_finds_countries_in_their_usual_spellings(text, expected):
    assert codes(text) == expected


def test_lower_case_words_are_not_countries():
    assert codes("a chad of turkey in jordan's french-speaking georgia") == []


def test_languages_joined_by_a_hyphen_are_not_demonyms():
    assert codes("French-speaking African countries") == []


def test_code_for_name_reads_names_and_alternatives():
    assert code_for_name("Spain") == "ES"
    assert code_for_name("Ivory Coast") == "CI"
    assert code_for_name("Atlantis") is None
