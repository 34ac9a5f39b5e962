"""A backup that restores into a fresh database with `migrate` then `restore`: every record,
its history, the users, roles, aliases, tombstones and redirects, as XML with natural keys.
What the database derives again by itself is left out: content types and permissions (made
by migrate), sessions, login attempts, and the search index (made by triggers on restore)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

DERIVED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
    "actions.searchdocument",
    "actions.searchentry",
]


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", required=True, help="the file to write (.xml, or .xml.gz to compress)")

    def handle(self, *args, output, **options):
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=True,
            exclude=DERIVED,
            # XML keeps timestamps to the microsecond; Django's JSON rounds them to milliseconds
            format="xml",
            output=output,
            verbosity=0,
        )
        self.stdout.write(
            f"Wrote {output}. Restore into a fresh database: manage.py migrate, then manage.py restore {output}"
        )
