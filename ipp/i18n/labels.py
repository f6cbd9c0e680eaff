"""Translatable labels for the stable codes people see: reason codes, checks, statuses."""

from flask_babel import gettext

from ipp.i18n.markers import N_

REASON_CODES = {
    "mark_not_registered": N_("Mark not registered"),
    "mark_expired": N_("Mark expired"),
    "not_owner_or_unauthorized": N_("Not the owner or not authorised"),
    "listing_not_found": N_("Listing not found"),
    "listing_inactive": N_("Listing no longer active"),
    "mark_not_found_in_listing": N_("Mark not found in the listing"),
    "class_mismatch": N_("Goods outside the mark's classes"),
    "territory_mismatch": N_("Market outside the mark's territory"),
    "authorized_reseller": N_("Authorised reseller"),
    "duplicate": N_("Duplicate of an open complaint"),
    "insufficient_evidence": N_("Insufficient evidence"),
    "other": N_("Other"),
}

CHECKS = {
    "mark_registered": N_("Mark registered"),
    "complainant_entitled": N_("Complainant entitled"),
    "listing_exists": N_("Listing exists"),
    "mark_in_listing": N_("Mark in listing"),
    "class_overlap": N_("Class overlap"),
    "territory": N_("Territory"),
    "not_authorised_reseller": N_("Not an authorised reseller"),
    "not_duplicate": N_("Not a duplicate"),
}

COMPLAINT_STATUSES = {
    "received": N_("Received"), "queued": N_("Queued"), "in_review": N_("In review"),
    "need_info": N_("Information needed"), "decided": N_("Decided"),
    "withdrawn": N_("Withdrawn"),
}

LISTING_ACTIONS = {
    "pending": N_("Pending"), "taken_down": N_("Taken down"), "rejected": N_("Rejected"),
    "reinstated": N_("Reinstated"),
}

LANES = {"fast": N_("Fast lane"), "standard": N_("Standard"), "rejected": N_("Rejected")}

VERDICTS = {"pass": N_("Pass"), "fail": N_("Fail"), "review": N_("Needs review")}

REASONS = {
    "counterfeit": N_("Counterfeit"),
    "trademark_misuse": N_("Trademark misuse"),
    "test_buy_counterfeit": N_("Counterfeit confirmed by a test buy"),
}

MARK_STATUSES = {
    "registered": N_("registered"), "expired": N_("expired"), "cancelled": N_("cancelled"),
    "pending": N_("pending"),
}

FIELDS = {"title": N_("title"), "description": N_("description")}

EVASIONS = {
    "case_width": N_("case or width"),
    "homoglyph": N_("look-alike letters"),
    "separator": N_("inserted separators"),
    "leetspeak": N_("digits or symbols for letters"),
    "script_conversion": N_("traditional/simplified Chinese"),
    "typo": N_("small typo"),
}

ROLES = {
    "rights_holder": N_("Rights holder"), "agent": N_("Agent"), "reviewer": N_("Reviewer"),
    "admin": N_("Administrator"), "seller": N_("Seller"),
}


def label(table: dict[str, str], code: str | None) -> str:
    if code is None:
        return ""
    msgid = table.get(code)
    return gettext(msgid) if msgid else code
