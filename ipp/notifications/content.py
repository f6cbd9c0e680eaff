"""What each notification says, in whatever language `gettext` is for (pure: no Flask, no DB)."""

from collections.abc import Callable
from dataclasses import dataclass

from ipp.counter_notices.rules import REASONS as CN_REASONS
from ipp.i18n.labels import LISTING_ACTIONS, REASON_CODES, REASONS
from ipp.i18n.markers import N_

KINDS = {
    "complaint_received": N_("Complaint received"),
    "decision": N_("Decision"),
    "listing_taken_down": N_("Listing taken down"),
    "info_requested": N_("Information requested"),
    "counter_notice": N_("Counter-notice received"),
    "counter_notice_maintained": N_("Takedown maintained"),
    "reinstated": N_("Listing reinstated"),
    "message": N_("New message"),
    "mark_expiry": N_("Mark expiry warning"),
    "tier_change": N_("Reputation tier changed"),
}
# Legal notices are sent whatever the person's e-mail setting.
LEGAL_KINDS = frozenset({"listing_taken_down", "counter_notice", "counter_notice_maintained",
                         "reinstated"})

# Why a listing was not taken down, in a sentence the complainant can act on.
REASON_EXPLANATIONS = {
    "mark_not_registered": N_("The mark is not registered with the office named."),
    "mark_expired": N_("The mark's registration has expired."),
    "not_owner_or_unauthorized": N_("The complainant does not own the mark or is not "
                                    "authorised for it."),
    "listing_not_found": N_("No listing with this id or address is known."),
    "listing_inactive": N_("The listing is no longer online."),
    "mark_not_found_in_listing": N_("The mark does not appear in the listing."),
    "class_mismatch": N_("The goods are outside the classes the mark covers."),
    "territory_mismatch": N_("The listing's market is outside the mark's territory."),
    "authorized_reseller": N_("The seller is an authorised reseller of the brand."),
    "duplicate": N_("Another open complaint already names this listing."),
    "insufficient_evidence": N_("The evidence does not show an infringement."),
    "other": N_("See the reviewer's note on the complaint."),
}
MESSAGE_KINDS = {
    "info_request": N_("The reviewer asked for information"),
    "info_answer": N_("Answer from the complainant"),
    "question": N_("Question to the platform"),
    "answer": N_("Answer from the platform"),
}
TIERS = {"trusted": N_("Trusted"), "standard": N_("Standard"), "watch": N_("Watch"),
         "suspended": N_("Suspended")}


@dataclass(frozen=True)
class Content:
    subject: str
    lines: list[str]
    link: str  # a path; the mail prefixes IPP_BASE_URL


def build(kind: str, data: dict, complaint_id: str | None, gettext: Callable,
          when: Callable[[str], str]) -> Content:
    """`when` formats an ISO time for the reader (their zone and language)."""
    _ = gettext
    d = dict(data)
    link = f"/complaints/{complaint_id}" if complaint_id else "/notifications"
    builder = _BUILDERS.get(kind)
    if builder is None:
        return Content(_(KINDS.get(kind, N_("New message"))), [], link)
    return builder(d, _, when, link)


def _received(d, _, when, link):
    return Content(_("Complaint received: %(mark)s", mark=d.get("mark", "")), [
        _("We received your complaint about %(mark)s naming %(count)d listings.",
          mark=d.get("mark", ""), count=d.get("listings", 0)),
        _("A decision is due by %(due)s.", due=when(d.get("due_at"))),
    ], link)


def _decision(d, _, when, link):
    lines = [_("Your complaint about %(mark)s has been decided.", mark=d.get("mark", ""))]
    for item in d.get("listings", []):
        action = _(LISTING_ACTIONS.get(item.get("action"), item.get("action") or ""))
        line = _("%(listing)s: %(action)s", listing=item.get("ref", ""), action=action)
        code = item.get("reason_code")
        if code and item.get("action") == "rejected":
            line += " — " + _(REASON_CODES.get(code, code)) + ": " + \
                _(REASON_EXPLANATIONS.get(code, REASON_EXPLANATIONS["other"]))
        lines.append(line)
    return Content(_("Decision on your complaint about %(mark)s", mark=d.get("mark", "")),
                   lines, link)


def _taken_down(d, _, when, link):
    return Content(_("Your listing %(listing)s was taken down", listing=d.get("listing", "")), [
        _("A complaint about the mark %(mark)s (%(reason)s) led to the removal of your "
          "listing %(listing)s.", mark=d.get("mark", ""), listing=d.get("listing", ""),
          reason=_(REASONS.get(d.get("reason"), d.get("reason") or ""))),
        _("You may file one counter-notice until %(deadline)s.", deadline=when(d.get("deadline"))),
    ], "/seller")


def _info(d, _, when, link):
    return Content(_("More information needed on your complaint about %(mark)s",
                     mark=d.get("mark", "")),
                   [_("The reviewer asks:"), d.get("note", "")], link)


def _counter_notice(d, _, when, link):
    reason = _(CN_REASONS.get(d.get("reason"), d.get("reason") or ""))
    return Content(_("Counter-notice received for listing %(listing)s",
                     listing=d.get("listing", "")), [
        _("The seller of %(listing)s filed a counter-notice: %(reason)s.",
          listing=d.get("listing", ""), reason=reason),
        _("Answer by %(deadline)s: maintain the takedown with proof of action, or withdraw. "
          "Without an answer the listing is reinstated.", deadline=when(d.get("respond_by"))),
    ], f"/counter-notices/{d.get('counter_notice_id', '')}")


def _maintained(d, _, when, link):
    return Content(_("The takedown of %(listing)s is maintained", listing=d.get("listing", "")),
                   [_("The complainant answered your counter-notice with proof of action; the "
                      "listing stays removed.")], f"/counter-notices/{d.get('counter_notice_id', '')}")


def _reinstated(d, _, when, link):
    return Content(_("Listing %(listing)s reinstated", listing=d.get("listing", "")),
                   [_("After a counter-notice, the listing %(listing)s is back online.",
                      listing=d.get("listing", ""))],
                   f"/counter-notices/{d.get('counter_notice_id', '')}")


def _message(d, _, when, link):
    return Content(_("New message about your complaint about %(mark)s", mark=d.get("mark", "")),
                   [d.get("body", "")], link)


def _mark_expiry(d, _, when, link):
    return Content(_("Your mark %(mark)s expires on %(date)s", mark=d.get("mark", ""),
                     date=d.get("expires_on", "")),
                   [_("Renew the registration of %(mark)s (%(office)s %(number)s) in time: "
                      "complaints need a registered mark.", mark=d.get("mark", ""),
                      office=d.get("office", ""), number=d.get("number", ""))], "/marks")


def _tier(d, _, when, link):
    tier = _(TIERS.get(d.get("after"), d.get("after") or ""))
    return Content(_("Your reputation tier is now %(tier)s", tier=tier),
                   [_("It was %(before)s.", before=_(TIERS.get(d.get("before"),
                                                                 d.get("before") or "")))],
                   "/reputation")


_BUILDERS = {
    "complaint_received": _received, "decision": _decision, "listing_taken_down": _taken_down,
    "info_requested": _info, "counter_notice": _counter_notice,
    "counter_notice_maintained": _maintained, "reinstated": _reinstated, "message": _message,
    "mark_expiry": _mark_expiry, "tier_change": _tier,
}
