"""The media part of the West Sumatra demo: the news a province secretariat would have pasted in by the simulated day.

The articles are the evaluation set's (``media/evaluation/``): the five scraped seeds as received and the articles
written for the set, each ingested through the service as ``sekretariat-sumbar`` on the day it was published (10.00
WIB; older news on the day the desks were formed), in date order, so stories group as they would have and each
desk's media inbox holds its own signals. Written articles dated after the simulated date are left out (no news from
the future); the five seeds, the project's real input, are always in (seed 003, of 23 November, arrives on the
simulated day). Loading again adds nothing: an item is known by its fingerprint.
"""

from __future__ import annotations

import datetime as dt
import json

from deskpilkada.accounts.models import User
from deskpilkada.core import clock
from deskpilkada.core.models import Channel

from . import services
from .evaluation.runner import ARTICLES_DIR, LABELS_FILE

SIMULATED_DAY = dt.date(2024, 11, 20)
DESK_FORMATION = dt.date(2024, 10, 31)  # older news (seed 004 is from 2020) reaches the desk once it exists
POSTED_BY = "sekretariat-sumbar"
RECEIVED_AT = dt.time(10, 0)


def demo_articles(until: dt.date = SIMULATED_DAY) -> list[tuple[dt.date, str]]:
    """(date, file name) of the evaluation articles up to ``until``, and the five seeds whatever their date, oldest
    first."""
    labels = json.loads(LABELS_FILE.read_text(encoding="utf-8"))["items"]
    dated = [(dt.date.fromisoformat(label["date"]), name) for name, label in labels.items() if label.get("date")]
    return sorted((day, name) for day, name in dated if day <= until or name.startswith("seed-"))


def demo_source(name: str) -> str:
    """The outlet shown for a demo article: "Seed 000" for the scraped seeds, "Demo w12" for the written ones."""
    stem = name.removesuffix(".txt")
    if stem.startswith("seed-"):
        return f"Seed {stem[5:8]}"
    return f"Demo {stem}"


def load_media(*, channel: str = Channel.COMMAND) -> int:
    """Ingest the demo's news; returns how many items were new."""
    by = User.objects.filter(username=POSTED_BY).first()
    if by is None:
        return 0
    created = 0
    for day, name in demo_articles():
        text = (ARTICLES_DIR / name).read_text(encoding="utf-8")
        received = min(max(day, DESK_FORMATION), SIMULATED_DAY)
        with clock.frozen(dt.datetime.combine(received, RECEIVED_AT, tzinfo=clock.WIB)):
            result = services.ingest(text, by=by, channel=channel, source=demo_source(name))
        created += int(result.created)
    return created
