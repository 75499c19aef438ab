"""Inputs -> ``Article`` records.

Plain text, HTML pages (main text by trafilatura), RSS/Atom feeds (feedparser),
JSONL of ``{"id", "title", "text" | "html", "url", "source", "published"}`` and
Parquet files of the same fields.  JSONL and Parquet are streamed (a line or a
row group at a time), so a corpus of any size reads in constant memory.
A directory is read recursively; ``-`` reads JSONL from standard input.  A
``manifest.jsonl`` beside text files (``{"id", "file", "published"}``) supplies
their ids and publication dates, as in ../shared/seeds.

Every problem becomes an ``InputError`` naming the input; readers yield it in
place of the article so that the batch goes on.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

from .errors import InputError
from .models import Article, content_id

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
MANIFEST_NAME = "manifest.jsonl"
PARQUET_SUFFIXES = {".parquet", ".pq"}
MAX_BYTES = 20_000_000  # one article (or one non-JSONL file) larger than this is not news text
PARQUET_BATCH_ROWS = 1000  # rows decoded at a time: memory stays flat however large the file


def parse_date(value, where: str) -> date | None:
    """ISO dates and datetimes, or None for empty; an unreadable value is an error."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value if not isinstance(value, datetime) else value.date()
    s = str(value).strip()
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        pass
    from dateutil import parser as du

    try:
        return du.parse(s, dayfirst=False).date()
    except (ValueError, OverflowError) as exc:
        raise InputError(where, f"unreadable publication date {s!r} ({exc})") from None


