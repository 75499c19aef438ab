"""Scoring extracted events against the hand-annotated seed events (tests/gold/seeds_gold.yaml)."""

from __future__ import annotations

from datetime import date

from .evaluate import admin1_agrees
from .knowledge.gazetteer import haversine_km
from .models import Event

GOLD_KM = 35.0  # the seed gold's tolerance: "coordinates within 35 km of the place named"


def matches(gold: dict, ev: Event) -> bool:
    lo, hi = (d if isinstance(d, date) else date.fromisoformat(str(d)) for d in gold["date"])
    return (ev.event_type == gold["event_type"] and ev.event_date is not None and lo <= ev.event_date <= hi
            and admin1_agrees(gold["admin1"], ev.admin1, "SY") and ev.latitude is not None
            and haversine_km(ev.latitude, ev.longitude, gold["lat"], gold["lon"]) <= GOLD_KM)


def score_gold(gold: list[dict], events_by_article: dict[str, list[Event]]) -> dict:
    found = [g for g in gold if any(matches(g, e) for e in events_by_article.get(g["article"], []))]
    return {"gold": len(gold), "found": len(found), "recall": round(len(found) / len(gold), 4),
            "missed": [g["what"] for g in gold if g not in found]}
