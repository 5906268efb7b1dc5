"""Cases: incidents and potential problems (kerawanan), routed to institutions and followed until closed.

A case belongs to the desk that handles it (the regency/city desk of its region, or the province desk; an
escalation hands it to the desk above). Every step of its life is a named service in `services.py` that leaves an
audit event on the case, and the case page shows those events as its timeline.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .querysets import CaseQuerySet, RoutedActionQuerySet


class Severity(models.TextChoices):
    RENDAH = "rendah", _("Low")
    SEDANG = "sedang", _("Medium")
    TINGGI = "tinggi", _("High")
    KRITIS = "kritis", _("Critical")


SEVERITY_RANK = {Severity.RENDAH: 1, Severity.SEDANG: 2, Severity.TINGGI: 3, Severity.KRITIS: 4}


class Category(models.Model):
    """One entry of the case taxonomy. Ships as data (`cases/data/categories.csv`); admins add more."""

    class Group(models.TextChoices):
        ISSUE = "isu", _("Strategic issue")
        TPS_RAWAN = "tps_rawan", _("Vulnerable-TPS variable")
        OTHER = "lainnya", _("Other")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    group = models.CharField(_("group"), max_length=12, choices=Group.choices, default=Group.ISSUE)
    description = models.TextField(_("description"), blank=True)
    lead_institutions = models.CharField(
        _("lead institutions"), max_length=300, blank=True, help_text=_("As desks name them, e.g. Sentra Gakkumdu.")
    )
    default_severity = models.CharField(
        _("default severity"), max_length=8, choices=Severity.choices, default=Severity.SEDANG
    )
    keywords = models.CharField(
        _("keywords"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated words a chat message may use for this category (e.g. 'money, serangan fajar')."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "id").startswith("en") else self.name_id


class PlaybookStep(models.Model):
    """A recommended action for a category: which kind of institution does what (from the routing table)."""

    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="playbook_steps"
    )
    institution_kind = models.CharField(_("institution kind"), max_length=16)
    action = models.TextField(_("recommended action"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("playbook step")
        verbose_name_plural = _("playbook steps")
        ordering = ["category", "order"]

    def __str__(self) -> str:
        return f"{self.category.code}: {self.institution_kind}"


class ResponseTime(models.Model):
    """How long an institution has to act on a routed case of each severity (editable in the admin)."""

    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices, unique=True)
    hours = models.PositiveIntegerField(_("hours to act"))

    class Meta:
        verbose_name = _("response time")
        verbose_name_plural = _("response times")

    def __str__(self) -> str:
        return f"{self.get_severity_display()}: {self.hours} h"


DEFAULT_RESPONSE_HOURS = {Severity.KRITIS: 6, Severity.TINGGI: 24, Severity.SEDANG: 72, Severity.RENDAH: 168}


class Case(models.Model):
    class Kind(models.TextChoices):
        INCIDENT = "kejadian", _("Incident (happened)")
        POTENTIAL = "potensi", _("Potential problem (may happen)")

    class Status(models.TextChoices):
        NEW = "baru", _("New")
        VERIFIED = "terverifikasi", _("Verified")
        IN_HANDLING = "ditangani", _("Routed, in handling")
        RESOLVED = "selesai", _("Resolved")
        REJECTED = "ditolak", _("Rejected")
        MERGED = "digabung", _("Merged as a duplicate")

    OPEN_STATUSES = (Status.NEW, Status.VERIFIED, Status.IN_HANDLING)

    number = models.CharField(_("number"), max_length=20, unique=True, null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.INCIDENT)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.NEW, db_index=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="cases"
    )
    desk = models.ForeignKey(
        "desks.Desk", verbose_name=_("handling desk"), on_delete=models.PROTECT, related_name="cases"
    )
    polling_station = models.ForeignKey(
        "elections.PollingStation",
        verbose_name=_("TPS"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    occurred_at = models.DateTimeField(_("happened at"))
    occurred_on = models.DateField(_("local day"), db_index=True, help_text=_("The day in the region's time zone."))
    stage = models.ForeignKey(
        "elections.Stage", verbose_name=_("stage"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="cases")
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    channel = models.CharField(_("channel"), max_length=16)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_cases",
    )
    # Personal data of the person who reported (UU PDP 27/2022): only the owning desk's secretariat sees it.
    reporter_name = models.CharField(_("reporter's name"), max_length=150, blank=True)
    reporter_phone = models.CharField(_("reporter's phone"), max_length=20, blank=True)
    reporter_nik = models.CharField(_("reporter's NIK"), max_length=16, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    created_at = models.DateTimeField(_("received at"), db_index=True)
    updated_at = models.DateTimeField(_("updated at"))

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["desk", "status", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.number or '—'} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", kwargs={"pk": self.pk})

    @property
    def region_code(self) -> str:
        return self.region.code

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class IntakeKey(models.Model):
    """A client-made key of one submission (web form key, API Idempotency-Key, chat message id).

    The same key from the same account returns the first case instead of storing a second one; the fingerprint
    of the submitted body tells a retry (same body) from a reused key (another body: refused).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="intake_keys")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="unique_intake_key_per_user")]

    def __str__(self) -> str:
        return self.key


class RoutedAction(models.Model):
    """What one institution was asked to do about a case, by when, and what it has done."""

    class Status(models.TextChoices):
        OPEN = "terbuka", _("Open")
        IN_PROGRESS = "dikerjakan", _("In progress")
        DONE = "selesai", _("Done")
        CANCELLED = "batal", _("Cancelled")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="actions")
    institution = models.ForeignKey(
        "desks.Institution", verbose_name=_("institution"), on_delete=models.PROTECT, related_name="routed_actions"
    )
    owner_name = models.CharField(_("person in charge"), max_length=150, blank=True)
    description = models.TextField(_("requested action"))
    due_at = models.DateTimeField(_("due"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("routed at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    objects = RoutedActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("routed action")
        verbose_name_plural = _("routed actions")
        ordering = ["due_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case.number} → {self.institution}"

    @property
    def region_code(self) -> str:
        return self.case.region.code


class FollowUp(models.Model):
    """An entry in a routed action's log: what was done, by whom, with evidence."""

    action = models.ForeignKey(
        RoutedAction, verbose_name=_("action"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("note"))
    status_after = models.CharField(_("status after"), max_length=10, choices=RoutedAction.Status.choices)
    created_at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.note[:60]


class Attachment(models.Model):
    """Evidence (photo or PDF), stored outside the web root and served only through the access path."""

    class Purpose(models.TextChoices):
        EVIDENCE = "bukti", _("Evidence")
        FOLLOW_UP = "tindak_lanjut", _("Follow-up evidence")
        CLOSING = "penutupan", _("Closing evidence")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="attachments")
    follow_up = models.ForeignKey(FollowUp, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    purpose = models.CharField(_("purpose"), max_length=14, choices=Purpose.choices, default=Purpose.EVIDENCE)
    file = models.FileField(_("file"), upload_to="cases/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=60)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("cases:attachment", kwargs={"pk": self.case_id, "attachment_id": self.pk})
