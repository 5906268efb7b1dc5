"""The case taxonomy ships as data: every routing category and TPS-rawan variable, a playbook per category, loaded
idempotently without touching what administrators added; and the admin that lets them add more."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from deskpilkada.cases import services, taxonomy
from deskpilkada.cases.models import Category, PlaybookStep, ResponseTime
from deskpilkada.core.models import AuditEvent, Channel
from deskpilkada.desks.models import Institution
from deskpilkada.factories import CaseFactory, CategoryFactory

# The categories of the desk's routing table (docs/glossary: "issue routing"), copied here on purpose.
ROUTING_CATEGORIES = [
    "politik_uang",
    "pidana_pemilihan",
    "pelanggaran_administrasi",
    "etik_penyelenggara",
    "netralitas_asn",
    "netralitas_kades",
    "netralitas_tni_polri",
    "hoaks_sara",
    "konflik_keamanan",
    "bencana_cuaca",
    "logistik",
    "data_pemilih",
    "kesehatan_petugas",
    "listrik_internet",
    "anggaran_fasilitasi",
    "sengketa_hasil",
]
# Bawaslu's eight TPS-rawan variables and the category each one is.
TPS_RAWAN_VARIABLES = {
    "hak_pilih": "tps_hak_pilih",
    "listrik_internet": "listrik_internet",
    "lokasi": "tps_lokasi",
    "logistik": "tps_logistik",
    "politik_uang": "politik_uang",
    "keamanan": "tps_keamanan",
    "netralitas": "tps_netralitas",
    "sara": "tps_sara",
}


def test_every_routing_category_ships_as_a_strategic_issue(db):
    shipped = dict(Category.objects.values_list("code", "group"))
    assert {code: shipped.get(code) for code in ROUTING_CATEGORIES} == dict.fromkeys(ROUTING_CATEGORIES, "isu")


def test_every_tps_rawan_variable_has_a_category(db):
    shipped = dict(Category.objects.values_list("code", "group"))
    for code in TPS_RAWAN_VARIABLES.values():
        assert code in shipped
    only_tps = set(TPS_RAWAN_VARIABLES.values()) - set(ROUTING_CATEGORIES)
    assert {shipped[c] for c in only_tps} == {"tps_rawan"}
    assert len(only_tps) == 6


def test_participation_and_other_complete_the_taxonomy(db):
    assert Category.objects.get(code="partisipasi").name_id == "Partisipasi pemilih"
    assert Category.objects.get(code="lainnya").group == Category.Group.OTHER
    assert Category.objects.count() == len(taxonomy.read_categories()) == 24


def test_every_shipped_category_is_described_in_both_languages_and_has_a_playbook(db):
    for row in taxonomy.read_categories():
        assert row.name_id and row.name_en and row.description and row.lead_institutions, row.code
    steps = taxonomy.read_playbook()
    assert {s.category for s in steps} == {r.code for r in taxonomy.read_categories()}
    assert {s.institution_kind for s in steps} <= set(Institution.Kind.values)


def test_no_keyword_points_to_two_categories(db, tmp_path):
    path = tmp_path / "categories.csv"
    lines = (taxonomy.CATEGORIES_FILE).read_text(encoding="utf-8").splitlines()
    lines.append('copy,isu,Salinan,Copy,Bawaslu,sedang,"serangan fajar",Salinan.')
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(taxonomy.TaxonomyError, match="serangan fajar"):
        taxonomy.read_categories(path)


def test_a_playbook_step_for_an_unknown_institution_kind_is_refused(db, tmp_path):
    path = tmp_path / "playbook.csv"
    path.write_text("category,institution_kind,action\npolitik_uang,propam,Periksa.\n", encoding="utf-8")
    with pytest.raises(taxonomy.TaxonomyError, match="propam"):
        taxonomy.read_playbook(path)


def test_money_politics_goes_to_bawaslu_first_citing_article_187a(db):
    steps = list(Category.objects.get(code="politik_uang").playbook_steps.order_by("order"))
    assert [s.institution_kind for s in steps] == ["bawaslu", "polri", "kejaksaan"]
    assert "Pasal 187A UU 10/2016" in steps[0].action and "Gakkumdu" in steps[0].action
    assert steps[1].action.startswith("Patroli")


def test_the_playbook_proposes_the_institutions_of_the_case_regency(db, tarok_dipo):
    case = CaseFactory(region=tarok_dipo, category=Category.objects.get(code="politik_uang"), severity="tinggi")
    proposed = services.propose_routing(case)
    assert [p.institution.code for p in proposed] == ["bawaslu-13-75", "polres-13-75", "kejari-13-75"]
    assert all(p.due_at == proposed[0].due_at for p in proposed)


def test_loading_again_writes_nothing(db):
    events = AuditEvent.objects.count()
    assert taxonomy.load_categories() == 0
    assert AuditEvent.objects.count() == events


def test_loading_restores_shipped_categories_and_playbooks_and_keeps_the_rest(db, superuser):
    shipped = Category.objects.get(code="logistik")
    shipped.name_id = "Diubah admin"
    shipped.is_active = False
    shipped.save()
    shipped.playbook_steps.all().delete()
    own = CategoryFactory(code="spanduk_liar", name_id="Spanduk liar")
    PlaybookStep.objects.create(category=own, institution_kind="satpol_pp", action="Tertibkan.")

    assert taxonomy.load_categories(by=superuser, channel=Channel.WEB) == 1

    shipped.refresh_from_db()
    assert shipped.name_id == "Logistik pemilihan" and shipped.is_active is False
    assert list(shipped.playbook_steps.values_list("institution_kind", flat=True)) == ["kpu", "pemda", "polri"]
    assert Category.objects.get(code="spanduk_liar").name_id == "Spanduk liar"
    assert list(own.playbook_steps.values_list("action", flat=True)) == ["Tertibkan."]
    actions = set(
        AuditEvent.objects.filter(object_type="cases.category", object_id=str(shipped.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"category.update", "category.playbook"} <= actions


def test_default_response_times_are_created_only_where_missing(db):
    ResponseTime.objects.filter(severity="kritis").delete()
    ResponseTime.objects.filter(severity="tinggi").update(hours=12)
    taxonomy.load_categories()
    assert dict(ResponseTime.objects.values_list("severity", "hours")) == {
        "kritis": 6,
        "tinggi": 12,
        "sedang": 72,
        "rendah": 168,
    }
    assert AuditEvent.objects.filter(action="responsetime.create", changes__hours=[None, 6]).exists()


def test_the_command_reports_what_it_wrote(db):
    out = StringIO()
    call_command("load_categories", stdout=out)
    assert "0 categories created or updated; 24 categories in total" in out.getvalue()


@pytest.mark.parametrize(
    "name", ["cases_category", "cases_responsetime", "cases_case", "cases_routedaction"], ids=lambda n: n
)
def test_admin_lists_open(client, superuser, name):
    CaseFactory()
    client.force_login(superuser)
    assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200


def test_an_administrator_adds_a_category_with_a_playbook_step_without_code(client, superuser):
    client.force_login(superuser)
    prefix = "playbook_steps"
    response = client.post(
        reverse("admin:cases_category_add"),
        {
            "code": "perusakan_apk",
            "name_id": "Perusakan alat peraga kampanye",
            "name_en": "Damage to campaign materials",
            "group": "isu",
            "default_severity": "sedang",
            "order": "300",
            "is_active": "on",
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-0-order": "1",
            f"{prefix}-0-institution_kind": "satpol_pp",
            f"{prefix}-0-action": "Tertibkan dan laporkan ke Bawaslu.",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    category = Category.objects.get(code="perusakan_apk")
    assert category.playbook_steps.get().institution_kind == "satpol_pp"
    assert AuditEvent.objects.filter(action="category.create", object_id=str(category.pk), actor=superuser).exists()
    assert AuditEvent.objects.filter(action="playbookstep.create", actor=superuser).exists()


def test_the_case_admin_changes_nothing(client, superuser):
    case = CaseFactory()
    client.force_login(superuser)
    page = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert page.status_code == 200
    assert page.context["adminform"].form.fields == {}
    assert client.get(reverse("admin:cases_case_add")).status_code == 403


def test_every_phrase_a_chat_message_may_use_names_one_category(db):
    from deskpilkada.cases.messages import phrase_key

    owner: dict[str, str] = {}
    for row in taxonomy.read_categories():
        for phrase in {phrase_key(p) for p in (row.code, row.name_id, *taxonomy.keyword_list(row.keywords))}:
            assert owner.setdefault(phrase, row.code) == row.code, phrase
    assert owner["serangan fajar"] == owner["amplop"] == owner["money politik"] == "politik_uang"
