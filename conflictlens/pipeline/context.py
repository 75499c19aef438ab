"""What the stages share: the knowledge (passed in, so tests can hand in small ones) and settings."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..knowledge.actors import ActorBase, default_actor_base
from ..knowledge.gazetteer import Gazetteer, default_gazetteer


@dataclass
class Context:
    gazetteer: Gazetteer | None = None
    actors: ActorBase | None = None
    options: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.gazetteer is None:
            self.gazetteer = default_gazetteer()
        if self.actors is None:
            self.actors = default_actor_base()
