"""`scripts/measure_browser.py --first-visit --check` fails the run when the first visit misses its goal."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "measure_browser.py"


@pytest.fixture
def measure():
    spec = importlib.util.spec_from_file_location("measure_browser", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("dashboard", "minimal", "status"), [(15.5, 4.6, 1), (5.0, 4.0, 0), (12.0, 4.0, 0)])
def test_the_first_visit_check_exits_1_only_past_three_times_the_minimal_page(
    measure, monkeypatch, capsys, dashboard, minimal, status
):
    monkeypatch.setattr(measure, "first_visit", lambda runs: {"first_visit": (dashboard, minimal)})
    monkeypatch.setattr("sys.argv", ["measure_browser.py", "--first-visit", "--runs", "1", "--check"])
    with pytest.raises(SystemExit) as exit_:
        measure.main()
    assert exit_.value.code == status
    row = capsys.readouterr().out.splitlines()[-1]
    assert row.startswith("| first_visit |") and row.endswith("✗ |" if status else "✓ |")
