"""How large an uploaded file may be: every cap on files, in one place.

A workshop file or a CSV list comes from anyone who can open the Start page, so
each cap bounds the work (time and memory) one upload can cost the server. The
caps are measured against real use, with ample headroom:

- The shipped example (``data/kastanjehof.yaml``: 14 koppelkansen, 7 participants,
  5 criteria) is 26 KB and 2,337 YAML nodes, nested 6 deep (the texts of an
  ordinal scale: criteria, criterion, schaal, ankers, level, nl/en).
- A maximal realistic workshop (60 koppelkansen with long descriptions,
  40 participants, 10 criteria, every score filled in) is about 0.45 MB and
  58,000 YAML nodes, nested no deeper than the example.
- A CSV row of one koppelkans with every column filled in is 0.2–1 KB; a wijk
  has tens of koppelkansen.

``server.maxUploadSize`` in ``.streamlit/config.toml`` is :data:`MAX_UPLOAD_MB`,
so Streamlit itself refuses anything larger than the largest cap; a test keeps
the two in step.
"""

from __future__ import annotations

import math

from decision.errors import FileFormatError

MEGABYTE = 1024 * 1024  # Streamlit's "MB" (server.maxUploadSize) is this too

MAX_WORKSHOP_MB = 2
MAX_CSV_MB = 1
MAX_WORKSHOP_BYTES = MAX_WORKSHOP_MB * MEGABYTE  # ~4x the maximal realistic workshop
MAX_CSV_BYTES = MAX_CSV_MB * MEGABYTE  # 500 rows of 2 KB each
MAX_UPLOAD_MB = max(MAX_WORKSHOP_MB, MAX_CSV_MB)

MAX_CSV_ROWS = 500  # koppelkansen in one CSV list; a wijk has tens

MAX_CSV_COLUMNS = 200  # columns with a header; a team's inventory sheet has tens

MAX_PARTICIPANTS = 200  # in one workshop, by a list import: the maximal realistic workshop has 40

# YAML structure, counted on the parser's events before anything is built
MAX_YAML_DEPTH = 20  # nested mappings and lists; real files need 6
MAX_YAML_NODES = 200_000  # scalars, mappings and lists; ~3.5x the maximal workshop

# The length of one text, in characters, in a workshop file, a criteria set or a CSV
# list. Within the size caps one field could otherwise hold 2 MB, which every page
# then shows (a workshop name is on every page, sent to every phone in a round).
# The app's own forms stay well inside these (a name field takes 120 or 160).
MAX_ID_CHARS = 64  # an id: K01, wensen, deelnemer-07
MAX_NAME_CHARS = 300  # a name or label, shown on one line: the longest shipped is 66
MAX_TEXT_CHARS = 10_000  # a description, goal, anchor text or list entry: some 3 pages; shipped 429

# weging.invoer: what the weight editors remember (ids, method codes, numbers); the
# pairwise judgements of 20 criteria are 190 values, their percentages 20 more
MAX_WEIGHT_INPUT_VALUES = 1_000

# the items of one list of a koppelkans (beleidsdomeinen, partijen, kansen, risico's,
# ambitie), each shown as a line of its card: the example has at most 5
MAX_LIST_ITEMS = 100

MAX_SHOWN_CHARS = 80  # a value from a file quoted in a message is cut to this


def check_size(raw: bytes, file: str, limit_mb: int) -> None:
    """Refuse raw bytes above ``limit_mb`` megabytes, before anything decodes them."""
    if len(raw) > limit_mb * MEGABYTE:
        raise FileFormatError(
            file, "", "too_large", size=f"{math.ceil(len(raw) / 1024)} KB", limit=f"{limit_mb} MB"
        )
