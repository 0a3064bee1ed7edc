"""A status bar whose messages are elided to the room left of its permanent labels.

QStatusBar draws a long message across the user, count and connection labels on its right. This
one cuts the message at the room there is (ending in "…"), keeps the whole text in the tooltip and
in :attr:`full_message`, and elides again when the window is resized.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QStatusBar, QWidget

#: QStatusBar's own margins around the message (left and right of its text)
MARGINS = 24


class ElidingStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._permanent: list[QWidget] = []
        self.full_message = ""
        self._until: float | None = None
        self.messageChanged.connect(self._on_changed)

    def addPermanentWidget(self, widget: QWidget, stretch: int | None = 0) -> None:
        self._permanent.append(widget)
        super().addPermanentWidget(widget, stretch or 0)

    def message_width(self) -> int:
        """Pixels the message may take: the bar less its permanent labels."""
        used = sum(w.sizeHint().width() + 6 for w in self._permanent if w.isVisible())
        return max(40, self.width() - used - MARGINS)

    def showMessage(self, text: str, timeout: int | None = 0) -> None:
        timeout = timeout or 0
        self.full_message = text
        self._until = time.monotonic() + timeout / 1000 if timeout else None
        super().showMessage(self._elided(text), timeout)
        self.setToolTip(text if self._elided(text) != text else "")

    def _elided(self, text: str) -> str:
        one_line = " ".join(text.split())
        return QFontMetrics(self.font()).elidedText(one_line, Qt.TextElideMode.ElideRight,
                                                    self.message_width())

    def _on_changed(self, text: str) -> None:
        if not text:
            self.full_message = ""
            self.setToolTip("")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.full_message and self.currentMessage():
            left = 0
            if self._until is not None:
                left = max(1, int((self._until - time.monotonic()) * 1000))
            text, until = self.full_message, self._until
            super().showMessage(self._elided(text), left)
            self.full_message, self._until = text, until


def install(window: Any) -> ElidingStatusBar:
    """Give a QMainWindow the eliding status bar (before any permanent widget is added)."""
    bar = ElidingStatusBar(window)
    window.setStatusBar(bar)
    return bar
