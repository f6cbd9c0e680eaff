"""The named per-listing checks and the verdict (pure: plain facts in, results out)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from ipp.complaints.states import ReasonCode, Verdict
from ipp.i18n.markers import N_
from ipp.verification.categories import classes_for_category

# api.md: a failed listing carries the reason code of the first failing check in this order.
CHECK_ORDER = ("mark_registered", "complainant_entitled", "listing_exists", "mark_in_listing",
               "class_overlap", "territory", "not_authorised_reseller", "not_duplicate")

EU_MEMBERS = frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI "
                       "ES SE".split())


@dataclass(frozen=True)
class MarkFacts:
    office: str
    number: str
    text: str
    aliases: Sequence[str]
    nice_classes: Sequence[int]
    territories: Sequence[str]
    status: str
    expires_on: date | None


@dataclass(frozen=True)
class ListingFacts:
    external_id: str
    title: str
    description: str
    category: str
    nice_classes: Sequence[int] | None
    market: str | None
    status: str
    seller: str


@dataclass(frozen=True)
class Entitlement:
    """Whether the complainant may act for this mark, and how (owner or agent)."""

    entitled: bool
    how: str  # "owner", "agent", or "none"
    principal: str = ""


@dataclass(frozen=True)
class CheckResult:
    name: str
    passed: bool
    message: str  # an N_() msgid with %(name)s placeholders
    params: dict = field(default_factory=dict)
    uncertain: bool = False
    reason_code: ReasonCode | None = None

    def as_json(self) -> dict:
        return {"name": self.name, "passed": self.passed, "uncertain": self.uncertain,
                "message": self.message, "params": self.params,
                "reason_code": self.reason_code.value if self.reason_code else None}


@dataclass(frozen=True)
class ListingVerdict:
    verdict: Verdict
    checks: list[CheckResult]
    reason_code: ReasonCode | None


def check_mark_registered(mark: MarkFacts, today: date) -> CheckResult:
    name = "mark_registered"
    if mark.status != "registered":
        return CheckResult(name, False, N_("The mark's status is %(status)s, not registered."),
                           {"status": mark.status}, reason_code=ReasonCode.MARK_NOT_REGISTERED)
    if mark.expires_on is not None and mark.expires_on < today:
        return CheckResult(name, False, N_("The registration expired on %(date)s."),
                           {"date": mark.expires_on.isoformat()},
                           reason_code=ReasonCode.MARK_EXPIRED)
    if mark.expires_on is None:
        return CheckResult(name, True, N_("Registered at %(office)s, no expiry date recorded."),
                           {"office": mark.office})
    return CheckResult(name, True, N_("Registered at %(office)s, valid until %(date)s."),
                       {"office": mark.office, "date": mark.expires_on.isoformat()})


def check_entitled(entitlement: Entitlement) -> CheckResult:
    name = "complainant_entitled"
    if entitlement.how == "owner":
        return CheckResult(name, True, N_("The complainant owns this mark."))
    if entitlement.how == "agent" and entitlement.entitled:
        return CheckResult(name, True,
                           N_("Filed by an agent authorised by %(principal)s for this mark."),
                           {"principal": entitlement.principal})
    return CheckResult(name, False,
                       N_("The complainant neither owns this mark nor holds a valid "
                          "authorisation covering it."),
                       reason_code=ReasonCode.NOT_OWNER_OR_UNAUTHORIZED)


def check_listing_exists(listing: ListingFacts | None, ref: str) -> CheckResult:
    name = "listing_exists"
    if listing is None:
        return CheckResult(name, False, N_("No listing %(ref)s is known."), {"ref": ref},
                           reason_code=ReasonCode.LISTING_NOT_FOUND)
    if listing.status != "active":
        return CheckResult(name, False, N_("Listing %(id)s is no longer active."),
                           {"id": listing.external_id}, reason_code=ReasonCode.LISTING_INACTIVE)
    return CheckResult(name, True, N_("Listing %(id)s is active."), {"id": listing.external_id})


FindMentions = Callable[[str, Sequence[str], dict[str, str]], list]


def check_mark_in_listing(mark: MarkFacts, listing: ListingFacts,
                          find_mentions: FindMentions) -> CheckResult:
    name = "mark_in_listing"
    fields = {"title": listing.title, "description": listing.description}
    found = find_mentions(mark.text, tuple(mark.aliases), fields)
    if not found:
        return CheckResult(name, False,
                           N_("Neither the mark nor any of its aliases appears in the title "
                              "or description."),
                           reason_code=ReasonCode.MARK_NOT_FOUND_IN_LISTING)
    rank = {"exact": 0, "alias": 1, "variant": 2}
    best = min(found, key=lambda m: (not m.certain, rank.get(m.kind, 3), m.field != "title"))
    params = {"matched": best.matched, "field": best.field, "kind": best.kind,
              "span": list(best.span), "evasions": list(best.evasions),
              "explanation": best.explanation}
    if best.kind == "exact":
        message = N_("exact: “%(matched)s” in the %(field)s")
    elif best.kind == "alias":
        message = N_("alias: “%(matched)s” in the %(field)s")
    else:
        message = N_("variant: “%(matched)s” in the %(field)s (%(evasions)s)")
    return CheckResult(name, True, message, params, uncertain=not best.certain)


def listing_classes(listing: ListingFacts) -> tuple[tuple[int, ...], bool, str]:
    """(classes, certain, source) — the marketplace's own classes beat a category guess."""
    if listing.nice_classes:
        return tuple(listing.nice_classes), True, "listing"
    classes, certain = classes_for_category(listing.category)
    return classes, certain, "category"


