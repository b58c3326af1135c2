"""The knowledge cache: what it gives is what the YAML gives, and it is never trusted when it should not be.

Every worked case is evaluated (the `evaluate` document) and printed (the care plan's text)
with knowledge from the YAML and from the cache, and compared; then the cache is shown
stale, forged, foreign, linked, broken or unwritable, and each time the YAML is read instead.
"""

from __future__ import annotations

import io
import os
import pickle
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from clinic_desktop.interop.assessment_json import dumps_document, load_assessment_file
from clinic_desktop.interop.evaluation_json import evaluation_to_document
from clinic_desktop.knowledge import Knowledge, load_knowledge
from clinic_desktop.knowledge import cache as knowledge_cache
from clinic_desktop.paths import resource_path
from clinic_desktop.rules.engine import evaluate
from clinic_desktop.services.rendering import load_clinic_profile, render_document

CASES = sorted((Path(__file__).resolve().parent.parent / "cases").glob("*.json"))
needs_owners = pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX file owners")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the shipped knowledge, without any cache of the checkout."""
    copy = tmp_path / "clinical"
    shutil.copytree(
        resource_path("clinical"), copy, ignore=shutil.ignore_patterns(knowledge_cache.CACHE_NAME)
    )
    return copy


def from_yaml_only(folder: Path) -> Knowledge:
    return load_knowledge(folder)


def never_read(folder: Path) -> Knowledge:
    raise AssertionError(f"the YAML of {folder} was read although the cache holds it")


def cached(folder: Path) -> Knowledge:
    """The knowledge of `folder` as the next run finds it: from the cache, never the YAML."""
    return knowledge_cache.load_with_cache(folder, never_read)


def test_the_first_run_writes_the_cache_and_the_next_reads_it(folder: Path) -> None:
    assert not (folder / knowledge_cache.CACHE_NAME).exists()
    first = knowledge_cache.load_with_cache(folder, from_yaml_only)
    written = folder / knowledge_cache.CACHE_NAME
    assert written.is_file()
    # Readable as the YAML is, writable by its owner alone.
    assert written.stat().st_mode & 0o777 == (folder / "labs.yaml").stat().st_mode & 0o644
    second = cached(folder)
    assert second is not first
    assert second.context_ids() == first.context_ids()


def test_cached_knowledge_evaluates_and_prints_every_case_as_the_yaml_does(folder: Path) -> None:
    knowledge_cache.load_with_cache(folder, from_yaml_only)
    yaml_knowledge, cache_knowledge = load_knowledge(folder), cached(folder)
    clinic = load_clinic_profile()
    assert len(CASES) >= 40
    for case in CASES:
        outputs = []
        for knowledge in (yaml_knowledge, cache_knowledge):
            assessment = load_assessment_file(
                case, knowledge.labs, context_ids=knowledge.context_ids()
            )
            evaluation = evaluate(assessment, knowledge)
            document = dumps_document(evaluation_to_document(evaluation, knowledge.citations))
            pdf = render_document(assessment, evaluation, clinic=clinic, knowledge=knowledge)
            text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
            outputs.append((evaluation, document, text))
        (yaml_eval, yaml_document, yaml_text), (cache_eval, cache_document, cache_text) = outputs
        assert cache_eval == yaml_eval, case.name
        assert cache_document == yaml_document, case.name
        assert cache_text == yaml_text, case.name


def test_a_changed_file_makes_the_cache_stale(folder: Path) -> None:
    knowledge_cache.load_with_cache(folder, from_yaml_only)
    labs = folder / "labs.yaml"
    labs.write_text(labs.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="was read"):
        cached(folder)
    knowledge_cache.load_with_cache(folder, from_yaml_only)  # rewritten for the new key
    assert cached(folder).labs is not None


def test_a_broken_cache_is_not_used_and_is_rewritten(folder: Path) -> None:
    knowledge_cache.load_with_cache(folder, from_yaml_only)
    path = folder / knowledge_cache.CACHE_NAME
    path.write_bytes(path.read_bytes()[:-500])
    with pytest.raises(AssertionError, match="was read"):
        cached(folder)
    knowledge_cache.load_with_cache(folder, from_yaml_only)
    cached(folder)


def test_a_forged_cache_cannot_run_code(folder: Path, tmp_path: Path) -> None:
    """A file with the right key that names any callable but the knowledge's classes is refused."""
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    key = knowledge_cache.cache_key(folder)
    forged = pickle.dumps(Payload())
    (folder / knowledge_cache.CACHE_NAME).write_bytes(
        knowledge_cache._FORMAT + b" " + key.encode() + b"\n" + forged
    )
    os.chmod(folder / knowledge_cache.CACHE_NAME, 0o644)
    assert knowledge_cache.read_cache(folder, key) is None
    assert not marker.exists()
    # Nor anything that is not the knowledge, even made of its own parts.
    (folder / knowledge_cache.CACHE_NAME).write_bytes(
        knowledge_cache._FORMAT + b" " + key.encode() + b"\n" + pickle.dumps(["labs"])
    )
    assert knowledge_cache.read_cache(folder, key) is None


@needs_owners
def test_a_cache_others_may_write_is_not_trusted(folder: Path) -> None:
    knowledge_cache.load_with_cache(folder, from_yaml_only)
    path = folder / knowledge_cache.CACHE_NAME
    for mode in (0o664, 0o646):
        path.chmod(mode)
        with pytest.raises(AssertionError, match="was read"):
            cached(folder)
        path.chmod(0o644)
    cached(folder)


def test_a_cache_that_is_a_link_is_neither_read_nor_written_through(
    folder: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    knowledge_cache.load_with_cache(folder, from_yaml_only)
    real = elsewhere / "real.cache"
    (folder / knowledge_cache.CACHE_NAME).rename(real)
    (folder / knowledge_cache.CACHE_NAME).symlink_to(real)
    before = real.read_bytes()
    with pytest.raises(AssertionError, match="was read"):
        cached(folder)
    knowledge_cache.load_with_cache(folder, from_yaml_only)
    assert (folder / knowledge_cache.CACHE_NAME).is_symlink()
    assert real.read_bytes() == before


@needs_owners
def test_a_folder_this_user_cannot_write_is_left_alone(folder: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes into any folder")
    folder.chmod(0o555)
    try:
        knowledge = knowledge_cache.load_with_cache(folder, from_yaml_only)
        assert knowledge.labs is not None
        assert not (folder / knowledge_cache.CACHE_NAME).exists()
    finally:
        folder.chmod(0o755)


def test_the_bundle_cache_is_keyed_for_a_frozen_program(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "bundled.cache"
    knowledge_cache.write_prebuilt(folder, target, from_yaml_only)
    frozen_key = knowledge_cache.cache_key(folder, frozen=True)
    assert target.read_bytes().startswith(knowledge_cache._FORMAT + b" " + frozen_key.encode())
    assert frozen_key != knowledge_cache.cache_key(folder, frozen=False)
