"""Importing one file, the same way from the command line and from the upload screen.

Two steps, so that a person can look between them: `check_file` reads the file once, checks it whole
and plans what it would change (nothing is written); `import_checked` takes an automatic copy of the
database, then writes exactly what was checked. `summary` is the one sentence both edges print.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from cdd.intake.validate import Problem, Submission, read_submission
from cdd.rubrics.model import Scheme
from cdd.rubrics.reasons import Reason
from cdd.store import settings, submissions
from cdd.store.backup import automatic_backup
from cdd.store.database import registry_from
from cdd.store.submissions import Plan
from cdd.store.users import User, authorize_write, reference_refusals


@dataclass(frozen=True)
class CheckedFile:
    """A file read and checked whole: either problems, or a submission and what it would change."""

    name: str
    data: bytes
    submission: Submission | None
    problems: list[Problem]
    plan: Plan | None

    @property
    def ok(self) -> bool:
        return not self.problems and self.submission is not None


@dataclass(frozen=True)
class Imported:
    batch: int | None  # None: the file held nothing the store does not already have, and nothing was written
    backup: Path | None
    summary: str


def check_file(
    con: duckdb.DuckDBPyConnection,
    name: str,
    data: bytes,
    schemes: dict[str, Scheme],
    scheme_id: str | None = None,
    period: str | None = None,
    by: User | None = None,
) -> CheckedFile:
    """`by`, the signed-in account, when known: reference figures it may not write, and for a district
    account any other district's row, are problems of the file here, before the preview (the write
    refuses them again, whatever the caller). The file is held to the limits in force for this database
    (cdd/store/settings.py), as an administrator set them."""
    own_district = by.district if by is not None and by.role == "district" else None
    submission, problems = read_submission(
        name, data, registry_from(con), schemes, scheme_id, period, own_district, settings.limits(con)
    )
    if submission is not None and by is not None:
        problems = [*problems, *_reference_problems(by, submission)]
        submission = submission if not problems else None
    plan = submissions.plan(con, submission) if submission is not None and not problems else None
    return CheckedFile(name, data, submission, list(problems), plan)


def _reference_problems(by: User, submission: Submission) -> list[Problem]:
    figures = submissions.reference_figures(submission)
    values = {(row, key): value for row, _, key, value in figures}
    return [
        Problem(row, key, values[(row, key)], Reason.REFERENCE_FIGURE, message)
        for row, key, message in reference_refusals(by, figures)
    ]


def replan(con: duckdb.DuckDBPyConnection, checked: CheckedFile) -> CheckedFile:
    """The same check against the data as it is now (another batch may have landed meanwhile)."""
    if checked.submission is None:
        return checked
    return CheckedFile(
        checked.name, checked.data, checked.submission, checked.problems, submissions.plan(con, checked.submission)
    )


def summary(checked: CheckedFile) -> str:
    """What the file holds and would do, in one Thai sentence: first whether anything is new at all."""
    submission, plan = checked.submission, checked.plan
    assert submission is not None and plan is not None, "a summary is of a file that passed its check"
    counts = (
        f"{len(submission.rows)} แถว, ค่าใหม่ {plan.count('new')}, "
        f"เปลี่ยน {plan.count('changed')}, เท่าเดิม {plan.count('unchanged')}, ช่องว่าง {submission.blank_cells}, "
        f"แถวที่ไม่ได้กรอก {submission.untouched_rows}, ค่าอ้างอิงที่ตรงกับข้อมูลเดิม (ไม่บันทึกซ้ำ) "
        f"{submission.echoed_references}"
    )
    where = f"{submission.scheme.id} {submission.period}"
    if not plan.anything_new:
        return f"{where}: ตัวเลขและหลักฐานเหมือนเดิมทั้งหมด ไม่มีอะไรต้องบันทึก · {counts}"
    if not plan.writes:
        return f"{where}: ตัวเลขเหมือนเดิม · หลักฐานใหม่ {plan.new_evidence} รายการ · {counts}"
    evidence = f", หลักฐานใหม่ {plan.new_evidence} รายการ" if plan.new_evidence else ""
    return f"{where}: {counts}{evidence}"


def import_checked(con: duckdb.DuckDBPyConnection, checked: CheckedFile, by: str | User) -> Imported:
    """The rights, then an automatic copy (the import can be undone even without the app), then the write:
    a file that will be refused gets no copy of its own. A file with no new figure and no new evidence
    writes nothing at all (no batch, no copy), and its summary says so."""
    assert checked.ok and checked.submission is not None, "only a file that passed its check is imported"
    authorize_write(submissions.acting_user(con, by), (row.district.code for row in checked.submission.rows))
    if checked.plan is not None and not checked.plan.anything_new:
        return Imported(None, None, summary(checked))
    copy = automatic_backup(con)
    batch = submissions.write(con, checked.submission, checked.name, checked.data, by)
    return Imported(batch, copy, summary(checked))
