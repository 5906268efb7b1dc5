"""Officials with positions, institutions, figures with their meaning."""

import pytest

from deskpilkada.media.engine import entities


def test_officials_with_their_region(gazetteer):
    text = (
        "Pjs Wali Kota Bukittinggi, H. Hani Syopiar Rustam didampingi Kasat PolPP, Kabag Pemerintahan. "
        "Pj Wako Payakumbuh Suprayitno memimpin rakor. Sekda Payakumbuh Rida Ananda hadir."
    )
    spans = [(m.start, m.end, m.code) for m in gazetteer.find(text).mentions]
    found = {(o.position, o.region, o.name) for o in entities.officials(text, spans)}
    assert ("Pjs Wali Kota", "13.75", "Hani Syopiar Rustam") in found
    assert ("Pj Wako", "13.76", "Suprayitno") in found
    assert ("Sekda", "13.76", "Rida Ananda") in found
    assert not any(name == "Kabag" for _, _, name in found)


def test_institutions_and_their_region(gazetteer):
    text = "KPU Bukittinggi menetapkan DPT. Bawaslu, Polri, TNI dan Kejaksaan hadir. Kesbangpol, DKPP, BKN, ASN."
    spans = [(m.start, m.end, m.code) for m in gazetteer.find(text).mentions]
    found = {i.name: i for i in entities.institutions(text, spans)}
    assert {"KPU", "Bawaslu", "Polri", "TNI", "Kejaksaan", "Kesbangpol", "DKPP", "BKN", "ASN"} <= set(found)
    assert found["KPU"].region == "13.75"


@pytest.mark.parametrize(
    ("text", "value", "unit", "meaning"),
    [
        ("DPT Bukittinggi sebanyak 97.517 pemilih", 97517, "pemilih", "dpt"),
        ("dengan 206 TPS", 206, "tps", ""),
        ("menargetkan tingkat kehadiran pemilih mencapai 80 persen", 80, "persen", "partisipasi"),
        ("target partisipasi 77,5 persen", 77.5, "persen", "target partisipasi"),
        ("diikuti oleh empat pasangan calon", 4, "paslon", ""),
        ("diikuti lebih dari 2.000 peserta", 2000, "peserta", ""),
        ("dana hibah Rp12 miliar", 12_000_000_000, "rupiah", ""),
    ],
)
def test_figures(text, value, unit, meaning):
    [figure] = entities.figures(text)
    assert (figure.value, figure.unit, figure.meaning) == (value, unit, meaning)


@pytest.mark.parametrize("text", ["Pilkada 2024 calon", "salah satu paslon", "Nomor 10 Tahun 2016"])
def test_not_figures(text):
    assert entities.figures(text) == []
