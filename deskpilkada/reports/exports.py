"""A report as a letter the chair signs: PDF (with the desk's letterhead), DOCX of the same, XLSX of its tables, and
a short plain-text summary that pastes cleanly into WhatsApp.

:func:`document` builds the content once — in Indonesian, with Indonesian formats ("Rabu, 27 November 2024",
97.517, 57,15%) from ``deskpilkada/formats`` and the page filters of ``core/templatetags/desk_format.py`` — and each
renderer lays it out. User text (titles, narratives, names) is escaped for the PDF's markup and defused for the
spreadsheet (a cell starting with = stays text).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from xml.sax.saxutils import escape

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from deskpilkada.cases.models import Case, Severity
from deskpilkada.core.templatetags.desk_format import local_time, long_date, percent

from .models import Report, Situation

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain; charset=utf-8",
}
LANGUAGE = "id"  # the letter is Indonesian whatever language the page is read in
SIGNATORY_LINE = 4  # in Document.signature: the title, three blank lines for the signature, then the name


@dataclasses.dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list]
    empty: str = ""


@dataclasses.dataclass
class Section:
    title: str
    paragraphs: list[str] = dataclasses.field(default_factory=list)
    tables: list[Table] = dataclasses.field(default_factory=list)
    items: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Document:
    """Everything a rendering prints, as plain text and numbers (already formatted)."""

    letterhead: list[str]
    contact: str
    title: str
    number: str
    facts: list[tuple[str, str]]
    sections: list[Section]
    place_date: str
    signature: list[str]
    status_note: str
    filename_stem: str
    summary: dict  # the key figures, for the chat text and the spreadsheet's first sheet


def number(value) -> str:
    """97.517: Indonesian grouping."""
    return formats.number_format(value or 0, force_grouping=True, use_l10n=True)


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or "—"


def _category(entry: dict) -> str:
    return entry.get("name_id") or entry.get("code", "")


def filename(report: Report, fmt: str) -> str:
    return f"{_stem(report)}.{fmt}"


def _stem(report: Report) -> str:
    sequence = f"-{report.sequence}" if report.sequence > 1 else ""
    return f"laporan-{report.report_set.code}-{report.region.code}-{report.day:%Y%m%d}{sequence}"


def _government(region) -> str:
    """ "PEMERINTAH KOTA BUKITTINGGI", "PEMERINTAH PROVINSI SUMATERA BARAT"."""
    if region.level == 1:
        return f"PEMERINTAH PROVINSI {region.name}".upper()
    if region.level == 2:
        return f"PEMERINTAH {region.name}".upper()
    return f"PEMERINTAH {region.display_name}".upper()


def document(report: Report, activities=None) -> Document:
    """The content of a report, in Indonesian. ``activities`` defaults to the report's campaign log."""
    with translation.override(LANGUAGE):
        return _document(report, list(activities) if activities is not None else list(_activities(report)))


def _activities(report: Report):
    return report.activities.select_related("candidate_pair").all()


