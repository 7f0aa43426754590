"""API keys mapped to roles, and the log of reads by regulators and auditors (R17, R18).

The same access log records every disclosure of personal information, by any role
and through any channel (HTTP or CLI): who saw whose identity, when, by which request.

A key is shown once, when it is created; the key store keeps only its SHA-256 hash
(the secret is 32 random bytes, so an unsalted hash cannot be reversed by guessing).
Keys and the access log live in the key-store database beside the vault's keys,
never in the event store.

A key has a life (2021 Art 11; 2022 Art 16): a scope (`application.scope.Scope`: a
subject, named accounts, or unbounded; an operator key must be bound), an optional
expiry, a revocation and rotations. `authenticate` checks all of them against the
recording clock on every call, with no cache: a revoked, expired or unbound operator
key is refused (`KeyRefused`, HTTP 401) at once. Rotation replaces the secret of the
same key id, scope and actor; the old secret stops working in the same transaction.

The store is migration-safe: a key store written by an earlier version gains the
scope, expiry, revocation and rotation columns (all nullable) when it is opened; its
keys keep working, except an operator key without a scope, which must be recreated.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool

from accountledger.application.scope import UNBOUNDED, Scope, require_bound
from accountledger.domain.act import Role
from accountledger.domain.errors import InvalidInput, RuleViolation

metadata = MetaData()
api_keys = Table(
    "api_keys",
    metadata,
    Column("key_id", String(32), primary_key=True),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("role", String(32), nullable=False),
    Column("actor_id", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # Added by issue 14; nullable so that an earlier key store gains them in place.
    Column("scope_subject", String(100), nullable=True),
    Column("scope_accounts", Text, nullable=True),
    Column("expires_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("rotated_at", DateTime(timezone=True), nullable=True),
)
LIFE_COLUMNS = ("scope_subject", "scope_accounts", "expires_at", "revoked_at", "rotated_at")
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
# The longest life a key may be given: a key that must outlive it is rotated or recreated.
MAX_KEY_LIFE = timedelta(days=366)


class KeyRefused(Exception):
    """A known key that may not be used now: revoked, expired, or an unbound operator key
    (HTTP 401); the message says which and what to do."""


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes: they were written in UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def check_expiry(expires: datetime, now: datetime) -> datetime:
    """An expiry after `now` and within `MAX_KEY_LIFE` of it (rule `key-expiry`)."""
    if expires.tzinfo is None:
        raise InvalidInput("an expiry needs a time zone", rule="key-expiry", field="expires")
    if expires <= now:
        raise InvalidInput(
            f"expiry {expires.isoformat()} is not after now ({now.isoformat()})",
            rule="key-expiry",
            field="expires",
        )
    if expires - now > MAX_KEY_LIFE:
        raise InvalidInput(
            f"expiry {expires.isoformat()} is more than {MAX_KEY_LIFE.days} days away",
            rule="key-expiry",
            field="expires",
        )
    return expires


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
    scope: Scope = field(default=UNBOUNDED, compare=False)


def _scope_of(row: Any) -> Scope:
    accounts = frozenset(json.loads(row.scope_accounts)) if row.scope_accounts else frozenset()
    return Scope(subject=row.scope_subject, accounts=accounts)


class KeyStore:
    """API keys (hashed at rest) and the access log, in the key-store database."""

    def __init__(self, url: str) -> None:
        options: dict[str, Any] = {}
        if url in ("sqlite://", "sqlite:///:memory:"):
            options = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
        self.engine: Engine = create_engine(url, **options)
        metadata.create_all(self.engine)
        self._add_life_columns()

    def _add_life_columns(self) -> None:
        """An earlier key store gains the columns of a key's life, all nullable."""
        present = {c["name"] for c in inspect(self.engine).get_columns("api_keys")}
        types = {"scope_accounts": "TEXT", "scope_subject": "VARCHAR(100)"}
        with self.engine.begin() as connection:
            for name in LIFE_COLUMNS:
                if name not in present:
                    kind = types.get(name, "TIMESTAMP WITH TIME ZONE")
                    if self.engine.dialect.name == "sqlite" and name not in types:
                        kind = "DATETIME"
                    connection.execute(text(f"ALTER TABLE api_keys ADD COLUMN {name} {kind}"))

    def create(
        self,
        role: Role | str,
        actor_id: str | None = None,
        *,
        scope: Scope = UNBOUNDED,
        expires: datetime | None = None,
        now: datetime | None = None,
    ) -> tuple[str, str]:
        """A new key for `role` within `scope`, until `expires` if given; returns
        (key_id, secret). The secret is not kept. An operator key must have a scope."""
        role = Role(role)
        require_bound(role, scope)
        now = now or datetime.now(UTC)
        if expires is not None:
            check_expiry(expires, now)
        key_id = uuid4().hex
        secret = _PREFIX + secrets.token_urlsafe(32)
        with self.engine.begin() as connection:
            connection.execute(
                api_keys.insert().values(
                    key_id=key_id,
                    key_hash=key_hash(secret),
                    role=role.value,
                    actor_id=actor_id or f"key-{key_id[:12]}",
                    created_at=now,
                    scope_subject=scope.subject,
                    scope_accounts=json.dumps(sorted(scope.accounts)) if scope.accounts else None,
                    expires_at=expires,
                )
            )
        return key_id, secret

    def authenticate(self, secret: str, now: datetime | None = None) -> Caller | None:
        """The caller a secret belongs to, or None for an unknown secret.

        Raises `KeyRefused` for a known key that is revoked, expired at `now` (the
        recording clock) or an operator key without a scope: read from the store on
        every call, so a revocation holds from the next request.
        """
        return self.by_hash(key_hash(secret), now)

    def by_hash(self, digest: str, now: datetime | None = None) -> Caller | None:
        """As `authenticate`, from the hash of the secret (a console session keeps only
        that): None once the key is rotated to a new secret."""
        with self.engine.connect() as connection:
            row = connection.execute(select(api_keys).where(api_keys.c.key_hash == digest)).first()
        if row is None or not hmac.compare_digest(row.key_hash, digest):
            return None
        now = now or datetime.now(UTC)
        revoked = _aware(row.revoked_at)
        if revoked is not None:
            raise KeyRefused(f"key {row.key_id} was revoked at {revoked.isoformat()}")
        expires = _aware(row.expires_at)
        if expires is not None and now >= expires:
            raise KeyRefused(f"key {row.key_id} expired at {expires.isoformat()}")
        role, scope = Role(row.role), _scope_of(row)
        try:
            require_bound(role, scope)
        except RuleViolation as error:
            raise KeyRefused(f"key {row.key_id}: {error}") from error
        return Caller(actor_id=row.actor_id, role=role, key_id=row.key_id, scope=scope)

    def listed(self) -> list[dict[str, Any]]:
        """Every key: id, role, actor, scope, created, expires, revoked; never a secret
        nor its hash."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(api_keys).order_by(api_keys.c.created_at)).all()

        def when(moment: datetime | None) -> str | None:
            aware = _aware(moment)
            return aware.isoformat() if aware is not None else None

        return [
            {
                "key_id": row.key_id,
                "role": row.role,
                "actor": row.actor_id,
                "scope": _scope_of(row).describe(),
                "subject": row.scope_subject,
                "accounts": sorted(_scope_of(row).accounts),
                "created": when(row.created_at),
                "expires": when(row.expires_at),
                "revoked": when(row.revoked_at),
                "rotated": when(row.rotated_at),
            }
            for row in rows
        ]

    def _row(self, key_id: str) -> Any:
        with self.engine.connect() as connection:
            row = connection.execute(select(api_keys).where(api_keys.c.key_id == key_id)).first()
        if row is None:
            raise InvalidInput(f"no key {key_id}", rule="key", field="key_id")
        return row

    def revoke(self, key_id: str, now: datetime | None = None) -> datetime:
        """Revoke the key: refused (401) from the next request on. Revoking twice keeps
        the first time."""
        row = self._row(key_id)
        if row.revoked_at is not None:
            return _aware(row.revoked_at) or now or datetime.now(UTC)
        at = now or datetime.now(UTC)
        with self.engine.begin() as connection:
            connection.execute(
                api_keys.update().where(api_keys.c.key_id == key_id).values(revoked_at=at)
            )
        return at

    def rotate(self, key_id: str, now: datetime | None = None) -> str:
        """A new secret for the same key id, role, actor, scope and expiry; the old secret
        stops working in the same transaction. A revoked or expired key is not rotated."""
        row = self._row(key_id)
        at = now or datetime.now(UTC)
        expires = _aware(row.expires_at)
        if row.revoked_at is not None or (expires is not None and at >= expires):
            raise InvalidInput(
                f"key {key_id} is revoked or expired: create a new one",
                rule="key-rotation",
                field="key_id",
            )
        secret = _PREFIX + secrets.token_urlsafe(32)
        with self.engine.begin() as connection:
            connection.execute(
                api_keys.update()
                .where(api_keys.c.key_id == key_id)
                .values(key_hash=key_hash(secret), rotated_at=at)
            )
        return secret

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
