"""factory_boy factories for every model of regions, elections, desks and accounts.

Regions get valid Kemendagri codes under their parent, at a code no other region uses:

    village = VillageFactory()                        # a new province > regency > district > village chain
    kel = make_child_region(tarok_dipo.parent)        # another kelurahan in Guguak Panjang: 13.75.01.10xx
    desa = make_child_region(district, kind="desa")   # a desa: 2xxx
    kota = make_child_region(sumbar, name="Kota Uji") # a city in West Sumatra: 13.7x

Users: ``UserFactory(assignments=[(bukittinggi, "secretariat")])``; their password is ``pilkada2024``.
"""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from deskpilkada.accounts.models import Assignment, Role, User
from deskpilkada.desks.models import Desk, DeskMember, Institution
from deskpilkada.elections.models import CandidatePair, Contest, Election, PollingStation, RegionSetting, Stage
from deskpilkada.regions import names
from deskpilkada.regions.models import Region
from deskpilkada.regions.services import kind_of
from deskpilkada.regions.timezones import zone_for_code

PASSWORD = "pilkada2024"  # noqa: S105 - the documented demo/test password

# Province codes in use in Indonesia; invented test provinces take codes outside this list.
REAL_PROVINCE_CODES = frozenset(
    str(n) for n in (*range(11, 20), 21, *range(31, 37), 51, 52, 53, *range(61, 66), *range(71, 77), 81, 82)
) | frozenset(str(n) for n in range(91, 97))


def next_child_code(parent: Region | None, *, kind: str = "", name: str = "") -> str:
    """The first free Kemendagri code for a new child of ``parent`` (a province when None).

    Regencies take 01-69 (kabupaten) or 71-99 (kota, when ``kind`` is "kota" or the name starts with "Kota");
    villages take 1001.. (kelurahan) or 2001.. (desa, the default).
    """
    if parent is None:
        used = set(Region.objects.filter(level=1).values_list("code", flat=True))
        for number in range(20, 100):
            code = f"{number:02d}"
            if code not in used and code not in REAL_PROVINCE_CODES:
                return code
        raise RuntimeError("No free province code left")
    used = {code.rsplit(".", 1)[1] for code in Region.objects.filter(parent=parent).values_list("code", flat=True)}
    level = parent.level + 1
    if level == 2:
        is_city = kind == Region.Kind.KOTA or name.lower().startswith("kota ")
        candidates = (f"{n:02d}" for n in (range(71, 100) if is_city else range(1, 70)))
    elif level == 3:
        candidates = (f"{n:02d}" for n in range(1, 100))
    elif level == 4:
        first = {"kelurahan": 1, "desa_adat": 3}.get(kind, 2)
        candidates = (f"{first}{n:03d}" for n in range(1, 1000))
    else:
        raise ValueError("Villages have no child regions")
    for suffix in candidates:
        if suffix not in used:
            return f"{parent.code}.{suffix}"
    raise RuntimeError(f"No free child code left under {parent.code}")


def _default_name(level: int, n: int) -> str:
    return {1: "Provinsi Uji {n}", 2: "Kabupaten Uji {n}", 3: "Kecamatan Uji {n}", 4: "Desa Uji {n}"}[level].format(n=n)


class RegionFactory(DjangoModelFactory):
    """A region under ``parent`` (a new province when there is none) with a free, valid code."""

    class Meta:
        model = Region
        exclude = ("kind_hint", "n")

    parent = None
    kind_hint = ""
    n = factory.Sequence(lambda n: n)
    name = factory.LazyAttribute(lambda o: _default_name((o.parent.level + 1) if o.parent else 1, o.n))
    code = factory.LazyAttribute(lambda o: next_child_code(o.parent, kind=o.kind_hint, name=o.name))
    level = factory.LazyAttribute(lambda o: o.code.count(".") + 1)
    kind = factory.LazyAttribute(lambda o: o.kind_hint or kind_of(o.code, o.name))
    timezone = factory.LazyAttribute(lambda o: zone_for_code(o.code))
    search_name = factory.LazyAttribute(lambda o: names.region_search_key(o.name, o.level))


class ProvinceFactory(RegionFactory):
    pass


class RegencyFactory(RegionFactory):
    parent = factory.SubFactory(ProvinceFactory)


class DistrictFactory(RegionFactory):
    parent = factory.SubFactory(RegencyFactory)


class VillageFactory(RegionFactory):
    parent = factory.SubFactory(DistrictFactory)


def make_child_region(parent: Region, *, name: str | None = None, kind: str = "", **fields) -> Region:
    """A new region directly under ``parent`` with the next free code for its kind."""
    if name is not None:
        fields["name"] = name
    return RegionFactory(parent=parent, kind_hint=kind, **fields)


class ElectionFactory(DjangoModelFactory):
    class Meta:
        model = Election
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Pemilihan Uji {n}")
    slug = factory.Sequence(lambda n: f"pemilihan-uji-{n}")
    voting_day = dt.date(2024, 11, 27)
    is_active = True