def check_class_overlap(mark: MarkFacts, listing: ListingFacts) -> CheckResult:
    name = "class_overlap"
    classes, certain, source = listing_classes(listing)
    shared = sorted(set(classes) & set(mark.nice_classes))
    params = {"listing_classes": list(classes), "mark_classes": sorted(mark.nice_classes),
              "shared": shared, "category": listing.category}
    if not classes:
        return CheckResult(name, True,
                           N_("The goods' classes could not be told from the category "
                              "“%(category)s”; a reviewer will check."), params, uncertain=True)
    if shared:
        if certain:
            return CheckResult(name, True, N_("The goods fall in class %(shared)s, which the "
                                              "mark covers."), params)
        return CheckResult(name, True, N_("The category “%(category)s” may fall in class "
                                          "%(shared)s, which the mark covers."),
                           params, uncertain=True)
    if not certain:
        return CheckResult(name, True, N_("The category “%(category)s” is vague; it may not "
                                          "fall in the mark's classes %(mark_classes)s."),
                           params, uncertain=True)
    if source == "listing":
        message = N_("The goods are in class %(listing_classes)s; the mark covers "
                     "%(mark_classes)s.")
    else:
        message = N_("The category “%(category)s” is class %(listing_classes)s; the mark "
                     "covers %(mark_classes)s.")
    return CheckResult(name, False, message, params, reason_code=ReasonCode.CLASS_MISMATCH)


def check_territory(mark: MarkFacts, listing: ListingFacts) -> CheckResult:
    name = "territory"
    if not listing.market:
        return CheckResult(name, True, N_("market unknown"))
    market = listing.market.upper()
    covered = {t.upper() for t in mark.territories}
    if "EU" in covered:
        covered |= EU_MEMBERS
    params = {"market": market, "territories": sorted(t.upper() for t in mark.territories)}
    if market in covered or (market == "EU" and "EU" in covered):
        return CheckResult(name, True, N_("The mark covers the market %(market)s."), params)
    return CheckResult(name, False, N_("The listing is sold in %(market)s; the mark covers "
                                       "%(territories)s."), params,
                       reason_code=ReasonCode.TERRITORY_MISMATCH)


def check_reseller(listing: ListingFacts, authorised_sellers: frozenset[str]) -> CheckResult:
    name = "not_authorised_reseller"
    if listing.seller in authorised_sellers:
        return CheckResult(name, False, N_("Seller %(seller)s is on the brand's list of "
                                           "authorised resellers."), {"seller": listing.seller},
                           reason_code=ReasonCode.AUTHORIZED_RESELLER)
    return CheckResult(name, True, N_("Seller %(seller)s is not an authorised reseller."),
                       {"seller": listing.seller})


def check_not_duplicate(duplicate_of: str | None) -> CheckResult:
    name = "not_duplicate"
    if duplicate_of:
        return CheckResult(name, False, N_("Complaint %(complaint)s about this listing and mark "
                                           "is still open."), {"complaint": duplicate_of},
                           reason_code=ReasonCode.DUPLICATE)
    return CheckResult(name, True, N_("No open complaint about this listing and mark."))


def verify_listing(*, mark: MarkFacts, entitlement: Entitlement, listing: ListingFacts | None,
                   ref: str, authorised_sellers: frozenset[str], duplicate_of: str | None,
                   today: date, find_mentions: FindMentions) -> ListingVerdict:
    checks = [check_mark_registered(mark, today), check_entitled(entitlement),
              check_listing_exists(listing, ref)]
    if listing is not None:
        checks += [check_mark_in_listing(mark, listing, find_mentions),
                   check_class_overlap(mark, listing), check_territory(mark, listing),
                   check_reseller(listing, authorised_sellers)]
    checks.append(check_not_duplicate(duplicate_of))
    return decide(checks)


def decide(checks: list[CheckResult]) -> ListingVerdict:
    failed = [c for c in checks if not c.passed]
    if failed:
        first = min(failed, key=lambda c: CHECK_ORDER.index(c.name))
        return ListingVerdict(Verdict.FAIL, checks, first.reason_code)
    if any(c.uncertain for c in checks):
        return ListingVerdict(Verdict.REVIEW, checks, None)
    return ListingVerdict(Verdict.PASS, checks, None)
