"""Sub-stage 5, roles: each chosen place becomes a mention with its role (where the event happened,
where a source sits, a country named as context, a qualifier of another name, unknown), its
geo_precision, its point and its cue; features named relative to a place ("a military airport north
of Aleppo") and borders ("the Turkish border") are added."""

from __future__ import annotations

import math
import re
from bisect import bisect_right

from ...knowledge.gazetteer import Place, haversine_km
from ...knowledge.matcher import Prepared
from ...knowledge.names import name_key
from ...models import Mention
from .cues import cue, precision_for
from .patterns import (AFTER_A_NAME, AREA_KINDS, BEARINGS, BORDER_RE, FEATURE_KINDS, LOCALITY_AFTER, LOCALITY_BEFORE,
                       RELATIONAL_BEFORE)
from .qualifiers import contains, on_edge
from .records import Candidate, PlaceRef
from .scoring import Scores
from .unknown import one_place


def _town_of_district(c: Candidate, p: Place) -> Place:
    """"Imam Sahib district": ACLED places it at the district's town of that name, if any."""
    town = [t for t in c.places if t.kind not in AREA_KINDS and t.country == p.country and t.admin1 == p.admin1]
    return max(town, key=lambda t: t.population) if town else p


def settle(job, cands: list[Candidate], links: list[list[int]], sc: Scores) -> tuple[list[Place], set[int]]:
    """The place of each name, and the names whose qualifier rules out every candidate (places we do
    not know).  "X town in Dar'a" is not a namesake X across the border in Jordan: another spelling of a place
    of the qualifier's province, if one and the name is long enough to say, else a place we do not know."""
    gaz, cfg = job.gaz, job.cfg
    bests, unplaced = [], set()
    for k, c in enumerate(cands):
        best = sc.chosen[k]
        if best.kind == "admin2":
            best = _town_of_district(c, best)
        if links[k] and sc.fit[k][best.idx] == 0 and best.kind not in ("admin1", "country"):
            areas = {(sc.chosen[j].country, sc.chosen[j].admin1) for j in links[k]}
            long_enough = len(name_key(c.words).replace(" ", "")) >= cfg.skeleton_unknown_min_chars
            alt = [p for cc in {a[0] for a in areas} for p in (gaz.places(gaz.lookup_skeleton(c.words, cc))
                                                               if long_enough else ())
                   if (p.country, p.admin1) in areas and p.kind not in AREA_KINDS]
            if one_place(cfg, alt):
                best = max(alt, key=lambda p: p.population)
                sc.base[k][best.idx], sc.fit[k][best.idx] = 0.0, 1.0
            else:
                unplaced.add(k)
        bests.append(best)
    return bests, unplaced


# a foreign place named as an agent stands for its government (metonymy): "by Washington", "Ankara said"
_AGENT_BEFORE = re.compile(r"\bby\s+$")
_SPEAKS_AFTER = re.compile(r"['’]?s?\s+(?:has\s+|have\s+|had\s+|is\s+|was\s+)?(?:also\s+)?(?:said|says|say|denied|denies|"
                           r"accused|accuses|warned|warns|announced|announces|blamed|blames|called|calls|urged|urges|"
                           r"condemned|condemns|insisted|insists|claimed|claims|leads|led|leading|launched|backs|backed|"
                           r"supports|supported|rejected|rejects|responded|responds|vowed|vows|threatened|threatens)\b")


def _role(job, c: Candidate, k: int, best: Place, bests: list[Place], qualified_by: list[int], unplaced: set,
          dominant: str) -> str:
    text = job.text
    window = text[max(0, c.start - 40):c.start] + "@" + text[c.end:min(len(text), c.end + 25)]
    pw = Prepared(window)
    role = "source" if any(p.search(pw) for p in job.words.source_contexts) else "location"
    if role == "location" and best.kind == "country" and dominant and best.country != dominant:
        role = "context"  # "Iran", "Turkey" named in a Syrian story say who, not where
    if (role == "location" and dominant and best.country != dominant
            and (_AGENT_BEFORE.search(text, max(0, c.start - 5), c.start) or _SPEAKS_AFTER.match(text, c.end))):
        role = "context"  # "raids ordered by Paris", "Moscow denied": a foreign capital for its government
    if role == "location" and any(q not in unplaced and (bests[q].idx == best.idx or contains(best, bests[q])
                                                         or on_edge(job, best, bests[q])) for q in qualified_by):
        # "Sindh" in "Mehrabpur (Naushahro Firoz, Sindh)" says where Mehrabpur is; "Al Jawf, Ad Dali
        # and Taizz governorates" is a list of places
        role = "qualifier"
    return role


