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
        for s, e in _sentence_offsets(ptext):  # character offsets within the paragraph
            start, end = para.start() + s, para.start() + e
            if text[start:end].strip():
                out.append(Sentence(start, end, text[start:end]))
    return out


def _sentence_offsets(ptext: str) -> list[tuple[int, int]]:
    """BlingFire's sentences located in the paragraph.  ``text_to_sentences_and_offsets`` maps UTF-8
    offsets back to characters in a Python loop over every byte (a tenth of extraction time);
    finding each returned sentence in the paragraph gives the same offsets for the cost of a search."""
    out, pos = [], 0
    for sent in blingfire.text_to_sentences(ptext).split("\n"):
        k = ptext.find(sent, pos)
        if k < 0:  # BlingFire changed the characters: fall back to its own offsets
            return blingfire.text_to_sentences_and_offsets(ptext)[1]
        out.append((k, k + len(sent)))
        pos = k + len(sent)
    return out


@stage("sentences", requires=("text",), assigns=("sentences",))
def sentences(article: Article, ctx) -> None:
    article.sentences = split_sentences(article.text)
