"""JSON and CSV export: same parameters as the browse page, a stable set of keys."""

import csv
import io
import json

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions import export
from actions.export import FIELDS
from actions.models import Action, Country, Theme

KEYS = [
    "title", "slug", "url", "kind", "partner", "country", "country_code", "region", "expert_origins",
    "expert_origin_codes", "action_types", "themes", "status", "year", "source",
]  # fmt: skip


def get_json(client, **params):
    response = client.get(reverse("actions:export-json"), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(b"".join(response.streaming_content))


def test_json_keys_are_the_public_contract(client, small_list):
    rows = get_json(client)
    assert FIELDS == KEYS
    assert len(rows) == 6
    assert all(list(row) == KEYS for row in rows)


def test_json_row_holds_the_action(client, small_list):
    (row,) = get_json(client, q="guarantee")
    assert row["title"] == "Youth guarantee design in Peru"
    assert row["url"] == "http://testserver/actions/youth-guarantee-design-in-peru/"
    assert (row["country"], row["country_code"], row["region"]) == ("Peru", "PE", "South America")
    assert row["expert_origins"] == ["Italy", "Spain"]
    assert row["expert_origin_codes"] == ["IT", "ES"]
    assert row["partner"] == "Ministry of Labour and Employment Promotion"
    assert row["themes"] == ["Youth employment"]
    assert (row["year"], row["kind"], row["source"]) == (2023, "action", "small_list.txt")


def test_export_applies_the_browse_filters_and_order(client, small_list):
    rows = get_json(client, region="south-america", sort="title")
    assert [r["title"] for r in rows] == sorted(r["title"] for r in rows)
    assert {r["country_code"] for r in rows} == {"PE", "EC"}


def test_csv_has_a_header_and_one_row_per_action(client, small_list):
    response = client.get(reverse("actions:export-csv"), {"origin": "ES"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 2
    assert list(rows[0]) == KEYS
    assert {r["expert_origin_codes"] for r in rows} == {"ES; SE", "IT; ES"} or all(
        "ES" in r["expert_origin_codes"] for r in rows
    )


def test_export_rejects_invalid_filters_with_400(client, small_list):
    response = client.get(reverse("actions:export-json"), {"country": "Narnia"})
    assert response.status_code == 400
    assert b"country" in response.content


def test_export_command_writes_the_same_json_to_stdout(client, small_list):
    out = io.StringIO()
    call_command("export_actions", "--format", "json", "--query", "country=PE", stdout=out)
    from_command = json.loads(out.getvalue())
    from_view = get_json(client, country="PE")
    assert [r["slug"] for r in from_command] == [r["slug"] for r in from_view]
    assert from_command[0]["url"].startswith("/actions/")


def test_export_command_writes_csv(small_list):
    out = io.StringIO()
    call_command("export_actions", "--format", "csv", stdout=out)
    assert len(list(csv.DictReader(io.StringIO(out.getvalue())))) == 6


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(client, small_list):
    from actions.models import Action

    action = Action.objects.get(title="Youth guarantee design in Peru")
    action.title = '=HYPERLINK("http://evil.example","click")'
    action.status = "@SUM(1+1)"
    action.save()
    other = Action.objects.exclude(pk=action.pk).first()
    other.title = "-2+3"
    other.status = "\tTab"
    other.save()
    other.themes.create(slug="formula", name="=1+2")
    response = client.get(reverse("actions:export-csv"))
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))}
    assert rows[action.slug]["title"] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows[action.slug]["status"] == "'@SUM(1+1)"
    assert (rows[other.slug]["title"], rows[other.slug]["status"]) == ("'-2+3", "'\tTab")
    assert "'=1+2" in rows[other.slug]["themes"].split("; ")
    assert all(
        line.startswith('"') for line in b"".join(client.get("/export.csv").streaming_content).decode().splitlines()
    )
    # JSON is data, not a spreadsheet: it keeps the text as written
    (row,) = get_json(client, q="hyperlink")
    assert row["title"] == '=HYPERLINK("http://evil.example","click")'


def test_an_export_names_themes_types_and_origins_in_statements_that_do_not_grow_with_its_rows(
    client, small_list, monkeypatch
):
    """The names come from the ids kept on each row, looked up once per export, not from a
    statement per relation per chunk of rows; links changed through the ORM show at once."""
    peru = Action.objects.get(title="Youth guarantee design in Peru")
    peru.themes.add(Theme.objects.get(slug="employer-services"))
    peru.expert_origins.add(Country.objects.get(code="FR"))
    with CaptureQueriesContext(connection) as one_chunk:
        assert len(get_json(client)) == 6
    monkeypatch.setattr(export, "CHUNK", 2)
    with CaptureQueriesContext(connection) as three_chunks:
        rows = get_json(client)
    assert len(three_chunks.captured_queries) == len(one_chunk.captured_queries)
    (row,) = [row for row in rows if row["slug"] == peru.slug]
    assert row["themes"] == sorted(["Youth employment", Theme.objects.get(slug="employer-services").name])
    assert (row["expert_origins"], row["expert_origin_codes"]) == (["France", "Italy", "Spain"], ["FR", "IT", "ES"])
