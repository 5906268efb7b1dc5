"""Elections, their stage calendar (tahapan), contests, candidate pairs and polling stations (TPS)."""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from deskpilkada.regions.querysets import RegionScopedQuerySet

from .querysets import (
    ContestQuerySet,
    ElectionQuerySet,
    PollingStationQuerySet,
    StageQuerySet,
)

MAX_VOTERS_PER_TPS = 600  # PKPU: at most 600 voters on one TPS's list in Pilkada 2024


class Election(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True)
    voting_day = models.DateField(_("voting day"))
    is_active = models.BooleanField(_("active"), default=True)

    objects = ElectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-voting_day"]

    def __str__(self) -> str:
        return self.name

    def days_to_voting(self, day: dt.date) -> int:
        """Negative before voting day, 0 on it, positive after."""
        return (day - self.voting_day).days

    def day_label(self, day: dt.date) -> str:
        """The H-n / H+n label desks use: "H-7", "H", "H+1"."""
        n = self.days_to_voting(day)
        if n == 0:
            return "H"
        return f"H{n:+d}"

    def stages_on(self, day: dt.date) -> models.QuerySet[Stage]:
        return self.stages.on(day)


class Stage(models.Model):
    """One stage (tahapan) of the KPU calendar; recapitulation sub-stages have a parent."""

    election = models.ForeignKey(Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="stages")
    code = models.SlugField(_("code"), max_length=60)
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"))
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.CASCADE, related_name="parts"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = StageQuerySet.as_manager()

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["election", "order"]
        constraints = [models.UniqueConstraint(fields=["election", "code"], name="unique_stage_code")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "id").startswith("en") else self.name_id


class Contest(models.Model):
    """One race in one region: governor (province), regent (kabupaten) or mayor (kota)."""

    class Kind(models.TextChoices):
        GOVERNOR = "gubernur", _("Governor and vice-governor")
        REGENT = "bupati", _("Regent and vice-regent")
        MAYOR = "walikota", _("Mayor and vice-mayor")

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="contests"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="contests"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    objects = ContestQuerySet.as_manager()

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        ordering = ["region__code"]
        constraints = [models.UniqueConstraint(fields=["election", "region"], name="unique_contest_per_region")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.region}"

    @property
    def is_single_candidate(self) -> bool:
        """One pair only: the pair runs against the empty box (kotak kosong). Uses `pair_count` when annotated."""
        count = getattr(self, "pair_count", None)
        if count is None:
            count = self.pairs.count()
        return count == 1

    @staticmethod
    def kind_for(region) -> str:
        if region.level == 1:
            return Contest.Kind.GOVERNOR
        return Contest.Kind.MAYOR if region.kind == "kota" else Contest.Kind.REGENT


class CandidatePair(models.Model):
    class Nomination(models.TextChoices):
        PARTIES = "partai", _("Party-backed")
        INDEPENDENT = "perseorangan", _("Independent")

    contest = models.ForeignKey(Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="pairs")
    ballot_number = models.PositiveSmallIntegerField(_("ballot number"))
    head_name = models.CharField(_("head candidate"), max_length=150)
    deputy_name = models.CharField(_("deputy candidate"), max_length=150)
    nomination = models.CharField(_("nomination"), max_length=12, choices=Nomination.choices)
    backing_parties = models.CharField(_("backing parties"), max_length=300, blank=True)
    is_demo = models.BooleanField(
        _("invented for the demo"), default=False, help_text=_("Names not given by the sources, invented for the demo.")
    )

    class Meta:
        verbose_name = _("candidate pair")
        verbose_name_plural = _("candidate pairs")
        ordering = ["contest", "ballot_number"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "ballot_number"], name="unique_ballot_number"),
        ]

    def __str__(self) -> str:
        return f"{self.ballot_number}. {self.head_name} – {self.deputy_name}"


class PollingStation(models.Model):
    """A TPS: its number in its village (kelurahan/desa/nagari) and its final voter list (DPT) by sex."""

    class Setting(models.TextChoices):
        INDOOR = "dalam", _("Indoor")
        OUTDOOR = "luar", _("Outdoor")

    class SpecialLocation(models.TextChoices):
        NONE = "", _("None")
        PRISON = "lapas", _("Prison or detention centre")
        HOSPITAL = "rumah_sakit", _("Hospital")
        CARE_HOME = "panti", _("Care home")
        DORMITORY = "asrama", _("Dormitory or boarding school")
        WORKPLACE = "tempat_kerja", _("Workplace (mine, plantation, factory)")
        OTHER = "lainnya", _("Other special location")

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="polling_stations"
    )
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="polling_stations",
        limit_choices_to={"level": 4},
    )
    number = models.PositiveSmallIntegerField(_("TPS number"))
    dpt_men = models.PositiveIntegerField(_("voters (men)"))
    dpt_women = models.PositiveIntegerField(_("voters (women)"))
    dpt_total = models.PositiveIntegerField(_("voters (DPT)"), validators=[MaxValueValidator(MAX_VOTERS_PER_TPS)])
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    setting = models.CharField(_("indoor/outdoor"), max_length=5, choices=Setting.choices, default=Setting.OUTDOOR)
    special_location = models.CharField(
        _("special location"), max_length=16, choices=SpecialLocation.choices, blank=True, default=""
    )
    is_generated = models.BooleanField(
        _("generated"), default=False, help_text=_("Generated for the demo to match published totals; not real.")
    )

    objects = PollingStationQuerySet.as_manager()

    class Meta:
        verbose_name = _("polling station (TPS)")
        verbose_name_plural = _("polling stations (TPS)")
        ordering = ["village__code", "number"]
        constraints = [
            models.UniqueConstraint(fields=["election", "village", "number"], name="unique_tps_number_in_village"),
            models.CheckConstraint(
                condition=models.Q(dpt_total=models.F("dpt_men") + models.F("dpt_women")),
                name="tps_dpt_total_is_sum",
            ),
            models.CheckConstraint(
                condition=models.Q(dpt_total__lte=MAX_VOTERS_PER_TPS), name="tps_at_most_600_voters"
            ),
        ]

    def __str__(self) -> str:
        return f"TPS {self.number:03d} {self.village.name}"

    @property
    def label(self) -> str:
        return f"TPS {self.number:03d}"

    @property
    def region_code(self) -> str:
        return self.village.code


class RegionSetting(models.Model):
    """Per-region figures for one election: the turnout target and a historical baseline."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="region_settings"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.CASCADE, related_name="election_settings"
    )
    turnout_target = models.DecimalField(_("turnout target (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    historical_turnout = models.DecimalField(
        _("historical turnout (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    historical_turnout_source = models.CharField(
        _("source of the historical turnout"),
        max_length=255,
        blank=True,
        help_text=_("Which election and which source, e.g. 'Pilkada 2017, Pemko Payakumbuh (unconfirmed)'."),
    )

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("region setting")
        verbose_name_plural = _("region settings")
        constraints = [models.UniqueConstraint(fields=["election", "region"], name="unique_region_setting")]

    def __str__(self) -> str:
        return f"{self.election} · {self.region}"
