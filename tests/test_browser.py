"""The web page in a real headless Chromium (Debian's, driven by Playwright), over the seeds.

`make test` installs Chromium when it is missing.  Each test saves a screenshot in
test-output/screenshots/ for a human to look at.  Without a browser the tests are skipped, except
in CI (CI=true), where a missing browser is a failure.
"""

from __future__ import annotations

import copy
import os
import shutil
from datetime import date

import pytest

from conflictlens import extract_text
from conflictlens.linking import Linker
from conflictlens.store import Store

from .conftest import ROOT

SHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM = next((p for p in (os.environ.get("CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser"))
                 if p), None)
PAYLOAD = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None

if (CHROMIUM is None or sync_playwright is None) and os.environ.get("CI"):
    raise RuntimeError("browser tests need Chromium and Playwright: run `make test`, which installs them")
pytestmark = pytest.mark.skipif(CHROMIUM is None or sync_playwright is None,
                                reason="Chromium or Playwright missing (make test installs them)")


@pytest.fixture(scope="module")
def server(seed_articles, tmp_path_factory):
    from conflictlens.api import background_server, create_app

    db = tmp_path_factory.mktemp("web") / "web.db"
    hostile = extract_text(f"Regime aircraft raided Douma on Thursday, killing at least six. {PAYLOAD} "
                           "The raid hit a market.", published=date(2015, 3, 8), article_id="hostile-1",
                           title="<b>bold?</b>")
    with Store(db) as st:
        linker = Linker(st)
        for a in [*seed_articles.values(), hostile]:
            linker.save(copy.deepcopy(a))
        n_points = sum(1 for e in st.canonical_events() if e.latitude is not None)
        hostile_event = next(e.event_id for e in st.canonical_events() if "hostile-1" in e.articles)
        ghab_event = next(e.event_id for e in st.canonical_events() if "Ghab" in e.location and len(e.articles) == 2)
    with background_server(create_app(db)) as url:
        yield {"url": url, "points": n_points, "hostile": hostile_event, "ghab": ghab_event}


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def page(browser, server, request):
    # the page's own Content-Security-Policy forbids eval, which Playwright's waits use; safety from
    # article markup must come from rendering it as text, which the hostile-article test checks
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    pg = ctx.new_page()
    pg.set_default_timeout(20000)  # no step waits longer: a stuck page fails instead of hanging CI
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(server["url"])
    pg.wait_for_function("Number(document.getElementById('map').dataset.markers) > 0", timeout=20000)
    yield pg
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{request.node.name}.png"))
    ctx.close()
    assert not errors, f"errors in the page: {errors}"


def markers(pg) -> int:
    return int(pg.eval_on_selector("#map", "e => e.dataset.markers"))


def test_page_shows_a_marker_per_seed_event(page, server):
    assert markers(page) == server["points"]
    assert page.locator(".marker-cluster, path.leaflet-interactive").count() > 0
    assert f"{server['points']} events match" in page.text_content("#status")


def test_filter_by_type_shows_fewer(page, server):
    page.select_option("#type-select", "Battles")
    page.click("button[type=submit]")
    page.wait_for_function(f"Number(document.getElementById('map').dataset.markers) < {server['points']}")
    assert 0 < markers(page) < server["points"]
    assert "type=Battles" in page.get_attribute("#dl-csv", "href")


def test_event_panel_highlights_the_evidence(page, server):
    page.fill("input[name=min_sources]", "2")
    page.click("button[type=submit]")
    page.wait_for_function(f"Number(document.getElementById('map').dataset.markers) < {server['points']}")
    assert page.evaluate(f"markerById.has({server['ghab']!r})")  # the merged Ghab event is among them
    x, y = page.evaluate("""id => new Promise((done, fail) => {
        const m = markerById.get(id);
        focusMarker(m);
        requestAnimationFrame(() => requestAnimationFrame(() => {
            if (!map.hasLayer(m)) return fail(new Error("the marker is still in a cluster"));
            const p = map.latLngToContainerPoint(m.getLatLng()), box = map.getContainer().getBoundingClientRect();
            done([box.left + p.x, box.top + p.y]);
        }));
    })""", server["ghab"])
    page.mouse.click(x, y)  # a real click on its marker
    page.wait_for_selector("mark.evidence:not(.other)")
    marked = page.eval_on_selector_all("mark.evidence:not(.other)", "ms => ms.map(m => m.textContent)")
    assert any("Ghab" in m for m in marked)
    assert page.locator(".report").count() == 2
    assert "Non-state actor overtakes territory" in page.text_content("#event-panel h3")


def test_article_markup_is_shown_as_text(page, server):
    page.evaluate(f"showEvent({server['hostile']!r})")
    page.wait_for_selector("mark.evidence:not(.other)")
    shown = page.text_content(".article-text")
    assert PAYLOAD in shown
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("#event-panel script, #event-panel img").count() == 0
    assert "<b>bold?</b>" in page.text_content(".report strong")


def test_dragging_on_the_timeline_selects_a_period(page, server):
    box = page.locator("#timeline-svg").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 5, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3, y, steps=5)  # the 2013 end of 2013-2024
    page.mouse.up()
    page.wait_for_function(f"Number(document.getElementById('map').dataset.markers) < {server['points']}")
    assert page.input_value("input[name=date_from]").startswith("2013")
    assert 0 < markers(page) < server["points"]
