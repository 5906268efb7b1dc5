"""Story grouping: rewrites join, templates for another regency and other figures stay apart."""

import datetime as dt

from deskpilkada.media.engine import stories
from deskpilkada.media.engine.stories import Features, StoryIndex

RELEASE = (
    "KPU Kota Bukittinggi menetapkan daftar pemilih tetap Pilkada 2024 sebanyak 97.517 pemilih dalam rapat pleno "
    "terbuka di aula kantor KPU. Pemilih tersebar di 206 TPS di tiga kecamatan. Penetapan ini hasil pencocokan "
    "dan penelitian yang dilakukan pantarlih sejak Juni, kata ketua KPU. Warga yang belum terdaftar masih bisa "
    "masuk daftar pemilih tambahan. Rapat pleno dihadiri Bawaslu, Disdukcapil dan perwakilan pemerintah kota."
)
REWRITE = (
    "Sebanyak 97.517 pemilih ditetapkan KPU Kota Bukittinggi dalam daftar pemilih tetap Pilkada 2024. Penetapan "
    "dilakukan dalam rapat pleno terbuka di aula kantor KPU. Pemilih tersebar di 206 TPS. Penetapan ini hasil "
    "pencocokan dan penelitian yang dilakukan pantarlih sejak Juni. Rapat pleno dihadiri Bawaslu dan Disdukcapil."
)
OTHER = "Banjir merendam dua belas TPS di Kecamatan Koto Tangah setelah hujan deras semalam; warga mengungsi."
DAY = dt.date(2024, 9, 20)


def features(key, text, region="13.75", day=DAY, figures=(("pemilih", 97517.0), ("tps", 206.0)), **kw):
    return Features(key, region, day, frozenset(figures), stories.signature(text), **kw)


def test_a_rewrite_joins_the_story_and_keeps_every_outlet_and_the_earliest_time():
    index = StoryIndex()
    first = index.assign(features("a", RELEASE, outlet="hantaran.co", at=dt.datetime(2024, 9, 20, 12, tzinfo=dt.UTC)))
    second = index.assign(features("b", REWRITE, outlet="mjnews.id", at=dt.datetime(2024, 9, 20, 9, tzinfo=dt.UTC)))
    assert not first.joined and second.joined and second.story == first.story
    story = index.stories[first.story]
    assert story.outlets == ["hantaran.co", "mjnews.id"]
    assert story.earliest == dt.datetime(2024, 9, 20, 9, tzinfo=dt.UTC)


def test_the_same_template_for_another_regency_is_another_story():
    index = StoryIndex()
    index.assign(features("a", RELEASE))
    template = RELEASE.replace("Bukittinggi", "Payakumbuh").replace("97.517", "100.863").replace("206", "240")
    result = index.assign(features("b", template, region="13.76", figures=(("pemilih", 100863.0), ("tps", 240.0))))
    assert not result.joined


def test_other_figures_or_dates_make_another_story():
    index = StoryIndex()
    index.assign(features("a", RELEASE))
    assert not index.assign(features("b", RELEASE, figures=(("pemilih", 99000.0),))).joined
    assert not index.assign(features("c", RELEASE, day=DAY + dt.timedelta(days=10))).joined


def test_unrelated_text_in_the_same_region_is_another_story():
    index = StoryIndex()
    index.assign(features("a", RELEASE))
    assert not index.assign(features("b", OTHER, figures=())).joined


