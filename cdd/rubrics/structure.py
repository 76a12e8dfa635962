"""A draft's structure as rows a person edits: its missions, each mission's items or criteria, their
levels and steps, how each input rolls up, and the indicators a new letter brings.

Each table is read back whole: a row kept keeps everything the table does not show (its rules, its
groups, its ranges), a row left out is removed, a row added is new. A table read back unchanged is the
same rubric. Rows carry keys (mission and part ids, shape and roll-up names); the Thai words a person
chooses from are the views' business.
"""

from __future__ import annotations

import re

from cdd.rubrics.drafts import STEP, DraftError, number_or_none, toml_number
from cdd.rubrics.indicators import BETTER, CATALOGUE, KINDS, ROLLUPS, SHIPPED
from cdd.rubrics.model import GRADES, SHAPES, Scheme, scheme_from_dict
from cdd.rubrics.toml_write import scheme_to_dict

# Shapes whose parts are criteria with levels A–D; every other shape's parts are items.
CRITERIA_SHAPES = ("ladder", "bands")
WHOLE_MISSION = "ทั้งภารกิจ"  # the part of a level row that is the mission's own grade as the letter prints it
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


def _rebuilt(raw: dict) -> Scheme:
    try:
        return scheme_from_dict(raw, draft=True)
    except (KeyError, TypeError) as error:
        raise DraftError(f"ร่างไม่ครบ: {error}") from None


def _text(row: dict, column: str) -> str:
    value = row.get(column)
    return value.strip() if isinstance(value, str) else ""


def _new_id(prefix: str, taken: set[str]) -> str:
    number = 1
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


def _unique_ids(rows: list[dict], prefix: str, taken: set[str], what: str) -> list[str]:
    """Each row's id: its own, or a new one when left empty; a Thai error naming a repeated one."""
    ids: list[str] = []
    for number, row in enumerate(rows, 1):
        given = _text(row, "id")
        if given and given in ids:
            raise DraftError(f"แถวที่ {number}: รหัส{what} '{given}' ซ้ำกับแถวก่อนหน้า: ตั้งรหัสใหม่ หรือเว้นว่างให้ระบบตั้ง")
        ids.append(given or _new_id(prefix, taken | set(ids) | {_text(r, "id") for r in rows}))
    return ids


def is_criteria_mission(mission: dict) -> bool:
    """Whether a mission's table (as the TOML holds it) takes criteria rather than items."""
    return mission.get("shape") in CRITERIA_SHAPES


# ---- missions --------------------------------------------------------------------------------------------


def mission_rows(scheme: Scheme) -> list[dict]:
    return [
        {
            "id": m.id,
            "title": m.title,
            "shape": str(m.shape),
            "max": float(m.printed_max) if m.printed_max is not None else None,
            "printed": m.printed,
            "reading": m.reading,
        }
        for m in scheme.missions
    ]


def with_missions(scheme: Scheme, rows: list[dict]) -> Scheme:
    """The scheme with these missions, in this order: a row with a known id keeps the mission's parts and
    rules; a new row is a new mission without parts; a mission without a row is removed."""
    raw = scheme_to_dict(scheme)
    old = {m["id"]: m for m in raw["missions"]}
    ids = _unique_ids(rows, "mission", set(old), "ภารกิจ")
    titles: set[str] = set()
    missions = []
    for number, (mission_id, row) in enumerate(zip(ids, rows, strict=True), 1):
        title, shape = _text(row, "title"), _text(row, "shape")
        if not title:
            raise DraftError(f"แถวที่ {number}: ยังไม่ได้ใส่ชื่อภารกิจ: พิมพ์ชื่อตามหนังสือ")
        if title in titles:
            raise DraftError(f"แถวที่ {number}: ชื่อภารกิจ '{title}' ซ้ำ: แต่ละภารกิจต้องมีชื่อไม่ซ้ำกัน")
        if shape not in SHAPES:
            raise DraftError(f"แถวที่ {number} ({title}): เลือกรูปแบบการให้คะแนนจากรายการ")
        titles.add(title)
        mission = old.get(mission_id, {"id": mission_id})
        mission |= {"title": title, "shape": shape}
        _set(mission, "printed_max", toml_number(number_or_none(row.get("max"))))
        _set(mission, "printed", _text(row, "printed"))
        _set(mission, "reading", _text(row, "reading"))
        missions.append(mission)
    raw["missions"] = missions
    return _rebuilt(raw)


