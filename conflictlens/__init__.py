"""conflictlens: conflict news in, an evidenced ACLED-style event database out.

Library entry points (the CLI, the tests and the web API call these):
    extract_article(article) / extract_text(text, published=...)  -> Article with events
    read_inputs(paths)                                              -> Articles (or InputErrors)
    Store(path)                                                     -> the embedded database
"""

from __future__ import annotations

__version__ = "0.1.0"

from datetime import date

from .models import Article, Event, Evidence, Figure, Statistic
from .pipeline import DEFAULT_STAGES, Pipeline
from .readers import make_article, read_inputs

_default_pipeline: Pipeline | None = None


def default_pipeline() -> Pipeline:
    global _default_pipeline
    if _default_pipeline is None:
        _default_pipeline = Pipeline(DEFAULT_STAGES)
    return _default_pipeline


def extract_article(article: Article, pipeline: Pipeline | None = None) -> Article:
    return (pipeline or default_pipeline())(article)


def extract_text(text: str, published: date | None = None, article_id: str | None = None, **meta) -> Article:
    return extract_article(make_article(text=text, where="text", id=article_id, published=published, **meta))


__all__ = ["Article", "Event", "Evidence", "Figure", "Statistic", "Pipeline", "read_inputs", "extract_article",
           "extract_text", "default_pipeline", "__version__"]
