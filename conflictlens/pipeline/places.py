"""Stage ``mentions.places``: place names found with the gazetteer and resolved in context.

Candidates are capitalised token spans whose key is in the gazetteer (longest
first).  Each is resolved to one place by a score (see ``score_candidate``):
the article's country, an admin area named in the article, prominence, and the
kind of place.  Spans that name an actor ("Islamic State", "Ahrar al-Sham"),
common words ("Police", "Independence") and places that only say where a
source sits ("the UK-based Observatory", "the Lebanese website") are not
locations of events; the last are kept with ``role="source"``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..knowledge import load_data_yaml
from ..knowledge.matcher import Token, tokenize
from ..models import Article, Mention
from . import stage

# Score weights: an admin area named in the same article outweighs prominence,
# the article's country outweighs both (a village in Syria beats a town of the
# same name in Egypt when the article is about Syria).
W_COUNTRY = 6.0
W_ADMIN_CONTEXT = 4.0
W_POPULATION = 0.35  # per log10 of population
W_CURATED = 1.5  # UCDP and hand-written features are conflict places
W_KIND_ADMIN1 = 1.0
SKELETON_MIN_LEN = 4
MIN_SINGLE_TOKEN_CHARS = 4  # "Tel", "Deb", "Um": too short to trust alone
# A place outside the article's main country is kept only if that country is named in
# the article or the place is a big city (reporters name capitals and big cities abroad).
FOREIGN_MIN_POPULATION = 100_000
DOMINANT_SHARE = 0.5  # the country with this share of the place votes is the article's country  # a transliteration-variant match needs a name this long
# geo_precision (ACLED): 1 the town itself, 2 near it / part of a region, 3 the region
NEAR_WORDS = ("countryside of", "outskirts of", "near", "north of", "south of", "east of", "west of",
              "northeast of", "northwest of", "southeast of", "southwest of", "around", "rural",
              "vicinity of", "outside", "edge of", "km from", "kilometres from", "kilometers from", "area of",
              "surroundings of", "suburbs of", "countryside", "eastern countryside of", "western countryside of",
              "northern countryside of", "southern countryside of")
REGION_KINDS = {"admin1", "country", "plain", "mountain", "area", "highway"}


@dataclass(slots=True)
class PlaceRef:
    name: str  # the gazetteer's name
    kind: str
    country: str  # ISO2
    admin1: str
    admin2: str
    lat: float
    lon: float
    precision: int
    role: str = "location"  # "location" or "source" (where a reporter or outlet sits)
    place_id: str = ""
    score: float = 0.0


@lru_cache(maxsize=1)
def _lexicon():
    d = load_data_yaml("place_words.yaml")
    return (frozenset(w.lower() for w in d["not_places"]), [re.compile(p, re.I) for p in d["source_contexts"]],
            frozenset(d["trailing_kind_words"]), frozenset(d["admin_words"]))


def _accept(tokens: list[Token], i: int, j: int) -> bool:
    if not tokens[i].capitalised or not tokens[j - 1].capitalised:
        return False
    not_places = _lexicon()[0]
    words = " ".join(t.text for t in tokens[i:j]).lower()
    if j - i == 1 and len(tokens[i].key) < MIN_SINGLE_TOKEN_CHARS:
        return False
    return words not in not_places


def find_candidates(text: str, offset: int, gaz, blocked: list[tuple[int, int]]):
    """(start, end, words, [row idx]) for gazetteer names in ``text`` (offset added)."""
    tokens = tokenize(text, offset)
    trailing = _lexicon()[2]
    out = []
    i, n = 0, len(tokens)
    while i < n:
        hit = None
        for j in range(min(n, i + 6), i, -1):
            if not _accept(tokens, i, j):
                continue
            s, e = tokens[i].start, tokens[j - 1].end
            if any(s < be and e > bs for bs, be in blocked):
                continue
            key = " ".join(t.key for t in tokens[i:j] if t.key)
            ids = gaz.lookup_key(key)
            # "Ghab plain", "Kweires airbase": try with the following kind word too
            if j < n and tokens[j].text.lower() in trailing:
                ids2 = gaz.lookup_key(key + " " + tokens[j].key)
                if ids2:
                    ids, e, j = ids2, tokens[j].end, j + 1
            if ids:
                hit = (s, e, j, ids)
                break
        if hit:
            s, e, j, ids = hit
            out.append((s, e, text[s - offset:e - offset], list(ids), tokens[i:j]))
            i = j
        else:
            i += 1
    return out


def score_candidate(row: tuple, country_votes: Counter, admin_context: set, is_admin_phrase: bool) -> float:
    _pid, kind, _name, cc, a1, _a2, _lat, _lon, pop, src = row
    total = sum(country_votes.values()) or 1
    s = W_COUNTRY * country_votes.get(cc, 0) / total
    if (cc, a1) in admin_context and kind != "admin1":
        s += W_ADMIN_CONTEXT
    s += W_POPULATION * math.log10(pop + 1)
    if src in ("ucdp", "features"):
        s += W_CURATED
    if kind == "admin1":
        s += W_KIND_ADMIN1 * (3 if is_admin_phrase else 0.5)
    if kind == "country":
        s += 3
    return s


def precision_for(kind: str, before: str) -> int:
    if kind in ("admin1", "country"):
        return 3
    b = before.lower().rstrip()
    if kind in REGION_KINDS or any(b.endswith(w) for w in NEAR_WORDS):
        return 2
    return 1


def resolve_places(article: Article, gaz, blocked_spans, demonyms: dict | None = None) -> list[Mention]:
    not_places, source_ctx, _trailing, admin_words = _lexicon()
    cands = []
    for si, sent in enumerate(article.sentences):
        for s, e, words, ids, _toks in find_candidates(sent.text, sent.start, gaz, blocked_spans):
            cands.append((si, s, e, words, ids))
    if not cands:
        return []
    # Country votes: unambiguous names count fully, ambiguous ones share a vote.
    votes: Counter = Counter()
    for _si, _s, _e, _w, ids in cands:
        ccs = {gaz.rows[i][3] for i in ids}
        for cc in ccs:
            votes[cc] += 1.0 / len(ccs)
    if article.country_hint:
        votes[article.country_hint] += 2
    named_countries = {gaz.rows[i][3] for _si, _s, _e, _w, ids in cands for i in ids if gaz.rows[i][1] == "country"}
    named_countries |= _demonym_countries(article.text, demonyms or {})
    total = sum(votes.values())
    dominant = votes.most_common(1)[0][0] if votes and votes.most_common(1)[0][1] / total >= DOMINANT_SHARE else ""
    if dominant:
        # a name with no place in the article's country: try other transliterations there ("Bara"/"Barah")
        cands = [(si, s, e, w, ids if any(gaz.rows[i][3] == dominant for i in ids) or len(w) < SKELETON_MIN_LEN
                  else (gaz.lookup_skeleton(w, dominant) or ids)) for si, s, e, w, ids in cands]

        def plausible(i):
            r = gaz.rows[i]
            return r[3] == dominant or r[3] in named_countries or r[8] >= FOREIGN_MIN_POPULATION
        cands = [(si, s, e, w, [i for i in ids if plausible(i)]) for si, s, e, w, ids in cands]
        cands = [c for c in cands if c[4]]
    admin_context = set()
    for _si, _s, _e, _w, ids in cands:
        for i in ids:
            r = gaz.rows[i]
            if r[1] == "admin1":
                admin_context.add((r[3], r[4]))
    out = []
    text = article.text
    for si, s, e, words, ids in cands:
        after = text[e:e + 20].lower()
        is_admin_phrase = bool(re.match(r"\s*(" + "|".join(admin_words) + r")\b", after))
        best = max(ids, key=lambda i: score_candidate(gaz.rows[i], votes, admin_context, is_admin_phrase))
        r = gaz.rows[best]
        before = text[max(0, s - 40):s]
        window = text[max(0, s - 40):min(len(text), e + 25)]
        role = "source" if any(p.search(window) for p in source_ctx) else "location"
        ref = PlaceRef(r[2], r[1], r[3], r[4], r[5], r[6], r[7], precision_for(r[1], before), role, r[0],
                       score_candidate(r, votes, admin_context, is_admin_phrase))
        out.append(Mention("place", s, e, words, si, ref))
    return out


def _demonym_countries(text: str, dem: dict) -> set[str]:
    return {dem[w.lower()] for w in re.findall(r"[A-Z][a-z]+", text) if w.lower() in dem}


@stage("mentions.places", requires=("sentences",), assigns=("mentions",))
def places(article: Article, ctx) -> None:
    blocked = [(m.start, m.end) for m in article.mentions if m.kind == "actor"]
    mentions = resolve_places(article, ctx.gazetteer, blocked, ctx.actors.demonyms)
    article.mentions.extend(mentions)
    located = Counter(m.value.country for m in mentions if m.value.role == "location")
    if located and not article.country_hint:
        article.country_hint = located.most_common(1)[0][0]
