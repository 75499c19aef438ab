"""Knowledge packs: what conflictlens knows of each country, one folder per country.

``data/countries/XX/`` (XX the ISO2 code) holds up to six files, each optional, each a mapping of
the sections in ``schema.SECTIONS`` (a section may stand in any of them; the names say where it
usually goes):

* ``actors.yaml``: ``state_forces`` (ACLED's periods of the state's forces, each with the aliases of
  "Military Forces of X (YEAR-)" then) and ``actors`` (named actors; their country is the pack's);
* ``monitors.yaml``: ``monitors`` (missions whose reports place an event and name its two sides);
* ``admin.yaml``: ``admin1_aliases`` (ACLED's and English spellings of first-level areas) and
  ``admin1_from_admin2`` (where ACLED's first level is GeoNames' second);
* ``units.yaml``: ``units`` (named units ACLED appends to the force's name);
* ``features.yaml``: ``features`` (plains, airbases, highways: read by ``scripts/build_gazetteer.py``);
* ``conventions.yaml``: ``name`` (ACLED's spelling of the country), ``region``,
  ``conflict_start_year``, ``foreign_operations``, ``unidentified``.

What holds everywhere stays in ``data/``: ``actors.yaml`` (actors with no home country, the generic
phrases), ``acled_conventions.yaml`` (inter codes, the words of criminal violence), ``regions.yaml``.
Every file is checked on load (``schema.FileCheck``) and across files here (an actor or monitor
defined twice, state-force names that collide); a problem is a ``KnowledgeError`` naming the file,
the entry and what is wrong.  ``check_path`` runs the same checks over a user's file or folder.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from ..errors import KnowledgeError
from . import DATA_DIR
from .schema import FileCheck, Problem, parse_date, read_yaml

COUNTRIES_DIR = DATA_DIR / "countries"
PACK_FILES = ("actors.yaml", "monitors.yaml", "admin.yaml", "units.yaml", "features.yaml", "conventions.yaml")
# what a user's --actors file may not change: the gazetteer is built from the shipped packs
GAZETTEER_SECTIONS = ("admin1_aliases", "admin1_from_admin2", "features")
MAX_PROBLEMS_IN_ERROR = 5  # a load error lists this many problems, then says how many more


@dataclass
class Knowledge:
    """Everything the packs say, merged: the actor base's entries and ACLED's conventions by country."""

    iso_names: dict = field(default_factory=dict)  # ISO2 -> ISO name (countries.tsv)
    inter_codes: dict = field(default_factory=dict)  # code -> label
    generic: dict = field(default_factory=dict)  # the generic phrases (data/actors.yaml)
    actors: list = field(default_factory=list)  # entries (dicts) in load order, country filled in
    monitors: list = field(default_factory=list)
    features: list = field(default_factory=list)
    periods: dict = field(default_factory=dict)  # ISO2 -> [(label year, last day or None)]
    country_names: dict = field(default_factory=dict)  # ISO2 -> ACLED's name, where it is not ISO's
    regions: dict = field(default_factory=dict)  # ISO2 -> ACLED's region
    country_article: set = field(default_factory=set)  # "Military Forces of the Philippines"
    admin1_aliases: dict = field(default_factory=dict)  # ISO2 -> {spelling: gazetteer admin1}
    admin1_from_admin2: dict = field(default_factory=dict)  # ISO2 -> "all" | [admin2 names]
    units: dict = field(default_factory=dict)  # ISO2 -> {phrase: [kind, suffix]}
    foreign_operations: list = field(default_factory=list)  # {forces, country, name, valid_from}
    gang_countries: set = field(default_factory=set)
    unidentified_by_sub: dict = field(default_factory=dict)  # ISO2 -> {sub-event type: name}
    gang_context: str = ""
    armed_group_context: str = ""
    conflict_start_years: dict = field(default_factory=dict)  # ISO2 -> year
    # (kind, name) -> (file, entry, validity) of each actor, monitor and feature, for messages
    where: dict = field(default_factory=dict)

    @property
    def iso2(self) -> frozenset:
        return frozenset(self.iso_names)

    def country_name(self, iso2: str) -> str:
        """ACLED's name of the country."""
        return self.country_names.get(iso2) or self.iso_names.get(iso2, iso2)

    def extension(self) -> Knowledge:
        """An empty Knowledge that knows this one's names and countries: what a user adds is read
        into it, checked against what is here."""
        return Knowledge(iso_names=self.iso_names, inter_codes=self.inter_codes, where=dict(self.where),
                         country_names=dict(self.country_names), country_article=set(self.country_article))


