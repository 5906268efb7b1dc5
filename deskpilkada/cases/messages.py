"""Reports by chat or SMS: a registered sender writes one line, the desk gets a case, the sender gets a receipt.

Format (documented in ``docs/data-formats.md``)::

    LAPOR <kelurahan/desa, or "TPS 003 <kelurahan/desa>"> <category code or keyword> <what happened>
    LAPOR Tarok Dipo politik_uang Ada pembagian amplop di TPS 003

Forgiving: case, spacing and dashes do not matter ("tarok-dipo", "TAROKDIPO"), nor small misspellings of the place
("taruk dipo"); a leading "Kel."/"Desa"/"Nagari" is skipped; the place may also be a Kemendagri code; the category
may be its code, its Indonesian name or a keyword ("serangan fajar", "amplop"), and when the sender leaves it out
a keyword anywhere in the text decides it. Places are looked up within the sender's own regions first.

The sender is an active account whose ``phone`` is the number the gateway reports (0812..., +62812..., 62812...,
with spaces or dashes: all the same). Unknown or inactive numbers get a short reply and nothing is stored. A
gateway that retries a message with the same ``message_id`` gets the first receipt again (an intake key).

Replies are Indonesian text by design: they are part of the chat protocol (like the ``LAPOR`` keyword), sent to
field operators whatever language the server runs in, so they are not gettext strings.
"""

from __future__ import annotations

import dataclasses
import difflib
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Value
from django.db.models.functions import Replace
from django.utils import translation
from lokal.phone import normalize_phone

from deskpilkada.accounts import access
from deskpilkada.accounts.models import User
from deskpilkada.core import clock
from deskpilkada.core.models import Channel
from deskpilkada.elections.models import Election, PollingStation
from deskpilkada.regions.models import Region

from . import services
from .models import Case, Category, IntakeKey
from .taxonomy import keyword_list

KEYWORDS = frozenset({"lapor", "laporan", "lapur"})
KIND_WORDS = frozenset({"kelurahan", "kel", "desa", "nagari", "kecamatan", "kec", "kota", "kabupaten", "kab"})
EXAMPLE = "LAPOR Tarok Dipo politik_uang Ada pembagian amplop di TPS 003"
HELP = f"Format: LAPOR <kelurahan/desa> <kategori> <isi laporan>. Contoh: {EXAMPLE}"
UNKNOWN_SENDER = (
    "Nomor Anda belum terdaftar di Desk Pilkada. Hubungi sekretariat Desk Pilkada setempat agar nomor Anda "
    "dicatat pada akun Anda."
)
NOT_A_REPORTER = "Akun Anda tidak dapat mengirim laporan. Hubungi sekretariat Desk Pilkada setempat."
FUZZY_CUTOFF = 0.85
MAX_PLACE_WORDS = 6
MAX_PHRASE_WORDS = 4
TITLE_WORDS = 8
TITLE_CHARS = 100
MAX_TEXT = 4000

_WORD = re.compile(r"[^\s\-/,;:]+")
_EDGE_PUNCTUATION = ".!?\"'()[]*#<>"
_REGION_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
_PLAIN_VILLAGE_CODE = re.compile(r"^\d{10}$")
_TPS_JOINED = re.compile(r"^tps0*(\d{1,3})$")
_TPS_IN_TEXT = re.compile(r"\bTPS[\s.\-]*0*(\d{1,3})\b", re.IGNORECASE)
_PHONE_NOISE = (" ", "-", ".", "(", ")", "+")


@dataclasses.dataclass
class MessageReply:
    """What the gateway sends back: whether a case is stored, the reply text, and the case."""

    stored: bool
    reply: str
    case: Case | None = None


# --- Parsing (pure: plain data in, plain data out) --------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Word:
    text: str  # lower case, edge punctuation removed
    start: int  # offset of the word in the message


@dataclasses.dataclass(frozen=True)
class Place:
    pk: int
    code: str
    label: str  # how replies name it: "Kelurahan Tarok Dipo (Guguak Panjang)"
    key: str  # Region.search_name
    level: int

    @property
    def compact(self) -> str:
        return self.key.replace(" ", "")


@dataclasses.dataclass(frozen=True)
class Parsed:
    place: Place
    category: str  # category code
    description: str
    tps: int | None = None
    tps_from_text: bool = False
    category_from_text: bool = False


class ParseError(Exception):
    """The message cannot be read; ``reply`` says how to fix it (Indonesian). ``place_at`` is the index of the
    word where an unknown place starts."""

    def __init__(self, reply: str, *, place_at: int | None = None):
        super().__init__(reply)
        self.reply = reply
        self.place_at = place_at


