"""`GET /metrics`: what operations watch, in Prometheus' text format (prometheus-client).

Counted in this process (each worker its own; Prometheus sums them):

- `accountledger_commands_total{command,outcome}`: every write request (POST) by its
  operation (`warn`, `register`, `sweep`, ...) and outcome (`recorded` 2xx, `refused`
  4xx, `failed` 5xx);
- `accountledger_refusals_total{rule,status}`: every refusal by the rule its problem+json
  names (`lifecycle`, `role`, `scope`, `api-key`, ...; errors.py);
- `accountledger_request_duration_seconds{method,route}`: request latency by route
  template (never the path itself, which may hold an id).

Read from the stores at each scrape (`StoreCollector`), so a fresh process shows what the
ledger holds:

- `accountledger_recorded_events_total{kind}`: stored events by kind (`application/tally.py`);
- `accountledger_projection_lag`: positions the read models have not taken yet;
- `accountledger_seconds_since_last_checkpoint`: since the latest sealed checkpoint, on
  the service's clock (absent before the first);
- `accountledger_delivery_backlog`: notifications owed and not yet delivered (pending in
  the outbox; `accountledger_delivery_dead` those given up on).

No label holds an account, a subject or an identity (R17): only operation names, rules,
route templates and event kinds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from accountledger.adapters.http.service import Service
from accountledger.application.sealing import last_sealed
from accountledger.application.tally import Tally
from accountledger.projections.notifications import DEAD, PENDING

log = logging.getLogger(__name__)
PREFIX = "accountledger"


def outcome(status: int) -> str:
    return "recorded" if status < 400 else "refused" if status < 500 else "failed"


class Metrics:
    """The service's metrics in a registry of its own (one per app: tests build many)."""

    def __init__(self, service: Service) -> None:
        self.registry = CollectorRegistry()
        self.commands = Counter(
            f"{PREFIX}_commands",
            "Write requests by operation and outcome (recorded, refused, failed).",
            ["command", "outcome"],
            registry=self.registry,
        )
        self.refusals = Counter(
            f"{PREFIX}_refusals",
            "Refusals by the rule their problem+json names, and status.",
            ["rule", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            f"{PREFIX}_request_duration_seconds",
            "Request latency by method and route template.",
            ["method", "route"],
            registry=self.registry,
        )
        self.registry.register(StoreCollector(service))

    def observe(
        self, method: str, route: str, name: str | None, status: int, rule: str | None, took: float
    ) -> None:
        """One request answered: its latency, its command (a POST), its refusal."""
        self.latency.labels(method, route).observe(took)
        if method == "POST" and name is not None:
            self.commands.labels(name, outcome(status)).inc()
        if rule is not None and status >= 400:
            self.refusals.labels(rule, str(status)).inc()

    def exposition(self) -> bytes:
        from prometheus_client import generate_latest

        return generate_latest(self.registry)


class StoreCollector(Collector):
    """The figures read from the stores at each scrape; a store that does not answer
    leaves its figures out of that scrape (logged) rather than failing it."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self._tally: Tally | None = None

    def collect(self) -> Iterator[Metric]:
        for family in (self._recorded, self._lag, self._checkpoint, self._backlog):
            yield from _quietly(family)

    def _recorded(self) -> Iterator[Metric]:
        if self._tally is None:
            self._tally = Tally(self.service.ledger.recorder)
        found = CounterMetricFamily(
            f"{PREFIX}_recorded_events", "Events in the store by kind.", labels=["kind"]
        )
        for kind, count in sorted(self._tally.update().items()):
            found.add_metric([kind], count)
        yield found

    def _lag(self) -> Iterator[Metric]:
        yield GaugeMetricFamily(
            f"{PREFIX}_projection_lag",
            "Positions recorded that the read models have not taken yet.",
            value=self.service.read_models.lag(),
        )

    def _checkpoint(self) -> Iterator[Metric]:
        last = last_sealed(self.service.ledger)
        if last is not None:
            since = (self.service.clock() - last[1]).total_seconds()
            yield GaugeMetricFamily(
                f"{PREFIX}_seconds_since_last_checkpoint",
                "Seconds since the latest checkpoint was sealed (service clock).",
                value=max(0.0, since),
            )

    def _backlog(self) -> Iterator[Metric]:
        from accountledger.adapters.delivery import open_outbox

        outbox = open_outbox(self.service.ledger, self.service.settings)
        try:
            counts = outbox.counts()
        finally:
            outbox.close()
        yield GaugeMetricFamily(
            f"{PREFIX}_delivery_backlog",
            "Notifications owed and not yet delivered (pending).",
            value=counts.get(PENDING, 0),
        )
        yield GaugeMetricFamily(
            f"{PREFIX}_delivery_dead",
            "Notifications given up on after the last try.",
            value=counts.get(DEAD, 0),
        )


def _quietly(family: Callable[[], Iterator[Metric]]) -> list[Metric]:
    try:
        return list(family())
    except Exception as error:  # a store away for a moment: the next scrape tries again
        log.warning("metrics: %s left out: %s", family.__name__, str(error).splitlines()[:1])
        return []


def router(metrics: Metrics) -> APIRouter:
    """`GET /metrics`, without a key."""
    routes = APIRouter()

    @routes.get(
        "/metrics",
        tags=["operations probes"],
        summary="metrics (no key)",
        response_class=Response,
        responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}},
    )
    def scrape() -> Response:
        """Counters, latencies and the stores' figures in Prometheus' text format."""
        return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    return routes


__all__ = ["Metrics", "router"]
