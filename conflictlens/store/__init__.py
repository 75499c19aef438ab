"""The embedded database: SQLite, WAL mode, versioned schema, idempotent writes.

Rows here are storage records, not pipeline records: ``save_article`` turns an
extracted ``Article`` into rows in one transaction (all or nothing), and
``events`` turns rows back into ``Event`` objects.  Ids come from content, and
every write is an upsert, so ingesting the same article twice changes nothing.

Several processes may write one database at once (two ingests, ``serve`` taking POSTs, ``scale``):
every write transaction is ``Store.write()``, which takes the write lock at its start (BEGIN
IMMEDIATE, so a writer queues rather than failing when its reads turn into writes), waits for it
BUSY_TIMEOUT_SECONDS at a time and retries until WRITE_WAIT_SECONDS have passed; and what a
connection keeps parsed in memory is dropped when another one has committed since
(``PRAGMA data_version``).  Readers never wait (WAL).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import DatabaseBusy, RecordRejected, StoreError
from ..models import Article, CanonicalEvent, Event, Statistic
from .corrections import Correction, CorrectionTables  # noqa: F401  (Correction: part of the store's API)
from .links import LinkTables
from .views import Views
from .schema import ALL_SCHEMA, EVENT_COLUMNS, RELINK_TABLES, SCHEMA_VERSION

@dataclass(frozen=True, slots=True)
class EventQuery:
    """Filters for ``Store.events`` (all optional; text matches the evidence and the fields)."""

    date_from: date | None = None
    date_to: date | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    admin1: str | None = None
    country: str | None = None
    text: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    min_sources: int | None = None  # canonical events only
    min_confidence: float | None = None  # events whose extraction confidence is at least this
    include_rejected: bool = False  # canonical events an analyst rejected are left out unless this
    story_id: str | None = None  # canonical events of one story (the story of their first article)
    sort: str = "event_date"  # a SORTABLE column, "-" first for descending
    limit: int | None = None
    offset: int = 0


# How long one attempt to take the write lock waits (SQLite's busy handler), and how long a writer
# goes on retrying in all: another writer holds the lock for one article at a time (milliseconds),
# scale's load for the whole corpus (minutes).
BUSY_TIMEOUT_SECONDS = 30.0
WRITE_WAIT_SECONDS = 1800.0
RETRY_PAUSE_SECONDS = 0.05  # the first pause between attempts; doubled up to 1 s
# What sqlite refuses in one article's values (the database is fine, the batch goes on)
_RECORD_ERRORS = (sqlite3.InterfaceError, sqlite3.DataError, sqlite3.IntegrityError, OverflowError, ValueError)


def _busy(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _like(text: str) -> str:
    """``%text%`` for a LIKE ... ESCAPE '\\' filter, the user's own ``%`` and ``_`` taken literally."""
    text = text.replace("\x00", "")  # (SQLite reads a NUL as the end of the pattern)
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# columns results can be ordered by (the API's ``sort``); ties are broken by id
SORTABLE = ("event_date", "fatalities", "n_sources", "event_type", "admin1", "country", "location", "actor1",
            "confidence")


def _fts_phrase(text: str) -> str:
    """The user's words as one FTS5 phrase (quotes doubled), so no word is read as an operator."""
    return '"' + text.replace("\x00", "").replace('"', '""') + '"'  # (SQLite reads a NUL as the end of the query)


@dataclass(frozen=True, slots=True)
class SaveResult:
    article_id: str
    status: str  # "new" | "unchanged" | "updated"
    events: int
    # an updated article's former neighbours (events it was merged with, articles in its story),
    # whose clusters must be redone without it
    former_events: tuple[str, ...] = ()
    former_articles: tuple[str, ...] = ()


# Reads map the database file into memory up to this size (the API's queries over a million
# events stay in the page cache); a writer such as ``ingest`` passes 0, because mapped pages
# count as its resident memory, which would then grow with the database.
MMAP_BYTES = 268_435_456


