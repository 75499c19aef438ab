"""Stage ``mentions.dates``: date expressions, resolved against the publication date.

Rules (docs/architecture.md, "Dates", summarises them):
* a full date ("3 May 2020", "May 3, 2020", "3/5/2020" day-first) is itself, precision 1;
* a month and day without a year is the latest such date not after publication;
* a bare weekday ("on Sunday", "Monday night") is the most recent such day on or
  before publication (the publication day itself included); one written before a day's date
  ("Sunday 1 Feb 2015", "Wednesday, August 21") is that date;
* "yesterday" is the day before publication, "today"/"tonight" the day itself,
  "N days ago" N days before;
* "last week" is the 7 days before the publication week's Monday (precision 2);
* "earlier this month" runs from the 1st to publication (precision 2 or 3); "late last month" is
  the last ten days of the month before; "last year" the calendar year before (precision 3);
* a month name ("in June", "in early June") is that month, precision 3, in the
  latest year not after publication; "early/mid/late" narrows it to ten days;
* "since <date>" and "over the last N days/weeks" are ranges ending at publication;
* a bare year ("in 2015", "since 2011") is a year range, precision 3.
Without a publication date only expressions that carry their own year resolve.
"""

from __future__ import annotations

import calendar
from bisect import bisect_left, insort
from dataclasses import dataclass
from datetime import date, timedelta

from ..knowledge.matcher import Trigger, TriggerSet, prepared
from ..models import Article, Mention
from . import stage

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "a": 1, "an": 1, "a few": 3, "several": 3, "couple of": 2, "a couple of": 2}

