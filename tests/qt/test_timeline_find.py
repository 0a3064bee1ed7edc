"""Finding things on the timeline and the polish of dragging: the find box and the client
legend, labels of bars scrolled half off, headers at every zoom, tooltips that match the ghost,
vertical drags that keep the start, refusals after a drop from the list, long status texts, the
pin drawn without an emoji font, and dialogs that fit the screen."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QFontMetrics
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from necst_desktop.domain.model import SlotKind
from necst_desktop.qt.timeline import LEFT_W, MIME_CAMPAIGN
from necst_desktop.services.planning.edit_check import Placement
from tests.qt.test_timeline import show


@pytest.fixture
def view(window: Any) -> Any:
    window.tabs.setCurrentWidget(window.timeline)
    v = window.timeline.view
    v.snap_unit = "hour"
    v.set_zoom(2.0)
    QApplication.processEvents()
    return v


def test_find_box_dims_or_hides_the_rest_and_shows_each_match(view: Any, window: Any) -> None:
    """Typing a client's code leaves exactly its bookings at full strength and dims the others;
    'Hide the rest' leaves them out and drops suite rows without a match; Enter goes to the
    first booking found and selects it; clearing the box shows everything again."""
    panel = window.timeline
    snap = view.snap
    client = next(c for c in snap.clients if c.code == "ERASMUS-TIL")
    theirs = {s.id for s in snap.slots if s.campaign_id is not None
              and snap.campaign(s.campaign_id).client_id == client.id}
    assert theirs
    QTest.keyClicks(panel.find_bar.edit, "erasmus")
    bookings = {s.id for s in snap.slots if s.kind == SlotKind.CAMPAIGN and view.shown(s) == "full"}
    assert bookings == theirs
    others = [s for s in snap.slots if s.kind == SlotKind.CAMPAIGN and s.id not in theirs]
    assert others and all(view.shown(s) == "dim" for s in others)
    assert panel.find_bar.count.text() == f"{len(theirs)} bookings found"
    rows_before = len([r for r in view.rows if r.suite_id is not None])
    panel.find_bar.hide_rest.setChecked(True)
    assert all(view.shown(s) == "hidden" for s in others)
    suites = {snap.slot_of(snap.campaign(s.campaign_id).id).suite_id for s in snap.slots
              if s.id in theirs}
    shown_rows = {r.suite_id for r in view.rows if r.suite_id is not None}
    assert suites <= shown_rows and len(shown_rows) < rows_before
    QTest.keyClick(panel.find_bar.edit, Qt.Key.Key_Return)
    first = min((s for s in snap.slots if s.id in theirs), key=lambda s: (s.start, s.suite_id))
    assert view.selected == {first.id}
    assert view.time_at_vx(LEFT_W) <= first.start <= view.time_at_vx(view.viewport().width())
    panel.find_bar.edit.clear()
    assert view.match is None and all(view.shown(s) == "full" for s in snap.slots)
    assert len([r for r in view.rows if r.suite_id is not None]) == rows_before
    QTest.keyClicks(panel.find_bar.edit, "no such thing")
    assert panel.find_bar.count.text() == "nothing found"


def test_find_by_suite_and_product_words(window: Any, view: Any) -> None:
    """A suite's name finds everything in that suite; two words must both match."""
    snap = view.snap
    find = window.timeline.find_bar
    s3 = next(s for s in snap.suites if s.code == "S3")
    find.edit.setText("Cell Therapy BSC S3")
    assert view.match == {s.id for s in snap.slots if s.suite_id == s3.id}
    find.edit.setText("CART19 S3")
    assert view.match and all(s.suite_id == s3.id for s in snap.slots if s.id in view.match)
    assert all("CART19" in snap.campaign(s.campaign_id).code for s in snap.slots
               if s.id in view.match and s.campaign_id is not None)


def test_client_legend_has_the_bar_colours_and_finds_the_client(view: Any, window: Any) -> None:
    """Each client in the legend has the colour its bars are painted in; clicking it fills the
    find box with the client."""
    legend = window.timeline.clients
    snap = view.snap
    assert {b.text() for b in legend.buttons.values()} == {c.code for c in snap.clients}
    for cid, button in legend.buttons.items():
        image = button.icon().pixmap(12, 12).toImage()
        assert QColor(image.pixel(6, 6)) == view._client_colour(cid)
    button = legend.buttons[snap.clients[1].id]
    button.click()
    assert window.timeline.find_bar.edit.text() == snap.clients[1].code
    assert view.match


