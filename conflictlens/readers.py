"""Inputs -> ``Article`` records.

Plain text, HTML pages (main text by trafilatura), RSS/Atom feeds (feedparser),
JSONL of ``{"id", "title", "text" | "html", "url", "source", "published"}`` and
Parquet files of the same fields.  JSONL and Parquet are streamed (a line or a
row group at a time), so a corpus of any size reads in constant memory.
A directory is read recursively; ``-`` reads JSONL from standard input.  A
``manifest.jsonl`` beside text files (``{"id", "file", "published"}``) supplies
their ids and publication dates, as in ../shared/seeds.

Every problem becomes an ``InputError`` naming the input (the file, and the line, row or feed
entry); readers yield it in place of the article so that the batch goes on: a record of the wrong
shape (``"text": 12345``, ``NaN``, nesting thousands deep, an unpaired surrogate), a compressed or
UTF-16 file, a FIFO or a dangling link in a directory, a file over MAX_BYTES (refused before it is
read) or a line over it (skipped without holding it in memory).  Readers never raise.
"""

from __future__ import annotations

import io
import json
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

from .errors import InputError
from .models import Article, content_id
from .pipeline import ARTICLE_SECONDS
from .pipeline.watchdog import Interrupted, budget

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
MANIFEST_NAME = "manifest.jsonl"
PARQUET_SUFFIXES = {".parquet", ".pq"}
MAX_BYTES = 20_000_000  # one article (or one non-JSONL file) larger than this is not news text
PARQUET_BATCH_ROWS = 1000  # rows decoded at a time: memory stays flat however large the file
READ_SECONDS = ARTICLE_SECONDS  # an HTML page or a feed parsed for longer than an article may take is skipped
SNIFF_BYTES = 8192  # how much of a file tells binary from text
# What a file's first bytes say it is when it is not UTF-8 text, and what to do about it.
SIGNATURES = (
    (b"\x1f\x8b", "gzip-compressed, not text: decompress it first (gunzip FILE)"),
    (b"BZh", "bzip2-compressed, not text: decompress it first (bunzip2 FILE)"),
    (b"\xfd7zXZ\x00", "xz-compressed, not text: decompress it first (unxz FILE)"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed, not text: decompress it first (unzstd FILE)"),
    (b"PK\x03\x04", "a ZIP archive, not text: extract its files first (unzip FILE)"),
    (b"%PDF-", "a PDF document, not text: extract its text first (e.g. pdftotext FILE)"),
    (b"\xff\xfe\x00\x00", "UTF-32 text: re-encode it as UTF-8 (iconv -f UTF-32 -t UTF-8 FILE)"),
    (b"\x00\x00\xfe\xff", "UTF-32 text: re-encode it as UTF-8 (iconv -f UTF-32 -t UTF-8 FILE)"),
    (b"\xff\xfe", "UTF-16 text: re-encode it as UTF-8 (iconv -f UTF-16 -t UTF-8 FILE)"),
    (b"\xfe\xff", "UTF-16 text: re-encode it as UTF-8 (iconv -f UTF-16 -t UTF-8 FILE)"),
)
# Text without a byte-order mark in which this share of the even or odd bytes is NUL (and nearly
# none of the others) is UTF-16, if there are enough bytes to tell.
UTF16_NUL_SHARE = 0.3
UTF16_MIN_BYTES = 16
STRING_FIELDS = ("title", "url", "source")  # besides "text" and "html"
_SPECIAL_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
                  (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a directory"))


def parse_date(value, where: str) -> date | None:
    """ISO dates and datetimes, or None for empty; an unreadable value is an error."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value if not isinstance(value, datetime) else value.date()
    if not isinstance(value, str):
        raise InputError(where, f"'published' must be a date string such as \"2015-03-08\", not {_kind(value)}")
    s = value.strip()
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        pass
    from dateutil import parser as du

    try:
        return du.parse(s, dayfirst=False).date()
    except (ValueError, OverflowError) as exc:
        raise InputError(where, f"unreadable publication date {s[:80]!r} ({exc})") from None


def _kind(value) -> str:
    """How a JSON value of the wrong type is named in a message."""
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, float) and value != value:
        return "NaN"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    return {dict: "an object", list: "a list"}.get(type(value), type(value).__name__)


def check_string(value, field: str, where: str) -> str:
    """``value`` as a field's string: None is empty; another type, or text that is not valid
    Unicode (an unpaired surrogate such as ``\\ud800`` from a JSON escape), is an error."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(where, f"'{field}' must be a string, not {_kind(value)}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(where, f"'{field}' holds an unpaired surrogate (\\u{ord(value[exc.start]):04x}) at character "
                                f"{exc.start}: not valid Unicode") from None
    return value


def sniff(head: bytes, binary: bool = True) -> str | None:
    """What is wrong with a file that begins with ``head`` for a text reader, or None; with
    ``binary`` False a stray NUL byte is left to the line it is in (a JSONL file goes on)."""
    for magic, problem in SIGNATURES:
        if head.startswith(magic) and (magic != b"BZh" or head[3:4].isdigit()):
            return problem
    if b"\x00" not in head:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if (len(head) >= UTF16_MIN_BYTES and max(even, odd) >= UTF16_NUL_SHARE * len(head) / 2
            and min(even, odd) * 10 < max(even, odd)):
        return "UTF-16 text without a byte-order mark: re-encode it as UTF-8 (iconv -f UTF-16 -t UTF-8 FILE)"
    return "binary file (NUL bytes), not text" if binary else None


def decode(data: bytes, where: str) -> str:
    if not data.strip():
        raise InputError(where, "empty input")
    problem = sniff(data[:SNIFF_BYTES])
    if problem:
        raise InputError(where, problem)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(where, f"not UTF-8 text (invalid byte at offset {exc.start}); re-encode it as UTF-8") from None


def make_article(*, text: str, where: str, id: str | None = None, title: str = "", url: str = "",
                 source: str = "", published=None, published_from: str = "") -> Article:
    text = check_string(text, "text", where)
    if not text.strip():
        raise InputError(where, "no article text")
    title, url, source = (check_string(v, k, where) for k, v in (("title", title), ("url", url), ("source", source)))
    pub = parse_date(published, where)
    aid = _record_id(id, where) or content_id(url or text, prefix="a")
    return Article(article_id=aid, raw=text, title=title, url=url, source=source,
                   published=pub, published_from=published_from if pub else "", origin=where)


def _record_id(value, where: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return check_string(value, "id", where)


def html_to_article(html: str, where: str, **meta) -> Article:
    import trafilatura

    try:
        with budget(READ_SECONDS):
            doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                              include_tables=False, favor_precision=True)
    except RecursionError:
        raise InputError(where, "HTML page nests its elements too deeply to read") from None
    except Interrupted:
        raise InputError(where, f"HTML page took longer than {READ_SECONDS:g} s to read; skipped") from None
    if doc is None or not (getattr(doc, "text", None) or "").strip():
        raise InputError(where, "HTML page has no extractable main text")
    pub = meta.pop("published", None)
    pub_from = "record" if pub else ""
    if not pub and getattr(doc, "date", None):
        pub, pub_from = doc.date, "html-metadata"
    return make_article(text=doc.text, where=where, title=meta.pop("title", "") or doc.title or "",
                        url=meta.pop("url", "") or doc.url or "", source=meta.pop("source", "") or doc.sitename or "",
                        published=pub, published_from=pub_from, **meta)


def record_to_article(rec, where: str) -> Article:
    """A JSONL record or Parquet row as an article; every field of the wrong type is an error."""
    if not isinstance(rec, dict):
        raise InputError(where, f"JSONL record is {_kind(rec)}, not an object")
    text, html = check_string(rec.get("text"), "text", where), check_string(rec.get("html"), "html", where)
    meta = {k: check_string(rec.get(k), k, where) for k in STRING_FIELDS}
    rid = _record_id(rec.get("id"), where)
    if html and not text:
        return html_to_article(html, where, id=rid, published=rec.get("published"), **meta)
    if not text:
        raise InputError(where, "record has neither 'text' nor 'html'")
    pub = rec.get("published")
    return make_article(text=text, where=where, id=rid, published=pub, published_from="record" if pub else "", **meta)


def _guarded(where: str, read: Callable[[], Article]) -> Article | InputError:
    """``read()``'s article, or what went wrong as an error naming ``where``: the batch goes on
    whatever one input does (the parsers raise many kinds of errors on hostile input)."""
    try:
        return read()
    except InputError as err:
        return err
    except RecursionError:
        return InputError(where, "nests too deeply to read")
    except Exception as exc:  # noqa: BLE001  (trafilatura, feedparser, pyarrow: anything)
        return InputError(where, f"could not be read ({type(exc).__name__}: {str(exc)[:200]})")


def parse_record(line: str, loc: str) -> Article | InputError:
    """One JSON line as an article, or its problem."""
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(loc, f"malformed JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return InputError(loc, "malformed JSON: nested too deeply")
    return _guarded(loc, lambda: record_to_article(rec, loc))


def read_jsonl(stream: Iterable[str], where: str, first_line: int = 1) -> Iterator[Article | InputError]:
    for n, line in enumerate(stream, first_line):
        if line.strip():
            yield parse_record(line, f"{where}:{n}")


def bounded_lines(fh, limit: int = MAX_BYTES) -> Iterator[tuple[bytes | None, int]]:
    """The lines of a binary stream as (bytes, length); a line longer than ``limit`` is (None, length),
    read past in chunks rather than held in memory."""
    while True:
        raw = fh.readline(limit + 1)
        if not raw:
            return
        if len(raw) <= limit or raw.endswith(b"\n"):
            yield raw, len(raw)
            continue
        size = len(raw)
        while True:
            chunk = fh.readline(1 << 20)
            size += len(chunk)
            if not chunk or chunk.endswith(b"\n"):
                break
        yield None, size


def read_jsonl_stream(fh, where: str) -> Iterator[Article | InputError]:
    """JSONL from a binary stream (a file, standard input), line by line."""
    head = fh.peek(SNIFF_BYTES)[:SNIFF_BYTES] if hasattr(fh, "peek") else b""
    problem = sniff(head, binary=False)
    if problem:
        yield InputError(where, problem)
        return
    for n, (raw, size) in enumerate(bounded_lines(fh), 1):
        if raw is None:
            yield InputError(f"{where}:{n}", f"record too large ({size} bytes > {MAX_BYTES})")
        else:
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
    yield parse_record(line, loc)


def open_regular(path: Path):
    """``path`` opened for reading as a binary file, and its size; anything but a regular file (a
    FIFO would block the reader for ever, a device never ends) is an ``InputError``."""
    where = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if path.is_symlink() and not path.exists():
            raise InputError(where, f"dangling symbolic link (to {os.readlink(path)}); skipped") from None
        raise InputError(where, f"cannot read ({exc.strerror or exc})") from None
    try:
        st = os.fstat(fd)
        for test, kind in _SPECIAL_KINDS:
            if test(st.st_mode):
                raise InputError(where, f"not a regular file ({kind}); skipped: to read a stream, pipe it to "
                                        "standard input and give '-'")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb"), st.st_size
    except BaseException:
        os.close(fd)
        raise


def read_jsonl_file(path: Path) -> Iterator[Article | InputError]:
    """A JSONL file read line by line, so that memory does not grow with the file; each line's
    problems (bad UTF-8, bad JSON, too long) are its own."""
    try:
        fh, _size = open_regular(path)
    except InputError as err:
        yield err
        return
    with fh:
        yield from read_jsonl_stream(fh, str(path))


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
        open_regular(path)[0].close()
        pf = pq.ParquetFile(path)
    except InputError as err:
        yield err
        return
    except Exception as exc:  # pyarrow raises several kinds for a file that is not Parquet
        yield InputError(where, f"not a readable Parquet file ({exc})")
        return
    n = 0
    for group in range(pf.num_row_groups):
        try:
            for batch in pf.iter_batches(batch_size=PARQUET_BATCH_ROWS, row_groups=[group]):
                for rec in batch.to_pylist():
                    n += 1
                    loc = f"{where}:row{n}"
                    yield _guarded(loc, lambda rec=rec, loc=loc: record_to_article(rec, loc))
        except Exception as exc:  # noqa: BLE001  (a damaged row group: the others are still read)
            yield InputError(f"{where}:group{group}", f"unreadable row group ({type(exc).__name__}: {str(exc)[:200]})")


def read_file(path: Path, manifest: dict | None = None) -> Iterator[Article | InputError]:
    where = str(path)
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from read_jsonl_file(path)
        return
    if path.suffix.lower() in PARQUET_SUFFIXES:
        yield from read_parquet_file(path)
        return
    try:
        fh, size = open_regular(path)
        with fh:
            if size > MAX_BYTES:  # said before a byte is read
                raise InputError(where, f"file too large ({size} bytes > {MAX_BYTES})")
            data = fh.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InputError(where, f"file too large (over {MAX_BYTES} bytes)")
        text = decode(data, where)
    except InputError as err:
        yield err
        return
    except OSError as exc:
        yield InputError(where, f"cannot read ({exc.strerror or exc})")
        return
    kind = sniff_kind(path, text)
    meta = (manifest or {}).get(path.name, {})
    if kind == "jsonl":
        yield from read_jsonl(io.StringIO(text), where)
    elif kind == "feed":
        yield from read_feed(text, where)
    elif kind == "html":
        yield _guarded(where, lambda: html_to_article(text, where, id=meta.get("id"), published=meta.get("published")))
    else:
        pub = meta.get("published")
        yield _guarded(where, lambda: make_article(text=text, where=where, id=meta.get("id"), published=pub,
                                                   published_from="manifest" if pub else "",
                                                   source=meta.get("source", ""), url=meta.get("url", "")))


def read_feed(data: str, where: str) -> Iterator[Article | InputError]:
    try:
        import feedparser

        with budget(READ_SECONDS):
            feed = feedparser.parse(data)
        entries = list(feed.entries)
    except Interrupted:
        yield InputError(where, f"feed took longer than {READ_SECONDS:g} s to read; skipped")
        return
    except Exception as exc:  # noqa: BLE001  (feedparser on hostile XML)
        yield InputError(where, f"not a readable feed ({type(exc).__name__}: {str(exc)[:200]})")
        return
    if not entries:
        problem = f"not a feed ({feed.bozo_exception})" if feed.bozo else "feed has no entries"
        yield InputError(where, problem)
        return
    channel = feed.feed.get("title", "")
    for i, e in enumerate(entries, 1):
        loc = f"{where}#entry{i}"
        yield _guarded(loc, lambda e=e, loc=loc: _entry_article(e, loc, channel))


def _entry_article(e, loc: str, channel: str) -> Article:
    body = ""
    if e.get("content"):
        body = e["content"][0].get("value", "")
    body = body or e.get("summary", "")
    pub = None
    t = e.get("published_parsed") or e.get("updated_parsed")
    if t:
        pub = date(t.tm_year, t.tm_mon, t.tm_mday)
    meta = {"title": e.get("title", ""), "url": e.get("link", ""), "source": channel}
    if "<" in body and ">" in body:
        return html_to_article(f"<html><body><article>{body}</article></body></html>", loc,
                               id=e.get("id"), published=pub, **meta)
    return make_article(text=body, where=loc, id=e.get("id"), published=pub, published_from="feed" if pub else "", **meta)


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


def load_manifest(directory: Path, errors: list[InputError] | None = None) -> dict[str, dict]:
    """The ``manifest.jsonl`` of ``directory`` (file name -> record); its bad lines go to ``errors``."""
    path = directory / MANIFEST_NAME
    if not path.is_file():
        return {}
    out: dict[str, dict] = {}
    for item in read_jsonl_file_records(path):
        if isinstance(item, InputError):
            if errors is not None:
                errors.append(item)
        elif isinstance(item.get("file"), str):
            out[item["file"]] = item
    return out


def read_jsonl_file_records(path: Path) -> Iterator[dict | InputError]:
    """The JSON objects of a small JSONL file such as a manifest, or what is wrong with each line."""
    try:
        fh, _size = open_regular(path)
    except InputError as err:
        yield err
        return
    with fh:
        for n, (raw, size) in enumerate(bounded_lines(fh), 1):
            loc = f"{path}:{n}"
            try:
                if raw is None:
                    raise InputError(loc, f"line too large ({size} bytes)")
                if not raw.strip():
                    continue
                rec = json.loads(raw.decode("utf-8-sig"))
                if not isinstance(rec, dict):
                    raise InputError(loc, f"manifest line is {_kind(rec)}, not an object")
                yield rec
            except InputError as err:
                yield err
            except (ValueError, RecursionError) as exc:  # bad UTF-8 or JSON
                yield InputError(loc, f"unreadable manifest line ({str(exc)[:120]})")


def walk(root: Path) -> Iterator[Path | InputError]:
    """The files under ``root``, recursively and sorted (so runs are reproducible), hidden files and
    manifests left out; a special file or dangling link is an ``InputError`` saying it is skipped.
    Links to directories are followed, each directory once (a link loop ends)."""
    found: list[tuple[str, Path | InputError]] = []
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        d = stack.pop()
        try:
            st = d.stat()
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(d) as it:
                entries = list(it)
        except OSError as exc:
            found.append((str(d), InputError(str(d), f"cannot list directory ({exc.strerror or exc})")))
            continue
        for e in entries:
            p = Path(e.path)
            try:
                if e.is_dir():
                    stack.append(p)
                    continue
                if e.name.startswith(".") or e.name == MANIFEST_NAME:
                    continue
                if e.is_file():
                    found.append((e.path, p))
                elif e.is_symlink() and not p.exists():
                    found.append((e.path, InputError(e.path, f"dangling symbolic link (to {os.readlink(p)}); skipped")))
                else:
                    kind = next((k for test, k in _SPECIAL_KINDS if test(e.stat().st_mode)), "a special file")
                    found.append((e.path, InputError(e.path, f"not a regular file ({kind}); skipped")))
            except OSError as exc:
                found.append((e.path, InputError(e.path, f"cannot read ({exc.strerror or exc})")))
    for _key, item in sorted(found, key=lambda kv: Path(kv[0])):
        yield item


def iter_paths(paths: Iterable[str | Path]) -> Iterator[tuple[Path, dict]]:
    """Expand directories recursively (sorted, so runs are reproducible): each readable file with
    its directory's manifest (what cannot be read is left to ``read_inputs`` to report)."""
    for item in _expand(paths):
        if not isinstance(item, InputError):
            yield item


def _expand(paths: Iterable[str | Path]) -> Iterator[tuple[Path, dict] | InputError]:
    for p in paths:
        p = Path(p)
        if not p.is_dir():
            errors: list[InputError] = []
            manifest = load_manifest(p.parent, errors) if p.parent.is_dir() else {}
            yield from errors
            yield p, manifest
            continue
        manifests: dict[Path, dict] = {}
        for f in walk(p):
            if isinstance(f, InputError):
                yield f
                continue
            if f.parent not in manifests:
                errors = []
                manifests[f.parent] = load_manifest(f.parent, errors)
                yield from errors
            yield f, manifests[f.parent]


def read_inputs(paths: Iterable[str | Path], published: date | None = None) -> Iterator[Article | InputError]:
    """Read every input; ``published`` (the --published option) fills in missing publication dates."""
    for item in _read_all(paths):
        if isinstance(item, Article) and item.published is None and published is not None:
            item.published, item.published_from = published, "option"
        yield item


def _read_all(paths: Iterable[str | Path]) -> Iterator[Article | InputError]:
    for p in paths:
        if str(p) == "-":
            raw = getattr(sys.stdin, "buffer", None)
            yield from read_jsonl_stream(raw, "stdin") if raw is not None else read_jsonl(sys.stdin, "stdin")
            continue
        if not Path(p).exists() and not Path(p).is_symlink():
            yield InputError(str(p), "no such file or directory")
            continue
        for item in _expand([p]):
            if isinstance(item, InputError):
                yield item
            else:
                yield from read_file(*item)
