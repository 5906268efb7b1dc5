"""Main text and title of a news article, from HTML (trafilatura) or from scraped plain text (a line filter).

Scraped Indonesian news pages carry share prompts ("Sebarkan artikel ini"), "Baca Juga"/"Baca Lainnya" blocks,
lists of related headlines, bylines ("Linda Sari - PAYAKUMBUH.PEKON.WEB.ID", "Wtz/hantaran.co", "(Aii)"),
photo captions and ads around the story. :func:`clean_text` removes them line by line and keeps what it
removed, with the reason, so a desk can see why. The lead paragraph is kept whole; its dateline
("PADANG, KOMPAS.com –", "Arosuka (Kesbangpol) -", "Bukittinggi-Pjs ...") is parsed into :class:`Dateline`
and taken off the paragraph, so two outlets' copies of one release compare equal. The same filter runs on the
text trafilatura extracts from HTML (:func:`clean_html`), since publishers' templates leak such lines through.
"""

from __future__ import annotations

import dataclasses
import html as html_lib
import re

from .text import normalize_unicode

_SHARE_WORDS = {
    "facebook",
    "twitter",
    "whatsapp",
    "telegram",
    "linkedin",
    "line",
    "email",
    "e-mail",
    "pinterest",
    "copy link",
    "salin tautan",
    "salin link",
    "share",
    "bagikan",
    "tweet",
    "x",
}
_SHARE = re.compile(
    r"^(?:sebarkan|bagikan|share|bagi)(?:\s+(?:artikel|berita|tulisan|ke|this|via))?(?:\s+(?:ini|article|teman))?\b.{0,30}$",
    re.I,
)
_READ_MORE = re.compile(
    r"^(?:baca\s+(?:juga|lainnya|selengkapnya|berita\s+lainnya|pula|lagi)|berita\s+terkait|artikel\s+terkait"
    r"|lihat\s+juga|simak\s+juga|simak\s+berita)\b\s*[:：-]?",
    re.I,
)
# Words that head a block of links only when they stand alone or before a colon ("Terkait:", "Terpopuler").
_BLOCK_HEAD = re.compile(
    r"^(?:terkait|related|populer|terpopuler|berita\s+terkini|terbaru|rekomendasi|pilihan\s+redaksi|jangan\s+lewatkan"
    r"|berita\s+lainnya|artikel\s+lainnya|more\s+stories|read\s+more)\s*(?:[:：].*)?$",
    re.I,
)
_AD = re.compile(
    r"^(?:advertisement|iklan|ads?|sponsored|konten\s+promosi|scroll\s+(?:to|untuk)\s+(?:continue|lanjut)\S*"
    r"|gulir\s+untuk\s+melanjutkan|\[?\s*iklan\s*\]?|promo\b|klik\s+(?:di\s*sini|disini)|download\s+aplikasi"
    r"|ikuti\s+(?:kami|berita|update)|dapatkan\s+update|follow\s+us)\b",
    re.I,
)
_CREDIT = re.compile(
    r"^(?:penulis|editor|reporter|pewarta|redaktur|sumber|foto|fotografer|kontributor|teks|laporan|penyunting"
    r"|wartawan|tags?|topik|kata\s+kunci|keterangan\s+(?:gambar|foto)|caption|ilustrasi|copyright|hak\s+cipta"
    r"|©)\s*[:：]?",
    re.I,
)
_CODE_LINE = re.compile(r"^\(?\s*(?:\*{1,4}|[A-Za-z]{1,4}\d{0,3}|[a-z]{2,6}/[a-z]{2,6})\s*\)?\.?$")
_SLASH_CREDIT = re.compile(r"^[A-Za-z]{2,8}\s*/\s*[\w.-]+(?:\.[a-z]{2,6})+\.?$")
_DOMAIN = r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|id|net|org|co|info|news|tv)\b[\w./-]*"
_DOMAIN_LINE = re.compile(rf"^(?:https?://)?{_DOMAIN}$", re.I)
_NAME_SITE = re.compile(rf"^[A-Z][\w.' ]{{2,40}}\s+[-–—|]\s+(?:\[)?{_DOMAIN}(?:\]\(\S+\))?$", re.I)
_MONTH = (
    r"(?:jan(?:uari|uary)?|feb(?:ruari|ruary)?|pebruari|mar(?:et|ch)?|apr(?:il)?|mei|may|jun[ie]?|jul[iy]?"
    r"|agu(?:stus)?|agt|ags|aug(?:ust)?|sep(?:t(?:ember)?)?|okt(?:ober)?|oct(?:ober)?|nov(?:ember)?|nopember"
    r"|des(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY = (
    r"(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
)
_TIME = r"(?:\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:wib|wita|wit|am|pm)?)"
_DATE_LINE = re.compile(
    rf"^(?:(?:diterbitkan|dipublikasikan|published|posted|update[d]?|diperbarui)\s*:?\s*)?(?:{_WEEKDAY}\s*,?\s*)?"
    rf"(?:\d{{1,2}}\s+{_MONTH}\.?\s+\d{{4}}|{_MONTH}\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}[/-]\d{{1,2}}[/-]\d{{2,4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}})(?:\s*[-–|,/]?\s*(?:pukul\s*)?{_TIME})?\s*(?:\|.*)?$",
    re.I,
)
_BULLET = re.compile(r"^\s*(?:[-•*·▪►»]|\d{1,2}[.)])\s+")
_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^)]*)\)")
_MD_EMPH = re.compile(r"(?<![\w*])(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_TRAILING_CODE = re.compile(r"\s*\(\s*(?:\\?\*){1,4}\s*\)\s*\.?\s*$|\s*\(\s*[a-z]{2,5}(?:/[a-z]{2,5})?\s*\)\s*$")
_SENTENCE_PUNCT = '.!?:;"”’)'
_LONG_LINE = 100

# The dateline: "PADANG, KOMPAS.com –", "BUKITTINGGI, hantaran.co –", "Mjnews.id –", "Arosuka (Kesbangpol) -",
# "Padang (ANTARA) -", "Liputan6.com, Padang -", "Bukittinggi-Pjs ...", "Payakumbuh - Penjabat ...".
_DATELINE = re.compile(
    r"^(?P<head>[A-Z][\w.'’ ]{1,40}?(?:\s*,\s*[\w.'’ ]{2,30}?)?(?:\s*\([^()\n]{2,30}\))?)"
    r"(?:\s+[-–—:|]+\s*|\s*[–—|]\s*|-(?=[A-Z]))(?P<rest>[\"“A-Z0-9(].*)$",
    re.S,
)


@dataclasses.dataclass(frozen=True)
class Dateline:
    place: str  # as written: "PADANG", "Arosuka"; empty when the dateline names only the outlet
    outlet: str  # "KOMPAS.com", "Kesbangpol", "ANTARA"; may be empty
    raw: str


@dataclasses.dataclass(frozen=True)
class Cleaned:
    title: str
    title_source: str  # "html", "heading", "header", "lead" (first sentence) or "" when there is no text
    paragraphs: tuple[str, ...]
    dateline: Dateline | None
    header_dates: tuple[str, ...]  # date lines of the page header ("Nov 5, 2024 - 22:13"): the publication date
    removed: tuple[tuple[str, str], ...]  # (reason, line)
    meta_date: str = ""  # from HTML metadata (ISO), when the input was HTML
    sitename: str = ""
    lead_index: int = 0  # the paragraph that opens the story (after a photo caption, when one was scraped first)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def lead(self) -> str:
        return self.paragraphs[self.lead_index] if self.paragraphs else ""


def _strip_markdown(line: str) -> tuple[str, bool]:
    """Markdown that scrapers leave: '## Heading', '*emphasis*', '[text](url)', escaped '\\*'."""
    heading = False
    m = re.match(r"^#{1,6}\s+", line)
    if m:
        heading = True
        line = line[m.end() :]
    line = _MD_LINK.sub(r"\1", line)
    line = line.replace("\\*", "*").replace("\\_", "_")
    line = _MD_EMPH.sub(r"\2", line)
    return line.strip(), heading


def _is_share(line: str) -> bool:
    low = line.lower().strip(" :|")
    if low in _SHARE_WORDS:
        return True
    parts = [p for p in re.split(r"[\s|,/•·]+", low) if p]
    if parts and all(p in _SHARE_WORDS for p in parts):
        return True
    return bool(_SHARE.match(line)) and len(line) < 60


def _is_headline_like(line: str) -> bool:
    """A line written as a headline: several words, no closing sentence punctuation, not too long."""
    n_words = len(line.split())
    return 4 <= n_words <= 30 and len(line) <= 220 and line[-1] not in '.!?;:,"”'


def _is_paragraph(line: str, heading: bool = False) -> bool:
    if heading:
        return False
    return len(line) >= _LONG_LINE or (len(line.split()) >= 8 and line[-1] in _SENTENCE_PUNCT)


def _noise_reason(line: str) -> str:
    """Why a line is not part of the story, or "" when it is."""
    if len(line) <= 2 or not re.search(r"[A-Za-z]{2}", line):
        return "noise"
    if _is_share(line):
        return "share"
    if _AD.match(line) and len(line) < 80:
        return "ad"
    if _CREDIT.match(line) and (len(line) < 160 or line.lower().startswith(("keterangan", "caption", "foto"))):
        return "credit"
    if _CODE_LINE.match(line) or _SLASH_CREDIT.match(line):
        return "byline"
    if _DOMAIN_LINE.match(line) or _NAME_SITE.match(line):
        return "byline"
    return ""


def _split_dateline(paragraph: str) -> tuple[Dateline | None, str]:
    m = _DATELINE.match(paragraph)
    if not m:
        return None, paragraph
    head = m.group("head").strip()
    outlet_in_parens = re.search(r"\(([^()]+)\)\s*$", head)
    outlet = ""
    if outlet_in_parens:
        outlet = outlet_in_parens.group(1).strip()
        head = head[: outlet_in_parens.start()].strip()
    parts = [p.strip() for p in head.split(",") if p.strip()]
    places = []
    for part in parts:
        if "." in part and re.search(r"\.[A-Za-z]{2,}", part):
            outlet = outlet or part
        else:
            places.append(part)
    if len(places) > 1 or any(len(p.split()) > 3 for p in places):
        return None, paragraph
    place = places[0] if places else ""
    if place and not (place.isupper() or all(w[:1].isupper() for w in place.split())):
        return None, paragraph
    if not place and not outlet:
        return None, paragraph
    raw = paragraph[: m.start("rest")].strip()
    return Dateline(place=place, outlet=outlet, raw=raw), m.group("rest").strip()


def _join_wrapped(lines: list[str]) -> list[str]:
    """Join a paragraph that the scrape broke in the middle of a sentence ("... Nasional atau" / "Pilkada 2024.")."""
    out: list[str] = []
    for line in lines:
        if (
            out
            and len(out[-1]) >= 60
            and out[-1][-1] not in _SENTENCE_PUNCT + ","
            and re.search(r"\b[a-z]+$", out[-1])
            and len(line) < 80
            and line[-1] in ".!?"
        ):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def clean_text(
    text: str, *, title: str = "", title_source: str = "", meta_date: str = "", sitename: str = ""
) -> Cleaned:
    """Filter scraped plain text line by line. ``title`` is kept when the caller knows it (HTML)."""
    text = normalize_unicode(html_lib.unescape(text)).replace("\r\n", "\n").replace("\r", "\n")
    removed: list[tuple[str, str]] = []
    header_dates: list[str] = []
    raw_lines = []
    for raw in text.split("\n"):
        line, heading = _strip_markdown(raw.strip())
        line = re.sub(r"\s+", " ", line).strip()
        if line:
            raw_lines.append((line, heading))

    # The header is everything before the first paragraph-like line; it holds the title, section labels,
    # the byline and the publication date.
    first_paragraph = next(
        (i for i, (line, heading) in enumerate(raw_lines) if _is_paragraph(line, heading)), len(raw_lines)
    )
    kept: list[str] = []
    seen: set[str] = set()
    header_title, header_title_source = "", ""
    in_related = False
    related_run: list[str] = []

    def flush_related(as_related: bool) -> None:
        nonlocal related_run
        if as_related or len(related_run) >= 2:
            removed.extend(("related", r) for r in related_run)
        else:
            kept.extend(_BULLET.sub("", r) for r in related_run)
        related_run = []

    for index, (line, heading) in enumerate(raw_lines):
        key = line.lower()
        if _DATE_LINE.match(line):
            if index <= first_paragraph or not kept:
                header_dates.append(line)
            removed.append(("date", line))
            continue
        if _READ_MORE.match(line) or (_BLOCK_HEAD.match(line) and len(line) < 60):
            flush_related(True)
            in_related = True
            removed.append(("read_more", line))
            continue
        reason = _noise_reason(line)
        if reason:
            # "Reporter: Dedi | Kamis, 12 September 2024 14:20 WIB": the byline also dates the page.
            if reason in ("credit", "byline") and index <= first_paragraph:
                parts = [p.strip() for p in re.split(r"\s[|•]\s", line)]
                header_dates.extend(p for p in parts if _DATE_LINE.match(p))
            removed.append((reason, line))
            continue
        if _BULLET.match(line) and not _is_paragraph(_BULLET.sub("", line)):
            related_run.append(line)
            continue
        if in_related:
            # After "Baca Juga", headline-like lines are the block; the first real paragraph ends it.
            if not _is_paragraph(line) and _is_headline_like(line):
                removed.append(("related", line))
                continue
            in_related = False
        flush_related(False)
        if key in seen:
            removed.append(("duplicate", line))
            continue
        seen.add(key)
        if index < first_paragraph:
            if heading and _is_headline_like(line) and header_title_source != "heading":
                header_title, header_title_source = line, "heading"
            elif _is_headline_like(line) and not header_title:
                header_title, header_title_source = line, "header"
            elif len(line.split()) <= 3:
                removed.append(("section", line))
            else:
                removed.append(("header", line))
            continue
        if not _is_paragraph(line) and _is_headline_like(line) and not title and not header_title and not kept:
            header_title, header_title_source = line, "header"
            continue
        kept.append(line)
    flush_related(False)

    # A body line equal to the title is the headline repeated above the lead.
    final_title = title or header_title
    paragraphs = [p for p in _join_wrapped(kept) if p.lower() != final_title.lower()]
    paragraphs = [_TRAILING_CODE.sub("", p).strip() for p in paragraphs]
    paragraphs = [p for p in paragraphs if p]
    # Footer: short lines after the last real paragraph (initials, slogans) are not the story.
    while paragraphs and not _is_paragraph(paragraphs[-1]) and len(paragraphs[-1].split()) <= 4:
        removed.append(("footer", paragraphs.pop()))

    # The dateline opens the lead; a photo caption scraped above it may come first.
    dateline, lead_index = None, 0
    for index, paragraph in enumerate(paragraphs[:3]):
        dateline, rest = _split_dateline(paragraph)
        if dateline is not None:
            paragraphs[index], lead_index = rest, index
            break
    source = title_source if title else header_title_source
    if not final_title and paragraphs:
        final_title, source = _first_sentence(paragraphs[lead_index]), "lead"
    return Cleaned(
        title=final_title,
        title_source=source if final_title else "",
        paragraphs=tuple(paragraphs),
        dateline=dateline,
        header_dates=tuple(header_dates),
        removed=tuple(removed),
        meta_date=meta_date,
        sitename=sitename,
        lead_index=lead_index,
    )


_ABBREVIATIONS = frozenset(
    [
        "kab",
        "kec",
        "kel",
        "prov",
        "h",
        "hj",
        "dr",
        "drs",
        "dra",
        "ir",
        "prof",
        "no",
        "jl",
        "st",
        "kh",
        "pt",
        "cv",
        "dll",
        "dsb",
        "tgl",
        "sdr",
        "bpk",
        "ibu",
        "a.md",
    ]
)


def _first_sentence(paragraph: str, limit: int = 140) -> str:
    end = len(paragraph)
    for m in re.finditer(r"(?<=[A-Za-z0-9)])[.!?](?=\s+[A-Z\"“])", paragraph):
        word = re.findall(r"[A-Za-z.]+$", paragraph[: m.start()])
        if word and (word[0].lower() in _ABBREVIATIONS or len(word[0]) == 1):
            continue  # "Kab. Solok", "H. Hani": not the end of the sentence
        end = m.start()
        break
    sentence = paragraph[:end]
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + " …"
    return sentence.strip()


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return bool(re.search(r"<(?:!doctype html|html|head|body|article|div|p|meta|title)[\s>]", head))


def clean_html(html: str, *, url: str | None = None) -> Cleaned:
    """Main text, title and metadata date with trafilatura, then the same line filter as plain text.

    Scripts, styles and comments never reach the text: trafilatura drops those elements. htmldate (inside
    trafilatura) reads the page's own dates (meta tags, JSON-LD, URL); it may use the clock only as an upper
    bound for plausible dates, never as the answer.
    """
    import trafilatura  # imported here: ~0.3 s at import, and only HTML input needs it

    document = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
        with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None:
        return Cleaned("", "", (), None, (), (("no_text", "trafilatura found no main text"),))
    text = (getattr(document, "text", None) or "").strip()
    title = (getattr(document, "title", None) or "").strip()
    meta_date = (getattr(document, "date", None) or "").strip()
    sitename = (getattr(document, "sitename", None) or "").strip()
    if title:
        title, _ = _strip_markdown(title)
        # Page titles often carry the site: "Judul berita - Nama Situs" / "Judul | Situs".
        title = re.split(r"\s+[|–—]\s+|\s+-\s+(?=[^-]{2,40}$)", title)[0].strip()
    return clean_text(text, title=title, title_source="html" if title else "", meta_date=meta_date, sitename=sitename)
