"""Are two reports the same event?  A score from five kinds of evidence, with named thresholds.

ACLED's coders merge reports that share actors, day and place, and keep apart what differs in
any of them; the score below follows that.  Hard limits first (``None``: cannot be the same):
another country, another article (the extractor already merged an article's own repeats), dates
more than MAX_GAP_DAYS apart, places more than MAX_APART_KM apart or in different provinces and
more than 10 km apart (SUBURB_KM for a place only approached), or types that never describe one
event.  Then each kind of evidence gives 0..1 and the weights add them up.
"""

from __future__ import annotations

from datetime import date

from ..knowledge.actors import ActorBase
from ..knowledge.gazetteer import haversine_km
from ..models import Event, Link
from ..pipeline.events import SUBURB_KM, compatible_types
from .text import cosine

# -- hard limits ----------------------------------------------------------------------------
# Outlets disagree by a day ("on Sunday" vs "yesterday", a late-night attack dated by its
# morning report); two days covers a weekly's lag.  ACLED codes a three-day battle as three
# events, so anything further apart is another event.
MAX_GAP_DAYS = 2
# Places farther apart than this are different events even in one admin1 (a province's towns
# are rarely more than 50 km apart; a "near X" place is within ~10 km of X).
MAX_APART_KM = 50.0

# -- weights (sum to 1) ---------------------------------------------------------------------
W_TYPE = 0.20
W_DATE = 0.25
W_PLACE = 0.25
W_ACTORS = 0.15
W_TEXT = 0.15

# -- thresholds -----------------------------------------------------------------------------
# Same sub-event type, overlapping dates, the same place and agreeing actors is 0.85 or more
# even when the wording differs; replace one of those with a near miss (the region for the town,
# a day's gap, a generic "rebels" for the named group) and it still clears 0.70.  Two near misses
# fall below: that is a "possible duplicate", shown, not merged.
MERGE_THRESHOLD = 0.70
# Below this, two reports only share a window and a province: not worth showing.
POSSIBLE_THRESHOLD = 0.50


def _range(e: Event) -> tuple[date, date] | None:
    lo = e.date_min or e.event_date
    hi = e.date_max or e.event_date
    return (lo, hi) if lo and hi else None


def date_gap(a: Event, b: Event) -> int | None:
    """Days between the two date ranges (0 when they overlap); None when either is undated."""
    ra, rb = _range(a), _range(b)
    if ra is None or rb is None:
        return None
    return max(0, (rb[0] - ra[1]).days, (ra[0] - rb[1]).days)


def type_score(a: Event, b: Event) -> float | None:
    if a.sub_event_type == b.sub_event_type:
        return 1.0
    if a.event_type == b.event_type:
        return 0.6
    if compatible_types(a.event_type, b.event_type):
        return 0.3
    return None


def date_score(a: Event, b: Event) -> float | None:
    gap = date_gap(a, b)
    if gap is None:
        return 0.3  # an undated report: no evidence either way, a little for sharing the period
    if gap > MAX_GAP_DAYS:
        return None
    if gap == 0:
        if a.event_date and a.event_date == b.event_date and a.time_precision == b.time_precision == 1:
            return 1.0
        widest = max((r[1] - r[0]).days + 1 for r in (_range(a), _range(b)))
        return 0.8 if widest <= 8 else 0.3  # overlapping weeks say less than the same day, months little
    return 0.5 if gap == 1 else 0.25


