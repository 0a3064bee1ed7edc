"""The window's look comes from one style sheet: resources/style/necst.qss names every colour, the
code asks for colours by name, and no colour literal or inline style sheet is left in qt/."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel

from necst_desktop.qt import style

QT = Path(style.__file__).resolve().parent
#: files the palette rule does not reach yet (say why in the report, never silently)
NOT_YET: set[str] = set()
#: not the window's look: a probe of the Qt bindings that paints nothing
PROBES = {"_none_guard.py"}


def _sources() -> list[Path]:
    return [p for p in sorted(QT.rglob("*.py")) if p.name != "style.py" and p.name not in NOT_YET | PROBES]


def test_no_colour_literal_or_inline_style_sheet_in_the_window_code() -> None:
    """A colour written in a Python file of qt/ (a '#rrggbb' string, QColor(r, g, b), a named Qt
    colour) or a widget's own style sheet would escape the palette: there is none."""
    found = []
    for path in _sources():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("  #", 1)[0]
            if (re.search(r"['\"][^'\"]*#[0-9a-fA-F]{3,8}\b", code)
                    or re.search(r"QColor\(\s*\d", code)
                    or re.search(r"Qt\.GlobalColor\.(?!transparent)", code)
                    or re.search(r"\.setStyleSheet\(\s*['\"f]", code)):
                found.append(f"{path.relative_to(QT)}:{n}: {line.strip()}")
    assert not found, "\n".join(found)


def test_every_colour_and_tone_the_code_names_is_in_the_sheet() -> None:
    """style.colour('x'), hex_colour('x') and set_tone(w, 'x') name colours and tones the sheet
    defines (a typo would raise KeyError or leave a label unstyled when it is shown)."""
    sheet = style.sheet_path().read_text(encoding="utf-8")
    tones = set(re.findall(r'\[tone="([a-z]+)"\]', sheet))
    palette = style.palette()
    for path in [*_sources(), QT / "style.py"]:
        text = path.read_text(encoding="utf-8")
        for name in re.findall(r"(?:colour|hex_colour)\(\s*['\"]([a-z0-9-]+)['\"]", text):
            assert name in palette, f"{path.name}: colour {name!r} is not in the palette"
        for tone in re.findall(r"set_tone\([^,]+,\s*['\"]([a-z]*)['\"]", text):
            assert tone == "" or tone in tones, f"{path.name}: tone {tone!r} has no rule"
    assert "@" not in style.style_sheet().split("*/", 1)[1]  # every @name was replaced


def test_a_label_takes_its_tone_from_the_sheet(qtbot: Any) -> None:
    """An error label is drawn in the palette's error colour, and turns plain again when its
    tone is cleared while shown."""
    label = QLabel("Wrong password")
    qtbot.addWidget(label)
    label.show()
    style.set_tone(label, "error")
    label.ensurePolished()
    assert label.palette().color(QPalette.ColorRole.WindowText) == QColor(style.hex_colour("error"))
    style.set_tone(label, "")
    assert label.palette().color(QPalette.ColorRole.WindowText) != QColor(style.hex_colour("error"))
