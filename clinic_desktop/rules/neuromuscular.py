"""Neuromuscular findings: motor neuron sign patterns, weakness, reflexes, tone, and cramp presentations."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from clinic_desktop.domain.assessment import Assessment, Exam, History, SiteFinding
from clinic_desktop.knowledge.neuromuscular import NeuromuscularKnowledge, load_neuromuscular
from clinic_desktop.rules.evaluation import Finding
from clinic_desktop.rules.medications import days_since_start

_MRC_ORDER = ("0", "1", "2", "3", "4-", "4", "4+", "5-", "5")
_MAS_ORDER = ("0", "1", "1+", "2", "3", "4")
_CATEGORY = "neuromuscular"


EXAM_SIGN_IDS = frozenset(
    {
        "muscle_weakness",
        "limb_motor_weakness",
        "paralysis",
        "proximal_muscle_weakness",
        "bilateral_leg_weakness",
        "weakness_more_than_one_limb",
        "reduced_reflexes",
        "reduced_or_absent_reflexes_in_weak_limbs",
        "hyperreflexia",
        "extensor_plantar",
        "ankle_clonus",
        "inducible_clonus",
        "spasticity",
        "hypertonia",
        "umn_signs",
        "lmn_signs",
        "mixed_motor_neuron_pattern",
        "fasciculations",
        "muscle_wasting",
        "sensory_loss",
        "limb_sensory_loss",
        "proprioceptive_loss_or_sensory_ataxia",
        "trousseau_positive",
        "chvostek_positive",
        "dystonia",
        "acute_dystonia",
        "other_neurological_signs",
    }
)
"""Every sign `exam_signs` can name (the red-flag input mapping may refer to these)."""


def _sides(side: str) -> tuple[str, ...]:
    return ("left", "right") if side == "bilateral" else (side,)


@dataclass(frozen=True, slots=True)
class ExamSigns:
    """What the examination shows, named as the clinical reference's exam ids where it has one."""

    ids: frozenset[str]
    weak: tuple[tuple[str, str, str], ...] = ()
    """(muscle, side, MRC grade) of every muscle graded below 5."""
    weak_limbs: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    """(limb, side) pairs with a weak muscle."""
    reduced_reflexes: tuple[tuple[str, str, str], ...] = ()
    upper_signs: tuple[str, ...] = ()
    lower_signs: tuple[str, ...] = ()


