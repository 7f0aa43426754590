"""An appeal and a report come after the measure they are about, without I/O: the appeal
window opens at the measure (2021 Art 20), and a record is reported once it exists
(2021 Art 19) (R13, R15)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from accountledger.domain.act import Role
from accountledger.domain.appeals import Appeal
from accountledger.domain.errors import RuleViolation
from accountledger.domain.reports import DisposalReport
from tests.domain.given import Clock

ACCOUNT = "5b0c4e2a-8d1f-4c5e-9a7b-3f2d1e0c9b8a"
RECORD = f"{ACCOUNT}/3"


def appeal(clock: Clock, decided_after: timedelta) -> Appeal:
    act = clock.act(Role.OPERATOR)
    return Appeal.file(
        record_id=RECORD,
        account_id=ACCOUNT,
        measure="Warned",
        decided_by="m-1",
        decided_at=act.occurred_at + decided_after,
        grounds="the post was accurate",
        window=timedelta(days=30),
        feedback_within=timedelta(days=15),
        act=act,
    )


def report(clock: Clock, decided_after: timedelta) -> DisposalReport:
    act = clock.act(Role.COMPLIANCE)
    return DisposalReport.file(
        record_id=RECORD,
        account_id=ACCOUNT,
        reference="CAC-1",
        channel="online",
        decided_at=act.occurred_at + decided_after,
        act=act,
    )


def test_an_appeal_filed_before_its_measure_is_refused() -> None:
    """R15 (2021 Art 20): the window opens at the measure; a filing before it is refused."""
    with pytest.raises(RuleViolation) as refused:
        appeal(Clock(), decided_after=timedelta(minutes=1))
    assert (refused.value.rule, refused.value.field) == ("appeal-window", "occurred_at")
    assert refused.value.article == "2021-20"


def test_an_appeal_filed_when_its_measure_was_taken_is_in_the_window() -> None:
    """R15 (2021 Art 20): at the measure's own time the window is open."""
    assert appeal(Clock(), decided_after=timedelta(0)).status == "filed"


def test_a_report_before_its_measure_is_refused() -> None:
    """R13 (2021 Art 19): a record cannot be reported before it exists."""
    with pytest.raises(RuleViolation) as refused:
        report(Clock(), decided_after=timedelta(minutes=1))
    assert (refused.value.rule, refused.value.field) == ("report-after-measure", "occurred_at")
    assert refused.value.article == "2021-19"


def test_a_report_at_or_after_its_measure_is_recorded() -> None:
    """R13 (2021 Art 19): reported at its act's time."""
    clock = Clock()
    done = report(clock, decided_after=timedelta(0))
    assert done.reported_at == clock.now
