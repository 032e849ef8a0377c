"""Writing a file whole or not at all (core/storage/files.py): the one way the app writes what it keeps."""

from __future__ import annotations

import os
import stat

import pytest

from composer.core.storage.files import AtomicFile, write_atomic


def full_disk(_fd: int) -> None:
    raise OSError(28, "No space left on device")


def test_write_atomic_replaces_a_file_only_with_a_complete_one(tmp_path, monkeypatch):
    target = tmp_path / "huisstijl.json"
    write_atomic(target, "{}\n")
    assert target.read_text("utf-8") == "{}\n"
    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        write_atomic(target, "{\"nieuw\": true}\n")
    assert target.read_text("utf-8") == "{}\n"
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_a_file_is_written_under_another_name_until_it_is_committed(tmp_path):
    target = tmp_path / "scan.pdf"
    with AtomicFile(tmp_path) as staged:
        staged.write(b"%PDF-")
        staged.write(b"1.7")
        assert not target.exists() and len(list(tmp_path.iterdir())) == 1
        staged.commit(target)
    assert target.read_bytes() == b"%PDF-1.7"
    assert list(tmp_path.iterdir()) == [target]


def test_a_file_never_committed_is_removed(tmp_path):
    with pytest.raises(ValueError), AtomicFile(tmp_path) as staged:
        staged.write(b"half")
        raise ValueError("the content turned out wrong")
    assert list(tmp_path.iterdir()) == []


def test_private_files_are_for_the_user_alone(tmp_path):
    with AtomicFile(tmp_path, private=True) as staged:
        staged.write(b"evidence")
        private = staged.commit(tmp_path / "private")
    shared = write_atomic(tmp_path / "shared", b"a form to hand out")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert stat.S_IMODE(shared.stat().st_mode) == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_exporting_a_house_style_is_atomic(tmp_path, monkeypatch):
    from composer.core.house_style import HouseStyle, read_house_style, write_house_style

    path = tmp_path / "huisstijl.json"
    write_house_style(path, HouseStyle(library_name="Bib Zuidkust"))
    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        write_house_style(path, HouseStyle(library_name="Bib Noordkust"))
    assert read_house_style(path).library_name == "Bib Zuidkust"
    assert list(tmp_path.iterdir()) == [path]
