"""The actor base: ACLED-convention names, aliases, inter codes, periods of validity.

The knowledge packs (``packs.py``: ``data/countries/XX/actors.yaml`` and the global
``data/actors.yaml``) hold named actors, each country's state forces by period, and the word
lists for generic phrases ("regime forces", "unknown gunmen", "civilians").  Names that change over time
(Jabhat al-Nusra -> Jabhat Fateh al-Sham -> HTS; the Syrian state's forces
before and after December 2024) are separate entries with ``valid_from`` /
``valid_to``; ``ActorBase.pick`` chooses the one valid on an event's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from . import load_data_yaml
from .matcher import PhraseIndex, tokenize
from .names import name_key
from .packs import Knowledge, default_knowledge, knowledge_error, merged, read_user
from .schema import Problem

# Generic kinds an actor mention can have besides a named actor.
STATE, POLICE, CIVILIANS, PROTESTERS, RIOTERS, UNIDENTIFIED, GANG, REBELS, ISLAMIST, NAMED = (
    "state", "police", "civilians", "protesters", "rioters", "unidentified", "gang", "rebels", "islamist", "named")
# A named group the base does not know: an armed group by its own name ("Northern Storm Brigade"),
# or a tribe ("the Al Humayqani tribe" -> "Al Humayqani Tribal Militia (Yemen)").
GROUP, TRIBE, IDENTITY = "group", "tribe", "identity"  # named by the text only: an armed group, a clan, an identity militia
GENERIC_INTER = {STATE: 1, POLICE: 1, CIVILIANS: 7, PROTESTERS: 6, RIOTERS: 5, UNIDENTIFIED: 3, GANG: 3, REBELS: 2,
                 ISLAMIST: 2, GROUP: 2, TRIBE: 4, IDENTITY: 4}

# Abbreviations of a country's name written as its adjective, case-sensitive ("US jets" is US forces)
COUNTRY_ABBREVIATIONS = {"US": "US", "USA": "US", "UK": "GB", "UAE": "AE"}


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    inter: int
    country: str = ""
    aliases: tuple[str, ...] = ()
    valid_from: date | None = None
    valid_to: date | None = None
    members: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()  # admin1 areas it fights in, where its country is wide ("Donetsk")
    by_country: tuple[tuple[str, str], ...] = ()  # (ISO2, name) where ACLED names a branch differently
    # a monitor's: which of its parties held each place it names, in which admin1 area, and when
    # (see ``holder``): (party, area, name keys)
    held: tuple[tuple[str, str, frozenset[str]], ...] = ()
    held_from: date | None = None
    held_to: date | None = None

    def name_in(self, iso2: str, country_name: str) -> str:
        """The name for an event in ``iso2``: "Islamic State ({country})" -> "Islamic State (Iraq)"."""
        for cc, name in self.by_country:
            if cc == iso2:
                return name
        return self.name.format(country=country_name) if "{country}" in self.name else self.name

    def holder(self, names, when: date | None) -> tuple[str, str] | None:
        """(party, admin1 area) of the place called any of ``names`` on ``when`` (a monitor's
        ``held`` lists, by ``name_key``), or None: not listed, listed for both sides or for two
        areas, or outside the period."""
        if not self.held or when is None or not (self.held_from or date.min) <= when <= (self.held_to or date.max):
            return None
        keys = {name_key(n) for n in names if n}
        found = {(party, area) for party, area, places in self.held if keys & places}
        return found.pop() if len(found) == 1 else None

    def valid_on(self, d: date | None) -> bool:
        if d is None:
            return True
        return (self.valid_from is None or d >= self.valid_from) and (self.valid_to is None or d <= self.valid_to)


@dataclass(slots=True)
class ActorRef:
    """What an actor mention resolves to before the event's date is known."""

    kind: str  # NAMED or one of the generic kinds
    country: str = ""  # ISO2, if the words say ("Turkish forces"); else the event's country is used
    candidates: tuple[Actor, ...] = ()  # for NAMED: entries sharing the alias, told apart by date
    words: str = ""
    extra: dict = field(default_factory=dict)


def _chronological(a: Actor) -> tuple[date, date]:
    return a.valid_from or date.min, a.valid_to or date.max


def _d(v) -> date | None:
    if v in (None, ""):
        return None
    return v if isinstance(v, date) else date.fromisoformat(str(v))


