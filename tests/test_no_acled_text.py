"""No ACLED note text in the repository (ACLED's terms: development and evaluation only; issue 23).

The examples in the tests and docs are invented sentences that test the same behaviour as the
notes they were modelled on; `scripts/check_acled_text.py` finds any that shares a run of words
with a note."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from .conftest import ROOT, SHARED

DATA = SHARED / "data"
pytestmark = pytest.mark.skipif(not any(DATA.glob("acled_*.csv")), reason="../shared/data/acled_*.csv not present")


@pytest.fixture(scope="module")
def check_acled_text():
    spec = importlib.util.spec_from_file_location("check_acled_text", ROOT / "scripts" / "check_acled_text.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def index(check_acled_text):
    return check_acled_text.NoteIndex.from_folder(DATA)


def test_no_acled_text_in_tests_docs_or_code(check_acled_text, index):
    found = check_acled_text.check(index=index)
    assert not found, "\n".join(map(str, found))


def test_no_acled_text_check_finds_a_copied_note(check_acled_text, index, tmp_path):
    """A note pasted into a string (split over two literals), a comment or a Markdown paragraph is
    found; the same words cut below MIN_RUN are not."""
    note = next(" ".join(ws) for ws in index.notes if len(ws) >= 20 and all(w.isascii() for w in ws))
    words = note.split()
    half = len(words) // 2
    (tmp_path / "t.py").write_text(f'X = ("{" ".join(words[:half])} "\n     "{" ".join(words[half:])}")\n'
                                   f'# {note.upper()}\n', encoding="utf-8")
    (tmp_path / "d.md").write_text(f"Intro.\n\nA note:\n{note}\n", encoding="utf-8")
    short = " ".join(words[:check_acled_text.MIN_RUN - 1])
    (tmp_path / "ok.py").write_text(f'Y = "{short}"\n', encoding="utf-8")
    found = check_acled_text.check([tmp_path], index=index)
    assert sorted((f.path.name, f.line, len(f.words)) for f in found) == [
        ("d.md", 4, len(words)), ("t.py", 1, len(words)), ("t.py", 3, len(words))]
