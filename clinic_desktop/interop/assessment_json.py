"""Reads and writes the `clinic-desktop.assessment` exchange document (docs/assessment-format.md).

The input is validated by pydantic models that mirror the document exactly
(unknown keys refused, vocabularies closed, numbers strict), then by the
checks that need the lab catalogue (unit known for the test, LOINC agrees with
the test). Every problem becomes one `AssessmentFormatError` whose text is a
single line naming the field, e.g. `labs[1].unit: unknown unit 'mg' for
magnesium (known: mmol/L, mg/dL, mEq/L)`.
"""

from __future__ import annotations

import collections
import dataclasses
import difflib
import json
import re
from collections.abc import Callable, Collection
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Protocol

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    create_model,
)
from pydantic_core import ErrorDetails

from clinic_desktop.domain import vocabulary as vocab
from clinic_desktop.domain.assessment import Assessment, Vitals
from clinic_desktop.domain.identifiers import MAX_MRN_LENGTH, normalise_mrn
from clinic_desktop.domain.serialization import from_plain, to_plain
from clinic_desktop.interop.limits import (
    MAX_DIGITS,
    MAX_LIST_ITEMS,
    MAX_NOTE,
    MAX_TEXT,
    NOTE_CONTROLS,
    InputLimitError,
    read_document,
    text_problem,
)

FORMAT = "clinic-desktop.assessment"
VERSION = 1
# Completed weeks of gestation; a plausibility bound on input, not a clinical threshold.
MAX_PREGNANCY_WEEKS = 45
_MAX_SHOWN_INPUT = 60


class LabUnits(Protocol):
    """What the parser needs from the lab catalogue (knowledge.lab_catalog.LabCatalog)."""

    def units_for(self, test: str) -> tuple[str, ...]: ...

    def test_for_loinc(self, code: str) -> str | None: ...

    def corrected_test_for_loinc(self, code: str) -> str | None: ...

    def loinc_agrees_with_unit(self, code: str, test: str, unit: str) -> bool: ...


class AssessmentFormatError(ValueError):
    """An assessment document that does not follow the format; str() is one line naming the field."""

    def __init__(self, field_path: str, message: str) -> None:
        one_line = " ".join(message.split())
        super().__init__(f"{field_path}: {one_line}")
        self.field_path = field_path
        self.message = one_line


def _day(value: object) -> date:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"expected a date as YYYY-MM-DD, got {_shown(value)}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a real date") from None


def _started(value: object) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value):
        raise ValueError(f"expected YYYY-MM-DD or YYYY-MM, got {_shown(value)}")
    try:
        date.fromisoformat(value if len(value) == 10 else f"{value}-01")
    except ValueError:
        raise ValueError(f"{value!r} is not a real date") from None
    return value


_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?")


def _moment(value: object) -> str:
    """A date, or a date and time with or without its offset, kept as written (ISO 8601)."""
    if not isinstance(value, str) or not _MOMENT.fullmatch(value):
        raise ValueError(
            f"expected YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss][offset], got {_shown(value)}"
        )
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a real date and time") from None
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {_shown(value)}")
    if not value.strip():
        raise ValueError("must not be blank")
    return value


def _whole(value: object) -> object:
    # JSON has one number type: 7.0 is the number 7. 7.5, "7" and true still fail as integers.
    if type(value) is float and value.is_integer():
        return int(value)
    return value


def _mrn(value: str) -> str:
    # The MRN as the registry stores and compares it: "wc‐012" is "WC-012".
    return normalise_mrn(value)


Day = Annotated[date, BeforeValidator(_day)]
Whole = Annotated[int, BeforeValidator(_whole)]
Started = Annotated[str, BeforeValidator(_started)]
Moment = Annotated[str, BeforeValidator(_moment)]
Text = Annotated[str, BeforeValidator(_text)]
Mrn = Annotated[str, BeforeValidator(_text), AfterValidator(_mrn)]
NonNegative = Annotated[float, Field(ge=0)]
Positive = Annotated[float, Field(gt=0)]


