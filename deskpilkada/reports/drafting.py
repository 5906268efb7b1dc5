"""The figures of a report, computed from the data of its region and period.

:func:`compute_figures` reads, in a handful of grouped queries, the cases that happened in the region (and below) on
the report's local day(s) by category, status, severity and kind, the notable (high and critical) ones, the routed
actions done, pending and overdue, and — for a parent — what its children reported: their totals, their situations
side by side, the highlights they flagged, and who is missing or excused. The result is plain JSON (names in both
languages), stored on the report while it is a draft and frozen at its submission.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count, Q

from deskpilkada.cases.models import Case, RoutedAction, Severity
from deskpilkada.cases.services import stage_on
from deskpilkada.elections.models import Election, PollingStation
from deskpilkada.regions.models import Region

from .completeness import expected_units
from .models import Excusal, Report, Situation
from .rules import Rules, local_day_bounds

FIGURES_VERSION = 1
NOTABLE_LIMIT = 10
OVERDUE_LIMIT = 10
HIGHLIGHTS_PER_CHILD = 3
EXCERPT_LENGTH = 280
NOTABLE_SEVERITIES = (Severity.TINGGI, Severity.KRITIS)
SITUATION_RANK = {Situation.AMAN: 1, Situation.KONDUSIF: 2, Situation.WASPADA: 3, Situation.RAWAN: 4}


def compute_figures(
    report_set,
    region: Region,
    *,
    day: dt.date,
    period: tuple[dt.date, dt.date],
    sequence: int = 1,
    now: dt.datetime,
    rules: Rules | None = None,
) -> dict:
    rules = rules or Rules.of(report_set)
    start, end = period
    figures = {
        "version": FIGURES_VERSION,
        "computed_at": now.isoformat(),
        "header": _header(report_set, region, day, period),
        "cases": _cases(region, start, end),
        "actions": _actions(region, start, end, now),
        "children": None,
    }
    child_level = rules.child_level(region.level)
    if child_level is not None:
        figures["children"] = _children(report_set, rules, region, child_level, day, sequence)
    return figures


def _header(report_set, region: Region, day: dt.date, period: tuple[dt.date, dt.date]) -> dict:
    election = report_set.election if report_set.election_id else Election.objects.current()
    stage = stage_on(day) if election is not None else None
    desk = getattr(region, "desk", None)
    stations = PollingStation.objects.within(region.code)
    if election is not None:
        stations = stations.filter(election=election)
    totals = stations.totals()
    return {
        "desk": desk.name if desk is not None else "",
        "region_code": region.code,
        "region": region.display_name,
        "region_name": region.name,
        "level": region.level,
        "zone": region.timezone,
        "day": day.isoformat(),
        "period_start": period[0].isoformat(),
        "period_end": period[1].isoformat(),
        "election": election.name if election is not None else "",
        "h_label": election.day_label(day) if election is not None else "",
        "stage_id": stage.name_id if stage is not None else "",
        "stage_en": stage.name_en if stage is not None else "",
        "tps": totals["tps_count"],
        "dpt": totals["dpt"],
    }


def _cases(region: Region, start: dt.date, end: dt.date) -> dict:
    cases = Case.objects.within(region.code).filter(occurred_on__gte=start, occurred_on__lte=end)
    cases = cases.exclude(status=Case.Status.MERGED)
    grouped = (
        cases.order_by()
        .values(
            "category__code", "category__name_id", "category__name_en", "category__order", "status", "severity", "kind"
        )
        .annotate(n=Count("pk"))
    )
    categories: dict[str, dict] = {}
    by_status: Counter = Counter()
    by_severity: Counter = Counter()
    by_kind: Counter = Counter()
    for row in grouped:
        entry = categories.setdefault(
            row["category__code"],
            {
                "code": row["category__code"],
                "name_id": row["category__name_id"],
                "name_en": row["category__name_en"],
                "order": row["category__order"],
                "count": 0,
                "open": 0,
            },
        )
        entry["count"] += row["n"]
        if row["status"] in Case.OPEN_STATUSES:
            entry["open"] += row["n"]
        by_status[row["status"]] += row["n"]
        by_severity[row["severity"]] += row["n"]
        by_kind[row["kind"]] += row["n"]
    notable = [
        {
            "number": case.number or "",
            "title": case.title,
            "category_id": case.category.name_id,
            "category_en": case.category.name_en,
            "severity": case.severity,
            "status": case.status,
            "kind": case.kind,
            "region": case.region.display_name,
            "region_code": case.region.code,
            "occurred_at": case.occurred_at.isoformat(),
        }
        # "kritis" sorts before "tinggi": the critical ones first, then by the time they happened.
        for case in cases.filter(severity__in=NOTABLE_SEVERITIES)
        .select_related("region", "category")
        .order_by("severity", "occurred_at", "pk")[:NOTABLE_LIMIT]
    ]
    ordered = sorted(categories.values(), key=lambda c: (-c["count"], c["order"], c["code"]))
    return {
        "total": sum(by_status.values()),
        "open": sum(by_status[s] for s in Case.OPEN_STATUSES),
        "incidents": by_kind[Case.Kind.INCIDENT],
        "potential": by_kind[Case.Kind.POTENTIAL],
        "by_category": [{k: v for k, v in c.items() if k != "order"} for c in ordered],
        "by_status": [{"code": s, "count": by_status[s]} for s in Case.Status.values if by_status[s]],
        "by_severity": [{"code": s, "count": by_severity[s]} for s in reversed(Severity.values) if by_severity[s]],
        "notable_count": sum(by_severity[s] for s in NOTABLE_SEVERITIES),
        "notable": notable,
    }


def _actions(region: Region, start: dt.date, end: dt.date, now: dt.datetime) -> dict:
    """Actions routed on cases in the region: done in the period, still open at its end, and overdue among those."""
    first, after = local_day_bounds(start, end, region.timezone)
    cutoff = min(now, after)
    actions = RoutedAction.objects.filter(case__region__code__subtree=region.code).exclude(
        case__status=Case.Status.MERGED
    )
    open_at_end = Q(status__in=RoutedAction.OPEN_STATUSES, created_at__lt=after)
    totals = actions.aggregate(
        routed=Count("pk", filter=Q(created_at__gte=first, created_at__lt=after)),
        done=Count("pk", filter=Q(status=RoutedAction.Status.DONE, completed_at__gte=first, completed_at__lt=after)),
        pending=Count("pk", filter=open_at_end),
        overdue=Count("pk", filter=open_at_end & Q(due_at__lt=cutoff)),
    )
    overdue = (
        actions.filter(open_at_end, due_at__lt=cutoff)
        .select_related("case", "institution")
        .order_by("due_at", "pk")[:OVERDUE_LIMIT]
    )
    totals["overdue_list"] = [
        {
            "case_number": action.case.number or "",
            "case_title": action.case.title,
            "institution": action.institution.name,
            "description": action.description,
            "due_at": action.due_at.isoformat(),
        }
        for action in overdue
    ]
    return totals


def _children(report_set, rules: Rules, region: Region, level: int, day: dt.date, sequence: int) -> dict:
    units = [
        u
        for u in expected_units(region.code, level)
        .order_by("code")
        .values("code", "name", "kind", "level", "desk__formed_on")
        if u["desk__formed_on"] is None or u["desk__formed_on"] <= day
    ]
    names = {
        u["code"]: Region(code=u["code"], name=u["name"], kind=u["kind"], level=u["level"]).display_name for u in units
    }
    reports = (
        Report.objects.filter(report_set=report_set, region__level=level, region__code__below=region.code, day=day)
        .sent()
        .order_by("region__code", "-sequence")
        .values(
            "pk",
            "number",
            "region__code",
            "sequence",
            "situation",
            "narrative",
            "recommendations",
            "is_nihil",
            "status",
            "figures",
            "submitted_at",
            "deadline_at",
        )
    )
    latest: dict[str, dict] = {}
    for row in reports:
        if row["region__code"] not in names:
            continue
        current = latest.get(row["region__code"])
        # On a posko day the parent's n-th report consolidates its children's n-th ones, else their latest.
        if current is None or (rules.is_posko_day(day) and row["sequence"] == sequence):
            latest[row["region__code"]] = row
    excused = dict(
        Excusal.objects.filter(report_set=report_set, day=day, region__code__in=list(names)).values_list(
            "region__code", "reason"
        )
    )

    totals = {"cases": 0, "open": 0, "incidents": 0, "potential": 0, "notable": 0, "done": 0, "pending": 0}
    totals["overdue"] = 0
    categories: dict[str, dict] = {}
    situations, highlights = [], []
    on_time = 0
    for code, row in latest.items():
        figures = row["figures"] or {}
        cases = figures.get("cases") or {}
        actions = figures.get("actions") or {}
        totals["cases"] += cases.get("total", 0)
        totals["open"] += cases.get("open", 0)
        totals["incidents"] += cases.get("incidents", 0)
        totals["potential"] += cases.get("potential", 0)
        totals["notable"] += cases.get("notable_count", 0)
        for key in ("done", "pending", "overdue"):
            totals[key] += actions.get(key, 0)
        for category in cases.get("by_category", []):
            entry = categories.setdefault(category["code"], {**category, "count": 0, "open": 0})
            entry["count"] += category.get("count", 0)
            entry["open"] += category.get("open", 0)
        timely = row["deadline_at"] is not None and row["submitted_at"] <= row["deadline_at"]
        on_time += timely
        situations.append(
            {
                "code": code,
                "name": names[code],
                "report_id": row["pk"],
                "number": row["number"],
                "status": row["status"],
                "situation": row["situation"],
                "nihil": row["is_nihil"],
                "on_time": timely,
                "submitted_at": row["submitted_at"].isoformat(),
                "cases": cases.get("total", 0),
                "narrative": _excerpt(row["narrative"]),
            }
        )
        for case in cases.get("notable", [])[:HIGHLIGHTS_PER_CHILD]:
            highlights.append({"child": names[code], "child_code": code, **case})
        if row["recommendations"].strip():
            highlights.append(
                {"child": names[code], "child_code": code, "recommendation": _excerpt(row["recommendations"])}
            )
    missing = [{"code": c, "name": n} for c, n in names.items() if c not in latest and c not in excused]
    excusals = [{"code": c, "name": names[c], "reason": r} for c, r in excused.items() if c not in latest]
    worst = max((SITUATION_RANK.get(s["situation"], 0) for s in situations), default=0)
    return {
        "level": level,
        "expected": len(names),
        "reported": len(latest),
        "on_time": on_time,
        "late": len(latest) - on_time,
        "nihil": sum(1 for s in situations if s["nihil"]),
        "totals": totals,
        "by_category": sorted(categories.values(), key=lambda c: (-c["count"], c["code"])),
        "situations": situations,
        "worst_situation": next((s for s, rank in SITUATION_RANK.items() if rank == worst), ""),
        "highlights": highlights,
        "missing": missing,
        "excused": sorted(excusals, key=lambda e: e["code"]),
    }


def _excerpt(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1].rstrip() + "…"
