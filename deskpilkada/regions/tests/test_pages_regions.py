"""Region browser pages: totals, children, TPS lists, search; out of scope is a 404."""

import pytest
from django.urls import reverse

from deskpilkada.elections.models import PollingStation
from deskpilkada.regions.models import Region

pytestmark = pytest.mark.django_db


def region_url(code: str) -> str:
    return reverse("regions:detail", kwargs={"code": code})


@pytest.mark.parametrize("url", ["/regions/", "/regions/?q=solok", "/regions/13.75/"])
def test_anonymous_visitor_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_regency_secretariat_sees_bukittinggi_totals(client, regency_secretariat):
    client.force_login(regency_secretariat)
    response = client.get(region_url("13.75"))
    assert response.status_code == 200
    totals = response.context["totals"]
    assert totals["tps_count"] == 206
    assert totals["dpt"] == 97517
    assert totals["districts"] == 3
    html = response.content.decode()
    assert "97.517" in html
    assert "47.894" in html and "49.623" in html  # men and women
    assert ">206<" in html


def test_bukittinggi_lists_its_three_districts_with_their_counts(client, regency_secretariat):
    client.force_login(regency_secretariat)
    response = client.get(region_url("13.75"))
    rows = {child.code: counts for child, counts in response.context["children"]}
    assert set(rows) == {"13.75.01", "13.75.02", "13.75.03"}
    assert rows["13.75.02"]["tps"] == 86
    assert rows["13.75.02"]["dpt"] == 42123
    html = response.content.decode()
    assert "42.123" in html
    for code in rows:
        assert f'href="{region_url(code)}"' in html


def test_region_page_links_to_its_desk(client, regency_secretariat):
    client.force_login(regency_secretariat)
    html = client.get(region_url("13.75")).content.decode()
    assert f'href="{reverse("desks:detail", kwargs={"code": "13.75"})}"' in html


def test_region_page_query_count_is_pinned(client, regency_secretariat, django_assert_max_num_queries):
    client.force_login(regency_secretariat)
    with django_assert_max_num_queries(11):
        response = client.get(region_url("13.75"))
    assert response.status_code == 200


def test_province_page_query_count_does_not_grow_with_children(
    client, province_secretariat, django_assert_max_num_queries
):
    client.force_login(province_secretariat)
    with django_assert_max_num_queries(11):
        response = client.get(region_url("13"))
    assert len(response.context["children"]) == 19


def test_village_page_query_count_is_pinned(client, village_operator, tarok_dipo, django_assert_max_num_queries):
    client.force_login(village_operator)
    with django_assert_max_num_queries(10):
        response = client.get(region_url(tarok_dipo.code))
    assert response.context["tps_page"].paginator.count > 0


def test_province_secretariat_sees_all_19_regencies_and_cities(client, province_secretariat):
    client.force_login(province_secretariat)
    response = client.get(region_url("13"))
    assert response.status_code == 200
    assert response.context["children_page"].paginator.count == 19
    html = response.content.decode()
    for code in Region.objects.filter(parent__code="13").values_list("code", flat=True):
        assert f'href="{region_url(code)}"' in html
    assert "Kota Bukittinggi" in html


def test_province_secretariat_can_open_a_village_of_any_regency(client, province_secretariat):
    client.force_login(province_secretariat)
    assert client.get(region_url("13.75.01.1001")).status_code == 200


def test_village_operator_sees_tarok_dipo_and_its_tps(client, village_operator, tarok_dipo):
    client.force_login(village_operator)
    response = client.get(region_url(tarok_dipo.code))
    assert response.status_code == 200
    stations = PollingStation.objects.filter(village=tarok_dipo)
    assert stations.exists()
    page = response.context["tps_page"]
    assert page.paginator.count == stations.count()
    html = response.content.decode()
    assert "Tarok Dipo" in html
    first = stations.order_by("number").first()
    assert first.label in html
    assert response.context["totals"]["dpt"] == sum(s.dpt_total for s in stations)


def test_village_breadcrumb_shows_ancestors_out_of_scope_as_text(client, village_operator, tarok_dipo):
    client.force_login(village_operator)
    response = client.get(region_url(tarok_dipo.code))
    breadcrumb = response.context["breadcrumb"]
    assert [(region.code, linked) for region, linked in breadcrumb] == [
        ("13", False),
        ("13.75", False),
        ("13.75.01", False),
    ]
    html = response.content.decode()
    assert "Kota Bukittinggi" in html
    assert f'href="{region_url("13.75")}"' not in html
    assert f'href="{region_url("13")}"' not in html


