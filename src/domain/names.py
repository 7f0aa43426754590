"""The name policy (R3, R4): the review engine.

A name, an avatar's text and an introduction are reviewed at registration and at
every change (2021 Art 8 ¶2; 2022 Arts 7, 8, 10). The rules are data (`name_rules`);
`NamePolicy.review` only runs the rows, then compares the name with the protected and
barred names by association key (`name_folding`), so that a lookalike, a
traditional-script or a decorated copy of a name is still caught (2022 Art 10 ¶3).

review() is on every registration's hot path: patterns are compiled once, each view
is computed at most once per review, and a view that cannot match (no Chinese
characters for Chinese words, no ASCII letters or digits for Latin ones) is skipped.

The names other modules import from here stay here: `normalise`, `association_key`
and `closely_associated` (from `name_folding`), and `FIELDS`, `Outcome`, `View`,
`Rule`, `DEFAULT_RULES` (from `name_rules`, where the rules are written in them).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from accountledger.domain.articles import check_basis
from accountledger.domain.barred_index import BarredIndex, Stacked
from accountledger.domain.name_folding import (
    CJK,
    alternation,
    association_key,
    association_keys,
    casefold,
    closely_associated,
    fold_lookalikes,
    fold_symbols,
    fold_view,
    han_view,
    join_spelled,
    keys_associated,
    normalise,
    substantial,
    to_key,
    tolerant,
)
from accountledger.domain.name_rules import (
    ASSOCIATED_BARRED,
    ASSOCIATED_PROTECTED,
    BARRED,
    BARRED_FIELDS,
    DEFAULT_PROTECTED,
    DEFAULT_RULES,
    FIELDS,
    LOOKALIKE,
    PROTECTED,
    PROTECTED_AUTHORISED_BY,
    PROTECTED_FIELDS,
    Outcome,
    Rule,
    View,
)

__all__ = [
    "DEFAULT_POLICY",
    "DEFAULT_PROTECTED",
    "DEFAULT_RULES",
    "FIELDS",
    "Finding",
    "NamePolicy",
    "Outcome",
    "Rule",
    "Verdict",
    "View",
    "association_key",
    "closely_associated",
    "normalise",
]

_SEVERITY = {Outcome.ACCEPT: 0, Outcome.REVIEW: 1, Outcome.REJECT: 2}


@dataclass(frozen=True)
class Finding:
    rule: str
    outcome: Outcome
    article: str
    detail: str
    # The kind of authorisation that sent a refusal to review, if one did.
    authorisation: str = ""


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    findings: tuple[Finding, ...]


# ------------------------------------------------------------------ reviewing


class _Reading:
    """One text in every view; the folded views and keys are computed on first use only."""

    def __init__(self, text: str) -> None:
        self.words = casefold(text)
        self.normalised = to_key(self.words)
        self.han_present = CJK.search(self.normalised) is not None
        self.latin_present = _ASCII_ALNUM.search(self.words) is not None
        self.han = han_view(self.normalised) if self.han_present else self.normalised
        self.plain = {
            View.KEY: self.normalised,
            View.HAN: self.han,
            View.WORDS: self.words,
            View.CASED: unicodedata.normalize("NFKC", text),
        }
        self._folded: dict[View, str] = {}
        self._symbols: str | None = None
        self._keys: tuple[str, str] | None = None

    @property
    def symbols(self) -> str:
        if self._symbols is None:
            self._symbols = fold_symbols(self.words)
        return self._symbols

    def folded(self, view: View) -> str:
        if view not in self._folded:
            self._folded[view] = self._fold(view)
        return self._folded[view]

    def _fold(self, view: View) -> str:
        if view is View.WORDS:
            return join_spelled(fold_lookalikes(self.symbols))
        return fold_view(self.han if self.symbols is self.words else to_key(self.symbols))

    @property
    def keys(self) -> tuple[str, str]:
        """The association key without and with lookalikes folded."""
        if self._keys is None:
            self._keys = association_keys(self.words, self.normalised, self.symbols)
        return self._keys


_ASCII_ALNUM = re.compile(r"[a-z0-9]")


class _Compiled:
    """A rule with its patterns compiled, the fields a review's inner loop reads."""

    __slots__ = ("folded", "plain", "rule", "view")

    def __init__(self, rule: Rule, plain: re.Pattern[str], folded: re.Pattern[str] | None):
        self.rule, self.view = rule, rule.view
        self.plain, self.folded = plain, folded


