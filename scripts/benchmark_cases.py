"""Measure the case pages and API with national-scale case data on a scratch database; print a markdown table.

    .venv/bin/python scripts/benchmark_cases.py                       # a temporary SQLite file
    .venv/bin/python scripts/benchmark_cases.py --cases 300000 --database-url postgres://u@127.0.0.1:55432/bench --reset

Sets up the whole region tree and the West Sumatra demo, gives every province and regency/city a desk, then
generates ``--cases`` cases over all 83,762 villages (a quarter of them routed, some actions overdue; Kota
Bukittinggi gets its share like any regency) with bulk inserts, and times the hot reads as the demo personas see
them, through Django's test client (the whole request: access path, queries, template): the regency inbox, the
province inbox over its whole subtree, a filtered inbox, the map, the overdue list, the report form's duplicate
check, and the API list. Each is the median of ``--repeat`` runs. This is a script, not a test: timings depend on
the machine. Results and commands: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="e.g. postgres://user@127.0.0.1:55432/bench (default: temp SQLite)")
    parser.add_argument("--reset", action="store_true", help="Empty the given database first (flush)")
    parser.add_argument("--cases", type=int, default=200_000, help="How many cases to generate (default 200,000)")
    parser.add_argument("--repeat", type=int, default=5, help="Runs of each request; the median is reported")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="deskpilkada-bench-cases-"))
    os.environ["DESK_VAR_DIR"] = str(workdir)
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deskpilkada.settings")
    os.environ["DESK_EXERCISE_DATE"] = "2024-11-20"
    os.environ["DJANGO_DEBUG"] = "1"

    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from deskpilkada.regions.models import Region

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.MEDIA_ROOT = workdir / "media"
    call_command("migrate", verbosity=0)
    if args.reset:
        call_command("flush", interactive=False, verbosity=0)
    if Region.objects.exists():
        sys.exit("The database is not empty: give a scratch database, with --reset to empty it.")

    print("Setting up: region tree, demo, desks, cases ...", file=sys.stderr, flush=True)
    call_command("import_regions", verbosity=0)
    call_command("load_demo", "--no-media", verbosity=0)
    desks = give_every_region_a_desk()
    generated = generate_cases(args.cases, desks)
    print(f"  {generated:,} cases generated", file=sys.stderr, flush=True)
    # Planner statistics as a running database has them: autovacuum analyzes PostgreSQL's tables within a minute
    # of a bulk load (before that, the map took 5.7 s on a plan made for empty tables); on SQLite the project's
    # backend runs PRAGMA optimize when a connection closes.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    connection.close()

    from deskpilkada.accounts.models import User

    requests = [
        ("regency inbox (Kota Bukittinggi desk)", "sekretariat-bukittinggi", "/cases/"),
        ("province inbox, its own cases (Sumatera Barat)", "sekretariat-sumbar", "/cases/?desk=13"),
        ("province inbox, whole subtree", "sekretariat-sumbar", "/cases/?desk=13&scope=region"),
        (
            "province subtree, filtered (open, high, one regency)",
            "sekretariat-sumbar",
            "/cases/?desk=13&scope=region&status=ditangani&severity=tinggi&region=13.71",
        ),
        ("map of the province's open cases", "sekretariat-sumbar", "/cases/map/"),
        ("overdue actions, per institution", "sekretariat-sumbar", "/cases/overdue/"),
        ("village operator's inbox", "operator-bukittinggi", "/cases/"),
        ("API: GET /api/v1/cases/ (province)", "sekretariat-sumbar", "/api/v1/cases/"),
    ]
    total_cases = _count_cases()
    results = []
    for label, username, path in requests:
        client = Client()
        client.force_login(User.objects.get(username=username))
        timings, queries, status = [], 0, None
        for _ in range(args.repeat):
            reset_queries()  # the setup overflowed the query log, which CaptureQueriesContext indexes into
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(path, HTTP_ACCEPT_LANGUAGE="id")
                timings.append(time.perf_counter() - started)
            # As after every request in production (CONN_MAX_AGE=0); the test client keeps the connection open.
            connection.close()
            queries, status = len(captured.captured_queries), response.status_code
        if status != 200:
            sys.exit(f"{path} as {username} answered {status}")
        median = statistics.median(timings)
        results.append((label, f"`{path}`", median, queries))
        print(f"  {label}: {median * 1000:.0f} ms, {queries} queries", file=sys.stderr, flush=True)

    if connection.vendor == "postgresql":
        database = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 100}"
    else:
        import sqlite3

        database = f"SQLite {sqlite3.sqlite_version}"
    print(f"\n{database}, {total_cases:,} cases, median of {args.repeat}\n")
    print("| request | path | time | queries |")
    print("| --- | --- | ---: | ---: |")
    for label, path, seconds, queries in results:
        print(f"| {label} | {path} | {seconds * 1000:.0f} ms | {queries} |")


def give_every_region_a_desk() -> dict[str, int]:
    """A desk for every province and regency/city the demo did not cover (bulk insert). Returns code → desk id."""
    from deskpilkada.desks.models import Desk
    from deskpilkada.regions.models import Region

    missing = Region.objects.filter(level__lte=2, desk__isnull=True)
    Desk.objects.bulk_create(
        [Desk(region=region, name=f"Desk Pilkada {region.display_name}") for region in missing], batch_size=500
    )
    return dict(Desk.objects.values_list("region__code", "pk"))


def generate_cases(count: int, desks: dict[str, int]) -> int:
    """``count`` cases over every village, each handled by its regency/city desk, in bulk (not through services:
    this measures reads, and 200,000 audited submissions would only measure the writes)."""
    from deskpilkada.accounts.models import User
    from deskpilkada.cases.models import Case, Category, RoutedAction, Severity
    from deskpilkada.core import clock
    from deskpilkada.desks.models import Institution
    from deskpilkada.regions.models import Region

    rng = random.Random(2024)
    villages = list(Region.objects.filter(level=4).values_list("pk", "code"))
    categories = list(Category.objects.values_list("pk", flat=True))
    reporter = User.objects.get(username="sekretariat-bukittinggi")
    institutions = dict(Institution.objects.filter(kind="bawaslu").values_list("region__code", "pk"))
    fallback_institution = next(iter(institutions.values()))
    statuses = [
        (Case.Status.NEW, 25),
        (Case.Status.VERIFIED, 15),
        (Case.Status.IN_HANDLING, 25),
        (Case.Status.RESOLVED, 25),
        (Case.Status.REJECTED, 7),
        (Case.Status.MERGED, 3),
    ]
    status_values, status_weights = zip(*statuses, strict=True)
    severities = list(Severity.values)
    now = clock.now()
    first_day = dt.datetime(2024, 9, 23, 8, 0, tzinfo=clock.WIB)  # the campaign's first day
    span = (now - first_day).total_seconds()
    batch: list[Case] = []
    made = 0
    for i in range(count):
        village_pk, code = villages[i % len(villages)] if i < len(villages) else rng.choice(villages)
        occurred = first_day + dt.timedelta(seconds=rng.random() * span)
        batch.append(
            Case(
                number=f"G-{i:07d}",
                kind=Case.Kind.INCIDENT,
                status=rng.choices(status_values, status_weights)[0],
                region_id=village_pk,
                desk_id=desks[code[:5]],
                occurred_at=occurred,
                occurred_on=occurred.astimezone(clock.WIB).date(),
                category_id=rng.choice(categories),
                severity=rng.choice(severities),
                title=f"[Generated] Laporan {i}",
                description="Data buatan untuk pengukuran kinerja.",
                channel="import",
                reported_by=reporter,
                created_at=occurred + dt.timedelta(minutes=30),
                updated_at=occurred + dt.timedelta(minutes=30),
            )
        )
        if len(batch) == 2000:
            made += _store(batch, institutions, fallback_institution, now, rng, Case, RoutedAction)
            batch = []
    if batch:
        made += _store(batch, institutions, fallback_institution, now, rng, Case, RoutedAction)
    return made


def _store(batch, institutions, fallback_institution, now, rng, Case, RoutedAction) -> int:
    created = Case.objects.bulk_create(batch, batch_size=500)
    if created[0].pk is None:  # SQLite before 3.35 returns no ids; read them back by number
        ids = dict(Case.objects.filter(number__in=[c.number for c in created]).values_list("number", "pk"))
        for case in created:
            case.pk = ids[case.number]
    actions = [
        RoutedAction(
            case_id=case.pk,
            institution_id=institutions.get(_regency_code(case), fallback_institution),
            description="Tindak lanjuti laporan.",
            due_at=case.created_at + dt.timedelta(hours=rng.choice([6, 24, 72, 168])),
            status=RoutedAction.Status.OPEN,
            created_at=case.created_at,
        )
        for case in created
        if case.status == Case.Status.IN_HANDLING
    ]
    RoutedAction.objects.bulk_create(actions, batch_size=500)
    return len(created)


_DESK_CODES: dict[int, str] = {}


def _regency_code(case) -> str:
    """The regency/city code of a generated case (its desk's region), read once per desk."""
    if case.desk_id not in _DESK_CODES:
        from deskpilkada.desks.models import Desk

        _DESK_CODES.update(dict(Desk.objects.values_list("pk", "region__code")))
    return _DESK_CODES[case.desk_id]


def _count_cases() -> int:
    from deskpilkada.cases.models import Case

    return Case.objects.count()


if __name__ == "__main__":
    main()
