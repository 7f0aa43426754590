"""How far an import of legacy history has come: one aggregate per source file (R16).

An import saves each batch of accounts together with this aggregate's next event, in
one transaction: after a crash the store holds whole batches and the position of the
last one, so a rerun resumes after it and imports no line twice. Its optimistic
concurrency also keeps two imports of the same file from interleaving.
"""

from __future__ import annotations

from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from accountledger.domain.indexes import NAMESPACE


def _topic(name: str) -> str:
    # Pinned so that moving or renaming a module never orphans stored events.
    return f"accountledger:ImportProgress.{name}"


class ImportProgress(Aggregate):
    """The last line of a source whose batch is saved, and what became of the lines."""

    TOPIC = "accountledger:ImportProgress"

    class Event(Aggregate.Event):
        TOPIC = _topic("Event")

    @staticmethod
    def create_id(digest: str) -> UUID:
        """Keyed by the source's content digest: the same file is the same import."""
        return uuid5(NAMESPACE, f"import:{digest}")

    @event("Started", topic=_topic("Started"))
    def __init__(self, digest: str, name: str) -> None:
        self.digest = digest
        self.name = name
        self.line = 0
        self.imported = 0
        self.rejected = 0

    @event("Advanced", topic=_topic("Advanced"))
    def advance(self, line: int, imported: int, rejected: int) -> None:
        """A batch up to `line` is saved: `imported` accounts, `rejected` lines."""
        self.line = line
        self.imported += imported
        self.rejected += rejected
