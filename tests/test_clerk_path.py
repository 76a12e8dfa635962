"""A district account's own work: where it lands, the template it gets, and a row of another district
refused when the file is checked, not after confirming."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from cdd.intake.templates import template_rows, write_template_csv, write_template_xlsx
from cdd.intake.validate import read_submission
from cdd.office.calendar import parse_period
from cdd.views.home import Home, current_scheme, district_home, owed_month

TODAY = dt.date(2026, 12, 1)  # 1 ธันวาคม 2569: every shipped scheme is over


def test_a_chiang_rai_clerk_lands_on_chiang_rai_its_scheme_and_the_month_it_owes(registry, schemes):
    assert district_home("5704", registry, schemes.values(), TODAY) == Home("57", "click-2567-q3", "2567-06")


def test_a_lampang_clerk_gets_lampangs_own_scheme_not_the_shared_one(registry, schemes):
    assert district_home("5201", registry, schemes.values(), TODAY).scheme_id == "lampang-2567-q3"


def test_the_owed_month_is_the_last_month_that_is_over(schemes):
    sakaeo = schemes["sakaeo-click-2568"]
    first, second = sakaeo.months[0], sakaeo.months[1]
    assert owed_month(sakaeo, second.next().first_day).token == second.token  # the day after it ends
    assert owed_month(sakaeo, second.next().first_day - dt.timedelta(days=1)).token == first.token
    assert owed_month(sakaeo, second.first_day).token == first.token
    assert owed_month(sakaeo, first.first_day - dt.timedelta(days=90)).token == first.token  # not started yet


def test_the_scheme_running_now_wins_over_one_that_ended(schemes):
    assert current_scheme(schemes.values(), "57", dt.date(2024, 2, 10)).id == "click-2567-q2"
    assert current_scheme(schemes.values(), "57", dt.date(2024, 5, 10)).id == "click-2567-q3"
    assert current_scheme(schemes.values(), "99", TODAY) is None


def test_a_districts_template_holds_its_own_rows_only(registry, schemes):
    scheme = schemes["click-2567-q3"]
    assert {row["code"] for row in template_rows(scheme, registry, parse_period("2567-Q3"), "5704")} == {"5704"}
    assert len(template_rows(scheme, registry, None, "5704")) == 1
    csv_lines = write_template_csv(scheme, registry, parse_period("2567-05"), "5704").decode("utf-8-sig").splitlines()
    assert len(csv_lines) == 3 and csv_lines[2].startswith("5704,เทิง")


def test_the_excel_key_row_is_hidden_and_the_reader_still_uses_it(registry, schemes):
    scheme = schemes["click-2567-q3"]
    data = write_template_xlsx(scheme, registry, parse_period("2567-05"), "5704")
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet.row_dimensions[2].hidden and not sheet.row_dimensions[1].hidden
    keys = [cell.value for cell in sheet[2]]
    sheet.cell(row=3, column=keys.index("heads_downloaded") + 1, value=3)
    out = io.BytesIO()
    sheet.parent.save(out)
    submission, problems = read_submission("t.xlsx", out.getvalue(), registry, schemes)
    assert problems == [] and submission.scheme.id == "click-2567-q3"
    assert [(r.district.code, r.month.token) for r in submission.rows] == [("5704", "2567-05")]


def test_another_districts_row_is_a_problem_of_the_check_in_thai(registry, schemes):
    data = (
        "รหัสอำเภอ,อำเภอ,เดือน,heads_downloaded\n5704,เทิง,2567-05,3\n5705,พาน,2567-05,4\n5709,แม่สาย,2567-05,1\n"
    ).encode()
    submission, problems = read_submission("t.csv", data, registry, schemes, own_district="5704")
    assert submission is None
    assert [(p.row, p.code, p.value) for p in problems] == [
        (3, "other_district", "พาน"),
        (4, "other_district", "แม่สาย"),
    ]
    assert problems[0].message.startswith("ไฟล์นี้มีแถวของอำเภอพาน: บัญชีนี้ส่งได้เฉพาะอำเภอเทิง")
    alone, none = read_submission("t.csv", data.split(b"\n5705")[0] + b"\n", registry, schemes, own_district="5704")
    assert none == [] and [r.district.code for r in alone.rows] == ["5704"]
