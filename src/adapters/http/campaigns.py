"""Campaigns over HTTP: a job per campaign run, its status, its outcomes as CSV (R12, R13).

`POST /campaigns` checks everything a run would refuse (the caller's role for the
measure, the measure's inputs, the grounds, the accounts and the key's scope), then
answers 202 with the campaign's id and runs it on a thread of the service;
`GET /campaigns/{campaign}` gives the run's state and the outcomes recorded so far,
`GET /campaigns/{campaign}/outcomes` the outcomes as CSV (`exports.py`). A dry run
answers at once, 200, with every account's outcome, and writes nothing. The use case
is `application/campaigns.py`, as in the CLI.
"""

import logging
import threading
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from accountledger.adapters import campaign_edge
from accountledger.adapters.exports import outcomes_csv
from accountledger.adapters.http import models
from accountledger.adapters.http.auth import Auth, refusal
from accountledger.adapters.http.errors import Problem
from accountledger.adapters.http.ids import subject_ref_of
from accountledger.adapters.http.keys import Caller
from accountledger.adapters.http.service import Service
from accountledger.adapters.inputs import Edge
from accountledger.application import campaigns
from accountledger.domain.campaigns import CAMPAIGN_MEASURES, AccountOutcome
from accountledger.projections.selection import Selection

log = logging.getLogger(__name__)
Measure = Literal[CAMPAIGN_MEASURES]  # type: ignore[valid-type]
CampaignId = Annotated[UUID, Path(description="the campaign's id, as `POST /campaigns` gave it")]


class CampaignQuery(Edge):
    """Accounts selected from the read models: every criterion given must hold."""

    name: str | None = Field(default=None, description="name pattern: * any run, ? one character")
    subject: str | None = Field(default=None, description="the subject's ref s-...")
    content_category: str | None = None
    credit_tier: str | None = None


class CampaignBody(models.ActFields):
    """One measure for one case (`case_id`) on accounts listed or queried (R12, R13)."""

    measure: Measure = Field(description="the measure's command, e.g. warn, restrict")
    inputs: dict[str, Any] = Field(
        default_factory=dict,
        description="the measure's own inputs, as its account route's body takes them",
    )
    accounts: list[UUID] | None = Field(
        None, max_length=campaign_edge.MAX_LISTED, description="account ids"
    )
    query: CampaignQuery | None = None
    dry_run: bool = Field(False, description="what would happen; nothing is written")


class CampaignStatus(BaseModel):
    """A campaign's run in this service, if any, and the outcomes recorded so far."""

    campaign_id: str
    measure: str
    case_id: str
    state: Literal["running", "finished", "failed", "recorded"]
    accounts: int | None = None
    processed: int | None = None
    error: str | None = None
    counts: dict[str, int]


class Planned(BaseModel):
    """A dry run: every account's outcome, nothing written."""

    campaign_id: str
    measure: str
    case_id: str
    dry_run: bool
    accounts: int
    counts: dict[str, int]
    outcomes: list[dict[str, str]]


@dataclass
class Job:
    """A run on a thread of the service: how far it got and how it ended."""

    accounts: int
    processed: int = 0
    state: Literal["running", "finished", "failed"] = "running"
    error: str | None = None
    thread: threading.Thread | None = field(default=None, repr=False)


