"""The gazetteer: places of the world, with deeper coverage where conflicts are.

Built by ``scripts/build_gazetteer.py`` into ``data/gazetteer.tsv.gz`` (GeoNames
cities500 + admin areas + UCDP Syria places + hand-written features).  Users add
places with ``Gazetteer.add_file`` (same TSV columns, or a GeoNames country dump).
Lookups go through a dict keyed on ``names.name_key``; a skeleton-key index per
country catches other transliterations (``names.skeleton_key``).

``Gazetteer()`` opens the shipped gazetteer as a packed index (``knowledge.gazindex``: every
index below built once, read in place); a ``Gazetteer(path)`` of another file loads it into
Python objects (the plain loader, which builds its indexes on first use).  Either way places
added with ``add_file`` are held in Python on top, and every lookup answers as the plain loader
of all the rows would.
"""

from __future__ import annotations

import csv
import gzip
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import DATA_DIR
from .gazindex import IndexView, RowsView, open_index
from .matcher import word_prefixes
from .names import admin_key, name_key, skeleton_key, skeleton_of_key, strip_admin_suffix
from .packs import default_knowledge

GAZETTEER_FILE = DATA_DIR / "gazetteer.tsv.gz"
COUNTRIES_FILE = DATA_DIR / "countries.tsv"
EARTH_RADIUS_KM = 6371.0088
GRID_DEG = 0.25  # cells of the point-place grid ``places_near`` searches (28 km north-south)


@dataclass(frozen=True, slots=True)
class Place:
    idx: int
    place_id: str
    kind: str  # city | admin1 | country | village | plain | mountain | airbase | ...
    name: str
    country: str  # ISO2
    admin1: str
    admin2: str
    lat: float
    lon: float
    population: int
    source: str


@dataclass(frozen=True, slots=True)
class Country:
    iso2: str
    iso3: str
    isonum: int
    name: str  # ACLED's spelling where it differs from ISO's


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


