"""Export: renditions per network (size, shape, no metadata, sRGB, file limits), the folder, refusals, the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from composer.cli import main
from composer.core.consent import add_person
from composer.core.drafts.draft import Draft
from composer.core.export.folder import (
    ExportError,
    ExportExists,
    ExportRefused,
    export_draft,
    final_text,
    folder_name,
    safe_name,
)
from composer.core.house_style import HouseStyle
from composer.core.networks.facts import network
from composer.core.photos import library as ph
from composer.core.photos import people as who
from composer.core.photos.crops import Crop
from composer.core.photos.renditions import render, render_all
from composer.core.storage.store import Store
from tests.colour_reference import wide_gamut_profile
from tests.helpers.drafts import TEXT, described_photo, ready_draft
from tests.helpers.images import BLUE, RED, encode, grainy, noise, opened

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "LANGUAGE": "en", "PYTHONIOENCODING": "utf-8"}
GPS = 0x8825
ORIENTATION = 0x0112
# What Pillow itself reports for a plain JPEG or PNG; anything else in ``info`` is metadata that leaked.
HARMLESS_INFO = {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "progressive", "progression"}


# --- images ------------------------------------------------------------------------------------------


def halves(size: tuple[int, int], left=RED, right=BLUE) -> Image.Image:
    """Left half ``left``, right half ``right``: where they end up shows the orientation."""
    im = Image.new("RGB", size, left)
    im.paste(right, (size[0] // 2, 0, size[0], size[1]))
    return im


def gps_exif(orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "Test Camera"
    exif[0x0131] = "Secret Software"
    gps = exif.get_ifd(GPS)
    gps[1], gps[2], gps[3], gps[4] = "N", (50.0, 51.0, 0.0), "E", (4.0, 21.0, 0.0)
    return exif.tobytes()


def camera_jpeg(size=(3000, 2000), orientation: int = 1) -> bytes:
    """A photo with GPS, camera EXIF, an orientation tag, a comment and XMP: all of it must stay home.

    With a little sensor grain, as a camera makes: two flat halves alone would be a flat graphic (PNG).
    """
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    return encode(grainy(halves(size)), "JPEG", quality=90, exif=gps_exif(orientation), comment=b"secret comment",
                  xmp=xmp)


def noisy_jpeg(size=(6000, 4000)) -> bytes:
    """24 MP of noise a few pixels across (it survives the shrinking): the worst case for Bluesky's 2 MB."""
    return encode(noise(size, grain=3), "JPEG", quality=90)


def assert_no_metadata(im: Image.Image) -> None:
    assert not im.getexif(), dict(im.getexif())
    leaked = set(im.info) - HARMLESS_INFO
    assert not leaked, {k: im.info[k] for k in leaked}


def assert_no_metadata_segments(data: bytes) -> None:
    """No APP1 (EXIF, XMP), APP2 (ICC), APP13 (IPTC) or COM segment: in the coded data 0xFF is never followed
    by these bytes, so their absence anywhere in the file is proof."""
    for marker in (b"\xff\xe1", b"\xff\xe2", b"\xff\xed", b"\xff\xfe"):
        assert marker not in data, marker


# --- store helpers ----------------------------------------------------------------------------------------


def set_crop(store: Store, item: ph.DraftPhoto, key: str, x: float, y: float, w: float, h: float) -> None:
    store.db.execute("INSERT INTO crops (draft_photo_id, network, x, y, width, height) VALUES (?, ?, ?, ?, ?, ?)"
                     " ON CONFLICT (draft_photo_id, network) DO UPDATE SET x = excluded.x, y = excluded.y,"
                     " width = excluded.width, height = excluded.height", [item.id, key, x, y, w, h])


def tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def db_dump(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, for "the database was only read"."""
    return {table: sorted(store.db.all(f"SELECT * FROM {table}"), key=repr) for table in sorted(store.db.tables())}


# --- renditions ----------------------------------------------------------------------------------------


def test_sizes_and_shapes_per_network(tmp_path):
    source = tmp_path / "photo.jpg"
    source.write_bytes(camera_jpeg((3000, 2000)))
    result = render_all(source, ["instagram", "facebook", "x", "linkedin", "mastodon", "bluesky", "threads"])
    sizes = {key: opened(r.data).size for key, r in result.items()}
    assert sizes == {"instagram": (1080, 1080), "facebook": (2048, 1072), "x": (2048, 1152),
                     "linkedin": (2048, 1072), "mastodon": (2048, 1365), "bluesky": (2048, 1365),
                     "threads": (1080, 720)}
    assert all(r.format == "JPEG" and opened(r.data).format == "JPEG" for r in result.values())


def test_a_stored_crop_gives_the_chosen_shape(tmp_path):
    source = tmp_path / "photo.jpg"
    source.write_bytes(camera_jpeg((3000, 2000)))
    # a 4:5 crop on a 3000x2000 photo: 1600x2000 pixels, i.e. 1600/3000 of the width, all of the height
    four_five = Crop(0.1, 0.0, 1600 / 3000, 1.0)
    assert opened(render(source, "instagram", four_five).data).size == (1080, 1350)
    wide = Crop(0.0, 0.2, 1.0, (3000 / 1.91) / 2000)
    assert opened(render(source, "instagram", wide).data).size == (1080, 566)  # 1.908: within Instagram's 1.91
    # a small photo is never enlarged
    small = tmp_path / "small.jpg"
    small.write_bytes(camera_jpeg((800, 600)))
    assert opened(render(small, "bluesky").data).size == (800, 600)
    assert opened(render(small, "instagram").data).size == (600, 600)


def test_no_exif_gps_xmp_or_comment_leaves_and_the_photo_is_upright(tmp_path):
    source = tmp_path / "photo.jpg"
    source.write_bytes(camera_jpeg((1200, 800), orientation=6))  # stored sideways: shown 800 wide, 1200 high
    with Image.open(source) as original:
        assert original.getexif().get_ifd(GPS) and "comment" in original.info and "xmp" in original.info
    for key, rendition in render_all(source, ["bluesky", "x", "instagram", "facebook"]).items():
        im = opened(rendition.data)
        assert_no_metadata(im)
        assert b"Exif" not in rendition.data and b"secret" not in rendition.data and b"xmpmeta" not in rendition.data
        assert_no_metadata_segments(rendition.data)
        if key == "bluesky":
            assert im.size == (800, 1200)
            # orientation 6 turns the picture a quarter clockwise: the stored left (red) half is now on top
            top, bottom = im.getpixel((400, 100)), im.getpixel((400, 1100))
            assert top[0] > 180 and top[2] < 60, top
            assert bottom[2] > 180 and bottom[0] < 60, bottom


def test_a_wide_gamut_profile_is_converted_to_srgb_and_not_passed_on(tmp_path):
    green = (40, 160, 60)
    source = tmp_path / "wide.jpg"
    source.write_bytes(encode(Image.new("RGB", (400, 300), green), "JPEG", quality=95,
                              icc_profile=wide_gamut_profile()))
    plain = tmp_path / "plain.jpg"
    plain.write_bytes(encode(Image.new("RGB", (400, 300), green), "JPEG", quality=95))
    converted = opened(render(source, "bluesky").data)
    untouched = opened(render(plain, "bluesky").data)
    assert "icc_profile" not in converted.info  # no foreign profile: the pixels are sRGB now
    r, g, b = converted.getpixel((200, 150))
    assert r < 15 and 150 < g < 175 and b < 55  # wide-gamut green is more saturated in sRGB
    assert all(abs(x - y) <= 3 for x, y in zip(untouched.getpixel((200, 150)), green, strict=False))


def test_transparency_stays_png_and_opaque_png_becomes_jpeg(tmp_path):
    logo = Image.new("RGBA", (600, 400), (0, 0, 0, 0))
    logo.paste((200, 30, 30, 255), (100, 100, 500, 300))
    source = tmp_path / "logo.png"
    source.write_bytes(encode(logo, "PNG"))
    result = render_all(source, ["bluesky", "x", "instagram"])
    assert result["bluesky"].format == "PNG" and result["bluesky"].ext == "png"
    im = opened(result["bluesky"].data)
    assert im.format == "PNG" and im.mode == "RGBA" and im.getpixel((0, 0))[3] == 0
    assert_no_metadata(im)
    assert result["instagram"].format == "JPEG"  # Instagram takes no PNG: put on white
    assert opened(result["instagram"].data).getpixel((5, 5)) == pytest.approx((255, 255, 255), abs=3)
    opaque = tmp_path / "opaque.png"
    opaque.write_bytes(encode(grainy(Image.new("RGB", (300, 200), (10, 200, 10))).convert("RGBA"), "PNG"))
    assert render(opaque, "bluesky").format == "JPEG"


def test_a_noisy_24_megapixel_photo_fits_blueskys_two_megabytes(tmp_path):
    source = tmp_path / "noise.jpg"
    source.write_bytes(noisy_jpeg())
    result = render_all(source, ["bluesky", "x", "facebook", "instagram"])
    for key, rendition in result.items():
        assert len(rendition.data) <= (network(key).image_bytes or 10**9), (key, len(rendition.data))
        assert opened(rendition.data).size == {"bluesky": (2048, 1365), "x": (2048, 1152),
                                                "facebook": (2048, 1072), "instagram": (1080, 1080)}[key]
    assert result["bluesky"].quality < 95  # it had to give way, but no more than needed
    limit = network("bluesky").image_bytes
    from composer.core.photos.encoding import jpeg

    better = jpeg(opened(result["bluesky"].data), result["bluesky"].quality + 1,
                  subsampling=result["bluesky"].subsampling)
    assert len(better) > limit * 0.9  # one step better would have been (about) too big
    # each network its own limit: X (5 MB) is not squeezed into Bluesky's 2 MB, alone or not
    assert (result["x"].quality, result["x"].subsampling) == (95, "4:4:4")
    alone = render(source, "x")
    assert len(alone.data) <= 5_000_000 and (alone.quality, alone.subsampling) == (95, "4:4:4")


def test_a_crop_outside_the_image_or_a_missing_file_is_a_clear_error(tmp_path):
    source = tmp_path / "photo.jpg"
    source.write_bytes(camera_jpeg((600, 400)))
    with pytest.raises(ExportError, match="outside the photo"):
        render(source, "instagram", Crop(0.5, 0.0, 0.8, 1.0))
    with pytest.raises(ExportError, match="outside the photo"):
        render(source, "x", Crop(-0.2, 0.0, 0.5, 0.5))
    with pytest.raises(ExportError, match="missing"):
        render(tmp_path / "gone.jpg", "x")
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(camera_jpeg((600, 400))[:2000])
    with pytest.raises(ExportError, match="damaged"):
        render(broken, "x")


# --- text --------------------------------------------------------------------------------------------


def test_final_text_adds_sign_off_and_missing_hashtags_once():
    style = HouseStyle(sign_off="Tot in de bib!", required_hashtags={"*": ("#bib",), "instagram": ("Erfgoed",)})
    draft = Draft(text=TEXT, networks=("instagram", "x"), network_texts={"x": "Kort 📚 #Bib\nTot in de bib!"})
    assert final_text(draft, "instagram", style) == TEXT + "\n\n#bib #Erfgoed\n\nTot in de bib!"
    assert final_text(draft, "x", style) == "Kort 📚 #Bib\nTot in de bib!"  # all there already: unchanged
    tags_last = Draft(text="Hallo\n#erfgoed", networks=("instagram",))
    assert final_text(tags_last, "instagram", style) == "Hallo\n#erfgoed #bib\n\nTot in de bib!"
    assert final_text(Draft(text=TEXT), "facebook", HouseStyle()) == TEXT


def test_safe_names():
    assert safe_name('a<b>c:d"e/f\\g|h?i*j') == "a b c d e f g h i j"
    assert safe_name("CON") == "_CON" and safe_name("nul.txt") == "_nul.txt" and safe_name("com1") == "_com1"
    assert safe_name("... trailing dots. . ") == "trailing dots"
    assert safe_name("") == "post" and safe_name("\x00\x01") == "post"
    long = safe_name("woord " * 40)
    assert len(long) <= 60 and not long.endswith(" ")
    assert len(safe_name("é" * 300).encode("utf-8")) <= 180
    assert folder_name(Draft(id=7, text="\n  Nieuw: boek!  \nmeer")) == "7 Nieuw boek!"


# --- the export --------------------------------------------------------------------------------------------


def test_export_writes_a_folder_per_network_with_images_texts_and_alt_texts(store, tmp_path):
    store.set_setting("house_style", HouseStyle(sign_off="Tot in de bib!", required_hashtags={"*": ("#bib",)},
                                                library_name="").to_dict())
    draft = ready_draft(store)
    first = described_photo(store, draft.id, camera_jpeg((3000, 2000), orientation=6), alt="Het boek,\nopengeslagen")
    described_photo(store, draft.id, encode(grainy(halves((1200, 900))), "PNG"), alt="Een detail")
    set_crop(store, first, "instagram", 0.0, 0.1, 1.0, (2000 * 5 / 4) / 3000)  # 4:5 on the upright 2000x3000
    before = db_dump(store)
    steps = []
    result = export_draft(store, draft.id, tmp_path / "out", author="An Peeters",
                          progress=lambda done, total: steps.append((done, total)))
    assert db_dump(store) == before
    assert steps[-1] == (3, 3)
    assert result.folder == tmp_path / "out" / folder_name(draft)
    assert set(result.networks) == {"instagram", "facebook", "x", "bluesky"}
    assert tree(tmp_path / "out") == sorted([result.folder.name] + [
        f"{result.folder.name}/{key}{name}" for key in ("instagram", "facebook", "x", "bluesky")
        for name in ("", "/01.jpg", "/02.jpg", "/text.txt", "/alt-text.txt")])
    # the first photo is 2000x3000 upright: 1.91:1 and 16:9 take its full width
    expected = {"instagram": [(1080, 1350), (900, 900)], "facebook": [(2000, 1047), (1200, 628)],
                "x": [(2000, 1125), (1200, 675)], "bluesky": [(1365, 2048), (1200, 900)]}
    for key, sizes in expected.items():
        folder = result.folder / key
        for number, size in enumerate(sizes, start=1):
            path = folder / f"{number:02d}.jpg"
            assert path.stat().st_size <= 2_000_000
            with Image.open(path) as im:
                assert im.format == "JPEG" and im.size == size, (key, number, im.size)
                assert_no_metadata(im)
            assert_no_metadata_segments(path.read_bytes())
        text = (folder / "text.txt").read_bytes().decode("utf-8")
        assert text == TEXT + "\n\n#bib\n\nTot in de bib!"
        assert (folder / "alt-text.txt").read_text("utf-8") == "01.jpg: Het boek, opengeslagen\n02.jpg: Een detail\n"


def test_export_is_refused_when_consent_is_missing(store, tmp_path):
    draft = ready_draft(store)
    item = described_photo(store, draft.id, camera_jpeg((600, 400)), presence="people")
    person = add_person(store, "Jan Janssens", "An Peeters")
    who.link_person(store, item.id, person.id, "rode jas")
    with pytest.raises(ExportRefused) as refused:
        export_draft(store, draft.id, tmp_path / "out")
    assert any(r.check == "consent" for r in refused.value.reasons)
    assert "consent" in str(refused.value)
    assert not (tmp_path / "out").exists()


def test_export_is_refused_when_a_text_is_too_long_for_a_network(store, tmp_path):
    draft = ready_draft(store, text="Een lang verhaal over onze collectie. " * 10, networks=("x", "facebook"))
    with pytest.raises(ExportRefused) as refused:
        export_draft(store, draft.id, tmp_path / "out")
    assert [(r.check, r.network) for r in refused.value.reasons] == [("length", "x")]
    assert "X" in refused.value.reasons[0].text()
    # only to Facebook: the X length does not matter
    result = export_draft(store, draft.id, tmp_path / "out", networks=["facebook"])
    assert result.networks == ("facebook",)


def test_an_export_is_never_overwritten_without_asking(store, tmp_path):
    out = tmp_path / "out"
    draft = ready_draft(store, networks=("bluesky",))
    described_photo(store, draft.id, camera_jpeg((600, 400)))
    first = export_draft(store, draft.id, out)
    (first.folder / "bluesky" / "text.txt").write_text("my own notes", "utf-8")
    with pytest.raises(ExportExists):
        export_draft(store, draft.id, out)
    assert (first.folder / "bluesky" / "text.txt").read_text("utf-8") == "my own notes"
    again = export_draft(store, draft.id, out, overwrite=True)
    assert again.replaced and (again.folder / "bluesky" / "text.txt").read_text("utf-8") == TEXT
    assert tree(out) == sorted([first.folder.name] + [f"{first.folder.name}/{p}" for p in
                                     ("bluesky", "bluesky/01.jpg", "bluesky/text.txt", "bluesky/alt-text.txt")])


@pytest.fixture
def read_only_folder(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    as_root = os.geteuid() == 0
    if as_root:
        subprocess.run(["chattr", "+i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
    yield folder
    if as_root:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o755)


def test_an_unwritable_folder_is_a_clear_error_and_leaves_nothing(store, read_only_folder):
    draft = ready_draft(store, networks=("bluesky",))
    described_photo(store, draft.id, camera_jpeg((600, 400)))
    before = db_dump(store)
    with pytest.raises(ExportError, match="cannot be written to"):
        export_draft(store, draft.id, read_only_folder)
    assert tree(read_only_folder) == [] and db_dump(store) == before
    with pytest.raises(ExportError, match="cannot be written to"):
        export_draft(store, draft.id, read_only_folder / "new" / "deeper")


def test_a_bad_crop_leaves_nothing_behind(store, tmp_path):
    draft = ready_draft(store, networks=("instagram", "bluesky"))
    described_photo(store, draft.id, camera_jpeg((600, 400)))
    second = described_photo(store, draft.id, camera_jpeg((700, 500)))
    set_crop(store, second, "instagram", 0.5, 0.5, 0.9, 0.9)
    before = db_dump(store)
    with pytest.raises(ExportError, match="Instagram lies"):
        export_draft(store, draft.id, tmp_path / "out")
    assert not (tmp_path / "out").exists() and db_dump(store) == before


@pytest.mark.sqlite_only("the team database holds the photo's bytes: a missing local copy is fetched again "
                         "(tests/pg/test_pg_opening.py)")
def test_a_missing_photo_leaves_nothing_behind(store, tmp_path):
    draft = ready_draft(store, networks=("instagram", "bluesky"))
    described_photo(store, draft.id, camera_jpeg((600, 400)))
    second = described_photo(store, draft.id, camera_jpeg((700, 500)))
    set_crop(store, second, "instagram", 0.1, 0.0, 0.5, 0.7)
    ph.photo_path(store, second.photo).unlink()
    with pytest.raises(ExportError, match="missing"):
        export_draft(store, draft.id, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    (tmp_path / "kept").mkdir()
    with pytest.raises(ExportError, match="missing"):
        export_draft(store, draft.id, tmp_path / "kept")
    assert tree(tmp_path / "kept") == []


def test_a_failure_while_replacing_keeps_the_old_export(store, tmp_path):
    out = tmp_path / "out"
    draft = ready_draft(store, networks=("bluesky",))
    item = described_photo(store, draft.id, camera_jpeg((600, 400)))
    first = export_draft(store, draft.id, out)
    old = tree(out)
    ph.photo_path(store, item.photo).write_bytes(b"no longer a photo")  # (on either back end: the copy read)
    with pytest.raises(ExportError):
        export_draft(store, draft.id, out, overwrite=True)
    assert tree(out) == old and (first.folder / "bluesky" / "01.jpg").exists()


def test_a_full_disk_is_a_clear_error(store, tmp_path, monkeypatch):
    draft = ready_draft(store, networks=("bluesky",))
    described_photo(store, draft.id, camera_jpeg((600, 400)))
    real = os.fsync
    calls = []

    def full(fd):  # the second file written finds the disk full
        calls.append(fd)
        if len(calls) > 1:
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ExportError, match="disk is full"):
        export_draft(store, draft.id, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_unknown_draft_and_network_are_errors(store, tmp_path):
    draft = ready_draft(store, networks=("bluesky",))
    with pytest.raises(ExportError, match="no post number 999"):
        export_draft(store, 999, tmp_path)
    with pytest.raises(ExportError, match="Unknown network"):
        export_draft(store, draft.id, tmp_path, networks=["myspace"])
    with pytest.raises(ExportError, match="not meant for X"):
        export_draft(store, draft.id, tmp_path, networks=["x"])


# --- the command line ------------------------------------------------------------------------------------


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "composer", "export", *args], check=False, cwd=PROJECT_ROOT,
                          capture_output=True, env=ENV, timeout=120, text=True, encoding="utf-8")


def test_cli_exit_codes(data_dir, tmp_path):
    store = Store.open(data_dir)
    good = ready_draft(store, networks=("bluesky", "x"))
    described_photo(store, good.id, camera_jpeg((600, 400)))
    long = ready_draft(store, text="Een lang verhaal over onze collectie. " * 10, networks=("x",))
    store.close()
    out = tmp_path / "out"
    done = cli(str(good.id), "--to", str(out), "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout and (out / folder_name(good) / "x" / "01.jpg").exists()
    refused = cli(str(long.id), "--to", str(out), "--data-dir", str(data_dir))
    assert refused.returncode == 1 and "Length: X: " in refused.stdout  # in words, not "length (X)"
    again = cli(str(good.id), "--to", str(out), "--data-dir", str(data_dir))
    assert again.returncode == 2 and "already an export" in again.stderr
    assert cli(str(good.id), "--to", str(out), "--data-dir", str(data_dir), "--overwrite",
               "--network", "bluesky").returncode == 0
    assert sorted(p.name for p in (out / folder_name(good)).iterdir()) == ["bluesky"]
    assert cli("999", "--to", str(out), "--data-dir", str(data_dir)).returncode == 2
    assert cli(str(good.id), "--to", str(out), "--data-dir", str(data_dir), "--network", "myspace").returncode == 2
    assert cli(str(good.id), "--to", str(out), "--data-dir", str(tmp_path / "nothing")).returncode == 2
    assert cli(str(good.id), "--data-dir", str(data_dir)).returncode == 2  # --to is required


def test_cli_in_process_and_without_qt(data_dir, tmp_path, capsys):
    store = Store.open(data_dir)
    draft = ready_draft(store, networks=("bluesky",))
    store.close()
    assert main(["--data-dir", str(data_dir), "export", str(draft.id), "--to", str(tmp_path / "o")]) == 0
    assert "Exported to" in capsys.readouterr().out
    code = ("import sys; from composer.cli import main; "
            f"rc = main(['export', '{draft.id}', '--to', {str(tmp_path / 'p')!r}, '--data-dir', {str(data_dir)!r}]);"
            "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt loaded'; sys.exit(rc)")
    run = subprocess.run([sys.executable, "-c", code], check=False, cwd=PROJECT_ROOT, env=ENV, capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stderr
