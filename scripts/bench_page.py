#!/usr/bin/env python3
"""Is the map page responsive with many events in view?  Headless Chromium over a big database.

Run:  python scripts/bench_api.py (once, to make the 100,000-event database), then
      python scripts/bench_page.py [--db /tmp/conflictlens-api-bench.db] [--in-view 10000]

Serves the database, opens the page in Debian's Chromium (Playwright), filters to a date range
holding about ``--in-view`` events, and measures: the time until the markers are on the map
(clustered), then for five zoom steps and five pans the time until Leaflet reports the move done and
the browser has painted the next frame, the province choropleth switched on (every point placed in
its area), the event list sorted by fatalities, an event opened from the list (its panel
drawn), and the longest main-thread task seen (a page is responsive when these stay well under a
few hundred milliseconds).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def date_range_for(db: str, n: int) -> tuple[str, str]:
    con = sqlite3.connect(db)
    days = con.execute("SELECT event_date FROM canonical_events WHERE event_date IS NOT NULL ORDER BY event_date").fetchall()
    con.close()
    mid = len(days) // 2
    return days[max(0, mid - n // 2)][0], days[min(len(days) - 1, mid + n // 2 - 1)][0]


def main() -> int:
    from playwright.sync_api import sync_playwright

    from conflictlens.api import background_server, create_app

    p = argparse.ArgumentParser()
    p.add_argument("--db", default="/tmp/conflictlens-api-bench.db")
    p.add_argument("--in-view", type=int, default=10000)
    args = p.parse_args()
    lo, hi = date_range_for(args.db, args.in_view)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with background_server(create_app(args.db)) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True).new_page()
        page.goto(url)
        page.wait_for_function("Number(document.getElementById('map').dataset.markers) > 0", timeout=60000)
        # the server reads the gazetteer for the town labels once, in the background, when it starts:
        # measure after that, as an analyst's page would be used
        page.wait_for_function("Number(document.getElementById('map').dataset.labels) > 0", timeout=120000)
        page.evaluate("""() => { window.__longest = 0; new PerformanceObserver(l => { for (const e of l.getEntries())
                          window.__longest = Math.max(window.__longest, e.duration); }).observe({entryTypes: ['longtask']}); }""")
        page.fill("input[name=date_from]", lo)
        page.fill("input[name=date_to]", hi)
        page.evaluate("document.getElementById('map').dataset.markers = '0'")
        t = time.perf_counter()
        page.click("button[type=submit]")
        page.wait_for_function("Number(document.getElementById('map').dataset.markers) > 0", timeout=60000)
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        load = time.perf_counter() - t
        shown = int(page.eval_on_selector("#map", "e => e.dataset.markers"))
        moves = []
        for step in ["zoomIn", "zoomIn", "zoomIn", "zoomOut", "zoomOut", "pan", "pan", "pan", "pan", "pan"]:
            t = time.perf_counter()
            page.evaluate("""step => new Promise(done => {
                map.once('moveend', () => requestAnimationFrame(() => requestAnimationFrame(done)));
                if (step === 'pan') map.panBy([200, 120], {animate: false}); else map[step]({animate: false});
            })""", step)
            moves.append((time.perf_counter() - t) * 1000)
        page.evaluate("() => { map.setView([35.5, 38.5], 6, {animate: false}); }")
        page.wait_for_function("Number(document.getElementById('map').dataset.provinces) > 0", timeout=60000)
        t = time.perf_counter()
        page.select_option("#choro-mode", "events")
        page.wait_for_function("document.getElementById('map').dataset.choropleth === 'events'")
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        choro = time.perf_counter() - t
        page.uncheck("#in-view")
        page.wait_for_function("Number(document.getElementById('event-table').dataset.rows) > 0", timeout=60000)
        t = time.perf_counter()
        page.click("#event-table th[data-sort=fatalities]")
        page.wait_for_selector("#event-table th.sorted[data-sort=fatalities]")
        sort = time.perf_counter() - t
        t = time.perf_counter()
        page.click("#event-table tbody tr")  # (the synthetic events have no articles: the panel, not the text)
        page.wait_for_selector("#event-panel h3", timeout=60000)
        opened = time.perf_counter() - t
        longest = page.evaluate("window.__longest")
        browser.close()
    print(f"{shown} events in view ({lo} to {hi}): on the map, clustered, in {load * 1000:.0f} ms; "
          f"zoom/pan to painted frame: median {sorted(moves)[len(moves) // 2]:.0f} ms, max {max(moves):.0f} ms; "
          f"province choropleth on in {choro * 1000:.0f} ms; list sorted in {sort * 1000:.0f} ms; "
          f"event opened from the list in {opened * 1000:.0f} ms; longest main-thread task after load {longest:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
