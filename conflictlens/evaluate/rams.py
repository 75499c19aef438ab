"""RAMS passages: recall of gold place and attacker arguments among the mentions."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError, StageError
from ..readers import make_article
from .common import _open


def evaluate_rams(path: str | Path, extract: Callable | None = None,
                  misses: Callable[[dict], None] | None = None) -> dict:
    """Mention recall on RAMS passages (five tokenised sentences with gold event arguments): the
    share of gold ``place`` arguments that overlap a place mention, and of gold ``attacker``
    arguments that overlap an actor mention.  The passage is the tokens joined by spaces."""
    from .. import extract_article

    extract = extract or extract_article
    counts = {"place": [0, 0], "attacker": [0, 0]}  # role -> [gold, found]
    passages = 0
    errors: list[str] = []
    with _open(path, newline=None) as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
                tokens = [t for sent in doc["sentences"] for t in sent]
                spans = doc["ent_spans"]
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{path}:{n}", f"not a RAMS record ({exc})") from exc
            starts, pos = [], 0
            for t in tokens:
                starts.append(pos)
                pos += len(t) + 1
            text = " ".join(tokens)
            art = make_article(text=text, where=f"{path}:{n}", id=f"rams-{doc.get('doc_key', n)}")
            try:
                art = extract(art)
            except StageError as exc:
                errors.append(str(exc))  # its arguments count as not found
            passages += 1
            kinds = {"place": [m for m in art.mentions if m.kind == "place"],
                     "attacker": [m for m in art.mentions if m.kind == "actor"]}
            for s, e, roles in spans:
                cs, ce = starts[s], starts[e] + len(tokens[e])
                for role, _p in roles:
                    kind = next((k for k in counts if role.endswith(k)), None)
                    if kind is None:
                        continue
                    found = any(m.start < ce and m.end > cs for m in kinds[kind])
                    counts[kind][0] += 1
                    counts[kind][1] += found
                    if misses and not found:
                        misses({"line": n, "role": kind, "argument": text[cs:ce],
                                "context": text[max(0, cs - 80):ce + 80]})
    out = {"passages": passages, "errors": len(errors)}
    for kind, (gold, found) in counts.items():
        out[f"{kind}_arguments"] = gold
        out[f"{kind}_recall"] = round(found / gold, 4) if gold else None
    return out
