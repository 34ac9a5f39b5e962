"""Reading whole seed texts: the list layout, narrative documents, and files that are neither."""

import pytest

from actions.seedparse import SeedFormatError, decode, parse_document

LIST = """  • Support to the PES of Peru

    Start activities
    Ministry of Labour [Ministerio del Trabajo] (MTPE)
    Policy development, Institutional capacity building
    The Ministry of Labour of Peru worked with experts from Spain in May 2023.
  • Capacity building in Montenegro

    Ministry of Labour and Social Welfare
    Organisational capacity building
  • A bullet with no partner
  • Strengthening the Ecuadorian PES

    Ministry of Labour [Ministerio del Trabajo]
    The Ministry of Labour of Ecuador requested support; Belgian experts delivered it. It lasted until October 2020.
"""

NARRATIVE = """Webinar on outreach to young people

On 12 March 2024, the Ministry of Labour of Ghana organised a webinar on youth outreach with the PES of Kenya.

Speakers shared practices. Ama Mensah, expert from Ghana, presented the national youth programme.
Kofi Boateng from the Public Employment Service of Kenya presented its mobile offices.
"""


def test_list_layout_reads_every_block_with_its_line_number():
    document = parse_document(LIST, "list.txt")
    assert document.layout == "list"
    assert [(r.line, r.title) for r in document.records] == [
        (1, "Support to the PES of Peru"),
        (7, "Capacity building in Montenegro"),
        (12, "Strengthening the Ecuadorian PES"),
    ]


def test_list_layout_reads_status_partner_types_and_description():
    peru = parse_document(LIST, "list.txt").records[0]
    assert peru.status == "Start activities"
    assert (peru.partner.name, peru.partner.local_name, peru.partner.acronym) == (
        "Ministry of Labour",
        "Ministerio del Trabajo",
        "MTPE",
    )
    assert peru.action_types == ["Policy development", "Institutional capacity building"]
    assert peru.description.startswith("The Ministry of Labour of Peru")
    assert (peru.country, peru.expert_origins, peru.year) == ("PE", ["ES"], 2023)


def test_list_layout_entry_without_description_keeps_its_type_and_flags_what_is_missing():
    montenegro = parse_document(LIST, "list.txt").records[1]
    assert montenegro.action_types == ["Organisational capacity building"]
    assert montenegro.description == ""
    assert montenegro.country == "ME"
    assert {"expert_origins", "year"} <= set(montenegro.uncertain)


def test_list_layout_entry_without_type_line_reads_the_description():
    ecuador = parse_document(LIST, "list.txt").records[2]
    assert ecuador.action_types == []
    assert ecuador.description.startswith("The Ministry of Labour of Ecuador")
    assert (ecuador.country, ecuador.expert_origins, ecuador.year) == ("EC", ["BE"], 2020)


def test_list_layout_reports_a_block_it_cannot_read_with_its_line():
    document = parse_document(LIST, "list.txt")
    assert [(s.line, "no partner line" in s.reason) for s in document.skipped] == [(11, True)]


def test_list_records_get_keys_that_are_unique_within_the_file():
    text = LIST + LIST.replace("  • A bullet with no partner\n", "")
    keys = [r.key for r in parse_document(text, "twice.txt").records]
    assert len(keys) == len(set(keys)) == 6
    assert keys[3] == "support-to-the-pes-of-peru-2"


def test_narrative_document_becomes_one_event_with_organisers_experts_and_date():
    (event,) = parse_document(NARRATIVE, "webinar.txt").records
    assert event.kind == "webinar"
    assert event.title == "Webinar on outreach to young people"
    assert event.country == "GH"
    assert [o.name for o in event.organisers] == ["Ministry of Labour of Ghana"]
    assert [(e.name, e.country) for e in event.experts] == [("Ama Mensah", "GH"), ("Kofi Boateng", "KE")]
    assert event.experts[1].institution == "Public Employment Service of Kenya"
    assert event.expert_origins == ["GH", "KE"]
    assert (event.year, str(event.start_date)) == (2024, "2024-03-12")
    assert "youth" in event.themes


def test_narrative_seed_workshop_reads_ecuador_and_its_experts(seed_paths):
    workshop_path = next(p for p in seed_paths if p.name.startswith("000_"))
    (workshop,) = parse_document(workshop_path.read_text(), workshop_path.name).records
    assert workshop.kind == "workshop"
    assert workshop.country == "EC"
    assert workshop.code == "2021-07"
    assert workshop.year == 2021
    assert {(e.name, e.country) for e in workshop.experts} == {("Pedro Parra", "ES"), ("Sara Cruz", "FR")}
    assert "Servicio Andaluz de Empleo" in [p.name for p in workshop.participants]


