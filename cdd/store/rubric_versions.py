"""Rubrics as published versions in the store: the schemes the office grades by.

The TOML files shipped in cdd/rubrics/ are the seeds (version 1 of each, written by the upgrade that
made this table) and the exchange format; a published version keeps its TOML text and is never
edited. A change is a new version of the same scheme id, in force from a month given when it is
published. Each period is graded by the version in force for its last month, whether or not that
version has been retired since: retiring only stops new uploads for it. So that publishing never
changes a grade already given, a new version may not take effect in a month that already has figures.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

import duckdb

from cdd.errors import CddError
from cdd.office.calendar import PeriodError, parse_period
from cdd.office.clock import stamp
from cdd.rubrics.model import RubricError, Scheme, check_scheme, known_inputs, load_schemes, scheme_from_dict
from cdd.store.database import first_row, one_row, write_transaction
from cdd.store.submissions import CURRENT

SHIPPED_BY = "ระบบ (เกณฑ์ที่มากับโปรแกรม)"
_LETTER = re.compile(r"ที่\s*(?P<number>.+?)\s*ลงวันที่\s*(?P<date>.+?)\s*$")
_COLUMNS = (
    "scheme_id, version, toml, letter_number, letter_date, effective_from, effective_to, "
    "published_by, published_at, retired_by, retired_at"
)


class PublishRefused(CddError):
    """A version that cannot be published or retired: the message lists every problem in Thai."""

    exit_status = 1  # the file has problems: nothing was written


class UnknownVersion(CddError, LookupError):
    """No published version of that name; the message lists the ones there are."""


@dataclass(frozen=True)
class Version:
    scheme_id: str
    version: int
    toml: str
    letter_number: str
    letter_date: str
    effective_from: str
    effective_to: str
    published_by: str
    published_at: dt.datetime
    retired_by: str | None = None
    retired_at: dt.datetime | None = None

    @property
    def ref(self) -> str:
        """The version's name on the command line and the screens: click-2567-q3@1."""
        return f"{self.scheme_id}@{self.version}"

    @property
    def retired(self) -> bool:
        return self.retired_at is not None

    @property
    def scheme(self) -> Scheme:
        return parse_scheme(self.toml)

    def covers(self, month: str) -> bool:
        return self.effective_from <= month <= self.effective_to


@lru_cache(maxsize=64)
def parse_scheme(text: str) -> Scheme:
    """The scheme of a stored text; texts are immutable, so each is read once per process."""
    return scheme_from_dict(tomllib.loads(text))


def letter_reference(letter: str) -> tuple[str, str] | None:
    """(number, date) of 'หนังสือ… ที่ ขร ๐๐๑๙.๓/ว ๓๑๙๓ ลงวันที่ ๘ กุมภาพันธ์ ๒๕๖๗', None when it names neither."""
    found = _LETTER.search(letter or "")
    return (found["number"], found["date"]) if found else None


# ---- checking a text before anything is stored -----------------------------------------------------