def tokenize(text: str) -> list[Word]:
    """Words with their offsets; dashes, slashes, commas and colons separate words ("Tarok-Dipo" is two)."""
    words = []
    for match in _WORD.finditer(text):
        word = match.group().lower().strip(_EDGE_PUNCTUATION)
        if word:
            words.append(Word(word, match.start()))
    return words


def phrase_key(text: str) -> str:
    """ "Politik_Uang" / "politik-uang" / "Politik  uang" → "politik uang"."""
    return " ".join(re.split(r"[\s_\-/]+", text.lower())).strip()


def category_terms(categories: list[tuple[str, str, str]]) -> dict[str, str]:
    """{phrase: category code} from (code, name_id, keywords) rows: the code, its words, the Indonesian name and
    every keyword. The first category to claim a phrase keeps it."""
    terms: dict[str, str] = {}
    for code, name_id, keywords in categories:
        for phrase in (code, name_id, *keyword_list(keywords)):
            key = phrase_key(phrase)
            if key:
                terms.setdefault(key, code)
    return terms


def _take_tps(words: list[Word], i: int) -> tuple[int | None, int]:
    if i < len(words) and (match := _TPS_JOINED.match(words[i].text)):
        return int(match.group(1)), i + 1
    if i + 1 < len(words) and words[i].text == "tps" and words[i + 1].text.isdigit():
        return int(words[i + 1].text), i + 2
    return None, i


def _phrase(words: list[Word], i: int, n: int) -> str:
    return phrase_key(" ".join(w.text for w in words[i : i + n]))


def _pick(hits: list[Place], shown: str) -> Place:
    """The one place among equally good hits: the deepest level wins (a kelurahan over a kecamatan)."""
    deepest = max(p.level for p in hits)
    hits = sorted({p.pk: p for p in hits if p.level == deepest}.values(), key=lambda p: p.code)
    if len(hits) > 1:
        listed = "; ".join(f"{p.label} = {p.code}" for p in hits[:4])
        raise ParseError(
            f'Nama tempat "{shown}" ada di beberapa wilayah: {listed}. Tulis kode wilayahnya, '
            f"mis. LAPOR {hits[0].code} <kategori> <isi laporan>."
        )
    return hits[0]


def match_place(words: list[Word], i: int, places: list[Place], *, exact_only: bool = False) -> tuple[Place, int]:
    """The place the message names from word ``i``, and how many words it took. Exact names first (longest
    first; spaces do not matter), then the closest name by similarity of letters. Raises :class:`ParseError`."""
    if i >= len(words):
        raise ParseError(HELP)
    first = words[i].text
    code = first
    if _PLAIN_VILLAGE_CODE.match(code):
        code = f"{code[:2]}.{code[2:4]}.{code[4:6]}.{code[6:]}"
    if _REGION_CODE.match(code):
        hits = [p for p in places if p.code == code]
        if not hits:
            raise ParseError(f"Kode wilayah {code} tidak dikenal atau di luar wilayah tugas Anda. {HELP}")
        return hits[0], 1
    most = min(MAX_PLACE_WORDS, len(words) - i)
    for n in range(most, 0, -1):
        phrase = _phrase(words, i, n)
        compact = phrase.replace(" ", "")
        hits = [p for p in places if p.key == phrase or p.compact == compact]
        if hits:
            return _pick(hits, phrase), n
    if exact_only:
        raise ParseError(_unknown_place(words, i, places), place_at=i)
    best: tuple[float, int, list[Place]] = (0.0, 0, [])
    for n in range(1, most + 1):
        compact = _phrase(words, i, n).replace(" ", "")
        for place in places:
            if abs(len(place.compact) - len(compact)) > 3:
                continue
            ratio = difflib.SequenceMatcher(None, compact, place.compact).ratio()
            if ratio > best[0]:
                best = (ratio, n, [place])
            elif ratio == best[0] and ratio > 0:
                best[2].append(place)
    ratio, n, hits = best
    if ratio >= FUZZY_CUTOFF:
        return _pick(hits, _phrase(words, i, n)), n
    raise ParseError(_unknown_place(words, i, places), place_at=i)