def decode(data: bytes, where: str) -> str:
    if not data.strip():
        raise InputError(where, "empty input")
    if b"\x00" in data[:8192]:
        raise InputError(where, "binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(where, f"not UTF-8 text (invalid byte at offset {exc.start}); re-encode it as UTF-8") from None


def make_article(*, text: str, where: str, id: str | None = None, title: str = "", url: str = "",
                 source: str = "", published=None, published_from: str = "") -> Article:
    text = text or ""
    if not text.strip():
        raise InputError(where, "no article text")
    pub = parse_date(published, where)
    aid = str(id) if id else content_id(url or text, prefix="a")
    return Article(article_id=aid, raw=text, title=title or "", url=url or "", source=source or "",
                   published=pub, published_from=published_from if pub else "", origin=where)


def html_to_article(html: str, where: str, **meta) -> Article:
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None or not (getattr(doc, "text", None) or "").strip():
        raise InputError(where, "HTML page has no extractable main text")
    pub = meta.pop("published", None)
    pub_from = "record" if pub else ""
    if not pub and getattr(doc, "date", None):
        pub, pub_from = doc.date, "html-metadata"
    return make_article(text=doc.text, where=where, title=meta.pop("title", "") or doc.title or "",
                        url=meta.pop("url", "") or doc.url or "", source=meta.pop("source", "") or doc.sitename or "",
                        published=pub, published_from=pub_from, **meta)


def record_to_article(rec: dict, where: str) -> Article:
    if not isinstance(rec, dict):
        raise InputError(where, "JSONL record is not an object")
    text, html = rec.get("text"), rec.get("html")
    meta = {k: rec.get(k) or "" for k in ("title", "url", "source")}
    if html and not text:
        return html_to_article(html, where, id=rec.get("id"), published=rec.get("published"), **meta)
    if not text:
        raise InputError(where, "record has neither 'text' nor 'html'")
    pub = rec.get("published")
    return make_article(text=text, where=where, id=rec.get("id"), published=pub,
                        published_from="record" if pub else "", **meta)


def read_jsonl(stream: Iterable[str], where: str, first_line: int = 1) -> Iterator[Article | InputError]:
    for n, line in enumerate(stream, first_line):
        if not line.strip():
            continue
        loc = f"{where}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(loc, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        try:
            yield record_to_article(rec, loc)
        except InputError as err:
            yield err


def read_feed(data: str, where: str) -> Iterator[Article | InputError]:
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        problem = f"not a feed ({feed.bozo_exception})" if feed.bozo else "feed has no entries"
        yield InputError(where, problem)
        return
    for i, e in enumerate(feed.entries, 1):
        loc = f"{where}#entry{i}"
        body = ""
        if e.get("content"):
            body = e["content"][0].get("value", "")
        body = body or e.get("summary", "")
        pub = None
        if e.get("published_parsed") or e.get("updated_parsed"):
            t = e.get("published_parsed") or e.get("updated_parsed")
            pub = date(t.tm_year, t.tm_mon, t.tm_mday)
        meta = {"title": e.get("title", ""), "url": e.get("link", ""), "source": feed.feed.get("title", "")}
        try:
            if "<" in body and ">" in body:
                yield html_to_article(f"<html><body><article>{body}</article></body></html>", loc,
                                      id=e.get("id"), published=pub, **meta)
            else:
                yield make_article(text=body, where=loc, id=e.get("id"), published=pub,
                                   published_from="feed" if pub else "", **meta)
        except InputError as err:
            yield err


def sniff_kind(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    head = text.lstrip()[:500].lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in FEED_SUFFIXES or head.startswith("<?xml") and ("<rss" in head or "<feed" in head):
        return "feed"
    if suffix in HTML_SUFFIXES or head.startswith(("<!doctype html", "<html")):
        return "html"
    return "text"


def load_manifest(directory: Path) -> dict[str, dict]:
    path = directory / MANIFEST_NAME
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            if "file" in rec:
                out[rec["file"]] = rec
    return out


def read_jsonl_file(path: Path) -> Iterator[Article | InputError]:
    """A JSONL file read line by line, so that memory does not grow with the file; each line's
    problems (bad UTF-8, bad JSON, too long) are its own."""
    where = str(path)
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield InputError(where, f"cannot read ({exc.strerror or exc})")
        return
    with fh:
        for n, raw in enumerate(fh, 1):
            yield from jsonl_line(raw, where, n)


def jsonl_line(raw: bytes, where: str, n: int) -> Iterator[Article | InputError]:
    """Line ``n`` of the JSONL file ``where``, as read from disk: its article, or what is wrong with it."""
    loc = f"{where}:{n}"
    if len(raw) > MAX_BYTES:
        yield InputError(loc, f"record too large ({len(raw)} bytes > {MAX_BYTES})")
        return
    if not raw.strip():
        return
    try:
        line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        yield InputError(loc, f"not UTF-8 text (invalid byte at offset {exc.start}); re-encode it as UTF-8")
        return
    yield from read_jsonl([line], where, first_line=n)


def read_parquet_file(path: Path) -> Iterator[Article | InputError]:
    """A Parquet file of records with the JSONL fields (``id``, ``title``, ``text`` or ``html``, ...),
    read a row group at a time.  Needs pyarrow (``pip install conflictlens[scale]``)."""
    where = str(path)
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield InputError(where, "reading Parquet needs pyarrow: pip install 'conflictlens[scale]'")
        return
    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several kinds for a file that is not Parquet
        yield InputError(where, f"not a readable Parquet file ({exc})")
        return
    n = 0
    for batch in pf.iter_batches(batch_size=PARQUET_BATCH_ROWS):
        for rec in batch.to_pylist():
            n += 1
            try:
                yield record_to_article(rec, f"{where}:row{n}")
            except InputError as err:
                yield err


def read_file(path: Path, manifest: dict | None = None) -> Iterator[Article | InputError]:
    where = str(path)
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from read_jsonl_file(path)
        return
    if path.suffix.lower() in PARQUET_SUFFIXES:
        yield from read_parquet_file(path)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(where, f"cannot read ({exc.strerror or exc})")
        return
    if len(data) > MAX_BYTES:
        yield InputError(where, f"file too large ({len(data)} bytes > {MAX_BYTES})")
        return
    try:
        text = decode(data, where)
    except InputError as err:
        yield err
        return
    kind = sniff_kind(path, text)
    meta = (manifest or {}).get(path.name, {})
    try:
        if kind == "jsonl":
            yield from read_jsonl(io.StringIO(text), where)
        elif kind == "feed":
            yield from read_feed(text, where)
        elif kind == "html":
            yield html_to_article(text, where, id=meta.get("id"), published=meta.get("published"))
        else:
            pub = meta.get("published")
            yield make_article(text=text, where=where, id=meta.get("id"), published=pub,
                               published_from="manifest" if pub else "", source=meta.get("source", ""),
                               url=meta.get("url", ""))
    except InputError as err:
        yield err


def iter_paths(paths: Iterable[str | Path]) -> Iterator[tuple[Path, dict]]:
    """Expand directories recursively (sorted, so runs are reproducible)."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            manifests: dict[Path, dict] = {}
            for f in sorted(q for q in p.rglob("*") if q.is_file()):
                if f.name == MANIFEST_NAME or f.name.startswith("."):
                    continue
                if f.parent not in manifests:
                    manifests[f.parent] = load_manifest(f.parent)
                yield f, manifests[f.parent]
        else:
            yield p, load_manifest(p.parent) if p.parent.exists() else {}


def read_inputs(paths: Iterable[str | Path], published: date | None = None) -> Iterator[Article | InputError]:
    """Read every input; ``published`` (the --published option) fills in missing publication dates."""
    for item in _read_all(paths):
        if isinstance(item, Article) and item.published is None and published is not None:
            item.published, item.published_from = published, "option"
        yield item


def _read_all(paths: Iterable[str | Path]) -> Iterator[Article | InputError]:
    for p in paths:
        if str(p) == "-":
            yield from read_jsonl(sys.stdin, "stdin")
            continue
        if not Path(p).exists():
            yield InputError(str(p), "no such file or directory")
            continue
        for f, manifest in iter_paths([p]):
            yield from read_file(f, manifest)
