"""Desks (one per province and regency/city), their members, and the partner institutions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from deskpilkada.accounts.models import Role

from .querysets import DeskMemberQuerySet, DeskQuerySet, InstitutionQuerySet


class Institution(models.Model):
    """An office that handles problems routed by a desk: Bawaslu Kota Bukittinggi, Polres, KPU, ..."""

    class Kind(models.TextChoices):
        BAWASLU = "bawaslu", "Bawaslu"
        KPU = "kpu", "KPU"
        POLRI = "polri", "Polri"
        TNI = "tni", "TNI"
        KEJAKSAAN = "kejaksaan", "Kejaksaan"
        KESBANGPOL = "kesbangpol", "Kesbangpol"
        PEMDA = "pemda", _("Regional government (Pemda)")
        SATPOL_PP = "satpol_pp", "Satpol PP"
        BPBD = "bpbd", "BPBD"
        DISKOMINFO = "diskominfo", "Diskominfo"
        DISDUKCAPIL = "disdukcapil", "Disdukcapil"
        DINKES = "dinkes", _("Health office (Dinkes)")
        BKN = "bkn", "BKN"
        DKPP = "dkpp", "DKPP"
        GAKKUMDU = "gakkumdu", "Sentra Gakkumdu"
        OTHER = "lainnya", _("Other")

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="institutions"
    )

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["region__code", "kind", "name"]

    def __str__(self) -> str:
        return self.name


class Desk(models.Model):
    """The Desk Pilkada of one province or regency/city (Permendagri 9/2005 art. 6(1))."""

    region = models.OneToOneField(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="desk"
    )
    name = models.CharField(_("name"), max_length=200)
    formed_on = models.DateField(_("formed on"), null=True, blank=True)
    decree_number = models.CharField(_("decree (SK) number"), max_length=120, blank=True)
    address = models.CharField(_("office address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    objects = DeskQuerySet.as_manager()

    class Meta:
        verbose_name = _("desk")
        verbose_name_plural = _("desks")
        ordering = ["region__code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("desks:detail", kwargs={"code": self.region.code})


class DeskMember(models.Model):
    desk = models.ForeignKey(Desk, verbose_name=_("desk"), on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=200, help_text=_("e.g. Sekretaris Daerah, Dandim 0304/Agam"))
    institution_name = models.CharField(_("institution"), max_length=200)
    role = models.CharField(_("role in the desk"), max_length=16, choices=Role.choices)
    nip = models.CharField(_("NIP/NRP"), max_length=30, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="desk_memberships",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_demo = models.BooleanField(_("invented for the demo"), default=False)

    objects = DeskMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("desk member")
        verbose_name_plural = _("desk members")
        ordering = ["desk", "order", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def region_code(self) -> str:
        return self.desk.region.code
