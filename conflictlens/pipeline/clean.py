"""Stage ``clean``: the article text without web-page leftovers.

Scraped pages carry navigation and widget text ("Loading Now", "Logo Wide",
"Post Comment", "Helpful keywords") and credit lines ("Original Source: ...",
"Translated and edited by ...").  Leftovers are dropped; credit lines are kept
as metadata (``Article.original_source``).  The patterns are data, in
``knowledge/data/boilerplate.yaml``.

An article whose text carries its own dateline, opening it ("Sun 05 Jul 2015 22 dead in ...",
"BEIRUT, March 8, 2015 (AFP) -") or after the headline with a wire service's credit ("... Monitor
AFP Sunday 1 Feb 2015 At least seven ..."), is dated by it (``published_from`` "dateline"): that is
the day its "yesterday" and "on Saturday" count from.  A date given from outside (a record's field,
a page's metadata, a manifest, ``--published``) that differs is replaced, and kept in
``published_from`` ("dateline; record said 2015-02-16"): page metadata is often a later update or
the day a copy was made.
"""

from __future__ import annotations

import re
from functools import lru_cache

from datetime import date

from ..knowledge import load_data_yaml
from ..models import Article
from . import stage


@lru_cache(maxsize=1)
def _patterns():
    data = load_data_yaml("boilerplate.yaml")
    drop = [re.compile(p, re.I) for p in data["drop_lines"]]
    credit = [re.compile(p, re.I) for p in data["credit_lines"]]
    return drop, credit


def clean_text(raw: str) -> tuple[str, list[str]]:
    """Return the cleaned text and the credits found (outlet names)."""
    drop, credit = _patterns()
    lines, credits, seen = [], [], set()
    for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        s = " ".join(line.split())
        if not s:
            if lines and lines[-1] != "":
                lines.append("")
            continue
        m = next((c.match(s) for c in credit if c.match(s)), None)
        if m:
            credits.append(m.group("who").strip(" ."))
            continue
        if any(p.fullmatch(s) for p in drop):
            continue
        if s in seen and len(s) < 200:  # a repeated headline
            continue
        seen.add(s)
        lines.append(s)
    return "\n".join(lines).strip(), credits


_MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_MONTH_RE = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY_RE = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+"
_FULL_DATE_RE = (r"(?:(?P<d1>\d{1,2})\s+" + _MONTH_RE.replace("mon>", "mon1>") + r",?\s+(?P<y1>(?:19|20)\d\d)"
                 r"|" + _MONTH_RE.replace("mon>", "mon2>") + r"\s+(?P<d2>\d{1,2}),?\s+(?P<y2>(?:19|20)\d\d))\b")
# At the very start of the text: an optional weekday and place, then a full date with a year.
DATELINE_RE = re.compile(
    r"^\W{0,3}(?:(?:published|posted|updated)(?: on)?:?\s+)?(?:[A-Z][A-Za-z .'-]{1,30},\s+)?"
    r"(?:" + _WEEKDAY_RE + r")?" + _FULL_DATE_RE, re.I)
# Within an article's lead: a wire service's credit, a weekday and a full date, as pages that carry
# agency copy write them after the headline ("... Monitor AFP Friday 23 Aug 2013 A suicide bombing").
DATELINE_LEAD_CHARS = 400
WIRE_DATELINE_RE = re.compile(
    r"\b(?:AFP|Reuters|AP|Associated Press|dpa|DPA|Xinhua|Anadolu|SANA|NNA|RIA Novosti|TASS|UPI|ANSA|EFE)\)?[\s,:-]+"
    r"(?i:" + _WEEKDAY_RE + _FULL_DATE_RE + r")")


# Scraped pages also open with a date written in figures ("01-10-2014", "21.08.2013", "6-09-2013") or
# with the day run into the year ("Last updated at Jul 152015").
NUMERIC_DATELINE_RE = re.compile(
    r"^\W{0,3}(?:(?:published|posted|updated|last updated)(?: on| at)?:?\s+)?"
    r"(?P<a>\d{1,2})[-./](?P<b>\d{1,2})[-./](?P<y>(?:19|20)\d\d)(?!\d)", re.I)
RUN_TOGETHER_DATELINE_RE = re.compile(
    r"^\W{0,3}(?:(?:published|posted|updated|last updated)(?: on| at)?:?\s+)?" + _MONTH_RE +
    r"\s+(?P<d>\d{1,2})(?P<y>(?:19|20)\d\d)\b", re.I)


def dateline_match(text: str, given: date | None = None) -> tuple[date, tuple[int, int]] | None:
    """The date of a dateline opening ``text`` (or of a wire credit's in its first
    DATELINE_LEAD_CHARS characters) and where it stands; None without one.  A date in figures is
    read day first unless only the other order is a date, or ``given`` (the date the input came
    with) is nearer to the other reading."""
    m = DATELINE_RE.match(text[:80]) or WIRE_DATELINE_RE.search(text[:DATELINE_LEAD_CHARS])
    if m:
        day, mon, year = (m.group("d1"), m.group("mon1"), m.group("y1")) if m.group("d1") else (
            m.group("d2"), m.group("mon2"), m.group("y2"))
        try:
            return date(int(year), _MONTHS[mon[:3].lower()], int(day)), m.span()
        except ValueError:
            return None
    m = RUN_TOGETHER_DATELINE_RE.match(text[:80])
    if m:
        try:
            return date(int(m.group("y")), _MONTHS[m.group("mon")[:3].lower()], int(m.group("d"))), m.span()
        except ValueError:
            return None
    m = NUMERIC_DATELINE_RE.match(text[:40])
    if m:
        a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
        readings = []
        for d, mo in ((a, b), (b, a)):
            try:
                readings.append(date(y, mo, d))
            except ValueError:
                pass
        if readings:
            best = min(readings, key=lambda r: abs((r - given).days)) if given else readings[0]
            return best, m.span()
    return None


def dateline(text: str, given: date | None = None) -> date | None:
    """The date of ``text``'s dateline (``dateline_match``), or None."""
    hit = dateline_match(text, given)
    return hit[0] if hit else None


@stage("clean", requires=("raw",), assigns=("text",))
def clean(article: Article, ctx) -> None:
    text, credits = clean_text(article.raw)
    article.text = text
    if credits and not article.original_source:
        article.original_source = "; ".join(credits)
    d = dateline(text, article.published)
    if d is not None and d != article.published:
        given = f"; {article.published_from or 'input'} said {article.published}" if article.published else ""
        article.published, article.published_from = d, "dateline" + given
