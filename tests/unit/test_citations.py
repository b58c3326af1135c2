"""Citations as data: each work once and clean, provenance kept apart, and only primary works
with a real identifier ever reach a patient's page."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from clinic_desktop.knowledge import Knowledge, load_knowledge
from clinic_desktop.knowledge.citations import Citation
from clinic_desktop.knowledge.yaml_loader import KnowledgeFileError
from clinic_desktop.paths import resource_path

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "clinical" / "reference.yaml"
# Hosts the reference read works through, never the works themselves: blogs, mirrors, copies,
# summaries, calculators and proxies. A patient's sources page may not send anyone there.
NON_PRIMARY_HOSTS = (
    "blogspot.com",
    "blogg.se",
    "scribd.com",
    "droracle.ai",
    "jesse.tg",
    "studyres.com",
    "doctor123.org",
    "painscience.com",
    "medicaldialogues.in",
    "laibokeji.com",
    "ouci.dntb.gov.ua",
    "docksci.com",
    "tripod.com",
    "freeservers.com",
    "mimsdev.com",
    "pdfslide.us",
    "cld.bz",
    "healthjade.com",
    "finder-articles.com",
    "vazzello.com",
    "pill2trip.com",
    "getleadinsights.com",
    "drugtodayonline.com",
    "healthgrades.com",
    "healthday.com",
    "rxreasoner.com",
    "prescriberpoint.com",
    "healthscout.com",
    "edrugswiki.com",
    "epgonline.org",
    "hellopharmacist.com",
    "medpill.info",
    "webmd.com",
    "altius-group.ch",
    "guidelinegenius.com",
    "primarycarenotebook.com",
    "pharmacy-notebook.com",
    "wikimsk.org",
    "nasgp.org.uk",
    "medicalalgorithms.com",
    "ntro.it.com",
    "calculator-cloud.com",
    "onlinemedicaltools.com",
    "pages.dev",
    "infinitelexicon.com",
    "nursingready.com",
    "health3.app",
    "unittables.com",
    "clinicalcorrelations.org",
    "news-medical.net",
    "endocrineweb.com",
    "clinlabnavigator.com",
    "linksmedicus.com",
    "docgmedicalsummaries.com",
    "hormonessignaling.com",
    "tapermd.com",
    "reallifepharmacology.com",
    "blackboxrx.com",
    "neurosurgerywiki.com",
    "emblogs.org",
    "redwhale.co.uk",
    "echoontario.ca",
    "mdedge.com",
    "researcher.life",
    "medluna.com",
    "cnpereading.com",
    "web.archive.org",
    "rxlist.com",
    "globalrph.com",
    "formweb.com",
    "alpfmedical.info",
    "wikem.org",
    "amboss.com",
    "mdnxs.com",
    "aphanet.org",
    "oddb.org",
    "medpagetoday.com",
    "privatehealth.co.uk",
    "biologyinsights.com",
    "healthicity.com",
    "uasisolutions.com",
    "ionhealthcarepulse.com",
    "codingstrategies.com",
    "scite.ai",
    "guidelinecentral.com",
    "eacpr.org",
    "nutri-facts.org",
    "ris.world",
    "tctmd.com",
    "getm.sen.es",
    "squarespace.com",
    "icnapedia.org",
    "pure.elsevier.com",
    "ashpublications.net",
    "cfu288.github.io",
    "pearls4peers.com",
)
# Words of a retrieval note: how a work was read is provenance, never part of a citation.
RETRIEVAL_NOTE = re.compile(
    r"read (?:via|at|in)|reproduced|mirror|not opened|queried locally|as quoted|as summari[sz]ed"
    r"|summary read|copy of|compiler knowledge|not retrieved|search tool|library proxy|as tabulated",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _cited_ids(node: Any, key: str = "") -> Iterator[str]:
    """Every value of a source-like key (source, sources, *_source) of a knowledge document."""
    if isinstance(node, dict):
        for name, value in node.items():
            yield from _cited_ids(value, str(name))
    elif isinstance(node, list):
        for value in node:
            yield from _cited_ids(value, key)
    elif isinstance(node, str) and (key in ("source", "sources") or key.endswith("_source")):
        yield node


def knowledge_documents() -> dict[str, Any]:
    folder = resource_path("clinical")
    documents = {
        path.name: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.yaml"))
        if path.name not in ("citations.yaml", "provenance.yaml")
    }
    notes = resource_path("reports", "specimen_notes.yaml")
    documents[notes.name] = yaml.safe_load(notes.read_text(encoding="utf-8"))
    return documents


def cited_anywhere() -> set[str]:
    """Every citation id a knowledge file names: the works that can reach any page."""
    return {cited for document in knowledge_documents().values() for cited in _cited_ids(document)}


def patient_page_problems(citation: Citation) -> list[str]:
    """What would make `citation` wrong on a patient's sources page."""
    problems = []
    if not (citation.doi or citation.pmid or citation.bookshelf or citation.url):
        problems.append("no primary identifier (DOI, PMID, Bookshelf id or publisher URL)")
    if citation.title.startswith("["):
        problems.append("a description in brackets, not the work's title")
    if citation.url:
        host = urlsplit(citation.url).hostname or ""
        if any(host == bad or host.endswith("." + bad) for bad in NON_PRIMARY_HOSTS):
            problems.append(f"non-primary host {host}")
    for text in (citation.short(), citation.full()):
        if RETRIEVAL_NOTE.search(text):
            problems.append(f"retrieval note in {text!r}")
    return problems


