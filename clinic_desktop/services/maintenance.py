"""The `demo` and `check` commands: synthetic records and an installation check."""

from __future__ import annotations

import argparse


def add_demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--patients", type=int, default=200, metavar="N")
    parser.add_argument("--seed", type=int, default=1)


def run_demo(args: argparse.Namespace) -> int:
    raise NotImplementedError


def run_check(args: argparse.Namespace) -> int:
    raise NotImplementedError
