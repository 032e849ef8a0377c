"""Export renditions: every network's image from one 24-megapixel JPEG.

The 6000×4000 camera-like JPEG of ``photos.py`` (gradients, shapes, texture,
noise; quality 90; EXIF orientation 1) is made once, untimed. Then,
interleaved in the same run, median of 5 each, for Instagram, Facebook, X and
Bluesky:

- ``renditions.render_all``: decoded once, at the smallest JPEG draft scale
  that still gives the largest rendition its full size; Facebook, X and
  Bluesky (the same scale) share one Lanczos resize, their crops snapped to its
  pixel grid; no copy for orientation 1; sRGB; JPEG 4:4:4 at quality 95, each
  network within its own file limit (Bluesky's 2 MB falls back to 4:2:0);
- the same with the shared resize switched off (each network its own resize),
  to show what sharing saves;
- a plain Pillow pipeline (a baseline): ``open`` + ``exif_transpose`` (all
  24 megapixels decoded), then per network the same crop, ``resize`` with
  Lanczos and ``save`` at quality 95 (Pillow's default 4:2:0);
- pyvips with one decode (the fast reference, if pyvips and libvips are
  installed: ``pip install '.[bench]'`` and Debian's ``libvips42``): the JPEG
  shrunk on load by the same factor, kept in memory, then per network
  crop + Lanczos resize + ``jpegsave`` 4:4:4 at quality 95; timed in a child
  process (libvips and pillow-heif cannot share one), after a warm-up there.

Peak memory is that of a fresh interpreter doing one ``render_all`` (its
high-water mark ``VmHWM``, else ``ru_maxrss``; Python and Pillow included).
The artwork rows (:mod:`artwork`: 4:4:4, flat graphics, colour against
LittleCMS) follow.

``cd /work/main && .venv/bin/python bench/export.py``
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import artwork
from common import Row, main_with_pillow, median_ms
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
from composer.core.photos.renditions import render_all
render_all(sys.argv[1], sys.argv[2].split(","))
try:  # Linux: the high-water mark of this program only (ru_maxrss would count the parent's, from before exec)
    with open("/proc/self/status") as status:
        print(next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:")))
except OSError:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024))
"""


def boxes(size: tuple[int, int]) -> dict[str, tuple[tuple[int, int, int, int], tuple[int, int]]]:
    """Per network: the default crop in pixels and the rendition size, as the app plans them."""
    from composer.core.photos.renditions import default_crop, target_size

    width, height = size
    planned = {}
    for key in NETWORKS:
        crop = default_crop(size, key)
        box = (0, 0, width, height) if crop is None else (
            round(crop.x * width), round(crop.y * height), round((crop.x + crop.width) * width),
            round((crop.y + crop.height) * height))
        planned[key] = box, target_size((box[2] - box[0], box[3] - box[1]), key)
    return planned


def plain(path: Path) -> list[bytes]:
    """A first try with Pillow: every pixel decoded, turned, then per network cropped, resized and saved."""
    with Image.open(path) as im:
        upright = ImageOps.exif_transpose(im)
    out = []
    for box, size in boxes(upright.size).values():
        small = upright.crop(box).resize(size, Image.Resampling.LANCZOS)
        data = io.BytesIO()
        small.save(data, "JPEG", quality=95)
        out.append(data.getvalue())
    return out


_VIPS_CHILD = """
import sys, time
sys.path.insert(0, sys.argv[2])
import export
export.vips(sys.argv[1])  # warm up: libvips loaded, its operation cache filled
began = time.perf_counter()
export.vips(sys.argv[1])
print(time.perf_counter() - began)
"""


def vips_available() -> str | None:
    """Why pyvips cannot be used here, or ``None`` when it can (asked in a child process, see :func:`vips_timed`)."""
    done = subprocess.run([sys.executable, "-c", "import pyvips; pyvips.Image.black(1, 1).avg()"],
                          capture_output=True, text=True)
    if done.returncode:
        return f"pyvips not usable here ({done.stderr.strip().splitlines()[-1] if done.stderr.strip() else 'no'})"
    return None


