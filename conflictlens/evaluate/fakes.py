"""FA-KES articles: the main event dated and placed, and merging and stories against silver labels."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from ..errors import InputError, StageError
from ..readers import make_article
from .common import _events_or_error, _read_csv, admin1_agrees


FAKES_WINDOW_DAYS = 7  # issue 4: the main event falls in the week up to publication


def evaluate_fakes(path: str | Path, extract: Callable | None = None,
                   misses: Callable[[dict], None] | None = None) -> dict:
    """FA-KES articles (title, content, publication ``date``, governorate ``location``): the share
    of articles with an event; of those, the share whose main event (the first in the text) is
    dated within the FAKES_WINDOW_DAYS up to publication, and whose admin1 is the governorate."""
    from datetime import timedelta

    from .. import extract_article

    extract = extract or extract_article
    rows = _read_csv(path, ("article_content", "date"))
    from ..pipeline.clean import dateline

    with_event = in_window = in_own_window = same_admin1 = 0
    errors: list[str] = []
    contradicted = in_window_consistent = with_event_consistent = 0  # the text's own dateline vs `date`
    for n, row in enumerate(rows, 2):
        where = f"{path}:{n}"
        try:
            pub = datetime.strptime(row["date"], "%m/%d/%Y").date()
            art = make_article(text=row["article_content"], where=where, id=f"fakes-{row.get('unit_id', n)}",
                               title=row.get("article_title", ""), source=row.get("source", ""), published=pub)
        except (KeyError, ValueError, InputError):
            continue
        events = _events_or_error(extract, art, errors)
        if not events:
            if misses:
                misses({"line": n, "wrong": ["no_event"], "title": row.get("article_title", "")})
            continue
        with_event += 1
        ev = events[0]
        ok_date = ev.event_date is not None and pub - timedelta(days=FAKES_WINDOW_DAYS) <= ev.event_date <= pub
        ok_a1 = admin1_agrees(row.get("location", ""), ev.admin1, "SY")
        in_window += ok_date
        same_admin1 += ok_a1
        own = dateline(art.raw)
        day = own or pub  # the article's own date: its dateline, else `date`
        in_own_window += ev.event_date is not None and day - timedelta(days=FAKES_WINDOW_DAYS) <= ev.event_date <= day
        if own is not None and not pub - timedelta(days=FAKES_WINDOW_DAYS) <= own <= pub:
            contradicted += 1
        else:
            with_event_consistent += 1
            in_window_consistent += ok_date
        if misses and not (ok_date and ok_a1):
            misses({"line": n, "wrong": [w for w, ok in (("date", ok_date), ("admin1", ok_a1)) if not ok],
                    "title": row.get("article_title", ""), "published": str(pub), "event_date": str(ev.event_date),
                    "governorate": row.get("location", ""), "admin1": ev.admin1,
                    "evidence": ev.evidence[0].text[:200]})
    total = len(rows) or 1
    return {"articles": len(rows), "errors": len(errors), "articles_with_event": round(with_event / total, 4),
            "main_event_within_7_days": round(in_window / with_event, 4) if with_event else None,
            "main_event_governorate": round(same_admin1 / with_event, 4) if with_event else None,
            # articles whose own dateline (opening it or a wire credit's) is outside the week up to the
            # `date` column (an article is not published before its own dateline), and the window
            # figure over the others
            "date_column_contradicted_by_dateline": contradicted,
            "main_event_within_7_days_where_consistent": (round(in_window_consistent / with_event_consistent, 4)
                                                          if with_event_consistent else None),
            # the window counted back from each article's own date (its dateline where it has one)
            "main_event_within_7_days_of_own_date": round(in_own_window / with_event, 4) if with_event else None}


# Silver check of merging (issue 5): two merged reports should be about the same governorate and
# lie within this many days of each other by the dataset's own `date` column.
SILVER_MERGE_DAYS = 3
# Silver stories: articles on the same governorate published within this many days, chained.
SILVER_STORY_DAYS = 2


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float]:
    """B-cubed precision and recall of clustering ``pred`` (item -> cluster) against ``gold``."""
    from collections import defaultdict

    pc, gc = defaultdict(set), defaultdict(set)
    for i, c in pred.items():
        pc[c].add(i)
    for i, c in gold.items():
        gc[c].add(i)
    items = [i for i in pred if i in gold]
    if not items:
        return 0.0, 0.0
    p = sum(len(pc[pred[i]] & gc[gold[i]]) / len(pc[pred[i]]) for i in items) / len(items)
    r = sum(len(pc[pred[i]] & gc[gold[i]]) / len(gc[gold[i]]) for i in items) / len(items)
    return round(p, 4), round(r, 4)


def silver_stories(rows: dict[str, tuple]) -> dict[str, str]:
    """article id -> silver cluster: same governorate, publication dates within SILVER_STORY_DAYS, chained."""
    from ..linking.clustering import component

    by_gov: dict[str, list[str]] = {}
    for a, (pub, gov) in rows.items():
        by_gov.setdefault(gov.lower(), []).append(a)

    def near(ids):
        return [b for a in ids for b in by_gov[rows[a][1].lower()]
                if abs((rows[b][0] - rows[a][0]).days) <= SILVER_STORY_DAYS]

    out, seen = {}, set()
    for a in sorted(rows):
        if a not in seen:
            comp = component({a}, near)
            seen |= comp
            for b in comp:
                out[b] = min(comp)
    return out


def evaluate_linking(path: str | Path, extract: Callable | None = None, order_seed: int | None = None,
                     misses: Callable[[dict], None] | None = None, db: str = ":memory:") -> dict:
    """FA-KES articles ingested into a fresh database (in ``order_seed``'s shuffled order if given):
    how many reports merged across articles, the share of merged pairs whose articles agree on
    governorate and lie within SILVER_MERGE_DAYS, and B-cubed precision/recall of the stories
    against silver stories (``silver_stories``)."""
    import random
    from itertools import combinations

    from .. import extract_article
    from ..linking import Linker
    from ..store import Store

    extract = extract or extract_article
    from ..pipeline.clean import dateline

    rows = _read_csv(path, ("article_content", "date"))
    arts, meta = [], {}
    own: dict[str, date] = {}  # each article's own date: its dateline where it has one, else `date`
    for n, row in enumerate(rows, 2):
        try:
            pub = datetime.strptime(row["date"], "%m/%d/%Y").date()
            art = make_article(text=row["article_content"], where=f"{path}:{n}", id=f"fakes-{row.get('unit_id', n)}",
                               title=row.get("article_title", ""), source=row.get("source", ""), published=pub)
        except (KeyError, ValueError, InputError):
            continue
        arts.append(art)
        meta[art.article_id] = (pub, row.get("location", ""))
        own[art.article_id] = dateline(art.raw) or pub
    if order_seed is not None:
        random.Random(order_seed).shuffle(arts)
    errors: list[str] = []
    main: dict[str, str] = {}  # article -> its main (first) event, the one FA-KES labels describe
    with Store(db) as store:
        linker = Linker(store)
        for art in arts:
            try:
                art = extract(art)
            except StageError as exc:
                errors.append(str(exc))
                continue
            if art.events:
                main[art.article_id] = art.events[0].event_id
            linker.save(art)
        canon = store.canonical_events()
        stories = store.stories()
    pairs = agree = main_pairs = main_agree = agree_own = main_agree_own = 0
    for c in canon:
        if len(c.articles) < 2:
            continue
        for a, b in combinations(sorted(c.articles), 2):
            pairs += 1
            (pa, ga), (pb, gb) = meta[a], meta[b]
            ok = ga.lower() == gb.lower() and abs((pa - pb).days) <= SILVER_MERGE_DAYS
            ok_own = ga.lower() == gb.lower() and abs((own[a] - own[b]).days) <= SILVER_MERGE_DAYS
            agree += ok
            agree_own += ok_own
            both_main = main.get(a) in c.reports and main.get(b) in c.reports
            if both_main:
                main_pairs += 1
                main_agree += ok
                main_agree_own += ok_own
            if misses and not (ok and ok_own):
                misses({"merged": c.event_id, "main_events": both_main, "articles": [a, b], "governorates": [ga, gb],
                        "dates": [str(pa), str(pb)], "own_dates": [str(own[a]), str(own[b])], "own_dates_agree": ok_own,
                        "event": f"{c.event_date} {c.sub_event_type} {c.location} {c.actor1} / {c.actor2}",
                        "evidence": [ev.text[:160] for ev in c.evidence]})
    # recall against silver: articles FA-KES labels with the same date and governorate whose main
    # events ended in one canonical event
    canonical_of = {r: c.event_id for c in canon for r in c.reports}
    by_label: dict[tuple, list[str]] = {}
    for a, (pub, gov) in meta.items():
        if a in main:
            by_label.setdefault((pub, gov.lower()), []).append(a)
    silver_pairs = silver_merged = 0
    for arts_ in by_label.values():
        for a, b in combinations(sorted(arts_), 2):
            silver_pairs += 1
            silver_merged += canonical_of.get(main[a]) == canonical_of.get(main[b])
    pred = {a: s.story_id for s in stories for a in s.articles}
    p, r = bcubed(pred, silver_stories(meta))
    p_own, r_own = bcubed(pred, silver_stories({a: (own[a], gov) for a, (_pub, gov) in meta.items()}))
    return {"articles": len(arts), "errors": len(errors),
            "events_merged": sum(1 for c in canon if len(c.articles) > 1),
            "merged_pairs": pairs, "merged_pairs_silver_agree": round(agree / pairs, 4) if pairs else None,
            # pairs where both reports are their article's main event, which the labels describe
            "main_event_pairs": main_pairs,
            "main_event_pairs_silver_agree": round(main_agree / main_pairs, 4) if main_pairs else None,
            # the same two checks with each article's own dateline for `date` where it gives one
            "merged_pairs_silver_agree_own_dates": round(agree_own / pairs, 4) if pairs else None,
            "main_event_pairs_silver_agree_own_dates": round(main_agree_own / main_pairs, 4) if main_pairs else None,
            "silver_main_event_pairs": silver_pairs,
            "silver_main_event_pairs_merged": round(silver_merged / silver_pairs, 4) if silver_pairs else None,
            "stories": len(stories), "multi_article_stories": sum(1 for s in stories if len(s.articles) > 1),
            "stories_bcubed_precision": p, "stories_bcubed_recall": r,
            "stories_bcubed_precision_own_dates": p_own, "stories_bcubed_recall_own_dates": r_own,
            "canonical": sorted((c.event_id, tuple(c.reports)) for c in canon),
            "story_sets": sorted(tuple(s.articles) for s in stories)}
