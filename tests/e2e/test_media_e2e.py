"""A news article becomes a case: Bukittinggi's secretariat pastes an article in the style of the seeds on
/media/new/, finds its story on /media/ with its region and category, opens it and makes a case from the signal.
Headless Chromium, 390x844."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

ARTICLE = """Sebarkan artikel ini
Facebook
Twitter
WhatsApp
BUKITTINGGI, hantaran.co – Bawaslu Kota Bukittinggi menemukan dugaan politik uang berupa pembagian amplop berisi
uang Rp100.000 kepada warga di Kelurahan Campago Ipuh, Kecamatan Mandiangin Koto Selayan, Senin (18/11/2024)
malam. Temuan itu berawal dari laporan warga kepada pengawas kelurahan.

"Kami sudah mengamankan 25 amplop dan meminta keterangan tiga orang saksi," kata Ketua Bawaslu Kota Bukittinggi
kepada wartawan, Selasa (19/11/2024). Bawaslu akan membahas temuan itu bersama Sentra Gakkumdu.

Baca Juga: KPU Gelar Simulasi Pemungutan Suara
Editor: Redaksi
"""

pytestmark = pytest.mark.e2e


def test_bukittinggi_pastes_an_article_and_makes_a_case_of_its_story(live_server, demo_data, phone, artifacts, sign_in):
    page = phone
    sign_in(page, live_server.url, "sekretariat-bukittinggi")
    page.goto(f"{live_server.url}/media/new/")
    page.locator("textarea[name=text]").fill(ARTICLE)
    page.locator("input[name=source]").fill("hantaran.co")
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/media/stories/\d+/"))
    story_url = page.url

    page.goto(f"{live_server.url}/media/")
    row = page.locator("main").get_by_text("hantaran.co").first
    expect(row).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("Bukittinggi")
    expect(main).to_contain_text("Politik uang")
    page.screenshot(path=artifacts / "e2e-media-inbox-phone.png", full_page=True)

    page.goto(story_url)
    expect(page.locator("main")).to_contain_text("Bukittinggi")
    page.screenshot(path=artifacts / "e2e-media-story-phone.png", full_page=True)
    page.get_by_role("button", name="Buat kasus").first.click()
    page.wait_for_url(re.compile(r"/cases/"))
    expect(page.locator("main")).to_contain_text("Bukittinggi")
    page.screenshot(path=artifacts / "e2e-media-case-phone.png", full_page=True)
