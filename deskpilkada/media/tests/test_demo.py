"""The demo's news: the seeds and the written articles up to the simulated day, in the desks' media inboxes."""

from __future__ import annotations

import datetime as dt

import pytest

from deskpilkada.media import demo
from deskpilkada.media.models import Item, Signal, Story

pytestmark = pytest.mark.django_db


def test_only_news_up_to_the_simulated_day_is_loaded():
    articles = demo.demo_articles()
    assert all(day <= demo.SIMULATED_DAY for day, name in articles if not name.startswith("seed-"))
    names = [name for _, name in articles]
    assert sum(name.startswith("seed-") for name in names) == 5
    assert names == [name for _, name in sorted(articles)]  # oldest first: stories grow as they did
    assert len(demo.demo_articles(until=dt.date(2030, 1, 1))) > len(articles)  # some written ones are later


def test_the_demo_news_fills_the_bukittinggi_payakumbuh_and_solok_inboxes():
    created = demo.load_media()
    assert created == len(demo.demo_articles()) == Item.objects.count()
    seeds = {i.source.removeprefix("Seed "): i for i in Item.objects.filter(source__startswith="Seed ")}
    assert seeds["000"].story_id == seeds["001"].story_id
    assert len({seeds[n].story_id for n in seeds}) == 4
    assert seeds["004"].is_old and seeds["004"].main_region.code == "13.02"
    for code, seed in (("13.75", "000"), ("13.75", "002"), ("13.76", "003"), ("13.02", "004")):
        assert Signal.objects.filter(desk__region__code=code, story=seeds[seed].story).exists(), (code, seed)
    assert Story.objects.count() < Item.objects.count()  # rewrites joined their stories


def test_loading_again_adds_nothing():
    demo.load_media()
    items, signals = Item.objects.count(), Signal.objects.count()
    assert demo.load_media() == 0
    assert (Item.objects.count(), Signal.objects.count()) == (items, signals)
