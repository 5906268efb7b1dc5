"""The KPU stage calendar of Pilkada 2024 loaded from the project's own data file."""

import datetime as dt

import pytest

from deskpilkada.core.models import AuditEvent
from deskpilkada.elections import services
from deskpilkada.elections.models import Stage
from deskpilkada.factories import ElectionFactory


def codes_on(election, day):
    return set(election.stages_on(day).values_list("code", flat=True))


def test_pilkada_2024_is_named_and_dated(election):
    assert (election.name, election.voting_day) == ("Pilkada Serentak 2024", dt.date(2024, 11, 27))


def test_on_20_november_the_stage_is_the_campaign(election):
    assert codes_on(election, dt.date(2024, 11, 20)) == {"kampanye"}


def test_on_25_november_the_stage_is_the_quiet_period(election):
    assert codes_on(election, dt.date(2024, 11, 25)) == {"masa_tenang"}


def test_on_voting_day_voting_and_counting_both_run(election):
    assert codes_on(election, dt.date(2024, 11, 27)) == {"pemungutan_suara", "penghitungan_rekapitulasi"}


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (dt.date(2024, 11, 20), "H-7"),
        (dt.date(2024, 11, 25), "H-2"),
        (dt.date(2024, 11, 27), "H"),
        (dt.date(2024, 11, 28), "H+1"),
    ],
)
def test_day_label_counts_days_to_voting_day(election, day, label):
    assert election.day_label(day) == label


def test_recap_sub_stages_point_at_their_parent_and_keep_file_order(election):
    parent = election.stages.get(code="penghitungan_rekapitulasi")
    parts = list(parent.parts.order_by("order").values_list("code", flat=True))
    assert parts == ["penyerahan_hasil_pps", "rekap_kecamatan", "rekap_kabkota", "rekap_provinsi"]
    orders = list(election.stages.order_by("order").values_list("code", flat=True))
    assert orders[0] == "persiapan_anggaran" and orders[-1] == "rekap_provinsi"
    assert election.stages.get(code="persiapan_anggaran").start is None


def test_loading_the_calendar_twice_changes_nothing(election):
    count, events = Stage.objects.count(), AuditEvent.objects.count()
    services.load_pilkada_2024()
    assert (Stage.objects.count(), AuditEvent.objects.count()) == (count, events)


def test_loading_the_calendar_into_a_new_election_creates_every_stage_audited(db):
    election = ElectionFactory()
    rows = services.read_stage_calendar()
    result = services.load_stage_calendar(election, rows)
    assert result == {"created": 19, "updated": 0, "unchanged": 0}
    assert AuditEvent.objects.filter(action="stage.create", object_type="elections.stage").count() >= 19


def test_a_changed_date_in_the_file_updates_the_stage(db):
    election = ElectionFactory()
    rows = services.read_stage_calendar()
    services.load_stage_calendar(election, rows)
    moved = [
        r if r.code != "kampanye" else services.StageRow(**{**r.__dict__, "end": dt.date(2024, 11, 22)}) for r in rows
    ]
    result = services.load_stage_calendar(election, moved)
    assert result["updated"] == 1
    assert election.stages.get(code="kampanye").end == dt.date(2024, 11, 22)
    event = AuditEvent.objects.filter(action="stage.update").latest("pk")
    assert event.changes == {"end": ["2024-11-23", "2024-11-22"]}


def test_a_calendar_naming_an_unknown_parent_is_refused(db):
    rows = [services.StageRow("a", "A", "A", None, dt.date(2024, 1, 1), "missing")]
    with pytest.raises(ValueError, match="missing"):
        services.load_stage_calendar(ElectionFactory(), rows)
