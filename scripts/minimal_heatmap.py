"""The reference page of the benchmarks: the least a Streamlit page drawing one plotly heatmap does.

    streamlit run scripts/minimal_heatmap.py   (?rows=25&cols=6 sets the heatmap's size)

One heatmap of grades, of the size the overview draws, from a frame made in memory; a select box in
the sidebar changes the frame, as a period change does on the overview. `python -m cdd bench` and
scripts/measure_browser.py time the dashboard beside this page in the same run.
"""

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

rows = int(st.query_params.get("rows", 25))
cols = int(st.query_params.get("cols", 6))
choice = st.sidebar.selectbox("ช่วงเวลา", ["ไตรมาส 1", "ไตรมาส 2", "ไตรมาส 3", "ไตรมาส 4"])
codes = np.random.default_rng(len(choice) + ord(choice[-1])).integers(0, 5, (rows, cols))
grades = np.array(["A", "B", "C", "D", "–"])[codes]
frame = pd.DataFrame(
    grades, index=[f"แถว {i + 1}" for i in range(rows)], columns=[f"ภารกิจ {j + 1}" for j in range(cols)]
)
st.title("แผนภาพเดียว")
figure = go.Figure(
    go.Heatmap(z=codes, x=list(frame.columns), y=list(frame.index), text=frame.values, texttemplate="%{text}")
)
figure.update_layout(title=choice, height=max(320, 48 * rows + 120))
st.plotly_chart(figure, width="stretch")
