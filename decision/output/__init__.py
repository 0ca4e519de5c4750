"""What leaves the app for people: plotly figures, the HTML report, the besluitlog
table, and the join link with its QR code. Pure functions; no streamlit."""
