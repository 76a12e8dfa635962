"""The meeting's handout: every slide of the meeting as one PDF page, rendered on the server.

Each page is the slide's figure as its PNG is (title, scheme, «ข้อมูล ณ วันที่ …», what a '–' means), written
as a PDF by kaleido with Debian's chromium and its Thai fonts in one browser for all pages; pypdf joins the
pages into one file. A slide without a figure prints what the screen says instead. Nothing reaches the network.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import plotly.graph_objects as go

from cdd.views import charts, meeting
from cdd.views.slides import NO_GRADE_NOTE, Meeting, Slide, every_slide

WIDTH = 1600  # px of each page, as the PNGs: a landscape page that reads as the projector does


def page(slide: Slide, title: str, stamp: list[str]) -> go.Figure:
    """One page: the slide's figure with its stamp, or the slide's words where it has no figure."""
    if slide.figure is not None:
        lines = [*stamp, NO_GRADE_NOTE] if slide.explains_dash else stamp
        return meeting.with_stamp(slide.figure, lines)
    words = go.Figure()
    words.add_annotation(
        text=" — ".join(part for part in (slide.empty, slide.hint) if part),
        x=0,
        y=1,
        xref="paper",
        yref="paper",
        xanchor="left",
        yanchor="top",
        showarrow=False,
        font={"size": meeting.SIZE},
    )
    words.update_xaxes(visible=False).update_yaxes(visible=False)
    charts.layout(words, title, height=360, size=meeting.SIZE)
    return meeting.with_stamp(words, stamp)


def build(of: Meeting, stamp: list[str]) -> bytes:
    """Every slide of the meeting as one PDF, a page each, in the meeting's order."""
    from kaleido import write_fig_from_object_sync  # a headless browser: only when a handout is asked for
    from pypdf import PdfWriter

    figures = [page(s, of.title(s.heading), stamp) for s in every_slide(of)]
    with tempfile.TemporaryDirectory(prefix="cdd-handout-") as folder:
        paths = [Path(folder) / f"{n:03d}.pdf" for n in range(len(figures))]
        write_fig_from_object_sync(
            [
                {
                    "fig": figure,
                    "path": path,
                    "opts": {"format": "pdf", "width": WIDTH, "height": figure.layout.height or 720},
                }
                for figure, path in zip(figures, paths, strict=True)
            ]
        )
        joined = PdfWriter()
        for path in paths:
            joined.append(str(path))
        out = io.BytesIO()
        joined.write(out)
    return out.getvalue()
