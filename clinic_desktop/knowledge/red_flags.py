"""The red-flag catalogue: each flag's trigger tree, urgency, referral and texts, and what answers each leaf."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from clinic_desktop.knowledge.base import StrictModel
from clinic_desktop.knowledge.citations import Cites
from clinic_desktop.knowledge.drugs import Text
from clinic_desktop.knowledge.yaml_loader import load_yaml_model
from clinic_desktop.paths import resource_path

Urgency = Literal["emergency", "urgent", "soon"]
Referral = Literal[
    "emergency_department",
    "neurology",
    "endocrinology",
    "vascular",
    "nephrology",
    "obstetrics",
    "primary_care",
]
Op = Literal["lt", "lte", "gt", "gte"]
URGENCY_ORDER: tuple[Urgency, ...] = ("emergency", "urgent", "soon")
LEAF_KINDS = (
    "lab",
    "symptom",
    "exam",
    "vital",
    "measurement",
    "medication",
    "history",
    "context",
    "lab_pending",
    "score",
)


class Leaf(StrictModel):
    """One condition; exactly one of the kind fields is set."""

    lab: str | None = None
    symptom: str | None = None
    exam: str | None = None
    vital: str | None = None
    measurement: str | None = None
    medication: str | None = None
    history: str | None = None
    context: str | None = None
    lab_pending: str | None = None
    score: str | None = None
    op: Op | None = None
    value: float | None = None
    unit: str | None = None
    status: Literal["current", "started_within_days", "stopped_or_interrupted"] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Leaf:
        kinds = [k for k in LEAF_KINDS if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError(f"a leaf names exactly one of {LEAF_KINDS}, not {kinds}")
        numeric = kinds[0] in ("lab", "vital", "measurement", "score")
        if numeric and (self.op is None or self.value is None or self.unit is None):
            raise ValueError(f"a {kinds[0]} leaf needs op, value and unit")
        if kinds[0] == "medication" and self.status is None:
            raise ValueError("a medication leaf needs a status")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in LEAF_KINDS if getattr(self, k) is not None)

    @property
    def key(self) -> str:
        value = getattr(self, self.kind)
        assert isinstance(value, str)
        return value


class AnyOf(StrictModel):
    any_of: list[Node] = Field(min_length=1)


class AllOf(StrictModel):
    all_of: list[Node] = Field(min_length=1)


Node = AnyOf | AllOf | Leaf
AnyOf.model_rebuild()
AllOf.model_rebuild()


class Escalation(StrictModel):
    urgency: Urgency
    referral: Referral
    text: Text
    patient: Text
    """Said to the patient, in plain words, after the flag's own."""
    trigger: Node
    action: Text | None = None
    """What to do once escalated; replaces the flag's own action (oral glucose is no longer safe
    for a patient who cannot swallow, say)."""
    source: Cites | None = None
    """The escalation's own citation, where the reference gives one."""


class LeafGuard(StrictModel):
    """Leaves of one flag that count as false while `ignore_when` holds (reference LEAF GUARDS)."""

    leaves: list[Leaf] = Field(min_length=1)
    ignore_when: Node
    reason: str = Field(min_length=1)
    source: Cites


class RedFlagSpec(StrictModel):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    urgency: Urgency
    referral: Referral
    text: Text
    patient: Text
    """The flag in plain words for the patient: what it may mean and what to do."""
    action: Text | None = None
    trigger: Node
    escalation: Escalation | None = None
    leaf_guards: list[LeafGuard] = Field(default_factory=list)
    action_names: list[str] = Field(default_factory=list)
    """Care-plan items this flag's action names (B12 replacement, say): suggested while it fires
    and never held back by the emergency-first rule."""
    source: Cites

    @model_validator(mode="after")
    def _guards_name_own_leaves(self) -> RedFlagSpec:
        own = list(node_leaves(self.trigger))
        for guard in self.leaf_guards:
            for leaf in guard.leaves:
                if leaf not in own:
                    raise ValueError(f"flag {self.id!r}: a guarded leaf is not in its trigger")
        return self


class FindingInput(StrictModel):
    """What answers a symptom, exam or history leaf: any listed item present (and the flag, if named)."""

    symptoms: list[str] = Field(default_factory=list)
    presentations: list[str] = Field(default_factory=list)
    conditions: list[str] = Field(default_factory=list)
    signs: list[str] = Field(default_factory=list)
    history_flag: Literal["dark_urine", "progressive"] | None = None
    medication_long_term: str | None = None
    and_history_flag: Literal["progressive"] | None = None
    context: list[str] = Field(default_factory=list)
    """Other context ids that mean the same (`confusion` answers confusion_or_reduced_consciousness)."""


