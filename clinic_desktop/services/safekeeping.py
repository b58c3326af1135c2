"""The `backup`, `restore`, `audit` and `user` commands."""

from __future__ import annotations

import argparse


def add_backup_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--to", metavar="PATH", default=None)


def add_restore_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH")


def add_audit_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("verify", "list"))


def add_user_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("add", "list", "passwd"))
    parser.add_argument("username", nargs="?")
    parser.add_argument("--role", choices=("administrator", "clinician", "front_desk"))


def run_backup(args: argparse.Namespace) -> int:
    raise NotImplementedError


def run_restore(args: argparse.Namespace) -> int:
    raise NotImplementedError


def run_audit(args: argparse.Namespace) -> int:
    raise NotImplementedError


def run_user(args: argparse.Namespace) -> int:
    raise NotImplementedError
