"""Checkpoints: the heads of every aggregate's history, sealed into one root (R16).

Each stored event is chained to its aggregate's previous one, which shows an edit, a
deletion or a reordering inside one history. A checkpoint adds what a chain cannot:
it records, at a position of the store's log, the head (last version and its hash) of
every aggregate that changed since the previous checkpoint and one Merkle root over
the heads of all aggregates. A truncated history or a deleted aggregate then no longer
matches the checkpoint. Checkpoints are themselves a chained history, so the latest
checkpoint's hash vouches for everything before it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from accountledger.domain.act import Act
from accountledger.domain.errors import RuleViolation
from accountledger.domain.indexes import NAMESPACE

# An aggregate's head: its last version and that event's hash, as JSON stores it.
Head = list[Any]


def _topic(name: str) -> str:
    return f"accountledger:Checkpoints.{name}"


class Checkpoints(Aggregate):
    """The sequence of sealed checkpoints of one store."""

    TOPIC = "accountledger:Checkpoints"
    ID = uuid5(NAMESPACE, "checkpoints")

    class Event(Aggregate.Event):
        TOPIC = _topic("Event")

    @staticmethod
    def create_id() -> UUID:
        return Checkpoints.ID

    @event("Started", topic=_topic("Started"))
    def __init__(self) -> None:
        self.number = 0
        self.position = 0
        self.root = ""
        self.events = 0
        self.sealed_at: datetime | None = None
        self.heads: dict[str, Head] = {}

    def seal(
        self, position: int, changed: dict[str, Head], root: str, events: int, act: Act
    ) -> None:
        """Seal the log up to `position`: the heads that changed and the root of all."""
        act.check()
        if position <= self.position:
            raise RuleViolation(
                f"nothing was recorded after position {self.position}, already sealed by "
                f"checkpoint {self.number}",
                rule="checkpoint-has-news",
                field="position",
            )
        self._sealed(
            number=self.number + 1,
            position=position,
            root=root,
            aggregates=len(self.heads.keys() | changed.keys()),
            events=events,
            heads=changed,
            act=act,
        )

    @event("CheckpointSealed", topic=_topic("CheckpointSealed"))
    def _sealed(
        self,
        number: int,
        position: int,
        root: str,
        aggregates: int,
        events: int,
        heads: dict[str, Head],
        act: Act,
    ) -> None:
        self.number = number
        self.position = position
        self.root = root
        self.events = events
        self.sealed_at = act.occurred_at
        self.heads.update(heads)
