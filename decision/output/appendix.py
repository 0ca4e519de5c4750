"""The "Bijlage koppelkansen voor het wijkuitvoeringsplan": one printable HTML document.

What a team adds to its wijkuitvoeringsplan once the koppelkansen are worked out: the
package it goes for (as the report names it, :func:`decision.domain.packages.team_package`),
one fiche per koppelkans in work, with what is still missing, and the koppelkansen not
chosen with the reason residents and partners are owed. The document needs nothing
beside itself (no scripts, no fonts, no images) and prints on A4: a fiche is never split
over two pages when it fits on one.

Everything the team typed is escaped with :func:`html.escape`; the catalog's own texts
are escaped too, as a placeholder in them can hold a name.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from decision.domain.fiche import funding_summary, missing_labels
from decision.domain.model import Fiche, Koppelkans, Status, Workshop
from decision.domain.packages import team_package
from decision.domain.route import in_work
from decision.text.formatting import date, money, money_range
from decision.text.i18n import t

STYLE = """
@page { size: A4; margin: 20mm 18mm 22mm 18mm; }
body { font-family: "Source Sans", "Source Sans Pro", Arial, Helvetica, sans-serif;
       font-size: 11pt; line-height: 1.4; color: #1f2328; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 20pt; margin: 0 0 4mm; }
h2 { font-size: 15pt; margin: 8mm 0 3mm; border-bottom: 1px solid #8c959f; }
h3 { font-size: 13pt; margin: 0 0 2mm; }
h4 { font-size: 11pt; margin: 3mm 0 1mm; }
.fiche { border: 1px solid #8c959f; border-radius: 2mm; padding: 4mm 5mm; margin: 0 0 5mm;
         page-break-inside: avoid; break-inside: avoid; }
.status { font-weight: normal; font-size: 10pt; color: #57606a; }
.missing { color: #a40e26; font-weight: bold; }
.complete { color: #1a7f37; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm; }
th, td { border: 1px solid #d0d7de; padding: 1mm 2mm; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
dl { display: grid; grid-template-columns: 42mm 1fr; gap: 1mm 4mm; margin: 0 0 2mm; }
dt { font-weight: bold; }
dd { margin: 0; }
.not-chosen li { page-break-inside: avoid; break-inside: avoid; }
@media print { a { color: inherit; text-decoration: none; } }
"""


def _tx(key: str, lang: str, **params: object) -> str:
    return escape(t(f"appendix.{key}", lang, **params))


def _or_unset(text: str, lang: str) -> str:
    return escape(text) if text.strip() else f"<em>{_tx('not_set', lang)}</em>"


def _day(d: dt.date | None, lang: str) -> str:
    return escape(date(d, lang)) if d is not None else ""


def _table(heads: list[str], rows: list[list[str]]) -> str:
    """A table of cells that are HTML already (each escaped where it was made)."""
    head = "".join(f"<th>{h}</th>" for h in heads)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _funding(f: Fiche, lang: str) -> str:
    if not f.funding:
        return f"<p><em>{_tx('not_set', lang)}</em></p>"
    rows = [
        [
            escape(line.source),
            escape(money(line.amount, lang, cents=False)) if line.amount is not None else "",
            _tx(f"state.{line.state.value}", lang),
        ]
        for line in f.funding
    ]
    heads = [_tx(f"col_{c}", lang) for c in ("source", "amount", "state")]
    s = funding_summary(f)
    sums = _tx(
        "funding_total",
        lang,
        total=money(s.total, lang, cents=False),
        committed=money(s.committed, lang, cents=False),
        to_arrange=money(s.to_arrange, lang, cents=False),
    )
    unknown = f" {_tx('funding_unknown', lang, n=s.unknown)}" if s.unknown else ""
    return _table(heads, rows) + f"<p>{sums}{unknown}</p>"


def _rows_or_unset(heads: list[str], rows: list[list[str]], lang: str) -> str:
    return _table(heads, rows) if rows else f"<p><em>{_tx('not_set', lang)}</em></p>"


def _residents(f: Fiche, lang: str) -> str:
    moment = escape(f.participation_moment)
    if f.participation_date is not None:
        moment = (
            f"{moment} ({_day(f.participation_date, lang)})" if moment else _day(f.participation_date, lang)
        )
    if f.participation_level is not None:
        level = _tx(f"level.{f.participation_level.value}", lang)
        moment = f"{moment} — {level}" if moment else level
    items = [
        ("resident_summary", _or_unset(f.resident_summary, lang)),
        ("location", _or_unset(f.location, lang)),
        ("resident_effect", _or_unset(f.resident_effect, lang)),
        ("participation", moment or f"<em>{_tx('not_set', lang)}</em>"),
    ]
    body = "".join(f"<dt>{_tx(key, lang)}</dt><dd>{value}</dd>" for key, value in items)
    return f"<h4>{_tx('residents', lang)}</h4><dl>{body}</dl>"


def fiche_html(k: Koppelkans, lang: str = "nl") -> str:
    """One koppelkans's fiche as a block that stays on one page."""
    f = k.fiche
    status = escape(t(f"log.status.{k.status.value}", lang))
    missing = missing_labels(k, lang)
    if missing:
        state = f'<p class="missing">{_tx("missing", lang, fields=", ".join(missing))}</p>'
    else:
        state = f'<p class="complete">{_tx("complete", lang)}</p>'
    facts = [
        ("lead", _or_unset(k.lead, lang)),
        ("cost_bearer", _or_unset(f.cost_bearer, lang)),
        ("consequences", _or_unset(f.consequences, lang)),
    ]
    dl = "".join(f"<dt>{_tx(key, lang)}</dt><dd>{value}</dd>" for key, value in facts)
    conditions = [c for c in f.conditions if c.strip()]
    conditions_html = (
        "<ul>" + "".join(f"<li>{escape(c)}</li>" for c in conditions) + "</ul>"
        if conditions
        else f"<p><em>{_tx('not_set', lang)}</em></p>"
    )
    consultations = _rows_or_unset(
        [_tx(f"col_{c}", lang) for c in ("domain", "person", "date", "outcome")],
        [
            [escape(c.domain), escape(c.person), _day(c.date, lang), escape(c.outcome)]
            for c in f.consultations
        ],
        lang,
    )
    milestones = _rows_or_unset(
        [_tx(f"col_{c}", lang) for c in ("milestone", "date")],
        [[escape(m.name), _day(m.date, lang)] for m in sorted(f.milestones, key=lambda m: m.date)],
        lang,
    )
    steps = _rows_or_unset(
        [_tx(f"col_{c}", lang) for c in ("action", "owner", "due", "state")],
        [
            [escape(s.action), escape(s.owner), _day(s.due, lang), _tx("done", lang) if s.done else ""]
            for s in f.next_steps
        ],
        lang,
    )
    return "\n".join(
        [
            f'<section class="fiche" id="fiche-{escape(k.id)}">',
            f'<h3>{escape(k.id)} {escape(k.name)} <span class="status">· {status}</span></h3>',
            state,
            f"<dl>{dl}</dl>",
            f"<h4>{_tx('funding', lang)}</h4>",
            _funding(f, lang),
            f"<h4>{_tx('conditions', lang)}</h4>",
            conditions_html,
            f"<h4>{_tx('consultations', lang)}</h4>",
            consultations,
            f"<h4>{_tx('milestones', lang)}</h4>",
            milestones,
            f"<h4>{_tx('next_steps', lang)}</h4>",
            steps,
            _residents(f, lang),
            "</section>",
        ]
    )


def _package(w: Workshop, lang: str) -> str:
    _, members = team_package(w)
    if not members:
        return f"<p>{_tx('package_none', lang)}</p>"
    items = []
    for kid in members:
        k = w.kans(kid)
        cost = f" — {escape(money_range(k.extra_cost, lang))}" if k.extra_cost is not None else ""
        status = escape(t(f"log.status.{k.status.value}", lang))
        items.append(f"<li>{escape(k.id)} {escape(k.name)} ({status}){cost}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def _not_chosen(w: Workshop, lang: str) -> str:
    out = [k for k in w.kansen if k.status is Status.NOT_CHOSEN]
    if not out:
        return f"<p>{_tx('not_chosen_none', lang)}</p>"
    items = []
    for k in out:
        why = (
            escape(k.motivation)
            if k.motivation.strip()
            else f'<span class="missing">{_tx("motivation_missing", lang)}</span>'
        )
        items.append(f"<li><strong>{escape(k.id)} {escape(k.name)}</strong>: {why}</li>")
    return '<ul class="not-chosen">' + "".join(items) + "</ul>"


def appendix_html(w: Workshop, lang: str = "nl", *, generated: dt.date | None = None) -> str:
    """The bijlage as one self-contained HTML document (see the module's docstring)."""
    day = generated or dt.date.today()
    kansen = [k for k in w.kansen if in_work(k.status)]
    fiches = "\n".join(fiche_html(k, lang) for k in kansen) or f"<p>{_tx('fiches_none', lang)}</p>"
    title = _tx("title", lang)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{escape(lang)}">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{title} — {escape(w.name)}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            f"<h1>{title}</h1>",
            f"<p>{_tx('intro', lang, name=w.name, date=date(day, lang))}</p>",
            f'<section id="pakket"><h2>{_tx("package", lang)}</h2>{_package(w, lang)}</section>',
            f'<section id="fiches"><h2>{_tx("fiches", lang)}</h2>\n{fiches}</section>',
            f'<section id="niet-gekozen"><h2>{_tx("not_chosen", lang)}</h2>{_not_chosen(w, lang)}</section>',
            "</body>",
            "</html>",
            "",
        ]
    )
