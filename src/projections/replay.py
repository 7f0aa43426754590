"""An event applied to its aggregate in fewer steps than the library's `mutate`, for the
projection, which applies every account event of the store (issue 16 point 4).

For an event class the library's `@event` decorator made, `mutate` checks that the event
follows the aggregate, then `DecoratedFuncCaller.apply` finds the decorated method, and on
every call copies the event's attributes and filters them by the method's parameters
(`filter_kwargs_for_method_params`: a cached signature, a new dict), binds the method and
calls it: about a third of a rebuild's `mutate`. Here the parameters are looked up once a
class; the same checks run, the same method is called with the same keyword arguments,
then the rest of the class's `apply` chain (the domain's own `Account.Event.apply`, which
keeps measures for credit) through `super`, then the version and `modified_on` are set
as `mutate` sets them. The domain's rules stay in the event bodies: nothing here says
what an event does. A class of any other shape (its own `mutate`, an `apply` before the
decorator's, a creation event) goes the library's way.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from eventsourcing.domain import (
    CanMutateAggregate,
    DecoratedFuncCaller,
    OriginatorIDError,
    OriginatorVersionError,
    decorated_funcs,
)

# By event class: the decorated method and the names of its parameters, or None for a
# class that goes the library's way.
_Plan = tuple[Callable[..., None], tuple[str, ...]] | None
_PLANS: dict[type, _Plan] = {}


def _plan(cls: type) -> _Plan:
    func = decorated_funcs.get(cls)
    if (
        not inspect.isfunction(func)
        or not issubclass(cls, DecoratedFuncCaller)
        or getattr(cls, "mutate") is not CanMutateAggregate.mutate  # noqa: B009
        or getattr(cls, "apply") is not DecoratedFuncCaller.apply  # noqa: B009
    ):
        return None
    parameters = inspect.signature(func).parameters.values()
    if any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in parameters):
        return None  # (the library refuses such methods; its way, whatever it does)
    return func, tuple(p.name for p in parameters)


def mutate(event: Any, aggregate: Any) -> Any:
    """`event.mutate(aggregate)`: the same checks, calls and result."""
    cls = type(event)
    try:
        plan = _PLANS[cls]
    except KeyError:
        plan = _PLANS[cls] = _plan(cls)
    if plan is None or aggregate is None:
        return event.mutate(aggregate)
    if event.originator_id != aggregate.id:
        raise OriginatorIDError(event.originator_id, aggregate.id)
    next_version = aggregate.version + 1
    if event.originator_version != next_version:
        raise OriginatorVersionError(event.originator_version, next_version)
    func, names = plan
    state = event.__dict__
    # The event's attributes the method names, as `filter_kwargs_for_method_params` picks.
    func(aggregate, **{name: state[name] for name in names if name in state})
    super(DecoratedFuncCaller, event).apply(aggregate)
    aggregate.version = event.originator_version
    aggregate.modified_on = event.timestamp
    return aggregate
