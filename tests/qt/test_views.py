"""Roster, utilisation and master-data views: sound models, a picture of the week, and editors
that validate every field with the message next to it and save through the command path."""

from __future__ import annotations

from typing import Any

from necst_desktop.qt.utilisation import utilisation


def test_roster_model_passes_the_model_tester(window: Any, qtmodeltester: Any) -> None:
    """The roster (operators x days) is a sound item model with hours and flags columns."""
    window.tabs.setCurrentWidget(window.roster_view)  # views refresh when shown
    qtmodeltester.check(window.roster_model, force_py=True)
    assert window.roster_model.rowCount() == len(window.ctx.snapshot.operators)
    assert window.roster_model.columnCount() == 3 + 28


def test_utilisation_weeks_add_up(window: Any) -> None:
    """Per suite and week the booked, changeover, cleaning, maintenance and idle hours add up to
    the real length of the local week."""
    _suites, weeks, data = utilisation(window.ctx.snapshot)
    assert weeks
    for wk in data.values():
        assert abs(sum(wk.by_kind.values()) + wk.idle - wk.hours) < 1e-6 or wk.idle == 0
        assert wk.hours in (167.0, 168.0, 169.0)
    assert any(wk.by_kind.get("campaign", 0) > 0 for wk in data.values())
    window.tabs.setCurrentWidget(window.utilisation_scroll)
    assert window.utilisation.grab().width() > 0


def test_editor_shows_the_validation_message_next_to_the_field(window: Any, fresh: Any) -> None:
    """A suite saved with max occupancy 0 is refused with the domain's message under that field;
    a good value is saved through the command path and undo restores it."""
    from necst_desktop.qt.editors import RecordEditor

    suite = window.ctx.snapshot.suites[0]
    editor = RecordEditor(window.ctx, "suite", suite, window)
    w, _ = editor.widgets["max_occupancy"]
    w.setValue(0)
    assert editor.save() is False
    assert "between 1 and 50" in editor.errors["max_occupancy"].text()
    assert editor.errors["max_occupancy"].isVisibleTo(editor)
    assert fresh("suite", suite.id).max_occupancy == suite.max_occupancy
    w.setValue(suite.max_occupancy + 1)
    assert editor.save() is True
    assert fresh("suite", suite.id).max_occupancy == suite.max_occupancy + 1
    window.ctx.undo_stack.undo()
    assert fresh("suite", suite.id).max_occupancy == suite.max_occupancy


def test_editor_reports_a_duplicate_code_next_to_the_code(window: Any) -> None:
    """A code already used by another record comes back from the service next to 'code'."""
    from necst_desktop.qt.editors import RecordEditor

    a, b = window.ctx.snapshot.clients[:2]
    editor = RecordEditor(window.ctx, "client", a, window)
    editor.widgets["code"][0].setText(b.code)
    assert editor.save() is False
    assert "already used" in editor.errors["code"].text()


def test_changeover_matrix_grid_lists_the_rules(window: Any) -> None:
    """The changeover rules show as a from x to grid of hours."""
    window.tabs.setCurrentWidget(window.master)
    window.master.kinds.setCurrentRow(3)
    m = window.master.matrix
    assert m.rowCount() >= 2 and m.columnCount() >= 2
    texts = [m.item(i, j).text() for i in range(m.rowCount()) for j in range(m.columnCount())
             if m.item(i, j)]
    assert any(t.endswith(" h") for t in texts)
