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
import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

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


@cache
def service_defaults() -> dict[str, Any]:
    """`Settings`' own fields (not `rules`) and their defaults."""
    from accountledger.adapters.bootstrap import Settings

    base = Settings()
    return {f.name: getattr(base, f.name) for f in dataclasses.fields(Settings) if f.init} | {
        "rules": None
    }


RULE_NAMES = tuple(f.name for f in dataclasses.fields(LedgerRules))
# The store's two URLs are text, checked where they are opened: no model needed for them.
PLAIN = {f"{ENV_PREFIX}STORE": "store", f"{ENV_PREFIX}KEYSTORE": "keystore"}
_ON, _OFF = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def switch(value: str) -> bool | None:
    """`ACCOUNTLEDGER_REQUIRE_KEYS`: on/off (1/0, true/false, yes/no); empty: None."""
    folded = value.strip().lower()
    if not folded:
        return None
    if folded in _ON + _OFF:
        return folded in _ON
    raise ValueError(f"{value[:20]!r} is not on or off (1/0, true/false, yes/no)")


# Settings read from the environment without the model when their value parses (the
# model's own validator for them is this parser, so the value is the model's): a
# deployment that sets one starts without pydantic-settings. A value that does not
# parse goes to the model, whose refusal is the one line a user sees.
SWITCHES = {f"{ENV_PREFIX}REQUIRE_KEYS": "require_keys"}


@cache
def modelled() -> frozenset[str]:
    """The `ACCOUNTLEDGER_*` names read through the model (every setting but `PLAIN`)."""
    names = (set(service_defaults()) | set(RULE_NAMES)) - {"rules", *PLAIN.values()}
    return frozenset(f"{ENV_PREFIX}{name.upper()}" for name in names)


class Effective(NamedTuple):
    """The validated values, and where each came from: default, file, env or option. (A
    named tuple: made at import in a fraction of a frozen dataclass's time, issue 16.)"""

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
    # Imported only when a file is read: its parser compiles its patterns at import
    # (about 5 ms), which a CLI call without a file need not pay (issue 16).
    import tomllib

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


def load(options: dict[str, Any] | None = None, config: str | None = None) -> Effective:
    """Every setting with its source: option > env > file > default, validated."""
    file = config_file(config)
    layers = [
        ("file", read_file(file) if file else {}),
        ("env", _env_layer()),
        ("option", {k: v for k, v in (options or {}).items() if v is not None}),
    ]
    merged: dict[str, Any] = {}
    sources = dict.fromkeys([*service_defaults(), *RULE_NAMES], "default")
    sources.pop("rules")
    for source, values in layers:
        merged |= values
        sources |= dict.fromkeys(values, source)
    values = validated(merged, sources, file)
    return Effective(values, sources, file, _rules(values, sources, file))


def _env_layer() -> dict[str, Any]:
    """The environment's settings. The store's two URLs (text, checked where they are
    opened) and the on/off switches that parse (`SWITCHES`) need no model: without a
    rule set anywhere, no pydantic-settings is imported at all (issue 16: a CLI read
    starts without it)."""
    named = {k.upper(): v for k, v in os.environ.items() if v and k.upper().startswith(ENV_PREFIX)}
    switched = _switches(named)
    if switched is None or (set(named) - set(SWITCHES)) & modelled():
        from accountledger.adapters.config_model import read_env

        return read_env()
    return {PLAIN[k]: v for k, v in named.items() if k in PLAIN} | switched


def _switches(named: dict[str, str]) -> dict[str, Any] | None:
    """The on/off settings `named` gives, parsed; None if one does not parse."""
    try:
        return {SWITCHES[k]: switch(v) for k, v in named.items() if k in SWITCHES}
    except ValueError:
        return None


def validated(merged: dict[str, Any], sources: dict[str, str], file: Path | None) -> dict[str, Any]:
    """Defaults, and what the layers set checked by the model (none: nothing to check)."""
    values = {**service_defaults(), **{n: getattr(DEFAULT_RULES, n) for n in RULE_NAMES}}
    values.pop("rules")
    if set(merged) - set(PLAIN.values()) - set(SWITCHES.values()) or not _plain(merged):
        from accountledger.adapters.config_model import validate

        return validate(merged, lambda key: where(key, sources.get(key, "file"), file))
    return values | merged


def _plain(merged: dict[str, Any]) -> bool:
    """Whether the on/off settings in `merged` are already what the model makes of them
    (by identity: a file's 1 equals True, but the model makes True of it)."""
    return all(any(merged.get(key) is v for v in (None, True, False)) for key in SWITCHES.values())


def where(key: str, source: str, file: Path | None) -> str:
    """Where a key's value was read, for an error line."""
    if source == "file":
        return f"in {file}"
    if source == "env":
        return f"from {ENV_PREFIX}{key.upper()}"
    return f"from the {source}"


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


# Compiled when first used (by `re`'s cache): a call that prints no setting need not.
_PASSWORD = r"(://[^:/@]*:)[^@]*@"


def masked(key: str, value: Any) -> Any:
    """A value fit to print: the webhook secret hidden, a password in a URL hidden."""
    if value is None:
        return None
    if "secret" in key:
        return SECRET
    if isinstance(value, str):
        return re.sub(_PASSWORD, rf"\g<1>{SECRET}@", value)
    return value


def shown(effective: Effective) -> dict[str, dict[str, Any]]:
    """Each key's masked value (as JSON would carry it) and its source."""
    from accountledger.adapters.config_model import model

    dumped = model().model_validate(effective.values).model_dump(mode="json")
    return {
        key: {"value": masked(key, dumped[key]), "source": effective.sources[key]}
        for key in effective.sources
    }


CONFIGURATION_HEADER = """# Configuration

Generated from `Settings` and `LedgerRules` by `python -m accountledger.adapters.docgen`;
do not edit by hand (a test compares). Every key is read, in this order of precedence,
from a command-line option (`--store`, `--keystore`), its environment variable, the
TOML file (`--config PATH`, `ACCOUNTLEDGER_CONFIG`, or `accountledger.toml` in the
working directory; rules in its `[rules]` table) and the default. Durations are ISO 8601
(`PT5M`, `P30D`) or seconds; lists in the environment are JSON. `accountledger config
show [--json]` prints the values in effect and the source of each, secrets masked. See
`docs/operations.md` and `examples/accountledger.toml`.
"""


def configuration_markdown() -> str:
    """`docs/configuration.md`: every key, where it goes in the file, its variable."""
    defaults = _defaults_json()
    lines = [
        CONFIGURATION_HEADER,
        "| key | in the file | environment | default |",
        "|---|---|---|---|",
    ]
    for key, default in defaults.items():
        table = f"[{RULES_TABLE}]" if key in RULE_NAMES else "top level"
        shown_default = json.dumps(masked(key, default), ensure_ascii=False)
        if len(shown_default) > 60:
            shown_default = shown_default[:57] + "..."
        lines.append(f"| `{key}` | {table} | `{ENV_PREFIX}{key.upper()}` | `{shown_default}` |")
    return "\n".join(lines) + "\n"


def _defaults_json() -> dict[str, Any]:
    from accountledger.adapters.config_model import model

    values = {**service_defaults(), **{n: getattr(DEFAULT_RULES, n) for n in RULE_NAMES}}
    values.pop("rules")
    dumped: dict[str, Any] = model().model_validate(values).model_dump(mode="json")
    return dumped
