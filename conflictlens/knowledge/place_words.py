"""The word lists of the place stage (``data/place_words.yaml``), loaded once per ``Context``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import DATA_DIR, zipf_table
from .matcher import Trigger

PLACE_WORDS_FILE = DATA_DIR / "place_words.yaml"


@dataclass(frozen=True, slots=True)
class PlaceWords:
    not_places: frozenset  # capitalised words that are never places ("March", "Police")
    source_contexts: tuple  # patterns (``Trigger``) around a name that make it where a source sits
    trailing_kinds: frozenset  # "plain", "airbase": part of a feature's name
    admin_words: frozenset  # "province", "district": the name is an admin area
    neighbours: frozenset  # words that may stand beside a name without lengthening it
    streets: frozenset  # "square", "junction": the name is a street's
    organisations: frozenset  # "party": the name is an organisation's
    admin_after: re.Pattern  # an admin word right after a name ("Idleb province", "Hama countryside")
    zipf: dict  # how common each English word is (``knowledge.zipf_table``)

    @classmethod
    def load(cls, path: Path = PLACE_WORDS_FILE) -> PlaceWords:
        d = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        trailing, admin = frozenset(d["trailing_kind_words"]), frozenset(d["admin_words"])
        return cls(frozenset(w.lower() for w in d["not_places"]), tuple(Trigger(p) for p in d["source_contexts"]),
                   trailing, admin, frozenset(w.lower() for w in (*d["name_neighbours"], *trailing, *admin)),
                   frozenset(d["street_words"]), frozenset(d["organisation_words"]),
                   re.compile(r"\s*(" + "|".join(re.escape(w) for w in admin) + r")\b", re.I), zipf_table())

    def admin_word_after(self, text: str, end: int) -> bool:
        """"Idleb province", "Hama countryside": an admin word right after the name."""
        return bool(self.admin_after.match(text, end, end + 25))
