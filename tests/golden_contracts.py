"""The golden files of the contracts the README documents: what `python -m cdd evaluate` prints for
RUBRICS' worked examples, the grades and gaps CSV of the demo data, and every scheme's upload template.

`make golden` (python -m tests.golden_contracts) rewrites tests/golden/ from today's code; read
`git diff tests/golden` before committing it: every changed line is a change people will see.
tests/test_golden.py builds the same files afresh and compares them byte for byte.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import tempfile
from pathlib import Path

from cdd.cli.main import main

GOLDEN = Path(__file__).resolve().parent / "golden"

# (file stem, scheme, district, period, the JSON a person gives): one case of each shape of RUBRICS.
EVALUATIONS = [
    ("evaluate-click-q2-thoeng", "click-2567-q2", "5704", "2567-02",
     {"shop_new": 7, "data_updated": "yes", "pr_posts": 1, "pr_channels": 2, "activities": 1, "downloads": 120}),
    ("evaluate-click-q3-mae-sai", "click-2567-q3", "5709", "2567-04",
     {"heads_total": 4, "heads_downloaded": 3, "data_updated": "yes", "pr_posts": 2, "pr_channels": 3,
      "activities": 2, "downloads": 85}),
    ("evaluate-lampang-otop", "lampang-2567-q3", "5201", "2567-Q3",
     {"otop_new_products": 5, "otop_sales": 1040000, "otop_sales_base": 1000000}),
]  # fmt: skip
# (scheme, period) of the demo data whose grades and gaps are kept.
LISTS = [
    ("click-2567-q3", "2567-Q3"),
    ("lampang-2567-q3", "2567-Q3"),
    ("sakaeo-click-2568", "2568-Q3"),
    ("buriram-digital-2568", "2568-Q3"),
]
TEMPLATES = [
    ("click-2567-q2", "2567-02"),
    ("click-2567-q3", "2567-04"),
    ("lampang-2567-q3", "2567-04"),
    ("sakaeo-click-2568", "2568-03"),
    ("buriram-digital-2568", "2568-03"),
]


def _run(args: list[str], stdin: str = "") -> str:
    # Text streams over bytes, as a terminal's are: the command line sets their encoding to UTF-8.
    out, err = (io.TextIOWrapper(io.BytesIO(), encoding="utf-8") for _ in range(2))
    old_stdin, sys.stdin = sys.stdin, io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    finally:
        sys.stdin = old_stdin
    out.flush(), err.flush()
    if code != 0:
        raise RuntimeError(f"cdd {' '.join(args)} exited {code}: {err.buffer.getvalue().decode()}")
    return out.buffer.getvalue().decode("utf-8")


def build(folder: Path, database: Path) -> list[Path]:
    """Write every golden file into `folder` from the demo database at `database`; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    for stem, scheme, district, period, values in EVALUATIONS:
        args = ["evaluate", scheme, "--district", district, "--period", period, "--db", str(database)]
        (folder / f"{stem}.json").write_text(_run(args, json.dumps(values)), encoding="utf-8")
    for scheme, period in LISTS:
        for what in ("grades", "gaps"):
            target = folder / f"{what}-{scheme}-{period}.csv"
            _run(
                [
                    what,
                    "--scheme",
                    scheme,
                    "--period",
                    period,
                    "--format",
                    "csv",
                    "-o",
                    str(target),
                    "--db",
                    str(database),
                ]
            )
    for scheme, period in TEMPLATES:
        target = folder / f"template-{scheme}-{period}.csv"
        _run(["template", scheme, "--format", "csv", "--period", period, "-o", str(target), "--db", str(database)])
    return sorted(folder.iterdir())


def demo_database(folder: Path) -> Path:
    path = folder / "demo.duckdb"
    _run(["init", "--demo", "--db", str(path)])
    return path


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as scratch:
        written = build(GOLDEN, demo_database(Path(scratch)))
    print(f"wrote {len(written)} golden files to {GOLDEN}")
