"""Tiered reports: report sets (who must report what, by when), the reports themselves, the campaign activities
they log, and the excusals a desk gives the regions below it.

A report is drafted from the data of its region and local day, edited by the secretariat, submitted, approved (and
locked) by the desk's chair and received by the desk above, which may return it for a correction. Its figures are
frozen at submission (``figures``), so a case edited later does not change a report that was sent. Every step is a
named service in ``services.py`` that leaves an audit event on the report; the report page shows them as its history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from deskpilkada.regions.models import Region

from .querysets import ExcusalQuerySet, ReminderQuerySet, ReportQuerySet, ReportSetQuerySet


class Situation(models.TextChoices):
    """The desk's reading of the general situation, from calm to vulnerable."""

    AMAN = "aman", _("Safe")
    KONDUSIF = "kondusif", _("Conducive")
    WASPADA = "waspada", _("Alert")
    RAWAN = "rawan", _("Vulnerable")


class ReportSet(models.Model):
    """What must be reported: daily (the default), weekly (on Mondays, for Monday to Sunday before) or special
    (ad hoc, for a serious case). Which levels report, from when to when and by what local time are settings
    (``ReportingLevel``); around voting day the daily set can ask for several reports a day (posko mode)."""

    class Kind(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")
        SPECIAL = "special", _("Special (attention)")

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.DAILY)
    number_prefix = models.CharField(
        _("number prefix"), max_length=8, help_text=_("Starts each report's number, e.g. LH for laporan harian.")
    )
    election = models.ForeignKey(
        "elections.Election",
        verbose_name=_("election"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report_sets",
        help_text=_("Gives the H-n labels and the voting day of posko mode."),
    )
    active_from = models.DateField(_("reports from"))
    active_to = models.DateField(_("reports until"), null=True, blank=True)
    posko_reports_per_day = models.PositiveSmallIntegerField(
        _("reports a day in posko mode"), default=1, help_text=_("1 switches posko mode off.")
    )
    posko_from_offset = models.SmallIntegerField(_("posko mode from (H+n)"), default=-3)
    posko_to_offset = models.SmallIntegerField(_("posko mode until (H+n)"), default=3)
    posko_interval_hours = models.PositiveSmallIntegerField(
        _("hours between posko reports"),
        default=6,
        help_text=_(
            "The last report of a posko day is due at the level's deadline, each earlier one this much before."
        ),
    )
    reminder_lead_minutes = models.PositiveSmallIntegerField(
        _("remind this many minutes before the deadline"),
        default=120,
        help_text=_("Desks that have not reported are reminded this long before their deadline, and again after it."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ReportSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("report set")
        verbose_name_plural = _("report sets")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True) | Q(active_to__gte=F("active_from")),
                name="report_set_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(posko_reports_per_day__gte=1, posko_reports_per_day__lte=6),
                name="report_set_posko_one_to_six",
            ),
            models.CheckConstraint(
                condition=Q(posko_to_offset__gte=F("posko_from_offset")), name="report_set_posko_in_order"
            ),
            models.CheckConstraint(
                condition=Q(posko_interval_hours__gte=1, posko_interval_hours__lte=12),
                name="report_set_posko_interval",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "id").startswith("en") else self.name_id

    @property
    def is_periodic(self) -> bool:
        """Daily and weekly sets are expected on their days; special reports are made when needed."""
        return self.kind != self.Kind.SPECIAL


class ReportingLevel(models.Model):
    """A level that must report in a set, and by what local time (in the region's own WIB/WITA/WIT)."""

    report_set = models.ForeignKey(
        ReportSet, verbose_name=_("report set"), on_delete=models.CASCADE, related_name="levels"
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Region.Level.choices)
    deadline = models.TimeField(_("deadline (local time)"))

    class Meta:
        verbose_name = _("reporting level")
        verbose_name_plural = _("reporting levels")
        ordering = ["report_set", "level"]
        constraints = [
            models.UniqueConstraint(fields=["report_set", "level"], name="unique_reporting_level"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=4), name="reporting_level_is_a_level"),
        ]

    def __str__(self) -> str:
        return f"{self.report_set.code}: {self.get_level_display()} {self.deadline:%H:%M}"


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the chair")
        APPROVED = "approved", _("Approved and sent")
        RECEIVED = "received", _("Received by the desk above")
        RETURNED = "returned", _("Returned for correction")

    # Where the secretariat may still change the text; approval locks it until the desk above returns it.
    EDITABLE_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)
    SUBMITTABLE_STATUSES = (Status.DRAFT, Status.RETURNED)
    LOCKED_STATUSES = (Status.APPROVED, Status.RECEIVED)
    SENT_STATUSES = (Status.SUBMITTED, Status.APPROVED, Status.RECEIVED, Status.RETURNED)

    report_set = models.ForeignKey(
        ReportSet, verbose_name=_("report set"), on_delete=models.PROTECT, related_name="reports"
    )
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="reports")
    number = models.CharField(_("number"), max_length=40, unique=True)
    day = models.DateField(
        _("reporting day"), help_text=_("The local day the report is for (weekly: the Monday it is due).")
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    sequence = models.PositiveSmallIntegerField(
        _("sequence"), default=1, help_text=_("The n-th report of the day (posko mode, special reports).")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    situation = models.CharField(_("general situation"), max_length=10, choices=Situation.choices, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    is_nihil = models.BooleanField(_("nihil (nothing to report)"), default=False)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="special_reports",
        help_text=_("The serious case a special report is about."),
    )
    place = models.CharField(_("place"), max_length=100, blank=True, help_text=_("Written before the date."))
    signatory_name = models.CharField(_("signed by"), max_length=150, blank=True)
    signatory_position = models.CharField(_("position"), max_length=200, blank=True)
    signatory_nip = models.CharField(_("NIP"), max_length=30, blank=True)
    figures = models.JSONField(
        _("figures"), default=dict, blank=True, help_text=_("Computed from the data; frozen when submitted.")
    )
    figures_at = models.DateTimeField(_("figures computed at"), null=True, blank=True)
    deadline_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(
        _("first submitted at"), null=True, blank=True, help_text=_("Timeliness counts from the first submission.")
    )
    last_submitted_at = models.DateTimeField(_("last submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_note = models.TextField(_("return note"), blank=True)
    override_reason = models.TextField(
        _("chair's override"), blank=True, help_text=_("Why the chair submitted before every child reported.")
    )
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("drafted at"))
    updated_at = models.DateTimeField(_("updated at"))

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-day", "region__code", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["report_set", "region", "day", "sequence"], name="one_report_per_region_day_and_sequence"
            ),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="report_sequence_from_one"),
            models.CheckConstraint(condition=Q(period_start__lte=F("period_end")), name="report_period_in_order"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False, last_submitted_at__isnull=False),
                name="sent_report_has_submission_time",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "received"]) | Q(approved_at__isnull=False),
                name="approved_report_has_approval_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="received") | Q(received_at__isnull=False), name="received_report_has_time"
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_note=""), name="returned_report_has_note"
            ),
            models.CheckConstraint(
                condition=Q(override_reason="") | Q(override_by__isnull=False), name="override_has_its_chair"
            ),
        ]
        indexes = [
            models.Index(fields=["report_set", "day"], name="report_set_day"),
            models.Index(fields=["region", "report_set", "-day"], name="report_region_set_day"),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", kwargs={"pk": self.pk})

    @property
    def region_code(self) -> str:
        return self.region.code

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_locked(self) -> bool:
        return self.status in self.LOCKED_STATUSES

    @property
    def is_sent(self) -> bool:
        """Submitted at least once: it counts as reported (timeliness from the first submission)."""
        return self.submitted_at is not None

    @property
    def on_time(self) -> bool | None:
        """Whether the first submission came by the deadline; None before it is submitted or without one."""
        if self.submitted_at is None or self.deadline_at is None:
            return None
        return self.submitted_at <= self.deadline_at


class CampaignActivity(models.Model):
    """One entry of the report's campaign log: when, where, what, who was there."""

    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="activities")
    starts_at = models.TimeField(_("time (local)"))
    place = models.CharField(_("place"), max_length=200)
    description = models.TextField(_("description"))
    figures_present = models.CharField(_("political figures present"), max_length=300, blank=True)
    candidate_pair = models.ForeignKey(
        "elections.CandidatePair",
        verbose_name=_("candidate pair"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    remarks = models.TextField(_("remarks"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("campaign activity")
        verbose_name_plural = _("campaign activities")
        ordering = ["report", "starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M} {self.place}"

    @property
    def region_code(self) -> str:
        return self.report.region.code


class ActivityPhoto(models.Model):
    """A photo of a campaign activity, checked by its first bytes and served only through the access path."""

    activity = models.ForeignKey(
        CampaignActivity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=60)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse(
            "reports:photo",
            kwargs={"pk": self.activity.report_id, "activity_id": self.activity_id, "photo_id": self.pk},
        )


class Excusal(models.Model):
    """The desk above excuses a region from one day's report of a set, with the reason (no network, a disaster)."""

    report_set = models.ForeignKey(
        ReportSet, verbose_name=_("report set"), on_delete=models.PROTECT, related_name="excusals"
    )
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="excusals")
    day = models.DateField(_("day"))
    reason = models.TextField(_("reason"))
    excused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("excused at"))

    objects = ExcusalQuerySet.as_manager()

    class Meta:
        verbose_name = _("excusal")
        verbose_name_plural = _("excusals")
        ordering = ["-day", "region__code"]
        constraints = [
            models.UniqueConstraint(fields=["report_set", "region", "day"], name="one_excusal_per_region_and_day"),
            models.CheckConstraint(condition=~Q(reason=""), name="excusal_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.region.code} {self.day:%Y-%m-%d}"

    @property
    def region_code(self) -> str:
        return self.region.code


class Reminder(models.Model):
    """A reminder that a region has not reported: before the deadline (``reminder_lead_minutes`` ahead) or once it
    has passed. One per set, region, local day, slot and kind, so the job that sends them is idempotent; it is open
    while the slot is neither reported nor excused."""

    class Kind(models.TextChoices):
        BEFORE_DEADLINE = "before_deadline", _("Before the deadline")
        OVERDUE = "overdue", _("Overdue")

    report_set = models.ForeignKey(
        ReportSet, verbose_name=_("report set"), on_delete=models.CASCADE, related_name="reminders"
    )
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="reminders")
    day = models.DateField(_("reporting day"))
    sequence = models.PositiveSmallIntegerField(_("sequence"), default=1)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    deadline_at = models.DateTimeField(_("deadline"))
    created_at = models.DateTimeField(_("reminded at"))
    batch = models.UUIDField(editable=False, db_index=True, help_text="The run of the job that created it.")

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-day", "region__code", "sequence", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["report_set", "region", "day", "sequence", "kind"], name="one_reminder_per_slot_and_kind"
            ),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="reminder_sequence_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.report_set.code} {self.region.code} {self.day:%Y-%m-%d}.{self.sequence} {self.kind}"

    @property
    def region_code(self) -> str:
        return self.region.code
