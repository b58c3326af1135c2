"""The rendering service: suggested plans, the library's steps and catalogue names, the letterhead
kept in clinic.yaml before the clinic's profile moved into the records."""

from __future__ import annotations

import argparse
import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from clinic_desktop.knowledge.care_plan_library import load_care_plan_library
from clinic_desktop.knowledge.icd10cm import load_icd10cm
from clinic_desktop.knowledge.lab_catalog import load_lab_catalog
from clinic_desktop.knowledge.yaml_loader import KnowledgeFileError
from clinic_desktop.services.rendering import (
    clinic_profile,
    legacy_clinic_profile,
    render_document,
    run_render,
    suggested_plan,
)
from tests.golden import cases


@pytest.fixture(scope="module")
def knowledge() -> SimpleNamespace:
    """The parts of the clinical knowledge that printing reads."""
    return SimpleNamespace(
        care_plan=load_care_plan_library(), labs=load_lab_catalog(), icd10cm=load_icd10cm()
    )


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())


def test_suggested_plan_is_the_evaluations_items_unsigned() -> None:
    evaluation = cases.evaluation("es")
    plan = suggested_plan(evaluation)
    assert plan.language == "es"
    assert plan.signed_at is None
    assert [item.id for item in plan.items] == [item.id for item in evaluation.care_plan]
    assert all(item.origin == "suggested" for item in plan.items)
    assert plan.items[1].reason == evaluation.care_plan[1].reason


def test_care_plan_prints_the_librarys_steps_and_the_catalogues_test_names(
    knowledge: SimpleNamespace,
) -> None:
    text = text_of(
        render_document(cases.assessment("es"), cases.evaluation("es"), knowledge=knowledge)
    )
    library_steps = next(
        item.steps
        for item in knowledge.care_plan.items("es")
        if item.id == "calf_hamstring_stretching"
    )
    assert " ".join(library_steps[0].split()) in text
    assert "1. " in text
    assert "Calcio total" in text
    assert "Plan sugerido" in text


def test_requisition_prints_catalogue_loinc_and_icd10cm_descriptions(
    knowledge: SimpleNamespace,
) -> None:
    evaluation = cases.evaluation("en")
    text = text_of(
        render_document(cases.assessment("en"), evaluation, kind="requisition", knowledge=knowledge)
    )
    catalog = knowledge.labs
    assert catalog.loinc_for("calcium", catalog.si_unit("calcium")) in text
    description = knowledge.icd10cm.description("G47.62")
    assert description is not None
    assert description.split()[0] in text


def test_an_unknown_kind_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="kind"):
        render_document(cases.assessment("en"), cases.evaluation("en"), kind="poster")


def test_a_letterhead_kept_in_clinic_yaml_still_prints_until_the_profile_is_saved(
    isolated_user_dirs: Path,
) -> None:
    assert legacy_clinic_profile() is None
    assert clinic_profile(None).name == ""  # no invented "Clinic"
    isolated_user_dirs.mkdir(parents=True, exist_ok=True)
    logo = isolated_user_dirs / "logo.png"
    logo.write_bytes(cases.png())
    (isolated_user_dirs / "clinic.yaml").write_text(
        f"name: Clínica Núñez\naddress: Calle 1\nphone: '123'\nlogo_path: {logo}\n"
        "clinician_name: Dra. Núñez\n",
        encoding="utf-8",
    )
    kept = clinic_profile(None)
    assert (kept.name, kept.phone, kept.logo) == ("Clínica Núñez", "123", cases.png())
    (isolated_user_dirs / "clinic.yaml").write_text("name: X\nfax: 1\n", encoding="utf-8")
    with pytest.raises(KnowledgeFileError, match="fax"):
        legacy_clinic_profile()


def test_render_command_names_a_source_that_is_neither_file_nor_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.pdf"
    args = argparse.Namespace(source="no-such-case.json", out=str(out), kind="careplan", lang=None)
    assert run_render(args) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "no-such-case.json" in error
    assert not out.exists()
