"""Hostile input (issue 8, items 12-15): house-style files, damaged stored photos, odd image shapes, endless input.

Each regression test failed on the code before the fix. The corpus tests feed
generated hostile input through core and the command line and count their
trials; a hang is caught by a watchdog (a thread join or a subprocess
timeout), never by timing anything.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import os
import random
import sqlite3
import struct
import subprocess
import sys
import threading
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from composer.cli import main
from composer.cli.check_input import MAX_TEXT_BYTES
from composer.core import house_style
from composer.core.export.folder import ExportError, export_draft
from composer.core.house_style import HouseStyle, HouseStyleError
from composer.core.networks.facts import NETWORKS, network
from composer.core.photos import images
from composer.core.photos import library as ph
from composer.core.photos.renditions import render_all
from composer.core.storage.store import Store
from tests.helpers.drafts import described_photo, described_use, ready_draft
from tests.helpers.images import encode, jpeg, png

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "LANGUAGE": "en", "PYTHONIOENCODING": "utf-8"}
ENV.pop("PYTHONUTF8", None)
WATCHDOG = 30  # seconds: only a hang ever takes this long
POST = "Kom naar de bib: een prachtig nieuw boek over onze stad. Wat vind jij ervan?"
PHOTO_NAME = "getijdenboek.jpg"
PILLOW_WORDS = ("PngImagePlugin", "Decompressed", "DOS attack", "cannot identify", "Traceback", "Errno")
FUZZ = settings(max_examples=150, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
T = TypeVar("T")


# --- watchdog -------------------------------------------------------------------------------------------------


def finishes(work: Callable[[], T], release: Callable[[], None] = lambda: None) -> T:
    """``work()`` (its result, or what it raised), failing the test if it is still running after :data:`WATCHDOG`.

    ``release`` is called on a hang to unblock the stuck thread (say, by opening a FIFO's other end).
    """
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # noqa: BLE001 - handed back to the test
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(WATCHDOG)
    if thread.is_alive():
        release()
        pytest.fail(f"still running after {WATCHDOG} s: it hangs")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def cli_in_process(*argv: str, stdin: io.TextIOWrapper | None = None,
                   release: Callable[[], None] = lambda: None) -> tuple[int, str, str]:
    """``post-composer ARGV`` in this process under the watchdog: exit status, standard output, standard error."""
    out, err = io.StringIO(), io.StringIO()

    def run() -> int:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), _stdin(stdin):
            return main(list(argv))

    code = finishes(run, release)
    return code, out.getvalue(), err.getvalue()


@contextlib.contextmanager
def _stdin(stream: io.TextIOWrapper | None) -> Iterator[None]:
    saved = sys.stdin
    if stream is not None:
        sys.stdin = stream
    try:
        yield
    finally:
        sys.stdin = saved


def cli(*argv: str, stdin=None) -> subprocess.CompletedProcess:
    """The real command in a fresh interpreter, killed by the watchdog if it hangs."""
    try:
        return subprocess.run([sys.executable, "-m", "composer", *argv], cwd=PROJECT_ROOT, env=ENV,
                              stdin=stdin if stdin is not None else subprocess.DEVNULL, capture_output=True,
                              timeout=WATCHDOG, text=True, encoding="utf-8", errors="replace", check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"post-composer {' '.join(argv)} still running after {WATCHDOG} s: it hangs")


def stdin_of(data: bytes) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")


# --- images ---------------------------------------------------------------------------------------------------


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_with(raw_chunk: bytes) -> bytes:
    """A small valid PNG with ``raw_chunk`` before its image data."""
    base = png()
    at = base.index(b"IDAT") - 4
    return base[:at] + raw_chunk + base[at:]


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` × ``height``, its data a few rows of zeros."""
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", zlib.compress(b"\0" * 4096)) + chunk(b"IEND", b"")


def jpeg_claiming(width: int, height: int) -> bytes:
    data = bytearray(jpeg((32, 32)))
    at = data.index(b"\xff\xc0")
    data[at + 5:at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def gif_claiming(width: int, height: int) -> bytes:
    data = bytearray(encode(Image.new("P", (32, 32)), "GIF"))
    data[6:10] = struct.pack("<HH", width, height)
    at = data.index(b"\x2c")
    data[at + 5:at + 9] = struct.pack("<HH", width, height)
    return bytes(data)


def compressed_text(kind: bytes, megabytes: int) -> bytes:
    """A zTXt, iTXt or iCCP chunk that inflates to ``megabytes`` of text: a small file, a big surprise."""
    bomb = zlib.compress(b"a" * megabytes * 1_000_000, 9)
    prefix = {b"zTXt": b"Comment\0\0", b"iTXt": b"Comment\0\1\0\0\0", b"iCCP": b"icc\0\0"}[kind]
    return png_with(chunk(kind, prefix + bomb))


#: Hostile bytes put in place of a stored copy: each must be refused with a message, never crash or hang.
HOSTILE_BYTES: dict[str, Callable[[], bytes]] = {
    "decompression bomb, PNG 30000×30000": lambda: png_claiming(30_000, 30_000),
    "just over the pixel limit, PNG 10000×10000": lambda: png_claiming(10_000, 10_000),
    "JPEG claiming 65500×65500": lambda: jpeg_claiming(65_500, 65_500),
    "GIF claiming 65535×65535": lambda: gif_claiming(65_535, 65_535),
    "zTXt bomb": lambda: compressed_text(b"zTXt", 5),
    "iTXt bomb": lambda: compressed_text(b"iTXt", 5),
    "iCCP bomb": lambda: compressed_text(b"iCCP", 5),
    "huge header: a chunk claiming 2 GB": lambda: png_with(struct.pack(">I", 0x7FFFFFF0) + b"tEXtComment\0"
                                                          + b"a" * 999),
    "truncated PNG": lambda: png((400, 300))[:300],
    "truncated JPEG": lambda: jpeg((400, 300))[:600],
    "empty file": lambda: b"",
    "random bytes": lambda: random.Random(13).randbytes(5000),
    "a BMP stored as a photo": lambda: encode(Image.new("RGB", (40, 30)), "BMP"),
    "a text file": lambda: b"not a photo at all\n" * 100,
}
#: Hostile things in place of a stored copy that are not files: each must be refused without reading it.
HOSTILE_NODES = ("symlink to a FIFO", "a FIFO", "a folder", "symlink to /dev/zero", "symlink to a good photo",
                 "a file over the size limit (sparse)")


def put_node(path: Path, kind: str, elsewhere: Path) -> Callable[[], None]:
    """Replace ``path`` with ``kind``; return what unblocks a reader stuck on it (for the watchdog)."""
    release: Callable[[], None] = lambda: None  # noqa: E731
    if kind in ("symlink to a FIFO", "a FIFO"):
        fifo = elsewhere / "fifo"
        os.mkfifo(fifo)
        if kind == "a FIFO":
            path.unlink()
            os.mkfifo(path)
            fifo = path
        else:
            _link(path, fifo)
        release = lambda: os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # noqa: E731 - EOF for the reader
    elif kind == "a folder":
        path.unlink()
        path.mkdir()
    elif kind == "symlink to /dev/zero":
        _link(path, Path("/dev/zero"))
    elif kind == "symlink to a good photo":
        good = elsewhere / "good.jpg"
        good.write_bytes(jpeg())
        _link(path, good)
    else:
        with path.open("r+b") as handle:
            handle.truncate(images.MAX_FILE_BYTES + 1)
    return release


def _link(path: Path, target: Path) -> None:
    path.unlink()
    path.symlink_to(target)


# --- a data folder with a post ready to export -------------------------------------------------------------------


def make_post(data_dir: Path, data: bytes = b"", networks=("instagram", "x", "bluesky")) -> tuple[int, ph.DraftPhoto]:
    """A post that nothing blocks, with one photo (``data``, default a good JPEG); closed again."""
    store = Store.open(data_dir)
    try:
        draft = ready_draft(store, POST, networks)
        return draft.id, described_photo(store, draft.id, data or jpeg((600, 400)), name=PHOTO_NAME)
    finally:
        store.close()


def export_in_core(data_dir: Path, draft_id: int, to: Path) -> object:
    """What :func:`export_draft` gives (or raises), in a store of its own."""
    store = Store.open(data_dir)
    try:
        return export_draft(store, draft_id, to)
    except ExportError as error:
        return error
    finally:
        store.close()


def store_setting(data_dir: Path, raw: str) -> None:
    """Keep ``raw`` as the stored house style, exactly as given (damaged, or written by another program)."""
    Store.open(data_dir).close()
    conn = sqlite3.connect(data_dir / "composer.db")
    conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('house_style', ?)", [raw])
    conn.commit()
    conn.close()


def assert_plain_words(message: str) -> None:
    """A message for people: none of Pillow's or Python's own words."""
    assert message.strip()
    for word in PILLOW_WORDS:
        assert word not in message, message


# === 12. house-style files =========================================================================================

DEEP = '{"forbidden_words": ' + "[" * 100_000 + "]" * 100_000 + "}"
HUGE_NUMBER = '{"emoji_limit": ' + "1" * 5000 + "}"
SURROGATE = '{"library_name": "KBR \\ud800"}'


def style_file(tmp_path: Path, content: str | bytes, name: str = "huisstijl.json") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


@pytest.mark.parametrize(("content", "reason"), [(DEEP, "nested too deeply"), (HUGE_NUMBER, "number"),
                                                 (SURROGATE, "broken character")])
def test_a_hostile_house_style_file_is_a_usage_error_on_the_command_line(tmp_path, content, reason):
    style = style_file(tmp_path, content)
    post = style_file(tmp_path, POST, "post.txt")
    result = cli("check", str(post), "--house-style", str(style))
    assert result.returncode == 2, result.stderr
    assert str(style) in result.stderr and reason in result.stderr
    assert "Traceback" not in result.stderr and "something went wrong" not in result.stderr


@pytest.mark.parametrize("content", [DEEP, HUGE_NUMBER, SURROGATE, "{" + '"a": 1, ' * 200_000 + "}"])
def test_the_window_import_shows_the_command_lines_message(qtbot, tmp_path, content):
    from composer.ui.settings.house_style_dialog import HouseStyleDialog

    dialog = HouseStyleDialog(HouseStyle(library_name="KBR"))
    qtbot.addWidget(dialog)
    style = style_file(tmp_path, content)
    assert dialog.import_from(str(style)) is False
    assert dialog.message.isVisibleTo(dialog)
    assert dialog.style() == HouseStyle(library_name="KBR")  # nothing changed
    code, _out, err = cli_in_process("check", str(style_file(tmp_path, POST, "post.txt")), "--house-style", str(style))
    assert code == 2
    assert err.strip() == f"post-composer check: {dialog.message.text()}"  # one validation, one message


def test_a_house_style_file_with_a_bom_is_imported_in_the_window_as_on_the_command_line(qtbot, tmp_path):
    from composer.ui.settings.house_style_dialog import HouseStyleDialog

    wanted = HouseStyle(library_name="KBR", forbidden_words=("bieb",))
    style = style_file(tmp_path, b"\xef\xbb\xbf" + wanted.to_json().encode("utf-8"))
    dialog = HouseStyleDialog(HouseStyle())
    qtbot.addWidget(dialog)
    assert dialog.import_from(str(style)) is True
    assert dialog.style() == wanted
    post = style_file(tmp_path, "Kom naar de bieb! " + POST, "post.txt")
    code, out, _err = cli_in_process("check", str(post), "--house-style", str(style), "--json")
    assert code in (0, 1)
    assert "bieb" in " ".join(c["message"] for c in json.loads(out)["checks"] if c["id"] == "house_style")


def test_a_house_style_with_a_lone_surrogate_is_refused_before_it_reaches_the_database(qtbot, tmp_path):
    from composer.ui.settings.house_style_dialog import HouseStyleDialog

    dialog = HouseStyleDialog(HouseStyle())
    qtbot.addWidget(dialog)
    assert dialog.import_from(str(style_file(tmp_path, SURROGATE))) is False
    assert "library_name: contains a broken character (U+D800)" in dialog.message.text()
    assert dialog.style() == HouseStyle()  # so OK cannot hand the database a text SQLite refuses


@pytest.mark.parametrize("raw", [DEEP, HUGE_NUMBER, SURROGATE, "not JSON at all", '["KBR"]'])
def test_a_bad_stored_house_style_is_a_clear_error_in_check_and_export(data_dir, tmp_path, raw):
    draft_id, _item = make_post(data_dir)
    store_setting(data_dir, raw)
    code, _out, err = cli_in_process("check", str(style_file(tmp_path, POST, "post.txt")), "--data-dir",
                                     str(data_dir))
    assert code == 2 and "house style saved in" in err and "Traceback" not in err
    outcome = export_in_core(data_dir, draft_id, tmp_path / "out")
    assert isinstance(outcome, ExportError) and "stored house style cannot be used" in str(outcome)
    code, _out, err = cli_in_process("--data-dir", str(data_dir), "export", str(draft_id), "--to",
                                     str(tmp_path / "out"))
    assert code == 2 and "stored house style cannot be used" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_house_style_file_is_read_only_when_it_is_a_small_regular_file(tmp_path):
    too_big = style_file(tmp_path, json.dumps({"forbidden_words": ["bieb"] * 200_000}))
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    release = lambda: os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # noqa: E731 - EOF for a stuck reader
    post = str(style_file(tmp_path, POST, "post.txt"))
    for path, reason in ((too_big, "larger than 1 MB"), (fifo, "not an ordinary file"), (tmp_path, "a folder"),
                         (tmp_path / "none.json", "no such file")):
        code, _out, err = cli_in_process("check", post, "--house-style", str(path), release=release)
        assert code == 2 and f"{path} cannot be read: " in err and reason in err, err


# --- the corpus of hostile house-style files ----------------------------------------------------------------------

FIELDS = list(HouseStyle.__dataclass_fields__)
WRONG_VALUES = [None, True, 0, -1, 1.5, "x", [], {}, [1], ["x", None], {"x": 1}, {"*": ["#a"]}, {"x": ["#a"]},
                {"x": 3}, {"bluesky": 0}, {"bluesky": True}, [["nested"]], "x" * 600, ["x" * 600], ["w"] * 501]


def hostile_house_styles() -> dict[str, bytes]:
    """Generated hostile house-style files: name -> bytes."""
    corpus: dict[str, bytes] = {}
    for depth in (50, 1000, 100_000):
        for opener, closer in (("[", "]"), ('{"a":', "}")):
            corpus[f"nested {opener} x{depth}"] = (opener * depth + "1" + closer * depth).encode()
            corpus[f"nested {opener} x{depth} in a field"] = (
                '{"forbidden_words": ' + opener * depth + '"x"' + closer * depth + "}").encode()
    for digits in (10, 4300, 4301, 5000, 100_000):
        for where in ('{"emoji_limit": %s}', '{"cadence": {"x": %s}}', '{"version": %s}', '{"audiences": [%s]}'):
            corpus[f"{digits}-digit number in {where}"] = (where % ("9" * digits)).encode()
            corpus[f"-{digits}-digit number in {where}"] = (where % ("-" + "9" * digits)).encode()
    for number in ("1e400", "-1e400", "1." + "0" * 5000, "NaN", "Infinity", "-Infinity", "1e-400", "0.0"):
        corpus[f"number {number[:12]}"] = f'{{"emoji_limit": {number}}}'.encode()
    good = HouseStyle(library_name="KBR", forbidden_words=("bieb",)).to_json()
    corpus["UTF-8 BOM"] = b"\xef\xbb\xbf" + good.encode()
    corpus["two UTF-8 BOMs"] = b"\xef\xbb\xbf" * 2 + good.encode()
    corpus["UTF-16 LE with BOM"] = good.encode("utf-16")
    corpus["UTF-16 BE with BOM"] = b"\xfe\xff" + good.encode("utf-16-be")
    corpus["Latin-1"] = '{"library_name": "Bibliothèque"}'.encode("latin-1")
    for escape in ("\\ud800", "\\udfff", "\\udc00x", "x\\ud83d", "\\ud83d\\ude00"):
        for where in ('{"library_name": "%s"}', '{"sign_off": "%s"}', '{"forbidden_words": ["%s"]}',
                      '{"required_hashtags": {"*": ["%s"]}}', '{"%s": 1}', '{"cadence": {"%s": 1}}',
                      '{"format": "%s"}'):
            corpus[f"surrogate {escape} in {where}"] = (where % escape).encode()
    corpus["over 1 MB"] = json.dumps({"forbidden_words": ["w" * 50] * 30_000}).encode()
    corpus["unknown setting of 1 MB"] = ('{"' + "k" * 900_000 + '": 1}').encode()
    for field in FIELDS:
        for value in WRONG_VALUES:
            corpus[f"{field} = {json.dumps(value)[:30]}"] = json.dumps({field: value}).encode()
    for top in ("[]", "1", '"text"', "null", "true", "", " ", "{", "}", '{"format": 1}', '{"format": null}'):
        corpus[f"top level {top!r}"] = top.encode()
    rng = random.Random(8)
    for n in range(30):
        corpus[f"random bytes {n}"] = rng.randbytes(rng.randint(1, 3000))
    corpus["NUL bytes"] = b"\0" * 1000
    return corpus


def storable(style: HouseStyle) -> None:
    """What the window keeps after OK: JSON in UTF-8 that reads back as the same house style."""
    text = json.dumps(style.to_dict(), ensure_ascii=False)
    assert HouseStyle.from_dict(json.loads(text.encode("utf-8"))) == style


def test_the_corpus_of_hostile_house_style_files_is_refused_or_usable_never_a_crash(tmp_path):
    corpus = hostile_house_styles()
    post = style_file(tmp_path, POST, "post.txt")
    core_trials = cli_trials = refused = 0
    for name, data in corpus.items():
        path = style_file(tmp_path, data, "style.json")
        try:
            storable(finishes(lambda path=path: house_style.read_house_style(path)))
        except HouseStyleError as error:
            refused += 1
            assert str(path) in str(error), name
            assert "Traceback" not in str(error)
        core_trials += 1
        code, _out, err = cli_in_process("check", str(post), "--house-style", str(path))
        assert code in (0, 1, 2), (name, err)
        assert "Traceback" not in err and "something went wrong" not in err, name
        cli_trials += 1
    assert core_trials == cli_trials == len(corpus) > 400
    assert refused > 350  # nearly all of them are hostile; a few (a BOM, a real emoji) are fine


@st.composite
def json_house_styles(draw) -> bytes:
    """JSON objects of house-style fields (and others) with values of every type, nested and not."""
    values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                          lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                       max_size=4),
                          max_leaves=12)
    keys = st.sampled_from([*FIELDS, "format", "version", "*"]) | st.text(max_size=10)
    data = draw(st.dictionaries(keys, values, max_size=6))
    return json.dumps(data, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")


def test_random_bytes_and_random_json_as_a_house_style_file(tmp_path):
    post = style_file(tmp_path, POST, "post.txt")
    path = tmp_path / "style.json"
    trials: list[int] = []

    @FUZZ
    @given(st.binary(max_size=2000) | json_house_styles())
    def trial(data: bytes) -> None:
        path.write_bytes(data)
        with contextlib.suppress(HouseStyleError):
            storable(house_style.read_house_style(path))
        code, _out, err = cli_in_process("check", str(post), "--house-style", str(path))
        assert code in (0, 1, 2) and "Traceback" not in err
        trials.append(code)

    trial()
    assert len(trials) >= 150


# === 13. a damaged stored photo ===================================================================================


@pytest.mark.parametrize("name", ["decompression bomb, PNG 30000×30000", "zTXt bomb", "iCCP bomb"])
def test_export_of_a_bomb_in_place_of_the_stored_photo_names_the_photo(data_dir, tmp_path, name):
    draft_id, item = make_post(data_dir)
    ph.photo_path(data_dir, item.photo).write_bytes(HOSTILE_BYTES[name]())
    result = cli("--data-dir", str(data_dir), "export", str(draft_id), "--to", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    assert f"Photo 1 ({PHOTO_NAME})" in result.stderr
    assert_plain_words(result.stderr)
    assert not (tmp_path / "out").exists()


def test_a_stored_copy_that_is_a_link_to_a_fifo_never_hangs_thumbnail_or_export(data_dir, tmp_path):
    draft_id, item = make_post(data_dir)
    stored = ph.photo_path(data_dir, item.photo)
    release = put_node(stored, "symlink to a FIFO", tmp_path)
    thumb = finishes(lambda: ph.photo_thumbnail(data_dir, item.photo), release)
    assert not thumb.ok and "cannot be read" in thumb.problem
    outcome = finishes(lambda: export_in_core(data_dir, draft_id, tmp_path / "out"), release)
    assert isinstance(outcome, ExportError) and f"Photo 1 ({PHOTO_NAME})" in str(outcome)
    result = cli("--data-dir", str(data_dir), "export", str(draft_id), "--to", str(tmp_path / "out"))
    assert result.returncode == 2 and "link, not a file" in result.stderr


def test_the_corpus_of_hostile_stored_copies_through_thumbnail_render_and_export(data_dir, tmp_path):
    draft_id, item = make_post(data_dir)
    stored = ph.photo_path(data_dir, item.photo)
    cases = [*HOSTILE_BYTES, *HOSTILE_NODES]
    trials = 0
    for number, name in enumerate(cases):
        elsewhere = tmp_path / f"case-{number}"
        elsewhere.mkdir()
        _restore(stored)
        if name in HOSTILE_BYTES:
            stored.write_bytes(HOSTILE_BYTES[name]())
            release: Callable[[], None] = lambda: None  # noqa: E731
        else:
            release = put_node(stored, name, elsewhere)
        thumb = finishes(lambda: ph.photo_thumbnail(data_dir, item.photo, (128, 128)), release)
        assert not thumb.ok and thumb.image.size == (128, 128), name
        assert_plain_words(thumb.problem)
        with pytest.raises(ExportError) as raised:
            finishes(lambda: render_all(stored, NETWORKS), release)
        assert_plain_words(str(raised.value))
        outcome = finishes(functools.partial(export_in_core, data_dir, draft_id, elsewhere / "out"), release)
        assert isinstance(outcome, ExportError) and str(outcome).startswith(f"Photo 1 ({PHOTO_NAME}): "), name
        assert_plain_words(str(outcome))
        code, _out, err = cli_in_process("--data-dir", str(data_dir), "export", str(draft_id), "--to",
                                         str(elsewhere / "out"))
        assert code == 2 and f"Photo 1 ({PHOTO_NAME})" in err, (name, err)
        assert_plain_words(err)
        assert not (elsewhere / "out").exists()
        trials += 4
    assert trials == 4 * len(cases) == 80


def _restore(path: Path) -> None:
    """Whatever the last case left at ``path`` taken away, so the next case starts from a plain file."""
    if path.is_dir() and not path.is_symlink():
        path.rmdir()
    elif path.exists() or path.is_symlink():
        path.unlink()
    path.write_bytes(jpeg())


def test_a_huge_text_chunk_in_a_stored_photo_exports_without_it(data_dir, tmp_path):
    draft_id, item = make_post(data_dir)
    ph.photo_path(data_dir, item.photo).write_bytes(png_with(chunk(b"tEXt", b"Comment\0" + b"secret" * 400_000)))
    result = export_in_core(data_dir, draft_id, tmp_path / "out")
    assert not isinstance(result, ExportError), result
    for key in ("instagram", "x", "bluesky"):
        exported = next((result.folder / key).glob("01.*")).read_bytes()
        assert b"secret" not in exported


# === 14. image shapes =========================================================================================


@pytest.mark.parametrize(("size", "reason"), [((1, 1), "too small"), ((1, 65535), "too small"),
                                              ((65500, 1), "too small"), ((15, 300), "too small"),
                                              ((40, 801), "too long and narrow"), ((2100, 100), "too long")])
def test_a_dot_or_a_line_is_refused_at_import(store, data_dir, size, reason):
    with pytest.raises(ph.PhotoError, match=reason) as refused:
        ph.import_photo(store, png(size, "L"), "line.png")
    assert f"{size[0]}×{size[1]}" in str(refused.value)
    assert store.db.value("SELECT count(*) FROM photos") == 0
    assert not (data_dir / "photos").exists() or not any((data_dir / "photos").rglob("*.*"))


def test_a_line_imported_by_an_older_version_gets_a_clear_message_at_export(store, tmp_path):
    draft = ready_draft(store, POST, ("instagram",))
    data = png((1, 65535), "L")
    prepared = ph.PreparedPhoto(data, hashlib.sha256(data).hexdigest(), images.ImageInfo("PNG", "png", 1, 65535),
                                "line.png")
    described_use(store, draft.id, ph.store_photo(store, prepared))
    with pytest.raises(ExportError) as refused:
        export_draft(store, draft.id, tmp_path / "out")
    assert str(refused.value).startswith("Photo 1 (line.png): This image is too small (1×65535 pixels)")


def shapes() -> st.SearchStrategy[tuple[int, int]]:
    side = st.integers(1, 1200)
    extremes = st.sampled_from([(16, 16), (16, 320), (320, 16), (17, 340), (1500, 75), (75, 1500), (16, 321),
                                (1, 1), (1, 1500), (1500, 1), (15, 15), (2100, 2000)])
    return extremes | st.tuples(side, side)


def test_every_image_that_import_accepts_exports_for_every_network_with_its_default_crop(store):
    accepted: list[tuple[int, int]] = []
    trials: list[tuple[int, int]] = []

    @settings(FUZZ, max_examples=80)
    @given(shapes(), st.sampled_from(["RGB", "RGBA", "L", "P"]), st.sampled_from(["PNG", "JPEG"]))
    def trial(size: tuple[int, int], mode: str, fmt: str) -> None:
        trials.append(size)
        im = Image.new(mode if fmt == "PNG" or mode in ("RGB", "L") else "RGB", size, 100)
        try:
            photo = ph.import_photo(store, encode(im, fmt), "shape." + fmt.lower())
        except ph.PhotoError as error:
            assert error.kind in ("too_small", "too_narrow"), error
            return
        accepted.append(size)
        renditions = render_all(ph.photo_path(store, photo), NETWORKS)
        for key, rendition in renditions.items():
            _assert_sensible(rendition, size, key)

    trial()
    assert len(trials) >= 80 and len(accepted) >= 40


def _assert_sensible(rendition, size: tuple[int, int], key: str) -> None:
    """A rendition as its network wants it: decodable, within its size, in the shape of its first crop."""
    net = network(key)
    with Image.open(io.BytesIO(rendition.data)) as im:
        assert im.size == rendition.size and min(im.size) >= 1
    width, height = rendition.size
    assert max(width, height) <= net.image_long_edge and (not net.image_width or width <= net.image_width)
    if net.crop_ratios:
        wide, high = (float(n) for n in net.crop_ratios[0].split(":"))
        shape = wide / high
    else:
        shape = size[0] / size[1]
    assert abs(width / height / shape - 1) <= 1 / min(width, height) + 0.01, (key, size, rendition.size)  # rounding


# === 15. endless input ============================================================================================


def test_check_of_dev_zero_is_refused_not_read_for_ever():
    result = cli("check", "/dev/zero")
    assert result.returncode == 2
    assert "/dev/zero is too long to be a post: at most 10 MB" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_of_an_endless_standard_input_is_refused():
    with open("/dev/zero", "rb") as zeros:
        result = cli("check", "-", stdin=zeros)
    assert result.returncode == 2
    assert "standard input is too long to be a post" in result.stderr


def test_a_text_just_over_the_limit_is_refused_and_one_just_under_is_checked(tmp_path):
    over = style_file(tmp_path, b"a" * (MAX_TEXT_BYTES + 1), "over.txt")
    code, _out, err = cli_in_process("check", str(over), "--network", "x")
    assert code == 2 and "too long to be a post" in err
    code, _out, err = cli_in_process("check", "-", "--network", "x",
                                     stdin=stdin_of(b"a " * (MAX_TEXT_BYTES // 2 + 1)))
    assert code == 2 and "standard input is too long" in err
    under = style_file(tmp_path, POST.encode() * 100, "under.txt")
    code, _out, _err = cli_in_process("check", str(under), "--network", "x")
    assert code == 1  # far too long for X: blocked, but checked


# --- random bytes into check -------------------------------------------------------------------------------------


def test_random_bytes_into_check_from_a_file_and_from_standard_input(tmp_path):
    path = tmp_path / "post.txt"
    trials: list[int] = []

    @FUZZ
    @given(st.binary(max_size=3000) | st.text(max_size=600).map(lambda t: t.encode("utf-8", "surrogatepass")),
           st.booleans())
    def trial(data: bytes, from_stdin: bool) -> None:
        if from_stdin:
            code, _out, err = cli_in_process("check", "-", "--json", stdin=stdin_of(data))
        else:
            path.write_bytes(data)
            code, _out, err = cli_in_process("check", str(path))
        assert code in (0, 1, 2), err
        assert "Traceback" not in err and "something went wrong" not in err
        trials.append(code)

    trial()
    assert len(trials) >= 150


def test_random_bytes_into_the_real_command():
    rng = random.Random(15)
    codes = []
    for size in (1, 100, 5000):
        result = subprocess.run([sys.executable, "-m", "composer", "check", "-"], cwd=PROJECT_ROOT, env=ENV,
                                input=rng.randbytes(size), capture_output=True, timeout=WATCHDOG, check=False)
        assert result.returncode in (0, 1, 2) and b"Traceback" not in result.stderr
        codes.append(result.returncode)
    assert len(codes) == 3
