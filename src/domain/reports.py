"""Reports of disposal records to the cyberspace administration (2021 Art 19; R13).

A report is an aggregate of its own, keyed by the record it reports: the account's
lifecycle does not change when a record is reported, and a record is reported once.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from accountledger.domain.act import Act
from accountledger.domain.authority import authorise
from accountledger.domain.errors import RuleViolation
from accountledger.domain.indexes import NAMESPACE


class DisposalReport(Aggregate):
    """That one disposal record was reported, with what reference, by which channel."""

    TOPIC = "accountledger:DisposalReport"

    class Event(Aggregate.Event):
        TOPIC = "accountledger:DisposalReport.Event"

    @staticmethod
    def create_id(record_id: str) -> UUID:
        return uuid5(NAMESPACE, f"report:{record_id}")

    @classmethod
    def file(
        cls,
        *,
        record_id: str,
        account_id: str,
        reference: str,
        channel: str,
        decided_at: datetime,
        act: Act,
    ) -> DisposalReport:
        """Reported at `act`'s time, which is not before the measure (`decided_at`)."""
        authorise("report_disposal", act)
        if act.occurred_at < decided_at:
            raise RuleViolation(
                f"the record was decided at {decided_at.isoformat()}, after "
                f"{act.occurred_at.isoformat()}: a record is reported after it exists",
                rule="report-after-measure",
                field="occurred_at",
                article="2021-19",
            )
        for field, value in (("reference", reference), ("channel", channel)):
            if not value.strip():
                raise RuleViolation(
                    f"a report to the authority needs a {field}",
                    rule="report-details",
                    field=field,
                    article="2021-19",
                )
        return cls(
            record_id=record_id,
            account_id=account_id,
            reference=reference,
            channel=channel,
            act=act,
        )

    @event("Reported", topic="accountledger:DisposalReport.Reported")
    def __init__(
        self, record_id: str, account_id: str, reference: str, channel: str, act: Act
    ) -> None:
        self.record_id = record_id
        self.account_id = account_id
        self.reference = reference
        self.channel = channel
        self.reported_at = act.occurred_at
