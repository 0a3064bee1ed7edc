"""Roster benchmarks: Curtois-Qu instances and generated facilities. Prints markdown tables.

    .venv/bin/python bench/bench_roster.py curtois [--limits 10 60] [--seeds 0 1 2] [--workers 8]
    .venv/bin/python bench/bench_roster.py facility [--limit 60] [--sizes 8x30x4 20x120x12]

Every Curtois result is scored by ../shared/benchmarks/check/curtois_verify.py (not by the
solver's own word); every facility roster goes through solver.roster.check_roster and
../shared/benchmarks/check/roster_law.py. Not a timed test: compare ratios within one run.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "benchmarks"

from solver.roster import check_roster, parse_roster, solve_roster  # noqa: E402
from solver.roster.curtois import import_file  # noqa: E402


def verify_curtois(inst: Path, result: dict[str, Any]) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(result, fh)
    out = subprocess.run(
        [sys.executable, str(SHARED / "check" / "curtois_verify.py"), str(inst), fh.name],
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(out.stdout)


def roster_law(result: dict[str, Any]) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(result, fh)
    out = subprocess.run(
        [sys.executable, str(SHARED / "check" / "roster_law.py"), fh.name],
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(out.stdout)


def curtois(limits: list[float], seeds: list[int], workers: int, instances: list[int]) -> str:
    with open(SHARED / "curtois" / "reference.csv", encoding="utf-8") as fh:
        ref = {r["instance"]: r for r in csv.DictReader(fh)}
    lines = []
    summary = []
    for limit in limits:
        lines.append(
            f"\n### Curtois-Qu, {limit:g} s, {workers} workers, seeds {seeds} (median over seeds)\n"
        )
        lines.append(
            "| instance | best known | median obj | median gap % | min..max obj | feasible | proven optimal | wall s |"
        )
        lines.append("|---|---|---|---|---|---|---|---|")
        gaps, feas_all = [], True
        for i in instances:
            name = f"Instance{i}.txt"
            best = int(ref[name]["best_known"])
            objs, proven, feas, walls = [], 0, 0, []
            for sd in seeds:
                p = parse_roster(import_file(str(SHARED / "curtois" / name)))
                assert p is not None
                t0 = time.monotonic()
                r = solve_roster(p, [], time_limit_s=limit, workers=workers, seed=sd)
                walls.append(time.monotonic() - t0)
                if r.status not in ("optimal", "feasible"):
                    continue
                ev = verify_curtois(SHARED / "curtois" / name, r.to_dict())
                if not ev["feasible"]:
                    print(
                        f"  {name} seed {sd}: shared checker rejects: {ev['hard_violations'][:3]}",
                        file=sys.stderr,
                    )
                    continue
                if r.objective is not None and abs(ev["objective"] - r.objective) > 1e-6:
                    print(
                        f"  {name} seed {sd}: objective {r.objective} but checker says {ev['objective']}",
                        file=sys.stderr,
                    )
                feas += 1
                objs.append(ev["objective"])
                proven += r.status == "optimal"
            if objs:
                med = statistics.median(objs)
                gap = 100 * (med - best) / best
                gaps.append(gap)
            else:
                med, gap = float("nan"), float("nan")
            feas_all &= feas == len(seeds)
            lines.append(
                f"| {i} | {best} | {med:g} | {gap:.2f} | {min(objs, default=0)}..{max(objs, default=0)} | "
                f"{feas}/{len(seeds)} | {proven}/{len(seeds)} | {statistics.median(walls):.1f} |"
            )
            print(lines[-1], file=sys.stderr)
        mean_gap = statistics.mean(gaps) if gaps else float("nan")
        summary.append(
            f"- {limit:g} s: mean of median gaps {mean_gap:.2f} %, every instance feasible on every seed: {feas_all}"
        )
        lines.append(f"\nMean of median gaps: **{mean_gap:.2f} %**; all feasible: **{feas_all}**")
    return "\n".join([*lines, "", *summary])


def facility(sizes: list[str], limit: float, workers: int, seed: int) -> str:
    from solver.roster.generate import facility as gen
    from solver.roster.greedy import greedy_roster

    lines = [
        f"\n### Generated facilities, CP-SAT {limit:g} s, {workers} workers, seed {seed}\n",
        "| size (suites x operators x weeks) | method | demanded person-shifts | coverage % | uncovered | "
        "campaigns short | hard violations (ours) | roster_law | first feasible s | within 1 % of bound s | objective | bound | gap % | wall s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size in sizes:
        ns, no, wk = (int(x) for x in size.split("x"))
        sc, slots = gen(ns, no, wk, seed=seed)
        p = parse_roster(sc)
        assert p is not None
        from solver.roster.solve import all_demands
        from solver.roster.timegrid import TimeGrid

        demands, capped = all_demands(p, TimeGrid(p), slots)
        need = sum(d.count for d in demands) + sum(c["missing"] for c in capped)
        t0 = time.monotonic()
        g = greedy_roster(p, slots)
        g_wall = time.monotonic() - t0
        t0 = time.monotonic()
        r = solve_roster(p, slots, time_limit_s=limit, workers=workers, seed=seed)
        r_wall = time.monotonic() - t0
        for name, res, wall in (("greedy (by hand)", g, g_wall), ("CP-SAT + LNS", r, r_wall)):
            miss = sum(u["missing"] for u in res.uncovered)
            vs = [v for v in check_roster(p, slots, res.assignments, res.uncovered) if v.hard]
            law = roster_law({"horizon_start": res.horizon_start, "assignments": res.assignments})
            first = within = "-"
            obj = bound = gap = "-"
            if res is r and r.progress:
                first = f"{r.progress[0][0]:.1f}"
                if r.bound is not None and r.objective is not None:
                    b = r.bound
                    hit = [t for t, o, _ in r.progress if o - b <= 0.01 * max(1.0, abs(o))]
                    within = f"{hit[0]:.1f}" if hit else "not reached"
                    obj, bound = f"{r.objective:g}", f"{b:g}"
                    gap = f"{100 * (r.objective - b) / max(1.0, r.objective):.1f}"
            kinds = sorted({v.rule for v in vs})
            short = len({u["campaign"] for u in res.uncovered if u.get("campaign")})
            lines.append(
                f"| {size} | {name} | {need} | {100 * (need - miss) / max(1, need):.1f} | {miss} | {short}/{len(sc['campaigns'])} | "
                f"{len(vs)} {kinds if kinds else ''} | {'ok' if law['ok'] else law['n_violations']} | {first} | {within} | "
                f"{obj} | {bound} | {gap} | {wall:.1f} |"
            )
            print(lines[-1], file=sys.stderr)
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("curtois")
    c.add_argument("--limits", type=float, nargs="+", default=[10, 60])
    c.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    c.add_argument("--workers", type=int, default=8)
    c.add_argument("--instances", type=int, nargs="+", default=list(range(1, 13)))
    f = sub.add_parser("facility")
    f.add_argument("--sizes", nargs="+", default=["8x30x4", "20x120x12"])
    f.add_argument("--limit", type=float, default=60)
    f.add_argument("--workers", type=int, default=8)
    f.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if a.cmd == "curtois":
        print(curtois(a.limits, a.seeds, a.workers, a.instances))
    else:
        print(facility(a.sizes, a.limit, a.workers, a.seed))


if __name__ == "__main__":
    main()
