"""The console's words for the command table's fields and verbs and the ledger's events.

The command table (`command_edge.edge_fields`) and the domain's events name things by
id (`operating_place`, `Warned`); a page shows each as a message of the catalogue,
marked here with `N_` so `make messages` extracts it and translated where it is shown.
One table per kind of id, keyed by the id; the tests check that every field of every
command form, every command and every event the timelines show has its entry.

A field's label is looked up by `verb.input` first (where one field name means two
things: `field` is a qualification's professional field in `submit_qualification` and
a profile item in `approve_profile_change`), then by the input's name, then by its
last part (`transferee.identity_kind` -> `identity_kind`).
"""

from __future__ import annotations

from types import MappingProxyType


def N_(message: str) -> str:
    """Mark `message` for extraction; it is translated where it is shown."""
    return message


FIELDS = MappingProxyType(
    {
        "method": N_("Authentication method"),
        "value": N_("New value (reviewed)"),
        "change_name.value": N_("New account name (reviewed)"),
        "change_avatar.value": N_("New avatar (reviewed)"),
        "change_introduction.value": N_("New introduction (reviewed)"),
        "field": N_("Profile item or registration detail"),
        "submit_qualification.field": N_("Professional field"),
        "verify_qualification.field": N_("Professional field"),
        "reject_qualification.field": N_("Professional field"),
        "withdraw_qualification.field": N_("Professional field"),
        "expire_qualification.field": N_("Professional field"),
        "licence.kind": N_("Licence kind"),
        "licence.number": N_("Licence number"),
        "licence.issuer": N_("Licence issuer"),
        "licence.valid_until": N_("Licence valid until"),
        "contact": N_("Contact (sealed)"),
        "operating_place": N_("Operating place"),
        "registration_place": N_("Place of registration"),
        "content_category": N_("Content category"),
        "main_business": N_("Main business or scope"),
        "credential": N_("Qualification material reference"),
        "credentials": N_("Transferee's qualifications (FIELD=REFERENCE, one per line)"),
        "mark": N_("Special mark shown"),
        "expires": N_("Mark expires (ISO 8601)"),
        "deadline": N_("Correct by (ISO 8601)"),
        "fields": N_("Items to correct (one per line)"),
        "name": N_("Account name"),
        "avatar": N_("Avatar"),
        "introduction": N_("Introduction"),
        "identity_kind": N_("Identity document kind"),
        "identity_number": N_("Identity document number"),
        "mobile": N_("Mobile number"),
        "representative_kind": N_("Representative's document kind"),
        "representative_number": N_("Representative's document number"),
        "nature": N_("Nature of the subject"),
        "consequence": N_("Consequence (suspend or close)"),
        "functions": N_("Functions (one per line)"),
        "until": N_("Until (ISO 8601)"),
        "tier": N_("New credit tier"),
        "kind": N_("Activity (login, post or use)"),
        "place": N_("IP attribution (province, country or region; shown publicly)"),
    }
)


def field_label(verb: str, name: str) -> str:
    """The message that labels input `name` of `verb`'s form (translated where shown)."""
    for key in (f"{verb}.{name}", name, name.rsplit(".", 1)[-1]):
        if key in FIELDS:
            return FIELDS[key]
    return name.replace("_", " ")


# The timelines' events, by the domain's event names (`Account`'s and `Appeal`'s): the
# measures by 2021 Art 19's and 2022 Art 17's terms. English shows the name itself. In
# their own context, as `Registered` and `Filed` are also columns' headings (注册时间).
EVENT = "event"


def pgettext(context: str, message: str) -> str:
    """Mark `message` for extraction in `context` (Babel's `pgettext` keyword)."""
    return message


