"""Possible duplicates: a pure text similarity, and the query that limits candidates to open cases of the same
category in the same regency/city within 72 hours."""

import datetime as dt

import pytest

from deskpilkada.cases import duplicates
from deskpilkada.cases.models import Case, Category
from deskpilkada.cases.services import CaseInput
from deskpilkada.factories import CaseFactory
from deskpilkada.regions.models import Region


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Amplopnya dibagikan di TPS 003!", {"amplop", "dibagikan", "tps", "3"}),
        ("Ada yang membagikan uang dan sembako", {"membagikan", "uang", "sembako"}),
        ("Pemilih di Tarok-Dipo", {"pemilih", "tarok", "dipo"}),
        ("", set()),
    ],
)
def test_content_words_drop_stop_words_suffixes_and_leading_zeros(text, words):
    assert duplicates.content_words(text) == words


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [
        ("Pembagian amplop di TPS 003", "Pembagian amplop di TPS 003", True),
        ("Ada pembagian amplop di TPS 003", "Pembagian amplop berisi uang di TPS 3 oleh tim paslon", True),
        ("amplopnya dibagi di TPS 5", "Amplop dibagi warga TPS 05 pagi ini", True),
        ("Baliho paslon dirusak di pasar", "Pembagian amplop di TPS 3", False),
        ("Banjir di lokasi TPS 2", "Pembagian amplop di TPS 3", False),
        ("ada di yang dan", "ada di yang dan untuk", False),
        ("", "Pembagian amplop", False),
    ],
)
def test_similarity_tells_the_same_report_from_another(a, b, similar):
    assert duplicates.is_similar(a, b) is similar
    assert duplicates.similarity(a, b) == duplicates.similarity(b, a)


def test_identical_texts_score_one_and_disjoint_texts_zero():
    assert duplicates.similarity("Kotak suara rusak", "kotak SUARA rusak.") == 1.0
    assert duplicates.similarity("Kotak suara rusak", "Pesan hoaks beredar") == 0.0


def test_a_short_message_contained_in_a_long_report_is_similar():
    long = "Warga melaporkan pembagian amplop berisi uang oleh tim sukses di sekitar TPS 3 pada pagi hari sebelum"
    assert duplicates.is_similar("amplop uang TPS 3", long)


def _input(region, category_code="data_pemilih", *, title, description="", at=None):
    from deskpilkada.core import clock

    return CaseInput(
        region=region,
        category=Category.objects.get(code=category_code),
        severity="sedang",
        title=title,
        description=description,
        occurred_at=at or clock.now(),
    )


@pytest.fixture
def voters_case(tarok_dipo, demo_clock):
    return CaseFactory(
        region=tarok_dipo,
        category=Category.objects.get(code="data_pemilih"),
        title="Puluhan pemilih tidak terdaftar di DPT",
        description="Warga RT 02 tidak menemukan namanya di DPT TPS 004.",
        occurred_at=demo_clock - dt.timedelta(hours=5),
    )


def test_the_demo_envelope_report_is_found_for_a_second_report_of_it(tarok_dipo):
    data = _input(tarok_dipo, "politik_uang", title="Pembagian amplop", description="Ada amplop dibagikan di TPS 003")
    found = duplicates.find_similar(data)
    assert [c.title for c in found] == ["[Demo] Dugaan pembagian amplop di sekitar TPS 003"]
    assert found[0].similarity >= duplicates.THRESHOLD


def test_an_open_case_elsewhere_in_the_same_city_is_a_candidate(voters_case):
    elsewhere = Region.objects.get(code="13.75.03.1001")
    found = duplicates.find_similar(_input(elsewhere, title="Pemilih tidak terdaftar di DPT TPS 4"))
    assert found == [voters_case]


@pytest.mark.parametrize(
    "change",
    ["other_city", "other_category", "too_early", "too_late", "resolved", "merged", "unlike_text"],
)
def test_what_is_not_a_duplicate(voters_case, tarok_dipo, demo_clock, change):
    region, category, at, title = tarok_dipo, "data_pemilih", demo_clock, "Pemilih tidak terdaftar di DPT TPS 4"
    if change == "other_city":
        region = Region.objects.get(code="13.76.01.1007")
    elif change == "other_category":
        category = "logistik"
    elif change == "too_early":
        at = voters_case.occurred_at - dt.timedelta(hours=73)
    elif change == "too_late":
        at = voters_case.occurred_at + dt.timedelta(hours=73)
    elif change == "resolved":
        Case.objects.filter(pk=voters_case.pk).update(status=Case.Status.RESOLVED)
    elif change == "merged":
        Case.objects.filter(pk=voters_case.pk).update(status=Case.Status.MERGED)
    elif change == "unlike_text":
        title = "Formulir C pemberitahuan belum dibagikan"
    assert duplicates.find_similar(_input(region, category, title=title, at=at)) == []


def test_within_72_hours_either_way_is_a_candidate(voters_case):
    for hours in (-71, 71):
        at = voters_case.occurred_at + dt.timedelta(hours=hours)
        data = _input(voters_case.region, title="Pemilih tidak terdaftar di DPT", at=at)
        assert duplicates.find_similar(data) == [voters_case]


def test_the_most_similar_comes_first_and_the_limit_holds(voters_case, tarok_dipo, demo_clock):
    closer = CaseFactory(
        region=tarok_dipo,
        category=voters_case.category,
        title="Pemilih tidak terdaftar di DPT TPS 004",
        description="Pemilih tidak terdaftar di DPT TPS 004 RT 02.",
        occurred_at=demo_clock - dt.timedelta(hours=1),
    )
    data = _input(tarok_dipo, title="Pemilih tidak terdaftar di DPT TPS 004", description="RT 02")
    assert duplicates.find_similar(data) == [closer, voters_case]
    assert duplicates.find_similar(data, limit=1) == [closer]
    assert duplicates.find_similar(data, exclude=closer) == [voters_case]


def test_a_reporter_is_only_shown_the_cases_they_may_see(voters_case, village_operator, outsider, regency_secretariat):
    elsewhere = CaseFactory(
        region=Region.objects.get(code="13.75.03.1001"),
        category=voters_case.category,
        title=voters_case.title,
        description=voters_case.description,
        occurred_at=voters_case.occurred_at,
    )
    data = _input(voters_case.region, title=voters_case.title, description=voters_case.description)
    assert set(duplicates.find_similar(data, user=regency_secretariat)) == {voters_case, elsewhere}
    assert duplicates.find_similar(data, user=village_operator) == [voters_case]
    assert duplicates.find_similar(data, user=outsider) == []


def test_finding_duplicates_is_one_query(voters_case, django_assert_num_queries):
    data = _input(voters_case.region, title=voters_case.title)
    with django_assert_num_queries(1):
        duplicates.find_similar(data)
