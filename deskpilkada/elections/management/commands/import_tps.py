"""manage.py import_tps FILE [--election pilkada-2024] [--add-only]: import a TPS file (docs/data-formats.md)."""

import time

from django.core.management.base import BaseCommand, CommandError

from deskpilkada.core.models import Channel
from deskpilkada.elections import services
from deskpilkada.elections.models import Election


class Command(BaseCommand):
    help = (
        "Import polling stations (TPS) with their voter counts from a CSV file. All or nothing: a file with any "
        "bad row imports nothing and every bad line is listed. Re-importing the same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file (comma or semicolon, UTF-8 with or without BOM)")
        parser.add_argument("--election", default="pilkada-2024", help="Election slug (default: pilkada-2024)")
        parser.add_argument(
            "--add-only",
            action="store_true",
            help="Refuse rows that would change an existing TPS (the file may only add new TPS).",
        )

    def handle(self, *args, file, election, add_only, **options):
        target = Election.objects.filter(slug=election).first()
        if target is None:
            raise CommandError(f"No election with slug {election!r}.")
        started = time.perf_counter()
        try:
            result = services.import_polling_stations(
                file, election=target, channel=Channel.COMMAND, update_existing=not add_only
            )
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        elapsed = time.perf_counter() - started
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(result.errors)} problem(s) found; nothing was imported.")
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.rows} rows: {result.created} TPS created, {result.updated} updated, "
                f"{result.unchanged} unchanged in {elapsed:.2f} s."
            )
        )
