"""The framework's floor for the scale benchmark: a Streamlit page with one plotly chart."""

import streamlit as st

st.plotly_chart({"data": [{"y": [1, 3, 2], "type": "scatter"}]})
