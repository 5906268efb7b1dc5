"""manage.py ingest_media PATH... : send news files (text, HTML, zip archives, directories of them) through the
same ingest as the pages and the API, e.g. a desk's archive of clippings. Idempotent: a file sent again returns
its first item."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from deskpilkada.accounts.models import User
from deskpilkada.core.models import Channel
from deskpilkada.media import files, services


class Command(BaseCommand):
    help = "Ingest news files (.txt, .html, .zip, or directories of them): analyse, group into stories, signal."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--source", default="", help="the outlet's name for every file (default: the file name)")
        parser.add_argument(
            "--user", help="send as this account (its regions decide what is in scope); default: the system"
        )

    def handle(self, *args, paths: list[Path], source: str = "", user: str | None = None, **options):
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"not found: {', '.join(missing)} (nothing was ingested)")
        sender = None
        if user:
            sender = User.objects.filter(username=user, is_active=True).first()
            if sender is None:
                raise CommandError(f"no active account {user!r} (nothing was ingested)")
            if not services.can_post(sender):
                raise CommandError(f"{user} may not send news items (nothing was ingested)")
        contents = files.expand_archives((p.name, p.read_bytes()) for p in files.news_paths(paths))
        if not contents:
            raise CommandError("no news files (.txt, .html, .htm, .zip) found")
        outcomes: Counter = Counter()
        for name, content in contents:
            try:
                result = services.ingest(content, by=sender, channel=Channel.COMMAND, source=source or name)
            except PermissionDenied as error:  # the account lost its role meanwhile
                raise CommandError(str(error)) from error
            item = result.item
            if not result.created:
                outcome = "again"
            elif item.story_id is None:
                outcome = item.status
            else:
                outcome = "new story" if item.story.item_count == 1 else "joined"
            outcomes[outcome] += 1
            region = item.main_region.code if item.main_region_id else "-"
            story = f"story {item.story_id}" if item.story_id else "no story"
            scope = "" if result.in_scope else " (outside the sender's regions)"
            self.stdout.write(f"{name}: {outcome}; {story}; {region}; {item.category or '-'}{scope}")
        summary = ", ".join(f"{n} {what}" for what, n in sorted(outcomes.items()))
        self.stdout.write(self.style.SUCCESS(f"{len(contents)} files: {summary}"))