def _white_pixels(view: Any, rect: Any) -> int:
    image = view.viewport().grab().toImage()
    count = 0
    for x in range(int(rect.left()), int(rect.right())):
        for y in range(int(rect.top()), int(rect.bottom())):
            c = QColor(image.pixel(x, y))
            count += c.red() > 235 and c.green() > 235 and c.blue() > 235
    return count


def test_bar_label_stays_visible_when_its_start_is_scrolled_off(view: Any) -> None:
    """A long booking whose start is scrolled off to the left still shows its code at the left
    edge of the timeline (white text on the bar)."""
    slot = max((s for s in view.snap.slots if s.kind == SlotKind.CAMPAIGN),
               key=lambda s: s.end - s.start)
    show(view, slot)
    view.scroll_to(slot.start + (slot.end - slot.start) / 3)
    r = view.slot_rect(slot)
    assert r.left() < LEFT_W < r.right() - 150
    label_area = r.adjusted(0, 6, 0, -6)
    label_area.setLeft(LEFT_W + 2)
    label_area.setRight(LEFT_W + 70)
    assert _white_pixels(view, label_area) > 20


@pytest.mark.parametrize("zoom", [0.15, 0.4, 0.9, 2.0, 3.2, 5.0, 9.0, 18.0, 40.0, 90.0])
def test_headers_are_never_cut_in_a_word(view: Any, zoom: float) -> None:
    """At every zoom each header shows whole words of its label that fit their room (and the
    window's edge), e.g. 'Mon 30 Nov' rather than 'Mon 30 N…'."""
    view.set_zoom(zoom)
    view.viewport().grab()
    assert view.header_texts
    fm = QFontMetrics(view.font())
    bold = QFontMetrics(view._bold)
    for full, shown, room in view.header_texts:
        assert full.split()[:len(shown.split())] == shown.split(), (full, shown)
        assert min(fm.horizontalAdvance(shown), bold.horizontalAdvance(shown)) <= room + 1
        assert "…" not in shown


def test_vertical_drag_keeps_the_start_despite_a_wobble(view: Any, fresh: Any) -> None:
    """Dragging a booking to another suite with the pointer drifting 2 px sideways (an hour at
    this zoom) moves it to that suite at the same start; past a snap step sideways it moves."""
    planner = view.planner
    found = None
    for s in view.snap.slots:
        if s.kind != SlotKind.CAMPAIGN or view._is_pinned(s):
            continue
        for other in sorted(planner.eligible_suites(s.campaign_id) - {s.suite_id}):
            if planner.evaluate([planner.fit(Placement(other, s.start, s.end, s.id,
                                                       s.campaign_id))]).ok:
                found = (s, other)
                break
        if found:
            break
    assert found
    slot, target = found
    show(view, slot)
    a = view.slot_center(slot.id)
    b = QPoint(a.x() + 2, view.point_at(target, slot.start).y())
    vp = view.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for dx, y in ((1, a.y() + 12), (2, (a.y() + b.y()) // 2), (3, b.y()), (2, b.y())):
        QTest.mouseMove(vp, QPoint(a.x() + dx, y))
        assert view.drag.placements[0].start == slot.start
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
    moved = fresh("slot", slot.id)
    assert (moved.suite_id, moved.start) == (target, slot.start), view.last_refusal
    # past a snap step sideways (12 px = 6 h) the start follows the pointer
    a = view.slot_center(slot.id)
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    QTest.mouseMove(vp, a + QPoint(6, 0))
    QTest.mouseMove(vp, a + QPoint(12, 0))
    assert view.drag.placements[0].start == slot.start + timedelta(hours=6)
    QTest.keyClick(view, Qt.Key.Key_Escape)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)


def _drag_over(view: Any, camp_id: int, pos: QPointF) -> QDragMoveEvent:
    mime = QMimeData()
    mime.setData(MIME_CAMPAIGN, str(camp_id).encode())
    QApplication.sendEvent(view.viewport(), QDragEnterEvent(
        pos.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier))
    move = QDragMoveEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), move)
    return move


