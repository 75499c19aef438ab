"""The review loop over HTTP: ``PATCH /api/events/{id}`` confirms, rejects or corrects an event
(write token required), ``GET /api/corrections`` lists the reviews, and the places the review form
and the map need (``/api/gazetteer``, ``/api/labels``)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, FastAPI, HTTPException, Query
from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from ..gold import SUB_EVENT_TYPES
from ..store import Correction
from ..web.places import LABELS_PER_VIEW, SEARCH_RESULTS, PlaceIndex
from .guard import AUTH_RESPONSES, ErrorBody
from .params import BBOX_PATTERN, IsoDate, bbox_of

SubEventType = Literal[tuple(SUB_EVENT_TYPES)]  # type: ignore[valid-type]
Text = Annotated[str, Field(min_length=1, max_length=300, pattern=r"\S")]


class ReviewFields(BaseModel):
    """The fields a review corrects (the event type follows from the sub-event type)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "dependentRequired": {"latitude": ["longitude"], "longitude": ["latitude"]}})

    sub_event_type: SubEventType | None = None
    event_date: IsoDate | None = Field(None, description="YYYY-MM-DD")
    actor1: Text | None = None
    actor2: Annotated[str, Field(max_length=300)] | None = Field(None, description="empty: no second actor")
    fatalities: int | None = Field(None, ge=0, le=10_000_000)
    location: Text | None = None
    admin1: Annotated[str, Field(max_length=300)] | None = None
    admin2: Annotated[str, Field(max_length=300)] | None = None
    country: Text | None = None
    iso: Annotated[str, Field(max_length=8)] | None = Field(None, description="ISO 3166 numeric code")
    # (not null: the pair is given together or not at all)
    latitude: Annotated[float, Field(ge=-90, le=90)] | SkipJsonSchema[None] = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | SkipJsonSchema[None] = None
    geo_precision: int | None = Field(None, ge=1, le=3)

    @model_validator(mode="after")
    def _both_coordinates(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("a place correction gives both latitude and longitude")
        return self

    def changed(self) -> dict:
        out = self.model_dump(exclude_none=True)
        if "event_date" in out:
            out["event_date"] = out["event_date"].isoformat()
        return out


class EventReview(BaseModel):
    """A review of one event: what the analyst says about it."""

    model_config = ConfigDict(extra="forbid")

    reviewer: str = Field(min_length=1, max_length=120, pattern=r"\S", description="who reviews (a name or initials)")
    status: Literal["confirmed", "corrected", "rejected"] | None = Field(
        None, description="confirmed: right as coded; rejected: not an event; corrected (the default when "
                          "fields are given): the fields below replace the coded ones")
    fields: ReviewFields = Field(default_factory=ReviewFields, description="the corrected values")
    place_id: str | None = Field(None, description="a gazetteer id (from /api/gazetteer): sets the place fields")
    note: str = Field("", max_length=2000)


def add_review_routes(app: FastAPI, store, require_token, places: PlaceIndex) -> None:
    @app.patch("/api/events/{event_id}", summary="Review an event: confirm, reject or correct its fields "
                                                  "(needs the write token, as a Bearer token)",
               responses=AUTH_RESPONSES | {404: {"model": ErrorBody, "description": "no such event, or no such place_id"}})
    def review_event(event_id: str, body: EventReview, _auth: None = Depends(require_token)):
        st = store()
        if st.resolve_canonical(event_id) is None:
            raise HTTPException(404, f"no event {event_id!r}")
        fields = body.fields.changed()
        if body.place_id:
            place = places.place(body.place_id)
            if place is None:
                raise HTTPException(404, f"no place {body.place_id!r} in the gazetteer; find one with /api/gazetteer")
            fields = {k: place[k] for k in ("location", "admin1", "admin2", "country", "iso", "latitude",
                                            "longitude", "geo_precision")} | fields
        status = body.status or ("corrected" if fields else "confirmed")
        if status == "confirmed" and fields:
            status = "corrected"
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
    def labels(bbox: str = Query(..., pattern=BBOX_PATTERN, description="west,south,east,north in degrees"),
               limit: int = Query(LABELS_PER_VIEW, ge=1, le=500)):
        west, south, east, north = bbox_of(bbox)
        return {"items": places.labels(west, south, east, north, limit)}
