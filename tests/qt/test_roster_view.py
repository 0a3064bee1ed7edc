"""The roster driven as a person would: a real mouse press, moves and release on a shift cell.
An allowed drop reaches the database (read back through a fresh connection) as one undoable
command; a refused drop changes nothing and says why; broken rules are marked in the view."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from necst_desktop.services.planning.roster import fill_roster
from tests.conftest import DEMO_START


@pytest.fixture
def view(ctx: Any, qtbot: Any) -> Any:
    from necst_desktop.qt.roster import RosterView

    if not ctx.refresh().assignments:  # older demos came without a roster
        fill_roster(ctx.db, DEMO_START, 14)
        ctx.refresh()
    v = RosterView(ctx)
    qtbot.addWidget(v)
    v.resize(1900, 1000)
    v.show()
    qtbot.waitExposed(v)
    return v


def drag(view: Any, a: QPoint, b: QPoint, steps: int = 6) -> None:
    vp = view.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for i in range(1, steps + 1):
        QTest.mouseMove(vp, QPoint(a.x() + (b.x() - a.x()) * i // steps,
                                   a.y() + (b.y() - a.y()) * i // steps))
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
    QApplication.processEvents()


def centre(view: Any, row: int, col: int) -> QPoint:
    ix = view.model().index(row, col)
    view.scrollTo(ix)
    return view.visualRect(ix).center()


def find_move(view: Any, ok: bool, *, same_day: bool = True) -> tuple[Any, int, int, int, int]:
    """(assignment, source row, col, target row, col) of the first drop judged ``ok``."""
    m = view.roster
    for r in range(min(12, m.rowCount())):
        for c in range(3, 3 + 7):
            cell = m.assignments_at(r, c)
            if not cell:
                continue
            targets = [c] if same_day else [c + 1, c + 2, c - 1]
            for r2 in range(min(12, m.rowCount())):
                for c2 in targets:
                    day = m.day_at(c2)
                    if day is None or (r2, c2) == (r, c):
                        continue
                    verdict = m.checker.evaluate(cell[0].id, m.operator_at(r2).id, day)
                    if verdict.ok == ok:
                        return cell[0], r, c, r2, c2
    raise AssertionError("no such move on the demo roster")


def test_drag_reassigns_a_shift_to_another_operator_and_undo_restores(
        view: Any, ctx: Any, fresh: Any) -> None:
    """Dragging a shift onto another operator's same day moves it there in the database; the
    roster shows it in the new row; undo puts it back."""
    a, r, c, r2, c2 = find_move(view, True)
    target = view.roster.operator_at(r2)
    drag(view, centre(view, r, c), centre(view, r2, c2))
    assert view.last_refusal is None
    assert fresh("roster_assignment", a.id).operator_id == target.id
    assert ctx.undo_stack.count() == 1 and ctx.undo_stack.text(0).startswith("Reassign shift")
    assert view.roster.assignments_at(r2, c2)[0].id == a.id
    ctx.undo_stack.undo()
    assert fresh("roster_assignment", a.id).operator_id == a.operator_id
    assert view.roster.assignments_at(r, c)[0].id == a.id


def test_drag_to_another_day_moves_the_real_times(view: Any, ctx: Any, fresh: Any) -> None:
    """Dragging a shift to another day (same or other operator) moves its day, start and end."""
    a, r, c, r2, c2 = find_move(view, True, same_day=False)
    days = (view.roster.day_at(c2) - a.day).days
    drag(view, centre(view, r, c), centre(view, r2, c2))
    moved = fresh("roster_assignment", a.id)
    assert moved.day == a.day + timedelta(days=days), view.last_refusal
    assert moved.start == a.start + timedelta(days=days)
    ctx.undo_stack.undo()
    assert fresh("roster_assignment", a.id).day == a.day


def test_refused_drop_changes_nothing_and_says_why(view: Any, ctx: Any, fresh: Any) -> None:
    """A drop the checker refuses (e.g. onto an operator who already works that day) leaves the
    database and the undo stack alone and reports the reason; the target cell was lit red while
    hovering."""
    a, r, c, r2, c2 = find_move(view, False)
    expected = view.roster.checker.evaluate(a.id, view.roster.operator_at(r2).id,
                                            view.roster.day_at(c2)).reason
    seq = ctx.snapshot.seq
    vp = view.viewport()
    p, q = centre(view, r, c), centre(view, r2, c2)
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, p)
    QTest.mouseMove(vp, p + QPoint(10, 0))
    QTest.mouseMove(vp, q)
    assert view.roster.drag_target == (r2, c2) and view.roster.drag_ok is False
    assert view.roster.data(view.roster.index(r2, c2), Qt.ItemDataRole.BackgroundRole) is not None
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, q)
    assert view.last_refusal == expected and expected
    assert ctx.undo_stack.count() == 0
    assert fresh("roster_assignment", a.id).operator_id == a.operator_id
    assert ctx.refresh().seq == seq


def test_broken_rules_and_expiring_qualifications_are_flagged(view: Any, ctx: Any,
                                                               qtmodeltester: Any) -> None:
    """A night followed by an early shift (0 h rest) is marked in the cell and counted in the
    flags column; OP06's gowning expiry inside the shown weeks is listed; the model is sound."""
    from necst_desktop.domain.commands import Batch, Create, Retire
    from necst_desktop.domain.records import encode

    m = view.roster
    snap = ctx.snapshot
    row = next(i for i, o in enumerate(m.operators) if not o.days_off and all(
        o.qualified(q.kind, m.days[13]) for q in o.qualifications))
    op = m.operators[row]
    day, nxt = m.days[2], m.days[3]
    shifts = {s.code: s for s in snap.shifts}
    cmds: list[Any] = [Retire(entity="roster_assignment", id=a.id, expected_version=a.version)
                       for a in snap.assignments if a.operator_id == op.id and a.day in (day, nxt)]
    for code, d in (("night", day), ("early", nxt)):
        start, end = shifts[code].bounds(d, snap.facility.tz)
        cmds.append(Create(entity="roster_assignment", values={
            "operator_id": op.id, "day": encode(d), "shift_code": code,
            "start": encode(start), "end": encode(end)}))
    assert ctx.apply(Batch(label="Night then early", commands=tuple(cmds))) is not None
    col = 3 + m.days.index(nxt)
    assert "⚠" in m.data(m.index(row, col))
    assert "rests 0 h" in m.data(m.index(row, col), Qt.ItemDataRole.ToolTipRole)
    assert "rests 0 h" in m.data(m.index(row, 2), Qt.ItemDataRole.ToolTipRole)
    op6 = next(i for i, o in enumerate(m.operators) if o.code == "OP06")
    assert "gowning-grade-b expires" in m.data(m.index(op6, 2), Qt.ItemDataRole.ToolTipRole)
    qtmodeltester.check(m, force_py=True)
