"""R12, R15 (2021 Art 8 ¶2, Art 20; 2022 Art 15): the catalogue of notifications says
who is told of what, derived from the measures' catalogue so no measure is left out."""

from __future__ import annotations

from accountledger.domain.measures import CATALOGUE as MEASURES
from accountledger.domain.notices import CATALOGUE, ROW_BY_EVENT, Kind


def test_every_disposal_measure_obliges_a_notice_to_the_operator() -> None:
    """2021 Art 20: each way a measure is taken is told to the account's operator, with
    the appeal article cited; a rectification order is a kind of its own (2022 Art 15)."""
    for measure in MEASURES:
        row = ROW_BY_EVENT[f"Account.{measure.event}"]
        assert row.recipient == "operator" and "2021-20" in row.articles
        expected = (
            Kind.RECTIFICATION_ORDER if measure.event == "RectificationOrdered" else Kind.MEASURE
        )
        assert row.kind is expected


def test_outcomes_and_feedback_are_told_and_nothing_else_is() -> None:
    """2021 Art 20, Art 11: an appeal's outcome, a complaint's feedback (to its reporter)
    and a transfer's outcome; no event is listed twice."""
    extra = {row.event: row.kind for row in CATALOGUE if row.kind is not Kind.MEASURE}
    assert extra == {
        "Account.RectificationOrdered": Kind.RECTIFICATION_ORDER,
        "Appeal.Decided": Kind.APPEAL_OUTCOME,
        "Complaint.Answered": Kind.COMPLAINT_FEEDBACK,
        "Account.TransferApproved": Kind.TRANSFER_OUTCOME,
        "Account.TransferRejected": Kind.TRANSFER_OUTCOME,
    }
    assert ROW_BY_EVENT["Complaint.Answered"].recipient == "reporter"
    assert len(ROW_BY_EVENT) == len(CATALOGUE)
