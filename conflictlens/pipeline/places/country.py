"""Sub-stage 2, the country vote: the article's country from its place names (each name one vote,
shared by prominence), its actors and its adjectives of nationality; then each name narrowed to the
places it may be given that country."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from ...knowledge.gazetteer import Place
from ...knowledge.names import name_key
from .cues import locative_at
from .patterns import CAPITALISED_WORD, OPENERS, QUALIFIER_NEXT
from .qualifiers import qualifies_previous
from .records import Candidate


@dataclass(slots=True)
class CountryVote:
    votes: Counter  # ISO2 -> votes
    dominant: str  # the article's country, or "" when none stands out
    named: set[str]  # the countries the article names (as places or by adjective)


def _prominence(cfg, p: Place) -> float:
    """How strongly a candidate speaks for its country: named countries and admin areas loudly,
    big cities more than hamlets, curated conflict places as if they were towns."""
    pop = p.population
    if p.kind == "country":
        pop = max(pop, cfg.country_vote_population)
    if p.source in ("ucdp", "features"):
        pop = max(pop, cfg.curated_vote_population)
    return math.sqrt(pop + 1)


def country_votes(cfg, cands: list[Candidate], hint: str = "", weights: list[float] | None = None) -> Counter:
    """Each place name gives one vote (or its largest weight), shared among the countries it may be in
    by prominence.  A name written twice is still one piece of evidence ("from Beirut to Tripoli ...
    a demonstration in Tripoli" does not make Libya twice as likely)."""
    votes: Counter = Counter()
    by_name: dict[str, tuple[float, list[Place]]] = {}
    for n, c in enumerate(cands):
        key = name_key(c.words)
        w = weights[n] if weights else 1.0
        if key not in by_name or w > by_name[key][0]:
            by_name[key] = (w, c.places)
    for w, places in by_name.values():
        best: dict[str, float] = {}
        for p in places:
            best[p.country] = max(best.get(p.country, 0.0), _prominence(cfg, p))
        total = sum(best.values()) or 1.0
        # a name that can only be hamlets speaks softly: "al-Zaharra" (a Spanish hamlet's spelling) against
        # "Aleppo" is no tie
        w *= min(1.0, max(cfg.hamlet_vote_floor,
                          max(best.values(), default=0.0) / math.sqrt(cfg.full_vote_population)))
        for cc, v in best.items():
            votes[cc] += w * v / total
    if hint:
        votes[hint] += cfg.hint_vote
    return votes


def dominant(cfg, votes: Counter) -> str:
    """The country with more than ``dominant_share`` of the votes or ``dominant_lead`` times the next one's, else ""."""
    total = sum(votes.values())
    top = votes.most_common(1)
    if not top:
        return ""
    if top[0][1] / total > cfg.dominant_share:
        return top[0][0]
    second = votes.most_common(2)[1][1] if len(votes) > 1 else 0.0
    return top[0][0] if top[0][1] >= cfg.dominant_lead * second else ""


def demonym_countries(text: str, dem: dict) -> set[str]:
    return {dem[w.lower()] for w in CAPITALISED_WORD.findall(text) if w.lower() in dem}


def _weights(job, cands: list[Candidate]) -> list[float]:
    """Names that qualify another ("Kelly in Idleb") or carry an admin word ("Idleb province") are
    the writer's own disambiguation: their votes count double; a sentence's first word half."""
    cfg, text = job.cfg, job.text
    weights = []
    for k, c in enumerate(cands):
        w = cfg.w_qualifier_vote if (qualifies_previous(cands, k, text) or job.words.admin_word_after(text, c.end)) else 1.0
        if not text[job.article.sentences[c.sentence].start:c.start].strip(OPENERS):
            w *= cfg.w_sentence_start  # "Tires were burned": a capital at a sentence's start may be any word
        weights.append(w)
    return weights


def vote(job, cands: list[Candidate], actor_countries: Counter) -> CountryVote:
    """The votes of the names, the actors' home countries and, when no country stands out, the
    adjectives of nationality ("Palestinian fishermen ... off northern Gaza" decides for Gaza's country)."""
    cfg = job.cfg
    votes = country_votes(cfg, cands, job.article.country_hint, _weights(job, cands))
    for cc, w in actor_countries.items():
        votes[cc] += cfg.w_actor_vote * w
    by_adjective = demonym_countries(job.text, job.demonyms)
    named = {p.country for c in cands for p in c.places if p.kind == "country"} | by_adjective
    top = dominant(cfg, votes)
    if not top and by_adjective:
        for cc in by_adjective & {p.country for c in cands for p in c.places}:
            votes[cc] += cfg.w_demonym_vote
        top = dominant(cfg, votes)
    return CountryVote(votes, top, named)


def narrow(job, cands: list[Candidate], cv: CountryVote) -> list[Candidate]:
    """With a dominant country: a name with no place there is tried in other transliterations there
    ("Bara"/"Barah"); then only the places plausible for the article are kept, and names left with
    none are dropped."""
    cfg, gaz, country = job.cfg, job.gaz, cv.dominant

    def well_known(places):
        return any(p.kind in ("country", "admin1") or p.population >= cfg.foreign_min_population for p in places)

    def retried(c: Candidate) -> Candidate:
        if any(p.country == country for p in c.places) or len(c.words) < cfg.skeleton_min_len or well_known(c.places):
            return c
        return c.with_places(gaz.places(gaz.lookup_skeleton(c.words, country)) or c.places)

    def plausible(p: Place, c: Candidate) -> bool:
        if p.country == country or (p.population >= cfg.foreign_min_population and name_key(c.words) == name_key(p.name)):
            return True  # abroad, a big city called by its own name ("Jang" is not Anyang)
        # ... or a named country's provinces, and its towns where the text says they are places ("in
        # Diffa", "Diffa (Niger)"), not a Syrian story's "according to Winfield" when the US is named
        return p.country in cv.named and (p.kind in ("country", "admin1") or locative_at(job.text, c.start)
                                          or bool(QUALIFIER_NEXT.match(job.text, c.end)))
    out = []
    for c in map(retried, cands):
        c = c.with_places([p for p in c.places if plausible(p, c)])
        if c.places:
            out.append(c)
    return out
