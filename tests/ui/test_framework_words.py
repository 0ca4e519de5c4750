"""Streamlit's own English words in the page's language (ui/layout.py).

The script gets a map from each word on the page to the word in the page's language:
Streamlit's English, and the other language's word (a page switched back and forth).
The upload limit carries a number, so it goes by a pattern that keeps the number.
"""

from __future__ import annotations

import json
import re

from ui import layout


def js_to_python(pattern: str, replacement: str) -> tuple[str, str]:
    """The few JavaScript regex features the patterns use, in Python's spelling."""
    return pattern, replacement.replace("$1", r"\1")


def apply(lang: str, text: str) -> str:
    exact, patterns = layout.framework_words(lang)
    if text in exact:
        return exact[text]
    for pattern, replacement in patterns:
        python_pattern, python_replacement = js_to_python(pattern, replacement)
        if re.search(python_pattern, text):
            return re.sub(python_pattern, python_replacement, text)
    return text


def test_streamlit_words_become_dutch_and_back():
    assert apply("nl", "Drag and drop file here") == "Sleep een bestand hierheen"
    assert apply("nl", "Browse files") == "Bestand kiezen"
    assert apply("nl", "Skip to main content") == "Naar de inhoud"
    assert apply("en", "Sleep een bestand hierheen") == "Drag and drop file here"
    assert apply("en", "Browse files") == "Browse files"


def test_the_upload_limit_keeps_its_number_and_what_follows():
    assert apply("nl", "Limit 2MB per file • CSV") == "Maximaal 2MB per bestand • CSV"
    assert apply("en", "Maximaal 2MB per bestand • CSV") == "Limit 2MB per file • CSV"
    assert apply("nl", "My own Limit 2MB per file") == "My own Limit 2MB per file"  # only at the start


def test_the_script_names_the_language_and_cannot_be_ended_early():
    script = layout.words_script("nl")
    assert "doc.documentElement.lang = " + json.dumps("nl") in script
    assert script.count("</script>") == 1
    assert "</" not in script.split("<script>", 1)[1].rsplit("</script>", 1)[0]
