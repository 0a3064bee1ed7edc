"""A strict scenario format: every object refuses unknown keys, naming the path and the nearest
allowed key, so that a misspelt `due_hrad` never silently drops a hard due date."""

from __future__ import annotations

import pytest

from solver.errors import ScenarioError
from solver.scenario import parse

from .helpers import D, at, campaign, scenario


def _data() -> dict:
    return scenario(
        [campaign("K1", D, due=at(5 * D), due_hard=True), campaign("K2", D)],
        dependencies=[{"before": "K1", "after": "K2", "min_lag_min": 60}],
        changeover_rules=[{"id": "r1", "from": "car-t", "to": "*", "duration_min": 60}],
        cleaning_rules=[{"id": "daily", "kind": "daily", "duration_min": 60}],
        unavailable=[{"suite": "S1", "start": at(8 * D), "end": at(9 * D)}],
        current_plan=[{"kind": "campaign", "campaign": "K1", "suite": "S1", "start": at(0), "end": at(D)}],
        objective={"kind": "weighted", "weights": {"lateness": 2}})


@pytest.mark.parametrize(("where", "bad", "message"), [
    ((), "campaings", "campaings: unknown key (did you mean campaigns?)"),
    (("campaigns", 0), "due_hrad", "campaigns[0].due_hrad: unknown key (did you mean due_hard?)"),
    (("suites", 0), "capabilites", "suites[0].capabilites: unknown key (did you mean capabilities?)"),
    (("dependencies", 0), "min_lag", "dependencies[0].min_lag: unknown key (did you mean min_lag_min?)"),
    (("changeover_rules", 0), "frm", "changeover_rules[0].frm: unknown key (did you mean from?)"),
    (("cleaning_rules", 0), "durration_min", "cleaning_rules[0].durration_min: unknown key (did you mean duration_min?)"),
    (("unavailable", 0), "stat", "unavailable[0].stat: unknown key (did you mean start?)"),
    (("current_plan", 0), "suit", "current_plan[0].suit: unknown key (did you mean suite?)"),
    (("objective",), "knd", "objective.knd: unknown key (did you mean kind?)"),
    (("objective", "weights"), "latness", "objective.weights.latness: unknown key (did you mean lateness?)"),
    (("campaigns", 1), "zzz", "campaigns[1].zzz: unknown key"),
])
def test_misspelt_key_in_every_object_is_refused_with_its_path(where: tuple, bad: str, message: str) -> None:
    """Each object type refuses a misspelt key; the message gives the path and, where one is
    close, the key that was meant."""
    data = _data()
    node = data
    for k in where:
        node = node[k]
    node[bad] = 1
    with pytest.raises(ScenarioError) as e:
        parse(data)
    assert str(e.value) == message


def test_the_valid_scenario_parses() -> None:
    """The scenario the cases above spoil is valid as it is (so each refusal is the key's)."""
    p = parse(_data())
    assert p.campaign_by_id["K1"].due_hard and p.changeover_rules[0].from_ == "car-t"


def test_bad_weekday_and_grade_values_are_named() -> None:
    """A misspelt weekday and an unknown room grade are refused with their paths."""
    data = _data()
    data["cleaning_rules"][0]["weekdays"] = ["mon", "tues"]
    with pytest.raises(ScenarioError, match=r"^cleaning_rules\[0\]\.weekdays\[1\]: .*did you mean tue"):
        parse(data)
    data = _data()
    data["campaigns"][0]["required_grade"] = "E"
    with pytest.raises(ScenarioError, match=r"^campaigns\[0\]\.required_grade: must be one of A, B, C, D"):
        parse(data)
    data = _data()
    data["dependencies"][0]["max_lag_min"] = 30
    with pytest.raises(ScenarioError, match=r"^dependencies\[0\]\.max_lag_min: must be >= min_lag_min"):
        parse(data)


def test_schema_describes_the_new_fields() -> None:
    """The JSON Schema accepts a generated facility with every new field, its round trip through
    to_dict, and refuses the same misspelt key the parser refuses."""
    import json
    from pathlib import Path

    import jsonschema

    from solver.benchmarks.facilities import scenario as facility
    from solver.scenario import to_dict

    schema = json.loads((Path(__file__).resolve().parents[2] / "solver" / "schema" / "scenario.schema.json").read_text())
    data = facility("small", 4)
    data["cleaning_rules"] = [{"id": "daily", "kind": "daily", "duration_min": 60, "weekdays": ["mon", "fri"]}]
    jsonschema.validate(data, schema)
    back = to_dict(parse(data))
    jsonschema.validate(back, schema)
    assert parse(back).dependencies == parse(data).dependencies
    assert any(u.get("counts_as_changeover") for u in back["unavailable"])
    data["campaigns"][0]["due_hrad"] = True
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
