"""How long from the command to a shown main window (goal: at most 1.5 s).

Runs ``python -m necst_desktop.qt.app --db DEMO --quit-after 0.2`` several times on a demo
database made once beforehand (first start creates the demo; that is not what we time). Two
figures per run: what the app reports (``window shown after X s``, from the first line of
``necst_desktop.qt.app`` to the first event-loop turn after ``show()``) and the wall clock around
the whole subprocess (interpreter start, imports, window, quit after 0.2 s, minus that 0.2 s).

    .venv/bin/python bench/bench_startup.py [--runs 7] [--platform offscreen]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUIT_AFTER = 0.2


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    args = ap.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM=args.platform)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.sqlite"
        subprocess.run([sys.executable, "-m", "necst", "demo", "--db", str(db)],
                       env=env, capture_output=True, check=False)
        if not db.exists():  # the CLI may not be a module; fall back to the first start
            subprocess.run([sys.executable, "-m", "necst_desktop.qt.app", "--db", str(db),
                            "--quit-after", "0.1"], env=env, capture_output=True, check=True)
        rows = []
        for i in range(args.runs):
            t0 = time.perf_counter()
            out = subprocess.run([sys.executable, "-m", "necst_desktop.qt.app", "--db", str(db),
                                  "--quit-after", str(QUIT_AFTER)], env=env, capture_output=True,
                                 text=True, check=True)
            wall = time.perf_counter() - t0 - QUIT_AFTER
            m = re.search(r"window shown after ([0-9.]+) s", out.stdout)
            shown = float(m.group(1)) if m else float("nan")
            rows.append((i + 1, shown, wall))
        # Reference under the same load: the interpreter plus the two unavoidable imports.
        refs = []
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", "import PySide6.QtWidgets, sqlalchemy.orm"],
                           env=env, check=True)
            refs.append(time.perf_counter() - t0)
    print(f"{'run':>4} {'app-reported s':>15} {'wall (cmd to shown) s':>22}")
    for i, shown, wall in rows:
        print(f"{i:>4} {shown:>15.3f} {wall:>22.3f}")
    med_shown = statistics.median(r[1] for r in rows)
    med_wall = statistics.median(r[2] for r in rows)
    print(f"{'med':>4} {med_shown:>15.3f} {med_wall:>22.3f}")
    ref = statistics.median(refs)
    print(f"reference: python -c 'import PySide6.QtWidgets, sqlalchemy.orm' {ref:.3f} s; "
          f"window/reference = {med_wall / ref:.2f}")
    print(f"goal <= 1.5 s (wall): {'met' if med_wall <= 1.5 else 'NOT met'}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
