"""The REST API through FastAPI's test client, over the seeds ingested and merged."""

from __future__ import annotations

import copy
import csv
import io
import json
import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from conflictlens.api import create_app
from conflictlens.linking import Linker
from conflictlens.store import Store

from .conftest import ROOT

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def db(seed_articles, tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "api.db"
    with Store(path) as st:
        linker = Linker(st)
        for a in seed_articles.values():
            linker.save(copy.deepcopy(a))
    return path


LOCAL = "http://127.0.0.1"  # (the test client's own "testserver" is not a host the API answers for)


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db), base_url=LOCAL)


def test_events_filters_paging_and_sorting(client, seed_counts):
    every = client.get("/api/events", params={"limit": 1000}).json()
    assert every["total"] == len(every["items"]) == seed_counts["events"]
    battles = client.get("/api/events", params={"type": "Battles", "limit": 1000}).json()
    assert 0 < battles["total"] < every["total"] and {e["event_type"] for e in battles["items"]} == {"Battles"}
    pages = [client.get("/api/events", params={"limit": 10, "offset": o}).json()["items"] for o in (0, 10, 20, 30)]
    assert [e["event_id"] for p in pages for e in p] == [e["event_id"] for e in every["items"]]
    merged = client.get("/api/events", params={"min_sources": 2}).json()
    assert merged["total"] == 1 and merged["items"][0]["admin1"] == "Hama" and len(merged["items"][0]["sources"]) == 2
    hama = client.get("/api/events", params={"bbox": "36.0,34.9,37.2,35.8"}).json()["items"]
    assert hama and all(34.9 <= e["latitude"] <= 35.8 and 36.0 <= e["longitude"] <= 37.2 for e in hama)
    by_deaths = client.get("/api/events", params={"sort": "-fatalities", "limit": 3}).json()["items"]
    assert [e["fatalities"] for e in by_deaths] == sorted((e["fatalities"] for e in every["items"]), reverse=True)[:3]
    in_2013 = client.get("/api/events", params={"date_from": "2013-01-01", "date_to": "2013-12-31"}).json()
    assert in_2013["total"] and all(e["event_date"].startswith("2013") for e in in_2013["items"])
    assert client.get("/api/events", params={"q": "Douma"}).json()["total"] >= 1


@pytest.mark.parametrize("params, status, says", [
    ({"sort": "bogus"}, 422, "sort"), ({"limit": 0}, 422, "limit"), ({"bbox": "1,2"}, 422, "bbox"),
    ({"date_from": "yesterday"}, 422, "date_from"), ({"date_to": "0"}, 422, "date_to"),
    ({"offset": 9223372036854775808}, 422, "offset"), ({"min_sources": 99999999999999999999}, 422, "min_sources")])
def test_bad_requests_get_a_json_error(client, params, status, says):
    r = client.get("/api/events", params=params)
    assert r.status_code == status and says in r.json()["error"]


def test_one_event_with_its_sources(client):
    ghab = client.get("/api/events", params={"min_sources": 2}).json()["items"][0]
    r = client.get(f"/api/events/{ghab['event_id']}").json()
    assert len(r["reports"]) == 2 and {x["article_id"] for x in r["reports"]} == set(ghab["articles"])
    assert all(x["evidence"] and x["outlet"] for x in r["reports"])
    assert "disagreements" in r["event"] and "possible_duplicates" in r["event"]
    by_report = client.get(f"/api/events/{r['reports'][0]['event_id']}").json()  # a report id finds its event
    assert by_report["event"]["event_id"] == ghab["event_id"]
    missing = client.get("/api/events/nope")
    assert missing.status_code == 404 and "nope" in missing.json()["error"]


def test_article_text_and_evidence_spans(client, db):
    with Store(db) as st:
        text = st.article_text("000_8e15855d38b3fd1d")
    a = client.get("/api/articles/000_8e15855d38b3fd1d").json()
    assert a["text"] == text and a["spans"]
    assert all(0 <= s["start"] < s["end"] <= len(text) and s["canonical_id"] for s in a["spans"])
    assert client.get("/api/articles/none").status_code == 404