def test_regency_breadcrumb_links_ancestors_in_scope(client, province_secretariat):
    client.force_login(province_secretariat)
    html = client.get(region_url("13.75.01")).content.decode()
    assert f'href="{region_url("13")}"' in html
    assert f'href="{region_url("13.75")}"' in html


def test_generated_tps_rows_are_marked(client, village_operator, tarok_dipo):
    client.force_login(village_operator)
    html = client.get(region_url(tarok_dipo.code)).content.decode()
    generated = PollingStation.objects.filter(village=tarok_dipo, is_generated=True).count()
    assert html.count('class="badge badge-demo"') == generated


@pytest.mark.parametrize("code", ["13.75", "13.75.02", "13.75.01.1002", "13", "14"])
def test_village_operator_gets_404_outside_the_village(client, village_operator, code):
    client.force_login(village_operator)
    assert client.get(region_url(code)).status_code == 404


@pytest.mark.parametrize("code", ["13", "13.75", "13.75.01", "13.75.01.1001"])
def test_outsider_gets_404_on_west_sumatra(client, outsider, code):
    client.force_login(outsider)
    assert client.get(region_url(code)).status_code == 404


def test_regency_secretariat_gets_404_on_a_neighbouring_city(client, regency_secretariat):
    client.force_login(regency_secretariat)
    assert client.get(region_url("13.76")).status_code == 404


def test_unknown_code_is_a_404(client, province_secretariat):
    client.force_login(province_secretariat)
    assert client.get(region_url("13.99")).status_code == 404


def test_children_are_paginated(client, province_secretariat, settings, monkeypatch):
    from deskpilkada.regions import views

    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    client.force_login(province_secretariat)
    response = client.get(region_url("13") + "?page=2")
    assert response.context["children_page"].number == 2
    assert len(response.context["children"]) == 5
    assert 'rel="prev"' in response.content.decode()


def test_search_tells_kota_solok_from_kabupaten_solok(client, province_secretariat):
    client.force_login(province_secretariat)
    response = client.get(reverse("regions:index"), {"q": "Kota Solok"})
    codes = [r.code for r in response.context["page_obj"]]
    assert codes == ["13.72"]
    response = client.get(reverse("regions:index"), {"q": "Kabupaten Solok"})
    codes = [r.code for r in response.context["page_obj"]]
    assert codes[0] == "13.02"
    assert "13.72" not in codes


def test_bare_name_finds_both_solok_and_shows_which_is_which(client, province_secretariat):
    client.force_login(province_secretariat)
    response = client.get(reverse("regions:index"), {"q": "solok"})
    codes = [r.code for r in response.context["page_obj"]]
    assert "13.02" in codes and "13.72" in codes
    html = response.content.decode()
    assert "Kabupaten Solok" in html and "Kota Solok" in html


def test_search_stays_inside_the_users_scope(client, regency_secretariat):
    client.force_login(regency_secretariat)
    response = client.get(reverse("regions:index"), {"q": "solok"})
    assert list(response.context["page_obj"]) == []
    response = client.get(reverse("regions:index"), {"q": "tarok"})
    assert [r.code for r in response.context["page_obj"]] == ["13.75.01.1001"]


def test_outsider_search_finds_nothing_of_west_sumatra(client, outsider):
    client.force_login(outsider)
    for query in ("bukittinggi", "solok", "sumatera barat", "tarok"):
        response = client.get(reverse("regions:index"), {"q": query})
        assert response.status_code == 200
        assert all(not r.code.startswith("13") for r in response.context["page_obj"])
    html = client.get(reverse("regions:index"), {"q": "bukittinggi"}).content.decode()
    assert "Bukittinggi" not in html.replace("bukittinggi", "")


def test_regions_index_lists_the_users_top_regions(client, village_operator, province_chair, outsider):
    client.force_login(village_operator)
    assert [r.code for r in client.get(reverse("regions:index")).context["top_regions"]] == ["13.75.01.1001"]
    client.force_login(province_chair)
    assert [r.code for r in client.get(reverse("regions:index")).context["top_regions"]] == ["13"]
    client.force_login(outsider)
    response = client.get(reverse("regions:index"))
    assert [r.code for r in response.context["top_regions"]] == ["14"]
    assert "Sumatera Barat" not in response.content.decode()


def test_region_page_in_english(client, regency_secretariat):
    client.force_login(regency_secretariat)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(region_url("13.75")).content.decode()
    assert "97,517" in html
    assert "Voters (DPT)" in html