def _unknown_place(words: list[Word], i: int, places: list[Place]) -> str:
    shown = " ".join(w.text for w in words[i : i + 2])
    by_compact: dict[str, Place] = {}
    for place in places:
        by_compact.setdefault(place.compact, place)
    suggestions: list[str] = []
    for n in (2, 1, 3):
        compact = _phrase(words, i, n).replace(" ", "")
        for hit in difflib.get_close_matches(compact, list(by_compact), n=3, cutoff=0.6):
            label = by_compact[hit].label
            if label not in suggestions:
                suggestions.append(label)
    reply = f'Tempat "{shown}" tidak dikenal di wilayah tugas Anda.'
    if suggestions:
        reply += f" Mungkin maksud Anda: {', '.join(suggestions[:3])}?"
    return f"{reply} {HELP}"


def _match_term(words: list[Word], i: int, terms: dict[str, str]) -> tuple[str, int] | None:
    for n in range(min(MAX_PHRASE_WORDS, len(words) - i), 0, -1):
        code = terms.get(_phrase(words, i, n))
        if code:
            return code, n
    return None


def parse(text: str, places: list[Place], terms: dict[str, str]) -> Parsed:
    """Read a ``LAPOR`` message against the sender's places and the category terms. Raises :class:`ParseError`."""
    text = (text or "").strip()[:MAX_TEXT]
    words = tokenize(text)
    if not words or words[0].text not in KEYWORDS:
        raise ParseError(HELP)
    tps, i = _take_tps(words, 1)
    if i < len(words) and words[i].text in KIND_WORDS:
        try:  # "Kota Baru" is a name; "Kel. Tarok Dipo" is a kind word and a name
            place, taken = match_place(words, i, places, exact_only=True)
        except ParseError:
            i += 1
            place, taken = match_place(words, i, places)
    else:
        place, taken = match_place(words, i, places)
    i += taken
    if tps is None:
        tps, i = _take_tps(words, i)
    if i >= len(words):
        raise ParseError(f"Tulis kategori dan isi laporannya. {HELP}")
    found = _match_term(words, i, terms)
    from_text = False
    if found is not None:
        category, n = found
        body_start = i + n
    else:
        body_start = i
        for j in range(i, len(words)):
            found = _match_term(words, j, terms)
            if found is not None:
                break
        if found is None:
            examples = "politik_uang, hoaks_sara, konflik_keamanan, netralitas_asn, logistik, bencana_cuaca, lainnya"
            raise ParseError(
                f"Kategori laporan tidak dikenali. Tulis kode kategori setelah nama tempat, mis. {examples}. {HELP}"
            )
        category, from_text = found[0], True
    if body_start >= len(words):
        raise ParseError(f"Tulis isi laporannya setelah kategori. {HELP}")
    description = text[words[body_start].start :].strip()
    tps_from_text = False
    if tps is None and place.level == Region.Level.VILLAGE:
        mentioned = {int(m.group(1)) for m in _TPS_IN_TEXT.finditer(description)}
        if len(mentioned) == 1:
            tps, tps_from_text = mentioned.pop(), True
    return Parsed(place, category, description, tps, tps_from_text, category_from_text=from_text)


def title_of(description: str) -> str:
    """The first words of the text: "Ada pembagian amplop di TPS 003 oleh tim ..." (at most 100 characters)."""
    words = description.split()
    title = " ".join(words[:TITLE_WORDS])
    shortened = len(words) > TITLE_WORDS
    if len(title) > TITLE_CHARS:
        title, shortened = title[:TITLE_CHARS].rsplit(" ", 1)[0], True
    return title + ("…" if shortened else "")


# --- Senders and places (database) ------------------------------------------------------------------------------


def phone_variants(phone: str) -> tuple[str, list[str]] | None:
    """(E.164 form, the digit strings a stored number may reduce to) for an Indonesian number, or None."""
    e164 = normalize_phone(phone or "")
    if not e164:
        return None
    national = e164.removeprefix("+62")
    return e164, [e164[1:], "0" + national, national]


def find_sender(phone: str) -> User | None:
    """The one active account whose phone is this number, however either is written; None if none or several."""
    variants = phone_variants(phone)
    if variants is None:
        return None
    e164, digits = variants
    stripped = "phone"
    expression = None
    for noise in _PHONE_NOISE:
        expression = Replace(expression if expression is not None else stripped, Value(noise), Value(""))
    candidates = [
        user
        for user in User.objects.filter(is_active=True)
        .exclude(phone="")
        .annotate(digits=expression)
        .filter(digits__in=digits)
        if normalize_phone(user.phone) == e164
    ]
    return candidates[0] if len(candidates) == 1 else None


