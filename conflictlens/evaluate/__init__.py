"""Evaluation: the same scoring functions the CLI's ``evaluate`` calls.

* ``evaluate_acled``: ACLED-coded rows, each row's notes read as an article; the main event scored
  (``acled.py``), with fixed held-out parts.
* ``evaluate_articles``: whole articles coded event by event (``conflictlens.gold``), precision and
  recall of every event the system emits.
* ``evaluate_rams``: RAMS argument recall; ``evaluate_fakes`` / ``evaluate_linking``: FA-KES main
  events, merging and stories against silver labels.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .acled import FIELDS, HELDOUT_COUNTRIES, HELDOUT_DAYS, SPLITS, best_match, evaluate_acled, split_of
from .common import LOCATION_KM, actor_agrees, admin1_agrees, norm_actor, parse_acled_date
from .fakes import bcubed, evaluate_fakes, evaluate_linking, silver_stories
from .rams import evaluate_rams


def gold_article_input(ga):
    """The Article a gold file describes, as a reader would make it."""
    from ..readers import make_article

    return make_article(text=ga.text, where=ga.path, id=ga.id, title=ga.title, source=ga.source,
                        published=ga.published)


def evaluate_articles(path: str | Path, extract: Callable | None = None, split: str | None = None) -> dict:
    """Event-level precision, recall and F1 over the whole-article gold under ``path`` (only the
    articles of ``split`` if given), with the false and missed events."""
    from .. import extract_article
    from ..errors import StageError
    from ..gold import load_articles, score_articles

    extract = extract or extract_article
    gold = [ga for ga in load_articles(path) if split is None or ga.split == split]
    events, errors = {}, []
    for ga in gold:
        try:
            events[ga.id] = extract(gold_article_input(ga)).events
        except StageError as exc:
            errors.append(str(exc))
            events[ga.id] = []
    out = {"split": split or "all"} | score_articles(gold, events)
    out["errors"] = len(errors)
    return out


__all__ = ["FIELDS", "HELDOUT_COUNTRIES", "HELDOUT_DAYS", "LOCATION_KM", "SPLITS", "actor_agrees", "admin1_agrees",
           "bcubed", "best_match", "evaluate_acled", "evaluate_articles", "evaluate_fakes", "evaluate_linking",
           "evaluate_rams", "gold_article_input", "norm_actor", "parse_acled_date", "silver_stories", "split_of"]
