"""manage.py load_demo: the West Sumatra demo scenario of Pilkada 2024 (idempotent)."""

import time

from django.core.management.base import BaseCommand, CommandError

from deskpilkada.demo import loader


class Command(BaseCommand):
    help = (
        "Load the West Sumatra demo (Pilkada 2024): desks, members, institutions, contests, candidate pairs, "
        "TPS and demo accounts. Needs `import_regions --province 13` (and 14 for the outsider). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-media", action="store_true", help="leave out the demo's news items")

    def handle(self, *args, no_media: bool = False, **options):
        started = time.perf_counter()
        try:
            result = loader.load_demo(media=not no_media)
        except loader.MissingRegions as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(warning))
        if options["verbosity"] < 1:
            return
        tps = (
            "TPS already in place (skipped)"
            if result.tps_skipped
            else f"TPS: {result.tps_created} created, {result.tps_updated} updated"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded in {elapsed:.1f} s: {result.desks} desks, {result.members} members, "
                f"{result.institutions} institutions, {result.contests} contests, {result.pairs} candidate pairs; "
                f"{tps}; {result.reports_created} reports and {result.media_items_created} news items created."
            )
        )
        rows = [("username", "role", "region", "password")]
        rows += [(a["username"], a["role"], a["region"], loader.DEMO_PASSWORD) for a in result.accounts]
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        line = "+-" + "-+-".join("-" * w for w in widths) + "-+"
        self.stdout.write(line)
        for i, row in enumerate(rows):
            self.stdout.write("| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |")
            if i == 0:
                self.stdout.write(line)
        self.stdout.write(line)
        self.stdout.write("The password is set only when an account is created; an existing account keeps its own.")
