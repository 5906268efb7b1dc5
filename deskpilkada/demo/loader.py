"""The West Sumatra demo scenario (Pilkada 2024), loaded through the project's own services.

Facts come from the files in ``data/`` (see ``data/README.md`` for what is real and what is invented). Every
write goes through a service (elections, desks, accounts) with channel COMMAND, so the demo leaves the same
audit trail as real use. Loading twice changes nothing; the second run skips the TPS generation when the
province's totals are already in place.

The case taxonomy is loaded with it (``cases.taxonomy.load_categories``), then a handful of demo cases
(``data/cases.csv``, titles starting "[Demo]") are replayed through the case services at the instants the file
gives (the clock is frozen at each step), so that they stand at different points of their life on the demo date:
new, verified, in handling (one action overdue), resolved with closing evidence, escalated. A case whose intake key
is already stored is skipped.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import struct
import zlib
from decimal import Decimal
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Sum

from deskpilkada.accounts import services as accounts
from deskpilkada.accounts.models import User
from deskpilkada.cases import services as cases
from deskpilkada.cases import taxonomy
from deskpilkada.cases.models import Category, IntakeKey
from deskpilkada.core import clock
from deskpilkada.core.models import Channel
from deskpilkada.desks import services as desks
from deskpilkada.desks.models import Desk, DeskMember, Institution
from deskpilkada.elections import services as elections
from deskpilkada.elections.models import CandidatePair, Contest, Election, PollingStation
from deskpilkada.media import demo as media_demo
from deskpilkada.regions.models import Region
from deskpilkada.reports import demo as report_demo

from . import tps as tps_generator

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO_PASSWORD = "pilkada2024"  # noqa: S105 - the documented password of the demo accounts
PROVINCE = "13"
OUTSIDER_PROVINCE = "14"
TPS_SEED = "desk-pilkada-demo-2024"
CHANNEL = Channel.COMMAND


class MissingRegions(Exception):
    """The region tree of West Sumatra is not imported yet."""


@dataclasses.dataclass
class DemoResult:
    election: Election
    desks: int = 0
    members: int = 0
    institutions: int = 0
    contests: int = 0
    pairs: int = 0
    tps_created: int = 0
    tps_updated: int = 0
    tps_skipped: bool = False
    categories: int = 0
    cases: int = 0
    cases_created: int = 0
    reports_created: int = 0
    media_items_created: int = 0
    accounts: list[dict[str, str]] = dataclasses.field(default_factory=list)
    warnings: list[str] = dataclasses.field(default_factory=list)


def read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def expected_totals() -> dict[str, int]:
    """The province's TPS and DPT as the data files state them (10,846 TPS, 4,103,084 voters)."""
    rows = read_csv("regencies.csv")
    return {"tps": sum(int(r["tps"]) for r in rows), "dpt": sum(int(r["dpt"]) for r in rows)}


@transaction.atomic
def load_demo(*, media: bool = True) -> DemoResult:
    """The whole scenario; ``media=False`` leaves out the news items (the test suite ingests its own)."""
    if not Region.objects.filter(code=PROVINCE).exists():
        raise MissingRegions("West Sumatra (13) is not in the database: run `manage.py import_regions --province 13`.")
    election = elections.load_pilkada_2024(channel=CHANNEL)
    result = DemoResult(election=election)
    wanted = {r["region"] for r in read_csv("desks.csv")} | {r["region"] for r in read_csv("accounts.csv")}
    regions = Region.objects.in_bulk(wanted, field_name="code")
    _load_desks(result, regions)
    _load_institutions(result)
    _load_contests(result, election)
    _load_region_settings(election)
    _load_tps(result, election)
    _load_accounts(result, regions)
    result.categories = taxonomy.load_categories(channel=CHANNEL)
    _load_cases(result)
    result.reports_created = report_demo.load_reports(election, channel=CHANNEL)
    if media:
        result.media_items_created = media_demo.load_media(channel=CHANNEL)
    return result


