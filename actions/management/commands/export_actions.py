from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from actions import export
from actions.views import filtered_actions


class Command(BaseCommand):
    help = "Writes actions to stdout as JSON or CSV, filtered like the browse page (--query 'country=PE&theme=youth')."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--query", default="", help="the browse page's query string")

    def handle(self, *args, format, query, **options):
        filterset, actions = filtered_actions(QueryDict(query))
        if filterset.errors:
            raise CommandError(f"Invalid query: {filterset.errors.as_text()}")
        chunks = export.json_chunks if format == "json" else export.csv_chunks
        for chunk in chunks(actions):
            self.stdout.write(chunk, ending="")