class VitalInput(StrictModel):
    field: list[str] = Field(min_length=1)
    unit: str


class MeasurementInput(StrictModel):
    unit: str


class Inputs(StrictModel):
    lab: dict[str, list[str]]
    symptom: dict[str, FindingInput]
    exam: dict[str, FindingInput]
    history: dict[str, FindingInput]
    vital: dict[str, VitalInput]
    measurement: dict[str, MeasurementInput]
    context: list[str]


class RedFlagFile(StrictModel):
    version: Literal[1]
    about: str
    schema_source: Cites
    inputs: Inputs
    flags: list[RedFlagSpec]
    context_vocabulary: list[str]
    no_input: list[str]

    @model_validator(mode="after")
    def _every_leaf_answered(self) -> RedFlagFile:
        ids = [f.id for f in self.flags]
        if len(ids) != len(set(ids)):
            raise ValueError("flag ids must be unique")
        vocabulary = set(self.context_vocabulary)
        for kind in ("symptom", "exam", "history"):
            for key, answer in getattr(self.inputs, kind).items():
                unknown = sorted(set(answer.context) - vocabulary)
                if unknown:
                    raise ValueError(
                        f"inputs.{kind}.{key}: context id(s) {unknown} are not in the vocabulary"
                    )
        for flag in self.flags:
            for leaf in flag_leaves(flag):
                if (
                    _answerable(leaf, self.inputs, vocabulary)
                    or f"{leaf.kind}:{leaf.key}" in self.no_input
                ):
                    continue
                raise ValueError(
                    f"flag {flag.id!r}: leaf {leaf.kind}:{leaf.key} has no input and is not in no_input"
                )
        return self


def _answerable(leaf: Leaf, inputs: Inputs, vocabulary: set[str]) -> bool:
    kind, key = leaf.kind, leaf.key
    if kind in ("symptom", "exam", "history"):
        return key in getattr(inputs, kind) or key in vocabulary
    if kind == "lab":
        return key in inputs.lab
    if kind == "vital":
        return key in inputs.vital and inputs.vital[key].unit == leaf.unit
    if kind == "measurement":
        return key in inputs.measurement and inputs.measurement[key].unit == leaf.unit
    if kind == "context":
        return key in inputs.context
    if kind == "medication":
        return (
            leaf.status != "stopped_or_interrupted" or f"{key}_stopped_or_interrupted" in vocabulary
        )
    if kind == "lab_pending":
        return f"{key}_pending" in vocabulary
    return False


def node_leaves(node: Node) -> Iterator[Leaf]:
    if isinstance(node, AnyOf):
        for child in node.any_of:
            yield from node_leaves(child)
    elif isinstance(node, AllOf):
        for child in node.all_of:
            yield from node_leaves(child)
    else:
        yield node


def flag_leaves(flag: RedFlagSpec) -> Iterator[Leaf]:
    yield from node_leaves(flag.trigger)
    if flag.escalation is not None:
        yield from node_leaves(flag.escalation.trigger)
    for guard in flag.leaf_guards:
        yield from node_leaves(guard.ignore_when)


class RedFlagCatalog:
    """Every red flag, in the reference's order, with the input mapping the evaluator follows."""

    def __init__(self, document: RedFlagFile) -> None:
        self.flags: tuple[RedFlagSpec, ...] = tuple(document.flags)
        self.inputs = document.inputs
        self.no_input: tuple[str, ...] = tuple(document.no_input)
        self._vocabulary = frozenset(document.context_vocabulary)

    def context_ids(self) -> tuple[str, ...]:
        """The ids an assessment's `context` may hold (for validating input and for the window's choices)."""
        return tuple(sorted(self._vocabulary))

    def in_context_vocabulary(self, context_id: str) -> bool:
        return context_id in self._vocabulary


def load_red_flags(path: Path | None = None) -> RedFlagCatalog:
    """Read and validate the red-flag catalogue (default: resources/clinical/red_flags.yaml)."""
    if path is None:
        return _default()
    return RedFlagCatalog(load_yaml_model(path, RedFlagFile))


@cache
def _default() -> RedFlagCatalog:
    return RedFlagCatalog(load_yaml_model(resource_path("clinical", "red_flags.yaml"), RedFlagFile))
