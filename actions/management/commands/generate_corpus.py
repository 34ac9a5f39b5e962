from django.core.management.base import BaseCommand, CommandError

from actions import corpus


class Command(BaseCommand):
    help = (
        "Replaces the generated actions with N synthetic ones recombined from the seeded actions "
        "(skewed like a real catalogue; the same --seed gives the same corpus). Seeded actions stay."
    )

    def add_arguments(self, parser):
        parser.add_argument("--actions", type=int, required=True, help="how many actions to generate")
        parser.add_argument("--seed", type=int, default=1, help="random seed")

    def handle(self, *args, actions, seed, **options):
        if actions < 0:
            raise CommandError("--actions must be zero or more")
        try:
            report = corpus.generate(actions, seed)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(report))