class StageFactory(DjangoModelFactory):
    class Meta:
        model = Stage

    election = factory.SubFactory(ElectionFactory)
    code = factory.Sequence(lambda n: f"tahap_{n}")
    name_id = factory.Sequence(lambda n: f"Tahapan {n}")
    name_en = factory.Sequence(lambda n: f"Stage {n}")
    start = dt.date(2024, 9, 25)
    end = dt.date(2024, 11, 23)
    parent = None
    order = factory.Sequence(lambda n: n + 100)


class ContestFactory(DjangoModelFactory):
    class Meta:
        model = Contest

    election = factory.SubFactory(ElectionFactory)
    region = factory.SubFactory(RegencyFactory)
    kind = factory.LazyAttribute(lambda o: Contest.kind_for(o.region))


class CandidatePairFactory(DjangoModelFactory):
    class Meta:
        model = CandidatePair

    contest = factory.SubFactory(ContestFactory)
    ballot_number = factory.Sequence(lambda n: n + 1)
    head_name = factory.Sequence(lambda n: f"Calon Kepala {n}")
    deputy_name = factory.Sequence(lambda n: f"Calon Wakil {n}")
    nomination = CandidatePair.Nomination.PARTIES
    is_demo = True


class PollingStationFactory(DjangoModelFactory):
    class Meta:
        model = PollingStation

    election = factory.SubFactory(ElectionFactory)
    village = factory.SubFactory(VillageFactory)
    number = factory.Sequence(lambda n: n + 1)
    dpt_men = 240
    dpt_women = 250
    dpt_total = factory.LazyAttribute(lambda o: o.dpt_men + o.dpt_women)
    setting = PollingStation.Setting.OUTDOOR


class RegionSettingFactory(DjangoModelFactory):
    class Meta:
        model = RegionSetting

    election = factory.SubFactory(ElectionFactory)
    region = factory.SubFactory(RegencyFactory)
    turnout_target = "75.00"


class InstitutionFactory(DjangoModelFactory):
    class Meta:
        model = Institution

    code = factory.Sequence(lambda n: f"institusi-uji-{n}")
    name = factory.Sequence(lambda n: f"Institusi Uji {n}")
    kind = Institution.Kind.BAWASLU
    region = factory.SubFactory(RegencyFactory)


class DeskFactory(DjangoModelFactory):
    class Meta:
        model = Desk

    region = factory.SubFactory(RegencyFactory)
    name = factory.LazyAttribute(lambda o: f"Desk Pilkada {o.region.name}")


