"""Replays the demo complaints' history through the real operations, at the times it happened."""

import json
from datetime import datetime, timedelta

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.accounts.models import Role, User
from ipp.accounts.queries import user_by_email
from ipp.complaints.models import Complaint, ComplaintListing
from ipp.complaints.operations import Refused, answer_info, file_complaint, withdraw
from ipp.complaints.validation import FilingInvalid, parse_filing
from ipp.demo.catalogue import DemoError, data_lines
from ipp.listings.models import Listing
from ipp.review.decisions import DecisionInvalid, parse_decision
from ipp.review.operations import claim_next, decide


def _user(session: Session, email: str) -> User:
    user = user_by_email(session, email)
    if user is None:
        raise DemoError(f"no demo user {email}")
    return user


def _file(session, plan, step, filed, at) -> None:
    actor = _user(session, plan["by"])
    filing = parse_filing(plan["filing"], is_agent=actor.role == Role.AGENT)
    filed[plan["key"]] = file_complaint(session, actor=actor, filing=filing,
                                        language=plan["language"], now=at)


def _claim(session, plan, step, filed, at) -> None:
    # claim_next takes the most urgent complaint, not a chosen one: the timeline is ordered
    # so that the intended complaint is the most urgent at that moment, and this checks it.
    # A step may hold its lease longer than a real claim's, so that the complaint a reviewer
    # is "working on" is still theirs when someone opens the demo an hour later.
    lease = {"lease": timedelta(minutes=step["lease_minutes"])} if "lease_minutes" in step else {}
    got = claim_next(session, reviewer=_user(session, step["by"]), now=at, **lease)
    if got is None or got.id != filed[plan["key"]].id:
        raise DemoError(f"{plan['key']}: the claim took {got.id if got else 'nothing'}")


def _listing_ids(session: Session, complaint: Complaint) -> dict[str, int]:
    """Every name of a listing in the complaint (what was typed, and its id) → its row."""
    names = {}
    for row in session.exec(select(ComplaintListing)
                            .where(ComplaintListing.complaint_id == complaint.id)):
        names[row.listing_ref] = row.id
        if row.listing_id is not None:
            names[session.get(Listing, row.listing_id).external_id] = row.id
    return names


def _decide(session, plan, step, filed, at) -> None:
    complaint = filed[plan["key"]]
    decision = parse_decision(step["decision"], listing_ids=_listing_ids(session, complaint))
    decide(session, reviewer=_user(session, step["by"]), complaint=complaint,
           outcome=decision.outcome, reason_code=decision.reason_code, note=decision.note,
           per_listing=decision.per_listing, now=at)


def _answer(session, plan, step, filed, at) -> None:
    answer_info(session, actor=_user(session, plan["by"]), complaint=filed[plan["key"]],
                note=step["note"], now=at)


def _withdraw(session, plan, step, filed, at) -> None:
    withdraw(session, actor=_user(session, plan["by"]), complaint=filed[plan["key"]], now=at)


_STEPS = {"file": _file, "claim": _claim, "decide": _decide, "answer": _answer,
          "withdraw": _withdraw}


def _timeline(plans: list[dict], now: datetime) -> list[tuple[datetime, int, dict, dict]]:
    """Every filing and later step of every complaint, oldest first."""
    events = []
    for plan in plans:
        for step in [{"do": "file", "hours_ago": plan["hours_ago"]}, *plan["steps"]]:
            at = now - timedelta(hours=step["hours_ago"])
            events.append((at, len(events), plan, step))
    return sorted(events, key=lambda event: event[:2])


def _check(complaint: Complaint, plan: dict) -> None:
    got = {"status": complaint.status, "lane": complaint.lane}
    if got != plan["expect"]:
        raise DemoError(f"{plan['key']}: ended {got}, expected {plan['expect']}")


def run_complaints(session: Session, *, now: datetime) -> dict[str, Complaint]:
    plans = [json.loads(line) for line in data_lines("complaints.jsonl") if line.strip()]
    filed: dict[str, Complaint] = {}
    for at, _seq, plan, step in _timeline(plans, now):
        try:
            _STEPS[step["do"]](session, plan, step, filed, at)
        except (Refused, FilingInvalid, DecisionInvalid) as error:
            detail = getattr(error, "fields", None) or error
            raise DemoError(f"{plan['key']}: {step['do']} refused: {detail}") from error
    session.flush()
    for plan in plans:
        _check(filed[plan["key"]], plan)
    return filed