EVENTS = MappingProxyType(
    {
        name: name
        for name in (
            pgettext("event", "Registered"),
            pgettext("event", "IdentityVerified"),
            pgettext("event", "RegistrationRefused"),
            pgettext("event", "ProfileChangeSubmitted"),
            pgettext("event", "ProfileChanged"),
            pgettext("event", "ProfileChangeApproved"),
            pgettext("event", "ProfileChangeRejected"),
            pgettext("event", "RegistrationDetailChangeSubmitted"),
            pgettext("event", "RegistrationDetailChangeApproved"),
            pgettext("event", "RegistrationDetailChangeRejected"),
            pgettext("event", "QualificationSubmitted"),
            pgettext("event", "QualificationVerified"),
            pgettext("event", "QualificationWithdrawn"),
            pgettext("event", "QualificationExpired"),
            pgettext("event", "QualificationRejected"),
            pgettext("event", "RectificationOrdered"),
            pgettext("event", "CorrectionSubmitted"),
            pgettext("event", "CorrectionRejected"),
            pgettext("event", "Rectified"),
            pgettext("event", "RectificationDeadlineMissed"),
            pgettext("event", "TransferApplied"),
            pgettext("event", "TransfereeVerified"),
            pgettext("event", "TransferApproved"),
            pgettext("event", "TransferRejected"),
            pgettext("event", "UnapprovedTransferFound"),
            pgettext("event", "SuspensionRequested"),
            pgettext("event", "ReinstatementRequested"),
            pgettext("event", "ReinstatementGranted"),
            pgettext("event", "ReinstatementRefused"),
            pgettext("event", "TerminationRequested"),
            pgettext("event", "Warned"),
            pgettext("event", "FunctionsRestricted"),
            pgettext("event", "RestrictionLifted"),
            pgettext("event", "UpdatesSuspended"),
            pgettext("event", "UpdatesResumed"),
            pgettext("event", "AdvertisingCeased"),
            pgettext("event", "AdvertisingRestored"),
            pgettext("event", "Suspended"),
            pgettext("event", "Reinstated"),
            pgettext("event", "Closed"),
            pgettext("event", "Deregistered"),
            pgettext("event", "Blacklisted"),
            pgettext("event", "MeasureReversed"),
            pgettext("event", "CreditTierChanged"),
            pgettext("event", "ActivityRecorded"),
            pgettext("event", "IpAttributionRecorded"),
            pgettext("event", "Filed"),
            pgettext("event", "Assigned"),
            pgettext("event", "EvidenceAdded"),
            pgettext("event", "Decided"),
        )
    }
)

# An event's details, by the event's field names; English shows the name with spaces,
# as it did before the catalogue.
DETAILS = MappingProxyType(
    {
        "account_id": N_("account id"),
        "appeal_id": N_("appeal id"),
        "approved_against": N_("approved against"),
        "authorisation": N_("authorisation"),
        "avatar": N_("avatar"),
        "case": N_("case"),
        "corrections": N_("corrections"),
        "credential": N_("credential"),
        "credentials": N_("credentials"),
        "credit_tier": N_("credit tier"),
        "deadline": N_("deadline"),
        "decided_by": N_("decided by"),
        "details": N_("details"),
        "effects": N_("effects"),
        "expires": N_("expires"),
        "field": N_("field"),
        "fields": N_("fields"),
        "findings": N_("findings"),
        "functions": N_("functions"),
        "grounds": N_("grounds"),
        "held": N_("held"),
        "held_for": N_("held for"),
        "introduction": N_("introduction"),
        "kind": N_("kind"),
        "mark": N_("mark"),
        "measure": N_("measure"),
        "method": N_("method"),
        "name": N_("name"),
        "name_held": N_("name held"),
        "outcome": N_("outcome"),
        "place": N_("place"),
        "previous": N_("previous"),
        "previous_subject_ref": N_("previous subject ref"),
        "record_id": N_("record id"),
        "record_version": N_("record version"),
        "reference": N_("reference"),
        "review": N_("review"),
        "reviewed": N_("reviewed"),
        "reviewer": N_("reviewer"),
        "steps": N_("steps"),
        "subject_kind": N_("subject kind"),
        "subject_ref": N_("subject ref"),
        "tier": N_("tier"),
        "transferee_kind": N_("transferee kind"),
        "transferee_ref": N_("transferee ref"),
        "until": N_("until"),
        "value": N_("value"),
        "values": N_("values"),
    }
)

