#!/usr/bin/env python3
"""Build conflictlens/knowledge/data/gazetteer.idx.gz, the packed gazetteer index ``extract`` opens.

Run after anything it is built from changes (tests/test_gazindex.py fails until then):
gazetteer.tsv.gz, countries.tsv, the admin1 sections of acled_conventions.yaml, or the code of
knowledge/names.py, gazetteer.py, gazindex.py and packed.py.

    python scripts/build_index.py            # writes the shipped file
    python scripts/build_index.py --check    # exit 1 if the shipped file does not match its sources
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from conflictlens.knowledge.gazetteer import COUNTRIES_FILE, GAZETTEER_FILE  # noqa: E402
from conflictlens.knowledge.gazindex import INDEX_FILE, shipped_meta, sources_fingerprint, write_shipped  # noqa: E402


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--check", action="store_true", help="only say whether the shipped index is up to date")
    p.add_argument("-o", "--out", type=Path, default=INDEX_FILE)
    args = p.parse_args(argv)
    fp = sources_fingerprint(GAZETTEER_FILE, COUNTRIES_FILE)
    if args.check:
        meta = shipped_meta(args.out)
        ok = meta is not None and meta.get("fingerprint") == fp
        print(f"{args.out}: {'up to date' if ok else 'out of date: run scripts/build_index.py'}")
        return 0 if ok else 1
    t = time.perf_counter()
    meta = write_shipped(args.out, GAZETTEER_FILE, COUNTRIES_FILE)
    print(f"{args.out}: {meta['rows']:,} rows, {meta['keys']:,} keys, {args.out.stat().st_size / 1e6:.1f} MB "
          f"({time.perf_counter() - t:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
