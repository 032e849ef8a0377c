"""Starting the window: language, the one-app-per-folder lock, opening the database safely, and stopping.

Every way the start can go wrong ends in a sentence the user can act on
(:func:`~composer.core.storage.errors.describe`), never in a traceback or a dead end: a lock held
elsewhere can be taken over, a damaged database is repaired or replaced by
the newest verified backup, a newer database is left untouched. Once running,
log-out, shutdown and ``kill`` (SIGTERM, SIGHUP, SIGINT) and the session
manager's end of session save and close like Quit.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QSocketNotifier, Qt, QTimer, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from composer.core import i18n
from composer.core.checklist import warm_up
from composer.core.storage.errors import DatabaseDamaged, StoreError, classify, describe, is_damage
from composer.core.storage.folder_lock import Holder
from composer.core.i18n import _, ngettext
from composer.core.storage.paths import database_path
from composer.core.storage.saver import Saver, news
from composer.core.storage.store import INTERACTIVE_BUSY_TIMEOUT_MS, Store
from composer.ui.dialogs import ask_name, system_user_name
from composer.ui.instance import SingleInstance
from composer.ui.look import app_icon
from composer.ui.window.main_window import MainWindow

if TYPE_CHECKING:
    from composer.ui.background import Lane

LOW_DISK_BYTES = 5 * 1024 * 1024  # below this, saving may fail at any moment: say so at the start
STOP_FLUSH_S = 5.0


def show_message(title: str, text: str, critical: bool = True) -> None:
    """Tell the user something before (or instead of) the window.

    Also written to standard error, so scripts and logs see it; on a screen-less
    platform (offscreen) only there, as nobody could close the box.
    """
    print(f"{title}: {text}", file=sys.stderr)
    if QGuiApplication.platformName() in ("offscreen", "minimal"):
        return
    from PySide6.QtWidgets import QMessageBox

    icon = QMessageBox.Icon.Critical if critical else QMessageBox.Icon.Information
    QMessageBox(icon, title, text).exec()


def ask_choice(title: str, text: str, choices: list[tuple[str, str]], default: str) -> str:
    """Ask the user to pick one of ``choices`` (key, button text) before the window opens; the key.

    On a screen-less platform the ``default`` is taken (and said on standard error).
    """
    print(f"{title}: {text}", file=sys.stderr)
    if QGuiApplication.platformName() in ("offscreen", "minimal"):
        return default
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, title, text)
    buttons = {box.addButton(label, QMessageBox.ButtonRole.AcceptRole if key == default
                             else QMessageBox.ButtonRole.RejectRole): key for key, label in choices}
    box.setDefaultButton(next(b for b, key in buttons.items() if key == default))
    box.exec()
    return buttons.get(box.clickedButton(), default)


def holder_text(holder: Holder, data_dir: Path) -> str:
    """Where the lock of ``data_dir`` comes from, for the question whether to take over."""
    if holder.unusable:
        return _("The lock file in {path} cannot be used ({reason}). If no other Post Composer is using this "
                 "folder, take over: the lock file is set aside, not deleted.").format(
                     path=data_dir, reason=holder.unusable)
    where = holder.host or _("an unknown computer")
    since = holder.since or _("an unknown time")
    if holder.this_computer:
        return _("Post Composer is already open for the data folder {path} (process {pid}, since {since}), but it "
                 "does not answer. If it is stuck, close it; or take over here.").format(
                     path=data_dir, pid=holder.pid or "?", since=since)
    return _("Post Composer is open for the data folder {path} on the computer {host} (user {user}, since {since}). "
             "Two apps must not change one database at once. If it is no longer open there, take over.").format(
                 path=data_dir, host=where, user=holder.user or "?", since=since)


def qt_translations_folder() -> str:
    """Where Qt's own catalogues are: inside the PySide6 wheel (``PySide6/Qt/translations``), or the system's."""
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


class ShortcutLetterFallback(QTranslator):
    """Qt's own labels that its catalogue has only without their shortcut letter.

    Qt's Dutch ``qtbase_nl.qm`` translates "Look in:" and "Files of type:" but
    not the file dialog's "&Look in:" and "Files of &type:", so those stayed
    English. Installed *before* the qtbase translator, this one is asked only
    for what that one lacks: it asks again without the ``&`` and puts the ``&``
    back before the same letter (at the start of a word if it can).
    """

    def __init__(self, catalogue: QTranslator, parent: QObject | None = None):
        super().__init__(parent)
        self._catalogue = catalogue

    def isEmpty(self) -> bool:
        return False

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        at = _shortcut_at(source)
        if at < 0:
            return None  # None: not translated here, Qt keeps looking (or shows the source)
        plain = source[:at] + source[at + 1:]
        found = self._catalogue.translate(context, plain, disambiguation, n)
        if not found or "&" in found:
            return found or None
        return _with_shortcut(found, source[at + 1])


def _shortcut_at(text: str) -> int:
    """Where the ``&`` that marks a shortcut letter is (``&&`` is a plain ampersand); -1 if there is none."""
    i = text.find("&")
    while 0 <= i < len(text) - 1:
        if text[i + 1] != "&":
            return i
        i = text.find("&", i + 2)
    return -1


def _with_shortcut(text: str, letter: str) -> str:
    """``text`` with ``&`` before ``letter``: where a word starts with it, else where it first is, else first."""
    lower, wanted = text.lower(), letter.lower()
    starts = [i for i, ch in enumerate(lower) if ch == wanted and (i == 0 or not lower[i - 1].isalnum())]
    at = starts[0] if starts else max(lower.find(wanted), 0)
    return text[:at] + "&" + text[at:]


class _AfterFirstPaint(QObject):
    """Calls ``then`` once ``window`` has painted itself: work that can wait, waits for the user to see it."""

    def __init__(self, window: QWidget, then):
        super().__init__(window)
        self._then = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, watched, self._then)  # dropped if the window is gone by then
            self.deleteLater()
        return False


class Session:
    """The running app for one data folder: its lock, its database, its saver and its window."""

    def __init__(self, app: QApplication, data_dir: Path, language: str | None = None):
        self.app = app
        self.data_dir = data_dir
        self.language = language
        self.instance = SingleInstance(data_dir)
        self.store: Store | None = None
        self.saver: Saver | None = None
        self.window: MainWindow | None = None
        self.name_dialog = None
        self._qt_translator = QTranslator(app)
        self._qt_fallback = ShortcutLetterFallback(self._qt_translator, app)
        self._repairing = False
        self._stopped = False
        self._started = False
        self.terminating = False  # a termination signal came

    # --- starting ----------------------------------------------------------------------------------

    def start(self) -> bool:
        """Open the window; ``False`` (after telling the user why) when it cannot."""
        apply_language(self.language)
        if not self._take_lock():
            return False
        self.store = self._open_store()
        if self.store is None:
            self.instance.release()
            return False
        self.saver = Saver(self.store.path)
        recovered = news(self.store, self.saver.adopt_journal())
        self._tidy_up()
        self._install_language(self.language or self._setting("language") or None)
        self._tell_what_happened(recovered)
        self.instance.raise_requested.connect(self.bring_to_front)
        self.app.aboutToQuit.connect(self.stop)
        if self._setting("user_name") is None:
            self.name_dialog = ask_name(None, system_user_name(), self._first_name_given)
        elif not self._open_window():
            self.stop()
            return False
        if self.terminating:  # stopped while a question was open
            self.stop()
            return False
        self._started = True
        return True

    def _take_lock(self) -> bool:
        """The data folder's lock, or a clear message (and the choice to take over when in doubt)."""
        try:
            holder = self.instance.acquire()
        except StoreError as error:
            show_message(_("Post Composer cannot start"), describe(error))
            return False
        if holder is None:
            return True
        if not holder.unusable and holder.this_computer and self.instance.ask_running_to_raise():
            show_message(_("Post Composer is already open"),
                         _("Post Composer is already open for the data folder {path}. "
                           "Its window has been brought to the front.").format(path=self.data_dir))
            return False
        choice = ask_choice(_("Post Composer is already open"), holder_text(holder, self.data_dir),
                            [("take_over", _("Take over")), ("quit", _("Quit"))], default="quit")
        if choice != "take_over":
            return False
        try:
            left = self.instance.take_over()
        except StoreError as error:
            left = Holder(unusable=describe(error))
        if left is not None:
            show_message(_("Post Composer cannot start"), holder_text(left, self.data_dir))
            return False
        return True

    def _open_store(self) -> Store | None:
        """The database, repaired if need be; after damage beyond repair, the newest verified backup or a new one."""
        try:
            return Store.open(self.data_dir, INTERACTIVE_BUSY_TIMEOUT_MS)
        except DatabaseDamaged as damage:
            return self._start_after_damage(damage)
        except StoreError as error:
            show_message(_("Post Composer cannot start"), describe(error))
            return None

    def _start_after_damage(self, damage: DatabaseDamaged) -> Store | None:
        from composer.core.storage import backups
        from composer.core.storage import repair

        found = backups.verified(self.data_dir)
        moved = _("It has been moved aside, not deleted: {path}").format(path=damage.moved_to)
        title = _("Damaged database")
        if found:
            newest = found[0]
            text = _("The database was damaged and could not be repaired. {moved}\n\nStart from the newest backup, "
                     "made {date} ({count} drafts), or with an empty library?").format(
                         moved=moved, date=newest.made_at.strftime("%Y-%m-%d %H:%M"), count=newest.drafts)
            if ask_choice(title, text, [("backup", _("Use the backup")), ("empty", _("Start empty"))],
                          default="backup") == "backup":
                try:
                    repair.restore(newest.path, database_path(self.data_dir))
                except OSError as error:
                    show_message(title, describe(classify(error, newest.path)))
        else:
            show_message(title, _("The database was damaged and could not be repaired. {moved}\n"
                                  "There is no backup to start from: Post Composer starts with an empty library."
                                  ).format(moved=moved))
        try:
            return Store.open(self.data_dir, INTERACTIVE_BUSY_TIMEOUT_MS)
        except StoreError as error:
            show_message(_("Post Composer cannot start"), describe(error))
            return None

    def _tidy_up(self) -> None:
        """Empty the old trash: tidying up must never keep the app from starting (a full disk, a lock)."""
        try:
            self.store.empty_trash()
        except sqlite3.Error:
            pass

    def _setting(self, key: str):
        try:
            return self.store.setting(key)
        except (sqlite3.Error, ValueError):
            return None

    def _tell_what_happened(self, recovered: list) -> None:
        """A repair at opening, text recovered from the journal, a disk about to be full."""
        done = self.store.repaired
        if done is not None:
            how = (_("Only its indexes were damaged; they hold no data of their own and have been rebuilt, so "
                     "nothing was lost.") if done.how == "indexes" else
                   _("Post Composer copied everything that could still be read into a repaired database; "
                     "check your latest drafts."))
            kept = (_("The file as it was is kept at {path}.").format(path=done.original) if done.original
                    else _("There was no room to keep a copy of the file as it was."))
            damaged = _("The database was damaged.")
            show_message(_("Database repaired"), f"{damaged} {how} {kept}", critical=False)
        if recovered:
            show_message(_("Text recovered"),
                         ngettext("{n} text (of a draft or a photo's alt text) had not reached the database when "
                                  "Post Composer stopped; it has been taken from the recovery file.",
                                  "{n} texts (of drafts or photos' alt texts) had not reached the database when "
                                  "Post Composer stopped; they have been taken from the recovery file.",
                                  len(recovered)).format(n=len(recovered)), critical=False)
        if _free_bytes(self.data_dir) < LOW_DISK_BYTES:
            show_message(_("The disk is full"),
                         _("The disk that holds {path} is (almost) full. Your drafts open, but changes cannot be "
                           "saved until you free some space.").format(path=self.data_dir))

    def _first_name_given(self, name: str) -> None:
        self.saver.set_setting("user_name", name)
        if not self._open_window(author=name):
            self.app.exit(1)

    def _install_language(self, language: str | None) -> None:
        """Our messages and Qt's own (file dialogs, standard buttons) in ``language``, dates in its locale."""
        code = apply_language(language)
        locale = QLocale(i18n.locale_name(code))
        QLocale.setDefault(locale)  # Qt's date pickers and file dialogs write dates as the UI language does
        self.app.removeTranslator(self._qt_translator)
        self.app.removeTranslator(self._qt_fallback)
        if self._qt_translator.load(locale, "qtbase", "_", qt_translations_folder()):
            self.app.installTranslator(self._qt_fallback)  # asked only when qtbase itself has no translation
            self.app.installTranslator(self._qt_translator)

    def _open_window(self, author: str | None = None) -> bool:
        """Show the main window; a database that turns out damaged while it is built is repaired first."""
        try:
            window = MainWindow(self.store, self.saver, author)
        except sqlite3.DatabaseError as error:
            if not is_damage(error):
                raise
            if self._repairing:  # repaired, and still damaged
                show_message(_("Post Composer cannot start"),
                             describe(DatabaseDamaged(database_path(self.data_dir), str(error))))
                return False
            return self.repair_now()  # e.g. a damaged index under the drafts list: quick_check cannot see it
        self.window = window
        window.language_requested.connect(self.switch_language)
        window.damaged.connect(self.repair_now, type=Qt.ConnectionType.QueuedConnection)
        window.show()
        _AfterFirstPaint(window, lambda: self._after_first_paint(window))
        return True

    def _after_first_paint(self, window: MainWindow) -> None:
        if self.store is None:
            return
        self.instance.listen()
        window.export_ui  # noqa: B018 - the export actions and their shortcuts, now that the window shows
        _check_after_warm_up(window)
        _daily_backup(self.data_dir, self.store.path)

    # --- while running -------------------------------------------------------------------------------

    def switch_language(self, code: str) -> None:
        """Keep the choice and rebuild the window in that language (the draft is handed to the saver first).

        Not while an export runs: its progress and result belong to the window that started it.
        """
        old = self.window
        if old.exporting:
            old.statusBar().showMessage(_("Wait for the export to finish, then choose the language again."), 8000)
            return
        self.saver.set_setting("language", code or None)
        old.shut_down(force=True)
        self._install_language(code or None)
        self._open_window()
        old.hide()
        old.deleteLater()

    def bring_to_front(self) -> None:
        if self.window is not None:
            self.window.showNormal()
            self.window.raise_()
            self.window.activateWindow()

    def repair_now(self) -> bool:
        """The database said "malformed": keep the text safe, repair, and open the window again.

        ``False`` when no window could be opened again (the user has been told why, and the app ends).
        """
        if self._repairing or self.store is None:
            return False
        from composer.core.storage import repair

        self._repairing = True
        try:
            if self.window is not None:
                self.window.shut_down(force=True)  # the text goes to the saver, which journals what it cannot write
                self.window.hide()
                self.window.deleteLater()
                self.window = None
            self.saver.pause()
            self.store.close()
            self.store = None
            path = database_path(self.data_dir)
            done = repair.repair(path)
            if done is None:
                self.store = self._start_after_damage(DatabaseDamaged(path, moved_to=repair.move_aside(path)))
            else:
                self.store = self._open_after_repair(done)
            opened = self.store is not None
            if opened:
                self.saver.resume()
                opened = self._open_window()
        finally:
            self._repairing = False
        if not opened:
            self.app.exit(1)
        return opened

    def _open_after_repair(self, done) -> Store | None:
        try:
            store = Store.open(self.data_dir, INTERACTIVE_BUSY_TIMEOUT_MS)
        except StoreError as error:
            show_message(_("Post Composer cannot start"), describe(error))
            return None
        store.repaired = done
        self.store = store
        self._tell_what_happened([])
        return store

    def save_everything(self, *_args) -> None:
        """The session manager asks to save before the session ends (or the app is told to stop)."""
        if self.window is not None:
            self.window.submit()
            self.window.remember_layout()
        if self.saver is not None:
            self.saver.flush(STOP_FLUSH_S)

    def terminate(self) -> None:
        """SIGTERM, SIGHUP, SIGINT: like Quit, but nothing may keep the app open.

        Done from the event loop, never in the middle of opening the database. A
        question asked before the window (a damaged file, a lock) is closed
        unanswered, and :meth:`start` then gives up.
        """
        self.terminating = True
        modal = QApplication.activeModalWidget()
        if modal is not None:
            modal.close()
        if self._started:
            QTimer.singleShot(0, self.app, self._terminate_now)

    def _terminate_now(self) -> None:
        self.stop()
        self.app.exit(0)

    def stop(self) -> None:
        """Save, close the window, and let go of the database and the lock."""
        if self._stopped:
            return
        self._stopped = True
        if self.window is not None:
            self.window.shut_down(force=True)
            self.window.close()
            self.window.deleteLater()
            self.window = None
        if self.name_dialog is not None:
            self.name_dialog.deleteLater()
            self.name_dialog = None
        if self.saver is not None:
            self.saver.close(STOP_FLUSH_S)
            self.saver = None
        if self.store is not None:
            self.store.close()
            self.store = None
        self.instance.release()
        self.app.removeTranslator(self._qt_translator)
        self.app.removeTranslator(self._qt_fallback)
        QLocale.setDefault(QLocale.system())

    def report_unexpected(self, kind, error, trace) -> None:
        """Last resort for an exception no slot handled: never a crash; damage is repaired, the rest is said."""
        if is_damage(error):
            QTimer.singleShot(0, self.app, self.repair_now)
            return
        problem = classify(error, database_path(self.data_dir)) if isinstance(error, (sqlite3.Error, OSError)) \
            else None
        import traceback

        traceback.print_exception(kind, error, trace, file=sys.stderr)
        if self.window is not None:
            text = describe(problem) if problem is not None else _(
                "Something went wrong ({error}); your text is saved. If it happens again, please report it.").format(
                    error=error)
            self.window.statusBar().showMessage(text, 15_000)