def _member_of(values: tuple[Any, ...]) -> Callable[[Any], Any]:
    """A check that a value is one of the vocabulary `values`, listing them when it is not."""
    known = ", ".join(str(v) for v in values)

    def check(value: Any) -> Any:
        if value not in values:
            raise ValueError(f"unknown value {_shown(value)} (known: {known})")
        return value

    return check


Sex = Annotated[str, AfterValidator(_member_of(vocab.SEXES))]
Language = Annotated[str, AfterValidator(_member_of(vocab.LANGUAGES))]
Presentation = Annotated[str, AfterValidator(_member_of(vocab.PRESENTATIONS))]
Site = Annotated[str, AfterValidator(_member_of(vocab.SITES))]
Side = Annotated[str, AfterValidator(_member_of(vocab.SIDES))]
Trigger = Annotated[str, AfterValidator(_member_of(vocab.TRIGGERS))]
Symptom = Annotated[str, AfterValidator(_member_of(vocab.SYMPTOMS))]
Condition = Annotated[str, AfterValidator(_member_of(vocab.CONDITIONS))]
Muscle = Annotated[str, AfterValidator(_member_of(vocab.MUSCLES))]
MrcGrade = Annotated[str, AfterValidator(_member_of(vocab.MRC_GRADES))]
Reflex = Annotated[str, AfterValidator(_member_of(vocab.REFLEXES))]
ReflexGrade = Annotated[str, AfterValidator(_member_of(vocab.REFLEX_GRADES))]
AshworthGrade = Annotated[str, AfterValidator(_member_of(vocab.MODIFIED_ASHWORTH_GRADES))]
Plantar = Annotated[str, AfterValidator(_member_of(vocab.PLANTAR_RESPONSES))]
Modality = Annotated[str, AfterValidator(_member_of(vocab.SENSORY_MODALITIES))]
Artery = Annotated[str, AfterValidator(_member_of(vocab.ARTERIES))]
PulseGrade = Annotated[Whole, AfterValidator(_member_of(vocab.PULSE_GRADES))]
LabTest = Annotated[str, AfterValidator(_member_of(vocab.LAB_TESTS))]
VisitStep = Annotated[str, AfterValidator(_member_of(vocab.VISIT_STEPS))]


class _Model(BaseModel):
    # strict: "4" is not 4 and 1 is not true; a typo must never become a value.
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)


class PatientIn(_Model):
    mrn: Mrn
    family_name: Text
    given_name: Text
    birth_date: Day
    sex: Sex | None = None
    pregnant: bool | None = None
    pregnancy_weeks: Annotated[Whole, Field(ge=0, le=MAX_PREGNANCY_WEEKS)] | None = None
    language: Language | None = None


class HistoryIn(_Model):
    presentations: list[Presentation] | None = None
    sites: list[Site] | None = None
    episodes_per_week: NonNegative | None = None
    episode_duration_seconds: NonNegative | None = None
    pain_score: Annotated[Whole, Field(ge=0, le=10)] | None = None
    penn_spasm_frequency: Annotated[Whole, Field(ge=0, le=4)] | None = None
    triggers: list[Trigger] | None = None
    symptoms: list[Symptom] | None = None
    dark_urine: bool | None = None
    progressive: bool | None = None
    conditions: list[Condition] | None = None
    # Input extension (docs/input-extensions.md): the side of a site listed in `sites`.
    site_sides: dict[Site, Side] | None = None


class StrengthIn(_Model):
    muscle: Muscle
    side: Side
    mrc: MrcGrade


class ReflexIn(_Model):
    reflex: Reflex
    side: Side
    grade: ReflexGrade


class ToneIn(_Model):
    muscle: Muscle
    side: Side
    modified_ashworth: AshworthGrade


class SiteIn(_Model):
    site: Site
    side: Side


class SensoryLossIn(SiteIn):
    modality: Modality | None = None


