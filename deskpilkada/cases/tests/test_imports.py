"""Bulk import of cases (CSV or XLSX): every row checked, every bad line reported, nothing imported when one is bad."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from deskpilkada.cases import imports, services
from deskpilkada.cases.models import Case
from deskpilkada.core import clock
from deskpilkada.core.models import AuditEvent, Channel

HEADER = (
    "kode_wilayah,wilayah,no_tps,kategori,tingkat,jenis,judul,uraian,waktu,pelapor_nama,pelapor_telepon,pelapor_nik"
)
ROWS = [
    "13.75.01.1001,,3,politik_uang,tinggi,kejadian,Amplop di TPS 3,Warga melihat pembagian amplop.,"
    "2024-11-19 14:30,Siti Rahma,0812-3456-7890,1375014107900001",
    "1375031001,,,logistik,,,Tinta kurang,Tinta di gudang PPS kurang.,2024-11-19T08:00:00+07:00,,,",
    ",Bukittinggi / Mandiangin Koto Selayan / Garegeh,,hoaks_sara,sedang,potensi,Hoaks TPS dipindah,"
    '"Pesan berantai, TPS dipindah.",20/11/2024 09.15 WIB,,,',
]
GOOD = "\n".join([HEADER, *ROWS]) + "\n"


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in their English source; the Indonesian catalogue translates them."""
    with translation.override("en"):
        yield


