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
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from ..knowledge import load_data_yaml, zipf_table
from ..knowledge.gazetteer import haversine_km
from ..knowledge.matcher import Prepared, Trigger, TriggerSet, prepared
from .period import infer_period
from ..knowledge.actors import (CIVILIANS, GENERIC_INTER, GROUP, NAMED, POLICE, PROTESTERS, RIOTERS, STATE, TRIBE,
                                 UNIDENTIFIED)
from ..models import Article, Event, Evidence, Figure, Mention, Statistic, content_id
from . import stage
from .scans import EarlierSentences, ParagraphRest, found_in, last_end_before
from .dates import DateRef
from .places import admin1_place

# Without any date in the text, a news event is placed in the days before publication.
DEFAULT_NEWS_WINDOW_DAYS = 7
# A dated sentence whose date ends this long before publication is history, not this week's news,
# unless it names a full day (then it is a past event with its own date).
HISTORY_DAYS = 60
# Figures mentioning more people than this in a sentence without an event are war-wide statistics.
STATISTIC_MIN_VALUE = 1000
# How far after a trigger a modal can still make it hypothetical ("attacks that could be committed").
HYPOTHETICAL_AFTER_CHARS = 60
# An actor's alias made only of words at least this common in English (wordfreq Zipf; "separatists"
# 3.0, "communist" 3.6) names the actor in its own country only; rare words and names ("Haftar",
# "Imbonerakure") name it anywhere.
COMMON_ALIAS_ZIPF = 2.5
# A place only approached ("near X", "the outskirts of X") or a region, and a town this close to it,
# can be one place even across a provincial line: a city that is its own province (Damascus, Baghdad)
# has its suburbs in the next one ("near Damascus" and Eastern Ghouta are 11 km apart, Duma 12).
SUBURB_KM = 15.0


@dataclass(frozen=True, slots=True)
class Refinement:
    source: str
    target: str
    when: re.Pattern | None
    unless: re.Pattern | None
    paragraph: bool
    requires: str  # "" or "unarmed": applies only when the sentence names no armed actor


@dataclass(frozen=True, slots=True)
class Rules:
    event_type_of: dict
    triggers: TriggerSet  # every sub-event type's triggers, highest priority first
    trigger_sub: list  # the sub-event type of each trigger
    fallback: TriggerSet
    fallback_class: list  # VIOLENCE or PROTEST, for each fallback pattern
    refine: tuple
    background: TriggerSet
    hypothetical: TriggerSet  # before the trigger
    hypothetical_after: TriggerSet  # after it


VIOLENCE, PROTEST = "violence", "protest"  # fallback classes, decided in context
UNARMED_KINDS = frozenset({CIVILIANS, PROTESTERS, RIOTERS})  # actor kinds that are not an armed side
_NEGATED = re.compile(r"\b(no|not|without|neither|nor|nobody|none)\b(?:\s+(?:one|reports?|reported|immediate))?\s*$", re.I)
# "by" before an actor makes it the agent of a passive or nominal event ("an attack by suspected X")
# "killed by X" names the initiator; "supported by X", "backed by X" name an ally
_AGENT_BEFORE = re.compile(r"(?<!supported )(?<!backed )\bby\s+"
                           r"(?:the\s+|a\s+|an\s+)?(?:suspected\s+|presumed\s+|alleged\s+|unknown\s+)?$", re.I)
# Police or army on an operation they started are the initiator even when named second ("drug
# traffickers exchanged fire with civil police forces during an operation to arrest them").
_STATE_OPERATION = re.compile(r"\b(during (an?|the) (\w+ ){0,2}(operation|patrol|raid|inspection)|(carried out|conducted|"
                              r"launched) an? (\w+ ){0,2}(operation|raid)|operation (to|against)|went to)\b", re.I)
