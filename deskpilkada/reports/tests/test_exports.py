"""Exports open and hold the figures: the PDF's text (read back with pypdf), the DOCX's paragraphs and tables, the
XLSX's sheets and the chat text, all in Indonesian with Indonesian formats; user text stays text."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from deskpilkada.core import clock
from deskpilkada.factories import CandidatePairFactory, CaseFactory, ContestFactory, ReportSetFactory, UserFactory
from deskpilkada.reports import exports, services
from deskpilkada.reports.services import ActivityInput

from .conftest import DAY, build_tree

pytestmark = pytest.mark.django_db


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(DAY.year, DAY.month, DAY.day, hour, minute, tzinfo=clock.WIB)


@pytest.fixture
def report_set(db):
    return ReportSetFactory(name_id="Laporan harian", name_en="Daily report")


@pytest.fixture
def city_report(report_set):
    """A city's report of 19 Nov 2024 with cases, a campaign activity, text and a chair's approval."""
    tree = build_tree()
    CaseFactory(
        region=tree.village,
        category__code="politik_uang",
        severity="kritis",
        occurred_at=at(8),
        title="<b>Serangan fajar</b> di Kelurahan Uji",
    )
    CaseFactory(region=tree.village, category__code="logistik", severity="sedang", occurred_at=at(9))
    pair = CandidatePairFactory(
        contest=ContestFactory(region=tree.cities[0], election=report_set.election),
        head_name="Calon Kepala Uji",
        deputy_name="Calon Wakil Uji",
    )
    report = services.draft_report(tree.cities[0], report_set=report_set, day=DAY, by=tree.secretariat)
    services.update_report(
        report,
        by=tree.secretariat,
        situation="waspada",
        narrative="Situasi umum waspada menjelang masa tenang.",
        recommendations="=Tingkatkan patroli malam di sekitar TPS.",
        signatory_nip="197001012000031001",
    )
    services.add_activity(
        report,
        ActivityInput(dt.time(14, 0), "Lapangan Kantin", "Kampanye terbuka", "Ketua DPRD", pair, 97517, "Tertib"),
        by=tree.secretariat,
    )
    with clock.frozen(at(17)):
        services.submit_report(report, by=tree.secretariat)
        services.approve_report(report, by=tree.chair)
    return report, tree


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_pdf_has_the_letterhead_number_date_figures_and_signature(city_report):
    report, tree = city_report
    text = pdf_text(exports.render(report, "pdf"))
    city = tree.cities[0].name.upper()
    assert f"PEMERINTAH {city}" in text and f"DESK PILKADA {city}" in text
    assert report.number in text
    assert "Selasa, 19 November 2024" in text
    assert "Waspada" in text and "Situasi umum waspada menjelang masa tenang." in text
    assert "Politik uang" in text and "Kritis" in text
    assert "<b>Serangan fajar</b>" in text, "user text is printed as text, not as markup"
    assert "97.517" in text.replace("\n", ""), "Indonesian number grouping"
    assert "Calon Kepala Uji" in text
    assert f"{tree.cities[0].name.removeprefix('Kota ')}, 19 November 2024" in text
    assert report.signatory_name in text and "NIP. 197001012000031001" in text
    assert "Disetujui secara elektronik" in text


def test_a_draft_says_so_in_its_pdf(report_set):
    tree = build_tree()
    report = services.draft_report(tree.cities[0], report_set=report_set, day=DAY, by=tree.secretariat)
    assert "DRAF" in pdf_text(exports.render(report, "pdf"))


def test_the_docx_holds_the_same_letter(city_report):
    report, tree = city_report
    document = Document(io.BytesIO(exports.render(report, "docx")))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert f"DESK PILKADA {tree.cities[0].name.upper()}" in paragraphs
    assert f"Nomor: {report.number}" in paragraphs
    assert "Selasa, 19 November 2024" in cells
    assert "Politik uang" in cells and "97.517" in cells
    assert report.signatory_name in cells and "NIP. 197001012000031001" in cells


def test_the_xlsx_has_a_summary_and_its_tables_with_formulas_defused(city_report):
    report, _tree = city_report
    workbook = load_workbook(io.BytesIO(exports.render(report, "xlsx")))
    summary = {row[0]: row[1] for row in workbook["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert summary["Nomor"] == report.number
    assert summary["Kasus"] == 2
    assert summary["Situasi umum"] == "Waspada"
    categories = workbook["Menurut kategori"]
    assert [c.value for c in categories[1]] == ["Kategori", "Kasus", "Masih terbuka"]
    assert {row[0]: row[1] for row in categories.iter_rows(min_row=2, values_only=True)} == {
        "Politik uang": 1,
        "Logistik pemilihan": 1,
    }
    activity_rows = list(workbook["Kegiatan kampanye"].iter_rows(min_row=2, values_only=True))
    assert activity_rows[0][1] == "Lapangan Kantin"
    assert summary["Status"].startswith("Disetujui secara elektronik")


def test_the_chat_text_is_short_indonesian_and_has_the_key_figures(city_report):
    report, tree = city_report
    text = exports.render(report, "txt").decode("utf-8")
    assert text.startswith("*LAPORAN HARIAN")
    assert "Selasa, 19 November 2024 · H-8 · Kampanye" in text
    assert "Situasi: *Waspada*" in text
    assert "Kasus: 2, 2 masih terbuka, 1 tinggi/kritis" in text
    assert "<b>Serangan fajar</b>" in text
    assert "Rekomendasi: =Tingkatkan patroli" in text
    assert len(text) < 1500 and "\t" not in text


def test_a_parents_export_has_its_childrens_rate_in_indonesian_percent(report_set):
    tree = build_tree()
    for city in tree.cities[:2]:
        secretariat = UserFactory(assignments=[(city, "secretariat")])
        with clock.frozen(at(17)):
            services.report_nihil(city, report_set=report_set, day=DAY, by=secretariat)
    report = services.draft_report(tree.province, report_set=report_set, day=DAY, by=tree.province_secretariat)
    text = exports.render(report, "txt").decode("utf-8")
    assert "2/3 melapor (66,67%)" in text
    assert tree.cities[2].display_name in text, "the missing child is named"
    assert "66,67%" in pdf_text(exports.render(report, "pdf"))


def test_export_filenames_name_the_set_region_and_day(city_report):
    report, tree = city_report
    assert exports.filename(report, "pdf") == f"laporan-{report.report_set.code}-{tree.cities[0].code}-20241119.pdf"


def test_exports_are_indonesian_whatever_language_is_active(city_report):
    from django.utils import translation

    report, _tree = city_report
    with translation.override("en"):
        docx = Document(io.BytesIO(exports.render(report, "docx")))
        text = exports.render(report, "txt").decode("utf-8")
        pdf = pdf_text(exports.render(report, "pdf"))
    assert f"Nomor: {report.number}" in "\n".join(p.text for p in docx.paragraphs)
    assert "Situasi: *Waspada*" in text
    assert "Halaman 1" in pdf


def test_pdf_columns_are_never_narrower_than_their_longest_word():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    table = exports.Table(
        "",
        ["No.", "Nomor", "Judul", "Kategori", "Tingkat keparahan", "Status", "Wilayah"],
        [[1, "1375-24-000008", "Ancaman bentrok antarpendukung di Garegeh", "Konflik", "Kritis", "Terverifikasi", "X"]],
    )
    width = 470.0
    widths = exports._column_widths(table, width)
    assert sum(widths) == pytest.approx(width)
    assert widths[4] >= stringWidth("keparahan", "Times-Bold", 9) + 12  # the cell's own padding
    assert widths[1] >= stringWidth("1375-24-000008", "Times-Roman", 9) + 12
    assert widths[2] == max(widths)  # the title takes the room that is left


def test_pdf_columns_shrink_alike_when_the_page_is_too_narrow():
    table = exports.Table("", ["Kategori", "Tingkat keparahan"], [["Pelanggaran", "Kritis"]])
    widths = exports._column_widths(table, 50.0)
    assert sum(widths) == pytest.approx(50.0)
