"""Stage ``events``: sentences with an event trigger become ACLED-coded events.

For each news sentence (background and hypothetical ones are skipped, their
figures kept as statistics) the trigger rules in ``knowledge/data/event_rules.yaml``
give the sub-event type; the sentence's own mentions give date, place, actors and
figures, falling back to the paragraph and then the article for date and place.
Events of one article with the same type, place and overlapping dates are one, and a sentence
that refers back to an event ("the attack was on rebel-held areas") is more evidence for it.
"""


from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

from ...knowledge.actors import CIVILIANS, POLICE, PROTESTERS, RIOTERS, STATE
from ...knowledge.admin_names import acled_admin1, place_name
from ...knowledge.names import admin_key
from ...models import Article, Event, Evidence, Figure, Mention, Statistic, content_id
from .. import stage
from ..clean import dateline_match
from ..dates import DateRef
from ..period import infer_period
from ..places import admin1_place
from .merge import SUBURB_KM, Told, aggregate, compatible_types, fatalities_of, refers_back
from .rank import rank
from .roles import UNARMED_KINDS, _party, _word_runs, assign_actors
from .realis import CLAUSE_BREAK, clause_start, discourse_reference, not_an_event, reference_cue
from .scans import EarlierSentences, ParagraphRest
from .rules import PROTEST, VIOLENCE, candidates, classify, is_background, refine, rules

# Without any date in the text, a news event is placed in the days before publication.
DEFAULT_NEWS_WINDOW_DAYS = 7
# A dated sentence whose date ends this long before publication is history, not this week's news: an
# earlier event the article recalls, which ACLED codes from its own reports (CODEBOOK 5, 2.4).
HISTORY_DAYS = 14
# A day written this close to a reference's trigger is the day of the act it names.
OWN_DAY_CHARS = 30
# ... and a toll this close after it, its toll ("the blast killed 25")
REFERENCE_TOLL_CHARS = 60
# Figures mentioning more people than this in a sentence without an event are war-wide statistics.
STATISTIC_MIN_VALUE = 1000
_FIGHT_WORDS = re.compile(r"\b(clash(ed|es)?|fought|fight(ing)?|scuffle[sd]?|brawl)\b", re.I)
# people a sentence says died or were hurt are the victims, not a crowd that fought ("where three people died")
_HARMED_AFTER = re.compile(r"\W*(?:more\s+)?(?:were\s+|was\s+|have\s+been\s+|had\s+been\s+)?"
                           r"(?:killed|died|dead|wounded|injured|hurt)\b", re.I)
# Targets that make one armed side's violence an attack on civilians ("attacked Natuco village").
_CIVILIAN_TARGET = re.compile(
    r"\b(attacked|raided|stormed|opened fire (on|at)|fired (on|at)|targeted) (the |a |an )?(\w+ )?(village|villages|town|"
    r"house|houses|home|homes|market|shop|school|hospital|mosque|church|camp|hotel|vehicle|car|bus|truck|convoy of an?|"
    r"participants|meeting|rally|office|residence)\b|\b(village|house|home|market|shop|school|hospital|mosque|church|"
    r"hotel|vehicle|car|bus|truck|office|residence)\b[^.]{0,60}\b(was|were) (attacked|raided|stormed|targeted|fired (on|at))",
    re.I)


def paragraph_index(article: Article) -> list[int]:
    """Paragraph number of each sentence (computed once per article)."""
    out, para, pos = [], 0, 0
    for sent in article.sentences:
        para += article.text.count("\n", pos, sent.start)
        pos = sent.start
        out.append(para)
    return out


def _default_window(article: Article, period: tuple[date, date] | None = None) -> DateRef | None:
    """An undated sentence's date: the days before publication, else the period the article was
    written in (inferred from its own evidence, precision 3), else nothing."""
    if article.published is None:
        return DateRef(period[0], period[1], 3, "period") if period else None
    pub = article.published
    return DateRef(pub - timedelta(days=DEFAULT_NEWS_WINDOW_DAYS), pub, 2, "default")


