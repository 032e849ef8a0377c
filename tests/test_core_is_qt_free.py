"""The core is pure Python: importing every module of composer.core never loads Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import pkgutil, sys
import composer.core
imported = ["composer.core"]
for info in pkgutil.walk_packages(composer.core.__path__, "composer.core."):
    __import__(info.name)
    imported.append(info.name)
qt = sorted(name for name in sys.modules if name.startswith("PySide6"))
print("\\n".join(imported))
print("QT:" + ",".join(qt))
"""


def test_importing_all_of_core_does_not_import_qt():
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    imported, qt_line = lines[:-1], lines[-1]
    # The walk really found the sub-modules, not just the package.
    assert {"composer.core.networks.facts", "composer.core.storage.store", "composer.core.checklist.rules.questions",
            "composer.core.checklist.rules.library", "composer.core.networks.counting"} <= set(imported)
    assert qt_line == "QT:", f"composer.core imported Qt modules: {qt_line[3:]}"
