"""Exporters: ACLED-style CSV, GeoJSON and JSON lines, registered by name.

An exporter is ``(events, stream) -> None``; third parties register theirs the
same way the built-ins are (``@exporter("name")``).  ``events`` are canonical
events (one per real-world event, ``source`` listing every outlet) or per-source
reports (``canonical_id`` naming the event each supports); the CSV adds the
columns that only one of the two has.

Every CSV cell a spreadsheet would read as a formula (one beginning with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return: a hostile feed's title becomes the ``source``) gets a leading single
quote, as OWASP recommends against CSV injection; numbers, negative ones included, stay numbers.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable
from typing import TextIO

from .acled_columns import ACLED_COLUMNS, acled_values
from .models import CanonicalEvent, Event

EXPORTERS: dict[str, Callable[[Iterable[Event], TextIO], None]] = {}

# After ACLED's own columns (``acled_columns.ACLED_COLUMNS``), conflictlens's: the date range, every
# killed figure with who reported it, the article, the confidence and the evidence spans
OWN_COLUMNS = ["date_min", "date_max", "killed_reports", "article_id", "confidence", "evidence"]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def spreadsheet_safe(cell):
    """The cell as a spreadsheet will show it, never run it: a formula-like text is quoted with '."""
    if isinstance(cell, (int, float)) or cell is None:
        return cell
    text = str(cell)
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


class SafeCsvWriter:
    """``csv.writer`` whose cells go through ``spreadsheet_safe``."""

    def __init__(self, out: TextIO):
        self._w = csv.writer(out)

    def writerow(self, row) -> None:
        self._w.writerow([spreadsheet_safe(c) for c in row])


def exporter(name: str):
    def deco(func):
        EXPORTERS[name] = func
        return func

    return deco


CANONICAL_COLUMNS = ["sources_count", "fatalities_range", "disagreements", "possible_duplicates", "story_id", "reports",
                     "reviewed"]
REPORT_COLUMNS = ["canonical_id"]


def notes_for(e: Event) -> str:
    """ACLED-style notes from the evidence (what was reported, not invented).  A canonical event's
    notes give each source's sentence with the outlet, then where the sources disagree."""
    if not isinstance(e, CanonicalEvent) or len(e.articles) < 2:
        return " ".join(ev.text.strip() for ev in e.evidence if ev.field == "event")[:2000]
    parts, seen = [], set()
    for ev in e.evidence:
        if ev.field == "event" and ev.article_id not in seen:
            seen.add(ev.article_id)
            parts.append(f"[{e.outlets.get(ev.article_id) or ev.article_id}] {ev.text.strip()}")
    for fld, groups in sorted(e.disagreements.items()):
        said = "; ".join(f"{g['value']} ({', '.join(g['sources'])})" for g in groups)
        parts.append(f"Sources disagree on {fld}: {said}" + (" - the lowest is coded." if fld == "fatalities" else "."))
    return " ".join(parts)[:4000]


def review_summary(e: CanonicalEvent) -> str:
    """An analyst's review in words: "corrected by ana 2026-03-02T10:00:00+00:00: admin1 (was Hama)"."""
    r = e.review
    if not r:
        return ""
    was = "; ".join(f"{k} (was {r['was'][k]})" for k in r.get("fields", []))
    return f"{r['status']} by {r['reviewer']} {r['at']}" + (f": {was}" if was else "")


def figures_summary(e: Event, kind: str = "killed") -> str:
    return "; ".join(f"{f.value} ({f.reported}{', ' + f.source if f.source else ''})" for f in e.figures if f.kind == kind)


def evidence_spans(e: Event) -> str:
    """Where the event is told: "article:start-end" for each span of evidence."""
    return " ".join(f"{ev.article_id}:{ev.start}-{ev.end}" for ev in e.evidence if ev.field == "event")


@exporter("acled-csv")
def to_acled_csv(events: Iterable[Event], out: TextIO) -> None:
    w = SafeCsvWriter(out)
    events = iter(events)
    first = next(events, None)
    canonical = isinstance(first, CanonicalEvent)
    w.writerow(ACLED_COLUMNS + OWN_COLUMNS + (CANONICAL_COLUMNS if canonical else REPORT_COLUMNS))
    for e in ([first] if first is not None else []) + list(events):
        w.writerow(acled_values(e, notes_for(e))
                   + [e.date_min.isoformat() if e.date_min else "", e.date_max.isoformat() if e.date_max else "",
                      figures_summary(e), e.article_id, e.confidence, evidence_spans(e)]
                   + ([len(e.sources), f"{e.fatalities_min}-{e.fatalities_max}" if e.fatalities_max else "",
                       json.dumps(e.disagreements, ensure_ascii=False, sort_keys=True) if e.disagreements else "",
                       " ".join(f"{i}:{s}" for i, s in e.possible_duplicates), e.story_id, " ".join(e.reports),
                       review_summary(e)] if canonical else [e.canonical_id]))


@exporter("geojson")
def to_geojson(events: Iterable[Event], out: TextIO) -> None:
    feats = []
    for e in events:
        geom = None if e.latitude is None else {"type": "Point", "coordinates": [e.longitude, e.latitude]}
        props = e.to_dict()
        props.pop("latitude"), props.pop("longitude")
        feats.append({"type": "Feature", "id": e.event_id, "geometry": geom, "properties": props})
    json.dump({"type": "FeatureCollection", "features": feats}, out, ensure_ascii=False)
    out.write("\n")


@exporter("jsonl")
def to_jsonl(events: Iterable[Event], out: TextIO) -> None:
    for e in events:
        out.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
