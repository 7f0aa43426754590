"""The identity vault: keyed hashes and per-subject keys, outside the event store (R17).

Events hold a subject's keyed hash (HMAC-SHA256 under a secret pepper) and a
ciphertext (AES-GCM under a key of that subject's own). Keys live in a separate
database, so destroying one subject's key erases that subject's personal information
from every event without touching the history.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import threading
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from accountledger.domain.digits import ascii_number

if TYPE_CHECKING:
    from sqlalchemy import Delete, Insert, MetaData, Select, Table
    from sqlalchemy.engine import Engine

_TOKEN_PREFIX = "v1:"
_CHUNK = 500  # subjects per look-up: well under any database's limit of bound values


@dataclass(frozen=True)
class _Schema:
    """The key store's tables and statements, built once on first use: a process that
    needs no key (a CLI read) imports neither SQLAlchemy nor the cipher for them."""

    metadata: MetaData
    secrets: Table
    subject_keys: Table
    # Built once: a statement built per call costs as much again as executing it.
    secret: Select[tuple[bytes]]
    new_secret: Insert
    key: Select[tuple[bytes]]
    new_key: Insert
    keys: Select[tuple[str, bytes]]  # many subjects' keys at once (`prepare`)


@cache
def _schema() -> _Schema:
    from sqlalchemy import Column, LargeBinary, MetaData, String, Table, bindparam, select

    metadata = MetaData()
    secrets = Table(
        "vault_secrets",
        metadata,
        Column("name", String(64), primary_key=True),
        Column("value", LargeBinary, nullable=False),
    )
    subject_keys = Table(
        "vault_subject_keys",
        metadata,
        Column("subject_ref", String(80), primary_key=True),
        Column("key", LargeBinary, nullable=False),
    )
    return _Schema(
        metadata,
        secrets,
        subject_keys,
        select(secrets.c.value).where(secrets.c.name == bindparam("name")),
        secrets.insert().values(name=bindparam("name"), value=bindparam("value")),
        select(subject_keys.c.key).where(subject_keys.c.subject_ref == bindparam("name")),
        subject_keys.insert().values(subject_ref=bindparam("name"), key=bindparam("value")),
        select(subject_keys.c.subject_ref, subject_keys.c.key).where(
            subject_keys.c.subject_ref.in_(bindparam("names", expanding=True))
        ),
    )


@cache
def _claim(table_name: str, dialect: str) -> Insert | None:
    """`INSERT ... ON CONFLICT DO NOTHING RETURNING` the value: one statement that creates
    a secret or finds it taken (None on a database without it)."""
    from sqlalchemy import bindparam
    from sqlalchemy.dialects import postgresql, sqlite

    inserts: dict[str, Any] = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
    if dialect not in inserts:
        return None
    schema = _schema()
    table = schema.secrets if table_name == schema.secrets.name else schema.subject_keys
    key, value = table.columns
    values: dict[str, Any] = {key.name: bindparam("name"), value.name: bindparam("value")}
    claim: Insert = inserts[dialect](table).values(values).on_conflict_do_nothing()
    return claim.returning(value)


def _aesgcm(key: bytes) -> Any:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


def _sqlite_wal(connection: Any, _record: Any) -> None:
    # WAL keeps each key's commit durable at a fraction of the rollback journal's cost.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def canonical_number(kind: str, number: str) -> str:
    """One spelling per identity number, so the same subject always hashes the same: digits
    of any script folded to ASCII first (`domain/digits.py`), an ASCII number unchanged."""
    digits = re.sub(r"[\s\-()]", "", ascii_number(number)).upper()
    if kind == "mobile":
        digits = re.sub(r"^(\+?86)(?=1\d{10}$)", "", digits)
    return f"{kind}:{digits}"


def _fingerprint(key: bytes) -> str:
    return hashlib.sha256(b"accountledger key fingerprint:" + key).hexdigest()[:32]


class Vault:
    """An `IdentityVault` on any SQLAlchemy database.

    Opened on first use, after `guard` (if given) has passed: a command that needs no
    personal information never touches the key store, and a key store missing beside
    existing history is refused before anything, a pepper above all, is created in it
    (`adapters/keystore_guard.py`).
    """

    def __init__(self, url: str, guard: Callable[[], None] | None = None) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._guard = guard
        self._pepper: bytes | None = None
        self._opening = threading.RLock()
        # Keys made durable for the batch being imported (`prepare`), by subject.
        self._prepared: dict[str, bytes] = {}
        # The keyed hash with the pepper already keyed in: each subject ref copies it
        # rather than keying HMAC afresh (an import asks two refs a line).
        self._keyed: hmac.HMAC | None = None

    @property
    def engine(self) -> Engine:
        """The key store's engine, made on first use."""
        with self._opening:
            if self._engine is None:
                from sqlalchemy import create_engine, event

                # Keys are bound parameters: never echo them into logs or errors (R17).
                self._engine = create_engine(self.url, hide_parameters=True)
                if self._engine.dialect.name == "sqlite":
                    event.listen(self._engine, "connect", _sqlite_wal)
            return self._engine

    @property
    def pepper(self) -> bytes:
        """The secret of every keyed hash: read, or created in a key store still empty."""
        return self._open()

    def _open(self) -> bytes:
        with self._opening:
            if self._pepper is None:
                if self._guard is not None:
                    self._guard()
                self._create_tables()
                new = os.urandom(32)
                schema = _schema()
                self._pepper = self._read_or_create(schema.secret, schema.new_secret, "pepper", new)
            return self._pepper

    def _create_tables(self) -> None:
        """The key store's tables. Processes starting together on a fresh key store race
        to create them; the loser finds them made ("already exists", or PostgreSQL's
        "tuple concurrently updated") and looks again."""
        from sqlalchemy.exc import DBAPIError

        for attempt in range(5):
            try:
                _schema().metadata.create_all(self.engine)
                return
            except DBAPIError as error:
                if not ("already exists" in str(error) or "concurrently" in str(error)):
                    raise
                if attempt == 4:
                    raise
                time.sleep(0.05 * (attempt + 1))

    def _read_or_create(
        self, query: Select[tuple[bytes]], insert: Insert, name: str, value: bytes
    ) -> bytes:
        """Read a secret by name, creating it as `value` if absent; a racing creator's
        value wins if first. A created value is returned once its commit is durable,
        without reading it back. The statements are built once, so each call only binds
        its values. On SQLite and PostgreSQL a new secret is one statement committing on
        its own (insert unless taken, returning it): one round trip, where a select, an
        insert and a transaction around them took four (issue 16)."""
        claim = _claim(insert.table.name, self.engine.dialect.name)
        if claim is None:
            return self._read_then_create(query, insert, name, value)
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            if conn.execute(claim, {"name": name, "value": value}).first() is not None:
                return value
            return bytes(conn.execute(query, {"name": name}).one()[0])

    def _read_then_create(
        self, query: Select[tuple[bytes]], insert: Insert, name: str, value: bytes
    ) -> bytes:
        """`_read_or_create` on a database without `ON CONFLICT`: read, else insert."""
        from sqlalchemy.exc import IntegrityError

        created = False
        with self.engine.begin() as conn:
            row = conn.execute(query, {"name": name}).first()
            if row is not None:
                return bytes(row[0])
            try:
                conn.execute(insert, {"name": name, "value": value})
                created = True
            except IntegrityError:
                pass  # another process created it first: read its value below
        if created:
            return value
        with self.engine.begin() as conn:
            return bytes(conn.execute(query, {"name": name}).one()[0])

    def prepare(self, subject_refs: Collection[str]) -> None:
        """Every subject of a batch given a key in one durable transaction: one commit per
        batch rather than one per new subject (an import's largest cost otherwise). The
        keys are held until the next call, which an import makes at the end of each batch;
        a key destroyed meanwhile by this process is dropped from them (`destroy`)."""
        from sqlalchemy.exc import IntegrityError

        self._prepared = {}
        if not subject_refs:
            return
        self._open()
        wanted = sorted(set(subject_refs))
        try:
            self._prepare(wanted)
        except IntegrityError:
            # Another process made one of these keys first: its key is the one to use.
            self._prepared = {}
            self._prepare(wanted)

    def _prepare(self, wanted: list[str]) -> None:
        schema = _schema()
        with self.engine.begin() as conn:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start : start + _CHUNK]
                rows = conn.execute(schema.keys, {"names": chunk}).all()
                self._prepared.update({str(ref): bytes(key) for ref, key in rows})
            new = {ref: os.urandom(32) for ref in wanted if ref not in self._prepared}
            if new:
                made = [{"name": ref, "value": key} for ref, key in new.items()]
                conn.execute(schema.new_key, made)
        self._prepared.update(new)

    def subject_ref(self, kind: str, number: str) -> str:
        keyed = self._keyed
        if keyed is None:  # the pepper never changes once read or created
            keyed = self._keyed = hmac.new(self.pepper, digestmod=hashlib.sha256)
        digest = keyed.copy()
        digest.update(canonical_number(kind, number).encode())
        return "s-" + digest.hexdigest()[:40]

    def _key(self, subject_ref: str, *, create: bool) -> bytes | None:
        # Read from the key store every time, never from a cache: a key destroyed by
        # another process must stop opening data here at once (R17).
        self._open()  # the key store is guarded and its tables made before any key
        if create and subject_ref in self._prepared:
            return self._prepared[subject_ref]
        schema = _schema()
        if create:
            new = os.urandom(32)  # an AES-256-GCM key: 32 random bytes
            return self._read_or_create(schema.key, schema.new_key, subject_ref, new)
        # One statement on its own (no transaction around it): one round trip.
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            row = conn.execute(schema.key, {"name": subject_ref}).first()
        return None if row is None else bytes(row[0])

    def fingerprint(self, subject_ref: str) -> str | None:
        """A name for the subject's current key that reveals nothing of it; None if none."""
        key = self._key(subject_ref, create=False)
        return None if key is None else _fingerprint(key)

    def seal(self, subject_ref: str, data: Mapping[str, str]) -> str:
        key = self._key(subject_ref, create=True)
        assert key is not None
        nonce = os.urandom(12)
        plain = json.dumps(dict(data), sort_keys=True).encode()
        cipher = _aesgcm(key).encrypt(nonce, plain, subject_ref.encode())
        return _TOKEN_PREFIX + base64.b64encode(nonce + cipher).decode()

    def unseal(self, subject_ref: str, token: str) -> dict[str, str] | None:
        key = self._key(subject_ref, create=False)
        if key is None or not token.startswith(_TOKEN_PREFIX):
            return None
        raw = base64.b64decode(token[len(_TOKEN_PREFIX) :])
        from cryptography.exceptions import InvalidTag

        try:
            plain = _aesgcm(key).decrypt(raw[:12], raw[12:], subject_ref.encode())
        except InvalidTag:
            return None
        data: dict[str, str] = json.loads(plain)
        return data

    def destroy(self, subject_ref: str, fingerprint: str | None = None) -> bool:
        """Destroy one subject's key: its sealed data becomes unreadable everywhere.

        With `fingerprint`, only the key it names is destroyed (compared and deleted by
        value in one statement), so a key made since for the same subject survives.
        """
        self._open()  # the key store is guarded and its tables made before any key
        self._prepared.pop(subject_ref, None)
        subject_keys = _schema().subject_keys
        condition = subject_keys.c.subject_ref == subject_ref
        if fingerprint is not None:
            key = self._key(subject_ref, create=False)
            if key is None or _fingerprint(key) != fingerprint:
                return False
            condition = condition & (subject_keys.c.key == key)
        statement: Delete = subject_keys.delete().where(condition)
        with self.engine.begin() as conn:
            deleted = conn.execute(statement)
        return bool(deleted.rowcount)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
