#!/usr/bin/env python3
"""Pick the FA-KES articles of the whole-article gold (tests/gold/articles/) and write their skeletons.

Run once:  python scripts/pick_gold_articles.py ../shared/data/fakes_dev.csv [--n 56]
Later:     python scripts/pick_gold_articles.py ../shared/data/fakes_dev.csv --more 24 --into dev2
           (the next articles of the same order, all development articles, into their own folder)

The choice is reproducible and spread over outlets and years: articles are ordered by a hash of their
unit id; near-copies (the same title, or the same first 200 characters) keep only the first; each year gives
its first two; then the
outlets are taken in turn (alphabetical), each giving its next article by hash, until N are picked.  The
picked articles alternate, by hash rank, between the development part and the held-out part, so both
parts have the same mix of outlets.  Each skeleton holds the article (title, text, outlet, date) and an
empty event list for the coder to fill (tests/gold/README.md says how).  Existing files are left alone.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "articles"
SALT = "conflictlens-article-gold-v1"
YEAR_MIN = 2


def _rank(unit_id: str) -> str:
    return hashlib.sha1(f"{SALT}:{unit_id}".encode()).hexdigest()


def pick(rows: list[dict], n: int) -> list[dict]:
    rows = sorted(rows, key=lambda r: _rank(r["unit_id"]))
    seen, unique = set(), []
    for r in rows:
        keys = {r["article_title"].strip().lower(), " ".join(r["article_content"].split())[:200].lower()}
        if keys & seen:
            continue
        seen |= keys
        unique.append(r)
    # every year gives at least YEAR_MIN articles (2011 and 2012 have only a few), then outlets take turns
    picked: list[dict] = []
    for year in sorted({r["date"][-4:] for r in unique}):
        picked += [r for r in unique if r["date"][-4:] == year][:YEAR_MIN]
    by_outlet: dict[str, list[dict]] = defaultdict(list)
    for r in unique:
        if r not in picked:
            by_outlet[r["source"]].append(r)
    while len(picked) < n and any(by_outlet.values()):
        for outlet in sorted(by_outlet):
            if by_outlet[outlet] and len(picked) < n:
                picked.append(by_outlet[outlet].pop(0))
    return picked


class _Literal(str):
    pass


def _literal(dumper, s):
    return dumper.represent_scalar("tag:yaml.org,2002:str", s, style="|")


yaml.add_representer(_Literal, _literal)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("--n", type=int, default=56)
    ap.add_argument("--more", type=int, default=0, help="the next MORE articles after the first N, all development")
    ap.add_argument("--into", default="dev2", help="with --more: the folder under tests/gold/articles")
    args = ap.parse_args(argv)
    csv.field_size_limit(10**9)
    with open(args.csv, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    picked = pick(rows, args.n + args.more)
    if args.more:  # (pick's first N are the same whatever it is asked for beyond them)
        order, folder = sorted(picked[args.n:], key=lambda r: _rank(r["unit_id"])), args.into
    else:
        order, folder = sorted(picked, key=lambda r: _rank(r["unit_id"])), None
    for i, r in enumerate(order):
        split = "dev" if folder or i % 2 == 0 else "heldout"
        out = GOLD / (folder or split) / f"fakes-{r['unit_id']}.yaml"
        if out.exists():
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        doc = {
            "id": f"fakes-{r['unit_id']}",
            "split": split,
            "source": r["source"],
            "published": datetime.strptime(r["date"], "%m/%d/%Y").date().isoformat(),
            "provenance": f"FA-KES (Zenodo record 2607278, CC BY 4.0), fakes_dev.csv unit_id {r['unit_id']}",
            "coder": "",
            "title": r["article_title"],
            "text": _Literal(r["article_content"].strip() + "\n"),
            "events": [],
            "traps": [],
        }
        out.write_text(yaml.dump(doc, sort_keys=False, allow_unicode=True, width=100000), encoding="utf-8")
        print(f"{split:8} {r['source']:14} {r['date']:>10} {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