def mentions(job, cands: list[Candidate], links: list[list[int]], sc: Scores, dominant: str) -> list[Mention]:
    """The place mentions of the candidates, in order, with roles."""
    text, gaz = job.text, job.gaz
    bests, unplaced = settle(job, cands, links, sc)
    qualified_by: list[list[int]] = [[] for _ in cands]
    for k, outs in enumerate(links):
        for j in outs:
            qualified_by[j].append(k)
    out: list[Mention] = []
    cues: list[str] = []
    for k, c in enumerate(cands):
        best = bests[k]
        role = _role(job, c, k, best, bests, qualified_by[k], unplaced, dominant)
        precision = max(precision_for(best.kind, text[max(0, c.start - 40):c.start]),
                        2 if sc.chosen[k].kind == "admin2" else 1)
        # a province named as where something happened ("protests across West Bengal"): at its seat, as
        # ACLED codes it; one that places another name ("in Ayn Zarah (Tripoli)", "in Patzuaro, Michoacan"):
        # somewhere in it, at its own point
        lat, lon = gaz.seat(best.idx) if role == "location" and not AFTER_A_NAME.search(
            text, max(0, c.start - 40), c.start) else (best.lat, best.lon)
        cues.append(cue(cands, k, text, cues))
        ref = PlaceRef.of(best, precision, role, lat=lat, lon=lon, score=sc.total(k, job.cfg, best), cue=cues[-1],
                          abroad=bool(dominant) and best.country != dominant)
        out.append(Mention("place", c.start, c.end, c.words, c.sentence, ref))
    for k in sorted(unplaced):
        # "Mesquita, Rio de Janeiro" with no Mesquita in Rio de Janeiro known: the qualifier, approximately
        # (when it is in the article's country: a namesake abroad qualifies nothing); in "Kahuta sector
        # (Haveli district, AJK)" with neither known there, the first one that is
        q = out[next((j for j in links[k] if j not in unplaced), links[k][-1])].value
        if dominant and q.country != dominant:
            continue
        out[k].value.role = "unknown"
        q.role, q.precision = "location", max(q.precision, 2)  # (at the qualifier's own point: somewhere in it)
    localities_elsewhere(job, out)
    return out + relational_features(job, out)


def localities_elsewhere(job, out: list[Mention]) -> None:
    """"in Ribeirao das Neves, Minas Gerais, ... in Sossego neighborhood": a neighbourhood or community is
    part of the town its sentence names: a namesake of the gazetteer's that is not within locality_km of
    one of the sentence's towns (or, if it names none, in a province it names) is not it, and places nothing."""
    text = job.text
    for m in out:
        p = m.value
        if p.role != "location" or p.kind in AREA_KINDS or not (
                LOCALITY_AFTER.match(text, m.end) or LOCALITY_BEFORE.search(text, max(0, m.start - 40), m.start)):
            continue
        others = [o.value for o in out if o is not m and o.sentence == m.sentence
                  and o.value.role in ("location", "qualifier") and o.value.kind != "country"]
        towns = [o for o in others if o.kind not in ("admin1", "admin2")]
        if towns:
            elsewhere = not any(haversine_km(o.lat, o.lon, p.lat, p.lon) <= job.cfg.locality_km for o in towns)
        else:
            elsewhere = bool(others) and not any((o.country, o.admin1) == (p.country, p.admin1) for o in others)
        if elsewhere:
            p.role = "unknown"


def _bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(x, y)) % 360


def _angle_between(a: float, b: float) -> float:
    return abs((a - b + 180) % 360 - 180)


def relational_features(job, found: list[Mention]) -> list[Mention]:
    """"a military airport north of Aleppo": the feature of that kind nearest the anchor in that
    direction, if the gazetteer knows one within relational_max_km; the anchor becomes its qualifier."""
    text, cfg, out = job.text, job.cfg, []
    for m in found:
        ref = m.value
        if ref.role != "location" or ref.kind == "country":
            continue
        rm = RELATIONAL_BEFORE.search(text, max(0, m.start - 80), m.start)
        if rm is None:
            continue
        kinds = FEATURE_KINDS[rm.group("what").lower().replace("air base", "airbase")]
        bearing = BEARINGS[rm.group("dir").lower().replace("-", "")]
        best, best_km = None, cfg.relational_max_km
        for p in job.gaz.places_of_kinds(kinds, ref.country):
            km = haversine_km(ref.lat, ref.lon, p.lat, p.lon)
            if 0 < km < best_km and _angle_between(_bearing(ref.lat, ref.lon, p.lat, p.lon), bearing) <= cfg.relational_max_degrees:
                best, best_km = p, km
        if best is None:
            continue
        ref.role = "qualifier"
        feat = PlaceRef.of(best, 2, "location", score=ref.score, cue="at")
        out.append(Mention("place", rm.start(), m.end, text[rm.start():m.end], m.sentence, feat))
    return out


def border_mentions(job) -> list[Mention]:
    """"the Turkish border", "the Syrian side of the border": the country is named, as context only."""
    article, gaz, out = job.article, job.gaz, []
    starts = [s.start for s in article.sentences]
    for m in BORDER_RE.finditer(article.text):
        cc = job.demonyms.get(m.group(1).lower())
        row = gaz.country_row(cc) if cc else None
        if row is None:
            continue
        n = bisect_right(starts, m.start()) - 1  # the sentence it is in (the first one if none)
        si = n if n >= 0 and m.start() < article.sentences[n].end else 0
        ref = PlaceRef.of(gaz.place(row), 3, "context", score=0.0)
        out.append(Mention("place", m.start(), m.end(), m.group(0), si, ref))
    return out