def place_score(a: Event, b: Event) -> float | None:
    if a.iso and b.iso and a.iso != b.iso:
        return None
    if not a.admin1 or not b.admin1:
        return 0.2  # only the country: says nothing about which event
    if a.latitude is None or b.latitude is None:
        return 0.3 if a.admin1 == b.admin1 else None
    km = haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)
    if km > MAX_APART_KM:
        return None
    if a.geo_precision >= 3 and b.geo_precision >= 3:
        return 0.5 if a.admin1 == b.admin1 else None  # two reports that name only the province
    if km <= 2 or a.location == b.location:
        return 1.0
    if max(a.geo_precision, b.geo_precision) >= 2 and a.admin1 == b.admin1:
        return 0.7  # a village inside the plain, a town in "rural Hama": nested
    if max(a.geo_precision, b.geo_precision) >= 2 and km <= SUBURB_KM:
        return 0.6  # "near Damascus" and Eastern Ghouta: a city's outskirts lie in the next province
    if km <= 10:
        return 0.6  # neighbouring villages: outlets pick different ones for one battle
    # farther than a neighbouring village and in another province: another event
    return 0.3 if a.admin1 == b.admin1 else None


def _generic(name: str) -> bool:
    return name.startswith(("Unidentified", "Opposition Rebels", "Islamist Militia", "Civilians", "Protesters",
                            "Rioters"))


def actor_similarity(x: str, y: str, inter_x: int, inter_y: int, base: ActorBase | None) -> float:
    if x == y:
        return 1.0
    if x.startswith(y) or y.startswith(x):
        return 0.9  # "Military Forces of Syria (2000-2024)" and its air force
    if base is not None and allied(x, y, base):
        return 0.8  # the Army of Conquest and its member Jabhat al-Nusra
    if inter_x and inter_x == inter_y and (_generic(x) or _generic(y)):
        return 0.5  # "rebels" in one report, the brigade's name in another
    if x.startswith("Unidentified") or y.startswith("Unidentified"):
        # "unidentified" is a missing attribution, not a contradiction: the same attack may be
        # "by gunmen" in one report and "by regime forces" in another (armed sides only)
        return 0.4 if {inter_x, inter_y} <= {1, 2, 3, 4, 8} else 0.0
    return 0.0


def allied(x: str, y: str, base: ActorBase) -> bool:
    ax, ay = base.by_name.get(x), base.by_name.get(y)
    if ax is None or ay is None:
        return False
    names_y, names_x = {ay.name, *ay.aliases}, {ax.name, *ax.aliases}
    return bool(names_y & set(ax.members)) or bool(names_x & set(ay.members))


def actor_score(a: Event, b: Event, base: ActorBase | None) -> float:
    sa = [(a.actor1, a.inter1), (a.actor2, a.inter2)]
    sb = [(b.actor1, b.inter1), (b.actor2, b.inter2)]
    best = None
    for order in (sb, sb[::-1]):  # one outlet's attacker may be the other's second side
        pairs = [(x, y) for x, y in zip(sa, order) if x[0] and y[0]]
        if pairs:
            s = sum(actor_similarity(x[0], y[0], x[1], y[1], base) for x, y in pairs) / len(pairs)
            best = s if best is None else max(best, s)
    return 0.5 if best is None else best


def score(a: Event, b: Event, base: ActorBase | None = None,
          text_a: dict[str, float] | None = None, text_b: dict[str, float] | None = None) -> Link | None:
    """The link between two reports, or None when they cannot be one event."""
    if a.article_id == b.article_id or a.event_id == b.event_id:
        return None
    parts = {"type": type_score(a, b), "date": date_score(a, b), "place": place_score(a, b)}
    if any(v is None for v in parts.values()):
        return None
    parts["actors"] = actor_score(a, b, base)
    parts["text"] = cosine(text_a, text_b) if text_a and text_b else 0.0
    total = (W_TYPE * parts["type"] + W_DATE * parts["date"] + W_PLACE * parts["place"]
             + W_ACTORS * parts["actors"] + W_TEXT * parts["text"])
    total = round(total, 4)
    if total < POSSIBLE_THRESHOLD:
        return None
    x, y = sorted((a.event_id, b.event_id))
    return Link(x, y, total, "same" if total >= MERGE_THRESHOLD else "possible",
                {k: round(v, 3) for k, v in parts.items()})