def _set(holder: dict, key: str, value: object) -> None:
    """Set a field, or drop it when empty, as the TOML writer leaves empty fields out."""
    if value in (None, ""):
        holder.pop(key, None)
    else:
        holder[key] = value


def add_mission(scheme: Scheme, title: str, shape: str, max_points: object = None) -> Scheme:
    return with_missions(scheme, [*mission_rows(scheme), {"title": title, "shape": shape, "max": max_points}])


# ---- items and criteria ----------------------------------------------------------------------------------


def part_rows(scheme: Scheme) -> list[dict]:
    """Every item or criterion: its mission, id, label, all-or-nothing points (items), printed wording
    (items) and reading."""
    rows: list[dict] = []
    for m in scheme.missions:
        rows += [
            {"mission": m.id, "id": c.id, "label": c.label, "points": None, "printed": "", "reading": c.reading}
            for c in m.criteria
        ]
        rows += [
            {
                "mission": m.id,
                "id": i.id,
                "label": i.label,
                "points": float(i.points) if i.points is not None else None,
                "printed": i.printed,
                "reading": i.reading,
            }
            for i in m.items
        ]
    return rows


def with_parts(scheme: Scheme, rows: list[dict]) -> Scheme:
    """The scheme with these items and criteria: a mission of a ladder or bands takes criteria, any other
    items. A kept part keeps its levels, steps and rules; a new one starts empty. A mission whose shape
    was changed has its parts turned into the new kind here, keeping their ids, names and readings."""
    raw = scheme_to_dict(scheme)
    missions = {m["id"]: m for m in raw["missions"]}
    for number, row in enumerate(rows, 1):
        if row.get("mission") not in missions:
            raise DraftError(f"แถวที่ {number}: เลือกภารกิจของข้อนี้จากรายการ")
        if not _text(row, "label"):
            raise DraftError(f"แถวที่ {number}: ยังไม่ได้ใส่ชื่อข้อหรือเกณฑ์: พิมพ์ตามหนังสือ")
    for mission_id, mission in missions.items():
        mine = [row for row in rows if row["mission"] == mission_id]
        field, other = ("criteria", "items") if is_criteria_mission(mission) else ("items", "criteria")
        # After a change of shape the old parts become the new kind: their names and readings kept.
        old = {p["id"]: p for p in (*mission.get(other, []), *mission.get(field, []))}
        mission.pop(other, None)
        prefix = "c" if field == "criteria" else "i"
        ids = _unique_ids(mine, prefix, set(old), "ข้อ")
        labels = [_text(row, "label") for row in mine]
        if len(set(labels)) != len(labels):
            twice = next(label for label in labels if labels.count(label) > 1)
            raise DraftError(f"ภารกิจ {mission['title']}: ชื่อข้อ '{twice}' ซ้ำ: แต่ละข้อต้องมีชื่อไม่ซ้ำกัน")
        parts = []
        for part_id, row in zip(ids, mine, strict=True):
            part = old.get(part_id, {"id": part_id})
            part["label"] = _text(row, "label")
            _set(part, "reading", _text(row, "reading"))
            if field == "items":
                _set(part, "points", toml_number(number_or_none(row.get("points"))))
                _set(part, "printed", _text(row, "printed"))
            parts.append(part)
        _set(mission, field, parts)
    return _rebuilt(raw)


def add_part(scheme: Scheme, mission_id: str, label: str, points: object = None) -> Scheme:
    return with_parts(scheme, [*part_rows(scheme), {"mission": mission_id, "label": label, "points": points}])


# ---- levels of criteria and steps of items ---------------------------------------------------------------


