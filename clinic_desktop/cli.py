"""The `clinic-desktop` command: the window by default, and headless sub-commands.

Each sub-command lives in the module that owns its work and is imported only
when it runs, so `evaluate` never pays for Qt and the window never pays for
the PDF or FHIR libraries at start-up.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from clinic_desktop import __version__
from clinic_desktop.paths import DATA_DIR_ENV, DATABASE_URL_ENV

Handler = Callable[[argparse.Namespace], int]

# sub-command -> (module, function, one-line help)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "evaluate": (
        "clinic_desktop.services.exchange",
        "run_evaluate",
        "print the evaluation of an assessment JSON file",
    ),
    "import": (
        "clinic_desktop.services.exchange",
        "run_import",
        "store an assessment JSON file; print its id",
    ),
    "export": (
        "clinic_desktop.services.exchange",
        "run_export",
        "write a stored assessment as JSON",
    ),
    "orders": (
        "clinic_desktop.services.orders",
        "run_orders",
        "write a signed visit's lab orders as HL7 v2 or FHIR",
    ),
    "import-results": (
        "clinic_desktop.services.results_import",
        "run_import_results",
        "import a laboratory's results file (HL7 v2 ORU^R01 or FHIR JSON)",
    ),
    "render": (
        "clinic_desktop.services.rendering",
        "run_render",
        "write a care plan, lab requisition, visit summary or referral letter PDF",
    ),
    "demo": (
        "clinic_desktop.services.maintenance",
        "run_demo",
        "fill the database with synthetic patients",
    ),
    "check": (
        "clinic_desktop.services.maintenance",
        "run_check",
        "verify the installation and the database",
    ),
    "backup": (
        "clinic_desktop.services.safekeeping",
        "run_backup",
        "copy the database to a backup file",
    ),
    "restore": (
        "clinic_desktop.services.safekeeping",
        "run_restore",
        "restore the database from a backup file",
    ),
    "audit": ("clinic_desktop.services.safekeeping", "run_audit", "verify or list the audit log"),
    "user": ("clinic_desktop.services.safekeeping", "run_user", "manage clinician accounts"),
}


def requested_command(argv: Sequence[str]) -> str | None:
    """The sub-command named in `argv`, found without importing any command module."""
    takes_value = {"--data-dir", "--database-url"}
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token in takes_value:
            skip = True
        elif not token.startswith("-"):
            return token if token in COMMANDS else None
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; only `command`'s module is imported for its arguments (start-up stays fast)."""
    parser = argparse.ArgumentParser(
        prog="clinic-desktop",
        description="Assessment and care plans for patients with muscle spasms.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"where records, backups and logs live (env {DATA_DIR_ENV})",
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help=f"a SQLAlchemy URL, e.g. postgresql+psycopg://host/db (env {DATABASE_URL_ENV})",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, _function, help_text) in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        if name != command:
            continue
        add_arguments = getattr(
            importlib.import_module(module), f"add_{name.replace('-', '_')}_arguments", None
        )
        if add_arguments is not None:
            add_arguments(command_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Every file the program makes (records, backups, PDFs, exports, logs) is the user's alone.
    os.umask(0o077)
    arguments = list(sys.argv[1:] if argv is None else argv)
    # A message quoting an odd argument (undecodable bytes) must still print.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    parser = build_parser(requested_command(arguments))
    for argument in arguments:
        # What no command line can carry (a NUL, a lone surrogate) is refused before any use.
        try:
            usable = b"\0" not in os.fsencode(argument)
        except UnicodeEncodeError:
            usable = False
        if not usable:
            parser.error(
                f"{ascii(argument)[:60]}: holds what no argument can (NUL, lone surrogate)"
            )
    args = parser.parse_args(arguments)
    _check_global_options(parser, args)
    if args.data_dir:
        os.environ[DATA_DIR_ENV] = args.data_dir
    if args.database_url:
        os.environ[DATABASE_URL_ENV] = args.database_url
    if args.command is None:
        from clinic_desktop.ui.app import run_gui

        return run_gui(args)
    module, function, _help = COMMANDS[args.command]
    handler: Handler = getattr(importlib.import_module(module), function)
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        return _report_failure(args.command, error)


def _check_global_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """A --data-dir that is not a folder, or a --database-url that is not a URL, is the
    input's fault: exit 2 with the option named (argparse's own way)."""
    if args.data_dir:
        folder = os.path.expanduser(args.data_dir)
        if os.path.lexists(folder) and not os.path.isdir(folder):
            parser.error(f"--data-dir: {args.data_dir!a} is not a folder")
    if args.database_url:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            make_url(args.database_url)
        except (ArgumentError, ValueError):
            parser.error("--database-url: not a database URL (e.g. postgresql+psycopg://host/db)")


def _report_failure(command: str, error: Exception) -> int:
    """One line on stderr, never a traceback; the details go to the log in the data directory.

    A problem of the records or the audit key is said as it is (exit 1); anything else is
    unexpected: its type and code location go to errors.log, never its message, which
    may hold a patient's details.
    """
    from clinic_desktop.persistence.database import DatabaseProblem
    from clinic_desktop.services.audit_chain import TrustProblem

    if isinstance(error, DatabaseProblem | TrustProblem):
        print(f"clinic-desktop {command}: {error.message} {error.advice}", file=sys.stderr)
        return 1
    log = _write_crash_log(command)
    detail = f" (details in {log})" if log else " (the details could not be written down)"
    print(
        f"clinic-desktop {command}: unexpected error {type(error).__name__}{detail}",
        file=sys.stderr,
    )
    return 1


def _write_crash_log(command: str) -> str | None:
    """Append where the error happened to errors.log: type and code location, no patient data.

    The file is owner-only and never written through a symbolic link.
    """
    from clinic_desktop.diagnostics import append_private, describe_exception
    from clinic_desktop.paths import data_dir

    kind, error, trace = sys.exc_info()
    if kind is None or error is None:
        return None
    try:
        path = data_dir() / "errors.log"
        append_private(path, f"--- {command}\n{describe_exception(kind, error, trace)}\n")
    except OSError:
        return None
    return str(path)
