"""The Dask path (conflictlens scale) on a two-worker local cluster equals single-process ingest."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from pathlib import Path

import pytest

try:
    import dask.distributed  # noqa: F401
    import pyarrow  # noqa: F401
except ImportError:
    if os.environ.get("CI"):
        raise  # CI installs the test extra, which has them: the Dask path must be tested there
    pytest.skip("the scale extra (dask.distributed, pyarrow) is not installed", allow_module_level=True)

from conflictlens.cli import main  # noqa: E402
from conflictlens.readers import read_inputs  # noqa: E402
import conflictlens.scale as scale  # noqa: E402
from conflictlens.scale import BLOCK_MARGIN_DAYS, blocks_of, partitions, run  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[1] / "conflictlens" / "samples"
FAKES = Path(__file__).resolve().parents[2] / "shared" / "data" / "fakes_dev.csv"
# Everything but canonical_aliases: ids that incremental ingest gave out and retired when an earlier
# report arrived; a batch gives out only the final ids, so it has none to keep.
TABLES = {"articles": "article_id", "events": "event_id", "statistics": "1,2,3", "event_links": "a,b",
          "canonical_events": "event_id", "canonical_details": "1", "event_canonical": "1",
          "article_links": "a,b", "article_vectors": "article_id", "stories": "story_id",
          "story_articles": "1,2", "large_story_groups": "1"}


def corpus(path: Path) -> int:
    """A few hundred real articles as JSONL: FA-KES dev when ../shared is there, else the bundled
    samples with their years moved (as scripts/bench_extract.py builds its corpora)."""
    import sys

    sys.path.insert(0, str(SAMPLES.parents[1] / "scripts"))
    from bench_extract import fakes_rows, records

    if FAKES.exists():
        recs = list(records(fakes_rows(FAKES)))
    else:
        recs = []
        base = [a for a in read_inputs([SAMPLES])]
        for k in range(60):  # 300 articles: the samples with their years moved by k % 40
            shift = k % 40
            for a in base:
                recs.append({"id": f"{a.article_id}-c{k}", "title": _move(a.title, shift), "text": _move(a.raw, shift),
                             "source": a.source, "published": a.published.replace(year=a.published.year + shift).isoformat()})
    with open(path, "w", encoding="utf-8") as fh:
        for r in recs:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        fh.write("{not json\n")  # a bad line: reported, and the batch goes on in both paths
    return len(recs)


def _move(text: str, shift: int) -> str:
    return re.sub(r"\b(19[89]\d|20[0-3]\d)\b", lambda m: str(int(m.group(0)) + shift), text)


def dump(db: Path) -> dict:
    con = sqlite3.connect(db)
    return {t: con.execute(f"SELECT * FROM {t} ORDER BY {order}").fetchall() for t, order in TABLES.items()}


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scale")
    src = tmp / "corpus.jsonl"
    n = corpus(src)
    assert main(["ingest", str(src), "--db", str(tmp / "single.db")]) == 1  # the bad line fails
    with pytest.MonkeyPatch.context() as mp:  # tasks capped by reports, as a large corpus's are
        mp.setattr(scale, "MAX_TASK_REPORTS", 50)
        counts = run([str(src)], str(tmp / "dask.db"), str(tmp / "work"), workers=2,
                     partition_bytes=max(20_000, src.stat().st_size // 6), log=lambda _m: None)
    return n, counts, tmp


def test_dask_path_equals_single_process(both):
    n, counts, tmp = both
    assert counts["partitions"] >= 4 and counts["blocks"] > 1  # the work was really spread
    assert counts["link_tasks"] > scale.TASKS_PER_WORKER * 2
    assert counts["failed"] == 1
    single, batch = dump(tmp / "single.db"), dump(tmp / "dask.db")
    assert len(single["articles"]) >= 0.9 * n - 10
    assert len(single["event_links"]) > 0 and len(single["stories"]) > 0
    for table in TABLES:
        assert batch[table] == single[table], table


def test_into_a_database_that_holds_articles(both):
    """Half the corpus ingested, the other half scaled into the same database: as ingest of all of
    it (the load step links each article against what was stored before); a re-run changes nothing."""
    _n, _counts, tmp = both
    lines = (tmp / "corpus.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    half = len(lines) // 2
    (tmp / "first.jsonl").write_text("".join(lines[:half]), encoding="utf-8")
    (tmp / "second.jsonl").write_text("".join(lines[half:]), encoding="utf-8")
    db = tmp / "mixed.db"
    assert main(["ingest", str(tmp / "first.jsonl"), "--db", str(db)]) == 0
    counts = run([str(tmp / "second.jsonl")], str(db), str(tmp / "work2"), workers=2, log=lambda _m: None)
    assert counts["failed"] == 1 and counts["new"] > 0
    before = dump(db)
    mixed, single = dict(before), dump(tmp / "single.db")
    for table in TABLES:
        if table == "articles":  # where each was read from differs: first.jsonl or second.jsonl
            col = [d[0] for d in sqlite3.connect(db).execute("SELECT * FROM articles").description].index("origin")
            mixed[table], single[table] = ([r[:col] + r[col + 1:] for r in rows] for rows in (mixed[table], single[table]))
        assert mixed[table] == single[table], table
    again = run([str(tmp / "second.jsonl")], str(db), str(tmp / "work2"), workers=2, log=lambda _m: None)
    assert again["new"] == again["updated"] == 0
    assert dump(db) == before


def test_large_groups_are_storied_in_blocks_alike_in_every_path(both, tmp_path, monkeypatch):
    """With a group limit small enough that the corpus has large groups, and blocks short enough to
    cut them: ingest in file order, ingest in reverse order and the Dask path give the same stories,
    and they differ from the whole-group stories (the block mode really ran)."""
    from conflictlens import linking

    _n, _counts, tmp = both
    monkeypatch.setattr(linking, "STORY_GROUP_LIMIT", 3)
    monkeypatch.setattr(linking, "STORY_BLOCK_DAYS", 5)
    lines = (tmp / "corpus.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "reversed.jsonl").write_text("".join(reversed(lines)), encoding="utf-8")
    main(["ingest", str(tmp / "corpus.jsonl"), "--db", str(tmp_path / "forward.db")])
    main(["ingest", str(tmp_path / "reversed.jsonl"), "--db", str(tmp_path / "backward.db")])
    run([str(tmp / "corpus.jsonl")], str(tmp_path / "dask.db"), str(tmp_path / "work"), workers=2, log=lambda _m: None)
    forward, backward, dask = (dump(tmp_path / f"{d}.db") for d in ("forward", "backward", "dask"))
    assert len(forward["large_story_groups"]) > 3
    for table in ("stories", "story_articles", "large_story_groups"):
        assert backward[table] == forward[table], table
        assert dask[table] == forward[table], table
    assert forward["story_articles"] != dump(tmp / "single.db")["story_articles"]

    # every eighth article cut to its first sentence and ingested again over the forward
    # database: its old links go, groups split and change mode; as a fresh ingest of the new corpus
    changed = []
    for k, line in enumerate(lines):
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if k % 8 == 0:
            rec["text"] = rec["text"].strip().split(". ")[0] + "."
        changed.append(json.dumps(rec, ensure_ascii=False) + "\n")
    (tmp_path / "changed.jsonl").write_text("".join(changed), encoding="utf-8")
    main(["ingest", str(tmp_path / "changed.jsonl"), "--db", str(tmp_path / "forward.db")])
    main(["ingest", str(tmp_path / "changed.jsonl"), "--db", str(tmp_path / "fresh.db")])
    updated, fresh = dump(tmp_path / "forward.db"), dump(tmp_path / "fresh.db")
    assert updated["article_links"] != forward["article_links"]
    for table in ("article_links", "stories", "story_articles", "large_story_groups"):
        assert updated[table] == fresh[table], table


def test_per_article_results_are_parquet(both):
    import pyarrow.parquet as pq

    _n, counts, tmp = both
    parts = sorted((tmp / "work" / "articles").glob("part-*.parquet"))
    assert len(parts) == counts["partitions"]
    rows = pq.read_table(parts[0]).to_pylist()
    assert rows and {"article_id", "events", "text"} <= set(rows[0])
    assert all(isinstance(json.loads(r["events"]), list) for r in rows)


def test_partitions_cover_every_line_once(tmp_path):
    src = tmp_path / "c.jsonl"
    lines = [json.dumps({"id": f"a{i}", "text": "x" * (i % 37 + 1)}) for i in range(500)]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from conflictlens.scale import _read_partition

    seen = []
    for p in partitions([str(src)], partition_bytes=997):
        seen += [(a.article_id, a.origin) for a in _read_partition(p)]
    assert seen == [(f"a{i}", f"{src}:{i + 1}") for i in range(500)]


def test_blocks_are_windows_per_country():
    blocks = blocks_of([("SY", "2015-07-28"), ("SY", "2015-07-29"), ("IQ", "2015-07-28"), ("SY", "2016-01-01")])
    assert [b.iso for b in blocks] == ["IQ", "SY", "SY"]
    assert all(b.lo < b.hi for b in blocks) and BLOCK_MARGIN_DAYS > 31


def test_unreadable_inputs_are_reported_and_the_rest_goes_on(tmp_path):
    good = tmp_path / "a.jsonl"
    good.write_text(json.dumps({"id": "a1", "text": "Shelling hit Idlib on 5 May 2020."}) + "\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("plain text", encoding="utf-8")
    errors = []
    parts = partitions([str(tmp_path / "missing.jsonl"), str(tmp_path)], errors=errors)
    assert [p.path for p in parts] == [str(good)]
    assert [e.source for e in errors] == [str(tmp_path / "missing.jsonl"), str(tmp_path / "notes.txt")]
    assert errors[0].problem == "no such file or directory"
    assert errors[1].problem.startswith("scale reads JSONL (.jsonl) and Parquet (.parquet) files")
    with pytest.raises(Exception, match="no such file"):
        partitions([str(tmp_path / "missing.jsonl")])


def test_an_unusable_work_directory_or_scheduler_is_a_clear_error(tmp_path, monkeypatch):
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "a1", "text": "Shelling hit Idlib on 5 May 2020."}) + "\n", encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    with pytest.raises(scale.ScaleError, match="cannot use the work directory"):
        run([str(src)], str(tmp_path / "x.db"), str(blocker / "work"), log=lambda _m: None)
    monkeypatch.setattr(scale, "SCHEDULER_TIMEOUT", "1s")
    with pytest.raises(scale.ScaleError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:1"):
        run([str(src)], str(tmp_path / "x.db"), str(tmp_path / "work"), scheduler="tcp://127.0.0.1:1",
            log=lambda _m: None)


def test_an_interrupted_load_leaves_the_database_as_it_was(both, tmp_path, monkeypatch):
    from conflictlens.store import Store

    _n, _counts, tmp = both

    def stop(*_a, **_k):
        raise KeyboardInterrupt

    monkeypatch.setattr(scale, "_cluster_and_link", stop)
    db = tmp_path / "half.db"
    with pytest.raises(KeyboardInterrupt):
        scale.load(str(tmp / "work"), str(db), True)
    with Store(db) as st:
        assert st.counts()["articles"] == 0 and st.counts()["events"] == 0


def _corrupt_parquet(path: Path) -> None:
    """A Parquet file whose footer reads but whose second row group does not."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    recs = [{"id": f"p{k}", "text": f"Gunmen attacked a checkpoint in Idlib on {k} May 2015, killing {k} soldiers.",
             "published": f"2015-05-{k + 1:02d}"} for k in range(1, 21)]  # news: a day after
    pq.write_table(pa.Table.from_pylist(recs), path, row_group_size=10, compression="none")
    data = bytearray(path.read_bytes())
    meta = pq.ParquetFile(path).metadata.row_group(1).column(1)
    start = meta.data_page_offset
    data[start:start + 64] = b"\xff" * 64  # the second group's text column: garbage
    path.write_bytes(bytes(data))


