"""Tokens with offsets, and a phrase index for longest-match lookups.

Both the gazetteer and the actor base find their names in text the same way:
the sentence is tokenised once, each token gets a typography-insensitive key
(``names.name_key``), and n-grams of keys are looked up in a dict.  Cost is
linear in the text and independent of how many names the index holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import name_key

_TOKEN_RE = re.compile(r"[0-9A-Za-z\u00C0-\u024F\u1E00-\u1EFF'’‘`ʿʾ]+(?:[-‐][0-9A-Za-z\u00C0-\u024F\u1E00-\u1EFF'’‘`ʿʾ]+)*")
MAX_PHRASE_TOKENS = 7  # the longest name we look up ("Military Forces of the Democratic Republic ...")


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    key: str  # name_key of the token ("" for a bare article particle such as "al")

    @property
    def capitalised(self) -> bool:
        t = self.text
        if t[:1].isupper() or t[:1].isdigit():
            return True
        # "al-Ghab", "ash-Shughur": a particle glued to a capitalised name
        return "-" in t and any(p[:1].isupper() for p in t.split("-")[1:])


_POSSESSIVE_RE = re.compile(r"['’]s$")


def tokenize(text: str, offset: int = 0) -> list[Token]:
    out = []
    for m in _TOKEN_RE.finditer(text):
        word, end = m.group(0), m.end()
        parts = word.split("-")
        suffix = None
        if len(parts) > 1 and parts[-1][:1].islower() and any(p[:1].isupper() for p in parts[:-1]):
            # "London-based", "Kurdish-led", "al-Nusra-linked": the name is what comes before, and
            # the suffix stays a word of its own ("Turkish-backed forces" is not "Turkish forces")
            word = "-".join(parts[:-1])
            end = m.start() + len(word)
            suffix = Token(end + 1 + offset, m.end() + offset, parts[-1], name_key(parts[-1]))
        pm = _POSSESSIVE_RE.search(word)
        if pm:  # "Assad's" is Assad, not a place called "Assads"
            word, end = word[:pm.start()], m.start() + pm.start()
        out.append(Token(m.start() + offset, end + offset, word, name_key(word)))
        if suffix is not None:
            out.append(suffix)
    return out


def phrase_key(tokens: list[Token]) -> str:
    return " ".join(t.key for t in tokens if t.key)


class PhraseIndex:
    """key (space-joined token keys) -> payload list; ``find`` returns longest non-overlapping matches."""

    def __init__(self):
        self.index: dict[str, list] = {}
        self.max_tokens = 1

    def add(self, name: str, payload) -> None:
        key = phrase_key(tokenize(name))  # the way text is tokenised ("People's" -> "people")
        if not key:
            return
        self.index.setdefault(key, []).append(payload)
        self.max_tokens = min(MAX_PHRASE_TOKENS, max(self.max_tokens, key.count(" ") + 1))

    def __contains__(self, name: str) -> bool:
        return phrase_key(tokenize(name)) in self.index

    def get_key(self, key: str) -> list:
        return self.index.get(key, [])

    def find(self, tokens: list[Token], accept=None):
        """Yield (i, j, payloads) for token spans [i, j) whose key is indexed, longest first, left to right.

        ``accept(tokens, i, j)`` can veto a span (e.g. require capitalisation).
        """
        i, n = 0, len(tokens)
        while i < n:
            hit = None
            # count only tokens with a key towards the phrase length
            for j in range(min(n, i + self.max_tokens + 2), i, -1):
                if not tokens[i].key or not tokens[j - 1].key:
                    continue
                key = phrase_key(tokens[i:j])
                if key in self.index and (accept is None or accept(tokens, i, j)):
                    hit = (i, j, self.index[key])
                    break
            if hit:
                yield hit
                i = hit[1]
            else:
                i += 1