_FIGHT_WORDS = re.compile(r"\b(clash(ed|es)?|fought|fight(ing)?|scuffle[sd]?|brawl)\b", re.I)
# Event types one outlet or sentence may call what another calls differently ("shelling" vs
# "clashes"; an air strike that killed civilians vs an attack on civilians; a protest that turned
# violent).  Strategic developments are compatible only with themselves.
COMPATIBLE_TYPES = frozenset({
    frozenset({"Battles", "Explosions/Remote violence"}),
    frozenset({"Explosions/Remote violence", "Violence against civilians"}),
    frozenset({"Battles", "Violence against civilians"}),
    frozenset({"Protests", "Riots"}),
})
# A definite noun phrase whose head is an event noun refers back to an event: a determiner or a
# day's possessive, then at most three modifiers (generic ones below, a capitalised name, a number,
# a possessive: "the alleged chemical weapons attack", "the August 21 attacks", "the regime's assault").
_EVENT_NOUN = re.compile(r"(?:attacks?|bombings?|strikes?|air ?strikes?|airstrikes?|air ?raids?|raids?|shelling|"
                         r"bombardment|massacres?|assaults?|offensive|ambush|explosions?|blasts?|killings?|"
                         r"clash(?:es)?|fighting|violence|incident|gassing|shooting)", re.I)
_WORD = re.compile(r"[\w-]+")
_REFERENCE_BEFORE = re.compile(
    r"\b(?i:the|that|this|these|those|its|their|(?:yesterday|today|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|last week|last night|last month)'?s)\s+"
    r"(?:(?:(?i:alleged|suspected|reported|apparent|so-called|purported|deadly|latest|recent|same|first|twin|double|"
    r"chemical|chemical weapons?|gas|poison gas|poison|nerve gas|nerve agent|toxic gas|sarin|chlorine|suicide|car|"
    r"bomb|rocket|missile|mortar|air|aerial|ground|government|regime|army|rebel)|[A-Z][\w-]+|\d+|\w+'s|\w+s')\s+){0,3}$")
# Before such a phrase, words that make it another event than the one told: a cause ("in retaliation
# for the killing of three fighters") or a comparison ("similar to the bombing of July 25").
_CAUSE_BEFORE = re.compile(r"\b(?:retaliation|revenge|reprisal|response|responding|avenge|answer|similar to|unlike)"
                           r"\b\W*(?:\w+\W+){0,2}$", re.I)
# A sentence that says who did an event it refers to.
_RESPONSIBLE = re.compile(r"\b(?:claim(?:ed|s|ing)? (?:the )?responsibility|(?:was|were) responsible for|"
                          r"(?:carried out|perpetrated|committed) by|(?:was|were) behind)\b", re.I)
# Targets that make one armed side's violence an attack on civilians ("attacked Natuco village").
_CIVILIAN_TARGET = re.compile(r"\b(attacked|raided|stormed|opened fire (on|at)|fired (on|at)|targeted) (the |a |an )?"
                              r"(\w+ )?(village|villages|town|house|houses|home|homes|market|shop|school|hospital|mosque|church|camp)\b", re.I)


def refers_back(text: str, span: tuple[int, int]) -> bool:
    """Is the trigger at ``span`` of ``text`` in a definite event noun phrase ("the attack",
    "Wednesday's chemical weapons attack"): a reference to an event told before?  The head is the
    trigger's last event noun, else the word after the trigger; what stands before the head must be
    a determiner and modifiers ("the regime launched an attack" is no reference)."""
    words = list(_WORD.finditer(text, span[0], min(len(text), span[1] + 40)))
    inside = [w for w in words if w.start() < span[1]]
    nouns = [w for w in inside if _EVENT_NOUN.fullmatch(w.group(0))]
    nxt = words[len(inside):len(inside) + 1]
    head = nouns[-1] if nouns else nxt[0] if nxt and _EVENT_NOUN.fullmatch(nxt[0].group(0)) else None
    if head is None:
        return False
    det = _REFERENCE_BEFORE.search(text, 0, head.start())
    # "in retaliation for the killing of 3 separatists": a cause, another event than the one told
    return det is not None and not _CAUSE_BEFORE.search(text, 0, det.start())


