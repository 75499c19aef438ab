"""Searches the events stage makes over more than one sentence, answered in time linear in the article.

Searching the rest of a paragraph for each of its sentences, or the whole article for each event,
made a long article cost the square of its length (a 270 KB text took a minute).  These helpers
give the very answers of those searches, each scan done once per article or paragraph:

- ``ParagraphRest``: ``rx.search(sentence + " " + rest_of_paragraph)`` for paragraph-scope
  refinements, from one scan of the paragraph per pattern;
- ``last_end_before``: the end of the last match of a pattern in ``text[:at]``;
- ``found_in``: whether a pattern matches the text at all, asked once per article;
- ``EarlierSentences``: the place and the date earlier sentences of a paragraph give a sentence,
  kept as the events stage moves from sentence to sentence instead of looked back for.

A pattern whose answer could depend on more than the one character before a position (lookaround)
or whose match length is unbounded is searched as before, so the answers are the same for any rule.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

# A pattern that can match more characters than this is searched the plain way: the window a
# sentence's own matches are looked for in would be as long as the paragraph anyway.
MAX_WINDOW_CHARS = 10_000
_WORD = re.compile(r"\w")
# the (pattern, text) scans kept: one article's few patterns (each holds its text, so not many)
SCAN_CACHE = 8


@lru_cache(maxsize=256)
def match_width(rx: re.Pattern) -> int | None:
    """The longest match ``rx`` can make, or None when it is unbounded, very long, or the pattern has
    lookaround (whose answer depends on text beyond the match)."""
    from re import _constants, _parser

    if any(x in rx.pattern for x in ("(?=", "(?!", "(?<")):
        return None
    _lo, hi = _parser.parse(rx.pattern, rx.flags).getwidth()
    return hi if hi < min(_constants.MAXREPEAT, MAX_WINDOW_CHARS) else None


def last_start(rx: re.Pattern, text: str, lo: int, hi: int) -> int:
    """The largest q in [lo, hi] with ``rx.match(text, q, hi)``, else -1; so that
    ``rx.search(text, p, hi)`` finds a match exactly when p <= this."""
    last = -1
    for m in rx.finditer(text, lo, hi):
        last = m.start()
    while last >= 0:  # a match may start inside the last one found ("clash" in "exchanges")
        m = rx.search(text, last + 1, hi)
        if m is None:
            break
        last = m.start()
    return last


class ParagraphRest:
    """The rest of a sentence's paragraph (``text[end:para_end]``), as a paragraph-scope refinement
    sees it: searched together with the sentence, joined by a space."""

    __slots__ = ("text", "end", "para_start", "para_end", "_last")

    def __init__(self, text: str, end: int, para_start: int, para_end: int, last: dict):
        self.text, self.end, self.para_start, self.para_end = text, end, para_start, para_end
        self._last = last  # (pattern, para_end) -> last_start over the paragraph, shared by its sentences

    def __str__(self) -> str:
        return self.text[self.end:self.para_end]

    def search(self, rx: re.Pattern, sentence: str) -> bool:
        """``rx.search(sentence + " " + str(self)) is not None``, without building that string."""
        width = match_width(rx)
        if width is None:
            return rx.search(sentence + " " + str(self)) is not None
        text, end, pe = self.text, self.end, self.para_end
        if pe - end <= width:  # a short rest: the search itself is cheap
            return rx.search(sentence + " " + text[end:pe]) is not None
        # a match starting in the sentence or on the joining space ends within `width` characters
        m = rx.search(sentence + " " + text[end:end + width + 1])
        if m is not None and m.start() <= len(sentence):
            return True
        key = (rx, pe)
        if key not in self._last:
            self._last[key] = last_start(rx, text, self.para_start, pe)
        last = self._last[key]
        if end + 1 <= last:
            return True  # a match inside the rest, where it sees the text as it is
        # the rest's first character: the sentence's own last one stands before it in the text,
        # the joining space before it in the search
        if not _WORD.match(text, end - 1, end):
            return end <= last  # both are non-word characters: the same answer
        return rx.match(" " + text[end:end + width + 1], 1) is not None


@lru_cache(maxsize=SCAN_CACHE)
def _ends(rx: re.Pattern, text: str) -> list[int]:
    return [m.end() for m in rx.finditer(text)]


def last_end_before(rx: re.Pattern, text: str, at: int, longest: int) -> int:
    """``max(m.end() for m in rx.finditer(text, 0, at))`` (0 if none) for a pattern whose matches are
    whole words of at most ``longest`` characters (``\\b(...)\\b``): the matches of the whole text that
    end by ``at``, and a word cut at ``at`` that matches only there."""
    ends = _ends(rx, text)
    k = bisect_right(ends, at)
    best = ends[k - 1] if k else 0
    return max([best] + [m.end() for m in rx.finditer(text, max(0, at - longest), at)])


@lru_cache(maxsize=SCAN_CACHE)
def found_in(rx: re.Pattern, text: str) -> bool:
    """``rx.search(text) is not None``, remembered for the article's text."""
    return rx.search(text) is not None


class EarlierSentences:
    """What the sentences before the current one give it, kept as the loop over the sentences moves
    on (looking back from each sentence made a long paragraph cost its square): per paragraph, the
    latest of the article's places in an earlier sentence, and the latest earlier dated news sentence
    (a background sentence's date, "a ceasefire established in 2020", is not passed on)."""

    def __init__(self, article, places, dates_by_sent, paras):
        self.article, self.places, self.paras, self.dates = article, places, paras, dates_by_sent
        self.places_of: dict[int, list[int]] = {}
        for n, m in enumerate(places):
            self.places_of.setdefault(m.sentence, []).append(n)
        self.last_place: dict[int, int] = {}  # paragraph -> index into places
        self.last_dated: dict[int, int] = {}  # paragraph -> sentence
        self.at = 0

    def reach(self, si: int) -> None:
        """Take in the sentences before ``si`` (their background flags are set by now)."""
        for k in range(self.at, si):
            para = self.paras[k]
            for n in self.places_of.get(k, ()):
                self.last_place[para] = max(n, self.last_place.get(para, -1))
            if not self.article.sentences[k].background and self._own_date(k) is not None:
                self.last_dated[para] = k
        self.at = max(self.at, si)

    def place_in_paragraph(self, si: int):
        n = self.last_place.get(self.paras[si])
        return self.places[n] if n is not None else None

    def _own_date(self, k: int):
        ms = [m for m in self.dates.get(k, []) if m.value.resolved]
        # prefer a day over a range, then the first mentioned
        return min(ms, key=lambda m: (m.value.precision, m.start)) if ms else None

    def date_for(self, si: int):
        """(date, its mention): the sentence's own, else the latest earlier dated news sentence's in
        its paragraph, else (None, None)."""
        own = self._own_date(si)
        if own is not None:
            return own.value, own
        k = self.last_dated.get(self.paras[si])
        return (self._own_date(k).value, self._own_date(k)) if k is not None else (None, None)
