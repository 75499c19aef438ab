"""The API's query parameters, typed so that the OpenAPI document says exactly what is accepted.

Everything the document allows is answered (a box whose south lies above its north holds no
events, it is not an error), and everything it rules out is refused with a 422 before the store
is asked: dates only as YYYY-MM-DD (pydantic alone would read "0" as 1970-01-01), integers within
what SQLite can hold, the sort keys and counting periods as enumerations.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from fastapi import Depends, Query
from pydantic import BeforeValidator

from ..store import SORTABLE, EventQuery
from ..store.views import PERIODS, SPLITS

MAX_PAGE = 1000  # largest page of events one request returns
DEFAULT_PAGE = 100
# Offsets and source counts beyond these select nothing in any database; bounded, because an
# integer past SQLite's 64 bits cannot even be asked.
MAX_OFFSET = 1_000_000_000
MAX_SOURCES = 1_000_000

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER = r"-?[0-9]{1,3}(\.[0-9]{1,12})?"
BBOX_PATTERN = f"^{_NUMBER},{_NUMBER},{_NUMBER},{_NUMBER}$"


def _iso_date(value):
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]

# "event_date", "-event_date", ...: the sort keys, each either way; reports have no n_sources
EventSort = Literal[tuple(k for key in SORTABLE for k in (key, "-" + key))]  # type: ignore[valid-type]
ReportSort = Literal[tuple(k for key in SORTABLE if key != "n_sources" for k in (key, "-" + key))]  # type: ignore[valid-type]


def bbox_of(value: str | None) -> tuple[float, float, float, float] | None:
    """west,south,east,north (the pattern has checked the numbers); west above east crosses the
    antimeridian, south above north holds nothing."""
    if not value:
        return None
    west, south, east, north = (float(x) for x in value.split(","))
    return west, south, east, north


def _filters(date_from: IsoDate | None = Query(None, description="first event date, YYYY-MM-DD"),
             date_to: IsoDate | None = Query(None, description="last event date, YYYY-MM-DD"),
             type: str | None = Query(None, description="ACLED event type, e.g. Battles"),
             sub_type: str | None = Query(None, description="ACLED sub-event type, e.g. Armed clash"),
             actor: str | None = Query(None, description="text in any actor (% and _ are literal)"),
             country: str | None = Query(None, description="country name or ISO numeric code"),
             admin1: str | None = Query(None, description="text in admin1 (% and _ are literal)"),
             bbox: str | None = Query(None, pattern=BBOX_PATTERN,
                                      description="west,south,east,north in degrees; west above east crosses "
                                                  "the antimeridian, south above north holds nothing"),
             q: str | None = Query(None, description="text in the evidence, location or actors"),
             min_sources: int | None = Query(None, ge=1, le=MAX_SOURCES, description="events reported by at least N sources"),
             min_confidence: float | None = Query(None, ge=0, le=1,
                                                  description="events extracted with at least this confidence"),
             include_rejected: bool = Query(False, description="also the events an analyst rejected"),
             story: str | None = Query(None, description="the events of one story (a story id)"),
             limit: int = Query(DEFAULT_PAGE, ge=1, le=MAX_PAGE),
             offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> dict:
    return dict(date_from=date_from, date_to=date_to, event_type=type, sub_event_type=sub_type, actor=actor,
                admin1=admin1, country=country, text=q, bbox=bbox_of(bbox), min_sources=min_sources,
                min_confidence=min_confidence, include_rejected=include_rejected, story_id=story, limit=limit,
                offset=offset)


def event_filters(f: dict = Depends(_filters),
                  sort: EventSort = Query("event_date", description="a column to sort by (n_sources: how many "
                                                                     "outlets); '-' first reverses")) -> EventQuery:
    return EventQuery(**f, sort=sort)


def report_filters(f: dict = Depends(_filters),
                   sort: ReportSort = Query("event_date", description="a column to sort by; '-' first reverses")) -> EventQuery:
    return EventQuery(**f, sort=sort)


Period = Literal[tuple(PERIODS)]  # type: ignore[valid-type]
Split = Literal[SPLITS]  # type: ignore[valid-type]
