"""Command-line exports and imports (Excel, iCal, PDF): registered into ``necst``'s parser.

``necst export roster|schedule|client|ical|pdf|template`` and ``necst import campaigns|operators``.
Every command goes through :mod:`necst_desktop.services.files` (and, for PDF, the Qt printing
module, imported only when asked for), so the window and the command line write the same files.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from .domain.errors import NecstError


def _db(args: argparse.Namespace) -> Any:
    # the database check and opening every command uses (an unknown path is refused); cli
    # passes it in, as it does the sign-in (no import back into cli)
    return args.open_db(args)


def _period(args: argparse.Namespace, snap: Any, *, default_week: bool = True) -> Any:
    """--week, or --from/--to, or (by default) the plan's whole horizon."""
    from .services.files.views import Period, parse_week
    from .services.planning import default_horizon

    week = getattr(args, "week", None)
    if week and (args.date_from or args.date_to):
        raise NecstError("Give --week or --from/--to, not both.")
    if week:
        return parse_week(week)
    if (args.date_from is None) != (args.date_to is None):
        raise NecstError("Give both --from and --to, or neither.")
    if args.date_from is not None:
        return Period(args.date_from, args.date_to)
    if not default_week:
        return None
    h = default_horizon(snap)
    tz = snap.facility.tz
    return Period(h.start.astimezone(tz).date(), h.end.astimezone(tz).date())


def _opts(args: argparse.Namespace, snap: Any, db: Any = None, period: Any = None) -> Any:
    from dataclasses import replace

    from .services.files.excel import ExportOptions, Signatures

    sig = Signatures(prepared_by=args.prepared_by or "",
                     prepared_at=datetime.now(snap.facility.tz) if args.prepared_by else None)
    if db is not None and period is not None:  # 'approved by' from the week's e-signature
        from .services.files.signing import signature_block

        approved = signature_block(db, period)
        sig = replace(sig, approved_by=approved.approved_by, approved_at=approved.approved_at,
                      meaning=approved.meaning)
    return ExportOptions(paper=getattr(args, "paper", "A4"), signatures=sig)


def _snap(args: argparse.Namespace, operation: str = "export") -> tuple[Any, Any, Any]:
    """The database, the signed-in user (allowed to run ``operation``) and the snapshot."""
    from .services.queries import load_snapshot

    db = _db(args)
    actor = args.who(args, db, operation)
    return db, actor, load_snapshot(db)


def cmd_roster(args: argparse.Namespace) -> int:
    from .services.files.excel import write_roster

    db, actor, snap = _snap(args)
    period = _period(args, snap)
    out = write_roster(actor, snap, period, args.output, _opts(args, snap, db, period),
                       with_schedule=args.with_schedule)
    n = len(period.weeks())
    sheets = f"{n} roster sheet(s)" + (f" and {n} schedule sheet(s)" if args.with_schedule else "")
    print(f"Wrote {out} (roster {period.label}, {sheets})")
    return 0


def cmd_schedule(args: argparse.Namespace) -> int:
    from .services.files.excel import write_schedule

    db, actor, snap = _snap(args)
    period = _period(args, snap)
    out = write_schedule(actor, snap, period, args.output, _opts(args, snap, db, period))
    print(f"Wrote {out} (suite schedule {period.label})")
    return 0


def cmd_client(args: argparse.Namespace) -> int:
    from .services.files.excel import write_client_workbook

    _, actor, snap = _snap(args)
    period = _period(args, snap, default_week=False)
    out = write_client_workbook(actor, snap, args.client, args.output, period, _opts(args, snap))
    print(f"Wrote {out} (campaigns of {args.client} only)")
    return 0


def cmd_ical(args: argparse.Namespace) -> int:
    from .services.files.ical import client_calendar, operator_calendar, write_ics

    _, actor, snap = _snap(args)
    if bool(args.operator) == bool(args.client):
        raise NecstError("Give --operator CODE or --client CODE.")
    if args.operator:
        period = _period(args, snap, default_week=False)
        data = operator_calendar(snap, args.operator, period)
    else:
        data = client_calendar(snap, args.client)
    out = write_ics(actor, args.output, data)
    print(f"Wrote {out}")
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    try:
        from .printing import write_pdf
    except ImportError as exc:
        raise NecstError(f"PDF export needs Qt (PySide6), which cannot be loaded: {exc}") from None
    _, actor, snap = _snap(args)
    period = _period(args, snap)
    out = write_pdf(actor, snap, args.what, period, args.output, paper=args.paper)
    print(f"Wrote {out} ({args.what}, {args.paper} landscape, {period.label})")
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from .services.files.imports import write_template

    _, actor, snap = _snap(args, "import")
    out = write_template(actor, snap, args.kind, args.output)
    print(f"Wrote {out} (fill in the '{args.kind.capitalize()}' sheet, then "
          f"'necst import {args.kind} {out.name}')")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .services.files.imports import ImportRejectedError, apply_import, preview_import

    db = _db(args)
    actor = args.who(args, db, "import")
    preview = preview_import(db, args.file, args.kind)
    if not preview.ok:
        for err in preview.errors:
            print(f"  {err}", file=sys.stderr)
        raise ImportRejectedError(preview)
    for row in preview.rows:
        print(f"  row {row.row}: {row.action} {row.code}")
    if args.dry_run:
        print(f"{preview.summary} Dry run: nothing was imported.")
        return 0
    applied = apply_import(db, actor, preview)
    print(preview.summary + (" Imported as one audited change." if applied else
                             " Nothing to change."))
    return 0


