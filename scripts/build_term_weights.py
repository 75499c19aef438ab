#!/usr/bin/env python3
"""Build conflictlens/knowledge/data/term_weights.tsv.gz: how common each English word is.

Text similarity between articles (stories) and between event evidence (merging) is TF-IDF
cosine.  The IDF part must not depend on what happens to be in the database, or ingesting
the same articles in another order (or one at a time) would give other links; so the weights
are fixed and shipped: the Zipf frequency of the 60,000 most common English words from the
``wordfreq`` package (data CC BY-SA 4.0, Robyn Speer et al.; see ATTRIBUTION.md).  A word
missing from the table is rarer than all of them (a village, a faction, a commander), which
is exactly what makes two reports of one event alike.

Run:  pip install wordfreq && python scripts/build_term_weights.py
Output: one row per word, ``word<TAB>zipf`` (zipf = log10 of frequency per billion words).
"""

from __future__ import annotations

import gzip
from pathlib import Path

TOP_WORDS = 60_000
OUT = Path(__file__).resolve().parents[1] / "conflictlens" / "knowledge" / "data" / "term_weights.tsv.gz"


def main() -> None:
    from wordfreq import top_n_list, zipf_frequency

    rows = []
    for w in top_n_list("en", TOP_WORDS):
        if w.isalpha():
            rows.append(f"{w}\t{zipf_frequency(w, 'en'):.2f}")
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("\n".join(rows) + "\n")
    print(f"wrote {len(rows)} words to {OUT} ({OUT.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
