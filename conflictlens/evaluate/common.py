"""What every evaluation shares: agreement of actor and admin1 names, dates, reading gold files."""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Callable
from datetime import datetime

from unidecode import unidecode

from ..knowledge.gazetteer import default_gazetteer
from ..knowledge.names import admin_key
from ..errors import InputError, StageError
from ..models import Event

LOCATION_KM = 10.0  # "location within 10 km" (ACLED geo_precision 1 means the town itself)


def norm_actor(name: str) -> str:
    s = unidecode(name or "").lower()
    s = re.sub(r"\(\d{4}-\d{0,4}\)", " ", s)  # the period in parentheses
    s = re.sub(r"[^a-z0-9 ]+", " ", s)
    return " ".join(s.split())


def actor_agrees(gold: str, got: str) -> bool:
    g, o = norm_actor(gold), norm_actor(got)
    if not g and not o:
        return True
    if not g or not o:
        return False
    gw, ow = g.split(), o.split()
    n = min(len(gw), len(ow))
    return gw[:n] == ow[:n]  # equal, or one a word-prefix of the other


def admin1_agrees(gold: str, got: str, iso2: str | None = None) -> bool:
    if not gold or not got:
        return not gold and not got
    if admin_key(gold) == admin_key(got):
        return True
    gaz = default_gazetteer()
    if iso2:
        a, b = gaz.admin1_canonical(iso2, gold), gaz.admin1_canonical(iso2, got)
        return a is not None and a == b
    return False


def parse_acled_date(s: str):
    for fmt in ("%d-%b-%y", "%Y-%m-%d", "%d %B %Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(s, fmt).date()
        except ValueError:
            pass
    return None


def _open(path, newline: str | None = ""):
    try:
        return open(path, encoding="utf-8", newline=newline)
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror})") from None


def _read_csv(path, required: tuple[str, ...]) -> list[dict]:
    """The rows of a gold CSV; a file that cannot be read or lacks a column is one clear error."""
    try:
        with _open(path) as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError(str(path), f"not the expected CSV: no column {', '.join(missing)}")
            return list(reader)
    except UnicodeDecodeError:
        raise InputError(str(path), "not UTF-8 text") from None


def _events_or_error(extract: Callable, art, errors: list[str]) -> list[Event]:
    """The article's events; a stage failing on it is counted and scored as no event, and the run
    goes on (one line on standard error names the article)."""
    try:
        return extract(art).events
    except StageError as exc:
        errors.append(str(exc))
        print(f"error: {exc}", file=sys.stderr)
        return []


