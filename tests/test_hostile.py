"""A hostile corpus (issue 25): files and records of every wrong shape, among good ones, through the
real command.  Each bad input gets one line naming it and the problem, no traceback, the good
records around it are stored, and the exit code says something failed."""

from __future__ import annotations

import gzip
import io
import json
import os
import sqlite3
import subprocess
import sys
import zipfile

import pytest

GOOD_TEXT = "Government forces shelled the village of Kafr Nabl on Monday, killing {n} civilians."


def _good(i: int) -> str:
    return json.dumps({"id": f"good-{i}", "text": GOOD_TEXT.format(n=i + 2), "published": "2015-03-08"})


# (file, bytes or text) that must fail, with a phrase of their one line
BAD_FILES = [
    ("binary.txt", b"\x00\x01\x02\x03" * 100, "binary file"),
    ("utf16.txt", "Rebels attacked Idlib on Monday.".encode("utf-16"), "UTF-16 text: re-encode"),
    ("utf16-nobom.txt", "Rebels attacked Idlib on Monday.".encode("utf-16-le"), "UTF-16 text without a byte-order mark"),
    ("notes.txt.gz", gzip.compress(b"Rebels attacked Idlib on Monday."), "gzip-compressed"),
    ("packed.jsonl", gzip.compress(_good(99).encode()), "gzip-compressed"),
    ("latin1.txt", "Caf\xe9 attack in Homs".encode("latin-1"), "not UTF-8"),
    ("empty.txt", b"", "empty input"),
    ("blank.txt", b"  \n\n\t ", "empty input"),
    ("doc.txt", b"%PDF-1.4\n...", "a PDF document"),
    ("bomb.html", "<html><body>" + "<div>" * 100_000 + "Rebels attacked Idlib." + "</div>" * 100_000 + "</body></html>",
     "HTML page"),
    ("script.html", "<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>",
     "no extractable main text"),
    ("broken.xml#entry1", "<?xml version='1.0'?><rss><channel><item><title>x</ti", "no article text"),
]
# JSONL lines that must fail (each with a phrase of its line), placed among good ones
BAD_LINES = [
    ('{"id": "b-int", "text": 12345}', "'text' must be a string, not a number (12345)"),
    ('{"id": "b-list", "text": ["a"]}', "'text' must be a string, not a list"),
    ('{"id": "b-nan", "text": NaN}', "not NaN"),
    ('{"id": "b-obj", "text": {"a": 1}}', "not an object"),
    ('{"id": "b-bool", "text": true}', "not a boolean"),
    ("[" * 5000 + "]" * 5000, "nested too deeply"),
    ('{"id": "b-url", "text": "Rebels attacked Idlib.", "url": 123}', "'url' must be a string"),
    ('{"id": "b-src", "text": "Rebels attacked Idlib.", "source": {"x": 1}}', "'source' must be a string"),
    ('{"id": "b-title", "text": "Rebels attacked Idlib.", "title": []}', "'title' must be a string"),
    ('{"id": 1.5, "text": "Rebels attacked Idlib."}', "'id' must be a string"),
    ('{"id": "b-sur", "text": "Rebels \\ud800 attacked Idlib."}', "unpaired surrogate (\\ud800)"),
    ('{"id": "b-pub", "text": "Rebels attacked Idlib.", "published": 20150308}', "'published' must be a date string"),
    ('{"id": "b-day", "text": "Rebels attacked Idlib.", "published": "the day after"}', "unreadable publication date"),
    ("{not json", "malformed JSON: Expecting property name"),
    ("[1, 2]", "JSONL record is a list"),
    ('"hello"', "JSONL record is a string"),
    ('{"id": "b-none", "text": ""}', "neither 'text' nor 'html'"),
    ('{"id": "b-blank", "text": "   "}', "no article text"),
    ('{"id": "b-html", "html": "<html></html>"}', "no extractable main text"),
    (b'{"id": "b-utf8", "text": "caf\xe9"}', "not UTF-8 text"),
]
# Odd but readable inputs: stored like any other
ODD_FILES = [
    ("crlf.txt", b"Rebels shelled Aleppo on Monday, killing four civilians.\r\n\r\nThe army responded.\r\n"),
    ("bom.txt", "\ufeffRebels shelled Latakia on Monday, killing four soldiers.".encode("utf-8")),
    ("xxe.xml", "<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><rss version='2.0'>"
                "<channel><title>Wire</title><item><title>t</title><description>&x; Rebels attacked Idlib on Monday."
                "</description></item></channel></rss>"),
    ("laughs.xml", "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
                   + "".join(f"<!ENTITY lol{i} '{('&lol%s;' % (i - 1 if i > 1 else '')) * 10}'>" for i in range(1, 10))
                   + "]><rss version='2.0'><channel><title>&lol9;</title><item><description>Rebels attacked Idlib."
                     "</description></item></channel></rss>"),
    ("hostile-feed.xml", "<?xml version='1.0'?><rss version='2.0'><channel><title>=HYPERLINK(\"http://evil\",\"x\")"
                         "</title><item><title>@SUM(1)</title><link>http://x/1</link><pubDate>Tue, 28 Jul 2015 10:00:00 "
                         "GMT</pubDate><description>+Gunmen killed two civilians in Homs on Monday. &lt;script&gt;"
                         "alert(1)&lt;/script&gt;</description></item></channel></rss>"),
]
ODD_LINES = ['{"id": "odd-nul", "text": "Rebels attacked Idlib\\u0000 on Monday, killing two."}',
             '{"id": "odd-huge", "text": "Gunmen killed 99999999999999999999999 people in Homs on Monday."}',
             '{"id": "odd-long", "text": "' + "x" * 200_000 + ' Rebels attacked Idlib."}']


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The corpus directory and, for each bad input, where its line names it and what it says."""
    d = tmp_path_factory.mktemp("hostile") / "in"
    d.mkdir()
    expect = []
    for where, data, says in BAD_FILES:  # (a feed's entry is named by its number)
        (d / where.split("#")[0]).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        expect.append((f"{where}:", says))
    for name, data in ODD_FILES:
        (d / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    os.mkfifo(d / "pipe.txt")
    os.symlink(d / "nowhere.txt", d / "gone.txt")
    os.symlink("/dev/zero", d / "zero.txt")
    with open(d / "big.txt", "wb") as fh:
        fh.truncate(20_000_001)  # over the limit, and refused before a byte is read
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "Rebels attacked Idlib.")
    (d / "archive.txt").write_bytes(buf.getvalue())
    expect += [("pipe.txt:", "not a regular file (a FIFO"), ("gone.txt:", "dangling symbolic link"),
               ("zero.txt:", "a character device"), ("big.txt:", "file too large"), ("archive.txt:", "a ZIP archive")]
    lines: list[bytes] = [b"\xef\xbb\xbf" + _good(0).encode()]  # a byte-order mark before the first line
    for i, (line, says) in enumerate(BAD_LINES):
        lines.append(line if isinstance(line, bytes) else line.encode("utf-8"))
        expect.append((f"records.jsonl:{len(lines)}:", says))
        if i % 4 == 3:
            lines.append(_good(i).encode())
    lines += [x.encode() for x in ODD_LINES]
    (d / "records.jsonl").write_bytes(b"\n".join(lines).replace(b"\n", b"\r\n", 1) + b"\n")
    good = {json.loads(x.decode("utf-8-sig"))["id"] for x in lines if x.lstrip(b"\xef\xbb\xbf").startswith(b'{"id": "good-')}
    return d, expect, good | {"odd-nul", "odd-huge", "odd-long"}


def _run(*args, stdin=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "conflictlens.cli", *map(str, args)], capture_output=True, text=True,
                          input=stdin, timeout=600)


@pytest.fixture(scope="module")
def ingested(corpus, tmp_path_factory):
    d, _expect, _good_ids = corpus
    db = tmp_path_factory.mktemp("hostile-db") / "h.db"
    return _run("ingest", d, "--db", db), db


def test_hostile_corpus_is_large_enough(corpus):
    _d, expect, _good = corpus
    assert len(expect) >= 30


@pytest.mark.parametrize("n", range(len(BAD_FILES) + len(BAD_LINES) + 5))
def test_hostile_input_gets_one_line_naming_it(corpus, ingested, n):
    _d, expect, _good = corpus
    where, says = expect[n]
    lines = [x for x in ingested[0].stderr.splitlines() if x.startswith("error:") and f"/{where}" in x + ":"]
    assert len(lines) == 1, (where, lines)
    assert says in lines[0], lines[0]


def test_hostile_corpus_good_records_stored_and_exit_code_says_so(corpus, ingested):
    _d, expect, good = corpus
    proc, db = ingested
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    with sqlite3.connect(db) as con:
        stored = {r[0] for r in con.execute("SELECT article_id FROM articles")}
        origins = {r[0].rsplit("/", 1)[-1] for r in con.execute("SELECT origin FROM articles")}
        failures = con.execute("SELECT count(*) FROM failures").fetchone()[0]
        passwd = con.execute("SELECT count(*) FROM articles WHERE text LIKE '%root:%'").fetchone()[0]
    assert good <= stored
    assert {name for name, _ in ODD_FILES} <= {o.split("#")[0] for o in origins}
    assert failures == len(expect) and passwd == 0
    assert f"{len(expect)} failed" in proc.stderr


def test_hostile_corpus_extract_goes_on_too(corpus):
    d, expect, good = corpus
    proc = _run("extract", d / "records.jsonl")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert {json.loads(x)["article_id"] for x in proc.stdout.splitlines()} >= {g for g in good if g.startswith("good-")}
    assert len([x for x in proc.stderr.splitlines() if x.startswith("error:")]) == len(BAD_LINES)


def test_hostile_corpus_on_standard_input(corpus, tmp_path):
    d, _expect, good = corpus
    proc = subprocess.run([sys.executable, "-m", "conflictlens.cli", "ingest", "-", "--db", str(tmp_path / "s.db")],
                          stdin=open(d / "records.jsonl", "rb"), capture_output=True, timeout=600)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in err
    assert "stdin:2: 'text' must be a string" in err and f"{len(BAD_LINES)} failed" in err
    with sqlite3.connect(tmp_path / "s.db") as con:
        assert good <= {r[0] for r in con.execute("SELECT article_id FROM articles")}


def test_hostile_feed_title_is_not_a_formula_in_the_csv(ingested, tmp_path):
    import csv

    _proc, db = ingested
    out = tmp_path / "e.csv"
    assert _run("export", "--db", db, "--format", "acled-csv", "-o", out).returncode == 0
    rows = list(csv.DictReader(open(out, encoding="utf-8", newline="")))
    feed = [r for r in rows if "HYPERLINK" in r["source"]]
    assert feed and all(r["source"].startswith("'=") and r["notes"].startswith("'+") for r in feed)
    assert all(not r[k].startswith(("=", "+", "@")) for r in rows for k in r)
    assert any(r["latitude"].startswith("3") for r in rows) and all(r["latitude"][:1] != "'" for r in rows)


def test_hostile_failures_beyond_the_cap_are_counted_not_listed(tmp_path, monkeypatch, capsys):
    from conflictlens import cli

    monkeypatch.setattr(cli, "MAX_SHOWN_FAILURES", 5)
    monkeypatch.setattr(cli, "MAX_RECORDED_FAILURES", 8)
    bad = tmp_path / "many.jsonl"
    bad.write_text("\n".join(['{"text": 1}'] * 40 + [_good(0)]) + "\n", encoding="utf-8")
    assert cli.main(["ingest", str(bad), "--db", str(tmp_path / "c.db")]) == 1
    err = [x for x in capsys.readouterr().err.splitlines() if x.startswith("error:")]
    assert len(err) == 6 and "35 more failures not shown" in err[-1] and "many.jsonl" in err[-1]
    with sqlite3.connect(tmp_path / "c.db") as con:
        rows = dict(con.execute("SELECT origin, problem FROM failures").fetchall())
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert len(rows) == 9 and "32 more failed records" in rows[f"{bad}:*"]


def test_hostile_line_too_long_is_skipped_without_reading_it_whole(tmp_path, monkeypatch):
    from conflictlens import readers
    from conflictlens.errors import InputError

    monkeypatch.setattr(readers, "MAX_BYTES", 1000)
    p = tmp_path / "long.jsonl"
    p.write_text(_good(0) + "\n" + '{"text": "' + "y" * 5000 + '"}\n' + _good(1) + "\n", encoding="utf-8")
    out = list(readers.read_inputs([p]))
    assert [type(x).__name__ for x in out] == ["Article", "InputError", "Article"]
    assert isinstance(out[1], InputError) and "long.jsonl:2" in str(out[1]) and "record too large" in str(out[1])


def test_hostile_a_value_the_database_cannot_hold_fails_that_record_only(tmp_path):
    from conflictlens import extract_text
    from conflictlens.errors import RecordRejected
    from conflictlens.linking import Linker
    from conflictlens.store import Store

    bad = extract_text(GOOD_TEXT.format(n=3), article_id="too-big")
    assert bad.events
    bad.events[0].fatalities = 2 ** 70  # no SQLite integer holds it
    with Store(tmp_path / "r.db") as st:
        linker = Linker(st)
        with pytest.raises(RecordRejected) as err:
            linker.save(bad)
        assert err.value.per_record and "refused" in str(err.value)
        assert st.counts()["articles"] == 0  # nothing of it was written
        assert linker.save(extract_text(GOOD_TEXT.format(n=4), article_id="fine")).status == "new"
