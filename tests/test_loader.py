"""load_seeds: idempotent, transactional per file, and never undoing an editor's correction."""

import io

import pytest
from django.core.management import CommandError, call_command

from actions import loader
from actions.models import Action, Country, Partner, Region, Theme
from tests.conftest import FIXTURES

ONE_ACTION = """  • Youth employment in Ghana

    Ministry of Employment and Labour Relations (MELR)
    Policy development
    The Ministry of Employment and Labour Relations of Ghana worked with Irish experts in May 2022.
"""


def load(*paths):
    out, err = io.StringIO(), io.StringIO()
    call_command("load_seeds", *map(str, paths), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_loading_reports_what_it_created(db, write_seed):
    out, _ = load(write_seed("ghana.txt", ONE_ACTION))
    assert "ghana.txt (list): 1 created, 0 updated, 0 unchanged, 0 blocks skipped" in out
    action = Action.objects.get()
    assert action.title == "Youth employment in Ghana"
    assert action.country.code == "GH"
    assert [c.code for c in action.expert_origins.all()] == ["IE"]
    assert action.partner.acronym == "MELR"
    assert action.partner.country.code == "GH"
    assert (action.year, action.position, action.source.filename) == (2022, 1, "ghana.txt")


def test_loading_brings_countries_regions_and_themes(db, write_seed):
    load(write_seed("ghana.txt", ONE_ACTION))
    assert Country.objects.count() >= 245
    assert Country.objects.get(code="XK").name == "Kosovo"
    assert Country.objects.get(code="GH").region == Region.objects.get(slug="western-africa")
    assert Theme.objects.filter(slug="green-jobs").exists()


def test_reloading_changes_nothing(small_list):
    before = list(Action.objects.order_by("pk").values())
    out, _ = load(FIXTURES / "small_list.txt")
    assert "0 created, 0 updated, 6 unchanged" in out
    assert list(Action.objects.order_by("pk").values()) == before
    assert Partner.objects.filter(name="Ministry of Labour and Employment Promotion").count() == 1


def test_reloading_keeps_every_field_an_editor_changed(small_list):
    action = Action.objects.get(title="Labour market information system for Peru")
    action.title = "LMIS for Peru (corrected)"
    action.country = Country.objects.get(code="BO")
    action.year = 2019
    action.save()
    action.expert_origins.set(Country.objects.filter(code="PT"))
    out, _ = load(FIXTURES / "small_list.txt")
    action.refresh_from_db()
    assert action.title == "LMIS for Peru (corrected)"
    assert action.country.code == "BO"
    assert action.year == 2019
    assert [c.code for c in action.expert_origins.all()] == ["PT"]
    assert "kept editor's" in out and "LMIS for Peru (corrected)" in out


def test_reloading_updates_fields_the_seed_changed_and_no_editor_touched(db, write_seed):
    path = write_seed("ghana.txt", ONE_ACTION)
    load(path)
    path.write_text(ONE_ACTION.replace("Irish experts", "Irish and Danish experts"))
    out, _ = load(path)
    assert "0 created, 1 updated, 0 unchanged" in out
    assert sorted(Action.objects.get().expert_origins.values_list("code", flat=True)) == ["DK", "IE"]


def test_the_same_partner_in_several_actions_is_one_row_and_namesakes_abroad_are_two(small_list, write_seed):
    assert Partner.objects.filter(acronym="MTPE").count() == 1
    assert Partner.objects.get(acronym="MTPE").actions.count() == 2
    load(write_seed("ecuador-and-suriname.txt", ECUADOR_AND_SURINAME))
    assert Partner.objects.filter(name="Ministry of Labour").count() == 2
    assert set(Partner.objects.filter(name="Ministry of Labour").values_list("country__code", flat=True)) == {
        "EC",
        "SR",
    }


ECUADOR_AND_SURINAME = """  • Outreach to employers in Suriname

    Ministry of Labour
    Organisational capacity building
    The Ministry of Labour of Suriname trained its staff with Dutch experts.
  • Child labour in Ecuador

    Ministry of Labour
    Policy development
    The Ministry of Labour of Ecuador worked on child labour with experts from Spain.
"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty.txt: the file is empty"),
        ("Pôle Emploi".encode("latin-1"), "empty.txt: not UTF-8"),
        (b"title;partner\nA;B\n", "empty.txt: not in a known layout"),
    ],
)
def test_a_bad_file_is_a_clear_error_and_loses_nothing(small_list, write_seed, content, message):
    before = Action.objects.count()
    with pytest.raises(CommandError, match="1 of 1 files could not be loaded") as error:
        load(write_seed("empty.txt", content))
    assert message in str(error.value)
    assert Action.objects.count() == before


def test_a_bad_file_does_not_stop_the_good_ones(db, write_seed):
    bad = write_seed("a-bad.txt", b"\xff\xfe\x00")
    good = write_seed("b-good.txt", ONE_ACTION)
    with pytest.raises(CommandError, match="a-bad.txt"):
        load(bad, good)
    assert Action.objects.filter(source__filename="b-good.txt").count() == 1


def test_a_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match=r"nowhere.txt: cannot be read \(No such file"):
        load(tmp_path / "nowhere.txt")


def test_a_block_it_cannot_parse_is_reported_with_file_and_line(db, write_seed):
    text = ONE_ACTION + "  • A title and nothing else\n"
    _, err = load(write_seed("partial.txt", text))
    assert "partial.txt:6: skipped: no partner line" in err
    assert Action.objects.count() == 1


def test_a_failure_while_saving_rolls_back_that_file_and_the_next_file_still_loads(small_list, write_seed, monkeypatch):
    saved = []
    original = loader._save_record

    def fail_on_second_record_of_first_file(record, values, action, source, report):
        if source.filename == "ecuador-and-suriname.txt" and saved:
            raise RuntimeError("disk full")
        saved.append(record)
        original(record, values, action, source, report)

    monkeypatch.setattr(loader, "_save_record", fail_on_second_record_of_first_file)
    failing = write_seed("ecuador-and-suriname.txt", ECUADOR_AND_SURINAME)
    good = write_seed("one.txt", ONE_ACTION)
    with pytest.raises(CommandError, match=r"1 of 2 files.*ecuador-and-suriname.txt: RuntimeError\('disk full'\)"):
        load(failing, good)
    assert not Action.objects.filter(source__filename="ecuador-and-suriname.txt").exists()
    assert Action.objects.filter(source__filename="one.txt").count() == 1


def test_report_flags_empty_and_uncertain_fields_for_every_record(db, write_seed):
    text = ONE_ACTION + "  • Support to a ministry\n\n    Ministry of Youth and Sport\n    Policy development\n"
    out, _ = load("--report", write_seed("report.txt", text))
    assert "report.txt:1 Youth employment in Ghana" in out
    assert "report.txt:6 Support to a ministry  [check: themes, country, expert_origins, year]" in out
    assert "country         — EMPTY —" in out


def test_one_institution_spelt_two_ways_is_one_partner(db, write_seed):
    text = ONE_ACTION.replace("Youth employment in Ghana", "Wage policy in Ghana").replace(
        "Ministry of Employment and Labour Relations (MELR)", "Ministry of Employment and Labor Relations"
    )
    load(write_seed("ghana.txt", ONE_ACTION + text))
    assert Partner.objects.count() == 1
    assert Partner.objects.get().actions.count() == 2
