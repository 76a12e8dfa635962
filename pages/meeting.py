"""Placeholder while the screen is written."""

import streamlit as st

st.title("meeting")
