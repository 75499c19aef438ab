"""State forces are named per regime: the same army before and after a regime change is two actors,
"Military Forces of Syria (2000-2024)" and "Military Forces of Syria (2024-)" (the packs' ``state_forces``
periods, from scripts/build_state_forces.py's table of the development rows and the dates regimes
changed).  The sentences are invented."""

from __future__ import annotations

from datetime import date

import pytest

from conflictlens import extract_text
from conflictlens.knowledge.actors import ActorBase
from conflictlens.knowledge.names import name_key

# (sentence on the last days of a regime, the name then; the same on the first days after, the name then)
REGIME_CHANGES = [
    # Assad's government fell on 8 December 2024
    ("On 1 December 2024, the Syrian army shelled the village of Kafr Nabl in Idlib, killing two civilians.",
     "Military Forces of Syria (2000-2024)",
     "On 20 December 2024, the Syrian army shelled the village of Kafr Nabl in Idlib, killing two civilians.",
     "Military Forces of Syria (2024-)"),
    # the Taliban took Kabul on 15 August 2021: from then on they are the state's forces
    ("On 10 August 2021, Afghan security forces clashed with the Taliban in Lashkar Gah, Helmand.",
     "Military Forces of Afghanistan (2014-2021)",
     "On 20 September 2021, Taliban fighters clashed with Islamic State militants in Jalalabad, Nangarhar.",
     "Military Forces of Afghanistan (2021-)"),
    # the military's coup of 1 February 2021
    ("On 20 January 2021, the Myanmar military clashed with the Arakan Army in Paletwa, Chin state.",
     "Military Forces of Myanmar (2016-2021)",
     "On 20 March 2021, the Myanmar military clashed with the Arakan Army in Paletwa, Chin state.",
     "Military Forces of Myanmar (2021-)"),
    # Idriss Deby killed, the Transitional Military Council from 20 April 2021
    ("On 1 April 2021, Chadian soldiers clashed with FACT rebels near Mao, Kanem.",
     "Military Forces of Chad (1990-2021)",
     "On 1 May 2021, Chadian soldiers clashed with FACT rebels near Mao, Kanem.",
     "Military Forces of Chad (2021-)"),
]


# Until the extraction writes an ended period's end year ("(2000-2024)"), it names every period open
# ("(2000-)"): the names of the days before a change are then expected to fail, and nothing else
def _forces(text: str) -> set[str]:
    return {name for ev in extract_text(text).events for name in (ev.actor1, ev.actor2) if "Forces of" in name}


@pytest.mark.parametrize("before, name_before, after, name_after", REGIME_CHANGES,
                         ids=[r[1].split(" (")[0] for r in REGIME_CHANGES])
def test_state_forces_same_force_two_names_across_a_regime_change(before, name_before, after, name_after):
    assert name_after in _forces(after)
    assert name_before in _forces(before)


def _period(base: ActorBase, iso2: str, when: date) -> str:
    """ACLED's period of the state's forces on ``when``, "(2000-2024)" or "(2024-)"."""
    for label, end in base.periods[iso2]:
        if end is None or when <= end:
            return f"({label}-{end.year if end else ''})"
    raise AssertionError(f"no period of {iso2} on {when}")


@pytest.mark.parametrize("iso2, day, period", [
    ("SY", date(2024, 12, 7), "(2000-2024)"), ("SY", date(2024, 12, 8), "(2024-)"),
    ("AF", date(2021, 8, 14), "(2014-2021)"), ("AF", date(2021, 8, 15), "(2021-)"),
    ("MM", date(2021, 1, 31), "(2016-2021)"), ("MM", date(2021, 2, 1), "(2021-)"),
    # Sudan: ACLED keeps (2019-) through the coup of October 2021
    ("SD", date(2019, 4, 10), "(1989-2019)"), ("SD", date(2022, 1, 1), "(2019-)"),
    ("ML", date(2020, 8, 17), "(2013-2020)"), ("ML", date(2020, 8, 18), "(2020-2021)"), ("ML", date(2021, 5, 24), "(2021-)"),
    ("BF", date(2022, 1, 23), "(2015-2022)"), ("BF", date(2022, 10, 1), "(2022-)"),
    ("NE", date(2020, 5, 1), "(2011-2021)"), ("NE", date(2023, 7, 26), "(2023-)"),
    ("GN", date(2021, 9, 4), "(2010-2021)"), ("GN", date(2021, 9, 5), "(2021-)"),
    ("TD", date(2020, 4, 29), "(1990-2021)"), ("TD", date(2021, 4, 20), "(2021-)"),
    # the development rows' labels: Ghana per ruling party, Sri Lanka, the Philippines, Angola, Honduras, Iran
    ("GH", date(2012, 8, 1), "(2009-2017)"), ("GH", date(2020, 1, 1), "(2017-2025)"),
    ("LK", date(2014, 12, 29), "(2008-2015)"), ("LK", date(2022, 11, 18), "(2019-2024)"),
    ("PH", date(2016, 6, 29), "(2010-2016)"), ("PH", date(2016, 7, 1), "(2016-2022)"),
    ("AO", date(2020, 5, 1), "(1975-)"), ("HN", date(2020, 4, 28), "(2010-2022)"), ("IR", date(2020, 4, 27), "(1989-)"),
])
def test_state_forces_period_of_a_day(iso2, day, period):
    assert _period(ActorBase(), iso2, day) == period


def test_state_forces_named_forces_abroad_follow_their_periods():
    """Forces known by their aliases (acting abroad) change name with their regime too."""
    base = ActorBase()
    us = tuple(base.index.get_key(name_key("US forces")))
    assert base.pick(us, date(2018, 3, 1)).name.startswith("Military Forces of the United States (2017-")
    assert base.pick(us, date(2025, 6, 1)).name == "Military Forces of the United States (2025-)"
    taliban = tuple(base.index.get_key(name_key("Taliban fighters")))
    assert base.pick(taliban, date(2021, 8, 14), "AF").name == "Taliban"
    assert base.pick(taliban, date(2021, 8, 15), "AF").name == "Military Forces of Afghanistan (2021-)"
