"""The article's main event first, and each event's confidence.

The main event is the one the headline and lead report (ACLED coders code an article's main story
first); the others follow in the order the text tells them.  The confidence is the chance that an
ACLED coder reading the article would code the event as we did, from the evidence the coder had:
how its type was decided (an explicit trigger or a weak word), how many sentences support it,
whether it is the main event, whether its place, day and actors were resolved or defaulted, and
hedging ("reportedly", "claimed").  It is a logistic function of these features whose weights
(``knowledge/data/confidence.yaml``) are fitted on the development part of the whole-article gold
by ``scripts/fit_confidence.py``; ``docs/benchmarks.md`` gives how it holds on the held-out part.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from ...knowledge import load_data_yaml
from ...models import Article, Event

LEAD_SENTENCES = 2  # the headline and the first sentence of the body (or a dateline and a lead)
_HEDGE = re.compile(r"\b(reportedly|allegedly|alleged|purportedly|purported|claimed|claims|unconfirmed|"
                    r"could not (be )?(independently )?(verified|confirmed|corroborated)|rumou?red|suspected)\b", re.I)


def features(ev: Event, article: Article, main: bool, home: str = "") -> dict[str, float]:
    """The evidence a coder had for ``ev``, as numbers (the names are the weights' keys); how its type
    was decided is in its rule ids (a fallback word first: weak; a reference rule: only a reference)."""
    lead_end = article.sentences[min(LEAD_SENTENCES, len(article.sentences)) - 1].end if article.sentences else 0
    sentences = len({e.start for e in ev.evidence if e.field == "event"})
    ids = ev.rule.split("+") if ev.rule else [""]
    return {
        "weak_trigger": float(ids[0].startswith("fallback.")),
        "reference": float(any(i.startswith("ref.") for i in ids)),
        "support": math.log(max(1, sentences)),
        "main": float(main),
        "in_lead": float(any(e.start < lead_end for e in ev.evidence)),
        "place_town": float(ev.geo_precision == 1),
        "place_near": float(ev.geo_precision == 2),
        "place_region": float(ev.geo_precision >= 3 or (ev.geo_precision == 0 and bool(ev.admin1))),
        "no_place": float(not ev.admin1),
        "day": float(ev.time_precision == 1),
        "actor_named": float(bool(ev.actor1) and not ev.actor1.startswith("Unidentified")),
        "hedged": float(any(_HEDGE.search(e.text) for e in ev.evidence if e.field == "event")),
        "strategic": float(ev.event_type == "Strategic developments"),
        # placed outside the country most of the article's events are in (a namesake, a capital that speaks)
        "abroad": float(bool(home) and ev.country != home),
        "toll": float(ev.fatalities > 0),
        "default_day": float(ev.time_precision == 2 and ev.event_date == article.published),
    }


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    return {k: float(v) for k, v in load_data_yaml("confidence.yaml")["weights"].items()}


def confidence(feats: dict[str, float]) -> float:
    w = weights()
    z = w.get("bias", 0.0) + sum(w.get(k, 0.0) * v for k, v in feats.items())
    return round(1.0 / (1.0 + math.exp(-z)), 3)


def main_index(events: list[Event], article: Article) -> int:
    """The event the headline and lead report: the first told, counting from where each event's
    evidence starts (a headline's event, joined by the body's details, is told first)."""
    if not events:
        return -1
    return min(range(len(events)), key=lambda i: min((e.start for e in events[i].evidence if e.field == "event"),
                                                     default=0))


def rank(events: list[Event], article: Article) -> list[Event]:
    """``events`` with the main event first (``Event.main``), each with its ``confidence``."""
    k = main_index(events, article)
    if k < 0:
        return events
    ordered = [events[k]] + [e for i, e in enumerate(events) if i != k]
    home = home_country(ordered)
    for i, ev in enumerate(ordered):
        ev.main = i == 0
        ev.confidence = confidence(features(ev, article, ev.main, home))
    return ordered


def home_country(events: list[Event]) -> str:
    """The country most of an article's events are in (the main event's on a tie)."""
    counts: dict[str, int] = {}
    for ev in events:
        if ev.country:
            counts[ev.country] = counts.get(ev.country, 0) + 1
    return max(counts, key=lambda c: (counts[c], c == events[0].country)) if counts else ""