def test_stories_actors_places_counts(client):
    stories = client.get("/api/stories").json()["items"]
    assert sorted(len(s["articles"]) for s in stories) == [1, 1, 1, 2]
    two = next(s for s in stories if len(s["articles"]) == 2)
    detail = client.get(f"/api/stories/{two['story_id']}").json()
    assert len(detail["event_items"]) == len(two["events"]) > 0
    actors = client.get("/api/actors").json()["items"]
    assert actors[0]["name"].startswith("Military Forces of Syria")
    places = client.get("/api/places", params={"admin1": "Hama"}).json()["items"]
    assert places and all(p["admin1"] == "Hama" for p in places)
    days = client.get("/api/counts").json()["items"]
    assert sum(d["events"] for d in days) == sum(1 for e in client.get("/api/events", params={"limit": 1000})
                                                 .json()["items"] if e["event_date"])
    weeks = client.get("/api/counts", params={"by": "week", "split": "event_type"}).json()["items"]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", w["period"]) and w["event_type"] for w in weeks)
    assert client.get("/api/counts", params={"split": "weather"}).status_code == 422


def test_exports(client, seed_counts):
    r = client.get("/api/export", params={"format": "acled-csv"})
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert r.headers["content-type"].startswith("text/csv") and len(rows) == seed_counts["events"] and "source" in rows[0]
    geo = client.get("/api/export", params={"format": "geojson", "type": "Battles"}).json()
    assert geo["type"] == "FeatureCollection" and all(f["properties"]["event_type"] == "Battles" for f in geo["features"])
    per_source = client.get("/api/export", params={"format": "jsonl", "per_source": True}).text.splitlines()
    assert len(per_source) == seed_counts["reports"] and all(json.loads(x)["canonical_id"] for x in per_source)
    assert client.get("/api/export", params={"format": "xlsx"}).status_code == 422


