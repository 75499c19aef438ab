#!/usr/bin/env python3
"""Check that no ACLED note text is in the repository (ACLED's terms: its rows are for development
and evaluation only, never redistributed; issue 23).

Every string literal and comment of the Python files, and every paragraph of the Markdown, YAML and
other text files, in tests/, docs/, README.md and conflictlens/ is compared with the `notes` column
of the ACLED development files (../shared/data/*.csv).  A text that shares a run of MIN_RUN or more
consecutive words with a note (case and punctuation ignored) is reported with its file:line, the
shared words and their number.

Run:  python scripts/check_acled_text.py [--data DIR] [--min-run N] [PATH...]
Prints one line per text found and their count; exit 1 when any is found, exit 0 with a message when
the ACLED files are absent.  tests/test_no_acled_text.py runs the same check.
"""

from __future__ import annotations

import argparse
import ast
import csv
import io
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SCANNED = ("tests", "docs", "README.md", "conflictlens")

# Eight words in a row is where a shared phrase stops being a common turn of words ("on 3 May
# 2020 Taliban militants attacked" is seven) and becomes a copied sentence.
MIN_RUN = 8
# Files read as plain text, paragraph by paragraph (Python files are parsed instead) ...
TEXT_SUFFIXES = {".md", ".yaml", ".yml", ".txt", ".json", ".html", ".js", ".css"}
# ... and files of one record a line, line by line.
LINE_SUFFIXES = {".tsv", ".jsonl"}
# Third-party code is not ours to rewrite.
SKIPPED_DIRS = {"__pycache__", "vendor"}

_WORD = re.compile(r"[^\W_]+")
csv.field_size_limit(sys.maxsize)


@dataclass(frozen=True, slots=True)
class Finding:
    path: Path
    line: int
    words: tuple[str, ...]

    def __str__(self) -> str:
        try:
            shown = self.path.relative_to(ROOT)
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}: {len(self.words)} words: {' '.join(self.words)}"


def words(text: str) -> list[tuple[str, int]]:
    """The text's words, lower-cased, with each one's character offset."""
    return [(m.group().lower(), m.start()) for m in _WORD.finditer(text)]


class NoteIndex:
    """Every `min_run`-word run of the ACLED notes, mapped to the notes it occurs in."""

    def __init__(self, notes: list[str], min_run: int = MIN_RUN):
        self.min_run = min_run
        self.notes = [[w for w, _ in words(n)] for n in notes]
        self.grams: dict[tuple[str, ...], list[int]] = {}
        for i, ws in enumerate(self.notes):
            for j in range(len(ws) - min_run + 1):
                owners = self.grams.setdefault(tuple(ws[j:j + min_run]), [])
                if not owners or owners[-1] != i:
                    owners.append(i)

    @classmethod
    def from_folder(cls, folder: Path, min_run: int = MIN_RUN) -> NoteIndex | None:
        notes = []
        for f in sorted(folder.glob("*.csv")):
            with f.open(encoding="utf-8", newline="") as fh:
                reader = csv.DictReader(fh)
                if "notes" not in (reader.fieldnames or ()):
                    continue
                notes.extend(row["notes"] for row in reader if row["notes"])
        return cls(notes, min_run) if notes else None

    def longest_shared(self, ws: list[str]) -> tuple[int, int] | None:
        """(start, length) of the longest run of `ws` found in one note, if at least min_run long."""
        n = self.min_run
        candidates: set[int] = set()
        for j in range(len(ws) - n + 1):
            candidates.update(self.grams.get(tuple(ws[j:j + n]), ()))
        best = None
        for i in candidates:
            start, length = _longest_common_run(ws, self.notes[i])
            if length >= n and (best is None or length > best[1]):
                best = (start, length)
        return best


def _longest_common_run(a: list[str], b: list[str]) -> tuple[int, int]:
    """Start in `a` and length of the longest run of words `a` and `b` share."""
    best_end, best_len = 0, 0
    prev = [0] * (len(b) + 1)
    for i, wa in enumerate(a, 1):
        cur = [0] * (len(b) + 1)
        for j, wb in enumerate(b, 1):
            if wa == wb:
                cur[j] = prev[j - 1] + 1
                if cur[j] > best_len:
                    best_end, best_len = i, cur[j]
        prev = cur
    return best_end - best_len, best_len


def python_texts(source: str) -> list[tuple[int, str]]:
    """(first line, text) of each string literal (adjacent literals joined) and comment."""
    out: list[tuple[int, str]] = []
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return [(1, source)]
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            out.append((node.lineno, node.value))
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            out.append((tok.start[0], tok.string))
    return out


def paragraph_texts(source: str) -> list[tuple[int, str]]:
    """(first line, text) of each run of non-blank lines (a sentence may wrap over lines)."""
    out: list[tuple[int, str]] = []
    block: list[str] = []
    for n, line in enumerate(source.splitlines() + [""], 1):
        if line.strip():
            block.append(line)
        elif block:
            out.append((n - len(block), "\n".join(block)))
            block = []
    return out


def check_file(path: Path, index: NoteIndex) -> list[Finding]:
    try:
        source = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return []
    if path.suffix == ".py":
        texts = python_texts(source)
    elif path.suffix in LINE_SUFFIXES:
        texts = list(enumerate(source.splitlines(), 1))
    else:
        texts = paragraph_texts(source)
    found = []
    for line, text in texts:
        ws = words(text)
        hit = index.longest_shared([w for w, _ in ws])
        if hit:
            start, length = hit
            line += text.count("\n", 0, ws[start][1])
            found.append(Finding(path, line, tuple(w for w, _ in ws[start:start + length])))
    return found


def scanned_files(paths: list[Path]) -> list[Path]:
    files = []
    for p in paths:
        if p.is_file():
            files.append(p)
            continue
        for f in sorted(p.rglob("*")):
            if f.is_file() and not SKIPPED_DIRS.intersection(f.relative_to(p).parts) \
                    and (f.suffix == ".py" or f.suffix in TEXT_SUFFIXES | LINE_SUFFIXES):
                files.append(f)
    return files


def check(paths: list[Path] | None = None, index: NoteIndex | None = None,
          data: Path = DATA, min_run: int = MIN_RUN) -> list[Finding] | None:
    """Every text in `paths` (the repository's by default) sharing `min_run` consecutive words with
    an ACLED note; None when the ACLED files are absent."""
    if index is None and data.is_dir():
        index = NoteIndex.from_folder(data, min_run)
    if index is None:
        return None
    paths = paths or [ROOT / p for p in SCANNED]
    return [f for file in scanned_files(paths) for f in check_file(file, index)]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the repository's)")
    ap.add_argument("--data", type=Path, default=DATA, help="folder of the ACLED CSV files")
    ap.add_argument("--min-run", type=int, default=MIN_RUN,
                    help=f"shared words that count as a copy (default {MIN_RUN}; lower it to look for near copies)")
    args = ap.parse_args(argv)
    found = check(args.paths or None, data=args.data, min_run=args.min_run)
    if found is None:
        print(f"no ACLED notes in {args.data}/*.csv: nothing to compare with, skipped")
        return 0
    for f in found:
        print(f)
    print(f"{len(found)} text(s) share {args.min_run} or more consecutive words with an ACLED note")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