def _free_bytes(folder: Path) -> int:
    try:
        if hasattr(os, "statvfs"):  # what shutil.disk_usage does here, without importing shutil at start-up
            status = os.statvfs(folder)
            return status.f_bavail * status.f_frsize
        import shutil

        return shutil.disk_usage(folder).free
    except OSError:
        return 0


def _daily_backup(data_dir: Path, path: Path) -> None:
    """A verified copy a day in backups/ (what a damaged file can be replaced by), made off the UI thread."""
    _after_start(_make_daily_backup, data_dir, path)


def _make_daily_backup(data_dir: Path, path: Path) -> None:
    from composer.core.storage import backups

    try:
        conn = sqlite3.connect(str(path), timeout=5)
        try:
            backups.make_daily(data_dir, conn)
        finally:
            conn.close()
    except (sqlite3.Error, OSError):  # a full disk, a lock: tomorrow, then
        pass


def _check_after_warm_up(window: MainWindow) -> None:
    """Load the counting libraries off the UI thread, then let ``window`` check its draft.

    The window shows at once; its counters and checklist follow a moment later (not at all if it was
    deleted meanwhile: nothing left to check).
    """
    _after_start(warm_up, receiver=window, done=lambda _none: window.refresh_checks())


_after_start_lane: Lane | None = None  # made on first use


