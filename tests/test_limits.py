"""Hostile uploads (cdd/limits.py, cdd/reader.py): each limit refuses with its code and a Thai sentence that
names the size or rows, the limit and the fix, and refuses before the file is read where it can.

The corpus holds one bad file for zip_bomb and one for too_many_rows (tests/data/bad); a file over the upload
limit is made here, at test time, rather than kept as 10 MB in the repository.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from cdd.intake import limits as limits_module
from cdd.intake.limits import DEFAULTS, MAX_ZIP_ENTRIES, in_force, limit_warnings
from cdd.intake.reader import FileProblem, read_grid
from cdd.intake.validate import read_submission

BAD = Path(__file__).resolve().parent / "data" / "bad"
THAI = re.compile("[\u0e01-\u0e5b]")
HEADER = "code,district,month,heads_total,heads_downloaded,data_updated,pr_posts,pr_channels,activities,downloads\r\n"
ROW = "5709,แม่สาย,2567-04,4,3,yes,2,3,2,85\r\n"


pytestmark = pytest.mark.usefixtures("no_limit_settings")


@pytest.fixture
def no_openpyxl(monkeypatch):
    """openpyxl.load_workbook fails the test if it is ever called: the file must be refused before."""
    import openpyxl

    def forbidden(*args, **kwargs):
        pytest.fail("openpyxl.load_workbook was called on a file that should be refused before reading")

    monkeypatch.setattr(openpyxl, "load_workbook", forbidden)


def refused(name: str, data: bytes) -> FileProblem:
    with pytest.raises(FileProblem) as caught:
        read_grid(name, data, in_force())
    assert THAI.search(str(caught.value)), str(caught.value)
    return caught.value


def xlsx_with(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, body in parts.items():
            target.writestr(name, body)
    return out.getvalue()


# ---- the settings ------------------------------------------------------------------------------------------


def test_the_defaults():
    assert in_force() == DEFAULTS
    assert (
        DEFAULTS.max_upload_mb,
        DEFAULTS.max_rows,
        DEFAULTS.max_unzipped_mb,
        DEFAULTS.max_zip_ratio,
        DEFAULTS.backup_days,
    ) == (10, 5000, 50, 100, 30)
    assert DEFAULTS.max_upload_bytes == 10 * 1024 * 1024 and MAX_ZIP_ENTRIES == 1000
    assert limit_warnings() == []


def test_the_environment_overrides_each_limit(monkeypatch):
    for variable, value in (
        ("CDD_MAX_UPLOAD_MB", "2.5"),
        ("CDD_MAX_ROWS", "12000"),
        ("CDD_MAX_UNZIPPED_MB", "80"),
        ("CDD_MAX_ZIP_RATIO", "250"),
        ("CDD_BACKUP_DAYS", "7"),
    ):
        monkeypatch.setenv(variable, value)
    assert in_force() == limits_module.Limits(2.5, 12000, 80, 250, 7)
    assert in_force().max_upload_bytes == int(2.5 * 1024 * 1024)
    assert limit_warnings() == []


@pytest.mark.parametrize("value", ["", "abc", "0", "-5", "nan", "inf", "1.5e", "ห้าพัน"])
def test_a_bad_value_falls_back_to_the_default_and_says_so(monkeypatch, value):
    monkeypatch.setenv("CDD_MAX_ROWS", value)
    monkeypatch.setenv("CDD_BACKUP_DAYS", "14")
    assert in_force().max_rows == 5000 and in_force().backup_days == 14
    [warning] = limit_warnings()
    assert "CDD_MAX_ROWS" in warning and f"'{value}'" in warning and "5,000" in warning and THAI.search(warning)


def test_a_count_must_be_whole(monkeypatch):
    monkeypatch.setenv("CDD_MAX_ROWS", "100.5")
    monkeypatch.setenv("CDD_MAX_UPLOAD_MB", "0.5")  # a size may be fractional
    assert in_force().max_rows == 5000 and in_force().max_upload_mb == 0.5
    assert [w.split("=")[0] for w in limit_warnings()] == ["ค่า CDD_MAX_ROWS"]


def test_a_lowered_limit_takes_effect_without_a_restart(monkeypatch):
    data = (HEADER + ROW * 3).encode()
    assert len(read_grid("r.csv", data, in_force()).rows) == 4
    monkeypatch.setenv("CDD_MAX_ROWS", "2")
    assert refused("r.csv", data).code == "too_many_rows"


# ---- too large -----------------------------------------------------------------------------------------------


def test_a_file_over_the_upload_limit_is_refused_before_reading(monkeypatch, no_openpyxl):
    def no_decoding(*args, **kwargs):
        pytest.fail("a file over the size limit must not be decoded")

    monkeypatch.setattr("cdd.intake.reader.decode_csv", no_decoding)
    monkeypatch.setattr("cdd.intake.reader.sniff", no_decoding)
    data = (HEADER + ROW * (10 * 1024 * 1024 // len(ROW.encode()) + 1)).encode()
    assert 10 * 1024 * 1024 < len(data) < 11 * 1024 * 1024
    for name, body in (("big.csv", data), ("big.xlsx", b"PK\x03\x04" + data)):
        problem = refused(name, body)
        assert problem.code == "too_large"
        message = str(problem)
        assert name in message and "10.0 MB" in message and "10 MB" in message and "แบ่งส่ง" in message


def test_a_file_at_the_limit_is_read_and_the_limit_can_be_changed(monkeypatch):
    monkeypatch.setenv("CDD_MAX_UPLOAD_MB", "0.001")  # 1,048 bytes
    limit = in_force().max_upload_bytes
    exact = (HEADER + ROW * 40).encode()[:limit]
    exact = exact[: exact.rfind(b"\r\n") + 2]
    assert read_grid("ok.csv", exact.ljust(limit, b"\n"), in_force()).kind == "csv"
    problem = refused("over.csv", exact.ljust(limit + 1, b"\n"))
    assert problem.code == "too_large" and "0.001 MB" in str(problem)


def test_the_import_reports_too_large_as_a_problem_of_the_whole_file(monkeypatch, registry, schemes):
    monkeypatch.setenv("CDD_MAX_UPLOAD_MB", "0.0001")
    submission, problems = read_submission("big.csv", (HEADER + ROW * 10).encode(), registry, schemes)
    assert submission is None
    assert [(p.row, p.column, p.code) for p in problems] == [(None, None, "too_large")]


# ---- zip bomb -----------------------------------------------------------------------------------------------


def test_the_corpus_zip_bomb_is_refused_before_openpyxl_opens_it(no_openpyxl):
    path = BAD / "zip_bomb-sheet-inflates-to-60-mb.xlsx"
    data = path.read_bytes()
    assert len(data) < 200 * 1024
    assert sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist()) > 60 * 1024 * 1024
    problem = refused(path.name, data)
    message = str(problem)
    assert problem.code == "zip_bomb"
    assert "60.0 MB" in message and "50 MB" in message and "100 เท่า" in message and "ไฟล์ Excel ใหม่" in message


def test_the_unzipped_size_limit_alone_refuses(monkeypatch, no_openpyxl):
    """Random bytes barely compress: the ratio is fine, the total inflated size is not."""
    import random

    noise = random.Random(7).randbytes(3 * 1024 * 1024)
    monkeypatch.setenv("CDD_MAX_UNZIPPED_MB", "2")
    problem = refused("noise.xlsx", xlsx_with({"xl/worksheets/sheet1.xml": noise}))
    assert problem.code == "zip_bomb" and "3.0 MB" in str(problem) and "2 MB" in str(problem)


def test_the_ratio_limit_alone_refuses(no_openpyxl):
    """5 MB of one byte is under the 50 MB limit, but inflates about a thousandfold."""
    problem = refused("ratio.xlsx", xlsx_with({"xl/worksheets/sheet1.xml": b" " * 5 * 1024 * 1024}))
    assert problem.code == "zip_bomb" and "5.0 MB" in str(problem) and "100 เท่า" in str(problem)


def test_too_many_parts_refuses(no_openpyxl):
    problem = refused("parts.xlsx", xlsx_with({f"x/{n}": b"" for n in range(MAX_ZIP_ENTRIES + 1)}))
    assert problem.code == "zip_bomb" and "1,001" in str(problem) and "1,000" in str(problem)


def test_real_workbooks_pass_the_zip_checks():
    for path in sorted((BAD.parent / "good").glob("*.xlsx")):
        assert read_grid(path.name, path.read_bytes(), in_force()).kind == "xlsx", path.name


def test_a_broken_zip_is_still_the_wrong_file_type(no_openpyxl):
    assert refused("cut.xlsx", b"PK\x03\x04" + b"\x00" * 200).code == "wrong_file_type"


# ---- too many rows --------------------------------------------------------------------------------------------


def test_the_corpus_file_of_5001_rows_is_refused():
    path = BAD / "too_many_rows-5001-rows.csv"
    problem = refused(path.name, path.read_bytes())
    assert problem.code == "too_many_rows"
    assert "5,001 แถว" in str(problem) and "5,000 แถว" in str(problem) and "แบ่งส่ง" in str(problem)


def test_5000_rows_are_read_and_blank_rows_do_not_count():
    data = (HEADER + (ROW + ",,,,\r\n\r\n") * 5000).encode()
    rows = read_grid("full.csv", data, in_force()).rows
    assert len(rows) == 1 + 5000 * 3 - 2  # the blank rows after the last filled one are never held
    assert sum(1 for row in rows if row) == 1 + 5000


def test_a_csv_over_the_limit_counts_every_row_but_does_not_hold_them(monkeypatch):
    monkeypatch.setenv("CDD_MAX_ROWS", "10")
    problem = refused("many.csv", (HEADER + ROW * 50_000).encode())
    assert "50,000 แถว" in str(problem) and "10 แถว" in str(problem)


def test_an_excel_file_over_the_row_limit(monkeypatch):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(HEADER.strip().split(","))
    for _ in range(12):
        book.active.append(ROW.strip().split(","))
    raw = io.BytesIO()
    book.save(raw)
    monkeypatch.setenv("CDD_MAX_ROWS", "11")
    problem = refused("many.xlsx", raw.getvalue())
    assert problem.code == "too_many_rows" and "12 แถว" in str(problem) and "11 แถว" in str(problem)
    monkeypatch.setenv("CDD_MAX_ROWS", "12")
    assert len(read_grid("many.xlsx", raw.getvalue(), in_force()).rows) == 13
