"""What every screen shares: the database connection, cached loading, and the sidebar of choices.

Caching lives here, in the page layer, never in `cdd`. Every cached load takes the database's data
version as an argument, so an upload or a rollback in any session shows in every open session on
its next run. The sidebar's choices live in the URL, so a link opens the same view.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cdd.grading.mission import DistrictResult
from cdd.intake.limits import MB
from cdd.office import clock
from cdd.office.calendar import Month, parse_month, parse_period, thai_datetime
from cdd.office.districts import Registry
from cdd.office.thai import plain_text, without_bidi_controls
from cdd.rubrics.model import Scheme
from cdd.store import database as store
from cdd.store import queries, review, rubric_versions, sessions, users
from cdd.store.period_grades import grade_period
from cdd.store.period_items import PeriodItems, period_items
from cdd.views import charts, dashboard, home, references

ALL_PROVINCES = "all"
# Which figures the screens grade: all that were sent, or only those the province accepted (?figures=…).
ALL_FIGURES, ACCEPTED_FIGURES = "all", "accepted"
FIGURE_CHOICES = {ALL_FIGURES: "ตัวเลขทั้งหมด", ACCEPTED_FIGURES: "เฉพาะที่ตรวจผ่านแล้ว"}
ACCEPTED_ONLY_NOTE = "แสดงเฉพาะตัวเลขที่ตรวจผ่านแล้ว"
# A reference-figure CSV or a rubric's TOML is a few kilobytes: their uploaders keep the old cap of every one.
SMALL_FILE_MB = 10


@st.cache_resource
def connection(path: str):
    """One connection per database file for the whole server; each use takes its own cursor."""
    return store.connect(path)


def cursor():
    try:
        return connection(str(store.database_path())).cursor()
    except store.StoreError as error:
        st.error(plain_text(home.open_error_text(error, store.database_path())))
        st.stop()


def data_version() -> str:
    """The cache key of everything loaded: the database file and its write counter. The file is part
    of it because two files (the default and a test's) can have the same counter."""
    return f"{store.database_path()}#{store.data_version(cursor())}"


# Results and the registry are cached as the objects themselves (cache_resource): they are immutable,
# and unpickling thousands of them on every re-run (cache_data) would cost more than grading did.
@st.cache_resource(show_spinner=False, max_entries=256)
def results(
    scheme_id: str, period: str, province: str | None, version: str, detail: str = "gaps", accepted_only: bool = False
) -> list[DistrictResult]:
    """Graded results; `detail` "grades" for a grid across the year, "criteria" for a heatmap, "gaps" for all;
    `accepted_only` grades only the district-months the province accepted."""
    return grade_period(cursor(), scheme_id, period, province, detail, registry(version), accepted_only)


@st.cache_resource(show_spinner=False, max_entries=64)
def listed_items(
    scheme_id: str, period: str, province: str | None, version: str, accepted_only: bool = False
) -> PeriodItems:
    """The lists behind listed counts (channels, heads, 5P, …), read as `results` reads the figures."""
    return period_items(cursor(), scheme_id, period, province, registry(version), accepted_only)


def schemes(version: str | None = None, open_only: bool = False) -> dict[str, Scheme]:
    """The published rubric versions now in force, by scheme id (cdd/store/rubric_versions.py);
    `open_only` leaves out retired ones, which take no new figures. Cached by the data version only: a
    cache keyed on no version would keep the first list for good, and a scheme published later (or the
    schemes of another database file) would never show."""
    return _schemes(version or data_version(), open_only)


@st.cache_resource(show_spinner=False, max_entries=8)
def _schemes(version: str, open_only: bool) -> dict[str, Scheme]:
    return rubric_versions.current_schemes(cursor(), open_only)


@st.cache_resource(show_spinner=False, max_entries=8)
def registry(version: str) -> Registry:
    return store.registry_from(cursor())


@st.cache_resource(show_spinner=False, max_entries=64)
def reviews(version: str, months: tuple[str, ...] | None = None, codes: tuple[str, ...] | None = None) -> dict:
    """The review state (cdd.store.review) of every reported district-month of `months` and `codes` (None:
    every one), once per data version: a screen passes the months and districts it shows, so a long
    history is never read for one period."""
    return review.month_reviews(cursor(), months=months, codes=codes)


@st.cache_resource(show_spinner=False, max_entries=64)
def sent_back(version: str, codes: tuple[str, ...]) -> dict:
    """The district-months of `codes` that stand returned, of any month (cdd.store.review.sent_back)."""
    return review.sent_back(cursor(), codes)


@st.cache_resource(show_spinner=False, max_entries=8)
def provinces(version: str) -> dict[str, str]:
    """Province code → Thai name, as the database's districts have them."""
    return dict(sorted(registry(version).provinces().items()))


@st.cache_resource(show_spinner=False, max_entries=64)
def latest_months(scheme_id: str, version: str, outside: str | None = None) -> dict[str, str]:
    """Province → the latest month with figures of the scheme there (none for a province without any):
    one read for all the scheme's provinces, which the first screen asks about one after another; or for
    `outside` only, a province the scheme does not cover. The key is short: it is hashed on every call."""
    scheme = schemes(version)[scheme_id]
    provinces = scheme.provinces if outside is None else (outside,)
    districts = {p: [d.code for d in registry(version).in_province(p)] for p in provinces}
    return {p: month.token for p, month in queries.latest_months(cursor(), scheme, districts).items()}


@st.cache_resource(show_spinner=False, max_entries=16)
def period_options(scheme_id: str, version: str) -> dict[str, str]:
    """Every period of the scheme, latest first, with its Thai name: the same on every re-run."""
    return {token: parse_period(token).thai() for token in dashboard.period_choices(schemes(version)[scheme_id])}


# Figures are cached by what they show, the table and its title, as the objects themselves: st.plotly_chart only
# reads them. plotly checks every property a figure is given, which took longer than the rest of a re-run,
# and a period change often comes back to a table already drawn.
@st.cache_resource(show_spinner=False, max_entries=64)
def grade_heatmap(frame: pd.DataFrame, title: str, title_width: int | None = None) -> go.Figure:
    return charts.grade_heatmap(frame, title, title_width=title_width)


@st.cache_resource(show_spinner=False, max_entries=32)
def grade_count_bars(counts: pd.DataFrame, title: str) -> go.Figure:
    return charts.grade_count_bars(counts, title)


def province_name(code: str, version: str | None = None) -> str:
    if code == ALL_PROVINCES:
        return "ทุกจังหวัด"
    return provinces(version or data_version()).get(code, code)


@dataclass(frozen=True)
class Selection:
    province: str  # a province code, or ALL_PROVINCES where the screen offers the whole country
    scheme: Scheme
    period: str
    version: str
    accepted_only: bool = False  # grade only the district-months the province accepted

    @property
    def province_name(self) -> str:
        return province_name(self.province, self.version)

    @property
    def place(self) -> str:
        """'จังหวัดลำปาง', or 'ทุกจังหวัด'."""
        name = self.province_name
        return name if self.province == ALL_PROVINCES else f"จังหวัด{name}"

    @property
    def province_filter(self) -> str | None:
        return None if self.province == ALL_PROVINCES else self.province

    @property
    def results(self) -> list[DistrictResult]:
        return results(
            self.scheme.id, self.period, self.province_filter, self.version, accepted_only=self.accepted_only
        )

    def results_of(self, period: str, detail: str = "gaps", province: str | None = None) -> list[DistrictResult]:
        """Another period's (or level of detail's) results, graded from the same figures as the screen's."""
        return results(self.scheme.id, period, province, self.version, detail, self.accepted_only)

    @property
    def items(self) -> PeriodItems:
        """What the screen's counts were made of, where a letter asks for the list: gaps name what is missing."""
        return listed_items(self.scheme.id, self.period, self.province_filter, self.version, self.accepted_only)

    def figures_note(self) -> None:
        """Under a graded screen's heading: that only checked figures are shown, when they are."""
        if self.accepted_only:
            st.caption(ACCEPTED_ONLY_NOTE)

    @property
    def registry(self) -> Registry:
        return registry(self.version)

    @property
    def period_thai(self) -> str:
        return parse_period(self.period).thai()


def sidebar(whole_country: bool = False) -> Selection:
    """Province, scheme and period (latest with data preselected), kept in the URL; data-as-of stamp.

    `whole_country` offers «ทุกจังหวัด» too, on the screens that group or page a national view.
    """
    version = data_version()
    known = schemes(version)
    choices = [p for p in provinces(version) if any(p in s.provinces for s in known.values())]
    start = own_home(version, choices)
    with st.sidebar:
        choices += [ALL_PROVINCES] if whole_country and len(choices) > 1 else []
        before, linked = st.session_state.get("chosen_province"), st.query_params.get("province")
        names = provinces(version)  # once, not once an option: a cached call costs its arguments' hashing
        province = url_choice(
            "province",
            "จังหวัด",
            choices,
            lambda code: "ทุกจังหวัด" if code == ALL_PROVINCES else names.get(code, code),
            default=start and start.province,
        )
        if before is not None and province != before and linked == before:
            forget_choice("scheme")  # the person chose another province: its own scheme, not the last one's
        at_home = start is not None and province == start.province
        offered = [s for s in known.values() if province == ALL_PROVINCES or province in s.provinces]
        own = home.province_scheme(offered, province, partial(latest_month, version=version))
        scheme_id = url_choice(
            "scheme",
            "เกณฑ์",
            [s.id for s in offered],
            lambda key: without_bidi_controls(known[key].title),
            default=start.scheme_id if at_home else own and own.id,
        )
        scheme = known[scheme_id]
    periods = period_options(scheme.id, version)
    owed = start.period if at_home and scheme_id == start.scheme_id else None
    # The period heads the page, not the foot of the sidebar: under the menu it is off a 720-pixel screen.
    with st.container(key="period-header", width=380):
        period = url_choice(
            "period", "ช่วงเวลา", list(periods), periods.get, default=owed or latest_period(scheme, province, version)
        )
    with st.sidebar:
        figures = url_choice("figures", "ตัวเลขที่แสดง", list(FIGURE_CHOICES), FIGURE_CHOICES.get)
        stamp(province, scheme, version)
        account_box()
    return Selection(province, scheme, period, version, figures == ACCEPTED_FIGURES)


def url_choice(param: str, label: str, options: list[str], describe, default: str | None = None) -> str:
    """A select box whose value lives in the URL (?province=57&scheme=…&district=…), so a link opens the
    same view.

    A URL that differs from what this session last wrote there was changed from outside (a link): it
    wins. Otherwise the select box keeps its value, and a screen opened from the menu, whose URL has
    no parameters, carries over the choice made on the last screen.
    """
    key, last = f"choice_{param}", st.session_state.get(f"chosen_{param}")
    wanted, current = st.query_params.get(param), st.session_state.get(key)
    if wanted in options and wanted != last:
        current = wanted
    elif current not in options:
        current = last if last in options else default if default in options else options[0]
    # Assigned on every run, as Streamlit advises for widgets shared by several pages: a widget of the
    # same key left behind on the previous page would otherwise reset this one to its first option.
    st.session_state[key] = current
    value = st.selectbox(label, options, format_func=describe, key=key)
    st.query_params[param] = st.session_state[f"chosen_{param}"] = value
    return value


def forget_choice(param: str) -> None:
    """Let a choice fall back to its default on this run: the select box's value, the one last written to the
    URL, and the URL's own."""
    for key in (f"choice_{param}", f"chosen_{param}"):
        st.session_state.pop(key, None)
    if param in st.query_params:
        del st.query_params[param]


def own_home(version: str, province_choices: list[str]) -> home.Home | None:
    """Where this visitor starts: a district account at its province, scheme and owed month; anyone else
    (signed in without a district, or reading without an account) at the province with the latest graded
    figures, on that scheme and its latest period."""
    user = current_user()
    if user is not None and user.district and user.district in registry(version).districts:
        return home.district_home(user.district, registry(version), schemes(version).values(), clock.today())
    return open_home(version, tuple(province_choices))


@st.cache_resource(show_spinner=False, max_entries=8)
def open_home(version: str, province_choices: tuple[str, ...]) -> home.Home | None:
    """The start of a visitor without a district, once per data version: finding it asks for the months of
    every scheme in every province (380 questions for the whole country), far too many for every re-run."""
    return home.open_home(schemes(version).values(), province_choices, partial(latest_month, version=version))


def latest_month(scheme: Scheme, province: str, version: str) -> Month | None:
    """The latest month with figures of the scheme in the province (or in every province of the scheme)."""
    own = province == ALL_PROVINCES or province in scheme.provinces
    found = latest_months(scheme.id, version) if own else latest_months(scheme.id, version, province)
    months = list(found.values()) if province == ALL_PROVINCES else [found[province]] if province in found else []
    return parse_month(max(months)) if months else None


def latest_period(scheme: Scheme, province: str, version: str) -> str | None:
    """The latest period with figures, as the sidebar preselects it."""
    month = latest_month(scheme, province, version)
    return dashboard.latest_period_with_data(scheme, [month] if month else [])


def stamp(province: str, scheme: Scheme, version: str) -> None:
    """'ข้อมูล ณ วันที่ …' of the figures on the screen (this province's, this scheme's), and a plain warning
    when they are demo data."""
    latest, demo = data_as_of(scheme.id, province, version)
    if latest is None:
        st.caption("ยังไม่มีข้อมูลในระบบ")
    else:
        st.caption(f"ข้อมูล ณ วันที่ {thai_datetime(latest)}")
    if demo:
        st.warning(
            "ข้อมูลตัวอย่าง (demo) ไม่ใช่ข้อมูลจริง: เมื่อเริ่มใช้งานจริง ให้ผู้ดูแลระบบลบข้อมูลตัวอย่างออก",
            icon=":material/warning:",
        )


@st.cache_resource(show_spinner=False, max_entries=64)
def data_as_of(scheme_id: str, province: str, version: str) -> tuple[dt.datetime | None, bool]:
    """When the figures of the scheme in the province (or every province of it) last arrived, and whether any
    is demo data: once per data version, not on every re-run (a query over every batch)."""
    scheme = schemes(version)[scheme_id]
    wanted = scheme.provinces if province == ALL_PROVINCES else [province]
    codes = [d.code for p in wanted for d in registry(version).in_province(p)]
    return queries.data_as_of(cursor(), codes, list(scheme.inputs))


def missing_references(results: list[DistrictResult], registry: Registry) -> None:
    """Which reference figure holds a grade back, for which district, and where it is entered: an
    administrator gets a link to the screen, anyone else is told to ask the province's administrator."""
    manages = may_manage()
    notes = references.missing_reference_notes(results, registry, manages)
    for note in notes:
        st.info(note, icon=":material/edit_note:")
    if notes and manages:
        st.page_link("screens/admin.py", label=f"ไปที่หน้า {references.WHERE}", icon=":material/admin_panel_settings:")


def empty_state(what: str, action: str) -> None:
    st.info(f"{what} — {action}", icon=":material/info:")


# ---- who is signed in --------------------------------------------------------------------------------
# The rights themselves are checked in cdd where data is written (cdd.store.submissions); these only decide
# what a screen offers.


def current_user() -> users.User | None:
    """The signed-in account as it stands now: an account disabled since sign-in is signed out.

    A new browser session (a reload, an opened link) picks up the session its cookie names.
    """
    name = st.session_state.get("signed_in")
    if not name:
        return _from_cookie()
    user = users.active_user(cursor(), name)
    if user is None:
        st.session_state.pop("signed_in", None)
    return user


def _from_cookie() -> users.User | None:
    token = st.context.cookies.get(sessions.COOKIE)
    if not isinstance(token, str) or not token or token == st.session_state.get("ended_token"):
        return None
    user = sessions.holder(cursor(), token)
    if user is not None:
        st.session_state["signed_in"], st.session_state["session_token"] = user.name, token
    return user


def remember_entry() -> None:
    """The choices the session was opened with (a shared link's), before any screen writes its own."""
    st.session_state.setdefault("entry_params", st.query_params.to_dict())


def _forget_choices() -> None:
    """After signing in or out: the link's own choices again, or none, so the account's home applies."""
    for key in [k for k in st.session_state if k.startswith(("choice_", "chosen_"))]:
        del st.session_state[key]
    st.query_params.from_dict(st.session_state.get("entry_params", {}))


def write_cookie() -> None:
    """Set or clear the session cookie, once, after signing in or out.

    The page's own script sets it on this server's origin (no request leaves the server); the token is
    random and known to the server only as a hash, and the cookie lives no longer than the session.
    """
    change = st.session_state.pop("cookie_change", None)
    if change is None:
        return
    token, seconds = change
    value = f"{sessions.COOKIE}={token}; Path=/; Max-Age={seconds}; SameSite=Strict"
    script = f"document.cookie = {json.dumps(value)} + (location.protocol === 'https:' ? '; Secure' : '');"
    st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)


