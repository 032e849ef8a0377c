"""Photos: importing a checked copy, the bad-image corpus, thumbnails, and photos in drafts.

Every test image is made with Pillow (and pillow-heif for HEIC), here or in
``tests/helpers/images.py``, so the corpus is visible in code.
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import warnings
import zlib
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageCms

from composer.core import i18n
from composer.core.photos import images
from composer.core.photos.library import (
    DraftPhoto,
    Photo,
    PhotoError,
    PhotoPerson,
    attach_photo,
    detach_photo,
    draft_photos,
    get_photo,
    import_photo,
    move_photo,
    photo_path,
    photo_thumbnail,
    prepare_photo,
    reorder_photos,
    set_alt_text,
    store_photo,
)
from composer.core.photos.people import link_person, set_people, set_presence, unlink_person
from composer.core.storage.store import Store
from tests.helpers.images import BLUE, GREEN, RED, cmyk_jpeg, encode, jpeg, scene


@pytest.fixture
def draft_id(store) -> int:
    return store.create("Anneleen", text="Voorleesuur in de jeugdafdeling").id


# --- making test images ---------------------------------------------------------------

def animated(fmt: str) -> bytes:
    frames = [Image.new("RGB", (40, 30), colour) for colour in (RED, GREEN, BLUE)]
    return encode(frames[0], fmt, save_all=True, append_images=frames[1:], duration=100, loop=0)


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` (a valid CRC, so only the size is wrong)."""
    data = bytearray(encode(Image.new("L", (1, 1)), "PNG"))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def exif_with(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[images.ORIENTATION] = orientation
    return exif.tobytes()


def stored_files(data_dir: Path) -> set[Path]:
    folder = data_dir / "photos"
    return {p for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


def photo_count(store: Store) -> int:
    return store.db.value("SELECT count(*) FROM photos")


def colour_near(pixel, wanted, tolerance: int = 60) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], wanted, strict=False))


# --- the bad-image corpus -------------------------------------------------------------

