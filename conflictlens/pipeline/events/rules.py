"""The event rules (``knowledge/data/event_rules.yaml``), as typed records, and the functions that
apply them to a sentence: its trigger candidates in priority order, the refinements, background.

Every rule has an id and the codebook section it implements; an event records the ids of the rules
that decided its type (``Event.rule``), which ``evaluate --rules`` counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...errors import KnowledgeError
from ...knowledge import load_data_yaml
from ...knowledge.matcher import Trigger, TriggerSet, prepared
from .scans import ParagraphRest

VIOLENCE, PROTEST = "violence", "protest"  # fallback classes, decided in context
# "No casualties were reported" is not violence: a negation this close before a fallback word
_NEGATED = re.compile(r"\b(no|not|without|neither|nor|nobody|none)\b(?:\s+(?:one|reports?|reported|immediate))?\s*$", re.I)
NEGATION_WINDOW_CHARS = 30


@dataclass(frozen=True, slots=True)
class Rule:
    """What every rule carries: its id, the codebook section, and invented examples."""

    id: str
    kind: str  # trigger | fallback | refine | background | realis
    section: str
    target: str  # the sub-event type it gives (trigger, refine) or the fallback class
    pos: tuple[str, ...]
    neg: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Refinement:
    id: str
    source: str
    target: str
    when: re.Pattern | None
    unless: re.Pattern | None
    paragraph: bool
    requires: str  # "" or "unarmed": applies only when the sentence names no armed actor
    agent: str  # "" or "state" / "nonstate": applies only when actor1 is of that kind (after actors are read)


@dataclass(frozen=True, slots=True)
class RealisCue:
    """A cue that a trigger does not report an act (pipeline/events/realis.py applies it)."""

    id: str
    before: re.Pattern | None  # searched anywhere in the trigger's clause before it
    governs: re.Pattern | None  # ... ending right before it
    after: re.Pattern | None  # searched in the few words after it
    sentence: re.Pattern | None  # searched in the whole sentence
    unless: re.Pattern | None
    types: frozenset[str]  # event types it applies to (empty: all)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A trigger match: the sub-event type (or fallback class) it gives and where it is."""

    sub: str
    span: tuple[int, int]
    rule: str
    fallback: bool = False


@dataclass(frozen=True, slots=True)
class Rules:
    event_type_of: dict
    triggers: TriggerSet  # every sub-event type's triggers, highest priority first
    trigger_rule: tuple  # (rule id, sub-event type) of each trigger
    fallback: TriggerSet
    fallback_rule: tuple  # (rule id, class) of each fallback pattern
    refine: tuple
    background: TriggerSet
    background_rule: tuple
    realis: tuple
    references: tuple  # RealisCue-shaped: cues that make a trigger a reference to an act told elsewhere
    by_id: dict  # rule id -> Rule
    priority: dict  # sub-event type -> its rank in `priority`
    crowd: re.Pattern | None  # people who can be a protest's subject (decide.fallback_protest)


def _rx(p: str | None) -> re.Pattern | None:
    return re.compile(p, re.I) if p else None


def _rule(d: dict, kind: str, target: str) -> Rule:
    return Rule(d["id"], kind, d.get("section", ""), target, tuple(d.get("pos", ())), tuple(d.get("neg", ())))


def build_rules(d: dict) -> Rules:
    """Typed rules from the YAML's data; a rule without an id, section or examples, a duplicate id or
    an unknown sub-event type is a ``KnowledgeError`` naming it."""
    et = {sub: t for t, subs in d["taxonomy"].items() for sub in subs}
    by_id: dict[str, Rule] = {}

    def add(r: Rule) -> None:
        if not r.id or not r.section or not r.pos or not r.neg:
            raise KnowledgeError(f"event_rules.yaml: rule {r.id or '?'} needs an id, a section, pos and neg examples")
        if r.id in by_id:
            raise KnowledgeError(f"event_rules.yaml: rule id {r.id} is defined twice")
        by_id[r.id] = r

    order = {sub: i for i, sub in enumerate(d["priority"])}
    trig_rules = sorted(d["triggers"], key=lambda r: order[r["sub"]])
    trig, trig_of = [], []
    for r in trig_rules:
        if r["sub"] not in et:
            raise KnowledgeError(f"event_rules.yaml: rule {r['id']}: unknown sub-event type {r['sub']!r}")
        add(_rule(r, "trigger", r["sub"]))
        for p in r["patterns"]:
            trig.append(Trigger(r"\b" + p))
            trig_of.append((r["id"], r["sub"]))
    fb, fb_of = [], []
    for r in d.get("fallback", ()):
        add(_rule(r, "fallback", r["class"]))
        for p in r["patterns"]:
            fb.append(Trigger(r"\b" + p))
            fb_of.append((r["id"], r["class"]))
    ref = []
    for r in d.get("refine", ()):
        for s in (r["from"], r["to"]):
            if s not in et:
                raise KnowledgeError(f"event_rules.yaml: rule {r['id']}: unknown sub-event type {s!r}")
        add(_rule(r, "refine", r["to"]))
        ref.append(Refinement(r["id"], r["from"], r["to"], _rx(r.get("when")), _rx(r.get("unless")),
                              r.get("scope") == "paragraph", r.get("requires", ""), r.get("agent", "")))
    bg, bg_of = [], []
    for r in d.get("background", ()):
        add(_rule(r, "background", ""))
        for p in r["patterns"]:
            bg.append(Trigger(p))
            bg_of.append(r["id"])
    def cues(section: str, kind: str) -> list[RealisCue]:
        out = []
        for r in d.get(section, ()):
            add(_rule(r, kind, r.get("target", "")))
            out.append(RealisCue(r["id"], _rx(r.get("before")),
                                 re.compile("(?:" + r["governs"] + r")\s*$", re.I) if r.get("governs") else None,
                                 _rx(r.get("after")), _rx(r.get("sentence")), _rx(r.get("unless")),
                                 frozenset(r.get("types", ()))))
        return out

    realis, refs = cues("realis", "realis"), cues("references", "reference")
    crowd = None
    for r in d.get("decisions", ()):
        add(_rule(r, "decision", r["target"]))
        crowd = _rx(r.get("crowd")) or crowd
    return Rules(et, TriggerSet(trig), tuple(trig_of), TriggerSet(fb), tuple(fb_of), tuple(ref), TriggerSet(bg),
                 tuple(bg_of), tuple(realis), tuple(refs), by_id, order, crowd)


