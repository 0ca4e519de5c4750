"""The ``koppelkansen`` command line.

    koppelkansen rank WORKSHOP.yaml [--method wsm|topsis] [--aggregation mean|median]
                      [--top K] [--format table|csv|json] [--international] [--lang nl|en]
                      [--today YYYY-MM-DD]
    koppelkansen validate FILE [--lang nl|en]
    koppelkansen serve [--db ADDRESS] [--port N] [--address A] [--public-url URL]
    koppelkansen facilitator-link [WORKSHOP_ID] [--db ADDRESS] [--public-url URL]
    koppelkansen migrate-store FROM TO [--workshop ID ...] [--lang nl|en] [-- ID ...]

``facilitator-link`` is the server operator's way in: whoever can run it holds the
database anyway. Without an id it lists the workshops; with one it makes a new
facilitator link (the previous one stops working) and prints it. An id made by an
older version may start with ``-``; put ``--`` before it.

``migrate-store`` copies workshops with everything of them (rounds, participants'
sessions, the besluitlog, the PIN) from one store to another, say from a laptop's
file to the server's database, and counts the rows again in the target. Without
ids it copies all; ``--workshop ID`` (one or more), or ids at the end after ``--``
(``migrate-store FROM TO -- -Fbx75MP2xC``: an older id may start with ``-``), or
``--workshop=-Fbx75MP2xC`` copies only those. The source is left as
it was: the operator archives or deletes the workshops there.

Bad input gives one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from collections.abc import Sequence

from decision.core.aggregation import AGGREGATIONS
from decision.core.methods import DEFAULT_METHOD, METHODS
from decision.domain.analysis import rank_workshop
from decision.domain.moment import classify, start_year
from decision.domain.sheets import basis_statement
from decision.errors import DecisionError, FileFormatError
from decision.files.csv_export import DUTCH, INTERNATIONAL, ranking_frame, to_csv
from decision.files.reader import Node, parse_yaml, read_text, type_name
from decision.text.i18n import t

EXIT_BAD_INPUT = 2


def _number(x: float, lang: str, digits: int = 3) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = f"{x:.{digits}f}"
    return text.replace(".", ",") if lang == "nl" else text


def _table_text(rows: list[list[str]], right: set[int]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _rank(args: argparse.Namespace) -> int:
    from decision.files.workshop_file import load_workshop

    lang = args.lang
    today = args.today or dt.date.today()
    w = load_workshop(args.workshop)
    ranking = rank_workshop(w, method=args.method, aggregation=args.aggregation)
    tbl = ranking.table
    if args.top is not None:
        keep = tbl["rank"] <= args.top
        tbl = tbl[keep & tbl["score"].notna()]
    out = sys.stdout
    if args.format == "csv":
        frame = ranking_frame(ranking, w, lang, today=today).loc[tbl.index]
        out.flush()
        sys.stdout.buffer.write(to_csv(frame, INTERNATIONAL if args.international else DUTCH))
        return 0
    if args.format == "json":
        weights = dict(zip(ranking.criterion_ids, map(float, ranking.result.weights), strict=True))
        records = []
        for _, row in tbl.iterrows():
            kans = w.kans(row["id"])
            moment = classify(kans, today, w.moment_window)
            records.append(
                {
                    "rank": int(row["rank"]),
                    "id": row["id"],
                    "name": row["name"],
                    "score": None if math.isnan(row["score"]) else float(row["score"]),
                    "tied": bool(row["tied"]),
                    "coverage": float(row["coverage"]),
                    "spread": None if math.isnan(row["spread"]) else float(row["spread"]),
                    "n_unknown": int(row["n_unknown"]),
                    "n_missing": int(row["n_missing"]),
                    "contributions": {
                        c: (None if math.isnan(row[f"contrib.{c}"]) else float(row[f"contrib.{c}"]))
                        for c in ranking.criterion_ids
                    },
                    "start_year": start_year(kans),
                    "natural_moment": None if moment is None else moment.value,
                }
            )
        doc = {
            "workshop": w.name,
            "method": ranking.method,
            "aggregation": ranking.aggregation,
            "weights": weights,
            "ranking": records,
            "ties": [list(g) for g in ranking.ties],
            "sheets": list(ranking.sheets.sheets),
            # what natural_moment is measured against
            "today": today.isoformat(),
            "natural_moment_window": {"from_years": w.moment_window[0], "to_years": w.moment_window[1]},
        }
        json.dump(doc, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    header = [t(f"col.{k}", lang) for k in ("rank", "id", "name", "score", "coverage", "spread", "n_unknown")]
    rows = [header]
    for _, row in tbl.iterrows():
        unranked = math.isnan(row["score"])
        rank_text = "–" if unranked else str(int(row["rank"])) + ("=" if row["tied"] else "")
        rows.append(
            [
                rank_text,
                row["id"],
                row["name"],
                _number(row["score"], lang),
                _number(row["coverage"] * 100, lang, 0) + "%",
                _number(row["spread"], lang, 2),
                str(int(row["n_unknown"])),
            ]
        )
    out.write(f"{w.name} — {ranking.method.upper()}, {ranking.aggregation}\n")
    out.write(basis_statement(w, lang) + "\n\n")  # which score sheets the ranking rests on
    out.write(_table_text(rows, right={0, 3, 4, 5, 6}) + "\n")
    visible = set(tbl["id"])
    ties = ["/".join(g) for g in ranking.ties if set(g) & visible]
    notes = []
    if ties:
        notes.append(t("cli.ties", lang, groups=", ".join(ties)))
    if args.top is not None and len(tbl) > args.top:
        notes.append(t("cli.top_k_ties", lang, n=len(tbl), k=args.top))
    unranked_ids = list(ranking.table.loc[ranking.table["score"].isna(), "id"])
    if unranked_ids:
        notes.append(t("cli.unranked", lang, ids=", ".join(unranked_ids)))
    if notes:
        out.write("\n" + "\n".join(notes) + "\n")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from decision.files.criteria_sets import criteria_set_from_data
    from decision.files.workshop_file import workshop_from_data

    file = args.file
    data = parse_yaml(read_text(file), file)
    root = Node(data, file)
    if not isinstance(data, dict):
        raise root.fail("type", expected="mapping", got=type_name(data))
    kind = root.child("formaat").str()
    if kind == "koppelkansen-criteria":
        cs = criteria_set_from_data(data, file)
        print(t("cli.valid_criteria", args.lang, file=file, id=cs.id, criteria=len(cs.criteria)))
        return 0
    if kind == "koppelkansen-workshop":
        w = workshop_from_data(data, file)
        print(
            t(
                "cli.valid_workshop",
                args.lang,
                file=file,
                kansen=len(w.kansen),
                criteria=len(w.criteria),
                participants=len(w.participants),
                scores=len(w.scores),
            )
        )
        return 0
    raise FileFormatError(
        file, "formaat", "choice", value=kind or "—", allowed="koppelkansen-workshop, koppelkansen-criteria"
    )


def _serve(args: argparse.Namespace) -> int:
    """Start the app (for a live workshop: phones on the same network can join).

    app.py is found as a resource of the installation (decision.files.paths), so this works from
    any folder. Streamlit reads the theme from the .streamlit/config.toml beside app.py, which the
    bundle carries; the server runs in the caller's folder, so a relative --db lands there."""
    import os
    import subprocess

    from decision.files.paths import APP_SCRIPT
    from decision.output.joining import ENV_PUBLIC_URL
    from decision.store import ENV_DB, is_postgres_address, sqlite_path

    env = dict(os.environ)
    if args.db and is_postgres_address(args.db):
        env[ENV_DB] = args.db  # several servers share it; each checks it when it opens the store
    elif args.db:
        # an address this version cannot use is refused here, not in the browser; the server runs
        # from the installed package's folder, so a relative path is made absolute first
        env[ENV_DB] = str(sqlite_path(args.db).resolve())
    if args.public_url:
        env[ENV_PUBLIC_URL] = args.public_url
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP_SCRIPT),
        "--server.port", str(args.port), "--server.address", args.address,
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    if os.name == "posix":
        # This process *becomes* the Streamlit server: one process, so nothing can be left
        # behind holding the port, however it is stopped. A parent that waits on a child server
        # can pass SIGTERM on, but not SIGKILL (`kill -9`, the OOM killer, a service manager
        # that lost patience), and its orphan keeps the port. PR_SET_PDEATHSIG would cover that
        # on Linux only, fires when the parent *thread* ends rather than the process, and
        # misses a parent that dies before the child has set it. After exec, a service
        # manager's SIGTERM, Ctrl-C and kill -9 reach the server itself, which shuts down as
        # Streamlit does, and its exit status is the command's.
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(sys.executable, command, env)
    # Windows has no exec that keeps the process (os.execve there starts a new one and ends
    # this one, detaching the console): run the server as a child. Ctrl-C reaches both through
    # the console; then wait for Streamlit to shut down instead of ending with a traceback.
    server = subprocess.Popen(command, env=env)
    while True:
        try:
            return server.wait()
        except KeyboardInterrupt:
            continue


