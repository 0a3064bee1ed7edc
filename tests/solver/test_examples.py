"""The example scenarios shipped in solver/examples/ stay what the README says they are."""

from __future__ import annotations

import json
from pathlib import Path

from solver.benchmarks.vr import import_file as import_vr
from solver.roster.curtois import import_file as import_curtois
from solver.scenario import parse

EXAMPLES = Path(__file__).resolve().parents[2] / "solver" / "examples"


def test_benchmark_scenarios_are_the_import_of_their_text_files() -> None:
    """The shipped .json files are exactly what import-benchmark makes of the shipped .txt files
    (so they never drift apart), and the Vallada-Ruiz start is midnight in its own zone, UTC."""
    vr = json.loads((EXAMPLES / "vr-I_6_2_S_1-9_1.json").read_text())
    assert vr == import_vr(EXAMPLES / "vr-I_6_2_S_1-9_1.txt")
    assert vr["timezone"] == "UTC" and vr["horizon_start"].endswith("+00:00")
    roster = json.loads((EXAMPLES / "curtois-Instance1.json").read_text())
    assert roster == json.loads(json.dumps(import_curtois(EXAMPLES / "curtois-Instance1.txt")))
    assert not roster.get("campaigns") and parse(roster).roster is not None


def test_demo_scenario_is_the_demo_facility_with_its_plan() -> None:
    """demo.json is the demo facility (7 suites, 28 campaigns) with its current plan, whose
    bookings name the scenario's own campaigns and suites (the README solves and checks it)."""
    data = json.loads((EXAMPLES / "demo.json").read_text())
    problem = parse(data)
    assert len(problem.suites) == 7 and len(problem.campaigns) == 28
    assert problem.timezone == "Europe/Amsterdam" and len(data["current_plan"]) >= 15
    campaigns = {c.id for c in problem.campaigns}
    suites = {s.id for s in problem.suites}
    assert all(s["campaign"] in campaigns and s["suite"] in suites for s in data["current_plan"])
