from django.core.management.base import BaseCommand, CommandError

from actions.merging import MergeError, merge
from actions.models import Partner


class Command(BaseCommand):
    help = (
        "Merges duplicate partners into one: every action, unit and alias moves to KEEP, the duplicates' "
        "names become its aliases and their pages redirect to its page. Partners are named by slug."
    )

    def add_arguments(self, parser):
        parser.add_argument("keep", help="slug of the partner to keep")
        parser.add_argument("duplicates", nargs="+", help="slugs of the partners merged into it")

    def handle(self, *args, keep, duplicates, **options):
        found = {p.slug: p for p in Partner.objects.filter(slug__in=[keep, *duplicates])}
        unknown = [slug for slug in [keep, *duplicates] if slug not in found]
        if unknown:
            raise CommandError(f"No partner with the slug {', '.join(unknown)}.")
        try:
            report = merge(found[keep], [found[slug] for slug in duplicates])
        except MergeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(report))
