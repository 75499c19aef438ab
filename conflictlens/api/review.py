"""The review loop over HTTP: ``PATCH /api/events/{id}`` confirms, rejects or corrects an event
(write token required), ``GET /api/corrections`` lists the reviews, and the places the review form
and the map need (``/api/gazetteer``, ``/api/labels``)."""

from __future__ import annotations

from typing import Literal

from fastapi import Depends, FastAPI, HTTPException, Query
from pydantic import BaseModel, ConfigDict, Field

from ..store import Correction
from ..web.places import LABELS_PER_VIEW, SEARCH_RESULTS, PlaceIndex


class EventReview(BaseModel):
    """A review of one event: what the analyst says about it."""

    model_config = ConfigDict(extra="forbid")

    reviewer: str = Field(min_length=1, max_length=120, description="who reviews (a name or initials)")
    status: Literal["confirmed", "corrected", "rejected"] | None = Field(
        None, description="confirmed: right as coded; rejected: not an event; corrected (the default when "
                          "fields are given): the fields below replace the coded ones")
    fields: dict[str, str | int | float] = Field(
        default_factory=dict, description="event_type, sub_event_type, event_date, actor1, actor2, fatalities, "
                                          "location, admin1, admin2, country, iso, latitude, longitude, geo_precision")
    place_id: str | None = Field(None, description="a gazetteer id (from /api/gazetteer): sets the place fields")
    note: str = Field("", max_length=2000)


def add_review_routes(app: FastAPI, store, require_token, places: PlaceIndex) -> None:
    @app.patch("/api/events/{event_id}", summary="Review an event: confirm, reject or correct its fields "
                                                  "(needs the write token, as a Bearer token)")
    def review_event(event_id: str, body: EventReview, _auth: None = Depends(require_token)):
        fields = dict(body.fields)
        if body.place_id:
            place = places.place(body.place_id)
            if place is None:
                raise HTTPException(400, f"no place {body.place_id!r} in the gazetteer; find one with /api/gazetteer")
            fields = {k: place[k] for k in ("location", "admin1", "admin2", "country", "iso", "latitude",
                                            "longitude", "geo_precision")} | fields
        status = body.status or ("corrected" if fields else "confirmed")
        if status == "confirmed" and fields:
            status = "corrected"
        st = store()
        if st.resolve_canonical(event_id) is None:
            raise HTTPException(404, f"no event {event_id!r}")
        saved = st.save_correction(Correction(event_id, status, body.reviewer, fields, body.note))
        found = st.event_with_sources(saved.event_id)
        return {"correction": saved.to_dict(), "event": found["event"] if found else None}

    @app.get("/api/corrections", summary="Every review made (oldest first): who, when, what")
    def corrections():
        return {"items": [c.to_dict() for c in store().corrections()]}

    @app.get("/api/gazetteer", summary="Places whose name starts with q (for correcting an event's place)")
    def gazetteer(q: str = Query(..., min_length=1, description="the start of a place name"),
                  country: str | None = Query(None, description="ISO 3166 alpha-2 code, e.g. SY"),
                  limit: int = Query(SEARCH_RESULTS, ge=1, le=100)):
        return {"items": places.search(q, country, limit)}

    @app.get("/api/labels", summary="Town labels for the map: the largest places in a box "
                                    "[name, lat, lon, population]")
    def labels(bbox: str = Query(..., description="west,south,east,north in degrees"),
               limit: int = Query(LABELS_PER_VIEW, ge=1, le=500)):
        from . import _bbox

        west, south, east, north = _bbox(bbox)
        return {"items": places.labels(west, south, east, north, limit)}
