"""True to the artwork: what the exported files hold, reopened and measured (issue 9, points 9-11).

No timings here: pictures made in the run, exported with ``renditions.render``,
reopened with Pillow, and compared with their source or with LittleCMS.

- a poster with red text on blue, 1080×1080, for Instagram (JPEG only):
  SSIMULACRA2 (the ``ssimulacra2`` package, a bench-only extra; 100 is
  identical, 90 is very high quality, below 50 visibly damaged) of the export
  at 4:4:4 against the same picture at 4:2:0, as it was exported before;
- a screenshot, 1920×1080, for X: the PNG sent against the JPEG it would have been;
- a grey scan (a 0-255 ramp) in *Gray Gamma 1.8* and *1.0*, a CMYK picture of
  100 % cyan without a profile, a Display P3 HEIC with only an nclx box: the
  exported pixels against LittleCMS (``transicc`` from Debian's liblcms2-utils
  where installed, else Pillow's ``ImageCms``), as CIEDE2000 ΔE, now and as
  they were before (colours taken as stored).

``cd /work/main && .venv/bin/python bench/artwork.py``
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import Row, print_rows
from PIL import Image, ImageDraw, ImageFont, JpegImagePlugin

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from colour_reference import delta_e, display_p3_profile, gray_profile, littlecms  # noqa: E402 - the tests' own

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
RED, BLUE = (230, 30, 30), (20, 40, 170)


def font(size: int):
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return ImageFont.load_default(size)


def poster(size=(1080, 1080)) -> Image.Image:
    """Red lettering on blue, large and small, as on an exhibition poster."""
    im = Image.new("RGB", size, BLUE)
    draw = ImageDraw.Draw(im)
    draw.text((60, 60), "AFFICHES 1900–1930", font=font(84), fill=RED)
    for line in range(22):
        draw.text((60, 220 + line * 36), "Tentoonstelling in de leeszaal, van 3 maart tot 30 juni 2027",
                  font=font(26), fill=RED)
    return im


def screenshot(size=(1920, 1080)) -> Image.Image:
    im = Image.new("RGB", size, (246, 246, 246))
    draw = ImageDraw.Draw(im)
    draw.rectangle((0, 0, size[0], 48), fill=(40, 90, 160))
    draw.rectangle((0, 48, 320, size[1]), fill=(232, 232, 236))
    small = font(15)
    for y in range(70, size[1] - 20, 24):
        draw.text((340, y), "Nieuw in de bib: een prachtig getijdenboek, kom kijken in de leeszaal!", font=small,
                  fill=(30, 30, 30))
        draw.text((16, y), "Concept " + str(y), font=small, fill=(60, 60, 70))
    return im


def ssimulacra2(original: Image.Image, data: bytes, folder: Path) -> float | None:
    try:
        from ssimulacra2 import compute_ssimulacra2
    except ImportError:
        return None
    first, second = folder / "original.png", folder / "distorted.png"
    original.save(first)
    Image.open(io.BytesIO(data)).convert("RGB").save(second)
    return float(compute_ssimulacra2(str(first), str(second)))


def jpeg(im: Image.Image, subsampling: int) -> bytes:
    out = io.BytesIO()
    im.save(out, "JPEG", quality=95, subsampling=subsampling, optimize=True)
    return out.getvalue()


def transicc(profile: bytes, values: str, folder: Path) -> tuple[int, ...] | None:
    """LittleCMS's own calculator: ``values`` in ``profile`` as sRGB (clipped), or ``None`` without it."""
    if shutil.which("transicc") is None:
        return None
    path = folder / "profile.icc"
    path.write_bytes(profile)
    done = subprocess.run(["transicc", "-i", str(path), "-o", "*sRGB", "-n"], input=values + "\n", text=True,
                          capture_output=True, check=True)
    return tuple(min(255, max(0, round(float(v)))) for v in done.stdout.split()[-3:])


def _exported(folder: Path, im: Image.Image, network: str, name: str, **options) -> Image.Image:
    from composer.core.photos import crops
    from composer.core.photos.renditions import render

    path = folder / name
    im.save(path, **options)
    return Image.open(io.BytesIO(render(path, network, crops.WHOLE).data)).convert("RGB")


