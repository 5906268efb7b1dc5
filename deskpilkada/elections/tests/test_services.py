"""Election services other than the TPS import: contests, candidate pairs, region settings."""

import datetime as dt
from decimal import Decimal

import pytest

from deskpilkada.core.models import AuditEvent
from deskpilkada.elections import services
from deskpilkada.elections.models import Contest, RegionSetting
from deskpilkada.factories import ContestFactory, ElectionFactory, ProvinceFactory, RegencyFactory, make_child_region


def test_save_election_is_idempotent_and_audits_changes(db):
    election, created = services.save_election(slug="uji", name="Uji", voting_day=dt.date(2024, 11, 27))
    assert created
    same, created_again = services.save_election(slug="uji", name="Uji Baru", voting_day=election.voting_day)
    assert not created_again and same.pk == election.pk and same.name == "Uji Baru"
    assert AuditEvent.objects.filter(action="election.update", object_id=str(election.pk)).count() == 1


@pytest.mark.parametrize(
    ("maker", "kind"),
    [
        (lambda: ProvinceFactory(), Contest.Kind.GOVERNOR),
        (lambda: RegencyFactory(), Contest.Kind.REGENT),
        (lambda: make_child_region(ProvinceFactory(), name="Kota Uji"), Contest.Kind.MAYOR),
    ],
)
def test_the_contest_kind_follows_the_region(db, maker, kind):
    contest, created = services.save_contest(ElectionFactory(), maker())
    assert created and contest.kind == kind


def test_save_contest_twice_gives_one_contest(db):
    election, region = ElectionFactory(), RegencyFactory()
    first, _ = services.save_contest(election, region)
    second, created = services.save_contest(election, region)
    assert first.pk == second.pk and not created


def test_no_contest_below_regency_level(tarok_dipo):
    with pytest.raises(ValueError):
        services.save_contest(ElectionFactory(), tarok_dipo)


def test_save_candidate_pair_upserts_by_ballot_number_and_audits_in_the_contest_region(db):
    contest = ContestFactory()
    pair, created = services.save_candidate_pair(contest, ballot_number=1, head_name="A", deputy_name="B")
    again, created_again = services.save_candidate_pair(contest, ballot_number=1, head_name="A", deputy_name="C")
    assert created and not created_again and again.pk == pair.pk and again.deputy_name == "C"
    update = AuditEvent.objects.get(action="candidate_pair.update", object_id=str(pair.pk))
    assert update.changes == {"deputy_name": ["B", "C"]} and update.region_code == contest.region.code


def test_region_setting_keeps_target_and_baseline_with_their_source(payakumbuh):
    election = ElectionFactory()
    services.save_region_setting(
        election, payakumbuh, turnout_target=80, historical_turnout="68.29", historical_turnout_source="Pilkada 2017"
    )
    setting = RegionSetting.objects.get(election=election, region=payakumbuh)
    assert (setting.turnout_target, setting.historical_turnout) == (Decimal("80.00"), Decimal("68.29"))


def test_a_turnout_above_100_percent_is_refused(payakumbuh):
    with pytest.raises(ValueError):
        services.save_region_setting(ElectionFactory(), payakumbuh, turnout_target=120)
