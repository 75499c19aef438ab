"""The schema of knowledge-pack files, checked entry by entry: each problem names the file, the
entry and what is wrong (``Problem``), so that a user's pack can be fixed from the messages alone.

A file is a mapping of sections (see ``SECTIONS``); a pack is the files of one country's folder.
Checks here are per file; ``packs.py`` adds those across files (an actor defined twice, a monitor
party that is no actor).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml



@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    entry: str  # which entry: 'actors[3] "Hezbollah"', 'state_forces.periods[1]'
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.message}" if self.entry else f"{self.file}: {self.message}"


# the sections a pack file may hold; the global files (actors.yaml, acled_conventions.yaml) may hold
# those in GLOBAL_SECTIONS as well
SECTIONS = ("country", "name", "region", "conflict_start_year", "state_forces", "actors", "monitors", "units",
            "admin1_aliases", "admin1_from_admin2", "acled_admin1", "foreign_operations", "unidentified", "features")
GLOBAL_SECTIONS = ("generic", "inter_codes")
ACTOR_KEYS = ("name", "inter", "country", "aliases", "valid_from", "valid_to", "members", "areas", "by_country", "note")
MONITOR_KEYS = ("name", "country", "areas", "parties", "aliases", "held")
FEATURE_KEYS = ("id", "kind", "name", "country", "admin1", "admin2", "lat", "lon", "aliases", "source", "note")
STATE_FORCE_KEYS = ("inter", "article", "periods")
PERIOD_KEYS = ("label", "from", "to", "aliases")
OPERATION_KEYS = ("forces", "name", "valid_from")
UNIDENTIFIED_KEYS = ("gangs", "by_sub_event")  # in a pack
GLOBAL_UNIDENTIFIED_KEYS = ("gang_context", "armed_group_context")  # in acled_conventions.yaml
UNIT_KINDS = ("state", "police")
MONITOR_INTER = 0  # monitors are parties to nothing


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML whose mappings may not repeat a key (a repeated key silently replaces the first), and
    whose dates stay text until checked (an impossible date is then a problem of its entry).  It
    parses with libyaml where PyYAML has it (the packs are some 180 files read at every start)."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


class _Repeated(yaml.YAMLError):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def _no_duplicate_keys(loader, node, deep=False):
    seen = {}
    for k, _v in node.value:
        key = loader.construct_object(k, deep=deep)
        if key in seen:
            raise _Repeated(k.start_mark.line + 1, f"key {key!r} repeated (first at line {seen[key]})")
        seen[key] = k.start_mark.line + 1
    return loader.construct_mapping(node, deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicate_keys)


def read_yaml(path: Path, shown: str) -> tuple[object, Problem | None]:
    """The YAML document of ``path``, or None and the problem (``shown`` names the file)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, Problem(shown, "", f"cannot read: {exc}")
    loader = _StrictLoader(text)
    try:
        return loader.get_single_data(), None
    except _Repeated as exc:
        return None, Problem(shown, f"line {exc.line}", str(exc))
    except yaml.YAMLError as exc:
        return None, Problem(shown, "", f"not valid YAML: {' '.join(str(exc).split())}")
    finally:
        loader.dispose()


def parse_date(v) -> date | None:
    """A date from YAML (a date, or an ISO string); ValueError if it is neither."""
    if v in (None, ""):
        return None
    if isinstance(v, date):
        return v
    return date.fromisoformat(str(v))


