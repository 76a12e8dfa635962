"""What the workshop's editing step (จัดการเกณฑ์, step 2) draws: one tab for each part of a rubric a
letter may change (missions, items and criteria, levels and steps, rules, bands, roll-ups, new
indicators), each a table built from choices, with a form where adding is the usual job."""

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from cdd.errors import CddError
from cdd.office.thai import plain_text
from cdd.rubrics import drafts, structure
from cdd.rubrics.model import Scheme
from cdd.views import workshop
from cdd.views import workshop_structure as structure_view

NEW_ID_HELP = "เว้นว่างเมื่อเพิ่มแถวใหม่: ระบบตั้งให้ · รหัสที่เปลี่ยนคือแถวใหม่ (ข้อ ระดับ และกติกาของรหัสเดิมจะหายไป)"


@dataclass(frozen=True)
class Draft:
    """The draft being edited, its revision (each change starts the tables afresh) and how to keep a change."""

    scheme: Scheme
    rev: int
    save: Callable[[Scheme], None]

    def apply(self, change: Callable[[], Scheme]) -> None:
        """Keep the scheme a table or form gives back; a Thai message naming the row when it gives none.
        A table the browser hands back in other types (an empty number column as floats) but the same
        rubric changes nothing, and starts no rerun."""
        try:
            changed = change()
        except CddError as error:
            st.error(plain_text(str(error)), icon=":material/error:")
        else:
            if changed != self.scheme:
                self.save(changed)
                st.rerun()

    def table(self, table: pd.DataFrame, key: str, read_back: Callable[[pd.DataFrame], Scheme], **options) -> None:
        """A table of the draft; rows may be added and removed unless `num_rows` says otherwise."""
        options.setdefault("num_rows", "dynamic")
        edited = st.data_editor(table, hide_index=True, key=f"{key}_{self.rev}", **options)
        if not edited.equals(table):
            self.apply(lambda: read_back(edited))


def text_column(label: str, **options) -> st.column_config.TextColumn:
    return st.column_config.TextColumn(label, **options)


def choice_column(label: str, options: list[str], **more) -> st.column_config.SelectboxColumn:
    return st.column_config.SelectboxColumn(label, options=options, required=True, **more)


def edit_missions(draft: Draft) -> None:
    scheme = draft.scheme
    with st.form("add_mission", clear_on_submit=True, border=False):
        left, middle, right = st.columns([3, 3, 1], vertical_alignment="bottom")
        title = left.text_input("ชื่อภารกิจใหม่", placeholder="เช่น การประชาสัมพันธ์ผ่าน TikTok")
        shape = middle.selectbox(
            "รูปแบบการให้คะแนน", list(structure_view.SHAPE_TH), format_func=structure_view.SHAPE_TH.get
        )
        top = right.number_input("คะแนนเต็ม", min_value=0.0, value=None, step=1.0)
        if st.form_submit_button("เพิ่มภารกิจ", icon=":material/add:"):
            draft.apply(lambda: structure.add_mission(scheme, title, shape, top))
    draft.table(
        structure_view.mission_table(scheme),
        "missions",
        lambda t: structure.with_missions(scheme, structure_view.missions_from_table(t)),
        column_config={
            "id": text_column("รหัส", help=NEW_ID_HELP, width="small"),
            "title": text_column("ชื่อภารกิจ", required=True),
            "shape": choice_column("รูปแบบการให้คะแนน", list(structure_view.SHAPE_TH.values())),
            "max": st.column_config.NumberColumn("คะแนนเต็ม", min_value=0, width="small"),
            "printed": text_column("ข้อความตามหนังสือ"),
            "reading": text_column("คำอธิบายการอ่านผล"),
        },
    )


def edit_parts(draft: Draft) -> None:
    scheme = draft.scheme
    st.caption("ภารกิจแบบระดับ A–D มีเกณฑ์ ภารกิจแบบอื่นมีข้อ · คะแนน: ข้อที่ได้คะแนนเต็มเมื่อผ่านทั้งข้อ (ว่างไว้ถ้าใช้ขั้นคะแนน)")
    draft.table(
        structure_view.part_table(scheme),
        "parts",
        lambda t: structure.with_parts(scheme, structure_view.parts_from_table(scheme, t)),
        column_config={
            "mission": choice_column("ภารกิจ", list(workshop.mission_ids(scheme))),
            "id": text_column("รหัส", help=NEW_ID_HELP, width="small"),
            "label": text_column("ชื่อข้อหรือเกณฑ์", required=True, width="large"),
            "points": st.column_config.NumberColumn("คะแนน", min_value=0, width="small"),
            "printed": text_column("ข้อความตามหนังสือ"),
            "reading": text_column("คำอธิบายการอ่านผล"),
            "finding": "ข้อสังเกต",
        },
        disabled=["finding"],
    )


def edit_levels(draft: Draft) -> None:
    scheme = draft.scheme
    st.caption(
        "ทั้งภารกิจ: ระดับของภารกิจตามหนังสือ (คะแนน = คะแนนของระดับ) · เกณฑ์ใช้ระดับ A–D · "
        "ข้อแบบขั้นคะแนนใช้ ขั้น 1, ขั้น 2, … (เลือกเลขขั้นถัดไปเพื่อเพิ่มขั้นใหม่)"
    )
    draft.table(
        structure_view.level_table(scheme),
        "levels",
        lambda t: structure.with_levels(scheme, structure_view.levels_from_table(scheme, t)),
        column_config={
            "mission": choice_column("ภารกิจ", list(workshop.mission_ids(scheme))),
            "part": choice_column("ข้อ", structure_view.level_parts(scheme), width="medium"),
            "level": choice_column("ระดับ/ขั้น", structure.level_choices(scheme), width="small"),
            "points": st.column_config.NumberColumn("คะแนน", min_value=0, width="small"),
            "printed": text_column("ข้อความตามหนังสือ"),
            "finding": "ข้อสังเกต",
        },
        disabled=["finding"],
    )


