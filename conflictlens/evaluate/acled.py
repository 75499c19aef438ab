"""Evaluation against ACLED-coded rows: each row's ``notes`` is a one-paragraph article.

``evaluate_acled(path)`` scores, for each row, the event the system lists first (its main event:
what a user gets) field by field; rows without an event count as wrong on every field.  Beside it,
labelled ``best_*``, the event among the note's events that best matches the row (same sub-event
type, else same event type, else the first): an upper bound that a user never sees.  It also
reports the extra events per note, a precision/recall table per sub-event type and, with
``rules=True``, how often each event rule decided a main event and how often it was right.

Held-out parts are fixed here, once (session 14), and never read for rule writing: the whole of
``HELDOUT_COUNTRIES`` and the days in ``HELDOUT_DAYS``.  ``split="dev"`` or ``"heldout"`` scores
one part of any CSV; ``misses`` are written for development rows only, so that no one reads the
held-out part's errors.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ..errors import InputError
from ..knowledge.gazetteer import default_gazetteer, haversine_km
from ..knowledge.names import acled_key
from ..models import Event
from ..readers import make_article
from .common import LOCATION_KM, _events_or_error, _read_csv, actor_agrees, admin1_agrees, parse_acled_date

# acled_world_dev.csv: one whole country held out (Somalia, Sri Lanka, Ghana, the Philippines and
# Nicaragua are development countries)
HELDOUT_COUNTRIES = frozenset({"Ethiopia"})
# acled_2020_dev.csv (27 April - 3 May 2020): its last two days held out
HELDOUT_DAYS = frozenset({date(2020, 5, 2), date(2020, 5, 3)})
SPLITS = ("dev", "heldout")

FIELDS = ("event_type", "sub_event_type", "event_date", "admin1", "admin1_any_spelling", "location_10km", "actor1",
          "actor2", "fatalities")


def split_of(row: dict) -> str:
    """``heldout`` for a row of a held-out country or day, else ``dev``."""
    if row.get("country", "") in HELDOUT_COUNTRIES or parse_acled_date(row.get("event_date", "")) in HELDOUT_DAYS:
        return "heldout"
    return "dev"


def best_match(events: list[Event], row: dict) -> Event | None:
    """Same sub_event_type, else same event_type, else the first.  ACLED codes a report of fighting
    in several places as one row per place, as we do; among equals the row's own place decides."""
    if not events:
        return None
    for pred in (lambda e: e.sub_event_type == row["sub_event_type"], lambda e: e.event_type == row["event_type"]):
        hits = [e for e in events if pred(e)]
        if hits:
            return min(hits, key=lambda e: _distance_to_row(e, row))
    return events[0]


def _distance_to_row(ev: Event, row: dict) -> float:
    try:
        lat, lon = float(row["latitude"]), float(row["longitude"])
    except (KeyError, TypeError, ValueError):
        return 0.0  # no coordinates in the row: keep the first
    if ev.latitude is None or ev.longitude is None:
        return math.inf
    return haversine_km(lat, lon, ev.latitude, ev.longitude)


def field_agreement(ev: Event, row: dict, iso2: str | None) -> dict[str, bool]:
    try:
        lat, lon = float(row["latitude"]), float(row["longitude"])
    except (KeyError, TypeError, ValueError):
        lat = lon = None
    return {
        "event_type": ev.event_type == row["event_type"],
        "sub_event_type": ev.sub_event_type == row["sub_event_type"],
        "event_date": ev.event_date is not None and ev.event_date == parse_acled_date(row["event_date"]),
        # ACLED's own string, up to case, accents and punctuation (issue 24); any spelling of the area beside it
        "admin1": acled_key(row["admin1"]) == acled_key(ev.admin1),
        "admin1_any_spelling": admin1_agrees(row["admin1"], ev.admin1, iso2),
        "location_10km": bool(ev.latitude is not None and lat is not None
                              and haversine_km(ev.latitude, ev.longitude, lat, lon) <= LOCATION_KM),
        "actor1": actor_agrees(row["actor1"], ev.actor1),
        "actor2": actor_agrees(row["actor2"], ev.actor2),
        "fatalities": str(ev.fatalities) == (row.get("fatalities") or "0"),
    }


