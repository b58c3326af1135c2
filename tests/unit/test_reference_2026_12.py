"""The December revision of the clinical reference (2026-12, corrected by 2026-12b).

Each test names the reference entry it rests on and checks values at, below and above
the entry's bounds through the whole evaluation, as `clinic-desktop evaluate` prints it.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from clinic_desktop.interop.assessment_json import parse_assessment
from clinic_desktop.rules.engine import evaluate
from tests.support.evaluations import document, knowledge, run

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "clinical" / "reference.yaml"


def lab(test: str, value: float, unit: str, **interval: float) -> dict[str, Any]:
    return {"test": test, "value": value, "unit": unit, **interval}


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


def by_id(items: list[dict[str, Any]], wanted: str) -> dict[str, Any]:
    return next(item for item in items if item["id"] == wanted)


def flags(result: dict[str, Any]) -> dict[str, str]:
    return {flag["id"]: flag["urgency"] for flag in result["red_flags"]}


# --- meta.context_ids_note: every id it defines is accepted through `context` -------------------


@pytest.mark.skipif(not REFERENCE.is_file(), reason="shared/clinical/reference.yaml not beside")
def test_every_context_id_of_the_reference_is_accepted() -> None:
    reference = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    defined = set(reference["meta"]["context_ids_note"]["ids"])
    assert defined <= set(knowledge().context_ids())
    for context_id in sorted(defined):
        run(document(context=[context_id]))  # parses and evaluates without complaint


def test_age_65_or_over_is_derived_from_birth_and_visit_dates() -> None:
    # meta.context_ids_note age_65_or_over: whole years at visit_date; 65 exactly counts.
    def diazepam_cautions(birth: str) -> list[str]:
        result = run(document(patient={"birth_date": birth}, medications=[{"name": "diazepam"}]))
        return [i for i in ids(result["findings"]) if i.startswith("caution_diazepam")]

    assert "caution_diazepam_spasticity_older_adults" in diazepam_cautions("1961-12-10")  # 65
    assert "caution_diazepam_spasticity_older_adults" not in diazepam_cautions("1961-12-11")


# --- labs: interpretation flags and band actions (2026-12, 2026-12b) ---------------------------


@pytest.mark.parametrize(
    ("value", "finding", "flag"),
    [
        (179.9, "vitamin_b12_deficiency", "L"),
        (180, "vitamin_b12_indeterminate", "N"),
        (350, "vitamin_b12_indeterminate", "N"),
        (350.1, None, "N"),
    ],
)
def test_vitamin_b12_follows_nice_ng239_with_the_mma_action(
    value: float, finding: str | None, flag: str
) -> None:
    # labs.vitamin_b12_cobalamin default_classification (2026-12b): <180 L, 180-350 N
    # indeterminate with the methylmalonic acid action, >350 N.
    for language, words in (("en", "check methylmalonic acid"), ("es", "ácido metilmalónico")):
        result = run(
            document(patient={"language": language}, labs=[lab("vitamin_b12", value, "pg/mL")])
        )
        assert result["labs"][0]["interpretation"] == flag
        lab_findings = [f for f in ids(result["findings"]) if f.startswith("vitamin_b12")]
        assert lab_findings == ([finding] if finding else [])
        if finding == "vitamin_b12_indeterminate":
            assert words in by_id(result["findings"], finding)["text"]


def test_an_indeterminate_b12_below_the_laboratory_interval_still_says_check_mma() -> None:
    # labs.vitamin_b12_cobalamin flag_note: the laboratory's interval decides N/L; the label and
    # action are always shown with the band.
    result = run(
        document(labs=[lab("vitamin_b12", 190, "pg/mL", reference_low=200, reference_high=900)])
    )
    assert result["labs"][0]["interpretation"] == "L"
    assert (
        "check methylmalonic acid" in by_id(result["findings"], "vitamin_b12_indeterminate")["text"]
    )


def test_an_indeterminate_morning_cortisol_flagged_low_by_the_laboratory_keeps_its_action() -> None:
    # labs.cortisol_morning indeterminate band lab_interval_note (2026-12b).
    result = run(
        document(labs=[lab("cortisol_am", 150, "nmol/L", reference_low=170, reference_high=540)])
    )
    assert result["labs"][0]["interpretation"] == "L"
    text = by_id(result["findings"], "indeterminate_morning_cortisol")["text"]
    assert "cosyntropin" in text


def test_hypoglycaemia_level_2_is_ll_with_its_red_flag_and_level_1_is_l() -> None:
    # labs.glucose_and_hba1c fasting_plasma_glucose_bands; red_flags hypoglycaemia_level_2.
    low = run(document(labs=[lab("glucose", 53.9, "mg/dL")]))
    assert low["labs"][0]["interpretation"] == "LL"
    assert flags(low) == {"hypoglycaemia_level_2": "urgent"}
    assert "oral glucose 15-20 g" in low["red_flags"][0]["action"]
    alert = run(document(labs=[lab("glucose", 54, "mg/dL")]))
    assert alert["labs"][0]["interpretation"] == "L"
    assert "hypoglycaemia_level_1" in ids(alert["findings"])
    assert flags(alert) == {}


@pytest.mark.parametrize(
    "escalating",
    [
        {"context": ["unable_to_take_oral_glucose"]},
        {"context": ["confusion_or_reduced_consciousness"]},
        {"context": ["confusion"]},
        {"context": ["altered_mental_status"]},
        {"context": ["seizure"]},
    ],
)
def test_hypoglycaemia_escalates_and_then_never_advises_oral_glucose(
    escalating: dict[str, Any],
) -> None:
    # red_flags hypoglycaemia_level_2 escalation (this app's safety policy on ADA level 3).
    result = run(document(labs=[lab("glucose", 2.9, "mmol/L")], **escalating))
    flag = by_id(result["red_flags"], "hypoglycaemia_level_2")
    assert (flag["urgency"], flag["referral"]) == ("emergency", "emergency_department")
    assert flag["action"].startswith("Call emergency services")
    assert "15-20 g" not in flag["action"]


# --- acute dystonic reaction and the motor neuron disease leaf guard (2026-12, 2026-12b) -------


def dystonia(**sections: Any) -> dict[str, Any]:
    history = {"presentations": ["dystonia"], "sites": ["neck"], **sections.pop("history", {})}
    return document(history=history, **sections)


def test_a_current_antagonist_with_no_start_date_fires_the_acute_dystonic_reaction() -> None:
    # red_flags acute_dystonic_reaction trigger (2026-12b): current + acute dystonia.
    result = run(dystonia(medications=[{"name": "haloperidol"}]))
    assert flags(result) == {"acute_dystonic_reaction": "urgent"}
    assert "record the start date" in by_id(result["red_flags"], "acute_dystonic_reaction")["text"]
    assert flags(run(dystonia(medications=[{"name": "sertraline"}]))) == {}


@pytest.mark.parametrize(
    "airway",
    [
        {"history": {"symptoms": ["dysphagia_or_dysarthria"]}},
        {"history": {"symptoms": ["stridor_or_dysphonia"]}},
        {"history": {"symptoms": ["breathlessness"]}},
        {"context": ["dysarthria_or_speech_change"]},
        {"context": ["throat_tightness"]},
    ],
)
def test_swallowing_speech_or_airway_trouble_makes_it_an_emergency(airway: dict[str, Any]) -> None:
    # red_flags acute_dystonic_reaction escalation (2026-12: dysphagia and dysarthria added).
    result = run(dystonia(medications=[{"name": "Reglan"}], **airway))
    flag = by_id(result["red_flags"], "acute_dystonic_reaction")
    assert (flag["urgency"], flag["referral"]) == ("emergency", "emergency_department")
    assert result["care_plan"][0]["id"] == "referral_emergency_department"


@pytest.mark.parametrize(
    ("started", "mnd_fires"),
    [
        ("2026-12-08", False),  # two days: the dystonia explains the bulbar symptoms
        ("2026-12-07", False),  # three days: still within the window
        ("2026-12-06", True),  # four days: outside started_within_days
        (None, True),  # start unknown (2026-12b): the guard does not apply
    ],
)
def test_the_motor_neuron_disease_leaf_guard_needs_a_recent_start(
    started: str | None, mnd_fires: bool
) -> None:
    # red_flags motor_neuron_disease_suspected leaf_guards (2026-12; scope 2026-12b).
    medication = {"name": "metoclopramide", **({"started": started} if started else {})}
    result = run(
        dystonia(history={"symptoms": ["dysphagia_or_dysarthria"]}, medications=[medication])
    )
    assert flags(result)["acute_dystonic_reaction"] == "emergency"
    assert ("motor_neuron_disease_suspected" in flags(result)) is mnd_fires


def test_the_guard_silences_only_the_bulbar_leaves() -> None:
    # leaf_guards reason: tongue fasciculations and the other leaves still fire.
    result = run(
        dystonia(
            history={"symptoms": ["dysphagia_or_dysarthria"]},
            medications=[{"name": "metoclopramide", "started": "2026-12-09"}],
            context=["tongue_fasciculations"],
        )
    )
    assert "motor_neuron_disease_suspected" in flags(result)


# --- botulinum toxin distant spread (2026-12b) -------------------------------------------------


@pytest.mark.parametrize(
    ("sections", "urgency"),
    [
        ({"history": {"symptoms": ["dysphagia_or_dysarthria"]}}, "emergency"),
        ({"history": {"symptoms": ["breathlessness"]}}, "emergency"),
        ({"history": {"symptoms": ["weakness"]}}, "urgent"),
        ({"context": ["diplopia_or_ptosis"]}, "urgent"),
        ({"history": {"symptoms": ["anxiety"]}}, None),
    ],
)
def test_botulinum_toxin_distant_spread(sections: dict[str, Any], urgency: str | None) -> None:
    # red_flags botulinum_toxin_distant_spread: a recent injection with the boxed-warning signs.
    context = ["botulinum_toxin_injection_recent", *sections.pop("context", [])]
    result = run(document(context=context, **sections))
    assert flags(result).get("botulinum_toxin_distant_spread") == urgency


def test_a_recorded_injection_date_counts_as_recent_and_myobloc_is_a_botulinum_toxin() -> None:
    # botulinum_toxin renamed from botulinum_toxin_type_a so that Myobloc maps (2026-12b).
    for name in ("Botox", "Myobloc", "toxina botulínica"):
        result = run(
            document(
                history={"symptoms": ["weakness"]},
                medications=[{"name": name, "started": "2026-12-08"}],
            )
        )
        assert flags(result).get("botulinum_toxin_distant_spread") == "urgent", name
    old = run(
        document(
            history={"symptoms": ["weakness"]},
            medications=[{"name": "Botox", "started": "2026-10-01"}],
        )
    )
    assert "botulinum_toxin_distant_spread" not in flags(old)


# --- emergency first: every emergency flag of the knowledge files ------------------------------
# treatment_evidence.care_plan_safety_rules.emergency_first (2026-12; never_hidden 2026-12b).

BASELINE = document(
    history={
        "presentations": ["nocturnal_leg_cramps", "skeletal_cramps"],
        "sites": ["calf"],
        "triggers": ["heat", "exercise"],
        "symptoms": ["localized_pain", "sleep_disruption"],
    },
    labs=[
        lab("magnesium", 0.6, "mmol/L"),
        lab("vitamin_d_25oh", 15, "ng/mL"),
        lab("vitamin_b12", 150, "pg/mL"),
    ],
    vascular={"claudication": True},
    medications=[{"name": "furosemide"}, {"name": "baclofen"}],
)
# What the baseline alone is suggested: self-care of every kind, a medication review.
SELF_CARE = {
    "magnesium_repletion",
    "vitamin_d_repletion",
    "vitamin_b12_repletion",
    "calf_hamstring_stretching",
    "targeted_stretching",
    "supervised_exercise_therapy",
    "hydration",
    "sleep_routine",
    "heat_precautions",
}

# One way to fire each emergency (or escalate to one), added to the baseline.
EMERGENCIES: dict[str, dict[str, Any]] = {
    "rhabdomyolysis": {"labs": [lab("creatine_kinase", 5000, "U/L")]},
    "compartment_syndrome": {"context": ["limb_pain", "pain_on_passive_stretch"]},
    "severe_hypocalcaemia": {"labs": [lab("calcium", 1.8, "mmol/L")]},
    "severe_hypokalaemia": {"labs": [lab("potassium", 2.4, "mmol/L")]},
    "severe_hyperkalaemia": {"labs": [lab("potassium", 6.6, "mmol/L")]},
    "severe_hyponatraemia": {"labs": [lab("sodium", 122, "mmol/L")]},
    "severe_hypophosphataemia": {"labs": [lab("phosphate", 0.9, "mg/dL")]},
    "adrenal_crisis": {"vitals": {"systolic_bp_mmhg": 80}, "context": ["vomiting"]},
    "cauda_equina_syndrome": {"history": {"symptoms": ["saddle_numbness"]}},
    "acute_spinal_cord_compression": {"context": ["new_umn_signs", "sensory_level"]},
    "acute_limb_ischaemia": {"context": ["sudden_onset_limb_pain", "cold_pale_limb"]},
    "neuroleptic_malignant_syndrome": {
        "medications": [{"name": "haloperidol"}],
        "context": ["generalised_rigidity", "autonomic_instability"],
    },
    "serotonin_toxicity": {
        "medications": [{"name": "sertraline"}],
        "context": ["spontaneous_clonus"],
    },
    "exertional_heat_stroke": {"context": ["strenuous_exertion", "collapse"]},
    "malignant_hyperthermia": {
        "context": ["recent_general_anaesthesia_volatile_or_succinylcholine", "masseter_rigidity"]
    },
    "tetanus": {"context": ["trismus"]},
    "intrathecal_baclofen_withdrawal": {
        "context": ["intrathecal_baclofen_pump", "rebound_spasticity_marked"]
    },
    "rapidly_progressive_weakness_gbs": {"history": {"symptoms": ["weakness", "breathlessness"]}},
    # Raised to emergency by their escalation.
    "symptomatic_hypomagnesaemia": {"context": ["tremor", "seizure"]},
    "acute_dystonic_reaction": {
        "history": {"presentations": ["dystonia"], "symptoms": ["stridor_or_dysphonia"]},
        "medications": [{"name": "metoclopramide"}],
    },
    "botulinum_toxin_distant_spread": {
        "context": ["botulinum_toxin_injection_recent"],
        "history": {"symptoms": ["dysphagia_or_dysarthria"]},
    },
    "hypoglycaemia_level_2": {
        "labs": [lab("glucose", 50, "mg/dL")],
        "context": ["unable_to_take_oral_glucose"],
    },
    "suspected_dvt": {
        "context": ["unilateral_leg_pain_or_swelling", "deep_vein_tenderness", "haemoptysis"]
    },
}


def merged(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, list):
            out[key] = [*out.get(key, []), *value]
        elif isinstance(value, dict):
            section = out.setdefault(key, {})
            for sub, inner in value.items():
                section[sub] = [*section.get(sub, []), *inner] if isinstance(inner, list) else inner
        else:
            out[key] = value
    return out


def test_every_emergency_flag_of_the_knowledge_files_has_a_case() -> None:
    emergency = {
        flag.id
        for flag in knowledge().red_flags.flags
        if flag.urgency == "emergency"
        or (flag.escalation is not None and flag.escalation.urgency == "emergency")
    }
    assert emergency == set(EMERGENCIES)


def test_the_baseline_suggests_self_care_of_every_kind() -> None:
    result = run(BASELINE)
    assert not [f for f in result["red_flags"] if f["urgency"] == "emergency"]
    assert SELF_CARE | {"review_diuretic"} <= set(ids(result["care_plan"]))


@pytest.mark.parametrize("flag_id", sorted(EMERGENCIES))
def test_emergency_first_holds_self_care_back_and_returns_it(flag_id: str) -> None:
    result = run(merged(BASELINE, EMERGENCIES[flag_id]))
    assert flags(result)[flag_id] == "emergency"
    plan = ids(result["care_plan"])
    # It leads with the referral and its action ...
    first = result["care_plan"][0]
    assert first["id"] == "referral_emergency_department"
    assert first["section"] == "referrals"
    fired = by_id(result["red_flags"], flag_id)
    if fired.get("action"):
        assert fired["action"] in first["reason"]
    # ... holds routine self-care back, each with the clinician's withheld_ finding ...
    named = {"vitamin_b12_repletion"} if "b12_deficiency_neurological" in flags(result) else set()
    held = SELF_CARE - named
    assert not held & set(plan)
    findings = ids(result["findings"])
    assert {f"withheld_{item}" for item in held} <= set(findings)
    # ... and never hides medication reviews or cautions for current medicines.
    assert "review_diuretic" in plan
    assert "caution_baclofen_oral_abrupt_withdrawal" in findings
    # The held-back items come back once the flag no longer fires (clinician re-assessment).
    again = run(BASELINE)
    assert set(ids(again["care_plan"])) >= SELF_CARE


def test_what_a_fired_flags_action_names_is_never_held_back() -> None:
    # emergency_first.never_hidden (2026-12b): B12 replacement of b12_deficiency_neurological.
    result = run(
        merged(
            BASELINE,
            {"history": {"symptoms": ["tingling_or_numbness"]}, **EMERGENCIES["tetanus"]},
        )
    )
    assert flags(result)["b12_deficiency_neurological"] == "urgent"
    assert "vitamin_b12_repletion" in ids(result["care_plan"])
    assert "withheld_vitamin_b12_repletion" not in ids(result["findings"])


@pytest.mark.parametrize(
    ("flag_id", "words"),
    [
        ("rhabdomyolysis", "fluids through a drip"),
        ("compartment_syndrome", "Do not stretch the painful arm or leg"),
        ("severe_hypokalaemia", "Do not take supplements or change your diet"),
        ("severe_hyponatraemia", "Do not take supplements or change your diet"),
    ],
)
def test_the_flag_specific_words_lead_the_plan(flag_id: str, words: str) -> None:
    # emergency_first.flag_specific
    result = run(merged(BASELINE, EMERGENCIES[flag_id]))
    assert words in result["care_plan"][0]["text"]


def test_chronic_limb_threatening_ischaemia_holds_only_exercise_programmes() -> None:
    # care_plan_safety_rules.urgent_limb_ischaemia: no exercise programme until vascular review;
    # the vascular referral first.
    result = run(merged(BASELINE, {"context": ["ischaemic_rest_pain_over_2_weeks"]}))
    assert flags(result)["chronic_limb_threatening_ischaemia"] == "urgent"
    plan = ids(result["care_plan"])
    assert plan[0] == "referral_vascular"
    exercise = {"supervised_exercise_therapy", "calf_hamstring_stretching", "targeted_stretching"}
    assert not exercise & set(plan)
    assert {f"withheld_{item}" for item in exercise} <= set(ids(result["findings"]))
    assert {"hydration", "magnesium_repletion", "heat_precautions"} <= set(plan)


def test_the_ankle_pressure_bound_of_limb_threat() -> None:
    # red_flags chronic_limb_threatening_ischaemia: ankle pressure <= 50 mmHg.
    def plan_at(pressure: int) -> list[str]:
        vascular = {
            "claudication": True,
            "ankle_systolic_mmhg": {"left": {"dorsalis_pedis": pressure, "posterior_tibial": 40}},
        }
        return ids(run({**BASELINE, "vascular": vascular})["care_plan"])

    assert "supervised_exercise_therapy" not in plan_at(50)
    assert "supervised_exercise_therapy" in plan_at(51)


# --- potassium repletion (care_plan_safety_rules.potassium_repletion, 2026-12b) ----------------

LOW_K = document(
    history={"presentations": ["skeletal_cramps"]}, labs=[lab("potassium", 3.1, "mmol/L")]
)


def potassium(**extra: Any) -> tuple[list[str], dict[str, str]]:
    result = run(merged(LOW_K, extra))
    texts = {f["id"]: f["text"] for f in result["findings"]}
    return ids(result["care_plan"]), texts


def test_documented_hypokalaemia_suggests_potassium_repletion() -> None:
    plan, texts = potassium()
    assert "potassium_repletion" in plan
    assert "withheld_potassium_repletion" not in texts


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ({"medications": [{"name": "spironolactone"}]}, "triamterene or amiloride"),
        ({"medications": [{"name": "amiloride"}]}, "contraindicated with triamterene or amiloride"),
        ({"medications": [{"name": "lisinopril"}]}, "renin-angiotensin-aldosterone"),
        ({"medications": [{"name": "Cozaar"}]}, "renin-angiotensin-aldosterone"),
        ({"labs": [lab("egfr", 29.9, "mL/min/1.73m2")]}, "impairs potassium excretion"),
        ({"context": ["acute_kidney_injury"]}, "impairs potassium excretion"),
        ({"context": ["dialysis"]}, "impairs potassium excretion"),
        ({"context": ["hyperkalaemia"]}, "impairs potassium excretion"),
        ({"context": ["thyrotoxic_periodic_paralysis"]}, "rebound hyperkalaemia"),
        ({"context": ["hypokalaemic_periodic_paralysis"]}, "familial"),
    ],
)
def test_each_suppress_if_condition_withholds_it_with_its_caution(
    extra: dict[str, Any], words: str
) -> None:
    plan, texts = potassium(**extra)
    assert "potassium_repletion" not in plan
    assert words in texts["withheld_potassium_repletion"]
    assert texts["withheld_potassium_repletion"].startswith("Potassium: not suggested.")


def test_the_egfr_bound_is_below_30() -> None:
    # suppress_if lab egfr lt 30: 30 itself does not withhold.
    assert "potassium_repletion" in potassium(labs=[lab("egfr", 30, "mL/min/1.73m2")])[0]
    assert "potassium_repletion" not in potassium(labs=[lab("egfr", 29.99, "mL/min/1.73m2")])[0]


def test_a_computed_egfr_below_30_withholds_it_too() -> None:
    # creatinine 3.0 mg/dL, a woman of 46: CKD-EPI 2021 about 19 mL/min/1.73 m2.
    plan, texts = potassium(labs=[lab("creatinine", 3.0, "mg/dL")])
    assert "potassium_repletion" not in plan
    assert "withheld_potassium_repletion" in texts


@pytest.mark.parametrize("nsaid", ["ibuprofen", "naproxen", "Voltaren", "celecoxib"])
def test_an_nsaid_shows_its_caution_without_withholding(nsaid: str) -> None:
    plan, texts = potassium(medications=[{"name": nsaid}])
    assert "potassium_repletion" in plan
    assert "potassium retention" in texts["caution_potassium_repletion"]


def test_thyrotoxic_weakness_is_an_emergency_that_holds_potassium_back() -> None:
    # suppress_if_note: hypokalaemia with weakness fires severe_hypokalaemia.
    result = run(merged(LOW_K, {"history": {"symptoms": ["weakness"]}}))
    assert flags(result)["severe_hypokalaemia"] == "emergency"
    assert "potassium_repletion" not in ids(result["care_plan"])
    assert "withheld_potassium_repletion" in ids(result["findings"])


# --- medications (2026-12, 2026-12b) -----------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "Advair",
        "advair 250/50 one puff twice daily",
        "Wixela",
        "Symbicort 160/4.5 two puffs",
        "Breyna",
        "Breo",
        "Dulera",
        "Trelegy",
        "Breztri",
    ],
)
def test_a_combination_inhaler_typed_by_its_brand_alias_is_reviewed(typed: str) -> None:
    # medications inhaled_laba.brand_aliases: whole-word aliases without the device suffix.
    result = run(
        document(history={"presentations": ["nocturnal_leg_cramps"]}, medications=[{"name": typed}])
    )
    assert "drug_associated_cramps_inhaled_laba" in ids(result["findings"])
    assert "review_beta2_agonist" in ids(result["care_plan"])
    assert "medication_not_recognised" not in ids(result["findings"])


@pytest.mark.parametrize(
    "typed", ["Ventolin", "ProAir HFA", "salbutamol", "Xopenex", "AirSupra", "Combivent"]
)
def test_a_reliever_inhaler_is_mentioned_last_and_never_to_be_stopped(typed: str) -> None:
    # medications inhaled_saba: flag_priority low - mention only; never prompt stopping a reliever.
    result = run(
        document(
            history={"presentations": ["nocturnal_leg_cramps"]},
            medications=[{"name": typed}, {"name": "atorvastatin"}],
        )
    )
    cramp = [f for f in ids(result["findings"]) if f.startswith("drug_associated_cramps")]
    assert cramp == ["drug_associated_cramps_statins", "drug_associated_cramps_inhaled_saba"]
    text = by_id(result["findings"], "drug_associated_cramps_inhaled_saba")["text"]
    assert "never stop or reduce a reliever inhaler" in text
    assert "review_beta2_agonist" not in ids(result["care_plan"])


def test_a_reliever_with_weakness_asks_for_potassium() -> None:
    # inhaled_saba mechanism_note: check potassium when use is heavy or weakness is present.
    weak = run(document(history={"symptoms": ["weakness"]}, medications=[{"name": "Ventolin"}]))
    assert "potassium" in weak["suggested_lab_orders"]
    calm = run(document(history={"symptoms": ["anxiety"]}, medications=[{"name": "Ventolin"}]))
    assert "potassium" not in calm["suggested_lab_orders"]


def cautions(**sections: Any) -> dict[str, str]:
    result = run(document(**sections))
    return {f["id"]: f["text"] for f in result["findings"] if f["id"].startswith("caution_")}


def test_baclofen_cautions_for_a_current_user() -> None:
    # medications baclofen_oral.cautions: abrupt withdrawal always; renal below eGFR 60;
    # AGS Beers 2023 at 65 or over with eGFR below 60 or dialysis.
    found = cautions(medications=[{"name": "baclofen"}])
    assert "never stop abruptly" in found["caution_baclofen_oral_abrupt_withdrawal"]
    assert "caution_baclofen_oral_renal_impairment" not in found
    older = {"birth_date": "1950-01-01"}
    at_60 = cautions(
        patient=older, medications=[{"name": "baclofen"}], labs=[lab("egfr", 60, "mL/min/1.73m2")]
    )
    assert "caution_baclofen_oral_beers_2023_renal" not in at_60
    below = cautions(
        patient=older, medications=[{"name": "baclofen"}], labs=[lab("egfr", 59.9, "mL/min/1.73m2")]
    )
    assert "Beers" in below["caution_baclofen_oral_beers_2023_renal"]
    assert "caution_baclofen_oral_renal_impairment" in below
    younger = cautions(
        medications=[{"name": "baclofen"}], labs=[lab("egfr", 59.9, "mL/min/1.73m2")]
    )
    assert "caution_baclofen_oral_beers_2023_renal" not in younger
    dialysis = cautions(patient=older, medications=[{"name": "baclofeno"}], context=["dialysis"])
    assert "caution_baclofen_oral_beers_2023_renal" in dialysis


def test_tizanidine_interactions_and_renal_caution() -> None:
    # medications tizanidine contraindicated_with / avoid_with (2026-12b interacting drugs).
    found = cautions(medications=[{"name": "tizanidine"}, {"name": "ciprofloxacino"}])
    assert "contraindicated" in found["caution_tizanidine_strong_cyp1a2_inhibitor"]
    found = cautions(medications=[{"name": "Zanaflex"}, {"name": "fluvoxamine"}])
    assert "caution_tizanidine_strong_cyp1a2_inhibitor" in found
    found = cautions(medications=[{"name": "tizanidine"}, {"name": "zileuton"}])
    assert "avoid" in found["caution_tizanidine_other_cyp1a2_inhibitor"]
    assert "caution_tizanidine_strong_cyp1a2_inhibitor" not in found
    assert "gradually" in found["caution_tizanidine_hypotension_sedation"]
    # renal_impairment: eGFR below 25 (proxy for the label's creatinine clearance).
    at = cautions(medications=[{"name": "tizanidine"}], labs=[lab("egfr", 25, "mL/min/1.73m2")])
    below = cautions(
        medications=[{"name": "tizanidine"}], labs=[lab("egfr", 24.9, "mL/min/1.73m2")]
    )
    assert "caution_tizanidine_renal_impairment" not in at
    assert "caution_tizanidine_renal_impairment" in below


def test_diazepam_dantrolene_and_botulinum_cautions() -> None:
    found = cautions(medications=[{"name": "diazepam"}, {"name": "oxycodone"}])
    assert "respiratory depression" in found["caution_diazepam_spasticity_opioid_coprescription"]
    assert "caution_diazepam_spasticity_sedation_dependence" in found
    found = cautions(medications=[{"name": "Dantrium"}], history={"conditions": ["cirrhosis"]})
    assert "caution_dantrolene_oral_not_to_be_offered" in found
    assert "caution_dantrolene_oral_boxed_warning_hepatotoxicity" in found
    found = cautions(medications=[{"name": "dantrolene"}], context=["liver_disease"])
    assert "caution_dantrolene_oral_not_to_be_offered" in found
    assert "caution_dantrolene_oral_not_to_be_offered" not in cautions(
        medications=[{"name": "dantrolene"}]
    )
    found = cautions(medications=[{"name": "Myobloc"}])
    assert "distant spread" in found["caution_botulinum_toxin_distant_spread"]


# --- ICD-10-CM coding rules (icd10cm.coding_rules, 2026-12, 2026-12b) ---------------------------


def codes(**sections: Any) -> list[str]:
    return run(document(**sections))["icd10cm"]


@pytest.mark.parametrize(
    ("ck", "extra", "expected"),
    [
        (1000.2, {"history": {"dark_urine": True}}, True),  # 5.001x the laboratory's 200 U/L
        (1000, {"history": {"dark_urine": True}}, False),  # exactly 5x: not above
        (1000.2, {"context": ["acute_kidney_injury"]}, True),
        (
            3000,
            {"history": {"symptoms": ["localized_pain"]}},
            False,
        ),  # flag fires, no lab definition
    ],
)
def test_m62_82_needs_the_laboratory_definition_of_rhabdomyolysis(
    ck: float, extra: dict[str, Any], expected: bool
) -> None:
    # coding_rules rhabdomyolysis_confirmed_vs_suspected: CK > 5x ULN with dark urine,
    # myoglobin or AKI proposes M62.82; otherwise symptom codes only.
    history = {"presentations": ["skeletal_cramps"], "symptoms": ["localized_pain"]}
    ck_lab = lab("creatine_kinase", ck, "U/L", reference_low=20, reference_high=200)
    section = merged({"history": history, "labs": [ck_lab]}, extra)
    result = run(document(**section))
    assert ("M62.82" in result["icd10cm"]) is expected
    if ck >= 3000:
        assert flags(result)["rhabdomyolysis"] == "emergency"


def test_a_statin_adds_its_adverse_effect_code_beside_m62_82_never_g72_0() -> None:
    found = codes(
        history={"symptoms": ["localized_pain"], "dark_urine": True},
        labs=[lab("creatine_kinase", 3000, "U/L")],
        medications=[{"name": "simvastatin"}],
    )
    assert {"M62.82", "T46.6X5A"} <= set(found)
    assert "G72.0" not in found


@pytest.mark.parametrize(
    ("sections", "e89_2"),
    [
        ({"history": {"conditions": ["thyroidectomy"]}, "exam": {"trousseau": True}}, True),
        (
            {
                "history": {"conditions": ["parathyroidectomy"]},
                "context": ["tetany_or_carpopedal_spasm"],
            },
            True,
        ),
        (
            {
                "history": {"conditions": ["thyroidectomy"]},
                "labs": [
                    lab("ionized_calcium", 1.0, "mmol/L", reference_low=1.12, reference_high=1.32)
                ],
            },
            True,
        ),
        (
            {
                "history": {"conditions": ["thyroidectomy"]},
                "labs": [
                    lab("ionized_calcium", 1.12, "mmol/L", reference_low=1.12, reference_high=1.32)
                ],
            },
            False,  # at the lower limit is not below it
        ),
        ({"exam": {"trousseau": True}}, False),  # no neck surgery: tetany of unknown cause
    ],
)
def test_e89_2_after_neck_surgery_instead_of_r29_0(sections: dict[str, Any], e89_2: bool) -> None:
    # coding_rules post_thyroidectomy_tetany; Excludes1 R29.0/E89.2 and E20/E89.2.
    found = codes(**sections)
    assert ("E89.2" in found) is e89_2
    if e89_2:
        assert "R29.0" not in found and not any(c.startswith("E20") for c in found)
    elif sections.get("exam", {}).get("trousseau"):
        assert "R29.0" in found


@pytest.mark.parametrize(
    ("reflex", "plantar", "clonus", "expected"),
    [
        ("3+", "flexor", False, True),
        ("2+", "extensor", False, True),
        ("2+", "flexor", True, True),
        ("2+", "flexor", False, False),
    ],
)
def test_r29_2_for_hyperreflexia_babinski_or_clonus_beside_r25_2(
    reflex: str, plantar: str, clonus: bool, expected: bool
) -> None:
    # coding_rules abnormal_reflex_with_spasm: R29.2 beside R25.2 (no Excludes1 links them).
    exam = {
        "reflexes": [{"reflex": "patellar", "side": "left", "grade": reflex}],
        "plantar": {"left": plantar, "right": "flexor"},
        "ankle_clonus": {"left": clonus, "right": False},
        "tone": [{"muscle": "knee_extensors", "side": "left", "modified_ashworth": "1+"}],
    }
    found = codes(history={"presentations": ["spasticity"]}, exam=exam)
    assert "R25.2" in found
    assert ("R29.2" in found) is expected


@pytest.mark.parametrize("condition", ["multiple_sclerosis", "spinal_cord_injury", "stroke"])
def test_r29_2_is_dropped_once_a_diagnosis_explains_the_signs(condition: str) -> None:
    exam = {"reflexes": [{"reflex": "patellar", "side": "left", "grade": "4+"}]}
    assert "R29.2" not in codes(
        history={"presentations": ["spasticity"], "conditions": [condition]}, exam=exam
    )


def weak(side: str, *limbs: str) -> list[dict[str, str]]:
    muscles = {"arm": "elbow_flexors", "leg": "knee_extensors"}
    return [{"muscle": muscles[limb], "side": side, "mrc": "3"} for limb in limbs]


@pytest.mark.parametrize(
    ("strength", "expected"),
    [
        (weak("right", "arm", "leg"), "I69.351"),  # right defaults to dominant
        (weak("left", "arm", "leg"), "I69.354"),  # left defaults to non-dominant
    ],
)
def test_post_stroke_hemiparesis_is_i69_35x_by_side_without_m62_81(
    strength: list[dict[str, str]], expected: str
) -> None:
    # coding_rules post_stroke_spasticity: I69.35x by side with the default dominance rules;
    # M62.81 is not added for weakness that is the hemiparesis; G81 Excludes1 I69.x5-.
    found = codes(
        history={"presentations": ["spasticity"], "conditions": ["stroke"]},
        exam={"strength": strength},
    )
    assert expected in found
    assert "M62.81" not in found and not any(c.startswith("G81") for c in found)


def test_stroke_spasticity_without_hemiparesis_is_i69_398_with_r25_2() -> None:
    exam = {"tone": [{"muscle": "elbow_flexors", "side": "right", "modified_ashworth": "2"}]}
    found = codes(history={"presentations": ["spasticity"], "conditions": ["stroke"]}, exam=exam)
    assert {"I69.398", "R25.2"} <= set(found)
    # Only the arm weak (a monoparesis) is not the hemiparesis I69.35x names.
    found = codes(
        history={"presentations": ["spasticity"], "conditions": ["stroke"]},
        exam={**exam, "strength": weak("right", "arm")},
    )
    assert "I69.398" in found and not any(c.startswith("I69.35") for c in found)
    # Weakness of both sides is not a hemiparesis either; without a stroke there is no I69 code.
    found = codes(
        history={"presentations": ["spasticity"], "conditions": ["stroke"]},
        exam={**exam, "strength": weak("right", "arm", "leg") + weak("left", "leg")},
    )
    assert not any(c.startswith("I69.35") for c in found)
    assert not any(
        c.startswith("I69") for c in codes(history={"presentations": ["spasticity"]}, exam=exam)
    )


# --- spasticity and focal dystonia treatment options (issue item 6) ---------------------------
# treatment_evidence.spasticity_pharmacological and dystonia_focal; medications baclofen_oral,
# tizanidine, dantrolene_oral, diazepam_spasticity, gabapentin_spasticity, botulinum_toxin.


def options(**sections: Any) -> dict[str, Any]:
    kb = knowledge()
    assessment = parse_assessment(document(**sections), kb.labs, context_ids=kb.context_ids())
    evaluation = evaluate(assessment, kb)
    assert not {o.id for o in evaluation.treatment_options} & {i.id for i in evaluation.care_plan}
    return {option.id: option for option in evaluation.treatment_options}


SPASTIC = {"history": {"presentations": ["spasticity"], "conditions": ["multiple_sclerosis"]}}


def test_every_option_carries_evidence_sources_and_plain_words_without_a_dose() -> None:
    found = options(**SPASTIC)
    assert set(found) == {
        "baclofen_oral",
        "tizanidine",
        "dantrolene_oral",
        "diazepam_spasticity",
        "gabapentin_spasticity",
        "botulinum_toxin_spasticity",
        "botulinum_toxin_focal_dystonia",
    }
    for option in found.values():
        assert option.offered and option.evidence and option.sources and option.plan_text
        assert " mg" not in option.plan_text
    assert "Level A" in found["botulinum_toxin_spasticity"].evidence


def test_tizanidine_is_not_offered_with_ciprofloxacin_or_fluvoxamine() -> None:
    for partner in ("Cipro", "fluvoxamina"):
        option = options(**SPASTIC, medications=[{"name": partner}])["tizanidine"]
        assert not option.offered
        assert "contraindicated" in option.not_offered[0]
    avoid = options(**SPASTIC, medications=[{"name": "famotidine"}])["tizanidine"]
    assert avoid.offered and any("avoid" in c for c in avoid.cautions)


def test_baclofen_diazepam_and_dantrolene_are_checked_against_the_history() -> None:
    older = {"birth_date": "1955-01-01"}
    found = options(**SPASTIC, patient=older, labs=[lab("egfr", 50, "mL/min/1.73m2")])
    assert any("Beers" in c for c in found["baclofen_oral"].cautions)
    assert any("never stop abruptly" in c for c in found["baclofen_oral"].cautions)
    assert any("65 or over" in c for c in found["diazepam_spasticity"].cautions)
    younger = options(**SPASTIC, labs=[lab("egfr", 60, "mL/min/1.73m2")])
    assert not any("Beers" in c for c in younger["baclofen_oral"].cautions)
    liver = options(**SPASTIC, context=["liver_disease"])["dantrolene_oral"]
    assert not liver.offered and "liver" in liver.not_offered[0]
    opioid = options(**SPASTIC, medications=[{"name": "tramadol"}])["diazepam_spasticity"]
    assert opioid.offered and any("respiratory depression" in c for c in opioid.cautions)


def test_botulinum_toxin_is_not_offered_for_a_drug_induced_acute_dystonia() -> None:
    # dystonia_focal scope: drug-induced acute dystonia is not treated with botulinum toxin.
    acute = options(
        history={"presentations": ["dystonia"]}, medications=[{"name": "metoclopramide"}]
    )["botulinum_toxin_focal_dystonia"]
    assert not acute.offered
    assert options(history={"presentations": ["dystonia"]})[
        "botulinum_toxin_focal_dystonia"
    ].offered


def test_an_emergency_holds_new_drug_options_back_but_not_a_current_medicine() -> None:
    # emergency_first: hides information on STARTING a drug, never what the patient takes.
    found = options(
        **merged(SPASTIC, EMERGENCIES["intrathecal_baclofen_withdrawal"]),
        medications=[{"name": "baclofen"}],
    )
    assert found["baclofen_oral"].offered and found["baclofen_oral"].current
    assert not found["tizanidine"].offered
    assert "emergency" in found["tizanidine"].not_offered[0]