def _pick_location(places: list[Mention], by_cue: bool = True) -> list[Mention]:
    """The places where a sentence's event happened, one per admin1 area (a report of fighting in two
    provinces is two events; "in the Al Jawf, Ad Dali and Taizz governorates" three).  Locations in the
    article's country come before those abroad.  Within an area, towns and features come before
    districts, districts before the province, and then a name a locative word governs ("in X", "at X")
    before a bare name, before one only approached ("north of X", "the countryside of X"), before a
    landmark in a describing clause ("which lies near X"), before an origin or a destination ("from X",
    "towards X").  Areas whose best name is only approached or an origin are dropped when another area
    has a better one, and the country when any area is named.  With ``by_cue`` False: every location,
    most specific first."""
    locs = [m for m in places if m.value.role == "location"]
    locs = [m for m in locs if not m.value.abroad] or locs
    if not by_cue:
        return ([m for m in locs if m.value.kind not in _AREA_KINDS]
                or [m for m in locs if m.value.kind == "admin2"] or locs)
    groups: dict[tuple[str, str], Mention] = {}
    for m in locs:
        key = (m.value.country, m.value.admin1)
        if key not in groups or (_KIND_RANK.get(m.value.kind, 0), _CUE_RANK[m.value.cue]) < (
                _KIND_RANK.get(groups[key].value.kind, 0), _CUE_RANK[groups[key].value.cue]):
            groups[key] = m
    if any(m.value.kind == "country" for m in groups.values()) and len(groups) > 1:
        groups = {k: m for k, m in groups.items() if m.value.kind != "country"}  # "in Yemen ... in Aden"
    if len({m.value.country for m in groups.values()}) > 1:
        # one sentence's places are in one country: namesakes abroad of a list's later items go
        first = min(groups.values(), key=lambda m: (_CUE_RANK[m.value.cue], m.start))
        groups = {k: m for k, m in groups.items() if m.value.country == first.value.country}
    best = min((_CUE_RANK[m.value.cue] for m in groups.values()), default=0)
    keep = max(best, _CUE_RANK[""])
    return [m for m in groups.values() if _CUE_RANK[m.value.cue] <= keep]


_CUE_RANK = {"at": 0, "": 1, "near": 2, "described": 3, "from": 4}
_AREA_KINDS = ("admin1", "admin2", "country")
_KIND_RANK = {"admin2": 1, "admin1": 2, "country": 3}  # (towns and features 0)


def _evidence(article: Article, s: int, e: int, field: str = "event") -> Evidence:
    return Evidence(article.article_id, s, e, article.text[s:e], field)


