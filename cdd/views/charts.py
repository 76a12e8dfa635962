"""The dashboard's figures (plotly), drawn the same on screen, on a projector and in a downloaded PNG.

Grades use the Okabe–Ito colours, which people with the common colour-vision deficiencies can tell
apart, and every grade is also written as its letter. Text uses Sarabun, the app's font; a PNG is
rendered on the server (kaleido with Debian's chromium and its Thai fonts), never by the browser's
modebar, which would drop the web font.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd
import plotly.graph_objects as go

from cdd.views.palette import GRADE_COLOURS, INK, MET, NO_DATA, UNMET

FONT = "Sarabun, 'TH Sarabun New', Garuda, Loma, sans-serif"
CODES = {"A": 0, "B": 1, "C": 2, "D": 3, MET: 0, UNMET: 3, NO_DATA: 4}
BODY_TEXT = "#262730"  # the colour of the app's body text: district names on an axis read as the text around them


def layout(figure: go.Figure, title: str, height: int | None = None, size: int = 16) -> go.Figure:
    figure.update_layout(
        title={"text": title, "x": 0, "font": {"size": size + 4}},
        font={"family": FONT, "size": size, "color": "#1a1a1a"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        height=height,
    )
    for axis in (figure.layout.xaxis, figure.layout.yaxis):  # as large as the body text unless a chart chose
        axis.tickfont.color = BODY_TEXT
        axis.tickfont.size = axis.tickfont.size or size
    return figure


def wrap_label(text: str, width: int = 16, lines: int = 3) -> str:
    """A long column label on a few short lines (at spaces: Thai words are not split)."""
    rows, current = [], ""
    for word in str(text).replace("(", " (").split():
        if current and len(current) + 1 + len(word) > width:
            rows.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    rows.append(current)
    return "<br>".join(rows[:lines]) + ("…" if len(rows) > lines else "")


def grade_heatmap(
    frame: pd.DataFrame, title: str, size: int = 16, width: int = 760, title_width: int | None = None
) -> go.Figure:
    """Each cell coloured by its grade and showing it; '–' in grey where there is no data.

    Column heads that would run into each other at `width` go on two tiers; where even two tiers are too
    narrow, long heads become numbers ('1.1' where the name starts with its own number) with a key to the
    numbers under the chart. A pointer over a cell names its column in full either way. A title wider than
    `title_width` (a chart in a narrow column) goes on a line for each of its ' · ' parts."""
    codes = frame.map(lambda v: CODES.get(v, 5)).values
    scale = [GRADE_COLOURS[g] for g in ("A", "B", "C", "D", NO_DATA, "other")]
    colorscale = [[i / 5, colour] for i, colour in enumerate(scale)]
    names = [str(c) for c in frame.columns]
    labels, key = [wrap_label(c) for c in names], list[str]()
    column = (width - NAME_ROOM) / max(len(names), 1)
    if any(crowded(tier, size - 2, 2 * column * len(tier)) for tier in (labels[::2], labels[1::2])):  # two tiers
        labels, key = numbered(names, size - 2, column)
    figure = go.Figure(
        go.Heatmap(
            z=codes,
            x=labels,
            y=list(frame.index),
            text=frame.values,
            texttemplate="%{text}",
            textfont={"size": cell_font(frame, size + 2, column), "color": INK},  # never white: see palette.TEXT_ON
            colorscale=colorscale,
            zmin=0,
            zmax=5,
            showscale=False,
            xgap=3,
            ygap=3,
            customdata=[[name.replace("<br>", " ") for name in names]] * len(frame),
            hovertemplate="%{y}<br>%{customdata}: %{text}<extra></extra>",
        )
    )
    figure.update_yaxes(autorange="reversed")
    # Categories, never numbers: a head numbered '1.1' is a name, not a point on a scale.
    figure.update_xaxes(side="top", tickangle=0, tickfont={"size": size - 2}, type="category")
    header = 40 + (size + 4) * max(label.count("<br>") + 1 for label in labels)
    title, lines = fitted_title(title, size + 4, title_width or width)
    header += (size + 8) * (lines - 1)
    layout(figure, title, height=max(320, 48 * len(frame) + header + 80), size=size)
    figure.update_layout(margin={"t": header + 50})
    if key:
        return with_key(figure, key, size - 2, width)
    return two_tier_labels(figure, size, width - NAME_ROOM)


NAME_ROOM = 130  # pixels of a heatmap's left taken by the district names
NUMBERED = re.compile(r"^\s*(\d+(?:\.\d+)*)\s+(\S.*)$")


def numbered(names: list[str], size: int, column: float) -> tuple[list[str], list[str]]:
    """Heads too wide for their column as numbers, and the key that names them: a head that starts with its
    own number ('1.1 ความปลอดภัย') keeps it, others count 1, 2, 3…; short heads stay as they are."""
    labels, key, count = [], [], 0
    for name in names:
        plain = name.replace("<br>", " ")
        if label_width(plain, size) <= 1.25 * column:
            labels.append(plain)
            continue
        match = NUMBERED.match(plain)
        if match:
            number, rest = match.group(1), match.group(2)
        else:
            count += 1
            number, rest = str(count), plain
        labels.append(number)
        key.append(f"{number} = {rest}")
    return labels, key


def with_key(figure: go.Figure, key: list[str], size: int, width: int) -> go.Figure:
    """The key to numbered column heads under the chart, on as many lines as the width needs."""
    lines, line = [], ""
    for entry in key:
        joined = f"{line}   {entry}" if line else entry
        if line and label_width(joined, size) > width - 20:
            lines.append(line)
            joined = entry
        line = joined
    lines.append(line)
    room = (size + 8) * len(lines) + 16
    figure.add_annotation(
        text="<br>".join(lines),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        yshift=-8,
        align="left",
        showarrow=False,
        font={"size": size, "color": BODY_TEXT},
    )
    return figure.update_layout(margin_b=figure.layout.margin.b + room, height=figure.layout.height + room)


def cell_font(frame: pd.DataFrame, size: int, column: float) -> int:
    """The cells' type size: `size`, smaller where the longest word in a cell ('รอตรวจ') would not fit its column."""
    longest = max((visible_length(str(v)) for v in frame.to_numpy().ravel()), default=1) or 1
    if longest * size * 0.55 <= column:
        return size
    return max(14, int((column - 6) / (0.55 * longest)))


