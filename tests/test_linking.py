"""Merging reports across articles, stories, and order independence (issue 5)."""

from __future__ import annotations

import copy
import csv
import io
import json
import random
from datetime import date

import pytest

from conflictlens.linking import Linker
from conflictlens.linking import scoring
from conflictlens.models import Event
from conflictlens.store import Store

from .conftest import FAKES_DEV, SAMPLES

GHAB_000, GHAB_001 = "000_8e15855d38b3fd1d", "001_592643e67e2023fd"


def ingest(db, articles, one_store: bool = True):
    """Ingest extracted articles in the given order, linking each as the CLI does."""
    with Store(db) as st:
        linker = Linker(st)
        for a in articles:
            linker.save(copy.deepcopy(a))


def state(db):
    """Everything merging decides, in a comparable form."""
    with Store(db) as st:
        canon = sorted((c.event_id, tuple(c.reports), c.event_date, c.location, c.actor1, c.fatalities)
                       for c in st.canonical_events())
        stories = sorted((s.story_id, tuple(s.articles)) for s in st.stories())
        links = st.db.execute("SELECT a, b, score, relation FROM event_links ORDER BY a, b").fetchall()
    return canon, stories, [tuple(r) for r in links]


def canonical_of(db, article_id):
    with Store(db) as st:
        return [c for c in st.canonical_events() if article_id in c.articles]


@pytest.fixture(scope="module")
def seeds(seed_articles):
    return [seed_articles[k] for k in sorted(seed_articles)]


@pytest.mark.parametrize("order", ["sorted", "reversed", "shuffled", "one-at-a-time"])
def test_seed_stories_and_ghab_merge_in_any_order(seeds, tmp_path, order):
    arts = list(seeds)
    if order == "reversed":
        arts.reverse()
    elif order == "shuffled":
        random.Random(7).shuffle(arts)
    if order == "one-at-a-time":
        for a in arts:  # a fresh Store and Linker per article, as separate ingest runs
            ingest(tmp_path / "s.db", [a])
    else:
        ingest(tmp_path / "s.db", arts)
    with Store(tmp_path / "s.db") as st:
        stories = sorted(sorted(a[:3] for a in s.articles) for s in st.stories())
        canon = st.canonical_events()
        published = {r.event.article_id: r.published for c in canon for r in st.reports(c.reports)}
    assert stories == [["000", "001"], ["002"], ["003"], ["004"]]
    ghab = [c for c in canon if "Ghab" in c.location or "Ghab" in " ".join(ev.text for ev in c.evidence)]
    merged = [c for c in ghab if set(c.articles) == {GHAB_000, GHAB_001}]
    assert len(merged) == 1, [(c.location, c.articles) for c in ghab]
    g = merged[0]
    assert g.admin1 == "Hama" and date(2015, 7, 21) <= g.event_date <= date(2015, 7, 29)
    assert len(g.sources) == 2 and g.story_id
    for c in canon:  # nothing merges across years, nor Hassakeh (001) with Tell Tamer (004)
        assert len({published[a].year for a in c.articles}) == 1
        assert not {"001", "004"} <= {a[:3] for a in c.articles}


def test_order_independence_on_seeds(seeds, tmp_path):
    ingest(tmp_path / "a.db", seeds)
    ingest(tmp_path / "b.db", list(reversed(seeds)))
    for a in random.Random(3).sample(seeds, len(seeds)):
        ingest(tmp_path / "c.db", [a])
    assert state(tmp_path / "a.db") == state(tmp_path / "b.db") == state(tmp_path / "c.db")


def test_reingest_changes_nothing(seeds, tmp_path):
    ingest(tmp_path / "s.db", seeds)
    before = state(tmp_path / "s.db")
    ingest(tmp_path / "s.db", seeds)
    assert state(tmp_path / "s.db") == before


def test_canonical_id_stable_when_a_later_source_joins(seed_articles, tmp_path):
    db = tmp_path / "s.db"
    ingest(db, [seed_articles[GHAB_001]])  # published 2015-07-28
    ghab = [c for c in canonical_of(db, GHAB_001) if "Ghab" in c.location]
    assert len(ghab) == 1
    ingest(db, [seed_articles[GHAB_000]])  # published a day later: joins, the id stays
    after = [c for c in canonical_of(db, GHAB_001) if "Ghab" in c.location]
    assert after[0].event_id == ghab[0].event_id and len(after[0].sources) == 2