# The choices a form offers in a drop-down (a `Literal` field of a command): the value
# is what is sent, the word is what is shown. Tested complete against the forms.
CHOICES = MappingProxyType(
    {
        "suspend": N_("suspend the account"),
        "close": N_("close the account"),
        "individual": N_("individual"),
        "enterprise": N_("enterprise"),
        "public_institution": N_("public institution"),
        "government_organ": N_("government organ"),
        "social_organisation": N_("social organisation"),
        "other_organisation": N_("other organisation"),
    }
)


# A refusal's sentence, by the rule that refused (`LedgerError.rule`), for the rules a
# console user meets in the forms: a required or malformed input, the lifecycle, a
# stale page, the name policy's findings (`name-policy:RULE`). A rule not here is said
# in the error's own English message; the rule id and the article are always shown.
REFUSALS = MappingProxyType(
    {
        "missing": N_("This field is required."),
        "literal_error": N_("Choose one of the values offered."),
        "string_too_long": N_("The text is too long."),
        "string_too_short": N_("The text is too short."),
        "datetime_from_date_parsing": N_("Not a time in ISO 8601."),
        "datetime_parsing": N_("Not a time in ISO 8601."),
        "iso-8601": N_("Not a time in ISO 8601."),
        "text-length": N_("The text is longer than the platform allows."),
        "invisible-text": N_("The text holds invisible or control characters."),
        "role": N_("Your role may not issue this command."),
        "measure-grounds": N_(
            "A disposal measure is recorded with its reason, its basis and the violation."
        ),
        "reasons": N_("A refusal or reversal states its reasons."),
        "refusal-reason": N_("A refusal states its reason."),
        "expected-version": N_(
            "The account changed after this page was shown: reload it and decide again."
        ),
        "optimistic-concurrency": N_(
            "The account changed while this was recorded: reload the page and try again."
        ),
        "business-time-order": N_(
            "The business time is before the account's last change of status."
        ),
        "no-change": N_("Nothing would change: it is already so."),
        "unique-name": N_("Another account already holds this name."),
        "pending-change": N_("No such change awaits review."),
        "deadline": N_("The deadline must be after the order."),
        "expiry": N_("The expiry must be after the measure."),
        "accounts-per-subject": N_(
            "The subject already holds as many accounts as the platform allows."
        ),
        "barred-name": N_(
            "The name belonged to an account closed or blacklisted and cannot be registered again."
        ),
        "blacklisted-subject": N_(
            "The subject is blacklisted and may not register or take over accounts."
        ),
        "deadline-passed": N_("The deadline has passed."),
        "future-time": N_("The time is later than the recording clock allows."),
        "late-entry": N_("The decision is entered too late after later events."),
        "history-order": N_("The history is given out of order."),
        "one-appeal-per-measure": N_("This measure has already been appealed."),
        "own-suspension": N_("The suspension is the platform's measure, not the operator's own."),
        "pending-correction": N_("No correction awaits review."),
        "one-pending-correction": N_("A correction already awaits review."),
        "pending-request": N_("No request to end the suspension is pending."),
        "one-pending-request": N_("A request to end the suspension is already pending."),
        "qualification-required": N_(
            "The field's qualification must be verified before the account enters service."
        ),
        "qualification-verified": N_("There is no verified qualification to withdraw."),
        "qualification-not-expired": N_("The qualification has not expired."),
        "withdrawal-grounds": N_("A withdrawal of a qualification states its grounds."),
        "recording-clock": N_("This time is set by the recording clock, not by the caller."),
        "time-range": N_("The time is outside the range the platform accepts."),
        "aware-time": N_("A business time needs its time zone."),
        "uuid": N_("Not a valid identifier."),
        "as-of": N_("The account did not exist yet at that time."),
        "control-character": N_("Control characters are not allowed."),
        "number-characters": N_("An identity number holds only digits and letters."),
        "report-after-measure": N_("A record is reported after it was decided."),
        "reported-once": N_("A record is reported once."),
        "registration-details": N_("The registration information is incomplete."),
        "superseded-law": N_(
            "That article has been superseded and is no basis for a new decision."
        ),
        "authorisation-expired": N_("The authorisation presented for the name has expired."),
        "authorisation-evidence": N_("The authorisation is incomplete."),
        "authorisation-kind": N_("Not a kind of authorisation the platform accepts."),
        "period": N_("Not a period: a quarter, a month, an ISO week or a span of days."),
        "credit-tier": N_("Not one of the platform's credit tiers."),
        "name-policy": N_("Refused by the review of names, avatars and introductions."),
        "name-policy:empty": N_("The name is empty."),
        "name-policy:too-long": N_("The name is over 30 characters."),
        "name-policy:url": N_("It embeds a web address."),
        "name-policy:email": N_("It embeds an e-mail address."),
        "name-policy:phone": N_("It embeds a phone number or contact details."),
        "name-policy:qr-code": N_("It embeds a QR code."),
        "name-policy:news-without-licence": N_(
            "It uses news words without a news information service licence."
        ),
    }
)


