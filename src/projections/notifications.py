"""The outbox: one notification per qualifying event, with its delivery status
(2021 Art 8 ¶2, Art 20; 2022 Art 15).

The outbox is derived from the event log itself, so it is written "in the same
transaction as the event": an event saved is a notification owed. `Outbox.catch_up`
reads the log from its tracked position, builds each notice from the catalogue
(domain/notices.py) and inserts it, with the new position, in one transaction; a
process killed at any point resumes after the last committed batch, and a notification
is identified by its event's position, so it is never written twice nor lost.

Delivery state lives beside it: status (pending, delivered, dead), tries, the next try
at and the last error. These tables are not read models: `rebuild` leaves them alone,
so a rebuild never sends a notification again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Column,
    Connection,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    func,
    select,
    text,
)

from accountledger.domain.appeals import Appeal
from accountledger.domain.complaints import Complaint
from accountledger.domain.notices import ROW_BY_EVENT, notice
from accountledger.domain.rules import DEFAULT_RULES, LedgerRules
from accountledger.projections.projector import Source
from accountledger.projections.schema import iso
from accountledger.projections.view import _immediate

metadata = MetaData()

outbox = Table(
    "notification_outbox",
    metadata,
    # The position of the event that obliges it: its id and its idempotency key.
    Column("notification_id", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(32), nullable=False, index=True),
    Column("event", String(64), nullable=False),
    Column("account_id", String(36), index=True),
    Column("payload", Text, nullable=False),  # the exact JSON body that is signed and sent
    Column("status", String(16), nullable=False, index=True),  # pending, delivered, dead
    Column("tries", Integer, nullable=False),
    Column("next_try_at", String(40), nullable=False, index=True),
    Column("last_error", Text),
    Column("created_at", String(40), nullable=False),
    Column("delivered_at", String(40)),
)

outbox_position = Table(
    "notification_position",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("position", Integer, nullable=False),
)

PENDING, DELIVERED, DEAD = "pending", "delivered", "dead"
STATUSES = (PENDING, DELIVERED, DEAD)
_LOCK = 0x6E6F7469  # "noti": one outbox batch at a time across processes


def _topics() -> tuple[str, ...]:
    from accountledger.domain.account import Account

    owners = {"Account": Account, "Appeal": Appeal, "Complaint": Complaint}
    topics = []
    for name in ROW_BY_EVENT:
        owner, _, event = name.partition(".")
        topics.append(str(getattr(owners[owner], event).TOPIC))
    return tuple(topics)


TOPICS = _topics()


def backoff(tries: int, rules: LedgerRules) -> timedelta:
    """How long after its `tries`-th failed try a notification is tried again."""
    delay = rules.notification_backoff * (1 << max(tries - 1, 0))
    return min(delay, rules.notification_backoff_cap)


def body_bytes(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


class Outbox:
    """The notifications owed and their delivery state, in the read store's database."""

    def __init__(self, url: str, source: Source, rules: LedgerRules = DEFAULT_RULES) -> None:
        self.engine = create_engine(url)
        self.writer = create_engine(url) if not url.endswith("://") else self.engine
        if self.writer.dialect.name == "sqlite" and self.writer is not self.engine:
            _immediate(self.writer)
        metadata.create_all(self.engine)
        self.source = source
        self.rules = rules

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self.writer.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
            yield connection

    def position(self, connection: Connection | None = None) -> int:
        query = select(outbox_position.c.position).where(outbox_position.c.name == self.source.name)
        if connection is not None:
            return connection.execute(query).scalar() or 0
        with self.engine.connect() as reader:
            return reader.execute(query).scalar() or 0

    def catch_up(self, now: datetime, batch_size: int = 500) -> int:
        """Write a notification for every qualifying event since the tracked position."""
        written = 0
        while True:
            with self.transaction() as connection:
                start = self.position(connection)
                found = self.source.recorder.select_notifications(
                    start=start + 1, limit=batch_size, topics=TOPICS
                )
                if not found:
                    return written
                for stored in found:
                    written += self._owe(connection, stored, now)
                self._advance(connection, start, found[-1].id)

    def _owe(self, connection: Connection, stored: Any, now: datetime) -> int:
        domain_event = self.source.mapper.to_domain_event(stored)
        aggregate = self.source.repository.get(
            UUID(str(domain_event.originator_id)), version=domain_event.originator_version
        )
        payload = notice(domain_event, aggregate, self.rules)
        if payload is None:
            return 0
        payload = {"notification_id": stored.id, **payload}
        exists = connection.execute(
            select(outbox.c.notification_id).where(outbox.c.notification_id == stored.id)
        ).first()
        if exists is not None:
            return 0
        connection.execute(
            outbox.insert().values(
                notification_id=stored.id,
                kind=payload["kind"],
                event=payload["event"],
                account_id=payload.get("account_id"),
                payload=body_bytes(payload),
                status=PENDING,
                tries=0,
                next_try_at=iso(now),
                last_error=None,
                created_at=iso(now),
                delivered_at=None,
            )
        )
        return 1

    def _advance(self, connection: Connection, start: int, position: int) -> None:
        if start:
            connection.execute(
                outbox_position.update()
                .where(outbox_position.c.name == self.source.name)
                .values(position=position)
            )
        else:
            connection.execute(
                outbox_position.insert().values(name=self.source.name, position=position)
            )

    def due(self, now: datetime, limit: int = 100) -> list[dict[str, Any]]:
        """Pending notifications whose next try is due, oldest first."""
        query = (
            select(outbox)
            .where(outbox.c.status == PENDING, outbox.c.next_try_at <= iso(now))
            .order_by(outbox.c.notification_id)
            .limit(limit)
        )
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def delivered(self, notification_id: int, now: datetime) -> None:
        with self.writer.begin() as connection:
            connection.execute(
                outbox.update()
                .where(outbox.c.notification_id == notification_id)
                .values(
                    status=DELIVERED,
                    tries=outbox.c.tries + 1,
                    delivered_at=iso(now),
                    last_error=None,
                )
            )

    def failed(self, notification_id: int, tries: int, error: str, now: datetime) -> str:
        """Record a failed try; dead after `notification_max_tries`. Returns the status."""
        tried = tries + 1
        status = DEAD if tried >= self.rules.notification_max_tries else PENDING
        with self.writer.begin() as connection:
            connection.execute(
                outbox.update()
                .where(outbox.c.notification_id == notification_id)
                .values(
                    status=status,
                    tries=tried,
                    last_error=error[:500],
                    next_try_at=iso(now + backoff(tried, self.rules)),
                )
            )
        return status

    def rows(
        self, status: str | None = None, account_id: str | None = None, limit: int = 1000
    ) -> list[dict[str, Any]]:
        """Every notification with its delivery status, oldest first."""
        query = select(outbox).order_by(outbox.c.notification_id).limit(limit)
        if status is not None:
            query = query.where(outbox.c.status == status)
        if account_id is not None:
            query = query.where(outbox.c.account_id == account_id)
        with self.engine.connect() as connection:
            rows = [dict(row._mapping) for row in connection.execute(query)]
        for row in rows:
            row["payload"] = json.loads(row["payload"])
        return rows

    def counts(self) -> dict[str, int]:
        query = select(outbox.c.status, func.count()).group_by(outbox.c.status)
        with self.engine.connect() as connection:
            found = {str(s): int(n) for s, n in connection.execute(query)}
        return {status: found.get(status, 0) for status in STATUSES}

    def close(self) -> None:
        self.engine.dispose()
        self.writer.dispose()
