"""What the stages share: the knowledge (passed in, so tests can hand in small ones) and settings."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field

from ..knowledge.actors import ActorBase, default_actor_base
from ..knowledge.gazetteer import Gazetteer, default_gazetteer
from ..knowledge.place_words import PlaceWords
from .settings import Settings


@dataclass
class Context:
    gazetteer: Gazetteer | None = None
    actors: ActorBase | None = None
    options: dict = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)  # every stage's weights and thresholds
    place_words: PlaceWords | None = None  # the place stage's word lists (loaded once per Context)

    def __post_init__(self):
        if self.gazetteer is None:
            self.gazetteer = default_gazetteer()
        if self.actors is None:
            self.actors = default_actor_base()
        if self.place_words is None:
            self.place_words = PlaceWords.load()
        # The knowledge is many long-lived objects that never change (the actor base, the rule
        # patterns, the gazetteer's decoded rows and keys; the gazetteer itself stays in its packed
        # file).  Left to the garbage collector, each of its full passes walks them all
        # (docs/benchmarks.md); frozen, the passes skip them.
        gc.freeze()
