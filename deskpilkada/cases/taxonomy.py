"""The case taxonomy as project data: categories and their routing playbook.

``data/categories.csv`` holds every routing category of the desk's routing table (group ``isu``), the Bawaslu
TPS-rawan variables (group ``tps_rawan``; money politics and electricity/internet are shared with the routing
categories), voter participation and "other". ``data/playbook.csv`` holds each category's recommended actions by
institution kind. :func:`load_categories` writes them (``manage.py load_categories``; ``load_demo`` calls it):
it upserts the shipped categories, replaces the playbook steps of the categories it ships, leaves categories that
administrators added untouched, and creates the default response times when they are missing. Loading twice
writes nothing the second time. The file formats are in ``docs/data-formats.md``.
"""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

from django.db import transaction

from deskpilkada.core import audit
from deskpilkada.core.models import Channel
from deskpilkada.desks.models import Institution

from .models import DEFAULT_RESPONSE_HOURS, Category, PlaybookStep, ResponseTime, Severity

DATA_DIR = Path(__file__).resolve().parent / "data"
CATEGORIES_FILE = DATA_DIR / "categories.csv"
PLAYBOOK_FILE = DATA_DIR / "playbook.csv"

CATEGORY_FIELDS = ("group", "name_id", "name_en", "lead_institutions", "default_severity", "keywords", "description")


class TaxonomyError(ValueError):
    """The shipped data files contradict themselves (a bug in the project's data, caught by the tests)."""


@dataclasses.dataclass(frozen=True)
class CategoryRow:
    code: str
    group: str
    name_id: str
    name_en: str
    lead_institutions: str
    default_severity: str
    keywords: str
    description: str
    order: int

    def values(self) -> dict[str, object]:
        return {field: getattr(self, field) for field in (*CATEGORY_FIELDS, "order")}


@dataclasses.dataclass(frozen=True)
class PlaybookRow:
    category: str
    institution_kind: str
    action: str
    order: int


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def read_categories(path: Path = CATEGORIES_FILE) -> list[CategoryRow]:
    """The shipped categories, checked: known group and severity, unique codes, keywords in one category only."""
    rows = []
    groups, severities = set(Category.Group.values), set(Severity.values)
    seen_keywords: dict[str, str] = {}
    for order, raw in enumerate(_read(path), start=1):
        row = CategoryRow(**{k: raw[k] for k in ("code", *CATEGORY_FIELDS)}, order=order * 10)
        if row.group not in groups:
            raise TaxonomyError(f"{row.code}: unknown group {row.group!r}")
        if row.default_severity not in severities:
            raise TaxonomyError(f"{row.code}: unknown severity {row.default_severity!r}")
        for keyword in keyword_list(row.keywords):
            if seen_keywords.setdefault(keyword, row.code) != row.code:
                raise TaxonomyError(f"keyword {keyword!r} is in {seen_keywords[keyword]} and {row.code}")
        rows.append(row)
    codes = [r.code for r in rows]
    if len(set(codes)) != len(codes):
        raise TaxonomyError("a category code is given twice")
    return rows


def read_playbook(path: Path = PLAYBOOK_FILE, *, codes: set[str] | None = None) -> list[PlaybookRow]:
    """The shipped playbook, checked against the institution kinds (and the category codes, when given)."""
    kinds = set(Institution.Kind.values)
    rows = []
    counters: dict[str, int] = {}
    for raw in _read(path):
        if raw["institution_kind"] not in kinds:
            raise TaxonomyError(f"{raw['category']}: unknown institution kind {raw['institution_kind']!r}")
        if codes is not None and raw["category"] not in codes:
            raise TaxonomyError(f"playbook step for unknown category {raw['category']!r}")
        if not raw["action"]:
            raise TaxonomyError(f"{raw['category']}: a playbook step without an action")
        counters[raw["category"]] = counters.get(raw["category"], 0) + 1
        rows.append(PlaybookRow(raw["category"], raw["institution_kind"], raw["action"], counters[raw["category"]]))
    return rows


def keyword_list(keywords: str) -> list[str]:
    """ "money politik, Serangan Fajar" → ["money politik", "serangan fajar"]."""
    return [k.strip().lower() for k in keywords.split(",") if k.strip()]


@transaction.atomic
def load_categories(*, by=None, channel: str = Channel.COMMAND) -> int:
    """Write the shipped taxonomy. Returns how many categories were created or changed (0 when all was
    in place).

    Categories are matched by code; their playbook steps are replaced when they differ from the file. Categories
    not in the file (added by administrators) and their steps are left alone, as is a category's ``is_active``.
    Each change leaves an audit row.
    """
    rows = read_categories()
    steps = read_playbook(codes={r.code for r in rows})
    existing = {c.code: c for c in Category.objects.filter(code__in=[r.code for r in rows])}
    current_steps: dict[int, list[tuple[str, str, int]]] = {}
    for category_id, kind, action, order in PlaybookStep.objects.filter(
        category__code__in=[r.code for r in rows]
    ).values_list("category_id", "institution_kind", "action", "order"):
        current_steps.setdefault(category_id, []).append((kind, action, order))
    wanted_steps: dict[str, list[tuple[str, str, int]]] = {}
    for step in steps:
        wanted_steps.setdefault(step.category, []).append((step.institution_kind, step.action, step.order))

    written = 0
    for row in rows:
        category = existing.get(row.code)
        changed = category is None
        if category is None:
            category = Category.objects.create(code=row.code, **row.values())
            audit.record(
                actor=by, action="category.create", obj=category, channel=channel, changes=audit.created(row.values())
            )
            written += 1
        else:
            changes = audit.apply(category, row.values())
            if changes:
                category.save(update_fields=list(changes))
                audit.record(actor=by, action="category.update", obj=category, channel=channel, changes=changes)
                changed = True
        before = sorted(current_steps.get(category.pk, []), key=lambda s: s[2])
        after = wanted_steps.get(row.code, [])
        if before != after:
            category.playbook_steps.all().delete()
            PlaybookStep.objects.bulk_create(
                PlaybookStep(category=category, institution_kind=kind, action=action, order=order)
                for kind, action, order in after
            )
            audit.record(
                actor=by,
                action="category.playbook",
                obj=category,
                channel=channel,
                changes={"playbook": [[s[0] for s in before] or None, [s[0] for s in after]]},
            )
            changed = True
        written += changed
    _ensure_response_times(by=by, channel=channel)
    return written


def _ensure_response_times(*, by, channel: str) -> None:
    """The default hours per severity (kritis 6, tinggi 24, sedang 72, rendah 168), where none is configured."""
    configured = set(ResponseTime.objects.values_list("severity", flat=True))
    for severity, hours in DEFAULT_RESPONSE_HOURS.items():
        if severity in configured:
            continue
        response_time = ResponseTime.objects.create(severity=severity, hours=hours)
        audit.record(
            actor=by,
            action="responsetime.create",
            obj=response_time,
            channel=channel,
            changes=audit.created({"severity": str(severity), "hours": hours}),
        )
