"""Pages that read across domains: SLA dashboard, reputation, seller portal, API docs."""

from flask import Blueprint, current_app, render_template
from flask_login import current_user

from ipp.accounts.models import Role
from ipp.clock import utcnow
from ipp.reputation.operations import current as current_reputation
from ipp.review.queries import sla_stats
from ipp.web.access import roles_required
from ipp.web.context import db

bp = Blueprint("web", __name__, template_folder="templates")


@bp.get("/dashboard")
@roles_required(Role.REVIEWER, Role.ADMIN)
def dashboard():
    from flask_babel import get_timezone

    from ipp.review.queries import dashboard as dashboard_data
    from ipp.web.charts import daily_share_chart

    now = utcnow()
    data = dashboard_data(db(), now=now, zone=get_timezone())
    return render_template("web/dashboard.html", data=data, figures=sla_stats(db(), now=now),
                           chart=daily_share_chart(data.days))


@bp.get("/reputation")
@roles_required(Role.RIGHTS_HOLDER, Role.AGENT)
def reputation():
    """The caller's own organisation only: figures, the rule that applied, how to improve."""
    row = current_reputation(db(), org_id=current_user.org_id, now=utcnow())
    db().commit()
    return render_template("web/reputation.html", reputation=row)


@bp.get("/seller")
@roles_required(Role.SELLER)
def seller():
    """The seller's listings taken down after a complaint, and how to answer each."""
    from ipp.counter_notices.queries import seller_takedowns
    from ipp.reputation import strikes
    from ipp.reputation.seller_status import own_accounts

    return render_template("web/seller.html", rows=seller_takedowns(db(), current_user),
                           accounts=own_accounts(db(), current_user.org_id), now=utcnow(),
                           strike_days=strikes.STRIKE_WINDOW_DAYS,
                           flag_strikes=strikes.REPEAT_INFRINGER_FLAG_STRIKES,
                           restrict_strikes=strikes.REPEAT_INFRINGER_RESTRICT_STRIKES)


@bp.get("/api/docs")
def api_docs():
    from ipp.web.openapi import openapi

    with current_app.test_request_context("/api/v1/openapi.json"):
        document = openapi().get_json()
    return render_template("web/api_docs.html", document=document)