def vips_timed(path: Path) -> float:
    """One pyvips run, timed in a child process.

    Never in this process: libvips brings the system's libheif, and once it is loaded pillow-heif's own
    libheif crashes (a segmentation fault) on the next HEIC it opens; pyvips is a bench-only extra anyway.
    """
    done = subprocess.run([sys.executable, "-c", _VIPS_CHILD, str(path), str(Path(__file__).parent)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def vips(path: Path) -> list[bytes]:
    """pyvips, one decode: shrink-on-load as far as the largest rendition allows, then crop, resize, save."""
    import pyvips

    source = pyvips.Image.new_from_file(str(path), access="sequential")
    planned = boxes((source.width, source.height))
    factor = min((b[2] - b[0]) / s[0] for b, s in planned.values())
    shrink = max(s for s in (1, 2, 4, 8) if s <= factor)
    im = pyvips.Image.new_from_file(str(path), shrink=shrink).copy_memory()
    out = []
    for (left, top, right, bottom), (w, h) in planned.values():
        part = im.crop(left // shrink, top // shrink, (right - left) // shrink, (bottom - top) // shrink)
        small = part.resize(w / part.width, vscale=h / part.height, kernel="lanczos3")
        out.append(small.jpegsave_buffer(Q=95, subsample_mode="off", optimize_coding=True, strip=True))
    return out


def ours(path: Path) -> dict:
    from composer.core.photos.renditions import render_all

    return render_all(path, NETWORKS)


def ours_unshared(path: Path) -> dict:
    """``render_all`` with every network resized on its own (the shared resize switched off)."""
    from composer.core.photos import renditions

    shared = renditions._groups
    renditions._groups = lambda plans: [[plan] for plan in plans]
    try:
        return renditions.render_all(path, NETWORKS)
    finally:
        renditions._groups = shared


def timed(action) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def peak_mb(path: Path) -> float:
    result = subprocess.run([sys.executable, "-c", _CHILD, str(path), ",".join(NETWORKS)], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, check=True)
    return int(result.stdout.strip().splitlines()[-1]) / 1_000_000


def run(runs: int = RUNS) -> list[Row]:
    """Time and memory for all four renditions of a 24 MP JPEG, against plain Pillow and pyvips in the same run."""
    no_vips = vips_available()
    actions = {"plain": plain, "ours": ours, "unshared": ours_unshared}
    times: dict[str, list[float]] = {name: [] for name in (*actions, "vips")}
    with tempfile.TemporaryDirectory(prefix="composer-bench-export-") as tmp:
        source = camera_like_jpeg(Path(tmp) / "IMG_0001.JPG")
        megabytes = source.stat().st_size / 1_000_000
        result = ours(source)
        for action in actions.values():  # warm up: plugins loaded, file in the page cache
            action(source)
        for _ in range(runs):
            for name, action in actions.items():
                times[name].append(timed(lambda a=action: a(source)))
            if no_vips is None:
                times["vips"].append(vips_timed(source))
        peak = peak_mb(source)
    base, mine, unshared = median_ms(times["plain"]), median_ms(times["ours"]), median_ms(times["unshared"])
    ratio = mine / base
    sizes = ", ".join(f"{key} {r.size[0]}×{r.size[1]} {r.subsampling} q{r.quality} {len(r.data) / 1e6:.2f} MB"
                      for key, r in result.items())
    rows = [
        Row(f"export renditions for {', '.join(NETWORKS)} from a 24 MP JPEG ({megabytes:.1f} MB), one decode "
            f"in draft mode, median of {runs} ({sizes})", f"{mine:.0f} ms ({mine / len(NETWORKS):.0f} ms a network)",
            f"< {TARGET_MS} ms", mine < TARGET_MS),
        Row(f"  … against plain Pillow (open + exif_transpose + crop/resize/save 4:2:0 per network: {base:.0f} ms)",
            f"{ratio:.2f}×", f"≤ {TARGET_RATIO}×", ratio <= TARGET_RATIO),
        Row(f"  … the shared resize of Facebook, X and Bluesky: each network its own resize instead "
            f"({unshared:.0f} ms)", f"{mine / unshared:.2f}×", "< 1×", mine < unshared),
    ]
    if no_vips is None:
        fast = median_ms(times["vips"])
        rows.append(Row(f"  … against pyvips, one decode (shrink-on-load, crop, Lanczos, 4:4:4 q95 per network: "
                        f"{fast:.0f} ms)", f"{mine / fast:.2f}×", "no target", True))
    else:
        rows.append(Row(f"  … against pyvips: {no_vips}", "—", "no target", True))
    rows.append(Row("  … peak memory of a process doing it (high-water mark, Python and Pillow included)",
                    f"{peak:.0f} MB", f"< {TARGET_MB} MB", peak < TARGET_MB))
    return rows + artwork.run()


def main() -> None:
    main_with_pillow(run)


if __name__ == "__main__":
    main()
