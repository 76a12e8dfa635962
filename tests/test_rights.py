"""Rights per key: the reference figures a district is graded against (shop_target, tambons, heads_total…)
are the admins'. A file from a district or province account that changes one is refused where it is
written (cdd/store/submissions.py), with a Thai sentence naming the row and the figure, and nothing is
written; the same file is a problem of the file at check time (cdd/store/imports.py), before any preview.
A figure that only repeats the record (the template's pre-filled copy) is no change and passes."""

from __future__ import annotations

import re

import pytest

from cdd.grading.inputs import registry, schemes
from cdd.intake.validate import read_submission
from cdd.store import database as store
from cdd.store import imports, submissions, users
from cdd.store.users import NotAllowed, User

THAI = re.compile("[\u0e01-\u0e5b]")
CLICK = "code,district,month,shop_target,shop_new,data_updated,pr_posts,pr_channels,activities,downloads\r\n"
LAMPANG = "code,district,month,heads_total,heads_downloaded,data_updated,pr_posts,pr_channels,activities,downloads\r\n"
DISTRICT = User("maesai", "district", "5709")


def click_file(shop_target: int) -> bytes:
    """แม่สาย's Q2 report with its shop target (on record: 8 a month)."""
    return (CLICK + f"5709,แม่สาย,2567-02,{shop_target},5,yes,2,3,2,85\r\n").encode()


@pytest.fixture
def con(tmp_path, blank_db):
    con = store.connect(blank_db(tmp_path / "cdd.duckdb"))
    users.add_user(con, "maesai", "district", "a-password-long-enough", "5709")
    users.add_user(con, "province", "province", "a-password-long-enough")
    users.add_user(con, "admin", "admin", "a-password-long-enough")
    yield con
    con.close()


def submission_of(data: bytes, scheme_id: str | None = "click-2567-q2"):
    submission, problems = read_submission("report.csv", data, registry(), schemes(), scheme_id)
    assert problems == [], problems
    return submission


def batch_count(con) -> int:
    return store.first_row(con, "SELECT count(*) FROM batches")[0]


@pytest.mark.parametrize("who", ["maesai", "province"])
def test_an_account_that_is_not_admin_cannot_change_a_shop_target_when_writing(con, who):
    account = users.active_user(con, who)
    with pytest.raises(NotAllowed) as refused:
        submissions.write(con, submission_of(click_file(2)), "report.csv", click_file(2), account)
    message = str(refused.value)
    assert THAI.search(message) and "แถวที่ 2" in message and "shop_target" in message and "= 2" in message
    assert batch_count(con) == 0


def test_a_district_cannot_set_heads_total_either(con):
    account = users.active_user(con, "maesai")
    data = (LAMPANG + "5709,แม่สาย,2567-04,1,1,yes,2,3,2,85\r\n").encode()
    submission = submission_of(data, None)
    with pytest.raises(NotAllowed, match="heads_total"):
        submissions.write(con, submission, "report.csv", data, account)
    assert batch_count(con) == 0


def test_the_template_copy_of_a_reference_figure_passes_for_a_district(con):
    account = users.active_user(con, "maesai")
    batch = submissions.write(con, submission_of(click_file(8)), "report.csv", click_file(8), account)
    stored = con.execute("SELECT key FROM submitted_values WHERE batch_id = ?", [batch]).fetchall()
    assert ("shop_target",) not in stored and ("shop_new",) in stored


def test_an_admin_may_change_a_reference_figure(con):
    account = users.active_user(con, "admin")
    batch = submissions.write(con, submission_of(click_file(2)), "report.csv", click_file(2), account)
    value = store.first_row(
        con, "SELECT value FROM submitted_values WHERE batch_id = ? AND key = 'shop_target'", [batch]
    )
    assert value == ("2",)


def test_the_check_names_the_row_and_figure_before_any_preview(con):
    account = users.active_user(con, "maesai")
    checked = imports.check_file(con, "report.csv", click_file(2), schemes(), "click-2567-q2", by=account)
    assert not checked.ok and checked.plan is None
    assert [(p.row, p.column, p.value, p.code) for p in checked.problems] == [
        (2, "shop_target", "2", "reference_figure")
    ]
    assert "แถวที่ 2" in checked.problems[0].message
    assert imports.check_file(con, "report.csv", click_file(8), schemes(), "click-2567-q2", by=account).ok
