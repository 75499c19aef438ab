"""Stage ``clean``: the article text without web-page leftovers.

Scraped pages carry navigation and widget text ("Loading Now", "Logo Wide",
"Post Comment", "Helpful keywords") and credit lines ("Original Source: ...",
"Translated and edited by ...").  Leftovers are dropped; credit lines are kept
as metadata (``Article.original_source``).  The patterns are data, in
``knowledge/data/boilerplate.yaml``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..knowledge import load_data_yaml
from ..models import Article
from . import stage


@lru_cache(maxsize=1)
def _patterns():
    data = load_data_yaml("boilerplate.yaml")
    drop = [re.compile(p, re.I) for p in data["drop_lines"]]
    credit = [re.compile(p, re.I) for p in data["credit_lines"]]
    return drop, credit


def clean_text(raw: str) -> tuple[str, list[str]]:
    """Return the cleaned text and the credits found (outlet names)."""
    drop, credit = _patterns()
    lines, credits, seen = [], [], set()
    for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        s = " ".join(line.split())
        if not s:
            if lines and lines[-1] != "":
                lines.append("")
            continue
        m = next((c.match(s) for c in credit if c.match(s)), None)
        if m:
            credits.append(m.group("who").strip(" ."))
            continue
        if any(p.fullmatch(s) for p in drop):
            continue
        if s in seen and len(s) < 200:  # a repeated headline
            continue
        seen.add(s)
        lines.append(s)
    return "\n".join(lines).strip(), credits


@stage("clean", requires=("raw",), assigns=("text",))
def clean(article: Article, ctx) -> None:
    text, credits = clean_text(article.raw)
    article.text = text
    if credits and not article.original_source:
        article.original_source = "; ".join(credits)
