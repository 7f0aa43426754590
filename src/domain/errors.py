"""One error hierarchy for every refusal the domain makes.

Each error names the rule that refused, the field it concerns where there is one,
and the article it applies where the rule is a legal one, so an adapter can turn
it into one clear line, a problem+json body or an exit code without a traceback.
"""

from __future__ import annotations


class LedgerError(Exception):
    """A command the ledger refuses; nothing was recorded."""

    rule: str = "refused"

    def __init__(
        self,
        message: str,
        *,
        rule: str | None = None,
        field: str | None = None,
        article: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.rule = rule or type(self).rule
        self.field = field
        self.article = article

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        law = f" [{self.article}]" if self.article else ""
        return f"{where}{self.message} (rule: {self.rule}){law}"

    def as_dict(self) -> dict[str, str | None]:
        return {
            "error": self.message,
            "rule": self.rule,
            "field": self.field,
            "article": self.article,
        }


class UnknownArticle(LedgerError):
    rule = "article-catalogue"

    def __init__(self, article_id: str, *, rule: str = "article catalogue") -> None:
        super().__init__(
            f"unknown article id {article_id!r}; expected an id of the {rule}, "
            "format <year>-<article>[-<item>]",
            field="basis",
        )
        self.article_id = article_id


class TransitionRefused(LedgerError):
    """The lifecycle machine has no transition for this command in this state."""

    rule = "lifecycle"

    def __init__(self, account_id: object, state: str, command: str, kind: str = "account") -> None:
        super().__init__(f"{kind} {account_id} is {state}: {command} is not allowed in that state")
        self.account_id = account_id
        self.state = state
        self.command = command


class RuleViolation(LedgerError):
    """A domain rule beside the lifecycle refused the command."""


class NotFound(LedgerError):
    """What a command or a read names does not exist: an account, an appeal, a complaint,
    a subject (HTTP 404, exit 4)."""

    rule = "exists"


class AccountNotFound(NotFound):
    rule = "account-exists"

    def __init__(self, account_id: object) -> None:
        super().__init__(f"no account {account_id}", field="account")


class ConcurrentChange(LedgerError):
    rule = "optimistic-concurrency"


class StaleDecision(ConcurrentChange):
    """The decision was made on a version of the account that is no longer the latest."""

    rule = "expected-version"


class InvalidInput(LedgerError):
    """Input that is not what its field needs (an id, a time): refused before any rule."""

    rule = "input"
