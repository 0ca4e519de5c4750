"""The whole walk of a new project leader, in a real browser, without a traceback or lost input.

New workshop → ten koppelkansen from a Dutch-Excel CSV → the weights four ways → three
participants plus the consensus sheet → results → the decision with motivations → every
export → a reload. Each step checks what the user relies on in the store the server
wrote, and the expected figures are computed with the engine from that stored workshop,
never written down here.
"""

from __future__ import annotations

import time

import numpy as np
import pytest
from playwright.sync_api import expect

from decision.core.weighting import display_percentages, rank_weights
from decision.domain.analysis import rank_workshop
from decision.domain.model import Status
from decision.domain.progress import GROUP_ID

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

KANSEN_CSV = "\ufeff" + "\r\n".join(
    [
        "naam;type;gekoppeld_project;startjaar;kosten_min_eur;kosten_max_eur",
        "Warmtenet meeleggen met rioolvervanging;fysiek;Rioolvervanging Noord;2028;150000;400000",
        "Klimaatadaptieve herinrichting;fysiek;Herinrichting Parkstraat;2028;80000;200000",
        "Energiecoaches voor huishoudens met energiearmoede;sociaal;;;20000;60000",
        "Groen dak bij corporatieonderhoud;fysiek;Onderhoud Wijkwonen;2029;50000;120000",
        "Leerwerkplekken isolatie;sociaal;Isolatieprogramma;2027;30000;90000",
        "Ontmoetingstuin bij het wijkcentrum;fysiek;;2030;10000;40000",
        "Wijkbudget voor vergroening;sociaal;;;5000;25000",
        "LED-verlichting en sociaal veilige routes;fysiek;Openbare verlichting;2028;40000;100000",
        "Zorgwoningen aardgasvrij;fysiek;Nieuwbouw zorgcomplex;2029;200000;500000",
        "Buurtvervoer voor ouderen;sociaal;;;15000;45000",
    ]
)
PEOPLE = (("Anouk de Vries", "bewoner"), ("Bram Jansen", "woningcorporatie"), ("Chantal Bakker", "gemeente"))


def stored(app, wid: str):
    return app.workshop(wid)


def wait_for(check, what: str, timeout: float = 30.0):
    """Poll the store until ``check()`` is truthy (a save lands after the click's rerun)."""
    deadline = time.monotonic() + timeout
    while not (result := check()):
        assert time.monotonic() < deadline, f"not stored in time: {what}"
        time.sleep(0.2)
    return result


def no_traceback(page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)


def weights(app, wid: str) -> np.ndarray:
    w = stored(app, wid)
    raw = np.array([c.weight for c in w.criteria], dtype=float)
    return raw / raw.sum()


def choose_method(app, page, method_key: str) -> None:
    page.get_by_role("radio", name=app.nl(f"weights.method_{method_key}"), exact=True).click()
    app.settle(page)


def score_card(app, page, levels: list[int]) -> None:
    """Answer every question on the card shown, one level per criterion (the option's number)."""
    groups = page.get_by_test_id("stMain").get_by_test_id("stRadio")
    expect(groups.first).to_be_visible()
    for i, level in enumerate(levels):
        groups.nth(i).get_by_role("radio").nth(level - 1).check(force=True)
        app.settle(page)