def iso_table(path: Path = DATA_DIR / "countries.tsv") -> dict[str, str]:
    """ISO2 -> the country's ISO name (``countries.tsv``)."""
    with open(path, encoding="utf-8") as fh:
        return {r["iso2"]: r["name"] for r in csv.DictReader(fh, delimiter="\t")}


def _shown(path: Path) -> str:
    """A path as messages show it: relative to the shipped data, else as given."""
    try:
        return str(Path(path).resolve().relative_to(DATA_DIR))
    except ValueError:
        return str(path)


def _with_country(e: dict, country: str) -> dict:
    e = dict(e)
    if country:
        e.setdefault("country", country)
    return e


def _merge_file(k: Knowledge, data: dict, shown: str, country: str, problems: list[Problem]) -> None:
    """Add one checked file's sections to ``k`` (``country``: the pack's, or the file's own)."""
    country = data.get("country", country) if isinstance(data.get("country", ""), str) else country
    if isinstance(data.get("state_forces"), dict):
        _state_forces(k, data["state_forces"], country, shown, problems)
    for section, kind, key in (("actors", "actor", "name"), ("monitors", "monitor", "name"), ("features", "feature", "id")):
        for n, e in enumerate(data.get(section) or ()):
            if isinstance(e, dict) and isinstance(e.get(key), str):  # (the checks reported the others)
                _add_named(k, kind, _with_country(e, country), shown, f"{section}[{n}] {e[key]!r}", problems, key=key)
    if "name" in data:
        k.country_names[country] = data["name"]
    if "region" in data:
        k.regions[country] = data["region"]
    if "conflict_start_year" in data:
        k.conflict_start_years[country] = data["conflict_start_year"]
    if "admin1_aliases" in data:
        k.admin1_aliases.setdefault(country, {}).update(data["admin1_aliases"])
    if "admin1_from_admin2" in data:
        k.admin1_from_admin2[country] = data["admin1_from_admin2"]
    if "units" in data:
        k.units.setdefault(country, {}).update(data["units"])
    for o in data.get("foreign_operations") or ():
        k.foreign_operations.append({**o, "country": country})
    u = data.get("unidentified") or {}
    if u.get("gangs"):
        k.gang_countries.add(country)
    if u.get("by_sub_event"):
        k.unidentified_by_sub.setdefault(country, {}).update(u["by_sub_event"])
    k.gang_context = u.get("gang_context", k.gang_context)
    k.armed_group_context = u.get("armed_group_context", k.armed_group_context)


def _date_or(v, default: date) -> date:
    try:
        return parse_date(v) or default
    except (ValueError, TypeError):
        return default  # (reported by the checks)


def _span(e: dict) -> tuple[date, date]:
    return _date_or(e.get("valid_from"), date.min), _date_or(e.get("valid_to"), date.max)


def _show_span(span: tuple[date, date]) -> str:
    a, b = span
    return f"{'' if a == date.min else a}..{'' if b == date.max else b}"


def _add_named(k: Knowledge, kind: str, e: dict, shown: str, entry: str, problems: list[Problem],
               key: str = "name") -> None:
    """Add an actor, monitor or feature, refusing a name (or id) the base already has."""
    name, span = e.get(key), _span(e) if kind == "actor" else None
    first = k.where.get((kind, name))
    if first is not None:
        msg = f"{kind} defined twice (first in {first[0]}: {first[1]})"
        if span and first[2][0] <= span[1] and span[0] <= first[2][1]:
            msg += f", and their validity periods overlap ({_show_span(first[2])} and {_show_span(span)})"
        problems.append(Problem(shown, entry, msg + ": one entry per name, with all its aliases"))
        return
    k.where[(kind, name)] = (shown, entry, span)
    {"actor": k.actors, "monitor": k.monitors, "feature": k.features}[kind].append(e)