@pytest.mark.filterwarnings("ignore:Function.*QDrag(Enter|Move)Event:DeprecationWarning")
def test_list_drag_tooltip_follows_the_ghost_and_a_refused_drop_says_why(
        view: Any, window: Any) -> None:
    """Dragging a request from the list over a place where it may not go and then over one
    where it may: the tooltip always says the same as the ghost's colour (no stale 'Cannot plan
    here' over a green ghost); dropping where it may not go puts the reason in the status bar."""
    planner = view.planner
    choice = None
    for camp in view.snap.unplanned:
        for suite_id in sorted(planner.eligible_suites(camp.id)):
            good = view.placement_for(camp.id, suite_id, camp.earliest_start + timedelta(days=2))
            bad = view.placement_for(camp.id, suite_id, camp.earliest_start - timedelta(days=2))
            if planner.evaluate([good]).ok and not planner.evaluate([bad]).ok:
                choice = (camp, good, bad)
                break
        if choice:
            break
    assert choice
    camp, good, bad = choice
    view.scroll_to(bad.start - timedelta(hours=24))
    view.verticalScrollBar().setValue(0)
    for pl, ok in ((bad, False), (good, True), (bad, False), (good, True)):
        pos = QPointF(view.point_at(pl.suite_id, pl.start))
        _drag_over(view, camp.id, pos)
        assert view.drop_preview is not None, window.statusBar().full_message
        ghost_ok = view.drop_preview[1].ok
        assert ghost_ok == ok
        assert view.tip.startswith("<b>Drop here:" if ok else "<b>Cannot drop here:"), view.tip
    mime = QMimeData()
    mime.setData(MIME_CAMPAIGN, str(camp.id).encode())
    pos = QPointF(view.point_at(bad.suite_id, bad.start))
    _drag_over(view, camp.id, pos)
    QApplication.sendEvent(view.viewport(), QDropEvent(pos, Qt.DropAction.CopyAction, mime,
                                                       Qt.MouseButton.LeftButton,
                                                       Qt.KeyboardModifier.NoModifier))
    assert window.statusBar().full_message.startswith("Not changed: ")
    assert "earliest start" in window.statusBar().full_message
    assert window.ctx.snapshot.slot_of(camp.id) is None


def test_long_status_text_is_elided_not_drawn_over_the_labels(window: Any) -> None:
    """A long message ends in '…' before the user and database labels on the right; the whole
    text is in the tooltip."""
    bar = window.statusBar()
    text = "Not changed: " + "the changeover from K05-TIL-MEL to K10-TIL-MEL would overlap " * 6
    bar.showMessage(text, 10_000)
    shown = bar.currentMessage()
    assert shown.endswith("…") and len(shown) < len(text)
    assert QFontMetrics(bar.font()).horizontalAdvance(shown) <= bar.message_width()
    labels = [window.user_label, window.count_label, window.db_label]
    first_label = min(w.geometry().left() for w in labels if w.isVisible())
    assert 6 + bar.message_width() <= first_label
    assert bar.toolTip() == text and bar.full_message == text


def test_pinned_campaigns_are_marked_without_an_emoji(window: Any) -> None:
    """The campaign list marks a pinned campaign with a drawn pin icon; no text the list shows
    needs an emoji font."""
    model = window.campaign_model
    pinned = [r for r in range(model.rowCount()) if model.row_object(r).pinned]
    assert pinned
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            text = model.data(model.index(r, c)) or ""
            assert all(ord(ch) < 0x1F000 for ch in text), text
    icon = model.data(model.index(pinned[0], 0), Qt.ItemDataRole.DecorationRole)
    assert icon is not None and not icon.isNull()
    assert model.data(model.index(pinned[0], 0)) == model.row_object(pinned[0]).code


def test_cancelling_many_campaigns_asks_in_a_dialog_that_fits_the_screen(view: Any) -> None:
    """Selecting every campaign and pressing Delete asks why in a dialog no wider than the
    screen, its buttons on screen, the codes wrapped onto lines."""
    view.selected = {s.id for s in view.snap.slots if s.kind == SlotKind.CAMPAIGN}
    assert len(view.selected_campaigns()) >= 15
    seen: dict[str, Any] = {}

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, check)
            return
        screen = dialog.screen().availableGeometry()
        seen["size"] = (dialog.width(), screen.width())
        box = dialog.findChild(QDialogButtonBox)
        seen["buttons"] = box.mapTo(dialog, box.rect().bottomRight()).x() <= screen.width()
        dialog.reject()

    QTimer.singleShot(20, check)
    view.cancel_selected()
    width, screen_width = seen["size"]
    assert width <= screen_width and seen["buttons"], seen
    assert view.ctx.undo_stack.count() == 0
