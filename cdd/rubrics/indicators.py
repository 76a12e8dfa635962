"""The indicators of RUBRICS §10, and how a value written by a person becomes a value the rubric compares.

Numbers become `Fraction` (exact: 4.0 stays 4, never 3.9999…), yes/no becomes `bool`, and an input
that a province has no target for becomes `NOT_APPLICABLE`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

from cdd.errors import CddError
from cdd.office.numbers import format_number
from cdd.office.thai import clean_text, to_arabic_digits
from cdd.rubrics.reasons import Reason

CATALOGUE_PATH = Path(__file__).resolve().parent / "indicators.toml"

KINDS = ("count", "level", "percent", "money", "yesno")
ROLLUPS = ("sum", "every-month", "latest", "mean")
BETTER = ("higher", "lower", "none")

YES_WORDS = {"yes", "y", "true", "1", "ใช่", "มี", "✓", "✔", "/", "ผ่าน", "ทำ", "ได้"}
NO_WORDS = {"no", "n", "false", "0", "ไม่ใช่", "ไม่มี", "✗", "✘", "x", "-", "ไม่ผ่าน", "ไม่ทำ", "ไม่ได้"}
NA_WORDS = {"n/a", "na", "ไม่เกี่ยวข้อง", "ไม่มีเป้าหมาย", "ไม่มีเป้า"}


class NotApplicable:
    """The one value of an input that a province has no target for (กองทุนชุมชน (1) and (2))."""

    _instance: NotApplicable | None = None

    def __new__(cls) -> NotApplicable:
        cls._instance = cls._instance or super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_APPLICABLE"


NOT_APPLICABLE = NotApplicable()
Value = Fraction | bool | NotApplicable


class ValueProblem(CddError, ValueError):
    """A value that cannot be used, with a stable reason code and a Thai sentence that says the fix."""

    def __init__(self, code: Reason, message: str):
        self.code = code
        super().__init__(message)


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    kind: str
    better: str = "higher"
    rollup: str = "sum"
    reference: bool = False
    unit: str = ""
    max: int | None = None  # levels 0..max; percentages of a whole stop at 100

    @property
    def step(self) -> Fraction:
        """The smallest difference a person can report: one unit for counts, one satang or 0.01%."""
        return _ONE if self.kind in ("count", "level") else _HUNDREDTH


_ONE, _HUNDREDTH = Fraction(1), Fraction(1, 100)  # made once: a country's gaps ask for the step many times


def load_catalogue(path: Path = CATALOGUE_PATH) -> dict[str, Indicator]:
    with path.open("rb") as f:
        raw = tomllib.load(f)
    return {key: indicator_from_dict(key, fields) for key, fields in raw.items()}


class IndicatorConflict(CddError, ValueError):
    """A scheme defines an indicator that is already defined otherwise."""


def indicator_from_dict(key: str, raw: dict) -> Indicator:
    """One `[indicators.KEY]` table; a Thai error naming the key when its kind or roll-up is unknown."""
    indicator = Indicator(key=key, **raw)
    if indicator.kind not in KINDS or indicator.rollup not in ROLLUPS or indicator.better not in BETTER:
        raise IndicatorConflict(
            f"ตัวชี้วัด '{key}': ชนิด '{indicator.kind}', ทิศทาง '{indicator.better}' หรือวิธีรวมเดือน "
            f"'{indicator.rollup}' ไม่รู้จัก: ใช้ชนิด {', '.join(KINDS)}; ทิศทาง {', '.join(BETTER)}; "
            f"วิธีรวม {', '.join(ROLLUPS)}"
        )
    return indicator


# The shipped catalogue, then the indicators a scheme brings in its own `[indicators.KEY]` tables (a new
# letter's TikTok posts), so that every lookup by key (grading, templates, uploads, screens) knows them.
SHIPPED = load_catalogue()
CATALOGUE = dict(SHIPPED)
LABEL_KEYS = {clean_text(indicator.label): key for key, indicator in CATALOGUE.items()}  # a header's label → key
_KEPT = set(SHIPPED)  # keys whose definition is fixed for the process: shipped, or brought by a stored scheme


def indicator_to_dict(indicator: Indicator) -> dict:
    """The fields of an `[indicators.KEY]` table, the defaults left out."""
    fields = {
        "label": indicator.label,
        "kind": indicator.kind,
        "better": indicator.better,
        "rollup": indicator.rollup,
        "reference": indicator.reference or None,
        "unit": indicator.unit,
        "max": indicator.max,
    }
    return {k: v for k, v in fields.items() if v not in (None, "")}


def bring(indicators: tuple[Indicator, ...], draft: bool = False) -> None:
    """Add a scheme's own indicators to the catalogue. The same definition again is fine; one that differs
    from the shipped catalogue or from a stored scheme's is refused in Thai, naming the key. A draft's
    definition is not fixed: editing the draft may change it, until it is published."""
    for indicator in indicators:
        known = CATALOGUE.get(indicator.key)
        if known is not None and known != indicator and indicator.key in _KEPT:
            raise IndicatorConflict(
                f"ตัวชี้วัด '{indicator.key}' มีอยู่แล้วในชื่อ '{known.label}' ({known.kind}, {known.unit or '-'}, "
                f"รวมเดือนแบบ {known.rollup}) แต่เกณฑ์นี้กำหนดต่างออกไป: ใช้คำจำกัดความเดิม หรือตั้งรหัสใหม่"
            )
        named = LABEL_KEYS.get(clean_text(indicator.label))
        if named is not None and named != indicator.key:
            raise IndicatorConflict(
                f"ตัวชี้วัด '{indicator.key}' ใช้ชื่อ '{indicator.label}' ซึ่งเป็นชื่อของตัวชี้วัด '{named}' อยู่แล้ว: ตั้งชื่อภาษาไทยที่ไม่ซ้ำ"
            )
    for indicator in indicators:
        if known := CATALOGUE.get(indicator.key):
            LABEL_KEYS.pop(clean_text(known.label), None)
        CATALOGUE[indicator.key] = indicator
        LABEL_KEYS[clean_text(indicator.label)] = indicator.key
        if not draft:
            _KEPT.add(indicator.key)


_PERCENT_WORDS = re.compile(r"^(ร้อยละ)\s*|\s*(%|เปอร์เซ็นต์)$")


# A cell as most are written: ASCII digits, maybe a decimal point, nothing else; and the yes/no words as
# listed. Such text reads the same without the clean-up below (nothing to normalise, no Thai digits, no
# separators, not a 'not applicable' word), so it takes a short way: a national month has 26,000 of them.
_PLAIN_DECIMAL = re.compile(r"[0-9]{1,40}(?:\.[0-9]{1,40})?")  # bounded: int() refuses thousands of digits
_WHOLE_KINDS = ("count", "level")


def _plain_words() -> dict[str, bool]:
    words = {word: True for word in YES_WORDS} | {word: False for word in NO_WORDS}
    return {
        word: yes
        for word, yes in words.items()
        if clean_text(to_arabic_digits(word)).lower() == word and word not in NA_WORDS
    }


_PLAIN_YES_NO = _plain_words()


def parse_value(indicator: Indicator, raw: object, allow_not_applicable: bool = False) -> Value:
    """The value of one input, from JSON, a CSV cell or an Excel cell. Raises ValueProblem."""
    if type(raw) is str:
        if indicator.kind == "yesno":
            answer = _PLAIN_YES_NO.get(raw)
            if answer is not None:
                return answer
        elif _PLAIN_DECIMAL.fullmatch(raw):
            return _plain_number(indicator, raw)
    if isinstance(raw, str) and clean_text(raw).lower() in NA_WORDS:
        if allow_not_applicable:
            return NOT_APPLICABLE
        raise ValueProblem(
            Reason.NOT_APPLICABLE_REFUSED,
            f"'{indicator.label}' ต้องมีค่า ใช้ 'ไม่เกี่ยวข้อง' ไม่ได้: เกณฑ์นี้ไม่ยกเว้นตัวชี้วัดนี้ในจังหวัดของอำเภอนี้ "
            "กรอกผลที่ทำได้ (0 ถ้ายังไม่มีผล)",
        )
    if indicator.kind == "yesno":
        return _parse_yes_no(indicator, raw)
    return _check_range(indicator, _parse_number(indicator, raw))


def _plain_number(indicator: Indicator, raw: str) -> Fraction:
    """A plain decimal (see _PLAIN_DECIMAL) exactly as Fraction(Decimal(raw)). What _check_range checks is
    checked here on whole integers (a plain decimal is never negative); a value it would refuse goes
    through _check_range, which says why."""
    whole, _, places = raw.partition(".")
    numerator, denominator = (int(whole + places), 10 ** len(places)) if places else (int(whole), 1)
    beyond = indicator.max is not None and numerator > indicator.max * denominator
    broken = denominator != 1 and numerator % denominator != 0 and indicator.kind in _WHOLE_KINDS
    if beyond or broken:
        return _check_range(indicator, Fraction(numerator, denominator))
    return Fraction(numerator, denominator) if denominator != 1 else Fraction(numerator)


def _parse_yes_no(indicator: Indicator, raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    word = clean_text(to_arabic_digits(str(raw))).lower()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise ValueProblem(Reason.NOT_YES_NO, f"'{indicator.label}' ต้องเป็น ใช่/ไม่ใช่ (หรือ มี/ไม่มี, 1/0) ไม่ใช่ '{raw}'")


def _parse_number(indicator: Indicator, raw: object) -> Fraction:
    if isinstance(raw, bool):
        raise ValueProblem(Reason.NOT_A_NUMBER, f"'{indicator.label}' ต้องเป็นตัวเลข ไม่ใช่ {raw}")
    if isinstance(raw, int | Decimal | Fraction):
        return Fraction(raw)
    if isinstance(raw, float):
        # Excel and JSON hand us binary floats; their shortest decimal repr is what the person typed.
        return Fraction(Decimal(repr(raw)))
    text = to_arabic_digits(clean_text(str(raw))).replace(",", "").replace(" ", "")
    text = _PERCENT_WORDS.sub("", text)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueProblem(Reason.NOT_A_NUMBER, f"'{indicator.label}' ต้องเป็นตัวเลข ไม่ใช่ '{raw}'") from None
    if not number.is_finite():
        raise ValueProblem(Reason.NOT_A_NUMBER, f"'{indicator.label}' ต้องเป็นตัวเลข ไม่ใช่ '{raw}'")
    return Fraction(number)


def _check_range(indicator: Indicator, number: Fraction) -> Fraction:
    if number < 0:
        raise ValueProblem(Reason.NEGATIVE, f"'{indicator.label}' ติดลบไม่ได้ ({_show(number)}): ใส่ 0 หรือมากกว่า")
    if indicator.kind in _WHOLE_KINDS and number.denominator != 1:
        raise ValueProblem(Reason.NOT_WHOLE, f"'{indicator.label}' ต้องเป็นจำนวนเต็ม ไม่ใช่ {_show(number)}: ปัดเป็นจำนวนนับ")
    if indicator.max is not None and number > indicator.max:
        raise ValueProblem(
            Reason.OUT_OF_RANGE, f"'{indicator.label}' ต้องอยู่ระหว่าง 0 ถึง {indicator.max} ไม่ใช่ {_show(number)}"
        )
    return number


def _show(number: Fraction) -> str:
    return str(number.numerator) if number.denominator == 1 else f"{float(number):g}"


def encode_value(value: Value) -> str:
    """The stored text of a value: exact decimals, 'yes'/'no', 'n/a'."""
    if type(value) is Fraction:  # most values: asked first, as a month's file has 26,000 of them
        return format_number(value)
    if isinstance(value, NotApplicable):
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return format_number(value)


@lru_cache(maxsize=200_000)
def decode_value(indicator: Indicator, text: str) -> Value:
    """A stored text as its value; cached, since a country's figures repeat the same few texts."""
    if text == "n/a":
        return NOT_APPLICABLE
    if indicator.kind == "yesno":
        return text == "yes"
    return Fraction(text)
