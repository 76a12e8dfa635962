"""A screen reads only the months and districts it shows: the review states of a period, the latest month
with figures, the stamp's latest batch and the accepted months a grade needs are each read in part, and
each must be what reading the whole history gives."""

from __future__ import annotations

import duckdb
import pytest

from cdd.grading.mission import has_figures
from cdd.office.calendar import parse_period
from cdd.store import database as store
from cdd.store import period_grades, queries, review, users
from cdd.store.period_grades import accepted_months, grade_period
from cdd.store.period_items import items_by, period_items
from cdd.store.rubric_versions import current_schemes
from cdd.store.submissions import CURRENT

PROVINCE, PASSWORD = "ผู้ตรวจจังหวัด", "รหัสผ่านยาวพอ-2567"
# Buriram dates two steps (model_tambon_step 5 by March 2568, click_step 1 by January 2568): whether a step
# counts depends on months before the period graded.
BURIRAM, DATED = "buriram-digital-2568", "2568-Q2"


@pytest.fixture(scope="module")
def database(fresh_db):
    """The demo with decisions of every kind: whole months accepted and returned, single items returned
    and accepted, in four provinces; Buriram's districts accepted in some months of its dated steps."""
    path = fresh_db("limited")
    with store.connect(path) as con:
        users.add_user(con, PROVINCE, "province", PASSWORD)
        checker = users.active_user(con, PROVINCE)
        reported = sorted(review.month_reviews(con).items())
        for number, ((code, month), sent) in enumerate(reported):
            if number % 7 == 0:
                review.decide(con, checker, code, month, "", review.ACCEPTED)
            elif number % 11 == 0:
                review.decide(con, checker, code, month, "", review.RETURNED, "ตรวจตัวเลขอีกครั้ง")
            elif number % 13 == 0:
                item = sorted(sent.items)[0]
                review.decide(con, checker, code, month, item, review.RETURNED, "แนบหลักฐาน")
            elif number % 17 == 0:
                review.decide(con, checker, code, month, sorted(sent.items)[-1], review.ACCEPTED)
            elif code.startswith("31") and month in ("2568-01", "2568-02", "2568-03", "2568-05"):
                review.decide(con, checker, code, month, "", review.ACCEPTED)
    return path


def kept(whole: dict, months=None, codes=None) -> dict:
    return {
        (code, month): r
        for (code, month), r in whole.items()
        if (months is None or month in months) and (codes is None or code in codes)
    }


def test_the_review_states_of_a_period_are_those_of_the_whole_history(database, registry):
    with store.connect(database) as con:
        whole = review.month_reviews(con)
        assert {r.state for r in whole.values()} == set(review.STATES)
        chiang_rai = [d.code for d in registry.in_province("57")]
        for months, codes in [
            (["2567-04", "2567-05", "2567-06"], chiang_rai),
            (["2567-05"], None),
            (None, chiang_rai[:3]),
            (["2568-01", "2568-02", "2568-03"], [d.code for d in registry.in_province("31")]),
            ([], None),
            (None, []),
            (None, None),
        ]:
            limited = review.month_reviews(con, months=months, codes=codes)
            assert limited == kept(whole, months, codes)
        pairs = set(list(whole)[::5])
        assert review.month_reviews(con, pairs) == {p: r for p, r in whole.items() if p in pairs}
        in_may = {p: r for p, r in kept(whole, ["2567-05"]).items() if p in pairs}
        assert in_may and review.month_reviews(con, pairs, months=["2567-05"]) == in_may


def test_the_months_sent_back_are_every_returned_month_of_those_districts(database, registry):
    with store.connect(database) as con:
        whole = review.month_reviews(con)
        for province in ("57", "31", "27"):
            codes = [d.code for d in registry.in_province(province)]
            returned = {p: r for p, r in kept(whole, codes=codes).items() if r.state == review.RETURNED}
            assert review.sent_back(con, codes) == returned
        assert any(review.sent_back(con, [d.code for d in registry.in_province("57")]).values())


def latest_of_every_month(con, scheme, codes: list[str]) -> str | None:
    """The reference: every month of the scheme read at once, as the screens once did."""
    row = con.execute(
        f"SELECT max(month) FROM submitted_values WHERE {CURRENT} AND month IN (SELECT unnest(?)) "
        "AND code IN (SELECT unnest(?)) AND key IN (SELECT unnest(?))",
        [[m.token for m in scheme.months], codes, list(scheme.accepted_inputs)],
    ).fetchone()
    return row[0]


@pytest.mark.parametrize("year", [queries.YEAR, 1])
def test_the_latest_months_are_those_of_the_whole_history(database, registry, monkeypatch, year):
    """Read a year (or, to walk back through many windows, a month) at a time, latest first; a province or a
    scheme without figures is found in no window and left out."""
    monkeypatch.setattr(queries, "YEAR", year)
    with store.connect(database) as con:
        for scheme in current_schemes(con).values():
            places = {p: [d.code for d in registry.in_province(p)] for p in {*scheme.provinces, "57", "27"}}
            found = queries.latest_months(con, scheme, places)
            expected = {p: latest_of_every_month(con, scheme, codes) for p, codes in places.items()}
            assert {p: m.token for p, m in found.items()} == {p: m for p, m in expected.items() if m is not None}
            assert found  # every scheme of the demo has figures somewhere
        nowhere = queries.latest_months(con, scheme, {"99": ["9901"], "57": []})
        assert nowhere == {}


