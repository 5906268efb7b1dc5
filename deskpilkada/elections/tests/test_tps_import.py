"""The TPS import: all or nothing, every bad line reported with its number, idempotent, in bulk."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from deskpilkada.core.models import AuditEvent
from deskpilkada.demo import loader
from deskpilkada.elections import imports, services
from deskpilkada.elections.models import PollingStation
from deskpilkada.factories import ElectionFactory

HEADER = "kode_wilayah,no_tps,dpt_laki_laki,dpt_perempuan,dpt_total,alamat,latitude,longitude,lokasi,lokasi_khusus\n"
GOOD = (
    HEADER
    + "13.75.01.1001,001,250,260,510,Jl. Sudirman,-0.305,100.369,dalam,\n"
    + "1375011001,2,200,210,,Balai Kelurahan,,,luar,\n"
    + "13.75.01.1002,1,100,120,220,,,,,rumah sakit\n"
)


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in their English source; the Indonesian catalogue translates them."""
    with translation.override("en"):
        yield


@pytest.fixture
def fresh_election(db):
    return ElectionFactory()


def run(text, election, **kwargs):
    return services.import_polling_stations(text.encode(), election=election, **kwargs)


def messages(result):
    return [(e.line, e.message) for e in result.errors]


def test_a_good_file_creates_every_tps(fresh_election, tarok_dipo):
    result = run(GOOD, fresh_election)
    assert result.ok and (result.created, result.updated, result.unchanged) == (3, 0, 0)
    tps = PollingStation.objects.get(election=fresh_election, village=tarok_dipo, number=1)
    assert (tps.dpt_men, tps.dpt_women, tps.dpt_total, tps.setting) == (250, 260, 510, "dalam")
    assert str(tps.latitude) == "-0.305000"
    other = PollingStation.objects.get(election=fresh_election, village__code="13.75.01.1002", number=1)
    assert other.special_location == "rumah_sakit" and other.setting == "luar"


def test_importing_the_same_file_twice_changes_nothing_the_second_time(fresh_election):
    run(GOOD, fresh_election)
    events = AuditEvent.objects.filter(action="tps.import").count()
    result = run(GOOD, fresh_election)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert AuditEvent.objects.filter(action="tps.import").count() == events


def test_a_changed_figure_updates_the_tps_and_is_audited(fresh_election, tarok_dipo):
    run(GOOD, fresh_election)
    result = run(GOOD.replace("250,260,510", "251,260,511"), fresh_election)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    assert PollingStation.objects.get(election=fresh_election, village=tarok_dipo, number=1).dpt_men == 251
    event = AuditEvent.objects.filter(action="tps.import").latest("pk")
    assert event.changes["updated"] == 1 and event.region_code == "13.75.01"


def test_semicolons_a_byte_order_mark_and_village_names_are_accepted(fresh_election, tarok_dipo):
    text = (
        "\ufeffprovinsi;kabupaten_kota;kecamatan;kelurahan_desa;no_tps;dpt_laki_laki;dpt_perempuan;latitude;longitude\n"
        "SUMATERA BARAT;Kota Bukittinggi;Kecamatan Guguak Panjang;Kelurahan Tarok Dipo;3;100;110;-0,30;100,37\n"
        "Provinsi Sumatera Barat;Bukittinggi;guguak panjang;TAROK DIPO;4;90;95;;\n"
    )
    result = services.import_polling_stations(text.encode("utf-8"), election=fresh_election)
    assert result.ok, messages(result)
    assert PollingStation.objects.filter(election=fresh_election, village=tarok_dipo).count() == 2


def test_an_unknown_village_imports_nothing_and_names_the_line(fresh_election):
    text = GOOD + "13.75.01.1099,1,100,100,,,,,,\n"
    result = run(text, fresh_election)
    assert not result.ok
    assert messages(result) == [(5, "unknown village code 13.75.01.1099")]
    assert not PollingStation.objects.filter(election=fresh_election).exists()


def test_an_unknown_village_name_says_where_it_was_looked_for(fresh_election):
    text = (
        "provinsi,kabupaten_kota,kecamatan,kelurahan_desa,no_tps,dpt_laki_laki,dpt_perempuan\n"
        "Sumatera Barat,Kota Bukittinggi,Guguak Panjang,Tarok Dipa,1,100,100\n"
        "Sumatera Barat,Solok,X,Y,1,100,100\n"
    )
    result = run(text, fresh_election)
    (line2, message2), (line3, message3) = messages(result)
    assert line2 == 2 and "Tarok Dipa" in message2 and "Guguak Panjang" in message2
    assert line3 == 3 and "13.02" in message3 and "13.72" in message3  # Kabupaten and Kota Solok


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("13.75.01.1001,1,-5,100,,,,,,", "dpt_laki_laki is negative (-5)"),
        ("13.75.01.1001,1,abc,100,,,,,,", "dpt_laki_laki is not a whole number (abc)"),
        ("13.75.01.1001,1,100,,,,,,,", "dpt_perempuan is empty"),
        ("13.75.01.1001,1,300,301,,,,,,", "601 voters on one TPS; the limit is 600"),
        ("13.75.01.1001,1,100,100,201,,,,,", "dpt_total is 201 but men + women = 200"),
        ("13.75.01.1001,x,100,100,,,,,,", "no_tps is not a whole number (x)"),
        ("13.75.1001,1,100,100,,,,,,", "village code 13.75.1001 is not a Kemendagri village code"),
        ("13.75.01.1001,1,100,100,,,-0.3,,,", "give both latitude and longitude"),
        ("13.75.01.1001,1,100,100,,,12.0,100.3,,", "latitude 12.0 lies outside Indonesia"),
        ("13.75.01.1001,1,100,100,,,,,di atas,", "lokasi must be 'dalam' or 'luar'"),
        ("13.75.01.1001,1,100,100,,,,,,pasar", "lokasi_khusus pasar is not one of"),
    ],
)
def test_a_bad_row_imports_nothing_and_says_why(fresh_election, row, reason):
    result = run(GOOD + row + "\n", fresh_election)
    assert not result.ok
    assert len(result.errors) >= 1 and all(e.line == 5 for e in result.errors)
    assert any(reason in e.message for e in result.errors), messages(result)
    assert not PollingStation.objects.filter(election=fresh_election).exists()