def exam_signs(
    assessment: Assessment, knowledge: NeuromuscularKnowledge | None = None
) -> ExamSigns:
    """Name the signs in the exam (and presentations the reference treats as exam findings)."""
    kb = knowledge or load_neuromuscular()
    exam = assessment.exam or Exam()
    history = assessment.history or History()
    ids: set[str] = set()

    weak = tuple((s.muscle, s.side, s.mrc) for s in exam.strength or [] if s.mrc != "5")
    weak_limbs = frozenset(
        (limb, side)
        for muscle, raw_side, _ in weak
        if (limb := kb.limb_of_muscle(muscle)) is not None
        for side in _sides(raw_side)
    )
    if weak:
        ids |= {"muscle_weakness", "limb_motor_weakness"}
    if any(grade == "0" for _, _, grade in weak):
        ids.add("paralysis")
    if any(muscle in kb.muscles.proximal for muscle, _, _ in weak):
        ids.add("proximal_muscle_weakness")
    if {("leg", "left"), ("leg", "right")} <= weak_limbs:
        ids.add("bilateral_leg_weakness")
    if len(weak_limbs) >= 2:
        ids.add("weakness_more_than_one_limb")

    reflexes = exam.reflexes or []
    reduced = tuple(
        (r.reflex, r.side, r.grade) for r in reflexes if r.grade in kb.grades.reduced_reflex
    )
    if reduced:
        ids.add("reduced_reflexes")
    if any(
        (kb.limb_of_reflex(reflex), side) in weak_limbs
        for reflex, raw_side, _ in reduced
        for side in _sides(raw_side)
    ):
        ids.add("reduced_or_absent_reflexes_in_weak_limbs")
    if any(r.grade in kb.grades.brisk_reflex for r in reflexes):
        ids.add("hyperreflexia")
    plantar = exam.plantar
    if plantar is not None and "extensor" in (plantar.left, plantar.right):
        ids.add("extensor_plantar")
    clonus = exam.ankle_clonus
    if clonus is not None and True in (clonus.left, clonus.right):
        ids.add("ankle_clonus")
    if "ankle_clonus" in ids or any(r.grade in kb.grades.clonus_reflex for r in reflexes):
        ids.add("inducible_clonus")
    if any(t.modified_ashworth != "0" for t in exam.tone or []):
        ids |= {"spasticity", "hypertonia"}

    upper = tuple(
        s for s in ("hyperreflexia", "extensor_plantar", "ankle_clonus", "spasticity") if s in ids
    )
    if upper:
        ids.add("umn_signs")
    if exam.fasciculations:
        ids.add("fasciculations")
    if exam.atrophy:
        ids.add("muscle_wasting")
    # Fasciculations or reduced reflexes alone can be benign; with weakness or wasting they form the pattern.
    lower: list[str] = []
    if exam.atrophy or (weak and (exam.fasciculations or reduced)):
        candidates = (
            ("weakness", bool(weak)),
            ("atrophy", bool(exam.atrophy)),
            ("fasciculations", bool(exam.fasciculations)),
            ("reduced_reflexes", bool(reduced)),
        )
        lower = [name for name, present in candidates if present]
        ids.add("lmn_signs")

    if upper and lower:
        ids.add("mixed_motor_neuron_pattern")
    sensory = exam.sensory_loss or []
    if sensory:
        ids.add("sensory_loss")
    if any(s.site in kb.limb_sites for s in sensory):
        ids.add("limb_sensory_loss")
    if any(s.modality == "proprioception" for s in sensory):
        ids.add("proprioceptive_loss_or_sensory_ataxia")
    if exam.trousseau:
        ids.add("trousseau_positive")
    if exam.chvostek:
        ids.add("chvostek_positive")
    if "dystonia" in (history.presentations or []):
        ids |= {"dystonia", "acute_dystonia"}
    if ids & {"umn_signs", "muscle_weakness", "muscle_wasting", "fasciculations", "sensory_loss"}:
        ids.add("other_neurological_signs")
    return ExamSigns(
        ids=frozenset(ids),
        weak=weak,
        weak_limbs=weak_limbs,
        reduced_reflexes=reduced,
        upper_signs=upper,
        lower_signs=tuple(lower),
    )


def neuromuscular_findings(
    assessment: Assessment, language: str, knowledge: NeuromuscularKnowledge | None = None
) -> tuple[Finding, ...]:
    """The neuromuscular and history-derived findings of one assessment, in `language`."""
    kb = knowledge or load_neuromuscular()
    signs = exam_signs(assessment, kb)
    exam = assessment.exam or Exam()
    history = assessment.history or History()
    conditions = frozenset(history.conditions or ())
    sequela = list(_stroke_sequelae(signs, exam, history, kb, language))
    hemiparesis = any(f.id == "stroke_sequela_hemiparesis" for f in sequela)
    out: list[Finding] = []
    out.extend(_motor_pattern(signs, conditions, kb, language))
    out.extend(_weakness(signs, kb, language, hemiparesis))
    out.extend(_reflexes(signs, kb, language))
    out.extend(_tone(exam, history, kb, language))
    out.extend(_fasciculations(assessment, signs, kb, language))
    out.extend(_atrophy(exam.atrophy or [], kb, language))
    out.extend(_sensory(exam.sensory_loss or [], kb, language))
    out.extend(_tetany(exam, history, kb, language))
    out.extend(_recorded_tetany(assessment.context or (), history, kb, language))
    out.extend(_presentations(assessment, kb, language))
    out.extend(sequela)
    return tuple(_reflex_code_beside_spasm(out, signs, conditions, kb))


def _finding(
    kb: NeuromuscularKnowledge,
    language: str,
    finding_id: str,
    text: str,
    *,
    spec_id: str | None = None,
    icd10cm: str | None = None,
    extra_sources: Iterable[str] = (),
    category: str = _CATEGORY,
) -> Finding:
    spec = kb.findings[spec_id or finding_id]
    sources = tuple(dict.fromkeys([*spec.sources, *extra_sources]))
    sentence = text[:1].upper() + text[1:]
    return Finding(
        id=finding_id,
        text=sentence,
        sources=sources,
        icd10cm=icd10cm,
        category=category,
        patient_text=spec.patient.pick(language),
    )


