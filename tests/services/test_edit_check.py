"""EditPlanner (the timeline's rule check and command builder), Why? and Earliest slot, on the
demo facility without Qt."""

from __future__ import annotations

from datetime import timedelta

from necst_desktop.domain.commands import Batch, Create, Retire, Update
from necst_desktop.domain.model import SlotKind
from necst_desktop.persistence.db import Database
from necst_desktop.services.editing import EditingService
from necst_desktop.services.planning.edit_check import EditPlanner, Placement
from necst_desktop.services.planning.explain import earliest_slots, why
from necst_desktop.services.queries import load_snapshot


def _first(planner: EditPlanner, hours: float, *, ok: bool = True, words: str = "") -> tuple:
    for s in sorted(planner.snap.slots, key=lambda s: s.start):
        if s.kind != SlotKind.CAMPAIGN:
            continue
        d = timedelta(hours=hours)
        pl = Placement(s.suite_id, s.start + d, s.end + d, s.id, s.campaign_id)
        ev = planner.evaluate([pl])
        if ok and ev.ok:
            return s, pl, ev
        if not ok and ev.reason and words in ev.reason:
            return s, pl, ev
    raise AssertionError("no such booking in the demo")


def test_move_is_one_batch_that_the_service_accepts(demo_db: Database) -> None:
    """A feasible move becomes one Batch (move + recomputed changeovers/cleans) that the editing
    service applies without tripping its overlap invariant, and the checker finds no new hard
    rule broken."""
    planner = EditPlanner(load_snapshot(demo_db))
    slot, pl, ev = _first(planner, 24)
    assert isinstance(ev.command, Batch)
    assert any(isinstance(c, Update) and c.id == slot.id for c in ev.command.commands)
    hard, _soft = planner.full_check([pl], ev)
    assert hard == []
    EditingService(demo_db).apply(ev.command)
    after = load_snapshot(demo_db)
    moved = next(s for s in after.slots if s.id == slot.id)
    assert moved.start == slot.start + timedelta(hours=24)
    kinds = {type(c) for c in ev.command.commands}
    assert kinds <= {Update, Retire, Create}


def test_refusals_are_in_words(demo_db: Database) -> None:
    """Too early a start and a pinned campaign are refused with a sentence naming the rule."""
    planner = EditPlanner(load_snapshot(demo_db))
    _s, _pl, ev = _first(planner, -72, ok=False, words="earliest start")
    assert ev.command is None and "may not start before" in (ev.reason or "")
    _s, _pl, ev = _first(planner, 1, ok=False, words="pinned")
    assert "unpin it" in (ev.reason or "")


def test_changeover_gap_is_enforced(demo_db: Database) -> None:
    """Pushing a campaign against its successor without room for the changeover is refused with
    the changeover's length and steps."""
    planner = EditPlanner(load_snapshot(demo_db))
    found = None
    for s in planner.snap.slots:
        if s.kind != SlotKind.CAMPAIGN or planner.snap.campaign(s.campaign_id or 0).pinned:
            continue
        nxt = [o for o in planner.by_suite[s.suite_id] if o.kind == SlotKind.CAMPAIGN and o.start >= s.end]
        if nxt:
            gap = nxt[0].start - s.end
            pl = Placement(s.suite_id, s.start + gap, s.end + gap, s.id, s.campaign_id)
            ev = planner.evaluate([pl])
            if ev.reason and "changeover" in ev.reason:
                found = ev
                break
    assert found is not None and " h " in (found.reason or "")


def test_earliest_slots_are_feasible_and_sorted(demo_db: Database) -> None:
    """Each earliest slot passes the rule check and they come earliest first."""
    snap = load_snapshot(demo_db)
    planner = EditPlanner(snap)
    camp = snap.unplanned[0]
    slots = earliest_slots(snap, camp.id or 0, planner=planner)
    starts = [e.start for e in slots if e.start is not None]
    assert starts == sorted(starts) and starts
    for e in slots:
        if e.start is not None and e.end is not None:
            assert planner.evaluate([Placement(e.suite_id, e.start, e.end, None, camp.id)]).ok
            assert e.start >= camp.earliest_start


def test_why_names_the_campaign(demo_db: Database) -> None:
    """Why? answers in words that name the campaign, planned or not."""
    snap = load_snapshot(demo_db)
    planned = next(s for s in snap.slots if s.kind == SlotKind.CAMPAIGN)
    code = snap.campaign(planned.campaign_id or 0).code
    assert any(code in line for line in why(snap, planned.campaign_id or 0))
    unplanned = snap.unplanned[0]
    assert any(unplanned.code in line for line in why(snap, unplanned.id or 0))
