import pytest

from deskpilkada.regions import names
from deskpilkada.regions.timezones import zone_for_code


@pytest.mark.parametrize(
    ("text", "kinds", "key"),
    [
        ("Kota Solok", ("kota",), "solok"),
        ("Kabupaten Solok", ("kabupaten",), "solok"),
        ("Kab. Solok", ("kabupaten",), "solok"),
        ("kab.solok", ("kabupaten",), "solok"),
        ("  BUKITTINGGI ", (), "bukittinggi"),
        ("Kec. Guguak Panjang", ("kecamatan", "distrik"), "guguak panjang"),
        ("Nagari Koto Baru", ("desa",), "koto baru"),
        ("Kota", (), "kota"),
    ],
)
def test_split_kind_separates_the_prefix_from_the_name(text, kinds, key):
    assert names.split_kind(text) == (kinds, key)


def test_district_named_like_a_prefix_keeps_its_word():
    assert names.region_search_key("Kota Baru", level=3) == "kota baru"
    assert names.region_search_key("Kota Padang Panjang", level=2) == "padang panjang"


@pytest.mark.parametrize(
    ("code", "zone"),
    [
        ("13.75.01.1001", "WIB"),  # Sumatera Barat
        ("31", "WIB"),  # Jakarta
        ("61.01", "WIB"),  # Kalimantan Barat
        ("62", "WIB"),  # Kalimantan Tengah
        ("63", "WITA"),  # Kalimantan Selatan
        ("51.71", "WITA"),  # Denpasar
        ("73.71", "WITA"),  # Makassar
        ("81", "WIT"),  # Maluku
        ("82", "WIT"),  # Maluku Utara
        ("91.71", "WIT"),  # Jayapura
        ("96", "WIT"),  # Papua Barat Daya
    ],
)
def test_time_zone_follows_the_province(code, zone):
    assert zone_for_code(code) == zone
