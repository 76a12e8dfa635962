"""The store commands from the command line: init, template, import, batches, rollback, grades, gaps, status."""

import csv
import io
import json
from pathlib import Path

import duckdb
import pytest
from conftest import held_by_another_process
from openpyxl import load_workbook

from cdd.store import database as store

ROOT = Path(__file__).resolve().parent.parent
GOOD = "รหัสอำเภอ,อำเภอ,เดือน,shop_new,data_updated,pr_posts,pr_channels,activities,downloads\n"


@pytest.fixture
def db(tmp_path, cli):
    path = tmp_path / "cdd.duckdb"
    assert cli("init", "--db", str(path)).code == 0
    return path


def write_csv(tmp_path, name, rows, encoding="utf-8-sig"):
    path = tmp_path / name
    path.write_bytes((GOOD + "".join(rows)).encode(encoding))
    return path


def content(path) -> list:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return [
            con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
            for t in ("batches", "submitted_values", "supersessions", "districts", "reference_figures")
        ]
    finally:
        con.close()


def test_import_then_grades(tmp_path, cli, db):
    good = write_csv(
        tmp_path, "feb.csv", [",อ.เทิง,ก.พ. ๒๕๖๗,๙,ใช่,1,2,1,120\n", "5709,,2024-02,7,ใช่,1,2,1,80\n"], encoding="cp874"
    )
    run = cli("import", str(good), "--db", str(db), "--by", "staff")
    assert run.code == 0 and "ค่าใหม่ 12" in run.out
    grades = list(
        csv.reader(
            io.StringIO(
                cli("grades", "--scheme", "click-2567-q2", "--period", "2567-02", "--db", str(db)).out.lstrip("\ufeff")
            )
        )
    )
    by_code = {row[0]: row for row in grades[1:]}
    assert by_code["5704"][3:5] == ["A", "10"] and by_code["5709"][3:5] == [
        "B",
        "8",
    ]  # 7 of 8 shops; 80 downloads meet 10 × 8 tambons
    assert by_code["5701"][5] == "ยังไม่มีข้อมูล"
    data = json.loads(
        cli("grades", "--scheme", "click-2567-q2", "--period", "2567-02", "--format", "json", "--db", str(db)).out
    )
    assert {"code", "name", "mission", "grade", "score", "status"} == set(data[0])


def test_a_bad_file_prints_every_problem_and_writes_nothing(tmp_path, cli, db):
    before = content(db)
    bad = write_csv(tmp_path, "bad.csv", [",เทิงง,ก.พ. 67,-1,บางที,1,2,1,100\n", "5704,,ก.พ. 67,1,ใช่,1.5,2,1,100\n"])
    run = cli("import", str(bad), "--db", str(db))
    assert run.code == 1
    for code in ("unknown_district", "negative", "not_yes_no", "not_whole"):
        assert f"[{code}]" in run.err
    assert "แถว 2" in run.err and "แถว 3" in run.err and "ยังไม่ได้เขียนข้อมูลใดเลย" in run.err
    assert content(db) == before


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_dry_run_supersede_batches_rollback(tmp_path, cli, db):
    first = write_csv(tmp_path, "a.csv", ["5704,,2567-02,9,yes,1,2,1,120\n"])
    second = write_csv(tmp_path, "b.csv", ["5704,,2567-02,9,yes,1,2,2,99\n"])
    assert cli("import", str(first), "--db", str(db)).code == 0
    before = content(db)
    run = cli("import", str(second), "--db", str(db), "--dry-run")
    assert "เปลี่ยน 2" in run.out and "เท่าเดิม 4" in run.out and content(db) == before
    assert cli("import", str(second), "--db", str(db)).code == 0
    listing = cli("batches", "--db", str(db)).out
    assert "b.csv" in listing and "a.csv" in listing
    grade = lambda: cli("grades", "--scheme", "click-2567-q2", "--period", "2567-02", "--db", str(db)).out  # noqa: E731
    assert "5704,เทิง,click-2567-q2,B,8" in grade()
    refused = cli("rollback", "1", "--db", str(db))
    assert refused.code == 2 and "ชุด 2" in refused.err  # batch 2 superseded batch 1's values
    assert cli("rollback", "2", "--db", str(db)).code == 0
    assert "5704,เทิง,click-2567-q2,A,10" in grade()
    assert cli("rollback", "2", "--db", str(db)).code == 2


