"""The web page in a real headless Chromium (Debian's, driven by Playwright), over the seeds.

`make test` installs Chromium when it is missing.  Each test saves a screenshot in
test-output/screenshots/ for a human to look at.  Without a browser the tests are skipped, except
in CI (CI=true), where a missing browser is a failure.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import shutil
from datetime import date
from urllib.parse import urlparse

import pytest

from conflictlens import extract_text
from conflictlens.cli import main
from conflictlens.linking import Linker
from conflictlens.store import Store

from .conftest import ROOT

SHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM = next((p for p in (os.environ.get("CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser"))
                 if p), None)
PAYLOAD = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
TOKEN = "page-token"
SURE, UNSURE = 0.9, 0.2  # confidences given to the test events (the page's LOW_CONFIDENCE is 0.5)
# an invented report for the review test, as a JSONL record: ingested, corrected in the page, ingested again
RAID = {"id": "raid-1", "published": "2015-03-08", "source": "Invented Wire", "title": "Raid on Saraqib",
        "text": "Government aircraft bombed the town of Saraqib on Thursday, killing at least five people, "
                "a monitoring group said."}

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None

if (CHROMIUM is None or sync_playwright is None) and os.environ.get("CI"):
    raise RuntimeError("browser tests need Chromium and Playwright: run `make test`, which installs them")
pytestmark = pytest.mark.skipif(CHROMIUM is None or sync_playwright is None,
                                reason="Chromium or Playwright missing (make test installs them)")


def _with_confidence(article, value):
    a = copy.deepcopy(article)
    for e in a.events:
        e.confidence = value
    return a


@pytest.fixture(scope="module")
def server(seed_articles, tmp_path_factory):
    from conflictlens.api import background_server, create_app

    db = tmp_path_factory.mktemp("web") / "web.db"
    hostile = extract_text(f"Regime aircraft raided Douma on Thursday, killing at least six. {PAYLOAD} "
                           "The raid hit a market.", published=date(2015, 3, 8), article_id="hostile-1",
                           title="<b>bold?</b>")
    unsure = extract_text("Clashes were reported near Saraqib on Friday.", published=date(2015, 3, 8),
                          article_id="unsure-1", source="Rumour Mill")
    with Store(db) as st:
        linker = Linker(st)
        for a in [*seed_articles.values(), hostile]:
            linker.save(_with_confidence(a, SURE))
        linker.save(_with_confidence(unsure, UNSURE))
        events = st.canonical_events()
        n_points = sum(1 for e in events if e.latitude is not None)
        n_unsure = sum(1 for e in events if e.latitude is not None and e.confidence < 0.5)
        hostile_event = next(e.event_id for e in events if "hostile-1" in e.articles)
        ghab_event = next(e.event_id for e in events if "Ghab" in e.location and len(e.articles) == 2)
        n_stories = len(st.stories())
        story = next(s for s in st.stories() if len(s.articles) == 2 and "hostile-1" not in s.articles)
        story_points = sum(1 for e in st.canonical_events_by_id(story.events) if e.latitude is not None)
    with background_server(create_app(db)) as url:
        yield {"url": url, "points": n_points, "unsure": n_unsure, "hostile": hostile_event, "ghab": ghab_event,
               "story": story.story_id, "stories": n_stories, "story_points": story_points, "story_articles": story.articles}


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def _open(browser, url, request):
    # the page's own Content-Security-Policy forbids eval, which Playwright's waits use; safety from
    # article markup must come from rendering it as text, which the hostile-article test checks
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    pg = ctx.new_page()
    pg.set_default_timeout(20000)  # no step waits longer: a stuck page fails instead of hanging CI
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.goto(url)
    pg.wait_for_function("Number(document.getElementById('map').dataset.markers) > 0", timeout=20000)
    return ctx, pg


def _close(ctx, pg, request):
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{request.node.name}.png"))
    ctx.close()
    assert not pg.errors, f"errors in the page: {pg.errors}"


@pytest.fixture
def page(browser, server, request):
    ctx, pg = _open(browser, server["url"], request)
    yield pg
    _close(ctx, pg, request)


def markers(pg) -> int:
    return int(pg.eval_on_selector("#map", "e => e.dataset.markers"))


def wait_markers(pg, op: str, n: int) -> None:
    pg.wait_for_function(f"Number(document.getElementById('map').dataset.markers) {op} {n}")


def click_marker(pg, event_id: str) -> None:
    """Bring an event's marker out of its cluster and click it, as a person would."""
    x, y = pg.evaluate("""id => new Promise((done, fail) => {
        const m = markerById.get(id);
        focusMarker(m);
        requestAnimationFrame(() => requestAnimationFrame(() => {
            if (!map.hasLayer(m)) return fail(new Error("the marker is still in a cluster"));
            const p = map.latLngToContainerPoint(m.getLatLng()), box = map.getContainer().getBoundingClientRect();
            done([box.left + p.x, box.top + p.y]);
        }));
    })""", event_id)
    pg.mouse.click(x, y)


