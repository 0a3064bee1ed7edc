"""Vallada-Ruiz instances: importer ids, optima of a few vr-small instances, independent check."""

from __future__ import annotations

import csv
import importlib.util
import sys

import pytest

from solver import solve
from solver.benchmarks.vr import generate_text, import_file, parse_text, to_scenario
from solver.scenario import parse

from .helpers import SHARED, assert_valid

VR_SMALL = SHARED / "vr-small"
needs_vr = pytest.mark.skipif(not (VR_SMALL / "reference.csv").exists(),
                              reason="../shared/benchmarks/vr-small not present")


def _reference() -> dict[str, int]:
    with open(VR_SMALL / "reference.csv") as f:
        return {r["instance"]: int(r["optimum"]) for r in csv.DictReader(f)}


def _verifier():  # the shared independent checker, loaded from its file
    spec = importlib.util.spec_from_file_location("vr_verify", SHARED / "check" / "vr_verify.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("vr_verify", mod)
    spec.loader.exec_module(mod)
    return mod


@needs_vr
@pytest.mark.parametrize("name", ["I_10_2_S_1-9_1.txt", "I_12_5_S_1-124_1.txt", "I_12_3_S_1-124_1.txt",
                                  "I_8_4_S_1-9_2.txt", "I_6_4_S_1-9_1.txt"])
def test_vr_small_reaches_proven_optimum(name: str) -> None:
    """Solving a vr-small instance proves the published optimum; the plan passes our checker
    and the shared vr_verify.py, whose measured makespan equals the optimum."""
    p = parse(import_file(VR_SMALL / name))
    r = solve(p, time_limit_s=10, workers=2)
    assert_valid(p, r)
    assert r.status == "optimal" and r.objective == _reference()[name]
    ver = _verifier().verify(str(VR_SMALL / name), r.to_dict())
    assert ver["ok"], ver["violations"]
    assert ver["makespan"] == _reference()[name]


def test_import_ids_and_generator() -> None:
    """Job j -> campaign J<j>, machine i -> suite M<i>; no cleaning, makespan objective; the
    generator follows the scheme (processing 1..99, setups 1..k, zero diagonal)."""
    n, m, pt, st = parse_text(generate_text(7, 3, 9, seed=1))
    assert (n, m) == (7, 3)
    assert all(1 <= x <= 99 for row in pt for x in row)
    assert all((a == b) == (st[i][a][b] == 0) and st[i][a][b] <= 9
               for i in range(m) for a in range(n) for b in range(n))
    data = to_scenario(n, m, pt, st, "gen")
    p = parse(data)
    assert [c.id for c in p.campaigns] == [f"J{j}" for j in range(7)]
    assert [s.id for s in p.suites] == ["M0", "M1", "M2"]
    assert p.objective.kind == "makespan" and not p.cleaning_rules
    assert p.changeover("M2", p.campaigns[1], p.campaigns[4]).duration_min == st[2][1][4]


def test_generated_large_instance_is_feasible_quickly() -> None:
    """An n=60, m=10 generated instance gets a valid plan (LNS path) within its time limit."""
    n, m, pt, st = parse_text(generate_text(60, 10, 49, seed=3))
    p = parse(to_scenario(n, m, pt, st, "gen"))
    r = solve(p, time_limit_s=2, workers=2)
    assert r.status in ("feasible", "optimal")
    assert_valid(p, r)
    assert r.bound is not None and r.objective is not None and r.bound <= r.objective
    assert r.wall_s < 4
