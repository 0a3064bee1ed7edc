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
from solver.roster.curtois import import_text, parse_text  # noqa: E402


def tile(text: str, copies: int, periods: int, shift_copies: int = 1) -> str:
    """`shift_copies` > 1: every shift type becomes that many types of the same length (the
    larger instances have up to 32); forbidden successions and per-type maxima are copied, each
    cover line's requirement is shared out over the copies, requests go to one copy."""
    sec = parse_text(text)
    H = int(sec["SECTION_HORIZON"][0][0])
    sc = max(1, shift_copies)

    def sid(s: str, j: int) -> str:
        return s if sc == 1 else f"{s}{j}"

    out = ["SECTION_HORIZON", str(H * periods), "", "SECTION_SHIFTS"]
    for r in sec["SECTION_SHIFTS"]:
        nxt = [x for x in (r[2].split("|") if len(r) > 2 else []) if x]
        for j in range(sc):
            out.append(",".join([sid(r[0], j), r[1],
                                 "|".join(sid(t, i) for t in nxt for i in range(sc))]))
    out += ["", "SECTION_STAFF"]
    for r in sec["SECTION_STAFF"]:
        ms = "|".join(
            f"{sid(k, j)}={int(v) * periods}"
            for k, v in (x.split("=") for x in r[1].split("|") if x)
            for j in range(sc)
        )
        for c in range(copies):
            out.append(",".join([f"{r[0]}{c}", ms, str(int(r[2]) * periods),
                                 str(int(r[3]) * periods), r[4], r[5], r[6],
                                 str(int(r[7]) * periods)]))
    out += ["", "SECTION_DAYS_OFF"]
    for r in sec["SECTION_DAYS_OFF"]:
        days = [int(x) for x in r[1:] if x != ""]
        for c in range(copies):
            out.append(",".join([f"{r[0]}{c}"] + [str(d + H * p) for p in range(periods)
                                                  for d in days]))
    for name in ("SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS"):
        out += ["", name]
        for r in sec[name]:
            for c in range(copies):
                for p in range(periods):
                    j = (c + p) % sc
                    out.append(",".join([f"{r[0]}{c}", str(int(r[1]) + H * p), sid(r[2], j),
                                         r[3]]))
    out += ["", "SECTION_COVER"]
    for p in range(periods):
        for r in sec["SECTION_COVER"]:
            req = int(r[2]) * copies
            for j in range(sc):
                share = req // sc + (1 if j < req % sc else 0)
                out.append(",".join([str(int(r[0]) + H * p), sid(r[1], j), str(share), r[3],
                                     r[4]]))
    return "\n".join(out) + "\n"


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
              f"{c.get('construct_s')} s (CP-SAT {c.get('solve_s', 0):.0f} s over two threads)")


if __name__ == "__main__":
    main()
