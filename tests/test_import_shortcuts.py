"""The short ways a month's file takes to the store give exactly what the long ways gave (Hypothesis).

- a number formatted with whole integers is the text Fraction arithmetic gave;
- a cell read by the short way (plain digits, the yes/no words as listed) is the value, or the problem with
  its code and Thai sentence, that the full clean-up gives, for every indicator, on any text or cell;
- a whole file, valid or not, in UTF-8 with BOM or Windows-874, is checked to the same submission and the
  same problems with the short ways turned off;
- the writer that sends a batch's values as one frame leaves every table as the writer that planned each
  value and sent it as list parameters: the values, their numbers in millionths, what each replaced.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import tempfile
from contextlib import contextmanager
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdd.grading.inputs import registry, schemes
from cdd.intake import reader, validate
from cdd.intake.validate import read_submission
from cdd.office.numbers import format_number
from cdd.rubrics import indicators
from cdd.rubrics.indicators import CATALOGUE, NA_WORDS, NO_WORDS, YES_WORDS, ValueProblem, encode_value, parse_value
from cdd.store import database as store
from cdd.store.database import NUMBER_OF_VALUE, one_row, write_transaction
from cdd.store.evidence import record_batch
from cdd.store.submissions import CURRENT, acting_user, current_values, write

SOME = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
AT = dt.datetime(2024, 6, 1, 9, 0)  # one stamp for both writers: their batches must be equal row for row


# ---- numbers ---------------------------------------------------------------------------------------


def format_by_fractions(number: Fraction | int) -> str:
    """format_number as it was: the number scaled by Fraction arithmetic until it is whole."""
    number = Fraction(number)
    if number.denominator == 1:
        return str(number.numerator)
    for places in range(1, 7):
        scaled = number * 10**places
        if scaled.denominator == 1:
            sign = "-" if scaled < 0 else ""
            digits = str(abs(scaled.numerator)).rjust(places + 1, "0")
            return f"{sign}{digits[:-places]}.{digits[-places:]}"
    return f"{float(number):.2f}"


fractions = st.one_of(
    st.integers(-(10**15), 10**15),
    st.fractions(max_denominator=10**7),
    st.builds(
        lambda n, twos, fives: Fraction(n, 2**twos * 5**fives),
        st.integers(-(10**12), 10**12),
        st.integers(0, 8),
        st.integers(0, 8),
    ),
)


@SOME
@given(number=fractions)
def test_a_number_is_formatted_as_fraction_arithmetic_formatted_it(number):
    assert format_number(number) == format_by_fractions(number)


# ---- one cell ----------------------------------------------------------------------------------------


def read_in_full(indicator, raw, allow_not_applicable):
    """parse_value as it was: every cell through the whole clean-up."""
    if isinstance(raw, str) and indicators.clean_text(raw).lower() in NA_WORDS:
        if allow_not_applicable:
            return indicators.NOT_APPLICABLE
        return parse_value(indicator, raw, allow_not_applicable)  # the refusal is not a short way: same code
    if indicator.kind == "yesno":
        return indicators._parse_yes_no(indicator, raw)
    return indicators._check_range(indicator, indicators._parse_number(indicator, raw))


def outcome(read, *args):
    try:
        value = read(*args)
    except ValueProblem as problem:
        return ("problem", problem.code, str(problem))
    except (ArithmeticError, ValueError) as error:  # a float's infinity: both ways fail alike
        return ("error", type(error), str(error))
    return ("value", type(value), value)


words = sorted(YES_WORDS | NO_WORDS | NA_WORDS)
cells = st.one_of(
    st.from_regex(r"\A[0-9]{1,45}(\.[0-9]{0,45})?\Z"),  # plain, and beyond what the short way takes
    st.from_regex(r"\A-?[0-9๐-๙]{0,6}([.,][0-9]{0,8})?\s?%?\Z"),
    st.sampled_from(words),
    st.sampled_from(words).map(str.upper),
    st.sampled_from(words).map(lambda w: f" {w} "),
    st.sampled_from(["12.50", "007", "0.0", "100", "100.01", "101", "1e5", "nan", "inf", "1_000", ".5", "5.", ""]),
    st.text(max_size=8),
    st.integers(-5, 10**9),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
)


@SOME
@given(key=st.sampled_from(sorted(CATALOGUE)), raw=cells, allow=st.booleans())
def test_a_cell_reads_as_the_full_clean_up_reads_it(key, raw, allow):
    indicator = CATALOGUE[key]
    assert outcome(parse_value, indicator, raw, allow) == outcome(read_in_full, indicator, raw, allow)


def test_the_short_ways_are_taken_and_refuse_what_they_must():
    count, percent = CATALOGUE["activities"], CATALOGUE["wf_overdue_pct"]
    assert parse_value(count, "0012") == 12 and parse_value(percent, "12.50") == Fraction(25, 2)
    assert parse_value(CATALOGUE["data_updated"], "ใช่") is True and parse_value(CATALOGUE["data_updated"], "0") is False
    with pytest.raises(ValueProblem) as whole:
        parse_value(count, "2.5")
    assert whole.value.code == "not_whole" and "2.5" in str(whole.value)
    if percent.max is not None:
        with pytest.raises(ValueProblem) as beyond:
            parse_value(percent, f"{percent.max}.01")
        assert beyond.value.code == "out_of_range"
    assert parse_value(count, "1" * 60) == int("1" * 60)  # past the short way's bound: the long way, no failure


# ---- a whole file ------------------------------------------------------------------------------------

Q3_KEYS = ["heads_total", "heads_downloaded", "data_updated", "pr_posts", "pr_channels", "activities", "downloads"]
DISTRICTS = ["5701", "5702", "5703", "5704", "5709"]


@contextmanager
def without_short_ways():
    """Every cell through the full clean-up, each read on its own: no text, month or code read once for all."""
    with (
        mock.patch.object(indicators, "_PLAIN_DECIMAL", re.compile(r"(?!)")),
        mock.patch.object(indicators, "_PLAIN_YES_NO", {}),
        mock.patch.object(validate._ColumnReader, "read", validate._ColumnReader._parse),
        mock.patch.object(validate._Check, "_as_month", lambda self, written: validate._as_month(written)),
        mock.patch.object(validate._Check, "_covers_month", lambda self, scheme, month: scheme.covers(month)),
        mock.patch.object(registry(), "_as_written", {}),
    ):
        yield


def month_file(rows: list[tuple], encoding: str) -> bytes:
    """Rows of (code, the figures) or (code, the figures, month); the month is May 2567 unless given."""
    lines = [",".join(["code", "month", *Q3_KEYS])]
    for code, values, *month in rows:
        cells = ("" if v is None else str(v).replace(",", "") for v in values)
        lines.append(",".join([code, month[0] if month else "2567-05", *cells]))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


good_cell = st.one_of(st.integers(0, 9).map(str), st.sampled_from(["yes", "no", "ใช่", "ไม่ใช่", "1", "0", "๓"]))
any_cell = st.one_of(good_cell, cells.map(str), st.none())
any_code = st.one_of(st.sampled_from(DISTRICTS), st.sampled_from(["๕๗๐๔", " 5704", "5704 ", "9999", "เทิง", ""]))
any_month = st.sampled_from(["2567-05", "2567-05", "พ.ค. 67", "05/2567", "2567-04", "2567-13", "", "พฤษภา"])
# Few texts, so that files sent one after another repeat some values, change some and add others; the
# heads who downloaded stay within the heads, so that every file passes its check and is written.
count_cell = st.sampled_from(["0", "1", "2", "1.0", "๒", " 2 ", None])
yes_no_cell = st.sampled_from(["yes", "no", "ใช่", "0", None])
file_rows = st.lists(
    st.tuples(
        st.sampled_from(DISTRICTS),
        st.tuples(
            st.sampled_from(["4", "5"]),
            st.sampled_from(["1", "2", "3"]),
            yes_no_cell,
            count_cell,
            count_cell,
            count_cell,
            count_cell,
        ).map(list),
    ),
    min_size=1,
    max_size=4,
    unique_by=lambda row: row[0],
)
month_rows = st.one_of(
    file_rows,  # a file that passes its check
    st.lists(
        st.tuples(any_code, st.lists(st.one_of(good_cell, any_cell), min_size=7, max_size=7), any_month),
        min_size=1,
        max_size=5,
    ),
)


def checked(data: bytes, name: str):
    reader._RECENT.clear()  # each way reads the file itself
    submission, problems = read_submission(name, data, registry(), schemes(), "click-2567-q3")
    values = None
    if submission is not None:
        values = [(r.row, r.district.code, r.month.token, r.values, r.echoed) for r in submission.rows]
        values.append((submission.blank_cells, submission.untouched_rows, submission.echoed_references))
    return values, problems


@SOME
@given(rows=month_rows, encoding=st.sampled_from(["utf-8-sig", "cp874"]))
def test_a_file_is_checked_as_without_the_short_ways(rows, encoding):
    try:
        data = month_file(rows, encoding)
    except UnicodeEncodeError:
        data = month_file(rows, "utf-8-sig")  # a cell Windows-874 cannot hold
    fast = checked(data, "month.csv")
    with without_short_ways():
        slow = checked(data, "month.csv")
    assert fast == slow


# ---- the writer --------------------------------------------------------------------------------------


def write_value_by_value(con, submission, file_name: str, data: bytes, who: str, at: dt.datetime) -> int:
    """submissions.write as it was: every value planned on its own, then sent as one list parameter a column."""
    with write_transaction(con) as cur:
        writer = acting_user(cur, who)
        incoming = [
            (row.district.code, row.month.token, key, encode_value(value), row.row)
            for row in submission.rows
            for key, value in row.values.items()
        ]
        current = current_values(cur, {(code, month) for code, month, *_ in incoming})
        changes = [(c, m, k, v, r, current.get((c, m, k))) for c, m, k, v, r in incoming if current.get((c, m, k)) != v]
        batch = one_row(
            cur,
            "INSERT INTO batches (file_name, sha256, submitted_by, submitted_at, scheme, period, row_count, "
            "value_count, is_demo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [
                file_name,
                hashlib.sha256(data).hexdigest(),
                writer.name,
                at,
                submission.scheme.id,
                submission.period,
                len(submission.rows),
                len(changes),
                False,
            ],
        )[0]
        keys = "(SELECT unnest(?) AS code, unnest(?) AS month, unnest(?) AS key)"
        replaced = [[c, m, k] for c, m, k, _, _, before in changes if before is not None]
        if replaced:
            columns = [list(column) for column in zip(*replaced)]
            cur.execute(
                f"INSERT INTO supersessions SELECT ?, v.code, v.month, v.key, v.batch_id, v.value FROM submitted_values v "
                f"JOIN {keys} i ON v.code = i.code AND v.month = i.month AND v.key = i.key WHERE {CURRENT}",
                [batch, *columns],
            )
            cur.execute(
                f"UPDATE submitted_values SET replaced_by = ? FROM {keys} i WHERE submitted_values.code = i.code "
                f"AND submitted_values.month = i.month AND submitted_values.key = i.key AND {CURRENT}",
                [batch, *columns],
            )
        if changes:
            columns = [list(column) for column in zip(*[change[:5] for change in changes])]
            cur.execute(
                "INSERT INTO submitted_values (batch_id, code, month, key, value, source_row, number) "
                f"SELECT ?, code, month, key, value, source_row, {NUMBER_OF_VALUE} FROM (SELECT unnest(?) AS code, "
                "unnest(?) AS month, unnest(?) AS key, unnest(?) AS value, unnest(?) AS source_row)",
                [batch, *columns],
            )
        record_batch(cur, batch, {(r.district.code, r.month.token) for r in submission.rows}, submission.evidence, who)
    return batch


WRITTEN = ("batches", "submitted_values", "supersessions", "sent_months")


def tables(con) -> dict[str, list[tuple]]:
    return {table: sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr) for table in WRITTEN}


files = st.lists(file_rows, min_size=2, max_size=4)


@pytest.fixture(scope="module")
def blank(blank_db, tmp_path_factory) -> Path:
    return blank_db(tmp_path_factory.mktemp("shortcuts") / "blank.duckdb")


@FEW
@given(sends=files)
def test_the_frame_writer_leaves_the_store_as_the_value_by_value_writer(blank, sends):
    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(folder) / "frame.duckdb", Path(folder) / "values.duckdb"]
        for path in paths:
            shutil.copyfile(blank, path)
        frame, by_value = (store.connect(path) for path in paths)
        try:
            for number, rows in enumerate(sends):
                data = month_file(rows, "utf-8")
                submission, problems = read_submission(f"{number}.csv", data, registry(), schemes(), "click-2567-q3")
                assert problems == []
                first = write(frame, submission, f"{number}.csv", data, "ทดสอบ", at=AT)
                second = write_value_by_value(by_value, submission, f"{number}.csv", data, "ทดสอบ", AT)
                assert first == second
            assert tables(frame) == tables(by_value)
            numbers = frame.execute("SELECT value, number FROM submitted_values").fetchall()
            for text, number in numbers:  # the exact millionths of every number, NULL for yes/no
                exact = Fraction(Decimal(text)) * 10**6 if text not in ("yes", "no", "n/a") else None
                assert number == exact
        finally:
            frame.close()
            by_value.close()


def test_a_replaced_value_keeps_its_history_through_the_frame_writer(blank):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.duckdb"
        shutil.copyfile(blank, path)
        con = store.connect(path)
        try:
            first = month_file([("5709", ["4", "3", "yes", "2", "3", "2", "85"])], "utf-8")
            second = month_file([("5709", ["4", "3", "no", "2", "3", "2", "90"])], "utf-8")
            batches = []
            for name, data in (("a.csv", first), ("b.csv", second)):
                submission, problems = read_submission(name, data, registry(), schemes(), "click-2567-q3")
                assert problems == []
                batches.append(write(con, submission, name, data, "ทดสอบ", at=AT))
            superseded = con.execute(
                "SELECT key, old_batch_id, old_value FROM supersessions WHERE batch_id = ? ORDER BY key", [batches[1]]
            ).fetchall()
            assert superseded == [("data_updated", batches[0], "yes"), ("downloads", batches[0], "85")]
            replaced = con.execute(
                "SELECT key, value, number FROM submitted_values WHERE replaced_by = ? ORDER BY key", [batches[1]]
            ).fetchall()
            assert replaced == [("data_updated", "yes", None), ("downloads", "85", 85_000_000)]
            assert con.execute("SELECT value_count FROM batches WHERE id = ?", [batches[1]]).fetchone() == (2,)
        finally:
            con.close()
