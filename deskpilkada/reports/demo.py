"""The report part of the West Sumatra demo: the default report sets, active from the desks' formation (31 Oct 2024)
to the end of the recapitulation stage, and the daily reports of the 19 regency/city desks and the province desk
from 31 Oct up to the day before the demo's simulated date (20 Nov 2024), replayed through the services with the
clock frozen at each step, in the order they happened.

The mix is seeded, so every load tells the same story: most desks report on time, some late (in the evening or the
next morning), small quiet ones send nihil, Kepulauan Mentawai is sometimes excused (the network to the islands
breaks), Dharmasraya missed days in its first week, and the province submits by 20.00 — through its chair's
override, with the reason, on the days a regency had not reported yet. On 20 Nov itself nothing is sent yet at
10.00: the matrix shows the day pending, and Bukittinggi's secretariat can draft it.

On each Monday (4, 11 and 18 Nov) the desks also send the weekly report for Monday to Sunday before: regencies by
12.00, most in the morning, a few late or not at all, the province by 16.00. The reminder job runs around the last
Monday's weekly deadlines, the last day's daily ones and at the simulated instant, so the desks that were late or
missing then have been reminded (Kepulauan Mentawai, cut off since the 19th, still sees its reminder open on the
simulated day).

Each desk's secretariat and chair need an account to act: the demo's own (Bukittinggi, the province) and, for the
other 18 desks, ``sekretariat-<digits>`` and ``ketua-<digits>`` (``sekretariat-1301``), linked to the desk members,
with the demo password. Loading again creates nothing: planned reports that exist are skipped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from deskpilkada.accounts import services as accounts
from deskpilkada.accounts.models import Role, User
from deskpilkada.core import clock
from deskpilkada.core.models import Channel
from deskpilkada.desks import services as desks
from deskpilkada.desks.models import DeskMember
from deskpilkada.regions.models import Region

from . import services
from .models import Excusal, Report, ReportSet

DESK_FORMATION = dt.date(2024, 10, 31)
LAST_DAY = dt.date(2024, 11, 19)  # the day before the demo's simulated date
RECAPITULATION_STAGE = "penghitungan_rekapitulasi"
PROVINCE = "13"
PROVINCE_SEAT = "Padang"  # where the province desk signs
SEED = "desk-pilkada-demo-reports"
DEMO_PASSWORD = "pilkada2024"  # noqa: S105 - the documented password of the demo accounts
KNOWN_ACCOUNTS = {
    "13": ("sekretariat-sumbar", "ketua-sumbar"),
    "13.75": ("sekretariat-bukittinggi", "ketua-bukittinggi"),
}
# How each desk tends to report: (on time, late, nihil, missing, excused) weights.
HABITS = {
    "default": (80, 10, 4, 5, 1),
    "13.09": (45, 25, 0, 10, 20),  # Kepulauan Mentawai: the network to the islands
    "13.71": (95, 5, 0, 0, 0),  # Kota Padang
    "13.73": (60, 5, 30, 5, 0),  # Kota Sawahlunto: quiet, often nihil
    "13.74": (60, 10, 25, 5, 0),  # Kota Padang Panjang
    "13.75": (90, 10, 0, 0, 0),  # Kota Bukittinggi
}
NARRATIVES = {
    "aman": "[Data demo] Situasi aman dan terkendali. Kegiatan kampanye berjalan tertib sesuai jadwal.",
    "kondusif": "[Data demo] Situasi kondusif. Tahapan kampanye berlangsung tanpa gangguan berarti.",
    "waspada": "[Data demo] Situasi perlu diwaspadai: ada dugaan pelanggaran yang sedang ditangani bersama Bawaslu.",
}
RECOMMENDATIONS = (
    "[Data demo] Patroli gabungan di titik rawan ditingkatkan menjelang masa tenang.",
    "[Data demo] Koordinasi dengan Bawaslu dan KPU dilanjutkan setiap pagi.",
    "[Data demo] Sosialisasi larangan politik uang kepada tokoh masyarakat diperluas.",
)
EXCUSE_REASON = "[Data demo] Jaringan telekomunikasi ke kepulauan terputus akibat cuaca buruk."


@dataclasses.dataclass(order=True)
class Step:
    at: dt.datetime
    order: int
    action: str = dataclasses.field(compare=False)
    code: str = dataclasses.field(compare=False)
    day: dt.date = dataclasses.field(compare=False)
    set_code: str = dataclasses.field(default="daily", compare=False)


def load_reports(election, *, channel: str = Channel.COMMAND) -> int:
    """Ensure the report sets and replay the demo's report history; returns how many reports were created."""
    stage = election.stages.filter(code=RECAPITULATION_STAGE).first()
    sets = services.ensure_default_sets(
        election, active_from=DESK_FORMATION, active_to=stage.end if stage else None, channel=channel
    )
    by_code = {s.code: s for s in sets}
    regions = {
        r.code: r
        for r in Region.objects.filter(code__subtree=PROVINCE, level__lte=2, desk__isnull=False).select_related("desk")
    }
    if PROVINCE not in regions:
        return 0
    regency_codes = sorted(c for c in regions if c != PROVINCE)
    plan = _plan(regency_codes) + _weekly_plan(regency_codes) + _reminder_runs()
    done = set(
        Report.objects.filter(
            report_set__in=list(by_code.values()), region__code__in=list(regions), day__lte=LAST_DAY
        ).values_list("report_set__code", "region__code", "day")
    )
    excused = set(
        Excusal.objects.filter(report_set__in=list(by_code.values()), region__code__in=list(regions)).values_list(
            "report_set__code", "region__code", "day"
        )
    )
    steps = [s for s in plan if s.action == "remind" or (s.set_code, s.code, s.day) not in (done | excused)]
    if all(s.action == "remind" for s in steps):
        return 0
    people = _people(regions, channel)
    created = 0
    drafts: dict[tuple[str, str, dt.date], Report] = {}
    for step in sorted(steps):
        with clock.frozen(step.at):
            if step.action == "remind":
                services.send_due_reminders(step.at)
            else:
                created += _replay(step, by_code[step.set_code], regions, people, drafts, channel)
    return created


