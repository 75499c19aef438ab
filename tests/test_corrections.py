"""The review loop: corrections stored apart from extraction, applied to canonical events, kept
through re-linking and re-ingest, served and exported, and written out as gold files."""

from __future__ import annotations

import copy
import csv
import io
import subprocess
import sys
from datetime import date

import pytest
from fastapi.testclient import TestClient

from conflictlens import extract_text
from conflictlens.api import create_app
from conflictlens.cli import main
from conflictlens.errors import StoreError
from conflictlens.gold import load_articles
from conflictlens.linking import Linker
from conflictlens.store import Correction, EventQuery, Store

from .conftest import ROOT

TOKEN = "review-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# invented reports of one invented raid, published on two days
LATER = ("Government aircraft bombed the town of Saraqib on Thursday, killing at least five people, "
         "a monitoring group said.")
EARLIER = "Regime warplanes struck Saraqib on Thursday, killing four people, activists said."


@pytest.fixture(scope="module")
def articles():
    later = extract_text(LATER, published=date(2015, 3, 8), article_id="rev-later", source="Wire Later")
    earlier = extract_text(EARLIER, published=date(2015, 3, 7), article_id="rev-earlier", source="Wire Earlier")
    assert later.events and earlier.events
    return later, earlier


def _store(tmp_path, *arts) -> Store:
    st = Store(tmp_path / "rev.db")
    linker = Linker(st)
    for a in arts:
        linker.save(copy.deepcopy(a))
    return st


def test_corrections_apply_and_follow_the_event_when_its_id_is_retired(tmp_path, articles):
    later, earlier = articles
    st = _store(tmp_path, later)
    (c,) = st.canonical_events()
    st.save_correction(Correction(c.event_id, "corrected", "ana", {"admin1": "Invented Province", "fatalities": 9}))
    (fixed,) = st.canonical_events()
    assert (fixed.admin1, fixed.fatalities) == ("Invented Province", 9)
    assert fixed.review["status"] == "corrected" and fixed.review["reviewer"] == "ana"
    assert fixed.review["was"]["admin1"] == c.admin1 and set(fixed.review["fields"]) == {"admin1", "fatalities"}
    assert st.events()[0].admin1 == c.admin1  # the report keeps what extraction said
    Linker(st).save(copy.deepcopy(earlier))  # an earlier report joins: the event is rebuilt under a new id
    merged = [e for e in st.canonical_events() if len(e.reports) == 2]
    if merged:  # merging depends on the scorer; the review must follow the old event either way
        (m,) = merged
        assert m.event_id != c.event_id and st.resolve_canonical(c.event_id) == m.event_id
        assert (m.admin1, m.fatalities, m.review["status"]) == ("Invented Province", 9, "corrected")
    else:
        assert st.canonical_events_by_id([c.event_id])[0].admin1 == "Invented Province"
    st.close()


def test_a_correction_survives_reingest_and_relinking(tmp_path, articles):
    later, _ = articles
    st = _store(tmp_path, later)
    cid = st.canonical_events()[0].event_id
    st.save_correction(Correction(cid, "corrected", "ana", {"sub_event_type": "Shelling/artillery/missile attack"}))
    changed = copy.deepcopy(later)
    changed.text = changed.raw = later.text + " "  # stored again: its reports are deleted, rewritten, linked
    st.close()
    with Store(tmp_path / "rev.db") as st2:
        assert Linker(st2).save(changed).status == "updated"
        (c,) = [e for e in st2.canonical_events() if "rev-later" in e.articles]
        assert c.sub_event_type == "Shelling/artillery/missile attack" and c.event_type == "Explosions/Remote violence"
        assert st2.count_canonical(EventQuery(event_type="Explosions/Remote violence")) >= 1


def test_rejected_events_leave_the_outputs_unless_asked(tmp_path, articles):
    later, _ = articles
    st = _store(tmp_path, later)
    cid = st.canonical_events()[0].event_id
    st.save_correction(Correction(cid, "rejected", "bob", note="a threat, not an attack"))
    assert st.canonical_events() == [] and st.count_canonical() == 0
    (c,) = st.canonical_events(EventQuery(include_rejected=True))
    assert c.review["status"] == "rejected" and c.review["note"] == "a threat, not an attack"
    st.close()


@pytest.mark.parametrize("fields, says", [
    ({"weather": "fine"}, "cannot correct 'weather'"), ({"event_date": "last Tuesday"}, "YYYY-MM-DD"),
    ({"sub_event_type": "Picnic"}, "unknown sub-event type"), ({"fatalities": -1}, "fatalities"),
    ({"event_type": "Battles", "sub_event_type": "Air/drone strike"}, "not a sub-event type of"),
    ({"latitude": 35.0}, "both latitude and longitude")])
def test_bad_corrections_are_refused_with_the_reason(tmp_path, articles, fields, says):
    st = _store(tmp_path, articles[0])
    with pytest.raises(StoreError, match=says):
        st.save_correction(Correction(st.canonical_events()[0].event_id, "corrected", "ana", fields))
    assert st.corrections() == []
    st.close()


