"""Tables for what links articles: report links, canonical events, article links and stories.

``events`` holds each source's report; ``event_links`` the scored pairs of reports that may be one
event; ``event_canonical`` which canonical event each report belongs to and ``canonical_events`` the
canonical values; ``article_vectors``/``article_links``/``story_articles``/``stories`` the same for
stories, and ``large_story_groups`` the articles whose linked group is storied in blocks.  The
linker (``conflictlens.linking``) decides; these methods only read and write.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta

from ..models import CanonicalEvent, Link, Story
from .schema import CANONICAL_DETAILS, CANONICAL_SCALARS, EVENT_SCALARS

def search_text(c: CanonicalEvent) -> str:
    """What the text filter searches: the evidence, the place and the actors."""
    return " ".join([*(ev.text for ev in c.evidence), c.location, c.admin1, c.admin2, c.actor1, c.actor2,
                     c.assoc_actor_1, c.assoc_actor_2])




def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


PARSED_CACHE_ITEMS = 10_000  # some 50 MB at most; cleared whole when full
# fingerprints of the canonical events written, about 130 bytes each (6 MB): the groups re-clustered
# are recent ones, and 50,000 events cover the last ten thousand articles or so (at 200,000 the
# cache was still filling, and resident memory still growing, 40,000 articles into a dense stream)
WRITTEN_CACHE_ITEMS = 50_000


class LinkTables:
    db: sqlite3.Connection

    # -- reports --------------------------------------------------------------------------
    _REPORT_SQL = ("SELECT e.*, a.published AS _published, coalesce(nullif(a.source, ''), nullif(a.original_source, ''), "
                   "a.article_id) AS _outlet FROM events e JOIN articles a USING (article_id)")

    # Reports and article vectors read back while linking, kept parsed: a report is a candidate
    # for every report of the weeks around it, and parsing its row is most of the cost of reading it.
    # Rows never change under an id except when their article is stored again, which clears both.
    _parsed: dict
    _written: dict

    def _report(self, row):
        from ..linking.canonical import Report

        hit = self._parsed.get(row["event_id"])
        if hit is None:
            pub = row["_published"]
            hit = Report(self.row_to_event(row), date.fromisoformat(pub) if pub else None, row["_outlet"])
            self._remember(row["event_id"], hit)
        return hit

    def _remember(self, key: str, value) -> None:
        if len(self._parsed) >= PARSED_CACHE_ITEMS:
            self._parsed.clear()
        self._parsed[key] = value

    def reports_of_article(self, article_id: str) -> list:
        return [self._report(r) for r in self.db.execute(self._REPORT_SQL + " WHERE e.article_id=? ORDER BY e.event_id",
                                                         (article_id,))]

    def reports(self, event_ids) -> list:
        return sorted(self._reports_by_id(event_ids), key=lambda r: r.event.event_id)

    def _reports_by_id(self, event_ids) -> list:
        """The reports of ``event_ids``: parsed ones from memory, only the others read as whole rows."""
        out, missing = [], []
        for i in set(event_ids):
            hit = self._parsed.get(i)
            if hit is None:
                missing.append(i)
            else:
                out.append(hit)
        for r in self.db.execute(self._REPORT_SQL + " WHERE e.event_id IN (SELECT value FROM json_each(?))",
                                 (json.dumps(missing),)) if missing else ():
            out.append(self._report(r))
        return out

    def report_candidates(self, iso: str, lo: date, hi: date, widest_days: int, article_id: str) -> list:
        """Reports in country ``iso`` from other articles whose date range meets [lo, hi]; ranges are
        at most ``widest_days`` long, so the index on (iso, date_min) bounds the scan.  The ids come
        from the narrow columns; rows are read only for reports not already parsed."""
        ids = [r[0] for r in self.db.execute(
            "SELECT event_id FROM events WHERE iso=? AND date_min BETWEEN ? AND ? AND date_max >= ? AND article_id != ?",
            (iso, _iso(lo - timedelta(days=widest_days)), _iso(hi), _iso(lo), article_id))]
        return sorted(self._reports_by_id(ids), key=lambda r: r.event.event_id)

    # -- report links ---------------------------------------------------------------------
    def save_links(self, links: list[Link]) -> None:
        self.save_link_rows((l.a, l.b, l.score, l.relation, json.dumps(l.parts, sort_keys=True)) for l in links)

    def save_link_rows(self, rows) -> None:
        """Links as (a, b, score, relation, parts as sorted-key JSON) rows."""
        self.db.executemany("INSERT OR REPLACE INTO event_links VALUES (?,?,?,?,?)", rows)

    def linked(self, event_ids) -> set[str]:
        """Reports linked at merge level (relation "same") to any of ``event_ids``."""
        ids = json.dumps(sorted(set(event_ids)))
        return {r[0] for r in self.db.execute(
            "SELECT b FROM event_links WHERE a IN (SELECT value FROM json_each(?1)) AND relation='same' UNION "
            "SELECT a FROM event_links WHERE b IN (SELECT value FROM json_each(?1)) AND relation='same'", (ids,))}

    def link_scores_among(self, event_ids) -> list[tuple[str, str, float]]:
        """(a, b, score) of the report links between ``event_ids`` (what clustering needs; the
        parts of each score stay unread)."""
        ids = json.dumps(sorted(set(event_ids)))
        return sorted((a, b, score) for a, b, score in self.db.execute(
            "WITH ids(id) AS (SELECT value FROM json_each(?)) "
            "SELECT a, b, score FROM event_links WHERE a IN ids AND +b IN ids", (ids,)))  # +b: test b, do not seek it

    # -- canonical events -------------------------------------------------------------------
    def _lookup(self, sql: str, keys) -> set[str]:
        """Every value ``sql`` (one ``?``) gives for any of ``keys``."""
        return {r[0] for k in keys for r in self.db.execute(sql, (k,))}

    def canonical_ids_of(self, event_ids) -> set[str]:
        return self._lookup("SELECT canonical_id FROM event_canonical WHERE event_id=?", event_ids)

    def members_of(self, canonical_ids) -> set[str]:
        return self._lookup("SELECT event_id FROM event_canonical WHERE canonical_id=?", canonical_ids)

    def replace_canonicals(self, old_ids: set[str], new: list[CanonicalEvent]) -> None:
        """Swap the canonical events ``old_ids`` for ``new`` (one transaction is the caller's);
        an old id that is gone becomes an alias of the new event holding its first report."""
        scalars, details = EVENT_SCALARS + CANONICAL_SCALARS, ("event_id",) + CANONICAL_DETAILS
        rows, blobs, fingerprints = {}, {}, {}
        self.apply_reviews(new)  # an analyst's corrections over the values computed from the reports
        for c in new:
            d = c.to_dict() | {"n_sources": len(c.sources)}
            for k in CANONICAL_DETAILS:
                d[k] = json.dumps(d[k], ensure_ascii=False, sort_keys=True)
            rows[c.event_id] = tuple(d[k] for k in scalars)
            blobs[c.event_id] = tuple(d[k] for k in details)
            fingerprints[c.event_id] = hash((rows[c.event_id], blobs[c.event_id],
                                             json.dumps(c.review, sort_keys=True) if c.review else ""))
        # A new report changes one or two events of its group; the others come back as they were
        # stored and are left alone (``_written``: what this connection last wrote under each id).
        same = {i for i in old_ids & set(fingerprints) if self._written.get(i) == fingerprints[i]}
        old_ids = set(old_ids) - same
        new = [c for c in new if c.event_id not in same]
        new_ids = {c.event_id for c in new}
        by_report = {r: c.event_id for c in new for r in c.reports}
        for old in sorted(old_ids - new_ids):
            row = self.db.execute("SELECT reports FROM canonical_details WHERE event_id=?", (old,)).fetchone()
            target = next((by_report[r] for r in json.loads(row[0]) if r in by_report), None) if row else None
            if target:
                self.db.execute("INSERT OR REPLACE INTO canonical_aliases VALUES (?,?)", (old, target))
        # the search text shares its event's rowid: an FTS table deletes by rowid without a scan
        self.db.executemany("DELETE FROM canonical_text WHERE rowid IN (SELECT rowid FROM canonical_events "
                            "WHERE event_id=?)", [(o,) for o in old_ids])
        for table in ("canonical_events", "canonical_details"):
            self.db.executemany(f"DELETE FROM {table} WHERE event_id=?", [(o,) for o in old_ids])
        self.db.executemany("DELETE FROM canonical_aliases WHERE old_id=?", [(n,) for n in new_ids])
        for table, cols, values in (("canonical_events", scalars, [rows[c.event_id] for c in new]),
                                    ("canonical_details", details, [blobs[c.event_id] for c in new])):
            self.db.executemany(f"INSERT OR REPLACE INTO {table} ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})",
                                values)
        self.db.executemany("INSERT INTO canonical_text (rowid, body, event_id) SELECT rowid, ?, event_id "
                            "FROM canonical_events WHERE event_id=?", [(search_text(c), c.event_id) for c in new])
        self.db.executemany("INSERT OR REPLACE INTO event_canonical VALUES (?,?)",
                            [(r, c.event_id) for c in new for r in c.reports])
        self.write_reviews(old_ids, new)
        for o in old_ids - new_ids:
            self._written.pop(o, None)
        if len(self._written) > WRITTEN_CACHE_ITEMS:
            self._written.clear()  # only a cache: an id it forgot is written again
        self._written.update((c.event_id, fingerprints[c.event_id]) for c in new)

    def row_to_canonical(self, r: sqlite3.Row) -> CanonicalEvent:
        d = {c: r[c] for c in EVENT_SCALARS + CANONICAL_SCALARS + CANONICAL_DETAILS if c != "n_sources"}
        for k in CANONICAL_DETAILS:
            d[k] = json.loads(d[k])
        for k in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "country", "iso", "admin1", "admin2",
                  "location", "source"):
            d[k] = d[k] or ""
        d["story_id"] = r["story_id"] or "" if "story_id" in r.keys() else ""
        return CanonicalEvent.from_dict(d)

    def resolve_canonical(self, event_id: str) -> str | None:
        """A canonical id, an alias of one (ids retired when an earlier report joined), or a report's id."""
        for _ in range(10):
            if self.db.execute("SELECT 1 FROM canonical_events WHERE event_id=?", (event_id,)).fetchone():
                return event_id
            row = (self.db.execute("SELECT new_id FROM canonical_aliases WHERE old_id=?", (event_id,)).fetchone()
                   or self.db.execute("SELECT canonical_id FROM event_canonical WHERE event_id=?", (event_id,)).fetchone())
            if row is None:
                return None
            event_id = row[0]
        return None

    def event_with_sources(self, event_id: str) -> dict | None:
        """A canonical event (found by its id, a report's id or a retired id) with each source's
        report: ``{"event", "reports", "requested"}``, every report with its ``outlet`` and
        ``published``; None when nothing matches."""
        cid = self.resolve_canonical(event_id)
        if cid is None:
            return None
        c = self.canonical_events_by_id([cid])[0]
        reports = [r.event.to_dict() | {"outlet": r.outlet, "published": r.published and r.published.isoformat()}
                   for r in self.reports(c.reports)]
        return {"event": c.to_dict(), "reports": reports, "requested": event_id}

    def possible_duplicate_map(self, canonical_ids=None) -> dict[str, list[list]]:
        """canonical id -> [[other canonical id, best link score], ...] for links that cross two
        canonical events (below the merge threshold, or refused by the clustering's constraints)."""
        want = set(canonical_ids) if canonical_ids is not None else None
        only, args = "", []
        if want is not None:
            marks = ",".join("?" * len(want))
            only, args = f" AND (ca.canonical_id IN ({marks}) OR cb.canonical_id IN ({marks}))", sorted(want) * 2
        rows = self.db.execute(
            "SELECT ca.canonical_id, cb.canonical_id, max(l.score) FROM event_links l "
            "JOIN event_canonical ca ON ca.event_id = l.a JOIN event_canonical cb ON cb.event_id = l.b "
            "WHERE ca.canonical_id != cb.canonical_id" + only + " GROUP BY ca.canonical_id, cb.canonical_id", args)
        out: dict[str, dict[str, float]] = {}
        for x, y, sc in rows:
            for a, b in ((x, y), (y, x)):
                if want is None or a in want:
                    out.setdefault(a, {})[b] = max(out.get(a, {}).get(b, 0.0), sc)
        return {a: [[b, sc] for b, sc in sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))] for a, d in out.items()}

    # -- stories ----------------------------------------------------------------------------
    def save_vector(self, article_id: str, vector: dict[str, float]) -> None:
        self._parsed.pop("vector:" + article_id, None)
        self.db.execute("INSERT OR REPLACE INTO article_vectors VALUES (?,?)",
                        (article_id, json.dumps(vector, sort_keys=True)))

    def article_info(self, article_ids) -> dict[str, dict]:
        out = {}
        for a in sorted(set(article_ids)):
            r = self.db.execute("SELECT a.article_id, a.published, a.title, a.text, v.vector FROM articles a "
                                "LEFT JOIN article_vectors v USING (article_id) WHERE a.article_id=?", (a,)).fetchone()
            if r:
                vec = self._parsed.get("vector:" + a)
                if vec is None and r["vector"]:
                    vec = json.loads(r["vector"])
                    self._remember("vector:" + a, vec)
                out[a] = {"published": date.fromisoformat(r["published"]) if r["published"] else None,
                          "title": r["title"] or "", "text": r["text"], "vector": vec or {}}
        return out

    def article_dates(self, article_ids) -> dict[str, tuple[date | None, str]]:
        """(published, title) of each article: what story clustering reads of its members."""
        out = {}
        for a in sorted(set(article_ids)):
            r = self.db.execute("SELECT published, title FROM articles WHERE article_id=?", (a,)).fetchone()
            if r:
                out[a] = (date.fromisoformat(r[0]) if r[0] else None, r[1] or "")
        return out

    def articles_between(self, lo: date, hi: date, exclude: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT article_id FROM articles WHERE published BETWEEN ? AND ? "
                                              "AND article_id != ? ORDER BY article_id", (_iso(lo), _iso(hi), exclude))]

    def articles_sharing_events(self, article_id: str) -> set[str]:
        """Articles with a report merged-level linked to one of this article's reports."""
        rows = self.db.execute(
            "SELECT e2.article_id FROM events e1 JOIN event_links l ON (l.a = e1.event_id OR l.b = e1.event_id) "
            "JOIN events e2 ON e2.event_id = (CASE WHEN l.a = e1.event_id THEN l.b ELSE l.a END) "
            "WHERE e1.article_id=? AND l.relation='same'", (article_id,))
        return {r[0] for r in rows} - {article_id}

    def save_article_links(self, rows: list[tuple[str, str, float, dict]]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO article_links VALUES (?,?,?,?)",
                            [(a, b, s, json.dumps(p, sort_keys=True)) for a, b, s, p in rows])

    def article_links_of(self, article_ids) -> list[tuple[str, str, float, date | None, date | None]]:
        """The links (a, b, score) of any of ``article_ids``, with the publication dates of a and b."""
        rows = self.db.execute(
            "WITH ids(id) AS (SELECT value FROM json_each(?)) "
            "SELECT l.a, l.b, l.score, x.published, y.published FROM article_links l "
            "JOIN articles x ON x.article_id = l.a JOIN articles y ON y.article_id = l.b WHERE l.a IN ids UNION "
            "SELECT l.a, l.b, l.score, x.published, y.published FROM article_links l "
            "JOIN articles x ON x.article_id = l.a JOIN articles y ON y.article_id = l.b WHERE l.b IN ids",
            (json.dumps(sorted(set(article_ids))),))
        return [(a, b, s, date.fromisoformat(pa) if pa else None, date.fromisoformat(pb) if pb else None)
                for a, b, s, pa, pb in rows]

    def in_large_groups(self, article_ids) -> set[str]:
        """Those of ``article_ids`` whose linked group is larger than the linker's limit."""
        return self._lookup("SELECT article_id FROM large_story_groups WHERE article_id=?", article_ids)

    def mark_large_group(self, article_ids, large: bool) -> None:
        rows = [(a,) for a in sorted(set(article_ids))]
        if large:
            self.db.executemany("INSERT OR IGNORE INTO large_story_groups VALUES (?)", rows)
        else:
            self.db.executemany("DELETE FROM large_story_groups WHERE article_id=?", rows)

    def story_ids_of(self, article_ids) -> set[str]:
        return self._lookup("SELECT story_id FROM story_articles WHERE article_id=?", article_ids)

    def story_members(self, story_ids) -> set[str]:
        return self._lookup("SELECT article_id FROM story_articles WHERE story_id=?", story_ids)

    def replace_stories(self, old_ids: set[str], new: list[Story]) -> None:
        self.db.executemany("DELETE FROM stories WHERE story_id=?", [(s,) for s in old_ids])
        self.db.executemany("DELETE FROM story_articles WHERE story_id=?", [(s,) for s in old_ids])
        self.db.executemany("INSERT OR REPLACE INTO stories VALUES (?,?,?,?,?)",
                            [(s.story_id, s.title, _iso(s.first), _iso(s.last), json.dumps(s.articles)) for s in new])
        self.db.executemany("INSERT OR REPLACE INTO story_articles VALUES (?,?)",
                            [(a, s.story_id) for s in new for a in s.articles])

    def neighbours_of_article(self, article_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Reports merged with this article's reports, and the articles in its story or linked to
        it (before an update: removing its links can split what they joined)."""
        mine = self._lookup("SELECT event_id FROM events WHERE article_id=?", [article_id])
        events = self.members_of(self.canonical_ids_of(mine)) - mine
        arts = self.story_members(self.story_ids_of([article_id]))
        arts |= {a if b == article_id else b for a, b, _s, _pa, _pb in self.article_links_of([article_id])}
        arts -= {article_id}
        return tuple(sorted(events)), tuple(sorted(arts))

    def unlinked_articles(self) -> list[str]:
        """Articles stored but not linked yet (linking writes the article's vector last)."""
        return [r[0] for r in self.db.execute("SELECT article_id FROM articles WHERE article_id NOT IN "
                                              "(SELECT article_id FROM article_vectors) ORDER BY article_id")]

    def is_linked(self, article_id: str) -> bool:
        """Whether the article has been linked (linking writes its vector last)."""
        return self.db.execute("SELECT 1 FROM article_vectors WHERE article_id=?", (article_id,)).fetchone() is not None

    def count_unlinked(self) -> int:
        """Articles stored but not linked yet: every linked article has one vector row (two counts,
        not a join, so opening a large database stays quick)."""
        return (self.db.execute("SELECT count(*) FROM articles").fetchone()[0]
                - self.db.execute("SELECT count(*) FROM article_vectors").fetchone()[0])

    # -- reads for front ends ---------------------------------------------------------------
    def story(self, story_id: str) -> Story | None:
        found = self.stories(where=" WHERE story_id=?", args=(story_id,))
        return found[0] if found else None

    def stories(self, limit: int | None = None, where: str = "", args=()) -> list[Story]:
        sql = f"SELECT * FROM stories{where} ORDER BY first, story_id" + (f" LIMIT {int(limit)}" if limit else "")
        out = []
        for r in self.db.execute(sql, args).fetchall():
            arts = json.loads(r["articles"])
            events = sorted(self.canonical_ids_of(self._lookup("SELECT event_id FROM events WHERE article_id=?", arts)))
            out.append(Story(r["story_id"], r["title"] or "", date.fromisoformat(r["first"]) if r["first"] else None,
                             date.fromisoformat(r["last"]) if r["last"] else None, arts, events))
        return out
