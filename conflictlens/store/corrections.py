"""An analyst's review of events: confirmations, rejections and corrections, kept apart from extraction.

``corrections`` holds every review as it was made (who, when, what), never changed by ingest or
linking.  A review belongs to the event that holds its *anchor*: the first report of the canonical
event when it was reviewed, the report the canonical id is made from.  A canonical id can be
retired (an earlier report joins, ``canonical_aliases``) and events are re-clustered whenever an
article arrives, but the anchor stays inside whichever event its report is now part of; if
re-extraction gave the report a new id, the review finds it again by its article and sentence.

Whenever canonical events are written (``LinkTables.replace_canonicals``) their reviews are applied
on top of the values computed from the reports: corrected fields replace them, and
``canonical_reviews`` records, per current canonical id, the status, who and when, and the values
extraction had.  So ``events``, ``export``, the API and every filter see corrected values, and a
rejected event leaves them (``EventQuery.include_rejected`` brings it back).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from ..errors import StoreError
from ..models import CanonicalEvent

STATUSES = ("confirmed", "corrected", "rejected")
# The fields a review may set, and how a value is checked (a place is set as its parts together).
CORRECTABLE = ("event_type", "sub_event_type", "event_date", "actor1", "actor2", "fatalities",
               "location", "admin1", "admin2", "country", "iso", "latitude", "longitude", "geo_precision")
PLACE_FIELDS = ("location", "admin1", "admin2", "country", "iso", "latitude", "longitude", "geo_precision")
MAX_NOTE = 2000  # characters of a reviewer's note kept


@dataclass(slots=True)
class Correction:
    """One review of one canonical event: a status, the fields it sets, who and when."""

    event_id: str  # the canonical id when it was made
    status: str  # confirmed | corrected | rejected
    reviewer: str
    fields: dict = field(default_factory=dict)  # field -> corrected value
    note: str = ""
    at: str = ""  # ISO time, UTC; set when stored
    anchor: str = ""  # the event's first report
    sentence_key: str = ""  # "article_id@start" of the anchor's evidence
    correction_id: int = 0

    def to_dict(self) -> dict:
        return {"correction_id": self.correction_id, "event_id": self.event_id, "status": self.status,
                "reviewer": self.reviewer, "fields": dict(self.fields), "note": self.note, "at": self.at,
                "anchor": self.anchor}


def check_fields(fields: dict) -> dict:
    """The fields of a correction, checked and typed; a StoreError names the first bad one."""
    from ..gold import SUB_EVENT_TYPES

    out = {}
    for k, v in fields.items():
        if k not in CORRECTABLE:
            raise StoreError(f"cannot correct {k!r}; correctable fields: {', '.join(CORRECTABLE)}")
        if k == "event_date":
            try:
                out[k] = date.fromisoformat(str(v)).isoformat()
            except ValueError:
                raise StoreError(f"event_date must be YYYY-MM-DD, not {v!r}") from None
        elif k in ("fatalities", "geo_precision"):
            if isinstance(v, bool) or not isinstance(v, int) or v < 0 or (k == "geo_precision" and v > 3):
                raise StoreError(f"{k} must be a whole number {'1-3' if k == 'geo_precision' else '>= 0'}, not {v!r}")
            out[k] = v
        elif k in ("latitude", "longitude"):
            lim = 90 if k == "latitude" else 180
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not -lim <= v <= lim:
                raise StoreError(f"{k} must be a number of degrees within +-{lim}, not {v!r}")
            out[k] = float(v)
        else:
            if not isinstance(v, str):
                raise StoreError(f"{k} must be text, not {v!r}")
            out[k] = v.strip()
    sub, et = out.get("sub_event_type"), out.get("event_type")
    if sub is not None and sub not in SUB_EVENT_TYPES:
        raise StoreError(f"unknown sub-event type {sub!r}")
    if et is not None and sub is None:
        raise StoreError("an event_type correction needs its sub_event_type")
    if sub is not None:
        if et is not None and SUB_EVENT_TYPES[sub] != et:
            raise StoreError(f"{sub!r} is not a sub-event type of {et!r}")
        out["event_type"] = SUB_EVENT_TYPES[sub]
    if ("latitude" in out) != ("longitude" in out):
        raise StoreError("a place correction gives both latitude and longitude")
    return out


def apply_to(c: CanonicalEvent, corrections: list[Correction]) -> dict | None:
    """Apply ``corrections`` (oldest first) to ``c`` in place; the review record, or None."""
    if not corrections:
        return None
    was, last = {}, corrections[-1]
    for corr in corrections:
        for k, v in corr.fields.items():
            old = getattr(c, k)
            old = old.isoformat() if isinstance(old, date) else old
            was.setdefault(k, old)
            if k == "event_date":
                d = date.fromisoformat(v)
                c.event_date, c.date_min, c.date_max, c.time_precision = d, d, d, 1
            else:
                setattr(c, k, v)
    if "fatalities" in was:
        c.fatalities_min = c.fatalities_max = c.fatalities
    changed = sorted(k for k in was if was[k] != _value(c, k))
    status = last.status if last.status == "rejected" or not changed else "corrected"
    c.review = {"status": status, "reviewer": last.reviewer, "at": last.at, "fields": changed,
                "was": {k: was[k] for k in changed}, "reviews": len(corrections), "note": last.note}
    return c.review


def _value(c: CanonicalEvent, k: str):
    v = getattr(c, k)
    return v.isoformat() if isinstance(v, date) else v


class CorrectionTables:
    db: sqlite3.Connection

    def save_correction(self, corr: Correction) -> Correction:
        """Store a review of canonical event ``corr.event_id`` (a report id or retired id finds it)
        and apply it now; the caller's transaction is not needed (one is opened here)."""
        cid = self.resolve_canonical(corr.event_id)
        if cid is None:
            raise StoreError(f"no event {corr.event_id!r} to review")
        if corr.status not in STATUSES:
            raise StoreError(f"review status must be one of {', '.join(STATUSES)}, not {corr.status!r}")
        if not corr.reviewer.strip():
            raise StoreError("a review names its reviewer")
        corr.fields = check_fields(corr.fields)
        row = self.db.execute("SELECT reports, evidence FROM canonical_details WHERE event_id=?", (cid,)).fetchone()
        anchor = json.loads(row["reports"])[0]
        ev = self.db.execute("SELECT article_id, evidence FROM events WHERE event_id=?", (anchor,)).fetchone()
        first = json.loads(ev["evidence"])[0] if ev and json.loads(ev["evidence"]) else None
        corr.event_id, corr.anchor = cid, anchor
        corr.sentence_key = f"{ev['article_id']}@{first['start']}" if first else ""
        corr.at = corr.at or datetime.now(timezone.utc).isoformat(timespec="seconds")
        corr.note = corr.note[:MAX_NOTE]
        with self.db:
            cur = self.db.execute(
                "INSERT INTO corrections (event_id, anchor, sentence_key, status, fields, reviewer, at, note) "
                "VALUES (?,?,?,?,?,?,?,?)", (cid, anchor, corr.sentence_key, corr.status,
                                              json.dumps(corr.fields, sort_keys=True), corr.reviewer.strip(), corr.at,
                                              corr.note))
            corr.correction_id = cur.lastrowid
            self.recompute_canonical(cid)
        return corr

    def recompute_canonical(self, cid: str) -> None:
        """Canonical event ``cid`` again from its reports, with its reviews (one transaction is the caller's)."""
        from ..linking.canonical import build

        reports = self.reports(self.members_of([cid]))
        self._written.pop(cid, None)
        self.replace_canonicals({cid}, [build(reports)])

    def corrections(self) -> list[Correction]:
        """Every review, oldest first."""
        return [self._correction(r) for r in self.db.execute("SELECT * FROM corrections ORDER BY correction_id")]

    @staticmethod
    def _correction(r) -> Correction:
        return Correction(r["event_id"], r["status"], r["reviewer"], json.loads(r["fields"]), r["note"] or "", r["at"],
                          r["anchor"], r["sentence_key"] or "", r["correction_id"])

    def corrections_for(self, events: list[CanonicalEvent]) -> dict[str, list[Correction]]:
        """canonical id -> its reviews (oldest first), for events about to be written."""
        if not events or self.db.execute("SELECT 1 FROM corrections LIMIT 1").fetchone() is None:
            return {}
        by_report = {r: c.event_id for c in events for r in c.reports}
        by_sentence = {f"{ev.article_id}@{ev.start}": c.event_id for c in events for ev in c.evidence
                       if ev.field == "event"}
        out: dict[str, list[Correction]] = {}
        rows = self.db.execute(
            "SELECT * FROM corrections WHERE anchor IN (SELECT value FROM json_each(?1)) OR "
            "(sentence_key IN (SELECT value FROM json_each(?2)) AND anchor NOT IN (SELECT event_id FROM events)) "
            "ORDER BY correction_id", (json.dumps(sorted(by_report)), json.dumps(sorted(by_sentence))))
        for r in rows:
            corr = self._correction(r)
            target = by_report.get(corr.anchor) or by_sentence.get(corr.sentence_key)
            if target:
                out.setdefault(target, []).append(corr)
        return out

    def apply_reviews(self, events: list[CanonicalEvent]) -> dict[str, dict]:
        """Apply the stored reviews to ``events`` in place: canonical id -> review record."""
        found = self.corrections_for(events)
        return {c.event_id: review for c in events if (review := apply_to(c, found.get(c.event_id, [])))}

    def write_reviews(self, old_ids, events: list[CanonicalEvent]) -> None:
        """``canonical_reviews`` for ``events`` (replacing those of ``old_ids``)."""
        self.db.executemany("DELETE FROM canonical_reviews WHERE event_id=?",
                            [(i,) for i in set(old_ids) | {c.event_id for c in events}])
        self.db.executemany("INSERT INTO canonical_reviews VALUES (?,?,?,?,?)",
                            [(c.event_id, c.review["status"], c.review["reviewer"], c.review["at"],
                              json.dumps(c.review, ensure_ascii=False, sort_keys=True)) for c in events if c.review])

    def reviews_of(self, ids) -> dict[str, dict]:
        """canonical id -> its review record, for those of ``ids`` that were reviewed."""
        if self.db.execute("SELECT 1 FROM canonical_reviews LIMIT 1").fetchone() is None:
            return {}
        return {r[0]: json.loads(r[1]) for r in self.db.execute(
            "SELECT event_id, review FROM canonical_reviews WHERE event_id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(ids)),))}
