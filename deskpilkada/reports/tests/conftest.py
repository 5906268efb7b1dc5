"""Report test fixtures: a small tree of its own (a province with three cities that have desks, and their people)
and a report set of its own, so that counts never meet the demo's reports. The demo personas are used where the
test is about them (Bukittinggi, West Sumatra)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from deskpilkada.accounts.models import Role
from deskpilkada.factories import (
    DeskFactory,
    DeskMemberFactory,
    ProvinceFactory,
    ReportSetFactory,
    UserFactory,
    make_child_region,
)
from deskpilkada.regions.models import Region

DAY = dt.date(2024, 11, 19)  # the day before the demo's simulated date (20 Nov 2024, 10:00 WIB)


@dataclasses.dataclass
class Tree:
    province: Region
    cities: list[Region]
    district: Region
    village: Region
    province_secretariat: object
    province_chair: object
    secretariat: object  # of the first city
    chair: object  # of the first city
    other_chair: object  # of the second city


def build_tree(province_code: str | None = None, *, formed_on=None) -> Tree:
    province = ProvinceFactory(**({"code": province_code} if province_code else {}), name="Uji Laporan")
    DeskFactory(region=province, name=f"Desk Pilkada {province.name}")
    cities = [make_child_region(province, name=f"Kota Uji {n}", kind="kota") for n in (1, 2, 3)]
    for city in cities:
        desk = DeskFactory(region=city, name=f"Desk Pilkada {city.name}", formed_on=formed_on)
        DeskMemberFactory(
            desk=desk, role=Role.CHAIR, name=f"Ketua {city.name}", position="Sekretaris Daerah", nip="1970", order=1
        )
    district = make_child_region(cities[0], name="Kecamatan Uji")
    village = make_child_region(district, name="Kelurahan Uji", kind="kelurahan")
    return Tree(
        province=province,
        cities=cities,
        district=district,
        village=village,
        province_secretariat=UserFactory(assignments=[(province, Role.SECRETARIAT)]),
        province_chair=UserFactory(assignments=[(province, Role.CHAIR)]),
        secretariat=UserFactory(assignments=[(cities[0], Role.SECRETARIAT)]),
        chair=UserFactory(assignments=[(cities[0], Role.CHAIR)]),
        other_chair=UserFactory(assignments=[(cities[1], Role.CHAIR)]),
    )


@pytest.fixture
def tree(db) -> Tree:
    return build_tree()


@pytest.fixture
def report_set(db):
    return ReportSetFactory()


@pytest.fixture
def daily(db):
    """The demo's daily set (West Sumatra personas)."""
    from deskpilkada.reports.models import ReportSet

    return ReportSet.objects.get(code="daily")
