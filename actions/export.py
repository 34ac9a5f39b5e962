"""Flat rows of actions for JSON and CSV export; the key names are a public contract."""

import csv
import io
import json

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


def row(action, base_url="") -> dict:
    country = action.country
    return {
        "title": action.title,
        "slug": action.slug,
        "url": base_url + action.get_absolute_url(),
        "kind": action.kind,
        "partner": action.partner.name if action.partner else None,
        "country": country.name if country else None,
        "country_code": country.code if country else None,
        "region": country.region.name if country and country.region else None,
        "expert_origins": [c.name for c in action.expert_origins.all()],
        "expert_origin_codes": [c.code for c in action.expert_origins.all()],
        "action_types": [t.name for t in action.action_types.all()],
        "themes": [t.name for t in action.themes.all()],
        "status": action.status,
        "year": action.year,
        "source": action.source.filename if action.source else None,
    }


def rows(actions, base_url=""):
    # iterator() with chunk_size keeps prefetching while never holding every action in memory
    for action in actions.iterator(chunk_size=500):
        yield row(action, base_url)


def json_chunks(actions, base_url=""):
    """The JSON list, written piece by piece so a large export streams."""
    yield "["
    for index, item in enumerate(rows(actions, base_url)):
        yield ("," if index else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]\n"


def csv_cell(value) -> str:
    """The text of a CSV cell, with a leading quote where a spreadsheet would see a formula."""
    text = "; ".join(value) if isinstance(value, list) else ("" if value is None else str(value))
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def csv_chunks(actions, base_url=""):
    """CSV with one row per action; list values are joined with "; "."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS)
    writer.writeheader()
    for item in rows(actions, base_url):
        writer.writerow({key: csv_cell(value) for key, value in item.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
