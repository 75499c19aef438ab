#!/usr/bin/env python3
"""Score another checkout of conflictlens (an older commit) on today's whole-article gold.

Run:  git worktree add /tmp/old a36af9e && python scripts/score_other_tree.py /tmp/old

The old tree extracts the events of every gold article in a subprocess (its own code and knowledge);
this tree's ``conflictlens.gold`` scores them, so that figures of different sessions are comparable
(docs/benchmarks.md, "Dev and held-out").
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from conflictlens.gold import load_articles, score_articles  # noqa: E402

FIELDS = ("event_type", "sub_event_type", "event_date", "admin1", "latitude", "longitude", "iso", "actor1",
          "actor2", "fatalities", "location", "main")
EXTRACT = """
import glob, json, sys
import yaml
sys.path.insert(0, sys.argv[1])
from conflictlens import extract_article
from conflictlens.readers import make_article
out = {}
for f in sorted(glob.glob(sys.argv[2] + "/*/*.yaml")):
    g = yaml.safe_load(open(f, encoding="utf-8"))
    art = make_article(text=g["text"], where=f, id=g["id"], title=g.get("title") or None,
                       source=g.get("source") or None, published=g.get("published"))
    out[g["id"]] = [{k: (str(getattr(e, k)) if k == "event_date" and getattr(e, k) else getattr(e, k, None))
                     for k in FIELDS} for e in extract_article(art).events]
json.dump(out, open(sys.argv[3], "w"))
"""


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not (Path(argv[0]) / "conflictlens").is_dir():
        print("usage: score_other_tree.py CHECKOUT  (a folder holding an older conflictlens/)", file=sys.stderr)
        return 2
    gold_dir = ROOT / "tests" / "gold" / "articles"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp, "events.json")
        subprocess.run([sys.executable, "-c", f"FIELDS = {FIELDS!r}\n" + EXTRACT, str(Path(argv[0]).resolve()),
                        str(gold_dir), str(out)], check=True, cwd=tmp)
        events = json.loads(out.read_text(encoding="utf-8"))

    def event(d: dict) -> SimpleNamespace:
        d = dict(d, event_date=date.fromisoformat(d["event_date"]) if d["event_date"] else None)
        return SimpleNamespace(figures=[], evidence=[], rule="", confidence=0.5, **d)

    for split in ("dev", "dev2", "heldout", "seeds"):
        gold = load_articles(gold_dir / split)
        s = score_articles(gold, {g.id: [event(e) for e in events.get(g.id, [])] for g in gold})
        print(split, "extracted", s["extracted_events"], "lenient", s["lenient"], "strict", s["strict"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
