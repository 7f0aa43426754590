"""Console sessions: a random id in the cookie, the session itself in the key store (R17).

The console's cookie never holds the API key. Signing in with a key starts a session:
a random id (256 bits) goes into the cookie, and the key store keeps only the id's
SHA-256 hash, with the hash of the key it was started with, a sign-out token and an
expiry (`SESSION_LIFE` after sign-in, by the recording clock). Every request finds the
session by the cookie's hash and authenticates the key behind it as the API does, so a
key revoked, expired or rotated since sign-in ends its sessions at once. Signing out
deletes the session: the cookie is worthless from then on, even if copied. Expired
sessions are deleted whenever a new one starts, so the table holds at most the
sessions started within one `SESSION_LIFE`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Column, DateTime, MetaData, String, Table, select
from sqlalchemy.engine import Engine

# A working day: a person signs in again the next morning.
SESSION_LIFE = timedelta(hours=8)

metadata = MetaData()
console_sessions = Table(
    "console_sessions",
    metadata,
    Column("session_hash", String(64), primary_key=True),
    Column("key_hash", String(64), nullable=False),
    Column("sign_out_token", String(64), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes: they were written in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Session:
    """A live session: the hash of the key it was started with, and its sign-out token."""

    key_hash: str
    sign_out_token: str
    expires_at: datetime

    def signs_out(self, token: str) -> bool:
        """Whether a sign-out form carries this session's token (compared in constant time)."""
        return hmac.compare_digest(self.sign_out_token.encode(), token.encode())


class Sessions:
    """The console's sessions, in the key-store database beside the keys they rest on."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        metadata.create_all(engine)

    def start(self, key_hash: str, now: datetime) -> str:
        """A new session for the key whose hash is `key_hash`; returns the cookie's value."""
        token = secrets.token_urlsafe(32)
        expired = console_sessions.delete().where(console_sessions.c.expires_at <= now)
        with self.engine.begin() as connection:
            connection.execute(expired)
            connection.execute(
                console_sessions.insert().values(
                    session_hash=_hash(token),
                    key_hash=key_hash,
                    sign_out_token=secrets.token_urlsafe(32),
                    expires_at=now + SESSION_LIFE,
                )
            )
        return token

    def find(self, token: str, now: datetime) -> Session | None:
        """The live session the cookie's `token` names, or None (unknown, ended, expired)."""
        query = select(console_sessions).where(console_sessions.c.session_hash == _hash(token))
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        if row is None or now >= _aware(row.expires_at):
            return None
        return Session(row.key_hash, row.sign_out_token, _aware(row.expires_at))

    def end(self, token: str) -> None:
        """End the session: its cookie opens nothing from now on."""
        with self.engine.begin() as connection:
            connection.execute(
                console_sessions.delete().where(console_sessions.c.session_hash == _hash(token))
            )