@lru_cache(maxsize=1)
def rules() -> Rules:
    d = load_data_yaml("event_rules.yaml")
    et = {sub: et for et, subs in d["taxonomy"].items() for sub in subs}
    trig = [(sub, Trigger(r"\b" + p)) for sub in d["priority"] for p in d["triggers"].get(sub, ())]
    fb = [(cls, Trigger(r"\b" + p)) for cls, pats in d.get("fallback", {}).items() for p in pats]
    ref = tuple(Refinement(r["from"], r["to"], re.compile(r["when"], re.I) if r.get("when") else None,
                           re.compile(r["unless"], re.I) if r.get("unless") else None,
                           r.get("scope") == "paragraph", r.get("requires", "")) for r in d.get("refine", []))
    return Rules(et, TriggerSet(t for _s, t in trig), [sub for sub, _t in trig], TriggerSet(t for _c, t in fb),
                 [cls for cls, _t in fb], ref, TriggerSet(Trigger(p) for p in d["background"]),
                 TriggerSet(Trigger(p) for p in d["hypothetical"]["before"]),
                 TriggerSet(Trigger(p) for p in d["hypothetical"]["after"]))


def classify(text: str, following: str = "") -> tuple[str, str, tuple[int, int]] | None:
    """(event_type, sub_event_type, trigger span) for the highest-priority trigger in ``text``.

    Without a trigger, the fallback words give ``VIOLENCE`` or ``PROTEST`` as the sub-event
    type (event type ""), decided later from the actors.  ``following`` is the rest of the
    paragraph, seen only by paragraph-scope refinements."""
    r = rules()
    p = prepared(text)
    hit = r.triggers.search(p)
    if hit:
        sub = refine(r.trigger_sub[hit[0]], text, following)
        return r.event_type_of[sub], sub, hit[1].span()
    for i in r.fallback.passing(p):
        for m in r.fallback.triggers[i].all_matches(p):
            if not _NEGATED.search(text, max(0, m.start() - 30), m.start()):
                return "", r.fallback_class[i], m.span()  # "No casualties were reported" is not violence
    return None


def refine(sub: str, text: str, following: str = "", unarmed: bool = False) -> str:
    """Apply the refinements; with ``unarmed`` only those that need a sentence without armed actors."""
    for rf in rules().refine:
        if rf.source != sub or bool(rf.requires) != unarmed:
            continue
        if (rf.when is None or _found(rf.when, text, following, rf.paragraph)) and not (
                rf.unless and _found(rf.unless, text, following, rf.paragraph)):
            sub = rf.target
    return sub


def _found(rx, text: str, following, paragraph: bool) -> bool:
    """Whether ``rx`` matches the sentence, or with ``paragraph`` the sentence and the rest of its
    paragraph joined by a space (``following``: a string, or a ``ParagraphRest`` that answers the
    same without rescanning the paragraph for each of its sentences)."""
    if not paragraph:
        return rx.search(text) is not None
    if isinstance(following, ParagraphRest):
        return following.search(rx, text)
    return rx.search(text + " " + following) is not None


def is_background(text: str) -> bool:
    return rules().background.search(prepared(text)) is not None


def is_hypothetical(sentence: str, trigger_end: int) -> bool:
    """Feared, threatened or demanded, not done: the words govern the trigger, so they come before it;
    only a modal ("attacks that could be committed") may follow it."""
    r = rules()
    before = sentence[:trigger_end]
    after = sentence[trigger_end:trigger_end + HYPOTHETICAL_AFTER_CHARS]
    return r.hypothetical.search(Prepared(before)) is not None or r.hypothetical_after.search(Prepared(after)) is not None


def paragraph_index(article: Article) -> list[int]:
    """Paragraph number of each sentence (computed once per article)."""
    out, para, pos = [], 0, 0
    for sent in article.sentences:
        para += article.text.count("\n", pos, sent.start)
        pos = sent.start
        out.append(para)
    return out


