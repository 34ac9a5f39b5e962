"""Loads a file written by `manage.py backup` into a freshly migrated database. The history
comes from the file: restoring adds no entries of its own."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test.utils import override_settings


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("file", help="a backup written by manage.py backup")

    def handle(self, *args, file, **options):
        # loaddata sets many-to-many links after saving each record, which simple-history
        # would record as new changes
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", file, verbosity=0)
        self.stdout.write(f"Restored {file}.")
