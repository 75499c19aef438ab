"""Every event rule's invented examples (knowledge/data/event_rules.yaml: `pos` and `neg`), run through
the whole pipeline: a trigger or refinement decides the main event of its positive examples and not of
its negative ones; a not-an-event rule leaves its positive examples without an event and its negative
ones with one."""

from datetime import date

import pytest

from conflictlens import extract_text
from conflictlens.pipeline.events.rules import rules

PUBLISHED = date(2020, 5, 6)  # a Wednesday: "on Monday" is 4 May


def _cases():
    for r in rules().by_id.values():
        for text in r.pos:
            yield pytest.param(r, text, True, id=f"{r.id}+")
        for text in r.neg:
            yield pytest.param(r, text, False, id=f"{r.id}-")


def _all(text: str):
    return extract_text(text, published=PUBLISHED).events


def _main(text: str):
    events = _all(text)
    return events[0] if events else None


@pytest.mark.parametrize(("rule", "text", "positive"), list(_cases()))
def test_rules_examples(rule, text, positive):
    ev = _main(text)
    if rule.kind == "reference" and rule.target:  # a line about the act told before it: one event
        evs = _all(text)
        assert (len(evs) == 1 and evs[0].sub_event_type == rule.target) == positive, (rule.id, text,
                                                                                   [e.rule for e in evs])
        return
    if rule.kind == "realis" and rule.target:  # a cue that hands the sentence to another trigger
        assert (ev is not None and ev.sub_event_type == rule.target) == positive, (rule.id, text, ev and ev.rule)
        return
    if rule.kind in ("background", "realis", "reference"):
        assert (ev is None) == positive, (rule.id, text, ev and (ev.sub_event_type, ev.rule))
        return
    if rule.kind == "fallback":  # a weak word: its class (violence, protest) is decided by the actors
        assert (ev is not None and rule.id in ev.rule.split("+")) == positive, (rule.id, text, ev and ev.rule)
        return
    if positive:
        assert ev is not None, (rule.id, text)
        assert ev.sub_event_type == rule.target and rule.id in ev.rule.split("+"), (rule.id, text, ev.sub_event_type,
                                                                                    ev.rule)
    else:
        assert ev is None or ev.sub_event_type != rule.target, (rule.id, text, ev.sub_event_type, ev.rule)


def test_rules_every_sub_event_type_has_a_rule():
    r = rules()
    produced = {x.target for x in r.by_id.values() if x.kind in ("trigger", "refine", "decision")}
    assert produced >= set(r.event_type_of), set(r.event_type_of) - produced


def test_rules_ids_name_a_codebook_section():
    for r in rules().by_id.values():
        assert r.section[:1].isdigit(), r.id
