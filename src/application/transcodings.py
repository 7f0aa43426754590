"""How an `Act` is stored inside every event: a stable, documented JSON object."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import Transcoding

from accountledger.domain.act import Act, Role
from accountledger.domain.entry import EnteredBy

# Looked up by value for every stored event read: `Role(value)` costs a few microseconds.
_ROLES = {role.value: role for role in Role}


class ActAsDict(Transcoding):
    type = Act
    name = "act"

    def encode(self, obj: Act) -> dict[str, Any]:
        # Written only when present, so an act without it is stored as before.
        entry = {} if obj.entered_by is None else {"entered_by": obj.entered_by.as_dict()}
        return {
            "actor_id": obj.actor_id,
            "actor_role": obj.actor_role.value,
            "occurred_at": obj.occurred_at,
            "reason": obj.reason,
            "basis": list(obj.basis),
            "violation": list(obj.violation),
            "evidence": list(obj.evidence),
            "case_id": obj.case_id,
        } | entry

    def decode(self, data: dict[str, Any]) -> Act:
        return Act(
            actor_id=data["actor_id"],
            actor_role=_ROLES.get(data["actor_role"]) or Role(data["actor_role"]),
            occurred_at=data["occurred_at"],
            reason=data["reason"],
            basis=tuple(data["basis"]),
            violation=tuple(data["violation"]),
            evidence=tuple(data["evidence"]),
            case_id=data["case_id"],
            entered_by=EnteredBy.from_dict(entry) if (entry := data.get("entered_by")) else None,
        )
