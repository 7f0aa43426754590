"""One configuration: defaults < `accountledger.toml` < environment < command-line options.

The model is generated from `Settings`' service fields and every field of `LedgerRules`
(so a new rule is configurable without editing this module); the domain stays free of
pydantic and keeps the last word: a value the model accepts is still refused when
`LedgerRules` refuses it. Every key remembers where its value came from
(`accountledger config show`). The environment names are contracts
(`ACCOUNTLEDGER_STORE`, `ACCOUNTLEDGER_TIME_ZONE`, ...): the field name, upper-cased,
after `ACCOUNTLEDGER_`. The file: service keys at the top, rules in a `[rules]` table.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any, get_type_hints

from pydantic import ValidationError, ValidationInfo, create_model, field_validator
from pydantic_settings import BaseSettings, EnvSettingsSource, SettingsConfigDict, SettingsError

from accountledger.domain.errors import InvalidInput
from accountledger.domain.rules import DEFAULT_RULES, LedgerRules

ENV_PREFIX = "ACCOUNTLEDGER_"
CONFIG_ENV = "ACCOUNTLEDGER_CONFIG"
DEFAULT_FILE = "accountledger.toml"
RULES_TABLE = "rules"
SECRET = "***"
# Set by `--config PATH` on the command line (`adapters/cli.py`) for the call's duration.
CONFIG_OPTION: list[str | None] = [None]


class ConfigInvalid(InvalidInput):
    rule = "config"


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


_ON, _OFF = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
# Keys whose refusal keeps a rule of its own (exit 2 either way).
OWN_RULES = {"require_keys": "require-keys"}


def switch(value: str) -> bool | None:
    """`ACCOUNTLEDGER_REQUIRE_KEYS`: on/off (1/0, true/false, yes/no); empty: None."""
    folded = value.strip().lower()
    if not folded:
        return None
    if folded in _ON + _OFF:
        return folded in _ON
    raise ValueError(f"{value[:20]!r} is not on or off (1/0, true/false, yes/no)")


@cache
def service_defaults() -> dict[str, Any]:
    """`Settings`' own fields (not `rules`) and their defaults."""
    from accountledger.adapters.bootstrap import Settings

    base = Settings()
    return {f.name: getattr(base, f.name) for f in dataclasses.fields(Settings) if f.init} | {
        "rules": None
    }


def _service_fields() -> dict[str, Any]:
    from accountledger.adapters.bootstrap import Settings

    hints = get_type_hints(Settings)
    return {
        name: (hints[name], default)
        for name, default in service_defaults().items()
        if name != "rules"
    }


RULE_NAMES = tuple(f.name for f in dataclasses.fields(LedgerRules))


@cache
def model() -> type[_Base]:
    """The settings model: `Settings`' fields and one per `LedgerRules` field."""
    hints = get_type_hints(LedgerRules)
    rules = {name: (hints[name], getattr(DEFAULT_RULES, name)) for name in RULE_NAMES}
    made: type[_Base] = create_model(  # type: ignore[call-overload]
        "AccountLedgerSettings", __base__=_Base, **_service_fields(), **rules
    )
    return made


@dataclasses.dataclass(frozen=True)
class Effective:
    """The validated values, and where each came from: default, file, env or option."""

    values: dict[str, Any]
    sources: dict[str, str]
    file: Path | None
    rules: LedgerRules


def config_file(option: str | None = None) -> Path | None:
    """`--config PATH`, else `ACCOUNTLEDGER_CONFIG`, else `accountledger.toml` here if any."""
    named = option or CONFIG_OPTION[0] or os.environ.get(CONFIG_ENV) or None
    if named:
        path = Path(named)
        if not path.is_file():
            raise ConfigInvalid(f"{path}: no such file", field="config")
        return path
    here = Path(DEFAULT_FILE)
    return here if here.is_file() else None


def read_file(path: Path) -> dict[str, Any]:
    """The file's keys, the `[rules]` table flattened; an unknown key is refused."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as error:
        raise ConfigInvalid(f"{path}: not a TOML file: {error}", field="config") from None
    rules = data.pop(RULES_TABLE, {})
    if not isinstance(rules, dict):
        raise ConfigInvalid(f"{path}: [{RULES_TABLE}] must be a table", field=RULES_TABLE)
    service = set(service_defaults()) - {"rules"}
    for key in data:
        if key not in service:
            raise ConfigInvalid(f"unknown key in {path}", field=key)
    for key in rules:
        if key not in RULE_NAMES:
            raise ConfigInvalid(f"unknown key in [{RULES_TABLE}] of {path}", field=key)
    return {**data, **rules}


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


def load(options: dict[str, Any] | None = None, config: str | None = None) -> Effective:
    """Every setting with its source: option > env > file > default, validated."""
    file = config_file(config)
    layers = [
        ("file", read_file(file) if file else {}),
        ("env", read_env()),
        ("option", {k: v for k, v in (options or {}).items() if v is not None}),
    ]
    merged: dict[str, Any] = {}
    sources = dict.fromkeys([*service_defaults(), *RULE_NAMES], "default")
    sources.pop("rules")
    for source, values in layers:
        merged |= values
        sources |= dict.fromkeys(values, source)
    try:
        valid = model().model_validate(merged)
    except ValidationError as error:
        raise _invalid(error, sources, file) from None
    values = {name: getattr(valid, name) for name in sources}
    return Effective(values, sources, file, _rules(values, sources, file))


def where(key: str, source: str, file: Path | None) -> str:
    """Where a key's value was read, for an error line."""
    if source == "file":
        return f"in {file}"
    if source == "env":
        return f"from {ENV_PREFIX}{key.upper()}"
    return f"from the {source}"


def _invalid(error: ValidationError, sources: dict[str, str], file: Path | None) -> ConfigInvalid:
    first = error.errors()[0]
    key = str(first["loc"][0]) if first["loc"] else "settings"
    message = str(first["msg"]).removeprefix("Value error, ")
    place = where(key, sources.get(key, "file"), file)
    return ConfigInvalid(f"{message} ({place})", field=key, rule=OWN_RULES.get(key))


def _rules(values: dict[str, Any], sources: dict[str, str], file: Path | None) -> LedgerRules:
    """The domain refuses what it would refuse in code; the line names the key's source."""
    try:
        return LedgerRules(**{name: values[name] for name in RULE_NAMES})
    except InvalidInput as refused:
        key = refused.field or "rules"
        place = where(key, sources.get(key, "default"), file)
        raise InvalidInput(
            f"{refused.message} ({place})", rule=refused.rule, field=key, article=refused.article
        ) from None


_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")


def masked(key: str, value: Any) -> Any:
    """A value fit to print: the webhook secret hidden, a password in a URL hidden."""
    if value is None:
        return None
    if "secret" in key:
        return SECRET
    if isinstance(value, str):
        return _PASSWORD.sub(rf"\g<1>{SECRET}@", value)
    return value


def shown(effective: Effective) -> dict[str, dict[str, Any]]:
    """Each key's masked value (as JSON would carry it) and its source."""
    dumped = model().model_validate(effective.values).model_dump(mode="json")
    return {
        key: {"value": masked(key, dumped[key]), "source": effective.sources[key]}
        for key in effective.sources
    }
