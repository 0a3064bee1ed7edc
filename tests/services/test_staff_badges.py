"""Timeline badges: 'staff short' comes from the saved roster, shift by shift."""

from __future__ import annotations

from necst_desktop.domain.commands import Retire
from necst_desktop.persistence.db import Database
from necst_desktop.services.editing import EditingService
from necst_desktop.services.planning.edit_check import EditPlanner
from necst_desktop.services.queries import load_snapshot


def test_roster_shortfall_shows_as_a_badge(demo_db: Database) -> None:
    """The demo roster covers its bookings (no badge); taking one person off a campaign shift
    makes that booking say which shift lacks whom."""
    snap = load_snapshot(demo_db)
    before = EditPlanner(snap).warnings()
    assert not any("staff short in the roster" in n for notes in before.values() for n in notes)
    a = next(x for x in snap.assignments if x.slot_id is not None)
    EditingService(demo_db).apply(Retire(entity="roster_assignment", id=a.id or 0,
                                         expected_version=a.version))
    after = EditPlanner(load_snapshot(demo_db)).warnings()
    notes = after.get(a.slot_id or 0, [])
    assert any("staff short in the roster" in n and a.shift_code in n and f"{a.day:%d}" in n
               for n in notes), notes