def data_as_of_every_batch(con, codes: list[str], keys: list[str]):
    """The reference: every live batch looked into at once, as the stamp once was."""
    latest, demo = con.execute(
        "SELECT max(b.submitted_at), bool_or(b.is_demo) FROM batches b WHERE b.rolled_back_at IS NULL "
        "AND EXISTS (SELECT 1 FROM submitted_values v WHERE v.batch_id = b.id "
        "AND v.code IN (SELECT unnest(?)) AND v.key IN (SELECT unnest(?)))",
        [codes, keys],
    ).fetchone()
    return latest, bool(demo)


@pytest.mark.parametrize("first", [queries.FIRST_BATCHES, 1])
def test_the_stamp_walks_back_from_the_newest_batch_to_the_same_answer(database, registry, monkeypatch, first):
    monkeypatch.setattr(queries, "FIRST_BATCHES", first)
    with store.connect(database) as con:
        schemes = current_schemes(con)
        for scheme in schemes.values():
            for province in {*scheme.provinces, "57"}:
                codes = [d.code for d in registry.in_province(province)]
                keys = list(scheme.inputs)
                assert queries.data_as_of(con, codes, keys) == data_as_of_every_batch(con, codes, keys)
        assert queries.data_as_of(con, ["9901"], ["downloads"]) == (None, False)


def test_a_real_batch_is_not_stamped_demo(database, registry, tmp_path):
    """The demo's batches marked real but the oldest of one district: the walk through demo batches still finds
    it, and a district with no demo batch left is not stamped demo."""
    path = tmp_path / "mixed.duckdb"
    path.write_bytes(database.read_bytes())
    with store.connect(path) as con:
        oldest = con.execute("SELECT min(id) FROM batches WHERE scheme = 'click-2567-q3'").fetchone()[0]
        con.execute("UPDATE batches SET is_demo = (id = ?)", [oldest])
        code = con.execute("SELECT min(code) FROM submitted_values WHERE batch_id = ?", [oldest]).fetchone()[0]
        keys = list(current_schemes(con)["click-2567-q3"].inputs)
        for codes in ([code], [d.code for d in registry.in_province("57") if d.code != code], ["2701"]):
            assert queries.data_as_of(con, codes, keys) == data_as_of_every_batch(con, codes, keys)
        assert queries.data_as_of(con, [code], keys)[1] is True


def test_a_period_is_graded_from_the_checks_of_the_months_it_reads(database, monkeypatch):
    """Accepted-only grades read the checks of the period's months and, where a step is dated, of every month
    from the scheme's first: as if every month of the scheme had been asked about."""
    with store.connect(database) as con:
        limited = {
            (scheme.id, period): grade_period(con, scheme.id, period, accepted_only=True)
            for scheme in current_schemes(con).values()
            for period in (scheme.months[-1].quarter.token, scheme.months[0].quarter.token, DATED)
            if scheme.id == BURIRAM or period != DATED
        }
        monkeypatch.setattr(period_grades, "months_graded", lambda scheme, period: [m.token for m in scheme.months])
        whole = {key: grade_period(con, *key, accepted_only=True) for key in limited}
    assert limited == whole
    assert has_figures(whole[(BURIRAM, DATED)])  # Buriram's accepted months are graded


def test_the_dated_steps_need_the_months_before_the_period(database):
    with store.connect(database) as con:
        scheme = current_schemes(con)[BURIRAM]
    period = parse_period(DATED)
    months = period_grades.months_graded(scheme, period)
    assert months == [m.token for m in scheme.months if m <= period.months[-1]]
    assert months[0] == scheme.months[0].token and "2568-01" in months


def test_the_lists_of_accepted_months_are_read_from_the_period_only(database, registry):
    with store.connect(database) as con:
        for scheme in current_schemes(con).values():
            for token in (scheme.months[-1].quarter.token, scheme.months[0].quarter.token):
                period = parse_period(token)
                codes = [d.code for p in scheme.provinces for d in registry.in_province(p)]
                every_month = accepted_months(con, codes, [m.token for m in scheme.months])
                expected = items_by(con, scheme, period, codes, every_month, registry)
                assert period_items(con, scheme.id, token, accepted_only=True) == expected


HELD = "SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory() WHERE tag = 'BASE_TABLE'"


def test_the_check_on_opening_leaves_no_block_of_the_file_in_memory(database, tmp_path):
    """Opening reads every block of the file to check it; the connection handed over has not kept them."""
    path = tmp_path / "opened.duckdb"
    path.write_bytes(database.read_bytes())
    with duckdb.connect(str(path)) as con:
        store.read_every_table(con)
        after_the_check = con.execute(HELD).fetchone()[0]
    with store.connect(path) as con:
        assert con.execute(HELD).fetchone()[0] * 4 < after_the_check
        assert store.schema_problem(con) is None