def router(service: Service, auth: Auth) -> APIRouter:
    """`POST /campaigns`, `GET /campaigns/{campaign}`, `GET /campaigns/{campaign}/outcomes`."""
    routes = APIRouter()
    jobs: dict[UUID, Job] = {}
    lock = threading.Lock()

    def accounts_of(who: Caller, body: CampaignBody) -> list[UUID]:
        query = body.query or CampaignQuery()
        selection = Selection(
            name=query.name,
            subject=subject_ref_of(service.ledger, query.subject) if query.subject else None,
            content_category=query.content_category,
            credit_tier=query.credit_tier,
        )
        listed = body.accounts is not None
        campaign_edge.one_source(listed, selection)
        found = (
            list(dict.fromkeys(body.accounts or []))
            if listed
            else campaign_edge.queried(service.read, selection)
        )
        return campaign_edge.in_scope(who.scope, service.ledger, found, listed)

    def launch(ident: UUID, job: Job, run: Any) -> None:
        def work() -> None:
            # The job's status says why it failed; the service goes on. The read models
            # are brought up to date before the status says the run is over.
            try:
                run()
            except Exception as error:
                log.exception("campaign %s failed", ident)
                job.error = str(error)
            try:
                service.keep_current()
            except Exception:
                log.exception("campaign %s: read models not brought up to date", ident)
            job.state = "failed" if job.error is not None else "finished"

        job.thread = threading.Thread(target=work, name=f"campaign-{ident}", daemon=True)
        job.thread.start()

    @routes.post(
        "/campaigns",
        status_code=202,
        tags=["campaigns"],
        summary="campaign (roles: those of the measure)",
        response_model=CampaignStatus,
        responses={200: {"model": Planned, "description": "a dry run's outcomes"}},
    )
    def start(
        who: Annotated[Caller, Depends(auth.caller)], body: CampaignBody
    ) -> CampaignStatus | JSONResponse:
        """Take one measure for one case on many accounts, once each: 202 and a job whose
        status `GET /campaigns/{campaign}` gives; with `dry_run`, 200 and what would happen."""
        refused = refusal(who, body.measure)
        if refused is not None:
            raise Problem(403, refused, rule="role", field="actor")
        zone = service.settings.rules.zone
        value = campaign_edge.template(body.measure, body.inputs, zone)
        act = auth.act_of(who, body)
        accounts = accounts_of(who, body)
        ledger, stamped = service.ledger, body.at is None
        if body.dry_run:
            report = campaigns.run(ledger, value, act, accounts, stamped=stamped, dry_run=True)
            outcomes = [o.as_dict() for o in report.outcomes]
            planned = Planned(**report.summary(), outcomes=outcomes)
            return JSONResponse(planned.model_dump(), status_code=200)
        ident = campaigns.campaign_id(value, act)
        with lock:
            running = jobs.get(ident)
            if running is not None and running.state == "running":
                raise Problem(409, f"campaign {ident} is running", rule="campaign-running")
            campaigns.start(ledger, value, act)  # refused here, before the 202
            job = jobs[ident] = Job(accounts=len(accounts))

        def progress(done: int, total: int) -> None:
            job.processed = done

        launch(
            ident,
            job,
            lambda: campaigns.run(ledger, value, act, accounts, stamped=stamped, progress=progress),
        )
        return status(ident, who)

    def status(ident: UUID, who: Caller) -> CampaignStatus:
        found = campaigns.find(service.ledger, ident)
        job = jobs.get(ident)
        mine = who.scope.keep(found.outcomes.values(), service.ledger)
        counts = {k: 0 for k in found.counts()}
        for outcome in mine:
            counts[outcome["outcome"]] = counts.get(outcome["outcome"], 0) + 1
        return CampaignStatus(
            campaign_id=str(ident),
            measure=found.command,
            case_id=found.case_id,
            state="recorded" if job is None else job.state,
            accounts=None if job is None else job.accounts,
            processed=None if job is None else job.processed,
            error=None if job is None else job.error,
            counts=counts,
        )

    @routes.get(
        "/campaigns/{campaign}",
        tags=["campaigns"],
        summary="campaign status",
        response_model=CampaignStatus,
    )
    def campaign_status(
        campaign: CampaignId, who: Annotated[Caller, Depends(auth.reader)]
    ) -> CampaignStatus:
        """The run's state in this service (`recorded` when none ran here) and the count of
        each outcome recorded, in the caller's scope."""
        return status(campaign, who)

    @routes.get(
        "/campaigns/{campaign}/outcomes",
        tags=["campaigns"],
        summary="campaign outcomes (CSV)",
        response_class=Response,
        responses={200: {"content": {"text/csv": {}}, "description": "one row per account"}},
    )
    def campaign_outcomes(
        campaign: CampaignId, who: Annotated[Caller, Depends(auth.reader)]
    ) -> Response:
        """Each account's outcome recorded so far, one CSV row each, in the caller's scope."""
        found = campaigns.find(service.ledger, campaign)
        rows = who.scope.keep(sorted(found.outcomes.values(), key=_by_account), service.ledger)
        text = outcomes_csv(AccountOutcome.of(row) for row in rows)
        return Response(text, media_type="text/csv; charset=utf-8")

    return routes


def _by_account(row: dict[str, str]) -> str:
    return row["account_id"]
