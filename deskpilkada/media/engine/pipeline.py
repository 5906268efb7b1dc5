"""One article in, every field out: :func:`analyse`.

Bad input never raises: an item that is empty, binary, over 2 MB, not Indonesian or garbled gets a status
(:class:`Status`) and a message, and no fields. HTML is recognised by its tags and goes through trafilatura
(scripts and styles never reach the text); plain text goes through the line filter of :mod:`clean`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable

import numpy as np

from . import classify as classify_mod
from . import dates as dates_mod
from . import entities, stories
from .clean import Cleaned, clean_html, clean_text, looks_like_html
from .places import Gazetteer, PlaceResult

MAX_BYTES = 2 * 1024 * 1024
MIN_WORDS = 20

ID_WORDS = frozenset(
    [
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "ini",
        "itu",
        "dengan",
        "untuk",
        "pada",
        "dalam",
        "juga",
        "akan",
        "oleh",
        "tersebut",
        "para",
        "serta",
        "atau",
        "bahwa",
        "ada",
        "sebagai",
        "telah",
        "sudah",
        "kepada",
        "karena",
        "agar",
        "bisa",
        "dapat",
        "tidak",
        "harus",
        "kami",
        "kita",
        "mereka",
        "adalah",
        "menjadi",
        "saat",
        "seluruh",
        "setiap",
        "masyarakat",
        "pemerintah",
        "kota",
        "kabupaten",
        "daerah",
        "warga",
    ]
)
EN_WORDS = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "is",
        "in",
        "that",
        "for",
        "on",
        "with",
        "as",
        "was",
        "by",
        "are",
        "be",
        "this",
        "from",
        "at",
        "it",
        "an",
    ]
)


class Status:
    OK = "ok"
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    BINARY = "binary"
    NOT_INDONESIAN = "not_indonesian"
    GARBLED = "garbled"
    NO_TEXT = "no_text"

    MESSAGES = {
        OK: "analysed",
        EMPTY: "the item has no text",
        TOO_LARGE: "the item is over 2 MB",
        BINARY: "the item is binary data, not text",
        NOT_INDONESIAN: "the text is not in Indonesian",
        GARBLED: "the text is garbled (wrong encoding or not words)",
        NO_TEXT: "no article text could be extracted from the page",
    }


@dataclasses.dataclass(frozen=True)
class Analysis:
    status: str
    message: str
    title: str = ""
    text: str = ""
    source_kind: str = ""  # "text" or "html"
    dateline: dict | None = None
    published: dt.date | None = None
    published_how: str = ""  # "given", "metadata", "byline", "event" (the lead's event date) or ""
    event_date: dt.date | None = None  # the date of the reported event (the story's date)
    event_date_written: bool = False  # whether the text wrote it (else it is the publication date)
    event_dates: tuple[dates_mod.EventDate, ...] = ()
    main_region: str | None = None
    main_region_reason: str = ""
    main_region_why: dict = dataclasses.field(default_factory=dict)  # places.PlaceResult.main_explanation
    regions: tuple = ()  # places.RegionRef
    ambiguous_places: tuple[str, ...] = ()
    officials: tuple[entities.Official, ...] = ()
    institutions: tuple[entities.Institution, ...] = ()
    figures: tuple[entities.Figure, ...] = ()
    category: str = ""
    category_scores: dict = dataclasses.field(default_factory=dict)
    kind: str = ""
    stage: str = ""
    stage_how: str = ""
    evidence: tuple[classify_mod.Evidence, ...] = ()
    is_old: bool = False
    old_reason: str = ""
    removed_lines: tuple[tuple[str, str], ...] = ()
    signature: np.ndarray | None = None
    anchors: frozenset[str] = frozenset()

    @property
    def ok(self) -> bool:
        return self.status == Status.OK

    @property
    def story_date(self) -> dt.date | None:
        return self.event_date or self.published

    def features(self, key, *, outlet: str = "", at: dt.datetime | None = None) -> stories.Features:
        """What story grouping needs of this article."""
        if self.signature is None:
            raise ValueError("an item that was not analysed has no features")
        return stories.Features(
            key=key,
            region=self.main_region,
            day=self.story_date,
            figures=frozenset(f.key for f in self.figures),
            signature=self.signature,
            outlet=outlet,
            at=at,
            category=self.category,
            anchors=self.anchors,
            event_day=self.event_date if self.event_date_written else None,
        )

    def as_dict(self) -> dict:
        """Everything but the signature, as JSON-ready values."""
        return {
            "status": self.status,
            "message": self.message,
            "title": self.title,
            "text": self.text,
            "source_kind": self.source_kind,
            "dateline": self.dateline,
            "published": self.published.isoformat() if self.published else None,
            "published_how": self.published_how,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "event_date_written": self.event_date_written,
            "event_dates": [d.as_dict() for d in self.event_dates],
            "main_region": self.main_region,
            "main_region_reason": self.main_region_reason,
            "main_region_why": self.main_region_why,
            "regions": [r.as_dict() for r in self.regions],
            "ambiguous_places": list(self.ambiguous_places),
            "officials": [o.as_dict() for o in self.officials],
            "institutions": [i.as_dict() for i in self.institutions],
            "figures": [f.as_dict() for f in self.figures],
            "category": self.category,
            "category_scores": self.category_scores,
            "kind": self.kind,
            "stage": self.stage,
            "stage_how": self.stage_how,
            "evidence": [e.as_dict() for e in self.evidence],
            "is_old": self.is_old,
            "old_reason": self.old_reason,
            "removed_lines": [list(r) for r in self.removed_lines],
        }


def _failed(status: str, detail: str = "") -> Analysis:
    message = Status.MESSAGES[status] + (f": {detail}" if detail else "")
    return Analysis(status=status, message=message)


def decode(raw: bytes | str) -> tuple[str | None, str]:
    """Text from what was received, or (None, status). UTF-8 first, then Windows-1252 (old CMS pages)."""
    if isinstance(raw, str):
        if "\x00" in raw[:4096]:
            return None, Status.BINARY
        return raw, Status.OK
    head = raw[:4096]
    if b"\x00" in head or head.startswith((b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return None, Status.BINARY
    try:
        return raw.decode("utf-8"), Status.OK
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), Status.OK
    except UnicodeDecodeError:
        return None, Status.GARBLED


def check_text(text: str) -> str:
    """Status of extracted text: OK, EMPTY, GARBLED or NOT_INDONESIAN."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 3:
        return Status.EMPTY
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t")
    odd = sample.count("\ufffd") + len(re.findall(r"Ã.|â€", sample))
    letters = sum(ch.isalpha() for ch in sample)
    if controls > len(sample) * 0.01 or odd > max(3, len(sample) * 0.005) or letters < len(sample) * 0.5:
        return Status.GARBLED
    vowelless = sum(1 for w in words if len(w) > 3 and not re.search(r"[aeiou]", w))
    if vowelless > len(words) * 0.3:
        return Status.GARBLED
    if len(words) < MIN_WORDS:
        return Status.OK if sum(w in ID_WORDS for w in words) >= 2 else Status.NOT_INDONESIAN
    indonesian = sum(w in ID_WORDS for w in words) / len(words)
    english = sum(w in EN_WORDS for w in words) / len(words)
    if indonesian < 0.04 or english > indonesian * 1.5:
        return Status.NOT_INDONESIAN
    return Status.OK