def test_earlier_source_joining_keeps_old_id_resolvable(seed_articles, tmp_path):
    db = tmp_path / "s.db"
    ingest(db, [seed_articles[GHAB_000]])
    old = next(c.event_id for c in canonical_of(db, GHAB_000) if "Ghab" in c.location)
    ingest(db, [seed_articles[GHAB_001]])  # published earlier: it becomes the first report
    with Store(db) as st:
        new = st.resolve_canonical(old)
        assert new is not None and new != old
        c = st.canonical_events_by_id([new])[0]
        assert set(c.articles) == {GHAB_000, GHAB_001}


def test_updated_article_is_unmerged(seed_articles, tmp_path):
    db = tmp_path / "s.db"
    ingest(db, [seed_articles[GHAB_000], seed_articles[GHAB_001]])
    changed = copy.deepcopy(seed_articles[GHAB_000])
    changed.text = changed.text + " "
    changed.events = [e for e in changed.events if "Ghab" not in e.location]
    ingest(db, [changed])
    with Store(db) as st:
        for c in st.canonical_events():
            assert not {GHAB_000, GHAB_001} <= set(c.articles)


def test_unlinked_articles_are_linked_later(seeds, tmp_path):
    """A database from before linking (or a crash between storing and linking) catches up."""
    ingest(tmp_path / "a.db", seeds)
    with Store(tmp_path / "b.db") as st:
        for a in seeds:
            st.save_article(copy.deepcopy(a))
        assert len(st.unlinked_articles()) == 5
        Linker(st).link_pending()
        assert st.unlinked_articles() == []
    assert state(tmp_path / "a.db") == state(tmp_path / "b.db")


def _ev(**kw) -> Event:
    base = dict(event_id="e1", article_id="a1", event_date=date(2015, 7, 28), date_min=date(2015, 7, 28),
                date_max=date(2015, 7, 28), time_precision=1, event_type="Battles",
                sub_event_type="Armed clash", actor1="Opposition Rebels (Syria)", inter1=2,
                actor2="Military Forces of Syria (2000-2024)", inter2=1, country="Syria", iso="760",
                admin1="Hama", location="Qalaat al-Madiq", latitude=35.41, longitude=36.39, geo_precision=1)
    base.update(kw)
    return Event(**base)


def test_scores_same_nested_and_lookalike():
    a = _ev()
    same = scoring.score(a, _ev(event_id="e2", article_id="a2"))
    assert same is not None and same.relation == "same"
    plain = _ev(event_id="e3", article_id="a3", location="Ghab plain", latitude=35.63, longitude=36.35, geo_precision=2)
    nested = scoring.score(a, plain)
    assert nested is not None and nested.parts["place"] == 0.7
    a_year_later = _ev(event_id="e4", article_id="a4", event_date=date(2016, 7, 28), date_min=date(2016, 7, 28),
                       date_max=date(2016, 7, 28))
    assert scoring.score(a, a_year_later) is None
    same_article = _ev(event_id="e5")
    assert scoring.score(a, same_article) is None
    elsewhere = _ev(event_id="e6", article_id="a6", admin1="Aleppo", location="Aleppo", latitude=36.2, longitude=37.16)
    assert scoring.score(a, elsewhere) is None
    next_province = _ev(event_id="e7", article_id="a7", admin1="Idlib", location="Jisr ash Shughur",
                        latitude=35.81, longitude=36.32)  # 45 km away, across the provincial line
    assert scoring.score(a, next_province) is None


def test_possible_duplicate_band():
    a = _ev()
    # a day apart, the province only and a generic actor: shown as possible, not merged
    b = _ev(event_id="e2", article_id="a2", event_date=date(2015, 7, 29), date_min=date(2015, 7, 29),
            date_max=date(2015, 7, 29), location="Hama", latitude=35.13, longitude=36.75, geo_precision=3,
            actor1="Unidentified Armed Group (Syria)", inter1=3, sub_event_type="Attack",
            event_type="Violence against civilians")
    link = scoring.score(a, b)
    assert link is None or link.relation == "possible"
    assert scoring.POSSIBLE_THRESHOLD < scoring.MERGE_THRESHOLD


def test_allied_actors_match():
    from conflictlens.knowledge.actors import default_actor_base

    base = default_actor_base()
    assert scoring.actor_similarity("Jaish al-Fatah", "Jabhat al-Nusra", 2, 2, base) == 0.8
    assert scoring.actor_similarity("Jabhat al-Nusra", "Islamic State (Syria)", 2, 2, base) == 0.0


