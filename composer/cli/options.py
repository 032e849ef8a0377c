"""The options every sub-command repeats after its name: ``--data-dir`` and ``--language``.

``argparse.SUPPRESS`` as their default: the same option given before the
sub-command's name (``post-composer --data-dir D check …``) is not overwritten
by the sub-command's default.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from composer.core import i18n
from composer.core.i18n import _


def add_data_dir(parser: argparse.ArgumentParser, help_text: str) -> None:
    """``--data-dir DIR``, said in the sub-command's own words (``help_text``, translated)."""
    parser.add_argument("--data-dir", type=Path, metavar="DIR", default=argparse.SUPPRESS, help=help_text)


def add_language(parser: argparse.ArgumentParser) -> None:
    """``--language``: the language of the messages."""
    parser.add_argument("--language", choices=i18n.LANGUAGES, default=argparse.SUPPRESS,
                        help=_("the language of the messages (default: the system's)"))