def test_page_shows_markers_over_boundaries_and_town_labels(page, server):
    assert markers(page) == server["points"]
    assert f"{server['points']} events match" in page.text_content("#status")
    page.wait_for_function("Number(document.getElementById('map').dataset.provinces) > 4000")  # admin-1 areas
    page.wait_for_function("Number(document.getElementById('map').dataset.labels) > 0")
    assert page.locator(".town-label").count() > 0
    # clusters are neutral with a ring of the types inside them; the legend shows each type's shape
    ring = page.locator(".type-cluster .ring").first.get_attribute("style")
    assert "conic-gradient" in ring and "rgb(214, 39, 40)" in ring  # Battles' red among the seeds' types
    assert page.locator(".legend svg.shape").count() == 6
    assert page.locator(".type-cluster").count() > 0


def test_filter_by_type_shows_fewer(page, server):
    page.select_option("#type-select", "Battles")
    page.click("button[type=submit]")
    wait_markers(page, "<", server["points"])
    assert 0 < markers(page) < server["points"]
    assert "type=Battles" in page.get_attribute("#dl-csv", "href")
    assert page.evaluate("[...markerById.values()].every(m => m.options.shape === 'circle')")  # Battles' shape


def test_event_panel_highlights_the_evidence_scrolled_into_view(page, server):
    page.fill("input[name=min_sources]", "2")
    page.click("button[type=submit]")
    wait_markers(page, "<", server["points"])
    assert page.evaluate(f"markerById.has({server['ghab']!r})")  # the merged Ghab event is among them
    click_marker(page, server["ghab"])
    page.wait_for_function("document.getElementById('event-panel').dataset.evidenceShown")
    marked = page.eval_on_selector_all("mark.evidence:not(.other)", "ms => ms.map(m => m.textContent)")
    assert any("Ghab" in m for m in marked)
    assert page.locator(".report").count() == 2
    assert "Non-state actor overtakes territory" in page.text_content("#event-panel h3")
    # each report's evidence is inside its article box's visible part
    for k in range(2):
        seen = page.evaluate("""k => { const box = document.querySelectorAll('.article-text')[k];
            const m = box.querySelector('mark.evidence:not(.other)'), b = box.getBoundingClientRect(),
                  r = m.getBoundingClientRect();
            return [r.top >= b.top - 1 && r.top < b.bottom, m.offsetTop, box.scrollTop, box.clientHeight]; }""", k)
        assert seen[0], f"report {k}: the evidence is not scrolled into view {seen}"
        if seen[1] > seen[3]:
            assert seen[2] > 0
    panel = page.text_content("#event-panel")
    assert "precision 2" not in panel and ("exact day" in panel or "within a week" in panel)
    assert "confidence 0.90" in panel and "not reviewed" in panel
    for article_id in page.evaluate("[...document.querySelectorAll('.outlet')].map(s => s.dataset.article)"):
        assert article_id not in panel  # outlets by name, not by article hash
    assert page.locator("#event-table tr.selected").count() == 1  # its row in the list is marked


def test_article_markup_is_shown_as_text(page, server):
    page.evaluate(f"showEvent({server['hostile']!r})")
    page.wait_for_selector("mark.evidence:not(.other)")
    shown = page.text_content(".article-text")
    assert PAYLOAD in shown
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("#event-panel script, #event-panel img").count() == 0
    assert "<b>bold?</b>" in page.text_content(".report strong")


