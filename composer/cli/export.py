"""``post-composer export DRAFT_ID --to DIR``: a draft's images and texts per network, with no window.

Exit status: 0 when exported (it says where), 1 when checks block the export
(each reason is listed, and the networks nothing blocks with the command that
exports just those), 2 for a usage error (no such draft or network, a
folder that cannot be written, an export already there without --overwrite,
a photo whose stored copy is missing or damaged: the message names it),
3 should something break inside (a bug, never "blocked").

This module never loads Qt, and loads the export only when it runs.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

from composer.cli.exit_codes import EXIT_BLOCKED, EXIT_BUG, EXIT_OK, EXIT_USAGE
from composer.cli.options import add_data_dir, add_language
from composer.core import i18n
from composer.core.i18n import _
from composer.core.networks.facts import NETWORKS


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add ``export`` to ``post-composer``'s sub-commands."""
    p = subparsers.add_parser(
        "export",
        help=_("write a post's images and texts per network into a folder, without opening the window"),
        description=_("Export a post: per network its images (cropped, sized, without metadata), "
                      "text.txt and alt-text.txt."),
        epilog=_("Exit status: 0 when exported, 1 when a check blocks the export, 2 for a usage error."))
    p.add_argument("draft_id", type=int, metavar="DRAFT_ID", help=_("the number of the post"))
    p.add_argument("--to", type=Path, required=True, metavar="DIR", dest="to",
                   help=_("the folder to export into (a folder for the post is made in it)"))
    p.add_argument("--network", action="append", dest="networks", metavar="NET",
                   help=_("a network to export for; repeat for more (default: the post's own): {networks}").format(
                       networks=", ".join(NETWORKS)))
    p.add_argument("--overwrite", action="store_true",
                   help=_("replace an earlier export of this post in DIR"))
    add_data_dir(p, _("use the database in DIR instead of the user's data folder"))
    add_language(p)
    p.set_defaults(export_parser=p)
    return p


def _print_progress(done: int, total: int) -> None:
    if sys.stderr is not None and sys.stderr.isatty():
        print(f"\r{done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)


@contextlib.contextmanager
def _quiet_pillow() -> Iterator[None]:
    """No Pillow warning about a huge image on the terminal: the export refuses it with its own message."""
    from PIL.Image import DecompressionBombWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DecompressionBombWarning)
        yield


def ready_command(args: argparse.Namespace, networks: tuple[str, ...]) -> str:
    """The same ``export`` command for just ``networks``: what a refusal offers to run instead."""
    import shlex

    parts = [args.export_parser.prog, str(args.draft_id), "--to", shlex.quote(str(args.to))]
    parts += [f"--network {key}" for key in networks]
    if getattr(args, "data_dir", None) is not None:
        parts += ["--data-dir", shlex.quote(str(args.data_dir))]
    if args.overwrite:
        parts.append("--overwrite")
    return " ".join(parts)


def run(args: argparse.Namespace) -> int:
    """Run ``post-composer export`` as parsed into ``args``; return the exit status."""
    from composer.core.export.folder import ExportError, ExportRefused, export_draft
    from composer.core.storage import paths
    from composer.core.storage.errors import StoreError, check_data_dir, describe
    from composer.core.storage.store import Store

    i18n.set_language(getattr(args, "language", None))
    prog = args.export_parser.prog
    data_dir = getattr(args, "data_dir", None)
    data_dir = (data_dir if data_dir is not None else paths.default_data_dir()).expanduser()
    for name in args.networks or ():
        if name.strip().lower() not in NETWORKS:
            print(f"{prog}: " + _("Unknown network '{name}'. Choose from: {choices}.").format(
                name=name, choices=", ".join(NETWORKS)), file=sys.stderr)
            return EXIT_USAGE
    try:
        check_data_dir(data_dir, paths.database_path(data_dir))
        if not paths.database_path(data_dir).is_file():
            print(f"{prog}: " + _("There is no Post Composer database in {folder}.").format(folder=data_dir),
                  file=sys.stderr)
            return EXIT_USAGE
        store = Store.open(data_dir)
    except StoreError as error:
        print(f"{prog}: {describe(error)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        networks = [n.strip().lower() for n in args.networks] if args.networks else None
        author = store.setting("user_name") or ""
        with _quiet_pillow():
            result = export_draft(store, args.draft_id, args.to, networks, author=author,
                                  overwrite=args.overwrite, progress=_print_progress)
    except ExportRefused as refused:
        print(_("Post {id} was not exported:").format(id=args.draft_id))
        for reason in refused.reasons:
            print(f"- {reason.text()}")
        if refused.passing:
            from composer.core.drafts.final_text import network_list

            print(_("Nothing blocks the export for {networks}; this command exports only what is ready:").format(
                networks=network_list(refused.passing)))
            print("  " + ready_command(args, refused.passing))
        return EXIT_BLOCKED
    except ExportError as error:
        print(f"{prog}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except Exception:  # noqa: BLE001 - a bug must not look like "export blocked" (Python's own status 1)
        import traceback

        traceback.print_exc()
        print(_("post-composer export: something went wrong inside Post Composer; please report it "
                "with the lines above."), file=sys.stderr)
        return EXIT_BUG
    finally:
        store.close()
    print(_("Exported to {folder}").format(folder=result.folder))
    for key, names in result.files.items():
        print(f"  {key}/: {', '.join(names)}")
    return EXIT_OK
