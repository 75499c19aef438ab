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
from datetime import date
from pathlib import Path

from .errors import InputError
from .models import Article
from .pipeline.watchdog import Interrupted, budget
from .records import READ_SECONDS, check_string, html_to_article, kind_of, make_article, parse_date, record_to_article

__all__ = ["read_inputs", "read_file", "read_jsonl", "jsonl_line", "iter_paths", "walk", "make_article",
           "record_to_article", "html_to_article", "parse_date", "check_string", "sniff", "decode"]

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
MANIFEST_NAME = "manifest.jsonl"
PARQUET_SUFFIXES = {".parquet", ".pq"}
MAX_BYTES = 20_000_000  # one article (or one non-JSONL file) larger than this is not news text
PARQUET_BATCH_ROWS = 1000  # rows decoded at a time: memory stays flat however large the file
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
# Text without a byte-order mark in which this share of the byte pairs are a printable ASCII
# character and a NUL is UTF-16 (English or markup), if there are enough bytes to tell.
UTF16_ASCII_SHARE = 0.6
UTF16_MIN_BYTES = 16
_SPECIAL_KINDS = ((stat.S_ISFIFO, "a FIFO, a named pipe"), (stat.S_ISSOCK, "a socket"),
                  (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a directory"))


def sniff(head: bytes, binary: bool = True) -> str | None:
    """What is wrong with a file that begins with ``head`` for a text reader, or None; with
    ``binary`` False a stray NUL byte is left to the line it is in (a JSONL file goes on)."""
    for magic, problem in SIGNATURES:
        if head.startswith(magic) and (magic != b"BZh" or head[3:4].isdigit()):
            return problem
    if b"\x00" not in head:
        return None
    if len(head) >= UTF16_MIN_BYTES and _looks_utf16(head):
        return "UTF-16 text without a byte-order mark: re-encode it as UTF-8 (iconv -f UTF-16 -t UTF-8 FILE)"
    return "binary file (NUL bytes), not text" if binary else None


def _looks_utf16(head: bytes) -> bool:
    """ASCII-heavy UTF-16 without a byte-order mark: one byte of each pair NUL, the other printable."""
    for nul, char in ((1, 0), (0, 1)):  # little-endian, big-endian
        pairs = [(head[i + char], head[i + nul]) for i in range(0, len(head) - 1, 2)]
        printable = sum(1 for c, z in pairs if z == 0 and (32 <= c < 127 or c in (9, 10, 13)))
        if printable >= UTF16_ASCII_SHARE * len(pairs):
            return True
    return False


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
    for n, (raw, size) in enumerate(bounded_lines(fh, MAX_BYTES), 1):
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
    kind = sniffkind_of(path, text)
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


def sniffkind_of(path: Path, text: str) -> str:
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
                    raise InputError(loc, f"manifest line is {kind_of(rec)}, not an object")
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