class ActorBase:
    """The actors and monitors of the knowledge packs (``packs.py``), with ACLED's naming
    conventions by country; ``add_file`` adds a user's pack, checked the same way."""

    def __init__(self, knowledge: Knowledge | None = None):
        k = knowledge if knowledge is not None else default_knowledge()
        self.knowledge = k
        self.periods: dict[str, list] = {}
        self.country_article: set[str] = set()
        self._gang_context = re.compile(k.gang_context, re.I) if k.gang_context else None
        self._armed_group_context = re.compile(k.armed_group_context, re.I) if k.armed_group_context else None
        self._gang_countries: set[str] = set()
        self._unidentified_by_sub: dict[str, dict[str, str]] = {}
        self.foreign_operations: dict[tuple[str, str], tuple[str, date | None]] = {}
        # named units of a country's forces, which ACLED appends to the force's name
        self.state_units: dict[str, dict[str, tuple[str, str]]] = {}
        self.demonyms = {k.lower(): v for k, v in load_data_yaml("demonyms.yaml").items()}
        # country abbreviations used as adjectives ("US jets", "UK forces"): matched as written, since
        # "us" is also a pronoun
        self.country_abbreviations = dict(COUNTRY_ABBREVIATIONS)
        self.actors: list[Actor] = []
        self.by_name: dict[str, Actor] = {}
        self.index = PhraseIndex()
        self.acronyms: dict[str, list[Actor]] = {}
        g = k.generic
        self.military_nouns = set(g["military_nouns"])
        # what only a state's forces do, when a demonym or a force says whose ("Israeli airstrikes")
        self.strike_nouns = {w.lower() for w in g.get("strike_nouns", ())}
        self.police_nouns = set(g["police_nouns"])
        self.state_words = {w.lower() for w in g["state_words"]}
        self.generic = PhraseIndex()
        for kind, key in ((CIVILIANS, "civilian_words"), (PROTESTERS, "protester_words"), (RIOTERS, "rioter_words"),
                          (UNIDENTIFIED, "unidentified_words"), (GANG, "gang_words"), (REBELS, "rebel_words"),
                          (ISLAMIST, "islamist_words")):
            for w in g[key]:
                self.generic.add(w, kind)
        for w in self.military_nouns | self.strike_nouns:
            self.generic.add(w, STATE)
        for w in self.police_nouns:
            self.generic.add(w, POLICE)
        # Monitors and missions are not parties to events, but they say where a report comes from
        # ("the OSCE SMM observed ... near Kruta Balka": eastern Ukraine).
        self.monitors = PhraseIndex()
        self.monitor_list: list[Actor] = []
        self._last_monitors: tuple | None = None
        self._add_knowledge(k)

    def _add_knowledge(self, k: Knowledge) -> int:
        """Add what a Knowledge holds: its conventions, actors and monitors."""
        self.periods.update({cc: [(int(a), _d(b)) for a, b in v] for cc, v in k.periods.items()})
        self.country_article |= k.country_article
        self._gang_countries |= k.gang_countries
        for cc, table in k.unidentified_by_sub.items():
            self._unidentified_by_sub.setdefault(cc, {}).update(table)
        self.foreign_operations.update({(o["forces"], o["country"]): (o["name"], _d(o.get("valid_from")))
                                        for o in k.foreign_operations})
        for cc, units in k.units.items():
            self.state_units.setdefault(cc, {}).update(
                {phrase.lower(): (kind, suffix) for phrase, (kind, suffix) in units.items()})
        return self.add_entries(k.actors) + self.add_monitors(k.monitors)

    def add_entries(self, entries: list[dict]) -> int:
        touched, acronyms = set(), set()
        for e in entries:
            a = Actor(name=e["name"], inter=int(e.get("inter", 3)), country=e.get("country", ""),
                      aliases=tuple(e.get("aliases", [])), valid_from=_d(e.get("valid_from")),
                      valid_to=_d(e.get("valid_to")), members=tuple(e.get("members", [])),
                      areas=tuple(e.get("areas", [])), by_country=tuple(e.get("by_country", {}).items()))
            self.actors.append(a)
            self.by_name[a.name] = a
            for alias in (a.name, *a.aliases):
                if alias.isupper() and len(alias) <= 5:
                    self.acronyms.setdefault(alias, []).append(a)  # "IS", "AA": case matters
                    acronyms.add(alias)
                else:
                    self.index.add(alias, a)
                    touched.add(self.index.key_of(alias))
        # Entries sharing an alias ("Nusra Front", "separatists") are kept oldest first, whichever pack
        # they come from: which comes first then depends on the facts, not on the order of the packs
        self.index.sort_payloads(touched, _chronological)
        for alias in acronyms:
            self.acronyms[alias].sort(key=_chronological)
        return len(entries)

    def add_monitors(self, entries: list[dict]) -> int:
        """Monitoring missions (``monitors:`` in a pack); their ``parties`` are kept as members."""
        for e in entries:
            held = e.get("held") or {}
            m = Actor(name=e["name"], inter=0, country=e.get("country", ""), aliases=tuple(e.get("aliases", [])),
                      areas=tuple(e.get("areas", [])), members=tuple(e.get("parties", [])),
                      held=tuple((party, area, frozenset(name_key(n) for n in names))
                                 for party in e.get("parties", []) if party in held
                                 for area, names in held[party].items()),
                      held_from=_d(held.get("from")), held_to=_d(held.get("to")))
            for alias in (m.name, *m.aliases):
                self.monitors.add(alias, m)
            self.monitor_list.append(m)
        self._last_monitors = None
        return len(entries)

    def add_file(self, path: Path) -> int:
        """Add a user's pack (a YAML file in the format of the packs, or a pack's folder), checked as
        the shipped packs are; a KnowledgeError naming the file, the entry and the problem if it fails."""
        extra, problems = read_user(self.knowledge, Path(path))
        for section, table in (("admin1_aliases", extra.admin1_aliases),
                               ("admin1_from_admin2", extra.admin1_from_admin2), ("features", extra.features)):
            if table:
                problems.append(Problem(str(path), section, "changes the gazetteer, which --actors cannot: put the "
                                        "pack in conflictlens/knowledge/data/countries/XX/ (and, for features, "
                                        "rebuild the gazetteer with scripts/build_gazetteer.py)"))
        if problems:
            raise knowledge_error(problems)
        self.knowledge = merged(self.knowledge, extra)
        return self._add_knowledge(extra)

    def monitors_in(self, sentences) -> list[Actor]:
        """Monitoring missions named in the ``sentences`` (their country and areas place a report).
        Two stages ask about the same article in turn, so the last answer is kept."""
        key = tuple((s.start, s.text) for s in sentences)
        if self._last_monitors is None or self._last_monitors[0] != key:
            self._last_monitors = (key, [ms[0] for s in sentences
                                         for _i, _j, ms in self.monitors.find(tokenize(s.text, s.start))])
        return list(self._last_monitors[1])

    def watching(self, sentences, named: list[Actor]) -> list[Actor]:
        """The monitors with held lists whose ground a report is on: named in it, or one of their
        non-state parties is ("the Donbass People's Militia"), so its places are along their line."""
        names = {a.name for a in named}
        out = [m for m in self.monitors_in(sentences) if m.held]
        return out + [m for m in self.monitor_list if m.held and m not in out and names & set(m.members)]

    @staticmethod
    def pick(candidates: tuple[Actor, ...], when: date | None, iso2: str = "") -> Actor:
        """The entry valid on ``when``, of the event's country ``iso2`` if one is; the most specific
        (shortest validity) if several are."""
        local = [a for a in candidates if not a.country or a.country == iso2] if iso2 else []
        candidates = tuple(local) or candidates
        valid = [a for a in candidates if a.valid_on(when)] or list(candidates)
        return min(valid, key=lambda a: ((a.valid_to or date.max) - (a.valid_from or date.min)).days)

    def period_label(self, iso2: str, when: date | None) -> str:
        periods = self.periods.get(iso2)
        if not periods:
            return ""
        if when is None:
            return _label(*periods[-1])
        for start, end in periods:
            if end is None or when <= end:
                return _label(start, end)
        return _label(*periods[-1])

    def unidentified_name(self, country_name: str, iso2: str, sub_event_type: str, text: str) -> str:
        """The unidentified perpetrator as ACLED names it in ``iso2`` (``unidentified`` in the packs' conventions.yaml)."""
        special = self._unidentified_by_sub.get(iso2, {}).get(sub_event_type)
        if special:
            return special
        if (iso2 in self._gang_countries and self._gang_context and self._gang_context.search(text)
                and not (self._armed_group_context and self._armed_group_context.search(text))):
            return self.generic_name(GANG, country_name, iso2, None)
        return self.generic_name(UNIDENTIFIED, country_name, iso2, None)

    def operation_name(self, forces_iso2: str, event_iso2: str, when: date | None) -> str | None:
        """The operation a foreign state's forces fight under in the event's country, if ACLED names
        them after it (``foreign_operations`` in the pack of the event's country)."""
        op = self.foreign_operations.get((forces_iso2, event_iso2))
        if op and (when is None or op[1] is None or when >= op[1]):
            return op[0]
        return None

    def state_force_name(self, kind: str, words: str, country_name: str, iso2: str, when: date | None) -> str:
        """"Military Police" in Brazil: "Military Forces of Brazil (2019-) Military Police"."""
        low = words.lower()
        for phrase, (unit_kind, suffix) in self.state_units.get(iso2, {}).items():
            if phrase in low:
                return f"{self.generic_name(unit_kind, country_name, iso2, when)} {suffix}"
        return self.generic_name(kind, country_name, iso2, when)

    def generic_name(self, kind: str, country_name: str, iso2: str, when: date | None) -> str:
        if kind in (STATE, POLICE):
            the = "the " if iso2 in self.country_article else ""  # "Police Forces of the Philippines"
            force = "Military" if kind == STATE else "Police"
            return f"{force} Forces of {the}{country_name}{self.period_label(iso2, when)}"
        return {CIVILIANS: "Civilians ({c})", PROTESTERS: "Protesters ({c})", RIOTERS: "Rioters ({c})",
                UNIDENTIFIED: "Unidentified Armed Group ({c})", GANG: "Unidentified Gang ({c})",
                REBELS: "Opposition Rebels ({c})", ISLAMIST: "Islamist Militia ({c})"}[kind].format(c=country_name)


def _label(start: int, end: date | None) -> str:
    """A regime period as ACLED writes it: " (2000-2024)" once it ended, " (2024-)" while it lasts."""
    return f" ({start}-{end.year if end else ''})"


@lru_cache(maxsize=1)
def default_actor_base() -> ActorBase:
    return ActorBase()
