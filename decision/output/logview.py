"""The besluitlog as a table a person reads: when, who, what kind, what happened.

"Who" is the name the store recorded with the entry: a participant's current name
for their own writes, the name a facilitator gave when unlocking, or the server's
administrator. A facilitator who gave no name is recorded without one ("") and
shown by role in the reader's language ("begeleider", "facilitator"), never as
nothing. Older versions of the app stored the Dutch word "begeleider" then; such
entries read the same way, and so does the administrator's role word, in either
language. Attempts by whoever was at the keyboard (a wrong PIN) read "onbekende
bezoeker": nobody was signed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from decision.domain.changelog import KANS_FIELDS, LogEntry
from decision.domain.model import Workshop
from decision.domain.progress import participant_name
from decision.text import formatting
from decision.text.i18n import t

LOCAL_TIME: dt.tzinfo
try:  # Dutch local time; the tzdata package supplies the zone where the system has none
    from zoneinfo import ZoneInfo

    LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
except Exception:  # noqa: BLE001 - any failure to load zone data means: no local time
    LOCAL_TIME = dt.UTC

KINDS = {
    "score": "score", "joined": "participants", "participant_added": "participants",
    "participant_removed": "participants", "participant_changed": "participants",
    "round_opened": "round", "round_closed": "round", "round_reopened": "round", "show_individual": "round",
    "ask_weights": "round", "points_given": "weights",
    "decision": "decision", "motivation": "decision", "weight": "weights", "weight_method": "weights",
    "pin_set": "access", "pin_failed": "access", "pin_refused": "access", "write_refused": "access",
    "link_made": "access", "grant_operator": "access", "cell_note": "note",
    "relation_added": "relations", "relation_removed": "relations", "relation_changed": "relations",
    "package": "relations", "group_weighting": "weights", "group_weights": "weights",
}  # fmt: skip
FIELD_ATTRS = {label: attr for attr, label in KANS_FIELDS}  # extra_kosten -> extra_cost
# Attempts made by whoever was at the keyboard: nobody is signed in, so they are not the facilitator's.
UNSIGNED_ACTIONS = ("pin_failed", "pin_refused", "write_refused")
# What the app recorded as the actor when a facilitator gave no name: a role, not a name.
UNNAMED_ACTORS = frozenset({"", t("log.facilitator", "nl"), t("log.facilitator", "en")})
# The role word the command line records for the server's administrator, in either language.
OPERATOR_ACTORS = frozenset({t("cli.operator", "nl"), t("cli.operator", "en")})


def actor_name(entry: LogEntry, w: Workshop, lang: str = "nl") -> str:
    """Who made the entry, as a person reads it; a role in ``lang`` when no name is known."""
    actor = entry.actor.strip()
    people = {p.id: participant_name(p, lang).strip() for p in w.participants}
    if actor in people:
        return people[actor] or t("log.anonymous", lang, id=actor)
    if actor in OPERATOR_ACTORS:
        return t("cli.operator", lang)
    if actor not in UNNAMED_ACTORS:
        return actor
    return t("log.unsigned" if entry.action in UNSIGNED_ACTIONS else "log.facilitator", lang)


def _value(state: str, value, lang: str) -> str:
    if state == "absent":
        return t("log.value.absent", lang)
    if state == "unknown":
        return t("log.value.unknown", lang)
    return f"{value:g}"


def _share(value, lang: str) -> str:
    """A weight's share in the log: a whole percentage, as the screens show it.

    Entries written before the log used whole percentages hold one decimal
    (42.9); they are shown as written, in the language's own notation (42,9).
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return formatting.number(value, lang, digits=0 if float(value).is_integer() else 1)