def analyse(
    content: str | bytes,
    *,
    gazetteer: Gazetteer,
    url: str | None = None,
    published: dt.date | None = None,
    old_before: dt.date | None = None,
    calendar: Iterable[classify_mod.StageSpan] = (),
    lexicon: classify_mod.Lexicon | None = None,
    is_html: bool | None = None,
    context_years: tuple[int, ...] = (),
) -> Analysis:
    """Analyse one article. ``published`` is a publication date the caller knows (from a feed); ``old_before``
    the first day of the current election period, for ``is_old``; ``calendar`` its stages; ``context_years``
    the years a yearless date may fall in when the article names none (the current election's year)."""
    size = len(content.encode("utf-8") if isinstance(content, str) else content)
    if size == 0:
        return _failed(Status.EMPTY)
    if size > MAX_BYTES:
        return _failed(Status.TOO_LARGE, f"{size:,} bytes")
    text, status = decode(content)
    if text is None:
        return _failed(status)
    if not text.strip():
        return _failed(Status.EMPTY)
    html = looks_like_html(text) if is_html is None else is_html
    if not html and check_text(text) == Status.GARBLED:
        return _failed(Status.GARBLED)
    try:
        cleaned = clean_html(text, url=url) if html else clean_text(text)
    except Exception as exc:  # a parser error on hostile HTML is a status, not a crash of the worker
        return _failed(Status.NO_TEXT, type(exc).__name__)
    if not cleaned.paragraphs:
        return _failed(Status.NO_TEXT if html else Status.EMPTY)
    status = check_text(cleaned.title + "\n" + cleaned.text)
    if status != Status.OK:
        return _failed(status)
    return _analyse_clean(
        cleaned,
        gazetteer=gazetteer,
        published=published,
        old_before=old_before,
        calendar=calendar,
        lexicon=lexicon,
        source_kind="html" if html else "text",
        context_years=context_years,
    )


