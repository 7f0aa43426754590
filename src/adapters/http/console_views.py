"""What the inquiry console shows, shaped from the same views and queries as the API.

Plain functions: they read `application.views`, `projections.queries` and the article
catalogue and return plain data for the templates. Filter input is checked here and
refused with a `RuleViolation` naming the field and the rule, as the API and the CLI
refuse it (R13, R15, R18).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit
from uuid import UUID
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from accountledger.adapters.http import console_labels as labels
from accountledger.adapters.http.console_language import N_, Language
from accountledger.adapters.http.ids import account_id_of, subject_ref_of
from accountledger.application.ledger import Ledger
from accountledger.domain.articles import check_violation
from accountledger.domain.dates import parse_moment
from accountledger.domain.errors import RuleViolation, UnknownArticle
from accountledger.domain.measures import Measure
from accountledger.projections import queries
from accountledger.projections.view import ReadStore

Say = Callable[[str], str]
FILTERS = ("account", "subject", "from", "to", "measure", "violation", "overdue")
PER_PAGE = 25
MAX_PER_PAGE = 500


# ------------------------------------------------------------------ articles, evidence


def evidence(reference: str) -> dict[str, str | None]:
    """An evidence reference as a link; only http(s) gets an href (never javascript:)."""
    scheme = urlsplit(reference).scheme.lower()
    return {"text": reference, "href": reference if scheme in ("http", "https") else None}


def _detail(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_detail(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_detail(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def timeline(records: list[dict[str, Any]], language: Language) -> list[dict[str, Any]]:
    """Event records (`views.event_record`) with their articles and evidence shaped."""
    return [
        record
        | {
            "basis_cited": [language.cite(a) for a in record["basis"]],
            "violation_cited": [language.cite(a) for a in record["violation"]],
            "evidence_links": [evidence(e) for e in record["evidence"]],
            "event_name": language.pgettext(labels.EVENT, labels.event_name(record["event"])),
            "detail_items": [
                (language.gettext(labels.detail_name(key)), _detail(value))
                for key, value in record["details"].items()
                if value not in (None, "", [], {})
            ],
        }
        for record in records
    ]


def report_text(record: dict[str, Any], language: Language, zone: ZoneInfo) -> str:
    """Reported (when, reference), overdue, or not yet reported (R13)."""
    _ = language.gettext
    if record["report_status"] == "reported":
        reference = record["reported_reference"] or _("no reference")
        at = language.when(record["reported_at"], zone)
        return _("reported {at} ({reference})").format(at=at, reference=reference)
    if record["report_status"] == "overdue":
        return _("overdue")
    return _("not yet reported")


def disposal_rows(
    records: list[dict[str, Any]], language: Language, zone: ZoneInfo
) -> list[dict[str, Any]]:
    return [
        record
        | {
            "basis_cited": [language.cite(a) for a in record["basis"]],
            "violation_cited": [language.cite(a) for a in record["violation"]],
            "report_text": report_text(record, language, zone),
        }
        for record in records
    ]


# ------------------------------------------------------------------ account, search


def as_of_moment(text: str | None, zone: ZoneInfo) -> datetime | None:
    """`as_of` as the CLI reads it: a date means its end of day, in the platform's zone."""
    if not text:
        return None
    try:
        return parse_moment(text, zone, end_of_day=True, field="as_of")
    except ValueError as error:
        raise RuleViolation(str(error), rule="iso-8601", field="as_of") from None


def search(ledger: Ledger, view: ReadStore, text: str) -> list[dict[str, Any]]:
    """Accounts by full id, by any name they used, or by a subject (ref or KIND:NUMBER)."""
    text = text.strip()
    if not text:
        return []
    try:
        return queries.accounts(view, account=str(UUID(text)))
    except ValueError:
        pass
    if text.startswith("s-"):
        return queries.accounts(view, subject=text)
    kind, sep, number = text.partition(":")
    if sep and kind and number and " " not in kind:
        try:
            return queries.accounts(view, subject=subject_ref_of(ledger, text))
        except (ValidationError, RuleViolation):
            pass  # not an identity after all: search names with it
    return queries.accounts(view, name=text)


# ------------------------------------------------------------------ the register


def _refuse(field_name: str, message: str, rule: str) -> RuleViolation:
    return RuleViolation(message, rule=rule, field=field_name)