def test_the_four_narrative_seeds_are_a_workshop_two_webinars_and_a_workshop(seed_paths):
    kinds = {}
    for path in seed_paths:
        document = parse_document(path.read_text(), path.name)
        if document.layout == "narrative":
            kinds[path.name[:3]] = document.records[0].kind
    assert kinds == {"000": "workshop", "002": "webinar", "003": "webinar", "004": "workshop"}


def test_the_list_seed_has_87_actions_and_no_unreadable_block(seed_paths):
    path = next(p for p in seed_paths if p.name.startswith("001_"))
    document = parse_document(path.read_text(), path.name)
    assert len(document.records) == 87
    assert document.skipped == []


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_empty_file_is_an_error_naming_it(text):
    with pytest.raises(SeedFormatError, match=r"^empty\.txt: the file is empty"):
        parse_document(text, "empty.txt")


def test_file_in_no_known_layout_is_an_error_naming_it():
    with pytest.raises(SeedFormatError, match=r"^notes\.txt: not in a known layout"):
        parse_document("title,partner\nA,B\n", "notes.txt")


def test_bytes_that_are_not_utf8_are_an_error_naming_the_file():
    with pytest.raises(SeedFormatError, match=r"^latin1\.txt: not UTF-8"):
        decode("Pôle Emploi".encode("latin-1"), "latin1.txt")


def test_utf8_with_byte_order_mark_is_read():
    assert decode("\ufeff• Title".encode(), "bom.txt") == "• Title"


def narrative_seed(seed_paths, prefix):
    path = next(p for p in seed_paths if p.name.startswith(prefix))
    (record,) = parse_document(path.read_text(), path.name).records
    return record


def test_pes_network_webinar_has_its_presenters_and_no_single_beneficiary(seed_paths):
    webinar = narrative_seed(seed_paths, "002_")
    assert webinar.title == "How are Public Employment Services reaching people farther from the labour market?"
    assert [o.name for o in webinar.organisers] == ["European Network of Public Employment Services (PES Network)"]
    assert [(p.name, p.country) for p in webinar.participants] == [
        ("High Commission for Migration of Portugal", "PT"),
        ("Actiris", "BE"),
        ("City of Munich", "DE"),
    ]
    assert webinar.country is None
    assert webinar.countries_involved == ["PT", "BE", "DE"]
    # "News 27/04/2023" dates the page, not the webinar ("a recent webinar"): a year, flagged
    assert (webinar.year, webinar.start_date, str(webinar.published_on)) == (2023, None, "2023-04-27")
    assert "dates" in webinar.uncertain


def test_ilo_moscow_webinar_has_three_named_experts(seed_paths):
    webinar = narrative_seed(seed_paths, "003_")
    assert [o.name for o in webinar.organisers] == ["ILO Moscow"]
    assert [(e.name, e.country) for e in webinar.experts] == [
        ("Fedor Prokopov", "RU"),
        ("Stephan Heuke", "DE"),
        ("Paal Haavorsen", "NO"),
    ]
    assert webinar.expert_origins == ["RU", "DE", "NO"]
    assert webinar.country is None  # the CIS countries as a group, not one country
    assert str(webinar.start_date) == "2020-10-07"


def test_regional_workshop_has_its_four_organisers_and_the_host_country(seed_paths):
    workshop = narrative_seed(seed_paths, "004_")
    assert workshop.title.startswith("Conclusions and next steps: workshop organised by")
    assert [(o.name, o.acronym, o.country) for o in workshop.organisers] == [
        ("Ministry of Labor and Labor Development of Panama", "", "PA"),
        ("Organization of American States", "OAS", None),
        ("Ministry of Labor, Employment and Social Security of Argentina", "", "AR"),
        ("World Association of Public Employment Services", "WAPES", None),
    ]
    assert workshop.country == "PA"
    assert {p.country for p in workshop.participants} == {"CL", "BS"}
    assert "year" in workshop.uncertain or "dates" in workshop.uncertain


def test_a_year_standing_alone_in_the_title_is_the_year():
    text = "  • Providing EU Expertise for the South Asia Labour Conference 2014\n\n    Department of Labour\n"
    assert parse_document(text, "t.txt").records[0].year == 2014
    span = "  • Strategy 2022-2027 for employment\n\n    Department of Labour\n"
    assert parse_document(span, "t.txt").records[0].year is None


def test_an_expert_named_twice_is_one_expert():
    text = NARRATIVE + "Later, Ama Mensah, expert from Ghana, closed the webinar.\n"
    (event,) = parse_document(text, "webinar.txt").records
    assert [e.name for e in event.experts] == ["Ama Mensah", "Kofi Boateng"]
