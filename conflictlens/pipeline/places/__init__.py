"""Stage ``mentions.places``: place names found with the gazetteer and resolved in context.

Named sub-stages, each a module, pass typed ``Candidate`` records (a name and the gazetteer
``Place``s it may be) along; weights and thresholds come from one ``PlaceSettings``
(``ctx.settings.places``) and the word lists from ``ctx.place_words``:

1. ``candidates``: capitalised token spans whose key is in the gazetteer (longest first), without
   those that name an actor ("Islamic State", "Ahrar al-Sham"), common words ("Police",
   "Independence"), persons ("Valerie Amos") or nationalities ("the Syrian capital");
2. ``country``: the article's country by vote (names, actors, adjectives of nationality), then each
   name narrowed to the places plausible there (other transliterations tried there); ``unknown``
   adds names after a locative word that the gazetteer knows only by skeleton;
3. ``qualifiers``: the names that say where another lies ("Mehrabpur (Naushahro Firoz, Sindh)");
4. ``scoring``: a score per place (the article's country, the admin areas it names, prominence,
   kind, a monitored front) plus the fit with the qualifiers chooses each name's place;
5. ``roles``: each becomes a mention: where an event happened, where a source sits ("the UK-based
   Observatory", role ``source``), a foreign country as ``context``, a ``qualifier``, ``unknown``.
"""

from __future__ import annotations

from collections import Counter

from ...models import Article, Mention
from .. import stage
from . import candidates, country, qualifiers, roles, scoring, unknown
from .patterns import EXTERNAL_FORCES, SETTLEMENT_AFTER
from .records import Candidate, PlaceJob, PlaceRef, SpanSet
from .settings import PlaceSettings

__all__ = ["PlaceRef", "PlaceSettings", "Candidate", "admin1_place", "resolve_places", "places"]


def admin1_place(gaz, iso2: str, area: str) -> PlaceRef | None:
    """The admin1 area ``area`` of country ``iso2`` as a place (its centroid, precision 3)."""
    from ...knowledge.names import name_key

    canonical = gaz.admin1_canonical(iso2, area)
    if not canonical:
        return None
    for p in gaz.places(gaz.lookup_key(name_key(canonical))):
        if p.kind == "admin1" and p.country == iso2:
            return PlaceRef.of(p, 3, "location")
    return None


def resolve_places(job: PlaceJob, blocked: list[tuple[int, int]], actor_countries: Counter,
                   actor_areas: set, lines=()) -> list[Mention]:
    """Place mentions of ``job.article`` with their gazetteer entries and roles.  ``actor_countries``
    (ISO2 -> weight) and ``actor_areas`` ((ISO2, admin1) the actors fight in) come from the actors and
    monitors named in it; ``lines``, (ISO2, ``scoring.line_points``) of the fronts it is on."""
    cands, blocked = candidates.collect(job, blocked)
    if not cands and not actor_countries:
        return []  # (with actors of a country, unknown spellings may still be found there)
    cv = country.vote(job, cands, actor_countries)
    if cv.dominant:
        cands = country.narrow(job, cands, cv)
        named_areas = {(p.country, p.admin1) for c in cands for p in c.places if p.kind == "admin1"}
        cands = sorted(cands + unknown.unknown_names(job, cv.dominant, cands, blocked, named_areas | actor_areas),
                       key=lambda c: c.start)
    links = qualifiers.qualifier_links(job, cands)
    qualifiers.provinces_as_qualifiers(cands, links)
    sc = scoring.score_all(job, cands, cv.votes, links, actor_areas, lines)
    return roles.mentions(job, cands, links, sc, cv.dominant)


def _actor_evidence(article: Article, ctx) -> tuple[Counter, set, list]:
    """The countries the article's actors and monitors vote for, the admin areas they work in, and
    the fronts (ISO2, line points) of the monitors watching it."""
    actor_mentions = [m for m in article.mentions if m.kind == "actor"]
    countries: Counter = Counter()
    areas: set[tuple[str, str]] = set()
    named = [m.value.candidates[0] for m in actor_mentions if m.value.candidates]
    for m in actor_mentions:
        if m.value.candidates and m.value.candidates[0].inter == EXTERNAL_FORCES:
            continue  # "Turkish forces shelled Tall Refaat": foreign forces say nothing of where
        cc = m.value.country or (m.value.candidates[0].country if m.value.candidates else "")
        if cc:
            countries[cc] += 1
    for a in named + ctx.actors.monitors_in(article.sentences):
        if a.inter == 0 and a.country:
            countries[a.country] += 1  # a monitor votes like an actor
        for area in a.areas:
            canonical = ctx.gazetteer.admin1_canonical(a.country, area)
            if canonical:
                areas.add((a.country, canonical))
    lines = [(m.country, scoring.line_points(ctx.gazetteer, m)) for m in ctx.actors.watching(article.sentences, named)]
    return countries, areas, lines


def _blocked(article: Article) -> list[tuple[int, int]]:
    """Spans no place name may overlap: actors, acronyms spelled out, and dates ("Friday 23 August
    2013" is a date, not Romania's village "23 August"; "6th of October city" is a city)."""
    blocked = [(m.start, m.end) for m in article.mentions if m.kind == "actor"]
    blocked += candidates.acronym_spans(article.text)
    blocked += [(m.start, m.end) for m in article.mentions
                if m.kind == "date" and any(c.isdigit() for c in m.text) and not SETTLEMENT_AFTER.match(article.text, m.end)]
    return blocked


@stage("mentions.places", requires=("sentences",), assigns=("mentions",))
def places(article: Article, ctx) -> None:
    job = PlaceJob(article, ctx.gazetteer, ctx.settings.places, ctx.place_words, ctx.actors.demonyms)
    countries, areas, lines = _actor_evidence(article, ctx)
    mentions = resolve_places(job, _blocked(article), countries, areas, lines)
    taken = SpanSet.of((m.start, m.end) for m in mentions)
    mentions += [b for b in roles.border_mentions(job) if not taken.overlaps(b.start, b.end)]
    mentions.sort(key=lambda m: m.start)
    article.mentions.extend(mentions)
    located = Counter(m.value.country for m in mentions if m.value.role == "location")
    if located and not article.country_hint:
        article.country_hint = located.most_common(1)[0][0]
    if not article.country_hint:
        # no place we know: the home country of the actors ("the PMF", "Al Shabaab"), else the one
        # country its words name ("the Lebanese pound", "the Israeli Supreme Court")
        named = country.demonym_countries(article.text, ctx.actors.demonyms)
        if countries:
            article.country_hint = countries.most_common(1)[0][0]
        elif len(named) == 1:
            article.country_hint = next(iter(named))
