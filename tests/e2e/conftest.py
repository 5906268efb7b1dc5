"""End-to-end fixtures: Debian's Chromium driven by Playwright's sync API against pytest-django's live server.

Playwright cannot download its own browser here, so it drives /usr/bin/chromium. Without it the tests skip,
except in CI (CI=true), where .ci/run installs Chromium and a skip would hide a broken set-up.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DEMO_PASSWORD = "pilkada2024"  # noqa: S105 - the documented demo password (README.md)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: install Debian's chromium package (apt-get install chromium)"
        if _in_ci():
            pytest.fail(message + "; in CI the end-to-end tests must run", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django would otherwise refuse its ORM calls here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell at teardown whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def phone(browser, request):
    """A page in a phone-sized window, in Indonesian (the app's first language), on Jakarta time.

    When the test fails, a screenshot of where it stopped goes to test-artifacts/.
    """
    context = browser.new_context(
        viewport=PHONE,
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{request.node.name}-failure.png"
        page.screenshot(path=path, full_page=True)
        print(f"e2e: screenshot of the failure in {path} (page {page.url})")
    context.close()


@pytest.fixture
def artifacts() -> Path:
    """test-artifacts/ at the project root (gitignored): screenshots to look at after a run."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def demo_data(live_server):
    """The demo scenario in the database the live server reads.

    live_server needs a transactional database, which is emptied after each test: reload the regions and the
    demo when an earlier end-to-end test has flushed them (both commands are idempotent).
    """
    from deskpilkada.regions.models import Region

    if not Region.objects.filter(code="13.75").exists():
        call_command("import_regions", province=["13", "14"], verbosity=0)
        call_command("load_demo", verbosity=0)


@pytest.fixture
def sign_in():
    """Sign in with a demo account (the documented password, README.md) through the login form."""

    def sign_in(page, base_url: str, username: str) -> None:
        page.goto(f"{base_url}/accounts/login/")
        login_form = page.locator("form:has(input[name=password])")
        login_form.locator("input[name=username]").fill(username)
        login_form.locator("input[name=password]").fill(DEMO_PASSWORD)
        login_form.locator("button[type=submit]").click()  # not the language switcher's buttons
        page.wait_for_url(f"{base_url}/")

    return sign_in
