"""The fast paths of knowledge/matcher.py return exactly what the plain code returns."""

from __future__ import annotations

import re

import pytest

from conflictlens.knowledge.matcher import (DIGIT_HEAD, PhraseIndex, Prepared, Trigger, TriggerSet, match_heads,
                                            phrase_key, required_literals, tokenize)
from conflictlens.pipeline.clean import clean_text
from conflictlens.pipeline.sentences import split_sentences
from conflictlens.readers import read_inputs
from tests.conftest import SAMPLES

TRICKY = [
    "On Sunday, 26 people were KILLED in Idlib; at least 12 WOUNDED on 5 March 2015.",
    "Mid-July clashes near İstanbul and Kırkuk left dozens dead since 2011.",
    "the day before yesterday, gunmen stormed the town of Ma'arrat al-Nu'man",
    "Between 3 and 5 August 2014 the Army of Islam shelled Douma; 1,200 displaced.",
    "ΣΟΦΙΑ Σ protests: Protesters threw stones at police who fired tear gas.",
    "",
]


def sentences() -> list[str]:
    out = list(TRICKY)
    for art in read_inputs([SAMPLES]):
        text, _removed = clean_text(art.raw)
        out += [s.text for s in split_sentences(text)]
    return out


def all_triggers() -> list[Trigger]:
    from conflictlens.knowledge.place_words import PlaceWords
    from conflictlens.pipeline import actors, dates, events, figures

    r = events.rules()
    out = list(r.triggers.triggers) + list(r.fallback.triggers) + list(r.background.triggers)
    out += [t for _k, t in dates.PATTERNS]
    lex = figures._lex()
    out += [lex[0]] + list(lex[3].values())
    out += list(PlaceWords.load().source_contexts) + [actors._GROUP_RE, actors._TRIBE_RE]
    return out


def test_every_rule_trigger_matches_as_its_plain_pattern():
    sents = sentences()
    assert len(sents) > 50
    triggers = all_triggers()
    assert len(triggers) > 300
    for t in triggers:
        for s in sents:
            p = Prepared(s)
            plain = [m.span() for m in t.rx.finditer(s)]
            assert [m.span() for m in t.finditer(p)] == plain, (t.pattern, s)
            first = t.search(p)
            assert (first.span() if first else None) == (plain[0] if plain else None), (t.pattern, s)


def test_trigger_set_finds_the_first_in_order():
    from conflictlens.pipeline.events import rules

    ts = rules().triggers
    for s in sentences():
        expect = next(((i, m.span()) for i, t in enumerate(ts.triggers) if (m := t.rx.search(s))), None)
        got = ts.search(Prepared(s))
        assert ((got[0], got[1].span()) if got else None) == expect, s


@pytest.mark.parametrize("pattern, heads", [
    (r"\bgang-?raped", {"gan"}),
    (r"\b(seized|captured|took) (control of|over)", {"sei", "cap", "too"}),
    (r"\bx?y", {"x", "y"}),
    (r"\b[a-z]+ foo", None),
    (r"\b(?P<day>\d{1,2}) of", {DIGIT_HEAD}),
    (r"\b(?:on )?\d+ killed", {"on", DIGIT_HEAD}),
    (r"\ba\d", {"a"}),  # a digit after a letter: the head ends at the letter
    (r"\b[0-9]+ of", None),  # a range is not \d (which takes every script's digits)
])
def test_match_heads(pattern, heads):
    got = match_heads(pattern, re.I)
    assert (set(got) if got is not None else None) == heads


def test_a_digit_head_is_any_scripts_digit():
    t = Trigger(r"\b(?P<n>\d+) killed")
    for s in ("۳ killed in Idlib", "3 killed", "three killed"):
        p = Prepared(s)
        assert [m.span() for m in t.finditer(p)] == [m.span() for m in t.rx.finditer(s)], s
    assert DIGIT_HEAD in Prepared("٢٨ تموز").heads and DIGIT_HEAD not in Prepared("no digits").heads


def test_required_literals_and_word_starts():
    req, initial = required_literals(r"\b(?P<day>\d{1,2}) (?:of )?(?P<month>Jan(?:uary)?|Feb(?:ruary)?)\b", re.I)
    assert req == ("feb", "jan") and initial == ("feb", "jan")
    req, initial = required_literals(r"\bmid[ -]?(?P<month>January|February)", re.I)
    assert req == ("february", "january") and initial == ("mid",)  # "midjanuary": the month need not start a word
    assert required_literals(r"\b\d+ x", re.I) == ((" x",), None)  # after a number: not a word start known
    assert required_literals(r"\b\d+\w", re.I) == (None, None)


def test_phrase_index_finds_longest_matches_like_a_plain_scan():
    idx = PhraseIndex()
    for name in ["Free Syrian Army", "Syrian Army", "Army", "Jabhat al-Nusra", "Nusra Front", "al-Nusra"]:
        idx.add(name, name)

    def plain(tokens):
        i, out = 0, []
        while i < len(tokens):
            for j in range(min(len(tokens), i + idx.max_tokens + 2), i, -1):
                if tokens[i].key and tokens[j - 1].key and phrase_key(tokens[i:j]) in idx.index:
                    out.append((i, j))
                    i = j
                    break
            else:
                i += 1
        return out

    for s in sentences() + ["The Free Syrian Army and Jabhat al-Nusra fought the Syrian Army's Nusra Front."]:
        toks = tokenize(s)
        assert [(i, j) for i, j, _p in idx.find(toks)] == plain(toks), s


def test_trigger_set_candidates_are_a_superset():
    ts = TriggerSet([Trigger(r"\bshell(ed|ing)"), Trigger(r"\bair ?strikes?"), Trigger(r"since (19|20)\d\d")])
    p = Prepared("Regime forces SHELLED the town after airstrikes since 2012.")
    assert ts.passing(p) == [0, 1, 2]
    assert ts.passing(Prepared("Nothing happened.")) == []


def test_patterns_that_need_a_digit_skip_texts_without_one():
    from conflictlens.knowledge.matcher import Prepared, Trigger, requires_digit

    assert requires_digit(r"\b(?:in|since) (?P<year>(?:19|20)\d{2})\b")
    assert requires_digit(r"[0-9]+ killed") and requires_digit(r"(?:\d+|١٢) dead")
    assert not requires_digit(r"(half a million|\d+ million)") and not requires_digit(r"\d?x")
    t = Trigger(r"\b(?:in|since) (?P<year>(?:19|20)\d{2})\b")
    assert t.needs_digit and t.search(Prepared("fighting since 2011")) and not t.search(Prepared("since then"))
    assert t.search(Prepared("fighting since ٢٠١١")) is None  # (19|20) are ASCII: no match, and none claimed
