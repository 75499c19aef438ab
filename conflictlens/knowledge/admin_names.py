"""ACLED's names of first-level areas (``data/acled_admin1.tsv``, built by
``scripts/build_admin_names.py``): the gazetteer's name of an area -> the name ACLED writes for it.

Events carry ACLED's name (an analyst filters ``admin1 = Idleb`` and joins with an ACLED export); the
gazetteer keeps its own names inside, and knows ACLED's as spellings (``acled_spellings``).
"""

from __future__ import annotations

from functools import lru_cache

from unidecode import unidecode

from . import DATA_DIR

ADMIN1_FILE = DATA_DIR / "acled_admin1.tsv"


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, str], str]:
    out = {}
    if ADMIN1_FILE.exists():
        with open(ADMIN1_FILE, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#") or not line.strip():
                    continue
                cc, name, acled, _source = line.rstrip("\n").split("\t")
                out[(cc, name)] = acled
    return out


def acled_admin1(iso2: str, name: str) -> str:
    """ACLED's name for the gazetteer's first-level area ``name`` of ``iso2`` (itself when unknown)."""
    return _table().get((iso2, name), name) if name else name


def acled_spellings() -> dict[str, dict[str, str]]:
    """ISO2 -> {ACLED's name: the gazetteer's name}, where they differ."""
    out: dict[str, dict[str, str]] = {}
    for (cc, name), acled in _table().items():
        if acled != name:
            out.setdefault(cc, {})[acled] = name
    return out


def place_name(name: str) -> str:
    """A place's name as ACLED writes it: plain ASCII ("Ţarţūs" -> "Tartus", "Dūmā" -> "Duma"), with
    the transliteration marks for ayn and hamza dropped."""
    if name.isascii():
        return name
    return " ".join(unidecode(name.replace("ʿ", "").replace("ʾ", "").replace("‘", "").replace("’", "'")).split())
