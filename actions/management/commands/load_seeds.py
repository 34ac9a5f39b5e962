from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from actions.loader import load_file
from actions.seedparse import SeedFormatError


class Command(BaseCommand):
    help = "Loads seed texts (default: every *.txt in seeds/). One transaction per file; reloading is idempotent."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=Path, help="seed files or folders of them (their *.txt files)")
        parser.add_argument("--report", action="store_true", help="print what was extracted from every record")

    def handle(self, *args, files, report, verbosity, **options):
        paths = [
            file
            for path in files or [Path(settings.SEEDS_DIR)]
            for file in (sorted(path.glob("*.txt")) if path.is_dir() else [path])
        ]
        if not paths:
            raise CommandError(f"No seed files found in {', '.join(map(str, files or [settings.SEEDS_DIR]))}.")
        failures = []
        for path in paths:
            try:
                result = load_file(path)
            except Exception as error:  # noqa: BLE001 - one file's failure must not stop the others
                reason = str(error) if isinstance(error, SeedFormatError) else f"{path.name}: {error!r}"
                failures.append(reason)
                self.stderr.write(self.style.ERROR(f"{reason} (nothing from this file was saved)"))
                continue
            self.stdout.write(
                f"{result.filename} ({result.layout}): {len(result.created)} created, "
                f"{len(result.updated)} updated, {len(result.unchanged)} unchanged, "
                f"{len(result.skipped)} blocks skipped"
            )
            for block in result.skipped:
                self.stderr.write(self.style.WARNING(f"{result.filename}:{block.line}: skipped: {block.reason}"))
            for title, fields in result.kept_edits:
                self.stdout.write(f"  kept editor's {', '.join(fields)} of {title!r}")
            for before, after in result.reidentified:
                self.stdout.write(f"  recognised {before!r} as {after!r} (title changed in the file)")
            for tombstone in result.deleted_by_editor:
                by = f" by {tombstone.deleted_by}" if tombstone.deleted_by else ""
                self.stdout.write(
                    f"  seed has {tombstone.title!r}, deleted{by} on {tombstone.deleted_at:%Y-%m-%d}: not re-created"
                )
            for title in result.missing:
                self.stdout.write(self.style.WARNING(f"  {title!r} is no longer in the file: kept, not deleted"))
            if verbosity > 1:
                for title in result.created:
                    self.stdout.write(f"  created {title!r}")
                for title in result.updated:
                    self.stdout.write(f"  updated {title!r}")
            if report:
                self._print_report(result)
        if failures:
            raise CommandError(f"{len(failures)} of {len(paths)} files could not be loaded: " + "; ".join(failures))

    def _print_report(self, result):
        for record in result.records:
            flags = f"  [check: {', '.join(record.uncertain)}]" if record.uncertain else ""
            self.stdout.write(f"\n{result.filename}:{record.line} {record.title}{flags}")
            partner = record.partner
            rows = [
                ("kind", record.kind),
                (
                    "partner",
                    partner and " / ".join(p for p in (partner.name, partner.local_name, partner.acronym) if p),
                ),
                ("country", record.country),
                ("expert origins", ", ".join(record.expert_origins)),
                ("action types", " | ".join(record.action_types)),
                ("themes", ", ".join(record.themes)),
                ("year", record.year),
                ("dates", record.start_date and f"{record.start_date} – {record.end_date}"),
                ("code", record.code),
                ("refers to", ", ".join(record.referenced_codes)),
                ("organisers", "; ".join(p.name for p in record.organisers)),
                ("participants", "; ".join(p.name for p in record.participants)),
                ("experts", "; ".join(f"{e.name} ({e.country or '?'})" for e in record.experts)),
            ]
            for label, value in rows:
                if value or label in ("country", "expert origins", "year", "action types"):
                    self.stdout.write(f"    {label:15} {value if value else '— EMPTY —'}")
