"""The `evaluate`, `import` and `export` commands over the assessment exchange format."""

from __future__ import annotations

import argparse


def add_evaluate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case", metavar="CASE.json", help="an assessment document ('-' for stdin)")


def add_import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case", metavar="CASE.json", help="an assessment document ('-' for stdin)")


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assessment_id", metavar="ID", help="a stored assessment's id")
    parser.add_argument("--format", choices=("json", "fhir"), default="json")


def run_evaluate(args: argparse.Namespace) -> int:
    raise NotImplementedError


def run_import(args: argparse.Namespace) -> int:
    raise NotImplementedError


def run_export(args: argparse.Namespace) -> int:
    raise NotImplementedError
