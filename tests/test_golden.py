"""The documented contracts, byte for byte: `evaluate` JSON, grades and gaps CSV, upload templates.

A difference fails with the file's name; when the change is meant, `make golden` rewrites
tests/golden/ and `git diff tests/golden` shows a reviewer every line people will see changed.
"""

from tests.golden_contracts import GOLDEN, build


def test_contracts_match_their_golden_files(demo_db, tmp_path):
    built = build(tmp_path, demo_db)
    assert [p.name for p in built] == sorted(p.name for p in GOLDEN.iterdir())
    changed = [p.name for p in built if p.read_bytes() != (GOLDEN / p.name).read_bytes()]
    assert changed == [], "run `make golden` and read `git diff tests/golden`"
