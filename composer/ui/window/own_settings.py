"""This computer's own settings: the window's place, the splitters, the last draft, the language, the name.

On the local library they live in its database, as always (read from the
store, written through the saver). On the team library the database's
settings are the team's (the house style; only approvers may change them), so
what belongs to one workstation is kept in ``workstation.json`` in the data
folder instead: a colleague's window place never moves another's window.
"""

from __future__ import annotations

import contextlib
import json
from typing import TYPE_CHECKING, Any

from composer.core.storage.files import write_atomic

if TYPE_CHECKING:
    from composer.core.storage.saver import Saver
    from composer.core.storage.store import Store

#: The file of a team library's workstation settings, in the data folder.
FILE_NAME = "workstation.json"


class OwnSettings:
    """``setting(key)`` and ``set_setting(key, value)`` for this computer's settings (see the module)."""

    def __init__(self, store: Store, saver: Saver):
        self.store, self.saver = store, saver
        self.team = store.access.team
        self.path = store.data_dir / FILE_NAME

    def setting(self, key: str, default: Any = None) -> Any:
        if not self.team:
            return self.store.setting(key, default)
        return self._read().get(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        """Kept for next time; never raises (a file that cannot be written only loses the setting)."""
        if not self.team:
            self.saver.set_setting(key, value)
            return
        values = self._read()
        if values.get(key) == value:
            return
        values[key] = value
        with contextlib.suppress(OSError):
            write_atomic(self.path, json.dumps(values, ensure_ascii=False, indent=1) + "\n")

    def _read(self) -> dict[str, Any]:
        """The file as it is now (read each time: the session and the window both keep settings in it)."""
        try:
            found = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return found if isinstance(found, dict) else {}