def problems_of(text: str) -> tuple[Scheme | None, list[str]]:
    """The scheme a TOML text describes, and every reason it cannot be published, in Thai. Read as a
    draft: its own indicators may still change."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return None, [f"อ่านไฟล์ TOML ไม่ได้: {error} (ตรวจเครื่องหมายคำพูดและวงเล็บในบรรทัดนั้น)"]
    try:
        scheme = scheme_from_dict(raw, draft=True)
    except KeyError as error:
        return None, [f"ไม่มีช่อง {error} ที่เกณฑ์ต้องมี: เพิ่มช่องนี้ (ดูตัวอย่างจาก python -m cdd rubric export)"]
    except (TypeError, ValueError, RubricError, IndexError) as error:
        return None, [f"เกณฑ์ไม่ถูกต้อง: {error}"]
    titles = {mission.id: f"{mission.id} ({mission.title})" for mission in scheme.missions}
    found = [_thai_problem(p, titles) for p in check_scheme(scheme, known_inputs(scheme))]
    found += _shape_problems(scheme)
    if letter_reference(scheme.letter) is None:
        found.append(
            f"ยังไม่ได้ระบุหนังสือสั่งการ (letter = '{scheme.letter}'): เขียนเลขที่และวันที่ของหนังสือ "
            "เช่น 'หนังสือจังหวัดเชียงราย ที่ ชร 0019.3/ว 123 ลงวันที่ 1 ตุลาคม 2569'"
        )
    return scheme, found


_PROBLEMS_TH = (
    (
        re.compile(r"^rollup of unknown input '(.+)'$"),
        "วิธีรวมเดือน (rollup) ของตัวชี้วัด '{}' ที่ไม่มีในรายการตัวชี้วัด: ลบออกหรือแก้ชื่อ",
    ),
    (re.compile(r"^unknown input '(.+)'$"), "ตัวชี้วัด '{}' ไม่มีในรายการตัวชี้วัด: เลือกตัวชี้วัดที่มีอยู่ หรือเพิ่มตัวชี้วัดใหม่ก่อน"),
    (re.compile(r"^rollup '(.+)' for (.+)$"), "วิธีรวมเดือน '{}' ของ {} ไม่รู้จัก: ใช้ sum, mean, latest หรือ every-month"),
    (
        re.compile(r"^(.+): bands must go from A down.*$"),
        "ภารกิจ {}: ช่วงคะแนนต้องเรียงจาก A ลงไป และคะแนนต่ำสุดของแต่ละระดับต้องลดลง",
    ),
    (re.compile(r"^(.+): a (.+) needs criteria$"), "ภารกิจ {} แบบ {} ต้องมีเกณฑ์อย่างน้อยหนึ่งข้อ"),
    (re.compile(r"^(.+): bands grade one measure.*$"), "ภารกิจ {} แบบ bands ต้องมีเกณฑ์เดียวพอดี"),
    (re.compile(r"^(.+): group (.+) names unknown items$"), "ภารกิจ {}: กลุ่ม {} อ้างถึงข้อที่ไม่มี: แก้รหัสข้อในกลุ่ม"),
)


def _thai_problem(problem: str, titles: dict[str, str]) -> str:
    """The problem in Thai, a mission named with its title beside its id (a new one's id is made up)."""
    for pattern, thai in _PROBLEMS_TH:
        if found := pattern.match(problem):
            return thai.format(*(titles.get(group, group) for group in found.groups()))
    return f"เกณฑ์ใช้ไม่ได้: {problem}"


def _shape_problems(scheme: Scheme) -> list[str]:
    found = []
    for token, name in ((scheme.first_month, "เดือนแรก"), (scheme.last_month, "เดือนสุดท้าย")):
        try:
            parse_period(token)
        except PeriodError as error:
            found.append(f"{name} '{token}': {error}")
    if not found and scheme.first_month > scheme.last_month:
        found.append(f"เดือนแรก {scheme.first_month} อยู่หลังเดือนสุดท้าย {scheme.last_month}: สลับให้ถูก")
    if not scheme.provinces:
        found.append('ยังไม่ได้ระบุจังหวัดที่ใช้เกณฑ์: เพิ่มรหัสจังหวัดใน provinces เช่น ["57"]')
    if not scheme.missions:
        found.append("เกณฑ์ยังไม่มีภารกิจ: เพิ่มอย่างน้อยหนึ่งภารกิจ")
    return found


# ---- reading the versions ---------------------------------------------------------------------------


def versions(con: duckdb.DuckDBPyConnection, scheme_id: str | None = None) -> list[Version]:
    """Every published version (of one scheme), oldest scheme first, each scheme's versions in order."""
    where, params = ("WHERE scheme_id = ?", [scheme_id]) if scheme_id else ("", [])
    rows = con.execute(f"SELECT {_COLUMNS} FROM rubric_versions {where} ORDER BY scheme_id, version", params).fetchall()
    return [Version(*row) for row in rows]


def find_version(con: duckdb.DuckDBPyConnection, ref: str) -> Version:
    """'click-2567-q3@2', or 'click-2567-q3' for its latest version."""
    scheme_id, _, number = ref.partition("@")
    found = versions(con, scheme_id)
    if number:
        found = [v for v in found if str(v.version) == number]
    if not found:
        known = ", ".join(sorted({v.ref for v in versions(con)}))
        raise UnknownVersion(f"ไม่มีเกณฑ์รุ่น '{ref}' ในฐานข้อมูล: เลือกจาก {known} (ดู python -m cdd rubric list)")
    return found[-1]


def in_force(con: duckdb.DuckDBPyConnection, scheme_id: str, month: str) -> Version | None:
    """The version that grades `month`: the latest one whose effective months include it."""
    row = first_row(
        con,
        f"SELECT {_COLUMNS} FROM rubric_versions WHERE scheme_id = ? AND effective_from <= ? AND effective_to >= ? "
        "ORDER BY version DESC LIMIT 1",
        [scheme_id, month, month],
    )
    return Version(*row) if row else None


def scheme_for_period(con: duckdb.DuckDBPyConnection, scheme_id: str, period_token: str) -> Scheme | None:
    """The scheme a period is graded by (the version in force for its last month), else its latest
    version, so a period outside every version is refused with the scheme's own months named."""
    try:
        last = parse_period(period_token).months[-1].token
    except PeriodError:
        last = None
    found = _scheme_in_force(con, scheme_id, last) if last else None
    if found is not None:
        return found
    latest = versions(con, scheme_id)
    return latest[-1].scheme if latest else None


def _scheme_in_force(con: duckdb.DuckDBPyConnection, scheme_id: str, month: str) -> Scheme | None:
    """As in_force(...).scheme, without reading the version's text again once it was read in this process:
    a published version never changes, and (scheme, version, the moment it was published) names it."""
    row = first_row(
        con,
        "SELECT version, published_at FROM rubric_versions WHERE scheme_id = ? AND effective_from <= ? "
        "AND effective_to >= ? ORDER BY version DESC LIMIT 1",
        [scheme_id, month, month],
    )
    if row is None:
        return None
    key = (scheme_id, *row)
    known = _PUBLISHED.get(key)
    if known is None:
        text = first_row(con, "SELECT toml FROM rubric_versions WHERE scheme_id = ? AND version = ?", list(key[:2]))
        if text is None:  # versions are never deleted: read as if none were in force
            return None
        if len(_PUBLISHED) >= 64:  # drafts previewed, databases of tests: forget now and then
            _PUBLISHED.clear()
        known = _PUBLISHED[key] = parse_scheme(text[0])
    return known


# The schemes of published versions already read, by (scheme, version, published at).
_PUBLISHED: dict[tuple, Scheme] = {}


def schemes_for_period(con: duckdb.DuckDBPyConnection, period_token: str | None) -> dict[str, Scheme]:
    """Every published scheme by id, each as the version that grades the period (its latest without one):
    what the command line's evaluate and template read, as the dashboard does."""
    if not period_token:
        return current_schemes(con)
    found = {scheme_id: scheme_for_period(con, scheme_id, period_token) for scheme_id in current_schemes(con)}
    return {scheme_id: scheme for scheme_id, scheme in found.items() if scheme is not None}


def current_schemes(con: duckdb.DuckDBPyConnection, open_only: bool = False) -> dict[str, Scheme]:
    """Each scheme id's latest version, by id in the order first published; `open_only` leaves out
    schemes whose latest version is retired (not offered for new figures)."""
    latest: dict[str, Version] = {}
    for version in sorted(versions(con), key=lambda v: (v.published_at, v.scheme_id, v.version)):
        latest[version.scheme_id] = version
    chosen = [v for v in latest.values() if not (open_only and v.retired)]
    return {v.scheme_id: v.scheme for v in sorted(chosen, key=lambda v: v.scheme_id)}


# ---- publishing and retiring --------------------------------------------------------------------------


def publish(con: duckdb.DuckDBPyConnection, text: str, by: str, effective_from: str | None = None) -> Version:
    """Store a new version; refused, writing nothing, when the text has a problem or would change a
    grade already given. Every stored version is read first, so that an indicator the text defines
    otherwise than a stored version is refused."""
    for stored in versions(con):
        parse_scheme(stored.toml)
    scheme, found = problems_of(text)
    if scheme is None or found:
        raise PublishRefused("เผยแพร่ไม่ได้: " + "; ".join(found))
    start = effective_from or scheme.first_month
    _check_effective(con, scheme, start)
    number, date = letter_reference(scheme.letter) or ("", "")
    with write_transaction(con) as cur:
        version = (
            one_row(cur, "SELECT coalesce(max(version), 0) FROM rubric_versions WHERE scheme_id = ?", [scheme.id])[0]
            + 1
        )
        cur.execute(
            f"INSERT INTO rubric_versions ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
            [scheme.id, version, text, number, date, start, scheme.last_month, by, stamp()],
        )
    return find_version(con, f"{scheme.id}@{version}")


def _check_effective(con: duckdb.DuckDBPyConnection, scheme: Scheme, start: str) -> None:
    if not scheme.first_month <= start <= scheme.last_month:
        raise PublishRefused(
            f"เดือนที่เริ่มมีผล {start} อยู่นอกช่วงของเกณฑ์ ({scheme.first_month} ถึง {scheme.last_month}): เลือกเดือนในช่วงนี้"
        )
    earlier = [v for v in versions(con, scheme.id) if v.effective_to >= start]
    if not earlier:
        return
    provinces = sorted({p for v in earlier for p in v.scheme.provinces} | set(scheme.provinces))
    row = first_row(
        con,
        f"SELECT max(month) FROM submitted_values WHERE {CURRENT} AND month >= ? AND month <= ? "
        "AND code IN (SELECT code FROM districts WHERE province_code IN (SELECT unnest(?)))",
        [start, scheme.last_month, provinces],
    )
    if row and row[0]:
        raise PublishRefused(
            f"เดือน {row[0]} มีข้อมูลที่ให้ระดับด้วยเกณฑ์ {earlier[-1].ref} แล้ว: รุ่นใหม่จะเปลี่ยนระดับที่ให้ไปแล้ว "
            f"ให้รุ่นใหม่เริ่มมีผลหลังเดือน {row[0]} หรือตั้งรหัสเกณฑ์ใหม่"
        )


def retire(con: duckdb.DuckDBPyConnection, ref: str, by: str) -> Version:
    """Stop offering a version for new figures; it still grades the periods it was in force for."""
    version = find_version(con, ref)
    if version.retired:
        raise PublishRefused(
            f"เกณฑ์ {version.ref} เลิกใช้แล้วเมื่อ {version.retired_at:%Y-%m-%d %H:%M} โดย {version.retired_by}"
        )
    with write_transaction(con) as cur:
        cur.execute(
            "UPDATE rubric_versions SET retired_by = ?, retired_at = ? WHERE scheme_id = ? AND version = ?",
            [by, stamp(), version.scheme_id, version.version],
        )
    return find_version(con, version.ref)


def seed_shipped(con: duckdb.DuckDBPyConnection) -> None:
    """Version 1 of every shipped rubric file (or of the folder CDD_RUBRICS names), inside the upgrade's
    own transaction."""
    for scheme in load_schemes().values():
        text = scheme.path.read_text(encoding="utf-8") if scheme.path else ""
        number, date = letter_reference(scheme.letter) or ("", "")
        con.execute(
            f"INSERT INTO rubric_versions ({_COLUMNS}) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
            [scheme.id, text, number, date, scheme.first_month, scheme.last_month, SHIPPED_BY, stamp()],
        )
