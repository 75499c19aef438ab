#!/usr/bin/env python3
"""Ingest cost as the database grows: FA-KES dev copied 1x, 10x and 50x.

Run:  python scripts/bench_ingest.py [--copies 50] [--fakes ../shared/data/fakes_dev.csv] [--db /tmp/bench.db]

Each article is extracted once; copy k gets new ids and every date (publication and events)
shifted by k * SHIFT_DAYS, so the database grows by one FA-KES volume per copy.  For the copies
that bring the database to 1x, 10x and 50x, the script prints the mean time per article to store
and link it (Linker.save: storing, candidate blocking, report links, re-clustering events
and stories), with the extraction time per article beside it (extraction does not depend on the
database).  Figures land in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import copy
import csv
import resource
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from conflictlens import extract_article  # noqa: E402
from conflictlens.linking import Linker  # noqa: E402
from conflictlens.readers import make_article  # noqa: E402
from conflictlens.store import Store  # noqa: E402

# Copies must not fall into one another's date windows, or the benchmark would measure a denser
# news stream rather than a bigger database: FA-KES spans 2011-2018, so shift by ten years.
SHIFT_DAYS = 3653


def shifted(art, k: int):
    a = copy.deepcopy(art)
    d = timedelta(days=SHIFT_DAYS * k)
    a.article_id = f"{art.article_id}-x{k}"
    a.published = art.published + d if art.published else None
    for e in a.events:
        e.event_id = f"{e.event_id}-x{k}"
        e.article_id = a.article_id
        for f in ("event_date", "date_min", "date_max"):
            if getattr(e, f):
                setattr(e, f, getattr(e, f) + d)
        for ev in e.evidence:
            ev.article_id = a.article_id
        for fig in e.figures:
            if fig.evidence:
                fig.evidence.article_id = a.article_id
    for s in a.statistics:
        s.article_id = a.article_id
        s.evidence.article_id = a.article_id
    return a


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--fakes", default=str(ROOT.parent / "shared" / "data" / "fakes_dev.csv"))
    p.add_argument("--copies", type=int, default=50)
    p.add_argument("--db", default="/tmp/conflictlens-bench.db")
    args = p.parse_args()
    Path(args.db).unlink(missing_ok=True)
    rows = list(csv.DictReader(open(args.fakes, encoding="utf-8")))
    t0 = time.perf_counter()
    arts = []
    for n, row in enumerate(rows):
        art = make_article(text=row["article_content"], where=f"fakes:{n}", id=f"fakes-{row['unit_id']}",
                           title=row["article_title"], source=row["source"],
                           published=datetime.strptime(row["date"], "%m/%d/%Y").date())
        arts.append(extract_article(art))
    extract_ms = (time.perf_counter() - t0) / len(arts) * 1000
    print(f"extraction: {extract_ms:.1f} ms/article ({len(arts)} articles)")
    report_at = {1, 10, args.copies}
    with Store(args.db) as st:
        linker = Linker(st)
        for k in range(args.copies):
            batch = [shifted(a, k) for a in arts]
            t = time.perf_counter()
            for a in batch:
                linker.save(a)
            ms = (time.perf_counter() - t) / len(batch) * 1000
            if k + 1 in report_at:
                c = st.counts()
                mb = Path(args.db).stat().st_size / 2**20
                rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(f"{k + 1:>3}x: {c['articles']:>6} articles, {c['events']:>6} reports, {c['canonical_events']:>6} "
                      f"events, {c['stories']:>6} stories; store+link {ms:.1f} ms/article "
                      f"(ingest incl. extraction {ms + extract_ms:.1f} ms); db {mb:.0f} MiB; peak RSS {rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
