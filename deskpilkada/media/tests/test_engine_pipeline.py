"""analyse(): every field from one article, and a clear status for bad input."""

import datetime as dt
from pathlib import Path

import pytest

from deskpilkada.media.engine.pipeline import MAX_BYTES, Status, analyse

ARTICLE = (Path(__file__).parent / "data" / "article.txt").read_text(encoding="utf-8")


def test_every_field(gazetteer):
    result = analyse(ARTICLE, gazetteer=gazetteer, old_before=dt.date(2024, 1, 1))
    assert result.ok
    assert result.title.startswith("Pjs Wako Bukittinggi")
    assert result.published == dt.date(2024, 11, 5) and result.published_how == "event"
    assert result.main_region == "13.75"
    assert {(r.code, r.role) for r in result.regions} >= {("13.75", "subject"), ("13.77", "venue")}
    assert result.category == "rapat_koordinasi" and result.kind == "routine"
    assert {f.key for f in result.figures} >= {("pemilih", 97517.0), ("tps", 206.0)}
    assert any(o.name == "Hani Syopiar Rustam" for o in result.officials)
    assert not result.is_old
    assert result.as_dict()["regions"][0]["code"] == "13.75"


def test_an_old_article_is_marked_not_dropped(gazetteer):
    text = (
        "Pilkada Serentak 2020 di Kabupaten Solok. Bupati Solok meninjau TPS pada Rabu (9/12) dan warga antusias hadir."
    )
    result = analyse(text, gazetteer=gazetteer, old_before=dt.date(2024, 1, 1))
    assert result.ok and result.is_old and result.published == dt.date(2020, 12, 9)


@pytest.mark.parametrize(
    ("content", "status"),
    [
        ("", Status.EMPTY),
        ("   \n\n  ", Status.EMPTY),
        (b"\x00\x01\x02binary\x00", Status.BINARY),
        (b"%PDF-1.7 lots of stuff", Status.BINARY),
        ("a" * (MAX_BYTES + 1), Status.TOO_LARGE),
        (
            "The city council met on Tuesday to discuss the election and the budget for the new year, and it was "
            "agreed that the polling stations would be ready by the end of the week for all of the voters.",
            Status.NOT_INDONESIAN,
        ),
        ("Ã¢â‚¬Å“Ã¢â‚¬Â " * 40, Status.GARBLED),
        ("xq zzkr vbnm qwrt plkj mnbv cxzl kjhg " * 10, Status.GARBLED),
        ("<html><body><script>var a = 1;</script></body></html>", Status.NO_TEXT),
    ],
)
def test_bad_input_gets_a_status_not_an_exception(gazetteer, content, status):
    result = analyse(content, gazetteer=gazetteer)
    assert result.status == status and not result.ok and result.message


def test_html_with_scripts(gazetteer):
    html = (
        "<html><head><title>Banjir di Kota Padang</title><script>steal()</script></head><body><article>"
        "<p>PADANG - Banjir merendam TPS di Kecamatan Koto Tangah, Kota Padang, Selasa (26/11/2024), dan warga "
        "mengungsi ke masjid terdekat setelah hujan deras sejak malam.</p>"
        "<p>BPBD Kota Padang mencatat ratusan rumah terendam dan logistik pemilihan diamankan ke kantor PPK.</p>"
        "</article></body></html>"
    )
    result = analyse(html, gazetteer=gazetteer)
    assert result.ok and result.source_kind == "html"
    assert "steal" not in result.text
    assert result.main_region == "13.71" and result.category == "bencana_cuaca"


def test_bytes_in_windows_1252_are_read(gazetteer):
    text = "Warga Kota Bukittinggi menghadiri sosialisasi “Pilkada damai” di aula kantor KPU dan dengan antusias."
    result = analyse(text.encode("cp1252"), gazetteer=gazetteer)
    assert result.ok and result.main_region == "13.75"
