"""The timeline's geometry (header, label column and row sizes), its rows, and a guard for Qt
event handlers."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from ...domain.model import SlotKind


def guarded(handler: Callable[..., Any]) -> Callable[..., Any]:
    """An exception escaping a Qt event handler can abort PySide6; report it instead."""

    @functools.wraps(handler)
    def wrapper(self: Any, *args: Any) -> Any:
        try:
            return handler(self, *args)
        except Exception as exc:
            self.drag = None
            logging.getLogger("necst").exception("timeline handler failed")
            self.message.emit(QCoreApplication.translate("layout", "Something went wrong ({error}); nothing was changed.").format(
                error=f"{type(exc).__name__}: {exc}"))
            return None

    return wrapper


HEADER_H = 46
LEFT_W = 200
ROW_H = 40
GROUP_H = 22
EDGE_PX = 5
#: sideways pixels a mostly vertical drag may wobble without changing the start time
WOBBLE_PX = 6
MIME_CAMPAIGN = "application/x-necst-campaign"

KIND_STYLE = {
    SlotKind.CHANGEOVER: ("changeover-fill", "changeover-edge", Qt.BrushStyle.BDiagPattern, "changeover-text"),
    SlotKind.CLEANING: ("cleaning-fill", "cleaning-edge", Qt.BrushStyle.Dense6Pattern, "cleaning-text"),
    SlotKind.MAINTENANCE: ("maintenance-fill", "maintenance-edge", Qt.BrushStyle.DiagCrossPattern, "maintenance-text"),
}


def suite_group(suite: Any) -> str:
    """The row group of a suite: its grade and main containment/capability."""
    caps = set(suite.capabilities)
    if "viral-vector" in caps or "bsl2" in caps:
        kind = QCoreApplication.translate("layout", "Viral vector (BSL-2)")
    elif "ipsc" in caps:
        kind = "iPSC"
    elif "isolator" in caps:
        kind = QCoreApplication.translate("layout", "Isolator")
    else:
        kind = QCoreApplication.translate("layout", "Open processing (BSC)")
    return QCoreApplication.translate("layout", "Grade {grade} · {kind}").format(grade=suite.grade.value, kind=kind)


@dataclass
class Row:
    top: int
    height: int
    suite_id: int | None
    label: str
