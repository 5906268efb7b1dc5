"""Writes to election data: the election and its stage calendar, contests, candidate pairs, region settings and
the TPS import. Every function is transactional and leaves an audit row (:mod:`deskpilkada.core.audit`)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import os
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from deskpilkada.core import audit
from deskpilkada.core.models import Channel
from deskpilkada.regions import names
from deskpilkada.regions.models import Region

from . import imports
from .imports import RowError, TpsRow
from .models import CandidatePair, Contest, Election, PollingStation, RegionSetting, Stage

DATA_DIR = Path(__file__).resolve().parent / "data"
STAGE_CALENDAR_2024 = DATA_DIR / "tahapan-pilkada-2024.csv"
PILKADA_2024 = {"slug": "pilkada-2024", "name": "Pilkada Serentak 2024", "voting_day": dt.date(2024, 11, 27)}
BATCH_SIZE = 2000


# --- Elections and their stage calendar -------------------------------------------------------------------------


@transaction.atomic
def save_election(
    *, slug: str, name: str, voting_day: dt.date, is_active: bool = True, by=None, channel: str = Channel.WEB
) -> tuple[Election, bool]:
    """Create the election with this slug, or bring its name and voting day up to date. Idempotent."""
    values = {"name": name, "voting_day": voting_day, "is_active": is_active}
    election = Election.objects.filter(slug=slug).first()
    if election is None:
        election = Election.objects.create(slug=slug, **values)
        audit.record(actor=by, action="election.create", obj=election, channel=channel, changes=audit.created(values))
        return election, True
    changes = audit.diff(election, values)
    if changes:
        for field, value in values.items():
            setattr(election, field, value)
        election.save(update_fields=list(values))
        audit.record(actor=by, action="election.update", obj=election, channel=channel, changes=changes)
    return election, False


@dataclasses.dataclass(frozen=True)
class StageRow:
    code: str
    name_id: str
    name_en: str
    start: dt.date | None
    end: dt.date
    parent: str


def read_stage_calendar(path: Path | str = STAGE_CALENDAR_2024) -> list[StageRow]:
    """The rows of a stage calendar file (code,name_id,name_en,start,end,parent), in file order."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [
            StageRow(
                code=row["code"].strip(),
                name_id=row["name_id"].strip(),
                name_en=row["name_en"].strip(),
                start=dt.date.fromisoformat(row["start"]) if row["start"].strip() else None,
                end=dt.date.fromisoformat(row["end"]),
                parent=row["parent"].strip(),
            )
            for row in csv.DictReader(handle)
        ]


@transaction.atomic
def load_stage_calendar(
    election: Election, rows: list[StageRow], *, by=None, channel: str = Channel.WEB
) -> dict[str, int]:
    """Create or update the election's stages: ``order`` is the file order, ``parent`` is resolved by code.

    Stages not in the file are left alone. A second run with the same file writes nothing.
    """
    codes = [row.code for row in rows]
    unknown_parents = {row.parent for row in rows if row.parent} - set(codes)
    if unknown_parents:
        raise ValueError(f"Stage calendar names unknown parent stage(s): {', '.join(sorted(unknown_parents))}")
    existing = {stage.code: stage for stage in election.stages.all()}
    created = updated = 0
    # Parents first, so that a part can point at its parent.
    for row in sorted(rows, key=lambda r: bool(r.parent)):
        order = codes.index(row.code) + 1
        values = {
            "name_id": row.name_id,
            "name_en": row.name_en,
            "start": row.start,
            "end": row.end,
            "order": order,
            "parent_id": existing[row.parent].pk if row.parent else None,
        }
        stage = existing.get(row.code)
        if stage is None:
            stage = Stage.objects.create(election=election, code=row.code, **values)
            existing[row.code] = stage
            created += 1
            audit.record(actor=by, action="stage.create", obj=stage, channel=channel, changes=audit.created(values))
            continue
        changes = audit.diff(stage, values)
        if changes:
            for field, value in values.items():
                setattr(stage, field, value)
            stage.save()
            updated += 1
            audit.record(actor=by, action="stage.update", obj=stage, channel=channel, changes=changes)
    return {"created": created, "updated": updated, "unchanged": len(rows) - created - updated}


@transaction.atomic
def load_pilkada_2024(*, by=None, channel: str = Channel.COMMAND) -> Election:
    """The election "Pilkada Serentak 2024" (voting day 27 Nov 2024) with the KPU stage calendar (PKPU 2/2024)."""
    election, _created_now = save_election(**PILKADA_2024, by=by, channel=channel)
    load_stage_calendar(election, read_stage_calendar(STAGE_CALENDAR_2024), by=by, channel=channel)
    return election


