"""Validation against the official FHIR R4 JSON schema (tests/fhir_schema/README.md)."""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.coding import Coding
from jsonschema import Draft6Validator
from pydantic import BaseModel

SCHEMA = Path(__file__).resolve().parents[1] / "fhir_schema" / "fhir.schema.json.gz"


@cache
def validator() -> Draft6Validator:
    schema = json.loads(gzip.decompress(SCHEMA.read_bytes()))
    Draft6Validator.check_schema(schema)
    return Draft6Validator(schema)


def schema_errors(document: dict[str, Any]) -> list[str]:
    """What the official schema finds wrong with `document` (empty when it is valid)."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message[:200]}"
        for error in validator().iter_errors(document)
    ]


def assert_valid_fhir(document: dict[str, Any]) -> None:
    """Valid by the official R4 JSON schema and by fhir.resources' R4B models."""
    assert schema_errors(document) == []
    Bundle.model_validate(document)


def codings(document: dict[str, Any]) -> list[Coding]:
    """Every Coding of the Bundle, wherever it sits, found by the FHIR models' own types
    (a Quantity's system and code are not a Coding)."""
    found: list[Coding] = []

    def walk(node: object) -> None:
        if isinstance(node, Coding):
            found.append(node)
        if isinstance(node, BaseModel):
            for name in type(node).model_fields:
                walk(getattr(node, name))
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(Bundle.model_validate(document))
    return found
