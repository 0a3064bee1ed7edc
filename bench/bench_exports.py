"""Export benchmarks: a 52-week roster of 120 operators to Excel (target: at most 2 s), the same
year as PDF, and a larger importer fuzz run than the test suite's.

    .venv/bin/python bench/bench_exports.py [--repeat 5] [--fuzz 5000] [--openpyxl]

Prints a table of median wall-clock and CPU seconds. The roster is built in memory (120 operators,
three shifts, five days in seven) so the figure is the writer's, not the database's.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from necst_desktop.domain.model import (  # noqa: E402
    Facility,
    Operator,
    Qualification,
    QualificationKind,
    ShiftDef,
    WorkingTimeRules,
)
from necst_desktop.services.editing import SYSTEM  # noqa: E402
from necst_desktop.services.files import excel  # noqa: E402
from necst_desktop.services.files.views import Period  # noqa: E402
from necst_desktop.services.planning.roster import plan_assignments  # noqa: E402
from necst_desktop.services.queries import Snapshot  # noqa: E402

FIRST = date(2026, 1, 5)  # Monday of 2026-W02: the year spans both clock changes


def year_snapshot(operators: int = 120, weeks: int = 52) -> Snapshot:
    fac = Facility(name="NECST Leiden (bench)", id=1)
    shifts = [ShiftDef(code="early", name="Early", start="07:00", end="15:00", colour="#4e9a06", id=1),
              ShiftDef(code="late", name="Late", start="15:00", end="23:00", colour="#3465a4", id=2),
              ShiftDef(code="night", name="Night", start="23:00", end="07:00", night=True,
                       colour="#5c3566", id=3)]
    ops = [Operator(code=f"OP{i:03d}", name=f"Operator {i:03d}",
                    contract_hours_week=40.0 if i % 5 else 32.0,
                    qualifications=(Qualification(QualificationKind.GOWNING_B,
                                                  FIRST + timedelta(days=200 + i * 3)),
                                    Qualification(QualificationKind.MEDIA_FILL,
                                                  FIRST + timedelta(days=30 + i * 2))),
                    id=i + 1) for i in range(operators)]
    assignments = plan_assignments(ops, shifts, FIRST, weeks * 7, fac.tz)
    return Snapshot(facility=fac, suites=[], clients=[], products=[], campaigns=[],
                    dependencies=[], changeover_rules=[], cleaning_rules=[], shifts=shifts,
                    operators=ops, leave=[], slots=[], assignments=assignments,
                    working_time=WorkingTimeRules(), users=[], seq=1)


def timed(fn: Any, repeat: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def openpyxl_baseline(snap: Snapshot, period: Period, path: Path) -> None:
    """The same grid with openpyxl's write-only mode (values and fills only), for comparison."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import PatternFill

    from necst_desktop.services.files.views import roster_weeks

    wb = Workbook(write_only=True)
    fills = {s.code: PatternFill("solid", fgColor=s.colour[1:]) for s in snap.shifts}
    for wk in roster_weeks(snap, period):
        ws = wb.create_sheet(f"Roster {wk.code}")
        ws.freeze_panes = "C4"
        for row in wk.rows:
            cells: list[Any] = [row.operator.code, row.operator.name]
            for day in row.cells:
                if day:
                    c = WriteOnlyCell(ws, value=day[0].text)
                    c.fill = fills[day[0].shift_code]
                    cells.append(c)
                else:
                    cells.append(None)
            cells += [row.hours, row.contract, row.hours - row.contract, "; ".join(row.notes)]
            ws.append(cells)
    wb.save(path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--operators", type=int, default=120)
    ap.add_argument("--weeks", type=int, default=52)
    ap.add_argument("--fuzz", type=int, default=0, help="also run N importer fuzz cases")
    ap.add_argument("--openpyxl", action="store_true", help="also time an openpyxl baseline")
    ap.add_argument("--pdf", action="store_true", help="also time the roster PDF (Qt)")
    args = ap.parse_args()

    snap = year_snapshot(args.operators, args.weeks)
    period = Period(FIRST, FIRST + timedelta(days=7 * args.weeks))
    rows: list[tuple[str, float, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "roster.xlsx"
        w, c = timed(lambda: excel.write_roster(SYSTEM, snap, period, out), args.repeat)
        rows.append((f"roster xlsx, {args.weeks} weeks x {args.operators} operators "
                     f"({len(snap.assignments)} shifts)", w, c,
                     f"{out.stat().st_size / 1e6:.1f} MB; target <= 2 s: wall "
                     f"{'ok' if w <= 2.0 else 'over'}, cpu {'ok' if c <= 2.0 else 'over'} "
                     "(wall counts other load on the machine)"))
        if args.openpyxl:
            base = Path(tmp) / "baseline.xlsx"
            w, c = timed(lambda: openpyxl_baseline(snap, period, base), max(1, args.repeat // 2))
            rows.append(("same grid, openpyxl write-only (values + fills only)", w, c,
                         f"{base.stat().st_size / 1e6:.1f} MB"))
        if args.pdf:
            from necst_desktop.printing import write_pdf

            pdf = Path(tmp) / "roster.pdf"
            w, c = timed(lambda: write_pdf(SYSTEM, snap, "roster", period, pdf), max(1, args.repeat // 2))
            rows.append(("roster pdf, A4 landscape", w, c, f"{pdf.stat().st_size / 1e6:.1f} MB"))
        if args.fuzz:
            rows.append(_fuzz(Path(tmp), args.fuzz))
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{width}}  {'wall s':>7}  {'cpu s':>7}  notes")
    for name, w, c, note in rows:
        print(f"{name:<{width}}  {w:7.2f}  {c:7.2f}  {note}")
    return 0


def _fuzz(tmp: Path, cases: int) -> tuple[str, float, float, str]:
    sys.path.insert(0, str(ROOT / "tests"))
    from exports import fuzz  # type: ignore[import-not-found]
    from exports.conftest import record_counts  # type: ignore[import-not-found]

    from necst_desktop.persistence.db import Database, upgrade
    from necst_desktop.services.demo import create_demo
    from necst_desktop.services.planning.roster import fill_roster

    db = Database(f"sqlite:///{tmp / 'fuzz.sqlite'}")
    upgrade(db)
    create_demo(db, date(2026, 11, 30))
    fill_roster(db, date(2026, 11, 30), 7)
    c0 = time.process_time()
    result = fuzz.run(db, tmp, cases=cases, seed=7, counts=record_counts)
    cpu = time.process_time() - c0
    outcomes = ", ".join(f"{k}={v}" for k, v in sorted(result.items())
                         if k not in ("cases", "seconds"))
    return (f"importer fuzz, {cases} files (0 crashes, 0 partial writes)", result["seconds"],
            cpu, outcomes)


if __name__ == "__main__":
    sys.exit(main())
