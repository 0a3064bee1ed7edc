"""The scenario format: valid files parse, broken fields are rejected naming the field, the
roster keys pass through untouched, the JSON Schema describes what the parser accepts."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from solver.errors import ScenarioError
from solver.generate import facility
from solver.scenario import load, parse, to_dict

from .helpers import D, at, campaign, scenario

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "solver" / "schema" / "scenario.schema.json").read_text())


def _base() -> dict:
    return scenario([campaign("K1", D), campaign("K2", 2 * D, earliest_start=at(D), due=at(5 * D))],
                    dependencies=[{"before": "K1", "after": "K2", "min_lag_min": 60}],
                    unavailable=[{"suite": "S1", "start": at(8 * D), "end": at(9 * D)}])


@pytest.mark.parametrize(("path", "value", "field"), [
    (("campaigns", 1, "duration_min"), 0, "campaigns[1].duration_min"),
    (("campaigns", 1, "duration_min"), -5, "campaigns[1].duration_min"),
    (("campaigns", 1, "duration_min"), "2 days", "campaigns[1].duration_min"),
    (("campaigns", 0, "earliest_start"), "2026-03-02T07:00", "campaigns[0].earliest_start"),
    (("campaigns", 0, "earliest_start"), "next monday", "campaigns[0].earliest_start"),
    (("campaigns", 0, "eligible_suites"), ["S9"], "campaigns[0].eligible_suites[0]"),
    (("campaigns", 0, "id"), None, "campaigns[0].id"),
    (("dependencies", 0, "before"), "K9", "dependencies[0].before"),
    (("unavailable", 0, "suite"), "S9", "unavailable[0].suite"),
    (("unavailable", 0, "end"), at(7 * D), "unavailable[0].end"),
    (("suites", 0, "max_occupancy"), 0, "suites[0].max_occupancy"),
    (("horizon_end",), at(0), "horizon_end"),
    (("version",), 2, "version"),
    (("timezone",), "Mars/Olympus", "timezone"),
])
def test_broken_field_is_named(path: tuple, value: object, field: str) -> None:
    """Each broken field raises ScenarioError whose message starts with the field path."""
    data = _base()
    node = data
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value
    with pytest.raises(ScenarioError) as e:
        parse(data)
    assert str(e.value).startswith(field + ":"), str(e.value)


def test_missing_duration_and_pinned_fields() -> None:
    """A campaign without any duration, and a pinned campaign without its suite, are named."""
    data = _base()
    del data["campaigns"][0]["duration_min"]
    with pytest.raises(ScenarioError, match=r"^campaigns\[0\]\.duration_min"):
        parse(data)
    data = _base()
    data["campaigns"][0]["pinned"] = True
    with pytest.raises(ScenarioError, match=r"^campaigns\[0\]\.pinned_suite"):
        parse(data)


def test_unknown_top_level_key_rejected_but_roster_keys_accepted() -> None:
    """A misspelt key is rejected; shifts/operators/demands/working_time are kept untouched."""
    data = _base()
    data["campaings"] = []
    with pytest.raises(ScenarioError, match=r"^campaings"):
        parse(data)
    data = _base()
    roster = {"shifts": [{"id": "early", "start": "07:00", "end": "15:00"}], "demands": [],
              "working_time": {"max_shift_h": 12}}
    data.update(copy.deepcopy(roster))
    p = parse(data)
    assert dict(p.roster_data) == roster


def test_round_trip_and_dst_minutes() -> None:
    """to_dict(parse(x)) parses to the same problem; minutes are real elapsed time across DST."""
    p = parse(facility(1))
    assert parse(to_dict(p)) == p
    data = scenario([campaign("K", 60, earliest_start="2026-03-29T03:00:00+02:00")], days=30)
    q = parse(data)
    # 2 Mar 00:00 CET -> 29 Mar 03:00 CEST is 27 days minus... 27*24h + 2h wall, 1 h lost
    assert q.campaign_by_id["K"].earliest_start_min == 27 * D + 2 * 60


def test_examples_validate_against_schema(tmp_path: Path) -> None:
    """The generated facility and a tiny scenario are valid under the JSON Schema, and a broken
    one is not; load() reads a file."""
    for data in (facility(1), _base(), to_dict(parse(facility(1)))):
        jsonschema.validate(data, SCHEMA)
    bad = _base()
    bad["campaigns"][0]["duration_min"] = 0
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SCHEMA)
    f = tmp_path / "s.json"
    f.write_text(json.dumps(_base()))
    assert len(load(f).campaigns) == 2


def test_load_errors_are_one_line() -> None:
    """A missing file and invalid JSON raise ScenarioError with a plain message."""
    with pytest.raises(ScenarioError, match="cannot read"):
        load("/nonexistent/x.json")


def test_roster_only_scenario_needs_no_suites() -> None:
    """A staff-only scenario (no suites, no campaigns) parses; campaigns without suites do not."""
    data = scenario([], suites=[])
    assert parse(data).suites == ()
    data = scenario([campaign("K", D)], suites=[])
    with pytest.raises(ScenarioError, match=r"^suites:"):
        parse(data)