def _document(report: Report, activities: list) -> Document:
    figures = report.figures or {}
    header = figures.get("header") or {}
    cases = figures.get("cases") or {}
    actions = figures.get("actions") or {}
    children = figures.get("children")
    region = report.region
    zone = region.timezone
    desk_name = header.get("desk") or _("Desk Pilkada %(region)s") % {"region": region.display_name}
    desk = getattr(region, "desk", None)
    contact = " · ".join(
        part
        for part in (
            getattr(desk, "address", ""),
            _("Phone %(phone)s") % {"phone": desk.phone} if getattr(desk, "phone", "") else "",
            getattr(desk, "email", ""),
        )
        if part
    )

    facts = [
        (_("Desk"), desk_name),
        (_("Region"), f"{region.display_name} ({region.code})"),
        (_("Day, date"), long_date(report.day)),
    ]
    if report.period_start != report.period_end:
        facts.append((_("Period"), f"{long_date(report.period_start)} – {long_date(report.period_end)}"))
    if header.get("tps"):
        facts.append(
            (
                _("TPS and voters (DPT)"),
                _("%(tps)s TPS, %(dpt)s voters") % {"tps": number(header["tps"]), "dpt": number(header.get("dpt"))},
            )
        )
    if header.get("stage_id"):
        facts.append((_("Stage"), header["stage_id"]))
    if header.get("h_label"):
        facts.append((_("Day against voting day"), header["h_label"]))
    if report.sequence > 1:
        facts.append((_("Report of the day"), str(report.sequence)))
    if report.case_id:
        facts.append((pgettext("report", "Case"), f"{report.case.number} {report.case.title}"))

    sections = []
    situation = _label(Situation, report.situation) if report.situation else _("Not stated")
    general = Section(_("General situation"), [f"{situation}."])
    if report.is_nihil:
        general.paragraphs.append(_("NIHIL: nothing to report in this period."))
    if report.narrative.strip():
        general.paragraphs.append(report.narrative.strip())
    sections.append(general)

    total = cases.get("total", 0)
    case_section = Section(
        pgettext("report", "Cases"),
        [
            _(
                "%(total)s cases (%(incidents)s incidents, %(potential)s potential problems); %(open)s still open; "
                "%(notable)s high or critical."
            )
            % {
                "total": number(total),
                "incidents": number(cases.get("incidents", 0)),
                "potential": number(cases.get("potential", 0)),
                "open": number(cases.get("open", 0)),
                "notable": number(cases.get("notable_count", 0)),
            }
        ],
    )
    if total:
        case_section.tables.append(
            Table(
                _("By category"),
                [_("Category"), pgettext("report", "Cases"), _("Still open")],
                [[_category(c), c["count"], c.get("open", 0)] for c in cases.get("by_category", [])],
            )
        )
        case_section.tables.append(
            Table(
                _("By status"),
                [_("Status"), pgettext("report", "Cases")],
                [[_label(Case.Status, s["code"]), s["count"]] for s in cases.get("by_status", [])],
            )
        )
    if cases.get("notable"):
        case_section.tables.append(
            Table(
                _("Notable cases"),
                [_("No."), _("Number"), _("Title"), _("Category"), _("Severity"), _("Status"), _("Region")],
                [
                    [
                        i,
                        c["number"],
                        c["title"],
                        c.get("category_id", ""),
                        _label(Severity, c["severity"]),
                        _label(Case.Status, c["status"]),
                        c["region"],
                    ]
                    for i, c in enumerate(cases["notable"], start=1)
                ],
            )
        )
    sections.append(case_section)

    action_section = Section(
        _("Follow-up by the institutions"),
        [
            _(
                "%(routed)s actions routed in the period, %(done)s done, %(pending)s still open, %(overdue)s past "
                "their due time."
            )
            % {k: number(actions.get(k, 0)) for k in ("routed", "done", "pending", "overdue")}
        ],
    )
    if actions.get("overdue_list"):
        action_section.tables.append(
            Table(
                _("Overdue actions"),
                [pgettext("report", "Case"), _("Institution"), _("Requested action"), _("Due")],
                [
                    [
                        f"{a['case_number']} {a['case_title']}",
                        a["institution"],
                        a["description"],
                        _when(a["due_at"], zone),
                    ]
                    for a in actions["overdue_list"]
                ],
            )
        )
    sections.append(action_section)

    activity_section = Section(_("Campaign activities"))
    if activities:
        activity_section.tables.append(
            Table(
                "",
                [
                    _("Time"),
                    _("Place"),
                    _("Description"),
                    _("Political figures present"),
                    _("Candidate pair"),
                    _("Participants"),
                    _("Remarks"),
                ],
                [
                    [
                        f"{formats.time_format(a.starts_at, 'TIME_FORMAT')} {zone}",
                        a.place,
                        a.description,
                        a.figures_present,
                        str(a.candidate_pair) if a.candidate_pair_id else "",
                        number(a.participants) if a.participants is not None else "",
                        a.remarks,
                    ]
                    for a in activities
                ],
            )
        )
    else:
        activity_section.paragraphs.append(_("No campaign activity recorded."))
    sections.append(activity_section)

    summary = {
        "cases": total,
        "open": cases.get("open", 0),
        "notable": cases.get("notable_count", 0),
        "actions_done": actions.get("done", 0),
        "actions_pending": actions.get("pending", 0),
        "actions_overdue": actions.get("overdue", 0),
        "by_category": [(_category(c), c["count"]) for c in cases.get("by_category", [])],
        "notable_cases": [
            (c["number"], c["title"], _label(Severity, c["severity"]), _label(Case.Status, c["status"]))
            for c in cases.get("notable", [])
        ],
    }
    if children:
        sections.append(_children_section(children))
        reported, expected = children.get("reported", 0), children.get("expected", 0)
        summary.update(
            children_expected=expected,
            children_reported=reported,
            children_on_time=children.get("on_time", 0),
            children_rate=percent(reported * 100 / expected) if expected else "",
            children_missing=[m["name"] for m in children.get("missing", [])],
        )

    sections.append(Section(_("Recommendations"), [report.recommendations.strip() or "—"]))
    for i, section in enumerate(sections, start=1):
        section.title = f"{_roman(i)}. {section.title}"

    chair_title = _("Chair of %(desk)s,") % {"desk": desk_name}
    signature = [chair_title, "", "", "", report.signatory_name or "(……………………………)"]
    if report.signatory_position:
        signature.append(report.signatory_position)
    if report.signatory_nip:
        signature.append(_("NIP. %(nip)s") % {"nip": report.signatory_nip})

    if report.status in Report.LOCKED_STATUSES and report.approved_at:
        approver = report.approved_by.get_full_name() if report.approved_by_id else report.signatory_name
        status_note = _("Approved electronically by %(name)s on %(date)s, %(time)s.") % {
            "name": approver or report.signatory_name,
            "date": long_date(report.approved_at, zone),
            "time": local_time(report.approved_at, zone),
        }
    else:
        status_note = _("DRAFT: %(status)s, not yet approved by the chair.") % {
            "status": report.get_status_display().lower()
        }
    if report.override_reason:
        status_note += " " + _("Submitted by the chair before every region below reported: %(reason)s") % {
            "reason": report.override_reason
        }

    return Document(
        letterhead=[_government(region), desk_name.upper()],
        contact=contact,
        title=_("%(set)s of %(desk)s") % {"set": report.report_set.name_id.upper(), "desk": desk_name.upper()},
        number=report.number,
        facts=facts,
        sections=sections,
        place_date=f"{report.place or region.name}, {formats.date_format(report.day, 'j F Y')}",
        signature=signature,
        status_note=status_note,
        filename_stem=_stem(report),
        summary={
            **summary,
            "desk": desk_name,
            "day": long_date(report.day),
            "h_label": header.get("h_label", ""),
            "stage": header.get("stage_id", ""),
            "situation": situation,
            "nihil": report.is_nihil,
            "status": str(report.get_status_display()),
        },
    )


