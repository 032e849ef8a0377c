"""Evidence files: scans or PDFs of signed forms, kept by content hash beside the database.

``evidence/<hash[:2]>/<hash>.<ext>`` in the data folder, with a row in the
``evidence`` table; a consent's terms refer to one by its hash. A file is
written to a temporary name and renamed (:class:`~composer.core.storage.files.AtomicFile`),
so a crash never leaves half a file under a hash name.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from composer.core.consent import clock
from composer.core.consent.clock import iso_moment
from composer.core.consent.terms import ConsentError
from composer.core.consent.validation import check
from composer.core.i18n import _
from composer.core.storage.files import AtomicFile

if TYPE_CHECKING:
    from composer.core.storage.store import Store

MAX_EVIDENCE_BYTES = 100 * 1024 * 1024
EVIDENCE_TYPES = {"pdf": (b"%PDF",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
                  "png": (b"\x89PNG\r\n\x1a\n",), "tif": (b"II*\x00", b"MM\x00*"), "tiff": (b"II*\x00", b"MM\x00*"),
                  "webp": (b"RIFF",), "heic": (), "heif": ()}
T = TypeVar("T")


def evidence_path(store: Store, digest: str, ext: str) -> Path:
    """Where a scan or PDF lives: ``evidence/<hash[:2]>/<hash>.<ext>`` in the data folder."""
    return store.path.parent / "evidence" / digest[:2] / f"{digest}.{ext}"


def evidence_file(store: Store, digest: str) -> tuple[Path, str] | None:
    """Where a stored scan or PDF is and the name it came with; ``None`` if no evidence has that hash.

    On the team database a scan another computer stored is fetched into this one's data folder first.
    """
    row = store.db.one("SELECT ext, original_name FROM evidence WHERE hash = ?", [digest])
    if row is None:
        return None
    ext, name = row
    path = evidence_path(store, digest, ext)
    if store.db.keeps_files and not path.exists():  # the team database: fetched once into this computer's cache
        data = store.db.value("SELECT data FROM evidence WHERE hash = ?", [digest])
        path.parent.mkdir(parents=True, exist_ok=True)
        with AtomicFile(path.parent, prefix=".incoming-", private=True) as staged:
            staged.write(bytes(data))
            staged.commit(path)
    return path, name or f"{digest[:12]}.{ext}"


def store_evidence(store: Store, source: Path | bytes, original_name: str = "") -> str:
    """Keep a scan or PDF of the signed form, content-addressed (the same file is stored once); its hash.

    Written to a temporary file beside its place and renamed, so a crash never
    leaves half a file under a hash name. Inside a transaction that later rolls
    back, the file stays without its row: use :func:`record_with_evidence` to
    store it together with the record that refers to it.
    """
    return _store_evidence(store, source, original_name, [])


def record_with_evidence(store: Store, source: Path | bytes, original_name: str, write: Callable[[str], T]) -> T:
    """Store an evidence file and what refers to it, ``write(hash)``, in one transaction; what ``write`` returns.

    When anything fails (``write`` refusing the terms, say) nothing is left: the
    rows are rolled back and a file this call put in the evidence folder is
    deleted again, after the rollback and only if no row refers to it.
    Runs as its own transaction (``RuntimeError`` inside another one).
    """
    if store.db.in_transaction:
        raise RuntimeError("record_with_evidence must be its own transaction: it deletes its file on a rollback")
    created: list[Path] = []
    try:
        with store.atomic():
            return write(_store_evidence(store, source, original_name, created))
    except BaseException:
        for path in created:
            _forget_evidence_file(store, path)
        raise


def _chunks(source: Path | bytes) -> Iterator[bytes]:
    if isinstance(source, bytes):
        yield source
        return
    with open(source, "rb") as handle:
        while chunk := handle.read(1 << 20):
            yield chunk


def _forget_evidence_file(store: Store, path: Path) -> None:
    """Delete an evidence file no row refers to (a store that failed); one that is referred to stays."""
    if store.db.in_transaction or store.db.one("SELECT 1 FROM evidence WHERE hash = ?", [path.stem]):
        return
    with contextlib.suppress(OSError):
        path.unlink()
    with contextlib.suppress(OSError):
        path.parent.rmdir()  # only when empty


def _store_evidence(store: Store, source: Path | bytes, original_name: str, created: list[Path]) -> str:
    """Store the file and its row; its hash. A file this call wrote is added to ``created`` at once."""
    name = original_name or (Path(source).name if not isinstance(source, bytes) else "")
    ext = Path(name).suffix.lower().lstrip(".")
    check(ext in EVIDENCE_TYPES, _("Evidence must be a PDF or a scan (PDF, JPEG, PNG, TIFF, WebP, HEIC): {name}.")
          .format(name=name or "?"))
    folder = store.path.parent / "evidence"
    folder.mkdir(parents=True, exist_ok=True)
    with AtomicFile(folder, prefix=".incoming-", private=True) as staged:  # removed on leaving unless committed
        digest, head = _copy_hashing(source, staged, name)
        check(not EVIDENCE_TYPES[ext] or head.startswith(EVIDENCE_TYPES[ext]),
              _("This file is not a {kind} file: {name}.").format(kind=ext.upper(), name=name))
        existing = store.db.one("SELECT ext FROM evidence WHERE hash = ?", [digest])
        target = evidence_path(store, digest, existing[0] if existing else ext)
        if not target.exists():
            target.parent.mkdir(exist_ok=True)
            staged.commit(target)
            created.append(target)
    try:
        values: list[object] = [digest, ext, name, iso_moment(clock.now())]
        if store.db.keeps_files:  # the team database: the scan in the row, the file a local cache
            values.append(target.read_bytes())
        store.db.execute(f"INSERT INTO evidence (hash, ext, original_name, stored_at"
                         f"{', data' if store.db.keeps_files else ''}) VALUES ({', '.join('?' * len(values))})"
                         " ON CONFLICT (hash) DO NOTHING", values)
    except BaseException:
        if target in created:
            _forget_evidence_file(store, target)  # outside a transaction; inside one, after its rollback
        raise
    return digest


def _copy_hashing(source: Path | bytes, out: AtomicFile, name: str) -> tuple[str, bytes]:
    """Copy ``source`` into the file being written; its sha256 and first bytes."""
    digest, size, head = hashlib.sha256(), 0, b""
    try:
        for chunk in _chunks(source):
            head = head or chunk[:16]
            size += len(chunk)
            check(size <= MAX_EVIDENCE_BYTES, _("This file is too large to keep as evidence: {name}.").format(
                name=name))
            digest.update(chunk)
            out.write(chunk)
    except OSError as error:
        raise ConsentError(_("Cannot read {name}: {reason}").format(name=name, reason=error.strerror)) from error
    check(size > 0, _("This file is empty: {name}.").format(name=name))
    return digest.hexdigest(), head
