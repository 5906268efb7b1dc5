"""The line filter of scraped news and the HTML path (trafilatura)."""

from pathlib import Path

import pytest

from deskpilkada.media.engine.clean import clean_html, clean_text, looks_like_html

SCRAPED = (Path(__file__).parent / "data" / "scraped.txt").read_text(encoding="utf-8")


def test_boilerplate_is_removed_and_the_lead_kept():
    cleaned = clean_text(SCRAPED)
    assert cleaned.title == "Pjs. Wali Kota Bukittinggi kembali Tegaskan Netralitas ASN"
    assert cleaned.lead.startswith("Pjs Wali Kota Bukittinggi menegaskan")
    assert cleaned.dateline.place == "BUKITTINGGI" and cleaned.dateline.outlet == "hantaran.co"
    # "Terkait dengan ..." is a paragraph of the story, not a "related articles" heading.
    assert cleaned.paragraphs[1].startswith("Terkait dengan tahapan")
    reasons = {reason for reason, _ in cleaned.removed}
    assert {"share", "read_more", "related", "ad", "credit", "byline", "duplicate", "section"} <= reasons
    assert not any("KPU Bukittinggi Tetapkan" in p for p in cleaned.paragraphs)


@pytest.mark.parametrize(
    ("lead", "place", "outlet", "rest"),
    [
        ("PADANG, KOMPAS.com – Bawaslu Kota Padang menemukan dugaan politik uang.", "PADANG", "KOMPAS.com", "Bawaslu"),
        (
            "Arosuka (Kesbangpol) - Sekretaris Daerah Kabupaten Solok mengikuti rakor.",
            "Arosuka",
            "Kesbangpol",
            "Sekretaris",
        ),
        ("Bukittinggi-Pjs Wali Kota Bukittinggi hadir rapat koordinasi se-Sumatera Barat.", "Bukittinggi", "", "Pjs"),
        ("Mjnews.id – Pjs Wali Kota Bukittinggi hadiri rapat koordinasi di Pariaman.", "", "Mjnews.id", "Pjs"),
        ("Padang (ANTARA) - KPU Sumbar menetapkan daftar pemilih tetap provinsi.", "Padang", "ANTARA", "KPU"),
    ],
)
def test_datelines_are_parsed_not_lost(lead, place, outlet, rest):
    cleaned = clean_text(lead + "\n\nParagraf kedua berisi keterangan tambahan dari panitia kegiatan tersebut.")
    assert (cleaned.dateline.place, cleaned.dateline.outlet) == (place, outlet)
    assert cleaned.lead.startswith(rest)


def test_a_lead_without_dateline_stays_whole():
    text = "Sebanyak 400 personel gabungan dikerahkan untuk mengamankan TPS di Kota Payakumbuh pada hari pencoblosan."
    assert clean_text(text).lead == text


def test_related_headline_list_at_the_top_is_dropped():
    text = "\n".join(
        [
            "- Pengukuhan PASKIBRAKA Kabupaten Solok Tahun 2024",
            "- Kesbangpol Gelar Sosialisasi Pendidikan Politik bagi Pemilih Pemula",
            "Sekda ikuti Rakor Bidang Politik dan Pemerintahan Umum",
            "Arosuka (Kesbangpol) - Sekretaris Daerah Kabupaten Solok mengikuti kegiatan Rapat Koordinasi "
            "pada Kamis (27/2).",
        ]
    )
    cleaned = clean_text(text)
    assert cleaned.title == "Sekda ikuti Rakor Bidang Politik dan Pemerintahan Umum"
    assert [r for r, _ in cleaned.removed].count("related") == 2


def test_header_date_line_is_kept_for_the_publication_date():
    cleaned = clean_text(
        "PEKON.WEB.ID\n\nJudul Berita Rapat Koordinasi Kesiapan Pilkada\n\nLinda Sari - PAYAKUMBUH.PEKON.WEB.ID\n\n"
        "Nov 23, 2024 - 20:25\n\nPayakumbuh - Penjabat Wali Kota Payakumbuh memastikan kesiapan pemerintah daerah."
    )
    assert cleaned.header_dates == ("Nov 23, 2024 - 20:25",)
    assert ("byline", "Linda Sari - PAYAKUMBUH.PEKON.WEB.ID") in cleaned.removed


def test_html_main_text_without_scripts_and_the_same_filter_after():
    html = """<html><head><title>Banjir Rendam TPS | Situs Berita</title>
    <meta property="article:published_time" content="2024-11-26T10:00:00+07:00">
    <script>alert('x')</script></head><body><nav>Beranda Politik</nav><article>
    <h1>Banjir Rendam TPS</h1>
    <p>PAINAN - Banjir merendam dua belas TPS di Kabupaten Pesisir Selatan pada Selasa (26/11) pagi
    setelah hujan deras.</p>
    <p>Baca juga: Cuaca Ekstrem Intai Pencoblosan</p>
    <p>KPU Pesisir Selatan menyiapkan lokasi pengganti bagi TPS yang terendam air setinggi delapan puluh sentimeter.</p>
    <script>document.write('iklan')</script></article></body></html>"""
    assert looks_like_html(html)
    cleaned = clean_html(html)
    assert cleaned.title == "Banjir Rendam TPS"
    assert cleaned.meta_date == "2024-11-26"
    assert "alert" not in cleaned.text and "iklan" not in cleaned.text
    assert not any(p.startswith("Baca juga") for p in cleaned.paragraphs)
    assert cleaned.dateline.place == "PAINAN"


def test_a_byline_with_a_date_dates_the_page():
    cleaned = clean_text(
        "Judul Berita Tentang Pemilih Ganda di Nagari\nReporter: Dedi | Kamis, 12 September 2024 14:20 WIB\n"
        "BATUSANGKAR, Sumbarsatu – Bawaslu Kabupaten Tanah Datar menemukan data pemilih ganda dalam daftar sementara."
    )
    assert cleaned.header_dates == ("Kamis, 12 September 2024 14:20 WIB",)


def test_a_title_from_the_lead_does_not_stop_at_an_abbreviation():
    cleaned = clean_text("SOLOK, Padek.co – Bawaslu Kab. Solok menemukan 310 amplop. Dua orang diperiksa polisi.")
    assert cleaned.title == "Bawaslu Kab. Solok menemukan 310 amplop"
