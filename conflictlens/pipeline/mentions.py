"""The mention stages, imported together so that they register: dates, places, actors, figures."""

from . import actors, dates, figures, places  # noqa: F401
