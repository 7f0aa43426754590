"""API keys mapped to roles, and the log of reads by regulators and auditors (R17, R18).

The same access log records every disclosure of personal information, by any role
and through any channel (HTTP or CLI): who saw whose identity, when, by which request.

A key is shown once, when it is created; the key store keeps only its SHA-256 hash
(the secret is 32 random bytes, so an unsalted hash cannot be reversed by guessing).
Keys and the access log live in the key-store database beside the vault's keys,
never in the event store.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, create_engine, select
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool

from accountledger.domain.act import Role

metadata = MetaData()
api_keys = Table(
    "api_keys",
    metadata,
    Column("key_id", String(32), primary_key=True),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("role", String(32), nullable=False),
    Column("actor_id", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
access_log = Table(
    "access_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("actor_id", String(200), nullable=False),
    Column("role", String(32), nullable=False),
    Column("method", String(10), nullable=False),
    Column("path", String(500), nullable=False),
    Column("account_id", String(64), nullable=True),
    Column("at", DateTime(timezone=True), nullable=False),
)

READ_ONLY_ROLES = frozenset({Role.REGULATOR, Role.AUDITOR})
_PREFIX = "alk_"


def key_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Caller:
    """The authenticated caller: the actor on every event it causes (R13)."""

    actor_id: str
    role: Role
    # The key's id (never its secret): recorded as who entered each write; two callers
    # are the same actor in the same role whichever key they came by.
    key_id: str = field(default="", compare=False)


class KeyStore:
    """API keys (hashed at rest) and the access log, in the key-store database."""

    def __init__(self, url: str) -> None:
        options: dict[str, Any] = {}
        if url in ("sqlite://", "sqlite:///:memory:"):
            options = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
        self.engine: Engine = create_engine(url, **options)
        metadata.create_all(self.engine)

    def create(self, role: Role | str, actor_id: str | None = None) -> tuple[str, str]:
        """A new key for `role`; returns (key_id, secret). The secret is not kept."""
        role = Role(role)
        key_id = uuid4().hex
        secret = _PREFIX + secrets.token_urlsafe(32)
        with self.engine.begin() as connection:
            connection.execute(
                api_keys.insert().values(
                    key_id=key_id,
                    key_hash=key_hash(secret),
                    role=role.value,
                    actor_id=actor_id or f"key-{key_id[:12]}",
                    created_at=datetime.now(UTC),
                )
            )
        return key_id, secret

    def authenticate(self, secret: str) -> Caller | None:
        """The caller a secret belongs to, or None."""
        digest = key_hash(secret)
        with self.engine.connect() as connection:
            row = connection.execute(
                select(
                    api_keys.c.key_id, api_keys.c.key_hash, api_keys.c.actor_id, api_keys.c.role
                ).where(api_keys.c.key_hash == digest)
            ).first()
        if row is None or not hmac.compare_digest(row.key_hash, digest):
            return None
        return Caller(actor_id=row.actor_id, role=Role(row.role), key_id=row.key_id)

    def record_access(
        self, caller: Caller, method: str, path: str, account_id: str | None, at: datetime
    ) -> None:
        """Who looked at what, when (R18): every read by a regulator or auditor."""
        with self.engine.begin() as connection:
            connection.execute(
                access_log.insert().values(
                    actor_id=caller.actor_id,
                    role=caller.role.value,
                    method=method,
                    path=path,
                    account_id=account_id,
                    at=at,
                )
            )

    def record_disclosure(
        self, caller: Caller, via: str, what: str, account_ids: list[str], at: datetime
    ) -> None:
        """That the personal information of these accounts was shown to the caller (R17).

        One access-log row per account, written before the information is returned;
        `what` names the request (path or CLI command), never the information itself.
        """
        if not account_ids:
            return
        rows = [
            {
                "actor_id": caller.actor_id,
                "role": caller.role.value,
                "method": via,
                "path": what,
                "account_id": account,
                "at": at,
            }
            for account in account_ids
        ]
        with self.engine.begin() as connection:
            connection.execute(access_log.insert(), rows)

    def accesses(self) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(access_log).order_by(access_log.c.id)).mappings()
            return [dict(row) for row in rows]

    def close(self) -> None:
        self.engine.dispose()
