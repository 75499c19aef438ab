"""The columns of a current ACLED export, in ACLED's order, and the values conflictlens derives for
those it does not extract: disorder type and civilian targeting from the codebook (section 7 of
``CODEBOOK.md``, table 1.0), inter codes and the interaction as text, the region from the country.
"""

from __future__ import annotations

import csv
from datetime import datetime, timezone
from functools import lru_cache

from .knowledge import DATA_DIR
from .models import Event

# A current ACLED export's columns, in its order
ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp"]
# ... and their types (as pandas reads them: "int" columns may be empty where nothing is known)
ACLED_TYPES = {"year": "int", "time_precision": "int", "iso": "int", "latitude": "float", "longitude": "float",
               "geo_precision": "int", "fatalities": "int", "timestamp": "int"}

# ACLED's inter codes as current exports write them
INTER_LABELS = {1: "State forces", 2: "Rebel group", 3: "Political militia", 4: "Identity militia", 5: "Rioters",
                6: "Protesters", 7: "Civilians", 8: "External/Other forces"}
CIVILIANS = 7
CIVILIANS_TARGETED = "Civilians targeted"
POLITICAL_VIOLENCE, DEMONSTRATIONS, STRATEGIC = "Political violence", "Demonstrations", "Strategic developments"
# Table 1.0: the disorder type of each event type, and of the sub-event types that differ from it
DISORDER_BY_TYPE = {"Battles": POLITICAL_VIOLENCE, "Protests": DEMONSTRATIONS, "Riots": DEMONSTRATIONS,
                    "Explosions/Remote violence": POLITICAL_VIOLENCE, "Violence against civilians": POLITICAL_VIOLENCE,
                    "Strategic developments": STRATEGIC}
DISORDER_BY_SUB_TYPE = {"Excessive force against protesters": f"{POLITICAL_VIOLENCE}; {DEMONSTRATIONS}",
                        "Mob violence": POLITICAL_VIOLENCE}
# Section 7: civilians are the main target of every VAC event, and of ERV, riot and excessive-force
# events whose target is civilians (never of battles, where civilian harm is incidental)
TARGETING_BY_TARGET = frozenset({"Explosions/Remote violence", "Riots"})


def inter_label(code: int) -> str:
    return INTER_LABELS.get(code, "")


def interaction(inter1: int, inter2: int) -> str:
    """"State forces-Civilians", "Rebel group only": the two inter codes, the lower first (ACLED's
    order, so that the order of actor1 and actor2 does not matter); "" with no actor."""
    codes = sorted(c for c in (inter1, inter2) if c in INTER_LABELS)
    if not codes:
        return ""
    return f"{INTER_LABELS[codes[0]]} only" if len(codes) == 1 else "-".join(INTER_LABELS[c] for c in codes)


def disorder_type(event_type: str, sub_event_type: str) -> str:
    return DISORDER_BY_SUB_TYPE.get(sub_event_type) or DISORDER_BY_TYPE.get(event_type, "")


def civilian_targeting(e: Event) -> str:
    if e.event_type == "Violence against civilians":
        return CIVILIANS_TARGETED
    if (e.event_type in TARGETING_BY_TARGET or e.sub_event_type == "Excessive force against protesters") and (
            e.inter2 == CIVILIANS):
        return CIVILIANS_TARGETED
    return ""


@lru_cache(maxsize=1)
def _iso2_by_number() -> dict[str, str]:
    """ISO 3166 numeric code (as ``Event.iso`` holds it) -> alpha-2 (``countries.tsv``)."""
    with open(DATA_DIR / "countries.tsv", encoding="utf-8") as fh:
        return {str(int(r["isonum"])): r["iso2"] for r in csv.DictReader(fh, delimiter="\t") if r["isonum"]}


def region(iso_number: str) -> str:
    """ACLED's region of the country with ISO numeric code ``iso_number`` ("" if unknown)."""
    from .knowledge.packs import default_knowledge

    iso2 = _iso2_by_number().get(str(iso_number).lstrip("0") or "0", "") if iso_number else ""
    return default_knowledge().regions.get(iso2, "")


def timestamp(e: Event) -> int | str:
    """ACLED's timestamp is when a row was last changed; conflictlens keeps no such time, so it writes
    the last day the event's information covers (``date_max``, else its date), at 00:00 UTC: the same
    on every export, and later for a later event."""
    d = e.date_max or e.event_date
    return int(datetime(d.year, d.month, d.day, tzinfo=timezone.utc).timestamp()) if d else ""


def acled_values(e: Event, notes: str) -> list:
    """The values of ``ACLED_COLUMNS`` for event ``e`` (``notes`` written by the exporter)."""
    return [e.event_id, e.event_date.isoformat() if e.event_date else "", e.event_date.year if e.event_date else "",
            e.time_precision, disorder_type(e.event_type, e.sub_event_type), e.event_type, e.sub_event_type,
            e.actor1, e.assoc_actor_1, inter_label(e.inter1), e.actor2, e.assoc_actor_2, inter_label(e.inter2),
            interaction(e.inter1, e.inter2), civilian_targeting(e), e.iso, region(e.iso), e.country, e.admin1,
            e.admin2, "", e.location, "" if e.latitude is None else f"{e.latitude:.4f}",
            "" if e.longitude is None else f"{e.longitude:.4f}", e.geo_precision or "", e.source, "", notes,
            e.fatalities, "", timestamp(e)]
