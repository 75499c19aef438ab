"""Scoring extracted events against the hand-annotated seed events (tests/gold/seeds_gold.yaml)."""

from __future__ import annotations

from datetime import date

from .evaluate import admin1_agrees
from .knowledge.gazetteer import haversine_km
from .models import Event

GOLD_KM = 35.0  # the seed gold's tolerance: "coordinates within 35 km of the place named"
PRECISE_KM = 10.0  # the gazetteer's aim (issue 3): "within 10 km of the place meant"


def matches(gold: dict, ev: Event, km: float = GOLD_KM) -> bool:
    lo, hi = (d if isinstance(d, date) else date.fromisoformat(str(d)) for d in gold["date"])
    return (ev.event_type == gold["event_type"] and ev.event_date is not None and lo <= ev.event_date <= hi
            and admin1_agrees(gold["admin1"], ev.admin1, "SY") and ev.latitude is not None
            and haversine_km(ev.latitude, ev.longitude, gold["lat"], gold["lon"]) <= km)


def score_gold(gold: list[dict], events_by_article: dict[str, list[Event]], country: str = "Syria") -> dict:
    """Recall at the gold's 35 km and at 10 km, and the events placed outside ``country`` (every
    seed event is in Syria: an event placed elsewhere came from an outlet's or a border's name)."""
    found = [g for g in gold if any(matches(g, e) for e in events_by_article.get(g["article"], []))]
    close = [g for g in gold if any(matches(g, e, PRECISE_KM) for e in events_by_article.get(g["article"], []))]
    abroad = [e for evs in events_by_article.values() for e in evs if e.country and e.country != country]
    return {"gold": len(gold), "found": len(found), "recall": round(len(found) / len(gold), 4),
            "found_10km": len(close), "recall_10km": round(len(close) / len(gold), 4),
            "abroad": [f"{e.location} ({e.country}): {e.evidence[0].text[:60]}" for e in abroad],
            "missed": [g["what"] for g in gold if g not in found]}
