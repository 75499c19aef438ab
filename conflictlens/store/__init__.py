"""The embedded database: SQLite, WAL mode, versioned schema, idempotent writes.

Rows here are storage records, not pipeline records: ``save_article`` turns an
extracted ``Article`` into rows in one transaction (all or nothing), and
``events`` turns rows back into ``Event`` objects.  Ids come from content, and
every write is an upsert, so ingesting the same article twice changes nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import StoreError
from ..models import Article, CanonicalEvent, Event, Statistic
from .links import LinkTables
from .schema import ALL_SCHEMA, EVENT_COLUMNS, SCHEMA_VERSION

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
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True, slots=True)
class SaveResult:
    article_id: str
    status: str  # "new" | "unchanged" | "updated"
    events: int
    # an updated article's former neighbours (events it was merged with, articles in its story),
    # whose clusters must be redone without it
    former_events: tuple[str, ...] = ()
    former_articles: tuple[str, ...] = ()


class Store(LinkTables):
    def __init__(self, path: str | Path = "conflictlens.db"):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(self.path))
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from None
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self._migrate()

    def _migrate(self) -> None:
        with self.db:
            self.db.executescript(ALL_SCHEMA)
            row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if row is None:
                self.db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            elif int(row[0]) > SCHEMA_VERSION:
                raise StoreError(f"database {self.path} has schema {row[0]}, newer than this conflictlens "
                                 f"({SCHEMA_VERSION}); upgrade conflictlens")
            elif int(row[0]) < SCHEMA_VERSION:  # v1 had no links; its articles get linked (``unlinked_articles``)
                self.db.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(SCHEMA_VERSION),))

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
        old = self.db.execute("SELECT content_hash FROM articles WHERE article_id=?", (article.article_id,)).fetchone()
        if old is not None and old[0] == chash:
            return SaveResult(article.article_id, "unchanged", 0)
        former_events, former_articles = self.neighbours_of_article(article.article_id) if old else ((), ())
        with self.db:  # one transaction: all rows or none
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

        with self.db:
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
        sql, args = self._select("SELECT c.*, s.story_id AS story_id FROM canonical_events c "
                                 "LEFT JOIN story_articles s ON s.article_id = c.article_id", q)
        out = [self.row_to_canonical(r) for r in self.db.execute(sql, args)]
        dups = self.possible_duplicate_map([c.event_id for c in out] if len(out) <= 400 else None)
        for c in out:
            c.possible_duplicates = dups.get(c.event_id, [])
        return out

    def canonical_events_by_id(self, ids) -> list[CanonicalEvent]:
        out = []
        for i in ids:
            out += [self.row_to_canonical(r) for r in self.db.execute(
                "SELECT c.*, s.story_id AS story_id FROM canonical_events c LEFT JOIN story_articles s "
                "ON s.article_id = c.article_id WHERE c.event_id=?", (i,))]
        dups = self.possible_duplicate_map([c.event_id for c in out])
        for c in out:
            c.possible_duplicates = dups.get(c.event_id, [])
        return out

    @staticmethod
    def _select(base: str, q: EventQuery) -> tuple[str, list]:
        clauses = [
            (q.date_from, "event_date >= ?", 1), (q.date_to, "event_date <= ?", 1),
            (q.event_type, "lower(event_type) = lower(?)", 1), (q.sub_event_type, "lower(sub_event_type) = lower(?)", 1),
            (q.actor and f"%{q.actor}%", "(actor1 LIKE ? OR actor2 LIKE ? OR assoc_actor_1 LIKE ? OR assoc_actor_2 LIKE ?)", 4),
            (q.admin1 and f"%{q.admin1}%", "admin1 LIKE ?", 1),
            (q.country, "(lower(country) = lower(?) OR iso = ?)", 2),
            (q.text and f"%{q.text}%", "(evidence LIKE ? OR location LIKE ? OR actor1 LIKE ? OR actor2 LIKE ?)", 4),
        ]
        where, args = [], []
        for value, sql, n in clauses:
            if value:
                where.append(sql)
                args += [value.isoformat() if isinstance(value, date) else value] * n
        sql = base + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY event_date, event_id"
        if q.limit is not None:
            sql += f" LIMIT {int(q.limit)} OFFSET {int(q.offset)}"
        return sql, args

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
