import json
import re

from conflictlens.cli import build_parser, main

from .conftest import ROOT, SAMPLES


def test_cli_extract_prints_event_json(capsys):
    assert main(["extract", str(SAMPLES / "004_8c5ff80105abc50a.txt"), "--published", "2015-03-08"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert lines and {"event_type", "sub_event_type", "evidence", "figures", "time_precision"} <= set(lines[0])


def test_cli_ingest_export_and_bad_input(tmp_path, capsys):
    db = str(tmp_path / "t.db")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01")
    assert main(["ingest", str(SAMPLES), str(bad), "--db", db]) == 1  # one input failed
    err = capsys.readouterr().err
    assert "bad.txt: binary file" in err and "5 new" in err
    out = tmp_path / "e.csv"
    assert main(["export", "--db", db, "--format", "acled-csv", "-o", str(out)]) == 0
    assert out.read_text().startswith("event_id_cnty,event_date")
    assert main(["export", "--db", db, "--format", "geojson"]) == 0
    assert json.loads(capsys.readouterr().out)["type"] == "FeatureCollection"
    assert main(["events", "--db", db, "--type", "Battles", "--json"]) == 0
    assert all(json.loads(x)["event_type"] == "Battles" for x in capsys.readouterr().out.splitlines())


def test_cli_events_stories_and_show(tmp_path, capsys, seed_counts):
    db = str(tmp_path / "t.db")
    assert main(["ingest", str(SAMPLES), "--db", db]) == 0
    assert f"{seed_counts['events']} events, {seed_counts['stories']} stories" in capsys.readouterr().err
    assert main(["events", "--db", db, "--json"]) == 0
    canonical = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert main(["events", "--db", db, "--json", "--per-source"]) == 0
    reports = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(canonical) == seed_counts["events"] and len(reports) == seed_counts["reports"]
    assert all(r["canonical_id"] for r in reports)
    assert main(["stories", "--db", db, "--json"]) == 0
    assert sorted(len(json.loads(x)["articles"]) for x in capsys.readouterr().out.splitlines()) == [1, 1, 1, 2]
    merged = next(e for e in canonical if len(e["sources"]) == 2)
    assert main(["show", merged["reports"][0], "--db", db]) == 0
    out = capsys.readouterr().out
    assert f"is part of {merged['event_id']}" in out and "2 report(s) from 2 source(s)" in out
    assert main(["show", "no-such-event", "--db", db]) == 1
    assert "no event 'no-such-event'" in capsys.readouterr().err


def test_cli_database_from_an_older_version_says_so_and_ingest_alone_links_it(tmp_path, capsys, seed_counts):
    import sqlite3

    db = str(tmp_path / "old.db")
    assert main(["ingest", str(SAMPLES), "--db", db]) == 0
    with sqlite3.connect(db) as con:  # an older schema: its link tables are rebuilt on opening
        con.execute("UPDATE meta SET value='4' WHERE key='schema_version'")
    capsys.readouterr()
    assert main(["events", "--db", db]) == 0
    err = capsys.readouterr().err
    assert "5 articles in" in err and "not linked" in err and "0 events" in err
    assert main(["ingest", "--db", db]) == 0
    assert "5 stored articles linked" in capsys.readouterr().err
    assert main(["events", "--db", db]) == 0
    err = capsys.readouterr().err
    assert "not linked" not in err and f"{seed_counts['events']} events" in err


def test_cli_every_command_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sub = next(a for a in build_parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    missing = [c for c in sub.choices if not re.search(rf"conflictlens {c}\b", readme)]
    assert not missing, f"commands not shown in README.md: {missing}"


def test_cli_user_places_and_actors_are_used(tmp_path, capsys):
    art = tmp_path / "a.txt"
    art.write_text("On 2 May 2020, the Zzyzx Brigades clashed with army units near Khirbet Qwerty.", encoding="utf-8")
    places = tmp_path / "mine.tsv"
    places.write_text("id\tkind\tname\tcountry\tadmin1\tadmin2\tlat\tlon\tpopulation\tsource\tnames\n"
                      "u:1\tvillage\tKhirbet Qwerty\tSY\tIdlib\t\t35.91\t36.52\t0\tuser\tKhirbat Qwerty\n",
                      encoding="utf-8")
    actors = tmp_path / "mine.yaml"
    actors.write_text("actors:\n  - {name: 'Zzyzx Liberation Front', inter: 2, country: SY, aliases: ['Zzyzx Brigades']}\n",
                      encoding="utf-8")
    assert main(["extract", str(art), "--places", str(places), "--actors", str(actors)]) == 0
    ev = json.loads(capsys.readouterr().out.splitlines()[0])
    assert (ev["location"], ev["admin1"], ev["actor1"]) == ("Khirbet Qwerty", "Idleb", "Zzyzx Liberation Front")


def test_cli_evaluate_bad_gold_files_are_one_line_errors(tmp_path, capsys):
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["evaluate", "--acled", str(wrong)]) == 1
    assert "no column notes" in capsys.readouterr().err
    assert main(["evaluate", "--fakes", str(tmp_path / "missing.csv")]) == 1
    assert "missing.csv: cannot read" in capsys.readouterr().err
    assert main(["evaluate", "--rams", str(wrong)]) == 1
    assert "wrong.csv:1: not a RAMS record" in capsys.readouterr().err
