"""The pipeline: named stages over one ``Article``.

A stage is a function ``(article, ctx) -> None`` registered with ``@stage`` and
declaring which article fields it needs and which it fills in.  ``Pipeline``
checks the order when it is built (a stage that needs what no earlier stage
assigns is a configuration error) and checks after each stage that it did
assign what it declared, so ordering mistakes fail loudly.

Each article has a time budget (``ARTICLE_SECONDS``, the ``--time-budget`` option): past it, the
stage running is interrupted and the article fails with an ``OverBudget`` error naming it, so one
pathological input cannot hold up a batch (``watchdog.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import OverBudget, PipelineConfigError, StageError
from ..models import Article
from .watchdog import Interrupted, budget

# Fields an Article has before any stage runs (set by the readers).
INPUT_FIELDS = frozenset({"raw", "published", "title", "source", "url"})


@dataclass(frozen=True, slots=True)
class StageSpec:
    name: str
    func: Callable
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


REGISTRY: dict[str, StageSpec] = {}


def stage(name: str, *, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()):
    """Register a pipeline stage under ``name`` (built-in and third-party alike)."""

    def deco(func):
        REGISTRY[name] = StageSpec(name, func, tuple(requires), tuple(assigns))
        return func

    return deco


# Seconds one article may take through all the stages.  A news article takes milliseconds and a
# 20 MB text (the largest input read) some minutes: beyond this the input is not news, and the
# batch goes on without it.  0 or None: no limit.
ARTICLE_SECONDS = 600.0

DEFAULT_STAGES = ("clean", "sentences", "mentions.dates", "mentions.actors", "mentions.places",
                  "mentions.figures", "events")


class Pipeline:
    """Runs the stages named in ``stages`` in order over each article."""

    def __init__(self, stages: tuple[str, ...] = DEFAULT_STAGES, context=None, time_budget: float | None = ARTICLE_SECONDS):
        from . import clean, events, mentions, sentences  # noqa: F401  (registers the built-in stages)
        from .context import Context

        self.context = context if context is not None else Context()
        self.time_budget = time_budget
        available = set(INPUT_FIELDS)
        self.specs = []
        for name in stages:
            if name not in REGISTRY:
                raise PipelineConfigError(f"unknown stage {name!r}; known: {', '.join(sorted(REGISTRY))}")
            spec = REGISTRY[name]
            missing = [f for f in spec.requires if f not in available]
            if missing:
                raise PipelineConfigError(f"stage {name!r} needs {missing}, which no earlier stage assigns")
            available.update(spec.assigns)
            self.specs.append(spec)

    @property
    def stage_names(self) -> list[str]:
        return [s.name for s in self.specs]

    def __call__(self, article: Article) -> Article:
        running = [""]
        try:
            with budget(self.time_budget):
                for spec in self.specs:
                    running[0] = spec.name
                    self._run(spec, article)
        except Interrupted:
            raise OverBudget(running[0], f"article {article.article_id} ({article.origin or 'input'}) took longer "
                                         f"than the {self.time_budget:g} s an article may take (--time-budget); "
                                         "it is skipped") from None
        return article

    def _run(self, spec: StageSpec, article: Article) -> None:
        try:
            spec.func(article, self.context)
        except StageError:
            raise
        except RecursionError:
            raise StageError(spec.name, f"failed on article {article.article_id}: the text nests too deeply") from None
        except Exception as exc:  # a bug in a stage: name the stage and the article
            raise StageError(spec.name, f"failed on article {article.article_id}: {exc!r}") from exc
        article.stages_run.append(spec.name)