def test_a_heavy_rewrite_joins_on_its_quotation_and_facts():
    quote = '"Semua logistik harus sudah berada di TPS paling lambat H-1," ujarnya.'
    body_a = (
        "Komisi pemilihan mengirim perlengkapan pemungutan suara ke dua panitia kecamatan dengan pengawalan polisi "
        "sejak pagi, dilepas langsung oleh wali kota yang meminta panitia menjaga perlengkapan itu baik-baik. "
        "Setiap kecamatan menerima perlengkapan untuk semua tempat pemungutan, lengkap dengan tinta dan segel, "
        "dan penerimaannya ditandatangani ketua panitia di hadapan pengawas pemilihan setempat. "
    )
    body_b = (
        "Gudang dikosongkan sejak subuh; truk bermuatan kotak dan bilik berangkat menuju kantor kecamatan, "
        "diiringi mobil patroli, sementara pengawas mencatat setiap kardus yang keluar dari pintu gudang. "
        "Sopir-sopir diminta tidak berhenti di jalan; di tiap kantor kecamatan petugas sudah menunggu untuk "
        "menghitung ulang muatan sebelum menyimpannya di ruang berkunci. "
    )
    a = features("a", body_a + quote, figures=(("tps", 152.0),))
    b = features("b", body_b + quote, figures=(("tps", 152.0),))
    a = Features(**{**a.__dict__, "category": "logistik", "anchors": stories.anchors(quote)})
    b = Features(**{**b.__dict__, "category": "logistik", "anchors": stories.anchors(quote)})
    ok, sim, reason = stories.compatible(b, a)
    assert ok and "quotation" in reason and sim < stories.MATCH_JACCARD


def test_a_paraphrase_sharing_three_figures_joins_but_two_figures_are_not_enough():
    facts = (("surat_suara", 1204.0), ("tps", 1046.0), ("personel", 420.0))
    body_a = (
        "KPU kabupaten menemukan 1.204 lembar surat suara rusak saat penghitungan akhir sebelum distribusi logistik "
        "pilkada ke kecamatan terjauh; logistik untuk 1.046 TPS dikawal 420 personel polres. Ketua KPU meminta "
        "panitia kecamatan menjaga logistik dengan baik sampai hari pemungutan suara, dan setiap kotak disegel di "
        "hadapan pengawas."
    )
    body_b = (
        "Truk-truk berangkat dari gudang sejak subuh untuk distribusi logistik pilkada ke kecamatan, dengan "
        "pengawalan 420 aparat gabungan menuju 1.046 tempat pemungutan. Penyelenggara lebih dulu menyisihkan 1.204 "
        "kertas suara yang cacat cetak, dan bupati berpesan agar semua petugas bekerja jujur serta teliti di lapangan."
    )
    a = features("a", body_a, figures=facts, category="logistik")
    b = features("b", body_b, figures=facts, category="logistik")
    ok, sim, reason = stories.compatible(b, a)
    assert stories.MATCH_JACCARD_FACTS <= sim < stories.MATCH_JACCARD_ANCHORED
    assert ok and "three or more figures" in reason
    fewer = features("c", body_b, figures=facts[:2], category="logistik")
    assert not stories.compatible(fewer, features("a", body_a, figures=facts[:2], category="logistik"))[0]
    other_category = features("d", body_b, figures=facts, category="bencana_cuaca")
    assert not stories.compatible(other_category, a)[0]


def test_the_index_is_rebuilt_from_rows():
    index = StoryIndex()
    index.assign(features("a", RELEASE), new_story_key=41)
    raw = stories.signature_bytes(index._features["a"].signature)
    stored = features("a", RELEASE)
    rebuilt = StoryIndex.from_rows(
        [(Features(**{**stored.__dict__, "signature": stories.signature_from_bytes(raw)}), 41)]
    )
    assert rebuilt.assign(features("b", REWRITE)).story == 41


def test_old_items_leave_the_lsh_but_stay_in_the_store():
    index = StoryIndex(window_days=5)
    index.assign(features("old", RELEASE, day=DAY))
    index.assign(features("new", OTHER, day=DAY + dt.timedelta(days=30), figures=()))
    assert len(index) == 2 and index.lsh_size == 1


def test_without_the_lsh_the_block_of_nearby_days_still_finds_the_rewrite():
    index = StoryIndex(use_lsh=False)
    first = index.assign(features("a", RELEASE))
    assert index.lsh_size == 0
    assert index.assign(features("b", REWRITE, day=DAY + dt.timedelta(days=2))).story == first.story
    assert not index.assign(features("c", OTHER, figures=())).joined