def test_timeline_has_axes_stacked_bars_and_a_brush_with_its_dates(page, server):
    assert page.locator("#timeline text.axis").count() >= 5  # y counts and date ticks
    fills = set(page.eval_on_selector_all("#timeline rect.bar", "rs => rs.map(r => r.getAttribute('fill'))"))
    assert len(fills) >= 2  # stacked by type, in the types' colours
    assert page.get_attribute("#timeline-svg", "data-bin") in ("month", "year")  # 2013-2024: not days
    box = page.locator("#timeline-svg").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 40, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3, y, steps=5)  # the 2013 end of 2013-2024
    page.mouse.up()
    wait_markers(page, "<", server["points"])
    assert page.input_value("input[name=date_from]").startswith("2013")
    assert 0 < markers(page) < server["points"]
    labels = page.eval_on_selector_all("#timeline .brush-label", "ts => ts.map(t => t.textContent)")
    assert labels == [page.input_value("input[name=date_from]"), page.input_value("input[name=date_to]")]
    assert page.locator("#timeline rect.brush").count() == 1
    page.select_option("#bin-select", "day")
    page.wait_for_function("document.getElementById('timeline-svg').dataset.bin === 'day'")


def test_stories_list_and_a_story_page(page, server):
    page.click("#side nav button[data-tab=stories]")
    page.wait_for_selector(".story")
    listed = page.text_content("#stories-panel")
    assert "[object" not in listed
    assert page.locator(".story").count() == server["stories"]
    assert all(t.strip() for t in page.eval_on_selector_all(".story-title", "ts => ts.map(t => t.textContent)"))
    page.click(f".story[data-story='{server['story']}']")
    page.wait_for_selector("h3.story-page")
    wait_markers(page, "==", server["story_points"])
    assert page.locator(".story-articles li").count() == len(server["story_articles"])
    assert page.is_visible("#story-chip") and f"story={server['story']}" in page.get_attribute("#dl-csv", "href")
    page.click(".story-events a >> nth=0")
    page.wait_for_selector("#event-panel h3")
    page.click("#story-chip button")
    wait_markers(page, "==", server["points"])


def test_event_list_sorts_and_is_synced_with_the_map(page, server):
    page.uncheck("#in-view")
    page.wait_for_function("Number(document.getElementById('event-table').dataset.rows) > 20")
    page.click("#event-table th[data-sort=fatalities]")
    page.wait_for_selector("#event-table th.sorted[data-sort=fatalities]")
    killed = [int(x) for x in page.eval_on_selector_all("#event-table tbody tr td:nth-child(5)",
                                                        "ts => ts.map(t => t.textContent)")]
    assert killed == sorted(killed, reverse=True) and killed[0] > 0
    page.click("#event-table th[data-sort=fatalities]")  # again: the other way
    page.wait_for_function("document.querySelector('#event-table th.sorted').textContent.includes('▲')")
    killed = [int(x) for x in page.eval_on_selector_all("#event-table tbody tr td:nth-child(5)",
                                                        "ts => ts.map(t => t.textContent)")]
    assert killed == sorted(killed)
    # a row opens its event and shows its marker ...
    row = page.locator("#event-table tbody tr").nth(3)
    event_id = row.get_attribute("data-id")
    row.click()
    page.wait_for_function(f"points.selected === {event_id!r}")
    page.wait_for_selector("#event-panel h3")
    assert page.evaluate(f"map.hasLayer(markerById.get({event_id!r})) || map.getZoom() >= 10")
    # ... and a marker opened on the map marks its row; with "in map view" the list follows the map
    page.check("#in-view")
    click_marker(page, server["ghab"])
    page.wait_for_selector(f"#event-table tr.selected[data-id='{server['ghab']}']")
    in_view = int(page.get_attribute("#event-table", "data-rows"))
    assert 0 < in_view < server["points"]


def test_low_confidence_events_are_distinct_and_hideable(page, server):
    assert server["unsure"] >= 1
    dashed = page.evaluate("[...markerById.values()].filter(m => m.options.dashArray).length")
    assert dashed == server["unsure"]
    assert "of low confidence" in page.text_content("#status")
    page.check("#hide-low")
    page.click("button[type=submit]")
    wait_markers(page, "==", server["points"] - server["unsure"])
    assert "min_confidence=0.5" in page.get_attribute("#dl-csv", "href")


def test_province_choropleth_toggle(page, server):
    page.wait_for_function("Number(document.getElementById('map').dataset.provinces) > 0")
    page.select_option("#choro-mode", "events")
    page.wait_for_function("document.getElementById('map').dataset.choropleth === 'events'")
    assert page.locator("#choro-legend div").count() >= 1
    shaded = page.evaluate("provinces.counts.size")
    assert shaded >= 3  # the seeds' events lie in several Syrian provinces
    page.select_option("#choro-mode", "off")
    page.wait_for_function("document.getElementById('map').dataset.choropleth === 'off'")


