"""Media monitoring: news items as received, the stories they form, and the signals in the desks' inboxes.

An :class:`Item` keeps the article exactly as it came (text or HTML, with where it came from) beside what the
engine extracted. Items that tell one event form a :class:`Story`; a story is placed on the region tree through
its :class:`StoryRegion` rows (the access path reads them), and each desk of its subject regions gets one
:class:`Signal` to dismiss or turn into a case. :class:`Feed` rows are the RSS/Atom feeds the worker polls.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .querysets import FeedQuerySet, ItemQuerySet, SignalQuerySet, StoryQuerySet


class ItemStatus(models.TextChoices):
    OK = "ok", _("Analysed")
    EMPTY = "empty", _("Empty")
    TOO_LARGE = "too_large", _("Too large (over 2 MB)")
    BINARY = "binary", _("Binary data, not text")
    NOT_INDONESIAN = "not_indonesian", _("Not in Indonesian")
    GARBLED = "garbled", _("Garbled text")
    NO_TEXT = "no_text", _("No article text found")
    # A single address (URL) that could not be read: nothing was received.
    FETCH_TIMEOUT = "fetch_timeout", _("The address did not answer in time")
    FETCH_REDIRECTS = "fetch_redirects", _("The address redirects too many times")
    FETCH_TOO_LARGE = "fetch_too_large", _("The page is too large (over 2 MB)")
    FETCH_TYPE = "fetch_type", _("The address is not a web page or text")
    FETCH_FAILED = "fetch_failed", _("The address could not be fetched")


class Kind(models.TextChoices):
    PROBLEM = "problem", _("Problem")
    RISK = "risk", _("Risk")
    ROUTINE = "routine", _("Routine activity")


class Feed(models.Model):
    """An RSS/Atom feed of a news site, polled by the worker for a desk's region."""

    class Status(models.TextChoices):
        NEW = "new", _("Not polled yet")
        OK = "ok", _("OK")
        TIMEOUT = "timeout", _("Timed out")
        HTTP_ERROR = "http_error", _("HTTP error")
        BAD_FEED = "bad_feed", _("Not a feed")
        TOO_LARGE = "too_large", _("Too large")
        UNREACHABLE = "unreachable", _("Unreachable")

    name = models.CharField(_("name"), max_length=120)
    url = models.URLField(_("feed address"), max_length=500, unique=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="media_feeds"
    )
    is_active = models.BooleanField(_("active"), default=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    status_message = models.CharField(_("status message"), max_length=300, blank=True)
    last_polled_at = models.DateTimeField(_("last polled at"), null=True, blank=True)
    items_found = models.PositiveIntegerField(_("items found at the last poll"), default=0)
    poll_interval = models.PositiveIntegerField(
        _("poll interval (minutes)"), default=30, validators=[MinValueValidator(5), MaxValueValidator(1440)]
    )
    # When the scheduler last queued a poll (``tasks.poll_due_feeds`` claims a feed by setting it).
    queued_at = models.DateTimeField(_("poll queued at"), null=True, blank=True)

    objects = FeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("news feed")
        verbose_name_plural = _("news feeds")
        ordering = ["region__code", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def region_code(self) -> str:
        return self.region.code


class Story(models.Model):
    """One event as the news told it: every item (outlet) that reported it, the earliest time."""

    title = models.CharField(_("title"), max_length=300)
    main_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("main region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="media_stories",
    )
    day = models.DateField(_("date"), null=True, blank=True, db_index=True)
    category = models.CharField(_("category"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, blank=True)
    stage = models.CharField(_("stage"), max_length=60, blank=True)
    is_old = models.BooleanField(_("old news"), default=False)
    first_seen_at = models.DateTimeField(_("earliest time"))
    outlets = models.JSONField(_("outlets"), default=list)
    item_count = models.PositiveIntegerField(_("items"), default=0)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-first_seen_at", "-pk"]
        indexes = [models.Index(fields=["main_region", "day"], name="media_story_region_day")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("media:story", kwargs={"pk": self.pk})

    @property
    def region_code(self) -> str:
        return self.main_region.code if self.main_region_id else ""


class StoryRegion(models.Model):
    """A region a story names, with its role: the access path and the signals read these rows."""

    class Role(models.TextChoices):
        SUBJECT = "subject", _("Subject")
        VENUE = "venue", _("Venue")
        MENTIONED = "mentioned", _("Mentioned")

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="regions")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="media_story_regions")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("story region")
        verbose_name_plural = _("story regions")
        constraints = [models.UniqueConstraint(fields=["story", "region"], name="media_unique_story_region")]

    def __str__(self) -> str:
        return f"{self.region.code} ({self.role})"


class Item(models.Model):
    """One article as received (``raw``), where it came from, and what the engine extracted from it."""

    class Format(models.TextChoices):
        TEXT = "text", _("Text")
        HTML = "html", _("HTML")

    raw = models.TextField(_("as received"))
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    source = models.CharField(_("source"), max_length=200, blank=True)
    url = models.URLField(_("address"), max_length=1000, blank=True)
    feed = models.ForeignKey(
        Feed, verbose_name=_("feed"), null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    channel = models.CharField(_("channel"), max_length=10)
    received_at = models.DateTimeField(_("received at"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="media_items",
    )
    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True)

    status = models.CharField(_("status"), max_length=16, choices=ItemStatus.choices)
    status_message = models.CharField(_("status message"), max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    published = models.DateField(_("published"), null=True, blank=True)
    event_date = models.DateField(_("event date"), null=True, blank=True)
    main_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("main region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="media_items",
    )
    category = models.CharField(_("category"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, blank=True)
    is_old = models.BooleanField(_("old news"), default=False)
    analysis = models.JSONField(_("extracted fields"), default=dict)
    signature = models.BinaryField(_("MinHash signature"), null=True, blank=True)
    anchors = models.JSONField(_("quotations and names"), default=list)
    # Grouping's own copies of two extracted fields, as columns: the candidate query reads them for dozens of
    # rows per article, and reading them out of ``analysis`` would load and parse the whole document each time.
    figures = models.JSONField(_("figures (unit, value)"), default=list)
    event_date_written = models.BooleanField(_("event date written in the text"), default=False)
    story = models.ForeignKey(
        Story, verbose_name=_("story"), null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        ordering = ["received_at", "pk"]
        # Grouping reads the items of one region and a few days: this index answers it at any store size.
        indexes = [models.Index(fields=["main_region", "event_date"], name="media_item_region_day")]

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"

    @property
    def region_code(self) -> str:
        return self.main_region.code if self.main_region_id else ""

    @property
    def outlet(self) -> str:
        return self.source or (self.feed.name if self.feed_id else "")


class Signal(models.Model):
    """A story in one desk's media inbox: new until the secretariat dismisses it or makes a case of it."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        DISMISSED = "dismissed", _("Dismissed")
        CASE = "case", _("Made into a case")

    story = models.ForeignKey(Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="signals")
    desk = models.ForeignKey(
        "desks.Desk", verbose_name=_("desk"), on_delete=models.CASCADE, related_name="media_signals"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(_("created at"))
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="media_signals_handled",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SignalQuerySet.as_manager()

    class Meta:
        verbose_name = _("media signal")
        verbose_name_plural = _("media signals")
        ordering = ["-story__first_seen_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["story", "desk"], name="media_unique_signal_per_desk")]

    def __str__(self) -> str:
        return f"{self.desk.region.code}: {self.story}"

    @property
    def region_code(self) -> str:
        return self.desk.region.code
