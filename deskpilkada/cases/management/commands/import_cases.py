"""manage.py import_cases FILE --user USERNAME: import cases from a CSV or XLSX file (docs/data-formats.md)."""

from django.core.management.base import BaseCommand, CommandError

from deskpilkada.accounts.models import User
from deskpilkada.cases import imports


class Command(BaseCommand):
    help = (
        "Import cases from a CSV or XLSX file, reported by USERNAME (who must be allowed to report in every row's "
        "region). All or nothing: a file with any bad row imports nothing and every bad line is listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (comma or semicolon, UTF-8 with or without BOM) or XLSX file")
        parser.add_argument("--user", required=True, help="Username of the account the cases are reported by")

    def handle(self, *args, file, user, **options):
        reporter = User.objects.filter(username=user, is_active=True).first()
        if reporter is None:
            raise CommandError(f"No active user named {user!r}.")
        try:
            result = imports.import_cases(file, by=reporter, filename=str(file))
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        if result.errors:
            for line, message in result.errors:
                self.stderr.write(f"line {line}: {message}")
            raise CommandError(f"{len(result.errors)} problem(s) found; nothing was imported.")
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS(f"{len(result.created)} cases imported."))
            for case in result.created:
                self.stdout.write(f"  {case.number}  {case.title}")
