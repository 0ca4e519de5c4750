"""The bewonersversie: a letter for residents about what the wijkaanpak is going to do.

:func:`residents_html` returns one self-contained HTML page that prints on at most two
A4 pages. It speaks plain language (B1) and addresses the reader with *u* or *je* as the
workshop's report settings say. It tells what the team did, what it chose (or, before a
choice, what it proposes, named a proposal), where and when, what residents will notice,
where they can have their say, what the team does not do and why, and whom to contact.
It never shows a score, a criterion or the name of a method: residents read what will
happen, not how it was weighed.

The letter is built as a list of plain-text blocks first and only then turned into
HTML, so :func:`residents_b1_flags` checks exactly the sentences the letter shows,
the team's own texts included, before anyone downloads it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from decision.domain.model import Address, Koppelkans, Status, Workshop
from decision.domain.route import is_chosen
from decision.text.formatting import date as format_date
from decision.text.i18n import t
from decision.text.plain_language import B1Flag, check_b1

# Before the stuurgroep chose, the letter shows what is on its way to a choice, as a proposal.
PROPOSAL_STATUSES = (Status.PROPOSED, Status.PRIORITISED)


@dataclass(frozen=True)
class Block:
    """One piece of the letter: its kind (how it is shown) and its plain, unescaped text."""

    kind: str  # kicker, title, date, p, h2, h3, q (a question), a (its answer), li, contact
    text: str
    tag: str = ""  # a small label after a heading ("voorstel")


class _Letter:
    def __init__(self, w: Workshop, lang: str, generated: dt.date) -> None:
        self.w = w
        self.lang = "en" if lang == "en" else "nl"
        self.address = w.reports.address.value if isinstance(w.reports.address, Address) else "u"
        self.generated = generated
        self.wijk = w.neighbourhood.strip() or w.name.strip()

    def p(self, key: str, /, **params: object) -> str:
        """A phrase of the letter in the reader's language and the workshop's form of address."""
        return t(f"residents.{key}.{self.address}", self.lang, **params)

    def blocks(self) -> list[Block]:
        out = [
            Block("kicker", self.p("kicker")),
            Block("title", self.p("title", wijk=self.wijk)),
            Block("date", self.p("date", date=format_date(self.generated, self.lang))),
            Block("p", self.p("greeting")),
            Block("p", self.p("opening", wijk=self.wijk)),
        ]
        chosen = [k for k in self.w.kansen if is_chosen(k.status)]
        proposal = [k for k in self.w.kansen if k.status in PROPOSAL_STATUSES]
        if chosen:
            out.append(Block("h2", self.p("chosen_title")))
            for k in chosen:
                out += self.kans(k, tag="")
        elif proposal:
            out.append(Block("h2", self.p("proposal_title")))
            out.append(Block("p", self.p("proposal_intro")))
            for k in proposal:
                out += self.kans(k, tag=self.p("proposal_tag"))
        else:
            out.append(Block("p", self.p("nothing_yet")))
        dropped = [k for k in self.w.kansen if k.status is Status.NOT_CHOSEN]
        if dropped:
            out.append(Block("h2", self.p("not_title")))
            out.append(Block("p", self.p("not_intro")))
            for k in dropped:
                line = self.p("not_line", name=k.name, motivation=k.motivation.strip())
                out.append(Block("li", line if k.motivation.strip() else k.name))
        out.append(Block("h2", self.p("contact_title")))
        if self.w.reports.contact.strip():
            out.append(Block("p", self.p("contact_intro")))
            out.append(Block("contact", self.w.reports.contact.strip()))
        else:
            out.append(Block("p", self.p("contact_missing")))
        out.append(Block("p", self.p("closing")))
        out.append(Block("p", self.p("signature", wijk=self.wijk)))
        return out

    def kans(self, k: Koppelkans, tag: str) -> list[Block]:
        f = k.fiche
        out = [Block("h3", k.name, tag)]
        what = f.resident_summary.strip() or k.description.strip()
        if what:
            out += [Block("q", self.p("q_what")), Block("a", what)]
        if f.location.strip():
            out += [Block("q", self.p("q_where")), Block("a", f.location.strip())]
        out += [Block("q", self.p("q_when")), Block("a", self.when(k))]
        if f.resident_effect.strip():
            out += [Block("q", self.p("q_effect")), Block("a", f.resident_effect.strip())]
        out += [Block("q", self.p("q_participate")), Block("a", self.participation(k))]
        return out

    def when(self, k: Koppelkans) -> str:
        """The start: the planned works it joins, and their start year when known."""
        if k.project is None or not k.project.name.strip():
            return self.p("when_unknown")
        if k.project.start_year is None:
            return self.p("when_project", project=k.project.name.strip())
        return self.p("when_year", year=k.project.start_year, project=k.project.name.strip())

    def participation(self, k: Koppelkans) -> str:
        f = k.fiche
        parts = []
        if f.participation_moment.strip():
            moment = f.participation_moment.strip()
            parts.append(moment if moment[-1] in ".!?" else moment + ".")
        if f.participation_date is not None:
            parts.append(self.p("participate_date", date=format_date(f.participation_date, self.lang)))
        if f.participation_level is not None:
            parts.append(self.p(f"level_{f.participation_level.value}"))
        return " ".join(parts) or self.p("participate_unknown")


CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 12pt;
  line-height: 1.4; color: #1a1a1a; background: #ffffff; max-width: 44rem; margin: 0 auto; padding: 1.5rem; }
.kicker { text-transform: uppercase; letter-spacing: .05em; font-size: 10pt; color: #444444; margin: 0; }
h1 { font-size: 18pt; margin: .1rem 0 .2rem; line-height: 1.2; }
.date { color: #333333; margin: 0 0 .8rem; }
header { border-bottom: 3px solid #0072B2; margin-bottom: .8rem; }
h2 { font-size: 14pt; margin: 1.1rem 0 .4rem; border-bottom: 1px solid #0072B2; padding-bottom: .1rem;
  break-after: avoid; page-break-after: avoid; }
p { margin: .25rem 0 .5rem; }
.plan { border-left: 5px solid #0072B2; padding: .1rem 0 .1rem .8rem; margin: .7rem 0;
  break-inside: avoid; page-break-inside: avoid; }
.plan h3 { font-size: 12.5pt; margin: 0 0 .3rem; }
.plan dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: 0; }
.plan dt { font-weight: 600; }
.plan dd { margin: 0; }
.tag { display: inline-block; border: 1px solid #333333; border-radius: 3px; padding: 0 .35rem;
  font-size: 9.5pt; font-weight: normal; margin-left: .4rem; white-space: nowrap; }
ul { margin: .2rem 0 .5rem 1.2rem; padding: 0; }
li { margin: .1rem 0; break-inside: avoid; page-break-inside: avoid; }
.contact { border: 1px solid #8c8c8c; padding: .4rem .7rem; margin: .3rem 0 .8rem; }
@page { size: A4; margin: 18mm 20mm; }
@media print {
  body { font-size: 11pt; max-width: none; margin: 0; padding: 0; }
  .plan, .contact { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""


def _html(blocks: list[Block], lang: str) -> str:
    """The blocks as one HTML page; every text is escaped here, whoever wrote it."""
    body: list[str] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        text = escape(b.text)
        if b.kind == "kicker":
            body.append(f'<header>\n<p class="kicker">{text}</p>')
        elif b.kind == "title":
            body.append(f"<h1>{text}</h1>")
        elif b.kind == "date":
            body.append(f'<p class="date">{text}</p>\n</header>\n<main>')
        elif b.kind == "h2":
            body.append(f"<h2>{text}</h2>")
        elif b.kind == "h3":
            tag = f' <span class="tag">{escape(b.tag)}</span>' if b.tag else ""
            rows = []
            i += 1
            while i < len(blocks) and blocks[i].kind in ("q", "a"):
                rows.append(f"<{'dt' if blocks[i].kind == 'q' else 'dd'}>{escape(blocks[i].text)}")
                rows[-1] += "</dt>" if blocks[i].kind == "q" else "</dd>"
                i += 1
            body.append(f'<section class="plan">\n<h3>{text}{tag}</h3>\n<dl>{"".join(rows)}</dl>\n</section>')
            continue
        elif b.kind == "li":
            items = []
            while i < len(blocks) and blocks[i].kind == "li":
                items.append(f"<li>{escape(blocks[i].text)}</li>")
                i += 1
            body.append("<ul>" + "".join(items) + "</ul>")
            continue
        elif b.kind == "contact":
            # the contact as typed, one line per line (a name, a phone number, an address)
            body.append(
                '<p class="contact">' + "<br>".join(escape(line) for line in b.text.splitlines()) + "</p>"
            )
        else:
            body.append(f"<p>{text}</p>")
        i += 1
    title = escape(blocks[1].text)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def residents_html(w: Workshop, lang: str = "nl", *, generated: dt.date | None = None) -> str:
    """The letter for residents as one self-contained HTML page, in Dutch or English."""
    lang = "en" if lang == "en" else "nl"
    return _html(_Letter(w, lang, generated or dt.date.today()).blocks(), lang)


def residents_b1_flags(w: Workshop, lang: str = "nl") -> tuple[B1Flag, ...]:
    """The B1 flags of the letter's own sentences: too long, or a word residents may not know.

    Each block is checked on its own (a heading is no part of the sentence under it); a
    sentence the letter shows twice is flagged once.
    """
    seen: set[tuple[str, str]] = set()
    flags: list[B1Flag] = []
    for block in _Letter(w, lang, dt.date.today()).blocks():
        for flag in check_b1(block.text):
            if (flag.kind, flag.text.lower()) not in seen:
                seen.add((flag.kind, flag.text.lower()))
                flags.append(flag)
    return tuple(flags)
