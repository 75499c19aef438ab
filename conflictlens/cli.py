"""The ``conflictlens`` command: a thin front end over the library.

Commands: ingest, scale, extract, events, stories, show, serve, stats, export, corrections, evaluate, knowledge.
Each translates
its arguments, calls library functions and prints their results.  Errors in
single inputs (a file, a record, an article a stage failed on or that ran over its time budget)
are reported one line each on stderr, up to MAX_SHOWN_FAILURES and then counted per input file,
and the batch goes on; the exit code is 1 when any input failed, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from datetime import date

from . import __version__
from .errors import ConflictLensError, InputError, StageError, StoreError

DEFAULT_DB = os.environ.get("CONFLICTLENS_DB", "conflictlens.db")
# Lines of failed inputs shown on stderr; beyond them, failures are counted per input file and
# summed up at the end (a million bad lines would otherwise be a million lines).
MAX_SHOWN_FAILURES = 100
# Failures stored one row each in the database's ``failures`` table per run; beyond them, one row
# per input file gives the count (a million rows was 132 MB).
MAX_RECORDED_FAILURES = 1000
_RECORD_SUFFIX = re.compile(r"(?::(?:row|group)?\d+|#entry\d+)$")  # "file.jsonl:12" is a record of file.jsonl


class Failures:
    """The inputs that failed in a run: one line each on stderr up to MAX_SHOWN_FAILURES, one row
    each in ``store``'s failures table up to MAX_RECORDED_FAILURES, then counted per input file."""

    def __init__(self, store=None):
        self.store = store
        self.count = 0
        self.beyond: dict[str, list] = {}  # input file -> [failures not shown, first problem]
        self.unrecorded: dict[str, list] = {}  # input file -> [failures not stored, first problem]

    def add(self, source: str, problem: str, message: str | None = None) -> None:
        self.count += 1
        where = _RECORD_SUFFIX.sub("", source)
        if self.count <= MAX_SHOWN_FAILURES:
            print(f"error: {message or f'{source}: {problem}'}", file=sys.stderr)
        else:
            self.beyond.setdefault(where, [0, f"{source}: {problem}"])[0] += 1
        if self.store is None:
            return
        if self.count <= MAX_RECORDED_FAILURES:
            self.store.record_failure(source, problem)
        else:
            self.unrecorded.setdefault(where, [0, problem])[0] += 1

    def error(self, err: ConflictLensError, source: str) -> None:
        self.add(source, getattr(err, "problem", None) or str(err), str(err))

    def finish(self) -> None:
        """Say what was not shown, and store what was not stored one by one."""
        if self.beyond:
            n = sum(c for c, _ in self.beyond.values())
            print(f"error: {n} more failures not shown one by one: " + "; ".join(
                f"{c} in {w} (first: {first})" for w, (c, first) in sorted(self.beyond.items())), file=sys.stderr)
        for w, (c, first) in sorted(self.unrecorded.items()):
            self.store.record_failure(f"{w}:*", f"{c} more failed records, not stored one by one (first: {first})")


