#!/usr/bin/env python3
"""Build conflictlens/knowledge/data/acled_admin1.tsv: each first-level area of the gazetteer with the
name ACLED writes for it.

Run:  python scripts/build_admin_names.py [--check]

Names are facts, taken from three sources, in this order (no ACLED note or row is copied, only the
area names):
  * ``pack``: a country pack's ``acled_admin1`` table in ``countries/XX/admin.yaml`` (the gazetteer's
    name -> ACLED's), written by hand from ACLED's published names where the rules below get them
    wrong (GeoNames' "Somalia Regional" is ACLED's "Somali");
  * ``dev``: the admin1 names in the development rows of ../shared/data/acled_2020_dev.csv and
    acled_world_dev.csv (held-out rows, conflictlens.evaluate.split_of, are never read): each row's
    point is placed in the gazetteer's area that holds its nearest place, and each area takes the
    name most rows give it;
  * ``geonames``: elsewhere, the English form of the area's name among its GeoNames spellings: type
    words dropped ("Tigray Regional State" -> "Tigray"), ASCII, the spelling most of its names share,
    and an English compass word ("Lower Juba") before a local one ("Jubbada Hoose").
``--check`` prints how often the second rule gives the first rule's name, over the areas both cover:
an estimate of how well the names of countries without development rows follow ACLED's.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from unidecode import unidecode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from conflictlens.evaluate import split_of  # noqa: E402
from conflictlens.knowledge.gazetteer import Gazetteer, haversine_km  # noqa: E402
from conflictlens.knowledge.names import acled_key  # noqa: E402

OUT = ROOT / "conflictlens" / "knowledge" / "data" / "acled_admin1.tsv"
SHARED = ROOT.parent / "shared" / "data"
DEV_FILES = ("acled_2020_dev.csv", "acled_world_dev.csv")
NEAREST_KM = 15.0  # a row's point is in the area of the nearest place this close
MIN_ROWS = 1  # an area named by fewer development rows keeps its GeoNames English form
TYPE_WORDS = re.compile(r"\b(regional state|regional|region|province|provincia|state|estado|governorate|gouvernorat|"
                        r"department|departamento|d[eé]partement|district|oblast|oblys|prefecture|county|municipality|"
                        r"division|territory|kilil|muhafazat|wilayat|wilaya|vilayeti|voblast|kraj|krai|okrug|rayon|"
                        r"parish|emirate|canton|peoples'?|people)\b", re.I)
PREFIXES = re.compile(r"^(the state of|state of|province of|republic of|gobolka|muhafazat|wilayat|wilayah)\s+", re.I)
ENGLISH = re.compile(r"\b(north|south|east|west|northern|southern|eastern|western|central|upper|lower|middle|greater|"
                     r"new|far|north-east|north-west|south-east|south-west|northeast|northwest|southeast|southwest)\b", re.I)


def plain(name: str) -> str:
    s = PREFIXES.sub("", unidecode(name).strip())
    s = TYPE_WORDS.sub(" ", s)
    return " ".join(s.replace("  ", " ").split()).strip(" ,-'")


def english_form(name: str, alternates: list[str]) -> str:
    """The area's name as an English-language source writes it (see the module docstring).  (Preferring
    a spelling no accented local form romanises to, an exonym, agreed less often with the development
    rows' names: 0.758 against 0.780.)"""
    forms = [plain(x) for x in [name, *alternates] if x and not x.islower()]
    forms = [f for f in forms if f]
    if not forms:
        return plain(name) or name
    counts = Counter(acled_key(f) for f in forms)
    first = {}
    for f in forms:
        first.setdefault(acled_key(f), f)

    def score(k: str) -> tuple:
        f = first[k]
        return (bool(ENGLISH.search(f)), counts[k], f == forms[0], -len(f))

    return first[max(counts, key=score)]


def dev_names(gaz: Gazetteer) -> dict[tuple[str, str], str]:
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    iso_of = {c.name.lower(): c.iso2 for c in gaz.countries.values()}
    csv.field_size_limit(10**9)
    for name in DEV_FILES:
        path = SHARED / name
        if not path.exists():
            continue
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if split_of(row) != "dev" or not row.get("admin1"):
                    continue
                cc = iso_of.get(row.get("country", "").lower())
                try:
                    lat, lon = float(row["latitude"]), float(row["longitude"])
                except (KeyError, ValueError):
                    continue
                near = [(gaz.rows[i], i) for i in gaz.places_near(lat, lon, NEAREST_KM) if gaz.rows[i][3] == cc]
                if not near:
                    continue
                r, _i = min(near, key=lambda x: haversine_km(lat, lon, x[0][6], x[0][7]))
                if r[4]:
                    votes[(cc, r[4])][row["admin1"]] += 1
    return {k: c.most_common(1)[0][0] for k, c in votes.items() if sum(c.values()) >= MIN_ROWS}


def pack_names() -> dict[tuple[str, str], str]:
    """The packs' ``acled_admin1`` tables: (ISO2, the gazetteer's name) -> ACLED's name."""
    import yaml

    out = {}
    for path in sorted((ROOT / "conflictlens" / "knowledge" / "data" / "countries").glob("*/admin.yaml")):
        table = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("acled_admin1") or {}
        out.update({(path.parent.name, name): acled for name, acled in table.items()})
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare the GeoNames rule with the development names")
    args = ap.parse_args(argv)
    gaz = Gazetteer()
    dev = dev_names(gaz)
    packs = pack_names()
    rows, agree, total = [], 0, 0
    import gzip

    from conflictlens.knowledge.gazetteer import GAZETTEER_FILE

    with gzip.open(GAZETTEER_FILE, "rt", encoding="utf-8") as fh:
        areas = [line.rstrip("\n").split("\t") for line in fh]
    for r in areas[1:]:
        if r[1] != "admin1":
            continue
        cc, name = r[3], r[2]
        alternates = [x for x in r[10].split("|") if x]
        english = english_form(name, alternates)
        if (cc, name) in packs:
            rows.append((cc, name, packs.pop((cc, name)), "pack"))
        elif (cc, name) in dev:
            total += 1
            agree += acled_key(english) == acled_key(dev[(cc, name)])
            rows.append((cc, name, dev[(cc, name)], "dev"))
        else:
            rows.append((cc, name, english, "geonames"))
    if args.check:
        print(f"the GeoNames rule gives the development rows' name for {agree} of {total} areas "
              f"({agree / total:.3f})" if total else "no development names")
        return 0
    if packs:
        print(f"acled_admin1 names no first-level area of the gazetteer: {sorted(packs)}", file=sys.stderr)
        return 1
    rows.sort()
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write("# First-level areas: ISO2, the gazetteer's name, ACLED's name, where the name comes from\n")
        fh.write("# (built by scripts/build_admin_names.py; pack: a pack's acled_admin1; dev: development rows' names; geonames: GeoNames' English form)\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")
    print(f"wrote {len(rows)} areas ({sum(1 for r in rows if r[3] == 'dev')} named from development rows) to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
