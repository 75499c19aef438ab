"""Reviews as tests of the coder: ``export_gold`` writes every reviewed article as a gold file.

The files follow the whole-article gold format (``tests/gold/README.md``, read by
``conflictlens.gold.load_articles`` and ``evaluate --articles``), one YAML file per article that
has a reviewed event:

* a confirmed or corrected event is a gold event with the reviewed values and this article's
  evidence sentences;
* a rejected event is a trap: its sentence must not become an event;
* the article's events nobody reviewed are gold events marked ``uncertain``: an extracted event
  matching one is neither right nor wrong, so only what an analyst looked at is scored.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from .models import CanonicalEvent

# How far from the coded point a right placement may be, by ACLED geo-precision (tests/gold/README.md:
# a town 10 km, near a town or a district 25 km, a province only 50 km); unknown counts as a province.
KM_BY_GEO_PRECISION = {1: 10, 2: 25, 3: 50}
UNKNOWN_PRECISION_KM = 50
SPLIT = "review"  # the gold split reviewed articles go in


def _window(c: CanonicalEvent) -> list[str] | None:
    if c.event_date and c.time_precision == 1:
        return [c.event_date.isoformat()] * 2
    lo, hi = c.date_min or c.event_date, c.date_max or c.event_date
    return [lo.isoformat(), hi.isoformat()] if lo and hi and lo <= hi else None


def _gold_event(c: CanonicalEvent, evidence: list[str], uncertain: bool) -> dict | None:
    window = _window(c)
    if window is None or c.latitude is None or not evidence:
        return None  # a gold event needs a date window, a point and a sentence
    status = c.review.get("status", "not reviewed")
    who = f" by {c.review['reviewer']}" if c.review else ""
    return {"what": f"{c.sub_event_type}: {c.actor1 or 'unknown'} at {c.location or c.admin1} ({status}{who})",
            "event_type": c.event_type, "sub_event_type": c.sub_event_type, "date": window,
            "country": c.country, "admin1": c.admin1, "location": c.location,
            "lat": round(c.latitude, 5), "lon": round(c.longitude, 5),
            "km": KM_BY_GEO_PRECISION.get(c.geo_precision, UNKNOWN_PRECISION_KM),
            "actor1": [c.actor1], "actor2": [c.actor2], "fatalities": c.fatalities, "uncertain": uncertain,
            "evidence": evidence, "event_id": c.event_id}


def gold_articles(store) -> list[dict]:
    """One gold record per article with a reviewed event (rejected events included), in id order."""
    reviewed = store.canonical_events_by_id(
        [r[0] for r in store.db.execute("SELECT event_id FROM canonical_reviews ORDER BY event_id")])
    articles = sorted({a for c in reviewed for a in c.articles})
    out = []
    for article_id in articles:
        row = store.db.execute("SELECT title, source, original_source, published, text FROM articles "
                               "WHERE article_id=?", (article_id,)).fetchone()
        mine = sorted(store.canonical_ids_of(store._lookup("SELECT event_id FROM events WHERE article_id=?",
                                                           [article_id])))
        events, traps, coders = [], [], set()
        for c in store.canonical_events_by_id(mine):
            sentences = list(dict.fromkeys(ev.text.strip() for ev in c.evidence
                                           if ev.article_id == article_id and ev.field == "event" and ev.text.strip()))
            status = c.review.get("status")
            if status:
                coders.add(c.review["reviewer"])
            if status == "rejected":
                traps += [{"text": s, "why": f"rejected by {c.review['reviewer']} on {c.review['at'][:10]}"
                                             + (f": {c.review['note']}" if c.review.get("note") else "")}
                          for s in sentences]
                continue
            g = _gold_event(c, sentences, uncertain=status is None)
            if g:
                events.append(g)
        out.append({"id": article_id, "split": SPLIT, "source": row["source"] or row["original_source"] or "",
                    "published": row["published"] or "",
                    "provenance": f"reviewed in conflictlens; exported {date.today().isoformat()}",
                    "coder": ", ".join(sorted(coders)), "title": row["title"] or "", "text": row["text"],
                    "events": events, "traps": traps})
    return out


def file_name(article_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", article_id) + ".yaml"


def export_gold(store, target: str | Path) -> list[Path]:
    """Write each reviewed article's gold file into the folder ``target``; the paths written.  A
    ``target`` ending in .yaml is one file, for when one article was reviewed (the format holds one
    article per file)."""
    import yaml

    from .errors import InputError

    target = Path(target)
    records = gold_articles(store)
    if target.suffix in (".yaml", ".yml"):
        if len(records) > 1:
            raise InputError(str(target), f"{len(records)} articles were reviewed and a gold file holds one: "
                                          "give a folder instead")
        pairs = [(target, r) for r in records]
        target.parent.mkdir(parents=True, exist_ok=True)
    else:
        target.mkdir(parents=True, exist_ok=True)
        pairs = [(target / file_name(r["id"]), r) for r in records]
    for p, rec in pairs:
        p.write_text(yaml.safe_dump(rec, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8")
    return [p for p, _ in pairs]
