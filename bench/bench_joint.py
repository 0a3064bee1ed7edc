"""Joint suite plan + roster vs suites-first, side by side in one run. Prints a markdown table.

    .venv/bin/python bench/bench_joint.py [--limit 10] [--sizes 6x16x4 8x22x4] [--seeds 1 2]
                                          [--workers 2] [--out bench/RESULTS-joint.md]

The timed runs start after a warm-up solve (imports). Facilities from bench/joint_facility.py (tight staff; the generated suite plan is the current
plan, on time). Every mode gets the same `--limit`: suites-only (no roster) and joint take it in
all; suites-first takes it on the suites, then again on the roster. Every result goes through solver.check
(suite rules) and solver.roster.check_roster (roster rules, and that the reported shortfall is
the real one); the hard-violations column must be 0. Not a timed test: compare within one run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from joint_facility import tight_facility  # noqa: E402

from solver import check, solve  # noqa: E402
from solver.roster import check_roster  # noqa: E402
from solver.scenario import parse  # noqa: E402


def run(data: dict[str, Any], joint: bool, limit: float, workers: int, seed: int,
        roster: bool = True, deterministic: bool = False) -> dict[str, Any]:
    p = parse(data)
    seen: list[float] = []
    t = time.monotonic()
    r = solve(p, time_limit_s=limit, workers=workers, seed=seed, joint=joint, roster=roster,
              deterministic=deterministic, progress=lambda _o, _b, _t: seen.append(time.monotonic() - t))
    wall = time.monotonic() - t
    viol = len(check(p, r))
    # soft rules (e.g. the generator's soft min_consecutive_days_off) are penalties, not breaks
    if roster:
        viol += sum(1 for v in check_roster(p.roster, r.to_dict()["slots"], r.assignments,
                                            r.uncovered) if v.hard)
    short = [u for u in r.uncovered if u.get("campaign") and "reason" not in u]
    place = {cid: (s.suite, s.start_min) for cid, s in r.campaign_slots().items()}
    return {
        "status": r.status,
        "uncovered": sum(int(u["missing"]) for u in r.uncovered),
        "campaign_short": sum(int(u["missing"]) for u in short),
        "campaigns_short": len({u["campaign"] for u in short}),
        "place": place,
        "unplanned": len(r.unplanned),
        "lateness": r.penalties.get("lateness_min", 0),
        "moves": r.penalties.get("moves", 0),
        "changeover": r.penalties.get("changeover_min", 0),
        "wall": wall,
        "violations": viol,
        "objective": r.objective,
        "planned": len(r.campaign_slots()),
        "staff_forced": r.stats.get("joint", {}).get("staff_forced"),
        "rounds": len(r.stats.get("joint", {}).get("rounds", [])),
        "best_round": r.stats.get("joint", {}).get("best_round"),
        "last_progress": max(seen, default=0.0),
        "round0": r.stats.get("joint", {}).get("round_0_search"),
        "greedy_roster": bool(isinstance(r.stats.get("roster"), dict)
                              and r.stats["roster"].get("roster_fallback")),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=float, default=10.0)
    ap.add_argument("--sizes", nargs="+", default=["6x16x4", "8x22x4"])
    ap.add_argument("--seeds", nargs="+", type=int, default=[1, 2])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", default=None)
    ap.add_argument("--deterministic", action="store_true",
                    help="deterministic mode (work units, not wall time); suites-first left out")
    a = ap.parse_args()
    load0 = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    head = ("| facility (suites x operators x weeks, seed) | mode | suite objective | planned | "
            "uncovered person-shifts | "
            "campaign person-shifts short | campaigns short | moved vs suites-first / unplanned | "
            "lateness min | changeover min | rounds (best) | wall s | last progress s | "
            "hard checker violations |")
    lines = [head, "|" + "---|" * 14]
    # imports and first-call set-up outside the timed runs
    run(tight_facility(2, 4, 1, seed=0), True, 0.5, a.workers, 0)
    for size in a.sizes:
        ns, no, nw = (int(x) for x in size.split("x"))
        for seed in a.seeds:
            data = tight_facility(ns, no, nw, seed=seed)
            det = a.deterministic
            only = run(data, False, a.limit, a.workers, seed, roster=False, deterministic=det)
            first = only if det else run(data, False, a.limit, a.workers, seed)
            joint = run(data, True, a.limit, a.workers, seed, deterministic=det)
            modes = (("suites-only", only), ("joint", joint)) if det else (
                ("suites-only", only), ("suites-first", first), ("joint", joint))
            for mode, r in modes:
                moved = sum(1 for c, pl in r["place"].items() if first["place"].get(c) != pl)
                rounds = "-" if mode != "joint" else f"{r['rounds']} ({r['best_round']})"
                if mode == "joint":
                    rounds += "; round 0 " + ("optimal" if r["round0"] == "proved optimal" else "cut")
                    rounds += "; greedy roster" if r["greedy_roster"] else ""
                unc = "-" if mode == "suites-only" else r["uncovered"]
                lines.append(
                    f"| {size} s{seed} | {mode} | {r['objective']} | {r['planned']} | {unc} | "
                    f"{r['campaign_short'] if mode != 'suites-only' else '-'} | "
                    f"{r['campaigns_short'] if mode != 'suites-only' else '-'} | {moved} / {r['unplanned']} | "
                    f"{r['lateness']} | {r['changeover']} | {rounds} | {r['wall']:.1f} | "
                    f"{r['last_progress']:.1f} | {r['violations']} |")
                if r.get("staff_forced"):
                    print("   staff forced:", r["staff_forced"], flush=True)
            print(*lines[-len(modes):], sep="\n", flush=True)
    load1 = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    table = "\n".join(lines)
    print()
    print(table)
    if a.out:
        Path(a.out).write_text(
            "# Joint suite plan + roster vs suites-first\n\n"
            f"`bench/bench_joint.py --limit {a.limit:g} --sizes {' '.join(a.sizes)} --seeds "
            f"{' '.join(map(str, a.seeds))} --workers {a.workers}`\n\n"
            f"Machine load: before `{load0}`; after `{load1}`.\n\n" + table + "\n",
            encoding="utf-8")


if __name__ == "__main__":
    main()
