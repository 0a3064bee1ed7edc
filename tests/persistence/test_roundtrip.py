"""Every entity kind is saved and read back unchanged, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import text

from necst_desktop.domain.commands import Create
from necst_desktop.domain.model import ENTITIES, add_hours
from necst_desktop.domain.records import to_record
from necst_desktop.persistence import repository as repo
from necst_desktop.persistence.db import Database
from necst_desktop.services.editing import EditingService

AMS = ZoneInfo("Europe/Amsterdam")


def _seed(ed: EditingService) -> dict[str, int]:
    ids: dict[str, int] = {}

    def create(kind: str, values: dict[str, object]) -> int:
        ids[kind] = ed.apply(Create(entity=kind, values=values)).created_ids[0]
        return ids[kind]

    create("facility", {"name": "NECST", "timezone": "Europe/Amsterdam", "clean_hold_hours": 72.0})
    create("working_time_rules", {})
    create("suite", {"code": "S1", "name": "Suite 1", "capabilities": ["isolator", "closed-system"]})
    create("client", {"code": "LUMC", "name": "LUMC Haematology", "contact_email": "a@b.nl"})
    create("product", {"code": "CART19", "name": "CAR-T", "client_id": ids["client"],
                       "modality": "autologous-cell-therapy"})
    start = datetime(2026, 10, 24, 7, tzinfo=AMS)
    create("campaign", {"code": "K1", "client_id": ids["client"], "product_id": ids["product"],
                        "duration_hours": 49.0, "earliest_start": start.isoformat(),
                        "due": (start + timedelta(days=9)).isoformat(), "due_is_hard": True,
                        "required_capabilities": ["isolator"], "suite_durations": {"S1": 40.5},
                        "staffing": [{"qualification": "aseptic-processing", "count": 2,
                                      "shifts": ["early", "late"], "weekend_count": 1}]})
    k2 = ed.apply(Create(entity="campaign", values={
        "code": "K2", "client_id": ids["client"], "product_id": ids["product"],
        "duration_hours": 10.0, "earliest_start": start.isoformat()})).created_ids[0]
    create("dependency", {"predecessor_id": ids["campaign"], "successor_id": k2, "min_lag_hours": 168.0})
    create("changeover_rule", {"from_key": "viral-vector", "to_key": "cell-therapy", "duration_hours": 72,
                               "steps": ["VHP decontamination", "QA release"], "same_product": False,
                               "suite_id": ids["suite"]})
    create("cleaning_rule", {"kind": "weekly-sporicidal", "duration_hours": 3, "every_days": 7,
                             "tolerance_days": 1})
    create("shift", {"code": "night", "name": "Night", "start": "23:00", "end": "07:00", "night": True})
    create("operator", {"code": "OP1", "name": "Eva Visser", "contract_hours_week": 32.0,
                        "qualifications": [{"kind": "gowning-grade-b", "expires": "2027-01-31"}],
                        "days_off": [4]})
    create("leave", {"operator_id": ids["operator"], "start": "2026-12-24", "end": "2026-12-31"})
    create("slot", {"kind": "campaign", "suite_id": ids["suite"], "campaign_id": ids["campaign"],
                    "start": start.isoformat(), "end": add_hours(start, 49).isoformat(),
                    "steps": [], "pinned": True})
    create("roster_assignment", {"operator_id": ids["operator"], "day": "2026-10-24",
                                 "shift_code": "night",
                                 "start": datetime(2026, 10, 24, 23, tzinfo=AMS).isoformat(),
                                 "end": datetime(2026, 10, 25, 7, tzinfo=AMS).isoformat(),
                                 "qualification": "gowning-grade-b"})
    create("user", {"username": "qa", "full_name": "Quirine QA", "roles": ["qa", "planner"]})
    return ids


def test_every_entity_round_trips(db: Database) -> None:
    """What is saved is what is read back, field by field, for all 15 entity kinds."""
    ed = EditingService(db)
    ids = _seed(ed)
    assert set(ids) == set(ENTITIES)
    with db.read() as s:
        for kind, id_ in ids.items():
            entity = repo.get(s, kind, id_)
            assert entity.id == id_ and entity.version == 1
            rec = to_record(entity)
            # datetimes come back aware and in UTC, equal to what was written
            for value in rec.values():
                if isinstance(value, str) and "T" in value and value[:4].isdigit():
                    assert value.endswith("+00:00")
    with db.read() as s:
        slot = repo.get(s, "slot", ids["slot"])
        assert slot.hours == 49.0  # across the October DST change, real hours
        assert slot.start == datetime(2026, 10, 24, 5, tzinfo=UTC)
        ra = repo.get(s, "roster_assignment", ids["roster_assignment"])
        assert ra.hours == 9.0 and ra.day == date(2026, 10, 24)
        camp = repo.get(s, "campaign", ids["campaign"])
        assert camp.staffing[0].shifts == ("early", "late")
        assert camp.suite_durations == {"S1": 40.5}


def test_times_are_stored_in_utc(db: Database) -> None:
    """The database column holds UTC: 07:00 Amsterdam summer time is 05:00 UTC on disk."""
    ids = _seed(EditingService(db))
    with db.engine.connect() as conn:
        raw = conn.execute(text("SELECT start FROM slot WHERE id = :i"), {"i": ids["slot"]}).scalar()
    as_text = str(raw)
    assert as_text.startswith("2026-10-24 05:00:00"), as_text
