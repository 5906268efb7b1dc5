"""A case filed from a phone reaches the regency inbox: a village operator reports an incident at Tarok Dipo, gets
a receipt number, and the Bukittinggi secretariat finds it in the desk's inbox. Headless Chromium, 390x844."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal

import pytest
from playwright.sync_api import expect

DEMO_PASSWORD = "pilkada2024"  # the documented demo password (README.md)

pytestmark = pytest.mark.e2e


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    login_form = page.locator("form:has(input[name=password])")
    login_form.locator("input[name=username]").fill(username)
    login_form.locator("input[name=password]").fill(DEMO_PASSWORD)
    login_form.locator("button[type=submit]").click()  # not the language switcher's buttons
    page.wait_for_url(f"{base_url}/")


def sign_out(page) -> None:
    page.locator("header form:has(button.link-button) button").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_operator_files_a_case_on_a_phone_and_the_secretariat_sees_it(live_server, demo_data, phone, artifacts):
    page = phone
    title = f"Amplop dibagikan di depan TPS Tarok Dipo {uuid.uuid4().hex[:6]}"

    sign_in(page, live_server.url, "operator-bukittinggi")
    page.get_by_role("link", name="Laporan", exact=True).click()
    page.wait_for_url(re.compile(r"/cases/$"))
    page.get_by_role("link", name="Buat laporan").first.click()
    page.wait_for_url(re.compile(r"/cases/new/$"))

    form = page.locator("form.case-form")
    expect(form.locator("select[name=region]")).to_have_value("13.75.01.1001")  # the operator's village, chosen
    expect(form).to_contain_text("WIB")
    form.get_by_label("Kejadian (sudah terjadi)").check()
    form.locator("select[name=category]").select_option(label="Politik uang")
    form.locator("select[name=severity]").select_option("tinggi")
    form.locator("input[name=title]").fill(title)
    form.locator("textarea[name=description]").fill(
        "Warga melihat dua orang membagikan amplop berisi uang kepada pemilih pagi ini."
    )
    form.locator("input[name=occurred_at]").fill("2024-11-20T08:30")
    page.screenshot(path=artifacts / "e2e-case-form-phone.png", full_page=True)
    assert fits_the_phone(page), "the report form scrolls sideways on a phone"
    form.get_by_role("button", name="Kirim laporan").click()

    # A similar open case (demo data) makes the form ask first: this one is a different case.
    page.wait_for_load_state()
    duplicate_box = page.locator("input[name=not_duplicate]")
    if duplicate_box.count():
        duplicate_box.check()
        page.locator("form.case-form").get_by_role("button", name="Kirim laporan").click()

    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    receipt = page.locator(".message-success")
    expect(receipt).to_contain_text("Nomor tanda terima")
    number = re.search(r"\d{4}-\d{2}-\d{6}", receipt.inner_text()).group(0)
    expect(page.locator("h1")).to_have_text(title)
    page.screenshot(path=artifacts / "e2e-case-receipt-phone.png", full_page=True)
    assert fits_the_phone(page), "the case page scrolls sideways on a phone"

    sign_out(page)
    sign_in(page, live_server.url, "sekretariat-bukittinggi")
    page.goto(f"{live_server.url}/cases/")
    main = page.locator("main")
    expect(main.locator("h1")).to_contain_text("Bukittinggi")
    item = main.locator(".case-item", has_text=title)
    expect(item).to_have_count(1)
    expect(item).to_contain_text(number)
    expect(item).to_contain_text("Baru")
    page.screenshot(path=artifacts / "e2e-case-inbox-phone.png", full_page=True)
    assert fits_the_phone(page), "the inbox scrolls sideways on a phone"

    item.get_by_role("link", name=title).click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    expect(page.get_by_text("Verifikasi", exact=True).first).to_be_visible()  # the secretariat may verify


def test_secretariat_verifies_and_routes_on_a_phone_and_the_map_shows_the_case(
    live_server, demo_data, phone, artifacts
):
    from deskpilkada.accounts.models import User
    from deskpilkada.cases import services
    from deskpilkada.cases.models import Case, Category
    from deskpilkada.core import clock
    from deskpilkada.regions.models import Region

    title = f"<b>Serangan fajar</b> di Tarok Dipo {uuid.uuid4().hex[:6]}"
    case, _created = services.submit_case(
        services.CaseInput(
            region=Region.objects.get(code="13.75.01.1001"),
            category=Category.objects.get(code="politik_uang"),
            severity="tinggi",
            title=title,
            description="Warga melaporkan pembagian uang menjelang masa tenang.",
            occurred_at=clock.now() - dt.timedelta(hours=1),
            latitude=Decimal("-0.3050"),
            longitude=Decimal("100.3690"),
            reporter_name="Rina Marlina",
            reporter_phone="081266554433",
        ),
        by=User.objects.get(username="operator-bukittinggi"),
    )
    page = phone
    sign_in(page, live_server.url, "sekretariat-bukittinggi")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text(title)  # shown as text, not as markup
    expect(page.locator("main")).to_contain_text("081266554433")  # the desk's secretariat sees the reporter

    page.locator("summary", has_text="Verifikasi").click()
    page.get_by_role("button", name="Verifikasi", exact=True).click()
    expect(page.locator(".message-success")).to_contain_text("Laporan sudah diverifikasi.")

    page.locator("summary", has_text="Teruskan ke instansi").click()
    route_form = page.locator("form[action$='/route/']")
    first_row = route_form.locator("fieldset.route-row").first
    expect(first_row.locator("select[name='route-0-institution'] option:checked")).to_have_text(
        "Bawaslu Kota Bukittinggi"
    )
    page.screenshot(path=artifacts / "e2e-case-handling-phone.png", full_page=True)
    assert fits_the_phone(page), "the case page with its handling forms scrolls sideways on a phone"
    route_form.get_by_role("button", name="Teruskan", exact=True).click()
    expect(page.locator(".message-success")).to_contain_text("Laporan sudah diteruskan.")
    expect(page.locator(".action-list")).to_contain_text("Bawaslu Kota Bukittinggi")
    expect(page.locator(".timeline")).to_contain_text("Diteruskan ke instansi")
    case.refresh_from_db()
    assert case.status == Case.Status.IN_HANDLING
    page.screenshot(path=artifacts / "e2e-case-routed-phone.png", full_page=True)

    page.goto(f"{live_server.url}/cases/map/")
    expect(page.locator("#case-map[data-ready=true]")).to_have_count(1)
    markers = page.locator("#case-map path.leaflet-interactive")
    assert markers.count() >= 1
    markers.last.click()  # the newest case is drawn last
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(title)  # the title's markup is shown as text ...
    assert popup.locator("b").count() == 0  # ... never turned into HTML
    page.screenshot(path=artifacts / "e2e-case-map-phone.png", full_page=True)
    assert fits_the_phone(page), "the map page scrolls sideways on a phone"