def _facilitator_link(args: argparse.Namespace) -> int:
    from decision.output.joining import facilitator_url, public_base_url
    from decision.store import open_store

    store = open_store(args.db)
    try:
        if not args.workshop:
            for summary in store.workshops.list_recent(1000):
                lock = t("cli.protected" if summary.protected else "cli.open", args.lang)
                print(f"{summary.id}\t{summary.name}\t{summary.neighbourhood}\t{lock}")
            return 0
        grant = store.access.grant_as_operator(args.workshop, actor=t("cli.operator", args.lang))
        secret = store.access.new_link(args.workshop, grant=grant, actor=t("cli.operator", args.lang))
    finally:
        store.close()
    print(facilitator_url(public_base_url(args.port, args.public_url), args.workshop, secret))
    print(t("cli.link_made", args.lang), file=sys.stderr)
    return 0


def _migrate_store(args: argparse.Namespace) -> int:
    from decision.errors import StorageError
    from decision.store import is_postgres_address, open_store, sqlite_path
    from decision.store.transfer import copy_workshops

    # A mistyped source must not become a new, empty database that is then "copied".
    if not is_postgres_address(args.source) and not sqlite_path(args.source).is_file():
        raise StorageError("transfer_source_missing", path=str(args.source))
    ids = [*args.workshop, *args.ids] or None
    source = open_store(args.source)
    try:
        target = open_store(args.target)
        try:
            report = copy_workshops(source, target, ids)
        finally:
            target.close()
    finally:
        source.close()
    if not report.workshops:
        print(t("cli.migrate_nothing", args.lang))
    for copied in report.workshops:
        counts = ", ".join(f"{table} {n}" for table, n in copied.rows)
        print(t("cli.migrate_copied", args.lang, id=copied.workshop_id, name=copied.name, counts=counts))
    print(t("cli.migrate_source_kept", args.lang))
    return 0


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen datum; schrijf 2026-12-02") from None


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line with exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="koppelkansen", description=t("cli.description", "nl"))
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    rank = sub.add_parser("rank", help="rangschik de koppelkansen van een workshopbestand")
    rank.add_argument("workshop", help="workshopbestand (.yaml)")
    methods = ", ".join(f"{key} ({t(m.label_key, 'nl')})" for key, m in METHODS.items())
    rank.add_argument("--method", choices=tuple(METHODS), default=DEFAULT_METHOD, help=methods)
    rank.add_argument(
        "--aggregation", choices=AGGREGATIONS, default=AGGREGATIONS[0], help="samenvoegen per cel"
    )
    rank.add_argument("--top", type=int, metavar="K", help="toon alleen de beste K (meer bij gelijke stand)")
    rank.add_argument("--format", choices=("table", "csv", "json"), default="table")
    rank.add_argument(
        "--international",
        action="store_true",
        help="CSV met komma en decimale punt, zonder BOM (standaard: Nederlandse Excel)",
    )
    rank.add_argument("--lang", choices=("nl", "en"), default="nl")
    rank.add_argument(
        "--today",
        type=_iso_date,
        metavar="JJJJ-MM-DD",
        help="de dag vanaf waar het natuurlijk moment telt (standaard: vandaag)",
    )
    rank.set_defaults(func=_rank)
    val = sub.add_parser("validate", help="controleer een workshopbestand of criteriaset")
    val.add_argument("file")
    val.add_argument("--lang", choices=("nl", "en"), default="nl")
    val.set_defaults(func=_validate)
    serve = sub.add_parser("serve", help="start de app (ook voor een live scoronde)")
    serve.add_argument(
        "--db",
        help="opslag: SQLite-bestand, sqlite:///- of postgresql://-adres (standaard: $KOPPELKANSEN_DB)",
    )
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument("--address", default="0.0.0.0", help="luisteradres (0.0.0.0: hele netwerk)")
    serve.add_argument("--public-url", help="adres dat deelnemers gebruiken, bv. https://kansen.gemeente.nl")
    serve.add_argument("--lang", choices=("nl", "en"), default="nl")
    serve.set_defaults(func=_serve)
    link = sub.add_parser(
        "facilitator-link", help="maak een nieuwe begeleiderslink (zonder id: toon de workshops)"
    )
    link.add_argument("workshop", nargs="?", help="id van de workshop (zoals in ?w=… van zijn adres)")
    link.add_argument("--db", help="opslag, als bij serve (standaard: $KOPPELKANSEN_DB)")
    link.add_argument("--port", type=int, default=8501, help="poort van de app, voor het adres in de link")
    link.add_argument("--public-url", help="adres waarop de app te bereiken is")
    link.add_argument("--lang", choices=("nl", "en"), default="nl")
    link.set_defaults(func=_facilitator_link)
    move = sub.add_parser(
        "migrate-store",
        help="kopieer workshops met alles erop en eraan naar een andere opslag (de bron blijft zoals hij is)",
    )
    move.add_argument(
        "source", metavar="FROM", help="opslag waaruit gekopieerd wordt (bestand of sqlite:///-adres)"
    )
    move.add_argument("target", metavar="TO", help="opslag waarin gekopieerd wordt")
    move.add_argument(
        "--workshop",
        nargs="+",
        action="extend",
        default=[],
        metavar="ID",
        help="alleen deze workshop(s) (standaard: alle); een id met - vooraan: --workshop=-id, of na --",
    )
    move.add_argument(
        "ids", nargs="*", metavar="ID", help="ids als losse woorden, na -- (ook een id dat met - begint)"
    )
    move.add_argument("--lang", choices=("nl", "en"), default="nl")
    move.set_defaults(func=_migrate_store)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "top", None) is not None and args.top < 1:
        parser.error("--top moet 1 of meer zijn")
    try:
        return args.func(args)
    except DecisionError as exc:
        print(t("cli.error", args.lang, message=exc.localized(args.lang)), file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