class PlantarIn(_Model):
    left: Plantar | None = None
    right: Plantar | None = None


class ClonusIn(_Model):
    left: bool | None = None
    right: bool | None = None


class ExamIn(_Model):
    strength: list[StrengthIn] | None = None
    reflexes: list[ReflexIn] | None = None
    tone: list[ToneIn] | None = None
    plantar: PlantarIn | None = None
    ankle_clonus: ClonusIn | None = None
    fasciculations: list[SiteIn] | None = None
    atrophy: list[SiteIn] | None = None
    sensory_loss: list[SensoryLossIn] | None = None
    chvostek: bool | None = None
    trousseau: bool | None = None


class LabIn(_Model):
    # Every test of the format is a concentration, activity, ratio or rate: never negative.
    test: LabTest | None = None
    loinc: Text | None = None
    value: NonNegative
    unit: Text
    reference_low: NonNegative | None = None
    reference_high: NonNegative | None = None
    # Input extension (docs/input-extensions.md): when the sample was taken.
    collected_at: Moment | None = None


class AnkleIn(_Model):
    dorsalis_pedis: NonNegative | None = None
    posterior_tibial: NonNegative | None = None


class BrachialIn(_Model):
    # The ABI divides by the brachial pressure, so zero cannot be a measurement.
    left: Positive | None = None
    right: Positive | None = None


class AnkleSidesIn(_Model):
    left: AnkleIn | None = None
    right: AnkleIn | None = None


class PulseIn(_Model):
    artery: Artery
    side: Side
    grade: PulseGrade


class VascularIn(_Model):
    brachial_systolic_mmhg: BrachialIn | None = None
    ankle_systolic_mmhg: AnkleSidesIn | None = None
    pulses: list[PulseIn] | None = None
    capillary_refill_seconds: NonNegative | None = None
    claudication: bool | None = None


class MedicationIn(_Model):
    name: Text
    dose: str | None = None
    started: Started | None = None


# Built from the dataclass so that adding a vital sign to the domain is enough.
# Every vital sign the program records (temperature in C, rates, pressures,
# saturation) is a non-negative magnitude.
VitalsIn: type[_Model] = create_model(  # type: ignore[call-overload]
    "VitalsIn",
    __base__=_Model,
    **{f.name: (NonNegative | None, None) for f in dataclasses.fields(Vitals)},
)


class AssessmentIn(_Model):
    format: str
    version: int
    patient: PatientIn
    visit_date: Day | None = None
    history: HistoryIn | None = None
    exam: ExamIn | None = None
    labs: list[LabIn] | None = None
    vascular: VascularIn | None = None
    medications: list[MedicationIn] | None = None
    vitals: VitalsIn | None = None
    context: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]] | None = None
    # Input extension (docs/input-extensions.md): the clinician's note of each step of the visit.
    notes: dict[VisitStep, str] | None = None


def _shown(value: object) -> str:
    text = repr(value) if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= _MAX_SHOWN_INPUT else text[: _MAX_SHOWN_INPUT - 3] + "..."


def field_path(loc: tuple[int | str, ...]) -> str:
    """`("labs", 1, "unit")` -> `labs[1].unit`; an odd key (spaces, newlines) is quoted: `history['a b']`."""
    text = ""
    for key in loc:
        if isinstance(key, int):
            text += f"[{key}]"
        elif not re.fullmatch(r"[A-Za-z0-9_-]{1,60}", key):
            text += f"[{_shown(key)}]"
        else:
            text += f".{key}" if text else key
    return text or "(document)"


def _describe(error: ErrorDetails, *, reveal: bool = True) -> str:
    """What is wrong, in words; without the value given when `reveal` is False (a patient's)."""
    described = _described(error)
    if reveal:
        return described
    for shown in {_shown(error["input"]), repr(error["input"])}:
        described = described.replace(shown, "")
    described = re.sub(r",? got\s*$", "", described.strip())
    return " ".join(described.split()) or "not accepted"


