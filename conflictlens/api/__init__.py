"""The REST API: a thin FastAPI layer over ``Store`` and the pipeline (``create_app``).

Read-only unless a token is configured; then ``POST /api/articles`` with ``Authorization: Bearer
<token>`` adds articles (extracted, stored and merged as ``conflictlens ingest`` does) and ``PATCH
/api/events/{id}`` reviews an event (``review.py``).  Every error is JSON: ``{"error": "<what went
wrong>"}``.  The OpenAPI document is at ``/openapi.json`` and the interactive one at ``/docs``
(Swagger UI, vendored: it loads nothing from the internet).
"""

from __future__ import annotations

import hmac
import io
import json
import threading
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

from .. import __version__
from ..errors import ConflictLensError
from ..store import SORTABLE, EventQuery, Store
from ..store.views import PERIODS, SPLITS

MAX_PAGE = 1000  # largest page of events one request returns
DEFAULT_PAGE = 100
EXPORT_TYPES = {"acled-csv": "text/csv; charset=utf-8", "geojson": "application/geo+json",
                "jsonl": "application/x-ndjson"}


def _json(payload) -> Response:
    """JSON without FastAPI's per-field encoder: event lists are large and already plain data."""
    return Response(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), media_type="application/json")


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    try:
        west, south, east, north = (float(x) for x in value.split(","))
    except ValueError:
        raise HTTPException(400, f"bbox must be four numbers west,south,east,north; got {value!r}") from None
    if not (-90 <= south <= north <= 90 and -180 <= west <= 180 and -180 <= east <= 180):
        raise HTTPException(400, f"bbox {value!r} is not west,south,east,north in degrees")
    return west, south, east, north


def event_filters(date_from: date | None = Query(None, description="first event date, YYYY-MM-DD"),
                  date_to: date | None = Query(None, description="last event date, YYYY-MM-DD"),
                  type: str | None = Query(None, description="ACLED event type, e.g. Battles"),
                  sub_type: str | None = Query(None, description="ACLED sub-event type, e.g. Armed clash"),
                  actor: str | None = Query(None, description="text in any actor"),
                  country: str | None = Query(None, description="country name or ISO numeric code"),
                  admin1: str | None = Query(None, description="text in admin1"),
                  bbox: str | None = Query(None, description="west,south,east,north in degrees"),
                  q: str | None = Query(None, description="text in the evidence, location or actors"),
                  min_sources: int | None = Query(None, ge=1, description="events reported by at least N sources"),
                  min_confidence: float | None = Query(None, ge=0, le=1,
                                                       description="events extracted with at least this confidence"),
                  include_rejected: bool = Query(False, description="also the events an analyst rejected"),
                  story: str | None = Query(None, description="the events of one story (a story id)"),
                  sort: str = Query("event_date", description=f"one of {', '.join(SORTABLE)}; '-' first reverses"),
                  limit: int = Query(DEFAULT_PAGE, ge=1, le=MAX_PAGE),
                  offset: int = Query(0, ge=0)) -> EventQuery:
    # the store refuses an unknown sort (StoreError: a 400 with its message)
    return EventQuery(date_from=date_from, date_to=date_to, event_type=type, sub_event_type=sub_type, actor=actor,
                      admin1=admin1, country=country, text=q, bbox=_bbox(bbox), min_sources=min_sources,
                      min_confidence=min_confidence, include_rejected=include_rejected, story_id=story, sort=sort, limit=limit,
                      offset=offset)