def _rule_finding(
    compiled: _Compiled, plain: str, reading: _Reading, licences: frozenset[str]
) -> Finding | None:
    if compiled.folded is None:
        match = compiled.plain.search(plain)
        return _plain_finding(compiled.rule, match.group(), licences) if match else None
    folded = reading.folded(compiled.view)
    # The tolerant pattern accepts all the plain one does, so on an unfolded text one
    # search settles the common case: no match.
    if folded == plain and not compiled.folded.search(plain):
        return None
    if match := compiled.plain.search(plain):
        return _plain_finding(compiled.rule, match.group(), licences)
    # A lookalike of a word is a trick: refused whatever evidence comes with it.
    if match := compiled.folded.search(folded):
        return _lookalike_finding(compiled.rule, match.group())
    return None


def _fold_pattern(source: str, view: View) -> str:
    return tolerant(source if view is View.WORDS else fold_view(source))


def _compile(rule: Rule) -> _Compiled:
    source = "|".join(f"(?:{p})" for p in rule.patterns)
    if rule.foldable and (rule.view is View.CASED or any(c.isdigit() for c in source)):
        raise ValueError(f"rule {rule.id!r}: foldable patterns are uncased and digit-free")
    folded = re.compile(_fold_pattern(source, rule.view)) if rule.foldable else None
    return _Compiled(rule, re.compile(source), folded)


def _applies(rule: Rule, field: str, han: bool, latin: bool) -> bool:
    if field not in rule.fields:
        return False
    return (han or rule.view is not View.HAN) and (latin or rule.view is not View.WORDS)


def _shown(matched: str) -> str:
    return repr(matched if len(matched) <= 24 else matched[:23] + "…")


def _plain_finding(rule: Rule, matched: str, licences: frozenset[str] = frozenset()) -> Finding:
    detail = f"{rule.description}: {_shown(matched)}" if matched else rule.description
    return _authorised(
        Finding(rule.id, rule.outcome, rule.article, detail), rule.authorised_by, licences
    )


def _authorised(finding: Finding, answered_by: frozenset[str], licences: frozenset[str]) -> Finding:
    """A refusal that evidence of a kind in `answered_by` answers goes to review instead:
    a reviewer approves the name against that evidence (2022 Art 8 items 2-5, Art 11)."""
    kinds = sorted(answered_by & licences)
    if finding.outcome is not Outcome.REJECT or not kinds:
        return finding
    detail = f"{finding.detail}; {'/'.join(kinds)} authorisation presented: review it"
    return Finding(finding.rule, Outcome.REVIEW, finding.article, detail, kinds[0])


def _lookalike_finding(rule: Rule, matched: str) -> Finding:
    detail = f"reads as {_shown(matched)} once lookalikes are folded: {rule.description}"
    return Finding(LOOKALIKE[0], rule.outcome, LOOKALIKE[1], detail)


def _finding(row: tuple[str, str], outcome: Outcome, detail: str) -> Finding:
    return Finding(row[0], outcome, row[1], detail)


class _ProtectedIndex:
    """Protected names by key, so a review costs a few lookups rather than a scan."""

    def __init__(self, names: Iterable[str]) -> None:
        self.plain: dict[str, str] = {}
        self.named: dict[str, str] = {}
        for name in names:
            plain, key = _Reading(name).keys
            self.plain.setdefault(plain, name)
            self.named.setdefault(key, name)
        inside = [key for key in self.named if substantial(key)]
        self.inside = re.compile(alternation(map(re.escape, inside))) if inside else None
        self.joined = "\x00".join(self.named)
        # Keys one edit apart share their first or their last character.
        self.by_end: dict[str, list[str]] = {}
        for key in self.named:
            self.by_end.setdefault(key[0], []).append(key)
            if key[-1] != key[0]:
                self.by_end.setdefault(key[-1], []).append(key)

    def finding(self, plain: str, key: str, licences: frozenset[str]) -> Finding | None:
        if plain in self.plain:
            detail = f"is the protected name {self.plain[plain]!r}"
            found = _finding(PROTECTED, Outcome.REJECT, detail)
            return _authorised(found, PROTECTED_AUTHORISED_BY, licences)
        if key in self.named:
            detail = f"reads as the protected name {self.named[key]!r} once lookalikes are folded"
            return _finding(LOOKALIKE, Outcome.REJECT, detail)
        if near := self._near(key):
            detail = f"closely associated with the protected name {self.named[near]!r}"
            return _finding(ASSOCIATED_PROTECTED, Outcome.REVIEW, detail)
        return None

    def _near(self, key: str) -> str | None:
        if self.inside and (match := self.inside.search(key)):
            return match.group()
        if key in self.joined and substantial(key):
            return next(k for k in self.named if key in k)
        if len(key) < 4:
            return None
        candidates = (*self.by_end.get(key[0], ()), *self.by_end.get(key[-1], ()))
        return next((other for other in candidates if keys_associated(key, other)), None)


_cached_normalise = lru_cache(maxsize=8192)(normalise)