def test_every_citation_that_can_reach_a_patient_page_is_primary_and_clean(
    knowledge: Knowledge,
) -> None:
    reachable = cited_anywhere()
    assert len(reachable) > 150
    # The very filter the printed plan uses (reports.careplan): what passes must be clean.
    printed = knowledge.citations.for_patient(sorted(reachable))
    assert printed, "no citation at all would reach a patient"
    bad = {c.id: patient_page_problems(c) for c in printed if patient_page_problems(c)}
    assert bad == {}


def test_a_citation_without_a_primary_identifier_is_kept_off_patient_pages(
    knowledge: Knowledge,
) -> None:
    kept_off = [c for c in knowledge.citations if not c.primary]
    assert {c.id for c in kept_off} >= {
        "uptodate_nocturnal_leg_cramps_handout",  # reproduced on a mirror only
        "spasovski_2014_hyponatraemia",  # read via the NGC archive mirror
        "program_rules",  # this program's own rule
    }
    assert knowledge.citations.for_patient(c.id for c in kept_off) == ()


@pytest.mark.parametrize(
    "citation",
    [
        Citation(id="blog", title="A summary", url="https://x.blogspot.com/2016/08/summary.html"),
        Citation(id="mirror", title="An abstract", url="https://api-pubmed-ncbi.laibokeji.com/1"),
        Citation(id="note", title="Guideline (abstract read via a mirror)", pmid="123"),
    ],
)
def test_the_walk_catches_a_mirror_or_a_retrieval_note(citation: Citation) -> None:
    assert patient_page_problems(citation)


def test_a_primary_citation_needs_an_identifier() -> None:
    with pytest.raises(ValueError, match="primary citation needs"):
        Citation(id="bare", title="Some guideline", journal="J Something", year=2020)


def test_full_citations_carry_no_provenance(knowledge: Knowledge) -> None:
    """What `evaluate` prints: full citations, with how they were read left out."""
    noted = {c.id: c.full() for c in knowledge.citations if RETRIEVAL_NOTE.search(c.full())}
    assert noted == {}


def test_each_work_is_listed_once(knowledge: Knowledge) -> None:
    seen: dict[tuple[str, str], str] = {}
    for citation in knowledge.citations:
        key = (citation.title.casefold(), citation.doi or citation.pmid or citation.url or "")
        assert key not in seen, f"{citation.id} repeats {seen[key]}"
        seen[key] = citation.id
    dois = [c.doi for c in knowledge.citations if c.doi]
    assert len(dois) == len(set(dois))


def test_every_citation_is_used_and_has_its_provenance(knowledge: Knowledge) -> None:
    cited = cited_anywhere()
    for citation in knowledge.citations:
        assert citation.id in cited, f"{citation.id} is cited by no knowledge file"
        assert knowledge.citations.provenance(citation.id), f"{citation.id} has no provenance"


