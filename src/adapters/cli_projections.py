"""CLI commands of the read side's machinery: `project`, `rebuild`, `report-disposal`."""

import time
from typing import Annotated, Any

import typer

from accountledger.adapters import render
from accountledger.adapters.cli_app import app
from accountledger.adapters.cli_base import Call, command, seconds
from accountledger.adapters.terminal import progress_bar
from accountledger.application import reports
from accountledger.application.ids import disposal_record


@command(app, "project", render.fields, writes=False)
def project(
    call: Call,
    follow: Annotated[bool, typer.Option("--follow", help="keep going as events arrive")] = False,
    interval: Annotated[
        float, typer.Option("--interval", callback=seconds, help="seconds between polls")
    ] = 1.0,
    stop_after: Annotated[
        float | None,
        typer.Option("--stop-after", callback=seconds, help="with --follow: stop after N seconds"),
    ] = None,
) -> dict[str, Any]:
    """Bring the read models up to date, once or (--follow) continuously (R13, R18)."""
    projection = call.projection()
    started = time.monotonic()
    try:
        processed = projection.catch_up()
        if follow:

            def stop() -> bool:
                return stop_after is not None and time.monotonic() - started >= stop_after

            projection.follow(interval, stop)
        position = projection.view.max_tracking_id(call.ledger.name) or 0
    finally:
        projection.view.close()
    return {"processed": processed, "position": position}


@command(app, "rebuild", render.fields, writes=False)
def rebuild(call: Call) -> dict[str, Any]:
    """Drop every read model and rebuild it from the first event, with a progress bar."""
    projection = call.projection()
    total = call.ledger.recorder.max_notification_id() or 0
    started = time.perf_counter()
    try:
        with progress_bar("rebuilding read models", "events/s") as bar:
            task = bar.add_task("rebuild", total=total, rate=0.0)

            def advance(position: int, count: int) -> None:
                elapsed = max(time.perf_counter() - started, 1e-9)
                done = bar.tasks[0].completed + count
                bar.update(task, completed=position, rate=done / elapsed)

            processed = projection.rebuild(advance)
            bar.update(task, completed=total)
    finally:
        projection.view.close()
    elapsed = time.perf_counter() - started
    return {
        "processed": processed,
        "seconds": round(elapsed, 3),
        "events_per_second": round(processed / elapsed) if elapsed else 0,
    }


@command(app, "report-disposal", render.fields)
def report_disposal(
    call: Call,
    records: Annotated[
        list[str], typer.Argument(help="disposal record ids ACCOUNT/VERSION, one or more")
    ],
    reference: Annotated[str, typer.Option("--reference", help="the authority's reference")],
    channel: Annotated[str, typer.Option("--channel", help="how it was reported")] = "online",
) -> dict[str, Any]:
    """Record that disposal records were reported to the cyberspace administration under one
    reference, each record once; all or nothing (R13)."""
    reported = reports.report_disposals(
        call.ledger, [disposal_record(r) for r in records], reference, channel, call.act()
    )
    first = reported[0]
    return {
        "record_id": first.record_id,
        "reference": first.reference,
        "channel": first.channel,
        "reported_at": first.reported_at.isoformat(),
        "records": [report.record_id for report in reported],
    }
