"""Formatting filters: Indonesian first, English when the user picks it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from deskpilkada.core.templatetags import desk_format

INSTANT = dt.datetime(2024, 11, 27, 5, 30, tzinfo=dt.UTC)  # 12.30 WIB, 13.30 WITA, 14.30 WIT


def render(source: str, **context) -> str:
    return Template("{% load desk_format %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "Rabu, 27 November 2024"), ("en", "Wednesday, 27 November 2024")],
)
def test_long_date_follows_the_language(language, expected):
    with translation.override(language):
        assert render("{{ day|long_date }}", day=dt.date(2024, 11, 27)) == expected


def test_long_date_reads_an_iso_date_kept_as_text_and_leaves_other_text_alone():
    with translation.override("id"):
        assert desk_format.long_date("2024-11-27") == "Rabu, 27 November 2024"
        assert desk_format.long_date("kemarin") == "kemarin"


def test_long_date_of_an_instant_is_the_local_day_of_its_zone():
    late_evening_utc = dt.datetime(2024, 11, 26, 18, 0, tzinfo=dt.UTC)  # 01.00 WIB on the 27th
    with translation.override("id"):
        assert desk_format.long_date(late_evening_utc) == "Rabu, 27 November 2024"
        assert desk_format.long_date(late_evening_utc.replace(hour=16), "WIB") == "Selasa, 26 November 2024"


@pytest.mark.parametrize(
    ("zone", "expected_id", "expected_en"),
    [("WIB", "12.30 WIB", "12:30 WIB"), ("WITA", "13.30 WITA", "13:30 WITA"), ("WIT", "14.30 WIT", "14:30 WIT")],
)
def test_local_time_shows_the_zone_and_its_clock(zone, expected_id, expected_en):
    with translation.override("id"):
        assert render('{{ instant|local_time:"' + zone + '" }}', instant=INSTANT) == expected_id
    with translation.override("en"):
        assert render('{{ instant|local_time:"' + zone + '" }}', instant=INSTANT) == expected_en


def test_local_time_defaults_to_wib_and_ignores_an_unknown_zone():
    with translation.override("id"):
        assert desk_format.local_time(INSTANT) == "12.30 WIB"
        assert desk_format.local_time(INSTANT, "XYZ") == "12.30 WIB"


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        (57.15, "id", "57,15%"),
        (Decimal("57.145"), "id", "57,15%"),
        ("63", "id", "63,00%"),
        (57.15, "en", "57.15%"),
        (None, "id", ""),
        ("not a number", "id", ""),
    ],
)
def test_percent_uses_the_decimal_comma_in_indonesian(value, language, expected):
    with translation.override(language):
        assert desk_format.percent(value) == expected


def test_percent_takes_the_number_of_decimals():
    with translation.override("id"):
        assert render("{{ value|percent:1 }}", value=71.26) == "71,3%"


@pytest.mark.parametrize(("offset", "label"), [(-7, "H-7"), (0, "H"), (3, "H+3"), (-1, "H-1")])
def test_h_label_of_a_day_offset(offset, label):
    assert desk_format.h_label(offset) == label


def test_h_label_of_a_date_against_the_election():
    class Election:
        voting_day = dt.date(2024, 11, 27)

    assert render("{{ day|h_label:election }}", day=dt.date(2024, 11, 20), election=Election()) == "H-7"
    assert desk_format.h_label(dt.date(2024, 11, 28), Election()) == "H+1"


@pytest.mark.parametrize(
    ("phone", "masked"),
    [("081234565678", "0812******78"), ("+6281234565678", "+628********78"), ("12345", "1***5"), ("", "")],
)
def test_mask_phone_keeps_the_ends(phone, masked):
    assert desk_format.mask_phone(phone) == masked


def test_mask_email_keeps_the_first_letter_and_the_domain():
    assert desk_format.mask_email("budi.santoso@bukittinggikota.go.id") == "b***@bukittinggikota.go.id"


def test_numbers_use_the_indonesian_thousand_separator_in_templates():
    with translation.override("id"):
        assert Template("{{ n }}").render(Context({"n": 97517})) == "97.517"
    with translation.override("en"):
        assert Template("{{ n }}").render(Context({"n": 97517})) == "97,517"
