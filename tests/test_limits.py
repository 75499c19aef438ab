"""Time and size limits (issue 25): the per-article time budget, and the one-pass scans the events
stage uses instead of re-searching a paragraph per sentence, which must answer exactly as the
plain searches do."""

from __future__ import annotations

import re
import threading
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictlens.errors import OverBudget, StageError
from conflictlens.pipeline import REGISTRY, Pipeline
from conflictlens.pipeline.context import Context
from conflictlens.pipeline.events.scans import ParagraphRest, last_end_before
from conflictlens.readers import make_article


def _spin_when_asked(article, ctx):
    """A stage caught in a loop on articles that say SPIN (a pure-Python loop: what a runaway stage is)."""
    while "SPIN" in article.text:
        pass


@pytest.fixture()
def spinning(monkeypatch):
    import conflictlens.pipeline.mentions  # noqa: F401  (registers the stages)

    spec = REGISTRY["mentions.figures"]
    monkeypatch.setitem(REGISTRY, "mentions.figures", replace(spec, func=_spin_when_asked))
    return spec


def test_limits_budget_interrupts_the_stage_and_the_next_article_runs(spinning, tiny_gazetteer):
    pipe = Pipeline(context=Context(gazetteer=tiny_gazetteer), time_budget=0.5)
    with pytest.raises(OverBudget) as err:
        pipe(make_article(text="SPIN: rebels attacked Idlib on Monday.", where="spin.txt"))
    assert "mentions.figures" in str(err.value) and "spin.txt" in str(err.value) and "0.5 s" in str(err.value)
    assert isinstance(err.value, StageError)
    assert pipe(make_article(text="Rebels attacked Idlib on Monday.", where="ok.txt")).stages_run[-1] == "events"


def test_limits_budget_works_in_worker_threads(spinning, tiny_gazetteer):
    pipe = Pipeline(context=Context(gazetteer=tiny_gazetteer), time_budget=0.3)
    errors = []

    def run():
        try:
            pipe(make_article(text="SPIN", where="t.txt"))
        except OverBudget as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(errors) == 3


def test_limits_budget_fails_that_article_only_in_the_cli(spinning, tmp_path, capsys):
    from conflictlens import default_pipeline
    from conflictlens.cli import main

    default_pipeline()(make_article(text="Rebels attacked Homs on Monday.", where="warm"))  # (indexes built on first use)
    (tmp_path / "a.txt").write_text("SPIN: rebels attacked Idlib on Monday.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Government aircraft struck Idlib on Monday, killing three civilians.", encoding="utf-8")
    assert main(["extract", str(tmp_path), "--time-budget", "2", "--published", "2015-03-08"]) == 1
    out = capsys.readouterr()
    assert "a.txt" in out.err and "took longer than the 2 s" in out.err and "b.txt" not in out.err
    assert '"location": "Idlib"' in out.out


def test_limits_no_budget_when_zero(tiny_gazetteer):
    pipe = Pipeline(context=Context(gazetteer=tiny_gazetteer), time_budget=0)
    assert pipe(make_article(text="Rebels attacked Idlib on Monday.", where="x")).stages_run


WORDS = st.sampled_from(["police", "fired", "tear", "gas", "clash", "clashed", "ash", "a", "x", "y", ".", ",", "(",
                         "protest", "stormed", "against", "arrest", "were", "arrested", "the"])
PATTERNS = [re.compile(p, re.I) for p in (r"\bclash", r"clash|ash\b", r"\bpolice[^.]{0,20}\bfired\b", r"a\b", r"s?",
                                          r"tear ?gas", r"\bx", r"y\b", r"x\w*", r"(?<=x)y", r"\b(were|was) arrested\b")]


@settings(max_examples=300, deadline=None)
@given(words=st.lists(WORDS, min_size=1, max_size=60), seps=st.lists(st.sampled_from([" ", "", "  "]), min_size=60,
                                                                       max_size=60),
       cuts=st.lists(st.integers(0, 400), max_size=8))
def test_limits_paragraph_rest_answers_as_the_plain_search(words, seps, cuts):
    text = "".join(w + s for w, s in zip(words, seps))
    bounds = sorted({0, len(text), *(c for c in cuts if c < len(text))})
    spans = [(a, b) for a, b in zip(bounds, bounds[1:]) if a < b]
    found: dict = {}
    for s, e in spans:
        rest = ParagraphRest(text, e, spans[0][0], spans[-1][1], found)
        for rx in PATTERNS:
            assert rest.search(rx, text[s:e]) == (rx.search(text[s:e] + " " + text[e:spans[-1][1]]) is not None)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(["against", "between", "versus", "Against", "xbetween", "betweenx", "a", " ", ","]),
                      max_size=30), at=st.integers(0, 300))
def test_limits_last_end_before_answers_as_the_plain_scan(words, at):
    text = " ".join(words)
    at = min(at, len(text))
    rx = re.compile(r"\b(against|versus|between)\b", re.I)
    assert last_end_before(rx, text, at, 7) == max((m.end() for m in rx.finditer(text, 0, at)), default=0)
