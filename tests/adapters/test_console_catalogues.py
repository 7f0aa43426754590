"""The console's message catalogues are current and complete (issue 17): the .pot holds
exactly what babel.cfg extracts from the sources, and every message has a Chinese
translation, neither empty nor fuzzy, keeping the message's placeholders. A page added
later fails here until `make messages` is run and its strings are translated."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from accountledger.adapters.http.console_language import CHINESE, LANGUAGES, LOCALE_DIR

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+(?:!r)?\}")


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=locale)


def _key(message_id: str | tuple[str, ...]) -> str:
    return message_id[0] if isinstance(message_id, tuple) else message_id


def _ids(catalogue: Catalog) -> set[str]:
    return {_key(m.id) for m in catalogue if m.id}


def _extracted() -> set[str]:
    with (ROOT / "babel.cfg").open() as cfg:
        methods, options = parse_mapping_cfg(cfg)
    found = extract_from_dir(str(ROOT), methods, options)
    return {_key(message) for _, _, message, _, _ in found}


def test_the_template_is_current_with_the_sources() -> None:
    """`make messages` has been run since the console's strings last changed."""
    template = _ids(_read(LOCALE_DIR / "messages.pot"))
    extracted = _extracted()
    assert extracted - template == set(), "new strings: run `make messages`"
    assert template - extracted == set(), "strings no longer used: run `make messages`"


def test_every_language_has_every_message() -> None:
    template = _ids(_read(LOCALE_DIR / "messages.pot"))
    for code in LANGUAGES:
        catalogue = _read(LOCALE_DIR / code / "LC_MESSAGES" / "messages.po", code)
        assert _ids(catalogue) == template, code


def test_every_message_has_a_chinese_translation_keeping_its_placeholders() -> None:
    catalogue = _read(LOCALE_DIR / CHINESE / "LC_MESSAGES" / "messages.po", CHINESE)
    missing, fuzzy, broken = [], [], []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            missing.append(_key(message.id))
        if message.fuzzy:
            fuzzy.append(_key(message.id))
        wanted = sorted(PLACEHOLDER.findall(_key(message.id)))
        if any(sorted(PLACEHOLDER.findall(s)) != wanted for s in strings if s):
            broken.append(_key(message.id))
    assert missing == [], f"untranslated in {CHINESE}"
    assert fuzzy == [], f"fuzzy in {CHINESE}"
    assert broken == [], "placeholders differ"