def _state_forces(k: Knowledge, sf: dict, country: str, shown: str, problems: list[Problem]) -> None:
    """The periods of a country's state forces, and "Military Forces of X (YEAR-)" for each period
    with aliases: valid from its own ``from`` or the day after the period before ends, to its ``to``."""
    periods = [p for p in sf.get("periods") or () if isinstance(p, dict) and isinstance(p.get("label"), int)]
    if periods:
        k.periods[country] = [(p["label"], _date_or(p.get("to"), None)) for p in periods]
    if sf.get("article"):
        k.country_article.add(country)
    the = "the " if country in k.country_article else ""
    prev_to = None
    for n, p in enumerate(periods):
        start, end = _date_or(p.get("from"), None), _date_or(p.get("to"), None)
        if p.get("aliases"):
            # an ended regime's forces are named with its end year, as ACLED names them since ("(2000-2024)")
            e = {"name": f"Military Forces of {the}{k.country_name(country)} ({p['label']}-{end.year if end else ''})",
                 "inter": sf.get("inter", 1), "country": country, "aliases": list(p["aliases"])}
            if start or prev_to:
                e["valid_from"] = start or prev_to + timedelta(days=1)
            if end:
                e["valid_to"] = end
            _add_named(k, "actor", e, shown, f"state_forces.periods[{n}] {e['name']!r}", problems)
        prev_to = end or prev_to


def _cross_checks(k: Knowledge, problems: list[Problem], names: set) -> None:
    """Monitor parties that are no actor of the base ("state" is the country's own forces)."""
    names = names | {a["name"] for a in k.actors}
    for m in k.monitors:
        for party in m.get("parties", ()):
            if party != "state" and party not in names:
                shown, entry, _span = k.where[("monitor", m["name"])]
                problems.append(Problem(shown, entry, f"party {party!r} is no actor of the base (nor \"state\")"))


def _read_file(k: Knowledge, path: Path, country: str, global_file: bool, problems: list[Problem]) -> dict | None:
    """Check one file and add it to ``k`` (what can be read of it: with problems, the load fails
    anyway, and ``check`` reports the rest, duplicates included); its data, or None."""
    shown = _shown(path)
    data, problem = read_yaml(path, shown)
    if problem:
        problems.append(problem)
        return None
    check = FileCheck(shown, k.iso2, k.inter_codes or range(1, 9), country, global_file)
    check.file(data)
    problems.extend(check.problems)
    if not isinstance(data, dict):
        return None
    if global_file:
        k.generic = data.get("generic", k.generic)
        k.inter_codes = {int(c): v for c, v in (data.get("inter_codes") or {}).items()} or k.inter_codes
    _merge_file(k, data, shown, country, problems)
    return data


def _read_pack(k: Knowledge, folder: Path, problems: list[Problem]) -> None:
    """A country's folder, its conventions first (its ACLED name names its state forces)."""
    country = folder.name
    if country not in k.iso2:
        problems.append(Problem(_shown(folder), "", f"folder {country!r} is not a known ISO 3166 alpha-2 code"))
        return
    files = sorted(folder.iterdir(), key=lambda p: (p.name != "conventions.yaml", p.name))
    for p in files:
        if p.name not in PACK_FILES:
            problems.append(Problem(_shown(p), "", f"unknown file in a pack (known: {', '.join(PACK_FILES)})"))
            continue
        _read_file(k, p, country, False, problems)


def _read_regions(k: Knowledge, path: Path, problems: list[Problem]) -> None:
    """``regions.yaml``: ACLED's region -> its countries."""
    table, problem = read_yaml(path, _shown(path))
    if problem:
        problems.append(problem)
        return
    for region, ccs in (table or {}).items():
        for cc in ccs:
            if cc not in k.iso_names:
                problems.append(Problem(_shown(path), region, f"{cc!r} is not a known ISO 3166 alpha-2 code"))
            k.regions.setdefault(cc, region)