def grade_count_bars(counts: pd.DataFrame, title: str, size: int = 16) -> go.Figure:
    """How many districts have each grade. The title goes on two lines at its ' · ' (the chart is narrow),
    and the counts above the bars are never cut off at the top."""
    colours = [GRADE_COLOURS.get(g, GRADE_COLOURS[NO_DATA]) for g in counts["ระดับ"]]
    figure = go.Figure(
        go.Bar(
            x=counts["ระดับ"],
            y=counts["จำนวน"],
            marker_color=colours,
            text=counts["จำนวน"],
            textposition="outside",
            textfont={"size": size + 2},
            cliponaxis=False,
        )
    )
    highest = max([0, *counts["จำนวน"]])
    figure.update_yaxes(title="จำนวนอำเภอ", rangemode="tozero", range=[0, highest * 1.2 + 1])
    title, lines = fitted_title(title, size + 4, 0)
    layout(figure, title, height=380 + (size + 8) * (lines - 1), size=size)
    return figure.update_layout(margin_t=60 + (size + 8) * (lines - 1))


def fitted_title(title: str, size: int, width: float) -> tuple[str, int]:
    """A title that would be cut at `width` pixels, on a line for each of its ' · ' parts; and its line count."""
    if label_width(title, size) <= width - 20:
        return title, 1
    parts = title.split(" · ")
    return "<br>".join(parts), len(parts)


