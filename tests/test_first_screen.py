"""The first screen: where a visitor lands, and the scheme a province opens on when it is chosen.

A district account lands on its own province, a graded scheme and the month it owes; anyone else (a
province account, or reading without an account) on the province with the latest graded figures, never
on a targets-only scheme whose grade counts are all zero. Choosing another province in the sidebar opens
that province's own scheme.
"""

from __future__ import annotations

import pytest
from conftest import figure_spec, plotly_array

from cdd.office.calendar import Month, parse_month
from cdd.store import database as store
from cdd.store import users
from cdd.views.home import graded, open_home, province_scheme

PASSWORD = "รหัสผ่านยาวพอ-2567"


@pytest.fixture(scope="module")
def accounts_db(fresh_db):
    path = fresh_db("first-screen")
    with store.connect(path) as con:
        users.add_user(con, "จังหวัด", "province", PASSWORD)
        users.add_user(con, "สระแก้ว", "district", PASSWORD, district="2701")
        users.add_user(con, "ลำปาง", "district", PASSWORD, district="5201")
        users.add_user(con, "เทิง", "district", PASSWORD, district="5704")
    return path


def sidebar_choice(at, label: str) -> str:
    return next(box.value for box in at.selectbox if box.label == label)


def test_graded_means_the_scheme_gives_letters(schemes):
    assert graded(schemes["lampang-2567-q3"]) and graded(schemes["click-2567-q2"])
    assert not graded(schemes["sakaeo-click-2568"])  # targets only
    assert not graded(schemes["buriram-digital-2568"])  # points without bands: a score only


def test_an_open_viewer_starts_where_the_latest_graded_figures_are(schemes):
    latest = {("click-2567-q3", "57"): "2567-06", ("sakaeo-click-2568", "27"): "2568-09"}
    latest |= {("lampang-2567-q3", "52"): "2567-05", ("buriram-digital-2568", "31"): "2568-06"}

    def months(scheme, province) -> Month | None:
        token = latest.get((scheme.id, province))
        return parse_month(token) if token else None

    start = open_home(schemes.values(), ["27", "31", "52", "57"], months)
    assert (start.province, start.scheme_id, start.period) == ("57", "click-2567-q3", "2567-06")
    # Lampang's own scheme before the one it shares with Chiang Rai, though both have grades
    assert province_scheme(schemes.values(), "52", months).id == "lampang-2567-q3"
    # Sa Kaeo has only a targets-only scheme: chosen, it still opens on it
    assert province_scheme(schemes.values(), "27", months).id == "sakaeo-click-2568"


@pytest.mark.slow  # over a second: the app opened five times, as five visitors
def test_each_visitor_lands_on_a_province_and_a_scheme_with_grades(open_page, accounts_db):
    viewer = open_page(accounts_db, "screens/overview.py")
    province_account = open_page(accounts_db, "screens/overview.py", account="จังหวัด")
    lampang = open_page(accounts_db, "screens/overview.py", account="ลำปาง")
    for at in (viewer, province_account):
        # Lampang's figures reach June 2567 as Chiang Rai's do, and it comes first; Sa Kaeo's are later, but
        # its scheme has targets only
        assert (sidebar_choice(at, "จังหวัด"), sidebar_choice(at, "เกณฑ์")) == ("52", "lampang-2567-q3")
        assert sidebar_choice(at, "ช่วงเวลา") == "2567-Q3"  # the latest period with figures
        counts = figure_spec(at, 1)["data"][0]
        assert sum(plotly_array(counts["y"])) > 0  # districts in grades A–D, not all zero
    assert (sidebar_choice(lampang, "จังหวัด"), sidebar_choice(lampang, "เกณฑ์")) == ("52", "lampang-2567-q3")
    chiang_rai = open_page(accounts_db, "screens/overview.py", account="เทิง")
    assert (sidebar_choice(chiang_rai, "จังหวัด"), sidebar_choice(chiang_rai, "เกณฑ์")) == ("57", "click-2567-q3")
    sakaeo = open_page(accounts_db, "screens/overview.py", account="สระแก้ว")
    assert sidebar_choice(sakaeo, "จังหวัด") == "27"  # its own province, though it has no grades to show


@pytest.mark.slow  # over a second: the app run again after each choice
def test_choosing_another_province_opens_its_own_scheme(open_page, accounts_db):
    at = open_page(accounts_db, "screens/overview.py", province="57", scheme="click-2567-q3", period="2567-Q3")
    province = next(box for box in at.selectbox if box.label == "จังหวัด")
    province.set_value("52").run()
    assert not at.exception
    assert at.query_params["scheme"] == "lampang-2567-q3"  # not Chiang Rai's, which Lampang also takes part in
    next(box for box in at.selectbox if box.label == "จังหวัด").set_value("31").run()
    assert at.query_params["scheme"] == "buriram-digital-2568"
    next(box for box in at.selectbox if box.label == "จังหวัด").set_value("57").run()
    assert at.query_params["scheme"] == "click-2567-q3"


def test_a_link_keeps_its_own_scheme(open_page, accounts_db):
    """A shared link that names Chiang Rai's scheme for Lampang opens exactly that."""
    at = open_page(accounts_db, "screens/overview.py", province="52", scheme="click-2567-q3", period="2567-Q3")
    assert at.query_params["scheme"] == "click-2567-q3"
