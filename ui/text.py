"""Putting user text into Markdown without it ever being read as markup.

Streamlit renders Markdown (and its own ``:color[...]``, ``:material/...:`` and
``$…$`` extensions). A koppelkans called ``**<b>Riool</b>**`` must appear
exactly as typed, so every ASCII punctuation character is backslash-escaped,
which CommonMark defines as "show this character literally".
"""

from __future__ import annotations

import string

_PUNCTUATION = set(string.punctuation)


def md(text: object) -> str:
    """User text made literal for ``st.markdown`` (line breaks kept as breaks)."""
    escaped = "".join("\\" + ch if ch in _PUNCTUATION else ch for ch in str(text))
    return escaped.replace("\r\n", "\n").replace("\n", "  \n")


def unique_labels(labels: dict[str, str]) -> dict[str, str]:
    """Streamlit maps a picked option back by its label, so equal labels (two copies
    of the example) would open the wrong workshop: add the code where names clash."""
    seen: dict[str, int] = {}
    for label in labels.values():
        seen[label] = seen.get(label, 0) + 1
    return {wid: f"{label} ({wid[:6]})" if seen[label] > 1 else label for wid, label in labels.items()}