@contextmanager
def background_server(app: FastAPI, host: str = "127.0.0.1"):
    """Serve ``app`` with uvicorn on a free port in a thread (tests, benchmarks); yields the base URL."""
    import socket
    import time

    import uvicorn

    with socket.socket() as s:
        s.bind((host, 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"the server did not start on {host}:{port}")
        time.sleep(0.05)
    try:
        yield f"http://{host}:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=5)


def create_app(db: str | Path, token: str | None = None, pipeline=None) -> FastAPI:
    """The API over the database at ``db``; ``token`` enables adding articles over HTTP."""
    db = str(db)
    with Store(db):  # fail now, with the path in the message, if the database cannot be opened
        pass
    local = threading.local()

    def store() -> Store:
        if getattr(local, "store", None) is None:
            local.store = Store(db)  # one connection per worker thread (SQLite connections are per thread)
        return local.store

    app = FastAPI(title="conflictlens", version=__version__, docs_url=None, redoc_url=None,
                  description="Conflict events extracted from news, merged across sources, with their evidence.")
    from ..web.places import default_place_index

    place_index = default_place_index()
    # read the gazetteer for labels and the review form while the page loads, not on its first request
    threading.Thread(target=place_index.warm, daemon=True).start()

    def require_token(authorization: str | None = Header(None)) -> None:
        """Writes need the server's token: 403 when it has none, 401 when the request lacks it."""
        if not token:
            raise HTTPException(403, "writing is disabled: start the server with --token (or CONFLICTLENS_TOKEN) "
                                     "to allow adding articles and reviewing events")
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "missing or wrong token: send 'Authorization: Bearer <token>'")

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException):
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
        return JSONResponse({"error": f"bad request: {problems}"}, status_code=422)

    @app.exception_handler(ConflictLensError)
    async def library_error(_request: Request, exc: ConflictLensError):
        return JSONResponse({"error": str(exc)}, status_code=400)

    from fastapi.responses import FileResponse
    from fastapi.staticfiles import StaticFiles

    from ..web import STATIC

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def page():
        return FileResponse(STATIC / "index.html")

    @app.get("/docs", include_in_schema=False)
    def docs():  # Swagger UI from static/vendor, started by static/docs.js: nothing from the internet
        return FileResponse(STATIC / "docs.html")

    @app.get("/api/health", summary="Database counts; answers while the server is up")
    def health():
        return {"ok": True, "version": __version__, "counts": store().counts(), "writable": bool(token)}

    @app.get("/api/events", summary="Canonical events (merged across sources), filtered, sorted and paged")
    def events(query: EventQuery = Depends(event_filters)):
        st = store()
        return _json({"total": st.count_canonical(query), "limit": query.limit, "offset": query.offset,
                      "items": [e.to_dict() for e in st.canonical_events(query)]})

    @app.get("/api/events/{event_id}", summary="One event with every source's values, evidence and disagreements")
    def event(event_id: str):
        found = store().event_with_sources(event_id)
        if found is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return _json(found)

    @app.get("/api/reports", summary="Per-source reports (each article's events), filtered and paged")
    def reports(query: EventQuery = Depends(event_filters)):
        return _json({"limit": query.limit, "offset": query.offset, "items": [e.to_dict() for e in store().events(query)]})

    @app.get("/api/stories", summary="Stories: articles grouped by the offensive or campaign they cover")
    def stories(limit: int = Query(500, ge=1, le=10000)):
        return _json({"items": [s.to_dict() for s in store().stories(limit=limit)]})

    @app.get("/api/stories/{story_id}", summary="One story with its articles and events")
    def story(story_id: str):
        st = store()
        s = st.story(story_id)
        if s is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return _json(s.to_dict() | {"event_items": [c.to_dict() for c in st.canonical_events_by_id(s.events)],
                                    "article_items": st.article_summaries(s.articles)})

    @app.get("/api/articles/{article_id}", summary="An article's cleaned text with the evidence spans of its events")
    def article(article_id: str):
        a = store().article(article_id)
        if a is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return _json(a)

    @app.get("/api/actors", summary="Actors with the number of events they take part in; unknown=true: the groups "
                                    "the actor base lacks, with the number of reports and sample sentences")
    def actors(limit: int = Query(500, ge=1, le=10000), unknown: bool = Query(False)):
        if unknown:
            from ..knowledge.actors import default_actor_base
            from ..store.unknown import unknown_actors

            return {"items": unknown_actors(store(), default_actor_base(), limit=limit)}
        return {"items": store().actor_counts(limit)}

    @app.get("/api/places", summary="Places with the number of events there (event filters apply)")
    def places(query: EventQuery = Depends(event_filters)):
        where, args = Store._where(query, canonical=True)
        return {"items": store().place_counts(where, args, limit=query.limit)}

    @app.get("/api/points", summary="Map points for the filtered events: id, lat, lon, type, date, sources, "
                                    "fatalities, confidence, review status")
    def points(query: EventQuery = Depends(event_filters),
               max_points: int = Query(50000, ge=1, le=200000, description="at most this many, newest first")):
        where, args = Store._where(query, canonical=True)
        st = store()
        return _json({"total": st.count_canonical(query), "items": st.points(where, args, max_points)})

    @app.get("/api/counts", summary="Events per day or week, optionally split by type or area (event filters apply)")
    def counts(by: str = Query("day", description=f"one of {', '.join(PERIODS)}"),
               split: str | None = Query(None, description=f"one of {', '.join(SPLITS)}"),
               query: EventQuery = Depends(event_filters)):
        where, args = Store._where(query, canonical=True)
        try:
            return {"by": by, "split": split, "items": store().event_counts(where, args, by, split)}
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from None

    @app.get("/api/export", summary="The filtered events as ACLED-style CSV, GeoJSON or JSON lines")
    def export(format: str = Query("acled-csv", description=f"one of {', '.join(EXPORT_TYPES)}"),
               per_source: bool = Query(False, description="each source's report instead of canonical events"),
               query: EventQuery = Depends(event_filters)):
        from ..exporters import EXPORTERS

        if format not in EXPORT_TYPES:
            raise HTTPException(400, f"unknown format {format!r}; use one of {', '.join(EXPORT_TYPES)}")
        st = store()
        # an export is the whole selection, not one page
        from dataclasses import replace

        full = replace(query, limit=None, offset=0)
        items = st.events(full) if per_source else st.canonical_events(full)
        buf = io.StringIO()
        EXPORTERS[format](items, buf)
        ext = {"acled-csv": "csv", "geojson": "geojson", "jsonl": "jsonl"}[format]
        return Response(buf.getvalue(), media_type=EXPORT_TYPES[format],
                        headers={"Content-Disposition": f'attachment; filename="conflictlens-events.{ext}"'})

    @app.post("/api/articles", summary="Add articles (only when the server has a token; send it as a Bearer token)")
    def add_articles(records: list[dict] | dict, _auth: None = Depends(require_token)):
        from .. import default_pipeline
        from ..linking import Linker
        from ..readers import record_to_article

        pipe = pipeline or default_pipeline()
        st = store()
        results = []
        for n, rec in enumerate(records if isinstance(records, list) else [records]):
            try:
                art = record_to_article(rec, f"request record {n}")
                res = Linker(st, pipe.context.actors).save(pipe(art))
                results.append({"article_id": res.article_id, "status": res.status, "events": res.events})
            except ConflictLensError as exc:
                results.append({"record": n, "status": "failed", "error": str(exc)})
        return {"results": results}

    from .review import add_review_routes

    add_review_routes(app, store, require_token, place_index)
    return app
