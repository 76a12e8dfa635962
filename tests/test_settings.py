"""The limits an administrator sets without a shell (cdd/store/settings.py): kept in the database with who
changed what, when and from what; checked with a Thai sentence naming the limit, the value and the fix;
the environment still wins; and an upload or an automatic copy is held to them from the next file on."""

from __future__ import annotations

import pytest

from cdd.intake.limits import DEFAULTS, SETTINGS, LimitRefused, check_limit, in_force
from cdd.store import backup, imports, settings, users
from cdd.store import database as store
from cdd.store.users import NotAllowed, User
from cdd.views import settings as shown

ADMIN = User("ผู้ดูแล", "admin")
PROVINCE = User("จังหวัด", "province")
HEADER = "code,district,month,heads_total,heads_downloaded,data_updated,pr_posts,pr_channels,activities,downloads\r\n"
ROW = "5709,แม่สาย,2567-04,4,3,yes,2,3,2,85\r\n"


pytestmark = pytest.mark.usefixtures("no_limit_settings")


@pytest.fixture
def con(fresh_db):
    connection = store.connect(fresh_db("settings", demo=False))
    yield connection
    connection.close()


# ---- the rule: defaults, then the stored settings, then the environment ------------------------------------


def test_a_stored_limit_overrides_the_default_and_the_environment_overrides_both(monkeypatch):
    assert in_force({"max_rows": "800", "max_upload_mb": "2.5"}) == DEFAULTS.__class__(max_upload_mb=2.5, max_rows=800)
    monkeypatch.setenv("CDD_MAX_ROWS", "300")
    assert in_force({"max_rows": "800"}).max_rows == 300
    monkeypatch.setenv("CDD_MAX_ROWS", "abc")  # unusable: the stored value holds, not the default
    assert in_force({"max_rows": "800"}).max_rows == 800


@pytest.mark.parametrize(
    ("field", "typed", "fix"),
    [
        ("max_rows", "100.5", "จำนวนเต็มที่มากกว่า 0"),
        ("backup_count", "0", "จำนวนเต็มที่มากกว่า 0"),
        ("max_upload_mb", "-1", "ตัวเลขที่มากกว่า 0"),
        ("max_zip_ratio", "ห้าสิบ", "ตัวเลขที่มากกว่า 0"),
        ("max_upload_mb", "500", "ไม่เกิน 100"),
    ],
)
def test_a_bad_limit_names_the_setting_the_value_and_the_fix(field, typed, fix):
    with pytest.raises(LimitRefused) as refused:
        check_limit(field, typed)
    message = str(refused.value)
    assert SETTINGS[field].label in message and f"'{typed}'" in message and fix in message


def test_thai_digits_and_thousands_separators_are_read():
    assert check_limit("max_rows", "๘,๐๐๐") == 8000 and check_limit("max_upload_mb", "2.5") == 2.5


# ---- kept with history ----------------------------------------------------------------------------------


def test_an_admin_sets_limits_with_history_and_blank_returns_to_the_default(con):
    assert settings.limits(con) == DEFAULTS and settings.history(con) == []
    changes = settings.set_limits(con, {"max_rows": "8,000", "max_upload_mb": "2.5", "backup_days": ""}, ADMIN)
    assert [(c.field, c.old, c.new) for c in changes] == [("max_rows", None, "8000"), ("max_upload_mb", None, "2.5")]
    assert (settings.limits(con).max_rows, settings.limits(con).max_upload_mb) == (8000, 2.5)
    settings.set_limits(con, {"max_rows": " ", "max_upload_mb": "2.5"}, "สมชาย")  # the command line's name
    assert settings.limits(con).max_rows == DEFAULTS.max_rows
    history = settings.history(con)
    assert [(by, key, old, new) for _, by, key, old, new in history] == [
        ("สมชาย", "limit.max_rows", "8000", None),
        ("ผู้ดูแล", "limit.max_upload_mb", None, "2.5"),
        ("ผู้ดูแล", "limit.max_rows", None, "8000"),
    ]
    assert history[0][0] >= history[-1][0]
    words = shown.history_table(history)
    assert list(words.iloc[0, 2:]) == ["จำนวนแถวข้อมูลสูงสุดต่อไฟล์", "8,000 แถว", "ค่าเริ่มต้น"]


