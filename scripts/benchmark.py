"""Measure the heavy paths of Desk Pilkada on a scratch database and print a markdown table.

    .venv/bin/python scripts/benchmark.py                      # a temporary SQLite file
    .venv/bin/python scripts/benchmark.py --database-url postgres://user@127.0.0.1:55432/bench --reset

Steps: (a) the full region import (91,599 regions) into an empty database, and its re-run; (b) the TPS import
of West Sumatra's 10,846-row file (the demo's rows written as CSV), and its re-run; (c) the roll-ups
`child_totals("13")`, `subtree_totals("13.75")` and the national `child_totals(None)` after generating
435,296 TPS over all 83,762 villages; (d) daily reports of the 545 desks and 7,285 districts for 60 days
(`deskpilkada.reports.generate`), then completeness for the country, a province and a city, by the engine, the API
and the matrix page; (e) the reminder job for the country (with step reports). `--steps regions,reports` skips the
TPS steps. Results and the commands used are kept in
docs/benchmarks.md.
This is a script, not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NATIONAL_TPS = 435_296
NATIONAL_DPT = 203_290_000  # "about 203 million" (KPU DPT for Pilkada 2024); only the order of magnitude matters


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="e.g. postgres://user@127.0.0.1:55432/bench (default: temp SQLite)")
    parser.add_argument(
        "--reset", action="store_true", help="Empty the given database first (flush); it must be a scratch database"
    )
    parser.add_argument("--repeat", type=int, default=3, help="Runs of each roll-up; the median is reported")
    parser.add_argument(
        "--steps",
        default="regions,tps,reports",
        help="Comma-separated steps to run: regions (a, always needed), tps (b and c), reports (d)",
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="deskpilkada-bench-"))
    os.environ["DESK_VAR_DIR"] = str(workdir)
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deskpilkada.settings")
    os.environ["DESK_EXERCISE_DATE"] = ""

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from deskpilkada.regions import services as regions
    from deskpilkada.regions.models import Region

    call_command("migrate", verbosity=0)
    if args.reset:
        call_command("flush", interactive=False, verbosity=0)
    if Region.objects.exists():
        sys.exit("The database is not empty: give a scratch database, with --reset to empty it.")

    results: list[tuple[str, str, float, int]] = []

    def measure(label: str, rows: str, func):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            value = func()
            elapsed = time.perf_counter() - started
        results.append((label, rows, elapsed, len(queries.captured_queries)))
        print(f"  {label}: {elapsed:.2f} s, {len(queries.captured_queries)} queries", file=sys.stderr, flush=True)
        return value

    def median_of(label: str, rows: str, func):
        timings, count, value = [], 0, None
        for _ in range(args.repeat):
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                value = func()
                timings.append(time.perf_counter() - started)
            count = len(queries.captured_queries)
        results.append((label, rows, statistics.median(timings), count))
        print(f"  {label}: {statistics.median(timings) * 1000:.0f} ms, {count} queries", file=sys.stderr, flush=True)
        return value

    print(f"Database: {connection.vendor} ({os.environ['DATABASE_URL'].split('@')[-1]})", file=sys.stderr)

    # (a) Regions.
    result = measure("(a) region import, empty database", "", lambda: regions.import_regions(regions.lokal_rows()))
    region_rows = sum(result.by_level.values())
    results[-1] = (results[-1][0], f"{region_rows:,}", *results[-1][2:])
    again = measure(
        "(a) region import, re-run (no change)",
        f"{region_rows:,}",
        lambda: regions.import_regions(regions.lokal_rows()),
    )
    assert again.created == again.updated == 0

    steps = {step.strip() for step in args.steps.split(",") if step.strip()}
    if "tps" in steps:
        benchmark_tps(measure, median_of, workdir)
    if "reports" in steps:
        benchmark_reports(measure, median_of, results)
    print_table(results, connection)


def benchmark_tps(measure, median_of, workdir: Path) -> None:
    from django.db import connection

    from deskpilkada.demo import loader
    from deskpilkada.demo import tps as tps_generator
    from deskpilkada.elections import services as elections
    from deskpilkada.elections.models import PollingStation
    from deskpilkada.regions import querysets
    from deskpilkada.regions.models import Region

    # (b) West Sumatra TPS file.
    election = elections.load_pilkada_2024()
    rows = loader.demo_tps_rows()
    csv_path = workdir / "tps-sumatera-barat.csv"
    csv_path.write_text(
        elections.tps_csv(
            {
                "kode_wilayah": r.village_code,
                "no_tps": f"{r.number:03d}",
                "dpt_laki_laki": r.dpt_men,
                "dpt_perempuan": r.dpt_women,
                "dpt_total": r.dpt_total,
                "lokasi": r.setting,
            }
            for r in rows
        ),
        encoding="utf-8",
    )
    imported = measure(
        "(b) TPS file import, West Sumatra",
        f"{len(rows):,}",
        lambda: elections.import_polling_stations(csv_path, election=election),
    )
    assert imported.ok and imported.created == len(rows), imported.errors[:3]
    again = measure(
        "(b) TPS file import, re-run (no change)",
        f"{len(rows):,}",
        lambda: elections.import_polling_stations(csv_path, election=election),
    )
    assert again.unchanged == len(rows)

    # (c) National-scale TPS, then the roll-ups.
    villages = list(Region.objects.filter(level=4).exclude(code__startswith="13.").values_list("code", flat=True))
    rest_tps = NATIONAL_TPS - len(rows)
    rest_dpt = NATIONAL_DPT - sum(r.dpt_total for r in rows)
    national_rows = tps_generator.generate(
        villages, tps=rest_tps, dpt=rest_dpt, dpt_men=rest_dpt // 2, seed="benchmark-national"
    )
    national = measure(
        "(c) TPS bulk import, rest of Indonesia (generated)",
        f"{len(national_rows):,}",
        lambda: elections.import_tps_rows(national_rows, election=election),
    )
    assert national.ok, national.errors[:3]

    total_tps = PollingStation.objects.count()
    assert total_tps == NATIONAL_TPS, total_tps
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    median_of('(c) child_totals("13"): 19 regencies', f"{total_tps:,} TPS", lambda: querysets.child_totals("13"))
    median_of('(c) subtree_totals("13.75")', f"{total_tps:,} TPS", lambda: querysets.subtree_totals("13.75"))
    national_totals = median_of(
        "(c) child_totals(None): 38 provinces", f"{total_tps:,} TPS", lambda: querysets.child_totals(None)
    )
    assert sum(v["tps"] for v in national_totals.values()) == NATIONAL_TPS


def benchmark_reports(measure, median_of, results: list) -> None:
    """(d) 545 desks and 7,285 districts reporting daily for 60 days; completeness at every level of the tree, by
    the engine and through the API (the whole request), as a national superuser and a province would ask."""
    import datetime as dt

    from django.db import connection
    from django.test import Client

    from deskpilkada.accounts.models import User
    from deskpilkada.core import clock
    from deskpilkada.regions.models import Region
    from deskpilkada.reports import completeness
    from deskpilkada.reports.generate import generate

    end = dt.date(2024, 11, 26)
    with clock.frozen(dt.datetime(2024, 11, 27, 10, 0, tzinfo=clock.WIB)):
        made = measure("(d) report generator: 545 desks + 7,285 districts × 60 days", "", lambda: generate(end=end))
        results[-1] = (results[-1][0], f"{made.reports:,} reports", *results[-1][2:])
        assert made.desks == 545 and made.districts == 7285, (made.desks, made.districts)
        with connection.cursor() as cursor:  # as autovacuum (PostgreSQL) and PRAGMA optimize (SQLite) would
            cursor.execute("ANALYZE")
        rows = f"{made.reports:,} reports"
        start = made.start
        national = median_of(
            "(d) completeness, the country: 37 provinces × 60 days, 3 levels",
            rows,
            lambda: completeness.completeness(made.report_set, None, start, end),
        )
        assert national.levels[2].units == 7285 and len(national.rows) == 37
        sumbar = Region.objects.get(code="13")
        median_of(
            '(d) completeness("13"): 19 regencies × 60 days, 2 levels',
            rows,
            lambda: completeness.completeness(made.report_set, sumbar, start, end),
        )
        padang = Region.objects.get(code="13.71")
        median_of(
            '(d) completeness("13.71"): 11 districts × 60 days',
            rows,
            lambda: completeness.completeness(made.report_set, padang, start, end),
        )
        admin = User.objects.create_superuser("bench-admin", "bench@example.org", "bench-only-password-1")
        client = Client()
        client.force_login(admin)

        def api(query: str):
            response = client.get(f"/api/v1/reports/completeness/?set=bench-daily&{query}")
            assert response.status_code == 200, response.content[:200]
            connection.close()
            return response

        median_of("(d) API completeness, province 13, one day", rows, lambda: api("region=13&date=2024-11-26"))
        median_of("(d) API completeness, province 31 (DKI), one day", rows, lambda: api("region=31&date=2024-11-26"))

        def page(query: str):
            response = client.get(f"/reports/completeness/?set=bench-daily&{query}")
            assert response.status_code == 200, response.content[:200]
            connection.close()
            return response

        median_of("(d) matrix page, province 13, 60 days", rows, lambda: page("region=13&to=2024-11-26&days=60"))
        median_of("(d) matrix page, the country (37 provinces), 60 days", rows, lambda: page("to=2024-11-26&days=60"))
        median_of(
            "(d) matrix page, Kota Padang (districts), 60 days",
            rows,
            lambda: page("region=13.71&to=2024-11-26&days=60"),
        )

    benchmark_reminders(measure, made)


def benchmark_reminders(measure, made) -> None:
    """(e) The reminder job for the whole country on a day nobody has reported yet (27 Nov, 19.00 WIB: districts
    and regencies of WIB overdue, provinces before their 20.00, later zones overdue at every level), then again
    (nothing new: idempotent)."""
    import datetime as dt

    from deskpilkada.core import clock
    from deskpilkada.reports import services
    from deskpilkada.reports.models import Reminder

    instant = dt.datetime(2024, 11, 27, 19, 0, tzinfo=clock.WIB)
    with clock.frozen(instant):
        created = measure(
            "(e) send_due_reminders, the country, nobody reported yet",
            "7,830 reporting regions",
            lambda: services.send_due_reminders(instant, report_sets=[made.report_set]),
        )
        assert created == Reminder.objects.filter(report_set=made.report_set).count() > 7000, created
        again = measure(
            "(e) send_due_reminders, run again (nothing new)",
            f"{created:,} reminders",
            lambda: services.send_due_reminders(instant, report_sets=[made.report_set]),
        )
        assert again == 0


def print_table(results, connection) -> None:
    import django

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    print(
        f"\nDatabase: {connection.vendor} {version}; Python {platform.python_version()}, "
        f"Django {django.get_version()}; {os.cpu_count()} cores ({cpu})\n"
    )
    print("| step | rows | time | queries |")
    print("| --- | ---: | ---: | ---: |")
    for label, rows, seconds, queries in results:
        shown = f"{seconds:.2f} s" if seconds >= 1 else f"{seconds * 1000:.0f} ms"
        print(f"| {label} | {rows} | {shown} | {queries} |")


if __name__ == "__main__":
    main()
