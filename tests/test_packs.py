"""Knowledge packs: the shipped packs pass their own checks; a user's pack is checked the same way
(duplicates, overlapping periods, unknown keys, inter codes, countries, dates) with messages that
name the file, the entry and the problem; state forces change name at a regime change."""

from __future__ import annotations

from datetime import date

import pytest

from conflictlens.cli import main
from conflictlens.errors import KnowledgeError
from conflictlens.knowledge import DATA_DIR
from conflictlens.knowledge.actors import ActorBase
from conflictlens.knowledge.names import name_key
from conflictlens.knowledge.packs import check_path, default_knowledge


def _pack(tmp_path, cc: str, files: dict[str, str]):
    folder = tmp_path / cc
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_packs_shipped_knowledge_passes_its_checks():
    assert check_path(DATA_DIR) == []
    k = default_knowledge()
    # one folder per country; what is global stays global
    assert (DATA_DIR / "countries" / "SY" / "actors.yaml").exists() and k.periods["SY"][-1] == (2024, None)
    names = [a["name"] for a in k.actors]
    assert len(names) == len(set(names)), "an actor is defined twice"
    assert names.count("Operation Restoring Hope") == 1 and names.count("Military Forces of Artsakh (2007-)") == 1


def test_packs_duplicate_and_overlapping_period_are_rejected_with_clear_messages(tmp_path):
    folder = _pack(tmp_path, "MG", {"actors.yaml": """
state_forces:
  periods:
    - {label: 2019, to: 2025-10-13}
    - {label: 2025, from: 2025-10-01}
actors:
  - {name: "Zafy Militia", inter: 3, valid_to: 2024-01-01}
  - {name: "Zafy Militia", inter: 3, valid_from: 2023-06-01, aliases: ["Zafy men"]}
"""})
    problems = [str(p) for p in check_path(folder)]
    assert any("actors.yaml: actors[1] 'Zafy Militia': actor defined twice (first in" in p
               and "validity periods overlap (..2024-01-01 and 2023-06-01..)" in p for p in problems), problems
    assert any("state_forces.periods[1]: overlaps the period before it: (2019-) ends 2025-10-13, (2025-) starts "
               "2025-10-01" in p for p in problems), problems
    with pytest.raises(KnowledgeError, match="defined twice"):
        ActorBase().add_file(folder)


def test_packs_schema_names_each_problem(tmp_path):
    bad = tmp_path / "mine.yaml"
    bad.write_text("""
actors:
  - {name: "Hezbollah", inter: 2, country: LB}
  - {name: "Blue Hats", inter: 9, country: QQ, colour: blue, valid_from: 2020-13-01}
monitors:
  - {name: "Some Mission", country: SY, parties: [state, "Nobody Known"]}
""", encoding="utf-8")
    problems = [str(p) for p in check_path(bad)]
    expect = ["actors[0] 'Hezbollah': actor defined twice (first in countries/LB/actors.yaml",
              "actors[1] 'Blue Hats': inter 9 is not an ACLED inter code",
              "actors[1] 'Blue Hats': country 'QQ' is not a known ISO 3166 alpha-2 country code",
              "actors[1] 'Blue Hats': unknown key 'colour'",
              "actors[1] 'Blue Hats': valid_from '2020-13-01' is not a date",
              "monitors[0] 'Some Mission': party 'Nobody Known' is no actor of the base"]
    for e in expect:
        assert any(p.startswith(str(bad)) and e in p for p in problems), (e, problems)
    repeated = tmp_path / "twice.yaml"
    repeated.write_text("units:\n  police: [police, A]\n  police: [police, B]\n", encoding="utf-8")
    assert "line 3: key 'police' repeated (first at line 2)" in str(check_path(repeated)[0])


def test_packs_a_pack_in_the_wrong_place_or_changing_the_gazetteer(tmp_path):
    folder = _pack(tmp_path, "MG", {"actors.yaml": "actors:\n  - {name: 'Dahalo Bandits', inter: 3, country: KE}\n",
                                    "notes.yaml": "name: x\n"})
    problems = [str(p) for p in check_path(folder)]
    assert any("country 'KE' in the pack of MG" in p for p in problems)
    assert any("notes.yaml: unknown file in a pack" in p for p in problems)
    admin = tmp_path / "admin.yaml"
    admin.write_text("country: MG\nadmin1_aliases: {Tana: Analamanga}\n", encoding="utf-8")
    assert check_path(admin) == []
    with pytest.raises(KnowledgeError, match="changes the gazetteer"):
        ActorBase().add_file(admin)


def test_packs_regime_change_names_the_same_force_before_and_after(tmp_path):
    folder = _pack(tmp_path, "MG", {"actors.yaml": """
state_forces:
  periods:
    - {label: 2019, to: 2025-10-13, aliases: ["Malagasy army"]}
    - {label: 2025, aliases: ["Malagasy army", "CAPSAT"]}
"""})
    assert check_path(folder) == []
    base = ActorBase()
    assert base.add_file(folder) == 2
    army = tuple(base.index.get_key(name_key("Malagasy army")))
    assert base.pick(army, date(2025, 10, 13), "MG").name == "Military Forces of Madagascar (2019-2025)"
    assert base.pick(army, date(2025, 10, 14), "MG").name == "Military Forces of Madagascar (2025-)"
    # the generic names follow the same periods ("Malagasy soldiers", "the police")
    assert base.generic_name("police", "Madagascar", "MG", date(2020, 1, 1)) == "Police Forces of Madagascar (2019-2025)"
    assert base.generic_name("state", "Madagascar", "MG", date(2026, 1, 1)) == "Military Forces of Madagascar (2025-)"
    # ... and so do the shipped ones: Syria's forces before and after 8 December 2024
    syr = tuple(base.index.get_key(name_key("Syrian army")))
    assert base.pick(syr, date(2024, 12, 7)).name == "Military Forces of Syria (2000-2024)"
    assert base.pick(syr, date(2024, 12, 8)).name == "Military Forces of Syria (2024-)"
    assert base.generic_name("state", "Syria", "SY", date(2024, 12, 8)) == "Military Forces of Syria (2024-)"


def test_packs_an_alias_shared_by_packs_lists_its_actors_oldest_first():
    """The order of the packs (alphabetical) does not decide which entry an alias lists first."""
    sep = [a.name for a in ActorBase().index.get_key(name_key("separatists"))]
    assert sep[0] == "NAF: United Armed Forces of Novorossiya"  # (its period ends: the earliest)


def test_cli_knowledge_check_one_line_per_problem(tmp_path, capsys):
    assert main(["knowledge", "check", str(DATA_DIR)]) == 0
    good = tmp_path / "good.yaml"
    good.write_text("actors:\n  - {name: 'Northern Storm Brigade', inter: 2, country: SY}\n", encoding="utf-8")
    assert main(["knowledge", "check", str(good)]) == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors:\n  - {name: 'A', inter: 0}\n  - {name: 'B', inter: 2, when: 2020}\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["knowledge", "check", str(bad)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and all(line.startswith(f"{bad}: actors[") for line in out)
