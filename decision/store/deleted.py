"""What a deleted workshop leaves behind: its workshop file, in a ``verwijderd`` folder next to the data.

Deleting a workshop removes it from the app for good, but a slip on a busy evening
must not cost a team its work. Before the rows go, the workshop as stored (criteria,
koppelkansen, participants, scores, motivations) is written as an ordinary workshop
file, which "Workshopbestand openen" on Start reads back in. The besluitlog is not
part of that file and goes with the workshop.

The file's name is made of the moment, a tidied form of the workshop's name and its
id: never the name as typed, so no name can point the file elsewhere.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from pathlib import Path

from decision.domain.model import Workshop
from decision.errors import StorageFault
from decision.files.workshop_file import dump_workshop

FOLDER_NAME = "verwijderd"
_SLUG_CHARS = re.compile(r"[^a-z0-9]+")
SLUG_LENGTH = 40


def deleted_folder(database_path: str | os.PathLike[str]) -> Path:
    """Where the files of deleted workshops go: a ``verwijderd`` folder beside the database file."""
    return Path(database_path).expanduser().resolve().parent / FOLDER_NAME


def _slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return _SLUG_CHARS.sub("-", plain).strip("-")[:SLUG_LENGTH].strip("-") or "workshop"


def export_path(folder: Path, workshop_id: str, name: str, when: dt.datetime) -> Path:
    """The file a workshop deleted at ``when`` is kept in (inside ``folder``, whatever the name)."""
    safe_id = re.sub(r"[^A-Za-z0-9_-]", "", workshop_id)[:40] or "workshop"
    return folder / f"{when:%Y%m%d-%H%M%S}-{_slug(name)}-{safe_id}.yaml"


def keep_export(folder: Path, workshop_id: str, w: Workshop, when: dt.datetime | None = None) -> Path:
    """Write the workshop file of a workshop about to be deleted; its path.

    Written completely (to a hidden file first, then renamed) before the delete goes
    ahead; when it cannot be written the delete is refused with
    :class:`~decision.errors.StorageFault`, so nothing is lost.
    """
    target = export_path(folder, workshop_id, w.name, when or dt.datetime.now())
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp.write_text(dump_workshop(w), encoding="utf-8")
        os.chmod(tmp, 0o600)  # the file holds who scored what: only the server's own user reads it
        tmp.replace(target)
    except OSError as err:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:  # the folder itself is what failed: there is no half file in it
            pass
        raise StorageFault("deleted_export_failed", folder=str(folder)) from err
    return target