def _reminder_runs() -> list[Step]:
    """When the demo runs the reminder job: around the deadlines of the last Monday's weekly reports and of the
    last day's daily ones, and at the simulated instant, so the day's late and missing desks have been reminded."""
    monday = LAST_DAY - dt.timedelta(days=LAST_DAY.weekday())
    moments = [_wib(monday, h, 5) for h in (10, 12, 14, 16)] + [_wib(LAST_DAY, h, 5) for h in (16, 18, 20)]
    moments.append(_wib(LAST_DAY + dt.timedelta(days=1), 10, 0))
    return [Step(at, 9, "remind", PROVINCE, at.date(), "") for at in moments]


def _weekly_plan(regency_codes: list[str]) -> list[Step]:
    """The weekly reports of each Monday after the desks' formation (for Monday to Sunday before): regencies by
    12.00, most of them in the morning, Kepulauan Mentawai late or not at all; the province by 16.00."""
    rng = random.Random(f"{SEED}:weekly")
    steps: list[Step] = []
    day = DESK_FORMATION + dt.timedelta(days=(7 - DESK_FORMATION.weekday()) % 7)
    while day <= LAST_DAY:
        for code in regency_codes:
            outcome = rng.choices(
                ("on_time", "late", "missing"), weights=(40, 55, 5) if code == "13.09" else (90, 7, 3)
            )
            if outcome[0] == "missing":
                continue
            if outcome[0] == "late":
                submitted = _wib(day, 12, 30) + dt.timedelta(minutes=rng.randrange(0, 240, 10))
            else:
                submitted = _wib(day, 9, 0) + dt.timedelta(minutes=rng.randrange(0, 170, 5))
            steps.append(Step(submitted - dt.timedelta(minutes=45), 1, "draft", code, day, "weekly"))
            steps.append(Step(submitted, 2, "submit", code, day, "weekly"))
            steps.append(Step(submitted + dt.timedelta(minutes=30), 3, "approve", code, day, "weekly"))
            steps.append(Step(_wib(day, 17, 0), 4, "receive", code, day, "weekly"))
        steps.append(Step(_wib(day, 15, 0), 1, "draft", PROVINCE, day, "weekly"))
        steps.append(Step(_wib(day, 15, 40), 2, "submit", PROVINCE, day, "weekly"))
        steps.append(Step(_wib(day, 15, 55), 3, "approve", PROVINCE, day, "weekly"))
        day += dt.timedelta(days=7)
    return steps


def _plan(regency_codes: list[str]) -> list[Step]:
    """Every step of the history, each at its instant (WIB, West Sumatra's zone)."""
    rng = random.Random(SEED)
    steps: list[Step] = []
    day = DESK_FORMATION
    while day <= LAST_DAY:
        for code in regency_codes:
            habit = HABITS.get(code, HABITS["default"])
            if code == "13.10" and day <= dt.date(2024, 11, 6):
                habit = (20, 10, 0, 70, 0)  # Dharmasraya's first week
            outcome = rng.choices(("on_time", "late", "nihil", "missing", "excused"), weights=habit)[0]
            if code == "13.09" and day == LAST_DAY:
                outcome = "missing"  # the islands are cut off since the 19th: still open on the simulated day
            if outcome == "missing":
                continue
            if outcome == "excused":
                steps.append(Step(_wib(day, 20, 30), 0, "excuse", code, day))
                continue
            if outcome == "late":
                submitted = _wib(day, 18, 20) + dt.timedelta(minutes=rng.randrange(0, 14 * 60, 10))
            else:
                submitted = _wib(day, 15, 0) + dt.timedelta(minutes=rng.randrange(0, 175, 5))
            action = "nihil" if outcome == "nihil" else "submit"
            steps.append(Step(submitted - dt.timedelta(minutes=40), 1, "draft", code, day))
            steps.append(Step(submitted, 2, action, code, day))
            steps.append(Step(submitted + dt.timedelta(minutes=rng.randrange(15, 90, 5)), 3, "approve", code, day))
            steps.append(Step(_wib(day + dt.timedelta(days=1), 8, rng.randrange(0, 50, 5)), 4, "receive", code, day))
        province_at = _wib(day, 19, 50) + dt.timedelta(minutes=rng.randrange(0, 9) if day.day % 6 else 35)
        steps.append(Step(province_at - dt.timedelta(minutes=30), 1, "draft", PROVINCE, day))
        steps.append(Step(province_at, 2, "submit", PROVINCE, day))
        steps.append(Step(province_at + dt.timedelta(minutes=20), 3, "approve", PROVINCE, day))
        day += dt.timedelta(days=1)
    return steps


