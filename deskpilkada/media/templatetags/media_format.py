"""How the story page says why a region was chosen as the story's main region, in the reader's language."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

register = template.Library()


# The counts of ``places.EXPLANATION_COUNTS`` as words (lazy: translated when rendered, in the reader's language).
COUNT_PHRASES = {
    "mentions": ngettext_lazy("named %(n)s time", "named %(n)s times", "n"),
    "title": ngettext_lazy("%(n)s in the title", "%(n)s in the title", "n"),
    "lead": ngettext_lazy("%(n)s in the lead", "%(n)s in the lead", "n"),
    "official": ngettext_lazy("%(n)s after an office or institution", "%(n)s after an office or institution", "n"),
    "venue": ngettext_lazy("%(n)s as a venue", "%(n)s as a venue", "n"),
    "district_or_village": ngettext_lazy(
        "%(n)s through a district or village", "%(n)s through a district or village", "n"
    ),
    "capital": ngettext_lazy("%(n)s through its capital town", "%(n)s through its capital town", "n"),
    "dateline": ngettext_lazy("%(n)s in the dateline", "%(n)s in the dateline", "n"),
}


def _count(key: str, n: int) -> str:
    phrase = COUNT_PHRASES.get(key)
    return phrase % {"n": n} if phrase is not None else f"{key} {n}"


@register.filter
def main_region_explanation(analysis) -> str:
    """The analysis's ``main_region_why`` as a sentence ("Skor 7,0: disebut 3 kali, 1 di judul; berikutnya ...").
    Items analysed before the explanation was stored show the engine's English ``main_region_reason``."""
    if not isinstance(analysis, dict):
        return ""
    why = analysis.get("main_region_why") or {}
    if not why:
        return analysis.get("main_region_reason") or ""
    counts = ", ".join(_count(key, n) for key, n in (why.get("counts") or {}).items())
    text = _("Score %(score)s: %(counts)s.") % {"score": number_format(why.get("score", 0), 1), "counts": counts}
    runner = why.get("runner_up")
    if runner:
        text += " " + _("Next: %(name)s (%(code)s), score %(score)s.") % {
            "name": runner["name"],
            "code": runner["code"],
            "score": number_format(runner["score"], 1),
        }
    return text
