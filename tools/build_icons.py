"""Render resources/icons/necst.svg to the PNG sizes and the Windows .ico the app and bundle use.

    .venv/bin/python tools/build_icons.py

The PNGs and the .ico are committed (a clean clone builds the bundle without running this); run it
again after editing the SVG. Uses only Qt's SVG renderer from the PySide6 wheel.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(svg: Path, size: int, out: Path) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    buf.close()
    png = bytes(data.data())
    out.write_bytes(png)
    return png


def write_ico(pngs: dict[int, bytes], out: Path) -> None:
    """An .ico holding PNG images (Windows Vista and later read these)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in sorted(pngs.items()):
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset + len(blobs))
        blobs += png
    out.write_bytes(header + entries + blobs)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = ICONS / "necst.svg"
    pngs = {size: render(svg, size, ICONS / f"necst-{size}.png") for size in SIZES}
    write_ico({s: pngs[s] for s in ICO_SIZES}, ICONS / "necst.ico")
    print(f"Wrote {len(pngs)} PNGs and necst.ico in {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
