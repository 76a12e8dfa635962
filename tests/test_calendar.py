import datetime as dt

import pytest

from cdd.office.calendar import (
    FiscalYear,
    Month,
    PeriodError,
    Quarter,
    be_year,
    format_thai_date,
    parse_month,
    parse_period,
)
from cdd.office.thai import clean_text, to_arabic_digits, to_thai_digits


@pytest.mark.parametrize(
    "month, fiscal_year, quarter",
    [
        ((2566, 10), 2567, 1),
        ((2566, 12), 2567, 1),
        ((2567, 1), 2567, 2),
        ((2567, 3), 2567, 2),
        ((2567, 4), 2567, 3),
        ((2567, 6), 2567, 3),
        ((2567, 7), 2567, 4),
        ((2567, 9), 2567, 4),
        ((2567, 10), 2568, 1),
    ],
)
def test_fiscal_year_and_quarter_of_a_month(month, fiscal_year, quarter):
    m = Month(*month)
    assert (m.fiscal_year, m.fiscal_quarter) == (fiscal_year, quarter)
    assert m in m.quarter.months


def test_fy2567_runs_october_2023_to_september_2024():
    months = FiscalYear(2567).months
    assert months[0].first_day == dt.date(2023, 10, 1)
    assert months[-1].first_day == dt.date(2024, 9, 1)
    assert [m.token for m in Quarter(2567, 3).months] == ["2567-04", "2567-05", "2567-06"]
    assert [m.token for m in Quarter(2567, 1).months] == ["2566-10", "2566-11", "2566-12"]
    assert len(months) == 12 and sum(len(q.months) for q in FiscalYear(2567).quarters) == 12


@pytest.mark.parametrize(
    "token, expected",
    [
        ("2567-04", Month(2567, 4)),
        ("2567-Q3", Quarter(2567, 3)),
        ("2567", FiscalYear(2567)),
        ("2024-04", Month(2567, 4)),
        ("2024", FiscalYear(2567)),
        ("๒๕๖๗-๐๔", Month(2567, 4)),
        ("2567-q2", Quarter(2567, 2)),
    ],
)
def test_period_tokens(token, expected):
    assert parse_period(token) == expected


def test_period_tokens_write_back():
    for token in ("2567-04", "2567-Q3", "2568"):
        assert parse_period(token).token == token


@pytest.mark.parametrize("bad", ["2567-13", "2567-Q5", "เมษา", "", "67-04-01"])
def test_bad_periods_are_refused_in_thai(bad):
    with pytest.raises(PeriodError, match=r"ไม่|ต้อง"):
        parse_period(bad)


@pytest.mark.parametrize(
    "text",
    [
        "เม.ย. 2567",
        "เมษายน 67",
        "2567-04",
        "04/2567",
        "2024-04",
        "เม.ย.67",
        "เมษายน ๒๕๖๗",
        "๐๔/๒๕๖๗",
        "4/67",
        " เม.ย.\u200b 2567 ",
    ],
)
def test_month_forms_of_real_submissions(text):
    assert parse_month(text) == Month(2567, 4)


def test_every_thai_month_name_and_abbreviation():
    for number, (name, abbr) in enumerate(
        zip(
            (
                "มกราคม",
                "กุมภาพันธ์",
                "มีนาคม",
                "เมษายน",
                "พฤษภาคม",
                "มิถุนายน",
                "กรกฎาคม",
                "สิงหาคม",
                "กันยายน",
                "ตุลาคม",
                "พฤศจิกายน",
                "ธันวาคม",
            ),
            ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."),
        ),
        start=1,
    ):
        assert parse_month(f"{name} 2567") == parse_month(f"{abbr} 67") == Month(2567, number)
        assert Month(2567, number).thai() == f"{name} 2567"
        assert Month(2567, number).thai(short=True) == f"{abbr} 67"


def test_unreadable_month_names_the_value_and_the_forms():
    with pytest.raises(PeriodError) as error:
        parse_month("ฤดูร้อน 2567")
    assert "ฤดูร้อน 2567" in str(error.value) and "เม.ย. 2567" in str(error.value)


def test_be_and_ce_years():
    assert be_year(2024) == 2567 and be_year(2567) == 2567 and be_year(67) == 2567 and be_year(2400) == 2943
    assert format_thai_date(dt.date(2024, 4, 19)) == "19 เมษายน 2567"


def test_thai_digits_and_clean_text():
    assert to_arabic_digits("๕๗๐๔") == "5704" and to_thai_digits("2567") == "๒๕๖๗"
    assert clean_text("  เมือง\u200bเชียงราย ") == "เมืองเชียงราย"
    assert clean_text("ลําปาง") == "ลำปาง"  # ํ + า typed for ำ


def test_deadlines_belong_to_the_scheme(schemes):
    q3 = schemes["click-2567-q3"].deadline
    assert q3.due(Month(2567, 4)) == dt.date(2024, 5, 15)  # April's figures by 15 May
    assert schemes["click-2567-q2"].deadline.due(Month(2567, 12)) == dt.date(2025, 1, 15)
    lampang = schemes["lampang-2567-q3"].deadline
    assert [lampang.due(Month(2567, m)) for m in (4, 5, 6)] == [
        dt.date(2024, 4, 19),
        dt.date(2024, 5, 20),
        dt.date(2024, 6, 20),
    ]


@pytest.mark.parametrize(
    "text, day",
    [
        ("19 เม.ย. 2567", dt.date(2024, 4, 19)),
        ("19 เมษายน 67", dt.date(2024, 4, 19)),
        ("๑๙ เมษายน ๒๕๖๗", dt.date(2024, 4, 19)),
        ("19/4/2567", dt.date(2024, 4, 19)),
        ("2024-04-19", dt.date(2024, 4, 19)),
        ("2567-04-19", dt.date(2024, 4, 19)),
    ],
)
def test_a_date_is_read_as_letters_print_it(text, day):
    from cdd.office.calendar import parse_date

    assert parse_date(text) == day


@pytest.mark.parametrize("text, words", [("30 ก.พ. 2568", "ไม่มีในปฏิทิน"), ("พรุ่งนี้", "19 เม.ย. 2567")])
def test_a_date_that_cannot_be_read_is_named_with_the_forms_that_can(text, words):
    from cdd.office.calendar import PeriodError, parse_date

    with pytest.raises(PeriodError, match=words) as refused:
        parse_date(text)
    assert f"'{text}'" in str(refused.value)