class _Tally:
    """Counts for one part of the rows."""

    def __init__(self):
        self.rows = self.with_event = self.extra = 0
        self.hits = Counter()
        self.non_ascii = 0  # main events whose location is not plain ASCII
        self.best = Counter()
        self.gold_sub = Counter()
        self.pred_sub = Counter()
        self.right_sub = Counter()
        self.rules: dict[str, list[int]] = {}  # rule id -> [decided a main event, and rightly]

    def add(self, row: dict, events: list[Event], iso2: str | None) -> dict[str, bool] | None:
        self.rows += 1
        self.gold_sub[row["sub_event_type"]] += 1
        if not events:
            return None
        self.with_event += 1
        self.extra += len(events) - 1
        main = events[0]
        ok = field_agreement(main, row, iso2)
        self.hits.update(k for k, v in ok.items() if v)
        self.best.update(k for k, v in field_agreement(best_match(events, row), row, iso2).items() if v)
        self.pred_sub[main.sub_event_type] += 1
        self.non_ascii += not main.location.isascii()
        self.right_sub[main.sub_event_type] += ok["sub_event_type"]
        for rid in (main.rule or "(none)").split("+"):
            r = self.rules.setdefault(rid, [0, 0])
            r[0] += 1
            r[1] += ok["sub_event_type"]
        return ok

    def scores(self, rules: bool) -> dict:
        n = self.rows or 1
        out = {"rows": self.rows, "rows_with_event": round(self.with_event / n, 4)}
        out.update({f: round(self.hits[f] / n, 4) for f in FIELDS})
        out.update({f"best_{f}": round(self.best[f] / n, 4) for f in FIELDS})
        out["extra_events_per_note"] = round(self.extra / n, 4)
        out["location_non_ascii"] = round(self.non_ascii / (self.with_event or 1), 4)
        out["by_sub_event_type"] = {
            s: {"gold": self.gold_sub[s], "predicted": self.pred_sub[s],
                "precision": round(self.right_sub[s] / self.pred_sub[s], 4) if self.pred_sub[s] else None,
                "recall": round(self.right_sub[s] / self.gold_sub[s], 4) if self.gold_sub[s] else None}
            for s in sorted(set(self.gold_sub) | set(self.pred_sub))}
        if rules:
            out["rules"] = {k: {"fired": v[0], "right": v[1]} for k, v in sorted(self.rules.items())}
        return out


def evaluate_acled(path: str | Path, extract: Callable | None = None, limit: int | None = None,
                   progress: Callable[[int, int], None] | None = None,
                   misses: Callable[[dict], None] | None = None, split: str | None = None,
                   rules: bool = False) -> dict:
    """Scores over the rows of ``path`` (only those of ``split`` if given: "dev" or "heldout");
    ``misses`` (if given) receives one record per development row with any field of its main event
    wrong: the row's coded values beside the extracted ones."""
    from .. import extract_article

    if split not in (None, *SPLITS):
        raise InputError(str(path), f"unknown split {split!r}; use dev or heldout")
    extract = extract or extract_article
    rows = _read_csv(path, ("notes", "event_type", "sub_event_type", "event_date", "admin1", "latitude",
                            "longitude", "actor1", "actor2"))
    rows = [(n, r) for n, r in enumerate(rows, 2) if split is None or split_of(r) == split]
    if limit:
        rows = rows[:limit]
    gaz = default_gazetteer()
    iso_by_num = {str(c.isonum): c.iso2 for c in gaz.countries.values()}
    tally = _Tally()
    errors: list[str] = []
    t0 = time.perf_counter()
    for k, (line, row) in enumerate(rows, 1):
        if progress:
            progress(k, len(rows))
        try:
            art = make_article(text=row["notes"], where=f"{path}:{line}", id=f"acled-{row.get('event_id_cnty', line)}")
            events = _events_or_error(extract, art, errors)
        except InputError:
            events = []  # a row without notes: no event, wrong on every field
        ok = tally.add(row, events, iso_by_num.get(row.get("iso", "")))
        if misses is None or split_of(row) != "dev" or (ok is not None and all(ok.values())):
            continue
        gold = {f: row.get(f, "") for f in ("event_type", "sub_event_type", "event_date", "admin1", "location",
                                            "actor1", "actor2", "fatalities")}
        if ok is None:
            misses({"row": line, "notes": row["notes"], "wrong": ["no_event"], "gold": gold})
            continue
        ev = events[0]
        got = {"event_type": ev.event_type, "sub_event_type": ev.sub_event_type, "event_date": str(ev.event_date),
               "admin1": ev.admin1, "location": ev.location, "actor1": ev.actor1, "actor2": ev.actor2,
               "fatalities": ev.fatalities, "rule": ev.rule}
        misses({"row": line, "notes": row["notes"], "wrong": [f for f, good in ok.items() if not good],
                "gold": gold, "got": got, "events": len(events)})
    elapsed = time.perf_counter() - t0
    out = {"split": split or "all"} | tally.scores(rules)
    out["errors"] = len(errors)
    out["seconds"] = round(elapsed, 2)
    out["articles_per_second"] = round(len(rows) / elapsed, 1) if elapsed else None
    return out
