"""The `render` command: a care plan or lab requisition PDF from a file or a stored visit."""

from __future__ import annotations

import argparse


def add_render_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "source", metavar="CASE.json|ID", help="an assessment file, else a stored id"
    )
    parser.add_argument("--out", required=True, metavar="FILE.pdf")
    parser.add_argument("--kind", choices=("careplan", "requisition"), default="careplan")
    parser.add_argument("--lang", choices=("en", "es"), default=None)


def run_render(args: argparse.Namespace) -> int:
    raise NotImplementedError
