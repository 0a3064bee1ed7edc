"""Undo and redo over the services, to any depth and with two users at once (Hypothesis state
machines on the demo facility, edits built as the window builds them).

- One user: any mix of moves (also to another suite), resizes, plans from the list,
  cancellations, editor changes, roster reassignments, pins and an accepted optimizer plan, with
  undos and redos in between; then undo everything (the plan equals the start, exactly: every
  live record with the same fields, ids included) and redo everything (it equals the end).
- Two users interleaving moves, undos and redos: an undo or redo is refused if and only if the
  other user changed one of the records the step changed itself since; derived changeovers and
  cleans that the other user's edits recomputed never block it.
"""

from __future__ import annotations

import itertools
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from necst_desktop.domain.commands import Update, cancel_campaign, set_pinned
from necst_desktop.domain.errors import ConflictError, NecstError
from necst_desktop.domain.model import Role, SlotKind
from necst_desktop.domain.records import to_record
from necst_desktop.persistence import repository as repo
from necst_desktop.persistence.db import Database
from necst_desktop.persistence.tables import ROWS
from necst_desktop.services.audit import verify_chain
from necst_desktop.services.editing import SYSTEM, Actor, EditingService
from necst_desktop.services.planning.edit_check import EditPlanner, Placement
from necst_desktop.services.queries import load_snapshot
from necst_desktop.services.undo import UndoStack

MACHINE = settings(max_examples=8, stateful_step_count=10, deadline=None, database=None,
                   suppress_health_check=list(HealthCheck))


def plan_state(db: Database) -> dict[str, list[dict[str, Any]]]:
    """Every live record of every kind, all fields but the version counter."""
    out = {}
    with db.read() as s:
        for kind in ROWS:
            rows = repo.list_all(s, kind, order_by="id")
            out[kind] = [{k: v for k, v in to_record(r).items() if k != "version"} for r in rows]
    return out


def copy_demo(template: Path, tmp: Path, name: str) -> Database:
    path = tmp / name
    shutil.copy(template, path)
    return Database(f"sqlite:///{path}")