CANDIDATE_CACHE = 64  # sentences whose trigger matches are remembered (a paragraph's, many times over)


@lru_cache(maxsize=1)
def rules() -> Rules:
    return build_rules(load_data_yaml("event_rules.yaml"))


@lru_cache(maxsize=CANDIDATE_CACHE)
def candidates(text: str) -> tuple[Candidate, ...]:
    """Every trigger match in ``text``, highest priority first (within a trigger, in text order); the
    fallback words only when no trigger matches (a negated one is no violence: "no casualties").
    Remembered for the last sentences: the events stage asks twice for each (its first act, then the
    others)."""
    return tuple(_candidates(text))


def _candidates(text: str) -> list[Candidate]:
    r = rules()
    p = prepared(text)
    out, seen = [], set()
    for i in r.triggers.passing(p):
        rid, sub = r.trigger_rule[i]
        for m in r.triggers.triggers[i].all_matches(p):
            if (m.start(), sub) not in seen:
                seen.add((m.start(), sub))
                out.append(Candidate(sub, m.span(), rid))
    if out:
        # by priority, and within a sub-event type in the order the text tells them
        return sorted(out, key=lambda c: (r.priority[c.sub], c.span[0]))
    for i in r.fallback.passing(p):
        rid, cls = r.fallback_rule[i]
        for m in r.fallback.triggers[i].all_matches(p):
            if not _NEGATED.search(text, max(0, m.start() - NEGATION_WINDOW_CHARS), m.start()):
                out.append(Candidate(cls, m.span(), rid, fallback=True))
    return out


def classify(text: str, following: str = "") -> tuple[str, str, tuple[int, int]] | None:
    """(event_type, sub_event_type, trigger span) for the highest-priority trigger in ``text``, refined
    (realis aside).  Without a trigger, the fallback words give ``VIOLENCE`` or ``PROTEST`` as the
    sub-event type (event type ""), decided later from the actors.  ``following`` is the rest of the
    paragraph, seen only by paragraph-scope refinements."""
    cands = candidates(text)
    if not cands:
        return None
    c = cands[0]
    if c.fallback:
        return "", c.sub, c.span
    sub, _ids = refine(c.sub, text, following)
    return rules().event_type_of[sub], sub, c.span


def refine(sub: str, text: str, following: str = "", unarmed: bool = False,
           agent: str = "", one_side: bool = False) -> tuple[str, list[str]]:
    """Apply the refinements: (sub-event type, ids of those that applied).  With ``unarmed`` only
    those that need a sentence without armed actors, with ``one_side`` those that need one armed side
    and civilians; with ``agent`` only those for that actor1 kind."""
    requires = "unarmed" if unarmed else "one_side" if one_side else ""
    applied = []
    for rf in rules().refine:
        if rf.source != sub or rf.requires != requires or rf.agent != agent:
            continue
        if (rf.when is None or _found(rf.when, text, following, rf.paragraph)) and not (
                rf.unless and _found(rf.unless, text, following, rf.paragraph)):
            sub = rf.target
            applied.append(rf.id)
    return sub, applied


def _found(rx, text: str, following, paragraph: bool) -> bool:
    """Whether ``rx`` matches the sentence, or with ``paragraph`` the sentence and the rest of its
    paragraph joined by a space (``following``: a string, or a ``scans.ParagraphRest`` that answers the
    same without rescanning the paragraph for each of its sentences)."""
    if not paragraph:
        return rx.search(text) is not None
    if isinstance(following, ParagraphRest):
        return following.search(rx, text)
    return rx.search(text + " " + following) is not None


def background_rule(text: str) -> str | None:
    """The id of the background rule that makes ``text`` context, not news, or None."""
    r = rules()
    hit = r.background.search(prepared(text))
    return r.background_rule[hit[0]] if hit else None


def is_background(text: str) -> bool:
    return background_rule(text) is not None
