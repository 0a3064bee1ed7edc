"""Small icons painted by the app itself, so that no glyph depends on an emoji font (a pin
character showed as an empty box on machines without one)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QIcon, QPainter, QPen, QPixmap

from . import style


def paint_pin(p: QPainter, at: QPointF) -> None:
    """A red map pin with its head at ``at`` (the timeline's and the tables' pin)."""
    p.setPen(QPen(style.colour("text"), 1.4))
    p.drawLine(at, at + QPointF(4, 6))
    p.setBrush(style.colour("pin-head"))
    p.setPen(QPen(style.colour("paper"), 1))
    p.drawEllipse(at, 3.6, 3.6)


@cache
def pin_icon() -> QIcon:
    pix = QPixmap(14, 14)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint_pin(p, QPointF(5, 5))
    p.end()
    return QIcon(pix)
