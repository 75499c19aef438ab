"""The OpenAPI document matches the API's behaviour (issue 25): schemathesis, with all its checks,
against the API served on localhost over the seeds (adding articles allowed), finds nothing."""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conflictlens.api import background_server, create_app
from conflictlens.linking import Linker
from conflictlens.store import Store

TOKEN = "schema-test-token"
MAX_EXAMPLES = 30  # per operation and phase: about half a minute on this machine
SEED = 25  # the same examples every run


def _st() -> str | None:
    return shutil.which("st", path=str(Path(sys.executable).parent)) or shutil.which("st")


@pytest.mark.skipif(_st() is None, reason="schemathesis is in the test extra: pip install -e '.[test]'")
def test_api_schema_schemathesis_finds_no_failure(seed_articles, tmp_path):
    path = tmp_path / "schema.db"
    with Store(path) as st:
        linker = Linker(st)
        for a in seed_articles.values():
            linker.save(copy.deepcopy(a))
    with background_server(create_app(path, token=TOKEN)) as url:
        proc = subprocess.run([_st(), "run", f"{url}openapi.json", "--checks", "all", "--max-examples", str(MAX_EXAMPLES),
                               "--seed", str(SEED), "--workers", "1", "--no-color",
                               "-H", f"Authorization: Bearer {TOKEN}"],
                              capture_output=True, text=True, timeout=600, cwd=tmp_path)  # (its cache stays there)
    out = proc.stdout + proc.stderr
    # (a warning that random event ids are 404s is no failure)
    assert proc.returncode == 0 and "❌" not in out and "passed" in out, out[-6000:]