def test_exports_canonical_and_per_source(seeds, tmp_path):
    from conflictlens.exporters import EXPORTERS

    ingest(tmp_path / "s.db", seeds)
    with Store(tmp_path / "s.db") as st:
        canon, reports = st.canonical_events(), st.events()
    out = io.StringIO()
    EXPORTERS["acled-csv"](canon, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == len(canon) < len(reports)
    ghab = next(r for r in rows if r["sources_count"] == "2")
    assert GHAB_000 in ghab["source"] and GHAB_001 in ghab["source"]
    assert ghab["notes"].count("[") >= 2 and ghab["story_id"]
    out = io.StringIO()
    EXPORTERS["acled-csv"](reports, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == len(reports) and all(r["canonical_id"] for r in rows)
    assert len({r["canonical_id"] for r in rows}) == len(canon)


def test_fatalities_most_conservative_with_range():
    from conflictlens.linking.canonical import Report, build
    from conflictlens.models import Figure

    a = _ev(fatalities=8, figures=[Figure("killed", 8, "eight")])
    b = _ev(event_id="e2", article_id="a2", fatalities=6, figures=[Figure("killed", 6, "six")])
    c = _ev(event_id="e3", article_id="a3", fatalities=0)  # no figure: not a zero
    ev = build([Report(a, date(2015, 7, 29), "AFP"), Report(b, date(2015, 7, 30), "SANA"),
                Report(c, date(2015, 7, 30), "Reuters")])
    assert (ev.fatalities, ev.fatalities_min, ev.fatalities_max) == (6, 6, 8)
    assert {g["value"] for g in ev.disagreements["fatalities"]} == {6, 8}
    assert ev.sources == ["AFP", "SANA", "Reuters"] and ev.article_id == "a1"


@pytest.mark.skipif(not FAKES_DEV.exists(), reason="../shared/data/fakes_dev.csv not present")
def test_shuffled_order_gives_identical_events_and_stories_on_fakes(tmp_path):
    from conflictlens import extract_article
    from conflictlens.evaluate import evaluate_linking

    cache = {}

    def extract(a):
        if a.article_id not in cache:
            cache[a.article_id] = extract_article(a)
        return copy.deepcopy(cache[a.article_id])

    runs = [evaluate_linking(FAKES_DEV, extract=extract, order_seed=s, db=str(tmp_path / f"{s}.db"))
            for s in (None, 1, 2)]
    assert runs[0]["events_merged"] > 0
    for r in runs[1:]:
        assert r["canonical"] == runs[0]["canonical"]
        assert r["story_sets"] == runs[0]["story_sets"]


def test_database_from_before_linking_is_upgraded_and_linked(seeds, tmp_path):
    db = tmp_path / "v1.db"
    with Store(db) as st:
        for a in seeds:
            st.save_article(copy.deepcopy(a))
        with st.db:  # make it look like a schema-1 database: no link tables
            for t in ("event_links", "event_canonical", "canonical_events", "canonical_aliases", "article_vectors",
                      "article_links", "story_articles", "stories"):
                st.db.execute(f"DROP TABLE {t}")
            st.db.execute("UPDATE meta SET value='1' WHERE key='schema_version'")
    with Store(db) as st:
        from conflictlens.store.schema import SCHEMA_VERSION

        assert st.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
        assert Linker(st).link_pending() == 5
        assert len(st.stories()) == 4


def test_reprints_are_linked_as_if_each_were_scored(seed_articles, tmp_path):
    """Wire copies (the same text under other ids and outlets) reuse one score per look-alike
    candidate; every stored link must still be the score of its own two reports."""
    from conflictlens import extract_article, read_inputs

    raw = {a.article_id: a for a in read_inputs([SAMPLES])}
    copies = []
    for k in (1, 2):
        for aid in (GHAB_000, GHAB_001):
            a = copy.deepcopy(raw[aid])
            a.article_id, a.source = f"{aid}-reprint{k}", f"Outlet {k}"
            copies.append(extract_article(a))
    ingest(tmp_path / "r.db", [seed_articles[k] for k in sorted(seed_articles)] + copies)
    with Store(tmp_path / "r.db") as st:
        linker = Linker(st)
        rows = st.db.execute("SELECT a, b, score, relation, parts FROM event_links").fetchall()
        reports = {r.event.event_id: r.event for r in st.reports({x for row in rows for x in row[:2]})}
        for a, b, score, relation, parts in rows:
            again = scoring.score(reports[a], reports[b], linker.actors, _vec(reports[a]), _vec(reports[b]))
            assert (again.a, again.b, again.score, again.relation, again.parts) == (a, b, score, relation,
                                                                                     json.loads(parts))
        ghab = [c for c in st.canonical_events() if GHAB_000 in c.articles and GHAB_001 in c.articles]
    assert len(ghab) == 1 and len(ghab[0].articles) == 6  # the offensive, with both copies of each


def _vec(e):
    from conflictlens.linking import _event_vector

    return _event_vector(e)
