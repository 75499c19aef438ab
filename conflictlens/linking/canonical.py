"""One canonical event from its reports: which value wins, and where the sources disagree.

Rules (ACLED's where it has one):
* id: from the first report (earliest publication, then article id, then event id), so it stays
  the same as later outlets join the event; ``article_id`` is that report's article.
* type and sub-event type: the one most reports give; a tie goes to the first report.
* date: the most common day among the most precise reports (earliest on a tie); the range is
  where all reports' ranges meet (the union if they do not); precision the best given.
* place: the most precise place (geo_precision 1 before 2 before 3; unknown last), then the most
  reported, then the first report's.
* actors: the report naming the most specific actors (a named group before "rebels" before
  "unidentified"), then the most reported pair, then the first report's.
* fatalities: ACLED's most conservative figure, the lowest any source reports, with the range
  kept in ``fatalities_min``/``fatalities_max``; reports without a figure do not count as zero.
* disagreements: for date, place, actors and fatalities, every distinct value with the reports and
  sources giving it, when the sources differ (places: more than DISAGREE_KM apart).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import NamedTuple

from ..knowledge.gazetteer import haversine_km
from ..models import CanonicalEvent, Event, content_id
from .scoring import _generic

# Two places closer than this are one place written two ways (Sahl al-Ghab and the Ghab plain).
DISAGREE_KM = 10.0


class Report(NamedTuple):
    """A per-source event with what the canonical rules need from its article."""

    event: Event
    published: date | None
    outlet: str  # the outlet, else the article id: who said it


def order_key(r: Report) -> tuple:
    return (r.published or date.max, r.event.article_id, r.event.event_id)


def canonical_id(reports: list[Report]) -> str:
    return content_id(min(reports, key=order_key).event.event_id, prefix="c")


def _specificity(e: Event) -> int:
    return sum(2 if not _generic(a) else 1 for a in (e.actor1, e.actor2) if a and not a.startswith("Unidentified")) \
        + sum(0.5 for a in (e.actor1, e.actor2) if a.startswith("Unidentified"))


def _disagreement(reports: list[Report], value) -> list[dict]:
    groups: dict = {}
    for r in reports:
        v = value(r.event)
        if v in (None, "", ()):
            continue
        g = groups.setdefault(v, {"value": v, "reports": [], "sources": []})
        g["reports"].append(r.event.event_id)
        if r.outlet not in g["sources"]:
            g["sources"].append(r.outlet)
    return list(groups.values()) if len(groups) > 1 else []


def _has_killed(e: Event) -> bool:
    return any(f.kind == "killed" for f in e.figures) or e.fatalities > 0


def build(reports: list[Report]) -> CanonicalEvent:
    rs = sorted(reports, key=order_key)
    first = rs[0].event

    def vote(value):
        counts = Counter(value(r.event) for r in rs)
        best = max(counts.values())
        return next(value(r.event) for r in rs if counts[value(r.event)] == best)  # tie: the earliest report

    sub = vote(lambda e: (e.event_type, e.sub_event_type))
    # date
    dated = [r.event for r in rs if r.event.event_date or r.event.date_min]
    if dated:
        best_prec = min(e.time_precision for e in dated)
        days = Counter(e.event_date for e in dated if e.time_precision == best_prec and e.event_date)
        event_date = min(days, key=lambda d: (-days[d], d)) if days else None
        mins = [e.date_min or e.event_date for e in dated]
        maxs = [e.date_max or e.event_date for e in dated]
        lo, hi = max(mins), min(maxs)
        if lo > hi:
            lo, hi = min(mins), max(maxs)
    else:
        best_prec, event_date, lo, hi = first.time_precision, None, None, None
    # place
    placed = [r.event for r in rs if r.event.latitude is not None or r.event.admin1]
    loc_counts = Counter(e.location for e in placed)
    place = min(placed, key=lambda e: (e.geo_precision or 9, -loc_counts[e.location],
                                       order_key(next(r for r in rs if r.event is e)))) if placed else first
    # actors
    pair_counts = Counter((r.event.actor1, r.event.actor2) for r in rs)
    acts = min((r.event for r in rs), key=lambda e: (-_specificity(e), -pair_counts[(e.actor1, e.actor2)],
                                                     order_key(next(r for r in rs if r.event is e))))
    # fatalities
    killed = [r.event.fatalities for r in rs if _has_killed(r.event)]
    fat_min, fat_max = (min(killed), max(killed)) if killed else (0, 0)

    disagreements = {}
    d = _disagreement([r for r in rs if r.event.time_precision == 1], lambda e: e.event_date and e.event_date.isoformat())
    if d:
        disagreements["event_date"] = d
    if placed and any(haversine_km(place.latitude, place.longitude, e.latitude, e.longitude) > DISAGREE_KM
                      for e in placed if e.latitude is not None and place.latitude is not None):
        disagreements["location"] = _disagreement(rs, lambda e: e.location)
    d = _disagreement(rs, lambda e: e.actor1 if e.actor1 and not _generic(e.actor1) else None)
    if d:
        disagreements["actor1"] = d
    d = _disagreement([r for r in rs if _has_killed(r.event)], lambda e: e.fatalities)
    if d:
        disagreements["fatalities"] = d

    outlets = []
    for r in rs:
        if r.outlet not in outlets:
            outlets.append(r.outlet)
    return CanonicalEvent(
        event_id=canonical_id(rs), article_id=first.article_id,
        event_date=event_date, date_min=lo, date_max=hi, time_precision=best_prec,
        event_type=sub[0], sub_event_type=sub[1],
        actor1=acts.actor1, assoc_actor_1=acts.assoc_actor_1, actor2=acts.actor2, assoc_actor_2=acts.assoc_actor_2,
        inter1=acts.inter1, inter2=acts.inter2,
        country=place.country, iso=place.iso, admin1=place.admin1, admin2=place.admin2, location=place.location,
        latitude=place.latitude, longitude=place.longitude, geo_precision=place.geo_precision,
        fatalities=fat_min, figures=[f for r in rs for f in r.event.figures],
        evidence=[ev for r in rs for ev in r.event.evidence], source="; ".join(outlets),
        confidence=max(r.event.confidence for r in rs),
        reports=[r.event.event_id for r in rs], articles=sorted({r.event.article_id for r in rs}),
        sources=outlets, outlets={r.event.article_id: r.outlet for r in rs}, fatalities_min=fat_min, fatalities_max=fat_max, disagreements=disagreements)