@pytest.fixture(scope="module")
def optimizer_result(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One optimizer result for the demo (the state machine accepts it as a plan)."""
    from necst_desktop.services.planning import default_horizon, run_optimizer

    db = copy_demo(demo_template, tmp_path_factory.mktemp("opt"), "opt.sqlite")
    snap = load_snapshot(db)
    result = run_optimizer(snap, default_horizon(snap), time_limit_s=3, workers=2, seed=3)
    db.dispose()
    return result


def timeline_edit(planner: EditPlanner, placements: list[Placement], **kw: Any) -> Any:
    """The command the timeline would apply, or None where the timeline refuses the edit."""
    ev = planner.evaluate(placements, **kw)
    if not ev.ok or ev.command is None or not ev.command.commands:
        return None
    hard, _soft = planner.full_check(placements, ev)
    return None if hard else ev.command


class OneUser(RuleBasedStateMachine):
    template: Path
    tmp: Path
    result: dict[str, Any]
    counter = 0

    def __init__(self) -> None:
        super().__init__()
        OneUser.counter += 1
        self.db = copy_demo(self.template, self.tmp, f"one-{OneUser.counter}.sqlite")
        self.stack = UndoStack(EditingService(self.db, Actor("planner", frozenset(Role))))
        self.start = plan_state(self.db)
        self.kinds: list[str] = []

    def teardown(self) -> None:
        try:
            if self.stack.done or self.stack.undone:
                while self.stack.undone:  # end = everything done, redo stack included
                    self.stack.redo()
                end = plan_state(self.db)
                while self.stack.done:
                    self.stack.undo()
                assert plan_state(self.db) == self.start, f"undo all after {self.kinds}"
                while self.stack.undone:
                    self.stack.redo()
                assert plan_state(self.db) == end, f"redo all after {self.kinds}"
                assert verify_chain(self.db, actor=SYSTEM).ok
        finally:
            self.db.dispose()

    def planner(self) -> EditPlanner:
        return EditPlanner(load_snapshot(self.db))

    def do(self, kind: str, command: Any) -> None:
        if command is None:
            return
        try:
            self.stack.apply(command)
        except NecstError:
            return  # refused as a whole: nothing saved, nothing to undo
        self.kinds.append(kind)

    def bookings(self, planner: EditPlanner) -> list[Any]:
        return [s for s in planner.snap.slots if s.kind == SlotKind.CAMPAIGN
                and planner.snap.campaign(s.campaign_id or 0).is_open]

    @rule(data=st.data(), hours=st.sampled_from([-48, -24, -8, 8, 24, 48, 96]),
          other_suite=st.booleans())
    def move(self, data: st.DataObject, hours: int, other_suite: bool) -> None:
        p = self.planner()
        slots = self.bookings(p)
        if not slots:
            return
        s = data.draw(st.sampled_from(slots))
        suite = s.suite_id
        if other_suite:
            eligible = sorted(p.eligible_suites(s.campaign_id or 0) - {s.suite_id})
            if eligible:
                suite = data.draw(st.sampled_from(eligible))
        d = timedelta(hours=hours)
        pl = p.fit(Placement(suite, s.start + d, s.end + d, s.id, s.campaign_id))
        self.do("move", timeline_edit(p, [pl], label="Move booking"))

    @rule(data=st.data(), hours=st.sampled_from([-24, -8, 8, 24]))
    def resize(self, data: st.DataObject, hours: int) -> None:
        p = self.planner()
        slots = self.bookings(p)
        if slots:
            s = data.draw(st.sampled_from(slots))
            pl = Placement(s.suite_id, s.start, s.end + timedelta(hours=hours), s.id, s.campaign_id)
            self.do("resize", timeline_edit(p, [pl], label="Change booking end"))

    @rule(data=st.data())
    def plan_from_list(self, data: st.DataObject) -> None:
        from necst_desktop.services.planning.explain import earliest_slots

        p = self.planner()
        if not p.snap.unplanned:
            return
        camp = data.draw(st.sampled_from(p.snap.unplanned))
        options = [o for o in earliest_slots(p.snap, camp.id or 0, planner=p)
                   if o.start is not None and o.end is not None]
        if options:
            o = data.draw(st.sampled_from(options[:3]))
            assert o.start is not None and o.end is not None
            pl = Placement(o.suite_id, o.start, o.end, None, camp.id)
            self.do("plan", timeline_edit(p, [pl], label="Plan campaign"))

    @rule(data=st.data())
    def cancel(self, data: st.DataObject) -> None:
        p = self.planner()
        slots = self.bookings(p)
        if slots:
            s = data.draw(st.sampled_from(slots))
            c = p.snap.campaign(s.campaign_id or 0)
            extra = (cancel_campaign(c.id or 0, c.version, "client withdrew"),)
            ev = p.evaluate([], label="Cancel campaign", reason="client withdrew",
                            removed=[s.id or 0], extra=extra)
            self.do("cancel", ev.command if ev.ok else None)

    @rule(data=st.data(), priority=st.integers(1, 5))
    def edit_campaign(self, data: st.DataObject, priority: int) -> None:
        snap = load_snapshot(self.db)
        c = data.draw(st.sampled_from(snap.campaigns))
        self.do("edit", Update(label="Edit campaign", entity="campaign", id=c.id or 0,
                               changes={"priority": priority, "notes": f"p{priority}"},
                               expected_version=c.version))

    @rule(data=st.data())
    def pin(self, data: st.DataObject) -> None:
        snap = load_snapshot(self.db)
        c = data.draw(st.sampled_from(snap.campaigns))
        self.do("pin", set_pinned("campaign", c.id or 0, c.version, not c.pinned))

    @rule(data=st.data())
    def reassign(self, data: st.DataObject) -> None:
        from necst_desktop.services.planning.roster import RosterChecker

        snap = load_snapshot(self.db)
        if not snap.assignments:
            return
        a = data.draw(st.sampled_from(snap.assignments[:60]))
        checker = RosterChecker(snap)
        for op in snap.operators:
            check = checker.evaluate(a.id or 0, op.id or 0, a.day)
            if check.ok:
                self.do("reassign", check.command)
                return

    @precondition(lambda self: "optimizer" not in self.kinds)  # once: it changes ~1,000 slots
    @rule()
    def accept_optimizer_plan(self) -> None:
        from necst_desktop.services.planning import diff_result

        try:
            diff = diff_result(load_snapshot(self.db), self.result)
        except NecstError:
            return
        self.do("optimizer", diff.command)

    @precondition(lambda self: bool(self.stack.done))
    @rule()
    def undo(self) -> None:
        self.stack.undo()  # one user alone: an undo is never refused
        self.kinds.append("undo")

    @precondition(lambda self: bool(self.stack.undone))
    @rule()
    def redo(self) -> None:
        self.stack.redo()
        self.kinds.append("redo")


@pytest.mark.slow
def test_one_user_undo_all_and_redo_all(demo_template: Path, tmp_path: Path,
                                        optimizer_result: dict[str, Any]) -> None:
    """Any mix of edits with undos and redos in between: undoing everything gives back the
    start exactly and redoing everything gives back the end (never a 'someone else' conflict
    against oneself)."""
    from hypothesis.stateful import run_state_machine_as_test

    OneUser.template, OneUser.tmp, OneUser.result = demo_template, tmp_path, optimizer_result
    run_state_machine_as_test(OneUser, settings=MACHINE)


class TwoUsers(RuleBasedStateMachine):
    """Marieke and Maarten move bookings in their own lanes (so that neither can take the
    other's place in a suite), sometimes the same booking, edit campaigns (sometimes the one
    whose booking the other moved), and undo and redo their own steps."""

    template: Path
    tmp: Path
    counter = 0

    def __init__(self) -> None:
        super().__init__()
        TwoUsers.counter += 1
        self.db = copy_demo(self.template, self.tmp, f"two-{TwoUsers.counter}.sqlite")
        self.users = {name: UndoStack(EditingService(self.db, Actor(name, frozenset({role}))))
                      for name, role in (("planner", Role.PLANNER), ("manager", Role.MANAGER))}
        #: (entity, id) -> [(user, change number)] of every record change
        self.touched: dict[tuple[str, int], list[tuple[str, int]]] = {}
        self.lanes = self._lanes(load_snapshot(self.db))
        self.refusals = 0

    def teardown(self) -> None:
        try:
            assert verify_chain(self.db, actor=SYSTEM).ok
        finally:
            self.db.dispose()

    @staticmethod
    def _lanes(snap: Any) -> dict[int, tuple[Any, Any]]:
        """Per booking, where it may be: at least 36 h (half the longest changeover) inside the
        midpoints to its neighbours in the starting plan, so two lanes' bookings never meet."""
        margin = timedelta(hours=36)
        lanes: dict[int, tuple[Any, Any]] = {}
        by_suite: dict[int, list[Any]] = {}
        for s in snap.slots:
            if s.kind in (SlotKind.CAMPAIGN, SlotKind.MAINTENANCE):
                by_suite.setdefault(s.suite_id, []).append(s)
        far = timedelta(days=3650)
        for slots in by_suite.values():
            slots.sort(key=lambda s: s.start)
            for i, s in enumerate(slots):
                lo = slots[i - 1].end + (s.start - slots[i - 1].end) / 2 if i else s.start - far
                hi = s.end + (slots[i + 1].start - s.end) / 2 if i + 1 < len(slots) else s.end + far
                if s.kind == SlotKind.CAMPAIGN and s.id is not None:
                    lanes[s.id] = (lo + margin, hi - margin)
        return lanes

    def _note(self, user: str, applied: Any) -> None:
        for t in applied.touches:
            self.touched.setdefault((t.entity, t.id), []).append((user, applied.changes.seq))

    @rule(user=st.sampled_from(["planner", "manager"]), data=st.data(),
          hours=st.sampled_from([-24, -8, 8, 24]))
    def move(self, user: str, data: st.DataObject, hours: int) -> None:
        p = EditPlanner(load_snapshot(self.db))
        d = timedelta(hours=hours)
        movable = [s for s in p.snap.slots if s.id in self.lanes
                   and self.lanes[s.id][0] <= s.start + d and s.end + d <= self.lanes[s.id][1]]
        if not movable:
            return
        s = data.draw(st.sampled_from(movable))
        command = timeline_edit(p, [Placement(s.suite_id, s.start + d, s.end + d, s.id,
                                              s.campaign_id)], label="Move booking")
        if command is not None:
            applied, _step = self.users[user].apply(command)
            self._note(user, applied)

    @rule(user=st.sampled_from(["planner", "manager"]), data=st.data(),
          priority=st.integers(1, 5))
    def edit_campaign(self, user: str, data: st.DataObject, priority: int) -> None:
        """An editor change: the campaign record, not its booking (a different record)."""
        snap = load_snapshot(self.db)
        c = data.draw(st.sampled_from([c for c in snap.campaigns if c.id is not None][:8]))
        applied, _step = self.users[user].apply(Update(
            label="Edit campaign", entity="campaign", id=c.id or 0,
            changes={"priority": priority, "notes": f"{user} {priority}"},
            expected_version=c.version))
        self._note(user, applied)

    def _expect_conflict(self, user: str, step: Any) -> bool:
        return any(who != user and seq > step.seq
                   for t in step.primary for who, seq in self.touched.get((t.entity, t.id), []))

    def _flip(self, user: str, undo: bool) -> None:
        stack = self.users[user]
        step = (stack.done if undo else stack.undone)[-1]
        expected = self._expect_conflict(user, step)
        try:
            applied = stack.undo() if undo else stack.redo()
        except ConflictError as exc:
            assert expected, f"refused although nobody else touched its records: {exc}"
            other = "Maarten Manager" if user == "planner" else "Marieke Planner"
            assert str(exc).startswith(other), exc  # names who changed it
            self.refusals += 1
            stack.drop(step)  # the window drops a refused step (after 'Reload theirs')
            return
        assert not expected, "an undo overwrote the other user's change"
        self._note(user, applied)

    @precondition(lambda self: any(u.done for u in self.users.values()))
    @rule(user=st.sampled_from(["planner", "manager"]))
    def undo(self, user: str) -> None:
        if self.users[user].done:
            self._flip(user, undo=True)

    @precondition(lambda self: any(u.undone for u in self.users.values()))
    @rule(user=st.sampled_from(["planner", "manager"]))
    def redo(self, user: str) -> None:
        if self.users[user].undone:
            self._flip(user, undo=False)

    @invariant()
    def no_booking_overlaps(self) -> None:
        snap = load_snapshot(self.db)
        by_suite: dict[int, list[Any]] = {}
        for s in snap.slots:
            if s.kind != SlotKind.CLEANING:
                by_suite.setdefault(s.suite_id, []).append(s)
        for slots in by_suite.values():
            slots.sort(key=lambda s: s.start)
            for a, b in itertools.pairwise(slots):
                assert a.end <= b.start, (a, b)


@pytest.mark.slow
def test_two_users_refused_only_when_the_other_touched_the_same_record(
        demo_template: Path, tmp_path: Path) -> None:
    """Two users interleaving moves, undos and redos: a refusal comes exactly when the other
    user changed one of the step's own records since, and it names that user."""
    from hypothesis.stateful import run_state_machine_as_test

    TwoUsers.template, TwoUsers.tmp = demo_template, tmp_path
    run_state_machine_as_test(TwoUsers, settings=settings(MACHINE, max_examples=20,
                                                          stateful_step_count=14))


def _move_command(db: Database, code: str, hours: float) -> Any:
    """The timeline's command that moves ``code`` by ``hours``, or None where it is refused."""
    p = EditPlanner(load_snapshot(db))
    camp = next(c for c in p.snap.campaigns if c.code == code)
    s = p.campaign_slot[camp.id or 0]
    d = timedelta(hours=hours)
    return timeline_edit(p, [Placement(s.suite_id, s.start + d, s.end + d, s.id, s.campaign_id)],
                         label="Move booking")


def _move(db: Database, stack: UndoStack, code: str, hours: float) -> None:
    command = _move_command(db, code, hours)
    assert command is not None, code
    stack.apply(command)


def _suite_picture(db: Database, suite_code: str) -> tuple[list[Any], list[Any]]:
    snap = load_snapshot(db)
    sid = next(s.id for s in snap.suites if s.code == suite_code)
    slots = sorted((s for s in snap.slots if s.suite_id == sid), key=lambda s: s.start)
    bookings = [(snap.campaign(s.campaign_id or 0).code, s.start, s.end) for s in slots
                if s.kind == SlotKind.CAMPAIGN]
    changeovers = [(s.label, s.start, s.end) for s in slots if s.kind == SlotKind.CHANGEOVER]
    return bookings, changeovers


def _two_moves_in_one_suite(db: Database, first: UndoStack,
                            second: UndoStack) -> tuple[str, str, str]:
    """Whatever the demo's plan is: a suite where ``first`` can move a booking a day later and
    ``second`` can then move the booking after it a day later (and that one has a successor, so
    its changeover moves too). Returns (suite code, first's campaign, second's campaign)."""
    snap = load_snapshot(db)
    for suite in snap.suites:
        codes = [c for c, _s, _e in _suite_picture(db, suite.code)[0]]
        for a, b, _c in zip(codes, codes[1:], codes[2:], strict=False):
            command = _move_command(db, a, 24)
            if command is None:
                continue
            first.apply(command)
            if _move_command(db, b, 24) is not None:
                _move(db, second, b, 24)
                return suite.code, a, b
            first.undo()
    raise AssertionError("the demo plan has no suite with three bookings and a day of slack")


def test_undo_recomputes_derived_slots_where_someone_else_changed_the_suite(
        demo_db: Database) -> None:
    """Marieke moves a booking a day later, Maarten then moves the booking after it (which
    recomputes the changeovers around it), and Marieke undoes: her booking goes back, and the
    changeovers of the suite are recomputed from the bookings as they are now (Maarten's move
    stays), not put back from before; the plan breaks no rule the start did not break."""
    from necst_desktop.services.planning import check_plan

    marieke = UndoStack(EditingService(demo_db, Actor("planner", frozenset({Role.PLANNER}))))
    maarten = UndoStack(EditingService(demo_db, Actor("manager", frozenset({Role.MANAGER}))))
    before = {(v.rule, v.message) for v in check_plan(demo_db).violations}
    pictures = {s.code: _suite_picture(demo_db, s.code) for s in load_snapshot(demo_db).suites}
    suite, mine, theirs = _two_moves_in_one_suite(demo_db, marieke, maarten)
    bookings0, changeovers0 = pictures[suite]
    step = marieke.done[-1]
    undone = marieke.undo()
    assert undone.title == f"Undo: Move booking {mine}"
    # recomputed: the undo changed derived slots of the suite that her move had not touched
    # (cleans placed around Maarten's move), rather than only putting back her own
    assert {(t.entity, t.id) for t in undone.touches if t.derived} - \
        {(t.entity, t.id) for t in step.touches}
    bookings, changeovers = _suite_picture(demo_db, suite)
    expected = [(c, s + timedelta(hours=24), e + timedelta(hours=24)) if c == theirs
                else (c, s, e) for c, s, e in bookings0]
    assert bookings == expected
    # each changeover starts where its campaign ends (recomputed around Maarten's new place)
    ends = {e for _c, _s, e in bookings}
    assert changeovers and all(start in ends for _label, start, _end in changeovers)
    assert changeovers != changeovers0
    after = {(v.rule, v.message) for v in check_plan(demo_db).violations}
    assert after <= before, after - before
    maarten.undo()
    assert _suite_picture(demo_db, suite)[0] == bookings0
    assert {(v.rule, v.message) for v in check_plan(demo_db).violations} <= before
    assert verify_chain(demo_db, actor=SYSTEM).ok


def test_twelve_moves_undone_newest_first_as_the_issue_reported(demo_db: Database) -> None:
    """The report: 12 moves made as the timeline makes them, undone newest first, failed at undo
    2 of 12 against the user's own earlier undo. Now all 12 undo (the plan is the start again,
    ids included), and all 12 redo."""
    stack = UndoStack(EditingService(demo_db))
    start = plan_state(demo_db)
    for i in range(12):
        p = EditPlanner(load_snapshot(demo_db))
        d = timedelta(hours=24 * (i % 3 + 1))
        for s in sorted(p.snap.slots, key=lambda s: s.start):
            if s.kind == SlotKind.CAMPAIGN:
                command = timeline_edit(p, [Placement(s.suite_id, s.start + d, s.end + d, s.id,
                                                      s.campaign_id)], label="Move booking")
                if command is not None:
                    stack.apply(command)
                    break
    assert len(stack.done) == 12
    end = plan_state(demo_db)
    for _ in range(12):
        stack.undo()
    assert plan_state(demo_db) == start
    for _ in range(12):
        stack.redo()
    assert plan_state(demo_db) == end
