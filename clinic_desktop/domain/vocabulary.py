"""The closed vocabularies of the assessment exchange format (docs/assessment-format.md).

Order matters: the window lists choices in this order.
"""

from __future__ import annotations

SEXES = ("female", "male", "other", "unknown")
LANGUAGES = ("en", "es")
PRESENTATIONS = (
    "skeletal_cramps",
    "nocturnal_leg_cramps",
    "fasciculations",
    "dystonia",
    "spasticity",
)
SITES = (
    "neck",
    "back",
    "abdomen",
    "shoulder",
    "upper_arm",
    "forearm",
    "hand",
    "thigh",
    "calf",
    "foot",
    "face",
)
SIDES = ("left", "right", "bilateral")
VISIT_STEPS = (
    "history",
    "examination",
    "labs",
    "hormonal",
    "vascular",
    "medications",
    "care_plan",
)
"""The steps of a visit, in the order the window walks them; a step's note is kept under its name."""
CONDITIONS = (
    "diabetes",
    "chronic_kidney_disease",
    "hypothyroidism",
    "hyperthyroidism",
    "thyroidectomy",
    "parathyroidectomy",
    "peripheral_artery_disease",
    "cirrhosis",
    "lumbar_spinal_stenosis",
    "multiple_sclerosis",
    "stroke",
    "spinal_cord_injury",
    "parkinsons_disease",
    "alcohol_use_disorder",
    "smoker",
)
TRIGGERS = (
    "exercise",
    "night_rest",
    "heat",
    "dehydration",
    "prolonged_posture",
    "repetitive_strain",
    "stress",
    "cold",
)
SYMPTOMS = (
    "visible_twitching",
    "knotting",
    "localized_pain",
    "lingering_pain",
    "weakness",
    "heaviness",
    "limited_range_of_motion",
    "tingling_or_numbness",
    "sleep_disruption",
    "daytime_fatigue",
    "anxiety",
    "dysphagia_or_dysarthria",
    "breathlessness",
    "bladder_or_bowel_change",
    "saddle_numbness",
    "cold_intolerance",
    "heat_intolerance",
    "weight_change",
    "palpitations",
    "salt_craving",
    "dizziness_on_standing",
    "stridor_or_dysphonia",
)
MUSCLES = (
    "shoulder_abductors",
    "elbow_flexors",
    "elbow_extensors",
    "wrist_extensors",
    "finger_flexors",
    "finger_abductors",
    "hip_flexors",
    "hip_extensors",
    "knee_extensors",
    "knee_flexors",
    "ankle_dorsiflexors",
    "ankle_plantarflexors",
    "great_toe_extensors",
)
MRC_GRADES = ("0", "1", "2", "3", "4-", "4", "4+", "5-", "5")
REFLEXES = ("biceps", "brachioradialis", "triceps", "patellar", "achilles")
REFLEX_GRADES = ("0", "1+", "2+", "3+", "4+")
MODIFIED_ASHWORTH_GRADES = ("0", "1", "1+", "2", "3", "4")
PLANTAR_RESPONSES = ("flexor", "extensor", "equivocal")
SENSORY_MODALITIES = ("light_touch", "pinprick", "vibration", "proprioception")
PENN_SPASM_FREQUENCY = (0, 1, 2, 3, 4)
PAIN_SCORE_RANGE = (0, 10)
ARTERIES = ("femoral", "popliteal", "dorsalis_pedis", "posterior_tibial")
PULSE_GRADES = (0, 1, 2, 3)
LAB_TESTS = (
    "magnesium",
    "calcium",
    "ionized_calcium",
    "albumin",
    "potassium",
    "sodium",
    "phosphate",
    "vitamin_d_25oh",
    "vitamin_b12",
    "folate",
    "tsh",
    "free_t4",
    "cortisol_am",
    "creatine_kinase",
    "glucose",
    "hba1c",
    "creatinine",
    "egfr",
)
URGENCIES = ("emergency", "urgent", "soon")
REFERRALS = (
    "emergency_department",
    "neurology",
    "endocrinology",
    "vascular",
    "nephrology",
    "obstetrics",
    "primary_care",
)
CARE_PLAN_SECTIONS = (
    "supplements",
    "physiotherapy",
    "lifestyle",
    "medication_review",
    "referrals",
    "follow_up",
)

_SPECIAL_LABELS = {
    "tsh": "TSH",
    "free_t4": "Free T4",
    "hba1c": "HbA1c",
    "egfr": "eGFR",
    "vitamin_d_25oh": "Vitamin D (25-OH)",
    "vitamin_b12": "Vitamin B12",
    "cortisol_am": "Cortisol (morning)",
    "mrc": "MRC",
}


def english_label(term: str) -> str:
    """A term as the clinician reads it in English ("elbow_flexors" -> "Elbow flexors"): the
    source text the window's and the documents' translations are kept under."""
    return _SPECIAL_LABELS.get(term) or term.replace("_", " ").capitalize()