def places_for(user, words: list[Word]) -> list[Place]:
    """The regions the user may report in (any level), as :class:`Place` values. For an account that covers the
    whole country only the regions whose name the message contains are read."""
    codes = access.scope_codes(user, services.REPORT_ROLES)
    if codes == []:
        return []
    regions = Region.objects.all()
    if codes is None:
        phrases = {_phrase(words, i, n) for i in range(len(words)) for n in range(1, MAX_PLACE_WORDS + 1)}
        regions = regions.filter(search_name__in=phrases)
    else:
        regions = regions.filter(access.region_q(user, "code", roles=services.REPORT_ROLES))
    return [
        Place(pk, code, _label(kind, name, parent_name, level), key, level)
        for pk, code, name, kind, key, level, parent_name in regions.values_list(
            "pk", "code", "name", "kind", "search_name", "level", "parent__name"
        )
    ]


def _label(kind: str, name: str, parent_name: str | None, level: int) -> str:
    prefix = {"kelurahan": "Kelurahan", "desa": "Desa", "desa_adat": "Desa Adat", "kecamatan": "Kecamatan"}
    label = f"{prefix.get(kind, '')} {name}".strip()
    return f"{label} ({parent_name})" if parent_name and level >= 3 else label


def _outside_scope(words: list[Word], start: int) -> str | None:
    """The name of a region the message names that exists but lies outside the sender's regions."""
    phrases = [p for p in (_phrase(words, start, n) for n in range(1, MAX_PLACE_WORDS + 1)) if p]
    if not phrases:
        return None
    region = Region.objects.filter(search_name__in=phrases).order_by("-level", "code").first()
    return region.display_name if region else None


def receipt(case: Case, *, again: bool = False) -> str:
    place = _label(case.region.kind, case.region.name, None, case.region.level)
    station = f", TPS {case.polling_station.number:03d}" if case.polling_station_id else ""
    opening = "Laporan ini sudah diterima sebelumnya." if again else "Laporan diterima."
    return (
        f"{opening} Nomor: {case.number}. {case.category.name_id}, {place}{station}. "
        "Simpan nomor ini untuk menanyakan tindak lanjutnya. Terima kasih."
    )


def receive_message(*, phone: str, text: str, message_id: str = "") -> MessageReply:
    """Turn one chat/SMS message into a case (channel ``message``) and the reply to send back."""
    sender = find_sender(phone)
    if sender is None:
        return MessageReply(False, UNKNOWN_SENDER)
    key = f"pesan:{message_id.strip()}"[:100] if message_id and message_id.strip() else None
    if key:
        earlier = IntakeKey.objects.filter(user=sender, key=key).select_related("case").first()
        if earlier is not None:
            return MessageReply(True, receipt(_for_receipt(earlier.case.pk), again=True), earlier.case)
    words = tokenize(text or "")
    places = places_for(sender, words)
    if not places and access.scope_codes(sender, services.REPORT_ROLES) == []:
        return MessageReply(False, NOT_A_REPORTER)
    terms = category_terms(list(Category.objects.filter(is_active=True).values_list("code", "name_id", "keywords")))
    try:
        parsed = parse(text, places, terms)
    except ParseError as error:
        reply = error.reply
        if error.place_at is not None:
            elsewhere = _outside_scope(words, error.place_at)
            if elsewhere:
                reply = f"{elsewhere} di luar wilayah tugas Anda; laporan tidak disimpan. {HELP}"
        return MessageReply(False, reply)
    region = Region.objects.get(pk=parsed.place.pk)
    station = None
    if parsed.tps is not None:
        station = PollingStation.objects.filter(
            election=Election.objects.current(), village=region, number=parsed.tps
        ).first()
        if station is None and not parsed.tps_from_text:
            return MessageReply(False, f"TPS {parsed.tps:03d} tidak ada di {parsed.place.label}. {HELP}")
    category = Category.objects.get(code=parsed.category)
    data = services.CaseInput(
        region=region,
        category=category,
        severity=category.default_severity,
        title=title_of(parsed.description),
        description=parsed.description,
        occurred_at=clock.now(),
        polling_station=station,
    )
    try:
        with translation.override("id"):
            case, created = services.submit_case(data, by=sender, channel=Channel.MESSAGE, intake_key=key)
    except services.IntakeKeyConflict as conflict:
        case, created = conflict.case, False
    except PermissionDenied:
        return MessageReply(False, f"Anda tidak dapat melapor untuk {parsed.place.label}.")
    except ValidationError as error:
        with translation.override("id"):
            problems = "; ".join(error.messages)
        return MessageReply(False, f"Laporan belum dapat disimpan: {problems}. {HELP}")
    case = _for_receipt(case.pk)
    return MessageReply(True, receipt(case, again=not created), case)


def _for_receipt(pk: int) -> Case:
    return Case.objects.select_related("region", "category", "polling_station").get(pk=pk)
