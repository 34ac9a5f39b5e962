"""The parser on entries written in the seeds' layout but not taken from them:
other countries, other phrasings (tests/fixtures/unseen_list.txt)."""

import pytest

from actions.seedparse import parse_document
from tests.conftest import FIXTURES

# line: (beneficiary country, expert origins, action types)
EXPECTED = {
    1: ("JO", ["DK", "EE"], ["Organisational capacity building"]),
    6: ("BD", ["FI", "NL"], ["Information management systems", "Policy development"]),
    11: ("TN", ["BE", "LU"], ["Individual capacity building (human resources development)"]),
    16: ("CI", ["PT", "ES"], ["Institutional capacity building"]),
    21: ("PY", ["UY", "ES"], ["Policy development"]),
    26: ("PH", ["IE", "DE", "GR"], ["Regulatory & Policy"]),
    31: ("MA", ["FR", "IT"], ["Organisation/business strategy & planning"]),
    36: ("UZ", ["CZ", "SK"], ["Policy development"]),
    41: ("DO", ["PT"], ["Information management systems"]),
    46: ("MZ", ["PT", "BR"], ["Capacity building"]),
    51: (None, ["AT"], ["Policy development"]),
    56: ("GE", ["LT", "LV"], ["Individual capacity building (human resources development)"]),
    61: ("XK", ["SI", "HR"], ["Institutional capacity building", "Awareness raising events"]),
}


@pytest.fixture(scope="module")
def records():
    text = (FIXTURES / "unseen_list.txt").read_text()
    return {record.line: record for record in parse_document(text, "unseen_list.txt").records}


def test_every_entry_is_read(records):
    assert sorted(records) == sorted(EXPECTED)


@pytest.mark.parametrize("line", sorted(EXPECTED))
def test_country_origins_and_types_of_an_unseen_entry(records, line):
    record = records[line]
    assert (record.country, record.expert_origins, record.action_types) == EXPECTED[line]


def test_partner_acronyms_and_local_names_of_unseen_entries(records):
    tunisia = records[11].partner
    assert (tunisia.acronym, tunisia.local_name) == (
        "ANETI",
        "Agence Nationale pour l'Emploi et le Travail Indépendant",
    )
    assert records[6].partner.acronym == "MoLE"


def test_dates_of_unseen_entries(records):
    assert (records[1].year, str(records[1].start_date), str(records[1].end_date)) == (2022, "2022-03-01", "2022-06-30")
    assert (records[41].year, str(records[41].start_date)) == (2023, "2023-09-18")
    assert records[51].year is None


def test_an_entry_naming_no_country_is_flagged_for_review(records):
    assert "country" in records[51].uncertain
