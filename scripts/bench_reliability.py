"""Reliability of ingest (issue 25): kill -9 during ingest, and two ingests at once, against a clean run.

kill: an ``ingest`` of the inputs into one database is killed with SIGKILL in the middle of
writing (once it has stored a random number more articles; ``--kills`` times, seeded), restarted
each time, then left to finish; a clean run builds another
database; the two are compared table by table (every row, sorted) and SQLite's integrity check
run on the killed one.  concurrent: two ``ingest`` processes of the same inputs into one database
at once; both must exit 0 and the database equal the clean run's.

    python scripts/bench_reliability.py INPUT... [--kills 7] [--seed 25]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conflictlens.store import table_digests  # noqa: E402


def ingest(inputs, db: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "conflictlens.cli", "ingest", *map(str, inputs), "--db", str(db)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def articles_in(db: Path) -> int:
    try:
        with sqlite3.connect(db) as con:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--kills", type=int, default=7)
    ap.add_argument("--seed", type=int, default=25)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="cl-bench-rel-") as tmp:
        clean, killed, shared = Path(tmp, "clean.db"), Path(tmp, "killed.db"), Path(tmp, "shared.db")
        t0 = time.monotonic()
        p = ingest(args.inputs, clean)
        p.wait()
        took = time.monotonic() - t0
        reference = table_digests(clean)
        print(f"clean run: exit {p.returncode}, {took:.0f} s, {reference['articles'][0]} articles, "
              f"{reference['events'][0]} reports, {reference['canonical_events'][0]} events, {reference['stories'][0]} stories")
        total = reference["articles"][0]
        print("\n| kill | after s | articles stored when killed |\n|---:|---:|---:|")
        for k in range(1, args.kills + 1):
            before = articles_in(killed)
            p = ingest(args.inputs, killed)
            # kill it in the middle of writing: once it has stored a few more articles
            target, t1 = before + rng.randint(1, max(1, (total - before) // (args.kills - k + 2))), time.monotonic()
            while p.poll() is None and articles_in(killed) < target:
                time.sleep(rng.uniform(0.01, 0.2))
            p.kill()
            p.wait()
            print(f"| {k} | {time.monotonic() - t1:.1f} | {articles_in(killed)} |", flush=True)
        p = ingest(args.inputs, killed)
        p.wait()
        with sqlite3.connect(killed) as con:
            integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
        after = table_digests(killed)
        same = [t for t in reference if after.get(t) == reference[t]]
        print(f"\nre-ingest after {args.kills} kills: exit {p.returncode}; integrity_check {integrity}; "
              f"{len(same)}/{len(reference)} tables equal to the clean run"
              + ("" if len(same) == len(reference) else f" (differ: {sorted(set(reference) - set(same))})"))
        a, b = ingest(args.inputs, shared), ingest(args.inputs, shared)
        errs = [x.communicate()[1] for x in (a, b)]
        both = table_digests(shared)
        locked = sum("locked" in e for e in errs)
        print(f"two concurrent ingests: exit {a.returncode} and {b.returncode}; {locked} said 'locked'; "
              f"database {'equal to' if both == reference else 'DIFFERENT from'} the clean run "
              f"({sum(both.get(t) == reference[t] for t in reference)}/{len(reference)} tables)")


if __name__ == "__main__":
    main()