def build_events(article: Article, ctx) -> None:
    by_sent: dict[int, dict[str, list[Mention]]] = {}
    for m in article.mentions:
        by_sent.setdefault(m.sentence, {}).setdefault(m.kind, []).append(m)
    # the dateline's date is the day the article was written, not an event's ("Sun 05 Jul 2015 22 dead ...")
    line = dateline_match(article.text, article.published)
    line_end = line[1][1] if line else -1
    dates_by_sent = {k: [m for m in v.get("date", []) if m.start >= line_end] for k, v in by_sent.items()}
    for v in by_sent.values():  # nor are its figures counts ("May 4 2016 Rebels killed 30", invented)
        if "figure" in v:
            v["figure"] = [m for m in v["figure"] if m.start >= line_end]
    pub = article.published
    # for sentences that name no place ("recaptured the city"): the places named before them
    article_places = _pick_location([m for m in article.mentions if m.kind == "place"], by_cue=False)
    paras = paragraph_index(article)
    para_end: dict[int, int] = {}
    para_start: dict[int, int] = {}
    for k, sent in enumerate(article.sentences):
        para_end[paras[k]] = sent.end
        para_start.setdefault(paras[k], sent.start)
    scans: dict = {}  # what the paragraph-scope refinements found in each paragraph
    earlier = EarlierSentences(article, article_places, dates_by_sent, paras)
    events: list[Event] = []
    last_event_place: Mention | None = None
    period = infer_period(article) if pub is None else None
    monitors = ctx.actors.monitors_in(article.sentences)
    told: dict[str, Told] = {}  # how each event's sentence told it (merge.aggregate decides on it)
    for si, sent in enumerate(article.sentences):
        earlier.reach(si)
        ms = by_sent.get(si, {})
        figs = ms.get("figure", [])
        sent_dates = [m.value for m in ms.get("date", []) if m.value.resolved]
        history = bool(pub and sent_dates and all(d.date_max < pub - timedelta(days=HISTORY_DAYS) for d in sent_dates))
        if is_background(sent.text) or history:
            sent.background = True
            for f in figs:
                article.statistics.append(_statistic(article, sent, f))
            continue
        following = ParagraphRest(article.text, sent.end, para_start[paras[si]], para_end[paras[si]], scans)
        acts = _decide_all(sent.text, following, ms.get("actor", []))
        decided = acts[0] if acts else None
        if decided is None:
            for f in figs:
                if f.value.value >= STATISTIC_MIN_VALUE or f.value.kind == "in_need":
                    article.statistics.append(_statistic(article, sent, f))
            continue
        event_type, sub, span, rule_ids = decided
        ts = span[0]
        dref, dm = earlier.date_for(si)
        if dref is None:
            dref = _default_window(article, period)
        locs = _pick_location(ms.get("place", []))
        if not locs:
            # "in the area", "the city": the paragraph's last located sentence, else where the
            # previous event happened, else the article's first location
            prev = earlier.place_in_paragraph(si)
            locs = [prev] if prev else [last_event_place] if last_event_place else article_places[:1]
        groups = locs or [None]
        dated = dm is not None and dm.sentence == si and dref.precision == 1  # the sentence gives a day
        # victims or a weak word in a sentence that names an act definitely and gives no day of its own
        # ("those killed in the strikes") are about that act
        elaborates = rule_ids[0].startswith(("fallback.", "attack.killing", "looting.property")) and not dated
        reference = reference_cue(sent.text, span, elaborates) or ""
        if not reference and rule_ids[0].startswith("fallback.") and not ms.get("place") and not dated:
            reference = "ref.elaboration"  # "No fatality, 1 injured.", "Five guards were killed." after an act
        how = Told(weak=rule_ids[0].startswith("fallback."), reference=reference, named_place=bool(ms.get("place")),
                   para=paras[si],
                   # a definite report ("the blast killed 25 in Varo on Friday") stands on its own day; a
                   # statement about an act, only on a day its own phrase gives ("Wednesday's attack"), not
                   # the day the statement was made
                   own_day=dated and (reference != "ref.discourse"
                                      or -OWN_DAY_CHARS <= dm.start - (sent.start + span[1]) <= OWN_DAY_CHARS))
        if reference:
            rule_ids = [*rule_ids, reference]  # (an event only if it joins none: merge.aggregate)
        if reference:
            # a reference's sentence may count another act ("the attack followed the killing of 26"):
            # only a toll told right after the reference's own words is the act's
            figs = [f for f in figs if 0 <= f.start - (sent.start + span[0]) <= REFERENCE_TOLL_CHARS]
        for loc in groups:
            mine = _figures_of(figs, loc, groups)
            actors = ms.get("actor", [])
            e_type, e_sub, e_pos, e_ids = event_type, sub, sent.start + ts, rule_ids
            if len(groups) > 1 and len(acts) > 1 and loc is not None and not reference:
                # two acts in one sentence stay two: each place takes the act told nearest to it, and the
                # actors of that act's clause ("jets bombed A while rebel artillery shelled B")
                act = min(acts, key=lambda a: min(abs(sent.start + a[2][0] - loc.end), abs(loc.start - sent.start - a[2][1])))
                e_type, e_sub, e_pos, e_ids = act[0], act[1], sent.start + act[2][0], act[3]
                lo, hi = _clause_bounds(sent.text, act[2][0])
                actors = [m for m in actors if lo <= m.start - sent.start < hi] or actors
            ev = _make_event(article, ctx, si, sent, e_type, e_sub, e_pos, dref, loc, actors, mine, monitors, e_ids)
            told[ev.event_id] = how
            events.append(ev)
        last_event_place = groups[-1] or last_event_place
    merged = [_territory_by_gainer(ev) for ev in aggregate(events, told)]
    # ACLED codes no event known only at country level (CODEBOOK 4.3): such reports are kept only when
    # the article places none of its events more precisely
    placed = [ev for ev in merged if ev.admin1]
    article.events = rank(placed or merged, article)


