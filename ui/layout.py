"""Page frame: title, presentation mode, and the guard for pages that need a workshop."""

from __future__ import annotations

import json

import streamlit as st

from decision.domain.model import Workshop
from ui import access_panel, feedback, location, state
from ui.state import tr
from ui.text import md

# Our own fixed stylesheets (no user text goes in here).
#
# The projector: type large enough for the back of the room (24 px body), little room
# spent above the section, large Vorige / Volgende buttons (ui/presentation.py) and
# the list of sections in smaller type, one row (it scrolls sideways where it does not fit).
PRESENTATION_CSS = """
<style>
html { font-size: 24px; }
section[data-testid="stSidebar"], div[data-testid="stSidebarCollapsedControl"] { display: none; }
div[data-testid="stMainBlockContainer"] {
  padding: 3rem 2rem 2rem 2rem; max-width: 1800px;
}
div[data-testid="stMainBlockContainer"] div[data-testid="stVerticalBlock"] { gap: 0.55rem; }
h1 { font-size: 1.5rem !important; padding: 0 !important; }
h2 { font-size: 1.4rem !important; }
h3 { font-size: 1.25rem !important; }
h4 { font-size: 1.05rem !important; }
div[class*="__slide_row"] { flex-wrap: nowrap; }
div[class*="__slide_row"] > div:has(div[data-testid="stButtonGroup"]) { flex: 1 1 0; min-width: 0; }
div[class*="__slide_prev"] button, div[class*="__slide_next"] button {
  font-size: 1rem; min-height: 2.4rem; padding: 0.25rem 1rem; white-space: nowrap;
}
div[class*="__slide_row"] div[data-testid="stButtonGroup"] button { font-size: 0.7rem; min-height: 1.8rem; }
div[class*="__slide_row"] div[data-testid="stButtonGroup"] button p { font-size: 0.7rem; }
div[class*="st-key-top_card_"] { gap: 0.2rem; padding-top: 0.4rem; padding-bottom: 0.4rem; }
div[class*="st-key-top_card_"] h3 { padding-top: 0.2rem; }
</style>
"""

# Phones (390 px): the charts are drawn twice, for a wide screen and for a narrow one
# (ui/figures.py), and the screen's width picks which one shows; the same goes for
# the ranking table (a compact one: rank, name, score). Segmented controls wrap onto
# several rows instead of running off the screen.
NARROW_CSS = """
<style>
div[class*="st-key-fit_narrow_"] { display: none; }
@media (max-width: 640px) {
  div[class*="st-key-fit_wide_"] { display: none; }
  div[class*="st-key-fit_narrow_"] { display: flex; }
  div[data-testid="stButtonGroup"] > div { flex-wrap: wrap; }
  div[data-testid="stButtonGroup"] button { max-width: 100%; white-space: normal; }
}
</style>
"""

# The projector: each chart is drawn for a screen of 768 px high and one of 1080 px
# (ui/figures.py), and the screen's height picks which one shows.
TALL_CSS = """
<style>
div[class*="st-key-fit_tall_"] { display: none; }
@media (min-height: 1000px) {
  div[class*="st-key-fit_short_"] { display: none; }
  div[class*="st-key-fit_tall_"] { display: flex; }
}
</style>
"""


