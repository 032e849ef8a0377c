"""A credential store in memory, for the team tests: never the computer's real one.

``with memory_keyring() as store:`` puts a fresh :class:`MemoryKeyring` in
place (``keyring.set_keyring``) and puts back whatever was there on leaving;
the tests read what was stored from its :attr:`MemoryKeyring.passwords`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """Passwords in a dict: ``{(service, username): password}``."""

    priority = 0.1  # type: ignore[assignment]  # viable, but below any real store: only ever set by hand

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise PasswordDeleteError("no such password")


@contextmanager
def memory_keyring() -> Iterator[MemoryKeyring]:
    """A fresh in-memory store while the block runs; the one before is put back afterwards."""
    previous = keyring.get_keyring()
    store = MemoryKeyring()
    keyring.set_keyring(store)
    try:
        yield store
    finally:
        keyring.set_keyring(previous)
