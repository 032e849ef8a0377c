"""Export renditions: every network's image from one 24-megapixel JPEG.

The 6000×4000 camera-like JPEG of ``photos.py`` (gradients, shapes, texture,
noise; quality 90) is made once, untimed. Then, interleaved in the same run,
median of 5 each, for Instagram, Facebook, X and Bluesky:

- ``renditions.render_all``: decoded once, at the smallest JPEG draft scale
  that still gives the largest rendition its full size; crop, Lanczos, sRGB,
  JPEG at the highest quality within Bluesky's 2 MB;
- a plain Pillow pipeline (the baseline): ``open`` + ``exif_transpose`` (all
  24 megapixels decoded), then per network the same crop, ``resize`` with
  Lanczos and ``save`` at quality 95.

Peak memory is that of a fresh interpreter doing one ``render_all`` (its
high-water mark ``VmHWM``, else ``ru_maxrss``; Python and Pillow included).

``cd /work/main && .venv/bin/python bench/export.py``
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import Row, median_ms, print_rows
from photos import camera_like_jpeg
from PIL import Image, ImageOps

NETWORKS = ("instagram", "facebook", "x", "bluesky")
RUNS = 5
TARGET_MS = 1000
TARGET_RATIO = 0.5
TARGET_MB = 300
PROJECT_ROOT = Path(__file__).resolve().parents[1]

_CHILD = """
import resource, sys
from composer.core.renditions import render_all
render_all(sys.argv[1], sys.argv[2].split(","))
try:  # Linux: the high-water mark of this program only (ru_maxrss would count the parent's, from before exec)
    with open("/proc/self/status") as status:
        print(next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:")))
except OSError:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024))
"""


def plain(path: Path) -> list[bytes]:
    """A first try with Pillow: every pixel decoded, turned, then per network cropped, resized and saved."""
    from composer.core.renditions import default_crop, target_size

    with Image.open(path) as im:
        upright = ImageOps.exif_transpose(im)
    out = []
    for key in NETWORKS:
        crop = default_crop(upright.size, key)
        width, height = upright.size
        box = (0, 0, width, height) if crop is None else (
            round(crop.x * width), round(crop.y * height), round((crop.x + crop.width) * width),
            round((crop.y + crop.height) * height))
        size = target_size((box[2] - box[0], box[3] - box[1]), key)
        small = upright.crop(box).resize(size, Image.Resampling.LANCZOS)
        data = io.BytesIO()
        small.save(data, "JPEG", quality=95)
        out.append(data.getvalue())
    return out


def ours(path: Path) -> dict:
    from composer.core.renditions import render_all

    return render_all(path, NETWORKS)


def timed(action) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def peak_mb(path: Path) -> float:
    result = subprocess.run([sys.executable, "-c", _CHILD, str(path), ",".join(NETWORKS)], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, check=True)
    return int(result.stdout.strip().splitlines()[-1]) / 1_000_000


def run(runs: int = RUNS) -> list[Row]:
    """Time and memory for all four renditions of a 24 MP JPEG, against plain Pillow in the same run."""
    times: dict[str, list[float]] = {"plain": [], "ours": []}
    with tempfile.TemporaryDirectory(prefix="composer-bench-export-") as tmp:
        source = camera_like_jpeg(Path(tmp) / "IMG_0001.JPG")
        megabytes = source.stat().st_size / 1_000_000
        result = ours(source)
        plain(source)  # warm up: plugins loaded, file in the page cache
        for _ in range(runs):
            times["plain"].append(timed(lambda: plain(source)))
            times["ours"].append(timed(lambda: ours(source)))
        peak = peak_mb(source)
    base, mine = median_ms(times["plain"]), median_ms(times["ours"])
    ratio = mine / base
    sizes = ", ".join(f"{key} {r.size[0]}×{r.size[1]} q{r.quality} {len(r.data) / 1e6:.2f} MB"
                      for key, r in result.items())
    return [
        Row(f"export renditions for {', '.join(NETWORKS)} from a 24 MP JPEG ({megabytes:.1f} MB), one decode "
            f"in draft mode, median of {runs} ({sizes})", f"{mine:.0f} ms", f"< {TARGET_MS} ms", mine < TARGET_MS),
        Row(f"  … against plain Pillow (open + exif_transpose + crop/resize/save per network: {base:.0f} ms)",
            f"{ratio:.2f}×", f"≤ {TARGET_RATIO}×", ratio <= TARGET_RATIO),
        Row("  … peak memory of a process doing it (high-water mark, Python and Pillow included)",
            f"{peak:.0f} MB", f"< {TARGET_MB} MB", peak < TARGET_MB),
    ]


def main() -> None:
    rows = run()
    print(f"\nPython {sys.version.split()[0]}, Pillow {Image.__version__}\n")
    print_rows(rows)


if __name__ == "__main__":
    main()
