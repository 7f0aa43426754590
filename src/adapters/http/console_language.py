"""The console's language: Simplified Chinese by default, English on a switch.

A person chooses with `?lang=en` or `?lang=zh_Hans` (the header's switch links); the
choice is kept in the `lang` cookie. Without a choice the console speaks Chinese: its
users are the platform's moderators and the cyberspace administration's inspectors.

The strings of the templates and of the console's Python modules are Babel message
catalogues (`locale/messages.pot`, `locale/<code>/LC_MESSAGES/messages.po`; `make
messages` extracts and updates them). The `.po` files are read and compiled in memory
once per process, so no compiled `.mo` is kept beside them to go stale.

Names the regulations give (measures, statuses, article citations) are not messages
but terms of the law: they come from `domain/chinese_terms.py`, keyed by the domain's
ids. Dates are written in the platform's time zone, in the chosen language (Babel).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from fastapi import Request, Response
from jinja2 import Environment, pass_context

from accountledger.adapters.http.console_labels import CHOICES, refusal_message

# `N_` is re-exported: the console's modules mark their messages with it from here.
from accountledger.adapters.http.console_labels import N_ as N_
from accountledger.domain import chinese_terms
from accountledger.domain.articles import article
from accountledger.domain.errors import LedgerError, TransitionRefused, UnknownArticle

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
CHINESE, ENGLISH = "zh_Hans", "en"
LANGUAGES = (CHINESE, ENGLISH)
DEFAULT = CHINESE
COOKIE = "lang"
PARAMETER = "lang"
ONE_YEAR = 365 * 24 * 3600


# Values the pages show as words, translated where shown (`_(value)` in a template): the
# appeal machine's states and outcomes and the notifications' statuses. The tests check
# that these are all of them.
WORDS = (
    N_("filed"),
    N_("assigned"),
    N_("decided"),
    N_("upheld"),
    N_("overturned"),
    N_("varied"),
    N_("pending"),
    N_("delivered"),
    N_("dead"),
)


@cache
def translations(code: str) -> Translations:
    """The catalogue of `code`, compiled from its `.po` in memory once per process."""
    with (LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as source:
        catalogue = read_po(source, locale=code)
    compiled = BytesIO()
    write_mo(compiled, catalogue, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


@dataclass(frozen=True)
class Language:
    """One of `LANGUAGES`, with what a page needs to speak it."""

    code: str

    @property
    def chinese(self) -> bool:
        return self.code == CHINESE

    @property
    def html_lang(self) -> str:
        """The BCP 47 tag for `<html lang>`."""
        return self.code.replace("_", "-")

    @property
    def other(self) -> Language:
        return Language(ENGLISH if self.chinese else CHINESE)

    def gettext(self, message: str) -> str:
        return translations(self.code).ugettext(message)

    def pgettext(self, context: str, message: str) -> str:
        return translations(self.code).upgettext(context, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return translations(self.code).ungettext(singular, plural, n)

    def when(self, moment: str | datetime | None, zone: ZoneInfo) -> str:
        """A time on the platform's wall clock, written as the language writes dates."""
        if not moment:
            return ""
        if isinstance(moment, str):
            try:
                parsed = datetime.fromisoformat(moment)
            except ValueError:
                return moment
        else:
            parsed = moment
        # Chinese as the locale writes it (2026年3月3日 18:00:00); English in the ISO order
        # operators read in logs and exports, with the zone's offset.
        pattern = "medium" if self.chinese else "yyyy-MM-dd HH:mm:ss xxx"
        return format_datetime(parsed, pattern, tzinfo=zone, locale=self.code)

    def when_in(self, moment: datetime, zone: ZoneInfo) -> str:
        """`when`, naming the zone: `2026-01-10 23:59:59 +08:00 (Asia/Shanghai)`."""
        opening, closing = ("（", "）") if self.chinese else (" (", ")")
        return f"{self.when(moment, zone)}{opening}{zone.key}{closing}"

    def status(self, status: str) -> str:
        """A lifecycle status: the regulations' term in Chinese, the id in English."""
        return chinese_terms.STATUSES.get(status, status) if self.chinese else status

    def measure(self, measure: str) -> str:
        """A disposal measure: the term of 2021 Art 19 in Chinese, the id in English."""
        return chinese_terms.MEASURES.get(measure, measure) if self.chinese else measure

    def cite(self, article_id: str) -> dict[str, str]:
        """An article as a practitioner cites it, with its summary and its instrument."""
        try:
            found = article(article_id)
        except UnknownArticle:
            said = self.gettext("not in the article catalogue")
            return {"id": article_id, "label": article_id, "text": said, "instrument": ""}
        if not self.chinese:
            return {
                "id": found.id,
                "label": found.id,
                "text": found.summary,
                "instrument": found.instrument,
            }
        return {
            "id": found.id,
            "label": chinese_terms.citation(found.id),
            "text": chinese_terms.SUMMARIES.get(found.id, found.summary),
            "instrument": chinese_terms.title(found.id),
        }

    def refusal(self, error: LedgerError) -> str:
        """A refusal in one line: field, message, rule and the article it applies; in
        English as `str(error)` reads, in Chinese with the article cited in full."""
        if not self.chinese:
            return str(error)
        # The field by its id, as the form and the API name it.
        where = f"{error.field}：" if error.field else ""
        law = self.cite(error.article)["label"] if error.article else ""
        rule = self.gettext("rule")
        return f"{where}{self._why(error)}（{rule}：{error.rule}）{law}"

    def _why(self, error: LedgerError) -> str:
        """A message the catalogue holds as it is; else the rule's sentence
        (`console_labels.REFUSALS`); else the error's own English."""
        said = self.gettext(error.message)
        if said != error.message:
            return said
        if isinstance(error, TransitionRefused):
            moved = self.gettext(N_("It is %(state)s: %(command)s is not allowed in that state."))
            return moved % {"state": self.status(error.state), "command": error.command}
        found = refusal_message(error.rule)
        return self.gettext(found) if found else error.message


