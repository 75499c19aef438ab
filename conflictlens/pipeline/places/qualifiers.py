"""Sub-stage 3, qualifiers: the names that say where another lies ("A, B", "A (B, C)", "A in B",
"A district of B") and how well each place of a name fits the areas its qualifiers may be."""

from __future__ import annotations

from ...knowledge.gazetteer import Place
from ...knowledge.names import admin_key
from .patterns import BRACKET_NEXT, NEXT_ITEM, QUALIFIER_GAP
from .records import Candidate


def contains(outer: Place, inner: Place, as_area: bool = False) -> float:
    """How well ``outer`` (a place named as a qualifier) contains ``inner`` (0 when it does not).
    ``as_area``: the qualifier is written as an area ("Haveli district"), so a town of that name is
    no qualifier unless it names the area ``inner`` lies in."""
    if outer.country != inner.country or outer.idx == inner.idx:
        return 0.0
    if outer.kind == "country":
        return 0.5
    if outer.kind == "admin1":
        return 1.0 if inner.admin1 == outer.admin1 else 0.0
    if inner.admin2 and admin_key(inner.admin2) == admin_key(outer.name):
        return 1.0  # the admin2 named ("Mehrabpur (Naushahro Firoz, Sindh)")
    if inner.admin1 and inner.admin1 == outer.admin1 and not (
            as_area and outer.kind == "city" and admin_key(outer.name) != admin_key(outer.admin1)):
        return 0.6  # a town of the same province ("Idleb countryside": the capital stands for it)
    return 0.0


def on_edge(job, outer: Place, inner: Place) -> float:
    """``edge_fit`` when the town ``inner`` lies on the edge of the province ``outer`` although GeoNames
    puts it in the next one: "Janzur (Tripoli)", "Burgersfort (Sekhukhune, Limpopo)"."""
    if outer.kind != "admin1" or inner.kind != "city" or outer.country != inner.country or outer.admin1 == inner.admin1:
        return 0.0
    return job.cfg.edge_fit if job.gaz.near_area(inner.idx, outer.country, outer.admin1, job.cfg.edge_km) else 0.0


def fits(job, outer: Place, inner: Place, as_area: bool = False) -> float:
    """How well ``inner`` lies in the qualifier ``outer``: inside it, else on its edge."""
    return contains(outer, inner, as_area) or on_edge(job, outer, inner)


def qualifier_links(job, cands: list[Candidate]) -> list[list[int]]:
    """For each candidate, the later candidates that qualify it: "A, B", "A (B, C)", "A in B",
    "A district of B" -- B names an area that contains A."""
    text = job.text
    links: list[list[int]] = [[] for _ in cands]
    for k in range(len(cands) - 1):
        if all(p.kind in ("country", "admin1") for p in cands[k].places):
            continue  # "in Lebanon in Sidon": a country is not qualified by a town
        j = k
        while j + 1 < len(cands) and cands[j + 1].sentence == cands[k].sentence:
            gap = text[cands[j].end:cands[j + 1].start]
            if not QUALIFIER_GAP.fullmatch(gap) or NEXT_ITEM.match(gap) and BRACKET_NEXT.match(text, cands[j + 1].end):
                break  # "Nihm (Nihm, Sanaa), Sirwah (Sirwah, Marib)": a bracket closes, a new item opens one
            j += 1
            links[k].append(j)
    return links


def provinces_as_qualifiers(cands: list[Candidate], links: list[list[int]]) -> None:
    """"Benito Juarez, Nuevo Leon": a qualifier that names a province is the province, not a village of
    that name in another province of the same country (``cands`` are narrowed in place)."""
    for j in {j for outs in links for j in outs}:
        c = cands[j]
        areas = {(p.country, p.admin1) for p in c.places if p.kind == "admin1"}
        if areas:
            countries = {cc for cc, _a in areas}
            cands[j] = c.with_places([p for p in c.places if p.kind != "city" or (p.country, p.admin1) in areas
                                      or p.country not in countries])


def qualifies_previous(cands: list[Candidate], k: int, text: str) -> bool:
    """Whether candidate ``k`` qualifies the one before it, one able to contain the other ("Patzuaro,
    Michoacan, Normal school": Normal, Illinois, and Michoacan share no area; "Yemen (Haydan, ...)")."""
    if k == 0 or cands[k - 1].sentence != cands[k].sentence:
        return False
    prev, c = cands[k - 1], cands[k]
    return bool(QUALIFIER_GAP.fullmatch(text[prev.end:c.start])) and any(
        contains(b, a) or contains(a, b) for a in prev.places for b in c.places)


def first_fit(job, cands: list[Candidate], links: list[list[int]], districts: list[bool]) -> list[dict[int, float]]:
    """For each candidate, the fit (by place idx) between its places and those of the names that
    qualify it or that it qualifies, whichever place those turn out to be."""
    fit = [dict.fromkeys(c.ids, 0.0) for c in cands]
    for k, outs in enumerate(links):
        for j in outs:
            for a in cands[k].places:
                for b in cands[j].places:
                    f = fits(job, b, a, districts[j])
                    if f:
                        fit[k][a.idx] = max(fit[k][a.idx], f)
                        fit[j][b.idx] = max(fit[j][b.idx], f)
    return fit