def full_colour_rows(folder: Path) -> list[Row]:
    from composer.core.photos.renditions import render

    picture = poster()
    path = folder / "poster.png"
    picture.save(path)
    now = render(path, "instagram")
    with Image.open(io.BytesIO(now.data)) as im:
        sampling = {0: "4:4:4", 1: "4:2:2", 2: "4:2:0"}.get(JpegImagePlugin.get_sampling(im), "?")
    before = jpeg(picture, 2)
    score_now, score_before = ssimulacra2(picture, now.data, folder), ssimulacra2(picture, before, folder)
    flat = render(path, "x")
    rows = [Row(f"red text on blue, 1080×1080 poster, Instagram JPEG q{now.quality}: reopened subsampling "
                f"{sampling}, {len(now.data) / 1e3:.0f} KB (4:2:0 as before: {len(before) / 1e3:.0f} KB)",
                sampling, "4:4:4", sampling == "4:4:4")]
    if score_now is None:
        rows.append(Row("  … SSIMULACRA2: the ssimulacra2 package is not installed (pip install '.[bench]')", "—",
                        "no target", True))
    else:
        rows.append(Row("  … SSIMULACRA2 against the poster, 4:4:4 now / 4:2:0 as before (100 = identical)",
                        f"{score_now:.1f} / {score_before:.1f}", "≥ 90", score_now >= 90))
    rows.append(Row(f"  … the same poster for X (takes PNG; a flat graphic): {flat.format}, "
                    f"{len(flat.data) / 1e3:.0f} KB, lossless", flat.format, "PNG", flat.format == "PNG"))
    shot = screenshot()
    shot_path = folder / "screenshot.png"
    shot.save(shot_path)
    sent = render(shot_path, "x")
    as_jpeg = jpeg(shot, 0)
    rows.append(Row(f"screenshot 1920×1080 for X: {sent.format} {len(sent.data) / 1e3:.0f} KB, against JPEG 4:4:4 "
                    f"q95 {len(as_jpeg) / 1e3:.0f} KB", f"{len(sent.data) / len(as_jpeg):.2f}× the JPEG",
                    "PNG, smaller", sent.format == "PNG" and len(sent.data) < len(as_jpeg)))
    return rows


def grey_rows(folder: Path) -> list[Row]:
    rows = []
    ramp = Image.linear_gradient("L").transpose(Image.Transpose.TRANSPOSE).resize((256, 32))
    for gamma in (1.8, 1.0):
        profile = gray_profile(gamma)
        out = _exported(folder, ramp, "bluesky", f"grey-{gamma}.png", icc_profile=profile)
        reference = littlecms(ramp, profile)
        now = max(delta_e(out.getpixel((x, 16)), reference.getpixel((x, 16))) for x in range(256))
        before = max(delta_e((v, v, v), reference.getpixel((v, 16))) for v in range(256))
        mid = out.getpixel((128, 16))
        lcms = transicc(profile, "128", folder) or reference.getpixel((128, 16))
        rows.append(Row(f"grey scan in Gray Gamma {gamma}: mid grey 128 exported as {mid[0]} (LittleCMS "
                        f"{'transicc' if shutil.which('transicc') else 'ImageCms'}: {lcms[0]}; before: 128); "
                        f"largest ΔE2000 over 0-255 now / before", f"{now:.2f} / {before:.1f}", "< 1", now < 1))
    return rows


def cmyk_rows(folder: Path) -> list[Row]:
    from composer.core.photos import colour

    cyan = Image.new("CMYK", (300, 200), (255, 0, 0, 0))
    out = _exported(folder, cyan, "bluesky", "cyan.jpg", quality=95).getpixel((150, 100))
    lcms = transicc(colour.standard_cmyk(), "100 0 0 0", folder) or littlecms(cyan, colour.standard_cmyk()
                                                                                  ).getpixel((150, 100))
    editor = (0, 175, 239)
    return [Row(f"CMYK 100 % cyan without a profile: exported {out} (LittleCMS through the shipped SWOP TR 003 "
                f"profile: {tuple(lcms)}; before: (0, 255, 255)); ΔE2000 to an editor's (0, 175, 239) now / before",
                f"{delta_e(out, editor):.1f} / {delta_e((0, 255, 255), editor):.1f}", "< 3",
                delta_e(out, editor) < 3)]


def heic_rows(folder: Path) -> list[Row]:
    colours = [(220, 50, 40), (40, 200, 60), (40, 60, 220), (250, 180, 30)]
    im = Image.new("RGB", (400, 100))
    for i, c in enumerate(colours):
        im.paste(c, (i * 100, 0, i * 100 + 100, 100))
    path = folder / "phone.heic"
    import pillow_heif  # the encoder (a test dependency); the app opens the file with pi-heif's decoder

    pillow_heif.from_pillow(im).save(path, quality=-1, chroma=444, color_primaries=12, transfer_characteristics=13,
                                     matrix_coefficients=0, full_range_flag=1)
    from composer.core.photos import crops
    from composer.core.photos.renditions import render

    with Image.open(path) as stored:
        stored.load()
        decoded = stored.convert("RGB")
    reference = littlecms(decoded, display_p3_profile())
    out = Image.open(io.BytesIO(render(path, "bluesky", crops.WHOLE).data)).convert("RGB")
    points = [(i * 100 + 50, 50) for i in range(len(colours))]
    now = max(delta_e(out.getpixel(p), reference.getpixel(p)) for p in points)
    before = max(delta_e(decoded.getpixel(p), reference.getpixel(p)) for p in points)
    return [Row("Display P3 HEIC with only an nclx box: largest ΔE2000 against LittleCMS with Apple's Display P3 "
                "now / before (taken as sRGB)", f"{now:.2f} / {before:.1f}", "< 1.5", now < 1.5)]


def run() -> list[Row]:
    import composer.core.photos.images  # noqa: F401 - registers pi-heif's decoder with Pillow

    with tempfile.TemporaryDirectory(prefix="composer-bench-artwork-") as tmp:
        folder = Path(tmp)
        return full_colour_rows(folder) + grey_rows(folder) + cmyk_rows(folder) + heic_rows(folder)


def main() -> None:
    print_rows(run())


if __name__ == "__main__":
    main()
