"""The pure TPS generator: exact totals, at most 600 voters, every village served, same seed same rows."""

import random

import pytest

from deskpilkada.demo import tps


@pytest.mark.parametrize(
    ("total", "weights", "expected"),
    [(10, [1, 1], [5, 5]), (10, [1, 1, 1], [4, 3, 3]), (7, [0.5, 0.25, 0.25], [3, 2, 2]), (0, [1, 2], [0, 0])],
)
def test_split_exact_keeps_the_total(total, weights, expected):
    assert tps.split_exact(total, weights) == expected


def test_every_village_gets_at_least_one_tps():
    counts = tps.tps_per_village(50, 60, random.Random(1))
    assert len(counts) == 50 and min(counts) >= 1 and sum(counts) == 60


def test_too_few_tps_for_the_villages_is_refused():
    with pytest.raises(ValueError):
        tps.tps_per_village(5, 4, random.Random(1))


def test_voters_are_capped_at_600_per_tps_and_add_up():
    counts = tps.voters_per_tps(5990, 10, random.Random(3))
    assert sum(counts) == 5990 and max(counts) <= 600


def test_more_voters_than_the_tps_can_hold_is_refused():
    with pytest.raises(ValueError):
        tps.voters_per_tps(6001, 10, random.Random(3))


def test_generate_matches_the_totals_and_is_deterministic():
    villages = [f"99.01.01.{2000 + i}" for i in range(1, 8)]
    rows = tps.generate(villages, tps=75, dpt=34_449, dpt_men=16_919, seed="x")
    assert len(rows) == 75
    assert sum(r.dpt_total for r in rows) == 34_449 and sum(r.dpt_men for r in rows) == 16_919
    assert {r.village_code for r in rows} == set(villages)
    assert all(r.dpt_total <= 600 and r.dpt_men <= r.dpt_total and r.is_generated for r in rows)
    assert rows == tps.generate(villages, tps=75, dpt=34_449, dpt_men=16_919, seed="x")
    assert rows != tps.generate(villages, tps=75, dpt=34_449, dpt_men=16_919, seed="y")
