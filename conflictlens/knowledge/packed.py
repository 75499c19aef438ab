"""Read-only tables in one file, opened with ``mmap`` and read in place.

A packed file is a header (JSON: what the file is, and where each section lies) followed by
sections of fixed-width numbers.  Opening one costs a read of the header: the numbers stay in
the file, and the operating system pages in what a lookup touches, so processes on one machine
that open the same file (Dask workers) share one copy in the page cache.

Two structures are built from sections:

* ``Strings``: strings by number (offsets into one UTF-8 blob);
* ``Postings``: string key -> list of numbers, an open-addressing hash table (CRC-32 of the
  key's UTF-8, linear probing) whose keys and lists are themselves stored as offsets and blobs.

``Writer`` builds a file; ``Packed`` opens one (a path, or bytes already in memory).
"""

from __future__ import annotations

import json
import mmap
import os
import struct
import zlib
from array import array
from pathlib import Path

MAGIC = b"CLPACK01"
ALIGN = 8  # every section starts on a multiple of this (so a cast to 8-byte numbers is aligned)
LOAD_FACTOR = 0.5  # of a hash table: at most half its slots used, so a miss ends after a probe or two
_HEAD = struct.Struct("<8sQ")  # magic, header length


class Writer:
    """Sections added one by one, then written with a header naming them."""

    def __init__(self):
        self.sections: list[tuple[str, str, bytes]] = []  # (name, typecode, bytes)

    def add(self, name: str, typecode: str, data) -> None:
        """``data``: an ``array`` of that typecode, or bytes (typecode "B")."""
        raw = data.tobytes() if isinstance(data, array) else bytes(data)
        self.sections.append((name, typecode, raw))

    def add_strings(self, name: str, strings) -> None:
        offsets, blob = array("I", [0]), bytearray()
        for s in strings:
            blob += s.encode("utf-8")
            offsets.append(len(blob))
        self.add(f"{name}.off", "I", offsets)
        self.add(f"{name}.blob", "B", blob)

    def add_postings(self, name: str, items) -> None:
        """``items``: (key, list of non-negative ints) in the order their keys get their numbers."""
        keys, lists = [], []
        for k, v in items:
            keys.append(k)
            lists.append(v)
        size = 1
        while size * LOAD_FACTOR < max(1, len(keys)):
            size *= 2
        slots = array("I", bytes(4 * size))
        for kid, k in enumerate(keys):
            i = zlib.crc32(k.encode("utf-8")) & (size - 1)
            while slots[i]:
                i = (i + 1) & (size - 1)
            slots[i] = kid + 1
        offsets, flat = array("I", [0]), array("I")
        for v in lists:
            flat.extend(v)
            offsets.append(len(flat))
        self.add_strings(f"{name}.keys", keys)
        self.add(f"{name}.slots", "I", slots)
        self.add(f"{name}.poff", "I", offsets)
        self.add(f"{name}.post", "I", flat)

    def tobytes(self, meta: dict) -> bytes:
        table, pos = {}, 0
        for name, tc, raw in self.sections:
            table[name] = [pos, len(raw), tc]
            pos += len(raw) + (-len(raw)) % ALIGN
        header = json.dumps({"meta": meta, "sections": table}, sort_keys=True).encode("utf-8")
        header += b" " * ((-(_HEAD.size + len(header))) % ALIGN)
        out = bytearray(_HEAD.pack(MAGIC, len(header)) + header)
        for _name, _tc, raw in self.sections:
            out += raw + bytes((-len(raw)) % ALIGN)
        return bytes(out)

    def write(self, path: Path, meta: dict) -> None:
        """Written to a temporary name, then renamed: a reader never sees half a file."""
        tmp = Path(f"{path}.tmp-{os.getpid()}")
        tmp.write_bytes(self.tobytes(meta))
        os.replace(tmp, path)


def read_meta(head: bytes) -> dict | None:
    """The header of a packed file from its first bytes, or None if they are not one's."""
    if len(head) < _HEAD.size:
        return None
    magic, n = _HEAD.unpack_from(head)
    if magic != MAGIC or len(head) < _HEAD.size + n:
        return None
    return json.loads(head[_HEAD.size:_HEAD.size + n])["meta"]


class Packed:
    """An opened packed file: ``meta`` (what the writer recorded), ``array(name)``, and the
    ``strings``/``postings`` built on its sections."""

    def __init__(self, source: Path | bytes):
        if isinstance(source, (bytes, bytearray)):
            self.buf = source
        else:
            with open(source, "rb") as fh:
                self.buf = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        magic, n = _HEAD.unpack_from(self.buf)
        if magic != MAGIC:
            raise ValueError(f"{source if not isinstance(source, (bytes, bytearray)) else 'data'}: not a packed file")
        head = json.loads(bytes(self.buf[_HEAD.size:_HEAD.size + n]))
        self.meta = head["meta"]
        self._base = _HEAD.size + n
        self._sections = head["sections"]
        self._view = memoryview(self.buf)

    def array(self, name: str) -> memoryview:
        off, n, tc = self._sections[name]
        return self._view[self._base + off:self._base + off + n].cast(tc)

    def span(self, name: str) -> tuple[int, int]:
        """Where a section's bytes lie in ``buf``."""
        off, n, _tc = self._sections[name]
        return self._base + off, self._base + off + n

    def strings(self, name: str) -> "Strings":
        return Strings(self, name)

    def postings(self, name: str) -> "Postings":
        return Postings(self, name)


class Strings:
    __slots__ = ("off", "buf", "base", "n")

    def __init__(self, p: Packed, name: str):
        self.off = p.array(f"{name}.off")
        self.buf = p.buf
        self.base = p.span(f"{name}.blob")[0]
        self.n = len(self.off) - 1

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> str:
        b = self.base
        return self.buf[b + self.off[i]:b + self.off[i + 1]].decode("utf-8")

    def raw(self, i: int) -> bytes:
        b = self.base
        return self.buf[b + self.off[i]:b + self.off[i + 1]]


class Postings:
    """key -> list of ints; ``key_id`` is the key's number (its position in the writer's order)."""

    __slots__ = ("keys", "slots", "mask", "poff", "post")

    def __init__(self, p: Packed, name: str):
        self.keys = p.strings(f"{name}.keys")
        self.slots = p.array(f"{name}.slots")
        self.mask = len(self.slots) - 1
        self.poff = p.array(f"{name}.poff")
        self.post = p.array(f"{name}.post")

    def __len__(self) -> int:
        return len(self.keys)

    def key_id(self, key: str) -> int:
        """The key's number, or -1."""
        b = key.encode("utf-8")
        slots, mask, raw = self.slots, self.mask, self.keys.raw
        i = zlib.crc32(b) & mask
        while True:
            s = slots[i]
            if not s:
                return -1
            if raw(s - 1) == b:
                return s - 1
            i = (i + 1) & mask

    def get(self, key: str) -> list[int] | None:
        k = self.key_id(key)
        return None if k < 0 else self.post[self.poff[k]:self.poff[k + 1]].tolist()

    def list_of(self, key_id: int) -> list[int]:
        return self.post[self.poff[key_id]:self.poff[key_id + 1]].tolist()

    def __contains__(self, key: str) -> bool:
        return self.key_id(key) >= 0

    def items(self):
        for k in range(len(self.keys)):
            yield self.keys[k], self.list_of(k)
