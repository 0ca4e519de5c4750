"""Streamlit building blocks shared by the pages: state, layout and widgets.

Everything that decides or computes lives in :mod:`decision`; this package only
draws and wires it to Streamlit.
"""
