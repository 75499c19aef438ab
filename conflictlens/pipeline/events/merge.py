"""One event however many times an article tells it: repeats, vaguer reports and references back."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ...knowledge.gazetteer import haversine_km
from ...models import Event

# A place only approached ("near X", "the outskirts of X") or a region, and a town this close to it,
# can be one place even across a provincial line: a city that is its own province (Damascus, Baghdad)
# has its suburbs in the next one ("near Damascus" and Eastern Ghouta are 11 km apart, Duma 12).
SUBURB_KM = 15.0


# Event types one outlet or sentence may call what another calls differently ("shelling" vs
# "clashes"; an air strike that killed civilians vs an attack on civilians; a protest that turned
# violent).  Strategic developments are compatible only with themselves.
COMPATIBLE_TYPES = frozenset({
    frozenset({"Battles", "Explosions/Remote violence"}),
    frozenset({"Explosions/Remote violence", "Violence against civilians"}),
    frozenset({"Battles", "Violence against civilians"}),
    frozenset({"Protests", "Riots"}),
})
# The codebook's hierarchy (table 1.0): when reports of one interaction are typed differently, the
# type listed first names the event.
HIERARCHY = {sub: i for i, sub in enumerate((
    "Government regains territory", "Non-state actor overtakes territory", "Armed clash",
    "Excessive force against protesters", "Protest with intervention", "Peaceful protest",
    "Violent demonstration", "Mob violence",
    "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED", "Grenade",
    "Sexual violence", "Attack", "Abduction/forced disappearance",
    "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use", "Headquarters or base established",
    "Looting/property destruction", "Non-violent transfer of territory", "Other"))}
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
def definite_reference(text: str) -> bool:
    """Whether ``text`` names an act by a definite event noun phrase anywhere ("the strikes")."""
    for w in _WORD.finditer(text):
        if _EVENT_NOUN.fullmatch(w.group(0)) and _REFERENCE_BEFORE.search(text, 0, w.start()) \
                and not _CAUSE_BEFORE.search(text, 0, w.start()):
            return True
    return False


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


@dataclass(slots=True)
class Told:
    """How a sentence told an event: what the events stage knew when it made it."""

    weak: bool = False  # only a fallback word decided its type ("killed", "attacked")
    reference: str = ""  # the reference rule that makes it a mention of an act told elsewhere
    named_place: bool = False  # its sentence names a place (not inherited from an earlier one)
    own_day: bool = False  # its sentence gives its day (not its paragraph's, nor the default window)
    para: int = -1  # its paragraph


def aggregate(events: list[Event], told: dict[str, Told]) -> list[Event]:
    """One event per interaction (CODEBOOK 2.2: one pair of actors, one location, one day), however
    many sentences tell it.  Reports of an act are clustered in text order (``same_interaction``);
    the merged event takes the type that ranks highest (an explicit trigger before a fallback word,
    then the codebook's hierarchy: the victims of an air strike make no separate attack), the most
    precise place and date, the named actors, and every sentence's evidence and figures.  Then each
    reference ("the attack", "condemned the gas attack") joins the event it is about, before or after
    it; one that matches none is kept only when its own sentence gives a day and a place."""
    out: list[Event] = []
    refs = [ev for ev in events if told.get(ev.event_id, Told()).reference]
    ref_ids = {id(ev) for ev in refs}
    tallies: dict[int, _Tally] = {}  # per merged event: absorbing a report costs the report's size

    def absorb(twin: Event, ev: Event, reference: bool = False) -> None:
        tally = tallies.get(id(twin))
        if tally is None:
            tally = tallies[id(twin)] = _Tally(twin.figures)
        _absorb(twin, ev, told, reference, tally)

    for ev in events:
        if id(ev) in ref_ids:
            continue
        twin = next((o for o in out if same_interaction(o, ev, told)), None) or _followed(out, ev, told)
        if twin is None:
            out.append(ev)
        else:
            absorb(twin, ev, reference=twin.event_type != ev.event_type and _is_follow_up(ev, told))
    for ref in refs:
        t = told[ref.event_id]
        twin = (_last_in_paragraph(out, ref, told) if t.reference == "ref.elaboration"
                else _referent(out, ref, t.named_place))
        if twin is not None:
            absorb(twin, ref, reference=True)
        elif t.reference == "ref.elaboration":
            # no act before it in its paragraph: a report of its own, one event per interaction as any
            twin = next((o for o in out if same_interaction(o, ref, told)), None)
            if twin is None:
                out.append(ref)
            else:
                absorb(twin, ref)
        elif (t.own_day and (t.named_place or t.reference == "ref.definite")
              or t.named_place and t.reference == "ref.definite"):
            out.append(ref)  # a report of an act told nowhere else: "the blast killed 25 in Varo on Friday"
    return out


def _is_follow_up(ev: Event, told: dict[str, Told]) -> bool:
    """A strategic development told after an act, at its place and without a day of its own, is what
    followed from it (arrests after a clash, weapons recovered, people who fled, troops sent)."""
    t = told.get(ev.event_id, Told())
    return ev.event_type == "Strategic developments" and not t.own_day


def _followed(out: list[Event], ev: Event, told: dict[str, Told]) -> Event | None:
    """The act ``ev`` follows from, if it is a follow-up (``_is_follow_up``) in the same paragraph, at
    the same place or without one of its own."""
    if not _is_follow_up(ev, told):
        return None
    t = told.get(ev.event_id, Told())
    for o in reversed(out):
        if told.get(o.event_id, Told()).para != t.para or o.event_type == "Strategic developments":
            continue
        if not t.named_place or o.location == ev.location or _vaguer(o, ev) or _vaguer(ev, o) or _nearby(o, ev):
            return o
    return None


def _last_in_paragraph(out: list[Event], ev: Event, told: dict[str, Told]) -> Event | None:
    """The latest event told before ``ev`` in its paragraph: what a casualty line ("5 guards were
    killed", "no one was hurt") is about."""
    t = told.get(ev.event_id, Told())
    before = [o for o in out if _start(o) < _start(ev) and told.get(o.event_id, Told()).para == t.para]
    return before[-1] if before else None


def same_interaction(a: Event, b: Event, told: dict[str, Told]) -> bool:
    """Whether two reports in one article are one event: dates that meet, compatible types, places
    that are one (the same, one vaguer than the other, or one approached and the other near it), and
    no more than two named actors between them."""
    if not (_overlap(a, b) and compatible_types(a.event_type, b.event_type)):
        return False
    if a.event_type == "Strategic developments" and a.sub_event_type != b.sub_event_type:
        return False
    ta, tb = told.get(a.event_id, Told()), told.get(b.event_id, Told())
    # (different weapons are different acts; a clash and a capture, a protest and its dispersal, one)
    if (a.sub_event_type != b.sub_event_type and a.event_type in SEPARATE_TACTICS and b.event_type in SEPARATE_TACTICS
            and not (ta.weak or tb.weak) and ta.named_place and tb.named_place
            and not (_country_only(a, b) or _country_only(b, a))
            and not (a.time_precision == b.time_precision == 1 and a.event_date == b.event_date)):
        return False  # two acts told as such, at their places, not known to be on one day: two events
    if not (a.location == b.location or _vaguer(a, b) or _vaguer(b, a) or _nearby(a, b)):
        # the same toll told twice is one act, wherever each sentence places it ("IS killed 270 ...",
        # "... quoted sources as saying the 270 were killed")
        return same_toll(a, b) and actors_compatible(a, b)
    return actors_compatible(a, b)


SEPARATE_TACTICS = frozenset({"Explosions/Remote violence", "Strategic developments"})
SAME_TOLL_MIN = 5  # a toll this high, told again with the same number, is the same act's


def same_toll(a: Event, b: Event) -> bool:
    return a.fatalities >= SAME_TOLL_MIN and a.fatalities == b.fatalities and a.country == b.country


# Actors named by their kind only: any named actor of an article may be who they are ("jihadists" in a
# headline, "IS" in the body)
_WILDCARD = ("", "Unidentified", "Civilians", "Islamist Militia", "Opposition Rebels", "Protesters", "Rioters")


def _named(ev: Event) -> set[str]:
    return {x for x in (ev.actor1, ev.actor2) if x and not x.startswith(_WILDCARD[1:])}


def actors_compatible(a: Event, b: Event) -> bool:
    """No more than one pair of named actors between them (an unidentified group or civilians fit any)."""
    na, nb = _named(a), _named(b)
    return na <= nb or nb <= na or len(na | nb) <= 2


def _rank(ev: Event, told: dict[str, Told]) -> tuple[int, int]:
    return (1 if told.get(ev.event_id, Told()).weak else 0, HIERARCHY.get(ev.sub_event_type, len(HIERARCHY)))


class _Tally:
    """What a merged event's figures add up to, kept as reports join it: the evidence spans already
    counted, the lowest total and the highest part (``fatalities_of``, without reading them all again)."""

    __slots__ = ("seen", "low_total", "high_part")

    def __init__(self, figures=()):
        self.seen: set[tuple[int, int]] = set()
        self.low_total: int | None = None
        self.high_part: int | None = None
        self.add(figures)

    def add(self, figures) -> None:
        for f in figures:
            if f.evidence:
                self.seen.add((f.evidence.start, f.evidence.end))
            if f.kind == "killed":
                if f.part:
                    self.high_part = f.value if self.high_part is None else max(self.high_part, f.value)
                else:
                    self.low_total = f.value if self.low_total is None else min(self.low_total, f.value)

    def fatalities(self) -> int:
        return self.low_total if self.low_total is not None else self.high_part or 0


def _absorb(twin: Event, ev: Event, told: dict[str, Told], reference: bool = False,
            tally: _Tally | None = None) -> None:
    """Merge the report ``ev`` into ``twin`` (``tally``: what ``twin``'s figures add up to so far)."""
    # the type of the act: a report whose sentence says where (not an elaboration placed by another)
    # and that ranks higher names it
    # (within one event type, a later sentence may say what the interaction came to: "... clashed with
    # the militants. The forces took control of the village.")
    # a report placed only at the country ("Rebels attack government positions in Syria") is what the
    # precise report of it says happened
    precise_over_vague = _country_only(twin, ev) and told.get(ev.event_id, Told()).named_place
    if not reference and (precise_over_vague or (told.get(ev.event_id, Told()).named_place
                                                 or ev.event_type == twin.event_type)
                          and _rank(ev, told) < _rank(twin, told)):
        twin.event_type, twin.sub_event_type = ev.event_type, ev.sub_event_type
        if ev.rule:
            twin.rule = ev.rule
        told[twin.event_id] = replace(told.get(twin.event_id, Told()), weak=told.get(ev.event_id, Told()).weak)
    if _vaguer(twin, ev) or (_nearby(twin, ev) and ev.geo_precision < twin.geo_precision):
        for f in _PLACE_FIELDS:
            setattr(twin, f, getattr(ev, f))
    twin.evidence.extend(ev.evidence)
    tally = tally or _Tally(twin.figures)
    new = [f for f in ev.figures if not f.evidence or (f.evidence.start, f.evidence.end) not in tally.seen]
    twin.figures.extend(new)
    tally.add(new)
    twin.fatalities = tally.fatalities()
    if ev.time_precision < twin.time_precision or (ev.time_precision == twin.time_precision and twin.event_date
                                                   and ev.event_date and ev.date_max - ev.date_min
                                                   < twin.date_max - twin.date_min):
        twin.event_date, twin.date_min, twin.date_max, twin.time_precision = (ev.event_date, ev.date_min,
                                                                             ev.date_max, ev.time_precision)
    if reference:
        _actors_named_by_reference(twin, ev)
        return
    for a, other in (("actor1", "actor2"), ("actor2", "actor1")):
        mine, theirs = getattr(twin, a), getattr(ev, a)
        if theirs == getattr(twin, other):
            continue  # already the other side
        if theirs and (not mine or (mine.startswith("Unidentified") and not theirs.startswith(_WILDCARD[1:]))):
            setattr(twin, a, theirs)
            setattr(twin, "inter" + a[-1], getattr(ev, "inter" + a[-1]))


def fatalities_of(figures) -> int:
    """The event's reported deaths: the lowest of the figures that count all of them (CODEBOOK 6.2);
    a figure for a part ("nine of those killed were civilians") counts only when no total is given."""
    totals = [f.value for f in figures if f.kind == "killed" and not f.part]
    parts = [f.value for f in figures if f.kind == "killed" and f.part]
    return min(totals) if totals else max(parts) if parts else 0


def _actors_named_by_reference(told: Event, ref: Event) -> None:
    """"Al Shabaab claimed responsibility for the attack": a reference that says who did it
    (``_RESPONSIBLE``) replaces an unidentified initiator; other actors of a reference are often the
    police who speak or respond ("police said the attack was linked to a gang feud").  It fills
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
    """The event a reference ("the attack") is about: of a compatible type, dates that meet its own
    and, if the reference names a place, at that place, within it or within SUBURB_KM of it; the
    latest told before it, else the first told after it."""
    pos = _start(ev)
    before = [o for o in told if _start(o) <= pos]
    after = [o for o in told if _start(o) > pos]
    for o in [*reversed(before), *after]:
        if not compatible_types(o.event_type, ev.event_type) or not _overlap(o, ev):
            continue
        if not named_place or o.location == ev.location or _vaguer(o, ev) or _vaguer(ev, o) or _near(o, ev):
            return o
    return None


def _start(ev: Event) -> int:
    return min((e.start for e in ev.evidence), default=0)


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
