"""One partner per institution, however files write it; units keep their parent."""

from actions.loader import partner_keys
from actions.seedparse import PartnerRecord, parse_document
from actions.seedparse.extract import acronym_in_text, initials_in_text, partner_record, split_partner


def test_descriptors_and_roles_are_not_part_of_a_name():
    assert split_partner("recruitment firm Adecco Italia").name == "Adecco Italia"
    assert split_partner("Regional adviser at Arbetsförmedlingen").name == "Arbetsförmedlingen"
    assert split_partner("Flemish public employment service, VDAB (Flanders region)").name == "VDAB"


def test_a_unit_keeps_its_parent():
    unit = split_partner("National Employment Agency (Ministry of Social Affairs and Labour)")
    assert (unit.name, unit.parent.name) == ("National Employment Agency", "Ministry of Social Affairs and Labour")
    unit = split_partner("Ministry of Labour (MOL), Department of Skills (DOS)")
    assert (unit.name, unit.acronym, unit.parent.acronym) == ("Department of Skills", "DOS", "MOL")
    unit = split_partner("Directorate of Employment - Ministry of Economy")
    assert (unit.name, unit.parent.name) == ("Directorate of Employment", "Ministry of Economy")


def test_a_local_name_in_parentheses_is_not_a_parent():
    partner = split_partner("Ministry of Labour (Ministerio de Trabajo)")
    assert (partner.name, partner.local_name, partner.parent) == ("Ministry of Labour", "Ministerio de Trabajo", None)


def test_the_description_gives_the_acronym_of_the_named_institution_only():
    text = "Support to the Bolivian Ministry of Labour and Social Welfare (MTPS) began in 2020."
    assert acronym_in_text("Ministry of Labor and Social Welfare", text) == "MTPS"
    assert acronym_in_text("Ministry of Labour", text) == ""


def test_spellings_of_one_institution_in_one_country_share_a_key():
    english = partner_keys(PartnerRecord("Ministry of Labor of Paraguay", country="PY"))
    other = partner_keys(PartnerRecord("Ministry of Labour", "Ministerio de Trabajo", "MTESS", "PY"))
    assert set(english) & set(other)
    assert not set(english) & set(partner_keys(PartnerRecord("Ministry of Labour", country="BO")))


def test_a_partner_named_by_its_country_alone_still_has_a_key():
    # an empty key crashed the loader (no first key to create the partner with)
    assert partner_keys(PartnerRecord("Ecuador", country="EC")) == ["ecuador|EC"]


def test_an_acronym_that_spells_the_initials_of_the_name_is_its_acronym():
    assert initials_in_text("Ministry of Gender, Labour and Social Development", "Support to the MGLSD") == "MGLSD"
    assert initials_in_text("Agence nationale pour l'emploi", "the ANPE counsellors") == "ANPE"
    assert initials_in_text("Ministry of Gender, Labour and Social Development", "MGLSDX and AMGLSD") == ""
    assert initials_in_text("Labour Department", "the LD and its offices") == ""  # two letters: too ambiguous


def test_the_text_gives_other_names_of_the_partner_by_its_acronym():
    text = "The request of the Zambian Labour Exchange Bureau (BNE) followed an audit of the BNE."
    partner = partner_record("Bureau national de l'emploi", "ZM", text)
    assert (partner.acronym, partner.other_names) == ("BNE", ("Zambian Labour Exchange Bureau",))
    worded_otherwise = partner_keys(PartnerRecord("Labour Exchange Bureau", country="ZM"))
    assert set(worded_otherwise) & set(partner_keys(partner))  # one institution for the loader


def test_a_unit_is_known_by_its_name_within_its_parent_only():
    national = partner_keys(PartnerRecord("Public Employment Service", country="BO"))
    municipal = PartnerRecord("Public Employment Service", country="BO", parent=PartnerRecord("Municipality of Sucre"))
    assert not set(national) & set(partner_keys(municipal))
    again = PartnerRecord("Public Employment Service", country="BO", parent=PartnerRecord("Municipality of Sucre"))
    assert partner_keys(again) == partner_keys(municipal)


def test_a_legal_form_before_the_name_is_not_part_of_it():
    formal = partner_keys(PartnerRecord("Unidad Administrativa Especial del Servicio Nacional de Empleo", country="HN"))
    assert set(formal) & set(partner_keys(PartnerRecord("Servicio Nacional de Empleo", country="HN")))


BLOCKS = """  • Labour inspection reform with the MGLSD in Uganda

    Ministry of Gender, Labour and Social Development
    Policy development
    The Ministry of Gender, Labour and Social Development of Uganda reformed its labour inspection with Dutch experts.
  • Support to the MGLSD on occupational safety registers

    Ministry of Gender, Labour and Social Development
    Institutional capacity building
"""


def test_an_entry_naming_no_country_takes_it_from_the_same_partner_known_by_its_acronym():
    first, second = parse_document(BLOCKS, "unseen.txt").records
    assert second.partner.acronym == "MGLSD"
    assert (second.country, second.partner.country) == ("UG", "UG")
    assert "country" in second.uncertain  # a guess for an editor to confirm
    assert first.country == "UG" and "country" not in first.uncertain
