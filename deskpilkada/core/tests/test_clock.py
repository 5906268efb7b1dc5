import datetime as dt

import pytest

from deskpilkada.core import clock


def test_frozen_clock_pins_now_and_today():
    instant = dt.datetime(2024, 11, 26, 17, 30, tzinfo=dt.UTC)  # 00:30 WIB, 01:30 WITA, 02:30 WIT on the 27th
    with clock.frozen(instant):
        assert clock.now() == instant
        assert clock.today("WIB") == dt.date(2024, 11, 27)


def test_local_midnight_falls_on_different_days_across_zones():
    instant = dt.datetime(2024, 11, 26, 16, 30, tzinfo=dt.UTC)  # 23:30 WIB, 00:30 WITA, 01:30 WIT
    assert clock.local_day_of(instant, "WIB") == dt.date(2024, 11, 26)
    assert clock.local_day_of(instant, "WITA") == dt.date(2024, 11, 27)
    assert clock.local_day_of(instant, "WIT") == dt.date(2024, 11, 27)


def test_frozen_refuses_naive_datetimes():
    with pytest.raises(ValueError, match="aware"), clock.frozen(dt.datetime(2024, 11, 20, 10, 0)):
        pass


def test_exercise_date_fixes_the_date_and_keeps_the_time_of_day(settings, monkeypatch, demo_clock):
    settings.DESK_EXERCISE_DATE = "2024-11-20"
    real_instant = dt.datetime(2026, 11, 25, 3, 15, tzinfo=dt.UTC)  # 10:15 WIB
    monkeypatch.setattr(clock, "_frozen_at", None)
    monkeypatch.setattr(clock.timezone, "now", lambda: real_instant)
    simulated = clock.now()
    assert simulated.astimezone(clock.WIB).date() == dt.date(2024, 11, 20)
    assert simulated.astimezone(clock.WIB).time() == dt.time(10, 15)
    assert clock.is_simulated()


def test_without_exercise_date_now_is_the_real_clock(settings, monkeypatch):
    settings.DESK_EXERCISE_DATE = None
    real_instant = dt.datetime(2026, 11, 25, 3, 15, tzinfo=dt.UTC)
    monkeypatch.setattr(clock, "_frozen_at", None)
    monkeypatch.setattr(clock.timezone, "now", lambda: real_instant)
    assert clock.now() == real_instant
    assert not clock.is_simulated()
