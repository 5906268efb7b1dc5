"""Shared test set-up: the West Sumatra demo scenario, loaded once per test session, and named personas.

The test database holds the real region tree of West Sumatra (13) and Riau (14, where the outsider works)
and the demo scenario that `make run` shows, so access tests see exactly what a user of the demo sees.
Each test runs in a transaction that is rolled back.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from deskpilkada.core import clock

DEMO_PASSWORD = "pilkada2024"  # noqa: S105 - the documented demo password
# The demo's simulated date: 20 Nov 2024, 10:00 WIB (campaign, H-7).
DEMO_NOW = dt.datetime(2024, 11, 20, 10, 0, tzinfo=clock.WIB)


@pytest.fixture(scope="session", autouse=True)
def _private_media_in_a_temporary_folder(tmp_path_factory):
    """Uploads made by tests (and the demo's evidence) go to a throwaway folder, never to var/private."""
    from django.conf import settings

    settings.MEDIA_ROOT = tmp_path_factory.mktemp("private-media")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, _private_media_in_a_temporary_folder):
    with django_db_blocker.unblock():
        call_command("import_regions", province=["13", "14"], verbosity=0)
        call_command("load_demo", "--no-media", verbosity=0)  # media tests ingest their own news


@pytest.fixture(autouse=True)
def demo_clock():
    """Every test runs at the demo's simulated instant unless it freezes another."""
    with clock.frozen(DEMO_NOW) as instant:
        yield instant


@pytest.fixture(autouse=True)
def _fresh_media_configuration():
    """Media ingest caches regions, desks and the calendar per process for a minute; each test starts afresh."""
    from deskpilkada.media import inputs

    inputs.forget_config()
    yield
    inputs.forget_config()


@pytest.fixture(autouse=True)
def _no_login_throttling(settings):
    """Throttling is tested on its own (accounts/tests/test_login.py); elsewhere it would leak between tests."""
    settings.AXES_ENABLED = False


def _user(username: str):
    from deskpilkada.accounts.models import User

    return User.objects.get(username=username)


# Personas: the demo accounts of README.md.
@pytest.fixture
def village_operator(db):
    """Operator of kelurahan Tarok Dipo (13.75.01.1001), Bukittinggi."""
    return _user("operator-bukittinggi")


@pytest.fixture
def regency_secretariat(db):
    """Secretariat (Kesbangpol) of the Bukittinggi desk (13.75)."""
    return _user("sekretariat-bukittinggi")


@pytest.fixture
def regency_chair(db):
    """Chair (Sekda) of the Bukittinggi desk."""
    return _user("ketua-bukittinggi")


@pytest.fixture
def province_secretariat(db):
    """Secretariat of the West Sumatra province desk (13)."""
    return _user("sekretariat-sumbar")


@pytest.fixture
def province_chair(db):
    """Chair of the West Sumatra province desk."""
    return _user("ketua-sumbar")


@pytest.fixture
def liaison(db):
    """Partner liaison for Bawaslu Kota Bukittinggi."""
    return _user("bawaslu-bukittinggi")


@pytest.fixture
def outsider(db):
    """Assigned to Riau (14): must see nothing of West Sumatra."""
    return _user("luar-wilayah")


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("admin-test", "admin@example.org", DEMO_PASSWORD)


@pytest.fixture
def election(db):
    from deskpilkada.elections.models import Election

    return Election.objects.get(slug="pilkada-2024")


@pytest.fixture
def sumbar(db):
    from deskpilkada.regions.models import Region

    return Region.objects.get(code="13")


@pytest.fixture
def bukittinggi(db):
    from deskpilkada.regions.models import Region

    return Region.objects.get(code="13.75")


@pytest.fixture
def tarok_dipo(db):
    from deskpilkada.regions.models import Region

    return Region.objects.get(code="13.75.01.1001")


@pytest.fixture
def payakumbuh(db):
    from deskpilkada.regions.models import Region

    return Region.objects.get(code="13.76")


@pytest.fixture
def riau(db):
    from deskpilkada.regions.models import Region

    return Region.objects.get(code="14")
