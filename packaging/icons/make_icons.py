"""Render the app icon for the installers: hicolor PNGs and SVG (Linux), .ico (Windows), .icns (macOS).

Usage: ``python packaging/icons/make_icons.py OUT_DIR``. The one source is the SVG the window uses
(composer/ui/icons/post-composer.svg); Qt draws it (as the window does), Pillow packs the .ico and .icns.
The results are made at build time and never checked in.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path

from PIL import Image

APP_ID = "be.postcomposer.PostComposer"
SOURCE = Path(__file__).resolve().parents[2] / "composer" / "ui" / "icons" / "post-composer.svg"
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # the .ico format stops at 256
ICNS_SIZES = (32, 64, 128, 256, 512, 1024)  # what Pillow writes into an .icns (1024: 512 at Retina scale)
_app = None


def render(svg: bytes, sizes: set[int]) -> dict[int, Image.Image]:
    """The SVG drawn by Qt at each size, square, on a transparent background, as RGBA images."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a build machine has no screen
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    global _app
    _app = QGuiApplication.instance() or QGuiApplication([])  # QPainter needs one; kept until exit
    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SOURCE}")
    images = {}
    for size in sorted(sizes):
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        images[size] = Image.open(io.BytesIO(buffer.data().data())).convert("RGBA")
    return images


def make_icons(out_dir: Path) -> None:
    """Write OUT_DIR/hicolor/<N>x<N>/apps/<id>.png, hicolor/scalable/apps/<id>.svg, post-composer.ico and .icns."""
    images = render(SOURCE.read_bytes(), {*HICOLOR_SIZES, *ICO_SIZES, *ICNS_SIZES})
    for size in HICOLOR_SIZES:
        target = out_dir / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        images[size].save(target)
    scalable = out_dir / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, scalable)
    # each size drawn by Qt, not scaled down from the largest by Pillow: small icons stay sharp
    images[256].save(out_dir / "post-composer.ico", sizes=[(s, s) for s in ICO_SIZES],
                     append_images=[images[s] for s in ICO_SIZES if s != 256])
    images[1024].save(out_dir / "post-composer.icns", append_images=[images[s] for s in ICNS_SIZES])


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    make_icons(Path(argv[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