ADMIN_ONLY = "หน้านี้สำหรับผู้ดูแลระบบ: เข้าสู่ระบบด้วยบัญชีผู้ดูแลระบบ"


def may_manage() -> bool:
    """Whether the administration's screens are offered to this visitor (the rule: cdd.store.users)."""
    return users.may_manage(current_user())


def admin_only(form_key: str) -> users.User:
    """The signed-in administrator. For anyone else the screen stops here with a Thai message and nothing
    of itself; a visitor without an account may sign in on the spot (a shared link then opens the screen)."""
    user = current_user()
    if users.may_manage(user):
        return user
    st.warning(ADMIN_ONLY, icon=":material/lock:")
    if user is None:
        sign_in_form(form_key)
    st.stop()


def may_read() -> bool:
    return current_user() is not None or users.open_viewing(cursor())


def sign_in_form(key: str = "sign_in") -> None:
    with st.form(key):
        name = st.text_input("ชื่อผู้ใช้")
        password = st.text_input("รหัสผ่าน", type="password")
        if not st.form_submit_button("เข้าสู่ระบบ", icon=":material/login:"):
            return
    try:
        # The address the server sees (None from the server itself): guessing from one place is slowed
        # across names, and a place this account used before is not locked out by guesses from elsewhere.
        user = users.sign_in(cursor(), name, password, client=st.context.ip_address)
    except users.SignInRefused as refused:
        st.error(str(refused), icon=":material/block:")
        return
    token = sessions.start(cursor(), user.name)
    st.session_state["signed_in"], st.session_state["session_token"] = user.name, token
    st.session_state["cookie_change"] = (token, int(sessions.LIFETIME.total_seconds()))
    _forget_choices()
    st.rerun()


