"""Domain objects refuse bad values with messages a planner understands, naming the field."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from necst_desktop.domain.errors import ValidationError
from necst_desktop.domain.model import (
    ENTITIES,
    Campaign,
    CleaningRule,
    Facility,
    Operator,
    Qualification,
    QualificationKind,
    ShiftDef,
    Slot,
    SlotKind,
    StaffNeed,
    Suite,
    User,
    WorkingTimeRules,
)
from necst_desktop.domain.records import from_record, to_record

T0 = datetime(2026, 12, 7, 7, tzinfo=UTC)


def _campaign(**kw: object) -> Campaign:
    base: dict[str, object] = {"code": "K1", "client_id": 1, "product_id": 1, "duration_hours": 48.0,
                               "earliest_start": T0}
    base.update(kw)
    return Campaign(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(("kwargs", "field", "words"), [
    ({"duration_hours": 0}, "duration_hours", "longer than 0 hours"),
    ({"duration_hours": -5}, "duration_hours", "longer than 0 hours"),
    ({"earliest_start": datetime(2026, 12, 7, 7)}, "earliest_start", "time zone"),
    ({"due": T0 - timedelta(hours=1)}, "due", "after the earliest start"),
    ({"due": T0 + timedelta(hours=47)}, "due", "cannot finish by its due date"),
    ({"priority": 0}, "priority", "1 (highest) to 5"),
    ({"code": "bad code!"}, "code", "letters, digits"),
    ({"suite_durations": {"S1": 0}}, "suite_durations", "longer than 0 hours"),
])
def test_campaign_refuses_bad_values(kwargs: dict[str, object], field: str, words: str) -> None:
    """A campaign of zero hours, a due date before its start, a naive time... never reach the solver."""
    with pytest.raises(ValidationError) as info:
        _campaign(**kwargs)
    assert info.value.field == field
    assert words in str(info.value)


def test_campaign_due_at_the_limit_is_accepted() -> None:
    """A due date exactly one duration after the earliest start is feasible and accepted."""
    c = _campaign(due=T0 + timedelta(hours=48))
    assert c.duration_in("S9") == 48.0


def test_other_entities_validate() -> None:
    """Suites, shifts, operators, rules and users each refuse their typical mistakes."""
    cases = [
        (lambda: Suite("S1", "Suite 1", max_occupancy=0), "max_occupancy"),
        (lambda: Suite("S1", "Suite 1", capabilities=("isolator", "isolator")), "capabilities"),
        (lambda: ShiftDef("early", "Early", "07:00", "07:00"), "end"),
        (lambda: ShiftDef("early", "Early", "7am", "15:00"), "start"),
        (lambda: Operator("OP1", "An Operator", contract_hours_week=70), "contract_hours_week"),
        (lambda: Operator("OP1", "An Operator", contract_hours_week=20, min_hours_week=30), "min_hours_week"),
        (lambda: CleaningRule("daily", 1, every_days=0), "every_days"),  # type: ignore[arg-type]
        (lambda: WorkingTimeRules(max_shift_hours=13), "max_shift_hours"),
        (lambda: WorkingTimeRules(max_week_hours=61), "max_week_hours"),
        (lambda: User("Admin", "A"), "username"),
        (lambda: User("admin", "Admin", roles=frozenset()), "roles"),
        (lambda: Facility("NECST", timezone="Mars/Olympus"), "timezone"),
        (lambda: Slot(SlotKind.CAMPAIGN, 1, T0, T0 + timedelta(hours=1)), "campaign_id"),
        (lambda: Slot(SlotKind.CLEANING, 1, T0, T0), "end"),
        (lambda: StaffNeed(QualificationKind.CLEANING, 0), "staffing.count"),
    ]
    for build, field in cases:
        with pytest.raises(ValidationError) as info:
            build()
        assert info.value.field == field, (field, str(info.value))


def test_records_round_trip_every_entity_kind() -> None:
    """Every entity survives to_record -> from_record unchanged (the audit trail's old/new values)."""
    samples = {
        "campaign": _campaign(staffing=(StaffNeed(QualificationKind.ASEPTIC_PROCESSING, 2, ("early", "late")),),
                              suite_durations={"S1": 40.0}, due=T0 + timedelta(days=5)),
        "operator": Operator("OP1", "Eva Visser", qualifications=(
            Qualification(QualificationKind.GOWNING_B, date(2027, 1, 1)),)),
        "user": User("qa", "Quirine QA"),
        "suite": Suite("S1", "Suite 1", capabilities=("isolator",)),
    }
    for kind, obj in samples.items():
        assert from_record(ENTITIES[kind], to_record(obj)) == obj


def test_record_decoding_names_the_field() -> None:
    """A record with text where a number belongs is refused with the field named."""
    rec = to_record(Suite("S1", "Suite 1"))
    rec["max_occupancy"] = "four"
    with pytest.raises(ValidationError) as info:
        from_record(Suite, rec)
    assert info.value.field == "max_occupancy"
    rec = to_record(Suite("S1", "Suite 1"))
    rec["colour"] = "red"
    with pytest.raises(ValidationError, match="colour"):
        from_record(Suite, rec)


def test_qualification_valid_until_its_expiry_day() -> None:
    """An operator is qualified on the expiry day and not the day after."""
    op = Operator("OP1", "Eva", qualifications=(Qualification(QualificationKind.GOWNING_B, date(2026, 12, 10)),))
    assert op.qualified(QualificationKind.GOWNING_B, date(2026, 12, 10))
    assert not op.qualified(QualificationKind.GOWNING_B, date(2026, 12, 11))
    assert not op.qualified(QualificationKind.MEDIA_FILL, date(2026, 12, 1))