# Streamlit's own words (the file uploader, the hints under a field, the empty list of a
# select box, the skip link) are English whatever the app says, and no setting reaches
# them. This fixed script puts the catalog's words in their place, in the page's
# language, and keeps doing so as Streamlit draws (a MutationObserver). It changes only
# text nodes and attributes that equal one of Streamlit's known strings, as text, never
# as markup; text in a Markdown container (where the team's own texts are) is left alone.
# It also says which language the page is in (``<html lang>``), for screen readers and
# the browser's spelling and hyphenation. The only values in it are the catalog's texts,
# encoded as JSON, and the language code.
FRAMEWORK_WORDS_JS = """
<script>
(function () {{
  const doc = (window.parent && window.parent.document) || document;
  const win = doc.defaultView || window;
  doc.documentElement.lang = {lang};
  win.__koppelkansenWords = {{exact: {exact}, patterns: {patterns}}};
  if (win.__koppelkansenWordsObserver) {{ win.__koppelkansenWordsSwap(doc.body); return; }}
  const ATTRIBUTES = ["aria-label", "title", "placeholder"];
  function swapText(text) {{
    const words = win.__koppelkansenWords;
    const trimmed = text.trim();
    if (!trimmed) return null;
    if (Object.prototype.hasOwnProperty.call(words.exact, trimmed)) {{
      return text.replace(trimmed, words.exact[trimmed]);
    }}
    for (const [pattern, replacement] of words.patterns) {{
      const re = new RegExp(pattern);
      if (re.test(trimmed)) return text.replace(trimmed, trimmed.replace(re, replacement));
    }}
    return null;
  }}
  function swapElement(el) {{
    for (const name of ATTRIBUTES) {{
      const value = el.getAttribute && el.getAttribute(name);
      if (!value) continue;
      // Only a real change: setting the same value would be a mutation of its own, and so on.
      const swapped = swapText(value);
      if (swapped !== null && swapped !== value) el.setAttribute(name, swapped);
    }}
  }}
  function swap(root) {{
    if (!root) return;
    if (root.nodeType === 3) {{
      if (root.parentElement && root.parentElement.closest('[data-testid="stMarkdownContainer"]')) return;
      const swapped = swapText(root.nodeValue);
      if (swapped !== null && swapped !== root.nodeValue) root.nodeValue = swapped;
      return;
    }}
    if (root.nodeType !== 1) return;
    swapElement(root);
    const walker = doc.createTreeWalker(root, 5);
    let node = walker.nextNode();
    while (node) {{
      if (node.nodeType === 1) swapElement(node);
      else if (!(node.parentElement && node.parentElement.closest('[data-testid="stMarkdownContainer"]'))) {{
        const swapped = swapText(node.nodeValue);
        if (swapped !== null && swapped !== node.nodeValue) node.nodeValue = swapped;
      }}
      node = walker.nextNode();
    }}
  }}
  win.__koppelkansenWordsSwap = swap;
  const observer = new win.MutationObserver((records) => {{
    for (const record of records) {{
      if (record.type === "characterData") swap(record.target);
      else if (record.type === "attributes") swapElement(record.target);
      else for (const node of record.addedNodes) swap(node);
    }}
  }});
  observer.observe(doc.body, {{
    subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES,
  }});
  win.__koppelkansenWordsObserver = observer;
  swap(doc.body);
}})();
</script>
"""

# Streamlit's English words and the catalog key that says each in the page's language.
FRAMEWORK_WORDS: dict[str, str] = {
    "Drag and drop file here": "framework.drop_file",
    "Drag and drop files here": "framework.drop_files",
    "Browse files": "framework.browse",
    "Upload": "framework.upload",
    "Press Enter to apply": "framework.enter_apply",
    "Press Enter to submit form": "framework.enter_submit_form",
    "Press Enter to submit": "framework.enter_submit",
    "No results": "framework.no_results",
    "Choose an option": "framework.choose_option",
    "Choose options": "framework.choose_options",
    "Skip to main content": "framework.skip_main",
    "Clear all": "framework.clear_all",
    "Remove file": "framework.remove_file",
    "Delete file": "framework.remove_file",
}
# The same, for words with a number in them (the upload limit): the catalog key, whose
# ``{size}`` is where the number goes, and Streamlit's English with the number in ``{size}``.
FRAMEWORK_PATTERNS: dict[str, str] = {"framework.limit": "Limit {size} per file"}
# Where the scripts go: a container the stylesheet hides, so it takes no room on the page.
SCRIPTS_KEY = "page_scripts"
SCRIPTS_CSS = f"<style>div.st-key-{SCRIPTS_KEY} {{ display: none; }}</style>"

# Our own fixed stylesheet for every page (no user text goes in here), on top of the
# theme (.streamlit/config.toml), for WCAG 2.1 AA:
# - the small grey texts (captions, the hint under a field, the uploader's limit) are
#   Streamlit's text colour at 60 % opacity, #727A8B on white: 4.3:1, under the 4.5:1
#   that text needs; CAPTION_COLOUR at full opacity is 6.8:1 on white and 6.1:1 on the
#   sidebar's #EEF3F8, and still lighter than the body text, so a caption reads as one;
# - Streamlit marks keyboard focus with a faint glow (or nothing, on some widgets):
#   the element with the focus gets a 3 px outline in the primary colour (6.4:1 on
#   white, 5.7:1 on the sidebar; 3:1 is needed), a little outside it, so it also
#   shows around a button filled with that colour.
CAPTION_COLOUR = "#525B6E"
FOCUS_COLOUR = "#0061A8"
ACCESS_CSS = f"""
<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="InputInstructions"], [data-testid="stFileUploaderDropzoneInstructions"] small {{
  color: {CAPTION_COLOUR} !important;
}}
[data-testid="stCaptionContainer"] {{ opacity: 1 !important; }}
:focus-visible {{ outline: 3px solid {FOCUS_COLOUR} !important; outline-offset: 2px !important; }}
</style>
"""
_REGEX_SPECIAL = set(r"\^$.|?*+()[]{}/")


def _pattern(template: str) -> str:
    """A JavaScript regular expression for a text that starts like ``template``, the
    number in place of ``{size}`` captured as ``$1``."""
    before, _, after = template.partition("{size}")
    escape = lambda part: "".join("\\" + ch if ch in _REGEX_SPECIAL else ch for ch in part)  # noqa: E731
    return "^" + escape(before) + r"(\S+)" + escape(after)


