"""The top results of a set of queries, read and matched as the browse page does: to compare
the two backends, or the search before and after a change.

    python manage.py search_report tests/fixtures/search_queries.json --top 3
    python manage.py search_report --json < queries.txt
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from actions.filters import ActionFilterSet


def queries_from(text: str) -> list[str]:
    """A JSON list (of strings, or of objects with a "query"), or one query per line."""
    try:
        data = json.loads(text)
    except ValueError:
        return [line.strip() for line in text.splitlines() if line.strip()]
    if not isinstance(data, list):
        raise CommandError("expected a JSON list of queries")
    return [item["query"] if isinstance(item, dict) else str(item) for item in data]


def top_results(query: str, top: int) -> dict:
    """What the browse page lists first for a query: slugs and titles, and how it was read."""
    data = QueryDict(mutable=True)
    data["q"] = query
    filterset = ActionFilterSet.read(data)
    actions = filterset.ordered(filterset.qs)[:top]
    reading = filterset.search_query
    return {
        "query": query,
        "total": filterset.qs.count(),
        "read_as": {
            "places": [str(place) for place in filterset.understood],
            "corrections": dict(reading.corrections),
            "concepts": [term.concept for term in reading.concepts],
            "most_words": reading.any_words,
            "places_dropped": [str(place) for place in filterset.places_dropped],
        },
        "top": [{"slug": action.slug, "title": action.title} for action in actions],
    }


class Command(BaseCommand):
    help = "Prints the top results of queries (from a file, or one per line on standard input)."

    def add_arguments(self, parser):
        parser.add_argument("queries", nargs="?", help="a JSON list or a text file of queries; default: stdin")
        parser.add_argument("--top", type=int, default=3)
        parser.add_argument("--json", action="store_true", dest="as_json", help="print JSON instead of text")

    def handle(self, *args, queries=None, top=3, as_json=False, **options):
        if queries:
            try:
                with open(queries, encoding="utf-8") as file:
                    text = file.read()
            except OSError as error:
                raise CommandError(f"cannot read {queries}: {error.strerror}") from error
        else:
            text = sys.stdin.read()
        report = [top_results(query, top) for query in queries_from(text)]
        if as_json:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=1))
            return
        for result in report:
            self.stdout.write(f"{result['query']!r}: {result['total']} results")
            for action in result["top"]:
                self.stdout.write(f"  - {action['title'][:100]}")
