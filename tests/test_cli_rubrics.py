"""`python -m cdd rubric …`: exit codes and the Thai a person reads, on a database of the test's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import held_by_another_process

from cdd.store import database as store
from cdd.store import rubric_versions as rv


@pytest.fixture
def db(fresh_db) -> str:
    return str(fresh_db("cli-rubric"))


def exported(cli, db: str, tmp_path: Path, ref: str = "click-2567-q3") -> Path:
    path = tmp_path / f"{ref}.toml"
    assert cli("rubric", "export", ref, "-o", str(path), "--db", db).code == 0
    return path


def fy2570(source: Path, tmp_path: Path, raise_posts: bool = True) -> Path:
    text = source.read_text(encoding="utf-8").replace('id = "click-2567-q3"', 'id = "click-2570-q1"')
    text = text.replace('"2567-04", "2567-06"', '"2569-10", "2569-12"')
    text = text.replace("ที่ ขร ๐๐๑๙.๓/ว๑๑๐๓๗ ลงวันที่ ๗ พฤษภาคม ๒๕๖๗", "ที่ ชร 0019.3/ว 100 ลงวันที่ 1 ตุลาคม 2569")
    if raise_posts:
        text = text.replace('when = "pr_posts >= 2"', 'when = "pr_posts >= 4"')
    path = tmp_path / "click-2570-q1.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_list_names_every_version_with_its_letter_months_and_publisher(cli, db):
    run = cli("rubric", "list", "--db", db)
    assert run.code == 0
    line = next(x for x in run.out.splitlines() if x.startswith("click-2567-q3@1"))
    assert "ใช้อยู่" in line and "มีผล 2567-04 ถึง 2567-06" in line and "ขร ๐๐๑๙.๓/ว๑๑๐๓๗" in line
    assert rv.SHIPPED_BY in line


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_export_validate_publish_show_and_retire(cli, db, tmp_path):
    draft = fy2570(exported(cli, db, tmp_path), tmp_path)
    valid = cli("rubric", "validate", str(draft))
    assert valid.code == 0 and "click-2570-q1: ใช้ได้" in valid.out
    published = cli("rubric", "publish", str(draft), "--by", "สมหญิง", "--db", db)
    assert published.code == 0 and "click-2570-q1@1" in published.out
    shown = cli("rubric", "show", "click-2570-q1", "--db", db)
    assert "ชร 0019.3/ว 100" in shown.out and "pr_posts >= 4" in shown.out and "สมหญิง" in shown.out
    retired = cli("rubric", "retire", "click-2570-q1@1", "--by", "สมหญิง", "--db", db)
    assert retired.code == 0
    assert "เลิกใช้" in next(x for x in cli("rubric", "list", "--db", db).out.splitlines() if "click-2570-q1" in x)
    assert cli("rubric", "retire", "click-2570-q1@1", "--db", db).code == 1


def test_a_bad_file_exits_1_in_thai_and_publish_writes_nothing(cli, db, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(exported(cli, db, tmp_path).read_text(encoding="utf-8").replace("pr_posts >=", "tiktok_posts >="))
    run = cli("rubric", "validate", str(bad))
    assert run.code == 1 and "ตัวชี้วัด 'tiktok_posts' ไม่มีในรายการตัวชี้วัด" in run.err
    assert cli("rubric", "preview", str(bad), "--period", "2567-06", "--db", db).code == 1
    with store.connect(db) as con:
        before = rv.versions(con)
    run = cli("rubric", "publish", str(bad), "--db", db)
    assert run.code == 1 and "ยังไม่ได้เขียนอะไรลงฐานข้อมูล" in run.err
    with store.connect(db) as con:
        assert rv.versions(con) == before


def test_preview_counts_the_districts_that_move_and_names_the_criterion(cli, db, tmp_path):
    draft = fy2570(exported(cli, db, tmp_path), tmp_path)
    run = cli(
        "rubric",
        "preview",
        str(draft),
        "--period",
        "2567-06",
        "--against",
        "click-2567-q3",
        "--province",
        "57",
        "--db",
        db,
    )
    assert run.code == 0
    moved = [line for line in run.out.splitlines() if "\tลง\t" in line]
    assert moved and all(line.endswith("จัดทำสื่อประชาสัมพันธ์และเผยแพร่ (ครั้ง/เดือน)") for line in moved)
    assert f"ลง {len(moved)} " in run.out.splitlines()[-1] and "ไม่ได้บันทึก" in run.out
    ungraded = [line for line in run.out.splitlines() if "\tให้ระดับไม่ได้\t" in line]
    assert all("\t–\t" in line for line in ungraded)  # no figures under one of the two: counted on its own
    assert f"ให้ระดับไม่ได้ {len(ungraded)} " in run.out.splitlines()[-1]
    with store.connect(db) as con:
        assert "click-2570-q1" not in rv.current_schemes(con)


def test_an_unknown_version_or_file_is_bad_input(cli, db):
    run = cli("rubric", "show", "click-2599-q9", "--db", db)
    assert run.code == 2 and "click-2567-q3@1" in run.err
    assert cli("rubric", "validate", "/nonexistent.toml").code == 2


@pytest.mark.slow
def test_while_the_dashboard_holds_the_database_the_command_names_the_screen(cli, db):
    with held_by_another_process(Path(db)):
        run = cli("rubric", "list", "--db", db)
    assert run.code == 3 and "แดชบอร์ด" in run.err and "จัดการเกณฑ์" in run.err


# ---- schemes, template and evaluate read the published schemes ------------------------------------------

GOOD_MONTH = {  # every A rule of Click Q3 met, but only 2 posts: the clone asks for 4
    "heads_total": 4,
    "heads_downloaded": 4,
    "data_updated": "yes",
    "pr_posts": 2,
    "pr_channels": 2,
    "activities": 2,
    "downloads": 100,
}


@pytest.mark.slow  # over a second: a scheme published, then three commands on it
def test_a_scheme_published_in_the_database_is_listed_its_form_printed_and_its_grades_given(cli, db, tmp_path):
    draft = fy2570(exported(cli, db, tmp_path), tmp_path)
    assert "click-2570-q1" not in cli("schemes", "--db", db).out
    assert cli("evaluate", "click-2570-q1", "--district", "5709", "--period", "2569-10", "--db", db).code == 2
    assert cli("rubric", "publish", str(draft), "--by", "สมหญิง", "--db", db).code == 0

    listed = cli("schemes", "--db", db).out.splitlines()
    assert "click-2570-q1\tภารกิจสำคัญไตรมาสที่ 3 ปีงบประมาณ 2567: การดำเนินงาน Click ชุมชน" in listed  # the title as cloned
    form = tmp_path / "form.csv"
    run = cli("template", "click-2570-q1", "--format", "csv", "--period", "2569-10", "-o", str(form), "--db", db)
    assert run.code == 0 and "2569-10" in form.read_text(encoding="utf-8-sig")
    graded = cli("evaluate", "click-2570-q1", "--district", "5709", "--period", "2569-10", "--db", db, stdin=GOOD_MONTH)
    assert graded.code == 0
    (result,) = graded.json()["results"]
    assert result["grade"] == "C"  # 2 posts: C under the clone's "at least 4" for A and B
    as_shipped = cli(
        "evaluate", "click-2567-q3", "--district", "5709", "--period", "2567-04", "--db", db, stdin=GOOD_MONTH
    )
    assert as_shipped.json()["results"][0]["grade"] == "A"  # the same figures under the letter of 2567


@pytest.mark.slow  # over a second: another process holds the database
@pytest.mark.parametrize(
    "args, screen",
    [
        (["schemes"], "เกณฑ์"),
        (["template", "click-2567-q3", "-o", "form.xlsx"], "นำเข้าข้อมูล"),
        (["evaluate", "click-2567-q3", "--district", "5709", "--period", "2567-04"], "อำเภอ"),
    ],
)
def test_while_the_dashboard_holds_the_database_schemes_template_and_evaluate_name_the_screen(
    cli, db, tmp_path, args, screen
):
    with held_by_another_process(Path(db)):
        run = cli(*[str(tmp_path / a) if a.endswith(".xlsx") else a for a in args], "--db", db, stdin={})
    assert run.code == 3 and "แดชบอร์ด" in run.err and f"«{screen}»" in run.err