def test_adding_articles_needs_the_token(seed_articles, tmp_path):
    path = tmp_path / "w.db"
    Store(path).close()
    record = {"id": "new-1", "text": "Regime aircraft raided Douma on Thursday, killing at least six.",
              "published": "2015-03-08", "source": "Test Wire"}
    ro = TestClient(create_app(path), base_url=LOCAL)
    assert ro.post("/api/articles", json=record).status_code == 403
    rw = TestClient(create_app(path, token=TOKEN), base_url=LOCAL)
    assert rw.post("/api/articles", json=record).status_code == 401
    assert rw.post("/api/articles", json=record, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert rw.post("/api/articles", json=record, headers={"Authorization": TOKEN}).status_code == 401  # no scheme
    auth = {"Authorization": f"Bearer {TOKEN}"}
    bad = rw.post("/api/articles", json=[record, {"id": "bad"}, {"text": 12345}], headers=auth)
    assert bad.status_code == 422 and "record 1" in bad.json()["error"] and "record 2" in bad.json()["error"]
    assert ro.get("/api/health").json()["counts"]["articles"] == 0  # refused whole: nothing was written
    late = dict(record, id="new-2", published="2015-13-45")  # well formed, but no such date: that record fails
    ok = rw.post("/api/articles", json=[record, late], headers=auth).json()
    assert ok["results"][0]["status"] == "new" and ok["results"][0]["events"] >= 1
    assert ok["results"][1]["status"] == "failed" and "2015-13-45" in ok["results"][1]["error"]
    again = rw.post("/api/articles", json=record, headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert again["results"][0]["status"] == "unchanged"
    events = ro.get("/api/events").json()["items"]
    assert events and events[0]["location"].startswith("D") and events[0]["sources"] == ["Test Wire"]


def test_every_route_is_documented(client):
    """Each route has a summary in the OpenAPI document and is listed in the README."""
    paths = client.get("/openapi.json").json()["paths"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    routes = [r for r in client.app.routes if isinstance(r, APIRoute) and r.include_in_schema]
    assert routes
    for r in routes:
        for method in r.methods:
            assert paths[r.path][method.lower()].get("summary"), f"{method} {r.path} has no summary"
        assert f"`{r.path}`" in readme or f"{r.path}`" in readme, f"{r.path} is not in README.md"


def test_page_and_its_files_are_served_locally(client):
    page = client.get("/")
    assert page.status_code == 200 and "<title>conflictlens</title>" in page.text
    # every script and stylesheet the page loads is served by conflictlens itself
    refs = [r for r in re.findall(r'(?:src|href)="([^"#]+)"', page.text) if not r.startswith("data:")]
    assert refs and all(not r.startswith(("http:", "https:", "//")) for r in refs)
    for ref in refs:
        assert client.get("/" + ref).status_code == 200, ref
    assert client.get("/static/vendor/world-atlas/countries-50m.json").json()["type"] == "Topology"
    assert client.get("/static/vendor/natural-earth/admin1-10m.json").json()["type"] == "Topology"
    docs = client.get("/docs")  # Swagger UI, vendored: its script and stylesheet are ours too
    refs = [r for r in re.findall(r'(?:src|href)="([^"#]+)"', docs.text) if not r.startswith("data:")]
    assert docs.status_code == 200 and any("swagger-ui-bundle.js" in r for r in refs)
    for ref in refs:
        assert not ref.startswith(("http:", "https:", "//")) and client.get("/" + ref).status_code == 200, ref


def test_points_for_the_map(client):
    pts = client.get("/api/points", params={"type": "Battles"}).json()
    assert pts["total"] == len(pts["items"]) > 0
    assert all(len(p) == 9 and p[3] == "Battles" and -90 <= p[1] <= 90 and p[8] is None for p in pts["items"])


def test_api_read_routes_never_answer_500(client):
    for route in ("/api/events", "/api/export", "/api/reports", "/api/places", "/api/points", "/api/counts"):
        for q in ("\x00", "a\x00b", '"', "*", "NEAR(", " "):
            r = client.get(route, params={"q": q})
            assert r.status_code == 200, (route, q, r.text[:200])
    assert client.get("/api/events", params={"bbox": "10,50,20,40"}).json()["total"] == 0  # south above north: empty


def test_api_text_filters_take_percent_and_underscore_literally(client):
    assert client.get("/api/events", params={"actor": "%"}).json()["total"] == 0
    assert client.get("/api/events", params={"admin1": "_"}).json()["total"] == 0
    assert client.get("/api/events", params={"actor": "Syria"}).json()["total"] > 0


def test_api_every_error_is_json_with_error(client):
    for r in (client.get("/no/such/route"), client.delete("/api/events"), client.get("/api/events/nope"),
              client.get("/api/events", params={"limit": "many"})):
        assert r.status_code in (404, 405, 422) and r.headers["content-type"].startswith("application/json")
        assert set(r.json()) == {"error"}, r.json()
    assert client.delete("/api/events").headers["allow"] == "GET"


def test_api_security_headers_on_every_response(client):
    for path in ("/", "/api/health", "/static/app.js", "/no/such/route", "/openapi.json"):
        h = client.get(path).headers
        assert "frame-ancestors 'none'" in h["content-security-policy"] and "script-src 'self'" in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY", path


def test_api_answers_only_for_its_own_host_names(db):
    other = TestClient(create_app(db), base_url="http://rebind.example")
    r = other.get("/api/events")
    assert r.status_code == 400 and "rebind.example" in r.json()["error"] and "items" not in r.json()
    assert TestClient(create_app(db), base_url="http://localhost:8000").get("/api/health").status_code == 200
    named = TestClient(create_app(db, host="10.0.0.5", extra_hosts=["news.example"]), base_url="http://news.example")
    assert named.get("/api/health").status_code == 200
    assert TestClient(create_app(db, host="10.0.0.5"), base_url="http://10.0.0.5:8000").get("/api/health").status_code == 200
    assert TestClient(create_app(db, extra_hosts=["*"]), base_url="http://any.example").get("/api/health").status_code == 200


def test_api_refuses_bodies_over_the_limit(tmp_path, monkeypatch):
    from conflictlens.api import guard

    monkeypatch.setattr(guard, "MAX_BODY_BYTES", 2000)
    rw = TestClient(create_app(tmp_path / "b.db", token=TOKEN), base_url=LOCAL)
    r = rw.post("/api/articles", json={"text": "x" * 5000}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 413 and "error" in r.json()


def test_api_hostile_posts_are_refused_whole(tmp_path):
    rw = TestClient(create_app(tmp_path / "h.db", token=TOKEN), base_url=LOCAL)
    auth = {"Authorization": f"Bearer {TOKEN}", "content-type": "application/json"}
    bodies = [b'{"text": NaN}', b"[" * 5000 + b"]" * 5000, b'{"text": "a \\ud800 b"}', b'[{"text": "ok"}, {"text": 5}]',
              b'{"text": "ok", "url": ["x"]}', b'{"text": ', b'"just a string"', b"[]"]
    for body in bodies:
        r = rw.post("/api/articles", content=body, headers=auth)
        assert r.status_code in (400, 422) and set(r.json()) == {"error"}, (body[:40], r.text[:200])
    assert rw.get("/api/health").json()["counts"]["articles"] == 0
