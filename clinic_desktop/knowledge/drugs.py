"""The drug list: maps a typed medication name to its drug and the classes the rules reason about."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from clinic_desktop.knowledge.base import StrictModel
from clinic_desktop.knowledge.citations import Cites
from clinic_desktop.knowledge.treatments import Condition
from clinic_desktop.knowledge.yaml_loader import load_yaml_model
from clinic_desktop.paths import resource_path

Role = Literal[
    "cramp_associated",
    "treatment_option",
    "interacting_drug",
    "do_not_flag",
    "causes_other_movement_disorder",
    "grouping",
]
# When one drug belongs to classes with different roles, the review reports the most telling one.
_ROLE_PRIORITY: tuple[Role, ...] = (
    "cramp_associated",
    "causes_other_movement_disorder",
    "treatment_option",
    "interacting_drug",
    "do_not_flag",
    "grouping",
)


class Text(StrictModel):
    en: str = Field(min_length=1)
    es: str = Field(min_length=1)

    def pick(self, language: str) -> str:
        return self.es if language == "es" else self.en


class Timing(StrictModel):
    long_term_after_days: int = Field(gt=0)
    long_term_source: Cites
    long_term_note: str
    recent_start_within_days: int = Field(gt=0)
    recent_start_source: Cites
    recent_start_note: str
    started_within_days_for_red_flags: int = Field(gt=0)
    started_within_days_source: Cites
    started_within_days_note: str


class Caution(StrictModel):
    """A caution the reference attaches to a medicine: shown for a current one, and beside the
    option in the treatment picker; `show_if` limits it to the patients it concerns."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    text: Text
    source: Cites
    show_if: Condition | None = None


class Interaction(StrictModel):
    """A medicine of `with_classes` taken with this one: contraindicated (the option is never
    offered) or to be avoided (offered with the caution)."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    with_classes: list[str] = Field(min_length=1)
    contraindicated: bool
    text: Text
    source: Cites


class Suppression(StrictModel):
    """History that rules the option out (dantrolene with liver disease), with the reason shown."""

    when: Condition
    text: Text
    source: Cites


class DrugClass(StrictModel):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    label: Text
    role: Role
    flag_as_cause: bool
    never_auto_suggest: bool = False
    evidence: Text | None = None
    mechanism: Text | None = None
    review: Text | None = None
    """Said instead of the usual 'review with the prescriber' (a reliever inhaler is never to be
    stopped on cramp grounds)."""
    review_source: Cites | None = None
    mention_last: bool = False
    """A low-priority cause: its finding comes after the other medicines' (reference flag_priority)."""
    icd10cm_adverse_effect: str | None = None
    timing_rule: Literal["recent_start", "long_term"] | None = None
    cautions: list[Caution] = Field(default_factory=list)
    interactions: list[Interaction] = Field(default_factory=list)
    suppress_if: Suppression | None = None
    source: Cites


class GenericNames(StrictModel):
    en: list[str]
    es: list[str]


class DrugRecord(StrictModel):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    generic: GenericNames
    brands: list[str]
    aliases: list[str] = Field(default_factory=list)
    """Brand names clinicians type without the device suffix ('Advair' for Advair Diskus): they
    match as whole words anywhere in what was typed (reference brand_aliases)."""
    classes: list[str] = Field(min_length=1)
    names_note: str | None = None


class FindingTemplate(StrictModel):
    """A finding's wording, with {placeholders} the medication review fills in."""

    text: Text
    review: Text | None = None
    source: Cites | None = None
    patient: Text | None = None
    """The finding in plain words for the patient's plan; None keeps it for the clinician."""


REQUIRED_FINDINGS = (
    "drug_associated_cramps",
    "timing_recent_start",
    "timing_long_term",
    "timing_not_long_term",
    "medication_not_recognised",
    "interaction_diltiazem_cyp3a4_statin",
    "interaction_fibrate_statin",
    "interaction_vitamin_k2_vka",
    "ppi_with_diuretic_magnesium",
    "quinine_in_use",
    "quinine_in_pregnancy",
    "biotin_assay_interference",
)


