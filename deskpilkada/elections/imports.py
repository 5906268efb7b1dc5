"""Parsing and checking TPS (polling station) files, in the shape KPU lists come in.

Pure functions on text: no database. :func:`parse_tps_file` turns the bytes of a CSV file into
:class:`TpsRow` values and :class:`RowError` values (line number and reason); the service
(:func:`deskpilkada.elections.services.import_polling_stations`) resolves villages, checks the rows against the
database and writes them. The format is documented in ``docs/data-formats.md``.

Every message is gettext-wrapped English with named placeholders; the Indonesian catalogue translates it.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

MAX_VOTERS_PER_TPS = 600

# Column names as the documented format writes them, after normalisation (lower case, "_" for spaces/dashes).
VILLAGE_CODE = "kode_wilayah"
NAME_COLUMNS = ("provinsi", "kabupaten_kota", "kecamatan", "kelurahan_desa")
NUMBER = "no_tps"
MEN = "dpt_laki_laki"
WOMEN = "dpt_perempuan"
TOTAL = "dpt_total"
OPTIONAL = ("dpt_total", "alamat", "latitude", "longitude", "lokasi", "lokasi_khusus")

# Other spellings seen in KPU and regional lists, mapped onto the documented names.
ALIASES = {
    "kode": VILLAGE_CODE,
    "kode_desa": VILLAGE_CODE,
    "kode_kelurahan": VILLAGE_CODE,
    "kode_kemendagri": VILLAGE_CODE,
    "prov": "provinsi",
    "kabupaten": "kabupaten_kota",
    "kab_kota": "kabupaten_kota",
    "kabkota": "kabupaten_kota",
    "kota_kabupaten": "kabupaten_kota",
    "kelurahan": "kelurahan_desa",
    "desa": "kelurahan_desa",
    "desa_kelurahan": "kelurahan_desa",
    "nagari": "kelurahan_desa",
    "tps": NUMBER,
    "nomor_tps": NUMBER,
    "no": NUMBER,
    "l": MEN,
    "dpt_l": MEN,
    "laki_laki": MEN,
    "p": WOMEN,
    "dpt_p": WOMEN,
    "perempuan": WOMEN,
    "dpt": TOTAL,
    "jumlah_dpt": TOTAL,
    "total_dpt": TOTAL,
    "lat": "latitude",
    "lon": "longitude",
    "lng": "longitude",
    "long": "longitude",
}

SETTINGS = {
    "dalam": "dalam",
    "dalam ruangan": "dalam",
    "indoor": "dalam",
    "luar": "luar",
    "luar ruangan": "luar",
    "outdoor": "luar",
}
SPECIAL_LOCATIONS = {
    "": "",
    "-": "",
    "tidak": "",
    "lapas": "lapas",
    "rutan": "lapas",
    "lapas/rutan": "lapas",
    "rumah_sakit": "rumah_sakit",
    "rumah sakit": "rumah_sakit",
    "rs": "rumah_sakit",
    "panti": "panti",
    "panti sosial": "panti",
    "asrama": "asrama",
    "pondok pesantren": "asrama",
    "pesantren": "asrama",
    "tempat_kerja": "tempat_kerja",
    "tempat kerja": "tempat_kerja",
    "lainnya": "lainnya",
}

# Indonesia's bounding box, generously: a point outside it is a typo (swapped or missing sign).
LATITUDE_RANGE = (Decimal("-11.5"), Decimal("6.5"))
LONGITUDE_RANGE = (Decimal("94.5"), Decimal("141.5"))

_DOTTED_VILLAGE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
_PLAIN_VILLAGE = re.compile(r"^\d{10}$")
_DIGITS = re.compile(r"^\d+$")


@dataclasses.dataclass(frozen=True)
class TpsRow:
    """One TPS as a file states it; the village is a Kemendagri code or the four names."""

    line: int
    number: int
    dpt_men: int
    dpt_women: int
    village_code: str = ""
    village_names: tuple[str, str, str, str] | None = None
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    setting: str = "luar"
    special_location: str = ""
    is_generated: bool = False

    @property
    def dpt_total(self) -> int:
        return self.dpt_men + self.dpt_women

    @property
    def village_label(self) -> str:
        """How the file named the village, for messages."""
        if self.village_code:
            return self.village_code
        return " / ".join(self.village_names or ())


@dataclasses.dataclass(frozen=True, order=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclasses.dataclass
class ParsedFile:
    rows: list[TpsRow]
    errors: list[RowError]


def normalize_header(name: str) -> str:
    key = re.sub(r"[\s\-/.]+", "_", name.strip().lower()).strip("_")
    return ALIASES.get(key, key)


def normalize_village_code(text: str) -> str | None:
    """ "13.75.01.1001" or "1375011001" → "13.75.01.1001"; anything else → None."""
    value = text.strip()
    if _DOTTED_VILLAGE.match(value):
        return value
    if _PLAIN_VILLAGE.match(value):
        return f"{value[:2]}.{value[2:4]}.{value[4:6]}.{value[6:]}"
    return None


def decode(data: bytes | str) -> str:
    """Text of an uploaded file: UTF-8 with or without a byte-order mark (Excel writes one)."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    return data.decode("utf-8-sig")