def level_rows(scheme: Scheme) -> list[dict]:
    """The mission's own grade levels as the letter prints them (part 'ทั้งภารกิจ', with their nominal
    points), each criterion's levels (A–D) and each item's steps ('ขั้น 1', …), with points and wording."""
    rows: list[dict] = []
    for m in scheme.missions:
        rows += [
            {
                "mission": m.id,
                "part": WHOLE_MISSION,
                "level": lv.grade,
                "points": float(lv.nominal_points) if lv.nominal_points is not None else None,
                "printed": lv.printed,
            }
            for lv in m.levels
        ]
        for c in m.criteria:
            rows += [
                {"mission": m.id, "part": c.id, "level": grade, "points": None, "printed": rule.printed}
                for grade, rule in c.levels.items()
            ]
        for i in m.items:
            rows += [
                {"mission": m.id, "part": i.id, "level": f"{STEP} {n}", "points": float(s.points), "printed": s.printed}
                for n, s in enumerate(i.steps, 1)
            ]
    return rows


def level_choices(scheme: Scheme) -> list[str]:
    """What the level column may hold: a grade, or a step up to one past the longest step table."""
    longest = max((len(i.steps) for m in scheme.missions for i in m.items), default=0)
    return [*GRADES, *(f"{STEP} {n}" for n in range(1, longest + 2))]


def with_levels(scheme: Scheme, rows: list[dict]) -> Scheme:
    """The scheme with these levels and steps. A criterion's level keeps its rules; a new level has none
    yet. An item's step 'ขั้น n' keeps the rules of its old step n; a number past the old table is a new
    step; steps are numbered again in the rows' order."""
    raw = scheme_to_dict(scheme)
    parts = _parts_by_place(raw)
    chosen: dict[tuple[str, str], list[tuple[int, dict]]] = {place: [] for place in parts}
    for number, row in enumerate(rows, 1):
        place = (row.get("mission"), row.get("part"))
        if place not in parts:
            raise DraftError(f"แถวที่ {number}: เลือกภารกิจและข้อของระดับนี้จากรายการ")
        chosen[place].append((number, row))
    for place, (field, part) in parts.items():
        if field == "levels":
            _set_mission_levels(part, chosen[place])
        elif field == "criteria":
            _set_levels(part, chosen[place])
        else:
            _set_steps(part, chosen[place])
    return _rebuilt(raw)


def _parts_by_place(raw: dict) -> dict[tuple[str, str], tuple[str, dict]]:
    """(mission id, part id) → (what it is, its table); the mission itself under WHOLE_MISSION."""
    places = {(m["id"], WHOLE_MISSION): ("levels", m) for m in raw["missions"]}
    for m in raw["missions"]:
        places |= {(m["id"], p["id"]): (field, p) for field in ("criteria", "items") for p in m.get(field, [])}
    return places


def _set_mission_levels(mission: dict, rows: list[tuple[int, dict]]) -> None:
    levels: list[dict] = []
    for number, row in rows:
        grade = row.get("level")
        if grade not in GRADES or grade in [lv["grade"] for lv in levels]:
            raise DraftError(f"แถวที่ {number} ({mission['title']}): ระดับของภารกิจต้องเป็น A B C หรือ D และไม่ซ้ำกัน")
        level = {"grade": grade}
        _set(level, "printed", _text(row, "printed"))
        _set(level, "nominal_points", toml_number(number_or_none(row.get("points"))))
        levels.append(level)
    _set(mission, "levels", levels)


def _set_levels(criterion: dict, rows: list[tuple[int, dict]]) -> None:
    levels = {}
    for number, row in rows:
        grade = row.get("level")
        if grade not in GRADES or grade in levels:
            raise DraftError(f"แถวที่ {number} ({criterion['label']}): ระดับต้องเป็น A B C หรือ D และไม่ซ้ำในเกณฑ์เดียวกัน")
        rule = dict(criterion.get(grade, {"when": []}))
        _set(rule, "printed", _text(row, "printed"))
        levels[grade] = rule
    for grade in GRADES:
        criterion.pop(grade, None)
    criterion.update(levels)


def _set_steps(item: dict, rows: list[tuple[int, dict]]) -> None:
    old, used, steps = item.get("steps", []), set(), []
    for number, row in rows:
        level = str(row.get("level") or "")
        if not level.startswith(STEP) or not level.split()[-1].isdigit():
            raise DraftError(
                f"แถวที่ {number} ({item['label']}): ข้อแบบคะแนนใช้ขั้น ('{STEP} 1', '{STEP} 2', …) ไม่ใช่ '{level}'"
            )
        points = number_or_none(row.get("points"))
        if points is None:
            raise DraftError(f"แถวที่ {number} ({item['label']} {level}): ใส่คะแนนของขั้นนี้")
        index = int(level.split()[-1]) - 1
        if index in used:
            raise DraftError(f"แถวที่ {number} ({item['label']}): {level} ซ้ำ: เลือกขั้นถัดไปสำหรับขั้นใหม่")
        used.add(index)
        step = dict(old[index]) if index < len(old) else {"when": []}
        step["points"] = toml_number(points)
        _set(step, "printed", _text(row, "printed"))
        steps.append(step)
    _set(item, "steps", steps)


