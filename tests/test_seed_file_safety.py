"""load_seeds reads only what it should: known layouts, sane sizes, files inside the folder
it is given; and two loads at once wait for each other instead of failing."""

import io
import os
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from actions.models import Action
from actions.seedparse import SeedFormatError, parse_document

ONE_ACTION = """  • Employment services for returning migrants in Moldova

    National Employment Agency (ANOFM)
    Institutional capacity building
    The National Employment Agency of Moldova worked with Romanian and Polish experts in March 2023.
"""

PROSE_REPORT = (
    "Skills anticipation for the care economy\n\n"
    "On 12 March 2025 the National Employment Agency of Moldova hosted a seminar on skills anticipation "
    "for the care economy. Experts from Estonia and Portugal presented how their public employment "
    "services forecast demand for care workers, and participants from the ministry discussed how the "
    "agency could adapt training programmes for jobseekers in rural districts."
)


def load(*paths):
    out, err = io.StringIO(), io.StringIO()
    call_command("load_seeds", *map(str, paths), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "text",
    [
        "# Project notes\n\nThe seminar on skills anticipation took place in 2024 with many experts " + "word " * 40,
        "<html><body><p>The 2024 workshop on employment services " + "word " * 40 + "</p></body></html>",
        '{\n  "title": "A 2023 webinar on labour markets",\n  "text": "' + "word " * 40 + '"\n}',
        "| year | event |\n|---|---|\n| 2023 | workshop |\n" + "word " * 40,
        "[tool.settings]\nname = workshop 2023\n" + "word " * 40,
        "```\nworkshop 2023\n```\n" + "word " * 40,
    ],
    ids=["markdown", "html", "json", "table", "ini", "code"],
)
def test_documents_with_markup_are_not_taken_for_narrative_reports(text):
    with pytest.raises(SeedFormatError, match="not in a known layout"):
        parse_document(text, "notes.txt")


def test_prose_that_mentions_an_event_only_in_passing_is_not_a_report():
    text = "Minutes of the board. " + "The board discussed the budget and staffing. " * 60 + "A workshop in 2026."
    with pytest.raises(SeedFormatError, match="not in a known layout"):
        parse_document(text, "minutes.txt")


def test_a_prose_report_of_an_event_is_read_as_one_record():
    document = parse_document(PROSE_REPORT, "moldova.txt")
    assert document.layout == "narrative"
    assert [record.kind for record in document.records] == ["seminar"]


def test_the_projects_readme_is_refused_and_publishes_nothing(db, settings):
    with pytest.raises(CommandError, match="README.md: not in a known layout"):
        load(settings.BASE_DIR / "README.md")
    assert not Action.objects.exists()


def test_a_file_far_above_the_size_limit_is_refused_before_parsing(db, write_seed, settings):
    settings.SEED_FILE_MAX_BYTES = 1000
    big = write_seed("big.txt", ONE_ACTION + "    More words. " * 100)
    with pytest.raises(CommandError, match="big.txt: larger than 0 MB; refused before reading"):
        load(big)
    assert not Action.objects.exists()


def test_a_link_out_of_the_folder_is_refused_but_one_inside_is_read(db, tmp_path):
    outside = tmp_path / "elsewhere"
    folder = tmp_path / "seeds"
    outside.mkdir()
    folder.mkdir()
    (outside / "secret.txt").write_text(ONE_ACTION)
    (folder / "real.txt").write_text(ONE_ACTION)
    (folder / "escape.txt").symlink_to(outside / "secret.txt")
    (folder / "alias.txt").symlink_to(folder / "real.txt")
    with pytest.raises(CommandError, match="1 of 3 files") as error:
        load(folder)
    assert "escape.txt: a link to a file outside its folder" in str(error.value)
    assert Action.objects.filter(source__filename__in=["real.txt", "alias.txt"]).count() == 2


def test_something_that_is_not_a_regular_file_is_refused(db, tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(CommandError, match="pipe.txt: not a regular file"):
        load(fifo)


@pytest.mark.django_db(transaction=True)
def test_two_loads_at_once_both_finish_without_error(seed_paths):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database is private to one connection; the race is PostgreSQL's")
    errors = []

    def run_load():
        try:
            load(*seed_paths)
        except Exception as error:  # noqa: BLE001 - the test reports whatever a load raised
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run_load) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    assert Action.objects.filter(source__isnull=False).count() == 91
