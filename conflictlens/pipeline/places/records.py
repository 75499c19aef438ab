"""The records the place sub-stages pass each other: a candidate name with the places it may be,
the place chosen for a mention, and a set of character spans that answers overlaps quickly."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from itertools import accumulate

from typing import TYPE_CHECKING

from ...knowledge.gazetteer import Place

if TYPE_CHECKING:
    from ...knowledge.gazetteer import Gazetteer
    from ...knowledge.place_words import PlaceWords
    from ...models import Article
    from .settings import PlaceSettings


@dataclass(slots=True)
class PlaceRef:
    name: str  # the gazetteer's name
    kind: str
    country: str  # ISO2
    admin1: str
    admin2: str
    lat: float
    lon: float
    precision: int
    role: str = "location"  # "location" or "source" (where a reporter or outlet sits)
    place_id: str = ""
    score: float = 0.0
    cue: str = ""  # "at" when a locative word governs the name ("in X"), "near" for "near X", "north of X",
    # "the countryside of X", "described" for a landmark in a clause placing another place ("which lies
    # near X"), "from" for an origin ("migrants from X")
    abroad: bool = False  # outside the country most of the article's places are in

    @classmethod
    def of(cls, p: Place, precision: int, role: str = "location", **more) -> PlaceRef:
        """The reference to gazetteer place ``p`` (its own point unless ``lat``/``lon`` are given)."""
        more.setdefault("lat", p.lat)
        more.setdefault("lon", p.lon)
        return cls(p.name, p.kind, p.country, p.admin1, p.admin2, precision=precision, role=role,
                   place_id=p.place_id, **more)


@dataclass(slots=True)
class Candidate:
    """A name in the text and the gazetteer places it may be (in gazetteer order)."""

    start: int
    end: int
    words: str  # the text of the name
    places: list[Place]
    sentence: int = 0  # index into the article's sentences

    def with_places(self, places: list[Place]) -> Candidate:
        return replace(self, places=places)

    @property
    def ids(self) -> list[int]:
        return [p.idx for p in self.places]


@dataclass(slots=True)
class SpanSet:
    """Character spans (start, end), asked whether any overlaps a span: a binary search over the
    spans by start and the furthest end reached so far, so a text with thousands of actor mentions
    costs a logarithm per question, not a scan."""

    starts: list[int] = field(default_factory=list)
    reach: list[int] = field(default_factory=list)  # the furthest end among the spans up to each one

    @classmethod
    def of(cls, spans) -> SpanSet:
        spans = sorted(spans)
        return cls([s for s, _e in spans], list(accumulate((e for _s, e in spans), max)))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span (s, e) has s < end and e > start."""
        n = bisect_left(self.starts, end)  # the spans that start before ``end``
        return n > 0 and self.reach[n - 1] > start

    def covers_start(self, pos: int) -> bool:
        """Whether some span (s, e) has s <= pos < e."""
        n = bisect_right(self.starts, pos)
        return n > 0 and self.reach[n - 1] > pos



@dataclass(slots=True)
class PlaceJob:
    """What the sub-stages share while they place one article's names."""

    article: Article
    gaz: Gazetteer
    cfg: PlaceSettings
    words: PlaceWords
    demonyms: dict  # adjective of nationality -> ISO2
    text: str = ""  # the article's text

    def __post_init__(self):
        self.text = self.article.text
