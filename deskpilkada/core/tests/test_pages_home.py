"""Home page and the page frame (header, navigation, banner, language switch) for each persona."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from deskpilkada.core import clock
from deskpilkada.core.templatetags import desk_assets

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/"


def test_home_shows_the_date_in_indonesian_with_h_label_and_countdown(client, regency_secretariat):
    client.force_login(regency_secretariat)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rabu, 20 November 2024" in html
    assert "H-7" in html
    assert response.context["days_left"] == 7
    assert "7 hari lagi menuju pemungutan suara" in html
    assert "Kampanye" in html  # the stage under way on 20 Nov 2024
    assert '<html lang="id">' in html


def test_home_on_voting_day_and_after(client, regency_secretariat):
    import datetime as dt

    client.force_login(regency_secretariat)
    with clock.frozen(dt.datetime(2024, 11, 27, 8, 0, tzinfo=clock.WIB)):
        html = client.get(reverse("home")).content.decode()
    assert "Hari pemungutan suara" in html
    with clock.frozen(dt.datetime(2024, 11, 30, 8, 0, tzinfo=clock.WIB)):
        html = client.get(reverse("home")).content.decode()
    assert "3 hari setelah pemungutan suara" in html
    assert "H+3" in html


def test_regency_secretariat_home_links_region_and_desk(client, regency_secretariat):
    client.force_login(regency_secretariat)
    html = client.get(reverse("home")).content.decode()
    assert reverse("regions:detail", kwargs={"code": "13.75"}) in html
    assert reverse("desks:detail", kwargs={"code": "13.75"}) in html
    assert "Sekretariat" in html


def test_village_operator_home_links_the_village_and_no_desk(client, village_operator):
    client.force_login(village_operator)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert reverse("regions:detail", kwargs={"code": "13.75.01.1001"}) in html
    assert "Tarok Dipo" in html
    assert 'href="/desks/13.75/"' not in html
    assert [a.region.code for a in response.context["assignments"]] == ["13.75.01.1001"]


def test_liaison_home_shows_the_institution(client, liaison):
    client.force_login(liaison)
    response = client.get(reverse("home"))
    assignment = response.context["assignments"][0]
    assert assignment.institution is not None
    assert assignment.institution.name in response.content.decode()


def test_outsider_home_shows_nothing_of_west_sumatra(client, outsider):
    client.force_login(outsider)
    html = client.get(reverse("home")).content.decode()
    assert "Riau" in html
    assert "Sumatera Barat" not in html
    assert "Bukittinggi" not in html


def test_header_shows_user_and_a_logout_form(client, regency_chair):
    client.force_login(regency_chair)
    html = client.get(reverse("home")).content.decode()
    assert f'<span class="user-name">{regency_chair}</span>' in html
    assert f'<form method="post" action="{reverse("logout")}"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_language_switch_to_english(client, regency_secretariat):
    client.force_login(regency_secretariat)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in html
    assert "Wednesday, 20 November 2024" in html
    assert "7 days to voting day" in html
    assert "Campaign" in html
    assert "Sign out" in html


def test_exercise_banner_is_shown_when_the_exercise_clock_is_on(client, regency_secretariat, settings, monkeypatch):
    monkeypatch.setattr(clock, "_frozen_at", None)
    settings.DESK_EXERCISE_DATE = "2024-11-20"
    client.force_login(regency_secretariat)
    html = client.get(reverse("home")).content.decode()
    assert 'class="exercise-banner"' in html
    assert "Simulasi: tanggal dianggap Rabu, 20 November 2024" in html


def test_no_exercise_banner_on_the_real_clock(client, regency_secretariat, settings, monkeypatch):
    monkeypatch.setattr(clock, "_frozen_at", None)
    settings.DESK_EXERCISE_DATE = None
    client.force_login(regency_secretariat)
    assert 'class="exercise-banner"' not in client.get(reverse("home")).content.decode()


def test_messages_are_shown(rf, regency_secretariat):
    class Message:
        tags = "success"

        def __str__(self):
            return "Laporan tersimpan."

    request = rf.get("/")
    request.user = regency_secretariat
    html = render_to_string("base.html", {"messages": [Message()]}, request=request)
    assert '<li class="message message-success">Laporan tersimpan.</li>' in html


def test_page_works_without_htmx_installed(client, regency_secretariat, monkeypatch):
    desk_assets._url_if_present.cache_clear()
    monkeypatch.setattr(desk_assets.finders, "find", lambda path: None)
    monkeypatch.setattr(desk_assets, "_storage_has", lambda path: False)
    client.force_login(regency_secretariat)
    try:
        response = client.get(reverse("home"))
    finally:
        desk_assets._url_if_present.cache_clear()
    assert response.status_code == 200
    assert "htmx" not in response.content.decode()


def test_page_links_htmx_from_our_static_files(client, regency_secretariat):
    desk_assets._url_if_present.cache_clear()
    client.force_login(regency_secretariat)
    html = client.get(reverse("home")).content.decode()
    assert '<script src="/static/vendor/htmx/htmx.min.js" defer></script>' in html


def test_not_found_page_keeps_the_frame_and_says_so(client, regency_secretariat):
    client.force_login(regency_secretariat)
    response = client.get("/regions/13.76/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Halaman tidak ditemukan" in html
    assert "Kota Payakumbuh" not in html
