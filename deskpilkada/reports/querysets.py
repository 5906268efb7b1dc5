"""Named reads of report sets, reports and excusals, including who may see which report."""

from __future__ import annotations

import datetime as dt

from django.db import models

from deskpilkada.accounts import access
from deskpilkada.accounts.models import Role

# A report is the desk's own document: its people and the desks above see it. Partner liaisons do not (a report
# lists every case of the day, most of them never routed to their institution).
VIEW_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARIAT, Role.MEMBER, Role.OPERATOR)


def scope_q(user, field: str = "region__code") -> models.Q:
    """The access path of reports: the regions where the user holds a desk role, and everything below."""
    return access.region_q(user, field, roles=VIEW_ROLES)


class ReportSetQuerySet(models.QuerySet):
    def active(self) -> ReportSetQuerySet:
        return self.filter(is_active=True)

    def periodic(self) -> ReportSetQuerySet:
        from .models import ReportSet

        return self.exclude(kind=ReportSet.Kind.SPECIAL)

    def default(self):
        """The set a page shows when none is asked for: the first active daily set."""
        from .models import ReportSet

        return self.active().filter(kind=ReportSet.Kind.DAILY).order_by("order", "code").first()


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReportQuerySet:
        if user is not None and user.is_authenticated and user.is_superuser:
            return self.all()
        return self.filter(scope_q(user))

    def within(self, code: str) -> ReportQuerySet:
        return self.filter(region__code__subtree=code)

    def of_set(self, report_set) -> ReportQuerySet:
        return self.filter(report_set=report_set)

    def on(self, day: dt.date) -> ReportQuerySet:
        return self.filter(day=day)

    def sent(self) -> ReportQuerySet:
        """Reports that were submitted at least once: they count as reported."""
        return self.filter(submitted_at__isnull=False)

    def for_list(self) -> ReportQuerySet:
        return self.select_related("report_set", "region")

    def for_page(self) -> ReportQuerySet:
        return self.select_related(
            "report_set__election",
            "region__parent",
            "region__desk",
            "case",
            "created_by",
            "submitted_by",
            "approved_by",
            "received_by",
            "override_by",
        )


class ExcusalQuerySet(models.QuerySet):
    def visible_to(self, user) -> ExcusalQuerySet:
        if user is not None and user.is_authenticated and user.is_superuser:
            return self.all()
        return self.filter(scope_q(user))


def _same_day() -> dict:
    """The filter of rows of the outer reminder's set, region and day."""
    return {
        "report_set": models.OuterRef("report_set"),
        "region": models.OuterRef("region"),
        "day": models.OuterRef("day"),
    }


def _same_slot() -> dict:
    """... and of its slot (the n-th report of the day)."""
    return {**_same_day(), "sequence": models.OuterRef("sequence")}


class ReminderQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReminderQuerySet:
        if user is not None and user.is_authenticated and user.is_superuser:
            return self.all()
        return self.filter(scope_q(user))

    def open(self) -> ReminderQuerySet:
        """Reminders whose slot is still neither reported (a sent report, nihil included) nor excused."""
        from .models import Excusal, Report

        sent = Report.objects.filter(**_same_slot(), submitted_at__isnull=False)
        excused = Excusal.objects.filter(**_same_day())
        return self.exclude(models.Exists(sent)).exclude(models.Exists(excused))

    def current(self) -> ReminderQuerySet:
        """One reminder per slot: the overdue one once the deadline has passed, else the one before it."""
        from .models import Reminder

        overdue = Reminder.objects.filter(**_same_slot(), kind=Reminder.Kind.OVERDUE)
        return self.exclude(models.Q(kind=Reminder.Kind.BEFORE_DEADLINE) & models.Exists(overdue))

    def for_list(self) -> ReminderQuerySet:
        return self.select_related("report_set", "region").order_by("deadline_at", "region__code", "sequence")
