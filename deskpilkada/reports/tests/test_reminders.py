"""Reminders: before the deadline and once it passed, by the region's local time (WIB/WIT, across a local midnight);
sent once however often the job runs; nihil counts as reported, excused regions are not reminded; e-mail only when
switched on, to the desk's chair and secretariat, in Indonesian; a bounded number of queries whatever the number of
regions; the reminders page and badge through the access path."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from deskpilkada.accounts.models import Role
from deskpilkada.core import clock
from deskpilkada.core.models import AuditEvent, Channel
from deskpilkada.factories import ExcusalFactory, ReportFactory, ReportSetFactory, UserFactory
from deskpilkada.reports import services
from deskpilkada.reports.models import Reminder, ReportSet

from .conftest import build_tree

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 11, 19)
BEFORE, OVERDUE = Reminder.Kind.BEFORE_DEADLINE, Reminder.Kind.OVERDUE


@pytest.fixture
def late_evening(db):
    """Cities report by 23.30 local time, reminded an hour before."""
    report_set = ReportSetFactory(deadlines={2: dt.time(23, 30)})
    report_set.reminder_lead_minutes = 60
    report_set.save()
    return ReportSet.objects.prefetch_related("levels").get(pk=report_set.pk)


def remind(report_set, instant):
    return services.send_due_reminders(instant, report_sets=[ReportSet.objects.get(pk=report_set.pk)])


def reminders_of(tree):
    return sorted(
        (r.region.code, r.day, r.kind)
        for r in Reminder.objects.filter(region__code__startswith=tree.province.code + ".").select_related("region")
    )


def test_one_instant_is_before_the_deadline_in_wib_and_overdue_in_wit_across_local_midnight(late_evening):
    west, east = build_tree(), build_tree("88")
    # 15.45 UTC: 22.45 WIB on the 19th (45 minutes before 23.30), 00.45 WIT on the 20th (23.30 has passed).
    remind(late_evening, dt.datetime(2024, 11, 19, 15, 45, tzinfo=dt.UTC))
    assert reminders_of(west) == [(c.code, DAY, BEFORE) for c in west.cities]
    assert reminders_of(east) == [(c.code, DAY, OVERDUE) for c in east.cities]
    reminder = Reminder.objects.get(region=east.cities[0])
    assert reminder.deadline_at == dt.datetime(2024, 11, 19, 23, 30, tzinfo=clock.WIT)
    assert services.format_deadline(reminder.deadline_at, "WIT") == "Selasa, 19 November 2024 pukul 23.30 WIT"


def test_nothing_is_sent_before_the_lead_time_and_overdue_follows_before(late_evening):
    west = build_tree()
    assert remind(late_evening, dt.datetime(2024, 11, 19, 22, 29, tzinfo=clock.WIB)) == 0 or not reminders_of(west)
    remind(late_evening, dt.datetime(2024, 11, 19, 22, 30, tzinfo=clock.WIB))
    assert {k for _c, _d, k in reminders_of(west)} == {BEFORE}
    # Past local midnight, the 19th's deadline has passed: its overdue reminder comes on the 20th.
    remind(late_evening, dt.datetime(2024, 11, 20, 0, 15, tzinfo=clock.WIB))
    assert reminders_of(west) == sorted([(c.code, DAY, k) for c in west.cities for k in (BEFORE, OVERDUE)])


def test_running_twice_sends_nothing_twice(late_evening, settings):
    settings.DESK_REMINDER_EMAIL = True
    tree = build_tree()
    instant = dt.datetime(2024, 11, 19, 23, 45, tzinfo=clock.WIB)
    first = remind(late_evening, instant)
    outbox = len(mail.outbox)
    assert first >= 3 and len(reminders_of(tree)) == 3
    assert remind(late_evening, instant) == 0
    assert remind(late_evening, instant + dt.timedelta(minutes=5)) == 0
    assert len(reminders_of(tree)) == 3 and len(mail.outbox) == outbox
    events = AuditEvent.objects.filter(action="report.remind.overdue", region_code__startswith=tree.province.code)
    assert events.count() == 3 and {e.channel for e in events} == {Channel.SYSTEM}


def test_a_nihil_report_counts_as_reported_and_an_excused_city_is_not_reminded(late_evening):
    tree = build_tree()
    first, second, third = tree.cities
    ReportFactory(report_set=late_evening, region=first, day=DAY, is_nihil=True)
    ReportFactory(report_set=late_evening, region=second, day=DAY, status="draft")  # a draft is not reported
    ExcusalFactory(report_set=late_evening, region=third, day=DAY)
    remind(late_evening, dt.datetime(2024, 11, 19, 23, 45, tzinfo=clock.WIB))
    assert reminders_of(tree) == [(second.code, DAY, OVERDUE)]


def test_no_reminder_before_the_sets_start_after_its_end_or_for_a_level_it_does_not_ask(db):
    tree = build_tree()
    early = ReportSetFactory(deadlines={2: dt.time(18, 0)}, active_from=dt.date(2024, 11, 25))
    ended = ReportSetFactory(deadlines={2: dt.time(18, 0)}, active_to=dt.date(2024, 11, 10))
    provinces_only = ReportSetFactory(deadlines={1: dt.time(18, 0)})
    instant = dt.datetime(2024, 11, 19, 19, 0, tzinfo=clock.WIB)
    for report_set in (early, ended):
        remind(report_set, instant)
    assert reminders_of(tree) == []
    remind(provinces_only, instant)
    assert reminders_of(tree) == []
    assert Reminder.objects.filter(region=tree.province, report_set=provinces_only, kind=OVERDUE).exists()


def test_a_desk_formed_later_is_not_reminded_before_its_formation(late_evening):
    tree = build_tree(formed_on=dt.date(2024, 11, 20))
    remind(late_evening, dt.datetime(2024, 11, 19, 23, 45, tzinfo=clock.WIB))
    assert reminders_of(tree) == []


def test_email_goes_to_the_chair_and_secretariat_in_indonesian_only_when_switched_on(late_evening, settings):
    tree = build_tree()
    first = tree.cities[0]
    UserFactory(email="", assignments=[(first, Role.SECRETARIAT)])  # no address: no e-mail
    UserFactory(email="anggota@example.org", assignments=[(first, Role.MEMBER)])  # members are not reminded
    instant = dt.datetime(2024, 11, 19, 23, 45, tzinfo=clock.WIB)

    settings.DESK_REMINDER_EMAIL = False
    remind(late_evening, instant)
    assert mail.outbox == []

    settings.DESK_REMINDER_EMAIL = True
    Reminder.objects.all().delete()
    remind(late_evening, instant)
    ours = [m for m in mail.outbox if first.display_name in m.subject]
    assert len(ours) == 1
    message = ours[0]
    assert sorted(message.to) == sorted([tree.secretariat.email, tree.chair.email])
    assert message.subject.startswith("Terlambat")
    assert "Selasa, 19 November 2024 pukul 23.30 WIB" in message.body
    assert "belum dikirim" in message.body and "nihil" in message.body
    # The second city has only its chair; the third no account at all: no e-mail to nobody.
    assert [m.to for m in mail.outbox if tree.cities[1].display_name in m.subject] == [[tree.other_chair.email]]
    assert not [m for m in mail.outbox if tree.cities[2].display_name in m.subject]


def test_a_reminder_before_the_deadline_says_when_it_is_due(late_evening, settings):
    settings.DESK_REMINDER_EMAIL = True
    tree = build_tree()
    remind(late_evening, dt.datetime(2024, 11, 19, 22, 45, tzinfo=clock.WIB))
    message = next(m for m in mail.outbox if tree.cities[0].display_name in m.subject)
    assert message.subject.startswith("Pengingat")
    assert "paling lambat Selasa, 19 November 2024 pukul 23.30 WIB" in message.body


def test_the_query_count_does_not_grow_with_the_regions(late_evening, settings, django_assert_max_num_queries):
    settings.DESK_REMINDER_EMAIL = True
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    build_tree()
    with CaptureQueriesContext(connection) as small:
        remind(late_evening, dt.datetime(2024, 11, 19, 23, 45, tzinfo=clock.WIB))
    Reminder.objects.all().delete()
    for code in ("81", "82", "83", "84"):
        build_tree(code)
    with django_assert_max_num_queries(len(small.captured_queries)):
        created = remind(late_evening, dt.datetime(2024, 11, 19, 23, 45, tzinfo=clock.WIB))
    assert created >= 15
    assert len(small.captured_queries) <= 12


def test_the_task_uses_the_app_clock(late_evening):
    from deskpilkada.reports import tasks

    tree = build_tree()
    ReportSet.objects.exclude(pk=late_evening.pk).update(is_active=False)
    with clock.frozen(dt.datetime(2024, 11, 19, 23, 45, tzinfo=clock.WIB)):
        tasks.send_due_reminders.call()
    assert len(reminders_of(tree)) == 3
    assert tasks.send_due_reminders.module_path == "deskpilkada.reports.tasks.send_due_reminders"


# --- In the app --------------------------------------------------------------------------------------------------


@pytest.fixture
def bukittinggi_reminded(db, bukittinggi):
    """The demo's daily set reminded Bukittinggi of today's report (20 Nov, due 18.00 WIB)."""
    daily = ReportSet.objects.get(code="daily")
    services.send_due_reminders(dt.datetime(2024, 11, 20, 16, 30, tzinfo=clock.WIB), report_sets=[daily])
    return Reminder.objects.get(report_set=daily, region=bukittinggi, day=dt.date(2024, 11, 20), sequence=1)


def test_the_secretariat_sees_its_reminder_with_the_draft_button(client, regency_secretariat, bukittinggi_reminded):
    client.force_login(regency_secretariat)
    page = client.get(reverse("reports:reminders")).content.decode()
    assert "Kota Bukittinggi" in page and "Rabu, 20 November 2024 pukul 18.00 WIB" in page
    assert reverse("reports:new") in page
    badge = client.get(reverse("reports:reminder_badge")).content.decode()
    assert ">1<" in badge


def test_the_reminder_goes_away_once_the_report_is_submitted(client, regency_secretariat, bukittinggi_reminded):
    client.force_login(regency_secretariat)
    report = services.draft_report(
        bukittinggi_reminded.region,
        report_set=bukittinggi_reminded.report_set,
        day=bukittinggi_reminded.day,
        by=regency_secretariat,
    )
    page = client.get(reverse("reports:reminders")).content.decode()
    assert reverse("reports:detail", args=[report.pk]) in page, "a draft is linked, not drafted again"
    services.submit_report(report, by=regency_secretariat)
    page = client.get(reverse("reports:reminders")).content.decode()
    assert "Kota Bukittinggi" not in page
    assert client.get(reverse("reports:reminder_badge")).content.decode().strip() == ""


def test_the_province_sees_its_childrens_reminders(client, province_secretariat, bukittinggi_reminded):
    client.force_login(province_secretariat)
    assert "Kota Bukittinggi" in client.get(reverse("reports:reminders")).content.decode()
    assert "Kota Bukittinggi" in client.get(reverse("reports:reminders") + "?region=13.75").content.decode()


@pytest.mark.parametrize("persona", ["outsider", "liaison"])
def test_outsiders_see_no_reminder_of_west_sumatra(client, persona, request, bukittinggi_reminded):
    client.force_login(request.getfixturevalue(persona))
    user = request.getfixturevalue(persona)
    page = client.get(reverse("reports:reminders"))
    assert page.status_code == 200 and "Kota Bukittinggi" not in page.content.decode()
    theirs = Reminder.objects.visible_to(user).open().current()
    assert not theirs.filter(region__code__startswith="13").exists()
    badge = client.get(reverse("reports:reminder_badge")).content.decode().strip()
    assert badge.endswith(f">{theirs.count()}</a>") if theirs.exists() else badge == ""


def test_a_region_out_of_scope_is_a_404(client, outsider, regency_secretariat, bukittinggi_reminded):
    client.force_login(outsider)
    assert client.get(reverse("reports:reminders") + "?region=13.75").status_code == 404
    client.force_login(regency_secretariat)
    assert client.get(reverse("reports:reminders") + "?region=13.71").status_code == 404


def test_the_reminders_page_needs_a_login(client):
    assert client.get(reverse("reports:reminders")).status_code == 302


def test_the_province_matrix_marks_the_reminded_children(client, province_secretariat):
    """The demo's reminder job ran on 19 Nov: Kepulauan Mentawai was reminded when overdue, some desks never."""
    import re

    from deskpilkada.regions.models import Region

    reminded = Reminder.objects.filter(day=dt.date(2024, 11, 19), report_set__code="daily").values("region")
    never = Region.objects.filter(code__below="13", level=2, desk__isnull=False).exclude(pk__in=reminded).first()
    client.force_login(province_secretariat)
    query = {"region": "13", "set": "daily", "to": "2024-11-19", "days": "7"}
    page = client.get(reverse("reports:matrix"), query).content.decode()
    titles = dict(re.findall(r'title="((?:Kabupaten|Kota) [^,"]+), Selasa, 19 November 2024: ([^"]*)"', page))
    assert "diingatkan setelah terlambat" in titles["Kabupaten Kepulauan Mentawai"]
    assert "diingatkan" not in titles[never.display_name]


def test_the_admin_lists_reminders_read_only(client, superuser):
    client.force_login(superuser)
    page = client.get(reverse("admin:reports_reminder_changelist"), {"q": "13.09"})
    assert page.status_code == 200 and "Kepulauan Mentawai" in page.content.decode()
    assert client.get(reverse("admin:reports_reminder_add")).status_code == 403