def _join(items: Iterable[str], kb: NeuromuscularKnowledge, language: str) -> str:
    listed = list(items)
    if len(listed) <= 1:
        return "".join(listed)
    return ", ".join(listed[:-1]) + f" {kb.word('and', language)} " + listed[-1]


def _motor_pattern(
    signs: ExamSigns, conditions: frozenset[str], kb: NeuromuscularKnowledge, language: str
) -> Iterable[Finding]:
    upper = [kb.word(s, language) for s in signs.upper_signs]
    lower = [kb.word(s, language) for s in signs.lower_signs]
    if upper and lower:
        spec = kb.findings["mixed_motor_neuron_pattern"]
        text = spec.text.pick(language).format(signs=_join(upper + lower, kb, language))
        yield _finding(kb, language, "mixed_motor_neuron_pattern", text)
        return
    if upper:
        spec = kb.findings["upper_motor_neuron_pattern"]
        # icd10cm.coding_rules abnormal_reflex_with_spasm (2026-12): R29.2 for hyperreflexia, clonus
        # or a Babinski response (raised tone alone is coded as spasticity), while no recorded
        # diagnosis explains the signs.
        # Clonus and a Babinski response are always abnormal; a brisk (3+) reflex may be normal,
        # so hyperreflexia alone is coded only beside a spasm code (_reflex_code_beside_spasm).
        abnormal = {"inducible_clonus", "extensor_plantar"} & signs.ids
        explained = conditions.intersection(spec.explained_by)
        code = spec.icd10cm if abnormal and not explained else None
        text = spec.text.pick(language).format(signs=_join(upper, kb, language))
        yield _finding(kb, language, "upper_motor_neuron_pattern", text, icd10cm=code)
    if lower:
        spec = kb.findings["lower_motor_neuron_pattern"]
        text = spec.text.pick(language).format(signs=_join(lower, kb, language))
        yield _finding(kb, language, "lower_motor_neuron_pattern", text)


def _weakness(
    signs: ExamSigns, kb: NeuromuscularKnowledge, language: str, hemiparesis: bool = False
) -> Iterable[Finding]:
    if not signs.weak:
        return
    spec = kb.findings["muscle_weakness"]
    grades = _join(
        (f"{kb.word(m, language)} {kb.word(side, language)} {g}" for m, side, g in signs.weak),
        kb,
        language,
    )
    worst = min((g for _, _, g in signs.weak), key=_MRC_ORDER.index)
    text = spec.text.pick(language).format(
        grades=grades, worst=worst, meaning=kb.scales.mrc.meaning(worst, language)
    )
    if len(signs.weak_limbs) == 1 and spec.focal is not None:
        text += " " + spec.focal.pick(language)
    # M62.81 names generalised weakness: only when more than one limb is weak, and not when the
    # weakness is a stroke's hemiparesis, which I69.35x codes (coding_rules post_stroke_spasticity).
    code = spec.icd10cm if len(signs.weak_limbs) >= 2 and not hemiparesis else None
    yield _finding(
        kb, language, "muscle_weakness", text, icd10cm=code, extra_sources=kb.scales.mrc.source
    )


def _reflexes(signs: ExamSigns, kb: NeuromuscularKnowledge, language: str) -> Iterable[Finding]:
    if not signs.reduced_reflexes:
        return
    spec = kb.findings["reduced_reflexes"]
    listed = _join(
        (
            f"{kb.word(r, language)} {kb.word(side, language)} {g}"
            for r, side, g in signs.reduced_reflexes
        ),
        kb,
        language,
    )
    text = spec.text.pick(language).format(reflexes=listed)
    extra: tuple[str, ...] = ()
    ankle_only = all(r == "achilles" for r, _, _ in signs.reduced_reflexes)
    if ankle_only and spec.ankle_only is not None:
        text += " " + spec.ankle_only.pick(language)
        extra = spec.ankle_only.sources
    # Coded only when a reflex is absent (always abnormal) and not just an ankle jerk, which
    # healthy older adults may lack; 1+ may or may not be normal.
    absent = any(g == "0" for _, _, g in signs.reduced_reflexes)
    code = spec.icd10cm if absent and not ankle_only else None
    yield _finding(kb, language, "reduced_reflexes", text, icd10cm=code, extra_sources=extra)


