"""Stage ``mentions.figures``: counts of killed, injured and displaced, with who reported them.

A number (digits, number words, or a vague quantity coded as ACLED does:
"dozens" 12, "several" 10, "hundreds" 100) within a few words of a casualty
word becomes a figure.  The reporter is the first known monitor, agency or
official named in the same sentence ("according to the Syrian Observatory").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from ..knowledge import load_data_yaml
from ..knowledge.matcher import Trigger, prepared
from ..models import Article, Mention
from . import stage

FIGURE_WINDOW_WORDS = 6  # a number this many words before/after a casualty word belongs to it
MAX_COUNT = 10_000_000_000  # more people than live on Earth: not a count (nor a number the database holds)


@dataclass(slots=True)
class FigureRef:
    kind: str  # killed | injured | displaced | in_need
    value: int
    reported: str  # the quantity as written ("at least 26")
    qualifier: str  # "at least", "more than", "" ...
    source: str | None


@lru_cache(maxsize=1)
def _lex():
    d = load_data_yaml("figures.yaml")
    vague = d["vague_quantities"]
    words = d["number_words"]
    qty = (r"(?P<qual>at least|more than|over|nearly|almost|around|about|some|up to|as many as|approximately|roughly|at most|fewer than|less than)?\s*"
           r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + "|".join(sorted(map(re.escape, list(words) + [k for k in vague if len(k) > 2]), key=len, reverse=True)) + r")"
           r"(?:\s*(?P<mult>million|thousand|hundred))?")
    kinds = {k: sorted(v, key=len, reverse=True) for k, v in d["kinds"].items()}
    kind_rx = {k: Trigger(r"\b(" + "|".join(map(re.escape, v)) + r")\b") for k, v in kinds.items()}
    # (canonical name, the alias as searched for a quick test, whether that test is on lowercased text, pattern)
    reporters = [(canon, alias if alias.isupper() else alias.lower(), not alias.isupper(),
                  re.compile(r"(?<![\w-])" + re.escape(alias) + r"(?![\w-])", re.I if not alias.isupper() else 0))
                 for canon, aliases in d["reporters"].items() for alias in sorted(aliases, key=len, reverse=True)]
    return Trigger(r"\b" + qty + r"\b"), vague, words, kind_rx, reporters


def number_value(num: str, mult: str | None) -> int | None:
    _qrx, vague, words, _k, _r = _lex()
    n = num.lower().replace(",", "")
    if n in words:
        v = float(words[n])
    elif n in vague:
        v = float(vague[n])
    else:
        try:
            v = float(n)
        except ValueError:
            return None
    v *= {"million": 1e6, "thousand": 1e3, "hundred": 1e2}.get((mult or "").lower(), 1)
    return int(v) if v <= MAX_COUNT else None


def find_reporter(text: str) -> str | None:
    best, lowered = None, text.lower()
    for canon, literal, in_lowered, rx in _lex()[4]:
        if literal not in (lowered if in_lowered else text):
            continue  # a substring test first: most sentences name no reporter
        m = rx.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), canon)
    return best[1] if best else None


def find_figures(text: str) -> list[tuple[int, int, FigureRef]]:
    """Each casualty word's figure: the nearest quantity within FIGURE_WINDOW_WORDS words before
    it, else within three words after it.  A keyword looks only at the quantities in the words of
    its window (by word number, with ``bisect``), so the cost grows with the sentence, not with
    the product of its keywords and numbers."""
    qrx, _v, _w, kind_rx, _r = _lex()
    out = []
    p = prepared(text)
    keywords = sorted(((km, kind) for kind, krx in kind_rx.items() for km in krx.finditer(p)), key=lambda x: x[0].start())
    if not keywords:
        return out
    reporter = find_reporter(text)
    quantities = list(qrx.finditer(p))
    # words before a position, as len(text[:pos].split()) counts them: the runs of non-space that start before it
    run_starts = [m.start() for m in _RUN_RE.finditer(text)]

    def words_before(pos: int) -> int:
        return bisect_left(run_starts, pos)

    q_words = [words_before(qm.start()) for qm in quantities]  # non-decreasing: quantities come in order
    q_starts = [qm.start() for qm in quantities]
    used: set[int] = set()  # a quantity counts for one casualty word only
    spans: dict[str, list[tuple[int, int]]] = {}  # each kind's figure spans so far (disjoint, sorted)
    for km, kind in keywords:
        kw = words_before(km.start())
        qm = _best_quantity(text, km, kind, kw, quantities, q_words, q_starts, used)
        if qm is None:
            continue
        used.add(qm.start("num"))
        v = number_value(qm.group("num"), qm.group("mult"))
        if v is None:
            continue
        reported = " ".join(x for x in (qm.group("qual"), qm.group("num"), qm.group("mult")) if x)
        s, e = min(qm.start(), km.start()), max(qm.end(), km.end())
        taken = spans.setdefault(kind, [])
        k = bisect_left(taken, (s, e))
        if (k > 0 and taken[k - 1][1] > s) or (k < len(taken) and taken[k][0] < e):
            continue  # overlaps a figure of the same kind
        taken.insert(k, (s, e))
        out.append((s, e, FigureRef(kind, v, reported, (qm.group("qual") or "").lower(), reporter)))
    return out


_RUN_RE = re.compile(r"\S+")  # what str.split() splits on is what \s matches
# The window of a casualty word, nearest first: a quantity 1..FIGURE_WINDOW_WORDS words before it
# ranks before one 0..3 words after it ("12 killed", not "killed ... 5"); within a rank, the first.
_RANKS = tuple((True, d) for d in range(1, FIGURE_WINDOW_WORDS + 1)) + tuple((False, d) for d in range(0, 4))


def _best_quantity(text: str, km, kind: str, kw: int, quantities, q_words, q_starts, used):
    """The quantity that belongs to the casualty word ``km`` (word number ``kw``), or None."""
    for before, dist in _RANKS:
        qw = kw - dist if before else kw + dist
        lo, hi = bisect_left(q_words, qw), bisect_right(q_words, qw)
        if before is False:
            lo = max(lo, bisect_left(q_starts, km.end(), lo, hi))  # after it: starting at its end or later
        for n in range(lo, hi):
            qm = quantities[n]
            if qm.group("num").lower() in ("a", "an") and kind != "killed" or qm.start("num") in used:
                continue
            if (qm.end() <= km.start()) != before:
                continue
            between = text[min(qm.end(), km.end()):max(qm.start(), km.start())]
            if re.search(r"[.;]|\band\b.*\b(killed|injured|wounded)\b", between):
                continue
            if not before and re.match(r"\s*(people |civilians |persons )?(injured|wounded|displaced|dead|killed)", text[qm.end():]):
                continue  # "killed and 5 injured": the 5 belongs to the next word
            if re.fullmatch(r"(19|20)\d\d", qm.group("num")):
                continue  # a year, not a count
            return qm
    return None


@stage("mentions.figures", requires=("sentences",), assigns=("mentions",))
def figures(article: Article, ctx) -> None:
    for si, sent in enumerate(article.sentences):
        for s, e, ref in find_figures(sent.text):
            article.mentions.append(Mention("figure", sent.start + s, sent.start + e, sent.text[s:e], si, ref))
