"""Regions in the text: namesakes, variants, capitals, venues, common-word villages, the main region."""

import pytest

from deskpilkada.media.engine.places import Gazetteer

from .conftest import TREE


def codes(result):
    return {r.code: r.role for r in result.regions}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wali Kota Solok meninjau gudang logistik.", "13.72"),
        ("Wako Solok meninjau gudang logistik.", "13.72"),
        ("Pemko Solok menyiapkan gudang logistik.", "13.72"),
        ("Bupati Solok meninjau gudang logistik.", "13.02"),
        ("Pemkab Solok menyiapkan gudang logistik.", "13.02"),
        ("KPU Kab. Solok menyiapkan gudang logistik.", "13.02"),
        ("Kabupaten Solok Selatan menyiapkan gudang logistik.", "13.11"),
        ("Warga Padang Pariaman datang ke TPS.", "13.05"),
        ("Warga Padang Panjang datang ke TPS.", "13.74"),
        ("Warga Padangpanjang datang ke TPS.", "13.74"),
    ],
)
def test_namesakes_and_longest_names(gazetteer, text, expected):
    assert gazetteer.find(text).main == expected


def test_a_bare_namesake_follows_the_reading_given_elsewhere(gazetteer):
    result = gazetteer.find("Bupati Solok membuka rakor. Warga Solok diminta datang ke TPS.")
    assert {m.code for m in result.mentions} == {"13.02"}


def test_a_bare_province_city_namesake_defaults_to_the_province(gazetteer):
    assert gazetteer.find("Pilkada di Jambi berlangsung aman.").main == "15"
    assert gazetteer.find("Wali Kota Jambi meninjau TPS.").main == "15.71"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Listrik padam di Kelurahan Tarok Dipo, Kecamatan Guguk Panjang, Kota Bukittinggi.", "13.75.01"),
        ("Rapat di Sumatra Barat.", "13"),
        ("Rakor se-Sumbar.", "13"),
    ],
)
def test_spelling_variants_and_aliases(gazetteer, text, code):
    assert code in codes(gazetteer.find(text))


def test_a_capital_town_stands_for_its_regency(gazetteer):
    result = gazetteer.find("Sekda mengikuti rakor di Jakarta.", dateline="Arosuka")
    assert result.main == "13.02"
    assert gazetteer.find("Warga Arosuka antusias datang ke TPS.").main == "13.02"


def test_venue_and_subject(gazetteer):
    text = (
        "Pjs Wali Kota Bukittinggi hadiri rapat koordinasi. Kegiatan ini berlangsung di Aula Balaikota Pariaman. "
        "Pjs Wako Bukittinggi meminta ASN di Bukittinggi netral."
    )
    result = gazetteer.find(text)
    assert result.main == "13.75"
    assert codes(result) == {"13.75": "subject", "13.77": "venue"}
    assert "Kota Bukittinggi (13.75)" in result.main_reason


@pytest.mark.parametrize(
    "text",
    [
        "Sekda Kota Padang Panjang hadiri rakor di Hotel Grand Padang.",
        "KPU Kota Padang Panjang gelar bimtek di Padang.",
    ],
)
def test_venues_weigh_little(gazetteer, text):
    result = gazetteer.find(text)
    assert result.main == "13.74"
    assert codes(result)["13.71"] == "venue"


def test_a_list_after_berlangsung_di_is_not_a_venue(gazetteer):
    result = gazetteer.find("Pemilihan gubernur berlangsung di sembilan provinsi, yakni Riau, Jambi dan Bali.")
    assert set(codes(result).values()) == {"mentioned"} or result.main in ("14", "15", "51")
    assert "venue" not in codes(result).values()


def test_villages_named_with_common_words_need_their_kind_word(gazetteer):
    assert "13.02.10.2001" not in codes(gazetteer.find("Kabupaten Solok. Pasar Koto Baru ramai pembeli."))
    assert "13.02.10.2001" in codes(gazetteer.find("Kabupaten Solok. Di Nagari Koto Baru, warga antre."))
    # "Pasar Baru" is also a district of Depok: never from the word "pasar" with "baru".
    assert "32.76.04" not in codes(gazetteer.find("Pasar Baru di Kota Padang ramai."))


def test_a_kind_word_carries_over_a_list(gazetteer):
    result = gazetteer.find("TPS rawan di Kota Padang tersebar di Kecamatan Koto Tangah dan Pauh.")
    assert {"13.71.11", "13.71.08"} <= set(codes(result))


def test_districts_and_villages_are_matched_bare_inside_a_named_regency(gazetteer):
    assert "13.75.01.1001" in codes(gazetteer.find("Warga Tarok Dipo, Kota Bukittinggi, antre di TPS."))
    assert "13.75.01.1001" not in codes(gazetteer.find("Warga Tarok Dipo antre di TPS."))


def test_words_in_lower_case_are_not_names(gazetteer):
    assert gazetteer.find("padang rumput itu luas dan solok kecil").main is None


def test_a_regency_outranks_its_namesake_district(gazetteer):
    assert gazetteer.find("Polres Payakumbuh siaga.").main == "13.76"
    assert "13.07.03" in codes(gazetteer.find("Kabupaten Lima Puluh Kota. Warga Kecamatan Payakumbuh antre."))


def test_province_context_counts_half(gazetteer):
    text = "Pjs Wali Kota Bukittinggi menghadiri rapat se-Sumatera Barat bersama Gubernur Sumatera Barat."
    assert gazetteer.find(text).main == "13.75"


def test_gazetteer_is_built_from_rows_only():
    small = Gazetteer([("13", "Sumatera Barat", "provinsi"), ("13.75", "Kota Bukittinggi", "kota")], capitals=[])
    assert small.find("Kota Bukittinggi dan Arosuka").main == "13.75"
    assert len(TREE) > small.size
