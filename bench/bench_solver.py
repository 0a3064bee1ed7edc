"""Benchmark of the suite optimizer; prints tables (not a test).

Sets:
  vr-small   64 Vallada-Ruiz instances with proven optima (../shared/benchmarks/vr-small)
  vr-large   20 instances n=50, m=10..30 with best_known (../shared/benchmarks/vr-large)
  vr-gen     larger instances of the same generator scheme (n=100..250), no reference
  facility   realistic facilities from solver.generate (demo size x1, x3, x10)
  build      model build time for 150 campaigns x 30 suites
  pyjobshop  the same vr instances through PyJobShop 0.0.9 on CP-SAT, side by side

Every vr result is checked by solver.check AND by ../shared/benchmarks/check/vr_verify.py; the
makespan in the table is the one vr_verify measured. Per instance the median over seeds is used.

  .venv/bin/python bench/bench_solver.py --quick
  .venv/bin/python bench/bench_solver.py --time-limits 10 60 --seeds 0 1 2 --workers 2
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import itertools
import json
import platform
import statistics
import sys
import time
from datetime import UTC, date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "benchmarks"
sys.path.insert(0, str(ROOT))

from solver import check, solve  # noqa: E402
from solver.benchmarks.vr import generate_text, import_file, parse_text, to_scenario  # noqa: E402
from solver.generate import facility  # noqa: E402
from solver.scenario import parse  # noqa: E402


def _vr_verify() -> Any:
    spec = importlib.util.spec_from_file_location("vr_verify", SHARED / "check" / "vr_verify.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


VERIFY = _vr_verify()
GEN_SIZES = [(100, 10, 49), (100, 20, 99), (150, 20, 124), (150, 30, 9), (200, 20, 49), (250, 30, 99)]


def vr_instances(name: str, quick: bool) -> list[tuple[str, Path, int | None]]:
    d = SHARED / name
    col = "optimum" if name == "vr-small" else "best_known"
    with open(d / "reference.csv") as f:
        rows = list(csv.DictReader(f))
    out = [(r["instance"], d / r["instance"], int(r[col])) for r in rows]
    if quick:
        out = out[:: 16 if name == "vr-small" else 5]
    return out


def run_vr(path: Path, text: str | None, tl: float, seed: int, workers: int) -> dict[str, Any]:
    t0 = time.monotonic()
    if text is None:
        data = import_file(path)
    else:
        n, m, p, s = parse_text(text)
        data = to_scenario(n, m, p, s, path.name)
    prob = parse(data)
    parse_s = time.monotonic() - t0
    r = solve(prob, time_limit_s=tl, workers=workers, seed=seed)
    wall = time.monotonic() - t0
    rd = r.to_dict()
    own = check(prob, r)
    if text is not None:
        tmp = Path("/tmp") / f"bench_solver_{path.name}"
        tmp.write_text(text)
        ver = VERIFY.verify(str(tmp), rd)
    else:
        ver = VERIFY.verify(str(path), rd)
    ok = ver["ok"] and not own and r.status in ("optimal", "feasible")
    return {"status": r.status, "obj": ver["makespan"] if ok else None, "bound": r.bound,
            "wall": wall, "parse": parse_s, "ok": ok, "own_violations": len(own),
            "verify_violations": ver["n_violations"], "solver_obj": r.objective}


def run_pyjobshop(path: Path, tl: float, workers: int) -> dict[str, Any]:
    from pyjobshop import Model

    n, m, p, s = parse_text(path.read_text())
    t0 = time.monotonic()
    model = Model()
    machines = [model.add_machine(name=f"M{i}") for i in range(m)]
    tasks = []
    for j in range(n):
        job = model.add_job()
        t = model.add_task(job=job, name=f"J{j}")
        tasks.append(t)
        for i in range(m):
            model.add_mode(t, machines[i], p[j][i])
    for i in range(m):
        for a in range(n):
            for b in range(n):
                if a != b and s[i][a][b]:
                    model.add_setup_time(machines[i], tasks[a], tasks[b], s[i][a][b])
    res = model.solve("ortools", time_limit=tl, display=False, num_workers=workers)
    wall = time.monotonic() - t0
    status = str(res.status).split(".")[-1].lower()
    obj = None
    if res.best is not None and status in ("optimal", "feasible"):
        # re-verify independently: build a RESULT.json from its solution
        slots = []
        for j, sol in enumerate(res.best.tasks):
            mode = model.modes[sol.mode]
            i = model.resources.index(mode.resources[0]) if hasattr(mode.resources[0], "name") else mode.resources[0]
            slots.append({"kind": "campaign", "suite": f"M{i}", "campaign": f"J{j}",
                          "start": _iso(sol.start), "end": _iso(sol.end)})
        for i in range(m):
            seq = sorted((sl for sl in slots if sl["suite"] == f"M{i}"), key=lambda x: x["start"])
            for a, b in itertools.pairwise(seq):
                ja, jb = int(a["campaign"][1:]), int(b["campaign"][1:])
                if s[i][ja][jb]:
                    slots.append({"kind": "changeover", "suite": f"M{i}", "start": a["end"],
                                  "end": _iso(_min(a["end"]) + s[i][ja][jb])})
        ver = VERIFY.verify(str(path), {"horizon_start": "2026-01-05T00:00:00+00:00", "slots": slots})
        obj = ver["makespan"] if ver["ok"] else None
    return {"status": status, "obj": obj, "wall": wall, "ok": obj is not None,
            "bound": res.objective_bound if hasattr(res, "objective_bound") else None}


def _iso(m: int) -> str:
    from datetime import datetime, timedelta

    return (datetime(2026, 1, 5, tzinfo=UTC) + timedelta(minutes=int(m))).isoformat()


def _min(t: str) -> int:
    from datetime import datetime

    return round((datetime.fromisoformat(t) - datetime(2026, 1, 5, tzinfo=UTC)).total_seconds() / 60)


def med(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def summarize(label: str, tl: float, rows: list[dict[str, Any]]) -> str:
    """rows: per instance {'ref', 'objs': [...], 'walls': [...], 'optimal': [...], 'ok': [...]}."""
    gaps, at_ref, proven, nofeas, walls, fails = [], 0, 0, 0, [], 0
    for r in rows:
        objs = [o for o in r["objs"] if o is not None]
        walls.append(med(r["walls"]))
        fails += sum(1 for x in r["ok"] if not x)
        if not objs or len(objs) < len(r["objs"]):
            nofeas += 1
        if not objs:
            continue
        o = med(objs)
        if r["ref"] is not None:
            gaps.append(100.0 * (o - r["ref"]) / r["ref"])
            at_ref += o <= r["ref"]
        proven += med([1.0 if x else 0.0 for x in r["optimal"]]) >= 0.5
    n = len(rows)
    g = f"{statistics.mean(gaps):6.2f} | {max(gaps):6.2f}" if gaps else "    -- |     --"
    ar = f"{at_ref}/{n}" if gaps else "--"
    return (f"| {label:<22} | {tl:>4.0f} s | {n:>3} | {g} | {ar:>6} | {proven:>3}/{n:<3} | {nofeas:>3}/{n:<3} "
            f"| {med(walls):6.2f} | {max(walls):6.2f} | {fails:>3} |")


HEADER = ("| set                    | limit |   n | mean gap % | max gap % | at ref | proven  | no plan "
          "| wall med s | wall max s | check fails |\n"
          "|------------------------|-------|-----|------------|-----------|--------|---------|---------"
          "|------------|------------|-------------|")


def bench_vr(name: str, tl: float, seeds: list[int], workers: int, quick: bool, log: Any) -> list[dict[str, Any]]:
    rows = []
    for inst, path, ref in vr_instances(name, quick):
        runs = [run_vr(path, None, tl, sd, workers) for sd in seeds]
        rows.append({"ref": ref, "objs": [r["obj"] for r in runs], "walls": [r["wall"] for r in runs],
                     "optimal": [r["status"] == "optimal" for r in runs], "ok": [r["ok"] for r in runs]})
        log(f"{name} {inst} tl={tl} ref={ref} objs={[r['obj'] for r in runs]} "
            f"bound={runs[0]['bound']} wall={[round(r['wall'], 2) for r in runs]} status={[r['status'] for r in runs]}")
    return rows


def bench_gen(tl: float, seeds: list[int], workers: int, quick: bool, log: Any) -> list[dict[str, Any]]:
    rows = []
    for n, m, k in (GEN_SIZES[:2] if quick else GEN_SIZES):
        text = generate_text(n, m, k, seed=n + m + k)
        path = Path(f"GEN_{n}_{m}_S_1-{k}.txt")
        runs = [run_vr(path, text, tl, sd, workers) for sd in seeds]
        rows.append({"ref": None, "objs": [r["obj"] for r in runs], "walls": [r["wall"] for r in runs],
                     "optimal": [r["status"] == "optimal" for r in runs], "ok": [r["ok"] for r in runs]})
        log(f"vr-gen {path.name} tl={tl} objs={[r['obj'] for r in runs]} bound={runs[0]['bound']} "
            f"parse={runs[0]['parse']:.2f} wall={[round(r['wall'], 2) for r in runs]}")
    return rows


def bench_facility(tl: float, seeds: list[int], workers: int, log: Any, scales: list[int]) -> list[str]:
    lines = []
    for sc in scales:
        res = []
        for sd in seeds:
            t0 = time.monotonic()
            p = parse(facility(sc))
            r = solve(p, time_limit_s=tl, workers=workers, seed=sd)
            wall = time.monotonic() - t0
            v = check(p, r)
            gap = (100.0 * (r.objective - r.bound) / r.objective) if (r.objective and r.bound is not None) else None
            res.append((r.status, r.objective, r.bound, gap, wall, len(r.unplanned), len(v),
                        r.stats.get("plan_from", r.stats.get("engine"))))
            log(f"facility x{sc} seed={sd} tl={tl} {res[-1]}")
        st = "/".join(sorted({x[0] for x in res}))
        gaps = [x[3] for x in res if x[3] is not None]
        lines.append(f"| facility x{sc:<3} ({len(p.campaigns):>3} campaigns, {len(p.suites):>2} suites) | {tl:>4.0f} s | {st:<17} "
                     f"| {med([float(x[1]) for x in res if x[1] is not None]):>12.0f} "
                     f"| {(f'{med(gaps):6.2f}' if gaps else '    --'):>9} | {med([x[5] for x in res]):>4.0f} "
                     f"| {med([x[4] for x in res]):6.2f} | {sum(x[6] for x in res):>3} | {res[0][7]} |")
    return lines


def bench_build(log: Any) -> list[str]:
    from solver.suites.heuristic import greedy
    from solver.suites.lns import Inst, makespan_lower_bound
    from solver.suites.model import build

    text = generate_text(150, 30, 99, seed=7)
    n, m, p, s = parse_text(text)
    t0 = time.monotonic()
    prob = parse(to_scenario(n, m, p, s, "gen150x30"))
    t_parse = time.monotonic() - t0
    t0 = time.monotonic()
    Inst(prob)
    greedy(prob)
    makespan_lower_bound(prob)
    t_lns = time.monotonic() - t0
    t0 = time.monotonic()
    b = build(prob, objective_kind="makespan")
    t_full = time.monotonic() - t0
    n_arcs = sum(len(a) for a in b.arcs.values())
    fac = facility(6)  # 150 campaigns, 42 suites with capabilities
    t0 = time.monotonic()
    fp = parse(fac)
    pl, _ = greedy(fp)
    from solver.suites.search import restrict_candidates

    allowed = restrict_candidates(fp, pl, 0)
    fb = build(fp, allowed=allowed)
    t_fac = time.monotonic() - t0
    log(f"build: parse {t_parse:.2f}s, LNS setup {t_lns:.2f}s, full CP-SAT model {t_full:.2f}s ({n_arcs} arcs), "
        f"facility x6 {t_fac:.2f}s ({sum(len(a) for a in fb.arcs.values())} arcs)")
    return [
        "| what (150 campaigns x 30 suites) | seconds |",
        "|---|---|",
        f"| parse vr scenario (150x150 changeover matrix per suite) | {t_parse:.2f} |",
        f"| LNS path set-up: arrays + greedy start + lower bound (what solve() builds for vr) | {t_lns:.2f} |",
        f"| full CP-SAT circuit model, every campaign eligible everywhere ({n_arcs} arcs) | {t_full:.2f} |",
        f"| facility x6 (150 campaigns, 42 suites): parse + greedy + restricted CP-SAT model ({sum(len(a) for a in fb.arcs.values())} arcs) | {t_fac:.2f} |",
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--time-limits", type=float, nargs="+", default=[10.0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--sets", nargs="+", default=["vr-small", "vr-large", "vr-gen", "facility", "build", "pyjobshop"])
    ap.add_argument("--pyjobshop-n", type=int, default=4, help="vr instances per set for PyJobShop")
    ap.add_argument("--log", default="-")
    args = ap.parse_args()
    if args.quick:
        args.time_limits = [min(args.time_limits[0], 5.0)]
        args.seeds = args.seeds[:1]
    logf = sys.stderr if args.log == "-" else open(args.log, "a")  # noqa: SIM115

    def log(msg: str) -> None:
        print(msg, file=logf, flush=True)

    out: list[str] = [f"# solver benchmark {date.today()} on {platform.node()} ({platform.machine()}, "
                      f"Python {platform.python_version()}), workers={args.workers}, seeds={args.seeds}", ""]
    vr_lines, fac_lines, pj_lines = [], [], []
    for tl in args.time_limits:
        for name in ("vr-small", "vr-large"):
            if name in args.sets and (SHARED / name).exists():
                vr_lines.append(summarize(name, tl, bench_vr(name, tl, args.seeds, args.workers, args.quick, log)))
        if "vr-gen" in args.sets:
            vr_lines.append(summarize("vr-gen n=100..250", tl,
                                      bench_gen(tl, args.seeds, args.workers, args.quick, log)))
        if "facility" in args.sets:
            fac_lines += bench_facility(tl, args.seeds, args.workers, log, [1, 3] if args.quick else [1, 3, 10])
        if "pyjobshop" in args.sets:
            for name in ("vr-small", "vr-large"):
                insts = vr_instances(name, False)[:: max(1, len(vr_instances(name, False)) // args.pyjobshop_n)]
                insts = insts[: args.pyjobshop_n]
                ours, theirs = [], []
                for inst, path, ref in insts:
                    a = run_vr(path, None, tl, args.seeds[0], args.workers)
                    b = run_pyjobshop(path, tl, args.workers)
                    log(f"side-by-side {inst} tl={tl} ref={ref} ours={a['obj']} ({a['status']}, {a['wall']:.1f}s) "
                        f"pyjobshop={b['obj']} ({b['status']}, {b['wall']:.1f}s)")
                    ours.append({"ref": ref, "objs": [a["obj"]], "walls": [a["wall"]],
                                 "optimal": [a["status"] == "optimal"], "ok": [a["ok"]]})
                    theirs.append({"ref": ref, "objs": [b["obj"]], "walls": [b["wall"]],
                                   "optimal": [b["status"] == "optimal"], "ok": [True]})
                pj_lines.append(summarize(f"{name} ours", tl, ours))
                pj_lines.append(summarize(f"{name} PyJobShop", tl, theirs))
    if vr_lines:
        out += ["## Vallada-Ruiz (gap = median makespan over seeds vs reference; measured by vr_verify.py)", "",
                HEADER, *vr_lines, ""]
    if pj_lines:
        out += ["## Side by side with PyJobShop 0.0.9 (CP-SAT), seed 0, same instances", "", HEADER, *pj_lines, ""]
    if fac_lines:
        out += ["## Realistic facilities (solver.generate; gap = (objective - bound) / objective)", "",
                "| facility | limit | status | objective med | gap % med | unplanned | wall med s | check fails | engine |",
                "|---|---|---|---|---|---|---|---|---|", *fac_lines, ""]
    if "build" in args.sets:
        out += ["## Model build", "", *bench_build(log), ""]
    print("\n".join(out))
    json.dumps({})


if __name__ == "__main__":
    main()