def run(text, by, filename="kasus.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return imports.import_cases(io.BytesIO(data), by=by, filename=filename)


def with_row(row: str) -> str:
    return "\n".join([HEADER, ROWS[0], row]) + "\n"


def test_a_good_csv_creates_every_case_through_the_intake(regency_secretariat):
    before = Case.objects.count()
    result = run(GOOD, regency_secretariat)
    assert result.errors == [] and len(result.created) == 3 and result.rows == 3
    assert Case.objects.count() == before + 3
    money, ink, hoax = result.created
    assert money.occurred_at == dt.datetime(2024, 11, 19, 14, 30, tzinfo=clock.WIB)
    assert (money.polling_station.number, money.severity, money.kind) == (3, "tinggi", "kejadian")
    assert (money.reporter_name, money.reporter_phone, money.reporter_nik) == (
        "Siti Rahma",
        "+6281234567890",
        "1375014107900001",
    )
    assert ink.region.code == "13.75.03.1001" and ink.severity == ink.category.default_severity
    assert hoax.region.code == "13.75.02.1008" and hoax.kind == "potensi"
    assert hoax.occurred_at == dt.datetime(2024, 11, 20, 9, 15, tzinfo=clock.WIB)
    assert {c.channel for c in result.created} == {Channel.IMPORT}
    assert {c.desk.region.code for c in result.created} == {"13.75"}
    assert AuditEvent.objects.filter(action="case.submit", channel=Channel.IMPORT).count() == 3


def test_a_semicolon_csv_with_a_byte_order_mark_imports(regency_secretariat):
    text = (
        "\ufeffkode_wilayah;kategori;judul;uraian;waktu\n13.75.01.1001;logistik;Tinta;Tinta kurang;2024-11-19 10:00\n"
    )
    result = run(text, regency_secretariat)
    assert result.errors == [] and result.created[0].title == "Tinta"


def test_a_good_xlsx_imports_with_spreadsheet_cells(regency_secretariat):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Kode Wilayah", "No TPS", "Kategori", "Tingkat", "Judul", "Uraian", "Waktu", "Pelapor NIK"])
    sheet.append(
        [
            1375011001,
            3,
            "politik_uang",
            "Tinggi",
            "Amplop",
            "Amplop dibagikan.",
            dt.datetime(2024, 11, 19, 14, 30),
            1375014107900001,
        ]
    )
    sheet.append(
        ["13.75.01.1003", None, "netralitas_asn", None, "ASN kampanye", "ASN hadir.", "2024-11-18 09:00", None]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run(buffer.getvalue(), regency_secretariat, filename="kasus.xlsx")
    assert result.errors == [] and len(result.created) == 2
    first, second = result.created
    assert first.region.code == "13.75.01.1001" and first.polling_station.number == 3
    assert first.occurred_at == dt.datetime(2024, 11, 19, 14, 30, tzinfo=clock.WIB)
    assert first.reporter_nik == "1375014107900001" and first.severity == "tinggi"
    assert second.category.code == "netralitas_asn"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (",,,logistik,,,Judul,Uraian,2024-11-19 10:00,,,", "the region is missing"),
        ("13.99.01.1001,,,logistik,,,Judul,Uraian,2024-11-19 10:00,,,", "unknown region code 13.99.01.1001"),
        ("13-75-01,,,logistik,,,Judul,Uraian,2024-11-19 10:00,,,", "malformed region code 13-75-01"),
        (",Bukittinggi / Kampung Entah,,logistik,,,Judul,Uraian,2024-11-19 10:00,,,", "unknown region"),
        ("13.76.01.1007,,,logistik,,,Judul,Uraian,2024-11-19 10:00,,,", "outside the regions you may report in"),
        ("13.75.01.1001,,,kericuhan,,,Judul,Uraian,2024-11-19 10:00,,,", "unknown category kericuhan"),
        ("13.75.01.1001,,,,,,Judul,Uraian,2024-11-19 10:00,,,", "the category (kategori) is missing"),
        ("13.75.01.1001,,,logistik,gawat,,Judul,Uraian,2024-11-19 10:00,,,", "unknown severity gawat"),
        ("13.75.01.1001,,,logistik,,insiden besar,Judul,Uraian,2024-11-19 10:00,,,", "unknown kind"),
        ("13.75.01.1001,,,logistik,,,Judul,Uraian,kemarin sore,,,", "unreadable time kemarin sore"),
        ("13.75.01.1001,,,logistik,,,Judul,Uraian,2024-11-19,,,", "unreadable time 2024-11-19"),
        ("13.75.01.1001,,,logistik,,,Judul,Uraian,,,,", "the time (waktu) is missing"),
        ("13.75.01.1001,,,logistik,,,Judul,Uraian,2024-11-21 10:00,,,", "cannot have happened in the future"),
        ("13.75.01.1001,,,logistik,,,,Uraian,2024-11-19 10:00,,,", "the title (judul) is missing"),
        ("13.75.01.1001,,,logistik,,,Judul,,2024-11-19 10:00,,,", "the description (uraian) is missing"),
        ("13.75.01.1001,,99,logistik,,,Judul,Uraian,2024-11-19 10:00,,,", "there is no TPS 99 in Kelurahan Tarok Dipo"),
        ("13.75.01,,1,logistik,,,Judul,Uraian,2024-11-19 10:00,,,", "a TPS number needs a village"),
        ("13.75.01.1001,,,logistik,,,Judul,Uraian,2024-11-19 10:00,,12345,", "phone number 12345 is not valid"),
        ("13.75.01.1001,,,logistik,,,Judul,Uraian,2024-11-19 10:00,,,13750141", "a NIK has 16 digits"),
        (ROWS[0], "the same case as on line 2"),
    ],
    ids=lambda value: value[:40],
)
def test_a_bad_row_is_reported_on_its_line_and_nothing_is_imported(regency_secretariat, row, message):
    before = Case.objects.count()
    result = run(with_row(row), regency_secretariat)
    assert result.created == []
    assert [line for line, _text in result.errors] == [3], result.errors
    assert message in result.errors[0][1], result.errors
    assert Case.objects.count() == before


def test_a_potential_problem_may_lie_in_the_future(regency_secretariat):
    result = run(
        with_row("13.75.01.1001,,,bencana_cuaca,,potensi,Banjir,Hujan deras,2024-11-27 07:00,,,"), regency_secretariat
    )
    assert result.errors == [] and result.created[1].kind == "potensi"


def test_every_bad_line_is_listed_at_once(regency_secretariat):
    text = "\n".join(
        [
            HEADER,
            "13.99.01.1001,,,logistik,,,Judul,Uraian,2024-11-19 10:00,,,",
            ROWS[1],
            "13.75.01.1001,,,kericuhan,gawat,,Judul,Uraian,2024-11-19 10:00,,,",
        ]
    )
    result = run(text, regency_secretariat)
    assert [line for line, _text in result.errors] == [2, 4, 4]
    assert result.created == []