def sniff_delimiter(header_line: str) -> str:
    """Semicolons (Excel in an Indonesian locale) or commas, whichever the header uses more."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def parse_tps_file(data: bytes | str) -> ParsedFile:
    """Read a TPS file and check every row on its own. Checks across rows and against the database (villages,
    duplicate TPS numbers) need the villages resolved, so the service makes them (:func:`duplicate_errors`)."""
    try:
        text = decode(data)
    except UnicodeDecodeError:
        return ParsedFile([], [RowError(1, _("The file is not UTF-8 text. Save it as CSV UTF-8 and try again."))])
    if not text.strip():
        return ParsedFile([], [RowError(1, _("The file is empty."))])
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line))
    header = [normalize_header(h) for h in next(reader)]
    header_errors = _check_header(header)
    if header_errors:
        return ParsedFile([], header_errors)
    index = {name: i for i, name in enumerate(header) if name}
    rows: list[TpsRow] = []
    errors: list[RowError] = []
    line = reader.line_num  # physical line where the next record starts, minus one
    for record in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        cells = {name: (record[i].strip() if i < len(record) else "") for name, i in index.items()}
        row, row_errors = _parse_row(start, cells)
        if row_errors:
            errors.extend(RowError(start, message) for message in row_errors)
        else:
            rows.append(row)
    return ParsedFile(rows, sorted(errors))


def _check_header(header: list[str]) -> list[RowError]:
    missing = [name for name in (NUMBER, MEN, WOMEN) if name not in header]
    has_names = all(name in header for name in NAME_COLUMNS)
    if VILLAGE_CODE not in header and not has_names:
        absent = [name for name in NAME_COLUMNS if name not in header]
        missing.append(
            _("%(code)s (or the names %(names)s)") % {"code": VILLAGE_CODE, "names": ", ".join(absent or NAME_COLUMNS)}
        )
    duplicated = sorted({name for name in header if name and header.count(name) > 1})
    errors = []
    if missing:
        errors.append(RowError(1, _("missing column(s): %(columns)s") % {"columns": ", ".join(missing)}))
    if duplicated:
        errors.append(RowError(1, _("column(s) given twice: %(columns)s") % {"columns": ", ".join(duplicated)}))
    return errors


def _parse_count(value: str, label: str, errors: list[str]) -> int | None:
    if value == "":
        errors.append(_("%(column)s is empty") % {"column": label})
        return None
    cleaned = value.replace(" ", "")
    if cleaned.startswith("-") and _DIGITS.match(cleaned[1:]):
        errors.append(_("%(column)s is negative (%(value)s)") % {"column": label, "value": value})
        return None
    if not _DIGITS.match(cleaned):
        errors.append(_("%(column)s is not a whole number (%(value)s)") % {"column": label, "value": value})
        return None
    return int(cleaned)


def _parse_coordinate(value: str, label: str, bounds: tuple[Decimal, Decimal], errors: list[str]) -> Decimal | None:
    if value == "":
        return None
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:
        errors.append(_("%(column)s is not a number (%(value)s)") % {"column": label, "value": value})
        return None
    if not number.is_finite() or not bounds[0] <= number <= bounds[1]:
        errors.append(
            _("%(column)s %(value)s lies outside Indonesia (%(low)s to %(high)s)")
            % {"column": label, "value": value, "low": bounds[0], "high": bounds[1]}
        )
        return None
    return number.quantize(Decimal("0.000001"))


def _parse_row(line: int, cells: dict[str, str]) -> tuple[TpsRow | None, list[str]]:
    errors: list[str] = []
    village_code = ""
    village_names = None
    raw_code = cells.get(VILLAGE_CODE, "")
    if raw_code:
        village_code = normalize_village_code(raw_code) or ""
        if not village_code:
            errors.append(
                _("village code %(value)s is not a Kemendagri village code like 13.75.01.1001 or 1375011001")
                % {"value": raw_code}
            )
    elif all(name in cells for name in NAME_COLUMNS):
        names = tuple(cells[name] for name in NAME_COLUMNS)
        empty = [name for name, value in zip(NAME_COLUMNS, names, strict=True) if not value]
        if empty:
            errors.append(_("the village is not named: %(columns)s empty") % {"columns": ", ".join(empty)})
        else:
            village_names = names
    else:
        errors.append(_("%(column)s is empty") % {"column": VILLAGE_CODE})

    number = _parse_count(cells.get(NUMBER, ""), NUMBER, errors)
    if number is not None and not 1 <= number <= 9999:
        errors.append(_("TPS number %(value)s must be between 1 and 9999") % {"value": number})
    men = _parse_count(cells.get(MEN, ""), MEN, errors)
    women = _parse_count(cells.get(WOMEN, ""), WOMEN, errors)
    if men is not None and women is not None:
        total = men + women
        given = cells.get(TOTAL, "")
        if given:
            stated = _parse_count(given, TOTAL, errors)
            if stated is not None and stated != total:
                errors.append(
                    _("%(column)s is %(stated)s but men + women = %(sum)s")
                    % {"column": TOTAL, "stated": stated, "sum": total}
                )
        if total > MAX_VOTERS_PER_TPS:
            errors.append(
                _("%(total)s voters on one TPS; the limit is %(limit)s") % {"total": total, "limit": MAX_VOTERS_PER_TPS}
            )
        elif total == 0:
            errors.append(_("a TPS with no voters (men and women are both 0)"))

    latitude = _parse_coordinate(cells.get("latitude", ""), "latitude", LATITUDE_RANGE, errors)
    longitude = _parse_coordinate(cells.get("longitude", ""), "longitude", LONGITUDE_RANGE, errors)
    if (latitude is None) != (longitude is None) and not errors:
        errors.append(_("give both latitude and longitude, or neither"))

    raw_setting = cells.get("lokasi", "")
    setting = SETTINGS.get(raw_setting.lower()) if raw_setting else "luar"
    if setting is None:
        errors.append(_("lokasi must be 'dalam' or 'luar', not %(value)s") % {"value": raw_setting})
    raw_special = cells.get("lokasi_khusus", "")
    special = SPECIAL_LOCATIONS.get(raw_special.lower().strip())
    if special is None:
        errors.append(
            _("lokasi_khusus %(value)s is not one of: %(choices)s")
            % {"value": raw_special, "choices": "lapas, rumah_sakit, panti, asrama, tempat_kerja, lainnya"}
        )
    address = cells.get("alamat", "")
    if len(address) > 255:
        errors.append(_("alamat is longer than 255 characters"))

    if errors:
        return None, errors
    return (
        TpsRow(
            line=line,
            number=number,
            dpt_men=men,
            dpt_women=women,
            village_code=village_code,
            village_names=village_names,
            address=address,
            latitude=latitude,
            longitude=longitude,
            setting=setting,
            special_location=special,
        ),
        [],
    )


def duplicate_errors(rows: list[TpsRow], key=None) -> list[RowError]:
    """A TPS number given twice for one village. ``key`` maps a row to its village (default: as written)."""
    key = key or (lambda row: row.village_code or tuple(n.lower() for n in row.village_names or ()))
    first_line: dict[tuple, int] = {}
    errors = []
    for row in rows:
        identity = (key(row), row.number)
        if identity in first_line:
            errors.append(
                RowError(
                    row.line,
                    _("TPS %(number)s in %(village)s is already on line %(first)s")
                    % {"number": f"{row.number:03d}", "village": row.village_label, "first": first_line[identity]},
                )
            )
        else:
            first_line[identity] = row.line
    return errors
