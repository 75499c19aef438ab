"""Scale-out on Dask: the same pipeline and linking as ``ingest``, spread over a cluster.

``conflictlens scale INPUTS --db DB [--scheduler ADDRESS] [--workers N] [--work DIR]`` runs:

1. **partitions**: each JSONL file is cut into byte ranges of about PARTITION_BYTES (a range
   starts at the first line that begins inside it), each Parquet file into its row groups;
2. **extract** (one task per partition, in parallel): the pipeline over each article; the
   per-article results (the article's fields, events, statistics and text vector) go to
   ``WORK/articles/part-NNNNN.parquet`` and its reports' keys to ``WORK/reports/part-NNNNN.parquet``;
3. **link** (one task per block, in parallel): reports are blocked by country and a window of
   BLOCK_DAYS of their first date; a block's task scores each of its reports against the
   candidates ``ingest`` would have scored it against (reports of earlier articles in the same
   country whose dates meet its own, ``Store.report_candidates``), read with a margin around the
   window, so every pair is scored once, in the block of the later report, as ``ingest`` does
   (a task takes a group of neighbouring blocks), and writes them to ``WORK/links/part-NNNNN.parquet``;
4. **load** (one process): the articles are stored in input order, the links read back and saved, each
   connected group of reports clustered into canonical events, and articles linked into
   stories, with the same code ``ingest`` runs (``conflictlens.linking``).

Scores and clusterings are functions of the items alone (``conflictlens.linking``), so the
database equals the one ``ingest`` builds from the same inputs in the same order;
tests/test_scale.py checks it on a two-worker local cluster.  docs/scale.md shows a run on a
real cluster.  Needs the ``scale`` extra (dask.distributed, pyarrow).
"""

from __future__ import annotations

import json
import signal
import threading
import time
from contextlib import contextmanager
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..errors import ConflictLensError, InputError, RecordRejected, StageError
from ..linking import MAX_LINKABLE_RANGE_DAYS, Linker, _event_vector, _linkable, _range
from ..linking import scoring
from ..linking.clustering import component
from ..models import Article, Evidence, Event, Statistic

# A partition of about this many bytes of JSONL is a few hundred articles: long enough that a
# task's overhead is small, short enough that two workers share a corpus of a few thousand.
PARTITION_BYTES = 2_000_000
# A block holds a country's reports from this many days; with the margin its task reads, each
# block is a few weeks of news, small enough to spread a country's years over many tasks.
BLOCK_DAYS = 60
# Reports a block reads beyond its window: a candidate's first date lies at most the widest
# linkable range plus the largest gap before or after a report's own dates.
BLOCK_MARGIN_DAYS = MAX_LINKABLE_RANGE_DAYS + scoring.MAX_GAP_DAYS + 1


class ScaleError(ConflictLensError):
    """The cluster or the work directory cannot be used."""


@dataclass(frozen=True, slots=True)
class Partition:
    index: int
    path: str
    kind: str  # "jsonl" | "parquet"
    start: int  # byte offset (JSONL) or row group (Parquet)
    stop: int
    first_line: int = 1  # JSONL: the number of the partition's first line (errors and origins name lines)


def _jsonl_partitions(f: Path, partition_bytes: int, first_index: int) -> list[Partition]:
    """Byte ranges of a JSONL file, with the number of each range's first line (one pass over the file)."""
    size = f.stat().st_size
    starts = list(range(0, max(size, 1), partition_bytes))
    out, newlines, pos = [], 0, 0
    with open(f, "rb") as fh:
        for start in starts:
            while pos < start:  # count the newlines before this range
                chunk = fh.read(min(1 << 20, start - pos))
                newlines += chunk.count(b"\n")
                pos += len(chunk)
            if start == 0:
                first = 1
            else:
                fh.seek(start - 1)
                first = newlines + (1 if fh.read(1) == b"\n" else 2)  # else the next line starts it
                fh.seek(pos)
            out.append(Partition(first_index + len(out), str(f), "jsonl", start, min(size, start + partition_bytes),
                                 first))
    return out