def account_box() -> None:
    """Who is signed in, in the sidebar of every screen, with a way out (or in)."""
    user = current_user()
    if user is None:
        st.caption("ยังไม่ได้เข้าสู่ระบบ (ดูได้อย่างเดียว)")
        with st.expander("เข้าสู่ระบบ", icon=":material/login:"):
            sign_in_form("sidebar_sign_in")
        return
    place = f" อำเภอ{registry(data_version()).districts[user.district].name}" if user.district else ""
    st.caption(f"เข้าสู่ระบบเป็น {plain_text(user.name)} · {user.role_name}{place}")
    if st.button("ออกจากระบบ", icon=":material/logout:", key="sign_out"):
        sign_out()


def sign_out() -> None:
    token = st.session_state.pop("session_token", None)
    sessions.end(cursor(), token)
    st.session_state.pop("signed_in", None)
    st.session_state["ended_token"] = token
    st.session_state["cookie_change"] = ("", 0)
    _forget_choices()
    st.rerun()


def uploader_cap(limit_bytes: int) -> int:
    """A file uploader's own cap, in whole MB, at the app's limit: the widget shows it, and the browser stops
    a larger file before sending it. The web server takes more (server.maxUploadSize, the most an
    administrator may set): each uploader holds to its own limit."""
    return max(1, math.ceil(limit_bytes / MB))
