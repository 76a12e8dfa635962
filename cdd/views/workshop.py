"""What the rubric workshop screen («จัดการเกณฑ์») shows: the draft's rule and band tables with Thai
choices and each row's lint finding, and the history of published versions."""

from __future__ import annotations

import pandas as pd

from cdd.office.calendar import PeriodError, parse_month
from cdd.office.districts import REFERENCE_KEYS
from cdd.office.thai import without_bidi_controls
from cdd.rubrics import drafts
from cdd.rubrics.conditions import OPERATORS, Condition, rule_thai
from cdd.rubrics.indicators import CATALOGUE
from cdd.rubrics.lint import lint_scheme
from cdd.rubrics.model import Mission, Scheme
from cdd.store.rubric_versions import Version
from cdd.views.presentation import part_label

COMPARED_TH = drafts.COMPARED_WITH
COMPARED_KEY = {thai: key for key, thai in COMPARED_TH.items()}
OPERATOR_CHOICES = [drafts.OPERATOR_TH[op] for op in OPERATORS]
OPERATOR_KEY = {thai: op for op, thai in drafts.OPERATOR_TH.items()}
# Where a row's cell has nothing to hold (no reference figure for "ตัวเลข", no number for "ใช่").
EMPTY = ""


def findings_by_part(scheme: Scheme) -> dict[tuple[str, str], list[str]]:
    """(mission id, part id) → the lint findings about it, in Thai."""
    out: dict[tuple[str, str], list[str]] = {}
    for finding in lint_scheme(scheme):
        out.setdefault((finding.mission, finding.rule), []).append(finding.message)
    return out


def finding_notes(scheme: Scheme) -> list[tuple[str, str]]:
    """(where: the mission's title and the part's name, the findings) for the warnings under the tables."""
    missions = {mission.id: mission for mission in scheme.missions}
    out = []
    for (mission_id, part), notes in findings_by_part(scheme).items():
        mission = missions.get(mission_id)
        where = f"{mission.title} / {part_label(mission, part)}" if mission else mission_id
        out.append((where, " / ".join(notes)))
    return out


def indicator_choices() -> list[str]:
    """The indicators and reference figures by their Thai labels (unique in the catalogue), with those a
    scheme brought."""
    return sorted(indicator.label for indicator in CATALOGUE.values())


def indicator_key(label: str) -> str:
    """The key of an indicator chosen by its label (a key typed as such stays a key)."""
    return next((key for key, indicator in CATALOGUE.items() if indicator.label == label), label)


def indicator_label(key: str | None) -> str:
    if not key:
        return EMPTY
    return CATALOGUE[key].label if key in CATALOGUE else key


def reference_choices(table: pd.DataFrame) -> list[str]:
    """The reference figures a row may be compared with, by label; with any other the draft already uses."""
    known = [indicator_label(key) for key in REFERENCE_KEYS]
    used = [r for r in table.get("reference", pd.Series(dtype=str)) if r and r not in known]
    return [*known, *sorted(set(used))]


RULE_COLUMNS = [
    "mission",
    "part",
    "level",
    "position",
    "indicator",
    "operator",
    "compared",
    "number",
    "reference",
    "rule",
    "finding",
]


def rule_table(scheme: Scheme) -> pd.DataFrame:
    """Every rule as a row in Thai: the mission's title, the part's name, the choices by their labels, the
    rule as the letter words it, and the lint finding of its part. No cell holds a key, None or NaN but
    the number of a row that compares with none (an empty number cell)."""
    notes = findings_by_part(scheme)
    missions = {mission.id: mission for mission in scheme.missions}
    rows = []
    for row in drafts.rule_rows(scheme):
        mission = missions[row["mission"]]
        rows.append(
            {
                "mission": mission.title,
                "part": part_name(mission, row["part"]),
                "level": row["level"],
                "position": row["position"],
                "indicator": indicator_label(row["indicator"]),
                "operator": drafts.OPERATOR_TH[row["operator"]],
                "compared": COMPARED_TH[row["compared"]],
                "number": row["number"],
                "reference": indicator_label(row["reference"]),
                "rule": rule_thai(Condition.parse(row["rule"])),
                "finding": " / ".join(notes.get((row["mission"], row["part"]), [])),
            }
        )
    return pd.DataFrame(rows, columns=RULE_COLUMNS)


def mission_ids(scheme: Scheme) -> dict[str, str]:
    """A mission's title (unique in a scheme) → its id."""
    return {mission.title: mission.id for mission in scheme.missions}