def _date_for(si: int, dates_by_sent: dict, paras: list[int], sentences=()) -> tuple[DateRef | None, Mention | None]:
    """The sentence's own date, else the nearest earlier dated news sentence in its paragraph
    (a background sentence's date, "a ceasefire established in 2020", is not passed on)."""
    for k in range(si, -1, -1):
        if paras[k] != paras[si]:
            break
        if k != si and sentences and sentences[k].background:
            continue
        ms = [m for m in dates_by_sent.get(k, []) if m.value.resolved]
        if ms:
            # prefer a day over a range, then the first mentioned
            m = min(ms, key=lambda m: (m.value.precision, m.start))
            return m.value, m
    return None, None


def _default_window(article: Article, period: tuple[date, date] | None = None) -> DateRef | None:
    """An undated sentence's date: the days before publication, else the period the article was
    written in (inferred from its own evidence, precision 3), else nothing."""
    if article.published is None:
        return DateRef(period[0], period[1], 3, "period") if period else None
    pub = article.published
    return DateRef(pub - timedelta(days=DEFAULT_NEWS_WINDOW_DAYS), pub, 2, "default")


def _pick_location(places: list[Mention], by_cue: bool = True) -> list[Mention]:
    """The places where a sentence's event happened, one per admin1 area (a report of fighting in two
    provinces is two events; "in Al Jawf, Ad Dali and Taizz governorates" three).  Locations in the
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
    best = min((_CUE_RANK[m.value.cue] for m in groups.values()), default=0)
    keep = max(best, _CUE_RANK[""])
    return [m for m in groups.values() if _CUE_RANK[m.value.cue] <= keep]


_CUE_RANK = {"at": 0, "": 1, "near": 2, "described": 3, "from": 4}
_AREA_KINDS = ("admin1", "admin2", "country")
_KIND_RANK = {"admin2": 1, "admin1": 2, "country": 3}  # (towns and features 0)


def _actor_name(ref, ctx, iso2: str, country_name: str, when: date | None, sub: str = "",
                text: str = "") -> tuple[str, int]:
    if ref.kind == NAMED:
        a = ctx.actors.pick(ref.candidates, when, iso2)
        if iso2 and a.country and a.country != iso2 and _common_words(ref.words):
            # "separatists" are the Donbas' in Ukraine, "communist rebels" the NPA in the Philippines;
            # in another country such words name nobody in particular
            cname = country_name or "Unknown"
            return ctx.actors.unidentified_name(cname, iso2, sub, text), GENERIC_INTER[UNIDENTIFIED]
        return a.name_in(iso2, country_name or "Unknown"), a.inter
    cc = ref.country or iso2
    c = ctx.gazetteer.country(cc)
    cname = c.name if c else country_name or "Unknown"
    inter = GENERIC_INTER[ref.kind]
    if ref.kind in (STATE, POLICE) and cc and iso2 and cc != iso2:
        inter = 8  # another state's forces
        operation = ctx.actors.operation_name(cc, iso2, when)
        if operation:
            return operation, inter
    if ref.kind == GROUP:
        return ref.words, inter
    if ref.kind == TRIBE:
        return f"{ref.words} Tribal Militia ({cname})", inter
    if ref.kind in (STATE, POLICE):
        return ctx.actors.state_force_name(ref.kind, ref.words, cname, cc, when), inter
    if ref.kind == UNIDENTIFIED:
        return ctx.actors.unidentified_name(cname, cc, sub, text), inter
    return ctx.actors.generic_name(ref.kind, cname, cc, when), inter


def _common_words(words: str) -> bool:
    """Written in lower case and made only of everyday English words (an alias such as "separatists",
    not a name such as "forces loyal to Haftar")."""
    return words.islower() and all(zipf_table().get(w, 0.0) >= COMMON_ALIAS_ZIPF for w in re.findall(r"[\w-]+", words))


def assign_actors(event_type: str, sub: str, actors: list[Mention], trig_pos: int, ctx, iso2, cname, when,
                  text: str = "", parties: tuple = ()):
    """actor1 (initiator) and actor2 (target) from the mentions around the trigger; an agent
    ("killed by a Taliban sniper", "an attack by X") is the initiator wherever it stands."""
    def name_of(ref):
        return _actor_name(ref, ctx, iso2, cname, when, sub, text)

    named = [(m, *name_of(m.value)) for m in actors]
    seen, uniq = set(), []
    for m, name, inter in named:
        if name not in seen:
            seen.add(name)
            uniq.append((m, name, inter))
    victims = [u for u in uniq if u[0].value.kind == CIVILIANS]
    fighters = [u for u in uniq if u[0].value.kind not in UNARMED_KINDS]
    a1 = a2 = None
    if event_type == "Protests":
        prot = [u for u in uniq if u[0].value.kind == PROTESTERS] or [(None, name_of(_Ref(PROTESTERS))[0], 6)]
        a1 = prot[0]
        if sub != "Peaceful protest":
            force = [u for u in fighters if u[0].value.kind in (POLICE, STATE)] or [(None, name_of(_Ref(POLICE))[0], 1)]
            a2 = force[0]
    elif event_type == "Riots":
        rioters = [u for u in uniq if u[0].value.kind == RIOTERS]
        a1 = rioters[0] if rioters else (None, name_of(_Ref(RIOTERS))[0], 5)
        if sub == "Mob violence":
            # a crowd against the police fights the police; otherwise it attacks its victims
            pol = [u for u in fighters if u[0].value.kind in (POLICE, STATE)]
            a2 = pol[0] if pol else victims[0] if victims else (None, a1[1], 5)
        else:
            pol = [u for u in fighters if u[0].value.kind in (POLICE, STATE)]
            a2 = pol[0] if pol else None
    else:
        umbrella = [u for u in fighters if u[1].startswith("Operation ") and text
                    and _UNDER_BEFORE.search(text, max(0, u[0].start - 12), u[0].start)]
        if umbrella:
            # "Turkish forces and pro-Turkey factions, operating under OPS, shelled ...": ACLED names
            # the forces of a named operation after it; the other side ("regime forces ... against
            # Turkish forces ... operating under OPS") stays itself
            at = umbrella[0][0].start
            side = last_end_before(_OPPOSED, text, at, _OPPOSED_LONGEST)  # the last "against" before it
            fighters = [u for u in fighters if u[0].start < side] + umbrella[:1] + [u for u in fighters if u[0].start > at]
        before = [u for u in fighters if u[0].start <= trig_pos]
        after = [u for u in fighters if u[0].start > trig_pos]
        agents = [u for u in fighters if text and _AGENT_BEFORE.search(text, max(0, u[0].start - 40), u[0].start)]
        a1 = (agents or before or after or [None])[0]
        state = [u for u in fighters if u[0].value.kind in (POLICE, STATE)]
        if event_type == "Battles" and not agents and state and a1 not in state and found_in(_STATE_OPERATION, text):
            a1 = state[0]
        rest = [u for u in fighters if u is not a1]
        # "regime forces supported by QSD, against Turkish forces": an ally is not the other side
        allies = [u for u in rest if text and _ALLY_BEFORE.search(text, max(0, u[0].start - 20), u[0].start)]
        rest = [u for u in rest if u not in allies] + allies
        if event_type == "Violence against civilians" or (victims and not rest):
            a2 = victims[0] if victims else (None, name_of(_Ref(CIVILIANS))[0], 7)
        else:
            a2 = rest[0] if rest else None
        if a1 is None and len(parties) == 2 and event_type in ("Battles", "Explosions/Remote violence"):
            # a monitor's report with no side named: the two sides it monitors; shelling of
            # unstated targets has no second actor
            a1, a2 = parties if event_type == "Battles" else (parties[0], None)
        if a1 is None and event_type in ("Battles", "Violence against civilians", "Explosions/Remote violence"):
            a1 = (None, name_of(_Ref(UNIDENTIFIED))[0], 3)
    return a1, a2


_UNDER_BEFORE = re.compile(r"\bunder\s+(the\s+)?$", re.I)
_ALLY_BEFORE = re.compile(r"\b(?:supported|backed|assisted|aided) by\s+(?:the\s+)?$", re.I)
_OPPOSED = re.compile(r"\b(against|versus|between)\b", re.I)
_OPPOSED_LONGEST = 7  # characters in its longest word


def _word_runs(text: str, longest: int = 3) -> list[str]:
    """Every run of one to ``longest`` words of ``text`` (the names a place could have in it)."""
    words = text.split()
    return [" ".join(words[i:i + n]) for n in range(1, longest + 1) for i in range(len(words) - n + 1)]


def _party(name: str, ctx, iso2: str, cname: str, when) -> tuple:
    """A monitored conflict's side: "state" (the country's forces) or an actor's canonical name."""
    if name == STATE:
        return None, _actor_name(_Ref(STATE), ctx, iso2, cname, when)[0], 1
    a = ctx.actors.by_name[name]
    return None, a.name, a.inter


