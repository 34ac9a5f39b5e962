"""Flat rows of actions for JSON and CSV export; the key names are a public contract."""

import csv
import io
import json

from django.db import connections
from django.urls import reverse

from .filters import LINKED_IDS_OF, linked_id_columns
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
# relation -> its filter (whose links' ids each action's row keeps: filters.LINKED_IDS_OF,
# migration 0014), and the (key, field of the related row) of the lists it gives, in the
# related rows' name order
LISTS = {
    "expert_origins": ("origin", [("expert_origins", "name"), ("expert_origin_codes", "code")]),
    "action_types": ("type", [("action_types", "name")]),
    "themes": ("theme", [("themes", "name")]),
}
CHUNK = 1000


def rows(actions, base_url="", limit=None):
    """One dict per action, in the queryset's order, from one streamed query: the themes,
    types and origins are named from the ids kept on each action's row, out of one lookup
    per relation, so memory stays flat and no statement lists a chunk's ids (1,000 of them,
    bound one by one, cost more than the export's own query)."""
    ids_of = {relation: LINKED_IDS_OF[param] for relation, (param, _) in LISTS.items()}
    linked = linked_id_columns(connections[actions.db])
    columns = actions.annotate(**linked).values("pk", *COLUMNS.values(), *linked)
    named = {relation: _named(relation, given, actions.db) for relation, (_, given) in LISTS.items()}
    # reverse() once rather than per row: the slug is the detail URL's last segment
    before_slug, after_slug = reverse("actions:detail", kwargs={"slug": "x"}).rsplit("x", 1)
    for values in columns[:limit].iterator(chunk_size=CHUNK):
        row = {key: values[column] for key, column in COLUMNS.items()}
        row["url"] = f"{base_url}{before_slug}{values['slug']}{after_slug}"
        for relation, (_, given) in LISTS.items():
            related = sorted(named[relation][pk] for pk in _ids(values[ids_of[relation]]))
            for index, (key, _) in enumerate(given, start=1):
                row[key] = [fields[index] for fields in related]
        yield {key: row[key] for key in FIELDS}


def _named(relation: str, given, using: str) -> dict[int, tuple]:
    """The related rows by id: their place in name order, then the fields the lists give."""
    model = Action._meta.get_field(relation).related_model
    fields = [field for _, field in given]
    ordered = model.objects.using(using).order_by("name", "pk").values_list("pk", *fields)
    return {pk: (place, *values) for place, (pk, *values) in enumerate(ordered)}


def _ids(column) -> list[int]:
    """An id column's value: an array on PostgreSQL, JSON text on SQLite (migration 0014)."""
    return column if isinstance(column, list) else json.loads(column)


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