class DrugFile(StrictModel):
    version: Literal[1]
    about: str
    names_source: Cites
    timing: Timing
    classes: list[DrugClass]
    drugs: list[DrugRecord]
    findings: dict[str, FindingTemplate]

    @model_validator(mode="after")
    def _classes_exist(self) -> DrugFile:
        missing = [f for f in REQUIRED_FINDINGS if f not in self.findings]
        if missing:
            raise ValueError(f"findings lacks {missing}")
        known = {c.id for c in self.classes}
        for drug in self.drugs:
            unknown = [c for c in drug.classes if c not in known]
            if unknown:
                raise ValueError(f"drug {drug.id!r} names unknown class(es) {unknown}")
        for drug_class in self.classes:
            for interaction in drug_class.interactions:
                unknown = [c for c in interaction.with_classes if c not in known]
                if unknown:
                    raise ValueError(f"class {drug_class.id!r} interacts with unknown {unknown}")
        owner: dict[str, str] = {}
        for drug in self.drugs:
            for name in (*drug.generic.en, *drug.generic.es, *drug.brands, *drug.aliases):
                previous = owner.setdefault(normalise_name(name), drug.id)
                if previous != drug.id:
                    raise ValueError(f"name {name!r} belongs to both {previous!r} and {drug.id!r}")
        return self


@dataclass(frozen=True, slots=True)
class DrugEntry:
    """One drug as the rules see it."""

    id: str
    name_en: str
    name_es: str
    class_ids: tuple[str, ...]
    role: Role
    flag_as_cause: bool

    def name(self, language: str) -> str:
        return self.name_es if language == "es" else self.name_en


# A strength (a number with a unit) and whatever the clinician typed after it ("40 mg daily").
_STRENGTH = re.compile(
    r"\s*\d+(?:[.,]\d+)?(?:\s*/\s*\d+(?:[.,]\d+)?)*\s*"
    r"(?:mg|mcg|ug|µg|μg|g|ml|iu|ui|meq|mmol|units?|unidades)(?:\s*/\s*(?:ml|dosis|dose|puff|d|day|dia|día))?"
    r"(?:\s+.*)?$",
    re.IGNORECASE | re.DOTALL,
)
# A bare trailing number ("Lipitor 40", "Vytorin 10/40") is a strength typed without its unit;
# stripped only after the name failed to match with it, so names that end in a digit still match.
_BARE_STRENGTH = re.compile(r"\s+\d+(?:[.,]\d+)?(?:\s*/\s*\d+(?:[.,]\d+)?)*\s*$")
# A slash between two words joins the parts of a combination ("salmeterol/fluticasone").
_COMBINATION_SLASH = re.compile(r"(?<=[^\W\d])\s*/\s*(?=[^\W\d])")


_HYPHEN = re.compile(r"(?<=[^\W\d])\s*-\s*(?=[^\W\d])")
# Where a typed combination splits into its parts: a plus, or a slash with a word on either side
# ("lisinopril 20/hydrochlorothiazide 12.5"); a slash between numbers is a strength ("10/40").
_PART_SEPARATOR = re.compile(r"\s*\+\s*|\s*(?<=[^\W\d])\s*/\s*|\s*/\s*(?=[^\W\d])")