# ---- roll-ups --------------------------------------------------------------------------------------------


def rollup_rows(scheme: Scheme) -> list[dict]:
    """Each input the scheme takes, and how its months add up: the scheme's own rule, else the catalogue's."""
    keys = dict.fromkeys((*scheme.accepted_inputs, *scheme.rollup))
    return [
        {"indicator": key, "rollup": scheme.rollup.get(key) or (CATALOGUE[key].rollup if key in CATALOGUE else "sum")}
        for key in keys
    ]


def with_rollups(scheme: Scheme, rows: list[dict]) -> Scheme:
    """A rule the catalogue already gives is written only where the scheme already wrote it."""
    rollup = dict(scheme.rollup)
    for number, row in enumerate(rows, 1):
        key, rule = row["indicator"], row.get("rollup")
        if rule not in ROLLUPS:
            raise DraftError(f"แถวที่ {number} ({key}): เลือกวิธีรวมเดือนจาก {', '.join(ROLLUPS)}")
        default = CATALOGUE[key].rollup if key in CATALOGUE else None
        if key in rollup or rule != default:
            rollup[key] = rule
    raw = scheme_to_dict(scheme)
    _set(raw, "rollup", rollup)
    return _rebuilt(raw)


# ---- the scheme's own indicators -------------------------------------------------------------------------


INDICATOR_FIELDS = ("key", "label", "unit", "kind", "better", "rollup")


def indicator_rows(scheme: Scheme) -> list[dict]:
    return [{name: getattr(i, name) for name in INDICATOR_FIELDS} for i in scheme.indicators]


def with_indicators(scheme: Scheme, rows: list[dict]) -> Scheme:
    """The scheme with these indicators of its own (a new letter's TikTok posts). Each needs a key of
    small English letters, digits and _, a Thai name, a kind, a direction and a roll-up; a key of the
    shipped catalogue needs no row."""
    raw = scheme_to_dict(scheme)
    old = {i.key: i for i in scheme.indicators}
    tables: dict[str, dict] = {}
    for number, row in enumerate(rows, 1):
        key, label = _text(row, "key"), _text(row, "label")
        if not _KEY.match(key):
            raise DraftError(
                f"แถวที่ {number}: รหัสตัวชี้วัด '{key}' ใช้ไม่ได้: ใช้อักษรอังกฤษตัวเล็ก ตัวเลข และ _ ขึ้นต้นด้วยอักษร เช่น tiktok_posts"
            )
        if key in SHIPPED or key in tables:
            raise DraftError(f"แถวที่ {number}: มีตัวชี้วัด '{key}' อยู่แล้ว: ใช้ตัวที่มีอยู่ได้เลย หรือตั้งรหัสใหม่")
        if not label:
            raise DraftError(f"แถวที่ {number} ({key}): ยังไม่ได้ใส่ชื่อตัวชี้วัดภาษาไทย")
        for name, allowed in (("kind", KINDS), ("better", BETTER), ("rollup", ROLLUPS)):
            if row.get(name) not in allowed:
                raise DraftError(f"แถวที่ {number} ({key}): เลือก {name} จาก {', '.join(allowed)}")
        table = {"label": label, "kind": row["kind"], "better": row["better"], "rollup": row["rollup"]}
        _set(table, "unit", _text(row, "unit"))
        if key in old:  # what the table does not show is kept
            _set(table, "reference", old[key].reference or None)
            _set(table, "max", old[key].max)
        tables[key] = table
    _set(raw, "indicators", tables)
    return _rebuilt(raw)


def add_indicator(scheme: Scheme, **fields: str) -> Scheme:
    return with_indicators(scheme, [*indicator_rows(scheme), fields])