def test_patch_needs_the_token_and_flows_into_events_and_the_csv(tmp_path, articles):
    st = _store(tmp_path, articles[0])
    cid = st.canonical_events()[0].event_id
    st.close()
    ro = TestClient(create_app(tmp_path / "rev.db"), base_url="http://127.0.0.1")
    body = {"reviewer": "ana", "fields": {"fatalities": 3}}
    assert ro.patch(f"/api/events/{cid}", json=body).status_code == 403
    rw = TestClient(create_app(tmp_path / "rev.db", token=TOKEN), base_url="http://127.0.0.1")
    assert rw.patch(f"/api/events/{cid}", json=body).status_code == 401
    assert rw.patch("/api/events/nope", json=body, headers=AUTH).status_code == 404
    bad = rw.patch(f"/api/events/{cid}", json={"reviewer": "ana", "fields": {"event_date": "soon"}}, headers=AUTH)
    assert bad.status_code == 422 and "YYYY-MM-DD" in bad.json()["error"]  # refused by the document
    ok = rw.patch(f"/api/events/{cid}", json=body | {"place_id": "gn:169389"}, headers=AUTH).json()
    assert ok["event"]["fatalities"] == 3 and ok["event"]["location"] == "Idlib" and ok["event"]["country"] == "Syria"
    assert ok["event"]["review"]["status"] == "corrected" and ok["correction"]["reviewer"] == "ana"
    listed = ro.get("/api/events", params={"admin1": "Idlib"}).json()["items"]
    assert [e["event_id"] for e in listed] == [cid] and listed[0]["review"]["reviewer"] == "ana"
    point = ro.get("/api/points").json()["items"][0]
    assert point[0] == cid and point[8] == "corrected" and round(point[1]) == 36
    rows = list(csv.DictReader(io.StringIO(ro.get("/api/export", params={"format": "acled-csv"}).text)))
    assert rows[0]["fatalities"] == "3" and rows[0]["reviewed"].startswith("corrected by ana ")
    assert "fatalities (was" in rows[0]["reviewed"]
    assert [c["fields"]["fatalities"] for c in ro.get("/api/corrections").json()["items"]] == [3]
    confirm = rw.patch(f"/api/events/{cid}", json={"reviewer": "bob", "status": "confirmed"}, headers=AUTH).json()
    assert confirm["event"]["review"]["reviewer"] == "bob" and confirm["event"]["fatalities"] == 3


def test_gazetteer_search_and_labels(tmp_path, articles):
    st = _store(tmp_path, articles[0])
    st.close()
    client = TestClient(create_app(tmp_path / "rev.db"), base_url="http://127.0.0.1")
    found = client.get("/api/gazetteer", params={"q": "Idl", "country": "SY"}).json()["items"]
    assert found and all(p["country"] == "Syria" and p["location"].lower().startswith("idl") for p in found)
    labels = client.get("/api/labels", params={"bbox": "35.5,32,42.5,37.5", "limit": 20}).json()["items"]
    assert len(labels) == 20 and "Aleppo" in [x[0] for x in labels]
    assert [x[3] for x in labels] == sorted((x[3] for x in labels), reverse=True)


def test_corrections_export_is_gold_that_loads_and_checks(tmp_path, articles, capsys):
    later, earlier = articles
    st = _store(tmp_path, later, earlier)
    events = st.canonical_events()
    st.save_correction(Correction(events[0].event_id, "corrected", "ana", {"fatalities": 4}))
    if len(events) > 1:
        st.save_correction(Correction(events[1].event_id, "rejected", "bob"))
    st.close()
    out = tmp_path / "gold"
    assert main(["corrections", "export", "--db", str(tmp_path / "rev.db"), "-o", str(out)]) == 0
    gold = load_articles(out)
    assert {g.id for g in gold} <= {"rev-later", "rev-earlier"} and gold
    sure = [e for g in gold for e in g.events if not e.uncertain]
    assert sure and all(e.fatalities == 4 for e in sure) and all(g.split == "review" for g in gold)
    assert main(["corrections", "list", "--db", str(tmp_path / "rev.db")]) == 0
    assert "ana" in capsys.readouterr().out
    one = tmp_path / "one.yaml"
    assert main(["corrections", "export", "--db", str(tmp_path / "rev.db"), "-o", str(one)]) == (0 if len(gold) == 1 else 1)
    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_gold.py"), str(out)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_min_confidence_filters_on_the_stored_confidence(tmp_path, articles):
    later, earlier = articles
    sure, unsure = copy.deepcopy(later), copy.deepcopy(earlier)
    for e in sure.events:
        e.confidence = 0.9
    for e in unsure.events:
        e.confidence = 0.2
    with Store(tmp_path / "conf.db") as st:
        for a in (sure, unsure):
            st.save_article(a)
        assert {e.article_id for e in st.events(EventQuery(min_confidence=0.5))} == {"rev-later"}
        assert len(st.events(EventQuery(min_confidence=0.1))) == len(sure.events) + len(unsure.events)