def _described(error: ErrorDetails) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return f"expected a JSON object, got {_shown(error['input'])}"
    if kind == "string_type":
        return f"expected text in quotes, got {_shown(error['input'])}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "string_pattern_mismatch":
        return f"{_shown(error['input'])} is not a snake_case id"
    if kind == "finite_number":
        return "must be a finite number"
    return f"{error['msg'][0].lower()}{error['msg'][1:]}, got {_shown(error['input'])}"


def _from_validation_error(error: ValidationError) -> AssessmentFormatError:
    first = error.errors(include_url=False)[0]
    # A patient's details never come back in a message: the field is named, not the value.
    reveal = not first["loc"] or first["loc"][0] != "patient"
    return AssessmentFormatError(field_path(first["loc"]), _describe(first, reveal=reveal))


def _check_header(data: dict[str, Any]) -> None:
    if "format" not in data:
        raise AssessmentFormatError("format", f"required ('{FORMAT}')")
    if data["format"] != FORMAT:
        raise AssessmentFormatError("format", f"expected '{FORMAT}', got {_shown(data['format'])}")
    if "version" not in data:
        raise AssessmentFormatError("version", f"required ({VERSION})")
    version = data["version"]
    if type(version) is not int or version != VERSION:
        raise AssessmentFormatError(
            "version", f"this program reads version {VERSION}, got {_shown(version)}"
        )


# Other names of one unit, after _spelling: the same quantity, so no number changes
# (1 uIU/mL = 1 mU/L = 1 mIU/L; an international unit of enzyme activity is a U).
_SAME_UNIT = {"uiu/ml": "miu/l", "mu/l": "miu/l", "iu/l": "u/l"}


def _spelling(unit: str) -> str:
    """A unit with micro (µ, μ, mc) as u, superscript 2 as 2, no spaces, in lower case."""
    for other, usual in (("\u00b5", "u"), ("\u03bc", "u"), ("\u00b2", "2"), ("^2", "2")):
        unit = unit.replace(other, usual)
    return "".join(unit.split()).casefold().replace("mcg", "ug")


def known_unit(typed: str, known: Collection[str]) -> str | None:
    """The catalogue's spelling of `typed` among `known` units (µmol/L is umol/L), or None."""
    if typed in known:
        return typed
    spelt = _spelling(typed)
    same = [unit for unit in known if _spelling(unit) == spelt]
    if same:
        return same[0] if len(same) == 1 else None
    meaning = _SAME_UNIT.get(spelt, spelt)
    # Units of one meaning are the same quantity, so the first of them reads the value right.
    alike = [unit for unit in known if _SAME_UNIT.get(_spelling(unit), _spelling(unit)) == meaning]
    return alike[0] if alike else None


def _resolve_lab(index: int, lab: LabIn, catalog: LabUnits) -> tuple[str, str]:
    """The lab's test name and unit as the catalogue spells it, after checking its LOINC code."""
    where = f"labs[{index}]"
    test = lab.test
    if lab.loinc is not None:
        named = catalog.test_for_loinc(lab.loinc)
        if named is None:
            corrected = catalog.corrected_test_for_loinc(lab.loinc)
            if corrected is not None:
                raise AssessmentFormatError(
                    f"{where}.loinc",
                    f"LOINC {lab.loinc} is a calculated (corrected) {corrected}: give the measured "
                    f"{corrected} and albumin instead; the program corrects it",
                )
            raise AssessmentFormatError(f"{where}.loinc", f"unknown LOINC code {lab.loinc!r}")
        if test is not None and named != test:
            raise AssessmentFormatError(
                f"{where}.loinc", f"LOINC {lab.loinc} is {named}, but test says {test}"
            )
        test = named
    if test is None:
        raise AssessmentFormatError(f"{where}.test", "required (or give loinc)")
    units = catalog.units_for(test)
    unit = known_unit(lab.unit, units)
    if unit is None:
        raise AssessmentFormatError(
            f"{where}.unit",
            f"unknown unit {_shown(lab.unit)} for {test} (known: {', '.join(units)})",
        )
    if lab.loinc is not None and not catalog.loinc_agrees_with_unit(lab.loinc, test, unit):
        # The reference's LOINC rule: a molar unit under a mass code is a coding error, not a
        # number to convert.
        raise AssessmentFormatError(
            f"{where}.loinc",
            f"LOINC {lab.loinc} does not code {test} results in {unit} (mass vs molar unit)",
        )
    low, high = lab.reference_low, lab.reference_high
    if low is not None and high is not None and low > high:
        raise AssessmentFormatError(
            f"{where}.reference_low", f"{low:g} is above reference_high {high:g}"
        )
    return test, unit