@dataclass
class _Ref:
    kind: str
    country: str = ""
    candidates: tuple = ()
    words: str = ""


def _evidence(article: Article, s: int, e: int, field: str = "event") -> Evidence:
    return Evidence(article.article_id, s, e, article.text[s:e], field)


def build_events(article: Article, ctx) -> None:
    by_sent: dict[int, dict[str, list[Mention]]] = {}
    for m in article.mentions:
        by_sent.setdefault(m.sentence, {}).setdefault(m.kind, []).append(m)
    dates_by_sent = {k: v.get("date", []) for k, v in by_sent.items()}
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
    references: dict[str, bool] = {}  # events told by a reference ("the attack"): did it name a place?
    for si, sent in enumerate(article.sentences):
        earlier.reach(si)
        ms = by_sent.get(si, {})
        figs = ms.get("figure", [])
        sent_dates = [m.value for m in ms.get("date", []) if m.value.resolved]
        history = bool(pub and sent_dates and all(d.date_max < pub - timedelta(days=HISTORY_DAYS) for d in sent_dates)
                       and not any(d.precision == 1 for d in sent_dates))
        if is_background(sent.text) or history:
            sent.background = True
            for f in figs:
                article.statistics.append(_statistic(article, sent, f))
            continue
        following = ParagraphRest(article.text, sent.end, para_start[paras[si]], para_end[paras[si]], scans)
        cls = classify(sent.text, following)
        if cls is None or is_hypothetical(sent.text, cls[2][1]):
            for f in figs:
                if f.value.value >= STATISTIC_MIN_VALUE or f.value.kind == "in_need":
                    article.statistics.append(_statistic(article, sent, f))
            continue
        event_type, sub, (ts, _te) = cls
        if not event_type:
            event_type, sub = _decide_fallback(sub, ms.get("actor", []), ts + sent.start, sent.text, following)
        elif sub == "Armed clash" and _crowd_against_police(ms.get("actor", []), sent.text):
            event_type, sub = "Riots", "Mob violence"
        if all(m.value.kind in UNARMED_KINDS for m in ms.get("actor", [])):
            sub = refine(sub, sent.text, following, unarmed=True)
            event_type = rules().event_type_of[sub]
        dref = earlier.date_for(si)
        if dref is None:
            dref = _default_window(article, period)
        locs = _pick_location(ms.get("place", []))
        if not locs:
            # "in the area", "the city": the paragraph's last located sentence, else where the
            # previous event happened, else the article's first location
            prev = earlier.place_in_paragraph(si)
            locs = [prev] if prev else [last_event_place] if last_event_place else article_places[:1]
        groups = locs or [None]
        reference = refers_back(sent.text, cls[2])
        for loc in groups:
            ev = _make_event(article, ctx, si, sent, event_type, sub, sent.start + ts, dref, loc,
                             ms.get("actor", []), figs, monitors)
            if reference:
                references[ev.event_id] = bool(ms.get("place"))
            events.append(ev)
        last_event_place = groups[-1] or last_event_place
    article.events = _merge_same(events, references)


