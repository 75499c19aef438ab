"""Evaluation against ACLED-coded rows: each row's ``notes`` is a one-paragraph article.

``evaluate_acled(path)`` returns a dict of scores (the CLI prints it).  For each
row, the extracted event that best matches it (same sub-event type, else same
event type, else the first) is compared field by field; rows without an event
count as wrong on every field.
"""

from __future__ import annotations

import csv
import json
import math
import re
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from unidecode import unidecode

from .knowledge.gazetteer import default_gazetteer, haversine_km
from .knowledge.names import admin_key
from .errors import InputError, StageError
from .models import Event
from .readers import make_article

LOCATION_KM = 10.0  # "location within 10 km" (ACLED geo_precision 1 means the town itself)


def norm_actor(name: str) -> str:
    s = unidecode(name or "").lower()
    s = re.sub(r"\(\d{4}-\d{0,4}\)", " ", s)  # the period in parentheses
    s = re.sub(r"[^a-z0-9 ]+", " ", s)
    return " ".join(s.split())


def actor_agrees(gold: str, got: str) -> bool:
    g, o = norm_actor(gold), norm_actor(got)
    if not g and not o:
        return True
    if not g or not o:
        return False
    gw, ow = g.split(), o.split()
    n = min(len(gw), len(ow))
    return gw[:n] == ow[:n]  # equal, or one a word-prefix of the other


def admin1_agrees(gold: str, got: str, iso2: str | None = None) -> bool:
    if not gold or not got:
        return not gold and not got
    if admin_key(gold) == admin_key(got):
        return True
    gaz = default_gazetteer()
    if iso2:
        a, b = gaz.admin1_canonical(iso2, gold), gaz.admin1_canonical(iso2, got)
        return a is not None and a == b
    return False


def parse_acled_date(s: str):
    for fmt in ("%d-%b-%y", "%Y-%m-%d", "%d %B %Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(s, fmt).date()
        except ValueError:
            pass
    return None


def _open(path, newline: str | None = ""):
    try:
        return open(path, encoding="utf-8", newline=newline)
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror})") from None


def _read_csv(path, required: tuple[str, ...]) -> list[dict]:
    """The rows of a gold CSV; a file that cannot be read or lacks a column is one clear error."""
    try:
        with _open(path) as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError(str(path), f"not the expected CSV: no column {', '.join(missing)}")
            return list(reader)
    except UnicodeDecodeError:
        raise InputError(str(path), "not UTF-8 text") from None


def _events_or_error(extract: Callable, art, errors: list[str]) -> list[Event]:
    """The article's events; a stage failing on it is counted and scored as no event, and the run
    goes on (one line on standard error names the article)."""
    try:
        return extract(art).events
    except StageError as exc:
        errors.append(str(exc))
        print(f"error: {exc}", file=sys.stderr)
        return []


def best_match(events: list[Event], row: dict) -> Event | None:
    """Same sub_event_type, else same event_type, else the first.  ACLED codes a report of fighting
    in several places as one row per place, as we do; among equals the row's own place decides."""
    if not events:
        return None
    for pred in (lambda e: e.sub_event_type == row["sub_event_type"], lambda e: e.event_type == row["event_type"]):
        hits = [e for e in events if pred(e)]
        if hits:
            return min(hits, key=lambda e: _distance_to_row(e, row))
    return events[0]


def _distance_to_row(ev: Event, row: dict) -> float:
    try:
        lat, lon = float(row["latitude"]), float(row["longitude"])
    except (KeyError, TypeError, ValueError):
        return 0.0  # no coordinates in the row: keep the first
    if ev.latitude is None or ev.longitude is None:
        return math.inf
    return haversine_km(lat, lon, ev.latitude, ev.longitude)


FIELDS = ("event_type", "sub_event_type", "event_date", "admin1", "location_10km", "actor1", "actor2", "fatalities")


