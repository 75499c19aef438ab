"""Stage ``sentences``: sentence spans over the cleaned text (BlingFire's splitter).

Paragraph breaks always end a sentence; BlingFire splits within paragraphs.
Offsets are character offsets into ``Article.text``.
"""

from __future__ import annotations

import re

import blingfire

from ..models import Article, Sentence
from . import stage

_PARA_RE = re.compile(r"[^\n]+")


def split_sentences(text: str) -> list[Sentence]:
    out = []
    for para in _PARA_RE.finditer(text):
        ptext = para.group(0)
        if not ptext.strip():
            continue
        _, offsets = blingfire.text_to_sentences_and_offsets(ptext)
        for s, e in offsets:  # character offsets within the paragraph
            start, end = para.start() + s, para.start() + e
            if text[start:end].strip():
                out.append(Sentence(start, end, text[start:end]))
    return out


@stage("sentences", requires=("text",), assigns=("sentences",))
def sentences(article: Article, ctx) -> None:
    article.sentences = split_sentences(article.text)