_TERRITORY_SUBS = frozenset({"Government regains territory", "Non-state actor overtakes territory"})


def _agent(inter: int) -> str:
    """The kind of actor1 the refinements with an ``agent`` ask for: state forces, or a non-state side."""
    return "state" if inter == 1 else "nonstate" if inter in (2, 3, 4, 8) else ""


def _territory_by_gainer(ev: Event) -> Event:
    """CODEBOOK 1.1: who gained the territory decides its sub-type (the ``territory.gainer_*``
    refinements), applied again once the event's actor1 is known from the whole article ("government
    forces clashed with X in Y. The forces took control of the village": the sentence that tells the
    takeover names nobody the others do not)."""
    agent = _agent(ev.inter1) if ev.sub_event_type in _TERRITORY_SUBS else ""
    sub, ids = refine(ev.sub_event_type, "", agent=agent) if agent else (ev.sub_event_type, [])
    return replace(ev, sub_event_type=sub, rule="+".join([ev.rule, *ids])) if ids else ev


# A city that is a first-level area of its own (Damascus, Baghdad, Beirut): what happens "near" it, in
# its suburbs or its countryside, is in the area around it, the one most places within this distance
# belong to ("Damascus countryside" is Rural Damascus).
SURROUNDINGS_KM = 20.0


def _admin1_of(gaz, p) -> str:
    """ACLED's name of the first-level area an event at ``p`` is in."""
    return acled_admin1(p.country, _area_of(gaz, p))


def _area_of(gaz, p) -> str:
    own = p.admin1 or (p.name if p.kind == "admin1" else "")
    if p.precision != 2 or p.kind == "admin1" or not own or admin_key(own) != admin_key(p.name):
        return own
    around = Counter(gaz.rows[i][4] for i in gaz.places_near(p.lat, p.lon, SURROUNDINGS_KM)
                     if gaz.rows[i][3] == p.country and gaz.rows[i][4])
    top = around.most_common(1)
    # a city in a province of its name (Idlib) is surrounded by that province: it stays there
    return top[0][0] if top and admin_key(top[0][0]) != admin_key(own) else own


def _figures_of(figs: list[Mention], loc: Mention | None, groups: list) -> list[Mention]:
    """The figures of a sentence that belong to the event at ``loc``: all of them when the sentence
    has one event; else each goes to the event whose place is named nearest to it, so that no death
    is counted in two events."""
    if len(groups) < 2 or loc is None:
        return figs
    def nearest(f: Mention):
        return min((g for g in groups if g is not None), key=lambda g: min(abs(g.start - f.end), abs(f.start - g.end)))
    return [f for f in figs if nearest(f) is loc]


# A count of some of the dead, not all of them: "nine of those killed", "including six civilians",
# "among them two children", "six civilians were among at least 22 people killed"
_PART_AFTER = re.compile(r"^[^.;]{0,25}?\b(of (them|whom|those|the dead|the victims)|(were|was) among|among (the|at least|them))\b", re.I)
_PART_BEFORE = re.compile(r"\b(including|among them|among whom|of whom|among the dead|among the victims)\W+(\w+\W+){0,2}$", re.I)


def _is_part(text: str, f: Mention, sent) -> bool:
    return bool(_PART_AFTER.search(text, f.end, sent.end) or _PART_BEFORE.search(text, sent.start, f.start))