def framework_words(lang: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """What the script puts where: each of Streamlit's words, and each word the other
    language put in its place (a page switched from one language to the other), to the
    catalog's word in ``lang``; and the patterns for the words with a number in them."""
    from ui.catalog import t

    exact: dict[str, str] = {}
    for english, key in FRAMEWORK_WORDS.items():
        for other in ("nl", "en"):
            exact[t(key, other)] = t(key, lang)
        exact[english] = t(key, lang)
    patterns: list[tuple[str, str]] = []
    for key, english in FRAMEWORK_PATTERNS.items():
        to = t(key, lang, size="$1")
        patterns.append((_pattern(english), to))
        for other in ("nl", "en"):
            patterns.append((_pattern(t(key, other, size="{size}")), to))
    return exact, patterns


def _script_json(value: object) -> str:
    """JSON that cannot end the script element it sits in."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def words_script(lang: str) -> str:
    """The script of :data:`FRAMEWORK_WORDS_JS` for ``lang``."""
    exact, patterns = framework_words(lang)
    return FRAMEWORK_WORDS_JS.format(
        lang=json.dumps(lang), exact=_script_json(exact), patterns=_script_json(patterns)
    )


def document_language() -> None:
    """Every run: the page's language on ``<html lang>`` and Streamlit's own words in it."""
    with st.container(key=SCRIPTS_KEY):
        st.html(SCRIPTS_CSS + ACCESS_CSS + words_script(state.lang()), unsafe_allow_javascript=True)


def _stop_presenting() -> None:
    st.session_state["presentation"] = False


def page(title_key: str, intro_key: str | None = None, *, needs_workshop: bool = True) -> Workshop | None:
    """Draw the page title; return the open workshop (or stop with a hint when there is none)."""
    st.html(NARROW_CSS)
    feedback.flush()
    if state.presenting():
        st.html(PRESENTATION_CSS)
        st.html(TALL_CSS)
        # The button keeps its full label; the title takes the rest of the row.
        with st.container(horizontal=True, vertical_alignment="center", gap="medium", wrap=False):
            st.title(tr(title_key))
            st.button(
                tr("layout.stop_presenting"),
                icon=":material/close_fullscreen:",
                on_click=state.on(_stop_presenting),
            )
    else:
        st.title(tr(title_key))
        if intro_key:
            st.caption(tr(intro_key))
    flash = st.session_state.pop(state.FLASH_KEY, None)
    if flash:
        st.error(flash, icon=":material/lock:")
    stored = state.current_stored()
    w = stored.workshop if stored is not None else None
    if w is not None:
        conflict_notice()
        location.results_choice()  # carried in every page's URL, for a reload anywhere
    if needs_workshop and w is None:
        st.info(tr("layout.no_workshop"), icon=":material/info:")
        st.page_link("screens/start.py", label=tr("layout.go_start"), icon=":material/home:")
        st.stop()
    if stored is not None and not state.unlocked(stored.id):
        access_panel.pin_gate(stored.id, stored.workshop.name)
        st.stop()
    if stored is not None:
        state.remember_rendered(stored)
        if not state.presenting():
            access_panel.open_notice(stored.id)
            undo_button()
    return w


def conflict_notice() -> None:
    """A save refused because someone else changed the same fields: the message, and
    what the user entered in each, as plain text to copy back. Shown until dismissed,
    so it survives the next click on the page."""
    notice = state.conflict_notice()
    if notice is None:
        return
    st.error(md(notice.message), icon=":material/sync_problem:")
    if notice.refused:
        with st.container(border=True, key="conflict_refused"):
            st.caption(tr("merge.yours"))
            for refused in notice.refused:
                st.markdown(f"**{md(refused.field)}**")
                st.code(refused.value, language=None, wrap_lines=True)
    st.button(
        tr("merge.dismiss"),
        icon=":material/check:",
        on_click=state.on(state.dismiss_conflict),
        key="conflict_ok",
    )


def undo_button() -> None:
    """Always in its place, and disabled while there is nothing to undo: a button that
    appeared after the first save would push the page down under the user's pointer."""
    st.button(
        tr("layout.undo"),
        icon=":material/undo:",
        on_click=state.on(state.undo),
        key="undo",
        disabled=not state.can_undo(),
        help=None if state.can_undo() else tr("layout.nothing_to_undo"),
    )


def how_it_works(text_key: str) -> None:
    """The methods' own words (bootstrap, TOPSIS, ...) folded away, so the page itself speaks plainly."""
    with st.expander(tr("howto.title"), icon=":material/help:"):
        st.markdown(tr(text_key))