class Store(LinkTables, CorrectionTables, Views):
    def __init__(self, path: str | Path = "conflictlens.db", mmap_bytes: int = MMAP_BYTES):
        self.path = Path(path)
        self._parsed, self._written = {}, {}
        self._depth = 0  # write() blocks open
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_SECONDS)
            self.db.row_factory = sqlite3.Row
            self._wal()
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA cache_size=-65536")  # 64 MiB of pages: the canonical indexes of ~1M events
            self.db.execute(f"PRAGMA mmap_size={int(mmap_bytes)}")
            self._data_version = self.db.execute("PRAGMA data_version").fetchone()[0]
            self._migrate()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from None

    def _wal(self) -> None:
        """Write-ahead logging, set once per database.  Switching a new database to it needs the file
        to itself, and SQLite answers "database is locked" at once (its busy handler is not asked) when
        another process opens the same new file at that moment: so the switch is retried as a write is."""
        pause, waited = RETRY_PAUSE_SECONDS, 0.0
        while True:
            try:
                if self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    self.db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if not _busy(exc) or waited >= WRITE_WAIT_SECONDS:
                    raise
            time.sleep(pause)
            waited += pause
            pause = min(1.0, pause * 2)

    def _schema_version(self) -> int | None:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        except sqlite3.OperationalError:  # no meta table: a new database
            return None
        return int(row[0]) if row else None

    def _migrate(self) -> None:
        version = self._schema_version()
        if version == SCHEMA_VERSION:
            return  # (a reader opening the database takes no lock)
        if version is not None and version > SCHEMA_VERSION:
            raise StoreError(f"database {self.path} has schema {version}, newer than this conflictlens "
                             f"({SCHEMA_VERSION}); upgrade conflictlens")
        with self.write():  # another process may be creating or upgrading it at the same moment
            version = self._schema_version()
            if version == SCHEMA_VERSION:
                return
            if version is not None and version < SCHEMA_VERSION:
                # linking's tables changed: drop them; ``unlinked_articles`` then links every article again
                for t in RELINK_TABLES:
                    self.db.execute(f"DROP TABLE IF EXISTS {t}")
            for statement in _statements(ALL_SCHEMA):
                self.db.execute(statement)
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    @contextmanager
    def write(self):
        """One write transaction: all of it or nothing.  The write lock is taken at the start and
        waited for (BUSY_TIMEOUT_SECONDS a try, retried up to WRITE_WAIT_SECONDS), so concurrent
        writers take turns; inside another ``write()`` it is a savepoint of that one (undone alone if
        it fails), and a transaction already open on the connection is carried on and committed."""
        if self._depth:  # a savepoint: what fails in it is undone, the outer transaction goes on
            self._depth += 1
            name = f"w{self._depth}"
            self.db.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                self.db.execute(f"ROLLBACK TO {name}")
                self.db.execute(f"RELEASE {name}")
                raise
            finally:
                self._depth -= 1
            self.db.execute(f"RELEASE {name}")
            return
        if not self.db.in_transaction:
            self._begin()
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self.db.rollback()
            raise
        self._depth = 0
        self.db.commit()

    def _begin(self) -> None:
        deadline, pause = time.monotonic() + WRITE_WAIT_SECONDS, RETRY_PAUSE_SECONDS
        while True:
            try:
                self.db.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as exc:
                if not _busy(exc):
                    raise
                if time.monotonic() > deadline:
                    raise DatabaseBusy(f"database {self.path} stayed locked by another writer for "
                                       f"{WRITE_WAIT_SECONDS:g} s; try again when it has finished") from None
                time.sleep(pause)
                pause = min(1.0, pause * 2)
        self.fresh()

    def fresh(self) -> None:
        """Forget what is kept parsed if another connection has committed since it was read."""
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version:
            self._data_version = version
            self._parsed.clear()
            self._written.clear()

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- writes ----------------------------------------------------------------
    def save_article(self, article: Article) -> SaveResult:
        """Store an extracted article with its events and statistics in one transaction."""
        from ..models import content_id

        chash = content_id(article.text, article.published.isoformat() if article.published else "", length=40)
        try:
            with self.write():  # one transaction: all rows or none
                return self._save_article(article, chash)
        except _RECORD_ERRORS as exc:
            raise RecordRejected(f"{article.origin or article.article_id}: the database refused the article "
                                 f"({type(exc).__name__}: {exc})") from None

    def _save_article(self, article: Article, chash: str) -> SaveResult:
        old = self.db.execute("SELECT content_hash FROM articles WHERE article_id=?", (article.article_id,)).fetchone()
        if old is not None and old[0] == chash:
            return SaveResult(article.article_id, "unchanged", 0)
        former_events, former_articles = self.neighbours_of_article(article.article_id) if old else ((), ())
        if old is not None:
            self._parsed.clear()  # its reports and vector are about to change
        self.db.execute("DELETE FROM events WHERE article_id=?", (article.article_id,))
        self.db.execute("DELETE FROM article_links WHERE a=? OR b=?", (article.article_id, article.article_id))
        self.db.execute("DELETE FROM article_vectors WHERE article_id=?", (article.article_id,))  # = not linked
        self.db.execute("DELETE FROM statistics WHERE article_id=?", (article.article_id,))
        self.db.execute(
            "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(article_id) DO UPDATE SET "
            "title=excluded.title, url=excluded.url, source=excluded.source, original_source=excluded.original_source,"
            "published=excluded.published, published_from=excluded.published_from, origin=excluded.origin,"
            "text=excluded.text, content_hash=excluded.content_hash, country_hint=excluded.country_hint",
            (article.article_id, article.title, article.url, article.source, article.original_source,
             article.published.isoformat() if article.published else None, article.published_from,
             article.origin, article.text, chash, article.country_hint))
        self.db.executemany(f"INSERT OR REPLACE INTO events VALUES ({','.join('?' * len(EVENT_COLUMNS))})",
                            [self._event_row(e) for e in article.events])
        self.db.executemany("INSERT OR REPLACE INTO statistics VALUES (?,?,?,?,?,?,?,?)",
                            [self._stat_row(s) for s in article.statistics])
        self.db.execute("DELETE FROM failures WHERE origin=?", (article.origin,))
        return SaveResult(article.article_id, "new" if old is None else "updated", len(article.events),
                          former_events, former_articles)

    def record_failure(self, origin: str, problem: str) -> None:
        from datetime import datetime, timezone

        with self.write():
            self.db.execute("INSERT OR REPLACE INTO failures VALUES (?,?,?)",
                            (origin, problem, datetime.now(timezone.utc).isoformat(timespec="seconds")))

    @staticmethod
    def _event_row(e: Event) -> tuple:
        d = e.to_dict()
        d["figures"] = json.dumps(d["figures"], ensure_ascii=False)
        d["evidence"] = json.dumps(d["evidence"], ensure_ascii=False)
        return tuple(d[c] for c in EVENT_COLUMNS)

    @staticmethod
    def _stat_row(s: Statistic) -> tuple:
        from dataclasses import asdict

        from ..models import content_id

        sid = content_id(s.article_id, str(s.evidence.start), s.kind, str(s.value), prefix="s")
        return (sid, s.article_id, s.kind, s.value, s.reported, s.period, s.source,
                json.dumps(asdict(s.evidence), ensure_ascii=False))

    # -- reads -----------------------------------------------------------------
    def events(self, q: EventQuery = EventQuery()) -> list[Event]:
        """Per-source events (each article's reports)."""
        sql, args = self._select("SELECT events.*, ec.canonical_id AS canonical_id FROM events "
                                 "LEFT JOIN event_canonical ec USING (event_id)", q)
        return [self.row_to_event(r) for r in self.db.execute(sql, args)]

    def canonical_events(self, q: EventQuery = EventQuery()) -> list[CanonicalEvent]:
        """Canonical events (one per real-world event, merged across sources), with their story."""
        # ids first (filter, sort and page over the narrow index columns), then the wide rows
        sql, args = self._select("SELECT event_id FROM canonical_events", q, canonical=True)
        ids = [r[0] for r in self.db.execute(sql, args)]
        return self.canonical_events_by_id(ids)

    def canonical_events_by_id(self, ids) -> list[CanonicalEvent]:
        """The canonical events ``ids``, in that order (unknown ids are left out)."""
        ids = list(ids)
        rows = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for r in self.db.execute("SELECT c.*, d.*, s.story_id AS story_id FROM canonical_events c "
                                     "JOIN canonical_details d USING (event_id) LEFT JOIN story_articles s "
                                     f"ON s.article_id = c.article_id WHERE c.event_id IN ({','.join('?' * len(chunk))})",
                                     chunk):
                rows[r["event_id"]] = self.row_to_canonical(r)
        out = [rows[i] for i in ids if i in rows]
        dups = self.possible_duplicate_map([c.event_id for c in out] if len(out) <= 400 else None)
        reviews = self.reviews_of([c.event_id for c in out])
        for c in out:
            c.possible_duplicates = dups.get(c.event_id, [])
            c.review = reviews.get(c.event_id, {})
        return out

    def count_canonical(self, q: EventQuery = EventQuery()) -> int:
        """How many canonical events match ``q`` (ignoring its limit and offset)."""
        sql, args = self._where(q, canonical=True)
        return self.db.execute("SELECT count(*) FROM canonical_events" + sql, args).fetchone()[0]

    @classmethod
    def _select(cls, base: str, q: EventQuery, canonical: bool = False) -> tuple[str, list]:
        where, args = cls._where(q, canonical)
        key = q.sort.lstrip("-")
        if key not in SORTABLE or (key == "n_sources" and not canonical):
            raise StoreError(f"cannot sort by {q.sort!r}; use one of {', '.join(SORTABLE)} (prefix '-' to reverse)")
        sql = f"{base}{where} ORDER BY {key} {'DESC' if q.sort.startswith('-') else 'ASC'}, event_id"
        if q.limit is not None:
            sql += f" LIMIT {int(q.limit)} OFFSET {int(q.offset)}"
        return sql, args

    @staticmethod
    def _where(q: EventQuery, canonical: bool = False) -> tuple[str, list]:
        by_iso = bool(q.country and q.country.isdigit())
        clauses = [
            (q.date_from, "event_date >= ?", 1), (q.date_to, "event_date <= ?", 1),
            (q.event_type, "event_type = ? COLLATE NOCASE", 1), (q.sub_event_type, "sub_event_type = ? COLLATE NOCASE", 1),
            (q.actor and _like(q.actor), "(actor1 LIKE ? ESCAPE '\\' OR actor2 LIKE ? ESCAPE '\\' OR "
                                         "assoc_actor_1 LIKE ? ESCAPE '\\' OR assoc_actor_2 LIKE ? ESCAPE '\\')", 4),
            (q.admin1 and _like(q.admin1), "admin1 LIKE ? ESCAPE '\\'", 1),
            (q.country, "iso = ?" if by_iso else "country = ? COLLATE NOCASE", 1),
        ]
        if q.text and canonical:  # words, through the full-text index
            clauses.append((_fts_phrase(q.text), "event_id IN (SELECT event_id FROM canonical_text WHERE "
                                                 "canonical_text MATCH ?)", 1))
        elif q.text:
            clauses.append((_like(q.text), "(evidence LIKE ? ESCAPE '\\' OR location LIKE ? ESCAPE '\\' OR "
                                           "actor1 LIKE ? ESCAPE '\\' OR actor2 LIKE ? ESCAPE '\\')", 4))
        where, args = [], []
        for value, sql, n in clauses:
            if value:
                where.append(sql)
                args += [value.isoformat() if isinstance(value, date) else value] * n
        if q.bbox:
            west, south, east, north = q.bbox
            where.append("latitude BETWEEN ? AND ?" + (" AND longitude BETWEEN ? AND ?" if west <= east
                                                       else " AND (longitude >= ? OR longitude <= ?)"))
            args += [south, north, west, east]  # west > east: the box crosses the antimeridian
        if q.min_sources and canonical:
            where.append("n_sources >= ?")
            args.append(int(q.min_sources))
        if q.min_confidence is not None:
            where.append("confidence >= ?")
            args.append(float(q.min_confidence))
        if q.story_id and canonical:
            where.append("article_id IN (SELECT article_id FROM story_articles WHERE story_id = ?)")
            args.append(q.story_id)
        if canonical and not q.include_rejected:  # a small table: read once, the event indexes still cover
            where.append("event_id NOT IN (SELECT event_id FROM canonical_reviews WHERE status = 'rejected')")
        return (" WHERE " + " AND ".join(where) if where else ""), args

    @staticmethod
    def row_to_event(r: sqlite3.Row) -> Event:
        d = {c: r[c] for c in EVENT_COLUMNS}
        d["figures"] = json.loads(d["figures"])
        d["evidence"] = json.loads(d["evidence"])
        for k in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "country", "iso", "admin1", "admin2",
                  "location", "source"):
            d[k] = d[k] or ""
        d["canonical_id"] = (r["canonical_id"] or "") if "canonical_id" in r.keys() else ""
        return Event.from_dict(d)

    def article_text(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT text FROM articles WHERE article_id=?", (article_id,)).fetchone()
        return row[0] if row else None

    def statistics(self) -> Iterator[dict]:
        for r in self.db.execute("SELECT * FROM statistics ORDER BY article_id, stat_id"):
            d = dict(r)
            d["evidence"] = json.loads(d["evidence"])
            yield d

    def counts(self) -> dict[str, int]:
        return {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "events", "canonical_events", "stories", "statistics", "failures")}


def _statements(script: str) -> list[str]:
    """The statements of a schema script, one by one (so they run inside one transaction)."""
    out, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    return [s for s in out if s]


def table_digests(path: str | Path) -> dict[str, tuple[int, str]]:
    """Every table of the database at ``path``: its row count and a digest of its rows, sorted (a
    failure's time of day left out), so that two databases built from the same inputs compare equal
    however their writers took turns or were killed."""
    out = {}
    with sqlite3.connect(str(path)) as con:
        for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                                    "AND name NOT LIKE 'canonical_text_%' ORDER BY name"):
            cols = [r[1] for r in con.execute(f"PRAGMA table_info({table})") if not (table == "failures" and r[1] == "seen")]
            rows = sorted(repr(r) for r in con.execute(f"SELECT {','.join(cols)} FROM {table}"))
            out[table] = (len(rows), hashlib.sha1("\n".join(rows).encode()).hexdigest())
    return out