def _after_start(work: Callable[..., object], *args: object, **reports: Any) -> None:
    """Run ``work(*args)`` off the UI thread once the window shows (see background.py); quitting never waits."""
    global _after_start_lane
    from composer.ui import background  # none of it is needed before the first paint

    if _after_start_lane is None:
        _after_start_lane = background.Lane("after-start", workers=2, daemon=True)
    background.run(work, *args, lane=_after_start_lane, **reports)


def apply_language(language: str | None) -> str:
    return i18n.set_language(language)


def stop_on_signals(app: QApplication, session: Session) -> QSocketNotifier | None:
    """SIGTERM, SIGHUP and SIGINT save and quit like Quit does.

    Python runs a signal handler only between bytecodes, and the Qt event loop
    runs no Python while idle: the C-level handler writes to a pipe (a socket
    pair on Windows) given to ``signal.set_wakeup_fd``, which a
    :class:`QSocketNotifier` watches, so the loop wakes and the handler runs at once.
    """
    receiver, sender = _wakeup_pair()
    try:
        signal.set_wakeup_fd(sender)
    except ValueError:  # not the main thread: nothing to install
        return None
    for name in ("SIGTERM", "SIGHUP", "SIGINT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), lambda *_args: session.terminate())
    notifier = QSocketNotifier(receiver, QSocketNotifier.Type.Read, app)
    notifier.activated.connect(lambda *_args: _drain(receiver))
    return notifier


def _wakeup_pair() -> tuple[int, int]:
    """A non-blocking (read end, write end) for the wake-up byte."""
    if os.name == "posix":
        receiver, sender = os.pipe()
        os.set_blocking(receiver, False)
        os.set_blocking(sender, False)
        return receiver, sender
    import socket

    pair = socket.socketpair()
    for end in pair:
        end.setblocking(False)
    _wakeup_pair.kept = pair  # the sockets must outlive the notifier
    return pair[0].fileno(), pair[1].fileno()


def _drain(receiver: int) -> None:
    try:
        while os.read(receiver, 64) if os.name == "posix" else _wakeup_pair.kept[0].recv(64):
            pass
    except OSError:
        pass


def run(data_dir: Path, language: str | None = None) -> int:
    """Start the app and run its event loop; the exit status."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Post Composer")
    app.setOrganizationName("PostComposer")
    app.setWindowIcon(app_icon())
    session = Session(app, data_dir, language)
    notifier = stop_on_signals(app, session)
    if not session.start():
        return 0 if session.terminating else 1
    sys.excepthook = session.report_unexpected
    app.commitDataRequest.connect(session.save_everything)
    status = app.exec()
    del notifier
    return status
