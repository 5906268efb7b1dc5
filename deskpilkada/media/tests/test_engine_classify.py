"""Category, kind and stage from the lexicon, with evidence."""

import csv
import datetime as dt
from pathlib import Path

import pytest

from deskpilkada.media.engine.classify import ROUTINE, Lexicon, StageSpan, classify

CATEGORIES = Path(__file__).resolve().parents[2] / "cases" / "data" / "categories.csv"


def test_the_lexicon_uses_the_case_taxonomy_codes_plus_routine_only():
    with open(CATEGORIES, encoding="utf-8", newline="") as handle:
        taxonomy = {row["code"] for row in csv.DictReader(handle)}
    assert ROUTINE not in taxonomy  # the taxonomy has no coordination-meeting category: the media app adds one
    assert set(Lexicon.shipped().categories) - taxonomy == {ROUTINE}
    # Every taxonomy category but "lainnya" (the fallback) has phrases.
    assert taxonomy - set(Lexicon.shipped().categories) == {"lainnya"}


@pytest.mark.parametrize(
    ("title", "lead", "category", "kind"),
    [
        (
            "Bawaslu Amankan Amplop Berisi Uang",
            "Bawaslu menemukan 310 amplop berisi uang tunai.",
            "politik_uang",
            "problem",
        ),
        (
            "Pjs Wali Kota Tegaskan Netralitas ASN",
            "Pjs Wali Kota menggelar FGD persiapan Pilkada.",
            "netralitas_asn",
            "routine",
        ),
        (
            "Pemkab Gelar Rakor Desk Pilkada",
            "Rapat koordinasi membahas kesiapan dan netralitas ASN.",
            ROUTINE,
            "routine",
        ),
        (
            "Banjir Rendam 12 TPS",
            "Banjir akibat hujan deras merendam TPS, warga mengungsi.",
            "bencana_cuaca",
            "problem",
        ),
        ("BMKG Ingatkan Cuaca Ekstrem", "Hujan lebat berpotensi terjadi, waspada longsor.", "bencana_cuaca", "risk"),
        ("Pasar Murah di Empat Titik", "Warga membeli beras dan gula dengan harga murah.", "lainnya", "routine"),
        (
            "Bentrok Pendukung Paslon",
            "Bentrokan pecah, lima orang luka dan motor dibakar.",
            "konflik_keamanan",
            "problem",
        ),
    ],
)
def test_category_and_kind(title, lead, category, kind):
    result = classify(title, lead, "")
    assert (result.category, result.kind) == (category, kind)
    if category != "lainnya":
        assert result.evidence_for("category", category)


def test_a_meeting_that_mentions_a_topic_in_passing_is_routine():
    result = classify(
        "",
        "Pjs Wali Kota hadiri rapat koordinasi Pemerintah Provinsi. Rakor dihadiri kepala daerah.",
        "Ada pesan khusus kepada seluruh ASN untuk menjaga netralitas.",
    )
    assert result.category == ROUTINE


def test_negated_problems_are_not_problems():
    assert classify("", "Tidak ditemukan politik uang, tidak terjadi bentrok.", "").kind != "problem"


def test_stage_from_the_lexicon_then_from_the_calendar():
    assert classify("", "Memasuki masa tenang, APK diturunkan.", "").stage == "masa_tenang"
    calendar = [StageSpan("kampanye", dt.date(2024, 9, 25), dt.date(2024, 11, 23))]
    result = classify("", "Bupati meninjau pasar.", "", calendar=calendar, on=dt.date(2024, 10, 7))
    assert (result.stage, result.stage_how) == ("kampanye", "date")


def test_taxonomy_keywords_can_be_added():
    lexicon = Lexicon.shipped().with_keywords([("politik_uang", "uang saku pemilih")], weight=3)
    assert classify("", "Tim membagikan uang saku pemilih di kampung.", "", lexicon=lexicon).category == "politik_uang"
