"""People's text is shown as typed: Markdown in a file name or a cell never renders (no image fetched
from elsewhere, no link), and bidi controls never turn a name around in the history."""

from __future__ import annotations

import pandas as pd

from cdd.intake.validate import Problem
from cdd.office.thai import plain_text, without_bidi_controls
from cdd.views import upload

IMAGE = "![x](https://example.invalid/track.png)"
REVERSED = "\u202egpj.exe\u202c รายงาน"


def test_markdown_signs_are_escaped_and_bidi_controls_removed():
    assert plain_text(IMAGE) == r"\!\[x\]\(https\://example\.invalid/track\.png\)"
    assert plain_text(":red[x] **b**") == r"\:red\[x\] \*\*b\*\*"
    assert plain_text(REVERSED) == r"gpj\.exe รายงาน"
    assert plain_text("เทิง 5704") == "เทิง 5704"
    assert without_bidi_controls(REVERSED) == "gpj.exe รายงาน"


def test_the_problem_table_shows_a_cell_and_a_file_name_as_typed():
    problem = Problem(3, "อำเภอ", IMAGE, "unknown_district", f"ไฟล์ '{IMAGE}.csv' แถวที่ 3")
    row = upload.problems_table([problem]).iloc[0].tolist()
    assert "![" not in "".join(row) and "](" not in "".join(row)
    assert row[2] == plain_text(IMAGE)


def test_the_saved_message_and_the_history_show_names_as_typed():
    assert "![" not in upload.saved_message(7, IMAGE + ".csv", 3)
    frame = pd.DataFrame(
        [
            {
                "id": 1,
                "submitted_at": pd.Timestamp("2024-05-01 09:00"),
                "submitted_by": "\u202eadmin",
                "file_name": REVERSED,
                "scheme": "click-2567-q3",
                "period": "2567-04",
                "row_count": 1,
                "value_count": 1,
                "superseded": 0,
                "is_demo": False,
                "rolled_back_at": pd.NaT,
                "sha256": "",
            }
        ]
    )
    table = upload.batch_table(frame)
    assert table.iloc[0]["ไฟล์"] == "gpj.exe รายงาน" and table.iloc[0]["ผู้ส่ง"] == "admin"
    assert "\u202e" not in "".join(upload.rollback_choices(frame).values())
