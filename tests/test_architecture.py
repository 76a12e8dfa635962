"""The domain package is reachable without the UI: importing all of cdd loads no streamlit."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import cdd

ROOT = Path(__file__).resolve().parent.parent


def test_cdd_never_imports_streamlit():
    modules = [m.name for m in pkgutil.walk_packages(cdd.__path__, "cdd.") if not m.name.endswith("__main__")]
    assert len(modules) >= 10
    script = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + (
            "bad = sorted(m for m in sys.modules if m == 'streamlit' or m.startswith('streamlit.'))\n"
            "print(','.join(bad))\n"
        )
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_pages_build_no_sql_and_parse_nothing():
    for page in (ROOT / "screens").glob("*.py"):
        text = page.read_text(encoding="utf-8")
        for forbidden in ("SELECT ", "INSERT ", "duckdb", "tomllib", "read_csv", "Fraction("):
            assert forbidden not in text, f"{page.name} contains {forbidden!r}"