def partitions(paths: list[str], partition_bytes: int = PARTITION_BYTES,
               errors: list[InputError] | None = None) -> list[Partition]:
    """The input files, cut into partitions in the order ``ingest`` reads them.  An input that
    cannot be read is an ``InputError``: collected in ``errors`` if given (the run goes on without
    it, as ``ingest``'s does), else raised."""
    from ..readers import JSONL_SUFFIXES, PARQUET_SUFFIXES, iter_paths

    def bad(where: str, problem: str) -> None:
        if errors is None:
            raise InputError(where, problem)
        errors.append(InputError(where, problem))

    out: list[Partition] = []
    for p in paths:
        if not Path(p).exists():
            bad(str(p), "no such file or directory")
            continue
        for f, _manifest in iter_paths([p]):
            suffix = f.suffix.lower()
            if suffix in JSONL_SUFFIXES:
                out.extend(_jsonl_partitions(f, partition_bytes, len(out)))
            elif suffix in PARQUET_SUFFIXES:
                import pyarrow.parquet as pq

                try:
                    groups = pq.ParquetFile(f).num_row_groups
                except Exception as exc:  # pyarrow raises several kinds for a file that is not Parquet
                    bad(str(f), f"not a readable Parquet file ({exc})")
                    continue
                out.extend(Partition(len(out) + g, str(f), "parquet", g, g + 1) for g in range(groups))
            else:
                bad(str(f), "scale reads JSONL (.jsonl) and Parquet (.parquet) files; convert other inputs "
                            "to JSONL records first")
    return out


def _read_partition(part: Partition):
    """The partition's articles (or InputErrors), as the readers make them."""
    from ..readers import jsonl_line, record_to_article

    if part.kind == "parquet":
        import pyarrow.parquet as pq

        try:
            table = pq.ParquetFile(part.path).read_row_group(part.start)
        except (OSError, ValueError) as exc:  # pyarrow's errors for a damaged group (ArrowInvalid is a ValueError)
            yield InputError(f"{part.path}:group{part.start}", f"unreadable Parquet row group ({exc})")
            return
        for n, rec in enumerate(table.to_pylist()):
            try:
                yield record_to_article(rec, f"{part.path}:group{part.start}:row{n + 1}")
            except InputError as err:
                yield err
        return
    with open(part.path, "rb") as fh:
        if part.start:
            fh.seek(part.start - 1)
            if fh.read(1) != b"\n":
                fh.readline()  # the line that began before the range belongs to the previous partition
        pos, line_no = fh.tell(), part.first_line - 1
        while pos < part.stop:  # the lines that begin in the range (as read_jsonl_file reads them)
            raw = fh.readline()
            if not raw:
                break
            pos += len(raw)
            line_no += 1
            yield from jsonl_line(raw, part.path, line_no)


# -- per-article results ----------------------------------------------------------------------
def article_row(seq: int, art: Article) -> dict:
    return {"seq": seq, "article_id": art.article_id, "title": art.title, "url": art.url, "source": art.source,
            "published": art.published.isoformat() if art.published else None,
            "published_from": art.published_from, "origin": art.origin, "original_source": art.original_source,
            "text": art.text, "raw": art.raw, "country_hint": art.country_hint,
            "events": json.dumps([e.to_dict() for e in art.events], ensure_ascii=False),
            "statistics": json.dumps([_stat_dict(s) for s in art.statistics], ensure_ascii=False)}


def _stat_dict(s: Statistic) -> dict:
    return {"article_id": s.article_id, "kind": s.kind, "value": s.value, "reported": s.reported,
            "period": s.period, "source": s.source, "evidence": s.evidence.to_dict()}


def row_article(r: dict) -> Article:
    art = Article(article_id=r["article_id"], raw=r["raw"], title=r["title"], url=r["url"], source=r["source"],
                  published=date.fromisoformat(r["published"]) if r["published"] else None,
                  published_from=r["published_from"], origin=r["origin"], original_source=r["original_source"],
                  text=r["text"], country_hint=r["country_hint"])
    art.events = [Event.from_dict(d) for d in json.loads(r["events"])]
    art.statistics = [Statistic(**{**d, "evidence": Evidence(**d["evidence"])}) for d in json.loads(r["statistics"])]
    return art


