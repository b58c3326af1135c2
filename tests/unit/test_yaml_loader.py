from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

from clinic_desktop.knowledge.yaml_loader import KnowledgeFileError, load_yaml_model


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    threshold: float


class Catalog(BaseModel):
    entries: list[Entry]


def test_a_wrong_field_names_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "labs.yaml"
    path.write_text("entries:\n- id: a\n  threshold: 1\n- id: b\n  threshold: high\n")
    with pytest.raises(KnowledgeFileError) as caught:
        load_yaml_model(path, Catalog)
    assert str(caught.value).startswith("labs.yaml, line 5, field 'entries[1].threshold'")


def test_a_syntax_error_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "drugs.yaml"
    path.write_text("entries:\n- id: a\n  threshold: [1\n")
    with pytest.raises(KnowledgeFileError) as caught:
        load_yaml_model(path, Catalog)
    assert "drugs.yaml" in str(caught.value)
    assert caught.value.line is not None


def test_a_valid_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text("entries:\n- id: a\n  threshold: 1.5\n")
    assert load_yaml_model(path, Catalog).entries[0].threshold == 1.5
