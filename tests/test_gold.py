"""Quality gates: floors pinned on the HELD-OUT parts of every gold set (issues 22, 23).

The held-out parts are fixed once and their misses are never read while rules are written:
Ethiopia in acled_world_dev.csv, 2-3 May 2020 in acled_2020_dev.csv, and the articles under
tests/gold/articles/heldout.  A floor sits a little under the figure measured on main (in
docs/benchmarks.md, "Dev and held-out"), so that an honest change of a point or two passes and a
regression does not.  Lowering a floor is a deliberate, visible change to this file.
"""

import pytest

from .conftest import ACLED_DEV, FAKES_DEV, RAMS_DEV, ROOT, SHARED

ACLED_WORLD = SHARED / "data" / "acled_world_dev.csv"
ARTICLES = ROOT / "tests" / "gold" / "articles"

# acled_2020_dev.csv, held-out days (777 rows), measured at the end of session 15: rows .982, type .8623,
# sub .8353, date .9781, admin1 .8674 (ACLED's own spelling), location .6319, actor1 .8018, actor2 .7735,
# extra .1145
ACLED_2020_HELDOUT_FLOORS = {"rows_with_event": 0.96, "event_type": 0.84, "sub_event_type": 0.81,
                             "event_date": 0.96, "admin1": 0.84, "location_10km": 0.61, "actor1": 0.78,
                             "actor2": 0.75}
# acled_world_dev.csv, Ethiopia (1,300 rows), measured at the end of session 15: rows .9892, type .8831,
# sub .8408, date .9369, admin1 .7854, location .3323, actor1 .6754, actor2 .4008, extra .1254.  admin1 was
# .66 before the Ethiopia pack named three regions as ACLED does (Amhara, Benshangul/Gumuz, Somali): that
# knowledge was added after the held-out admin1 figure was seen, so Ethiopia's admin1 is no longer blind.
ACLED_WORLD_HELDOUT_FLOORS = {"rows_with_event": 0.97, "event_type": 0.86, "sub_event_type": 0.82,
                              "event_date": 0.91, "admin1": 0.76, "location_10km": 0.31, "actor1": 0.65,
                              "actor2": 0.38}
# Issue 23: no more than 0.15 extra events per note, on the held-out parts (measured .1145 and .1254).
EXTRA_EVENTS_CEILING = 0.15
# Issue 24: ACLED writes a place in ASCII; a non-ASCII location is a gazetteer spelling leaking (measured 0).
NON_ASCII_CEILING = 0.02

# Whole articles, held out (28 FA-KES articles, 55 certain gold events), measured at the end of session 15:
# lenient P .2258 R .2545, strict P .1061 R .1273.  Far below the development parts (dev lenient P .5849
# R .5439; dev2, coded blind in session 15, .434/.5897): see docs/benchmarks.md.  A small set: one event
# moves recall by .018, so the floors sit about two events under.
ARTICLES_HELDOUT_FLOORS = {"lenient_precision": 0.19, "lenient_recall": 0.21, "strict_precision": 0.08,
                           "strict_recall": 0.10}
# The five seeds (13 certain events; read while writing rules, so a regression guard, not a measure):
# lenient P .6875 R .8462, measured in session 15.
SEEDS_FLOORS = {"lenient_precision": 0.60, "lenient_recall": 0.75}

RAMS_PLACE_RECALL_FLOOR = 0.85  # measured 0.8571 (66 of 77); issue 3's target
# FA-KES (issue 4), all 247 articles (silver labels, no held-out part): the main event within 7 days of
# the article's own date (its dateline, else `date`), where the dateline does not contradict `date`, of
# `date` itself, and the governorate.  Session 15 measured .9753, .9695, .6543, .749 (session 12: .9757,
# .9888, .7247, .7692).  The governorate fell from .7654 when "outside the capital Damascus" became Rural
# Damascus, as ACLED codes it (CODEBOOK 4), where FA-KES's label says Damascus.  The floor on `date` itself follows the datelines: 79 articles' own dateline now
# contradicts `date` (68 in session 12), and a main event dated by its dateline is off `date` there;
# 4 articles (1.6%) now have no event at all, their only candidates background or statements.
FAKES_FLOORS = {"main_event_within_7_days_of_own_date": 0.95, "main_event_within_7_days_where_consistent": 0.96,
                "main_event_within_7_days": 0.63, "main_event_governorate": 0.72}
# Merging on FA-KES (issue 5), own dates.  Session 15 measured 59 merges, pairs agreeing .7971, B-cubed
# P .8679 R .8399 (session 12: 116, .8103, .7897, .875): with spurious events gone (extra events per
# note .24 to .07) there are fewer to merge, and precision rose while recall fell.
MERGE_FLOORS = {"events_merged": 55, "main_event_pairs_silver_agree_own_dates": 0.78,
                "stories_bcubed_precision_own_dates": 0.82, "stories_bcubed_recall_own_dates": 0.81}


def _meets(scores: dict, floors: dict) -> None:
    low = {k: (scores[k], floor) for k, floor in floors.items() if scores[k] < floor}
    assert not low, f"below floor (score, floor): {low}"


def _flat(score: dict) -> dict:
    return {f"{mode}_{k}": v for mode in ("lenient", "strict") for k, v in score[mode].items()}


@pytest.mark.parametrize("path,floors", [(ACLED_DEV, ACLED_2020_HELDOUT_FLOORS),
                                         (ACLED_WORLD, ACLED_WORLD_HELDOUT_FLOORS)], ids=["2020", "world"])
def test_gold_acled_heldout_floors(path, floors):
    if not path.exists():
        pytest.skip(f"{path} not present")
    from conflictlens.evaluate import evaluate_acled

    score = evaluate_acled(path, split="heldout")
    assert score["rows"] > 500 and score["errors"] == 0
    _meets(score, floors)
    assert score["extra_events_per_note"] <= EXTRA_EVENTS_CEILING, score["extra_events_per_note"]
    assert score["location_non_ascii"] <= NON_ASCII_CEILING, score["location_non_ascii"]


def test_gold_articles_heldout_floors():
    from conflictlens.evaluate import evaluate_articles

    score = evaluate_articles(ARTICLES, split="heldout")
    assert score["articles"] >= 20 and score["errors"] == 0
    _meets(_flat(score), ARTICLES_HELDOUT_FLOORS)
    assert score["fatalities_counted_twice"] == 0


def test_gold_seed_articles_floors():
    from conflictlens.evaluate import evaluate_articles

    score = evaluate_articles(ARTICLES / "seeds")
    assert score["articles"] == 5 and score["errors"] == 0
    _meets(_flat(score), SEEDS_FLOORS)
    assert score["fatalities_counted_twice"] == 0


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
