"""Complaint and listing states, lanes, reasons, and the one table of allowed moves."""

from enum import StrEnum


class ComplaintStatus(StrEnum):
    RECEIVED = "received"
    QUEUED = "queued"
    IN_REVIEW = "in_review"
    NEED_INFO = "need_info"
    DECIDED = "decided"
    WITHDRAWN = "withdrawn"


class ListingAction(StrEnum):
    PENDING = "pending"
    TAKEN_DOWN = "taken_down"
    REJECTED = "rejected"
    REINSTATED = "reinstated"


class Lane(StrEnum):
    FAST = "fast"
    STANDARD = "standard"
    REJECTED = "rejected"


class Verdict(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    REVIEW = "review"


class Reason(StrEnum):
    COUNTERFEIT = "counterfeit"
    TRADEMARK_MISUSE = "trademark_misuse"
    TEST_BUY_COUNTERFEIT = "test_buy_counterfeit"


class ReasonCode(StrEnum):
    """Rejection reason codes: stable, shown to complainants (design.md)."""

    MARK_NOT_REGISTERED = "mark_not_registered"
    MARK_EXPIRED = "mark_expired"
    NOT_OWNER_OR_UNAUTHORIZED = "not_owner_or_unauthorized"
    LISTING_NOT_FOUND = "listing_not_found"
    LISTING_INACTIVE = "listing_inactive"
    MARK_NOT_FOUND_IN_LISTING = "mark_not_found_in_listing"
    CLASS_MISMATCH = "class_mismatch"
    TERRITORY_MISMATCH = "territory_mismatch"
    AUTHORIZED_RESELLER = "authorized_reseller"
    DUPLICATE = "duplicate"
    INSUFFICIENT_EVIDENCE = "insufficient_evidence"
    OTHER = "other"


class DecisionOutcome(StrEnum):
    TAKEDOWN = "takedown"
    REJECT = "reject"
    NEED_INFO = "need_info"


_S = ComplaintStatus
COMPLAINT_TRANSITIONS: dict[ComplaintStatus, frozenset[ComplaintStatus]] = {
    _S.RECEIVED: frozenset({_S.QUEUED, _S.DECIDED, _S.WITHDRAWN}),
    # in_review -> queued: the lease expired or the reviewer released it.
    _S.QUEUED: frozenset({_S.IN_REVIEW, _S.WITHDRAWN}),
    _S.IN_REVIEW: frozenset({_S.QUEUED, _S.NEED_INFO, _S.DECIDED, _S.WITHDRAWN}),
    _S.NEED_INFO: frozenset({_S.QUEUED, _S.WITHDRAWN}),
    _S.DECIDED: frozenset(),
    _S.WITHDRAWN: frozenset(),
}

_A = ListingAction
LISTING_TRANSITIONS: dict[ListingAction, frozenset[ListingAction]] = {
    _A.PENDING: frozenset({_A.TAKEN_DOWN, _A.REJECTED}),
    # A reviewer may overrule a failed verification before the complaint is decided.
    _A.REJECTED: frozenset({_A.TAKEN_DOWN}),
    # Reinstated after an unanswered or withdrawn counter-notice.
    _A.TAKEN_DOWN: frozenset({_A.REINSTATED}),
    _A.REINSTATED: frozenset(),
}

OPEN_STATUSES = frozenset({_S.RECEIVED, _S.QUEUED, _S.IN_REVIEW, _S.NEED_INFO})


class TransitionError(ValueError):
    """A move the transition table does not allow."""


def check_complaint_move(current: ComplaintStatus, target: ComplaintStatus) -> None:
    if target not in COMPLAINT_TRANSITIONS[ComplaintStatus(current)]:
        raise TransitionError(f"complaint cannot move from {current} to {target}")


def check_listing_move(current: ListingAction, target: ListingAction) -> None:
    if target not in LISTING_TRANSITIONS[ListingAction(current)]:
        raise TransitionError(f"listing action cannot move from {current} to {target}")
