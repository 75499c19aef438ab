"""What the words before a name say about it: governed by a locative word ("in X"), approached
("north of X"), a landmark in a describing clause, an origin ("from X"); and its geo_precision."""

from __future__ import annotations

import re

from .patterns import (APPROACH_WORDS, CONJUNCTION_GAP, DESCRIPTION_BEFORE, DESCRIPTOR_BEFORE, LOCATIVE_BEFORE,
                       LOCATIVE_CUES, LOCATIVE_SPAN_WORDS, NEAR_WORDS, ORIGIN_BEFORE, ORIGIN_CUES, ORIGIN_SPAN_WORDS,
                       REGION_KINDS, ROAD_AFTER, ROAD_ENDS_BEFORE, WORD_TAIL)
from .records import Candidate


def governed(rx: re.Pattern, before: str, span_words: int, cues: frozenset) -> bool:
    """``rx.search(before)`` for an end-anchored cue pattern, searched from the last ``span_words``
    words only (``re`` would try every position of ``before``), and only when one of those words ends
    in one of the pattern's ``cues`` (a match begins with one at a word boundary and a space follows
    it; in ASCII text, lowercasing is what the pattern's IGNORECASE does)."""
    parts = before.rsplit(None, span_words)
    if before.isascii() and not any(WORD_TAIL.search(w).group(0).lower() in cues
                                    for w in (parts[1:] if len(parts) > span_words else parts)):
        return False
    return rx.search(before, len(parts[0]) if len(parts) > span_words else 0) is not None


def locative_at(text: str, start: int) -> bool:
    """Whether a locative word governs the word at ``start`` (``LOCATIVE_BEFORE`` in the 60 characters before)."""
    return governed(LOCATIVE_BEFORE, text[max(0, start - 60):start], LOCATIVE_SPAN_WORDS, LOCATIVE_CUES)


def undescribed(before: str) -> str:
    """The text before a name without a describing "the port city of" at its end."""
    return DESCRIPTOR_BEFORE.sub(" ", before) if before.rstrip().endswith(("of", "capital", "capital,")) else before


def precision_for(kind: str, before: str) -> int:
    if kind in ("admin1", "country"):
        return 3
    b = undescribed(before).lower().rstrip()
    if kind in REGION_KINDS or kind == "admin2" or any(b.endswith(w) for w in NEAR_WORDS):
        return 2
    return 1


def cue(cands: list[Candidate], k: int, text: str, done_cues: list[str]) -> str:
    """The cue of candidate ``k`` (``done_cues``: those of the candidates before it)."""
    c = cands[k]
    s, e = c.start, c.end
    if k > 0 and cands[k - 1].sentence == c.sentence and CONJUNCTION_GAP.fullmatch(text[cands[k - 1].end:s]):
        return done_cues[k - 1]  # "in Al Wahbiyah and Al Humayqan"
    before = text[max(0, s - 60):s]
    if ((s > 0 and text[s - 1] == "-") or text[e:e + 1] == "-" or ROAD_AFTER.match(text, e)
            or ROAD_ENDS_BEFORE.search(text, max(0, s - 60), s)):
        # an end of "the Dhaka-Mymensingh highway": the road runs somewhere between; "on Murree road
        # in Rawalpindi": the road leads to Murree
        return "near"
    if DESCRIPTION_BEFORE.search(text, max(0, s - 100), s):
        return "described"  # "Zabadani, which sits between the capital of Damascus and ..."
    if undescribed(before).lower().rstrip().endswith(APPROACH_WORDS):
        return "near"  # "in the countryside of Lattakia", "north of Aleppo": somewhere around it
    if governed(LOCATIVE_BEFORE, before, LOCATIVE_SPAN_WORDS, LOCATIVE_CUES):
        return "at"
    if governed(ORIGIN_BEFORE, undescribed(before), ORIGIN_SPAN_WORDS, ORIGIN_CUES):
        return "from"  # ("toward the leader's hometown of Qardaha")
    return ""
