"""manage.py load_categories: the shipped case taxonomy and playbook (idempotent)."""

from django.core.management.base import BaseCommand

from deskpilkada.cases import taxonomy
from deskpilkada.cases.models import Category
from deskpilkada.core.models import Channel


class Command(BaseCommand):
    help = (
        "Load the case categories and their routing playbook from deskpilkada/cases/data/ (categories.csv, "
        "playbook.csv), and the default response times where none are set. Categories added in the admin are kept. "
        "Idempotent."
    )

    def handle(self, *args, **options):
        written = taxonomy.load_categories(channel=Channel.COMMAND)
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{written} categories created or updated; {Category.objects.count()} categories in total."
                )
            )
