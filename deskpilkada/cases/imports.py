"""Bulk import of cases from a CSV or XLSX file, for desks that collected reports on paper.

All or nothing: every row is checked (region in the importer's regions, category, severity, kind, time, title,
description, reporter's phone and NIK, the same report twice in the file); with any bad row nothing is imported and
every bad line is reported with its number (the header is line 1). A good file becomes one case per row, all created
through :func:`services.submit_case` (channel ``import``) inside one transaction. The format is documented in
``docs/data-formats.md``. Messages are gettext-wrapped English; the Indonesian catalogue translates them.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import os
import re
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Replace
from django.utils.translation import gettext as _
from lokal.phone import normalize_phone

from deskpilkada.accounts import access
from deskpilkada.core import clock
from deskpilkada.core.models import Channel
from deskpilkada.desks.models import Desk
from deskpilkada.elections.models import Election, PollingStation
from deskpilkada.regions import names
from deskpilkada.regions.models import Region

from . import services
from .models import Case, Category, Severity

MAX_ROWS = 5000
FUTURE_TOLERANCE = dt.timedelta(minutes=10)

REGION_CODE = "kode_wilayah"
REGION_PATH = "wilayah"
COLUMNS = (
    REGION_CODE,
    REGION_PATH,
    "no_tps",
    "kategori",
    "tingkat",
    "jenis",
    "judul",
    "uraian",
    "waktu",
    "pelapor_nama",
    "pelapor_telepon",
    "pelapor_nik",
)
REQUIRED = ("kategori", "judul", "uraian", "waktu")
ALIASES = {
    "kode": REGION_CODE,
    "kode_kemendagri": REGION_CODE,
    "nama_wilayah": REGION_PATH,
    "lokasi": REGION_PATH,
    "tps": "no_tps",
    "nomor_tps": "no_tps",
    "kode_kategori": "kategori",
    "category": "kategori",
    "tingkat_keparahan": "tingkat",
    "keparahan": "tingkat",
    "severity": "tingkat",
    "judul_laporan": "judul",
    "deskripsi": "uraian",
    "keterangan": "uraian",
    "isi_laporan": "uraian",
    "waktu_kejadian": "waktu",
    "tanggal_waktu": "waktu",
    "nama_pelapor": "pelapor_nama",
    "telepon_pelapor": "pelapor_telepon",
    "hp_pelapor": "pelapor_telepon",
    "nik_pelapor": "pelapor_nik",
}
SEVERITIES = {
    **{s: s for s in Severity.values},
    "low": Severity.RENDAH,
    "medium": Severity.SEDANG,
    "high": Severity.TINGGI,
    "critical": Severity.KRITIS,
}
KINDS = {
    "": Case.Kind.INCIDENT,
    "kejadian": Case.Kind.INCIDENT,
    "insiden": Case.Kind.INCIDENT,
    "potensi": Case.Kind.POTENTIAL,
    "kerawanan": Case.Kind.POTENTIAL,
    "potensi kerawanan": Case.Kind.POTENTIAL,
}
TIME_FORMATS = (
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H.%M",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H.%M",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y %H.%M",
)
_ZONE_SUFFIX = re.compile(r"\s*\b(WIB|WITA|WIT)$", re.IGNORECASE)
_PATH_SEPARATOR = re.compile(r"\s*[/>]\s*")


@dataclasses.dataclass
class CaseImportResult:
    created: list[Case] = dataclasses.field(default_factory=list)
    errors: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclasses.dataclass
class _Row:
    line: int
    cells: dict[str, Any]


@dataclasses.dataclass
class _Checked:
    line: int
    data: services.CaseInput


# --- Reading the file -------------------------------------------------------------------------------------------


class _Unreadable(Exception):
    pass


def _read_upload(file) -> bytes:
    if isinstance(file, bytes | bytearray):
        return bytes(file)
    if isinstance(file, str | os.PathLike):
        return Path(file).read_bytes()
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read()
    return data.encode("utf-8") if isinstance(data, str) else data


def normalize_header(name: Any) -> str:
    key = re.sub(r"[\s\-/.]+", "_", str(name or "").strip().lower()).strip("_")
    return ALIASES.get(key, key)


def _cell_text(value: Any) -> str:
    """A cell as text; whole numbers from spreadsheets without ".0" (codes, NIK, phone numbers)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_csv(data: bytes) -> tuple[list[str], list[_Row]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _Unreadable(_("The file is not UTF-8 text. Save it as CSV UTF-8 and try again.")) from error
    if not text.strip():
        raise _Unreadable(_("The file is empty."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader)
    rows = []
    line = reader.line_num
    for record in reader:
        start, line = line + 1, reader.line_num
        rows.append(_Row(start, dict(enumerate(record))))
    return header, rows


def _read_xlsx(data: bytes) -> tuple[list[str], list[_Row]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a damaged or foreign file: openpyxl raises many kinds
        raise _Unreadable(_("The file cannot be read as an XLSX workbook.")) from error
    try:
        sheet = workbook.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        header = next(values, None)
        if header is None:
            raise _Unreadable(_("The file is empty."))
        rows = [_Row(line, dict(enumerate(record))) for line, record in enumerate(values, start=2)]
    finally:
        workbook.close()
    return [_cell_text(h) for h in header], rows


def read_rows(data: bytes, filename: str) -> tuple[dict[str, int], list[_Row]]:
    """{column: index} and the data rows of a CSV or XLSX file (by content; the name only breaks a tie)."""
    is_xlsx = data[:4] == b"PK\x03\x04" or (not data and filename.lower().endswith(".xlsx"))
    header, rows = _read_xlsx(data) if is_xlsx else _read_csv(data)
    columns: dict[str, int] = {}
    problems = []
    for index, name in enumerate(header):
        key = normalize_header(name)
        if not key:
            continue
        if key in columns:
            problems.append(_("the column %(column)s is given twice") % {"column": key})
        columns.setdefault(key, index)
    missing = [c for c in REQUIRED if c not in columns]
    if REGION_CODE not in columns and REGION_PATH not in columns:
        missing.insert(0, f"{REGION_CODE} / {REGION_PATH}")
    if missing:
        problems.append(_("missing column(s): %(columns)s") % {"columns": ", ".join(missing)})
    if problems:
        raise _Unreadable("; ".join(problems))
    rows = [
        _Row(row.line, {name: _cell(row.cells.get(index)) for name, index in columns.items()})
        for row in rows
        if any(_cell_text(v) for v in row.cells.values())
    ]
    if not rows:
        raise _Unreadable(_("The file has no cases under its header."))
    return columns, rows


def _cell(value: Any) -> Any:
    return value if isinstance(value, dt.datetime) else _cell_text(value)


# --- Checking the rows ------------------------------------------------------------------------------------------


def normalize_region_code(text: str) -> str | None:
    """ "13.75.01.1001", "1375011001", "13.75", "1375", "13" → the dotted code; anything else → None."""
    value = text.strip()
    if re.fullmatch(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?", value):
        return value
    if re.fullmatch(r"\d+", value) and len(value) in (2, 4, 6, 10):
        parts = [value[:2], value[2:4], value[4:6], value[6:]]
        return ".".join(p for p in parts if p)
    return None


def parse_time(value: Any, zone_name: str) -> dt.datetime | None:
    """An aware instant from "2024-11-20 14:30" (local time of the region, or with WIB/WITA/WIT after it),
    "20/11/2024 14:30", ISO 8601 with an offset, or a spreadsheet date-time cell; None when unreadable."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=clock.zone(zone_name))
    text = str(value).strip()
    if not text:
        return None
    zone = clock.zone(zone_name)
    suffix = _ZONE_SUFFIX.search(text)
    if suffix:
        zone = clock.zone(suffix.group(1).upper())
        text = text[: suffix.start()].strip()
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        parsed = None
        for pattern in TIME_FORMATS:
            try:
                parsed = dt.datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
    if parsed is None or (parsed.hour, parsed.minute, parsed.second) == (0, 0, 0) and len(text) <= 10:
        return None  # a date without a time says too little about when it happened
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)


class _Regions:
    """Regions named by the file, by code or by a name path ("Bukittinggi / Guguak Panjang / Tarok Dipo"), in a
    few queries."""

    def __init__(self, rows: list[_Row], user):
        self.user = user
        codes = {normalize_region_code(r.cells.get(REGION_CODE, "")) for r in rows}
        codes.discard(None)
        self.by_code = Region.objects.in_bulk(codes, field_name="code")
        self.paths: dict[str, Region | str] = {}
        paths = {r.cells.get(REGION_PATH, "") for r in rows if not r.cells.get(REGION_CODE, "")}
        paths.discard("")
        if paths:
            self._resolve_paths(paths)
        desk_codes = set(Desk.objects.values_list("region__code", flat=True))
        self.has_desk = lambda region: region.code[:5] in desk_codes or region.code[:2] in desk_codes

    @staticmethod
    def _keys(text: str) -> set[str]:
        keys = {names.normalize(text), names.search_key(text)}
        return keys | {k.replace(" ", "") for k in keys}

    def _resolve_paths(self, paths: set[str]) -> None:
        split = {path: [p for p in _PATH_SEPARATOR.split(path) if p.strip()] for path in paths}
        compact = {k.replace(" ", "") for parts in split.values() for part in parts for k in self._keys(part)}
        found = list(
            Region.objects.annotate(compact=Replace("search_name", Value(" "), Value(""))).filter(compact__in=compact)
        )
        by_code = {r.code: r for r in found}
        for path, parts in split.items():
            leaf_keys = self._keys(parts[-1])
            leaves = [r for r in found if r.compact in leaf_keys]
            matches = [r for r in leaves if self._ancestors_match(r, parts[:-1], by_code)]
            if len(matches) > 1:  # prefer the ones in the importer's own regions
                matches = [r for r in matches if access.covers(self.user, r.code)] or matches
            if len(matches) == 1:
                self.paths[path] = matches[0]
            elif not matches:
                self.paths[path] = _("unknown region %(name)s") % {"name": path}
            else:
                self.paths[path] = _("%(name)s matches several regions (%(codes)s); give the kode_wilayah") % {
                    "name": path,
                    "codes": ", ".join(sorted(r.code for r in matches)),
                }

    def _ancestors_match(self, region: Region, parts: list[str], by_code: dict[str, Region]) -> bool:
        ancestors = [by_code.get(code) for code in region.ancestor_codes]
        position = 0
        for part in parts:
            keys = self._keys(part)
            while position < len(ancestors) and not (ancestors[position] and ancestors[position].compact in keys):
                position += 1
            if position == len(ancestors):
                return False
            position += 1
        return True

    def resolve(self, cells: dict[str, Any]) -> Region | str:
        raw_code = cells.get(REGION_CODE, "")
        if raw_code:
            code = normalize_region_code(raw_code)
            if code is None:
                return _("malformed region code %(code)s") % {"code": raw_code}
            region = self.by_code.get(code)
            return region if region is not None else _("unknown region code %(code)s") % {"code": code}
        path = cells.get(REGION_PATH, "")
        if not path:
            return _("the region is missing (kode_wilayah or wilayah)")
        return self.paths[path]


def _check_rows(rows: list[_Row], by) -> tuple[list[_Checked], list[tuple[int, str]]]:
    regions = _Regions(rows, by)
    categories = {c.code: c for c in Category.objects.all()}
    categories_by_name = {names.normalize(c.name_id): c for c in categories.values()}
    election = Election.objects.current()
    stations = {}
    named = [*regions.by_code.values(), *(r for r in regions.paths.values() if isinstance(r, Region))]
    villages = {r.pk for r in named if r.is_village}
    if election is not None and any(r.cells.get("no_tps") for r in rows):
        stations = {
            (s.village_id, s.number): s
            for s in PollingStation.objects.filter(election=election, village_id__in=villages)
        }
    now = clock.now()
    checked: list[_Checked] = []
    errors: list[tuple[int, str]] = []
    seen: dict[tuple, int] = {}
    for row in rows:
        cells = row.cells
        problems: list[str] = []
        region = regions.resolve(cells)
        if isinstance(region, str):
            problems.append(region)
            region = None
        elif not (access.has_role(by, region.code, *services.REPORT_ROLES) and access.covers(by, region.code)):
            problems.append(
                _("%(region)s (%(code)s) is outside the regions you may report in")
                % {"region": region.display_name, "code": region.code}
            )
            region = None
        elif not regions.has_desk(region):
            problems.append(_("no desk handles %(region)s yet") % {"region": region.display_name})
            region = None
        code = cells.get("kategori", "").strip()
        category = categories.get(code.lower().replace(" ", "_").replace("-", "_")) or categories_by_name.get(
            names.normalize(code)
        )
        if not code:
            problems.append(_("the category (kategori) is missing"))
        elif category is None:
            problems.append(_("unknown category %(code)s") % {"code": code})
        elif not category.is_active:
            problems.append(_("the category %(code)s is no longer in use") % {"code": code})
            category = None
        severity_text = cells.get("tingkat", "").strip().lower()
        severity = SEVERITIES.get(severity_text) if severity_text else (category.default_severity if category else "")
        if severity is None:
            problems.append(
                _("unknown severity %(value)s: use rendah, sedang, tinggi or kritis") % {"value": cells["tingkat"]}
            )
        kind = KINDS.get(cells.get("jenis", "").strip().lower())
        if kind is None:
            problems.append(_("unknown kind %(value)s: use kejadian or potensi") % {"value": cells["jenis"]})
        title = cells.get("judul", "").strip()
        description = cells.get("uraian", "").strip()
        if not title:
            problems.append(_("the title (judul) is missing"))
        elif len(title) > 200:
            problems.append(_("the title is longer than 200 characters"))
        if not description:
            problems.append(_("the description (uraian) is missing"))
        raw_time = cells.get("waktu", "")
        occurred_at = parse_time(raw_time, region.timezone if region else "WIB") if raw_time != "" else None
        if raw_time == "":
            problems.append(_("the time (waktu) is missing"))
        elif occurred_at is None:
            problems.append(
                _("unreadable time %(value)s: write e.g. 2024-11-20 14:30 (local time) or ISO 8601 with an offset")
                % {"value": raw_time}
            )
        elif kind == Case.Kind.INCIDENT and occurred_at > now + FUTURE_TOLERANCE:
            problems.append(_("an incident cannot have happened in the future (%(value)s)") % {"value": raw_time})
        station = None
        number = cells.get("no_tps", "").strip()
        if number and region is not None:
            if not number.isdigit():
                problems.append(_("the TPS number %(value)s is not a whole number") % {"value": number})
            elif not region.is_village:
                problems.append(_("a TPS number needs a village (kelurahan/desa) as the region"))
            else:
                station = stations.get((region.pk, int(number)))
                if station is None:
                    problems.append(
                        _("there is no TPS %(number)s in %(region)s")
                        % {"number": number, "region": region.display_name}
                    )
        phone = cells.get("pelapor_telepon", "").strip()
        if phone:
            normalized = normalize_phone(phone)
            if normalized is None:
                problems.append(_("the reporter's phone number %(value)s is not valid") % {"value": phone})
            phone = normalized or ""
        nik = cells.get("pelapor_nik", "").strip()
        if nik and (len(nik) != 16 or not nik.isdigit()):
            problems.append(_("a NIK has 16 digits (%(value)s)") % {"value": nik})
        if problems:
            errors.extend((row.line, problem) for problem in problems)
            continue
        key = (region.pk, category.pk, occurred_at, station and station.pk, title.lower(), description.lower())
        if key in seen:
            errors.append((row.line, _("the same case as on line %(line)s") % {"line": seen[key]}))
            continue
        seen[key] = row.line
        data = services.CaseInput(
            region=region,
            category=category,
            severity=severity,
            title=title,
            description=description,
            occurred_at=occurred_at,
            kind=kind,
            polling_station=station,
            reporter_name=cells.get("pelapor_nama", "").strip()[:150],
            reporter_phone=phone,
            reporter_nik=nik,
        )
        checked.append(_Checked(row.line, data))
    return checked, errors


# --- The import -------------------------------------------------------------------------------------------------


class _RollBack(Exception):
    pass


def import_cases(file: str | os.PathLike | bytes | IO, *, by, filename: str) -> CaseImportResult:
    """Import the cases of a CSV or XLSX file (format: ``docs/data-formats.md``), reported by ``by``.

    All or nothing: with any bad row ``result.errors`` lists every bad line as ``(line, reason)`` (the header is
    line 1) and nothing is written; otherwise every row becomes a case in one transaction."""
    result = CaseImportResult()
    try:
        _columns, rows = read_rows(_read_upload(file), filename)
    except _Unreadable as error:
        result.errors.append((1, str(error)))
        return result
    result.rows = len(rows)
    if len(rows) > MAX_ROWS:
        result.errors.append((1, _("At most %(count)s cases per file.") % {"count": MAX_ROWS}))
        return result
    checked, errors = _check_rows(rows, by)
    if errors:
        result.errors = sorted(errors, key=lambda e: e[0])
        return result
    created: list[Case] = []
    try:
        with transaction.atomic():
            for item in checked:
                try:
                    case, _created = services.submit_case(item.data, by=by, channel=Channel.IMPORT)
                except (ValidationError, PermissionDenied) as error:
                    messages = error.messages if isinstance(error, ValidationError) else [str(error)]
                    errors.extend((item.line, message) for message in messages)
                    continue
                created.append(case)
            if errors:
                raise _RollBack
    except _RollBack:
        result.errors = sorted(errors, key=lambda e: e[0])
        return result
    result.created = created
    return result
