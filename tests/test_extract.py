"""Reading expert origins, beneficiary countries, partners, types and dates from prose."""

from datetime import date

import pytest

from actions.seedparse.extract import action_code, beneficiary_country, expert_origins, find_periods, split_partner
from actions.seedparse.listlayout import split_action_types


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("saw experts from France and Germany contribute their expertise", ["FR", "DE"]),
        ("was assessed by Belgian and Dutch experts.", ["BE", "NL"]),
        ("relied on the expertise of Irish, Swedish and French public experts", ["IE", "SE", "FR"]),
        ("the event tapped into expertise from Spain on green jobs", ["ES"]),
        ("supported by a Portuguese expert", ["PT"]),
        ("Experts from the Czechia, Spain and Latvia mobilised by SOCIEUX+", ["CZ", "ES", "LV"]),
        ("Experts from France, Spain and Peru deployed training seminars", ["FR", "ES", "PE"]),
        ("French experts accompanied by regional experts from Cameroon and Madagascar", ["FR", "CM", "MG"]),
        ("This action mobilized Belgian, Romanian, Portuguese and Swedish expertise.", ["BE", "RO", "PT", "SE"]),
        ("experts from public employment services of France, Spain, and Sweden", ["FR", "ES", "SE"]),
        ("The Spanish peer experts’ support focused on social dialogue", ["ES"]),
        ("EExperts from Finland and Portugal took part", ["FI", "PT"]),
        ("with experts from the Czech Republic", ["CZ"]),
        ("with experts from Pôle Emploi in France", ["FR"]),
    ],
)
def test_expert_origins_in_every_phrasing_of_the_seeds(text, expected):
    assert expert_origins(text) == expected


def test_destination_of_experts_is_not_an_origin():
    assert expert_origins("bringing French experts to Gabon to conduct an audit") == ["FR"]
    assert expert_origins("experts from France to Gabon") == ["FR"]


def test_countries_without_experts_are_not_origins():
    assert expert_origins("The Ministry of Labour of Peru met the Spanish Public Employment Service.") == []


def test_beneficiary_is_the_country_that_is_not_an_expert_origin():
    guess = beneficiary_country(
        "Enhancing capacity of PES",
        "Ministry of Labour",
        "Support to the Ministry of Labour of Suriname was assessed by Belgian and Dutch experts. "
        "Then, experts from Belgium and France delivered training.",
    )
    assert guess.code == "SR"
    assert guess.certain


def test_beneficiary_from_a_demonym_a_city_or_an_acronym():
    assert beneficiary_country("Forum", "Ministry (MTSS)", "developed with the Costa Rican Ministry").code == "CR"
    assert beneficiary_country("OSH", "Ministry", "Two activities in Belgrade resulted in guidelines").code == "RS"
    guess = beneficiary_country("Teleworking", "Ministry", "The MTPE aimed to foster teleworking.")
    assert guess.code == "PE"
    assert not guess.certain


def test_beneficiary_is_empty_when_the_text_names_no_country():
    guess = beneficiary_country("Capacity strengthening", "Ministry of Labour and Social Welfare", "")
    assert guess.code is None


def test_beneficiary_tie_between_two_countries_is_flagged_uncertain():
    guess = beneficiary_country("Support", "Agency", "Mali and Niger shared practices.")
    assert guess.code == "ML"
    assert not guess.certain


@pytest.mark.parametrize(
    ("line", "name", "local_name", "acronym"),
    [
        (
            "Ministry of Labour and Employment Promotion [Ministerio de Trabajo y Promoción del Empleo] (MTPE)",
            "Ministry of Labour and Employment Promotion",
            "Ministerio de Trabajo y Promoción del Empleo",
            "MTPE",
        ),
        ("Ministry of Labor and Social Security (MTSS)", "Ministry of Labor and Social Security", "", "MTSS"),
        (
            "Ministry of the Interior [Ministerio del Interior",
            "Ministry of the Interior",
            "Ministerio del Interior",
            "",
        ),
        (
            "National Fund for Social Assistance [Fonds Nationale d'Aide Sociale (FNAS)]",
            "National Fund for Social Assistance",
            "Fonds Nationale d'Aide Sociale",
            "FNAS",
        ),
        (
            "Ministry of Labour and Social Security (Ministerio del Trabajo y la Seguridad Social)",
            "Ministry of Labour and Social Security",
            "Ministerio del Trabajo y la Seguridad Social",
            "",
        ),
        ("The Ministry of Veterans Affairs of Ukraine", "Ministry of Veterans Affairs of Ukraine", "", ""),
        ("Prime-Ministers Office", "Prime-Ministers Office", "", ""),
    ],
)
def test_partner_line_splits_into_name_local_name_and_acronym(line, name, local_name, acronym):
    partner = split_partner(line)
    assert (partner.name, partner.local_name, partner.acronym) == (name, local_name, acronym)


@pytest.mark.parametrize(
    ("line", "labels"),
    [
        ("Institutional capacity building", ["Institutional capacity building"]),
        (
            "Policy development, Individual capacity building (human resources development)",
            ["Policy development", "Individual capacity building (human resources development)"],
        ),
        ("A.02 Institutional capacity building", ["Institutional capacity building"]),
        (
            "Institutional capacity building Organisational management (structures & functions)",
            ["Institutional capacity building", "Organisational management (structures & functions)"],
        ),
        ("Financial management (incl. budgeting)", ["Financial management (incl. budgeting)"]),
        ("Institutional Strengthening", ["Institutional Strengthening"]),
        ("", []),
    ],
)
def test_action_type_line_splits_into_labels(line, labels):
    assert split_action_types(line) == labels


def test_action_code_is_the_subject_and_other_codes_are_references():
    own, referenced = action_code(
        "Building on the previous support (Action 2022-21), Action 2023-11 was implemented from May."
    )
    assert own == "2023-11"
    assert referenced == ["2022-21"]


def test_an_action_only_referring_to_another_has_no_code_of_its_own():
    assert action_code("originates from the same request than Action 2021-01.") == ("", ["2021-01"])


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("on 23-24 May 2024.", date(2024, 5, 23), date(2024, 5, 24)),
        ("hosted from 18-20 November 2024, a conference", date(2024, 11, 18), date(2024, 11, 20)),
        ("On 7 October 2020, ILO Moscow", date(2020, 10, 7), date(2020, 10, 7)),
        ("News 27/04/2023", date(2023, 4, 27), date(2023, 4, 27)),
        ("was implemented from May to November 2023.", date(2023, 5, 1), date(2023, 11, 30)),
        ("in October and November 2021.", date(2021, 10, 1), date(2021, 11, 30)),
        ("carried out in June 2022", date(2022, 6, 1), date(2022, 6, 30)),
        ("until February 2024", date(2024, 2, 1), date(2024, 2, 29)),
    ],
)
def test_dates_in_the_text_become_periods(text, start, end):
    (period,) = find_periods(text)
    assert (period.start, period.end) == (start, end)


def test_bare_years_and_impossible_dates_are_not_periods():
    assert find_periods("Strategy 2022-2027 and the 31 February 2023 deadline") == []