def extract_partition(part: Partition, work: str) -> dict:
    """Task: extract one partition; write its articles and report keys to Parquet."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .. import default_pipeline

    pipe = default_pipeline()
    arts, reports, errors = [], [], []
    for n, item in enumerate(_read_partition(part)):
        if isinstance(item, InputError):
            errors.append((item.source, item.problem))
            continue
        try:
            art = pipe(item)
        except StageError as err:  # a stage failed on it or it ran over its time budget: the partition goes on
            errors.append((item.origin or item.article_id, str(err)))
            continue
        seq = part.index * 1_000_000_000 + n  # input order: partitions in order, lines in order
        arts.append(article_row(seq, art))
        for e in art.events:
            lo_hi = _range(e)
            linkable = bool(_linkable(e))
            reports.append({"seq": seq, "event_id": e.event_id, "article_id": art.article_id, "iso": e.iso,
                            "date_min": e.date_min.isoformat() if e.date_min else None,
                            "date_max": e.date_max.isoformat() if e.date_max else None,
                            # linked from (its range may come from event_date alone), and found as a
                            # candidate (the store's query reads date_min and date_max)
                            "linkable": linkable,
                            "candidate": linkable and e.date_min is not None and e.date_max is not None,
                            "first": lo_hi[0].isoformat() if lo_hi else None})
    name = f"part-{part.index:05d}.parquet"
    article_schema, report_schema, _links = _schemas()
    pq.write_table(pa.Table.from_pylist(arts, schema=article_schema), Path(work, "articles", name))
    pq.write_table(pa.Table.from_pylist(reports, schema=report_schema), Path(work, "reports", name))
    return {"partition": part.index, "articles": len(arts), "reports": len(reports), "errors": errors}


def _schemas():
    import pyarrow as pa

    s = pa.string()
    articles = pa.schema([("seq", pa.int64()), ("article_id", s), ("title", s), ("url", s), ("source", s),
                          ("published", s), ("published_from", s), ("origin", s), ("original_source", s),
                          ("text", s), ("raw", s), ("country_hint", s), ("events", s), ("statistics", s)])
    reports = pa.schema([("seq", pa.int64()), ("event_id", s), ("article_id", s), ("iso", s), ("date_min", s),
                         ("date_max", s), ("linkable", pa.bool_()), ("candidate", pa.bool_()), ("first", s)])
    links = pa.schema([("a", s), ("b", s), ("score", pa.float64()), ("relation", s), ("parts", s)])
    return articles, reports, links


# -- blocks -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Block:
    iso: str
    lo: date  # the window of first dates the block owns: [lo, hi)
    hi: date
    reports: int = 0  # linkable reports it owns


def blocks_of(report_keys) -> list[Block]:
    """The (country, window) blocks that own at least one linkable report, from (iso, first date)."""
    seen: dict[tuple[str, int], int] = {}
    for iso, d_min in report_keys:
        k = date.fromisoformat(d_min).toordinal() // BLOCK_DAYS
        seen[iso, k] = seen.get((iso, k), 0) + 1
    return [Block(iso, date.fromordinal(k * BLOCK_DAYS), date.fromordinal((k + 1) * BLOCK_DAYS), n)
            for (iso, k), n in sorted(seen.items())]


def _groups(blocks: list[Block], n: int) -> list[list[Block]]:
    """``blocks`` in about ``n`` groups of neighbouring blocks (same country, consecutive windows)
    of about equal work.  A block's work is its reports times the reports around it (its own and
    its neighbours' windows): one busy country's years would otherwise make one task as long as
    all the others together."""
    if not blocks:  # no linkable report: no task (a corpus whose articles hold no event)
        return []
    count = {(b.iso, b.lo): b.reports for b in blocks}
    step = timedelta(days=BLOCK_DAYS)
    work = [b.reports * (b.reports + count.get((b.iso, b.lo - step), 0) + count.get((b.iso, b.hi), 0))
            for b in blocks]
    target = sum(work) / max(1, n)
    out: list[list[Block]] = [[]]
    done = 0.0
    for b, w in zip(blocks, work):
        if out[-1] and done + w / 2 > target * len(out):
            out.append([])
        out[-1].append(b)
        done += w
    return out


def link_blocks(blocks: list[Block], index: int, work: str) -> int:
    """Task: the report links ``ingest`` would make for the reports these blocks own (a task takes
    several neighbouring blocks, so that the report keys are read once for them), written to
    ``WORK/links/part-INDEX.parquet`` a block at a time; returns how many.  Neither the worker nor
    the client holds the links of the corpus: a busy war's corpus has millions."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(work, "links", f"part-{index:05d}.parquet")
    schema = _schemas()[2]
    n = 0
    with pq.ParquetWriter(str(path), schema) as out:
        for chunk in _block_links(blocks, work):
            out.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
    return n


