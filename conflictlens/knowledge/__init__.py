"""Knowledge of the ground: the gazetteer, the actor base, and the word lists the stages use.

Everything here is loaded from files in ``knowledge/data`` (built by scripts in
``scripts/`` or written by hand, see ATTRIBUTION.md); nothing is fetched at run time.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=None)
def load_data_yaml(name: str):
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)
