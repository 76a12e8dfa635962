"""The districts of the provinces of the letters, their official codes and reference figures.

Both live as CSV files under `data/` that a user can edit: `districts.csv` (one row a district)
and `reference.csv` (one row a figure, valid from a month, until a month or open-ended, with its source).
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from cdd.errors import CddError
from cdd.office.calendar import Month, Period, parse_period
from cdd.office.thai import clean_text, to_arabic_digits

DATA_DIR = Path(__file__).resolve().parents[2] / "data"

# The district reference figures of RUBRICS §10 ("ref"): kept per district and period, not uploaded monthly.
REFERENCE_KEYS = ("otop_operators", "shop_target", "tambons", "heads_total", "leaders_target")

_DISTRICT_PREFIX = re.compile(r"^(อำเภอ|อ\.)\s*")


class UnknownDistrict(CddError, LookupError):
    def __init__(self, given: str, suggestion: District | None):
        self.given = given
        self.suggestion = suggestion
        hint = f" หมายถึง '{suggestion.name}' ({suggestion.code}) หรือไม่?" if suggestion else ""
        super().__init__(f"ไม่รู้จักอำเภอ '{given}'{hint}")


@dataclass(frozen=True)
class District:
    code: str
    name: str
    province_code: str
    province: str


@dataclass(frozen=True)
class ReferenceFigure:
    code: str
    key: str
    value: Fraction
    valid_from: Month
    valid_to: Month | None
    source: str

    def covers(self, month: Month) -> bool:
        return self.valid_from <= month and (self.valid_to is None or month <= self.valid_to)


def normalise_name(text: str) -> str:
    """The comparable form of a district name: no 'อำเภอ'/'อ.', spaces, invisible characters."""
    name = _DISTRICT_PREFIX.sub("", clean_text(text))
    return name.replace(" ", "")


def normalise_code(text: str) -> str:
    return to_arabic_digits(clean_text(str(text))).replace(" ", "")


class Registry:
    """Districts by code and by name, and their reference figures per period."""

    def __init__(self, districts: list[District], figures: list[ReferenceFigure]):
        self.districts = {d.code: d for d in districts}
        # Each province's districts in code order, found once: a country's grading asks for all 76.
        self._in_province: dict[str, list[District]] = {}
        for district in sorted(self.districts.values(), key=lambda d: d.code):
            self._in_province.setdefault(district.province_code, []).append(district)
        self._by_name = {normalise_name(d.name): d for d in districts}
        # Codes as a file writes them when it writes them plainly: found without the clean-up of each one.
        self._as_written = {code: d for code, d in self.districts.items() if normalise_code(code) == code}
        self._figures: dict[tuple[str, str], list[ReferenceFigure]] = {}
        for figure in figures:
            self._figures.setdefault((figure.code, figure.key), []).append(figure)
        self._columns: dict[tuple[Month, tuple[str, ...]], dict[str, list[Fraction | None]]] = {}

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR) -> Registry:
        return cls(_read_districts(data_dir / "districts.csv"), _read_figures(data_dir / "reference.csv"))

    def provinces(self) -> dict[str, str]:
        return {d.province_code: d.province for d in self.districts.values()}

    def in_province(self, province_code: str) -> list[District]:
        return list(self._in_province.get(province_code, ()))

    def by_code(self, code: str) -> District:
        district = self.districts.get(normalise_code(code))
        if district is None:
            raise UnknownDistrict(str(code), None)
        return district

    def match(self, text: str, province_code: str | None = None) -> District:
        """A district from its code or any written form of its name; never a silent guess.

        An unknown name raises UnknownDistrict carrying the closest known district as a suggestion.
        """
        if text in self._as_written:
            return self._as_written[text]
        code = normalise_code(text)
        if code in self.districts:
            return self.districts[code]
        candidates = {k: d for k, d in self._by_name.items() if province_code in (None, d.province_code)}
        name = normalise_name(text)
        if name in candidates:
            return candidates[name]
        close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.0)
        raise UnknownDistrict(clean_text(text), candidates[close[0]] if close and name else None)

    def name_of(self, code: str, unknown: str | None = None) -> str:
        """The district's name; for a code not in the registry, `unknown` (the code itself by default)."""
        district = self.districts.get(code)
        return district.name if district else (code if unknown is None else unknown)

    def figures(self) -> list[ReferenceFigure]:
        return [figure for group in self._figures.values() for figure in group]

    def reference(self, code: str, key: str, period: Period) -> ReferenceFigure | None:
        """The figure in force at the last month of the period, if one is recorded."""
        last = period.months[-1]
        valid = [f for f in self._figures.get((code, key), []) if f.covers(last)]
        return max(valid, key=lambda f: f.valid_from, default=None)

    def references(self, code: str, period: Period) -> dict[str, Fraction]:
        """Every reference figure of the district in force at the period's end (as `reference`, for all keys
        at once: grading a country asks this of every district of every scheme)."""
        last, found = period.months[-1], {}
        for key in REFERENCE_KEYS:
            figures = self._figures.get((code, key))
            if figures:
                valid = [f for f in figures if f.covers(last)]
                if valid:
                    found[key] = max(valid, key=_valid_from).value
        return found

    def reference_columns(self, period: Period, codes: tuple[str, ...]) -> dict[str, list[Fraction | None]]:
        """Each reference figure of these districts in force at the period's end, a list per key in the
        districts' order (None where a district has none). Kept: the figures do not change while the
        registry lives, and the dashboard asks the same province and period again and again."""
        wanted = (period.months[-1], codes)
        found = self._columns.get(wanted)
        if found is None:
            figures = [self.references(code, period) for code in codes]
            found = {key: [f.get(key) for f in figures] for key in REFERENCE_KEYS}
            if len(self._columns) > 256:
                self._columns.clear()
            self._columns[wanted] = found
        return found


def _valid_from(figure: ReferenceFigure) -> Month:
    return figure.valid_from


def _read_districts(path: Path) -> list[District]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [
            District(row["code"].strip(), clean_text(row["name"]), row["province_code"].strip(), row["province"])
            for row in csv.DictReader(f)
        ]


def _read_figures(path: Path) -> list[ReferenceFigure]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [_figure(row) for row in csv.DictReader(f) if row["value"].strip()]


def _figure(row: dict[str, str]) -> ReferenceFigure:
    valid_to = row.get("valid_to", "").strip()
    return ReferenceFigure(
        code=row["code"].strip(),
        key=row["key"].strip(),
        value=Fraction(to_arabic_digits(row["value"].strip()).replace(",", "")),
        valid_from=_month(row["valid_from"]),
        valid_to=_month(valid_to) if valid_to else None,
        source=row.get("source", ""),
    )


def _month(token: str) -> Month:
    period = parse_period(token)
    if not isinstance(period, Month):
        raise ValueError(f"reference.csv: '{token}' is not a month such as 2567-01")
    return period