def evaluate_acled(path: str | Path, extract: Callable | None = None, limit: int | None = None,
                   progress: Callable[[int, int], None] | None = None,
                   misses: Callable[[dict], None] | None = None) -> dict:
    """Scores over the rows of ``path``; ``misses`` (if given) receives one record per row
    with any field wrong: the row's coded values beside the extracted ones."""
    from . import extract_article

    extract = extract or extract_article
    rows = _read_csv(path, ("notes", "event_type", "sub_event_type", "event_date", "admin1", "latitude",
                            "longitude", "actor1", "actor2"))
    if limit:
        rows = rows[:limit]
    gaz = default_gazetteer()
    iso_by_num = {str(c.isonum): c.iso2 for c in gaz.countries.values()}
    hits = dict.fromkeys(FIELDS, 0)
    with_event = 0
    errors: list[str] = []
    t0 = time.perf_counter()
    for n, row in enumerate(rows, 1):
        if progress:
            progress(n, len(rows))
        try:
            art = make_article(text=row["notes"], where=f"{path}:{n + 1}", id=f"acled-{row.get('event_id_cnty', n)}")
        except InputError:
            continue  # a row without notes: no event, wrong on every field
        events = _events_or_error(extract, art, errors)
        ev = best_match(events, row)
        if ev is None:
            if misses:
                misses({"row": n + 1, "notes": row["notes"], "wrong": ["no_event"]})
            continue
        with_event += 1
        ok = {
            "event_type": ev.event_type == row["event_type"],
            "sub_event_type": ev.sub_event_type == row["sub_event_type"],
            "event_date": ev.event_date is not None and ev.event_date == parse_acled_date(row["event_date"]),
            "admin1": admin1_agrees(row["admin1"], ev.admin1, iso_by_num.get(row.get("iso", ""))),
            "location_10km": bool(ev.latitude is not None and row["latitude"] and haversine_km(
                ev.latitude, ev.longitude, float(row["latitude"]), float(row["longitude"])) <= LOCATION_KM),
            "actor1": actor_agrees(row["actor1"], ev.actor1),
            "actor2": actor_agrees(row["actor2"], ev.actor2),
            "fatalities": str(ev.fatalities) == (row.get("fatalities") or "0"),
        }
        for f, good in ok.items():
            hits[f] += good
        if misses and not all(ok.values()):
            got = {"event_type": ev.event_type, "sub_event_type": ev.sub_event_type,
                   "event_date": str(ev.event_date), "admin1": ev.admin1, "location": ev.location,
                   "actor1": ev.actor1, "actor2": ev.actor2, "fatalities": ev.fatalities}
            gold = {k: row.get(k, "") for k in ("event_type", "sub_event_type", "event_date", "admin1", "location",
                                                 "actor1", "actor2", "fatalities")}
            misses({"row": n + 1, "notes": row["notes"], "wrong": [f for f, good in ok.items() if not good],
                    "gold": gold, "got": got, "events": len(events)})
    elapsed = time.perf_counter() - t0
    total = len(rows) or 1
    out = {"rows": len(rows), "rows_with_event": round(with_event / total, 4)}
    out.update({f: round(hits[f] / total, 4) for f in FIELDS})
    out["errors"] = len(errors)
    out["seconds"] = round(elapsed, 2)
    out["articles_per_second"] = round(len(rows) / elapsed, 1) if elapsed else None
    return out


def evaluate_rams(path: str | Path, extract: Callable | None = None,
                  misses: Callable[[dict], None] | None = None) -> dict:
    """Mention recall on RAMS passages (five tokenised sentences with gold event arguments): the
    share of gold ``place`` arguments that overlap a place mention, and of gold ``attacker``
    arguments that overlap an actor mention.  The passage is the tokens joined by spaces."""
    from . import extract_article

    extract = extract or extract_article
    counts = {"place": [0, 0], "attacker": [0, 0]}  # role -> [gold, found]
    passages = 0
    errors: list[str] = []
    with _open(path, newline=None) as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
                tokens = [t for sent in doc["sentences"] for t in sent]
                spans = doc["ent_spans"]
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{path}:{n}", f"not a RAMS record ({exc})") from exc
            starts, pos = [], 0
            for t in tokens:
                starts.append(pos)
                pos += len(t) + 1
            text = " ".join(tokens)
            art = make_article(text=text, where=f"{path}:{n}", id=f"rams-{doc.get('doc_key', n)}")
            try:
                art = extract(art)
            except StageError as exc:
                errors.append(str(exc))  # its arguments count as not found
            passages += 1
            kinds = {"place": [m for m in art.mentions if m.kind == "place"],
                     "attacker": [m for m in art.mentions if m.kind == "actor"]}
            for s, e, roles in spans:
                cs, ce = starts[s], starts[e] + len(tokens[e])
                for role, _p in roles:
                    kind = next((k for k in counts if role.endswith(k)), None)
                    if kind is None:
                        continue
                    found = any(m.start < ce and m.end > cs for m in kinds[kind])
                    counts[kind][0] += 1
                    counts[kind][1] += found
                    if misses and not found:
                        misses({"line": n, "role": kind, "argument": text[cs:ce],
                                "context": text[max(0, cs - 80):ce + 80]})
    out = {"passages": passages, "errors": len(errors)}
    for kind, (gold, found) in counts.items():
        out[f"{kind}_arguments"] = gold
        out[f"{kind}_recall"] = round(found / gold, 4) if gold else None
    return out


FAKES_WINDOW_DAYS = 7  # issue 4: the main event falls in the week up to publication


def evaluate_fakes(path: str | Path, extract: Callable | None = None,
                   misses: Callable[[dict], None] | None = None) -> dict:
    """FA-KES articles (title, content, publication ``date``, governorate ``location``): the share
    of articles with an event; of those, the share whose main event (the first in the text) is
    dated within the FAKES_WINDOW_DAYS up to publication, and whose admin1 is the governorate."""
    from datetime import timedelta

    from . import extract_article

    extract = extract or extract_article
    rows = _read_csv(path, ("article_content", "date"))
    from .pipeline.clean import dateline

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
    from .linking.clustering import component

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

    from . import extract_article
    from .linking import Linker
    from .store import Store

    extract = extract or extract_article
    from .pipeline.clean import dateline

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
