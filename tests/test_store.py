import json
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictlens import make_article
from conflictlens.models import Event, Evidence, Figure
from conflictlens.store import EventQuery, Store


def test_store_idempotent_ingest(tmp_path, seed_articles):
    db = tmp_path / "t.db"
    with Store(db) as s:
        res = [s.save_article(a) for a in seed_articles.values()]
        assert {r.status for r in res} == {"new"}
        before = s.counts()
        res2 = [s.save_article(a) for a in seed_articles.values()]
        assert {r.status for r in res2} == {"unchanged"} and s.counts() == before
    with Store(db) as s:
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.counts()["events"] == before["events"]


def test_store_query_filters(tmp_path, seed_articles):
    with Store(tmp_path / "t.db") as s:
        for a in seed_articles.values():
            s.save_article(a)
        allev = s.events()
        bat = s.events(EventQuery(event_type="Battles"))
        assert bat and len(bat) < len(allev) and all(e.event_type == "Battles" for e in bat)
        y15 = s.events(EventQuery(date_from=date(2015, 1, 1), date_to=date(2015, 12, 31)))
        assert y15 and all(e.event_date.year == 2015 for e in y15)


def test_store_failed_write_loses_nothing(tmp_path, seed_articles):
    a = next(iter(seed_articles.values()))
    with Store(tmp_path / "t.db") as s:
        s.save_article(a)
        n = s.counts()
        bad = make_article(text="Clashes in Idlib on 3 May 2020.", where="t", id=a.article_id)
        bad.events = [Event("x", a.article_id, None, None, None, 1, "Battles", "Armed clash", figures=[object()])]
        try:
            s.save_article(bad)
        except Exception:
            pass
        assert s.counts() == n


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=40, deadline=None)
@given(killed=st.integers(0, 10_000), lat=st.floats(-89, 89), lon=st.floats(-179, 179), actor=_text, day=st.dates())
def test_store_round_trip_event_db_json_event(tmp_path_factory, killed, lat, lon, actor, day):
    ev = Event("e1", "a1", day, day, day, 1, "Battles", "Armed clash", actor1=actor, latitude=lat, longitude=lon,
               fatalities=killed, figures=[Figure("killed", killed, str(killed), "SOHR", Evidence("a1", 0, 3, "abc", "killed"))],
               evidence=[Evidence("a1", 0, 3, "abc")])
    art = make_article(text="abc", where="t", id="a1")
    art.text, art.events = "abc", [ev]
    with Store(tmp_path_factory.mktemp("rt") / "t.db") as s:
        s.save_article(art)
        [back] = s.events()
    assert Event.from_dict(json.loads(json.dumps(back.to_dict()))) == ev