def _children_section(children: dict) -> Section:
    expected, reported = children.get("expected", 0), children.get("reported", 0)
    section = Section(
        _("Reports of the regions below"),
        [
            _(
                "%(reported)s of %(expected)s regions reported (%(rate)s): %(on_time)s on time, %(late)s late, "
                "%(nihil)s nihil; %(excused)s excused, %(missing)s not reported."
            )
            % {
                "reported": number(reported),
                "expected": number(expected),
                "rate": percent(reported * 100 / expected) if expected else "—",
                "on_time": number(children.get("on_time", 0)),
                "late": number(children.get("late", 0)),
                "nihil": number(children.get("nihil", 0)),
                "excused": number(len(children.get("excused", []))),
                "missing": number(len(children.get("missing", []))),
            },
            _("Together they report %(cases)s cases, %(open)s still open; %(overdue)s actions past due.")
            % {k: number(children.get("totals", {}).get(k, 0)) for k in ("cases", "open", "overdue")},
        ],
    )
    if children.get("situations"):
        section.tables.append(
            Table(
                _("Situations side by side"),
                [
                    _("Region"),
                    _("Situation"),
                    pgettext("report", "Cases"),
                    _("On time"),
                    _("Report number"),
                    _("Summary"),
                ],
                [
                    [
                        s["name"],
                        _("Nihil") if s["nihil"] else _label(Situation, s["situation"]) if s["situation"] else "—",
                        s["cases"],
                        _("yes") if s["on_time"] else _("late"),
                        s["number"],
                        s["narrative"],
                    ]
                    for s in children["situations"]
                ],
            )
        )
    for item in children.get("highlights", []):
        if item.get("recommendation"):
            section.items.append(f"{item['child']}: {item['recommendation']}")
        else:
            section.items.append(
                f"{item['child']}: {item['title']} ({_label(Severity, item['severity'])}, {item['region']})"
            )
    if children.get("excused"):
        section.tables.append(
            Table(
                _("Excused"),
                [_("Region"), _("Reason")],
                [[e["name"], e["reason"]] for e in children["excused"]],
            )
        )
    if children.get("missing"):
        section.paragraphs.append(
            _("Not reported yet: %(names)s.") % {"names": ", ".join(m["name"] for m in children["missing"])}
        )
    return section


