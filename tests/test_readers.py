import io
import json
from datetime import date

from conflictlens.errors import InputError
from conflictlens.readers import read_inputs, read_jsonl

from .conftest import SAMPLES


def _read(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return list(read_inputs([p]))


def test_readers_manifest_gives_ids_and_dates():
    arts = [a for a in read_inputs([SAMPLES]) if not isinstance(a, InputError)]
    assert len(arts) == 5
    by_id = {a.article_id: a for a in arts}
    assert by_id["003_b2369b4b84a7bf49"].published == date(2024, 11, 28)
    assert by_id["003_b2369b4b84a7bf49"].published_from == "manifest"


def test_readers_html_main_text_extracted(tmp_path):
    html = ("<html><head><title>T</title><meta property='article:published_time' content='2015-07-28'></head><body>"
            "<nav>Home | World | Sport</nav><article><h1>Rebels advance</h1><p>" + "Rebels seized the town of Idlib on Sunday after heavy fighting with government forces. " * 5
            + "</p></article><footer>Copyright 2015</footer></body></html>")
    [a] = _read(tmp_path, "page.html", html)
    assert "Rebels seized the town" in a.raw
    assert "Home | World" not in a.raw


def test_readers_feed_entries(tmp_path):
    rss = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>"
           "<item><title>One</title><link>http://x/1</link><pubDate>Tue, 28 Jul 2015 10:00:00 GMT</pubDate>"
           "<description>Clashes broke out in Idlib on Monday.</description></item>"
           "<item><title>Two</title><link>http://x/2</link><description>Protesters gathered in Homs.</description></item>"
           "</channel></rss>")
    arts = _read(tmp_path, "feed.xml", rss)
    assert [a.title for a in arts] == ["One", "Two"]
    assert arts[0].published == date(2015, 7, 28) and arts[0].source == "Wire"


def test_readers_jsonl_records_and_errors():
    lines = [json.dumps({"id": "x1", "text": "Clashes in Idlib.", "published": "2015-07-28", "source": "AFP"}),
             "{not json", json.dumps({"id": "x2"}), json.dumps({"id": "x3", "text": "Protest in Homs."})]
    out = list(read_jsonl(io.StringIO("\n".join(lines)), "in.jsonl"))
    assert out[0].article_id == "x1" and out[0].source == "AFP"
    assert isinstance(out[1], InputError) and "malformed JSON" in str(out[1]) and "in.jsonl:2" in str(out[1])
    assert isinstance(out[2], InputError) and "neither 'text' nor 'html'" in str(out[2])
    assert out[3].article_id == "x3"


def test_readers_bad_inputs_named_and_batch_goes_on(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"abc\x00def")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 attack".encode("latin-1"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text("Gunmen killed two civilians in Homs on 3 May 2020.", encoding="utf-8")
    out = list(read_inputs([tmp_path, tmp_path / "missing.txt"]))
    errors = {e.source.rsplit("/", 1)[-1]: e.problem for e in out if isinstance(e, InputError)}
    assert "binary" in errors["bin.txt"]
    assert "not UTF-8" in errors["latin1.txt"]
    assert "empty" in errors["empty.txt"]
    assert "no such file" in errors["missing.txt"]
    assert [a.raw[:6] for a in out if not isinstance(a, InputError)] == ["Gunmen"]


def test_readers_ids_are_deterministic(tmp_path):
    a1 = _read(tmp_path, "a.txt", "Clashes in Idlib.")[0]
    a2 = _read(tmp_path, "b.txt", "Clashes in Idlib.")[0]
    assert a1.article_id == a2.article_id
