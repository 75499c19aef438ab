"""Pipeline records.

One ``Article`` flows through the stages; each stage fills in its own fields
(``text`` by ``clean``, ``sentences`` by ``sentences``, ``mentions`` by the
mention stages, ``events`` and ``statistics`` by ``events``).  Storage rows live
in ``conflictlens.store`` and API schemas in ``conflictlens.api``; these are the
in-memory types only.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any


def content_id(*parts: str, prefix: str = "", length: int = 16) -> str:
    """Deterministic id from content: the same input always gets the same id."""
    h = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]
    return f"{prefix}{h}"


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def json_copy(v):
    """A copy of nested lists and dicts of plain values (what a canonical event's extras hold)."""
    if isinstance(v, list):
        return [json_copy(x) for x in v]
    if isinstance(v, dict):
        return {k: json_copy(x) for k, x in v.items()}
    return v


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str
    background: bool = False  # context/history, not news (set by the events stage)


@dataclass(slots=True)
class Mention:
    """A span of the cleaned text that names an actor, place, date or figure."""

    kind: str  # "actor" | "place" | "date" | "figure"
    start: int
    end: int
    text: str
    sentence: int  # index into Article.sentences
    value: Any = None  # kind-specific resolution (see the stage that makes it)


@dataclass(slots=True)
class Evidence:
    article_id: str
    start: int
    end: int
    text: str
    field: str = "event"  # which field this span supports

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "start": self.start, "end": self.end, "text": self.text,
                "field": self.field}


@dataclass(slots=True)
class Figure:
    """A reported count: killed, injured or displaced."""

    kind: str  # "killed" | "injured" | "displaced"
    value: int
    reported: str  # the words used ("at least 26", "dozens")
    source: str | None = None  # who reported it, e.g. "Syrian Observatory for Human Rights"
    evidence: Evidence | None = None
    part: bool = False  # a count of some of the dead ("nine of those killed were civilians"), not all

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value, "reported": self.reported, "source": self.source,
                "evidence": self.evidence.to_dict() if self.evidence else None, "part": self.part}


@dataclass(slots=True)
class Event:
    """One event in ACLED's coding, with dates as ranges and its evidence."""

    event_id: str
    article_id: str
    event_date: date | None
    date_min: date | None
    date_max: date | None
    time_precision: int  # ACLED: 1 day, 2 week/few days, 3 month or longer
    event_type: str
    sub_event_type: str
    actor1: str = ""
    assoc_actor_1: str = ""
    actor2: str = ""
    assoc_actor_2: str = ""
    inter1: int = 0
    inter2: int = 0
    country: str = ""
    iso: str = ""
    admin1: str = ""
    admin2: str = ""
    location: str = ""
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int = 0  # ACLED: 1 town, 2 near/part of region, 3 region/province; 0 unknown
    fatalities: int = 0
    figures: list[Figure] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    source: str = ""  # outlet
    confidence: float = 0.0  # how likely an ACLED coder would code this event so (pipeline/confidence.py)
    main: bool = False  # the article's main event: the one its headline and lead report (listed first)
    rule: str = ""  # the event rules that decided its type, "+"-joined ids (knowledge/data/event_rules.yaml)
    canonical_id: str = ""  # filled in when read from a store: the canonical event this report supports

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (dates as ISO strings); written out field by field because the API
        converts thousands of events and ``dataclasses.asdict`` is several times slower."""
        names = _FIELD_NAMES.get(type(self)) or _FIELD_NAMES.setdefault(type(self), tuple(f.name for f in fields(self)))
        d = {k: getattr(self, k) for k in names}
        for k in ("event_date", "date_min", "date_max"):
            d[k] = d[k].isoformat() if d[k] else None
        d["figures"] = [f.to_dict() for f in self.figures]
        d["evidence"] = [e.to_dict() for e in self.evidence]
        for k, v in d.items():
            if isinstance(v, (list, dict)) and k not in ("figures", "evidence"):
                d[k] = json_copy(v)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Event":
        d = dict(d)
        for k in ("event_date", "date_min", "date_max"):
            d[k] = date.fromisoformat(d[k]) if d.get(k) else None
        figs = []
        for f in d.get("figures") or []:
            f = dict(f)
            ev = f.get("evidence")
            f["evidence"] = Evidence(**ev) if ev else None
            figs.append(Figure(**f))
        d["figures"] = figs
        d["evidence"] = [Evidence(**e) for e in d.get("evidence") or []]
        return cls(**d)


@dataclass(slots=True)
class Link:
    """Two reports (events from different articles) that may be one event; ``a < b``."""

    a: str
    b: str
    score: float
    relation: str  # "same" (merged) | "possible" (a possible duplicate, shown, not merged)
    parts: dict[str, float] = field(default_factory=dict)  # the score's evidence: type, date, place, ...


@dataclass(slots=True)
class CanonicalEvent(Event):
    """One event as all its sources report it.

    The ACLED fields hold the canonical values (rules in ``linking/canonical.py``); ``event_id`` is
    the canonical id, ``article_id`` the first article that reported it, ``source`` the outlets
    joined by "; ", ``evidence`` and ``figures`` everyone's.  ``disagreements`` lists, per field,
    the values the sources gave when they differ: ``{"fatalities": [{"value": 6, "reports": [...],
    "sources": [...]}, ...]}``.
    """

    reports: list[str] = field(default_factory=list)  # the per-source events merged here
    articles: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    outlets: dict[str, str] = field(default_factory=dict)  # article id -> its outlet
    fatalities_min: int = 0
    fatalities_max: int = 0
    disagreements: dict[str, list[dict]] = field(default_factory=dict)
    story_id: str = ""  # filled in when read from a store, as is:
    possible_duplicates: list[list] = field(default_factory=list)  # [[canonical id, score], ...]
    # an analyst's review (``store/corrections.py``): {"status", "reviewer", "at", "fields", "was", ...}
    review: dict = field(default_factory=dict)


@dataclass(slots=True)
class Story:
    """Articles about one offensive or campaign, days to weeks long."""

    story_id: str
    title: str
    first: date | None
    last: date | None
    articles: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)  # canonical event ids

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["first"] = self.first.isoformat() if self.first else None
        d["last"] = self.last.isoformat() if self.last else None
        return d


@dataclass(slots=True)
class Statistic:
    """A cumulative or war-wide figure: background, stored apart from events."""

    article_id: str
    kind: str  # "killed" | "displaced" | "in_need" | "refugees" | ...
    value: int
    reported: str
    period: str  # the reference period in words ("since the start of the conflict")
    source: str | None
    evidence: Evidence


@dataclass(slots=True)
class Article:
    """An input article and everything the stages add to it."""

    article_id: str
    raw: str  # the text as received (after HTML extraction)
    title: str = ""
    url: str = ""
    source: str = ""  # outlet
    published: date | None = None
    published_from: str = ""  # where the publication date came from
    origin: str = ""  # file path or "stdin"
    original_source: str = ""  # "Original Source: www.bbc.com", kept as metadata
    text: str = ""  # cleaned text; evidence offsets point into this
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    country_hint: str = ""  # ISO2 of the country the article is mostly about
    stages_run: list[str] = field(default_factory=list)

    def mentions_of(self, kind: str, sentence: int | None = None) -> list[Mention]:
        return [m for m in self.mentions if m.kind == kind and (sentence is None or m.sentence == sentence)]