def _decide_fallback(cls: str, actors: list[Mention], trig_pos: int, text: str, following: str) -> tuple[str, str]:
    """A sentence with only a weak trigger: a protest, an attack on civilians or a clash."""
    r = rules()
    if cls == PROTEST:
        sub = refine("Peaceful protest", text, following)
        return r.event_type_of[sub], sub
    kinds = {m.value.kind for m in actors}
    # distinct armed sides named: one side acting on civilians is an attack, two sides a clash
    armed = {(m.value.kind, m.value.country, m.value.candidates[:1]) for m in actors
             if m.value.kind not in UNARMED_KINDS}
    if PROTESTERS in kinds and not armed:
        sub = refine("Peaceful protest", text, following)
    elif len(armed) <= 1 and (CIVILIANS in kinds or _CIVILIAN_TARGET.search(text)):
        sub = refine("Attack", text, following)
    else:
        sub = "Armed clash"
    return r.event_type_of[sub], sub


def _crowd_against_police(actors: list[Mention], text: str) -> bool:
    """"villagers clashed with police": unarmed people fighting the police or each other is a riot."""
    # suspects the police fight are not a crowd ("a shoot-out between police and suspects")
    kinds = {m.value.kind for m in actors if "suspect" not in m.value.words.lower()}
    armed = kinds - UNARMED_KINDS
    return bool(kinds & {CIVILIANS, RIOTERS}) and armed <= {POLICE, STATE} and bool(_FIGHT_WORDS.search(text))