def _clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """The clause of ``text`` that holds ``pos`` (realis.CLAUSE_BREAK)."""
    start = clause_start(text, pos)
    m = CLAUSE_BREAK.search(text, pos)
    return start, m.start() if m else len(text)


def _decide_all(text: str, following: str, actors: list[Mention]) -> list[tuple[str, str, tuple[int, int], list[str]]]:
    """Every act ``text`` reports, one per sub-event type, the highest priority first (``_decide``'s
    first answer, then the other triggers that pass its checks)."""
    first = _decide(text, following, actors)
    if first is None:
        return []
    out, subs = [first], {first[1]}
    for c in candidates(text):
        if c.fallback or c.sub in subs or c.span[0] == first[2][0]:
            continue
        sub, ids = refine(c.sub, text, following)
        event_type = rules().event_type_of[sub]
        if sub in subs or not_an_event(text, c.span, event_type) or discourse_reference(text, c.span):
            continue
        subs.add(sub)
        out.append(_decided(c, event_type, sub, ids, text, following, actors))
    return out


def _decide(text: str, following: str, actors: list[Mention]) -> tuple[str, str, tuple[int, int], list[str]] | None:
    """(event type, sub-event type, trigger span in the sentence, ids of the rules that decided) for
    the highest-priority trigger of ``text`` that reports an act (``realis.not_an_event``), or None."""
    r = rules()
    held = None  # a trigger only a statement is about: used when nothing else in the sentence reports an act
    for c in candidates(text):
        if c.fallback:
            event_type, sub, ids = _decide_fallback(c.sub, actors, text, following, c.span)
            if not sub:
                continue
        else:
            sub, ids = refine(c.sub, text, following)
            event_type = r.event_type_of[sub]
        if not_an_event(text, c.span, event_type):
            continue
        if held is None and discourse_reference(text, c.span):
            held = (c, event_type, sub, ids)  # "arrested 30 youths accused of taking part in a protest"
            continue
        return _decided(c, event_type, sub, ids, text, following, actors)
    return _decided(*held, text, following, actors) if held else None


def _decided(c, event_type: str, sub: str, ids: list[str], text: str, following: str, actors: list[Mention]):
    """The decision for candidate ``c``, after the refinements that depend on who is named."""
    ids = [c.rule, *ids]
    if sub == "Armed clash" and _crowd_against_police(actors, text):
        event_type, sub = "Riots", "Mob violence"
        ids.append("decide.crowd_vs_police")
    if all(m.value.kind in UNARMED_KINDS for m in actors):  # (none named: no organised actor either)
        sub, more = refine(sub, text, following, unarmed=True)
        event_type = rules().event_type_of[sub]
        ids += more
    elif _one_armed_side(actors) and any(m.value.kind == CIVILIANS for m in actors):
        sub, more = refine(sub, text, following, one_side=True)  # an ambush on civilians is an attack
        event_type = rules().event_type_of[sub]
        ids += more
    return event_type, sub, c.span, ids


def _one_armed_side(actors: list[Mention]) -> bool:
    return len({(m.value.kind, m.value.country, m.value.candidates[:1]) for m in actors
                if m.value.kind not in UNARMED_KINDS}) == 1


def _decide_fallback(cls: str, actors: list[Mention], text: str, following: str,
                     span: tuple[int, int] = (0, 0)) -> tuple[str, str, list[str]]:
    """A sentence with only a weak trigger: a protest, an attack on civilians or a clash."""
    r = rules()
    kinds = {m.value.kind for m in actors}
    # distinct armed sides named: one side acting on civilians is an attack, two sides a clash
    armed = {(m.value.kind, m.value.country, m.value.candidates[:1]) for m in actors
             if m.value.kind not in UNARMED_KINDS}
    if cls == PROTEST and not (kinds & UNARMED_KINDS or (r.crowd and r.crowd.search(text))):
        return "", "", []  # "a landslide blocked the road": no people, no protest
    if cls == PROTEST or (PROTESTERS in kinds and not armed):
        sub, ids = refine("Peaceful protest", text, following)
        ids.insert(0, "decide.fallback_protest")
    elif len(armed) <= 1 and (CIVILIANS in kinds or _CIVILIAN_TARGET.search(text)
                              or _lone_agent(actors, text, span)):
        sub, ids = refine("Attack", text, following)
        ids.insert(0, "decide.fallback_attack")
    else:
        sub, ids = "Armed clash", ["decide.fallback_clash"]
    return r.event_type_of[sub], sub, ids


