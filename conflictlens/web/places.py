"""Places for the page: town labels by zoom, and a gazetteer search for the review form.

Both read the shipped gazetteer file (``knowledge/data/gazetteer.tsv.gz``) into a small SQLite
table in memory, once, on first use, rather than the pipeline's ``Gazetteer`` (its name indexes are
several hundred MB; a read-only server never needs them).
"""

from __future__ import annotations

import csv
import gzip
import sqlite3
import threading
from pathlib import Path

from ..knowledge.gazetteer import COUNTRIES_FILE, GAZETTEER_FILE

# Kinds of place that get a label on the map (areas have their boundaries instead).
LABEL_KINDS = ("city", "town", "village")
# Places smaller than this carry no label: GeoNames lists hamlets of a few dozen people, and a
# label for each would hide the map.  The towns and villages of conflict data sets (UCDP's) have no
# population and are labelled all the same, after every larger place in view: so they appear only
# once the map is zoomed in far enough for the largest LABELS_PER_VIEW to reach them.
MIN_LABEL_POPULATION = 1000
UNCOUNTED_LABEL_KINDS = ("town", "village")
LABELS_PER_VIEW = 120  # the largest this many places in view get a label (the page thins by zoom)
SEARCH_RESULTS = 12
# a prefix of fewer letters than this matches too much to be useful
MIN_SEARCH_CHARS = 2


class PlaceIndex:
    def __init__(self, path: Path = GAZETTEER_FILE, countries_path: Path = COUNTRIES_FILE):
        self.path, self.countries_path = Path(path), Path(countries_path)
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def _open(self) -> sqlite3.Connection:
        with self._lock:
            if self._db is None:
                db = sqlite3.connect(":memory:", check_same_thread=False)
                db.execute("CREATE TABLE places (id TEXT, kind TEXT, name TEXT, iso2 TEXT, admin1 TEXT, admin2 TEXT, "
                           "lat REAL, lon REAL, population INTEGER, names TEXT)")
                db.execute("CREATE TABLE countries (iso2 TEXT PRIMARY KEY, isonum TEXT, name TEXT)")
                opener = gzip.open if self.path.suffix == ".gz" else open
                with opener(self.path, "rt", encoding="utf-8", newline="") as fh:
                    cols = fh.readline().rstrip("\n").split("\t")
                    at = {c: cols.index(c) for c in ("id", "kind", "name", "country", "admin1", "admin2", "lat", "lon",
                                                     "population", "names")}
                    order = list(at.values())
                    rows = (line.rstrip("\n").split("\t") for line in fh)
                    db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)",
                                   ([f[i] for i in order[:9]] + ["|" + f[order[9]].lower() + "|"]
                                    for f in rows if f[at["kind"]] != "country"))
                db.execute("UPDATE places SET population = CAST(population AS INTEGER), lat = CAST(lat AS REAL), "
                           "lon = CAST(lon AS REAL)")
                db.execute("CREATE VIRTUAL TABLE label_boxes USING rtree(id, lat0, lat1, lon0, lon1)")
                db.execute(f"INSERT INTO label_boxes SELECT rowid, lat, lat, lon, lon FROM places WHERE kind IN "
                           f"({','.join('?' * len(LABEL_KINDS))}) AND (population >= ? OR kind IN "
                           f"({','.join('?' * len(UNCOUNTED_LABEL_KINDS))}))",
                           [*LABEL_KINDS, MIN_LABEL_POPULATION, *UNCOUNTED_LABEL_KINDS])
                with open(self.countries_path, encoding="utf-8", newline="") as fh:
                    db.executemany("INSERT OR REPLACE INTO countries VALUES (?,?,?)",
                                   ((r["iso2"], r["isonum"], r["name"]) for r in csv.DictReader(fh, delimiter="\t")))
                db.execute("CREATE INDEX places_pop ON places(population DESC)")
                db.execute("CREATE INDEX places_name ON places(name COLLATE NOCASE)")
                self._db = db
            return self._db

    def warm(self) -> None:
        """Read the gazetteer now (in a background thread), so the first request does not wait."""
        self._open()

    def labels(self, west: float, south: float, east: float, north: float,
               limit: int = LABELS_PER_VIEW) -> list[list]:
        """The largest towns in the box: [name, lat, lon, population], largest first."""
        boxes = [(west, east)] if west <= east else [(west, 180.0), (-180.0, east)]  # across the antimeridian
        rows = [r for lo, hi in boxes for r in self._open().execute(
            "SELECT p.name, round(p.lat, 4), round(p.lon, 4), p.population FROM label_boxes b JOIN places p "
            "ON p.rowid = b.id WHERE b.lat1 >= ? AND b.lat0 <= ? AND b.lon1 >= ? AND b.lon0 <= ?",
            (south, north, lo, hi))]
        rows.sort(key=lambda r: (-r[3], r[0]))
        return [list(r) for r in rows[:limit]]

    def search(self, text: str, iso2: str | None = None, limit: int = SEARCH_RESULTS) -> list[dict]:
        """Places whose name or another of its names starts with ``text`` (largest first), each with
        what an event's place needs: location, admin1, admin2, country, iso, latitude, longitude."""
        text = text.strip()
        if len(text) < MIN_SEARCH_CHARS:
            return []
        like = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where, args = "(p.name LIKE ? ESCAPE '\\' OR p.names LIKE ? ESCAPE '\\')", [f"{like}%", f"%|{like.lower()}%"]
        if iso2:
            where += " AND p.iso2 = ?"
            args.append(iso2.upper())
        rows = self._open().execute(
            f"{self._SELECT} WHERE {where} ORDER BY p.name LIKE ? ESCAPE '\\' DESC, p.population DESC, p.name LIMIT ?",
            [*args, f"{like}%", int(limit)])
        return [self._place(r) for r in rows]

    _SELECT = "SELECT p.*, c.name AS country, c.isonum AS isonum FROM places p LEFT JOIN countries c USING (iso2)"

    @staticmethod
    def _place(r) -> dict:
        return {"id": r[0], "kind": r[1], "location": r[2], "admin1": r[4] if r[1] != "admin1" else r[2],
                "admin2": r[5], "country": r[10] or r[3], "iso": r[11] or "", "latitude": r[6], "longitude": r[7],
                "population": r[8], "geo_precision": 3 if r[1] in ("admin1", "admin2") else 1}

    def place(self, place_id: str) -> dict | None:
        """One place by its gazetteer id, in the shape ``search`` gives."""
        r = self._open().execute(f"{self._SELECT} WHERE p.id=?", (place_id,)).fetchone()
        return self._place(r) if r else None


_DEFAULT: PlaceIndex | None = None


def default_place_index() -> PlaceIndex:
    """The shipped gazetteer's index, one per process (every app in it shares the table)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = PlaceIndex()
    return _DEFAULT
