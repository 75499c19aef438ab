"""The ACLED CSV export: every column of a current ACLED export in ACLED's order and types, then
conflictlens's own; read back with pandas as an analyst would."""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd
import pytest

from conflictlens.acled_columns import ACLED_COLUMNS, civilian_targeting, disorder_type, interaction
from conflictlens.exporters import EXPORTERS, OWN_COLUMNS, REPORT_COLUMNS
from conflictlens.models import Event, Evidence

from .conftest import ACLED_DEV

CURRENT_ACLED_EXPORT = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                        "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                        "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
                        "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
                        "notes", "fatalities", "tags", "timestamp"]


def _events() -> list[Event]:
    """Invented events (no extraction involved): a shelling of civilians, a clash, a protest met with
    excessive force, a one-sided strategic development without a date or a place."""
    ev = [Evidence("a1", 0, 40, "Invented: gunners shelled the village of Zed.")]
    return [
        Event("e1", "a1", date(2024, 12, 9), date(2024, 12, 8), date(2024, 12, 9), 1, "Explosions/Remote violence",
              "Shelling/artillery/missile attack", actor1="Military Forces of Syria (2024-)", actor2="Civilians (Syria)",
              inter1=1, inter2=7, country="Syria", iso="760", admin1="Idleb", location="Zed", latitude=35.9,
              longitude=36.6, geo_precision=1, fatalities=3, evidence=ev, source="Invented Wire"),
        Event("e2", "a1", date(2020, 5, 3), date(2020, 5, 3), date(2020, 5, 3), 1, "Battles", "Armed clash",
              actor1="Opposition Rebels (Syria)", actor2="Military Forces of Syria (2000-)", inter1=2, inter2=1,
              country="Syria", iso="760", admin1="Hama", location="Kafr Zed", latitude=35.2, longitude=36.7,
              geo_precision=2, evidence=ev),
        Event("e3", "a2", date(2020, 5, 4), date(2020, 5, 4), date(2020, 5, 4), 1, "Protests",
              "Excessive force against protesters", actor1="Protesters (Brazil)",
              actor2="Police Forces of Brazil (2019-)", inter1=6, inter2=1, country="Brazil", iso="76",
              admin1="Bahia", location="Salvador", latitude=-12.97, longitude=-38.5, geo_precision=1, evidence=ev),
        Event("e4", "a3", None, date(2019, 1, 1), date(2021, 12, 31), 3, "Strategic developments", "Agreement",
              actor1="Military Forces of Kenya (2013-)", inter1=1),
    ]


def test_exporters_acled_csv_has_acleds_columns_in_order_then_ours():
    assert ACLED_COLUMNS == CURRENT_ACLED_EXPORT
    out = io.StringIO()
    EXPORTERS["acled-csv"](_events(), out)
    df = pd.read_csv(io.StringIO(out.getvalue()), keep_default_na=False, na_values=[""])
    assert list(df.columns) == CURRENT_ACLED_EXPORT + OWN_COLUMNS + REPORT_COLUMNS
    # ACLED's types: integers where ACLED has them (nullable where unknown), floats for coordinates
    for col in ("time_precision", "fatalities"):
        assert pd.api.types.is_integer_dtype(df[col]), col
    for col in ("year", "iso", "geo_precision", "timestamp"):
        assert df[col].dropna().map(lambda v: float(v).is_integer()).all() and df[col].notna().sum() >= 3, col
    assert pd.api.types.is_float_dtype(df["latitude"]) and pd.api.types.is_float_dtype(df["longitude"])
    first = df.iloc[0]
    assert (first["disorder_type"], first["civilian_targeting"], first["region"]) == (
        "Political violence", "Civilians targeted", "Middle East")
    assert (first["inter1"], first["inter2"], first["interaction"]) == ("State forces", "Civilians",
                                                                         "State forces-Civilians")
    assert df.iloc[1]["interaction"] == "State forces-Rebel group" and pd.isna(df.iloc[1]["civilian_targeting"])
    assert df.iloc[2]["disorder_type"] == "Political violence; Demonstrations"
    assert df.iloc[2]["region"] == "South America" and df.iloc[3]["interaction"] == "State forces only"
    assert df.iloc[3]["region"] == "" or pd.isna(df.iloc[3]["region"])  # (no country)
    assert first["timestamp"] == 1733702400  # 2024-12-09, the last day the event covers, 00:00 UTC
    assert first["evidence"] == "a1:0-40" and first["date_min"] == "2024-12-08"


@pytest.mark.skipif(not ACLED_DEV.exists(), reason="../shared/data/acled_2020_dev.csv not present")
def test_exporters_acled_columns_cover_an_acled_export_header():
    with open(ACLED_DEV, encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    legacy = {"data_id", "event_id_no_cnty", "iso3"}  # (columns older exports had, current ones do not)
    theirs = [c for c in header if c not in legacy]
    assert set(theirs) <= set(ACLED_COLUMNS)  # every one
    # ... in the same order, but for iso, which older exports put first and current ones before region
    moved = [c for c in theirs if c != "iso"]
    assert moved == [c for c in ACLED_COLUMNS if c in moved]


@pytest.mark.parametrize("event_type, sub, expected", [
    ("Battles", "Armed clash", "Political violence"),
    ("Protests", "Peaceful protest", "Demonstrations"),
    ("Protests", "Excessive force against protesters", "Political violence; Demonstrations"),
    ("Riots", "Violent demonstration", "Demonstrations"),
    ("Riots", "Mob violence", "Political violence"),
    ("Strategic developments", "Looting/property destruction", "Strategic developments"),
])
def test_exporters_disorder_type_follows_the_codebook(event_type, sub, expected):
    assert disorder_type(event_type, sub) == expected


def test_exporters_interaction_and_civilian_targeting():
    assert interaction(7, 3) == "Political militia-Civilians" and interaction(6, 0) == "Protesters only"
    assert interaction(0, 0) == ""
    battle = Event("x", "a", None, None, None, 1, "Battles", "Armed clash", inter1=1, inter2=7)
    vac = Event("y", "a", None, None, None, 1, "Violence against civilians", "Abduction/forced disappearance",
                inter1=3, inter2=0)
    mob = Event("z", "a", None, None, None, 1, "Riots", "Mob violence", inter1=5, inter2=7)
    assert [civilian_targeting(e) for e in (battle, vac, mob)] == ["", "Civilians targeted", "Civilians targeted"]