def _block_links(blocks: list[Block], work: str):
    """The links of ``link_blocks``, one list of rows per block."""
    import pyarrow.dataset as ds

    f = ds.field
    if not blocks:
        return
    lo = min(b.lo for b in blocks) - timedelta(days=BLOCK_MARGIN_DAYS)
    hi = max(b.hi for b in blocks) + timedelta(days=BLOCK_MARGIN_DAYS)
    keys = ds.dataset(str(Path(work, "reports")), format="parquet").to_table(
        filter=f("iso").isin(sorted({b.iso for b in blocks})) & f("linkable")
        & (f("first") >= lo.isoformat()) & (f("first") <= hi.isoformat())).to_pylist()
    by_iso: dict[str, list[dict]] = {}
    for r in keys:
        by_iso.setdefault(r["iso"], []).append(r)
    near_of, owned_of = {}, {}
    for iso, rows in by_iso.items():
        near = sorted((r for r in rows if r["candidate"]), key=lambda r: (r["date_min"], r["seq"], r["event_id"]))
        owned = sorted(rows, key=lambda r: (r["first"], r["seq"], r["event_id"]))
        near_of[iso] = (near, [r["date_min"] for r in near])
        owned_of[iso] = (owned, [r["first"] for r in owned])
    plans = []
    for block in blocks:
        if block.iso not in owned_of:
            continue
        owned, firsts = owned_of[block.iso]
        mine = owned[bisect_left(firsts, block.lo.isoformat()):bisect_left(firsts, block.hi.isoformat())]
        if mine and near_of[block.iso][0]:
            plans.append((near_of[block.iso], mine))
    if not plans:
        return
    events = _load_events(work, {r["seq"] for _near, owned in plans for r in owned}
                          | {r["seq"] for near, _owned in plans for r in near[0]})
    for near, owned in plans:
        yield _link_block(near, owned, events)


def _link_block(near: tuple[list[dict], list[str]], owned: list[dict], events: dict[str, Event]) -> list[dict]:
    """Each owned report scored against its candidates among ``near`` (candidate reports sorted by
    first date, with the list of those dates)."""
    from ..knowledge.actors import default_actor_base

    actors = default_actor_base()
    vectors: dict[str, dict] = {}

    def vec(e):
        if e.event_id not in vectors:
            vectors[e.event_id] = _event_vector(e)
        return vectors[e.event_id]

    cands, starts = near
    gap = timedelta(days=scoring.MAX_GAP_DAYS)
    widest = timedelta(days=MAX_LINKABLE_RANGE_DAYS)
    out = []
    for r in sorted(owned, key=lambda r: (r["seq"], r["event_id"])):
        e = events[r["event_id"]]
        elo, ehi = _range(e)
        # Store.report_candidates for the report of a later article: earlier articles' reports in
        # the country whose ranges (at most ``widest`` long) meet [lo - gap, hi + gap]
        lo, hi = (elo - gap).isoformat(), (ehi + gap).isoformat()
        seq = r["seq"]
        for c in cands[bisect_left(starts, (elo - gap - widest).isoformat()):bisect_right(starts, hi)]:
            if c["seq"] >= seq or c["date_max"] < lo:
                continue
            other = events[c["event_id"]]
            link = scoring.score(e, other, actors, vec(e), vec(other))
            if link is not None:
                out.append({"a": link.a, "b": link.b, "score": link.score, "relation": link.relation,
                            "parts": json.dumps(link.parts, sort_keys=True)})
    return out


def _load_events(work: str, seqs: set[int]) -> dict[str, Event]:
    import pyarrow.dataset as ds

    arts = ds.dataset(str(Path(work, "articles")), format="parquet")
    table = arts.to_table(columns=["seq", "events"], filter=ds.field("seq").isin(sorted(seqs)))
    out = {}
    for r in table.to_pylist():
        for d in json.loads(r["events"]):
            e = Event.from_dict(d)
            out[e.event_id] = e
    return out


