"""The catalogue of disposal measures (2021 Art 19, 2022 Art 17; R12, R13, R15).

One row per way a measure is taken: the command and the event that take it, the
command and event that lift it, the status it leads to, whether it bars the name,
whether an appeal may vary it, whether it needs grounds and what its reversal undoes.
Everything else that lists measures (the role table, the disposal register, credit,
erasure, the reversal on appeal, the docs) derives from `CATALOGUE`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from accountledger.domain.act import Role


class Measure(StrEnum):
    WARNING = "warning"
    ORDER_TO_CORRECT = "order_to_correct"
    RESTRICTION = "restriction"
    UPDATES_SUSPENDED = "updates_suspended"
    ADS_CEASED = "ads_ceased"
    SUSPENSION = "suspension"
    CLOSURE = "closure"
    DEREGISTRATION = "deregistration"
    BLACKLISTING = "blacklisting"


class Undo(StrEnum):
    """What overturning a measure gives back, if the measure still does it (R15)."""

    STATUS = "status"  # the status before it (and the name, if it barred it)
    WARNING = "warning"
    FUNCTIONS = "functions"
    UPDATES = "updates"
    ADS = "ads"
    RECORD = "record"  # nothing on the account: the reversal stands in the register


@dataclass(frozen=True)
class MeasureRow:
    """One way a disposal measure is taken and undone."""

    measure: Measure
    command: str
    event: str
    lifted_by: tuple[str, str] | None  # (command, event) that ends it, if any
    status: str | None  # the status it leads to; None: the status stays
    bars_name: bool
    variable: bool  # an appeal may vary it to a new expiry
    undoes: Undo
    roles: frozenset[Role] = frozenset({Role.MODERATOR})
    needs_grounds: bool = True  # reason, basis and violation (or an administrative basis)
    lift_roles: frozenset[Role] = frozenset({Role.MODERATOR, Role.SYSTEM})


_M, _S = Role.MODERATOR, Role.SYSTEM

CATALOGUE: tuple[MeasureRow, ...] = (
    MeasureRow(Measure.WARNING, "warn", "Warned", None, None, False, False, Undo.WARNING),
    MeasureRow(
        Measure.ORDER_TO_CORRECT,
        "order_rectification",
        "RectificationOrdered",
        ("rectify", "Rectified"),
        "rectifying",
        False,
        False,
        Undo.STATUS,
        frozenset({Role.REVIEWER, _M}),
        lift_roles=frozenset({Role.REVIEWER}),
    ),
    MeasureRow(
        Measure.RESTRICTION,
        "restrict",
        "FunctionsRestricted",
        ("lift_restriction", "RestrictionLifted"),
        None,
        False,
        True,
        Undo.FUNCTIONS,
    ),
    MeasureRow(
        Measure.UPDATES_SUSPENDED,
        "suspend_updates",
        "UpdatesSuspended",
        ("resume_updates", "UpdatesResumed"),
        None,
        False,
        False,
        Undo.UPDATES,
    ),
    MeasureRow(
        Measure.ADS_CEASED,
        "cease_ads",
        "AdvertisingCeased",
        ("restore_ads", "AdvertisingRestored"),
        None,
        False,
        False,
        Undo.ADS,
    ),
    MeasureRow(
        Measure.SUSPENSION,
        "suspend",
        "Suspended",
        ("reinstate", "Reinstated"),
        "suspended",
        False,
        True,
        Undo.STATUS,
        frozenset({_M, _S}),
    ),
    MeasureRow(
        Measure.SUSPENSION,
        "find_unapproved_transfer",
        "UnapprovedTransferFound",
        ("reinstate", "Reinstated"),
        "suspended",
        False,
        False,
        Undo.STATUS,
    ),
    MeasureRow(
        Measure.CLOSURE,
        "close",
        "Closed",
        None,
        "closed",
        True,
        False,
        Undo.STATUS,
        frozenset({_M, _S}),
    ),
    MeasureRow(
        Measure.CLOSURE,
        "miss_rectification_deadline",
        "RectificationDeadlineMissed",
        None,
        "closed",
        True,
        False,
        Undo.STATUS,
        frozenset({_S}),
        # Recorded by the sweep on the order's own grounds (2022 Art 15).
        needs_grounds=False,
    ),
    MeasureRow(
        Measure.DEREGISTRATION,
        "deregister",
        "Deregistered",
        None,
        "deregistered",
        True,
        False,
        Undo.STATUS,
    ),
    MeasureRow(
        Measure.BLACKLISTING,
        "blacklist",
        "Blacklisted",
        None,
        "blacklisted",
        True,
        False,
        Undo.STATUS,
        frozenset({_M, _S}),
    ),
)

ROW_BY_EVENT: MappingProxyType[str, MeasureRow] = MappingProxyType(
    {row.event: row for row in CATALOGUE}
)
ROW_BY_COMMAND: MappingProxyType[str, MeasureRow] = MappingProxyType(
    {row.command: row for row in CATALOGUE}
)
MEASURE_BY_EVENT: MappingProxyType[str, Measure] = MappingProxyType(
    {row.event: row.measure for row in CATALOGUE}
)
# An event that ends measures still in force: which measure it lifts.
LIFTED_BY_EVENT: MappingProxyType[str, Measure] = MappingProxyType(
    {row.lifted_by[1]: row.measure for row in CATALOGUE if row.lifted_by is not None}
)
# Commands that are disposal measures and need their grounds (R13, R14).
MEASURE_COMMANDS = frozenset(row.command for row in CATALOGUE if row.needs_grounds)
# Measures after which the account's name may never be registered again (R4).
BARS_REREGISTRATION = frozenset(row.measure for row in CATALOGUE if row.bars_name)


def is_measure(event_name: str) -> bool:
    """Whether an event of this name took a disposal measure (R13)."""
    return event_name in ROW_BY_EVENT


def record_id(account_id: object, version: int) -> str:
    """A disposal record is named by the event that took the measure."""
    return f"{account_id}/{version}"


def case_of(case_id: str, account_id: object, version: int) -> str:
    """The case a measure belongs to (R11): the case id its act names or, when it names
    none, its own disposal record, so that a measure tied to no case is a case of its own."""
    return case_id.strip() or record_id(account_id, version)


def parse_record_id(text: str) -> tuple[str, int]:
    account, _, version = text.partition("/")
    if not account or not version.isdigit():
        raise ValueError(f"record: {text!r} is not a disposal record id ACCOUNT/VERSION")
    return account, int(version)
