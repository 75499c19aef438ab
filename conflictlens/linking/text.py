"""TF-IDF vectors with fixed weights, so similarity never depends on what else is stored.

A word's weight is how much rarer it is than everyday English (``knowledge/data/term_weights.tsv.gz``,
built by ``scripts/build_term_weights.py`` from wordfreq): "the" weighs nothing, "killed" a little,
"Ghab" or "Tamer" (absent from the table) the most.  Term frequency is sublinear (1 + log tf).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from ..knowledge import zipf_table

# Zipf frequency (log10 per billion words) above which a word carries no information.
COMMON_ZIPF = 6.0
# Zipf given to words missing from the table: rarer than the rarest of the 60,000 it holds (~2.3).
UNSEEN_ZIPF = 1.5
# Words kept in a stored article vector: enough for the topic, small enough to store per article.
VECTOR_TERMS = 60

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


def term_weight(word: str) -> float:
    return max(0.0, COMMON_ZIPF - zipf_table().get(word, UNSEEN_ZIPF))


@lru_cache(maxsize=1)
def _weights() -> dict[str, float]:
    return {w: max(0.0, COMMON_ZIPF - z) for w, z in zipf_table().items()}


# Texts whose vectors are kept: a report's vector is needed each time it is a candidate.
VECTOR_CACHE_ITEMS = 8192


@lru_cache(maxsize=VECTOR_CACHE_ITEMS)
def vector(text: str, terms: int | None = VECTOR_TERMS) -> dict[str, float]:
    """Unit-length TF-IDF vector of ``text`` (its ``terms`` heaviest words).  Cached by text:
    callers must not change the dict."""
    from unidecode import unidecode

    counts = Counter(_WORD.findall(unidecode(text).lower()))
    weights, unseen = _weights(), max(0.0, COMMON_ZIPF - UNSEEN_ZIPF)
    vec = {w: (1 + math.log(n)) * weights.get(w, unseen) for w, n in counts.items()}
    vec = {w: x for w, x in vec.items() if x > 0}
    if terms is not None and len(vec) > terms:
        vec = dict(sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:terms])
    norm = math.sqrt(sum(x * x for x in vec.values())) or 1.0
    return {w: round(x / norm, 5) for w, x in vec.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())