def test_a_missing_column_is_reported_on_the_header_line(fresh_election):
    result = run("kode_wilayah,no_tps,dpt_laki_laki\n13.75.01.1001,1,100\n", fresh_election)
    assert messages(result) == [(1, "missing column(s): dpt_perempuan")]


def test_a_file_without_village_columns_is_refused(fresh_election):
    result = run("no_tps,dpt_laki_laki,dpt_perempuan\n1,100,100\n", fresh_election)
    assert result.errors[0].line == 1 and "kode_wilayah" in result.errors[0].message


def test_a_tps_number_given_twice_for_one_village_is_refused_even_when_written_differently(fresh_election):
    text = (
        "kode_wilayah,provinsi,kabupaten_kota,kecamatan,kelurahan_desa,no_tps,dpt_laki_laki,dpt_perempuan\n"
        "13.75.01.1001,,,,,1,100,100\n"
        "1375011001,,,,,001,100,100\n"
        ",Sumatera Barat,Kota Bukittinggi,Guguak Panjang,Tarok Dipo,1,100,100\n"
    )
    result = run(text, fresh_election)
    assert [e.line for e in result.errors] == [3, 4]
    assert all("already on line 2" in e.message for e in result.errors)
    assert not PollingStation.objects.filter(election=fresh_election).exists()


def test_add_only_refuses_a_row_that_would_change_an_existing_tps(fresh_election):
    run(GOOD, fresh_election)
    result = run(GOOD.replace("250,260,510", "250,261,511"), fresh_election, update_existing=False)
    assert messages(result) == [
        (2, "TPS 001 in 13.75.01.1001 already exists with other figures; this import only adds TPS")
    ]
    again = run(GOOD, fresh_election, update_existing=False)
    assert again.ok and again.unchanged == 3


def test_every_bad_line_is_reported_at_once_in_line_order(fresh_election):
    text = GOOD + "13.75.01.1099,1,100,100,,,,,,\n\n" + "13.75.01.1001,7,-1,700,,,,,,\n"
    result = run(text, fresh_election)
    lines = [e.line for e in result.errors]
    assert lines == sorted(lines) and set(lines) == {5, 7}


def test_a_file_that_is_not_utf8_is_refused(fresh_election):
    result = services.import_polling_stations(
        HEADER.encode() + "13.75.01.1001,1,1,1,,Jalan Ã\n".encode("cp1252")[:-3] + b"\xff\n", election=fresh_election
    )
    assert messages(result)[0][0] == 1 and "UTF-8" in messages(result)[0][1]


def test_the_whole_province_imports_in_bulk_with_few_queries(fresh_election, django_assert_max_num_queries):
    rows = loader.demo_tps_rows()
    text = services.tps_csv(
        {
            "kode_wilayah": r.village_code,
            "no_tps": f"{r.number:03d}",
            "dpt_laki_laki": r.dpt_men,
            "dpt_perempuan": r.dpt_women,
            "dpt_total": r.dpt_total,
            "lokasi": r.setting,
        }
        for r in rows
    )
    # SQLite takes at most 999 parameters a statement, so about 130 multi-row INSERTs; PostgreSQL needs 6.
    with django_assert_max_num_queries(200):
        result = run(text, fresh_election)
    assert result.ok and result.created == 10_846
    totals = PollingStation.objects.filter(election=fresh_election).totals()
    assert (totals["tps_count"], totals["dpt"]) == (10_846, 4_103_084)


def test_import_tps_command_imports_a_good_file(tmp_path, election):
    path = tmp_path / "tps.csv"
    path.write_text(GOOD.replace("13.75.01.1002,1,", "13.75.01.1002,99,"), encoding="utf-8")
    out = StringIO()
    call_command("import_tps", str(path), stdout=out)
    assert "1 TPS created" in out.getvalue() or "created" in out.getvalue()
    assert PollingStation.objects.filter(election=election, village__code="13.75.01.1002", number=99).exists()


def test_import_tps_command_fails_listing_the_bad_lines(tmp_path, election):
    path = tmp_path / "tps.csv"
    path.write_text(HEADER + "13.75.01.1099,1,100,100,,,,,,\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_tps", str(path), stderr=err)
    assert "line 2" in err.getvalue() and "13.75.01.1099" in err.getvalue()


def test_normalize_village_code_accepts_dotted_and_plain_codes():
    assert imports.normalize_village_code("1375011001") == "13.75.01.1001"
    assert imports.normalize_village_code(" 13.75.01.1001 ") == "13.75.01.1001"
    assert imports.normalize_village_code("13.75.01") is None
