"""Why ACLED rows miss the location: sorts the rows of a ``--misses`` file whose location is more
than 10 km off by what the gazetteer holds for them.

Run (after ``conflictlens evaluate --acled ../shared/data/acled_2020_dev.csv --misses misses.jsonl``):

    python scripts/location_misses.py ../shared/data/acled_2020_dev.csv misses.jsonl

Categories: no place extracted; the coded place is in the gazetteer under its name in the right
country within 10 km of the coded point (so resolution picked another place), split by whether the
note names it; or it is not, and then whether any town or curated place lies within 10 km at all.

Then the ceiling of this gazetteer: the share of all rows whose coded place it knows under one of the
names ACLED gives (" - " separates them) or their transliteration skeleton, in the right country and
within 10 km, plus the rows right now although it does not: the location score if every place it
knows were resolved.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter

from conflictlens.knowledge.gazetteer import default_gazetteer, haversine_km
from conflictlens.knowledge.names import name_key

NEAR_KM = 10.0


def main(acled_path: str, misses_path: str) -> None:
    gaz = default_gazetteer()
    rows = list(csv.DictReader(open(acled_path, encoding="utf-8")))
    iso2_of = {str(c.isonum): c.iso2 for c in gaz.countries.values()}
    cats: Counter = Counter()
    missed = set()
    with open(misses_path, encoding="utf-8") as fh:
        for line in fh:
            miss = json.loads(line)
            if "location_10km" not in miss.get("wrong", []):
                continue
            missed.add(miss["row"])
            row = rows[miss["row"] - 2]
            lat, lon = float(row["latitude"]), float(row["longitude"])
            cc = iso2_of.get(row["iso"], "")
            named = row["location"].split(" - ")[0].split("-")[0].strip().lower() in miss["notes"].lower()
            held = [i for i in gaz.lookup_key(name_key(row["location"])) if gaz.rows[i][3] == cc
                    and haversine_km(lat, lon, gaz.rows[i][6], gaz.rows[i][7]) <= NEAR_KM]
            if not miss["got"].get("location"):
                cats["no place extracted"] += 1
            elif held:
                cats["coded place in the gazetteer, another picked" + (" (note names it)" if named else "")] += 1
            else:
                near = any(gaz.places_near(lat, lon, NEAR_KM))
                cats["coded place not in the gazetteer by name"
                     + (", some place within 10 km" if near else ", nothing within 10 km")] += 1
    print(f"{sum(cats.values())} rows more than {NEAR_KM:g} km off or without a location")
    for k, v in cats.most_common():
        print(f"{v:5d}  {k}")
    known = right_unknown = 0
    for n, row in enumerate(rows, start=2):
        if not row["latitude"]:
            continue
        lat, lon = float(row["latitude"]), float(row["longitude"])
        cc = iso2_of.get(row["iso"], "")
        ids = {i for name in row["location"].split(" - ")
               for i in gaz.lookup_key(name_key(name)) + gaz.lookup_skeleton(name, cc)}
        if any(gaz.rows[i][3] == cc and haversine_km(lat, lon, gaz.rows[i][6], gaz.rows[i][7]) <= NEAR_KM for i in ids):
            known += 1
        elif n not in missed:
            right_unknown += 1
    print(f"{known} of {len(rows)} rows ({known / len(rows):.1%}) have their coded place in the gazetteer by name; "
          f"{right_unknown} more are right without it: ceiling {(known + right_unknown) / len(rows):.4f}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
