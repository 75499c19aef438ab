#!/usr/bin/env python3
"""Speed-up of ``conflictlens scale`` (Dask, local cluster) over ``conflictlens ingest``.

Run:  python scripts/bench_scale.py [--articles 20000] [--workers 2] [--also-workers 1] [--fakes ../shared/data/fakes_dev.csv]

Writes a synthetic corpus built from FA-KES dev (as scripts/bench_extract.py builds them), runs
``conflictlens ingest`` and ``conflictlens scale --workers N`` on it as child processes, checks
that the two databases hold the same articles, reports, links, canonical events and stories,
and prints the wall times, the speed-up and the phases of the ``scale`` run (from its log: the
extraction on the workers, the report scoring on the workers, the load in one process).  ``--also-workers 1`` also times ``scale`` on one
worker: the part of the speed-up that comes from the batch load rather than from the second core.  Figures land in docs/benchmarks.md and docs/scale.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from bench_extract import DEFAULT_FAKES, fakes_rows, records, run_child  # noqa: E402

# What must be equal (canonical_aliases aside: ids incremental ingest retired, which a batch never gave out).
TABLES = {"articles": "article_id", "events": "event_id", "statistics": "1,2,3", "event_links": "a,b",
          "canonical_events": "event_id", "canonical_details": "1", "event_canonical": "1",
          "article_links": "a,b", "stories": "story_id", "story_articles": "1,2", "large_story_groups": "1"}


def same_databases(a: Path, b: Path) -> list[str]:
    """Tables that differ."""
    ca, cb = sqlite3.connect(a), sqlite3.connect(b)
    return [t for t, order in TABLES.items()
            if ca.execute(f"SELECT * FROM {t} ORDER BY {order}").fetchall()
            != cb.execute(f"SELECT * FROM {t} ORDER BY {order}").fetchall()]


_PHASE = re.compile(r"^scale: (extracted|\d+ blocks linked|loaded into).*\((\d+) s\)$")


def run_logged(cmd: list[str], log: Path) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of it and the processes it waited for, exit code), its stderr in ``log``."""
    t = time.perf_counter()
    with open(log, "w", encoding="utf-8") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - t, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status)


def phases(log: Path) -> list[tuple[str, int]]:
    """The phases of a ``scale`` run and their seconds, from the times its log gives after each."""
    out, last = [], 0
    names = {"extracted": "extraction (workers)", "loaded into": "load: store, cluster, stories (one process)"}
    for line in log.read_text(encoding="utf-8").splitlines():
        m = _PHASE.match(line)
        if m:
            name = names.get(m.group(1), "report scoring in blocks (workers)")
            out.append((name, int(m.group(2)) - last))
            last = int(m.group(2))
    return out


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--articles", type=int, default=20000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--fakes", type=Path, default=DEFAULT_FAKES)
    p.add_argument("--also-workers", type=int, help="also time scale with this many workers")
    p.add_argument("--workdir")
    args = p.parse_args()
    tmp = Path(args.workdir or tempfile.mkdtemp(prefix="conflictlens-scale-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    rows = fakes_rows(args.fakes)
    corpus = tmp / "corpus.jsonl"
    with open(corpus, "w", encoding="utf-8") as fh:
        for n, rec in enumerate(records(rows, -(-args.articles // len(rows)))):
            if n == args.articles:
                break
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    cli = [sys.executable, "-m", "conflictlens.cli"]
    single, dask = tmp / "single.db", tmp / "dask.db"
    for db in (single, dask):
        db.unlink(missing_ok=True)
    t1, cpu1, c1 = run_logged(cli + ["ingest", str(corpus), "--db", str(single)], tmp / "ingest.log")
    t2, cpu2, c2 = run_logged(cli + ["scale", str(corpus), "--db", str(dask), "--workers", str(args.workers),
                                     "--work", str(tmp / "work")], tmp / "scale.log")
    if c1 or c2:
        print(f"a run failed: ingest exit {c1}, scale exit {c2}")
        return 1
    differ = same_databases(single, dask)
    t3 = None
    if args.also_workers:
        other = tmp / "dask-other.db"
        other.unlink(missing_ok=True)
        t3, _rss, c3 = run_child(cli + ["scale", str(corpus), "--db", str(other), "--workers", str(args.also_workers),
                                        "--work", str(tmp / "work-other")])
        if c3:
            print(f"a run failed: scale --workers {args.also_workers} exit {c3}")
            return 1
        differ += [f"{t} (--workers {args.also_workers})" for t in same_databases(single, other)]
    also = f" --also-workers {args.also_workers}" if args.also_workers else ""
    print(f"`python scripts/bench_scale.py --articles {args.articles} --workers {args.workers}{also}` "
          f"(synthetic corpus from FA-KES dev, one JSONL file; wall time of each whole command)\n")
    print("| command | articles | seconds | articles/s | CPU seconds (all its processes) |\n|---|---|---|---|---|")
    print(f"| `conflictlens ingest` (one process) | {args.articles:,} | {t1:.0f} | {args.articles / t1:.1f} | {cpu1:.0f} |")
    print(f"| `conflictlens scale --workers {args.workers}` (Dask local cluster) | {args.articles:,} | {t2:.0f} | "
          f"{args.articles / t2:.1f} | {cpu2:.0f} |")
    if t3:
        print(f"| `conflictlens scale --workers {args.also_workers}` (Dask local cluster) | {args.articles:,} | {t3:.0f} | "
              f"{args.articles / t3:.1f} |")
        print(f"\nscale on {args.workers} workers against {args.also_workers}: {t3 / t2:.2f}x")
    print("\nphases of the scale run (seconds, from its log; the rest is starting and stopping the cluster): "
          + "; ".join(f"{name} {secs}" for name, secs in phases(tmp / "scale.log")))
    print(f"\nspeed-up: {t1 / t2:.2f}x; databases equal: {'yes' if not differ else 'NO, differ in ' + ', '.join(differ)}")
    return 0 if not differ else 1


if __name__ == "__main__":
    sys.exit(main())