def _when(iso: str, zone: str) -> str:
    instant = dt.datetime.fromisoformat(iso)
    return f"{long_date(instant, zone)}, {local_time(instant, zone)}"


def _roman(n: int) -> str:
    return ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")[n - 1]


# --- Renderers ---------------------------------------------------------------------------------------------------


def render(report: Report, fmt: str, activities=None) -> bytes:
    """The report as a file of ``fmt`` (pdf, docx, xlsx, txt), in Indonesian whatever the request's language."""
    with translation.override(LANGUAGE):
        doc = document(report, activities)
        return {"pdf": to_pdf, "docx": to_docx, "xlsx": to_xlsx, "txt": to_text}[fmt](doc)


def to_text(doc: Document) -> bytes:
    """A short summary for WhatsApp: *bold* headings, no tables, the key figures."""
    with translation.override(LANGUAGE):
        s = doc.summary
        lines = [f"*{doc.title}*", " · ".join(p for p in (s["day"], s["h_label"], s["stage"]) if p)]
        lines += [_("No. %(number)s") % {"number": doc.number}, ""]
        lines.append(
            _("Situation: *%(situation)s*") % {"situation": s["situation"]} + (" (NIHIL)" if s["nihil"] else "")
        )
        lines.append(
            _("Cases: %(cases)s, %(open)s still open, %(notable)s high/critical")
            % {"cases": number(s["cases"]), "open": number(s["open"]), "notable": number(s["notable"])}
        )
        lines += [f"- {name}: {number(count)}" for name, count in s["by_category"][:8]]
        if s["notable_cases"]:
            lines.append(_("Notable:"))
            lines += [f"- {n} {title} ({severity}, {status})" for n, title, severity, status in s["notable_cases"][:5]]
        lines.append(
            _("Follow-up: %(done)s done, %(pending)s open, %(overdue)s overdue")
            % {
                "done": number(s["actions_done"]),
                "pending": number(s["actions_pending"]),
                "overdue": number(s["actions_overdue"]),
            }
        )
        if "children_expected" in s:
            lines.append(
                _("Regions below: %(reported)s/%(expected)s reported (%(rate)s), %(on_time)s on time")
                % {
                    "reported": number(s["children_reported"]),
                    "expected": number(s["children_expected"]),
                    "rate": s["children_rate"] or "—",
                    "on_time": number(s["children_on_time"]),
                }
            )
            if s["children_missing"]:
                lines.append(_("Not reported yet: %(names)s.") % {"names": ", ".join(s["children_missing"])})
        recommendations = doc.sections[-1].paragraphs[0]
        if recommendations and recommendations != "—":
            lines.append(_("Recommendations: %(text)s") % {"text": " ".join(recommendations.split())})
        lines += ["", doc.status_note, doc.place_date, " ".join(line for line in doc.signature if line)]
    return ("\n".join(lines).strip() + "\n").encode("utf-8")


