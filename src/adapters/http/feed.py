"""The feed for the platform's enforcement systems (issue 14 point 6; 2021 Art 19, 2022 Art 15).

`GET /feed?after=POSITION&limit=N` returns a page of what happened to accounts after a
position (application/feed.py); `GET /feed/stream?after=POSITION` streams the same
records as server-sent events whose `id:` is the position, so a client reconnecting
with `Last-Event-ID` resumes after it. The stream polls the event log, sends a
heartbeat comment while nothing happens and ends after `max_seconds`. Readers: the
roles `ROLES["read_feed"]` names (platform, system, compliance). No personal information
is in any record (R17).
"""

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import StreamingResponse

from accountledger.adapters.http.auth import Auth
from accountledger.adapters.http.errors import Problem
from accountledger.adapters.http.keys import Caller
from accountledger.adapters.http.service import Service
from accountledger.application import feed

AFTER = "the last position applied (0 for the beginning); records after it are returned"
POLL_SECONDS = 1.0
HEARTBEAT_SECONDS = 15.0
MAX_STREAM_SECONDS = 300.0


def _position(value: str | None, field: str) -> int:
    """A position is a non-negative integer (problem+json 422 otherwise)."""
    if value is None or value == "":
        return 0
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise Problem(
            422, f"{field} must be a non-negative integer", rule="feed-position", field=field
        )
    return int(value)


def router(service: Service, auth: Auth) -> APIRouter:
    """`GET /feed` and `GET /feed/stream`."""
    routes = APIRouter()

    @routes.get("/feed", tags=["feed"], summary="feed (roles: compliance, platform, system)")
    def page(
        who: Annotated[Caller, Depends(auth.may("read_feed"))],
        after: Annotated[str | None, Query(description=AFTER)] = None,
        limit: Annotated[
            int, Query(ge=1, le=feed.MAX_LIMIT, description="at most this many records")
        ] = feed.DEFAULT_LIMIT,
    ) -> dict[str, Any]:
        """What happened to accounts after `after`: measures, lifts, reinstatements,
        closures, name changes, each with its position, effect and status after; `next`
        is the position to ask after next time (2021 Art 19; 2022 Art 15; no personal
        information, R17)."""
        return feed.page(service.ledger, _position(after, "after"), limit)

    @routes.get(
        "/feed/stream",
        tags=["feed"],
        summary="feed as server-sent events (roles: compliance, platform, system)",
        response_class=StreamingResponse,
    )
    def stream(
        who: Annotated[Caller, Depends(auth.may("read_feed"))],
        after: Annotated[str | None, Query(description=AFTER)] = None,
        last_event_id: Annotated[str | None, Header(description="resume after this")] = None,
        max_seconds: Annotated[
            float, Query(gt=0, le=MAX_STREAM_SECONDS, description="end the stream after this")
        ] = MAX_STREAM_SECONDS,
    ) -> StreamingResponse:
        """The feed as `text/event-stream`: each record an event `feed` whose `id:` is its
        position (a reconnecting client's `Last-Event-ID` resumes after it); a heartbeat
        comment while nothing happens; the stream ends after `max_seconds`."""
        start = (
            _position(last_event_id, "Last-Event-ID")
            if last_event_id
            else _position(after, "after")
        )
        return StreamingResponse(
            _events(service, start, max_seconds), media_type="text/event-stream"
        )

    return routes


async def _events(service: Service, after: int, max_seconds: float) -> AsyncIterator[str]:
    loop = asyncio.get_running_loop()
    ends = loop.time() + max_seconds
    quiet_since = loop.time()
    yield ": accountledger feed\n\n"
    while loop.time() < ends:
        shown = await asyncio.to_thread(feed.page, service.ledger, after, feed.MAX_LIMIT)
        for record in shown["records"]:
            yield f"id: {record['position']}\nevent: feed\ndata: {json.dumps(record)}\n\n"
        if shown["next"] != after:
            after, quiet_since = shown["next"], loop.time()
            continue
        if loop.time() - quiet_since >= HEARTBEAT_SECONDS:
            quiet_since = loop.time()
            yield ": heartbeat\n\n"
        await asyncio.sleep(POLL_SECONDS)
