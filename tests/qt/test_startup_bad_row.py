"""A stored row that breaks the facility's rules (edited around the app, or written by an older
version) is named in a message when the window reads the plan; nothing is changed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text


def test_a_row_the_planner_cannot_read_is_named_and_kept(demo_db: Any, ctx: Any, qtbot: Any,
                                                         dialogs: Any) -> None:
    from necst_desktop.qt.main_window import MainWindow

    with demo_db.engine.begin() as conn:
        conn.execute(text("UPDATE operator SET min_hours_week = 70 WHERE code = 'OP02'"))
    win = MainWindow(ctx, defer_load=True)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: bool(dialogs.shown), timeout=5000)
    kind, message = dialogs.shown[0]
    assert kind == "critical"
    assert "operator OP02" in message and "min_hours_week" in message
    assert "could not be read" in win.statusBar().currentMessage()
    with demo_db.engine.connect() as conn:  # the row is still there, unchanged
        assert conn.execute(text("SELECT min_hours_week FROM operator WHERE code = 'OP02'")
                            ).scalar_one() == 70
