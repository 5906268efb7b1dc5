"""Chat/SMS intake: `LAPOR <place> <category> <text>` from a registered number becomes one case with a receipt;
anything else gets a helpful Indonesian reply and stores nothing."""

import pytest

from deskpilkada.accounts.models import User
from deskpilkada.cases import messages
from deskpilkada.cases.messages import Place, parse, phone_variants, receive_message
from deskpilkada.cases.models import Case, Category, IntakeKey
from deskpilkada.core.models import AuditEvent, Channel

OPERATOR_PHONE = "0812-0000-1001"
SECRETARIAT_PHONE = "0812-0000-1375"

# --- The parser on plain data ------------------------------------------------------------------------------------

TAROK = Place(1, "13.75.01.1001", "Kelurahan Tarok Dipo (Guguak Panjang)", "tarok dipo", 4)
PAKAN = Place(2, "13.75.01.1003", "Kelurahan Pakan Kurai (Guguak Panjang)", "pakan kurai", 4)
KOTA_BARU = Place(3, "13.76.03.1011", "Kelurahan Koto Baru (Payakumbuh Timur)", "kota baru", 4)
GUGUAK = Place(4, "13.75.01", "Kecamatan Guguak Panjang", "guguak panjang", 3)
PLACES = [TAROK, PAKAN, KOTA_BARU, GUGUAK]
TERMS = messages.category_terms(
    [
        ("politik_uang", "Politik uang", "serangan fajar, amplop, money politik"),
        ("logistik", "Logistik pemilihan", "kotak suara, surat suara"),
        ("hoaks_sara", "Hoaks, ujaran kebencian, SARA", "hoaks, pesan berantai"),
    ]
)


@pytest.mark.parametrize(
    ("text", "place", "category", "description", "tps"),
    [
        (messages.EXAMPLE, TAROK, "politik_uang", "Ada pembagian amplop di TPS 003", 3),
        ("lapor tarok-dipo POLITIK-UANG ada amplop", TAROK, "politik_uang", "ada amplop", None),
        ("LAPOR  TAROKDIPO  politik uang amplop dibagi", TAROK, "politik_uang", "amplop dibagi", None),
        ("Lapor taruk dipo serangan fajar tadi subuh", TAROK, "politik_uang", "tadi subuh", None),
        ("LAPOR Kel. Tarok Dipo hoaks beredar pesan", TAROK, "hoaks_sara", "beredar pesan", None),
        ("LAPOR TPS 003 Tarok Dipo logistik kotak suara basah", TAROK, "logistik", "kotak suara basah", 3),
        ("LAPOR TPS7 Pakan Kurai logistik tinta kurang", PAKAN, "logistik", "tinta kurang", 7),
        ("LAPOR Pakan Kurai TPS 12 logistik tinta kurang", PAKAN, "logistik", "tinta kurang", 12),
        ("LAPOR 13.75.01.1003 logistik surat suara kurang", PAKAN, "logistik", "surat suara kurang", None),
        ("LAPOR 1375011001 hoaks pesan berantai", TAROK, "hoaks_sara", "pesan berantai", None),
        ("LAPOR Kota Baru logistik tenda roboh", KOTA_BARU, "logistik", "tenda roboh", None),
        ("LAPOR Guguak Panjang hoaks video lama", GUGUAK, "hoaks_sara", "video lama", None),
    ],
)
def test_messages_people_actually_write_are_read(text, place, category, description, tps):
    parsed = parse(text, PLACES, TERMS)
    assert (parsed.place, parsed.category, parsed.description, parsed.tps) == (place, category, description, tps)


