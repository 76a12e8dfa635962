"""Accounts and reference figures changed by an administrator: rights, checks naming row and fix, history."""

from __future__ import annotations

from fractions import Fraction

import pytest

from cdd.grading.inputs import registry as shipped_registry
from cdd.office.calendar import parse_period
from cdd.store import accounts, reference_edits, users
from cdd.store import database as store
from cdd.store.users import NotAllowed, User, UserError

ADMIN = User("ผู้ดูแล", "admin")
PROVINCE = User("จังหวัด", "province")
PASSWORD = "รหัสผ่านยาวพอ-2570"


@pytest.fixture
def con(fresh_db):
    connection = store.connect(fresh_db("admin-store", demo=False))
    users.add_user(connection, "แม่จัน", "district", PASSWORD, district="5707")
    yield connection
    connection.close()


def test_an_admin_reenables_resets_and_changes_role_and_no_one_else_may(con):
    users.disable_user(con, "แม่จัน")
    with pytest.raises(NotAllowed):
        accounts.enable_user(con, "แม่จัน", PROVINCE)
    accounts.enable_user(con, "แม่จัน", ADMIN)
    accounts.reset_password(con, "แม่จัน", "รหัสผ่านใหม่ยาวพอ", ADMIN)
    assert users.sign_in(con, "แม่จัน", "รหัสผ่านใหม่ยาวพอ").district == "5707"
    with pytest.raises(UserError, match="10"):
        accounts.reset_password(con, "แม่จัน", "สั้น", ADMIN)
    with pytest.raises(UserError, match="รหัสอำเภอ"):
        accounts.change_role(con, "แม่จัน", "district", None, ADMIN)
    accounts.change_role(con, "แม่จัน", "province", None, ADMIN)
    assert users.active_user(con, "แม่จัน") == User("แม่จัน", "province", None)
    with pytest.raises(UserError, match="ไม่มีผู้ใช้"):
        accounts.enable_user(con, "ไม่มีคนนี้", ADMIN)


def test_lampang_heads_total_is_missing_until_an_admin_enters_it_with_history(con):
    period = parse_period("2570-Q1")
    registry = store.registry_from(con)
    codes = [d.code for d in registry.in_province("52")]
    assert reference_edits.missing_figures(registry, codes, ["heads_total"], period)["heads_total"]
    rows = reference_edits.figure_rows(registry, "52", period)
    rows[0]["heads_total"] = 4
    changes = reference_edits.save_figures(con, "52", period, rows, ADMIN)
    assert [(c.code, c.key, c.old, c.new) for c in changes] == [(rows[0]["code"], "heads_total", None, Fraction(4))]
    after = store.registry_from(con)
    assert after.references(rows[0]["code"], period)["heads_total"] == 4
    assert (
        after.references(rows[0]["code"], parse_period("2569-09")).get("heads_total") is None
    )  # earlier months untouched
    _when, who, code, key, start, old, new = reference_edits.history(con)[0]
    assert (who, code, key, start, old, new) == (ADMIN.name, rows[0]["code"], "heads_total", "2569-10", None, "4")


def test_a_bad_cell_is_named_with_its_row_and_nothing_is_written(con):
    period = parse_period("2570-Q1")
    rows = [{"code": "5201", "tambons": "สิบ"}, {"code": "9999", "tambons": "3"}, {"code": "5202", "tambons": "7"}]
    with pytest.raises(reference_edits.FiguresRefused) as refused:
        reference_edits.save_figures(con, "52", period, rows, ADMIN)
    assert "แถวที่ 1" in str(refused.value) and "แถวที่ 2" in str(refused.value) and "9999" in str(refused.value)
    assert reference_edits.history(con) == []
    with pytest.raises(NotAllowed):
        reference_edits.save_figures(con, "52", period, rows[2:], PROVINCE)


def test_a_csv_of_figures_in_thai_excel_encoding_is_read(con):
    data = "code,tambons,heads_total\n5201,13,5\n".encode("cp874")
    rows = reference_edits.rows_from_csv(data)
    reference_edits.save_figures(con, "52", parse_period("2570-Q1"), rows, ADMIN)
    figures = store.registry_from(con).references("5201", parse_period("2570-Q1"))
    assert (figures["tambons"], figures["heads_total"]) == (13, 5)


def test_figures_entered_in_the_dashboard_survive_a_reload_of_the_csv(con):
    reference_edits.save_figures(con, "52", parse_period("2570-Q1"), [{"code": "5201", "heads_total": 5}], ADMIN)
    store.load_registry_into(con, shipped_registry())
    assert store.registry_from(con).references("5201", parse_period("2570-Q1"))["heads_total"] == 5