def test_the_whole_walk(app, page):
    # 1. A new workshop from Start.
    page.goto("/")
    app.settle(page)
    name = f"Wijkaanpak Noord {time.time_ns()}"
    page.get_by_label(app.nl("start.field_name")).fill(name)
    page.get_by_role("button", name=app.nl("start.new_button")).click()
    page.wait_for_url("**/?w=*")
    app.settle(page)
    wid = app.workshop_id(page)
    assert stored(app, wid).name == name
    no_traceback(page)

    # 2. Ten koppelkansen from a Dutch-Excel CSV (semicolons, byte-order mark, CRLF).
    page.get_by_text(app.nl("start.csv_title")).click()
    uploader = page.get_by_test_id("stFileUploader").filter(has_text=app.nl("csv.upload"))
    uploader.locator('input[type="file"]').set_input_files(
        files=[{"name": "koppelkansen.csv", "mimeType": "text/csv", "buffer": KANSEN_CSV.encode("utf-8")}]
    )
    app.settle(page)
    page.get_by_role("button", name=app.nl("csv.add", n=10)).click()
    app.settle(page)
    kansen = wait_for(
        lambda: stored(app, wid).kansen if len(stored(app, wid).kansen) == 10 else None, "10 kansen"
    )
    assert kansen[0].project is not None and kansen[0].project.start_year == 2028
    # the message stays on the page after the toast has gone
    expect(
        page.get_by_test_id("stAlertContentSuccess").get_by_text(app.nl("csv.added", n=10))
    ).to_be_visible()
    no_traceback(page)

    # 3. The weights, four ways, on Ambitie & criteria.
    app.go(page, "page.ambitie")
    criteria = stored(app, wid).criteria
    n = len(criteria)
    # 3a. Percentages: one step up on the first slider keeps exactly that, the rest follow, sum 100.
    before = display_percentages(weights(app, wid))
    slider = page.get_by_role("slider", name=criteria[0].label.get("nl"))
    slider.focus()
    slider.press("ArrowRight")
    wait_for(lambda: display_percentages(weights(app, wid))[0] == before[0] + 1, "first slider +1")
    assert sum(display_percentages(weights(app, wid))) == 100
    app.settle(page)
    # 3b. 100 points: typed, applied, stored exactly.
    choose_method(app, page, "punten")
    points = [40, 20, 20, 10, 10][:n] if n == 5 else [100 // n + (1 if i < 100 % n else 0) for i in range(n)]
    for c, p in zip(criteria, points, strict=True):
        field = page.get_by_role("spinbutton", name=c.label.get("nl").replace("'", "\\'"))
        field.fill(str(p))
        field.press("Tab")
        app.settle(page)
    page.get_by_role("button", name=app.nl("weights.apply")).click()
    wait_for(lambda: np.allclose(weights(app, wid), np.array(points) / 100), "points applied")
    # 3c. Ranking: the order shown, applied as ROC weights.
    choose_method(app, page, "rangorde")
    page.get_by_role("button", name=app.nl("weights.apply")).click()
    wait_for(lambda: stored(app, wid).weight_method.value == "rangorde", "ranking applied")
    w = stored(app, wid)
    ranks = w.weight_inputs["rangorde"]
    expected = rank_weights([ranks[c.id] for c in w.criteria], w.weight_inputs.get("methode", "roc"))
    assert np.allclose(weights(app, wid), expected, atol=1e-6)
    # 3d. AHP: every pair equally important gives equal weights.
    choose_method(app, page, "ahp")
    page.get_by_role("button", name=app.nl("weights.apply")).click()
    wait_for(lambda: np.allclose(weights(app, wid), np.full(n, 1 / n), atol=1e-6), "AHP applied")
    no_traceback(page)

    # 4. Three participants, then the consensus sheet, on Scoren.
    app.go(page, "page.scoren")
    for person, role in PEOPLE:
        page.get_by_role("textbox", name=app.nl("scoren.col_name"), exact=True).first.fill(person)
        page.get_by_role("textbox", name=app.nl("scoren.col_role"), exact=True).first.fill(role)
        page.get_by_role("button", name=app.nl("scoren.add_participant")).click()
        app.settle(page)
    wait_for(lambda: len(stored(app, wid).participants) == 3, "three participants")
    assert [p.name for p in stored(app, wid).participants] == [p for p, _ in PEOPLE]
    page.get_by_role("button", name=app.nl("scoren.as_group")).click()
    app.settle(page)
    wait_for(lambda: GROUP_ID in stored(app, wid).participant_ids, "consensus sheet")

    # 5. Every sheet scores the first two koppelkansen; the banner always says whose sheet it is.
    sheets = [p.id for p in stored(app, wid).participants]
    for s_index, sheet in enumerate(sheets):
        who = page.get_by_label(app.nl("scoren.who"))
        who.click()
        label = next(p.name for p in stored(app, wid).participants if p.id == sheet)
        page.get_by_role("option", name=label, exact=True).click()
        app.settle(page)
        shown = (
            app.nl("scoren.banner_group") if sheet == GROUP_ID else app.nl("scoren.banner_person", name=label)
        )
        expect(page.get_by_text(shown.replace("**", ""), exact=True)).to_be_visible()
        for k_index in range(2):
            levels = [1 + (s_index + k_index + j) % 5 for j in range(n)]
            score_card(app, page, levels)
            page.get_by_role("button", name=app.nl("scoren.next")).click()
            app.settle(page)
        wait_for(
            lambda sheet=sheet: sum(1 for (pid, _, _) in stored(app, wid).scores if pid == sheet) == 2 * n,
            f"scores of {sheet}: {sorted(k for k in stored(app, wid).scores if k[0] == sheet)}",
        )
    no_traceback(page)

    # 6. Resultaten: the engine's ranking of the stored workshop, resting on the three people.
    app.go(page, "page.resultaten")
    expected_ids = list(rank_workshop(stored(app, wid), "wsm", "mean").table["id"])
    rows = app.table_rows(page)
    assert [row[1] for row in rows][:3] == expected_ids[:3]
    expect(page.get_by_text("3 individuele", exact=False).first).to_be_visible()
    no_traceback(page)

    # 7. Besluit: a motivation typed before "Top drie overnemen" survives it, and is recorded.
    app.go(page, "page.besluit")
    motivation = "Past bij de rioolvervanging in 2028; de corporatie doet mee."
    boxes = page.get_by_placeholder(app.nl("besluit.motivation_placeholder"))
    boxes.first.fill(motivation)
    page.get_by_role("button", name=app.nl("besluit.adopt_top3")).click()
    app.settle(page)
    expect(boxes.first).to_have_value(motivation)
    page.get_by_role("button", name=app.nl("besluit.save")).click()
    app.settle(page)
    wait_for(lambda: any(k.motivation == motivation for k in stored(app, wid).kansen), "motivation recorded")
    w = stored(app, wid)
    chosen = {k.id for k in w.kansen if k.status == Status.CHOSEN}
    assert chosen == set(rank_workshop(w, "wsm", "mean").top(3))
    no_traceback(page)

    # 8. Every export: a non-empty file with the workshop's name in it.
    for key in (
        "besluit.download_ranking",
        "besluit.download_scores",
        "downloads.inventory",
        "besluit.download_workshop",
        "besluit.download_report",
    ):
        with page.expect_download() as download:
            page.get_by_role("button", name=app.nl(key)).first.click()
        raw = download.value.path().read_bytes()
        assert raw, key
        assert download.value.suggested_filename.startswith("wijkaanpak-noord"), (
            download.value.suggested_filename
        )
    app.go(page, "page.besluitlog")
    with page.expect_download() as download:
        page.get_by_role("button", name=app.nl("log.download")).click()
    log = download.value.path().read_bytes().decode("utf-8-sig")
    assert "gekozen → gekozen" not in log

    # 9. A reload keeps the workshop, and Scoren the sheet last used.
    app.go(page, "page.scoren")
    page.reload()
    app.settle(page)
    assert app.workshop_id(page) == wid
    last = stored(app, wid).participants[-1]
    shown = (
        app.nl("scoren.banner_group")
        if last.id == GROUP_ID
        else app.nl("scoren.banner_person", name=last.name)
    )
    expect(page.get_by_text(shown.replace("**", ""), exact=True)).to_be_visible()
    no_traceback(page)