class Progress:
    """A one-line counter on a terminal's stderr; silent when stderr is not a terminal."""

    def __init__(self, label: str, enabled: bool | None = None):
        self.label = label
        self.enabled = sys.stderr.isatty() if enabled is None else enabled

    def __call__(self, n: int, total: int | None = None) -> None:
        if self.enabled and (n % 25 == 0 or n == total):
            sys.stderr.write(f"\r{self.label}: {n}" + (f"/{total}" if total else "") + " ")
            sys.stderr.flush()

    def done(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


def _date(s: str) -> date:
    try:
        return date.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {s!r}") from None


def _time_budget(s: str) -> float:
    try:
        v = float(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {s!r}") from None
    if v < 0 or v != v:
        raise argparse.ArgumentTypeError(f"a time budget is 0 (none) or more seconds, not {s!r}")
    return v


def _default_time_budget() -> float:
    from .errors import SettingsError
    from .pipeline import ARTICLE_SECONDS

    env = os.environ.get("CONFLICTLENS_TIME_BUDGET")
    try:
        return _time_budget(env) if env else ARTICLE_SECONDS
    except argparse.ArgumentTypeError as exc:
        raise SettingsError(f"CONFLICTLENS_TIME_BUDGET: {exc}") from None


def _pipeline(args):
    from . import Pipeline
    from .knowledge.actors import ActorBase
    from .knowledge.gazetteer import Gazetteer
    from .pipeline.context import Context

    gaz = actors = None
    if getattr(args, "places", None):
        gaz = Gazetteer()
        for p in args.places:
            gaz.add_file(p)
    if getattr(args, "actors", None):
        actors = ActorBase()
        for p in args.actors:
            actors.add_file(p)
    return Pipeline(context=Context(gazetteer=gaz, actors=actors),
                    time_budget=getattr(args, "time_budget", None) or None)


def _articles(args):
    from .readers import read_inputs

    return read_inputs(args.paths, published=args.published)


def _open_linked(db: str):
    """The store, for a command that reads events or stories: says so if some articles in it are
    not linked into them yet (a database from an older conflictlens, or an interrupted ingest)."""
    from .store import Store

    store = Store(db)
    unlinked = store.count_unlinked()
    if unlinked:
        print(f"note: {unlinked} articles in {db} are not linked into events and stories yet; "
              f"`conflictlens ingest --db {db}` links them", file=sys.stderr)
    return store


def _extracted(pipe, item, failures: Failures):
    """The article with its events, or None when reading it or a stage failed (said in ``failures``)."""
    if isinstance(item, InputError):
        failures.error(item, item.source)
        return None
    try:
        return pipe(item)
    except StageError as err:  # a stage failed on it or it ran over its time budget: the batch goes on
        failures.error(err, item.origin or item.article_id)
        return None


def cmd_extract(args) -> int:
    pipe = _pipeline(args)
    failures = Failures()
    prog = Progress("extract")
    for n, item in enumerate(_articles(args), 1):
        art = _extracted(pipe, item, failures)
        for e in art.events if art is not None else ():
            sys.stdout.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
        prog(n)
    prog.done()
    failures.finish()
    return 1 if failures.count else 0


def cmd_ingest(args) -> int:
    from .linking import Linker
    from .store import Store

    pipe = _pipeline(args)
    counts = {"new": 0, "updated": 0, "unchanged": 0, "failed": 0, "events": 0}
    prog = Progress("ingest")
    with Store(args.db, mmap_bytes=0) as store:
        failures = Failures(store)
        linker = Linker(store, pipe.context.actors)
        pending = linker.link_pending(Progress("linking articles stored before"))
        for n, item in enumerate(_articles(args), 1):
            prog(n)
            art = _extracted(pipe, item, failures)
            if art is None:
                continue
            try:
                res = linker.save(art)
            except StoreError as err:
                if not err.per_record:
                    raise  # the database itself failed: the rest would fail the same way
                failures.error(err, art.origin or art.article_id)
                continue
            counts[res.status] += 1
            counts["events"] += res.events
        prog.done()
        failures.finish()
        counts["failed"] = failures.count
        totals = store.counts()
    print(f"ingested into {args.db}: {counts['new']} new, {counts['updated']} updated, {counts['unchanged']} unchanged, "
          f"{counts['failed']} failed; {counts['events']} reports written"
          + (f"; {pending} stored articles linked" if pending else "")
          + f"; database holds {totals['articles']} articles, {totals['events']} reports of "
          f"{totals['canonical_events']} events, {totals['stories']} stories", file=sys.stderr)
    return 1 if counts["failed"] else 0


def _query(args):
    from .store import EventQuery

    return EventQuery(date_from=args.date_from, date_to=args.date_to, event_type=args.type, sub_event_type=args.sub_type,
                      actor=args.actor, admin1=args.admin1, country=args.country, text=args.text, limit=args.limit,
                      min_confidence=args.min_confidence, include_rejected=args.include_rejected)


TABLE_COLUMNS = (("event_date", 10), ("event_type", 26), ("sub_event_type", 30), ("actor1", 34), ("actor2", 30),
                 ("admin1", 14), ("location", 20), ("fatalities", 4))


def _load(store, args):
    q = _query(args)
    return store.events(q) if args.per_source else store.canonical_events(q)


def cmd_events(args) -> int:
    from .models import CanonicalEvent

    with _open_linked(args.db) as store:
        events = _load(store, args)
    if args.json:
        for e in events:
            print(json.dumps(e.to_dict(), ensure_ascii=False))
        return 0
    print("  ".join(name[:w].ljust(w) for name, w in TABLE_COLUMNS) + "  sources  flags")
    for e in events:
        d = e.to_dict()
        row = "  ".join(str(d[name] if d[name] is not None else "")[:w].ljust(w) for name, w in TABLE_COLUMNS)
        if isinstance(e, CanonicalEvent):
            row += f"  {len(e.sources):<7}  " + ",".join([f"disputed:{k}" for k in sorted(e.disagreements)]
                                                         + (["possible-duplicate"] if e.possible_duplicates else [])
                                                         + ([f"{e.review['status']}:{e.review['reviewer']}"]
                                                            if e.review else []))
        print(row)
    print(f"{len(events)} {'reports' if args.per_source else 'events'}", file=sys.stderr)
    return 0


def cmd_stories(args) -> int:
    with _open_linked(args.db) as store:
        stories = store.stories(limit=args.limit)
    for s in stories:
        if args.json:
            print(json.dumps(s.to_dict(), ensure_ascii=False))
        else:
            span = f"{s.first or '?'}..{s.last or '?'}"
            print(f"{s.story_id}  {span:<22}  {len(s.articles):>3} articles  {len(s.events):>3} events  {s.title[:90]}")
    if not args.json:
        print(f"{len(stories)} stories", file=sys.stderr)
    return 0


def cmd_show(args) -> int:
    """One event with every source: each report's values and evidence, the disagreements, the
    possible duplicates and the story."""
    with _open_linked(args.db) as store:
        found = store.event_with_sources(args.event_id)
    if found is None:
        print(f"error: no event {args.event_id!r} in {args.db} (give a canonical id, a report id or an old id)",
              file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(found, ensure_ascii=False))
        return 0
    c = found["event"]
    if c["event_id"] != args.event_id:
        print(f"({args.event_id} is part of {c['event_id']})")
    print(f"{c['event_id']}  {c['event_date'] or ''} ({c['date_min']}..{c['date_max']}, precision {c['time_precision']})  "
          f"{c['event_type']} / {c['sub_event_type']}")
    print(f"  where:  {c['location']}, {c['admin2']}, {c['admin1']}, {c['country']} "
          f"({c['latitude']}, {c['longitude']}; precision {c['geo_precision']})")
    print(f"  who:    {c['actor1']}" + (f"  vs  {c['actor2']}" if c["actor2"] else ""))
    print(f"  killed: {c['fatalities']}" + (f" (sources report {c['fatalities_min']}-{c['fatalities_max']}; the lowest "
                                            "is coded)" if c["fatalities_max"] != c["fatalities_min"] else ""))
    print(f"  story:  {c['story_id'] or '-'}")
    for fld, groups in sorted(c["disagreements"].items()):
        print(f"  DISPUTED {fld}: " + "; ".join(f"{g['value']} ({', '.join(g['sources'])})" for g in groups))
    print(f"  {len(found['reports'])} report(s) from {len(c['sources'])} source(s):")
    for r in found["reports"]:
        print(f"  - [{r['outlet']}, published {r['published'] or '?'}] {r['event_id']}: {r['event_date'] or ''} "
              f"{r['sub_event_type']}; {r['location']} ({r['admin1']}); {r['actor1']}"
              + (f" vs {r['actor2']}" if r["actor2"] else "") + (f"; {r['fatalities']} killed" if r["fatalities"] else ""))
        for ev in r["evidence"]:
            print(f"      {ev['field']}: \"{ev['text'].strip()[:300]}\" ({ev['article_id']} @{ev['start']})")
    for i, score in c["possible_duplicates"]:
        print(f"  possible duplicate: {i} (score {score})")
    return 0


def cmd_stats(args) -> int:
    from .store import Store

    with Store(args.db) as store:
        for s in store.statistics():
            if args.json:
                print(json.dumps(s, ensure_ascii=False))
            else:
                print(f"{s['kind']:<10} {s['value']:>12,}  {s['period'] or '-':<40} {s['source'] or '-':<38} "
                      f"{s['evidence']['text'][:80]}")
    return 0


def cmd_export(args) -> int:
    from .exporters import EXPORTERS

    with _open_linked(args.db) as store:
        events = _load(store, args)
    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    try:
        EXPORTERS[args.format](events, out)
    finally:
        if args.output:
            out.close()
    print(f"exported {len(events)} {'reports' if args.per_source else 'events'} as {args.format}" + (f" to {args.output}" if args.output else ""),
          file=sys.stderr)
    return 0


def cmd_corrections(args) -> int:
    """The analysts' reviews: listed, or exported as whole-article gold files (``review.py``)."""
    from .review import export_gold
    from .store import Store

    with Store(args.db) as store:
        if args.action == "export":
            if not args.output:
                print("conflictlens corrections export: give -o FOLDER (or -o FILE.yaml for one article)",
                      file=sys.stderr)
                return 2
            paths = export_gold(store, args.output)
            print(f"wrote {len(paths)} reviewed article(s) as gold files to {args.output}", file=sys.stderr)
            return 0
        for c in store.corrections():
            if args.json:
                print(json.dumps(c.to_dict(), ensure_ascii=False))
            else:
                print(f"{c.at}  {c.reviewer:<16}  {c.status:<9}  {c.event_id}  "
                      + ", ".join(f"{k}={v}" for k, v in sorted(c.fields.items())) + (f"  ({c.note})" if c.note else ""))
    return 0


def cmd_serve(args) -> int:
    import uvicorn

    from .api import create_app

    _open_linked(args.db).close()
    token = args.token or os.environ.get("CONFLICTLENS_TOKEN") or None
    extra = (args.allowed_host or []) + [h for h in os.environ.get("CONFLICTLENS_ALLOWED_HOSTS", "").split(",") if h.strip()]
    app = create_app(args.db, token=token, pipeline=_pipeline(args) if token else None, host=args.host,
                     extra_hosts=extra)
    url = f"http://{args.host}:{args.port}/"
    from .api.guard import allowed_hosts

    hosts = allowed_hosts(args.host, extra)
    print(f"serving {args.db} at {url} (API at {url}docs; adding articles and reviewing events "
          f"{'allowed with the token' if token else 'disabled'}; answering for host "
          f"{'any name' if hosts is None else ', '.join(sorted(hosts))}); Ctrl-C stops", file=sys.stderr)
    if args.open:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, (url,)).start()
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def cmd_scale(args) -> int:
    import tempfile

    from .scale import run

    work = args.work or tempfile.mkdtemp(prefix="conflictlens-scale-")
    prog = Progress("scale: storing and linking")
    try:
        counts = run(args.paths, args.db, work, scheduler=args.scheduler, workers=args.workers,
                     log=lambda msg: print(msg, file=sys.stderr), progress=prog)
    except KeyboardInterrupt:
        print("\nscale: interrupted; its processes are stopped and the database is as it was before the load step",
              file=sys.stderr)
        return 130
    prog.done()
    t = counts["totals"]
    print(f"ingested into {args.db} on Dask: {counts['new']} new, {counts['updated']} updated, "
          f"{counts['unchanged']} unchanged, {counts['failed']} failed; {counts['events']} reports written "
          f"({counts['partitions']} partitions, {counts['blocks']} link blocks; per-article results in {work}); "
          f"database holds {t['articles']} articles, {t['events']} reports of {t['canonical_events']} events, "
          f"{t['stories']} stories", file=sys.stderr)
    return 1 if counts["failed"] else 0


def cmd_evaluate(args) -> int:
    from .evaluate import SPLITS, evaluate_acled, evaluate_articles, evaluate_fakes, evaluate_linking, evaluate_rams

    if not (args.acled or args.rams or args.fakes or args.articles):
        print("conflictlens evaluate: give --acled CSV, --articles GOLD, --rams JSONL and/or --fakes CSV",
              file=sys.stderr)
        return 2
    pipe = _pipeline(args)
    misses_fh = open(args.misses, "w", encoding="utf-8") if args.misses else None
    write_miss = (lambda rec: misses_fh.write(json.dumps(rec, ensure_ascii=False) + "\n")) if misses_fh else None
    splits = SPLITS if args.split == "both" else (args.split,)
    scores: dict = {}
    try:
        if args.acled:
            for sp in splits:
                prog = Progress(f"evaluate {sp or 'all'}")
                res = evaluate_acled(args.acled, extract=pipe, limit=args.limit, progress=prog, misses=write_miss,
                                     split=sp, rules=args.rules)
                prog.done()
                scores.update({f"{sp}_{k}" if sp and len(splits) > 1 else k: v for k, v in res.items()})
        if args.articles:
            for sp in splits:
                res = evaluate_articles(args.articles, extract=pipe, split=sp)
                if write_miss:
                    for rec in res["false_events"] + res["missed_events"]:
                        if sp != "heldout":
                            write_miss(rec)
                scores.update({f"articles_{sp + '_' if sp and len(splits) > 1 else ''}{k}": v for k, v in res.items()
                               if k not in ("false_events", "missed_events") or args.json})
        if args.rams:
            scores.update({f"rams_{k}": v for k, v in evaluate_rams(args.rams, extract=pipe, misses=write_miss).items()})
        if args.fakes:
            scores.update({f"fakes_{k}": v for k, v in evaluate_fakes(args.fakes, extract=pipe, misses=write_miss).items()})
            merging = evaluate_linking(args.fakes, extract=pipe, misses=write_miss)
            scores.update({f"merge_{k}": v for k, v in merging.items() if k not in ("canonical", "story_sets")})
    finally:
        if misses_fh:
            misses_fh.close()
    if args.json:
        print(json.dumps(scores))
    else:
        for k, v in scores.items():
            if isinstance(v, dict) and v and all(isinstance(x, dict) for x in v.values()):
                print(f"{k}:")
                for kk, vv in v.items():
                    print(f"  {kk:<36} " + "  ".join(f"{a}={b}" for a, b in vv.items()))
            else:
                print(f"{k:<28} {v}")
    return 0


def cmd_actors(args) -> int:
    from .knowledge.actors import default_actor_base
    from .store import Store
    from .store.unknown import unknown_actors

    with Store(args.db) as store:
        if args.unknown:
            base = default_actor_base()
            if args.actors:
                from .knowledge.actors import ActorBase

                base = ActorBase()
                for f in args.actors:
                    base.add_file(f)
            rows = unknown_actors(store, base, limit=args.limit)
        else:
            rows = store.actor_counts(args.limit)
    if args.json:
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
        return 0
    for r in rows:
        if args.unknown:
            print(f"{r['reports']:>6}  {r['name']}  ({', '.join(r['countries'])})")
            for t in r["samples"]:
                print(f"          {t[:140]}")
        else:
            print(f"{r['events']:>6}  {r['name']}")
    if args.unknown and rows:
        print("add them with --actors FILE (README: Extending the knowledge)", file=sys.stderr)
    return 0


def cmd_knowledge(args) -> int:
    """``knowledge check PATH...``: one line per problem of each pack (file or folder); exit 1 if any."""
    from .knowledge.packs import check_path

    problems = [p for path in args.paths for p in check_path(path)]
    for p in problems:
        print(p)
    print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {', '.join(args.paths)}", file=sys.stderr)
    return 1 if problems else 0


def build_parser() -> argparse.ArgumentParser:
    from .exporters import EXPORTERS

    time_budget = _default_time_budget()
    p = argparse.ArgumentParser(prog="conflictlens", description="Conflict news in, an evidenced ACLED-style event database out.")
    p.add_argument("--version", action="version", version=f"conflictlens {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    def knowledge(sp):
        sp.add_argument("--places", action="append", metavar="FILE", help="extra gazetteer file (ours or a GeoNames dump); repeatable")
        sp.add_argument("--actors", action="append", metavar="FILE",
                        help="extra knowledge pack: a YAML file in the packs' format or a pack's folder; repeatable")

    def budget(sp):
        sp.add_argument("--time-budget", type=_time_budget, default=time_budget, metavar="SECONDS",
                        help="longest an article may take through the stages before it is skipped as failed "
                             "(default %(default)g; 0: no limit; env CONFLICTLENS_TIME_BUDGET)")

    def inputs(sp, required: bool = True):
        sp.add_argument("paths", nargs="+" if required else "*", metavar="PATH",
                        help="files or directories (.txt, .html, .xml feeds, .jsonl); '-' reads JSONL from stdin"
                        + ("" if required else "; none: only link the stored articles not linked yet"))
        sp.add_argument("--published", type=_date, metavar="YYYY-MM-DD",
                        help="publication date for inputs that carry none (a dateline in the text beats it)")
        knowledge(sp)
        budget(sp)

    def db(sp):
        sp.add_argument("--db", default=DEFAULT_DB, help=f"database path (default {DEFAULT_DB}; env CONFLICTLENS_DB)")

    def filters(sp):
        sp.add_argument("--from", dest="date_from", type=_date, metavar="YYYY-MM-DD")
        sp.add_argument("--to", dest="date_to", type=_date, metavar="YYYY-MM-DD")
        sp.add_argument("--type", help="event type, e.g. Battles")
        sp.add_argument("--sub-type", help="sub-event type, e.g. 'Armed clash'")
        sp.add_argument("--actor", help="text in actor1/actor2")
        sp.add_argument("--admin1", help="text in admin1")
        sp.add_argument("--country", help="country name or ISO numeric code")
        sp.add_argument("--text", help="text in the evidence, location or actors")
        sp.add_argument("--limit", type=int)
        sp.add_argument("--min-confidence", type=float, metavar="X",
                        help="only events extracted with at least this confidence (0-1)")
        sp.add_argument("--include-rejected", action="store_true", help="also the events an analyst rejected")
        sp.add_argument("--per-source", action="store_true",
                        help="each source's report, not the canonical events merged across sources")

    sp = sub.add_parser("ingest", help="extract events from articles and store them in the database")
    inputs(sp, required=False), db(sp)
    sp.set_defaults(func=cmd_ingest)
    sp = sub.add_parser("scale", help="ingest a large corpus (JSONL or Parquet files) on a Dask cluster: "
                                      "the same database as ingest, extraction and linking in parallel")
    sp.add_argument("paths", nargs="+", metavar="PATH", help="JSONL (.jsonl) or Parquet (.parquet) files or directories")
    db(sp)
    sp.add_argument("--scheduler", metavar="ADDRESS",
                    help="a Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a local cluster on this machine)")
    sp.add_argument("--workers", type=int, default=2, help="worker processes of the local cluster (default 2)")
    sp.add_argument("--work", metavar="DIR", help="directory for the per-article Parquet results; on a real cluster, "
                                                   "one every worker can read and write (default: a new temporary one)")
    sp.set_defaults(func=cmd_scale)
    sp = sub.add_parser("extract", help="extract events and print them as JSON lines (no database)")
    inputs(sp)
    sp.set_defaults(func=cmd_extract)
    sp = sub.add_parser("events", help="query stored events, merged across sources (table, or JSON lines with --json)")
    db(sp), filters(sp)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_events)
    sp = sub.add_parser("stories", help="list stories: articles grouped by the offensive or campaign they cover")
    db(sp)
    sp.add_argument("--limit", type=int)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_stories)
    sp = sub.add_parser("show", help="one event with all its sources, their values and evidence, and disagreements")
    db(sp)
    sp.add_argument("event_id", help="a canonical event id (or a report id, or an id from before a merge)")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_show)
    sp = sub.add_parser("serve", help="serve the REST API (and the web page) over the database on localhost")
    db(sp), knowledge(sp), budget(sp)
    sp.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    sp.add_argument("--port", type=int, default=8000)
    sp.add_argument("--allowed-host", action="append", metavar="NAME",
                    help="a host name the server answers to besides localhost and --host (a name it is reached by "
                         "through a proxy or DNS); repeatable; '*' answers any (env CONFLICTLENS_ALLOWED_HOSTS, "
                         "comma-separated)")
    sp.add_argument("--token", help="allow POST /api/articles and PATCH /api/events/ID (reviews) with this bearer "
                                    "token (env CONFLICTLENS_TOKEN)")
    sp.add_argument("--open", action="store_true", help="open the page in the default browser")
    sp.set_defaults(func=cmd_serve)
    sp = sub.add_parser("stats", help="list background statistics (war-wide tolls, displacement) with period and source")
    db(sp)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_stats)
    sp = sub.add_parser("export", help="export stored events")
    db(sp), filters(sp)
    sp.add_argument("--format", choices=sorted(EXPORTERS), default="acled-csv")
    sp.add_argument("-o", "--output", help="file to write (default stdout)")
    sp.set_defaults(func=cmd_export)
    sp = sub.add_parser("corrections", help="analysts' reviews of events: list them, or export them as "
                                             "whole-article gold files that evaluate --articles reads")
    db(sp)
    sp.add_argument("action", choices=("list", "export"), help="list the reviews, or export them (-o FOLDER)")
    sp.add_argument("-o", "--output", metavar="FOLDER", help="folder for the gold files (one YAML file per article; "
                                                             "a .yaml path when one article was reviewed)")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_corrections)
    sp = sub.add_parser("evaluate", help="score extraction against ACLED-coded rows (notes as articles) "
                                          "and RAMS argument annotations")
    sp.add_argument("--acled", metavar="CSV", help="ACLED-format rows: each row's notes is an article")
    sp.add_argument("--rams", metavar="JSONL", help="RAMS passages: recall of gold place and attacker arguments")
    sp.add_argument("--fakes", metavar="CSV", help="FA-KES articles: main event within 7 days of publication, "
                                                   "in the article's governorate; merging and stories against "
                                                   "silver labels (same governorate, dates close)")
    sp.add_argument("--articles", metavar="GOLD", help="whole articles coded event by event (a folder or file of "
                                                       "tests/gold/README.md's format): precision, recall, F1")
    sp.add_argument("--split", choices=("dev", "heldout", "both"),
                    help="score only the development or the held-out part (fixed in conflictlens/evaluate/acled.py "
                         "for ACLED rows, the files' split field for articles), or both side by side")
    sp.add_argument("--rules", action="store_true", help="per event rule: how often it decided a main event, and "
                                                         "how often rightly")
    sp.add_argument("--limit", type=int, help="only the first N rows")
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--misses", metavar="JSONL", help="write each development row or article event that is wrong "
                                                      "(gold beside extracted) and each RAMS argument not found; "
                                                      "held-out errors are never written")
    knowledge(sp)
    sp.set_defaults(func=cmd_evaluate)
    sp = sub.add_parser("actors", help="actors of the stored events with their counts; --unknown: the groups the "
                                        "actor base lacks, with sample sentences, to add with --actors")
    db(sp)
    sp.add_argument("--unknown", action="store_true", help="only the groups the actor base does not know")
    sp.add_argument("--limit", type=int, default=100)
    sp.add_argument("--json", action="store_true")
    knowledge(sp)
    sp.set_defaults(func=cmd_actors)
    sp = sub.add_parser("knowledge", help="work with knowledge packs (actors, admin names, units, monitors by country)")
    ksub = sp.add_subparsers(dest="knowledge_command", required=True)
    kp = ksub.add_parser("check", help="check knowledge packs (a YAML file, a country's folder XX/, or a folder of "
                                       "them) against the schema and the shipped packs; one line per problem")
    kp.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    kp.set_defaults(func=cmd_knowledge)
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except ConflictLensError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