def describe(entry: LogEntry, w: Workshop, lang: str = "nl") -> str:
    """One sentence for one log entry, with the names as they are now."""
    d = dict(entry.detail)
    people = {p.id: participant_name(p, lang) or t("log.anonymous", lang, id=p.id) for p in w.participants}
    kansen = {k.id: k.name for k in w.kansen}
    labels = {c.id: c.label.get(lang) for c in w.criteria}
    if entry.action == "score":
        d["participant"] = people.get(d["participant"], d["participant"])
        d["kans"] = kansen.get(d["kans"], d["kans"])
        d["criterion"] = labels.get(d["criterion"], d["criterion"])
        d["old"] = _value(d["old_state"], d["old"], lang)
        d["new"] = _value(d["new_state"], d["new"], lang)
    action = entry.action
    if action == "decision" and d.get("old") == d.get("new"):
        # an entry of an older version for a new motivation under the same status
        action, d["status"] = "motivation", d["new"]
    if action in ("decision", "motivation"):
        d["motivation"] = d.get("motivation") or t("log.value.absent", lang)
    if action == "decision":
        d["old"] = t(f"log.status.{d['old']}", lang)
        d["new"] = t(f"log.status.{d['new']}", lang)
    if action == "motivation":
        d["status"] = t(f"log.status.{d['status']}", lang)
    if action == "weight":
        d["old"], d["new"] = _share(d.get("old"), lang), _share(d.get("new"), lang)
    if entry.action == "cell_note":
        d["kans"] = kansen.get(d["kans"], d["kans"])
        d["criterion"] = labels.get(d["criterion"], d["criterion"])
        if not d.get("note"):
            action = "cell_note_removed"
    if action == "moment_window":
        for end in ("old_from", "old_to", "new_from", "new_to"):
            d[end] = _share(d.get(end), lang)  # years, shown as a share is: 1,5 in Dutch
    if action == "group_weighting":
        d["old"] = t(f"log.group_weighting.{d.get('old')}", lang)
        d["new"] = t(f"log.group_weighting.{d.get('new')}", lang)
    if action == "group_weights":
        groups = {g.id: g.label.get(lang) for g in w.groups}
        d["groups"] = ", ".join(groups.get(g, g) for g in d.get("groups", []))
    if entry.action == "kans_changed":
        # stored as the file's words (extra_kosten); shown in the reader's language
        fields = d.get("fields", [])
        d["fields"] = ", ".join(
            t(f"merge.field.kans.{FIELD_ATTRS[f]}", lang) if f in FIELD_ATTRS else f for f in fields
        )
    if action in ("relation_added", "relation_removed", "relation_changed"):
        names = {
            key: f"{d.get(key)} {kansen[d[key]]}" if d.get(key) in kansen else d.get(key)
            for key in ("source", "target")
        }
        d["relation"] = t(f"log.relation.{d.get('kind')}", lang, **names)
        d["note"] = f". {d['note']}" if d.get("note") else ""  # "K01 ... K02. De sleuf ..." or nothing
    if action in ("kans_flag_set", "kans_flag_cleared"):
        d["flag"] = t(f"log.flag.{d.get('flag')}", lang)
    if action == "package":
        d["fields"] = ", ".join(t(f"merge.field.package.{f}", lang) for f in d.get("fields", []))
    if entry.action == "write_refused":
        d["operation"] = t(f"log.operation.{d.get('operation', 'save')}", lang)
    if entry.action == "show_individual":
        d["show"] = t("value.yes" if d.get("show") else "value.no", lang)
    if entry.action == "groups":
        d["groups"] = ", ".join(d.get("groups", []))
    if entry.action == "ask_weights":
        d["ask"] = t("value.yes" if d.get("ask") else "value.no", lang)
    if entry.action == "points_given":
        d["participant"] = actor_name(entry, w, lang)
    return t(f"log.action.{action}", lang, **d)


def log_frame(entries: Sequence[LogEntry], w: Workshop, lang: str = "nl") -> pd.DataFrame:
    """The entries as the Besluitlog page and its download show them, one row each."""
    rows = []
    for e in entries:
        moment = dt.datetime.fromisoformat(e.at).astimezone(LOCAL_TIME)
        rows.append(
            {
                t("log.col_when", lang): moment.strftime("%d-%m-%Y %H:%M:%S"),
                t("log.col_who", lang): actor_name(e, w, lang),
                t("log.col_kind", lang): t(f"log.kind.{KINDS.get(e.action, 'setup')}", lang),
                t("log.col_what", lang): describe(e, w, lang),
            }
        )
    columns = [t(f"log.col_{c}", lang) for c in ("when", "who", "kind", "what")]
    return pd.DataFrame(rows, columns=columns)