@dataclass
class RegisterQuery:
    """The register's filters as given, checked, and the page asked for (R13, R14)."""

    given: dict[str, str] = field(default_factory=dict)
    account: str | None = None
    subject: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    measure: Measure | None = None
    violation: str | None = None
    overdue: bool = False
    page: int = 1
    per_page: int = PER_PAGE

    def records(
        self, view: ReadStore, now: datetime, report_within: timedelta
    ) -> list[dict[str, Any]]:
        """What `GET /disposals` answers for the same filters."""
        return queries.disposals(
            view,
            account=self.account,
            subject=self.subject,
            start=self.start,
            end=self.end,
            measure=self.measure,
            violation=self.violation,
            overdue_at=now,
            report_within=report_within,
            overdue_only=self.overdue,
        )

    def query(self) -> str:
        """The filters as a query string: for the downloads."""
        return urlencode(self.given)

    def page_query(self, number: int) -> str:
        """The filters, the page size if not the default, and page `number`."""
        sized = {"per_page": str(self.per_page)} if self.per_page != PER_PAGE else {}
        return urlencode({**self.given, **sized, "page": str(number)})


def _number(text: str, name: str, default: int, most: int, say: Say) -> int:
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        said = say(N_("{text!r} is not a whole number")).format(text=text)
        raise _refuse(name, said, "integer") from None
    if not 1 <= value <= most:
        said = say(N_("{value} is not between 1 and {most}")).format(value=value, most=most)
        raise _refuse(name, said, "range")
    return value


def _time(text: str, name: str, zone: ZoneInfo, end_of_day: bool, say: Say) -> datetime:
    try:
        return parse_moment(text, zone, end_of_day=end_of_day, field=name)
    except ValueError as error:
        said = say(N_("{error}; expected e.g. 2026-03-01")).format(error=error)
        raise _refuse(name, said, "iso-8601") from None


def _same(message: str) -> str:
    return message


def register_query(
    ledger: Ledger, params: dict[str, str], *, paged: bool, say: Say = _same
) -> RegisterQuery:
    """Check the register's filters; refuse the first bad one naming field and rule,
    in the words of `say` (the page's language)."""
    given = {k: params[k].strip() for k in FILTERS if params.get(k, "").strip()}
    found = RegisterQuery(given=given)
    if "account" in given:
        found.account = str(account_id_of(given["account"]))
    if "subject" in given:
        try:
            found.subject = subject_ref_of(ledger, given["subject"])
            # Links and downloads name the subject by its ref, never a number (R17).
            given["subject"] = found.subject
        except ValidationError as error:
            reason = str(error.errors()[0]["msg"]).removeprefix("Value error, ")
            raise _refuse("subject", reason, "subject") from None
    if "from" in given:
        found.start = _time(given["from"], "from", ledger.rules.zone, False, say)
    if "to" in given:
        found.end = _time(given["to"], "to", ledger.rules.zone, True, say)
    if "measure" in given:
        try:
            found.measure = Measure(given["measure"])
        except ValueError:
            known = ", ".join(Measure)
            said = say(N_("{given!r} is not a measure; one of {known}"))
            raise _refuse(
                "measure", said.format(given=given["measure"], known=known), "measure"
            ) from None
    if "violation" in given:
        try:
            found.violation = check_violation((given["violation"],))[0]
        except UnknownArticle:
            said = say(
                N_(
                    "{given!r} is not a violation class; expected an item of "
                    "2021 Art 18 or 2022 Art 8, e.g. 2021-18-6"
                )
            )
            raise _refuse(
                "violation", said.format(given=given["violation"]), "violation-class"
            ) from None
    if "overdue" in given:
        if given["overdue"] not in ("true", "on", "1"):
            said = say(N_("{given!r} is not true")).format(given=given["overdue"])
            raise _refuse("overdue", said, "boolean")
        found.overdue, given["overdue"] = True, "true"
    if paged:
        found.page = _number(params.get("page", "").strip(), "page", 1, 10**6, say)
        size = params.get("per_page", "").strip()
        found.per_page = _number(size, "per_page", PER_PAGE, MAX_PER_PAGE, say)
    return found


@dataclass(frozen=True)
class Page:
    records: list[dict[str, Any]]
    count: int
    number: int
    pages: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def page_of(records: list[dict[str, Any]], number: int, per_page: int) -> Page:
    pages = max(1, math.ceil(len(records) / per_page))
    start = (number - 1) * per_page
    return Page(records[start : start + per_page], len(records), number, pages)