def test_plans_saved_before_citations_were_data_still_resolve(knowledge: Knowledge) -> None:
    """A plan item stored with the reference's whole source string finds its works again."""
    records = yaml.safe_load(resource_path("clinical", "provenance.yaml").read_text("utf-8"))
    record = next(r for r in records["records"] if r["text"].startswith("Allen RE, Kirby KA."))
    ids = knowledge.citations.resolve([record["text"], "garrison_2020_cochrane_magnesium"])
    assert ids == (*record["cites"], "garrison_2020_cochrane_magnesium")
    assert knowledge.citations.resolve(["something typed long ago"]) == ()


@pytest.mark.skipif(not REFERENCE.is_file(), reason="shared/clinical/reference.yaml not beside")
def test_provenance_is_the_reference_verbatim() -> None:
    reference = set(_strings(yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))))
    flat = " | ".join(" ".join(text.split()) for text in reference)
    records = yaml.safe_load(resource_path("clinical", "provenance.yaml").read_text("utf-8"))
    own_statements = 0
    for record in records["records"]:
        if not record.get("own"):
            assert record["text"] in reference, record["text"][:100]
            continue
        # Composed by this program: reference strings joined, or a statement of its own.
        parts = [" ".join(p.split()) for p in record["text"].split(" ; ")]
        found = [p for p in parts if p in flat]
        own_statements += len(parts) - len(found)
    # The drug list's, the clinic practice, the diabetes coding conventions and a B12 molar mass.
    assert own_statements <= 4


def test_an_unknown_citation_id_names_file_line_and_field(tmp_path: Path) -> None:
    folder = tmp_path / "clinical"
    shutil.copytree(resource_path("clinical"), folder)
    path = folder / "red_flags.yaml"
    text = path.read_text(encoding="utf-8")
    old = "source: [long_2020_cauda_equina]"
    assert old in text
    path.write_text(text.replace(old, "source: [long_2020_cauda_equna]"), encoding="utf-8")
    line = next(i for i, s in enumerate(text.splitlines(), 1) if old in s)
    with pytest.raises(KnowledgeFileError) as caught:
        load_knowledge(folder)
    message = str(caught.value)
    assert message.startswith(f"red_flags.yaml, line {line}, field 'flags[")
    assert "long_2020_cauda_equna" in message


def test_a_guideline_and_its_executive_summary_are_one_work_on_a_patients_page(
    knowledge: Knowledge,
) -> None:
    both = ["aha_acc_2017_pad_executive_summary", "gerhard_herman_2017_pad"]
    printed = knowledge.citations.for_patient(both)
    assert [c.id for c in printed] == ["gerhard_herman_2017_pad"]
    # The clinician's full citations keep both works.
    assert len(knowledge.citations.full(both)) == 2


def test_a_coding_classification_never_reaches_a_patients_page(knowledge: Knowledge) -> None:
    assert knowledge.citations.get("icd10cm_tabular_2026").kind == "coding"
    assert knowledge.citations.for_patient(["icd10cm_tabular_2026"]) == ()


def test_the_sources_page_of_a_claudication_visit_lists_each_work_once() -> None:
    """Before: the PAD guideline twice (with its executive summary's table link) and the
    ICD-10-CM tabular list among the works a patient was told the advice rests on."""
    import io

    from pypdf import PdfReader

    from clinic_desktop.interop.assessment_json import load_assessment_file
    from clinic_desktop.rules.engine import evaluate
    from clinic_desktop.services.rendering import render_document

    knowledge = load_knowledge()
    case = (
        Path(__file__).resolve().parents[1] / "cases" / "nocturnal_claudication_abnormal_abi.json"
    )
    assessment = load_assessment_file(case, knowledge.labs)
    for language in ("en", "es"):
        localised = assessment
        if assessment.patient.language != language:
            from dataclasses import replace

            localised = replace(assessment, patient=replace(assessment.patient, language=language))
        pdf = render_document(localised, evaluate(localised, knowledge), knowledge=knowledge)
        last = PdfReader(io.BytesIO(pdf)).pages[-1].extract_text() or ""
        page = " ".join(last.split())
        assert page.count("Lower Extremity Peripheral Artery Disease. Circulation") == 1
        assert "Executive Summary" not in page
        assert "ICD-10-CM" not in page
        assert "table/array12" not in page
