"""python -m solver: solve, check, import-benchmark; bad input exits 2 with one line, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import SHARED, D, campaign, scenario

VR = SHARED / "vr-small" / "I_6_2_S_1-9_1.txt"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "solver", *args], capture_output=True, text=True)


def test_solve_then_check_roundtrip(tmp_path: Path) -> None:
    """solve writes RESULT.json that check accepts (exit 0); a tampered plan exits 1 with words."""
    sc = tmp_path / "s.json"
    sc.write_text(json.dumps(scenario([campaign("A", D), campaign("B", D)])))
    out = tmp_path / "r.json"
    p = _cli("solve", str(sc), "--time-limit", "3", "--workers", "2", "-o", str(out), "--quiet")
    assert p.returncode == 0, p.stderr
    assert _cli("check", str(sc), str(out)).returncode == 0
    res = json.loads(out.read_text())
    res["slots"] = [s for s in res["slots"] if s["kind"] != "changeover"]
    camp = [s for s in res["slots"] if s["kind"] == "campaign"]
    camp[1]["start"], camp[1]["end"] = camp[0]["start"], camp[0]["end"]
    out.write_text(json.dumps(res))
    c = _cli("check", str(sc), str(out))
    assert c.returncode == 1 and "[overlap]" in c.stdout


@pytest.mark.skipif(not VR.exists(), reason="../shared/benchmarks not present")
def test_import_benchmark_vr(tmp_path: Path) -> None:
    """import-benchmark --format vr writes a scenario that solves to a valid plan."""
    sc = tmp_path / "vr.json"
    assert _cli("import-benchmark", "--format", "vr", str(VR), "-o", str(sc)).returncode == 0
    data = json.loads(sc.read_text())
    assert data["suites"][1]["id"].endswith("1") and data["campaigns"][5]["id"].endswith("5")


@pytest.mark.parametrize("args", [
    ("solve", "/nonexistent.json"),
    ("solve", "x.json", "--time-limit", "abc"),
    ("check", "/nonexistent.json", "/nonexistent2.json"),
    ("import-benchmark", "--format", "vr", "/nonexistent.txt"),
    ("import-benchmark", "--format", "xyz", "a"),
    ("frobnicate",),
])
def test_bad_input_exits_2_without_traceback(args: tuple[str, ...]) -> None:
    """Bad arguments or files give exit code 2 and one clear line on stderr."""
    p = _cli(*args)
    assert p.returncode == 2
    assert "Traceback" not in p.stderr and p.stderr.strip().count("\n") == 0, p.stderr


def test_broken_scenario_names_the_field(tmp_path: Path) -> None:
    """A scenario with a broken field: exit 2, the message names the field."""
    data = scenario([campaign("A", D)])
    data["campaigns"][0]["duration_min"] = -1
    sc = tmp_path / "s.json"
    sc.write_text(json.dumps(data))
    p = _cli("solve", str(sc))
    assert p.returncode == 2 and "campaigns[0].duration_min" in p.stderr


EXAMPLES = Path(__file__).resolve().parents[2] / "solver" / "examples"


def test_solve_prints_the_rosters_own_figures(tmp_path: Path) -> None:
    """On a roster scenario (Curtois-Qu instance 1, no campaigns) solve prints the roster's
    status, objective, bound and uncovered count, the same as RESULT.json holds, not the empty
    suite plan's 'optimal: objective 0'; writing the file is said too."""
    out = tmp_path / "r.json"
    p = _cli("solve", str(EXAMPLES / "curtois-Instance1.json"), "--time-limit", "2",
             "--workers", "2", "-o", str(out))
    assert p.returncode == 0, p.stderr
    res = json.loads(out.read_text())
    roster = res["stats"]["roster"]
    assert roster["roster_status"] in ("optimal", "feasible")
    line = next(ln for ln in p.stderr.splitlines() if ln.startswith("roster "))
    assert line.startswith(f"roster {roster['roster_status']}: objective "
                           f"{roster['roster_objective']}, bound {roster['roster_bound']}, "
                           f"{len(res['uncovered'])} uncovered"), line
    assert roster["roster_objective"] >= 607  # the proven optimum of instance 1
    assert "optimal: objective 0" not in p.stderr and "no campaigns to plan" in p.stderr
    assert f"Wrote {out}" in p.stderr


def test_import_benchmark_says_what_it_wrote(tmp_path: Path) -> None:
    """import-benchmark with -o says which file it wrote (it printed nothing before)."""
    out = tmp_path / "vr.json"
    p = _cli("import-benchmark", "--format", "vr", str(EXAMPLES / "vr-I_6_2_S_1-9_1.txt"),
             "-o", str(out))
    assert p.returncode == 0 and p.stderr.strip() == f"Wrote {out}" and out.exists()
