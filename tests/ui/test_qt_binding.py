"""Guards against a known-bad Qt binding release on this project's paths.

PySide6-Essentials 6.12.0 released ``True`` once per emit of a Python
``Signal(bool)``: on Python 3.11 the reference count of ``True`` ran down and
the interpreter aborted ("deallocating True") at exit, or as soon as what held
the emitted values let go of them; ``pyproject.toml`` excludes that release.

From Python 3.12 on ``True`` is immortal (PEP 683): its reference count never
changes, so counting it proves nothing there (the test this file used to hold
passed on 3.12 whatever the binding did), and the over-release does no harm
there either. Hence three checks, none of which counts ``True``:

* the emits run in a child interpreter that must finish cleanly: the crash
  itself, on every Python where it can happen;
* an object that is *not* immortal goes through a Python ``Signal(object)``
  and its reference count must come back where it was: the binding's
  bookkeeping of signal arguments, measurable on every Python;
* the installed binding must satisfy the project's requirement, which excludes
  6.12.0 by name: the one check that fails on 3.12 for a defect invisible there.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import PySide6
from packaging.requirements import Requirement
from PySide6.QtCore import QObject, Signal

PROJECT = Path(__file__).resolve().parents[2]
EMITS = 100_000  # far more than the reference count of True in a fresh interpreter (a few hundred)

CHILD = f"""
from PySide6.QtCore import QCoreApplication, QObject, Signal

class Emitter(QObject):
    flag = Signal(bool)

app = QCoreApplication([])
emitter, received = Emitter(), []
emitter.flag.connect(received.append)
for _ in range({EMITS}):
    emitter.flag.emit(True)
assert received == [True] * {EMITS}, "the values arrived changed"
del received  # each value released: an over-released True is deallocated here, which aborts Python
print("clean", flush=True)
"""


class Emitter(QObject):
    thing = Signal(object)


def test_true_sent_through_a_python_signal_many_times_leaves_python_able_to_exit(qapp):
    child = subprocess.run([sys.executable, "-c", CHILD], cwd=PROJECT, capture_output=True, text=True, timeout=120,
                           check=False)
    assert (child.returncode, child.stdout.strip()) == (0, "clean"), child.stderr[-2000:]


def test_a_python_signal_gives_back_every_reference_it_takes(qapp):
    emitter = Emitter()
    received: list[object] = []
    emitter.thing.connect(received.append)
    sent = object()  # not immortal on any Python: its count moves with every reference taken or released
    before = sys.getrefcount(sent)
    for _ in range(200):
        emitter.thing.emit(sent)
    assert len(received) == 200
    received.clear()
    assert sys.getrefcount(sent) == before


def test_the_installed_binding_is_one_the_project_allows():
    with (PROJECT / "pyproject.toml").open("rb") as file:
        dependencies = tomllib.load(file)["project"]["dependencies"]
    (wanted,) = [Requirement(d) for d in dependencies if Requirement(d).name.lower().startswith("pyside6")]
    assert wanted.specifier.contains(PySide6.__version__, prereleases=True), (
        f"PySide6 {PySide6.__version__} is excluded by pyproject.toml ({wanted})")
