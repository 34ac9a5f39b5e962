"""One partner per institution, however files write it; units keep their parent."""

from actions.loader import partner_keys
from actions.seedparse import PartnerRecord
from actions.seedparse.extract import acronym_in_text, split_partner


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
