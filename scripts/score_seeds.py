#!/usr/bin/env python3
"""Score extraction on the five seed articles against tests/gold/seeds_gold.yaml.

Run:  python scripts/score_seeds.py [-v]
Prints recall (an event counts as found when an extracted event of the same article has
the same event type, a date inside the gold window, the same governorate and lies within
35 km), the same recall at 10 km, the events placed outside Syria and, with -v, every
extracted event with its evidence sentence.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from conflictlens import extract_article, read_inputs  # noqa: E402
from conflictlens.gold import score_gold  # noqa: E402


def main(argv: list[str]) -> int:
    arts = {a.article_id: extract_article(a) for a in read_inputs([ROOT / "conflictlens" / "samples"])}
    gold = yaml.safe_load((ROOT / "tests" / "gold" / "seeds_gold.yaml").read_text(encoding="utf-8"))
    score = score_gold(gold, {k: a.events for k, a in arts.items()})
    print(f"recall {score['recall']} ({score['found']} of {score['gold']}); within 10 km {score['recall_10km']} "
          f"({score['found_10km']}); {sum(len(a.events) for a in arts.values())} events extracted, "
          f"{len(score['abroad'])} placed outside Syria")
    for what in score["missed"]:
        print(f"  missed: {what}")
    for what in score["abroad"]:
        print(f"  abroad: {what}")
    if "-v" in argv:
        for k, a in arts.items():
            print(f"== {k} published {a.published}")
            for e in a.events:
                print(f"  {e.event_date} p{e.time_precision} {e.sub_event_type:<34} {e.location[:20]:<20} "
                      f"{e.admin1:<12} {e.actor1[:28]:<28} | {e.actor2[:28]:<28} | {e.fatalities} || "
                      f"{e.evidence[0].text[:80]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
