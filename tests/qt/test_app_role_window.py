"""The window on PostgreSQL as the application role (issue 21): the server knows who signed in."""

from __future__ import annotations

from typing import Any

import pytest

from necst_desktop.domain.commands import move_slot
from necst_desktop.domain.model import SlotKind
from necst_desktop.services import auth
from necst_desktop.services.audit import verify_chain
from necst_desktop.services.demo import DEMO_PASSWORD
from tests.services.conftest import Attack, attack, pg_demo_template  # noqa: F401


@pytest.mark.postgres
def test_window_edits_as_the_app_role_are_the_signed_in_users(attack: Attack, qtbot: Any,  # noqa: F811
                                                              dialogs: Any) -> None:
    """A planner signs in on a workstation connected as the application role, moves a booking
    and undoes it: both changes carry the planner's session to the server, so audit verify finds
    every change accounted for; after sign-out the old session no longer signs anyone in."""
    from necst_desktop.qt.context import AppContext
    from necst_desktop.qt.main_window import MainWindow

    db = attack.app()
    first = auth.sign_in(db, "planner", DEMO_PASSWORD)
    auth.set_password(db, first.actor, "planner", "planner pw 123", current_password=DEMO_PASSWORD)
    planner = auth.sign_in(db, "planner", "planner pw 123").actor
    ctx = AppContext(db, planner, signed_in=True)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    ctx.refresh()
    assert ctx.snapshot is not None
    slot = next(s for s in ctx.snapshot.slots if s.kind == SlotKind.CAMPAIGN and not s.pinned)
    from datetime import timedelta

    assert ctx.apply(move_slot(slot, slot.start + timedelta(days=200))) is not None
    ctx.undo_stack.undo()
    report = verify_chain(db, actor=planner)
    assert report.ok and report.server_rows, report.problems[:3]
    token = db.session_token
    win.sign_in_runner = lambda *_a, **_kw: None  # nobody signs in again: the window closes
    win.sign_out()
    assert auth.resume(db, token) is None
    ctx.close()
