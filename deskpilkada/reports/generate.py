"""A national-scale report history for the benchmark (``scripts/benchmark.py``, step d): not demo data.

The 545 desks of Pilkada 2024 (37 provinces — not DI Yogyakarta, whose governor is not elected — and the 508
regencies/cities that elect, i.e. all but Jakarta's six administrative ones) and all 7,285 districts report daily for
``days`` days in a set of their own (districts by 15.00, regencies/cities by 18.00, provinces by 20.00 local time).
About 84% report on time, 9% late, 5% are missing and 2% excused; 5% of the reports are nihil. Rows are written with
``bulk_create`` (the services' per-report figures and audit trail would take hours for 470,000 reports and are not
what the benchmark measures); the generator is seeded, so every run writes the same rows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from django.db import transaction

from deskpilkada.core import clock
from deskpilkada.desks.models import Desk
from deskpilkada.regions.models import Region

from .models import Excusal, Report, ReportingLevel, ReportSet
from .rules import Rules

NON_ELECTING_PROVINCES = ("34",)  # DI Yogyakarta
ADMINISTRATIVE_REGENCIES = ("31.01", "31.71", "31.72", "31.73", "31.74", "31.75")  # DKI Jakarta
DEADLINES = {1: dt.time(20, 0), 2: dt.time(18, 0), 3: dt.time(15, 0)}
BATCH = 5000


@dataclasses.dataclass
class Generated:
    report_set: ReportSet
    desks: int
    districts: int
    days: int
    reports: int
    excusals: int
    start: dt.date
    end: dt.date


def ensure_national_desks() -> int:
    """A desk for every electing province and regency/city that has none yet; returns how many desks elect."""
    electing = Region.objects.filter(level__lte=2).exclude(code__in=NON_ELECTING_PROVINCES)
    electing = electing.exclude(code__in=ADMINISTRATIVE_REGENCIES)
    have = set(Desk.objects.values_list("region_id", flat=True))
    Desk.objects.bulk_create(
        [Desk(region=r, name=f"Desk Pilkada {r.display_name}") for r in electing if r.pk not in have],
        batch_size=BATCH,
    )
    return electing.count()


@transaction.atomic
def generate(*, end: dt.date, days: int = 60, seed: str = "benchmark-reports") -> Generated:
    desks = ensure_national_desks()
    start = end - dt.timedelta(days=days - 1)
    report_set = ReportSet.objects.create(
        code="bench-daily",
        name_id="Laporan harian (benchmark)",
        name_en="Daily report (benchmark)",
        kind=ReportSet.Kind.DAILY,
        number_prefix="BH",
        active_from=start,
    )
    ReportingLevel.objects.bulk_create(
        [ReportingLevel(report_set=report_set, level=level, deadline=at) for level, at in DEADLINES.items()]
    )
    rules = Rules.of(report_set)
    units = list(
        Region.objects.filter(level__lte=2, desk__isnull=False).values_list("pk", "code", "level", "timezone")
    ) + list(Region.objects.filter(level=3).values_list("pk", "code", "level", "timezone"))
    districts = sum(1 for u in units if u[2] == 3)
    rng = random.Random(seed)
    now = clock.now()
    reports, excusals = [], []
    written = excused = 0
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        for pk, code, level, zone in units:
            roll = rng.random()
            if roll < 0.05:
                continue  # missing
            if roll < 0.07:
                excusals.append(
                    Excusal(report_set=report_set, region_id=pk, day=day, reason="Benchmark", created_at=now)
                )
                continue
            deadline = rules.deadline(level, day, zone)
            late = roll > 0.91
            submitted = deadline + dt.timedelta(minutes=rng.randrange(10, 600) if late else -rng.randrange(5, 300))
            reports.append(
                Report(
                    report_set=report_set,
                    region_id=pk,
                    number=f"BH/{code.replace('.', '')}/{day:%Y%m%d}",
                    day=day,
                    period_start=day,
                    period_end=day,
                    status=Report.Status.RECEIVED if level > 1 else Report.Status.APPROVED,
                    situation="kondusif",
                    is_nihil=rng.random() < 0.05,
                    deadline_at=deadline,
                    submitted_at=submitted,
                    last_submitted_at=submitted,
                    approved_at=submitted,
                    received_at=submitted if level > 1 else None,
                    created_at=submitted,
                    updated_at=submitted,
                )
            )
            if len(reports) >= BATCH:
                Report.objects.bulk_create(reports, batch_size=BATCH)
                written += len(reports)
                reports = []
    Report.objects.bulk_create(reports, batch_size=BATCH)
    written += len(reports)
    Excusal.objects.bulk_create(excusals, batch_size=BATCH)
    excused += len(excusals)
    return Generated(report_set, desks, districts, days, written, excused, start, end)