class UserFactory(DjangoModelFactory):
    """A user; ``assignments=[(region, role)]`` or ``[(region, role, institution)]`` gives them regions."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna-uji-{n}")
    first_name = factory.Sequence(lambda n: f"Nama{n}")
    last_name = "Uji"
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def assignments(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for item in extracted:
            region, role, *rest = item
            Assignment.objects.create(user=self, region=region, role=role, institution=rest[0] if rest else None)


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = Assignment

    user = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegencyFactory)
    role = Role.SECRETARIAT
    institution = None

    class Params:
        liaison = factory.Trait(role=Role.LIAISON, institution=factory.SubFactory(InstitutionFactory))


class DeskMemberFactory(DjangoModelFactory):
    class Meta:
        model = DeskMember

    desk = factory.SubFactory(DeskFactory)
    name = factory.Sequence(lambda n: f"Anggota Uji {n}")
    position = "Kepala Badan Kesbangpol"
    institution_name = "Badan Kesbangpol"
    role = Role.MEMBER
    order = factory.Sequence(lambda n: n + 100)
    is_demo = True


# --- Cases ---------------------------------------------------------------------------------------------------------
# Factories write rows directly (fast set-up for reads and pages); tests of the lifecycle itself go through
# ``deskpilkada.cases.services``. ``CaseFactory()`` is a new case in Tarok Dipo (13.75.01.1001) handled by the
# Bukittinggi desk; ``CaseFactory(region=payakumbuh, category__code="politik_uang")`` picks another region and the
# shipped category of that code (``load_categories`` runs with the demo).


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = "cases.Category"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"kategori_uji_{n}")
    name_id = factory.LazyAttribute(lambda o: f"Kategori {o.code}")
    name_en = factory.LazyAttribute(lambda o: f"Category {o.code}")
    group = "isu"
    default_severity = "sedang"
    keywords = ""


def _desk_for(region):
    from deskpilkada.cases.services import handling_desk_for

    return handling_desk_for(region)


def _now():
    from deskpilkada.core import clock

    return clock.now()


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = "cases.Case"
        skip_postgeneration_save = True

    region = factory.LazyFunction(lambda: Region.objects.get(code="13.75.01.1001"))
    desk = factory.LazyAttribute(lambda o: _desk_for(o.region))
    category = factory.SubFactory(CategoryFactory, code="politik_uang")
    severity = factory.LazyAttribute(lambda o: o.category.default_severity)
    title = factory.Sequence(lambda n: f"Kasus uji {n}")
    description = "Uraian kasus uji."
    channel = "web"
    occurred_at = factory.LazyFunction(lambda: _now() - dt.timedelta(hours=1))
    occurred_on = factory.LazyAttribute(lambda o: o.occurred_at.astimezone(_zone(o.region.timezone)).date())
    created_at = factory.LazyFunction(_now)
    updated_at = factory.LazyAttribute(lambda o: o.created_at)

    @factory.post_generation
    def numbered(self, create, extracted, **kwargs):
        """Give the case its receipt number, as ``submit_case`` does."""
        if not create or self.number:
            return
        from deskpilkada.cases.services import case_number

        self.number = case_number(self)
        self.save(update_fields=["number"])


def _zone(name: str):
    from deskpilkada.core import clock

    return clock.zone(name)


class RoutedActionFactory(DjangoModelFactory):
    class Meta:
        model = "cases.RoutedAction"

    case = factory.SubFactory(CaseFactory, status="ditangani")
    institution = factory.LazyFunction(lambda: Institution.objects.get(code="bawaslu-13-75"))
    description = "Tindak lanjuti laporan."
    due_at = factory.LazyFunction(lambda: _now() + dt.timedelta(hours=24))
    created_at = factory.LazyFunction(_now)


# --- Reports -------------------------------------------------------------------------------------------------------
# ``ReportSetFactory()`` is a daily set of its own (regencies/cities by 18:00, provinces by 20:00 local time), so a
# test's counts never meet the demo's reports; ``deadlines={3: dt.time(15)}`` makes districts report instead.
# ``ReportFactory`` writes a report row directly (fast set-up of completeness and pages: pass ``submitted_at`` to
# make it early or late); the workflow itself is tested through ``deskpilkada.reports.services``.


class ReportSetFactory(DjangoModelFactory):
    class Meta:
        model = "reports.ReportSet"
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"uji-{n}")
    name_id = factory.LazyAttribute(lambda o: f"Laporan {o.code}")
    name_en = factory.LazyAttribute(lambda o: f"Report {o.code}")
    kind = "daily"
    number_prefix = factory.Sequence(lambda n: f"U{n}")
    election = factory.LazyFunction(lambda: Election.objects.filter(slug="pilkada-2024").first())
    active_from = dt.date(2024, 10, 31)
    active_to = None
    posko_reports_per_day = 1

    @factory.post_generation
    def deadlines(self, create, extracted, **kwargs):
        """``{level: local deadline}``; by default regencies/cities by 18:00 and provinces by 20:00."""
        from deskpilkada.reports.models import ReportingLevel

        if not create:
            return
        wanted = extracted if extracted is not None else {1: dt.time(20, 0), 2: dt.time(18, 0)}
        for level, deadline in wanted.items():
            ReportingLevel.objects.update_or_create(report_set=self, level=level, defaults={"deadline": deadline})


def _deadline(o):
    from deskpilkada.reports.rules import Rules

    return Rules.of(o.report_set).deadline(o.region.level, o.day, o.region.timezone, o.sequence)


def _report_number(o):
    from deskpilkada.reports.services import report_number

    return report_number(o.report_set, o.region, o.day, o.sequence)


class ReportFactory(DjangoModelFactory):
    class Meta:
        model = "reports.Report"

    report_set = factory.SubFactory(ReportSetFactory)
    region = factory.LazyFunction(lambda: Region.objects.get(code="13.75"))
    day = dt.date(2024, 11, 19)
    period_start = factory.LazyAttribute(lambda o: o.day)
    period_end = factory.LazyAttribute(lambda o: o.day)
    sequence = 1
    number = factory.LazyAttribute(_report_number)
    status = "submitted"
    situation = "kondusif"
    narrative = "Situasi kondusif."
    deadline_at = factory.LazyAttribute(_deadline)
    submitted_at = factory.LazyAttribute(
        lambda o: None if o.status == "draft" or o.deadline_at is None else o.deadline_at - dt.timedelta(hours=2)
    )
    last_submitted_at = factory.LazyAttribute(lambda o: o.submitted_at)
    approved_at = factory.LazyAttribute(lambda o: o.submitted_at if o.status in ("approved", "received") else None)
    received_at = factory.LazyAttribute(lambda o: o.submitted_at if o.status == "received" else None)
    return_note = factory.LazyAttribute(lambda o: "Perbaiki angka." if o.status == "returned" else "")
    figures = factory.LazyFunction(dict)
    created_at = factory.LazyFunction(_now)
    updated_at = factory.LazyAttribute(lambda o: o.created_at)


class ExcusalFactory(DjangoModelFactory):
    class Meta:
        model = "reports.Excusal"

    report_set = factory.SubFactory(ReportSetFactory)
    region = factory.LazyFunction(lambda: Region.objects.get(code="13.75"))
    day = dt.date(2024, 11, 19)
    reason = "Jaringan internet terputus."
    created_at = factory.LazyFunction(_now)
