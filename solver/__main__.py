"""Command line: python -m solver solve|check|import-benchmark ... (see --help).

``solve --stop-file PATH`` can be stopped early and keeps its best plan: creating that file (or
SIGINT/SIGTERM) stops the search; the result, with ``"stopped_early"``, is written whole (through
a temporary file) so that a reader never sees half of it. The window's Optimize dialog runs this.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn


class _Args(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        print(f"solver: {message}", file=sys.stderr)
        raise SystemExit(2)


def _fail(msg: str) -> NoReturn:
    print(f"solver: {msg}", file=sys.stderr)
    raise SystemExit(2)


def _write(path: str | None, data: Any, *, whole: bool = False) -> None:
    """Write JSON to ``path`` ("-": stdout); ``whole``: through ``path.part`` and a rename, so
    that a reader waiting for the file never sees half of it."""
    text = json.dumps(data, indent=1, ensure_ascii=False)
    if path in (None, "-"):
        print(text)
        return
    target = Path(f"{path}.part") if whole else Path(path)
    try:
        target.write_text(text + "\n", encoding="utf-8")
        if whole:
            os.replace(target, path)
    except OSError as e:
        if whole:
            target.unlink(missing_ok=True)
        _fail(f"cannot write {path}: {e.strerror}")
    print(f"Wrote {path}", file=sys.stderr)


def _stop_signal(stop_file: str) -> Callable[[], bool]:
    """True once ``stop_file`` exists or SIGINT/SIGTERM came (then the search stops and the best
    plan found so far is written)."""
    flag = threading.Event()
    for name in ("SIGINT", "SIGTERM"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), lambda *_: flag.set())
    return lambda: flag.is_set() or os.path.exists(stop_file)


def main(argv: list[str] | None = None) -> int:
    ap = _Args(prog="python -m solver", description="NECST suite optimizer")
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("solve", help="plan a scenario")
    s.add_argument("scenario")
    s.add_argument("--time-limit", type=float, default=10.0)
    s.add_argument("--workers", type=int, default=8)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--deterministic", action="store_true")
    s.add_argument("--objective", choices=("weighted", "makespan"))
    s.add_argument("--quiet", action="store_true")
    s.add_argument("-o", "--out", default="-")
    s.add_argument("--stop-file", default=None,
                   help="stop early (keeping the best plan) once this file exists "
                        "or on SIGINT/SIGTERM")
    c = sub.add_parser("check", help="check a plan against a scenario")
    c.add_argument("scenario")
    c.add_argument("result")
    i = sub.add_parser("import-benchmark", help="convert a benchmark instance to a scenario")
    i.add_argument("--format", required=True, choices=("vr", "curtois"))
    i.add_argument("file")
    i.add_argument("-o", "--out", default="-")
    args = ap.parse_args(argv)

    from .errors import SolverError
    from .scenario import load

    try:
        if args.cmd == "import-benchmark":
            if args.format == "vr":
                from .benchmarks.vr import import_file

                data = import_file(args.file)
            else:
                from .roster import curtois as mod

                if not Path(args.file).is_file():
                    _fail(f"cannot read {args.file}")
                try:
                    data = mod.import_file(args.file)
                except (ValueError, OSError, KeyError, IndexError) as e:
                    _fail(f"{args.file}: not a Curtois-Qu instance ({e})")
            _write(args.out, data)
            return 0
        if args.cmd == "solve":
            if args.time_limit <= 0 or args.workers < 1:
                _fail("--time-limit must be > 0 and --workers >= 1")
            problem = load(args.scenario)
            from . import solve

            def progress(obj: float, bound: float, t: float) -> None:
                if not args.quiet:
                    print(f"{t:7.2f}s  objective {obj:.0f}  bound {bound:.0f}", file=sys.stderr,
                          flush=True)

            stop = _stop_signal(args.stop_file) if args.stop_file is not None else None
            res = solve(problem, time_limit_s=args.time_limit, workers=args.workers, seed=args.seed,
                        deterministic=args.deterministic, progress=progress, stop=stop,
                        objective=args.objective)
            out = res.to_dict()
            if stop is not None:
                out["stopped_early"] = stop()
            _write(args.out, out, whole=stop is not None)
            if not args.quiet:
                roster = res.stats.get("roster")
                if not problem.campaigns and isinstance(roster, dict):
                    print("suites: no campaigns to plan (a roster-only scenario)", file=sys.stderr)
                else:
                    print(f"{'suites ' if roster else ''}{res.status}: objective {res.objective}, "
                          f"bound {res.bound}, {len(res.unplanned)} unplanned, {res.wall_s:.2f}s",
                          file=sys.stderr)
                if isinstance(roster, dict):  # the staff part: its own status and figures
                    print(f"roster {roster.get('roster_status')}: objective "
                          f"{roster.get('roster_objective')}, bound {roster.get('roster_bound')}, "
                          f"{len(res.uncovered)} uncovered, {roster.get('roster_wall_s', 0):.2f}s",
                          file=sys.stderr)
                elif roster:
                    print(f"roster: {roster}", file=sys.stderr)
                for line in res.conflicts:
                    print(f"  conflict: {line}", file=sys.stderr)
            return 0
        # check
        problem = load(args.scenario)
        from .check import check
        from .result import Result

        try:
            raw = json.loads(Path(args.result).read_text(encoding="utf-8"))
            result = Result.from_dict(raw)
        except OSError as e:
            _fail(f"cannot read {args.result}: {e.strerror}")
        except (ValueError, KeyError, TypeError) as e:
            _fail(f"{args.result} is not a RESULT.json: {e}")
        violations = check(problem, result)
        for v in violations:
            print(f"[{v.rule}] {v.message}")
        print(f"{len(violations)} violation(s)", file=sys.stderr)
        return 1 if violations else 0
    except SolverError as e:
        _fail(str(e))


if __name__ == "__main__":
    sys.exit(main())
