"""A person's first visit, in a real browser on a phone-sized screen: sign in, open their region, read its totals."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

DEMO_PASSWORD = "pilkada2024"  # the documented demo password (README.md)

pytestmark = pytest.mark.e2e


def test_secretariat_signs_in_on_a_phone_and_reads_bukittinggi_totals(live_server, demo_data, phone, artifacts):
    page = phone
    page.goto(f"{live_server.url}/accounts/login/")
    login_form = page.locator("form:has(input[name=password])")
    login_form.locator("input[name=username]").fill("sekretariat-bukittinggi")
    login_form.locator("input[name=password]").fill(DEMO_PASSWORD)
    login_form.locator("button[type=submit]").click()  # not the language switcher's buttons

    page.wait_for_url(f"{live_server.url}/")
    page.screenshot(path=artifacts / "e2e-home-phone.png", full_page=True)
    page.get_by_role("link", name=re.compile("Bukittinggi")).first.click()

    page.wait_for_url(re.compile(r"/regions/13\.75/$"))
    main = page.locator("main")
    expect(main).to_contain_text("Bukittinggi")
    # The region's totals, each shown as a figure of its own: 206 TPS and 97.517 voters (Indonesian separator).
    expect(main.get_by_text("206", exact=True).first).to_be_visible()
    expect(main.get_by_text("97.517", exact=True).first).to_be_visible()
    page.screenshot(path=artifacts / "e2e-bukittinggi-phone.png", full_page=True)

    # Static files are served (the app's stylesheet, htmx from node_modules) and the page fits a phone's width.
    stylesheet = page.evaluate("Array.from(document.styleSheets).some(s => s.href && s.cssRules.length > 0)")
    assert stylesheet, "the stylesheet did not load"
    assert page.evaluate("typeof window.htmx") == "object", "htmx did not load (npm ci, STATICFILES_DIRS)"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways on a phone"
