"""Regenerate resources/icons/handbook.ico and .icns from handbook.svg (run after editing it).

Usage: ``python tools/make_icons.py`` (needs PySide6; no display: it renders offscreen).
Then run ``handbook build``: the icons are part of the sources the index is stamped with.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS types holding PNG data: ic07 128, ic08 256, ic09 512, ic10 1024 (512@2x).
ICNS_TYPES = ((b"ic07", 128), (b"ic08", 256), (b"ic09", 512), (b"ic10", 1024))


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    """The SVG drawn into a transparent size x size square, as PNG bytes."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG"):
        raise RuntimeError(f"could not encode a {size} px PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file whose entries are PNG images (read by Windows Vista and later)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = [], []
    for size in sizes:
        blob = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        entries.append(struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset))
        blobs.append(blob)
        offset += len(blob)
    return header + b"".join(entries) + b"".join(blobs)


def icns_bytes(pngs: dict[bytes, bytes]) -> bytes:
    """An ICNS file: 'icns' + total length, then (type, length incl. 8-byte header, PNG) chunks."""
    chunks = b"".join(kind + struct.pack(">I", len(png) + 8) + png for kind, png in pngs.items())
    return b"icns" + struct.pack(">I", len(chunks) + 8) + chunks


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "handbook.svg"))
    if not renderer.isValid():
        print(f"{ICONS / 'handbook.svg'}: not a valid SVG", file=sys.stderr)
        return 1
    renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
    cache: dict[int, bytes] = {}

    def png(size: int) -> bytes:
        if size not in cache:
            cache[size] = render_png(renderer, size)
        return cache[size]

    ico = ico_bytes({size: png(size) for size in ICO_SIZES})
    icns = icns_bytes({kind: png(size) for kind, size in ICNS_TYPES})
    (ICONS / "handbook.ico").write_bytes(ico)
    (ICONS / "handbook.icns").write_bytes(icns)
    print(
        f"wrote handbook.ico ({len(ico) // 1024} KB, {len(ICO_SIZES)} sizes) and "
        f"handbook.icns ({len(icns) // 1024} KB, {len(ICNS_TYPES)} sizes) into {ICONS}"
    )
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