def test_a_damaged_parquet_row_group_is_reported_and_the_rest_goes_on(tmp_path):
    src = tmp_path / "bad.parquet"
    _corrupt_parquet(src)
    seen = []
    counts = run([str(src)], str(tmp_path / "d.db"), str(tmp_path / "work"), workers=2, log=seen.append)
    assert counts["failed"] == 1 and counts["new"] == 10
    assert any("group1" in m and "unreadable Parquet row group" in m for m in seen)


def _ours(mark: str) -> list:
    """The processes that carry ``mark`` in their environment (those a test's command started)."""
    import psutil

    out = []
    for p in psutil.process_iter():
        try:
            if p.environ().get("CONFLICTLENS_TEST_MARK") == mark:
                out.append(p)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            pass
    return out


@pytest.mark.parametrize("how", ["done", "interrupt", "terminate"])
def test_scale_leaves_no_process_behind(how, tmp_path):
    """Whether it finishes or is stopped by Ctrl-C or SIGTERM while its workers extract, ``scale``
    ends every process it started before it exits."""
    import signal
    import subprocess
    import sys
    import time
    import uuid

    mark = uuid.uuid4().hex
    src = tmp_path / "corpus.jsonl"
    corpus(src)
    cmd = [sys.executable, "-m", "conflictlens.cli", "scale", str(src), "--db", str(tmp_path / "d.db"),
           "--workers", "2", "--work", str(tmp_path / "work")]
    proc = subprocess.Popen(cmd, env=dict(os.environ, CONFLICTLENS_TEST_MARK=mark), stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True)
    seen = []
    try:
        if how != "done":
            for line in proc.stderr:  # stopped once the workers are extracting
                seen.append(line)
                if "partitions on" in line:
                    break
            time.sleep(2)
            proc.send_signal(signal.SIGINT if how == "interrupt" else signal.SIGTERM)
        code = proc.wait(timeout=600)
    finally:
        proc.kill()
    err = "".join(seen) + proc.stderr.read()
    time.sleep(1)
    left = _ours(mark)
    for p in left:  # (so that a failure here leaves nothing running either)
        p.kill()
    assert not left, f"{len(left)} processes left: {[p.cmdline()[:3] for p in left]}"
    if how == "done":
        assert code == 1 and "ingested into" in err  # (the corpus's bad line fails)
    else:
        assert code == 130 and "scale: interrupted" in err.strip().splitlines()[-1], err[-3000:]


