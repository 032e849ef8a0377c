"""Images true to the artwork (issue 9, points 9-15): full colour resolution, flat graphics as PNG, colour
profiles measured against LittleCMS, each network its own file limit, Instagram's shapes, whole pictures on a
mat, one resize for networks at the same scale.

Every file is reopened as a network would: its format, its chroma subsampling, its pixels.
"""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, JpegImagePlugin

from composer.core.export.folder import export_draft
from composer.core.networks.facts import network
from composer.core.photos import crops, encoding, images, renditions
from composer.core.photos import library as ph
from composer.core.photos.renditions import render, render_all
from tests.colour_reference import bt2020_profile, delta_e, display_p3_profile, gray_profile, littlecms
from tests.helpers.drafts import described_photo, ready_draft
from tests.helpers.images import cmyk_jpeg, encode, grainy, heif, noise, opened

RED, BLUE = (230, 30, 30), (20, 40, 170)
POST = "Nieuw in de bib: affiches uit 1900."
FULL, HALF = 0, 2  # what JpegImagePlugin.get_sampling says for 4:4:4 and 4:2:0


def red_lines_on_blue(size=(400, 200)) -> Image.Image:
    """Red strokes one pixel wide on blue: what thin red lettering on a blue poster is made of."""
    im = Image.new("RGB", size, BLUE)
    draw = ImageDraw.Draw(im)
    for x in range(11, size[0] - 10, 6):
        draw.line((x, 10, x, size[1] - 10), fill=RED, width=1)
    return im


