"""The application icon comes from resources/ (window and bundle use the same files)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QGuiApplication, QIcon


def test_window_icon_is_the_resources_icon(qapp: Any) -> None:
    """resources/icons holds the SVG source, the PNG sizes and the .ico the bundle uses, and the
    application's window icon is set from them (every window shows it in its title bar)."""
    from necst_desktop.qt.app import _set_window_icon, resources_dir

    icons = resources_dir() / "icons"
    assert (icons / "necst.svg").exists() and (icons / "necst.ico").stat().st_size > 1000
    assert QIcon(str(icons / "necst-32.png")).availableSizes()
    before = QGuiApplication.windowIcon()
    try:
        _set_window_icon(qapp)
        sizes = {s.width() for s in QGuiApplication.windowIcon().availableSizes()}
        assert {16, 32, 256} <= sizes, sizes
    finally:
        QGuiApplication.setWindowIcon(before)


def test_ico_holds_every_size() -> None:
    """The Windows .ico lists the sizes a desktop asks for, each a PNG image."""
    import struct

    from necst_desktop.qt.app import resources_dir

    data = (resources_dir() / "icons" / "necst.ico").read_bytes()
    _reserved, kind, count = struct.unpack("<HHH", data[:6])
    sizes = []
    for i in range(count):
        width, _h, _c, _r, _p, _b, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i : 22 + 16 * i]
        )
        assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n" and length > 0
        sizes.append(width or 256)
    assert kind == 1 and sorted(sizes) == [16, 24, 32, 48, 64, 128, 256]