def _make_event(article, ctx, si, sent, event_type, sub, trig_pos, dref, loc, actors, figs, monitors=()) -> Event:
    p = loc.value if loc is not None else None
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
    figures = [Figure(f.value.kind, f.value.value, f.value.reported, f.value.source,
                      _evidence(article, f.start, f.end, f.value.kind))
               for f in figs if f.value.kind in ("killed", "injured", "displaced")]
    killed = [f.value for f in figures if f.kind == "killed"]
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
        admin1=(p.admin1 or (p.name if p.kind == "admin1" else "")) if p else "",
        admin2=p.admin2 if p else "",
        location=p.name if p else "", latitude=p.lat if p else None, longitude=p.lon if p else None,
        geo_precision=p.precision if p else 0,
        fatalities=min(killed) if killed else 0,
        figures=figures,
        evidence=[_evidence(article, sent.start, sent.end)],
        source=article.source or article.original_source,
    )
    return ev


def _merge_same(events: list[Event], references: dict[str, bool] | None = None) -> list[Event]:
    """One article reporting the same event twice gives one event: same type and overlapping dates,
    and the same place or one place only the country or province of the other (a headline's
    "raids on Syria" and the body's "raids on Raqqa") or one only approached or a region with a town
    near it (``_nearby``); the merged event keeps the precise place.  An event placed only at the
    country joins one of a compatible type too, and takes its type.  A sentence that refers back to
    an event ("the attack", ``references``: event id -> whether its sentence named a place) joins
    the latest earlier event it can be (``_referent``)."""
    references = references or {}
    out: list[Event] = []
    for ev in events:
        if ev.event_id in references:
            twin = _referent(out, ev, references[ev.event_id])
        else:
            twin = next((o for o in out if _overlap(o, ev) and (
                o.sub_event_type == ev.sub_event_type and (o.location == ev.location or _vaguer(o, ev) or _vaguer(ev, o)
                                                           or _nearby(o, ev))
                or compatible_types(o.event_type, ev.event_type) and (_country_only(o, ev) or _country_only(ev, o)))),
                        None)
        if twin is None:
            out.append(ev)
            continue
        if _country_only(twin, ev):
            # a headline's "attack in Syria" is the body's gas attack on Douma: the precise report
            # says what happened as well as where
            twin.event_type, twin.sub_event_type = ev.event_type, ev.sub_event_type
        if _vaguer(twin, ev) or _nearby(twin, ev) and ev.geo_precision < twin.geo_precision:
            for f in _PLACE_FIELDS:
                setattr(twin, f, getattr(ev, f))
        twin.evidence.extend(ev.evidence)
        twin.figures.extend(ev.figures)
        killed = [f.value for f in twin.figures if f.kind == "killed"]
        twin.fatalities = min(killed) if killed else 0
        if ev.time_precision < twin.time_precision:
            twin.event_date, twin.date_min, twin.date_max, twin.time_precision = ev.event_date, ev.date_min, ev.date_max, ev.time_precision
        if ev.event_id in references:
            _actors_named_by_reference(twin, ev)
            continue
        for a in ("actor1", "actor2"):
            if not getattr(twin, a) and getattr(ev, a):
                setattr(twin, a, getattr(ev, a))
                setattr(twin, "inter" + a[-1], getattr(ev, "inter" + a[-1]))
    return out