def normalise_name(text: str) -> str:
    """The comparison form of a drug name: no accents, no case, single spaces, uniform punctuation.

    The parts of a combination are put in alphabetical order, so either order matches.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = _COMBINATION_SLASH.sub("+", plain)
    plain = re.sub(r"[-_/,.;:()'\"]+", " ", plain)
    parts = (" ".join(part.split()) for part in plain.split("+"))
    return " + ".join(sorted(part for part in parts if part))


# Salts and their Spanish adjectives, in normalised form: the salt does not change the drug
# ("pantoprazole sodium", "atorvastatina cálcica"). Only ever tried after an exact match failed.
_SALTS = frozenset(
    {
        "sodium",
        "potassium",
        "calcium",
        "magnesium",
        "hydrochloride",
        "hcl",
        "sulfate",
        "sulphate",
        "besylate",
        "maleate",
        "mesylate",
        "succinate",
        "tartrate",
        "citrate",
        "sodico",
        "sodica",
        "potasico",
        "potasica",
        "calcico",
        "calcica",
        "magnesico",
        "magnesica",
    }
)


def strip_salt(normalised: str) -> str:
    """A normalised single-drug name without its trailing salt words (combinations are left alone)."""
    if "+" in normalised:
        return normalised
    words = normalised.split()
    while len(words) > 1 and words[-1] in _SALTS:
        words.pop()
    return " ".join(words)


def strip_strength(text: str) -> str:
    """`text` without a strength such as '40 mg' or '250/50 mcg' and what follows it (a number needs a unit)."""
    return _STRENGTH.sub("", text.strip()).strip()


# Words that may follow a strength after a slash without naming a drug ("40 mg/day", "c/12h").
_DOSING_WORDS = frozenset(
    {"d", "day", "dia", "dose", "dosis", "puff", "puffs", "night", "noche", "week", "semana"}
)


def swallows_a_drug(text: str) -> bool:
    """True when stripping `text`'s strength would also drop another drug typed after it
    ("Aciphex 20 mg / Zorblax"): such a name must not match its first part alone."""
    found = _STRENGTH.search(text.strip())
    if found is None:
        return False
    for part in _PART_SEPARATOR.split(found.group(0))[1:]:
        words = normalise_name(part).split()
        if words and words[0].isalpha() and len(words[0]) >= 3 and words[0] not in _DOSING_WORDS:
            return True
    return False


def strip_bare_strength(text: str) -> str:
    """`text` without a trailing unitless strength such as ' 40' or ' 10/40'."""
    return _BARE_STRENGTH.sub("", text.strip()).strip()


# Words clinicians type after a name that say the form or how often, not which drug
# ("albuterol HFA", "Botox injection", "cipro 500 bid", "omeprazole DR", "Prilosec OTC",
# "Nexium 24HR", "metoclopramide ODT"); normalised spelling.
_FILLER_WORDS = frozenset(
    {
        *("hfa", "mdi", "inhaler", "inhalador", "inh", "injection", "inyeccion", "inj"),
        *("er", "xr", "sr", "xl", "cr", "dr", "ec", "ir", "la", "odt", "otc", "12hr", "24hr"),
        *("tablet", "tablets", "tab", "tabs", "comprimido", "comprimidos"),
        *("capsule", "capsules", "cap", "caps", "capsula", "capsulas", "oral"),
        *("prn", "bid", "bd", "tid", "tds", "qid", "qd", "od", "qhs", "hs", "daily", "nightly"),
    }
)


def strip_fillers(text: str) -> str:
    """`text` (normalised) without trailing form and frequency words and unitless strengths."""
    words = normalise_name(text).split(" ")
    while len(words) > 1 and (words[-1] in _FILLER_WORDS or _BARE_STRENGTH.match(f" {words[-1]}")):
        words.pop()
    return " ".join(words)


class DrugList:
    """Every drug the program recognises, looked up by any of its names."""

    def __init__(self, document: DrugFile) -> None:
        self.timing = document.timing
        self.names_source = document.names_source
        self.findings = document.findings
        self._classes = {c.id: c for c in document.classes}
        self._by_name: dict[str, DrugEntry] = {}
        self._aliases: dict[tuple[str, ...], DrugEntry] = {}
        self._names: list[str] = []
        for record in document.drugs:
            roles = {self._classes[c].role for c in record.classes}
            entry = DrugEntry(
                id=record.id,
                name_en=(record.generic.en or record.generic.es or [record.id])[0],
                name_es=(record.generic.es or record.generic.en or [record.id])[0],
                class_ids=tuple(record.classes),
                role=next(r for r in _ROLE_PRIORITY if r in roles),
                flag_as_cause=any(self._classes[c].flag_as_cause for c in record.classes),
            )
            for name in (*record.generic.en, *record.generic.es, *record.brands, *record.aliases):
                self._by_name[normalise_name(name)] = entry
                if name not in self._names:
                    self._names.append(name)
            for alias in record.aliases:
                self._aliases[tuple(normalise_name(alias).split())] = entry
        self._names.sort(key=normalise_name)

    def match(self, name: str) -> DrugEntry | None:
        """The drug `name` denotes (ignoring case, accents, spacing, a trailing strength with or
        without its unit and a trailing salt such as 'sodium' or 'cálcica'), else None.

        A combination no entry lists ("lisinopril/hydrochlorothiazide") matches when every part
        does, and carries the classes of all its parts.
        """
        # Parts before strengths: stripping "12.5 mg / Advair" as a strength would drop a drug.
        found = self._by_name.get(normalise_name(name)) or self._match_parts(name)
        if found is not None or swallows_a_drug(name):
            return found
        found = self._match_single(name)
        if found is not None:
            return found
        plain = strip_bare_strength(strip_strength(name))
        found = self._match_single(plain) if plain != name.strip() else None
        if found is None and "+" not in normalise_name(name):
            found = self._match_single(strip_fillers(plain))
        return found or self._match_alias(name)

    def _match_alias(self, name: str) -> DrugEntry | None:
        """The drug whose brand alias appears as whole words in `name` ('Symbicort 2 puffs bd'),
        when exactly one drug's alias does."""
        words = re.split(r"[\s+]+", normalise_name(name))
        found = {
            entry.id: entry
            for alias, entry in self._aliases.items()
            if any(
                tuple(words[i : i + len(alias)]) == alias
                for i in range(len(words) - len(alias) + 1)
            )
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def _match_single(self, name: str) -> DrugEntry | None:
        found = self._by_name.get(normalise_name(name))
        if found is None:
            found = self._by_name.get(normalise_name(strip_strength(name)))
        if found is None:
            found = self._by_name.get(strip_salt(normalise_name(strip_strength(name))))
        return found

    def _match_parts(self, name: str) -> DrugEntry | None:
        """A combination built from its parts (each may carry its own strength), or None unless
        every part is a known drug."""
        parts = [part for part in _PART_SEPARATOR.split(name) if part.strip()]
        if len(parts) < 2:
            # A hyphen between two words joins them too ("lisinopril-hydrochlorothiazide");
            # tried only when every part is a known drug, so a hyphenated name is not split.
            parts = [part for part in _HYPHEN.split(name) if part.strip()]
        if len(parts) < 2:
            return None
        plain = [strip_bare_strength(strip_strength(part)) for part in parts]
        listed = self._by_name.get(normalise_name(" + ".join(plain)))
        if listed is not None:
            return listed
        entries: list[DrugEntry] = []
        for part in parts:
            entry = self._match_single(strip_bare_strength(strip_strength(part)))
            if entry is None:
                return None
            entries.append(entry)
        # The listed combination when there is one (same id whatever the order or spelling).
        listed = self._by_name.get(normalise_name(" + ".join(e.name_en for e in entries)))
        if listed is not None:
            return listed
        entries.sort(key=lambda e: e.id)
        class_ids = tuple(dict.fromkeys(c for e in entries for c in e.class_ids))
        roles = {self._classes[c].role for c in class_ids}
        return DrugEntry(
            id="_".join(e.id for e in entries),
            name_en=" + ".join(e.name_en for e in entries),
            name_es=" + ".join(e.name_es for e in entries),
            class_ids=class_ids,
            role=next(r for r in _ROLE_PRIORITY if r in roles),
            flag_as_cause=any(self._classes[c].flag_as_cause for c in class_ids),
        )

    def names(self) -> list[str]:
        """Every generic (English, Spanish) and brand name, for type-ahead."""
        return list(self._names)

    def drug_class(self, class_id: str) -> DrugClass:
        return self._classes[class_id]

    def class_ids(self) -> tuple[str, ...]:
        return tuple(self._classes)


def load_drug_list(path: Path | None = None) -> DrugList:
    """Read and validate the drug list (default: resources/clinical/drugs.yaml)."""
    document = load_yaml_model(path or resource_path("clinical", "drugs.yaml"), DrugFile)
    return DrugList(document)