def stroke_colour(im: Image.Image, size=(400, 200)) -> tuple[int, int, int]:
    """The mean colour on the strokes' centre lines."""
    pixels = [im.convert("RGB").getpixel((x, size[1] // 2)) for x in range(11, size[0] - 10, 6)]
    return tuple(round(sum(p[i] for p in pixels) / len(pixels)) for i in range(3))


def screenshot(size=(1600, 1000)) -> Image.Image:
    """Flat colour, thin text-like marks, panels: a screenshot or a flat poster."""
    im = Image.new("RGB", size, (246, 246, 246))
    draw = ImageDraw.Draw(im)
    draw.rectangle((0, 0, size[0], 48), fill=(40, 90, 160))
    draw.rectangle((0, 48, 300, size[1]), fill=(232, 232, 236))
    for y in range(70, size[1] - 20, 22):
        for x in range(320, size[0] - 60, 48):
            draw.text((x, y), "bib", fill=(30, 30, 30))
    return im


def written(tmp_path, im: Image.Image, fmt: str = "JPEG", name: str = "source", **options):
    path = tmp_path / f"{name}.{fmt.lower()}"
    path.write_bytes(encode(im, fmt, **options))
    return path


# --- point 9: full colour resolution ------------------------------------------------------------------------


def test_red_text_on_blue_stays_red_at_4_4_4(tmp_path):
    poster = red_lines_on_blue()
    source = written(tmp_path, poster, "PNG")
    scanned = written(tmp_path, grainy(poster, 0.05), "PNG", "scanned")  # a photo of the poster: JPEG everywhere
    whole = {key: crops.WHOLE for key in ("x", "bluesky", "facebook", "instagram")}  # strokes where drawn
    result = {**{f"{k}-scan": r for k, r in render_all(scanned, ["x", "bluesky", "facebook"], whole).items()},
              "instagram": render(source, "instagram", crops.WHOLE)}  # JPEG only, even for a flat poster
    for key, rendition in result.items():
        im = opened(rendition.data)
        assert im.format == "JPEG" and JpegImagePlugin.get_sampling(im) == FULL, key
        assert delta_e(stroke_colour(im), RED) < 6, (key, stroke_colour(im))
        assert rendition.subsampling == "4:4:4"
    # what 4:2:0 makes of the same strokes: purple, the reason for all this
    assert delta_e(stroke_colour(opened(encode(poster, "JPEG", quality=95, subsampling=HALF))), RED) > 25


def test_full_colour_first_then_4_2_0_then_lower_quality_only_when_over_the_limit(tmp_path):
    picture = noise((1200, 800), grain=3)
    source = written(tmp_path, picture, "PNG")
    free = render(source, "x", byte_limit=None)
    assert free.quality == 95 and JpegImagePlugin.get_sampling(opened(free.data)) == FULL
    assert free.subsampling == "4:4:4"
    half = encoding.jpeg(opened(free.data), 95, subsampling="4:2:0")
    assert len(half) < len(free.data)
    squeezed = render(source, "x", byte_limit=len(half) + 1000)  # 4:4:4 too big, 4:2:0 at 95 fits
    assert (squeezed.quality, squeezed.subsampling) == (95, "4:2:0")
    assert JpegImagePlugin.get_sampling(opened(squeezed.data)) == HALF
    tight = render(source, "x", byte_limit=len(half) // 2)
    assert tight.subsampling == "4:2:0" and 60 <= tight.quality < 95 and len(tight.data) <= len(half) // 2


def test_a_grainy_4_4_4_picture_pillow_cannot_optimise_is_written_unoptimised():
    grain = noise((512, 512), grain=1)
    with pytest.raises(OSError):  # Pillow's optimiser runs out of buffer on this one
        grain.save(io.BytesIO(), "JPEG", quality=90, subsampling=0, optimize=True)
    data = encoding.jpeg(grain, 90)
    im = opened(data)
    assert im.size == (512, 512) and JpegImagePlugin.get_sampling(im) == FULL


# --- point 10: flat graphics ----------------------------------------------------------------------------------


def test_a_screenshot_goes_out_as_png_where_that_is_smaller(tmp_path):
    shot = screenshot()
    source = written(tmp_path, shot, "PNG")
    whole = {key: crops.WHOLE for key in ("x", "instagram")}
    result = render_all(source, ["x", "bluesky", "mastodon", "instagram"], whole)
    for key in ("x", "bluesky", "mastodon"):
        rendition = result[key]
        assert rendition.format == "PNG" and rendition.ext == "png", key
        im = opened(rendition.data)
        assert im.format == "PNG" and im.size == (1600, 1000)
        assert im.convert("RGB").tobytes() == shot.tobytes()  # lossless: every pixel as it was
        as_jpeg = encoding.jpeg(shot, 95)
        assert len(rendition.data) < len(as_jpeg)
    assert result["instagram"].format == "JPEG"  # Instagram takes no PNG


def test_a_photo_is_no_flat_graphic_and_stays_jpeg(tmp_path):
    gradient = Image.linear_gradient("L").resize((1200, 800))
    photo = grainy(Image.merge("RGB", (gradient, gradient.rotate(90), gradient.transpose(0))), 0.3)
    black_and_white = photo.convert("L").convert("RGB")  # few colours, but not flat: a photo
    assert renditions.is_flat(screenshot()) and renditions.is_flat(red_lines_on_blue())
    for picture in (photo, black_and_white):
        assert not renditions.is_flat(picture)
        assert render(written(tmp_path, picture, "PNG"), "bluesky").format == "JPEG"


# --- point 11: colour, measured against LittleCMS -----------------------------------------------------------------


@pytest.mark.parametrize("gamma", [1.8, 1.0])
def test_a_grey_scan_is_shown_through_its_own_profile(tmp_path, gamma):
    ramp = Image.linear_gradient("L").transpose(Image.Transpose.TRANSPOSE).resize((256, 64))  # 0 to 255, left to right
    source = written(tmp_path, ramp, "PNG", icc_profile=gray_profile(gamma))
    out = opened(render(source, "bluesky").data).convert("RGB")
    reference = littlecms(ramp, gray_profile(gamma))
    worst = max(delta_e(out.getpixel((x, 32)), reference.getpixel((x, 32))) for x in range(256))
    assert worst < 1.0, worst
    if gamma == 1.8:
        mid = [x for x in range(256) if ramp.getpixel((x, 32)) == 128][0]
        assert out.getpixel((mid, 32)) == pytest.approx((146, 146, 146), abs=1)  # LittleCMS: 128 is 146


def test_a_grey_jpeg_scan_with_a_profile_and_its_thumbnail(tmp_path):
    source = written(tmp_path, Image.new("L", (300, 200), 128), "JPEG", quality=95,
                     icc_profile=gray_profile(1.8))
    out = opened(render(source, "x").data)
    assert out.mode == "L"  # still grey, in one channel
    assert out.convert("RGB").getpixel((150, 100)) == pytest.approx((146, 146, 146), abs=1)
    assert images.thumbnail(source, (64, 64)).image.getpixel((10, 10))[:3] == pytest.approx((146, 146, 146), abs=1)


def standard_cmyk() -> bytes:
    """The CMYK profile the app ships and assumes for CMYK without a profile."""
    from importlib import resources

    return (resources.files("composer.core") / "data" / "cmyk-swop-tr003.icc").read_bytes()


def test_cmyk_without_a_profile_goes_through_a_standard_cmyk_profile(tmp_path):
    source = tmp_path / "cyan.jpg"
    source.write_bytes(cmyk_jpeg())
    out = opened(render(source, "bluesky").data).getpixel((150, 100))
    assert delta_e(out, (0, 175, 239)) < 3, out  # what an image editor shows for 100 % cyan
    assert delta_e(out, (0, 255, 255)) > 15  # not the naive conversion
    with Image.open(source) as stored:
        assert stored.mode == "CMYK" and "icc_profile" not in stored.info
        reference = littlecms(stored.convert("CMYK"), standard_cmyk()).getpixel((150, 100))
    assert delta_e(out, reference) < 1.0, (out, reference)
    assert images.thumbnail(source, (64, 64)).image.getpixel((10, 10)) == pytest.approx(out, abs=2)


def test_the_standard_cmyk_profile_ships_with_its_licence():
    from importlib import resources

    data = resources.files("composer.core") / "data"
    assert standard_cmyk()[36:40] == b"acsp"
    notice = (data / "cmyk-swop-tr003.txt").read_text("utf-8")
    assert "TR 003" in notice and "zlib" in notice.lower()


def test_cmyk_with_its_own_profile_uses_it(tmp_path):
    source = tmp_path / "cmyk.jpg"
    data = cmyk_jpeg(cmyk=(0, 255, 255, 0), profile=standard_cmyk())
    source.write_bytes(data)
    with Image.open(source) as stored:
        reference = littlecms(stored.convert("CMYK"), standard_cmyk()).getpixel((150, 100))
    assert delta_e(opened(render(source, "x").data).getpixel((150, 100)), reference) < 1.0


def heic(im: Image.Image, primaries: int, transfer: int) -> bytes:
    """A HEIF with only an nclx colour box (no ICC profile), as phones write them; lossless, 4:4:4."""
    return heif(im, quality=-1, chroma=444, color_primaries=primaries, transfer_characteristics=transfer,
                matrix_coefficients=0, full_range_flag=1)


@pytest.mark.parametrize(("primaries", "profile"), [(12, display_p3_profile), (9, bt2020_profile)])
def test_a_heic_with_an_nclx_colour_box_is_converted_to_srgb(tmp_path, primaries, profile):
    colours = [(220, 50, 40), (40, 200, 60), (40, 60, 220), (128, 128, 128)]
    im = Image.new("RGB", (400, 100))
    for i, c in enumerate(colours):
        im.paste(c, (i * 100, 0, i * 100 + 100, 100))
    source = tmp_path / "phone.heic"
    source.write_bytes(heic(im, primaries, 13))
    with Image.open(source) as stored:
        stored.load()
        assert "icc_profile" not in stored.info and stored.info["nclx_profile"]["color_primaries"] == primaries
        reference = littlecms(stored.convert("RGB"), profile())
        as_srgb = stored.convert("RGB")
    out = opened(render(source, "bluesky").data)
    for i in range(len(colours)):
        point = (i * 100 + 50, 50)
        assert delta_e(out.getpixel(point), reference.getpixel(point)) < 1.5, (i, out.getpixel(point))
    assert max(delta_e(as_srgb.getpixel((i * 100 + 50, 50)), reference.getpixel((i * 100 + 50, 50)))
               for i in range(3)) > 3  # taken as sRGB, the colours would be visibly off


def test_a_damaged_profile_is_said_not_skipped(tmp_path):
    source = written(tmp_path, Image.new("RGB", (300, 200), (40, 160, 60)), "JPEG", quality=95,
                     icc_profile=b"\0\0\0\x80not really a profile" + b"\0" * 120)
    rendition = render(source, "bluesky")
    assert [n.kind for n in rendition.notices] == ["colour"]
    assert "profile" in rendition.notices[0].message
    assert opened(rendition.data).getpixel((150, 100)) == pytest.approx((40, 160, 60), abs=3)  # as stored


@pytest.mark.skipif(shutil.which("transicc") is None, reason="transicc (Debian's liblcms2-utils) not installed")
def test_grey_and_cmyk_agree_with_littlecms_transicc(tmp_path):
    profile = tmp_path / "gray18.icc"
    profile.write_bytes(gray_profile(1.8))
    done = subprocess.run(["transicc", "-i", str(profile), "-o", "*sRGB", "-n"], input="128\n", text=True,
                          capture_output=True, check=True)
    expected = round(float(done.stdout.split()[-3]))
    source = written(tmp_path, Image.new("L", (200, 200), 128), "PNG", icc_profile=gray_profile(1.8))
    assert opened(render(source, "x").data).convert("RGB").getpixel((100, 100)) == pytest.approx((expected,) * 3,
                                                                                                   abs=1)
    cmyk = tmp_path / "cmyk.icc"
    cmyk.write_bytes(standard_cmyk())
    done = subprocess.run(["transicc", "-i", str(cmyk), "-o", "*sRGB", "-n"], input="100 0 0 0\n", text=True,
                          capture_output=True, check=True)
    expected_cyan = tuple(min(255, max(0, round(float(v)))) for v in done.stdout.split()[-3:])  # -n: unclipped
    jpeg = tmp_path / "cyan.jpg"
    jpeg.write_bytes(cmyk_jpeg())
    assert delta_e(opened(render(jpeg, "x").data).getpixel((150, 100)), expected_cyan) < 1.0


# --- point 12: each network its own file limit --------------------------------------------------------------------


def test_each_network_gets_its_own_file_limit(store, tmp_path):
    grain = encode(noise((3072, 2048), grain=2), "JPEG", quality=95)  # 4:4:4 at 2048 px: over 2 MB, under 5 MB
    draft = ready_draft(store, POST, ("x", "bluesky", "facebook"))
    described_photo(store, draft.id, grain)
    result = export_draft(store, draft.id, tmp_path / "out")
    sizes = {key: (result.folder / key / "01.jpg").stat().st_size for key in ("x", "bluesky", "facebook")}
    assert sizes["bluesky"] <= 2_000_000 < sizes["x"] <= 5_000_000, sizes
    for key in ("x", "facebook"):  # not squeezed into Bluesky's 2 MB: full colour at quality 95
        with Image.open(result.folder / key / "01.jpg") as im:
            assert JpegImagePlugin.get_sampling(im) == FULL, key


# --- point 13: Instagram's shapes ---------------------------------------------------------------------------------


def test_instagram_1_91_is_1080_by_566(tmp_path):
    source = written(tmp_path, grainy(Image.new("RGB", (3000, 2000), BLUE)), "JPEG", quality=90)
    wide = crops.default_crop(3000, 2000, "1.91:1")
    assert opened(render(source, "instagram", wide).data).size == (1080, 566)
    assert opened(render(source, "instagram", crops.default_crop(3000, 2000, "4:5")).data).size == (1080, 1350)


@settings(max_examples=400, deadline=None)
@given(width=st.integers(300, 12000), height=st.integers(300, 12000), ratio=st.sampled_from(["1:1", "4:5", "1.91:1"]))
def test_instagram_sizes_stay_within_4_5_and_1_91_for_any_source(width, height, ratio):
    crop = crops.default_crop(width, height, ratio)
    w, h = renditions.target_size((crop.width * width, crop.height * height), "instagram")
    assert 0.8 <= w / h <= 1.91, (w, h)
    assert w <= 1080 and h <= 1350
    assert abs(w / h / crops.parse_ratio(ratio) - 1) < 0.01  # still the shape asked for


def test_known_4_5_plans_round_toward_the_range():
    for width, height in [(300, 168), (300, 299), (307, 383), (307, 409), (307, 460)]:
        crop = crops.default_crop(width, height, "4:5")
        w, h = renditions.target_size((crop.width * width, crop.height * height), "instagram")
        assert w / h >= 0.8, (width, height, w, h)


# --- point 14: whole artworks ---------------------------------------------------------------------------------------


def poster(size=(2000, 3000)) -> Image.Image:
    """A portrait poster: a red band along its top and a yellow one along its bottom, the rest blue."""
    im = grainy(Image.new("RGB", size, BLUE), 0.1)
    im.paste((230, 30, 30), (0, 0, size[0], size[1] // 20))
    im.paste((240, 200, 20), (0, size[1] - size[1] // 20, size[0], size[1]))
    return im


def test_facebook_offers_4_5():
    assert "4:5" in network("facebook").crop_ratios


def test_a_portrait_poster_on_a_mat_keeps_all_of_it(tmp_path):
    source = written(tmp_path, poster(), "JPEG", quality=92)
    grey = "#303030"
    mats = {key: crops.mat_crop(2000, 3000, network(key).crop_ratios[0], grey) for key in ("facebook", "x")}
    result = render_all(source, ["facebook", "x"], mats)
    for key, expected in (("facebook", (2048, 1072)), ("x", (2048, 1152))):
        im = opened(result[key].data).convert("RGB")
        assert im.size == expected
        w, h = im.size
        poster_w = round(2000 * h / 3000)
        left = (w - poster_w) // 2
        assert delta_e(im.getpixel((5, h // 2)), (48, 48, 48)) < 3  # the mat
        assert delta_e(im.getpixel((w - 5, h // 2)), (48, 48, 48)) < 3
        assert delta_e(im.getpixel((w // 2, 3)), (230, 30, 30)) < 8  # the poster's top band: not cut
        assert delta_e(im.getpixel((w // 2, h - 4)), (240, 200, 20)) < 8  # and its bottom band
        assert delta_e(im.getpixel((left + 4, h // 2)), BLUE) < 12  # the poster starts right at the mat
        assert result[key].notices == ()


def test_a_mat_is_stored_with_the_crop_and_survives_duplicate_and_undo(store):
    draft = ready_draft(store, POST, ("facebook",))
    item = described_photo(store, draft.id, encode(poster((400, 600)), "JPEG", quality=90))
    mat = crops.mat_crop(400, 600, "1.91:1", "#F0E0D0")
    stored = crops.set_crop(store, item.id, "facebook", mat.x, mat.y, mat.width, mat.height, mat.mat)
    assert stored.on_mat and stored.mat == "#f0e0d0"
    assert crops.get_crop(store, item.id, "facebook") == stored
    copy = store.duplicate(draft.id, "An Peeters")
    (copy_item,) = ph.draft_photos(store, copy.id)
    assert crops.get_crop(store, copy_item.id, "facebook") == stored
    taken = ph.take_out(store, item.id)
    back = ph.put_back(store, taken)
    assert crops.get_crop(store, back.id, "facebook") == stored


def test_a_mat_whose_colour_was_not_kept_is_white(tmp_path):
    source = written(tmp_path, poster((400, 600)), "JPEG", quality=90)
    mat = crops.mat_crop(400, 600, "1.91:1", "#000000")
    bare = crops.Crop(mat.x, mat.y, mat.width, mat.height)  # the rectangle alone, as a row without its colour
    im = opened(render(source, "facebook", bare).data).convert("RGB")
    assert im.size == (1146, 600)
    assert delta_e(im.getpixel((3, 300)), (255, 255, 255)) < 2


def test_a_mat_must_go_around_the_whole_picture():
    with pytest.raises(crops.CropError):
        crops.validate_crop(-0.1, 0.1, 1.2, 0.8, "#ffffff")  # it would still cut the top and bottom
    with pytest.raises(crops.CropError):
        crops.validate_crop(-0.5, 0.0, 2.0, 1.0, "white")
    assert crops.validate_crop(-0.5, 0.0, 2.0, 1.0, "#FFFFFF").mat == "#ffffff"


def test_export_warns_when_a_crop_leaves_out_more_than_a_third(store, tmp_path):
    draft = ready_draft(store, POST, ("facebook", "x", "bluesky"))
    item = described_photo(store, draft.id, encode(poster((1000, 1500)), "JPEG", quality=90), name="affiche.jpg")
    result = export_draft(store, draft.id, tmp_path / "out")
    cut = [(n.photo, n.network, n.kind) for n in result.notices]
    assert cut == [(1, "facebook", "cut"), (1, "x", "cut")]  # Bluesky takes the whole poster
    facebook = result.notices[0].message
    assert "affiche.jpg" in facebook and "Facebook" in facebook and "65 %" in facebook  # 1.91:1 keeps 35 %
    mat = crops.mat_crop(1000, 1500, "1.91:1")
    crops.set_crop(store, item.id, "facebook", mat.x, mat.y, mat.width, mat.height, mat.mat)
    again = export_draft(store, draft.id, tmp_path / "again")
    assert [(n.network, n.kind) for n in again.notices] == [("x", "cut")]


def test_panorama_default_crops_are_warned_about():
    panorama = crops.default_crop(8000, 1000, "1:1")  # a banner cut square keeps an eighth of it
    assert crops.cuts_too_much(panorama) and panorama.removed() == pytest.approx(0.875)
    assert not crops.cuts_too_much(crops.default_crop(3000, 2000, "1.91:1"))


# --- point 15: one resize for networks at the same scale ---------------------------------------------------------


def test_same_scale_networks_share_one_resize_on_one_pixel_grid(tmp_path):
    # transparent, so every network that takes PNG gets lossless pixels to compare
    picture = Image.linear_gradient("L").resize((3000, 2000)).convert("RGBA")
    picture.putalpha(Image.linear_gradient("L").rotate(90).resize((3000, 2000)).point(lambda v: 128 + v // 2))
    grid = ImageDraw.Draw(picture)
    for x in range(0, 3000, 37):
        grid.line((x, 0, x, 2000), fill=(200, 30, 30, 255), width=3)
    source = written(tmp_path, picture, "PNG")
    result = render_all(source, ["facebook", "x", "bluesky"])
    whole = opened(result["bluesky"].data)
    assert whole.size == (2048, 1365)
    for key in ("facebook", "x"):
        part = opened(result[key].data)
        assert part.format == "PNG" and part.width == 2048
        offsets = [top for top in range(0, whole.height - part.height + 1)
                   if whole.crop((0, top, 2048, top + part.height)).tobytes() == part.tobytes()]
        assert offsets, key  # the very pixels of the whole picture, at a whole-pixel offset


def test_shared_resize_matches_a_resize_of_its_own(tmp_path):
    source = written(tmp_path, grainy(poster((3000, 2000)), 0.1), "JPEG", quality=92)
    together = render_all(source, ["facebook", "x", "bluesky"])
    for key in ("facebook", "x"):
        alone = opened(render(source, key).data).convert("RGB")
        shared = opened(together[key].data).convert("RGB")
        assert alone.size == shared.size
        diff = sum(abs(a - b) for a, b in zip(alone.tobytes(), shared.tobytes(), strict=True)) / len(alone.tobytes())
        assert diff < 3, (key, diff)
