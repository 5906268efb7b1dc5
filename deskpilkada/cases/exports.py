"""The inbox as a file: CSV (opens in Excel as it is) and XLSX, with the same filters as the page.

Reporters' personal data follows the same rule as on the case page (``services.reporter_visible_to``): shown to
the secretariat of the handling desk, masked for everyone else (UU PDP 27/2022). Times are the region's local
time, with its zone (WIB/WITA/WIT) in a column of its own so a spreadsheet can sort them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from deskpilkada.core import clock, masking

from . import services
from .models import Case

# Larger selections are refused with a message asking for a filter: a desk's export is for a meeting or a
# letter, and 20,000 rows is already more than a regency sees in a whole election.
MAX_EXPORT_ROWS = 20_000


def header() -> list[str]:
    return [
        _("Number"),
        _("Status"),
        _("Kind"),
        _("Category code"),
        _("Category"),
        _("Severity"),
        _("Region code"),
        _("Region"),
        _("TPS"),
        _("Happened at (local time)"),
        _("Time zone"),
        _("Stage"),
        _("Handling desk"),
        _("Title"),
        _("Description"),
        _("Channel"),
        _("Reporter's name"),
        _("Reporter's phone"),
        _("Reporter's NIK"),
        _("Open actions"),
        _("Overdue actions"),
        _("Received at (local time)"),
    ]


def rows(cases: Iterable[Case], user) -> Iterator[list]:
    """One list of cell values per case. ``cases`` should come from ``for_export()`` (one query in all)."""
    for case in cases:
        zone = clock.zone(case.region.timezone)
        own_desk = services.reporter_visible_to(user, case)
        yield [
            case.number or "",
            case.get_status_display(),
            case.get_kind_display(),
            case.category.code,
            case.category.name,
            case.get_severity_display(),
            case.region.code,
            case.region.display_name,
            case.polling_station.number if case.polling_station_id else "",
            case.occurred_at.astimezone(zone).replace(tzinfo=None),
            case.region.timezone,
            case.stage.name if case.stage_id else "",
            case.desk.name,
            case.title,
            case.description,
            case.channel,
            case.reporter_name if own_desk else masking.mask_name(case.reporter_name),
            case.reporter_phone if own_desk else masking.mask_phone(case.reporter_phone),
            case.reporter_nik if own_desk else masking.mask_nik(case.reporter_nik),
            case.open_actions,
            case.overdue_actions,
            case.created_at.astimezone(zone).replace(tzinfo=None),
        ]


def _safe_cell(value):
    """Text that a spreadsheet would run as a formula (=, +, -, @) is written with a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(table_header: list[str], table_rows: Iterable[list]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel shows Indonesian names and the "—" right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table_header)
    for row in table_rows:
        writer.writerow(
            [_safe_cell(value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "strftime") else value) for value in row]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(table_header: list[str], table_rows: Iterable[list], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31] or "Laporan"
    sheet.append(table_header)
    widths = [len(name) for name in table_header]
    for row in table_rows:
        sheet.append([_safe_cell(value) for value in row])
        for i, value in enumerate(row):
            widths[i] = max(widths[i], min(60, len(str(value))))
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if cell.is_date:
                cell.number_format = "dd/mm/yyyy hh:mm"
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width + 2
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
