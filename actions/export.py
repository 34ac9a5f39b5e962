"""Flat rows of actions for JSON and CSV export; the key names are a public contract."""

import csv
import io
import itertools
import json
from collections import defaultdict

from django.urls import reverse

from .models import Action

FIELDS = [
    "title",
    "slug",
    "url",
    "kind",
    "partner",
    "country",
    "country_code",
    "region",
    "expert_origins",
    "expert_origin_codes",
    "action_types",
    "themes",
    "status",
    "year",
    "source",
]
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


COLUMNS = {
    "title": "title",
    "slug": "slug",
    "kind": "kind",
    "partner": "partner__name",
    "country": "country__name",
    "country_code": "country__code",
    "region": "country__region__name",
    "status": "status",
    "year": "year",
    "source": "source__filename",
}
# relation -> (key, field of the related row) of the lists it gives, in the related rows' name order
LISTS = {
    "expert_origins": [("expert_origins", "name"), ("expert_origin_codes", "code")],
    "action_types": [("action_types", "name")],
    "themes": [("themes", "name")],
}
CHUNK = 1000


def rows(actions, base_url="", limit=None):
    """One dict per action, in the queryset's order: one streamed query for the actions and,
    per chunk of them, one query per relation, so memory stays flat however many rows."""
    columns = actions.values("pk", *COLUMNS.values())[:limit].iterator(chunk_size=CHUNK)
    # reverse() once rather than per row: the slug is the detail URL's last segment
    before_slug, after_slug = reverse("actions:detail", kwargs={"slug": "x"}).rsplit("x", 1)
    while chunk := list(itertools.islice(columns, CHUNK)):
        lists = _lists([values["pk"] for values in chunk])
        for values in chunk:
            row = {key: values[column] for key, column in COLUMNS.items()}
            row["url"] = f"{base_url}{before_slug}{values['slug']}{after_slug}"
            row.update({key: lists[key][values["pk"]] for key in lists})
            yield {key: row[key] for key in FIELDS}


def _lists(ids) -> dict[str, dict[int, list]]:
    lists = {key: defaultdict(list) for given in LISTS.values() for key, _ in given}
    for relation, given in LISTS.items():
        target = getattr(Action, relation).field.m2m_reverse_field_name()
        linked = (
            getattr(Action, relation)
            .through.objects.filter(action_id__in=ids)
            .order_by(f"{target}__name")
            .values_list("action_id", *(f"{target}__{field}" for _, field in given))
        )
        for action_id, *values in linked:
            for (key, _), value in zip(given, values, strict=True):
                lists[key][action_id].append(value)
    return lists


def json_chunks(actions, base_url="", limit=None):
    """The JSON list, written piece by piece so a large export streams."""
    yield "["
    for index, item in enumerate(rows(actions, base_url, limit)):
        yield ("," if index else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]\n"


def csv_cell(value) -> str:
    """The text of a CSV cell. Each item that a spreadsheet would read as a formula gets a
    leading quote, list items too, since a spreadsheet set to split on ";" makes each a cell."""
    items = value if isinstance(value, list) else ["" if value is None else str(value)]
    return "; ".join("'" + item if item.startswith(FORMULA_TRIGGERS) else item for item in items)


def csv_chunks(actions, base_url="", limit=None):
    """CSV with one row per action; list values are joined with "; "."""
    buffer = io.StringIO()
    # every cell quoted, as OWASP advises, so no separator inside a cell starts a new one
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, quoting=csv.QUOTE_ALL)
    writer.writeheader()
    for item in rows(actions, base_url, limit):
        writer.writerow({key: csv_cell(value) for key, value in item.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