def test_a_quoted_value_over_two_lines_keeps_the_line_numbers_physical(regency_secretariat):
    text = "\n".join(
        [HEADER, ROWS[0].replace("Warga melihat pembagian amplop.", '"Baris satu\nbaris dua"'), "13.99,,,x,,,J,U,w,,,"]
    )
    result = run(text, regency_secretariat)
    assert result.errors and {line for line, _text in result.errors} == {4}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"kode_wilayah,judul\n13.75.01.1001,Judul\n", "missing column(s): kategori, uraian, waktu"),
        (f"{HEADER},judul\n".encode(), "the column judul is given twice"),
        (f"{HEADER}\n".encode(), "no cases under its header"),
        ("kode_wilayah;kategori\n\xe9".encode("latin-1"), "not UTF-8"),
        (b"PK\x03\x04 not really a workbook", "cannot be read as an XLSX workbook"),
    ],
    ids=["empty", "missing columns", "twice", "no rows", "latin-1", "broken xlsx"],
)
def test_a_file_that_cannot_be_read_is_reported_on_line_1(regency_secretariat, data, message):
    result = run(data, regency_secretariat)
    assert [line for line, _text in result.errors] == [1]
    assert message in result.errors[0][1]


def test_a_village_operator_imports_only_in_their_village(village_operator):
    result = run(GOOD, village_operator)
    assert [line for line, _text in result.errors] == [3, 4]
    own = "\n".join([HEADER, ROWS[0]])
    assert len(run(own, village_operator).created) == 1


def test_a_liaison_or_outsider_imports_nothing(liaison, outsider):
    for user in (liaison, outsider):
        result = run(GOOD, user)
        assert result.created == [] and len(result.errors) == 3


def test_a_failure_while_storing_rolls_back_the_whole_file(regency_secretariat, monkeypatch):
    real_submit = services.submit_case
    calls = []

    def failing_submit(data, **kwargs):
        calls.append(data)
        if len(calls) == 3:
            raise ValidationError({"region": "No desk handles this region yet."})
        return real_submit(data, **kwargs)

    monkeypatch.setattr(services, "submit_case", failing_submit)
    before = Case.objects.count()
    events = AuditEvent.objects.count()
    result = run(GOOD, regency_secretariat)
    assert result.created == [] and result.errors == [(4, "No desk handles this region yet.")]
    assert (Case.objects.count(), AuditEvent.objects.count()) == (before, events)


def test_the_command_imports_a_file_for_a_user(regency_secretariat, tmp_path):
    path = tmp_path / "kasus.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("import_cases", str(path), "--user", regency_secretariat.username, stdout=out)
    assert "3 cases imported" in out.getvalue()


def test_the_command_lists_bad_lines_and_fails(regency_secretariat, tmp_path):
    path = tmp_path / "kasus.csv"
    path.write_text(with_row("13.99.01.1001,,,logistik,,,Judul,Uraian,2024-11-19 10:00,,,"), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_cases", str(path), "--user", regency_secretariat.username, stderr=err)
    assert "line 3: unknown region code 13.99.01.1001" in err.getvalue()
    with pytest.raises(CommandError, match="No active user"):
        call_command("import_cases", str(path), "--user", "nobody")


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("Sumatera Barat / Kota Bukittinggi / Kec. Guguak Panjang / Kel. Tarok Dipo", "13.75.01.1001"),
        ("Kota Payakumbuh > Koto Baru", "13.76.03.1011"),
        ("payakumbuh/payakumbuh timur/KOTO BARU", "13.76.03.1011"),
        ("Bukittinggi", "13.75"),
    ],
)
def test_a_name_path_finds_the_region_at_any_level(province_secretariat, path, code):
    result = run(
        f"wilayah,kategori,judul,uraian,waktu\n{path},logistik,Judul,Uraian,2024-11-19 10:00\n", province_secretariat
    )
    assert result.errors == [] and result.created[0].region.code == code


def test_a_name_many_places_share_asks_for_the_code(province_secretariat):
    result = run(
        "wilayah,kategori,judul,uraian,waktu\nKoto Baru,logistik,Judul,Uraian,2024-11-19 10:00\n", province_secretariat
    )
    assert result.errors and "matches several regions" in result.errors[0][1]
    assert "13.76.03.1011" in result.errors[0][1] and "give the kode_wilayah" in result.errors[0][1]