def test_scale_stops_its_cluster_on_an_error(tmp_path, monkeypatch):
    import psutil

    def fail(_keys):
        raise RuntimeError("a step failed")

    src = tmp_path / "corpus.jsonl"
    corpus(src)
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    monkeypatch.setattr(scale, "blocks_of", fail)  # runs in this process, between the two parallel steps
    with pytest.raises(RuntimeError, match="a step failed"):
        run([str(src)], str(tmp_path / "d.db"), str(tmp_path / "work"), workers=2, log=lambda _m: None)
    left = [p for p in psutil.Process().children(recursive=True) if p.pid not in before and p.status() != "zombie"]
    assert not left, f"{len(left)} processes left: {[p.cmdline()[:3] for p in left]}"


def test_a_corpus_without_any_event_ends_cleanly(tmp_path):
    """Articles that hold no event leave no block to link: the run ends with their articles stored."""
    src = tmp_path / "calm.jsonl"
    src.write_text("".join(json.dumps({"id": f"c{k}", "text": "The council met on Monday to discuss the budget.",
                                       "published": "2015-05-30"}) + "\n" for k in range(6)), encoding="utf-8")
    counts = run([str(src)], str(tmp_path / "d.db"), str(tmp_path / "work"), workers=2, log=lambda _m: None)
    assert counts["new"] == 6 and counts["events"] == 0 and counts["failed"] == 0
