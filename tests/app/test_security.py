"""Team texts are shown as typed: never as HTML, never as Markdown.

A koppelkans called ``<script>alert(1)</script> **vet**`` must appear literally:
the app escapes user text with ``ui.text.md`` before it goes into Markdown, and
never switches on ``unsafe_allow_html`` for it.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from decision.domain.analysis import rank_workshop
from decision.domain.model import Status
from ui.catalog import t
from ui.text import md

EVIL_KANS = "<script>alert(1)</script> **vet**"
EVIL_WORKSHOP = "<img src=x onerror=alert(2)> _schuin_ [link](javascript:alert(3))"


@pytest.fixture
def evil_wid(store, example) -> str:
    """The example with one of its top three (K06) and the workshop itself given hostile names."""
    kansen = tuple(replace(k, name=EVIL_KANS) if k.id == "K06" else k for k in example.kansen)
    return store.workshops.create(replace(example, name=EVIL_WORKSHOP, kansen=kansen))


# Elements whose text Streamlit renders as Markdown (widget labels and radio options too).
MARKDOWN_ELEMENTS = {
    "Markdown",
    "Caption",
    "Title",
    "Header",
    "Subheader",
    "Error",
    "Warning",
    "Info",
    "Success",
}


def _markdown_texts(node) -> list[str]:
    found = []
    if type(node).__name__ in MARKDOWN_ELEMENTS and isinstance(getattr(node, "value", None), str):
        found.append(node.value)
    label = getattr(node, "label", None)
    if isinstance(label, str):
        found.append(label)
    if type(node).__name__ == "Radio":
        found.extend(node.options)
    return found


def check_literal(at, elements) -> int:
    """Every Markdown text that shows a hostile name shows it escaped; nothing allows HTML.

    Returns how many texts showed one, so a test can tell that it looked at something.
    """
    assert not at.exception
    seen = 0
    for node in elements(at):
        proto = getattr(node, "proto", None)
        if hasattr(proto, "allow_html"):
            assert not proto.allow_html, f"{type(node).__name__} allows HTML"
        if type(node).__name__ == "Html":
            assert "alert" not in proto.body, "user text in st.html"
        for text in _markdown_texts(node):
            if "alert" not in text:
                continue
            seen += 1
            assert md(EVIL_KANS) in text or md(EVIL_WORKSHOP) in text, text
            rest = text.replace(md(EVIL_KANS), "").replace(md(EVIL_WORKSHOP), "")
            assert "alert" not in rest, f"unescaped: {text}"
    return seen


def test_start_page_shows_the_workshop_name_literally(app, evil_wid, elements):
    at = app("start", evil_wid)
    assert check_literal(at, elements) >= 2  # "Verder met" and the recent list


def test_scoren_shows_the_name_literally(app, evil_wid, elements):
    at = app("scoren", evil_wid, score_kans="K06")
    assert at.subheader[0].value == f"K06 · {md(EVIL_KANS)}"
    assert check_literal(at, elements) >= 1


def test_resultaten_shows_the_name_literally(app, evil_wid, elements):
    at = app("resultaten", evil_wid)
    assert f"#### {md(EVIL_KANS)}" in at.markdown.values  # the top-three card
    assert check_literal(at, elements) >= 1
    assert EVIL_KANS in list(at.dataframe[0].value.iloc[:, 2]), "a table cell shows the text as typed"
    for chart in at.get("plotly_chart"):
        assert "<script>" not in chart.proto.spec


def test_besluit_shows_the_name_literally(app, evil_wid, elements, store, example):
    at = app("besluit", evil_wid)
    table = rank_workshop(example).table
    rank = int(table.loc[table["id"] == "K06", "rank"].iloc[0])
    assert f"{t('results.rank', 'nl', rank=rank)} · **{md(EVIL_KANS)}**" in at.markdown.values
    assert check_literal(at, elements) >= 1
    # Not chosen and not explained: the warning names it.
    drawn = store.workshops.load(evil_wid)
    w = drawn.workshop
    kansen = tuple(replace(k, status=Status.NOT_CHOSEN) if k.id == "K06" else k for k in w.kansen)
    store.workshops.save(evil_wid, replace(w, kansen=kansen), base=drawn)
    at.run()
    assert md(EVIL_KANS) in at.warning[0].value
    assert check_literal(at, elements) >= 2


def test_koppelkansen_saved_message_shows_the_name_literally(app, evil_wid, elements, submit):
    at = app("koppelkansen", evil_wid)
    at.selectbox(key="detail_pick").set_value("K06").run()
    submit(at, "kans_form_K06")
    assert md(EVIL_KANS) in at.success[0].value
    assert check_literal(at, elements) >= 1
