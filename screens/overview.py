"""ภาพรวม: where every district stands — the grade heatmap, a grid across the year, counts and changes."""

import streamlit as st

import evidence_ui
import ui
from cdd.grading.mission import has_figures
from cdd.office.calendar import parse_period
from cdd.office.thai import plain_text
from cdd.store.queries import months_sent
from cdd.views import dashboard, partial
from cdd.views import review as review_view

selection = ui.sidebar(whole_country=True)
scheme = selection.scheme
detail = "criteria" if len(scheme.missions) == 1 else "grades"  # criteria across only for one mission
results = selection.results_of(selection.period, detail, selection.province_filter)
st.title("ภาพรวม")
st.caption(f"{plain_text(scheme.title)} · {selection.period_thai} · {selection.place}")
selection.figures_note()
evidence_ui.returned_on_landing(ui.current_user(), selection.registry)  # the screen a district account lands on

if not has_figures(results):
    ui.empty_state(
        f"ยังไม่มีข้อมูล{selection.period_thai}", "ดาวน์โหลดแบบฟอร์มและนำเข้าที่หน้า 'นำเข้าข้อมูล' หรือเลือกช่วงเวลาอื่นทางซ้าย"
    )
    st.stop()


@st.cache_data(show_spinner=False, max_entries=32)
def province_table(scheme_id: str, period: str, version: str, detail: str, accepted_only: bool):
    """The whole country, one row a province: computed once per data version, not on every click."""
    everything = ui.results(scheme_id, period, None, version, detail, accepted_only)
    return dashboard.province_heatmap(everything, ui.schemes()[scheme_id], ui.registry(version))


districts = st.container()
if selection.province == ui.ALL_PROVINCES:
    provinces = province_table(scheme.id, selection.period, selection.version, detail, selection.accepted_only)
    st.plotly_chart(ui.grade_heatmap(provinces, f"ระดับกลางของแต่ละจังหวัด · {selection.period_thai}"), width="stretch")
    st.caption("แต่ละช่องคือระดับกลาง (มัธยฐาน) ของอำเภอในจังหวัดนั้น · เลือกจังหวัดทางซ้ายเพื่อดูรายอำเภอ")
    # The provinces' heatmap alone is taller than any screen: the districts under it, with their counts, year
    # and changes, are drawn only once opened (and stay open through later clicks), so a period change redraws
    # what is in sight, not four figures and two tables.
    districts = st.expander(
        f"รายอำเภอ ทีละ {dashboard.PAGE_SIZE} อำเภอ",  # the same label on every period: it stays open
        key="overview_districts",
        icon=":material/location_city:",
        on_change="rerun",
    )
    if not districts.open:
        st.stop()
with districts:
    # Districts a page at a time: a figure of 878 rows reads as nothing, and would cost every re-run.
    pages = dashboard.page_count(results)
    page = st.number_input(f"หน้า (ทีละ {dashboard.PAGE_SIZE} อำเภอ จาก {len(results)})", 1, pages, 1) if pages > 1 else 1
    on_page = dashboard.page_of(results, page)
    codes = {r.district for r in on_page}
    heatmap = dashboard.heatmap(on_page, scheme, selection.registry)
    months = [m.token for m in parse_period(selection.period).months]
    reviews = ui.reviews(selection.version, tuple(months), tuple(sorted(codes)))
    heatmap = review_view.with_check_column(
        heatmap, reviews, dashboard.district_labels(on_page, selection.registry), months
    )
    st.plotly_chart(ui.grade_heatmap(heatmap, f"ระดับรายอำเภอ · {selection.period_thai}"), width="stretch")
    st.caption(
        f"{dashboard.heatmap_legend(heatmap)} · "
        f"การตรวจ: ตรวจแล้ว / รอตรวจ / ส่งกลับ (ยังรอหรือส่งกลับ {review_view.waiting_count(reviews, codes, months)} อำเภอ-เดือน)"
    )
    period_months = partial.period_months(scheme, selection.period)
    owed = partial.partial_table(
        months_sent(ui.cursor(), scheme, sorted(codes), [m.token for m in period_months]),
        period_months,
        selection.registry,
    )
    if not owed.empty:
        st.warning(f"{len(owed)} อำเภอส่งข้อมูลยังไม่ครบทุกเดือนของช่วงนี้ (ไม่ใช่ 'ยังไม่มีข้อมูล')", icon=":material/pending:")
        st.dataframe(owed, hide_index=True, width="stretch")
    ui.missing_references(on_page, selection.registry)

    missions = [m for m in scheme.missions if m.shape != "none"]
    mission = missions[0]
    if len(missions) > 1:
        mission = st.selectbox("ภารกิจสำหรับจำนวนระดับและตารางรายเดือน", missions, format_func=lambda m: m.name)

    left, right = st.columns([1, 2])
    with left:
        counts = dashboard.grade_counts(results, mission.id)
        st.plotly_chart(ui.grade_count_bars(counts, f"จำนวนอำเภอแต่ละระดับ · {mission.name}"), width="stretch")
    with right:
        year = parse_period(selection.period).months[-1].fiscal_year
        periods = dashboard.grid_periods(scheme, year)
        by_period = {
            p: [r for r in selection.results_of(p, "grades", selection.province_filter) if r.district in codes]
            for p in periods
        }
        grid = dashboard.month_grid(by_period, selection.registry, mission.id)
        title = f"ระดับตลอดปีงบประมาณ {year} · {mission.name}"
        st.plotly_chart(ui.grade_heatmap(grid, title, title_width=500), width="stretch")  # two thirds of 1280
        st.caption(dashboard.heatmap_legend(grid))

    previous = dashboard.previous_period(selection.period, dashboard.period_choices(scheme))
    st.subheader("เปลี่ยนแปลงจากช่วงก่อนหน้า")
    if previous:
        before = selection.results_of(previous, "grades", selection.province_filter)
        moves = dashboard.changes(on_page, [r for r in before if r.district in codes], selection.registry)
        st.caption(f"เทียบกับ{parse_period(previous).thai()}")
        st.dataframe(moves, hide_index=True, width="stretch")
    else:
        st.caption("ไม่มีช่วงก่อนหน้าในเกณฑ์นี้ให้เทียบ")

    names = dashboard.district_labels(on_page, selection.registry)
    code = st.selectbox("เปิดหน้าของอำเภอ", list(names), format_func=names.get)
    if st.button("ดูรายละเอียดอำเภอนี้"):
        province = selection.registry.districts[code].province_code
        st.switch_page(
            "screens/district.py", query_params={**st.query_params.to_dict(), "district": code, "province": province}
        )