# -- load ---------------------------------------------------------------------------------------
def load(work: str, db: str, linked: bool, progress=None) -> dict:
    """Store the extracted articles in input order, save the links (``WORK/links``), cluster,
    link stories: in one transaction (interrupted, the load leaves the database as it was).

    ``linked`` False: the database held articles before the run, which the parallel link step did
    not see; each stored article is then linked as ``ingest`` links it, one at a time."""
    import pyarrow.parquet as pq

    from ..store import Store

    parts = sorted(Path(work, "articles").glob("part-*.parquet"))
    counts = {"new": 0, "updated": 0, "unchanged": 0, "events": 0, "rejected": []}
    order: list[str] = []
    reports_of: dict[str, list[str]] = {}
    with Store(db, mmap_bytes=0) as st, st.write():  # one transaction: other writers wait, none interleaves
        if linked and st.counts()["articles"]:
            linked = False  # another process stored articles since the run began: link each as ingest does
        linker = Linker(st)
        for path in parts:
            rows = sorted(pq.read_table(path).to_pylist(), key=lambda r: r["seq"])
            if not linked:
                for r in rows:
                    try:
                        res = linker.save(row_article(r))
                    except RecordRejected as err:  # (undone alone: the load goes on)
                        counts["rejected"].append(str(err))
                        continue
                    counts[res.status] += 1
                    counts["events"] += res.events
                    if progress:
                        progress(sum(counts[k] for k in ("new", "updated", "unchanged")), None)
                continue
            with st.write():
                for r in rows:
                    art = row_article(r)
                    try:
                        res = st.save_article(art)
                    except RecordRejected as err:
                        counts["rejected"].append(str(err))
                        continue
                    counts[res.status] += 1
                    counts["events"] += res.events
                    if res.status != "unchanged":
                        order.append(art.article_id)
                        reports_of[art.article_id] = [e.event_id for e in art.events]
        if linked:
            columns = _schemas()[2].names
            with st.write():
                for path in sorted(Path(work, "links").glob("part-*.parquet")):
                    for batch in pq.ParquetFile(path).iter_batches(batch_size=LINK_BATCH_ROWS):
                        st.save_link_rows(zip(*(batch.column(k).to_pylist() for k in columns)))
            _cluster_and_link(st, linker, order, reports_of, progress)
        counts["totals"] = st.counts()
    return counts


def _cluster_and_link(st, linker: Linker, order: list[str], reports_of: dict[str, list[str]], progress) -> None:
    """After a batch load into an empty database: canonical events, then stories."""
    # canonical events: every report of a new article, clustered with those linked to it
    done: set[str] = set()
    batch: set[str] = set()
    for n, aid in enumerate(order, 1):
        for rid in reports_of[aid]:
            if rid in done:
                continue
            comp = component({rid}, st.linked)
            done |= comp
            batch |= comp
        if len(batch) >= RECLUSTER_BATCH or n == len(order):
            with st.write():
                linker._recluster_events(batch)
            batch = set()
        if progress:
            progress(n, 2 * len(order))
    # stories: each article linked to those before it, in input order, as ingest does
    for n, aid in enumerate(order, 1):
        with st.write():
            linker._link_article(aid)
        if progress:
            progress(len(order) + n, 2 * len(order))
    done = set()
    for aid in order:
        if aid in done:
            continue
        comp, links = linker.group_of(aid)
        done |= comp
        with st.write():
            linker.stories_of_group(comp, links)


def _input_files(paths: list[str]) -> list[Path]:
    from ..readers import iter_paths

    return [f for p in paths if Path(p).exists() for f, _m in iter_paths([p])]


# Tasks per worker in each parallel step: several, so that a slow one does not hold the others up.
TASKS_PER_WORKER = 4
# A link task holds the reports of its blocks and of their neighbours in memory, so a large corpus
# gets more tasks: with 8 tasks for 90,000 dense synthetic articles (about 56,000 reports owned per
# task) a worker reached 3 GB.  At most this many owned reports per task bounds a task's memory
# whatever the size of the corpus.
MAX_TASK_REPORTS = 20_000
MIN_PARTITION_BYTES = 50_000  # below this a task's overhead outweighs its work

# How long to wait for a scheduler given by address before saying it cannot be reached.
SCHEDULER_TIMEOUT = "20s"

# Report groups re-clustered in one call: many small groups at once, the same clusters.
RECLUSTER_BATCH = 2000
# Report links read back from the link step's Parquet files and saved at a time (some 20 MB).
LINK_BATCH_ROWS = 50_000


# -- the command ----------------------------------------------------------------------------------
def run(paths: list[str], db: str, work: str, scheduler: str | None = None, workers: int = 2,
        partition_bytes: int = PARTITION_BYTES, log=print, progress=None) -> dict:
    """Extract and link ``paths`` on a Dask cluster (``scheduler`` address, or a local cluster of
    ``workers`` processes) and load the result into the database ``db``.  However it ends (done,
    an error, Ctrl-C, SIGTERM), the local cluster's processes are stopped before it returns or
    raises, and an unfinished load is rolled back."""
    with _terminate_as_interrupt():
        return _run(paths, db, work, scheduler, workers, partition_bytes, log, progress)


_STOP = threading.Event()  # set by Ctrl-C or SIGTERM during a run


