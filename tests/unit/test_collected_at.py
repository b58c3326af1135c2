"""`labs[].collected_at`: a sample's time kept exactly as the laboratory wrote it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic_desktop.interop.assessment_json import (
    AssessmentFormatError,
    assessment_to_document,
    parse_assessment,
)
from clinic_desktop.knowledge.lab_catalog import load_lab_catalog
from clinic_desktop.persistence.observations import observation_rows
from tests.unit.test_assessment_json import example

CATALOG = load_lab_catalog()


def with_collected_at(value: object) -> dict[str, object]:
    document = example()
    document["labs"][0]["collected_at"] = value  # type: ignore[index]
    return document


@given(
    moment=st.datetimes(
        min_value=datetime(1900, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.none()
        | st.builds(
            timezone,
            st.timedeltas(min_value=-timedelta(hours=12), max_value=timedelta(hours=14)).map(
                lambda d: timedelta(minutes=d // timedelta(minutes=1))
            ),
        ),
    ),
    precision=st.sampled_from(["date", "minutes", "seconds"]),
)
def test_a_sample_time_is_kept_as_written_through_a_round_trip(
    moment: datetime, precision: str
) -> None:
    text = {
        "date": moment.date().isoformat(),
        "minutes": moment.isoformat(timespec="minutes"),
        "seconds": moment.isoformat(timespec="seconds"),
    }[precision]
    assessment = parse_assessment(with_collected_at(text), CATALOG)
    assert assessment.labs is not None and assessment.labs[0].collected_at == text
    again = parse_assessment(assessment_to_document(assessment), CATALOG)
    assert again == assessment
    assert observation_rows(assessment)[0]["collected_at"] == text


@pytest.mark.parametrize(
    "value", ["2026-13-01", "2026-11-23 07:30", "23/11/2026", "2026-11-23T25:00", 20261123, ""]
)
def test_a_sample_time_that_is_not_one_is_refused_at_its_field(value: object) -> None:
    with pytest.raises(AssessmentFormatError) as raised:
        parse_assessment(with_collected_at(value), CATALOG)
    assert raised.value.field_path == "labs[0].collected_at"


def test_the_utc_offset_is_never_shifted() -> None:
    text = datetime(2026, 11, 23, 7, 30, tzinfo=timezone(timedelta(hours=-5))).isoformat()
    assessment = parse_assessment(with_collected_at(text), CATALOG)
    assert assessment.labs is not None
    assert assessment.labs[0].collected_at == "2026-11-23T07:30:00-05:00"