# --- Contests, candidate pairs, region settings ----------------------------------------------------------------


@transaction.atomic
def save_contest(election: Election, region: Region, *, by=None, channel: str = Channel.WEB) -> tuple[Contest, bool]:
    """The contest of a province (governor), kabupaten (regent) or kota (mayor). Idempotent."""
    if region.level not in (Region.Level.PROVINCE, Region.Level.REGENCY):
        raise ValueError(f"Pilkada contests are held in provinces and regencies/cities, not in {region.code}")
    kind = Contest.kind_for(region)
    contest = Contest.objects.filter(election=election, region=region).first()
    if contest is None:
        contest = Contest.objects.create(election=election, region=region, kind=kind)
        audit.record(actor=by, action="contest.create", obj=contest, channel=channel, changes={"kind": [None, kind]})
        return contest, True
    if contest.kind != kind:
        audit.record(
            actor=by, action="contest.update", obj=contest, channel=channel, changes={"kind": [contest.kind, kind]}
        )
        contest.kind = kind
        contest.save(update_fields=["kind"])
    return contest, False


@transaction.atomic
def save_candidate_pair(
    contest: Contest,
    *,
    ballot_number: int,
    head_name: str,
    deputy_name: str,
    nomination: str = CandidatePair.Nomination.PARTIES,
    backing_parties: str = "",
    is_demo: bool = False,
    by=None,
    channel: str = Channel.WEB,
) -> tuple[CandidatePair, bool]:
    """Create or update the pair with this ballot number in the contest. Idempotent."""
    values = {
        "head_name": head_name,
        "deputy_name": deputy_name,
        "nomination": nomination,
        "backing_parties": backing_parties,
        "is_demo": is_demo,
    }
    pair = CandidatePair.objects.filter(contest=contest, ballot_number=ballot_number).first()
    region_code = contest.region.code
    if pair is None:
        pair = CandidatePair.objects.create(contest=contest, ballot_number=ballot_number, **values)
        audit.record(
            actor=by,
            action="candidate_pair.create",
            obj=pair,
            channel=channel,
            region_code=region_code,
            changes=audit.created({"ballot_number": ballot_number, **values}),
        )
        return pair, True
    changes = audit.diff(pair, values)
    if changes:
        for field, value in values.items():
            setattr(pair, field, value)
        pair.save(update_fields=list(values))
        audit.record(
            actor=by,
            action="candidate_pair.update",
            obj=pair,
            channel=channel,
            region_code=region_code,
            changes=changes,
        )
    return pair, False


@transaction.atomic
def save_region_setting(
    election: Election,
    region: Region,
    *,
    turnout_target: Decimal | None = None,
    historical_turnout: Decimal | None = None,
    historical_turnout_source: str = "",
    by=None,
    channel: str = Channel.WEB,
) -> RegionSetting:
    """Set a region's turnout target and historical baseline for an election. Idempotent."""
    values = {
        "turnout_target": None if turnout_target is None else Decimal(turnout_target).quantize(Decimal("0.01")),
        "historical_turnout": (
            None if historical_turnout is None else Decimal(historical_turnout).quantize(Decimal("0.01"))
        ),
        "historical_turnout_source": historical_turnout_source,
    }
    for field in ("turnout_target", "historical_turnout"):
        if values[field] is not None and not Decimal(0) <= values[field] <= Decimal(100):
            raise ValueError(f"{field} must be a percentage between 0 and 100")
    setting = RegionSetting.objects.filter(election=election, region=region).first()
    if setting is None:
        setting = RegionSetting.objects.create(election=election, region=region, **values)
        audit.record(
            actor=by, action="region_setting.create", obj=setting, channel=channel, changes=audit.created(values)
        )
        return setting
    changes = audit.diff(setting, values)
    if changes:
        for field, value in values.items():
            setattr(setting, field, value)
        setting.save(update_fields=list(values))
        audit.record(actor=by, action="region_setting.update", obj=setting, channel=channel, changes=changes)
    return setting


# --- TPS import --------------------------------------------------------------------------------------------------

TPS_FIELDS = (
    "dpt_men",
    "dpt_women",
    "dpt_total",
    "address",
    "latitude",
    "longitude",
    "setting",
    "special_location",
    "is_generated",
)


