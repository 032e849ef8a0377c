"""Test configuration: Qt offscreen, English messages, and never the real data folder."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_QUICK_BACKEND", "software")

import pytest  # noqa: E402

from composer.core import i18n  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """Point the default data folder at a temporary one and reset the language to English."""
    monkeypatch.setattr("composer.core.paths.default_data_dir", lambda: tmp_path / "default-data")
    monkeypatch.setenv("LANGUAGE", "en")
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"
