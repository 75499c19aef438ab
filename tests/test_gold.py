"""Quality gates: pinned floors on the seed gold and the ACLED dev set.

Lowering a floor is a deliberate, visible change to this file.
"""

import pytest

from conflictlens.gold import score_gold

from .conftest import ACLED_DEV, RAMS_DEV

SEED_RECALL_FLOOR = 0.85  # measured 0.905 (19 of 21; 17 within 10 km), see docs/benchmarks.md
# measured: rows 0.9666, type 0.8595, sub 0.8276, date 0.9596, admin1 0.8463, loc 0.6203, actor1 0.7282, actor2 0.7084
RAMS_PLACE_RECALL_FLOOR = 0.85  # measured 0.8571 (66 of 77); issue 3's target
ACLED_FLOORS = {"rows_with_event": 0.96, "event_type": 0.85, "sub_event_type": 0.81, "event_date": 0.95,
                "admin1": 0.83, "location_10km": 0.61, "actor1": 0.71, "actor2": 0.69}


def test_gold_seeds_recall_floor(seed_articles, seed_gold):
    score = score_gold(seed_gold, {k: a.events for k, a in seed_articles.items()})
    assert score["recall"] >= SEED_RECALL_FLOOR, score


@pytest.mark.skipif(not ACLED_DEV.exists(), reason="../shared/data/acled_2020_dev.csv not present")
def test_gold_acled_dev_floors():
    from conflictlens.evaluate import evaluate_acled

    scores = evaluate_acled(ACLED_DEV)
    low = {k: (scores[k], floor) for k, floor in ACLED_FLOORS.items() if scores[k] < floor}
    assert not low, f"below floor (score, floor): {low}"


@pytest.mark.skipif(not RAMS_DEV.exists(), reason="../shared/data/rams_syria_dev.jsonl not present")
def test_gold_rams_place_recall_floor():
    from conflictlens.evaluate import evaluate_rams

    scores = evaluate_rams(RAMS_DEV)
    assert scores["place_recall"] >= RAMS_PLACE_RECALL_FLOOR, scores