def _check_consistency(model: AssessmentIn) -> None:
    # Weeks given without `pregnant: true` are kept but not read (the rules ask `pregnant`):
    # the contract refuses only unknown keys, units, out-of-range values and malformed JSON.
    patient = model.patient
    if model.visit_date is not None and model.visit_date < patient.birth_date:
        raise AssessmentFormatError(
            "visit_date", f"{model.visit_date.isoformat()} is before the patient's birth date"
        )
    history = model.history
    if history is not None and history.site_sides:
        listed = set(history.sites or ())
        for site in history.site_sides:
            if site not in listed:
                raise AssessmentFormatError(
                    f"history.site_sides.{site}", f"{site!r} is not one of history.sites"
                )


def _check_context(ids: list[str], known: Collection[str]) -> None:
    for index, context_id in enumerate(ids):
        if context_id not in known:
            close = difflib.get_close_matches(context_id, list(known), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise AssessmentFormatError(
                f"context[{index}]",
                f"unknown id {context_id!r} (docs/input-extensions.md lists them){hint}",
            )


def parse_assessment(
    data: object, catalog: LabUnits, *, context_ids: Collection[str] | None = None
) -> Assessment:
    """Validate a decoded JSON document and build the domain Assessment it describes.

    `context_ids`, when given (Knowledge.context_ids()), are the only ids `context` may hold,
    so a misspelt id is refused instead of silently answering no rule.
    """
    if not isinstance(data, dict):
        raise AssessmentFormatError("(document)", f"expected a JSON object, got {_shown(data)}")
    _check_header(data)
    over_limit = _limit_problem(data)
    try:
        model = AssessmentIn.model_validate(data)
    except ValidationError as error:
        unknown = error.errors(include_url=False)[0]["type"] == "extra_forbidden"
        if over_limit is None or unknown:
            raise _from_validation_error(error) from None  # an unknown key, whatever it holds
        raise over_limit from None
    if over_limit is not None:
        raise over_limit
    _check_consistency(model)
    if context_ids is not None:
        _check_context(model.context or [], context_ids)
    resolved = [_resolve_lab(i, lab, catalog) for i, lab in enumerate(model.labs or [])]
    plain = model.model_dump(mode="json", exclude_none=True, exclude={"format", "version"})
    for lab_plain, (test, unit) in zip(plain.get("labs", []), resolved, strict=True):
        lab_plain["test"] = test
        lab_plain["unit"] = unit
    return from_plain(Assessment, plain)


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            # json gives no position here; the key name is enough to find it.
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


def _whole_number(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise ValueError(
            f"a whole number of {len(digits.lstrip('-')):,} digits; numbers in an assessment "
            f"have at most {MAX_DIGITS}"
        )
    return int(digits)


# The json module's messages, in the words of someone fixing the file by hand.
_JSON_MESSAGES = {
    "Expecting value": "expected a value (a number, text in quotes, true, false, null, "
    "an object or a list)",
    "Expecting property name enclosed in double quotes": "expected a key in double quotes",
    "Expecting ',' delimiter": "expected a comma between two items",
    "Expecting ':' delimiter": "expected a colon after the key",
    "Unterminated string starting at": "text in quotes that is never closed starts here",
    "Invalid control character at": "a control character (a tab or a line break) inside text "
    "in quotes; write it as \\t or \\n",
    "Invalid \\escape": "an unknown escape after a backslash inside text in quotes",
    "Invalid \\uXXXX escape": "a \\u escape without four hexadecimal digits",
    "Extra data": "more text after the end of the document",
}


def decode_json(text: str) -> object:
    """Parse JSON text strictly (no NaN/Infinity, no duplicate keys), errors naming line and column."""
    try:
        return json.loads(
            text,
            object_pairs_hook=_refuse_duplicates,
            parse_constant=_refuse_constant,
            parse_int=_whole_number,
        )
    except json.JSONDecodeError as error:
        said = _JSON_MESSAGES.get(error.msg, error.msg[:1].lower() + error.msg[1:])
        raise AssessmentFormatError(
            f"line {error.lineno} column {error.colno}", f"malformed JSON: {said}"
        ) from None
    except RecursionError:
        raise AssessmentFormatError(
            "(document)", "malformed JSON: objects or lists nested too deeply"
        ) from None
    except ValueError as error:
        raise AssessmentFormatError("(document)", f"malformed JSON: {error}") from None


def _limit_problem(document: dict[str, Any]) -> AssessmentFormatError | None:
    """The first text or list of the decoded document over its documented limit
    (interop.limits), in document order; None when all are within them."""
    try:
        _check_limits(document)
    except AssessmentFormatError as error:
        return error
    return None


def _check_limits(document: dict[str, Any]) -> None:
    pending: collections.deque[tuple[tuple[int | str, ...], object]] = collections.deque(
        [((), document)]
    )
    while pending:
        path, value = pending.popleft()
        if isinstance(value, str):
            if len(path) == 2 and path[0] == "notes":  # typed in the window, lines and all
                _check_text(field_path(path), value, MAX_NOTE, NOTE_CONTROLS)
                continue
            limit = MAX_MRN_LENGTH if path == ("patient", "mrn") else MAX_TEXT
            _check_text(field_path(path), value, limit)
        elif isinstance(value, list):
            if len(value) > MAX_LIST_ITEMS:
                raise AssessmentFormatError(
                    field_path(path), f"{len(value):,} items; a list holds at most {MAX_LIST_ITEMS}"
                )
            pending.extend(((*path, index), item) for index, item in enumerate(value))
        elif isinstance(value, dict):
            if len(value) > MAX_LIST_ITEMS:
                raise AssessmentFormatError(
                    field_path(path),
                    f"{len(value):,} keys; an object holds at most {MAX_LIST_ITEMS}",
                )
            # Keys need no check here: an unknown one is refused by name (shortened, escaped).
            pending.extend(((*path, key), item) for key, item in value.items())


def _check_text(where: str, value: str, limit: int, allowed: frozenset[str] = frozenset()) -> None:
    if len(value) > limit:
        raise AssessmentFormatError(where, f"{len(value):,} characters; at most {limit:,}")
    problem = text_problem(value, allowed)
    if problem is not None:
        raise AssessmentFormatError(where, problem)


def load_assessment_file(
    path_or_dash: str | Path, catalog: LabUnits, *, context_ids: Collection[str] | None = None
) -> Assessment:
    """Read an assessment document from a file, or from standard input when given '-'."""
    name = str(path_or_dash)
    try:
        raw = read_document(name)
    except InputLimitError as error:
        raise AssessmentFormatError(error.where, error.message) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise AssessmentFormatError(
            name, f"not UTF-8 text (byte {error.start}): save it as UTF-8"
        ) from None
    return parse_assessment(decode_json(text), catalog, context_ids=context_ids)


def assessment_to_document(assessment: Assessment) -> dict[str, Any]:
    """The exchange document of `assessment`; parse_assessment(...) of it gives it back."""
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    document.update(to_plain(assessment))
    return document


def dumps_document(document: dict[str, Any]) -> str:
    """A document as the program writes it: UTF-8 text, indented, with a final newline."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
