"""Finding things on the timeline: the find box and the legend of client colours.

The find box narrows the timeline to the bookings of a campaign, client, product or suite
(:mod:`services.plan_search`): the rest is dimmed, or hidden with "Hide the rest" (then suite rows
without a match are left out too). Enter scrolls to the next match. The legend shows each
client's colour as the bars use it; clicking a client finds its bookings.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from ...domain.model import Slot, SlotKind
from ...services.plan_search import matching_slots, matching_suites
from ...services.queries import Snapshot
from .. import style
from ..style import set_tone

CLIENT_COLOURS = style.client_colours()  # the palette's client-1, client-2, … in resources/style


def client_colours(snap: Snapshot) -> dict[int, QColor]:
    """Each client's bar colour (by client id, so it stays put when names change)."""
    ids = sorted(c.id or 0 for c in snap.clients)
    return {cid: QColor(CLIENT_COLOURS[i % len(CLIENT_COLOURS)]) for i, cid in enumerate(ids)}


def swatch(colour: QColor, size: int = 12) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(colour)
    return QIcon(pix)


class Finding:
    """The timeline's side of finding (mixed into TimelineView): which bookings the find box
    leaves at full strength, dimmed or hidden, and going from one match to the next."""

    #: matching slot ids (None: no filter), suites matched by name, hide the rest?
    match: set[int] | None = None
    match_suites: set[int] = set()
    hide_rest = False
    _match_order = 0

    def set_filter(self: Any, ids: set[int] | None, suites: set[int] | None = None,
                   hide: bool = False) -> None:
        """Show the bookings ``ids`` (None: all); the rest is dimmed, or hidden with ``hide``
        (and suite rows without a match, unless the suite itself matched)."""
        self.match = ids
        self.match_suites = set(suites or ())
        self.hide_rest = hide
        self._match_order = 0
        if self.snap is not None:
            self._build_rows()
            self._update_scrollbars()
        self.viewport().update()

    def shown(self: Any, s: Slot) -> str:
        """'full', 'dim' or 'hidden': how the find box leaves a slot."""
        if self.match is None or s.id in self.match:
            return "full"
        return "hidden" if self.hide_rest else "dim"

    def show_next_match(self: Any) -> Slot | None:
        """Scroll to the next booking found (by start), select it, and return it."""
        if self.match is None or self.planner is None:
            return None
        found = sorted((s for s in self.planner.snap.slots if s.id in self.match
                        and s.kind == SlotKind.CAMPAIGN and s.suite_id in self.row_of_suite),
                       key=lambda s: (s.start, s.suite_id))
        if not found:
            return None
        i = self._match_order % len(found)
        s = found[i]
        self._match_order += 1
        code = self.planner.snap.campaign(s.campaign_id or 0).code
        self.message.emit(QCoreApplication.translate(
            "timeline_find", "Found {code} in {suite} ({i} of {n}; Enter shows the next)").format(
                code=code, suite=self.planner.snap.suite(s.suite_id).name, i=i + 1, n=len(found)))
        self.scroll_to(s.start - timedelta(hours=12))
        row = self.row_of_suite[s.suite_id]
        self.verticalScrollBar().setValue(max(0, row.top - 40))
        self.selected = {s.id or 0}
        self.selection_changed.emit()
        self.viewport().update()
        return s


class FindBar(QWidget):
    """'Find: campaign, client, product or suite' with 'Hide the rest' and a count."""

    #: (matching slot ids or None for no filter, suites that match by name, hide the rest?)
    changed = Signal(object, object, bool)
    #: Enter in the box: show the next match
    next_match = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.snap: Snapshot | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setObjectName("findBox")
        self.edit.setPlaceholderText(self.tr("Find campaign, client, product or suite"))
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(260)
        self.edit.setToolTip(self.tr("Words to find on the plan (all must match). Enter shows the next "
                             "booking found; Esc clears."))
        self.hide_rest = QCheckBox(self.tr("Hide the rest"))
        self.hide_rest.setObjectName("hideRest")
        self.count = QLabel("")
        self.count.setObjectName("findCount")
        layout.addWidget(self.edit)
        layout.addWidget(self.hide_rest)
        layout.addWidget(self.count)
        self.edit.textChanged.connect(lambda _t: self.apply())
        self.edit.returnPressed.connect(self.next_match)
        self.hide_rest.toggled.connect(lambda _on: self.apply())

    def set_snapshot(self, snap: Snapshot) -> None:
        self.snap = snap
        self.apply()

    def keyPressEvent(self, ev: Any) -> None:
        if ev.key() == Qt.Key.Key_Escape:
            self.edit.clear()
            return
        super().keyPressEvent(ev)

    def apply(self) -> None:
        if self.snap is None:
            return
        text = self.edit.text()
        ids = matching_slots(self.snap, text)
        suites = matching_suites(self.snap, text)
        bookings = sum(1 for s in self.snap.slots if ids and s.id in ids
                       and s.campaign_id is not None)
        self.count.setText("" if ids is None else self.tr("nothing found") if not ids else
                           (self.tr("1 booking found") if bookings == 1 else
                            self.tr("{n} bookings found").format(n=bookings)))
        set_tone(self.count, "error" if ids is not None and not ids else "")
        self.changed.emit(ids, suites, self.hide_rest.isChecked())


class ClientLegend(QWidget):
    """The client colours as the bars use them; clicking one finds that client's bookings."""

    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.buttons: dict[int, QToolButton] = {}

    def set_snapshot(self, snap: Snapshot) -> None:
        colours = client_colours(snap)
        wanted = [(c.id or 0, c) for c in sorted(snap.clients, key=lambda c: c.id or 0)
                  if not c.retired]
        if [i for i, _c in wanted] == list(self.buttons) and all(
                self.buttons[i].text() == c.code for i, c in wanted):
            return
        for b in self.buttons.values():
            b.deleteLater()
        self.buttons.clear()
        while self._layout.count():
            self._layout.takeAt(0)
        title = QLabel(self.tr("Clients:"))
        self._layout.addWidget(title)
        for cid, client in wanted:
            b = QToolButton()
            b.setObjectName(f"client-{client.code}")
            b.setAutoRaise(True)
            b.setIcon(swatch(colours[cid]))
            b.setIconSize(QSize(12, 12))
            b.setText(client.code)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            b.setToolTip(self.tr("{name}: click to find its bookings").format(name=client.name))
            b.clicked.connect(lambda _c=False, code=client.code: self.picked.emit(code))
            self._layout.addWidget(b)
            self.buttons[cid] = b
        self._layout.addStretch(1)
