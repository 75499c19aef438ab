"""The event rules (``knowledge/data/event_rules.yaml``): triggers, fallback words, refinements,
background and hypothetical patterns, and the functions that apply them to a sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...knowledge import load_data_yaml
from ...knowledge.matcher import Prepared, Trigger, TriggerSet, prepared

# How far after a trigger a modal can still make it hypothetical ("attacks that could be committed").
HYPOTHETICAL_AFTER_CHARS = 60
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
_NEGATED = re.compile(r"\b(no|not|without|neither|nor|nobody|none)\b(?:\s+(?:one|reports?|reported|immediate))?\s*$", re.I)
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
        scope = text + " " + following if rf.paragraph else text
        if (rf.when is None or rf.when.search(scope)) and not (rf.unless and rf.unless.search(scope)):
            sub = rf.target
    return sub


def is_background(text: str) -> bool:
    return rules().background.search(prepared(text)) is not None


def is_hypothetical(sentence: str, trigger_end: int) -> bool:
    """Feared, threatened or demanded, not done: the words govern the trigger, so they come before it;
    only a modal ("attacks that could be committed") may follow it."""
    r = rules()
    before = sentence[:trigger_end]
    after = sentence[trigger_end:trigger_end + HYPOTHETICAL_AFTER_CHARS]
    return r.hypothetical.search(Prepared(before)) is not None or r.hypothetical_after.search(Prepared(after)) is not None