def test_without_a_category_a_keyword_in_the_text_decides():
    parsed = parse("LAPOR Tarok Dipo tadi malam ada serangan fajar di gang", PLACES, TERMS)
    assert parsed.category == "politik_uang" and parsed.category_from_text
    assert parsed.description == "tadi malam ada serangan fajar di gang"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("halo pak", "Format: LAPOR <kelurahan/desa> <kategori> <isi laporan>"),
        ("", "Contoh: LAPOR Tarok Dipo politik_uang"),
        ("LAPOR", "Format: LAPOR"),
        ("LAPOR Tarok Dipo", "Tulis kategori dan isi laporannya"),
        ("LAPOR Tarok Dipo politik_uang", "Tulis isi laporannya setelah kategori"),
        ("LAPOR Tarok Dipo cuaca cerah sekali", "Kategori laporan tidak dikenali"),
        ("LAPOR Tarak Dapu politik_uang amplop", "Mungkin maksud Anda: Kelurahan Tarok Dipo (Guguak Panjang)?"),
        ("LAPOR Sungai Puar politik_uang amplop", 'Tempat "sungai puar" tidak dikenal'),
        ("LAPOR 13.76.01.1007 politik_uang amplop", "Kode wilayah 13.76.01.1007 tidak dikenal"),
    ],
)
def test_unreadable_messages_get_a_helpful_reply(text, expected):
    with pytest.raises(messages.ParseError) as error:
        parse(text, PLACES, TERMS)
    assert expected in error.value.reply


def test_a_name_two_places_share_asks_for_the_code():
    twin = Place(9, "13.06.01.2001", "Nagari Tarok Dipo (Lain)", "tarok dipo", 4)
    with pytest.raises(messages.ParseError, match="13.06.01.2001") as error:
        parse(messages.EXAMPLE, [*PLACES, twin], TERMS)
    assert "13.75.01.1001" in error.value.reply


@pytest.mark.parametrize(
    "phone", ["0812-0000-1001", "+62 812 0000 1001", "6281200001001", "0812 0000 1001", "812-0000-1001"]
)
def test_every_way_of_writing_a_number_is_the_same_number(phone):
    assert phone_variants(phone)[0] == "+6281200001001"


@pytest.mark.parametrize(
    ("description", "title"),
    [
        ("Ada pembagian amplop di TPS 003", "Ada pembagian amplop di TPS 003"),
        ("satu dua tiga empat lima enam tujuh delapan sembilan", "satu dua tiga empat lima enam tujuh delapan…"),
    ],
)
def test_the_title_is_the_first_words(description, title):
    assert messages.title_of(description) == title


# --- Through the database ----------------------------------------------------------------------------------------


@pytest.fixture
def operator(village_operator):
    User.objects.filter(pk=village_operator.pk).update(phone=OPERATOR_PHONE)
    village_operator.refresh_from_db()
    return village_operator


@pytest.fixture
def secretariat(regency_secretariat):
    User.objects.filter(pk=regency_secretariat.pk).update(phone=SECRETARIAT_PHONE)
    return regency_secretariat


def test_a_registered_operator_files_a_case_and_gets_its_number(operator, tarok_dipo, demo_clock):
    reply = receive_message(phone="+62 812-0000-1001", text=messages.EXAMPLE, message_id="wa-1")
    assert reply.stored is True
    case = reply.case
    assert reply.reply.startswith(f"Laporan diterima. Nomor: {case.number}.")
    assert "Politik uang, Kelurahan Tarok Dipo, TPS 003" in reply.reply
    assert case.number.startswith("1375-24-")
    assert (case.region, case.desk.region.code, case.channel, case.reported_by) == (
        tarok_dipo,
        "13.75",
        Channel.MESSAGE,
        operator,
    )
    assert case.category.code == "politik_uang" and case.severity == "tinggi"
    assert case.title == "Ada pembagian amplop di TPS 003" and case.occurred_at == demo_clock
    assert case.polling_station.number == 3 and case.status == Case.Status.NEW
    event = AuditEvent.objects.get(action="case.submit", object_id=str(case.pk))
    assert (event.channel, event.actor) == (Channel.MESSAGE, operator)


def test_a_retried_message_is_stored_once(operator):
    first = receive_message(phone=OPERATOR_PHONE, text=messages.EXAMPLE, message_id="wa-42")
    again = receive_message(phone="081200001001", text=messages.EXAMPLE, message_id="wa-42")
    assert again.case == first.case and again.stored
    assert again.reply.startswith("Laporan ini sudah diterima sebelumnya. Nomor: ")
    assert IntakeKey.objects.filter(key="pesan:wa-42").count() == 1
    assert Case.objects.filter(reported_by=operator, channel=Channel.MESSAGE).count() == 1


