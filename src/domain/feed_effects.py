"""What each account event means to the platform's enforcement systems (issue 14 point 6).

One catalogue, as data: the event types the feed carries, and for each the effect a
content system applies (restrict a function until a time, suspend updates, cease
advertising, take the account out of service, show a new name). Every entry reads only
public-safe attributes of the event: never an identity, a subject reference, a sealed
blob, a reason or evidence (R17; 2022 Art 16). The status after the event is carried
beside the effect; an entry may return None to leave an event out (a profile change
other than the name).

Sources: 2021 Art 19 (measures), Art 20 (appeals undo them), 2022 Art 15 (the platform
acts on the account), 2022 Art 13 (the name the public sees).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any

from accountledger.domain.measures import record_id

Effect = dict[str, Any]
Reading = Callable[[Any], Effect | None]


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _constant(effect: Effect) -> Reading:
    def read(_event: Any) -> Effect:
        return dict(effect)

    return read


def _restricted(event: Any) -> Effect:
    return {"restricted": list(event.functions), "until": _iso(event.until)}


def _lifted(event: Any) -> Effect:
    return {"lifted": list(event.functions)}


def _suspended(event: Any) -> Effect:
    return {"suspended": True, "until": _iso(event.until)}


def _renamed(event: Any) -> Effect | None:
    return {"name": event.value} if event.field == "name" else None


def _rectify(event: Any) -> Effect:
    return {"rectify": list(event.fields), "deadline": _iso(event.deadline)}


def _rectified(event: Any) -> Effect:
    corrections: Mapping[str, str] = event.corrections
    return {"rectified": True, **({"name": corrections["name"]} if "name" in corrections else {})}


def _marked(event: Any) -> Effect:
    return {"mark": {event.field: event.mark}}


def _mark_lapsed(event: Any) -> Effect:
    return {"mark_lapsed": event.field}


def _reversed(event: Any) -> Effect:
    effects: Mapping[str, Any] = event.effects
    effect: Effect = {"reversed": record_id(event.originator_id, event.record_version)}
    if effects.get("lift_functions"):
        effect["lifted"] = list(effects["lift_functions"])
    if effects.get("restrict_functions"):
        effect["restricted"] = list(effects["restrict_functions"])
        effect["until"] = _iso(effects.get("until"))
    if effects.get("updates_resumed"):
        effect["updates_suspended"] = False
    if effects.get("ads_restored"):
        effect["ads_ceased"] = False
    if "suspended_until" in effects:
        effect["suspended_until"] = _iso(effects["suspended_until"])
    return effect


# Event type -> what it means to the platform. The order is the documentation's.
FEED_EFFECTS: MappingProxyType[str, Reading] = MappingProxyType(
    {
        "IdentityVerified": _constant({"in_service": True}),
        "ProfileChanged": _renamed,
        "ProfileChangeApproved": _renamed,
        "QualificationVerified": _marked,
        "QualificationWithdrawn": _mark_lapsed,
        "QualificationExpired": _mark_lapsed,
        "RectificationOrdered": _rectify,
        "Rectified": _rectified,
        "RectificationDeadlineMissed": _constant({"in_service": False}),
        "TransferApproved": _constant({"subject_changed": True}),
        "UnapprovedTransferFound": _constant({"suspended": True}),
        "SuspensionRequested": _constant({"suspended": True}),
        "ReinstatementGranted": _constant({"suspended": False}),
        "TerminationRequested": _constant({"in_service": False}),
        "Warned": _constant({"warned": True}),
        "FunctionsRestricted": _restricted,
        "RestrictionLifted": _lifted,
        "UpdatesSuspended": _constant({"updates_suspended": True}),
        "UpdatesResumed": _constant({"updates_suspended": False}),
        "AdvertisingCeased": _constant({"ads_ceased": True}),
        "AdvertisingRestored": _constant({"ads_ceased": False}),
        "Suspended": _suspended,
        "Reinstated": _constant({"suspended": False}),
        "Closed": _constant({"in_service": False}),
        "Deregistered": _constant({"in_service": False}),
        "Blacklisted": _constant({"in_service": False}),
        "MeasureReversed": _reversed,
    }
)


def effect_of(domain_event: Any) -> Effect | None:
    """The effect of an account event on the platform, or None if the feed omits it."""
    reading = FEED_EFFECTS.get(type(domain_event).__name__)
    return None if reading is None else reading(domain_event)
