"""Cost per MB of one article as it grows from 10 KB to 20 MB (issue 25: linear time in the input).

Builds plain-text articles of each size from invented news paragraphs repeated to that size (for
sizes under 1 MB, as many such articles as make 1 MB, so that the work outweighs the start-up),
and times whole ``conflictlens extract DIR`` processes: CPU seconds (user + system, the operating
system's accounting of the finished child, start-up included) and peak memory.  The cost per MB
is flat when every stage is linear; a stage that is not makes it climb with the size.  The start-up
(knowledge loading, some seconds) is measured on a one-sentence article, the least of three runs,
and taken off.

``--stages`` also times each stage in this process (CPU seconds per MB of each), to say which one
climbs.  A run over the time budget (``--time-budget``, default 900 s) is reported as such.

    python scripts/bench_input_size.py                        # 10 KB ... 20 MB
    python scripts/bench_input_size.py --sizes 10k,100k,1m --stages
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Invented news: five paragraphs of the kinds of sentences the stages read (dates, places, actors,
# casualty figures, a background toll, a protest), about 1.4 KB.
NEWS = """KHAN SHAYKHUN, Syria, March 8, 2015 (Wire) - Government aircraft struck the town of Khan Shaykhun in Idlib province on Monday, killing at least 12 civilians, according to the Syrian Observatory for Human Rights.
Rebels of the Free Syrian Army attacked an army checkpoint near Aleppo on Sunday night; three soldiers were wounded and two fighters were killed in the clashes that followed.
In Damascus, hundreds of protesters gathered after Friday prayers to demand the release of detainees, and police dispersed them with tear gas.
Islamic State militants shelled Kurdish positions east of Raqqa last week, the monitor said, while a car bomb in Homs killed five people and injured 20 others.
The war has killed more than 220,000 people since 2011, and the UN says more than 200,000 people have been displaced since January.
"""
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "5m": 5_000_000, "20m": 19_900_000}
AT_LEAST_BYTES = 1_000_000  # input per process, in articles of the size measured


def build(size: int, directory: Path) -> tuple[int, int]:
    """Articles of ``size`` bytes in ``directory``, enough to make AT_LEAST_BYTES: (how many, bytes in all)."""
    directory.mkdir()
    text = NEWS * max(1, size // len(NEWS.encode()))
    copies = max(1, AT_LEAST_BYTES // len(text.encode()))
    for k in range(copies):  # (each its own article: a number ahead of the text gives it its own id)
        (directory / f"a{k:04d}.txt").write_text(f"{k}. {text}", encoding="utf-8")
    return copies, sum(f.stat().st_size for f in directory.iterdir())


def run(path: Path, budget: float) -> dict:
    """One whole ``conflictlens extract`` process: CPU seconds, peak RSS, wall seconds, its verdict."""
    t0 = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "conflictlens.cli", "extract", str(path), "--published", "2015-03-08",
                             "--time-budget", str(budget)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read().decode()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024, "wall": time.monotonic() - t0,
            "over": "took longer than" in err, "rc": proc.returncode, "err": err.strip().splitlines()[-1:] }


def stage_costs(path: Path, budget: float) -> dict[str, float | None]:
    """CPU seconds of each stage on the article at ``path`` (None past the budget)."""
    from conflictlens import default_pipeline
    from conflictlens.pipeline.watchdog import Interrupted, budget as time_budget
    from conflictlens.readers import read_inputs

    pipe = default_pipeline()
    pipe(next(iter(read_inputs([path.parent.parent / "start.txt"]))))  # the indexes built on first use, first
    [article] = list(read_inputs([path]))
    out: dict[str, float | None] = {}
    for spec in pipe.specs:
        t0 = time.process_time()
        try:
            with time_budget(budget):
                spec.func(article, pipe.context)
        except Interrupted:
            out[spec.name] = None  # (the stages after it run without what it would have added)
            continue
        out[spec.name] = time.process_time() - t0
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default=",".join(SIZES), help=f"comma-separated, of {', '.join(SIZES)}")
    ap.add_argument("--time-budget", type=float, default=900.0, help="seconds an article may take (default 900)")
    ap.add_argument("--stages", action="store_true", help="also time each stage in this process")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="cl-bench-size-") as tmp:
        base = Path(tmp) / "start.txt"
        base.write_text(NEWS.splitlines()[0], encoding="utf-8")
        start = min((run(base, args.time_budget) for _ in range(3)), key=lambda r: r["cpu"])
        print(f"start-up (a one-sentence article): {start['cpu']:.2f} CPU s, peak {start['peak_mb']:.0f} MB\n")
        print("| article size | articles | bytes | CPU s | CPU s per MB (start-up off) | peak MB | wall s | outcome |")
        print("|---|---:|---:|---:|---:|---:|---:|---|")
        stages = {}
        for name in args.sizes.split(","):
            directory = Path(tmp) / f"news-{name}"
            copies, nbytes = build(SIZES[name], directory)
            r = run(directory, args.time_budget)
            per_mb = (r["cpu"] - start["cpu"]) / (nbytes / 1e6)
            outcome = f"over the {args.time_budget:g} s budget" if r["over"] else ("ok" if r["rc"] == 0 else f"exit {r['rc']}")
            print(f"| {name} | {copies} | {nbytes:,} | {r['cpu']:.2f} | {per_mb:.2f} | {r['peak_mb']:.0f} | {r['wall']:.1f} "
                  f"| {outcome} |", flush=True)
            if args.stages:
                one = directory / "a0000.txt"
                stages[name] = (one.stat().st_size, stage_costs(one, args.time_budget))
        if stages:
            names = list(next(iter(stages.values()))[1])
            print("\nCPU s per MB of each stage (in one process; '-': past the budget, the stages after it "
                  "then run without its output):\n")
            print("| stage | " + " | ".join(stages) + " |")
            print("|---|" + "---:|" * len(stages))
            for st in names:
                cells = []
                for nbytes, costs in stages.values():
                    v = costs.get(st)
                    cells.append("-" if v is None else f"{v / (nbytes / 1e6):.2f}")
                print(f"| {st} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
