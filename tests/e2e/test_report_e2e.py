"""A daily report climbs the tiers: Bukittinggi's secretariat drafts today's report on a phone and submits it, the
chair approves it, and the West Sumatra province sees it arrive on time in its completeness matrix. Headless
Chromium, 390x844."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

DEMO_PASSWORD = "pilkada2024"  # the documented demo password (README.md)


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


pytestmark = pytest.mark.e2e


def test_bukittinggi_drafts_the_chair_approves_and_the_province_sees_it_arrive(
    live_server, demo_data, phone, artifacts
):
    page = phone
    sign_in(page, live_server.url, "sekretariat-bukittinggi")
    page.get_by_role("link", name="Pelaporan", exact=True).click()
    page.wait_for_url(re.compile(r"/reports/$"))
    expect(page.locator("h1")).to_contain_text("Bukittinggi")
    page.get_by_role("button", name="Buat draf laporan hari ini").click()
    page.wait_for_url(re.compile(r"/reports/\d+/$"))
    report_url = page.url
    expect(page.locator(".message-success")).to_contain_text("periksa angkanya")
    expect(page.locator("h1")).to_contain_text("Rabu, 20 November 2024")
    expect(page.locator("main")).to_contain_text("97.517")  # the city's voters, Indonesian grouping

    edit = page.locator("form.report-edit")
    edit.locator("select[name=edit-situation]").select_option("kondusif")
    edit.locator("textarea[name=edit-narrative]").fill("Situasi kondusif. Kampanye terbuka di Lapangan Kantin tertib.")
    edit.locator("textarea[name=edit-recommendations]").fill("Patroli gabungan menjelang masa tenang.")
    edit.get_by_role("button", name="Simpan").click()
    expect(page.locator(".message-success")).to_contain_text("Laporan sudah disimpan.")
    page.screenshot(path=artifacts / "e2e-report-draft-phone.png", full_page=True)
    assert fits_the_phone(page), "the report page scrolls sideways on a phone"
    page.get_by_role("button", name="Ajukan ke ketua").click()
    expect(page.locator(".message-success")).to_contain_text("Laporan sudah diajukan ke ketua.")
    expect(page.get_by_role("button", name="Setujui dan kirim")).to_have_count(0)  # not the secretariat's step

    sign_out(page)
    sign_in(page, live_server.url, "ketua-bukittinggi")
    page.goto(report_url)
    page.get_by_role("button", name="Setujui dan kirim").click()
    expect(page.locator(".message-success")).to_contain_text("disetujui dan dikirim")
    expect(page.locator(".case-meta")).to_contain_text("Disetujui dan dikirim")

    sign_out(page)
    sign_in(page, live_server.url, "sekretariat-sumbar")
    page.goto(f"{live_server.url}/reports/completeness/?region=13")
    expect(page.locator("h1")).to_contain_text("Sumatera Barat")
    row = page.locator("tr[data-region='13.75']")
    today = row.locator("td[data-day='2024-11-20']")
    expect(today).to_have_attribute("data-status", "on_time")
    expect(page.locator("tr[data-region='13.76'] td[data-day='2024-11-20']")).to_have_attribute(
        "data-status", "pending"
    )
    page.screenshot(path=artifacts / "e2e-report-matrix-phone.png", full_page=True)
    assert fits_the_phone(page), "the matrix scrolls the whole page sideways (only its table may scroll)"
    today.get_by_role("link").click()
    page.wait_for_url(report_url)
    expect(page.get_by_role("button", name="Catat penerimaan")).to_be_visible()