# people a sentence may name as armed: with them a lone named side may be fighting, not attacking
_ARMED_PEOPLE = re.compile(r"\b(soldiers?|troops|army|military|police(men|man)?|officers?|gendarmes?|guards?|"
                           r"personnel|forces|fighters?|militants?|rebels?|insurgents?|gunmen|militiam[ae]n|militias?|"
                           r"jihadists?|combatants?|armed|security)\b", re.I)
_BY_BEFORE = re.compile(r"\bby\s+(an?\s+|the\s+)?$", re.I)
_PASSIVE_AFTER = re.compile(r"\W*(were|was|have been|had been|are|is)\b", re.I)


def _lone_agent(actors: list[Mention], text: str, span: tuple[int, int]) -> bool:
    """CODEBOOK 1.5/1.1: one armed side named as the doer of a weak violent act ("police assaulted a
    group of pilgrims", "was attacked by a gang"), and nobody else the sentence may call armed: the
    others are its unarmed targets, an Attack; a clash needs two armed sides."""
    armed = [m for m in actors if m.value.kind not in UNARMED_KINDS]
    if len(armed) != 1:
        return False
    m = armed[0]
    at = text.find(m.text)
    if at < 0:
        return False
    end = at + len(m.text)
    agent = bool(_BY_BEFORE.search(text[max(0, at - 12):at])) or (end <= span[0] and not _PASSIVE_AFTER.match(text, end))
    return agent and not _ARMED_PEOPLE.search(text[:at] + " " + text[end:])


def _crowd_against_police(actors: list[Mention], text: str) -> bool:
    """"villagers clashed with police": unarmed people fighting the police or each other is a riot."""
    # suspects the police fight are not a crowd ("a shoot-out between police and suspects")
    kinds = {m.value.kind for m in actors if "suspect" not in m.value.words.lower() and not _harmed(m, text)}
    armed = kinds - UNARMED_KINDS
    return bool(kinds & {CIVILIANS, RIOTERS}) and armed <= {POLICE, STATE} and bool(_FIGHT_WORDS.search(text))


def _harmed(m: Mention, text: str) -> bool:
    """Whether civilians ``m`` are told as killed or hurt right after they are named (in ``text``, its sentence)."""
    if m.value.kind != CIVILIANS:
        return False
    at = text.find(m.text)
    return at >= 0 and bool(_HARMED_AFTER.match(text, at + len(m.text)))


# "X countryside", "X suburbs" (CODEBOOK 4.4): the area around X, coded to X with precision 2
_AROUND_AFTER = re.compile(r"['’]?s?\W{0,2}(countryside|suburbs?|outskirts|environs|hinterland|vicinity)\b", re.I)


