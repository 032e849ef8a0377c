"""Run every benchmark on one freshly built 10,000-draft library; print a Markdown table.

``cd /work/main && QT_QPA_PLATFORM=offscreen .venv/bin/python bench/run_all.py``
The table can be pasted into the README as is.
"""

from __future__ import annotations

import platform

import calendar_speed
import checks
import consent
import counting_speed
import drafts
import effort_speed
import emoji_search
import export
import keystrokes
import paste
import photos
import report_speed
import spelling_speed
import startup
import word_diff
from common import library_dir, print_rows, python_version


def main() -> None:
    print("building a 10,000-draft library (not timed) …", flush=True)
    with library_dir() as library:
        rows = (startup.run(library) + drafts.run(library) + keystrokes.run() + counting_speed.run() + checks.run()
                + paste.run() + photos.run() + export.run() + consent.run() + calendar_speed.run()
                + report_speed.run() + effort_speed.run() + spelling_speed.run() + emoji_search.run()
                + word_diff.run())
    print(f"\nPython {python_version()}, {platform.system()} {platform.machine()}, "
          f"{platform.python_implementation()}; offscreen Qt\n")
    print_rows(rows)


if __name__ == "__main__":
    main()