def _load_desks(result: DemoResult, regions: dict[str, Region]) -> None:
    desk_by_region = {d.region.code: d for d in Desk.objects.select_related("region")}
    for row in read_csv("desks.csv"):
        region = regions.get(row["region"])
        if region is None:
            result.warnings.append(
                f"Region {row['region']} is not imported: no {row['name']} (import_regions --province "
                f"{row['region'][:2]})."
            )
            continue
        desk = desk_by_region.get(row["region"])
        wanted = {"name": row["name"], "formed_on": _date(row["formed_on"])}
        if desk is None or any(getattr(desk, f) != v for f, v in wanted.items()):
            desk, _created = desks.save_desk(region, **wanted, channel=CHANNEL)
            desk_by_region[row["region"]] = desk
        result.desks += 1
    existing = {(m.desk.region.code, m.order): m for m in DeskMember.objects.select_related("desk__region")}
    for row in read_csv("desk-members.csv"):
        desk = desk_by_region.get(row["desk"])
        if desk is None or row["desk"] not in regions:
            continue
        wanted = {
            "name": row["name"],
            "position": row["position"],
            "institution_name": row["institution_name"],
            "role": row["role"],
            "is_demo": row["is_demo"] == "1",
        }
        member = existing.get((row["desk"], int(row["order"])))
        if member is None or any(getattr(member, f) != v for f, v in wanted.items()):
            desks.save_member(desk, order=int(row["order"]), **wanted, channel=CHANNEL)
        result.members += 1


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _load_institutions(result: DemoResult) -> None:
    rows = read_csv("institutions.csv")
    regions = Region.objects.in_bulk({r["region"] for r in rows}, field_name="code")
    existing = {i.code: (i.name, i.kind, i.region_id) for i in Institution.objects.all()}
    for row in rows:
        region = regions[row["region"]]
        if existing.get(row["code"]) != (row["name"], row["kind"], region.pk):
            desks.save_institution(row["code"], name=row["name"], kind=row["kind"], region=region, channel=CHANNEL)
        result.institutions += 1


def _load_contests(result: DemoResult, election: Election) -> None:
    pairs = read_csv("candidate-pairs.csv")
    regions = Region.objects.in_bulk({PROVINCE} | {r["code"] for r in read_csv("regencies.csv")}, field_name="code")
    contests = {c.region.code: c for c in election.contests.select_related("region")}
    for code in sorted(regions):
        contest = contests.get(code)
        if contest is None or contest.kind != Contest.kind_for(regions[code]):
            contests[code], _created = elections.save_contest(election, regions[code], channel=CHANNEL)
        result.contests += 1
    existing = {
        (p.contest.region.code, p.ballot_number): (p.head_name, p.deputy_name, p.nomination, p.is_demo)
        for p in CandidatePair.objects.filter(contest__election=election).select_related("contest__region")
    }
    for row in pairs:
        key = (row["region"], int(row["ballot_number"]))
        if existing.get(key) == (row["head_name"], row["deputy_name"], row["nomination"], True):
            result.pairs += 1
            continue
        elections.save_candidate_pair(
            contests[row["region"]],
            ballot_number=int(row["ballot_number"]),
            head_name=row["head_name"],
            deputy_name=row["deputy_name"],
            nomination=row["nomination"],
            is_demo=True,
            channel=CHANNEL,
        )
        result.pairs += 1


def _load_region_settings(election: Election) -> None:
    for row in read_csv("region-settings.csv"):
        elections.save_region_setting(
            election,
            Region.objects.get(code=row["region"]),
            turnout_target=Decimal(row["turnout_target"]) if row["turnout_target"] else None,
            historical_turnout=Decimal(row["historical_turnout"]) if row["historical_turnout"] else None,
            historical_turnout_source=row["historical_turnout_source"],
            channel=CHANNEL,
        )


def province_tps_totals(election: Election) -> dict[str, int]:
    totals = (
        PollingStation.objects.filter(election=election).within(PROVINCE).aggregate(n=Count("pk"), dpt=Sum("dpt_total"))
    )
    return {"tps": totals["n"], "dpt": totals["dpt"] or 0}


def demo_tps_rows() -> list:
    """Every demo TPS of West Sumatra as import rows: Bukittinggi by district, the other 18 by regency."""
    villages: dict[str, list[str]] = {}
    for code in Region.objects.filter(level=4, code__below=PROVINCE).values_list("code", flat=True):
        villages.setdefault(code[:5], []).append(code)
        villages.setdefault(code[:8], []).append(code)
    areas = [r for r in read_csv("regencies.csv") if r["code"] != "13.75"]
    areas += read_csv("bukittinggi-districts.csv")
    rows = []
    for area in sorted(areas, key=lambda a: a["code"]):
        rows += tps_generator.generate(
            villages[area["code"]],
            tps=int(area["tps"]),
            dpt=int(area["dpt"]),
            dpt_men=int(area["dpt_men"]),
            seed=f"{TPS_SEED}:{area['code']}",
            first_line=len(rows) + 2,
        )
    return rows


def _load_tps(result: DemoResult, election: Election) -> None:
    if province_tps_totals(election) == expected_totals():
        result.tps_skipped = True
        return
    outcome = elections.import_tps_rows(demo_tps_rows(), election=election, channel=CHANNEL, note="demo")
    if not outcome.ok:
        raise ValueError("The demo TPS rows do not import: " + "; ".join(str(e) for e in outcome.errors[:5]))
    result.tps_created, result.tps_updated = outcome.created, outcome.updated


