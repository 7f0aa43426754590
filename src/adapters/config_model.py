"""The settings model (pydantic-settings) behind `adapters/config.py`, generated from
`Settings`' service fields and every field of `LedgerRules`: a new rule is a new key in
the file and a new `ACCOUNTLEDGER_*` variable without a line here. Imported only when a
setting beyond the store's URLs is given (pydantic-settings costs start-up time)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from functools import cache
from typing import Annotated, Any, get_type_hints

from pydantic import Field, ValidationError, ValidationInfo, create_model, field_validator
from pydantic_settings import BaseSettings, EnvSettingsSource, SettingsConfigDict, SettingsError

from accountledger.adapters.config import (
    ENV_PREFIX,
    RULE_NAMES,
    ConfigInvalid,
    service_defaults,
    switch,
)
from accountledger.domain.rules import DEFAULT_RULES, LedgerRules


class _Base(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, extra="forbid", env_ignore_empty=True, case_sensitive=False
    )

    @field_validator("require_keys", mode="before", check_fields=False)
    @classmethod
    def _switch(cls, value: Any) -> Any:
        return switch(value) if isinstance(value, str) else value

    @field_validator("*", mode="before")
    @classmethod
    def _seconds(cls, value: Any, info: ValidationInfo) -> Any:
        # A duration in the environment is seconds, as `--checkpoint-interval` takes it
        # (`ACCOUNTLEDGER_CHECKPOINT_INTERVAL=300`); ISO 8601 (`PT5M`) works too.
        field = cls.model_fields.get(info.field_name or "")
        if field and field.annotation is timedelta and isinstance(value, str):
            return int(value) if value.strip().isdigit() else value
        return value


# Keys whose refusal keeps a rule of its own (exit 2 either way).
OWN_RULES = {"require_keys": "require-keys"}


# Service settings with a floor (the rules' floors are the domain's, `LedgerRules`):
# a body limit of 0 would refuse every request; a negative lag threshold would make the
# service never ready.
SERVICE_BOUNDS: dict[str, tuple[Any, ...]] = {
    "max_body_bytes": (Field(ge=1),),
    "ready_max_lag": (Field(ge=0),),
}


def _service_fields() -> dict[str, Any]:
    from accountledger.adapters.bootstrap import Settings

    hints = get_type_hints(Settings)
    return {
        name: (_bounded(name, hints[name]), default)
        for name, default in service_defaults().items()
        if name != "rules"
    }


def _bounded(name: str, hint: Any) -> Any:
    bounds = SERVICE_BOUNDS.get(name)
    return Annotated[hint, *bounds] if bounds else hint


@cache
def model() -> type[_Base]:
    """The settings model: `Settings`' fields and one per `LedgerRules` field."""
    hints = get_type_hints(LedgerRules)
    rules = {name: (hints[name], getattr(DEFAULT_RULES, name)) for name in RULE_NAMES}
    made: type[_Base] = create_model(  # type: ignore[call-overload]
        "AccountLedgerSettings", __base__=_Base, **_service_fields(), **rules
    )
    return made


def read_env() -> dict[str, Any]:
    """The `ACCOUNTLEDGER_*` variables that name a setting (pydantic-settings reads them)."""
    try:
        return dict(EnvSettingsSource(model())())
    except SettingsError as error:  # a list or table that is not JSON
        named = re.search(r'field "(\w+)"', str(error))
        key = named.group(1) if named else "environment"
        raise ConfigInvalid(
            f"not a JSON list (from {ENV_PREFIX}{key.upper()})", field=key
        ) from None


def validate(merged: dict[str, Any], where: Callable[[str], str]) -> dict[str, Any]:
    """Every setting, the layers' values checked by type; `where(key)` names the source."""
    try:
        valid = model().model_validate(merged)
    except ValidationError as error:
        first = error.errors()[0]
        key = str(first["loc"][0]) if first["loc"] else "settings"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise ConfigInvalid(
            f"{message} ({where(key)})", field=key, rule=OWN_RULES.get(key)
        ) from None
    return dict(valid)
