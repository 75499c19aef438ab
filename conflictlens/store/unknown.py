"""Groups the corpus names that the actor base lacks: what an analyst should add with ``--actors``.

A report's actor is known when the base has it (``ActorBase.by_name``, its per-country names included),
or when it is one of ACLED's generic names (state and police forces, protesters, rioters, civilians,
unidentified groups, unnamed rebels or Islamist militias).  Every other name (a group the text named:
"Lions of the Valley Brigade", "Maasai Ethnic Militia (Kenya)") is listed with how many reports name
it, its countries and a few of the sentences that do.
"""

from __future__ import annotations

import json
import re

SAMPLES = 3  # sentences shown for each unknown actor
GENERIC = re.compile(r"^(Military Forces of|Police Forces of|Government of|Mutiny of|Protesters \(|Rioters \(|"
                     r"Civilians \(|Unidentified |Islamist Militia \(|Opposition Rebels \(|Women \(|Men \(|"
                     r"Students \(|Labou?r Group \()")


def known_names(base) -> tuple[set[str], list[re.Pattern]]:
    """The base's names, and patterns for its per-country names ("Islamic State ({country})")."""
    names, templates = set(), []
    for name in base.by_name:
        if "{country}" in name:
            templates.append(re.compile("^" + re.escape(name).replace(re.escape("{country}"), r"[^)]+") + "$"))
        else:
            names.add(name)
    for a in base.by_name.values():
        names.update(name for _cc, name in a.by_country)
    return names, templates


def unknown_actors(store, base, limit: int = 100) -> list[dict]:
    """``[{name, reports, countries, samples}]``, most reported first."""
    names, templates = known_names(base)

    def known(name: str) -> bool:
        return name in names or bool(GENERIC.match(name)) or any(t.match(name) for t in templates)

    seen: dict[str, dict] = {}
    rows = store.db.execute("SELECT actor1, actor2, country, evidence FROM events")
    for a1, a2, country, evidence in rows:
        for name in (a1, a2):
            if not name or known(name):
                continue
            rec = seen.setdefault(name, {"name": name, "reports": 0, "countries": set(), "samples": []})
            rec["reports"] += 1
            if country:
                rec["countries"].add(country)
            if len(rec["samples"]) < SAMPLES:
                ev = json.loads(evidence or "[]")
                if ev and ev[0].get("text") not in rec["samples"]:
                    rec["samples"].append(ev[0].get("text", ""))
    out = sorted(seen.values(), key=lambda r: (-r["reports"], r["name"]))[:limit]
    for r in out:
        r["countries"] = sorted(r["countries"])
    return out