class FileCheck:
    """The checks of one file, collecting ``Problem``s.  ``iso2``: the country codes known;
    ``inter_codes``: ACLED's inter codes; ``country``: the pack's country ("" for a global or user file)."""

    def __init__(self, shown: str, iso2: frozenset, inter_codes, country: str = "", global_file: bool = False):
        self.shown, self.iso2, self.inter_codes, self.country = shown, iso2, frozenset(inter_codes), country
        self.global_file = global_file
        self.problems: list[Problem] = []

    def bad(self, entry: str, message: str) -> None:
        self.problems.append(Problem(self.shown, entry, message))

    # -- small checks --------------------------------------------------------
    def keys(self, entry: str, d, allowed) -> bool:
        if not isinstance(d, dict):
            self.bad(entry, f"should be a mapping ({', '.join(allowed)}), not {type(d).__name__}")
            return False
        for k in d:
            if k not in allowed:
                self.bad(entry, f"unknown key {k!r} (known: {', '.join(allowed)})")
        return True

    def date(self, entry: str, field: str, v) -> date | None:
        try:
            return parse_date(v)
        except (ValueError, TypeError):
            self.bad(entry, f"{field} {v!r} is not a date (YYYY-MM-DD)")
            return None

    def iso(self, entry: str, field: str, v) -> None:
        if not isinstance(v, str) or v not in self.iso2:
            self.bad(entry, f"{field} {v!r} is not a known ISO 3166 alpha-2 country code")

    def strings(self, entry: str, field: str, v) -> None:
        if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
            self.bad(entry, f"{field} should be a list of names")

    def inter(self, entry: str, v) -> None:
        if not isinstance(v, int) or isinstance(v, bool) or v not in self.inter_codes:
            self.bad(entry, f"inter {v!r} is not an ACLED inter code ({', '.join(map(str, sorted(self.inter_codes)))})")

    def own_country(self, entry: str, e: dict) -> None:
        cc = e.get("country", self.country)
        if "country" in e:
            self.iso(entry, "country", cc)
        if self.country and cc != self.country:
            self.bad(entry, f"country {cc!r} in the pack of {self.country}: it belongs in the pack of {cc}")

    def period(self, entry: str, e: dict, lo: str = "valid_from", hi: str = "valid_to") -> tuple:
        a, b = self.date(entry, lo, e.get(lo)), self.date(entry, hi, e.get(hi))
        if a and b and a > b:
            self.bad(entry, f"{lo} {a} is after {hi} {b}")
        return a, b

    # -- sections ------------------------------------------------------------
    def file(self, data) -> None:
        allowed = SECTIONS + (GLOBAL_SECTIONS if self.global_file else ())
        if data is None:
            return
        if not self.keys("", data, allowed):
            return
        if "country" in data:
            self.iso("country", "country", data["country"])
            if self.country and data["country"] != self.country:
                self.bad("country", f"{data['country']!r} in the pack of {self.country}")
        for name in ("name", "region"):
            if name in data and not (isinstance(data[name], str) and data[name].strip()):
                self.bad(name, "should be a name")
        if "conflict_start_year" in data and not isinstance(data["conflict_start_year"], int):
            self.bad("conflict_start_year", f"{data['conflict_start_year']!r} is not a year")
        for section, check in (("state_forces", self.state_forces), ("actors", self.actors),
                               ("monitors", self.monitors), ("units", self.units),
                               ("admin1_aliases", self.admin1_aliases), ("admin1_from_admin2", self.from_admin2),
                               ("acled_admin1", self.acled_admin1),
                               ("foreign_operations", self.operations), ("unidentified", self.unidentified),
                               ("features", self.features)):
            if section in data:
                check(data[section])

    def actors(self, entries) -> None:
        if not isinstance(entries, list):
            self.bad("actors", "should be a list of actors")
            return
        for n, e in enumerate(entries):
            where = f"actors[{n}]" + (f" {e.get('name')!r}" if isinstance(e, dict) else "")
            if not self.keys(where, e, ACTOR_KEYS):
                continue
            if not isinstance(e.get("name"), str) or not e["name"].strip():
                self.bad(where, "has no name")
            self.inter(where, e.get("inter", 3))
            self.own_country(where, e)
            for f in ("aliases", "members", "areas"):
                if f in e:
                    self.strings(where, f, e[f])
            for cc in (e.get("by_country") or {}):
                self.iso(where, "by_country", cc)
            self.period(where, e)

    def monitors(self, entries) -> None:
        if not isinstance(entries, list):
            self.bad("monitors", "should be a list of monitors")
            return
        for n, e in enumerate(entries):
            where = f"monitors[{n}]" + (f" {e.get('name')!r}" if isinstance(e, dict) else "")
            if not self.keys(where, e, MONITOR_KEYS):
                continue
            if not isinstance(e.get("name"), str) or not e["name"].strip():
                self.bad(where, "has no name")
            self.own_country(where, e)
            for f in ("aliases", "areas", "parties"):
                if f in e:
                    self.strings(where, f, e[f])
            held = e.get("held")
            if held is not None:
                if self.keys(where + ".held", held, ("from", "to", *e.get("parties", ()))):
                    self.period(where + ".held", held, "from", "to")

    def state_forces(self, sf) -> None:
        if not self.keys("state_forces", sf, STATE_FORCE_KEYS):
            return
        if "inter" in sf:
            self.inter("state_forces", sf["inter"])
        periods = sf.get("periods", [])
        if not isinstance(periods, list):
            self.bad("state_forces.periods", "should be a list of periods")
            return
        prev_to, prev_label = None, None
        for n, p in enumerate(periods):
            where = f"state_forces.periods[{n}]"
            if not self.keys(where, p, PERIOD_KEYS):
                continue
            label = p.get("label")
            if not isinstance(label, int) or isinstance(label, bool):
                self.bad(where, f"label {label!r} is not a year")
                continue
            start, end = self.period(where, p, "from", "to")
            if start and prev_to and start <= prev_to:
                self.bad(where, f"overlaps the period before it: ({prev_label}-) ends {prev_to}, ({label}-) starts {start}")
            start = start or (prev_to + timedelta(days=1) if prev_to else None)
            if start and start.year != label:
                self.bad(where, f"({label}-) starts on {start}: its label should be the year it starts")
            if end is None and n < len(periods) - 1:
                self.bad(where, f"({label}-) has no end ('to') but a period follows it")
            if end and prev_to and end <= prev_to:
                self.bad(where, f"overlaps the period before it: ({label}-) ends {end}, before ({prev_label}-) does")
            if "aliases" in p:
                self.strings(where, "aliases", p["aliases"])
            prev_to, prev_label = end or prev_to, label

    def units(self, table) -> None:
        if not isinstance(table, dict):
            self.bad("units", "should map a phrase to [kind, suffix]")
            return
        for phrase, v in table.items():
            if not (isinstance(v, list) and len(v) == 2 and v[0] in UNIT_KINDS and isinstance(v[1], str)):
                self.bad(f"units[{phrase!r}]", f"should be [kind, suffix] with kind one of {', '.join(UNIT_KINDS)}")

    def admin1_aliases(self, table) -> None:
        if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in table.items()):
            self.bad("admin1_aliases", "should map a spelling to the gazetteer's admin1 name")

    def acled_admin1(self, table) -> None:
        if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                                  for k, v in table.items()):
            self.bad("acled_admin1", "should map the gazetteer's admin1 name to the name ACLED writes for it")

    def from_admin2(self, v) -> None:
        if v != "all" and not (isinstance(v, list) and all(isinstance(x, str) for x in v)):
            self.bad("admin1_from_admin2", "should be \"all\" or a list of second-level area names")

    def operations(self, entries) -> None:
        if not isinstance(entries, list):
            self.bad("foreign_operations", "should be a list")
            return
        for n, o in enumerate(entries):
            where = f"foreign_operations[{n}]"
            if self.keys(where, o, OPERATION_KEYS):
                self.iso(where, "forces", o.get("forces"))
                if not isinstance(o.get("name"), str):
                    self.bad(where, "has no name")
                self.date(where, "valid_from", o.get("valid_from"))

    def unidentified(self, u) -> None:
        if not self.keys("unidentified", u, GLOBAL_UNIDENTIFIED_KEYS if self.global_file else UNIDENTIFIED_KEYS):
            return
        if not isinstance(u.get("by_sub_event", {}), dict):
            self.bad("unidentified.by_sub_event", "should map a sub-event type to a name")

    def features(self, entries) -> None:
        if not isinstance(entries, list):
            self.bad("features", "should be a list of features")
            return
        for n, f in enumerate(entries):
            where = f"features[{n}]" + (f" {f.get('id')!r}" if isinstance(f, dict) else "")
            if not self.keys(where, f, FEATURE_KEYS):
                continue
            for k in ("id", "kind", "name"):
                if not isinstance(f.get(k), str):
                    self.bad(where, f"has no {k}")
            self.own_country(where, f)
            if not all(isinstance(f.get(k), (int, float)) for k in ("lat", "lon")):
                self.bad(where, "lat and lon should be numbers")
