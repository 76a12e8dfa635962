"""What the upload and review screens share about evidence: a month sent back, shown to its district;
adding a link or a file to a month already sent; and showing what was sent, files included.

The rights are checked in cdd (cdd.store.evidence, cdd.store.review); this only decides what to offer.
"""

from __future__ import annotations

import streamlit as st

import ui
from cdd.errors import CddError
from cdd.intake import attachments
from cdd.office.calendar import parse_period
from cdd.office.thai import plain_text
from cdd.store import evidence, review
from cdd.store.users import User
from cdd.views import review as review_view

IMAGE_TYPES = ("image/jpeg", "image/png")


def my_reviews(user: User) -> dict:
    """The account's months (a district account: its own district only, the only one read)."""
    if user.role != "district":
        return review.month_reviews(ui.cursor())
    return review.month_reviews(ui.cursor(), codes=[user.district] if user.district else [])


def my_returned(user: User) -> list[review.MonthReview]:
    """The district account's months that stand returned, oldest first; read from the months with a return only."""
    if user.role != "district" or not user.district:
        return []
    return sorted(review.sent_back(ui.cursor(), [user.district]).values(), key=lambda r: r.month)


def returned_notices(user: User, registry) -> None:
    """Every month of the district sent back and not yet sent again, with the province's comments."""
    for r in my_returned(user):
        st.warning(review_view.returned_notice(r, registry), icon=":material/assignment_return:")


def returned_on_landing(user: User | None, registry) -> None:
    """On the screen a district account lands on: every item the province sent back and the district has not
    sent again, with a way to the upload screen to send it. Nothing for other accounts."""
    if user is None or user.role != "district":
        return
    notice = review_view.landing_notice(my_returned(user), registry)
    if notice is None:
        return
    with st.container(border=True):
        st.warning(notice, icon=":material/assignment_return:")
        st.page_link("screens/upload.py", label="ไปหน้านำเข้าข้อมูลเพื่อส่งใหม่", icon=":material/upload_file:")


def add_to_sent(user: User, registry) -> None:
    """A link, a photo or a PDF for a month (or one of its figures) already sent."""
    reviews = my_reviews(user)
    if not reviews:
        st.caption("ยังไม่มีรายงานที่ส่งแล้ว: ส่งไฟล์รายงานก่อน แล้วจึงแนบหลักฐานเพิ่ม")
        return
    pairs = sorted(reviews, key=lambda p: (p[1], p[0]), reverse=True)
    pair = st.selectbox(
        "รายงานที่ส่งแล้ว",
        pairs,
        key="evidence_month",
        format_func=lambda p: f"{review_view.month_label(*p, registry)} · {reviews[p].state_name}",
    )
    items = ["", *reviews[pair].items]
    with st.form("add_evidence", clear_on_submit=True):
        item = st.selectbox("ตัวชี้วัด", items, format_func=review_view.label, key="evidence_item")
        link = st.text_input("ลิงก์ (https://…)", key="evidence_link")
        upload = st.file_uploader(
            "รูปภาพหรือ PDF",
            type=["jpg", "jpeg", "png", "pdf"],
            key="evidence_file",
            max_upload_size=ui.uploader_cap(attachments.max_file_bytes()),
        )
        note = st.text_input("คำอธิบายสั้น ๆ", key="evidence_note")
        if not st.form_submit_button("แนบหลักฐาน", icon=":material/attach_file:"):
            return
    if not link.strip() and upload is None:
        st.error("ใส่ลิงก์ หรือเลือกไฟล์รูปภาพ/PDF อย่างน้อยหนึ่งอย่าง")
        return
    try:
        if link.strip():
            evidence.add_link(ui.cursor(), user, *pair, item, link, note)
        if upload is not None:
            evidence.add_file(ui.cursor(), user, *pair, item, upload.name, upload.getvalue(), note)
    except CddError as error:
        st.error(plain_text(str(error)))  # it may quote a typed link or file name
        return
    st.success(f"แนบหลักฐานแล้ว: {review_view.month_label(*pair, registry)} {review_view.label(item)}")


def show_files(user: User, items: list[evidence.Evidence]) -> None:
    """Photos shown as images; every file offered for download with its own checked type only."""
    for item in (e for e in items if e.kind == "file"):
        try:
            data, media_type, name = evidence.file_of(ui.cursor(), user, item.id)
        except CddError as error:
            st.error(plain_text(str(error)))
            continue
        # A caption and a button label render Markdown: the file's name and its note are shown as typed.
        caption = f"{review_view.label(item.item)} · {plain_text(name)}" + (
            f" · {plain_text(item.label)}" if item.label else ""
        )
        if media_type in IMAGE_TYPES:
            st.image(data, caption=caption, width=320)
        st.download_button(
            f"ดาวน์โหลด {plain_text(name)}",
            data,
            file_name=name,
            mime=media_type,
            key=f"evidence_file_{item.id}",
            on_click="ignore",
            icon=":material/download:",
        )


def month_thai(token: str) -> str:
    return parse_period(token).thai()
