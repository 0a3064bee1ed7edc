"""python -m solver.roster solve|check|import-curtois ... (until `python -m solver` calls us)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def _load(path: str) -> Any:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _slots(args: argparse.Namespace, scenario: dict) -> list[dict]:
    if args.slots:
        return list(_load(args.slots).get("slots", []))
    return list(scenario.get("slots", []))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m solver.roster")
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser(
        "solve", help="roster a scenario (suite plan from --slots or scenario.slots)"
    )
    s.add_argument("scenario")
    s.add_argument("--slots", help="a RESULT.json whose slots are the suite plan")
    s.add_argument("--time-limit", type=float, default=10.0)
    s.add_argument("--workers", type=int, default=8)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--deterministic", action="store_true")
    s.add_argument("--greedy", action="store_true", help="the greedy baseline instead of CP-SAT")
    s.add_argument("--log", action="store_true")
    s.add_argument("-o", "--out", required=True)
    c = sub.add_parser("check", help="check a RESULT.json's assignments against a scenario")
    c.add_argument("scenario")
    c.add_argument("result")
    i = sub.add_parser("import-curtois", help="Curtois-Qu instance -> scenario JSON")
    i.add_argument("file")
    i.add_argument("-o", "--out", required=True)
    a = ap.parse_args(argv)

    from solver.roster import RosterError, parse_roster

    try:
        if a.cmd == "import-curtois":
            from solver.roster.curtois import import_file

            with open(a.out, "w", encoding="utf-8") as fh:
                json.dump(import_file(a.file), fh, indent=1)
            return 0
        sc = _load(a.scenario)
        p = parse_roster(sc)
        if p is None:
            print("no operators in the scenario", file=sys.stderr)
            return 2
        if a.cmd == "solve":
            slots = _slots(a, sc)
            if a.greedy:
                from solver.roster.greedy import greedy_roster

                r = greedy_roster(p, slots)
            else:
                from solver.roster import solve_roster

                def prog(obj: float, bd: float, el: float) -> None:
                    print(f"{el:8.2f}s objective {obj:.0f} bound {bd:.0f}", file=sys.stderr)

                r = solve_roster(
                    p,
                    slots,
                    time_limit_s=a.time_limit,
                    workers=a.workers,
                    seed=a.seed,
                    deterministic=a.deterministic,
                    progress=prog,
                    log=a.log,
                )
            out = {
                "status": r.status,
                "objective": r.objective,
                "bound": r.bound,
                "wall_s": round(r.wall_s, 3),
                "slots": slots,
            }
            out.update(r.to_dict())
            with open(a.out, "w", encoding="utf-8") as fh:
                json.dump(out, fh, indent=1)
            print(json.dumps({k: out[k] for k in ("status", "objective", "bound", "wall_s")}))
            if r.stats.get("reason"):
                print(f"no roster: {r.stats['reason']}", file=sys.stderr)
            return 0 if r.status in ("optimal", "feasible") else 1
        if a.cmd == "check":
            from solver.roster import check_roster

            res = _load(a.result)
            vs = check_roster(p, res.get("slots", []), res.get("assignments", []))
            for v in vs:
                print(f"{v.rule}: {v.message}")
            print(json.dumps({"ok": not vs, "violations": len(vs)}))
            return 0 if not vs else 1
    except RosterError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 2


if __name__ == "__main__":
    sys.exit(main())
