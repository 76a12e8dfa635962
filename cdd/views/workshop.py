"""What the rubric workshop screen («จัดการเกณฑ์») shows: the draft's rule and band tables with Thai
choices and each row's lint finding, and the history of published versions."""

from __future__ import annotations

import pandas as pd

from cdd.office.thai import without_bidi_controls
from cdd.rubrics import drafts
from cdd.rubrics.conditions import OPERATORS
from cdd.rubrics.lint import lint_scheme
from cdd.rubrics.model import Scheme
from cdd.store.rubric_versions import Version

COMPARED_TH = drafts.COMPARED_WITH
COMPARED_KEY = {thai: key for key, thai in COMPARED_TH.items()}
OPERATOR_CHOICES = [f"{op} {drafts.OPERATOR_TH[op]}" for op in OPERATORS]
OPERATOR_KEY = {choice: choice.split()[0] for choice in OPERATOR_CHOICES}


def findings_by_part(scheme: Scheme) -> dict[tuple[str, str], list[str]]:
    """(mission id, part id) → the lint findings about it, in Thai."""
    out: dict[tuple[str, str], list[str]] = {}
    for finding in lint_scheme(scheme):
        out.setdefault((finding.mission, finding.rule), []).append(finding.message)
    return out


def rule_table(scheme: Scheme) -> pd.DataFrame:
    """Every rule as a row with Thai choices, its text form and the lint finding of its part."""
    notes = findings_by_part(scheme)
    rows = []
    for row in drafts.rule_rows(scheme):
        rows.append(
            {
                **row,
                "operator": f"{row['operator']} {drafts.OPERATOR_TH[row['operator']]}",
                "compared": COMPARED_TH[row["compared"]],
                "finding": " / ".join(notes.get((row["mission"], row["part"]), [])),
            }
        )
    return pd.DataFrame(rows)


def rules_from_table(table: pd.DataFrame) -> list[dict]:
    """The rows as the rule builder takes them (the Thai choices turned back into keys)."""
    rows = []
    for record in table.to_dict("records"):
        number = record.get("number")
        rows.append(
            {
                **record,
                "operator": OPERATOR_KEY.get(record["operator"], record["operator"]),
                "compared": COMPARED_KEY.get(record["compared"], record["compared"]),
                "number": None if number is None or number != number else number,
                "reference": record.get("reference") or None,
            }
        )
    return rows


def band_table(scheme: Scheme) -> pd.DataFrame:
    notes = findings_by_part(scheme)
    rows = [row | {"finding": " / ".join(notes.get((row["mission"], "bands"), []))} for row in drafts.band_rows(scheme)]
    return pd.DataFrame(rows)


def version_rows(versions: list[Version]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "รุ่น": v.ref,
                "ชื่อ": without_bidi_controls(v.scheme.title),  # typed in the workshop: never shown backwards
                "หนังสือที่": without_bidi_controls(v.letter_number),
                "ลงวันที่": without_bidi_controls(v.letter_date),
                "มีผล": f"{v.effective_from} ถึง {v.effective_to}",
                "เผยแพร่โดย": without_bidi_controls(v.published_by),
                "เมื่อ": f"{v.published_at:%Y-%m-%d %H:%M}",
                "สถานะ": f"เลิกใช้ ({without_bidi_controls(v.retired_by)})" if v.retired else "ใช้อยู่",
            }
            for v in versions
        ]
    )