def output_file(suffix: str) -> Callable[[str], Path]:
    """An argparse type: a path ending in ``suffix`` (any case); anything else is refused, so
    that ``-o plan.csv`` never gets an Excel workbook under a CSV name."""

    def parse(text: str) -> Path:
        path = Path(text)
        if path.suffix.lower() != suffix:
            raise argparse.ArgumentTypeError(
                f"'{text}' must end in {suffix}: this command writes a {suffix} file")
        return path

    return parse


def _add_output(p: argparse.ArgumentParser, suffix: str) -> None:
    p.add_argument("-o", "--output", type=output_file(suffix), required=True,
                   metavar=f"FILE{suffix}", help=f"file to write ({suffix}); written atomically")


def register(sub: argparse._SubParsersAction, exsub: argparse._SubParsersAction,
             common: argparse.ArgumentParser, horizon: argparse.ArgumentParser) -> None:
    """Add export sub-commands to ``necst export`` and top-level import commands to ``necst``."""
    week = argparse.ArgumentParser(add_help=False)
    week.add_argument("--week", metavar="YYYY-Www", default=None,
                      help="an ISO week, e.g. 2026-W49 (or use --from/--to)")
    sign = argparse.ArgumentParser(add_help=False)
    sign.add_argument("--prepared-by", default="", metavar="NAME",
                      help="name for the 'prepared by' line of the signature block")
    paper = argparse.ArgumentParser(add_help=False)
    paper.add_argument("--paper", choices=["A4", "A3"], default="A4", help="paper (landscape)")

    e = exsub.add_parser("roster", parents=[common, horizon, week, sign, paper],
                         help="roster workbook (.xlsx): a sheet per week, operators x days")
    e.add_argument("--with-schedule", action="store_true", help="add suite schedule sheets")
    _add_output(e, ".xlsx")
    e.set_defaults(func=cmd_roster)

    e = exsub.add_parser("schedule", parents=[common, horizon, week, sign, paper],
                         help="suite schedule workbook (.xlsx): suites x days")
    _add_output(e, ".xlsx")
    e.set_defaults(func=cmd_schedule)

    e = exsub.add_parser("client", parents=[common, horizon, week, sign, paper],
                         help="one client's campaigns and schedule (.xlsx), nothing of others")
    e.add_argument("client", metavar="CLIENT", help="client code, e.g. LUMC-HEM")
    _add_output(e, ".xlsx")
    e.set_defaults(func=cmd_client)

    e = exsub.add_parser("ical", parents=[common, horizon, week],
                         help="calendar (.ics) of an operator's shifts or a client's campaigns")
    e.add_argument("--operator", metavar="CODE", default=None)
    e.add_argument("--client", metavar="CODE", default=None)
    _add_output(e, ".ics")
    e.set_defaults(func=cmd_ical)

    e = exsub.add_parser("pdf", parents=[common, horizon, week, paper],
                         help="printable PDF of the timeline or the roster (landscape)")
    e.add_argument("--what", choices=["timeline", "roster"], required=True)
    _add_output(e, ".pdf")
    e.set_defaults(func=cmd_pdf)

    e = exsub.add_parser("template", parents=[common],
                         help="an import template (.xlsx) for campaign requests or operators")
    e.add_argument("--kind", choices=["campaigns", "operators"], required=True)
    _add_output(e, ".xlsx")
    e.set_defaults(func=cmd_template)

    p = sub.add_parser("import", parents=[common],
                       help="import campaign requests or operators from an .xlsx template")
    p.add_argument("kind", choices=["campaigns", "operators"])
    p.add_argument("file", type=Path, metavar="FILE.xlsx")
    p.add_argument("--dry-run", action="store_true", help="check only; import nothing")
    p.set_defaults(func=cmd_import)


__all__ = ["register"]
