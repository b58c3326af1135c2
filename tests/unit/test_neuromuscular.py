"""Neuromuscular findings on worked examples: upper vs lower motor neuron patterns, scales, presentations.

Patterns follow the reference's exam_scales.motor_neuron_sign_patterns (GPnotebook / Kunam 2018 table):
UMN = hyperreflexia +/- clonus, spasticity, extensor plantar; LMN = weakness, wasting, fasciculations,
reduced or absent reflexes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from clinic_desktop.domain import vocabulary
from clinic_desktop.domain.assessment import (
    AnkleClonus,
    Assessment,
    Exam,
    History,
    Medication,
    Patient,
    PlantarResponses,
    ReflexGrade,
    SiteFinding,
    StrengthGrade,
    ToneGrade,
)
from clinic_desktop.rules.evaluation import Finding
from clinic_desktop.rules.neuromuscular import EXAM_SIGN_IDS, exam_signs, neuromuscular_findings


def assess(
    exam: Exam | None = None, history: History | None = None, language: str = "en"
) -> Assessment:
    return Assessment(
        patient=Patient("A-1", "Doe", "Jo", date(1970, 1, 1), language=language),
        visit_date=date(2026, 11, 20),
        exam=exam,
        history=history,
    )


def by_id(findings: tuple[Finding, ...]) -> dict[str, Finding]:
    return {f.id: f for f in findings}


def test_upper_motor_neuron_pattern_after_a_stroke() -> None:
    exam = Exam(
        reflexes=[ReflexGrade("patellar", "right", "4+")],
        plantar=PlantarResponses(left="flexor", right="extensor"),
        ankle_clonus=AnkleClonus(left=False, right=True),
        tone=[ToneGrade("elbow_flexors", "right", "2")],
        strength=[StrengthGrade("hip_flexors", "right", "4")],
    )
    found = by_id(neuromuscular_findings(assess(exam), "en"))
    umn = found["upper_motor_neuron_pattern"]
    assert "extensor plantar" in umn.text and "ankle clonus" in umn.text
    assert umn.icd10cm == "R29.2"
    assert "kunam_2018_radiographics" in umn.sources
    assert "lower_motor_neuron_pattern" not in found and "mixed_motor_neuron_pattern" not in found
    assert found["spasticity"].icd10cm == "R25.2"
    assert "More marked increase in tone" in found["spasticity"].text


def test_lower_motor_neuron_pattern_in_a_radiculopathy() -> None:
    exam = Exam(
        strength=[StrengthGrade("ankle_plantarflexors", "left", "4-")],
        reflexes=[ReflexGrade("achilles", "left", "0"), ReflexGrade("patellar", "left", "2+")],
        atrophy=[SiteFinding("calf", "left")],
        plantar=PlantarResponses(left="flexor", right="flexor"),
    )
    found = by_id(neuromuscular_findings(assess(exam), "en"))
    assert "lower_motor_neuron_pattern" in found
    assert "upper_motor_neuron_pattern" not in found
    assert found["muscle_atrophy_left_calf"].icd10cm == "M62.562"
    weakness = found["muscle_weakness"]
    assert "focal" in weakness.text and weakness.icd10cm is None
    # Only the ankle jerk is absent: shown with the age caveat, not coded.
    assert found["reduced_reflexes"].icd10cm is None
    absent_knee = Exam(reflexes=[ReflexGrade("patellar", "right", "0")])
    assert (
        by_id(neuromuscular_findings(assess(absent_knee), "en"))["reduced_reflexes"].icd10cm
        == "R29.2"
    )
    trace_knee = Exam(reflexes=[ReflexGrade("patellar", "right", "1+")])
    assert (
        by_id(neuromuscular_findings(assess(trace_knee), "en"))["reduced_reflexes"].icd10cm is None
    )


def test_mixed_pattern_like_als_is_one_finding() -> None:
    exam = Exam(
        strength=[StrengthGrade("finger_abductors", "right", "3")],
        atrophy=[SiteFinding("hand", "right")],
        fasciculations=[SiteFinding("forearm", "right")],
        reflexes=[ReflexGrade("biceps", "right", "3+")],
    )
    found = by_id(neuromuscular_findings(assess(exam), "en"))
    assert "mixed_motor_neuron_pattern" in found
    assert "upper_motor_neuron_pattern" not in found and "lower_motor_neuron_pattern" not in found
    assert "mixed_motor_neuron_pattern" in exam_signs(assess(exam)).ids


def test_fasciculations_alone_are_not_a_lower_motor_neuron_pattern() -> None:
    exam = Exam(fasciculations=[SiteFinding("calf", "left")])
    found = by_id(neuromuscular_findings(assess(exam), "en"))
    assert found["fasciculations"].icd10cm == "R25.3"
    assert "lower_motor_neuron_pattern" not in found
    # Strength, wasting, reflexes and bulbar symptoms were not assessed: no reassurance.
    assert "benign_fasciculation_pattern" not in found


def test_benign_fasciculation_reassurance_only_when_everything_was_assessed_normal() -> None:
    exam = Exam(
        fasciculations=[SiteFinding("calf", "bilateral")],
        strength=[StrengthGrade("ankle_plantarflexors", "bilateral", "5")],
        atrophy=[],
        reflexes=[ReflexGrade("achilles", "bilateral", "2+")],
    )
    calm = assess(exam, History(symptoms=["anxiety"]))
    assert "benign_fasciculation_pattern" in by_id(neuromuscular_findings(calm, "en"))
    bulbar = assess(exam, History(symptoms=["dysphagia_or_dysarthria"]))
    assert "benign_fasciculation_pattern" not in by_id(neuromuscular_findings(bulbar, "en"))
    unasked = assess(exam, History())
    assert "benign_fasciculation_pattern" not in by_id(neuromuscular_findings(unasked, "en"))


def test_weakness_in_two_limbs_is_coded_and_graded() -> None:
    exam = Exam(
        strength=[
            StrengthGrade("shoulder_abductors", "bilateral", "4"),
            StrengthGrade("hip_flexors", "left", "2"),
        ]
    )
    found = by_id(neuromuscular_findings(assess(exam), "en"))
    weakness = found["muscle_weakness"]
    assert weakness.icd10cm == "M62.81"
    assert "Weakest grade 2" in weakness.text and "gravity eliminated" in weakness.text
    assert {"proximal_muscle_weakness", "weakness_more_than_one_limb"} <= exam_signs(
        assess(exam)
    ).ids


def test_isolated_reduced_ankle_jerks_carry_the_age_caveat() -> None:
    exam = Exam(reflexes=[ReflexGrade("achilles", "bilateral", "0")])
    found = by_id(neuromuscular_findings(assess(exam), "en"))
    assert "older adults" in found["reduced_reflexes"].text


def test_chvostek_and_trousseau_with_neck_surgery() -> None:
    exam = Exam(chvostek=True, trousseau=True)
    found = by_id(neuromuscular_findings(assess(exam, History(conditions=["thyroidectomy"])), "es"))
    tetany = found["latent_tetany_signs"]
    assert tetany.icd10cm == "R29.0"
    assert "Chvostek" in tetany.text and "tiroidectomía" in tetany.text
    only_chvostek = by_id(neuromuscular_findings(assess(Exam(chvostek=True)), "en"))
    assert only_chvostek["latent_tetany_signs"].icd10cm is None


def test_presentations_take_the_most_specific_code() -> None:
    history = History(
        presentations=["nocturnal_leg_cramps", "skeletal_cramps", "dystonia"],
        sites=["calf", "thigh"],
    )
    found = by_id(neuromuscular_findings(assess(history=history), "en"))
    assert found["nocturnal_leg_cramps"].icd10cm == "G47.62"
    assert found["muscle_cramps_calf"].icd10cm == "M62.831"
    assert found["muscle_cramps"].icd10cm == "M62.838"
    assert found["dystonia"].icd10cm == "G24.9"
    unsited = by_id(
        neuromuscular_findings(assess(history=History(presentations=["skeletal_cramps"])), "en")
    )
    assert unsited["muscle_cramps"].icd10cm == "R25.2"


def test_penn_spasm_frequency_is_explained() -> None:
    found = by_id(neuromuscular_findings(assess(history=History(penn_spasm_frequency=4)), "es"))
    assert "más de 10 veces por hora" in found["penn_spasm_frequency"].text


def test_nothing_assessed_nothing_found() -> None:
    assert neuromuscular_findings(assess(), "en") == ()
    assert neuromuscular_findings(assess(Exam(), History()), "en") == ()


grades = st.builds(
    StrengthGrade,
    st.sampled_from(vocabulary.MUSCLES),
    st.sampled_from(vocabulary.SIDES),
    st.sampled_from(vocabulary.MRC_GRADES),
)
reflexes = st.builds(
    ReflexGrade,
    st.sampled_from(vocabulary.REFLEXES),
    st.sampled_from(vocabulary.SIDES),
    st.sampled_from(vocabulary.REFLEX_GRADES),
)
tones = st.builds(
    ToneGrade,
    st.sampled_from(vocabulary.MUSCLES),
    st.sampled_from(vocabulary.SIDES),
    st.sampled_from(vocabulary.MODIFIED_ASHWORTH_GRADES),
)
sites = st.builds(
    SiteFinding,
    st.sampled_from(vocabulary.SITES),
    st.sampled_from(vocabulary.SIDES),
    st.one_of(st.none(), st.sampled_from(vocabulary.SENSORY_MODALITIES)),
)
exams = st.builds(
    Exam,
    strength=st.one_of(st.none(), st.lists(grades, max_size=4)),
    reflexes=st.one_of(st.none(), st.lists(reflexes, max_size=4)),
    tone=st.one_of(st.none(), st.lists(tones, max_size=3)),
    plantar=st.one_of(
        st.none(),
        st.builds(
            PlantarResponses,
            st.one_of(st.none(), st.sampled_from(vocabulary.PLANTAR_RESPONSES)),
            st.one_of(st.none(), st.sampled_from(vocabulary.PLANTAR_RESPONSES)),
        ),
    ),
    ankle_clonus=st.one_of(st.none(), st.builds(AnkleClonus, st.booleans(), st.booleans())),
    fasciculations=st.one_of(st.none(), st.lists(sites, max_size=2)),
    atrophy=st.one_of(st.none(), st.lists(sites, max_size=2)),
    sensory_loss=st.one_of(st.none(), st.lists(sites, max_size=2)),
    chvostek=st.one_of(st.none(), st.booleans()),
    trousseau=st.one_of(st.none(), st.booleans()),
)


@settings(max_examples=80, deadline=None)
@given(exams, st.sampled_from(vocabulary.LANGUAGES))
def test_any_exam_gives_known_signs_and_complete_findings(exam: Exam, language: str) -> None:
    assessment = assess(exam)
    signs = exam_signs(assessment).ids
    assert signs <= EXAM_SIGN_IDS
    findings = neuromuscular_findings(assessment, language)
    assert len({f.id for f in findings}) == len(findings)
    for finding in findings:
        assert finding.text and finding.sources and "{" not in finding.text
    patterns = {f.id for f in findings} & {
        "upper_motor_neuron_pattern",
        "lower_motor_neuron_pattern",
        "mixed_motor_neuron_pattern",
    }
    assert len(patterns) <= 2 and not (
        "mixed_motor_neuron_pattern" in patterns and len(patterns) > 1
    )
    if "umn_signs" in signs and "lmn_signs" in signs:
        assert patterns == {"mixed_motor_neuron_pattern"}


def test_sensory_loss_in_both_feet_is_called_length_dependent() -> None:
    both = Exam(
        sensory_loss=[
            SiteFinding("foot", "left", "vibration"),
            SiteFinding("foot", "right", "vibration"),
        ]
    )
    one = Exam(sensory_loss=[SiteFinding("foot", "left", "pinprick")])
    assert (
        "length-dependent" in by_id(neuromuscular_findings(assess(both), "en"))["sensory_loss"].text
    )
    assert (
        "length-dependent"
        not in by_id(neuromuscular_findings(assess(one), "en"))["sensory_loss"].text
    )


def test_a_brisk_3_plus_reflex_alone_is_shown_but_not_coded() -> None:
    found = by_id(
        neuromuscular_findings(assess(Exam(reflexes=[ReflexGrade("patellar", "left", "3+")])), "en")
    )
    umn = found["upper_motor_neuron_pattern"]
    assert "may be normal" in umn.text
    assert umn.icd10cm is None


def _dystonia_with(name: str, started: str | None) -> dict[str, Finding]:
    assessment = replace(
        assess(history=History(presentations=["dystonia"])),
        medications=[Medication(name=name, started=started)],
    )
    return by_id(neuromuscular_findings(assessment, "en"))


def test_dystonia_soon_after_a_dopamine_antagonist_is_coded_drug_induced_acute_dystonia() -> None:
    # Reference red_flags.acute_dystonic_reaction (dopamine antagonist started within days plus
    # acute dystonia) lists G24.02, more specific than G24.9.
    for name, started in [("haloperidol", "2026-11-19"), ("Metoclopramida", "2026-11-17")]:
        found = _dystonia_with(name, started)
        assert "dystonia" not in found
        assert found["drug_induced_acute_dystonia"].icd10cm == "G24.02"


def test_dystonia_is_unspecified_when_the_antagonist_is_old_undated_or_another_drug() -> None:
    for name, started in [
        ("haloperidol", "2026-10-01"),
        ("haloperidol", None),
        ("omeprazole", "2026-11-19"),
    ]:
        found = _dystonia_with(name, started)
        assert "drug_induced_acute_dystonia" not in found
        assert found["dystonia"].icd10cm == "G24.9"