def chosen(request: Request) -> Language:
    """`?lang=` if it names a language, else the `lang` cookie's, else Chinese."""
    for given in (request.query_params.get(PARAMETER), request.cookies.get(COOKIE)):
        if given in LANGUAGES:
            return Language(given)
    return Language(DEFAULT)


# What the language switch keeps of a page's query: never a search text or a filter,
# which may hold an identity number (R17).
KEPT = ("as_of", "status", "page", "per_page")


def switch_url(request: Request, language: Language, signed_in: bool) -> str:
    """The header's link to the other language: this page again if it was a GET; after
    a form's POST, the page the console starts from."""
    if request.method != "GET":
        start = "/console/search" if signed_in else "/console/sign-in"
        return f"{start}?{urlencode({PARAMETER: language.other.code})}"
    kept = {k: v for k, v in request.query_params.items() if k in KEPT}
    return f"{request.url.path}?{urlencode(kept | {PARAMETER: language.other.code})}"


def keep(request: Request, response: Response) -> Response:
    """Store a choice made by `?lang=` in the cookie, so later pages keep it."""
    given = request.query_params.get(PARAMETER)
    if given in LANGUAGES and request.cookies.get(COOKIE) != given:
        response.set_cookie(
            COOKIE, given, max_age=ONE_YEAR, samesite="lax", httponly=True, path="/console"
        )
    return response


def install(env: Environment) -> None:
    """Jinja2's i18n extension, translating into the page's `language` (from context)."""
    env.add_extension("jinja2.ext.i18n")

    @pass_context
    def gettext(context: Any, message: str) -> str:
        language: Language = context["language"]
        return language.gettext(message)

    @pass_context
    def ngettext(context: Any, singular: str, plural: str, n: int) -> str:
        language: Language = context["language"]
        return language.ngettext(singular, plural, n)

    @pass_context
    def pgettext(context: Any, within: str, message: str) -> str:
        # One English word, two Chinese ones: "Filed" is 提出时间 as a column, 已提出 as a count.
        language: Language = context["language"]
        return language.pgettext(within, message)

    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext, ngettext, newstyle=True, pgettext=pgettext
    )
    # A drop-down's choice by its word (`console_labels.CHOICES`); the value is sent.
    env.globals["choice_word"] = lambda value: CHOICES.get(value, value)

    # Filters in the page's language: `zone` is the platform's, put in every page.
    @pass_context
    def when(context: Any, moment: str | datetime | None) -> str:
        language: Language = context["language"]
        return language.when(moment, context["zone"])

    @pass_context
    def status(context: Any, status: str) -> str:
        language: Language = context["language"]
        return language.status(status)

    @pass_context
    def measure(context: Any, measure: str) -> str:
        language: Language = context["language"]
        return language.measure(measure)

    env.filters.update(when=when, status=status, measure=measure)


# The cookie of a reader who chose English (the tests that read English text send it).
IN_ENGLISH = {COOKIE: ENGLISH}
