"""The REST API: a thin FastAPI layer over ``Store`` and the pipeline (``create_app``).

Read-only unless a token is configured; then ``POST /api/articles`` with ``Authorization: Bearer
<token>`` adds articles (extracted, stored and merged as ``conflictlens ingest`` does) and ``PATCH
/api/events/{id}`` reviews an event (``review.py``).  A request the document rules out (a field of
the wrong type, a record without text or html) is refused whole with a 422 naming each bad record,
before anything is written; otherwise each record gets its own answer (stored, unchanged, or failed
and why).  Every error is JSON, ``{"error": "..."}``, with a status the OpenAPI document
(``/openapi.json``; interactive at ``/docs``, Swagger UI vendored: it loads nothing from the internet)
lists; the parameters are typed there as they are checked (``params.py``), and ``guard.py`` adds the
security headers, the Host check and the body limit.
"""

from __future__ import annotations

import io
import json
import threading
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Literal

from fastapi import Body, Depends, FastAPI, HTTPException, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, model_validator

from .. import __version__
from ..errors import InputError
from ..store import EventQuery, Store
from .guard import (
    AUTH_RESPONSES,
    ERROR_RESPONSES,
    NOT_FOUND,
    ErrorBody,
    Guard,
    allowed_hosts,
    install_error_handlers,
    token_check,
)
from .params import Period, Split, event_filters, report_filters

EXPORT_TYPES = {"acled-csv": "text/csv; charset=utf-8", "geojson": "application/geo+json",
                "jsonl": "application/x-ndjson"}
ExportFormat = Literal[tuple(EXPORT_TYPES)]  # type: ignore[valid-type]
MAX_POST_RECORDS = 1000  # records one request may add (a batch larger than this is for `ingest`)


def _json(payload) -> Response:
    """JSON without FastAPI's per-field encoder: event lists are large and already plain data."""
    return Response(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), media_type="application/json")


Text = Annotated[StrictStr, Field(pattern=r"\S")]


class ArticleIn(BaseModel):
    """A posted article: the fields of a JSONL record; ``text`` or ``html`` is needed."""

    model_config = ConfigDict(json_schema_extra={"anyOf": [
        {"required": ["text"], "properties": {"text": {"type": "string", "pattern": r"\S"}}},
        {"required": ["html"], "properties": {"html": {"type": "string", "pattern": r"\S"}}}]})

    id: StrictStr | StrictInt | None = Field(None, description="the article's id (default: from its url or text)")
    title: StrictStr | None = None
    text: Text | None = Field(None, description="the article's text")
    html: Text | None = Field(None, description="an HTML page, its main text read by trafilatura")
    url: StrictStr | None = None
    source: StrictStr | None = Field(None, description="the outlet")
    published: StrictStr | None = Field(None, description="publication date, YYYY-MM-DD; a record whose date "
                                                          "cannot be read fails on its own")

    @model_validator(mode="after")
    def _has_text(self):
        if not (self.text or self.html):
            raise ValueError("a record needs 'text' or 'html'")
        return self


Records = Annotated[list[ArticleIn], Field(min_length=1, max_length=MAX_POST_RECORDS)] | ArticleIn


class RecordResult(BaseModel):
    """One record's outcome: its article (new, updated, unchanged), or why it failed."""

    record: int = Field(description="its place in the request, from 0")
    status: Literal["new", "updated", "unchanged", "failed"]
    article_id: str | None = Field(None, description="the stored article's id (not for a failed record)")
    events: int | None = Field(None, description="reports written")
    error: str | None = Field(None, description="why a failed record was not stored")


class AddResults(BaseModel):
    results: list[RecordResult]


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