def _tone(
    exam: Exam, history: History, kb: NeuromuscularKnowledge, language: str
) -> Iterable[Finding]:
    spec = kb.findings["spasticity"]
    raised = [t for t in exam.tone or [] if t.modified_ashworth != "0"]
    if raised:
        grades = _join(
            (
                f"{kb.word(t.muscle, language)} {kb.word(t.side, language)} {t.modified_ashworth}"
                for t in raised
            ),
            kb,
            language,
        )
        worst = max((t.modified_ashworth for t in raised), key=_MAS_ORDER.index)
        meaning = kb.scales.modified_ashworth.meaning(worst, language)
        text = spec.text.pick(language).format(grades=grades, worst=worst, meaning=meaning)
        yield _finding(kb, language, "spasticity", text, icd10cm=spec.icd10cm)
    elif "spasticity" in (history.presentations or []) and spec.history_only is not None:
        yield _finding(
            kb, language, "spasticity", spec.history_only.pick(language), icd10cm=spec.icd10cm
        )
    if history.penn_spasm_frequency is not None:
        penn = kb.findings["penn_spasm_frequency"]
        score = str(history.penn_spasm_frequency)
        text = penn.text.pick(language).format(
            score=score, meaning=kb.scales.penn.meaning(score, language)
        )
        yield _finding(kb, language, "penn_spasm_frequency", text, category="history")


def _site_list(items: Iterable[SiteFinding], kb: NeuromuscularKnowledge, language: str) -> str:
    return _join(
        (
            f"{kb.word(i.site, language)} {kb.word(i.side, language)}"
            + (f" ({kb.word(i.modality, language)})" if i.modality else "")
            for i in items
        ),
        kb,
        language,
    )


def _fasciculations(
    assessment: Assessment, signs: ExamSigns, kb: NeuromuscularKnowledge, language: str
) -> Iterable[Finding]:
    exam = assessment.exam or Exam()
    history = assessment.history or History()
    reported = "fasciculations" in (history.presentations or [])
    if not exam.fasciculations and not reported:
        return
    spec = kb.findings["fasciculations"]
    sites = _site_list(exam.fasciculations or [], kb, language)
    text = spec.text.pick(language).format(
        sites=f"{kb.word('at', language)}{sites}" if sites else ""
    )
    yield _finding(kb, language, "fasciculations", text, icd10cm=spec.icd10cm)
    if exam.fasciculations and _benign_pattern(exam, history):
        benign = kb.findings["benign_fasciculation_pattern"]
        yield _finding(kb, language, "benign_fasciculation_pattern", benign.text.pick(language))


def _benign_pattern(exam: Exam, history: History) -> bool:
    """The reference's display condition; each part must have been assessed (absence is not normal)."""
    strength_normal = bool(exam.strength) and all(s.mrc == "5" for s in exam.strength or [])
    no_wasting = exam.atrophy is not None and not exam.atrophy
    reflexes_normal = bool(exam.reflexes) and all(r.grade == "2+" for r in exam.reflexes or [])
    symptoms = history.symptoms
    no_bulbar_or_breathing = symptoms is not None and not (
        {"dysphagia_or_dysarthria", "breathlessness", "stridor_or_dysphonia"} & set(symptoms)
    )
    return strength_normal and no_wasting and reflexes_normal and no_bulbar_or_breathing


def _atrophy(
    items: list[SiteFinding], kb: NeuromuscularKnowledge, language: str
) -> Iterable[Finding]:
    if not items:
        return
    spec = kb.findings["muscle_atrophy"]
    codes = spec.codes or {}
    coded: list[tuple[str, str, str]] = []
    uncoded: list[SiteFinding] = []
    for item in items:
        by_side = codes.get(item.site)
        if isinstance(by_side, dict):
            for side in _sides(item.side):
                coded.append((item.site, side, by_side[side]))
        else:
            uncoded.append(item)
    for site, side, code in dict.fromkeys(coded):
        label = f"{kb.word('at', language)}{kb.word(site, language)} {kb.word(side, language)}"
        text = spec.text.pick(language).format(sites=label)
        yield _finding(
            kb,
            language,
            f"muscle_atrophy_{side}_{site}",
            text,
            spec_id="muscle_atrophy",
            icd10cm=code,
        )
    if uncoded:
        sites = _site_list(uncoded, kb, language)
        text = spec.text.pick(language).format(sites=f"{kb.word('at', language)}{sites}")
        yield _finding(kb, language, "muscle_atrophy", text)