def _make_event(article, ctx, si, sent, event_type, sub, trig_pos, dref, loc, actors, figs, monitors=(),
                rule_ids=()) -> Event:
    p = loc.value if loc is not None else None
    if p is not None and p.precision == 1 and p.kind not in _AREA_KINDS and _AROUND_AFTER.match(article.text, loc.end):
        p = replace(p, precision=2)
    iso2 = p.country if p else (article.country_hint or (monitors[0].country if monitors else ""))
    country = ctx.gazetteer.country(iso2) if iso2 else None
    when = dref.date_min if dref else None
    cname = country.name if country else ""
    parties = ()
    for m in monitors:
        if m.country == iso2 and len(m.members) == 2:
            # fire observed near a place comes from the side that did not hold it: that side first
            # (a village the gazetteer does not know is still a name in the sentence: "near Zolote-4")
            village = p is not None and p.kind not in ("country", "admin1", "admin2")
            held = m.held and ((m.holder((p.name, loc.text), when) if village else None)
                               or m.holder(_word_runs(sent.text), when))
            order = m.members[::-1] if held and held[0] == m.members[0] else m.members
            parties = tuple(_party(name, ctx, iso2, cname, when) for name in order)
            if held and (p is None or p.admin1 != ctx.gazetteer.admin1_canonical(iso2, held[1])):
                # a namesake elsewhere in the country, or no place: the held place's province
                p = admin1_place(ctx.gazetteer, iso2, held[1]) or p
            break
    a1, a2 = assign_actors(event_type, sub, actors, trig_pos, ctx, iso2, cname, when, article.text, parties[:2])
    # the codebook's decisions by who acted: who gained territory, who detained (refinements with `agent`)
    agent = _agent(a1[2]) if a1 else ""
    if agent:
        following = ""
        refined, more = refine(sub, sent.text, following, agent=agent)
        if more:
            sub, event_type = refined, rules().event_type_of[refined]
            rule_ids = [*rule_ids, *more]
            a1, a2 = assign_actors(event_type, sub, actors, trig_pos, ctx, iso2, cname, when, article.text,
                                   parties[:2])
    figures = [Figure(f.value.kind, f.value.value, f.value.reported, f.value.source,
                      _evidence(article, f.start, f.end, f.value.kind), part=_is_part(article.text, f, sent))
               for f in figs if f.value.kind in ("killed", "injured", "displaced")]
    ev = Event(
        event_id=content_id(article.article_id, str(sent.start), sub, p.place_id if p else "", prefix="e"),
        article_id=article.article_id,
        # a dated range starts the event; with no date in the text, the report's own day is the
        # best single guess (ACLED codes undated reports to their publication date)
        # an article's inferred period is a range only: no day is invented for it
        event_date=(dref.date_max if dref and dref.kind == "default" else None if dref is None or dref.kind == "period"
                    else dref.date_min),
        date_min=dref.date_min if dref else None,
        date_max=dref.date_max if dref else None,
        time_precision=dref.precision if dref else 3,
        event_type=event_type, sub_event_type=sub,
        actor1=a1[1] if a1 else "", inter1=a1[2] if a1 else 0,
        actor2=a2[1] if a2 else "", inter2=a2[2] if a2 else 0,
        country=country.name if country else "", iso=str(country.isonum) if country else "",
        admin1=_admin1_of(ctx.gazetteer, p) if p else "",
        admin2=p.admin2 if p else "",
        location=place_name(p.name) if p else "", latitude=p.lat if p else None, longitude=p.lon if p else None,
        geo_precision=p.precision if p else 0,
        fatalities=fatalities_of(figures),
        figures=figures,
        evidence=[_evidence(article, sent.start, sent.end)],
        source=article.source or article.original_source,
        rule="+".join(rule_ids),
    )
    return ev


def _statistic(article: Article, sent, f: Mention) -> Statistic:
    period = ""
    m = re.search(r"since (?:the (?:start|beginning|outbreak|onset) of (?:the |its )?(?:\w+ )?(?:war|conflict|uprising|"
                  r"crisis|revolution|fighting)|(?:\w+ )?\d{4}|\w+)"
                  r"|in \d{4} alone|in \d{4}|over the (?:last|past) (?:\w+ )?(?:days?|weeks?|months?|years?)", sent.text)
    if m:
        period = m.group(0)
    return Statistic(article.article_id, f.value.kind, f.value.value, f.value.reported, period, f.value.source,
                     _evidence(article, sent.start, sent.end, "statistic"))


@stage("events", requires=("sentences", "mentions"), assigns=("events",))
def events(article: Article, ctx) -> None:
    build_events(article, ctx)


__all__ = ["PROTEST", "SUBURB_KM", "VIOLENCE", "build_events", "candidates", "classify", "compatible_types",
           "is_background", "not_an_event", "refers_back", "refine", "rules"]
