"""Deterministic TPS rows that add up to published totals: a pure generator (no database).

The demo knows how many TPS and voters (DPT) an area has (a regency from `data/regencies.csv`, a Bukittinggi
district from `data/bukittinggi-districts.csv`) and spreads them over the area's villages: every village at
least one TPS, every TPS at most 600 voters, the sums exact. The same seed always gives the same rows.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from deskpilkada.elections.imports import MAX_VOTERS_PER_TPS, TpsRow


def split_exact(total: int, weights: Sequence[float]) -> list[int]:
    """Whole shares of ``total`` in proportion to ``weights`` that add up to ``total`` (largest remainder)."""
    weight_sum = float(sum(weights))
    raw = [total * w / weight_sum for w in weights]
    shares = [int(x) for x in raw]
    leftover = total - sum(shares)
    by_remainder = sorted(range(len(raw)), key=lambda i: (raw[i] - shares[i], -i), reverse=True)
    for i in by_remainder[:leftover]:
        shares[i] += 1
    return shares


def tps_per_village(village_count: int, tps: int, rng: random.Random) -> list[int]:
    """How many TPS each village gets: at least one each, the rest by random weights."""
    if tps < village_count:
        raise ValueError(f"{tps} TPS cannot give each of {village_count} villages one")
    extra = split_exact(tps - village_count, [rng.uniform(0.3, 1.7) for _ in range(village_count)])
    return [1 + e for e in extra]


def voters_per_tps(dpt: int, tps: int, rng: random.Random, limit: int = MAX_VOTERS_PER_TPS) -> list[int]:
    """Voters on each TPS: around the average, none above ``limit``, adding up to ``dpt``."""
    if dpt > tps * limit:
        raise ValueError(f"{dpt} voters do not fit on {tps} TPS of at most {limit}")
    counts = split_exact(dpt, [rng.uniform(0.85, 1.15) for _ in range(tps)])
    excess = sum(max(0, c - limit) for c in counts)
    counts = [min(c, limit) for c in counts]
    i = 0
    while excess:  # hand what was over the limit to TPS that have room, in turn
        room = limit - counts[i]
        if room:
            moved = min(room, excess)
            counts[i] += moved
            excess -= moved
        i = (i + 1) % tps
    return counts


def generate(
    villages: Sequence[str],
    *,
    tps: int,
    dpt: int,
    dpt_men: int,
    seed: str,
    is_generated: bool = True,
    first_line: int = 2,
) -> list[TpsRow]:
    """TPS rows for an area's villages (Kemendagri codes, in code order) matching its totals exactly."""
    rng = random.Random(seed)
    villages = sorted(villages)
    per_village = tps_per_village(len(villages), tps, rng)
    voters = voters_per_tps(dpt, tps, rng)
    men = split_exact(dpt_men, voters)
    rows = []
    k = 0
    for village, count in zip(villages, per_village, strict=True):
        for number in range(1, count + 1):
            rows.append(
                TpsRow(
                    line=first_line + k,
                    village_code=village,
                    number=number,
                    dpt_men=men[k],
                    dpt_women=voters[k] - men[k],
                    setting="dalam" if rng.random() < 0.35 else "luar",
                    is_generated=is_generated,
                )
            )
            k += 1
    return rows
