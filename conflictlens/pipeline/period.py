"""When an article has no publication date: the period it was written in, from its own evidence.

Three kinds of evidence bound the period, and the article gets their intersection as a range of
precision 3 (never a day):

* explicit dates it mentions: it was written after the earliest day of each ("since 2011", "a
  ceasefire established in 2020", "in 2015 alone");
* "N years into its civil war": the conflict's first year (``conflict_start_year`` in the country's
  pack) plus N-1 to N (reporters round up);
* the actors it names as they were called then: Hayat Tahrir al-Sham exists from January 2017,
  the Army of Conquest from March 2015 to January 2017.  A name shared by several entries (the
  "Nusra Front" of 2015 and of 2017) bounds nothing.

Bounds that contradict the others (an actor named in a retrospective) are dropped, the weakest
first: actors' end dates, then their start dates.
"""

from __future__ import annotations

import re
from datetime import date

from ..knowledge.actors import NAMED
from ..knowledge.packs import default_knowledge
from ..models import Article

# the period cannot extend beyond this many years after its lower bound without an upper bound
OPEN_PERIOD_YEARS = 3
_YEARS_INTO = re.compile(r"\b(?P<n>\w+)(?:\s+|-)years?\s+(?:in(?:to)?|after the (?:start|beginning) of)\s+"
                         r"(?:its|the|their|a)\s+(?:\w+\s+){0,2}?(?:war|conflict|uprising|revolution)\b", re.I)
_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen".split())}


def infer_period(article: Article) -> tuple[date, date] | None:
    """The (earliest, latest) day the article can have been written, or None if nothing says."""
    lows: list[date] = []
    highs: list[date] = []
    for m in article.mentions:
        if m.kind == "date" and m.value.resolved and m.value.explicit_year:
            lows.append(m.value.date_min)
    starts = default_knowledge().conflict_start_years
    start = starts.get(article.country_hint)
    for m in _YEARS_INTO.finditer(article.text):
        n = _NUMBERS.get(m.group("n").lower()) if not m.group("n").isdigit() else int(m.group("n"))
        if start and n is not None:
            # reporters round up: Syria's war (March 2011) was "three years" old in August 2013
            lows.append(date(start + n - 1, 1, 1))
            highs.append(date(start + n, 12, 31))
    actor_lows, actor_highs = [], []
    for m in article.mentions:
        if m.kind != "actor" or m.value.kind != NAMED or len({a.name for a in m.value.candidates}) != 1:
            continue
        a = m.value.candidates[0]
        if a.valid_from:
            actor_lows.append(a.valid_from)
        if a.valid_to:
            actor_highs.append(a.valid_to)
    for extra_lows, extra_highs in ((actor_lows, actor_highs), (actor_lows, []), ([], [])):
        lo_all, hi_all = lows + extra_lows, highs + extra_highs
        if not lo_all and not hi_all:
            continue
        lo = max(lo_all) if lo_all else None
        hi = min(hi_all) if hi_all else None
        if lo and hi and lo > hi:
            continue  # contradictory: drop the weakest evidence and try again
        if lo is None:
            lo = date(hi.year - OPEN_PERIOD_YEARS, 1, 1)
        if hi is None:
            hi = date(lo.year + OPEN_PERIOD_YEARS, 12, 31)
        return lo, hi
    return None