_M = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_W = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM = r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|a couple of|couple of)"
PATTERNS = [
    ("dmy_range", Trigger(r"\b(?:between|from) (?P<d1>\d{1,2})(?: " + _M.replace("month", "month1") + r")? (?:and|to|-) (?P<day>\d{1,2}) " + _M + r",? (?P<year>\d{4})\b")),
    ("dmy", Trigger(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)? (?:of )?" + _M + r",? (?P<year>\d{4})\b")),
    ("mdy", Trigger(r"\b" + _M + r" (?P<day>\d{1,2})(?:st|nd|rd|th)?,? (?P<year>\d{4})\b")),
    ("numeric", Trigger(r"\b(?P<day>\d{1,2})/(?P<mon>\d{1,2})/(?P<year>\d{4})\b", 0)),
    ("iso", Trigger(r"\b(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})\b", 0)),
    ("dm", Trigger(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)? (?:of )?" + _M + r"\b(?! \d{4})")),
    ("md", Trigger(r"\b" + _M + r" (?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!,? \d{4})(?!\d)")),
    ("month_part", Trigger(r"\b(?:in |during |by |since )?(?P<part>early|mid|mid-|late|the end of|the beginning of|the start of|the middle of)[ -]?" + _M + r"(?: (?P<year>\d{4}))?\b")),
    ("month_year", Trigger(r"\b(?:in |during |since |on |of |from |until |till |by |before |after )" + _M + r" (?P<year>\d{4})\b")),
    ("month", Trigger(r"\b(?P<prep>in|during|since|last|this|by) " + _M + r"\b(?! \d)")),
    ("since_weekday", Trigger(r"\bsince (?:last )?" + _W + r"(?: (?P<tod>night|morning|evening|afternoon))?")),
    ("weekday", Trigger(r"\b(?P<prep>on|last|this|late|early|since)? ?" + _W + r"(?:'s)?(?: (?P<tod>night|morning|evening|afternoon))?\b")),
    ("yesterday", Trigger(r"\b(?:the day before yesterday|yesterday|today|tonight|this morning|last night|earlier today|this week)\b")),
    ("ago", Trigger(r"\b" + _NUM + r" (?P<unit>days?|weeks?|months?) ago\b")),
    ("over_last", Trigger(r"\b(?:over|in|during|for) the (?:last|past) " + _NUM + r" (?P<unit>days?|weeks?|months?)\b")),
    ("last_unit", Trigger(r"\b(?P<which>last|earlier this|this|late last|early last|past) (?P<unit>week|month|weekend|year)\b")),
    ("year", Trigger(r"\b(?P<prep>in|since|during|of|by|from|until|before|after|early|late)(?: early| late| mid-?)? (?P<year>(?:19|20)\d{2})\b(?!-\d)")),
]
_PATTERN_SET = TriggerSet(rx for _kind, rx in PATTERNS)
_DAY_DATES = frozenset({"dmy", "mdy", "numeric", "iso", "dm", "md"})  # a day written as a date


@dataclass(slots=True)
class DateRef:
    """A resolved date expression: the range it denotes and ACLED's time precision."""

    date_min: date | None
    date_max: date | None
    precision: int  # 1 day, 2 week/few days, 3 month or longer
    kind: str  # the pattern that matched
    explicit_year: bool = False  # the words carry their own year
    since: bool = False  # "since ..." (ongoing up to publication)

    @property
    def resolved(self) -> bool:
        return self.date_min is not None


def _month_num(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")[:3] if s.lower() not in MONTHS else s.lower()]


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _latest_not_after(month: int, day: int, pub: date) -> date | None:
    for y in (pub.year, pub.year - 1):
        d = _safe_date(y, month, day)
        if d and d <= pub:
            return d
    return None


def _weekday_on_or_before(wd: int, pub: date) -> date:
    return pub - timedelta(days=(pub.weekday() - wd) % 7)


def _num(s: str) -> int:
    s = s.lower()
    return int(s) if s.isdigit() else NUMBER_WORDS.get(s, 1)


def _month_range(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def resolve(kind: str, g: dict, pub: date | None) -> DateRef | None:
    """Turn one regex match into a DateRef (unresolved when it needs a publication date we lack)."""
    if kind in ("dmy", "mdy", "numeric", "iso", "dmy_range"):
        y = int(g["year"])
        m = int(g["mon"]) if g.get("mon") else _month_num(g["month"])
        d = _safe_date(y, m, int(g["day"]))
        if d is None:
            return None
        if kind == "dmy_range":
            m1 = _month_num(g["month1"]) if g.get("month1") else m
            d1 = _safe_date(y, m1, int(g["d1"]))
            if d1 and d1 <= d:
                return DateRef(d1, d, 2 if (d - d1).days <= 7 else 3, kind, True)
        return DateRef(d, d, 1, kind, True)
    if kind == "year":
        y = int(g["year"])
        if pub and y > pub.year:
            return None
        since = g["prep"].lower() == "since"
        end = (pub if pub and since else date(y, 12, 31))
        return DateRef(date(y, 1, 1), end, 3, kind, True, since)
    if kind in ("month_part", "month_year", "month"):
        m = _month_num(g["month"])
        if g.get("year"):
            y = int(g["year"])
        elif pub is not None:
            y = pub.year if m <= pub.month else pub.year - 1
            if (g.get("prep") or "").lower() == "last" and m == pub.month:
                y -= 1
        else:
            return DateRef(None, None, 3, kind)
        lo, hi = _month_range(y, m)
        part = (g.get("part") or "").lower()
        if part == "early" or part in ("the beginning of", "the start of"):
            hi = lo + timedelta(days=9)
        elif part in ("mid", "mid-", "the middle of"):
            lo, hi = lo + timedelta(days=10), lo + timedelta(days=19)
        elif part in ("late", "the end of"):
            lo = lo + timedelta(days=20)
        if pub and hi > pub and lo <= pub:
            hi = pub
        since = (g.get("prep") or "").lower() == "since"
        return DateRef(lo, pub if since and pub else hi, 3, kind, bool(g.get("year")), since)
    if pub is None:
        return DateRef(None, None, 1, kind)
    if kind == "md":
        d = _latest_not_after(_month_num(g["month"]), int(g["day"]), pub)
        return DateRef(d, d, 1, kind) if d else None
    if kind == "dm":
        d = _latest_not_after(_month_num(g["month"]), int(g["day"]), pub)
        return DateRef(d, d, 1, kind) if d else None
    if kind in ("weekday", "since_weekday"):
        d = _weekday_on_or_before(WEEKDAYS[g["weekday"].lower()], pub)
        prep = (g.get("prep") or "").lower()
        if prep == "last" and d == pub:
            d -= timedelta(days=7)
        if kind == "since_weekday" or prep == "since":
            return DateRef(d, pub, 1 if d == pub else 2, kind, since=True)
        return DateRef(d, d, 1, kind)
    if kind == "yesterday":
        w = g["_text"].lower()
        if w == "the day before yesterday":
            d = pub - timedelta(days=2)
        elif w in ("yesterday", "last night"):
            d = pub - timedelta(days=1)
        elif w == "this week":
            return DateRef(pub - timedelta(days=pub.weekday()), pub, 2, kind)
        else:
            d = pub
        return DateRef(d, d, 1, kind)
    if kind == "ago":
        n, unit = _num(g["n"]), g["unit"].lower()
        days = n * {"d": 1, "w": 7, "m": 30}[unit[0]]
        d = pub - timedelta(days=days)
        if unit.startswith("day"):
            return DateRef(d, d, 1, kind)
        return DateRef(d - timedelta(days=3), d + timedelta(days=3), 2 if unit.startswith("w") else 3, kind)
    if kind == "over_last":
        n, unit = _num(g["n"]), g["unit"].lower()
        days = n * {"d": 1, "w": 7, "m": 30}[unit[0]]
        return DateRef(pub - timedelta(days=days), pub, 2 if days <= 7 else 3, kind, since=True)
    if kind == "last_unit":
        which, unit = g["which"].lower(), g["unit"].lower()
        if unit == "week" and which in ("last", "past"):
            monday = pub - timedelta(days=pub.weekday())
            return DateRef(monday - timedelta(days=7), monday - timedelta(days=1), 2, kind)
        if unit == "week":
            return DateRef(pub - timedelta(days=pub.weekday()), pub, 2, kind)
        if unit == "weekend":
            sat = _weekday_on_or_before(5, pub)
            return DateRef(sat, sat + timedelta(days=1), 2, kind)
        if unit == "year":
            year = pub.year - 1 if which in ("last", "late last", "early last") else pub.year
            lo, hi = date(year, 1, 1), (date(year, 12, 31) if year < pub.year else pub)
            if which == "late last":
                lo = date(year, 9, 1)
            elif which == "early last":
                hi = date(year, 4, 30)
            return DateRef(lo, hi, 3, kind)
        if unit == "month" and which in ("last", "late last", "early last"):
            first = pub.replace(day=1)
            lo, hi = _month_range((first - timedelta(days=1)).year, (first - timedelta(days=1)).month)
            if which == "late last":
                lo = lo + timedelta(days=20)
            elif which == "early last":
                hi = lo + timedelta(days=9)
            return DateRef(lo, hi, 3, kind)
        return DateRef(pub.replace(day=1), pub, 2 if pub.day <= 7 else 3, kind)
    return None


def find_dates(text: str, pub: date | None) -> list[tuple[int, int, str, DateRef]]:
    """All date expressions in ``text`` as (start, end, words, DateRef), earliest pattern wins overlaps."""
    taken: list[tuple[int, int]] = []  # the spans kept so far: disjoint, in order
    out = []
    p = prepared(text)
    for i in _PATTERN_SET.passing(p):
        kind, rx = PATTERNS[i]
        mine: list[tuple[int, int]] = []  # this pattern's, merged into ``taken`` after it
        for m in rx.all_matches(p):
            s, e = m.span()
            if _overlaps(taken, s, e) or _overlaps(mine, s, e):
                continue
            g = {k: v for k, v in m.groupdict().items() if v is not None}
            g["_text"] = m.group(0)
            ref = resolve(kind, g, pub)
            if ref is None:
                continue
            insort(mine, (s, e))  # (at the end: a pattern's matches come in order)
            out.append((s, e, m.group(0), ref))
        if mine:
            taken = sorted(taken + mine)  # two sorted runs: merged in linear time
    out.sort(key=lambda x: x[0])
    # "Sunday 1 Feb 2015", "Wednesday, August 21": a weekday written before a day's date is that day
    return [d for d, nxt in zip(out, out[1:] + [None])
            if not (d[3].kind == "weekday" and nxt and nxt[3].kind in _DAY_DATES and not text[d[1]:nxt[0]].strip(" ,"))]


def _overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    """Whether [s, e) overlaps one of ``spans`` (disjoint and sorted, so their ends rise with their starts)."""
    k = bisect_left(spans, (e,))  # the spans starting before e; the last of them ends latest
    return k > 0 and spans[k - 1][1] > s


@stage("mentions.dates", requires=("sentences",), assigns=("mentions",))
def dates(article: Article, ctx) -> None:
    for i, sent in enumerate(article.sentences):
        for s, e, words, ref in find_dates(sent.text, article.published):
            article.mentions.append(Mention("date", sent.start + s, sent.start + e, words, i, ref))
