"""What the ledger answers a decision about names (R3, R4; 2022 Art 11): the name policy's
verdicts against every barred name, and the authorisations that count for a name.

The rules are the domain's (`domain/names.py`, `domain/barred_index.py`); here is only
where the barred names come from: the index brought forward, and within an import's
batch (`Ledger.layered`) with what the batch barred and has not saved yet.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any
from uuid import UUID

from accountledger.application.barred import BarredNamesModel
from accountledger.domain.authorisations import Authorisation, evidence_in_force
from accountledger.domain.barred_index import BarredIndex, Stacked
from accountledger.domain.dates import TimeRange
from accountledger.domain.names import NamePolicy, Verdict
from accountledger.domain.rules import LedgerRules

if TYPE_CHECKING:
    from accountledger.application.ledger import Layer
    from accountledger.application.reading import Clock


class NameDesk:
    """The ledger's answers about names (a part of `Ledger`)."""

    rules: LedgerRules
    clock: Clock
    policy: NamePolicy
    barred: BarredNamesModel
    _attempt: threading.local

    if TYPE_CHECKING:

        def _fresh(self, aggregate_id: UUID) -> Any: ...

    def barred_names(self) -> list[str]:
        """Every barred name, in the order barred; another process may have barred one,
        and within an import's batch, the batch (R4)."""
        barred = self._barred()
        return barred if isinstance(barred, list) else barred.names()

    def _barred(self) -> BarredIndex | Stacked | list[str]:
        """The barred names' index brought forward; within `layered`, with what the batch
        decided on the pages it holds but has not saved."""
        index = self.barred.index()
        layer: Layer | None = getattr(self._attempt, "layer", None)
        if layer is None:
            return index
        held = layer  # bound for the lambda: the layer answers for the pages it holds
        pending = self.barred.pending(
            lambda i: held.find(i, self._fresh) if held.holds(i) else None
        )
        if not pending:
            return index
        if all(op == "+" for op, _ in pending):
            return Stacked(index, BarredIndex(name for _, name in pending))
        names = index.names()  # a name given back in the batch: rare, scanned
        for op, name in pending:
            if op == "+":
                names.append(name)
            elif name in names:
                names.remove(name)
        return names

    def _known_absent(self, aggregate_id: UUID) -> bool:
        """Whether this attempt (or the import's batch) already learned the store lacks
        the aggregate."""
        layer: Layer | None = getattr(self._attempt, "layer", None)
        if layer is not None and layer.lacks(aggregate_id):
            return True
        absent: set[UUID] | None = getattr(self._attempt, "absent", None)
        return absent is not None and aggregate_id in absent

    def review(self, text: str, field: str, barred: list[str] | None = None) -> Verdict:
        """The name policy's verdict on a profile value, against every barred name (R3, R4):
        those given, or the barred names' index (only its candidates compared)."""
        names = self._barred() if barred is None else barred
        return self.policy.review(text, field=field, barred=names)

    def reviews(
        self, values: dict[str, str], licences: frozenset[str] = frozenset()
    ) -> dict[str, Verdict]:
        """Verdicts on several profile values, bringing the barred names forward once;
        `licences` are the kinds of authorisation presented and in force (`authorised`)."""
        barred = self._barred()
        return {
            field: self.policy.review(value, field=field, barred=barred, licences=licences)
            for field, value in values.items()
        }

    def authorised(self, licence: Authorisation | None) -> frozenset[str]:
        """The kinds of authorisation the name policy may count for `licence`: its
        validity bounded like any time, and an expired one (before the recording clock)
        counting as none (R3, 2022 Art 11)."""
        if licence is None:
            return frozenset()
        latest = self.clock() + self.rules.max_authorisation_validity
        valid = TimeRange(self.rules.earliest_business_time, latest, article="2022-11")
        valid.check(licence.valid_until, "licence_valid_until")
        return evidence_in_force(licence, self.clock())
