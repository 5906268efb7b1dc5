"""Run the engine over the evaluation set and measure it: precision and recall per field, pairwise F1 of the
story groups. Plain Python (the management command ``evaluate_media`` builds the gazetteer and prints)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
from collections.abc import Iterable
from pathlib import Path

from deskpilkada.media.engine import pipeline
from deskpilkada.media.engine.classify import Lexicon
from deskpilkada.media.engine.places import Gazetteer
from deskpilkada.media.engine.stories import StoryIndex

EVALUATION_DIR = Path(__file__).resolve().parent
ARTICLES_DIR = EVALUATION_DIR / "articles"
LABELS_FILE = EVALUATION_DIR / "labels.json"
FIELDS = ("date", "main_region", "category")
AIMS = {"date": 0.95, "main_region": 0.95, "category": 0.85, "stories": 0.95}


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    content: bytes
    label: dict


@dataclasses.dataclass
class Score:
    correct: int = 0
    predicted: int = 0
    labelled: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.labelled if self.labelled else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclasses.dataclass
class Report:
    n: int
    fields: dict[str, Score]
    stories: Score
    extra: dict[str, Score]
    errors: list[str]
    seconds: float

    def meets_aims(self) -> bool:
        ok = all(min(self.fields[f].precision, self.fields[f].recall) > AIMS[f] for f in FIELDS)
        return ok and self.stories.f1 > AIMS["stories"]


def load_set(directory: Path = ARTICLES_DIR, labels_file: Path = LABELS_FILE) -> tuple[list[Case], dict]:
    """The cases and the set's context: ``old_before`` (the current election period's first day) and
    ``context_years`` (its year), as the service passes them from the election calendar."""
    doc = json.loads(labels_file.read_text(encoding="utf-8"))
    if labels_file != LABELS_FILE:  # a held-out set may leave the context to the shipped set's
        shipped = json.loads(LABELS_FILE.read_text(encoding="utf-8"))
        doc = {"old_before": shipped["old_before"], "context_years": shipped["context_years"], **doc}
    cases = [Case(name, (directory / name).read_bytes(), label) for name, label in sorted(doc["items"].items())]
    context = {"old_before": dt.date.fromisoformat(doc["old_before"]), "context_years": tuple(doc["context_years"])}
    return cases, context


def _pairs(groups: dict[str, str]) -> set[frozenset[str]]:
    by_group: dict[str, list[str]] = {}
    for item, group in groups.items():
        by_group.setdefault(str(group), []).append(item)
    return {frozenset(p) for members in by_group.values() for p in itertools.combinations(sorted(members), 2)}


def evaluate(
    cases: Iterable[Case],
    *,
    gazetteer: Gazetteer,
    old_before: dt.date,
    lexicon: Lexicon | None = None,
    context_years: tuple[int, ...] = (),
    clock=None,
) -> Report:
    import time

    timer = clock or time.perf_counter
    started = timer()
    cases = list(cases)
    fields = {f: Score() for f in FIELDS}
    extra = {name: Score() for name in ("kind", "is_old", "regions with roles")}
    errors: list[str] = []
    index = StoryIndex()
    predicted_story: dict[str, str] = {}
    for case in cases:
        result = pipeline.analyse(
            case.content, gazetteer=gazetteer, old_before=old_before, lexicon=lexicon, context_years=context_years
        )
        label = case.label
        got = {
            "date": result.published.isoformat() if result.published else None,
            "main_region": result.main_region,
            "category": result.category or None,
        }
        for field in FIELDS:
            score = fields[field]
            score.labelled += label.get(field) is not None
            score.predicted += got[field] is not None
            if got[field] is not None and got[field] == label.get(field):
                score.correct += 1
            elif label.get(field) is not None:
                errors.append(f"{case.name}: {field} {got[field]!r}, expected {label[field]!r}")
        for name, value in (("kind", result.kind or None), ("is_old", result.is_old if result.ok else None)):
            key = "is_old" if name == "is_old" else name
            extra[name].labelled += 1
            extra[name].predicted += value is not None
            extra[name].correct += value is not None and value == label.get(key)
        roles = {(r.code, r.role) for r in result.regions}
        for region in label.get("regions", []):
            extra["regions with roles"].labelled += 1
            extra["regions with roles"].correct += (region["code"], region["role"]) in roles
        extra["regions with roles"].predicted += len(roles)
        if result.ok:
            assignment = index.assign(result.features(case.name, outlet=case.name))
            predicted_story[case.name] = str(assignment.story)
        else:
            errors.append(f"{case.name}: status {result.status}")
    truth = _pairs({c.name: c.label["story"] for c in cases})
    found = _pairs(predicted_story)
    stories = Score(correct=len(truth & found), predicted=len(found), labelled=len(truth))
    for pair in sorted(truth - found, key=sorted):
        errors.append("stories: not grouped " + " + ".join(sorted(pair)))
    for pair in sorted(found - truth, key=sorted):
        errors.append("stories: wrongly grouped " + " + ".join(sorted(pair)))
    return Report(len(cases), fields, stories, extra, errors, timer() - started)


def format_report(report: Report) -> str:
    lines = [f"Media evaluation: {report.n} articles in {report.seconds:.2f} s", ""]
    lines.append(f"{'field':<20} {'precision':>9} {'recall':>7} {'aim':>6}")
    for field in FIELDS:
        s = report.fields[field]
        lines.append(f"{field:<20} {s.precision:>9.3f} {s.recall:>7.3f} {'>' + str(AIMS[field]):>6}")
    s = report.stories
    lines.append(
        f"{'story pairs':<20} {s.precision:>9.3f} {s.recall:>7.3f} {'':>6}  F1 {s.f1:.3f} (aim >{AIMS['stories']}), "
        f"{s.labelled} labelled pairs"
    )
    lines.append("")
    for name, s in report.extra.items():
        lines.append(f"{name:<20} {s.precision:>9.3f} {s.recall:>7.3f}")
    lines.append("(regions with roles: the labels name the regions that matter; precision counts every province,")
    lines.append(" district and village the engine also found, so only recall says whether a labelled one was missed)")
    lines.append("")
    lines.append("aims met" if report.meets_aims() else "aims NOT met")
    if report.errors:
        lines.append("")
        lines.append("Misses:")
        lines.extend(f"  {e}" for e in report.errors)
    return "\n".join(lines)