@pytest.fixture
def review_server(tmp_path):
    from conflictlens.api import background_server, create_app

    db = tmp_path / "review.db"
    src = tmp_path / "raid.jsonl"
    src.write_text(json.dumps(RAID) + "\n", encoding="utf-8")
    assert main(["ingest", str(src), "--db", str(db)]) == 0
    with background_server(create_app(db, token=TOKEN)) as url:
        yield {"url": url, "db": db, "src": src}


def test_a_correction_made_in_the_page_survives_reingest_and_is_in_the_csv(browser, review_server, request):
    ctx, pg = _open(browser, review_server["url"], request)
    try:
        pg.wait_for_selector("#event-table tbody tr")
        event_id = pg.get_attribute("#event-table tbody tr", "data-id")
        pg.click("#event-table tbody tr")
        pg.wait_for_selector("#review summary")
        pg.click("#review summary")
        pg.fill("#review input[name=reviewer]", "Tester")
        pg.fill("#review input[name=token]", TOKEN)
        pg.fill("#review input[name=fatalities]", "42")
        pg.fill("#review input[name=place]", "Maarat al-Num")  # the gazetteer answers as one types
        pg.wait_for_selector("#place-options option", state="attached")
        choice = pg.eval_on_selector("#place-options", "d => [...d.options].map(o => o.value)"
                                                        ".find(v => v.startsWith('Maarat al-Numaan'))")
        pg.fill("#review input[name=place]", choice)
        pg.click("#review button.correct")
        pg.wait_for_selector("#event-panel .badge.corrected")
        assert "Tester" in pg.text_content("#event-panel .badge.corrected")
        # ingest the article again, changed: its reports are rewritten and linked anew
        changed = RAID | {"text": RAID["text"] + " Rescue workers searched the rubble."}
        review_server["src"].write_text(json.dumps(changed) + "\n", encoding="utf-8")
        assert main(["ingest", str(review_server["src"]), "--db", str(review_server["db"])]) == 0
        with Store(review_server["db"]) as st:
            assert st.db.execute("SELECT text FROM articles").fetchone()[0].endswith("rubble.")
        pg.reload()
        pg.wait_for_function("Number(document.getElementById('map').dataset.markers) > 0")
        csv_text = pg.request.get(review_server["url"] + pg.get_attribute("#dl-csv", "href").lstrip("/")).text()
        (row,) = [r for r in csv.DictReader(io.StringIO(csv_text)) if r["event_id_cnty"] == event_id]
        assert row["fatalities"] == "42" and row["location"] == "Maarat al-Numaan" and row["admin1"] == "Idlib"
        assert row["reviewed"].startswith("corrected by Tester") and "fatalities (was" in row["reviewed"]
        pg.evaluate(f"showEvent({event_id!r})")
        pg.wait_for_selector("#event-panel .badge.corrected")
        assert "Maarat al-Numaan" in pg.text_content("#event-panel")
    finally:
        _close(ctx, pg, request)


def test_no_request_leaves_the_machine(browser, server, request):
    """Every request the page and /docs make goes to this server; anything else is refused and counted."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    seen, outside = [], []
    local = urlparse(server["url"]).netloc

    def route(r):
        seen.append(r.request.url)
        if urlparse(r.request.url).netloc == local or r.request.url.startswith("data:"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)
    pg = ctx.new_page()
    pg.set_default_timeout(20000)
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    try:
        pg.goto(server["url"])
        pg.wait_for_function("Number(document.getElementById('map').dataset.markers) > 0")
        pg.wait_for_function("Number(document.getElementById('map').dataset.labels) > 0")
        pg.evaluate(f"showEvent({server['ghab']!r})")
        pg.wait_for_selector("mark.evidence")
        pg.click("#side nav button[data-tab=stories]")
        pg.wait_for_selector(".story")
        pg.goto(server["url"] + "docs")
        pg.wait_for_selector(".swagger-ui .opblock", timeout=30000)  # Swagger UI drew the routes
        assert pg.locator(".swagger-ui .opblock").count() >= 10
    finally:
        _close(ctx, pg, request)
    assert len(seen) > 10 and outside == []