def truncated_jpeg() -> bytes:
    data = jpeg((400, 300))
    return data[: len(data) // 2]


def truncated_png() -> bytes:
    data = encode(scene((200, 150)), "PNG")
    return data[: len(data) * 2 // 3]


def png_with_bad_crc() -> bytes:
    data = bytearray(encode(scene((60, 40)), "PNG"))
    data[40] ^= 0xFF  # inside the IDAT chunk, whose CRC no longer matches
    return bytes(data)


BAD = {
    "empty file": (lambda: b"", "empty"),
    "truncated JPEG": (truncated_jpeg, "damaged"),
    "JPEG missing its last bytes": (lambda: jpeg((400, 300))[:-10], "damaged"),
    "truncated progressive JPEG": (lambda: jpeg((400, 300), progressive=True)[:-300], "damaged"),
    "truncated PNG": (truncated_png, "damaged"),
    "PNG with a bad checksum": (png_with_bad_crc, "damaged"),
    "truncated GIF": (lambda: animated("GIF")[:60], "damaged"),
    "truncated HEIC": (lambda: encode(scene(), "HEIF")[:300], "damaged"),
    "JPEG header then noise": (lambda: b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4, "damaged"),
    "text renamed .jpg": (lambda: b"Dit is geen foto, maar een boodschappenlijst.\n", "not_image"),
    "HTML page saved as .jpg": (lambda: b"<!DOCTYPE html><html><body>404</body></html>", "not_image"),
    "enormous PNG (header over the limit)": (lambda: png_claiming(100_000, 100_000), "too_large"),
    "BMP": (lambda: encode(scene(), "BMP"), "unsupported"),
    "TIFF": (lambda: encode(scene(), "TIFF"), "unsupported"),
    "AVIF": (lambda: encode(scene(), "AVIF"), "unsupported"),
    "PDF": (lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "unsupported"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_images_are_refused_with_a_message_and_leave_nothing(store, data_dir, tmp_path, name):
    make, kind = BAD[name]
    source = tmp_path / "incoming" / "photo.jpg"  # every one of them arrives named .jpg
    source.parent.mkdir()
    source.write_bytes(make())
    with pytest.raises(PhotoError) as caught:
        import_photo(store, source, author="Anneleen")
    assert caught.value.kind == kind
    assert isinstance(caught.value, ValueError)
    assert str(caught.value).endswith(".") and len(str(caught.value)) > 20
    assert photo_count(store) == 0
    assert stored_files(data_dir) == set()
    assert source.exists()  # the original is never touched


def test_an_unsupported_format_is_named_in_the_message(store):
    with pytest.raises(PhotoError, match="TIFF files are not accepted"):
        import_photo(store, encode(scene(), "TIFF"))


def test_a_non_image_message_lists_what_is_accepted(store):
    with pytest.raises(PhotoError) as caught:
        import_photo(store, b"hello")
    for name in ("JPEG", "PNG", "WebP", "GIF", "HEIC"):
        assert name in str(caught.value)


@pytest.mark.parametrize("mode", ["error", "ignore"])
@pytest.mark.parametrize("limit", [4_000, 6_000])  # over twice the limit: Pillow's error; less: its warning
def test_a_decompression_bomb_is_refused_at_pillows_limit(store, data_dir, monkeypatch, mode, limit):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", limit)
    small_file = encode(Image.new("RGB", (100, 100), BLUE), "PNG")  # 10,000 pixels in 300 bytes
    with warnings.catch_warnings():
        warnings.simplefilter(mode)
        with pytest.raises(PhotoError) as caught:
            import_photo(store, small_file)
    assert caught.value.kind == "too_large"
    assert "too many pixels" in str(caught.value)
    assert photo_count(store) == 0 and stored_files(data_dir) == set()


def test_pillows_own_limit_is_kept():
    assert Image.MAX_IMAGE_PIXELS == 89_478_485


def test_a_file_over_the_size_limit_is_refused_before_reading(store, tmp_path, monkeypatch):
    monkeypatch.setattr(images, "MAX_FILE_BYTES", 1000)
    big = tmp_path / "big.jpg"
    big.write_bytes(jpeg((300, 200)))
    for source in (big, big.read_bytes()):
        with pytest.raises(PhotoError) as caught:
            import_photo(store, source)
        assert caught.value.kind == "too_big"


def test_a_missing_file_a_folder_or_a_pipe_is_unreadable(store, tmp_path):
    pipe = tmp_path / "pipe.jpg"
    os.mkfifo(pipe)  # reading it would wait for ever
    for source in (tmp_path / "gone.jpg", tmp_path, pipe, Path("/dev/zero")):
        with pytest.raises(PhotoError) as caught:
            import_photo(store, source)
        assert caught.value.kind == "unreadable"
        assert str(caught.value).startswith("The file could not be read:")


def test_messages_are_in_the_window_language(store):
    i18n.set_language("nl")  # (the tests' own set-up goes back to English afterwards)
    with pytest.raises(PhotoError) as caught:
        import_photo(store, b"")
    assert str(caught.value) == "Dit bestand is leeg (0 bytes): er zit geen foto in."
    with pytest.raises(PhotoError, match="^BMP-bestanden worden niet aanvaard"):
        import_photo(store, encode(scene(), "BMP"))
    missing = images.thumbnail(Path("/nonexistent/photo.jpg")).problem
    i18n.set_language("en")
    assert missing != images.thumbnail(Path("/nonexistent/photo.jpg")).problem


# --- images that must import correctly -------------------------------------------------

def red_ink_jpeg() -> bytes:
    return cmyk_jpeg((90, 60), (0, 255, 255, 0))  # pure red in ink


def png_16_bit() -> bytes:
    return encode(Image.new("I;16", (90, 60), 32768), "PNG")  # mid grey in 16 bits


def mpo() -> bytes:
    first = scene((90, 60))
    return encode(first, "MPO", save_all=True, append_images=[first.transpose(Image.Transpose.FLIP_LEFT_RIGHT)])


def broken_exif_jpeg() -> bytes:
    """EXIF that promises a tag and then stops: Pillow warns "Corrupt EXIF data"."""
    return encode(scene((90, 60)), "JPEG", exif=b"Exif\x00\x00II*\x00\x08\x00\x00\x00\xff\xff" + b"\x00" * 20)


def garbage_exif_jpeg() -> bytes:
    return encode(scene((90, 60)), "JPEG", exif=b"Exif\x00\x00" + b"\xff" * 40)


def transparent_palette_png() -> bytes:
    im = Image.new("P", (90, 60), 0)
    im.putpalette([255, 255, 255, *RED] + [0] * 762)
    im.paste(1, (0, 0, 30, 20))
    return encode(im, "PNG", transparency=0)


def with_profile(profile: bytes) -> bytes:
    return encode(scene((90, 60)), "JPEG", quality=90, icc_profile=profile)


SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()

GOOD = {
    # name: (bytes, format, ext, (width, height), thumbnail mode, colour at the top-left)
    "JPEG": (lambda: jpeg((120, 80)), "JPEG", "jpg", (120, 80), "RGB", RED),
    "progressive JPEG": (lambda: jpeg((120, 80), progressive=True), "JPEG", "jpg", (120, 80), "RGB", RED),
    "grey JPEG": (lambda: encode(Image.new("L", (50, 40), 90), "JPEG"), "JPEG", "jpg", (50, 40), "RGB",
                  (90, 90, 90)),
    "CMYK JPEG": (red_ink_jpeg, "JPEG", "jpg", (90, 60), "RGB", (237, 28, 36)),
    "MPO (camera JPEG)": (mpo, "JPEG", "jpg", (90, 60), "RGB", RED),
    "JPEG with broken EXIF": (broken_exif_jpeg, "JPEG", "jpg", (90, 60), "RGB", RED),
    "JPEG with garbage EXIF": (garbage_exif_jpeg, "JPEG", "jpg", (90, 60), "RGB", RED),
    "JPEG with an sRGB profile": (lambda: with_profile(SRGB), "JPEG", "jpg", (90, 60), "RGB", RED),
    "JPEG with a broken profile": (lambda: with_profile(b"not a profile" * 20), "JPEG", "jpg", (90, 60), "RGB", RED),
    "PNG": (lambda: encode(scene((120, 80)), "PNG"), "PNG", "png", (120, 80), "RGB", RED),
    "16-bit PNG": (png_16_bit, "PNG", "png", (90, 60), "RGB", (128, 128, 128)),
    "PNG with a transparent palette": (transparent_palette_png, "PNG", "png", (90, 60), "RGBA", RED),
    "grey PNG with alpha": (lambda: encode(Image.new("LA", (50, 40), (200, 128)), "PNG"), "PNG", "png",
                            (50, 40), "RGBA", (200, 200, 200)),
    "WebP": (lambda: encode(scene((120, 80)), "WEBP", quality=90), "WEBP", "webp", (120, 80), "RGB", RED),
    "animated WebP": (lambda: animated("WEBP"), "WEBP", "webp", (40, 30), "RGB", RED),
    "animated GIF": (lambda: animated("GIF"), "GIF", "gif", (40, 30), "RGB", RED),
    "HEIC": (lambda: encode(scene((120, 80)), "HEIF", quality=90), "HEIF", "heic", (120, 80), "RGB", RED),
}


@pytest.mark.parametrize("name", list(GOOD))
def test_accepted_images_import_with_their_size_and_a_true_thumbnail(store, data_dir, name):
    make, fmt, ext, size, mode, corner = GOOD[name]
    data = make()
    photo = import_photo(store, data, f"{name}.{ext}", "Anneleen")
    assert (photo.format, photo.ext, (photo.width, photo.height)) == (fmt, ext, size)
    assert photo == get_photo(store, photo.hash)
    path = photo_path(store, photo)
    assert path == data_dir / "photos" / photo.hash[:2] / f"{photo.hash}.{ext}"
    assert path.read_bytes() == data  # the original, byte for byte
    thumb = photo_thumbnail(store, photo, (64, 64))
    assert thumb.ok and not thumb.missing
    assert thumb.image.mode == mode
    assert thumb.image.size == images.fitted(size, (64, 64))
    assert colour_near(thumb.image.getpixel((1, 1)), corner), thumb.image.getpixel((1, 1))


def test_broken_exif_imports_whatever_the_warning_filters(store):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        photo = import_photo(store, broken_exif_jpeg())
        assert photo_thumbnail(store, photo).ok
    assert (photo.width, photo.height) == (90, 60)


def test_animated_images_keep_every_frame_in_the_stored_original(store):
    for fmt in ("GIF", "WEBP"):
        photo = import_photo(store, animated(fmt))
        with Image.open(photo_path(store, photo)) as stored:
            assert stored.n_frames == 3


def test_the_transparent_parts_of_a_palette_png_stay_transparent(store):
    photo = import_photo(store, transparent_palette_png())
    image = photo_thumbnail(store, photo, (90, 60)).image
    assert image.getpixel((1, 1))[3] == 255
    assert image.getpixel((80, 50))[3] == 0


# --- orientation ------------------------------------------------------------------------

def turned_jpeg() -> bytes:
    """A portrait photo with a red top-left corner, stored on its side with EXIF orientation 6."""
    upright = Image.new("RGB", (400, 600), BLUE)
    upright.paste(RED, (0, 0, 100, 100))
    on_its_side = upright.transpose(Image.Transpose.ROTATE_90)  # orientation 6 turns it back
    return encode(on_its_side, "JPEG", quality=90, exif=exif_with(6))


def test_exif_orientation_swaps_width_and_height_and_the_thumbnail_stands_upright(store):
    data = turned_jpeg()
    with Image.open(io.BytesIO(data)) as raw:
        assert raw.size == (600, 400)
    photo = import_photo(store, data)
    assert (photo.width, photo.height) == (400, 600)
    image = photo_thumbnail(store, photo, (64, 64)).image
    assert image.size == (43, 64)
    assert colour_near(image.getpixel((1, 1)), RED)
    assert colour_near(image.getpixel((41, 1)), BLUE)
    assert colour_near(image.getpixel((1, 62)), BLUE)


def test_heic_orientation_is_applied_too(store):
    on_its_side = Image.new("RGB", (96, 64), BLUE)
    on_its_side.paste(RED, (0, 0, 32, 32))
    photo = import_photo(store, encode(on_its_side, "HEIF", quality=95, exif=exif_with(6)))
    assert (photo.width, photo.height) == (64, 96)
    image = photo_thumbnail(store, photo, (64, 96)).image
    assert image.size == (64, 96)
    assert colour_near(image.getpixel((62, 1)), RED)  # the top-left corner, turned a quarter clockwise
    assert colour_near(image.getpixel((1, 1)), BLUE)


# --- storing once -------------------------------------------------------------------------

def test_the_same_bytes_are_stored_once_whatever_their_name(store, data_dir, tmp_path):
    data = jpeg()
    source = tmp_path / "IMG_0001.JPG"
    source.write_bytes(data)
    first = import_photo(store, source, author="Anneleen")
    second = import_photo(store, data, "copy of IMG_0001.jpg", "Pieter")
    assert first == second
    assert first.original_name == "IMG_0001.JPG" and first.imported_by == store.author("Anneleen")
    assert photo_count(store) == 1
    assert stored_files(data_dir) == {photo_path(store, first)}
    other = import_photo(store, jpeg((121, 80)))
    assert other.hash != first.hash and photo_count(store) == 2


def test_importing_again_restores_a_lost_stored_file(store):
    photo = import_photo(store, jpeg())
    photo_path(store, photo).unlink()
    assert import_photo(store, jpeg()) == photo
    assert photo_path(store, photo).read_bytes() == jpeg()


@pytest.mark.sqlite_only("an SQLite temporary trigger stands in for a full disk")
def test_when_the_row_cannot_be_written_the_new_file_is_removed(store, data_dir):
    store.db.execute("CREATE TEMP TRIGGER refuse BEFORE INSERT ON photos BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    with pytest.raises(Exception, match="disk full"):
        import_photo(store, jpeg())
    assert stored_files(data_dir) == set()
    assert not (data_dir / "photos").exists() or not any((data_dir / "photos").iterdir())


def test_checking_and_storing_can_be_split_for_a_worker_thread(store):
    with ThreadPoolExecutor(1) as worker:
        prepared = worker.submit(prepare_photo, jpeg(), "scan.jpg").result()
    assert prepared.info.format == "JPEG" and photo_count(store) == 0
    assert store_photo(store, prepared, "Anneleen").original_name == "scan.jpg"


def test_a_photo_in_a_draft_survives_its_original_moving_away(store, draft_id, tmp_path):
    source = tmp_path / "camera" / "IMG_0042.jpg"
    source.parent.mkdir()
    source.write_bytes(jpeg())
    photo = import_photo(store, source, author="Anneleen")
    attach_photo(store, draft_id, photo)
    shutil.move(source.parent, tmp_path / "elsewhere")
    (item,) = draft_photos(store, draft_id)
    assert item.photo == photo
    assert photo_thumbnail(store, item.photo).ok


# --- thumbnails ----------------------------------------------------------------------------

def test_a_missing_stored_file_gives_a_placeholder_and_says_so(store):
    photo = import_photo(store, jpeg())
    photo_path(store, photo).unlink()
    thumb = photo_thumbnail(store, photo, (100, 80))
    assert not thumb.ok and thumb.missing
    assert thumb.problem == "The photo's file is missing from the app's folder."
    assert thumb.image.size == (100, 80) and thumb.image.mode == "RGB"


def test_a_damaged_stored_file_gives_a_placeholder_too(store):
    photo = import_photo(store, jpeg((400, 300)))
    path = photo_path(store, photo)
    path.write_bytes(path.read_bytes()[:500])
    thumb = photo_thumbnail(store, photo)
    assert not thumb.ok and not thumb.missing
    assert "damaged" in thumb.problem


def test_a_large_jpeg_is_decoded_at_reduced_scale(tmp_path, monkeypatch):
    path = tmp_path / "big.jpg"
    path.write_bytes(jpeg((2400, 1600)))
    decoded = []
    real_load = images.Image.Image.load

    def spy(self):
        decoded.append(self.size)
        return real_load(self)

    monkeypatch.setattr(images.Image.Image, "load", spy)
    thumb = images.thumbnail(path, (256, 256))
    assert thumb.ok and thumb.image.size == (256, 171)
    assert max(w for w, _h in decoded) == 300  # 1/8 scale, not 2400


def test_thumbnails_are_the_same_from_several_threads(store):
    photos = [import_photo(store, make()) for make in (lambda: jpeg((640, 480)), red_ink_jpeg, png_16_bit,
                                                        lambda: animated("GIF"), turned_jpeg)]
    serial = [photo_thumbnail(store, p).image.tobytes() for p in photos]
    with ThreadPoolExecutor(4) as pool:
        parallel = list(pool.map(lambda p: photo_thumbnail(store.path.parent, p).image.tobytes(), photos * 4))
    assert parallel == serial * 4


def test_thumbnail_never_upscales_a_small_photo(tmp_path):
    path = tmp_path / "small.png"
    path.write_bytes(encode(scene((40, 30)), "PNG"))
    assert images.thumbnail(path).image.size == (40, 30)


# --- photos in a draft -----------------------------------------------------------------------

@pytest.fixture
def three(store) -> list[Photo]:
    return [import_photo(store, jpeg((100 + i, 80)), f"photo{i}.jpg", "Anneleen") for i in range(3)]


def people(store, *names: str) -> list[int]:
    return [store.db.insert("INSERT INTO people (name, created_at) VALUES (?, '2026-01-01')", [name])
            for name in names]


def hashes(items: list[DraftPhoto]) -> list[str]:
    return [item.photo.hash for item in items]


def test_attach_appends_or_inserts_at_a_position(store, draft_id, three):
    a, b, c = three
    first = attach_photo(store, draft_id, a)
    assert first == DraftPhoto(first.id, a, 0, "", None, ())
    attach_photo(store, draft_id, b.hash)
    attach_photo(store, draft_id, c, position=0)
    items = draft_photos(store, draft_id)
    assert hashes(items) == [c.hash, a.hash, b.hash]
    assert [item.position for item in items] == [0, 1, 2]
    attach_photo(store, draft_id, a, position=99)  # the same photo twice, clamped to last
    assert hashes(draft_photos(store, draft_id)) == [c.hash, a.hash, b.hash, a.hash]


def test_attach_refuses_an_unknown_draft_or_photo(store, draft_id, three):
    with pytest.raises(KeyError):
        attach_photo(store, 9999, three[0])
    with pytest.raises(KeyError):
        attach_photo(store, draft_id, "0" * 64)
    assert draft_photos(store, draft_id) == []


def test_move_reorder_and_detach_keep_positions_dense(store, draft_id, three):
    ids = [attach_photo(store, draft_id, p).id for p in three]
    move_photo(store, ids[2], 0)
    assert [i.id for i in draft_photos(store, draft_id)] == [ids[2], ids[0], ids[1]]
    move_photo(store, ids[2], -5)
    move_photo(store, ids[0], 10)
    assert [i.id for i in draft_photos(store, draft_id)] == [ids[2], ids[1], ids[0]]
    reorder_photos(store, draft_id, ids)
    assert [i.id for i in draft_photos(store, draft_id)] == ids
    with pytest.raises(ValueError):
        reorder_photos(store, draft_id, ids[:2])
    detach_photo(store, ids[1])
    items = draft_photos(store, draft_id)
    assert [(i.id, i.position) for i in items] == [(ids[0], 0), (ids[2], 1)]
    assert photo_path(store, three[1]).exists()  # detached from the draft, still stored
    with pytest.raises(KeyError):
        detach_photo(store, ids[1])


def test_alt_text_and_presence(store, draft_id, three):
    item = attach_photo(store, draft_id, three[0])
    set_alt_text(store, item.id, "Kinderen luisteren naar een voorleesverhaal 📚\ud800")
    set_presence(store, item.id, "atmosphere")
    (stored,) = draft_photos(store, draft_id)
    assert stored.alt_text == "Kinderen luisteren naar een voorleesverhaal 📚\ufffd"
    assert stored.presence == "atmosphere"
    set_presence(store, item.id, None)
    assert draft_photos(store, draft_id)[0].presence is None
    with pytest.raises(ValueError):
        set_presence(store, item.id, "everyone")
    with pytest.raises(KeyError):
        set_alt_text(store, 9999, "x")


def test_people_are_linked_with_where_they_are(store, draft_id, three):
    an, bert, chris = people(store, "An Peeters", "Bert", "Chris")
    item = attach_photo(store, draft_id, three[0])
    set_presence(store, item.id, "people")
    link_person(store, item.id, an, "rode jas, tweede van links")
    link_person(store, item.id, bert)
    link_person(store, item.id, an, "rode jas, links")  # again: the description changes
    assert draft_photos(store, draft_id)[0].people == (PhotoPerson(an, "rode jas, links"), PhotoPerson(bert, ""))
    unlink_person(store, item.id, bert)
    assert draft_photos(store, draft_id)[0].people == (PhotoPerson(an, "rode jas, links"),)
    set_people(store, item.id, [PhotoPerson(chris, "vooraan"), PhotoPerson(bert, "achteraan")])
    assert draft_photos(store, draft_id)[0].people == (PhotoPerson(chris, "vooraan"), PhotoPerson(bert, "achteraan"))
    set_presence(store, item.id, "nobody")
    assert len(draft_photos(store, draft_id)[0].people) == 2  # kept, not silently lost


def test_linking_an_unknown_person_changes_nothing(store, draft_id, three):
    (an,) = people(store, "An Peeters")
    item = attach_photo(store, draft_id, three[0])
    link_person(store, item.id, an, "links")
    with pytest.raises(KeyError):
        link_person(store, item.id, 4242)
    with pytest.raises(KeyError):
        set_people(store, item.id, [PhotoPerson(4242, "nobody knows")])
    assert draft_photos(store, draft_id)[0].people == (PhotoPerson(an, "links"),)


def test_each_draft_has_its_own_alt_text_and_deleting_a_draft_takes_its_uses_along(store, draft_id, three):
    other = store.create("Pieter", text="Nieuwe strips").id
    (an,) = people(store, "An Peeters")
    item = attach_photo(store, draft_id, three[0])
    link_person(store, item.id, an)
    attach_photo(store, other, three[0])
    set_alt_text(store, item.id, "alleen in de eerste")
    assert draft_photos(store, other)[0].alt_text == ""
    store.trash(draft_id)
    store.empty_trash(older_than_days=-1)
    assert draft_photos(store, draft_id) == []
    assert len(draft_photos(store, other)) == 1
    assert draft_photos(store, other)[0].people == (PhotoPerson(an, ""),)  # who is in it belongs to the file


# --- issue 9 point 8: who is in a photo belongs to the stored photo --------------------------------


def test_a_photo_taken_out_and_added_to_another_draft_brings_its_people(store, draft_id, three):
    """Remove a photo linked to someone who withdrew, add the same file elsewhere: it is not "not answered"."""
    (an,) = people(store, "An Peeters")
    item = attach_photo(store, draft_id, three[0])
    set_presence(store, item.id, "people")
    link_person(store, item.id, an, "rode jas")
    detach_photo(store, item.id)
    other = store.create("Pieter", text="Terugblik").id
    again = attach_photo(store, other, import_photo(store, photo_path(store, three[0])))
    assert (again.presence, again.people) == ("people", (PhotoPerson(an, "rode jas"),))
    assert draft_photos(store, other)[0].people == (PhotoPerson(an, "rode jas"),)


def test_an_answer_or_a_link_in_one_draft_holds_in_every_draft_using_the_file(store, draft_id, three):
    an, bert = people(store, "An Peeters", "Bert")
    other = store.create("Pieter", text="Terugblik").id
    here, there = attach_photo(store, draft_id, three[0]), attach_photo(store, other, three[0])
    set_presence(store, there.id, "people")
    link_person(store, there.id, an, "links")
    set_people(store, here.id, [PhotoPerson(an, "links"), PhotoPerson(bert, "rechts")])
    unlink_person(store, there.id, an)
    for draft in (draft_id, other):
        (photo,) = draft_photos(store, draft)
        assert (photo.presence, photo.people) == ("people", (PhotoPerson(bert, "rechts"),))
    assert draft_photos(store, draft_id)[0].photo == three[0]


def test_a_photo_nobody_uses_still_says_who_is_in_it(store, draft_id, three):
    from composer.core.photos.people import photo_people

    (an,) = people(store, "An Peeters")
    item = attach_photo(store, draft_id, three[1])
    set_presence(store, item.id, "atmosphere")
    link_person(store, item.id, an, "achteraan")
    detach_photo(store, item.id)
    assert photo_people(store, three[1]) == ("atmosphere", (PhotoPerson(an, "achteraan"),))
    assert photo_people(store, three[2].hash) == (None, ())
    with pytest.raises(KeyError):
        photo_people(store, "0" * 64)


def test_undo_puts_a_photo_back_with_its_alt_text_crops_and_the_withdrawal_mark(store, draft_id, three):
    """Issue 9 point 19: undoing a photo removal dropped the draft's "consent withdrawn" mark (and its crops)."""
    from composer.core.photos.crops import get_crop, set_crop
    from composer.core.photos.library import put_back, take_out

    first, second = attach_photo(store, draft_id, three[0]), attach_photo(store, draft_id, three[1])
    set_alt_text(store, second.id, "Een lezer")
    set_crop(store, second.id, "instagram", 0.1, 0.0, 0.8, 1.0)
    store.set_status(draft_id, "consent_withdrawn")
    taken = take_out(store, second.id)
    store.set_status(draft_id, "draft")  # the window clears the mark once the consent check passes
    back = put_back(store, taken)
    assert [p.photo for p in draft_photos(store, draft_id)] == [three[0], three[1]]
    assert (back.position, back.alt_text) == (1, "Een lezer")
    assert get_crop(store, back.id, "instagram") is not None
    assert store.get(draft_id).status == "consent_withdrawn"
    plain = take_out(store, first.id)
    assert plain.status == "consent_withdrawn"
    store.set_status(draft_id, "draft")
    put_back(store, take_out(store, back.id))  # taken out of an unmarked draft: it stays unmarked
    assert store.get(draft_id).status == "draft"


# --- property: any bytes either import or raise PhotoError, and a refusal leaves nothing --------

@cache
def seeds() -> tuple[bytes, ...]:
    """Small valid files of every accepted kind, to mutate."""
    small = scene((24, 16))
    return (encode(small, "JPEG", quality=80), encode(small, "JPEG", progressive=True, exif=exif_with(6)),
            encode(small, "PNG"), encode(small.convert("P"), "GIF"), animated("GIF"),
            encode(small, "WEBP"), animated("WEBP"), encode(small, "HEIF"), png_16_bit())


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds())))
    for _ in range(draw(st.integers(0, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "byte", "insert", "delete"]))
        if action == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif action == "byte":
            data[at] = draw(st.integers(0, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif len(data) > 1:
            del data[at:at + draw(st.integers(1, 64))]
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


MAGIC = [b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"RIFF\x00\x00\x00\x00WEBPVP8 ",
         b"\x00\x00\x00\x18ftypheic", b"BM", b"II*\x00", b""]
ANY_BYTES = st.one_of(st.binary(max_size=2048), st.tuples(st.sampled_from(MAGIC), st.binary(max_size=512)).map(
    lambda parts: parts[0] + parts[1]), mutated())


@pytest.mark.parametrize("warning_filter", ["error", "ignore"])
@settings(max_examples=600, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=ANY_BYTES)
def test_any_bytes_import_or_raise_photo_error_and_a_refusal_changes_nothing(store, data_dir, warning_filter,
                                                                              data):
    rows_before = photo_count(store)
    files_before = stored_files(data_dir)
    with warnings.catch_warnings():
        warnings.simplefilter(warning_filter)
        try:
            photo = import_photo(store, data, "fuzz.jpg", "Hypothesis")
        except PhotoError as error:
            event(error.kind)
            assert str(error)
            assert photo_count(store) == rows_before
            assert stored_files(data_dir) == files_before
            return
        event(f"imported {photo.format}")
        assert photo_path(store, photo).read_bytes() == data
        assert photo.width > 0 and photo.height > 0
        thumb = photo_thumbnail(store, photo, (32, 32))
    assert thumb.ok, thumb.problem
