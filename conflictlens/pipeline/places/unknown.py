"""Names the gazetteer does not know as written, governed by a locative word ("shelled Tall Refaat",
"in Maaret Al Naasan"), looked up by their transliteration skeleton among the places of the
article's country (and of the admin areas it names, if any)."""

from __future__ import annotations

import math

from ...knowledge.gazetteer import Place, haversine_km
from ...knowledge.matcher import tokenize
from .cues import locative_at
from .patterns import AREA_KINDS
from .records import Candidate, SpanSet


def one_place(cfg, places: list[Place]) -> bool:
    """Whether ``places`` are one place: entries (GeoNames' and UCDP's) within one_place_km of each other."""
    return bool(places) and all(haversine_km(places[0].lat, places[0].lon, p.lat, p.lon) <= cfg.one_place_km
                                for p in places)


def _named_points(cfg, cands: list[Candidate]) -> dict[tuple[int, int], list[tuple[float, float]]]:
    """The places (not countries) the candidates may be, by grid cell (``near_cell_deg`` a side)."""
    cells: dict[tuple[int, int], list[tuple[float, float]]] = {}
    deg, columns = cfg.near_cell_deg, cfg.near_columns
    for c in cands:
        for p in c.places:
            if p.kind != "country":
                cells.setdefault((math.floor(p.lat / deg), math.floor(p.lon / deg) % columns), []).append((p.lat, p.lon))
    return cells


def _near_any(cfg, p: Place, cells: dict) -> bool:
    """Whether place ``p`` lies within near_named_km of a named place (``_named_points``)."""
    lat, lon = p.lat, p.lon
    deg, columns = cfg.near_cell_deg, cfg.near_columns
    ci, cj = math.floor(lat / deg), math.floor(lon / deg)
    # a degree of longitude shrinks with latitude: widen the columns searched so none is missed
    reach = 1 + int(1 / max(math.cos(math.radians(min(abs(lat) + deg, 89.0))), 1e-6))
    for di in (-1, 0, 1):
        for dj in range(-reach, reach + 1):
            for la, lo in cells.get((ci + di, (cj + dj) % columns), ()):
                if haversine_km(lat, lon, la, lo) <= cfg.near_named_km:
                    return True
    return False


class _Near:
    """Whether a place is in an admin area the article names or near a place it names (the grid of
    named places is built when first needed)."""

    def __init__(self, cfg, cands: list[Candidate], areas: set):
        self.cfg, self.cands, self.areas, self.cells = cfg, cands, areas, None

    def named(self, p: Place) -> bool:
        if self.cells is None:
            self.cells = _named_points(self.cfg, self.cands)
        return _near_any(self.cfg, p, self.cells)

    def here(self, p: Place) -> bool:
        return (p.country, p.admin1) in self.areas or self.named(p)

    def one_place_here(self, places: list[Place]) -> list[Place]:
        """``places`` if they are one place, in a province the article names or near a place it names."""
        places = [p for p in places if self.here(p)]
        return places if one_place(self.cfg, places) else []


def _points(gaz, ids) -> list[Place]:
    return [p for p in gaz.places(ids) if p.kind not in AREA_KINDS]


def _longest_unknown(job, country: str, tokens, k: int, j: int, taken: SpanSet, near: _Near) -> Candidate | None:
    """The longest run ``tokens[k:jj]`` (jj from ``j`` down) known by skeleton, or None."""
    text, gaz, cfg = job.text, job.gaz, job.cfg
    for jj in range(j, k, -1):  # the longest run first, then shorter ("Koniko Gas Field": Koniko)
        s, e = tokens[k].start, tokens[jj - 1].end
        words = text[s:e]
        key = " ".join(t.key for t in tokens[k:jj] if t.key)
        if taken.overlaps(s, e):
            break  # (part of a known name: "Rajwara Handwara")
        if (len(key.replace(" ", "")) < cfg.skeleton_unknown_min_chars or words.lower() in job.words.not_places
                or words.lower() in job.demonyms):
            continue
        places = _points(gaz, gaz.lookup_skeleton(key, country))
        if jj == j:
            # in an admin area the article names, or near a place it names ("Sayyida Zeinab" by Damascus)
            places = [p for p in places if not near.areas or near.here(p)]
            if not places and jj == k + 1:
                # "Setharja": the gazetteer's Setharja Old, if the longer names it heads are one place
                places = near.one_place_here(_points(gaz, gaz.lookup_skeleton_head(key, country)))
        elif any(p.country == country for t in tokens[jj:j] for p in gaz.places(gaz.lookup_key(t.key))):
            break  # two names in a row, the second known ("Rajwara Handwara")
        else:  # a shortened run
            places = near.one_place_here(places)
        if places:
            return Candidate(s, e, words, places)
    return None


def unknown_names(job, country: str, cands: list[Candidate], blocked, areas: set) -> list[Candidate]:
    """Capitalised names not known as written, after a locative word, found by skeleton in
    ``country`` (in ``areas``, the admin areas the article or its actors name, or near its places);
    not adjectives of nationality ("in the Syrian capital")."""
    text, cfg = job.text, job.cfg
    # a word inside a known name or an actor is no unknown name: skipped before the costlier cue test
    # (a capitalised word before the next one is no cue for it, so nothing else changes)
    taken = SpanSet.of([(c.start, c.end) for c in cands] + list(blocked))
    near = _Near(cfg, cands, areas)
    out = []
    for si, sent in enumerate(job.article.sentences):
        tokens = tokenize(sent.text, sent.start)
        k = 1  # a sentence's first word is capitalised anyway
        while k < len(tokens):
            if not tokens[k].capitalised or taken.covers_start(tokens[k].start) or not locative_at(text, tokens[k].start):
                k += 1
                continue
            j = k
            while j < len(tokens) and j - k < cfg.max_unknown_name_tokens and tokens[j].capitalised and (
                    j == k or not text[tokens[j - 1].end:tokens[j].start].strip()):
                j += 1
            found = _longest_unknown(job, country, tokens, k, j, taken, near)
            if found:
                found.sentence = si
                out.append(found)
            k = j
    return out