@dataclasses.dataclass
class TpsImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class VillageResolver:
    """Finds the villages a file names, by Kemendagri code or by the four names, in a few queries.

    Names are compared by their normalized search key (case, punctuation and a leading "Kota"/"Kab."/"Kec."/
    "Kelurahan"/"Nagari" do not matter), then with spaces ignored ("Limapuluh Kota" = "Lima Puluh Kota").
    """

    def __init__(self, rows: list[TpsRow]):
        codes = {row.village_code for row in rows if row.village_code}
        named = [row.village_names for row in rows if row.village_names]
        self.by_code: dict[str, int] = {}
        self.by_names: dict[tuple[str, ...], int | str] = {}
        self.code_of: dict[int, str] = {}
        provinces = list(Region.objects.filter(level=1).values_list("pk", "code", "search_name", "kind"))
        prefixes = {code[:2] for code in codes}
        province_match: dict[str, int | str] = {}
        for province_name in {n[0] for n in named}:
            province_match[province_name] = self._match(provinces, province_name, _("province"), "")
            hit = province_match[province_name]
            if isinstance(hit, int):
                prefixes.add(next(code for pk, code, _s, _k in provinces if pk == hit))
        if not prefixes:
            return
        scope = Q()
        for prefix in sorted(prefixes):
            scope |= Q(code__below=prefix)
        levels = [2, 3, 4] if named else [4]
        children: dict[int | None, list[tuple]] = {}
        for pk, code, parent_id, search_name, kind, level in (
            Region.objects.filter(scope, level__in=levels)
            .values_list("pk", "code", "parent_id", "search_name", "kind", "level")
            .iterator(chunk_size=5000)
        ):
            if level == 4:
                self.by_code[code] = pk
                self.code_of[pk] = code
            if named:
                children.setdefault(parent_id, []).append((pk, code, search_name, kind))
        for row_names in set(named):
            hit = province_match[row_names[0]]
            labels = (_("regency/city"), _("district"), _("village"))
            for i, label in enumerate(labels, start=1):
                if isinstance(hit, str):
                    break
                hit = self._match(children.get(hit, []), row_names[i], label, row_names[i - 1])
            self.by_names[row_names] = hit

    @staticmethod
    def _match(candidates: list[tuple], text: str, label: str, parent: str) -> int | str:
        """The pk of the one candidate (pk, code, search_name, kind) with this name, or the reason it fails."""
        full = names.normalize(text)
        kinds, key = names.split_kind(text)
        for compare in (lambda s: s, lambda s: s.replace(" ", "")):
            hits = [c for c in candidates if compare(c[2]) == compare(full)]
            if not hits and key != full:
                hits = [c for c in candidates if compare(c[2]) == compare(key) and (not kinds or c[3] in kinds)]
            if len(hits) == 1:
                return hits[0][0]
            if len(hits) > 1:
                return _("%(name)s matches several regions in %(parent)s (%(codes)s); give the kode_wilayah") % {
                    "name": text,
                    "parent": parent or _("Indonesia"),
                    "codes": ", ".join(c[1] for c in hits),
                }
        if parent:
            return _("unknown %(level)s %(name)s in %(parent)s") % {"level": label, "name": text, "parent": parent}
        return _("unknown %(level)s %(name)s") % {"level": label, "name": text}

    def resolve(self, row: TpsRow) -> int | str:
        if row.village_code:
            pk = self.by_code.get(row.village_code)
            return pk if pk is not None else _("unknown village code %(code)s") % {"code": row.village_code}
        return self.by_names[row.village_names]


def _read_upload(file: str | os.PathLike | bytes | IO) -> tuple[bytes | str, str]:
    if isinstance(file, bytes | bytearray):
        return bytes(file), ""
    if isinstance(file, str | os.PathLike):
        path = Path(file)
        return path.read_bytes(), path.name
    data = file.read()
    return data, os.path.basename(getattr(file, "name", "") or "")


@transaction.atomic
def import_polling_stations(
    file: str | os.PathLike | bytes | IO,
    *,
    election: Election,
    by=None,
    channel: str = Channel.IMPORT,
    update_existing: bool = True,
) -> TpsImportResult:
    """Import a TPS file (format: ``docs/data-formats.md``). All or nothing: with any bad row nothing is written
    and ``result.errors`` lists every bad line with its number (the header is line 1) and the reason."""
    data, filename = _read_upload(file)
    parsed = imports.parse_tps_file(data)
    return import_tps_rows(
        parsed.rows,
        election=election,
        by=by,
        channel=channel,
        update_existing=update_existing,
        parse_errors=parsed.errors,
        note=filename,
    )


