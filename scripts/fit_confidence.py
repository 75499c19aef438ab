#!/usr/bin/env python3
"""Fit the event confidence's weights (conflictlens/knowledge/data/confidence.yaml) on the development
part of the whole-article gold, and print how the confidence bands hold on the dev and held-out parts.

Run:  python scripts/fit_confidence.py [--write] [--heldout]

Each extracted event of a gold article is labelled right (it matches a certain gold event, leniently:
type, date window, admin1, distance) or wrong (it matches nothing); events that match only an
uncertain gold event are left out, as evaluate leaves them out.  The weights are an L2-regularised
logistic regression of that label on the features of ``pipeline/events/rank.py``, fitted by gradient
descent (numpy).  Without ``--write`` it only prints; the held-out part is never used to fit.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from conflictlens import extract_article  # noqa: E402
from conflictlens.evaluate import gold_article_input  # noqa: E402
from conflictlens.gold import lenient_match, load_articles, score_article  # noqa: E402
from conflictlens.pipeline.events.rank import features, home_country  # noqa: E402

L2 = 1.0  # regularisation: a few dozen labelled events, so weights stay small
STEPS, RATE = 4000, 0.1
BANDS = ((0.0, 0.5), (0.5, 0.8), (0.8, 1.01))
OUT = ROOT / "conflictlens" / "knowledge" / "data" / "confidence.yaml"


def labelled(folders: list[str]) -> list[tuple[dict, int]]:
    out = []
    for folder in folders:
        for ga in load_articles(ROOT / "tests" / "gold" / "articles" / folder):
            art = extract_article(gold_article_input(ga))
            s = score_article(ga, art.events, lenient_match)
            right = {id(ev) for _g, ev in s.matched}
            wrong = {id(ev) for ev in s.false}
            home = home_country(art.events)
            for ev in art.events:
                if id(ev) in right or id(ev) in wrong:
                    out.append((features(ev, art, ev.main, home), int(id(ev) in right), ev))
    return out


def fit(rows) -> dict[str, float]:
    names = sorted(rows[0][0])
    x = np.array([[r[0][n] for n in names] for r in rows], dtype=float)
    y = np.array([r[1] for r in rows], dtype=float)
    w, b = np.zeros(len(names)), 0.0
    for _ in range(STEPS):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        g = p - y
        w -= RATE * (x.T @ g / len(y) + L2 * w / len(y))
        b -= RATE * g.mean()
    return {"bias": round(float(b), 3)} | {n: round(float(v), 3) for n, v in zip(names, w)}


def bands(rows) -> list[str]:
    out = []
    for lo, hi in BANDS:
        inb = [r for r in rows if lo <= r[2].confidence < hi]
        right = sum(r[1] for r in inb)
        out.append(f"[{lo:.1f}, {min(hi, 1.0):.1f}]: {len(inb)} events, {right} right"
                   + (f" ({right / len(inb):.2f})" if inb else ""))
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="write the fitted weights to confidence.yaml")
    ap.add_argument("--heldout", action="store_true", help="also print the bands on the held-out part (measure only)")
    args = ap.parse_args(argv)
    dev = labelled(["dev", "dev2", "seeds"])
    weights = fit(dev)
    print("weights:", weights)
    if args.write:
        text = OUT.read_text(encoding="utf-8").split("weights:")[0]
        OUT.write_text(text + yaml.safe_dump({"weights": weights}, sort_keys=False), encoding="utf-8")
        import importlib

        importlib.import_module("conflictlens.pipeline.events.rank").weights.cache_clear()
    for name, folders in (("dev", ["dev", "dev2", "seeds"]), ("held-out", ["heldout"]))[:2 if args.heldout else 1]:
        rows = labelled(folders)
        print(f"{name}: " + "; ".join(bands(rows)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
