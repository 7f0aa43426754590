"""The article catalogue: every legal basis the ledger may cite, in one place.

Ids read `<year>-<article>[-<item>]`: `2021-19` is Article 19 of the 2021 Provisions
on official accounts, `2021-18-6` its Article 18 item (VI), `2022-8-4` Article 8
item (4) of the 2022 Account Information Provisions, `2017-13` Article 13 of the
2017 public-account regulations. An id that is not here is refused.

The 2017 Provisions were replaced by the 2021 ones (2021 Art 23): their articles stay
here so that old events citing them still read, but a new decision cannot cite them
(`check_current`, rule `superseded-law`).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import NamedTuple

from accountledger.domain.errors import RuleViolation, UnknownArticle

INSTRUMENTS = MappingProxyType(
    {
        "2017": "Internet User Public Account Information Services Management Provisions (2017)",
        "2021": "Provisions on the Information Services Provided through Official "
        "Accounts of Internet Users (2021)",
        "2022": "Provisions on the Management of Internet User Account Information (2022)",
    }
)


class Article(NamedTuple):
    """One citable article. (A named tuple, not a frozen dataclass: made at import in a
    fraction of the time, and the rules' check of their violation classes imports this
    module for every CLI call; issue 16.)"""

    id: str
    summary: str
    violation_class: bool = False
    # A measure taken on this basis alone needs no violation class: the ground is a
    # fact of the account (inactivity, uncorrected information), not a prohibited act.
    administrative_ground: bool = False
    # The instrument that replaced this article's, if any: no basis for a new decision.
    superseded_by: str | None = None

    @property
    def instrument(self) -> str:
        return INSTRUMENTS[self.id.split("-")[0]]


_ARTICLES: dict[str, str] = {
    "2017-6": "real name in the back end, voluntary at the front: authenticate users",
    "2017-9": "protect users' personal information; never leak, distort or damage it",
    "2017-13": "deal with violating accounts; keep records; no re-registration",
    "2017-16": "cooperate with supervision; keep records",
    "2021-6": "platform responsibility; management rules and service agreements",
    "2021-7": "classified registration and hierarchical management",
    "2021-8": "authenticate real identity; review name, avatar and introduction",
    "2021-9": "qualification checks for economy, education, medical care and health, "
    "justice; special mark; public registration details",
    "2021-10": "upper limit on accounts per subject; inactivity for six months",
    "2021-11": "transfers need an application and a verified transferee",
    "2021-12": "monitoring against falsified traffic data",
    "2021-13": "credit rating; false information lowers the rating or blacklists",
    "2021-14": "advertising and commercial activity rules",
    "2021-15": "registration details truthfully filled in",
    "2021-16": "operators' responsibility for content",
    "2021-17": "copyright and interactive functions",
    "2021-18": "prohibited acts of producers and operators",
    "2021-18-1": "registration without real identity, or a name, avatar or introduction "
    "inconsistent with it",
    "2021-18-2": "counterfeiting, imitating or misappropriating others' accounts",
    "2021-18-3": "news information services without or beyond a licence",
    "2021-18-4": "multiple accounts releasing low-quality content in batches; false "
    "traffic and opinion",
    "2021-18-5": "inciting extreme emotions; cyber-violence",
    "2021-18-6": "fabricating false information, falsifying originality or sources",
    "2021-18-7": "illegal supervision, marketing fraud, extortion, paid deletion",
    "2021-18-8": "registering, hoarding or trading accounts in bulk",
    "2021-18-9": "producing or spreading illegal information",
    "2021-18-10": "other acts prohibited by laws and administrative regulations",
    "2021-19": "disposal measures; keep records; report to the cyberspace administration",
    "2021-20": "complaints, reports and appeals with feedback time limits",
    "2021-21": "cooperation with supervision and inspection",
    "2021-22": "definitions: official accounts and platforms",
    "2022-6": "account information rules and service agreements",
    "2022-7": "professional and entity information must be true",
    "2022-8": "prohibited content of account information",
    "2022-8-1": "violations of Articles 6 or 7 of the Online Information Ecosystem Provisions",
    "2022-8-2": "impersonating Party, government or military organs, enterprises, "
    "public institutions or social organisations",
    "2022-8-3": "impersonating domestic or international organisations",
    "2022-8-4": "impersonating news media; 'news' or 'report' style names without licence",
    "2022-8-5": "impersonating or maliciously associating with state place names",
    "2022-8-6": "embedded QR codes, URLs, e-mail, contact details, homophones, proxy "
    "characters, numbers or symbols",
    "2022-8-7": "self-inflating or exaggerated names",
    "2022-8-8": "other content prohibited by law",
    "2022-9": "authenticate real identity by mobile, identity number or USCC",
    "2022-10": "review at registration and change; strict review of 'China', "
    "'National'; prevent re-registration of closed accounts",
    "2022-11": "qualifications for licensed services and professional fields; special label",
    "2022-12": "display IP address attribution",
    "2022-13": "display public account information",
    "2022-14": "platform responsibility for account information management",
    "2022-15": "dynamic review: suspend, order correction, terminate on refusal",
    "2022-16": "protect personal information in account information",
    "2022-17": "disposal measures; keep records; report",
    "2022-18": "credit management of accounts",
    "2022-19": "complaints and reports with feedback time limits",
    "2022-21": "cooperation with oversight inspections",
}

# Inactivity (2021 Art 10 ¶2) and refusal to correct (2022 Art 15).
_ADMINISTRATIVE_GROUNDS = frozenset({"2021-10", "2022-15"})

# Instruments replaced by later ones: the 2021 Provisions prevail (2021 Art 23).
SUPERSEDED = MappingProxyType({"2017": "2021"})
# What a decision cites now instead of a superseded article.
_SUCCESSORS = {"2017-6": "2021-8", "2017-9": "2022-16", "2017-13": "2021-19", "2017-16": "2021-19"}

CATALOGUE: MappingProxyType[str, Article] = MappingProxyType(
    {
        id_: Article(
            id=id_,
            summary=summary,
            violation_class=id_.startswith(("2021-18-", "2022-8-")),
            administrative_ground=id_ in _ADMINISTRATIVE_GROUNDS,
            superseded_by=SUPERSEDED.get(id_.split("-")[0]),
        )
        for id_, summary in _ARTICLES.items()
    }
)


# 2021 Art 18 item (VI): fabricating false information, falsifying sources (R11).
FALSE_INFORMATION = "2021-18-6"


def article(article_id: str) -> Article:
    """The catalogue entry for `article_id`, or UnknownArticle."""
    try:
        return CATALOGUE[article_id]
    except KeyError:
        raise UnknownArticle(article_id) from None


def check_basis(article_ids: tuple[str, ...]) -> tuple[str, ...]:
    """Refuse any id that is not in the catalogue; return the ids unchanged."""
    for article_id in article_ids:
        article(article_id)
    return article_ids


def check_current(article_ids: tuple[str, ...], field: str = "basis") -> tuple[str, ...]:
    """Refuse an article of a superseded instrument as the basis of a new decision; old
    events citing one still replay and read (they are never checked again)."""
    for article_id in article_ids:
        replaced_by = article(article_id).superseded_by
        if replaced_by is not None:
            instead = _SUCCESSORS.get(article_id)
            hint = f"; cite {instead}" if instead else ""
            raise RuleViolation(
                f"{article_id} is of the {INSTRUMENTS[article_id.split('-')[0]]}, superseded "
                f"by the {INSTRUMENTS[replaced_by]}: no basis for a new decision{hint}",
                rule="superseded-law",
                field=field,
                article=article_id,
            )
    return article_ids


def administrative(basis: tuple[str, ...], violation: tuple[str, ...]) -> bool:
    """Whether a measure's grounds are administrative: it names no prohibited act, and its
    basis is a fact of the account (inactivity, uncorrected information; 2021 Art 10,
    2022 Art 15) marked so in the catalogue. Such a measure needs no violation class."""
    return not violation and any(article(a).administrative_ground for a in basis)


def reportable(basis: tuple[str, ...], violation: tuple[str, ...]) -> bool:
    """Whether a disposal record is one to report to the cyberspace administration
    (2021 Art 19, 2022 Art 17; R13): every record is, but those on administrative grounds,
    which are recorded and kept but are no case of a prohibited act to report."""
    return not administrative(basis, violation)


def check_violation(article_ids: tuple[str, ...]) -> tuple[str, ...]:
    """A violation class is an item of 2021 Art 18 or 2022 Art 8 (R14)."""
    for article_id in article_ids:
        if not article(article_id).violation_class:
            raise UnknownArticle(
                article_id, rule="violation class (2021 Art 18 or 2022 Art 8 item)"
            )
    return article_ids


def violation_classes() -> tuple[str, ...]:
    return tuple(a.id for a in CATALOGUE.values() if a.violation_class)
