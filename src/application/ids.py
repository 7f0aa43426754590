"""How every edge names what a command is about: accounts, records, appeals, complaints.

One parser per kind of id, so the CLI, the API and the console accept the same forms
and refuse the rest with the same field and rule (`InvalidInput`: exit 2, HTTP 422).
An appeal may be named by its id or by the record it appeals (`ACCOUNT/VERSION`).
"""

from __future__ import annotations

from uuid import UUID

from accountledger.domain.errors import InvalidInput

# The catalogue of measures (whose module names a disposal record) is imported when a
# record id is parsed: an account's id needs none of it (issue 16: a CLI `show`).


def _uuid(text: str, field: str, what: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise InvalidInput(f"{text!r} is not {what}", rule="uuid", field=field) from None


def account_id(text: str, field: str = "account") -> UUID:
    """The account id `text` names."""
    return _uuid(text, field, "an account id")


def complaint_id(text: str, field: str = "complaint") -> UUID:
    """The complaint id `text` names."""
    return _uuid(text, field, "a complaint id")


def disposal_record(text: str, field: str = "record") -> str:
    """The canonical id `ACCOUNT/VERSION` of a disposal record (R13)."""
    from accountledger.domain.measures import parse_record_id, record_id

    try:
        account, version = parse_record_id(text)
    except ValueError:
        raise InvalidInput(
            f"{text!r} is not a disposal record id ACCOUNT/VERSION", rule="record-id", field=field
        ) from None
    return record_id(account_id(account, field), version)


def appeal_id(text: str) -> UUID:
    """An appeal is named by its id or by the record it appeals (R15)."""
    if "/" in text:
        from accountledger.domain.appeals import Appeal  # an aggregate: only when named

        return Appeal.create_id(disposal_record(text, "appeal"))
    return _uuid(text, "appeal", "an appeal id nor a record id ACCOUNT/VERSION")