def _sensory(
    items: list[SiteFinding], kb: NeuromuscularKnowledge, language: str
) -> Iterable[Finding]:
    if not items:
        return
    spec = kb.findings["sensory_loss"]
    text = spec.text.pick(language).format(sites=_site_list(items, kb, language))
    # The reference records the distribution: both feet point to a length-dependent pattern.
    foot_sides = {side for item in items if item.site == "foot" for side in _sides(item.side)}
    if foot_sides == {"left", "right"} and spec.stocking is not None:
        text += " " + spec.stocking.pick(language)
    yield _finding(kb, language, "sensory_loss", text)


def _tetany(
    exam: Exam, history: History, kb: NeuromuscularKnowledge, language: str
) -> Iterable[Finding]:
    positive = [
        name for name, sign in (("chvostek", exam.chvostek), ("trousseau", exam.trousseau)) if sign
    ]
    if not positive:
        return
    spec = kb.findings["latent_tetany_signs"]
    signs = _join((kb.word(p, language) for p in positive), kb, language)
    text = spec.text.pick(language).format(signs=signs)
    surgery = [c for c in history.conditions or [] if c in ("thyroidectomy", "parathyroidectomy")]
    if surgery and spec.surgery is not None:
        conditions = _join((kb.word(c, language) for c in surgery), kb, language)
        text += " " + spec.surgery.pick(language).format(conditions=conditions)
    # Trousseau's sign is carpopedal spasm, which ICD-10-CM includes under R29.0 Tetany.
    code = spec.trousseau_code if exam.trousseau else None
    yield _finding(kb, language, "latent_tetany_signs", text, icd10cm=code)


def _recorded_tetany(
    context: Iterable[str], history: History, kb: NeuromuscularKnowledge, language: str
) -> Iterable[Finding]:
    """Frank tetany the clinician records (context `tetany_or_carpopedal_spasm`): R29.0 Tetany,
    whose inclusion term is carpopedal spasm, while no cause is established."""
    if "tetany_or_carpopedal_spasm" not in context:
        return
    spec = kb.findings["tetany"]
    text = spec.text.pick(language)
    surgery = [c for c in history.conditions or [] if c in ("thyroidectomy", "parathyroidectomy")]
    if surgery and spec.surgery is not None:
        conditions = _join((kb.word(c, language) for c in surgery), kb, language)
        text += " " + spec.surgery.pick(language).format(conditions=conditions)
    yield _finding(kb, language, "tetany", text, icd10cm=spec.icd10cm)


def _presentations(
    assessment: Assessment, kb: NeuromuscularKnowledge, language: str
) -> Iterable[Finding]:
    history = assessment.history or History()
    presentations = history.presentations or []
    if "nocturnal_leg_cramps" in presentations:
        spec = kb.findings["nocturnal_leg_cramps"]
        yield _finding(
            kb,
            language,
            "nocturnal_leg_cramps",
            spec.text.pick(language),
            icd10cm=spec.icd10cm,
            category="history",
        )
    if "skeletal_cramps" in presentations:
        yield from _cramps_by_site(history.sites or [], kb, language)
    if "dystonia" in presentations:
        finding_id = "dystonia"
        if _recently_started(assessment, kb, kb.findings[_DRUG_INDUCED_DYSTONIA].drug_class):
            finding_id = _DRUG_INDUCED_DYSTONIA
        spec = kb.findings[finding_id]
        yield _finding(
            kb,
            language,
            finding_id,
            spec.text.pick(language),
            icd10cm=spec.icd10cm,
            category="history",
        )


# Dystonia soon after a dopamine antagonist is the acute dystonic reaction the red flag names;
# its code is G24.02 (drug induced acute dystonia), more specific than G24.9.
_DRUG_INDUCED_DYSTONIA = "drug_induced_acute_dystonia"


