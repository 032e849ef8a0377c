"""Starting the window: language, the one-app-per-folder lock, opening the database safely."""

from __future__ import annotations

import sqlite3
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QTimer, QTranslator, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from composer.core import i18n
from composer.core.checklist import warm_up
from composer.core.i18n import _
from composer.core.paths import database_path
from composer.core.store import DatabaseLocked, DatabaseReadOnly, Store, StoreError
from composer.ui.dialogs import ask_name, system_user_name
from composer.ui.instance import SingleInstance
from composer.ui.look import app_icon
from composer.ui.main_window import MainWindow


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


def store_error_text(error: StoreError) -> str:
    """A clear sentence for each way the database can refuse to open."""
    if isinstance(error, DatabaseLocked):
        return _("The database {path} is locked by another program. Close that program "
                 "(a backup or sync tool, perhaps) and start Post Composer again.").format(path=error.path)
    if isinstance(error, DatabaseReadOnly):
        return _("Post Composer cannot write to {path}. Check that the file and its folder are not "
                 "read-only and that you have permission to change them.").format(path=error.path)
    return _("The database {path} could not be opened: {detail}").format(path=error.path, detail=error.detail)


class _Done(QObject):
    """Carries "finished" from a worker thread to the UI thread (a queued connection)."""

    finished = Signal()


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
    """The running app for one data folder: its lock, its database and its window."""

    def __init__(self, app: QApplication, data_dir: Path, language: str | None = None):
        self.app = app
        self.data_dir = data_dir
        self.language = language
        self.instance = SingleInstance(data_dir)
        self.store: Store | None = None
        self.window: MainWindow | None = None
        self.name_dialog = None
        self._qt_translator = QTranslator(app)

    def start(self) -> bool:
        """Open the window; ``False`` (after telling the user why) when it cannot."""
        apply_language(self.language)
        try:
            acquired = self.instance.acquire()
        except PermissionError:
            show_message(_("Post Composer cannot start"),
                         store_error_text(DatabaseReadOnly(database_path(self.data_dir))))
            return False
        if not acquired:
            if self.instance.ask_running_to_raise():
                text = _("Post Composer is already open for the data folder {path}. "
                         "Its window has been brought to the front.")
            else:
                text = _("Post Composer is already open for the data folder {path}: use that window.")
            show_message(_("Post Composer is already open"), text.format(path=self.data_dir))
            return False
        try:
            self.store = Store.open(self.data_dir)
        except StoreError as error:
            self.instance.release()
            show_message(_("Post Composer cannot start"), store_error_text(error))
            return False
        try:
            self.store.empty_trash()
        except sqlite3.Error:  # tidying up must never keep the app from starting
            pass
        self._install_language(self.language or self.store.setting("language") or None)
        if self.store.recovered_from is not None:
            show_message(_("Damaged database moved aside"),
                         _("The database was damaged and could not be read. It has been moved aside, not "
                           "deleted: {path}\nPost Composer starts with an empty database.").format(
                             path=self.store.recovered_from))
        self.instance.raise_requested.connect(self.bring_to_front)
        self.app.aboutToQuit.connect(self.stop)
        if self.store.setting("user_name") is None:
            self.name_dialog = ask_name(None, system_user_name(), self._first_name_given)
        else:
            self._open_window()
        return True

    def _first_name_given(self, name: str) -> None:
        self.store.set_setting("user_name", name)
        self._open_window()

    def _install_language(self, language: str | None) -> None:
        code = apply_language(language)
        self.app.removeTranslator(self._qt_translator)
        if self._qt_translator.load(QLocale(code), "qtbase", "_",
                                    QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            self.app.installTranslator(self._qt_translator)

    def _open_window(self) -> None:
        self.window = MainWindow(self.store)
        self.window.language_requested.connect(self.switch_language)
        self.window.show()
        window = self.window
        _AfterFirstPaint(window, lambda: self._after_first_paint(window))

    def _after_first_paint(self, window: MainWindow) -> None:
        if self.store is None:
            return
        self.instance.listen()
        window.export_ui  # noqa: B018 - the export actions and their shortcuts, now that the window shows
        _check_after_warm_up(window)


    def switch_language(self, code: str) -> None:
        """Keep the choice and rebuild the window in that language (the draft is saved first)."""
        self.store.set_setting("language", code or None)
        old = self.window
        old.save_now()
        old.remember_layout()
        old.stop_background_work()
        self._install_language(code or None)
        self._open_window()
        old.hide()
        old.deleteLater()

    def bring_to_front(self) -> None:
        if self.window is not None:
            self.window.showNormal()
            self.window.raise_()
            self.window.activateWindow()

    def stop(self) -> None:
        """Save, close the window, and let go of the database and the lock."""
        if self.window is not None:
            self.window.close()  # saves, and remembers the layout, while the database is open
            self.window.deleteLater()
            self.window = None
        if self.name_dialog is not None:
            self.name_dialog.deleteLater()
            self.name_dialog = None
        if self.store is not None:
            self.store.close()
            self.store = None
        self.instance.release()
        self.app.removeTranslator(self._qt_translator)


def _check_after_warm_up(window: MainWindow) -> None:
    """Load the counting libraries off the UI thread, then let ``window`` check its draft.

    The window shows at once; its counters and checklist follow a moment later.
    """
    done = _Done(window)
    done.finished.connect(window.refresh_checks)

    def work() -> None:
        warm_up()
        try:
            done.finished.emit()
        except RuntimeError:  # the window closed meanwhile: nothing left to check
            pass

    threading.Thread(target=work, name="warm-up", daemon=True).start()


def apply_language(language: str | None) -> str:
    return i18n.set_language(language)


def run(data_dir: Path, language: str | None = None) -> int:
    """Start the app and run its event loop; the exit status."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Post Composer")
    app.setOrganizationName("PostComposer")
    app.setWindowIcon(app_icon())
    session = Session(app, data_dir, language)
    if not session.start():
        return 1
    return app.exec()
