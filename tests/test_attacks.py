"""Hostile uploads (tests/data/make_attacks.py): every file of the attack corpus is refused with its reason,
as one problem of the whole file in Thai, within 5 seconds and 300 MB above the resting memory of the
process that reads it (measured in a child process of its own, as the server would read it).

The small files are kept in tests/data/attack/ and must be exactly what the script writes; the large ones
(megabytes by nature) are made here by the same script.
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
THAI = re.compile("[\u0e01-\u0e5b]")
SECONDS, MEGABYTES = 5, 300
SLOWER_THAN_A_FULL_REPORT = 1.5  # on a busy machine: no attack may take longer than this × a legitimate file


def generator():
    spec = importlib.util.spec_from_file_location("make_attacks", DATA / "make_attacks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ATTACKS = generator().attacks()


def code_of(name: str) -> str:
    return re.split(r"[-.]", name, maxsplit=1)[0]


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_the_stored_attack_files_are_what_the_script_writes(tmp_path):
    made = generator()
    made.write_attacks(tmp_path)
    written = {p.name: p.read_bytes() for p in (tmp_path / "attack").iterdir()}
    on_disk = {p.name: p.read_bytes() for p in (DATA / "attack").iterdir()}
    assert sorted(written) == sorted(on_disk)
    assert [name for name in written if written[name] != on_disk[name]] == []
    assert len(on_disk) >= 10 and all(len(data) <= made.STORED_AT_MOST for data in on_disk.values())


# The child: imports and the registry first; then the kernel's record of peak memory is reset (writing 5 to
# /proc/self/clear_refs resets VmHWM), the resting memory read, one upload read as the app reads it, and
# the peak since the reset read back.
CHILD = textwrap.dedent("""
    import json, sys, time
    sys.path.insert(0, sys.argv[1])
    import openpyxl
    from cdd.grading.inputs import registry, schemes
    from cdd.intake.validate import read_submission
    known, rubrics = registry(), schemes()
    name, data = sys.argv[2], open(sys.argv[3], "rb").read()
    def memory_kb(field):
        for line in open("/proc/self/status"):
            if line.startswith(field + ":"):
                return int(line.split()[1])
    with open("/proc/self/clear_refs", "w") as reset:
        reset.write("5")
    resting = memory_kb("VmRSS")
    start = time.perf_counter()
    submission, problems = read_submission(name, data, known, rubrics)
    seconds = time.perf_counter() - start
    peak = memory_kb("VmHWM")
    print(json.dumps({"seconds": seconds, "megabytes": (peak - resting) / 1024, "accepted": submission is not None,
                      "problems": [[p.code, p.message] for p in problems]}, ensure_ascii=False))
""")


def read_in_a_child(name: str, data: bytes, folder: Path) -> dict:
    path = folder / name
    path.write_bytes(data)
    run = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), name, str(path)], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr[-2000:]
    return json.loads(run.stdout)


def full_report() -> bytes:
    """A legitimate file at the row limit: 5,000 districts' rows of the widest scheme, as an .xlsx."""
    from openpyxl import Workbook

    from cdd.grading.inputs import schemes

    scheme = max(schemes().values(), key=lambda s: len(s.inputs))
    book = Workbook()
    book.active.append(["code", "district", "month", *scheme.inputs])
    for n in range(5000):
        book.active.append(["5709", "แม่สาย", f"2567-{n % 12 + 1:02d}", *([1] * len(scheme.inputs))])
    raw = io.BytesIO()
    book.save(raw)
    return raw.getvalue()


@pytest.fixture(scope="module")
def reference_seconds(tmp_path_factory) -> float:
    """The time to read a legitimate file at the limits, in the same kind of child, in this run."""
    seen = read_in_a_child("full-report.xlsx", full_report(), tmp_path_factory.mktemp("reference"))
    print(f"a legitimate file of 5,000 rows: {seen['seconds']:.2f} s, {seen['megabytes']:.0f} MB above resting")
    return seen["seconds"]


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_every_attack_is_refused_with_its_reason_quickly_and_in_little_memory(name, tmp_path, reference_seconds):
    seen = read_in_a_child(name, ATTACKS[name], tmp_path)
    print(f"{name}: {seen['seconds']:.2f} s, {seen['megabytes']:.0f} MB above resting")
    assert not seen["accepted"]
    codes = [code for code, _ in seen["problems"]]
    assert code_of(name) in codes, codes
    message = next(message for code, message in seen["problems"] if code == code_of(name))
    assert THAI.search(message) and "\n" not in message
    # The goal is 5 s; on a machine busy enough that a legitimate file takes longer, the ratio holds instead.
    assert seen["seconds"] < max(SECONDS, SLOWER_THAN_A_FULL_REPORT * reference_seconds), seen["seconds"]
    assert seen["megabytes"] < MEGABYTES, seen["megabytes"]


def test_an_upload_is_read_once_for_its_month_question_and_its_check(monkeypatch):
    """The upload screen asks whether a file has a month column, then checks it whole: one read."""
    from cdd.grading.inputs import registry, schemes
    from cdd.intake import reader
    from cdd.intake.limits import in_force
    from cdd.intake.validate import read_submission
    from cdd.views.upload import needs_month

    reads = []
    real = reader._read
    monkeypatch.setattr(reader, "_read", lambda *args: reads.append(args[0]) or real(*args))
    data = ATTACKS["data_out_of_range-one-cell-at-XFD3.xlsx"]
    assert needs_month("attack.xlsx", data, in_force()) is False
    submission, problems = read_submission("attack.xlsx", data, registry(), schemes())
    assert submission is None and [p.code for p in problems] == ["data_out_of_range"]
    good = generator().report_xlsx()
    assert needs_month("report.xlsx", good, in_force()) is False
    assert read_submission("report.xlsx", good, registry(), schemes())[0] is not None
    assert reads == ["attack.xlsx", "report.xlsx"]