def edit_rules(draft: Draft) -> None:
    scheme = draft.scheme
    st.caption("แก้หรือเพิ่มกติกาจากตัวเลือก: ระบบสร้างกติกาให้ · ระดับหรือขั้นหนึ่งมีได้หลายกติกา (ต้องผ่านทุกข้อ)")
    table = workshop.rule_table(scheme)
    draft.table(
        table,
        "rules",
        lambda t: drafts.with_rules(scheme, workshop.rules_from_table(scheme, t)),
        disabled=["rule", "finding"],
        column_order=[c for c in table.columns if c != "position"],  # a rule's place is its row's order
        column_config={
            "mission": choice_column("ภารกิจ", list(workshop.mission_ids(scheme))),
            "part": choice_column("ข้อ", workshop.part_choices(scheme), width="medium"),
            "level": choice_column("ระดับ/ขั้น", [*structure.level_choices(scheme), drafts.WHOLE_ITEM], width="small"),
            "indicator": choice_column("ตัวชี้วัด", workshop.indicator_choices()),
            "operator": choice_column("เงื่อนไข", workshop.OPERATOR_CHOICES),
            "compared": choice_column("เทียบกับ", list(workshop.COMPARED_KEY)),
            "number": st.column_config.NumberColumn("ตัวเลข", min_value=0),
            "reference": st.column_config.SelectboxColumn("เทียบกับค่า", options=workshop.reference_choices(table)),
            "rule": "กติกาที่ระบบใช้",
            "finding": "ข้อสังเกต",
        },
    )


def edit_bands(draft: Draft) -> None:
    scheme = draft.scheme
    st.caption("ภารกิจแบบคะแนนรวมหรือค่าเฉลี่ย: คะแนนต่ำสุดของแต่ละระดับ เรียงจาก A ลงไป")
    draft.table(
        workshop.band_table(scheme),
        "bands",
        lambda t: drafts.with_bands(scheme, workshop.bands_from_table(scheme, t)),
        disabled=["finding"],
        column_config={
            "mission": choice_column("ภารกิจ", list(workshop.mission_ids(scheme))),
            "grade": choice_column("ระดับ", ["A", "B", "C", "D"], width="small"),
            "min": st.column_config.NumberColumn("คะแนนต่ำสุด", required=True),
            "printed": text_column("ตามหนังสือ"),
            "finding": "ข้อสังเกต",
        },
    )


def edit_rollups(draft: Draft) -> None:
    scheme = draft.scheme
    st.caption("ตัวเลขรายเดือนรวมเป็นไตรมาสหรือปีอย่างไร")
    draft.table(
        structure_view.rollup_table(scheme),
        "rollups",
        lambda t: structure.with_rollups(scheme, structure_view.rollups_from_table(t)),
        num_rows="fixed",
        disabled=["indicator"],
        column_config={
            "indicator": "ตัวชี้วัด",
            "rollup": choice_column("วิธีรวมเดือน", list(structure_view.ROLLUP_TH.values())),
        },
    )


def edit_indicators(draft: Draft) -> None:
    scheme = draft.scheme
    kinds, betters, rollups = structure_view.KIND_TH, structure_view.BETTER_TH, structure_view.ROLLUP_TH
    with st.form("add_indicator", clear_on_submit=True, border=False):
        left, middle, right = st.columns(3)
        key = left.text_input("รหัส (อังกฤษตัวเล็ก ตัวเลข _)", placeholder="tiktok_posts")
        label = middle.text_input("ชื่อตัวชี้วัด (ภาษาไทย)", placeholder="จำนวนโพสต์ใน TikTok")
        unit = right.text_input("หน่วย", placeholder="ครั้ง")
        kind = left.selectbox("ชนิด", list(kinds), format_func=kinds.get)
        better = middle.selectbox("ทิศทางที่ดี", list(betters), format_func=betters.get)
        rollup = right.selectbox("วิธีรวมเดือน", list(rollups), format_func=rollups.get)
        if st.form_submit_button("เพิ่มตัวชี้วัด", icon=":material/add:"):
            fields = {"key": key, "label": label, "unit": unit, "kind": kind, "better": better, "rollup": rollup}
            draft.apply(lambda: structure.add_indicator(scheme, **fields))
    draft.table(
        structure_view.indicator_table(scheme),
        "indicators",
        lambda t: structure.with_indicators(scheme, structure_view.indicators_from_table(t)),
        column_config={
            "key": text_column("รหัส", required=True),
            "label": text_column("ชื่อตัวชี้วัด", required=True),
            "unit": text_column("หน่วย", width="small"),
            "kind": choice_column("ชนิด", list(kinds.values())),
            "better": choice_column("ทิศทางที่ดี", list(betters.values())),
            "rollup": choice_column("วิธีรวมเดือน", list(rollups.values())),
        },
    )


def edit_structure(draft: Draft) -> None:
    """Every part a letter may change, one tab each; a change is kept at once and the page redrawn."""
    tabs = st.tabs(["ภารกิจ", "ข้อและเกณฑ์", "ระดับและขั้น", "กติกา", "ช่วงคะแนน", "วิธีรวมเดือน", "ตัวชี้วัดใหม่"])
    editors = (edit_missions, edit_parts, edit_levels, edit_rules, edit_bands, edit_rollups, edit_indicators)
    for tab, editor in zip(tabs, editors, strict=True):
        with tab:
            editor(draft)