def test_template_in_both_formats(tmp_path, cli):
    assert (
        cli("template", "click-2567-q3", "--format", "csv", "-o", str(tmp_path / "t.csv"), "--period", "2567-04").code
        == 0
    )
    assert (tmp_path / "t.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert cli("template", "lampang-2567-q3", "--format", "xlsx", "-o", str(tmp_path / "t.xlsx")).code == 0
    assert load_workbook(tmp_path / "t.xlsx").worksheets[0].max_row == 2 + 13  # a row a district, month left blank
    assert cli("template", "lampang-2567-q3", "-o", str(tmp_path / "q.xlsx"), "--period", "2567-Q3").code == 0
    assert load_workbook(tmp_path / "q.xlsx").worksheets[0].max_row == 2 + 13 * 3  # 13 districts × 3 months
    assert cli("template", "nope", "-o", str(tmp_path / "x.csv")).code == 2


def test_gaps_excel_and_status(tmp_path, cli, db):
    good = write_csv(tmp_path, "feb.csv", ["5704,,2567-02,1,ไม่ใช่,1,1,0,5\n"])
    cli("import", str(good), "--db", str(db))
    out = tmp_path / "gaps.xlsx"
    assert (
        cli(
            "gaps",
            "--scheme",
            "click-2567-q2",
            "--period",
            "2567-02",
            "--format",
            "xlsx",
            "-o",
            str(out),
            "--db",
            str(db),
        ).code
        == 0
    )
    sheet = load_workbook(out).worksheets[0]
    assert any(cell.value == "เทิง" for row in sheet.iter_rows() for cell in row)
    status = cli("status", "--scheme", "click-2567-q2", "--period", "2567-Q2", "--db", str(db)).out
    assert "5704,2567-02,late,ส่งช้า,2024-03-15" in status and "5701,2567-01,missing" in status


@pytest.mark.slow  # the whole demo written and removed
def test_demo_is_added_and_removed_with_one_command(tmp_path, cli):
    path = tmp_path / "demo.duckdb"
    assert cli("init", "--demo", "--db", str(path)).code == 0
    con = store.connect(path)
    batches, demo = con.execute("SELECT count(*), count(*) FILTER (is_demo) FROM batches").fetchall()[0]
    con.close()
    assert batches == demo > 400
    assert cli("remove-demo", "--db", str(path)).code == 0
    con = store.connect(path)
    assert con.execute("SELECT count(*) FROM submitted_values").fetchall()[0][0] == 0
    con.close()


def test_a_database_held_by_another_process_gives_a_plain_message(tmp_path, cli, db):
    with held_by_another_process(db):
        run = cli("batches", "--db", str(db))
        assert run.code == 3 and "the dashboard is using the database" in run.err and "Traceback" not in run.err


def test_an_older_database_is_upgraded_in_place(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    store.migrate(con, upto=1)
    con.execute(
        "INSERT INTO submitted_values (batch_id, code, month, key, value) VALUES (1, '5704', '2567-02', 'pr_posts', '2')"
    )
    con.close()
    con = store.connect(path)
    assert store.schema_version(con) == store.SCHEMA_VERSION >= 2
    assert con.execute("SELECT value, source_row FROM submitted_values").fetchall() == [("2", None)]
    con.close()


def test_synthetic_national_month_imports_and_grades(tmp_path):
    from cdd.cli import synthetic
    from cdd.grading.inputs import schemes
    from cdd.intake.validate import read_submission
    from cdd.office.calendar import Month
    from cdd.store import submissions

    national = synthetic.national_registry(provinces=4, districts=30)
    scheme = synthetic.national_scheme(schemes()["click-2567-q3"], national)
    data = synthetic.month_file(scheme, national, Month(2567, 4))
    submission, problems = read_submission("m.csv", data, national, {scheme.id: scheme})
    assert problems == [] and len(submission.rows) == 30
    con = store.connect(tmp_path / "n.duckdb")
    store.load_registry_into(con, national)
    submissions.write(con, submission, "m.csv", data, "test")
    assert con.execute("SELECT count(DISTINCT code) FROM submitted_values").fetchall()[0][0] == 30


def test_a_template_sent_back_with_one_district_filled_stores_only_that_district(tmp_path, cli, db):
    template = tmp_path / "t.csv"
    assert cli("template", "click-2567-q2", "--format", "csv", "--period", "2567-02", "-o", str(template)).code == 0
    lines = template.read_text(encoding="utf-8-sig").splitlines()
    filled = [line if not line.startswith("5704,") else line.rstrip(",") + ",9,ใช่,1,2,1,120" for line in lines]
    template.write_text("\n".join(filled) + "\n", encoding="utf-8-sig")
    run = cli("import", str(template), "--db", str(db))
    assert run.code == 0 and "แถวที่ไม่ได้กรอก 17" in run.out and "ไม่บันทึกซ้ำ) 36" in run.out  # 18 × 2 references
    con = duckdb.connect(str(db), read_only=True)
    stored = con.execute("SELECT code, key FROM submitted_values ORDER BY ALL").fetchall()
    con.close()
    assert {code for code, _ in stored} == {"5704"}
    assert {key for _, key in stored} == {
        "shop_new",
        "data_updated",
        "pr_posts",
        "pr_channels",
        "activities",
        "downloads",
    }


def test_a_corrected_reference_figure_takes_effect(tmp_path, cli, db):
    good = write_csv(tmp_path, "feb.csv", ["5704,,2567-02,9,yes,1,2,1,105\n"])
    cli("import", str(good), "--db", str(db))
    grade = lambda: cli("grades", "--scheme", "click-2567-q2", "--period", "2567-02", "--db", str(db)).out  # noqa: E731
    assert "5704,เทิง,click-2567-q2,A,10" in grade()
    con = store.connect(db)
    con.execute("UPDATE reference_figures SET value = '11' WHERE code = '5704' AND key = 'tambons'")
    con.close()
    assert "5704,เทิง,click-2567-q2,B,8" in grade()  # 105 downloads < 10 × 11 tambons
