"""Aggregate reads for the front ends: an article with its evidence spans, actors, places, counts."""

from __future__ import annotations

import json
import sqlite3

# How counts are bucketed in time: a day, the ISO week (its Monday), the month or the year (their first day).
PERIODS = {"day": "event_date", "week": "date(event_date, 'weekday 0', '-6 days')",
           "month": "substr(event_date, 1, 7) || '-01'", "year": "substr(event_date, 1, 4) || '-01-01'"}
# What counts may be split by.
SPLITS = ("event_type", "sub_event_type", "admin1", "country")


class Views:
    db: sqlite3.Connection

    def article(self, article_id: str) -> dict | None:
        """An article's cleaned text and metadata, with every evidence span of its reports (offsets
        into ``text``) and the canonical event each supports."""
        r = self.db.execute("SELECT article_id, title, url, source, original_source, published, published_from, text "
                            "FROM articles WHERE article_id=?", (article_id,)).fetchone()
        if r is None:
            return None
        spans = []
        for e in self.db.execute("SELECT e.event_id, e.evidence, e.figures, ec.canonical_id FROM events e LEFT JOIN "
                                 "event_canonical ec USING (event_id) WHERE e.article_id=? ORDER BY e.event_id",
                                 (article_id,)):
            for ev in json.loads(e["evidence"]) + [f["evidence"] for f in json.loads(e["figures"]) if f.get("evidence")]:
                spans.append({"start": ev["start"], "end": ev["end"], "field": ev.get("field", "event"),
                              "event_id": e["event_id"], "canonical_id": e["canonical_id"]})
        spans.sort(key=lambda s: (s["start"], s["end"], s["event_id"]))
        return dict(r) | {"spans": spans}

    def article_summaries(self, article_ids) -> list[dict]:
        """Title, url, outlet and publication date of each article (by date), without its text."""
        return [dict(r) for r in self.db.execute(
            "SELECT article_id, title, url, coalesce(nullif(source, ''), original_source, '') AS source, published "
            "FROM articles WHERE article_id IN (SELECT value FROM json_each(?)) ORDER BY published, article_id",
            (json.dumps(list(article_ids)),))]

    def actor_counts(self, limit: int = 500) -> list[dict]:
        rows = self.db.execute(
            "SELECT name, count(*) AS events FROM (SELECT actor1 AS name FROM canonical_events UNION ALL "
            "SELECT actor2 FROM canonical_events) WHERE name != '' GROUP BY name ORDER BY events DESC, name LIMIT ?",
            (int(limit),))
        return [dict(r) for r in rows]

    def place_counts(self, where: str = "", args=(), limit: int = 1000) -> list[dict]:
        rows = self.db.execute(
            "SELECT location, admin1, country, round(latitude, 4) AS latitude, round(longitude, 4) AS longitude, "
            f"count(*) AS events FROM canonical_events{where} GROUP BY location, admin1, country, latitude, longitude "
            "ORDER BY events DESC, location LIMIT ?", [*args, int(limit)])
        return [dict(r) for r in rows]

    def event_counts(self, where: str = "", args=(), by: str = "day", split: str | None = None) -> list[dict]:
        """Canonical events per day, week, month or year (``PERIODS``), optionally split by a column (``SPLITS``)."""
        if by not in PERIODS:
            raise ValueError(f"cannot count by {by!r}; use one of {', '.join(PERIODS)}")
        if split is not None and split not in SPLITS:
            raise ValueError(f"cannot split by {split!r}; use one of {', '.join(SPLITS)}")
        key = split or "''"
        rows = self.db.execute(
            f"SELECT {PERIODS[by]} AS period, {key} AS key, count(*) AS events FROM canonical_events{where}"
            f"{' AND' if where else ' WHERE'} event_date IS NOT NULL GROUP BY period, key ORDER BY period, key", list(args))
        return [{"period": r["period"], **({split: r["key"]} if split else {}), "events": r["events"]} for r in rows]

    def points(self, where: str = "", args=(), limit: int = 50000) -> list[list]:
        """Map points for the events matching a filter: [id, lat, lon, type, date, sources, fatalities,
        confidence, review status or null]."""
        reviewed = self.db.execute("SELECT 1 FROM canonical_reviews LIMIT 1").fetchone() is not None
        status = ("(SELECT status FROM canonical_reviews r WHERE r.event_id = canonical_events.event_id)" if reviewed
                  else "NULL")  # no review yet: no lookup per point
        rows = self.db.execute(
            f"SELECT event_id, latitude, longitude, event_type, event_date, n_sources, fatalities, round(confidence, 3), "
            f"{status} FROM canonical_events{where}{' AND' if where else ' WHERE'} latitude IS NOT NULL "
            "ORDER BY event_date DESC, event_id LIMIT ?", [*args, int(limit)])
        return [list(r) for r in rows]
