"""A credential store in a JSON file, for tests that run ``post-composer team …`` in another process.

Never for real use (the password is in plain text): the command under test
loads it through keyring's own environment variables, which
:func:`file_keyring_env` sets, and keeps its file in the test's temporary
folder, outside the data folder the tests inspect.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

#: The environment variable naming the file.
FILE_VARIABLE = "COMPOSER_TEST_KEYRING_FILE"
BACKEND = "tests.helpers.file_keyring.FileKeyring"


def file_keyring_env(path: Path) -> dict[str, str]:
    """What to add to a command's environment so that its ``keyring`` keeps passwords in ``path``."""
    return {"PYTHON_KEYRING_BACKEND": BACKEND, FILE_VARIABLE: str(path)}


def read(path: Path) -> dict[str, str]:
    """What the store holds: ``{"service\\nusername": password}``."""
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


class FileKeyring(KeyringBackend):
    """Passwords in the JSON file named by ``$COMPOSER_TEST_KEYRING_FILE``."""

    priority = 0.1  # type: ignore[assignment]  # only ever chosen by name

    @property
    def path(self) -> Path:
        return Path(os.environ[FILE_VARIABLE])

    def _write(self, data: dict[str, str]) -> None:
        self.path.write_text(json.dumps(data), "utf-8")

    def get_password(self, service: str, username: str) -> str | None:
        return read(self.path).get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = read(self.path)
        data[f"{service}\n{username}"] = password
        self._write(data)

    def delete_password(self, service: str, username: str) -> None:
        data = read(self.path)
        if data.pop(f"{service}\n{username}", None) is None:
            raise PasswordDeleteError("no such password")
        self._write(data)