def _actors_named_by_reference(told: Event, ref: Event) -> None:
    """"Al Shabaab claimed responsibility for the attack": a reference that says who did it
    (``_RESPONSIBLE``) replaces an unidentified initiator; other actors of a reference are often the
    police who speak or respond ("according to the police, the attack is gang related").  It fills
    a missing second side; an unidentified party it names adds nothing."""
    said_who = any(_RESPONSIBLE.search(ev.text) for ev in ref.evidence if ev.field == "event")
    if said_who and ref.actor1 and not ref.actor1.startswith("Unidentified") and ref.actor1 != told.actor2 and (
            not told.actor1 or told.actor1.startswith("Unidentified")):
        told.actor1, told.inter1 = ref.actor1, ref.inter1
    if not told.actor2 and ref.actor2 and not ref.actor2.startswith("Unidentified") and ref.actor2 != told.actor1:
        told.actor2, told.inter2 = ref.actor2, ref.inter2


def compatible_types(a: str, b: str) -> bool:
    return a == b or frozenset({a, b}) in COMPATIBLE_TYPES


def _referent(told: list[Event], ev: Event, named_place: bool) -> Event | None:
    """The event a reference ("the attack") is about: the latest one told before it of a compatible
    type whose dates meet its own and, if the reference names a place, at that place, within it or
    within SUBURB_KM of it."""
    for o in reversed(told):
        if not compatible_types(o.event_type, ev.event_type) or not _overlap(o, ev):
            continue
        if not named_place or o.location == ev.location or _vaguer(o, ev) or _vaguer(ev, o) or _near(o, ev):
            return o
    return None


_PLACE_FIELDS = ("country", "iso", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision")


def _vaguer(a: Event, b: Event) -> bool:
    """``a`` is placed only at the country or province level that contains ``b``'s place."""
    if not b.location or a.location == b.location or (a.country and a.country != b.country):
        return False
    return not a.location or not a.admin1 or (a.location == a.admin1 == b.admin1 and b.location != b.admin1)


def _near(a: Event, b: Event) -> bool:
    return (a.latitude is not None and b.latitude is not None
            and haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) <= SUBURB_KM)


def _nearby(a: Event, b: Event) -> bool:
    """One of the two places is only approached or a region, and the other lies within SUBURB_KM of
    it ("near Damascus" and Eastern Ghouta)."""
    return max(a.geo_precision, b.geo_precision) >= 2 and a.country == b.country and _near(a, b)


def _country_only(a: Event, b: Event) -> bool:
    """``a`` is placed only at the country that holds ``b``'s more precise place."""
    return not a.admin1 and bool(b.admin1) and _vaguer(a, b)


def _overlap(a: Event, b: Event) -> bool:
    if a.date_min is None or b.date_min is None:
        return a.date_min is None and b.date_min is None
    return a.date_min <= b.date_max and b.date_min <= a.date_max


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