def collect(data_dir: Path = DATA_DIR) -> tuple[Knowledge, list[Problem]]:
    """The shipped knowledge (the global files, then the packs in ISO2 order) and its problems."""
    k, problems = Knowledge(iso_names=iso_table(data_dir / "countries.tsv")), []
    for name in ("acled_conventions.yaml", "actors.yaml"):
        _read_file(k, data_dir / name, "", True, problems)
    countries = data_dir / "countries"
    for folder in sorted(countries.iterdir()) if countries.is_dir() else ():
        _read_pack(k, folder, problems)
    if (data_dir / "regions.yaml").exists():
        _read_regions(k, data_dir / "regions.yaml", problems)  # (a pack's own region comes first)
    _cross_checks(k, problems, set())
    return k, problems


def load_knowledge(data_dir: Path = DATA_DIR) -> Knowledge:
    """The shipped knowledge; a KnowledgeError listing the problems if a file fails its checks.  ACLED's
    names of first-level areas (``admin_names``) are spellings of them, below the packs' own."""
    from .admin_names import acled_spellings

    k, problems = collect(data_dir)
    if problems:
        raise knowledge_error(problems)
    for cc, table in acled_spellings().items():
        own = k.admin1_aliases.setdefault(cc, {})
        for spelling, name in table.items():
            own.setdefault(spelling, name)
    return k


def read_user(base: Knowledge, path: Path) -> tuple[Knowledge, list[Problem]]:
    """What a user's file or folder adds to ``base`` (a pack named XX, a folder of packs or of
    files; a file's country is its ``country:`` key, or its folder's name if that is a pack's), with
    the problems, those against ``base`` included (a name it has already)."""
    k, problems = base.extension(), []
    _read_user(k, Path(path), problems)
    _cross_checks(k, problems, {name for kind, name in base.where if kind == "actor"})
    return k, problems


def _read_user(k: Knowledge, path: Path, problems: list[Problem]) -> None:
    if path.is_dir():
        if path.name in k.iso2:
            _read_pack(k, path, problems)
            return
        for p in sorted(path.iterdir()):
            if p.is_dir() or p.suffix in (".yaml", ".yml"):
                _read_user(k, p, problems)
        return
    if not path.is_file():
        problems.append(Problem(str(path), "", "no such file or folder"))
        return
    folder = path.resolve().parent.name
    _read_file(k, path, folder if folder in k.iso2 and path.name in PACK_FILES else "", False, problems)


def merged(base: Knowledge, extra: Knowledge) -> Knowledge:
    """``base`` with what ``extra`` (from ``read_user(base, ...)``) adds."""
    k = replace(base, where={**base.where, **extra.where}, actors=base.actors + extra.actors,
                monitors=base.monitors + extra.monitors, features=base.features + extra.features,
                country_names={**base.country_names, **extra.country_names},
                country_article=base.country_article | extra.country_article,
                periods={**base.periods, **extra.periods}, regions={**base.regions, **extra.regions},
                foreign_operations=base.foreign_operations + extra.foreign_operations,
                gang_countries=base.gang_countries | extra.gang_countries,
                conflict_start_years={**base.conflict_start_years, **extra.conflict_start_years})
    for name in ("units", "unidentified_by_sub", "admin1_aliases"):
        table = {cc: dict(v) for cc, v in getattr(base, name).items()}
        for cc, v in getattr(extra, name).items():
            table.setdefault(cc, {}).update(v)
        setattr(k, name, table)
    return k


def knowledge_error(problems: list[Problem]) -> KnowledgeError:
    lines = [str(p) for p in problems[:MAX_PROBLEMS_IN_ERROR]]
    more = len(problems) - len(lines)
    return KnowledgeError("; ".join(lines) + (f"; and {more} more (`conflictlens knowledge check PATH` lists them)"
                                              if more else ""))


def check_path(path: Path, data_dir: Path = DATA_DIR) -> list[Problem]:
    """The problems of a pack (a user's file or folder, checked against the shipped knowledge as
    ``--actors`` adds it; or the shipped data itself)."""
    path = Path(path)
    base, problems = collect(data_dir)
    if path.resolve() == Path(data_dir).resolve() or path.resolve().is_relative_to(Path(data_dir).resolve()):
        return problems  # (the shipped files are checked whole, across the packs)
    return problems + read_user(base, path)[1]


@lru_cache(maxsize=1)
def default_knowledge() -> Knowledge:
    return load_knowledge()
