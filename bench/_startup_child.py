"""One start-up, run by ``startup.py`` in a fresh process: prints ``shown`` once the window is up.

``python bench/_startup_child.py baseline`` shows a bare QMainWindow;
``python bench/_startup_child.py app DATA_DIR`` starts Post Composer on ``DATA_DIR``.
"""

import sys

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication


class FirstPaint(QObject):
    """Notes when the window has painted itself for the first time: then the user sees it."""

    def __init__(self, window):
        super().__init__()
        self.done = False
        window.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.done = True
        return False


def main() -> int:
    app = QApplication(sys.argv[:1])
    if sys.argv[1] == "baseline":
        from PySide6.QtWidgets import QMainWindow

        window = QMainWindow()
        window.show()
    else:
        from pathlib import Path

        from composer.ui.app import Session

        app.setApplicationName("Post Composer")
        app.setOrganizationName("PostComposer")
        session = Session(app, Path(sys.argv[2]), "nl")
        if not session.start() or session.window is None:
            return 1
        window = session.window
    painted = FirstPaint(window)
    while not painted.done:
        app.processEvents()
    print("shown" if window.isVisible() else "hidden", flush=True)
    if sys.argv[1] != "baseline":
        session.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
