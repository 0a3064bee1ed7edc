"""Roster scale probe: a Curtois-Qu instance tiled to the sizes of the larger set (up to 150 staff
over a year). Prints a markdown table.

    .venv/bin/python bench/bench_roster_scale.py [--base 8] [--staff-copies 5] [--periods 13]
                                                 [--limit 120]

The larger instances of the set are not in ../shared/benchmarks, so this takes a shared one
(default Instance8: 30 staff, 28 days, 4 shift types), copies every staff member
`--staff-copies` times and the horizon `--periods` times (days off, requests and cover repeat;
cover, total minutes, weekends and per-type maxima scale with them), writes it in the Curtois
format and solves it through the same path as the benchmark. The result is scored by
../shared/benchmarks/check/curtois_verify.py. There is no best known value for a tiled instance:
the table shows time to a first lawful roster, the objective over time and the checker's verdict.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "benchmarks"

from solver.roster import parse_roster, solve_roster  # noqa: E402
from solver.roster.curtois import import_text, tile  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", type=int, default=8)
    ap.add_argument("--staff-copies", type=int, default=5)
    ap.add_argument("--periods", type=int, default=13)
    ap.add_argument("--shift-copies", type=int, default=1)
    ap.add_argument("--limit", type=float, default=120.0)
    ap.add_argument("--whole-model", action="store_true",
                    help="build the whole model whatever the size (the path before the "
                    "construction)")
    ap.add_argument("--workers", type=int, default=8)
    a = ap.parse_args()
    base = (SHARED / "curtois" / f"Instance{a.base}.txt").read_text(encoding="utf-8")
    text = tile(base, a.staff_copies, a.periods, a.shift_copies)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
        fh.write(text)
    inst = fh.name
    p = parse_roster(import_text(text))
    assert p is not None
    t0 = time.monotonic()
    r = solve_roster(p, [], time_limit_s=a.limit, workers=a.workers, seed=0,
                     by_operators=False if a.whole_model else None)
    wall = time.monotonic() - t0
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(r.to_dict(), fh)
    ev = json.loads(subprocess.run(
        [sys.executable, str(SHARED / "check" / "curtois_verify.py"), inst, fh.name],
        capture_output=True, text=True, check=False).stdout)
    first = r.progress[0] if r.progress else None
    at = {}
    for frac in (0.25, 0.5, 1.0):
        pts = [o for t, o, _ in r.progress if t <= frac * a.limit]
        at[frac] = f"{min(pts):g}" if pts else "-"
    n_x = r.stats.get("variables") or "none (by operators)"
    x_triples = len(p.operators) * p.n_days * len(p.shifts)
    print(f"\n### Tiled Instance{a.base}: {len(p.operators)} staff x {p.n_days} days x "
          f"{len(p.shifts)} shift types, {a.limit:g} s, {a.workers} workers\n")
    print("| (operator, day, shift) | whole-model variables | build s | first lawful roster s (objective) | objective at 25 % / 50 % "
          "/ 100 % of the time | checker: feasible, objective | LNS steps (improving) | wall s |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| {x_triples} | {n_x} | {r.stats.get('build_s', '-')} | "
          f"{f'{first[0]:.1f} ({first[1]:g})' if first else 'none'} | "
          f"{at[0.25]} / {at[0.5]} / {at[1.0]} | {ev.get('feasible')}, {ev.get('objective')} | "
          f"{r.stats['lns'].get('iterations')} ({r.stats['lns'].get('improvements')}) | {wall:.1f} |")
    c = r.stats.get("construct")
    if c is not None:
        print(f"\nConstruction: {c.get('batches', 0)} of {len(p.operators)} people placed in "
              f"{c.get('construct_s')} s (CP-SAT {c.get('solve_s', 0):.0f} s over two threads; "
              f"thread-seconds: lawful schedules {c.get('lawful_s', 0):.0f}, with their penalties "
              f"{c.get('base_s', 0):.0f})")
    ls = r.stats.get("lns", {})
    print(f"\nLNS: {ls.get('iterations', 0)} steps, thread-seconds building models "
          f"{ls.get('build_s', 0):.0f}, solving {ls.get('solve_s', 0):.0f}")


if __name__ == "__main__":
    main()