def _recently_started(
    assessment: Assessment, kb: NeuromuscularKnowledge, drug_class: str | None
) -> bool:
    """True when a medication of `drug_class` surely started within the red flags' window."""
    drugs = kb.drugs
    if drugs is None or drug_class is None:
        return False
    limit = drugs.timing.started_within_days_for_red_flags
    for medication in assessment.medications or []:
        entry = drugs.match(medication.name)
        if entry is None or drug_class not in entry.class_ids:
            continue
        days = days_since_start(medication.started, assessment.visit_date)
        if days is not None and days[1] <= limit:
            return True
    return False


def _cramps_by_site(
    sites: list[str], kb: NeuromuscularKnowledge, language: str
) -> Iterable[Finding]:
    """Site-specific M62.83x codes win over R25.2 (the reference's Excludes1 pair)."""
    spec = kb.findings["muscle_cramps"]
    codes = spec.codes or {}
    template = spec.text.pick(language)
    at = kb.word("at", language)
    for site in ("calf", "back"):
        code = codes.get(site)
        if site in sites and isinstance(code, str):
            text = template.format(sites=f"{at}{kb.word(site, language)}")
            yield _finding(
                kb,
                language,
                f"muscle_cramps_{site}",
                text,
                spec_id="muscle_cramps",
                icd10cm=code,
                category="history",
            )
    others = [s for s in sites if s not in ("calf", "back")]
    if others or not sites:
        code = codes.get("other" if others else "unsited")
        listed = _join((kb.word(s, language) for s in others), kb, language)
        text = template.format(sites=f"{at}{listed}" if listed else "")
        yield _finding(
            kb,
            language,
            "muscle_cramps",
            text,
            icd10cm=code if isinstance(code, str) else None,
            category="history",
        )


def _stroke_sequelae(
    signs: ExamSigns, exam: Exam, history: History, kb: NeuromuscularKnowledge, language: str
) -> Iterable[Finding]:
    """After a stroke (icd10cm.coding_rules post_stroke_spasticity): the arm and leg of one side
    weak is hemiparesis, I69.35x by side with the default dominance (right dominant, left
    non-dominant); spasticity without it is I69.398 with R25.2 beside it. The vocabulary's
    `stroke` does not say ischaemic or haemorrhagic: the reference's I69.3- codes are proposed."""
    if "stroke" not in (history.conditions or ()):
        return
    weak_sides = {side for _, side in signs.weak_limbs}
    hemi = [s for s in ("right", "left") if {("arm", s), ("leg", s)} <= signs.weak_limbs]
    if len(weak_sides) == 1 and hemi:
        side = hemi[0]
        spec = kb.findings["stroke_sequela_hemiparesis"]
        code = (spec.codes or {}).get(side)
        if isinstance(code, str):
            dominance = "dominant" if side == "right" else "non_dominant"
            text = spec.text.pick(language).format(
                side=kb.word(f"side_{side}", language),
                code=code,
                dominance=kb.word(dominance, language),
            )
            yield _finding(kb, language, "stroke_sequela_hemiparesis", text, icd10cm=code)
        return
    spastic = any(t.modified_ashworth != "0" for t in exam.tone or []) or (
        "spasticity" in (history.presentations or [])
    )
    if spastic:
        spec = kb.findings["stroke_sequela_spasticity"]
        yield _finding(
            kb,
            language,
            "stroke_sequela_spasticity",
            spec.text.pick(language),
            icd10cm=spec.icd10cm,
        )


def _reflex_code_beside_spasm(
    findings: list[Finding],
    signs: ExamSigns,
    conditions: frozenset[str],
    kb: NeuromuscularKnowledge,
) -> list[Finding]:
    """R29.2 for hyperreflexia beside R25.2 or an M62.8x code (icd10cm.coding_rules
    abnormal_reflex_with_spasm), unless a recorded diagnosis explains the signs."""
    spec = kb.findings["upper_motor_neuron_pattern"]
    spasm = any(f.icd10cm == "R25.2" or (f.icd10cm or "").startswith("M62.8") for f in findings)
    if "hyperreflexia" not in signs.ids or not spasm or conditions.intersection(spec.explained_by):
        return findings
    return [
        replace(f, icd10cm=spec.icd10cm)
        if f.id == "upper_motor_neuron_pattern" and f.icd10cm is None
        else f
        for f in findings
    ]
