"""Base models every clinical knowledge file builds on: strict frozen models, bilingual texts, bounds.

Kept apart from the modules that use them so that, say, the lab catalogue and
the hormonal and vascular rules it loads do not import each other.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from clinic_desktop.domain.numbers import compare

Op = Literal["lt", "lte", "gt", "gte"]


class StrictModel(BaseModel):
    """A frozen knowledge model that refuses keys it does not know (a typo must not vanish).

    Its validator is built when a file is first validated, not when the class is defined:
    a process that takes the knowledge from the cache (knowledge.cache) never builds one.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Texts(StrictModel):
    """One text in every language the program prints."""

    en: str
    es: str

    def pick(self, language: str) -> str:
        return self.es if language == "es" else self.en


class Bound(StrictModel):
    """One side of a band, in the unit the reference published it in."""

    op: Op
    value: Decimal
    unit: str

    def holds(self, value: Decimal) -> bool:
        """Whether `value`, already in this bound's unit, satisfies it."""
        return compare(value, self.op, self.value)
