"""The audit trail: every write in every service leaves one row here."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """Where a change came from."""

    WEB = "web", _("Web")
    API = "api", _("API")
    IMPORT = "import", _("File import")
    MESSAGE = "message", _("Chat/SMS message")
    COMMAND = "command", _("Command line")
    SYSTEM = "system", _("System")


class AuditEventQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> "AuditEventQuerySet":
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))

    def newest_first(self) -> "AuditEventQuerySet":
        return self.order_by("-at", "-pk")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("at"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=64)
    region_code = models.CharField(_("region code"), max_length=13, blank=True, db_index=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.WEB)
    note = models.TextField(_("note"), blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class PeriodicTaskQuerySet(models.QuerySet):
    def due(self, now) -> "PeriodicTaskQuerySet":
        return self.filter(next_run_at__lte=now)


class PeriodicTask(models.Model):
    """When the scheduler last queued a periodic task and when it queues it next (one row per task path).

    Claiming a run is a conditional UPDATE on ``next_run_at``, so several schedulers (one per machine) never
    queue the same run twice.
    """

    path = models.CharField(_("task"), max_length=200, unique=True)
    every_seconds = models.PositiveIntegerField(_("every (seconds)"))
    next_run_at = models.DateTimeField(_("next run at"))
    last_queued_at = models.DateTimeField(_("last queued at"), null=True, blank=True)
    last_task_id = models.CharField(_("last task id"), max_length=64, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    objects = PeriodicTaskQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("periodic task")
        verbose_name_plural = _("periodic tasks")

    def __str__(self) -> str:
        return self.path