def test_every_bad_limit_is_named_and_nothing_is_kept(con):
    with pytest.raises(LimitRefused) as refused:
        settings.set_limits(con, {"max_rows": "8000", "backup_days": "7.5", "max_upload_mb": "ศูนย์"}, ADMIN)
    message = str(refused.value)
    assert "ยังไม่ได้บันทึกอะไร" in message and "'7.5'" in message and "'ศูนย์'" in message
    assert settings.limits(con) == DEFAULTS and settings.history(con) == []


def test_only_an_administrator_sets_limits(con):
    for who in (PROVINCE, None):
        with pytest.raises(NotAllowed):
            settings.set_limits(con, {"max_rows": "10"}, who)
    assert settings.limits(con) == DEFAULTS


def test_open_viewing_changes_are_kept_too(con):
    assert users.open_viewing(con)  # as the first run leaves it
    assert settings.set_open_viewing(con, False, ADMIN) and not users.open_viewing(con)
    assert not settings.set_open_viewing(con, False, ADMIN)  # no change, no history
    with pytest.raises(NotAllowed):
        settings.set_open_viewing(con, True, PROVINCE)
    [(_, by, key, old, new)] = settings.history(con)
    assert (by, key, old, new) == ("ผู้ดูแล", "open_viewing", "yes", "no")
    assert list(shown.history_table(settings.history(con)).iloc[0, 2:]) == ["ดูแดชบอร์ดได้โดยไม่ต้องเข้าสู่ระบบ", "เปิด", "ปิด"]


def test_the_screen_says_when_the_environment_wins(con, monkeypatch):
    settings.set_limits(con, {"max_rows": "8000"}, ADMIN)
    monkeypatch.setenv("CDD_MAX_ROWS", "300")
    state = next(s for s in settings.limit_states(con) if s.field == "max_rows")
    assert (state.in_force, state.stored, state.source) == (300, "8000", "environment")
    note = shown.source_note(state)
    assert "CDD_MAX_ROWS" in note and "8000" in note
    assert settings.limits(con).max_rows == 300


# ---- held to them -------------------------------------------------------------------------------------------


def test_an_upload_over_a_limit_set_in_the_app_is_refused_quoting_it(con, schemes):
    data = (HEADER + ROW).encode()
    assert imports.check_file(con, "april.csv", data, schemes).ok
    settings.set_limits(con, {"max_upload_mb": "0.0001"}, ADMIN)  # 104 bytes
    checked = imports.check_file(con, "april.csv", data, schemes)
    [problem] = checked.problems
    assert problem.code == "too_large" and "0.0001 MB" in problem.message and "april.csv" in problem.message
    settings.set_limits(con, {"max_upload_mb": "", "max_rows": "1"}, ADMIN)
    [problem] = imports.check_file(
        con, "two.csv", (HEADER + ROW + ROW.replace("5709", "5701")).encode(), schemes
    ).problems
    assert problem.code == "too_many_rows" and "เกินขีดจำกัด 1 แถว" in problem.message


def test_automatic_copies_are_capped_by_the_count_set_in_the_app(con, tmp_path):
    settings.set_limits(con, {"backup_count": "2"}, ADMIN)
    for _ in range(4):
        backup.automatic_backup(con, tmp_path)
    assert len([b for b in backup.list_backups(tmp_path) if b.automatic]) == 2


def test_the_web_server_takes_every_upload_an_administrator_may_allow():
    """A limit raised on the screen must reach the app: Streamlit's own cap is the ceiling, no lower."""
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == SETTINGS["max_upload_mb"].ceiling == 100


def test_the_command_line_shows_sets_and_lists_the_history(cli, fresh_db):
    path = str(fresh_db("settings-cli", demo=False))
    shown_now = cli("settings", "limits", "--db", path)
    assert shown_now.code == 0 and "max_rows\t5000\tจำนวนแถวข้อมูลสูงสุดต่อไฟล์ 5,000 แถว (ค่าเริ่มต้น)" in shown_now.out
    refused = cli("settings", "limits", "max_rows=12.5", "--db", path)
    assert refused.code == 2 and "'12.5'" in refused.err and "จำนวนเต็ม" in refused.err
    done = cli("settings", "limits", "max_rows=8000", "backup_days=default", "--by", "สมชาย", "--db", path)
    assert done.code == 0 and "max_rows: default → 8000" in done.out and "8,000 แถว (ตั้งโดยผู้ดูแลระบบ)" in done.out
    assert "สมชาย\tlimit.max_rows\tdefault → 8000" in cli("settings", "history", "--db", path).out
    assert cli("settings", "limits", "max_rows", "--db", path).code == 2  # not FIELD=VALUE