def _barred_findings(reading: _Reading, barred: Iterable[str]) -> Iterator[Finding]:
    if not reading.normalised:
        return
    for name in barred:
        if _cached_normalise(name) == reading.normalised:
            detail = f"the name of a closed or blacklisted account: {name!r}"
            yield _finding(BARRED, Outcome.REJECT, detail)
        elif keys_associated(reading.keys[1], association_key(name)):
            detail = f"closely associated with the closed or blacklisted name {name!r}"
            yield _finding(ASSOCIATED_BARRED, Outcome.REVIEW, detail)


def _candidates(reading: _Reading, barred: Iterable[str] | BarredIndex | Stacked) -> Iterable[str]:
    """The barred names worth comparing: all of a list, an index's candidates."""
    if not isinstance(barred, BarredIndex | Stacked):
        return barred
    if not barred or not reading.normalised:
        return ()
    return barred.candidates(reading.normalised, reading.keys[1])


_ACCEPTED = Verdict(Outcome.ACCEPT, ())


def _verdict(findings: list[Finding]) -> Verdict:
    if not findings:
        return _ACCEPTED
    # One finding per rule and outcome: the first match is reason enough.
    kept: dict[tuple[str, Outcome], Finding] = {}
    for finding in findings:
        kept.setdefault((finding.rule, finding.outcome), finding)
    worst = max((f.outcome for f in kept.values()), key=_SEVERITY.__getitem__)
    return Verdict(worst, tuple(kept.values()))


_FIXED_ARTICLES = tuple(
    row[1] for row in (LOOKALIKE, PROTECTED, ASSOCIATED_PROTECTED, BARRED, ASSOCIATED_BARRED)
)


@dataclass(frozen=True)
class NamePolicy:
    """Reviews a name, an avatar's text or an introduction (R3) against barred names (R4)."""

    rules: tuple[Rule, ...] = DEFAULT_RULES
    protected_names: tuple[str, ...] = DEFAULT_PROTECTED
    _by_field: Mapping[tuple[str, bool, bool], tuple[_Compiled, ...]] = field(
        init=False, repr=False, compare=False
    )
    _protected: _ProtectedIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Refuse a bad rule when the policy is built, never on a registrant's request.
        check_basis(tuple(rule.article for rule in self.rules) + _FIXED_ARTICLES)
        unknown = {f for rule in self.rules for f in rule.fields} - set(FIELDS)
        if unknown:
            raise ValueError(f"rules name unknown fields: {sorted(unknown)}")
        compiled = [_compile(rule) for rule in self.rules]
        by_field = {
            (f, han, latin): tuple(c for c in compiled if _applies(c.rule, f, han, latin))
            for f in FIELDS
            for han in (True, False)
            for latin in (True, False)
        }
        object.__setattr__(self, "_by_field", by_field)
        object.__setattr__(self, "_protected", _ProtectedIndex(self.protected_names))

    def review(
        self,
        text: str,
        *,
        field: str = "name",
        licences: frozenset[str] = frozenset(),
        barred: Iterable[str] | BarredIndex | Stacked = (),
    ) -> Verdict:
        """Every finding on one profile value, and the worst outcome among them.

        `barred`: the barred names, as a list (each compared) or a `BarredIndex` (only
        its candidates compared, in the same order: the same verdict).

        `licences`: the kinds of authorisation presented (and in force) for the value;
        each turns the refusals its rows name into review, never into acceptance.
        """
        if field not in FIELDS:
            raise ValueError(f"unknown profile field {field!r}; expected one of {FIELDS}")
        reading = _Reading(text)
        findings = self._rule_findings(reading, field, licences)
        if field in PROTECTED_FIELDS and reading.normalised:
            protected = self._protected.finding(*reading.keys, licences)
            findings.extend([protected] if protected else [])
        if field in BARRED_FIELDS:
            findings.extend(_barred_findings(reading, _candidates(reading, barred)))
        return _verdict(findings)

    def _rule_findings(
        self, reading: _Reading, field: str, licences: frozenset[str]
    ) -> list[Finding]:
        findings = []
        plain_texts = reading.plain
        for compiled in self._by_field[field, reading.han_present, reading.latin_present]:
            plain = plain_texts[compiled.view]
            if finding := _rule_finding(compiled, plain, reading, licences):
                findings.append(finding)
        return findings


DEFAULT_POLICY = NamePolicy()


# ------------------------------------------------------------- history mode


def as_recorded(verdict: Verdict) -> Verdict:
    """The name policy in history mode: a value that was already used on the platform
    before the ledger (an import of legacy history) keeps every finding, each with the
    outcome the policy would give today, but nothing is refused: history happened, and
    the record says what the policy finds in it (R3, R16). At worst it awaits review."""
    if verdict.outcome is not Outcome.REJECT:
        return verdict
    return Verdict(Outcome.REVIEW, verdict.findings)
