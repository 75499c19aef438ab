"""Sub-stage 4, scoring: each place a name may be gets a score (the article's country, the admin
areas it names, prominence, kind, a monitored front), and the fit with its qualifiers decides."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from ...knowledge.gazetteer import GRID_DEG, Place, haversine_km
from ...knowledge.names import name_key
from .patterns import AREA_IN_BRACKETS, AREA_KINDS
from .qualifiers import first_fit, fits
from .records import Candidate


def score_candidate(cfg, p: Place, country_votes: Counter, admin_context: set, is_admin_phrase: bool,
                    own_areas: frozenset | set = frozenset()) -> float:
    """``admin_context``: the (ISO2, admin1) areas the article names; ``own_areas``: those only the name
    itself may be (the province "Samara" beside the city "Samara")."""
    total = sum(country_votes.values()) or 1
    s = cfg.w_country * country_votes.get(p.country, 0) / total
    if (p.country, p.admin1) in admin_context and p.kind != "admin1":
        s += cfg.w_admin_context
    elif (p.country, p.admin1) in own_areas and p.kind != "admin1":
        s += cfg.w_own_province
    if p.kind == "admin2":
        # a district is meant when the text says so ("Bassa LGA", "Poonch district"); otherwise the
        # town of the same name usually is, and a district's summed population says nothing
        s += cfg.w_kind_admin1 * cfg.admin_phrase_factor if is_admin_phrase else -cfg.w_admin2_bare
    else:
        s += cfg.w_population * math.log10(p.population + 1)
    if p.source in ("ucdp", "features"):
        s += cfg.w_curated
    if p.kind == "admin1":
        s += cfg.w_kind_admin1 * (cfg.admin_phrase_factor if is_admin_phrase else cfg.bare_admin1_factor)
    if p.kind == "country":
        s += cfg.w_kind_country
    return s


def line_points(gaz, monitor) -> list[dict[tuple[int, int], list[tuple[float, float]]]]:
    """Where a monitor's front runs: for each party, the places its held lists give that party which
    the gazetteer knows by that name in one place of the listed province (a name several villages
    share says nothing), by GRID_DEG cell."""
    def build(g):
        sides: dict[str, dict[tuple[int, int], list[tuple[float, float]]]] = {}
        for party, area, keys in monitor.held:
            cells = sides.setdefault(party, {})
            admin1 = g.admin1_canonical(monitor.country, area)
            for key in keys:
                ps = [p for p in g.places(g.lookup_key(key)) if p.country == monitor.country and p.admin1 == admin1
                      and p.kind not in AREA_KINDS]
                if len({(p.lat, p.lon) for p in ps}) == 1:
                    lat, lon = ps[0].lat, ps[0].lon
                    cells.setdefault((math.floor(lat / GRID_DEG), math.floor(lon / GRID_DEG)), []).append((lat, lon))
        return list(sides.values())
    return gaz.derived(("line", monitor.name), build)


def _on_line(cfg, p: Place, lines) -> bool:
    """Whether a place lies on the front of one of ``lines`` ((ISO2, ``line_points``)): within line_km
    of places two sides hold (a town behind one side's lines, such as Bakhmut, is not on it)."""
    cy, cx = math.floor(p.lat / GRID_DEG), math.floor(p.lon / GRID_DEG)

    def near(cells):
        return any(haversine_km(p.lat, p.lon, lat, lon) <= cfg.line_km
                   for dy in (-1, 0, 1) for dx in (-1, 0, 1) for lat, lon in cells.get((cy + dy, cx + dx), ()))
    return any(cc == p.country and sum(near(cells) for cells in sides) >= 2 for cc, sides in lines)


def _line_bonus(cfg, places: list[Place], lines) -> dict[int, float]:
    """w_line for the candidates on a front (by place idx), when it must choose between towns of the
    front's country."""
    towns = [p for p in places if p.kind not in AREA_KINDS and any(p.country == cc for cc, _ in lines)]
    if len(towns) < 2:
        return {}
    return {p.idx: cfg.w_line for p in towns if _on_line(cfg, p, lines)}


@dataclass(slots=True)
class Scores:
    """Per candidate: the base score and the qualifier fit of each of its places (by idx), whether it
    is written with an admin word ("Haveli district"), and the place chosen."""

    base: list[dict[int, float]]
    fit: list[dict[int, float]]
    districts: list[bool]
    chosen: list[Place]

    def total(self, k: int, cfg, p: Place) -> float:
        return self.base[k][p.idx] + cfg.w_qualifier_fit * self.fit[k][p.idx]


def _context_for(c: Candidate, admin_context: set, named_by: dict, actor_areas: set,
                 is_admin_phrase: bool, bracketed: bool) -> tuple[set, set]:
    """The admin areas that count as context for ``c``, and those that are its own.  A name's own
    province is no context for its namesake city: only other names' areas are ("Samarra" is not the
    Russian city because Samara is also a Russian province).  With an admin word ("Idleb province")
    the capital still stands for its province."""
    own = {(p.country, p.admin1) for p in c.places if p.kind == "admin1"}
    if is_admin_phrase and not bracketed:
        return admin_context, own
    key = name_key(c.words)
    return {a for a in admin_context if a not in own or named_by[a] - {key} or a in actor_areas}, own


def score_all(job, cands: list[Candidate], votes: Counter, links: list[list[int]], actor_areas: set,
              lines) -> Scores:
    """Base scores, then the fit between each name and the areas named as its qualifiers, then each
    name against the places its qualifiers turned out to be."""
    admin_context = set(actor_areas)
    named_by: dict[tuple[str, str], set[str]] = {}  # (ISO2, admin1) -> the names that may be that area
    for c in cands:
        for p in c.places:
            if p.kind == "admin1":
                admin_context.add((p.country, p.admin1))
                named_by.setdefault((p.country, p.admin1), set()).add(name_key(c.words))
    return _score_with(job, cands, votes, links, actor_areas, lines, admin_context, named_by)


def _score_with(job, cands, votes, links, actor_areas, lines, admin_context, named_by) -> Scores:
    cfg, text = job.cfg, job.text
    base, districts = [], []
    for c in cands:
        # "Idleb province", and "Vicente Lopez (Buenos Aires)": a name in brackets after another names
        # the area it lies in, the province rather than its capital
        bracketed = bool(AREA_IN_BRACKETS.search(text, max(0, c.start - 40), c.start))
        is_admin_phrase = bracketed or job.words.admin_word_after(text, c.end)
        districts.append(job.words.admin_word_after(text, c.end))
        context, own = _context_for(c, admin_context, named_by, actor_areas, is_admin_phrase, bracketed)
        on_line = _line_bonus(cfg, c.places, lines) if lines else {}
        base.append({p.idx: score_candidate(cfg, p, votes, context, is_admin_phrase, frozenset() if bracketed else own)
                     + on_line.get(p.idx, 0.0) for p in c.places})
    sc = Scores(base, first_fit(job, cands, links, districts), districts, [])
    sc.chosen = [max(c.places, key=lambda p, k=k: sc.total(k, cfg, p)) for k, c in enumerate(cands)]
    # In "Chhewari village under the Ramgarh police station (Kaimur, Bihar)", a Chhewari spelling of Churu
    # fits a Ramgarh of Rajasthan, but Ramgarh is Bihar's
    for k, c in enumerate(cands):
        if links[k]:
            sc.fit[k] = {a.idx: max(fits(job, sc.chosen[j], a, districts[j]) for j in links[k]) for a in c.places}
            sc.chosen[k] = max(c.places, key=lambda p, k=k: sc.total(k, cfg, p))
    return sc