def test_the_same_text_with_another_message_id_is_another_case(operator):
    first = receive_message(phone=OPERATOR_PHONE, text=messages.EXAMPLE, message_id="wa-1")
    second = receive_message(phone=OPERATOR_PHONE, text=messages.EXAMPLE, message_id="wa-2")
    assert first.case != second.case


@pytest.mark.parametrize("who", ["unknown", "inactive"])
def test_an_unknown_or_inactive_number_stores_nothing(operator, who):
    if who == "inactive":
        User.objects.filter(pk=operator.pk).update(is_active=False)
        phone = OPERATOR_PHONE
    else:
        phone = "0813-9999-0000"
    cases, events, keys = Case.objects.count(), AuditEvent.objects.count(), IntakeKey.objects.count()
    reply = receive_message(phone=phone, text=messages.EXAMPLE, message_id="wa-9")
    assert (reply.stored, reply.case) == (False, None)
    assert reply.reply == messages.UNKNOWN_SENDER and "belum terdaftar" in reply.reply
    assert (Case.objects.count(), AuditEvent.objects.count(), IntakeKey.objects.count()) == (cases, events, keys)


def test_a_number_two_accounts_share_is_not_trusted(operator, secretariat):
    User.objects.filter(pk=secretariat.pk).update(phone="+6281200001001")
    assert receive_message(phone=OPERATOR_PHONE, text=messages.EXAMPLE).stored is False


def test_a_liaison_cannot_report_by_message(liaison):
    User.objects.filter(pk=liaison.pk).update(phone="0813-1111-2222")
    reply = receive_message(phone="0813-1111-2222", text=messages.EXAMPLE)
    assert (reply.stored, reply.reply) == (False, messages.NOT_A_REPORTER)


def test_a_place_outside_the_senders_area_is_refused_by_name(operator):
    cases = Case.objects.count()
    reply = receive_message(phone=OPERATOR_PHONE, text="LAPOR Pakan Kurai logistik tinta kurang")
    assert reply.stored is False
    assert reply.reply.startswith("Kelurahan Pakan Kurai di luar wilayah tugas Anda")
    assert Case.objects.count() == cases


def test_a_city_secretariat_reports_anywhere_in_the_city_with_misspellings(secretariat):
    reply = receive_message(phone=SECRETARIAT_PHONE, text="lapor  GAREGAH konflik ada keributan di pasar")
    assert reply.stored, reply.reply
    assert reply.case.region.code == "13.75.02.1008"
    assert reply.case.category.code == "konflik_keamanan"
    assert reply.case.severity == Category.objects.get(code="konflik_keamanan").default_severity


def test_an_unknown_place_lists_close_names_in_the_senders_area(secretariat):
    reply = receive_message(phone=SECRETARIAT_PHONE, text="LAPOR Birugu Ateh Bana logistik tinta kurang")
    assert reply.stored is False
    assert "Mungkin maksud Anda:" in reply.reply and "Birugo" in reply.reply
    assert "Contoh: LAPOR Tarok Dipo politik_uang" in reply.reply


def test_a_tps_that_does_not_exist_is_named_in_the_reply(operator):
    reply = receive_message(phone=OPERATOR_PHONE, text="LAPOR TPS 099 Tarok Dipo logistik tinta kurang")
    assert (reply.stored, reply.reply.split(".")[0]) == (
        False,
        "TPS 099 tidak ada di Kelurahan Tarok Dipo (Guguak Panjang)",
    )


def test_a_tps_only_mentioned_in_the_text_is_linked_when_it_exists(operator):
    linked = receive_message(phone=OPERATOR_PHONE, text="LAPOR Tarok Dipo logistik tinta di TPS 2 kurang")
    unknown = receive_message(phone=OPERATOR_PHONE, text="LAPOR Tarok Dipo logistik tinta di TPS 99 kurang")
    assert linked.case.polling_station.number == 2
    assert unknown.stored and unknown.case.polling_station is None


def test_a_message_costs_a_bounded_number_of_queries(operator, django_assert_max_num_queries):
    with django_assert_max_num_queries(22):
        assert receive_message(phone=OPERATOR_PHONE, text=messages.EXAMPLE, message_id="wa-q").stored
