"""User accounts and the regions each user works in.

A user holds one or more assignments (a region and a role); they see that region and everything below it
(see :mod:`deskpilkada.accounts.access`).
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles in a desk (Permendagri 9/2005 art. 6 and the structure agreed in West Sumatra)."""

    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    SECRETARIAT = "secretariat", _("Secretariat")
    MEMBER = "member", _("Member")
    OPERATOR = "operator", _("Operator")
    LIAISON = "liaison", _("Partner liaison")


class User(AbstractUser):
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class AssignmentQuerySet(models.QuerySet):
    def for_user(self, user) -> "AssignmentQuerySet":
        return self.filter(user=user).select_related("region", "institution").order_by("region__code")


class Assignment(models.Model):
    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="assignments")
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    institution = models.ForeignKey(
        "desks.Institution",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
        help_text=_("For partner liaisons: the institution they act for."),
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("region assignment")
        verbose_name_plural = _("region assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "region", "role"], name="unique_assignment"),
            models.CheckConstraint(
                condition=~models.Q(role="liaison") | models.Q(institution__isnull=False),
                name="liaison_has_institution",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.region}"
