"""The report's look: its stylesheet and colours, for screen and for A4 print.

No dark backgrounds, and rows, cards and charts that do not break across pages.
The chart colours are the Okabe–Ito palette, with the ink that reads on each.
"""

OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
# text on a bar segment: white on the dark colours, black on the light ones
INK = {"#0072B2": "#FFFFFF", "#D55E00": "#FFFFFF", "#009E73": "#FFFFFF", "#CC79A7": "#000000",
        "#E69F00": "#000000", "#56B4E9": "#000000"}  # fmt: skip

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 12pt;
  line-height: 1.45; color: #1a1a1a; background: #ffffff; max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
header.doc { border-bottom: 3px solid #0072B2; margin-bottom: 1rem; padding-bottom: .5rem; }
.kicker { text-transform: uppercase; letter-spacing: .05em; font-size: 10pt; color: #444444; margin: 0; }
h1 { font-size: 21pt; margin: .1rem 0 .3rem; line-height: 1.2; }
h2 { font-size: 15pt; margin: 2rem 0 .6rem; padding-bottom: .15rem; border-bottom: 1px solid #0072B2;
  break-after: avoid; page-break-after: avoid; }
h3 { font-size: 12.5pt; margin: 0 0 .4rem; break-after: avoid; page-break-after: avoid; }
h4 { font-size: 12pt; margin: 0 0 .3rem; }
p { margin: .3rem 0 .6rem; }
.meta { margin: 0; color: #333333; }
.note { border: 1px dashed #666666; padding: .4rem .6rem; }
.summary { border: 2px solid #0072B2; padding: .7rem 1rem; margin: 1rem 0; }
.summary h2 { margin-top: 0; border-bottom: 0; }
.summary ul { margin: .3rem 0 .3rem 1.2rem; padding: 0; }
.tag { display: inline-block; border: 1px solid #333333; border-radius: 3px; padding: 0 .35rem;
  font-size: 9.5pt; margin-left: .3rem; white-space: nowrap; }
.tie { font-size: 10pt; color: #333333; }
.place { font-weight: bold; display: inline-block; min-width: 6.5em; }
.missing { font-weight: bold; color: #A03A00; border: 1px dashed #A03A00; padding: 0 .3rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid #8c8c8c; padding: .3rem .45rem; text-align: left; vertical-align: top; }
thead th { background: #e8f1f8; font-weight: 600; }
thead { display: table-header-group; }
tr, li { break-inside: avoid; page-break-inside: avoid; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.criterion, .card, .decision { border: 1px solid #8c8c8c; padding: .6rem .8rem; margin: .8rem 0;
  break-inside: avoid; page-break-inside: avoid; }
.card { border-left: 6px solid #0072B2; }
.card.sociaal { border-left-color: #CC79A7; }
.card.fysiek { border-left-color: #009E73; }
.card.beide { border-left-color: #0072B2; }
.anchors { margin: .3rem 0 0 1.4rem; padding: 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .9rem; margin: .4rem 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1.2rem; }
.two ul { margin: .2rem 0 .4rem 1.2rem; padding: 0; }
figure { margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-weight: 600; margin-bottom: .3rem; }
svg { max-width: 100%; height: auto; }
svg text { font-family: "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
footer { margin-top: 2rem; border-top: 1px solid #8c8c8c; padding-top: .5rem; font-size: 10pt;
  color: #333333; }
@page { size: A4; margin: 18mm; }
@media print {
  body { font-size: 11pt; max-width: none; margin: 0; padding: 0; }
  h2 { margin-top: 1.4rem; }
  .card, .criterion, .decision, figure, .summary, tr { break-inside: avoid; page-break-inside: avoid; }
  svg, .card, .tag { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"""
