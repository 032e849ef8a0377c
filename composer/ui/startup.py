"""Opening the data folder at start-up: its lock, the database (repaired where it can be, else the newest
verified backup or an empty library), and what the user is told about it.

Every way this can go wrong ends in a sentence the user can act on
(:func:`~composer.core.storage.errors.describe`), never in a traceback or a
dead end; the messages go through :mod:`composer.ui.start_messages`.
"""

from __future__ import annotations

import os
from pathlib import Path

from composer.core.i18n import _, ngettext
from composer.core.storage.errors import DatabaseDamaged, StoreError, classify, describe
from composer.core.storage.folder_lock import Holder
from composer.core.storage.paths import database_path
from composer.core.storage.store import INTERACTIVE_BUSY_TIMEOUT_MS, Store
from composer.ui import start_messages
from composer.ui.instance import SingleInstance

LOW_DISK_BYTES = 5 * 1024 * 1024  # below this, saving may fail at any moment: say so at the start


def take_lock(instance: SingleInstance, data_dir: Path) -> bool:
    """The data folder's lock, or a clear message (and the choice to take over when in doubt)."""
    try:
        holder = instance.acquire()
    except StoreError as error:
        start_messages.show_message(_("Post Composer cannot start"), describe(error))
        return False
    if holder is None:
        return True
    if not holder.unusable and holder.this_computer and instance.ask_running_to_raise():
        start_messages.show_message(_("Post Composer is already open"),
                                    _("Post Composer is already open for the data folder {path}. "
                                      "Its window has been brought to the front.").format(path=data_dir))
        return False
    choice = start_messages.ask_choice(_("Post Composer is already open"),
                                       start_messages.holder_text(holder, data_dir),
                                       [("take_over", _("Take over")), ("quit", _("Quit"))], default="quit")
    if choice != "take_over":
        return False
    try:
        left = instance.take_over()
    except StoreError as error:
        left = Holder(unusable=describe(error))
    if left is not None:
        start_messages.show_message(_("Post Composer cannot start"), start_messages.holder_text(left, data_dir))
        return False
    return True


def open_store(data_dir: Path) -> Store | None:
    """The database, repaired if need be; after damage beyond repair, the newest verified backup or a new one.

    A data folder that joined a team library opens that instead (``team_start.py``), never the local file.
    """
    from composer.core.storage.postgres.credentials import settings_path

    if settings_path(data_dir).exists():
        from composer.ui import team_start

        return team_start.open_team_library(data_dir)
    try:
        return Store.open(data_dir, INTERACTIVE_BUSY_TIMEOUT_MS)
    except DatabaseDamaged as damage:
        return start_after_damage(data_dir, damage)
    except StoreError as error:
        start_messages.show_message(_("Post Composer cannot start"), describe(error))
        return None


def start_after_damage(data_dir: Path, damage: DatabaseDamaged) -> Store | None:
    """After damage beyond repair: the newest verified backup (if the user wants it) or an empty library."""
    from composer.core.storage import backups, repair

    found = backups.verified(data_dir)
    moved = _("It has been moved aside, not deleted: {path}").format(path=damage.moved_to)
    title = _("Damaged database")
    if found:
        newest = found[0]
        text = _("The database was damaged and could not be repaired. {moved}\n\nStart from the newest backup, "
                 "made {date} ({count} drafts), or with an empty library?").format(
                     moved=moved, date=newest.made_at.strftime("%Y-%m-%d %H:%M"), count=newest.drafts)
        choices = [("backup", _("Use the backup")), ("empty", _("Start empty"))]
        if start_messages.ask_choice(title, text, choices, default="backup") == "backup":
            try:
                repair.restore(newest.path, database_path(data_dir))
            except OSError as error:
                start_messages.show_message(title, describe(classify(error, newest.path)))
    else:
        start_messages.show_message(title, _(
            "The database was damaged and could not be repaired. {moved}\n"
            "There is no backup to start from: Post Composer starts with an empty library.").format(moved=moved))
    return reopen(data_dir)


def reopen(data_dir: Path) -> Store | None:
    """The database opened once more (after a repair or a restore), or ``None`` once the user was told why not."""
    try:
        return Store.open(data_dir, INTERACTIVE_BUSY_TIMEOUT_MS)
    except StoreError as error:
        start_messages.show_message(_("Post Composer cannot start"), describe(error))
        return None


def tell_what_happened(store: Store, recovered: list[object]) -> None:
    """A repair at opening, text recovered from the journal, a disk about to be full."""
    done = store.repaired
    if done is not None:
        how = (_("Only its indexes were damaged; they hold no data of their own and have been rebuilt, so "
                 "nothing was lost.") if done.how == "indexes" else
               _("Post Composer copied everything that could still be read into a repaired database; "
                 "check your latest drafts."))
        kept = (_("The file as it was is kept at {path}.").format(path=done.original) if done.original
                else _("There was no room to keep a copy of the file as it was."))
        damaged = _("The database was damaged.")
        start_messages.show_message(_("Database repaired"), f"{damaged} {how} {kept}", critical=False)
    if recovered:
        start_messages.show_message(_("Text recovered"), ngettext(
            "{n} text (of a draft or a photo's alt text) had not reached the database when "
            "Post Composer stopped; it has been taken from the recovery file.",
            "{n} texts (of drafts or photos' alt texts) had not reached the database when "
            "Post Composer stopped; they have been taken from the recovery file.",
            len(recovered)).format(n=len(recovered)), critical=False)
    if free_bytes(store.data_dir) < LOW_DISK_BYTES:
        start_messages.show_message(_("The disk is full"), _(
            "The disk that holds {path} is (almost) full. Your drafts open, but changes cannot be "
            "saved until you free some space.").format(path=store.data_dir))


def free_bytes(folder: Path) -> int:
    """Room left on the disk that holds ``folder`` (0 when it cannot be known)."""
    try:
        if hasattr(os, "statvfs"):  # what shutil.disk_usage does here, without importing shutil at start-up
            status = os.statvfs(folder)
            return status.f_bavail * status.f_frsize
        import shutil

        return shutil.disk_usage(folder).free
    except OSError:
        return 0