def refusal_message(rule: str) -> str | None:
    """The message saying why `rule` refused, or None where the rule has none here; a
    name policy rule without its own falls back to the name policy's."""
    if rule in REFUSALS:
        return REFUSALS[rule]
    if rule.startswith("name-policy:"):
        return REFUSALS["name-policy"]
    return None


def event_name(event: str) -> str:
    """The message naming a domain event, in context `EVENT` (translated where shown);
    unknown: itself."""
    return EVENTS.get(event, event)


def detail_name(key: str) -> str:
    """The message naming an event's detail; unknown: the key with spaces."""
    return DETAILS.get(key, key.replace("_", " "))


# A command's name on its form, by the command table's key (`Command.command`); the
# verb itself (`warn`) stays beside it, the name the API and the CLI take.
COMMANDS = MappingProxyType(
    {
        "verify_identity": N_("Verify the real identity"),
        "refuse_registration": N_("Refuse the registration"),
        "change_name": N_("Change the account name"),
        "change_avatar": N_("Change the avatar"),
        "change_introduction": N_("Change the introduction"),
        "approve_profile_change": N_("Approve a profile change"),
        "reject_profile_change": N_("Reject a profile change"),
        "change_contact": N_("Change the contact"),
        "change_operating_place": N_("Change the operating place"),
        "change_content_category": N_("Change the content category"),
        "change_main_business": N_("Change the main business"),
        "submit_qualification": N_("Submit a qualification"),
        "verify_qualification": N_("Verify a qualification"),
        "reject_qualification": N_("Reject a qualification"),
        "withdraw_qualification": N_("Withdraw a qualification"),
        "expire_qualification": N_("Record a qualification as expired"),
        "order_rectification": N_("Order correction within a time limit"),
        "rectify": N_("Record the correction"),
        "submit_correction": N_("Submit a correction"),
        "approve_correction": N_("Approve the correction"),
        "reject_correction": N_("Reject the correction"),
        "miss_rectification_deadline": N_("Record the correction deadline as missed"),
        "apply_transfer": N_("Apply to transfer the account"),
        "verify_transferee": N_("Verify the transferee"),
        "approve_transfer": N_("Approve the transfer"),
        "reject_transfer": N_("Reject the transfer"),
        "find_unapproved_transfer": N_("Record an unapproved transfer"),
        "request_suspension": N_("Request suspension"),
        "request_reinstatement": N_("Request reinstatement"),
        "grant_reinstatement": N_("Grant reinstatement"),
        "refuse_reinstatement": N_("Refuse reinstatement"),
        "request_termination": N_("Request deregistration by the operator"),
        "warn": N_("Warn"),
        "restrict": N_("Restrict functions"),
        "lift_restriction": N_("Lift a restriction"),
        "suspend_updates": N_("Suspend updates"),
        "resume_updates": N_("Resume updates"),
        "cease_ads": N_("Cease advertising"),
        "restore_ads": N_("Restore advertising"),
        "suspend": N_("Suspend"),
        "reinstate": N_("Reinstate"),
        "close": N_("Close"),
        "deregister": N_("Deregister"),
        "blacklist": N_("Blacklist"),
        "change_credit_tier": N_("Change the credit tier"),
        "record_activity": N_("Record activity"),
        "record_ip_attribution": N_("Record the IP attribution"),
        "register": N_("Register"),
    }
)


def command_name(verb: str) -> str:
    """The message naming the command `verb` (`warn` or `order-rectification`)."""
    key = verb.replace("-", "_")
    return COMMANDS.get(key, key)
