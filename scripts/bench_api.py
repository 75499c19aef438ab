#!/usr/bin/env python3
"""API latency over a big database: N synthetic canonical events, then filtered, paged queries.

Run:  python scripts/bench_api.py [--events 100000] [--queries 300] [--db /tmp/conflictlens-api-bench.db]

The events are generated (random types, dates over five years, places across Syria, Iraq and
Yemen, one to four sources) and written straight into the canonical table, as linking would.
Each query is ``GET /api/events`` over HTTP to the server (uvicorn on a local port, as
``conflictlens serve`` runs it: routing, validation, SQL, JSON, one keep-alive connection) with a random mix of filters (type, date range, country, bounding box, minimum sources,
text), a random sort and page; the script prints p50/p95/max latency and the page sizes.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from conflictlens.models import CanonicalEvent, Evidence  # noqa: E402
from conflictlens.store import Store  # noqa: E402

TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Explosions/Remote violence", "Air/drone strike"), ("Violence against civilians", "Attack"),
         ("Protests", "Peaceful protest"), ("Strategic developments", "Looting/property destruction")]
AREAS = [("Syria", "760", "Idlib", 35.9, 36.6), ("Syria", "760", "Aleppo", 36.2, 37.2), ("Syria", "760", "Hama", 35.1, 36.8),
         ("Iraq", "368", "Nineveh", 36.3, 43.1), ("Iraq", "368", "Anbar", 33.4, 43.3), ("Yemen", "887", "Taizz", 13.6, 44.0)]
ACTORS = ["Military Forces of Syria (2000-)", "HTS: Hayat Tahrir al Sham", "Islamic State (Iraq)",
          "Opposition Rebels (Syria)", "Military Forces of Iraq (2018-)", "Houthi Movement", "Civilians (Syria)"]


def generate(st: Store, n: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    st.db.execute("PRAGMA foreign_keys=OFF")  # synthetic events have no per-source report rows behind them
    start = date(2018, 1, 1)
    batch = []
    for i in range(n):
        et, sub = rng.choice(TYPES)
        country, iso, admin1, lat, lon = rng.choice(AREAS)
        d = start + timedelta(days=rng.randrange(5 * 365))
        k = rng.choice((1, 1, 1, 2, 2, 3, 4))
        eid = f"c{i:016x}"
        text = f"{sub} reported near {admin1} by {k} outlets."
        batch.append(CanonicalEvent(
            event_id=eid, article_id=f"a{i}", event_date=d, date_min=d, date_max=d, time_precision=1,
            event_type=et, sub_event_type=sub, actor1=rng.choice(ACTORS), actor2=rng.choice(ACTORS), inter1=1, inter2=2,
            country=country, iso=iso, admin1=admin1, location=f"{admin1} village {i % 500}",
            latitude=lat + rng.uniform(-0.5, 0.5), longitude=lon + rng.uniform(-0.5, 0.5), geo_precision=1,
            fatalities=rng.choice((0, 0, 0, 1, 2, 5, 12)), evidence=[Evidence(f"a{i}", 0, len(text), text)],
            source="; ".join(f"Outlet {j}" for j in range(k)), reports=[f"e{i}-{j}" for j in range(k)],
            articles=[f"a{i}"], sources=[f"Outlet {j}" for j in range(k)]))
        if len(batch) == 5000:
            with st.db:
                st.replace_canonicals(set(), batch)
            batch = []
    if batch:
        with st.db:
            st.replace_canonicals(set(), batch)


def random_query(rng: random.Random) -> dict:
    q = {"limit": rng.choice((20, 50, 100)), "offset": rng.choice((0, 0, 100, 1000)),
         "sort": rng.choice(("event_date", "-event_date", "-fatalities", "-n_sources"))}
    if rng.random() < 0.6:
        q["type"] = rng.choice(TYPES)[0]
    if rng.random() < 0.6:
        d = date(2018, 1, 1) + timedelta(days=rng.randrange(4 * 365))
        q["date_from"], q["date_to"] = d.isoformat(), (d + timedelta(days=rng.choice((7, 30, 180)))).isoformat()
    if rng.random() < 0.4:
        q["country"] = rng.choice(("Syria", "Iraq", "Yemen"))
    if rng.random() < 0.3:
        _, _, _, lat, lon = rng.choice(AREAS)
        q["bbox"] = f"{lon - 0.5},{lat - 0.5},{lon + 0.5},{lat + 0.5}"
    if rng.random() < 0.2:
        q["min_sources"] = 2
    if rng.random() < 0.1:
        q["q"] = "village 42"
    return q


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--events", type=int, default=100_000)
    p.add_argument("--queries", type=int, default=300)
    p.add_argument("--db", default="/tmp/conflictlens-api-bench.db")
    args = p.parse_args()
    import httpx

    from conflictlens.api import background_server, create_app

    Path(args.db).unlink(missing_ok=True)
    t = time.perf_counter()
    with Store(args.db) as st:
        generate(st, args.events)
    print(f"generated {args.events} events in {time.perf_counter() - t:.1f} s")
    with background_server(create_app(args.db)) as url:
        client = httpx.Client(base_url=url)
        rng = random.Random(7)
        times, sizes = [], []
        for _ in range(args.queries):
            q = random_query(rng)
            t = time.perf_counter()
            r = client.get("/api/events", params=q)
            times.append((time.perf_counter() - t) * 1000)
            r.raise_for_status()
            sizes.append(len(r.json()["items"]))
    times.sort()
    p95 = times[int(0.95 * len(times)) - 1]
    print(f"{args.queries} filtered, paged /api/events queries: p50 {statistics.median(times):.1f} ms, "
          f"p95 {p95:.1f} ms, max {times[-1]:.1f} ms; mean page {statistics.mean(sizes):.0f} events")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
