"""Does a trigger report an act that happened?  (CODEBOOK 2.4: what is not an event.)

A trigger ("attack", "clashes", "protest") may sit in a threat, a plan, a fear, a hope, a call, a
denial, a negation, a conditional, a question, a generic or habitual statement, a summary of a
period, a claim of motive or talk about talks.  The cues are general linguistic ones, as data (the
``realis`` rules of ``event_rules.yaml``): what governs the trigger within its clause (a modal verb,
an irrealis verb or noun, a negation, a subordinator), what follows it closely, and what marks the
whole sentence.  A clause ends at a semicolon, colon, dash or quotation mark, or at a comma before a
coordinating or subordinating word; "that" does not end one ("warned that rebels would attack").
"""

from __future__ import annotations

import re
from functools import lru_cache

from .rules import rules

CLAUSE_BREAK = re.compile(
    r"[;:\u2014\u2013\"\u201c\u201d]|\s-\s|,\s*(?=(?:and|but|while|whereas|although|though|after|before|as|when|which|"
    r"who|whom|whose|where|because|since|until|despite|amid|meanwhile|however|then)\b)|\b(?:but|while|whereas|"
    r"although|though|however|meanwhile)\b", re.I)
AFTER_WINDOW_CHARS = 60  # how far after a trigger a modal can still govern it ("attacks that could be committed")


def clause_start(text: str, pos: int) -> int:
    """Where the clause holding ``pos`` begins."""
    start = 0
    for m in CLAUSE_BREAK.finditer(text, 0, pos):
        start = m.end()
    return start


def not_an_event(text: str, span: tuple[int, int], event_type: str = "") -> str | None:
    """The id of the first ``realis`` rule that says the trigger at ``span`` of the sentence ``text``
    reports no act, or None when nothing does."""
    return _first_cue(rules().realis, text, span, event_type)


def reference_cue(text: str, span: tuple[int, int], weak: bool = False) -> str | None:
    """The id of the ``references`` rule that makes the trigger at ``span`` a reference to an act
    (told elsewhere, or only talked about), or None: a definite event noun phrase ("the attack",
    ``merge.refers_back``) or a statement, reaction or inquiry that governs it.  A ``weak`` trigger
    (a fallback word, or victims named: "those killed") in a sentence that names an act definitely
    anywhere ("... killed in the strikes") is about that act."""
    from .merge import definite_reference, refers_back

    # a statement about an act outweighs its wording; it governs a name of an act ("discussed the gas
    # attack"), not a verb that reports one ("victims of floods protested", "suspected soldiers killed")
    cue = _first_cue(rules().references, text, span, "") if nominal(text[span[0]:span[1]]) else None
    if cue is None and (refers_back(text, span) or (weak and definite_reference(text))):
        return "ref.definite"
    return cue


_ACT_NOUN = re.compile(r"(attacks?|strikes?|airstrikes?|raids?|bombings?|bombardment|shelling|massacres?|clash(es)?|"
                       r"fighting|battles?|offensives?|assaults?|ambush(es)?|explosions?|blasts?|killings?|weapons?|"
                       r"gas|agents?|sarin|chlorine|bombs?|rockets?|missiles?|shells?|mortars?|executions?|"
                       r"abductions?|kidnappings?|protests?|demonstrations?|rall(y|ies)|incident|operations?)", re.I)


def nominal(trigger: str) -> bool:
    """Whether a trigger's words name an act (a noun: "the gas attack", "chemical weapons") rather
    than report it with a verb ("killed", "protested")."""
    words = trigger.split()
    return bool(words) and _ACT_NOUN.fullmatch(words[-1].strip(",.;:")) is not None


def discourse_reference(text: str, span: tuple[int, int]) -> bool:
    """Whether a statement, reaction or inquiry governs the act named at ``span`` (``ref.discourse``)."""
    return nominal(text[span[0]:span[1]]) and _first_cue(rules().references, text, span, "") is not None


@lru_cache(maxsize=1024)
def _in_sentence(rx: re.Pattern, text: str) -> bool:
    """``rx.search(text)``, remembered: a sentence-wide cue is asked about for every trigger of it."""
    return rx.search(text) is not None


def _first_cue(cues, text: str, span: tuple[int, int], event_type: str) -> str | None:
    start = clause_start(text, span[0])
    before = text[start:span[0]]
    after = text[span[1]:span[1] + AFTER_WINDOW_CHARS]
    for cue in cues:
        if cue.types and event_type not in cue.types:
            continue
        if cue.unless is not None and _in_sentence(cue.unless, text):
            continue
        if ((cue.sentence is not None and _in_sentence(cue.sentence, text))
                or (cue.before is not None and cue.before.search(before))
                or (cue.governs is not None and cue.governs.search(before))
                or (cue.after is not None and cue.after.search(after))):
            return cue.id
    return None
