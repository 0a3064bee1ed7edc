"""The window's look: one style sheet, ``resources/style/necst.qss``, and its named palette.

The sheet starts with a palette (``name  #rrggbb  purpose`` lines between ``@palette`` and
``@end``); its rules refer to those colours as ``@name``. :func:`style_sheet` returns the sheet
with the names replaced, :func:`apply` sets it on the application at start-up, and painting code
(the timeline's bars, charts, print-outs) asks :func:`colour` for the same colours by name, so no
colour is written anywhere else in the window's code.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget

_PALETTE_BLOCK = re.compile(r"@palette\s*\n(.*?)\n\s*@end", re.S)
_ENTRY = re.compile(r"^\s*([a-z][a-z0-9-]*)\s+(#(?:[0-9a-fA-F]{2})?[0-9a-fA-F]{6})\b", re.M)
_REFERENCE = re.compile(r"@([a-z][a-z0-9-]*)")


def resources_dir() -> Path:
    """The ``resources/`` folder: next to the package in a checkout, inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def sheet_path() -> Path:
    return resources_dir() / "style" / "necst.qss"


@cache
def _parsed() -> tuple[dict[str, str], str]:
    raw = sheet_path().read_text(encoding="utf-8")
    block = _PALETTE_BLOCK.search(raw)
    if block is None:
        raise RuntimeError(f"{sheet_path()} has no @palette … @end block")
    palette = {name: value.lower() for name, value in _ENTRY.findall(block.group(1))}
    rules = raw[:block.start()] + raw[block.end():]

    def named(m: re.Match[str]) -> str:
        if m.group(1) not in palette:
            raise RuntimeError(f"{sheet_path()} uses @{m.group(1)}, which its palette does not name")
        return palette[m.group(1)]

    # The palette sits inside the opening comment, so only the rules after it use names.
    head, sep, body = rules.partition("*/")
    return palette, head + sep + _REFERENCE.sub(named, body)


def palette() -> dict[str, str]:
    """Every named colour of the sheet: name → '#rrggbb'."""
    return dict(_parsed()[0])


def hex_colour(name: str) -> str:
    """'#rrggbb' (or '#aarrggbb') of a named colour, for rich text and exported files; a KeyError
    names a typo."""
    return _parsed()[0][name]


def colour(name: str) -> QColor:
    """A named colour of the palette, for painting."""
    return QColor(hex_colour(name))


def client_colours() -> tuple[str, ...]:
    """The colours of clients' campaigns, in order (client-1, client-2, …)."""
    pal = _parsed()[0]
    return tuple(pal[f"client-{i}"] for i in range(1, 100) if f"client-{i}" in pal)


def style_sheet() -> str:
    """The application's style sheet with every @name replaced by its colour."""
    return _parsed()[1]


def apply(app: QApplication) -> None:
    """Give the whole application the style sheet (once, at start-up)."""
    app.setStyleSheet(style_sheet())


def set_tone(widget: QWidget, tone: str) -> None:
    """Say what a label carries ('error', 'alert', 'ok', 'warning', 'note', 'strong' or '' for
    plain): the style sheet colours it. Re-polishes, so a label can change tone while shown."""
    if widget.property("tone") == tone:
        return
    widget.setProperty("tone", tone)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
