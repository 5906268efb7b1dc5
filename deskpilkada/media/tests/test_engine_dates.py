"""Dates as Indonesian newsrooms write them, and the year of a date written without one."""

import datetime as dt
from collections import Counter

import pytest

from deskpilkada.media.engine import dates


@pytest.mark.parametrize(
    ("text", "day", "month", "year", "weekday"),
    [
        ("Kegiatan berlangsung Selasa 5 November 2024.", 5, 11, 2024, 1),
        ("Kegiatan berlangsung Selasa, 5 Nov 2024 di Pariaman.", 5, 11, 2024, 1),
        ("di aula Balaikota, Senin (7/10).", 7, 10, None, 0),
        ("di Pendopo Rumah Dinas, Sabtu (23/11/2024).", 23, 11, 2024, 5),
        ("di Nusa Dua Bali pada Kamis (27/2).", 27, 2, None, 3),
        ("Nov 5, 2024 - 22:13", 5, 11, 2024, None),
        ("Rabu 27 November malam petugas masih menghitung.", 27, 11, None, 2),
        ("published 2024-11-05T22:13:00+07:00", 5, 11, 2024, None),
    ],
)
def test_forms_are_found(text, day, month, year, weekday):
    [found] = dates.find_dates(text)
    assert (found.day, found.month, found.year, found.weekday) == (day, month, year, weekday)


def test_a_bare_fraction_is_not_a_date():
    assert dates.find_dates("Perolehan suara 3/4 dari total dan skor 2-1.") == []


def test_ranges_share_their_month_and_year():
    found = dates.find_dates("Kampanye dimulai 25 September hingga 23 November 2024, lalu 24 hingga 26 November.")
    resolved = dates.resolve(found, reference=None, years=Counter({2024: 1}))
    assert [d.date for d in resolved] == [
        dt.date(2024, 9, 25),
        dt.date(2024, 11, 23),
        dt.date(2024, 11, 24),
        dt.date(2024, 11, 26),
    ]


@pytest.mark.parametrize(
    ("text", "reference", "years", "context", "expected"),
    [
        # The weekday decides against the publication year's neighbours.
        ("Senin (7/10)", dt.date(2024, 10, 8), {}, (), dt.date(2024, 10, 7)),
        # Thursday 27 February is 2020, not 2024 (a Tuesday), though the page lists 2024 headlines.
        ("Kamis (27/2)", None, {2020: 4, 2024: 2}, (), dt.date(2020, 2, 27)),
        # Across the new year: published 3 January 2025, "Selasa (31/12)" is the day before yesterday.
        ("Selasa (31/12)", dt.date(2025, 1, 3), {}, (), dt.date(2024, 12, 31)),
        # No year and no publication date: the year the caller knows (the current election's).
        ("Sabtu (23/11)", None, {}, (2024,), dt.date(2024, 11, 23)),
        # A named year whose calendar does not fit the weekday gives way to the one that does.
        ("Sabtu (23/11)", None, {2016: 2}, (2024,), dt.date(2024, 11, 23)),
        # Without a weekday, the date nearest the publication date.
        ("(30/12)", dt.date(2025, 1, 2), {}, (), dt.date(2024, 12, 30)),
    ],
)
def test_yearless_dates(text, reference, years, context, expected):
    resolved = dates.resolve(dates.find_dates(text), reference=reference, years=Counter(years), context_years=context)
    assert resolved[0].date == expected


def test_no_year_anywhere_means_no_date_rather_than_a_guess():
    assert dates.resolve(dates.find_dates("Sabtu (23/11)"), reference=None, years=Counter()) == []


def test_law_numbers_are_not_years_of_the_news():
    assert dates.named_years("Pasal 187A UU Nomor 10 Tahun 2016 dan PKPU 8/2024 pada Pilkada 2020") == Counter(
        {2020: 1}
    )


def test_future_dates_are_not_the_event():
    found = dates.find_dates("pada Pilkada 27 November mendatang. FGD digelar Senin (7/10).")
    resolved = dates.resolve(found, reference=None, years=Counter({2024: 1}))
    assert resolved[0].tense == "future"
    assert dates.main_event_date(resolved, lead_end=1000).date == dt.date(2024, 10, 7)


@pytest.mark.parametrize("cue", ["dijanjikan tiba paling lambat", "ditargetkan rampung", "selambat-lambatnya"])
def test_a_deadline_ahead_is_not_the_event(cue):
    text = f"Penggantinya {cue} Selasa (26/11) pagi. Distribusi logistik dimulai Senin (25/11) dari gudang KPU."
    resolved = dates.resolve(dates.find_dates(text), reference=None, years=Counter({2024: 1}))
    assert resolved[0].tense == "future"
    assert dates.main_event_date(resolved, lead_end=len(text)).date == dt.date(2024, 11, 25)


def test_the_newsroom_form_names_the_event_day():
    text = "pengamanan TPS pada hari pemungutan suara, Rabu 27 November 2024. Apel digelar Selasa (26/11/2024)."
    resolved = dates.resolve(dates.find_dates(text), reference=None, years=Counter({2024: 2}))
    assert dates.main_event_date(resolved, lead_end=len(text)).date == dt.date(2024, 11, 26)


def test_header_and_metadata_dates():
    assert dates.parse_header_date(["Nov 23, 2024 - 20:25"]) == dt.date(2024, 11, 23)
    assert dates.parse_iso("2024-11-05T22:13:00+07:00") == dt.date(2024, 11, 5)
    assert dates.parse_iso("kemarin") is None
