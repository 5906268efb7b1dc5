"""Named reads of desks, their members and institutions."""

from deskpilkada.regions.querysets import RegionScopedQuerySet


class DeskQuerySet(RegionScopedQuerySet):
    def with_region(self):
        return self.select_related("region")


class DeskMemberQuerySet(RegionScopedQuerySet):
    region_code_field = "desk__region__code"

    def in_structure_order(self):
        """Chair, vice-chairs, secretariat, then the others, as the desk's decree lists them."""
        from django.db.models import Case, IntegerField, Value, When

        from deskpilkada.accounts.models import Role

        order = [Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARIAT, Role.MEMBER, Role.OPERATOR, Role.LIAISON]
        return self.annotate(
            role_rank=Case(
                *[When(role=role, then=Value(i)) for i, role in enumerate(order)],
                default=Value(len(order)),
                output_field=IntegerField(),
            )
        ).order_by("role_rank", "order", "name")


class InstitutionQuerySet(RegionScopedQuerySet):
    pass
