"""Dialogs that fit the screen they open on.

A question listing 19 campaign codes on one line made a dialog 1,982 px wide with its buttons off
screen. :func:`wrap_list` breaks such lists into lines; :func:`fit_to_screen` keeps a window
within the available part of its screen (it may still be enlarged by hand).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QLineEdit, QWidget

from .i18n import QT_TRANSLATE_NOOP

#: the share of the screen a dialog may take at most
SHARE = 0.92


def available(widget: QWidget | None = None) -> tuple[int, int]:
    """Width and height of the usable part of the widget's screen (the primary one if none)."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QApplication.primaryScreen()
    if screen is None:
        return 1280, 800
    geo = screen.availableGeometry()
    return geo.width(), geo.height()


def fit_to_screen(widget: QWidget) -> None:
    """Shrink ``widget`` (and cap its minimum size) to the screen; move it fully on screen."""
    width, height = available(widget.parentWidget() or widget)
    max_w, max_h = int(width * SHARE), int(height * SHARE)
    widget.setMinimumSize(min(widget.minimumWidth(), max_w), min(widget.minimumHeight(), max_h))
    size = widget.size()
    if size.width() > max_w or size.height() > max_h:
        widget.resize(min(size.width(), max_w), min(size.height(), max_h))


def wrap_list(items: list[str], width: int = 64, most: int = 40) -> str:
    """'K01, K02, K03,\\nK04 …' in lines of at most ``width`` characters; past ``most`` items,
    'and N more'."""
    shown = items[:most]
    lines: list[str] = []
    line = ""
    for i, item in enumerate(shown):
        piece = item + ("," if i < len(shown) - 1 or len(items) > most else "")
        if line and len(line) + 1 + len(piece) > width:
            lines.append(line)
            line = piece
        else:
            line = f"{line} {piece}".strip()
    if len(items) > most:
        line = QCoreApplication.translate("fit", "{items} and {n} more").format(items=line, n=len(items) - most)
    lines.append(line)
    return "\n".join(lines)


def ask_reason(parent: QWidget, title: str, codes: list[str], *, what: str = QT_TRANSLATE_NOOP("fit", "cancelled")) -> tuple[str, bool]:
    """Ask why ``codes`` are ``what`` (kept in the audit trail), in a dialog that fits the
    screen however many codes there are."""
    what = QCoreApplication.translate("fit", what)
    if len(codes) == 1:
        question = QCoreApplication.translate("fit", "Why is {codes} {what}? (kept in the audit trail)").format(codes=codes[0], what=what)
    else:
        question = (QCoreApplication.translate("fit", "Why are these {len} campaigns {what}? (kept in the audit trail)\n").format(len=len(codes), what=what)
                    + wrap_list(codes))
    text, ok = QInputDialog.getText(parent, title, question, QLineEdit.EchoMode.Normal, "")
    return text, ok


class _DialogFitter(QObject):
    """Fits every dialog to its screen when it is shown (editors, conflicts, imports, the audit
    trail: whatever their content asks for)."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(obj, QDialog):
            fit_to_screen(obj)
        return False


_fitter: _DialogFitter | None = None


def install_dialog_fitter() -> None:
    """Once per application: every dialog shown from now on fits its screen."""
    global _fitter
    app = QApplication.instance()
    if _fitter is None and app is not None:
        _fitter = _DialogFitter(app)
        app.installEventFilter(_fitter)