def create_app(db: str | Path, token: str | None = None, pipeline=None, host: str | None = None,
               extra_hosts=()) -> FastAPI:
    """The API over the database at ``db``; ``token`` enables adding articles over HTTP.  Requests
    are answered for this machine's names, ``host`` (the address served on) and ``extra_hosts``
    ("*": any)."""
    db = str(db)
    with Store(db):  # fail now, with the path in the message, if the database cannot be opened
        pass
    local = threading.local()

    def store() -> Store:
        if getattr(local, "store", None) is None:
            local.store = Store(db)  # one connection per worker thread (SQLite connections are per thread)
        local.store.fresh()  # another process may have written since
        return local.store

    app = FastAPI(title="conflictlens", version=__version__, responses=ERROR_RESPONSES, docs_url=None, redoc_url=None,
                  description="Conflict events extracted from news, merged across sources, with their evidence. "
                              "Every error is {\"error\": \"...\"}.")
    install_error_handlers(app)
    app.add_middleware(Guard, hosts=allowed_hosts(host, extra_hosts))
    require_token = token_check(token)
    from ..web.places import default_place_index

    place_index = default_place_index()
    # read the gazetteer for labels and the review form while the page loads, not on its first request
    threading.Thread(target=place_index.warm, daemon=True).start()

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

    @app.get("/api/events", summary="Canonical events (merged across sources), filtered, sorted and paged",
             responses=_link(200, "FirstEvent", "get_event", "event_id", "/items/0/event_id"))
    def events(query: EventQuery = Depends(event_filters)):
        st = store()
        return _json({"total": st.count_canonical(query), "limit": query.limit, "offset": query.offset,
                      "items": [e.to_dict() for e in st.canonical_events(query)]})

    @app.get("/api/events/{event_id}", summary="One event with every source's values, evidence and disagreements",
             responses=NOT_FOUND, operation_id="get_event")
    def event(event_id: str):
        found = store().event_with_sources(event_id)
        if found is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return _json(found)

    @app.get("/api/reports", summary="Per-source reports (each article's events), filtered and paged")
    def reports(query: EventQuery = Depends(report_filters)):
        return _json({"limit": query.limit, "offset": query.offset, "items": [e.to_dict() for e in store().events(query)]})

    @app.get("/api/stories", summary="Stories: articles grouped by the offensive or campaign they cover",
             responses=_link(200, "FirstStory", "get_story", "story_id", "/items/0/story_id"))
    def stories(limit: int = Query(500, ge=1, le=10000)):
        return _json({"items": [s.to_dict() for s in store().stories(limit=limit)]})

    @app.get("/api/stories/{story_id}", summary="One story with its articles and events", responses=NOT_FOUND,
             operation_id="get_story")
    def story(story_id: str):
        st = store()
        s = st.story(story_id)
        if s is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return _json(s.to_dict() | {"event_items": [c.to_dict() for c in st.canonical_events_by_id(s.events)],
                                    "article_items": st.article_summaries(s.articles)})

    @app.get("/api/articles/{article_id}", summary="An article's cleaned text with the evidence spans of its events",
             responses=NOT_FOUND, operation_id="get_article")
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
    def counts(by: Period = Query("day", description="count per day, or per ISO week (its Monday)"),
               split: Split | None = Query(None, description="count each value of this column apart"),
               query: EventQuery = Depends(event_filters)):
        where, args = Store._where(query, canonical=True)
        return {"by": by, "split": split, "items": store().event_counts(where, args, by, split)}

    @app.get("/api/export", summary="The filtered events as ACLED-style CSV, GeoJSON or JSON lines",
             response_class=Response, responses={200: {"description": "the selection as a file", "content": {
                 "text/csv": {"schema": {"type": "string"}}, "application/x-ndjson": {"schema": {"type": "string"}},
                 "application/geo+json": {"schema": {"type": "object", "required": ["type", "features"], "properties": {
                     "type": {"const": "FeatureCollection"}, "features": {"type": "array"}}}}}}})
    def export(format: ExportFormat = Query("acled-csv", description="the file format"),
               per_source: bool = Query(False, description="each source's report instead of canonical events"),
               query: EventQuery = Depends(event_filters)):
        from ..exporters import EXPORTERS

        st = store()
        full = replace(query, limit=None, offset=0)  # an export is the whole selection, not one page
        items = st.events(replace(full, sort="event_date" if full.sort.lstrip("-") == "n_sources" else full.sort)) \
            if per_source else st.canonical_events(full)
        buf = io.StringIO()
        EXPORTERS[format](items, buf)
        ext = {"acled-csv": "csv", "geojson": "geojson", "jsonl": "jsonl"}[format]
        return Response(buf.getvalue(), media_type=EXPORT_TYPES[format],
                        headers={"Content-Disposition": f'attachment; filename="conflictlens-events.{ext}"'})

    @app.post("/api/articles", summary="Add articles (only when the server has a token; send it as a Bearer token)",
              response_model=AddResults, response_model_exclude_none=True, dependencies=[Depends(require_token)],
              responses=AUTH_RESPONSES | {503: {"model": ErrorBody, "description": "the database stayed locked"},
                                          **_link(200, "StoredArticle", "get_article", "article_id",
                                                  "/results/0/article_id")})
    def add_articles(records: Records = Body(description=f"one record or a list of at most {MAX_POST_RECORDS}")):
        return {"results": _add(store(), pipeline, records if isinstance(records, list) else [records])}

    from .review import add_review_routes

    add_review_routes(app, store, require_token, place_index)
    return app


def _link(status: int, name: str, operation: str, parameter: str, pointer: str) -> dict:
    """A response's OpenAPI link: where in its body the id another operation takes is found."""
    return {status: {"description": "Successful Response", "links": {name: {
        "operationId": operation, "parameters": {parameter: f"$response.body#{pointer}"}}}}}


def _add(st: Store, pipeline, records: list[ArticleIn]) -> list[dict]:
    """Each record read, extracted, stored and linked, with its own answer; one that fails (a date
    that cannot be read, HTML without main text, a stage failing or over its time budget) does not
    stop the others."""
    from .. import default_pipeline
    from ..errors import StageError, StoreError
    from ..linking import Linker
    from ..readers import record_to_article

    pipe = pipeline or default_pipeline()
    linker = Linker(st, pipe.context.actors)
    results = []
    for n, rec in enumerate(records):
        where = f"request record {n}"
        try:
            res = linker.save(pipe(record_to_article(rec.model_dump(), where)))
            results.append({"record": n, "article_id": res.article_id, "status": res.status, "events": res.events})
        except (InputError, StageError) as exc:
            results.append({"record": n, "status": "failed", "error": str(exc)})
        except StoreError as exc:
            if not exc.per_record:
                raise
            results.append({"record": n, "status": "failed", "error": str(exc)})
    return results


