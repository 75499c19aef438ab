#!/usr/bin/env python3
"""Check whole-article gold files (tests/gold/README.md): every field, sub-event type, date window,
and every evidence span and trap found verbatim in its article.

Run:  python scripts/check_gold.py tests/gold/articles [more files or folders]
Prints one line per file (events, uncertain, traps) and one line per problem; exit 1 on any problem.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from conflictlens.errors import InputError  # noqa: E402
from conflictlens.gold import load_article  # noqa: E402


def main(argv: list[str]) -> int:
    bad = 0
    for arg in argv or [str(ROOT / "tests" / "gold" / "articles")]:
        p = Path(arg)
        for f in sorted(p.rglob("*.yaml")) if p.is_dir() else [p]:
            try:
                ga = load_article(f)
            except InputError as exc:
                bad += 1
                print(f"ERROR {exc}")
                continue
            sure = sum(not g.uncertain for g in ga.events)
            print(f"ok    {f}: {sure} events, {len(ga.events) - sure} uncertain, {len(ga.traps)} traps")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
