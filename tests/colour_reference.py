"""Colour references for tests: ICC profiles made from published figures, and CIE ΔE between sRGB colours.

The reference for every conversion is LittleCMS itself (Pillow's ``ImageCms``), fed with these
profiles: what the export makes is compared with what LittleCMS makes of the same pixels.
"""

from __future__ import annotations

import io
import math
import struct

from PIL import Image, ImageCms

D50 = (0.9642, 1.0, 0.8249)


def _s15(v: float) -> bytes:
    return struct.pack(">i", round(v * 65536))


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ \0\0\0\0" + _s15(x) + _s15(y) + _s15(z)


def _gamma(gamma: float) -> bytes:
    return b"curv\0\0\0\0" + struct.pack(">IH", 1, round(gamma * 256)) + b"\0\0"


def _srgb_parametric() -> bytes:
    """The sRGB curve as an ICC parametric curve (type 3), as Apple's Display P3 profile has it."""
    g, a, b, c, d = 2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045
    return b"para\0\0\0\0" + struct.pack(">HH", 3, 0) + b"".join(_s15(v) for v in (g, a, b, c, d))


def _profile(space: bytes, name: str, tags: list[tuple[bytes, bytes]], version: int = 0x02100000) -> bytes:
    text = name.encode("ascii") + b"\0"
    tags = [(b"desc", b"desc\0\0\0\0" + struct.pack(">I", len(text)) + text + b"\0" * 78),
            (b"cprt", b"text\0\0\0\0none\0"), (b"wtpt", _xyz(*D50)), *tags]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for sig, data in tags:
        body += b"\0" * (-(offset + len(body)) % 4)
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += data
    header = (struct.pack(">I", offset + len(body)) + b"\0" * 4 + struct.pack(">I", version) + b"mntr" + space
              + b"XYZ " + b"\0" * 12 + b"acsp" + b"\0" * 28 + _s15(D50[0]) + _s15(D50[1]) + _s15(D50[2])
              + b"\0" * 48)
    return header + struct.pack(">I", len(tags)) + table + body


def gray_profile(gamma: float) -> bytes:
    """A grey ICC profile with a pure gamma curve ("Gray Gamma 1.8", as scanners and Photoshop embed)."""
    return _profile(b"GRAY", f"Gray Gamma {gamma}", [(b"kTRC", _gamma(gamma))])


def wide_gamut_profile() -> bytes:
    """An ICC v2 RGB profile with Adobe-RGB-like primaries (D50-adapted) and gamma 2.2: wider than sRGB."""
    curve = _gamma(2.2)
    return _profile(b"RGB ", "Wide test RGB", [
        (b"rXYZ", _xyz(0.60974, 0.31111, 0.01947)), (b"gXYZ", _xyz(0.20528, 0.62567, 0.06087)),
        (b"bXYZ", _xyz(0.14919, 0.06322, 0.74457)), (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)])


def display_p3_profile() -> bytes:
    """Display P3 as Apple publishes it: D50-adapted colorants and the sRGB curve."""
    curve = _srgb_parametric()
    return _profile(b"RGB ", "Display P3 (reference)", [
        (b"rXYZ", _xyz(0.515102, 0.241182, -0.001050)), (b"gXYZ", _xyz(0.291965, 0.692236, 0.041882)),
        (b"bXYZ", _xyz(0.157153, 0.066574, 0.784073)), (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)],
        version=0x04000000)


def bt2020_profile() -> bytes:
    """BT.2020 primaries with the sRGB curve: ITU-R BT.2020's RGB-to-XYZ matrix, D65 to D50 by Bradford
    (Lindbloom's published matrices)."""
    curve = _srgb_parametric()
    return _profile(b"RGB ", "BT.2020 (reference)", [
        (b"rXYZ", _xyz(0.673424, 0.279018, -0.001930)), (b"gXYZ", _xyz(0.165641, 0.675340, 0.029978)),
        (b"bXYZ", _xyz(0.125129, 0.045638, 0.797333)), (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)],
        version=0x04000000)


def littlecms(im: Image.Image, profile: bytes, mode: str = "RGB") -> Image.Image:
    """What LittleCMS makes of ``im`` in ``profile``, in sRGB (perceptual intent, as the app uses)."""
    source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    return ImageCms.profileToProfile(im, source, ImageCms.createProfile("sRGB"), outputMode=mode)


def lab(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour."""
    def linear(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in rgb[:3])
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """CIEDE2000 colour difference between two sRGB colours (1: just noticeable side by side)."""
    l1, a1, b1 = lab(a)
    l2, a2, b2 = lab(b)
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    c_mean = (c1 + c2) / 2
    g = 0.5 * (1 - math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360
    h2p = math.degrees(math.atan2(b2, a2p)) % 360
    dl, dc = l2 - l1, c2p - c1p
    dh = 0.0 if c1p * c2p == 0 else (h2p - h1p if abs(h2p - h1p) <= 180 else
                                     h2p - h1p - 360 if h2p > h1p else h2p - h1p + 360)
    dh_big = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean, c_mean_p = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    else:
        h_mean = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_mean - 30)) + 0.24 * math.cos(math.radians(2 * h_mean))
         + 0.32 * math.cos(math.radians(3 * h_mean + 6)) - 0.20 * math.cos(math.radians(4 * h_mean - 63)))
    sl = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    sc, sh = 1 + 0.045 * c_mean_p, 1 + 0.015 * c_mean_p * t
    rt = (-2 * math.sqrt(c_mean_p ** 7 / (c_mean_p ** 7 + 25 ** 7))
          * math.sin(math.radians(60 * math.exp(-(((h_mean - 275) / 25) ** 2)))))
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dh_big / sh) ** 2 + rt * (dc / sc) * (dh_big / sh))
