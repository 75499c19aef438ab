"""Writers that take turns (issue 25): two `ingest` processes on one database at once both finish,
and the database equals the one a single run builds; a writer waits for another's transaction."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import threading
import time

from conflictlens.store import Store, table_digests

PLACES = ["Idlib", "Aleppo", "Homs", "Hama", "Latakia", "Douma", "Daraa", "Raqqa"]
OUTLETS = ["North Wire", "Levant Daily", "Coast Radio"]
EVENTS = ["Government aircraft struck {p} on {d}, killing {n} civilians, activists said.",
          "Rebels clashed with government forces near {p} on {d}; {n} fighters were killed.",
          "Hundreds of protesters gathered in {p} on {d} to demand the release of detainees."]
DAYS = ["Monday", "Tuesday", "Wednesday"]


def _articles() -> list[dict]:
    """Invented reports: each event told by two or three outlets in their own words, so that
    ingest merges reports across articles and groups them into stories."""
    out = []
    for k, place in enumerate(PLACES):
        for j, outlet in enumerate(OUTLETS[: 2 + k % 2]):
            text = EVENTS[k % 3].format(p=place, d=DAYS[k % 3], n=3 + k + j) + f" {outlet} could not confirm it."
            out.append({"id": f"{place}-{j}", "text": text, "source": outlet, "published": f"2015-03-{10 + k % 3:02d}"})
    return out


def _ingest(*args):
    return subprocess.Popen([sys.executable, "-m", "conflictlens.cli", "ingest", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_concurrency_two_ingests_of_the_same_inputs_equal_one_run(tmp_path):
    arts = _articles()
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("".join(json.dumps(x) + "\n" for x in arts[: len(arts) // 2]), encoding="utf-8")
    b.write_text("".join(json.dumps(x) + "\n" for x in arts[len(arts) // 2:]), encoding="utf-8")
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    single = _ingest(a, b, "--db", one)
    assert single.wait(timeout=600) == 0, single.stderr.read()
    procs = [_ingest(a, b, "--db", two), _ingest(a, b, "--db", two)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1] for o in outs]
    assert all("Traceback" not in err and "locked" not in err for _out, err in outs)
    assert sum(int(re.search(r"(\d+) new", err).group(1)) for _out, err in outs) == len(arts)  # each stored once
    dump = table_digests(one)
    assert dump["canonical_events"][0] < dump["events"][0] and dump["stories"][0] < dump["articles"][0] == len(arts)
    assert table_digests(two) == dump


def test_concurrency_a_writer_waits_for_another_transaction(tmp_path):
    path = tmp_path / "w.db"
    Store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process in the middle of a write
    done = []

    def write():
        with Store(path) as st:
            st.record_failure("x.txt", "waited")
            done.append(time.monotonic())

    t = threading.Thread(target=write)
    t.start()
    time.sleep(1.0)
    assert not done  # still waiting for the lock, not failed
    released = time.monotonic()
    holder.execute("COMMIT")
    t.join(timeout=60)
    assert done and done[0] >= released
    with Store(path) as st:
        assert st.counts()["failures"] == 1


def test_concurrency_processes_opening_one_new_database_at_once_all_open_it(tmp_path):
    """Switching a new database to write-ahead logging needs the file to itself: processes that open
    the same new file at the same moment wait their turn instead of failing "database is locked"."""
    import subprocess
    import sys

    import time

    for k in range(2):
        db = tmp_path / f"new{k}.db"
        start = time.time() + 2.0  # every process imports first, then all open the file at this instant
        code = (f"import time; from conflictlens.store import Store; time.sleep(max(0, {start} - time.time())); "
                f"Store({str(db)!r}).db.execute('select 1')")
        procs = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True) for _ in range(6)]
        errs = [p.communicate(timeout=120)[1] for p in procs]
        assert [p.returncode for p in procs] == [0] * 6, errs
