"""Quality gates: pinned floors on the seed gold and the ACLED dev set.

Lowering a floor is a deliberate, visible change to this file.
"""

import pytest

from conflictlens.gold import score_gold

from .conftest import ACLED_DEV, FAKES_DEV, RAMS_DEV

SEED_RECALL_FLOOR = 0.90  # measured 0.9524 (20 of 21; 19 within 10 km), see docs/benchmarks.md
# ACLED, measured in session 13: rows 0.9912, type 0.9002, sub 0.8738, date 0.9842, admin1 0.9314, loc 0.6746,
# actor1 0.8089, actor2 0.7638 (the gazetteer's location ceiling is 0.7186: scripts/location_misses.py)
RAMS_PLACE_RECALL_FLOOR = 0.85  # measured 0.8571 (66 of 77); issue 3's target
# FA-KES (issue 4), measured in session 12: the main event within the 7 days up to the article's own date
# (its dateline where the text has one, else `date`) 0.9757; up to `date` 0.7247, 0.9888 over the 179
# articles whose own dateline does not contradict `date`; governorate 0.7692.  Session 12 dated an
# article by its own dateline ("... AFP Sunday 1 Feb 2015 ..."), which 68 articles' `date` contradicts,
# so the floor on the `date` window fell from 0.88 to 0.70 and the own-date window is pinned instead.
FAKES_FLOORS = {"main_event_within_7_days_of_own_date": 0.95, "main_event_within_7_days_where_consistent": 0.97,
                "main_event_within_7_days": 0.70, "main_event_governorate": 0.74}
# merging on FA-KES (issue 5): merges happen, main-event pairs agree with the silver labels and stories
# with silver stories, both taking each article's own date for `date` (measured 116, 0.8103, 0.7897,
# 0.875; against `date` itself 0.6207, 0.72, 0.8382: docs/benchmarks.md).
MERGE_FLOORS = {"events_merged": 80, "main_event_pairs_silver_agree_own_dates": 0.78,
                "stories_bcubed_precision_own_dates": 0.76, "stories_bcubed_recall_own_dates": 0.85}
ACLED_FLOORS = {"rows_with_event": 0.98, "event_type": 0.88, "sub_event_type": 0.86, "event_date": 0.98,
                "admin1": 0.92, "location_10km": 0.66, "actor1": 0.80, "actor2": 0.75}


def test_gold_seeds_recall_floor(seed_articles, seed_gold):
    score = score_gold(seed_gold, {k: a.events for k, a in seed_articles.items()})
    assert score["recall"] >= SEED_RECALL_FLOOR, score


def _meets(scores: dict, floors: dict) -> None:
    low = {k: (scores[k], floor) for k, floor in floors.items() if scores[k] < floor}
    assert not low, f"below floor (score, floor): {low}"


@pytest.mark.skipif(not ACLED_DEV.exists(), reason="../shared/data/acled_2020_dev.csv not present")
def test_gold_acled_dev_floors():
    from conflictlens.evaluate import evaluate_acled

    _meets(evaluate_acled(ACLED_DEV), ACLED_FLOORS)


@pytest.mark.skipif(not RAMS_DEV.exists(), reason="../shared/data/rams_syria_dev.jsonl not present")
def test_gold_rams_place_recall_floor():
    from conflictlens.evaluate import evaluate_rams

    _meets(evaluate_rams(RAMS_DEV), {"place_recall": RAMS_PLACE_RECALL_FLOOR})


@pytest.mark.skipif(not FAKES_DEV.exists(), reason="../shared/data/fakes_dev.csv not present")
def test_gold_fakes_floors():
    from conflictlens.evaluate import evaluate_fakes

    _meets(evaluate_fakes(FAKES_DEV), FAKES_FLOORS)


@pytest.mark.skipif(not FAKES_DEV.exists(), reason="../shared/data/fakes_dev.csv not present")
def test_gold_fakes_merging_floors():
    from conflictlens.evaluate import evaluate_linking

    _meets(evaluate_linking(FAKES_DEV), MERGE_FLOORS)