def _analyse_clean(
    cleaned: Cleaned,
    *,
    gazetteer: Gazetteer,
    published: dt.date | None,
    old_before: dt.date | None,
    calendar: Iterable[classify_mod.StageSpan],
    lexicon: classify_mod.Lexicon | None,
    source_kind: str,
    context_years: tuple[int, ...],
) -> Analysis:
    # One document: the title (unless it is only the lead's first sentence) and the paragraphs.
    title_in_doc = cleaned.title if cleaned.title_source not in ("lead", "") else ""
    prefix = f"{title_in_doc}\n\n" if title_in_doc else ""
    doc = prefix + cleaned.text
    lead_start = len(prefix) + sum(len(p) + 2 for p in cleaned.paragraphs[: cleaned.lead_index])
    lead_end = lead_start + len(cleaned.lead)

    # Dates: the publication date from what the caller knows, the page's metadata, the header's date line;
    # yearless dates resolved against it, or against the years the text names.
    pub, pub_how = published, "given" if published else ""
    if pub is None:
        pub = dates_mod.parse_iso(cleaned.meta_date)
        pub_how = "metadata" if pub else ""
    if pub is None:
        pub = dates_mod.parse_header_date(cleaned.header_dates)
        pub_how = "byline" if pub else ""
    found = dates_mod.find_dates(doc)
    event_dates = dates_mod.resolve(found, reference=pub, years=dates_mod.named_years(doc), context_years=context_years)
    main_date = dates_mod.main_event_date(event_dates, lead_end=lead_end)
    event_date = main_date.date if main_date else None
    if pub is not None and event_date is not None and event_date > pub + dt.timedelta(days=1):
        event_date = pub  # an event after its own report is an announcement: the story's day is the report's
    if pub is None and event_date is not None:
        pub, pub_how = event_date, "event"

    dateline_place = cleaned.dateline.place if cleaned.dateline else ""
    places: PlaceResult = gazetteer.find(
        doc, title_end=len(title_in_doc), lead=(lead_start, lead_end), dateline=dateline_place
    )
    spans = [(m.start, m.end, m.code) for m in places.mentions]
    officials = entities.officials(doc, spans)
    institutions = entities.institutions(doc, spans)
    figures = entities.figures(doc)

    body = "\n\n".join(p for i, p in enumerate(cleaned.paragraphs) if i != cleaned.lead_index)
    result = classify_mod.classify(
        title_in_doc, cleaned.lead, body, lexicon=lexicon, calendar=calendar, on=event_date or pub
    )
    story_day = event_date or pub
    is_old, old_reason = False, ""
    if old_before is not None:
        if story_day is not None and story_day < old_before:
            is_old, old_reason = True, f"dated {story_day.isoformat()}, before {old_before.isoformat()}"
        elif story_day is None:
            years = dates_mod.named_years(doc)
            if years and max(years) < old_before.year:
                is_old, old_reason = True, f"names only years up to {max(years)}"
    return Analysis(
        status=Status.OK,
        message=Status.MESSAGES[Status.OK],
        title=cleaned.title,
        text=cleaned.text,
        source_kind=source_kind,
        dateline=dataclasses.asdict(cleaned.dateline) if cleaned.dateline else None,
        published=pub,
        published_how=pub_how,
        event_date=event_date,
        event_date_written=main_date is not None and event_date == main_date.date,
        event_dates=tuple(event_dates),
        main_region=places.main,
        main_region_reason=places.main_reason,
        main_region_why=places.main_explanation,
        regions=places.regions,
        ambiguous_places=places.ambiguous,
        officials=tuple(officials),
        institutions=tuple(institutions),
        figures=tuple(figures),
        category=result.category,
        category_scores=result.category_scores,
        kind=result.kind,
        stage=result.stage,
        stage_how=result.stage_how,
        evidence=result.evidence,
        is_old=is_old,
        old_reason=old_reason,
        removed_lines=cleaned.removed,
        signature=stories.signature(stories.tokens_for_grouping(cleaned.title, cleaned.text)),
        anchors=stories.anchors(doc, (o.name for o in officials)),
    )