def _stop_requested() -> None:
    """Raise KeyboardInterrupt if a stop came in that a library caught on its way (Dask's waits)."""
    if _STOP.is_set():
        raise KeyboardInterrupt("stopped")


@contextmanager
def _terminate_as_interrupt():
    """Ctrl-C and SIGTERM (a scheduler's or a supervisor's stop) end the run through the
    ``finally`` clauses that stop the cluster, instead of killing the process where it stands;
    the stop is also remembered, and checked between the steps, in case a library's wait caught
    the interrupt."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers belong to the main thread; a caller elsewhere keeps its own
        return

    def interrupt(signum, frame):
        _STOP.set()
        raise KeyboardInterrupt(f"signal {signum}")

    _STOP.clear()
    old = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def _run(paths, db, work, scheduler, workers, partition_bytes, log, progress) -> dict:
    try:
        import pyarrow  # noqa: F401  (fail here, not in a worker)
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise ScaleError("scale needs dask.distributed and pyarrow: pip install 'conflictlens[scale]'") from None

    from ..store import Store

    with Store(db, mmap_bytes=0) as st:
        held = st.counts()["articles"]
    workdir = Path(work)
    try:
        for sub in ("articles", "reports", "links"):
            d = workdir / sub
            d.mkdir(parents=True, exist_ok=True)
            for old in d.glob("part-*.parquet"):
                old.unlink()
    except OSError as exc:
        raise ScaleError(f"cannot use the work directory {workdir}: {exc.strerror or exc}") from None
    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, timeout=SCHEDULER_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise ScaleError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        try:
            client = Client(cluster)
        except BaseException:
            cluster.close()
            raise
    t0 = time.perf_counter()
    try:
        n_workers = max(1, len(client.scheduler_info()["workers"]))
        # enough partitions that every worker has several, however small the corpus
        total = sum(Path(f).stat().st_size for f in _input_files(paths))
        unread: list[InputError] = []
        parts = partitions(paths, max(MIN_PARTITION_BYTES, min(partition_bytes, total // (TASKS_PER_WORKER * n_workers) + 1)),
                           unread)
        if not parts:
            raise ScaleError("no readable input files: " + "; ".join(str(e) for e in unread) if unread else "no input files")
        log(f"scale: {len(parts)} partitions on {len(client.scheduler_info()['workers'])} workers "
            f"({scheduler or 'local cluster'}); work directory {workdir}")
        done = client.gather(client.map(extract_partition, parts, work=str(workdir), pure=False))
        _stop_requested()
        n_articles = sum(d["articles"] for d in done)
        errors = [(e.source, e.problem) for e in unread] + [e for d in done for e in d["errors"]]
        for where, problem in errors:
            log(f"error: {where}: {problem}")
        log(f"scale: extracted {n_articles} articles, {sum(d['reports'] for d in done)} reports "
            f"({time.perf_counter() - t0:.0f} s)")
        import pyarrow.dataset as ds

        blocks, groups = [], []
        if held:
            log(f"scale: {db} already holds {held} articles, which the blocks would not see: each article "
                "is linked in the load step, as ingest links it")
        else:
            keys = ds.dataset(str(workdir / "reports"), format="parquet").to_table(
                columns=["iso", "first"], filter=ds.field("linkable")).to_pylist()
            blocks = blocks_of((k["iso"], k["first"]) for k in keys)
            n_reports = sum(b.reports for b in blocks)
            groups = _groups(blocks, max(TASKS_PER_WORKER * n_workers, -(-n_reports // MAX_TASK_REPORTS)))
            n_links = sum(client.gather(client.map(link_blocks, groups, range(len(groups)), work=str(workdir),
                                                   pure=False)))
            _stop_requested()
            log(f"scale: {len(blocks)} blocks linked, {n_links} report links ({time.perf_counter() - t0:.0f} s)")
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    _stop_requested()
    counts = load(str(workdir), db, not held, progress)
    for message in counts["rejected"]:
        log(f"error: {message}")
    log(f"scale: loaded into {db} ({time.perf_counter() - t0:.0f} s)")
    counts["failed"] = len(errors) + len(counts.pop("rejected"))
    counts["partitions"] = len(parts)
    counts["blocks"] = len(blocks)
    counts["link_tasks"] = len(groups)
    return counts


__all__ = ["run", "partitions", "Partition", "Block", "blocks_of", "extract_partition", "link_blocks", "load",
           "ScaleError", "BLOCK_DAYS", "BLOCK_MARGIN_DAYS", "PARTITION_BYTES"]
