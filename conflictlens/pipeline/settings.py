"""The pipeline's settings: one frozen object, passed to every stage through ``Context.settings``.

Each stage's weights and thresholds live in their own frozen dataclass beside the stage
(``pipeline/places/settings.py``), each value with its reason; a caller changes one with
``dataclasses.replace(Settings(), places=replace(PlaceSettings(), w_country=5.0))``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .places.settings import PlaceSettings


@dataclass(frozen=True, slots=True)
class Settings:
    places: PlaceSettings = field(default_factory=PlaceSettings)