def _load_accounts(result: DemoResult, regions: dict[str, Region]) -> None:
    members = {(m.desk.region.code, m.order): m for m in DeskMember.objects.select_related("desk__region").all()}
    for row in read_csv("accounts.csv"):
        region = regions.get(row["region"])
        if region is None:
            result.warnings.append(
                f"Region {row['region']} is not imported: demo account {row['username']} skipped "
                f"(import_regions --province {row['region'][:2]})."
            )
            continue
        desk_code, _sep, order = row["desk_member"].partition(":")
        member = members.get((desk_code, int(order))) if order else None
        full_name = member.name if member else ""
        first, _space, last = full_name.rpartition(" ") if " " in full_name else (full_name, "", "")
        user, _created = accounts.ensure_user(
            row["username"],
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            position=member.position if member else "",
            phone=row.get("phone", ""),
            channel=CHANNEL,
        )
        institution = Institution.objects.get(code=row["institution"]) if row["institution"] else None
        accounts.assign_region(user, region, row["role"], institution=institution, channel=CHANNEL)
        if member is not None and member.user_id != user.pk:
            desks.link_member_user(member, user, channel=CHANNEL)
        result.accounts.append(
            {"username": user.username, "role": row["role"], "region": f"{region.code} {region.name}"}
        )


def tiny_png(width: int = 8, height: int = 8, rgb: tuple[int, int, int] = (190, 30, 45)) -> bytes:
    """A small valid PNG of one colour (the demo's closing evidence): no image library needed."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    pixels = b"".join(b"\x00" + bytes(rgb) * width for _row in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b"")


def _wib(text: str) -> dt.datetime:
    """A time of the cases file: local West Sumatra time (WIB), "2024-11-19 14:00"."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=clock.WIB)


def _load_cases(result: DemoResult) -> None:
    rows = read_csv("cases.csv")
    result.cases = len(rows)
    stored = set(IntakeKey.objects.filter(key__in=[r["key"] for r in rows]).values_list("key", flat=True))
    todo = [r for r in rows if r["key"] not in stored]
    if not todo:
        return
    usernames = {r[f] for r in todo for f in ("reporter", "verified_by", "routed_by", "follow_up_by") if r[f]}
    usernames |= {r[f] for r in todo for f in ("resolved_by", "escalated_by") if r[f]}
    users = User.objects.in_bulk(usernames, field_name="username")
    regions = Region.objects.in_bulk({r["region"] for r in todo}, field_name="code")
    categories = Category.objects.in_bulk({r["category"] for r in todo}, field_name="code")
    election = Election.objects.current()
    for row in todo:
        missing = [name for name in usernames if name not in users and name in row.values()]
        if row["region"] not in regions or missing:
            result.warnings.append(f"Demo case {row['key']} skipped: region or account missing.")
            continue
        _replay_case(row, users, regions[row["region"]], categories[row["category"]], election)
        result.cases_created += 1


def _replay_case(row: dict[str, str], users: dict[str, User], region: Region, category, election) -> None:
    """One demo case through the services, each step at the instant the file gives."""
    station = None
    if row["tps"] and election is not None:
        station = PollingStation.objects.filter(election=election, village=region, number=int(row["tps"])).first()
    data = cases.CaseInput(
        region=region,
        category=category,
        severity=row["severity"],
        title=row["title"],
        description=row["description"],
        occurred_at=_wib(row["occurred_at"]),
        kind=row["kind"],
        polling_station=station,
        latitude=Decimal(row["latitude"]) if row.get("latitude") else None,
        longitude=Decimal(row["longitude"]) if row.get("longitude") else None,
    )
    with clock.frozen(_wib(row["reported_at"])):
        case, _created = cases.submit_case(data, by=users[row["reporter"]], channel=CHANNEL, intake_key=row["key"])
    if row["verified_by"]:
        with clock.frozen(_wib(row["verified_at"])):
            cases.verify_case(case, by=users[row["verified_by"]], channel=CHANNEL)
    if row["routed_by"]:
        with clock.frozen(_wib(row["routed_at"])):
            proposed = {p.institution.code: p.description for p in cases.propose_routing(case) if p.institution}
            actions = [
                cases.ActionInput(
                    institution=Institution.objects.get(code=code),
                    description=proposed.get(code, "[Data demo] Tindak lanjuti laporan ini."),
                )
                for code in row["route_to"].split(";")
            ]
            cases.route_case(case, actions, by=users[row["routed_by"]], channel=CHANNEL)
    if row["follow_up_by"]:
        action = case.actions.filter(institution__code=row["route_to"].split(";")[0]).get()
        with clock.frozen(_wib(row["follow_up_at"])):
            cases.add_follow_up(
                action,
                by=users[row["follow_up_by"]],
                note=row["follow_up_note"],
                status=row["follow_up_status"],
                channel=CHANNEL,
            )
    if row["resolved_by"]:
        evidence = ContentFile(tiny_png(), name="berita-acara-demo.png")
        with clock.frozen(_wib(row["resolved_at"])):
            cases.resolve_case(
                case, by=users[row["resolved_by"]], note=row["resolution_note"], files=[evidence], channel=CHANNEL
            )
    if row["escalated_by"]:
        with clock.frozen(_wib(row["escalated_at"])):
            cases.escalate_case(case, by=users[row["escalated_by"]], reason=row["escalation_reason"], channel=CHANNEL)
