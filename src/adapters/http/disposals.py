"""The disposal register over HTTP: the records of measures, and their reports (R13, R14).

`GET /disposals` filters the register as the CLI's `disposals` and the console do;
`POST /disposals/{account_id}/{version}/report` records that a record was reported to
the authority, once; `POST /disposals/report` reports several under one reference, all
or nothing. Appealing a record is in appeals.py.
"""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from accountledger.adapters.http import models
from accountledger.adapters.http.auth import Auth
from accountledger.adapters.http.ids import (
    RecordVersion,
    account_id_of,
    record_id_of,
    subject_ref_of,
)
from accountledger.adapters.http.keys import Caller
from accountledger.adapters.http.service import Service
from accountledger.application import reports
from accountledger.application.ids import disposal_record
from accountledger.domain.articles import check_violation
from accountledger.domain.dates import parse_moment
from accountledger.domain.errors import UnknownArticle
from accountledger.domain.measures import Measure
from accountledger.projections import queries


def router(service: Service, auth: Auth) -> APIRouter:
    """`GET /disposals` and `POST /disposals/{account_id}/{version}/report`."""
    routes = APIRouter()

    @routes.get("/disposals", response_model=models.Disposals, tags=["disposals"])
    def list_disposals(
        who: Annotated[Caller, Depends(auth.reader)],
        account: Annotated[UUID | None, Query(description="account id")] = None,
        subject: Annotated[
            str | None, Query(description="subject ref s-... or KIND:NUMBER")
        ] = None,
        start: Annotated[
            str | None, Query(alias="from", description="decided at or after (ISO 8601)")
        ] = None,
        end: Annotated[
            str | None,
            Query(
                alias="to",
                description="decided at or before; a date means its end, in the platform's zone",
            ),
        ] = None,
        measure: Annotated[Measure | None, Query(description="e.g. warning")] = None,
        violation: Annotated[str | None, Query(description="e.g. 2021-18-6")] = None,
        overdue: Annotated[
            bool, Query(description="only unreported records past the limit")
        ] = False,
    ) -> models.Disposals:
        """The disposal register: what was done, why, and whether it was reported (R13, R14)."""
        ident = str(account_id_of(account)) if account else None
        ref = subject_ref_of(service.ledger, subject) if subject else None
        zone = service.settings.rules.zone
        since = parse_moment(start, zone, field="from") if start else None
        until = parse_moment(end, zone, end_of_day=True, field="to") if end else None
        if violation:
            try:
                check_violation((violation,))
            except UnknownArticle as error:
                error.field = "violation"
                raise
        now = service.clock()
        within = service.settings.rules.report_within
        records = service.read(
            lambda view: queries.disposals(
                view,
                account=ident,
                subject=ref,
                start=since,
                end=until,
                measure=measure,
                violation=violation or None,
                overdue_at=now,
                report_within=within,
                overdue_only=overdue,
            )
        )
        records = who.scope.keep(records, service.ledger)
        return models.Disposals(records=records, count=len(records))

    @routes.post(
        "/disposals/{account_id}/{version}/report",
        response_model=models.Reported,
        tags=["disposals"],
        summary="report_disposal (roles: compliance)",
    )
    def report_disposal(
        account_id: UUID,
        version: RecordVersion,
        body: models.ReportBody,
        who: Annotated[Caller, Depends(auth.may("report_disposal"))],
    ) -> models.Reported:
        """Record that disposal record ACCOUNT/VERSION was reported to the authority (R13)."""
        act = auth.act_of(who, body)
        done = reports.report_disposal(
            service.ledger, record_id_of(account_id, version), body.reference, body.channel, act
        )
        service.keep_current()
        return models.Reported(
            record_id=done.record_id,
            reference=done.reference,
            channel=done.channel,
            reported_at=done.reported_at.isoformat(),
        )

    @routes.post(
        "/disposals/report",
        response_model=models.ReportedBatch,
        tags=["disposals"],
        summary="report_disposal, several records (roles: compliance)",
    )
    def report_disposals(
        body: models.ReportBatchBody,
        who: Annotated[Caller, Depends(auth.may("report_disposal"))],
    ) -> models.ReportedBatch:
        """Record that several disposal records were reported under one reference, each
        once; if any is refused, none is recorded (R13)."""
        act = auth.act_of(who, body)
        records = [disposal_record(record, "records") for record in body.records]
        for record in records:
            who.scope.check(record.split("/")[0], service.ledger, "records")
        done = reports.report_disposals(service.ledger, records, body.reference, body.channel, act)
        service.keep_current()
        reported = [
            models.Reported(
                record_id=report.record_id,
                reference=report.reference,
                channel=report.channel,
                reported_at=report.reported_at.isoformat(),
            )
            for report in done
        ]
        return models.ReportedBatch(reports=reported, count=len(reported))

    return routes
