"""Ids as a path or a query names them, checked once for the API and the console.

A malformed id is refused with a `RuleViolation` naming the field and the rule, so it
answers 422 like any other refused input; a subject may be named by its ref `s-...` or
by `KIND:NUMBER`, which the vault turns into the same keyed ref (R17).
"""

from typing import Annotated
from uuid import UUID

from fastapi import Path
from starlette.convertors import Convertor, register_url_convertor

from accountledger.adapters.inputs import NotASubject, subject_identity
from accountledger.application.ids import account_id
from accountledger.application.ledger import Ledger
from accountledger.domain.errors import RuleViolation
from accountledger.domain.measures import record_id


def account_id_of(given: str | UUID, field: str = "account") -> UUID:
    """The account id a path or query names: one FastAPI has read as a UUID passes as it
    is; text goes through the one account-id parser (application.ids)."""
    return given if isinstance(given, UUID) else account_id(given, field)


def subject_ref_of(ledger: Ledger, text: str) -> str:
    """A subject ref as given (`s-...`), or the ref of `KIND:NUMBER` from the vault (R17)."""
    try:
        edge = subject_identity(text)
    except NotASubject as error:
        raise RuleViolation(str(error), rule="subject", field="subject") from None
    if edge is None:
        return text
    return ledger.vault.subject_ref(edge.identity_kind, edge.identity_number)


def record_id_of(account_id: str | UUID, version: int) -> str:
    """The disposal record id `ACCOUNT/VERSION` (R13)."""
    return record_id(account_id_of(account_id), version)


# A subject in a path: its ref. The pattern is documented, not enforced here, so that a
# `KIND:NUMBER` in its place gets its own 400 (rule `identity-in-url`, R17).
SubjectRef = Annotated[
    str,
    Path(
        description="the subject's ref s-... (never an identity number)",
        json_schema_extra={"pattern": "^s-[0-9A-Za-z]{1,62}$"},
    ),
]

_UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
MAX_VERSION = 2**31 - 1
# The version of a disposal record's event in a path: from 1 (0 would name no event).
RecordVersion = Annotated[
    int, Path(ge=1, le=MAX_VERSION, description="the version of the measure's event")
]
# An appeal in a path: its id, or the record id ACCOUNT/VERSION it appeals (R15).
AppealRef = Annotated[
    str,
    Path(
        pattern=f"^{_UUID}(/[1-9][0-9]{{0,8}})?$",
        description="an appeal id, or the disposal record id ACCOUNT/VERSION it appeals",
    ),
]


class AppealPath(Convertor[str]):
    """`{appeal:appeal}`: an appeal id or a record id ACCOUNT/VERSION, so it may hold a
    slash (as `:path` does) but never ends in a command of its own: `GET
    /appeals/ID/assign` is then no read of an appeal `ID/assign` but a method the command
    does not take (405)."""

    regex = "(?:(?!/(?:assign|evidence|decide)$).)+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("appeal", AppealPath())
