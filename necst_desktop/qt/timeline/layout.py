"""The timeline's geometry (header, label column and row sizes), its rows, and a guard for Qt
event handlers."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

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
            self.message.emit(f"Something went wrong ({type(exc).__name__}: {exc}); nothing was "
                              "changed.")
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
    SlotKind.CHANGEOVER: ("#d9d9d9", "#8c8c8c", Qt.BrushStyle.BDiagPattern, "#6e6e6e"),
    SlotKind.CLEANING: ("#d7f0fa", "#3a8fb7", Qt.BrushStyle.Dense6Pattern, "#2a6f8f"),
    SlotKind.MAINTENANCE: ("#5f6b73", "#3b444b", Qt.BrushStyle.DiagCrossPattern, "#9aa7b0"),
}


def suite_group(suite: Any) -> str:
    """The row group of a suite: its grade and main containment/capability."""
    caps = set(suite.capabilities)
    if "viral-vector" in caps or "bsl2" in caps:
        kind = "Viral vector (BSL-2)"
    elif "ipsc" in caps:
        kind = "iPSC"
    elif "isolator" in caps:
        kind = "Isolator"
    else:
        kind = "Open processing (BSC)"
    return f"Grade {suite.grade.value} · {kind}"


@dataclass
class Row:
    top: int
    height: int
    suite_id: int | None
    label: str
