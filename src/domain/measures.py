"""Which events are disposal measures (2021 Art 19, 2022 Art 17; R12, R13), and which lift them.

The disposal register is a projection of these events; this module is the one
place that says which event is which measure.
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType


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


MEASURE_BY_EVENT: MappingProxyType[str, Measure] = MappingProxyType(
    {
        "Warned": Measure.WARNING,
        "RectificationOrdered": Measure.ORDER_TO_CORRECT,
        "FunctionsRestricted": Measure.RESTRICTION,
        "UpdatesSuspended": Measure.UPDATES_SUSPENDED,
        "AdvertisingCeased": Measure.ADS_CEASED,
        "Suspended": Measure.SUSPENSION,
        "UnapprovedTransferFound": Measure.SUSPENSION,
        "Closed": Measure.CLOSURE,
        "RectificationDeadlineMissed": Measure.CLOSURE,
        "Deregistered": Measure.DEREGISTRATION,
        "Blacklisted": Measure.BLACKLISTING,
    }
)

# An event that ends measures still in force: which measure it lifts.
LIFTED_BY_EVENT: MappingProxyType[str, Measure] = MappingProxyType(
    {
        "Rectified": Measure.ORDER_TO_CORRECT,
        "RestrictionLifted": Measure.RESTRICTION,
        "UpdatesResumed": Measure.UPDATES_SUSPENDED,
        "AdvertisingRestored": Measure.ADS_CEASED,
        "Reinstated": Measure.SUSPENSION,
    }
)

# Measures after which the account's name may never be registered again (R4).
BARS_REREGISTRATION = frozenset({Measure.CLOSURE, Measure.DEREGISTRATION, Measure.BLACKLISTING})


def record_id(account_id: object, version: int) -> str:
    """A disposal record is named by the event that took the measure."""
    return f"{account_id}/{version}"


def parse_record_id(text: str) -> tuple[str, int]:
    account, _, version = text.partition("/")
    if not account or not version.isdigit():
        raise ValueError(f"record: {text!r} is not a disposal record id ACCOUNT/VERSION")
    return account, int(version)
