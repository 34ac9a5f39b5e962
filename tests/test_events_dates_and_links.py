"""Kinds of events, the dates of this event rather than others', links between records."""

from actions.models import Action
from actions.seedparse.extract import beneficiary_country, event_kind, event_periods, publication_date
from actions.seedparse.listlayout import parse_list


def test_the_title_or_an_awareness_raising_type_names_the_kind():
    text = (
        "  • Webinar on skills anticipation for Pacific PES\n\n    Ministry of Labour\n    Capacity building\n"
        "    Experts from Spain spoke.\n"
        "  • Employment services in Fiji\n\n    Ministry of Labour\n    Regional events (awareness raising)\n"
        "    A forum of Pacific PES was held in Suva. Experts from France spoke.\n"
        "  • Strengthening the PES of Fiji for meeting employers' needs\n\n    Ministry of Labour\n"
        "    Capacity building\n    Experts from France helped.\n"
    )
    kinds = [record.kind for record in parse_list(text, "fiji.txt").records]
    assert kinds == ["webinar", "forum", "action"]
    assert event_kind("Training seminar on tools for social dialogue") == "seminar"
    assert event_kind("Study visit of Moldovan counsellors") == "study_visit"


def test_dates_of_earlier_work_and_of_other_named_events_are_not_this_events():
    text = (
        "Following the previous review carried out in March 2019, the workshop was held on 4 June 2021. "
        "It followed the Meeting of Ministers (May 2008)."
    )
    periods = event_periods(text, "workshop")
    assert [(p.start.isoformat(), p.end.isoformat()) for p in periods] == [("2021-06-04", "2021-06-04")]
    assert event_periods("The ministers met (May 2008) and agreed.", "workshop") == []


def test_a_news_line_is_a_publication_date():
    assert publication_date("Employment\n\nNews 03/11/2022\n\nA recent seminar").isoformat() == "2022-11-03"
    assert publication_date("News 31/02/2022") is None


def test_a_demonym_names_the_beneficiary_and_a_destination_does_not():
    guess = beneficiary_country(
        "Training of labour inspectors",
        "Ministry of Labour",
        "Staff of various Togolese institutions were trained. A study visit to France was organised.",
    )
    assert (guess.code, guess.certain) == ("TG", True)


NARRATIVE = """Webinar on counselling for employers: experiences from Europe and Latin America

More than forty people took part in the webinar on counselling of employers, organised by SOCIEUX+ and
the Ministry of Labour of Paraguay in March 2022. The webinar is part of a cooperation with the ministry
on services to employers and counselling for employers.

(SOCIEUX+ 2022-03)
"""
LIST = """  • Counselling services to employers of the Paraguayan public employment service

    Ministry of Labour [Ministerio de Trabajo, Empleo y Seguridad Social]
    Capacity building
    The Ministry of Labour of Paraguay asked for support on its services to employers. Experts from Spain helped.
  • Child labour prevention in Paraguay

    Ministry of Labour [Ministerio de Trabajo, Empleo y Seguridad Social]
    Capacity building
    The Ministry of Labour of Paraguay asked for support against child labour. Experts from Spain helped.
"""


def test_a_narrative_report_is_part_of_the_list_action_it_names(db, write_seed):
    from django.core.management import call_command

    call_command("load_seeds", write_seed("list.txt", LIST), write_seed("report.txt", NARRATIVE), stdout=None)
    report = Action.objects.get(source__filename="report.txt")
    assert report.part_of.title.startswith("Counselling services to employers")
    assert list(report.part_of.includes.all()) == [report]
    assert report.partner == report.part_of.partner  # one partner, written two ways
