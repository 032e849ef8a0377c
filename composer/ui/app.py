"""Starting the window for one data folder, and stopping it: the :class:`Session`.

Opening the folder (its lock, the database, what the user is told about
them) is ``startup.py``; the messages before the window ``start_messages.py``;
Qt's own texts in the UI language ``qt_translations.py``; work that waits for
the first paint ``after_start.py``; the stop signals ``stop_signals.py``. Once
running, log-out, shutdown and ``kill`` (SIGTERM, SIGHUP, SIGINT) and the
session manager's end of session save and close like Quit.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from composer import __version__
from composer.core import i18n
from composer.core.i18n import _
from composer.core.storage.errors import DatabaseDamaged, DatabaseError, classify, describe, is_damage
from composer.core.storage.paths import database_path
from composer.core.storage.saver import Saver, news
from composer.core.storage.store import Store
from composer.ui import start_messages, startup
from composer.ui.after_start import AfterFirstPaint, check_after_warm_up, daily_backup
from composer.ui.dialogs import ask_name, system_user_name
from composer.ui.instance import SingleInstance
from composer.ui.look import app_icon
from composer.ui.qt_translations import ShortcutLetterFallback, qt_translations_folder
from composer.ui.stop_signals import stop_on_signals
from composer.ui.window.main_window import MainWindow
from composer.ui.window.own_settings import OwnSettings

if TYPE_CHECKING:
    from composer.core.storage.repair import Repair

STOP_FLUSH_S = 5.0
DESKTOP_ID = "be.postcomposer.PostComposer"  # the installers' desktop file and AppStream id (packaging/linux)


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
        self.own: OwnSettings | None = None
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
        i18n.set_language(self.language)
        if not startup.take_lock(self.instance, self.data_dir):
            return False
        self.store = startup.open_store(self.data_dir)
        if self.store is None:
            self.instance.release()
            return False
        self.saver = Saver(self.store.path)
        self.own = OwnSettings(self.store, self.saver)
        recovered = news(self.store, self.saver.adopt_journal())
        self._tidy_up()
        self._install_language(self.language or self._setting("language") or None)
        startup.tell_what_happened(self.store, recovered)
        self.instance.raise_requested.connect(self.bring_to_front)
        self.app.aboutToQuit.connect(self.stop)
        if self._setting("user_name") is None and not self.store.access.team:
            self.name_dialog = ask_name(None, system_user_name(), self._first_name_given)
        elif not self._open_window():
            self.stop()
            return False
        if self.terminating:  # stopped while a question was open
            self.stop()
            return False
        self._started = True
        return True

    def _tidy_up(self) -> None:
        """Empty the old trash: tidying up must never keep the app from starting (a full disk, a lock)."""
        with contextlib.suppress(DatabaseError):
            self.store.empty_trash()

    def _setting(self, key: str):
        try:
            return self.own.setting(key)
        except (*DatabaseError, ValueError):
            return None

    def _first_name_given(self, name: str) -> None:
        self.own.set_setting("user_name", name)
        if not self._open_window(author=name):
            self.app.exit(1)

    def _install_language(self, language: str | None) -> None:
        """Our messages and Qt's own (file dialogs, standard buttons) in ``language``, dates in its locale."""
        code = i18n.set_language(language)
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
        except DatabaseError as error:
            if not is_damage(error):
                raise
            if self._repairing:  # repaired, and still damaged
                start_messages.show_message(_("Post Composer cannot start"),
                                            describe(DatabaseDamaged(database_path(self.data_dir), str(error))))
                return False
            return self.repair_now()  # e.g. a damaged index under the drafts list: quick_check cannot see it
        self.window = window
        window.language_requested.connect(self.switch_language)
        window.damaged.connect(self.repair_now, type=Qt.ConnectionType.QueuedConnection)
        window.show()
        AfterFirstPaint(window, lambda: self._after_first_paint(window))
        return True

    def _after_first_paint(self, window: MainWindow) -> None:
        if self.store is None:
            return
        window.live.start()  # the team library: colleagues' changes, heard on connections of its own
        self.instance.listen()
        window.export_ui  # noqa: B018 - the export actions and their shortcuts, now that the window shows
        check_after_warm_up(window)
        if not self.store.access.team:  # the team database is the IT department's to back up
            daily_backup(self.data_dir)

    # --- while running -------------------------------------------------------------------------------

    def switch_language(self, code: str) -> None:
        """Keep the choice and rebuild the window in that language (the draft is handed to the saver first).

        Not while an export runs: its progress and result belong to the window that started it.
        """
        old = self.window
        if old.exporting:
            old.statusBar().showMessage(_("Wait for the export to finish, then choose the language again."), 8000)
            return
        self.own.set_setting("language", code or None)
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
                self.store = startup.start_after_damage(self.data_dir,
                                                        DatabaseDamaged(path, moved_to=repair.move_aside(path)))
            else:
                self.store = self._open_after_repair(done)
            opened = self.store is not None
            if opened:
                self.own = OwnSettings(self.store, self.saver)
                self.saver.resume()
                opened = self._open_window()
        finally:
            self._repairing = False
        if not opened:
            self.app.exit(1)
        return opened

    def _open_after_repair(self, done: Repair) -> Store | None:
        store = startup.reopen(self.data_dir)
        if store is None:
            return None
        store.repaired = done
        self.store = store
        startup.tell_what_happened(store, [])
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
        problem = classify(error, database_path(self.data_dir)) if isinstance(error, (DatabaseError, OSError)) \
            else None
        import traceback

        traceback.print_exception(kind, error, trace, file=sys.stderr)
        if self.window is not None:
            text = describe(problem) if problem is not None else _(
                "Something went wrong ({error}); your text is saved. If it happens again, please report it.").format(
                    error=error)
            self.window.statusBar().showMessage(text, 15_000)


def run(data_dir: Path, language: str | None = None) -> int:
    """Start the app and run its event loop; the exit status."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Post Composer")
    app.setOrganizationName("PostComposer")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_ID)  # Wayland's app id: the desktop file's icon and name for the window
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
