#!/usr/bin/env python3
"""Look up a place for hand-coding gold: the gazetteer's places of that name (and its other
transliterations) with coordinates, kind, population and admin areas, and ACLED's admin1 spelling.

Run:  python scripts/gold_lookup.py NAME [--country SY]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from conflictlens.knowledge.gazetteer import default_gazetteer  # noqa: E402
from conflictlens.knowledge.names import name_key  # noqa: E402


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("name", nargs="+")
    ap.add_argument("--country", default="SY", help="ISO2 code for the transliteration search (default SY); '' for all")
    args = ap.parse_args(argv)
    gaz = default_gazetteer()
    name = " ".join(args.name)
    idxs = list(gaz.lookup_key(name_key(name)))
    if args.country:
        idxs += [i for i in gaz.lookup_skeleton(name, args.country) if i not in idxs]
    places = [gaz.place(i) for i in idxs]
    if args.country:
        places.sort(key=lambda p: (p.country != args.country, -p.population))
    for p in places[:25]:
        print(f"{p.name:<30} {p.kind:<10} {p.country} admin1={p.admin1!r:<22} admin2={p.admin2!r:<22} "
              f"lat={p.lat:.4f} lon={p.lon:.4f} pop={p.population} [{p.source}]")
    if not places:
        print("no place of that name or transliteration; try another spelling or a nearby town")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