def part_ids(scheme: Scheme, mission_id: str | None) -> dict[str, str]:
    """A part's name as the tables show it → its id, within one mission."""
    mission = next((m for m in scheme.missions if m.id == mission_id), None)
    if mission is None:
        return {}
    return {part.label: part.id for part in mission.parts}


def place_of(scheme: Scheme, record: dict) -> tuple[str | None, str | None]:
    """(mission id, part id) of a row that names them by title and by name; a name not found stays as
    written, so the builder names the row."""
    mission = mission_ids(scheme).get(record.get("mission") or "", record.get("mission"))
    part = part_ids(scheme, mission).get(record.get("part") or "", record.get("part"))
    return mission, part


def part_name(mission: Mission, part_id: str) -> str:
    """An item's or criterion's label (a group may share its id: the label of the part itself)."""
    return next((p.label for p in mission.parts if p.id == part_id), part_id)


def part_choices(scheme: Scheme) -> list[str]:
    return list(dict.fromkeys(p.label for m in scheme.missions for p in m.parts))


def rules_from_table(scheme: Scheme, table: pd.DataFrame) -> list[dict]:
    """The rows as the rule builder takes them, in order: each row's place from its mission's title and
    its part's name, its Thai choices turned back into keys. A row added is a new rule of its place."""
    rows = []
    for record in table.to_dict("records"):
        mission, part = place_of(scheme, record)
        reference = record.get("reference") or None
        rows.append(
            {
                "mission": mission,
                "part": part,
                "level": record.get("level"),
                "indicator": indicator_key(record.get("indicator") or ""),
                "operator": OPERATOR_KEY.get(record.get("operator"), record.get("operator")),
                "compared": COMPARED_KEY.get(record.get("compared"), record.get("compared")),
                "number": record.get("number"),
                "reference": indicator_key(reference) if isinstance(reference, str) else None,
            }
        )
    return rows


def band_table(scheme: Scheme) -> pd.DataFrame:
    """The grade bands with the mission's title; the printed wording empty, never None, where the letter has none."""
    notes = findings_by_part(scheme)
    titles = {mission.id: mission.title for mission in scheme.missions}
    rows = [
        {
            "mission": titles[row["mission"]],
            "grade": row["grade"],
            "min": row["min"],
            "printed": row["printed"] or EMPTY,
            "finding": " / ".join(notes.get((row["mission"], "bands"), [])),
        }
        for row in drafts.band_rows(scheme)
    ]
    return pd.DataFrame(rows, columns=["mission", "grade", "min", "printed", "finding"])


def bands_from_table(scheme: Scheme, table: pd.DataFrame) -> list[dict]:
    """The band rows as `drafts.with_bands` takes them, each with its mission's id found by its title."""
    ids = mission_ids(scheme)
    return [
        {**record, "mission": ids.get(record.get("mission") or "", record.get("mission"))}
        for record in table.to_dict("records")
    ]


def scheme_name(scheme: Scheme) -> str:
    """A scheme as a person knows it: its Thai title and the letter it comes from, never its id."""
    return without_bidi_controls(f"{scheme.title} — {scheme.letter}" if scheme.letter else scheme.title)


def version_name(version: Version) -> str:
    """'Click ชุมชน ไตรมาส 1/2570 ฉบับที่ 2': the title and which of its published versions."""
    return without_bidi_controls(f"{version.scheme.title} ฉบับที่ {version.version}")


def months_thai(first: str, last: str) -> str:
    """'ตุลาคม 2569 ถึง ธันวาคม 2569' from two month tokens; a token that is no month is shown as typed."""
    return " ถึง ".join(_month_thai(token) for token in (first, last))


def _month_thai(token: str) -> str:
    try:
        return parse_month(token).thai()
    except PeriodError:
        return without_bidi_controls(token)


def version_rows(versions: list[Version]) -> pd.DataFrame:
    """The history of published versions by their Thai titles and letters (typed in the workshop: never
    shown backwards), each scheme's versions numbered in order."""
    return pd.DataFrame(
        [
            {
                "เกณฑ์": without_bidi_controls(v.scheme.title),
                "ฉบับที่": v.version,
                "หนังสือที่": without_bidi_controls(v.letter_number),
                "ลงวันที่": without_bidi_controls(v.letter_date),
                "มีผล": months_thai(v.effective_from, v.effective_to),
                "เผยแพร่โดย": without_bidi_controls(v.published_by),
                "เมื่อ": f"{v.published_at:%Y-%m-%d %H:%M}",
                "สถานะ": f"เลิกใช้ ({without_bidi_controls(v.retired_by)})" if v.retired else "ใช้อยู่",
            }
            for v in versions
        ]
    )
