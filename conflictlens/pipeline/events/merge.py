"""One event however many times an article tells it: repeats, vaguer reports and references back."""

from __future__ import annotations

import re

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
