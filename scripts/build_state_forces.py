#!/usr/bin/env python3
"""The periods ACLED gives each state's forces in the development rows: a table per country of the
period labels of "Military Forces of X (P)" and "Police Forces of X (P)" (with unit suffixes, and
"Mutiny of ..."), the first and last event date each is used on, from which the ``state_forces``
periods of the packs (conflictlens/knowledge/data/countries/XX/actors.yaml) are read off.

Run:  python scripts/build_state_forces.py [--country NAME] [--check]

Only development rows of ../shared/data/acled_2020_dev.csv and acled_world_dev.csv are read
(held-out rows, conflictlens.evaluate.split_of, are dropped before anything else is looked at); only
the actor columns and the event date are used (no note).  ``--check`` compares the table with the
packs: a label the dev rows use that no pack period (nor a named state actor, "Military Forces of
Somaliland (2024-)") has, which makes it exit 1; and, as notes, the uses of a label outside the pack's
period of it (ACLED's own stragglers: a "(2010-2016)" police force in 2019).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from conflictlens.evaluate import split_of  # noqa: E402
from conflictlens.evaluate.common import parse_acled_date  # noqa: E402
from conflictlens.knowledge.packs import default_knowledge  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
DEV_FILES = ("acled_2020_dev.csv", "acled_world_dev.csv")
ACTOR_COLUMNS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
# "Military Forces of the Philippines (2022-) Navy", "Mutiny of Military Forces of Mali (2021-)"
FORCE = re.compile(r"^(?:Mutiny of )?(?P<kind>Military|Police) Forces of (?:the )?(?P<state>.+?) "
                   r"\((?P<start>\d{4})-(?P<end>\d{4})?\)(?: (?P<unit>.+))?$")
# labels of the dev rows that are ACLED's slips beside its own label, not periods: (state, label) -> why
VARIANTS = {("Nicaragua", 2006): "13 police names say (2006-), the year Ortega was elected, beside 87 of (2007-)"}


@dataclass
class Use:
    """One period label of one state's forces, as the development rows use it."""

    dates: list = field(default_factory=list)
    ended: set = field(default_factory=set)  # end years written, "(2000-2024)"
    kinds: set = field(default_factory=set)  # Military, Police
    units: set = field(default_factory=set)
    where: set = field(default_factory=set)  # the countries the events are in

    @property
    def first(self) -> date:
        return min(self.dates)

    @property
    def last(self) -> date:
        return max(self.dates)

    def add(self, when: date, m: re.Match, country: str) -> None:
        self.dates.append(when)
        if m["end"]:
            self.ended.add(int(m["end"]))
        self.kinds.add(m["kind"])
        if m["unit"]:
            self.units.add(m["unit"])
        self.where.add(country)


def dev_rows(paths):
    """The development rows of the files (held-out rows are dropped here, unread)."""
    csv.field_size_limit(10**9)
    for path in paths:
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if split_of(row) == "dev":
                    yield row


def collect(paths) -> dict[str, dict[int, Use]]:
    """State (as ACLED names it) -> period label (its start year) -> its use."""
    table: dict[str, dict[int, Use]] = defaultdict(lambda: defaultdict(Use))
    for row in dev_rows(paths):
        when = parse_acled_date(row.get("event_date", ""))
        if when is None:
            continue
        for col in ACTOR_COLUMNS:
            for name in (row.get(col) or "").split(";"):
                m = FORCE.match(name.strip())
                if m:
                    table[m["state"]][int(m["start"])].add(when, m, row.get("country", ""))
    return table


def show(table: dict[str, dict[int, Use]], only: str = "") -> None:
    for state in sorted(table):
        if only and state.lower() != only.lower():
            continue
        print(state)
        for label, u in sorted(table[state].items()):
            end = "-".join(map(str, sorted(u.ended))) if u.ended else ""
            abroad = sorted(c for c in u.where if c != state)
            extra = [f"{'/'.join(sorted(u.kinds))}"]
            if u.units:
                extra.append("units: " + ", ".join(sorted(u.units)))
            if abroad:
                extra.append("in: " + ", ".join(abroad))
            print(f"  ({label}-{end}){'':<{10 - len(end)}} {u.first} .. {u.last}  {len(u.dates):>4} names  {'; '.join(extra)}")


def pack_spans() -> dict[str, dict[int, tuple[date, date]]]:
    """ACLED's name of each state -> period label -> (first day, last day) the packs give it: the
    ``state_forces`` periods (the first from the beginning of time) and the named state actors
    ("Military Forces of Somaliland (2024-)", "Military Forces of Yemen (2016-) Supreme Political Council")."""
    k = default_knowledge()
    out: dict[str, dict[int, tuple[date, date]]] = defaultdict(dict)
    for cc, periods in k.periods.items():
        start = date.min
        for label, to in periods:
            out[k.country_name(cc)][label] = (start, to or date.max)
            start = to + timedelta(days=1) if to else start
    for a in k.actors:
        m = FORCE.match(a["name"])
        if m and int(a.get("inter", 3)) in (1, 8):
            span = (_day(a.get("valid_from"), date.min), _day(a.get("valid_to"), date.max))
            out[m["state"]].setdefault(int(m["start"]), span)
    return out


def _day(v, default: date) -> date:
    return date.fromisoformat(str(v)) if v else default


def check(table: dict[str, dict[int, Use]]) -> tuple[list[str], list[str]]:
    """(labels no pack has, uses of a label outside the pack's period of it); see the module docstring."""
    spans, missing, outside = pack_spans(), [], []
    for state, uses in sorted(table.items()):
        for label, u in sorted(uses.items()):
            span = spans.get(state, {}).get(label)
            if span is None and (state, label) in VARIANTS:
                outside.append(f"{state}: ({label}-) is a variant: {VARIANTS[state, label]}")
                continue
            if span is None:
                missing.append(f"{state}: ({label}-) used {u.first}..{u.last}, no pack period or state actor has it")
                continue
            out = sorted(d for d in u.dates if not span[0] <= d <= span[1])
            if out:
                shown = ", ".join(map(str, out[:3])) + (", ..." if len(out) > 3 else "")
                a, b = ("" if x in (date.min, date.max) else x for x in span)
                outside.append(f"{state}: ({label}-) {len(out)} of {len(u.dates)} uses outside the pack's {a}..{b}: {shown}")
    return missing, outside


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--country", default="", help="only this state (ACLED's name)")
    ap.add_argument("--check", action="store_true", help="compare with the packs' periods")
    args = ap.parse_args(argv)
    table = collect([SHARED / f for f in DEV_FILES])
    show(table, args.country)
    if args.check:
        missing, outside = check(table)
        print(f"\n{len(missing)} labels no pack has")
        for line in missing:
            print("  " + line)
        print(f"{len(outside)} labels used outside the pack's period, or variants (ACLED's slips)")
        for line in outside:
            print("  " + line)
        return 1 if missing else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
