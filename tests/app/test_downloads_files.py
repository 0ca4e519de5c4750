"""Every download is named after its workshop and the day, in Dutch, with its proper MIME type,
and the inventory of koppelkansen can be downloaded from the Koppelkansen page."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import app_test as app_test_module

from decision.domain.model import Fiche, Status
from decision.files.csv_import import merge_kansen, parse_kansen_csv
from decision.files.workshop_file import parse_workshop_bytes
from ui.catalog import t
from ui.downloads import file_name, slug

# key prefix of the button -> (Dutch word in the name, extension, MIME type)
EXPECTED = {
    "dl_rank": ("rangorde", "csv", "text/csv"),
    "dl_scores": ("scores", "csv", "text/csv"),
    "dl_inventory": ("koppelkansen", "csv", "text/csv"),
    "dl_yaml": ("workshop", "yaml", "application/yaml"),
    "dl_report": ("rapport", "html", "text/html"),
    "dl_appendix": ("bijlage-koppelkansen", "html", "text/html"),
    "dl_residents": ("bewonersbrief", "html", "text/html"),
    "dl_log": ("besluitlog", "csv", "text/csv"),
}


class _FilesKept(MemoryMediaFileStorage):
    """The media store of a test run, keeping each file's name and type with its bytes."""

    files: dict[str, tuple[str | None, str, bytes]] = {}

    def load_and_get_id(self, path_or_data, mimetype, kind, filename=None):
        file_id = super().load_and_get_id(path_or_data, mimetype, kind, filename)
        content = path_or_data if isinstance(path_or_data, bytes) else b""
        _FilesKept.files[file_id] = (filename, mimetype, content)
        return file_id


@pytest.fixture
def served(monkeypatch):
    """``served(at, "dl_rank")``: (file name, MIME type, bytes) behind that download button."""
    _FilesKept.files = {}
    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", _FilesKept)

    def file_of(at, key_prefix: str) -> tuple[str | None, str, bytes]:
        button = next(b for b in at.download_button if b.key.startswith(key_prefix))
        file_id = button.proto.url.rsplit("/", 1)[-1].split(".", 1)[0]
        return _FilesKept.files[file_id]

    return file_of


def test_file_names_carry_the_workshop_and_the_date():
    day = dt.date(2026, 3, 12)
    assert file_name("Kastanjehof kiest", "ranking", day) == "kastanjehof-kiest-2026-03-12-rangorde.csv"
    assert file_name("Één wijk: Noord/Zuid!", "report", day) == "een-wijk-noord-zuid-2026-03-12-rapport.html"
    assert file_name("***", "workshop", day) == "workshop-2026-03-12-workshop.yaml"
    assert len(slug("Heel lange naam " * 20)) <= 60 and not slug("Heel lange naam " * 20).endswith("-")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_download_on_besluit_has_its_name_and_type(app, wid, example, served, lang):
    at = app("besluit", wid, lang=lang)
    assert not at.exception
    keys = sorted(b.key.rsplit("_", 1)[0] for b in at.download_button)
    assert keys == sorted(k for k in EXPECTED if k != "dl_log")
    today = dt.date.today().isoformat()
    for key in keys:
        name, mime, data = served(at, key)
        stem, extension, expected_mime = EXPECTED[key]
        assert name == f"{slug(example.name)}-{today}-{stem}.{extension}", key  # Dutch in both languages
        assert mime == expected_mime, key
        assert data, key
    assert parse_workshop_bytes(served(at, "dl_yaml")[2], "terug.yaml") == example


def test_the_inventory_downloads_from_koppelkansen_and_imports_back(app, wid, example, served):
    at = app("koppelkansen", wid)
    assert not at.exception
    (button,) = [b for b in at.download_button if b.key.startswith("dl_inventory")]
    assert button.label == t("downloads.inventory", "nl")
    name, mime, data = served(at, "dl_inventory")
    assert name.endswith("-koppelkansen.csv") and mime == "text/csv"
    back = merge_kansen(replace(example, kansen=()), parse_kansen_csv(data, name)).kansen
    # the inventory is the list of koppelkansen, not their working-out: a fiche stays out
    assert back == tuple(
        replace(k, status=Status.CANDIDATE, motivation="", fiche=Fiche()) for k in example.kansen
    )


def test_the_besluitlog_download_is_named_and_names_who(app, wid, store, example, served):
    store.workshops.save(wid, replace(example, name=example.name + " (herzien)"),
                         base=store.workshops.load(wid), actor="Anna de Vries")  # fmt: skip
    at = app("besluitlog", wid)
    assert not at.exception
    name, mime, data = served(at, "dl_log")
    assert name == f"{slug(example.name + ' (herzien)')}-{dt.date.today().isoformat()}-besluitlog.csv"
    assert mime == "text/csv"
    text = data.decode("utf-8-sig")
    assert "Anna de Vries" in text
    assert ";begeleider;" in text, "the entry of the creation, made without a name: the role"
