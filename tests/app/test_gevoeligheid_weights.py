"""Gevoeligheid: the trial sliders are the same whole percentages as on Ambitie, and the
sentences name the very percentages the sliders show.
"""

from __future__ import annotations

import re

from ui.catalog import t

IDS = ["wensen", "kosten", "tijd", "risico", "ambitie"]  # the example's criteria, in order


def sliders(at) -> dict[str, int]:
    return {cid: at.slider(key=f"gv_{cid}").value for cid in IDS}


def unescape(markdown: str) -> str:
    """The text as read on screen: without the backslashes that keep it from being Markdown."""
    return re.sub(r"\\(.)", r"\1", markdown)


def remedy_text(at) -> str:
    """What would bring the picked koppelkans in (the text under its header)."""
    assert t("sens.what_would_it_take", "nl") in at.header.values
    return "\n".join(m.value for m in at.markdown if " in plaats van " in m.value)


def test_a_trial_slider_set_to_40_stays_and_the_others_share_60(app, wid):
    at = app("gevoeligheid", wid)
    at.slider(key="gv_wensen").set_value(40).run()
    assert not at.exception
    assert sliders(at) == {"wensen": 40, "kosten": 16, "tijd": 12, "risico": 12, "ambitie": 20}


def test_the_remedy_names_the_weight_the_slider_shows(app, wid):
    at = app("gevoeligheid", wid)
    at.slider(key="gv_wensen").set_value(40).run()
    labels = {unescape(at.slider(key=f"gv_{cid}").label): cid for cid in IDS}
    checked = 0
    for kid in at.selectbox(key="gv_pick").options:
        at.selectbox(key="gv_pick").set_value(kid.split(" · ")[0]).run()
        assert not at.exception
        text = unescape(remedy_text(at))
        # by the criteria's own labels: a koppelkans's name may hold an apostrophe too
        found = [
            (label, *m)
            for label in labels
            for m in re.findall(rf"'{re.escape(label)}' (\d+)% weegt in plaats van (\d+)%", text)
        ]
        for criterion, new, old in found:
            cid = labels[criterion]
            assert int(old) == sliders(at)[cid], text
            assert int(new) != int(old)
            checked += 1
    assert checked, "the example has a koppelkans outside the top 3 that a weight change brings in"
