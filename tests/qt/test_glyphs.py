"""No text in the window needs an emoji font: workstations without one showed empty boxes."""

from __future__ import annotations

from pathlib import Path

import necst_desktop


# Symbols outside the Basic Multilingual Plane (emoji such as a lock or a pin) and the
# emoji-presentation selector are drawn only with an emoji font; DejaVu and the system UI fonts
# cover the BMP symbols the window uses (warning sign, check marks, crosses).
def _needs_emoji_font(ch: str) -> bool:
    return ord(ch) > 0xFFFF or ch == "\ufe0f"


def test_no_window_text_needs_an_emoji_font() -> None:
    root = Path(necst_desktop.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if any(_needs_emoji_font(ch) for ch in line):
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert not found, "text that needs an emoji font:\n" + "\n".join(found)