class Gazetteer:
    """Places by name.  ``rows`` hold the places; ``index`` maps name keys to row numbers."""

    COLUMNS = ("id", "kind", "name", "country", "admin1", "admin2", "lat", "lon", "population", "source", "names")

    def __init__(self, path: Path | None = GAZETTEER_FILE, countries_path: Path | None = COUNTRIES_FILE,
                 index: bool | None = None):
        """``index``: read ``path`` through its packed index (True), load it into Python (False), or
        (None) the index for the shipped gazetteer and the plain loader for any other file."""
        self._base = None  # the packed index the first rows come from (None: every row is in Python)
        self._n_base = 0
        self._own_rows: list[tuple] = []  # rows held in Python: all of them, or those added on the index
        self._own: dict[str, list[int]] = {}  # name key -> row numbers of ``_own_rows``
        self._own_countries: set[str] = set()  # countries with rows in Python (their skeletons are built here)
        self.rows = self._own_rows
        self.index = self._own
        self._prefixes: set[str] | None = None  # word-aligned proper prefixes of the keys (built on first use)
        self._country_heads: frozenset[str] | None = None
        self._skeletons: dict[str, dict[str, list[int]]] = {}
        self._skeleton_heads: dict[str, dict[str, list[int]]] = {}
        self._by_country: dict[str, list[int]] | None = None
        self._rev: dict[int, list[str]] | None = None
        self._seats: dict[tuple[str, str], int] | None = None  # (iso2, admin1) -> its largest town
        self._grid: dict[tuple[int, int], list[int]] | None = None  # GRID_DEG cell -> its point places
        self._by_kinds: dict[frozenset, list[int]] = {}
        self._derived: dict = {}  # what other stages derive from the rows (see ``derived``)
        self.countries: dict[str, Country] = {}
        # spellings of admin1 areas: exact keys first; skeleton keys only when they name one area
        # ("Jafarah" and "Jufra" share a skeleton)
        self._admin1_exact: dict[tuple[str, str], str] = {}  # (iso2, name key) -> display admin1
        self._admin1_skeleton: dict[tuple[str, str], set[str]] = {}  # (iso2, admin_key) -> display admin1s
        self._admin1_by_code: dict[tuple[str, str], str] = {}  # (iso2, GeoNames admin1 code) -> display
        if countries_path is not None and Path(countries_path).exists():
            self._load_countries(Path(countries_path))
        if path is None:
            return
        if index or (index is None and Path(path) == GAZETTEER_FILE):
            self._base = open_index(Path(path), countries_path)
            self._n_base = self._base.n_rows
            self.rows = RowsView(self._base, self._own_rows)
            self.index = IndexView(self._base, self._own)
        else:
            self.add_file(path)
            self._add_admin1_aliases()

    def _add_admin1_aliases(self) -> None:
        """Hand-written English/ACLED spellings of admin1 areas (the packs' ``admin1_aliases``)."""
        aliases = default_knowledge().admin1_aliases
        rows_by = {(r[3], r[2]): i for i, r in enumerate(self.rows) if r[1] == "admin1"}
        for cc, table in aliases.items():
            for alias, canonical in table.items():
                i = rows_by.get((cc, canonical))
                if i is None:
                    continue
                self._add_admin1_spelling(cc, alias, canonical, override=True)
                ids = self.index.setdefault(name_key(alias), [])
                if i not in ids:
                    ids.append(i)
        self._prefixes = self._country_heads = None

    # -- loading -------------------------------------------------------------
    def _load_countries(self, path: Path) -> None:
        overrides = default_knowledge().country_names
        with open(path, encoding="utf-8") as fh:
            for r in csv.DictReader(fh, delimiter="\t"):
                name = overrides.get(r["iso2"], r["name"])
                self.countries[r["iso2"]] = Country(r["iso2"], r["iso3"], int(r["isonum"] or 0), name)

    def add_file(self, path: Path) -> int:
        """Add places from a gazetteer TSV (ours) or a GeoNames country dump (``XX.txt``)."""
        path = Path(path)
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            first = fh.readline()
            if first.startswith("id\tkind\t"):
                return self._add_rows(line.rstrip("\n").split("\t") for line in fh)
            fh.seek(0)
            return self._add_rows(self._geonames_dump_rows(fh))

    def _geonames_dump_rows(self, fh):
        """GeoNames export format (geonameid, name, asciiname, alternatenames, lat, lon, class, code, cc, ...)."""
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if len(f) < 15 or f[6] not in ("P", "A", "T", "S", "L"):
                continue
            kind = {"P": "city", "T": "mountain", "S": "facility", "L": "area", "A": "area"}[f[6]]
            yield [f"gn:{f[0]}", kind, f[1], f[8], self._admin1_of_code(f[8], f[10]), "",
                   f[4], f[5], f[14] or 0, "geonames-user", "|".join([f[2]] + f[3].split(",")[:20])]

    def _add_rows(self, rows) -> int:
        n = 0
        promoted = _admin1_from_admin2()
        for f in rows:
            idx = self._n_base + len(self._own_rows)
            pid, kind, name, cc, a1, a2, lat, lon, pop, src, names = f[:11]
            area = ""
            if cc in promoted:
                # ACLED's first level is GeoNames' second here (Uganda's districts; the City of Belgrade,
                # which holds the city itself).  The areas stay second-level places (a bare "Mubende" is
                # still the town), but their names are admin1 spellings.
                listed = promoted[cc]
                area = a2 if a2 and (listed == "all" or a2 in listed) else (
                    name if kind == "city" and listed != "all" and name in listed else "")
                if area:
                    a1, a2 = area, ""
            self._own_rows.append((pid, kind, name, cc, a1, a2, float(lat), float(lon), int(pop or 0), src))
            self._own_countries.add(cc)
            if len(f) > 11:  # keys precomputed by scripts/build_gazetteer.py
                keys = f[11].split("|")
            else:
                keys = {name_key(name)}
                keys.update(name_key(x) for x in names.split("|") if x)
            for k in keys:
                if k:
                    self._own.setdefault(k, []).append(idx)
            if kind == "admin1" or (area and kind == "admin2"):  # (a promoted area's names spell its admin1)
                for x in [name] + names.split("|"):
                    if x:
                        self._add_admin1_spelling(cc, x, a1 or name)
            if kind == "admin1":
                code = pid.split(":", 1)[1] if pid.startswith("adm1:") else ""
                if code.startswith(cc + "."):  # "adm1:IQ.11": GeoNames' own code, used by country dumps
                    self._admin1_by_code[(cc, code.split(".", 1)[1])] = a1 or name
            n += 1
        self._skeletons.clear()
        self._skeleton_heads.clear()
        self._prefixes = self._country_heads = self._by_country = self._rev = self._seats = self._grid = None
        self._by_kinds.clear()
        self._derived.clear()
        if self._base is not None:
            self.index.clear_cache()
        return n

    def derived(self, key, build):
        """``build(self)``, computed once per ``key`` until places are added."""
        if key not in self._derived:
            self._derived[key] = build(self)
        return self._derived[key]

    # -- lookups -------------------------------------------------------------
    def place(self, idx: int) -> Place:
        return Place(idx, *self.rows[idx])

    def lookup(self, name: str) -> list[Place]:
        return [self.place(i) for i in self.index.get(name_key(name), [])]

    def may_extend(self, key: str) -> bool:
        """Whether some indexed key starts with ``key`` followed by more words (so a longer span may match)."""
        if self._prefixes is None:
            self._prefixes = {p for k in self._own for p in word_prefixes(k)}
        return key in self._prefixes or (self._base is not None and self.index.is_prefix(key))

    def lookup_key(self, key: str) -> list[int]:
        return self.index.get(key, [])

    def lookup_skeleton(self, name_or_key: str, country: str) -> list[int]:
        """Places in ``country`` whose skeleton key matches (other transliterations)."""
        if self._base is not None and country not in self._own_countries:
            return self._base.skeletons.get(f"{country}\t{skeleton_key(name_or_key)}") or []
        return self._skeleton_index(country).get(skeleton_key(name_or_key), [])

    def lookup_skeleton_head(self, name_or_key: str, country: str) -> list[int]:
        """Places in ``country`` whose longer skeleton key begins with the name's one-word key
        ("Setharja": Setharja Old), for callers that narrow the answer down themselves."""
        key = skeleton_key(name_or_key)
        if " " in key:
            return []
        if self._base is not None and country not in self._own_countries:
            return self._base.skeleton_heads.get(f"{country}\t{key}") or []
        heads = self._skeleton_heads.get(country)
        if heads is None:
            heads = {}
            for sk, ids in self._skeleton_index(country).items():
                first, _, rest = sk.partition(" ")
                if rest:
                    heads.setdefault(first, []).extend(ids)
            self._skeleton_heads[country] = heads
        return heads.get(key, [])

    def _skeleton_index(self, country: str) -> dict[str, list[int]]:
        sk = self._skeletons.get(country)
        if sk is None:
            sk = {}
            for idx in self._country_rows(country):
                for k in self._keys_of(idx):
                    s = skeleton_of_key(k)
                    if s.count(" ") + len(s) >= 3:
                        sk.setdefault(s, []).append(idx)
            self._skeletons[country] = sk
        return sk

    def rows_of_kinds(self, kinds) -> list[int]:
        """Row numbers of the places of some kinds ("airbase", "dam"), in gazetteer order."""
        key = frozenset(kinds)
        if key not in self._by_kinds:
            base = sorted(i for k in key for i in self._base.kinds.get(k) or ()) if self._base is not None else []
            self._by_kinds[key] = base + [i for i, r in enumerate(self._own_rows, self._n_base) if r[1] in key]
        return self._by_kinds[key]

    # indexes built on first use (only the skeleton lookups need them), reset when rows are added
    def _rows_of_country(self) -> dict[str, list[int]]:
        """Row numbers by country, of the rows held in Python."""
        if self._by_country is None:
            by_country: dict[str, list[int]] = {}  # (built whole, then kept: an interrupted build leaves none)
            for idx, r in enumerate(self._own_rows, self._n_base):
                by_country.setdefault(r[3], []).append(idx)
            self._by_country = by_country
        return self._by_country

    def _country_rows(self, country: str) -> list[int]:
        base = self._base.by_country.get(country) or [] if self._base is not None else []
        return base + self._rows_of_country().get(country, [])

    def seat(self, idx: int) -> tuple[float, float]:
        """Where ACLED puts an event known only to lie somewhere in the admin1 area ``idx``: its seat,
        taken to be its largest town (the capital of most provinces: Kut in Wasit, Morelia in
        Michoacan); the area's own point (the centroid of its towns) for other places."""
        r = self.rows[idx]
        if r[1] != "admin1":
            return r[6], r[7]
        town = self._seat_table().get((r[3], r[4]))
        if town is None and self._base is not None:
            town = self._base.seat(r[3], r[4])
        return (self.rows[town][6], self.rows[town][7]) if town is not None else (r[6], r[7])

    def _seat_table(self) -> dict[tuple[str, str], int]:
        """(iso2, admin1) -> its largest town, over the rows held in Python (on an index, the towns
        added on top that outgrow the index's own seat)."""
        if self._seats is None:
            seats: dict[tuple[str, str], int] = {}  # (built whole, then kept)
            for i, t in enumerate(self._own_rows, self._n_base):
                if t[1] == "city":
                    top = seats.get((t[3], t[4]))
                    if top is None and self._base is not None:
                        top = self._base.seat(t[3], t[4])
                    if top is None or t[8] > self.rows[top][8]:
                        seats[(t[3], t[4])] = i
            self._seats = seats
        return self._seats

    def places_near(self, lat: float, lon: float, km: float):
        """Indexes of the point places (towns, villages, features: no areas) within ``km`` of (lat, lon).
        Only the point's grid cell and its neighbours are searched: ``km`` up to a cell's width
        (GRID_DEG: 28 km north-south, less east-west far from the equator)."""
        grid, base = self._grid_table(), self._base
        rows = self.rows
        cy, cx = math.floor(lat / GRID_DEG), math.floor(lon / GRID_DEG)
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                cell = (cy + dy, cx + dx)
                ids = grid.get(cell, ())
                if base is not None:
                    ids = self.index.cell(*cell) + list(ids) if ids else self.index.cell(*cell)
                for i in ids:
                    if haversine_km(lat, lon, rows[i][6], rows[i][7]) <= km:
                        yield i

    def _grid_table(self) -> dict[tuple[int, int], list[int]]:
        """GRID_DEG cell -> the point places held in Python there."""
        if self._grid is None:
            grid: dict[tuple[int, int], list[int]] = {}  # (built whole, then kept)
            for i, t in enumerate(self._own_rows, self._n_base):
                if t[1] not in ("country", "admin1", "admin2"):
                    grid.setdefault((math.floor(t[6] / GRID_DEG), math.floor(t[7] / GRID_DEG)), []).append(i)
            self._grid = grid
        return self._grid

    def near_area(self, idx: int, iso2: str, admin1: str, km: float) -> bool:
        """Whether place ``idx`` lies within ``km`` of some town of the admin1 area (``iso2``, ``admin1``):
        on its edge, where the text and GeoNames may put a town on either side (no boundaries are
        shipped, so the area's towns stand for it)."""
        r = self.rows[idx]
        return any(t[1] == "city" and t[3] == iso2 and t[4] == admin1
                   for t in (self.rows[i] for i in self.places_near(r[6], r[7], km)))

    def _keys_of(self, idx: int):
        """The row's name keys, in the order of the name index (its keys' first appearance)."""
        if idx < self._n_base:
            return self._base.keys_of(idx)
        if self._rev is None:
            rev: dict[int, list[str]] = {}  # (built whole, then kept)
            for k, ids in self._own.items():
                for i in ids:
                    rev.setdefault(i, []).append(k)
            if self._base is not None:  # a key the index holds comes where the index has it
                order = {k: n for n, k in enumerate(self._own)}
                n_base = len(self._base.keys)

                def rank(k):
                    r = self._base.key_rank(k)
                    return r if r >= 0 else n_base + order[k]
                for keys in rev.values():
                    keys.sort(key=rank)
            self._rev = rev
        return self._rev.get(idx, [])

    def country_of_name(self, name: str) -> str:
        """ISO2 of the country called ``name`` ("Armenia", "the DRC"), or ""."""
        for i in self.index.get(name_key(name), ()):
            if self.rows[i][1] == "country":
                return self.rows[i][3]
        return ""

    def country_heads(self) -> frozenset[str]:
        """First words of the keys that name a country (a word that begins none cannot start one)."""
        if self._country_heads is None:
            own = frozenset(k.split(" ", 1)[0] for k, ids in self._own.items()
                            if any(self.rows[i][1] == "country" for i in ids))
            self._country_heads = own | self._base.country_heads if self._base is not None else own
        return self._country_heads

    def country_row(self, iso2: str) -> int | None:
        """Row number of the country itself (as a place), or None."""
        c = self.countries.get(iso2)
        for i in self.index.get(name_key(c.name), ()) if c else ():
            if self.rows[i][1] == "country" and self.rows[i][3] == iso2:
                return i
        return None

    def country(self, iso2: str) -> Country | None:
        return self.countries.get(iso2)

    def _add_admin1_spelling(self, cc: str, spelling: str, display: str, override: bool = False) -> None:
        for k in {name_key(spelling), strip_admin_suffix(spelling)} - {""}:
            if override:
                self._admin1_exact[(cc, k)] = display
            else:
                self._admin1_exact.setdefault((cc, k), display)
        self._admin1_skeleton.setdefault((cc, admin_key(spelling)), set()).add(display)

    def admin1_canonical(self, iso2: str, name: str) -> str | None:
        """The gazetteer's admin1 name for a spelling of it in a country, or None: the exact
        spelling ("Idlib Governorate"), else another transliteration if it names only one area."""
        base = self._base
        for k in (name_key(name), strip_admin_suffix(name)):
            hit = base.admin1_exact(iso2, k) if base is not None else None
            if hit is None:  # (a spelling added on top never replaces one the index has)
                hit = self._admin1_exact.get((iso2, k))
            if hit:
                return hit
        ak = admin_key(name)
        found = self._admin1_skeleton.get((iso2, ak), set())
        if base is not None:
            found = found | base.admin1_skeleton(iso2, ak)
        return next(iter(found)) if len(found) == 1 else None

    def _admin1_of_code(self, iso2: str, code: str) -> str:
        """The admin1 display name of a GeoNames admin1 code ("IQ", "11"), or ""."""
        hit = self._admin1_by_code.get((iso2, code))
        if hit is None and self._base is not None:
            hit = self._base.admin1_by_code(iso2, code)
        return hit or ""

    # -- typed accessors for the place stage (``Place`` records, not row tuples) -----------------
    def places(self, ids) -> list[Place]:
        """The places of row numbers ``ids`` (as ``lookup_key`` and ``lookup_skeleton`` give them), in order."""
        return [self.place(i) for i in ids]

    def places_of_kinds(self, kinds, iso2: str) -> list[Place]:
        """The places of some kinds ("airbase", "dam") in country ``iso2``, in gazetteer order."""
        return [self.place(i) for i in self.rows_of_kinds(kinds) if self.rows[i][3] == iso2]


def _admin1_from_admin2() -> dict:
    """The packs' ``admin1_from_admin2``: country -> "all" or the admin2 names promoted."""
    return default_knowledge().admin1_from_admin2


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer()
