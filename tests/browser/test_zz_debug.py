import pytest
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
from tests.browser.test_presentation_in_chromium import open_presenting, SCREENS

def test_debug(app, new_page, stored_example):
    page = new_page(SCREENS["1366x768"])
    open_presenting(app, page, "resultaten", stored_example)
    page.wait_for_timeout(3000)
    (app.artifacts / "debug").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(app.artifacts / "debug" / "r.png"))
    open("/tmp/screen-debug.txt","w").write(page.evaluate("""() => document.querySelector('.st-key-slide__slide_row').outerHTML + '\\n\\n' + document.querySelector('[data-testid="stMetric"]').outerHTML"""))
