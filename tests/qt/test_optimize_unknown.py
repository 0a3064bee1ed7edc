"""A result the solver could not make valid (status `unknown`, its conflicts listed) is shown but
can never be applied from the Optimize dialog."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from necst_desktop.domain.model import SlotKind


def _moved_result(window: Any, status: str) -> dict[str, Any]:
    """RESULT.json that moves one planned campaign a day later, with the given status."""
    snap = window.ctx.snapshot
    slot = next(s for s in snap.slots if s.kind == SlotKind.CAMPAIGN)
    camp = snap.campaign(slot.campaign_id)
    suite = next(s for s in snap.suites if s.id == slot.suite_id)
    day = timedelta(days=1)
    return {"status": status, "objective": 1, "bound": 0, "wall_s": 0.1,
            "slots": [{"kind": "campaign", "suite": suite.code, "campaign": camp.code,
                       "start": (slot.start + day).isoformat(), "end": (slot.end + day).isoformat()}],
            "unplanned": [], "penalties": {}, "conflicts": ["Room 1 has no daily clean on Mon 2 Mar"],
            "stats": {}}


def test_unknown_result_lists_its_conflicts_and_cannot_be_accepted(window: Any) -> None:
    """The same moved plan: accepted when feasible, refused (button off, conflict listed) when
    the solver reports it unknown."""
    dialog = window.optimize()
    dialog.show_result(_moved_result(window, "feasible"))
    assert dialog.diff is not None and not dialog.diff.empty
    assert dialog.accept_btn.isEnabled()
    dialog.show_result(_moved_result(window, "unknown"))
    assert not dialog.accept_btn.isEnabled()
    items = [dialog.diff_list.item(i).text() for i in range(dialog.diff_list.count())]
    assert any(x.startswith("conflict: Room 1 has no daily clean") for x in items)
    dialog.reject()
