"""Nested master data edited in place: an operator's qualifications, a campaign's staffing
profile and a changeover's steps. Bad rows are refused with the row and the reason next to the
field (nothing saved); good edits are one Update through the command path that undo restores."""

from __future__ import annotations

from datetime import date
from typing import Any

from necst_desktop.qt.editors import NestedTable, RecordEditor, StepList, WeekdayBoxes


def test_operator_qualifications_are_an_editable_sub_table(window: Any, fresh: Any) -> None:
    """Changing an expiry date and adding a qualification row saves both in one step; undo
    restores the old list."""
    op = window.ctx.snapshot.operators[0]
    editor = RecordEditor(window.ctx, "operator", op, window)
    table = editor.widgets["qualifications"][0]
    assert isinstance(table, NestedTable) and table.table.rowCount() == len(op.qualifications)
    table.set_cell(0, "expires", "2031-01-31")
    row = table.add_row()
    table.set_cell(row, "kind", "qa-release")
    table.set_cell(row, "expires", "2030-06-30")
    table.set_cell(row, "detail", "ATMP")
    assert editor.save() is True
    saved = fresh("operator", op.id).qualifications
    assert saved[0].expires == date(2031, 1, 31)
    assert saved[-1].kind.value == "qa-release" and saved[-1].detail == "ATMP"
    assert len(saved) == len(op.qualifications) + 1
    window.ctx.undo_stack.undo()
    assert fresh("operator", op.id).qualifications == op.qualifications


def test_bad_expiry_is_refused_next_to_the_field(window: Any, fresh: Any) -> None:
    """An expiry that is not a date names the row and the column under 'qualifications' and
    saves nothing."""
    op = window.ctx.snapshot.operators[1]
    editor = RecordEditor(window.ctx, "operator", op, window)
    table = editor.widgets["qualifications"][0]
    table.set_cell(1, "expires", "31-02-2027")
    assert editor.save() is False
    msg = editor.errors["qualifications"].text()
    assert "row 2" in msg and "not a date" in msg
    assert editor.errors["qualifications"].isVisibleTo(editor)
    assert fresh("operator", op.id).qualifications == op.qualifications
    assert window.ctx.undo_stack.count() == 0


def test_days_off_are_weekday_boxes(window: Any, fresh: Any) -> None:
    """Ticking Friday and Saturday makes them the operator's part-time days off."""
    op = next(o for o in window.ctx.snapshot.operators if not o.days_off)
    editor = RecordEditor(window.ctx, "operator", op, window)
    boxes = editor.widgets["days_off"][0]
    assert isinstance(boxes, WeekdayBoxes)
    boxes.boxes[4].setChecked(True)
    boxes.boxes[5].setChecked(True)
    assert editor.save() is True
    assert fresh("operator", op.id).days_off == (4, 5)


def test_campaign_staffing_profile_validated_per_row(window: Any, fresh: Any) -> None:
    """A staffing row with count 0, or a last day before the first, is refused with the domain's
    words and the row number next to 'staffing'; a good profile change is saved and undone."""
    camp = next(c for c in window.ctx.snapshot.campaigns if len(c.staffing) >= 2)
    editor = RecordEditor(window.ctx, "campaign", camp, window)
    table = editor.widgets["staffing"][0]
    table.set_cell(1, "count", "0")
    assert editor.save() is False
    assert "row 2" in editor.errors["staffing"].text()
    assert "between 1 and 50" in editor.errors["staffing"].text()
    table.set_cell(1, "count", "2")
    table.set_cell(1, "from_day", "5")
    table.set_cell(1, "to_day", "3")
    assert editor.save() is False
    assert "must not come before the first" in editor.errors["staffing"].text()
    table.set_cell(1, "to_day", "")
    table.set_cell(1, "shifts", "early, late, night")
    table.set_cell(0, "qualification", "media-fill")
    assert editor.save() is True
    saved = fresh("campaign", camp.id).staffing
    assert saved[1].count == 2 and saved[1].from_day == 5 and saved[1].to_day is None
    assert saved[1].shifts == ("early", "late", "night")
    assert saved[0].qualification.value == "media-fill"
    window.ctx.undo_stack.undo()
    assert fresh("campaign", camp.id).staffing == camp.staffing


def test_changeover_steps_are_an_ordered_editable_list(window: Any, fresh: Any) -> None:
    """Editing a step's text, moving it up and adding one saves the new order; undo restores."""
    rule = next(r for r in window.ctx.snapshot.changeover_rules if len(r.steps) >= 2)
    editor = RecordEditor(window.ctx, "changeover_rule", rule, window)
    steps = editor.widgets["steps"][0]
    assert isinstance(steps, StepList) and steps.steps() == list(rule.steps)
    steps.list.item(1).setText("QA release (signed)")
    steps.list.setCurrentRow(1)
    steps.shift_step(-1)
    steps.add("environmental monitoring")
    assert editor.save() is True, (editor.general.text(), {k: e.text() for k, e in editor.errors.items() if e.text()})
    want = ["QA release (signed)", rule.steps[0], *rule.steps[2:], "environmental monitoring"]
    assert list(fresh("changeover_rule", rule.id).steps) == want
    window.ctx.undo_stack.undo()
    assert fresh("changeover_rule", rule.id).steps == rule.steps


def test_changeover_staff_count_error_lands_on_its_field(window: Any) -> None:
    """A changeover's staff row reuses the staffing sub-table; its error shows under 'staff'."""
    rule = next(r for r in window.ctx.snapshot.changeover_rules if r.staff)
    editor = RecordEditor(window.ctx, "changeover_rule", rule, window)
    editor.widgets["staff"][0].set_cell(0, "count", "99")
    assert editor.save() is False
    assert "row 1" in editor.errors["staff"].text()