def _wib(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=clock.WIB)


def _people(regions: dict[str, Region], channel: str) -> dict[str, tuple[User, User]]:
    """(secretariat, chair) of each desk: the demo's accounts, or demo accounts made for the other desks."""
    wanted = {}
    for code in regions:
        digits = code.replace(".", "")
        wanted[code] = KNOWN_ACCOUNTS.get(code, (f"sekretariat-{digits}", f"ketua-{digits}"))
    users = User.objects.in_bulk([u for pair in wanted.values() for u in pair], field_name="username")
    members = {
        (m.desk.region.code, m.role): m
        for m in DeskMember.objects.filter(
            desk__region__code__in=list(regions), role__in=[Role.SECRETARIAT, Role.CHAIR]
        ).select_related("desk__region")
    }
    people = {}
    for code, names in wanted.items():
        pair = []
        for username, role in zip(names, (Role.SECRETARIAT, Role.CHAIR), strict=True):
            user = users.get(username)
            if user is None:
                member = members.get((code, role))
                full_name = member.name if member else username
                first, _space, last = full_name.rpartition(" ")
                user, _created = accounts.ensure_user(
                    username,
                    password=DEMO_PASSWORD,
                    first_name=first or full_name,
                    last_name=last if first else "",
                    position=member.position if member else "",
                    channel=channel,
                )
                accounts.assign_region(user, regions[code], role, channel=channel)
                if member is not None and member.user_id is None:
                    desks.link_member_user(member, user, channel=channel)
            pair.append(user)
        people[code] = (pair[0], pair[1])
    return people


def _replay(step: Step, report_set: ReportSet, regions, people, drafts, channel: str) -> int:
    region = regions[step.code]
    secretariat, chair = people[step.code]
    key = (report_set.code, step.code, step.day)
    rng = random.Random(f"{SEED}:{step.code}:{step.day.isoformat()}")
    if step.action == "excuse":
        province_secretariat = people[PROVINCE][0]
        services.excuse_child(
            regions[PROVINCE],
            region,
            report_set=report_set,
            day=step.day,
            reason=EXCUSE_REASON,
            by=province_secretariat,
            channel=channel,
        )
        return 0
    if step.action == "draft":
        report = services.draft_report(region, report_set=report_set, day=step.day, by=secretariat, channel=channel)
        if step.code == PROVINCE and report.place != PROVINCE_SEAT:  # set once; later drafts take it over
            services.update_report(report, by=secretariat, place=PROVINCE_SEAT, channel=channel)
        drafts[key] = report
        return 1
    report = drafts.get(key)
    if report is None:
        return 0
    if step.action in ("submit", "nihil"):
        cases = (report.figures.get("cases") or {}).get("total", 0)
        if step.action == "nihil" and not cases:
            services.mark_nihil(report, by=secretariat, channel=channel)
            return 0
        situation = "waspada" if cases else rng.choice(("aman", "kondusif", "kondusif"))
        services.update_report(
            report,
            by=secretariat,
            situation=situation,
            narrative=NARRATIVES[situation],
            recommendations=rng.choice(RECOMMENDATIONS),
            channel=channel,
        )
        if step.code == PROVINCE:
            _submit_province(report, secretariat, chair, channel)
        else:
            services.submit_report(report, by=secretariat, channel=channel)
    elif step.action == "approve" and report.status == Report.Status.SUBMITTED:
        services.approve_report(report, by=chair, channel=channel)
    elif step.action == "receive" and report.status == Report.Status.APPROVED:
        services.receive_report(report, by=people[PROVINCE][0], channel=channel)
    return 0


def _submit_province(report: Report, secretariat: User, chair: User, channel: str) -> None:
    """The province submits by itself when every regency is in; otherwise its chair does, saying why."""
    services.refresh_figures(report, by=secretariat, channel=channel)
    missing = (report.figures.get("children") or {}).get("missing") or []
    if not missing:
        services.submit_report(report, by=secretariat, channel=channel)
        return
    names = ", ".join(m["name"] for m in missing)
    reason = f"[Data demo] Laporan {names} belum masuk hingga batas waktu; laporan provinsi dikirim agar tepat waktu."
    services.submit_report(report, by=chair, override_reason=reason, channel=channel)
