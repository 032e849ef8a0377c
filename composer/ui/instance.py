"""One running Post Composer per data folder.

The lock itself is the operating system's (see
:mod:`composer.core.storage.folder_lock`); a local socket lets a second start ask the
first one to come to the front.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCryptographicHash, QObject, Signal

from composer.core.storage.folder_lock import FolderLock, Holder

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer

_RAISE = b"raise\n"


def _server_name(data_dir: Path) -> str:
    digest = QCryptographicHash.hash(str(data_dir.resolve()).encode("utf-8"),
                                     QCryptographicHash.Algorithm.Sha1).toHex().data().decode("ascii")[:16]
    return f"post-composer-{digest}"


class SingleInstance(QObject):
    """Holds the data folder's lock while the app runs.

    Signals:
        raise_requested: another start asked this window to come to front.
    """

    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self._name = _server_name(data_dir)
        self.lock = FolderLock(data_dir)
        self._server: QLocalServer | None = None

    def acquire(self) -> Holder | None:
        """Take the lock: ``None`` when it is ours, else who holds it (raises StoreError: see FolderLock)."""
        return self.lock.acquire()

    def take_over(self) -> Holder | None:
        """The user chose to take over a lock that could not be used: see :meth:`FolderLock.take_over`."""
        return self.lock.take_over()

    def listen(self) -> None:
        """Answer later starts (they ask this window to come to front); call once the lock is held."""
        if self._server is not None:
            return
        from PySide6.QtNetwork import QLocalServer  # not needed before the window shows

        QLocalServer.removeServer(self._name)
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._on_connection)
        self._server.listen(self._name)

    @property
    def listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def ask_running_to_raise(self) -> bool:
        """Tell the app that holds the lock to show its window; ``True`` if it answered."""
        from PySide6.QtNetwork import QLocalSocket

        socket = QLocalSocket()
        socket.connectToServer(self._name)
        if not socket.waitForConnected(500):
            return False
        socket.write(_RAISE)
        socket.waitForBytesWritten(500)
        socket.disconnectFromServer()
        return True

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None
        self.lock.release()

    def _on_connection(self) -> None:
        """Read the one short request a second start sends, then let the connection go."""
        wanted = False
        while self._server is not None and self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            if connection.bytesAvailable() or connection.waitForReadyRead(500):
                wanted |= bytes(connection.readAll().data()).startswith(_RAISE.strip())
            connection.abort()
            connection.deleteLater()
        if wanted:
            self.raise_requested.emit()
