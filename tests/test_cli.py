"""The command-line contract other work relies on: schemes, evaluate, lint, and one line for bad input."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCHEME_IDS = ["buriram-digital-2568", "click-2567-q2", "click-2567-q3", "lampang-2567-q3", "sakaeo-click-2568"]


def test_schemes_lists_the_five_with_thai_titles(cli):
    run = cli("schemes")
    lines = run.out.strip().splitlines()
    assert run.code == 0 and sorted(line.split("\t")[0] for line in lines) == SCHEME_IDS
    assert all(any("\u0e00" <= ch <= "\u0e7f" for ch in line.split("\t")[1]) for line in lines)


def test_evaluate_output_has_the_contract_keys(cli):
    values = {"shop_new": 3, "data_updated": "ใช่", "pr_posts": 1, "pr_channels": 2, "activities": 1, "downloads": 50}
    data = cli("evaluate", "click-2567-q2", "--district", "5702", "--period", "2567-01", stdin=values).json()
    assert set(data) == {"scheme", "district", "period", "results"}
    result = data["results"][0]
    assert {"mission", "grade", "score", "status", "criteria", "gaps"} <= set(result)
    assert {"id", "label", "met", "actual", "required", "shortfall"} <= set(result["criteria"][0])
    assert result["grade"] == "B" and result["score"] == 8  # เวียงชัย: 3 shops of a target of 4


def test_references_come_from_the_registry_unless_given(cli):
    values = {"shop_new": 4, "data_updated": "yes", "pr_posts": 1, "pr_channels": 2, "activities": 1, "downloads": 50}
    run = cli("evaluate", "click-2567-q2", "--district", "5702", "--period", "2567-01", stdin=values)
    assert run.json()["results"][0]["grade"] == "A"  # เวียงชัย: 4 shops, 5 tambons → 50 downloads
    run = cli("evaluate", "click-2567-q2", "--district", "5702", "--period", "2567-01", stdin=values | {"tambons": 6})
    assert run.json()["results"][0]["grade"] == "B"


def test_absent_inputs_give_no_data(cli):
    data = cli("evaluate", "click-2567-q3", "--district", "5709", "--period", "2567-05", stdin={}).json()
    result = data["results"][0]
    assert (result["grade"], result["status"]) == (None, "no data")


def test_partly_reported_mission_is_incomplete_and_names_what_is_missing(cli):
    data = cli(
        "evaluate", "click-2567-q3", "--district", "5709", "--period", "2567-05", stdin={"downloads": 90, "pr_posts": 3}
    ).json()
    result = data["results"][0]
    assert (result["grade"], result["status"]) == (None, "incomplete")
    assert "heads_total" in result["missing"] and "activities" in result["missing"]


@pytest.mark.parametrize(
    "args, stdin, words",
    [
        (["evaluate", "click-2599", "--district", "5704", "--period", "2567-02"], {}, "click-2599"),
        (["evaluate", "click-2567-q2", "--district", "9999", "--period", "2567-02"], {}, "9999"),
        (["evaluate", "click-2567-q2", "--district", "เทิงง", "--period", "2567-02"], {}, "เทิง"),
        (["evaluate", "click-2567-q2", "--district", "2701", "--period", "2567-02"], {}, "2701"),
        (["evaluate", "click-2567-q2", "--district", "5704", "--period", "2567-13"], {}, "2567-13"),
        (["evaluate", "click-2567-q2", "--district", "5704", "--period", "2567-05"], {}, "2567-05"),
        (["evaluate", "lampang-2567-q3", "--district", "5201", "--period", "2567-04"], {}, "ไตรมาส"),
        (["evaluate", "click-2567-q2", "--district", "5704", "--period", "2567-02"], {"shops": 1}, "shops"),
        (["evaluate", "click-2567-q2", "--district", "5704", "--period", "2567-02"], {"kok_5p": 1}, "kok_5p"),
        (["evaluate", "click-2567-q2", "--district", "5704", "--period", "2567-02"], {"shop_new": "many"}, "many"),
        (["evaluate", "click-2567-q2", "--district", "5704", "--period", "2567-02"], {"shop_new": -1}, "ติดลบ"),
        (["evaluate", "click-2567-q2", "--district", "5704", "--period", "2567-02"], {"shop_new": 2.5}, "จำนวนเต็ม"),
        (["evaluate", "click-2567-q2", "--district", "5704", "--period", "2567-02"], {"data_updated": 5}, "ใช่/ไม่ใช่"),
        (["evaluate", "click-2567-q2", "--district", "5704", "--period", "2567-02"], {"shop_new": "n/a"}, "ไม่เกี่ยวข้อง"),
        (["evaluate", "click-2567-q2", "--district", "5704", "--period", "2567-02"], "[1, 2]", "JSON object"),
        (["evaluate", "click-2567-q2", "--district", "5704", "--period", "2567-02"], "{oops", "JSON"),
        (["evaluate", "click-2567-q2", "--period", "2567-02"], {}, "--district"),
        (["grade-everything"], {}, "grade-everything"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line(cli, args, stdin, words):
    run = cli(*args, stdin=stdin)
    assert run.code == 2
    assert run.out == ""
    assert len(run.err.strip().splitlines()) == 1 and words in run.err
    assert "Traceback" not in run.err


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_bad_input_in_a_real_process_has_no_traceback(cli_db):
    done = subprocess.run(
        [sys.executable, "-m", "cdd", "evaluate", "click-2567-q2", "--district", "5704", "--period", "2567-02"]
        + ["--db", str(cli_db)],
        input='{"pr_posts": "สองครั้ง"}',
        capture_output=True,
        text=True,
        cwd=ROOT,
        encoding="utf-8",
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr and "สองครั้ง" in done.stderr


def test_lint_finds_the_buriram_spots_on_its_own(cli):
    run = cli("lint")
    assert run.code == 0
    buriram = [line for line in run.out.splitlines() if line.startswith("buriram-digital-2568.toml")]
    text = "\n".join(buriram)
    assert " / 1.1: " in text and "คะแนนเท่ากัน" in text  # 5 points for both ≥ 4 and ≥ 5 times
    assert " / 2.1: " in text and "58" in text and "59" in text  # thresholds one point apart
    assert " / 2.2: " in text and "ช่องว่าง" in text  # no row for exactly 1 database
    assert "พิมพ์คะแนนเต็ม 5 แต่ส่วนย่อยรวมได้ 4" in text  # innovation criterion 1
    assert cli("lint", "--strict").code == 1


def test_a_share_of_a_whole_cannot_pass_100_percent(cli):
    run = cli(
        "evaluate", "lampang-2567-q3", "--district", "5201", "--period", "2567-Q3", stdin={"wf_overdue_pct": "120%"}
    )
    assert run.code == 2 and "100" in run.err and "120" in run.err


def test_thai_number_forms_are_read(cli):
    values = {"wf_overdue_pct": "ร้อยละ ๙.๙๙", "wf_members_pct": "75.01%", "wf_groups_pct": "๙๐"}
    run = cli("evaluate", "lampang-2567-q3", "--district", "5201", "--period", "2567-Q3", stdin=values)
    fund = next(r for r in run.json()["results"] if r["mission"] == "women-fund")
    assert (fund["grade"], fund["score"]) == ("A", 100)


def test_a_lint_note_names_the_rules_in_the_letters_words_and_the_files_form_only_beside_it():
    from cdd.rubrics import drafts
    from cdd.rubrics.lint import lint_scheme
    from cdd.rubrics.model import load_schemes

    scheme = load_schemes()["click-2567-q3"]
    rows = drafts.rule_rows(scheme)
    for row in rows:
        if row["part"] == "heads" and row["level"] == "C":
            row["number"] = 75  # C now asks more than B's 70%
    (finding,) = lint_scheme(drafts.with_rules(scheme, rows))
    assert finding.message.startswith(
        "ระดับ C ต้องการ «หัวหน้าส่วนราชการที่ดาวน์โหลดแล้ว ไม่น้อยกว่า 75% ของหัวหน้าส่วนราชการสังกัด มท. ในอำเภอ» "
        "มากกว่าระดับ B («หัวหน้าส่วนราชการที่ดาวน์โหลดแล้ว ไม่น้อยกว่า 70% ของ"
    )
    assert "heads_" not in finding.message and ">=" not in finding.message
    first, *rest = finding.line().splitlines()
    assert "heads_downloaded >=" not in first
    assert rest == [
        "    (ในไฟล์: C: heads_downloaded >= 75% of heads_total / B: heads_downloaded >= 70% of heads_total)"
    ]