@transaction.atomic
def import_tps_rows(
    rows: list[TpsRow],
    *,
    election: Election,
    by=None,
    channel: str = Channel.IMPORT,
    update_existing: bool = True,
    parse_errors: Iterable[RowError] = (),
    note: str = "",
) -> TpsImportResult:
    """The bulk core of the TPS import: resolve villages, check the rows, and upsert them in bulk.

    A TPS is identified by (election, village, number): a row for an existing TPS updates it, so importing the
    same rows twice writes nothing the second time. With ``update_existing=False`` a row that would change an
    existing TPS is an error instead (the file may only add TPS). TPS that the rows do not mention are kept.
    """
    result = TpsImportResult(rows=len(rows), errors=list(parse_errors))
    resolver = VillageResolver(rows)
    resolved: list[tuple[TpsRow, int]] = []
    for row in rows:
        village = resolver.resolve(row)
        if isinstance(village, str):
            result.errors.append(RowError(row.line, village))
        else:
            resolved.append((row, village))
    village_of = {row.line: pk for row, pk in resolved}
    result.errors.extend(imports.duplicate_errors([row for row, _pk in resolved], key=lambda r: village_of[r.line]))

    touched_codes = [resolver.code_of[pk] for _row, pk in resolved]
    existing = _existing_stations(election, {code[:2] for code in touched_codes})
    to_write: list[PollingStation] = []
    for row, village_id in resolved:
        values = {
            "dpt_men": row.dpt_men,
            "dpt_women": row.dpt_women,
            "dpt_total": row.dpt_total,
            "address": row.address,
            "latitude": row.latitude,
            "longitude": row.longitude,
            "setting": row.setting,
            "special_location": row.special_location,
            "is_generated": row.is_generated,
        }
        before = existing.get((village_id, row.number))
        if before is not None and before == values:
            result.unchanged += 1
            continue
        if before is not None and not update_existing:
            result.errors.append(
                RowError(
                    row.line,
                    _("TPS %(number)s in %(village)s already exists with other figures; this import only adds TPS")
                    % {"number": f"{row.number:03d}", "village": row.village_label},
                )
            )
            continue
        if before is None:
            result.created += 1
        else:
            result.updated += 1
        to_write.append(PollingStation(election=election, village_id=village_id, number=row.number, **values))

    if result.errors:
        result.errors = sorted(set(result.errors))
        result.created = result.updated = result.unchanged = 0
        return result
    PollingStation.objects.bulk_create(
        to_write,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["election", "village", "number"],
        update_fields=list(TPS_FIELDS),
    )
    if to_write:
        audit.record(
            actor=by,
            action="tps.import",
            obj=election,
            channel=channel,
            region_code=_common_prefix(touched_codes),
            changes={"rows": result.rows, "created": result.created, "updated": result.updated},
            note=note,
        )
    return result


def _existing_stations(election: Election, provinces: set[str]) -> dict[tuple[int, int], dict[str, Any]]:
    if not provinces:
        return {}
    scope = Q()
    for prefix in sorted(provinces):
        scope |= Q(village__code__below=prefix)
    rows = PollingStation.objects.filter(scope, election=election).values_list("village_id", "number", *TPS_FIELDS)
    existing = {}
    for village_id, number, *values in rows.iterator(chunk_size=5000):
        record = dict(zip(TPS_FIELDS, values, strict=True))
        for field in ("latitude", "longitude"):
            if record[field] is not None:
                record[field] = Decimal(record[field]).quantize(Decimal("0.000001"))
        existing[(village_id, number)] = record
    return existing


def _common_prefix(codes: list[str]) -> str:
    """The deepest region code that contains all of these codes ("" when they span provinces)."""
    if not codes:
        return ""
    parts = codes[0].split(".")
    for code in codes[1:]:
        other = code.split(".")
        i = 0
        while i < min(len(parts), len(other)) and parts[i] == other[i]:
            i += 1
        parts = parts[:i]
        if not parts:
            return ""
    return ".".join(parts)


def tps_csv(rows: Iterable[dict[str, Any]], delimiter: str = ",") -> str:
    """Write TPS rows (dicts keyed by the documented column names) as a file the importer reads."""
    columns = [
        "kode_wilayah",
        "no_tps",
        "dpt_laki_laki",
        "dpt_perempuan",
        "dpt_total",
        "alamat",
        "latitude",
        "longitude",
        "lokasi",
        "lokasi_khusus",
    ]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, delimiter=delimiter, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()
