"""Roster benchmarks: Curtois-Qu instances and generated facilities. Prints markdown tables.

    .venv/bin/python bench/bench_roster.py curtois [--limits 10 60] [--seeds 0 1 2] [--workers 8]
    .venv/bin/python bench/bench_roster.py facility [--limit 60] [--sizes 8x30x4 20x120x12]
    .venv/bin/python bench/bench_roster.py table [--sets shared heldout demo demo3]
        [--limits 10 60] [--seeds 0 1 2] [--load]   (issue 20's table; --sets tune for tuning)

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


def _row(r: Any, wall: float) -> dict[str, Any]:
    st = r.stats
    cg = st.get("lns", {}).get("colgen", {}) if isinstance(st.get("lns"), dict) else {}
    return {
        "status": r.status, "objective": r.objective, "bound": r.bound, "wall": wall,
        "phase": st.get("phase", "-"), "cg_skipped": st.get("colgen_skipped"),
        "cg_root_s": cg.get("cg_root_s"), "cg_lp": cg.get("cg_lp"),
        "cg_bound": cg.get("cg_bound"), "dive_obj": cg.get("dive_obj"),
        "lns_steps": st.get("lns", {}).get("iterations"),
        "lns_better": st.get("lns", {}).get("improvements"),
    }


def gap_to_bound(obj: float | None, bound: float | None) -> float | None:
    """(objective - bound) / objective in % (0 when both are 0): 100 % when the bound is 0."""
    if obj is None or bound is None:
        return None
    return 0.0 if obj <= 0 else 100.0 * (obj - bound) / obj


def run_curtois_like(name: str, p: Any, text: str | None, limit: float, seed: int,
                     workers: int, qualified: bool) -> dict[str, Any]:
    """Solve one Curtois-format instance; feasibility and objective by the shared checker
    (hard rules only for a qualified one, whose objective has the senior needs too) and by
    check_roster."""
    t0 = time.monotonic()
    r = solve_roster(p, [], time_limit_s=limit, workers=workers, seed=seed)
    row = _row(r, time.monotonic() - t0)
    row["ours_hard"] = len([v for v in check_roster(p, [], r.assignments, r.uncovered) if v.hard])
    row["shared_ok"] = None
    if r.status in ("optimal", "feasible") and text is not None:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
            fh.write(text)
        ev = verify_curtois(Path(fh.name), r.to_dict())
        row["shared_ok"] = bool(ev["feasible"])
        if not qualified and r.objective is not None and abs(ev["objective"] - r.objective) > 1e-6:
            print(f"  {name} seed {seed}: objective {r.objective} but checker says "
                  f"{ev['objective']}", file=sys.stderr)
            row["objective"] = ev["objective"]
    return row


def demo_scenario(scale: int) -> tuple[Any, list[dict[str, Any]]]:
    """The demo facility's roster problem and its current suite plan (``scale`` 3: every suite,
    campaign, slot and operator three times, ids suffixed)."""
    import copy
    from datetime import date

    from necst_desktop.persistence.db import Database, upgrade
    from necst_desktop.services.demo import create_demo
    from necst_desktop.services.planning import build_scenario, plan_slots
    from necst_desktop.services.queries import load_snapshot
    from solver.scenario import parse

    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/demo.sqlite")
        upgrade(db)
        create_demo(db, date(2026, 3, 2))
        snap = load_snapshot(db)
        sc = build_scenario(snap, include_roster=True)
        slots = plan_slots(snap)
    if scale > 1:
        sc = copy.deepcopy(sc)
        base_s, base_c, base_o = list(sc["suites"]), list(sc["campaigns"]), list(sc["operators"])
        base_slots = list(slots)
        for j in range(1, scale):
            sfx = f"~{j}"
            sc["suites"] += [{**s, "id": s["id"] + sfx, "name": s.get("name", "") + sfx}
                             for s in base_s]
            sc["campaigns"] += [{**c, "id": c["id"] + sfx} for c in base_c]
            sc["operators"] += [{**o, "id": o["id"] + sfx} for o in base_o]
            slots += [{**x, "suite": x["suite"] + sfx,
                       **({"campaign": x["campaign"] + sfx} if x.get("campaign") else {})}
                      for x in base_slots]
    p = parse(sc)
    return p.roster, slots


def table(sets: list[str], limits: list[float], seeds: list[int], workers: int,
          load: bool, instances: list[int]) -> str:
    """The issue-20 table: per instance, time limit and seed the objective, the bound, the gap
    to the bound and to the reference, the phase whose roster was kept, wall time."""
    import os

    from solver.roster.generate import HELD_OUT_SEEDS, TUNE_SEEDS, curtois_instance

    busy = None
    if load:  # one of the two cores kept busy, as a planner's other work would
        busy = subprocess.Popen([sys.executable, "-c", "while 1: pass"])
    with open(SHARED / "curtois" / "reference.csv", encoding="utf-8") as fh:
        ref = {r["instance"]: int(r["best_known"]) for r in csv.DictReader(fh)}
    jobs: list[tuple[str, str, Any]] = []
    for st in sets:
        if st == "shared":
            for i in instances:
                jobs.append(("shared", f"Instance{i}", i))
        elif st in ("heldout", "tune"):
            for sd in (HELD_OUT_SEEDS if st == "heldout" else TUNE_SEEDS):
                jobs.append((st, f"gen{sd}", sd))
        elif st in ("demo", "demo3"):
            jobs.append((st, st, 1 if st == "demo" else 3))
    head = ("| set | instance | size | limit s | seed | objective | bound | gap to bound % | "
            "gap to ref % | phase | colgen | wall s | hard (ours / shared) |")
    lines = [f"load before: `{os.getloadavg()}`{' + one busy core' if load else ''}", "",
             head, "|" + "---|" * 13]
    summ: dict[tuple[str, float], list[tuple[float | None, float | None]]] = {}
    try:
        for st, name, arg in jobs:
            text = None
            qualified = False
            slots: list[dict[str, Any]] = []
            if st == "shared":
                path = SHARED / "curtois" / f"{name}.txt"
                text = path.read_text(encoding="utf-8")
                p = parse_roster(import_file(str(path)))
                reference: float | None = ref[f"{name}.txt"]
            elif st in ("heldout", "tune"):
                spec, sc, text = curtois_instance(arg)
                qualified = spec["qualified"]
                p = parse_roster(sc)
                reference = None
            else:
                p, slots = demo_scenario(arg)
                reference = None
            assert p is not None
            size = f"{len(p.operators)}x{len(p.shifts)}x{p.n_days}d" + (" q" if qualified else "")
            for limit in limits:
                for sd in seeds:
                    if st in ("demo", "demo3"):
                        t0 = time.monotonic()
                        r = solve_roster(p, slots, time_limit_s=limit, workers=workers, seed=sd)
                        row = _row(r, time.monotonic() - t0)
                        row["ours_hard"] = len([v for v in check_roster(
                            p, slots, r.assignments, r.uncovered) if v.hard])
                        law = roster_law({"horizon_start": r.horizon_start,
                                          "assignments": r.assignments})
                        row["shared_ok"] = bool(law["ok"])
                    else:
                        row = run_curtois_like(name, p, text, limit, sd, workers, qualified)
                    g = gap_to_bound(row["objective"], row["bound"])
                    gr = (None if reference is None or row["objective"] is None
                          else 100.0 * (row["objective"] - reference) / reference)
                    summ.setdefault((st, limit), []).append((g, gr))
                    if row["objective"] is None:  # no roster: nothing to check
                        row["ours_hard"] = row["shared_ok"] = "-"
                    cg = "ran" if row["cg_skipped"] is None else f"skipped: {row['cg_skipped']}"
                    if row["cg_skipped"] is None and row["cg_root_s"] is not None:
                        cg += f" (root {row['cg_root_s']} s, LP {row['cg_lp']})"
                    lines.append(
                        f"| {st} | {name} | {size} | {limit:g} | {sd} | {row['objective']} | "
                        f"{row['bound']} | {'-' if g is None else f'{g:.2f}'} | "
                        f"{'-' if gr is None else f'{gr:.2f}'} | {row['phase']} | {cg} | "
                        f"{row['wall']:.1f} | {row['ours_hard']} / {row['shared_ok']} |")
                    print(lines[-1], file=sys.stderr, flush=True)
    finally:
        if busy is not None:
            busy.kill()
    lines += ["", f"load after: `{os.getloadavg()}`", "",
              "| set | limit s | runs | mean gap to bound % | max gap to bound % | "
              "mean gap to ref % |", "|---|---|---|---|---|---|"]
    for (st, limit), vals in summ.items():
        gb = [g for g, _ in vals if g is not None]
        gr = [x for _, x in vals if x is not None]
        lines.append(
            f"| {st} | {limit:g} | {len(vals)} | "
            f"{statistics.mean(gb) if gb else float('nan'):.2f} | "
            f"{max(gb) if gb else float('nan'):.2f} | "
            f"{statistics.mean(gr) if gr else float('nan'):.2f} |")
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
    t = sub.add_parser("table")
    t.add_argument("--sets", nargs="+", default=["shared", "heldout", "demo", "demo3"],
                   help="shared (Curtois 1-12), heldout / tune (generated), demo, demo3")
    t.add_argument("--limits", type=float, nargs="+", default=[10, 60])
    t.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    t.add_argument("--workers", type=int, default=8)
    t.add_argument("--instances", type=int, nargs="+", default=list(range(1, 13)))
    t.add_argument("--load", action="store_true", help="keep one core busy meanwhile")
    a = ap.parse_args()
    if a.cmd == "table":
        print(table(a.sets, a.limits, a.seeds, a.workers, a.load, a.instances))
    elif a.cmd == "curtois":
        print(curtois(a.limits, a.seeds, a.workers, a.instances))
    else:
        print(facility(a.sizes, a.limit, a.workers, a.seed))


if __name__ == "__main__":
    main()
