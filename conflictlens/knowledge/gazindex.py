"""The gazetteer as a packed index: built once, opened in a blink.

Loading ``data/gazetteer.tsv.gz`` into Python objects takes seconds and hundreds of MB (a quarter
of a million rows, 630,000 name keys), and the indexes built from them on first use (prefixes,
skeletons per country, the grid, seats, ...) as much again.  ``build`` runs the plain loader once,
asks it for every one of those indexes, and writes them all into one packed file
(``knowledge.packed``); ``open_index`` opens that file with ``mmap``, so ``Gazetteer()`` reads only
what its lookups touch, and processes on one machine share one copy.

The repository ships the file compressed (``data/gazetteer.idx.gz``, built by
``scripts/build_index.py``).  On first use it is decompressed into the cache directory
(``$CONFLICTLENS_CACHE``, else ``$XDG_CACHE_HOME/conflictlens``, else ``~/.cache/conflictlens``)
under a name carrying the fingerprint of its sources; when the shipped file does not match the
sources (they changed since it was built), the index is built from them into the cache instead.
Either way it happens once per machine.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sys
import tempfile
from array import array
from pathlib import Path

from . import DATA_DIR
from .packed import Packed, Writer, read_meta

INDEX_FILE = DATA_DIR / "gazetteer.idx.gz"
# Bump when the layout written by ``build`` changes.
FORMAT_VERSION = 1
# The knowledge the gazetteer reads (the packs' admin sections and country names, with ACLED's names
# of first-level areas; the rest of the knowledge does not touch it).
CONVENTION_SECTIONS = ("admin1_aliases", "admin1_from_admin2", "country_names")
_CODE = Path(__file__).resolve().parent
# The code that decides what the index holds: name keys, the loader, this builder.
CODE_FILES = ("names.py", "gazetteer.py", "gazindex.py", "packed.py")
_GRID_SEP = ","


def sources_fingerprint(gazetteer_file: Path, countries_file: Path | None) -> str:
    """A hash of everything the index is built from: the data files, the conventions the loader
    reads, and the code that turns them into keys and indexes."""
    h = hashlib.sha256(f"format {FORMAT_VERSION}\n".encode())
    for p in (gazetteer_file, countries_file):
        h.update(hashlib.sha256(Path(p).read_bytes() if p is not None and Path(p).exists() else b"").digest())
    from .packs import default_knowledge

    k = default_knowledge()
    h.update(json.dumps({name: getattr(k, name) for name in CONVENTION_SECTIONS}, sort_keys=True,
                        ensure_ascii=False, default=sorted).encode())
    for name in CODE_FILES:
        h.update(hashlib.sha256((_CODE / name).read_bytes()).digest())
    return h.hexdigest()


def cache_dir() -> Path:
    env = os.environ.get("CONFLICTLENS_CACHE")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "conflictlens" if xdg else Path.home() / ".cache" / "conflictlens"


# -- building -----------------------------------------------------------------------------------
def build_packed(gaz, fingerprint: str) -> bytes:
    """The packed index of a plain, fully loaded ``Gazetteer``: its rows, its name index, and every
    index it would build on first use, each exactly as it builds it."""
    w = Writer()
    rows = gaz.rows
    strings: dict[str, int] = {}

    def sid(s: str) -> int:
        if s not in strings:
            strings[s] = len(strings)
        return strings[s]

    cols = {c: array("I") for c in ("pid", "kind", "name", "cc", "a1", "a2", "src")}
    lat, lon, pop = array("d"), array("d"), array("q")
    for r in rows:
        for c, v in zip(("pid", "kind", "name", "cc", "a1", "a2"), r[:6]):
            cols[c].append(sid(v))
        lat.append(r[6])
        lon.append(r[7])
        pop.append(r[8])
        cols["src"].append(sid(r[9]))
    for c, a in cols.items():
        w.add(f"row.{c}", "I", a)
    w.add("row.lat", "d", lat)
    w.add("row.lon", "d", lon)
    w.add("row.pop", "q", pop)

    keys = list(gaz.index.items())  # in the dict's order: the key numbers are that order
    w.add_postings("keys", keys)
    key_id = {k: n for n, (k, _ids) in enumerate(keys)}
    gaz.may_extend("")
    w.add_postings("prefixes", ((p, []) for p in sorted(gaz._prefixes)))
    rev_off, rev = array("I", [0]), array("I")
    for i in range(len(rows)):
        rev.extend(key_id[k] for k in gaz._keys_of(i))
        rev_off.append(len(rev))
    w.add("rev.off", "I", rev_off)
    w.add("rev.keys", "I", rev)

    by_country = gaz._rows_of_country()
    w.add_postings("country", by_country.items())
    skel, heads = [], []
    for cc in by_country:
        gaz.lookup_skeleton_head("x", cc)  # builds both of the country's skeleton indexes
        skel.extend((f"{cc}\t{s}", ids) for s, ids in gaz._skeletons[cc].items())
        heads.extend((f"{cc}\t{s}", ids) for s, ids in gaz._skeleton_heads[cc].items())
    w.add_postings("skel", skel)
    w.add_postings("skelhead", heads)
    kinds = sorted({r[1] for r in rows})
    w.add_postings("kind", ((k, gaz.rows_of_kinds([k])) for k in kinds))
    w.add_postings("seat", ((f"{cc}\t{a1}", [i]) for (cc, a1), i in gaz._seat_table().items()))
    w.add_postings("grid", ((f"{cy}{_GRID_SEP}{cx}", ids) for (cy, cx), ids in gaz._grid_table().items()))
    w.add_postings("a1exact", ((f"{cc}\t{k}", [sid(v)]) for (cc, k), v in gaz._admin1_exact.items()))
    w.add_postings("a1skel", ((f"{cc}\t{k}", sorted(sid(v) for v in vs)) for (cc, k), vs in gaz._admin1_skeleton.items()))
    w.add_postings("a1code", ((f"{cc}\t{k}", [sid(v)]) for (cc, k), v in gaz._admin1_by_code.items()))
    w.add_strings("str", strings)
    meta = {"format": FORMAT_VERSION, "fingerprint": fingerprint, "rows": len(rows), "keys": len(keys),
            "country_heads": sorted(gaz.country_heads())}
    return w.tobytes(meta)


def build(gazetteer_file: Path, countries_file: Path) -> bytes:
    """Load the sources with the plain loader and pack them."""
    from .gazetteer import Gazetteer

    gaz = Gazetteer(gazetteer_file, countries_file, index=False)
    return build_packed(gaz, sources_fingerprint(gazetteer_file, countries_file))


def write_shipped(out: Path, gazetteer_file: Path, countries_file: Path) -> dict:
    """Build the index and write it gzip-compressed (the file the repository ships)."""
    data = build(gazetteer_file, countries_file)
    tmp = Path(f"{out}.tmp-{os.getpid()}")
    with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as fh:
        fh.write(data)
    os.replace(tmp, out)
    return read_meta(data)


def shipped_meta(path: Path = INDEX_FILE) -> dict | None:
    """The header of the shipped index (read from its first few kilobytes), or None."""
    try:
        with gzip.open(path, "rb") as fh:
            head = fh.read(1 << 16)
    except (OSError, EOFError):
        return None
    return read_meta(head)


# -- opening ------------------------------------------------------------------------------------
def open_index(gazetteer_file: Path, countries_file: Path, shipped: Path = INDEX_FILE) -> "GazetteerIndex":
    """The packed index of these sources: from the cache, else unpacked from the shipped file, else
    built from the sources (then cached); in memory when the cache cannot be written."""
    fp = sources_fingerprint(gazetteer_file, countries_file)
    cached = cache_dir() / f"gazetteer-{fp[:24]}.idx"
    if cached.exists():
        try:
            p = Packed(cached)
            if p.meta.get("fingerprint") == fp:
                return GazetteerIndex(p)
        except (OSError, ValueError):
            pass
    meta = shipped_meta(shipped) if Path(shipped).exists() else None
    if meta is not None and meta.get("fingerprint") == fp:
        with gzip.open(shipped, "rb") as fh:
            data = fh.read()
    else:
        print(f"conflictlens: the gazetteer index {shipped.name} does not match its sources; building it "
              f"(once; scripts/build_index.py updates the shipped one)", file=sys.stderr)
        data = build(gazetteer_file, countries_file)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cached.parent, prefix=cached.name + ".")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, cached)
        return GazetteerIndex(Packed(cached))
    except OSError:
        return GazetteerIndex(Packed(data))


class GazetteerIndex:
    """What a packed index answers: rows, keys, prefixes and the indexes of ``Gazetteer``."""

    def __init__(self, p: Packed):
        self.packed = p
        self.n_rows = p.meta["rows"]
        self.strings = p.strings("str")
        self._cols = [p.array(f"row.{c}") for c in ("pid", "kind", "name", "cc", "a1", "a2")]
        self._lat, self._lon, self._pop = p.array("row.lat"), p.array("row.lon"), p.array("row.pop")
        self._src = p.array("row.src")
        self.keys = p.postings("keys")
        self.prefixes = p.postings("prefixes")
        self._rev_off, self._rev = p.array("rev.off"), p.array("rev.keys")
        self.by_country = p.postings("country")
        self.skeletons = p.postings("skel")
        self.skeleton_heads = p.postings("skelhead")
        self.kinds = p.postings("kind")
        self.seats = p.postings("seat")
        self.grid = p.postings("grid")
        self._a1exact = p.postings("a1exact")
        self._a1skel = p.postings("a1skel")
        self._a1code = p.postings("a1code")
        self.country_heads = frozenset(p.meta["country_heads"])

    def row(self, i: int) -> tuple:
        s = self.strings
        pid, kind, name, cc, a1, a2 = (s[c[i]] for c in self._cols)
        return (pid, kind, name, cc, a1, a2, self._lat[i], self._lon[i], self._pop[i], s[self._src[i]])

    def keys_of(self, i: int) -> list[str]:
        """The row's name keys, in the order the plain loader's reverse index lists them."""
        return [self.keys.keys[k] for k in self._rev[self._rev_off[i]:self._rev_off[i + 1]]]

    def key_rank(self, key: str) -> int:
        return self.keys.key_id(key)

    def cell(self, cy: int, cx: int) -> list[int]:
        return self.grid.get(f"{cy}{_GRID_SEP}{cx}") or []

    def seat(self, cc: str, admin1: str) -> int | None:
        ids = self.seats.get(f"{cc}\t{admin1}")
        return ids[0] if ids else None

    def admin1_exact(self, cc: str, key: str) -> str | None:
        ids = self._a1exact.get(f"{cc}\t{key}")
        return self.strings[ids[0]] if ids else None

    def admin1_skeleton(self, cc: str, key: str) -> set[str]:
        return {self.strings[i] for i in self._a1skel.get(f"{cc}\t{key}") or ()}

    def admin1_by_code(self, cc: str, code: str) -> str | None:
        ids = self._a1code.get(f"{cc}\t{code}")
        return self.strings[ids[0]] if ids else None


# Decoded rows and answered keys kept per process: more than a long run touches, and few enough
# that a run over millions of articles stays within tens of MB (the caches are emptied when full).
ROW_CACHE_ENTRIES = 100_000
KEY_CACHE_ENTRIES = 200_000
_MISSING = object()


class RowsView(dict):
    """``Gazetteer.rows`` on an index: row ``i`` as the plain loader's tuple (pid, kind, name,
    country, admin1, admin2, lat, lon, population, source), decoded on first use and kept; the
    rows added on top follow the index's.  A sequence to its users (indexing, ``len``,
    iteration); a dict underneath, so that a row already decoded costs one dict lookup."""

    def __init__(self, base: GazetteerIndex, own: list):
        super().__init__()
        self.base, self.own, self.n_base = base, own, base.n_rows

    def __missing__(self, i):
        n = self.n_base
        if not isinstance(i, int):
            raise TypeError(f"gazetteer rows are indexed by int, not {type(i).__name__}")
        if i < 0:  # not kept: what -1 is changes as rows are added
            if i < -len(self):
                raise IndexError("gazetteer row index out of range")
            return self[len(self) + i]
        if i < n:
            row = self.base.row(i)
        elif i < n + len(self.own):
            row = self.own[i - n]
        else:
            raise IndexError("gazetteer row index out of range")
        if dict.__len__(self) >= ROW_CACHE_ENTRIES:
            self.clear()
        self[i] = row
        return row

    def __len__(self) -> int:
        return self.n_base + len(self.own)

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __contains__(self, row) -> bool:
        return any(r == row for r in self)

    def __eq__(self, other) -> bool:
        return list(self) == list(other)

    __hash__ = None


class IndexView:
    """``Gazetteer.index`` on an index: name key -> row numbers (the index's, then those of rows
    added on top), with ``get``, ``in``, ``[]`` and iteration as on the plain loader's dict.
    Answers, misses included, are kept: most words of a text are looked up again and again."""

    __slots__ = ("base", "own", "_cache", "_prefix_cache", "_cells")

    def __init__(self, base: GazetteerIndex, own: dict[str, list[int]]):
        self.base, self.own = base, own
        self._cache: dict[str, list[int] | None] = {}
        self._prefix_cache: dict[str, bool] = {}
        self._cells: dict[tuple[int, int], list[int]] = {}

    def clear_cache(self) -> None:
        self._cache.clear()

    def get(self, key: str, default=None):
        hit = self._cache.get(key, _MISSING)
        if hit is _MISSING:
            hit = self.base.keys.get(key)
            own = self.own.get(key)
            if own:
                hit = (hit or []) + own
            if len(self._cache) >= KEY_CACHE_ENTRIES:
                self._cache.clear()
            self._cache[key] = hit
        return default if hit is None else hit

    def __contains__(self, key) -> bool:
        return self.get(key) is not None

    def __getitem__(self, key: str) -> list[int]:
        hit = self.get(key)
        if hit is None:
            raise KeyError(key)
        return hit

    def __iter__(self):
        keys = self.base.keys.keys
        for k in range(len(keys)):
            yield keys[k]
        for k in self.own:
            if self.base.keys.key_id(k) < 0:
                yield k

    def __len__(self) -> int:
        return len(self.base.keys) + sum(1 for k in self.own if self.base.keys.key_id(k) < 0)

    def keys(self):
        return iter(self)

    def items(self):
        for k in self:
            yield k, self[k]

    def values(self):
        for _k, v in self.items():
            yield v

    def is_prefix(self, key: str) -> bool:
        """Whether ``key`` is a word-aligned proper prefix of a key of the index (see may_extend)."""
        hit = self._prefix_cache.get(key)
        if hit is None:
            hit = self.base.prefixes.key_id(key) >= 0
            if len(self._prefix_cache) >= KEY_CACHE_ENTRIES:
                self._prefix_cache.clear()
            self._prefix_cache[key] = hit
        return hit

    def cell(self, cy: int, cx: int) -> list[int]:
        """The index's point places in a grid cell (a copy: the caller may add to it)."""
        hit = self._cells.get((cy, cx))
        if hit is None:
            hit = self.base.cell(cy, cx)
            if len(self._cells) >= KEY_CACHE_ENTRIES:
                self._cells.clear()
            self._cells[(cy, cx)] = hit
        return hit
