"""Knowledge of the ground: the gazetteer, the actor base, and the word lists the stages use.

Everything here is loaded from files in ``knowledge/data`` (built by scripts in
``scripts/`` or written by hand, see ATTRIBUTION.md); nothing is fetched at run time.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


# libyaml's parser under the safe constructor where PyYAML was built with it: the same objects
# (tests/test_gazindex.py compares them on every data file) in a tenth of the time.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=None)
def load_data_yaml(name: str):
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=SAFE_LOADER)  # noqa: S506 (a safe loader)


@lru_cache(maxsize=1)
def zipf_table() -> dict[str, float]:
    """How common each English word is: Zipf frequency (log10 per billion words) of the 60,000 most
    common lower-cased words (``data/term_weights.tsv.gz``, built by ``scripts/build_term_weights.py``
    from wordfreq)."""
    with gzip.open(DATA_DIR / "term_weights.tsv.gz", "rt", encoding="utf-8") as fh:
        return {w: float(z) for w, z in (line.rstrip("\n").split("\t") for line in fh if line.strip())}
