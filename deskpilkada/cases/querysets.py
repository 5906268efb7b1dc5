"""Named reads of cases and routed actions, including who may see which case."""

from __future__ import annotations

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q

from deskpilkada.accounts import access
from deskpilkada.accounts.models import Role
from deskpilkada.core import clock

# Roles that see every case in their regions and below. Partner liaisons see only what is routed to them.
DESK_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARIAT, Role.MEMBER, Role.OPERATOR)


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> CaseQuerySet:
        """The access path for cases: the desk's people see the cases in their regions and below; a partner
        liaison sees the cases routed to their institution (in their regions); anyone else nothing."""
        from .models import RoutedAction

        if user is not None and user.is_authenticated and user.is_superuser:
            return self.all()
        condition = access.region_q(user, "region__code", roles=DESK_ROLES)
        institutions = access.liaison_institution_ids(user)
        if institutions:
            routed = RoutedAction.objects.filter(case=OuterRef("pk"), institution_id__in=institutions)
            condition |= access.region_q(user, "region__code", roles=[Role.LIAISON]) & Q(Exists(routed))
        return self.filter(condition)

    def open(self) -> CaseQuerySet:
        from .models import Case

        return self.filter(status__in=Case.OPEN_STATUSES)

    def within(self, code: str) -> CaseQuerySet:
        return self.filter(region__code__subtree=code)

    def of_desk(self, desk) -> CaseQuerySet:
        return self.filter(desk=desk)

    def for_list(self) -> CaseQuerySet:
        return self.select_related("region", "category", "desk__region", "stage", "polling_station")

    def for_export(self) -> CaseQuerySet:
        """The list's joins plus the number of open and of overdue routed actions of each case."""
        from .models import RoutedAction

        open_actions = Q(actions__status__in=RoutedAction.OPEN_STATUSES)
        return self.for_list().annotate(
            open_actions=Count("actions", filter=open_actions),
            overdue_actions=Count("actions", filter=open_actions & Q(actions__due_at__lt=clock.now())),
        )

    def counts_by(self, field: str) -> dict[str, int]:
        """{value: number of cases} for one field, in one grouped query."""
        return dict(self.order_by().values_list(field).annotate(n=Count("pk")).values_list(field, "n"))


class RoutedActionQuerySet(models.QuerySet):
    def visible_to(self, user) -> RoutedActionQuerySet:
        """Actions of cases the user may see; a liaison only those of their own institution."""
        from .models import Case

        if user is not None and user.is_authenticated and user.is_superuser:
            return self.all()
        desk_scope = access.region_q(user, "case__region__code", roles=DESK_ROLES)
        institutions = access.liaison_institution_ids(user)
        if institutions:
            desk_scope |= access.region_q(user, "case__region__code", roles=[Role.LIAISON]) & Q(
                institution_id__in=institutions
            )
        return self.filter(desk_scope).exclude(case__status=Case.Status.MERGED)

    def open(self) -> RoutedActionQuerySet:
        from .models import RoutedAction

        return self.filter(status__in=RoutedAction.OPEN_STATUSES)

    def overdue(self, at=None) -> RoutedActionQuerySet:
        return self.open().filter(due_at__lt=at or clock.now())

    def for_institution(self, institution) -> RoutedActionQuerySet:
        return self.filter(institution=institution)

    def for_list(self) -> RoutedActionQuerySet:
        return self.select_related("case__region", "case__category", "institution")
