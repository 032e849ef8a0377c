"""Adding a 24-megapixel photo: how long until its thumbnail can be shown.

A 6000×4000 JPEG at quality 90 (gradients, shapes and noise, so it compresses
like a camera photo) is made once, untimed. Then, interleaved in the same run,
median of 5 each:

- Pillow plainly: ``Image.open`` + ``ImageOps.exif_transpose`` + ``thumbnail``,
  which decodes all 24 megapixels (the baseline);
- ``images.thumbnail``: JPEG draft mode, decoding at 1/8 scale;
- adding it as the librarian does: ``import_photo`` (check that it decodes,
  hash, copy into the data folder, record) and then the thumbnail.

``cd /work/main && .venv/bin/python bench/photos.py``
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from common import USER, Row, main_with_pillow, median_ms
from PIL import Image, ImageDraw, ImageOps

SIZE = (6000, 4000)
BOX = (256, 256)
RUNS = 5
TARGET_MS = 300


def camera_like_jpeg(path: Path, seed: int = 24) -> Path:
    """A 24 MP JPEG with colour gradients, shapes, texture and sensor-like noise, quality 90, EXIF orientation 1."""
    rng = random.Random(seed)
    width, height = SIZE
    horizontal = Image.linear_gradient("L").rotate(90).resize(SIZE)
    vertical = Image.linear_gradient("L").resize(SIZE)
    im = Image.merge("RGB", (horizontal, vertical, ImageOps.invert(horizontal)))
    draw = ImageDraw.Draw(im)
    for _ in range(120):
        x, y = rng.randrange(width), rng.randrange(height)
        w, h = rng.randrange(50, 1200), rng.randrange(50, 1200)
        colour = tuple(rng.randrange(256) for _ in range(3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)((x, y, x + w, y + h), fill=colour)
    texture = Image.merge("RGB", [Image.effect_noise((width // 4, height // 4), 60).resize(
        SIZE, Image.Resampling.BICUBIC) for _ in range(3)])  # detail a few pixels across, like foliage or fabric
    grain = Image.merge("RGB", [Image.effect_noise(SIZE, 18) for _ in range(3)])  # sensor noise
    im = Image.blend(Image.blend(im, texture, 0.5), grain, 0.3)  # about 8 MB at quality 90, as a camera makes
    exif = Image.Exif()
    exif[0x0112] = 1
    exif[0x010F] = "Bench Camera"
    im.save(path, "JPEG", quality=90, exif=exif.tobytes())
    return path


def plain(path: Path) -> Image.Image:
    """What a first try with Pillow does: every pixel decoded, turned, then shrunk."""
    with Image.open(path) as im:
        upright = ImageOps.exif_transpose(im)
    upright.thumbnail(BOX)
    return upright


def timed(action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def add(store, source: Path) -> None:
    """What the librarian waits for: the photo checked, copied and recorded, then its thumbnail."""
    from composer.core.photos.images import thumbnail
    from composer.core.photos.library import import_photo, photo_path

    photo = import_photo(store, source, author=USER)
    if not thumbnail(photo_path(store, photo), BOX).ok:
        raise RuntimeError("no thumbnail")


def run(runs: int = RUNS) -> list[Row]:
    """Median time to a 256-px thumbnail of a 24 MP JPEG: plain Pillow, draft mode, and adding it to the store."""
    from composer.core.photos.images import thumbnail
    from composer.core.storage.store import Store

    times: dict[str, list[float]] = {"plain": [], "draft": [], "adding": []}
    with tempfile.TemporaryDirectory(prefix="composer-bench-photos-") as tmp:
        source = camera_like_jpeg(Path(tmp) / "IMG_0001.JPG")
        megabytes = source.stat().st_size / 1_000_000
        plain(source), thumbnail(source)  # warm up: plugins loaded, file in the page cache
        for run_no in range(runs):
            times["plain"].append(timed(lambda: plain(source)))
            times["draft"].append(timed(lambda: thumbnail(source, BOX)))
            store = Store.open(Path(tmp) / f"data-{run_no}")  # a fresh store: a real copy every time
            try:
                times["adding"].append(timed(lambda s=store: add(s, source)))
            finally:
                store.close()
    base, draft, adding = (median_ms(times[k]) for k in ("plain", "draft", "adding"))
    return [
        Row(f"24 MP JPEG ({megabytes:.1f} MB) → 256 px thumbnail, draft mode, median of {runs} "
            f"(plain open + exif_transpose + thumbnail: {base:.0f} ms)",
            f"{draft:.0f} ms ({draft / base:.2f}× plain)", f"< {TARGET_MS} ms", draft < TARGET_MS),
        Row(f"adding a 24 MP JPEG: import (decode check at 1/8, sha256, copy, row) + thumbnail, median of {runs}",
            f"{adding:.0f} ms", f"< {TARGET_MS} ms", adding < TARGET_MS),
    ]


def main() -> None:
    main_with_pillow(run)


if __name__ == "__main__":
    main()