def target_bars(frame: pd.DataFrame, title: str, unit: str, size: int = 16) -> go.Figure:
    """One bar per district with its own target marker; the share of target printed on each bar."""
    colours = [GRADE_COLOURS["A"] if met else GRADE_COLOURS["D"] for met in frame["met"]]
    labels = [f"{share:.0f}%" if share == share and share is not None else "" for share in frame["share"]]
    figure = go.Figure()
    figure.add_bar(
        y=frame["name"],
        x=frame["actual"],
        orientation="h",
        marker_color=colours,
        name="ผลงาน",
        text=labels,
        textposition="outside",
        textfont={"size": size},
        customdata=_texts(frame, "actual_text"),
        hovertemplate="%{y}: " + _hover_number("x", unit, "actual_text" in frame) + "<extra></extra>",
    )
    figure.add_scatter(
        y=frame["name"],
        x=frame["target"],
        mode="markers",
        name="เป้าหมาย",
        marker={"symbol": "line-ns-open", "size": 26, "color": "#000000", "line": {"width": 4, "color": "#000000"}},
        customdata=_texts(frame, "target_text"),
        hovertemplate="เป้าหมาย " + _hover_number("x", unit, "target_text" in frame) + "<extra></extra>",
    )
    figure.update_xaxes(title=unit, rangemode="tozero")
    figure.update_layout(legend={"orientation": "h", "y": -0.08})
    return layout(figure, title, height=max(320, 36 * len(frame) + 160), size=size)


def with_unit(number: str, unit: str) -> str:
    """A number and its unit as Thai prints them: '64.56%' (the sign against the number), '12 ร้าน'."""
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}".rstrip()


def _hover_number(axis: str, unit: str, worded: bool) -> str:
    """The figure as a person reads it where the frame words it ('มากกว่า 70%'), else the number and unit."""
    if worded:  # a percentage's text carries its '%'; a count's its unit after it
        return "%{customdata}" if unit == "%" else with_unit("%{customdata}", unit)
    return with_unit(f"%{{{axis}:,}}", unit)


def _texts(frame: pd.DataFrame, column: str) -> list[str] | None:
    return list(frame[column]) if column in frame else None


def cumulative_lines(frame: pd.DataFrame, title: str, unit: str, size: int = 16) -> go.Figure:
    """A district's cumulative figure month by month against its cumulative target."""
    figure = go.Figure()
    figure.add_scatter(
        x=frame["month"],
        y=frame["actual"],
        mode="lines+markers+text",
        name="ผลงานสะสม",
        line={"color": GRADE_COLOURS["B"], "width": 4},
        text=frame["actual"],
        textposition="top center",
    )
    figure.add_scatter(
        x=frame["month"],
        y=frame["target"],
        mode="lines",
        name="เป้าหมายสะสม",
        line={"color": "#000000", "width": 3, "dash": "dash"},
    )
    figure.update_yaxes(title=unit, rangemode="tozero")
    figure.update_layout(legend={"orientation": "h", "y": -0.15})
    return layout(figure, title, height=420, size=size)


def two_tier_labels(figure: go.Figure, size: int = 16, width: float = 1000) -> go.Figure:
    """Column labels on two alternating tiers when neighbours would overlap at the figure's width.

    Thai words are not split (they have no spaces between them), so long names need the room of two columns.
    """
    labels = [str(x) for x in figure.data[0].x]
    if not crowded(labels, size - 2, width):
        return figure
    lines = max(label.count("<br>") + 1 for label in labels)
    raised = [label + "<br> " * lines if i % 2 else label for i, label in enumerate(labels)]
    figure.update_xaxes(tickvals=labels, ticktext=raised)
    extra = (size + 4) * lines
    return figure.update_layout(margin_t=figure.layout.margin.t + extra, height=figure.layout.height + extra)


def crowded(labels: list[str], size: int, width: float) -> bool:
    """Whether two neighbouring labels would run into each other in columns of width/len(labels) pixels."""
    column = width / max(len(labels), 1)
    widths = [label_width(label, size) for label in labels]
    return any((a + b) / 2 + 8 > column for a, b in zip(widths, widths[1:]))


def label_width(label: str, size: int) -> float:
    """A rough width in pixels of the longest line."""
    return max(visible_length(line) for line in label.split("<br>")) * size * 0.55


def visible_length(text: str) -> int:
    """Characters that take room: Thai vowel and tone marks above and below a letter take none."""
    return sum(unicodedata.category(ch) != "Mn" for ch in text)


def png(figure: go.Figure, width: int = 1600, height: int | None = None) -> bytes:
    """The figure as a PNG rendered on the server, with the fonts installed there (Sarabun, TLWG)."""
    import plotly.io as pio  # kaleido starts a headless browser: only when a PNG is asked for

    return pio.to_image(figure, format="png", width=width, height=height or figure.layout.height or 720, scale=1)