def to_pdf(doc: Document) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import HRFlowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["Normal"], fontName="Times-Roman", fontSize=11, leading=14)
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=11)
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=11)
    head = ParagraphStyle("head", parent=cell, fontName="Times-Bold")
    centre = ParagraphStyle("centre", parent=body, alignment=TA_CENTER)
    kop1 = ParagraphStyle("kop1", parent=centre, fontName="Times-Bold", fontSize=14, leading=17)
    kop2 = ParagraphStyle("kop2", parent=centre, fontName="Times-Bold", fontSize=16, leading=20)
    title = ParagraphStyle("title", parent=centre, fontName="Times-Bold", fontSize=12, leading=15, spaceBefore=6)
    section_style = ParagraphStyle("section", parent=body, fontName="Times-Bold", spaceBefore=8, spaceAfter=3)

    def p(text, style=body):
        return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)

    story = [p(doc.letterhead[0], kop1), p(doc.letterhead[1], kop2)]
    if doc.contact:
        story.append(p(doc.contact, ParagraphStyle("contact", parent=small, alignment=TA_CENTER)))
    story += [
        HRFlowable(width="100%", thickness=2, color=colors.black, spaceBefore=4, spaceAfter=1),
        HRFlowable(width="100%", thickness=0.5, color=colors.black, spaceAfter=8),
        p(doc.title, title),
        p(_("Number: %(number)s") % {"number": doc.number}, centre),
        Spacer(1, 8),
    ]
    facts = PdfTable(
        [[p(k, cell), p(":", cell), p(v, cell)] for k, v in doc.facts], colWidths=[4.5 * cm, 0.4 * cm, None]
    )
    facts.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story.append(facts)
    width = A4[0] - 4.5 * cm
    for section in doc.sections:
        story.append(p(section.title, section_style))
        story += [p(text) for text in section.paragraphs]
        for table in section.tables:
            if table.title:
                story.append(p(table.title, ParagraphStyle("tt", parent=body, fontName="Times-Italic", spaceBefore=4)))
            rows = [[p(h, head) for h in table.header]] + [
                [p(number(v) if isinstance(v, int) else v, cell) for v in row] for row in table.rows
            ]
            grid = PdfTable(rows, repeatRows=1, colWidths=_column_widths(table, width))
            grid.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf5")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story += [grid, Spacer(1, 4)]
        story += [p(f"• {item}") for item in section.items]
    name_style = ParagraphStyle("signatory", parent=body, fontName="Times-Bold")
    signature = [p(doc.place_date)] + [
        (p(line, name_style) if i == SIGNATORY_LINE else p(line)) if line else Spacer(1, 12)
        for i, line in enumerate(doc.signature)
    ]
    block = PdfTable([["", signature]], colWidths=[width * 0.5, width * 0.5])
    story += [Spacer(1, 14), KeepTogether(block), Spacer(1, 10), p(doc.status_note, small)]

    def footer(canvas, template):
        canvas.saveState()
        canvas.setFont("Times-Roman", 8)
        canvas.drawString(2.25 * cm, 1.2 * cm, doc.number)
        canvas.drawRightString(A4[0] - 2.25 * cm, 1.2 * cm, _("Page %(page)s") % {"page": template.page})
        canvas.restoreState()

    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2.25 * cm,
        rightMargin=2.25 * cm,
        topMargin=1.5 * cm,
        bottomMargin=2 * cm,
        title=f"{doc.title} {doc.number}",
        author=doc.letterhead[1],
    )
    with translation.override(LANGUAGE):
        pdf.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _column_widths(table: Table, width: float, *, size: float = 9, padding: float = 14) -> list[float]:
    """Column widths for the PDF: no column narrower than its longest word (header words in bold, measured in the
    font), the rest of the page's width shared by how much longer each column's texts are (up to about 35
    characters), so "Tingkat keparahan" breaks between words, never inside one."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def measure(text: str, font: str) -> float:
        return stringWidth(text, font, size)

    minimum, wish = [], []
    for i, name in enumerate(table.header):
        cells = [number(row[i]) if isinstance(row[i], int) else str(row[i]) for row in table.rows]
        longest_word = max(
            [measure(word, "Times-Bold") for word in str(name).split()]
            + [measure(word, "Times-Roman") for text in cells for word in text.split()]
            + [0]
        )
        longest_text = max([measure(text[:35], "Times-Roman") for text in cells] + [measure(str(name), "Times-Bold")])
        minimum.append(longest_word + padding)
        wish.append(max(longest_text + padding - minimum[-1], 0))
    spare = width - sum(minimum)
    if spare <= 0:  # too many columns for the page: shrink all alike (a long word may then break)
        return [width * w / sum(minimum) for w in minimum]
    if not sum(wish):
        return [w + spare / len(minimum) for w in minimum]
    return [w + spare * extra / sum(wish) for w, extra in zip(minimum, wish, strict=True)]


def to_docx(doc: Document) -> bytes:
    from docx import Document as Docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    word = Docx()
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.25)
    normal = word.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(11)

    def centred(text, size=11, bold=False):
        paragraph = word.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold, run.font.size = bold, Pt(size)
        return paragraph

    centred(doc.letterhead[0], 14, True)
    last = centred(doc.letterhead[1], 16, True)
    if doc.contact:
        last = centred(doc.contact, 9)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "thickThinSmallGap"), ("w:sz", "18"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    last._p.get_or_add_pPr().append(border)
    word.add_paragraph()
    centred(doc.title, 12, True)
    centred(_("Number: %(number)s") % {"number": doc.number})
    word.add_paragraph()

    facts = word.add_table(rows=0, cols=3)
    for key, value in doc.facts:
        cells = facts.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = key, ":", value
    for part in doc.sections:
        heading = word.add_paragraph()
        heading.paragraph_format.space_before = Pt(8)
        heading.add_run(part.title).bold = True
        for text in part.paragraphs:
            word.add_paragraph(text)
        for table in part.tables:
            if table.title:
                word.add_paragraph().add_run(table.title).italic = True
            grid = word.add_table(rows=1, cols=len(table.header))
            grid.style = "Table Grid"
            grid.alignment = WD_TABLE_ALIGNMENT.CENTER
            for i, name in enumerate(table.header):
                grid.rows[0].cells[i].text = ""
                grid.rows[0].cells[i].paragraphs[0].add_run(name).bold = True
            for row in table.rows:
                cells = grid.add_row().cells
                for i, value in enumerate(row):
                    cells[i].text = number(value) if isinstance(value, int) else str(value)
        for item in part.items:
            word.add_paragraph(item, style="List Bullet")

    word.add_paragraph()
    signature = word.add_table(rows=1, cols=2)
    cell = signature.rows[0].cells[1]
    cell.text = doc.place_date
    for line in doc.signature:
        cell.add_paragraph(line)
    note = word.add_paragraph()
    note.paragraph_format.space_before = Pt(10)
    run = note.add_run(doc.status_note)
    run.font.size = Pt(8)
    word.core_properties.title = f"{doc.title} {doc.number}"
    word.core_properties.author = doc.letterhead[1]
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _safe(value):
    """A text cell a spreadsheet would run as a formula (=, +, -, @) keeps a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_xlsx(doc: Document) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    with translation.override(LANGUAGE):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Summary")[:31]
        sheet.append([doc.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append([_("Number"), doc.number])
        for key, value in doc.facts:
            sheet.append([key, _safe(value)])
        labels = {
            "cases": pgettext("report", "Cases"),
            "open": _("Still open"),
            "notable": _("High or critical"),
            "actions_done": _("Actions done"),
            "actions_pending": _("Actions still open"),
            "actions_overdue": _("Actions past due"),
            "children_expected": _("Regions below expected"),
            "children_reported": _("Regions below reported"),
            "children_on_time": _("Regions below on time"),
        }
        sheet.append([_("General situation"), doc.summary["situation"]])
        for key, label in labels.items():
            if key in doc.summary:
                sheet.append([label, doc.summary[key]])
        sheet.append([_("Status"), doc.status_note])
        sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 32, 60
        for part in doc.sections:
            for table in part.tables:
                name = (table.title or part.title.split(". ", 1)[-1])[:31]
                tab = workbook.create_sheet(title=_unique_title(workbook, name))
                tab.append(table.header)
                for cell in tab[1]:
                    cell.font = Font(bold=True)
                widths = [len(h) for h in table.header]
                for row in table.rows:
                    tab.append([_safe(v) for v in row])
                    widths = [max(w, min(60, len(str(v)))) for w, v in zip(widths, row, strict=True)]
                for i, w in enumerate(widths, start=1):
                    tab.column_dimensions[get_column_letter(i)].width = w + 2
                tab.freeze_panes = "A2"
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()


def _unique_title(workbook, name: str) -> str:
    for char in "[]:*?/\\":
        name = name.replace(char, " ")
    title, n = name, 2
    while title in workbook.sheetnames:
        title = f"{name[:28]} {n}"
        n += 1
    return title
