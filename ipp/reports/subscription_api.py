"""/api/v1/reports/subscription: the caller's monthly report e-mail (GET, PUT, DELETE)."""

from flask import jsonify
from flask_babel import gettext as _

from ipp.accounts.models import Role
from ipp.clock import utcnow
from ipp.reports import subscriptions
from ipp.reports.monthly import SubscriptionInvalid, next_sending_day
from ipp.web.access import api_auth
from ipp.web.api import api_bp, json_body, translated_fields
from ipp.web.context import db
from ipp.web.errors import APIError, ValidationFailed

FILERS = (Role.RIGHTS_HOLDER, Role.AGENT)


def subscription_json(user, row) -> dict:
    """Also for someone who never subscribed: the settings a subscription would start with."""
    if row is None:
        return {"active": False, "format": "csv", "language": user.language, "mark": None,
                "reason": None, "outcome": None, "last_sent_month": None,
                "next_sending_on": None}
    upcoming = next_sending_day(utcnow(), user.timezone) if row.active else None
    return {"active": row.active, "format": row.format, "language": row.language,
            "mark": row.mark_id, "reason": row.reason, "outcome": row.outcome,
            "last_sent_month": row.last_sent_month,
            "next_sending_on": upcoming.isoformat() if upcoming else None}


@api_bp.get("/reports/subscription")
@api_auth(*FILERS)
def get_report_subscription(user):
    return jsonify(subscription_json(user, subscriptions.subscription_of(db(), user)))


@api_bp.put("/reports/subscription")
@api_auth(*FILERS)
def put_report_subscription(user):
    data = json_body()
    try:
        row = subscriptions.save_subscription(db(), actor=user, values=data, now=utcnow())
    except SubscriptionInvalid as error:
        db().rollback()
        raise ValidationFailed(translated_fields(error.fields)) from None
    except subscriptions.NotAllowed as error:
        db().rollback()
        raise APIError(403, "forbidden", _(error.message)) from None
    db().commit()
    return jsonify(subscription_json(user, row))


@api_bp.delete("/reports/subscription")
@api_auth(*FILERS)
def delete_report_subscription(user):
    subscriptions.unsubscribe(db(), actor=user, now=utcnow())
    db().commit()
    return "", 204
